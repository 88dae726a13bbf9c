/* ui-input.c: the input line: a wide-character line editor with history,
 * cursor keys and the Emacs keys (Ctrl-A/E/B/F/W/U/K/D). Its keys are rows
 * of the key table (ui-keys.c); this file runs their requests. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "text.h"
#include "xmalloc.h"
#include "ui.h"

/* Set up an empty line. */
void ui_input_init(struct ui_input *in)
{
	memset(in, 0, sizeof *in);
	ui_edit_init(&in->e);
}

/* Free the line and its history. */
void ui_input_free(struct ui_input *in)
{
	size_t i;

	for (i = 0; i < in->nhistory; i++)
		free(in->history[i]);
	free(in->saved);
	ui_edit_free(&in->e);
	memset(in, 0, sizeof *in);
}

/* Empty the line (the prompt too). */
void ui_input_clear(struct ui_input *in)
{
	ui_edit_set(&in->e, "");
	in->off = 0;
	in->prompt = 0;
	in->hpos = in->nhistory;
}

/* Replace the text with utf8 (the prompt stays), cursor at the end. */
void ui_input_set(struct ui_input *in, const char *utf8)
{
	ui_edit_set(&in->e, utf8);
	in->off = 0;
}

/* The line as UTF-8 (without the prompt); new string. */
char *ui_input_text(const struct ui_input *in)
{
	return ui_edit_text(&in->e);
}

/* Remember a line in the history (no repeats of the last one). */
void ui_input_history_add(struct ui_input *in, const char *line)
{
	if (*line == '\0' || (in->nhistory > 0 &&
	    strcmp(in->history[in->nhistory - 1], line) == 0)) {
		in->hpos = in->nhistory;
		return;
	}
	if (in->nhistory == UI_HISTORY) {
		free(in->history[0]);
		memmove(in->history, in->history + 1,
		    (UI_HISTORY - 1) * sizeof *in->history);
		in->nhistory--;
	}
	in->history[in->nhistory++] = xstrdup(line);
	in->hpos = in->nhistory;
}

/* Up/Down: walk the history (dir -1 older, +1 newer). */
static void ui_input_history(struct ui_input *in, int dir)
{
	char *cur;

	if (dir < 0 && in->hpos == 0)
		return;
	if (dir > 0 && in->hpos >= in->nhistory)
		return;
	if (in->hpos == in->nhistory) {
		free(in->saved);
		in->saved = ui_input_text(in);
	}
	in->hpos += dir;
	cur = in->hpos == in->nhistory ? in->saved : in->history[in->hpos];
	ui_input_set(in, cur != NULL ? cur : "");
}

/* Enter: run the line as a note, a command or a search. */
static void ui_input_enter(struct ui *ui)
{
	struct ui_input *in = &ui->in;
	char *text = ui_input_text(in), *hist;
	wchar_t prompt = in->prompt;

	hist = prompt ? xasprintf("%lc%s", (wint_t)prompt, text) :
	    xstrdup(text);
	ui_input_history_add(in, hist);
	free(hist);
	ui_input_clear(in);
	ui_message_done(ui);
	if (prompt == ':') {
		ui->focus = UI_FOCUS_MAIN;
		ui_cmd_run(ui, text);
	} else if (prompt == '/') {
		ui->focus = UI_FOCUS_MAIN;
		if (*text != '\0')
			ui_timeline_search(ui, text);
	} else if (*text != '\0')
		ui_cmd_note_line(ui, text);
	free(text);
}

/* Ctrl-U: delete to the start of the line; when that is all of it, the
 * ':' or '/' goes too (the line is a note again). */
static void ui_input_del_home(struct ui_input *in)
{
	if (in->e.cur == in->e.len)
		in->prompt = 0;
	ui_edit_delete(&in->e, 0, in->e.cur);
}

/* Tab: complete a ':' line; from any other line, back to the main pane. */
static void ui_input_tab(struct ui *ui)
{
	if (ui->in.prompt == ':')
		ui_cmd_complete(ui);
	else
		ui->focus = UI_FOCUS_MAIN;
}

/* Esc: leave the input line; a ':' or '/' line is dropped. */
static void ui_input_leave(struct ui *ui)
{
	if (ui->in.prompt != 0)
		ui_input_clear(&ui->in);
	ui->focus = UI_FOCUS_MAIN;
}

/* ':' first on an empty line makes it a command; elsewhere it is text. */
static void ui_input_colon(struct ui *ui)
{
	struct ui_input *in = &ui->in;

	if (in->e.len == 0 && in->prompt == 0)
		in->prompt = ':';
	else
		ui_input_type(ui, OK, ':');
}

/* A request of the key table while the input line has focus; 1 when it
 * is one of the line's. */
int ui_input_request(struct ui *ui, enum ui_req req)
{
	struct ui_input *in = &ui->in;

	if (req == UI_REQ_EDIT_BACKSPACE && in->e.len == 0)
		in->prompt = 0; /* Backspace on an empty line: the prompt */
	if (ui_edit_request(&in->e, req))
		return 1;
	switch (req) {
	case UI_REQ_EDIT_DEL_HOME: ui_input_del_home(in); return 1;
	case UI_REQ_HISTORY_PREV: ui_input_history(in, -1); return 1;
	case UI_REQ_HISTORY_NEXT: ui_input_history(in, 1); return 1;
	case UI_REQ_EDIT_ENTER: ui_input_enter(ui); return 1;
	case UI_REQ_EDIT_COMPLETE: ui_input_tab(ui); return 1;
	case UI_REQ_EDIT_CANCEL: ui_input_leave(ui); return 1;
	case UI_REQ_EDIT_PROMPT: ui_input_colon(ui); return 1;
	default: return 0;
	}
}

/* A key the key table does not bind, at the input line: a character is
 * typed at the cursor; other keys are ignored. */
void ui_input_type(struct ui *ui, int ret, wint_t ch)
{
	struct ui_input *in = &ui->in;

	if (ret == KEY_CODE_YES || ch < 0x20 || (ch >= 0x7f && ch < 0xa0))
		return;
	if (in->e.len >= SR_MAX_TEXT / 4)
		return;
	ui_edit_insert(&in->e, (wchar_t)ch);
}

/* Draw the line with a horizontally scrolled window around the cursor. */
void ui_input_draw(struct ui *ui, WINDOW *w)
{
	struct ui_input *in = &ui->in;
	int px = 0, avail, cx, focus = ui->focus == UI_FOCUS_INPUT &&
	    ui->form == NULL;
	char *text, *p;

	werase(w);
	if (in->prompt)
		px = ui_draw_put(w, 0, 0, in->prompt == ':' ? ":" : "/", -1, A_BOLD);
	else
		px = ui_draw_put(w, 0, 0, focus ? "> " : "  ", -1, A_BOLD);
	if (!focus && in->e.len == 0 && in->prompt == 0 &&
	    ui->incident != NULL)
		ui_draw_put(w, 0, px, ui->readonly ? "(observer: / search, "
		    ": command, ? help)" : "(i: type a note, : command)", -1,
		    A_DIM);
	avail = getmaxx(w) - px - 1;
	if (in->off > in->e.cur)
		in->off = in->e.cur;
	while (ui_edit_cols(&in->e, in->off, in->e.cur) > avail)
		in->off++;
	text = ui_input_text(in);
	p = text;
	{
		/* Skip off characters of the UTF-8 copy. */
		mbstate_t st;
		size_t k, len;

		memset(&st, 0, sizeof st);
		for (k = 0; k < in->off && *p != '\0'; k++) {
			len = mbrlen(p, MB_CUR_MAX, &st);
			p += (len == (size_t)-1 || len == (size_t)-2 || len == 0) ?
			    1 : len;
		}
	}
	ui_draw_put(w, 0, px, p, avail, A_NORMAL);
	free(text);
	cx = px + ui_edit_cols(&in->e, in->off, in->e.cur);
	wmove(w, 0, cx);
	curs_set(focus ? 1 : 0);
	wnoutrefresh(w);
}

/* Give a line back to the input line (":…" as a command), focused. */
void ui_input_restore(struct ui *ui, const char *line)
{
	ui_input_set(&ui->in, line + (line[0] == ':'));
	ui->in.prompt = line[0] == ':' ? ':' : 0;
	ui->focus = UI_FOCUS_INPUT;
}
