/* rules-int.h: what the kinds' rule checks share (rules.c). Only rules.c
 * and the kind descriptors (kind-*.c) include this. */
#ifndef SITREP_RULES_INT_H
#define SITREP_RULES_INT_H

#include <jansson.h>

#include "event.h"
#include "model.h"

/* One check in progress: the state it is judged against and its answer. */
struct rules_ctx {
	const struct model *m;
	const struct model_incident *inc; /* NULL for a declare */
	json_t *warnings;                 /* advisory warnings, or NULL */
	char *why;                        /* the refusal, once refused */
	const char *field;                /* the field it concerns, or NULL */
	const struct rules_people *people; /* who may be named, or NULL */
};

/* Refuse: *why a formatted sentence stating the rule, field the body field
 * it concerns (NULL: none). Returns -1. */
int rules_refuse(struct rules_ctx *c, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Append an advisory warning (text is freed). */
void rules_warn(struct rules_ctx *c, char *text);
/* 1 when s is NULL or only white space. */
int rules_blank(const char *s);
/* 1 when s is a user or role name: 1..SR_MAX_NAME bytes, no space or
 * control character. */
int rules_name_ok(const char *s);
/* Check a text field: absent is fine unless required; else a string
 * within SR_MAX_TEXT, not blank when required (refused with missing). */
int rules_text(struct rules_ctx *c, const struct event *ev, const char *field,
    int required, const char *missing);
/* The commander's name for messages ("nobody" before any). */
const char *rules_ic(const struct model_incident *inc);
/* 1 when the actor of ev is the incident commander. */
int rules_is_ic(const struct model_incident *inc, const struct event *ev);
/* Refuse unless the actor is the commander; what: "change the status". */
int rules_need_ic(struct rules_ctx *c, const struct event *ev,
    const char *what);
/* Refuse a person's name (in field) that is not a host user who may use
 * this server; 0 when known or when the server does not check. */
int rules_person(struct rules_ctx *c, const char *field, const char *name);
/* The current holder of a single-holder role, or NULL. */
const char *rules_holder(const struct model_incident *inc, enum model_role r);
/* The entry ev->target points at, or -1 with a refusal naming where it is
 * instead; verb is "amend", "strike" or "annotate". */
int rules_target(struct rules_ctx *c, const struct event *ev,
    const char *verb, const struct model_entry **out);
/* Blameless check of one body field, when it is text (warnings only). */
void rules_blameless_field(struct rules_ctx *c, const struct event *ev,
    const char *field);
/* The analysis kinds are locked during recovery: refuse, pointing to park;
 * what: "factors belong". */
int rules_analysis_open(struct rules_ctx *c, const char *what);
/* Warn when setting mark mk to at would leave a duration inconsistent
 * ("detected is before impact start"), naming the duration. */
void rules_mark_order(struct rules_ctx *c, enum model_mark mk, int64_t at);
/* A title (1..SR_MAX_TITLE bytes, not blank) and a severity (1..4); each
 * checked only when present unless required. */
int rules_title(struct rules_ctx *c, const struct event *ev, int required);
int rules_severity(struct rules_ctx *c, const struct event *ev, int required);

#endif
