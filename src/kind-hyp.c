/* kind-hyp.c: hypotheses: hypothesis.open {text}, numbered 1.. per
 * incident, and hypothesis.set {id, state, note?} moving one along
 * open → investigating → supported | ruled-out | confirmed. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kind-int.h"
#include "xmalloc.h"

/* The number the fold gave the hypothesis or follow-up opened by ev, or 0
 * when inc does not know it. */
static int kind_hyp_number(const struct event *ev,
    const struct model_incident *inc)
{
	size_t i;

	for (i = 0; inc != NULL && i < inc->nhyps; i++) {
		if (inc->hyps[i].seq == ev->seq)
			return inc->hyps[i].id;
	}
	return 0;
}

/* "H2: text" (the text alone when the number is not known). */
static char *kind_hyp_open_describe(const struct event *ev,
    const struct model_incident *inc)
{
	int n = kind_hyp_number(ev, inc);

	if (n == 0)
		return xasprintf("opens: %s", kind_str(ev, "text"));
	return xasprintf("H%d: %s", n, kind_str(ev, "text"));
}

/* A hypothesis needs text. */
static int kind_hyp_open_check(struct rules_ctx *c, struct event *ev)
{
	return rules_text(c, ev, "text", 1, "a hypothesis needs text: what "
	    "might explain what we see");
}

/* A new hypothesis, numbered from 1. */
static void kind_hyp_open_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	struct model_hypothesis *h;

	model_entry_add(inc, ev);
	inc->hyps = model_grow(inc->hyps, inc->nhyps, sizeof *inc->hyps);
	h = &inc->hyps[inc->nhyps];
	memset(h, 0, sizeof *h);
	h->id = (int)++inc->nhyps;
	h->seq = ev->seq;
	h->text = xstrdup(kind_str(ev, "text"));
	h->by = model_dup(ev->actor);
	h->state = HYP_OPEN;
	h->changed_at = model_when(ev);
}

const struct kind kind_hyp_open = {
	.kind = EV_HYP_OPEN,
	.name = "hypothesis.open",
	.marker = "HYP",
	.flags = KIND_NUMBERED,
	.describe = kind_hyp_open_describe,
	.check = kind_hyp_open_check,
	.fold = kind_hyp_open_fold,
};

/* "H2 → supported: note". */
static char *kind_hyp_set_describe(const struct event *ev,
    const struct model_incident *inc)
{
	const char *note = event_str(ev, "note");

	return xasprintf("H%d → %s%s%s", (int)event_int(ev, "id"),
	    kind_str(ev, "state"), note ? ": " : "", note ? note : "");
}

/* 1 when a hypothesis may move from state a to b (reopening aside). */
static int kind_hyp_move_ok(enum model_hyp_state a, enum model_hyp_state b)
{
	switch (a) {
	case HYP_OPEN:
		return b == HYP_INVESTIGATING || b == HYP_RULED_OUT;
	case HYP_INVESTIGATING:
		return b != HYP_OPEN;
	case HYP_SUPPORTED:
		return b == HYP_CONFIRMED || b == HYP_RULED_OUT ||
		    b == HYP_INVESTIGATING;
	default:
		return b == HYP_INVESTIGATING;
	}
}

/* Refusal for a move kind_hyp_move_ok() does not allow. */
static int kind_hyp_bad_move(struct rules_ctx *c,
    const struct model_hypothesis *h, int s)
{
	if (s == HYP_OPEN)
		return rules_refuse(c, "state", "a hypothesis cannot go back to "
		    "open; set hypothesis %d to investigating, with a note "
		    "saying why", h->id);
	if (h->state == HYP_OPEN)
		return rules_refuse(c, "state", "hypothesis %d is still open; "
		    "investigate it before calling it %s", h->id,
		    model_hyp_state_name((enum model_hyp_state)s));
	return rules_refuse(c, "state", "hypothesis %d is %s; to change that, "
	    "reopen it first: set it to investigating with a note saying what "
	    "changed", h->id, model_hyp_state_name(h->state));
}

/* The hypothesis a set names, or NULL after a refusal. */
static const struct model_hypothesis *kind_hyp_find(struct rules_ctx *c,
    const struct event *ev)
{
	const struct model_incident *inc = c->inc;
	const struct model_hypothesis *h;

	h = model_hypothesis_find(inc, (int)event_int(ev, "id"));
	if (h == NULL && inc->nhyps == 0)
		rules_refuse(c, "id", "%s has no hypotheses yet; open one first",
		    inc->ref);
	else if (h == NULL)
		rules_refuse(c, "id", "%s has no hypothesis %" PRId64 "; its "
		    "hypotheses are 1 to %zu", inc->ref, event_int(ev, "id"),
		    inc->nhyps);
	else if (h->struck)
		rules_refuse(c, "id", "hypothesis %d was struck; open a new one "
		    "instead", h->id);
	else
		return h;
	return NULL;
}

/* An existing hypothesis, a sensible move; reopening to investigating
 * from a verdict needs a note. */
static int kind_hyp_set_check(struct rules_ctx *c, struct event *ev)
{
	const char *name = event_str(ev, "state");
	const struct model_hypothesis *h;
	int s = model_hyp_state_parse(name);

	if ((h = kind_hyp_find(c, ev)) == NULL)
		return -1;
	if (s < 0)
		return rules_refuse(c, "state", "unknown hypothesis state "
		    "\"%s\"; the states are investigating, supported, ruled-out "
		    "and confirmed", name ? name : "");
	if (s == (int)h->state)
		return rules_refuse(c, "state", "hypothesis %d is already %s",
		    h->id, name);
	if (rules_text(c, ev, "note", 0, "") != 0)
		return -1;
	if (!kind_hyp_move_ok(h->state, (enum model_hyp_state)s))
		return kind_hyp_bad_move(c, h, s);
	if (s == HYP_INVESTIGATING && h->state != HYP_OPEN &&
	    rules_blank(event_str(ev, "note")))
		return rules_refuse(c, "note", "reopening hypothesis %d (now %s) "
		    "needs a note saying what changed", h->id,
		    model_hyp_state_name(h->state));
	return 0;
}

/* A hypothesis changes state. */
static void kind_hyp_set_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	struct model_hypothesis *h;
	int s = model_hyp_state_parse(event_str(ev, "state"));

	h = model_hypothesis_find(inc, (int)event_int(ev, "id"));
	if (h == NULL || s < 0)
		return;
	h->state = (enum model_hyp_state)s;
	h->changed_at = model_when(ev);
}

const struct kind kind_hyp_set = {
	.kind = EV_HYP_SET,
	.name = "hypothesis.set",
	.marker = "HYP",
	.flags = 0,
	.describe = kind_hyp_set_describe,
	.check = kind_hyp_set_check,
	.fold = kind_hyp_set_fold,
};
