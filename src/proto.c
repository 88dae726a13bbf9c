/* proto.c: being written. */
