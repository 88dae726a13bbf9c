/* model.h: the one fold of events into incident state (no I/O, no rules).
 *
 * model.c folds (each kind's step is in its descriptor, kind.h) and answers
 * queries; model-names.c names the enumerations; model-view.c puts an
 * incident into words and JSON; model-state.c is the snapshot.
 *
 * The server folds each new event after it commits and keeps checkpoints
 * of the fold (the state JSON and the encoded entry index, model-index.c)
 * to start from; clients fold what they receive. model_apply() trusts its input:
 * rules_check() (rules.h) is what refuses a submission before it is stored.
 */
#ifndef SITREP_MODEL_H
#define SITREP_MODEL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

/* Recovery then analysis (DESIGN section 4), in order. */
enum model_status {
	ST_INVESTIGATING = 0,
	ST_IDENTIFIED,
	ST_MONITORING,
	ST_RESOLVED,
	ST_ANALYSIS,
	ST_CLOSED,
	ST_COUNT
};

/* Key instants of an incident. */
enum model_mark {
	MARK_IMPACT = 0, /* "impact-start" */
	MARK_DETECTED,   /* "detected" */
	MARK_DECLARED,   /* set by incident.declare (its occurred_at) */
	MARK_MITIGATED,  /* "mitigated" */
	MARK_RESOLVED,   /* "resolved"; also set on status.change to resolved */
	MARK_COUNT
};

/* Roles; ROLE_COMMANDER is held through ic/offer, never by role.assign. */
enum model_role {
	ROLE_COMMANDER = 0,
	ROLE_DEPUTY,
	ROLE_SCRIBE,
	ROLE_OPS,
	ROLE_COMMS,
	ROLE_LIAISON,
	ROLE_SME,
	ROLE_COUNT
};

/* Hypothesis states: open → investigating → supported | ruled-out | confirmed. */
enum model_hyp_state {
	HYP_OPEN = 0,
	HYP_INVESTIGATING,
	HYP_SUPPORTED,
	HYP_RULED_OUT,
	HYP_CONFIRMED,
	HYP_COUNT
};

/* Confidence of a status update. */
enum model_confidence {
	CONF_CONFIRMED = 0,
	CONF_LIKELY,
	CONF_SUSPECTED,
	CONF_UNKNOWN,
	CONF_COUNT
};

/* Timeline entry types (body.type of an entry event). */
enum model_entry_type {
	ENT_NOTE = 0,
	ENT_OBSERVATION,
	ENT_ACTION,
	ENT_DECISION,
	ENT_CHANGE,
	ENT_COMMS,
	ENT_COUNT
};

/* How many of the latest action entries the fold keeps for the brief. */
#define MODEL_ACTIONS 5

/* No author known (model_entry.author; also the most people an incident
 * can name as authors). */
#define MODEL_NO_AUTHOR 0x3ffffffu

/* Follow-up states. */
enum model_followup_state {
	FU_OPEN = 0,
	FU_IN_PROGRESS,
	FU_DONE,
	FU_WONT_DO,     /* decided against; needs no owner to close */
	FU_COUNT
};

/* Contributing factor categories (factor {category}). */
enum model_category {
	CAT_NONE = 0,         /* not given */
	CAT_DEPLOYMENT,
	CAT_CONFIGURATION,
	CAT_INTEGRATION,      /* integration or handoff between teams */
	CAT_CAPACITY,
	CAT_DEPENDENCY,
	CAT_DETECTION,        /* detection and monitoring */
	CAT_PROCESS,
	CAT_CODE,
	CAT_COUNT
};

/* The analysis questions answered beside the summary (summary {section}):
 * what a published postmortem says, and where handoff failures hide. */
enum model_answer_key {
	ANS_WENT_WELL = 0,
	ANS_WENT_WRONG,
	ANS_LUCKY,
	ANS_TEAMS,            /* where did work change teams */
	ANS_OWNERSHIP,        /* where was ownership ambiguous */
	ANS_MISSING,          /* what information was missing at the time */
	ANS_ALERTS,           /* which alerts were ignored or noisy */
	ANS_SLOW,             /* what made recovery slow once the cause was
	                       * known */
	ANS_COUNT
};

/* What became of a parked thought in the analysis. */
enum model_triage {
	TRIAGE_OPEN = 0,      /* not triaged yet */
	TRIAGE_FACTOR,        /* turned into a contributing factor */
	TRIAGE_FOLLOWUP,      /* turned into a follow-up */
	TRIAGE_DISMISSED,     /* dismissed, with a reason */
	TRIAGE_COUNT
};

/* One stint in a role: who held it from when to when (to == 0: still). The
 * commander's stints are recorded here too, so role history is complete. */
struct model_stint {
	enum model_role role;
	char *user;
	int64_t from;
	int64_t to;
	int64_t seq; /* the event that started the stint */
	char *brief; /* commander stints begun by an accepted handoff: the
	              * brief accepted; else NULL */
};

struct model_hypothesis {
	int id;      /* 1.. per incident */
	int64_t seq; /* the hypothesis.open event */
	char *text;
	char *by;
	enum model_hyp_state state;
	int64_t changed_at;
	int struck;  /* its hypothesis.open was struck: not counted as open */
};

struct model_followup {
	int id;      /* 1.. per incident */
	int64_t seq;
	char *text;
	char *owner; /* team or role; NULL when none yet */
	int64_t due; /* 0 when none */
	enum model_followup_state state;
	int struck;  /* its followup event was struck: ignored when closing */
	int factor;  /* the contributing factor it addresses (C2: 2), 0 */
	char *note;  /* the note of its latest change, or NULL */
};

/* A contributing factor, numbered C1.. per incident. */
struct model_factor {
	int id;
	int64_t seq;
	char *text;
	enum model_category category;
	int64_t *entries;    /* the timeline entries that show it (seqs) */
	size_t nentries;
	int struck;
};

/* A thought parked during recovery, and its triage in the analysis. */
struct model_parked {
	int64_t seq;
	int64_t at;          /* when it was parked */
	char *text;
	char *by;
	enum model_triage triage;
	int into;            /* the factor or follow-up it became (its id) */
	int64_t triage_seq;  /* the event that triaged it, 0: none */
	int struck;
};

/* An answer to an analysis question (the latest one recorded). */
struct model_answer {
	int64_t seq;         /* 0: not answered */
	char *text;
};

/* What the fold remembers of each timeline entry, for amend/strike/annotate
 * targets and for "recorded late". Kept sorted by seq (events arrive in
 * order), found by binary search. */
struct model_entry {
	int64_t seq;
	enum event_kind kind; /* EV_ENTRY, EV_UPDATE, EV_HYP_OPEN, … anything targetable */
	unsigned struck : 1;
	unsigned amended : 1;
	unsigned late : 1;    /* recorded in analysis, occurred during recovery */
	unsigned type : 3;    /* enum model_entry_type for EV_ENTRY, else 0 */
	unsigned author : 26; /* index into inc->people; MODEL_NO_AUTHOR if none
	                       * (packed: an entry is 16 bytes) */
};

/* An action entry still in flight (for the brief): the latest few. */
struct model_action {
	int64_t seq;
	int64_t at;   /* when it happened */
	char *text;
};

/* An outstanding command offer (to == NULL: none). */
struct model_offer {
	char *from;
	char *to;
	char *brief;
	int64_t seq;
	int64_t at;
};

/* The last status update, for the header, briefs and the cadence. */
struct model_last_update {
	int64_t seq;        /* 0: none yet */
	int64_t at;
	char *impact;
	enum model_confidence confidence;
	char *known;
	char *unknown;
	char *actions;
	char *needs;
	char *by;
	int external;       /* audience external (else internal) */
};

struct model_incident {
	char *ref;           /* "INC-7" */
	int number;          /* 7 */
	char *title;
	char *tz;            /* the incident's time zone, stored at
	                      * declaration ("Europe/Berlin"); NULL: UTC */
	char *restricted;    /* visible only to this group (and the
	                      * server's user and root); NULL: to everyone
	                      * the server admits */
	int severity;        /* 1..4, 1 worst */
	int drill;
	enum model_status status;
	int64_t marks[MARK_COUNT]; /* 0 when unset */
	char *declared_by;
	char *ic;            /* current commander; NULL only before declare */
	struct model_offer offer;
	struct model_stint *stints;    /* role history, in order */
	size_t nstints;
	struct model_hypothesis *hyps;
	size_t nhyps;
	struct model_followup *followups;
	size_t nfollowups;
	struct model_entry *entries;
	size_t nentries;
	char **people;       /* every actor and role holder seen, for blameless */
	size_t npeople;
	struct model_last_update last_update;
	int64_t next_update_at; /* 0: no cadence (SEV4) */
	int64_t snoozed_until;  /* 0: not snoozed */
	char *summary;       /* NULL until a summary event */
	char *impact;        /* the summary's impact sentence, or NULL */
	struct model_answer answers[ANS_COUNT];
	struct model_factor *factors;
	size_t nfactors;
	struct model_parked *parked;
	size_t nparked;
	size_t nevents;
	int64_t first_seq;
	int64_t last_seq;
	int64_t last_at;     /* recorded_at of the last event */
	int64_t happened_from; /* earliest occurred_at of its events */
	int64_t happened_to;   /* latest occurred_at of its events */
	unsigned marks_explicit; /* bit (1 << mark) set by a mark event: a
	                          * status change never overwrites those */
	int64_t summary_seq;     /* the summary event in force, 0: none */
	struct model_action actions[MODEL_ACTIONS]; /* oldest first */
	size_t nactions;
	size_t nentries_elsewhere; /* entries counted but not in entries[]
	                            * (a state from model_state_from_json: the
	                            * server keeps the full index) */
};

/* All incidents of one store (or of one client's view of it). */
struct model {
	struct model_incident **incidents; /* by number: incidents[i]->number == i + 1
	                                    * when the whole store was folded */
	size_t nincidents;
	int64_t last_seq;
	int max_number;      /* highest INC number seen */
};

void model_init(struct model *m);
void model_free(struct model *m);

/* Fold one event (seq order) into the model. Events for unknown incidents
 * (other than a declare) are counted in nothing and ignored. */
void model_apply(struct model *m, const struct event *ev);

/* The incident named "INC-7" (also "inc-7" or "7"), or NULL. */
struct model_incident *model_find(const struct model *m, const char *ref);
const struct model_entry *model_entry_find(const struct model_incident *inc,
    int64_t seq);
/* Current holders of a role (stints with to == 0), NULL-terminated array
 * (caller frees the array, not the strings). */
const char **model_holders(const struct model_incident *inc, enum model_role r);
/* 1 when user holds role r now. */
int model_holds(const struct model_incident *inc, const char *user,
    enum model_role r);
/* Open hypotheses (state open or investigating). */
size_t model_open_hypotheses(const struct model_incident *inc);
/* Roles the severity calls for that nobody holds (SEV1/2: comms, ops,
 * scribe) during recovery (none once resolved), as a NULL-terminated
 * static-string array in out[ROLE_COUNT]. */
size_t model_missing_roles(const struct model_incident *inc,
    const char *out[ROLE_COUNT]);
/* What is due: the one answer to "is the next status update overdue?",
 * used by ls, show, the header, the incident list and the brief. */
enum model_due_state {
	DUE_NONE = 0,   /* nothing due: out of recovery, or no cadence */
	DUE_NOT_YET,    /* due at `at`, in the future */
	DUE_OVERDUE,    /* overdue since `at` */
	DUE_SNOOZED     /* overdue since `at`; the reminder is snoozed until
	                 * snoozed_until */
};
struct model_due {
	enum model_due_state state;
	int64_t at;            /* the update due (or overdue) instant */
	int64_t snoozed_until; /* DUE_SNOOZED only */
	const char *none;      /* DUE_NONE: why ("resolved", "SEV4 has no
	                        * update cadence") */
};
/* What is due now, from the fields a summary carries too. */
void model_due_of(struct model_due *d, const char *status, int severity,
    int64_t next_at, int64_t snoozed_until, int64_t now);
/* What is due now on an incident summary (model_incident_summary_json). */
void model_due_summary(struct model_due *d, const json_t *summary,
    int64_t now);
/* The flag lists show for what is due: "[update overdue]", "[update
 * overdue, snoozed]", or "" when on time or nothing is due. */
const char *model_due_flag(const struct model_due *d);
/* What is due now on inc. */
void model_due(const struct model_incident *inc, int64_t now,
    struct model_due *d);
/* What is due, in words (new string): "next update due 14:30 (in 12m)",
 * "update OVERDUE since 14:00 (17m)", "update overdue since 14:00 (17m);
 * reminder snoozed until 14:32", "no update due (resolved)". */
char *model_due_text(const struct model_due *d, int64_t now);
/* Update cadence of a severity in ms (SEV4: 0, none). */
int64_t model_cadence(int severity);
/* Handoff brief pre-filled from the state (status, severity, impact from the
 * last update, open hypotheses, roles, actions in flight, next update due). */
char *model_brief(const struct model_incident *inc, int64_t now);
/* How long the incident has run: from impact start (else the
 * declaration) to now, or to resolved once it is (*stopped set). */
int64_t model_elapsed(const struct model_incident *inc, int64_t now,
    int *stopped);
/* The incident's time zone name ("UTC" when none was stored). */
const char *model_zone(const struct model_incident *inc);
/* 1 when the incident's key times and activity fall on more than one
 * local date: then every time shown of it carries its date. */
int model_spans_days(const struct model_incident *inc);
/* 1 while the status is investigating, identified or monitoring: the
 * analysis workspace is locked (it opens at resolved). */
int model_in_recovery(const struct model_incident *inc);
/* The key durations, each defined once (DESIGN section 2). */
enum model_duration {
	DUR_DETECT = 0, /* time to detect: detected − impact start */
	DUR_DECLARE,    /* time to declare: declared − detected */
	DUR_MITIGATE,   /* time to mitigate: mitigated − impact start */
	DUR_RESOLVE,    /* time to resolve: resolved − impact start */
	DUR_COUNT
};
/* A duration, or why there is none. */
struct model_span {
	int64_t ms;       /* >= 0; -1 when n/a */
	char na[80];      /* when n/a: the reason, "detected is before impact
	                   * start", "no impact-start mark yet" */
};
/* "time to detect". */
const char *model_duration_name(enum model_duration d);
/* "to_detect" (the JSON key). */
const char *model_duration_key(enum model_duration d);
/* "detected − impact start". */
const char *model_duration_definition(enum model_duration d);
/* The duration d of inc, or n/a and why; never negative. */
void model_duration(const struct model_incident *inc, enum model_duration d,
    struct model_span *out);

/* Names and parsers; parsers return -1 for an unknown name
 * (model_role_parse also takes "ic" for the commander). */
const char *model_status_name(enum model_status s);
int model_status_parse(const char *s);
const char *model_mark_name(enum model_mark m);
int model_mark_parse(const char *s);
const char *model_role_name(enum model_role r);
int model_role_parse(const char *s);
const char *model_hyp_state_name(enum model_hyp_state s);
int model_hyp_state_parse(const char *s);
const char *model_confidence_name(enum model_confidence c);
int model_confidence_parse(const char *s);
const char *model_followup_state_name(enum model_followup_state s);
int model_followup_state_parse(const char *s);
/* Factor categories ("deployment", …; "" for none), analysis questions
 * ("went-well", …, with the question asked) and triage outcomes. */
const char *model_category_name(enum model_category c);
int model_category_parse(const char *s);
const char *model_answer_name(enum model_answer_key k);
const char *model_answer_question(enum model_answer_key k);
int model_answer_parse(const char *s);
const char *model_triage_name(enum model_triage t);
/* Entry types: note, observation, action, decision, change, comms. */
int model_entry_type_valid(const char *type);
const char *model_entry_type_name(enum model_entry_type t);
int model_entry_type_parse(const char *s);

/* Author of an entry (a string in inc->people), or NULL. */
const char *model_entry_author(const struct model_incident *inc,
    const struct model_entry *e);
/* Hypothesis / follow-up by its number, or NULL. */
struct model_hypothesis *model_hypothesis_find(
    const struct model_incident *inc, int id);
struct model_followup *model_followup_find(const struct model_incident *inc,
    int id);
/* Factor by number (C2: 2), or NULL. */
struct model_factor *model_factor_find(const struct model_incident *inc,
    int id);
/* The parked thought recorded as seq, or NULL. */
struct model_parked *model_parked_find(const struct model_incident *inc,
    int64_t seq);
/* Parked thoughts not triaged yet (struck ones aside). */
size_t model_parked_open(const struct model_incident *inc);
/* 1 when a follow-up is past due at now (due set, not done or wont-do). */
int model_followup_past_due(const struct model_followup *f, int64_t now);
/* Factors not struck: what counts toward closing. */
size_t model_live_factors(const struct model_incident *inc);
/* What closing needs that the incident lacks (DESIGN section 4: a
 * summary, a contributing factor, an owner on every live follow-up), one
 * item each ("a summary"; new strings): how many. */
#define MODEL_CLOSE_NEEDS 3
size_t model_close_needs(const struct model_incident *inc,
    char *needs[MODEL_CLOSE_NEEDS]);
/* The same as one phrase, "a summary and at least one contributing
 * factor" (new string), or NULL when nothing is missing: the words of the
 * refusal to close and of the terminal's analysis view. */
char *model_close_missing(const struct model_incident *inc);

/* The complete folded state of an incident as JSON, for a client to
 * continue folding from (the "snapshot" message): every field model_apply()
 * reads later and everything the terminal draws, except the per-entry index
 * (entries[]), which stays with the server. New reference. */
json_t *model_state_json(const struct model_incident *inc);
/* The incident a model_state_json() object describes, or NULL and *cause.
 * Its entries[] holds only the entries the state still refers to
 * (hypotheses, follow-ups, live factors, actions in flight, the summary),
 * so a later amend or strike of those folds exactly as on the server; one
 * of any other entry only flags an entry the client does not index and
 * changes nothing. */
struct model_incident *model_state_from_json(const json_t *state,
    char **cause);
/* Add an incident (from model_state_from_json) to m, which takes it; one
 * with the same number is replaced. */
void model_add_incident(struct model *m, struct model_incident *inc);

/* The fold's version: bump it on any change to a fold step, to the state
 * JSON or to the index encoding, so that states a server stored with
 * another version are folded again from the events instead of trusted. */
#define MODEL_FOLD_VERSION 1
/* Bytes of one entry of an encoded entry index (model-index.c). */
#define MODEL_INDEX_ENTRY 16
/* Encode entries [from, from + n) of inc's entry index into out (n *
 * MODEL_INDEX_ENTRY bytes). */
void model_index_encode(const struct model_incident *inc, size_t from,
    size_t n, unsigned char *out);
/* Replace the entry index of inc (a state from model_state_from_json) by
 * an encoded one of len bytes, making inc the whole fold again; -1 and
 * *cause when that is not the index its state counts (length, order,
 * kinds, authors). */
int model_index_decode(struct model_incident *inc, const unsigned char *data,
    size_t len, char **cause);

/* The incident as JSON (for `ls`, `show`, the list view): ref, title,
 * severity, drill, status, marks, ic, offer, roles now, hypotheses,
 * followups, counts, next_update_at, missing roles. New reference. */
json_t *model_incident_json(const struct model_incident *inc);
/* The incident in brief for lists (`ls`, the list view): ref, number, title,
 * severity, drill, status, in_recovery, declared_by, ic, marks, counts,
 * next_update_at, snoozed_until, last_at. New reference. */
json_t *model_incident_summary_json(const struct model_incident *inc);

#endif
