/* text.c: being written. */
