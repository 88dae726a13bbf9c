/* rules.c: who may do what, and when (DESIGN sections 2-5).
 *
 * Pure: no I/O and no clock; "now" is the event's recorded_at, set by the
 * server. Every refusal is one sentence that names who can do it and what
 * to do instead.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "xmalloc.h"

#define RULES_SKEW (5 * 60 * 1000LL)            /* clock skew allowed */
#define RULES_SNOOZE_MIN (60 * 1000LL)          /* 1 minute */
#define RULES_SNOOZE_MAX (24 * 60 * 60 * 1000LL) /* 24 hours */

/* A blame phrase and the condition-shaped rewording we suggest. */
struct rules_phrase {
	const char *phrase;
	const char *instead;
};

static const struct rules_phrase rules_phrases[] = {
	{ "human error", "the deploy tool allowed a release without a canary" },
	{ "operator error", "the console offered no confirmation for the "
	    "destructive command" },
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

/* Set *why to a formatted sentence and return -1 (a refusal). */
static int rules_refuse(char **why, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Set *why to a formatted sentence and return -1 (a refusal). */
static int rules_refuse(char **why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	*why = xvasprintf(fmt, ap);
	va_end(ap);
	return -1;
}

/* Append an advisory warning when there is an array to append to. */
static void rules_warn(json_t *warnings, char *text)
{
	if (warnings != NULL)
		json_array_append_new(warnings, json_string(text));
	free(text);
}

/* 1 when s is NULL or only white space. */
static int rules_blank(const char *s)
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
static int rules_name_ok(const char *s)
{
	size_t n;

	if (s == NULL || *s == '\0' || (n = strlen(s)) > SR_MAX_NAME)
		return 0;
	for (; *s != '\0'; s++) {
		if (isspace((unsigned char)*s) || iscntrl((unsigned char)*s))
			return 0;
	}
	return 1;
}

/* Check a text field: absent is fine unless required, else a string
 * within SR_MAX_TEXT, not blank when required. Refuses with missing. */
static int rules_text(const struct event *ev, const char *field, int required,
    const char *missing, char **why)
{
	json_t *v = json_object_get(ev->body, field);

	if (v == NULL || json_is_null(v)) {
		if (required)
			return rules_refuse(why, "%s", missing);
		return 0;
	}
	if (!json_is_string(v))
		return rules_refuse(why, "%s must be text, not a number or a "
		    "list", field);
	if (json_string_length(v) > SR_MAX_TEXT)
		return rules_refuse(why, "the %s is %zu bytes; the limit is %d: "
		    "split it into several entries", field,
		    json_string_length(v), SR_MAX_TEXT);
	if (required && rules_blank(json_string_value(v)))
		return rules_refuse(why, "%s", missing);
	return 0;
}

/* The commander's name for messages. */
static const char *rules_ic(const struct model_incident *inc)
{
	return (inc->ic != NULL) ? inc->ic : "nobody";
}

/* 1 when the actor of ev is the incident commander. */
static int rules_is_ic(const struct model_incident *inc,
    const struct event *ev)
{
	return inc->ic != NULL && strcmp(inc->ic, ev->actor) == 0;
}

/* Refuse unless the actor is the commander; what is "change status" etc. */
static int rules_need_ic(const struct model_incident *inc,
    const struct event *ev, const char *what, char **why)
{
	if (rules_is_ic(inc, ev))
		return 0;
	return rules_refuse(why, "only the incident commander can %s on %s; "
	    "the commander is %s", what, inc->ref, rules_ic(inc));
}

/* 1 when c can be part of a word (UTF-8 bytes count as letters). */
static int rules_word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80;
}

/* 1 when word occurs in text as a whole word, ignoring case. */
static int rules_has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	const char *p = text;

	if (n == 0)
		return 0;
	while ((p = strcasestr(p, word)) != NULL) {
		if ((p == text || !rules_word_char(p[-1])) &&
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
	size_t i;
	int n = 0;

	if (text == NULL)
		return 0;
	for (i = 0; inc != NULL && i < inc->npeople; i++) {
		if (strlen(inc->people[i]) < 2 ||
		    !rules_has_word(text, inc->people[i]))
			continue;
		rules_warn(warnings, xasprintf("this names %s, who took part in "
		    "the incident; describe the condition that made this "
		    "possible instead, e.g. 'the runbook did not say which host "
		    "to drain'", inc->people[i]));
		n++;
	}
	for (i = 0; i < sizeof rules_phrases / sizeof rules_phrases[0]; i++) {
		if (!rules_has_word(text, rules_phrases[i].phrase))
			continue;
		rules_warn(warnings, xasprintf("\"%s\" points at a person; "
		    "describe the condition that made this possible instead, "
		    "e.g. '%s'", rules_phrases[i].phrase,
		    rules_phrases[i].instead));
		n++;
	}
	return n;
}

/* Blameless check of one body field, when it is text. */
static void rules_blameless_field(const struct model_incident *inc,
    const struct event *ev, const char *field, json_t *warnings)
{
	rules_blameless(inc, event_str(ev, field), warnings);
}

/* Each ref must look like key:value. */
static int rules_refs(const struct event *ev, char **why)
{
	const char *s, *colon;
	json_t *item;
	size_t i;

	if (ev->refs == NULL)
		return 0;
	if (!json_is_array(ev->refs))
		return rules_refuse(why, "refs must be a list of key:value "
		    "names, e.g. deploy:4711");
	json_array_foreach(ev->refs, i, item) {
		s = json_string_value(item);
		colon = (s != NULL) ? strchr(s, ':') : NULL;
		if (colon == NULL || colon == s || colon[1] == '\0')
			return rules_refuse(why, "the reference \"%s\" is not "
			    "key:value; write it like deploy:4711 or "
			    "ticket:OPS-12", s != NULL ? s : "");
	}
	return 0;
}

/* Checks every event gets: author, body, times (normalizing occurred_at). */
static int rules_common(struct event *ev, char **why)
{
	if (ev->actor == NULL || *ev->actor == '\0')
		return rules_refuse(why, "the server could not tell who you "
		    "are; reconnect and try again");
	if (!json_is_object(ev->body))
		return rules_refuse(why, "the event body must be a JSON object");
	if (ev->occurred_at == 0)
		ev->occurred_at = ev->recorded_at;
	if (ev->occurred_at < 0)
		return rules_refuse(why, "that time is before 1970; give the "
		    "time it happened, e.g. 14:07 or -5m");
	if (ev->occurred_at > ev->recorded_at + RULES_SKEW)
		return rules_refuse(why, "that time is more than 5 minutes in "
		    "the future; give the time it happened (check the clock)");
	return rules_refs(ev, why);
}

/* A title: 1..SR_MAX_TITLE bytes, not blank. */
static int rules_title(const struct event *ev, int required, char **why)
{
	json_t *v = json_object_get(ev->body, "title");

	if ((v == NULL || json_is_null(v)) && !required)
		return 0;
	if (!json_is_string(v) || rules_blank(json_string_value(v)))
		return rules_refuse(why, "an incident needs a title that says "
		    "what is broken, e.g. sitrep new 'checkout is slow'");
	if (json_string_length(v) > SR_MAX_TITLE)
		return rules_refuse(why, "the title is %zu bytes; keep it to %d",
		    json_string_length(v), SR_MAX_TITLE);
	return 0;
}

/* A severity: an integer 1..4. */
static int rules_severity(const struct event *ev, int required, char **why)
{
	json_t *v = json_object_get(ev->body, "severity");

	if ((v == NULL || json_is_null(v)) && !required)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > 4)
		return rules_refuse(why, "severity must be a number from 1 "
		    "(worst) to 4, e.g. --sev 2");
	return 0;
}

/* incident.declare: title, severity, drill; the server's next INC number. */
static int rules_declare(const struct model *m, struct event *ev, char **why)
{
	json_t *drill = json_object_get(ev->body, "drill");

	if (rules_title(ev, 1, why) != 0 || rules_severity(ev, 1, why) != 0)
		return -1;
	if (drill != NULL && !json_is_boolean(drill) && !json_is_null(drill))
		return rules_refuse(why, "drill must be true or false");
	free(ev->incident);
	ev->incident = xasprintf("INC-%d", m->max_number + 1);
	return 0;
}

/* incident.update: the commander retitles or changes severity. */
static int rules_incident_update(const struct model_incident *inc,
    const struct event *ev, char **why)
{
	const char *title = event_str(ev, "title");
	int64_t sev = event_int(ev, "severity");

	if (rules_need_ic(inc, ev, "change the title or severity", why) != 0 ||
	    rules_title(ev, 0, why) != 0 || rules_severity(ev, 0, why) != 0)
		return -1;
	if (title == NULL && sev == 0)
		return rules_refuse(why, "nothing to change: give a new title "
		    "or a severity from 1 to 4");
	if ((title == NULL || strcmp(title, inc->title) == 0) &&
	    (sev == 0 || sev == inc->severity))
		return rules_refuse(why, "%s is already SEV%d with that title; "
		    "nothing changes", inc->ref, inc->severity);
	return 0;
}

/* Follow-ups (not dropped or struck) without an owner, as "2, 5"; the
 * count in *n. NULL when none. */
static char *rules_ownerless(const struct model_incident *inc, size_t *n)
{
	const struct model_followup *f;
	char *out = NULL, *next;
	size_t i;

	*n = 0;
	for (i = 0; i < inc->nfollowups; i++) {
		f = &inc->followups[i];
		if (f->struck || f->state == FU_DROPPED || f->owner != NULL)
			continue;
		next = xasprintf("%s%s%d", out ? out : "", out ? ", " : "",
		    f->id);
		free(out);
		out = next;
		(*n)++;
	}
	return out;
}

/* What closing still needs (summary, factor, owners), as a new phrase, or
 * NULL when nothing is missing. */
static char *rules_close_missing(const struct model_incident *inc)
{
	char *parts[3], *out = NULL, *next, *ids;
	size_t i, n = 0, nids;

	if (inc->summary == NULL)
		parts[n++] = xstrdup("a summary");
	if (model_live_factors(inc) == 0)
		parts[n++] = xstrdup("at least one contributing factor");
	if ((ids = rules_ownerless(inc, &nids)) != NULL)
		parts[n++] = xasprintf("an owner (a team or role) on "
		    "follow-up%s %s", nids > 1 ? "s" : "", ids);
	free(ids);
	for (i = 0; i < n; i++) {
		next = xasprintf("%s%s%s", out ? out : "",
		    i == 0 ? "" : (i + 1 == n ? " and " : ", "), parts[i]);
		free(out);
		free(parts[i]);
		out = next;
	}
	return out;
}

/* Closing from analysis: summary, factor, owners on live follow-ups. */
static int rules_close(const struct model_incident *inc, char **why)
{
	char *missing;
	int rc;

	if (inc->status != ST_ANALYSIS)
		return rules_refuse(why, "%s closes from the analysis; it is %s "
		    "now: resolve it, then sitrep status %s analysis", inc->ref,
		    model_status_name(inc->status), inc->ref);
	missing = rules_close_missing(inc);
	if (missing == NULL)
		return 0;
	rc = rules_refuse(why, "%s cannot close yet: it needs %s", inc->ref,
	    missing);
	free(missing);
	return rc;
}

/* Moves out of analysis or closed: only a reopen (with reason) or close. */
static int rules_status_from_analysis(const struct model_incident *inc,
    int s, int has_reason, char **why)
{
	if (s == ST_INVESTIGATING && !has_reason)
		return rules_refuse(why, "reopening %s needs a reason: sitrep "
		    "status %s investigating --reason TEXT", inc->ref, inc->ref);
	if (s == ST_INVESTIGATING)
		return 0;
	if (s == ST_CLOSED)
		return rules_close(inc, why);
	return rules_refuse(why, "%s is in %s; it can be closed, or reopened "
	    "with: sitrep status %s investigating --reason TEXT", inc->ref,
	    model_status_name(inc->status), inc->ref);
}

/* status.change: the phase machine of DESIGN section 4. */
static int rules_status(const struct model_incident *inc,
    const struct event *ev, char **why)
{
	const char *name = event_str(ev, "status");
	int s = model_status_parse(name);
	int has_reason = !rules_blank(event_str(ev, "reason"));

	if (rules_need_ic(inc, ev, "change the status", why) != 0 ||
	    rules_text(ev, "reason", 0, "", why) != 0)
		return -1;
	if (s < 0)
		return rules_refuse(why, "unknown status \"%s\"; use "
		    "investigating, identified, monitoring, resolved, analysis "
		    "or closed", name ? name : "");
	if (s == (int)inc->status)
		return rules_refuse(why, "%s is already %s", inc->ref, name);
	if (inc->status >= ST_ANALYSIS)
		return rules_status_from_analysis(inc, s, has_reason, why);
	if (s == ST_ANALYSIS && inc->status != ST_RESOLVED)
		return rules_refuse(why, "the analysis opens only once %s is "
		    "resolved; it is %s now", inc->ref,
		    model_status_name(inc->status));
	if (s == ST_CLOSED)
		return rules_close(inc, why);
	if (s < (int)inc->status && !has_reason)
		return rules_refuse(why, "moving %s back from %s to %s needs a "
		    "reason: add --reason TEXT", inc->ref,
		    model_status_name(inc->status), name);
	return 0;
}

/* mark: the commander or the scribe sets a key instant. */
static int rules_mark(const struct model_incident *inc,
    const struct event *ev, char **why)
{
	const char *name = event_str(ev, "mark");
	int mk = model_mark_parse(name);

	if (!rules_is_ic(inc, ev) && !model_holds(inc, ev->actor, ROLE_SCRIBE))
		return rules_refuse(why, "only the incident commander (%s) or "
		    "the scribe can set the key times of %s", rules_ic(inc),
		    inc->ref);
	if (mk == MARK_DECLARED)
		return rules_refuse(why, "the declared time is set by the "
		    "declaration; use impact-start, detected, mitigated or "
		    "resolved");
	if (mk < 0)
		return rules_refuse(why, "unknown mark \"%s\"; use impact-start, "
		    "detected, mitigated or resolved", name ? name : "");
	return 0;
}

/* entry: a typed timeline entry with text; type defaults to note. */
static int rules_entry(struct event *ev, char **why)
{
	json_t *type = json_object_get(ev->body, "type");

	if (type == NULL || json_is_null(type))
		json_object_set_new(ev->body, "type", json_string("note"));
	else if (!model_entry_type_valid(json_string_value(type)))
		return rules_refuse(why, "unknown entry type \"%s\"; use note, "
		    "observation, action, decision, change or comms",
		    json_is_string(type) ? json_string_value(type) : "");
	return rules_text(ev, "text", 1, "an entry needs text: what was seen, "
	    "done or decided", why);
}

/* The entry ev->target points at in inc, or -1 with a refusal naming
 * where it is instead. verb is "amend", "strike" or "annotate". */
static int rules_target(const struct model *m,
    const struct model_incident *inc, const struct event *ev,
    const char *verb, const struct model_entry **out, char **why)
{
	size_t i;

	if (ev->target <= 0)
		return rules_refuse(why, "say which entry to %s by its number; "
		    "sitrep tail %s --no-follow lists them", verb, inc->ref);
	*out = model_entry_find(inc, ev->target);
	if (*out != NULL)
		return 0;
	for (i = 0; i < m->nincidents; i++) {
		if (model_entry_find(m->incidents[i], ev->target) != NULL)
			return rules_refuse(why, "entry %" PRId64 " belongs to "
			    "%s, not %s", ev->target, m->incidents[i]->ref,
			    inc->ref);
	}
	return rules_refuse(why, "%s has no entry %" PRId64 " to %s; sitrep "
	    "tail %s --no-follow lists them", inc->ref, ev->target, verb,
	    inc->ref);
}

/* 1 when a kind's text goes through the blameless check. */
static int rules_kind_blameless(enum event_kind kind)
{
	return kind == EV_FACTOR || kind == EV_FOLLOWUP ||
	    kind == EV_SUMMARY || kind == EV_ANNOTATION;
}

/* entry.amend / entry.strike: by the author or the commander, with a
 * reason, on an entry of this incident that is not struck. */
static int rules_correct(const struct model *m,
    const struct model_incident *inc, const struct event *ev,
    json_t *warnings, char **why)
{
	const char *verb = (ev->kind == EV_AMEND) ? "amend" : "strike";
	const struct model_entry *e;
	const char *author;

	if (rules_target(m, inc, ev, verb, &e, why) != 0)
		return -1;
	if (e->struck)
		return rules_refuse(why, "entry %" PRId64 " is already struck; "
		    "it cannot be amended or struck again", e->seq);
	author = model_entry_author(inc, e);
	if (!rules_is_ic(inc, ev) &&
	    (author == NULL || strcmp(author, ev->actor) != 0))
		return rules_refuse(why, "only the author of entry %" PRId64
		    " (%s) or the incident commander (%s) can %s it", e->seq,
		    author ? author : "unknown", rules_ic(inc), verb);
	if (ev->kind == EV_AMEND && rules_text(ev, "text", 1, "an amendment "
	    "needs the corrected text", why) != 0)
		return -1;
	if (rules_text(ev, "reason", 1, ev->kind == EV_AMEND ? "an amendment "
	    "needs a reason: add --reason WHY" : "striking an entry needs a "
	    "reason: add --reason WHY", why) != 0)
		return -1;
	if (ev->kind == EV_AMEND && rules_kind_blameless(e->kind))
		rules_blameless_field(inc, ev, "text", warnings);
	return 0;
}

/* The role and user of a role event; user defaults to the actor (and is
 * written into the body). */
static int rules_role_args(const struct model_incident *inc, struct event *ev,
    int *role, const char **user, char **why)
{
	const char *name = event_str(ev, "role");

	*role = model_role_parse(name);
	if (*role < 0)
		return rules_refuse(why, "unknown role \"%s\"; the roles are "
		    "deputy, scribe, ops, comms, liaison and sme",
		    name ? name : "");
	if (*role == ROLE_COMMANDER)
		return rules_refuse(why, "command changes hands only by a "
		    "handoff: sitrep handoff %s USER", inc->ref);
	if (json_object_get(ev->body, "user") == NULL)
		json_object_set_new(ev->body, "user", json_string(ev->actor));
	*user = event_str(ev, "user");
	if (!rules_name_ok(*user))
		return rules_refuse(why, "a user name is 1 to %d characters "
		    "without spaces", SR_MAX_NAME);
	return 0;
}

/* Name of the current holder of a single-holder role, or NULL. */
static const char *rules_holder(const struct model_incident *inc,
    enum model_role r)
{
	size_t i;

	for (i = 0; i < inc->nstints; i++) {
		if (inc->stints[i].role == r && inc->stints[i].to == 0)
			return inc->stints[i].user;
	}
	return NULL;
}

/* role.assign: the IC assigns anyone; anyone takes an empty role (or sme)
 * for themselves. */
static int rules_role_assign(const struct model_incident *inc,
    struct event *ev, char **why)
{
	const char *user, *rname, *holder;
	int r;

	if (rules_role_args(inc, ev, &r, &user, why) != 0)
		return -1;
	rname = model_role_name((enum model_role)r);
	if (model_holds(inc, user, (enum model_role)r))
		return rules_refuse(why, "%s already holds %s on %s", user, rname,
		    inc->ref);
	if (rules_is_ic(inc, ev))
		return 0;
	if (strcmp(user, ev->actor) != 0)
		return rules_refuse(why, "only the incident commander can assign "
		    "roles to others; the commander is %s; you can take an "
		    "empty role yourself with: sitrep role %s %s", rules_ic(inc),
		    inc->ref, rname);
	holder = rules_holder(inc, (enum model_role)r);
	if (r != ROLE_SME && holder != NULL)
		return rules_refuse(why, "%s on %s is held by %s; ask %s to "
		    "release it, or the commander (%s) to reassign it", rname,
		    inc->ref, holder, holder, rules_ic(inc));
	return 0;
}

/* role.release: by the holder or the IC, of a role the user holds. */
static int rules_role_release(const struct model_incident *inc,
    struct event *ev, char **why)
{
	const char *user, *rname;
	int r;

	if (rules_role_args(inc, ev, &r, &user, why) != 0)
		return -1;
	rname = model_role_name((enum model_role)r);
	if (!model_holds(inc, user, (enum model_role)r))
		return rules_refuse(why, "%s does not hold %s on %s", user,
		    rname, inc->ref);
	if (strcmp(user, ev->actor) != 0 && !rules_is_ic(inc, ev))
		return rules_refuse(why, "only %s or the incident commander (%s) "
		    "can release %s from %s", user, rules_ic(inc), user, rname);
	return 0;
}

/* command.offer: the IC offers command to someone else, one offer at a
 * time; an empty brief is pre-filled from the state. */
static int rules_offer(const struct model_incident *inc, struct event *ev,
    char **why)
{
	const char *to = event_str(ev, "to");

	if (!rules_is_ic(inc, ev))
		return rules_refuse(why, "only the incident commander can offer "
		    "command of %s; the commander is %s (if %s does not answer: "
		    "sitrep relieve %s --reason WHY)", inc->ref, rules_ic(inc),
		    rules_ic(inc), inc->ref);
	if (to == NULL || *to == '\0')
		return rules_refuse(why, "say who should take command: sitrep "
		    "handoff %s USER", inc->ref);
	if (!rules_name_ok(to))
		return rules_refuse(why, "a user name is 1 to %d characters "
		    "without spaces or control characters: sitrep handoff %s "
		    "USER", SR_MAX_NAME, inc->ref);
	if (strcmp(to, ev->actor) == 0)
		return rules_refuse(why, "you are already the commander of %s",
		    inc->ref);
	if (inc->offer.to != NULL)
		return rules_refuse(why, "command of %s is already offered to %s; "
		    "withdraw the pending offer to %s first", inc->ref,
		    inc->offer.to, inc->offer.to);
	if (rules_text(ev, "brief", 0, "", why) != 0)
		return -1;
	if (rules_blank(event_str(ev, "brief"))) {
		char *brief = model_brief(inc, ev->recorded_at);

		json_object_set_new(ev->body, "brief", json_string(brief));
		free(brief);
	}
	return 0;
}

/* command.accept / decline: only the person offered command. */
static int rules_answer(const struct model_incident *inc,
    const struct event *ev, char **why)
{
	const char *verb = (ev->kind == EV_CMD_ACCEPT) ? "accept" : "decline";

	if (inc->offer.to == NULL)
		return rules_refuse(why, "there is no pending command offer on %s "
		    "to %s", inc->ref, verb);
	if (strcmp(inc->offer.to, ev->actor) != 0)
		return rules_refuse(why, "the command offer on %s is for %s; only "
		    "%s can %s it", inc->ref, inc->offer.to, inc->offer.to, verb);
	return rules_text(ev, "reason", 0, "", why);
}

/* command.withdraw: the IC takes back an outstanding offer. */
static int rules_withdraw(const struct model_incident *inc,
    const struct event *ev, char **why)
{
	if (inc->offer.to == NULL)
		return rules_refuse(why, "there is no pending command offer on %s "
		    "to withdraw", inc->ref);
	if (!rules_is_ic(inc, ev))
		return rules_refuse(why, "only the incident commander (%s) can "
		    "withdraw the command offer on %s", rules_ic(inc), inc->ref);
	return 0;
}

/* command.relieve: someone else takes command, with a reason. */
static int rules_relieve(const struct model_incident *inc,
    const struct event *ev, char **why)
{
	if (rules_is_ic(inc, ev))
		return rules_refuse(why, "you are already the commander of %s; "
		    "to hand over, use: sitrep handoff %s USER", inc->ref,
		    inc->ref);
	return rules_text(ev, "reason", 1, "relieving the commander needs a "
	    "reason, e.g. --reason 'no answer for 20 minutes'", why);
}

/* reminder.snooze: 1 minute to 24 hours, when there is a reminder. */
static int rules_snooze(const struct model_incident *inc,
    const struct event *ev, char **why)
{
	json_t *v = json_object_get(ev->body, "for_ms");

	if (!json_is_integer(v) || json_integer_value(v) < RULES_SNOOZE_MIN ||
	    json_integer_value(v) > RULES_SNOOZE_MAX)
		return rules_refuse(why, "snooze for between 1 minute and 24 "
		    "hours, e.g. sitrep snooze %s 15m", inc->ref);
	if (inc->next_update_at == 0)
		return rules_refuse(why, "%s has no update reminder to snooze "
		    "(SEV%d has no update cadence)", inc->ref, inc->severity);
	return 0;
}

/* Only the IC or the comms lead posts status updates. */
static int rules_update_who(const struct model_incident *inc,
    const struct event *ev, char **why)
{
	const char *comms;

	if (rules_is_ic(inc, ev) || model_holds(inc, ev->actor, ROLE_COMMS))
		return 0;
	comms = rules_holder(inc, ROLE_COMMS);
	if (comms == NULL)
		return rules_refuse(why, "only the incident commander (%s) or "
		    "the comms lead can post status updates on %s; nobody holds "
		    "comms", rules_ic(inc), inc->ref);
	return rules_refuse(why, "only the incident commander (%s) or the "
	    "comms lead (%s) can post status updates on %s", rules_ic(inc),
	    comms, inc->ref);
}

/* audience (default internal) and next_at (default: the cadence). */
static int rules_update_when(const struct model_incident *inc,
    struct event *ev, char **why)
{
	json_t *aud = json_object_get(ev->body, "audience");
	json_t *next = json_object_get(ev->body, "next_at");
	int64_t cadence = model_cadence(inc->severity);

	if (aud == NULL || json_is_null(aud))
		json_object_set_new(ev->body, "audience", json_string("internal"));
	else if (!json_is_string(aud) || (strcmp(json_string_value(aud),
	    "internal") != 0 && strcmp(json_string_value(aud), "external") != 0))
		return rules_refuse(why, "audience must be internal or external");
	if ((next == NULL || json_is_null(next)) && cadence != 0) {
		json_object_set_new(ev->body, "next_at",
		    json_integer(ev->recorded_at + cadence));
		return 0;
	}
	if (next == NULL || json_is_null(next)) {
		json_object_del(ev->body, "next_at");
		return 0;
	}
	if (!json_is_integer(next) || json_integer_value(next) <= ev->recorded_at)
		return rules_refuse(why, "the next update must be due in the "
		    "future; give --next as a later time, e.g. +30m");
	return 0;
}

/* A text field of an update (rules_text), naming the field on refusal. */
static int rules_update_text(const struct event *ev, const char *name,
    int required, const char *missing, char **why, const char **field)
{
	if (rules_text(ev, name, required, missing, why) == 0)
		return 0;
	*field = name;
	return -1;
}

/* update: impact, known, confidence; unknown unless confirmed. */
static int rules_update(const struct model_incident *inc, struct event *ev,
    char **why, const char **field)
{
	const char *conf = event_str(ev, "confidence");
	int c = model_confidence_parse(conf);

	if (rules_update_who(inc, ev, why) != 0 ||
	    rules_update_text(ev, "impact", 1, "a status update needs the "
	    "impact: who or what is affected, and how badly", why, field) != 0 ||
	    rules_update_text(ev, "known", 1, "a status update needs what is "
	    "known now", why, field) != 0)
		return -1;
	if (c < 0) {
		*field = "confidence";
		return rules_refuse(why, "a status update needs a confidence: "
		    "confirmed, likely, suspected or unknown");
	}
	if (rules_update_text(ev, "unknown", c != CONF_CONFIRMED, "an update "
	    "must say what is not known yet unless confidence is confirmed",
	    why, field) != 0 ||
	    rules_update_text(ev, "actions", 0, "", why, field) != 0 ||
	    rules_update_text(ev, "needs", 0, "", why, field) != 0)
		return -1;
	return rules_update_when(inc, ev, why);
}

/* 1 when a hypothesis may move from state a to b (reopening aside). */
static int rules_hyp_move_ok(enum model_hyp_state a, enum model_hyp_state b)
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

/* Refusal for a move rules_hyp_move_ok() does not allow. */
static int rules_hyp_bad_move(const struct model_incident *inc,
    const struct model_hypothesis *h, int s, char **why)
{
	if (s == HYP_OPEN)
		return rules_refuse(why, "a hypothesis cannot go back to open; "
		    "set hypothesis %d to investigating, with a note saying "
		    "why", h->id);
	if (h->state == HYP_OPEN)
		return rules_refuse(why, "hypothesis %d is still open; "
		    "investigate it before calling it %s: sitrep hyp %s set %d "
		    "investigating", h->id, model_hyp_state_name(s), inc->ref,
		    h->id);
	return rules_refuse(why, "hypothesis %d is %s; to change that, reopen "
	    "it first: set it to investigating with a note saying what "
	    "changed", h->id, model_hyp_state_name(h->state));
}

/* hypothesis.set: an existing hypothesis, a sensible move; reopening to
 * investigating from a verdict needs a note. */
static int rules_hyp_set(const struct model_incident *inc,
    const struct event *ev, char **why)
{
	const char *name = event_str(ev, "state");
	struct model_hypothesis *h;
	int s = model_hyp_state_parse(name);

	h = model_hypothesis_find(inc, (int)event_int(ev, "id"));
	if (h == NULL && inc->nhyps == 0)
		return rules_refuse(why, "%s has no hypotheses yet; open one "
		    "with: sitrep hyp %s open TEXT", inc->ref, inc->ref);
	if (h == NULL)
		return rules_refuse(why, "%s has no hypothesis %" PRId64 "; its "
		    "hypotheses are 1 to %zu", inc->ref, event_int(ev, "id"),
		    inc->nhyps);
	if (h->struck)
		return rules_refuse(why, "hypothesis %d was struck; open a new "
		    "one instead", h->id);
	if (s < 0)
		return rules_refuse(why, "unknown hypothesis state \"%s\"; use "
		    "investigating, supported, ruled-out or confirmed",
		    name ? name : "");
	if (s == (int)h->state)
		return rules_refuse(why, "hypothesis %d is already %s", h->id,
		    name);
	if (rules_text(ev, "note", 0, "", why) != 0)
		return -1;
	if (!rules_hyp_move_ok(h->state, (enum model_hyp_state)s))
		return rules_hyp_bad_move(inc, h, s, why);
	if (s == HYP_INVESTIGATING && h->state != HYP_OPEN &&
	    rules_blank(event_str(ev, "note")))
		return rules_refuse(why, "reopening hypothesis %d (now %s) needs "
		    "a note saying what changed", h->id,
		    model_hyp_state_name(h->state));
	return 0;
}

/* The analysis kinds are locked during recovery: point to park. */
static int rules_analysis_open(const struct model_incident *inc,
    const struct event *ev, char **why)
{
	const char *what;

	if (!model_in_recovery(inc))
		return 0;
	switch (ev->kind) {
	case EV_FACTOR:
		what = "factors belong";
		break;
	case EV_FOLLOWUP:
	case EV_FOLLOWUP_SET:
		what = "follow-ups belong";
		break;
	case EV_ANNOTATION:
		what = "hindsight annotations belong";
		break;
	default:
		what = "the summary belongs";
		break;
	}
	return rules_refuse(why, "%s to the analysis, which opens when %s is "
	    "resolved; park the thought for now with: sitrep park %s TEXT",
	    what, inc->ref, inc->ref);
}

/* A follow-up owner (team or role, free text) and due date, if given. */
static int rules_followup_fields(const struct model_incident *inc,
    const struct event *ev, json_t *warnings, char **why)
{
	json_t *owner = json_object_get(ev->body, "owner");
	json_t *due = json_object_get(ev->body, "due");
	size_t i;

	if (owner != NULL && !json_is_null(owner) && (!json_is_string(owner) ||
	    json_string_length(owner) > SR_MAX_NAME))
		return rules_refuse(why, "a follow-up owner is a team or role "
		    "name of at most %d bytes", SR_MAX_NAME);
	if (due != NULL && !json_is_null(due) && (!json_is_integer(due) ||
	    json_integer_value(due) <= 0))
		return rules_refuse(why, "a follow-up due date must be a time, "
		    "e.g. 2026-12-01");
	for (i = 0; json_is_string(owner) && i < inc->npeople; i++) {
		if (strcasecmp(inc->people[i], json_string_value(owner)) == 0)
			rules_warn(warnings, xasprintf("the owner %s is a person; "
			    "give the follow-up to a team or role instead, e.g. "
			    "'payments team'", inc->people[i]));
	}
	return 0;
}

/* followup.set: an existing follow-up and at least one change. */
static int rules_followup_set(const struct model_incident *inc,
    const struct event *ev, json_t *warnings, char **why)
{
	const char *state = event_str(ev, "state");

	if (model_followup_find(inc, (int)event_int(ev, "id")) == NULL)
		return rules_refuse(why, "%s has no follow-up %" PRId64 "; its "
		    "follow-ups are 1 to %zu", inc->ref, event_int(ev, "id"),
		    inc->nfollowups);
	if (json_object_get(ev->body, "state") != NULL &&
	    model_followup_state_parse(state) < 0)
		return rules_refuse(why, "unknown follow-up state \"%s\"; use "
		    "open, done or dropped", state ? state : "");
	if (state == NULL && json_object_get(ev->body, "owner") == NULL &&
	    json_object_get(ev->body, "due") == NULL)
		return rules_refuse(why, "nothing to change: give a state, an "
		    "owner or a due date");
	return rules_followup_fields(inc, ev, warnings, why);
}

/* factor, followup, followup.set, annotation, summary (analysis only). */
static int rules_analysis(const struct model *m,
    const struct model_incident *inc, const struct event *ev,
    json_t *warnings, char **why)
{
	const struct model_entry *e;

	if (rules_analysis_open(inc, ev, why) != 0)
		return -1;
	if (ev->kind == EV_FOLLOWUP_SET)
		return rules_followup_set(inc, ev, warnings, why);
	if (ev->kind == EV_ANNOTATION &&
	    rules_target(m, inc, ev, "annotate", &e, why) != 0)
		return -1;
	if (rules_text(ev, "text", 1, ev->kind == EV_FACTOR ? "a contributing "
	    "factor needs text: the condition that made this possible" :
	    "this needs text", why) != 0)
		return -1;
	if (ev->kind == EV_FOLLOWUP &&
	    rules_followup_fields(inc, ev, warnings, why) != 0)
		return -1;
	if (ev->kind == EV_SUMMARY && rules_text(ev, "impact", 0, "", why) != 0)
		return -1;
	rules_blameless_field(inc, ev, "text", warnings);
	if (ev->kind == EV_SUMMARY)
		rules_blameless_field(inc, ev, "impact", warnings);
	return 0;
}

/* The handoff kinds. */
static int rules_command(const struct model_incident *inc, struct event *ev,
    char **why)
{
	switch (ev->kind) {
	case EV_CMD_OFFER:
		return rules_offer(inc, ev, why);
	case EV_CMD_ACCEPT:
	case EV_CMD_DECLINE:
		return rules_answer(inc, ev, why);
	case EV_CMD_WITHDRAW:
		return rules_withdraw(inc, ev, why);
	default:
		return rules_relieve(inc, ev, why);
	}
}

/* Dispatch for the hypothesis, park and analysis kinds. */
static int rules_kind_more(const struct model *m,
    const struct model_incident *inc, struct event *ev, json_t *warnings,
    char **why)
{
	switch (ev->kind) {
	case EV_HYP_OPEN:
		return rules_text(ev, "text", 1, "a hypothesis needs text: what "
		    "might explain what we see", why);
	case EV_HYP_SET:
		return rules_hyp_set(inc, ev, why);
	case EV_PARK:
		return rules_text(ev, "text", 1, "a parked thought needs text",
		    why);
	case EV_FACTOR:
	case EV_FOLLOWUP:
	case EV_FOLLOWUP_SET:
	case EV_ANNOTATION:
	case EV_SUMMARY:
		return rules_analysis(m, inc, ev, warnings, why);
	default:
		return rules_refuse(why, "%s events cannot be submitted to an "
		    "existing incident", event_kind_name(ev->kind));
	}
}

/* Dispatch by kind for an existing, open incident. */
static int rules_kind(const struct model *m, const struct model_incident *inc,
    struct event *ev, json_t *warnings, char **why, const char **field)
{
	switch (ev->kind) {
	case EV_INCIDENT_UPDATE:
		return rules_incident_update(inc, ev, why);
	case EV_STATUS:
		return rules_status(inc, ev, why);
	case EV_MARK:
		return rules_mark(inc, ev, why);
	case EV_ENTRY:
		return rules_entry(ev, why);
	case EV_AMEND:
	case EV_STRIKE:
		return rules_correct(m, inc, ev, warnings, why);
	case EV_ROLE_ASSIGN:
		return rules_role_assign(inc, ev, why);
	case EV_ROLE_RELEASE:
		return rules_role_release(inc, ev, why);
	case EV_CMD_OFFER:
	case EV_CMD_ACCEPT:
	case EV_CMD_DECLINE:
	case EV_CMD_WITHDRAW:
	case EV_CMD_RELIEVE:
		return rules_command(inc, ev, why);
	case EV_SNOOZE:
		return rules_snooze(inc, ev, why);
	case EV_UPDATE:
		return rules_update(inc, ev, why, field);
	default:
		return rules_kind_more(m, inc, ev, warnings, why);
	}
}

/* 1 when ev would reopen a closed incident. */
static int rules_is_reopen(const struct event *ev)
{
	const char *s = event_str(ev, "status");

	return ev->kind == EV_STATUS && s != NULL &&
	    strcmp(s, "investigating") == 0;
}

/* Check a submission against the state folded so far. */
int rules_check(const struct model *m, struct event *ev, json_t *warnings,
    char **why, const char **field)
{
	struct model_incident *inc;

	*field = NULL;
	if (rules_common(ev, why) != 0)
		return -1;
	if (ev->kind == EV_DECLARE)
		return rules_declare(m, ev, why);
	if (ev->incident == NULL || *ev->incident == '\0')
		return rules_refuse(why, "say which incident, e.g. INC-3; sitrep "
		    "ls lists them");
	inc = model_find(m, ev->incident);
	if (inc == NULL)
		return rules_refuse(why, "no incident %s; sitrep ls lists them",
		    ev->incident);
	if (strcmp(ev->incident, inc->ref) != 0) {
		free(ev->incident);
		ev->incident = xstrdup(inc->ref);
	}
	if (inc->status == ST_CLOSED && !rules_is_reopen(ev))
		return rules_refuse(why, "%s is closed; nothing more can be "
		    "added unless the commander (%s) reopens it with: sitrep "
		    "status %s investigating --reason TEXT", inc->ref,
		    rules_ic(inc), inc->ref);
	return rules_kind(m, inc, ev, warnings, why, field);
}
