/* server-verify.c: `sitrep verify` through the server, for people who may
 * not read the store file (a team server's store is its user's alone).
 *
 * The chain is recomputed on a thread of libuv's pool over a read-only
 * connection of its own (SQLite's WAL lets it read beside the writer), so
 * a long store never holds the loop up. The answer is told as the asker
 * sees the store: events of restricted incidents it does not see are not
 * counted, and a break is placed at the first event it sees from there
 * (none: the part it sees is intact), so no number betrays them.
 */
#include <stdlib.h>
#include <string.h>

#include "server-int.h"
#include "xmalloc.h"

/* One verification in flight. */
struct server_verify {
	uv_work_t req;
	struct server_client *c;   /* holds a reference */
	json_t *id;                /* the request's id, echoed */
	char *path;                /* the store */
	int result;                /* store_verify's: 0, 1 broken, -1 */
	int64_t bad;               /* first bad seq when broken */
	int64_t events;            /* events in the store */
	char *cause;               /* why it could not be done */
};

/* On the pool's thread: open the store read-only and recompute. */
static void server_verify_work(uv_work_t *req)
{
	struct server_verify *v = req->data;
	struct store *st;

	if (store_open_readonly(v->path, &st, &v->cause) != 0) {
		v->result = -1;
		return;
	}
	v->result = store_verify(st, &v->bad, &v->cause);
	v->events = store_last_seq(st);
	store_close(st);
}

/* Stop at the first event the client sees (its seq in *arg's second
 * slot). */
static int server_verify_seen_cb(const struct event *ev, void *arg)
{
	struct server_client *c = ((void **)arg)[0];
	int64_t *seq = ((void **)arg)[1];

	if (!server_acl_visible_ref(c, ev->incident))
		return 0;
	*seq = ev->seq;
	return 1;
}

/* The events of the incidents the client sees. */
static int64_t server_verify_count(struct server_client *c)
{
	const struct model *m = &c->srv->model;
	int64_t n = 0;
	size_t i;

	for (i = 0; i < m->nincidents; i++) {
		if (m->incidents[i] != NULL &&
		    server_acl_visible(c, m->incidents[i]))
			n += (int64_t)m->incidents[i]->nevents;
	}
	return n;
}

/* Tell the outcome as the client sees the store. */
static void server_verify_as_seen(struct server_verify *v)
{
	struct server_client *c = v->c;
	int64_t seen = 0;
	void *arg[2] = { c, &seen };
	char *cause = NULL;

	if (server_acl_owner(c->srv, c))
		return;
	v->events = server_verify_count(c);
	if (v->result != 1)
		return;
	if (store_scan(c->srv->st, NULL, v->bad - 1, 0, server_verify_seen_cb,
	    arg, &cause) < 0)
		free(cause);
	v->result = seen != 0;
	v->bad = seen;
}

/* Back on the loop: answer verified {id, ok, events, broken_at}, or an
 * error naming why it could not be done. */
static void server_verify_done(uv_work_t *req, int status)
{
	struct server_verify *v = req->data;
	struct server_client *c = v->c;
	json_t *msg;

	if (!c->dead && !c->closing && v->result < 0) {
		msg = proto_error(PROTO_E_STORE, v->cause != NULL ? v->cause :
		    "the store could not be verified");
		if (v->id != NULL)
			json_object_set(msg, "id", v->id);
		server_client_send(c, msg);
	} else if (!c->dead && !c->closing) {
		server_verify_as_seen(v);
		msg = proto_msg("verified");
		if (v->id != NULL)
			json_object_set(msg, "id", v->id);
		json_object_set_new(msg, "ok", json_boolean(v->result == 0));
		json_object_set_new(msg, "events", json_integer(v->events));
		if (v->result == 1)
			json_object_set_new(msg, "broken_at",
			    json_integer(v->bad));
		server_client_send(c, msg);
	}
	server_log(c->srv, "client %ld (%s): verify: %s", (long)c->pid,
	    c->user, v->result == 0 ? "intact" : v->result == 1 ? "broken" :
	    "failed");
	server_client_unref(c);
	json_decref(v->id);
	free(v->path);
	free(v->cause);
	free(v);
}

/* verify {id} → verified {id, ok, events, broken_at?}. */
void server_verify_request(struct server_client *c, json_t *msg)
{
	struct server_verify *v = xcalloc(1, sizeof *v);
	int r;

	v->req.data = v;
	v->c = c;
	v->id = json_incref(json_object_get(msg, "id"));
	v->path = xstrdup(store_path(c->srv->st));
	c->refs++;
	if ((r = uv_queue_work(&c->srv->loop, &v->req, server_verify_work,
	    server_verify_done)) != 0) {
		v->result = -1;
		v->cause = xasprintf("cannot start the verification: %s",
		    uv_strerror(r));
		server_verify_done(&v->req, r);
	}
}
