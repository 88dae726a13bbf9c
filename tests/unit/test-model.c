/* test-model.c: the incident state serialization (model_state_json and
 * model_state_from_json): a state shipped to a client and folded further
 * there stays identical to the server's own fold; with its encoded entry
 * index (a server's checkpoint) it is the whole fold again. */
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
#include "xmalloc.h"

#define T0 1763800000000LL

/* A deterministic stream of varied events for one incident. */
struct gen {
	uint64_t rnd;
	int64_t seq;
	int64_t now;
	int64_t *targets;   /* seqs of targetable events */
	size_t ntargets;
	int nhyps;
	int nfollowups;
	int status;
};

static const char *const test_model_people[] = { "alice", "bob", "carol",
    "dave" };

/* Next pseudo-random number below n. */
static unsigned test_model_rand(struct gen *g, unsigned n)
{
	g->rnd ^= g->rnd << 13;
	g->rnd ^= g->rnd >> 7;
	g->rnd ^= g->rnd << 17;
	return (unsigned)(g->rnd % n);
}

/* A new event of kind with the next seq and a random actor. */
static struct event *test_model_event(struct gen *g, enum event_kind kind)
{
	struct event *ev = event_new(kind);

	ev->seq = ++g->seq;
	g->now += 1000 + test_model_rand(g, 60000);
	ev->recorded_at = g->now;
	ev->occurred_at = test_model_rand(g, 5) == 0 ? g->now - 3600000 :
	    g->now;
	ev->incident = xstrdup("INC-1");
	ev->actor = xstrdup(test_model_people[test_model_rand(g, 4)]);
	return ev;
}

/* A random earlier targetable seq (0 when none). */
static int64_t test_model_target(struct gen *g)
{
	if (g->ntargets == 0)
		return 0;
	return g->targets[test_model_rand(g, (unsigned)g->ntargets)];
}

/* Body of a text-carrying kind. */
static void test_model_text(struct gen *g, struct event *ev)
{
	json_object_set_new(ev->body, "text", json_sprintf("text %lld r%u",
	    (long long)ev->seq, test_model_rand(g, 1000)));
}

/* Fill the body of the people and command kinds. */
static void test_model_body_people(struct gen *g, struct event *ev)
{
	static const char *const roles[] = { "deputy", "scribe", "ops",
	    "comms", "liaison", "sme" };

	switch (ev->kind) {
	case EV_ROLE_ASSIGN:
	case EV_ROLE_RELEASE:
		json_object_set_new(ev->body, "role",
		    json_string(roles[test_model_rand(g, 6)]));
		json_object_set_new(ev->body, "user",
		    json_string(test_model_people[test_model_rand(g, 4)]));
		break;
	case EV_CMD_OFFER:
		json_object_set_new(ev->body, "to",
		    json_string(test_model_people[test_model_rand(g, 4)]));
		json_object_set_new(ev->body, "brief", json_string("the brief"));
		break;
	default:
		json_object_set_new(ev->body, "reason", json_string("why"));
		break;
	}
}

/* The analysis details: factor categories and linked entries, parked
 * thoughts triaged, answers to the questions. */
static void test_model_body_more(struct gen *g, struct event *ev)
{
	static const char *const cats[] = { "deployment", "code", "process" };
	static const char *const secs[] = { "summary", "went-well", "lucky" };

	if (ev->kind == EV_FACTOR) {
		json_object_set_new(ev->body, "category",
		    json_string(cats[test_model_rand(g, 3)]));
		json_object_set_new(ev->body, "entries",
		    json_pack("[I]", (json_int_t)test_model_target(g)));
		json_object_set_new(ev->body, "from_park",
		    json_integer(test_model_target(g)));
	} else if (ev->kind == EV_SUMMARY) {
		json_object_set_new(ev->body, "section",
		    json_string(secs[test_model_rand(g, 3)]));
		json_object_set_new(ev->body, "impact", json_string("2h"));
	} else if (ev->kind == EV_ANNOTATION && test_model_rand(g, 3) == 0)
		json_object_set_new(ev->body, "triage",
		    json_string("dismissed"));
}

/* Fill the body of the analysis kinds. */
static void test_model_body_analysis(struct gen *g, struct event *ev)
{
	static const char *const hs[] = { "open", "investigating", "supported",
	    "ruled-out", "confirmed" };
	static const char *const fs[] = { "open", "done", "wont-do" };

	switch (ev->kind) {
	case EV_HYP_SET:
		json_object_set_new(ev->body, "id",
		    json_integer(1 + test_model_rand(g, (unsigned)g->nhyps + 1)));
		json_object_set_new(ev->body, "state",
		    json_string(hs[test_model_rand(g, 5)]));
		break;
	case EV_FOLLOWUP:
		test_model_text(g, ev);
		if (test_model_rand(g, 2))
			json_object_set_new(ev->body, "owner", json_string("db"));
		json_object_set_new(ev->body, "due", json_integer(g->now + 1));
		g->nfollowups++;
		break;
	case EV_FOLLOWUP_SET:
		json_object_set_new(ev->body, "id", json_integer(1 +
		    test_model_rand(g, (unsigned)g->nfollowups + 1)));
		json_object_set_new(ev->body, "state",
		    json_string(fs[test_model_rand(g, 3)]));
		json_object_set_new(ev->body, "owner", json_string("team"));
		json_object_set_new(ev->body, "note", json_string("moved"));
		break;
	default:
		test_model_text(g, ev);
		if (ev->kind == EV_HYP_OPEN)
			g->nhyps++;
		test_model_body_more(g, ev);
		break;
	}
}

/* Fill the body of the incident-level kinds. */
static void test_model_body_incident(struct gen *g, struct event *ev)
{
	static const char *const st[] = { "investigating", "identified",
	    "monitoring", "resolved", "analysis" };
	static const char *const marks[] = { "impact-start", "detected",
	    "mitigated", "resolved" };
	static const char *const conf[] = { "confirmed", "likely",
	    "suspected", "unknown" };

	switch (ev->kind) {
	case EV_STATUS:
		g->status = (g->status + 1) % 5;
		json_object_set_new(ev->body, "status", json_string(st[g->status]));
		break;
	case EV_MARK:
		json_object_set_new(ev->body, "mark",
		    json_string(marks[test_model_rand(g, 4)]));
		break;
	case EV_INCIDENT_UPDATE:
		json_object_set_new(ev->body, "severity",
		    json_integer(1 + test_model_rand(g, 4)));
		json_object_set_new(ev->body, "title", json_string("retitled"));
		break;
	case EV_SNOOZE:
		json_object_set_new(ev->body, "for_ms", json_integer(900000));
		break;
	default: /* EV_UPDATE */
		json_object_set_new(ev->body, "impact", json_string("checkout"));
		json_object_set_new(ev->body, "known", json_string("db"));
		json_object_set_new(ev->body, "unknown", json_string("why"));
		json_object_set_new(ev->body, "actions", json_string("drain"));
		json_object_set_new(ev->body, "needs", json_string("a dba"));
		json_object_set_new(ev->body, "confidence",
		    json_string(conf[test_model_rand(g, 4)]));
		json_object_set_new(ev->body, "next_at",
		    json_integer(g->now + 1800000));
		json_object_set_new(ev->body, "audience", json_string(
		    test_model_rand(g, 2) ? "external" : "internal"));
		break;
	}
}

/* The next event of the stream (every kind appears). */
static struct event *test_model_next(struct gen *g)
{
	static const char *const types[] = { "note", "observation", "action",
	    "decision", "change", "comms" };
	enum event_kind kind;
	struct event *ev;

	kind = (enum event_kind)(EV_INCIDENT_UPDATE +
	    test_model_rand(g, EV_KIND_COUNT - EV_INCIDENT_UPDATE));
	if (test_model_rand(g, 3) == 0)
		kind = EV_ENTRY;
	ev = test_model_event(g, kind);
	if (kind == EV_ENTRY) {
		json_object_set_new(ev->body, "type",
		    json_string(types[test_model_rand(g, 6)]));
		test_model_text(g, ev);
	} else if (kind == EV_AMEND || kind == EV_STRIKE ||
	    kind == EV_ANNOTATION) {
		ev->target = test_model_target(g);
		test_model_text(g, ev);
		json_object_set_new(ev->body, "reason", json_string("typo"));
	} else if (kind >= EV_ROLE_ASSIGN && kind <= EV_CMD_RELIEVE)
		test_model_body_people(g, ev);
	else if (kind >= EV_HYP_OPEN && kind != EV_UPDATE)
		test_model_body_analysis(g, ev);
	else
		test_model_body_incident(g, ev);
	if (kind == EV_ENTRY || kind == EV_UPDATE || kind == EV_HYP_OPEN ||
	    kind == EV_PARK || kind == EV_FACTOR || kind == EV_FOLLOWUP ||
	    kind == EV_ANNOTATION || kind == EV_SUMMARY) {
		g->targets = xreallocarray(g->targets, g->ntargets + 1,
		    sizeof *g->targets);
		g->targets[g->ntargets++] = ev->seq;
	}
	return ev;
}

/* The declaration that starts the stream. */
static struct event *test_model_declare(struct gen *g)
{
	struct event *ev = test_model_event(g, EV_DECLARE);

	json_object_set_new(ev->body, "title", json_string("checkout down"));
	json_object_set_new(ev->body, "severity", json_integer(2));
	json_object_set_new(ev->body, "drill", json_false());
	json_object_set_new(ev->body, "restricted", json_string("secops"));
	return ev;
}

/* Fold n events of the stream into every model of ms. */
static void test_model_fold(struct gen *g, struct model **ms, size_t nms,
    int n)
{
	struct event *ev;
	size_t k;
	int i;

	for (i = 0; i < n; i++) {
		ev = g->seq == 0 ? test_model_declare(g) : test_model_next(g);
		for (k = 0; k < nms; k++)
			model_apply(ms[k], ev);
		event_free(ev);
	}
}

/* Two strings (either may be NULL) are equal. */
static void test_model_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

/* Factors, parked thoughts and answers are equal field by field. */
static void test_model_analysis_equal(const struct model_incident *a,
    const struct model_incident *b)
{
	size_t i, j;

	assert_int_equal(a->nfactors, b->nfactors);
	for (i = 0; i < a->nfactors; i++) {
		assert_int_equal(a->factors[i].id, b->factors[i].id);
		assert_int_equal(a->factors[i].seq, b->factors[i].seq);
		test_model_str(a->factors[i].text, b->factors[i].text);
		assert_int_equal(a->factors[i].category, b->factors[i].category);
		assert_int_equal(a->factors[i].nentries, b->factors[i].nentries);
		for (j = 0; j < a->factors[i].nentries; j++)
			assert_int_equal(a->factors[i].entries[j],
			    b->factors[i].entries[j]);
		assert_int_equal(a->factors[i].struck, b->factors[i].struck);
	}
	assert_int_equal(a->nparked, b->nparked);
	for (i = 0; i < a->nparked; i++) {
		assert_int_equal(a->parked[i].seq, b->parked[i].seq);
		assert_int_equal(a->parked[i].at, b->parked[i].at);
		test_model_str(a->parked[i].text, b->parked[i].text);
		test_model_str(a->parked[i].by, b->parked[i].by);
		assert_int_equal(a->parked[i].triage, b->parked[i].triage);
		assert_int_equal(a->parked[i].into, b->parked[i].into);
		assert_int_equal(a->parked[i].triage_seq,
		    b->parked[i].triage_seq);
		assert_int_equal(a->parked[i].struck, b->parked[i].struck);
	}
	for (i = 0; i < ANS_COUNT; i++) {
		assert_int_equal(a->answers[i].seq, b->answers[i].seq);
		test_model_str(a->answers[i].text, b->answers[i].text);
	}
}

/* Role history, hypotheses and follow-ups are equal field by field. */
static void test_model_lists_equal(const struct model_incident *a,
    const struct model_incident *b)
{
	size_t i;

	assert_int_equal(a->nstints, b->nstints);
	for (i = 0; i < a->nstints; i++) {
		assert_int_equal(a->stints[i].role, b->stints[i].role);
		test_model_str(a->stints[i].user, b->stints[i].user);
		assert_int_equal(a->stints[i].from, b->stints[i].from);
		assert_int_equal(a->stints[i].to, b->stints[i].to);
		assert_int_equal(a->stints[i].seq, b->stints[i].seq);
		test_model_str(a->stints[i].brief, b->stints[i].brief);
	}
	assert_int_equal(a->nhyps, b->nhyps);
	for (i = 0; i < a->nhyps; i++) {
		assert_int_equal(a->hyps[i].id, b->hyps[i].id);
		assert_int_equal(a->hyps[i].seq, b->hyps[i].seq);
		test_model_str(a->hyps[i].text, b->hyps[i].text);
		test_model_str(a->hyps[i].by, b->hyps[i].by);
		assert_int_equal(a->hyps[i].state, b->hyps[i].state);
		assert_int_equal(a->hyps[i].changed_at, b->hyps[i].changed_at);
		assert_int_equal(a->hyps[i].struck, b->hyps[i].struck);
	}
	assert_int_equal(a->nfollowups, b->nfollowups);
	for (i = 0; i < a->nfollowups; i++) {
		assert_int_equal(a->followups[i].id, b->followups[i].id);
		assert_int_equal(a->followups[i].seq, b->followups[i].seq);
		test_model_str(a->followups[i].text, b->followups[i].text);
		test_model_str(a->followups[i].owner, b->followups[i].owner);
		assert_int_equal(a->followups[i].due, b->followups[i].due);
		assert_int_equal(a->followups[i].state, b->followups[i].state);
		assert_int_equal(a->followups[i].struck, b->followups[i].struck);
		assert_int_equal(a->followups[i].factor, b->followups[i].factor);
		test_model_str(a->followups[i].note, b->followups[i].note);
	}
	assert_int_equal(a->npeople, b->npeople);
	for (i = 0; i < a->npeople; i++)
		test_model_str(a->people[i], b->people[i]);
	test_model_analysis_equal(a, b);
	assert_int_equal(a->nactions, b->nactions);
	for (i = 0; i < a->nactions; i++) {
		assert_int_equal(a->actions[i].seq, b->actions[i].seq);
		assert_int_equal(a->actions[i].at, b->actions[i].at);
		test_model_str(a->actions[i].text, b->actions[i].text);
	}
}

/* The offer and the last update are equal field by field. */
static void test_model_records_equal(const struct model_incident *a,
    const struct model_incident *b)
{
	const struct model_last_update *x = &a->last_update;
	const struct model_last_update *y = &b->last_update;

	test_model_str(a->offer.from, b->offer.from);
	test_model_str(a->offer.to, b->offer.to);
	test_model_str(a->offer.brief, b->offer.brief);
	assert_int_equal(a->offer.seq, b->offer.seq);
	assert_int_equal(a->offer.at, b->offer.at);
	assert_int_equal(x->seq, y->seq);
	assert_int_equal(x->at, y->at);
	test_model_str(x->impact, y->impact);
	assert_int_equal(x->confidence, y->confidence);
	test_model_str(x->known, y->known);
	test_model_str(x->unknown, y->unknown);
	test_model_str(x->actions, y->actions);
	test_model_str(x->needs, y->needs);
	test_model_str(x->by, y->by);
	assert_int_equal(x->external, y->external);
}

/* The fold's own state and the one rebuilt from its snapshot are equal in
 * every field of struct model_incident (the entry index aside: the
 * snapshot keeps only the entries the state refers to). The size check
 * makes a field added to the struct fail here until it is compared. */
static void test_model_struct_equal(const struct model_incident *a,
    const struct model_incident *b)
{
	int i;

#if defined(__x86_64__) && defined(__LP64__)
	_Static_assert(sizeof(struct model_incident) == 704 &&
	    sizeof(struct model_last_update) == 80 &&
	    sizeof(struct model_action) == 24 &&
	    sizeof(struct model_stint) == 48 &&
	    sizeof(struct model_hypothesis) == 56 &&
	    sizeof(struct model_followup) == 64 &&
	    sizeof(struct model_offer) == 40 &&
	    sizeof(struct model_factor) == 56 &&
	    sizeof(struct model_parked) == 56 &&
	    sizeof(struct model_answer) == 16,
	    "a field was added to the incident state: compare it here and "
	    "carry it in model-state.c");
#endif
	test_model_str(a->ref, b->ref);
	assert_int_equal(a->number, b->number);
	test_model_str(a->title, b->title);
	test_model_str(a->tz, b->tz);
	test_model_str(a->restricted, b->restricted);
	assert_int_equal(a->severity, b->severity);
	assert_int_equal(a->drill, b->drill);
	assert_int_equal(a->status, b->status);
	for (i = 0; i < MARK_COUNT; i++)
		assert_int_equal(a->marks[i], b->marks[i]);
	test_model_str(a->declared_by, b->declared_by);
	test_model_str(a->ic, b->ic);
	test_model_records_equal(a, b);
	test_model_lists_equal(a, b);
	assert_int_equal(a->next_update_at, b->next_update_at);
	assert_int_equal(a->snoozed_until, b->snoozed_until);
	test_model_str(a->summary, b->summary);
	test_model_str(a->impact, b->impact);
	assert_int_equal(a->nevents, b->nevents);
	assert_int_equal(a->first_seq, b->first_seq);
	assert_int_equal(a->last_seq, b->last_seq);
	assert_int_equal(a->last_at, b->last_at);
	assert_int_equal(a->happened_from, b->happened_from);
	assert_int_equal(a->happened_to, b->happened_to);
	assert_int_equal(a->marks_explicit, b->marks_explicit);
	assert_int_equal(a->summary_seq, b->summary_seq);
	assert_int_equal(a->nentries + a->nentries_elsewhere,
	    b->nentries + b->nentries_elsewhere);
}

/* Both models' incident INC-1 have identical state and summary JSON. */
static void test_model_same(struct model *a, struct model *b)
{
	struct model_incident *x = model_find(a, "INC-1");
	struct model_incident *y = model_find(b, "INC-1");
	json_t *sx, *sy;
	char *dx, *dy;

	assert_non_null(x);
	assert_non_null(y);
	test_model_struct_equal(x, y);
	sx = model_state_json(x);
	sy = model_state_json(y);
	dx = json_dumps(sx, JSON_SORT_KEYS);
	dy = json_dumps(sy, JSON_SORT_KEYS);
	assert_string_equal(dx, dy);
	free(dx);
	free(dy);
	json_decref(sx);
	json_decref(sy);
	sx = model_incident_json(x);
	sy = model_incident_json(y);
	assert_true(json_equal(sx, sy));
	json_decref(sx);
	json_decref(sy);
}

/* A state round-trips, and both copies fold the same further events to the
 * same state (amends and strikes of old entries included). */
static void test_roundtrip(void **state)
{
	struct gen g = { .rnd = 0x9e3779b97f4a7c15ULL, .now = T0 };
	struct model server, client, *both[2] = { &server, &client };
	struct model_incident *inc, *copy;
	json_t *js;
	char *cause = NULL;
	int round;

	model_init(&server);
	model_init(&client);
	test_model_fold(&g, both, 1, 400);
	inc = model_find(&server, "INC-1");
	assert_non_null(inc);
	assert_true(inc->nhyps > 0 && inc->nfollowups > 0 && inc->nstints > 1);
	js = model_state_json(inc);
	copy = model_state_from_json(js, &cause);
	assert_null(cause);
	assert_non_null(copy);
	assert_true(copy->nentries < inc->nentries);
	json_decref(js);
	model_add_incident(&client, copy);
	assert_int_equal(client.last_seq, inc->last_seq);
	test_model_same(&server, &client);
	for (round = 0; round < 5; round++) {
		test_model_fold(&g, both, 2, 100);
		test_model_same(&server, &client);
	}
	free(g.targets);
	model_free(&server);
	model_free(&client);
}

/* Strikes of a hypothesis, a factor, an action and the summary made after
 * the snapshot count on the client as on the server. */
static void test_old_targets(void **state)
{
	struct gen g = { .rnd = 42, .now = T0 };
	struct model server, client, *both[2] = { &server, &client };
	struct model_incident *inc;
	struct event *ev;
	enum event_kind kinds[] = { EV_HYP_OPEN, EV_FACTOR, EV_SUMMARY,
	    EV_ENTRY };
	int64_t seqs[4];
	json_t *js;
	char *cause = NULL;
	size_t i;

	model_init(&server);
	model_init(&client);
	test_model_fold(&g, both, 1, 1);
	for (i = 0; i < 4; i++) {
		ev = test_model_event(&g, kinds[i]);
		test_model_text(&g, ev);
		if (kinds[i] == EV_ENTRY)
			json_object_set_new(ev->body, "type",
			    json_string("action"));
		seqs[i] = ev->seq;
		model_apply(&server, ev);
		event_free(ev);
	}
	js = model_state_json(model_find(&server, "INC-1"));
	model_add_incident(&client, model_state_from_json(js, &cause));
	json_decref(js);
	for (i = 0; i < 4; i++) {
		ev = test_model_event(&g, i % 2 ? EV_STRIKE : EV_AMEND);
		ev->target = seqs[i];
		json_object_set_new(ev->body, "text", json_string("fixed"));
		model_apply(&server, ev);
		model_apply(&client, ev);
		event_free(ev);
	}
	test_model_same(&server, &client);
	inc = model_find(&client, "INC-1");
	assert_string_equal(inc->hyps[0].text, "fixed");
	assert_int_equal(model_live_factors(inc), 0);
	assert_string_equal(inc->summary, "fixed");
	assert_int_equal(inc->nactions, 0);
	model_free(&server);
	model_free(&client);
}

/* The entry indexes of two incidents are equal entry by entry. */
static void test_model_entries_equal(const struct model_incident *a,
    const struct model_incident *b)
{
	size_t i;

	assert_int_equal(a->nentries, b->nentries);
	assert_int_equal(b->nentries_elsewhere, 0);
	for (i = 0; i < a->nentries; i++) {
		assert_int_equal(a->entries[i].seq, b->entries[i].seq);
		assert_int_equal(a->entries[i].kind, b->entries[i].kind);
		assert_int_equal(a->entries[i].struck, b->entries[i].struck);
		assert_int_equal(a->entries[i].amended, b->entries[i].amended);
		assert_int_equal(a->entries[i].late, b->entries[i].late);
		assert_int_equal(a->entries[i].type, b->entries[i].type);
		assert_int_equal(a->entries[i].author, b->entries[i].author);
	}
}

/* A checkpoint (the state and the encoded entry index) taken at any point
 * of the stream and folded on gives the same incident as the fold of the
 * whole stream, entry index included. */
static void test_checkpoint(void **state)
{
	struct gen g = { .rnd = 7, .now = T0 };
	struct model full, resumed, *one[1] = { &full }, *both[2];
	struct model_incident *inc, *copy;
	unsigned char *buf;
	char *cause = NULL;
	json_t *js;
	int round;

	model_init(&full);
	test_model_fold(&g, one, 1, 150);
	for (round = 0; round < 6; round++) {
		inc = model_find(&full, "INC-1");
		buf = xmalloc(inc->nentries * MODEL_INDEX_ENTRY + 1);
		model_index_encode(inc, 0, inc->nentries, buf);
		js = model_state_json(inc);
		copy = model_state_from_json(js, &cause);
		json_decref(js);
		assert_non_null(copy);
		assert_int_equal(model_index_decode(copy, buf, inc->nentries *
		    MODEL_INDEX_ENTRY, &cause), 0);
		free(buf);
		model_init(&resumed);
		model_add_incident(&resumed, copy);
		test_model_entries_equal(inc, copy);
		both[0] = &full;
		both[1] = &resumed;
		test_model_fold(&g, both, 2, 60);
		test_model_same(&full, &resumed);
		test_model_entries_equal(model_find(&full, "INC-1"),
		    model_find(&resumed, "INC-1"));
		model_free(&resumed);
	}
	free(g.targets);
	model_free(&full);
}

/* An encoded index that is not the one a state counts is refused. */
static void test_bad_index(void **state)
{
	struct gen g = { .rnd = 9, .now = T0 };
	struct model m, *one[1] = { &m };
	struct model_incident *inc, *copy;
	unsigned char *buf;
	char *cause = NULL;
	json_t *js;
	size_t n;

	model_init(&m);
	test_model_fold(&g, one, 1, 60);
	inc = model_find(&m, "INC-1");
	n = inc->nentries * MODEL_INDEX_ENTRY;
	buf = xmalloc(n);
	model_index_encode(inc, 0, inc->nentries, buf);
	js = model_state_json(inc);
	copy = model_state_from_json(js, &cause);
	json_decref(js);
	assert_int_equal(model_index_decode(copy, buf, n - MODEL_INDEX_ENTRY,
	    &cause), -1);
	assert_non_null(strstr(cause, "not the"));
	free(cause);
	cause = NULL;
	memcpy(buf + MODEL_INDEX_ENTRY, buf, MODEL_INDEX_ENTRY);
	assert_int_equal(model_index_decode(copy, buf, n, &cause), -1);
	assert_non_null(strstr(cause, "damaged at entry 2"));
	free(cause);
	free(buf);
	model_add_incident(&m, copy);
	free(g.targets);
	model_free(&m);
}

/* A state that is not one is refused with a reason. */
static void test_bad_state(void **state)
{
	json_t *js = json_pack("{s:s}", "ref", "INC-1");
	char *cause = NULL;

	assert_null(model_state_from_json(js, &cause));
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	json_decref(js);
	js = json_pack("{s:i, s:s, s:i, s:s}", "version", 1, "ref", "INC-1",
	    "number", 1, "status", "sideways");
	assert_null(model_state_from_json(js, &cause));
	assert_non_null(strstr(cause, "sideways"));
	free(cause);
	json_decref(js);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_old_targets),
		cmocka_unit_test(test_bad_state),
		cmocka_unit_test(test_checkpoint),
		cmocka_unit_test(test_bad_index),
	};

	xmalloc_json_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
