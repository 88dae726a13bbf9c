/* bench-server.c: fan-out to 100 attached clients and the server's memory
 * per idle client, each next to a baseline measured in the same run: the
 * same frames written by a plain loop to 100 socket pairs, and the server's
 * own memory before the clients came. */
#include <poll.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uv.h>

#include "bench.h"
#include "client.h"
#include "event.h"
#include "proto.h"
#include "xmalloc.h"

#define BENCH_SUBSCRIBERS 100  /* attached clients */
#define BENCH_PROCS 4          /* processes they are spread over */
#define BENCH_EVENTS 50        /* events fanned out */
#define BENCH_IDLE 1000        /* idle clients for the memory figure */

/* One subscriber process: its clients and when each event reached them. */
struct bench_sub {
	struct client **clients;
	int nclients;
	int synced;
	int done;
	int ready_fd;
	int64_t *recv_ns;  /* [client * BENCH_EVENTS + event index] */
	int64_t first_seq;
};

/* An event reached one client: note when. */
static void bench_sub_event(struct client *c, const struct event *ev,
    void *arg)
{
	struct bench_sub *s = arg;
	int i, k;

	if (ev->kind != EV_ENTRY || s->first_seq == 0)
		return;
	k = (int)(ev->seq - s->first_seq);
	for (i = 0; i < s->nclients && s->clients[i] != c; i++)
		;
	if (i == s->nclients || k < 0 || k >= BENCH_EVENTS)
		return;
	s->recv_ns[i * BENCH_EVENTS + k] = bench_ns();
	if (k == BENCH_EVENTS - 1 && ++s->done == s->nclients) {
		for (i = 0; i < s->nclients; i++)
			client_close(s->clients[i]);
	}
}

/* One client is live: when all are, tell the writer (the byte carries
 * nothing; the seq the events start after comes back on the pipe). */
static void bench_sub_synced(struct client *c, const char *incident,
    int64_t seq, void *arg)
{
	struct bench_sub *s = arg;
	char b = 1;

	if (++s->synced == s->nclients && write(s->ready_fd, &b, 1) != 1)
		exit(1);
}

/* Run n subscribers in this process; write their receive times to out. */
static void bench_sub_run(const char *sock, int n, int ready_fd, int go_fd,
    int out_fd)
{
	struct client_cb cb = { .on_event = bench_sub_event,
	    .on_synced = bench_sub_synced };
	struct client_opts opts = { .socket = sock };
	struct bench_sub s = { .nclients = n, .ready_fd = ready_fd };
	uv_loop_t loop;
	char *cause = NULL;
	int i;

	s.clients = xcalloc((size_t)n, sizeof *s.clients);
	s.recv_ns = xcalloc((size_t)n * BENCH_EVENTS, sizeof *s.recv_ns);
	uv_loop_init(&loop);
	for (i = 0; i < n; i++) {
		s.clients[i] = client_connect(&loop, &opts, &cb, &s, &cause);
		if (s.clients[i] == NULL)
			_exit(1);
		client_subscribe(s.clients[i], "INC-1", 0);
	}
	/* The writer tells the first seq once everyone is live. */
	while (s.synced < n)
		uv_run(&loop, UV_RUN_ONCE);
	if (read(go_fd, &s.first_seq, sizeof s.first_seq) !=
	    sizeof s.first_seq)
		_exit(1);
	uv_run(&loop, UV_RUN_DEFAULT);
	if (write(out_fd, s.recv_ns, (size_t)n * BENCH_EVENTS *
	    sizeof *s.recv_ns) < 0)
		_exit(1);
	_exit(0);
}

/* The writer's state: ack times by event index. */
struct bench_pub {
	struct client *client;
	int sent;    /* acks received */
	int total;   /* submissions to make */
	int declare; /* the first submission declares INC-1 */
	int64_t ack_ns[BENCH_EVENTS];
};

/* Submit the next event: the declare, or a fan-out entry. */
static void bench_pub_next(struct bench_pub *p)
{
	struct event *ev = event_new(p->declare ? EV_DECLARE : EV_ENTRY);

	if (p->declare) {
		json_object_set_new(ev->body, "title", json_string("fan-out"));
		json_object_set_new(ev->body, "severity", json_integer(2));
	} else {
		ev->incident = xstrdup("INC-1");
		json_object_set_new(ev->body, "type", json_string("note"));
		json_object_set_new(ev->body, "text", json_sprintf("fan-out %d",
		    p->sent));
	}
	client_submit(p->client, ev);
}

/* An ack: the event is committed and on its way to everyone. */
static void bench_pub_ack(struct client *c, const char *uid, int64_t seq,
    const char *incident, const json_t *warnings, void *arg)
{
	struct bench_pub *p = arg;

	if (p->sent < BENCH_EVENTS)
		p->ack_ns[p->sent] = bench_ns();
	if (++p->sent < p->total)
		bench_pub_next(p);
	else
		client_close(c);
}

/* Submit p->total events one after the other, each after the last ack. */
static int bench_pub_run(const char *sock, struct bench_pub *p)
{
	struct client_cb cb = { .on_ack = bench_pub_ack };
	struct client_opts opts = { .socket = sock };
	uv_loop_t loop;
	char *cause = NULL;

	uv_loop_init(&loop);
	if ((p->client = client_connect(&loop, &opts, &cb, p, &cause)) == NULL) {
		fprintf(stderr, "bench: %s\n", cause);
		free(cause);
		return -1;
	}
	bench_pub_next(p);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	return p->sent == p->total ? 0 : -1;
}

/* Fork the subscriber processes; each reports on its own pipe. */
static int bench_fanout_fork(const char *sock, int ready[2], int go[2],
    int out[BENCH_PROCS], pid_t pids[BENCH_PROCS])
{
	int i, o[2];

	if (pipe(ready) != 0 || pipe(go) != 0)
		return -1;
	for (i = 0; i < BENCH_PROCS; i++) {
		if (pipe(o) != 0)
			return -1;
		if ((pids[i] = fork()) == 0)
			bench_sub_run(sock, BENCH_SUBSCRIBERS / BENCH_PROCS,
			    ready[1], go[0], o[1]);
		close(o[1]);
		out[i] = o[0];
	}
	return 0;
}

/* Read every process's receive times; delays after the ack, in us. */
static size_t bench_fanout_collect(int out[BENCH_PROCS],
    const int64_t *ack_ns, double *d)
{
	int per = BENCH_SUBSCRIBERS / BENCH_PROCS, i, k;
	size_t want = (size_t)per * BENCH_EVENTS * sizeof(int64_t), got, n = 0;
	int64_t *recv_ns = xmalloc(want);
	ssize_t r;

	for (i = 0; i < BENCH_PROCS; i++) {
		for (got = 0; got < want; got += (size_t)r)
			if ((r = read(out[i], (char *)recv_ns + got,
			    want - got)) <= 0)
				break;
		close(out[i]);
		for (k = 0; got == want && k < per * BENCH_EVENTS; k++)
			if (recv_ns[k] > 0)
				d[n++] = (double)(recv_ns[k] -
				    ack_ns[k % BENCH_EVENTS]) / 1000.0;
	}
	free(recv_ns);
	return n;
}

/* p99 of (receive - ack) over every client and event, in us; -1 broken. */
static double bench_fanout_sitrep(const char *sock)
{
	struct bench_pub decl = { .total = 1, .declare = 1 };
	struct bench_pub p = { .total = BENCH_EVENTS };
	int ready[2], go[2], out[BENCH_PROCS], i;
	pid_t pids[BENCH_PROCS];
	double *d = xcalloc(BENCH_SUBSCRIBERS * BENCH_EVENTS, sizeof *d), r = -1;
	int64_t first = 2; /* the declare is seq 1 */
	size_t n;
	char b;

	if (bench_pub_run(sock, &decl) != 0 ||
	    bench_fanout_fork(sock, ready, go, out, pids) != 0)
		return -1;
	for (i = 0; i < BENCH_PROCS; i++)
		if (read(ready[0], &b, 1) != 1 ||
		    write(go[1], &first, sizeof first) != sizeof first)
			return -1;
	if (bench_pub_run(sock, &p) == 0) {
		n = bench_fanout_collect(out, p.ack_ns, d);
		if (n == BENCH_SUBSCRIBERS * BENCH_EVENTS)
			r = bench_percentile(d, n, 99);
	}
	for (i = 0; i < BENCH_PROCS; i++)
		waitpid(pids[i], NULL, 0);
	free(d);
	return r;
}

/* A baseline reader process: per sockets, each gets BENCH_EVENTS frames
 * of 300 bytes; note when each frame was whole. Never returns. */
static void __attribute__((noreturn)) bench_raw_reader(int sv[][2],
    int first, int per, int ready_fd, int out_fd)
{
	struct pollfd *pfd = xcalloc((size_t)per, sizeof *pfd);
	int64_t *recv_ns = xcalloc((size_t)per * BENCH_EVENTS, sizeof *recv_ns);
	size_t *got = xcalloc((size_t)per, sizeof *got), left;
	char buf[300], b = 1;
	ssize_t r;
	int j;

	for (j = 0; j < per; j++)
		pfd[j] = (struct pollfd){ .fd = sv[first + j][1], .events = POLLIN };
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

/* Baseline: the same frame written by a plain loop to 100 socket pairs
 * read by 4 processes; p99 of (receive - start of the loop), in us. */
static double bench_fanout_raw(void)
{
	int sv[BENCH_SUBSCRIBERS][2], out[BENCH_PROCS], ready[2], i, k;
	int per = BENCH_SUBSCRIBERS / BENCH_PROCS;
	unsigned char frame[300] = { 0 };
	int64_t sent_ns[BENCH_EVENTS];
	double *d = xcalloc(BENCH_SUBSCRIBERS * BENCH_EVENTS, sizeof *d), r;
	size_t n;
	char b;

	for (i = 0; i < BENCH_SUBSCRIBERS; i++)
		socketpair(AF_UNIX, SOCK_STREAM, 0, sv[i]);
	if (pipe(ready) != 0)
		return -1;
	for (i = 0; i < BENCH_PROCS; i++) {
		int o[2];

		if (pipe(o) != 0)
			return -1;
		if (fork() == 0)
			bench_raw_reader(sv, i * per, per, ready[1], o[1]);
		close(o[1]);
		out[i] = o[0];
	}
	for (i = 0; i < BENCH_PROCS; i++)
		if (read(ready[0], &b, 1) != 1)
			return -1;
	for (k = 0; k < BENCH_EVENTS; k++) {
		sent_ns[k] = bench_ns();
		for (i = 0; i < BENCH_SUBSCRIBERS; i++)
			if (write(sv[i][0], frame, sizeof frame) < 0)
				return -1;
		usleep(1000);
	}
	n = bench_fanout_collect(out, sent_ns, d);
	while (wait(NULL) > 0)
		;
	r = bench_percentile(d, n, 99);
	free(d);
	return r;
}

/* The server's resident memory in KiB, from /proc. */
static long bench_rss_kib(pid_t pid)
{
	char *path = xasprintf("/proc/%d/status", (int)pid), line[256];
	FILE *f = fopen(path, "r");
	long kib = -1;

	free(path);
	while (f != NULL && fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "VmRSS: %ld", &kib) == 1)
			break;
	if (f != NULL)
		fclose(f);
	return kib;
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
	before = bench_rss_kib(pid);
	for (i = 0; i < BENCH_IDLE; i++)
		if ((fds[n] = bench_idle_client(sock)) >= 0)
			n++;
	after = bench_rss_kib(pid);
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
}

/* Fan-out p99 next to the plain-loop baseline. */
static void bench_fanout(const char *dir)
{
	char *sub = xasprintf("%s/fanout", dir), *sock, *db, a[32], b[32];
	double s = -1, r;
	pid_t pid;

	mkdir(sub, 0700);
	if ((pid = bench_server_start(sub, &sock, &db)) > 0)
		s = bench_fanout_sitrep(sock);
	bench_server_stop(pid);
	r = bench_fanout_raw();
	snprintf(a, sizeof a, s < 0 ? "failed" : "%.0f us", s);
	snprintf(b, sizeof b, "%.0f us", r);
	bench_row("fan-out to 100 clients, after commit (p99)", a, b,
	    r > 0 && s >= 0 ? s / r : 0, "<= 2 ms (baseline: plain write loop)");
	free(sub);
}

/* Run the server benchmarks. */
int main(void)
{
	char *dir;

	if (sodium_init() < 0)
		return 1;
	dir = bench_tmpdir();
	bench_fanout(dir);
	bench_idle(dir);
	bench_rmdir(dir);
	free(dir);
	return 0;
}
