/* kind-incident.c: the incident-level kinds: incident.declare,
 * incident.update, status.change, mark and reminder.snooze. */
#include <stdlib.h>
#include <string.h>

#include "kind-int.h"
#include "rules.h"
#include "when.h"
#include "xmalloc.h"

#define KIND_SNOOZE_MIN (60 * 1000LL)           /* 1 minute */
#define KIND_SNOOZE_MAX (24 * 60 * 60 * 1000LL) /* 24 hours */

/* incident.declare {title, severity 1..4, drill, tz, restricted}:
 * "declares SEV2: title", "declares SEV1 (restricted to secops): title". */
static char *kind_declare_describe(const struct event *ev,
    const struct model_incident *inc)
{
	const char *group = event_str(ev, "restricted");

	return xasprintf("declares SEV%d%s%s%s%s: %s",
	    (int)event_int(ev, "severity"),
	    json_is_true(json_object_get(ev->body, "drill")) ? " (drill)" : "",
	    group != NULL ? " (restricted to " : "", group != NULL ? group : "",
	    group != NULL ? ")" : "", kind_str(ev, "title"));
}

/* restricted, when given: a group of this host that has the declarer as
 * a member (else the declarer could not see the incident). */
static int kind_declare_restricted(struct rules_ctx *c, struct event *ev)
{
	json_t *v = json_object_get(ev->body, "restricted");
	const struct rules_people *p = c->people;
	const char *group = json_string_value(v);

	if (v == NULL || json_is_null(v))
		return 0;
	if (group == NULL || !rules_name_ok(group))
		return rules_refuse(c, "restricted", "restricted names one group "
		    "of this host, such as secops");
	if (p != NULL && p->group != NULL && !p->group(group, p->arg))
		return rules_refuse(c, "restricted", "there is no group \"%s\" "
		    "on this host; restrict the incident to an existing group",
		    group);
	if (p != NULL && p->member != NULL && ev->actor != NULL &&
	    !p->member(ev->actor, group, p->arg))
		return rules_refuse(c, "restricted", "you are not a member of "
		    "group %s, so you could not see an incident restricted to "
		    "it; restrict it to a group you are in", group);
	return 0;
}

/* A declaration: title, severity, drill; the server's next INC number. */
static int kind_declare_check(struct rules_ctx *c, struct event *ev)
{
	json_t *drill = json_object_get(ev->body, "drill");

	if (rules_title(c, ev, 1) != 0 || rules_severity(c, ev, 1) != 0)
		return -1;
	if (drill != NULL && !json_is_boolean(drill) && !json_is_null(drill))
		return rules_refuse(c, "drill", "drill is true or false");
	if (json_object_get(ev->body, "tz") != NULL &&
	    !when_zone_valid(event_str(ev, "tz")))
		return rules_refuse(c, "tz", "unknown time zone \"%s\"; use a "
		    "name such as UTC or Europe/Berlin", kind_str(ev, "tz"));
	if (kind_declare_restricted(c, ev) != 0)
		return -1;
	free(ev->incident);
	ev->incident = xasprintf("INC-%d", c->m->max_number + 1);
	return 0;
}

/* A new incident; the declarer is its commander. */
static void kind_declare_fold(struct model *m, struct model_incident *none,
    const struct event *ev)
{
	struct model_incident *inc;
	long n = model_ref_number(ev->incident);
	int64_t sev = event_int(ev, "severity");

	if (n <= 0 || model_find(m, ev->incident) != NULL)
		return;
	inc = xcalloc(1, sizeof *inc);
	inc->number = (int)n;
	inc->ref = xasprintf("INC-%ld", n);
	inc->title = xstrdup(kind_str(ev, "title"));
	inc->tz = model_dup(event_str(ev, "tz"));
	inc->restricted = model_dup(event_str(ev, "restricted"));
	inc->severity = (sev >= 1 && sev <= 4) ? (int)sev : 3;
	inc->drill = json_is_true(json_object_get(ev->body, "drill"));
	inc->status = ST_INVESTIGATING;
	inc->marks[MARK_DECLARED] = model_when(ev);
	inc->declared_by = model_dup(ev->actor);
	inc->first_seq = ev->seq;
	if (ev->actor != NULL)
		model_command_to(inc, ev->actor, NULL, ev);
	inc->next_update_at = model_next_due(inc, inc->marks[MARK_DECLARED]);
	m->incidents = model_grow(m->incidents, m->nincidents,
	    sizeof *m->incidents);
	m->incidents[m->nincidents++] = inc;
	if (n > m->max_number)
		m->max_number = (int)n;
}

const struct kind kind_declare = {
	.kind = EV_DECLARE,
	.name = "incident.declare",
	.marker = "DECL",
	.flags = KIND_LOUD,
	.describe = kind_declare_describe,
	.check = kind_declare_check,
	.fold = kind_declare_fold,
};

/* incident.update {title?, severity?}: "sets SEV1; retitles: …". */
static char *kind_incident_update_describe(const struct event *ev,
    const struct model_incident *inc)
{
	const char *title = event_str(ev, "title");
	int sev = (int)event_int(ev, "severity");

	if (sev == 0)
		return xasprintf("retitles: %s", title ? title : "");
	return xasprintf("sets SEV%d%s%s", sev, title ? "; retitles: " : "",
	    title ? title : "");
}

/* The commander retitles or changes severity. */
static int kind_incident_update_check(struct rules_ctx *c, struct event *ev)
{
	const struct model_incident *inc = c->inc;
	const char *title = event_str(ev, "title");
	int64_t sev = event_int(ev, "severity");

	if (rules_need_ic(c, ev, "change the title or severity") != 0 ||
	    rules_title(c, ev, 0) != 0 || rules_severity(c, ev, 0) != 0)
		return -1;
	if (title == NULL && sev == 0)
		return rules_refuse(c, "title", "nothing to change: give a new "
		    "title or a severity from 1 to 4");
	if ((title == NULL || strcmp(title, inc->title) == 0) &&
	    (sev == 0 || sev == inc->severity))
		return rules_refuse(c, sev ? "severity" : "title", "%s is "
		    "already SEV%d with that title; nothing changes", inc->ref,
		    inc->severity);
	return 0;
}

/* Retitle or change severity; the cadence follows the severity. */
static void kind_incident_update_fold(struct model *m,
    struct model_incident *inc, const struct event *ev)
{
	const char *title = event_str(ev, "title");
	int64_t sev = event_int(ev, "severity");

	if (title != NULL)
		model_set(&inc->title, title);
	if (sev < 1 || sev > 4 || sev == inc->severity)
		return;
	inc->severity = (int)sev;
	if (inc->last_update.seq == 0)
		inc->next_update_at = model_next_due(inc,
		    inc->marks[MARK_DECLARED]);
	else if (inc->next_update_at == 0)
		inc->next_update_at = model_next_due(inc, model_when(ev));
}

const struct kind kind_incident_update = {
	.kind = EV_INCIDENT_UPDATE,
	.name = "incident.update",
	.marker = "INC",
	.flags = 0,
	.describe = kind_incident_update_describe,
	.check = kind_incident_update_check,
	.fold = kind_incident_update_fold,
};

/* status.change {status, reason?}: "moves to monitoring: reason". */
static char *kind_status_describe(const struct event *ev,
    const struct model_incident *inc)
{
	const char *reason = event_str(ev, "reason");

	return xasprintf("moves to %s%s%s", kind_str(ev, "status"),
	    reason ? ": " : "", reason ? reason : "");
}

/* Closing: from the analysis, with a summary, a factor and owners. */
static int kind_status_close(struct rules_ctx *c)
{
	const struct model_incident *inc = c->inc;
	char *missing;
	int rc;

	if (inc->status != ST_ANALYSIS)
		return rules_refuse(c, "status", "%s closes from the analysis; "
		    "it is %s now%s", inc->ref, model_status_name(inc->status),
		    inc->status == ST_RESOLVED ? ": move it to analysis first" :
		    ": resolve it, then move it to analysis");
	if ((missing = model_close_missing(inc)) == NULL)
		return 0;
	rc = rules_refuse(c, NULL, "%s cannot close yet: it needs %s",
	    inc->ref, missing);
	free(missing);
	return rc;
}

/* Moves out of analysis or closed: closing; a closed incident back to the
 * analysis (with a reason) for late hindsight; a reopen into recovery
 * (with a reason) for a real regression. */
static int kind_status_from_analysis(struct rules_ctx *c, int s,
    int has_reason)
{
	const struct model_incident *inc = c->inc;

	if (s == ST_INVESTIGATING && !has_reason)
		return rules_refuse(c, "reason", "reopening %s needs a reason",
		    inc->ref);
	if (s == ST_INVESTIGATING)
		return 0;
	if (s == ST_CLOSED)
		return kind_status_close(c);
	if (s == ST_ANALYSIS && !has_reason)
		return rules_refuse(c, "reason", "taking %s back to the analysis "
		    "needs a reason, e.g. 'a late hindsight note'", inc->ref);
	if (s == ST_ANALYSIS)
		return 0;
	return rules_refuse(c, "status", "%s is %s; it can go back to the "
	    "analysis (with a reason), be closed, or be reopened into "
	    "recovery (investigating, with a reason) for a real regression",
	    inc->ref, model_status_name(inc->status));
}

/* Warn when the mark a status sets (mitigated at monitoring, resolved at
 * resolved) would break the order of the marks. */
static void kind_status_order(struct rules_ctx *c, int s, int64_t at)
{
	enum model_mark mk = s == ST_RESOLVED ? MARK_RESOLVED : MARK_MITIGATED;

	if ((s == ST_RESOLVED || s == ST_MONITORING) &&
	    !(c->inc->marks_explicit & (1u << mk)))
		rules_mark_order(c, mk, at);
}

/* The phase machine of DESIGN section 4; only the commander moves it. */
static int kind_status_check(struct rules_ctx *c, struct event *ev)
{
	const struct model_incident *inc = c->inc;
	const char *name = event_str(ev, "status");
	int s = model_status_parse(name);
	int has_reason = !rules_blank(event_str(ev, "reason"));

	if (rules_need_ic(c, ev, "change the status") != 0 ||
	    rules_text(c, ev, "reason", 0, "") != 0)
		return -1;
	if (s < 0)
		return rules_refuse(c, "status", "unknown status \"%s\"; the "
		    "statuses are investigating, identified, monitoring, "
		    "resolved, analysis and closed", name ? name : "");
	if (s == (int)inc->status)
		return rules_refuse(c, "status", "%s is already %s", inc->ref,
		    name);
	if (inc->status >= ST_ANALYSIS)
		return kind_status_from_analysis(c, s, has_reason);
	if (s == ST_ANALYSIS && inc->status != ST_RESOLVED)
		return rules_refuse(c, "status", "the analysis opens only once "
		    "%s is resolved; it is %s now", inc->ref,
		    model_status_name(inc->status));
	if (s == ST_CLOSED)
		return kind_status_close(c);
	if (s < (int)inc->status && !has_reason)
		return rules_refuse(c, "reason", "moving %s back from %s to %s "
		    "needs a reason", inc->ref, model_status_name(inc->status),
		    name);
	kind_status_order(c, s, ev->occurred_at);
	return 0;
}

/* Set a mark from a status change unless a mark event set it. */
static void kind_status_implicit_mark(struct model_incident *inc,
    enum model_mark mk, int64_t at)
{
	if (inc->marks_explicit & (1u << mk))
		return;
	inc->marks[mk] = at;
}

/* Move to another status; resolved and monitoring set their marks (a
 * later pass through the same status moves the mark, an explicit mark
 * event always wins). */
static void kind_status_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	int s = model_status_parse(event_str(ev, "status"));

	if (s < 0)
		return;
	inc->status = (enum model_status)s;
	if (s == ST_RESOLVED)
		kind_status_implicit_mark(inc, MARK_RESOLVED, model_when(ev));
	else if (s == ST_MONITORING)
		kind_status_implicit_mark(inc, MARK_MITIGATED, model_when(ev));
}

const struct kind kind_status = {
	.kind = EV_STATUS,
	.name = "status.change",
	.marker = "STAT",
	.flags = KIND_LOUD,
	.describe = kind_status_describe,
	.check = kind_status_check,
	.fold = kind_status_fold,
};

/* mark {mark}; the instant is occurred_at: "marks impact-start". */
static char *kind_mark_describe(const struct event *ev,
    const struct model_incident *inc)
{
	return xasprintf("marks %s", kind_str(ev, "mark"));
}

/* The commander or the scribe sets a key instant. */
static int kind_mark_check(struct rules_ctx *c, struct event *ev)
{
	const struct model_incident *inc = c->inc;
	const char *name = event_str(ev, "mark");
	int mk = model_mark_parse(name);

	if (!rules_is_ic(inc, ev) && !model_holds(inc, ev->actor, ROLE_SCRIBE))
		return rules_refuse(c, NULL, "only the incident commander (%s) "
		    "or the scribe can set the key times of %s", rules_ic(inc),
		    inc->ref);
	if (mk == MARK_DECLARED)
		return rules_refuse(c, "mark", "the declared time is set by the "
		    "declaration; the marks are impact-start, detected, "
		    "mitigated and resolved");
	if (mk < 0)
		return rules_refuse(c, "mark", "unknown mark \"%s\"; the marks "
		    "are impact-start, detected, mitigated and resolved",
		    name ? name : "");
	rules_mark_order(c, (enum model_mark)mk, ev->occurred_at);
	return 0;
}

/* An explicit mark: the instant is occurred_at; it always wins. */
static void kind_mark_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	int mk = model_mark_parse(event_str(ev, "mark"));

	if (mk < 0 || mk == MARK_DECLARED)
		return;
	inc->marks[mk] = model_when(ev);
	inc->marks_explicit |= 1u << mk;
}

const struct kind kind_mark = {
	.kind = EV_MARK,
	.name = "mark",
	.marker = "MARK",
	.flags = 0,
	.describe = kind_mark_describe,
	.check = kind_mark_check,
	.fold = kind_mark_fold,
};

/* reminder.snooze {for_ms}: "snoozes the update reminder for 15m". */
static char *kind_snooze_describe(const struct event *ev,
    const struct model_incident *inc)
{
	char *d = when_format_duration(event_int(ev, "for_ms"));
	char *s = xasprintf("snoozes the update reminder for %s", d);

	free(d);
	return s;
}

/* 1 minute to 24 hours, when there is a reminder. */
static int kind_snooze_check(struct rules_ctx *c, struct event *ev)
{
	json_t *v = json_object_get(ev->body, "for_ms");

	if (!json_is_integer(v) || json_integer_value(v) < KIND_SNOOZE_MIN ||
	    json_integer_value(v) > KIND_SNOOZE_MAX)
		return rules_refuse(c, "for_ms", "a snooze lasts between 1 "
		    "minute and 24 hours");
	if (c->inc->next_update_at == 0 || !model_in_recovery(c->inc))
		return rules_refuse(c, NULL, "%s has no update reminder to "
		    "snooze", c->inc->ref);
	return 0;
}

/* The reminder is quiet until recorded_at + for_ms. */
static void kind_snooze_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	int64_t for_ms = event_int(ev, "for_ms");

	if (for_ms > 0)
		inc->snoozed_until = ev->recorded_at + for_ms;
}

const struct kind kind_snooze = {
	.kind = EV_SNOOZE,
	.name = "reminder.snooze",
	.marker = "SNZ",
	.flags = 0,
	.describe = kind_snooze_describe,
	.check = kind_snooze_check,
	.fold = kind_snooze_fold,
};
