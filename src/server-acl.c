/* server-acl.c: being written. */
