/* rules.c: who may do what, and when (DESIGN sections 2-5): what every
 * submission is checked for, the helpers the kinds' checks share
 * (rules-int.h), and the dispatch to the kind's own check (kind.h).
 *
 * Pure: no I/O and no clock; "now" is the event's recorded_at, set by the
 * server. Every refusal is one sentence that states the rule and names who
 * can do it; the field it concerns goes with it, and each client words the
 * fix in its own terms.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kind.h"
#include "rules.h"
#include "rules-int.h"
#include "when.h"
#include "xmalloc.h"

#define RULES_SKEW (5 * 60 * 1000LL) /* clock skew allowed */
#define RULES_DAY (24 * 60 * 60 * 1000LL)

/* A blame phrase and the condition-shaped rewording we suggest. */
struct rules_phrase {
	const char *phrase;
	const char *instead;
};

static const struct rules_phrase rules_phrases[] = {
	{ "human error", "the deploy tool allowed a release without a canary" },
	{ "operator error", "the console offered no confirmation for the "
	    "destructive command" },
	{ "engineer error", "the deploy tool allowed a release without a "
	    "canary" },
	{ "user error", "the form accepted a value the system cannot "
	    "handle" },
	{ "'s fault", "nothing checked the config before it reached "
	    "production" },
	{ "mistake by", "the tool accepted an invalid value silently" },
	{ "fault of", "nothing checked the config before it reached "
	    "production" },
	{ "at fault", "nothing checked the config before it reached "
	    "production" },
	{ "should have", "the runbook did not say to check replication lag "
	    "first" },
	{ "shouldn't have", "the runbook did not warn against this step" },
	{ "should not have", "the runbook did not warn against this step" },
	{ "careless", "the form made the wrong choice the easy one" },
	{ "carelessness", "the form made the wrong choice the easy one" },
	{ "forgot", "no checklist step or alert covered the renewal" },
	{ "forgotten", "no checklist step or alert covered the renewal" },
	{ "negligent", "no review was required for this change" },
	{ "negligence", "no review was required for this change" },
	{ "blame", "the alert fired only after the queue was full" },
	{ "blamed", "the alert fired only after the queue was full" },
	{ "to blame", "the alert fired only after the queue was full" },
	{ "their mistake", "the tool accepted an invalid value silently" },
	{ "his mistake", "the tool accepted an invalid value silently" },
	{ "her mistake", "the tool accepted an invalid value silently" },
	{ "didn't bother", "the check was slow, so it was routinely skipped" },
	{ "did not bother", "the check was slow, so it was routinely skipped" },
	{ "sloppy", "the review checklist did not cover migrations" },
	{ "incompetent", "the on-call had no training for this system" },
	{ "lazy", "the check was slow, so it was routinely skipped" },
	{ "stupid", "the tool accepted an invalid value silently" },
	{ "screwed up", "the tool accepted an invalid value silently" },
	{ "messed up", "the tool accepted an invalid value silently" },
	{ "ignored the", "the warning looked like the many false alarms "
	    "before it" },
};

/* Refuse with a sentence and the field it concerns. */
int rules_refuse(struct rules_ctx *c, const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	free(c->why);
	c->why = xvasprintf(fmt, ap);
	va_end(ap);
	c->field = field;
	return -1;
}

/* Append an advisory warning when there is an array to append to. */
void rules_warn(struct rules_ctx *c, char *text)
{
	if (c->warnings != NULL)
		json_array_append_new(c->warnings, json_string(text));
	free(text);
}

/* 1 when s is NULL or only white space. */
int rules_blank(const char *s)
{
	if (s == NULL)
		return 1;
	for (; *s != '\0'; s++) {
		if (!isspace((unsigned char)*s))
			return 0;
	}
	return 1;
}

/* 1 when s is a user/role name: 1..SR_MAX_NAME bytes, no space or control. */
int rules_name_ok(const char *s)
{
	if (s == NULL || *s == '\0' || strlen(s) > SR_MAX_NAME)
		return 0;
	for (; *s != '\0'; s++) {
		if (isspace((unsigned char)*s) || iscntrl((unsigned char)*s))
			return 0;
	}
	return 1;
}

/* Check a text field: absent is fine unless required, else a string
 * within SR_MAX_TEXT, not blank when required. Refuses with missing. */
int rules_text(struct rules_ctx *c, const struct event *ev, const char *field,
    int required, const char *missing)
{
	json_t *v = json_object_get(ev->body, field);

	if (v == NULL || json_is_null(v)) {
		if (required)
			return rules_refuse(c, field, "%s", missing);
		return 0;
	}
	if (!json_is_string(v))
		return rules_refuse(c, field, "%s must be text, not a number or "
		    "a list", field);
	if (json_string_length(v) > SR_MAX_TEXT)
		return rules_refuse(c, field, "the %s is %zu bytes; the limit is "
		    "%d: split it into several entries", field,
		    json_string_length(v), SR_MAX_TEXT);
	if (required && rules_blank(json_string_value(v)))
		return rules_refuse(c, field, "%s", missing);
	return 0;
}

/* The commander's name for messages. */
const char *rules_ic(const struct model_incident *inc)
{
	return (inc->ic != NULL) ? inc->ic : "nobody";
}

/* 1 when the actor of ev is the incident commander. */
int rules_is_ic(const struct model_incident *inc, const struct event *ev)
{
	return inc->ic != NULL && strcmp(inc->ic, ev->actor) == 0;
}

/* Refuse unless the actor is the commander. */
int rules_need_ic(struct rules_ctx *c, const struct event *ev,
    const char *what)
{
	if (rules_is_ic(c->inc, ev))
		return 0;
	return rules_refuse(c, NULL, "only the incident commander can %s on "
	    "%s; the commander is %s", what, c->inc->ref, rules_ic(c->inc));
}

/* Refuse a name that is not a host user who may use this server. */
int rules_person(struct rules_ctx *c, const char *field, const char *name)
{
	const struct rules_people *p = c->people;

	if (p != NULL && p->known != NULL && !p->known(name, p->arg))
		return rules_refuse(c, field, "%s is not a user of this host who "
		    "may write on this sitrep server; check the name", name);
	if (p != NULL && p->member != NULL && c->inc != NULL &&
	    c->inc->restricted != NULL &&
	    !p->member(name, c->inc->restricted, p->arg))
		return rules_refuse(c, field, "%s is restricted to group %s, and "
		    "%s is not a member", c->inc->ref, c->inc->restricted, name);
	return 0;
}

/* Name of the current holder of a single-holder role, or NULL. */
const char *rules_holder(const struct model_incident *inc, enum model_role r)
{
	size_t i;

	for (i = 0; i < inc->nstints; i++) {
		if (inc->stints[i].role == r && inc->stints[i].to == 0)
			return inc->stints[i].user;
	}
	return NULL;
}

/* The entry ev->target points at, or a refusal naming where it is. */
int rules_target(struct rules_ctx *c, const struct event *ev,
    const char *verb, const struct model_entry **out)
{
	const struct model *m = c->m;
	size_t i;

	if (ev->target <= 0)
		return rules_refuse(c, "target", "say which entry to %s by its "
		    "number", verb);
	*out = model_entry_find(c->inc, ev->target);
	if (*out != NULL)
		return 0;
	for (i = 0; i < m->nincidents; i++) {
		if (c->people != NULL && c->people->sees != NULL &&
		    !c->people->sees(m->incidents[i], c->people->arg))
			continue;
		if (model_entry_find(m->incidents[i], ev->target) != NULL)
			return rules_refuse(c, "target", "entry %" PRId64
			    " belongs to %s, not %s", ev->target,
			    m->incidents[i]->ref, c->inc->ref);
	}
	return rules_refuse(c, "target", "%s has no entry %" PRId64 " to %s",
	    c->inc->ref, ev->target, verb);
}

/* 1 when c can be part of a word (UTF-8 bytes count as letters). */
static int rules_word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80;
}

/* 1 when word occurs in text as a whole word, ignoring case (a phrase
 * that starts with punctuation, "'s fault", may follow a word). */
static int rules_has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	const char *p = text;
	int glued = n > 0 && !rules_word_char(word[0]);

	if (n == 0)
		return 0;
	while ((p = strcasestr(p, word)) != NULL) {
		if ((glued || p == text || !rules_word_char(p[-1])) &&
		    !rules_word_char(p[n]))
			return 1;
		p++;
	}
	return 0;
}

/* Blameless check: participant names and blame phrases, as warnings. */
int rules_blameless(const struct model_incident *inc, const char *text,
    json_t *warnings)
{
	struct rules_ctx c = { NULL, inc, warnings, NULL, NULL, NULL };
	size_t i;
	int n = 0;

	if (text == NULL)
		return 0;
	for (i = 0; inc != NULL && i < inc->npeople; i++) {
		if (strlen(inc->people[i]) < 2 ||
		    !rules_has_word(text, inc->people[i]))
			continue;
		rules_warn(&c, xasprintf("this names %s, who took part in the "
		    "incident; describe the condition that made this possible "
		    "instead, e.g. 'the runbook did not say which host to "
		    "drain'", inc->people[i]));
		n++;
	}
	for (i = 0; i < sizeof rules_phrases / sizeof rules_phrases[0]; i++) {
		if (!rules_has_word(text, rules_phrases[i].phrase))
			continue;
		rules_warn(&c, xasprintf("\"%s\" points at a person; describe "
		    "the condition that made this possible instead, e.g. '%s'",
		    rules_phrases[i].phrase, rules_phrases[i].instead));
		n++;
	}
	return n;
}

/* Blameless check of one body field, when it is text. */
void rules_blameless_field(struct rules_ctx *c, const struct event *ev,
    const char *field)
{
	rules_blameless(c->inc, event_str(ev, field), c->warnings);
}

/* The analysis kinds are locked during recovery: point to park. */
int rules_analysis_open(struct rules_ctx *c, const char *what)
{
	if (!model_in_recovery(c->inc))
		return 0;
	return rules_refuse(c, NULL, "%s to the analysis, which opens when %s "
	    "is resolved; park the thought until then", what, c->inc->ref);
}

/* A title: 1..SR_MAX_TITLE bytes, not blank. */
int rules_title(struct rules_ctx *c, const struct event *ev, int required)
{
	json_t *v = json_object_get(ev->body, "title");

	if ((v == NULL || json_is_null(v)) && !required)
		return 0;
	if (!json_is_string(v) || rules_blank(json_string_value(v)))
		return rules_refuse(c, "title", "an incident needs a title that "
		    "says what is broken, e.g. 'checkout is slow'");
	if (json_string_length(v) > SR_MAX_TITLE)
		return rules_refuse(c, "title", "the title is %zu bytes; keep it "
		    "to %d", json_string_length(v), SR_MAX_TITLE);
	return 0;
}

/* A severity: an integer 1..4. */
int rules_severity(struct rules_ctx *c, const struct event *ev, int required)
{
	json_t *v = json_object_get(ev->body, "severity");

	if ((v == NULL || json_is_null(v)) && !required)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > 4)
		return rules_refuse(c, "severity", "severity is a number from 1 "
		    "(worst) to 4");
	return 0;
}

/* Each ref must look like key:value. */
static int rules_refs(struct rules_ctx *c, const struct event *ev)
{
	const char *s, *colon;
	json_t *item;
	size_t i;

	if (ev->refs == NULL)
		return 0;
	if (!json_is_array(ev->refs))
		return rules_refuse(c, "refs", "refs must be a list of key:value "
		    "names, e.g. deploy:4711");
	json_array_foreach(ev->refs, i, item) {
		s = json_string_value(item);
		colon = (s != NULL) ? strchr(s, ':') : NULL;
		if (colon == NULL || colon == s || colon[1] == '\0')
			return rules_refuse(c, "refs", "the reference \"%s\" is "
			    "not key:value; write it like deploy:4711 or "
			    "ticket:OPS-12", s != NULL ? s : "");
	}
	return 0;
}

/* Checks every event gets: author, body, times (normalizing occurred_at). */
static int rules_common(struct rules_ctx *c, struct event *ev)
{
	if (ev->actor == NULL || *ev->actor == '\0')
		return rules_refuse(c, NULL, "the server could not tell who you "
		    "are; reconnect and try again");
	if (!json_is_object(ev->body))
		return rules_refuse(c, NULL, "the event body must be a JSON "
		    "object");
	if (ev->occurred_at == 0)
		ev->occurred_at = ev->recorded_at;
	if (ev->occurred_at < 0)
		return rules_refuse(c, "at", "that time is before 1970; give the "
		    "time it happened");
	if (ev->occurred_at > ev->recorded_at + RULES_SKEW)
		return rules_refuse(c, "at", "that time is more than 5 minutes "
		    "in the future; give the time it happened (check the "
		    "clock)");
	return rules_refs(c, ev);
}

/* Warn when setting mark mk to at leaves a duration inconsistent. */
void rules_mark_order(struct rules_ctx *c, enum model_mark mk, int64_t at)
{
	struct model_incident after = *c->inc;
	struct model_span was, now;
	int d;

	after.marks[mk] = at;
	for (d = 0; d < DUR_COUNT; d++) {
		model_duration(c->inc, (enum model_duration)d, &was);
		model_duration(&after, (enum model_duration)d, &now);
		if (now.ms >= 0 || strstr(now.na, " is before ") == NULL ||
		    strcmp(now.na, was.na) == 0)
			continue;
		rules_warn(c, xasprintf("%s: %s shows n/a until the marks "
		    "agree (%s)", now.na, model_duration_name(d),
		    model_duration_definition(d)));
	}
}

/* The earliest key instant of an incident, 0 when none. */
static int64_t rules_earliest(const struct model_incident *inc)
{
	int64_t first = 0;
	int m;

	for (m = 0; m < MARK_COUNT; m++) {
		if (inc->marks[m] != 0 && (first == 0 || inc->marks[m] < first))
			first = inc->marks[m];
	}
	return first;
}

/* Warn about an instant more than a day before the incident's earliest
 * mark: a typo in a date is likelier than a lead that long (marks are
 * what set that span, so they are not judged by it). */
static void rules_when(struct rules_ctx *c, const struct event *ev)
{
	int64_t first = rules_earliest(c->inc);
	char *gap;

	if (first == 0 || ev->occurred_at >= first - RULES_DAY)
		return;
	gap = when_format_duration(first - ev->occurred_at);
	rules_warn(c, xasprintf("this is dated %s before %s's earliest key "
	    "time; check the date", gap, c->inc->ref));
	free(gap);
}

/* 1 when ev moves a closed incident (back to the analysis, or reopened). */
static int rules_is_reopen(const struct event *ev)
{
	return ev->kind == EV_STATUS;
}

/* The incident ev is for, normalizing its ref; NULL after a refusal. */
static const struct model_incident *rules_incident(struct rules_ctx *c,
    struct event *ev)
{
	const struct model_incident *inc;

	if (ev->incident == NULL || *ev->incident == '\0') {
		rules_refuse(c, "incident", "say which incident, e.g. INC-3");
		return NULL;
	}
	inc = model_find(c->m, ev->incident);
	if (inc == NULL || (c->people != NULL && c->people->sees != NULL &&
	    !c->people->sees(inc, c->people->arg))) {
		rules_refuse(c, "incident", "no incident %s", ev->incident);
		return NULL;
	}
	if (strcmp(ev->incident, inc->ref) != 0) {
		free(ev->incident);
		ev->incident = xstrdup(inc->ref);
	}
	if (inc->status == ST_CLOSED && !rules_is_reopen(ev)) {
		rules_refuse(c, NULL, "%s is closed; nothing more can be added "
		    "until the commander (%s) takes it back to the analysis, "
		    "with a reason", inc->ref, rules_ic(inc));
		return NULL;
	}
	return inc;
}

/* Check a submission against the state folded so far. */
int rules_check(const struct model *m, struct event *ev, json_t *warnings,
    char **why, const char **field)
{
	return rules_check_people(m, ev, warnings, NULL, why, field);
}

/* The advice the server would give ev (see rules.h): checked as a copy
 * by actor at now; a refusal gives none. */
int rules_advise(const struct model *m, const struct event *ev,
    const char *actor, int64_t now, json_t *warnings)
{
	struct event *copy = event_copy(ev);
	const char *field;
	char *why = NULL;
	size_t before = json_array_size(warnings);
	int rc;

	free(copy->actor);
	copy->actor = xstrdup(actor != NULL ? actor : "");
	copy->recorded_at = now;
	rc = rules_check(m, copy, warnings, &why, &field);
	event_free(copy);
	free(why);
	if (rc != 0) {
		while (json_array_size(warnings) > before)
			json_array_remove(warnings, before);
		return 0;
	}
	return (int)(json_array_size(warnings) - before);
}

/* Check a submission, names of people included. */
int rules_check_people(const struct model *m, struct event *ev,
    json_t *warnings, const struct rules_people *people, char **why,
    const char **field)
{
	struct rules_ctx c = { m, NULL, warnings, NULL, NULL, people };
	const struct kind *k = kind_get(ev->kind);
	int rc = -1;

	if (k == NULL)
		rules_refuse(&c, "kind", "unknown event kind");
	else if (rules_common(&c, ev) != 0)
		;
	else if (ev->kind != EV_DECLARE &&
	    (c.inc = rules_incident(&c, ev)) == NULL)
		;
	else if ((rc = k->check(&c, ev)) == 0 && c.inc != NULL &&
	    ev->kind != EV_MARK)
		rules_when(&c, ev);
	*why = c.why;
	*field = c.field;
	return rc;
}
