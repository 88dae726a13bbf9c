/* ui-edit.c: a text being edited, as wide characters with a cursor: the
 * input line's and each form field's. Display columns are wcwidth's, so
 * double-width (CJK) characters are measured as the terminal shows them. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "xmalloc.h"
#include "ui.h"

/* Set up an empty text. */
void ui_edit_init(struct ui_edit *e)
{
	memset(e, 0, sizeof *e);
	e->cap = 64;
	e->buf = xcalloc(e->cap, sizeof *e->buf);
}

/* Free the text. */
void ui_edit_free(struct ui_edit *e)
{
	free(e->buf);
	memset(e, 0, sizeof *e);
}

/* Make room for n more characters. */
static void ui_edit_grow(struct ui_edit *e, size_t n)
{
	while (e->len + n + 1 > e->cap) {
		e->cap *= 2;
		e->buf = xreallocarray(e->buf, e->cap, sizeof *e->buf);
	}
}

/* Replace the text with utf8, the cursor after it. */
void ui_edit_set(struct ui_edit *e, const char *utf8)
{
	mbstate_t st;
	const char *p = utf8;
	size_t n;

	memset(&st, 0, sizeof st);
	n = mbsrtowcs(NULL, &p, 0, &st);
	if (n == (size_t)-1)
		n = 0;
	e->len = 0;
	ui_edit_grow(e, n);
	memset(&st, 0, sizeof st);
	p = utf8;
	if (n > 0)
		mbsrtowcs(e->buf, &p, n + 1, &st);
	e->len = e->cur = n;
	e->buf[n] = 0;
}

/* The characters [from, to) of the text as UTF-8; new string. */
char *ui_edit_range(const struct ui_edit *e, size_t from, size_t to)
{
	mbstate_t st;
	const wchar_t *p = e->buf + from;
	size_t n;
	char *out;

	memset(&st, 0, sizeof st);
	n = wcsnrtombs(NULL, &p, to - from, 0, &st);
	if (n == (size_t)-1)
		return xstrdup("");
	out = xmalloc(n + 1);
	memset(&st, 0, sizeof st);
	p = e->buf + from;
	wcsnrtombs(out, &p, to - from, n, &st);
	out[n] = '\0';
	return out;
}

/* The text as UTF-8; new string. */
char *ui_edit_text(const struct ui_edit *e)
{
	return ui_edit_range(e, 0, e->len);
}

/* Insert one character at the cursor. */
void ui_edit_insert(struct ui_edit *e, wchar_t wc)
{
	ui_edit_grow(e, 1);
	wmemmove(e->buf + e->cur + 1, e->buf + e->cur, e->len - e->cur);
	e->buf[e->cur++] = wc;
	e->buf[++e->len] = 0;
}

/* Delete characters [from, to); the cursor goes to from. */
void ui_edit_delete(struct ui_edit *e, size_t from, size_t to)
{
	if (to > e->len)
		to = e->len;
	if (from >= to)
		return;
	wmemmove(e->buf + from, e->buf + to, e->len - to);
	e->len -= to - from;
	e->buf[e->len] = 0;
	e->cur = from;
}

/* Where the word before position at starts (blanks before at skipped). */
static size_t ui_edit_word_back(const struct ui_edit *e, size_t at)
{
	while (at > 0 && iswspace((wint_t)e->buf[at - 1]))
		at--;
	while (at > 0 && !iswspace((wint_t)e->buf[at - 1]))
		at--;
	return at;
}

/* Where the line of position at starts: after the '\n' before it. */
static size_t ui_edit_line_start(const struct ui_edit *e, size_t at)
{
	while (at > 0 && e->buf[at - 1] != L'\n')
		at--;
	return at;
}

/* Where the line of position at ends: at the '\n' after it, or the end. */
static size_t ui_edit_line_end(const struct ui_edit *e, size_t at)
{
	while (at < e->len && e->buf[at] != L'\n')
		at++;
	return at;
}

/* A line editing request on the text (cursor moves and deletions); 1
 * when it is one. */
int ui_edit_request(struct ui_edit *e, enum ui_req req)
{
	switch (req) {
	case UI_REQ_EDIT_LEFT: if (e->cur > 0) e->cur--; return 1;
	case UI_REQ_EDIT_RIGHT: if (e->cur < e->len) e->cur++; return 1;
	case UI_REQ_EDIT_HOME: e->cur = ui_edit_line_start(e, e->cur); return 1;
	case UI_REQ_EDIT_END: e->cur = ui_edit_line_end(e, e->cur); return 1;
	case UI_REQ_EDIT_BACKSPACE:
		if (e->cur > 0)
			ui_edit_delete(e, e->cur - 1, e->cur);
		return 1;
	case UI_REQ_EDIT_DELETE: ui_edit_delete(e, e->cur, e->cur + 1);
		return 1;
	case UI_REQ_EDIT_DEL_WORD:
		ui_edit_delete(e, ui_edit_word_back(e, e->cur), e->cur);
		return 1;
	case UI_REQ_EDIT_DEL_END:
		ui_edit_delete(e, e->cur, ui_edit_line_end(e, e->cur));
		return 1;
	default: return 0;
	}
}

/* Columns a character takes (an unprintable one is shown as one cell). */
int ui_edit_width(wchar_t wc)
{
	int w = wcwidth(wc);

	return w < 0 ? 1 : w;
}

/* Columns of the text's characters [from, to). */
int ui_edit_cols(const struct ui_edit *e, size_t from, size_t to)
{
	int w = 0;

	for (; from < to; from++)
		w += ui_edit_width(e->buf[from]);
	return w;
}
