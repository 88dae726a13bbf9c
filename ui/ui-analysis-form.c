/* ui-analysis-form.c: the analysis forms: contributing factor, follow-up
 * (add, and set for one), summary (and the answers to the questions, the
 * section a choice), hindsight annotation, and the dismissal of a parked
 * thought. Each composes the words and options of its verb from the
 * fields and builds the event with the verb's own build step (cmd_build),
 * as the : prompt does; the fields carry the names of the body fields, so
 * a refusal puts the cursor in the field it concerns.
 *
 * Before anything is sent, each form asks the rules what the server would
 * advise (rules_advise: the blameless check, an owner who is a person).
 * Warnings stop the first Ctrl-S and are shown in the form where the text
 * is written; the author rewords it, or presses Ctrl-S again to record it
 * as written. The form engine (ui-form.c) leaves room for that note and
 * has it drawn here.
 */
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "text.h"
#include "when.h"
#include "xmalloc.h"
#include "ui.h"

/* Most lines a form's note shows. */
#define UI_ANALYSIS_FORM_NOTE 16

static const char *const ui_analysis_form_categories[] = { "none",
    "deployment", "configuration", "integration", "capacity", "dependency",
    "detection", "process", "code", NULL };
static const char *const ui_analysis_form_states[] = { "open",
    "in-progress", "done", "wont-do", NULL };
static const char *const ui_analysis_form_sections[] = { "summary",
    "went-well", "went-wrong", "lucky", "teams", "ownership",
    "missing-info", "alerts", "slow-recovery", NULL };

static const struct ui_field_spec ui_analysis_form_factor_specs[] = {
	{ "text", "Factor", 3, NULL, 1 },
	{ "category", "Category", 1, ui_analysis_form_categories, 1 },
	{ "entries", "Entries (#)", 1, NULL, 0 },
	{ "from_park", "From parked", 1, NULL, 0 },
};
static const struct ui_field_spec ui_analysis_form_followup_specs[] = {
	{ "text", "Follow-up", 2, NULL, 1 },
	{ "owner", "Owner", 1, NULL, 0 },
	{ "due", "Due", 1, NULL, 0 },
	{ "factor", "Factor (C)", 1, NULL, 0 },
	{ "from_park", "From parked", 1, NULL, 0 },
};
static const struct ui_field_spec ui_analysis_form_set_specs[] = {
	{ "id", "Follow-up", 1, NULL, 1 },
	{ "state", "State", 1, ui_analysis_form_states, 1 },
	{ "owner", "Owner", 1, NULL, 0 },
	{ "due", "Due", 1, NULL, 0 },
	{ "note", "Note", 2, NULL, 0 },
};
static const struct ui_field_spec ui_analysis_form_summary_specs[] = {
	{ "section", "Section", 1, ui_analysis_form_sections, 1 },
	{ "text", "Text", 4, NULL, 1 },
	{ "impact", "Impact", 2, NULL, 0 },
};
static const struct ui_field_spec ui_analysis_form_annotate_specs[] = {
	{ "target", "Entry (#)", 1, NULL, 1 },
	{ "text", "Hindsight", 3, NULL, 1 },
};
static const struct ui_field_spec ui_analysis_form_dismiss_specs[] = {
	{ "target", "Parked (#)", 1, NULL, 1 },
	{ "text", "Why", 2, NULL, 1 },
};

/* The words of a verb, composed from a form. */
struct ui_analysis_form_words {
	char **v;
	int n;
};

/* Add a word. */
static void ui_analysis_form_word(struct ui_analysis_form_words *w,
    const char *word)
{
	w->v = xreallocarray(w->v, (size_t)w->n + 2, sizeof *w->v);
	w->v[w->n++] = xstrdup(word);
	w->v[w->n] = NULL;
}

/* Add --name value, unless value is empty. */
static void ui_analysis_form_option(struct ui_analysis_form_words *w,
    const char *name, const char *value)
{
	char *opt;

	if (*value == '\0')
		return;
	opt = xasprintf("--%s", name);
	ui_analysis_form_word(w, opt);
	ui_analysis_form_word(w, value);
	free(opt);
}

/* The event of the words, the open incident implied, built by the verb's
 * own build step: the event, or NULL and *cause. The words are freed. */
static struct event *ui_analysis_form_event(struct ui *ui,
    struct ui_analysis_form_words *w, char **cause)
{
	const struct cmd_entry *e;
	struct cmd_args a;
	struct event *ev = NULL;

	if (cmd_args_words(w->n, w->v, CMD_TERMINAL, ui->incident, &a, &e,
	    cause) == 0) {
		a.me = ui->user;
		ev = cmd_build(&a, cause);
		cmd_args_free(&a);
	}
	cmd_parse_free(w->n, w->v);
	return ev;
}

/* The field of f called name: its index, or -1. */
static int ui_analysis_form_index(const struct ui_form *f, const char *name)
{
	int i;

	for (i = 0; i < f->nspecs; i++)
		if (strcmp(f->specs[i].name, name) == 0)
			return i;
	return -1;
}

/* Pre-fill field name with value (copied; NULL: left empty). */
static void ui_analysis_form_fill(struct ui_form *f, const char *name,
    const char *value)
{
	int i = ui_analysis_form_index(f, name);

	if (i < 0 || value == NULL)
		return;
	free(f->values[i]);
	f->values[i] = xstrdup(value);
}

/* 0 when field name is filled in; else -1, *cause = what, the cursor
 * there. */
static int ui_analysis_form_need(struct ui_form *f, const char *name,
    const char *what, char **cause)
{
	if (*ui_form_get(f, name) != '\0')
		return 0;
	*cause = xstrdup(what);
	ui_form_focus(f, name);
	return -1;
}

/* 0 when field name is empty or a time; else -1, *cause and the cursor
 * there. */
static int ui_analysis_form_time(struct ui_form *f, const char *name,
    char **cause)
{
	const char *v = ui_form_get(f, name);
	int64_t at;

	if (*v == '\0' || when_parse(v, when_now(), WHEN_FUTURE, &at,
	    cause) == 0)
		return 0;
	ui_form_focus(f, name);
	return -1;
}

/* --entry for each number in the entries field ("12 15", "#12, #15"). */
static void ui_analysis_form_entries(struct ui_analysis_form_words *w,
    const char *list)
{
	char *copy = xstrdup(list), *save = NULL, *tok;

	for (tok = strtok_r(copy, " ,;", &save); tok != NULL;
	    tok = strtok_r(NULL, " ,;", &save))
		ui_analysis_form_option(w, "entry", tok);
	free(copy);
}

/* factor TEXT [--category C] [--entry SEQ]… [--from-park SEQ] */
static struct event *ui_analysis_form_build_factor(struct ui *ui,
    struct ui_form *f, char **cause)
{
	struct ui_analysis_form_words w = { NULL, 0 };
	const char *cat = ui_form_get(f, "category");

	if (ui_analysis_form_need(f, "text", "write the factor: the condition "
	    "that made this possible", cause) != 0)
		return NULL;
	ui_analysis_form_word(&w, "factor");
	if (strcmp(cat, "none") != 0)
		ui_analysis_form_option(&w, "category", cat);
	ui_analysis_form_entries(&w, ui_form_get(f, "entries"));
	ui_analysis_form_option(&w, "from-park", ui_form_get(f, "from_park"));
	ui_analysis_form_word(&w, "--");
	ui_analysis_form_word(&w, ui_form_get(f, "text"));
	return ui_analysis_form_event(ui, &w, cause);
}

/* followup add TEXT [--owner O] [--due T] [--factor N] [--from-park S] */
static struct event *ui_analysis_form_build_followup(struct ui *ui,
    struct ui_form *f, char **cause)
{
	struct ui_analysis_form_words w = { NULL, 0 };

	if (ui_analysis_form_need(f, "text", "write the follow-up: the action "
	    "that removes the condition", cause) != 0 ||
	    ui_analysis_form_time(f, "due", cause) != 0)
		return NULL;
	ui_analysis_form_word(&w, "followup");
	ui_analysis_form_option(&w, "owner", ui_form_get(f, "owner"));
	ui_analysis_form_option(&w, "due", ui_form_get(f, "due"));
	ui_analysis_form_option(&w, "factor", ui_form_get(f, "factor"));
	ui_analysis_form_option(&w, "from-park", ui_form_get(f, "from_park"));
	ui_analysis_form_word(&w, "--");
	ui_analysis_form_word(&w, "add");
	ui_analysis_form_word(&w, ui_form_get(f, "text"));
	return ui_analysis_form_event(ui, &w, cause);
}

/* A follow-up's due date as its form shows it ("" when none); new. */
static char *ui_analysis_form_due(const struct model_followup *fu)
{
	return fu != NULL && fu->due != 0 ? ui_analysis_due(fu->due) :
	    xstrdup("");
}

/* The follow-up the set form names ("2", "F2"), or NULL. */
static const struct model_followup *ui_analysis_form_which(struct ui *ui,
    struct ui_form *f)
{
	const char *id = ui_form_get(f, "id");
	struct model_incident *inc = ui_incident(ui);

	if (*id == 'F' || *id == 'f')
		id++;
	return inc != NULL ? model_followup_find(inc, atoi(id)) : NULL;
}

/* The options of what the set form changes in fu (all given when fu is
 * unknown); how many. */
static int ui_analysis_form_changes(struct ui_analysis_form_words *w,
    struct ui_form *f, const struct model_followup *fu)
{
	const char *owner = ui_form_get(f, "owner");
	const char *state = ui_form_get(f, "state");
	char *due = ui_analysis_form_due(fu);
	int n = w->n;

	if (fu == NULL || strcmp(owner, fu->owner ? fu->owner : "") != 0)
		ui_analysis_form_option(w, "owner", owner);
	if (fu == NULL || strcmp(ui_form_get(f, "due"), due) != 0)
		ui_analysis_form_option(w, "due", ui_form_get(f, "due"));
	if (fu == NULL || strcmp(state, model_followup_state_name(
	    fu->state)) != 0 || (w->n == n && *ui_form_get(f, "note")))
		ui_analysis_form_option(w, "state", state);
	free(due);
	return (w->n - n) / 2;
}

/* followup set N [--owner O] [--due T] [--state S] [--note T]: what the
 * form changes. */
static struct event *ui_analysis_form_build_set(struct ui *ui,
    struct ui_form *f, char **cause)
{
	struct ui_analysis_form_words w = { NULL, 0 };
	const struct model_followup *fu = ui_analysis_form_which(ui, f);

	if (ui_analysis_form_time(f, "due", cause) != 0)
		return NULL;
	if (fu != NULL && fu->owner != NULL &&
	    *ui_form_get(f, "owner") == '\0') {
		*cause = xstrdup("a follow-up keeps an owner once it has one: "
		    "give another team or role");
		ui_form_focus(f, "owner");
		return NULL;
	}
	ui_analysis_form_word(&w, "followup");
	if (ui_analysis_form_changes(&w, f, fu) == 0) {
		cmd_parse_free(w.n, w.v);
		*cause = xstrdup("nothing changed yet: change the state, the "
		    "owner or the due date, or write a note");
		return NULL;
	}
	ui_analysis_form_option(&w, "note", ui_form_get(f, "note"));
	ui_analysis_form_word(&w, "--");
	ui_analysis_form_word(&w, "set");
	ui_analysis_form_word(&w, ui_form_get(f, "id"));
	return ui_analysis_form_event(ui, &w, cause);
}

/* summary TEXT [--impact TEXT] | summary TEXT --section KEY */
static struct event *ui_analysis_form_build_summary(struct ui *ui,
    struct ui_form *f, char **cause)
{
	struct ui_analysis_form_words w = { NULL, 0 };
	const char *section = ui_form_get(f, "section");

	if (ui_analysis_form_need(f, "text", strcmp(section, "summary") == 0 ?
	    "write the summary: what happened, in a few sentences" :
	    "write the answer", cause) != 0)
		return NULL;
	ui_analysis_form_word(&w, "summary");
	if (strcmp(section, "summary") != 0)
		ui_analysis_form_option(&w, "section", section);
	else
		ui_analysis_form_option(&w, "impact", ui_form_get(f, "impact"));
	ui_analysis_form_word(&w, "--");
	ui_analysis_form_word(&w, ui_form_get(f, "text"));
	return ui_analysis_form_event(ui, &w, cause);
}

/* annotate SEQ TEXT [--dismiss]: the annotation or the dismissal. */
static struct event *ui_analysis_form_build_note(struct ui *ui,
    struct ui_form *f, int dismiss, char **cause)
{
	struct ui_analysis_form_words w = { NULL, 0 };

	if (ui_analysis_form_need(f, "target", dismiss ? "which parked "
	    "thought? its number, such as 7" : "which entry? its number, "
	    "such as 12 (the timeline shows (#12))", cause) != 0 ||
	    ui_analysis_form_need(f, "text", dismiss ? "say why it is "
	    "dismissed" : "write the hindsight note", cause) != 0)
		return NULL;
	ui_analysis_form_word(&w, "annotate");
	if (dismiss)
		ui_analysis_form_word(&w, "--dismiss");
	ui_analysis_form_word(&w, "--");
	ui_analysis_form_word(&w, ui_form_get(f, "target"));
	ui_analysis_form_word(&w, ui_form_get(f, "text"));
	return ui_analysis_form_event(ui, &w, cause);
}

/* The annotation form's event. */
static struct event *ui_analysis_form_build_annotate(struct ui *ui,
    struct ui_form *f, char **cause)
{
	return ui_analysis_form_build_note(ui, f, 0, cause);
}

/* The dismissal form's event. */
static struct event *ui_analysis_form_build_dismiss(struct ui *ui,
    struct ui_form *f, char **cause)
{
	return ui_analysis_form_build_note(ui, f, 1, cause);
}

/* Open a form of specs (n fields) titled title for the open incident,
 * advised before it sends; NULL when none is open. */
static struct ui_form *ui_analysis_form_open(struct ui *ui, const char *title,
    const struct ui_field_spec *specs, int n,
    struct event *(*build)(struct ui *, struct ui_form *, char **))
{
	struct ui_form *f = ui_form_open(ui, title, specs, n, build);

	if (f != NULL)
		f->advise = 1;
	return f;
}

/* A parked thought's number as its field shows it ("#7"); new string. */
static char *ui_analysis_form_seq(int64_t seq)
{
	return xasprintf("#%lld", (long long)seq);
}

/* c: the contributing factor form; from a parked thought, its text and
 * number filled in. */
void ui_analysis_form_factor(struct ui *ui, const struct model_parked *p)
{
	struct ui_form *f = ui_analysis_form_open(ui, p != NULL ?
	    "Contributing factor, from a parked thought" :
	    "Contributing factor", ui_analysis_form_factor_specs, 4,
	    ui_analysis_form_build_factor);
	char *seq;

	if (f == NULL)
		return;
	ui_analysis_form_fill(f, "category", "none");
	if (p != NULL) {
		seq = ui_analysis_form_seq(p->seq);
		ui_analysis_form_fill(f, "text", p->text);
		ui_analysis_form_fill(f, "from_park", seq);
		free(seq);
	}
	ui_form_build(ui, f);
}

/* a: the follow-up form; from a parked thought (its text and number
 * filled in), or for factor (its number filled in, 0: none). */
void ui_analysis_form_followup(struct ui *ui, const struct model_parked *p,
    int factor)
{
	struct ui_form *f = ui_analysis_form_open(ui, p != NULL ?
	    "Follow-up, from a parked thought" : "Follow-up",
	    ui_analysis_form_followup_specs, 5,
	    ui_analysis_form_build_followup);
	char *v;

	if (f == NULL)
		return;
	if (p != NULL) {
		v = ui_analysis_form_seq(p->seq);
		ui_analysis_form_fill(f, "text", p->text);
		ui_analysis_form_fill(f, "from_park", v);
		free(v);
	}
	if (factor > 0) {
		v = xasprintf("C%d", factor);
		ui_analysis_form_fill(f, "factor", v);
		free(v);
	}
	ui_form_build(ui, f);
}

/* e on a follow-up: its state, owner and due date to change, and a note
 * on why. */
void ui_analysis_form_set(struct ui *ui, const struct model_followup *fu)
{
	struct ui_form *f;
	char *v;

	if (fu == NULL)
		return;
	f = ui_analysis_form_open(ui, "Change a follow-up",
	    ui_analysis_form_set_specs, 5, ui_analysis_form_build_set);
	if (f == NULL)
		return;
	v = xasprintf("F%d", fu->id);
	ui_analysis_form_fill(f, "id", v);
	free(v);
	ui_analysis_form_fill(f, "state", model_followup_state_name(fu->state));
	ui_analysis_form_fill(f, "owner", fu->owner);
	v = ui_analysis_form_due(fu);
	ui_analysis_form_fill(f, "due", v);
	free(v);
	ui_form_build(ui, f);
	ui_form_focus(f, "state");
}

/* s, or e on the summary or a question: the summary form, section the
 * question answered (-1: the summary and impact), what is recorded filled
 * in. */
void ui_analysis_form_summary(struct ui *ui, int section)
{
	struct model_incident *inc = ui_incident(ui);
	struct ui_form *f = ui_analysis_form_open(ui, section < 0 ?
	    "Summary and impact" : model_answer_question(section),
	    ui_analysis_form_summary_specs, 3, ui_analysis_form_build_summary);

	if (f == NULL)
		return;
	ui_analysis_form_fill(f, "section", section < 0 ? "summary" :
	    model_answer_name(section));
	if (inc != NULL && section < 0) {
		ui_analysis_form_fill(f, "text", inc->summary);
		ui_analysis_form_fill(f, "impact", inc->impact);
	} else if (inc != NULL && section < ANS_COUNT)
		ui_analysis_form_fill(f, "text", inc->answers[section].text);
	ui_form_build(ui, f);
	ui_form_focus(f, "text");
}

/* A: the hindsight annotation form, on entry target (0: to be typed). */
void ui_analysis_form_annotate(struct ui *ui, int64_t target)
{
	struct ui_form *f = ui_analysis_form_open(ui, "Hindsight annotation",
	    ui_analysis_form_annotate_specs, 2, ui_analysis_form_build_annotate);
	char *seq;

	if (f == NULL)
		return;
	if (target > 0) {
		seq = ui_analysis_form_seq(target);
		ui_analysis_form_fill(f, "target", seq);
		free(seq);
	}
	ui_form_build(ui, f);
	if (target > 0)
		ui_form_focus(f, "text");
}

/* x: dismiss the parked thought p, saying why. */
void ui_analysis_form_dismiss(struct ui *ui, const struct model_parked *p)
{
	struct ui_form *f = ui_analysis_form_open(ui, "Dismiss a parked "
	    "thought", ui_analysis_form_dismiss_specs, 2,
	    ui_analysis_form_build_dismiss);
	char *seq;

	if (f == NULL)
		return;
	seq = ui_analysis_form_seq(p->seq);
	ui_analysis_form_fill(f, "target", seq);
	free(seq);
	ui_form_build(ui, f);
	ui_form_focus(f, "text");
}

/* The form's note broken into lines of width columns, each paragraph
 * ('\n') on lines of its own, those of a "- " item indented under its
 * text: at most max lines into out (new strings); how many. */
static size_t ui_analysis_form_note_lines(const char *note, int width,
    char **out, size_t max)
{
	size_t starts[UI_ANALYSIS_FORM_NOTE], n = 0, i, k, end, len;
	const char *p = note, *nl;
	char *para;
	int hang;

	while (*p != '\0' && n < max) {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		para = xstrndup(p, len);
		hang = strncmp(para, "- ", 2) == 0 ? 2 : 0;
		k = ui_draw_wrap(para, width - hang, starts, UI_ANALYSIS_FORM_NOTE);
		if (k > UI_ANALYSIS_FORM_NOTE)
			k = UI_ANALYSIS_FORM_NOTE;
		for (i = 0; i < k && n < max; i++) {
			end = i + 1 < k ? starts[i + 1] : len;
			out[n++] = xasprintf("%*s%.*s", i > 0 ? hang : 0, "",
			    (int)(end - starts[i]), para + starts[i]);
		}
		free(para);
		p += len + (nl != NULL);
	}
	return n;
}

/* Rows the form's note takes at width (0: none), as many as the screen
 * leaves beside fields rows of fields. */
int ui_analysis_form_note_rows(struct ui *ui, struct ui_form *f, int width,
    int fields)
{
	char *lines[UI_ANALYSIS_FORM_NOTE];
	size_t n, i;
	int room = ui->rows - fields - 6;

	if (f->note == NULL)
		return 0;
	n = ui_analysis_form_note_lines(f->note, width - 2, lines,
	    UI_ANALYSIS_FORM_NOTE);
	for (i = 0; i < n; i++)
		free(lines[i]);
	if ((int)n > room)
		n = room > 1 ? (size_t)room : 1;
	return (int)n;
}

/* Draw the form's note from line y, in the rows the window keeps for
 * it above the error line. */
void ui_analysis_form_note_draw(struct ui *ui, struct ui_form *f, int y)
{
	char *lines[UI_ANALYSIS_FORM_NOTE], *more;
	int width = getmaxx(f->win) - 2, last = getmaxy(f->win) - 4;
	size_t n, k;

	n = ui_analysis_form_note_lines(f->note, width, lines,
	    UI_ANALYSIS_FORM_NOTE);
	for (k = 0; k < n; k++) {
		/* The last row that fits says there is more. */
		if (y + (int)k == last && k + 1 < n) {
			more = xasprintf("%s…", lines[k]);
			ui_draw_put(f->win, y + (int)k, 1, more, width,
			    ui_attr(ui, UI_PAIR_WARN, A_BOLD));
			free(more);
		} else if (y + (int)k <= last)
			ui_draw_put(f->win, y + (int)k, 1, lines[k], width,
			    ui_attr(ui, UI_PAIR_WARN, A_BOLD));
		free(lines[k]);
	}
}

/* The note of a form held back by warnings: the warnings and what the
 * keys do now (sanitized; new string). */
static char *ui_analysis_form_note(const json_t *warnings)
{
	const json_t *w;
	char *raw, *tmp, *note;
	size_t i;

	raw = xasprintf("Not recorded yet; %s:", json_array_size(warnings) > 1 ?
	    "warnings" : "a warning");
	json_array_foreach(warnings, i, w) {
		tmp = xasprintf("%s\n- %s", raw, json_string_value(w) ?
		    json_string_value(w) : "");
		free(raw);
		raw = tmp;
	}
	tmp = xasprintf("%s\nReword it and Ctrl-S, or Ctrl-S again to record "
	    "it as written.", raw);
	note = text_sanitize(tmp, TEXT_MULTILINE);
	free(tmp);
	free(raw);
	return note;
}

/* Remember the values the warnings were given for. */
static void ui_analysis_form_keep_sent(struct ui_form *f)
{
	int i;

	if (f->sent == NULL)
		f->sent = xcalloc((size_t)f->nspecs, sizeof *f->sent);
	for (i = 0; i < f->nspecs; i++) {
		free(f->sent[i]);
		f->sent[i] = xstrdup(f->values[i] != NULL ? f->values[i] : "");
	}
}

/* 1 when the values are those the warnings were given for. */
static int ui_analysis_form_unchanged(const struct ui_form *f)
{
	int i;

	if (f->sent == NULL)
		return 0;
	for (i = 0; i < f->nspecs; i++) {
		if (strcmp(f->values[i] != NULL ? f->values[i] : "",
		    f->sent[i]) != 0)
			return 0;
	}
	return 1;
}

/* Before ev is sent: the warnings the server would give it, shown in the
 * form unless they were shown for these very values already (then the
 * author keeps the text). 1 when the form holds ev back. */
int ui_analysis_form_advise(struct ui *ui, struct ui_form *f,
    const struct event *ev)
{
	json_t *w = json_array();
	int held = 0;

	if (rules_advise(&ui->model, ev, ui->user, when_now(), w) > 0 &&
	    !ui_analysis_form_unchanged(f)) {
		ui_analysis_form_keep_sent(f);
		free(f->note);
		f->note = ui_analysis_form_note(w);
		ui_form_resize(ui);
		ui_message(ui, 0, "not recorded yet: the form says why");
		held = 1;
	} else if (f->note != NULL && !ui_analysis_form_unchanged(f)) {
		/* Reworded clean: the note no longer applies. */
		free(f->note);
		f->note = NULL;
		ui_form_resize(ui);
	}
	json_decref(w);
	return held;
}
