/* cmd.c: being written. */
