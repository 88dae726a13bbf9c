/* server.c: being written. */
