/* fuzz-message.c: fuzz the message layer as the server runs it: frames are
 * decoded into JSON messages, each submit's event is read (event_from_json)
 * and checked by the rules against the state of a small incident, and what
 * the rules accept is folded in, so a sequence of submissions explores the
 * rules from state to state.
 *
 * The world: INC-1, declared by alice (the commander), with a note, an
 * action, a hypothesis and bob as scribe. Each submission's actor is
 * alice, bob or carol by its position in the input, as a server takes it
 * from the connection. Invariants: a refusal is one non-empty UTF-8
 * sentence (with a non-empty field when one is named); warnings are
 * strings; an accepted event survives event_to_json / event_from_json;
 * after each accepted event the incident's state survives the snapshot
 * round trip (model_state_json / model_state_from_json) unchanged, and
 * every event can be described. See fuzz/README.md.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kind.h"
#include "model.h"
#include "proto.h"
#include "rules.h"
#include "text.h"
#include "xmalloc.h"

#define FUZZ_MESSAGE_T0 1763800000000LL
#define FUZZ_MESSAGE_MAX 64  /* messages taken from one input */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const fuzz_message_actors[] = { "alice", "bob", "carol" };

/* A sentence the rules or the reader gave: non-empty valid UTF-8. */
static void fuzz_message_sentence(const char *s)
{
	if (s == NULL || *s == '\0' || !text_valid_utf8(s, strlen(s)))
		abort();
}

/* Fold one event of the starting world. */
static void fuzz_message_world_one(struct model *m, enum event_kind kind,
    int64_t seq, const char *actor, const char *key, const char *value)
{
	struct event *ev = event_new(kind);

	ev->seq = seq;
	ev->incident = xstrdup("INC-1");
	ev->actor = xstrdup(actor);
	ev->recorded_at = ev->occurred_at = FUZZ_MESSAGE_T0 + seq * 1000;
	if (kind == EV_DECLARE)
		json_object_set_new(ev->body, "severity", json_integer(2));
	if (kind == EV_ENTRY)
		json_object_set_new(ev->body, "type", json_string(
		    seq == 2 ? "note" : "action"));
	if (kind == EV_ROLE_ASSIGN)
		json_object_set_new(ev->body, "role", json_string("scribe"));
	json_object_set_new(ev->body, key, json_string(value));
	model_apply(m, ev);
	event_free(ev);
}

/* The starting world (see the file's comment). */
static void fuzz_message_world(struct model *m)
{
	model_init(m);
	fuzz_message_world_one(m, EV_DECLARE, 1, "alice", "title",
	    "checkout down");
	fuzz_message_world_one(m, EV_ENTRY, 2, "alice", "text", "db cpu high");
	fuzz_message_world_one(m, EV_ENTRY, 3, "bob", "text", "rolled back");
	fuzz_message_world_one(m, EV_HYP_OPEN, 4, "bob", "text", "pool size");
	fuzz_message_world_one(m, EV_ROLE_ASSIGN, 5, "alice", "user", "bob");
}

/* An accepted event reads back as itself. */
static void fuzz_message_event_round_trip(const struct event *ev)
{
	json_t *a = event_to_json(ev, 1), *b;
	struct event *back;
	char *cause = NULL;

	if ((back = event_from_json(a, &cause)) == NULL)
		abort();
	b = event_to_json(back, 1);
	if (!json_equal(a, b))
		abort();
	json_decref(a);
	json_decref(b);
	event_free(back);
}

/* The incident's state survives the snapshot round trip unchanged. */
static void fuzz_message_state_round_trip(const struct model_incident *inc)
{
	json_t *a = model_state_json(inc), *b;
	struct model_incident *copy;
	struct model m;
	char *cause = NULL;

	if ((copy = model_state_from_json(a, &cause)) == NULL)
		abort();
	model_init(&m);
	model_add_incident(&m, copy);
	b = model_state_json(copy);
	if (!json_equal(a, b))
		abort();
	json_decref(a);
	json_decref(b);
	model_free(&m);
}

/* Describe ev in words, as every client does. */
static void fuzz_message_describe(const struct event *ev,
    const struct model_incident *inc)
{
	const struct kind *k = kind_get(ev->kind);
	char *s;

	if (k == NULL || k->describe == NULL)
		return;
	s = k->describe(ev, inc);
	if (s == NULL || !text_valid_utf8(s, strlen(s)))
		abort();
	free(s);
}

/* Check an accepted event, fold it and check the state after it. */
static void fuzz_message_accept(struct model *m, struct event *ev,
    const json_t *warnings)
{
	struct model_incident *inc;
	const json_t *w;
	size_t i;

	json_array_foreach(warnings, i, w)
		fuzz_message_sentence(json_string_value(w));
	ev->seq = m->last_seq + 1;
	fuzz_message_event_round_trip(ev);
	model_apply(m, ev);
	if ((inc = model_find(m, ev->incident)) == NULL)
		abort();
	fuzz_message_describe(ev, inc);
	fuzz_message_state_round_trip(inc);
}

/* One submit message, as the n-th of the input: read, check, fold. */
static void fuzz_message_submit(struct model *m, const json_t *msg, int n)
{
	struct event *ev;
	json_t *warnings;
	const char *field = NULL;
	char *cause = NULL;

	if ((ev = event_from_json(json_object_get(msg, "event"),
	    &cause)) == NULL) {
		fuzz_message_sentence(cause);
		free(cause);
		return;
	}
	free(ev->actor);
	ev->actor = xstrdup(fuzz_message_actors[n % 3]);
	ev->seq = 0;
	ev->recorded_at = FUZZ_MESSAGE_T0 + (100 + n) * 1000;
	warnings = json_array();
	if (rules_check(m, ev, warnings, &cause, &field) == 0)
		fuzz_message_accept(m, ev, warnings);
	else {
		fuzz_message_sentence(cause);
		if (field != NULL && *field == '\0')
			abort();
		free(cause);
	}
	json_decref(warnings);
	event_free(ev);
}

/* One input: frames of messages, the submits among them run in order. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_decoder d;
	struct model m;
	json_t *msg;
	char *cause = NULL;
	int n = 0;

	fuzz_message_world(&m);
	proto_decoder_init(&d);
	proto_decoder_feed(&d, data, size);
	while (n < FUZZ_MESSAGE_MAX &&
	    proto_decoder_next(&d, &msg, &cause) == 1) {
		if (strcmp(proto_type(msg), "submit") == 0)
			fuzz_message_submit(&m, msg, n);
		json_decref(msg);
		n++;
	}
	free(cause);
	proto_decoder_free(&d);
	model_free(&m);
	return 0;
}

#include "fuzz-replay.h"
