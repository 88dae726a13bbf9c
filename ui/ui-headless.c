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

/* How long <Wait:TEXT> waits before failing the run. */
#define UI_HEADLESS_WAIT_MS 10000

/* Open the terminal on /dev/null with the size of SITREP_UI_SIZE. */
int ui_headless_init(struct ui *ui, char **cause)
{
	const char *size = getenv("SITREP_UI_SIZE"), *term = getenv("TERM");
	int w = 80, h = 24;
	char buf[16];

	if (size != NULL && sscanf(size, "%dx%d", &w, &h) != 2) {
		*cause = xasprintf("SITREP_UI_SIZE must be COLSxLINES (80x24), "
		    "not \"%s\"", size);
		return -1;
	}
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
	int w, h, ret;
	wint_t ch;
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
	} else if (ui_keys_parse(name, n, &ret, &ch) == 0)
		ui_key(ui, ret, ch);
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
