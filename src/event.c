/* event.c: events, their kinds, uids and JSON form. */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "text.h"
#include "xmalloc.h"

/* Name of a kind, from its descriptor. */
const char *event_kind_name(enum event_kind kind)
{
	const struct kind *k = kind_get(kind);

	return k != NULL ? k->name : "unknown";
}

/* Kind for a name, EV_UNKNOWN when it is not in the vocabulary. */
enum event_kind event_kind_parse(const char *name)
{
	return kind_parse(name);
}

/* Allocate an empty event of a kind. */
struct event *event_new(enum event_kind kind)
{
	struct event *ev = xcalloc(1, sizeof *ev);

	ev->kind = kind;
	ev->body = json_object();
	return ev;
}

/* Free an event and what it owns. */
void event_free(struct event *ev)
{
	if (ev == NULL)
		return;
	free(ev->incident);
	free(ev->actor);
	json_decref(ev->body);
	json_decref(ev->refs);
	json_decref(ev->tags);
	free(ev);
}

/* Deep copy of an event. */
struct event *event_copy(const struct event *ev)
{
	struct event *c = xmalloc(sizeof *c);

	*c = *ev;
	c->incident = ev->incident ? xstrdup(ev->incident) : NULL;
	c->actor = ev->actor ? xstrdup(ev->actor) : NULL;
	c->body = json_deep_copy(ev->body);
	c->refs = ev->refs ? json_deep_copy(ev->refs) : NULL;
	c->tags = ev->tags ? json_deep_copy(ev->tags) : NULL;
	return c;
}

/* Fill uid with 128 random bits in hex. */
void event_uid_new(char uid[SR_UID_LEN + 1])
{
	unsigned char raw[SR_UID_LEN / 2];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(uid, SR_UID_LEN + 1, raw, sizeof raw);
}

/* 1 when s is exactly 32 lower-case hex digits. */
int event_uid_valid(const char *s)
{
	size_t i;

	for (i = 0; i < SR_UID_LEN; i++) {
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	}
	return s[i] == '\0';
}

/* The full JSON form of an event. */
json_t *event_to_json(const struct event *ev, int with_hash)
{
	json_t *o = json_object();
	char hex[65];

	if (ev->seq != 0)
		json_object_set_new(o, "seq", json_integer(ev->seq));
	json_object_set_new(o, "uid", json_string(ev->uid));
	if (ev->incident != NULL)
		json_object_set_new(o, "incident", json_string(ev->incident));
	json_object_set_new(o, "kind", json_string(event_kind_name(ev->kind)));
	if (ev->actor != NULL)
		json_object_set_new(o, "actor", json_string(ev->actor));
	if (ev->occurred_at != 0)
		json_object_set_new(o, "occurred_at", json_integer(ev->occurred_at));
	if (ev->recorded_at != 0)
		json_object_set_new(o, "recorded_at", json_integer(ev->recorded_at));
	if (ev->target != 0)
		json_object_set_new(o, "target", json_integer(ev->target));
	json_object_set(o, "body", ev->body);
	if (ev->refs != NULL)
		json_object_set(o, "refs", ev->refs);
	if (ev->tags != NULL)
		json_object_set(o, "tags", ev->tags);
	if (with_hash) {
		sodium_bin2hex(hex, sizeof hex, ev->hash, sizeof ev->hash);
		json_object_set_new(o, "hash", json_string(hex));
	}
	return o;
}

/* Check that every string inside v is within the text limit. */
static int event_check_strings(const json_t *v, const char *field, char **cause)
{
	const char *key;
	json_t *item;
	size_t i;

	if (json_is_string(v) && json_string_length(v) > SR_MAX_TEXT) {
		*cause = xasprintf("the %s text is %zu bytes; the limit is %d: "
		    "split it into several entries", field, json_string_length(v),
		    SR_MAX_TEXT);
		return -1;
	}
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, item) {
			if (event_check_strings(item, key, cause) != 0)
				return -1;
		}
	}
	if (json_is_array(v)) {
		json_array_foreach(v, i, item) {
			if (event_check_strings(item, field, cause) != 0)
				return -1;
		}
	}
	return 0;
}

/* Read a refs/tags array: strings of at most SR_MAX_NAME bytes. */
static int event_read_names(const json_t *obj, const char *field, json_t **out,
    char **cause)
{
	json_t *a = json_object_get(obj, field), *item;
	size_t i;

	*out = NULL;
	if (a == NULL || json_is_null(a))
		return 0;
	if (!json_is_array(a) || json_array_size(a) > SR_MAX_REFS) {
		*cause = xasprintf("%s must be a list of at most %d names", field,
		    SR_MAX_REFS);
		return -1;
	}
	json_array_foreach(a, i, item) {
		if (!json_is_string(item) || json_string_length(item) == 0 ||
		    json_string_length(item) > SR_MAX_NAME) {
			*cause = xasprintf("each of %s must be a name of 1 to %d "
			    "bytes", field, SR_MAX_NAME);
			return -1;
		}
	}
	*out = json_deep_copy(a);
	return 0;
}

/* Read an optional integer field; -1 when present but not an integer. */
static int event_read_int(const json_t *obj, const char *field, int64_t *out,
    char **cause)
{
	json_t *v = json_object_get(obj, field);

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v)) {
		*cause = xasprintf("%s must be an integer", field);
		return -1;
	}
	*out = json_integer_value(v);
	return 0;
}

/* Read an optional string field into *out (copied). */
static int event_read_str(const json_t *obj, const char *field, char **out,
    size_t max, char **cause)
{
	json_t *v = json_object_get(obj, field);

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v) || json_string_length(v) > max) {
		*cause = xasprintf("%s must be a string of at most %zu bytes",
		    field, max);
		return -1;
	}
	*out = xstrdup(json_string_value(v));
	return 0;
}

/* Read the hex chain hash when present. */
static int event_read_hash(const json_t *obj, struct event *ev, char **cause)
{
	const char *hex = json_string_value(json_object_get(obj, "hash"));
	size_t n = 0;

	if (hex == NULL)
		return 0;
	if (sodium_hex2bin(ev->hash, sizeof ev->hash, hex, strlen(hex), NULL,
	    &n, NULL) != 0 || n != sizeof ev->hash) {
		*cause = xstrdup("hash must be 64 hex digits");
		return -1;
	}
	return 0;
}

/* Parse the JSON form of an event. */
struct event *event_from_json(const json_t *obj, char **cause)
{
	const char *uid, *kind;
	json_t *body;
	struct event *ev;

	if (!json_is_object(obj)) {
		*cause = xstrdup("an event must be a JSON object");
		return NULL;
	}
	uid = json_string_value(json_object_get(obj, "uid"));
	if (uid == NULL || !event_uid_valid(uid)) {
		*cause = xstrdup("uid must be 32 lower-case hex digits");
		return NULL;
	}
	kind = json_string_value(json_object_get(obj, "kind"));
	if (kind == NULL || event_kind_parse(kind) == EV_UNKNOWN) {
		*cause = xasprintf("unknown event kind \"%s\"; see sitrep(1) for "
		    "the kinds", kind ? kind : "");
		return NULL;
	}
	body = json_object_get(obj, "body");
	if (body != NULL && !json_is_object(body)) {
		*cause = xstrdup("body must be a JSON object");
		return NULL;
	}
	if (body != NULL && event_check_strings(body, "body", cause) != 0)
		return NULL;
	ev = event_new(event_kind_parse(kind));
	memcpy(ev->uid, uid, SR_UID_LEN + 1);
	if (body != NULL) {
		json_decref(ev->body);
		ev->body = json_deep_copy(body);
	}
	if (event_read_str(obj, "incident", &ev->incident, SR_MAX_NAME, cause) ||
	    event_read_str(obj, "actor", &ev->actor, SR_MAX_NAME, cause) ||
	    event_read_int(obj, "seq", &ev->seq, cause) ||
	    event_read_int(obj, "occurred_at", &ev->occurred_at, cause) ||
	    event_read_int(obj, "recorded_at", &ev->recorded_at, cause) ||
	    event_read_int(obj, "target", &ev->target, cause) ||
	    event_read_names(obj, "refs", &ev->refs, cause) ||
	    event_read_names(obj, "tags", &ev->tags, cause) ||
	    event_read_hash(obj, ev, cause)) {
		event_free(ev);
		return NULL;
	}
	return ev;
}

/* Order events by when they happened, ties by seq (for qsort). */
int event_cmp_by_time(const void *a, const void *b)
{
	const struct event *x = *(const struct event *const *)a;
	const struct event *y = *(const struct event *const *)b;

	if (x->occurred_at != y->occurred_at)
		return x->occurred_at < y->occurred_at ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* A string field of the body, or NULL. */
const char *event_str(const struct event *ev, const char *field)
{
	return json_string_value(json_object_get(ev->body, field));
}

/* An integer field of the body, or 0. */
int64_t event_int(const struct event *ev, const char *field)
{
	return json_integer_value(json_object_get(ev->body, field));
}
