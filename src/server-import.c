/* server-import.c: the import request, an exported incident appended to
 * this store (see proto.h and sitrep-export(5)).
 *
 * Only the server's own user or root may import: an imported event keeps
 * the author, the times and the uid it was recorded with in the store it
 * was exported from, and that person already owns this store's file. No
 * other client ever chooses the author of an event; a new event's author
 * is always the connection's user (server-client.c).
 *
 * The events come in batches of one connection, the first batch flagged.
 * Each batch is checked before anything of it is stored: every event's
 * hash against its content and the hash before it (the export's chain),
 * then, event by event, the same rules as any submission, against the
 * state folded so far. The batch is appended in one transaction. The
 * import renumbers what this store decides: the incident (its reference
 * is kept unless this store has an incident of that number), seq (and so
 * the chain hash), the target of corrections and annotations, and the
 * entries a factor names. An event whose uid is stored already is not
 * stored again: running an interrupted import again completes it.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "rules.h"
#include "server-int.h"
#include "xmalloc.h"

#define SERVER_IMPORT_MAX 4096 /* events in one batch at most */

/* One connection's import: the incident's reference in the file and here,
 * and the seq each imported event had there and has here (in order). */
struct server_import {
	char *from;
	char *to;
	int resume;      /* its declaration was stored: look each uid up */
	int64_t *old;
	int64_t *now;
	size_t n;
	size_t cap;
};

/* A batch being imported. */
struct server_import_batch {
	struct server_client *c;
	struct server_import *imp;
	struct event **evs;
	size_t n;
	size_t stored;
	size_t skipped;
	char *why;        /* the refusal */
	const char *code;
};

/* Forget an import. */
void server_import_free(struct server_import *imp)
{
	if (imp == NULL)
		return;
	free(imp->from);
	free(imp->to);
	free(imp->old);
	free(imp->now);
	free(imp);
}

/* Remember that the event old in the file is now here. */
static void server_import_map(struct server_import *imp, int64_t old,
    int64_t now)
{
	if (imp->n == imp->cap) {
		imp->cap = imp->cap ? imp->cap * 2 : 1024;
		imp->old = xreallocarray(imp->old, imp->cap, sizeof *imp->old);
		imp->now = xreallocarray(imp->now, imp->cap, sizeof *imp->now);
	}
	imp->old[imp->n] = old;
	imp->now[imp->n++] = now;
}

/* The seq here of the event old in the file, or 0. */
static int64_t server_import_seq(const struct server_import *imp,
    int64_t old)
{
	size_t at;

	return export_chain_find(imp->old, imp->n, old, &at) ? imp->now[at] : 0;
}

/* Refuse the batch with a sentence about the event ev (may be NULL). */
static int server_import_refuse(struct server_import_batch *b,
    const char *code, const struct event *ev, const char *why)
{
	free(b->why);
	if (ev != NULL)
		b->why = xasprintf("event #%" PRId64 " (%s) of the file: %s",
		    ev->seq, event_kind_name(ev->kind), why);
	else
		b->why = xstrdup(why);
	b->code = code;
	return -1;
}

/* The reference the incident gets here: that of the incident its
 * declaration (uid) is already in (*resume set), else its own when this
 * store has no incident of that number, else the next number. */
static char *server_import_ref(struct server *srv, const struct event *decl,
    int *resume, char **cause)
{
	const struct model *m = &srv->model;
	int64_t seq;
	size_t i;
	int r;

	if ((r = store_find_uid(srv->st, decl->uid, &seq, cause)) < 0)
		return NULL;
	*resume = r == 1;
	for (i = 0; r == 1 && i < m->nincidents; i++) {
		if (m->incidents[i]->first_seq == seq)
			return xstrdup(m->incidents[i]->ref);
	}
	if (model_find(m, decl->incident) == NULL)
		return xstrdup(decl->incident);
	return xasprintf("INC-%d", m->max_number + 1);
}

/* Start an import: the first batch begins with the declaration. */
static int server_import_start(struct server_import_batch *b,
    const char *from)
{
	struct server_client *c = b->c;
	char *cause = NULL, *to;
	int resume = 0;

	if (b->n == 0 || b->evs[0]->kind != EV_DECLARE)
		return server_import_refuse(b, PROTO_E_INVALID, NULL, "an "
		    "import begins with the incident's declaration");
	if ((to = server_import_ref(c->srv, b->evs[0], &resume,
	    &cause)) == NULL) {
		server_import_refuse(b, PROTO_E_STORE, NULL, cause);
		free(cause);
		return -1;
	}
	server_import_free(c->imp);
	c->imp = xcalloc(1, sizeof *c->imp);
	c->imp->from = xstrdup(from);
	c->imp->to = to;
	c->imp->resume = resume;
	return 0;
}

/* Read the batch's events and check each against the export's chain. */
static int server_import_read(struct server_import_batch *b,
    const json_t *events, const json_t *previous, const char *from)
{
	struct export_chain chain;
	json_t *obj;
	char *cause = NULL;
	size_t i;
	int rc = 0;

	if (export_chain_init(&chain, previous, &cause) != 0) {
		server_import_refuse(b, PROTO_E_INVALID, NULL, cause);
		free(cause);
		return -1;
	}
	b->evs = xcalloc(json_array_size(events) + 1, sizeof *b->evs);
	json_array_foreach(events, i, obj) {
		if ((b->evs[b->n] = event_from_json(obj, &cause)) == NULL) {
			rc = server_import_refuse(b, PROTO_E_INVALID, NULL,
			    cause);
			break;
		}
		b->n++;
		if (strcmp(b->evs[b->n - 1]->incident, from) != 0)
			rc = server_import_refuse(b, PROTO_E_INVALID,
			    b->evs[b->n - 1], "it belongs to another incident");
		else if (export_chain_check(&chain, b->evs[b->n - 1],
		    &cause) != 0)
			rc = server_import_refuse(b, PROTO_E_INVALID, NULL,
			    cause);
		if (rc != 0)
			break;
	}
	free(cause);
	export_chain_free(&chain);
	return rc;
}

/* Renumber the seqs a body names that the import moved: a factor's
 * entries, and the parked thought a factor or follow-up came from. */
static void server_import_body(const struct server_import *imp,
    struct event *ev)
{
	json_t *entries = json_object_get(ev->body, "entries"), *item;
	json_t *park = json_object_get(ev->body, "from_park");
	int64_t now;
	size_t i;

	json_array_foreach(entries, i, item) {
		if (json_is_integer(item) && (now = server_import_seq(imp,
		    json_integer_value(item))) != 0)
			json_integer_set(item, now);
	}
	if (json_is_integer(park) && (now = server_import_seq(imp,
	    json_integer_value(park))) != 0)
		json_integer_set(park, now);
}

/* Make ev an event of this store: its incident here, its target and the
 * events its body names renumbered, no seq yet (author and times stay). */
static int server_import_renumber(struct server_import_batch *b,
    struct event *ev)
{
	const struct server_import *imp = b->imp;
	int64_t target = ev->target;

	if (target != 0 && (ev->target = server_import_seq(imp, target)) == 0)
		return server_import_refuse(b, PROTO_E_INVALID, ev, "it points "
		    "at an event that is not part of the import");
	server_import_body(imp, ev);
	free(ev->incident);
	ev->incident = xstrdup(imp->to);
	ev->seq = 0;
	return 0;
}

/* Check the batch's event i by the rules and append it; one whose uid is
 * stored already (only an import completed again can have such) is
 * dropped from the batch instead. -1 with the refusal in b, or with *cause
 * when the store fails. */
static int server_import_one(struct server_import_batch *b, size_t i,
    char **cause)
{
	struct server *srv = b->c->srv;
	struct event *ev = b->evs[i];
	int64_t old = ev->seq, seq;
	const char *field = NULL;
	char *why = NULL;
	int r = 0;

	if (b->imp->resume &&
	    (r = store_find_uid(srv->st, ev->uid, &seq, cause)) < 0)
		return -1;
	if (r == 1) {
		server_import_map(b->imp, old, seq);
		b->skipped++;
		event_free(ev);
		b->evs[i] = NULL;
		return 0;
	}
	if (server_import_renumber(b, ev) != 0)
		return -1;
	/* The incident's whole state, and that of the one its target is
	 * in, before the rules look at them (server-fold.c). */
	server_fold_need(srv, ev->incident);
	server_fold_target(srv, ev);
	if (rules_check(&srv->model, ev, NULL, &why, &field) != 0) {
		ev->seq = old;
		server_import_refuse(b, PROTO_E_RULE, ev, why);
		free(why);
		return -1;
	}
	free(ev->incident);
	ev->incident = xstrdup(b->imp->to);
	if (store_append(srv->st, ev, cause) != 0)
		return -1;
	server_fold_apply(srv, ev);
	server_import_map(b->imp, old, ev->seq);
	b->stored++;
	return 0;
}

/* Append the batch in one transaction; on any failure nothing of it stays
 * (the fold is rebuilt from the store). */
static int server_import_append(struct server_import_batch *b)
{
	struct server *srv = b->c->srv;
	size_t i, mapped = b->imp->n;
	char *cause = NULL;

	if (store_begin(srv->st, &cause) != 0)
		goto fail;
	for (i = 0; i < b->n; i++) {
		if (server_import_one(b, i, &cause) != 0)
			goto fail;
	}
	if (store_commit(srv->st, &cause) == 0)
		return 0;
fail:
	store_rollback(srv->st);
	server_fold_reload(srv);
	if (cause != NULL)
		server_import_refuse(b, PROTO_E_STORE, NULL, cause);
	free(cause);
	b->imp->n = mapped;
	return -1;
}

/* The batch is stored: answer, then send its events to subscribers. */
static void server_import_done(struct server_import_batch *b,
    const json_t *req)
{
	struct server *srv = b->c->srv;
	json_t *msg = server_client_reply(req, "imported");
	size_t i;

	json_object_set_new(msg, "incident", json_string(b->imp->to));
	json_object_set_new(msg, "stored", json_integer((json_int_t)b->stored));
	json_object_set_new(msg, "skipped", json_integer(
	    (json_int_t)b->skipped));
	json_object_set_new(msg, "last", json_integer(store_last_seq(srv->st)));
	server_client_send(b->c, msg);
	server_log(srv, "import: %zu events into %s (%zu there already), last "
	    "seq %lld", b->stored, b->imp->to, b->skipped,
	    (long long)store_last_seq(srv->st));
	for (i = 0; i < b->n; i++) {
		if (b->evs[i] != NULL)
			server_broadcast(srv, b->evs[i]);
	}
}

/* Who may import, and is the store writable? 0, or the refusal sent. */
static int server_import_allowed(struct server_client *c, const json_t *req)
{
	struct server *srv = c->srv;
	char *m;

	if (!server_acl_owner(srv, c)) {
		m = xasprintf("only %s%s can import into this store: an import "
		    "keeps each event's author, which no other user may set",
		    srv->user, strcmp(srv->user, "root") == 0 ? "" :
		    " or root");
		server_client_refuse(c, req, PROTO_E_RULE, m);
		free(m);
		return -1;
	}
	if (srv->store_ro != NULL) {
		server_client_refuse(c, req, PROTO_E_STORE, srv->store_ro);
		return -1;
	}
	return 0;
}

/* Check the request's form: 0, or the refusal sent. */
static int server_import_form(struct server_client *c, const json_t *req)
{
	const char *from = json_string_value(json_object_get(req, "incident"));
	json_t *events = json_object_get(req, "events");
	const char *first = json_is_true(json_object_get(req, "first")) ? "" :
	    NULL;

	if (from == NULL || !json_is_array(events) ||
	    json_array_size(events) == 0 ||
	    json_array_size(events) > SERVER_IMPORT_MAX ||
	    !json_is_array(json_object_get(req, "previous"))) {
		server_client_refuse(c, req, PROTO_E_PROTO, "import needs the "
		    "incident's reference in the file, 1 to 4096 events and "
		    "their chain joins (previous)");
		return -1;
	}
	if (first == NULL && (c->imp == NULL ||
	    strcmp(c->imp->from, from) != 0)) {
		server_client_refuse(c, req, PROTO_E_PROTO, "an import's first "
		    "batch says first: true");
		return -1;
	}
	return 0;
}

/* import {id, incident, first, events, previous} → imported {id, incident,
 * stored, skipped, last}, or an error naming the event refused. */
void server_import_request(struct server_client *c, json_t *msg)
{
	const char *from = json_string_value(json_object_get(msg, "incident"));
	struct server_import_batch b;
	size_t i;

	if (server_import_allowed(c, msg) != 0 ||
	    server_import_form(c, msg) != 0)
		return;
	memset(&b, 0, sizeof b);
	b.c = c;
	if (server_import_read(&b, json_object_get(msg, "events"),
	    json_object_get(msg, "previous"), from) == 0 &&
	    (!json_is_true(json_object_get(msg, "first")) ||
	    server_import_start(&b, from) == 0)) {
		b.imp = c->imp;
		if (server_import_append(&b) == 0)
			server_import_done(&b, msg);
	}
	if (b.why != NULL)
		server_client_refuse(c, msg, b.code, b.why);
	for (i = 0; i < b.n; i++)
		event_free(b.evs[i]);
	free(b.evs);
	free(b.why);
}
