/* kind-entry.c: timeline entries and their corrections: entry,
 * entry.amend and entry.strike. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kind-int.h"
#include "xmalloc.h"

/* entry {type, text}: the text itself (the marker says the type). */
static char *kind_entry_describe(const struct event *ev,
    const struct model_incident *inc)
{
	return xstrdup(kind_str(ev, "text"));
}

/* A typed timeline entry with text; the type defaults to note. */
static int kind_entry_check(struct rules_ctx *c, struct event *ev)
{
	json_t *type = json_object_get(ev->body, "type");

	if (type == NULL || json_is_null(type))
		json_object_set_new(ev->body, "type", json_string("note"));
	else if (!model_entry_type_valid(json_string_value(type)))
		return rules_refuse(c, "type", "unknown entry type \"%s\"; the "
		    "types are note, observation, action, decision, change and "
		    "comms", json_is_string(type) ? json_string_value(type) :
		    "");
	return rules_text(c, ev, "text", 1, "an entry needs text: what was "
	    "seen, done or decided");
}

/* Keep an action entry in the small ring of actions in flight. */
static void kind_entry_action_push(struct model_incident *inc,
    const struct event *ev)
{
	const char *text = event_str(ev, "text");

	if (text == NULL)
		return;
	if (inc->nactions == MODEL_ACTIONS) {
		free(inc->actions[0].text);
		memmove(&inc->actions[0], &inc->actions[1],
		    (MODEL_ACTIONS - 1) * sizeof inc->actions[0]);
		inc->nactions--;
	}
	inc->actions[inc->nactions].seq = ev->seq;
	inc->actions[inc->nactions].at = model_when(ev);
	inc->actions[inc->nactions].text = xstrdup(text);
	inc->nactions++;
}

/* A timeline entry; actions also go to the ring. */
static void kind_entry_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	struct model_entry *e = model_entry_add(inc, ev);

	if (e != NULL && e->type == ENT_ACTION)
		kind_entry_action_push(inc, ev);
}

/* The marker of an entry's type: "OBS" for an observation. */
static const char *kind_entry_marker(const struct event *ev)
{
	static const char *const marks[ENT_COUNT] = {
		[ENT_NOTE] = "NOTE", [ENT_OBSERVATION] = "OBS",
		[ENT_ACTION] = "ACT", [ENT_DECISION] = "DEC",
		[ENT_CHANGE] = "CHG", [ENT_COMMS] = "COMM",
	};
	int t = model_entry_type_parse(event_str(ev, "type"));

	return marks[t >= 0 ? t : ENT_NOTE];
}

const struct kind kind_entry = {
	.kind = EV_ENTRY,
	.name = "entry",
	.marker = "NOTE",
	.flags = 0,
	.describe = kind_entry_describe,
	.check = kind_entry_check,
	.fold = kind_entry_fold,
	.marker_of = kind_entry_marker,
};

/* 1 when a kind's text goes through the blameless check. */
static int kind_entry_blameless(enum event_kind kind)
{
	return kind_is(kind, KIND_ANALYSIS) && kind != EV_PARK;
}

/* An amendment or a strike: by the author or the commander, with a
 * reason, on an entry of this incident that is not struck. */
static int kind_entry_correct(struct rules_ctx *c, struct event *ev)
{
	const char *verb = (ev->kind == EV_AMEND) ? "amend" : "strike";
	const struct model_entry *e;
	const char *author;

	if (rules_target(c, ev, verb, &e) != 0)
		return -1;
	if (e->struck)
		return rules_refuse(c, "target", "entry %" PRId64 " is already "
		    "struck; it cannot be amended or struck again", e->seq);
	author = model_entry_author(c->inc, e);
	if (!rules_is_ic(c->inc, ev) &&
	    (author == NULL || strcmp(author, ev->actor) != 0))
		return rules_refuse(c, NULL, "only the author of entry %" PRId64
		    " (%s) or the incident commander (%s) can %s it", e->seq,
		    author ? author : "unknown", rules_ic(c->inc), verb);
	if (ev->kind == EV_AMEND && rules_text(c, ev, "text", 1, "an "
	    "amendment needs the corrected text") != 0)
		return -1;
	if (rules_text(c, ev, "reason", 1, ev->kind == EV_AMEND ? "an "
	    "amendment needs a reason" : "striking an entry needs a "
	    "reason") != 0)
		return -1;
	if (ev->kind == EV_AMEND && kind_entry_blameless(e->kind))
		rules_blameless_field(c, ev, "text");
	return 0;
}

/* entry.amend {text, reason}, target: "#12 corrected: text (reason: r)". */
static char *kind_amend_describe(const struct event *ev,
    const struct model_incident *inc)
{
	return xasprintf("#%" PRId64 " corrected: %s (reason: %s)", ev->target,
	    kind_str(ev, "text"), kind_str(ev, "reason"));
}

/* The ring slot of an action entry, or -1. */
static int kind_entry_action_slot(const struct model_incident *inc,
    int64_t seq)
{
	size_t i;

	for (i = 0; i < inc->nactions; i++) {
		if (inc->actions[i].seq == seq)
			return (int)i;
	}
	return -1;
}

/* Where the fold keeps the text and the struck flag of what the event
 * seq opened (a hypothesis, a follow-up, a factor, a parked thought); 0
 * when it keeps none. */
static int kind_entry_record(struct model_incident *inc, int64_t seq,
    char ***text, int **struck)
{
	size_t i;

	for (i = 0; i < inc->nhyps; i++) {
		if (inc->hyps[i].seq == seq) {
			*text = &inc->hyps[i].text;
			*struck = &inc->hyps[i].struck;
			return 1;
		}
	}
	for (i = 0; i < inc->nfollowups; i++) {
		if (inc->followups[i].seq == seq) {
			*text = &inc->followups[i].text;
			*struck = &inc->followups[i].struck;
			return 1;
		}
	}
	for (i = 0; i < inc->nfactors; i++) {
		if (inc->factors[i].seq == seq) {
			*text = &inc->factors[i].text;
			*struck = &inc->factors[i].struck;
			return 1;
		}
	}
	for (i = 0; i < inc->nparked; i++) {
		if (inc->parked[i].seq == seq) {
			*text = &inc->parked[i].text;
			*struck = &inc->parked[i].struck;
			return 1;
		}
	}
	return 0;
}

/* The answer (to an analysis question) recorded as seq, or NULL. */
static struct model_answer *kind_entry_answer(struct model_incident *inc,
    int64_t seq)
{
	int k;

	for (k = 0; k < ANS_COUNT; k++) {
		if (inc->answers[k].seq == seq)
			return &inc->answers[k];
	}
	return NULL;
}

/* Apply an amendment's new text where the fold keeps the target's text. */
static void kind_amend_text(struct model_incident *inc,
    const struct model_entry *e, const char *text)
{
	struct model_answer *ans = kind_entry_answer(inc, e->seq);
	char **kept;
	int slot, *struck;

	if (e->seq == inc->summary_seq)
		model_set(&inc->summary, text);
	if (ans != NULL)
		model_set(&ans->text, text);
	slot = kind_entry_action_slot(inc, e->seq);
	if (slot >= 0)
		model_set(&inc->actions[slot].text, text);
	if (kind_entry_record(inc, e->seq, &kept, &struck))
		model_set(kept, text);
}

/* An amendment: the target is flagged, its remembered text updated. */
static void kind_amend_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	struct model_entry *e = model_entry_get(inc, ev->target);
	const char *text = event_str(ev, "text");

	if (e == NULL)
		return;
	e->amended = 1;
	if (text != NULL)
		kind_amend_text(inc, e, text);
}

const struct kind kind_amend = {
	.kind = EV_AMEND,
	.name = "entry.amend",
	.marker = "AMND",
	.flags = KIND_CORRECTION,
	.describe = kind_amend_describe,
	.check = kind_entry_correct,
	.fold = kind_amend_fold,
};

/* entry.strike {reason}, target: "#12 struck (reason: r)". */
static char *kind_strike_describe(const struct event *ev,
    const struct model_incident *inc)
{
	return xasprintf("#%" PRId64 " struck (reason: %s)", ev->target,
	    kind_str(ev, "reason"));
}

/* Drop a struck action from the ring. */
static void kind_entry_action_drop(struct model_incident *inc, int64_t seq)
{
	int slot = kind_entry_action_slot(inc, seq);

	if (slot < 0)
		return;
	free(inc->actions[slot].text);
	memmove(&inc->actions[slot], &inc->actions[slot + 1],
	    (inc->nactions - (size_t)slot - 1) * sizeof inc->actions[0]);
	inc->nactions--;
}

/* A strike: the target stays, flagged; what it counted for no longer does. */
static void kind_strike_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	struct model_entry *e = model_entry_get(inc, ev->target);
	struct model_answer *ans;
	char **text;
	int *struck;

	if (e == NULL || e->struck)
		return;
	e->struck = 1;
	kind_entry_action_drop(inc, e->seq);
	if (e->seq == inc->summary_seq) {
		model_set(&inc->summary, NULL);
		model_set(&inc->impact, NULL);
		inc->summary_seq = 0;
	}
	if ((ans = kind_entry_answer(inc, e->seq)) != NULL) {
		model_set(&ans->text, NULL);
		ans->seq = 0;
	}
	if (kind_entry_record(inc, e->seq, &text, &struck))
		*struck = 1;
}

const struct kind kind_strike = {
	.kind = EV_STRIKE,
	.name = "entry.strike",
	.marker = "STRK",
	.flags = KIND_CORRECTION,
	.describe = kind_strike_describe,
	.check = kind_entry_correct,
	.fold = kind_strike_fold,
};
