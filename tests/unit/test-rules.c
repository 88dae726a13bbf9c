/* test-rules.c: the fold (model.c) and the rules (rules.c), allowed and
 * refused, through one helper that checks, then folds, like the server. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "event.h"
#include "model.h"
#include "rules.h"
#include "xmalloc.h"

#define T0 1763800000000LL /* a fixed "now" for the first event */
#define MIN (60 * 1000LL)

/* One test's world: the model, the server's seq and clock, the last answer. */
struct fx {
	struct model m;
	int64_t seq;
	int64_t now;
	json_t *warnings;
	char *why;
	const char *field; /* the field the last refusal concerns */
	char *incident; /* incident assigned by the last accepted declare */
};

/* Fresh fixture. */
static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	model_init(&f->m);
	f->now = T0;
	f->warnings = json_array();
	*state = f;
	return 0;
}

/* Free the fixture. */
static int fx_teardown(void **state)
{
	struct fx *f = *state;

	model_free(&f->m);
	json_decref(f->warnings);
	free(f->why);
	free(f->incident);
	free(f);
	return 0;
}

/* Build an event, run rules_check and, when accepted, model_apply with the
 * next seq; the clock moves one second per submission. Steals body. */
static int fx_event(struct fx *f, enum event_kind kind, const char *inc,
    const char *actor, int64_t occurred, int64_t target, json_t *body)
{
	struct event *ev = event_new(kind);
	int rc;

	assert_non_null(body);
	json_decref(ev->body);
	ev->body = body;
	ev->incident = inc ? strdup(inc) : NULL;
	ev->actor = actor ? strdup(actor) : NULL;
	ev->occurred_at = occurred;
	ev->target = target;
	f->now += 1000;
	ev->recorded_at = f->now;
	free(f->why);
	f->why = NULL;
	json_array_clear(f->warnings);
	rc = rules_check(&f->m, ev, f->warnings, &f->why, &f->field);
	if (rc == 0) {
		assert_null(f->why);
		ev->seq = ++f->seq;
		model_apply(&f->m, ev);
		if (kind == EV_DECLARE) {
			free(f->incident);
			f->incident = strdup(ev->incident);
		}
	} else
		assert_non_null(f->why);
	event_free(ev);
	return rc;
}

/* Submit and expect acceptance (prints the refusal otherwise). */
static void ok_at(struct fx *f, enum event_kind kind, const char *inc,
    const char *actor, int64_t occurred, int64_t target, json_t *body)
{
	if (fx_event(f, kind, inc, actor, occurred, target, body) != 0)
		fail_msg("refused: %s", f->why);
}

/* Submit and expect a refusal whose sentence contains needle. */
static void no_at(struct fx *f, enum event_kind kind, const char *inc,
    const char *actor, int64_t occurred, int64_t target, json_t *body,
    const char *needle)
{
	if (fx_event(f, kind, inc, actor, occurred, target, body) == 0)
		fail_msg("accepted, expected a refusal naming \"%s\"", needle);
	if (strstr(f->why, needle) == NULL)
		fail_msg("refusal \"%s\" does not name \"%s\"", f->why, needle);
}

#define OK(f, k, inc, who, body) ok_at(f, k, inc, who, 0, 0, body)
#define NO(f, k, inc, who, body, needle) \
	no_at(f, k, inc, who, 0, 0, body, needle)
#define B(...) json_pack(__VA_ARGS__)

/* The incident, which must exist. */
static struct model_incident *inc_of(struct fx *f, const char *ref)
{
	struct model_incident *inc = model_find(&f->m, ref);

	assert_non_null(inc);
	return inc;
}

/* Declare INC-n with alice as IC; returns the incident. */
static struct model_incident *declare(struct fx *f, int sev)
{
	OK(f, EV_DECLARE, NULL, "alice", B("{s:s, s:i}", "title",
	    "checkout latency", "severity", sev));
	return inc_of(f, f->incident);
}

/* Open commander stints: must always be exactly one once declared. */
static int open_commanders(const struct model_incident *inc)
{
	size_t i;
	int n = 0;

	for (i = 0; i < inc->nstints; i++) {
		if (inc->stints[i].role == ROLE_COMMANDER &&
		    inc->stints[i].to == 0)
			n++;
	}
	return n;
}

/* Move the incident (alice IC) to a status, with a reason. */
static void set_status(struct fx *f, const char *st)
{
	OK(f, EV_STATUS, "INC-1", "alice", B("{s:s, s:s}", "status", st,
	    "reason", "test"));
}

/* Post a valid update as who. */
static void post_update(struct fx *f, const char *who, const char *impact)
{
	OK(f, EV_UPDATE, "INC-1", who, B("{s:s, s:s, s:s, s:s}", "impact",
	    impact, "known", "db saturated", "unknown", "why now",
	    "confidence", "likely"));
}

/* Declare: ref, IC, marks, cadence, drill; refusals name the field. */
static void test_declare(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc = declare(f, 2);

	assert_string_equal(inc->ref, "INC-1");
	assert_int_equal(inc->number, 1);
	assert_string_equal(inc->ic, "alice");
	assert_string_equal(inc->declared_by, "alice");
	assert_int_equal(inc->status, ST_INVESTIGATING);
	assert_int_equal(inc->marks[MARK_DECLARED], f->now);
	assert_int_equal(inc->next_update_at, f->now + 60 * MIN);
	assert_int_equal(open_commanders(inc), 1);
	assert_false(inc->drill);
	OK(f, EV_DECLARE, "INC-77", "bob", B("{s:s, s:i, s:b}", "title", "x",
	    "severity", 4, "drill", 1));
	assert_string_equal(f->incident, "INC-2");
	assert_true(inc_of(f, "INC-2")->drill);
	assert_int_equal(f->m.max_number, 2);
	NO(f, EV_DECLARE, NULL, "bob", B("{s:i}", "severity", 2), "title");
	NO(f, EV_DECLARE, NULL, "bob", B("{s:s, s:i}", "title", "  ",
	    "severity", 2), "title");
	NO(f, EV_DECLARE, NULL, "bob", B("{s:s}", "title", "t"), "severity");
	NO(f, EV_DECLARE, NULL, "bob", B("{s:s, s:i}", "title", "t",
	    "severity", 5), "1 (worst) to 4");
	NO(f, EV_DECLARE, NULL, "bob", B("{s:s, s:s}", "title", "t",
	    "severity", "2"), "severity");
	NO(f, EV_DECLARE, NULL, "bob", B("{s:s, s:i, s:s}", "title", "t",
	    "severity", 2, "drill", "yes"), "drill");
	assert_int_equal(f->m.nincidents, 2);
}

/* A title over the limit is refused with the limit named. */
static void test_declare_title_limit(void **state)
{
	struct fx *f = *state;
	char title[SR_MAX_TITLE + 2];

	memset(title, 'a', sizeof title - 1);
	title[sizeof title - 1] = '\0';
	NO(f, EV_DECLARE, NULL, "bob", B("{s:s, s:i}", "title", title,
	    "severity", 2), "200");
	title[SR_MAX_TITLE] = '\0';
	OK(f, EV_DECLARE, NULL, "bob", B("{s:s, s:i}", "title", title,
	    "severity", 2));
}

/* Cadence per severity, and the update's next_at default. */
static void test_cadence(void **state)
{
	struct fx *f = *state;
	int64_t want[5] = { 0, 30 * MIN, 60 * MIN, 240 * MIN, 0 };
	struct model_incident *inc;
	int sev;

	for (sev = 1; sev <= 4; sev++) {
		assert_int_equal(model_cadence(sev), want[sev]);
		inc = declare(f, sev);
		assert_int_equal(inc->next_update_at,
		    want[sev] ? inc->marks[MARK_DECLARED] + want[sev] : 0);
		OK(f, EV_UPDATE, inc->ref, "alice", B("{s:s, s:s, s:s, s:s}",
		    "impact", "i", "known", "k", "unknown", "u", "confidence",
		    "suspected"));
		inc = inc_of(f, f->incident);
		assert_int_equal(inc->next_update_at,
		    want[sev] ? f->now + want[sev] : 0);
	}
}

/* Unknown incidents, names normalized, missing incident. */
static void test_unknown_incident(void **state)
{
	struct fx *f = *state;
	struct event *ev;
	char *why = NULL;
	const char *field = NULL;

	declare(f, 3);
	NO(f, EV_ENTRY, "INC-9", "bob", B("{s:s}", "text", "hi"),
	    "no incident INC-9");
	NO(f, EV_ENTRY, NULL, "bob", B("{s:s}", "text", "hi"), "which incident");
	ev = event_new(EV_ENTRY);
	json_object_set_new(ev->body, "text", json_string("hi"));
	ev->incident = strdup("inc-1");
	ev->actor = strdup("bob");
	ev->recorded_at = T0;
	assert_int_equal(rules_check(&f->m, ev, NULL, &why, &field), 0);
	assert_string_equal(ev->incident, "INC-1");
	assert_string_equal(event_str(ev, "type"), "note");
	assert_int_equal(ev->occurred_at, T0);
	event_free(ev);
}

/* occurred_at: defaulted, back-dated, skew limit, epoch. */
static void test_occurred_at(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc = declare(f, 3);

	ok_at(f, EV_ENTRY, "INC-1", "bob", f->now - 3600 * 1000, 0,
	    B("{s:s}", "text", "back-dated"));
	ok_at(f, EV_ENTRY, "INC-1", "bob", f->now + 4 * MIN, 0,
	    B("{s:s}", "text", "a little ahead"));
	no_at(f, EV_ENTRY, "INC-1", "bob", f->now + 10 * MIN, 0,
	    B("{s:s}", "text", "future"), "future");
	no_at(f, EV_ENTRY, "INC-1", "bob", -5, 0, B("{s:s}", "text", "old"),
	    "1970");
	assert_int_equal(inc->nentries, 2);
	NO(f, EV_ENTRY, "INC-1", NULL, B("{s:s}", "text", "x"), "who you are");
}

/* incident.update: IC only; retitle; severity moves the cadence. */
static void test_incident_update(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc = declare(f, 3);

	NO(f, EV_INCIDENT_UPDATE, "INC-1", "bob", B("{s:i}", "severity", 1),
	    "only the incident commander can change the title or severity on "
	    "INC-1; the commander is alice");
	OK(f, EV_INCIDENT_UPDATE, "INC-1", "alice", B("{s:s}", "title", "new"));
	assert_string_equal(inc->title, "new");
	OK(f, EV_INCIDENT_UPDATE, "INC-1", "alice", B("{s:i}", "severity", 1));
	assert_int_equal(inc->severity, 1);
	assert_int_equal(inc->next_update_at,
	    inc->marks[MARK_DECLARED] + 30 * MIN);
	NO(f, EV_INCIDENT_UPDATE, "INC-1", "alice", B("{s:i}", "severity", 1),
	    "already SEV1");
	NO(f, EV_INCIDENT_UPDATE, "INC-1", "alice", B("{}"), "nothing to change");
	NO(f, EV_INCIDENT_UPDATE, "INC-1", "alice", B("{s:i}", "severity", 0),
	    "severity");
}

/* The whole phase machine, forward, regressions, reopen. */
static void test_status_machine(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc = declare(f, 2);

	NO(f, EV_STATUS, "INC-1", "bob", B("{s:s}", "status", "identified"),
	    "only the incident commander can change the status on INC-1; the "
	    "commander is alice");
	NO(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "fixed"),
	    "unknown status \"fixed\"");
	NO(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "investigating"),
	    "already investigating");
	NO(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "analysis"),
	    "analysis opens only once INC-1 is resolved");
	NO(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "closed"),
	    "closes from the analysis");
	OK(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "identified"));
	OK(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "monitoring"));
	assert_int_equal(inc->marks[MARK_MITIGATED], f->now);
	NO(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "investigating"),
	    "needs a reason");
	OK(f, EV_STATUS, "INC-1", "alice", B("{s:s, s:s}", "status",
	    "investigating", "reason", "errors are back"));
	assert_int_equal(inc->status, ST_INVESTIGATING);
	OK(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "resolved"));
	assert_int_equal(inc->marks[MARK_RESOLVED], f->now);
	assert_false(model_in_recovery(inc));
	NO(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "closed"),
	    "closes from the analysis");
	OK(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "analysis"));
	NO(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "monitoring"),
	    "reopened");
	NO(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "investigating"),
	    "reopening INC-1 needs a reason");
	OK(f, EV_STATUS, "INC-1", "alice", B("{s:s, s:s}", "status",
	    "investigating", "reason", "it came back"));
	assert_true(model_in_recovery(inc));
}

/* The model's list of what closing needs, in items and as the phrase
 * the refusal quotes: want (NULL: nothing) and n items. */
static void close_missing_is(const struct model_incident *inc,
    const char *want, size_t n)
{
	char *needs[MODEL_CLOSE_NEEDS], *got = model_close_missing(inc);
	size_t i, k = model_close_needs(inc, needs);

	assert_int_equal(k, n);
	for (i = 0; i < k; i++)
		free(needs[i]);
	if (want == NULL)
		assert_null(got);
	else
		assert_string_equal(got, want);
	free(got);
}

/* Close requirements say exactly what is missing; closed locks all but a
 * reopen. */
static void test_close(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc = declare(f, 2);

	set_status(f, "resolved");
	set_status(f, "analysis");
	NO(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "closed"),
	    "INC-1 cannot close yet: it needs a summary and at least one "
	    "contributing factor");
	close_missing_is(inc, "a summary and at least one contributing "
	    "factor", 2);
	OK(f, EV_FACTOR, "INC-1", "bob", B("{s:s}", "text", "no index check"));
	OK(f, EV_FACTOR, "INC-1", "bob", B("{s:s}", "text", "struck one"));
	ok_at(f, EV_STRIKE, "INC-1", "bob", 0, (int64_t)f->seq,
	    B("{s:s}", "reason", "dup"));
	assert_int_equal(model_live_factors(inc), 1);
	OK(f, EV_FOLLOWUP, "INC-1", "bob", B("{s:s}", "text", "add lint"));
	OK(f, EV_FOLLOWUP, "INC-1", "bob", B("{s:s, s:s}", "text", "alert",
	    "owner", "sre team"));
	OK(f, EV_FOLLOWUP, "INC-1", "bob", B("{s:s}", "text", "later"));
	OK(f, EV_FOLLOWUP, "INC-1", "bob", B("{s:s}", "text", "dropped"));
	OK(f, EV_FOLLOWUP_SET, "INC-1", "bob", B("{s:i, s:s}", "id", 4,
	    "state", "dropped"));
	NO(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "closed"),
	    "it needs a summary and an owner (a team or role) on follow-ups "
	    "1, 3");
	OK(f, EV_SUMMARY, "INC-1", "bob", B("{s:s}", "text", "we lost 2h"));
	OK(f, EV_FOLLOWUP_SET, "INC-1", "bob", B("{s:i, s:s}", "id", 1,
	    "owner", "db team"));
	NO(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "closed"),
	    "an owner (a team or role) on follow-up 3");
	close_missing_is(inc, "an owner (a team or role) on follow-up 3", 1);
	OK(f, EV_FOLLOWUP_SET, "INC-1", "bob", B("{s:i, s:s}", "id", 3,
	    "owner", "web team"));
	close_missing_is(inc, NULL, 0);
	OK(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "closed"));
	assert_int_equal(inc->status, ST_CLOSED);
	NO(f, EV_ENTRY, "INC-1", "alice", B("{s:s}", "text", "x"),
	    "INC-1 is closed");
	NO(f, EV_PARK, "INC-1", "alice", B("{s:s}", "text", "x"),
	    "back to the analysis");
	NO(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "analysis"),
	    "needs a reason");
	NO(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "monitoring"),
	    "for a real regression");
	OK(f, EV_STATUS, "INC-1", "alice", B("{s:s, s:s}", "status",
	    "analysis", "reason", "a late hindsight note"));
	assert_int_equal(inc->status, ST_ANALYSIS);
	OK(f, EV_FOLLOWUP, "INC-1", "bob", B("{s:s, s:s}", "text", "late one",
	    "owner", "sre team"));
	OK(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "closed"));
	NO(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "investigating"),
	    "needs a reason");
	NO(f, EV_STATUS, "INC-1", "bob", B("{s:s, s:s}", "status",
	    "investigating", "reason", "r"), "commander");
	set_status(f, "investigating");
	assert_int_equal(inc->status, ST_INVESTIGATING);
}

/* The analysis workspace: factors with a category and the entries that
 * show them, parked thoughts triaged once, answers to the questions. */
static void test_workspace(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc = declare(f, 2);
	int64_t entry, park1, park2, park3;

	OK(f, EV_ENTRY, "INC-1", "bob", B("{s:s}", "text", "deploy 4711"));
	entry = f->seq;
	OK(f, EV_PARK, "INC-1", "bob", B("{s:s}", "text", "no canary?"));
	park1 = f->seq;
	OK(f, EV_PARK, "INC-1", "bob", B("{s:s}", "text", "alert late?"));
	park2 = f->seq;
	OK(f, EV_PARK, "INC-1", "bob", B("{s:s}", "text", "cosmic rays"));
	park3 = f->seq;
	assert_int_equal(model_parked_open(inc), 3);
	set_status(f, "resolved");
	NO(f, EV_FACTOR, "INC-1", "bob", B("{s:s, s:s}", "text", "x",
	    "category", "luck"), "unknown category \"luck\"");
	assert_string_equal(f->field, "category");
	NO(f, EV_FACTOR, "INC-1", "bob", B("{s:s, s:[I]}", "text", "x",
	    "entries", (json_int_t)999), "has no entry");
	OK(f, EV_FACTOR, "INC-1", "bob", B("{s:s, s:s, s:[I], s:I}", "text",
	    "the deploy tool allowed a release without a canary", "category",
	    "deployment", "entries", (json_int_t)entry, "from_park",
	    (json_int_t)park1));
	assert_int_equal(inc->nfactors, 1);
	assert_int_equal(inc->factors[0].category, CAT_DEPLOYMENT);
	assert_int_equal(inc->factors[0].entries[0], entry);
	assert_int_equal(model_parked_find(inc, park1)->triage, TRIAGE_FACTOR);
	NO(f, EV_FOLLOWUP, "INC-1", "bob", B("{s:s, s:I}", "text", "again",
	    "from_park", (json_int_t)park1), "already triaged (factor)");
	OK(f, EV_FOLLOWUP, "INC-1", "bob", B("{s:s, s:s, s:I}", "text",
	    "page on queue depth", "owner", "sre", "from_park",
	    (json_int_t)park2));
	assert_int_equal(model_parked_find(inc, park2)->triage,
	    TRIAGE_FOLLOWUP);
	NO(f, EV_ANNOTATION, "INC-1", "bob", B("{s:s, s:s}", "text", "no",
	    "triage", "dismissed"), "which entry");
	no_at(f, EV_ANNOTATION, "INC-1", "bob", 0, entry, B("{s:s, s:s}",
	    "text", "no", "triage", "dismissed"), "is not a parked thought");
	ok_at(f, EV_ANNOTATION, "INC-1", "bob", 0, park3, B("{s:s, s:s}",
	    "text", "not a system condition", "triage", "dismissed"));
	assert_int_equal(model_parked_find(inc, park3)->triage,
	    TRIAGE_DISMISSED);
	assert_int_equal(model_parked_open(inc), 0);
	OK(f, EV_SUMMARY, "INC-1", "bob", B("{s:s, s:s}", "section",
	    "went-well", "text", "the rollback took four minutes"));
	assert_string_equal(inc->answers[ANS_WENT_WELL].text,
	    "the rollback took four minutes");
	assert_null(inc->summary);
	NO(f, EV_SUMMARY, "INC-1", "bob", B("{s:s, s:s}", "section",
	    "vibes", "text", "x"), "unknown section");
}

/* A struck summary does not count toward closing. */
static void test_close_struck_summary(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc = declare(f, 3);

	set_status(f, "resolved");
	set_status(f, "analysis");
	OK(f, EV_FACTOR, "INC-1", "bob", B("{s:s}", "text", "f"));
	OK(f, EV_SUMMARY, "INC-1", "bob", B("{s:s}", "text", "first"));
	assert_string_equal(inc->summary, "first");
	ok_at(f, EV_AMEND, "INC-1", "bob", 0, f->seq, B("{s:s, s:s}", "text",
	    "second", "reason", "typo"));
	assert_string_equal(inc->summary, "second");
	ok_at(f, EV_STRIKE, "INC-1", "alice", 0, f->seq - 1,
	    B("{s:s}", "reason", "wrong"));
	assert_null(inc->summary);
	NO(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "closed"),
	    "needs a summary");
}

/* 1 when some warning contains needle. */
static int warned(struct fx *f, const char *needle)
{
	size_t i;
	json_t *w;

	json_array_foreach(f->warnings, i, w) {
		if (strstr(json_string_value(w), needle) != NULL)
			return 1;
	}
	return 0;
}

/* A duration of inc in ms, -1 when n/a. */
static int64_t span_of(const struct model_incident *inc, enum model_duration d)
{
	struct model_span sp;

	model_duration(inc, d, &sp);
	assert_true(sp.ms >= 0 || sp.na[0] != '\0');
	return sp.ms;
}

/* Marks: IC or scribe; names; explicit marks win; durations. */
static void test_marks(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc = declare(f, 2);
	int64_t decl = inc->marks[MARK_DECLARED];

	NO(f, EV_MARK, "INC-1", "bob", B("{s:s}", "mark", "detected"),
	    "only the incident commander (alice) or the scribe");
	OK(f, EV_ROLE_ASSIGN, "INC-1", "bob", B("{s:s}", "role", "scribe"));
	ok_at(f, EV_MARK, "INC-1", "bob", decl - 10 * MIN, 0,
	    B("{s:s}", "mark", "impact-start"));
	ok_at(f, EV_MARK, "INC-1", "alice", decl - 4 * MIN, 0,
	    B("{s:s}", "mark", "detected"));
	NO(f, EV_MARK, "INC-1", "alice", B("{s:s}", "mark", "declared"),
	    "set by the declaration");
	NO(f, EV_MARK, "INC-1", "alice", B("{s:s}", "mark", "fixed"),
	    "unknown mark \"fixed\"");
	assert_int_equal(span_of(inc, DUR_DETECT), 6 * MIN);
	assert_int_equal(span_of(inc, DUR_DECLARE), 4 * MIN);
	assert_int_equal(span_of(inc, DUR_RESOLVE), -1);
	ok_at(f, EV_MARK, "INC-1", "alice", decl + 5 * MIN, 0,
	    B("{s:s}", "mark", "mitigated"));
	set_status(f, "monitoring");
	assert_int_equal(inc->marks[MARK_MITIGATED], decl + 5 * MIN);
	assert_int_equal(span_of(inc, DUR_MITIGATE), 15 * MIN);
	set_status(f, "resolved");
	assert_int_equal(span_of(inc, DUR_RESOLVE), f->now - (decl - 10 * MIN));
	ok_at(f, EV_MARK, "INC-1", "alice", decl - 20 * MIN, 0,
	    B("{s:s}", "mark", "detected"));
	assert_true(warned(f, "detected is before impact start: time to "
	    "detect shows n/a"));
	assert_int_equal(span_of(inc, DUR_DETECT), -1);
	ok_at(f, EV_ENTRY, "INC-1", "alice", 86400000LL, 0,
	    B("{s:s}", "text", "a typo in the year"));
	assert_true(warned(f, "before INC-1's earliest key time; check the "
	    "date"));
}

/* Entries: types, default note, text required, anyone may write. */
static void test_entries(void **state)
{
	struct fx *f = *state;
	static const char *types[] = { "note", "observation", "action",
	    "decision", "change", "comms" };
	struct model_incident *inc = declare(f, 3);
	size_t i;

	for (i = 0; i < 6; i++)
		OK(f, EV_ENTRY, "INC-1", "zoe", B("{s:s, s:s}", "type", types[i],
		    "text", "t"));
	assert_int_equal(inc->nentries, 6);
	assert_int_equal(inc->entries[2].type, ENT_ACTION);
	assert_string_equal(model_entry_author(inc, &inc->entries[0]), "zoe");
	NO(f, EV_ENTRY, "INC-1", "zoe", B("{s:s, s:s}", "type", "rant",
	    "text", "t"), "unknown entry type \"rant\"");
	NO(f, EV_ENTRY, "INC-1", "zoe", B("{s:s}", "text", " \n\t "),
	    "an entry needs text");
	NO(f, EV_ENTRY, "INC-1", "zoe", B("{s:i}", "text", 5), "text must be");
	assert_int_equal(inc->nentries, 6);
}

/* References must be key:value. */
static void test_refs(void **state)
{
	struct fx *f = *state;
	struct event *ev;
	char *why = NULL;
	const char *field = NULL;

	declare(f, 3);
	ev = event_new(EV_ENTRY);
	json_object_set_new(ev->body, "text", json_string("rollback"));
	ev->incident = strdup("INC-1");
	ev->actor = strdup("bob");
	ev->recorded_at = T0;
	ev->refs = json_pack("[s]", "deploy:4711");
	assert_int_equal(rules_check(&f->m, ev, NULL, &why, &field), 0);
	json_decref(ev->refs);
	ev->refs = json_pack("[s]", "deploy4711");
	assert_int_equal(rules_check(&f->m, ev, NULL, &why, &field), -1);
	assert_non_null(strstr(why, "key:value"));
	free(why);
	event_free(ev);
}

/* Amend and strike: by author or IC, with reasons, same incident. */
static void test_amend_strike(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc = declare(f, 3);
	int64_t e1, e2;

	OK(f, EV_ENTRY, "INC-1", "bob", B("{s:s}", "text", "db at 90%"));
	e1 = f->seq;
	OK(f, EV_ENTRY, "INC-1", "carol", B("{s:s}", "text", "cache cold"));
	e2 = f->seq;
	no_at(f, EV_AMEND, "INC-1", "carol", 0, e1, B("{s:s, s:s}", "text",
	    "db at 99%", "reason", "misread"), "only the author of entry");
	no_at(f, EV_AMEND, "INC-1", "bob", 0, e1, B("{s:s}", "text", "99%"),
	    "needs a reason");
	no_at(f, EV_AMEND, "INC-1", "bob", 0, e1, B("{s:s}", "reason", "r"),
	    "corrected text");
	ok_at(f, EV_AMEND, "INC-1", "bob", 0, e1, B("{s:s, s:s}", "text",
	    "db at 99%", "reason", "misread"));
	assert_true(model_entry_find(inc, e1)->amended);
	no_at(f, EV_STRIKE, "INC-1", "bob", 0, e2, B("{s:s}", "reason", "x"),
	    "(carol) or the incident commander (alice)");
	no_at(f, EV_STRIKE, "INC-1", "alice", 0, e2, B("{}"), "needs a reason");
	ok_at(f, EV_STRIKE, "INC-1", "alice", 0, e2, B("{s:s}", "reason",
	    "wrong incident"));
	assert_true(model_entry_find(inc, e2)->struck);
	no_at(f, EV_STRIKE, "INC-1", "alice", 0, e2, B("{s:s}", "reason", "x"),
	    "already struck");
	no_at(f, EV_AMEND, "INC-1", "carol", 0, e2, B("{s:s, s:s}", "text", "t",
	    "reason", "r"), "already struck");
	no_at(f, EV_STRIKE, "INC-1", "alice", 0, 999, B("{s:s}", "reason", "x"),
	    "INC-1 has no entry 999");
	no_at(f, EV_STRIKE, "INC-1", "alice", 0, 0, B("{s:s}", "reason", "x"),
	    "which entry");
	declare(f, 3);
	no_at(f, EV_STRIKE, "INC-2", "alice", 0, e1, B("{s:s}", "reason", "x"),
	    "belongs to INC-1, not INC-2");
}

/* Roles: self-take empty, taken refused, IC assigns, release rules. */
static void test_roles(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc = declare(f, 1);
	const char **who;

	OK(f, EV_ROLE_ASSIGN, "INC-1", "bob", B("{s:s}", "role", "scribe"));
	assert_true(model_holds(inc, "bob", ROLE_SCRIBE));
	NO(f, EV_ROLE_ASSIGN, "INC-1", "carol", B("{s:s}", "role", "scribe"),
	    "scribe on INC-1 is held by bob");
	NO(f, EV_ROLE_ASSIGN, "INC-1", "bob", B("{s:s}", "role", "scribe"),
	    "bob already holds scribe");
	NO(f, EV_ROLE_ASSIGN, "INC-1", "carol", B("{s:s, s:s}", "role", "ops",
	    "user", "dave"), "only the incident commander (alice) can assign "
	    "roles to others");
	assert_string_equal(f->field, "user");
	NO(f, EV_ROLE_ASSIGN, "INC-1", "alice", B("{s:s, s:s}", "role",
	    "commander", "user", "dave"), "command changes hands only by a "
	    "handoff");
	assert_string_equal(f->field, "role");
	NO(f, EV_ROLE_ASSIGN, "INC-1", "alice", B("{s:s}", "role", "chef"),
	    "unknown role \"chef\"");
	OK(f, EV_ROLE_ASSIGN, "INC-1", "carol", B("{s:s}", "role", "sme"));
	OK(f, EV_ROLE_ASSIGN, "INC-1", "dave", B("{s:s}", "role", "sme"));
	who = model_holders(inc, ROLE_SME);
	assert_string_equal(who[0], "carol");
	assert_string_equal(who[1], "dave");
	assert_null(who[2]);
	free(who);
	OK(f, EV_ROLE_ASSIGN, "INC-1", "alice", B("{s:s, s:s}", "role", "scribe",
	    "user", "erin"));
	assert_false(model_holds(inc, "bob", ROLE_SCRIBE));
	assert_true(model_holds(inc, "erin", ROLE_SCRIBE));
	NO(f, EV_ROLE_RELEASE, "INC-1", "bob", B("{s:s}", "role", "scribe"),
	    "bob does not hold scribe");
	NO(f, EV_ROLE_RELEASE, "INC-1", "bob", B("{s:s, s:s}", "role", "sme",
	    "user", "dave"), "only dave or the incident commander (alice)");
	OK(f, EV_ROLE_RELEASE, "INC-1", "dave", B("{s:s}", "role", "sme"));
	OK(f, EV_ROLE_RELEASE, "INC-1", "alice", B("{s:s, s:s}", "role", "sme",
	    "user", "carol"));
	NO(f, EV_ROLE_RELEASE, "INC-1", "alice", B("{s:s}", "role", "ic"),
	    "handoff");
	assert_false(model_holds(inc, "carol", ROLE_SME));
	/* history: commander, bob scribe (ended), carol, dave, erin */
	assert_int_equal(inc->nstints, 5);
	assert_string_equal(inc->stints[1].user, "bob");
	assert_true(inc->stints[1].to != 0);
	assert_int_equal(inc->stints[4].to, 0);
}

/* Missing roles for SEV1/2; none asked of SEV3. */
static void test_missing_roles(void **state)
{
	struct fx *f = *state;
	const char *missing[ROLE_COUNT];

	declare(f, 1);
	assert_int_equal(model_missing_roles(inc_of(f, "INC-1"), missing), 3);
	OK(f, EV_ROLE_ASSIGN, "INC-1", "bob", B("{s:s}", "role", "ops"));
	assert_int_equal(model_missing_roles(inc_of(f, "INC-1"), missing), 2);
	assert_string_equal(missing[0], "comms");
	assert_string_equal(missing[1], "scribe");
	assert_null(missing[2]);
	declare(f, 3);
	assert_int_equal(model_missing_roles(inc_of(f, "INC-2"), missing), 0);
}

/* The people of a small host: alice, bob and carol. */
static int known_people(const char *name, void *arg)
{
	return strcmp(name, "alice") == 0 || strcmp(name, "bob") == 0 ||
	    strcmp(name, "carol") == 0;
}

/* Check ev (stolen) against f's model with known_people; the refusal. */
static int check_people(struct fx *f, struct event *ev, char **why,
    const char **field)
{
	struct rules_people people = { .known = known_people };
	int rc;

	ev->actor = strdup("alice");
	ev->incident = strdup("INC-1");
	ev->recorded_at = f->now;
	rc = rules_check_people(&f->m, ev, NULL, &people, why, field);
	event_free(ev);
	return rc;
}

/* A handoff or a role names a person who exists; a typo is refused with
 * the name; a follow-up owner stays free text. */
static void test_people_named(void **state)
{
	struct fx *f = *state;
	struct event *ev;
	const char *field = NULL;
	char *why = NULL;

	declare(f, 2);
	ev = event_new(EV_CMD_OFFER);
	json_object_set_new(ev->body, "to", json_string("bbo"));
	assert_int_equal(check_people(f, ev, &why, &field), -1);
	assert_non_null(strstr(why, "bbo is not a user of this host"));
	assert_string_equal(field, "to");
	free(why);
	ev = event_new(EV_ROLE_ASSIGN);
	json_object_set_new(ev->body, "role", json_string("sme"));
	json_object_set_new(ev->body, "user", json_string("dnaa"));
	assert_int_equal(check_people(f, ev, &why, &field), -1);
	assert_non_null(strstr(why, "dnaa"));
	assert_string_equal(field, "user");
	free(why);
	why = NULL;
	ev = event_new(EV_CMD_OFFER);
	json_object_set_new(ev->body, "to", json_string("bob"));
	assert_int_equal(check_people(f, ev, &why, &field), 0);
	assert_null(why);
}

/* The groups of that host: only secops, with alice and carol in it. */
static int secops_exists(const char *group, void *arg)
{
	return strcmp(group, "secops") == 0;
}

/* Whether user is in group on that host. */
static int secops_member(const char *user, const char *group, void *arg)
{
	return strcmp(group, "secops") == 0 && (strcmp(user, "alice") == 0 ||
	    strcmp(user, "carol") == 0);
}

/* Whether the submitter (arg: a name) sees inc, as the server decides. */
static int secops_sees(const struct model_incident *inc, void *arg)
{
	return inc->restricted == NULL || secops_member(arg, inc->restricted,
	    NULL);
}

/* Check an event of kind by actor on incident inc (NULL for a declare)
 * with body (stolen) as the server would; apply it when accepted. 0, or
 * -1 and the refusal in f->why. */
static int check_restricted(struct fx *f, enum event_kind kind,
    const char *inc, const char *actor, int64_t target, json_t *body)
{
	struct rules_people p = { .known = known_people, .group = secops_exists,
	    .member = secops_member, .sees = secops_sees };
	struct event *ev = event_new(kind);
	int rc;

	json_decref(ev->body);
	ev->body = body;
	ev->incident = inc != NULL ? strdup(inc) : NULL;
	ev->actor = strdup(actor);
	ev->target = target;
	ev->recorded_at = f->now += 1000;
	p.arg = ev->actor;
	free(f->why);
	f->why = NULL;
	rc = rules_check_people(&f->m, ev, NULL, &p, &f->why, &f->field);
	if (rc == 0) {
		ev->seq = ++f->seq;
		model_apply(&f->m, ev);
	}
	event_free(ev);
	return rc;
}

/* A restricted incident: its group must exist and have the declarer in
 * it; to anyone else it reads exactly like one that does not exist, in
 * every refusal; people it is handed to must be in the group. */
static void test_restricted(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc;
	char *none;

	assert_int_equal(check_restricted(f, EV_DECLARE, NULL, "alice", 0,
	    B("{s:s, s:i, s:s}", "title", "x", "severity", 1, "restricted",
	    "nosuch")), -1);
	assert_non_null(strstr(f->why, "there is no group \"nosuch\""));
	assert_string_equal(f->field, "restricted");
	assert_int_equal(check_restricted(f, EV_DECLARE, NULL, "bob", 0,
	    B("{s:s, s:i, s:s}", "title", "x", "severity", 1, "restricted",
	    "secops")), -1);
	assert_non_null(strstr(f->why, "not a member of group secops"));
	assert_int_equal(check_restricted(f, EV_DECLARE, NULL, "alice", 0,
	    B("{s:s, s:i, s:s}", "title", "Credential leak", "severity", 1,
	    "restricted", "secops")), 0);
	inc = inc_of(f, "INC-1");
	assert_string_equal(inc->restricted, "secops");
	OK(f, EV_DECLARE, NULL, "bob", B("{s:s, s:i}", "title", "Public",
	    "severity", 3));
	OK(f, EV_ENTRY, "INC-1", "alice", B("{s:s}", "text", "rotated"));
	/* bob: INC-1 does not exist for him, word for word like INC-9 */
	assert_int_equal(check_restricted(f, EV_ENTRY, "INC-9", "bob", 0,
	    B("{s:s}", "text", "x")), -1);
	none = strdup(f->why);
	assert_int_equal(check_restricted(f, EV_ENTRY, "INC-1", "bob", 0,
	    B("{s:s}", "text", "x")), -1);
	assert_string_equal(f->why, "no incident INC-1");
	assert_string_equal(none, "no incident INC-9");
	free(none);
	assert_int_equal(check_restricted(f, EV_AMEND, "INC-2", "bob", 3,
	    B("{s:s, s:s}", "text", "y", "reason", "z")), -1);
	assert_null(strstr(f->why, "INC-1"));
	/* carol is in the group; bob cannot be handed what he cannot see */
	assert_int_equal(check_restricted(f, EV_ENTRY, "INC-1", "carol", 0,
	    B("{s:s}", "text", "seen")), 0);
	assert_int_equal(check_restricted(f, EV_CMD_OFFER, "INC-1", "alice", 0,
	    B("{s:s}", "to", "bob")), -1);
	assert_non_null(strstr(f->why, "restricted to group secops, and bob "
	    "is not a member"));
	assert_int_equal(check_restricted(f, EV_CMD_OFFER, "INC-1", "alice", 0,
	    B("{s:s}", "to", "carol")), 0);
}

/* Two-step handoff: offer, wrong and right acceptor, decline, withdraw,
 * relieve; always exactly one commander. */
static void test_handoff(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc = declare(f, 2);

	NO(f, EV_CMD_OFFER, "INC-1", "bob", B("{s:s}", "to", "bob"),
	    "only the incident commander can offer command");
	NO(f, EV_CMD_OFFER, "INC-1", "alice", B("{s:s}", "to", "alice"),
	    "already the commander");
	NO(f, EV_CMD_OFFER, "INC-1", "alice", B("{}"), "who should take command");
	NO(f, EV_CMD_ACCEPT, "INC-1", "bob", B("{}"), "no pending command offer");
	OK(f, EV_CMD_OFFER, "INC-1", "alice", B("{s:s}", "to", "bob"));
	assert_string_equal(inc->offer.to, "bob");
	assert_non_null(strstr(inc->offer.brief, "Status: investigating"));
	NO(f, EV_CMD_OFFER, "INC-1", "alice", B("{s:s}", "to", "carol"),
	    "already offered to bob; withdraw that offer first");
	NO(f, EV_CMD_ACCEPT, "INC-1", "carol", B("{}"),
	    "the command offer on INC-1 is for bob; only bob can accept it");
	assert_string_equal(inc->ic, "alice");
	assert_int_equal(open_commanders(inc), 1);
	OK(f, EV_CMD_DECLINE, "INC-1", "bob", B("{s:s}", "reason", "on a plane"));
	assert_null(inc->offer.to);
	assert_string_equal(inc->ic, "alice");
	OK(f, EV_CMD_OFFER, "INC-1", "alice", B("{s:s, s:s}", "to", "carol",
	    "brief", "my own brief"));
	assert_string_equal(inc->offer.brief, "my own brief");
	NO(f, EV_CMD_WITHDRAW, "INC-1", "carol", B("{}"),
	    "only the incident commander (alice) can withdraw");
	OK(f, EV_CMD_WITHDRAW, "INC-1", "alice", B("{}"));
	NO(f, EV_CMD_WITHDRAW, "INC-1", "alice", B("{}"), "no pending");
	OK(f, EV_CMD_OFFER, "INC-1", "alice", B("{s:s}", "to", "bob"));
	OK(f, EV_CMD_ACCEPT, "INC-1", "bob", B("{}"));
	assert_string_equal(inc->ic, "bob");
	assert_null(inc->offer.to);
	assert_int_equal(open_commanders(inc), 1);
	NO(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "identified"),
	    "the commander is bob");
	NO(f, EV_CMD_RELIEVE, "INC-1", "carol", B("{}"), "needs a reason");
	NO(f, EV_CMD_RELIEVE, "INC-1", "bob", B("{s:s}", "reason", "r"),
	    "already the commander");
	OK(f, EV_CMD_RELIEVE, "INC-1", "carol", B("{s:s}", "reason",
	    "bob unreachable for 20 minutes"));
	assert_string_equal(inc->ic, "carol");
	assert_int_equal(open_commanders(inc), 1);
	assert_int_equal(inc->nstints, 3);
	assert_string_equal(inc->stints[0].user, "alice");
	assert_int_equal(inc->stints[0].to, inc->stints[1].from);
	assert_int_equal(inc->stints[1].to, inc->stints[2].from);
}

/* A relieve while an offer is outstanding clears the offer. */
static void test_relieve_clears_offer(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc = declare(f, 2);

	OK(f, EV_CMD_OFFER, "INC-1", "alice", B("{s:s}", "to", "bob"));
	OK(f, EV_CMD_RELIEVE, "INC-1", "carol", B("{s:s}", "reason", "gone"));
	assert_null(inc->offer.to);
	assert_string_equal(inc->ic, "carol");
	NO(f, EV_CMD_ACCEPT, "INC-1", "bob", B("{}"), "no pending");
	assert_int_equal(open_commanders(inc), 1);
}

/* Updates: who, required fields, the uncertainty rule, defaults. */
static void test_update(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc = declare(f, 2);

	NO(f, EV_UPDATE, "INC-1", "bob", B("{s:s, s:s, s:s, s:s}", "impact", "i",
	    "known", "k", "unknown", "u", "confidence", "likely"),
	    "only the incident commander (alice) or the comms lead can post "
	    "status updates on INC-1; nobody holds comms");
	OK(f, EV_ROLE_ASSIGN, "INC-1", "bob", B("{s:s}", "role", "comms"));
	NO(f, EV_UPDATE, "INC-1", "carol", B("{}"), "comms lead (bob)");
	NO(f, EV_UPDATE, "INC-1", "bob", B("{s:s, s:s, s:s}", "known", "k",
	    "unknown", "u", "confidence", "likely"), "impact");
	NO(f, EV_UPDATE, "INC-1", "bob", B("{s:s, s:s, s:s}", "impact", "i",
	    "unknown", "u", "confidence", "likely"), "known");
	NO(f, EV_UPDATE, "INC-1", "bob", B("{s:s, s:s, s:s, s:s}", "impact", "i",
	    "known", "k", "unknown", "u", "confidence", "sure"), "confidence");
	NO(f, EV_UPDATE, "INC-1", "bob", B("{s:s, s:s, s:s, s:s}", "impact", "i",
	    "known", "k", "unknown", "", "confidence", "likely"),
	    "must say what is not known yet unless the confidence is "
	    "confirmed");
	assert_string_equal(f->field, "unknown");
	NO(f, EV_UPDATE, "INC-1", "bob", B("{s:s, s:s, s:s}", "impact", "i",
	    "known", "k", "confidence", "unknown"), "not known yet");
	OK(f, EV_UPDATE, "INC-1", "bob", B("{s:s, s:s, s:s}", "impact",
	    "checkout slow for 30% of users", "known", "index missing",
	    "confidence", "confirmed"));
	assert_string_equal(inc->last_update.impact,
	    "checkout slow for 30% of users");
	assert_int_equal(inc->last_update.confidence, CONF_CONFIRMED);
	assert_false(inc->last_update.external);
	assert_int_equal(inc->next_update_at, f->now + 60 * MIN);
	NO(f, EV_UPDATE, "INC-1", "alice", B("{s:s, s:s, s:s, s:s, s:I}",
	    "impact", "i", "known", "k", "unknown", "u", "confidence", "likely",
	    "next_at", (json_int_t)(f->now - MIN)), "in the future");
	NO(f, EV_UPDATE, "INC-1", "alice", B("{s:s, s:s, s:s, s:s, s:s}",
	    "impact", "i", "known", "k", "unknown", "u", "confidence", "likely",
	    "audience", "press"), "internal or external");
	OK(f, EV_UPDATE, "INC-1", "alice", B("{s:s, s:s, s:s, s:s, s:I, s:s}",
	    "impact", "i", "known", "k", "unknown", "u", "confidence", "likely",
	    "next_at", (json_int_t)(f->now + 15 * MIN), "audience", "external"));
	assert_int_equal(inc->next_update_at, f->now - 1000 + 15 * MIN);
	assert_true(inc->last_update.external);
	assert_string_equal(inc->last_update.by, "alice");
}

/* Snooze: range, effect, nothing to snooze at SEV4. */
static void test_snooze(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc = declare(f, 2);

	NO(f, EV_SNOOZE, "INC-1", "bob", B("{s:i}", "for_ms", 1000),
	    "between 1 minute and 24 hours");
	NO(f, EV_SNOOZE, "INC-1", "bob", B("{s:I}", "for_ms",
	    (json_int_t)(25 * 60 * MIN)), "24 hours");
	NO(f, EV_SNOOZE, "INC-1", "bob", B("{}"), "1 minute");
	OK(f, EV_SNOOZE, "INC-1", "bob", B("{s:I}", "for_ms",
	    (json_int_t)(15 * MIN)));
	assert_int_equal(inc->snoozed_until, f->now + 15 * MIN);
	declare(f, 4);
	NO(f, EV_SNOOZE, "INC-2", "bob", B("{s:I}", "for_ms",
	    (json_int_t)(15 * MIN)), "no update reminder");
}

/* Hypotheses: open, moves, reopen needs a note, open count. */
static void test_hypotheses(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc = declare(f, 2);

	NO(f, EV_HYP_SET, "INC-1", "bob", B("{s:i, s:s}", "id", 1, "state",
	    "investigating"), "no hypotheses yet");
	NO(f, EV_HYP_OPEN, "INC-1", "bob", B("{}"), "a hypothesis needs text");
	OK(f, EV_HYP_OPEN, "INC-1", "bob", B("{s:s}", "text", "missing index"));
	OK(f, EV_HYP_OPEN, "INC-1", "carol", B("{s:s}", "text", "cache"));
	OK(f, EV_HYP_OPEN, "INC-1", "carol", B("{s:s}", "text", "network"));
	assert_int_equal(model_open_hypotheses(inc), 3);
	NO(f, EV_HYP_SET, "INC-1", "bob", B("{s:i, s:s}", "id", 9, "state",
	    "investigating"), "no hypothesis 9; its hypotheses are 1 to 3");
	NO(f, EV_HYP_SET, "INC-1", "bob", B("{s:i, s:s}", "id", 1, "state",
	    "maybe"), "unknown hypothesis state");
	NO(f, EV_HYP_SET, "INC-1", "bob", B("{s:i, s:s}", "id", 1, "state",
	    "open"), "already open");
	NO(f, EV_HYP_SET, "INC-1", "bob", B("{s:i, s:s}", "id", 1, "state",
	    "confirmed"), "still open; investigate it");
	OK(f, EV_HYP_SET, "INC-1", "bob", B("{s:i, s:s}", "id", 1, "state",
	    "investigating"));
	OK(f, EV_HYP_SET, "INC-1", "bob", B("{s:i, s:s}", "id", 1, "state",
	    "supported"));
	OK(f, EV_HYP_SET, "INC-1", "bob", B("{s:i, s:s}", "id", 1, "state",
	    "confirmed"));
	OK(f, EV_HYP_SET, "INC-1", "bob", B("{s:i, s:s}", "id", 2, "state",
	    "ruled-out"));
	assert_int_equal(model_open_hypotheses(inc), 1);
	NO(f, EV_HYP_SET, "INC-1", "bob", B("{s:i, s:s}", "id", 1, "state",
	    "open"), "cannot go back to open");
	NO(f, EV_HYP_SET, "INC-1", "bob", B("{s:i, s:s}", "id", 2, "state",
	    "confirmed"), "reopen it first");
	NO(f, EV_HYP_SET, "INC-1", "bob", B("{s:i, s:s}", "id", 2, "state",
	    "investigating"), "needs a note");
	OK(f, EV_HYP_SET, "INC-1", "bob", B("{s:i, s:s, s:s}", "id", 2, "state",
	    "investigating", "note", "hit rate dropped after all"));
	assert_int_equal(inc->hyps[1].state, HYP_INVESTIGATING);
	assert_int_equal(model_open_hypotheses(inc), 2);
	ok_at(f, EV_STRIKE, "INC-1", "carol", 0, inc->hyps[2].seq,
	    B("{s:s}", "reason", "dup"));
	assert_int_equal(model_open_hypotheses(inc), 1);
	NO(f, EV_HYP_SET, "INC-1", "bob", B("{s:i, s:s}", "id", 3, "state",
	    "investigating"), "struck");
}

/* Analysis locks in recovery point to park; park works any time. */
static void test_analysis_locks(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc = declare(f, 2);
	int64_t e;

	OK(f, EV_ENTRY, "INC-1", "bob", B("{s:s}", "text", "rolled back"));
	e = f->seq;
	NO(f, EV_FACTOR, "INC-1", "bob", B("{s:s}", "text", "no canary"),
	    "factors belong to the analysis, which opens when INC-1 is "
	    "resolved; park the thought until then");
	assert_null(f->field);
	NO(f, EV_FOLLOWUP, "INC-1", "bob", B("{s:s}", "text", "x"),
	    "follow-ups belong");
	NO(f, EV_FOLLOWUP_SET, "INC-1", "bob", B("{s:i}", "id", 1), "park");
	no_at(f, EV_ANNOTATION, "INC-1", "bob", 0, e, B("{s:s}", "text", "x"),
	    "park the thought");
	NO(f, EV_SUMMARY, "INC-1", "bob", B("{s:s}", "text", "x"),
	    "the summary belongs");
	OK(f, EV_PARK, "INC-1", "bob", B("{s:s}", "text", "no canary?"));
	assert_int_equal(inc->nparked, 1);
	NO(f, EV_PARK, "INC-1", "bob", B("{s:s}", "text", ""), "parked thought");
	set_status(f, "resolved");
	OK(f, EV_PARK, "INC-1", "bob", B("{s:s}", "text", "also"));
	OK(f, EV_FACTOR, "INC-1", "bob", B("{s:s}", "text", "no canary stage"));
	assert_int_equal(inc->nfactors, 1);
	ok_at(f, EV_ANNOTATION, "INC-1", "bob", 0, e, B("{s:s}", "text",
	    "the rollback took 20 minutes because the image was evicted"));
	no_at(f, EV_ANNOTATION, "INC-1", "bob", 0, 0, B("{s:s}", "text", "x"),
	    "which entry to annotate");
	OK(f, EV_FOLLOWUP, "INC-1", "bob", B("{s:s, s:s, s:I}", "text",
	    "canary", "owner", "release team", "due", (json_int_t)T0));
	assert_string_equal(inc->followups[0].owner, "release team");
	assert_int_equal(inc->followups[0].due, T0);
	NO(f, EV_FOLLOWUP_SET, "INC-1", "bob", B("{s:i, s:s}", "id", 1, "state",
	    "maybe"), "open, in-progress, done and wont-do");
	NO(f, EV_FOLLOWUP_SET, "INC-1", "bob", B("{s:i}", "id", 1),
	    "nothing to change");
	NO(f, EV_FOLLOWUP_SET, "INC-1", "bob", B("{s:i, s:s}", "id", 7, "state",
	    "done"), "no follow-up 7");
	OK(f, EV_FOLLOWUP_SET, "INC-1", "bob", B("{s:i, s:s}", "id", 1, "state",
	    "done"));
	assert_int_equal(inc->followups[0].state, FU_DONE);
	assert_int_equal(inc->nparked, 2);
}

/* Entries recorded after resolution but back-dated before it are late. */
static void test_recorded_late(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc = declare(f, 2);
	int64_t resolved;

	ok_at(f, EV_ENTRY, "INC-1", "bob", f->now - MIN, 0,
	    B("{s:s}", "text", "during recovery, back-dated"));
	assert_false(inc->entries[inc->nentries - 1].late);
	set_status(f, "resolved");
	resolved = inc->marks[MARK_RESOLVED];
	ok_at(f, EV_ENTRY, "INC-1", "bob", resolved - 5000, 0,
	    B("{s:s}", "text", "forgot to log this earlier"));
	assert_true(inc->entries[inc->nentries - 1].late);
	OK(f, EV_ENTRY, "INC-1", "bob", B("{s:s}", "text", "now"));
	assert_false(inc->entries[inc->nentries - 1].late);
	set_status(f, "analysis");
	ok_at(f, EV_ENTRY, "INC-1", "bob", resolved - 1000, 0,
	    B("{s:s}", "text", "late again"));
	assert_true(inc->entries[inc->nentries - 1].late);
}

/* Blameless: participants and blame phrases warn, never block. */
static void test_blameless(void **state)
{
	struct fx *f = *state;
	int64_t e;

	declare(f, 2);
	OK(f, EV_ROLE_ASSIGN, "INC-1", "bob", B("{s:s}", "role", "ops"));
	set_status(f, "resolved");
	OK(f, EV_FACTOR, "INC-1", "carol", B("{s:s}", "text",
	    "Bob ran the migration by hand"));
	assert_true(warned(f, "names bob"));
	assert_true(warned(f, "describe the condition"));
	OK(f, EV_FACTOR, "INC-1", "carol", B("{s:s}", "text",
	    "human error during the deploy"));
	assert_true(warned(f, "\"human error\""));
	OK(f, EV_FOLLOWUP, "INC-1", "carol", B("{s:s}", "text",
	    "someone should have checked"));
	assert_true(warned(f, "should have"));
	OK(f, EV_SUMMARY, "INC-1", "carol", B("{s:s, s:s}", "text", "ok",
	    "impact", "a careless change"));
	assert_true(warned(f, "careless"));
	OK(f, EV_ENTRY, "INC-1", "carol", B("{s:s}", "text", "x"));
	e = f->seq;
	ok_at(f, EV_ANNOTATION, "INC-1", "carol", 0, e, B("{s:s}", "text",
	    "alice forgot the flag"));
	assert_true(warned(f, "names alice"));
	assert_true(warned(f, "forgot"));
	OK(f, EV_FACTOR, "INC-1", "carol", B("{s:s}", "text",
	    "the bobcat job had no index check; nothing was forgotten-proof"));
	assert_false(warned(f, "names bob"));
	OK(f, EV_FACTOR, "INC-1", "carol", B("{s:s}", "text",
	    "the deploy tool allowed a release without a canary"));
	assert_int_equal(json_array_size(f->warnings), 0);
	OK(f, EV_FOLLOWUP, "INC-1", "carol", B("{s:s, s:s}", "text", "train",
	    "owner", "bob"));
	assert_true(warned(f, "team or role"));
	assert_int_equal(rules_blameless(inc_of(f, "INC-1"),
	    "BLAME on ALICE", NULL), 2);
	assert_int_equal(rules_blameless(NULL, "a clean sentence", NULL), 0);
}

/* The advice a form shows before submitting: the server's warnings for
 * the same event, nothing for one it would refuse, the event unchanged. */
static void test_advise(void **state)
{
	struct fx *f = *state;
	struct event *ev = event_new(EV_FACTOR);
	json_t *w = json_array();

	declare(f, 2);
	OK(f, EV_ROLE_ASSIGN, "INC-1", "bob", B("{s:s}", "role", "ops"));
	ev->incident = xstrdup("INC-1");
	json_object_set_new(ev->body, "text", json_string("Bob ran the "
	    "migration by hand"));
	assert_int_equal(rules_advise(&f->m, ev, "carol", f->now, w), 0);
	set_status(f, "resolved");
	assert_int_equal(rules_advise(&f->m, ev, "carol", f->now, w), 1);
	assert_non_null(strstr(json_string_value(json_array_get(w, 0)),
	    "names bob"));
	assert_null(ev->actor);
	assert_int_equal(ev->recorded_at, 0);
	json_object_set_new(ev->body, "text", json_string("the runbook did "
	    "not say which host to drain"));
	assert_int_equal(rules_advise(&f->m, ev, "carol", f->now, w), 0);
	assert_int_equal(json_array_size(w), 1);
	json_decref(w);
	event_free(ev);
}

/* Every blame phrase on the list comes back with a warning of its own. */
static void test_blame_phrases(void **state)
{
	static const char *const texts[][2] = {
		{ "an engineer error in the rollout", "engineer error" },
		{ "operator error on the console", "operator error" },
		{ "classic human error", "human error" },
		{ "it was Sam's fault", "'s fault" },
		{ "a mistake by the on-call", "mistake by" },
		{ "we blame the deploy", "blame" },
		{ "negligent review", "negligent" },
		{ "a careless edit", "careless" },
		{ "ops should have paged earlier", "should have" },
		{ "someone forgot the renewal", "forgot" },
	};
	json_t *w = json_array();
	size_t i;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		json_array_clear(w);
		assert_true(rules_blameless(NULL, texts[i][0], w) >= 1);
		assert_non_null(strstr(json_string_value(json_array_get(w, 0)),
		    texts[i][1]));
	}
	assert_int_equal(rules_blameless(NULL, "the default was unsafe", w), 0);
	json_decref(w);
}

/* Drills are marked in the JSON and the brief. */
static void test_drill(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc;
	json_t *j;
	char *brief;

	OK(f, EV_DECLARE, NULL, "alice", B("{s:s, s:i, s:b}", "title",
	    "game day", "severity", 2, "drill", 1));
	inc = inc_of(f, "INC-1");
	assert_true(inc->drill);
	j = model_incident_json(inc);
	assert_true(json_is_true(json_object_get(j, "drill")));
	json_decref(j);
	brief = model_brief(inc, f->now);
	assert_non_null(strstr(brief, "DRILL"));
	free(brief);
}

/* What is due at now, seen by every reader: the state, its words, the
 * list flag (from the summary JSON, as ls and the incident list read it)
 * and the brief agree. want_text and want_flag are substrings. */
static void due_agree(struct model_incident *inc, int64_t now,
    enum model_due_state want, const char *want_text, const char *want_flag)
{
	struct model_due d, ds;
	json_t *summary = model_incident_summary_json(inc);
	char *text, *brief;

	model_due(inc, now, &d);
	model_due_summary(&ds, summary, now);
	json_decref(summary);
	assert_int_equal(d.state, want);
	assert_int_equal(ds.state, want);
	assert_int_equal(ds.at, d.at);
	assert_int_equal(ds.snoozed_until, d.snoozed_until);
	assert_string_equal(model_due_flag(&d), want_flag);
	text = model_due_text(&d, now);
	assert_non_null(strstr(text, want_text));
	brief = model_brief(inc, now);
	text[0] = (char)(text[0] - 'a' + 'A');
	assert_non_null(strstr(brief, text));
	free(brief);
	free(text);
}

/* One answer to "what is due": on time; overdue; overdue then snoozed;
 * snoozed then expired; resolved. */
static void test_due(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc = declare(f, 1);
	int64_t due = inc->next_update_at;

	due_agree(inc, due - 5 * MIN, DUE_NOT_YET, "next update due ", "");
	due_agree(inc, due + 2 * MIN, DUE_OVERDUE, "update OVERDUE since ",
	    "[update overdue]");
	f->now = due + 2 * MIN;
	OK(f, EV_SNOOZE, "INC-1", "alice", B("{s:i}", "for_ms", 15 * MIN));
	due_agree(inc, f->now + 1000, DUE_SNOOZED, "; reminder snoozed until ",
	    "[update overdue, snoozed]");
	due_agree(inc, f->now + 16 * MIN, DUE_OVERDUE, "update OVERDUE since ",
	    "[update overdue]");
	OK(f, EV_STATUS, "INC-1", "alice", B("{s:s}", "status", "resolved"));
	due_agree(inc, f->now + 16 * MIN, DUE_NONE,
	    "no update due (resolved)", "");
	NO(f, EV_SNOOZE, "INC-1", "alice", B("{s:i}", "for_ms", 15 * MIN),
	    "no update reminder to snooze");
}

/* A back-dated update: the next one is due a cadence after the time it
 * was given, not after it was written down. */
static void test_update_backdated(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc = declare(f, 1);
	int64_t given = f->now - 20 * MIN;

	ok_at(f, EV_UPDATE, "INC-1", "alice", given, 0, B("{s:s, s:s, s:s, "
	    "s:s}", "impact", "EU checkout", "known", "db", "unknown", "why",
	    "confidence", "likely"));
	assert_int_equal(inc->next_update_at, given + 30 * MIN);
	assert_int_equal(inc->last_update.at, given);
}

/* The brief: status, severity, impact, hypotheses, roles, actions, next. */
static void test_brief(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc = declare(f, 1);
	char *brief;
	int i;

	brief = model_brief(inc, f->now);
	assert_non_null(strstr(brief, "INC-1 SEV1: checkout latency"));
	assert_non_null(strstr(brief, "Status: investigating; commander alice"));
	assert_non_null(strstr(brief, "no status update yet"));
	assert_non_null(strstr(brief, "Missing roles: comms, ops, scribe"));
	assert_non_null(strstr(brief, "Next update due "));
	assert_non_null(strstr(brief, " (in 30m 00s)"));
	free(brief);
	OK(f, EV_ENTRY, "INC-1", "bob", B("{s:s, s:s}", "type", "action",
	    "text", "deployed release 4711"));
	post_update(f, "alice", "EU checkout failing");
	OK(f, EV_HYP_OPEN, "INC-1", "bob", B("{s:s}", "text", "bad index"));
	OK(f, EV_HYP_OPEN, "INC-1", "bob", B("{s:s}", "text", "ruled out one"));
	OK(f, EV_HYP_SET, "INC-1", "bob", B("{s:i, s:s}", "id", 2, "state",
	    "ruled-out"));
	OK(f, EV_HYP_OPEN, "INC-1", "bob", B("{s:s}", "text", "pool exhausted"));
	OK(f, EV_HYP_SET, "INC-1", "bob", B("{s:i, s:s}", "id", 3, "state",
	    "investigating"));
	OK(f, EV_HYP_SET, "INC-1", "bob", B("{s:i, s:s}", "id", 3, "state",
	    "supported"));
	OK(f, EV_ROLE_ASSIGN, "INC-1", "bob", B("{s:s}", "role", "ops"));
	for (i = 0; i < 7; i++)
		OK(f, EV_ENTRY, "INC-1", "bob", B("{s:s, s:s}", "type", "action",
		    "text", i == 6 ? "rolling back 4711" : "step"));
	OK(f, EV_ENTRY, "INC-1", "bob", B("{s:s, s:s}", "type", "note",
	    "text", "not an action"));
	assert_int_equal(inc->nactions, MODEL_ACTIONS);
	brief = model_brief(inc, f->now + 60 * MIN);
	assert_non_null(strstr(brief, "Impact: EU checkout failing"));
	assert_non_null(strstr(brief, "confidence likely"));
	assert_non_null(strstr(brief, "Not known yet: why now"));
	assert_non_null(strstr(brief, "Leading hypotheses: 1"));
	assert_non_null(strstr(brief, "H3 [supported] pool exhausted"));
	assert_non_null(strstr(brief, "Open hypotheses: 1"));
	assert_non_null(strstr(brief, "H1 [open] bad index"));
	assert_null(strstr(brief, "ruled out one"));
	assert_non_null(strstr(brief, "ops      bob"));
	assert_non_null(strstr(brief, "Actions since the last status update"));
	assert_non_null(strstr(brief, " rolling back 4711"));
	assert_null(strstr(brief, "deployed release 4711"));
	assert_null(strstr(brief, "not an action"));
	assert_non_null(strstr(brief, "OVERDUE"));
	free(brief);
}

/* The incident JSON carries what show and ls need. */
static void test_json(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc = declare(f, 2);
	json_t *j, *roles;

	OK(f, EV_ROLE_ASSIGN, "INC-1", "bob", B("{s:s}", "role", "comms"));
	OK(f, EV_HYP_OPEN, "INC-1", "bob", B("{s:s}", "text", "h"));
	OK(f, EV_CMD_OFFER, "INC-1", "alice", B("{s:s}", "to", "carol"));
	post_update(f, "bob", "impact now");
	j = model_incident_json(inc);
	assert_string_equal(json_string_value(json_object_get(j, "ref")),
	    "INC-1");
	assert_int_equal(json_integer_value(json_object_get(j, "severity")), 2);
	assert_string_equal(json_string_value(json_object_get(j, "status")),
	    "investigating");
	assert_string_equal(json_string_value(json_object_get(j, "ic")),
	    "alice");
	roles = json_object_get(j, "roles");
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    roles, "comms"), 0)), "bob");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    j, "offer"), "to")), "carol");
	assert_int_equal(json_array_size(json_object_get(j, "role_history")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j,
	    "counts"), "open_hypotheses")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j,
	    "counts"), "events")), 5);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    j, "last_update"), "impact")), "impact now");
	assert_int_equal(json_array_size(json_object_get(j, "missing_roles")), 2);
	assert_true(json_is_null(json_object_get(json_object_get(json_object_get(
	    j, "durations"), "to_resolve"), "ms")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    json_object_get(j, "durations"), "to_resolve"), "na")),
	    "no impact-start mark yet");
	assert_true(json_is_integer(json_object_get(json_object_get(j, "marks"),
	    "declared")));
	assert_true(json_is_integer(json_object_get(j, "next_update_at")));
	json_decref(j);
}

/* Odd input never crashes the fold and changes nothing it cannot use. */
static void test_odd_input(void **state)
{
	struct fx *f = *state;
	static const enum event_kind kinds[] = { EV_DECLARE, EV_INCIDENT_UPDATE,
	    EV_STATUS, EV_MARK, EV_ENTRY, EV_AMEND, EV_STRIKE, EV_ROLE_ASSIGN,
	    EV_ROLE_RELEASE, EV_CMD_OFFER, EV_CMD_ACCEPT, EV_CMD_DECLINE,
	    EV_CMD_WITHDRAW, EV_CMD_RELIEVE, EV_SNOOZE, EV_UPDATE, EV_HYP_OPEN,
	    EV_HYP_SET, EV_PARK, EV_FACTOR, EV_FOLLOWUP, EV_FOLLOWUP_SET,
	    EV_ANNOTATION, EV_SUMMARY, EV_UNKNOWN };
	struct model_incident *inc;
	struct event *ev;
	size_t i;

	declare(f, 2);
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		ev = event_new(kinds[i]);
		ev->incident = strdup(i == 0 ? "INC-2" : "INC-1");
		ev->seq = ++f->seq;
		ev->target = 12345;
		json_object_set_new(ev->body, "id", json_string("x"));
		model_apply(&f->m, ev);
		ev->incident[4] = '9';
		ev->seq = ++f->seq;
		if (kinds[i] != EV_DECLARE)
			model_apply(&f->m, ev);
		event_free(ev);
	}
	inc = inc_of(f, "INC-1");
	assert_string_equal(inc->ic, "alice");
	assert_int_equal(open_commanders(inc), 1);
	assert_int_equal(inc_of(f, "INC-2")->severity, 3);
	assert_null(model_find(&f->m, "INC-9"));
	assert_null(model_find(&f->m, "bogus"));
	assert_int_equal(f->m.last_seq, f->seq);
}

/* Folding many entries keeps counts right (speed is for bench/). */
static void test_fold_many(void **state)
{
	struct fx *f = *state;
	struct model_incident *inc = declare(f, 3);
	struct event *ev = event_new(EV_ENTRY);
	int64_t i, n = 200000;

	ev->incident = strdup("INC-1");
	ev->actor = strdup("bob");
	json_object_set_new(ev->body, "type", json_string("note"));
	json_object_set_new(ev->body, "text", json_string("tick"));
	for (i = 0; i < n; i++) {
		ev->seq = ++f->seq;
		ev->recorded_at = ev->occurred_at = T0 + i;
		model_apply(&f->m, ev);
	}
	event_free(ev);
	assert_int_equal(inc->nentries, n);
	assert_int_equal(inc->nevents, n + 1);
	assert_int_equal(inc->npeople, 2);
	assert_int_equal(inc->last_seq, f->seq);
	assert_non_null(model_entry_find(inc, f->seq - n / 2));
	assert_null(model_entry_find(inc, f->seq + 1));
	assert_int_equal(sizeof(struct model_entry), 16);
}

/* Names and parsers round-trip. */
static void test_names(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < ST_COUNT; i++)
		assert_int_equal(model_status_parse(model_status_name(i)), i);
	for (i = 0; i < MARK_COUNT; i++)
		assert_int_equal(model_mark_parse(model_mark_name(i)), i);
	for (i = 0; i < ROLE_COUNT; i++)
		assert_int_equal(model_role_parse(model_role_name(i)), i);
	for (i = 0; i < HYP_COUNT; i++)
		assert_int_equal(model_hyp_state_parse(model_hyp_state_name(i)), i);
	for (i = 0; i < CONF_COUNT; i++)
		assert_int_equal(model_confidence_parse(model_confidence_name(i)),
		    i);
	for (i = 0; i < FU_COUNT; i++)
		assert_int_equal(model_followup_state_parse(
		    model_followup_state_name(i)), i);
	assert_int_equal(model_role_parse("ic"), ROLE_COMMANDER);
	assert_int_equal(model_status_parse("done"), -1);
	assert_true(model_entry_type_valid("decision"));
	assert_false(model_entry_type_valid("rumour"));
	assert_false(model_entry_type_valid(NULL));
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_declare), T(test_declare_title_limit), T(test_cadence),
		T(test_unknown_incident), T(test_occurred_at),
		T(test_incident_update), T(test_status_machine), T(test_close),
		T(test_close_struck_summary), T(test_marks), T(test_entries),
		T(test_refs), T(test_amend_strike), T(test_roles),
		T(test_missing_roles), T(test_people_named), T(test_restricted),
		T(test_handoff),
		T(test_relieve_clears_offer), T(test_update), T(test_snooze),
		T(test_hypotheses), T(test_analysis_locks),
		T(test_recorded_late), T(test_blameless), T(test_advise),
		T(test_blame_phrases),
		T(test_drill),
		T(test_due), T(test_workspace), T(test_update_backdated),
		T(test_brief), T(test_json), T(test_odd_input),
		T(test_fold_many), T(test_names),
	};

	xmalloc_json_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
