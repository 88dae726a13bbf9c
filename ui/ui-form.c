/* ui-form.c: the forms: status update (pre-filled from the last one),
 * handoff (brief pre-filled by model_brief, To completed from the people
 * who may connect), hypothesis, declare; the engine the analysis forms
 * (ui-analysis-form.c) use too. A form stays open until the server acks;
 * a refusal is shown inside it and nothing typed is lost, also across a
 * resize. Entering a field puts the cursor after its text, which stays;
 * longer fields scroll; Esc asks before it throws typed text away. A form
 * may show a note (the warnings an analysis form was held back with) above
 * its error line.
 *
 * Each field's text is a struct ui_edit of its own (wide characters and a
 * cursor), kept whole across a resize, wrapped onto the field's rows by
 * display width (wcwidth: a double-width character is never split at a
 * row's edge; a field of one row scrolls sideways instead) and drawn
 * here; the keys are run here too. (The ncurses form library garbles
 * double-width text in fields of several rows.) */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "text.h"
#include "when.h"
#include "xmalloc.h"
#include "ui.h"

/* Columns of the label column. */
#define UI_FORM_LABEL 12
/* The error of a field of choices that holds none of them. */
#define UI_FORM_NO_CHOICE "this field takes one of the listed values"

static const char *const ui_form_conf[] = { "confirmed", "likely",
    "suspected", "unknown", NULL };
static const char *const ui_form_aud[] = { "internal", "external", NULL };
static const char *const ui_form_sev[] = { "1", "2", "3", "4", NULL };
static const char *const ui_form_yesno[] = { "no", "yes", NULL };

static const struct ui_field_spec ui_form_update_specs[] = {
	{ "impact", "Impact", 2, NULL, 1 },
	{ "known", "Known", 2, NULL, 1 },
	{ "unknown", "Unknown", 2, NULL, 0 },
	{ "confidence", "Confidence", 1, ui_form_conf, 1 },
	{ "actions", "Actions", 2, NULL, 0 },
	{ "needs", "Needs", 1, NULL, 0 },
	{ "next_at", "Next (time)", 1, NULL, 0 },
	{ "audience", "Audience", 1, ui_form_aud, 1 },
};
static const struct ui_field_spec ui_form_handoff_specs[] = {
	{ "to", "To (user)", 1, NULL, 1 },
	{ "brief", "Brief", 12, NULL, 1 },
};
static const struct ui_field_spec ui_form_hyp_specs[] = {
	{ "text", "Hypothesis", 3, NULL, 1 },
};
static const struct ui_field_spec ui_form_declare_specs[] = {
	{ "title", "Title", 1, NULL, 1 },
	{ "severity", "Severity", 1, ui_form_sev, 1 },
	{ "drill", "Drill", 1, ui_form_yesno, 1 },
	{ "restricted", "Only group", 1, NULL, 0 },
};

/* Field i's text, blanks at its ends trimmed (each field's value). New
 * string. */
static char *ui_form_text(struct ui_form *f, int i)
{
	return text_trim(ui_edit_text(&f->fields[i]));
}

/* Save every field's value (to build the event, or to compare). */
void ui_form_save(struct ui_form *f)
{
	int i;

	for (i = 0; f->fields != NULL && i < f->nspecs; i++) {
		free(f->values[i]);
		f->values[i] = ui_form_text(f, i);
	}
}

/* Make field i the current one, the cursor after its text (a choice is
 * replaced by what is typed first). */
static void ui_form_enter(struct ui_form *f, int i)
{
	f->current = i;
	f->top = 0;
	f->left = 0;
	f->typed_in = -1;
	if (f->fields != NULL)
		f->fields[i].cur = f->fields[i].len;
}

/* The fields' text from the values they open with, sanitized (a pre-filled
 * value comes from the store), on one line in a field of one row; those
 * values are kept, to tell later whether anything was typed. */
static void ui_form_fields(struct ui_form *f)
{
	char *clean, *nl;
	int i;

	f->fields = xcalloc((size_t)f->nspecs, sizeof *f->fields);
	f->initial = xcalloc((size_t)f->nspecs, sizeof *f->initial);
	for (i = 0; i < f->nspecs; i++) {
		ui_edit_init(&f->fields[i]);
		clean = text_sanitize(f->values[i] != NULL ? f->values[i] : "",
		    TEXT_MULTILINE | text_locale_flags());
		while (f->specs[i].height == 1 && (nl = strchr(clean, '\n')))
			*nl = ' ';
		ui_edit_set(&f->fields[i], text_trim(clean));
		free(clean);
		f->initial[i] = ui_form_text(f, i);
	}
	ui_form_enter(f, f->current);
}

/* Height of field i, shrunk when the screen is small. */
static int ui_form_height(struct ui *ui, struct ui_form *f, int i)
{
	int h = f->specs[i].height, total = 0, k, avail = ui->rows - 8;

	for (k = 0; k < f->nspecs; k++)
		total += f->specs[k].height;
	if (total > avail && h > 1)
		h = h - (total - avail + f->nspecs - 1) / f->nspecs;
	return h < 1 ? 1 : h;
}

/* Create the window for the current screen size (the fields' text first,
 * when the form opens). */
void ui_form_build(struct ui *ui, struct ui_form *f)
{
	int width = ui->cols - 4 > 96 ? 96 : ui->cols - 4, rows = 0, i;
	int height, note;

	if (f->fields == NULL)
		ui_form_fields(f);
	for (i = 0; i < f->nspecs; i++)
		rows += ui_form_height(ui, f, i);
	note = ui_analysis_form_note_rows(ui, f, width, rows);
	/* A note has a row of its own before the error lines. */
	height = rows + 5 + note + (note > 0);
	f->win = newwin(height, width, (ui->rows - height) / 2 > 0 ?
	    (ui->rows - height) / 2 : 0, (ui->cols - width) / 2);
	if (f->win == NULL)
		ui_message(ui, 1, "the terminal is too small for the form: "
		    "make it larger, and what was typed is still there");
}

/* Free the window (the fields' text stays). */
static void ui_form_unbuild(struct ui_form *f)
{
	if (f->win != NULL)
		delwin(f->win);
	f->win = NULL;
}

/* Open a form; values may pre-fill fields (array of nspecs, or NULL). */
struct ui_form *ui_form_open(struct ui *ui, const char *title,
    const struct ui_field_spec *specs, int n,
    struct event *(*build)(struct ui *, struct ui_form *, char **))
{
	struct ui_form *f;

	if (ui->incident == NULL && build != NULL && specs !=
	    ui_form_declare_specs) {
		ui_message(ui, 1, "open an incident first");
		return NULL;
	}
	ui_form_close(ui);
	f = xcalloc(1, sizeof *f);
	f->title = title;
	f->specs = specs;
	f->nspecs = n;
	f->values = xcalloc((size_t)n, sizeof *f->values);
	f->build = build;
	f->typed_in = -1;
	ui->form = f;
	ui->dirty = 1;
	return f;
}

/* Close the open form, if any. */
void ui_form_close(struct ui *ui)
{
	struct ui_form *f = ui->form;
	int i;

	if (f == NULL)
		return;
	ui_form_unbuild(f);
	for (i = 0; i < f->nspecs; i++) {
		if (f->fields != NULL)
			ui_edit_free(&f->fields[i]);
		free(f->values[i]);
		free(f->sent != NULL ? f->sent[i] : NULL);
		free(f->initial != NULL ? f->initial[i] : NULL);
	}
	for (i = 0; f->people != NULL && f->people[i] != NULL; i++)
		free(f->people[i]);
	free(f->people);
	free(f->fields);
	free(f->initial);
	free(f->values);
	free(f->sent);
	free(f->note);
	free(f->error);
	free(f->pending_uid);
	free(f->arg);
	free(f);
	ui->form = NULL;
	ui->dirty = 1;
	/* repaint it all: nothing of the form stays on the panes */
	clearok(curscr, TRUE);
}

/* The field of the form that holds body field name, or -1. */
static int ui_form_field_of(const struct ui_form *f, const char *name)
{
	int i;

	for (i = 0; name != NULL && i < f->nspecs; i++)
		if (strcmp(f->specs[i].name, name) == 0)
			return i;
	return -1;
}

/* Value of field name ("" when empty). */
const char *ui_form_get(struct ui_form *f, const char *name)
{
	int i = ui_form_field_of(f, name);

	return i >= 0 && f->values[i] != NULL ? f->values[i] : "";
}

/* The status update event from the form. */
static struct event *ui_form_build_update(struct ui *ui, struct ui_form *f,
    char **cause)
{
	static const char *const text[] = { "impact", "known", "unknown",
	    "confidence", "actions", "needs", "audience" };
	struct event *ev;
	const char *next = ui_form_get(f, "next_at");
	int64_t at = 0;
	size_t i;

	if (*next != '\0' && when_parse(next, when_now(), WHEN_FUTURE, &at,
	    cause) != 0)
		return NULL;
	ev = event_new(EV_UPDATE);
	ev->incident = xstrdup(ui->incident);
	for (i = 0; i < sizeof text / sizeof text[0]; i++)
		json_object_set_new(ev->body, text[i],
		    json_string(ui_form_get(f, text[i])));
	if (at != 0)
		json_object_set_new(ev->body, "next_at", json_integer(at));
	return ev;
}

/* The command offer from the handoff form. */
static struct event *ui_form_build_handoff(struct ui *ui, struct ui_form *f,
    char **cause)
{
	struct event *ev;

	if (*ui_form_get(f, "to") == '\0') {
		*cause = xstrdup("say who takes command: the To field is empty");
		return NULL;
	}
	ev = event_new(EV_CMD_OFFER);
	ev->incident = xstrdup(ui->incident);
	json_object_set_new(ev->body, "to", json_string(ui_form_get(f, "to")));
	json_object_set_new(ev->body, "brief",
	    json_string(ui_form_get(f, "brief")));
	return ev;
}

/* A hypothesis from its form. */
static struct event *ui_form_build_hyp(struct ui *ui, struct ui_form *f,
    char **cause)
{
	struct event *ev = event_new(EV_HYP_OPEN);

	ev->incident = xstrdup(ui->incident);
	json_object_set_new(ev->body, "text", json_string(ui_form_get(f,
	    "text")));
	return ev;
}

/* A declare from its form (the incident's zone is the declarer's). */
static struct event *ui_form_build_declare(struct ui *ui, struct ui_form *f,
    char **cause)
{
	struct event *ev;
	char *zone;

	if (*ui_form_get(f, "title") == '\0') {
		*cause = xstrdup("give the incident a title: what is broken, "
		    "for whom");
		return NULL;
	}
	ev = event_new(EV_DECLARE);
	json_object_set_new(ev->body, "title", json_string(ui_form_get(f,
	    "title")));
	json_object_set_new(ev->body, "severity",
	    json_integer(atoi(ui_form_get(f, "severity"))));
	json_object_set_new(ev->body, "drill", json_boolean(
	    strcmp(ui_form_get(f, "drill"), "yes") == 0));
	zone = when_zone_local();
	json_object_set_new(ev->body, "tz", json_string(zone));
	free(zone);
	if (*ui_form_get(f, "restricted") != '\0')
		json_object_set_new(ev->body, "restricted",
		    json_string(ui_form_get(f, "restricted")));
	return ev;
}

/* The update form's text fields from the last update, so the next one is
 * an edit of it, not a retype. */
static void ui_form_update_prefill(struct ui_form *f,
    const struct model_last_update *u)
{
	static const char *const names[] = { "impact", "known", "unknown",
	    "actions", "needs" };
	const char *text[] = { u->impact, u->known, u->unknown, u->actions,
	    u->needs };
	size_t k;
	int i;

	for (k = 0; u->seq != 0 && k < sizeof names / sizeof names[0]; k++) {
		if ((i = ui_form_field_of(f, names[k])) < 0 || text[k] == NULL)
			continue;
		free(f->values[i]);
		f->values[i] = xstrdup(text[k]);
	}
}

/* u: the status update form, pre-filled from the last update. */
void ui_form_open_update(struct ui *ui)
{
	struct model_incident *inc = ui_incident(ui);
	struct ui_form *f = ui_form_open(ui, "Status update",
	    ui_form_update_specs, 8, ui_form_build_update);

	if (f == NULL)
		return;
	f->values[3] = xstrdup("unknown");
	f->values[7] = xstrdup("internal");
	if (inc != NULL)
		ui_form_update_prefill(f, &inc->last_update);
	ui_form_build(ui, f);
}

/* h: the handoff form, the brief pre-filled from the state. */
void ui_form_open_handoff(struct ui *ui, const char *to)
{
	struct model_incident *inc = ui_incident(ui);
	struct ui_form *f;

	if (inc == NULL) {
		ui_message(ui, 1, "open an incident first");
		return;
	}
	f = ui_form_open(ui, "Hand off command", ui_form_handoff_specs, 2,
	    ui_form_build_handoff);
	f->values[0] = xstrdup(to != NULL ? to : "");
	f->values[1] = model_brief(inc, when_now());
	f->people = ui_cmd_people(ui);
	ui_form_build(ui, f);
	if (to != NULL) { /* the brief, read from its top */
		ui_form_enter(f, 1);
		f->fields[1].cur = 0;
	}
}

/* o: the hypothesis form. */
void ui_form_open_hyp(struct ui *ui)
{
	struct ui_form *f = ui_form_open(ui, "Open a hypothesis",
	    ui_form_hyp_specs, 1, ui_form_build_hyp);

	if (f != NULL)
		ui_form_build(ui, f);
}

/* d on the list: the declare form. */
void ui_form_open_declare(struct ui *ui)
{
	struct ui_form *f = ui_form_open(ui, "Declare an incident",
	    ui_form_declare_specs, 4, ui_form_build_declare);

	f->values[1] = xstrdup("3");
	f->values[2] = xstrdup("no");
	ui_form_build(ui, f);
}

/* Field i of choices: a value that begins one of them (in any case)
 * becomes that choice. 0 when it holds one, or nothing (an error of
 * this kind shown goes); else -1, the form's error says so and the
 * cursor goes there. */
static int ui_form_choice_check(struct ui_form *f, int i)
{
	const char *const *c = f->specs[i].choices;
	char *v;
	size_t k, n;

	if (c == NULL)
		return 0;
	v = ui_form_text(f, i);
	n = strlen(v);
	for (k = 0; n > 0 && c[k] != NULL && strncasecmp(c[k], v, n) != 0; k++)
		;
	free(v);
	if (n > 0 && c[k] == NULL) {
		free(f->error);
		f->error = xstrdup(UI_FORM_NO_CHOICE);
		if (i != f->current)
			ui_form_enter(f, i);
		return -1;
	}
	if (n > 0)
		ui_edit_set(&f->fields[i], c[k]);
	if (f->error != NULL && strcmp(f->error, UI_FORM_NO_CHOICE) == 0) {
		free(f->error);
		f->error = NULL;
	}
	return 0;
}

/* Ctrl-S / F2: validate, build and submit; the form waits for the ack. */
static void ui_form_submit(struct ui *ui, struct ui_form *f)
{
	struct event *ev;
	char *cause = NULL;
	int i;

	if (f->pending_uid != NULL)
		return;
	for (i = 0; i < f->nspecs; i++)
		if (ui_form_choice_check(f, i) != 0)
			return;
	ui_form_save(f);
	if ((ev = f->build(ui, f, &cause)) == NULL) {
		free(f->error);
		f->error = cause;
		return;
	}
	free(f->error);
	f->error = NULL;
	if (f->advise && ui_analysis_form_advise(ui, f, ev)) {
		event_free(ev);
		return;
	}
	f->pending_uid = xstrdup(ui_submit(ui, ev, NULL,
	    f->specs == ui_form_declare_specs));
}

/* The server acked uid as seq: close the form that sent it; 1 when the
 * form had shown the warnings and the author kept the text. */
int ui_form_ack(struct ui *ui, const char *uid, int64_t seq)
{
	int kept;

	if (ui->form == NULL || ui->form->pending_uid == NULL ||
	    strcmp(ui->form->pending_uid, uid) != 0)
		return 0;
	kept = ui->form->note != NULL;
	if (kept)
		ui_message(ui, 0, "recorded as written (#%lld), warnings seen",
		    (long long)seq);
	else
		ui_message(ui, 0, "recorded");
	ui_form_close(ui);
	return kept;
}

/* Put the cursor after the text of field name, if the form has one. */
void ui_form_focus(struct ui_form *f, const char *name)
{
	int i = ui_form_field_of(f, name);

	if (i >= 0)
		ui_form_enter(f, i);
}

/* The server refused uid: show why in the form, with the cursor in the
 * field the refusal concerns; 1 when it was the form's. */
int ui_form_nack(struct ui *ui, const char *uid, const char *field,
    const char *message)
{
	struct ui_form *f = ui->form;

	if (f == NULL || f->pending_uid == NULL ||
	    strcmp(f->pending_uid, uid) != 0)
		return 0;
	free(f->pending_uid);
	f->pending_uid = NULL;
	free(f->error);
	f->error = text_sanitize(message, 0);
	ui_form_focus(f, field);
	ui->dirty = 1;
	return 1;
}

/* 1 when the form holds text typed since it opened, or is sending it:
 * what Esc would throw away. */
static int ui_form_typed(struct ui_form *f)
{
	int i;

	if (f->pending_uid != NULL)
		return 1;
	ui_form_save(f);
	for (i = 0; i < f->nspecs; i++)
		if (strcmp(f->values[i], f->initial[i]) != 0)
			return 1;
	return 0;
}

/* What the open form holds when the terminal ends with text typed into
 * it or sent and not acked: its title and each field that is filled in,
 * as typed (new string), else NULL. */
char *ui_form_left(struct ui *ui)
{
	struct ui_form *f = ui->form;
	char *out, *tmp;
	int i;

	if (f == NULL || !ui_form_typed(f))
		return NULL;
	out = xasprintf("%s%s:", f->title, f->pending_uid != NULL ?
	    " (sent, not confirmed)" : " (not sent)");
	for (i = 0; i < f->nspecs; i++) {
		if (*f->values[i] == '\0')
			continue;
		tmp = xasprintf("%s\n  %s: %s", out, f->specs[i].label,
		    f->values[i]);
		free(out);
		out = tmp;
	}
	return out;
}

/* Esc: close the form; when it holds typed text, ask first. */
static void ui_form_cancel(struct ui *ui, struct ui_form *f)
{
	if (ui_form_typed(f)) {
		f->confirm = 1;
		return;
	}
	ui_form_close(ui);
	ui_message(ui, 0, "form cancelled");
}

/* The answer to Esc's question: yes discards the typed text with the
 * form, anything else goes back to it. */
static void ui_form_confirmed(struct ui *ui, struct ui_form *f, int yes)
{
	f->confirm = 0;
	if (!yes)
		return;
	ui_form_close(ui);
	ui_message(ui, 0, "form cancelled: what was typed is discarded");
}

/* The people of the To field that start with prefix: their count, and
 * their longest common start in *common (new string, or NULL). */
static size_t ui_form_people_match(const struct ui_form *f,
    const char *prefix, char **common)
{
	size_t k, n = strlen(prefix), found = 0, j;

	*common = NULL;
	for (k = 0; f->people[k] != NULL; k++) {
		if (strncmp(f->people[k], prefix, n) != 0)
			continue;
		if (found++ == 0) {
			*common = xstrdup(f->people[k]);
			continue;
		}
		for (j = 0; (*common)[j] != '\0' &&
		    (*common)[j] == f->people[k][j]; j++)
			;
		(*common)[j] = '\0';
	}
	return found;
}

/* Replace the current field's text, the cursor after it. */
static void ui_form_set_current(struct ui_form *f, const char *text)
{
	ui_edit_set(&f->fields[f->current], text);
	f->typed_in = -1;
}

/* Tab in the To field: complete the name begun from the people who may
 * connect; 1 when it did (else Tab goes to the next field). */
static int ui_form_complete(struct ui_form *f, const char *typed)
{
	char *common;
	int done;

	if (*typed == '\0' || ui_form_people_match(f, typed, &common) == 0)
		return 0;
	done = strlen(common) > strlen(typed);
	if (done)
		ui_form_set_current(f, common);
	free(common);
	return done;
}

/* Tab, Ctrl-N and Ctrl-P in the To field: complete the name, or step
 * through the people; 1 when the request was one of these. */
static int ui_form_person(struct ui_form *f, enum ui_req req)
{
	int i = f->current, done = 0;
	size_t n;
	char *typed;

	if (f->people == NULL || f->people[0] == NULL ||
	    strcmp(f->specs[i].name, "to") != 0)
		return 0;
	for (n = 0; f->people[n] != NULL; n++)
		;
	typed = ui_form_text(f, i);
	if (req == UI_REQ_FORM_NEXT)
		done = ui_form_complete(f, typed);
	else if (req == UI_REQ_FORM_NEXT_CHOICE ||
	    req == UI_REQ_FORM_PREV_CHOICE) {
		ui_form_set_current(f, f->people[f->person]);
		f->person = (f->person + (req == UI_REQ_FORM_NEXT_CHOICE ?
		    1 : n - 1)) % n;
		done = 1;
	}
	free(typed);
	return done;
}

/* Columns of the fields' boxes. */
static int ui_form_cols(const struct ui_form *f)
{
	int cols = f->win != NULL ? getmaxx(f->win) - UI_FORM_LABEL - 3 : 0;

	return cols > 2 ? cols : 2;
}

/* Break text e into rows of cols columns: after a '\n', else after the
 * last blank that fits or, in a word longer than the row, before the
 * character that does not fit (a double-width one is never split). The
 * cursor's cell counts: a '\n' takes one, and a full last row is followed
 * by an empty one for the cursor after it. Row r starts at starts[r]
 * (room for e->len + 2); returns the number of rows. */
static size_t ui_form_wrap(const struct ui_edit *e, int cols, size_t *starts)
{
	size_t n = 1, i, brk = 0;
	int col = 0, w;

	starts[0] = 0;
	for (i = 0; i < e->len; i++) {
		w = e->buf[i] == L'\n' ? 1 : ui_edit_width(e->buf[i]);
		if (col + w > cols && i > starts[n - 1]) {
			starts[n] = brk > starts[n - 1] &&
			    ui_edit_cols(e, brk, i) + w <= cols ? brk : i;
			col = ui_edit_cols(e, starts[n++], i);
		}
		if (e->buf[i] == L'\n') {
			starts[n++] = i + 1;
			col = 0;
			continue;
		}
		col += w;
		if (e->buf[i] == L' ')
			brk = i + 1;
	}
	if (col >= cols && e->len > starts[n - 1])
		starts[n++] = e->len;
	return n;
}

/* The row of position pos among the n rows starting at starts. */
static size_t ui_form_row_of(const size_t *starts, size_t n, size_t pos)
{
	while (n > 1 && starts[n - 1] > pos)
		n--;
	return n - 1;
}

/* Up or Down (dir -1, +1) in a field of several rows: the cursor a row
 * up or down, as near its column as the row allows. */
static void ui_form_row_move(struct ui_form *f, int dir)
{
	struct ui_edit *e = &f->fields[f->current];
	size_t *starts = xcalloc(e->len + 2, sizeof *starts), n, r, p, last;
	int col, c = 0;

	n = ui_form_wrap(e, ui_form_cols(f), starts);
	r = ui_form_row_of(starts, n, e->cur);
	if ((dir < 0 && r > 0) || (dir > 0 && r + 1 < n)) {
		col = ui_edit_cols(e, starts[r], e->cur);
		r += (size_t)dir;
		last = r + 1 < n ? starts[r + 1] - 1 : e->len;
		for (p = starts[r]; p < last &&
		    c + ui_edit_width(e->buf[p]) <= col; p++)
			c += ui_edit_width(e->buf[p]);
		e->cur = p;
	}
	free(starts);
}

/* Tab, Shift-Tab: to the field step (+1, -1) away, round the form; a
 * choice begun is completed first, and a field that holds none of its
 * choices is not left. */
static void ui_form_step(struct ui_form *f, int step)
{
	if (ui_form_choice_check(f, f->current) == 0)
		ui_form_enter(f, (f->current + step + f->nspecs) % f->nspecs);
}

/* Ctrl-N, Ctrl-P in a field of choices: the next or previous one (from
 * text that is none of them, the first or the last). */
static void ui_form_choice(struct ui_form *f, int step)
{
	const char *const *c = f->specs[f->current].choices;
	char *v;
	int k, n;

	if (c == NULL)
		return;
	v = ui_form_text(f, f->current);
	for (n = 0; c[n] != NULL; n++)
		;
	for (k = 0; k < n && strcmp(c[k], v) != 0; k++)
		;
	k = k < n ? (k + step + n) % n : step > 0 ? 0 : n - 1;
	ui_edit_set(&f->fields[f->current], c[k]);
	free(v);
}

/* Insert character wc in the current field, up to the length of a text
 * field. */
static void ui_form_insert(struct ui_form *f, wchar_t wc)
{
	struct ui_edit *e = &f->fields[f->current];

	if (e->len < SR_MAX_TEXT / 4)
		ui_edit_insert(e, wc);
}

/* A request of the key table for the fields: moving between them and
 * editing the current one; 1 when it is one. */
static int ui_form_field_request(struct ui_form *f, enum ui_req req)
{
	int i = f->current, rows = f->specs[i].height > 1;
	int brief = strcmp(f->specs[i].name, "brief") == 0;

	switch (req) {
	case UI_REQ_FORM_NEXT: ui_form_step(f, 1); return 1;
	case UI_REQ_FORM_PREV: ui_form_step(f, -1); return 1;
	case UI_REQ_FORM_NEXT_CHOICE: ui_form_choice(f, 1); return 1;
	case UI_REQ_FORM_PREV_CHOICE: ui_form_choice(f, -1); return 1;
	case UI_REQ_MOVE_UP:
	case UI_REQ_MOVE_DOWN:
		if (!rows) {
			ui_form_step(f, req == UI_REQ_MOVE_UP ? -1 : 1);
			return 1;
		}
		ui_form_row_move(f, req == UI_REQ_MOVE_UP ? -1 : 1);
		break;
	case UI_REQ_EDIT_ENTER:
		if (!brief) {
			ui_form_step(f, 1);
			return 1;
		}
		ui_form_insert(f, L'\n');
		break;
	case UI_REQ_FORM_CLEAR: ui_edit_set(&f->fields[i], ""); break;
	default:
		if (!ui_edit_request(&f->fields[i], req))
			return 0;
	}
	f->typed_in = i; /* edited: typing goes on from here */
	return 1;
}

/* A request of the key table while a form is open; 1 when it is one of
 * the form's. While Esc asks, any request answers no. */
int ui_form_request(struct ui *ui, enum ui_req req)
{
	struct ui_form *f = ui->form;

	ui->dirty = 1;
	if (f->confirm)
		ui_form_confirmed(ui, f, 0);
	else if (req == UI_REQ_FORM_SEND)
		ui_form_submit(ui, f);
	else if (req == UI_REQ_EDIT_CANCEL)
		ui_form_cancel(ui, f);
	else if (ui_form_person(f, req))
		;
	else
		return ui_form_field_request(f, req);
	return 1;
}

/* A key the key table does not bind, in a form: a character is typed into
 * the field (while Esc asks: y discards, any other key goes back); other
 * keys are ignored. The first character typed into a choice field since
 * it became the current one replaces the choice it holds (other fields
 * keep their text). */
void ui_form_type(struct ui *ui, int ret, wint_t ch)
{
	struct ui_form *f = ui->form;

	ui->dirty = 1;
	if (f->confirm) {
		ui_form_confirmed(ui, f, ret == OK && (ch == 'y' || ch == 'Y'));
		return;
	}
	if (ret == KEY_CODE_YES || ch < 0x20 || (ch >= 0x7f && ch < 0xa0))
		return;
	if (f->typed_in != f->current && f->specs[f->current].choices != NULL)
		ui_edit_set(&f->fields[f->current], "");
	f->typed_in = f->current;
	ui_form_insert(f, (wchar_t)ch);
}

/* Under the label of a longer field at y (h rows shown from row top, of
 * used rows of text): whether its text goes on above or below. */
static void ui_form_draw_more(struct ui *ui, struct ui_form *f, int y,
    int h, int top, int used)
{
	attr_t a = ui_attr(ui, UI_PAIR_WARN, A_BOLD);
	char *s;

	if (h < 2)
		return;
	if (top > 0)
		ui_draw_put(f->win, y + 1, 1, "↑ more", UI_FORM_LABEL, a);
	if (used - top - h > 0) {
		s = xasprintf("↓ %d more", used - top - h);
		ui_draw_put(f->win, y + h - 1, 1, s, UI_FORM_LABEL, a);
		free(s);
	}
}

/* The first row the current field shows (h rows of n): the cursor's row
 * r stays in sight. */
static int ui_form_top(struct ui_form *f, int h, int r, int n)
{
	if (r < f->top)
		f->top = r;
	if (r >= f->top + h)
		f->top = r - h + 1;
	if (f->top > n - h)
		f->top = n - h > 0 ? n - h : 0;
	return f->top;
}

/* Draw field i of one row at row y on its underlined box, scrolled
 * sideways to keep the cursor in sight (text cut at the edge ends in
 * "…"); for the current field, the cursor's place into *cy, *cx. */
static void ui_form_draw_line(struct ui_form *f, int i, int y, int *cy,
    int *cx)
{
	struct ui_edit *e = &f->fields[i];
	int cols = ui_form_cols(f), x = UI_FORM_LABEL + 2;
	size_t left = 0;
	char *text;

	if (i == f->current) {
		left = f->left < e->cur ? f->left : e->cur;
		while (left < e->cur &&
		    ui_edit_cols(e, left, e->cur) > cols - 3)
			left++;
		f->left = left;
		*cy = y;
		*cx = x + ui_edit_cols(e, left, e->cur);
	}
	mvwhline(f->win, y, x, ' ' | A_UNDERLINE, cols);
	text = ui_edit_range(e, left, e->len);
	ui_draw_put(f->win, y, x, text, cols, A_UNDERLINE);
	free(text);
}

/* Draw field i of several rows at row y, h rows high, on its underlined
 * box; for the current field, the cursor's place into *cy, *cx. */
static void ui_form_draw_field(struct ui *ui, struct ui_form *f, int i,
    int y, int h, int *cy, int *cx)
{
	struct ui_edit *e = &f->fields[i];
	int cols = ui_form_cols(f), x = UI_FORM_LABEL + 2, top = 0, r, used;
	size_t *starts = xcalloc(e->len + 2, sizeof *starts), n, row, end;
	char *text;

	n = ui_form_wrap(e, cols, starts);
	row = ui_form_row_of(starts, n, e->cur);
	if (i == f->current) {
		top = ui_form_top(f, h, (int)row, (int)n);
		*cy = y + (int)row - top;
		*cx = x + ui_edit_cols(e, starts[row], e->cur);
	}
	for (r = 0; r < h; r++) {
		mvwhline(f->win, y + r, x, ' ' | A_UNDERLINE, cols);
		if ((size_t)(top + r) >= n)
			continue;
		row = (size_t)(top + r);
		end = row + 1 < n ? starts[row + 1] : e->len;
		if (end > starts[row] && e->buf[end - 1] == L'\n')
			end--;
		text = ui_edit_range(e, starts[row], end);
		ui_draw_put(f->win, y + r, x, text, cols, A_UNDERLINE);
		free(text);
	}
	used = (int)n - (n > 1 && starts[n - 1] == e->len);
	ui_form_draw_more(ui, f, y, h, top, used);
	free(starts);
}

/* The hint of field i: its choices, or the people the To field takes. */
static char *ui_form_field_hint(struct ui_form *f, int i)
{
	const char *const *list = f->specs[i].choices;
	char *out, *tmp, *typed = NULL;
	size_t k, n = 0;

	if (list != NULL)
		out = xstrdup("one of:");
	else if (f->people != NULL && f->people[0] != NULL &&
	    strcmp(f->specs[i].name, "to") == 0) {
		list = (const char *const *)f->people;
		typed = ui_form_text(f, i);
		n = strlen(typed);
		out = xstrdup("Tab completes, Ctrl-N/Ctrl-P step:");
	} else
		return NULL;
	for (k = 0; list[k] != NULL; k++) {
		if (strncmp(list[k], typed != NULL ? typed : "", n) != 0)
			continue;
		tmp = xasprintf("%s %s", out, list[k]);
		free(out);
		out = tmp;
	}
	free(typed);
	return out;
}

/* The form's message rows above its bottom border: the question of Esc,
 * a refusal (on two rows when long), "sending…" or the field's hint. */
static void ui_form_draw_status(struct ui *ui, struct ui_form *f)
{
	int h = getmaxy(f->win), w = getmaxx(f->win) - 2;
	attr_t alert = ui_attr(ui, UI_PAIR_ALERT, A_BOLD | A_REVERSE);
	size_t starts[2], n;
	char *hint, *first;

	if (f->confirm)
		ui_draw_put(f->win, h - 2, 1, "Discard what you typed? y: "
		    "discard it  any other key: back to the form", w, alert);
	else if (f->error != NULL) {
		n = ui_draw_wrap(f->error, w, starts, 2);
		first = xstrndup(f->error, n > 1 ? starts[1] : strlen(f->error));
		ui_draw_put(f->win, h - 3, 1, first, w, alert);
		free(first);
		if (n > 1)
			ui_draw_put(f->win, h - 2, 1, f->error + starts[1], w,
			    alert);
	} else if (f->pending_uid != NULL)
		ui_draw_put(f->win, h - 2, 1, "sending…", -1, A_DIM);
	else if ((hint = ui_form_field_hint(f, f->current)) != NULL) {
		ui_draw_put(f->win, h - 2, 1, hint, w, A_DIM);
		free(hint);
	}
}

/* Draw the form: its frame, labels, fields, note, error and hint, the
 * cursor in the current field. */
void ui_form_draw(struct ui *ui)
{
	struct ui_form *f = ui->form;
	int i, y = 2, h, cy = 0, cx = 0;

	if (f->win == NULL)
		return;
	werase(f->win);
	box(f->win, 0, 0);
	ui_draw_put(f->win, 0, 2, f->title, -1, A_BOLD);
	for (i = 0; i < f->nspecs; i++) {
		h = ui_form_height(ui, f, i);
		ui_draw_put(f->win, y, 1, f->specs[i].label, UI_FORM_LABEL, A_BOLD);
		if (f->specs[i].height == 1)
			ui_form_draw_line(f, i, y, &cy, &cx);
		else
			ui_form_draw_field(ui, f, i, y, h, &cy, &cx);
		y += h;
	}
	if (f->note != NULL)
		ui_analysis_form_note_draw(ui, f, y + 1);
	ui_form_draw_status(ui, f);
	ui_draw_put(f->win, getmaxy(f->win) - 1, 2, f->note != NULL ?
	    " Ctrl-S record as written  Tab next  Esc cancel " :
	    " Ctrl-S send  Tab next  Esc cancel ", -1, A_DIM);
	wmove(f->win, cy, cx);
	curs_set(1);
	wnoutrefresh(f->win);
}

/* The screen changed size: the form's window anew, around the fields'
 * text, the cursor where it was (a choice being typed goes on being
 * typed). */
void ui_form_resize(struct ui *ui)
{
	struct ui_form *f = ui->form;

	if (f == NULL || f->fields == NULL)
		return;
	ui_form_unbuild(f);
	ui_form_build(ui, f);
}
