/* when.c: being written. */
