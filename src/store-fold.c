/* store-fold.c: the server's fold checkpoints (schema/003-fold.sql): the
 * head (the fold version and the event every state is as of, with its
 * chain hash), the state of each incident, and each incident's entry
 * index in chunks. The server writes them inside the transaction of the
 * events they cover (store_begin ... store_commit) and reads them at
 * start; these statements run a few times per checkpoint, so they are
 * prepared per call.
 */
#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "xmalloc.h"

/* Prepare sql; NULL and *cause on error. */
static sqlite3_stmt *store_fold_prepare(struct store *st, const char *sql,
    char **cause)
{
	sqlite3_stmt *s = NULL;
	int rc;

	rc = sqlite3_prepare_v2(store_sqlite(st), sql, -1, &s, NULL);
	if (rc != SQLITE_OK) {
		*cause = store_cause(st, rc, "reading");
		sqlite3_finalize(s);
		return NULL;
	}
	return s;
}

/* Run a prepared write to its end and finalize it; -1 and *cause. */
static int store_fold_write(struct store *st, sqlite3_stmt *s, char **cause)
{
	int rc = sqlite3_step(s);

	if (rc != SQLITE_DONE)
		*cause = store_cause(st, rc, "writing");
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Read the head: 1 when there is one, 0 when none was written, -1. */
int store_fold_head(struct store *st, struct store_fold_head *h,
    char **cause)
{
	sqlite3_stmt *s = store_fold_prepare(st, "SELECT version, seq, hash "
	    "FROM fold_head WHERE id = 1", cause);
	int rc, r = -1;

	if (s == NULL)
		return -1;
	memset(h, 0, sizeof *h);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		h->version = sqlite3_column_int(s, 0);
		h->seq = sqlite3_column_int64(s, 1);
		if (sqlite3_column_bytes(s, 2) == (int)sizeof h->hash)
			memcpy(h->hash, sqlite3_column_blob(s, 2),
			    sizeof h->hash);
		r = 1;
	} else if (rc == SQLITE_DONE)
		r = 0;
	else
		*cause = store_cause(st, rc, "reading");
	sqlite3_finalize(s);
	return r;
}

/* Set the head to the chain head (inside the open transaction). */
int store_fold_set_head(struct store *st, int version, char **cause)
{
	sqlite3_stmt *s = store_fold_prepare(st, "INSERT OR REPLACE INTO "
	    "fold_head (id, version, seq, hash) VALUES (1, ?1, ?2, ?3)", cause);
	unsigned char hash[32];

	if (s == NULL)
		return -1;
	store_head_hash(st, hash);
	sqlite3_bind_int(s, 1, version);
	sqlite3_bind_int64(s, 2, store_last_seq(st));
	sqlite3_bind_blob(s, 3, hash, sizeof hash, SQLITE_TRANSIENT);
	return store_fold_write(st, s, cause);
}

/* The chain hash of the event at seq: 1 and out, 0 when there is none. */
int store_fold_hash_at(struct store *st, int64_t seq, unsigned char out[32],
    char **cause)
{
	sqlite3_stmt *s = store_fold_prepare(st, "SELECT hash FROM events "
	    "WHERE seq = ?1", cause);
	int rc, r = -1;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, seq);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(s, 0) == 32) {
		memcpy(out, sqlite3_column_blob(s, 0), 32);
		r = 1;
	} else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		r = 0;
	else
		*cause = store_cause(st, rc, "reading");
	sqlite3_finalize(s);
	return r;
}

/* Every stored state, in incident number order. */
long store_fold_states(struct store *st, store_fold_cb cb, void *arg,
    char **cause)
{
	sqlite3_stmt *s = store_fold_prepare(st, "SELECT incident, state FROM "
	    "fold_incidents ORDER BY number", cause);
	long n = 0;
	int rc;

	if (s == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		n++;
		if (cb((const char *)sqlite3_column_text(s, 0),
		    (const char *)sqlite3_column_text(s, 1), arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE) {
		*cause = store_cause(st, rc, "reading");
		n = -1;
	}
	sqlite3_finalize(s);
	return n;
}

/* Store the state of incident number (inside the open transaction). */
int store_fold_put_state(struct store *st, const char *incident, int number,
    const char *state, char **cause)
{
	sqlite3_stmt *s = store_fold_prepare(st, "INSERT OR REPLACE INTO "
	    "fold_incidents (incident, number, state) VALUES (?1, ?2, ?3)",
	    cause);

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, incident, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, number);
	sqlite3_bind_text(s, 3, state, -1, SQLITE_STATIC);
	return store_fold_write(st, s, cause);
}

/* Store chunk number chunk of an incident's entry index. */
int store_fold_put_chunk(struct store *st, const char *incident,
    size_t chunk, const unsigned char *data, size_t len, char **cause)
{
	sqlite3_stmt *s = store_fold_prepare(st, "INSERT OR REPLACE INTO "
	    "fold_entries (incident, chunk, data) VALUES (?1, ?2, ?3)", cause);

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, incident, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)chunk);
	sqlite3_bind_blob64(s, 3, data, len, SQLITE_STATIC);
	return store_fold_write(st, s, cause);
}

/* Append one chunk's bytes to the index being read. */
static void store_fold_append(unsigned char **data, size_t *len,
    size_t *cap, const void *p, size_t n)
{
	if (*len + n > *cap) {
		*cap = (*len + n) * 2;
		*data = xreallocarray(*data, 1, *cap);
	}
	if (n > 0)
		memcpy(*data + *len, p, n);
	*len += n;
}

/* An incident's whole entry index (its chunks in order); -1 and *cause
 * when the store fails or a chunk is missing. */
int store_fold_index(struct store *st, const char *incident,
    unsigned char **data, size_t *len, char **cause)
{
	sqlite3_stmt *s = store_fold_prepare(st, "SELECT chunk, data FROM "
	    "fold_entries WHERE incident = ?1 ORDER BY chunk", cause);
	size_t cap = 0;
	int64_t want = 0;
	int rc;

	*data = NULL;
	*len = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, incident, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW &&
	    sqlite3_column_int64(s, 0) == want++)
		store_fold_append(data, len, &cap, sqlite3_column_blob(s, 1),
		    (size_t)sqlite3_column_bytes(s, 1));
	if (rc == SQLITE_ROW)
		*cause = xasprintf("chunk %lld of the entry index of %s is "
		    "missing", (long long)want - 1, incident);
	else if (rc != SQLITE_DONE)
		*cause = store_cause(st, rc, "reading");
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
	free(*data);
	*data = NULL;
	return -1;
}

/* Forget every checkpoint (inside the open transaction). */
int store_fold_clear(struct store *st, char **cause)
{
	static const char *const sql[] = { "DELETE FROM fold_head",
	    "DELETE FROM fold_incidents", "DELETE FROM fold_entries" };
	sqlite3_stmt *s;
	size_t i;

	for (i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		if ((s = store_fold_prepare(st, sql[i], cause)) == NULL ||
		    store_fold_write(st, s, cause) != 0)
			return -1;
	}
	return 0;
}
