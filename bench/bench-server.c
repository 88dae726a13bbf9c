/* bench-server.c: fan-out from commit to receipt at every client (1, 10
 * and 100 attached clients), what a stopped client costs the others, and
 * the server's memory per idle client at 1 000 clients.
 *
 * The noisy figures run in alternating rounds, baseline and sitrep in
 * turn, and each is the median over the rounds of that round's figure:
 * fan-out next to the same 300-byte frames written by a plain loop to as
 * many socket pairs; submit → ack with one subscriber stopped (SIGSTOP)
 * next to the same with it reading (after one pair of rounds not counted:
 * the first stop grows the server's heap by the queue it holds). Memory is next to the server's own
 * before the clients came. Every loop is bounded in count and time, and
 * everything runs over Unix sockets.
 */
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>

#include "bench.h"
#include "client.h"
#include "event.h"
#include "proto.h"
#include "sitrep.h"
#include "xmalloc.h"

#define BENCH_ROUNDS 5          /* fan-out rounds per figure */
#define BENCH_EVENTS 40         /* events fanned out per round */
#define BENCH_PROCS 4           /* processes the subscribers are spread over */
#define BENCH_MAX_SUBS 100      /* most attached clients */
#define BENCH_IDLE 1000         /* idle clients for the memory figure */
#define BENCH_STALL_ROUNDS 5    /* rounds with and without a stopped client */
#define BENCH_STALL_N 10000     /* submissions per round */
#define BENCH_STALL_WRITERS 8
#define BENCH_STALL_WINDOW 8    /* submissions in flight per writer */
#define BENCH_STALL_TEXT 1024
#define BENCH_WAIT_NS (120 * 1000000000LL) /* longest wait for anything */

/* One subscriber process: its clients and when each event reached them. */
struct bench_sub {
	struct client **clients;
	int nclients;
	int synced;
	int done;
	int ready_fd;
	int total;         /* events to receive (every round's) */
	int64_t *recv_ns;  /* [client * total + event index] */
};

/* An event reached one client: note when (seq 1 is the declaration). */
static void bench_sub_event(struct client *c, const struct event *ev,
    void *arg)
{
	struct bench_sub *s = arg;
	int i, k = (int)(ev->seq - 2);

	if (ev->kind != EV_ENTRY || k < 0 || k >= s->total)
		return;
	for (i = 0; i < s->nclients && s->clients[i] != c; i++)
		;
	if (i == s->nclients)
		return;
	s->recv_ns[i * s->total + k] = bench_ns();
	if (k == s->total - 1 && ++s->done == s->nclients) {
		for (i = 0; i < s->nclients; i++)
			client_close(s->clients[i]);
	}
}

/* One client is live: when all are, tell the writer. */
static void bench_sub_synced(struct client *c, const char *incident,
    int64_t seq, void *arg)
{
	struct bench_sub *s = arg;
	char b = 1;

	if (++s->synced == s->nclients && write(s->ready_fd, &b, 1) != 1)
		_exit(1);
}

/* Run n subscribers in this process until every event reached each; write
 * their receive times to out_fd. Never returns. */
static void __attribute__((noreturn)) bench_sub_run(const char *sock, int n,
    int total, int ready_fd, int out_fd)
{
	struct client_cb cb = { .on_event = bench_sub_event,
	    .on_synced = bench_sub_synced };
	struct client_opts opts = { .socket = sock };
	struct bench_sub s = { .nclients = n, .ready_fd = ready_fd,
	    .total = total };
	size_t bytes = (size_t)n * (size_t)total * sizeof *s.recv_ns;
	uv_loop_t loop;
	char *cause = NULL;
	int i;

	s.clients = xcalloc((size_t)n, sizeof *s.clients);
	s.recv_ns = xcalloc((size_t)n * (size_t)total, sizeof *s.recv_ns);
	uv_loop_init(&loop);
	for (i = 0; i < n; i++) {
		s.clients[i] = client_connect(&loop, &opts, &cb, &s, &cause);
		if (s.clients[i] == NULL)
			_exit(1);
		client_subscribe(s.clients[i], "INC-1", 0);
	}
	uv_run(&loop, UV_RUN_DEFAULT);
	if (write(out_fd, s.recv_ns, bytes) != (ssize_t)bytes)
		_exit(1);
	_exit(0);
}

/* The writer: one client submitting entries one after the other. */
struct bench_pub {
	struct client *client;
	uv_loop_t loop;
	int acked;     /* acks so far (the declaration is the first) */
	int want;      /* acks to wait for */
	int failed;
	int64_t *ack_ns;  /* by event index (seq - 2) */
};

/* Submit the declaration, or entry number k. */
static void bench_pub_submit(struct bench_pub *p, int k)
{
	struct event *ev = event_new(k < 0 ? EV_DECLARE : EV_ENTRY);

	if (k < 0) {
		json_object_set_new(ev->body, "title", json_string("fan-out"));
		json_object_set_new(ev->body, "severity", json_integer(2));
	} else {
		ev->incident = xstrdup("INC-1");
		json_object_set_new(ev->body, "type", json_string("note"));
		json_object_set_new(ev->body, "text", json_sprintf("fan-out %d",
		    k));
	}
	client_submit(p->client, ev);
}

/* An ack: the event is committed and on its way to everyone; next. */
static void bench_pub_ack(struct client *c, const char *uid, int64_t seq,
    const char *incident, const json_t *warnings, void *arg)
{
	struct bench_pub *p = arg;

	if (seq >= 2)
		p->ack_ns[seq - 2] = bench_ns();
	if (++p->acked < p->want)
		bench_pub_submit(p, p->acked - 1);
}

/* A refusal: the benchmark is broken. */
static void bench_pub_nack(struct client *c, const char *uid,
    const char *code, const char *field, const char *message, void *arg)
{
	struct bench_pub *p = arg;

	fprintf(stderr, "bench: refused: %s\n", message);
	p->failed = 1;
}

/* Connect the writer; -1 when it cannot. */
static int bench_pub_open(struct bench_pub *p, const char *sock, int total)
{
	struct client_cb cb = { .on_ack = bench_pub_ack,
	    .on_nack = bench_pub_nack };
	struct client_opts opts = { .socket = sock };
	char *cause = NULL;

	memset(p, 0, sizeof *p);
	p->ack_ns = xcalloc((size_t)total, sizeof *p->ack_ns);
	uv_loop_init(&p->loop);
	if ((p->client = client_connect(&p->loop, &opts, &cb, p,
	    &cause)) == NULL) {
		fprintf(stderr, "bench: %s\n", cause);
		free(cause);
		return -1;
	}
	return 0;
}

/* Run the writer's loop until want acks (bounded in time). */
static int bench_pub_until(struct bench_pub *p, int want)
{
	int64_t deadline = bench_ns() + BENCH_WAIT_NS;

	p->want = want;
	bench_pub_submit(p, p->acked - 1);
	while (p->acked < want && !p->failed && bench_ns() < deadline)
		uv_run(&p->loop, UV_RUN_ONCE);
	return p->acked == want ? 0 : -1;
}

/* Close the writer. */
static void bench_pub_close(struct bench_pub *p)
{
	if (p->client != NULL)
		client_close(p->client);
	uv_run(&p->loop, UV_RUN_DEFAULT);
	uv_loop_close(&p->loop);
	free(p->ack_ns);
}

/* Processes to spread n clients over. */
static int bench_procs(int n)
{
	return n < BENCH_PROCS ? n : BENCH_PROCS;
}

/* Fork the subscriber processes of n clients; each reports on out[i]. */
static int bench_fanout_fork(const char *sock, int n, int total,
    int ready[2], int out[BENCH_PROCS], pid_t pids[BENCH_PROCS])
{
	int i, o[2], procs = bench_procs(n);

	if (pipe(ready) != 0)
		return -1;
	for (i = 0; i < procs; i++) {
		if (pipe(o) != 0)
			return -1;
		if ((pids[i] = fork()) == 0)
			bench_sub_run(sock, n / procs + (i < n % procs),
			    total, ready[1], o[1]);
		close(o[1]);
		out[i] = o[0];
	}
	return 0;
}

/* Read the receive times of process i (clients of n over procs). */
static int64_t *bench_fanout_read(int fd, int clients, int total)
{
	size_t want = (size_t)clients * (size_t)total * sizeof(int64_t), got;
	int64_t *v = xcalloc((size_t)clients * (size_t)total, sizeof *v);
	ssize_t r = 1;

	for (got = 0; got < want && r > 0; got += (size_t)(r > 0 ? r : 0))
		r = read(fd, (char *)v + got, want - got);
	close(fd);
	if (got == want)
		return v;
	free(v);
	return NULL;
}

/* The delays (µs) of round r: every client's receipt of each of the
 * round's events after its reference time ref_ns[event]. For sitrep that
 * is the writer's receipt of the ack, which the server sends right after
 * the commit and before the broadcast; a subscriber can run before the
 * writer notes it, so a delay below zero counts as zero. */
static size_t bench_delays(int64_t *const *recv, int n, int total, int r,
    const int64_t *ref_ns, double *d)
{
	int i, j, k, procs = bench_procs(n), per;
	size_t m = 0;
	int64_t t;

	for (i = 0; i < procs; i++) {
		per = n / procs + (i < n % procs);
		for (j = 0; j < per; j++)
			for (k = r * BENCH_EVENTS; k < (r + 1) * BENCH_EVENTS;
			    k++)
				if ((t = recv[i][j * total + k]) > 0)
					d[m++] = t > ref_ns[k] ? (double)(t -
					    ref_ns[k]) / 1e3 : 0;
	}
	return m;
}

/* A plain-loop reader process: per sockets, each gets BENCH_EVENTS frames
 * of 300 bytes; note when each frame was whole. Never returns. */
static void __attribute__((noreturn)) bench_raw_reader(int (*sv)[2],
    int per, int ready_fd, int out_fd)
{
	struct pollfd *pfd = xcalloc((size_t)per, sizeof *pfd);
	int64_t *recv_ns = xcalloc((size_t)per * BENCH_EVENTS, sizeof *recv_ns);
	size_t *got = xcalloc((size_t)per, sizeof *got), left;
	char buf[300], b = 1;
	ssize_t r;
	int j;

	for (j = 0; j < per; j++)
		pfd[j] = (struct pollfd){ .fd = sv[j][1], .events = POLLIN };
	if (write(ready_fd, &b, 1) != 1)
		_exit(1);
	for (left = (size_t)per * BENCH_EVENTS * sizeof buf; left > 0;) {
		if (poll(pfd, (nfds_t)per, 5000) <= 0)
			break;
		for (j = 0; j < per; j++) {
			if (!(pfd[j].revents & POLLIN))
				continue;
			r = read(pfd[j].fd, buf, sizeof buf - got[j] % sizeof buf);
			if (r <= 0)
				_exit(1);
			got[j] += (size_t)r;
			left -= (size_t)r;
			if (got[j] % sizeof buf == 0)
				recv_ns[j * BENCH_EVENTS + got[j] / sizeof buf - 1] =
				    bench_ns();
		}
	}
	if (write(out_fd, recv_ns, (size_t)per * BENCH_EVENTS *
	    sizeof *recv_ns) < 0)
		_exit(1);
	_exit(0);
}

/* Fork the plain-loop readers of n socket pairs; each reports on out[i]. */
static int bench_raw_fork(int (*sv)[2], int n, int out[BENCH_PROCS],
    pid_t pids[BENCH_PROCS])
{
	int i, o[2], ready[2], procs = bench_procs(n), at = 0, per;
	char b;

	if (pipe(ready) != 0)
		return -1;
	for (i = 0; i < procs; i++, at += per) {
		per = n / procs + (i < n % procs);
		if (pipe(o) != 0)
			return -1;
		if ((pids[i] = fork()) == 0)
			bench_raw_reader(sv + at, per, ready[1], o[1]);
		close(o[1]);
		out[i] = o[0];
	}
	for (i = 0; i < procs; i++)
		if (read(ready[0], &b, 1) != 1)
			return -1;
	close(ready[0]);
	close(ready[1]);
	return 0;
}

/* One baseline round: the same frame written by a plain loop to n socket
 * pairs; p50 and p99 of (receipt - start of the loop), in µs. */
static int bench_raw_round(int n, double *p50, double *p99)
{
	int (*sv)[2] = xcalloc((size_t)n, sizeof *sv), out[BENCH_PROCS], i, k;
	unsigned char frame[300] = { 0 };
	int64_t sent_ns[BENCH_EVENTS], *recv[BENCH_PROCS];
	double *d = xcalloc((size_t)n * BENCH_EVENTS, sizeof *d);
	int procs = bench_procs(n), rc = -1;
	pid_t pids[BENCH_PROCS];
	size_t m;

	for (i = 0; i < n; i++)
		socketpair(AF_UNIX, SOCK_STREAM, 0, sv[i]);
	if (bench_raw_fork(sv, n, out, pids) != 0)
		goto out;
	for (k = 0; k < BENCH_EVENTS; k++) {
		sent_ns[k] = bench_ns();
		for (i = 0; i < n; i++)
			if (write(sv[i][0], frame, sizeof frame) < 0)
				goto out;
		usleep(1000);
	}
	for (i = 0; i < procs; i++)
		recv[i] = bench_fanout_read(out[i], n / procs + (i < n % procs),
		    BENCH_EVENTS);
	for (i = 0; i < procs; i++)
		waitpid(pids[i], NULL, 0);
	for (i = 0, rc = 0; i < procs; i++)
		rc |= recv[i] == NULL ? -1 : 0;
	if (rc == 0 && (m = bench_delays(recv, n, BENCH_EVENTS, 0, sent_ns,
	    d)) == (size_t)n * BENCH_EVENTS) {
		*p50 = bench_percentile(d, m, 50);
		*p99 = bench_percentile(d, m, 99);
	} else
		rc = -1;
	for (i = 0; i < procs; i++)
		free(recv[i]);
out:
	for (i = 0; i < n; i++) {
		close(sv[i][0]);
		close(sv[i][1]);
	}
	free(sv);
	free(d);
	return rc;
}

/* The rounds of one fan-out figure, once the subscribers are live:
 * baseline and a block of sitrep events in turn (the order alternating);
 * the baseline's p50 and p99 of each round into raw[]. */
static int bench_fanout_rounds(struct bench_pub *p, int n, double raw[][2])
{
	int r;

	for (r = 0; r < BENCH_ROUNDS; r++) {
		if (r % 2 == 0 && bench_raw_round(n, &raw[r][0],
		    &raw[r][1]) != 0)
			return -1;
		if (bench_pub_until(p, 1 + (r + 1) * BENCH_EVENTS) != 0)
			return -1;
		if (r % 2 == 1 && bench_raw_round(n, &raw[r][0],
		    &raw[r][1]) != 0)
			return -1;
	}
	return 0;
}

/* Print the medians over rounds of p50 and p99, sitrep next to raw. */
static void bench_fanout_print(int n, double s[][2], double raw[][2])
{
	double a[BENCH_ROUNDS], b[BENCH_ROUNDS], x, y;
	char fig[80], va[32], vb[32];
	int q, r;

	for (q = 0; q < 2; q++) {
		for (r = 0; r < BENCH_ROUNDS; r++) {
			a[r] = s[r][q];
			b[r] = raw[r][q];
		}
		x = bench_median(a, BENCH_ROUNDS);
		y = bench_median(b, BENCH_ROUNDS);
		snprintf(fig, sizeof fig, "fan-out to %d client%s after commit "
		    "(%s)", n, n > 1 ? "s" : "", q == 0 ? "p50" : "p99");
		snprintf(va, sizeof va, "%.0f us", x);
		snprintf(vb, sizeof vb, "%.0f us", y);
		bench_row(fig, va, vb, y > 0 ? x / y : 0, q == 1 && n == 100 ?
		    "<= 2 ms (median of 5 rounds; baseline: plain loop)" :
		    "(median of 5 rounds; baseline: plain loop)");
	}
}

/* The sitrep side once every round is done: each round's p50 and p99 of
 * (receipt - ack). */
static int bench_fanout_collect(int n, int out[BENCH_PROCS],
    const int64_t *ack_ns, double s[][2])
{
	int total = BENCH_ROUNDS * BENCH_EVENTS, procs = bench_procs(n), i, r;
	int64_t *recv[BENCH_PROCS];
	double *d = xcalloc((size_t)n * BENCH_EVENTS, sizeof *d);
	size_t m;
	int rc = 0;

	for (i = 0; i < procs; i++) {
		recv[i] = bench_fanout_read(out[i], n / procs + (i < n % procs),
		    total);
		rc |= recv[i] == NULL ? -1 : 0;
	}
	for (r = 0; rc == 0 && r < BENCH_ROUNDS; r++) {
		m = bench_delays(recv, n, total, r, ack_ns, d);
		if (m != (size_t)n * BENCH_EVENTS)
			rc = -1;
		else {
			s[r][0] = bench_percentile(d, m, 50);
			s[r][1] = bench_percentile(d, m, 99);
		}
	}
	for (i = 0; i < procs; i++)
		free(recv[i]);
	free(d);
	return rc;
}

/* Fan-out to n attached clients, in rounds against the plain loop. */
static void bench_fanout(const char *dir, int n)
{
	char *sub = xasprintf("%s/fanout-%d", dir, n), *sock = NULL, *db = NULL;
	int ready[2], out[BENCH_PROCS], i, procs = bench_procs(n), ok = -1;
	double s[BENCH_ROUNDS][2], raw[BENCH_ROUNDS][2];
	pid_t pid, pids[BENCH_PROCS];
	struct bench_pub p;
	char b;

	mkdir(sub, 0700);
	if ((pid = bench_server_start(sub, &sock, &db)) <= 0 ||
	    bench_pub_open(&p, sock, BENCH_ROUNDS * BENCH_EVENTS) != 0)
		goto out;
	if (bench_pub_until(&p, 1) == 0 && bench_fanout_fork(sock, n,
	    BENCH_ROUNDS * BENCH_EVENTS, ready, out, pids) == 0) {
		for (i = 0; i < procs; i++)
			if (read(ready[0], &b, 1) != 1)
				break;
		if (i == procs && bench_fanout_rounds(&p, n, raw) == 0)
			ok = bench_fanout_collect(n, out, p.ack_ns, s);
		for (i = 0; i < procs; i++)
			waitpid(pids[i], NULL, 0);
	}
	bench_pub_close(&p);
	if (ok == 0)
		bench_fanout_print(n, s, raw);
	else
		bench_row("fan-out (FAILED)", "-", "-", 0, "");
out:
	bench_server_stop(pid);
	free(sub);
	free(sock);
	free(db);
}

/* A memory figure of a process in KiB ("VmRSS", "VmHWM"), from /proc. */
static long bench_kib(pid_t pid, const char *field)
{
	char *path = xasprintf("/proc/%d/status", (int)pid), line[256];
	FILE *f = fopen(path, "r");
	size_t n = strlen(field);
	long kib = -1;

	free(path);
	while (f != NULL && fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, field, n) == 0 && line[n] == ':')
			kib = strtol(line + n + 1, NULL, 10);
	if (f != NULL)
		fclose(f);
	return kib;
}

/* The subscriber that gets stopped: follows every event, and keeps the
 * last seq it has where the bench can see it (shared memory). */
static void bench_stall_seen(struct client *c, const struct event *ev,
    void *arg)
{
	*(volatile int64_t *)arg = ev->seq;
}

/* Run the subscriber that gets stopped. Never returns. */
static void __attribute__((noreturn)) bench_stall_child(const char *sock,
    volatile int64_t *seen)
{
	struct client_cb cb = { .on_event = bench_stall_seen };
	struct client_opts opts = { .socket = sock, .reconnect = 1 };
	uv_loop_t loop;
	char *cause = NULL;
	struct client *c;

	uv_loop_init(&loop);
	if ((c = client_connect(&loop, &opts, &cb, (void *)seen,
	    &cause)) == NULL)
		_exit(1);
	client_subscribe(c, "*", 0);
	uv_run(&loop, UV_RUN_DEFAULT);
	_exit(0);
}

/* One writer of the stall rounds: a window of submissions in flight. */
struct bench_stall_w {
	struct client *c;
	int sent;
	int acked;
	int quota;
	int failed;
	int64_t sent_ns[BENCH_STALL_WINDOW];
	int64_t last_seq;
	double *lat;       /* shared by the writers: each ack's latency */
	size_t *nlat;
	const char *text;
};

/* Keep the writer's window full. */
static void bench_stall_fill(struct bench_stall_w *w)
{
	struct event *ev;

	while (w->sent < w->quota && w->sent - w->acked < BENCH_STALL_WINDOW) {
		ev = event_new(EV_ENTRY);
		ev->incident = xstrdup("INC-1");
		json_object_set_new(ev->body, "type", json_string("note"));
		json_object_set_new(ev->body, "text", json_string(w->text));
		w->sent_ns[w->sent++ % BENCH_STALL_WINDOW] = bench_ns();
		client_submit(w->c, ev);
	}
}

/* An ack (they come in submission order): its latency; go on. */
static void bench_stall_ack(struct client *c, const char *uid, int64_t seq,
    const char *incident, const json_t *warnings, void *arg)
{
	struct bench_stall_w *w = arg;

	w->lat[(*w->nlat)++] = (double)(bench_ns() -
	    w->sent_ns[w->acked++ % BENCH_STALL_WINDOW]) / 1e3;
	if (seq > w->last_seq)
		w->last_seq = seq;
	bench_stall_fill(w);
}

/* A refusal: the benchmark is broken. */
static void bench_stall_nack(struct client *c, const char *uid,
    const char *code, const char *field, const char *message, void *arg)
{
	struct bench_stall_w *w = arg;

	fprintf(stderr, "bench: refused: %s\n", message);
	w->failed = 1;
}

/* One round: BENCH_STALL_N submissions over the writers; p50 and p99 of
 * submit → ack into q[]; the last seq stored, or -1. */
static int64_t bench_stall_round(uv_loop_t *loop, struct bench_stall_w *w,
    double *lat, double q[2])
{
	int64_t deadline = bench_ns() + BENCH_WAIT_NS, last = 0;
	size_t n = 0;
	int i;

	for (i = 0; i < BENCH_STALL_WRITERS; i++) {
		w[i].sent = w[i].acked = 0;
		w[i].quota = BENCH_STALL_N / BENCH_STALL_WRITERS;
		w[i].lat = lat;
		w[i].nlat = &n;
		bench_stall_fill(&w[i]);
	}
	while (n < BENCH_STALL_N && bench_ns() < deadline)
		uv_run(loop, UV_RUN_ONCE);
	for (i = 0; i < BENCH_STALL_WRITERS; i++) {
		if (w[i].failed)
			return -1;
		if (w[i].last_seq > last)
			last = w[i].last_seq;
	}
	if (n < BENCH_STALL_N)
		return -1;
	q[0] = bench_percentile(lat, n, 50);
	q[1] = bench_percentile(lat, n, 99);
	return last;
}

/* Wait until the subscriber has every event up to last (bounded). */
static int bench_stall_caught_up(volatile int64_t *seen, int64_t last)
{
	int64_t deadline = bench_ns() + BENCH_WAIT_NS;

	while (*seen < last && bench_ns() < deadline)
		usleep(1000);
	return *seen >= last ? 0 : -1;
}

/* One round with the subscriber reading (stop 0) or stopped (stop 1). */
static int bench_stall_one(uv_loop_t *loop, struct bench_stall_w *w,
    double *lat, pid_t child, volatile int64_t *seen, int stop, double q[2])
{
	int64_t last;

	if (stop)
		kill(child, SIGSTOP);
	last = bench_stall_round(loop, w, lat, q);
	if (stop)
		kill(child, SIGCONT);
	return last < 0 ? -1 : bench_stall_caught_up(seen, last);
}

/* Connect the writers; -1 when one cannot. */
static int bench_stall_connect(uv_loop_t *loop, const char *sock,
    struct bench_stall_w *w, const char *text)
{
	struct client_cb cb = { .on_ack = bench_stall_ack,
	    .on_nack = bench_stall_nack };
	struct client_opts opts = { .socket = sock };
	char *cause = NULL;
	int i;

	for (i = 0; i < BENCH_STALL_WRITERS; i++) {
		w[i].text = text;
		if ((w[i].c = client_connect(loop, &opts, &cb, &w[i],
		    &cause)) == NULL) {
			fprintf(stderr, "bench: %s\n", cause);
			free(cause);
			return -1;
		}
	}
	return 0;
}

/* Print the medians over rounds, stopped next to reading. */
static void bench_stall_print(double a[][2], double b[][2], long grew)
{
	double x[BENCH_STALL_ROUNDS], y[BENCH_STALL_ROUNDS], mx, my;
	char va[32], vb[32];
	int q, r;

	for (q = 0; q < 2; q++) {
		for (r = 0; r < BENCH_STALL_ROUNDS; r++) {
			x[r] = b[r][q];
			y[r] = a[r][q];
		}
		mx = bench_median(x, BENCH_STALL_ROUNDS);
		my = bench_median(y, BENCH_STALL_ROUNDS);
		snprintf(va, sizeof va, "%.0f us", mx);
		snprintf(vb, sizeof vb, "%.0f us", my);
		bench_row(q == 0 ? "submit -> ack, one client stopped (p50)" :
		    "submit -> ack, one client stopped (p99)", va, vb,
		    my > 0 ? mx / my : 0, "flat (median of 5 rounds; baseline: "
		    "it reads)");
	}
	snprintf(va, sizeof va, "%ld KiB", grew);
	snprintf(vb, sizeof vb, "%d KiB", SR_MAX_QUEUE / 1024);
	bench_row("server peak memory growth, client stopped", va, vb,
	    (double)grew / (SR_MAX_QUEUE / 1024), "bounded (baseline: the "
	    "queue limit)");
}

/* The writers' loop, the subscriber and the rounds of the stall figure. */
struct bench_stall {
	uv_loop_t loop;
	struct bench_stall_w w[BENCH_STALL_WRITERS];
	double *lat;
	volatile int64_t *seen;
	pid_t child;
	pid_t server;
	double a[BENCH_STALL_ROUNDS][2];  /* reading: p50, p99 */
	double b[BENCH_STALL_ROUNDS][2];  /* stopped */
	long hwm_reading;
};

/* Alternate rounds reading and stopped, after a pair not counted: the
 * first stop grows the server's heap by the queue it then holds, a one-time
 * cost (page faults, which are dear in a virtual machine) that later stops
 * reuse; -1 when a round fails. */
static int bench_stall_rounds(struct bench_stall *st)
{
	double warm[2];
	int r, first;

	if (bench_stall_one(&st->loop, st->w, st->lat, st->child, st->seen, 0,
	    warm) != 0 || bench_stall_one(&st->loop, st->w, st->lat, st->child,
	    st->seen, 1, warm) != 0)
		return -1;
	for (r = 0; r < BENCH_STALL_ROUNDS; r++) {
		first = r % 2;
		if (bench_stall_one(&st->loop, st->w, st->lat, st->child,
		    st->seen, first, first ? st->b[r] : st->a[r]) != 0)
			return -1;
		if (r == 0)
			st->hwm_reading = bench_kib(st->server, "VmHWM");
		if (bench_stall_one(&st->loop, st->w, st->lat, st->child,
		    st->seen, !first, first ? st->a[r] : st->b[r]) != 0)
			return -1;
	}
	return 0;
}

/* What one stopped subscriber costs the writers, and the server's memory
 * meanwhile. */
static void bench_stall(const char *dir)
{
	char *sub = xasprintf("%s/stall", dir), *sock = NULL, *db = NULL;
	char *text = xcalloc(BENCH_STALL_TEXT + 1, 1);
	struct bench_stall st;
	struct bench_pub p;
	int i, ok = -1;

	memset(&st, 0, sizeof st);
	memset(text, 's', BENCH_STALL_TEXT);
	st.lat = xcalloc(BENCH_STALL_N, sizeof *st.lat);
	st.seen = mmap(NULL, sizeof *st.seen, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	mkdir(sub, 0700);
	uv_loop_init(&st.loop);
	if (st.seen == MAP_FAILED ||
	    (st.server = bench_server_start(sub, &sock, &db)) <= 0 ||
	    bench_pub_open(&p, sock, 1) != 0)
		goto out;
	if (bench_pub_until(&p, 1) == 0 && (st.child = fork()) == 0)
		bench_stall_child(sock, st.seen);
	if (st.child > 0 && bench_stall_connect(&st.loop, sock, st.w,
	    text) == 0 && bench_stall_caught_up(st.seen, 1) == 0)
		ok = bench_stall_rounds(&st);
	if (ok == 0)
		bench_stall_print(st.a, st.b, bench_kib(st.server, "VmHWM") -
		    st.hwm_reading);
	else
		bench_row("stopped client (FAILED)", "-", "-", 0, "");
	if (st.child > 0) {
		kill(st.child, SIGKILL);
		waitpid(st.child, NULL, 0);
	}
	bench_pub_close(&p);
out:
	for (i = 0; i < BENCH_STALL_WRITERS; i++)
		if (st.w[i].c != NULL)
			client_close(st.w[i].c);
	uv_run(&st.loop, UV_RUN_DEFAULT);
	uv_loop_close(&st.loop);
	bench_server_stop(st.server);
	free(st.lat);
	free(text);
	free(sub);
	free(sock);
	free(db);
}

/* Connect one raw client and say hello; the fd, or -1. */
static int bench_idle_client(const char *sock)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	json_t *hello = proto_msg("hello");
	unsigned char *frame, buf[4096];
	size_t len;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", sock);
	json_object_set_new(hello, "proto", json_integer(PROTO_MAJOR));
	json_object_set_new(hello, "client", json_string("bench"));
	frame = proto_encode(hello, &len);
	json_decref(hello);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    write(fd, frame, len) != (ssize_t)len || read(fd, buf, sizeof buf) <= 0) {
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	free(frame);
	return fd;
}

/* Server memory per idle client: RSS with BENCH_IDLE clients attached
 * minus RSS before, over BENCH_IDLE. */
static void bench_idle(const char *dir)
{
	char *sub = xasprintf("%s/idle", dir), *sock, *db, a[32], b[32];
	int fds[BENCH_IDLE], i, n = 0;
	long before, after;
	pid_t pid;

	mkdir(sub, 0700);
	if ((pid = bench_server_start(sub, &sock, &db)) < 0)
		return;
	before = bench_kib(pid, "VmRSS");
	for (i = 0; i < BENCH_IDLE; i++)
		if ((fds[n] = bench_idle_client(sock)) >= 0)
			n++;
	after = bench_kib(pid, "VmRSS");
	for (i = 0; i < n; i++)
		close(fds[i]);
	bench_server_stop(pid);
	snprintf(a, sizeof a, "%.1f KiB", n > 0 ? (double)(after - before) / n : 0);
	snprintf(b, sizeof b, "%ld KiB", before);
	bench_row(n == BENCH_IDLE ? "server memory per idle client (1000)" :
	    "server memory per idle client (FEWER CONNECTED)", a, b,
	    n > 0 ? (double)(after - before) / n / 64.0 : 0,
	    "<= 64 KiB (ratio: of 64 KiB; baseline: RSS before)");
	free(sub);
	free(sock);
	free(db);
}

/* Run the server benchmarks. */
int main(void)
{
	static const int sizes[] = { 1, 10, BENCH_MAX_SUBS };
	char *dir;
	size_t i;

	if (sodium_init() < 0)
		return 1;
	dir = bench_tmpdir();
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		bench_fanout(dir, sizes[i]);
	bench_stall(dir);
	bench_idle(dir);
	bench_rmdir(dir);
	free(dir);
	return 0;
}
