/* kind-analysis.c: the blameless analysis (DESIGN section 4): park (any
 * time), and once resolved factor, followup, followup.set, annotation and
 * summary. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kind-int.h"
#include "when.h"
#include "xmalloc.h"

/* park {text}: the text itself. */
static char *kind_text_describe(const struct event *ev,
    const struct model_incident *inc)
{
	return xstrdup(kind_str(ev, "text"));
}

/* A parked thought needs text; it is allowed any time. */
static int kind_park_check(struct rules_ctx *c, struct event *ev)
{
	return rules_text(c, ev, "text", 1, "a parked thought needs text");
}

/* A parked thought, listed for triage in the analysis. */
static void kind_park_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	struct model_parked *p;

	if (model_entry_add(inc, ev) == NULL)
		return;
	inc->parked = model_grow(inc->parked, inc->nparked,
	    sizeof *inc->parked);
	p = &inc->parked[inc->nparked++];
	memset(p, 0, sizeof *p);
	p->seq = ev->seq;
	p->at = model_when(ev);
	p->text = xstrdup(kind_str(ev, "text"));
	p->by = model_dup(ev->actor);
}

const struct kind kind_park = {
	.kind = EV_PARK,
	.name = "park",
	.marker = "PARK",
	.flags = KIND_HIDDEN | KIND_ANALYSIS,
	.describe = kind_text_describe,
	.check = kind_park_check,
	.fold = kind_park_fold,
};

/* Analysis text: open once resolved, required, blameless-checked. */
static int kind_analysis_text(struct rules_ctx *c, const struct event *ev,
    const char *what, const char *missing)
{
	if (rules_analysis_open(c, what) != 0 ||
	    rules_text(c, ev, "text", 1, missing) != 0)
		return -1;
	rules_blameless_field(c, ev, "text");
	return 0;
}

/* from_park, when given: a parked thought of this incident not triaged
 * yet (it becomes this factor or follow-up). */
static int kind_from_park(struct rules_ctx *c, const struct event *ev)
{
	json_t *v = json_object_get(ev->body, "from_park");
	const struct model_parked *p;

	if (v == NULL || json_is_null(v))
		return 0;
	p = json_is_integer(v) ? model_parked_find(c->inc,
	    json_integer_value(v)) : NULL;
	if (p == NULL)
		return rules_refuse(c, "from_park", "%s has no parked thought "
		    "#%" PRId64, c->inc->ref, (int64_t)json_integer_value(v));
	if (p->triage != TRIAGE_OPEN || p->struck)
		return rules_refuse(c, "from_park", "parked thought #%" PRId64
		    " was already triaged (%s)", p->seq,
		    p->struck ? "struck" : model_triage_name(p->triage));
	return 0;
}

/* entries, when given: timeline entries of this incident that show the
 * factor. */
static int kind_factor_entries(struct rules_ctx *c, const struct event *ev)
{
	json_t *a = json_object_get(ev->body, "entries"), *v;
	size_t i;

	if (a == NULL || json_is_null(a))
		return 0;
	if (!json_is_array(a) || json_array_size(a) > SR_MAX_REFS)
		return rules_refuse(c, "entries", "a factor links at most %d "
		    "timeline entries, by number", SR_MAX_REFS);
	json_array_foreach(a, i, v) {
		if (!json_is_integer(v) || model_entry_find(c->inc,
		    json_integer_value(v)) == NULL)
			return rules_refuse(c, "entries", "%s has no entry %s to "
			    "link to this factor", c->inc->ref,
			    json_is_integer(v) ? "of that number" : "named so");
	}
	return 0;
}

/* A contributing factor: the condition that made this possible, with a
 * category, the entries that show it, the parked thought it came from. */
static int kind_factor_check(struct rules_ctx *c, struct event *ev)
{
	const char *cat = event_str(ev, "category");

	if (kind_analysis_text(c, ev, "factors belong", "a contributing "
	    "factor needs text: the condition that made this possible") != 0)
		return -1;
	if (json_object_get(ev->body, "category") != NULL &&
	    model_category_parse(cat) <= CAT_NONE)
		return rules_refuse(c, "category", "unknown category \"%s\"; "
		    "the categories are deployment, configuration, integration, "
		    "capacity, dependency, detection, process and code",
		    cat ? cat : "");
	if (kind_factor_entries(c, ev) != 0)
		return -1;
	return kind_from_park(c, ev);
}

/* The parked thought ev came from (from_park) is triaged as what. */
static void kind_triage(struct model_incident *inc, const struct event *ev,
    enum model_triage what, int into)
{
	struct model_parked *p = model_parked_find(inc,
	    event_int(ev, "from_park"));

	if (p == NULL)
		return;
	p->triage = what;
	p->into = into;
	p->triage_seq = ev->seq;
}

/* A new factor, numbered from 1 (C1). */
static void kind_factor_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	json_t *a = json_object_get(ev->body, "entries"), *v;
	struct model_factor *f;
	int cat = model_category_parse(event_str(ev, "category"));
	size_t i;

	if (model_entry_add(inc, ev) == NULL)
		return;
	inc->factors = model_grow(inc->factors, inc->nfactors,
	    sizeof *inc->factors);
	f = &inc->factors[inc->nfactors];
	memset(f, 0, sizeof *f);
	f->id = (int)++inc->nfactors;
	f->seq = ev->seq;
	f->text = xstrdup(kind_str(ev, "text"));
	f->category = cat > 0 ? (enum model_category)cat : CAT_NONE;
	f->entries = xcalloc(json_array_size(a) + 1, sizeof *f->entries);
	json_array_foreach(a, i, v) {
		if (json_is_integer(v))
			f->entries[f->nentries++] = json_integer_value(v);
	}
	kind_triage(inc, ev, TRIAGE_FACTOR, f->id);
}

/* factor {text, category?, entries?, from_park?}: "C2 [deployment] text
 * (shown by #12, #15)". */
static char *kind_factor_describe(const struct event *ev,
    const struct model_incident *inc)
{
	json_t *a = json_object_get(ev->body, "entries"), *v;
	const char *cat = event_str(ev, "category");
	char *num = NULL, *head, *ids = xstrdup(""), *next, *s;
	size_t i;

	for (i = 0; inc != NULL && i < inc->nfactors; i++) {
		if (inc->factors[i].seq == ev->seq)
			num = xasprintf("C%d: ", inc->factors[i].id);
	}
	json_array_foreach(a, i, v) {
		next = xasprintf("%s%s#%" PRId64, ids, i ? ", " : "",
		    (int64_t)json_integer_value(v));
		free(ids);
		ids = next;
	}
	head = xasprintf("%s%s%s%s%s", num ? num : "", cat ? "[" : "",
	    cat ? cat : "", cat ? "] " : "", kind_str(ev, "text"));
	next = *ids ? xasprintf("shown by %s", ids) : xstrdup("");
	s = kind_with(head, next);
	free(ids);
	free(head);
	free(num);
	return s;
}

const struct kind kind_factor = {
	.kind = EV_FACTOR,
	.name = "factor",
	.marker = "FACT",
	.flags = KIND_ANALYSIS | KIND_NUMBERED,
	.describe = kind_factor_describe,
	.check = kind_factor_check,
	.fold = kind_factor_fold,
};

/* " (state: done; owner: X; due: D; note)" of a follow-up event. */
static char *kind_followup_fields(const struct event *ev)
{
	char *out = xstrdup(""), *due = NULL;

	kind_add(&out, "state", event_str(ev, "state"));
	kind_add(&out, "owner", event_str(ev, "owner"));
	if (event_int(ev, "due") > 0)
		due = when_format(event_int(ev, "due"));
	kind_add(&out, "due", due);
	kind_add(&out, "note", event_str(ev, "note"));
	free(due);
	return out;
}

/* The number the fold gave the follow-up recorded as ev, or 0. */
static int kind_followup_number(const struct event *ev,
    const struct model_incident *inc)
{
	size_t i;

	for (i = 0; inc != NULL && i < inc->nfollowups; i++) {
		if (inc->followups[i].seq == ev->seq)
			return inc->followups[i].id;
	}
	return 0;
}

/* followup {text, owner?, due?}: "F3: text (owner: X; due: D)". */
static char *kind_followup_describe(const struct event *ev,
    const struct model_incident *inc)
{
	int n = kind_followup_number(ev, inc);
	char *head, *s;

	head = n ? xasprintf("F%d: %s", n, kind_str(ev, "text")) :
	    xstrdup(kind_str(ev, "text"));
	s = kind_with(head, kind_followup_fields(ev));
	free(head);
	return s;
}

/* An owner (team or role, free text) and a due date, when given. */
static int kind_followup_owner_due(struct rules_ctx *c,
    const struct event *ev)
{
	json_t *owner = json_object_get(ev->body, "owner");
	json_t *due = json_object_get(ev->body, "due");
	size_t i;

	if (owner != NULL && !json_is_null(owner) && (!json_is_string(owner) ||
	    json_string_length(owner) > SR_MAX_NAME))
		return rules_refuse(c, "owner", "a follow-up owner is a team or "
		    "role name of at most %d bytes", SR_MAX_NAME);
	if (due != NULL && !json_is_null(due) && (!json_is_integer(due) ||
	    json_integer_value(due) <= 0))
		return rules_refuse(c, "due", "a follow-up due date must be a "
		    "time, e.g. 2026-12-01");
	for (i = 0; json_is_string(owner) && i < c->inc->npeople; i++) {
		if (strcasecmp(c->inc->people[i], json_string_value(owner)) == 0)
			rules_warn(c, xasprintf("the owner %s is a person; give "
			    "the follow-up to a team or role instead, e.g. "
			    "'payments team'", c->inc->people[i]));
	}
	return 0;
}

/* A follow-up action: text, and an owner and due date when known. */
static int kind_followup_check(struct rules_ctx *c, struct event *ev)
{
	json_t *factor = json_object_get(ev->body, "factor");

	if (kind_analysis_text(c, ev, "follow-ups belong", "a follow-up "
	    "needs text: the action that removes the condition") != 0 ||
	    kind_from_park(c, ev) != 0)
		return -1;
	if (factor != NULL && (!json_is_integer(factor) ||
	    model_factor_find(c->inc, (int)json_integer_value(factor)) ==
	    NULL))
		return rules_refuse(c, "factor", "%s has no contributing factor "
		    "of that number; its factors are C1 to C%zu", c->inc->ref,
		    c->inc->nfactors);
	return kind_followup_owner_due(c, ev);
}

/* A new follow-up, numbered from 1. */
static void kind_followup_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	struct model_followup *f;
	const char *owner = event_str(ev, "owner");

	model_entry_add(inc, ev);
	inc->followups = model_grow(inc->followups, inc->nfollowups,
	    sizeof *inc->followups);
	f = &inc->followups[inc->nfollowups];
	memset(f, 0, sizeof *f);
	f->id = (int)++inc->nfollowups;
	f->seq = ev->seq;
	f->text = xstrdup(kind_str(ev, "text"));
	f->owner = (owner != NULL && *owner != '\0') ? xstrdup(owner) : NULL;
	f->due = event_int(ev, "due");
	f->state = FU_OPEN;
	f->factor = (int)event_int(ev, "factor");
	kind_triage(inc, ev, TRIAGE_FOLLOWUP, f->id);
}

const struct kind kind_followup = {
	.kind = EV_FOLLOWUP,
	.name = "followup",
	.marker = "FUP",
	.flags = KIND_ANALYSIS | KIND_NUMBERED,
	.describe = kind_followup_describe,
	.check = kind_followup_check,
	.fold = kind_followup_fold,
};

/* followup.set {id, state?, owner?, due?, note?}: "F3 (state: done)". */
static char *kind_followup_set_describe(const struct event *ev,
    const struct model_incident *inc)
{
	char *head = xasprintf("F%d", (int)event_int(ev, "id"));
	char *s = kind_with(head, kind_followup_fields(ev));

	free(head);
	return s;
}

/* An existing follow-up and at least one change. */
static int kind_followup_set_check(struct rules_ctx *c, struct event *ev)
{
	const struct model_incident *inc = c->inc;
	const char *state = event_str(ev, "state");

	if (rules_analysis_open(c, "follow-ups belong") != 0)
		return -1;
	if (model_followup_find(inc, (int)event_int(ev, "id")) == NULL)
		return rules_refuse(c, "id", "%s has no follow-up %" PRId64 "; "
		    "its follow-ups are 1 to %zu", inc->ref, event_int(ev, "id"),
		    inc->nfollowups);
	if (json_object_get(ev->body, "state") != NULL &&
	    model_followup_state_parse(state) < 0)
		return rules_refuse(c, "state", "unknown follow-up state \"%s\"; "
		    "the states are open, in-progress, done and wont-do", state ? state : "");
	if (state == NULL && json_object_get(ev->body, "owner") == NULL &&
	    json_object_get(ev->body, "due") == NULL)
		return rules_refuse(c, NULL, "nothing to change: give a state, "
		    "an owner or a due date");
	if (rules_text(c, ev, "note", 0, "") != 0)
		return -1;
	return kind_followup_owner_due(c, ev);
}

/* A follow-up's state, owner or due date changes. */
static void kind_followup_set_fold(struct model *m,
    struct model_incident *inc, const struct event *ev)
{
	struct model_followup *f;
	const char *owner = event_str(ev, "owner");
	int s = model_followup_state_parse(event_str(ev, "state"));

	f = model_followup_find(inc, (int)event_int(ev, "id"));
	if (f == NULL)
		return;
	if (s >= 0)
		f->state = (enum model_followup_state)s;
	if (owner != NULL)
		model_set(&f->owner, *owner != '\0' ? owner : NULL);
	if (json_is_integer(json_object_get(ev->body, "due")))
		f->due = event_int(ev, "due");
	if (event_str(ev, "note") != NULL)
		model_set(&f->note, event_str(ev, "note"));
}

const struct kind kind_followup_set = {
	.kind = EV_FOLLOWUP_SET,
	.name = "followup.set",
	.marker = "FUP",
	.flags = KIND_ANALYSIS,
	.describe = kind_followup_set_describe,
	.check = kind_followup_set_check,
	.fold = kind_followup_set_fold,
};

/* annotation {text, triage?}, target: "on #12: text", or "dismisses
 * parked #12: reason". */
static char *kind_annotation_describe(const struct event *ev,
    const struct model_incident *inc)
{
	if (kind_dismissal(ev))
		return xasprintf("dismisses parked #%" PRId64 ": %s",
		    ev->target, kind_str(ev, "text"));
	return xasprintf("on #%" PRId64 ": %s", ev->target,
	    kind_str(ev, "text"));
}

/* 1 for the dismissal of a parked thought (see kind.h). */
int kind_dismissal(const struct event *ev)
{
	return ev->kind == EV_ANNOTATION &&
	    json_object_get(ev->body, "triage") != NULL;
}

/* A triage dismissal (triage: "dismissed") targets a parked thought not
 * triaged yet. */
static int kind_annotation_triage(struct rules_ctx *c, const struct event *ev)
{
	const char *t = event_str(ev, "triage");
	const struct model_parked *p;

	if (!kind_dismissal(ev))
		return 0;
	if (t == NULL || strcmp(t, "dismissed") != 0)
		return rules_refuse(c, "triage", "a parked thought is dismissed "
		    "with triage \"dismissed\"; turn it into a factor or a "
		    "follow-up by recording that instead");
	p = model_parked_find(c->inc, ev->target);
	if (p == NULL)
		return rules_refuse(c, "target", "entry %" PRId64 " is not a "
		    "parked thought", ev->target);
	if (p->triage != TRIAGE_OPEN || p->struck)
		return rules_refuse(c, "target", "parked thought #%" PRId64
		    " was already triaged (%s)", p->seq,
		    p->struck ? "struck" : model_triage_name(p->triage));
	return 0;
}

/* Hindsight on an existing entry of this incident, or the dismissal of a
 * parked thought with the reason. */
static int kind_annotation_check(struct rules_ctx *c, struct event *ev)
{
	const struct model_entry *e;

	if (rules_analysis_open(c, "hindsight annotations belong") != 0 ||
	    rules_target(c, ev, "annotate", &e) != 0 ||
	    kind_annotation_triage(c, ev) != 0)
		return -1;
	return kind_analysis_text(c, ev, "hindsight annotations belong",
	    "an annotation needs text");
}

/* An entry of its own; the annotated one stays as it was (a dismissed
 * parked thought is marked so). */
static void kind_annotation_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	struct model_parked *p;

	model_entry_add(inc, ev);
	if (json_object_get(ev->body, "triage") == NULL ||
	    (p = model_parked_find(inc, ev->target)) == NULL)
		return;
	p->triage = TRIAGE_DISMISSED;
	p->triage_seq = ev->seq;
}

const struct kind kind_annotation = {
	.kind = EV_ANNOTATION,
	.name = "annotation",
	.marker = "ANNO",
	.flags = KIND_ANALYSIS,
	.describe = kind_annotation_describe,
	.check = kind_annotation_check,
	.fold = kind_annotation_fold,
};

/* summary {text, impact?} or {section, text}: "text (impact: …)", or
 * "What went well? text". */
static char *kind_summary_describe(const struct event *ev,
    const struct model_incident *inc)
{
	int k = model_answer_parse(event_str(ev, "section"));
	char *impact = xstrdup("");

	if (k >= 0) {
		free(impact);
		return xasprintf("%s %s", model_answer_question(k),
		    kind_str(ev, "text"));
	}
	kind_add(&impact, "impact", event_str(ev, "impact"));
	return kind_with(kind_str(ev, "text"), impact);
}

/* The postmortem summary and, optionally, the impact in a sentence; or
 * the answer to one of the analysis questions (section). */
static int kind_summary_check(struct rules_ctx *c, struct event *ev)
{
	const char *section = event_str(ev, "section");

	if (json_object_get(ev->body, "section") != NULL &&
	    (section == NULL || (strcmp(section, "summary") != 0 &&
	    model_answer_parse(section) < 0)))
		return rules_refuse(c, "section", "unknown section \"%s\"; the "
		    "sections are summary, went-well, went-wrong, lucky, teams, "
		    "ownership, missing-info, alerts and slow-recovery",
		    section ? section : "");
	if (kind_analysis_text(c, ev, "the summary belongs", "this needs "
	    "text") != 0 || rules_text(c, ev, "impact", 0, "") != 0)
		return -1;
	rules_blameless_field(c, ev, "impact");
	return 0;
}

/* The summary in force, or the latest answer to a question. */
static void kind_summary_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	int k = model_answer_parse(event_str(ev, "section"));

	if (model_entry_add(inc, ev) == NULL)
		return;
	if (k >= 0) {
		model_set(&inc->answers[k].text, event_str(ev, "text"));
		inc->answers[k].seq = ev->seq;
		return;
	}
	model_set(&inc->summary, event_str(ev, "text"));
	model_set(&inc->impact, event_str(ev, "impact"));
	inc->summary_seq = ev->seq;
}

const struct kind kind_summary = {
	.kind = EV_SUMMARY,
	.name = "summary",
	.marker = "SUMM",
	.flags = KIND_ANALYSIS,
	.describe = kind_summary_describe,
	.check = kind_summary_check,
	.fold = kind_summary_fold,
};
