/* bench-store.c: durable ingest (1 and 16 writers) and submit → ack latency,
 * each next to a baseline measured in the same run: raw SQLite inserting the
 * same rows at the same batch size with synchronous=FULL, and a raw
 * Unix-socket round trip. */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uv.h>

#include "bench.h"
#include "client.h"
#include "event.h"
#include "schema.h"
#include "xmalloc.h"

/* One writer's loop state. */
struct bench_writer {
	struct client *client;
	int total;
	int done;
	int64_t sent_at;
	double *lat_us;
	int failed;
};

/* Submit the next entry of a writer. */
static void bench_writer_next(struct bench_writer *w)
{
	struct event *ev = event_new(EV_ENTRY);

	ev->incident = xstrdup("INC-1");
	json_object_set_new(ev->body, "type", json_string("observation"));
	json_object_set_new(ev->body, "text", json_sprintf("bench entry %d: "
	    "p99 checkout latency 4.2 s on web-%02d, db cpu 95%%", w->done,
	    w->done % 16));
	w->sent_at = bench_ns();
	client_submit(w->client, ev);
}

/* An ack arrived: note the latency, submit the next or stop. */
static void bench_writer_ack(struct client *c, const char *uid, int64_t seq,
    const char *incident, const json_t *warnings, void *arg)
{
	struct bench_writer *w = arg;

	if (w->lat_us != NULL)
		w->lat_us[w->done] = (double)(bench_ns() - w->sent_at) / 1000.0;
	if (++w->done == w->total)
		client_close(c);
	else
		bench_writer_next(w);
}

/* A refusal: the benchmark is broken. */
static void bench_writer_nack(struct client *c, const char *uid,
    const char *code, const char *field, const char *message, void *arg)
{
	struct bench_writer *w = arg;

	fprintf(stderr, "bench: refused: %s\n", message);
	w->failed = 1;
	client_close(c);
}

/* Connect to the server and run n sequential submissions; 0 on success. */
static int bench_writer_run(const char *sock, int n, double *lat_us)
{
	struct client_cb cb = { .on_ack = bench_writer_ack,
	    .on_nack = bench_writer_nack };
	struct client_opts opts = { .socket = sock };
	struct bench_writer w = { .total = n, .lat_us = lat_us };
	uv_loop_t loop;
	char *cause = NULL;

	uv_loop_init(&loop);
	w.client = client_connect(&loop, &opts, &cb, &w, &cause);
	if (w.client == NULL) {
		fprintf(stderr, "bench: %s\n", cause);
		free(cause);
		return -1;
	}
	bench_writer_next(&w);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	return w.failed || w.done != n ? -1 : 0;
}

/* Declare the incident the writers log into. */
static int bench_declare(const char *sock)
{
	struct bench_writer w = { .total = 1 };
	struct client_cb cb = { .on_ack = bench_writer_ack,
	    .on_nack = bench_writer_nack };
	struct client_opts opts = { .socket = sock };
	struct event *ev = event_new(EV_DECLARE);
	uv_loop_t loop;
	char *cause = NULL;

	uv_loop_init(&loop);
	if ((w.client = client_connect(&loop, &opts, &cb, &w, &cause)) == NULL) {
		fprintf(stderr, "bench: %s\n", cause);
		return -1;
	}
	json_object_set_new(ev->body, "title", json_string("bench"));
	json_object_set_new(ev->body, "severity", json_integer(2));
	client_submit(w.client, ev);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	return w.done == 1 ? 0 : -1;
}

/* Run `writers` processes of `each` submissions at once; rows per second. */
static double bench_ingest_sitrep(const char *sock, int writers, int each)
{
	int barrier[2], i, status, ok = 1;
	int64_t t0;
	char c;

	if (pipe(barrier) != 0)
		return 0;
	for (i = 0; i < writers; i++) {
		if (fork() == 0) {
			close(barrier[1]);
			if (read(barrier[0], &c, 1) < 0)
				_exit(1);
			_exit(bench_writer_run(sock, each, NULL) == 0 ? 0 : 1);
		}
	}
	close(barrier[0]);
	t0 = bench_ns();
	close(barrier[1]);
	for (i = 0; i < writers; i++) {
		if (wait(&status) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			ok = 0;
	}
	if (!ok)
		return 0;
	return (double)writers * each / ((double)(bench_ns() - t0) / 1e9);
}

/* Open a raw SQLite file with the sitrep schema, WAL and FULL. */
static sqlite3 *bench_raw_open(const char *path)
{
	sqlite3 *db;
	int i;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return NULL;
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
	    NULL, NULL, NULL);
	for (i = 0; i < schema_count; i++)
		sqlite3_exec(db, schema_migrations[i].sql, NULL, NULL, NULL);
	return db;
}

/* Insert n rows like the server's in batches of b; rows per second. Each
 * commit's duration goes to commit_us when given. */
static double bench_ingest_raw(const char *path, int n, int b,
    double *commit_us)
{
	sqlite3 *db = bench_raw_open(path);
	sqlite3_stmt *st;
	unsigned char hash[32];
	char uid[SR_UID_LEN + 1], *body;
	int64_t t0, tc;
	int i, j = 0;

	sqlite3_prepare_v2(db, "INSERT INTO events (seq, uid, incident, kind, "
	    "actor, occurred_at, recorded_at, body, hash) VALUES "
	    "(?, ?, 'INC-1', 'entry', 'bench', ?, ?, ?, ?)", -1, &st, NULL);
	t0 = bench_ns();
	for (i = 0; i < n; i += b, j++) {
		tc = bench_ns();
		sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
		for (int k = i; k < i + b && k < n; k++) {
			event_uid_new(uid);
			randombytes_buf(hash, sizeof hash);
			body = xasprintf("{\"text\":\"bench entry %d: p99 checkout "
			    "latency 4.2 s on web-%02d, db cpu 95%%\",\"type\":"
			    "\"observation\"}", k, k % 16);
			sqlite3_bind_int64(st, 1, k + 1);
			sqlite3_bind_text(st, 2, uid, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(st, 3, t0 / 1000000);
			sqlite3_bind_int64(st, 4, t0 / 1000000);
			sqlite3_bind_text(st, 5, body, -1, free);
			sqlite3_bind_blob(st, 6, hash, sizeof hash, SQLITE_TRANSIENT);
			sqlite3_step(st);
			sqlite3_reset(st);
		}
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		if (commit_us != NULL)
			commit_us[j] = (double)(bench_ns() - tc) / 1000.0;
	}
	t0 = bench_ns() - t0;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return (double)n / ((double)t0 / 1e9);
}

/* Median round trip of a 256-byte message over a Unix socket pair. */
static double bench_socket_rtt_us(int n)
{
	int sv[2], i;
	char buf[256] = { 0 };
	double *v = xcalloc((size_t)n, sizeof *v), m;
	pid_t pid;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	if ((pid = fork()) == 0) {
		close(sv[0]);
		while (read(sv[1], buf, sizeof buf) > 0)
			if (write(sv[1], buf, sizeof buf) < 0)
				break;
		_exit(0);
	}
	close(sv[1]);
	for (i = 0; i < n; i++) {
		int64_t t = bench_ns();
		if (write(sv[0], buf, sizeof buf) < 0 ||
		    read(sv[0], buf, sizeof buf) <= 0)
			break;
		v[i] = (double)(bench_ns() - t) / 1000.0;
	}
	close(sv[0]);
	waitpid(pid, NULL, 0);
	m = bench_median(v, (size_t)i);
	free(v);
	return m;
}

/* One ingest figure: sitrep with `writers` against raw at that batch. */
static void bench_ingest(const char *dir, int writers, int each)
{
	char *sock, *db, *raw = xasprintf("%s/raw-%d.db", dir, writers);
	char *sub = xasprintf("%s/w%d", dir, writers), fig[80], a[32], b[32];
	double s = 0, r;
	int batch;
	pid_t pid;

	mkdir(sub, 0700);
	if ((pid = bench_server_start(sub, &sock, &db)) > 0 &&
	    bench_declare(sock) == 0)
		s = bench_ingest_sitrep(sock, writers, each);
	bench_server_stop(pid);
	/* The baseline inserts at the batch size the server's group commit
	 * actually reached (its -v log counts the commits). */
	batch = (int)(bench_server_batch(sub, "commit") + 0.5);
	if (batch < 1)
		batch = 1;
	r = bench_ingest_raw(raw, writers * each, batch, NULL);
	snprintf(fig, sizeof fig, "durable ingest, %d writer%s, batch %d (rows/s)",
	    writers, writers > 1 ? "s" : "", batch);
	snprintf(a, sizeof a, "%.0f", s);
	snprintf(b, sizeof b, "%.0f", r);
	bench_row(fig, a, b, r > 0 ? s / r : 0, ">= 0.50 of raw SQLite");
	free(raw);
	free(sub);
}

/* Submit → ack median against one FULL commit plus one socket round trip. */
static void bench_latency(const char *dir, int n)
{
	double *lat = xcalloc((size_t)n, sizeof *lat);
	double *commit = xcalloc((size_t)n, sizeof *commit);
	char *sock, *db, *raw = xasprintf("%s/raw-lat.db", dir), a[32], b[32];
	char *sub = xasprintf("%s/lat", dir);
	double m = 0, base;
	pid_t pid;

	mkdir(sub, 0700);
	if ((pid = bench_server_start(sub, &sock, &db)) > 0 &&
	    bench_declare(sock) == 0 && bench_writer_run(sock, n, lat) == 0)
		m = bench_median(lat, (size_t)n);
	bench_server_stop(pid);
	bench_ingest_raw(raw, n, 1, commit);
	base = bench_median(commit, (size_t)n) + bench_socket_rtt_us(n);
	snprintf(a, sizeof a, "%.0f us", m);
	snprintf(b, sizeof b, "%.0f us", base);
	bench_row("one writer, submit -> ack (median)", a, b, base > 0 ?
	    m / base : 0, "<= 1.50 x (FULL commit + socket round trip)");
	free(lat);
	free(commit);
	free(raw);
	free(sub);
}

/* Run the store benchmarks; argument: submissions per writer (default 100). */
int main(int argc, char **argv)
{
	int each = argc > 1 ? atoi(argv[1]) : 100;
	char *dir;

	if (sodium_init() < 0 || each <= 0)
		return 1;
	dir = bench_tmpdir();
	bench_ingest(dir, 1, each * 3);
	bench_ingest(dir, 16, each);
	bench_latency(dir, each * 3);
	bench_rmdir(dir);
	free(dir);
	return 0;
}
