/* ui-analysis.c: the analysis view (key 5). During recovery it says when
 * the analysis opens and counts the parked thoughts. Once the incident is
 * resolved it is the workspace: what closing still needs (in the words of
 * the rule, model_close_needs), the summary and impact, the questions and
 * their answers, the contributing factors by category with the entries
 * that show them, the follow-ups, the parked thoughts and what became of
 * each, the hindsight annotations, the key times and the durations. Each
 * of those is an item: j and k select one, and the keys of the analysis
 * keymap act on it (ui-keys.c); the forms are ui-analysis-form.c. */
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "when.h"
#include "xmalloc.h"
#include "ui.h"

/* The view being built: its lines and items. */
struct ui_analysis_build {
	struct ui *ui;
	struct ui_lines *l;
	struct model_incident *inc;
	struct ui_analysis_item *items;
	size_t nitems;
	int dated;             /* times carry their date */
};

/* An item starts at the next line. */
static void ui_analysis_item(struct ui_analysis_build *b,
    enum ui_analysis_kind kind, int64_t key, int64_t sub)
{
	struct ui_analysis_item *it;

	b->items = xreallocarray(b->items, b->nitems + 1, sizeof *b->items);
	it = &b->items[b->nitems++];
	it->kind = kind;
	it->key = key;
	it->sub = sub;
	it->first = b->l->n;
	it->last = b->l->n;
}

/* The item begun last ends after the lines added since. */
static void ui_analysis_item_end(struct ui_analysis_build *b)
{
	b->items[b->nitems - 1].last = b->l->n;
}

/* A time as the view shows it (with its date when the incident spans
 * days or is not from today); new string. */
static char *ui_analysis_time(struct ui_analysis_build *b, int64_t ms)
{
	return when_format_stamp(ms, b->dated);
}

/* A due date as the view and the forms show it: its date, and its time
 * unless midnight ("2026-12-01", "2026-12-01 17:00"); new string. */
char *ui_analysis_due(int64_t due)
{
	char *s = when_format_stamp(due, 1);
	size_t n = strlen(s);

	if (n > 6 && strcmp(s + n - 6, " 00:00") == 0)
		s[n - 6] = '\0';
	return s;
}

/* A section's title, a blank line before it. */
static void ui_analysis_title(struct ui_analysis_build *b, const char *title)
{
	ui_views_lines_add(b->l, A_NORMAL, "%s", "");
	ui_views_lines_add(b->l, A_BOLD, "%s", title);
}

/* During recovery: when the analysis opens, and the parked count. */
static void ui_analysis_locked(struct ui_analysis_build *b)
{
	ui_views_lines_add(b->l, ui_attr(b->ui, UI_PAIR_WARN, A_BOLD),
	    "The analysis opens when %s is resolved.", b->inc->ref);
	ui_views_lines_add(b->l, A_NORMAL, "Recovery first: thoughts about "
	    "causes are parked (:park TEXT) and wait here for the triage; %zu "
	    "parked so far.", b->inc->nparked);
}

/* Where the incident stands in the analysis, and a drill said so. */
static void ui_analysis_state(struct ui_analysis_build *b)
{
	const struct model_incident *inc = b->inc;

	if (inc->status == ST_RESOLVED)
		ui_views_lines_add(b->l, A_BOLD, "%s is resolved: the analysis "
		    "is open. The commander's :status analysis starts it; the "
		    "incident closes from there.", inc->ref);
	else if (inc->status == ST_ANALYSIS)
		ui_views_lines_add(b->l, A_BOLD, "%s is in the analysis: record "
		    "what made it possible, what follows, then close it.",
		    inc->ref);
	else
		ui_views_lines_add(b->l, A_BOLD, "%s is closed: this is its "
		    "record. :status analysis --reason TEXT takes it back for "
		    "late hindsight.", inc->ref);
	if (inc->drill)
		ui_views_lines_add(b->l, ui_attr(b->ui, UI_PAIR_DRILL, A_REVERSE),
		    "DRILL: a rehearsal, marked everywhere and left out of "
		    "metrics.");
}

/* What closing still needs, item by item (the rule's own words). */
static void ui_analysis_closing(struct ui_analysis_build *b)
{
	char *needs[MODEL_CLOSE_NEEDS];
	size_t i, n = model_close_needs(b->inc, needs);
	int resolved = b->inc->status == ST_RESOLVED;

	if (b->inc->status == ST_CLOSED)
		return;
	if (n == 0)
		ui_views_lines_add(b->l, ui_attr(b->ui, UI_PAIR_OK, A_BOLD),
		    "Nothing is missing to close: %s", resolved ? ":status "
		    "analysis, then :status closed." : ":status closed closes "
		    "it.");
	else
		ui_views_lines_add(b->l, ui_attr(b->ui, UI_PAIR_WARN, A_BOLD),
		    "Closing needs:");
	for (i = 0; i < n; i++) {
		ui_views_lines_add(b->l, A_NORMAL, "  - %s", needs[i]);
		free(needs[i]);
	}
	if (n > 0 && resolved)
		ui_views_lines_add(b->l, A_NORMAL, "  - the analysis status "
		    "first (:status analysis)");
}

/* The summary and the impact: one item. */
static void ui_analysis_summary(struct ui_analysis_build *b)
{
	const struct model_incident *inc = b->inc;

	ui_analysis_title(b, "Summary and impact (s writes them)");
	ui_analysis_item(b, UI_AN_SUMMARY, 0, 0);
	if (inc->summary != NULL)
		ui_views_lines_add(b->l, A_NORMAL, "  Summary: %s",
		    inc->summary);
	else
		ui_views_lines_add(b->l, A_DIM, "  Summary: not written yet");
	if (inc->impact != NULL)
		ui_views_lines_add(b->l, A_NORMAL, "  Impact:  %s", inc->impact);
	else
		ui_views_lines_add(b->l, A_DIM, "  Impact:  not written yet "
		    "(what users saw, for how long, how many)");
	ui_analysis_item_end(b);
}

/* The questions, each with its answer or as not answered yet. */
static void ui_analysis_questions(struct ui_analysis_build *b)
{
	const struct model_answer *ans;
	int k;

	ui_analysis_title(b, "Questions (e answers the selected one)");
	for (k = 0; k < ANS_COUNT; k++) {
		ans = &b->inc->answers[k];
		ui_analysis_item(b, UI_AN_QUESTION, k, 0);
		if (ans->text != NULL)
			ui_views_lines_add(b->l, A_NORMAL, "  %s %s",
			    model_answer_question(k), ans->text);
		else
			ui_views_lines_add(b->l, A_DIM, "  %s not answered yet",
			    model_answer_question(k));
		ui_analysis_item_end(b);
	}
}

/* One entry a factor links to: its row when the timeline keeps it. */
static void ui_analysis_entry(struct ui_analysis_build *b, int factor,
    int64_t seq)
{
	const struct ui_row *row = ui_timeline_row_find(b->ui, seq);
	char *at;

	ui_analysis_item(b, UI_AN_ENTRY, factor, seq);
	if (row == NULL)
		ui_views_lines_add(b->l, A_DIM, "        #%lld (t shows it in the "
		    "timeline)", (long long)seq);
	else {
		at = ui_analysis_time(b, row->occurred_at);
		ui_views_lines_add(b->l, A_DIM, "        #%lld %s %s %s %s",
		    (long long)seq, at, row->actor, row->marker, row->text);
		free(at);
	}
	ui_analysis_item_end(b);
}

/* One contributing factor and the entries that show it. */
static void ui_analysis_factor(struct ui_analysis_build *b,
    const struct model_factor *f)
{
	size_t i;

	ui_analysis_item(b, UI_AN_FACTOR, f->id, 0);
	ui_views_lines_add(b->l, f->struck ? A_DIM : A_NORMAL, "    C%d %s%s",
	    f->id, f->text, f->struck ? " [struck]" : "");
	ui_analysis_item_end(b);
	for (i = 0; i < f->nentries; i++)
		ui_analysis_entry(b, f->id, f->entries[i]);
}

/* Contributing factors by category (those without one last). */
static void ui_analysis_factors(struct ui_analysis_build *b)
{
	const struct model_incident *inc = b->inc;
	size_t i, n;
	int c, cat;

	ui_analysis_title(b, "Contributing factors (c adds one; t shows its "
	    "entries)");
	if (inc->nfactors == 0)
		ui_views_lines_add(b->l, A_DIM, "  none yet");
	for (c = 0; c < CAT_COUNT; c++) {
		cat = (c + 1) % CAT_COUNT;
		for (i = 0, n = 0; i < inc->nfactors; i++) {
			if ((int)inc->factors[i].category != cat)
				continue;
			if (n++ == 0)
				ui_views_lines_add(b->l, A_BOLD, "  %s", cat ?
				    model_category_name(cat) : "(no category)");
			ui_analysis_factor(b, &inc->factors[i]);
		}
	}
}

/* One follow-up: state and text, then owner, due and factor. */
static void ui_analysis_followup(struct ui_analysis_build *b,
    const struct model_followup *f, int64_t now)
{
	int late = model_followup_past_due(f, now);
	char *due = f->due ? ui_analysis_due(f->due) : xstrdup("none");
	char *factor = f->factor ? xasprintf(" · addresses C%d", f->factor) :
	    xstrdup("");
	attr_t a = f->struck ? A_DIM : A_NORMAL;

	ui_analysis_item(b, UI_AN_FOLLOWUP, f->id, 0);
	ui_views_lines_add(b->l, a, "  F%d %s: %s%s", f->id,
	    model_followup_state_name(f->state), f->text, f->struck ?
	    " [struck]" : "");
	ui_views_lines_add(b->l, late ? ui_attr(b->ui, UI_PAIR_ALERT, A_BOLD |
	    A_REVERSE) : a, "      owner: %s · due: %s%s%s", f->owner ?
	    f->owner : "none (closing needs one)", due, factor, late ?
	    "  PAST DUE" : "");
	if (f->note != NULL)
		ui_views_lines_add(b->l, A_DIM, "      note: %s", f->note);
	ui_analysis_item_end(b);
	free(factor);
	free(due);
}

/* The follow-ups, past-due ones standing out. */
static void ui_analysis_followups(struct ui_analysis_build *b)
{
	int64_t now = when_now();
	size_t i, late = 0;
	char *title;

	for (i = 0; i < b->inc->nfollowups; i++)
		late += model_followup_past_due(&b->inc->followups[i], now);
	title = late > 0 ? xasprintf("Follow-ups, %zu PAST DUE (a adds one; e "
	    "changes the selected one)", late) : xstrdup("Follow-ups (a adds "
	    "one; e changes the selected one)");
	ui_analysis_title(b, title);
	free(title);
	if (b->inc->nfollowups == 0)
		ui_views_lines_add(b->l, A_DIM, "  none yet");
	for (i = 0; i < b->inc->nfollowups; i++)
		ui_analysis_followup(b, &b->inc->followups[i], now);
}

/* The annotation that dismissed the parked thought seq, or NULL. */
static const struct ui_logitem *ui_analysis_dismissal(struct ui *ui,
    int64_t seq)
{
	size_t i;

	for (i = 0; i < ui->nannotations; i++) {
		if (ui->annotations[i].target == seq &&
		    json_object_get(ui->annotations[i].body, "triage") != NULL)
			return &ui->annotations[i];
	}
	return NULL;
}

/* What became of a parked thought, in words; new string. */
static char *ui_analysis_fate(struct ui *ui, const struct model_parked *p)
{
	const struct ui_logitem *why;
	const char *text;

	if (p->struck)
		return xstrdup("struck");
	switch (p->triage) {
	case TRIAGE_FACTOR: return xasprintf("became C%d", p->into);
	case TRIAGE_FOLLOWUP: return xasprintf("became F%d", p->into);
	case TRIAGE_DISMISSED:
		why = ui_analysis_dismissal(ui, p->seq);
		text = why != NULL ? json_string_value(json_object_get(
		    why->body, "text")) : NULL;
		return text != NULL ? xasprintf("dismissed (%s)", text) :
		    xasprintf("dismissed (#%lld)", (long long)p->triage_seq);
	default: return xstrdup("to triage");
	}
}

/* The parked thoughts, each with what became of it. */
static void ui_analysis_parked(struct ui_analysis_build *b)
{
	const struct model_parked *p;
	char *fate, *at;
	size_t i;

	ui_analysis_title(b, "Parked thoughts (c: a factor, a: a follow-up, "
	    "x: dismiss)");
	if (b->inc->nparked == 0)
		ui_views_lines_add(b->l, A_DIM, "  none were parked");
	for (i = 0; i < b->inc->nparked; i++) {
		p = &b->inc->parked[i];
		fate = ui_analysis_fate(b->ui, p);
		at = ui_analysis_time(b, p->at);
		ui_analysis_item(b, UI_AN_PARKED, p->seq, 0);
		ui_views_lines_add(b->l, p->triage == TRIAGE_OPEN && !p->struck ?
		    A_NORMAL : A_DIM, "  #%lld %s: %s (%s %s)",
		    (long long)p->seq, fate, p->text, p->by ? p->by : "?", at);
		ui_analysis_item_end(b);
		free(at);
		free(fate);
	}
}

/* The hindsight annotations (dismissals are with the parked thoughts). */
static void ui_analysis_annotations(struct ui_analysis_build *b)
{
	const struct ui_logitem *it;
	size_t i, n = 0;

	ui_analysis_title(b, "Hindsight annotations (A adds one on an entry)");
	for (i = 0; i < b->ui->nannotations; i++) {
		it = &b->ui->annotations[i];
		if (json_object_get(it->body, "triage") != NULL)
			continue;
		ui_analysis_item(b, UI_AN_ANNOTATION, it->seq, it->target);
		ui_views_lines_add(b->l, A_NORMAL, "  #%lld on #%lld by %s: %s",
		    (long long)it->seq, (long long)it->target, it->actor,
		    json_string_value(json_object_get(it->body, "text")) ?
		    json_string_value(json_object_get(it->body, "text")) : "");
		ui_analysis_item_end(b);
		n++;
	}
	if (n == 0)
		ui_views_lines_add(b->l, A_DIM, "  none yet");
}

/* The key times (each an item: e changes it) and the durations with
 * their definitions. */
static void ui_analysis_marks(struct ui_analysis_build *b)
{
	struct model_span sp;
	char *at;
	int m, pad;

	ui_analysis_title(b, "Key times (e changes the selected one) and "
	    "durations");
	for (m = 0; m < MARK_COUNT; m++) {
		at = b->inc->marks[m] ? ui_analysis_time(b, b->inc->marks[m]) :
		    xstrdup("not set");
		ui_analysis_item(b, UI_AN_MARK, m, 0);
		ui_views_lines_add(b->l, b->inc->marks[m] ? A_NORMAL : A_DIM,
		    "  %-13s %s%s", model_mark_name(m), at, m == MARK_DECLARED ?
		    " (set by the declaration)" : "");
		ui_analysis_item_end(b);
		free(at);
	}
	for (m = 0; m < DUR_COUNT; m++) {
		model_duration(b->inc, (enum model_duration)m, &sp);
		at = sp.ms >= 0 ? when_format_duration(sp.ms) :
		    xasprintf("n/a (%s)", sp.na);
		pad = 24 - (int)text_width(model_duration_definition(m));
		ui_views_lines_add(b->l, sp.ms >= 0 ? A_NORMAL : A_DIM,
		    "  %-16s %s%*s = %s", model_duration_name(m),
		    model_duration_definition(m), pad > 0 ? pad : 0, "", at);
		free(at);
	}
}

/* Build the view's lines and items. */
static void ui_analysis_lines(struct ui *ui, struct ui_lines *l,
    struct model_incident *inc)
{
	struct ui_analysis_build b = { ui, l, inc, NULL, 0,
	    ui_timeline_dated(ui) };

	if (model_in_recovery(inc))
		ui_analysis_locked(&b);
	else {
		ui_analysis_state(&b);
		ui_analysis_closing(&b);
		ui_analysis_summary(&b);
		ui_analysis_questions(&b);
		ui_analysis_factors(&b);
		ui_analysis_followups(&b);
		ui_analysis_parked(&b);
		ui_analysis_annotations(&b);
		ui_analysis_marks(&b);
	}
	free(ui->an.items);
	ui->an.items = b.items;
	ui->an.nitems = b.nitems;
}

/* The index of the selected item among those drawn, or -1. */
static long ui_analysis_index(struct ui *ui)
{
	size_t i;

	for (i = 0; i < ui->an.nitems; i++) {
		if (ui->an.items[i].kind == ui->an.kind &&
		    ui->an.items[i].key == ui->an.key &&
		    ui->an.items[i].sub == ui->an.sub)
			return (long)i;
	}
	return -1;
}

/* Select item i of those drawn. */
static void ui_analysis_pick(struct ui *ui, size_t i)
{
	ui->an.kind = ui->an.items[i].kind;
	ui->an.key = ui->an.items[i].key;
	ui->an.sub = ui->an.items[i].sub;
}

/* The item drawn selected, or NULL. */
static const struct ui_analysis_item *ui_analysis_selected(struct ui *ui)
{
	long i = ui_analysis_index(ui);

	return i >= 0 ? &ui->an.items[i] : NULL;
}

/* Keep the selection in the rows shown (rows of h): after a page, the
 * first item shown is selected; else the view scrolls to the selection. */
static void ui_analysis_keep(struct ui *ui, size_t nlines, int h)
{
	const struct ui_analysis_item *it;
	size_t rows = nlines > (size_t)h ? (size_t)h - 1 : (size_t)h, i;
	size_t top = ui->view_scroll;

	if (ui_analysis_index(ui) < 0 && ui->an.nitems > 0)
		ui_analysis_pick(ui, 0);
	if ((it = ui_analysis_selected(ui)) == NULL || rows == 0)
		return;
	if (it->first >= top && it->last <= top + rows)
		ui->an.paged = 0;
	for (i = 0; ui->an.paged && i < ui->an.nitems; i++) {
		if (ui->an.items[i].first >= top &&
		    ui->an.items[i].first < top + rows) {
			ui_analysis_pick(ui, i);
			ui->an.paged = 0;
			return;
		}
	}
	if (it->first < top)
		ui->view_scroll = it->first > 0 ? it->first - 1 : 0;
	else if (it->last > top + rows)
		ui->view_scroll = it->last - rows > it->first ? it->first :
		    it->last - rows;
	ui->an.paged = 0;
}

/* Show the selected item: reversed, a '>' in its first column. */
static void ui_analysis_mark(struct ui *ui, struct ui_lines *l)
{
	const struct ui_analysis_item *it = ui_analysis_selected(ui);
	size_t k;

	if (it == NULL)
		return;
	for (k = it->first; k < it->last && k < l->n; k++)
		l->a[k] |= A_REVERSE;
	if (it->first < l->n && l->s[it->first][0] == ' ')
		l->s[it->first][0] = '>';
}

/* Draw the view, the selection kept in sight. */
static void ui_analysis_draw(struct ui *ui, WINDOW *w)
{
	struct ui_lines l = { .width = getmaxx(w), .show = -1 };
	struct model_incident *inc = ui_incident(ui);

	if (inc == NULL)
		ui_views_lines_add(&l, A_DIM, "loading %s…", ui->incident);
	else {
		ui_analysis_lines(ui, &l, inc);
		ui_views_clamp(ui, l.n, getmaxy(w));
		ui_analysis_keep(ui, l.n, getmaxy(w));
		ui_analysis_mark(ui, &l);
	}
	ui_views_lines_draw(ui, w, &l);
}

/* j, k, g, G select the item above, below, the first, the last; pages
 * scroll (the selection follows into the page). */
static void ui_analysis_scroll(struct ui *ui, long rows)
{
	long i = ui_analysis_index(ui), n = (long)ui->an.nitems;

	if (n == 0 || (rows != 1 && rows != -1 && rows != UI_VIEW_END &&
	    rows != -UI_VIEW_END)) {
		ui_views_scroll(ui, rows);
		ui->an.paged = 1;
		return;
	}
	if (rows == UI_VIEW_END || i < 0)
		i = 0;
	else if (rows == -UI_VIEW_END)
		i = n - 1;
	else
		i = i - rows < 0 ? 0 : i - rows >= n ? n - 1 : i - rows;
	ui_analysis_pick(ui, (size_t)i);
	ui->an.paged = 0;
	if (rows == UI_VIEW_END || rows == -UI_VIEW_END)
		ui_views_scroll(ui, rows);
	ui->dirty = 1;
}

/* The parked thought selected, or NULL. */
static const struct model_parked *ui_analysis_parked_sel(struct ui *ui)
{
	struct model_incident *inc = ui_incident(ui);

	if (inc == NULL || ui->an.kind != UI_AN_PARKED ||
	    ui_analysis_selected(ui) == NULL)
		return NULL;
	return model_parked_find(inc, ui->an.key);
}

/* c: a factor from the selected parked thought (not triaged yet); 0 for
 * the blank form. */
static int ui_analysis_to_factor(struct ui *ui)
{
	const struct model_parked *p = ui_analysis_parked_sel(ui);

	if (p == NULL || p->triage != TRIAGE_OPEN || p->struck)
		return 0;
	ui_analysis_form_factor(ui, p);
	return 1;
}

/* a: a follow-up from the selected parked thought, or for the selected
 * factor; 0 for the blank form. */
static int ui_analysis_to_followup(struct ui *ui)
{
	const struct model_parked *p = ui_analysis_parked_sel(ui);
	const struct ui_analysis_item *it = ui_analysis_selected(ui);

	if (p != NULL && p->triage == TRIAGE_OPEN && !p->struck)
		ui_analysis_form_followup(ui, p, 0);
	else if (it != NULL && (it->kind == UI_AN_FACTOR ||
	    it->kind == UI_AN_ENTRY))
		ui_analysis_form_followup(ui, NULL, (int)it->key);
	else
		return 0;
	return 1;
}

/* A: an annotation on the selected entry (or the entry of the selected
 * annotation); 0 for the blank form. */
static int ui_analysis_to_annotation(struct ui *ui)
{
	const struct ui_analysis_item *it = ui_analysis_selected(ui);

	if (it == NULL || (it->kind != UI_AN_ENTRY &&
	    it->kind != UI_AN_ANNOTATION))
		return 0;
	ui_analysis_form_annotate(ui, it->sub);
	return 1;
}

/* e on a key time: the : prompt with the :mark command that sets it,
 * its time filled in to be changed. */
static void ui_analysis_mark_prompt(struct ui *ui, struct model_incident *inc,
    int m)
{
	char *at, *line;

	if (m == MARK_DECLARED) {
		ui_message(ui, 1, "the declared time is set by the declaration; "
		    "the other key times can be changed");
		return;
	}
	at = inc->marks[m] ? when_format_stamp(inc->marks[m], 1) : NULL;
	line = xasprintf(":mark %s --at %s%s%s", model_mark_name(m),
	    at ? "'" : "", at ? at : "", at ? "'" : "");
	ui_keys_prompt(ui, line);
	ui_message(ui, 0, "Enter sets %s at the time given (14:07, -5m, "
	    "2026-11-22 14:07)", model_mark_name(m));
	free(line);
	free(at);
}

/* e: change the selected item (a follow-up, an answer, the summary, a
 * key time), or say how that one changes. */
static void ui_analysis_change(struct ui *ui)
{
	const struct ui_analysis_item *it = ui_analysis_selected(ui);
	struct model_incident *inc = ui_incident(ui);

	if (it == NULL || inc == NULL)
		ui_message(ui, 0, "select something to change first (j, k)");
	else if (it->kind == UI_AN_FOLLOWUP)
		ui_analysis_form_set(ui, model_followup_find(inc,
		    (int)it->key));
	else if (it->kind == UI_AN_QUESTION)
		ui_analysis_form_summary(ui, (int)it->key);
	else if (it->kind == UI_AN_SUMMARY)
		ui_analysis_form_summary(ui, -1);
	else if (it->kind == UI_AN_MARK)
		ui_analysis_mark_prompt(ui, inc, (int)it->key);
	else if (it->kind == UI_AN_PARKED)
		ui_message(ui, 0, "c turns it into a factor, a into a "
		    "follow-up, x dismisses it");
	else if (it->kind == UI_AN_FACTOR)
		ui_message(ui, 0, "the record keeps C%d as written: :amend "
		    "%lld TEXT --reason WHY corrects it, :strike strikes it",
		    (int)it->key, (long long)model_factor_find(inc,
		    (int)it->key)->seq);
	else
		ui_message(ui, 0, "t shows it in the timeline; A annotates it");
}

/* x: dismiss the selected parked thought (a form for the reason). */
static void ui_analysis_dismiss(struct ui *ui)
{
	const struct model_parked *p = ui_analysis_parked_sel(ui);
	char *fate;

	if (p == NULL) {
		ui_message(ui, 0, "select a parked thought to dismiss (j, k)");
		return;
	}
	if (p->triage != TRIAGE_OPEN || p->struck) {
		fate = ui_analysis_fate(ui, p);
		ui_message(ui, 0, "#%lld is triaged already: %s",
		    (long long)p->seq, fate);
		free(fate);
		return;
	}
	ui_analysis_form_dismiss(ui, p);
}

/* t: the selected factor's entries (or an entry, or an annotation's) in
 * the timeline. */
static void ui_analysis_show(struct ui *ui)
{
	const struct ui_analysis_item *it = ui_analysis_selected(ui);
	struct model_incident *inc = ui_incident(ui);
	const struct model_factor *f;
	char *what;

	if (it == NULL || inc == NULL || (it->kind != UI_AN_FACTOR &&
	    it->kind != UI_AN_ENTRY && it->kind != UI_AN_ANNOTATION)) {
		ui_message(ui, 0, "t shows the entries of a factor or an "
		    "annotation: select one (j, k)");
		return;
	}
	if (it->kind != UI_AN_FACTOR) {
		what = xasprintf("#%lld", (long long)it->sub);
		ui_timeline_show(ui, &it->sub, 1, what);
	} else if ((f = model_factor_find(inc, (int)it->key))->nentries > 0) {
		what = xasprintf("the entries of C%d", f->id);
		ui_timeline_show(ui, f->entries, f->nentries, what);
	} else {
		ui_message(ui, 0, "C%d links no timeline entries", f->id);
		return;
	}
	free(what);
}

/* The view's own requests on the selected item. */
static int ui_analysis_request(struct ui *ui, enum ui_req req)
{
	switch (req) {
	case UI_REQ_FORM_FACTOR: return ui_analysis_to_factor(ui);
	case UI_REQ_FORM_FOLLOWUP: return ui_analysis_to_followup(ui);
	case UI_REQ_FORM_ANNOTATE: return ui_analysis_to_annotation(ui);
	case UI_REQ_CHANGE: ui_analysis_change(ui); return 1;
	case UI_REQ_DISMISS: ui_analysis_dismiss(ui); return 1;
	case UI_REQ_SHOW_ENTRIES: ui_analysis_show(ui); return 1;
	default: return 0;
	}
}

/* Switched to: an entry highlighted in the timeline (a search match, or
 * one t showed) selects the first factor that cites it. */
static void ui_analysis_open(struct ui *ui)
{
	struct model_incident *inc = ui_incident(ui);
	size_t i, k;

	ui->an.paged = 0;
	for (i = 0; inc != NULL && ui->tl.highlight != 0 &&
	    i < inc->nfactors; i++) {
		for (k = 0; k < inc->factors[i].nentries; k++) {
			if (inc->factors[i].entries[k] != ui->tl.highlight)
				continue;
			ui->an.kind = UI_AN_FACTOR;
			ui->an.key = inc->factors[i].id;
			ui->an.sub = 0;
			return;
		}
	}
}

/* Forget the open incident's selection and annotations. */
static void ui_analysis_done(struct ui *ui)
{
	free(ui->an.items);
	memset(&ui->an, 0, sizeof ui->an);
	ui_views_log_free(&ui->annotations, &ui->nannotations);
}

/* The analysis view. */
const struct ui_view_ops ui_analysis_view = {
	.name = "analysis",
	.keymap = UI_KEYS_ANALYSIS,
	.full = 1,
	.incident = 1,
	.hint = "j k select  c factor  a follow-up  s summary  e change  "
	    "x dismiss  ? help",
	.open = ui_analysis_open,
	.draw = ui_analysis_draw,
	.scroll_by = ui_analysis_scroll,
	.request = ui_analysis_request,
	.done = ui_analysis_done,
};
