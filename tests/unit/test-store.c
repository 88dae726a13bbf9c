/* test-store.c: the event store: migrations, refusals, append-only,
 * idempotence, the hash chain, scans, search and a full disk. Each test
 * works in its own mkdtemp directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "schema.h"
#include "store.h"
#include "xmalloc.h"

/* Per-test state: the temporary directory and the store path in it. */
struct test_store_dir {
	char dir[64];
	char *path;
};

/* Make a fresh temporary directory for one test. */
static int test_store_setup(void **state)
{
	struct test_store_dir *t = xcalloc(1, sizeof *t);

	snprintf(t->dir, sizeof t->dir, "/tmp/sitrep-test-store.XXXXXX");
	if (mkdtemp(t->dir) == NULL)
		return -1;
	t->path = xasprintf("%s/sitrep.db", t->dir);
	*state = t;
	return 0;
}

/* Remove one file or directory (nftw callback). */
static int test_store_rm(const char *p, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	chmod(p, 0700);
	return remove(p);
}

/* Remove the temporary directory and everything in it. */
static int test_store_teardown(void **state)
{
	struct test_store_dir *t = *state;

	chmod(t->dir, 0700);
	nftw(t->dir, test_store_rm, 16, FTW_DEPTH | FTW_PHYS);
	free(t->path);
	free(t);
	return 0;
}

/* A complete event of kind for incident with body text (may be NULL). */
static struct event *test_store_event(enum event_kind kind,
    const char *incident, const char *text)
{
	struct event *ev = event_new(kind);

	event_uid_new(ev->uid);
	ev->incident = xstrdup(incident);
	ev->actor = xstrdup("alice");
	ev->occurred_at = 1700000000000LL;
	ev->recorded_at = 1700000000500LL;
	if (kind == EV_ENTRY)
		json_object_set_new(ev->body, "type", json_string("note"));
	if (text != NULL)
		json_object_set_new(ev->body, "text", json_string(text));
	return ev;
}

/* Open (asserting success) the test's store. */
static struct store *test_store_open(struct test_store_dir *t)
{
	struct store *st = NULL;
	char *cause = NULL;

	if (store_open(t->path, &st, &cause) != 0)
		fail_msg("store_open: %s", cause);
	assert_non_null(st);
	return st;
}

/* Append one event in its own transaction; returns its seq. */
static int64_t test_store_add(struct store *st, struct event *ev)
{
	char *cause = NULL;

	if (store_begin(st, &cause) != 0 || store_append(st, ev, &cause) != 0 ||
	    store_commit(st, &cause) != 0)
		fail_msg("append: %s", cause);
	return ev->seq;
}

/* Append a plain entry and free it; returns its seq. */
static int64_t test_store_add_text(struct store *st, const char *incident,
    const char *text)
{
	struct event *ev = test_store_event(EV_ENTRY, incident, text);
	int64_t seq = test_store_add(st, ev);

	event_free(ev);
	return seq;
}

/* Run SQL on a separate raw connection; the SQLite result code. The error
 * message, when wanted, is copied into *msg. */
static int test_store_raw(const char *path, const char *sql, char **msg)
{
	sqlite3 *db;
	int rc;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (msg != NULL)
		*msg = xstrdup(sqlite3_errmsg(db));
	sqlite3_close(db);
	return rc;
}

/* Read one integer with a raw connection. */
static int64_t test_store_raw_int(const char *path, const char *sql)
{
	sqlite3_stmt *s;
	sqlite3 *db;
	int64_t v;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/* What a scan/search callback collects. */
struct test_store_seen {
	int64_t seq[64];
	char text[64][64];
	int n;
	int stop_at;           /* stop after this many (0: never) */
	struct store *st;      /* for the re-entrant scan test */
	long inner;
};

/* Collect an event's seq and text. */
static int test_store_collect(const struct event *ev, void *arg)
{
	struct test_store_seen *seen = arg;
	const char *text = event_str(ev, "text");

	assert_true(seen->n < 64);
	seen->seq[seen->n] = ev->seq;
	snprintf(seen->text[seen->n], sizeof seen->text[0], "%s",
	    text ? text : "");
	seen->n++;
	return seen->stop_at != 0 && seen->n >= seen->stop_at;
}

/* A new store is created with its directories (0700) and file (0600),
 * and keeps its events across a reopen with every field intact. */
static void test_store_create_reopen(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st;
	struct event *ev;
	struct stat sb;
	char *path = xasprintf("%s/a/b/sitrep.db", t->dir), *cause = NULL, *dir;
	struct test_store_seen seen = { .n = 0 };

	free(t->path);
	t->path = path;
	st = test_store_open(t);
	assert_string_equal(store_path(st), path);
	assert_int_equal(store_last_seq(st), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	dir = xasprintf("%s/a/b", t->dir);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	free(dir);

	ev = test_store_event(EV_AMEND, "INC-1", "fixed text");
	json_object_set_new(ev->body, "reason", json_string("typo"));
	ev->target = 7;
	ev->refs = json_pack("[s]", "deploy:4711");
	ev->tags = json_pack("[ss]", "db", "checkout");
	assert_int_equal(test_store_add(st, ev), 1);
	assert_int_equal(test_store_add_text(st, "INC-1", "second"), 2);
	store_close(st);

	st = test_store_open(t);
	assert_int_equal(store_last_seq(st), 2);
	assert_int_equal(store_scan(st, NULL, 0, 0, test_store_collect, &seen,
	    &cause), 2);
	assert_string_equal(seen.text[0], "fixed text");
	assert_string_equal(seen.text[1], "second");
	store_close(st);
	event_free(ev);
}

/* Check every field of the first stored event against ev. */
static int test_store_same(const struct event *got, void *arg)
{
	const struct event *want = arg;

	assert_int_equal(got->seq, want->seq);
	assert_string_equal(got->uid, want->uid);
	assert_string_equal(got->incident, want->incident);
	assert_int_equal(got->kind, want->kind);
	assert_string_equal(got->actor, want->actor);
	assert_int_equal(got->occurred_at, want->occurred_at);
	assert_int_equal(got->recorded_at, want->recorded_at);
	assert_int_equal(got->target, want->target);
	assert_true(json_equal(got->body, want->body));
	assert_true(json_equal(got->refs, want->refs));
	assert_true(json_equal(got->tags, want->tags));
	assert_memory_equal(got->hash, want->hash, 32);
	return 1;
}

/* A row read back is the event that was appended, field by field. */
static void test_store_roundtrip(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st = test_store_open(t);
	struct event *ev = test_store_event(EV_AMEND, "INC-3", "ünïcode \"q\"");
	char *cause = NULL;

	ev->target = 12;
	ev->refs = json_pack("[s]", "ticket:OPS-12");
	ev->tags = json_pack("[]");
	json_object_set_new(ev->body, "reason", json_string("wrong host"));
	test_store_add(st, ev);
	assert_int_equal(store_scan(st, "INC-3", 0, 0, test_store_same, ev,
	    &cause), 1);
	store_close(st);
	event_free(ev);
}

/* Migrations set user_version, application_id and WAL. */
static void test_store_migrations(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st = test_store_open(t);

	assert_int_equal(store_schema_version(), schema_count);
	assert_true(schema_count >= 1);
	store_close(st);
	assert_int_equal(test_store_raw_int(t->path, "PRAGMA user_version"),
	    schema_count);
	assert_int_equal(test_store_raw_int(t->path, "PRAGMA application_id"),
	    STORE_APPLICATION_ID);
	assert_int_equal(test_store_raw_int(t->path,
	    "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1);
	/* Reopening an up-to-date store changes nothing. */
	st = test_store_open(t);
	store_close(st);
	assert_int_equal(test_store_raw_int(t->path, "PRAGMA user_version"),
	    schema_count);
}

/* A store written by a newer sitrep is refused, read-write and read-only. */
static void test_store_newer_refused(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st = test_store_open(t), *st2 = NULL;
	char *sql, *cause = NULL, *want;

	store_close(st);
	sql = xasprintf("PRAGMA user_version = %d", schema_count + 1);
	assert_int_equal(test_store_raw(t->path, sql, NULL), SQLITE_OK);
	free(sql);
	assert_int_equal(store_open(t->path, &st2, &cause), -1);
	assert_null(st2);
	want = xasprintf("was written by a newer sitrep (schema %d, this "
	    "program knows %d); upgrade sitrep", schema_count + 1, schema_count);
	assert_non_null(strstr(cause, want));
	assert_non_null(strstr(cause, t->path));
	free(cause);
	cause = NULL;
	assert_int_equal(store_open_readonly(t->path, &st2, &cause), -1);
	assert_non_null(strstr(cause, want));
	free(cause);
	free(want);
}

/* A SQLite file of another program is refused and left untouched. */
static void test_store_foreign_sqlite(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st = NULL;
	char *cause = NULL, *wal;
	struct stat sb;

	assert_int_equal(test_store_raw(t->path,
	    "CREATE TABLE mail (id INTEGER PRIMARY KEY, subject TEXT)", NULL),
	    SQLITE_OK);
	assert_int_equal(store_open(t->path, &st, &cause), -1);
	assert_null(st);
	assert_non_null(strstr(cause, "is a SQLite database but not a sitrep "
	    "store (application_id"));
	assert_non_null(strstr(cause, "use --db to choose another file"));
	free(cause);
	cause = NULL;
	assert_int_equal(store_open_readonly(t->path, &st, &cause), -1);
	assert_non_null(strstr(cause, "not a sitrep store"));
	free(cause);
	/* Not switched to WAL, no table added. */
	wal = xasprintf("%s-wal", t->path);
	assert_int_equal(stat(wal, &sb), -1);
	free(wal);
	assert_int_equal(test_store_raw_int(t->path,
	    "SELECT count(*) FROM sqlite_master"), 1);
}

/* A file that is not SQLite at all is refused with a clear message. */
static void test_store_not_sqlite(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st = NULL;
	char *cause = NULL;
	struct stat sb;
	FILE *f;

	f = fopen(t->path, "w");
	assert_non_null(f);
	fputs("# my notes, not a database\nline two of the notes, some more "
	    "text to pass the header size of a database file......\n", f);
	fclose(f);
	assert_int_equal(store_open(t->path, &st, &cause), -1);
	assert_null(st);
	assert_non_null(strstr(cause, "is not a SQLite database"));
	assert_non_null(strstr(cause, "--db"));
	free(cause);
	cause = NULL;
	assert_int_equal(store_open_readonly(t->path, &st, &cause), -1);
	assert_non_null(strstr(cause, "is not a SQLite database"));
	free(cause);
	cause = NULL;
	/* SQLite takes a one-byte file for an empty database: not we. */
	f = fopen(t->path, "w");
	assert_non_null(f);
	fputs("x", f);
	fclose(f);
	assert_int_equal(store_open(t->path, &st, &cause), -1);
	assert_non_null(strstr(cause, "is not a SQLite database"));
	free(cause);
	assert_int_equal(stat(t->path, &sb), 0);
	assert_int_equal(sb.st_size, 1);
}

/* Raw UPDATE and DELETE through another connection are refused. */
static void test_store_append_only(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st = test_store_open(t);
	char *msg = NULL;

	test_store_add_text(st, "INC-1", "original");
	assert_int_not_equal(test_store_raw(t->path,
	    "UPDATE events SET body = '{}' WHERE seq = 1", &msg), SQLITE_OK);
	assert_non_null(strstr(msg, "append-only"));
	free(msg);
	assert_int_not_equal(test_store_raw(t->path,
	    "DELETE FROM events WHERE seq = 1", &msg), SQLITE_OK);
	assert_non_null(strstr(msg, "nothing is ever deleted"));
	free(msg);
	assert_int_equal(test_store_raw_int(t->path,
	    "SELECT count(*) FROM events"), 1);
	store_close(st);
}

/* store_find_uid finds stored uids; a duplicate uid changes nothing, and
 * the rest of its batch still commits. */
static void test_store_idempotence(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st = test_store_open(t);
	struct event *ev = test_store_event(EV_ENTRY, "INC-1", "once");
	struct event *dup, *other;
	char *cause = NULL, unknown[SR_UID_LEN + 1];
	int64_t seq = 0, bad;

	test_store_add_text(st, "INC-1", "before");
	assert_int_equal(test_store_add(st, ev), 2);
	assert_int_equal(store_find_uid(st, ev->uid, &seq, &cause), 1);
	assert_int_equal(seq, 2);
	event_uid_new(unknown);
	assert_int_equal(store_find_uid(st, unknown, &seq, &cause), 0);

	dup = test_store_event(EV_ENTRY, "INC-1", "twice");
	memcpy(dup->uid, ev->uid, sizeof dup->uid);
	other = test_store_event(EV_ENTRY, "INC-1", "after");
	assert_int_equal(store_begin(st, &cause), 0);
	assert_int_equal(store_append(st, dup, &cause), -1);
	assert_non_null(strstr(cause, "already stored"));
	free(cause);
	cause = NULL;
	assert_int_equal(dup->seq, 0);
	assert_int_equal(store_last_seq(st), 2);
	assert_int_equal(store_append(st, other, &cause), 0);
	assert_int_equal(other->seq, 3);
	assert_int_equal(store_commit(st, &cause), 0);
	assert_int_equal(test_store_raw_int(t->path,
	    "SELECT count(*) FROM events"), 3);
	assert_int_equal(test_store_raw_int(t->path,
	    "SELECT count(*) FROM events WHERE body LIKE '%twice%'"), 0);
	assert_int_equal(store_verify(st, &bad, &cause), 0);
	store_close(st);
	event_free(ev);
	event_free(dup);
	event_free(other);
}

/* Fill a store with n entries "entry 1".."entry n" in INC-1. */
static void test_store_fill(struct store *st, int n)
{
	char text[32];
	int i;

	for (i = 1; i <= n; i++) {
		snprintf(text, sizeof text, "entry %d", i);
		assert_int_equal(test_store_add_text(st, "INC-1", text), i);
	}
}

/* An intact chain verifies; a row edited behind sitrep's back does not,
 * and verify names its seq. */
static void test_store_verify_edit(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st = test_store_open(t), *ro = NULL;
	char *cause = NULL;
	int64_t bad = 0;

	test_store_fill(st, 5);
	assert_int_equal(store_verify(st, &bad, &cause), 0);
	assert_int_equal(test_store_raw(t->path,
	    "DROP TRIGGER events_no_update; UPDATE events SET body = "
	    "'{\"text\":\"entry X\",\"type\":\"note\"}' WHERE seq = 3", NULL),
	    SQLITE_OK);
	assert_int_equal(store_verify(st, &bad, &cause), 1);
	assert_int_equal(bad, 3);
	assert_int_equal(store_open_readonly(t->path, &ro, &cause), 0);
	bad = 0;
	assert_int_equal(store_verify(ro, &bad, &cause), 1);
	assert_int_equal(bad, 3);
	store_close(ro);
	store_close(st);
}

/* An edit of a scalar field (the actor) is caught too. */
static void test_store_verify_actor(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st = test_store_open(t);
	char *cause = NULL;
	int64_t bad = 0;

	test_store_fill(st, 4);
	assert_int_equal(test_store_raw(t->path,
	    "DROP TRIGGER events_no_update; UPDATE events SET actor = 'bob' "
	    "WHERE seq = 4", NULL), SQLITE_OK);
	assert_int_equal(store_verify(st, &bad, &cause), 1);
	assert_int_equal(bad, 4);
	store_close(st);
}

/* A deleted row breaks the chain at the next seq. */
static void test_store_verify_delete(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st = test_store_open(t);
	char *cause = NULL;
	int64_t bad = 0;

	test_store_fill(st, 5);
	assert_int_equal(test_store_raw(t->path,
	    "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 2",
	    NULL), SQLITE_OK);
	assert_int_equal(store_verify(st, &bad, &cause), 1);
	assert_int_equal(bad, 3);
	store_close(st);
}

/* Deleting the first row breaks the chain at the second. */
static void test_store_verify_delete_first(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st = test_store_open(t);
	char *cause = NULL;
	int64_t bad = 0;

	test_store_fill(st, 3);
	assert_int_equal(test_store_raw(t->path,
	    "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 1",
	    NULL), SQLITE_OK);
	assert_int_equal(store_verify(st, &bad, &cause), 1);
	assert_int_equal(bad, 2);
	store_close(st);
}

/* store_hash is deterministic, starts from 32 zero bytes, and covers the
 * fields (refs absent and refs empty differ). */
static void test_store_hash(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st = test_store_open(t);
	struct event *a = test_store_event(EV_ENTRY, "INC-1", "first");
	struct event *b = test_store_event(EV_ENTRY, "INC-1", "second");
	unsigned char zero[32] = { 0 }, h[32], h2[32];

	test_store_add(st, a);
	test_store_add(st, b);
	store_hash(zero, a, h);
	assert_memory_equal(h, a->hash, 32);
	store_hash(a->hash, b, h);
	assert_memory_equal(h, b->hash, 32);
	b->refs = json_array();
	store_hash(a->hash, b, h2);
	assert_memory_not_equal(h, h2, 32);
	json_decref(b->refs);
	b->refs = NULL;
	b->occurred_at++;
	store_hash(a->hash, b, h2);
	assert_memory_not_equal(h, h2, 32);
	store_close(st);
	event_free(a);
	event_free(b);
}

/* A rollback stores nothing and leaves the head right for the next append;
 * so does a commit after a failed append. */
static void test_store_rollback(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st = test_store_open(t);
	struct event *a = test_store_event(EV_ENTRY, "INC-1", "kept");
	struct event *b = test_store_event(EV_ENTRY, "INC-1", "dropped 1");
	struct event *c = test_store_event(EV_ENTRY, "INC-1", "dropped 2");
	struct test_store_seen seen = { .n = 0 };
	char *cause = NULL;
	int64_t bad = 0;

	test_store_add(st, a);
	assert_int_equal(store_begin(st, &cause), 0);
	assert_int_equal(store_append(st, b, &cause), 0);
	assert_int_equal(store_append(st, c, &cause), 0);
	assert_int_equal(store_last_seq(st), 3);
	store_rollback(st);
	assert_int_equal(store_last_seq(st), 1);
	assert_int_equal(test_store_add_text(st, "INC-1", "next"), 2);
	assert_int_equal(store_scan(st, NULL, 0, 0, test_store_collect, &seen,
	    &cause), 2);
	assert_string_equal(seen.text[0], "kept");
	assert_string_equal(seen.text[1], "next");
	assert_int_equal(store_verify(st, &bad, &cause), 0);
	/* Appending outside a transaction is refused. */
	assert_int_equal(store_append(st, b, &cause), -1);
	assert_non_null(strstr(cause, "store_begin"));
	free(cause);
	store_close(st);
	event_free(a);
	event_free(b);
	event_free(c);
}

/* Scans by incident, since and limit, in seq order; a callback can stop. */
static void test_store_scan(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st = test_store_open(t);
	struct test_store_seen seen = { .n = 0 };
	char *cause = NULL, text[32];
	int i;

	for (i = 1; i <= 10; i++) {
		snprintf(text, sizeof text, "e%d", i);
		test_store_add_text(st, i % 2 ? "INC-1" : "INC-2", text);
	}
	assert_int_equal(store_scan(st, "INC-2", 0, 0, test_store_collect,
	    &seen, &cause), 5);
	for (i = 0; i < 5; i++)
		assert_int_equal(seen.seq[i], 2 * (i + 1));
	memset(&seen, 0, sizeof seen);
	assert_int_equal(store_scan(st, "INC-1", 4, 2, test_store_collect,
	    &seen, &cause), 2);
	assert_int_equal(seen.seq[0], 5);
	assert_int_equal(seen.seq[1], 7);
	memset(&seen, 0, sizeof seen);
	assert_int_equal(store_scan(st, NULL, 8, 0, test_store_collect, &seen,
	    &cause), 2);
	assert_string_equal(seen.text[0], "e9");
	memset(&seen, 0, sizeof seen);
	seen.stop_at = 3;
	assert_int_equal(store_scan(st, NULL, 0, 0, test_store_collect, &seen,
	    &cause), 3);
	memset(&seen, 0, sizeof seen);
	assert_int_equal(store_scan(st, "INC-9", 0, 0, test_store_collect,
	    &seen, &cause), 0);
	store_close(st);
}

/* A callback that scans the same store again (re-entrant use). */
static int test_store_nested(const struct event *ev, void *arg)
{
	struct test_store_seen *seen = arg, inner = { .n = 0 };
	char *cause = NULL;

	seen->inner += store_scan(seen->st, NULL, 0, 0, test_store_collect,
	    &inner, &cause);
	return test_store_collect(ev, seen);
}

/* A scan from inside a scan's callback works. */
static void test_store_scan_nested(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st = test_store_open(t);
	struct test_store_seen seen = { .n = 0 };
	char *cause = NULL;

	test_store_fill(st, 3);
	seen.st = st;
	assert_int_equal(store_scan(st, NULL, 0, 0, test_store_nested, &seen,
	    &cause), 3);
	assert_int_equal(seen.inner, 9);
	store_close(st);
}

/* Store the search fixture: two incidents, an amendment with a ref. */
static void test_store_search_fill(struct store *st)
{
	struct event *ev;

	test_store_add_text(st, "INC-1", "checkout latency rising on web-03");
	test_store_add_text(st, "INC-2", "latency on the billing queue");
	ev = test_store_event(EV_AMEND, "INC-1", "rollback of the primary");
	json_object_set_new(ev->body, "reason", json_string("misread graph"));
	ev->target = 1;
	ev->refs = json_pack("[s]", "deploy:4711");
	test_store_add(st, ev);
	test_store_add_text(st, "INC-1", "nothing to see");
	event_free(ev);
}

/* Search finds entry and amendment text, filters by incident and returns
 * the newest first. */
static void test_store_search(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st = test_store_open(t);
	struct test_store_seen seen = { .n = 0 };
	char *cause = NULL;

	test_store_search_fill(st);
	assert_int_equal(store_search(st, "latency", NULL, 0,
	    test_store_collect, &seen, &cause), 2);
	assert_int_equal(seen.seq[0], 2);
	assert_int_equal(seen.seq[1], 1);
	memset(&seen, 0, sizeof seen);
	assert_int_equal(store_search(st, "latency", "INC-1", 0,
	    test_store_collect, &seen, &cause), 1);
	assert_int_equal(seen.seq[0], 1);
	memset(&seen, 0, sizeof seen);
	assert_int_equal(store_search(st, "rollback", NULL, 0,
	    test_store_collect, &seen, &cause), 1);
	assert_string_equal(seen.text[0], "rollback of the primary");
	memset(&seen, 0, sizeof seen);
	assert_int_equal(store_search(st, "latency OR primary", NULL, 2,
	    test_store_collect, &seen, &cause), 2);
	assert_int_equal(seen.seq[0], 3);
	assert_int_equal(seen.seq[1], 2);
	store_close(st);
}

/* Queries FTS5 cannot parse are run as quoted words instead of failing. */
static void test_store_search_syntax(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st = test_store_open(t);
	struct test_store_seen seen = { .n = 0 };
	char *cause = NULL;

	test_store_search_fill(st);
	assert_int_equal(store_search(st, "deploy:4711", NULL, 0,
	    test_store_collect, &seen, &cause), 1);
	assert_int_equal(seen.seq[0], 3);
	memset(&seen, 0, sizeof seen);
	assert_int_equal(store_search(st, "checkout AND", NULL, 0,
	    test_store_collect, &seen, &cause), 0);
	assert_int_equal(store_search(st, "\"latency (", NULL, 0,
	    test_store_collect, &seen, &cause), 2);
	memset(&seen, 0, sizeof seen);
	assert_int_equal(store_search(st, "web-03", NULL, 0,
	    test_store_collect, &seen, &cause), 1);
	assert_int_equal(seen.seq[0], 1);
	assert_int_equal(store_search(st, "  ", NULL, 0, test_store_collect,
	    &seen, &cause), 0);
	assert_null(cause);
	store_close(st);
}

/* Leave the next callee's stack frame full of 0x01 bytes, so a variable it
 * forgets to set reads as SQLITE_ERROR (1) instead of a lucky 0. */
static void __attribute__((noinline)) test_store_dirty_stack(void)
{
	volatile unsigned char junk[8192];
	size_t i;

	for (i = 0; i < sizeof junk; i++)
		junk[i] = 0x01;
}

/* A search that cannot even be prepared (the text index is gone) reports
 * SQLite's reason, not a parse failure of the query. */
static void test_store_search_broken(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st = test_store_open(t);
	struct test_store_seen seen = { .n = 0 };
	char *cause = NULL;

	test_store_search_fill(st);
	store_close(st);
	assert_int_equal(test_store_raw(t->path, "DROP TABLE event_text",
	    NULL), SQLITE_OK);
	st = test_store_open(t);
	test_store_dirty_stack();
	assert_int_equal(store_search(st, "latency", NULL, 0,
	    test_store_collect, &seen, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "event_text"));
	assert_null(strstr(cause, "simplify the query"));
	free(cause);
	store_close(st);
}

/* A read-only store reads, verifies, and refuses to write with a cause. */
static void test_store_readonly(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st = test_store_open(t), *ro = NULL;
	struct test_store_seen seen = { .n = 0 };
	struct event *ev = test_store_event(EV_ENTRY, "INC-1", "no");
	char *cause = NULL, *missing;
	int64_t bad;

	test_store_fill(st, 3);
	store_close(st);
	assert_int_equal(store_open_readonly(t->path, &ro, &cause), 0);
	assert_int_equal(store_last_seq(ro), 3);
	assert_int_equal(store_scan(ro, NULL, 0, 0, test_store_collect, &seen,
	    &cause), 3);
	assert_int_equal(store_verify(ro, &bad, &cause), 0);
	if (store_begin(ro, &cause) == 0) {
		assert_int_equal(store_append(ro, ev, &cause), -1);
		store_rollback(ro);
	}
	assert_non_null(strstr(cause, "cannot be written"));
	free(cause);
	cause = NULL;
	store_close(ro);
	missing = xasprintf("%s/nowhere.db", t->dir);
	assert_int_equal(store_open_readonly(missing, &ro, &cause), -1);
	assert_non_null(strstr(cause, "there is no store"));
	free(cause);
	free(missing);
	event_free(ev);
}

/* A store locked by another process's write transaction: a clear cause. */
static void test_store_locked(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st = test_store_open(t);
	char *cause = NULL;
	sqlite3 *db;

	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(store_begin(st, &cause), -1);
	assert_non_null(strstr(cause, "locked by another process"));
	free(cause);
	cause = NULL;
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_int_equal(test_store_add_text(st, "INC-1", "after"), 1);
	store_close(st);
}

/* Permission problems get sentences (skipped as root, who ignores modes). */
static void test_store_permissions(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st = NULL;
	char *cause = NULL, *locked, *deep;
	int64_t bad;

	if (geteuid() == 0)
		skip();
	locked = xasprintf("%s/locked", t->dir);
	assert_int_equal(mkdir(locked, 0500), 0);
	deep = xasprintf("%s/sub/sitrep.db", locked);
	assert_int_equal(store_open(deep, &st, &cause), -1);
	assert_non_null(strstr(cause, "cannot create the directory"));
	free(cause);
	cause = NULL;
	st = test_store_open(t);
	store_close(st);
	st = NULL;
	assert_int_equal(chmod(t->path, 0400), 0);
	assert_int_equal(store_open(t->path, &st, &cause), -1);
	assert_non_null(strstr(cause, "read-only"));
	free(cause);
	cause = NULL;
	/* A store in a directory nobody may write: read-only use works. */
	assert_int_equal(chmod(t->dir, 0500), 0);
	assert_int_equal(store_open_readonly(t->path, &st, &cause), 0);
	assert_int_equal(store_verify(st, &bad, &cause), 0);
	store_close(st);
	free(deep);
	free(locked);
}

/* A full disk (a page cap): appends fail with the disk-full cause, every
 * earlier event stays readable, the chain verifies, and writing resumes
 * when space comes back. */
static void test_store_disk_full(void **state)
{
	struct test_store_dir *t = *state;
	struct store *st = test_store_open(t);
	struct test_store_seen seen = { .n = 0 };
	struct event *ev = NULL;
	char *cause = NULL, big[3000];
	int64_t bad = 0;
	int i, stored = 0, rc = 0;

	test_store_fill(st, 3);
	assert_int_equal(store_set_max_pages(st, 1, &cause), 0);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	for (i = 0; i < 200 && rc == 0; i++) {
		ev = test_store_event(EV_ENTRY, "INC-1", big);
		if ((rc = store_begin(st, &cause)) == 0 &&
		    (rc = store_append(st, ev, &cause)) == 0)
			rc = store_commit(st, &cause);
		if (rc == 0)
			stored++;
		event_free(ev);
	}
	assert_int_equal(rc, -1);
	assert_non_null(strstr(cause, "the disk is full"));
	assert_non_null(strstr(cause, "nothing was stored"));
	free(cause);
	cause = NULL;
	store_rollback(st);
	assert_int_equal(store_last_seq(st), 3 + stored);
	assert_int_equal(store_scan(st, NULL, 0, 3, test_store_collect, &seen,
	    &cause), 3);
	assert_string_equal(seen.text[2], "entry 3");
	assert_int_equal(store_verify(st, &bad, &cause), 0);
	assert_int_equal(store_set_max_pages(st, 0, &cause), 0);
	assert_int_equal(test_store_add_text(st, "INC-1", "room again"),
	    4 + stored);
	assert_int_equal(store_verify(st, &bad, &cause), 0);
	store_close(st);
}

/* Run the store tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, test_store_setup, \
	test_store_teardown)
		T(test_store_create_reopen),
		T(test_store_roundtrip),
		T(test_store_migrations),
		T(test_store_newer_refused),
		T(test_store_foreign_sqlite),
		T(test_store_not_sqlite),
		T(test_store_append_only),
		T(test_store_idempotence),
		T(test_store_verify_edit),
		T(test_store_verify_actor),
		T(test_store_verify_delete),
		T(test_store_verify_delete_first),
		T(test_store_hash),
		T(test_store_rollback),
		T(test_store_scan),
		T(test_store_scan_nested),
		T(test_store_search),
		T(test_store_search_syntax),
		T(test_store_search_broken),
		T(test_store_readonly),
		T(test_store_locked),
		T(test_store_permissions),
		T(test_store_disk_full),
#undef T
	};

	if (sodium_init() < 0)
		return 1;
	xmalloc_json_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
