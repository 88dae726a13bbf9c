/* ui-keys.c: the key table. Every key the terminal takes is one row here
 * (keymap, key, request or command, help line); dispatch looks keys up in
 * it and the help view is generated from it, so help cannot drift from
 * what the keys do. The names of keys (<Enter> in SITREP_UI_KEYS, "Enter"
 * in the help) live here too. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "text.h"
#include "xmalloc.h"
#include "ui.h"

/* Control key code of letter c. */
#define UI_KEYS_CTRL(c) ((c) & 0x1f)
/* Columns of the help's key column. */
#define UI_KEYS_COLUMN 16

/* A named key: its name in SITREP_UI_KEYS and its name in the help. A key
 * listed twice is shown by its first row; a name reads as its first key. */
struct ui_keys_name {
	const char *name;
	const char *shown;
	int ret;
	wint_t ch;
};

static const struct ui_keys_name ui_keys_names[] = {
	{ "Enter", "Enter", OK, '\r' }, { "Enter", "Enter", OK, '\n' },
	{ "Enter", "Enter", KEY_CODE_YES, KEY_ENTER },
	{ "Esc", "Esc", OK, 27 }, { "Tab", "Tab", OK, '\t' },
	{ "BTab", "Shift-Tab", KEY_CODE_YES, KEY_BTAB },
	{ "Space", "Space", OK, ' ' }, { "Lt", "<", OK, '<' },
	{ "Backspace", "Backspace", OK, 127 },
	{ "Backspace", "Backspace", KEY_CODE_YES, KEY_BACKSPACE },
	{ "Del", "Del", KEY_CODE_YES, KEY_DC },
	{ "Up", "↑", KEY_CODE_YES, KEY_UP },
	{ "Down", "↓", KEY_CODE_YES, KEY_DOWN },
	{ "Left", "←", KEY_CODE_YES, KEY_LEFT },
	{ "Right", "→", KEY_CODE_YES, KEY_RIGHT },
	{ "PgUp", "PgUp", KEY_CODE_YES, KEY_PPAGE },
	{ "PgDn", "PgDn", KEY_CODE_YES, KEY_NPAGE },
	{ "Home", "Home", KEY_CODE_YES, KEY_HOME },
	{ "End", "End", KEY_CODE_YES, KEY_END },
	{ "F1", "F1", KEY_CODE_YES, KEY_F(1) },
	{ "F2", "F2", KEY_CODE_YES, KEY_F(2) },
};
#define UI_KEYS_NNAMES (sizeof ui_keys_names / sizeof ui_keys_names[0])

/* A keymap: its title in the help and the map it falls back to. */
struct ui_keys_mapinfo {
	const char *title;
	enum ui_keys_map parent;  /* UI_KEYS_MAP_COUNT: none */
};

static const struct ui_keys_mapinfo ui_keys_maps[UI_KEYS_MAP_COUNT] = {
	[UI_KEYS_ANY] = { "Everywhere, in forms and at the input line too",
	    UI_KEYS_MAP_COUNT },
	[UI_KEYS_MAIN] = { "Every view, the incident list too", UI_KEYS_ANY },
	[UI_KEYS_VIEW] = { "The timeline and the other views of an incident",
	    UI_KEYS_MAIN },
	[UI_KEYS_TIMELINE] = { "The timeline", UI_KEYS_VIEW },
	[UI_KEYS_ANALYSIS] = { "The analysis view (j k select an item)",
	    UI_KEYS_VIEW },
	[UI_KEYS_LIST] = { "The incident list", UI_KEYS_MAIN },
	[UI_KEYS_INPUT] = { "The input line (a leading @14:07 or @-5m "
	    "back-dates a note)", UI_KEYS_EDIT },
	[UI_KEYS_EDIT] = { "Editing, at the input line and in forms",
	    UI_KEYS_ANY },
	[UI_KEYS_FORM] = { "Forms", UI_KEYS_EDIT },
};

/* The key table, in the help's order. A row without a help line shares the
 * line of the row above (same keymap, same request). */
static const struct ui_keys_binding ui_keys_table[] = {
	{ UI_KEYS_VIEW, OK, 'i', UI_REQ_INPUT, NULL,
	    "type at the input line (plain text is a note)" },
	{ UI_KEYS_VIEW, OK, '\r', UI_REQ_INPUT, NULL, NULL },
	{ UI_KEYS_VIEW, OK, '\n', UI_REQ_INPUT, NULL, NULL },
	{ UI_KEYS_VIEW, KEY_CODE_YES, KEY_ENTER, UI_REQ_INPUT, NULL, NULL },
	{ UI_KEYS_VIEW, OK, '/', UI_REQ_PROMPT, "/",
	    "search the incident (the server's full-text index)" },
	{ UI_KEYS_VIEW, OK, 'u', UI_REQ_FORM_UPDATE, NULL,
	    "status update form" },
	{ UI_KEYS_VIEW, OK, 'h', UI_REQ_FORM_HANDOFF, NULL,
	    "handoff form, the brief pre-filled" },
	{ UI_KEYS_VIEW, OK, 'o', UI_REQ_FORM_HYP, NULL, "hypothesis form" },
	{ UI_KEYS_VIEW, OK, 'c', UI_REQ_FORM_FACTOR, NULL,
	    "contributing factor form (of the selected parked thought)" },
	{ UI_KEYS_VIEW, OK, 'a', UI_REQ_FORM_FOLLOWUP, NULL,
	    "follow-up form (of the selected parked thought or factor)" },
	{ UI_KEYS_VIEW, OK, 's', UI_REQ_FORM_SUMMARY, NULL,
	    "summary form: the summary, the impact, the answers" },
	{ UI_KEYS_VIEW, OK, 'A', UI_REQ_FORM_ANNOTATE, NULL,
	    "hindsight annotation form (on the selected entry)" },
	{ UI_KEYS_VIEW, OK, 'z', UI_REQ_COMMAND, "snooze 15m",
	    "snooze the update reminder 15 minutes (recorded)" },
	{ UI_KEYS_VIEW, OK, 'f', UI_REQ_PROMPT, ":filter ",
	    "filter the timeline (type= author= tag= ref=)" },
	{ UI_KEYS_VIEW, OK, 'L', UI_REQ_VIEW, "list", "the incident list" },
	{ UI_KEYS_VIEW, OK, 'k', UI_REQ_MOVE_UP, NULL,
	    "scroll up one entry" },
	{ UI_KEYS_VIEW, KEY_CODE_YES, KEY_UP, UI_REQ_MOVE_UP, NULL, NULL },
	{ UI_KEYS_VIEW, OK, 'j', UI_REQ_MOVE_DOWN, NULL,
	    "scroll down one entry" },
	{ UI_KEYS_VIEW, KEY_CODE_YES, KEY_DOWN, UI_REQ_MOVE_DOWN, NULL, NULL },
	{ UI_KEYS_VIEW, KEY_CODE_YES, KEY_PPAGE, UI_REQ_PAGE_UP, NULL,
	    "scroll up a page" },
	{ UI_KEYS_VIEW, KEY_CODE_YES, KEY_NPAGE, UI_REQ_PAGE_DOWN, NULL,
	    "scroll down a page" },
	{ UI_KEYS_VIEW, OK, 'g', UI_REQ_MOVE_FIRST, NULL,
	    "the top: the incident's first entry" },
	{ UI_KEYS_VIEW, KEY_CODE_YES, KEY_HOME, UI_REQ_MOVE_FIRST, NULL, NULL },
	{ UI_KEYS_VIEW, OK, 'G', UI_REQ_MOVE_LAST, NULL,
	    "the bottom: live, following new entries" },
	{ UI_KEYS_VIEW, KEY_CODE_YES, KEY_END, UI_REQ_MOVE_LAST, NULL, NULL },

	{ UI_KEYS_TIMELINE, OK, 'n', UI_REQ_SEARCH_NEXT, NULL,
	    "next older search match" },
	{ UI_KEYS_TIMELINE, OK, 'N', UI_REQ_SEARCH_PREV, NULL,
	    "next newer search match" },
	{ UI_KEYS_TIMELINE, OK, 'T', UI_REQ_ORDER, NULL,
	    "order: when things happened ⇄ when they were recorded" },
	{ UI_KEYS_TIMELINE, OK, 'b', UI_REQ_VIEW, "roles",
	    "the handoff briefs: who held command, each offer's brief" },
	{ UI_KEYS_TIMELINE, OK, 'x', UI_REQ_READ, NULL,
	    "read a long entry (\"… N more lines\") in full, and back" },

	{ UI_KEYS_ANALYSIS, OK, 'e', UI_REQ_CHANGE, NULL,
	    "change the selected follow-up, answer, summary or key time" },
	{ UI_KEYS_ANALYSIS, OK, 'x', UI_REQ_DISMISS, NULL,
	    "dismiss the selected parked thought, saying why" },
	{ UI_KEYS_ANALYSIS, OK, 't', UI_REQ_SHOW_ENTRIES, NULL,
	    "the selected item's entries, in the timeline" },

	{ UI_KEYS_MAIN, OK, ':', UI_REQ_PROMPT, ":",
	    "type a command (Tab completes)" },
	{ UI_KEYS_MAIN, OK, '?', UI_REQ_HELP, NULL, "this help, and back" },
	{ UI_KEYS_MAIN, OK, '\t', UI_REQ_FOCUS_NEXT, NULL,
	    "main pane → side pane → input line" },
	{ UI_KEYS_MAIN, OK, '1', UI_REQ_VIEW, "timeline",
	    "views: timeline, updates, roles, hypotheses, analysis, list" },
	{ UI_KEYS_MAIN, OK, '2', UI_REQ_VIEW, "updates", NULL },
	{ UI_KEYS_MAIN, OK, '3', UI_REQ_VIEW, "roles", NULL },
	{ UI_KEYS_MAIN, OK, '4', UI_REQ_VIEW, "hypotheses", NULL },
	{ UI_KEYS_MAIN, OK, '5', UI_REQ_VIEW, "analysis", NULL },
	{ UI_KEYS_MAIN, OK, '6', UI_REQ_VIEW, "list", NULL },
	{ UI_KEYS_MAIN, OK, 27, UI_REQ_BACK, NULL,
	    "back: close the help or a view" },
	{ UI_KEYS_MAIN, OK, 'q', UI_REQ_QUIT, NULL,
	    "detach (the incident and the server go on)" },

	{ UI_KEYS_ANY, KEY_CODE_YES, KEY_F(1), UI_REQ_HELP, NULL,
	    "this help, and back" },

	{ UI_KEYS_LIST, OK, 'k', UI_REQ_MOVE_UP, NULL,
	    "select the incident above" },
	{ UI_KEYS_LIST, KEY_CODE_YES, KEY_UP, UI_REQ_MOVE_UP, NULL, NULL },
	{ UI_KEYS_LIST, OK, 'j', UI_REQ_MOVE_DOWN, NULL,
	    "select the incident below" },
	{ UI_KEYS_LIST, KEY_CODE_YES, KEY_DOWN, UI_REQ_MOVE_DOWN, NULL, NULL },
	{ UI_KEYS_LIST, OK, '\r', UI_REQ_SELECT, NULL,
	    "open the selected incident" },
	{ UI_KEYS_LIST, OK, '\n', UI_REQ_SELECT, NULL, NULL },
	{ UI_KEYS_LIST, KEY_CODE_YES, KEY_ENTER, UI_REQ_SELECT, NULL, NULL },
	{ UI_KEYS_LIST, OK, 'd', UI_REQ_FORM_DECLARE, NULL,
	    "declare an incident (title, severity, drill)" },
	{ UI_KEYS_LIST, OK, 'r', UI_REQ_REFRESH, NULL, "refresh the list" },

	{ UI_KEYS_INPUT, OK, '\r', UI_REQ_EDIT_ENTER, NULL,
	    "send: a note, a :command or a /search" },
	{ UI_KEYS_INPUT, OK, '\n', UI_REQ_EDIT_ENTER, NULL, NULL },
	{ UI_KEYS_INPUT, KEY_CODE_YES, KEY_ENTER, UI_REQ_EDIT_ENTER, NULL, NULL },
	{ UI_KEYS_INPUT, OK, ':', UI_REQ_EDIT_PROMPT, NULL,
	    "first on the line: a command instead of a note" },
	{ UI_KEYS_INPUT, OK, '\t', UI_REQ_EDIT_COMPLETE, NULL,
	    "complete a command or its argument (else: leave)" },
	{ UI_KEYS_INPUT, OK, UI_KEYS_CTRL('u'), UI_REQ_EDIT_DEL_HOME, NULL,
	    "delete to the start of the line (all of it: the : or / too)" },
	{ UI_KEYS_INPUT, KEY_CODE_YES, KEY_UP, UI_REQ_HISTORY_PREV, NULL,
	    "older line from the history" },
	{ UI_KEYS_INPUT, KEY_CODE_YES, KEY_DOWN, UI_REQ_HISTORY_NEXT, NULL,
	    "newer line from the history" },
	{ UI_KEYS_INPUT, KEY_CODE_YES, KEY_PPAGE, UI_REQ_PAGE_UP, NULL,
	    "scroll the view up a page" },
	{ UI_KEYS_INPUT, KEY_CODE_YES, KEY_NPAGE, UI_REQ_PAGE_DOWN, NULL,
	    "scroll the view down a page" },
	{ UI_KEYS_INPUT, OK, 27, UI_REQ_EDIT_CANCEL, NULL,
	    "leave the input line (a : or / line is dropped)" },

	{ UI_KEYS_EDIT, KEY_CODE_YES, KEY_LEFT, UI_REQ_EDIT_LEFT, NULL,
	    "cursor left" },
	{ UI_KEYS_EDIT, OK, UI_KEYS_CTRL('b'), UI_REQ_EDIT_LEFT, NULL, NULL },
	{ UI_KEYS_EDIT, KEY_CODE_YES, KEY_RIGHT, UI_REQ_EDIT_RIGHT, NULL,
	    "cursor right" },
	{ UI_KEYS_EDIT, OK, UI_KEYS_CTRL('f'), UI_REQ_EDIT_RIGHT, NULL, NULL },
	{ UI_KEYS_EDIT, KEY_CODE_YES, KEY_HOME, UI_REQ_EDIT_HOME, NULL,
	    "start of the line" },
	{ UI_KEYS_EDIT, OK, UI_KEYS_CTRL('a'), UI_REQ_EDIT_HOME, NULL, NULL },
	{ UI_KEYS_EDIT, KEY_CODE_YES, KEY_END, UI_REQ_EDIT_END, NULL,
	    "end of the line" },
	{ UI_KEYS_EDIT, OK, UI_KEYS_CTRL('e'), UI_REQ_EDIT_END, NULL, NULL },
	{ UI_KEYS_EDIT, OK, 127, UI_REQ_EDIT_BACKSPACE, NULL,
	    "delete before the cursor (on an empty line: the : or /)" },
	{ UI_KEYS_EDIT, KEY_CODE_YES, KEY_BACKSPACE, UI_REQ_EDIT_BACKSPACE,
	    NULL, NULL },
	{ UI_KEYS_EDIT, OK, UI_KEYS_CTRL('h'), UI_REQ_EDIT_BACKSPACE, NULL,
	    NULL },
	{ UI_KEYS_EDIT, KEY_CODE_YES, KEY_DC, UI_REQ_EDIT_DELETE, NULL,
	    "delete at the cursor" },
	{ UI_KEYS_EDIT, OK, UI_KEYS_CTRL('d'), UI_REQ_EDIT_DELETE, NULL, NULL },
	{ UI_KEYS_EDIT, OK, UI_KEYS_CTRL('w'), UI_REQ_EDIT_DEL_WORD, NULL,
	    "delete the word before the cursor" },
	{ UI_KEYS_EDIT, OK, UI_KEYS_CTRL('k'), UI_REQ_EDIT_DEL_END, NULL,
	    "delete to the end of the line" },

	{ UI_KEYS_FORM, OK, '\t', UI_REQ_FORM_NEXT, NULL,
	    "next field (in To: complete the name first)" },
	{ UI_KEYS_FORM, KEY_CODE_YES, KEY_BTAB, UI_REQ_FORM_PREV, NULL,
	    "previous field" },
	{ UI_KEYS_FORM, KEY_CODE_YES, KEY_DOWN, UI_REQ_MOVE_DOWN, NULL,
	    "next field (a line down in a longer field)" },
	{ UI_KEYS_FORM, KEY_CODE_YES, KEY_UP, UI_REQ_MOVE_UP, NULL,
	    "previous field (a line up in a longer field)" },
	{ UI_KEYS_FORM, OK, '\r', UI_REQ_EDIT_ENTER, NULL,
	    "next field (in the brief: a new line)" },
	{ UI_KEYS_FORM, OK, '\n', UI_REQ_EDIT_ENTER, NULL, NULL },
	{ UI_KEYS_FORM, KEY_CODE_YES, KEY_ENTER, UI_REQ_EDIT_ENTER, NULL, NULL },
	{ UI_KEYS_FORM, OK, UI_KEYS_CTRL('u'), UI_REQ_FORM_CLEAR, NULL,
	    "empty the field" },
	{ UI_KEYS_FORM, OK, UI_KEYS_CTRL('n'), UI_REQ_FORM_NEXT_CHOICE, NULL,
	    "next of the field's choices (in To: the people)" },
	{ UI_KEYS_FORM, OK, UI_KEYS_CTRL('p'), UI_REQ_FORM_PREV_CHOICE, NULL,
	    "previous of the field's choices" },
	{ UI_KEYS_FORM, OK, UI_KEYS_CTRL('s'), UI_REQ_FORM_SEND, NULL, "send" },
	{ UI_KEYS_FORM, KEY_CODE_YES, KEY_F(2), UI_REQ_FORM_SEND, NULL, NULL },
	{ UI_KEYS_FORM, OK, 27, UI_REQ_EDIT_CANCEL, NULL,
	    "cancel (asks first when text was typed)" },
};
#define UI_KEYS_NTABLE (sizeof ui_keys_table / sizeof ui_keys_table[0])

/* The requests that record something: their keys are not an observer's
 * (hidden from the help and the hint bar, refused when pressed), since
 * every write of an observer is refused by the server. */
static const struct ui_keys_record {
	enum ui_req req;
	const char *command;   /* UI_REQ_COMMAND: the command's verb */
} ui_keys_recording[] = {
	{ UI_REQ_INPUT, NULL },          /* a note */
	{ UI_REQ_FORM_UPDATE, NULL },
	{ UI_REQ_FORM_HANDOFF, NULL },
	{ UI_REQ_FORM_HYP, NULL },
	{ UI_REQ_FORM_DECLARE, NULL },
	{ UI_REQ_COMMAND, "snooze" },
};

/* 1 when row b records something (an observer may not). */
int ui_keys_records(const struct ui_keys_binding *b)
{
	const struct ui_keys_record *r;
	size_t i, n;

	for (i = 0; i < sizeof ui_keys_recording / sizeof *r; i++) {
		r = &ui_keys_recording[i];
		if (r->req != b->req)
			continue;
		if (r->command == NULL)
			return 1;
		n = strlen(r->command);
		if (b->arg != NULL && strncmp(b->arg, r->command, n) == 0 &&
		    (b->arg[n] == ' ' || b->arg[n] == '\0'))
			return 1;
	}
	return 0;
}

/* Row i of the key table; NULL past the end. */
const struct ui_keys_binding *ui_keys_binding(size_t i)
{
	return i < UI_KEYS_NTABLE ? &ui_keys_table[i] : NULL;
}

/* The help line of row i (a row without one shares the line above). */
const char *ui_keys_help(size_t i)
{
	while (i > 0 && ui_keys_table[i].help == NULL)
		i--;
	return ui_keys_table[i].help;
}

/* The help's title of keymap map. */
const char *ui_keys_map_title(enum ui_keys_map map)
{
	return ui_keys_maps[map].title;
}

/* The keymap map falls back to; UI_KEYS_MAP_COUNT: none. */
enum ui_keys_map ui_keys_map_parent(enum ui_keys_map map)
{
	return ui_keys_maps[map].parent;
}

/* The binding of a key in map or the maps it falls back to; NULL: none. */
const struct ui_keys_binding *ui_keys_find(enum ui_keys_map map, int ret,
    wint_t ch)
{
	size_t i;

	for (; map < UI_KEYS_MAP_COUNT; map = ui_keys_map_parent(map)) {
		for (i = 0; i < UI_KEYS_NTABLE; i++) {
			if (ui_keys_table[i].map == map &&
			    ui_keys_table[i].ret == ret &&
			    ui_keys_table[i].ch == ch)
				return &ui_keys_table[i];
		}
	}
	return NULL;
}

/* A key's name as the help shows it ("Enter", "Ctrl-W", "q") in buf. */
void ui_keys_name(int ret, wint_t ch, char *buf, size_t n)
{
	mbstate_t st;
	size_t i, k;

	for (i = 0; i < UI_KEYS_NNAMES; i++) {
		if (ui_keys_names[i].ret == ret && ui_keys_names[i].ch == ch) {
			snprintf(buf, n, "%s", ui_keys_names[i].shown);
			return;
		}
	}
	if (ret == OK && ch < 0x20) {
		snprintf(buf, n, "Ctrl-%c", (int)ch + '@');
		return;
	}
	memset(&st, 0, sizeof st);
	if (ret != OK || n < MB_LEN_MAX + 1 ||
	    (k = wcrtomb(buf, (wchar_t)ch, &st)) == (size_t)-1)
		k = (size_t)snprintf(buf, n, "key %#x", (unsigned)ch);
	buf[k < n ? k : n - 1] = '\0';
}

/* Read a key's name as SITREP_UI_KEYS writes it ("Enter", "C-w", n bytes);
 * 0 and the key, or -1 when it names no key. */
int ui_keys_parse(const char *name, size_t n, int *ret, wint_t *ch)
{
	size_t i;

	if (n == 3 && name[0] == 'C' && name[1] == '-' &&
	    ((name[2] >= 'a' && name[2] <= 'z') ||
	    (name[2] >= 'A' && name[2] <= 'Z'))) {
		*ret = OK;
		*ch = (wint_t)UI_KEYS_CTRL(name[2]);
		return 0;
	}
	for (i = 0; i < UI_KEYS_NNAMES; i++) {
		if (strlen(ui_keys_names[i].name) == n &&
		    strncmp(ui_keys_names[i].name, name, n) == 0) {
			*ret = ui_keys_names[i].ret;
			*ch = ui_keys_names[i].ch;
			return 0;
		}
	}
	return -1;
}

/* The names SITREP_UI_KEYS takes ("<Enter> <Esc> …"). New string. */
char *ui_keys_script_names(void)
{
	char *out = xstrdup(""), *tmp;
	size_t i, k;

	for (i = 0; i < UI_KEYS_NNAMES; i++) {
		for (k = 0; k < i; k++)
			if (strcmp(ui_keys_names[k].name, ui_keys_names[i].name) == 0)
				break;
		if (k < i)
			continue;
		tmp = xasprintf("%s%s<%s>", out, *out != '\0' ? " " : "",
		    ui_keys_names[i].name);
		free(out);
		out = tmp;
	}
	return out;
}

/* Add the name of row i's key to keys (once). */
static void ui_keys_line_add(struct ui_keys_line *line, size_t i)
{
	char name[32], *at;
	size_t len = strlen(line->keys), k;

	ui_keys_name(ui_keys_table[i].ret, ui_keys_table[i].ch, name,
	    sizeof name);
	k = strlen(name);
	for (at = line->keys; (at = strstr(at, name)) != NULL; at += k) {
		if ((at == line->keys || at[-1] == ' ') &&
		    (at[k] == ' ' || at[k] == '\0'))
			return;
	}
	if (len + k + 2 > sizeof line->keys)
		return;
	snprintf(line->keys + len, sizeof line->keys - len, "%s%s",
	    len > 0 ? " " : "", name);
}

/* The help line that starts at row *i: its keymap, its keys and its help;
 * *i moves past it. 0 after the last. */
int ui_keys_help_line(size_t *i, struct ui_keys_line *line)
{
	if (*i >= UI_KEYS_NTABLE)
		return 0;
	memset(line, 0, sizeof *line);
	line->map = ui_keys_table[*i].map;
	line->records = ui_keys_records(&ui_keys_table[*i]);
	line->help = ui_keys_table[*i].help;
	do
		ui_keys_line_add(line, (*i)++);
	while (*i < UI_KEYS_NTABLE && ui_keys_table[*i].help == NULL);
	return 1;
}

/* The help line as text, the keys in a column of their own. New string. */
char *ui_keys_line_text(const struct ui_keys_line *line)
{
	int pad = UI_KEYS_COLUMN - (int)text_width(line->keys);

	return xasprintf("  %s%*s  %s", line->keys, pad > 0 ? pad : 0, "",
	    line->help);
}

/* The keymap the key goes to: the form's, the input line's or the view's. */
static enum ui_keys_map ui_keys_context(struct ui *ui)
{
	if (ui->form != NULL)
		return UI_KEYS_FORM;
	if (ui->focus == UI_FOCUS_INPUT)
		return UI_KEYS_INPUT;
	return ui_view_current(ui)->keymap;
}

/* Open the input line with a prompt and text ("/", ":filter "). */
void ui_keys_prompt(struct ui *ui, const char *arg)
{
	ui_input_clear(&ui->in);
	ui_input_set(&ui->in, arg + 1);
	ui->in.prompt = (wchar_t)arg[0];
	ui->focus = UI_FOCUS_INPUT;
}

/* Tab: main pane, side pane (when shown), input line. */
static void ui_keys_focus_next(struct ui *ui)
{
	if (ui->focus == UI_FOCUS_MAIN && ui->w_side != NULL)
		ui->focus = UI_FOCUS_SIDE;
	else
		ui->focus = UI_FOCUS_INPUT;
}

/* Esc in the main pane: from the help back where it was opened, from
 * another view back to the timeline. */
static void ui_keys_back(struct ui *ui)
{
	if (ui->view == UI_VIEW_HELP)
		ui_set_view(ui, ui->back);
	else if (ui->view != UI_VIEW_TIMELINE && ui->incident != NULL)
		ui_set_view(ui, UI_VIEW_TIMELINE);
}

/* Switch to the view named name; views of an incident need one open. */
static void ui_keys_view(struct ui *ui, const char *name)
{
	enum ui_view v = ui_view_find(name);

	if (ui_view_ops(v)->incident && ui->incident == NULL) {
		ui_message(ui, 0, "open an incident first (Enter on the list, "
		    "or d to declare one)");
		return;
	}
	ui_set_view(ui, v);
}

/* Rows a movement request scrolls the view (positive: up, back in time;
 * UI_VIEW_END: an end); 0 for other requests. */
static long ui_keys_rows(struct ui *ui, enum ui_req req)
{
	long page = getmaxy(ui->w_main) - 1;

	switch (req) {
	case UI_REQ_MOVE_UP: return 1;
	case UI_REQ_MOVE_DOWN: return -1;
	case UI_REQ_PAGE_UP: return page;
	case UI_REQ_PAGE_DOWN: return -page;
	case UI_REQ_MOVE_FIRST: return UI_VIEW_END;
	case UI_REQ_MOVE_LAST: return -UI_VIEW_END;
	default: return 0;
	}
}

/* The engine's requests, after the form, the input line and the view
 * passed them on; 1 when run. */
static int ui_keys_generic(struct ui *ui, const struct ui_keys_binding *b)
{
	const struct ui_view_ops *ops = ui_view_current(ui);
	long rows = ui_keys_rows(ui, b->req);

	if (rows != 0 && ops->scroll_by != NULL) {
		ops->scroll_by(ui, rows);
		return 1;
	}
	switch (b->req) {
	case UI_REQ_HELP:
		ui_set_view(ui, ui->view == UI_VIEW_HELP ? ui->back :
		    UI_VIEW_HELP);
		return 1;
	case UI_REQ_FOCUS_NEXT: ui_keys_focus_next(ui); return 1;
	case UI_REQ_BACK: ui_keys_back(ui); return 1;
	case UI_REQ_VIEW: ui_keys_view(ui, b->arg); return 1;
	case UI_REQ_QUIT: ui->quit = 1; return 1;
	case UI_REQ_INPUT: ui->focus = UI_FOCUS_INPUT; return 1;
	case UI_REQ_PROMPT: ui_keys_prompt(ui, b->arg); return 1;
	case UI_REQ_COMMAND: ui_cmd_run(ui, b->arg); return 1;
	case UI_REQ_FORM_UPDATE: ui_form_open_update(ui); return 1;
	case UI_REQ_FORM_HANDOFF: ui_form_open_handoff(ui, NULL); return 1;
	case UI_REQ_FORM_HYP: ui_form_open_hyp(ui); return 1;
	case UI_REQ_FORM_DECLARE: ui_form_open_declare(ui); return 1;
	case UI_REQ_FORM_FACTOR: ui_analysis_form_factor(ui, NULL); return 1;
	case UI_REQ_FORM_FOLLOWUP:
		ui_analysis_form_followup(ui, NULL, 0);
		return 1;
	case UI_REQ_FORM_SUMMARY: ui_analysis_form_summary(ui, -1); return 1;
	case UI_REQ_FORM_ANNOTATE: ui_analysis_form_annotate(ui, 0); return 1;
	case UI_REQ_REFRESH: ui_refresh_list(ui); return 1;
	default: return 0;
	}
}

/* Run a binding's request: the open form or the focused input line first,
 * then the view, then the engine; 1 when one of them ran it. */
static int ui_keys_run(struct ui *ui, const struct ui_keys_binding *b)
{
	const struct ui_view_ops *ops = ui_view_current(ui);

	if (ui->form != NULL && ui_form_request(ui, b->req))
		return 1;
	if (ui->form == NULL && ui->focus == UI_FOCUS_INPUT &&
	    ui_input_request(ui, b->req))
		return 1;
	if (ops->request != NULL && ops->request(ui, b->req))
		return 1;
	return ui_keys_generic(ui, b);
}

/* A key bound to nothing: text for a form or the input line; in the main
 * pane, a word on what to press (not while the incident loads). */
static void ui_keys_unbound(struct ui *ui, enum ui_keys_map map, int ret,
    wint_t ch)
{
	if (map == UI_KEYS_FORM)
		ui_form_type(ui, ret, ch);
	else if (map == UI_KEYS_INPUT)
		ui_input_type(ui, ret, ch);
	else if (ret == KEY_CODE_YES || map == UI_KEYS_LIST)
		ui_message(ui, 0, "press ? for the keys");
	else if (ui->readonly)
		ui_message(ui, 0, "you follow as an observer: / searches, : for "
		    "a command, ? for help");
	else if (ui->incident == NULL || ui_incident(ui) != NULL)
		ui_message(ui, 0, "press i or Enter to type a note, : for a "
		    "command, ? for help");
}

/* Take one key: look it up where the focus is and run what it is bound
 * to. Returns the binding that ran (NULL: typed as text, or bound to
 * nothing here). */
const struct ui_keys_binding *ui_keys_press(struct ui *ui, int ret, wint_t ch)
{
	enum ui_keys_map map = ui_keys_context(ui);
	const struct ui_keys_binding *b = ui_keys_find(map, ret, ch);
	char name[32];

	if (b == NULL) {
		ui_keys_unbound(ui, map, ret, ch);
		return NULL;
	}
	if (ui->readonly && ui_keys_records(b)) {
		ui_keys_name(ret, ch, name, sizeof name);
		ui_message(ui, 1, "%s records something, and you are an observer "
		    "here: you read and follow; ? lists your keys", name);
		return NULL;
	}
	if (!ui_keys_run(ui, b)) {
		ui_keys_name(ret, ch, name, sizeof name);
		ui_message(ui, 1, "%s does nothing here", name);
		return NULL;
	}
	return b;
}
