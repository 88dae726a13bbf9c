/* cmd-session.c: one verb's connection to the server, waited on in turn.
 *
 * A verb opens a session (connect or autostart, wait for the welcome), then
 * submits, requests or subscribes; each of these runs the session's own
 * libuv loop until the answer comes, the server refuses, or nothing has
 * happened for CMD_SESSION_TIMEOUT_MS (a lost server is retried by the
 * client library meanwhile, and pending submissions are re-sent).
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include "client.h"
#include "cmd.h"
#include "paths.h"
#include "proto.h"
#include "sitrep.h"
#include "xmalloc.h"

#define CMD_SESSION_TIMEOUT_MS 30000

struct cmd_session {
	const struct cmd_globals *g;
	uv_loop_t loop;
	uv_timer_t timer;
	uv_signal_t sigint;
	uv_signal_t sigterm;
	struct client *client;
	char *db;
	char *socket;
	int verbose;
	int may_start;   /* autostart allowed for this socket (paths.h) */
	int named;       /* the socket was named (-S, $SITREP_SOCKET) */
	int following;   /* tail: report losing and regaining the server */
	int stopping;    /* kill-server: errors are refusals, a close is done */
	int waiting;     /* a wait is in progress: an error fails it */

	int welcomed;
	int closed;      /* the connection is gone for good (or lost) */
	int lost;        /* the client library is reconnecting */
	int failed;      /* a fatal problem was printed; status says which */
	int status;
	int timed_out;
	int interrupted; /* SIGINT or SIGTERM while following */

	char uid[SR_UID_LEN + 1]; /* the submission waited for */
	int answered;
	int refused;     /* SR_EXIT_* of a nack */
	char *field;     /* the body field the nack concerns, or NULL */
	int64_t seq;
	char *incident;

	json_int_t next_id;  /* the last request sent */
	json_int_t taken_id; /* requests up to this one are answered */
	const char *want_type;
	json_t *replies;     /* replies not taken yet, in arrival order */
	int replied;         /* a reply came since the wait began */

	cmd_event_cb ev_cb; /* the subscription */
	void *ev_arg;
	int cb_stop;     /* the callback asked to stop */
	int sub_done;    /* what the subscription's wait waits for */
};

static void cmd_session_on_timeout(uv_timer_t *timer);

/* Fail the session: remember the status; the message is printed already. */
static void cmd_session_fail(struct cmd_session *s, int status)
{
	if (!s->failed) {
		s->failed = 1;
		s->status = status;
	}
}

/* Print "sitrep: " and a server sentence, sanitized. */
static void cmd_session_say(const char *prefix, const char *msg)
{
	char *safe = cmd_print_safe(msg);

	fprintf(stderr, "sitrep: %s%s\n", prefix, safe);
	free(safe);
}

/* The connection changed state. */
static void cmd_session_on_state(struct client *c, enum client_state state,
    const char *why, void *arg)
{
	struct cmd_session *s = arg;

	if (state == CLIENT_CONNECTED && s->lost && s->following)
		fprintf(stderr, "sitrep: connected to the server again\n");
	if (state == CLIENT_CONNECTED)
		s->lost = 0;
	if (state == CLIENT_RECONNECTING && !s->lost &&
	    (s->following || s->verbose))
		cmd_session_say("lost the server, reconnecting: ",
		    why ? why : "");
	if (state == CLIENT_RECONNECTING)
		s->lost = 1;
	if (state == CLIENT_RECONNECTING && s->stopping)
		s->closed = 1;
	if (state != CLIENT_CLOSED)
		return;
	s->closed = 1;
	if (!s->stopping && s->waiting && !s->failed) {
		cmd_session_say("lost the connection to the server: ",
		    why ? why : "closed");
		cmd_session_fail(s, SR_EXIT_SERVER);
	}
}

/* What named the store: "--db", "$SITREP_DB" or the default. */
static const char *cmd_session_store_source(const struct cmd_globals *g)
{
	const char *env = getenv("SITREP_DB");

	if (g->db != NULL && *g->db != '\0')
		return "by --db";
	if (env != NULL && *env != '\0')
		return "by $SITREP_DB";
	return "the default store";
}

/* The refusal of a server that serves another store than the one asked
 * for (see cmd.h), or NULL. New string. */
char *cmd_session_store_check(const struct cmd_globals *g,
    const json_t *welcome)
{
	const char *serves = json_string_value(json_object_get(welcome, "db"));
	char *db, *want, *has, *sock, *why = NULL;

	if (serves == NULL || !paths_may_autostart(g->socket, g->db))
		return NULL;
	db = paths_db(g->db);
	want = paths_real(db);
	has = paths_real(serves);
	if (strcmp(want, has) != 0) {
		sock = paths_socket(g->socket, db);
		why = xasprintf("the server on %s serves the store %s, not %s "
		    "(named %s); nothing was sent to it. Leave the store out to "
		    "use %s, or give %s a server of its own (leave out -S and "
		    "$SITREP_SOCKET, or name another socket)", sock, serves,
		    db, cmd_session_store_source(g), serves, db);
		free(sock);
	}
	free(has);
	free(want);
	free(db);
	return why;
}

/* The server said hello, before anything is sent to it: refuse it when
 * it serves another store than the one asked for. */
static char *cmd_session_on_server(struct client *c, const json_t *welcome,
    void *arg)
{
	struct cmd_session *s = arg;
	char *why = cmd_session_store_check(s->g, welcome);

	if (why != NULL) {
		cmd_session_say("", why);
		cmd_session_fail(s, SR_EXIT_SERVER);
	}
	return why;
}

/* The server was accepted: go on. */
static void cmd_session_on_welcome(struct client *c, const json_t *welcome,
    void *arg)
{
	struct cmd_session *s = arg;

	s->welcomed = 1;
}

/* An event of the subscription. */
static void cmd_session_on_event(struct client *c, const struct event *ev,
    void *arg)
{
	struct cmd_session *s = arg;

	if (s->ev_cb == NULL || s->cb_stop)
		return;
	/* History is coming: the timeout counts from the last event. */
	if (uv_is_active((uv_handle_t *)&s->timer))
		uv_timer_start(&s->timer, cmd_session_on_timeout,
		    CMD_SESSION_TIMEOUT_MS, 0);
	if (s->ev_cb(ev, s->ev_arg) != 0)
		s->cb_stop = s->sub_done = 1;
}

/* The history of the subscription has been sent. */
static void cmd_session_on_synced(struct client *c, const char *incident,
    int64_t seq, void *arg)
{
	struct cmd_session *s = arg;

	if (s->ev_cb == NULL || s->cb_stop)
		return;
	if (s->ev_cb(NULL, s->ev_arg) != 0)
		s->cb_stop = 1;
	if (s->cb_stop || !s->following)
		s->sub_done = 1;
}

/* A submission was stored. */
static void cmd_session_on_ack(struct client *c, const char *uid, int64_t seq,
    const char *incident, const json_t *warnings, void *arg)
{
	struct cmd_session *s = arg;

	if (strcmp(uid, s->uid) != 0 || s->answered)
		return;
	s->answered = 1;
	s->seq = seq;
	free(s->incident);
	s->incident = xstrdup(incident ? incident : "");
	cmd_print_warnings(warnings);
}

/* The exit status of a nack code: store trouble is 3, the rest refusals. */
static int cmd_session_nack_status(const char *code)
{
	if (code != NULL && (strcmp(code, PROTO_E_STORE) == 0 ||
	    strcmp(code, PROTO_E_SHUTDOWN) == 0 ||
	    strcmp(code, PROTO_E_CLOSED) == 0))
		return SR_EXIT_SERVER;
	return SR_EXIT_REFUSED;
}

/* A submission was refused. */
static void cmd_session_on_nack(struct client *c, const char *uid,
    const char *code, const char *field, const char *message, void *arg)
{
	struct cmd_session *s = arg;

	if (strcmp(uid, s->uid) != 0 || s->answered)
		return;
	s->answered = 1;
	s->refused = cmd_session_nack_status(code);
	free(s->field);
	s->field = field != NULL ? xstrdup(field) : NULL;
	cmd_session_say("", message ? message : "refused");
}

/* An error message from the server. */
static void cmd_session_on_error(struct cmd_session *s, const json_t *msg)
{
	const char *code = json_string_value(json_object_get(msg, "code"));
	const char *text = json_string_value(json_object_get(msg, "message"));

	if (code == NULL)
		code = "";
	if (s->stopping && strcmp(code, PROTO_E_SHUTDOWN) == 0)
		return;
	cmd_session_say("", text ? text : code);
	if (s->stopping)
		cmd_session_fail(s, SR_EXIT_REFUSED);
	else if (strcmp(code, PROTO_E_ACCESS) == 0 ||
	    strcmp(code, PROTO_E_VERSION) == 0 ||
	    strcmp(code, PROTO_E_SHUTDOWN) == 0 ||
	    strcmp(code, PROTO_E_STORE) == 0)
		cmd_session_fail(s, SR_EXIT_SERVER);
	else if (s->waiting)
		cmd_session_fail(s, SR_EXIT_REFUSED);
}

/* Any other message: replies to requests, presence, errors. */
static void cmd_session_on_message(struct client *c, const json_t *msg,
    void *arg)
{
	struct cmd_session *s = arg;
	const char *type = proto_type(msg);
	json_int_t id;

	if (strcmp(type, "error") == 0) {
		cmd_session_on_error(s, msg);
		return;
	}
	id = json_integer_value(json_object_get(msg, "id"));
	if (s->want_type == NULL || strcmp(type, s->want_type) != 0 ||
	    id <= s->taken_id || id > s->next_id)
		return;
	if (s->replies == NULL)
		s->replies = json_array();
	json_array_append(s->replies, (json_t *)msg);
	s->replied = 1;
}

/* The callbacks of every session. */
static const struct client_cb cmd_session_cb = {
	.on_state = cmd_session_on_state,
	.on_server = cmd_session_on_server,
	.on_welcome = cmd_session_on_welcome,
	.on_event = cmd_session_on_event,
	.on_synced = cmd_session_on_synced,
	.on_ack = cmd_session_on_ack,
	.on_nack = cmd_session_on_nack,
	.on_message = cmd_session_on_message,
};

/* Nothing happened for too long. */
static void cmd_session_on_timeout(uv_timer_t *timer)
{
	struct cmd_session *s = timer->data;

	s->timed_out = 1;
}

/* SIGINT or SIGTERM while following. */
static void cmd_session_on_signal(uv_signal_t *sig, int signum)
{
	struct cmd_session *s = sig->data;

	s->interrupted = 1;
}

/* libuv refused to set something up: say what, fail the session. */
static void cmd_session_loop_error(struct cmd_session *s, const char *what,
    int r)
{
	fprintf(stderr, "sitrep: cannot %s: %s\n", what, uv_strerror(r));
	cmd_session_fail(s, SR_EXIT_SERVER);
}

/* Run the loop until *flag, a failure or the timeout (0: none). */
static int cmd_session_wait(struct cmd_session *s, const int *flag,
    const char *what, int timeout)
{
	int r;

	s->timed_out = 0;
	s->waiting = 1;
	if (timeout && (r = uv_timer_start(&s->timer, cmd_session_on_timeout,
	    CMD_SESSION_TIMEOUT_MS, 0)) != 0)
		cmd_session_loop_error(s, "start the answer timeout", r);
	while (!*flag && !s->failed && !s->timed_out && !s->interrupted)
		uv_run(&s->loop, UV_RUN_ONCE);
	uv_timer_stop(&s->timer);
	s->waiting = 0;
	if (*flag)
		return 0;
	if (s->timed_out) {
		fprintf(stderr, "sitrep: no answer from the server on %s for "
		    "%d s while %s; try again, or restart it with `sitrep "
		    "kill-server`\n", s->socket, CMD_SESSION_TIMEOUT_MS / 1000,
		    what);
		cmd_session_fail(s, SR_EXIT_SERVER);
	}
	return -1;
}

/* Close whatever is left on the loop (a handle the client forgot). */
static void cmd_session_walk_close(uv_handle_t *h, void *arg)
{
	if (!uv_is_closing(h))
		uv_close(h, NULL);
}

/* Close every handle still open, close the loop and free the session. */
static void cmd_session_loop_free(struct cmd_session *s)
{
	uv_walk(&s->loop, cmd_session_walk_close, NULL);
	uv_run(&s->loop, UV_RUN_DEFAULT);
	uv_loop_close(&s->loop);
	free(s);
}

/* A new session with its loop and handles, not connected yet. */
static struct cmd_session *cmd_session_new(const struct cmd_globals *g)
{
	struct cmd_session *s = xcalloc(1, sizeof *s);
	int r;

	if ((r = uv_loop_init(&s->loop)) != 0) {
		fprintf(stderr, "sitrep: cannot start an event loop: %s\n",
		    uv_strerror(r));
		free(s);
		return NULL;
	}
	s->timer.data = s;
	s->sigint.data = s;
	s->sigterm.data = s;
	if ((r = uv_timer_init(&s->loop, &s->timer)) != 0 ||
	    (r = uv_signal_init(&s->loop, &s->sigint)) != 0 ||
	    (r = uv_signal_init(&s->loop, &s->sigterm)) != 0) {
		fprintf(stderr, "sitrep: cannot set up an event loop: %s\n",
		    uv_strerror(r));
		cmd_session_loop_free(s);
		return NULL;
	}
	s->g = g;
	s->db = paths_db(g->db);
	s->socket = paths_socket(g->socket, s->db);
	s->verbose = g->verbose;
	s->may_start = paths_may_autostart(g->socket, g->db);
	s->named = paths_socket_named(g->socket);
	return s;
}

/* Connect; autostart also means reconnect. Returns 0 or -1 and *cause. */
static int cmd_session_connect(struct cmd_session *s, int autostart,
    char **cause)
{
	struct client_opts opts;

	memset(&opts, 0, sizeof opts);
	opts.socket = s->socket;
	opts.named = s->named;
	opts.db = s->db;
	opts.autostart = autostart && s->may_start;
	opts.reconnect = autostart;
	s->client = client_connect(&s->loop, &opts, &cmd_session_cb, s,
	    cause);
	return s->client == NULL ? -1 : 0;
}

/* Close the connection, run the loop until every handle is closed. */
void cmd_session_close(struct cmd_session *s)
{
	if (s == NULL)
		return;
	if (s->client != NULL)
		client_close(s->client);
	uv_close((uv_handle_t *)&s->timer, NULL);
	uv_close((uv_handle_t *)&s->sigint, NULL);
	uv_close((uv_handle_t *)&s->sigterm, NULL);
	json_decref(s->replies);
	free(s->incident);
	free(s->field);
	free(s->db);
	free(s->socket);
	cmd_session_loop_free(s);
}

/* Connect (starting the server when asked) and wait for the welcome. */
struct cmd_session *cmd_session_open(const struct cmd_globals *g,
    int autostart, int *status)
{
	struct cmd_session *s = cmd_session_new(g);
	char *cause = NULL;

	*status = SR_EXIT_SERVER;
	if (s == NULL)
		return NULL;
	if (cmd_session_connect(s, autostart, &cause) != 0) {
		cmd_session_say("", cause ? cause : "cannot reach the server");
		free(cause);
		goto fail;
	}
	if (cmd_session_wait(s, &s->welcomed, "connecting", 1) != 0) {
		*status = s->status;
		goto fail;
	}
	*status = SR_EXIT_OK;
	return s;

fail:
	cmd_session_close(s);
	return NULL;
}

/* Our name as the server knows it. */
const char *cmd_session_user(const struct cmd_session *s)
{
	return client_user(s->client);
}

/* The socket of the session. */
const char *cmd_session_socket(const struct cmd_session *s)
{
	return s->socket;
}

/* The field of the last refusal. */
const char *cmd_session_field(const struct cmd_session *s)
{
	return s->field;
}

/* Submit one event and wait for its ack or nack. */
int cmd_session_submit(struct cmd_session *s, struct event *ev, int64_t *seq,
    char **incident)
{
	if (s->failed) {
		event_free(ev);
		return s->status;
	}
	if (ev->uid[0] == '\0')
		event_uid_new(ev->uid);
	memcpy(s->uid, ev->uid, sizeof s->uid);
	s->answered = 0;
	s->refused = 0;
	client_submit(s->client, ev);
	if (cmd_session_wait(s, &s->answered, "waiting for the ack", 1) != 0)
		return s->status;
	if (s->refused)
		return s->refused;
	*seq = s->seq;
	if (incident != NULL) {
		*incident = s->incident;
		s->incident = NULL;
	}
	return SR_EXIT_OK;
}

/* Send a request without waiting: its id, or 0 (and *status) when the
 * session has failed. */
static json_int_t cmd_session_ask(struct cmd_session *s, json_t *msg,
    const char *reply, int *status)
{
	if (s->failed) {
		json_decref(msg);
		*status = s->status;
		return 0;
	}
	s->want_type = reply;
	json_object_set_new(msg, "id", json_integer(++s->next_id));
	client_request(s->client, msg);
	return s->next_id;
}

/* The reply to request id if it came (taken out), else NULL. Replies are
 * taken in the order they were asked for: one older than the newest
 * taken is no longer kept. */
static json_t *cmd_session_take(struct cmd_session *s, json_int_t id)
{
	json_t *r;
	size_t i;

	json_array_foreach(s->replies, i, r) {
		if (json_integer_value(json_object_get(r, "id")) != id)
			continue;
		json_incref(r);
		json_array_remove(s->replies, i);
		if (id > s->taken_id)
			s->taken_id = id;
		return r;
	}
	return NULL;
}

/* Wait for the reply to request id. */
static json_t *cmd_session_answer(struct cmd_session *s, json_int_t id,
    int *status)
{
	json_t *r;

	while ((r = cmd_session_take(s, id)) == NULL) {
		s->replied = 0;
		if (cmd_session_wait(s, &s->replied, "waiting for a reply",
		    1) != 0) {
			*status = s->status;
			return NULL;
		}
	}
	*status = SR_EXIT_OK;
	return r;
}

/* The session's client, to read frames of its own (client_raw). */
struct client *cmd_session_client(struct cmd_session *s)
{
	return s->client;
}

/* Run until *flag is set; SR_EXIT_OK, or the status after printing why. */
int cmd_session_run(struct cmd_session *s, const int *flag, const char *what)
{
	if (s->failed)
		return s->status;
	return cmd_session_wait(s, flag, what, 1) == 0 ? SR_EXIT_OK :
	    s->status;
}

/* Something came: the timeout of the wait counts from now. */
void cmd_session_progress(void *arg)
{
	struct cmd_session *s = arg;

	if (uv_is_active((uv_handle_t *)&s->timer))
		uv_timer_start(&s->timer, cmd_session_on_timeout,
		    CMD_SESSION_TIMEOUT_MS, 0);
}

/* Send a request and wait for its reply. */
json_t *cmd_session_request(struct cmd_session *s, json_t *msg,
    const char *reply, int *status)
{
	json_int_t id = cmd_session_ask(s, msg, reply, status);

	return id != 0 ? cmd_session_answer(s, id, status) : NULL;
}

/* Follow a subscription until interrupted (or the callback stops it). */
static int cmd_session_follow(struct cmd_session *s)
{
	int r;

	s->following = 1;
	if ((r = uv_signal_start(&s->sigint, cmd_session_on_signal,
	    SIGINT)) != 0 || (r = uv_signal_start(&s->sigterm,
	    cmd_session_on_signal, SIGTERM)) != 0)
		cmd_session_loop_error(s, "watch for interrupts", r);
	cmd_session_wait(s, &s->sub_done, "following", 0);
	uv_signal_stop(&s->sigint);
	uv_signal_stop(&s->sigterm);
	s->following = 0;
	return s->failed ? s->status : SR_EXIT_OK;
}

/* Subscribe; wait for "synced", or follow until interrupted. */
int cmd_session_subscribe(struct cmd_session *s, const char *incident,
    int64_t since, int follow, cmd_event_cb cb, void *arg)
{
	int status = SR_EXIT_OK;

	if (s->failed)
		return s->status;
	s->ev_cb = cb;
	s->ev_arg = arg;
	s->cb_stop = 0;
	s->sub_done = 0;
	s->following = follow;
	client_subscribe(s->client, incident, since);
	if (follow)
		status = cmd_session_follow(s);
	else if (cmd_session_wait(s, &s->sub_done, "reading the history",
	    1) != 0)
		status = s->status;
	s->ev_cb = NULL;
	return status;
}

/* Fold one event into the model given as arg. */
static int cmd_session_fold_one(const struct event *ev, void *arg)
{
	if (ev != NULL)
		model_apply(arg, ev);
	return 0;
}

/* Fold an incident's history; refuse an incident that does not exist. */
int cmd_session_fold(struct cmd_session *s, const char *incident,
    struct model *m)
{
	int status;

	status = cmd_session_subscribe(s, incident, 0, 0, cmd_session_fold_one,
	    m);
	if (status != SR_EXIT_OK)
		return status;
	if (model_find(m, incident) == NULL) {
		fprintf(stderr, "sitrep: there is no incident %s; `sitrep ls "
		    "--all` lists them\n", incident);
		return SR_EXIT_REFUSED;
	}
	return SR_EXIT_OK;
}

/* What cmd_session_fetch looks for and finds. */
struct cmd_session_find {
	int64_t seq;
	struct event *ev;
};

/* Keep the event looked for; stop there. */
static int cmd_session_find_one(const struct event *ev, void *arg)
{
	struct cmd_session_find *f = arg;

	if (ev == NULL || ev->seq != f->seq)
		return 0;
	f->ev = event_copy(ev);
	return 1;
}

/* Read one stored event back (to show what the server filled in). */
struct event *cmd_session_fetch(struct cmd_session *s, const char *incident,
    int64_t seq)
{
	struct cmd_session_find f = { seq, NULL };

	if (cmd_session_subscribe(s, incident, seq - 1, 0,
	    cmd_session_find_one, &f) != SR_EXIT_OK)
		return NULL;
	if (f.ev == NULL)
		fprintf(stderr, "sitrep: event #%lld of %s is not in the "
		    "history\n", (long long)seq, incident);
	return f.ev;
}

/* The number (H2, F3) the fold gave the hypothesis or follow-up recorded
 * as seq, or 0. */
int cmd_session_number(struct cmd_session *s, const char *incident,
    int64_t seq)
{
	struct model m;
	struct model_incident *mi;
	size_t i;
	int id = 0;

	model_init(&m);
	if (cmd_session_fold(s, incident, &m) == SR_EXIT_OK &&
	    (mi = model_find(&m, incident)) != NULL) {
		for (i = 0; i < mi->nhyps; i++) {
			if (mi->hyps[i].seq == seq)
				id = mi->hyps[i].id;
		}
		for (i = 0; i < mi->nfollowups; i++) {
			if (mi->followups[i].seq == seq)
				id = mi->followups[i].id;
		}
	}
	model_free(&m);
	return id;
}

/* The pid of the process listening on path (SO_PEERCRED), or -1. */
static pid_t cmd_session_server_pid(const char *path)
{
	struct sockaddr_un sa;
	struct ucred cred;
	socklen_t len = sizeof cred;
	pid_t pid = -1;
	int fd;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa.sun_path ||
	    (fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
	    getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0)
		pid = cred.pid;
	close(fd);
	return pid;
}

/* Wait until process pid has exited (it closes the store last). */
static int cmd_session_wait_gone(pid_t pid)
{
	struct timespec ts = { 0, 10 * 1000000 };
	int i;

	for (i = 0; i < CMD_SESSION_TIMEOUT_MS / 10; i++) {
		if (kill(pid, 0) != 0 && errno == ESRCH)
			return 0;
		nanosleep(&ts, NULL);
	}
	return -1;
}

/* kill-server: ask the running server (if any) to stop, wait for it. */
int cmd_session_shutdown(const struct cmd_globals *g)
{
	struct cmd_session *s = cmd_session_new(g);
	char *cause = NULL;
	int status = SR_EXIT_SERVER;
	pid_t pid;

	if (s == NULL)
		return SR_EXIT_SERVER;
	if (cmd_session_connect(s, 0, &cause) != 0) {
		printf("no server running on %s\n", s->socket);
		if (g->verbose)
			cmd_session_say("", cause ? cause : "");
		free(cause);
		status = SR_EXIT_OK;
		goto out;
	}
	if (cmd_session_wait(s, &s->welcomed, "connecting", 1) != 0) {
		status = s->status;
		goto out;
	}
	pid = cmd_session_server_pid(s->socket);
	s->stopping = 1;
	client_request(s->client, proto_msg("shutdown"));
	if (cmd_session_wait(s, &s->closed, "stopping the server", 1) != 0) {
		status = s->status;
		goto out;
	}
	if (pid > 0 && cmd_session_wait_gone(pid) != 0) {
		fprintf(stderr, "sitrep: the server on %s (pid %ld) said it "
		    "would stop but is still running\n", s->socket, (long)pid);
		goto out;
	}
	printf("stopped the server on %s\n", s->socket);
	status = SR_EXIT_OK;
out:
	cmd_session_close(s);
	return status;
}
