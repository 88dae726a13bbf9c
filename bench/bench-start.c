/* bench-start.c: the server's cold start (DESIGN section 11): from the exec
 * of `sitrep serve` to its first answer (the incident list, which needs
 * every incident's state), on a store of 1 000 000 events next to one of
 * 1 000, in alternating rounds, the median of each.
 *
 * Both stores have the same four open incidents' worth of work; the large
 * one also holds 196 closed incidents of 5 000 events (the history). They
 * are built through the store API, then served once: that first start
 * folds every event and writes the checkpoints (the one-time cost of a
 * store without them, shown too). The worst case then adds events after
 * the checkpoint, as many as a kill -9 just before the next checkpoint
 * leaves to fold again, and every start of it ends with a kill -9 so the
 * server writes no checkpoint on the way out.
 */
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "proto.h"
#include "store.h"
#include "xmalloc.h"

#define BENCH_START_ROUNDS 5
#define BENCH_START_INCIDENTS 200    /* in the large store, 4 open */
#define BENCH_START_EACH 5000        /* events per incident there */
#define BENCH_START_SMALL 250        /* events per incident, small store */
#define BENCH_START_AFTER 2047       /* events after the checkpoint (the
                                      * server writes one every 2048) */
#define BENCH_START_WAIT_NS (60 * 1000000000LL) /* longest start waited */

/* One store and its socket. */
struct bench_start_store {
	char *db;
	char *sock;
	int64_t events;
};

/* Build a store of incidents incidents of each events, the last 4 open. */
static int bench_start_build(struct bench_start_store *s, const char *dir,
    const char *name, int incidents, int64_t each)
{
	struct store *st;
	char *cause = NULL, ref[32];
	int i, rc = 0;

	s->db = xasprintf("%s/%s.db", dir, name);
	s->sock = xasprintf("%s/%s.sock", dir, name);
	s->events = incidents * each;
	if (store_open(s->db, &st, &cause) != 0) {
		fprintf(stderr, "bench: %s\n", cause);
		free(cause);
		return -1;
	}
	for (i = 1; i <= incidents && rc == 0; i++) {
		snprintf(ref, sizeof ref, "INC-%d", i);
		rc = bench_store_fill(st, ref, 0, each, i <= incidents - 4);
	}
	store_close(st);
	return rc;
}

/* Go on with the last incident of the store: n more events. */
static int bench_start_grow(struct bench_start_store *s, int64_t each,
    int64_t n)
{
	struct store *st;
	char *cause = NULL, ref[32];
	int rc;

	if (store_open(s->db, &st, &cause) != 0) {
		fprintf(stderr, "bench: %s\n", cause);
		free(cause);
		return -1;
	}
	snprintf(ref, sizeof ref, "INC-%d", BENCH_START_INCIDENTS);
	rc = bench_store_fill(st, ref, each, each + n, 0);
	store_close(st);
	s->events += n;
	return rc;
}

/* Connect to path: the fd, or -1 while nobody listens. */
static int bench_start_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
		return fd;
	if (fd >= 0)
		close(fd);
	return -1;
}

/* Send hello and list on fd; 0 once the list came back. */
static int bench_start_ask(int fd)
{
	json_t *hello = proto_msg("hello"), *list = proto_msg("list"), *msg;
	struct proto_decoder d;
	unsigned char *a, *b, buf[65536];
	size_t na, nb;
	char *cause = NULL;
	ssize_t n;
	int r = -1;

	json_object_set_new(hello, "proto", json_integer(PROTO_MAJOR));
	json_object_set_new(list, "id", json_integer(1));
	a = proto_encode(hello, &na);
	b = proto_encode(list, &nb);
	json_decref(hello);
	json_decref(list);
	proto_decoder_init(&d);
	if (write(fd, a, na) == (ssize_t)na && write(fd, b, nb) == (ssize_t)nb)
		while (r != 0 && (n = read(fd, buf, sizeof buf)) > 0) {
			proto_decoder_feed(&d, buf, (size_t)n);
			while (r != 0 && proto_decoder_next(&d, &msg, &cause) == 1) {
				r = strcmp(proto_type(msg), "list") == 0 ? 0 : -1;
				json_decref(msg);
			}
		}
	proto_decoder_free(&d);
	free(cause);
	free(a);
	free(b);
	return r;
}

/* Start `sitrep serve -D` on the store (never returns in the child). */
static pid_t bench_start_exec(const struct bench_start_store *s)
{
	const char *bin = getenv("SITREP_BIN") ? getenv("SITREP_BIN") :
	    "./sitrep";
	pid_t pid = fork();
	int fd;

	if (pid != 0)
		return pid;
	fd = open("/dev/null", O_RDWR);
	dup2(fd, 0);
	dup2(fd, 1);
	execl(bin, "sitrep", "serve", "-D", "--db", s->db, "-S", s->sock,
	    (char *)NULL);
	fprintf(stderr, "bench: cannot run %s: %s\n", bin, strerror(errno));
	_exit(127);
}

/* One start: exec → the first answer, in ms (-1 when it failed); then
 * stop the server, with kill -9 when hard (no checkpoint on the way out). */
static double bench_start_once(const struct bench_start_store *s, int hard)
{
	int64_t t0 = bench_ns(), t1 = -1;
	pid_t pid = bench_start_exec(s);
	int fd = -1;

	while (pid > 0 && bench_ns() - t0 < BENCH_START_WAIT_NS &&
	    waitpid(pid, NULL, WNOHANG) == 0 &&
	    (fd = bench_start_connect(s->sock)) < 0)
		usleep(200);
	if (fd >= 0 && bench_start_ask(fd) == 0)
		t1 = bench_ns();
	if (fd >= 0)
		close(fd);
	if (pid > 0) {
		kill(pid, hard ? SIGKILL : SIGTERM);
		waitpid(pid, NULL, 0);
	}
	return t1 < 0 ? -1 : (double)(t1 - t0) / 1e6;
}

/* Alternating rounds of big and small starts; their medians. */
static int bench_start_rounds(const struct bench_start_store *big,
    const struct bench_start_store *small, int hard, double *mb, double *ms)
{
	double b[BENCH_START_ROUNDS], s[BENCH_START_ROUNDS];
	int i;

	for (i = 0; i < BENCH_START_ROUNDS; i++) {
		if (i % 2 == 0) {
			b[i] = bench_start_once(big, hard);
			s[i] = bench_start_once(small, 0);
		} else {
			s[i] = bench_start_once(small, 0);
			b[i] = bench_start_once(big, hard);
		}
		if (b[i] < 0 || s[i] < 0)
			return -1;
	}
	*mb = bench_median(b, BENCH_START_ROUNDS);
	*ms = bench_median(s, BENCH_START_ROUNDS);
	return 0;
}

/* Print one row: big against small. */
static void bench_start_row(const char *figure, double big, double small,
    const char *target)
{
	char a[32], b[32];

	snprintf(a, sizeof a, "%.1f ms", big);
	snprintf(b, sizeof b, "%.1f ms", small);
	bench_row(figure, a, b, small > 0 ? big / small : 0, target);
}

/* Build, serve once, then the rounds. */
static int bench_start_run(const char *dir)
{
	struct bench_start_store big, small;
	double once_b, once_s, mb, ms;
	int64_t t = bench_ns();

	if (bench_start_build(&big, dir, "big", BENCH_START_INCIDENTS,
	    BENCH_START_EACH) != 0 || bench_start_build(&small, dir, "small",
	    4, BENCH_START_SMALL) != 0)
		return -1;
	fprintf(stderr, "bench-start: built stores of %lld and %lld events in "
	    "%.1f s\n", (long long)big.events, (long long)small.events,
	    (double)(bench_ns() - t) / 1e9);
	if ((once_b = bench_start_once(&big, 0)) < 0 ||
	    (once_s = bench_start_once(&small, 0)) < 0 ||
	    bench_start_rounds(&big, &small, 0, &mb, &ms) != 0)
		return -1;
	bench_start_row("first start without checkpoints (once), 1M", once_b,
	    once_s, "(folds every event; baseline: 1 000 events)");
	bench_start_row("cold start, 1 000 000 events: first answer", mb, ms,
	    "<= 200 ms (baseline: 1 000 events)");
	if (bench_start_grow(&big, BENCH_START_EACH, BENCH_START_AFTER) != 0 ||
	    bench_start_rounds(&big, &small, 1, &mb, &ms) != 0)
		return -1;
	bench_start_row("cold start, 1M + 2 047 after checkpoint", mb, ms,
	    "<= 200 ms (baseline: 1 000 events)");
	return 0;
}

/* Run the cold start benchmark. */
int main(void)
{
	char *dir;
	int rc;

	if (sodium_init() < 0) {
		fprintf(stderr, "bench: libsodium cannot start\n");
		return 1;
	}
	dir = bench_tmpdir();
	rc = bench_start_run(dir);
	if (rc != 0)
		fprintf(stderr, "bench-start: failed\n");
	bench_rmdir(dir);
	free(dir);
	return rc != 0;
}
