/* store.c: the append-only, hash-chained SQLite record of events.
 *
 * One connection per struct store. Statements are prepared once (lazily)
 * and reused; a statement that is in use when a callback calls back into
 * the store is replaced by a fresh one for that call. The chain head (last
 * seq and hash) is read from the file at every store_begin and after every
 * rollback or failed commit, so it never drifts from what is on disk.
 * A store is used by one thread at a time (connections are opened with
 * SQLITE_OPEN_NOMUTEX).
 */
#include <errno.h>
#include <inttypes.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "schema.h"
#include "store-int.h"
#include "xmalloc.h"

#define STORE_BUSY_MS 5000
#define STORE_JSON_FLAGS (JSON_COMPACT | JSON_SORT_KEYS)
#define STORE_COLUMNS "seq, uid, incident, kind, actor, occurred_at, " \
	"recorded_at, target, body, refs, tags, hash"

/* The statements a store prepares once and reuses. */
enum store_sql {
	STORE_SQL_BEGIN,
	STORE_SQL_COMMIT,
	STORE_SQL_ROLLBACK,
	STORE_SQL_HEAD,
	STORE_SQL_INSERT,
	STORE_SQL_FIND_UID,
	STORE_SQL_SCAN_ALL,
	STORE_SQL_SCAN_INC,
	STORE_SQL_SEARCH,
	STORE_SQL_VERIFY,
	STORE_SQL_BACK_ALL,
	STORE_SQL_BACK_INC,
	STORE_SQL_BACK_KINDS,
	STORE_SQL_SEQS_INC,
	STORE_SQL_HASH_AT,
	STORE_SQL_COUNT
};

/* Their text. Parameters: ?1 since, ?2 limit, ?3 incident for the scans;
 * ?1 query, ?2 limit, ?3 incident (or NULL) for the search. */
static const char *store_sql_text[STORE_SQL_COUNT] = {
	[STORE_SQL_BEGIN] = "BEGIN IMMEDIATE",
	[STORE_SQL_COMMIT] = "COMMIT",
	[STORE_SQL_ROLLBACK] = "ROLLBACK",
	[STORE_SQL_HEAD] = "SELECT seq, hash FROM events ORDER BY seq DESC "
	    "LIMIT 1",
	[STORE_SQL_INSERT] = "INSERT INTO events (" STORE_COLUMNS ") VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[STORE_SQL_FIND_UID] = "SELECT seq FROM events WHERE uid = ?1",
	[STORE_SQL_SCAN_ALL] = "SELECT " STORE_COLUMNS " FROM events "
	    "WHERE seq > ?1 ORDER BY seq LIMIT ?2",
	[STORE_SQL_SCAN_INC] = "SELECT " STORE_COLUMNS " FROM events "
	    "WHERE incident = ?3 AND seq > ?1 ORDER BY seq LIMIT ?2",
	[STORE_SQL_SEARCH] = "SELECT " STORE_COLUMNS " FROM event_text "
	    "JOIN events ON events.seq = event_text.rowid "
	    "WHERE event_text MATCH ?1 AND (?3 IS NULL OR incident = ?3) "
	    "ORDER BY event_text.rowid DESC LIMIT ?2",
	[STORE_SQL_VERIFY] = "SELECT " STORE_COLUMNS " FROM events "
	    "ORDER BY seq",
	/* ?1 before (a bound above every seq when 0), ?2 limit, ?3 incident */
	[STORE_SQL_BACK_ALL] = "SELECT " STORE_COLUMNS " FROM events "
	    "WHERE seq < ?1 ORDER BY seq DESC LIMIT ?2",
	[STORE_SQL_BACK_INC] = "SELECT " STORE_COLUMNS " FROM events "
	    "WHERE incident = ?3 AND seq < ?1 ORDER BY seq DESC LIMIT ?2",
	/* ?4: a JSON array of kind names (index events_by_kind) */
	[STORE_SQL_BACK_KINDS] = "SELECT " STORE_COLUMNS " FROM events "
	    "INDEXED BY events_by_kind "
	    "WHERE incident = ?3 AND kind IN (SELECT value FROM json_each(?4)) "
	    "AND seq < ?1 ORDER BY seq DESC LIMIT ?2",
	/* the seqs of one incident after ?1 (index events_by_incident only) */
	[STORE_SQL_SEQS_INC] = "SELECT seq FROM events "
	    "WHERE incident = ?3 AND seq > ?1 ORDER BY seq",
	[STORE_SQL_HASH_AT] = "SELECT hash FROM events WHERE seq = ?1",
};

/* Column numbers in STORE_COLUMNS. */
enum store_col {
	STORE_COL_SEQ, STORE_COL_UID, STORE_COL_INCIDENT, STORE_COL_KIND,
	STORE_COL_ACTOR, STORE_COL_OCCURRED, STORE_COL_RECORDED,
	STORE_COL_TARGET, STORE_COL_BODY, STORE_COL_REFS, STORE_COL_TAGS,
	STORE_COL_HASH
};

struct store {
	sqlite3 *db;
	char *path;
	int readonly;
	int in_tx;                     /* store_begin done, no commit/rollback */
	int64_t last_seq;              /* chain head */
	unsigned char last_hash[32];
	sqlite3_stmt *stmt[STORE_SQL_COUNT];
	int stmt_busy[STORE_SQL_COUNT];
};

/* A piece of text with its length (not NUL-terminated necessarily). */
struct store_text {
	const char *s;
	size_t n;
};

/* Everything the chain hash covers, in its canonical form. */
struct store_fields {
	int64_t seq, occurred_at, recorded_at, target;
	struct store_text uid, incident, kind, actor, body, refs, tags;
};

/* A sentence for a failed SQLite call (rc), doing being "reading" or
 * "writing": what happened and what to do. */
char *store_cause(struct store *st, int rc, const char *doing)
{
	const char *msg = sqlite3_errmsg(st->db), *p = st->path;

	/* Creating the WAL or shared-memory file on a full disk is an I/O
	 * error to SQLite; the cause is still a full disk. */
	if ((rc & 0xff) == SQLITE_IOERR &&
	    sqlite3_system_errno(st->db) == ENOSPC)
		rc = SQLITE_FULL;
	switch (rc & 0xff) {
	case SQLITE_FULL:
		return xasprintf("the disk is full (%s: %s): nothing was "
		    "stored; free some space, then try again", p, msg);
	case SQLITE_IOERR:
		return xasprintf("I/O error %s the store (%s: %s): check the "
		    "disk and its file system", doing, p, msg);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return xasprintf("the store is locked by another process (%s: "
		    "%s): wait for it or stop it, then try again", p, msg);
	case SQLITE_READONLY:
		return xasprintf("the store %s cannot be written (%s): check the "
		    "permissions of the file and its directory", p, msg);
	case SQLITE_NOTADB:
		return xasprintf("%s is not a SQLite database (%s); use --db to "
		    "choose another file", p, msg);
	case SQLITE_CORRUPT:
		return xasprintf("the store %s is damaged (%s): run sitrep "
		    "verify, or restore it from a backup", p, msg);
	case SQLITE_CANTOPEN:
		return xasprintf("cannot open the store %s (%s): check that the "
		    "file and its directory exist and are accessible", p, msg);
	case SQLITE_CONSTRAINT:
		return xasprintf("the store refused the change: %s", msg);
	}
	return xasprintf("error %s the store %s: %s", doing, p, msg);
}

/* The cached statement for which, or a fresh one when the cached one is in
 * use (a callback calling back into the store); NULL and *cause on error. */
static sqlite3_stmt *store_stmt_get(struct store *st, enum store_sql which,
    char **cause)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (st->stmt[which] != NULL && !st->stmt_busy[which]) {
		st->stmt_busy[which] = 1;
		return st->stmt[which];
	}
	rc = sqlite3_prepare_v3(st->db, store_sql_text[which], -1,
	    SQLITE_PREPARE_PERSISTENT, &s, NULL);
	if (rc != SQLITE_OK) {
		*cause = store_cause(st, rc, "reading");
		sqlite3_finalize(s);
		return NULL;
	}
	if (st->stmt[which] == NULL) {
		st->stmt[which] = s;
		st->stmt_busy[which] = 1;
	}
	return s;
}

/* Give back a statement from store_stmt_get: reset it, drop its bindings. */
static void store_stmt_put(struct store *st, enum store_sql which,
    sqlite3_stmt *s)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (s == st->stmt[which])
		st->stmt_busy[which] = 0;
	else
		sqlite3_finalize(s);
}

/* Run a statement that returns nothing useful (BEGIN, COMMIT ...). */
static int store_step_once(struct store *st, enum store_sql which,
    const char *doing, char **cause)
{
	sqlite3_stmt *s;
	int rc;

	if ((s = store_stmt_get(st, which, cause)) == NULL)
		return -1;
	rc = sqlite3_step(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		*cause = store_cause(st, rc, doing);
	store_stmt_put(st, which, s);
	return (rc == SQLITE_DONE || rc == SQLITE_ROW) ? 0 : -1;
}

/* Run SQL without results (migrations, pragmas). */
static int store_exec(struct store *st, const char *sql, const char *doing,
    char **cause)
{
	int rc;

	rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		*cause = store_cause(st, rc, doing);
		return -1;
	}
	return 0;
}

/* Read application_id, user_version and the number of schema objects in
 * one statement, so all three come from the same snapshot. */
static int store_identity(struct store *st, int64_t *app, int64_t *ver,
    int64_t *objects, char **cause)
{
	static const char sql[] = "SELECT (SELECT application_id FROM "
	    "pragma_application_id), (SELECT user_version FROM "
	    "pragma_user_version), (SELECT count(*) FROM sqlite_master)";
	sqlite3_stmt *s = NULL;
	int rc;

	rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		*cause = store_cause(st, rc, "reading");
		sqlite3_finalize(s);
		return -1;
	}
	*app = sqlite3_column_int64(s, 0);
	*ver = sqlite3_column_int64(s, 1);
	*objects = sqlite3_column_int64(s, 2);
	sqlite3_finalize(s);
	return 0;
}

/* Read the chain head (last seq and its hash) from the file. */
static int store_load_head(struct store *st, char **cause)
{
	sqlite3_stmt *s;
	const void *h;
	int rc;

	if ((s = store_stmt_get(st, STORE_SQL_HEAD, cause)) == NULL)
		return -1;
	st->last_seq = 0;
	memset(st->last_hash, 0, sizeof st->last_hash);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		st->last_seq = sqlite3_column_int64(s, 0);
		h = sqlite3_column_blob(s, 1);
		if (h != NULL && sqlite3_column_bytes(s, 1) ==
		    (int)sizeof st->last_hash)
			memcpy(st->last_hash, h, sizeof st->last_hash);
	} else if (rc != SQLITE_DONE)
		*cause = store_cause(st, rc, "reading");
	store_stmt_put(st, STORE_SQL_HEAD, s);
	return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? 0 : -1;
}

/* Reload the head, dropping any error (the next store_begin retries). */
static void store_reload_head(struct store *st)
{
	char *cause = NULL;

	if (store_load_head(st, &cause) != 0)
		free(cause);
}

/* Create each missing directory above path, mode 0700. */
static int store_make_dirs(const char *path, char **cause)
{
	char *dir = xstrdup(path), *p;
	struct stat sb;

	for (p = dir + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (stat(dir, &sb) != 0 && mkdir(dir, 0700) != 0 &&
		    errno != EEXIST) {
			*cause = xasprintf("cannot create the directory %s for "
			    "the store (%s): create it yourself or use --db to "
			    "choose another file", dir, strerror(errno));
			free(dir);
			return -1;
		}
		*p = '/';
	}
	free(dir);
	return 0;
}

/* Make sure the store file exists: create it (mode 0600) and its
 * directories when missing. An empty file is an empty SQLite database. */
static int store_make_file(const char *path, char **cause)
{
	struct stat sb;
	int fd;

	if (stat(path, &sb) == 0)
		return 0;
	if (errno != ENOENT) {
		*cause = xasprintf("cannot reach the store %s (%s): check the "
		    "path and its permissions", path, strerror(errno));
		return -1;
	}
	if (store_make_dirs(path, cause) != 0)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1 && errno != EEXIST) {
		*cause = xasprintf("cannot create the store %s (%s): check the "
		    "permissions of its directory or use --db to choose another "
		    "file", path, strerror(errno));
		return -1;
	}
	if (fd != -1)
		close(fd);
	return 0;
}

/* Refuse a non-empty file that does not start with SQLite's magic string:
 * SQLite itself takes some short files for empty databases and would
 * overwrite them. */
static int store_check_magic(const char *path, char **cause)
{
	static const char magic[16] = "SQLite format 3";
	char head[sizeof magic];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("cannot open the store %s (%s): check its "
		    "permissions or use --db to choose another file", path,
		    strerror(errno));
		return -1;
	}
	n = read(fd, head, sizeof head);
	close(fd);
	if (n == -1 && errno == EISDIR) {
		*cause = xasprintf("%s is a directory, not a store: give the "
		    "path of a file with --db", path);
		return -1;
	}
	if (n == 0)
		return 0;
	if (n == (ssize_t)sizeof head && memcmp(head, magic, sizeof head) == 0)
		return 0;
	*cause = xasprintf("%s is not a SQLite database (%s); use --db to "
	    "choose another file", path, n == -1 ? strerror(errno) :
	    "it does not start with the SQLite header");
	return -1;
}

/* Open the SQLite connection to name (path, or a URI for it) with flags
 * and set the busy timeout. */
static int store_connect(const char *path, const char *name, int flags,
    struct store **out, char **cause)
{
	struct store *st = xcalloc(1, sizeof *st);
	int rc;

	st->path = xstrdup(path);
	st->readonly = (flags & SQLITE_OPEN_READONLY) != 0;
	rc = sqlite3_open_v2(name, &st->db, flags, NULL);
	if (rc != SQLITE_OK) {
		if (st->db == NULL)
			*cause = xasprintf("cannot open the store %s: out of "
			    "memory", path);
		else
			*cause = store_cause(st, rc, "opening");
		store_close(st);
		return -1;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	*out = st;
	return 0;
}

/* Refuse a file that is not a sitrep store, or one of another schema
 * version than this program can use; 0 also for a fresh, empty file.
 * *ver is the file's schema version. */
static int store_check(struct store *st, int64_t *ver, char **cause)
{
	int64_t app, objects;

	if (store_identity(st, &app, ver, &objects, cause) != 0)
		return -1;
	if (app == 0 && *ver == 0 && objects == 0) {
		if (!st->readonly)
			return 0;
		*cause = xasprintf("%s is an empty database, not a sitrep store "
		    "yet; use --db to choose another file", st->path);
		return -1;
	}
	if (app != STORE_APPLICATION_ID) {
		*cause = xasprintf("%s is a SQLite database but not a sitrep "
		    "store (application_id 0x%08" PRIx32 "); use --db to choose "
		    "another file", st->path, (uint32_t)app);
		return -1;
	}
	if (*ver > schema_count) {
		*cause = xasprintf("%s was written by a newer sitrep (schema %"
		    PRId64 ", this program knows %d); upgrade sitrep", st->path,
		    *ver, schema_count);
		return -1;
	}
	if (st->readonly && *ver < schema_count) {
		*cause = xasprintf("%s has an older schema (%" PRId64 ", this "
		    "program knows %d) and is opened read-only: run sitrep "
		    "serve on it once to upgrade it", st->path, *ver,
		    schema_count);
		return -1;
	}
	return 0;
}

/* Step "PRAGMA journal_mode=WAL" once; the SQLite result code, and in
 * *wal whether the store is now in WAL mode. */
static int store_wal_once(struct store *st, int *wal)
{
	sqlite3_stmt *s = NULL;
	const char *mode;
	int rc;

	*wal = 0;
	rc = sqlite3_prepare_v2(st->db, "PRAGMA journal_mode=WAL", -1, &s,
	    NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		mode = (const char *)sqlite3_column_text(s, 0);
		*wal = mode != NULL && strcmp(mode, "wal") == 0;
	}
	sqlite3_finalize(s);
	return rc;
}

/* WAL, synchronous=FULL and foreign keys for a writable store. Switching
 * to WAL upgrades a read lock, where SQLite returns "busy" at once rather
 * than wait (another process opening the same fresh file): retry it for
 * up to the busy timeout. */
static int store_set_pragmas(struct store *st, char **cause)
{
	int rc, wal, waited = 0;

	while ((rc = store_wal_once(st, &wal)) != SQLITE_ROW &&
	    (rc & 0xff) == SQLITE_BUSY && waited < STORE_BUSY_MS)
		waited += sqlite3_sleep(10);
	if (rc != SQLITE_ROW) {
		*cause = store_cause(st, rc, "opening");
		return -1;
	}
	if (!wal) {
		*cause = xasprintf("cannot switch the store %s to WAL mode: its "
		    "directory must be writable and on a local file system",
		    st->path);
		return -1;
	}
	return store_exec(st, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON",
	    "opening", cause);
}

/* Apply migration number v (0-based) inside the open transaction, then
 * mark the file: user_version v + 1, and application_id on the first. */
static int store_migrate_one(struct store *st, int64_t v, char **cause)
{
	char *sql, *c = NULL;
	int rc;

	if (store_exec(st, schema_migrations[v].sql, "writing", &c) != 0) {
		*cause = xasprintf("cannot upgrade the store to schema %" PRId64
		    " (%s); nothing was changed: %s", v + 1,
		    schema_migrations[v].name, c);
		free(c);
		return -1;
	}
	if (v == 0)
		sql = xasprintf("PRAGMA application_id = %d; "
		    "PRAGMA user_version = 1", STORE_APPLICATION_ID);
	else
		sql = xasprintf("PRAGMA user_version = %" PRId64, v + 1);
	rc = store_exec(st, sql, "writing", cause);
	free(sql);
	return rc;
}

/* Apply the missing migrations in order, one transaction each. The version
 * is read again inside each transaction, so two processes opening a fresh
 * file at once do not both migrate it. */
static int store_migrate(struct store *st, char **cause)
{
	int64_t v;

	for (;;) {
		if (store_exec(st, "BEGIN IMMEDIATE", "writing", cause) != 0)
			return -1;
		if (store_check(st, &v, cause) != 0)
			goto fail;
		if (v >= schema_count)
			break;
		if (store_migrate_one(st, v, cause) != 0)
			goto fail;
		if (store_exec(st, "COMMIT", "writing", cause) != 0)
			goto fail;
	}
	return store_exec(st, "COMMIT", "writing", cause);

fail:
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* Open (creating when missing) and migrate a store. */
int store_open(const char *path, struct store **out, char **cause)
{
	struct store *st;
	int64_t v;

	if (store_make_file(path, cause) != 0 ||
	    store_check_magic(path, cause) != 0)
		return -1;
	if (store_connect(path, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	    SQLITE_OPEN_NOMUTEX, &st, cause) != 0)
		return -1;
	if (sqlite3_db_readonly(st->db, "main") == 1) {
		*cause = xasprintf("the store %s is read-only (%s): make the "
		    "file and its directory writable for you, or work on a "
		    "copy; `sitrep verify` checks it without writing",
		    path, strerror(EACCES));
		goto fail;
	}
	if (store_check(st, &v, cause) != 0 ||
	    store_set_pragmas(st, cause) != 0)
		goto fail;
	if (v < schema_count && store_migrate(st, cause) != 0)
		goto fail;
	if (store_load_head(st, cause) != 0)
		goto fail;
	*out = st;
	return 0;

fail:
	store_close(st);
	return -1;
}

/* A file: URI for path with immutable=1 (every byte outside [A-Za-z0-9/._~-]
 * percent-encoded). */
static char *store_immutable_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	char *uri = xmalloc(strlen(path) * 3 + sizeof "file:?immutable=1");
	char *o = uri + 5;
	const unsigned char *p;

	memcpy(uri, "file:", 5);
	for (p = (const unsigned char *)path; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._~-", *p) != NULL) {
			*o++ = (char)*p;
			continue;
		}
		*o++ = '%';
		*o++ = hex[*p >> 4];
		*o++ = hex[*p & 0xf];
	}
	strcpy(o, "?immutable=1");
	return uri;
}

/* 1 when the file system holding dir has no space left. */
static int store_dir_full(const char *dir)
{
	struct statvfs vfs;

	return statvfs(dir, &vfs) == 0 && vfs.f_bavail == 0;
}

/* Connect read-only. When there is no WAL file and the directory is not
 * writable (a copy on read-only media) or its disk is full, SQLite could
 * not create its shared-memory file, and no writer can be at work (none can
 * write there either): open it immutable. */
static int store_connect_readonly(const char *path, struct store **out,
    char **cause)
{
	char *wal = xasprintf("%s-wal", path), *dir = xstrdup(path), *slash;
	struct stat sb;
	char *uri;
	int immutable, rc;

	if ((slash = strrchr(dir, '/')) != NULL)
		*(slash == dir ? slash + 1 : slash) = '\0';
	/* An empty WAL file holds nothing (a failed open on a full disk can
	 * leave one behind). */
	immutable = (stat(wal, &sb) != 0 || sb.st_size == 0) &&
	    (access(slash != NULL ? dir : ".", W_OK) != 0 ||
	    store_dir_full(slash != NULL ? dir : "."));
	free(wal);
	free(dir);
	if (!immutable)
		return store_connect(path, path, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_NOMUTEX, out, cause);
	uri = store_immutable_uri(path);
	rc = store_connect(path, uri, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, out, cause);
	free(uri);
	return rc;
}

/* Open an existing store read-only, without migrating. */
int store_open_readonly(const char *path, struct store **out, char **cause)
{
	struct store *st;
	struct stat sb;
	int64_t v;

	if (stat(path, &sb) != 0 && errno == ENOENT) {
		*cause = xasprintf("there is no store at %s (%s): check the path "
		    "or choose the store with --db", path, strerror(errno));
		return -1;
	}
	if (access(path, R_OK) != 0) {
		*cause = xasprintf("cannot read the store %s (%s): check the "
		    "permissions of the file and its directories", path,
		    strerror(errno));
		return -1;
	}
	if (store_check_magic(path, cause) != 0)
		return -1;
	if (store_connect_readonly(path, &st, cause) != 0)
		return -1;
	if (store_check(st, &v, cause) != 0 ||
	    store_exec(st, "PRAGMA foreign_keys=ON", "opening", cause) != 0 ||
	    store_load_head(st, cause) != 0) {
		store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

/* Close a store and finalize its statements; NULL is fine. */
void store_close(struct store *st)
{
	int i;

	if (st == NULL)
		return;
	for (i = 0; i < STORE_SQL_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

/* The file the store was opened from. */
const char *store_path(const struct store *st)
{
	return st->path;
}

/* The schema version this program knows. */
int store_schema_version(void)
{
	return schema_count;
}

/* Cap the file at pages database pages (0 lifts the cap). */
int store_set_max_pages(struct store *st, long pages, char **cause)
{
	char *sql;
	int rc;

	if (pages < 0) {
		*cause = xasprintf("the store size limit must not be negative");
		return -1;
	}
	if (pages == 0)
		sql = xstrdup("PRAGMA max_page_count = 4294967294");
	else
		sql = xasprintf("PRAGMA max_page_count = %ld", pages);
	rc = store_exec(st, sql, "writing", cause);
	free(sql);
	return rc;
}

/* Begin a write transaction and read the chain head. */
int store_begin(struct store *st, char **cause)
{
	if (st->in_tx || !sqlite3_get_autocommit(st->db)) {
		*cause = xstrdup("a transaction is already open on the store: "
		    "commit or roll it back first");
		return -1;
	}
	if (store_step_once(st, STORE_SQL_BEGIN, "writing", cause) != 0)
		return -1;
	st->in_tx = 1;
	if (store_load_head(st, cause) != 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

/* Commit; on failure roll back and reload the head. */
int store_commit(struct store *st, char **cause)
{
	if (!st->in_tx) {
		*cause = xstrdup("no transaction is open on the store: call "
		    "store_begin first");
		return -1;
	}
	if (sqlite3_get_autocommit(st->db)) {
		*cause = xstrdup("the batch was rolled back after an earlier "
		    "error; nothing in it was stored");
		store_rollback(st);
		return -1;
	}
	if (store_step_once(st, STORE_SQL_COMMIT, "writing", cause) != 0) {
		store_rollback(st);
		return -1;
	}
	st->in_tx = 0;
	return 0;
}

/* Roll back whatever is open and reload the head from the file. */
void store_rollback(struct store *st)
{
	char *cause = NULL;

	if (!sqlite3_get_autocommit(st->db) &&
	    store_step_once(st, STORE_SQL_ROLLBACK, "writing", &cause) != 0)
		free(cause);
	st->in_tx = 0;
	store_reload_head(st);
}

/* Look a uid up. */
int store_find_uid(struct store *st, const char *uid, int64_t *seq,
    char **cause)
{
	sqlite3_stmt *s;
	int rc, found = -1;

	if ((s = store_stmt_get(st, STORE_SQL_FIND_UID, cause)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(s, 0);
		found = 1;
	} else if (rc == SQLITE_DONE)
		found = 0;
	else
		*cause = store_cause(st, rc, "reading");
	store_stmt_put(st, STORE_SQL_FIND_UID, s);
	return found;
}

/* Feed one integer to the hash as 8 big-endian bytes. */
static void store_hash_int(crypto_generichash_state *h, int64_t v)
{
	unsigned char b[8];
	uint64_t u = (uint64_t)v;
	int i;

	for (i = 7; i >= 0; i--) {
		b[i] = u & 0xff;
		u >>= 8;
	}
	crypto_generichash_update(h, b, sizeof b);
}

/* Feed one string to the hash: its length, then its bytes. */
static void store_hash_text(crypto_generichash_state *h,
    const struct store_text *t)
{
	store_hash_int(h, (int64_t)t->n);
	if (t->n != 0)
		crypto_generichash_update(h, (const unsigned char *)t->s, t->n);
}

/* The chain hash over prev and the canonical fields: every field in a
 * fixed order, integers as 8 big-endian bytes, strings length-prefixed
 * (an absent refs/tags is the empty string; a present one is at least
 * "[]"), so no two different events encode alike. */
static void store_hash_fields(const unsigned char prev[32],
    const struct store_fields *f, unsigned char out[32])
{
	static const char domain[] = "sitrep event v1";
	crypto_generichash_state h;

	crypto_generichash_init(&h, NULL, 0, 32);
	crypto_generichash_update(&h, (const unsigned char *)domain,
	    sizeof domain);
	crypto_generichash_update(&h, prev, 32);
	store_hash_int(&h, f->seq);
	store_hash_text(&h, &f->uid);
	store_hash_text(&h, &f->incident);
	store_hash_text(&h, &f->kind);
	store_hash_text(&h, &f->actor);
	store_hash_int(&h, f->occurred_at);
	store_hash_int(&h, f->recorded_at);
	store_hash_int(&h, f->target);
	store_hash_text(&h, &f->body);
	store_hash_text(&h, &f->refs);
	store_hash_text(&h, &f->tags);
	crypto_generichash_final(&h, out, 32);
}

/* Point t at s (NULL: the empty string). */
static void store_text_set(struct store_text *t, const char *s)
{
	t->s = s != NULL ? s : "";
	t->n = s != NULL ? strlen(s) : 0;
}

/* The canonical fields of ev as seq, with its JSON already serialized. */
static void store_fields_event(struct store_fields *f, const struct event *ev,
    int64_t seq, const char *body, const char *refs, const char *tags)
{
	f->seq = seq;
	f->occurred_at = ev->occurred_at;
	f->recorded_at = ev->recorded_at;
	f->target = ev->target;
	store_text_set(&f->uid, ev->uid);
	store_text_set(&f->incident, ev->incident);
	store_text_set(&f->kind, event_kind_name(ev->kind));
	store_text_set(&f->actor, ev->actor);
	store_text_set(&f->body, body);
	store_text_set(&f->refs, refs);
	store_text_set(&f->tags, tags);
}

/* Serialize a JSON value canonically (compact, sorted keys); NULL in,
 * NULL out. The caller frees. */
static char *store_json_dump(const json_t *v)
{
	if (v == NULL)
		return NULL;
	return json_dumps(v, STORE_JSON_FLAGS);
}

/* The chain hash of ev after prev. */
void store_hash(const unsigned char prev[32], const struct event *ev,
    unsigned char out[32])
{
	struct store_fields f;
	char *body, *refs, *tags;

	body = store_json_dump(ev->body);
	refs = store_json_dump(ev->refs);
	tags = store_json_dump(ev->tags);
	store_fields_event(&f, ev, ev->seq, body, refs, tags);
	store_hash_fields(prev, &f, out);
	free(body);
	free(refs);
	free(tags);
}

/* Check that ev can be stored and that a batch is open. */
static int store_append_check(struct store *st, const struct event *ev,
    char **cause)
{
	if (!st->in_tx) {
		*cause = xstrdup("events are appended inside a transaction: "
		    "call store_begin first");
		return -1;
	}
	if (sqlite3_get_autocommit(st->db)) {
		*cause = xstrdup("the batch was rolled back after an earlier "
		    "error; nothing in it was stored");
		return -1;
	}
	if (ev->kind <= EV_UNKNOWN || ev->kind >= EV_KIND_COUNT ||
	    !event_uid_valid(ev->uid) || ev->incident == NULL ||
	    ev->actor == NULL || !json_is_object(ev->body) ||
	    (ev->refs != NULL && !json_is_array(ev->refs)) ||
	    (ev->tags != NULL && !json_is_array(ev->tags))) {
		*cause = xstrdup("the event is incomplete (it needs a known "
		    "kind, a valid uid, an incident, an actor and a body "
		    "object; refs and tags must be lists): nothing was stored");
		return -1;
	}
	return 0;
}

/* Bind the canonical fields and hash to the insert statement. */
static void store_bind_fields(sqlite3_stmt *s, const struct store_fields *f,
    const unsigned char hash[32], int has_refs, int has_tags)
{
	sqlite3_bind_int64(s, 1, f->seq);
	sqlite3_bind_text(s, 2, f->uid.s, (int)f->uid.n, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, f->incident.s, (int)f->incident.n,
	    SQLITE_STATIC);
	sqlite3_bind_text(s, 4, f->kind.s, (int)f->kind.n, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, f->actor.s, (int)f->actor.n, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, f->occurred_at);
	sqlite3_bind_int64(s, 7, f->recorded_at);
	if (f->target != 0)
		sqlite3_bind_int64(s, 8, f->target);
	else
		sqlite3_bind_null(s, 8);
	sqlite3_bind_text(s, 9, f->body.s, (int)f->body.n, SQLITE_STATIC);
	if (has_refs)
		sqlite3_bind_text(s, 10, f->refs.s, (int)f->refs.n,
		    SQLITE_STATIC);
	if (has_tags)
		sqlite3_bind_text(s, 11, f->tags.s, (int)f->tags.n,
		    SQLITE_STATIC);
	sqlite3_bind_blob(s, 12, hash, 32, SQLITE_STATIC);
}

/* Why an insert failed: a duplicate uid says so, the rest by class. */
static char *store_append_cause(struct store *st, int rc,
    const struct event *ev)
{
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return xasprintf("an event with uid %s is already stored; "
		    "nothing was changed", ev->uid);
	return store_cause(st, rc, "writing");
}

/* Insert ev as the next event of the chain; the head moves on success. */
static int store_insert(struct store *st, struct event *ev,
    const char *body, const char *refs, const char *tags, char **cause)
{
	struct store_fields f;
	unsigned char hash[32];
	sqlite3_stmt *s;
	int rc;

	store_fields_event(&f, ev, st->last_seq + 1, body, refs, tags);
	store_hash_fields(st->last_hash, &f, hash);
	if ((s = store_stmt_get(st, STORE_SQL_INSERT, cause)) == NULL)
		return -1;
	store_bind_fields(s, &f, hash, refs != NULL, tags != NULL);
	rc = sqlite3_step(s);
	if (rc != SQLITE_DONE)
		*cause = store_append_cause(st, rc, ev);
	store_stmt_put(st, STORE_SQL_INSERT, s);
	if (rc != SQLITE_DONE)
		return -1;
	ev->seq = f.seq;
	memcpy(ev->hash, hash, sizeof ev->hash);
	st->last_seq = f.seq;
	memcpy(st->last_hash, hash, sizeof st->last_hash);
	return 0;
}

/* Append ev inside the open transaction. */
int store_append(struct store *st, struct event *ev, char **cause)
{
	char *body = NULL, *refs = NULL, *tags = NULL;
	int rc = -1;

	if (store_append_check(st, ev, cause) != 0)
		return -1;
	body = store_json_dump(ev->body);
	refs = store_json_dump(ev->refs);
	tags = store_json_dump(ev->tags);
	if (body == NULL || (ev->refs != NULL && refs == NULL) ||
	    (ev->tags != NULL && tags == NULL)) {
		*cause = xstrdup("the event's JSON cannot be serialized; "
		    "nothing was stored");
		goto fail;
	}
	rc = store_insert(st, ev, body, refs, tags, cause);
	if (rc != 0 && sqlite3_get_autocommit(st->db))
		store_reload_head(st);

fail:
	free(body);
	free(refs);
	free(tags);
	return rc;
}

/* The last seq of the chain. */
int64_t store_last_seq(const struct store *st)
{
	return st->last_seq;
}

/* The chain hash of the last event. */
void store_head_hash(const struct store *st, unsigned char out[32])
{
	memcpy(out, st->last_hash, sizeof st->last_hash);
}

/* The store's SQLite connection (store-fold.c). */
sqlite3 *store_sqlite(struct store *st)
{
	return st->db;
}

/* Drop the JSON a row-filled event owns; its strings stay for reuse. */
static void store_event_clear(struct event *ev)
{
	json_decref(ev->body);
	json_decref(ev->refs);
	json_decref(ev->tags);
	ev->body = ev->refs = ev->tags = NULL;
}

/* Parse a JSON column: an object (body) or an array or NULL (refs/tags). */
static int store_col_json(sqlite3_stmt *s, int col, int want_object,
    json_t **out)
{
	const char *text = (const char *)sqlite3_column_text(s, col);
	size_t n = (size_t)sqlite3_column_bytes(s, col);
	json_error_t err;

	*out = NULL;
	if (text == NULL)
		return want_object ? -1 : 0;
	*out = json_loadb(text, n, JSON_ALLOW_NUL, &err);
	if (*out == NULL)
		return -1;
	if (want_object ? json_is_object(*out) : json_is_array(*out))
		return 0;
	json_decref(*out);
	*out = NULL;
	return -1;
}

/* Set *dst to a copy of a text column (NULL becomes ""), keeping the old
 * copy when it is the same (a scan sees the same incident and a few actors
 * over and over). */
static void store_col_str(sqlite3_stmt *s, int col, char **dst)
{
	const char *text = (const char *)sqlite3_column_text(s, col);

	if (text == NULL)
		text = "";
	if (*dst != NULL && strcmp(*dst, text) == 0)
		return;
	free(*dst);
	*dst = xstrdup(text);
}

/* Fill ev from the current row of s (STORE_COLUMNS order). */
static int store_row_event(sqlite3_stmt *s, struct event *ev, char **cause)
{
	const char *uid, *kind, *what = NULL;
	const void *hash;

	store_event_clear(ev);
	ev->seq = sqlite3_column_int64(s, STORE_COL_SEQ);
	uid = (const char *)sqlite3_column_text(s, STORE_COL_UID);
	if (uid != NULL && strlen(uid) == SR_UID_LEN)
		memcpy(ev->uid, uid, SR_UID_LEN + 1);
	else
		what = "uid";
	store_col_str(s, STORE_COL_INCIDENT, &ev->incident);
	kind = (const char *)sqlite3_column_text(s, STORE_COL_KIND);
	if ((ev->kind = event_kind_parse(kind ? kind : "")) == EV_UNKNOWN)
		what = "kind";
	store_col_str(s, STORE_COL_ACTOR, &ev->actor);
	ev->occurred_at = sqlite3_column_int64(s, STORE_COL_OCCURRED);
	ev->recorded_at = sqlite3_column_int64(s, STORE_COL_RECORDED);
	ev->target = sqlite3_column_int64(s, STORE_COL_TARGET);
	if (store_col_json(s, STORE_COL_BODY, 1, &ev->body) != 0)
		what = "body";
	if (store_col_json(s, STORE_COL_REFS, 0, &ev->refs) != 0)
		what = "refs";
	if (store_col_json(s, STORE_COL_TAGS, 0, &ev->tags) != 0)
		what = "tags";
	hash = sqlite3_column_blob(s, STORE_COL_HASH);
	if (hash != NULL && sqlite3_column_bytes(s, STORE_COL_HASH) == 32)
		memcpy(ev->hash, hash, sizeof ev->hash);
	else
		what = "hash";
	if (ev->body == NULL)
		ev->body = json_object();
	if (what == NULL)
		return 0;
	*cause = xasprintf("event %" PRId64 " in the store is damaged (its %s "
	    "cannot be read): run sitrep verify", ev->seq, what);
	return -1;
}

/* Step s, passing each row to cb as an event (one allocation reused).
 * Returns the rows passed, or -1; *first_rc is the SQLite error when the
 * very first step failed (a bad search query), else SQLITE_OK. */
static long store_run(struct store *st, sqlite3_stmt *s, store_event_cb cb,
    void *arg, int *first_rc, char **cause)
{
	struct event *ev = xcalloc(1, sizeof *ev);
	long n = 0;
	int rc;

	*first_rc = SQLITE_OK;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_row_event(s, ev, cause) != 0) {
			n = -1;
			break;
		}
		n++;
		if (cb(ev, arg) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		if (n == 0)
			*first_rc = rc;
		*cause = store_cause(st, rc, "reading");
		n = -1;
	}
	event_free(ev);
	return n;
}

/* A LIMIT value: 0 (no limit) and anything too large become -1. */
static int64_t store_limit(size_t limit)
{
	if (limit == 0 || limit > (size_t)INT64_MAX)
		return -1;
	return (int64_t)limit;
}

/* Events after since, for one incident or all, in seq order. */
long store_scan(struct store *st, const char *incident, int64_t since,
    size_t limit, store_event_cb cb, void *arg, char **cause)
{
	enum store_sql which;
	sqlite3_stmt *s;
	long n;
	int first_rc;

	which = incident != NULL ? STORE_SQL_SCAN_INC : STORE_SQL_SCAN_ALL;
	if ((s = store_stmt_get(st, which, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, since);
	sqlite3_bind_int64(s, 2, store_limit(limit));
	if (incident != NULL)
		sqlite3_bind_text(s, 3, incident, -1, SQLITE_STATIC);
	n = store_run(st, s, cb, arg, &first_rc, cause);
	store_stmt_put(st, which, s);
	return n;
}

/* The events a backward scan gathered (newest first), kept as copies. */
struct store_back {
	struct event **evs;
	size_t n;
	size_t cap;
};

/* Keep one event of a backward scan. */
static int store_back_cb(const struct event *ev, void *arg)
{
	struct store_back *b = arg;

	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->evs = xreallocarray(b->evs, b->cap, sizeof *b->evs);
	}
	b->evs[b->n++] = event_copy(ev);
	return 0;
}

/* Run a backward scan statement (parameters bound but for ?1 and ?2) and
 * hand its events out oldest first. */
static long store_scan_back_run(struct store *st, enum store_sql which,
    sqlite3_stmt *s, int64_t before, size_t limit, store_event_cb cb,
    void *arg, char **cause)
{
	struct store_back b = { NULL, 0, 0 };
	long n;
	size_t i;
	int first_rc;

	sqlite3_bind_int64(s, 1, before > 0 ? before : INT64_MAX);
	sqlite3_bind_int64(s, 2, store_limit(limit));
	n = store_run(st, s, store_back_cb, &b, &first_rc, cause);
	store_stmt_put(st, which, s);
	for (i = b.n; n >= 0 && i > 0; i--) {
		if (cb(b.evs[i - 1], arg) != 0) {
			n = (long)(b.n - i + 1);
			break;
		}
	}
	for (i = 0; i < b.n; i++)
		event_free(b.evs[i]);
	free(b.evs);
	return n;
}

/* The newest limit events before a seq, handed out oldest first. */
long store_scan_back(struct store *st, const char *incident, int64_t before,
    size_t limit, store_event_cb cb, void *arg, char **cause)
{
	enum store_sql which;
	sqlite3_stmt *s;

	which = incident != NULL ? STORE_SQL_BACK_INC : STORE_SQL_BACK_ALL;
	if ((s = store_stmt_get(st, which, cause)) == NULL)
		return -1;
	if (incident != NULL)
		sqlite3_bind_text(s, 3, incident, -1, SQLITE_STATIC);
	return store_scan_back_run(st, which, s, before, limit, cb, arg, cause);
}

/* The newest limit events of some kinds of one incident before a seq,
 * handed out oldest first. */
long store_scan_back_kinds(struct store *st, const char *incident,
    const json_t *kinds, int64_t before, size_t limit, store_event_cb cb,
    void *arg, char **cause)
{
	sqlite3_stmt *s;
	char *names;

	if ((names = json_dumps(kinds, JSON_COMPACT)) == NULL) {
		*cause = xstrdup("the kinds must be a list of kind names");
		return -1;
	}
	if ((s = store_stmt_get(st, STORE_SQL_BACK_KINDS, cause)) == NULL) {
		free(names);
		return -1;
	}
	sqlite3_bind_text(s, 3, incident, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, names, -1, free);
	return store_scan_back_run(st, STORE_SQL_BACK_KINDS, s, before, limit,
	    cb, arg, cause);
}

/* The query as a safe FTS5 query: each word a quoted phrase (inner quotes
 * doubled), all of them required. NULL when there is no word. */
static char *store_search_quote(const char *query)
{
	char *out = xmalloc(strlen(query) * 3 + 3), *o = out;
	const char *p = query;
	size_t words = 0;

	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p == '\0')
			break;
		if (words++ != 0)
			*o++ = ' ';
		*o++ = '"';
		for (; *p != '\0' && strchr(" \t\n\r", *p) == NULL; p++) {
			if (*p == '"')
				*o++ = '"';
			*o++ = *p;
		}
		*o++ = '"';
	}
	*o = '\0';
	if (words != 0)
		return out;
	free(out);
	return NULL;
}

/* Run the search statement once for query. */
static long store_search_run(struct store *st, const char *query,
    const char *incident, size_t limit, store_event_cb cb, void *arg,
    int *first_rc, char **cause)
{
	sqlite3_stmt *s;
	long n;

	*first_rc = SQLITE_OK; /* a statement that cannot be prepared is no
				* parse failure of the query */
	if ((s = store_stmt_get(st, STORE_SQL_SEARCH, cause)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, query, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, store_limit(limit));
	if (incident != NULL)
		sqlite3_bind_text(s, 3, incident, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 3);
	n = store_run(st, s, cb, arg, first_rc, cause);
	store_stmt_put(st, STORE_SQL_SEARCH, s);
	return n;
}

/* Full-text search, newest first. A query FTS5 cannot parse (a stray
 * quote, "deploy:4711" read as a column filter, a lone AND) is run again
 * with each word quoted as a phrase. */
long store_search(struct store *st, const char *query, const char *incident,
    size_t limit, store_event_cb cb, void *arg, char **cause)
{
	char *quoted, *first = NULL;
	long n;
	int first_rc = SQLITE_OK;

	if ((quoted = store_search_quote(query)) == NULL)
		return 0;
	n = store_search_run(st, query, incident, limit, cb, arg, &first_rc,
	    &first);
	if (n == -1 && (first_rc & 0xff) == SQLITE_ERROR) {
		free(first);
		first = NULL;
		n = store_search_run(st, quoted, incident, limit, cb, arg,
		    &first_rc, &first);
		if (n == -1 && (first_rc & 0xff) == SQLITE_ERROR) {
			free(first);
			first = xasprintf("cannot search for \"%s\" (%s): "
			    "simplify the query", query,
			    sqlite3_errmsg(st->db));
		}
	}
	free(quoted);
	if (n == -1)
		*cause = first;
	else
		free(first);
	return n;
}

/* The canonical fields of the current row of s, straight from its columns
 * (the stored JSON is the canonical serialization). */
static void store_fields_row(sqlite3_stmt *s, struct store_fields *f)
{
	struct store_text *t[] = { &f->uid, &f->incident, &f->kind, &f->actor,
	    &f->body, &f->refs, &f->tags };
	int col[] = { STORE_COL_UID, STORE_COL_INCIDENT, STORE_COL_KIND,
	    STORE_COL_ACTOR, STORE_COL_BODY, STORE_COL_REFS, STORE_COL_TAGS };
	size_t i;

	f->seq = sqlite3_column_int64(s, STORE_COL_SEQ);
	f->occurred_at = sqlite3_column_int64(s, STORE_COL_OCCURRED);
	f->recorded_at = sqlite3_column_int64(s, STORE_COL_RECORDED);
	f->target = sqlite3_column_int64(s, STORE_COL_TARGET);
	for (i = 0; i < sizeof col / sizeof col[0]; i++) {
		t[i]->s = (const char *)sqlite3_column_text(s, col[i]);
		t[i]->n = (size_t)sqlite3_column_bytes(s, col[i]);
		if (t[i]->s == NULL)
			t[i]->s = "";
	}
}

/* Check the current row against the chain: 1 when it continues it (prev
 * moves on), 0 when it breaks it. */
static int store_verify_row(sqlite3_stmt *s, int64_t expect,
    unsigned char prev[32])
{
	struct store_fields f;
	unsigned char hash[32];
	const void *stored;

	store_fields_row(s, &f);
	if (f.seq != expect)
		return 0;
	store_hash_fields(prev, &f, hash);
	stored = sqlite3_column_blob(s, STORE_COL_HASH);
	if (stored == NULL || sqlite3_column_bytes(s, STORE_COL_HASH) != 32 ||
	    memcmp(stored, hash, sizeof hash) != 0)
		return 0;
	memcpy(prev, hash, sizeof hash);
	return 1;
}

/* Recompute the chain from the first row; 1 and *bad_seq at a break (an
 * edited row, the row after a deleted one, a gap in seq). */
int store_verify(struct store *st, int64_t *bad_seq, char **cause)
{
	unsigned char prev[32] = { 0 };
	sqlite3_stmt *s;
	int64_t expect = 1;
	int rc, broken = 0;

	if ((s = store_stmt_get(st, STORE_SQL_VERIFY, cause)) == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!store_verify_row(s, expect, prev)) {
			*bad_seq = sqlite3_column_int64(s, STORE_COL_SEQ);
			broken = 1;
			break;
		}
		expect++;
	}
	if (!broken && rc != SQLITE_DONE) {
		*cause = store_cause(st, rc, "reading");
		broken = -1;
	}
	store_stmt_put(st, STORE_SQL_VERIFY, s);
	return broken;
}

/* A growing text buffer for the JSON of one row. */
struct store_buf {
	char *s;
	size_t n;
	size_t cap;
};

/* Append n bytes to b. */
static void store_buf_add(struct store_buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = xreallocarray(b->s, 1, b->cap);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

/* Append ,"key":N (the caller turns the first comma into a brace). */
static void store_buf_int(struct store_buf *b, const char *key, int64_t v)
{
	char tmp[64];
	int n = snprintf(tmp, sizeof tmp, ",\"%s\":%" PRId64, key, v);

	store_buf_add(b, tmp, (size_t)n);
}

/* Append "key":"text" as jansson writes the string: printable ASCII is
 * copied, anything else goes through jansson itself. */
static void store_buf_str(struct store_buf *b, const char *key,
    const char *s, size_t n)
{
	json_t *j;
	char *enc;
	size_t i;

	store_buf_add(b, ",\"", 2);
	store_buf_add(b, key, strlen(key));
	store_buf_add(b, "\":", 2);
	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f ||
		    s[i] == '"' || s[i] == '\\')
			break;
	}
	if (i == n) {
		store_buf_add(b, "\"", 1);
		store_buf_add(b, s, n);
		store_buf_add(b, "\"", 1);
		return;
	}
	j = json_stringn_nocheck(s, n);
	enc = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
	json_decref(j);
	store_buf_add(b, enc != NULL ? enc : "\"\"", enc != NULL ?
	    strlen(enc) : 2);
	free(enc);
}

/* Append "key":<stored JSON> when the column is not NULL. */
static void store_buf_json(struct store_buf *b, const char *key,
    sqlite3_stmt *s, int col)
{
	const char *text = (const char *)sqlite3_column_text(s, col);

	if (text == NULL)
		return;
	store_buf_add(b, ",\"", 2);
	store_buf_add(b, key, strlen(key));
	store_buf_add(b, "\":", 2);
	store_buf_add(b, text, (size_t)sqlite3_column_bytes(s, col));
}

/* The JSON text of the current row, exactly as json_dumps(event_to_json(ev,
 * 1), JSON_COMPACT) writes the event it holds: the same members in the
 * same order, the stored body, refs and tags (already canonical JSON)
 * copied as they are. -1 when the row is damaged. */
static int store_row_text(sqlite3_stmt *s, struct store_buf *b)
{
	struct store_fields f;
	const void *hash = sqlite3_column_blob(s, STORE_COL_HASH);
	char hex[65];

	store_fields_row(s, &f);
	if (hash == NULL || sqlite3_column_bytes(s, STORE_COL_HASH) != 32 ||
	    sqlite3_column_text(s, STORE_COL_BODY) == NULL)
		return -1;
	b->n = 0;
	store_buf_int(b, "seq", f.seq);
	b->s[0] = '{';
	store_buf_str(b, "uid", f.uid.s, f.uid.n);
	store_buf_str(b, "incident", f.incident.s, f.incident.n);
	store_buf_str(b, "kind", f.kind.s, f.kind.n);
	store_buf_str(b, "actor", f.actor.s, f.actor.n);
	if (f.occurred_at != 0)
		store_buf_int(b, "occurred_at", f.occurred_at);
	if (f.recorded_at != 0)
		store_buf_int(b, "recorded_at", f.recorded_at);
	if (f.target != 0)
		store_buf_int(b, "target", f.target);
	store_buf_json(b, "body", s, STORE_COL_BODY);
	store_buf_json(b, "refs", s, STORE_COL_REFS);
	store_buf_json(b, "tags", s, STORE_COL_TAGS);
	sodium_bin2hex(hex, sizeof hex, hash, 32);
	store_buf_str(b, "hash", hex, 64);
	store_buf_add(b, "}", 1);
	return 0;
}

/* Events of one incident after since, at most limit, as JSON text. */
long store_scan_text(struct store *st, const char *incident, int64_t since,
    size_t limit, store_text_cb cb, void *arg, char **cause)
{
	struct store_buf b = { NULL, 0, 0 };
	sqlite3_stmt *s;
	long n = 0;
	int rc;

	if ((s = store_stmt_get(st, STORE_SQL_SCAN_INC, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, since);
	sqlite3_bind_int64(s, 2, store_limit(limit));
	sqlite3_bind_text(s, 3, incident, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_row_text(s, &b) != 0) {
			*cause = xasprintf("event %lld in the store is "
			    "damaged: run sitrep verify",
			    (long long)sqlite3_column_int64(s, STORE_COL_SEQ));
			n = -1;
			break;
		}
		n++;
		if (cb(b.s, b.n, sqlite3_column_int64(s, STORE_COL_SEQ),
		    arg) != 0)
			break;
	}
	if (n >= 0 && rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_cause(st, rc, "reading");
		n = -1;
	}
	store_stmt_put(st, STORE_SQL_SCAN_INC, s);
	free(b.s);
	return n;
}

/* The chain hash of the event at seq (seq 0: the zeros the chain starts
 * from): 0, 1 when there is no such event, -1 and *cause on error. */
int store_hash_at(struct store *st, int64_t seq, unsigned char out[32],
    char **cause)
{
	sqlite3_stmt *s;
	int rc, r = 1;

	memset(out, 0, 32);
	if (seq == 0)
		return 0;
	if ((s = store_stmt_get(st, STORE_SQL_HASH_AT, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, seq);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(s, 0) == 32) {
		memcpy(out, sqlite3_column_blob(s, 0), 32);
		r = 0;
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_cause(st, rc, "reading");
		r = -1;
	}
	store_stmt_put(st, STORE_SQL_HASH_AT, s);
	return r;
}

/* Where the events of one incident join the store's chain: each event after
 * since (up to upto) whose predecessor in the store (seq - 1) is not the
 * incident's event before it, and the first one when since is 0, with that
 * predecessor's hash. */
long store_scan_joins(struct store *st, const char *incident, int64_t since,
    int64_t upto, size_t limit, store_join_cb cb, void *arg, int64_t *last,
    char **cause)
{
	unsigned char prev[32];
	sqlite3_stmt *s;
	int64_t seq, before = since;
	long n = 0;
	int rc = SQLITE_DONE;

	*last = since;
	if ((s = store_stmt_get(st, STORE_SQL_SEQS_INC, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, since);
	sqlite3_bind_text(s, 3, incident, -1, SQLITE_STATIC);
	while ((limit == 0 || (size_t)n < limit) &&
	    (rc = sqlite3_step(s)) == SQLITE_ROW) {
		seq = sqlite3_column_int64(s, 0);
		if (upto != 0 && seq > upto) {
			rc = SQLITE_DONE;
			break;
		}
		*last = seq;
		if (seq != before + 1 || (since == 0 && before == 0)) {
			if (store_hash_at(st, seq - 1, prev, cause) < 0) {
				n = -1;
				break;
			}
			n++;
			cb(seq, prev, arg);
		}
		before = seq;
	}
	if (n >= 0 && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		*cause = store_cause(st, rc, "reading");
		n = -1;
	}
	store_stmt_put(st, STORE_SQL_SEQS_INC, s);
	return n;
}
