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

/* A string field of the body, "" when absent. */
static const char *cmd_print_str(const struct event *ev, const char *field)
{
	const char *v = event_str(ev, field);

	return v != NULL ? v : "";
}

/* Append ", key: value" to *out when value is set. */
static void cmd_print_add(char **out, const char *key, const char *value)
{
	char *s;

	if (value == NULL || *value == '\0')
		return;
	s = xasprintf("%s%s%s: %s", *out, **out ? "; " : "", key, value);
	free(*out);
	*out = s;
}

/* The text of a status update. */
static char *cmd_print_update(const struct event *ev)
{
	const char *conf = event_str(ev, "confidence");
	char *out = xstrdup(""), *s, *next = NULL;

	cmd_print_add(&out, "impact", event_str(ev, "impact"));
	cmd_print_add(&out, "known", event_str(ev, "known"));
	cmd_print_add(&out, "unknown", event_str(ev, "unknown"));
	cmd_print_add(&out, "actions", event_str(ev, "actions"));
	cmd_print_add(&out, "needs", event_str(ev, "needs"));
	if (event_int(ev, "next_at") > 0)
		next = when_format_hm(event_int(ev, "next_at"));
	cmd_print_add(&out, "next", next);
	s = xasprintf("[%s%s] %s", conf ? conf : "?",
	    strcmp(cmd_print_str(ev, "audience"), "external") == 0 ?
	    ", external" : "", out);
	free(next);
	free(out);
	return s;
}

/* "text (owner: X, due: D)" of a follow-up or follow-up change. */
static char *cmd_print_followup(const struct event *ev, const char *head)
{
	char *out = xstrdup(""), *due = NULL, *s;

	cmd_print_add(&out, "state", event_str(ev, "state"));
	cmd_print_add(&out, "owner", event_str(ev, "owner"));
	if (event_int(ev, "due") > 0)
		due = when_format(event_int(ev, "due"));
	cmd_print_add(&out, "due", due);
	s = xasprintf("%s%s%s%s", head, *out ? " (" : "", out, *out ? ")" : "");
	free(due);
	free(out);
	return s;
}

/* A hypothesis or follow-up number from the model, or 0. */
static int cmd_print_number_of(const struct event *ev, const struct model *m)
{
	const struct model_incident *inc;
	size_t i;

	if (m == NULL || ev->incident == NULL ||
	    (inc = model_find(m, ev->incident)) == NULL)
		return 0;
	for (i = 0; ev->kind == EV_HYP_OPEN && i < inc->nhyps; i++) {
		if (inc->hyps[i].seq == ev->seq)
			return inc->hyps[i].id;
	}
	for (i = 0; ev->kind == EV_FOLLOWUP && i < inc->nfollowups; i++) {
		if (inc->followups[i].seq == ev->seq)
			return inc->followups[i].id;
	}
	return 0;
}

/* Text for the command and role kinds. */
static char *cmd_print_people(const struct event *ev)
{
	const char *reason = event_str(ev, "reason");

	switch (ev->kind) {
	case EV_ROLE_ASSIGN:
		return xasprintf("%s is %s", cmd_print_str(ev, "user"),
		    cmd_print_str(ev, "role"));
	case EV_ROLE_RELEASE:
		return xasprintf("%s released %s", cmd_print_str(ev, "user"),
		    cmd_print_str(ev, "role"));
	case EV_CMD_OFFER:
		return xasprintf("offered command to %s",
		    cmd_print_str(ev, "to"));
	case EV_CMD_ACCEPT:
		return xstrdup("accepted command");
	case EV_CMD_DECLINE:
		return xasprintf("declined command%s%s", reason ? ": " : "",
		    reason ? reason : "");
	case EV_CMD_WITHDRAW:
		return xstrdup("withdrew the command offer");
	default:
		return xasprintf("relieved the commander: %s",
		    cmd_print_str(ev, "reason"));
	}
}

/* Text for the incident-level kinds. */
static char *cmd_print_incident(const struct event *ev)
{
	const char *reason = event_str(ev, "reason"), *title;
	char *d, *s;

	switch (ev->kind) {
	case EV_DECLARE:
		return xasprintf("declared \"%s\" (SEV%d%s)",
		    cmd_print_str(ev, "title"), (int)event_int(ev, "severity"),
		    json_is_true(json_object_get(ev->body, "drill")) ?
		    ", DRILL" : "");
	case EV_INCIDENT_UPDATE:
		title = event_str(ev, "title");
		if (event_int(ev, "severity") == 0)
			return xasprintf("retitled \"%s\"", title ? title : "");
		return xasprintf("severity SEV%d%s%s%s",
		    (int)event_int(ev, "severity"), title ? "; retitled \"" :
		    "", title ? title : "", title ? "\"" : "");
	case EV_STATUS:
		return xasprintf("%s%s%s", cmd_print_str(ev, "status"),
		    reason ? ": " : "", reason ? reason : "");
	case EV_MARK:
		return xstrdup(cmd_print_str(ev, "mark"));
	default:
		d = when_format_duration(event_int(ev, "for_ms"));
		s = xasprintf("snoozed the update reminder for %s", d);
		free(d);
		return s;
	}
}

/* The marker of an event: the entry type, else a short kind name. */
static const char *cmd_print_marker(const struct event *ev)
{
	static const char *const markers[EV_KIND_COUNT] = {
		[EV_DECLARE] = "declare", [EV_INCIDENT_UPDATE] = "incident",
		[EV_STATUS] = "status", [EV_MARK] = "mark",
		[EV_AMEND] = "amend", [EV_STRIKE] = "strike",
		[EV_ROLE_ASSIGN] = "role", [EV_ROLE_RELEASE] = "role",
		[EV_CMD_OFFER] = "command", [EV_CMD_ACCEPT] = "command",
		[EV_CMD_DECLINE] = "command", [EV_CMD_WITHDRAW] = "command",
		[EV_CMD_RELIEVE] = "command", [EV_SNOOZE] = "snooze",
		[EV_UPDATE] = "update", [EV_HYP_OPEN] = "hypothesis",
		[EV_HYP_SET] = "hypothesis", [EV_PARK] = "parked",
		[EV_FACTOR] = "factor", [EV_FOLLOWUP] = "followup",
		[EV_FOLLOWUP_SET] = "followup", [EV_ANNOTATION] = "annotation",
		[EV_SUMMARY] = "summary",
	};

	if (ev->kind == EV_ENTRY && event_str(ev, "type") != NULL)
		return event_str(ev, "type");
	if (ev->kind <= EV_UNKNOWN || ev->kind >= EV_KIND_COUNT)
		return "?";
	return markers[ev->kind];
}

/* The text of a numbered kind (hypothesis, follow-up): "H2: text". */
static char *cmd_print_numbered(const struct event *ev, const struct model *m)
{
	const char *text = cmd_print_str(ev, "text");
	char *head, *s;
	int n = cmd_print_number_of(ev, m);

	if (ev->kind == EV_HYP_OPEN)
		return n ? xasprintf("H%d: %s", n, text) : xstrdup(text);
	head = n ? xasprintf("F%d: %s", n, text) : xstrdup(text);
	s = cmd_print_followup(ev, head);
	free(head);
	return s;
}

/* The raw (unsanitized) text of an event of the timeline kinds. */
static char *cmd_print_raw(const struct event *ev, const struct model *m)
{
	const char *text = cmd_print_str(ev, "text");
	const char *note = event_str(ev, "note");
	char *head, *s;

	switch (ev->kind) {
	case EV_AMEND:
		return xasprintf("#%" PRId64 " now reads: %s (reason: %s)",
		    ev->target, text, cmd_print_str(ev, "reason"));
	case EV_STRIKE:
		return xasprintf("#%" PRId64 " struck (reason: %s)",
		    ev->target, cmd_print_str(ev, "reason"));
	case EV_UPDATE:
		return cmd_print_update(ev);
	case EV_HYP_OPEN:
	case EV_FOLLOWUP:
		return cmd_print_numbered(ev, m);
	case EV_HYP_SET:
		return xasprintf("H%d is %s%s%s", (int)event_int(ev, "id"),
		    cmd_print_str(ev, "state"), note ? ": " : "",
		    note ? note : "");
	case EV_FOLLOWUP_SET:
		head = xasprintf("F%d", (int)event_int(ev, "id"));
		s = cmd_print_followup(ev, head);
		free(head);
		return s;
	case EV_ANNOTATION:
		return xasprintf("on #%" PRId64 ": %s", ev->target, text);
	case EV_SUMMARY:
		if (event_str(ev, "impact") == NULL)
			return xstrdup(text);
		return xasprintf("%s (impact: %s)", text,
		    event_str(ev, "impact"));
	default:
		return xstrdup(text);
	}
}

/* The marker and text of an event, sanitized; m numbers hypotheses. */
static char *cmd_print_text_m(const struct event *ev, const struct model *m)
{
	char *raw, *safe, *out;

	switch (ev->kind) {
	case EV_ROLE_ASSIGN: case EV_ROLE_RELEASE: case EV_CMD_OFFER:
	case EV_CMD_ACCEPT: case EV_CMD_DECLINE: case EV_CMD_WITHDRAW:
	case EV_CMD_RELIEVE:
		raw = cmd_print_people(ev);
		break;
	case EV_DECLARE: case EV_INCIDENT_UPDATE: case EV_STATUS:
	case EV_MARK: case EV_SNOOZE:
		raw = cmd_print_incident(ev);
		break;
	default:
		raw = cmd_print_raw(ev, m);
		break;
	}
	safe = cmd_print_safe(raw);
	out = xasprintf("%-11s %s", cmd_print_marker(ev), safe);
	free(safe);
	free(raw);
	return out;
}

/* The marker and text of an event, sanitized. */
char *cmd_print_text(const struct event *ev)
{
	return cmd_print_text_m(ev, NULL);
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

/* " (logged HH:MM)" when an event was recorded well after it happened. */
static char *cmd_print_late(const struct event *ev)
{
	char *rec, *s;

	if (ev->occurred_at == 0 || ev->recorded_at - ev->occurred_at < 60000)
		return xstrdup("");
	rec = when_format_hm(ev->recorded_at);
	s = xasprintf("  (logged %s)", rec);
	free(rec);
	return s;
}

/* The human line of an event. */
char *cmd_print_line(const struct event *ev, const struct model *m)
{
	char *text, *refs, *srefs, *actor, *hm, *late, *line;

	text = cmd_print_text_m(ev, m);
	refs = cmd_print_refs(ev);
	srefs = cmd_print_safe(refs);
	actor = cmd_print_safe(ev->actor);
	hm = when_format_hm(ev->occurred_at ? ev->occurred_at :
	    ev->recorded_at);
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
