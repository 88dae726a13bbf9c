/* ui-draw.c: drawing helpers that count display columns, and screen dumps. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "text.h"
#include "when.h"
#include "xmalloc.h"
#include "ui.h"

/* Decode one character of s (n bytes left); its length, or 1 for a bad byte
 * (shown as U+FFFD; sanitized text never has one). */
static size_t ui_draw_decode(const char *s, size_t n, wchar_t *wc)
{
	mbstate_t st;
	size_t len;

	memset(&st, 0, sizeof st);
	len = mbrtowc(wc, s, n, &st);
	if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
		*wc = L'\xfffd';
		return 1;
	}
	return len;
}

/* Columns a character takes (controls never reach here: count them 1). */
static int ui_draw_width(wchar_t wc)
{
	int w = wcwidth(wc);

	return w < 0 ? 1 : w;
}

/* 1 when s is plain ASCII. */
static int ui_draw_is_ascii(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s >= 0x80)
			return 0;
	}
	return 1;
}

/* Columns the n bytes of s take, or more than max once past max. */
static int ui_draw_cols_n(const char *s, size_t n, int max)
{
	size_t i = 0;
	int used = 0;
	wchar_t wc;

	while (i < n && used <= max) {
		i += ui_draw_decode(s + i, n - i, &wc);
		used += ui_draw_width(wc);
	}
	return used;
}

/* Columns s takes, or more than max once it is past max. */
static int ui_draw_cols(const char *s, int max)
{
	return ui_draw_cols_n(s, strlen(s), max);
}

/* Write one character with attribute a; returns its columns. */
static int ui_draw_char(WINDOW *w, wchar_t wc, attr_t a)
{
	wchar_t one[2] = { wc, 0 };
	cchar_t cc;

	setcchar(&cc, one, a, PAIR_NUMBER(a), NULL);
	wadd_wch(w, &cc);
	return ui_draw_width(wc);
}

/* Write already-sanitized UTF-8 s at y,x in at most maxcols columns (< 0:
 * to the edge); text that does not fit ends in an ellipsis (… , or ~ on a
 * terminal that is not UTF-8), so nothing is cut without a sign. Returns
 * the columns used. A terminal whose locale is not UTF-8 gets s in ASCII,
 * every other code point as <U+XXXX>. */
int ui_draw_put(WINDOW *w, int y, int x, const char *s, int maxcols, attr_t a)
{
	size_t n = strlen(s), i = 0;
	int used = 0, cw, maxx = getmaxx(w), cut, ascii = text_locale_flags() ==
	    TEXT_ASCII;
	wchar_t wc;
	char *plain;

	if (ascii && !ui_draw_is_ascii(s)) {
		plain = text_sanitize(s, TEXT_ASCII);
		used = ui_draw_put(w, y, x, plain, maxcols, a);
		free(plain);
		return used;
	}
	if (maxcols < 0 || x + maxcols > maxx)
		maxcols = maxx - x;
	if (maxcols <= 0 || y < 0 || y >= getmaxy(w))
		return 0;
	cut = ui_draw_cols(s, maxcols) > maxcols;
	while (cut && n > 0 && s[n - 1] == ' ')
		n--; /* blanks past the edge are no text cut */
	cut = cut && ui_draw_cols_n(s, n, maxcols) > maxcols;
	wmove(w, y, x);
	while (i < n) {
		i += ui_draw_decode(s + i, n - i, &wc);
		if (wc < 0x20 || (wc >= 0x7f && wc < 0xa0))
			wc = L'?';
		cw = ui_draw_width(wc);
		if (used + cw > maxcols - cut)
			break;
		used += ui_draw_char(w, wc, a);
	}
	if (cut)
		used += ui_draw_char(w, ascii ? L'~' : L'\x2026', a);
	return used;
}

/* Sanitize untrusted s, then write it like ui_draw_put. */
int ui_draw_put_clean(WINDOW *w, int y, int x, const char *s, int maxcols,
    attr_t a)
{
	char *clean = text_sanitize(s == NULL ? "" : s, 0);
	int used;

	used = ui_draw_put(w, y, x, clean, maxcols, a);
	free(clean);
	return used;
}

/* Break sanitized s into lines of at most width columns (at spaces when
 * possible); stores up to max line start offsets, returns the line count. */
size_t ui_draw_wrap(const char *s, int width, size_t *starts, size_t max)
{
	size_t n = strlen(s), i = 0, start = 0, space = 0, lines = 0, len;
	int col = 0, cw;
	wchar_t wc;

	if (width < 1)
		width = 1;
	if (max > 0)
		starts[lines] = 0;
	lines++;
	while (i < n) {
		len = ui_draw_decode(s + i, n - i, &wc);
		cw = ui_draw_width(wc);
		if (wc == L' ')
			space = i + 1;
		if (col + cw > width && i > start) {
			if (wc == L' ') {
				i += len; /* the break eats the space */
				if (i >= n)
					break;
			} else if (space > start && space <= i)
				i = space;
			start = i;
			space = start;
			if (lines < max)
				starts[lines] = start;
			lines++;
			col = 0;
			continue;
		}
		col += cw;
		i += len;
	}
	return lines;
}

/* Clear line y of w. */
void ui_draw_clear_line(WINDOW *w, int y)
{
	wmove(w, y, 0);
	wclrtoeol(w);
}

/* "14:07" for ms in the display zone, or in zone when given. */
char *ui_draw_hm(struct ui *ui, int64_t ms, const char *zone)
{
	char *old, *out;
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char buf[16];

	if (zone == NULL)
		return when_format_hm(ms);
	old = getenv("TZ") != NULL ? xstrdup(getenv("TZ")) : NULL;
	setenv("TZ", zone, 1);
	tzset();
	localtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%H:%M", &tm);
	if (old != NULL) {
		setenv("TZ", old, 1);
		free(old);
	} else
		unsetenv("TZ");
	tzset();
	out = xstrdup(buf);
	return out;
}

/* The Unicode form of an alternate-charset line character. */
static wchar_t ui_draw_acs(wchar_t c)
{
	static const char from[] = "xqlkmjtuvwna";
	static const wchar_t to[] = L"│─┌┐└┘├┤┴┬┼▒";
	const char *p = c < 0x80 ? strchr(from, (int)c) : NULL;

	return p != NULL && c != 0 ? to[p - from] : c;
}

/* The screen as UTF-8 text, one line per row, trailing blanks trimmed. */
char *ui_draw_screen_text(struct ui *ui)
{
	size_t cap = (size_t)(ui->rows * (ui->cols * 4 + 1) + 1), len = 0;
	char *out = xmalloc(cap), mb[MB_LEN_MAX + 1];
	wchar_t wch[CCHARW_MAX + 1];
	cchar_t cc;
	attr_t a;
	short pair;
	int y, x, end;
	size_t k;
	mbstate_t st;

	for (y = 0; y < ui->rows; y++) {
		end = (int)len;
		for (x = 0; x < ui->cols; x++) {
			if (mvwin_wch(curscr, y, x, &cc) == ERR)
				break;
			if (getcchar(&cc, wch, &a, &pair, NULL) == ERR || wch[0] == 0)
				continue;
			if (a & A_ALTCHARSET)
				wch[0] = ui_draw_acs(wch[0]);
			memset(&st, 0, sizeof st);
			k = wcrtomb(mb, wch[0], &st);
			if (k == (size_t)-1 || len + k + 2 > cap)
				continue;
			memcpy(out + len, mb, k);
			len += k;
			if (wcwidth(wch[0]) == 2)
				x++; /* the second cell of a wide character */
			if (wch[0] != L' ')
				end = (int)len;
		}
		len = (size_t)end;
		out[len++] = '\n';
	}
	out[len] = '\0';
	return out;
}

/* Write the screen as text to path (the headless dump). */
void ui_draw_dump(struct ui *ui, const char *path)
{
	char *text = ui_draw_screen_text(ui), *tmp;
	FILE *f;

	tmp = xasprintf("%s.tmp", path);
	f = fopen(tmp, "w");
	if (f != NULL) {
		fputs(text, f);
		if (fclose(f) == 0)
			rename(tmp, path);
	}
	free(tmp);
	free(text);
}
