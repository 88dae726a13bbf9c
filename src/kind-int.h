/* kind-int.h: what the kind descriptors (kind-*.c) share: the declarations
 * of every descriptor, for kind.c's table, and the describers' helpers. */
#ifndef SITREP_KIND_INT_H
#define SITREP_KIND_INT_H

#include "event.h"
#include "kind.h"
#include "model-int.h"
#include "rules-int.h"

/* kind-incident.c */
extern const struct kind kind_declare, kind_incident_update, kind_status,
    kind_mark, kind_snooze;
/* kind-entry.c */
extern const struct kind kind_entry, kind_amend, kind_strike;
/* kind-people.c */
extern const struct kind kind_role_assign, kind_role_release, kind_offer,
    kind_accept, kind_decline, kind_withdraw, kind_relieve;
/* kind-update.c */
extern const struct kind kind_update;
/* kind-hyp.c */
extern const struct kind kind_hyp_open, kind_hyp_set;
/* kind-analysis.c */
extern const struct kind kind_park, kind_factor, kind_followup, kind_followup_set,
    kind_annotation, kind_summary;

/* A string field of the body, "" when absent. */
const char *kind_str(const struct event *ev, const char *field);
/* Append "; key: value" (or "key: value" first) to *out when value is set
 * and not empty. */
void kind_add(char **out, const char *key, const char *value);
/* text, then " (inner)" when inner is not empty; frees inner. */
char *kind_with(const char *text, char *inner);

#endif
