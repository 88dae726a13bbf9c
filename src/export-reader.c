/* export-reader.c: a JSON export read back (sitrep-export(5)): its head,
 * then its events one at a time from a buffer of any layout (events must
 * be the last member), so a million events never sit in memory at once.
 * Each event must be of the incident, in seq order, its declaration
 * first; what is wrong is named with the event's place in the file. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "xmalloc.h"

/* Skip white space in the file. */
static void export_reader_ws(struct export_reader *r)
{
	while (r->off < r->len && strchr(" \t\r\n", r->buf[r->off]) != NULL &&
	    r->buf[r->off] != '\0')
		r->off++;
}

/* 1 and past it when the next byte (after white space) is c. */
static int export_reader_eat(struct export_reader *r, char c)
{
	export_reader_ws(r);
	if (r->off < r->len && r->buf[r->off] == c) {
		r->off++;
		return 1;
	}
	return 0;
}

/* One JSON value at the current position (new reference), or NULL and
 * *cause. */
static json_t *export_reader_value(struct export_reader *r, char **cause)
{
	json_error_t err;
	json_t *v;

	export_reader_ws(r);
	v = json_loadb(r->buf + r->off, r->len - r->off, JSON_DECODE_ANY |
	    JSON_DISABLE_EOF_CHECK | JSON_REJECT_DUPLICATES, &err);
	if (v == NULL) {
		*cause = xasprintf("the file is not valid JSON at byte %zu: %s",
		    r->off + (size_t)err.position, err.text);
		return NULL;
	}
	r->off += (size_t)err.position;
	return v;
}

/* Read one member "key": value of the head into r->head; 1 when the key
 * is events (the value is left to export_reader_next), 0 for another
 * member, -1 on error. */
static int export_reader_member(struct export_reader *r, char **cause)
{
	json_t *key = export_reader_value(r, cause), *v;
	const char *k = json_string_value(key);
	int rc = -1;

	if (key == NULL)
		return -1;
	if (k == NULL || !export_reader_eat(r, ':'))
		*cause = xasprintf("the file is not a JSON object of members "
		    "at byte %zu", r->off);
	else if (strcmp(k, "events") == 0)
		rc = export_reader_eat(r, '[') ? 1 : (*cause = xstrdup("events "
		    "must be a list"), -1);
	else if (json_object_get(r->head, k) != NULL)
		*cause = xasprintf("the member \"%s\" appears twice", k);
	else if ((v = export_reader_value(r, cause)) != NULL) {
		json_object_set_new(r->head, k, v);
		rc = export_reader_eat(r, ',') ? 0 : (*cause = xstrdup("events "
		    "must be the last member of the file"), -1);
	}
	json_decref(key);
	return rc;
}

/* Check the head: a sitrep export of a version this program reads. */
static int export_reader_check(struct export_reader *r, char **cause)
{
	const char *format = json_string_value(json_object_get(r->head,
	    "format"));
	json_t *version = json_object_get(r->head, "version");
	json_t *inc = json_object_get(r->head, "incident");
	json_t *chain = json_object_get(r->head, "chain");

	if (format == NULL || strcmp(format, EXPORT_JSON_FORMAT) != 0)
		*cause = xstrdup("this is not a sitrep export: its format is "
		    "not \"" EXPORT_JSON_FORMAT "\"");
	else if (!json_is_integer(version) || json_integer_value(version) < 1)
		*cause = xstrdup("the export has no version number");
	else if (json_integer_value(version) > EXPORT_JSON_VERSION)
		*cause = xasprintf("the export is of version %"
		    JSON_INTEGER_FORMAT "; this sitrep reads version %d: use "
		    "a newer sitrep",
		    json_integer_value(version), EXPORT_JSON_VERSION);
	else if (!json_is_object(inc) || (r->ref = json_string_value(
	    json_object_get(inc, "ref"))) == NULL || strncmp(r->ref, "INC-",
	    4) != 0 || r->ref[4] < '1' || r->ref[4] > '9' ||
	    strspn(r->ref + 4, "0123456789") != strlen(r->ref + 4) ||
	    strlen(r->ref) > 14)
		*cause = xstrdup("the export has no incident.ref such as "
		    "INC-3");
	else if (!json_is_object(chain) ||
	    !json_is_array(json_object_get(chain, "previous")))
		*cause = xstrdup("the export has no chain.previous list");
	else
		return 0;
	return -1;
}

/* Read the head, up to the first event. */
int export_reader_open(struct export_reader *r, const char *buf, size_t len,
    char **cause)
{
	int rc;

	memset(r, 0, sizeof *r);
	r->buf = buf;
	r->len = len;
	r->head = json_object();
	if (!export_reader_eat(r, '{')) {
		*cause = xstrdup("this is not a sitrep export: not a JSON "
		    "object");
		return -1;
	}
	while ((rc = export_reader_member(r, cause)) == 0)
		;
	if (rc < 0 || export_reader_check(r, cause) != 0) {
		export_reader_close(r);
		return -1;
	}
	return 0;
}

/* Forget the head. */
void export_reader_close(struct export_reader *r)
{
	json_decref(r->head);
	r->head = NULL;
}

/* After the last event: "]", "}" and nothing more. */
static int export_reader_end(struct export_reader *r, char **cause)
{
	r->done = 1;
	if (r->n == 0) {
		*cause = xstrdup("the export has no events");
		return -1;
	}
	if (!export_reader_eat(r, '}')) {
		*cause = xstrdup("events must be the last member of the file");
		return -1;
	}
	export_reader_ws(r);
	if (r->off != r->len) {
		*cause = xasprintf("there is more after the end of the export, "
		    "at byte %zu", r->off);
		return -1;
	}
	return 0;
}

/* Check an event read: of the incident, in seq order, with what the store
 * set (seq, actor, recorded_at), a declaration first. */
static int export_reader_event(struct export_reader *r,
    const struct event *ev, char **cause)
{
	if (ev->incident == NULL || strcmp(ev->incident, r->ref) != 0)
		*cause = xasprintf("it belongs to %s, not %s", ev->incident ?
		    ev->incident : "no incident", r->ref);
	else if (ev->seq <= r->last_seq)
		*cause = xasprintf("its seq %" PRId64 " does not come after %"
		    PRId64, ev->seq, r->last_seq);
	else if (ev->actor == NULL || ev->recorded_at == 0)
		*cause = xstrdup("it has no actor or recorded_at");
	else if ((r->n == 0) != (ev->kind == EV_DECLARE))
		*cause = xstrdup(r->n == 0 ? "the first event must declare "
		    "the incident" : "only the first event may declare the "
		    "incident");
	else
		return 0;
	return -1;
}

/* Read the next event. */
int export_reader_next(struct export_reader *r, struct event **ev,
    json_t **obj, char **cause)
{
	char *why = NULL;

	*ev = NULL;
	*obj = NULL;
	if (r->done)
		return 0;
	if (export_reader_eat(r, ']'))
		return export_reader_end(r, cause) == 0 ? 0 : -1;
	if (r->n > 0 && !export_reader_eat(r, ',')) {
		*cause = xasprintf("event %zu of the file: a comma or ] is "
		    "missing at byte %zu", r->n + 1, r->off);
		return -1;
	}
	if ((*obj = export_reader_value(r, &why)) == NULL ||
	    (*ev = event_from_json(*obj, &why)) == NULL ||
	    export_reader_event(r, *ev, &why) != 0) {
		*cause = xasprintf("event %zu of the file: %s", r->n + 1, why);
		free(why);
		json_decref(*obj);
		event_free(*ev);
		*obj = NULL;
		*ev = NULL;
		return -1;
	}
	r->n++;
	r->last_seq = (*ev)->seq;
	return 1;
}
