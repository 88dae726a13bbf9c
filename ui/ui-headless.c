/* ui-headless.c: the tig-style headless mode for deterministic tests.
 *
 * SITREP_UI_KEYS is a script of keys ("abc<Enter>:status identified<Enter>")
 * fed one at a time, and only when the terminal is idle: connected, the
 * incident loaded, no submission or request waiting. The screen is drawn on
 * a terminal opened on /dev/null with a fixed size (SITREP_UI_SIZE, default
 * 80x24) and written as text to SITREP_UI_DUMP at <Dump> and at the end.
 * <Wait:TEXT> holds the script until TEXT is on the screen (10 s at most,
 * then the run fails with status 1).
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "when.h"
#include "xmalloc.h"
#include "ui.h"

/* The largest headless terminal, in columns and in lines: a screen is
 * allocated at this size. */
#define UI_HEADLESS_MAX_SIZE 1000

/* How long <Wait:TEXT> waits before failing the run. */
#define UI_HEADLESS_WAIT_MS 10000

/* Named keys of the script. */
static const struct {
	const char *name;
	int ret;
	wint_t ch;
} ui_headless_keys[] = {
	{ "Enter", OK, '\r' }, { "Esc", OK, 27 }, { "Tab", OK, '\t' },
	{ "Space", OK, ' ' }, { "Lt", OK, '<' }, { "Backspace", OK, 127 },
	{ "BTab", KEY_CODE_YES, KEY_BTAB }, { "Up", KEY_CODE_YES, KEY_UP },
	{ "Down", KEY_CODE_YES, KEY_DOWN }, { "Left", KEY_CODE_YES, KEY_LEFT },
	{ "Right", KEY_CODE_YES, KEY_RIGHT }, { "PgUp", KEY_CODE_YES, KEY_PPAGE },
	{ "PgDn", KEY_CODE_YES, KEY_NPAGE }, { "Home", KEY_CODE_YES, KEY_HOME },
	{ "End", KEY_CODE_YES, KEY_END }, { "Del", KEY_CODE_YES, KEY_DC },
	{ "F1", KEY_CODE_YES, KEY_F(1) }, { "F2", KEY_CODE_YES, KEY_F(2) },
};

/* Read SITREP_UI_SIZE into *w and *h (80x24 when unset); -1 and *cause
 * when it is not COLSxLINES within UI_HEADLESS_MAX_SIZE. */
static int ui_headless_size(int *w, int *h, char **cause)
{
	const char *size = getenv("SITREP_UI_SIZE");
	int end = 0;

	*w = 80;
	*h = 24;
	if (size == NULL)
		return 0;
	if (sscanf(size, "%dx%d%n", w, h, &end) == 2 && size[end] == '\0' &&
	    *w >= 1 && *w <= UI_HEADLESS_MAX_SIZE && *h >= 1 &&
	    *h <= UI_HEADLESS_MAX_SIZE)
		return 0;
	*cause = xasprintf("SITREP_UI_SIZE must be COLSxLINES, each from 1 to "
	    "%d (for example 80x24), not \"%s\"", UI_HEADLESS_MAX_SIZE, size);
	return -1;
}

/* Open the terminal on /dev/null with the size of SITREP_UI_SIZE. */
int ui_headless_init(struct ui *ui, char **cause)
{
	const char *term = getenv("TERM");
	int w, h;
	char buf[16];

	if (ui_headless_size(&w, &h, cause) != 0)
		return -1;
	snprintf(buf, sizeof buf, "%d", h);
	setenv("LINES", buf, 1);
	snprintf(buf, sizeof buf, "%d", w);
	setenv("COLUMNS", buf, 1);
	if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0)
		term = "xterm-256color";
	ui->hl.out = fopen("/dev/null", "w");
	ui->hl.in = fopen("/dev/null", "r");
	if (ui->hl.out == NULL || ui->hl.in == NULL ||
	    (ui->screen = newterm(term, ui->hl.out, ui->hl.in)) == NULL) {
		*cause = xasprintf("cannot open a headless terminal of type %s",
		    term);
		return -1;
	}
	return 0;
}

/* 1 while the terminal is not settled (the next key must wait). */
int ui_headless_busy(struct ui *ui)
{
	if (ui->cstate != CLIENT_CONNECTED || ui->user == NULL)
		return 1;
	if (ui->incident != NULL && !ui->synced)
		return 1;
	if (ui->npending > 0 || ui->search_req != 0 || ui->page_req != 0 ||
	    ui->log_req != 0)
		return 1;
	if (ui->incident == NULL && ui->list == NULL)
		return 1;
	return 0;
}

/* <Wait:TEXT>: 1 while TEXT is not on the screen yet. */
static int ui_headless_waiting(struct ui *ui)
{
	char *screen;
	int found;

	if (ui->hl.wait == NULL)
		return 0;
	if (ui->dirty)
		ui_draw(ui);
	screen = ui_draw_screen_text(ui);
	found = strstr(screen, ui->hl.wait) != NULL;
	free(screen);
	if (found) {
		free(ui->hl.wait);
		ui->hl.wait = NULL;
		return 0;
	}
	if (when_now() > ui->hl.wait_deadline) {
		ui_message(ui, 1, "headless: timed out waiting for \"%s\"",
		    ui->hl.wait);
		ui_draw(ui);
		ui->exit_code = 1;
		ui->quit = 1;
	}
	return 1;
}

/* A <Name> token: run it. */
static void ui_headless_token(struct ui *ui, const char *name, size_t n)
{
	size_t i;
	int w, h;
	char *arg;

	if (n > 5 && strncmp(name, "Wait:", 5) == 0) {
		ui->hl.wait = xstrndup(name + 5, n - 5);
		ui->hl.wait_deadline = when_now() + UI_HEADLESS_WAIT_MS;
		return;
	}
	if (n == 4 && strncmp(name, "Dump", 4) == 0) {
		ui_draw(ui);
		if (ui->hl.dump != NULL)
			ui_draw_dump(ui, ui->hl.dump);
		return;
	}
	arg = xstrndup(name, n);
	if (sscanf(arg, "Resize:%dx%d", &w, &h) == 2) {
		resizeterm(h, w);
		ui_layout(ui);
	} else if (n == 3 && arg[0] == 'C' && arg[1] == '-')
		ui_key(ui, OK, (wint_t)(arg[2] & 0x1f));
	else {
		for (i = 0; i < sizeof ui_headless_keys /
		    sizeof ui_headless_keys[0]; i++) {
			if (strcmp(ui_headless_keys[i].name, arg) == 0) {
				ui_key(ui, ui_headless_keys[i].ret,
				    ui_headless_keys[i].ch);
				break;
			}
		}
	}
	free(arg);
}

/* Feed the next scripted key when idle; quit at the end of the script. */
void ui_headless_step(struct ui *ui)
{
	const char *p = ui->hl.keys + ui->hl.pos, *end;
	mbstate_t st;
	wchar_t wc;
	size_t len;

	if (ui_headless_busy(ui) || ui_headless_waiting(ui))
		return;
	if (*p == '\0') {
		ui_draw(ui);
		ui->quit = 1;
		return;
	}
	if (*p == '<' && (end = strchr(p, '>')) != NULL && end > p + 1) {
		ui->hl.pos += (size_t)(end - p) + 1;
		ui_headless_token(ui, p + 1, (size_t)(end - p) - 1);
		return;
	}
	memset(&st, 0, sizeof st);
	len = mbrtowc(&wc, p, strlen(p), &st);
	if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
		len = 1;
		wc = (unsigned char)*p;
	}
	ui->hl.pos += len;
	ui_key(ui, OK, (wint_t)wc);
}
