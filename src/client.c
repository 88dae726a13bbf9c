/* client.c: the one client library, used by every verb and the terminal.
 *
 * Connecting is synchronous (a verb has nothing to do until it is
 * connected): connect to the socket, and when nobody answers and autostart
 * is on, take a lock next to the socket so racing clients start one server,
 * start `sitrep serve` in its own session and wait for it to accept. Before
 * a byte is sent, the socket's directory must be one only its owner
 * controls and the server (SO_PEERCRED) must run as that owner or root, so
 * a socket someone else put there never hears a hello. The rest runs on
 * the caller's libuv loop. Submissions stay pending (uid →
 * event) until acked or nacked; after a reconnect the subscription resumes
 * from the last seq seen and every pending submission is re-sent with the
 * same uid, which the server answers with the original seq when it already
 * has it: each event is stored exactly once. Reconnecting backs off from
 * 50 ms to 1 s with jitter; after a deliberate stop (kill-server) a client
 * that may autostart waits for a server and starts one only when it has
 * something to send.
 */
#include <sys/file.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "client.h"
#include "paths.h"
#include "proto.h"
#include "users.h"
#include "xmalloc.h"

#define CLIENT_READ_SIZE (64 * 1024)
#define CLIENT_START_MS 5000      /* how long a started server may take */
#define CLIENT_BACKOFF_MIN_MS 50  /* reconnect backoff */
#define CLIENT_BACKOFF_MAX_MS 1000

/* A submission waiting for its ack or nack. */
struct client_pending {
	struct event *ev;
	TAILQ_ENTRY(client_pending) entry;
};
TAILQ_HEAD(client_pendings, client_pending);

/* One write in flight. */
struct client_write {
	uv_write_t req;
	unsigned char *data;
};

struct client {
	uv_loop_t *loop;
	struct client_cb cb;
	void *arg;
	char *socket;
	char *db;
	char *exe;
	int named;                /* the user named the socket */
	int autostart;
	int reconnect;
	int stopped;              /* the server was stopped on purpose: start
	                           * another only with something to send */
	enum client_state state;
	uv_pipe_t *pipe;          /* the current connection, NULL between */
	uv_timer_t timer;         /* reconnect backoff */
	unsigned refs;            /* the timer and every pipe not yet closed */
	int dead;                 /* client_close called */
	unsigned backoff;
	struct proto_decoder dec;
	char *user;
	char *served;             /* the store of the first welcome */
	client_raw_cb raw;        /* frames read from their bytes, or NULL */
	void *raw_arg;
	char *sub;                /* subscription, resumed after a reconnect */
	int64_t since;            /* last event seq received */
	int64_t sub_id;           /* id of the current subscription */
	int snapshot;             /* a snapshot subscription not yet whole */
	int tail;                 /* events of its tail page */
	char *last_error;         /* an error just before a close: message */
	char *last_code;          /* and code */
	char *closed_why;         /* closed for good: why (for the nacks) */
	struct client_pendings pending;
	size_t npending;
	json_t *outbox;           /* requests waiting for the welcome */
	char readbuf[CLIENT_READ_SIZE];
};

static void client_timer_cb(uv_timer_t *t);
static void client_drop(struct client *c);

/* Fill a socket address for path; -1 when it is too long. */
static int client_sockaddr(const char *path, struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof *sa);
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa->sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sa->sun_path, path, strlen(path) + 1);
	return 0;
}

/* One connection attempt: a connected fd, or -1 and *err. */
static int client_try(const char *path, int *err)
{
	struct sockaddr_un sa;
	int fd;

	if (client_sockaddr(path, &sa) != 0) {
		*err = errno;
		return -1;
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
		*err = errno;
		return -1;
	}
	while (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		if (errno == EINTR)
			continue;
		*err = errno;
		close(fd);
		return -1;
	}
	return fd;
}

/* Why the socket refused us: who its directory admits. New string. */
static char *client_denied(const char *path)
{
	char *copy = xstrdup(path), *s, *user, *group;
	struct stat sb;

	if (stat(dirname(copy), &sb) != 0) {
		free(copy);
		return xasprintf("cannot reach the sitrep server on %s: %s",
		    path, strerror(EACCES));
	}
	user = users_name(sb.st_uid);
	group = users_group_name(sb.st_gid);
	if ((sb.st_mode & 0050) == 0050)
		s = xasprintf("cannot reach the sitrep server on %s: "
		    "permission denied; it admits %s, root and members of "
		    "group %s", path, user, group);
	else
		s = xasprintf("cannot reach the sitrep server on %s: "
		    "permission denied; it admits only %s and root", path,
		    user);
	free(group);
	free(user);
	free(copy);
	return s;
}

/* Why nobody could be reached at path. New string. */
static char *client_unreachable(const char *path, int err)
{
	if (err == ENOENT)
		return xasprintf("no sitrep server is running on %s; start one "
		    "with `sitrep serve -S %s --db STORE`, or give --db too and "
		    "it starts by itself", path, path);
	if (err == ECONNREFUSED)
		return xasprintf("no sitrep server answers on %s (it has "
		    "stopped); start one with `sitrep serve -S %s --db STORE`",
		    path, path);
	if (err == EACCES || err == EPERM)
		return client_denied(path);
	if (err == ENAMETOOLONG)
		return xasprintf("the socket path %s is too long; choose a "
		    "shorter one with -S", path);
	return xasprintf("cannot reach the sitrep server on %s: %s", path,
	    strerror(err));
}

/* Make sure the socket directory exists and is ours (for the lock). */
static int client_prepare_dir(const char *path, char **cause)
{
	char *copy = xstrdup(path);
	int r;

	r = paths_check_dir(dirname(copy), -1, cause);
	free(copy);
	return r;
}

/* Check, before a word is sent, that the server on fd is who its socket's
 * directory says: the directory is one only its owner controls, and the
 * server runs as that owner (or root). */
static int client_trust(const struct client *c, int fd, char **cause)
{
	char *copy = xstrdup(c->socket), *peer, *owner_name;
	struct ucred cred;
	socklen_t len = sizeof cred;
	uid_t owner;
	int r;

	r = paths_trust_dir(dirname(copy), c->named, &owner, cause);
	free(copy);
	if (r != 0)
		return -1;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
		*cause = xasprintf("cannot tell who runs the server on %s: %s",
		    c->socket, strerror(errno));
		return -1;
	}
	if (cred.uid == owner || cred.uid == 0)
		return 0;
	peer = users_name(cred.uid);
	owner_name = users_name(owner);
	*cause = xasprintf("the server on %s runs as %s, but its directory "
	    "belongs to %s: someone else put that socket there, so sitrep "
	    "will not talk to it; remove the socket (or have %s do it) and "
	    "try again", c->socket, peer, owner_name, owner_name);
	free(owner_name);
	free(peer);
	return -1;
}

/* Take the start lock next to the socket (blocking). Returns its fd. */
static int client_lock(const char *socket, char **cause)
{
	char *path = xasprintf("%s.lock", socket);
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		*cause = xasprintf("cannot open the lock %s: %s", path,
		    strerror(errno));
		free(path);
		return -1;
	}
	while (flock(fd, LOCK_EX) != 0) {
		if (errno == EINTR)
			continue;
		*cause = xasprintf("cannot lock %s: %s", path, strerror(errno));
		close(fd);
		free(path);
		return -1;
	}
	free(path);
	return fd;
}

/* The program to start: opts->exe, else this very program. */
static int client_exe(const struct client *c, char *out, size_t size,
    char **cause)
{
	ssize_t n;

	if (c->exe != NULL) {
		if (strlen(c->exe) >= size)
			goto fail;
		memcpy(out, c->exe, strlen(c->exe) + 1);
		return 0;
	}
	n = readlink("/proc/self/exe", out, size - 1);
	if (n <= 0 || (size_t)n >= size - 1)
		goto fail;
	out[n] = '\0';
	return 0;
fail:
	*cause = xasprintf("could not start the sitrep server for %s: cannot "
	    "find the sitrep program; run `sitrep serve -D --db %s`", c->db,
	    c->db);
	return -1;
}

/* In the forked child: a new session, then a grandchild with stdin and
 * stdout on /dev/null, stderr and fd 3 on the report pipe, and exec. The
 * server writes one byte to fd 3 when it listens, or its reason on stderr
 * when it cannot start. Never returns. */
static void __attribute__((noreturn)) client_child(const char *exe,
    char *const argv[], int report)
{
	sigset_t none;
	int fd;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	setsid();
	if (fork() != 0)
		_exit(0);
	if ((fd = open("/dev/null", O_RDWR)) >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
	dup2(report, STDERR_FILENO);
	dup2(report, 3);
	execv(exe, argv);
	_exit(127);
}

/* Start `sitrep serve -D --ready-fd 3 --db DB -S SOCKET` detached from us;
 * returns the read end of its report pipe. */
static int client_spawn(struct client *c, char **cause)
{
	char exe[PATH_MAX];
	char *argv[] = { (char *)"sitrep", (char *)"serve", (char *)"-D",
	    (char *)"--ready-fd", (char *)"3", (char *)"--db", c->db,
	    (char *)"-S", c->socket, NULL };
	int status, p[2];
	pid_t pid;

	if (client_exe(c, exe, sizeof exe, cause) != 0)
		return -1;
	if (pipe2(p, O_CLOEXEC) != 0 || (pid = fork()) < 0) {
		*cause = xasprintf("could not start the sitrep server for %s: "
		    "%s; run `sitrep serve -D --db %s` to see why", c->db,
		    strerror(errno), c->db);
		return -1;
	}
	if (pid == 0)
		client_child(exe, argv, p[1]);
	close(p[1]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return p[0];
}

/* Milliseconds on the monotonic clock. */
static int64_t client_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read a started server's report: 0 when it listens, -1 and its reason
 * (what it wrote on stderr) when it could not start or did not answer. */
static int client_report(struct client *c, int report, char **cause)
{
	int64_t deadline = client_clock() + CLIENT_START_MS, left;
	struct pollfd pfd = { .fd = report, .events = POLLIN };
	char buf[1024];
	size_t len = 0;
	ssize_t n;

	while (len < sizeof buf - 1) {
		left = deadline - client_clock();
		if (poll(&pfd, 1, left > 0 ? (int)left : 0) <= 0)
			break;
		if ((n = read(report, buf + len, sizeof buf - 1 - len)) < 0 &&
		    errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (memchr(buf + len, 1, (size_t)n) != NULL)
			return 0; /* the readiness byte, after any warnings */
		len += (size_t)n;
	}
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == 1))
		len--;
	buf[len] = '\0';
	*cause = xasprintf("could not start the sitrep server for %s: %s", c->db,
	    len > 0 ? (strncmp(buf, "sitrep: ", 8) == 0 ? buf + 8 : buf) :
	    "it did not answer within 5 seconds; run `sitrep serve -D` with "
	    "the same --db to see why");
	return -1;
}

/* Start a server and connect to it once it reports that it listens. */
static int client_start(struct client *c, char **cause)
{
	int report, fd, err = 0;

	if ((report = client_spawn(c, cause)) < 0)
		return -1;
	fd = client_report(c, report, cause);
	close(report);
	if (fd != 0)
		return -1;
	if ((fd = client_try(c->socket, &err)) < 0)
		*cause = client_unreachable(c->socket, err);
	return fd;
}

/* Nobody answers: under the lock, connect again or start a server. */
static int client_autostart(struct client *c, char **cause)
{
	int lock, fd, err = 0;

	if (client_prepare_dir(c->socket, cause) != 0)
		return -1;
	if ((lock = client_lock(c->socket, cause)) < 0)
		return -1;
	fd = client_try(c->socket, &err);
	if (fd < 0 && err != ENOENT && err != ECONNREFUSED)
		*cause = client_unreachable(c->socket, err);
	else if (fd < 0)
		fd = client_start(c, cause);
	close(lock);
	return fd;
}

/* Connect to the server (starting it when asked). Returns a socket fd. */
static int client_reach(struct client *c, char **cause)
{
	int fd, err = 0;

	if ((fd = client_try(c->socket, &err)) >= 0)
		return fd;
	if (!c->autostart || (c->stopped && c->npending == 0) ||
	    (err != ENOENT && err != ECONNREFUSED)) {
		*cause = client_unreachable(c->socket, err);
		return -1;
	}
	return client_autostart(c, cause);
}

/* Connect to the server (starting it when asked) and check that it may be
 * trusted. Returns a socket fd. */
static int client_dial(struct client *c, char **cause)
{
	int fd = client_reach(c, cause);

	if (fd >= 0 && client_trust(c, fd, cause) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Release everything once the last handle has closed. */
static void client_unref(struct client *c)
{
	struct client_pending *p;

	if (--c->refs > 0)
		return;
	while ((p = TAILQ_FIRST(&c->pending)) != NULL) {
		TAILQ_REMOVE(&c->pending, p, entry);
		event_free(p->ev);
		free(p);
	}
	json_decref(c->outbox);
	proto_decoder_free(&c->dec);
	free(c->last_error);
	free(c->last_code);
	free(c->closed_why);
	free(c->user);
	free(c->served);
	free(c->sub);
	free(c->socket);
	free(c->db);
	free(c->exe);
	free(c);
}

/* A connection's pipe has closed. */
static void client_pipe_close_cb(uv_handle_t *h)
{
	struct client *c = h->data;

	free(h);
	client_unref(c);
}

/* The reconnect timer has closed. */
static void client_timer_close_cb(uv_handle_t *h)
{
	client_unref(h->data);
}

/* Change state and tell the caller. Closed for good, the submissions
 * still pending are refused on the next loop turn (never from inside a
 * call of the caller's). */
static void client_state_set(struct client *c, enum client_state s,
    const char *why)
{
	c->state = s;
	if (s == CLIENT_CLOSED && !c->dead) {
		free(c->closed_why);
		c->closed_why = xstrdup(why != NULL ? why : "the connection "
		    "to the server is closed");
		uv_timer_start(&c->timer, client_timer_cb, 0, 0);
	}
	if (!c->dead && c->cb.on_state != NULL)
		c->cb.on_state(c, s, why, c->arg);
}

/* A write finished: release it. Failures show up as a read error. */
static void client_write_cb(uv_write_t *req, int status)
{
	struct client_write *w = (struct client_write *)req;

	free(w->data);
	free(w);
}

/* Write msg (stolen) on the current connection. */
static void client_write(struct client *c, json_t *msg)
{
	struct client_write *w;
	uv_buf_t ub;
	size_t len;

	if (c->pipe == NULL || c->dead) {
		json_decref(msg);
		return;
	}
	w = xmalloc(sizeof *w);
	w->data = proto_encode(msg, &len);
	json_decref(msg);
	ub = uv_buf_init((char *)w->data, (unsigned int)len);
	if (uv_write(&w->req, (uv_stream_t *)c->pipe, &ub, 1,
	    client_write_cb) != 0) {
		free(w->data);
		free(w);
	}
}

/* The submit message for a pending event. */
static json_t *client_submit_msg(const struct event *ev)
{
	json_t *msg = proto_msg("submit");

	json_object_set_new(msg, "event", event_to_json(ev, 0));
	return msg;
}

/* The subscribe message, resuming after the last seq seen. */
static json_t *client_subscribe_msg(const struct client *c)
{
	json_t *msg = proto_msg("subscribe");

	json_object_set_new(msg, "id", json_integer(c->sub_id));
	json_object_set_new(msg, "incident", json_string(c->sub));
	if (c->snapshot) {
		json_object_set_new(msg, "since", json_integer(0));
		json_object_set_new(msg, "snapshot", json_true());
		json_object_set_new(msg, "tail", json_integer(c->tail));
	} else
		json_object_set_new(msg, "since", json_integer(c->since));
	return msg;
}

/* A server that took the socket since the first welcome and serves
 * another store: why it is refused (new string), else NULL. What was
 * queued for one store must never go into another. */
static char *client_other_store(struct client *c, const json_t *welcome)
{
	const char *db = json_string_value(json_object_get(welcome, "db"));
	char *has, *had, *why = NULL;

	if (db == NULL)
		return NULL;
	if (c->served == NULL) {
		c->served = xstrdup(db);
		return NULL;
	}
	has = paths_real(db);
	had = paths_real(c->served);
	if (strcmp(has, had) != 0)
		why = xasprintf("the server on %s now serves the store %s, not "
		    "%s as when this client connected; nothing was sent to it "
		    "(start again to use %s)", c->socket, db, c->served, db);
	free(has);
	free(had);
	return why;
}

/* welcome: unless the caller refuses this server, resume the
 * subscription, (re-)send what is pending and what was queued, then tell
 * the caller. */
static void client_welcome(struct client *c, const json_t *msg)
{
	const char *user = json_string_value(json_object_get(msg, "user"));
	struct client_pending *p;
	char *why;
	json_t *m;
	size_t i;

	free(c->user);
	c->user = xstrdup(user != NULL ? user : "");
	if ((c->cb.on_server != NULL &&
	    (why = c->cb.on_server(c, msg, c->arg)) != NULL) ||
	    (why = client_other_store(c, msg)) != NULL) {
		client_drop(c);
		client_state_set(c, CLIENT_CLOSED, why);
		free(why);
		return;
	}
	c->backoff = 0;
	c->stopped = 0;
	c->state = CLIENT_CONNECTED;
	if (c->sub != NULL)
		client_write(c, client_subscribe_msg(c));
	TAILQ_FOREACH(p, &c->pending, entry)
		client_write(c, client_submit_msg(p->ev));
	json_array_foreach(c->outbox, i, m)
		client_write(c, json_incref(m));
	json_array_clear(c->outbox);
	client_state_set(c, CLIENT_CONNECTED, NULL);
	if (!c->dead && c->cb.on_welcome != NULL)
		c->cb.on_welcome(c, msg, c->arg);
}

/* event: fold-ready struct event to the caller, once per seq. */
static void client_event(struct client *c, const json_t *msg)
{
	struct event *ev;
	char *cause = NULL;

	ev = event_from_json(json_object_get(msg, "event"), &cause);
	if (ev == NULL) {
		free(cause);
		if (c->cb.on_message != NULL)
			c->cb.on_message(c, msg, c->arg);
		return;
	}
	if (ev->seq > c->since) {
		c->since = ev->seq;
		if (c->cb.on_event != NULL)
			c->cb.on_event(c, ev, c->arg);
	}
	event_free(ev);
}

/* The pending submission with this uid, or NULL. */
static struct client_pending *client_find(struct client *c, const char *uid)
{
	struct client_pending *p;

	if (uid == NULL)
		return NULL;
	TAILQ_FOREACH(p, &c->pending, entry) {
		if (strcmp(p->ev->uid, uid) == 0)
			return p;
	}
	return NULL;
}

/* Forget a pending submission after its answer was delivered. */
static void client_settle(struct client *c, struct client_pending *p)
{
	event_free(p->ev);
	free(p);
}

/* A string field of a message, or NULL. */
static const char *client_str(const json_t *msg, const char *key)
{
	return json_string_value(json_object_get(msg, key));
}

/* An integer field of a message, or 0. */
static int64_t client_int(const json_t *msg, const char *key)
{
	return json_integer_value(json_object_get(msg, key));
}

/* ack or nack: settle the pending submission and tell the caller. */
static void client_answer(struct client *c, const json_t *msg, int ack)
{
	const char *uid = client_str(msg, "uid");
	struct client_pending *p = client_find(c, uid);

	if (p == NULL)
		return;
	TAILQ_REMOVE(&c->pending, p, entry);
	c->npending--;
	if (ack && c->cb.on_ack != NULL)
		c->cb.on_ack(c, uid, client_int(msg, "seq"),
		    client_str(msg, "incident"),
		    json_object_get(msg, "warnings"), c->arg);
	if (!ack && c->cb.on_nack != NULL)
		c->cb.on_nack(c, uid, client_str(msg, "code"),
		    client_str(msg, "field"), client_str(msg, "message"), c->arg);
	client_settle(c, p);
}

/* 1 when msg is about the current subscription: its incident, and its id
 * when the server echoes one (an older server does not). */
static int client_ours(const struct client *c, const json_t *msg)
{
	const char *inc = json_string_value(json_object_get(msg, "incident"));
	const json_t *id = json_object_get(msg, "id");

	if (id != NULL && (!json_is_integer(id) ||
	    json_integer_value(id) != c->sub_id))
		return 0;
	return c->sub != NULL && inc != NULL && strcmp(c->sub, inc) == 0;
}

/* snapshot: the state to fold on from; events after its seq follow. */
static void client_snapshot(struct client *c, const json_t *msg)
{
	const json_t *state = json_object_get(msg, "state");

	if (!c->snapshot || !client_ours(c, msg))
		return;
	c->since = client_int(msg, "seq");
	if (c->cb.on_snapshot != NULL)
		c->cb.on_snapshot(c, c->sub, c->since, json_is_object(state) ?
		    state : NULL, c->arg);
}

/* page: a snapshot's tail completes it; every page goes to the caller. */
static void client_page(struct client *c, const json_t *msg)
{
	if (json_is_true(json_object_get(msg, "tail"))) {
		if (!c->snapshot || !client_ours(c, msg))
			return;
		c->snapshot = 0;
	}
	if (c->cb.on_message != NULL)
		c->cb.on_message(c, msg, c->arg);
}

/* synced: the history is all here; live events from now on. One of an
 * earlier subscription is ignored. */
static void client_synced(struct client *c, const json_t *msg)
{
	int64_t seq = client_int(msg, "seq");

	if (!client_ours(c, msg))
		return;
	if (seq > c->since)
		c->since = seq;
	if (c->cb.on_synced != NULL)
		c->cb.on_synced(c, client_str(msg, "incident"), seq, c->arg);
}

/* Forget the error remembered for a close. */
static void client_forget_error(struct client *c)
{
	free(c->last_error);
	c->last_error = NULL;
	free(c->last_code);
	c->last_code = NULL;
}

/* error: remember it (it explains a close that follows) and pass it on. */
static void client_error(struct client *c, const json_t *msg)
{
	const char *code = json_string_value(json_object_get(msg, "code"));
	const char *text = json_string_value(json_object_get(msg, "message"));

	client_forget_error(c);
	c->last_error = xstrdup(text != NULL ? text : "the server refused");
	c->last_code = xstrdup(code != NULL ? code : "");
	if (c->cb.on_message != NULL)
		c->cb.on_message(c, msg, c->arg);
}

/* 1 when the close that follows an error is for good: we are not allowed
 * in or speak another protocol. A server stopped on purpose (kill-server)
 * is waited for like a lost one: another may come, and what was queued
 * is sent to it. */
static int client_final(const struct client *c)
{
	const char *code = c->last_code;

	return code != NULL && (strcmp(code, PROTO_E_ACCESS) == 0 ||
	    strcmp(code, PROTO_E_VERSION) == 0);
}

/* Handle one message from the server. */
static void client_dispatch(struct client *c, const json_t *msg)
{
	const char *type = proto_type(msg);

	if (strcmp(type, "error") != 0)
		client_forget_error(c);
	if (strcmp(type, "welcome") == 0)
		client_welcome(c, msg);
	else if (strcmp(type, "event") == 0)
		client_event(c, msg);
	else if (strcmp(type, "synced") == 0)
		client_synced(c, msg);
	else if (strcmp(type, "snapshot") == 0)
		client_snapshot(c, msg);
	else if (strcmp(type, "page") == 0)
		client_page(c, msg);
	else if (strcmp(type, "ack") == 0 || strcmp(type, "nack") == 0)
		client_answer(c, msg, strcmp(type, "ack") == 0);
	else if (strcmp(type, "error") == 0)
		client_error(c, msg);
	else if (c->cb.on_message != NULL)
		c->cb.on_message(c, msg, c->arg);
}

/* Close the current connection (if any) and reset the decoder. */
static void client_drop(struct client *c)
{
	if (c->pipe != NULL) {
		uv_close((uv_handle_t *)c->pipe, client_pipe_close_cb);
		c->pipe = NULL;
	}
	proto_decoder_free(&c->dec);
	proto_decoder_init(&c->dec);
}

/* Try again later, backing off from 50 ms to 1 s with jitter (a random
 * half to whole of the step, so the clients of a restarted server do not
 * all come back at once); when the timer cannot be started, give up with
 * the reason. */
static void client_retry(struct client *c)
{
	unsigned delay;
	char *why;
	int r;

	if (c->backoff == 0)
		c->backoff = CLIENT_BACKOFF_MIN_MS;
	else if ((c->backoff *= 2) > CLIENT_BACKOFF_MAX_MS)
		c->backoff = CLIENT_BACKOFF_MAX_MS;
	delay = c->backoff / 2 + randombytes_uniform(c->backoff / 2 + 1);
	r = uv_timer_start(&c->timer, client_timer_cb, delay, 0);
	if (r == 0)
		return;
	why = xasprintf("cannot wait to reconnect to %s: %s", c->socket,
	    uv_strerror(r));
	client_state_set(c, CLIENT_CLOSED, why);
	free(why);
}

/* The connection is gone: reconnect, or close with the reason. */
static void client_lost(struct client *c, const char *why)
{
	char *reason = xstrdup(c->last_error != NULL ? c->last_error : why);
	int final = client_final(c);

	if (c->last_code != NULL && strcmp(c->last_code, PROTO_E_SHUTDOWN) == 0)
		c->stopped = 1;
	client_forget_error(c);
	client_drop(c);
	if (!c->reconnect || final)
		client_state_set(c, CLIENT_CLOSED, reason);
	else {
		client_state_set(c, CLIENT_RECONNECTING, reason);
		if (!c->dead)
			client_retry(c);
	}
	free(reason);
}

/* Hand libuv the client's read buffer. */
static void client_alloc_cb(uv_handle_t *h, size_t size, uv_buf_t *buf)
{
	struct client *c = h->data;

	buf->base = c->readbuf;
	buf->len = sizeof c->readbuf;
}

/* The next frame, when the caller's raw reader takes it from its bytes
 * (see client_raw): 1 when it did (the frame is dropped), else 0. */
static int client_raw_frame(struct client *c)
{
	const char *frame;
	size_t n;

	if (c->raw == NULL || !proto_decoder_peek(&c->dec, &frame, &n) ||
	    !c->raw(c, frame, n, c->raw_arg))
		return 0;
	proto_decoder_skip(&c->dec);
	return 1;
}

/* Bytes (or the end) from the server. */
static void client_read_cb(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	struct client *c = s->data;
	char *cause = NULL, *m;
	json_t *msg;
	int r;

	if (c->dead || (uv_pipe_t *)s != c->pipe || nread == 0)
		return;
	if (nread < 0) {
		client_lost(c, nread == UV_EOF ? "the server closed the "
		    "connection" : uv_strerror((int)nread));
		return;
	}
	proto_decoder_feed(&c->dec, buf->base, (size_t)nread);
	while (!c->dead && (uv_pipe_t *)s == c->pipe) {
		if (client_raw_frame(c))
			continue;
		if ((r = proto_decoder_next(&c->dec, &msg, &cause)) == 0)
			break;
		if (r < 0) {
			m = xasprintf("the server sent a malformed message: %s",
			    cause);
			client_lost(c, m);
			free(m);
			free(cause);
			break;
		}
		client_dispatch(c, msg);
		json_decref(msg);
	}
}

/* Say hello on a new connection. */
static void client_hello(struct client *c)
{
	json_t *msg = proto_msg("hello");

	json_object_set_new(msg, "proto", json_integer(PROTO_MAJOR));
	json_object_set_new(msg, "client", json_string("sitrep "
	    SITREP_VERSION));
	client_write(c, msg);
}

/* Adopt a connected fd: read from it and say hello. */
static int client_attach(struct client *c, int fd, char **cause)
{
	uv_pipe_t *p = xmalloc(sizeof *p);
	int r;

	if ((r = uv_pipe_init(c->loop, p, 0)) != 0) {
		*cause = xasprintf("cannot use the connection to %s: %s",
		    c->socket, uv_strerror(r));
		close(fd);
		free(p);
		return -1;
	}
	p->data = c;
	c->refs++;
	if ((r = uv_pipe_open(p, fd)) != 0)
		close(fd);
	else
		r = uv_read_start((uv_stream_t *)p, client_alloc_cb,
		    client_read_cb);
	if (r != 0) {
		*cause = xasprintf("cannot use the connection to %s: %s",
		    c->socket, uv_strerror(r));
		uv_close((uv_handle_t *)p, client_pipe_close_cb);
		return -1;
	}
	c->pipe = p;
	if (c->state != CLIENT_CONNECTING)
		client_state_set(c, CLIENT_CONNECTING, NULL);
	client_hello(c);
	return 0;
}

/* Closed for good: refuse every submission still pending, so each gets
 * its one answer (a terminal gives the text back). */
static void client_refuse_pending(struct client *c)
{
	struct client_pending *p;
	char *m = xasprintf("not sent: %s", c->closed_why != NULL ?
	    c->closed_why : "the connection to the server is closed");

	while (!c->dead && (p = TAILQ_FIRST(&c->pending)) != NULL) {
		TAILQ_REMOVE(&c->pending, p, entry);
		c->npending--;
		if (c->cb.on_nack != NULL)
			c->cb.on_nack(c, p->ev->uid, PROTO_E_CLOSED, NULL, m,
			    c->arg);
		client_settle(c, p);
	}
	free(m);
}

/* The timer fired: try to reconnect once more, or (closed for good)
 * refuse what is pending. */
static void client_timer_cb(uv_timer_t *t)
{
	struct client *c = t->data;
	char *cause = NULL;
	int fd;

	if (!c->dead && c->state == CLIENT_CLOSED)
		client_refuse_pending(c);
	if (c->dead || c->state != CLIENT_RECONNECTING)
		return;
	if ((fd = client_dial(c, &cause)) < 0 ||
	    client_attach(c, fd, &cause) != 0) {
		free(cause);
		client_retry(c);
	}
}

/* Create and connect (synchronously, autostarting if asked). */
struct client *client_connect(uv_loop_t *loop, const struct client_opts *opts,
    const struct client_cb *cb, void *arg, char **cause)
{
	struct client *c = xcalloc(1, sizeof *c);
	int fd, r;

	c->loop = loop;
	if (cb != NULL)
		c->cb = *cb;
	c->arg = arg;
	c->db = opts->db != NULL ? xstrdup(opts->db) : paths_db(NULL);
	c->socket = opts->socket != NULL ? xstrdup(opts->socket) :
	    paths_socket(NULL, c->db);
	c->exe = opts->exe != NULL ? xstrdup(opts->exe) : NULL;
	c->named = opts->named;
	c->autostart = opts->autostart;
	c->reconnect = opts->reconnect;
	c->state = CLIENT_CONNECTING;
	c->user = xstrdup("");
	c->outbox = json_array();
	TAILQ_INIT(&c->pending);
	proto_decoder_init(&c->dec);
	c->refs = 1;
	if ((fd = client_dial(c, cause)) < 0) {
		client_unref(c);
		return NULL;
	}
	c->timer.data = c;
	if ((r = uv_timer_init(loop, &c->timer)) != 0) {
		*cause = xasprintf("cannot set up the connection to %s: %s",
		    c->socket, uv_strerror(r));
		close(fd);
		client_unref(c);
		return NULL;
	}
	if (client_attach(c, fd, cause) != 0) {
		client_close(c);
		return NULL;
	}
	return c;
}

/* Subscribe to an incident ("*": all) from seq since. */
void client_subscribe(struct client *c, const char *incident, int64_t since)
{
	free(c->sub);
	c->sub = xstrdup(incident);
	c->sub_id++;
	c->since = since;
	c->snapshot = 0;
	if (c->state == CLIENT_CONNECTED)
		client_write(c, client_subscribe_msg(c));
}

/* Subscribe to one incident from a snapshot of its state. */
void client_subscribe_snapshot(struct client *c, const char *incident,
    int tail)
{
	free(c->sub);
	c->sub = xstrdup(incident);
	c->sub_id++;
	c->since = 0;
	c->snapshot = 1;
	c->tail = tail;
	if (c->state == CLIENT_CONNECTED)
		client_write(c, client_subscribe_msg(c));
}

/* Submit ev (the client owns it from now on until acked or nacked). While
 * waiting for a server that was stopped on purpose, try again at once: a
 * client that may start one starts it now that it has something to send.
 * Closed for good, it is refused on the next loop turn. */
const char *client_submit(struct client *c, struct event *ev)
{
	struct client_pending *p = xmalloc(sizeof *p);

	if (ev->uid[0] == '\0')
		event_uid_new(ev->uid);
	p->ev = ev;
	TAILQ_INSERT_TAIL(&c->pending, p, entry);
	c->npending++;
	if (c->state == CLIENT_CONNECTED)
		client_write(c, client_submit_msg(ev));
	else if (!c->dead && (c->state == CLIENT_CLOSED ||
	    (c->state == CLIENT_RECONNECTING && c->stopped)))
		uv_timer_start(&c->timer, client_timer_cb, 0, 0);
	return ev->uid;
}

/* Send a request (steals msg); queued until the welcome. */
void client_request(struct client *c, json_t *msg)
{
	if (c->dead) {
		json_decref(msg);
		return;
	}
	if (c->state == CLIENT_CONNECTED)
		client_write(c, msg);
	else
		json_array_append_new(c->outbox, msg);
}

/* Offer every frame to raw first (NULL: none); see client.h. */
void client_raw(struct client *c, client_raw_cb raw, void *arg)
{
	c->raw = raw;
	c->raw_arg = arg;
}

/* Submissions not yet acked or nacked. */
size_t client_pending(const struct client *c)
{
	return c->npending;
}

/* The current state. */
enum client_state client_state(const struct client *c)
{
	return c->state;
}

/* The id of the current subscription (0: none yet). */
int64_t client_subscription(const struct client *c)
{
	return c->sub_id;
}

/* The user the server knows us as. */
const char *client_user(const struct client *c)
{
	return c->user;
}

/* Close; the handles finish closing on the loop. */
void client_close(struct client *c)
{
	if (c->dead)
		return;
	c->dead = 1;
	c->state = CLIENT_CLOSED;
	uv_timer_stop(&c->timer);
	uv_close((uv_handle_t *)&c->timer, client_timer_close_cb);
	client_drop(c);
}
