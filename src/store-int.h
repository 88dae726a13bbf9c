/* store-int.h: what store.c shares with store-fold.c (nothing outside the
 * store includes it). */
#ifndef SITREP_STORE_INT_H
#define SITREP_STORE_INT_H

#include <sqlite3.h>

#include "store.h"

/* The store's SQLite connection. */
sqlite3 *store_sqlite(struct store *st);
/* A sentence for a failed SQLite call (rc), doing being "reading" or
 * "writing": what happened and what to do. New string. */
char *store_cause(struct store *st, int rc, const char *doing);
/* The chain hash of the last event (zeros for an empty store). */
void store_head_hash(const struct store *st, unsigned char out[32]);

#endif
