/* export-sections.c: the sections of a postmortem, walked once for every
 * document format (Markdown, HTML): the title and facts, key times and
 * durations, summary, impact, roles and command with the briefs handed
 * over, status updates, hypotheses and their fate, the timeline in the
 * order things happened (corrections, strikes and late entries visible),
 * contributing factors, follow-ups, parked thoughts and annotations. A
 * section with nothing to show is left out. Events are put into words by
 * their kind's describer only; all text is handed over raw. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "kind.h"
#include "sitrep.h"
#include "when.h"
#include "xmalloc.h"

/* Open a block. */
static void export_sections_open(struct export_out *o, enum export_block b,
    const char *id)
{
	o->ops->open(o, b, id);
}

/* Close a block. */
static void export_sections_close(struct export_out *o, enum export_block b)
{
	o->ops->close(o, b);
}

/* Raw text. */
static void export_sections_text(struct export_out *o, const char *raw,
    unsigned style)
{
	o->ops->text(o, raw != NULL ? raw : "", style);
}

/* Raw text, then free it. */
static void export_sections_own(struct export_out *o, char *raw,
    unsigned style)
{
	export_sections_text(o, raw, style);
	free(raw);
}

/* A heading. */
static void export_sections_heading(struct export_out *o,
    enum export_block level, const char *raw)
{
	export_out_block(o, level, raw, 0);
}

/* A header row of cells named by a NULL-terminated list. */
static void export_sections_head(struct export_out *o, const char *const *names)
{
	export_sections_open(o, EXPORT_HEADROW, NULL);
	for (; *names != NULL; names++)
		export_out_block(o, EXPORT_TH, *names, 0);
	export_sections_close(o, EXPORT_HEADROW);
}

/* A heading, then a table opened with its header row. */
static void export_sections_table(struct export_out *o, const char *heading,
    const char *const *names)
{
	export_sections_heading(o, EXPORT_H2, heading);
	export_sections_open(o, EXPORT_TABLE, NULL);
	export_sections_head(o, names);
}

/* A data cell with one text (freed). */
static void export_sections_cell(struct export_out *o, char *raw,
    unsigned style)
{
	export_out_block(o, EXPORT_TD, raw != NULL ? raw : "", style);
	free(raw);
}

/* A time of the incident as a new string, "—" for none. */
static char *export_sections_when(struct export_out *o, int64_t ms)
{
	return ms != 0 ? export_doc_when(o->doc, ms) : xstrdup("—");
}

/* A full time with its zone as a new string, "—" for none. */
static char *export_sections_stamp(int64_t ms)
{
	return ms != 0 ? when_format(ms) : xstrdup("—");
}

/* A "label: " in bold, then raw text. */
static void export_sections_fact(struct export_out *o, const char *label,
    char *raw)
{
	export_sections_open(o, EXPORT_ITEM, NULL);
	export_out_printf(o, EXPORT_STRONG, "%s:", label);
	export_sections_text(o, " ", 0);
	export_sections_own(o, raw, 0);
	export_sections_close(o, EXPORT_ITEM);
}

/* The zone line: which zone every time is in. */
static char *export_sections_zone(const struct export_doc *d)
{
	const char *own = model_zone(d->inc);

	if (strcmp(own, d->zone) == 0)
		return xasprintf("%s; every time in this document is in %s",
		    d->zone, d->zone);
	return xasprintf("%s; every time in this document is in %s (the "
	    "incident's own zone is %s)", d->zone, d->zone, own);
}

/* The title, the drill marker and the facts. */
static void export_sections_title(struct export_out *o)
{
	const struct model_incident *inc = o->doc->inc;
	char *s = xasprintf("%s: %s", inc->ref, inc->title);

	export_sections_heading(o, EXPORT_H1, s);
	free(s);
	if (inc->drill) {
		export_sections_open(o, EXPORT_P, NULL);
		export_sections_text(o, "DRILL", EXPORT_STRONG | EXPORT_ALERT);
		export_sections_text(o, " — a rehearsal, not a real "
		    "incident; "
		    "it is left out of metrics.", 0);
		export_sections_close(o, EXPORT_P);
	}
	export_sections_open(o, EXPORT_LIST, NULL);
	export_sections_fact(o, "Severity", xasprintf("SEV%d", inc->severity));
	export_sections_fact(o, "Status", xstrdup(model_status_name(
	    inc->status)));
	export_sections_fact(o, "Incident commander", xstrdup(inc->ic ?
	    inc->ic : "—"));
	s = export_sections_stamp(inc->marks[MARK_DECLARED]);
	export_sections_fact(o, "Declared", xasprintf("%s by %s", s,
	    inc->declared_by ? inc->declared_by : "—"));
	free(s);
	export_sections_fact(o, "Time zone", export_sections_zone(o->doc));
	s = export_sections_stamp(o->doc->now);
	export_sections_fact(o, "Exported", xasprintf("%s by sitrep %s, "
	    "from %zu events", s, SITREP_VERSION, inc->nevents));
	free(s);
	export_sections_close(o, EXPORT_LIST);
}

/* The key instants. */
static void export_sections_marks(struct export_out *o)
{
	static const char *const head[] = { "Mark", "When", NULL };
	const struct model_incident *inc = o->doc->inc;
	int m;

	export_sections_open(o, EXPORT_TABLE, NULL);
	export_sections_head(o, head);
	for (m = 0; m < MARK_COUNT; m++) {
		export_sections_open(o, EXPORT_ROW, NULL);
		export_sections_cell(o, xstrdup(model_mark_name(m)), 0);
		export_sections_cell(o, export_sections_stamp(inc->marks[m]),
		    0);
		export_sections_close(o, EXPORT_ROW);
	}
	export_sections_close(o, EXPORT_TABLE);
}

/* The durations, each with its definition, or n/a and why. */
static void export_sections_durations(struct export_out *o)
{
	static const char *const head[] = { "Duration", "Length", "Definition",
	    NULL };
	struct model_span sp;
	int d;

	export_sections_open(o, EXPORT_TABLE, NULL);
	export_sections_head(o, head);
	for (d = 0; d < DUR_COUNT; d++) {
		model_duration(o->doc->inc, (enum model_duration)d, &sp);
		export_sections_open(o, EXPORT_ROW, NULL);
		export_sections_cell(o, xstrdup(model_duration_name(d)), 0);
		export_sections_cell(o, sp.ms >= 0 ?
		    when_format_duration(sp.ms) : xasprintf("n/a: %s", sp.na),
		    sp.ms >= 0 ? EXPORT_STRONG : 0);
		export_sections_cell(o, xstrdup(model_duration_definition(d)),
		    EXPORT_MUTED);
		export_sections_close(o, EXPORT_ROW);
	}
	export_sections_close(o, EXPORT_TABLE);
}

/* Key times, the drawn axis, durations. */
static void export_sections_times(struct export_out *o)
{
	export_sections_heading(o, EXPORT_H2, "Key times");
	export_sections_marks(o);
	if (o->ops->axis != NULL)
		o->ops->axis(o);
	export_sections_durations(o);
}

/* The summary in force, and the impact (the summary's, else the last
 * status update's). */
static void export_sections_summary(struct export_out *o)
{
	const struct model_incident *inc = o->doc->inc;
	const struct event *sum = export_doc_event(o->doc, inc->summary_seq);
	const char *impact = sum != NULL ? event_str(sum, "impact") : NULL;
	char *at;

	if (inc->summary != NULL) {
		export_sections_heading(o, EXPORT_H2, "Summary");
		export_out_block(o, EXPORT_P, inc->summary, 0);
	}
	if (impact == NULL && inc->last_update.seq == 0)
		return;
	export_sections_heading(o, EXPORT_H2, "Impact");
	if (impact != NULL) {
		export_out_block(o, EXPORT_P, impact, 0);
		return;
	}
	export_sections_open(o, EXPORT_P, NULL);
	export_sections_text(o, inc->last_update.impact, 0);
	at = export_doc_when(o->doc, inc->last_update.at);
	export_out_printf(o, EXPORT_MUTED, " (from the last status update, "
	    "%s, confidence %s)", at,
	    model_confidence_name(inc->last_update.confidence));
	free(at);
	export_sections_close(o, EXPORT_P);
}

/* The answers to the analysis's questions (what went well, what went
 * wrong, where we got lucky, …), each under its question. */
static void export_sections_answers(struct export_out *o)
{
	const struct model_incident *inc = o->doc->inc;
	size_t k, n = 0;

	for (k = 0; k < ANS_COUNT; k++) {
		if (inc->answers[k].seq == 0 || inc->answers[k].text == NULL)
			continue;
		if (n++ == 0)
			export_sections_heading(o, EXPORT_H2, "Analysis");
		export_sections_heading(o, EXPORT_H3,
		    model_answer_question((enum model_answer_key)k));
		export_out_block(o, EXPORT_P, inc->answers[k].text, 0);
	}
}

/* How a commander's stint began. */
static const char *export_sections_how(const struct model_incident *inc,
    const struct model_stint *st)
{
	if (st->seq == inc->first_seq)
		return "declared the incident";
	return st->brief != NULL ? "accepted a handoff" :
	    "relieved the commander";
}

/* One row of role history. */
static void export_sections_stint(struct export_out *o,
    const struct model_stint *st)
{
	char seq[32];

	snprintf(seq, sizeof seq, "e%" PRId64, st->seq);
	export_sections_open(o, EXPORT_ROW, NULL);
	if (st->role == ROLE_COMMANDER)
		export_sections_cell(o, xstrdup(st->user), EXPORT_STRONG);
	else {
		export_sections_cell(o, xstrdup(model_role_name(st->role)), 0);
		export_sections_cell(o, xstrdup(st->user), 0);
	}
	export_sections_cell(o, export_sections_when(o, st->from), 0);
	export_sections_cell(o, st->to ? export_sections_when(o, st->to) :
	    xstrdup("the end"), 0);
	if (st->role == ROLE_COMMANDER)
		export_sections_cell(o, xstrdup(export_sections_how(o->doc->inc,
		    st)), 0);
	export_sections_close(o, EXPORT_ROW);
}

/* The stints of the commander (commander 1) or of the other roles. */
static size_t export_sections_stints(struct export_out *o, int commander)
{
	static const char *const ic[] = { "Commander", "From", "To", "How",
	    NULL };
	static const char *const roles[] = { "Role", "Who", "From", "To",
	    NULL };
	const struct model_incident *inc = o->doc->inc;
	size_t i, n = 0;

	for (i = 0; i < inc->nstints; i++) {
		if ((inc->stints[i].role == ROLE_COMMANDER) != commander)
			continue;
		if (n++ == 0) {
			export_sections_open(o, EXPORT_TABLE, NULL);
			export_sections_head(o, commander ? ic : roles);
		}
		export_sections_stint(o, &inc->stints[i]);
	}
	if (n > 0)
		export_sections_close(o, EXPORT_TABLE);
	return n;
}

/* The briefs accepted with command, quoted. */
static void export_sections_briefs(struct export_out *o)
{
	const struct model_incident *inc = o->doc->inc;
	const struct model_stint *st;
	char *at;
	size_t i;

	for (i = 0; i < inc->nstints; i++) {
		st = &inc->stints[i];
		if (st->role != ROLE_COMMANDER || st->brief == NULL)
			continue;
		at = export_doc_when(o->doc, st->from);
		export_sections_open(o, EXPORT_P, NULL);
		export_out_printf(o, EXPORT_STRONG, "The brief %s accepted at "
		    "%s:", st->user, at);
		export_sections_close(o, EXPORT_P);
		export_out_block(o, EXPORT_QUOTE, st->brief, 0);
		free(at);
	}
}

/* "14:07 alice: " before an event's words. */
static void export_sections_who(struct export_out *o, const struct event *ev)
{
	char *at = export_doc_when(o->doc, export_event_when(ev));

	export_out_printf(o, EXPORT_MUTED, "%s %s:", at, ev->actor ?
	    ev->actor : "—");
	export_sections_text(o, " ", 0);
	free(at);
}

/* Every handoff event: offers, answers, withdrawals, reliefs. */
static void export_sections_handoffs(struct export_out *o)
{
	const struct export_doc *d = o->doc;
	size_t i, n = 0;

	for (i = 0; i < d->nbyt; i++) {
		if (!kind_is(d->byt[i]->kind, KIND_HANDOFF))
			continue;
		if (n++ == 0) {
			export_sections_heading(o, EXPORT_H3, "Handoffs");
			export_sections_open(o, EXPORT_LIST, NULL);
		}
		export_sections_open(o, EXPORT_ITEM, NULL);
		export_sections_who(o, d->byt[i]);
		export_sections_own(o, export_doc_describe(d, d->byt[i]), 0);
		export_sections_close(o, EXPORT_ITEM);
	}
	if (n > 0)
		export_sections_close(o, EXPORT_LIST);
}

/* Who held command and the other roles, handoffs and their briefs. */
static void export_sections_roles(struct export_out *o)
{
	export_sections_heading(o, EXPORT_H2, "Roles and command");
	export_sections_heading(o, EXPORT_H3, "Incident commanders");
	export_sections_stints(o, 1);
	export_sections_briefs(o);
	export_sections_handoffs(o);
	export_sections_heading(o, EXPORT_H3, "Other roles");
	if (export_sections_stints(o, 0) == 0)
		export_out_block(o, EXPORT_P, "Nobody held another role.", 0);
}

/* One labelled field of a status update, when it has text. */
static void export_sections_field(struct export_out *o, const char *label,
    const char *raw)
{
	if (raw == NULL || *raw == '\0')
		return;
	export_sections_open(o, EXPORT_ITEM, NULL);
	export_out_printf(o, EXPORT_STRONG, "%s:", label);
	export_sections_text(o, " ", 0);
	export_sections_text(o, raw, 0);
	export_sections_close(o, EXPORT_ITEM);
}

/* A strike of ev, said after it: " — struck at 14:32 by bob: reason". */
static void export_sections_struck(struct export_out *o,
    const struct event *ev)
{
	const struct event *fix = export_doc_fix(o->doc, EV_STRIKE, ev->seq);
	char *at;

	if (fix == NULL)
		return;
	at = export_doc_when(o->doc, export_event_when(fix));
	export_out_printf(o, EXPORT_EM, " — struck at %s by %s: ", at,
	    fix->actor ? fix->actor : "—");
	export_sections_text(o, event_str(fix, "reason"), EXPORT_EM);
	free(at);
}

/* The heading of one status update. */
static void export_sections_update_head(struct export_out *o,
    const struct event *ev)
{
	char *at = export_doc_when(o->doc, export_event_when(ev));
	const char *conf = event_str(ev, "confidence");
	const char *aud = event_str(ev, "audience");
	char *s = xasprintf("%s — %s, %s, by %s", at, conf ? conf : "?",
	    aud ? aud : "internal", ev->actor ? ev->actor : "—");

	export_sections_heading(o, EXPORT_H3, s);
	free(s);
	free(at);
}

/* One status update: what was known, not known yet, how sure. */
static void export_sections_update(struct export_out *o,
    const struct event *ev)
{
	const char *unknown = event_str(ev, "unknown");
	const struct model_entry *e = model_entry_find(o->doc->inc, ev->seq);
	char *next;

	export_sections_update_head(o, ev);
	if (e != NULL && e->struck) {
		export_sections_open(o, EXPORT_P, NULL);
		export_sections_text(o, "This update was retracted.",
		    EXPORT_EM);
		export_sections_struck(o, ev);
		export_sections_close(o, EXPORT_P);
	}
	export_sections_open(o, EXPORT_LIST, NULL);
	export_sections_field(o, "Impact", event_str(ev, "impact"));
	export_sections_field(o, "Known", event_str(ev, "known"));
	export_sections_field(o, "Not known yet", unknown != NULL &&
	    *unknown != '\0' ? unknown : "nothing (confirmed)");
	export_sections_field(o, "Being done", event_str(ev, "actions"));
	export_sections_field(o, "Needs", event_str(ev, "needs"));
	next = event_int(ev, "next_at") > 0 ? export_doc_when(o->doc,
	    event_int(ev, "next_at")) : NULL;
	export_sections_field(o, "Next update due", next);
	free(next);
	export_sections_close(o, EXPORT_LIST);
}

/* Every status update, in the order they were given. */
static void export_sections_updates(struct export_out *o)
{
	const struct export_doc *d = o->doc;
	size_t i, n = 0;

	for (i = 0; i < d->nbyt; i++) {
		if (d->byt[i]->kind != EV_UPDATE)
			continue;
		if (n++ == 0)
			export_sections_heading(o, EXPORT_H2, "Status updates");
		export_sections_update(o, d->byt[i]);
	}
}

/* The moves of hypothesis h after it was opened: "investigating at
 * 14:33; ruled-out at 14:36 (note)". */
static void export_sections_moves(struct export_out *o,
    const struct model_hypothesis *h)
{
	const struct export_doc *d = o->doc;
	const struct event *ev;
	const char *note;
	char *at;
	size_t i;

	at = export_doc_when(d, export_event_when(export_doc_event(d, h->seq)));
	export_out_printf(o, 0, "opened at %s by %s", at, h->by ? h->by :
	    "—");
	free(at);
	for (i = 0; i < d->nbyt; i++) {
		ev = d->byt[i];
		if (ev->kind != EV_HYP_SET || event_int(ev, "id") != h->id)
			continue;
		at = export_doc_when(d, export_event_when(ev));
		export_out_printf(o, 0, "; %s at %s", event_str(ev, "state") ?
		    event_str(ev, "state") : "?", at);
		free(at);
		if ((note = event_str(ev, "note")) != NULL) {
			export_sections_text(o, " (", 0);
			export_sections_text(o, note, 0);
			export_sections_text(o, ")", 0);
		}
	}
}

/* One hypothesis: its number, text, fate and how it got there. */
static void export_sections_hyp(struct export_out *o,
    const struct model_hypothesis *h)
{
	char id[32], label[32];

	snprintf(id, sizeof id, "e%" PRId64, h->seq);
	snprintf(label, sizeof label, "H%d", h->id);
	export_sections_open(o, EXPORT_ROW, NULL);
	export_sections_open(o, EXPORT_TD, NULL);
	o->ops->link(o, id, label);
	export_sections_close(o, EXPORT_TD);
	export_sections_cell(o, xstrdup(h->text), h->struck ? EXPORT_STRIKE :
	    0);
	export_sections_cell(o, h->struck ? xasprintf("%s (struck)",
	    model_hyp_state_name(h->state)) : xstrdup(model_hyp_state_name(
	    h->state)), EXPORT_STRONG);
	export_sections_open(o, EXPORT_TD, NULL);
	export_sections_moves(o, h);
	export_sections_close(o, EXPORT_TD);
	export_sections_close(o, EXPORT_ROW);
}

/* The hypotheses and their fate. */
static void export_sections_hyps(struct export_out *o)
{
	static const char *const head[] = { "", "Hypothesis", "Fate",
	    "History", NULL };
	const struct model_incident *inc = o->doc->inc;
	size_t i;

	if (inc->nhyps == 0)
		return;
	export_sections_table(o, "Hypotheses", head);
	for (i = 0; i < inc->nhyps; i++)
		export_sections_hyp(o, &inc->hyps[i]);
	export_sections_close(o, EXPORT_TABLE);
}

/* An event's refs and tags, raw: " [deploy:4711] #checkout". */
static void export_sections_refs(struct export_out *o, const struct event *ev)
{
	json_t *item;
	size_t i;

	json_array_foreach(ev->refs, i, item)
		export_out_printf(o, EXPORT_MUTED, "%s%s%s", i == 0 ? " [" :
		    " ", json_string_value(item), i + 1 ==
		    json_array_size(ev->refs) ? "]" : "");
	json_array_foreach(ev->tags, i, item)
		export_out_printf(o, EXPORT_MUTED, " #%s",
		    json_string_value(item));
}

/* The amendments of ev, each in its own words. */
static void export_sections_amends(struct export_out *o,
    const struct event *ev)
{
	const struct export_fix *f;
	char *at;
	size_t i, n;

	f = export_doc_fixes(o->doc, ev->seq, &n);
	for (i = 0; i < n; i++) {
		if (f[i].ev->kind != EV_AMEND)
			continue;
		at = export_doc_when(o->doc, export_event_when(f[i].ev));
		export_out_printf(o, EXPORT_EM, " — amended at %s by %s: ",
		    at, f[i].ev->actor ? f[i].ev->actor : "—");
		export_sections_own(o, export_doc_describe(o->doc, f[i].ev),
		    EXPORT_EM);
		free(at);
	}
}

/* The "what" cell of a timeline row: marker, words, refs, corrections,
 * and when it was recorded late. */
static void export_sections_what(struct export_out *o, const struct event *ev)
{
	const struct model_entry *e = model_entry_find(o->doc->inc, ev->seq);
	char *rec;

	export_sections_open(o, EXPORT_TD, NULL);
	export_out_printf(o, EXPORT_STRONG, "%s", kind_marker(ev));
	export_sections_text(o, " ", 0);
	export_sections_own(o, export_doc_describe(o->doc, ev),
	    e != NULL && e->struck ? EXPORT_STRIKE : 0);
	export_sections_refs(o, ev);
	if (e != NULL && e->struck)
		export_sections_struck(o, ev);
	export_sections_amends(o, ev);
	if (e != NULL && e->late) {
		rec = export_doc_when(o->doc, ev->recorded_at);
		export_out_printf(o, EXPORT_EM, " (recorded late, at %s)", rec);
		free(rec);
	}
	export_sections_close(o, EXPORT_TD);
}

/* One row of the timeline. */
static void export_sections_row(struct export_out *o, const struct event *ev)
{
	char id[32];

	snprintf(id, sizeof id, "e%" PRId64, ev->seq);
	export_sections_open(o, EXPORT_ROW, id);
	export_sections_cell(o, xasprintf("#%" PRId64, ev->seq), EXPORT_MUTED);
	export_sections_cell(o, export_doc_when(o->doc, export_event_when(ev)),
	    0);
	export_sections_cell(o, xstrdup(ev->actor ? ev->actor : "—"), 0);
	export_sections_what(o, ev);
	export_sections_close(o, EXPORT_ROW);
}

/* The timeline in the order things happened. */
static void export_sections_timeline(struct export_out *o)
{
	static const char *const head[] = { "", "When", "Who", "What", NULL };
	size_t i;

	export_sections_heading(o, EXPORT_H2, "Timeline");
	export_out_block(o, EXPORT_P, "In the order things happened. "
	    "Corrections stand beside the entries they correct; struck entries "
	    "stay, struck through.", EXPORT_MUTED);
	export_sections_open(o, EXPORT_TABLE, NULL);
	export_sections_head(o, head);
	for (i = 0; i < o->doc->nbyt; i++)
		export_sections_row(o, o->doc->byt[i]);
	export_sections_close(o, EXPORT_TABLE);
}

/* Links to the timeline entries a factor names (body.entries). */
static void export_sections_links(struct export_out *o,
    const struct event *ev)
{
	json_t *entries = json_object_get(ev->body, "entries"), *item;
	char id[32], label[32];
	size_t i, n = 0;

	json_array_foreach(entries, i, item) {
		if (!json_is_integer(item))
			continue;
		snprintf(id, sizeof id, "e%" JSON_INTEGER_FORMAT,
		    json_integer_value(item));
		snprintf(label, sizeof label, "#%" JSON_INTEGER_FORMAT,
		    json_integer_value(item));
		export_sections_text(o, n++ == 0 ? " — see " : ", ", 0);
		o->ops->link(o, id, label);
	}
}

/* One contributing factor: its words, category, linked entries. */
static void export_sections_factor(struct export_out *o,
    const struct event *ev)
{
	const struct model_incident *inc = o->doc->inc;
	const struct model_entry *e = model_entry_find(inc, ev->seq);
	const char *category = event_str(ev, "category");
	size_t i;
	int struck = e != NULL && e->struck;

	export_sections_open(o, EXPORT_ITEM, NULL);
	if (category != NULL) {
		export_out_printf(o, EXPORT_STRONG, "%s:", category);
		export_sections_text(o, " ", 0);
	}
	/* The factor as the model keeps it (its number, its current
	 * words); the category and the entries are written here. */
	for (i = 0; i < inc->nfactors && inc->factors[i].seq != ev->seq; i++)
		continue;
	if (i < inc->nfactors)
		export_sections_own(o, xasprintf("C%d: %s",
		    inc->factors[i].id, inc->factors[i].text), struck ?
		    EXPORT_STRIKE : 0);
	else
		export_sections_own(o, export_doc_describe(o->doc, ev),
		    struck ? EXPORT_STRIKE : 0);
	export_sections_links(o, ev);
	if (struck)
		export_sections_struck(o, ev);
	export_sections_close(o, EXPORT_ITEM);
}

/* Every analysis event of kind as a list under a heading; each item
 * through fn. */
static void export_sections_kind(struct export_out *o, enum event_kind kind,
    const char *heading, void (*fn)(struct export_out *,
    const struct event *))
{
	const struct export_doc *d = o->doc;
	size_t i, n = 0;

	for (i = 0; i < d->nevs; i++) {
		if (d->evs[i]->kind != kind || kind_dismissal(d->evs[i]))
			continue;
		if (n++ == 0) {
			export_sections_heading(o, EXPORT_H2, heading);
			export_sections_open(o, EXPORT_LIST, NULL);
		}
		fn(o, d->evs[i]);
	}
	if (n > 0)
		export_sections_close(o, EXPORT_LIST);
}

/* One follow-up row; past due ones say so. */
static void export_sections_followup(struct export_out *o,
    const struct model_followup *f)
{
	int late = export_doc_past_due(o->doc, f);

	export_sections_open(o, EXPORT_ROW, NULL);
	export_sections_cell(o, xasprintf("F%d", f->id), 0);
	export_sections_cell(o, xstrdup(f->text), f->struck ? EXPORT_STRIKE :
	    0);
	export_sections_cell(o, xstrdup(f->owner ? f->owner : "no owner"),
	    f->owner ? 0 : EXPORT_ALERT);
	export_sections_cell(o, f->due ? when_format_stamp(f->due, 1) :
	    xstrdup("—"), late ? EXPORT_ALERT : 0);
	export_sections_open(o, EXPORT_TD, NULL);
	export_sections_text(o, model_followup_state_name(f->state),
	    f->struck ? EXPORT_STRIKE : 0);
	if (late)
		export_sections_text(o, " — past due", EXPORT_STRONG |
		    EXPORT_ALERT);
	if (f->struck)
		export_sections_text(o, " (struck)", EXPORT_EM);
	export_sections_close(o, EXPORT_TD);
	export_sections_close(o, EXPORT_ROW);
}

/* The follow-ups as a table. */
static void export_sections_followups(struct export_out *o)
{
	static const char *const head[] = { "", "Action", "Owner", "Due",
	    "State", NULL };
	const struct model_incident *inc = o->doc->inc;
	size_t i;

	if (inc->nfollowups == 0)
		return;
	export_sections_table(o, "Follow-ups", head);
	for (i = 0; i < inc->nfollowups; i++)
		export_sections_followup(o, &inc->followups[i]);
	export_sections_close(o, EXPORT_TABLE);
}

/* One parked thought. */
static void export_sections_parked(struct export_out *o,
    const struct event *ev)
{
	const struct model_parked *p = model_parked_find(o->doc->inc,
	    ev->seq);
	const struct event *why;
	char id[32];

	snprintf(id, sizeof id, "e%" PRId64, ev->seq);
	export_sections_open(o, EXPORT_ITEM, id);
	export_sections_who(o, ev);
	export_sections_own(o, export_doc_describe(o->doc, ev), 0);
	/* Its triage in the analysis. */
	if (p != NULL && p->triage == TRIAGE_FACTOR)
		export_out_printf(o, EXPORT_EM, " — became factor C%d",
		    p->into);
	else if (p != NULL && p->triage == TRIAGE_FOLLOWUP)
		export_out_printf(o, EXPORT_EM, " — became follow-up F%d",
		    p->into);
	else if (p != NULL && p->triage == TRIAGE_DISMISSED) {
		why = export_doc_event(o->doc, p->triage_seq);
		export_sections_text(o, " ", 0);
		export_sections_own(o, why != NULL && event_str(why, "text") !=
		    NULL ? xasprintf("— dismissed: %s", event_str(why,
		    "text")) : xstrdup("— dismissed"), EXPORT_EM);
	}
	export_sections_close(o, EXPORT_ITEM);
}

/* One annotation, linked to the entry it is about. */
static void export_sections_annotation(struct export_out *o,
    const struct event *ev)
{
	char id[32], label[32];

	snprintf(id, sizeof id, "e%" PRId64, ev->target);
	snprintf(label, sizeof label, "#%" PRId64, ev->target);
	export_sections_open(o, EXPORT_ITEM, NULL);
	o->ops->link(o, id, label);
	export_sections_text(o, " ", 0);
	export_sections_who(o, ev);
	export_sections_own(o, export_doc_describe(o->doc, ev), 0);
	export_sections_close(o, EXPORT_ITEM);
}

/* Where the record comes from, and how to check it. */
static void export_sections_record(struct export_out *o)
{
	const struct export_doc *d = o->doc;
	char hex[65];
	size_t i;

	if (d->nevs == 0)
		return;
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", d->evs[d->nevs - 1]->hash[i]);
	export_sections_heading(o, EXPORT_H2, "The record");
	export_sections_open(o, EXPORT_P, NULL);
	export_out_printf(o, EXPORT_MUTED, "This document was made from events "
	    "#%" PRId64 " to #%" PRId64 " of the incident's sitrep store. The "
	    "chain hash of the last one is %s; sitrep verify checks the "
	    "store's chain.", d->evs[0]->seq, d->evs[d->nevs - 1]->seq, hex);
	export_sections_close(o, EXPORT_P);
}

/* Every section, in order. */
void export_sections(struct export_out *o)
{
	o->ops->begin(o);
	export_sections_title(o);
	export_sections_times(o);
	export_sections_summary(o);
	export_sections_answers(o);
	export_sections_roles(o);
	export_sections_updates(o);
	export_sections_hyps(o);
	export_sections_timeline(o);
	export_sections_kind(o, EV_FACTOR, "Contributing factors",
	    export_sections_factor);
	export_sections_followups(o);
	export_sections_kind(o, EV_PARK, "Parked thoughts",
	    export_sections_parked);
	export_sections_kind(o, EV_ANNOTATION, "Annotations",
	    export_sections_annotation);
	export_sections_record(o);
	o->ops->end(o);
}
