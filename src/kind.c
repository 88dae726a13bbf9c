/* kind.c: the table of event kinds (one descriptor each, in kind-*.c) and
 * what every descriptor's describer shares. */
#include <stdlib.h>
#include <string.h>

#include "kind-int.h"
#include "xmalloc.h"

/* Every kind, indexed by enum event_kind. */
static const struct kind *const kind_table[EV_KIND_COUNT] = {
	[EV_DECLARE] = &kind_declare,
	[EV_INCIDENT_UPDATE] = &kind_incident_update,
	[EV_STATUS] = &kind_status,
	[EV_MARK] = &kind_mark,
	[EV_ENTRY] = &kind_entry,
	[EV_AMEND] = &kind_amend,
	[EV_STRIKE] = &kind_strike,
	[EV_ROLE_ASSIGN] = &kind_role_assign,
	[EV_ROLE_RELEASE] = &kind_role_release,
	[EV_CMD_OFFER] = &kind_offer,
	[EV_CMD_ACCEPT] = &kind_accept,
	[EV_CMD_DECLINE] = &kind_decline,
	[EV_CMD_WITHDRAW] = &kind_withdraw,
	[EV_CMD_RELIEVE] = &kind_relieve,
	[EV_SNOOZE] = &kind_snooze,
	[EV_UPDATE] = &kind_update,
	[EV_HYP_OPEN] = &kind_hyp_open,
	[EV_HYP_SET] = &kind_hyp_set,
	[EV_PARK] = &kind_park,
	[EV_FACTOR] = &kind_factor,
	[EV_FOLLOWUP] = &kind_followup,
	[EV_FOLLOWUP_SET] = &kind_followup_set,
	[EV_ANNOTATION] = &kind_annotation,
	[EV_SUMMARY] = &kind_summary,
};

/* The descriptor of a kind, or NULL. */
const struct kind *kind_get(enum event_kind kind)
{
	if (kind <= EV_UNKNOWN || kind >= EV_KIND_COUNT)
		return NULL;
	return kind_table[kind];
}

/* The kind of a stored name, EV_UNKNOWN when not in the vocabulary. */
enum event_kind kind_parse(const char *name)
{
	int k;

	for (k = EV_UNKNOWN + 1; name != NULL && k < EV_KIND_COUNT; k++) {
		if (strcmp(kind_table[k]->name, name) == 0)
			return (enum event_kind)k;
	}
	return EV_UNKNOWN;
}

/* 1 when kind has every flag in flags. */
int kind_is(enum event_kind kind, unsigned flags)
{
	const struct kind *k = kind_get(kind);

	return k != NULL && (k->flags & flags) == flags;
}

/* The marker of an event. */
const char *kind_marker(const struct event *ev)
{
	const struct kind *k = kind_get(ev->kind);

	if (k == NULL)
		return "?";
	return k->marker_of != NULL ? k->marker_of(ev) : k->marker;
}

/* The event in words, raw. */
char *kind_describe(const struct event *ev, const struct model_incident *inc)
{
	const struct kind *k = kind_get(ev->kind);

	if (k == NULL)
		return xstrdup("(an event of a kind this sitrep does not know)");
	return k->describe(ev, inc);
}

/* A string field of the body, "" when absent. */
const char *kind_str(const struct event *ev, const char *field)
{
	const char *v = event_str(ev, field);

	return v != NULL ? v : "";
}

/* Append "; key: value" to *out when value is set. */
void kind_add(char **out, const char *key, const char *value)
{
	char *s;

	if (value == NULL || *value == '\0')
		return;
	s = xasprintf("%s%s%s%s%s", *out, **out ? "; " : "", key ? key : "",
	    key ? ": " : "", value);
	free(*out);
	*out = s;
}

/* text, then " (inner)" when inner is not empty; frees inner. */
char *kind_with(const char *text, char *inner)
{
	char *s = xasprintf("%s%s%s%s", text, *inner ? " (" : "", inner,
	    *inner ? ")" : "");

	free(inner);
	return s;
}
