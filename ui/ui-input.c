/* ui-input.c: the input line: a wide-character line editor with history,
 * cursor keys and the Emacs keys (Ctrl-A/E/B/F/W/U/K/D). Its keys are rows
 * of the key table (ui-keys.c); this file runs their requests. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "text.h"
#include "xmalloc.h"
#include "ui.h"

/* Set up an empty line. */
void ui_input_init(struct ui_input *in)
{
	memset(in, 0, sizeof *in);
	in->cap = 64;
	in->buf = xcalloc(in->cap, sizeof *in->buf);
}

/* Free the line and its history. */
void ui_input_free(struct ui_input *in)
{
	size_t i;

	for (i = 0; i < in->nhistory; i++)
		free(in->history[i]);
	free(in->saved);
	free(in->buf);
	memset(in, 0, sizeof *in);
}

/* Empty the line (the prompt too). */
void ui_input_clear(struct ui_input *in)
{
	in->len = in->cur = in->off = 0;
	in->buf[0] = 0;
	in->prompt = 0;
	in->hpos = in->nhistory;
}

/* Make room for n more characters. */
static void ui_input_grow(struct ui_input *in, size_t n)
{
	while (in->len + n + 1 > in->cap) {
		in->cap *= 2;
		in->buf = xreallocarray(in->buf, in->cap, sizeof *in->buf);
	}
}

/* Replace the text with utf8 (the prompt stays), cursor at the end. */
void ui_input_set(struct ui_input *in, const char *utf8)
{
	mbstate_t st;
	const char *p = utf8;
	size_t n;

	memset(&st, 0, sizeof st);
	n = mbsrtowcs(NULL, &p, 0, &st);
	if (n == (size_t)-1)
		n = 0;
	in->len = 0;
	ui_input_grow(in, n);
	memset(&st, 0, sizeof st);
	p = utf8;
	if (n > 0)
		mbsrtowcs(in->buf, &p, n + 1, &st);
	in->len = n;
	in->buf[n] = 0;
	in->cur = n;
	in->off = 0;
}

/* The line as UTF-8 (without the prompt); new string. */
char *ui_input_text(const struct ui_input *in)
{
	mbstate_t st;
	const wchar_t *p = in->buf;
	size_t n;
	char *out;

	memset(&st, 0, sizeof st);
	n = wcsrtombs(NULL, &p, 0, &st);
	if (n == (size_t)-1)
		return xstrdup("");
	out = xmalloc(n + 1);
	memset(&st, 0, sizeof st);
	p = in->buf;
	wcsrtombs(out, &p, n + 1, &st);
	return out;
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

/* Insert one character at the cursor. */
static void ui_input_insert(struct ui_input *in, wchar_t wc)
{
	ui_input_grow(in, 1);
	wmemmove(in->buf + in->cur + 1, in->buf + in->cur, in->len - in->cur);
	in->buf[in->cur++] = wc;
	in->buf[++in->len] = 0;
}

/* Delete characters [from, to). */
static void ui_input_delete(struct ui_input *in, size_t from, size_t to)
{
	if (to > in->len)
		to = in->len;
	if (from >= to)
		return;
	wmemmove(in->buf + from, in->buf + to, in->len - to);
	in->len -= to - from;
	in->buf[in->len] = 0;
	in->cur = from;
}

/* Ctrl-W: delete the word before the cursor. */
static void ui_input_word_back(struct ui_input *in)
{
	size_t i = in->cur;

	while (i > 0 && iswspace((wint_t)in->buf[i - 1]))
		i--;
	while (i > 0 && !iswspace((wint_t)in->buf[i - 1]))
		i--;
	ui_input_delete(in, i, in->cur);
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

/* Backspace: delete before the cursor; on an empty line, the prompt. */
static void ui_input_backspace(struct ui_input *in)
{
	if (in->cur > 0)
		ui_input_delete(in, in->cur - 1, in->cur);
	else if (in->len == 0)
		in->prompt = 0;
}

/* Ctrl-U: delete to the start of the line; when that is all of it, the
 * ':' or '/' goes too (the line is a note again). */
static void ui_input_del_home(struct ui_input *in)
{
	if (in->cur == in->len)
		in->prompt = 0;
	ui_input_delete(in, 0, in->cur);
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

	if (in->len == 0 && in->prompt == 0)
		in->prompt = ':';
	else
		ui_input_type(ui, OK, ':');
}

/* A request of the key table while the input line has focus; 1 when it
 * is one of the line's. */
int ui_input_request(struct ui *ui, enum ui_req req)
{
	struct ui_input *in = &ui->in;

	switch (req) {
	case UI_REQ_EDIT_LEFT: if (in->cur > 0) in->cur--; return 1;
	case UI_REQ_EDIT_RIGHT: if (in->cur < in->len) in->cur++; return 1;
	case UI_REQ_EDIT_HOME: in->cur = 0; return 1;
	case UI_REQ_EDIT_END: in->cur = in->len; return 1;
	case UI_REQ_EDIT_BACKSPACE: ui_input_backspace(in); return 1;
	case UI_REQ_EDIT_DELETE: ui_input_delete(in, in->cur, in->cur + 1);
		return 1;
	case UI_REQ_EDIT_DEL_WORD: ui_input_word_back(in); return 1;
	case UI_REQ_EDIT_DEL_HOME: ui_input_del_home(in); return 1;
	case UI_REQ_EDIT_DEL_END: ui_input_delete(in, in->cur, in->len);
		return 1;
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
	if (in->len >= SR_MAX_TEXT / 4)
		return;
	ui_input_insert(in, (wchar_t)ch);
}

/* Columns of buf[from, to). */
static int ui_input_cols(const struct ui_input *in, size_t from, size_t to)
{
	int w = 0, cw;

	for (; from < to; from++) {
		cw = wcwidth(in->buf[from]);
		w += cw < 0 ? 1 : cw;
	}
	return w;
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
	if (!focus && in->len == 0 && in->prompt == 0 &&
	    ui->incident != NULL)
		ui_draw_put(w, 0, px, "(i: type a note, : command)", -1, A_DIM);
	avail = getmaxx(w) - px - 1;
	if (in->off > in->cur)
		in->off = in->cur;
	while (ui_input_cols(in, in->off, in->cur) > avail)
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
	cx = px + ui_input_cols(in, in->off, in->cur);
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
