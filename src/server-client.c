/* server-client.c: one connection to the server.
 *
 * Bytes read go through the client's frame decoder; each whole message is
 * dispatched by type. Writes share encoded buffers (one frame serialized
 * once for every subscriber). History is sent in pages while the client
 * keeps up, continuing from the write callback, and live events are held
 * back until the history has caught up with the store (then "synced").
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "server-int.h"
#include "when.h"
#include "xmalloc.h"

/* Handle one message type. */
struct server_client_handler {
	const char *type;
	void (*fn)(struct server_client *, json_t *);
};

/* The history gathered from one store page, as concatenated frames. */
struct server_client_page {
	struct server_client *c;  /* whose: only what it sees is added */
	unsigned char *data;
	size_t len;
	size_t cap;
	int64_t last;     /* the last event scanned, sent or not */
	long skipped;     /* events that could not be encoded */
	int64_t first_skipped;
	int full;         /* SERVER_PAGE_BYTES reached before SERVER_PAGE
	                   * events */
};

static void server_client_replay(struct server_client *c);
static void server_client_snapshot(struct server_client *c, json_t *msg);

/* Drop a reference; the last one frees the client. */
void server_client_unref(struct server_client *c)
{
	if (--c->refs > 0)
		return;
	proto_decoder_free(&c->dec);
	server_acl_forget(c);
	server_import_free(c->imp);
	free(c->user);
	free(c->sub);
	json_decref(c->sub_id);
	free(c);
}

/* A handle of the client has closed. */
static void server_client_close_cb(uv_handle_t *h)
{
	server_client_unref(h->data);
}

/* The grace period of a flushing close is over. */
static void server_client_timer_cb(uv_timer_t *t)
{
	server_client_close(t->data, 0);
}

/* The last words have been written (or could not be). */
static void server_client_shutdown_cb(uv_shutdown_t *req, int status)
{
	struct server_client *c = req->data;

	server_client_close(c, 0);
	server_client_unref(c);
}

/* Stop reading and close once what is queued is written (or after grace
 * ms). Returns -1 when that cannot be arranged. */
static int server_client_flush(struct server_client *c, uint64_t grace)
{
	struct server *srv = c->srv;

	c->closing = 1;
	uv_read_stop((uv_stream_t *)&c->pipe);
	c->shutdown.data = c;
	if (uv_shutdown(&c->shutdown, (uv_stream_t *)&c->pipe,
	    server_client_shutdown_cb) != 0)
		return -1;
	c->refs++;
	if (uv_timer_init(&srv->loop, &c->timer) == 0) {
		c->timer.data = c;
		c->timer_on = 1;
		c->refs++;
		uv_timer_start(&c->timer, server_client_timer_cb, grace, 0);
	}
	return 0;
}

/* Close a client: after its queue is written when flush, else now. */
void server_client_close(struct server_client *c, int flush)
{
	struct server *srv = c->srv;

	if (c->dead || (flush && c->closing))
		return;
	if (flush && server_client_flush(c, SERVER_FLUSH_MS) == 0)
		return;
	c->closing = 1;
	c->dead = 1;
	TAILQ_REMOVE(&srv->clients, c, entry);
	srv->nclients--;
	server_log(srv, "client %ld (%s) closed", (long)c->pid,
	    c->user != NULL ? c->user : "?");
	uv_close((uv_handle_t *)&c->pipe, server_client_close_cb);
	if (c->timer_on)
		uv_close((uv_handle_t *)&c->timer, server_client_close_cb);
	if (c->welcomed && !srv->stopping)
		server_presence(srv);
}

/* A write finished: release it, go on with the history if paused. */
static void server_client_write_cb(uv_write_t *req, int status)
{
	struct server_write *w = (struct server_write *)req;
	struct server_client *c = w->c;

	server_buf_unref(w->buf);
	free(w);
	if (status < 0 && !c->dead) {
		server_log(c->srv, "client %ld (%s): write: %s", (long)c->pid,
		    c->user, uv_strerror(status));
		server_client_close(c, 0);
	} else if (c->replaying && !c->closing)
		server_client_replay(c);
	server_client_unref(c);
}

/* Bytes waiting in the client's write queue. */
static size_t server_client_queued(struct server_client *c)
{
	return uv_stream_get_write_queue_size((uv_stream_t *)&c->pipe);
}

/* Write what the socket takes of b at once, when nothing is queued before
 * it; the bytes written (0 when none, or on an error, which the queued
 * write then meets and reports). A frame written whole this way costs one
 * system call: no request, no callback, and no epoll_ctl, which libuv
 * otherwise issues for every stream whose queued write completes. */
static size_t server_client_try(struct server_client *c,
    const struct server_buf *b)
{
	uv_buf_t ub;
	int n;

	if (server_client_queued(c) > 0)
		return 0;
	ub = uv_buf_init((char *)b->data, (unsigned int)b->len);
	n = uv_try_write((uv_stream_t *)&c->pipe, &ub, 1);
	return n > 0 ? (size_t)n : 0;
}

/* Send a shared buffer to the client, whatever its queue holds: what the
 * socket does not take at once is queued, holding a reference to b. */
static void server_client_queue(struct server_client *c, struct server_buf *b)
{
	size_t off = server_client_try(c, b);
	struct server_write *w;
	uv_buf_t ub;
	int r;

	if (off == b->len)
		return;
	w = xmalloc(sizeof *w);
	w->buf = b;
	w->c = c;
	b->refs++;
	c->refs++;
	ub = uv_buf_init((char *)b->data + off, (unsigned int)(b->len - off));
	r = uv_write(&w->req, (uv_stream_t *)&c->pipe, &ub, 1,
	    server_client_write_cb);
	if (r != 0) {
		server_buf_unref(b);
		free(w);
		c->refs--;
		server_log(c->srv, "client %ld (%s): write: %s", (long)c->pid,
		    c->user, uv_strerror(r));
		server_client_close(c, 0);
	}
}

/* The client does not read what it is sent: stop sending it anything,
 * tell it so and close once it has read that; it resumes from its last
 * seq when it reconnects, and the others never wait for it.
 *
 * libuv's write queue is first in, first out and cannot be cut short
 * (uv_try_write refuses while anything is queued), so no message can go
 * ahead of what is already queued: "too slow" can only follow it. Ordinary
 * writes therefore stop SERVER_SLOW_RESERVE short of the limit, and that
 * reserve always has room for this one frame: the queue never passes the
 * limit, and the client reads the reason once it reads again. A client
 * that never does is closed after SERVER_SLOW_GRACE_MS, unheard. */
static void server_client_slow(struct server_client *c)
{
	struct server_buf *b;
	size_t queued = server_client_queued(c);
	char *m;

	server_log(c->srv, "client %ld (%s): %s: %zu bytes queued, near the "
	    "limit of %zu; told and closing", (long)c->pid, c->user,
	    PROTO_E_SLOW, queued, c->srv->max_queue);
	m = xasprintf("too slow: reconnecting; this connection left %zu bytes "
	    "unread (the limit is %zu), so the server stopped sending to it; "
	    "what it missed comes when it reconnects", queued,
	    c->srv->max_queue);
	c->slow = 1;
	b = server_buf_new(proto_error(PROTO_E_SLOW, m));
	free(m);
	server_client_queue(c, b);
	server_buf_unref(b);
	if (!c->dead && server_client_flush(c, SERVER_SLOW_GRACE_MS) != 0)
		server_client_close(c, 0);
}

/* Queue a shared buffer to the client; one whose queue would come within
 * SERVER_SLOW_RESERVE of the limit is told it is too slow instead. */
void server_client_write(struct server_client *c, struct server_buf *b)
{
	size_t room = c->srv->max_queue - SERVER_SLOW_RESERVE;

	if (c->dead || c->closing)
		return;
	if (server_client_queued(c) + b->len > room) {
		server_client_slow(c);
		return;
	}
	server_client_queue(c, b);
}

/* Encode msg (stolen) and queue it to this client only. */
void server_client_send(struct server_client *c, json_t *msg)
{
	struct server_buf *b;

	if (c->dead || c->closing) {
		json_decref(msg);
		return;
	}
	b = server_buf_new(msg);
	server_client_write(c, b);
	server_buf_unref(b);
}

/* Send an error; a fatal one is followed by a close. */
void server_client_error(struct server_client *c, const char *code,
    const char *message, int fatal)
{
	server_log(c->srv, "client %ld (%s): %s: %s%s", (long)c->pid,
	    c->user != NULL ? c->user : "?", code, message,
	    fatal ? " (closing)" : "");
	server_client_send(c, proto_error(code, message));
	if (fatal)
		server_client_close(c, 1);
}

/* A reply of type to a request, carrying the request's id. */
json_t *server_client_reply(const json_t *req, const char *type)
{
	json_t *msg = proto_msg(type), *id = json_object_get(req, "id");

	if (id != NULL)
		json_object_set(msg, "id", id);
	return msg;
}

/* A non-fatal error answering a request (with its id). */
void server_client_refuse(struct server_client *c, const json_t *req,
    const char *code, const char *message)
{
	json_t *msg = proto_error(code, message);
	json_t *id = json_object_get(req, "id");

	if (id != NULL)
		json_object_set(msg, "id", id);
	server_log(c->srv, "client %ld (%s): %s: %s", (long)c->pid, c->user,
	    code, message);
	server_client_send(c, msg);
}

/* Send one live event of incident inc (looked up once for every client;
 * NULL when it has none) if the subscription wants it and the client
 * sees it. */
void server_client_live(struct server_client *c, const struct event *ev,
    const struct model_incident *inc, struct server_buf *b)
{
	if (c->dead || c->closing || c->sub == NULL || c->replaying)
		return;
	if (strcmp(c->sub, "*") != 0 && (ev->incident == NULL ||
	    strcmp(c->sub, ev->incident) != 0))
		return;
	if (ev->seq <= c->cursor || !server_acl_visible(c, inc))
		return;
	server_client_write(c, b);
	c->cursor = ev->seq;
}

/* Append one stored event's frame to a history page; stop once it holds
 * SERVER_PAGE_BYTES, so that a page and the largest frame fit in the
 * smallest queue limit (CFG_QUEUE_MIN) together. */
static int server_client_page_cb(const struct event *ev, void *arg)
{
	struct server_client_page *p = arg;
	json_t *msg;
	unsigned char *f;
	size_t n;

	p->last = ev->seq;
	if (!server_acl_visible_ref(p->c, ev->incident))
		return 0;
	msg = proto_msg("event");
	json_object_set_new(msg, "event", event_to_json(ev, 1));
	f = proto_encode(msg, &n);
	json_decref(msg);
	if (f == NULL) {
		if (p->skipped++ == 0)
			p->first_skipped = ev->seq;
		return 0;
	}
	if (p->len + n > p->cap) {
		p->cap = (p->len + n) * 2;
		p->data = xreallocarray(p->data, 1, p->cap);
	}
	memcpy(p->data + p->len, f, n);
	p->len += n;
	free(f);
	p->full = p->len >= SERVER_PAGE_BYTES;
	return p->full;
}

/* Echo the subscription's id (subscribe's "id") on msg, when it had one. */
static void server_client_sub_id(const struct server_client *c, json_t *msg)
{
	if (c->sub_id != NULL)
		json_object_set(msg, "id", c->sub_id);
}

/* The store's last seq as the client may know it: the last event of an
 * incident it sees (events of restricted incidents it does not see are
 * not counted, so no number betrays them). */
static int64_t server_client_last_seq(struct server_client *c)
{
	const struct model *m = &c->srv->model;
	int64_t last = 0;
	size_t i;

	if (server_acl_owner(c->srv, c))
		return store_last_seq(c->srv->st);
	for (i = 0; i < m->nincidents; i++) {
		if (m->incidents[i] != NULL && m->incidents[i]->last_seq > last &&
		    server_acl_visible(c, m->incidents[i]))
			last = m->incidents[i]->last_seq;
	}
	return last;
}

/* The history has reached the store's end: say so and go live. */
static void server_client_synced(struct server_client *c)
{
	int64_t last = store_last_seq(c->srv->st);
	json_t *msg = proto_msg("synced");

	c->replaying = 0;
	if (last > c->cursor)
		c->cursor = last;
	json_object_set_new(msg, "incident", json_string(c->sub));
	json_object_set_new(msg, "seq", json_integer(
	    server_client_last_seq(c)));
	server_client_sub_id(c, msg);
	server_client_send(c, msg);
}

/* Queue a history page as one write (it may hold no frame at all when
 * every event was skipped); the cursor moves past every event scanned,
 * and the client is told about the skipped ones. */
static void server_client_page_send(struct server_client *c,
    struct server_client_page *p)
{
	struct server_buf *b;
	char *msg;

	if (p->len > 0) {
		b = xmalloc(sizeof *b);
		b->refs = 1;
		b->len = p->len;
		b->data = p->data;
		server_client_write(c, b);
		server_buf_unref(b);
	} else
		free(p->data);
	if (p->last > c->cursor)
		c->cursor = p->last;
	if (p->skipped == 0)
		return;
	msg = xasprintf("%ld event(s) of this history could not be encoded "
	    "and are left out, the first #%" PRId64 "; run `sitrep verify` "
	    "and look at the server's log (serve -v)", p->skipped,
	    p->first_skipped);
	server_client_error(c, PROTO_E_STORE, msg, 0);
	free(msg);
}

/* Send history pages while the client's queue stays below the high-water
 * mark; the write callback calls again when it drains. */
static void server_client_replay(struct server_client *c)
{
	struct server_client_page page;
	const char *inc;
	char *cause = NULL;
	long n;

	while (c->replaying && !c->closing &&
	    server_client_queued(c) < SERVER_HIGH_WATER) {
		inc = strcmp(c->sub, "*") == 0 ? NULL : c->sub;
		memset(&page, 0, sizeof page);
		page.c = c;
		n = store_scan(c->srv->st, inc, c->cursor, SERVER_PAGE,
		    server_client_page_cb, &page, &cause);
		if (n < 0) {
			free(page.data);
			server_client_error(c, PROTO_E_STORE, cause, 1);
			free(cause);
			return;
		}
		server_client_page_send(c, &page);
		if (n < SERVER_PAGE && !page.full)
			server_client_synced(c);
	}
}

/* The protocol major version a hello claims, or -1. */
static long server_client_major(const json_t *proto)
{
	const char *s;

	if (json_is_integer(proto))
		return (long)json_integer_value(proto);
	if (json_is_object(proto))
		return server_client_major(json_object_get(proto, "major"));
	if ((s = json_string_value(proto)) != NULL && *s >= '0' && *s <= '9')
		return strtol(s, NULL, 10);
	return -1;
}

/* hello {proto, client} → welcome, or a version error and close. */
static void server_client_hello(struct server_client *c, json_t *msg)
{
	struct server *srv = c->srv;
	long major = server_client_major(json_object_get(msg, "proto"));
	json_t *w;
	char *m;

	if (major != PROTO_MAJOR) {
		m = xasprintf("this sitrep speaks protocol %d, the client "
		    "speaks %ld; use the same sitrep version on both ends",
		    PROTO_MAJOR, major);
		server_client_error(c, PROTO_E_VERSION, m, 1);
		free(m);
		return;
	}
	c->welcomed = 1;
	c->since = when_now();
	w = proto_msg("welcome");
	json_object_set_new(w, "proto", json_integer(PROTO_MAJOR));
	json_object_set_new(w, "server", json_string(SITREP_VERSION));
	json_object_set_new(w, "user", json_string(c->user));
	json_object_set_new(w, "access",
	    json_string(server_acl_access_name(c)));
	json_object_set_new(w, "last_seq",
	    json_integer(server_client_last_seq(c)));
	json_object_set_new(w, "db", json_string(store_path(srv->st)));
	server_client_send(c, w);
	server_log(srv, "client %ld (%s, %s) says hello", (long)c->pid, c->user,
	    c->access == SERVER_ACCESS_RW ? "responder" : "observer");
	server_presence(srv);
}

/* subscribe {id?, incident, since, snapshot?, tail?}: history from since,
 * then live; with snapshot (since 0) the state and the last events instead
 * of the history. The id is echoed on snapshot, the tail page and synced. */
static void server_client_subscribe(struct server_client *c, json_t *msg)
{
	const char *inc = json_string_value(json_object_get(msg, "incident"));
	json_t *since = json_object_get(msg, "since");
	int snapshot;

	if (inc == NULL || *inc == '\0' || strlen(inc) > SR_MAX_NAME) {
		server_client_refuse(c, msg, PROTO_E_PROTO, "subscribe needs "
		    "an incident: a reference like \"INC-7\", or \"*\" for "
		    "all");
		return;
	}
	if (since != NULL && (!json_is_integer(since) ||
	    json_integer_value(since) < 0)) {
		server_client_refuse(c, msg, PROTO_E_PROTO, "subscribe: since "
		    "must be a sequence number (0 for the whole history)");
		return;
	}
	snapshot = json_is_true(json_object_get(msg, "snapshot")) &&
	    (since == NULL || json_integer_value(since) == 0);
	if (snapshot && strcmp(inc, "*") == 0) {
		server_client_refuse(c, msg, PROTO_E_PROTO, "a snapshot is of "
		    "one incident: subscribe to \"INC-7\", not \"*\"");
		return;
	}
	free(c->sub);
	c->sub = xstrdup(inc);
	json_decref(c->sub_id);
	c->sub_id = json_incref(json_object_get(msg, "id"));
	if (snapshot) {
		c->replaying = 0;
		server_client_snapshot(c, msg);
	} else {
		c->cursor = since != NULL ? json_integer_value(since) : 0;
		c->replaying = 1;
		server_client_replay(c);
	}
	/* A new subscriber learns who is attached; the others learn of it. */
	if (!c->dead)
		server_presence(c->srv);
}

/* The server's own flags of an entry (struck, amended, recorded late),
 * set on its JSON so a client can draw them without folding the history. */
static void server_client_flags(struct server *srv, json_t *o,
    const struct event *ev)
{
	const struct model_incident *inc;
	const struct model_entry *e;

	if ((inc = server_fold_need(srv, ev->incident)) == NULL ||
	    (e = model_entry_find(inc, ev->seq)) == NULL)
		return;
	if (e->struck)
		json_object_set_new(o, "struck", json_true());
	if (e->amended)
		json_object_set_new(o, "amended", json_true());
	if (e->late)
		json_object_set_new(o, "late", json_true());
}

/* One scan of the store for a tail or history page. */
struct server_client_scan {
	struct server_client *c;
	json_t *events;     /* what the client sees of it, oldest first */
	int64_t first;      /* the oldest and newest event scanned */
	int64_t last;
};

/* Add one event of a tail or history page, with its flags, when the
 * client sees its incident. */
static int server_client_back_cb(const struct event *ev, void *arg)
{
	struct server_client_scan *s = arg;
	json_t *o;

	if (s->first == 0)
		s->first = ev->seq;
	s->last = ev->seq;
	if (!server_acl_visible_ref(s->c, ev->incident))
		return 0;
	o = event_to_json(ev, 1);
	server_client_flags(s->c->srv, o, ev);
	json_array_append_new(s->events, o);
	return 0;
}

/* Scan up to limit events of incident (NULL: all) for a page, adding what
 * the client sees to events (older ones in front); *edge: where the next
 * scan in that direction starts. Returns how many were scanned, or -1. */
static long server_client_scan_once(struct server_client *c, const char *inc,
    int64_t seq, int forward, size_t limit, json_t *events, int64_t *edge,
    char **cause)
{
	struct server_client_scan s = { c, json_array(), 0, 0 };
	long n;

	if (forward)
		n = store_scan(c->srv->st, inc, seq, limit,
		    server_client_back_cb, &s, cause);
	else
		n = store_scan_back(c->srv->st, inc, seq, limit,
		    server_client_back_cb, &s, cause);
	if (n > 0)
		*edge = forward ? s.last : s.first;
	if (n >= 0 && forward)
		json_array_extend(events, s.events);
	else if (n >= 0) {
		json_array_extend(s.events, events);
		json_array_clear(events);
		json_array_extend(events, s.events);
	}
	json_decref(s.events);
	return n;
}

/* Fill events with up to limit events the client sees, scanning on past
 * the ones it does not; *more when the store may hold further ones.
 * Returns 0, or -1 and *cause. */
static int server_client_scan(struct server_client *c, const char *inc,
    int64_t seq, int forward, json_int_t limit, json_t *events, int *more,
    char **cause)
{
	size_t want = (size_t)limit, have;
	long n;

	*more = 0;
	do {
		have = json_array_size(events);
		if ((n = server_client_scan_once(c, inc, seq, forward,
		    want - have, events, &seq, cause)) < 0)
			return -1;
		*more = (size_t)n == want - have;
	} while (*more && json_array_size(events) < want);
	return 0;
}

/* Drop events of a page until its JSON fits in SERVER_PAGE_BYTES: the
 * oldest of a page going back, the newest of one going forward. Returns 1
 * when some were dropped. */
static int server_client_page_fit(json_t *events, int forward)
{
	size_t i, n = json_array_size(events), total = 0, fit = 0;

	for (i = 0; i < n; i++) {
		total += json_dumpb(json_array_get(events, forward ? i :
		    n - 1 - i), NULL, 0, JSON_COMPACT) + 1;
		if (total > SERVER_PAGE_BYTES)
			break;
		fit++;
	}
	if (fit == n)
		return 0;
	for (i = fit; i < n; i++)
		json_array_remove(events, forward ? fit : 0);
	return 1;
}

/* page {incident, events, more}: the newest limit events of incident
 * ("*": all) before seq (0: the newest), or when forward the first limit
 * events after seq (0: from the start); oldest first. NULL and *cause when
 * the store fails. */
static json_t *server_client_back(struct server_client *c, const json_t *req,
    const char *incident, int64_t seq, int forward, json_int_t limit,
    char **cause)
{
	json_t *events = json_array(), *page;
	const char *inc = strcmp(incident, "*") == 0 ? NULL : incident;
	int cut, more = 0;

	/* An incident the client does not see reads like one that does not
	 * exist: no events, nothing more. */
	if (server_acl_visible_ref(c, inc) && server_client_scan(c, inc, seq,
	    forward, limit, events, &more, cause) != 0) {
		json_decref(events);
		return NULL;
	}
	cut = server_client_page_fit(events, forward);
	page = server_client_reply(req, "page");
	json_object_set_new(page, "incident", json_string(incident));
	json_object_set_new(page, "events", events);
	json_object_set_new(page, "more", json_boolean(cut || more));
	return page;
}

/* A page size asked for: limit when given and positive, else def, at most
 * SERVER_HISTORY_MAX. */
static json_int_t server_client_limit(const json_t *v, json_int_t def)
{
	json_int_t n = json_is_integer(v) && json_integer_value(v) > 0 ?
	    json_integer_value(v) : def;

	return n > SERVER_HISTORY_MAX ? SERVER_HISTORY_MAX : n;
}

/* subscribe with snapshot: the incident's folded state, its last events,
 * synced, then live (nothing older is replayed). A state too large for one
 * frame is not sent: the whole history is replayed instead. */
static void server_client_snapshot(struct server_client *c, json_t *msg)
{
	struct server *srv = c->srv;
	const struct model_incident *inc = model_find(&srv->model, c->sub);
	json_t *snap = proto_msg("snapshot"), *page;
	struct server_buf *b;
	char *cause = NULL;

	if (!server_acl_visible(c, inc))
		inc = NULL;
	c->cursor = store_last_seq(srv->st);
	json_object_set_new(snap, "incident", json_string(c->sub));
	json_object_set_new(snap, "seq", json_integer(
	    server_client_last_seq(c)));
	json_object_set_new(snap, "state", inc != NULL ?
	    model_state_json(inc) : json_null());
	server_client_sub_id(c, snap);
	b = server_buf_new(snap);
	if (b->len > SR_MAX_FRAME) {
		server_log(srv, "client %ld (%s): the state of %s is %zu bytes, "
		    "over a frame; replaying its history instead", (long)c->pid,
		    c->user, c->sub, b->len);
		server_buf_unref(b);
		c->cursor = 0;
		c->replaying = 1;
		server_client_replay(c);
		return;
	}
	server_client_write(c, b);
	server_buf_unref(b);
	page = server_client_back(c, NULL, c->sub, c->cursor + 1, 0,
	    server_client_limit(json_object_get(msg, "tail"), SERVER_TAIL),
	    &cause);
	if (page == NULL) {
		server_client_error(c, PROTO_E_STORE, cause, 1);
		free(cause);
		return;
	}
	json_object_set_new(page, "tail", json_true());
	server_client_sub_id(c, page);
	server_client_send(c, page);
	server_client_synced(c);
}

/* 1 when v is absent or a sequence number. */
int server_client_seq_ok(const json_t *v)
{
	return v == NULL || (json_is_integer(v) && json_integer_value(v) >= 0);
}

/* 1 when kinds is a short list of known kind names. */
static int server_client_kinds_ok(const json_t *kinds)
{
	json_t *k;
	size_t i;

	if (!json_is_array(kinds) || json_array_size(kinds) == 0 ||
	    json_array_size(kinds) > EV_KIND_COUNT)
		return 0;
	json_array_foreach(kinds, i, k) {
		if (!json_is_string(k) ||
		    event_kind_parse(json_string_value(k)) == EV_UNKNOWN)
			return 0;
	}
	return 1;
}

/* history {id, incident, kinds, before, limit} → page {id, incident, kinds,
 * events, more}: the newest events of those kinds (a terminal's status
 * updates and handoffs views). */
static void server_client_history_kinds(struct server_client *c,
    json_t *msg, const char *inc, const json_t *kinds)
{
	json_t *events = json_array(), *page;
	struct server_client_scan s = { c, events, 0, 0 };
	json_int_t limit = server_client_limit(json_object_get(msg, "limit"),
	    SERVER_PAGE);
	char *cause = NULL;
	long n;

	if (!server_client_kinds_ok(kinds) || strcmp(inc, "*") == 0) {
		json_decref(events);
		server_client_refuse(c, msg, PROTO_E_PROTO, "history kinds must "
		    "be a list of event kinds of one incident, such as "
		    "[\"update\"]");
		return;
	}
	n = !server_acl_visible_ref(c, inc) ? 0 : store_scan_back_kinds(
	    c->srv->st, inc, kinds, json_integer_value(json_object_get(msg,
	    "before")), (size_t)limit, server_client_back_cb, &s, &cause);
	if (n < 0) {
		json_decref(events);
		server_client_refuse(c, msg, PROTO_E_STORE, cause);
		free(cause);
		return;
	}
	server_client_page_fit(events, 0);
	page = server_client_reply(msg, "page");
	json_object_set_new(page, "incident", json_string(inc));
	json_object_set(page, "kinds", (json_t *)kinds);
	json_object_set_new(page, "events", events);
	json_object_set_new(page, "more", json_boolean(n == limit));
	server_client_send(c, page);
}

/* history {id, incident, before | after, limit} → page {id, incident,
 * events, more}: an older page for a terminal scrolling back, or a newer
 * one (after) for one scrolling forward again. With kinds: see
 * server_client_history_kinds. */
static void server_client_history(struct server_client *c, json_t *msg)
{
	const char *inc = json_string_value(json_object_get(msg, "incident"));
	json_t *before = json_object_get(msg, "before"), *page;
	json_t *after = json_object_get(msg, "after");
	char *cause = NULL;

	if (inc == NULL || *inc == '\0' || strlen(inc) > SR_MAX_NAME ||
	    !server_client_seq_ok(before) || !server_client_seq_ok(after)) {
		server_client_refuse(c, msg, PROTO_E_PROTO, "history needs an "
		    "incident (\"INC-7\" or \"*\") and before or after, a "
		    "sequence number (before 0: the newest events)");
		return;
	}
	if (json_object_get(msg, "kinds") != NULL) {
		server_client_history_kinds(c, msg, inc,
		    json_object_get(msg, "kinds"));
		return;
	}
	/* after, when present (even 0: from the start), wins over before. */
	page = server_client_back(c, msg, inc, json_integer_value(
	    after != NULL ? after : before), after != NULL,
	    server_client_limit(json_object_get(msg, "limit"), SERVER_PAGE),
	    &cause);
	if (page == NULL) {
		server_client_refuse(c, msg, PROTO_E_STORE, cause);
		free(cause);
		return;
	}
	server_client_send(c, page);
}

/* unsubscribe {}: no more events. */
static void server_client_unsubscribe(struct server_client *c, json_t *msg)
{
	free(c->sub);
	c->sub = NULL;
	json_decref(c->sub_id);
	c->sub_id = NULL;
	c->replaying = 0;
}

/* Take one submission from the client's bucket, which fills at max_rate a
 * second up to twice that; 0 when it was there, else the milliseconds
 * until it will be. */
static int64_t server_client_token(struct server_client *c)
{
	int64_t rate = c->srv->max_rate, full = 2 * rate * 1000;
	uint64_t now = uv_now(&c->srv->loop);

	c->tokens += (int64_t)(now - c->tokens_at) * rate;
	c->tokens_at = now;
	if (c->tokens > full)
		c->tokens = full;
	if (c->tokens >= 1000) {
		c->tokens -= 1000;
		return 0;
	}
	return (1000 - c->tokens + rate - 1) / rate;
}

/* Refuse a submission over the rate limit, saying when to retry. */
static void server_client_limited(struct server_client *c,
    struct server_sub *s, int64_t retry)
{
	s->result = SERVER_REFUSED;
	s->code = PROTO_E_LIMIT;
	s->retry_ms = retry;
	s->message = xasprintf("too many submissions: this connection may make "
	    "%" PRId64 " a second (%" PRId64 " at once); try again in %" PRId64
	    " ms", c->srv->max_rate, 2 * c->srv->max_rate, retry);
}

/* submit {event}: check the form and the rate now, the rules at the group
 * commit. */
static void server_client_submit(struct server_client *c, json_t *msg)
{
	json_t *obj = json_object_get(msg, "event");
	const char *uid = json_string_value(json_object_get(obj, "uid"));
	struct server_sub s;
	char *cause = NULL;
	int64_t retry;

	memset(&s, 0, sizeof s);
	s.c = c;
	if (uid != NULL && strlen(uid) <= SR_UID_LEN)
		memcpy(s.uid, uid, strlen(uid) + 1);
	if (c->access != SERVER_ACCESS_RW) {
		s.result = SERVER_REFUSED;
		s.code = PROTO_E_ACCESS;
		s.message = server_acl_observer_why(c);
	} else if ((retry = server_client_token(c)) > 0)
		server_client_limited(c, &s, retry);
	else if ((s.ev = event_from_json(obj, &cause)) == NULL) {
		s.result = SERVER_REFUSED;
		s.code = PROTO_E_INVALID;
		s.message = cause;
	} else {
		free(s.ev->actor);
		s.ev->actor = xstrdup(c->user);
		s.ev->seq = 0;
		s.ev->recorded_at = 0;
		memset(s.ev->hash, 0, sizeof s.ev->hash);
	}
	server_queue(c->srv, &s);
}

/* list {id, all} → list {id, incidents, more}: summaries of the open
 * incidents (all: closed ones too), newest first, as many as fit in a page;
 * more when older ones were left out. */
static void server_client_list(struct server_client *c, json_t *msg)
{
	const struct model *m = &c->srv->model;
	int all = json_is_true(json_object_get(msg, "all")), more = 0;
	json_t *reply = server_client_reply(msg, "list"), *a = json_array(), *o;
	size_t i, bytes = 0;

	for (i = m->nincidents; i > 0 && !more; i--) {
		if (m->incidents[i - 1] == NULL ||
		    (!all && m->incidents[i - 1]->status == ST_CLOSED) ||
		    !server_acl_visible(c, m->incidents[i - 1]))
			continue;
		o = model_incident_summary_json(m->incidents[i - 1]);
		bytes += json_dumpb(o, NULL, 0, JSON_COMPACT) + 1;
		if (bytes > SERVER_PAGE_BYTES) {
			json_decref(o);
			more = 1;
		} else
			json_array_append_new(a, o);
	}
	json_object_set_new(reply, "incidents", a);
	json_object_set_new(reply, "more", json_boolean(more));
	server_client_send(c, reply);
}

/* A search's hits, as the client sees them. */
struct server_client_hits {
	struct server_client *c;
	json_t *events;
	size_t limit;
};

/* Add one search hit to the page when the client sees its incident; stop
 * at the limit. */
static int server_client_search_cb(const struct event *ev, void *arg)
{
	struct server_client_hits *h = arg;

	if (server_acl_visible_ref(h->c, ev->incident))
		json_array_append_new(h->events, event_to_json(ev, 1));
	return json_array_size(h->events) >= h->limit;
}

/* search {id, query, incident?, limit?} → page {id, events}. */
static void server_client_search(struct server_client *c, json_t *msg)
{
	const char *q = json_string_value(json_object_get(msg, "query"));
	const char *inc = json_string_value(json_object_get(msg, "incident"));
	json_t *lim = json_object_get(msg, "limit"), *reply;
	json_int_t limit = SERVER_SEARCH_LIMIT;
	struct server_client_hits h = { c, NULL, 0 };
	char *cause = NULL;

	if (q == NULL || *q == '\0') {
		server_client_refuse(c, msg, PROTO_E_INVALID,
		    "search needs some words to look for");
		return;
	}
	if (json_is_integer(lim) && json_integer_value(lim) > 0)
		limit = json_integer_value(lim);
	if (limit > SERVER_SEARCH_MAX)
		limit = SERVER_SEARCH_MAX;
	/* Hits the client does not see are left out: ask for more, so a page
	 * is rarely short for that (an incident it does not see gives none,
	 * like one that does not exist, the query being checked the same). */
	h.events = json_array();
	h.limit = (size_t)limit;
	if (store_search(c->srv->st, q, inc, (size_t)limit *
	    SERVER_SEARCH_SPARE, server_client_search_cb, &h, &cause) < 0) {
		server_client_refuse(c, msg, PROTO_E_INVALID, cause);
		json_decref(h.events);
		free(cause);
		return;
	}
	reply = server_client_reply(msg, "page");
	json_object_set_new(reply, "events", h.events);
	server_client_send(c, reply);
}

/* ping {id} → pong {id}. */
static void server_client_ping(struct server_client *c, json_t *msg)
{
	server_client_send(c, server_client_reply(msg, "pong"));
}

/* shutdown {}: stop the server, for its own user or root only. */
static void server_client_shutdown(struct server_client *c, json_t *msg)
{
	char *m;

	if (!server_acl_owner(c->srv, c)) {
		m = xasprintf("only %s or root can stop this sitrep server",
		    c->srv->user);
		server_client_refuse(c, msg, PROTO_E_ACCESS, m);
		free(m);
		return;
	}
	m = xasprintf("kill-server from %s (pid %ld)", c->user, (long)c->pid);
	server_stop(c->srv, m);
	free(m);
}

/* The requests a welcomed client may send. */
static const struct server_client_handler server_client_handlers[] = {
	{ "subscribe", server_client_subscribe },
	{ "unsubscribe", server_client_unsubscribe },
	{ "submit", server_client_submit },
	{ "list", server_client_list },
	{ "search", server_client_search },
	{ "history", server_client_history },
	{ "ping", server_client_ping },
	{ "verify", server_verify_request },
	{ "who", server_presence_who },
	{ "attach", server_presence_attach },
	{ "export", server_export_request },
	{ "import", server_import_request },
	{ "shutdown", server_client_shutdown },
	{ NULL, NULL }
};

/* Handle one whole message. */
static void server_client_dispatch(struct server_client *c, json_t *msg)
{
	const struct server_client_handler *h;
	const char *type = proto_type(msg);
	char *m;

	if (!c->welcomed) {
		if (strcmp(type, "hello") == 0)
			server_client_hello(c, msg);
		else
			server_client_error(c, PROTO_E_PROTO, "the first "
			    "message must be hello", 1);
		return;
	}
	if (strcmp(type, "hello") == 0) {
		server_client_refuse(c, msg, PROTO_E_PROTO, "hello was already "
		    "said on this connection");
		return;
	}
	for (h = server_client_handlers; h->type != NULL; h++) {
		if (strcmp(type, h->type) == 0) {
			h->fn(c, msg);
			return;
		}
	}
	m = xasprintf("unknown message type \"%.64s\"", type);
	server_client_refuse(c, msg, PROTO_E_PROTO, m);
	free(m);
}

/* The stream is broken: say why (a size limit or a malformed frame). */
static void server_client_broken(struct server_client *c, const char *cause)
{
	const unsigned char *p = c->dec.buf + c->dec.off;
	uint32_t n = 0;

	if (c->dec.len - c->dec.off >= 4)
		n = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		    (uint32_t)p[2] << 8 | (uint32_t)p[3];
	server_client_error(c, n > c->dec.max ? PROTO_E_LIMIT : PROTO_E_PROTO,
	    cause, 1);
}

/* Take every whole message out of the decoder. */
static void server_client_drain(struct server_client *c)
{
	json_t *msg;
	char *cause = NULL;
	int r;

	while (!c->closing) {
		r = proto_decoder_next(&c->dec, &msg, &cause);
		if (r == 0)
			break;
		if (r < 0) {
			server_client_broken(c, cause);
			free(cause);
			return;
		}
		c->active = uv_now(&c->srv->loop);
		server_client_dispatch(c, msg);
		json_decref(msg);
	}
	if (c->dec.len == 0 && c->dec.cap > SERVER_DECODER_KEEP) {
		proto_decoder_free(&c->dec);
		proto_decoder_init(&c->dec);
	}
}

/* Hand libuv the server's one read buffer. */
static void server_client_alloc_cb(uv_handle_t *h, size_t size,
    uv_buf_t *buf)
{
	struct server_client *c = h->data;

	buf->base = c->srv->readbuf;
	buf->len = sizeof c->srv->readbuf;
}

/* Bytes (or the end) arrived from a client. */
static void server_client_read_cb(uv_stream_t *s, ssize_t nread,
    const uv_buf_t *buf)
{
	struct server_client *c = s->data;

	if (c->closing || nread == 0)
		return;
	if (nread < 0) {
		if (nread != UV_EOF)
			server_log(c->srv, "client %ld (%s): read: %s",
			    (long)c->pid, c->user, uv_strerror((int)nread));
		server_client_close(c, 0);
		return;
	}
	proto_decoder_feed(&c->dec, buf->base, (size_t)nread);
	server_client_drain(c);
}

/* Admit the peer or say why not; -1 when it was refused. */
static int server_client_admit(struct server_client *c)
{
	struct server *srv = c->srv;
	const char *code = PROTO_E_ACCESS;
	char *why = NULL;

	if (server_acl_peer(c, &why) != 0)
		c->user = xstrdup("?");
	else if (srv->nclients > srv->max_clients) {
		code = PROTO_E_LIMIT;
		why = xasprintf("this sitrep server already has %zu clients, "
		    "its limit; close some and try again", srv->max_clients);
	} else if (server_acl_check(srv, c, &why) == 0)
		return 0;
	server_client_error(c, code, why, 1);
	free(why);
	return -1;
}

/* Accept a connection, check who it is, start reading. */
void server_client_accept(struct server *srv)
{
	struct server_client *c = xcalloc(1, sizeof *c);
	int r;

	c->srv = srv;
	c->refs = 1;
	proto_decoder_init(&c->dec);
	uv_pipe_init(&srv->loop, &c->pipe, 0);
	c->pipe.data = c;
	c->active = c->tokens_at = uv_now(&srv->loop);
	c->tokens = 2 * srv->max_rate * 1000;
	TAILQ_INSERT_TAIL(&srv->clients, c, entry);
	srv->nclients++;
	if ((r = uv_accept((uv_stream_t *)&srv->listener,
	    (uv_stream_t *)&c->pipe)) != 0) {
		server_log(srv, "accept: %s", uv_strerror(r));
		server_client_close(c, 0);
		return;
	}
	if (server_client_admit(c) != 0)
		return;
	server_log(srv, "client %ld (%s) connected", (long)c->pid, c->user);
	r = uv_read_start((uv_stream_t *)&c->pipe, server_client_alloc_cb,
	    server_client_read_cb);
	if (r != 0) {
		server_log(srv, "read: %s", uv_strerror(r));
		server_client_close(c, 0);
	}
}
