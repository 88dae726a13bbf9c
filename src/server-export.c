/* server-export.c: the export request, an incident's record in pages for
 * `sitrep export --format json` (see proto.h).
 *
 * part "chain": where the incident's events join the store's hash chain
 * (the hash of the event before each one that does not follow its own
 * event before it), with the incident's summary on the first page.
 * part "events": the events, a page at a time, their JSON built from the
 * stored columns without parsing them (store_scan_text) and put into the
 * page's frame as it is, so a million events export without jansson
 * parsing or escaping anything on this side; the client asks for the next
 * page after the last seq it got.
 */
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "server-int.h"
#include "xmalloc.h"

#define SERVER_EXPORT_EVENTS 4096      /* events of one page at most */
#define SERVER_EXPORT_BYTES (512 * 1024) /* JSON of one page, about: an
                                        * event is far less than the rest of
                                        * SR_MAX_FRAME */
#define SERVER_EXPORT_JOINS 4096       /* joins of one chain page */

/* A page of event lines being gathered. */
struct server_export_page {
	char *text;
	size_t len;
	size_t cap;
	int64_t last;
	int64_t upto;   /* the last seq asked for (0: no bound) */
	size_t count;
	int full;
};

/* Add one event line to the page; stop when the page is full. */
static int server_export_line(const char *json, size_t n, int64_t seq,
    void *arg)
{
	struct server_export_page *p = arg;

	if (p->upto != 0 && seq > p->upto)
		return 1;
	if (p->len + n + 3 > p->cap) {
		p->cap = (p->len + n + 3) * 2;
		p->text = xreallocarray(p->text, 1, p->cap);
	}
	/* One event a line: a reader may split the page without parsing it
	 * (export-page.h); the JSON is the same to any other. */
	if (p->len > 0) {
		p->text[p->len++] = ',';
		p->text[p->len++] = '\n';
	}
	memcpy(p->text + p->len, json, n);
	p->len += n;
	p->last = seq;
	p->count++;
	if (p->len < SERVER_EXPORT_BYTES)
		return 0;
	p->full = 1;
	return 1;
}

/* Add one join {seq, hash} to the list. */
static void server_export_join(int64_t seq, const unsigned char prev[32],
    void *arg)
{
	json_array_append_new(arg, export_chain_join_json(seq, prev));
}

/* The reply to an export request, with its id, incident and part. */
static json_t *server_export_reply(const json_t *req, const char *inc,
    const char *part)
{
	json_t *msg = server_client_reply(req, "export");

	json_object_set_new(msg, "incident", json_string(inc));
	json_object_set_new(msg, "part", json_string(part));
	return msg;
}

/* part chain: a page of joins; the first (upto 0) also has the summary
 * and the incident's last seq, up to which every page then reads. */
static void server_export_chain(struct server_client *c, const json_t *req,
    const struct model_incident *inc, int64_t after, int64_t upto)
{
	json_t *joins = json_array(), *msg;
	char *cause = NULL;
	int64_t last;
	long n;

	if (upto == 0)
		upto = inc->last_seq;
	n = store_scan_joins(c->srv->st, inc->ref, after, upto,
	    SERVER_EXPORT_JOINS, server_export_join, joins, &last, &cause);
	if (n < 0) {
		json_decref(joins);
		server_client_refuse(c, req, PROTO_E_STORE, cause);
		free(cause);
		return;
	}
	msg = server_export_reply(req, inc->ref, "chain");
	if (after == 0) {
		json_object_set_new(msg, "summary",
		    model_incident_summary_json(inc));
		json_object_set_new(msg, "db", json_string(store_path(
		    c->srv->st)));
	}
	json_object_set_new(msg, "upto", json_integer(upto));
	json_object_set_new(msg, "previous", joins);
	json_object_set_new(msg, "last", json_integer(last));
	json_object_set_new(msg, "more", json_boolean(n ==
	    SERVER_EXPORT_JOINS));
	server_client_send(c, msg);
}

/* Send msg with "events": [the page's events] added, as one frame built
 * here around the events' JSON. */
static void server_export_send(struct server_client *c, json_t *msg,
    const struct server_export_page *p)
{
	static const char key[] = ",\"events\":[";
	struct server_buf *b = xmalloc(sizeof *b);
	char *head = json_dumps(msg, JSON_COMPACT);
	size_t hl = strlen(head) - 1, n = hl + strlen(key) + p->len + 2, at;

	json_decref(msg);
	b->refs = 1;
	b->len = 4 + n;
	b->data = xmalloc(b->len);
	b->data[0] = (unsigned char)(n >> 24);
	b->data[1] = (unsigned char)(n >> 16);
	b->data[2] = (unsigned char)(n >> 8);
	b->data[3] = (unsigned char)n;
	memcpy(b->data + 4, head, hl);
	at = 4 + hl;
	memcpy(b->data + at, key, strlen(key));
	at += strlen(key);
	memcpy(b->data + at, p->text != NULL ? p->text : "", p->len);
	memcpy(b->data + at + p->len, "]}", 2);
	free(head);
	server_client_write(c, b);
	server_buf_unref(b);
}

/* part events: a page of events. */
static void server_export_events(struct server_client *c, const json_t *req,
    const struct model_incident *inc, int64_t after, int64_t upto)
{
	struct server_export_page p;
	char *cause = NULL;
	json_t *msg;
	long n;

	memset(&p, 0, sizeof p);
	p.last = after;
	p.upto = upto;
	n = store_scan_text(c->srv->st, inc->ref, after, SERVER_EXPORT_EVENTS,
	    server_export_line, &p, &cause);
	if (n < 0) {
		free(p.text);
		server_client_refuse(c, req, PROTO_E_STORE, cause);
		free(cause);
		return;
	}
	msg = server_export_reply(req, inc->ref, "events");
	json_object_set_new(msg, "count", json_integer((json_int_t)p.count));
	json_object_set_new(msg, "last", json_integer(p.last));
	json_object_set_new(msg, "more", json_boolean(p.full ||
	    (n == SERVER_EXPORT_EVENTS && (upto == 0 || p.last < upto))));
	server_export_send(c, msg, &p);
	free(p.text);
}

/* export {id, incident, part, after, upto}: one page of the incident's
 * chain joins or of its events. */
void server_export_request(struct server_client *c, json_t *msg)
{
	const char *ref = json_string_value(json_object_get(msg, "incident"));
	const char *part = json_string_value(json_object_get(msg, "part"));
	json_t *after = json_object_get(msg, "after");
	json_t *upto = json_object_get(msg, "upto");
	const struct model_incident *inc;
	char *m;

	if (ref == NULL || part == NULL || (strcmp(part, "chain") != 0 &&
	    strcmp(part, "events") != 0) || !server_client_seq_ok(after) ||
	    !server_client_seq_ok(upto)) {
		server_client_refuse(c, msg, PROTO_E_PROTO, "export needs an "
		    "incident, a part (\"chain\" or \"events\") and after, a "
		    "sequence number");
		return;
	}
	/* A restricted incident the client may not see does not exist for
	 * it, as for history and subscribe (server-acl.c). */
	if ((inc = server_fold_need(c->srv, ref)) == NULL ||
	    !server_acl_visible(c, inc)) {
		m = xasprintf("there is no incident %.64s; `sitrep ls --all` "
		    "lists them", ref);
		server_client_refuse(c, msg, PROTO_E_INVALID, m);
		free(m);
		return;
	}
	if (strcmp(part, "chain") == 0)
		server_export_chain(c, msg, inc, json_integer_value(after),
		    json_integer_value(upto));
	else
		server_export_events(c, msg, inc, json_integer_value(after),
		    json_integer_value(upto));
}
