/* test-kind.c: the table of event kinds: every kind has a whole
 * descriptor, names round-trip, and the one describer words each kind the
 * same way for every reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "event.h"
#include "kind.h"
#include "model.h"

/* Every kind has a name, a marker, a describer, a check and a fold step;
 * names are unique and parse back to the kind. */
static void test_table(void **state)
{
	const struct kind *k, *o;
	int i, j;

	assert_null(kind_get(EV_UNKNOWN));
	assert_null(kind_get(EV_KIND_COUNT));
	for (i = EV_UNKNOWN + 1; i < EV_KIND_COUNT; i++) {
		k = kind_get((enum event_kind)i);
		assert_non_null(k);
		assert_int_equal(k->kind, i);
		assert_non_null(k->name);
		assert_non_null(k->marker);
		assert_true(strlen(k->marker) >= 2 && strlen(k->marker) <= 4);
		assert_non_null(k->describe);
		assert_non_null(k->check);
		assert_non_null(k->fold);
		assert_int_equal(kind_parse(k->name), i);
		assert_string_equal(event_kind_name((enum event_kind)i), k->name);
		for (j = EV_UNKNOWN + 1; j < i; j++) {
			o = kind_get((enum event_kind)j);
			assert_string_not_equal(o->name, k->name);
		}
	}
	assert_int_equal(kind_parse("entry.delete"), EV_UNKNOWN);
	assert_int_equal(kind_parse(NULL), EV_UNKNOWN);
}

/* An event of kind with a JSON body (stolen). */
static struct event *test_kind_event(enum event_kind kind, json_t *body)
{
	struct event *ev = event_new(kind);

	json_decref(ev->body);
	ev->body = body;
	ev->target = 12;
	return ev;
}

/* kind_describe of (kind, body) equals want; its marker equals marker. */
static void test_kind_says(enum event_kind kind, json_t *body,
    const char *marker, const char *want)
{
	struct event *ev = test_kind_event(kind, body);
	char *got = kind_describe(ev, NULL);

	assert_string_equal(got, want);
	assert_string_equal(kind_marker(ev), marker);
	free(got);
	event_free(ev);
}

/* The describer's words, kind by kind (the one wording every reader of
 * the record sees). */
static void test_words(void **state)
{
	test_kind_says(EV_DECLARE, json_pack("{s:s, s:i, s:b}", "title",
	    "checkout down", "severity", 2, "drill", 1), "DECL",
	    "declares SEV2 (drill): checkout down");
	test_kind_says(EV_DECLARE, json_pack("{s:s, s:i, s:s}", "title",
	    "keys leaked", "severity", 1, "restricted", "secops"), "DECL",
	    "declares SEV1 (restricted to secops): keys leaked");
	test_kind_says(EV_STATUS, json_pack("{s:s, s:s}", "status",
	    "investigating", "reason", "errors are back"), "STAT",
	    "moves to investigating: errors are back");
	test_kind_says(EV_ENTRY, json_pack("{s:s, s:s}", "type", "observation",
	    "text", "p99 at 4s"), "OBS", "p99 at 4s");
	test_kind_says(EV_AMEND, json_pack("{s:s, s:s}", "text", "p99 at 3s",
	    "reason", "misread"), "AMND",
	    "#12 corrected: p99 at 3s (reason: misread)");
	test_kind_says(EV_STRIKE, json_pack("{s:s}", "reason", "wrong incident"),
	    "STRK", "#12 struck (reason: wrong incident)");
	test_kind_says(EV_ROLE_ASSIGN, json_pack("{s:s, s:s}", "role", "scribe",
	    "user", "dana"), "ROLE", "dana takes scribe");
	test_kind_says(EV_ROLE_RELEASE, json_pack("{s:s, s:s}", "role",
	    "scribe", "user", "dana"), "ROLE", "dana releases scribe");
	test_kind_says(EV_CMD_OFFER, json_pack("{s:s}", "to", "bo"), "CMD",
	    "offers command to bo");
	test_kind_says(EV_CMD_RELIEVE, json_pack("{s:s}", "reason", "no answer"),
	    "CMD", "relieves the commander: no answer");
	test_kind_says(EV_SNOOZE, json_pack("{s:i}", "for_ms", 900000), "SNZ",
	    "snoozes the update reminder for 15m 00s");
	test_kind_says(EV_UPDATE, json_pack("{s:s, s:s, s:s, s:s, s:s}",
	    "impact", "EU checkout", "known", "bad index", "unknown", "",
	    "confidence", "confirmed", "audience", "external"), "UPD",
	    "[confirmed, external] impact: EU checkout; known: bad index; "
	    "unknown: -");
	test_kind_says(EV_HYP_SET, json_pack("{s:i, s:s}", "id", 2, "state",
	    "ruled-out"), "HYP", "H2 → ruled-out");
	test_kind_says(EV_FOLLOWUP, json_pack("{s:s, s:s}", "text", "add a "
	    "canary", "owner", "deploy team"), "FUP",
	    "add a canary (owner: deploy team)");
	test_kind_says(EV_FOLLOWUP_SET, json_pack("{s:i, s:s}", "id", 3,
	    "state", "done"), "FUP", "F3 (state: done)");
	test_kind_says(EV_ANNOTATION, json_pack("{s:s}", "text", "alert was "
	    "noisy"), "ANNO", "on #12: alert was noisy");
	test_kind_says(EV_SUMMARY, json_pack("{s:s, s:s}", "text", "a bad "
	    "index", "impact", "2h of slow checkout"), "SUMM",
	    "a bad index (impact: 2h of slow checkout)");
}

/* With the incident folded so far, hypotheses and follow-ups are numbered;
 * every kind is described even with an empty body. */
static void test_numbered_and_empty(void **state)
{
	struct model_hypothesis h = { .id = 4, .seq = 30, .text = "x" };
	struct model_incident inc = { .ref = "INC-1", .hyps = &h, .nhyps = 1 };
	struct event *ev;
	char *s;
	int i;

	ev = test_kind_event(EV_HYP_OPEN, json_pack("{s:s}", "text", "bad "
	    "index"));
	ev->seq = 30;
	s = kind_describe(ev, &inc);
	assert_string_equal(s, "H4: bad index");
	free(s);
	event_free(ev);
	for (i = EV_UNKNOWN; i < EV_KIND_COUNT; i++) {
		ev = test_kind_event((enum event_kind)i, json_object());
		s = kind_describe(ev, NULL);
		assert_non_null(s);
		free(s);
		assert_non_null(kind_marker(ev));
		event_free(ev);
	}
}

/* The flags say what each kind is to the places that list events. */
static void test_flags(void **state)
{
	assert_true(kind_is(EV_PARK, KIND_HIDDEN));
	assert_false(kind_is(EV_ENTRY, KIND_HIDDEN));
	assert_true(kind_is(EV_FACTOR, KIND_ANALYSIS));
	assert_true(kind_is(EV_AMEND, KIND_CORRECTION));
	assert_true(kind_is(EV_CMD_ACCEPT, KIND_HANDOFF | KIND_LOUD));
	assert_false(kind_is(EV_UNKNOWN, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_numbered_and_empty),
		cmocka_unit_test(test_flags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
