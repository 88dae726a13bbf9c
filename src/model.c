/* model.c: the one fold of events into incident state, and its queries
 * (pure: no I/O, no clock). model_apply() hands each event to its kind's
 * fold step (kind.h); the helpers those steps share are here
 * (model-int.h). It trusts its input but never crashes on odd input: a
 * missing or mistyped field is ignored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kind.h"
#include "model-int.h"
#include "when.h"
#include "xmalloc.h"

/* Make room for element n of an array that grows by doubling (capacity is
 * implicit: the next power of two not below n). */
void *model_grow(void *p, size_t n, size_t size)
{
	if (n == 0)
		return xreallocarray(p, 1, size);
	if ((n & (n - 1)) == 0)
		return xreallocarray(p, n * 2, size);
	return p;
}

/* Copy of a string or NULL. */
char *model_dup(const char *s)
{
	return (s != NULL) ? xstrdup(s) : NULL;
}

/* Replace *dst by a copy of s (NULL stays NULL). */
void model_set(char **dst, const char *s)
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
	free(lu->actions);
	free(lu->needs);
	free(lu->by);
}

/* Free the arrays of hypotheses, follow-ups and stints of an incident. */
static void model_incident_free_lists(struct model_incident *inc)
{
	size_t i;

	for (i = 0; i < inc->nstints; i++) {
		free(inc->stints[i].user);
		free(inc->stints[i].brief);
	}
	free(inc->stints);
	for (i = 0; i < inc->nhyps; i++) {
		free(inc->hyps[i].text);
		free(inc->hyps[i].by);
	}
	free(inc->hyps);
	for (i = 0; i < inc->nfollowups; i++) {
		free(inc->followups[i].text);
		free(inc->followups[i].owner);
		free(inc->followups[i].note);
	}
	free(inc->followups);
	for (i = 0; i < inc->nfactors; i++) {
		free(inc->factors[i].text);
		free(inc->factors[i].entries);
	}
	free(inc->factors);
	for (i = 0; i < inc->nparked; i++) {
		free(inc->parked[i].text);
		free(inc->parked[i].by);
	}
	free(inc->parked);
	for (i = 0; i < inc->npeople; i++)
		free(inc->people[i]);
	free(inc->people);
}

/* Free an incident and everything it owns. */
void model_incident_free(struct model_incident *inc)
{
	size_t i;

	model_incident_free_lists(inc);
	free(inc->ref);
	free(inc->title);
	free(inc->tz);
	free(inc->restricted);
	free(inc->declared_by);
	free(inc->ic);
	free(inc->offer.from);
	free(inc->offer.to);
	free(inc->offer.brief);
	free(inc->entries);
	model_last_update_free(&inc->last_update);
	free(inc->summary);
	free(inc->impact);
	for (i = 0; i < ANS_COUNT; i++)
		free(inc->answers[i].text);
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
long model_ref_number(const char *ref)
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
uint32_t model_person(struct model_incident *inc, const char *name)
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
struct model_entry *model_entry_get(struct model_incident *inc,
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
	size_t i, n = 0;

	for (i = 0; i < inc->nfactors; i++)
		n += !inc->factors[i].struck;
	return n;
}

/* Factor by number, or NULL. */
struct model_factor *model_factor_find(const struct model_incident *inc,
    int id)
{
	if (id < 1 || (size_t)id > inc->nfactors)
		return NULL;
	return &inc->factors[id - 1];
}

/* The parked thought recorded as seq, or NULL. */
struct model_parked *model_parked_find(const struct model_incident *inc,
    int64_t seq)
{
	size_t i;

	for (i = 0; i < inc->nparked; i++) {
		if (inc->parked[i].seq == seq)
			return &inc->parked[i];
	}
	return NULL;
}

/* Parked thoughts still waiting for their triage. */
size_t model_parked_open(const struct model_incident *inc)
{
	size_t i, n = 0;

	for (i = 0; i < inc->nparked; i++)
		n += !inc->parked[i].struck &&
		    inc->parked[i].triage == TRIAGE_OPEN;
	return n;
}

/* 1 when a follow-up is past due at now. */
int model_followup_past_due(const struct model_followup *f, int64_t now)
{
	return !f->struck && f->due != 0 && f->due < now &&
	    f->state != FU_DONE && f->state != FU_WONT_DO;
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

	out[0] = NULL;
	if (!model_in_recovery(inc))
		return 0;
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

/* What is due now, from a status, a severity and the reminder's fields. */
void model_due_of(struct model_due *d, const char *status, int severity,
    int64_t next_at, int64_t snoozed_until, int64_t now)
{
	int s = model_status_parse(status);

	memset(d, 0, sizeof *d);
	if (s < 0 || s >= ST_RESOLVED) {
		d->none = s < 0 ? "unknown status" : model_status_name(s);
		return;
	}
	if (next_at <= 0) {
		d->none = severity == 4 ? "SEV4 has no update cadence" :
		    "no cadence";
		return;
	}
	d->at = next_at;
	if (now < next_at)
		d->state = DUE_NOT_YET;
	else if (snoozed_until > now) {
		d->state = DUE_SNOOZED;
		d->snoozed_until = snoozed_until;
	} else
		d->state = DUE_OVERDUE;
}

/* What is due now on an incident. */
void model_due(const struct model_incident *inc, int64_t now,
    struct model_due *d)
{
	model_due_of(d, model_status_name(inc->status), inc->severity,
	    inc->next_update_at, inc->snoozed_until, now);
}

/* How long the incident has run, stopping at resolved. */
int64_t model_elapsed(const struct model_incident *inc, int64_t now,
    int *stopped)
{
	int64_t start = inc->marks[MARK_IMPACT] ? inc->marks[MARK_IMPACT] :
	    inc->marks[MARK_DECLARED];
	int64_t end = now;

	*stopped = !model_in_recovery(inc) && inc->marks[MARK_RESOLVED] != 0;
	if (*stopped)
		end = inc->marks[MARK_RESOLVED];
	return end > start ? end - start : 0;
}

/* The incident's time zone name. */
const char *model_zone(const struct model_incident *inc)
{
	return inc->tz != NULL ? inc->tz : "UTC";
}

/* 1 when the incident's marks and activity span more than one date. */
int model_spans_days(const struct model_incident *inc)
{
	int64_t first = inc->happened_from, last = inc->last_at;
	int m;

	if (inc->happened_to > last)
		last = inc->happened_to;
	for (m = 0; m < MARK_COUNT; m++) {
		if (inc->marks[m] == 0)
			continue;
		if (first == 0 || inc->marks[m] < first)
			first = inc->marks[m];
		if (inc->marks[m] > last)
			last = inc->marks[m];
	}
	return first != 0 && last != 0 && !when_same_day(first, last);
}

/* 1 while the analysis workspace is locked (status before resolved). */
int model_in_recovery(const struct model_incident *inc)
{
	return inc->status < ST_RESOLVED;
}

/* Each duration: its key, name and the marks it spans (to − from). */
static const struct {
	const char *key;
	const char *name;
	enum model_mark from;
	enum model_mark to;
} model_durations[DUR_COUNT] = {
	[DUR_DETECT] = { "to_detect", "time to detect", MARK_IMPACT,
	    MARK_DETECTED },
	[DUR_DECLARE] = { "to_declare", "time to declare", MARK_DETECTED,
	    MARK_DECLARED },
	[DUR_MITIGATE] = { "to_mitigate", "time to mitigate", MARK_IMPACT,
	    MARK_MITIGATED },
	[DUR_RESOLVE] = { "to_resolve", "time to resolve", MARK_IMPACT,
	    MARK_RESOLVED },
};

/* "time to detect". */
const char *model_duration_name(enum model_duration d)
{
	return d < DUR_COUNT ? model_durations[d].name : "unknown";
}

/* "to_detect". */
const char *model_duration_key(enum model_duration d)
{
	return d < DUR_COUNT ? model_durations[d].key : "unknown";
}

/* A mark's name for prose: "impact start". */
static const char *model_mark_words(enum model_mark m)
{
	return m == MARK_IMPACT ? "impact start" : model_mark_name(m);
}

/* "detected − impact start". */
const char *model_duration_definition(enum model_duration d)
{
	static const char *const defs[DUR_COUNT] = {
		[DUR_DETECT] = "detected − impact start",
		[DUR_DECLARE] = "declared − detected",
		[DUR_MITIGATE] = "mitigated − impact start",
		[DUR_RESOLVE] = "resolved − impact start",
	};

	return d < DUR_COUNT ? defs[d] : "unknown";
}

/* The duration d of inc, or n/a and why. */
void model_duration(const struct model_incident *inc, enum model_duration d,
    struct model_span *out)
{
	enum model_mark from = model_durations[d].from;
	enum model_mark to = model_durations[d].to;

	out->ms = -1;
	out->na[0] = '\0';
	if (inc->marks[from] == 0)
		snprintf(out->na, sizeof out->na, "no %s mark yet",
		    model_mark_name(from));
	else if (inc->marks[to] == 0)
		snprintf(out->na, sizeof out->na, "no %s mark yet",
		    model_mark_name(to));
	else if (inc->marks[to] < inc->marks[from])
		snprintf(out->na, sizeof out->na, "%s is before %s",
		    model_mark_words(to), model_mark_words(from));
	else
		out->ms = inc->marks[to] - inc->marks[from];
}

/* When an event happened: occurred_at, else recorded_at. */
int64_t model_when(const struct event *ev)
{
	return (ev->occurred_at != 0) ? ev->occurred_at : ev->recorded_at;
}

/* Start a stint of user in role r. */
void model_stint_start(struct model_incident *inc, enum model_role r,
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
	st->brief = NULL;
}

/* End the current stints in role r (of user, or of anyone when NULL). */
void model_stint_end(struct model_incident *inc, enum model_role r,
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
void model_offer_clear(struct model_incident *inc)
{
	free(inc->offer.from);
	free(inc->offer.to);
	free(inc->offer.brief);
	memset(&inc->offer, 0, sizeof inc->offer);
}

/* Command passes to user: the old stint ends, a new one starts (with the
 * brief it was accepted on, when brief is not NULL). */
void model_command_to(struct model_incident *inc, const char *user,
    const char *brief, const struct event *ev)
{
	if (user == NULL || *user == '\0')
		return;
	model_stint_end(inc, ROLE_COMMANDER, NULL, ev);
	model_stint_start(inc, ROLE_COMMANDER, user, ev);
	inc->stints[inc->nstints - 1].brief = model_dup(brief);
	model_set(&inc->ic, user);
	model_offer_clear(inc);
}

/* Room for n elements of an array that model_grow() will extend: the
 * capacity it assumes is the next power of two not below n. */
void *model_alloc(size_t n, size_t size)
{
	size_t cap = 1;

	while (cap < n)
		cap *= 2;
	return xcalloc(cap, size);
}

/* The next update due after one given at `at` (or the declaration), by
 * the severity's cadence; 0 when the severity has none. */
int64_t model_next_due(const struct model_incident *inc, int64_t at)
{
	int64_t cadence = model_cadence(inc->severity);

	return cadence != 0 ? at + cadence : 0;
}

/* Remember a targetable event as a timeline entry (seq order). */
struct model_entry *model_entry_add(struct model_incident *inc,
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

/* Fold one event into the model. */
void model_apply(struct model *m, const struct event *ev)
{
	struct model_incident *inc;
	const struct kind *k;

	if (ev == NULL || ev->body == NULL)
		return;
	if (ev->seq > m->last_seq)
		m->last_seq = ev->seq;
	if ((k = kind_get(ev->kind)) == NULL)
		return;
	if (ev->kind == EV_DECLARE) {
		k->fold(m, NULL, ev);
		inc = model_find(m, ev->incident);
	} else {
		inc = model_find(m, ev->incident);
		if (inc == NULL)
			return;
		if (ev->actor != NULL)
			model_person(inc, ev->actor);
		k->fold(m, inc, ev);
	}
	if (inc == NULL)
		return;
	inc->nevents++;
	if (inc->first_seq == 0)
		inc->first_seq = ev->seq;
	inc->last_seq = ev->seq;
	inc->last_at = ev->recorded_at;
	if (inc->happened_from == 0 || model_when(ev) < inc->happened_from)
		inc->happened_from = model_when(ev);
	if (model_when(ev) > inc->happened_to)
		inc->happened_to = model_when(ev);
}
