/* ui-headless.c: the tig-style headless mode for deterministic tests.
 *
 * SITREP_UI_KEYS is a script of keys ("abc<Enter>:status identified<Enter>")
 * fed one at a time, and only when the terminal is idle: connected, the
 * incident loaded, no submission or request waiting. The screen is drawn on
 * a terminal opened on /dev/null with a fixed size (SITREP_UI_SIZE, default
 * 80x24) and written as text to SITREP_UI_DUMP at <Dump> and at the end.
 * <Wait:TEXT> holds the script until TEXT is on the screen (10 s at most,
 * then the run fails with status 1). The script is checked before the
 * terminal starts: a <token> that names no key (<Eneter>) fails the run
 * with status 2 and says which, so a typo cannot pass for a key.
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
	    ui->log_req != 0 || ui->export != NULL)
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

/* What one step of the script does. */
enum ui_headless_kind {
	UI_HEADLESS_KEY = 0,
	UI_HEADLESS_WAIT,      /* <Wait:TEXT> */
	UI_HEADLESS_DUMP,      /* <Dump> */
	UI_HEADLESS_RESIZE     /* <Resize:COLSxLINES> */
};

/* One step of the script, as read. */
struct ui_headless_step {
	enum ui_headless_kind kind;
	size_t len;            /* bytes of the script it takes */
	int ret;               /* a key: OK or KEY_CODE_YES */
	wint_t ch;
	const char *text;      /* <Wait:TEXT>: TEXT, n bytes */
	size_t n;
	int cols, lines;       /* <Resize:…> */
};

/* Read a <Name> token of n bytes (without the brackets); -1 when it is no
 * key and no script step. */
static int ui_headless_token(const char *name, size_t n,
    struct ui_headless_step *st)
{
	int used = -1;

	if (n > 5 && strncmp(name, "Wait:", 5) == 0) {
		st->kind = UI_HEADLESS_WAIT;
		st->text = name + 5;
		st->n = n - 5;
		return 0;
	}
	if (n == 4 && strncmp(name, "Dump", 4) == 0) {
		st->kind = UI_HEADLESS_DUMP;
		return 0;
	}
	if (sscanf(name, "Resize:%dx%d%n", &st->cols, &st->lines, &used) == 2 &&
	    (size_t)used == n && st->cols > 0 && st->lines > 0) {
		st->kind = UI_HEADLESS_RESIZE;
		return 0;
	}
	st->kind = UI_HEADLESS_KEY;
	return ui_keys_parse(name, n, &st->ret, &st->ch);
}

/* The refusal of an unknown <token> (len bytes at byte pos of the
 * script), with the names that are known. New string. */
static char *ui_headless_unknown(const char *token, size_t len, size_t pos)
{
	char *names = ui_keys_script_names(), *cause;

	cause = xasprintf("SITREP_UI_KEYS: unknown key %.*s at byte %zu; "
	    "named keys are %s <C-a>..<C-z>, and the steps <Wait:TEXT> <Dump> "
	    "<Resize:COLSxLINES>", (int)len, token, pos + 1, names);
	free(names);
	return cause;
}

/* Read the step at offset pos of the script; -1 and *cause when it names
 * no key (a typo must not pass for nothing). */
static int ui_headless_parse(const char *keys, size_t pos,
    struct ui_headless_step *st, char **cause)
{
	const char *p = keys + pos, *end;
	mbstate_t mb;
	wchar_t wc;

	memset(st, 0, sizeof *st);
	if (*p == '<') {
		if ((end = strchr(p, '>')) == NULL) {
			*cause = xasprintf("SITREP_UI_KEYS: a < at byte %zu has no "
			    "closing > (a literal < is written <Lt>)", pos + 1);
			return -1;
		}
		st->len = (size_t)(end - p) + 1;
		if (ui_headless_token(p + 1, st->len - 2, st) == 0)
			return 0;
		*cause = ui_headless_unknown(p, st->len, pos);
		return -1;
	}
	memset(&mb, 0, sizeof mb);
	st->len = mbrtowc(&wc, p, strlen(p), &mb);
	if (st->len == (size_t)-1 || st->len == (size_t)-2 || st->len == 0) {
		st->len = 1;
		wc = (unsigned char)*p;
	}
	st->ret = OK;
	st->ch = (wint_t)wc;
	return 0;
}

/* Check the whole script before anything runs; -1 and *cause at the
 * first step that names no key. */
int ui_headless_check(const char *keys, char **cause)
{
	struct ui_headless_step st;
	size_t pos;

	for (pos = 0; keys[pos] != '\0'; pos += st.len)
		if (ui_headless_parse(keys, pos, &st, cause) != 0)
			return -1;
	return 0;
}

/* Run one step of the script. */
static void ui_headless_run(struct ui *ui, const struct ui_headless_step *st)
{
	switch (st->kind) {
	case UI_HEADLESS_WAIT:
		ui->hl.wait = xstrndup(st->text, st->n);
		ui->hl.wait_deadline = when_now() + UI_HEADLESS_WAIT_MS;
		break;
	case UI_HEADLESS_DUMP:
		ui_draw(ui);
		if (ui->hl.dump != NULL)
			ui_draw_dump(ui, ui->hl.dump);
		break;
	case UI_HEADLESS_RESIZE:
		resizeterm(st->lines, st->cols);
		ui_layout(ui);
		break;
	default:
		ui_key(ui, st->ret, st->ch);
		break;
	}
}

/* Feed the next scripted step when idle; quit at the end of the script. */
void ui_headless_step(struct ui *ui)
{
	struct ui_headless_step st;
	char *cause = NULL;

	if (ui_headless_busy(ui) || ui_headless_waiting(ui))
		return;
	if (ui->hl.keys[ui->hl.pos] == '\0') {
		ui_draw(ui);
		ui->quit = 1;
		return;
	}
	if (ui_headless_parse(ui->hl.keys, ui->hl.pos, &st, &cause) != 0) {
		/* ui_headless_check refused the script before it started */
		ui_message(ui, 1, "%s", cause);
		free(cause);
		ui->exit_code = SR_EXIT_USAGE;
		ui->quit = 1;
		return;
	}
	ui->hl.pos += st.len;
	ui_headless_run(ui, &st);
}
