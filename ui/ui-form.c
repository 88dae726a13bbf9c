/* ui-form.c: forms built with the ncurses form library: status update
 * (pre-filled from the last one), handoff (brief pre-filled by
 * model_brief, To completed from the people who may connect), hypothesis,
 * declare; the engine the analysis forms (ui-analysis-form.c) use too. A
 * form stays open until the server acks; a refusal is shown inside it and
 * nothing typed is lost, also across a resize. Entering a field puts the
 * cursor after its text, which stays; longer fields scroll; Esc asks
 * before it throws typed text away. A form may show a note (the warnings
 * an analysis form was recorded with) above its error line. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "text.h"
#include "when.h"
#include "xmalloc.h"
#include "ui.h"

/* Columns of the label column. */
#define UI_FORM_LABEL 12

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

/* A field's value as UTF-8: rows trimmed, joined by sep. New string. */
static char *ui_form_value(FIELD *f, const char *sep)
{
	const char *buf = field_buffer(f, 0);
	int rows, cols, nrow, nbuf;
	char *out = xstrdup(""), *line, *tmp;
	wchar_t *wbuf;
	size_t n, i, k;

	field_info(f, &rows, &cols, &nrow, NULL, &nbuf, NULL);
	if (rows == 1) {
		free(out);
		return text_trim(xstrdup(buf));
	}
	n = mbstowcs(NULL, buf, 0);
	if (n == (size_t)-1)
		return out;
	wbuf = xcalloc(n + 1, sizeof *wbuf);
	mbstowcs(wbuf, buf, n + 1);
	for (i = 0; i < n; i += (size_t)cols) {
		k = n - i < (size_t)cols ? n - i : (size_t)cols;
		line = xmalloc(k * MB_CUR_MAX + 1);
		tmp = (char *)wcsncpy(xcalloc(k + 1, sizeof(wchar_t)),
		    wbuf + i, k);
		wcstombs(line, (wchar_t *)tmp, k * MB_CUR_MAX + 1);
		free(tmp);
		text_trim(line);
		if (*line != '\0') {
			tmp = xasprintf("%s%s%s", out, *out ? sep : "", line);
			free(out);
			out = tmp;
		}
		free(line);
	}
	free(wbuf);
	return out;
}

/* The separator of field i's rows in its value: the brief keeps lines. */
static const char *ui_form_sep(const struct ui_form *f, int i)
{
	return strcmp(f->specs[i].name, "brief") == 0 ? "\n" : " ";
}

/* Save every field's value (before a resize or to build the event). */
void ui_form_save(struct ui_form *f)
{
	int i;

	/* The form library copies what is typed into the current field to
	 * its buffer only when validating (or leaving the field). */
	form_driver(f->form, REQ_VALIDATION);
	for (i = 0; i < f->nspecs; i++) {
		free(f->values[i]);
		f->values[i] = ui_form_value(f->fields[i], ui_form_sep(f, i));
	}
	f->current = field_index(current_field(f->form));
}

/* Put text into a field, each '\n' starting a new row; sanitized first
 * (a pre-filled value comes from the store). */
static void ui_form_fill(FIELD *fld, const char *text, int cols)
{
	char *out = xstrdup(""), *tmp, *line, *save;
	char *copy = text_sanitize(text, TEXT_MULTILINE | text_locale_flags());
	int w, pad;

	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		w = (int)text_width(line) % cols;
		pad = w == 0 && *line ? 0 : cols - w;
		tmp = xasprintf("%s%s%*s", out, line, pad, "");
		free(out);
		out = tmp;
	}
	set_field_buffer(fld, 0, out);
	free(out);
	free(copy);
}

/* Remember the values the form opened with (pre-filled or empty), to
 * tell later whether anything was typed. */
static void ui_form_initial(struct ui_form *f)
{
	int i;

	f->initial = xcalloc((size_t)f->nspecs, sizeof *f->initial);
	for (i = 0; i < f->nspecs; i++)
		f->initial[i] = ui_form_value(f->fields[i], ui_form_sep(f, i));
}

/* The cursor enters the current field: after its text, which stays; a
 * choice is replaced by what is typed first. */
static void ui_form_enter(struct ui_form *f)
{
	form_driver(f->form, REQ_END_FIELD);
	f->typed_in = -1;
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

/* Create the fields, window and form for the current screen size. */
void ui_form_build(struct ui *ui, struct ui_form *f)
{
	int width = ui->cols - 4 > 96 ? 96 : ui->cols - 4, fw, row = 0, i, h;
	int height;

	fw = width - UI_FORM_LABEL - 3;
	f->fields = xcalloc((size_t)f->nspecs + 1, sizeof *f->fields);
	for (i = 0; i < f->nspecs; i++) {
		h = ui_form_height(ui, f, i);
		f->fields[i] = new_field(h, fw, row, 0, 0, 0);
		set_field_back(f->fields[i], A_UNDERLINE);
		/* typing at a field's start inserts (O_BLANK would wipe it);
		 * a field grows and scrolls past its height (not O_STATIC) */
		field_opts_off(f->fields[i], O_AUTOSKIP | O_BLANK | O_STATIC);
		if (f->specs[i].choices != NULL)
			set_field_type(f->fields[i], TYPE_ENUM,
			    f->specs[i].choices, 0, 0);
		if (f->values[i] != NULL)
			ui_form_fill(f->fields[i], f->values[i], fw);
		row += h;
	}
	height = row + 5 + ui_analysis_form_note_rows(ui, f, width, row);
	f->form = new_form(f->fields);
	f->win = newwin(height, width, (ui->rows - height) / 2 > 0 ?
	    (ui->rows - height) / 2 : 0, (ui->cols - width) / 2);
	f->sub = derwin(f->win, row, fw, 2, UI_FORM_LABEL + 2);
	keypad(f->win, TRUE);
	set_form_win(f->form, f->win);
	set_form_sub(f->form, f->sub);
	/* Backspace at a field's start stays in the field */
	form_opts_off(f->form, O_BS_OVERLOAD);
	post_form(f->form);
	if (f->initial == NULL)
		ui_form_initial(f);
	if (f->current > 0 && f->current < f->nspecs)
		set_current_field(f->form, f->fields[f->current]);
	ui_form_enter(f);
}

/* Free the ncurses objects (values stay). */
static void ui_form_unbuild(struct ui_form *f)
{
	int i;

	if (f->form == NULL)
		return;
	unpost_form(f->form);
	free_form(f->form);
	for (i = 0; i < f->nspecs; i++)
		free_field(f->fields[i]);
	free(f->fields);
	delwin(f->sub);
	delwin(f->win);
	f->form = NULL;
	f->fields = NULL;
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
		free(f->values[i]);
		free(f->sent != NULL ? f->sent[i] : NULL);
		free(f->initial != NULL ? f->initial[i] : NULL);
	}
	for (i = 0; f->people != NULL && f->people[i] != NULL; i++)
		free(f->people[i]);
	free(f->people);
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
	if (to != NULL) /* the brief, read from its top */
		set_current_field(f->form, f->fields[1]);
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

/* Ctrl-S / F2: validate, build and submit; the form waits for the ack. */
static void ui_form_submit(struct ui *ui, struct ui_form *f)
{
	struct event *ev;
	char *cause = NULL;

	if (f->pending_uid != NULL)
		return;
	if (form_driver(f->form, REQ_VALIDATION) != E_OK) {
		free(f->error);
		f->error = xstrdup("this field takes one of the listed values");
		return;
	}
	ui_form_save(f);
	if ((ev = f->build(ui, f, &cause)) == NULL) {
		free(f->error);
		f->error = cause;
		return;
	}
	free(f->error);
	f->error = NULL;
	f->pending_uid = xstrdup(ui_submit(ui, ev, NULL,
	    f->specs == ui_form_declare_specs));
}

/* The server acked uid: close the form that sent it. */
void ui_form_ack(struct ui *ui, const char *uid)
{
	if (ui->form == NULL || ui->form->pending_uid == NULL ||
	    strcmp(ui->form->pending_uid, uid) != 0)
		return;
	ui_message(ui, 0, "recorded");
	ui_form_close(ui);
}

/* The server refused uid: show why in the form, with the cursor in the
 * field the refusal concerns; 1 when it was the form's. */
int ui_form_nack(struct ui *ui, const char *uid, const char *field,
    const char *message)
{
	struct ui_form *f = ui->form;
	int i;

	if (f == NULL || f->pending_uid == NULL ||
	    strcmp(f->pending_uid, uid) != 0)
		return 0;
	free(f->pending_uid);
	f->pending_uid = NULL;
	free(f->error);
	f->error = text_sanitize(message, 0);
	if ((i = ui_form_field_of(f, field)) >= 0) {
		set_current_field(f->form, f->fields[i]);
		ui_form_enter(f);
	}
	ui->dirty = 1;
	return 1;
}

/* The form library's request for a request of the key table; 0: none. */
static int ui_form_driver_req(struct ui_form *f, enum ui_req req)
{
	int i = field_index(current_field(f->form));
	int multi = i >= 0 && f->specs[i].height > 1;
	int brief = i >= 0 && strcmp(f->specs[i].name, "brief") == 0;

	switch (req) {
	case UI_REQ_FORM_NEXT: return REQ_NEXT_FIELD;
	case UI_REQ_FORM_PREV: return REQ_PREV_FIELD;
	case UI_REQ_MOVE_UP: return multi ? REQ_UP_CHAR : REQ_PREV_FIELD;
	case UI_REQ_MOVE_DOWN: return multi ? REQ_DOWN_CHAR : REQ_NEXT_FIELD;
	case UI_REQ_EDIT_ENTER: return brief ? REQ_NEW_LINE : REQ_NEXT_FIELD;
	case UI_REQ_EDIT_LEFT: return REQ_LEFT_CHAR;
	case UI_REQ_EDIT_RIGHT: return REQ_RIGHT_CHAR;
	case UI_REQ_EDIT_HOME: return REQ_BEG_LINE;
	case UI_REQ_EDIT_END: return REQ_END_LINE;
	case UI_REQ_EDIT_BACKSPACE: return REQ_DEL_PREV;
	case UI_REQ_EDIT_DELETE: return REQ_DEL_CHAR;
	case UI_REQ_EDIT_DEL_WORD: return REQ_DEL_WORD;
	case UI_REQ_EDIT_DEL_END: return REQ_CLR_EOL;
	case UI_REQ_FORM_CLEAR: return REQ_CLR_FIELD;
	case UI_REQ_FORM_NEXT_CHOICE: return REQ_NEXT_CHOICE;
	case UI_REQ_FORM_PREV_CHOICE: return REQ_PREV_CHOICE;
	default: return 0;
	}
}

/* 1 when the text of a and b (NULL: empty) differs in more than white
 * space (a resize wraps the rows of a field anew). */
static int ui_form_differs(const char *a, const char *b)
{
	a = a != NULL ? a : "";
	b = b != NULL ? b : "";
	for (;;) {
		while (*a == ' ' || *a == '\n')
			a++;
		while (*b == ' ' || *b == '\n')
			b++;
		if (*a != *b)
			return 1;
		if (*a == '\0')
			return 0;
		a++;
		b++;
	}
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
		if (ui_form_differs(f->values[i], f->initial[i]))
			return 1;
	return 0;
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
	set_field_buffer(current_field(f->form), 0, text);
	ui_form_enter(f);
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
	int i = field_index(current_field(f->form)), done = 0;
	size_t n;
	char *typed;

	if (f->people == NULL || f->people[0] == NULL || i < 0 ||
	    strcmp(f->specs[i].name, "to") != 0)
		return 0;
	for (n = 0; f->people[n] != NULL; n++)
		;
	form_driver(f->form, REQ_VALIDATION);
	typed = ui_form_value(f->fields[i], " ");
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

/* Run a form library request; entering another field puts the cursor
 * after its text. */
static void ui_form_drive(struct ui_form *f, enum ui_req req, int drv)
{
	int i = field_index(current_field(f->form));

	form_driver(f->form, drv);
	if (field_index(current_field(f->form)) != i)
		ui_form_enter(f);
	else if (req != UI_REQ_FORM_NEXT_CHOICE &&
	    req != UI_REQ_FORM_PREV_CHOICE)
		f->typed_in = i; /* edited: typing goes on from here */
}

/* A request of the key table while a form is open; 1 when it is one of
 * the form's. While Esc asks, any request answers no. */
int ui_form_request(struct ui *ui, enum ui_req req)
{
	struct ui_form *f = ui->form;
	int drv = ui_form_driver_req(f, req);

	ui->dirty = 1;
	if (f->recorded != 0 && ui_analysis_form_keep(ui, req))
		return 1;
	if (f->confirm)
		ui_form_confirmed(ui, f, 0);
	else if (req == UI_REQ_FORM_SEND)
		ui_form_submit(ui, f);
	else if (req == UI_REQ_EDIT_CANCEL)
		ui_form_cancel(ui, f);
	else if (ui_form_person(f, req))
		;
	else if (drv != 0)
		ui_form_drive(f, req, drv);
	else
		return 0;
	return 1;
}

/* The first character typed into a choice field since it became the
 * current one replaces the choice it holds (other fields keep their
 * text). */
static void ui_form_enum_clear(struct ui_form *f)
{
	int i = field_index(current_field(f->form));

	if (i < 0 || i == f->typed_in)
		return;
	f->typed_in = i;
	if (f->specs[i].choices != NULL)
		form_driver(f->form, REQ_CLR_FIELD);
}

/* A key the key table does not bind, in a form: a character is typed into
 * the field (while Esc asks: y discards, any other key goes back); other
 * keys are ignored. */
void ui_form_type(struct ui *ui, int ret, wint_t ch)
{
	struct ui_form *f = ui->form;

	ui->dirty = 1;
	if (f->confirm) {
		ui_form_confirmed(ui, f, ret == OK && (ch == 'y' || ch == 'Y'));
		return;
	}
	if (ret == KEY_CODE_YES || ch < 0x20 || ch == 127)
		return;
	ui_form_enum_clear(f);
	form_driver_w(f->form, OK, ch);
}

/* Rows of field fld that hold text (its buffer grows past its height). */
static int ui_form_rows_used(FIELD *fld)
{
	const char *buf = field_buffer(fld, 0);
	int rows, cols, used = 0;
	size_t n = mbstowcs(NULL, buf, 0), i;
	wchar_t *w;

	if (n == (size_t)-1 || field_info(fld, &rows, &cols, NULL, NULL, NULL,
	    NULL) != E_OK || cols <= 0)
		return 0;
	w = xcalloc(n + 1, sizeof *w);
	mbstowcs(w, buf, n + 1);
	for (i = n; i > 0; i--) {
		if (w[i - 1] != L' ') {
			used = (int)((i - 1) / (size_t)cols) + 1;
			break;
		}
	}
	free(w);
	return used;
}

/* Under the label of a longer field at y (h rows shown): whether its text
 * goes on above or below what is shown. */
static void ui_form_draw_more(struct ui *ui, struct ui_form *f, int i, int y,
    int h)
{
	int top = current_field(f->form) == f->fields[i] ? f->form->toprow : 0;
	int below = ui_form_rows_used(f->fields[i]) - top - h;
	attr_t a = ui_attr(ui, UI_PAIR_WARN, A_BOLD);
	char *s;
	int r;

	for (r = y + 1; r < y + h; r++)
		mvwhline(f->win, r, 1, ' ', UI_FORM_LABEL);
	if (top > 0)
		ui_draw_put(f->win, y + 1, 1, "↑ more", UI_FORM_LABEL, a);
	if (below > 0) {
		s = xasprintf("↓ %d more", below);
		ui_draw_put(f->win, y + h - 1, 1, s, UI_FORM_LABEL, a);
		free(s);
	}
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
		form_driver(f->form, REQ_VALIDATION);
		typed = ui_form_value(f->fields[i], " ");
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
	int h = getmaxy(f->win), w = getmaxx(f->win) - 2, y;
	int i = field_index(current_field(f->form));
	attr_t alert = ui_attr(ui, UI_PAIR_ALERT, A_BOLD | A_REVERSE);
	size_t starts[2], n;
	char *hint, *first;

	for (y = h - 3; y < h - 1; y++) {
		ui_draw_clear_line(f->win, y);
		mvwaddch(f->win, y, 0, ACS_VLINE);
		mvwaddch(f->win, y, w + 1, ACS_VLINE);
	}
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
	else if (i >= 0 && (hint = ui_form_field_hint(f, i)) != NULL) {
		ui_draw_put(f->win, h - 2, 1, hint, w, A_DIM);
		free(hint);
	}
}

/* Draw the form's frame, labels, error and hint. */
void ui_form_draw(struct ui *ui)
{
	struct ui_form *f = ui->form;
	int i, y = 2, h;

	box(f->win, 0, 0);
	ui_draw_put(f->win, 0, 2, f->title, -1, A_BOLD);
	for (i = 0; i < f->nspecs; i++) {
		h = ui_form_height(ui, f, i);
		ui_draw_put(f->win, y, 1, f->specs[i].label, UI_FORM_LABEL, A_BOLD);
		ui_form_draw_more(ui, f, i, y, h);
		y += h;
	}
	if (f->note != NULL)
		ui_analysis_form_note_draw(ui, f, y + 1);
	ui_form_draw_status(ui, f);
	ui_draw_put(f->win, getmaxy(f->win) - 1, 2, f->recorded != 0 ?
	    " Ctrl-S keep or reword  Esc keep as written " : " Ctrl-S send  "
	    "Tab next  Esc cancel ", -1, A_DIM);
	pos_form_cursor(f->form);
	curs_set(1);
	wnoutrefresh(f->win);
}

/* The screen changed size: rebuild the form around what was typed (a
 * choice being typed goes on being typed). */
void ui_form_resize(struct ui *ui)
{
	struct ui_form *f = ui->form;
	int typed_in;

	if (f == NULL || f->form == NULL)
		return;
	typed_in = f->typed_in;
	ui_form_save(f);
	ui_form_unbuild(f);
	ui_form_build(ui, f);
	f->typed_in = typed_in;
}
