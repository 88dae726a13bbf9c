/* server-client.c: being written. */
