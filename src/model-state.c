/* model-state.c: the complete folded state of an incident as JSON (the
 * snapshot a client continues folding from) and back. */
#include <stdlib.h>
#include <string.h>

#include "model-int.h"
#include "xmalloc.h"

/* The role history as [{role, user, from, to, seq}]. */
static json_t *model_state_stints(const struct model_incident *inc)
{
	json_t *a = json_array();
	const struct model_stint *st;
	size_t i;

	for (i = 0; i < inc->nstints; i++) {
		st = &inc->stints[i];
		json_array_append_new(a, json_pack("{s:s, s:s, s:I, s:I, s:I, "
		    "s:o}", "role", model_role_name(st->role), "user", st->user,
		    "from", (json_int_t)st->from, "to", (json_int_t)st->to,
		    "seq", (json_int_t)st->seq, "brief", model_json_str(st->brief)));
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
		    "{s:i, s:I, s:s, s:o, s:I, s:s, s:b, s:i, s:o}", "id", f->id,
		    "seq", (json_int_t)f->seq, "text", f->text,
		    "owner", model_json_str(f->owner), "due", (json_int_t)f->due,
		    "state", model_followup_state_name(f->state),
		    "struck", f->struck, "factor", f->factor,
		    "note", model_json_str(f->note)));
	}
	return a;
}

/* Factors as [{id, seq, text, category, entries, struck}]. */
static json_t *model_state_factors(const struct model_incident *inc)
{
	json_t *a = json_array(), *ents;
	const struct model_factor *f;
	size_t i, j;

	for (i = 0; i < inc->nfactors; i++) {
		f = &inc->factors[i];
		ents = json_array();
		for (j = 0; j < f->nentries; j++)
			json_array_append_new(ents, json_integer(f->entries[j]));
		json_array_append_new(a, json_pack("{s:i, s:I, s:s, s:s, s:o, "
		    "s:b}", "id", f->id, "seq", (json_int_t)f->seq, "text",
		    f->text, "category", model_category_name(f->category),
		    "entries", ents, "struck", f->struck));
	}
	return a;
}

/* Parked thoughts as [{seq, at, text, by, triage, into, triage_seq,
 * struck}]. */
static json_t *model_state_parked(const struct model_incident *inc)
{
	json_t *a = json_array();
	const struct model_parked *p;
	size_t i;

	for (i = 0; i < inc->nparked; i++) {
		p = &inc->parked[i];
		json_array_append_new(a, json_pack("{s:I, s:I, s:s, s:o, s:s, "
		    "s:i, s:I, s:b}", "seq", (json_int_t)p->seq,
		    "at", (json_int_t)p->at, "text", p->text,
		    "by", model_json_str(p->by),
		    "triage", model_triage_name(p->triage), "into", p->into,
		    "triage_seq", (json_int_t)p->triage_seq,
		    "struck", p->struck));
	}
	return a;
}

/* The answers to the analysis questions as {key: {seq, text}}. */
static json_t *model_state_answers(const struct model_incident *inc)
{
	json_t *o = json_object();
	int k;

	for (k = 0; k < ANS_COUNT; k++) {
		if (inc->answers[k].seq == 0)
			continue;
		json_object_set_new(o, model_answer_name(k), json_pack(
		    "{s:I, s:o}", "seq", (json_int_t)inc->answers[k].seq,
		    "text", model_json_str(inc->answers[k].text)));
	}
	return o;
}

/* People, the action ring, and the analysis lists. */
static void model_state_lists(json_t *o, const struct model_incident *inc)
{
	json_t *people = json_array(), *acts = json_array();
	size_t i;

	for (i = 0; i < inc->npeople; i++)
		json_array_append_new(people, json_string(inc->people[i]));
	for (i = 0; i < inc->nactions; i++)
		json_array_append_new(acts, json_pack("{s:I, s:I, s:s}",
		    "seq", (json_int_t)inc->actions[i].seq,
		    "at", (json_int_t)inc->actions[i].at,
		    "text", inc->actions[i].text));
	json_object_set_new(o, "people", people);
	json_object_set_new(o, "actions", acts);
	json_object_set_new(o, "factors", model_state_factors(inc));
	json_object_set_new(o, "parked", model_state_parked(inc));
	json_object_set_new(o, "answers", model_state_answers(inc));
	json_object_set_new(o, "stints", model_state_stints(inc));
	json_object_set_new(o, "hypotheses", model_json_hyps(inc));
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
		    "from", model_json_str(inc->offer.from),
		    "to", inc->offer.to,
		    "brief", model_json_str(inc->offer.brief),
		    "seq", (json_int_t)inc->offer.seq,
		    "at", (json_int_t)inc->offer.at));
	if (lu->seq == 0)
		json_object_set_new(o, "last_update", json_null());
	else
		json_object_set_new(o, "last_update", json_pack(
		    "{s:I, s:I, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:b}",
		    "seq", (json_int_t)lu->seq, "at", (json_int_t)lu->at,
		    "impact", model_json_str(lu->impact),
		    "confidence", model_confidence_name(lu->confidence),
		    "known", model_json_str(lu->known),
		    "unknown", model_json_str(lu->unknown),
		    "actions", model_json_str(lu->actions),
		    "needs", model_json_str(lu->needs),
		    "by", model_json_str(lu->by), "external", lu->external));
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
	json_object_set_new(o, "nevents", json_integer((json_int_t)inc->nevents));
	json_object_set_new(o, "nentries", json_integer(
	    (json_int_t)(inc->nentries + inc->nentries_elsewhere)));
	json_object_set_new(o, "first_seq", json_integer(inc->first_seq));
	json_object_set_new(o, "last_seq", json_integer(inc->last_seq));
	json_object_set_new(o, "last_at", json_integer(inc->last_at));
	json_object_set_new(o, "happened_from",
	    json_integer(inc->happened_from));
	json_object_set_new(o, "happened_to", json_integer(inc->happened_to));
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
	    "declared_by", model_json_str(inc->declared_by),
	    "ic", model_json_str(inc->ic),
	    "summary", model_json_str(inc->summary));
	json_object_set_new(o, "impact", model_json_str(inc->impact));
	json_object_set_new(o, "tz", model_json_str(inc->tz));
	json_object_set_new(o, "restricted", model_json_str(inc->restricted));
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

/* Role history from the state. */
static void model_state_read_stints(struct model_incident *inc,
    const json_t *a, char **cause)
{
	struct model_stint *st;
	const json_t *v;
	size_t i;
	int r;

	inc->stints = model_alloc(json_array_size(a), sizeof *inc->stints);
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
		st->brief = model_state_get_str(v, "brief");
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

	inc->hyps = model_alloc(json_array_size(a), sizeof *inc->hyps);
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

	inc->followups = model_alloc(json_array_size(a),
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
		f->factor = (int)model_state_get_int(v, "factor");
		f->note = model_state_get_str(v, "note");
	}
}

/* Factors from the state. */
static void model_state_read_factors(struct model_incident *inc,
    const json_t *a, char **cause)
{
	struct model_factor *f;
	const json_t *v, *e;
	size_t i, j;
	int c;

	inc->factors = model_alloc(json_array_size(a), sizeof *inc->factors);
	json_array_foreach(a, i, v) {
		c = model_state_get_enum(v, "category", model_category_parse,
		    "factor category", cause);
		f = &inc->factors[inc->nfactors++];
		f->id = (int)inc->nfactors;
		f->seq = model_state_get_int(v, "seq");
		f->text = model_state_get_str(v, "text");
		if (f->text == NULL)
			f->text = xstrdup("");
		f->category = c > 0 ? (enum model_category)c : CAT_NONE;
		f->entries = xcalloc(json_array_size(json_object_get(v,
		    "entries")) + 1, sizeof *f->entries);
		json_array_foreach(json_object_get(v, "entries"), j, e)
			f->entries[f->nentries++] = json_integer_value(e);
		f->struck = json_is_true(json_object_get(v, "struck"));
	}
}

/* The triage outcome for a name, or -1. */
static int model_state_triage_parse(const char *s)
{
	int t;

	for (t = 0; s != NULL && t < TRIAGE_COUNT; t++) {
		if (strcmp(model_triage_name(t), s) == 0)
			return t;
	}
	return -1;
}

/* Parked thoughts from the state. */
static void model_state_read_parked(struct model_incident *inc,
    const json_t *a, char **cause)
{
	struct model_parked *p;
	const json_t *v;
	size_t i;
	int t;

	inc->parked = model_alloc(json_array_size(a), sizeof *inc->parked);
	json_array_foreach(a, i, v) {
		t = model_state_get_enum(v, "triage", model_state_triage_parse,
		    "triage", cause);
		p = &inc->parked[inc->nparked++];
		p->seq = model_state_get_int(v, "seq");
		p->at = model_state_get_int(v, "at");
		p->text = model_state_get_str(v, "text");
		if (p->text == NULL)
			p->text = xstrdup("");
		p->by = model_state_get_str(v, "by");
		p->triage = t >= 0 ? (enum model_triage)t : TRIAGE_OPEN;
		p->into = (int)model_state_get_int(v, "into");
		p->triage_seq = model_state_get_int(v, "triage_seq");
		p->struck = json_is_true(json_object_get(v, "struck"));
	}
}

/* The answers to the analysis questions from the state. */
static void model_state_read_answers(struct model_incident *inc,
    const json_t *o)
{
	const json_t *v;
	int k;

	for (k = 0; k < ANS_COUNT; k++) {
		v = json_object_get(o, model_answer_name(k));
		if (!json_is_object(v))
			continue;
		inc->answers[k].seq = model_state_get_int(v, "seq");
		inc->answers[k].text = model_state_get_str(v, "text");
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
		inc->actions[inc->nactions].at = model_state_get_int(v, "at");
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
	inc->last_update.actions = model_state_get_str(lu, "actions");
	inc->last_update.needs = model_state_get_str(lu, "needs");
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
	inc->nevents = (size_t)model_state_get_int(o, "nevents");
	inc->nentries_elsewhere = (size_t)model_state_get_int(o, "nentries");
	inc->first_seq = model_state_get_int(o, "first_seq");
	inc->last_seq = model_state_get_int(o, "last_seq");
	inc->last_at = model_state_get_int(o, "last_at");
	inc->happened_from = model_state_get_int(o, "happened_from");
	inc->happened_to = model_state_get_int(o, "happened_to");
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
static void model_state_index(struct model_incident *inc)
{
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
	for (i = 0; i < ANS_COUNT; i++)
		model_state_index_add(inc, inc->answers[i].seq, EV_SUMMARY, 0);
	for (i = 0; i < inc->nfactors; i++)
		model_state_index_add(inc, inc->factors[i].seq, EV_FACTOR,
		    inc->factors[i].struck);
	for (i = 0; i < inc->nparked; i++)
		model_state_index_add(inc, inc->parked[i].seq, EV_PARK,
		    inc->parked[i].struck);
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
	inc->tz = model_state_get_str(state, "tz");
	inc->restricted = model_state_get_str(state, "restricted");
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
	inc->impact = model_state_get_str(state, "impact");
	model_state_read_numbers(inc, state);
	model_state_read_records(inc, state, cause);
	model_state_read_people(inc, state);
	model_state_read_factors(inc, json_object_get(state, "factors"), cause);
	model_state_read_parked(inc, json_object_get(state, "parked"), cause);
	model_state_read_answers(inc, json_object_get(state, "answers"));
	model_state_read_stints(inc, json_object_get(state, "stints"), cause);
	model_state_read_hyps(inc, json_object_get(state, "hypotheses"), cause);
	model_state_read_followups(inc, json_object_get(state, "followups"),
	    cause);
	model_state_index(inc);
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
