/* bench-export.c: export and import (DESIGN section 11), each next to a
 * baseline measured in the same run on the same machine:
 *
 * - `sitrep export --format json` of an incident of N events, against
 *   `sqlite3 -json` dumping the same rows (target: at most 2 x); the user
 *   running it can read the store, so the events come from the file;
 * - the same events paged through the server, as a user who cannot read
 *   the store gets them (written by this program through the client
 *   library, the way sitrep export asks for them), against the same;
 * - `sitrep import` of that file into a new store, against raw SQLite
 *   inserting the same rows (the file's, read beforehand) into the same
 *   schema with synchronous=FULL, in transactions of the size the
 *   import's batches had (from the server's -v log; target: at least
 *   0.50 of raw);
 * - Markdown and HTML export of an incident of 10 000 events: time and
 *   peak memory, next to the JSON export of the same incident.
 *
 * The store is built through the store API (bench_fill). N is 50 000 by
 * default; --1m (or SITREP_BENCH_1M=1) makes it 1 000 000.
 *
 * Usage: bench-export [--1m] */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "client.h"
#include "event.h"
#include "export.h"
#include "export-page.h"
#include "schema.h"
#include "store.h"
#include "xmalloc.h"

#define BENCH_EXPORT_SMALL 50000    /* events of the default JSON run */
#define BENCH_EXPORT_BIG 1000000    /* with --1m */
#define BENCH_EXPORT_DOC 10000      /* events of the Markdown/HTML run */

/* What one command cost. */
struct bench_export_run {
	double ms;
	long rss_kb;
};

/* Run argv with standard output to out (NULL: /dev/null); its time and
 * peak memory in *r. 0 when it exited 0. */
static int bench_export_exec(char *const argv[], const char *out,
    struct bench_export_run *r)
{
	struct rusage ru;
	int64_t t0 = bench_ns();
	int status, fd;
	pid_t pid;

	if ((pid = fork()) == 0) {
		fd = open(out != NULL ? out : "/dev/null", O_WRONLY | O_CREAT |
		    O_TRUNC, 0600);
		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(126);
		execvp(argv[0], argv);
		fprintf(stderr, "bench: cannot run %s: %s\n", argv[0],
		    strerror(errno));
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) != pid)
		return -1;
	r->ms = (double)(bench_ns() - t0) / 1e6;
	r->rss_kb = ru.ru_maxrss;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench: %s %s failed (status %d)\n", argv[0],
		    argv[1], status);
		return -1;
	}
	return 0;
}

/* The sitrep under test. */
static char *bench_export_bin(void)
{
	return getenv("SITREP_BIN") ? getenv("SITREP_BIN") : "./sitrep";
}

/* sitrep --db DB -S SOCK export INC --format FMT -o OUT. */
static int bench_export_sitrep(const char *db, const char *sock,
    const char *inc, const char *fmt, const char *out,
    struct bench_export_run *r)
{
	char *argv[] = { bench_export_bin(), "--db", (char *)db, "-S",
	    (char *)sock, "export", (char *)inc, "--format", (char *)fmt,
	    "-o", (char *)out, "--force", NULL };

	return bench_export_exec(argv, NULL, r);
}

/* sqlite3 -json dumping the same rows to out. */
static int bench_export_sqlite3(const char *db, const char *inc,
    const char *out, struct bench_export_run *r)
{
	char *sql = xasprintf("SELECT * FROM events WHERE incident = '%s' "
	    "ORDER BY seq", inc);
	char *argv[] = { "sqlite3", "-json", "-readonly", (char *)db, sql,
	    NULL };
	int rc = bench_export_exec(argv, out, r);

	free(sql);
	return rc;
}

/* JSON export against sqlite3 -json, rounds times alternately; medians. */
static int bench_export_json(const char *dir, const char *db,
    const char *sock, int64_t n, int rounds)
{
	struct bench_export_run r;
	double *a = xcalloc((size_t)rounds, sizeof *a);
	double *b = xcalloc((size_t)rounds, sizeof *b);
	char *out = xasprintf("%s/inc-1.json", dir), *raw = xasprintf(
	    "%s/raw.json", dir), fig[64], va[32], vb[32];
	double ma, mb;
	int i, rc = 0;

	for (i = 0; i < rounds && rc == 0; i++) {
		rc = bench_export_sqlite3(db, "INC-1", raw, &r);
		b[i] = r.ms;
		if (rc == 0)
			rc = bench_export_sitrep(db, sock, "INC-1", "json", out,
			    &r);
		a[i] = r.ms;
	}
	if (rc == 0) {
		ma = bench_median(a, (size_t)rounds);
		mb = bench_median(b, (size_t)rounds);
		snprintf(fig, sizeof fig, "export %lldk events to JSON "
		    "(median)", (long long)n / 1000);
		snprintf(va, sizeof va, "%.0f ms", ma);
		snprintf(vb, sizeof vb, "%.0f ms", mb);
		bench_row(fig, va, vb, ma / mb, "<= 2 x sqlite3 -json");
	}
	free(a);
	free(b);
	free(out);
	free(raw);
	return rc;
}

/* An export paged through the server, as sitrep export does for a user
 * who cannot read the store: the chain pages, then the events through
 * export_pager. */
struct bench_export_pager {
	struct client *c;
	FILE *f;
	int64_t upto;
	json_int_t id;
	struct export_pager events;
	int done;
};

/* Ask for the chain page after seq after. */
static void bench_export_ask(struct bench_export_pager *p, int64_t after)
{
	client_request(p->c, json_pack("{s:s, s:I, s:s, s:s, s:I, s:I}", "type",
	    "export", "id", (json_int_t)++p->id, "incident", "INC-1", "part",
	    "chain", "after", (json_int_t)after, "upto", (json_int_t)p->upto));
}

/* An events page was written: stop once the last one was. */
static void bench_export_events_page(void *arg)
{
	struct bench_export_pager *p = arg;

	if (p->events.done == 0)
		return;
	p->done = p->events.done;
	export_pager_stop(&p->events);
	client_close(p->c);
}

/* A chain page came: ask for the next, or start on the events. */
static void bench_export_page(struct client *c, const json_t *msg, void *arg)
{
	struct bench_export_pager *p = arg;
	const char *part = json_string_value(json_object_get(msg, "part"));

	if (strcmp(json_string_value(json_object_get(msg, "type")), "export") !=
	    0 || part == NULL || strcmp(part, "chain") != 0) {
		p->done = -1;
		client_close(c);
		return;
	}
	if (p->upto == 0)
		p->upto = json_integer_value(json_object_get(msg, "upto"));
	if (json_is_true(json_object_get(msg, "more"))) {
		bench_export_ask(p, json_integer_value(json_object_get(msg,
		    "last")));
		return;
	}
	export_pager_start(&p->events, c, "INC-1", p->upto, p->f);
	p->events.on_page = bench_export_events_page;
	p->events.page_arg = p;
}

/* Page INC-1 through the server into out; the time in ms, or -1. */
static double bench_export_paged(const char *sock, const char *out)
{
	struct client_cb cb = { .on_message = bench_export_page };
	struct client_opts opts = { .socket = sock };
	struct bench_export_pager p;
	uv_loop_t loop;
	char *cause = NULL;
	int64_t t0 = bench_ns();

	memset(&p, 0, sizeof p);
	p.f = fopen(out, "w");
	uv_loop_init(&loop);
	if (p.f == NULL ||
	    (p.c = client_connect(&loop, &opts, &cb, &p, &cause)) == NULL) {
		fprintf(stderr, "bench: %s\n", cause ? cause : out);
		free(cause);
		return -1;
	}
	bench_export_ask(&p, 0);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	export_pager_stop(&p.events);
	fclose(p.f);
	return p.done == 1 ? (double)(bench_ns() - t0) / 1e6 : -1;
}

/* The same events paged through the server, against sqlite3 -json,
 * rounds times alternately; medians. */
static int bench_export_server(const char *dir, const char *db,
    const char *sock, int rounds)
{
	char *out = xasprintf("%s/paged.json", dir), *raw = xasprintf(
	    "%s/raw.json", dir), va[32], vb[32];
	double *a = xcalloc((size_t)rounds, sizeof *a);
	double *b = xcalloc((size_t)rounds, sizeof *b);
	struct bench_export_run r;
	double ma, mb;
	int i, rc = 0;

	for (i = 0; i < rounds && rc == 0; i++) {
		rc = bench_export_sqlite3(db, "INC-1", raw, &r);
		b[i] = r.ms;
		if (rc == 0 && (a[i] = bench_export_paged(sock, out)) < 0)
			rc = -1;
	}
	if (rc == 0) {
		ma = bench_median(a, (size_t)rounds);
		mb = bench_median(b, (size_t)rounds);
		snprintf(va, sizeof va, "%.0f ms", ma);
		snprintf(vb, sizeof vb, "%.0f ms", mb);
		bench_row("... the same, paged by the server", va, vb, ma / mb,
		    "(store not readable)");
	}
	free(a);
	free(b);
	free(out);
	free(raw);
	return rc;
}

/* The rows of an export file, read for the raw insert. */
struct bench_export_rows {
	struct event **evs;
	char **bodies;
	char **refs;
	char **tags;
	size_t n;
};

/* The whole file at path in a new buffer (*len bytes), or NULL. */
static char *bench_export_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	struct stat sb;
	char *buf;

	if (f == NULL || fstat(fileno(f), &sb) != 0) {
		if (f != NULL)
			fclose(f);
		return NULL;
	}
	buf = xmalloc((size_t)sb.st_size + 1);
	*len = fread(buf, 1, (size_t)sb.st_size, f);
	fclose(f);
	return buf;
}

/* Read every event of the file at path (parsed before any timing). */
static int bench_export_rows(const char *path, struct bench_export_rows *rows)
{
	struct export_reader r;
	struct event *ev;
	json_t *obj;
	char *buf, *cause = NULL;
	size_t len = 0;
	int rc;

	if ((buf = bench_export_slurp(path, &len)) == NULL ||
	    export_reader_open(&r, buf, len, &cause) != 0) {
		fprintf(stderr, "bench: %s: %s\n", path, cause ? cause :
		    "cannot read it");
		free(cause);
		free(buf);
		return -1;
	}
	while ((rc = export_reader_next(&r, &ev, &obj, &cause)) == 1) {
		rows->evs = xreallocarray(rows->evs, rows->n + 1,
		    sizeof *rows->evs);
		rows->evs[rows->n++] = ev;
		json_decref(obj);
	}
	export_reader_close(&r);
	free(buf);
	free(cause);
	return rc;
}

/* Serialize each row's JSON columns as the store would. */
static void bench_export_columns(struct bench_export_rows *rows)
{
	size_t i, flags = JSON_COMPACT | JSON_SORT_KEYS;

	rows->bodies = xcalloc(rows->n, sizeof *rows->bodies);
	rows->refs = xcalloc(rows->n, sizeof *rows->refs);
	rows->tags = xcalloc(rows->n, sizeof *rows->tags);
	for (i = 0; i < rows->n; i++) {
		rows->bodies[i] = json_dumps(rows->evs[i]->body, flags);
		if (rows->evs[i]->refs != NULL)
			rows->refs[i] = json_dumps(rows->evs[i]->refs, flags);
		if (rows->evs[i]->tags != NULL)
			rows->tags[i] = json_dumps(rows->evs[i]->tags, flags);
	}
}

/* Free the rows. */
static void bench_export_rows_free(struct bench_export_rows *rows)
{
	size_t i;

	for (i = 0; i < rows->n; i++) {
		event_free(rows->evs[i]);
		if (rows->bodies != NULL) {
			free(rows->bodies[i]);
			free(rows->refs[i]);
			free(rows->tags[i]);
		}
	}
	free(rows->evs);
	free(rows->bodies);
	free(rows->refs);
	free(rows->tags);
}

/* Bind row i to the insert statement. */
static void bench_export_bind(sqlite3_stmt *s, const struct bench_export_rows
    *rows, size_t i, const unsigned char hash[32])
{
	const struct event *ev = rows->evs[i];

	sqlite3_bind_int64(s, 1, (sqlite3_int64)i + 1);
	sqlite3_bind_text(s, 2, ev->uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, ev->incident, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, event_kind_name(ev->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, ev->actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, ev->occurred_at);
	sqlite3_bind_int64(s, 7, ev->recorded_at);
	if (ev->target != 0)
		sqlite3_bind_int64(s, 8, ev->target);
	else
		sqlite3_bind_null(s, 8);
	sqlite3_bind_text(s, 9, rows->bodies[i], -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, rows->refs[i], -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, rows->tags[i], -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 12, hash, 32, SQLITE_STATIC);
}

/* Insert the rows into a fresh store schema, batch rows a transaction,
 * WAL with synchronous=FULL; the time in ms, or -1. */
static double bench_export_raw(const char *path,
    const struct bench_export_rows *rows, size_t batch)
{
	sqlite3 *db;
	sqlite3_stmt *s = NULL;
	unsigned char hash[32];
	int64_t t0;
	size_t i;
	int k;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
	    NULL, NULL, NULL);
	for (k = 0; k < schema_count; k++)
		sqlite3_exec(db, schema_migrations[k].sql, NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO events (seq, uid, incident, kind, "
	    "actor, occurred_at, recorded_at, target, body, refs, tags, hash) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", -1,
	    &s, NULL);
	t0 = bench_ns();
	for (i = 0; i < rows->n; i++) {
		if (i % batch == 0)
			sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
		randombytes_buf(hash, sizeof hash);
		bench_export_bind(s, rows, i, hash);
		sqlite3_step(s);
		sqlite3_reset(s);
		if ((i + 1) % batch == 0 || i + 1 == rows->n)
			sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
	t0 = bench_ns() - t0;
	sqlite3_finalize(s);
	sqlite3_close(db);
	return (double)t0 / 1e6;
}

/* Import the JSON export into a new store, then the raw insert of its
 * rows at the batch size the import had. */
static int bench_export_import(const char *dir, int64_t n)
{
	char *sub = xasprintf("%s/import", dir), *file = xasprintf(
	    "%s/inc-1.json", dir), *raw = xasprintf("%s/raw.db", dir);
	char *sock = NULL, *db = NULL, fig[64], va[32], vb[32];
	struct bench_export_rows rows;
	struct bench_export_run r;
	double base = -1, batch = 0;
	pid_t pid;
	int rc = -1;

	memset(&rows, 0, sizeof rows);
	mkdir(sub, 0700);
	if ((pid = bench_server_start(sub, &sock, &db)) > 0) {
		char *argv[] = { bench_export_bin(), "--db", db, "-S", sock,
		    "import", file, NULL };
		rc = bench_export_exec(argv, NULL, &r);
	}
	bench_server_stop(pid);
	batch = bench_server_batch(sub, "import");
	if (rc == 0 && bench_export_rows(file, &rows) == 0) {
		bench_export_columns(&rows);
		base = bench_export_raw(raw, &rows, batch >= 1 ?
		    (size_t)(batch + 0.5) : 1);
	}
	if (base > 0) {
		snprintf(fig, sizeof fig, "import %lldk events, batch %.0f "
		    "(rows/s)", (long long)n / 1000, batch);
		snprintf(va, sizeof va, "%.0f", (double)rows.n / r.ms * 1000);
		snprintf(vb, sizeof vb, "%.0f", (double)rows.n / base * 1000);
		bench_row(fig, va, vb, base / r.ms, ">= 0.50 of raw SQLite");
	} else
		rc = -1;
	bench_export_rows_free(&rows);
	free(sub);
	free(file);
	free(raw);
	free(sock);
	free(db);
	return rc;
}

/* Markdown and HTML of the 10 000-event incident: time and peak RSS,
 * next to the JSON export of the same incident. */
static int bench_export_docs(const char *dir, const char *db,
    const char *sock)
{
	static const char *const fmts[] = { "md", "html" };
	struct bench_export_run json, doc;
	char *out = xasprintf("%s/inc-2.doc", dir), fig[64], va[32], vb[32];
	size_t i;
	int rc;

	rc = bench_export_sitrep(db, sock, "INC-2", "json", out, &json);
	for (i = 0; rc == 0 && i < sizeof fmts / sizeof fmts[0]; i++) {
		if ((rc = bench_export_sitrep(db, sock, "INC-2", fmts[i], out,
		    &doc)) != 0)
			break;
		snprintf(fig, sizeof fig, "export 10k events to %s: time",
		    fmts[i]);
		snprintf(va, sizeof va, "%.0f ms", doc.ms);
		snprintf(vb, sizeof vb, "%.0f ms (json)", json.ms);
		bench_row(fig, va, vb, doc.ms / json.ms, "(no target)");
		snprintf(fig, sizeof fig, "export 10k events to %s: peak RSS",
		    fmts[i]);
		snprintf(va, sizeof va, "%.1f MB", (double)doc.rss_kb / 1024);
		snprintf(vb, sizeof vb, "%.1f MB (json)", (double)json.rss_kb /
		    1024);
		bench_row(fig, va, vb, (double)doc.rss_kb / (double)json.rss_kb,
		    "(no target)");
	}
	free(out);
	return rc;
}

int main(int argc, char **argv)
{
	const char *env = getenv("SITREP_BENCH_1M");
	int big = (argc > 1 && strcmp(argv[1], "--1m") == 0) ||
	    (env != NULL && strcmp(env, "1") == 0);
	int64_t n = big ? BENCH_EXPORT_BIG : BENCH_EXPORT_SMALL;
	char *dir, *sock = NULL, *db = NULL;
	pid_t pid = -1;
	int rc = 1;

	if (sodium_init() < 0)
		return 1;
	dir = bench_tmpdir();
	if (bench_build(dir, n, BENCH_EXPORT_DOC) == 0 &&
	    (pid = bench_server_start(dir, &sock, &db)) > 0 &&
	    bench_export_json(dir, db, sock, n, big ? 1 : 3) == 0 &&
	    bench_export_server(dir, db, sock, big ? 1 : 3) == 0 &&
	    bench_export_docs(dir, db, sock) == 0) {
		bench_server_stop(pid);
		pid = -1;
		rc = bench_export_import(dir, n) == 0 ? 0 : 1;
	}
	bench_server_stop(pid);
	if (!big)
		fprintf(stderr, "bench-export: the 1 000 000-event case runs "
		    "with bench/bench-export --1m (or SITREP_BENCH_1M=1)\n");
	bench_rmdir(dir);
	free(dir);
	free(sock);
	free(db);
	return rc;
}
