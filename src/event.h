/* event.h: the unit of record, its kinds, and its JSON form. */
#ifndef SITREP_EVENT_H
#define SITREP_EVENT_H

#include <jansson.h>
#include <stdint.h>

#include "kind.h"
#include "sitrep.h"

/* One stored (or about to be stored) event. Strings and JSON are owned. */
struct event {
	int64_t seq;                   /* store-wide, assigned by the server; 0 before */
	char uid[SR_UID_LEN + 1];      /* chosen by the submitting client */
	char *incident;                /* "INC-7"; for a declare the server assigns it */
	enum event_kind kind;
	char *actor;                   /* OS user; assigned by the server only */
	int64_t occurred_at;           /* ms since epoch, UTC; may be back-dated */
	int64_t recorded_at;           /* server clock at commit */
	int64_t target;                /* seq this event points at, 0 for none */
	json_t *body;                  /* kind-specific object, never NULL */
	json_t *refs;                  /* array of "key:value" strings, or NULL */
	json_t *tags;                  /* array of strings, or NULL */
	unsigned char hash[32];        /* chain hash, set by the store */
};

/* Allocate an empty event with an empty body object. */
struct event *event_new(enum event_kind kind);
/* Free an event and everything it owns; NULL is fine. */
void event_free(struct event *ev);
/* Deep copy. */
struct event *event_copy(const struct event *ev);

/* Name of a kind ("entry.amend", from its descriptor), or "unknown". */
const char *event_kind_name(enum event_kind kind);
/* Kind for a name (kind_parse); EV_UNKNOWN when not in the vocabulary. */
enum event_kind event_kind_parse(const char *name);

/* Fill uid with 128 fresh random bits as hex (libsodium). */
void event_uid_new(char uid[SR_UID_LEN + 1]);
/* 1 when s is 32 lower-case hex digits. */
int event_uid_valid(const char *s);

/* The full JSON form (wire and export): every field; "hash" as hex when
 * with_hash. Returns a new reference. */
json_t *event_to_json(const struct event *ev, int with_hash);
/* Parse the JSON form. Checks types, lengths (SR_MAX_*), uid format and
 * known kind; seq/actor/recorded_at/hash are read when present (the server
 * overwrites them for submissions). Returns NULL and sets *cause (a
 * sentence, caller frees) on bad input. */
struct event *event_from_json(const json_t *obj, char **cause);

/* qsort order of an array of struct event *: the time things happened
 * (occurred_at), ties by seq (the order they were recorded). */
int event_cmp_by_time(const void *a, const void *b);

/* Convenience readers for body fields: NULL / 0 when absent or mistyped. */
const char *event_str(const struct event *ev, const char *field);
int64_t event_int(const struct event *ev, const char *field);

#endif
