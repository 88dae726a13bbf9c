/* model-view.c: the incident put into words and JSON for people and
 * programs: the handoff brief, what closing still needs (the rule and the
 * terminal say it in the same words), the incident's JSON (show, ls, the
 * list view) and its summary. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model-int.h"
#include "when.h"
#include "xmalloc.h"

/* Append a formatted line to a growing brief. */
static void model_brief_add(char **brief, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Append a formatted line to a growing brief. */
static void model_brief_add(char **brief, const char *fmt, ...)
{
	va_list ap;
	char *line, *joined;

	va_start(ap, fmt);
	line = xvasprintf(fmt, ap);
	va_end(ap);
	joined = xasprintf("%s%s\n", *brief, line);
	free(line);
	free(*brief);
	*brief = joined;
}

/* The brief's impact line, from the last update. */
static void model_brief_impact(char **brief, const struct model_incident *inc,
    int64_t now)
{
	const struct model_last_update *lu = &inc->last_update;
	char *ago;

	if (lu->seq == 0) {
		model_brief_add(brief, "Impact: no status update yet");
		return;
	}
	ago = when_format_duration(now > lu->at ? now - lu->at : 0);
	model_brief_add(brief, "Impact: %s", lu->impact ? lu->impact : "-");
	model_brief_add(brief, "  (last update %s ago, confidence %s)", ago,
	    model_confidence_name(lu->confidence));
	free(ago);
	if (lu->unknown != NULL && *lu->unknown != '\0')
		model_brief_add(brief, "Not known yet: %s", lu->unknown);
}

/* The brief's open hypotheses. */
static void model_brief_hyps(char **brief, const struct model_incident *inc)
{
	const struct model_hypothesis *h;
	size_t i, lead = 0;
	int pass;

	for (i = 0; i < inc->nhyps; i++)
		lead += !inc->hyps[i].struck &&
		    (inc->hyps[i].state == HYP_SUPPORTED ||
		    inc->hyps[i].state == HYP_CONFIRMED);
	for (pass = 0; pass < 2; pass++) {
		if (pass == 0)
			model_brief_add(brief, "Leading hypotheses: %zu", lead);
		else
			model_brief_add(brief, "Open hypotheses: %zu",
			    model_open_hypotheses(inc));
		for (i = 0; i < inc->nhyps; i++) {
			h = &inc->hyps[i];
			if (h->struck || (pass == 0) != (h->state ==
			    HYP_SUPPORTED || h->state == HYP_CONFIRMED) ||
			    h->state == HYP_RULED_OUT)
				continue;
			model_brief_add(brief, "  H%d [%s] %s", h->id,
			    model_hyp_state_name(h->state), h->text);
		}
	}
}

/* A NULL-terminated list of names as "a, b", or "-" (new string). */
static char *model_join(const char **names)
{
	char *out, *joined;
	size_t i;

	if (names[0] == NULL)
		return xstrdup("-");
	out = xstrdup(names[0]);
	for (i = 1; names[i] != NULL; i++) {
		joined = xasprintf("%s, %s", out, names[i]);
		free(out);
		out = joined;
	}
	return out;
}

/* The holders of a role as "a, b", or "-" (new string). */
static char *model_holders_text(const struct model_incident *inc,
    enum model_role r)
{
	const char **who = model_holders(inc, r);
	char *out = model_join(who);

	free(who);
	return out;
}

/* The brief's actions in flight: those recorded since the last status
 * update (all of the latest few before the first one). */
static void model_brief_actions(char **brief,
    const struct model_incident *inc)
{
	int64_t since = inc->last_update.seq != 0 ? inc->last_update.at : 0;
	char *hm = since ? when_format_hm(since) : NULL;
	size_t i, n = 0;

	if (hm != NULL)
		model_brief_add(brief, "Actions since the last status update "
		    "(%s):", hm);
	else
		model_brief_add(brief, "Actions (no status update yet):");
	free(hm);
	for (i = 0; i < inc->nactions; i++) {
		if (inc->actions[i].at < since)
			continue;
		hm = when_format_hm(inc->actions[i].at);
		model_brief_add(brief, "  - %s %s", hm, inc->actions[i].text);
		free(hm);
		n++;
	}
	if (n == 0)
		model_brief_add(brief, "  none recorded");
}

/* The brief's roles, missing roles and actions in flight. */
static void model_brief_roles(char **brief, const struct model_incident *inc)
{
	const char *missing[ROLE_COUNT];
	char *who;
	size_t i;

	model_brief_add(brief, "Roles:");
	for (i = ROLE_DEPUTY; i < ROLE_COUNT; i++) {
		who = model_holders_text(inc, (enum model_role)i);
		model_brief_add(brief, "  %-8s %s",
		    model_role_name((enum model_role)i), who);
		free(who);
	}
	if (model_missing_roles(inc, missing) > 0) {
		who = model_join(missing);
		model_brief_add(brief, "Missing roles: %s", who);
		free(who);
	}
	model_brief_actions(brief, inc);
}

/* What is due now on an incident summary. */
void model_due_summary(struct model_due *d, const json_t *summary,
    int64_t now)
{
	model_due_of(d, json_string_value(json_object_get(summary, "status")),
	    (int)json_integer_value(json_object_get(summary, "severity")),
	    json_integer_value(json_object_get(summary, "next_update_at")),
	    json_integer_value(json_object_get(summary, "snoozed_until")), now);
}

/* The flag lists show for what is due. */
const char *model_due_flag(const struct model_due *d)
{
	if (d->state == DUE_OVERDUE)
		return "[update overdue]";
	if (d->state == DUE_SNOOZED)
		return "[update overdue, snoozed]";
	return "";
}

/* What is due, in words. */
char *model_due_text(const struct model_due *d, int64_t now)
{
	char *hm, *span, *until = NULL, *s;

	if (d->state == DUE_NONE)
		return xasprintf("no update due (%s)", d->none);
	hm = when_format_hm(d->at);
	span = when_format_duration(d->at > now ? d->at - now : now - d->at);
	if (d->state == DUE_NOT_YET)
		s = xasprintf("next update due %s (in %s)", hm, span);
	else if (d->state == DUE_OVERDUE)
		s = xasprintf("update OVERDUE since %s (%s)", hm, span);
	else {
		until = when_format_hm(d->snoozed_until);
		s = xasprintf("update overdue since %s (%s); reminder snoozed "
		    "until %s", hm, span, until);
	}
	free(until);
	free(span);
	free(hm);
	return s;
}

/* The brief's next-update line. */
static void model_brief_next(char **brief, const struct model_incident *inc,
    int64_t now)
{
	struct model_due d;
	char *text;

	model_due(inc, now, &d);
	text = model_due_text(&d, now);
	model_brief_add(brief, "%c%s", text[0] - 'a' + 'A', text + 1);
	free(text);
}

/* Handoff brief pre-filled from the state. */
char *model_brief(const struct model_incident *inc, int64_t now)
{
	char *brief = xstrdup("");

	model_brief_add(&brief, "%s%s SEV%d: %s", inc->drill ? "[DRILL] " : "",
	    inc->ref, inc->severity, inc->title);
	model_brief_add(&brief, "Status: %s; commander %s",
	    model_status_name(inc->status), inc->ic ? inc->ic : "-");
	model_brief_impact(&brief, inc, now);
	model_brief_hyps(&brief, inc);
	model_brief_roles(&brief, inc);
	model_brief_next(&brief, inc, now);
	return brief;
}

/* Live follow-ups (not wont-do, not struck) without an owner, as "2, 5";
 * their count in *n. NULL when none. */
static char *model_close_ownerless(const struct model_incident *inc,
    size_t *n)
{
	const struct model_followup *f;
	char *out = NULL, *next;
	size_t i;

	*n = 0;
	for (i = 0; i < inc->nfollowups; i++) {
		f = &inc->followups[i];
		if (f->struck || f->state == FU_WONT_DO || f->owner != NULL)
			continue;
		next = xasprintf("%s%s%d", out ? out : "", out ? ", " : "",
		    f->id);
		free(out);
		out = next;
		(*n)++;
	}
	return out;
}

/* What closing still needs, one item each in needs (new strings). */
size_t model_close_needs(const struct model_incident *inc,
    char *needs[MODEL_CLOSE_NEEDS])
{
	size_t n = 0, nids;
	char *ids;

	if (inc->summary == NULL)
		needs[n++] = xstrdup("a summary");
	if (model_live_factors(inc) == 0)
		needs[n++] = xstrdup("at least one contributing factor");
	if ((ids = model_close_ownerless(inc, &nids)) != NULL)
		needs[n++] = xasprintf("an owner (a team or role) on "
		    "follow-up%s %s", nids > 1 ? "s" : "", ids);
	free(ids);
	return n;
}

/* What closing still needs as "a, b and c" (new string), or NULL. */
char *model_close_missing(const struct model_incident *inc)
{
	char *needs[MODEL_CLOSE_NEEDS], *out = NULL, *next;
	size_t i, n = model_close_needs(inc, needs);

	for (i = 0; i < n; i++) {
		next = xasprintf("%s%s%s", out ? out : "",
		    i == 0 ? "" : (i + 1 == n ? " and " : ", "), needs[i]);
		free(out);
		free(needs[i]);
		out = next;
	}
	return out;
}

/* A JSON string, or null for NULL. */
json_t *model_json_str(const char *s)
{
	return (s != NULL) ? json_string(s) : json_null();
}

/* An instant or null when unset (0). */
static json_t *model_json_at(int64_t at)
{
	return (at != 0) ? json_integer(at) : json_null();
}

/* Marks and durations (each with its definition, or why it is n/a) as
 * JSON objects set on o. */
static void model_json_marks(json_t *o, const struct model_incident *inc)
{
	json_t *marks = json_object(), *dur = json_object();
	struct model_span sp;
	int i;

	for (i = 0; i < MARK_COUNT; i++)
		json_object_set_new(marks, model_mark_name((enum model_mark)i),
		    model_json_at(inc->marks[i]));
	for (i = 0; i < DUR_COUNT; i++) {
		model_duration(inc, (enum model_duration)i, &sp);
		json_object_set_new(dur, model_duration_key(i), json_pack(
		    "{s:o, s:s, s:o}", "ms", sp.ms >= 0 ? json_integer(sp.ms) :
		    json_null(), "definition", model_duration_definition(i),
		    "na", sp.ms >= 0 ? json_null() : json_string(sp.na)));
	}
	json_object_set_new(o, "marks", marks);
	json_object_set_new(o, "durations", dur);
}

/* The outstanding offer or null. */
static json_t *model_json_offer(const struct model_incident *inc)
{
	if (inc->offer.to == NULL)
		return json_null();
	return json_pack("{s:o, s:s, s:o, s:I, s:I}",
	    "from", model_json_str(inc->offer.from), "to", inc->offer.to,
	    "brief", model_json_str(inc->offer.brief),
	    "seq", (json_int_t)inc->offer.seq, "at", (json_int_t)inc->offer.at);
}

/* Current holders per role, and the role history. */
static void model_json_roles(json_t *o, const struct model_incident *inc)
{
	json_t *roles = json_object(), *hist = json_array(), *who;
	const struct model_stint *st;
	const char **holders;
	size_t i, j;

	for (i = 0; i < ROLE_COUNT; i++) {
		holders = model_holders(inc, (enum model_role)i);
		who = json_array();
		for (j = 0; holders[j] != NULL; j++)
			json_array_append_new(who, json_string(holders[j]));
		free(holders);
		json_object_set_new(roles, model_role_name((enum model_role)i),
		    who);
	}
	for (i = 0; i < inc->nstints; i++) {
		st = &inc->stints[i];
		json_array_append_new(hist, json_pack("{s:s, s:s, s:I, s:o, s:I, "
		    "s:o}", "role", model_role_name(st->role), "user", st->user,
		    "from", (json_int_t)st->from, "to", model_json_at(st->to),
		    "seq", (json_int_t)st->seq, "brief", model_json_str(st->brief)));
	}
	json_object_set_new(o, "roles", roles);
	json_object_set_new(o, "role_history", hist);
}

/* Hypotheses as [{id, seq, text, by, state, changed_at, struck}]. */
json_t *model_json_hyps(const struct model_incident *inc)
{
	json_t *a = json_array();
	const struct model_hypothesis *h;
	size_t i;

	for (i = 0; i < inc->nhyps; i++) {
		h = &inc->hyps[i];
		json_array_append_new(a, json_pack(
		    "{s:i, s:I, s:s, s:o, s:s, s:I, s:b}", "id", h->id,
		    "seq", (json_int_t)h->seq, "text", h->text,
		    "by", model_json_str(h->by),
		    "state", model_hyp_state_name(h->state),
		    "changed_at", (json_int_t)h->changed_at, "struck", h->struck));
	}
	return a;
}

/* Hypotheses and follow-ups as arrays. */
static void model_json_lists(json_t *o, const struct model_incident *inc)
{
	json_t *fus = json_array();
	const struct model_followup *f;
	size_t i;

	for (i = 0; i < inc->nfollowups; i++) {
		f = &inc->followups[i];
		json_array_append_new(fus, json_pack(
		    "{s:i, s:I, s:s, s:o, s:o, s:s, s:b}", "id", f->id,
		    "seq", (json_int_t)f->seq, "text", f->text,
		    "owner", model_json_str(f->owner), "due", model_json_at(f->due),
		    "state", model_followup_state_name(f->state),
		    "struck", f->struck));
	}
	json_object_set_new(o, "hypotheses", model_json_hyps(inc));
	json_object_set_new(o, "followups", fus);
}

/* Counts of events and of the analysis material. */
static json_t *model_json_counts(const struct model_incident *inc)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
	    "events", (json_int_t)inc->nevents,
	    "entries", (json_int_t)(inc->nentries + inc->nentries_elsewhere),
	    "parked", (json_int_t)inc->nparked,
	    "factors", (json_int_t)model_live_factors(inc),
	    "hypotheses", (json_int_t)inc->nhyps,
	    "open_hypotheses", (json_int_t)model_open_hypotheses(inc),
	    "followups", (json_int_t)inc->nfollowups,
	    "people", (json_int_t)inc->npeople);
}

/* The last update or null. */
static json_t *model_json_last_update(const struct model_incident *inc)
{
	const struct model_last_update *lu = &inc->last_update;

	if (lu->seq == 0)
		return json_null();
	return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:s, s:s}",
	    "seq", (json_int_t)lu->seq, "at", (json_int_t)lu->at,
	    "by", model_json_str(lu->by), "impact", model_json_str(lu->impact),
	    "known", model_json_str(lu->known),
	    "unknown", model_json_str(lu->unknown),
	    "confidence", model_confidence_name(lu->confidence),
	    "audience", lu->external ? "external" : "internal");
}

/* Missing roles and actions in flight as arrays set on o. */
static void model_json_attention(json_t *o, const struct model_incident *inc)
{
	const char *missing[ROLE_COUNT];
	json_t *a = json_array(), *acts = json_array();
	size_t i;

	model_missing_roles(inc, missing);
	for (i = 0; missing[i] != NULL; i++)
		json_array_append_new(a, json_string(missing[i]));
	for (i = 0; i < inc->nactions; i++)
		json_array_append_new(acts, json_pack("{s:I, s:s}",
		    "seq", (json_int_t)inc->actions[i].seq,
		    "text", inc->actions[i].text));
	json_object_set_new(o, "missing_roles", a);
	json_object_set_new(o, "actions", acts);
}

/* The incident in brief, for lists: who, what, where it stands, counts. */
json_t *model_incident_summary_json(const struct model_incident *inc)
{
	json_t *o;

	o = json_pack("{s:s, s:i, s:s, s:i, s:b, s:s, s:b, s:o, s:o}",
	    "ref", inc->ref, "number", inc->number, "title", inc->title,
	    "severity", inc->severity, "drill", inc->drill,
	    "status", model_status_name(inc->status),
	    "in_recovery", model_in_recovery(inc),
	    "declared_by", model_json_str(inc->declared_by),
	    "ic", model_json_str(inc->ic));
	json_object_set_new(o, "tz", json_string(model_zone(inc)));
	if (inc->restricted != NULL)
		json_object_set_new(o, "restricted",
		    json_string(inc->restricted));
	model_json_marks(o, inc);
	json_object_set_new(o, "counts", model_json_counts(inc));
	json_object_set_new(o, "next_update_at",
	    model_json_at(inc->next_update_at));
	json_object_set_new(o, "snoozed_until", model_json_at(inc->snoozed_until));
	json_object_set_new(o, "last_at", json_integer(inc->last_at));
	return o;
}

/* The incident as JSON: its summary, and the roles, lists and records. */
json_t *model_incident_json(const struct model_incident *inc)
{
	json_t *o = model_incident_summary_json(inc);

	json_object_set_new(o, "offer", model_json_offer(inc));
	model_json_roles(o, inc);
	model_json_lists(o, inc);
	json_object_set_new(o, "last_update", model_json_last_update(inc));
	json_object_set_new(o, "summary", model_json_str(inc->summary));
	model_json_attention(o, inc);
	json_object_set_new(o, "first_seq", json_integer(inc->first_seq));
	json_object_set_new(o, "last_seq", json_integer(inc->last_seq));
	return o;
}
