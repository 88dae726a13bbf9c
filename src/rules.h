/* rules.h: who may do what, and when (DESIGN sections 2–5).
 *
 * The server calls rules_check() for every submission, against the state
 * folded so far (including earlier events of the same group commit), before
 * anything is stored. It is pure: no I/O, no clock (now is passed in).
 */
#ifndef SITREP_RULES_H
#define SITREP_RULES_H

#include <jansson.h>

#include "event.h"
#include "model.h"

/* Check ev (actor, recorded_at already set by the server) against m.
 * On success returns 0, may normalize ev (assign ev->incident for a
 * declare as "INC-<max+1>", default update next_at from the cadence,
 * pre-fill an empty handoff brief, default occurred_at to recorded_at)
 * and appends advisory warnings (strings) to the warnings array.
 * On refusal returns -1 and sets *why to one sentence a person under
 * stress understands (caller frees), e.g. "only the incident commander can
 * change status; the commander is alice", and *field to the body field the
 * refusal concerns ("impact", "reason"; "at" for occurred_at, "target"), or
 * NULL: the sentence states the rule, each client words the fix. */
int rules_check(const struct model *m, struct event *ev, json_t *warnings,
    char **why, const char **field);

/* What only the server knows, asked by the rules: who may be named as a
 * person (handed command, given a role: 1 for a host user who may write
 * on it), whether a group exists (1) and has user as a member (1), and
 * whether the submitter sees an incident (1; a restricted one is to
 * everyone else as if it did not exist). NULL callbacks: not checked. */
struct rules_people {
	int (*known)(const char *name, void *arg);
	void *arg;
	int (*group)(const char *group, void *arg);
	int (*member)(const char *user, const char *group, void *arg);
	int (*sees)(const struct model_incident *inc, void *arg);
};
/* rules_check(), with the people a handoff or a role may name checked
 * against people (NULL: anyone). */
int rules_check_people(const struct model *m, struct event *ev,
    json_t *warnings, const struct rules_people *people, char **why,
    const char **field);

/* The advisory warnings the server would give ev (the blameless check, an
 * owner who is a person) if actor submitted it at now against m, appended
 * to warnings, without changing ev: a form shows them before anything is
 * recorded. Returns how many (0 too when ev would be refused: the server
 * says why). */
int rules_advise(const struct model *m, const struct event *ev,
    const char *actor, int64_t now, json_t *warnings);

/* Blameless check (advisory): warnings for text naming a participant of inc
 * or using blame phrases, appended to warnings. Returns how many. */
int rules_blameless(const struct model_incident *inc, const char *text,
    json_t *warnings);

#endif
