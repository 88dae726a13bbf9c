/* store.h: the append-only, hash-chained SQLite record of events.
 *
 * One store is one SQLite file (WAL, synchronous=FULL, foreign keys, busy
 * timeout). Schema migrations from schema/NNN-name.sql are compiled in and
 * applied in order, tracked by PRAGMA user_version; PRAGMA application_id
 * marks the file as a sitrep store. Every function that can fail returns
 * -1 and sets *cause to a sentence naming the problem and what to do
 * (caller frees).
 */
#ifndef SITREP_STORE_H
#define SITREP_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"

#define STORE_APPLICATION_ID 0x53495452 /* "SITR" */

struct store;

/* Open (creating it and its directory when missing, mode 0700/0600) and
 * migrate. Refuses a store newer than the program, and a SQLite file that
 * is not a sitrep store. */
int store_open(const char *path, struct store **out, char **cause);
/* Open an existing store read-only without migrating (verify, search). */
int store_open_readonly(const char *path, struct store **out, char **cause);
void store_close(struct store *st);
const char *store_path(const struct store *st);
/* Schema version the program knows (== schema_count). */
int store_schema_version(void);
/* Cap the store file at pages database pages (PRAGMA max_page_count, for
 * this connection only; the page size is 4096 bytes by default); 0 lifts
 * the cap. A cap below the file's current size is raised to that size.
 * Appends past the cap fail like a full disk ("the disk is full ...")
 * and nothing of their batch is stored. Used by `sitrep serve --max-size`
 * and by the tests. */
int store_set_max_pages(struct store *st, long pages, char **cause);

/* Group commit: begin, append any number, then commit or rollback. After
 * a rollback (or a failed commit) the store's chain head is reloaded from
 * the file, so nothing half-done stays in memory. */
int store_begin(struct store *st, char **cause);
int store_commit(struct store *st, char **cause);
void store_rollback(struct store *st);

/* Look a uid up: 1 and *seq when stored, 0 when not, -1 on error. */
int store_find_uid(struct store *st, const char *uid, int64_t *seq,
    char **cause);
/* Append ev inside a transaction: assigns ev->seq (last + 1) and ev->hash
 * (BLAKE2b-256 over the previous hash and the event's content). */
int store_append(struct store *st, struct event *ev, char **cause);
int64_t store_last_seq(const struct store *st);

/* Called once per event, in seq order; return non-zero to stop early.
 * ev is borrowed: it is valid only during the call (event_copy keeps it).
 * The callback may call back into the same store. */
typedef int (*store_event_cb)(const struct event *ev, void *arg);

/* Events with seq > since, for one incident (NULL: all), at most limit
 * (0: no limit). Returns how many were passed to cb, or -1. */
long store_scan(struct store *st, const char *incident, int64_t since,
    size_t limit, store_event_cb cb, void *arg, char **cause);
/* The newest limit events (0: no limit) with seq < before (0: no bound),
 * for one incident (NULL: all), passed to cb oldest first. Uses the
 * (incident, seq) index and reads only those rows (a page of history for a
 * terminal scrolling back, or the tail shown at attach). Returns how many
 * were passed, or -1. */
long store_scan_back(struct store *st, const char *incident, int64_t before,
    size_t limit, store_event_cb cb, void *arg, char **cause);
/* Like store_scan_back for one incident's events of some kinds only
 * (kinds: a JSON array of kind names, e.g. ["update"]). */
long store_scan_back_kinds(struct store *st, const char *incident,
    const json_t *kinds, int64_t before, size_t limit, store_event_cb cb,
    void *arg, char **cause);
/* Called once per event of store_scan_text with its JSON text (n bytes,
 * NUL-terminated, valid only during the call) and seq; non-zero stops. */
typedef int (*store_text_cb)(const char *json, size_t n, int64_t seq,
    void *arg);
/* The events of one incident with seq > since, at most limit (0: no
 * limit), in seq order, each as the JSON text json_dumps(event_to_json(ev,
 * 1), JSON_COMPACT) gives, built from the stored columns without parsing
 * them (an export of a million events). Returns how many, or -1. */
long store_scan_text(struct store *st, const char *incident, int64_t since,
    size_t limit, store_text_cb cb, void *arg, char **cause);
/* The chain hash of the event at seq into out (seq 0: the 32 zero bytes
 * the chain starts from). 0, 1 when there is no such event, or -1. */
int store_hash_at(struct store *st, int64_t seq, unsigned char out[32],
    char **cause);
/* Called by store_scan_joins with an event's seq and the hash of the
 * event before it in the store. */
typedef void (*store_join_cb)(int64_t seq, const unsigned char prev[32],
    void *arg);
/* Where one incident's events join the store's chain: each of its events
 * with since < seq <= upto (upto 0: no bound) whose predecessor in the
 * store (seq - 1) is not its own event before it (another incident's),
 * and with since 0 its first event too; at most limit of them (0: no
 * limit), each with that predecessor's hash, which is what checking the
 * event's own hash needs. *last is the seq scanned up to (the next call's
 * since). Returns how many, or -1. */
long store_scan_joins(struct store *st, const char *incident, int64_t since,
    int64_t upto, size_t limit, store_join_cb cb, void *arg, int64_t *last,
    char **cause);
/* Full-text search (FTS5 syntax, but a bare word list works) over entry,
 * amendment, hypothesis, park, update and analysis text; newest first, at
 * most limit. Returns how many matched, or -1 (a bad query is a cause). */
long store_search(struct store *st, const char *query, const char *incident,
    size_t limit, store_event_cb cb, void *arg, char **cause);
/* Recompute the chain: 0 intact, 1 broken (*bad_seq: first bad seq), -1
 * error. */
int store_verify(struct store *st, int64_t *bad_seq, char **cause);

/* Checkpoints of the server's fold (store-fold.c, schema 003-fold.sql):
 * not part of the record, written inside the transaction of the events
 * they cover. The head says which fold version wrote them and the event
 * (seq and chain hash) every state is as of. */
struct store_fold_head {
	int version;
	int64_t seq;
	unsigned char hash[32];
};
/* Read the head: 1 and *h, 0 when none was written, -1 and *cause. */
int store_fold_head(struct store *st, struct store_fold_head *h,
    char **cause);
/* Set the head to version and the chain's head (the last event). */
int store_fold_set_head(struct store *st, int version, char **cause);
/* The chain hash of the event at seq: 1 and out, 0 when there is no such
 * event, -1 and *cause. */
int store_fold_hash_at(struct store *st, int64_t seq, unsigned char out[32],
    char **cause);
/* Called with each stored state, in incident number order; non-zero stops. */
typedef int (*store_fold_cb)(const char *incident, const char *state,
    void *arg);
/* Every stored state; how many, or -1 and *cause. */
long store_fold_states(struct store *st, store_fold_cb cb, void *arg,
    char **cause);
/* Store (replace) the state of an incident. */
int store_fold_put_state(struct store *st, const char *incident, int number,
    const char *state, char **cause);
/* Store (replace) chunk number chunk of an incident's entry index. */
int store_fold_put_chunk(struct store *st, const char *incident,
    size_t chunk, const unsigned char *data, size_t len, char **cause);
/* An incident's whole entry index, its chunks in order (*data: new, NULL
 * when empty); -1 and *cause when the store fails or a chunk is missing. */
int store_fold_index(struct store *st, const char *incident,
    unsigned char **data, size_t *len, char **cause);
/* Forget every checkpoint. */
int store_fold_clear(struct store *st, char **cause);

/* The chain hash of ev after prev (both 32 bytes). */
void store_hash(const unsigned char prev[32], const struct event *ev,
    unsigned char out[32]);

#endif
