/* model.c: the one fold of events into incident state (pure: no I/O, no
 * clock). model_apply() trusts its input but never crashes on odd input: a
 * missing or mistyped field is ignored. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model.h"
#include "when.h"
#include "xmalloc.h"

static const char *model_status_names[ST_COUNT] = {
	"investigating", "identified", "monitoring", "resolved", "analysis",
	"closed"
};
static const char *model_mark_names[MARK_COUNT] = {
	"impact-start", "detected", "declared", "mitigated", "resolved"
};
static const char *model_role_names[ROLE_COUNT] = {
	"commander", "deputy", "scribe", "ops", "comms", "liaison", "sme"
};
static const char *model_hyp_names[HYP_COUNT] = {
	"open", "investigating", "supported", "ruled-out", "confirmed"
};
static const char *model_conf_names[CONF_COUNT] = {
	"confirmed", "likely", "suspected", "unknown"
};
static const char *model_fu_names[FU_COUNT] = { "open", "done", "dropped" };
static const char *model_entry_type_names[ENT_COUNT] = {
	"note", "observation", "action", "decision", "change", "comms"
};

/* Index of s in a name table of n entries, or -1. */
static int model_lookup(const char **names, int n, const char *s)
{
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (strcmp(names[i], s) == 0)
			return i;
	}
	return -1;
}

/* Name of a recovery/analysis status. */
const char *model_status_name(enum model_status s)
{
	return (s < ST_COUNT) ? model_status_names[s] : "unknown";
}

/* Status for a name, or -1. */
int model_status_parse(const char *s)
{
	return model_lookup(model_status_names, ST_COUNT, s);
}

/* Name of a key mark. */
const char *model_mark_name(enum model_mark m)
{
	return (m < MARK_COUNT) ? model_mark_names[m] : "unknown";
}

/* Mark for a name, or -1. */
int model_mark_parse(const char *s)
{
	return model_lookup(model_mark_names, MARK_COUNT, s);
}

/* Name of a role. */
const char *model_role_name(enum model_role r)
{
	return (r < ROLE_COUNT) ? model_role_names[r] : "unknown";
}

/* Role for a name ("ic" is the commander), or -1. */
int model_role_parse(const char *s)
{
	if (s != NULL && strcmp(s, "ic") == 0)
		return ROLE_COMMANDER;
	return model_lookup(model_role_names, ROLE_COUNT, s);
}

/* Name of a hypothesis state. */
const char *model_hyp_state_name(enum model_hyp_state s)
{
	return (s < HYP_COUNT) ? model_hyp_names[s] : "unknown";
}

/* Hypothesis state for a name, or -1. */
int model_hyp_state_parse(const char *s)
{
	return model_lookup(model_hyp_names, HYP_COUNT, s);
}

/* Name of a confidence level. */
const char *model_confidence_name(enum model_confidence c)
{
	return (c < CONF_COUNT) ? model_conf_names[c] : "unknown";
}

/* Confidence for a name, or -1. */
int model_confidence_parse(const char *s)
{
	return model_lookup(model_conf_names, CONF_COUNT, s);
}

/* Name of a follow-up state. */
const char *model_followup_state_name(enum model_followup_state s)
{
	return (s < FU_COUNT) ? model_fu_names[s] : "unknown";
}

/* Follow-up state for a name, or -1. */
int model_followup_state_parse(const char *s)
{
	return model_lookup(model_fu_names, FU_COUNT, s);
}

/* Name of an entry type. */
const char *model_entry_type_name(enum model_entry_type t)
{
	return (t < ENT_COUNT) ? model_entry_type_names[t] : "note";
}

/* Entry type for a name, or -1. */
int model_entry_type_parse(const char *s)
{
	return model_lookup(model_entry_type_names, ENT_COUNT, s);
}

/* 1 when type is one of the timeline entry types. */
int model_entry_type_valid(const char *type)
{
	return model_entry_type_parse(type) != -1;
}

/* Make room for element n of an array that grows by doubling (capacity is
 * implicit: the next power of two not below n). */
static void *model_grow(void *p, size_t n, size_t size)
{
	if (n == 0)
		return xreallocarray(p, 1, size);
	if ((n & (n - 1)) == 0)
		return xreallocarray(p, n * 2, size);
	return p;
}

/* Copy of a string or NULL. */
static char *model_dup(const char *s)
{
	return (s != NULL) ? xstrdup(s) : NULL;
}

/* Replace *dst by a copy of s (NULL stays NULL). */
static void model_set(char **dst, const char *s)
{
	char *old = *dst;

	*dst = model_dup(s);
	free(old);
}

/* An empty model. */
void model_init(struct model *m)
{
	memset(m, 0, sizeof *m);
}

/* Free what the last-update record owns. */
static void model_last_update_free(struct model_last_update *lu)
{
	free(lu->impact);
	free(lu->known);
	free(lu->unknown);
	free(lu->by);
}

/* Free the arrays of hypotheses, follow-ups and stints of an incident. */
static void model_incident_free_lists(struct model_incident *inc)
{
	size_t i;

	for (i = 0; i < inc->nstints; i++)
		free(inc->stints[i].user);
	free(inc->stints);
	for (i = 0; i < inc->nhyps; i++) {
		free(inc->hyps[i].text);
		free(inc->hyps[i].by);
	}
	free(inc->hyps);
	for (i = 0; i < inc->nfollowups; i++) {
		free(inc->followups[i].text);
		free(inc->followups[i].owner);
	}
	free(inc->followups);
	for (i = 0; i < inc->npeople; i++)
		free(inc->people[i]);
	free(inc->people);
}

/* Free an incident and everything it owns. */
static void model_incident_free(struct model_incident *inc)
{
	size_t i;

	model_incident_free_lists(inc);
	free(inc->ref);
	free(inc->title);
	free(inc->declared_by);
	free(inc->ic);
	free(inc->offer.from);
	free(inc->offer.to);
	free(inc->offer.brief);
	free(inc->entries);
	model_last_update_free(&inc->last_update);
	free(inc->summary);
	for (i = 0; i < inc->nactions; i++)
		free(inc->actions[i].text);
	free(inc);
}

/* Free every incident of the model. */
void model_free(struct model *m)
{
	size_t i;

	for (i = 0; i < m->nincidents; i++)
		model_incident_free(m->incidents[i]);
	free(m->incidents);
	memset(m, 0, sizeof *m);
}

/* The number in "INC-7", "inc-7" or "7"; -1 when it is not one. */
static long model_ref_number(const char *ref)
{
	char *end;
	long n;

	if (ref == NULL)
		return -1;
	if (strncasecmp(ref, "INC-", 4) == 0)
		ref += 4;
	if (*ref < '0' || *ref > '9')
		return -1;
	n = strtol(ref, &end, 10);
	if (*end != '\0' || n <= 0 || n > 1000000000L)
		return -1;
	return n;
}

/* The incident with a reference, or NULL. */
struct model_incident *model_find(const struct model *m, const char *ref)
{
	long n = model_ref_number(ref);
	size_t i;

	if (n <= 0)
		return NULL;
	if ((size_t)n <= m->nincidents && m->incidents[n - 1]->number == n)
		return m->incidents[n - 1];
	for (i = 0; i < m->nincidents; i++) {
		if (m->incidents[i]->number == n)
			return m->incidents[i];
	}
	return NULL;
}

/* Index of a person in inc->people, added when new. */
static uint32_t model_person(struct model_incident *inc, const char *name)
{
	size_t i;

	if (name == NULL || *name == '\0')
		return MODEL_NO_AUTHOR;
	for (i = inc->npeople; i > 0; i--) {
		if (strcmp(inc->people[i - 1], name) == 0)
			return (uint32_t)(i - 1);
	}
	if (inc->npeople >= MODEL_NO_AUTHOR)
		return MODEL_NO_AUTHOR;
	inc->people = xreallocarray(inc->people, inc->npeople + 1,
	    sizeof *inc->people);
	inc->people[inc->npeople] = xstrdup(name);
	return (uint32_t)inc->npeople++;
}

/* Author of an entry, or NULL. */
const char *model_entry_author(const struct model_incident *inc,
    const struct model_entry *e)
{
	if (e == NULL || e->author == MODEL_NO_AUTHOR || e->author >= inc->npeople)
		return NULL;
	return inc->people[e->author];
}

/* The entry for an event seq (binary search), or NULL. */
const struct model_entry *model_entry_find(const struct model_incident *inc,
    int64_t seq)
{
	size_t lo = 0, hi = inc->nentries, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (inc->entries[mid].seq == seq)
			return &inc->entries[mid];
		if (inc->entries[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Writable entry for a seq, or NULL. */
static struct model_entry *model_entry_get(struct model_incident *inc,
    int64_t seq)
{
	return (struct model_entry *)model_entry_find(inc, seq);
}

/* Hypothesis by number, or NULL. */
struct model_hypothesis *model_hypothesis_find(
    const struct model_incident *inc, int id)
{
	if (id < 1 || (size_t)id > inc->nhyps)
		return NULL;
	return &inc->hyps[id - 1];
}

/* Follow-up by number, or NULL. */
struct model_followup *model_followup_find(const struct model_incident *inc,
    int id)
{
	if (id < 1 || (size_t)id > inc->nfollowups)
		return NULL;
	return &inc->followups[id - 1];
}

/* Factors not struck. */
size_t model_live_factors(const struct model_incident *inc)
{
	if (inc->nfactors_struck > inc->nfactors)
		return 0;
	return inc->nfactors - inc->nfactors_struck;
}

/* Current holders of a role, NULL-terminated (caller frees the array). */
const char **model_holders(const struct model_incident *inc, enum model_role r)
{
	const char **out = xcalloc(inc->nstints + 1, sizeof *out);
	size_t i, n = 0;

	for (i = 0; i < inc->nstints; i++) {
		if (inc->stints[i].role == r && inc->stints[i].to == 0)
			out[n++] = inc->stints[i].user;
	}
	out[n] = NULL;
	return out;
}

/* 1 when user holds role r now. */
int model_holds(const struct model_incident *inc, const char *user,
    enum model_role r)
{
	size_t i;

	if (user == NULL)
		return 0;
	for (i = 0; i < inc->nstints; i++) {
		if (inc->stints[i].role == r && inc->stints[i].to == 0 &&
		    strcmp(inc->stints[i].user, user) == 0)
			return 1;
	}
	return 0;
}

/* 1 when somebody holds role r now. */
static int model_role_held(const struct model_incident *inc, enum model_role r)
{
	size_t i;

	for (i = 0; i < inc->nstints; i++) {
		if (inc->stints[i].role == r && inc->stints[i].to == 0)
			return 1;
	}
	return 0;
}

/* Hypotheses still open or under investigation (struck ones excluded). */
size_t model_open_hypotheses(const struct model_incident *inc)
{
	size_t i, n = 0;

	for (i = 0; i < inc->nhyps; i++) {
		if (!inc->hyps[i].struck && (inc->hyps[i].state == HYP_OPEN ||
		    inc->hyps[i].state == HYP_INVESTIGATING))
			n++;
	}
	return n;
}

/* Roles the severity calls for that nobody holds. */
size_t model_missing_roles(const struct model_incident *inc,
    const char *out[ROLE_COUNT])
{
	static const enum model_role wanted[] = { ROLE_COMMS, ROLE_OPS,
	    ROLE_SCRIBE };
	size_t i, n = 0;

	if (inc->ic == NULL)
		out[n++] = model_role_name(ROLE_COMMANDER);
	if (inc->severity == 1 || inc->severity == 2) {
		for (i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
			if (!model_role_held(inc, wanted[i]))
				out[n++] = model_role_name(wanted[i]);
		}
	}
	out[n] = NULL;
	return n;
}

/* Update cadence of a severity in ms. */
int64_t model_cadence(int severity)
{
	switch (severity) {
	case 1:
		return 30 * 60 * 1000LL;
	case 2:
		return 60 * 60 * 1000LL;
	case 3:
		return 4 * 60 * 60 * 1000LL;
	default:
		return 0;
	}
}

/* 1 while the analysis workspace is locked (status before resolved). */
int model_in_recovery(const struct model_incident *inc)
{
	return inc->status < ST_RESOLVED;
}

/* b - a, or -1 when either mark is missing. */
static int64_t model_span(const struct model_incident *inc,
    enum model_mark a, enum model_mark b)
{
	if (inc->marks[a] == 0 || inc->marks[b] == 0)
		return -1;
	return inc->marks[b] - inc->marks[a];
}

/* Detected minus impact start. */
int64_t model_time_to_detect(const struct model_incident *inc)
{
	return model_span(inc, MARK_IMPACT, MARK_DETECTED);
}

/* Mitigated minus declared. */
int64_t model_time_to_mitigate(const struct model_incident *inc)
{
	return model_span(inc, MARK_DECLARED, MARK_MITIGATED);
}

/* Resolved minus declared. */
int64_t model_time_to_resolve(const struct model_incident *inc)
{
	return model_span(inc, MARK_DECLARED, MARK_RESOLVED);
}

/* When an event happened: occurred_at, else recorded_at. */
static int64_t model_when(const struct event *ev)
{
	return (ev->occurred_at != 0) ? ev->occurred_at : ev->recorded_at;
}

/* Start a stint of user in role r. */
static void model_stint_start(struct model_incident *inc, enum model_role r,
    const char *user, const struct event *ev)
{
	struct model_stint *st;

	model_person(inc, user);
	inc->stints = model_grow(inc->stints, inc->nstints,
	    sizeof *inc->stints);
	st = &inc->stints[inc->nstints++];
	st->role = r;
	st->user = xstrdup(user);
	st->from = model_when(ev);
	st->to = 0;
	st->seq = ev->seq;
}

/* End the current stints in role r (of user, or of anyone when NULL). */
static void model_stint_end(struct model_incident *inc, enum model_role r,
    const char *user, const struct event *ev)
{
	struct model_stint *st;
	size_t i;

	for (i = 0; i < inc->nstints; i++) {
		st = &inc->stints[i];
		if (st->role != r || st->to != 0)
			continue;
		if (user != NULL && strcmp(st->user, user) != 0)
			continue;
		st->to = model_when(ev);
		if (st->to == 0)
			st->to = 1;
	}
}

/* Forget the outstanding command offer. */
static void model_offer_clear(struct model_incident *inc)
{
	free(inc->offer.from);
	free(inc->offer.to);
	free(inc->offer.brief);
	memset(&inc->offer, 0, sizeof inc->offer);
}

/* Command passes to user: the old stint ends, a new one starts. */
static void model_command_to(struct model_incident *inc, const char *user,
    const struct event *ev)
{
	if (user == NULL || *user == '\0')
		return;
	model_stint_end(inc, ROLE_COMMANDER, NULL, ev);
	model_stint_start(inc, ROLE_COMMANDER, user, ev);
	model_set(&inc->ic, user);
	model_offer_clear(inc);
}

/* A new incident from its declaration. */
static void model_apply_declare(struct model *m, const struct event *ev)
{
	struct model_incident *inc;
	long n = model_ref_number(ev->incident);
	int64_t sev = event_int(ev, "severity");

	if (n <= 0 || model_find(m, ev->incident) != NULL)
		return;
	inc = xcalloc(1, sizeof *inc);
	inc->number = (int)n;
	inc->ref = xasprintf("INC-%ld", n);
	inc->title = xstrdup(event_str(ev, "title") ? event_str(ev, "title") : "");
	inc->severity = (sev >= 1 && sev <= 4) ? (int)sev : 3;
	inc->drill = json_is_true(json_object_get(ev->body, "drill"));
	inc->status = ST_INVESTIGATING;
	inc->marks[MARK_DECLARED] = model_when(ev);
	inc->declared_by = model_dup(ev->actor);
	inc->first_seq = ev->seq;
	if (ev->actor != NULL)
		model_command_to(inc, ev->actor, ev);
	if (model_cadence(inc->severity) != 0)
		inc->next_update_at = inc->marks[MARK_DECLARED] +
		    model_cadence(inc->severity);
	m->incidents = model_grow(m->incidents, m->nincidents,
	    sizeof *m->incidents);
	m->incidents[m->nincidents++] = inc;
	if (n > m->max_number)
		m->max_number = (int)n;
}

/* Retitle or change severity; the cadence follows the severity. */
static void model_apply_incident_update(struct model_incident *inc,
    const struct event *ev)
{
	const char *title = event_str(ev, "title");
	int64_t sev = event_int(ev, "severity");

	if (title != NULL)
		model_set(&inc->title, title);
	if (sev < 1 || sev > 4 || sev == inc->severity)
		return;
	inc->severity = (int)sev;
	if (model_cadence(inc->severity) == 0) {
		if (inc->last_update.seq == 0)
			inc->next_update_at = 0;
	} else if (inc->last_update.seq == 0)
		inc->next_update_at = inc->marks[MARK_DECLARED] +
		    model_cadence(inc->severity);
	else if (inc->next_update_at == 0)
		inc->next_update_at = ev->recorded_at +
		    model_cadence(inc->severity);
}

/* Set a mark from a status change unless a mark event set it. */
static void model_implicit_mark(struct model_incident *inc,
    enum model_mark mk, int64_t at)
{
	if (inc->marks_explicit & (1u << mk))
		return;
	inc->marks[mk] = at;
}

/* Move to another status; resolved and monitoring set their marks (a
 * later pass through the same status moves the mark, an explicit mark
 * event always wins). */
static void model_apply_status(struct model_incident *inc,
    const struct event *ev)
{
	int s = model_status_parse(event_str(ev, "status"));

	if (s < 0)
		return;
	inc->status = (enum model_status)s;
	if (s == ST_RESOLVED)
		model_implicit_mark(inc, MARK_RESOLVED, model_when(ev));
	else if (s == ST_MONITORING)
		model_implicit_mark(inc, MARK_MITIGATED, model_when(ev));
}

/* An explicit mark: the instant is occurred_at; it always wins. */
static void model_apply_mark(struct model_incident *inc,
    const struct event *ev)
{
	int mk = model_mark_parse(event_str(ev, "mark"));

	if (mk < 0 || mk == MARK_DECLARED)
		return;
	inc->marks[mk] = model_when(ev);
	inc->marks_explicit |= 1u << mk;
}

/* Remember a targetable event as a timeline entry (seq order). */
static struct model_entry *model_entry_add(struct model_incident *inc,
    const struct event *ev)
{
	struct model_entry *e;
	int t;

	if (inc->nentries > 0 && inc->entries[inc->nentries - 1].seq >= ev->seq)
		return NULL;
	inc->entries = model_grow(inc->entries, inc->nentries,
	    sizeof *inc->entries);
	e = &inc->entries[inc->nentries++];
	memset(e, 0, sizeof *e);
	e->seq = ev->seq;
	e->kind = ev->kind;
	e->author = model_person(inc, ev->actor);
	if (ev->kind == EV_ENTRY) {
		t = model_entry_type_parse(event_str(ev, "type"));
		e->type = (t >= 0) ? (unsigned)t : ENT_NOTE;
	}
	if (inc->status >= ST_RESOLVED && inc->marks[MARK_RESOLVED] != 0 &&
	    model_when(ev) < inc->marks[MARK_RESOLVED])
		e->late = 1;
	return e;
}

/* Keep an action entry in the small ring of actions in flight. */
static void model_action_push(struct model_incident *inc,
    const struct event *ev)
{
	const char *text = event_str(ev, "text");

	if (text == NULL)
		return;
	if (inc->nactions == MODEL_ACTIONS) {
		free(inc->actions[0].text);
		memmove(&inc->actions[0], &inc->actions[1],
		    (MODEL_ACTIONS - 1) * sizeof inc->actions[0]);
		inc->nactions--;
	}
	inc->actions[inc->nactions].seq = ev->seq;
	inc->actions[inc->nactions].text = xstrdup(text);
	inc->nactions++;
}

/* The ring slot of an action entry, or -1. */
static int model_action_slot(const struct model_incident *inc, int64_t seq)
{
	size_t i;

	for (i = 0; i < inc->nactions; i++) {
		if (inc->actions[i].seq == seq)
			return (int)i;
	}
	return -1;
}

/* A timeline entry; actions also go to the ring. */
static void model_apply_entry(struct model_incident *inc,
    const struct event *ev)
{
	struct model_entry *e = model_entry_add(inc, ev);

	if (e != NULL && e->type == ENT_ACTION)
		model_action_push(inc, ev);
}

/* The last status update and the next one due. */
static void model_apply_update(struct model_incident *inc,
    const struct event *ev)
{
	struct model_last_update *lu = &inc->last_update;
	int c = model_confidence_parse(event_str(ev, "confidence"));
	const char *aud = event_str(ev, "audience");

	model_entry_add(inc, ev);
	lu->seq = ev->seq;
	lu->at = model_when(ev);
	model_set(&lu->impact, event_str(ev, "impact"));
	model_set(&lu->known, event_str(ev, "known"));
	model_set(&lu->unknown, event_str(ev, "unknown"));
	model_set(&lu->by, ev->actor);
	lu->confidence = (c >= 0) ? (enum model_confidence)c : CONF_UNKNOWN;
	lu->external = (aud != NULL && strcmp(aud, "external") == 0);
	inc->next_update_at = event_int(ev, "next_at");
	if (inc->next_update_at < 0)
		inc->next_update_at = 0;
	inc->snoozed_until = 0; /* a new update starts a new reminder */
}

/* A snooze of the update reminder. */
static void model_apply_snooze(struct model_incident *inc,
    const struct event *ev)
{
	int64_t for_ms = event_int(ev, "for_ms");

	if (for_ms > 0)
		inc->snoozed_until = ev->recorded_at + for_ms;
}

/* A role given to someone (single-holder roles change hands). */
static void model_apply_role_assign(struct model_incident *inc,
    const struct event *ev)
{
	int r = model_role_parse(event_str(ev, "role"));
	const char *user = event_str(ev, "user");

	if (user == NULL)
		user = ev->actor;
	if (r <= ROLE_COMMANDER || user == NULL || *user == '\0' ||
	    model_holds(inc, user, (enum model_role)r))
		return;
	if (r != ROLE_SME)
		model_stint_end(inc, (enum model_role)r, NULL, ev);
	model_stint_start(inc, (enum model_role)r, user, ev);
}

/* A role dropped. */
static void model_apply_role_release(struct model_incident *inc,
    const struct event *ev)
{
	int r = model_role_parse(event_str(ev, "role"));
	const char *user = event_str(ev, "user");

	if (user == NULL)
		user = ev->actor;
	if (r <= ROLE_COMMANDER || user == NULL)
		return;
	model_stint_end(inc, (enum model_role)r, user, ev);
}

/* A command offer now outstanding. */
static void model_apply_offer(struct model_incident *inc,
    const struct event *ev)
{
	const char *to = event_str(ev, "to");

	if (to == NULL || *to == '\0')
		return;
	model_offer_clear(inc);
	model_person(inc, to);
	inc->offer.from = model_dup(ev->actor);
	inc->offer.to = xstrdup(to);
	inc->offer.brief = model_dup(event_str(ev, "brief"));
	inc->offer.seq = ev->seq;
	inc->offer.at = model_when(ev);
}

/* A new hypothesis, numbered from 1. */
static void model_apply_hyp_open(struct model_incident *inc,
    const struct event *ev)
{
	struct model_hypothesis *h;
	const char *text = event_str(ev, "text");

	model_entry_add(inc, ev);
	inc->hyps = model_grow(inc->hyps, inc->nhyps, sizeof *inc->hyps);
	h = &inc->hyps[inc->nhyps];
	memset(h, 0, sizeof *h);
	h->id = (int)++inc->nhyps;
	h->seq = ev->seq;
	h->text = xstrdup(text != NULL ? text : "");
	h->by = model_dup(ev->actor);
	h->state = HYP_OPEN;
	h->changed_at = model_when(ev);
}

/* A hypothesis changes state. */
static void model_apply_hyp_set(struct model_incident *inc,
    const struct event *ev)
{
	struct model_hypothesis *h;
	int s = model_hyp_state_parse(event_str(ev, "state"));

	h = model_hypothesis_find(inc, (int)event_int(ev, "id"));
	if (h == NULL || s < 0)
		return;
	h->state = (enum model_hyp_state)s;
	h->changed_at = model_when(ev);
}

/* A new follow-up, numbered from 1. */
static void model_apply_followup(struct model_incident *inc,
    const struct event *ev)
{
	struct model_followup *f;
	const char *text = event_str(ev, "text"), *owner = event_str(ev, "owner");

	model_entry_add(inc, ev);
	inc->followups = model_grow(inc->followups, inc->nfollowups,
	    sizeof *inc->followups);
	f = &inc->followups[inc->nfollowups];
	memset(f, 0, sizeof *f);
	f->id = (int)++inc->nfollowups;
	f->seq = ev->seq;
	f->text = xstrdup(text != NULL ? text : "");
	f->owner = (owner != NULL && *owner != '\0') ? xstrdup(owner) : NULL;
	f->due = event_int(ev, "due");
	f->state = FU_OPEN;
}

/* A follow-up's state, owner or due date changes. */
static void model_apply_followup_set(struct model_incident *inc,
    const struct event *ev)
{
	struct model_followup *f;
	const char *owner = event_str(ev, "owner");
	int s = model_followup_state_parse(event_str(ev, "state"));

	f = model_followup_find(inc, (int)event_int(ev, "id"));
	if (f == NULL)
		return;
	if (s >= 0)
		f->state = (enum model_followup_state)s;
	if (owner != NULL)
		model_set(&f->owner, *owner != '\0' ? owner : NULL);
	if (json_is_integer(json_object_get(ev->body, "due")))
		f->due = event_int(ev, "due");
}

/* The postmortem summary in force. */
static void model_apply_summary(struct model_incident *inc,
    const struct event *ev)
{
	if (model_entry_add(inc, ev) == NULL)
		return;
	model_set(&inc->summary, event_str(ev, "text"));
	inc->summary_seq = ev->seq;
}

/* Apply an amendment's new text where the fold keeps the target's text. */
static void model_amend_text(struct model_incident *inc,
    const struct model_entry *e, const char *text)
{
	size_t i;
	int slot;

	if (e->kind == EV_SUMMARY && e->seq == inc->summary_seq)
		model_set(&inc->summary, text);
	slot = model_action_slot(inc, e->seq);
	if (slot >= 0)
		model_set(&inc->actions[slot].text, text);
	for (i = 0; e->kind == EV_HYP_OPEN && i < inc->nhyps; i++) {
		if (inc->hyps[i].seq == e->seq)
			model_set(&inc->hyps[i].text, text);
	}
	for (i = 0; e->kind == EV_FOLLOWUP && i < inc->nfollowups; i++) {
		if (inc->followups[i].seq == e->seq)
			model_set(&inc->followups[i].text, text);
	}
}

/* An amendment: the target is flagged, its remembered text updated. */
static void model_apply_amend(struct model_incident *inc,
    const struct event *ev)
{
	struct model_entry *e = model_entry_get(inc, ev->target);
	const char *text = event_str(ev, "text");

	if (e == NULL)
		return;
	e->amended = 1;
	if (text != NULL)
		model_amend_text(inc, e, text);
}

/* Drop a struck action from the ring. */
static void model_action_drop(struct model_incident *inc, int64_t seq)
{
	int slot = model_action_slot(inc, seq);

	if (slot < 0)
		return;
	free(inc->actions[slot].text);
	memmove(&inc->actions[slot], &inc->actions[slot + 1],
	    (inc->nactions - (size_t)slot - 1) * sizeof inc->actions[0]);
	inc->nactions--;
}

/* A strike: the target stays, flagged; what it counted for no longer does. */
static void model_apply_strike(struct model_incident *inc,
    const struct event *ev)
{
	struct model_entry *e = model_entry_get(inc, ev->target);
	size_t i;

	if (e == NULL || e->struck)
		return;
	e->struck = 1;
	model_action_drop(inc, e->seq);
	if (e->kind == EV_FACTOR)
		inc->nfactors_struck++;
	if (e->kind == EV_SUMMARY && e->seq == inc->summary_seq) {
		model_set(&inc->summary, NULL);
		inc->summary_seq = 0;
	}
	for (i = 0; e->kind == EV_HYP_OPEN && i < inc->nhyps; i++) {
		if (inc->hyps[i].seq == e->seq)
			inc->hyps[i].struck = 1;
	}
	for (i = 0; e->kind == EV_FOLLOWUP && i < inc->nfollowups; i++) {
		if (inc->followups[i].seq == e->seq)
			inc->followups[i].struck = 1;
	}
}

/* Command changes hands, or an offer goes away. */
static void model_apply_command(struct model_incident *inc,
    const struct event *ev)
{
	switch (ev->kind) {
	case EV_CMD_OFFER:
		model_apply_offer(inc, ev);
		break;
	case EV_CMD_ACCEPT:
		if (inc->offer.to != NULL)
			model_command_to(inc, inc->offer.to, ev);
		break;
	case EV_CMD_RELIEVE:
		model_command_to(inc, ev->actor, ev);
		break;
	default:
		model_offer_clear(inc);
		break;
	}
}

/* Kinds that only add an entry and perhaps bump a counter. */
static void model_apply_plain(struct model_incident *inc,
    const struct event *ev)
{
	if (model_entry_add(inc, ev) == NULL)
		return;
	if (ev->kind == EV_PARK)
		inc->nparked++;
	else if (ev->kind == EV_FACTOR)
		inc->nfactors++;
}

/* Fold the kinds model_apply_kind() does not handle itself. */
static void model_apply_kind_more(struct model_incident *inc,
    const struct event *ev)
{
	switch (ev->kind) {
	case EV_SNOOZE:
		model_apply_snooze(inc, ev);
		break;
	case EV_UPDATE:
		model_apply_update(inc, ev);
		break;
	case EV_HYP_OPEN:
		model_apply_hyp_open(inc, ev);
		break;
	case EV_HYP_SET:
		model_apply_hyp_set(inc, ev);
		break;
	case EV_FOLLOWUP:
		model_apply_followup(inc, ev);
		break;
	case EV_FOLLOWUP_SET:
		model_apply_followup_set(inc, ev);
		break;
	case EV_SUMMARY:
		model_apply_summary(inc, ev);
		break;
	case EV_PARK:
	case EV_FACTOR:
	case EV_ANNOTATION:
		model_apply_plain(inc, ev);
		break;
	default:
		break;
	}
}

/* Fold an event into an existing incident. */
static void model_apply_kind(struct model_incident *inc,
    const struct event *ev)
{
	switch (ev->kind) {
	case EV_INCIDENT_UPDATE:
		model_apply_incident_update(inc, ev);
		break;
	case EV_STATUS:
		model_apply_status(inc, ev);
		break;
	case EV_MARK:
		model_apply_mark(inc, ev);
		break;
	case EV_ENTRY:
		model_apply_entry(inc, ev);
		break;
	case EV_AMEND:
		model_apply_amend(inc, ev);
		break;
	case EV_STRIKE:
		model_apply_strike(inc, ev);
		break;
	case EV_ROLE_ASSIGN:
		model_apply_role_assign(inc, ev);
		break;
	case EV_ROLE_RELEASE:
		model_apply_role_release(inc, ev);
		break;
	case EV_CMD_OFFER:
	case EV_CMD_ACCEPT:
	case EV_CMD_DECLINE:
	case EV_CMD_WITHDRAW:
	case EV_CMD_RELIEVE:
		model_apply_command(inc, ev);
		break;
	default:
		model_apply_kind_more(inc, ev);
		break;
	}
}

/* Fold one event into the model. */
void model_apply(struct model *m, const struct event *ev)
{
	struct model_incident *inc;

	if (ev == NULL || ev->body == NULL)
		return;
	if (ev->seq > m->last_seq)
		m->last_seq = ev->seq;
	if (ev->kind == EV_DECLARE) {
		model_apply_declare(m, ev);
		inc = model_find(m, ev->incident);
	} else {
		inc = model_find(m, ev->incident);
		if (inc == NULL || ev->kind == EV_UNKNOWN)
			return;
		if (ev->actor != NULL)
			model_person(inc, ev->actor);
		model_apply_kind(inc, ev);
	}
	if (inc == NULL)
		return;
	inc->nevents++;
	if (inc->first_seq == 0)
		inc->first_seq = ev->seq;
	inc->last_seq = ev->seq;
	inc->last_at = ev->recorded_at;
}

/* Append a formatted line to a growing brief. */
static void model_brief_add(char **brief, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Append a formatted line to a growing brief. */
static void model_brief_add(char **brief, const char *fmt, ...)
{
	va_list ap;
	char *line, *joined;

	va_start(ap, fmt);
	line = xvasprintf(fmt, ap);
	va_end(ap);
	joined = xasprintf("%s%s\n", *brief, line);
	free(line);
	free(*brief);
	*brief = joined;
}

/* The brief's impact line, from the last update. */
static void model_brief_impact(char **brief, const struct model_incident *inc,
    int64_t now)
{
	const struct model_last_update *lu = &inc->last_update;
	char *ago;

	if (lu->seq == 0) {
		model_brief_add(brief, "Impact: no status update yet");
		return;
	}
	ago = when_format_duration(now > lu->at ? now - lu->at : 0);
	model_brief_add(brief, "Impact: %s", lu->impact ? lu->impact : "-");
	model_brief_add(brief, "  (last update %s ago, confidence %s)", ago,
	    model_confidence_name(lu->confidence));
	free(ago);
	if (lu->unknown != NULL && *lu->unknown != '\0')
		model_brief_add(brief, "Not known yet: %s", lu->unknown);
}

/* The brief's open hypotheses. */
static void model_brief_hyps(char **brief, const struct model_incident *inc)
{
	const struct model_hypothesis *h;
	size_t i;

	model_brief_add(brief, "Open hypotheses: %zu",
	    model_open_hypotheses(inc));
	for (i = 0; i < inc->nhyps; i++) {
		h = &inc->hyps[i];
		if (!h->struck && (h->state == HYP_OPEN ||
		    h->state == HYP_INVESTIGATING))
			model_brief_add(brief, "  #%d [%s] %s", h->id,
			    model_hyp_state_name(h->state), h->text);
	}
}

/* A NULL-terminated list of names as "a, b", or "-" (new string). */
static char *model_join(const char **names)
{
	char *out, *joined;
	size_t i;

	if (names[0] == NULL)
		return xstrdup("-");
	out = xstrdup(names[0]);
	for (i = 1; names[i] != NULL; i++) {
		joined = xasprintf("%s, %s", out, names[i]);
		free(out);
		out = joined;
	}
	return out;
}

/* The holders of a role as "a, b", or "-" (new string). */
static char *model_holders_text(const struct model_incident *inc,
    enum model_role r)
{
	const char **who = model_holders(inc, r);
	char *out = model_join(who);

	free(who);
	return out;
}

/* The brief's roles, missing roles and actions in flight. */
static void model_brief_roles(char **brief, const struct model_incident *inc)
{
	const char *missing[ROLE_COUNT];
	char *who;
	size_t i;

	model_brief_add(brief, "Roles:");
	for (i = ROLE_DEPUTY; i < ROLE_COUNT; i++) {
		who = model_holders_text(inc, (enum model_role)i);
		model_brief_add(brief, "  %-8s %s",
		    model_role_name((enum model_role)i), who);
		free(who);
	}
	if (model_missing_roles(inc, missing) > 0) {
		who = model_join(missing);
		model_brief_add(brief, "Missing roles: %s", who);
		free(who);
	}
	model_brief_add(brief, "Actions in flight:%s",
	    inc->nactions ? "" : " none recorded");
	for (i = 0; i < inc->nactions; i++)
		model_brief_add(brief, "  - %s", inc->actions[i].text);
}

/* The brief's next-update line. */
static void model_brief_next(char **brief, const struct model_incident *inc,
    int64_t now)
{
	int64_t due = inc->next_update_at;
	char *span;

	if (inc->snoozed_until > due && due != 0)
		due = inc->snoozed_until;
	if (due == 0) {
		model_brief_add(brief, "Next update: no cadence (SEV%d)",
		    inc->severity);
		return;
	}
	span = when_format_duration(due > now ? due - now : now - due);
	if (due >= now)
		model_brief_add(brief, "Next update due in %s", span);
	else
		model_brief_add(brief, "Next update OVERDUE by %s", span);
	free(span);
}

/* Handoff brief pre-filled from the state. */
char *model_brief(const struct model_incident *inc, int64_t now)
{
	char *brief = xstrdup("");

	model_brief_add(&brief, "%s%s SEV%d: %s", inc->drill ? "[DRILL] " : "",
	    inc->ref, inc->severity, inc->title);
	model_brief_add(&brief, "Status: %s; commander %s",
	    model_status_name(inc->status), inc->ic ? inc->ic : "-");
	model_brief_impact(&brief, inc, now);
	model_brief_hyps(&brief, inc);
	model_brief_roles(&brief, inc);
	model_brief_next(&brief, inc, now);
	return brief;
}

/* A JSON string or null. */
static json_t *model_json_str(const char *s)
{
	return (s != NULL) ? json_string(s) : json_null();
}

/* An instant or null when unset (0). */
static json_t *model_json_at(int64_t at)
{
	return (at != 0) ? json_integer(at) : json_null();
}

/* A duration or null when unknown (-1). */
static json_t *model_json_span(int64_t ms)
{
	return (ms >= 0) ? json_integer(ms) : json_null();
}

/* Marks and durations as JSON objects set on o. */
static void model_json_marks(json_t *o, const struct model_incident *inc)
{
	json_t *marks = json_object(), *dur = json_object();
	int i;

	for (i = 0; i < MARK_COUNT; i++)
		json_object_set_new(marks, model_mark_name((enum model_mark)i),
		    model_json_at(inc->marks[i]));
	json_object_set_new(dur, "to_detect",
	    model_json_span(model_time_to_detect(inc)));
	json_object_set_new(dur, "to_mitigate",
	    model_json_span(model_time_to_mitigate(inc)));
	json_object_set_new(dur, "to_resolve",
	    model_json_span(model_time_to_resolve(inc)));
	json_object_set_new(o, "marks", marks);
	json_object_set_new(o, "durations", dur);
}

/* The outstanding offer or null. */
static json_t *model_json_offer(const struct model_incident *inc)
{
	if (inc->offer.to == NULL)
		return json_null();
	return json_pack("{s:o, s:s, s:o, s:I, s:I}",
	    "from", model_json_str(inc->offer.from), "to", inc->offer.to,
	    "brief", model_json_str(inc->offer.brief),
	    "seq", (json_int_t)inc->offer.seq, "at", (json_int_t)inc->offer.at);
}

/* Current holders per role, and the role history. */
static void model_json_roles(json_t *o, const struct model_incident *inc)
{
	json_t *roles = json_object(), *hist = json_array(), *who;
	const struct model_stint *st;
	const char **holders;
	size_t i, j;

	for (i = 0; i < ROLE_COUNT; i++) {
		holders = model_holders(inc, (enum model_role)i);
		who = json_array();
		for (j = 0; holders[j] != NULL; j++)
			json_array_append_new(who, json_string(holders[j]));
		free(holders);
		json_object_set_new(roles, model_role_name((enum model_role)i),
		    who);
	}
	for (i = 0; i < inc->nstints; i++) {
		st = &inc->stints[i];
		json_array_append_new(hist, json_pack("{s:s, s:s, s:I, s:o, s:I}",
		    "role", model_role_name(st->role), "user", st->user,
		    "from", (json_int_t)st->from, "to", model_json_at(st->to),
		    "seq", (json_int_t)st->seq));
	}
	json_object_set_new(o, "roles", roles);
	json_object_set_new(o, "role_history", hist);
}

/* Hypotheses and follow-ups as arrays. */
static void model_json_lists(json_t *o, const struct model_incident *inc)
{
	json_t *hyps = json_array(), *fus = json_array();
	const struct model_hypothesis *h;
	const struct model_followup *f;
	size_t i;

	for (i = 0; i < inc->nhyps; i++) {
		h = &inc->hyps[i];
		json_array_append_new(hyps, json_pack(
		    "{s:i, s:I, s:s, s:o, s:s, s:I, s:b}", "id", h->id,
		    "seq", (json_int_t)h->seq, "text", h->text,
		    "by", model_json_str(h->by),
		    "state", model_hyp_state_name(h->state),
		    "changed_at", (json_int_t)h->changed_at, "struck", h->struck));
	}
	for (i = 0; i < inc->nfollowups; i++) {
		f = &inc->followups[i];
		json_array_append_new(fus, json_pack(
		    "{s:i, s:I, s:s, s:o, s:o, s:s, s:b}", "id", f->id,
		    "seq", (json_int_t)f->seq, "text", f->text,
		    "owner", model_json_str(f->owner), "due", model_json_at(f->due),
		    "state", model_followup_state_name(f->state),
		    "struck", f->struck));
	}
	json_object_set_new(o, "hypotheses", hyps);
	json_object_set_new(o, "followups", fus);
}

/* Counts of events and of the analysis material. */
static json_t *model_json_counts(const struct model_incident *inc)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
	    "events", (json_int_t)inc->nevents,
	    "entries", (json_int_t)(inc->nentries + inc->nentries_elsewhere),
	    "parked", (json_int_t)inc->nparked,
	    "factors", (json_int_t)model_live_factors(inc),
	    "hypotheses", (json_int_t)inc->nhyps,
	    "open_hypotheses", (json_int_t)model_open_hypotheses(inc),
	    "followups", (json_int_t)inc->nfollowups,
	    "people", (json_int_t)inc->npeople);
}

/* The last update or null. */
static json_t *model_json_last_update(const struct model_incident *inc)
{
	const struct model_last_update *lu = &inc->last_update;

	if (lu->seq == 0)
		return json_null();
	return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:s, s:s}",
	    "seq", (json_int_t)lu->seq, "at", (json_int_t)lu->at,
	    "by", model_json_str(lu->by), "impact", model_json_str(lu->impact),
	    "known", model_json_str(lu->known),
	    "unknown", model_json_str(lu->unknown),
	    "confidence", model_confidence_name(lu->confidence),
	    "audience", lu->external ? "external" : "internal");
}

/* Missing roles and actions in flight as arrays set on o. */
static void model_json_attention(json_t *o, const struct model_incident *inc)
{
	const char *missing[ROLE_COUNT];
	json_t *a = json_array(), *acts = json_array();
	size_t i;

	model_missing_roles(inc, missing);
	for (i = 0; missing[i] != NULL; i++)
		json_array_append_new(a, json_string(missing[i]));
	for (i = 0; i < inc->nactions; i++)
		json_array_append_new(acts, json_pack("{s:I, s:s}",
		    "seq", (json_int_t)inc->actions[i].seq,
		    "text", inc->actions[i].text));
	json_object_set_new(o, "missing_roles", a);
	json_object_set_new(o, "actions", acts);
}

/* The incident as JSON. */
json_t *model_incident_json(const struct model_incident *inc)
{
	json_t *o;

	o = json_pack("{s:s, s:i, s:s, s:i, s:b, s:s, s:b, s:o, s:o}",
	    "ref", inc->ref, "number", inc->number, "title", inc->title,
	    "severity", inc->severity, "drill", inc->drill,
	    "status", model_status_name(inc->status),
	    "in_recovery", model_in_recovery(inc),
	    "declared_by", model_json_str(inc->declared_by),
	    "ic", model_json_str(inc->ic));
	model_json_marks(o, inc);
	json_object_set_new(o, "offer", model_json_offer(inc));
	model_json_roles(o, inc);
	model_json_lists(o, inc);
	json_object_set_new(o, "counts", model_json_counts(inc));
	json_object_set_new(o, "last_update", model_json_last_update(inc));
	json_object_set_new(o, "next_update_at",
	    model_json_at(inc->next_update_at));
	json_object_set_new(o, "snoozed_until", model_json_at(inc->snoozed_until));
	json_object_set_new(o, "summary", model_json_str(inc->summary));
	model_json_attention(o, inc);
	json_object_set_new(o, "first_seq", json_integer(inc->first_seq));
	json_object_set_new(o, "last_seq", json_integer(inc->last_seq));
	json_object_set_new(o, "last_at", json_integer(inc->last_at));
	return o;
}

/* The incident in brief, for lists: who, what, where it stands, counts. */
json_t *model_incident_summary_json(const struct model_incident *inc)
{
	json_t *o;

	o = json_pack("{s:s, s:i, s:s, s:i, s:b, s:s, s:b, s:o, s:o}",
	    "ref", inc->ref, "number", inc->number, "title", inc->title,
	    "severity", inc->severity, "drill", inc->drill,
	    "status", model_status_name(inc->status),
	    "in_recovery", model_in_recovery(inc),
	    "declared_by", model_json_str(inc->declared_by),
	    "ic", model_json_str(inc->ic));
	model_json_marks(o, inc);
	json_object_set_new(o, "counts", model_json_counts(inc));
	json_object_set_new(o, "next_update_at",
	    model_json_at(inc->next_update_at));
	json_object_set_new(o, "snoozed_until", model_json_at(inc->snoozed_until));
	json_object_set_new(o, "last_at", json_integer(inc->last_at));
	return o;
}

/* A JSON string, or null for NULL. */
static json_t *model_state_str(const char *s)
{
	return (s != NULL) ? json_string(s) : json_null();
}

/* The role history as [{role, user, from, to, seq}]. */
static json_t *model_state_stints(const struct model_incident *inc)
{
	json_t *a = json_array();
	const struct model_stint *st;
	size_t i;

	for (i = 0; i < inc->nstints; i++) {
		st = &inc->stints[i];
		json_array_append_new(a, json_pack("{s:s, s:s, s:I, s:I, s:I}",
		    "role", model_role_name(st->role), "user", st->user,
		    "from", (json_int_t)st->from, "to", (json_int_t)st->to,
		    "seq", (json_int_t)st->seq));
	}
	return a;
}

/* Hypotheses as [{id, seq, text, by, state, changed_at, struck}]. */
static json_t *model_state_hyps(const struct model_incident *inc)
{
	json_t *a = json_array();
	const struct model_hypothesis *h;
	size_t i;

	for (i = 0; i < inc->nhyps; i++) {
		h = &inc->hyps[i];
		json_array_append_new(a, json_pack(
		    "{s:i, s:I, s:s, s:o, s:s, s:I, s:b}", "id", h->id,
		    "seq", (json_int_t)h->seq, "text", h->text,
		    "by", model_state_str(h->by),
		    "state", model_hyp_state_name(h->state),
		    "changed_at", (json_int_t)h->changed_at,
		    "struck", h->struck));
	}
	return a;
}

/* Follow-ups as [{id, seq, text, owner, due, state, struck}]. */
static json_t *model_state_followups(const struct model_incident *inc)
{
	json_t *a = json_array();
	const struct model_followup *f;
	size_t i;

	for (i = 0; i < inc->nfollowups; i++) {
		f = &inc->followups[i];
		json_array_append_new(a, json_pack(
		    "{s:i, s:I, s:s, s:o, s:I, s:s, s:b}", "id", f->id,
		    "seq", (json_int_t)f->seq, "text", f->text,
		    "owner", model_state_str(f->owner), "due", (json_int_t)f->due,
		    "state", model_followup_state_name(f->state),
		    "struck", f->struck));
	}
	return a;
}

/* People, the action ring and the seqs of the factors not struck. */
static void model_state_lists(json_t *o, const struct model_incident *inc)
{
	json_t *people = json_array(), *acts = json_array();
	json_t *factors = json_array();
	size_t i;

	for (i = 0; i < inc->npeople; i++)
		json_array_append_new(people, json_string(inc->people[i]));
	for (i = 0; i < inc->nactions; i++)
		json_array_append_new(acts, json_pack("{s:I, s:s}",
		    "seq", (json_int_t)inc->actions[i].seq,
		    "text", inc->actions[i].text));
	for (i = 0; i < inc->nentries; i++) {
		if (inc->entries[i].kind == EV_FACTOR && !inc->entries[i].struck)
			json_array_append_new(factors,
			    json_integer(inc->entries[i].seq));
	}
	json_object_set_new(o, "people", people);
	json_object_set_new(o, "actions", acts);
	json_object_set_new(o, "live_factors", factors);
	json_object_set_new(o, "stints", model_state_stints(inc));
	json_object_set_new(o, "hypotheses", model_state_hyps(inc));
	json_object_set_new(o, "followups", model_state_followups(inc));
}

/* The offer and the last update (null when none). */
static void model_state_records(json_t *o, const struct model_incident *inc)
{
	const struct model_last_update *lu = &inc->last_update;

	if (inc->offer.to == NULL)
		json_object_set_new(o, "offer", json_null());
	else
		json_object_set_new(o, "offer", json_pack(
		    "{s:o, s:s, s:o, s:I, s:I}",
		    "from", model_state_str(inc->offer.from),
		    "to", inc->offer.to,
		    "brief", model_state_str(inc->offer.brief),
		    "seq", (json_int_t)inc->offer.seq,
		    "at", (json_int_t)inc->offer.at));
	if (lu->seq == 0)
		json_object_set_new(o, "last_update", json_null());
	else
		json_object_set_new(o, "last_update", json_pack(
		    "{s:I, s:I, s:o, s:s, s:o, s:o, s:o, s:b}",
		    "seq", (json_int_t)lu->seq, "at", (json_int_t)lu->at,
		    "impact", model_state_str(lu->impact),
		    "confidence", model_confidence_name(lu->confidence),
		    "known", model_state_str(lu->known),
		    "unknown", model_state_str(lu->unknown),
		    "by", model_state_str(lu->by), "external", lu->external));
}

/* The scalar fields: instants, counters and the cadence. */
static void model_state_numbers(json_t *o, const struct model_incident *inc)
{
	json_t *marks = json_array();
	int i;

	for (i = 0; i < MARK_COUNT; i++)
		json_array_append_new(marks, json_integer(inc->marks[i]));
	json_object_set_new(o, "marks", marks);
	json_object_set_new(o, "marks_explicit",
	    json_integer(inc->marks_explicit));
	json_object_set_new(o, "next_update_at",
	    json_integer(inc->next_update_at));
	json_object_set_new(o, "snoozed_until", json_integer(inc->snoozed_until));
	json_object_set_new(o, "summary_seq", json_integer(inc->summary_seq));
	json_object_set_new(o, "nfactors", json_integer((json_int_t)inc->nfactors));
	json_object_set_new(o, "nfactors_struck",
	    json_integer((json_int_t)inc->nfactors_struck));
	json_object_set_new(o, "nparked", json_integer((json_int_t)inc->nparked));
	json_object_set_new(o, "nevents", json_integer((json_int_t)inc->nevents));
	json_object_set_new(o, "nentries", json_integer(
	    (json_int_t)(inc->nentries + inc->nentries_elsewhere)));
	json_object_set_new(o, "first_seq", json_integer(inc->first_seq));
	json_object_set_new(o, "last_seq", json_integer(inc->last_seq));
	json_object_set_new(o, "last_at", json_integer(inc->last_at));
}

/* The complete folded state of an incident (not its entry index). */
json_t *model_state_json(const struct model_incident *inc)
{
	json_t *o;

	o = json_pack("{s:i, s:s, s:i, s:s, s:i, s:b, s:s, s:o, s:o, s:o}",
	    "version", 1, "ref", inc->ref, "number", inc->number,
	    "title", inc->title != NULL ? inc->title : "",
	    "severity", inc->severity, "drill", inc->drill,
	    "status", model_status_name(inc->status),
	    "declared_by", model_state_str(inc->declared_by),
	    "ic", model_state_str(inc->ic),
	    "summary", model_state_str(inc->summary));
	model_state_numbers(o, inc);
	model_state_records(o, inc);
	model_state_lists(o, inc);
	return o;
}

/* A string member (copied) or NULL when missing or null. */
static char *model_state_get_str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return (s != NULL) ? xstrdup(s) : NULL;
}

/* An integer member, or 0. */
static int64_t model_state_get_int(const json_t *o, const char *key)
{
	return (int64_t)json_integer_value(json_object_get(o, key));
}

/* An enumerated member by name, or -1 (a cause names it). */
static int model_state_get_enum(const json_t *o, const char *key,
    int (*parse)(const char *), const char *what, char **cause)
{
	const char *s = json_string_value(json_object_get(o, key));
	int v = parse(s);

	if (v < 0 && *cause == NULL)
		*cause = xasprintf("the incident state has an unknown %s "
		    "\"%.32s\": the server speaks another sitrep version",
		    what, s != NULL ? s : "");
	return v;
}

/* Room for n elements of an array that model_grow() will extend: the
 * capacity it assumes is the next power of two not below n. */
static void *model_state_alloc(size_t n, size_t size)
{
	size_t cap = 1;

	while (cap < n)
		cap *= 2;
	return xcalloc(cap, size);
}

/* Role history from the state. */
static void model_state_read_stints(struct model_incident *inc,
    const json_t *a, char **cause)
{
	struct model_stint *st;
	const json_t *v;
	size_t i;
	int r;

	inc->stints = model_state_alloc(json_array_size(a), sizeof *inc->stints);
	json_array_foreach(a, i, v) {
		r = model_state_get_enum(v, "role", model_role_parse, "role",
		    cause);
		st = &inc->stints[inc->nstints++];
		st->role = (r >= 0) ? (enum model_role)r : ROLE_SME;
		st->user = model_state_get_str(v, "user");
		if (st->user == NULL)
			st->user = xstrdup("?");
		st->from = model_state_get_int(v, "from");
		st->to = model_state_get_int(v, "to");
		st->seq = model_state_get_int(v, "seq");
	}
}

/* Hypotheses from the state. */
static void model_state_read_hyps(struct model_incident *inc,
    const json_t *a, char **cause)
{
	struct model_hypothesis *h;
	const json_t *v;
	size_t i;
	int s;

	inc->hyps = model_state_alloc(json_array_size(a), sizeof *inc->hyps);
	json_array_foreach(a, i, v) {
		s = model_state_get_enum(v, "state", model_hyp_state_parse,
		    "hypothesis state", cause);
		h = &inc->hyps[inc->nhyps++];
		h->id = (int)inc->nhyps;
		h->seq = model_state_get_int(v, "seq");
		h->text = model_state_get_str(v, "text");
		if (h->text == NULL)
			h->text = xstrdup("");
		h->by = model_state_get_str(v, "by");
		h->state = (s >= 0) ? (enum model_hyp_state)s : HYP_OPEN;
		h->changed_at = model_state_get_int(v, "changed_at");
		h->struck = json_is_true(json_object_get(v, "struck"));
	}
}

/* Follow-ups from the state. */
static void model_state_read_followups(struct model_incident *inc,
    const json_t *a, char **cause)
{
	struct model_followup *f;
	const json_t *v;
	size_t i;
	int s;

	inc->followups = model_state_alloc(json_array_size(a),
	    sizeof *inc->followups);
	json_array_foreach(a, i, v) {
		s = model_state_get_enum(v, "state", model_followup_state_parse,
		    "follow-up state", cause);
		f = &inc->followups[inc->nfollowups++];
		f->id = (int)inc->nfollowups;
		f->seq = model_state_get_int(v, "seq");
		f->text = model_state_get_str(v, "text");
		if (f->text == NULL)
			f->text = xstrdup("");
		f->owner = model_state_get_str(v, "owner");
		f->due = model_state_get_int(v, "due");
		f->state = (s >= 0) ? (enum model_followup_state)s : FU_OPEN;
		f->struck = json_is_true(json_object_get(v, "struck"));
	}
}

/* People and the action ring from the state. */
static void model_state_read_people(struct model_incident *inc,
    const json_t *o)
{
	const json_t *a = json_object_get(o, "people"), *v;
	size_t i;

	inc->people = xcalloc(json_array_size(a) + 1, sizeof *inc->people);
	json_array_foreach(a, i, v) {
		if (json_is_string(v))
			inc->people[inc->npeople++] = xstrdup(json_string_value(v));
	}
	a = json_object_get(o, "actions");
	json_array_foreach(a, i, v) {
		if (inc->nactions == MODEL_ACTIONS)
			break;
		inc->actions[inc->nactions].seq = model_state_get_int(v, "seq");
		inc->actions[inc->nactions].text = model_state_get_str(v, "text");
		if (inc->actions[inc->nactions].text == NULL)
			inc->actions[inc->nactions].text = xstrdup("");
		inc->nactions++;
	}
}

/* The offer and the last update from the state. */
static void model_state_read_records(struct model_incident *inc,
    const json_t *o, char **cause)
{
	const json_t *offer = json_object_get(o, "offer");
	const json_t *lu = json_object_get(o, "last_update");
	int c;

	if (json_is_object(offer) && json_is_string(json_object_get(offer,
	    "to"))) {
		inc->offer.from = model_state_get_str(offer, "from");
		inc->offer.to = model_state_get_str(offer, "to");
		inc->offer.brief = model_state_get_str(offer, "brief");
		inc->offer.seq = model_state_get_int(offer, "seq");
		inc->offer.at = model_state_get_int(offer, "at");
	}
	if (!json_is_object(lu))
		return;
	c = model_state_get_enum(lu, "confidence", model_confidence_parse,
	    "confidence", cause);
	inc->last_update.seq = model_state_get_int(lu, "seq");
	inc->last_update.at = model_state_get_int(lu, "at");
	inc->last_update.impact = model_state_get_str(lu, "impact");
	inc->last_update.known = model_state_get_str(lu, "known");
	inc->last_update.unknown = model_state_get_str(lu, "unknown");
	inc->last_update.by = model_state_get_str(lu, "by");
	inc->last_update.confidence = (c >= 0) ? (enum model_confidence)c :
	    CONF_UNKNOWN;
	inc->last_update.external = json_is_true(json_object_get(lu,
	    "external"));
}

/* The scalar fields from the state. */
static void model_state_read_numbers(struct model_incident *inc,
    const json_t *o)
{
	const json_t *marks = json_object_get(o, "marks");
	int i;

	for (i = 0; i < MARK_COUNT; i++)
		inc->marks[i] = json_integer_value(json_array_get(marks,
		    (size_t)i));
	inc->marks_explicit = (unsigned)model_state_get_int(o,
	    "marks_explicit");
	inc->next_update_at = model_state_get_int(o, "next_update_at");
	inc->snoozed_until = model_state_get_int(o, "snoozed_until");
	inc->summary_seq = model_state_get_int(o, "summary_seq");
	inc->nfactors = (size_t)model_state_get_int(o, "nfactors");
	inc->nfactors_struck = (size_t)model_state_get_int(o,
	    "nfactors_struck");
	inc->nparked = (size_t)model_state_get_int(o, "nparked");
	inc->nevents = (size_t)model_state_get_int(o, "nevents");
	inc->nentries_elsewhere = (size_t)model_state_get_int(o, "nentries");
	inc->first_seq = model_state_get_int(o, "first_seq");
	inc->last_seq = model_state_get_int(o, "last_seq");
	inc->last_at = model_state_get_int(o, "last_at");
}

/* Order entries by seq, for qsort. */
static int model_entry_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct model_entry *)a)->seq;
	int64_t y = ((const struct model_entry *)b)->seq;

	return (x > y) - (x < y);
}

/* Add one entry (seq and kind only) to a state's sparse index. */
static void model_state_index_add(struct model_incident *inc, int64_t seq,
    enum event_kind kind, int struck)
{
	struct model_entry *e;

	if (seq <= 0)
		return;
	inc->entries = model_grow(inc->entries, inc->nentries,
	    sizeof *inc->entries);
	e = &inc->entries[inc->nentries++];
	memset(e, 0, sizeof *e);
	e->seq = seq;
	e->kind = kind;
	e->struck = struck ? 1 : 0;
	e->type = (kind == EV_ENTRY) ? ENT_ACTION : 0;
	e->author = MODEL_NO_AUTHOR;
}

/* The sparse entry index: what a later amend or strike can still change. */
static void model_state_index(struct model_incident *inc, const json_t *o)
{
	const json_t *v;
	size_t i, n;

	for (i = 0; i < inc->nhyps; i++)
		model_state_index_add(inc, inc->hyps[i].seq, EV_HYP_OPEN,
		    inc->hyps[i].struck);
	for (i = 0; i < inc->nfollowups; i++)
		model_state_index_add(inc, inc->followups[i].seq, EV_FOLLOWUP,
		    inc->followups[i].struck);
	for (i = 0; i < inc->nactions; i++)
		model_state_index_add(inc, inc->actions[i].seq, EV_ENTRY, 0);
	model_state_index_add(inc, inc->summary_seq, EV_SUMMARY, 0);
	json_array_foreach(json_object_get(o, "live_factors"), i, v)
		model_state_index_add(inc, json_integer_value(v), EV_FACTOR, 0);
	if (inc->nentries == 0)
		return;
	qsort(inc->entries, inc->nentries, sizeof *inc->entries,
	    model_entry_cmp);
	for (i = 1, n = 1; i < inc->nentries; i++) {
		if (inc->entries[i].seq != inc->entries[n - 1].seq)
			inc->entries[n++] = inc->entries[i];
	}
	inc->nentries = n;
	if (inc->nentries_elsewhere >= n)
		inc->nentries_elsewhere -= n;
	else
		inc->nentries_elsewhere = 0;
}

/* The incident a model_state_json() object describes. */
struct model_incident *model_state_from_json(const json_t *state,
    char **cause)
{
	struct model_incident *inc;
	int64_t number = model_state_get_int(state, "number");
	const char *ref = json_string_value(json_object_get(state, "ref"));
	int s;

	*cause = NULL;
	if (!json_is_object(state) || ref == NULL || number <= 0 ||
	    number > 1000000000L || model_state_get_int(state, "version") != 1) {
		*cause = xstrdup("the server sent an incident state this "
		    "sitrep cannot read: use the same sitrep version on both "
		    "ends");
		return NULL;
	}
	inc = xcalloc(1, sizeof *inc);
	inc->ref = xstrdup(ref);
	inc->number = (int)number;
	inc->title = model_state_get_str(state, "title");
	if (inc->title == NULL)
		inc->title = xstrdup("");
	inc->severity = (int)model_state_get_int(state, "severity");
	inc->drill = json_is_true(json_object_get(state, "drill"));
	s = model_state_get_enum(state, "status", model_status_parse,
	    "status", cause);
	inc->status = (s >= 0) ? (enum model_status)s : ST_INVESTIGATING;
	inc->declared_by = model_state_get_str(state, "declared_by");
	inc->ic = model_state_get_str(state, "ic");
	inc->summary = model_state_get_str(state, "summary");
	model_state_read_numbers(inc, state);
	model_state_read_records(inc, state, cause);
	model_state_read_people(inc, state);
	model_state_read_stints(inc, json_object_get(state, "stints"), cause);
	model_state_read_hyps(inc, json_object_get(state, "hypotheses"), cause);
	model_state_read_followups(inc, json_object_get(state, "followups"),
	    cause);
	model_state_index(inc, state);
	if (*cause == NULL)
		return inc;
	model_incident_free(inc);
	return NULL;
}

/* Add an incident to the model (replacing one with the same number). */
void model_add_incident(struct model *m, struct model_incident *inc)
{
	size_t i;

	for (i = 0; i < m->nincidents; i++) {
		if (m->incidents[i]->number == inc->number) {
			model_incident_free(m->incidents[i]);
			m->incidents[i] = inc;
			goto done;
		}
	}
	m->incidents = model_grow(m->incidents, m->nincidents,
	    sizeof *m->incidents);
	m->incidents[m->nincidents++] = inc;
done:
	if (inc->number > m->max_number)
		m->max_number = inc->number;
	if (inc->last_seq > m->last_seq)
		m->last_seq = inc->last_seq;
}
