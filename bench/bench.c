/* bench.c: timing, temporary stores and the result table for bench/. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "event.h"
#include "store.h"
#include "xmalloc.h"

#define BENCH_TX 50000              /* events per build transaction */
#define BENCH_T0 1763800000000LL    /* the generated clock's start */

static const char *const bench_texts[] = {
	"p99 checkout latency over a second on web, db cpu high",
	"rolled back the deploy of payments-api on the eu cluster",
	"customer reports from region eu: failed payments, ticket filed",
	"cache hit ratio dropped on redis after the failover",
	"paged the database on-call; replication lag on a replica",
	"支付 errors per minute on the gateway, retry storm suspected",
};

static const char *const bench_types[] = { "note", "observation", "action",
    "decision", "change", "comms" };

/* Monotonic clock in nanoseconds. */
int64_t bench_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Order doubles ascending, for qsort. */
static int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The p-th percentile of v (sorted in place). */
double bench_percentile(double *v, size_t n, double p)
{
	size_t i;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, bench_cmp);
	i = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

/* The median of v (sorted in place). */
double bench_median(double *v, size_t n)
{
	return bench_percentile(v, n, 50);
}

/* A fresh temporary directory. */
char *bench_tmpdir(void)
{
	char *dir = xasprintf("%s/sitrep-bench.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	return dir;
}

/* Remove a temporary directory and what is in it. */
void bench_rmdir(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		fprintf(stderr, "bench: could not remove %s\n", dir);
	free(cmd);
}

/* 1 when something accepts connections on path. */
static int bench_socket_ready(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0), ok;

	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	ok = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
	close(fd);
	return ok;
}

/* Start a foreground server on a store and socket inside dir. */
pid_t bench_server_start(const char *dir, char **socket, char **db)
{
	const char *bin = getenv("SITREP_BIN") ? getenv("SITREP_BIN") : "./sitrep";
	int64_t deadline = bench_ns() + 10 * 1000000000LL;
	pid_t pid;
	int fd;

	*socket = xasprintf("%s/sock", dir);
	*db = xasprintf("%s/bench.db", dir);
	if ((pid = fork()) == 0) {
		fd = open("/dev/null", O_RDWR);
		dup2(fd, 0);
		dup2(fd, 1);
		execl(bin, "sitrep", "serve", "-D", "-v", "--db", *db, "-S",
		    *socket, (char *)NULL);
		fprintf(stderr, "bench: cannot run %s: %s\n", bin, strerror(errno));
		_exit(127);
	}
	while (!bench_socket_ready(*socket)) {
		if (bench_ns() > deadline || waitpid(pid, NULL, WNOHANG) != 0) {
			fprintf(stderr, "bench: the server did not start\n");
			return -1;
		}
		usleep(2000);
	}
	return pid;
}

/* The mean of N over the "WHAT: N" lines of the servers' -v logs in dir;
 * 0 when none was logged. */
double bench_server_batch(const char *dir, const char *what)
{
	char *cmd = xasprintf("cat '%s'/sitrep-server-*.log 2>/dev/null", dir);
	char *key = xasprintf(" %s: ", what), line[512], *p;
	FILE *f = popen(cmd, "r");
	long lines = 0, sum = 0, n;

	free(cmd);
	while (f != NULL && fgets(line, sizeof line, f) != NULL) {
		if ((p = strstr(line, key)) != NULL &&
		    sscanf(p + strlen(key), "%ld", &n) == 1) {
			lines++;
			sum += n;
		}
	}
	if (f != NULL)
		pclose(f);
	free(key);
	return lines > 0 ? (double)sum / (double)lines : 0;
}

/* Stop a server started by bench_server_start. */
void bench_server_stop(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

/* Print one result row. */
void bench_row(const char *figure, const char *value, const char *baseline,
    double ratio, const char *target)
{
	printf("%-44s %14s %14s %7.2f  %s\n", figure, value, baseline, ratio,
	    target);
	fflush(stdout);
}

/* A new event of incident with the next clock tick. */
static struct event *bench_store_event(enum event_kind kind,
    const char *incident, int64_t i)
{
	struct event *ev = event_new(kind);

	event_uid_new(ev->uid);
	ev->incident = xstrdup(incident);
	ev->actor = xstrdup(i % 3 == 0 ? "alice" : i % 3 == 1 ? "bob" : "carol");
	ev->recorded_at = BENCH_T0 + i * 1000;
	ev->occurred_at = ev->recorded_at - (i % 7 == 0 ? 60000 : 0);
	return ev;
}

/* An amendment or strike of an entry a few events back. */
static struct event *bench_store_fix(const char *incident, int64_t i,
    int64_t first_seq)
{
	struct event *ev = bench_store_event(i % 97 == 0 ? EV_AMEND : EV_STRIKE,
	    incident, i);

	ev->target = first_seq + i - 1 - (i % 5);
	json_object_set_new(ev->body, "reason", json_string("typo"));
	if (ev->kind == EV_AMEND)
		json_object_set_new(ev->body, "text",
		    json_sprintf("corrected: host web-%02d", (int)(i % 40)));
	return ev;
}

/* The i-th event of a generated incident (i == 0: its declaration) whose
 * event 0 is (or would be) at first_seq. */
static struct event *bench_store_gen(const char *incident, int64_t i,
    int64_t first_seq)
{
	struct event *ev;

	if (i == 0) {
		ev = bench_store_event(EV_DECLARE, incident, i);
		json_object_set_new(ev->body, "title",
		    json_string("Checkout latency high"));
		json_object_set_new(ev->body, "severity", json_integer(2));
		return ev;
	}
	if (i % 97 == 0 || i % 193 == 0)
		return bench_store_fix(incident, i, first_seq);
	if (i % 1009 == 0) {
		ev = bench_store_event(EV_HYP_OPEN, incident, i);
		json_object_set_new(ev->body, "text",
		    json_sprintf("hypothesis %lld: connection pool exhausted",
		    (long long)i));
		return ev;
	}
	ev = bench_store_event(EV_ENTRY, incident, i);
	json_object_set_new(ev->body, "type",
	    json_string(bench_types[(i / 3) % 6]));
	json_object_set_new(ev->body, "text", json_sprintf("%s #%d/%d/%d",
	    bench_texts[i % 6], (int)(i % 997), (int)(i % 53), (int)(i % 89)));
	return ev;
}

/* The last event of a closed incident: its status goes to closed. */
static struct event *bench_store_close(const char *incident, int64_t i)
{
	struct event *ev = bench_store_event(EV_STATUS, incident, i);

	json_object_set_new(ev->body, "status", json_string("closed"));
	return ev;
}

/* Append the events from .. n - 1 that next makes (the incident's event
 * 0 at first_seq) in transactions of BENCH_TX; -1 after saying why. */
static int bench_append(struct store *st, const char *incident, int64_t from,
    int64_t n, int64_t first_seq, int closed,
    struct event *(*next)(const char *, int64_t, int64_t, int64_t, int))
{
	struct event *ev;
	char *cause = NULL;
	int64_t i;

	for (i = from; i < n; i++) {
		if ((i - from) % BENCH_TX == 0 && store_begin(st, &cause) != 0)
			goto fail;
		ev = next(incident, i, n, first_seq, closed);
		if (store_append(st, ev, &cause) != 0) {
			event_free(ev);
			goto fail;
		}
		event_free(ev);
		if (((i + 1 - from) % BENCH_TX == 0 || i + 1 == n) &&
		    store_commit(st, &cause) != 0)
			goto fail;
	}
	return 0;
fail:
	fprintf(stderr, "bench: building the store: %s\n", cause);
	free(cause);
	store_rollback(st);
	return -1;
}

/* The i-th event of a store_fill incident: its last one closes it when
 * closed. */
static struct event *bench_store_next(const char *incident, int64_t i,
    int64_t n, int64_t first_seq, int closed)
{
	return closed && i == n - 1 ? bench_store_close(incident, i) :
	    bench_store_gen(incident, i, first_seq);
}

/* Append events from .. n - 1 of a generated incident in big
 * transactions (from > 0: go on with the incident last written). */
int bench_store_fill(struct store *st, const char *incident, int64_t from,
    int64_t n, int closed)
{
	return bench_append(st, incident, from, n, store_last_seq(st) + 1 -
	    from, closed, bench_store_next);
}

/* A new event of incident at the i-th clock tick, by one of three people
 * (the commander, alice, when ic). */
static struct event *bench_event(enum event_kind kind, const char *incident,
    int64_t i, int ic)
{
	struct event *ev = event_new(kind);

	event_uid_new(ev->uid);
	ev->incident = xstrdup(incident);
	ev->actor = xstrdup(ic || i % 3 == 0 ? "alice" : i % 3 == 1 ? "bob" :
	    "carol");
	ev->recorded_at = BENCH_T0 + i * 1000;
	ev->occurred_at = ev->recorded_at - (i % 7 == 0 ? 60000 : 0);
	return ev;
}

/* The kind of the i-th generated event. */
static enum event_kind bench_kind(int64_t i)
{
	if (i == 0)
		return EV_DECLARE;
	if (i % 1009 == 0)
		return EV_HYP_OPEN;
	if ((i % 97 == 0 || i % 193 == 0) && bench_kind(i - 1) == EV_ENTRY)
		return i % 97 == 0 ? EV_AMEND : EV_STRIKE;
	return EV_ENTRY;
}

/* The i-th event of a generated incident. */
struct event *bench_gen(const char *incident, int64_t i, int64_t first_seq)
{
	enum event_kind kind = bench_kind(i);
	struct event *ev = bench_event(kind, incident, i, kind != EV_ENTRY &&
	    kind != EV_HYP_OPEN);
	int k = (int)(i % 6);

	if (kind == EV_DECLARE) {
		json_object_set_new(ev->body, "title",
		    json_string("Checkout latency high"));
		json_object_set_new(ev->body, "severity", json_integer(2));
	} else if (kind == EV_AMEND || kind == EV_STRIKE) {
		ev->target = first_seq + i - 1;
		json_object_set_new(ev->body, "reason", json_string("typo"));
		if (kind == EV_AMEND)
			json_object_set_new(ev->body, "text", json_sprintf(
			    "corrected: host web-%02d", (int)(i % 40)));
	} else if (kind == EV_HYP_OPEN)
		json_object_set_new(ev->body, "text", json_sprintf("hypothesis "
		    "%lld: connection pool exhausted", (long long)i));
	else {
		json_object_set_new(ev->body, "type",
		    json_string(bench_types[(i / 3) % 6]));
		json_object_set_new(ev->body, "text", json_sprintf(
		    "%s #%d/%d/%d", bench_texts[k], (int)(i % 997),
		    (int)(i % 53), (int)(i % 89)));
	}
	return ev;
}

/* The i-th event of a bench_fill incident. */
static struct event *bench_fill_next(const char *incident, int64_t i,
    int64_t n, int64_t first_seq, int closed)
{
	return bench_gen(incident, i, first_seq);
}

/* Append n generated events in big transactions. */
int bench_fill(struct store *st, const char *incident, int64_t n,
    int64_t first_seq)
{
	return bench_append(st, incident, 0, n, first_seq, 0, bench_fill_next);
}

/* A store in dir with INC-1 of n events and INC-2 of n2. */
int bench_build(const char *dir, int64_t n, int64_t n2)
{
	char *path = xasprintf("%s/bench.db", dir), *cause = NULL;
	struct store *st;
	int64_t t = bench_ns();
	int rc;

	if (store_open(path, &st, &cause) != 0) {
		fprintf(stderr, "bench: %s\n", cause);
		free(cause);
		free(path);
		return -1;
	}
	rc = bench_fill(st, "INC-1", n, 1);
	if (rc == 0)
		rc = bench_fill(st, "INC-2", n2, n + 1);
	store_close(st);
	free(path);
	fprintf(stderr, "bench: built a store of %lld events in %.1f s\n",
	    (long long)(n + n2), (double)(bench_ns() - t) / 1e9);
	return rc;
}
