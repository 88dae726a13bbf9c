/* bench-attach.c: attaching the terminal to a large incident (DESIGN
 * section 11): exec of `sitrep attach INC-1` in headless mode → its first
 * full screen, the attach process's peak RSS, and keystroke → screen
 * updated (p99), each next to the same measured in the same run on a
 * 10-event incident of the same store and server.
 *
 * The stores are built directly through the store API (bench_fill), then
 * a server is started on them (it folds the store at start). The UI reports its times through SITREP_UI_TIMING.
 *
 * Usage: bench-attach [--1m]   (--1m, or SITREP_BENCH_1M=1, adds the
 * 1 000 000-event incident; keystrokes are measured on the largest). */
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "event.h"
#include "store.h"
#include "xmalloc.h"

#define BENCH_ATTACH_RUNS 5       /* attaches per figure (median) */
#define BENCH_ATTACH_SIZE "120x40"

/* What one headless attach measured. */
struct bench_attach_run {
	double first_ms;  /* exec → first full screen */
	long rss_kb;      /* peak RSS of the attach process */
	double *keys_ms;  /* per-key times (when keys were scripted) */
	size_t nkeys;
};

/* Read what the UI wrote to its timing file. */
static void bench_attach_read(const char *path, int64_t t0,
    struct bench_attach_run *r)
{
	FILE *f = fopen(path, "r");
	char word[32];
	long long v;

	r->first_ms = -1;
	if (f == NULL)
		return;
	while (fscanf(f, "%31s %lld", word, &v) == 2) {
		if (strcmp(word, "first-screen") == 0)
			r->first_ms = (double)(v - t0) / 1e6;
		else if (strcmp(word, "key") == 0) {
			r->keys_ms = xreallocarray(r->keys_ms, r->nkeys + 1,
			    sizeof *r->keys_ms);
			r->keys_ms[r->nkeys++] = (double)v / 1e6;
		}
	}
	fclose(f);
}

/* In the child: the headless terminal's environment, then exec attach. */
static void __attribute__((noreturn)) bench_attach_exec(const char *sock,
    const char *db, const char *incident, const char *keys,
    const char *timing)
{
	const char *bin = getenv("SITREP_BIN") ? getenv("SITREP_BIN") :
	    "./sitrep";
	int fd = open("/dev/null", O_RDWR);

	dup2(fd, 0);
	dup2(fd, 1);
	setenv("SITREP_UI_KEYS", keys, 1);
	setenv("SITREP_UI_SIZE", BENCH_ATTACH_SIZE, 1);
	setenv("SITREP_UI_TIMING", timing, 1);
	setenv("TERM", "xterm-256color", 1);
	setenv("LC_ALL", "C.UTF-8", 1);
	unsetenv("SITREP_UI_DUMP");
	execl(bin, "sitrep", "--db", db, "-S", sock, "attach", incident,
	    (char *)NULL);
	fprintf(stderr, "bench: cannot run %s: %s\n", bin, strerror(errno));
	_exit(127);
}

/* One headless attach; 0 when it ran and drew its first screen. */
static int bench_attach_once(const char *dir, const char *sock,
    const char *db, const char *incident, const char *keys,
    struct bench_attach_run *r)
{
	char *timing = xasprintf("%s/timing", dir);
	struct rusage ru;
	int64_t t0;
	int status;
	pid_t pid;

	memset(r, 0, sizeof *r);
	unlink(timing);
	t0 = bench_ns();
	if ((pid = fork()) == 0)
		bench_attach_exec(sock, db, incident, keys, timing);
	if (pid < 0 || wait4(pid, &status, 0, &ru) != pid) {
		free(timing);
		return -1;
	}
	r->rss_kb = ru.ru_maxrss;
	bench_attach_read(timing, t0, r);
	free(timing);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || r->first_ms < 0) {
		fprintf(stderr, "bench: sitrep attach %s failed (status %d)\n",
		    incident, status);
		return -1;
	}
	return 0;
}

/* Median first screen and largest RSS over BENCH_ATTACH_RUNS attaches. */
static int bench_attach_runs(const char *dir, const char *sock,
    const char *db, const char *incident, double *first_ms, long *rss_kb)
{
	struct bench_attach_run r;
	double v[BENCH_ATTACH_RUNS];
	int i;

	*rss_kb = 0;
	for (i = 0; i < BENCH_ATTACH_RUNS; i++) {
		if (bench_attach_once(dir, sock, db, incident, "", &r) != 0)
			return -1;
		v[i] = r.first_ms;
		if (r.rss_kb > *rss_kb)
			*rss_kb = r.rss_kb;
		free(r.keys_ms);
	}
	*first_ms = bench_median(v, BENCH_ATTACH_RUNS);
	return 0;
}

/* The key script: scrolling (rows and pages, paging history in and out),
 * jumps, then typing into the input line (cleared, never sent). */
static char *bench_attach_keys(size_t *n)
{
	static const struct { const char *key; int times; } plan[] = {
		{ "k", 60 }, { "<PgUp>", 40 }, { "<PgDn>", 20 }, { "j", 45 },
		{ "g", 1 }, { "<PgUp>", 20 }, { "G", 1 }, { "<PgUp>", 10 },
		{ "k", 20 }, { "<PgDn>", 10 }, { "G", 1 }, { "i", 1 },
		{ "checkout latency back under 300 ms after the pool resize ", 1 },
		{ "<Left>", 10 }, { "<C-W>", 3 }, { "<C-U>", 1 }, { "<Esc>", 1 },
	};
	char *s = xstrdup(""), *t;
	size_t i;
	int k;

	*n = 0;
	for (i = 0; i < sizeof plan / sizeof plan[0]; i++) {
		for (k = 0; k < plan[i].times; k++) {
			t = xasprintf("%s%s", s, plan[i].key);
			free(s);
			s = t;
			*n += plan[i].key[0] == '<' ? 1 : strlen(plan[i].key);
		}
	}
	return s;
}

/* p99 of keystroke → screen updated on one incident; -1 on failure. */
static double bench_attach_keys_p99(const char *dir, const char *sock,
    const char *db, const char *incident, size_t *nkeys)
{
	struct bench_attach_run r;
	size_t n;
	char *keys = bench_attach_keys(&n);
	double p = -1;

	if (bench_attach_once(dir, sock, db, incident, keys, &r) == 0 &&
	    r.nkeys > 0)
		p = bench_percentile(r.keys_ms, r.nkeys, 99);
	*nkeys = r.nkeys;
	free(r.keys_ms);
	free(keys);
	return p;
}

/* Print the attach rows of one size. */
static void bench_attach_print(int64_t n, double first, double base,
    long rss, long base_rss)
{
	char fig[64], a[32], b[32];
	const char *target = n >= 1000000 ? "<= 300 ms" : "<= 100 ms";

	snprintf(fig, sizeof fig, "attach %lldk events: first screen (median)",
	    (long long)n / 1000);
	snprintf(a, sizeof a, "%.1f ms", first);
	snprintf(b, sizeof b, "%.1f ms (10 ev)", base);
	bench_row(fig, a, b, base > 0 ? first / base : 0, target);
	snprintf(fig, sizeof fig, "attach %lldk events: client peak RSS",
	    (long long)n / 1000);
	snprintf(a, sizeof a, "%.1f MB", (double)rss / 1024);
	snprintf(b, sizeof b, "%.1f MB (10 ev)", (double)base_rss / 1024);
	bench_row(fig, a, b, base_rss > 0 ? (double)rss / (double)base_rss : 0,
	    "<= 64 MB");
}

/* Print the keystroke row. */
static void bench_attach_print_keys(int64_t n, double p99, double base,
    size_t nkeys)
{
	char fig[64], a[32], b[32];

	snprintf(fig, sizeof fig, "key -> screen p99, %lldk events (%zu keys)",
	    (long long)n / 1000, nkeys);
	snprintf(a, sizeof a, "%.2f ms", p99);
	snprintf(b, sizeof b, "%.2f ms (10 ev)", base);
	bench_row(fig, a, b, base > 0 ? p99 / base : 0, "<= 5 ms");
}

/* Build a store of n events, serve it, and measure; keys when asked. */
static int bench_attach_size(int64_t n, int keys)
{
	char *dir = bench_tmpdir(), *sock = NULL, *db = NULL;
	double first = 0, base = 0, p99 = -1, kbase = -1;
	long rss = 0, base_rss = 0;
	size_t nk = 0, nk2 = 0;
	pid_t pid = -1;
	int rc = -1;

	if (bench_build(dir, n, 10) != 0 ||
	    (pid = bench_server_start(dir, &sock, &db)) <= 0)
		goto out;
	if (bench_attach_runs(dir, sock, db, "INC-1", &first, &rss) != 0 ||
	    bench_attach_runs(dir, sock, db, "INC-2", &base, &base_rss) != 0)
		goto out;
	bench_attach_print(n, first, base, rss, base_rss);
	if (keys) {
		p99 = bench_attach_keys_p99(dir, sock, db, "INC-1", &nk);
		kbase = bench_attach_keys_p99(dir, sock, db, "INC-2", &nk2);
		if (p99 < 0 || kbase < 0)
			goto out;
		bench_attach_print_keys(n, p99, kbase, nk);
	}
	rc = 0;
out:
	bench_server_stop(pid);
	bench_rmdir(dir);
	free(dir);
	free(sock);
	free(db);
	return rc;
}

int main(int argc, char **argv)
{
	const char *env = getenv("SITREP_BENCH_1M");
	int big = (argc > 1 && strcmp(argv[1], "--1m") == 0) ||
	    (env != NULL && strcmp(env, "1") == 0);
	int rc = 0;

	if (sodium_init() < 0) {
		fprintf(stderr, "bench: libsodium cannot start\n");
		return 1;
	}
	if (bench_attach_size(100000, !big) != 0)
		rc = 1;
	if (big && bench_attach_size(1000000, 1) != 0)
		rc = 1;
	if (!big)
		fprintf(stderr, "bench-attach: the 1 000 000-event case runs "
		    "with bench/bench-attach --1m (or SITREP_BENCH_1M=1)\n");
	return rc;
}
