/* paths.c: being written. */
