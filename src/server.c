/* server.c: `sitrep serve`, the one writer of a store.
 *
 * A single-threaded libuv loop. At start the server checks its socket
 * directory, replaces a stale socket (or refuses when a live server
 * answers), reads the fold of the store from its checkpoints (see
 * server-fold.c: the start does not grow with the history) and listens. Submissions read in
 * one loop turn are handled together in a check callback (the group
 * commit): each is checked by the rules against the model, appended, and
 * the batch is committed in one transaction; only then is each acked and
 * broadcast, in order. Connections, requests and history live in
 * server-client.c; who may connect in server-acl.c; the fold and its
 * checkpoints in server-fold.c.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#ifdef HAVE_MALLOPT
#include <malloc.h>
#endif
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cfg.h"
#include "paths.h"
#include "rules.h"
#include "server-int.h"
#include "when.h"
#include "xmalloc.h"

/* Write one timestamped line to the -v log (nothing without -v). */
void server_log(struct server *srv, const char *fmt, ...)
{
	struct timespec ts;
	struct tm tm;
	char when[32];
	va_list ap;

	if (srv->log == NULL)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(srv->log, "%s.%03ldZ ", when, ts.tv_nsec / 1000000);
	va_start(ap, fmt);
	vfprintf(srv->log, fmt, ap);
	va_end(ap);
	fputc('\n', srv->log);
	fflush(srv->log);
}

/* Open the -v log, sitrep-server-PID.log in the socket directory. */
static int server_open_log(struct server *srv, char **cause)
{
	char *path = xasprintf("%s/sitrep-server-%ld.log", srv->dir,
	    (long)getpid());
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd < 0 || (srv->log = fdopen(fd, "a")) == NULL) {
		*cause = xasprintf("cannot open the log %s: %s", path,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

/* Encode msg (stolen) once into a shared buffer with one reference. */
struct server_buf *server_buf_new(json_t *msg)
{
	struct server_buf *b = xmalloc(sizeof *b);

	b->refs = 1;
	b->data = proto_encode(msg, &b->len);
	json_decref(msg);
	return b;
}

/* Drop a reference to a shared buffer; the last frees it. */
void server_buf_unref(struct server_buf *b)
{
	if (--b->refs > 0)
		return;
	free(b->data);
	free(b);
}

/* Copy the incident of the event at seq (a duplicate's original). */
static int server_incident_cb(const struct event *ev, void *arg)
{
	char **out = arg;

	*out = xstrdup(ev->incident != NULL ? ev->incident : "");
	return 1;
}

/* Check, append and fold one submission inside the open transaction.
 * Returns -1 (and *cause) only when the store fails. */
static int server_commit_one(struct server *srv, struct server_sub *s,
    int64_t now, char **cause)
{
	struct rules_people people;
	char *why = NULL;
	int r;

	if (s->result != SERVER_PENDING)
		return 0;
	if ((r = store_find_uid(srv->st, s->uid, &s->seq, cause)) < 0)
		return -1;
	if (r == 1) {
		s->result = SERVER_DUPLICATE;
		return store_scan(srv->st, NULL, s->seq - 1, 1,
		    server_incident_cb, &s->incident, cause) < 0 ? -1 : 0;
	}
	s->ev->recorded_at = now;
	s->warnings = json_array();
	server_fold_need(srv, s->ev->incident);
	server_fold_target(srv, s->ev);
	server_acl_people(s->c, &people);
	if (rules_check_people(&srv->model, s->ev, s->warnings, &people, &why,
	    &s->field) != 0) {
		s->result = SERVER_REFUSED;
		s->code = PROTO_E_RULE;
		s->message = why;
		return 0;
	}
	if (store_append(srv->st, s->ev, cause) != 0)
		return -1;
	server_fold_apply(srv, s->ev);
	s->result = SERVER_STORED;
	s->seq = s->ev->seq;
	s->incident = xstrdup(s->ev->incident != NULL ? s->ev->incident : "");
	return 0;
}

/* Send one event to every live subscriber, serialized once (not at all
 * when nobody subscribes); its incident is looked up once, and each
 * client's visibility asked of it (at once answered when unrestricted). */
void server_broadcast(struct server *srv, const struct event *ev)
{
	const struct model_incident *inc;
	struct server_client *c, *next;
	struct server_buf *b;
	json_t *msg;

	TAILQ_FOREACH(c, &srv->clients, entry) {
		if (c->sub != NULL)
			break;
	}
	if (c == NULL)
		return;
	msg = proto_msg("event");
	json_object_set_new(msg, "event", event_to_json(ev, 1));
	b = server_buf_new(msg);
	if (b->data == NULL)
		server_log(srv, "event #%" PRId64 " could not be encoded; it "
		    "is stored but not sent live", ev->seq);
	inc = ev->incident != NULL ? model_find(&srv->model, ev->incident) :
	    NULL;
	for (c = TAILQ_FIRST(&srv->clients); c != NULL && b->data != NULL;
	    c = next) {
		next = TAILQ_NEXT(c, entry);
		server_client_live(c, ev, inc, b);
	}
	server_buf_unref(b);
}

/* Answer one submission (ack or nack), then broadcast what was stored. */
static void server_reply(struct server *srv, struct server_sub *s)
{
	json_t *msg;

	if (s->result == SERVER_REFUSED) {
		msg = proto_nack(s->uid, s->code, s->field, s->message);
		if (s->retry_ms > 0)
			json_object_set_new(msg, "retry_ms",
			    json_integer(s->retry_ms));
	} else {
		msg = proto_msg("ack");
		json_object_set_new(msg, "uid", json_string(s->uid));
		json_object_set_new(msg, "seq", json_integer(s->seq));
		json_object_set_new(msg, "incident", json_string(
		    s->incident != NULL ? s->incident : ""));
		json_object_set_new(msg, "warnings", s->warnings != NULL ?
		    json_incref(s->warnings) : json_array());
	}
	server_client_send(s->c, msg);
	if (s->result == SERVER_STORED)
		server_broadcast(srv, s->ev);
}

/* After a failed commit: refuse everything not already durable. */
static void server_refuse_batch(struct server *srv, int64_t base,
    const char *cause)
{
	struct server_sub *s;
	size_t i;

	for (i = 0; i < srv->nbatch; i++) {
		s = &srv->batch[i];
		if (s->result == SERVER_REFUSED ||
		    (s->result == SERVER_DUPLICATE && s->seq <= base))
			continue;
		s->result = SERVER_REFUSED;
		s->code = PROTO_E_STORE;
		free(s->message);
		s->message = strstr(cause, "nothing was stored") != NULL ?
		    xstrdup(cause) : xasprintf("nothing was recorded: %s", cause);
	}
}

/* Forget the batch, dropping its references. */
static void server_batch_clear(struct server *srv)
{
	struct server_sub *s;
	size_t i;

	for (i = 0; i < srv->nbatch; i++) {
		s = &srv->batch[i];
		event_free(s->ev);
		free(s->message);
		free(s->incident);
		json_decref(s->warnings);
		server_client_unref(s->c);
	}
	srv->nbatch = 0;
}

/* 1 when some submission of the batch still needs the store. */
static int server_batch_pending(const struct server *srv)
{
	size_t i;

	for (i = 0; i < srv->nbatch; i++) {
		if (srv->batch[i].result == SERVER_PENDING)
			return 1;
	}
	return 0;
}

/* The directory part of a path. New string. */
static char *server_dirname(const char *path)
{
	char *copy = xstrdup(path), *dir;

	dir = xstrdup(dirname(copy));
	free(copy);
	return dir;
}

/* Open the store for writing; when the disk is too full even to open it,
 * open it read-only so reading goes on, and keep why to refuse writes. */
static int server_open_store(struct server *srv, char **cause)
{
	struct statvfs vfs;
	char *dir, *why = NULL;
	int full;

	if (store_open(srv->opts->db, &srv->st, cause) == 0)
		return 0;
	dir = server_dirname(srv->opts->db);
	full = statvfs(dir, &vfs) == 0 && vfs.f_bavail == 0;
	free(dir);
	if (!full || store_open_readonly(srv->opts->db, &srv->st, &why) != 0) {
		free(why);
		return -1;
	}
	srv->store_ro = *cause;
	*cause = NULL;
	server_log(srv, "store open read-only: %s", srv->store_ro);
	return 0;
}

/* A read-only store (disk full at start): try to open it for writing
 * again, with the size limit (a per-connection setting); 0 when that
 * worked, else -1 and *cause. */
static int server_reopen_store(struct server *srv, char **cause)
{
	const struct server_opts *opts = srv->opts;
	struct store *st;

	if (store_open(opts->db, &st, cause) != 0)
		return -1;
	if (opts->max_size > 0 && store_set_max_pages(st,
	    (long)((opts->max_size + 4095) / 4096), cause) != 0) {
		store_close(st);
		return -1;
	}
	store_close(srv->st);
	srv->st = st;
	free(srv->store_ro);
	srv->store_ro = NULL;
	server_log(srv, "store open for writing again");
	return 0;
}

/* Refuse the whole batch with cause (nothing was begun), and reply. */
static void server_refuse_all(struct server *srv, char *cause)
{
	size_t i;

	server_refuse_batch(srv, store_last_seq(srv->st), cause);
	for (i = 0; i < srv->nbatch; i++)
		server_reply(srv, &srv->batch[i]);
	server_batch_clear(srv);
	free(cause);
}

/* The group commit: every submission of this loop turn in one transaction,
 * durable before any ack or broadcast. */
static void server_commit(struct server *srv)
{
	int64_t base = store_last_seq(srv->st), now = when_now();
	char *cause = NULL;
	size_t i;

	if (server_batch_pending(srv) && srv->store_ro != NULL &&
	    server_reopen_store(srv, &cause) != 0) {
		free(cause);
		server_refuse_all(srv, xstrdup(srv->store_ro));
		return;
	}
	if (server_batch_pending(srv)) {
		if (store_begin(srv->st, &cause) != 0)
			goto fail;
		for (i = 0; i < srv->nbatch; i++) {
			if (server_commit_one(srv, &srv->batch[i], now,
			    &cause) != 0)
				goto fail;
		}
		if (server_fold_save(srv, 0, &cause) != 0 ||
		    store_commit(srv->st, &cause) != 0)
			goto fail;
		server_log(srv, "commit: %zu submissions, last seq %lld",
		    srv->nbatch, (long long)store_last_seq(srv->st));
	}
	for (i = 0; i < srv->nbatch; i++)
		server_reply(srv, &srv->batch[i]);
	server_batch_clear(srv);
	return;
fail:
	server_log(srv, "store failure, batch of %zu refused: %s", srv->nbatch,
	    cause);
	store_rollback(srv->st);
	server_refuse_batch(srv, base, cause);
	server_fold_reload(srv);
	for (i = 0; i < srv->nbatch; i++)
		server_reply(srv, &srv->batch[i]);
	server_batch_clear(srv);
	free(cause);
}

/* The check callback: the loop turn's reads are done; commit the batch. */
static void server_check_cb(uv_check_t *h)
{
	struct server *srv = h->data;

	uv_check_stop(h);
	if (srv->nbatch > 0)
		server_commit(srv);
}

/* Add a submission (copied; it takes a client reference) to the batch. */
void server_queue(struct server *srv, struct server_sub *sub)
{
	if (srv->nbatch == srv->batchcap) {
		srv->batchcap = srv->batchcap == 0 ? 64 : srv->batchcap * 2;
		srv->batch = xreallocarray(srv->batch, srv->batchcap,
		    sizeof *srv->batch);
	}
	sub->c->refs++;
	srv->batch[srv->nbatch++] = *sub;
	if (srv->nbatch == 1 && !srv->stopping)
		uv_check_start(&srv->check, server_check_cb);
}

/* Remove our socket, unless another server has replaced it since. */
static void server_unlink(struct server *srv)
{
	struct stat sb;

	if (!srv->bound)
		return;
	srv->bound = 0;
	if (lstat(srv->opts->socket, &sb) == 0 && sb.st_ino == srv->ino)
		unlink(srv->opts->socket);
}

/* Stop: finish the batch, stop listening, tell every client and close it.
 * The loop ends once the last handle has closed. */
void server_stop(struct server *srv, const char *why)
{
	struct server_client *c, *next;

	if (srv->stopping)
		return;
	server_log(srv, "stopping: %s", why);
	if (srv->nbatch > 0)
		server_commit(srv);
	server_fold_stop(srv);
	srv->stopping = 1;
	uv_check_stop(&srv->check);
	uv_close((uv_handle_t *)&srv->check, NULL);
	uv_close((uv_handle_t *)&srv->sigterm, NULL);
	uv_close((uv_handle_t *)&srv->sigint, NULL);
	uv_close((uv_handle_t *)&srv->listener, NULL);
	server_unlink(srv);
	for (c = TAILQ_FIRST(&srv->clients); c != NULL; c = next) {
		next = TAILQ_NEXT(c, entry);
		server_client_error(c, PROTO_E_SHUTDOWN,
		    "the sitrep server is stopping", 1);
	}
}

/* SIGTERM or SIGINT: stop cleanly. */
static void server_signal_cb(uv_signal_t *h, int signum)
{
	server_stop(h->data, signum == SIGTERM ? "SIGTERM" : "SIGINT");
}

/* A connection is waiting on the listening socket. */
static void server_accept_cb(uv_stream_t *ls, int status)
{
	struct server *srv = ls->data;

	if (status < 0) {
		server_log(srv, "accept: %s", uv_strerror(status));
		return;
	}
	server_client_accept(srv);
}

/* Fill a socket address; -1 when the path is too long. */
static int server_sockaddr(const char *path, struct sockaddr_un *sa,
    char **cause)
{
	memset(sa, 0, sizeof *sa);
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa->sun_path) {
		*cause = xasprintf("the socket path %s is too long (at most "
		    "%zu bytes); choose a shorter one with -S", path,
		    sizeof sa->sun_path - 1);
		return -1;
	}
	memcpy(sa->sun_path, path, strlen(path) + 1);
	return 0;
}

/* Is a server already there? Refuse a live one, remove a stale socket. */
static int server_probe(const char *path, char **cause)
{
	struct sockaddr_un sa;
	struct stat sb;
	int fd, r, err;

	if (server_sockaddr(path, &sa, cause) != 0)
		return -1;
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
		*cause = xasprintf("cannot create a socket: %s",
		    strerror(errno));
		return -1;
	}
	r = connect(fd, (struct sockaddr *)&sa, sizeof sa);
	err = errno;
	close(fd);
	if (r == 0) {
		*cause = xasprintf("a server is already running on %s", path);
		return -1;
	}
	if (err == ENOENT)
		return 0;
	if (err != ECONNREFUSED) {
		*cause = xasprintf("cannot check the socket %s: %s", path,
		    strerror(err));
		return -1;
	}
	if (lstat(path, &sb) != 0 || !S_ISSOCK(sb.st_mode)) {
		*cause = xasprintf("%s is in the way and is not a socket; "
		    "remove it or choose another socket with -S", path);
		return -1;
	}
	if (unlink(path) != 0 && errno != ENOENT) {
		*cause = xasprintf("cannot remove the stale socket %s: %s",
		    path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Give the socket to the group (0660) for a shared server, or to every
 * local user (0666) when the access list is the only gate. */
static int server_share(struct server *srv, char **cause)
{
	const char *path = srv->opts->socket;

	if (srv->opts->open_door) {
		if (chmod(path, 0666) == 0)
			return 0;
		*cause = xasprintf("cannot open the socket %s to every local "
		    "user: %s", path, strerror(errno));
		return -1;
	}
	if (chown(path, (uid_t)-1, srv->gid) != 0 || chmod(path, 0660) != 0) {
		*cause = xasprintf("cannot give the socket %s to group %s: %s",
		    path, srv->opts->group, strerror(errno));
		return -1;
	}
	return 0;
}

/* Bind the socket under a restrictive umask and listen. */
static int server_bind(struct server *srv, char **cause)
{
	const char *path = srv->opts->socket;
	struct stat sb;
	mode_t old;
	int r;

	old = umask(srv->opts->open_door ? 0111 : srv->grouped ? 0117 : 0177);
	r = uv_pipe_bind(&srv->listener, path);
	umask(old);
	if (r != 0) {
		*cause = r == UV_EADDRINUSE ?
		    xasprintf("a server is already running on %s", path) :
		    xasprintf("cannot create the socket %s: %s", path,
		    uv_strerror(r));
		return -1;
	}
	srv->bound = 1;
	if (lstat(path, &sb) == 0)
		srv->ino = sb.st_ino;
	if ((srv->grouped || srv->opts->open_door) &&
	    server_share(srv, cause) != 0)
		return -1;
	r = uv_listen((uv_stream_t *)&srv->listener, SOMAXCONN,
	    server_accept_cb);
	if (r != 0) {
		*cause = xasprintf("cannot listen on %s: %s", path,
		    uv_strerror(r));
		return -1;
	}
	return 0;
}

/* Create the loop's handles: listener, signals, the commit check. */
static int server_handles(struct server *srv, char **cause)
{
	int r;

	if ((r = uv_loop_init(&srv->loop)) != 0) {
		*cause = xasprintf("cannot start the event loop: %s",
		    uv_strerror(r));
		return -1;
	}
	srv->looping = 1;
	srv->listener.data = srv->sigterm.data = srv->sigint.data = srv;
	srv->check.data = srv;
	if ((r = uv_pipe_init(&srv->loop, &srv->listener, 0)) != 0 ||
	    (r = uv_check_init(&srv->loop, &srv->check)) != 0 ||
	    (r = uv_signal_init(&srv->loop, &srv->sigterm)) != 0 ||
	    (r = uv_signal_init(&srv->loop, &srv->sigint)) != 0 ||
	    (r = uv_signal_start(&srv->sigterm, server_signal_cb,
	    SIGTERM)) != 0 ||
	    (r = uv_signal_start(&srv->sigint, server_signal_cb,
	    SIGINT)) != 0) {
		*cause = xasprintf("cannot set up the event loop: %s",
		    uv_strerror(r));
		return -1;
	}
	return 0;
}

/* Keep freed memory for reuse instead of returning it to the system at
 * once. A stopped client's queue holds up to max_queue bytes of frames
 * that every other client has long read; when it goes, glibc would give
 * that memory back, and the next stall would fault it in again page by
 * page, in the loop that serves everyone (measured: the others' latency
 * doubled in a virtual machine). Kept, a stall costs the others nothing
 * after the first, and the server's memory stays bounded by its peak. */
static void server_keep_memory(struct server *srv)
{
#ifdef HAVE_MALLOPT
	if (mallopt(M_TRIM_THRESHOLD, (int)(2 * srv->max_queue)) != 1)
		server_log(srv, "cannot set the malloc trim threshold");
#endif
}

/* The limits in force: the options' where given, else the defaults. The
 * descriptor limit is raised (up to the hard limit) to admit as many
 * clients. */
static void server_limits(struct server *srv)
{
	const struct server_opts *opts = srv->opts;
	struct rlimit rl;
	rlim_t want;

	srv->max_clients = opts->max_clients > 0 ? (size_t)opts->max_clients :
	    SR_MAX_CLIENTS;
	srv->max_rate = opts->max_rate > 0 ? opts->max_rate : SR_MAX_RATE;
	srv->max_queue = opts->max_queue > 0 ? (size_t)opts->max_queue :
	    SR_MAX_QUEUE;
	if (srv->max_queue < 2 * SERVER_SLOW_RESERVE)
		srv->max_queue = 2 * SERVER_SLOW_RESERVE;
	server_keep_memory(srv);
	want = (rlim_t)srv->max_clients + 64;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max < want ? rl.rlim_max : want;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
		server_log(srv, "cannot raise the descriptor limit to %lu: %s",
		    (unsigned long)want, strerror(errno));
}

/* The limits in force, in the words of sitrep(5) and serve's options
 * (new string). */
static char *server_limits_text(const struct server *srv)
{
	char *queue = cfg_size_text((long)srv->max_queue), *text;

	text = xasprintf("max-clients %zu, max-rate %" PRId64 " a second per "
	    "client (bursts of %" PRId64 "), max-queue %s", srv->max_clients,
	    srv->max_rate, 2 * srv->max_rate, queue);
	free(queue);
	return text;
}

/* Everything before listening; any failure is reported on stderr. */
static int server_start(struct server *srv, char **cause)
{
	const struct server_opts *opts = srv->opts;

	if (server_acl_init(srv, cause) != 0)
		return -1;
	srv->dir = server_dirname(opts->socket);
	if ((opts->open_door ? paths_check_dir_open(srv->dir, cause) :
	    paths_check_dir(srv->dir, srv->grouped ? (int)srv->gid : -1,
	    cause)) != 0)
		return -1;
	if (opts->verbose && server_open_log(srv, cause) != 0)
		return -1;
	server_limits(srv);
	if (server_probe(opts->socket, cause) != 0)
		return -1;
	if (server_open_store(srv, cause) != 0)
		return -1;
	if (opts->max_size > 0 && store_set_max_pages(srv->st,
	    (long)((opts->max_size + 4095) / 4096), cause) != 0)
		return -1;
	if (server_fold_start(srv, cause) != 0)
		return -1;
	if (server_handles(srv, cause) != 0)
		return -1;
	return server_bind(srv, cause);
}

/* Fork for the background. The parent waits until the child listens (0) or
 * gives up (its exit status); the child returns -1 in a new session with
 * *fd to report readiness on. Forking before the store is opened keeps
 * SQLite's locks in the one process that uses them. */
static int server_detach(int *fd)
{
	int p[2], status = 0;
	ssize_t n;
	pid_t pid;
	char b;

	fflush(stdout);
	fflush(stderr);
	if (pipe2(p, O_CLOEXEC) != 0 || (pid = fork()) < 0) {
		fprintf(stderr, "sitrep: cannot start the server in the "
		    "background: %s\n", strerror(errno));
		return SR_EXIT_SERVER;
	}
	if (pid == 0) {
		close(p[0]);
		setsid();
		*fd = p[1];
		return -1;
	}
	close(p[1]);
	do
		n = read(p[0], &b, 1);
	while (n < 0 && errno == EINTR);
	close(p[0]);
	if (n == 1)
		return SR_EXIT_OK;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		return WEXITSTATUS(status);
	return SR_EXIT_SERVER;
}

/* Write the one readiness byte to fd. */
static void server_tell(struct server *srv, int fd)
{
	char b = 1;
	ssize_t n;

	do
		n = write(fd, &b, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1)
		server_log(srv, "cannot report readiness: %s", strerror(errno));
}

/* Listening: detach stdio in the background, tell whoever waits. */
static void server_ready(struct server *srv)
{
	int fd;

	if (srv->opts->ready_fd >= 0) {
		server_tell(srv, srv->opts->ready_fd);
		close(srv->opts->ready_fd);
	}
	if (srv->detach_fd < 0 && srv->opts->ready_fd < 0)
		return;
	if ((fd = open("/dev/null", O_RDWR)) >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
	if (srv->detach_fd < 0)
		return;
	server_tell(srv, srv->detach_fd);
	close(srv->detach_fd);
	srv->detach_fd = -1;
}

/* Close whatever handle is still open (cleanup after a failed start). */
static void server_walk_cb(uv_handle_t *h, void *arg)
{
	if (!uv_is_closing(h))
		uv_close(h, NULL);
}

/* Release everything the server owns. */
static void server_free(struct server *srv)
{
	if (srv->looping) {
		uv_walk(&srv->loop, server_walk_cb, NULL);
		uv_run(&srv->loop, UV_RUN_DEFAULT);
		uv_loop_close(&srv->loop);
	}
	server_batch_clear(srv);
	free(srv->batch);
	server_unlink(srv);
	if (srv->st != NULL)
		store_close(srv->st);
	server_fold_free(srv);
	if (srv->log != NULL)
		fclose(srv->log);
	if (srv->detach_fd >= 0)
		close(srv->detach_fd);
	free(srv->store_ro);
	free(srv->dir);
	free(srv->user);
	server_acl_free(srv);
	free(srv);
}

/* Say where the server listens, what it serves and its limits: in the
 * -v log, and with -D on stderr. */
static void server_listening(struct server *srv)
{
	const struct server_opts *opts = srv->opts;
	char *limits = server_limits_text(srv);

	server_log(srv, "listening on %s (store %s, last seq %lld); limits: %s",
	    opts->socket, store_path(srv->st),
	    (long long)store_last_seq(srv->st), limits);
	if (opts->foreground && opts->ready_fd < 0)
		fprintf(stderr, "sitrep: listening on %s (store %s); limits: "
		    "%s\n", opts->socket, store_path(srv->st), limits);
	free(limits);
}

/* Run the server until SIGTERM/SIGINT or kill-server. */
int server_main(const struct server_opts *opts)
{
	struct server *srv;
	char *cause = NULL;
	int fd = -1, r, status = SR_EXIT_OK;

	signal(SIGPIPE, SIG_IGN);
	if (!opts->foreground && (r = server_detach(&fd)) >= 0)
		return r;
	srv = xcalloc(1, sizeof *srv);
	srv->opts = opts;
	srv->detach_fd = fd;
	TAILQ_INIT(&srv->clients);
	model_init(&srv->model);
	if (server_start(srv, &cause) != 0) {
		fprintf(stderr, "sitrep: %s\n", cause);
		server_log(srv, "cannot start: %s", cause);
		status = SR_EXIT_SERVER;
	} else {
		server_listening(srv);
		server_ready(srv);
		uv_run(&srv->loop, UV_RUN_DEFAULT);
		server_log(srv, "stopped");
	}
	server_free(srv);
	free(cause);
	return status;
}
