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

/* park {text}, factor {text}: the text itself. */
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

/* An entry counted as parked. */
static void kind_park_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	if (model_entry_add(inc, ev) != NULL)
		inc->nparked++;
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

/* A contributing factor: the condition that made this possible. */
static int kind_factor_check(struct rules_ctx *c, struct event *ev)
{
	return kind_analysis_text(c, ev, "factors belong", "a contributing "
	    "factor needs text: the condition that made this possible");
}

/* An entry counted as a factor. */
static void kind_factor_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	if (model_entry_add(inc, ev) != NULL)
		inc->nfactors++;
}

const struct kind kind_factor = {
	.kind = EV_FACTOR,
	.name = "factor",
	.marker = "FACT",
	.flags = KIND_ANALYSIS,
	.describe = kind_text_describe,
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
	if (kind_analysis_text(c, ev, "follow-ups belong", "a follow-up "
	    "needs text: the action that removes the condition") != 0)
		return -1;
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

/* annotation {text}, target: "on #12: text". */
static char *kind_annotation_describe(const struct event *ev,
    const struct model_incident *inc)
{
	return xasprintf("on #%" PRId64 ": %s", ev->target,
	    kind_str(ev, "text"));
}

/* Hindsight on an existing entry of this incident. */
static int kind_annotation_check(struct rules_ctx *c, struct event *ev)
{
	const struct model_entry *e;

	if (rules_analysis_open(c, "hindsight annotations belong") != 0 ||
	    rules_target(c, ev, "annotate", &e) != 0)
		return -1;
	return kind_analysis_text(c, ev, "hindsight annotations belong",
	    "an annotation needs text");
}

/* An entry of its own; the annotated one stays as it was. */
static void kind_annotation_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	model_entry_add(inc, ev);
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

/* summary {text, impact?}: "text (impact: …)". */
static char *kind_summary_describe(const struct event *ev,
    const struct model_incident *inc)
{
	char *impact = xstrdup("");

	kind_add(&impact, "impact", event_str(ev, "impact"));
	return kind_with(kind_str(ev, "text"), impact);
}

/* The postmortem summary and, optionally, the impact in a sentence. */
static int kind_summary_check(struct rules_ctx *c, struct event *ev)
{
	if (kind_analysis_text(c, ev, "the summary belongs", "a summary needs "
	    "text") != 0 || rules_text(c, ev, "impact", 0, "") != 0)
		return -1;
	rules_blameless_field(c, ev, "impact");
	return 0;
}

/* The summary in force. */
static void kind_summary_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	if (model_entry_add(inc, ev) == NULL)
		return;
	model_set(&inc->summary, event_str(ev, "text"));
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
