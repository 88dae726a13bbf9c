/* model-int.h: what the kinds' fold steps share (model.c). Only the model
 * files and the kind descriptors (kind-*.c) include this. */
#ifndef SITREP_MODEL_INT_H
#define SITREP_MODEL_INT_H

#include "model.h"

/* Make room for element n of an array that grows by doubling. */
void *model_grow(void *p, size_t n, size_t size);
/* Copy of a string or NULL. */
char *model_dup(const char *s);
/* Replace *dst by a copy of s (NULL stays NULL). */
void model_set(char **dst, const char *s);
/* The number in "INC-7", "inc-7" or "7"; -1 when it is not one. */
long model_ref_number(const char *ref);
/* Index of a person in inc->people, added when new. */
uint32_t model_person(struct model_incident *inc, const char *name);
/* When an event happened: occurred_at, else recorded_at. */
int64_t model_when(const struct event *ev);
/* Remember a targetable event as a timeline entry (seq order); NULL when
 * it is out of order. */
struct model_entry *model_entry_add(struct model_incident *inc,
    const struct event *ev);
/* Writable entry for a seq, or NULL. */
struct model_entry *model_entry_get(struct model_incident *inc, int64_t seq);
/* Start a stint of user in role r at ev. */
void model_stint_start(struct model_incident *inc, enum model_role r,
    const char *user, const struct event *ev);
/* End the current stints in role r (of user, or of anyone when NULL). */
void model_stint_end(struct model_incident *inc, enum model_role r,
    const char *user, const struct event *ev);
/* Command passes to user: the old stint ends, a new one starts, with the
 * brief accepted (NULL: none, a declaration or a relief). */
void model_command_to(struct model_incident *inc, const char *user,
    const char *brief, const struct event *ev);
/* Forget the outstanding command offer. */
void model_offer_clear(struct model_incident *inc);
/* The next update due after an update (or the declaration) at `at`, by
 * the severity's cadence; 0 when it has none. */
int64_t model_next_due(const struct model_incident *inc, int64_t at);
/* Free an incident and everything it owns. */
void model_incident_free(struct model_incident *inc);
/* A JSON string, or null for NULL. */
json_t *model_json_str(const char *s);
/* Hypotheses as [{id, seq, text, by, state, changed_at, struck}]. */
json_t *model_json_hyps(const struct model_incident *inc);
/* Room for n elements of an array that model_grow() will extend. */
void *model_alloc(size_t n, size_t size);

#endif
