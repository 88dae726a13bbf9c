/* cmd-print.c: events written for people, every stored string sanitized. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "sitrep.h"
#include "text.h"
#include "when.h"
#include "xmalloc.h"

/* Sanitized single-line copy of s (NULL as ""). */
char *cmd_print_safe(const char *s)
{
	return text_sanitize(s != NULL ? s : "", text_locale_flags());
}

/* The marker and text of an event in its kind's words, sanitized; inc
 * (may be NULL) numbers hypotheses and follow-ups. */
static char *cmd_print_text_inc(const struct event *ev,
    const struct model_incident *inc)
{
	char *raw = kind_describe(ev, inc), *safe, *out;

	safe = cmd_print_safe(raw);
	out = xasprintf("%-4s %s", kind_marker(ev), safe);
	free(safe);
	free(raw);
	return out;
}

/* The marker and text of an event, sanitized. */
char *cmd_print_text(const struct event *ev)
{
	return cmd_print_text_inc(ev, NULL);
}

/* " [k:v k:v]" and " #tag #tag" of an event (raw). */
static char *cmd_print_refs(const struct event *ev)
{
	char *out = xstrdup(""), *s;
	json_t *item;
	size_t i;

	json_array_foreach(ev->refs, i, item) {
		s = xasprintf("%s%s%s", out, i == 0 ? " [" : " ",
		    json_string_value(item));
		free(out);
		out = s;
	}
	if (json_array_size(ev->refs) > 0) {
		s = xasprintf("%s]", out);
		free(out);
		out = s;
	}
	json_array_foreach(ev->tags, i, item) {
		s = xasprintf("%s #%s", out, json_string_value(item));
		free(out);
		out = s;
	}
	return out;
}

/* " (logged HH:MM)" when an event was recorded well after it happened
 * (with the date when that is another day). */
static char *cmd_print_late(const struct event *ev)
{
	char *rec, *s;

	if (ev->occurred_at == 0 || ev->recorded_at - ev->occurred_at < 60000)
		return xstrdup("");
	rec = when_format_stamp(ev->recorded_at,
	    !when_same_day(ev->recorded_at, ev->occurred_at));
	s = xasprintf("  (logged %s)", rec);
	free(rec);
	return s;
}

/* When an event happened, with its date when its incident spans days or
 * it is not from today. */
static char *cmd_print_when(const struct event *ev,
    const struct model_incident *inc)
{
	int64_t at = ev->occurred_at ? ev->occurred_at : ev->recorded_at;

	return when_format_stamp(at, (inc != NULL && model_spans_days(inc)) ||
	    !when_same_day(at, when_now()));
}

/* The human line of an event. */
char *cmd_print_line(const struct event *ev, const struct model *m)
{
	const struct model_incident *inc = m != NULL && ev->incident != NULL ?
	    model_find(m, ev->incident) : NULL;
	char *text, *refs, *srefs, *actor, *hm, *late, *line;

	text = cmd_print_text_inc(ev, inc);
	refs = cmd_print_refs(ev);
	srefs = cmd_print_safe(refs);
	actor = cmd_print_safe(ev->actor);
	hm = cmd_print_when(ev, inc);
	late = cmd_print_late(ev);
	line = xasprintf("#%-5" PRId64 " %s  %-10s %s%s%s", ev->seq, hm,
	    actor, text, srefs, late);
	free(late);
	free(hm);
	free(actor);
	free(srefs);
	free(refs);
	free(text);
	return line;
}

/* Print the warnings of an ack. */
void cmd_print_warnings(const json_t *warnings)
{
	json_t *w;
	size_t i;
	char *safe;

	json_array_foreach(warnings, i, w) {
		safe = cmd_print_safe(json_is_string(w) ? json_string_value(w) :
		    json_string_value(json_object_get(w, "message")));
		fprintf(stderr, "sitrep: warning: %s\n", safe);
		free(safe);
	}
}

