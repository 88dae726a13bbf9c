/* kind.h: one descriptor per event kind, like tmux's cmd_entry.
 *
 * A kind's name, its timeline marker, the one describer that puts its
 * events into words (for show, tail, search, the terminal, the brief and
 * every export), its rule check and its fold step live together in one
 * descriptor in kind-<family>.c. Adding a kind is adding its constant
 * below, its descriptor, and a line in kind.c's table; nothing else
 * switches on kinds.
 */
#ifndef SITREP_KIND_H
#define SITREP_KIND_H

struct event;
struct model;
struct model_incident;
struct rules_ctx;

/* The vocabulary of event kinds (DESIGN section 2); the body of each is
 * described beside its descriptor. */
enum event_kind {
	EV_UNKNOWN = 0,
	EV_DECLARE,          /* incident.declare */
	EV_INCIDENT_UPDATE,  /* incident.update */
	EV_STATUS,           /* status.change */
	EV_MARK,             /* mark */
	EV_ENTRY,            /* entry */
	EV_AMEND,            /* entry.amend */
	EV_STRIKE,           /* entry.strike */
	EV_ROLE_ASSIGN,      /* role.assign */
	EV_ROLE_RELEASE,     /* role.release */
	EV_CMD_OFFER,        /* command.offer */
	EV_CMD_ACCEPT,       /* command.accept */
	EV_CMD_DECLINE,      /* command.decline */
	EV_CMD_WITHDRAW,     /* command.withdraw */
	EV_CMD_RELIEVE,      /* command.relieve */
	EV_SNOOZE,           /* reminder.snooze */
	EV_UPDATE,           /* update */
	EV_HYP_OPEN,         /* hypothesis.open */
	EV_HYP_SET,          /* hypothesis.set */
	EV_PARK,             /* park */
	EV_FACTOR,           /* factor */
	EV_FOLLOWUP,         /* followup */
	EV_FOLLOWUP_SET,     /* followup.set */
	EV_ANNOTATION,       /* annotation */
	EV_SUMMARY,          /* summary */
	EV_KIND_COUNT
};

/* What a kind is, for the places that list or draw events. */
#define KIND_HIDDEN 0x01     /* not a row of the recovery timeline (park) */
#define KIND_ANALYSIS 0x02   /* analysis material: locked during recovery,
                              * shown apart from the timeline */
#define KIND_CORRECTION 0x04 /* changes its target (amend, strike) */
#define KIND_LOUD 0x08       /* drawn emphasized (declare, status, update,
                              * the handoff kinds) */
#define KIND_HANDOFF 0x10    /* part of the command history */
#define KIND_NUMBERED 0x20   /* numbered per incident (H2, F3) */

struct kind {
	enum event_kind kind;
	const char *name;        /* "entry.amend": the stored and wire name */
	const char *marker;      /* "AMND": the timeline marker */
	unsigned flags;          /* KIND_* */
	/* The event in words, one line, raw (every caller sanitizes or
	 * escapes for its output). inc, when not NULL, is the incident as
	 * folded so far: it numbers hypotheses and follow-ups. */
	char *(*describe)(const struct event *ev,
	    const struct model_incident *inc);
	/* The rule check (rules-int.h): 0, or -1 after rules_refuse(). May
	 * normalize ev (defaults, the pre-filled brief). */
	int (*check)(struct rules_ctx *c, struct event *ev);
	/* The fold step: inc is the event's incident (NULL only for a
	 * declare, whose step adds the incident to m). */
	void (*fold)(struct model *m, struct model_incident *inc,
	    const struct event *ev);
	/* The marker of one event when it depends on the body (an entry's
	 * type); NULL: always marker. */
	const char *(*marker_of)(const struct event *ev);
};

/* The descriptor of a kind (EV_UNKNOWN and out-of-range: NULL). */
const struct kind *kind_get(enum event_kind kind);
/* The kind of a stored name, EV_UNKNOWN when not in the vocabulary. */
enum event_kind kind_parse(const char *name);
/* 1 when kind has every flag in flags. */
int kind_is(enum event_kind kind, unsigned flags);
/* The marker of an event: its entry type's for an entry ("OBS"). */
const char *kind_marker(const struct event *ev);
/* 1 for the dismissal of a parked thought (an annotation with a triage):
 * shown with the thought, not among the hindsight notes. */
int kind_dismissal(const struct event *ev);
/* The event in words, raw (new string); unknown kinds say so. */
char *kind_describe(const struct event *ev, const struct model_incident *inc);

#endif
