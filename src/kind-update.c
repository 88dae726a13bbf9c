/* kind-update.c: the status update with explicit uncertainty (DESIGN
 * section 3): impact, known, unknown, confidence, actions, needs, next_at,
 * audience. */
#include <stdlib.h>
#include <string.h>

#include "kind-int.h"
#include "when.h"
#include "xmalloc.h"

/* "[likely, external] impact: …; known: …; unknown: …; doing: …". */
static char *kind_update_describe(const struct event *ev,
    const struct model_incident *inc)
{
	const char *unknown = event_str(ev, "unknown");
	char *out = xstrdup(""), *next = NULL;

	kind_add(&out, "impact", event_str(ev, "impact"));
	kind_add(&out, "known", event_str(ev, "known"));
	kind_add(&out, "unknown", unknown != NULL && *unknown != '\0' ?
	    unknown : "-");
	kind_add(&out, "doing", event_str(ev, "actions"));
	kind_add(&out, "needs", event_str(ev, "needs"));
	if (event_int(ev, "next_at") > 0)
		next = when_format_hm(event_int(ev, "next_at"));
	kind_add(&out, "next due", next);
	free(next);
	next = xasprintf("[%s%s] %s", event_str(ev, "confidence") ?
	    event_str(ev, "confidence") : "?",
	    strcmp(kind_str(ev, "audience"), "external") == 0 ?
	    ", external" : "", out);
	free(out);
	return next;
}

/* Only the commander or the comms lead posts status updates. */
static int kind_update_who(struct rules_ctx *c, const struct event *ev)
{
	const struct model_incident *inc = c->inc;
	const char *comms;

	if (rules_is_ic(inc, ev) || model_holds(inc, ev->actor, ROLE_COMMS))
		return 0;
	comms = rules_holder(inc, ROLE_COMMS);
	if (comms == NULL)
		return rules_refuse(c, NULL, "only the incident commander (%s) "
		    "or the comms lead can post status updates on %s; nobody "
		    "holds comms", rules_ic(inc), inc->ref);
	return rules_refuse(c, NULL, "only the incident commander (%s) or the "
	    "comms lead (%s) can post status updates on %s", rules_ic(inc),
	    comms, inc->ref);
}

/* audience (default internal) and next_at (default: the cadence, counted
 * from when the update was given). */
static int kind_update_when(struct rules_ctx *c, struct event *ev)
{
	json_t *aud = json_object_get(ev->body, "audience");
	json_t *next = json_object_get(ev->body, "next_at");
	int64_t due = model_next_due(c->inc, ev->occurred_at);

	if (aud == NULL || json_is_null(aud))
		json_object_set_new(ev->body, "audience", json_string("internal"));
	else if (!json_is_string(aud) || (strcmp(json_string_value(aud),
	    "internal") != 0 && strcmp(json_string_value(aud), "external") != 0))
		return rules_refuse(c, "audience", "the audience is internal or "
		    "external");
	if (next == NULL || json_is_null(next)) {
		if (due != 0)
			json_object_set_new(ev->body, "next_at",
			    json_integer(due));
		else
			json_object_del(ev->body, "next_at");
		return 0;
	}
	/* A past next_at is refused, but for the default itself: an update
	 * back-dated past its cadence is stored with it, and must pass again
	 * as stored (sitrep import). */
	if (!json_is_integer(next) || (json_integer_value(next) <=
	    ev->recorded_at && json_integer_value(next) != due))
		return rules_refuse(c, "next_at", "the next update must be due "
		    "in the future");
	return 0;
}

/* Impact, known and confidence; unknown unless confirmed. */
static int kind_update_check(struct rules_ctx *c, struct event *ev)
{
	const char *conf = event_str(ev, "confidence");
	int cf = model_confidence_parse(conf);

	if (kind_update_who(c, ev) != 0 ||
	    rules_text(c, ev, "impact", 1, "a status update needs the impact: "
	    "who or what is affected, and how badly") != 0 ||
	    rules_text(c, ev, "known", 1, "a status update needs what is known "
	    "now") != 0)
		return -1;
	if (cf < 0)
		return rules_refuse(c, "confidence", "a status update needs a "
		    "confidence: confirmed, likely, suspected or unknown");
	if (rules_text(c, ev, "unknown", cf != CONF_CONFIRMED, "a status "
	    "update must say what is not known yet unless the confidence is "
	    "confirmed") != 0 ||
	    rules_text(c, ev, "actions", 0, "") != 0 ||
	    rules_text(c, ev, "needs", 0, "") != 0)
		return -1;
	return kind_update_when(c, ev);
}

/* The last status update and the next one due. */
static void kind_update_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	struct model_last_update *lu = &inc->last_update;
	int c = model_confidence_parse(event_str(ev, "confidence"));
	const char *aud = event_str(ev, "audience");

	model_entry_add(inc, ev);
	lu->seq = ev->seq;
	lu->at = model_when(ev);
	model_set(&lu->impact, event_str(ev, "impact"));
	model_set(&lu->known, event_str(ev, "known"));
	model_set(&lu->unknown, event_str(ev, "unknown"));
	model_set(&lu->actions, event_str(ev, "actions"));
	model_set(&lu->needs, event_str(ev, "needs"));
	model_set(&lu->by, ev->actor);
	lu->confidence = (c >= 0) ? (enum model_confidence)c : CONF_UNKNOWN;
	lu->external = (aud != NULL && strcmp(aud, "external") == 0);
	inc->next_update_at = event_int(ev, "next_at");
	if (inc->next_update_at < 0)
		inc->next_update_at = 0;
	inc->snoozed_until = 0; /* a new update starts a new reminder */
}

const struct kind kind_update = {
	.kind = EV_UPDATE,
	.name = "update",
	.marker = "UPD",
	.flags = KIND_LOUD,
	.describe = kind_update_describe,
	.check = kind_update_check,
	.fold = kind_update_fold,
};
