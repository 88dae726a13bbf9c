/* test-keys.c: the terminal's key table and the views that dispatch it.
 * Every row is what its key finds wherever its keymap is looked in, and
 * pressing it there runs a handler; the help view, drawn, lists exactly
 * the rows of the table; every key can be written in SITREP_UI_KEYS; an
 * observer's terminal has none of the keys that record something, and
 * the side pane's people: who joined or left is said, observers marked;
 * the analysis view's keys act on the item selected, and a form recorded
 * with warnings stays open until its text is kept or reworded.
 *
 * The terminal is linked whole and drawn on /dev/null; the client is
 * replaced at link time (its functions below record what they are asked
 * and send nothing), so no server runs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "proto.h"
#include "text.h"
#include "when.h"
#include "xmalloc.h"
#include "ui.h"

/* Control key code of letter c. */
#define TEST_KEYS_CTRL(c) ((c) & 0x1f)
/* The test terminal: wide enough for the side pane, tall enough for the
 * whole help. */
#define TEST_KEYS_COLS "100"
#define TEST_KEYS_LINES "300"
/* Rows of the key table the tests can track. */
#define TEST_KEYS_ROWS 256

/* The client double: what the terminal last asked of it. */
struct client {
	char request[32];      /* type of the last request */
	char submitted[32];    /* kind of the last submission */
	char subscribed[32];   /* incident of the last subscription */
};

/* A terminal on /dev/null and a ui on it. */
struct test_keys_term {
	FILE *out, *in;
	SCREEN *screen;
	struct client client;
	struct cmd_globals g;
	struct ui ui;
};

/* The client is replaced at link time (-Wl,--wrap=client_…, see
 * Makefile.am): the terminal talks to these instead. */

struct client *__wrap_client_connect(uv_loop_t *loop,
    const struct client_opts *opts, const struct client_cb *cb, void *arg,
    char **cause);
void __wrap_client_close(struct client *c);
void __wrap_client_request(struct client *c, json_t *msg);
const char *__wrap_client_submit(struct client *c, struct event *ev);
void __wrap_client_subscribe_snapshot(struct client *c, const char *incident,
    int tail);
size_t __wrap_client_pending(const struct client *c);
int64_t __wrap_client_subscription(const struct client *c);
const char *__wrap_client_user(const struct client *c);

/* Double: no server in these tests. */
struct client *__wrap_client_connect(uv_loop_t *loop,
    const struct client_opts *opts, const struct client_cb *cb, void *arg,
    char **cause)
{
	*cause = xstrdup("no server in the key tests");
	return NULL;
}

/* Double: nothing to close. */
void __wrap_client_close(struct client *c)
{
}

/* Double: record the request's type. */
void __wrap_client_request(struct client *c, json_t *msg)
{
	snprintf(c->request, sizeof c->request, "%s", proto_type(msg));
	json_decref(msg);
}

/* Double: record the submission's kind. */
const char *__wrap_client_submit(struct client *c, struct event *ev)
{
	snprintf(c->submitted, sizeof c->submitted, "%s",
	    event_kind_name(ev->kind));
	event_free(ev);
	return "test-uid";
}

/* Double: record the incident subscribed to. */
void __wrap_client_subscribe_snapshot(struct client *c, const char *incident,
    int tail)
{
	snprintf(c->subscribed, sizeof c->subscribed, "%s", incident);
}

/* Double: nothing is ever being sent. */
size_t __wrap_client_pending(const struct client *c)
{
	return 0;
}

/* Double: no subscription id. */
int64_t __wrap_client_subscription(const struct client *c)
{
	return 0;
}

/* Double: the user of the tests. */
const char *__wrap_client_user(const struct client *c)
{
	return "tester";
}

/* The first row of the key table bound to the plain key ch. */
static const struct ui_keys_binding *test_keys_row(wint_t ch)
{
	const struct ui_keys_binding *b;
	size_t i;

	for (i = 0; (b = ui_keys_binding(i)) != NULL; i++)
		if (b->ret == OK && b->ch == ch)
			return b;
	fail_msg("no row for %lc", (wint_t)ch);
	return NULL;
}

/* Open the test terminal and a connected ui on it showing view v, with
 * one incident on the list and INC-1 open when v shows an incident. */
static void test_keys_open(struct test_keys_term *t, enum ui_view v)
{
	char *cause = NULL;

	memset(t, 0, sizeof *t);
	t->out = fopen("/dev/null", "w");
	t->in = fopen("/dev/null", "r");
	assert_non_null(t->out);
	assert_non_null(t->in);
	t->screen = newterm("xterm-256color", t->out, t->in);
	assert_non_null(t->screen);
	if (ui_init(&t->ui, &t->g, NULL, &cause) != 0)
		fail_msg("ui_init: %s", cause);
	t->ui.client = &t->client;
	t->ui.cstate = CLIENT_CONNECTED;
	t->ui.list = json_pack("[{s:s, s:s, s:i, s:s}]", "ref", "INC-1",
	    "status", "investigating", "severity", 2, "title", "Keys");
	if (ui_view_ops(v)->incident)
		t->ui.incident = xstrdup("INC-1");
	t->ui.view = v;
	ui_layout(&t->ui);
}

/* Close the ui and the test terminal. */
static void test_keys_close(struct test_keys_term *t)
{
	ui_form_close(&t->ui);
	ui_free(&t->ui);
	endwin();
	delscreen(t->screen);
	fclose(t->out);
	fclose(t->in);
}

/* 1 when keymap m looks in keymap target: itself or a map it falls back
 * to. */
static int test_keys_reaches(enum ui_keys_map m, enum ui_keys_map target)
{
	for (; m < UI_KEYS_MAP_COUNT; m = ui_keys_map_parent(m))
		if (m == target)
			return 1;
	return 0;
}

/* A row's key as the help shows it, in buf. */
static const char *test_keys_shown(const struct ui_keys_binding *b,
    char *buf, size_t n)
{
	ui_keys_name(b->ret, b->ch, buf, n);
	return buf;
}

/* The shape of the table: a row without a help line continues the row
 * above (same keymap, same request); each keymap's rows are together, so
 * the help has one section each; every help line fits 80 columns. */
static void test_keys_table(void **state)
{
	const struct ui_keys_binding *b, *prev = NULL;
	int seen[UI_KEYS_MAP_COUNT] = { 0 };
	struct ui_keys_line line;
	size_t i;
	char *text;

	for (i = 0; (b = ui_keys_binding(i)) != NULL; prev = b, i++) {
		assert_int_not_equal(b->req, UI_REQ_NONE);
		if (b->help == NULL) {
			assert_non_null(prev);
			assert_int_equal(b->map, prev->map);
			assert_int_equal(b->req, prev->req);
		}
		if (prev == NULL || prev->map != b->map) {
			if (seen[b->map])
				fail_msg("row %zu: keymap %d is split", i, b->map);
			seen[b->map] = 1;
		}
	}
	for (i = 0; ui_keys_help_line(&i, &line);) {
		text = ui_keys_line_text(&line);
		if (text_width(text) > 80)
			fail_msg("help line wider than 80 columns: %s", text);
		free(text);
	}
}

/* No row hides another: every row is what its key finds in its keymap
 * and in every keymap that falls back to it. */
static void test_keys_reachable(void **state)
{
	const struct ui_keys_binding *b;
	enum ui_keys_map m;
	char name[32];
	size_t i;

	for (m = 0; m < UI_KEYS_MAP_COUNT; m++) {
		for (i = 0; (b = ui_keys_binding(i)) != NULL; i++) {
			if (!test_keys_reaches(m, b->map))
				continue;
			if (ui_keys_find(m, b->ret, b->ch) != b)
				fail_msg("row %zu (%s: %s) is hidden in keymap %s",
				    i, test_keys_shown(b, name, sizeof name),
				    ui_keys_help(i), ui_keys_map_title(m));
		}
	}
}

/* 1 when SITREP_UI_KEYS can write the key: a control letter, a plain
 * character, or one of the named keys. */
static int test_keys_scripted(const char *names, int ret, wint_t ch)
{
	const char *p = names, *end;
	int r;
	wint_t c;

	if (ret == OK && ch >= 1 && ch <= 26)
		return 1;
	if (ret == OK && ch > 0x20 && ch != '<' && ch != 127)
		return 1;
	while ((p = strchr(p, '<')) != NULL && (end = strchr(p, '>')) != NULL) {
		if (ui_keys_parse(p + 1, (size_t)(end - p - 1), &r, &c) == 0 &&
		    r == ret && c == ch)
			return 1;
		p = end + 1;
	}
	return 0;
}

/* Every key of the table can be pressed from a key script: itself, or a
 * key of the same help line (Enter for the keypad's Enter). */
static void test_keys_scriptable(void **state)
{
	const struct ui_keys_binding *b, *o;
	char *names = ui_keys_script_names(), name[32];
	size_t i, k;
	int ok;

	for (i = 0; (b = ui_keys_binding(i)) != NULL; i++) {
		ok = test_keys_scripted(names, b->ret, b->ch);
		for (k = 0; !ok && (o = ui_keys_binding(k)) != NULL; k++)
			ok = o->map == b->map && ui_keys_help(k) == ui_keys_help(i) &&
			    test_keys_scripted(names, o->ret, o->ch);
		if (!ok)
			fail_msg("row %zu (%s) cannot be written in SITREP_UI_KEYS",
			    i, test_keys_shown(b, name, sizeof name));
	}
	free(names);
}

/* The keymap whose help title line is, or -1. */
static int test_keys_title(const char *line)
{
	int m;

	for (m = 0; m < UI_KEYS_MAP_COUNT; m++)
		if (strcmp(line, ui_keys_map_title((enum ui_keys_map)m)) == 0)
			return m;
	return -1;
}

/* Mark the rows of map named name with help help as seen; 0 when there is
 * none (the help lists a key the table does not bind there). */
static int test_keys_mark(int map, const char *name, const char *help,
    int *seen)
{
	const struct ui_keys_binding *b;
	char shown[32];
	size_t i;
	int found = 0;

	for (i = 0; (b = ui_keys_binding(i)) != NULL; i++) {
		if ((int)b->map != map || strcmp(ui_keys_help(i), help) != 0 ||
		    strcmp(test_keys_shown(b, shown, sizeof shown), name) != 0)
			continue;
		seen[i] = 1;
		found = 1;
	}
	return found;
}

/* One key line of the help ("  j ↓   scroll down one entry") of keymap
 * map: every key it names is a row of that keymap with that help. */
static void test_keys_help_line(char *line, int map, int *seen)
{
	char *keys = line + 2, *help = strstr(keys, "  "), *name, *save;

	if (help == NULL)
		fail_msg("not a key line in the help: \"%s\"", line);
	*help = '\0';
	help += 2;
	help += strspn(help, " ");
	for (name = strtok_r(keys, " ", &save); name != NULL;
	    name = strtok_r(NULL, " ", &save))
		if (!test_keys_mark(map, name, help, seen))
			fail_msg("the help lists %s (\"%s\") under \"%s\", but the "
			    "key table binds nothing so there", name, help,
			    ui_keys_map_title((enum ui_keys_map)map));
}

/* The help view, drawn, lists exactly the key table: every row under its
 * keymap's title with its help line, and no key that no row binds. */
static void test_keys_help_screen(void **state)
{
	struct test_keys_term t;
	const struct ui_keys_binding *b;
	char *screen, *line, *save, name[32];
	int seen[TEST_KEYS_ROWS] = { 0 }, map = -1, m;
	size_t i;

	assert_null(ui_keys_binding(TEST_KEYS_ROWS));
	test_keys_open(&t, UI_VIEW_HELP);
	ui_draw(&t.ui);
	screen = ui_draw_screen_text(&t.ui);
	for (line = strtok_r(screen, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if ((m = test_keys_title(line)) >= 0)
			map = m;
		else if (map >= 0 && strncmp(line, "  ", 2) == 0 &&
		    line[2] != ' ')
			test_keys_help_line(line, map, seen);
		else if (map >= 0)
			map = -1; /* the key sections end: the input line */
	}
	for (i = 0; (b = ui_keys_binding(i)) != NULL; i++)
		if (!seen[i])
			fail_msg("the help does not list %s (%s) under \"%s\"",
			    test_keys_shown(b, name, sizeof name), ui_keys_help(i),
			    ui_keys_map_title(b->map));
	free(screen);
	test_keys_close(&t);
}

/* Press every key keymap map looks up, each on a fresh terminal showing
 * view v with the focus on map: each must run its own row. */
static void test_keys_press_map(enum ui_view v, enum ui_keys_map map)
{
	const struct ui_keys_binding *b, *got;
	struct test_keys_term t;
	char name[32];
	size_t i;

	for (i = 0; (b = ui_keys_binding(i)) != NULL; i++) {
		if (!test_keys_reaches(map, b->map))
			continue;
		test_keys_open(&t, v);
		if (map == UI_KEYS_INPUT)
			t.ui.focus = UI_FOCUS_INPUT;
		if (map == UI_KEYS_FORM)
			ui_form_open_declare(&t.ui);
		got = ui_key(&t.ui, b->ret, b->ch);
		if (got != b)
			fail_msg("%s in the %s view (%s) did not run its row "
			    "(%s): %s", test_keys_shown(b, name, sizeof name),
			    ui_view_ops(v)->name, ui_keys_map_title(map),
			    ui_keys_help(i), t.ui.msg != NULL ? t.ui.msg : "");
		test_keys_close(&t);
	}
}

/* Every key reaches a handler wherever it works: in each view, at the
 * input line and in a form. */
static void test_keys_press(void **state)
{
	int v;

	for (v = 0; v < UI_VIEW_COUNT; v++)
		test_keys_press_map((enum ui_view)v,
		    ui_view_ops((enum ui_view)v)->keymap);
	test_keys_press_map(UI_VIEW_TIMELINE, UI_KEYS_INPUT);
	test_keys_press_map(UI_VIEW_TIMELINE, UI_KEYS_FORM);
}

/* What some keys do: views, focus, a command, a request, the help over a
 * form; q at the input line is text; an unbound key says what to press. */
static void test_keys_effects(void **state)
{
	struct test_keys_term t;

	test_keys_open(&t, UI_VIEW_TIMELINE);
	assert_int_equal(ui_key(&t.ui, OK, '2')->req, UI_REQ_VIEW);
	assert_int_equal(t.ui.view, UI_VIEW_UPDATES);
	ui_key(&t.ui, OK, 27);
	assert_int_equal(t.ui.view, UI_VIEW_TIMELINE);
	ui_key(&t.ui, OK, 'z');
	assert_string_equal(t.client.submitted, "reminder.snooze");
	ui_key(&t.ui, OK, '\t');
	assert_int_equal(t.ui.focus, UI_FOCUS_SIDE);
	ui_key(&t.ui, OK, '\t');
	assert_int_equal(t.ui.focus, UI_FOCUS_INPUT);
	ui_key(&t.ui, OK, 'q');
	assert_false(t.ui.quit);
	ui_key(&t.ui, OK, 27);
	assert_null(ui_key(&t.ui, KEY_CODE_YES, KEY_F(5)));
	assert_non_null(strstr(t.ui.msg, "press ? for the keys"));
	ui_key(&t.ui, OK, 'u');
	ui_key(&t.ui, KEY_CODE_YES, KEY_F(1));
	assert_int_equal(t.ui.view, UI_VIEW_HELP);
	assert_non_null(t.ui.form);
	test_keys_close(&t);
	test_keys_open(&t, UI_VIEW_LIST);
	ui_key(&t.ui, OK, 'r');
	assert_string_equal(t.client.request, "list");
	ui_key(&t.ui, OK, '\r');
	assert_string_equal(t.client.subscribed, "INC-1");
	assert_int_equal(t.ui.view, UI_VIEW_TIMELINE);
	test_keys_close(&t);
}

/* Every key of every view for an observer: one that records something
 * does nothing but say why (no submission, no form), every other runs
 * its row. */
static void test_keys_observer_press(void)
{
	const struct ui_keys_binding *b, *got;
	struct test_keys_term t;
	char name[32];
	size_t i, records = 0;
	int v;

	for (v = 0; v < UI_VIEW_COUNT; v++) {
		for (i = 0; (b = ui_keys_binding(i)) != NULL; i++) {
			if (!test_keys_reaches(ui_view_ops(v)->keymap, b->map))
				continue;
			test_keys_open(&t, (enum ui_view)v);
			t.ui.readonly = 1;
			got = ui_key(&t.ui, b->ret, b->ch);
			if (ui_keys_records(b)) {
				records++;
				assert_null(got);
				assert_null(t.ui.form);
				assert_string_equal(t.client.submitted, "");
				assert_non_null(strstr(t.ui.msg, "observer"));
			} else if (got != b)
				fail_msg("%s did not run its row for an observer",
				    test_keys_shown(b, name, sizeof name));
			test_keys_close(&t);
		}
	}
	assert_true(records > 0);
}

/* 1 when a key line of the help on screen ends in help. */
static int test_keys_help_lists(const char *screen, const char *help)
{
	char *line = xasprintf("  %s\n", help);
	int r = strstr(screen, line) != NULL;

	free(line);
	return r;
}

/* An observer's help lists none of the keys that record, and all the
 * others; the hint bar offers none of them either. */
static void test_keys_observer(void **state)
{
	const struct ui_keys_binding *b;
	struct test_keys_term t;
	char *screen;
	size_t i;

	assert_true(ui_keys_records(test_keys_row('u')));
	assert_true(ui_keys_records(test_keys_row('d')));
	assert_true(ui_keys_records(test_keys_row('z')));
	assert_false(ui_keys_records(test_keys_row('/')));
	test_keys_open(&t, UI_VIEW_HELP);
	t.ui.readonly = 1;
	ui_draw(&t.ui);
	screen = ui_draw_screen_text(&t.ui);
	for (i = 0; (b = ui_keys_binding(i)) != NULL; i++) {
		if (ui_keys_help(i) == NULL)
			continue;
		if (ui_keys_records(b) && test_keys_help_lists(screen,
		    ui_keys_help(i)))
			fail_msg("an observer's help lists \"%s\"",
			    ui_keys_help(i));
		if (!ui_keys_records(b) && !test_keys_help_lists(screen,
		    ui_keys_help(i)))
			fail_msg("an observer's help lacks \"%s\"",
			    ui_keys_help(i));
	}
	free(screen);
	test_keys_close(&t);
	test_keys_open(&t, UI_VIEW_TIMELINE);
	t.ui.readonly = 1;
	t.ui.synced = 1;
	ui_draw(&t.ui);
	screen = ui_draw_screen_text(&t.ui);
	assert_null(strstr(screen, "u update"));
	assert_non_null(strstr(screen, "observer: read only"));
	assert_non_null(strstr(screen, "observer, connected"));
	assert_null(strstr(screen, "type a note"));
	assert_non_null(strstr(screen, "(observer: / search"));
	free(screen);
	test_keys_close(&t);
	test_keys_observer_press();
}

/* A presence message of users given as "name:access:terminal" words. */
static json_t *test_keys_presence(const char *const *users, size_t n)
{
	json_t *a = json_array();
	char name[32], access[4];
	int terminal;
	size_t i;

	for (i = 0; i < n; i++) {
		assert_int_equal(sscanf(users[i], "%31[^:]:%3[^:]:%d", name,
		    access, &terminal), 3);
		json_array_append_new(a, json_pack("{s:s, s:s, s:I, s:I, s:b}",
		    "user", name, "access", access, "since",
		    (json_int_t)1796000000000, "idle_ms", (json_int_t)2000,
		    "terminal", terminal));
	}
	return json_pack("{s:s, s:o}", "type", "presence", "users", a);
}

/* Joins and leaves of terminals are said on the message line (not the
 * first list, not ourselves, not a verb's passing connection); the side
 * pane marks observers. */
static void test_keys_joins(void **state)
{
	static const char *const first[] = { "tester:rw:1", "alice:rw:1" };
	static const char *const second[] = { "tester:rw:1", "alice:rw:1",
	    "lee:ro:1", "bob:rw:0" };
	static const char *const third[] = { "tester:rw:1", "lee:ro:1" };
	struct test_keys_term t;
	json_t *msg;
	char *screen;

	test_keys_open(&t, UI_VIEW_TIMELINE);
	t.ui.user = xstrdup("tester");
	msg = test_keys_presence(first, 2);
	ui_side_presence(&t.ui, msg);
	json_decref(msg);
	assert_null(t.ui.msg);
	msg = test_keys_presence(second, 4);
	ui_side_presence(&t.ui, msg);
	json_decref(msg);
	assert_string_equal(t.ui.msg, "lee joined (observer)");
	ui_draw(&t.ui);
	screen = ui_draw_screen_text(&t.ui);
	assert_non_null(strstr(screen, "lee       obs"));
	free(screen);
	msg = test_keys_presence(third, 2);
	ui_side_presence(&t.ui, msg);
	json_decref(msg);
	assert_string_equal(t.ui.msg, "alice left");
	test_keys_close(&t);
}

/* Fold an event of kind (seq, body stolen) into the test terminal's
 * INC-1, as if the server had sent it. */
static void test_keys_fold(struct test_keys_term *t, enum event_kind kind,
    int64_t seq, int64_t target, json_t *body)
{
	struct event *ev = event_new(kind);

	ev->incident = xstrdup("INC-1");
	ev->seq = seq;
	ev->actor = xstrdup("tester");
	ev->occurred_at = ev->recorded_at = 1700000000000LL + seq * 60000;
	ev->target = target;
	json_decref(ev->body);
	ev->body = body;
	model_apply(&t->ui.model, ev);
	ui_views_log(&t->ui, ev);
	event_free(ev);
}

/* A resolved INC-1 with an entry (#2), two parked thoughts (#3, #4), a
 * factor C1 showing #2 (#6) and a follow-up F1 without an owner (#7),
 * its analysis view drawn. */
static void test_keys_analysis_open(struct test_keys_term *t)
{
	test_keys_open(t, UI_VIEW_ANALYSIS);
	test_keys_fold(t, EV_DECLARE, 1, 0, json_pack("{s:s, s:i}", "title",
	    "Keys", "severity", 2));
	test_keys_fold(t, EV_ENTRY, 2, 0, json_pack("{s:s, s:s}", "type",
	    "note", "text", "deploy 4711 out"));
	test_keys_fold(t, EV_PARK, 3, 0, json_pack("{s:s}", "text",
	    "canary skipped"));
	test_keys_fold(t, EV_PARK, 4, 0, json_pack("{s:s}", "text",
	    "CDN slow?"));
	test_keys_fold(t, EV_STATUS, 5, 0, json_pack("{s:s}", "status",
	    "resolved"));
	test_keys_fold(t, EV_FACTOR, 6, 0, json_pack("{s:s, s:s, s:[i]}",
	    "text", "no canary gate", "category", "deployment", "entries", 2));
	test_keys_fold(t, EV_FOLLOWUP, 7, 0, json_pack("{s:s}", "text",
	    "add a canary gate"));
	t->ui.synced = 1;
	ui_draw(&t->ui);
}

/* Select the analysis item of kind and key by j from the top. */
static void test_keys_select(struct test_keys_term *t,
    enum ui_analysis_kind kind, int64_t key)
{
	size_t i;

	ui_key(&t->ui, OK, 'g');
	ui_draw(&t->ui);
	for (i = 0; i < 64 && (t->ui.an.kind != kind || t->ui.an.key != key);
	    i++) {
		ui_key(&t->ui, OK, 'j');
		ui_draw(&t->ui);
	}
	assert_int_equal(t->ui.an.kind, kind);
	assert_int_equal(t->ui.an.key, key);
}

/* 1 when the screen shows text. */
static int test_keys_shows(struct test_keys_term *t, const char *text)
{
	char *screen;
	int found;

	ui_draw(&t->ui);
	screen = ui_draw_screen_text(&t->ui);
	found = strstr(screen, text) != NULL;
	free(screen);
	return found;
}

/* The analysis view: closing's list in the rule's words; c and a on a
 * parked thought pre-fill their forms from it (--from-park), x dismisses
 * it, e changes a follow-up or answers a question, t shows a factor's
 * entries in the timeline, and 5 from there selects the factor again. */
static void test_keys_analysis(void **state)
{
	struct test_keys_term t;

	test_keys_analysis_open(&t);
	assert_true(test_keys_shows(&t, "Closing needs:"));
	assert_true(test_keys_shows(&t, "  - a summary"));
	assert_true(test_keys_shows(&t, "  - an owner (a team or role) on "
	    "follow-up 1"));
	test_keys_select(&t, UI_AN_PARKED, 3);
	ui_key(&t.ui, OK, 'c');
	assert_non_null(t.ui.form);
	assert_string_equal(ui_form_get(t.ui.form, "text"), "canary skipped");
	assert_string_equal(ui_form_get(t.ui.form, "from_park"), "#3");
	ui_key(&t.ui, OK, TEST_KEYS_CTRL('s'));
	assert_string_equal(t.client.submitted, "factor");
	ui_form_close(&t.ui);
	ui_key(&t.ui, OK, 'a');
	assert_string_equal(ui_form_get(t.ui.form, "from_park"), "#3");
	ui_form_close(&t.ui);
	ui_key(&t.ui, OK, 'x');
	assert_string_equal(t.ui.form->title, "Dismiss a parked thought");
	ui_form_close(&t.ui);
	test_keys_select(&t, UI_AN_FOLLOWUP, 1);
	ui_key(&t.ui, OK, 'e');
	assert_string_equal(ui_form_get(t.ui.form, "id"), "F1");
	ui_form_close(&t.ui);
	ui_cmd_run(&t.ui, "followup set F1");
	assert_string_equal(t.ui.form->title, "Change a follow-up");
	ui_form_close(&t.ui);
	ui_cmd_run(&t.ui, "factor");
	assert_string_equal(t.ui.form->title, "Contributing factor");
	ui_form_close(&t.ui);
	test_keys_select(&t, UI_AN_QUESTION, ANS_LUCKY);
	ui_key(&t.ui, OK, 'e');
	assert_string_equal(ui_form_get(t.ui.form, "section"), "lucky");
	ui_form_close(&t.ui);
	test_keys_select(&t, UI_AN_FACTOR, 1);
	ui_key(&t.ui, OK, 't');
	assert_int_equal(t.ui.view, UI_VIEW_TIMELINE);
	assert_int_equal(t.ui.tl.nmatches, 1);
	assert_int_equal(t.ui.tl.matches[0], 2);
	t.ui.tl.highlight = 2;
	t.ui.an.kind = UI_AN_NONE;
	ui_key(&t.ui, OK, '5');
	assert_int_equal(t.ui.an.kind, UI_AN_FACTOR);
	assert_int_equal(t.ui.an.key, 1);
	test_keys_close(&t);
}

/* Type text, a character a key. */
static void test_keys_type(struct test_keys_term *t, const char *text)
{
	for (; *text != '\0'; text++)
		ui_key(&t->ui, OK, (unsigned char)*text);
}

/* A form whose text the server would warn about shows the warnings and
 * sends nothing; Ctrl-S again with the text unchanged records it as
 * written; a reworded text is advised afresh (clean: sent at once). */
static void test_keys_warned(void **state)
{
	struct test_keys_term t;

	test_keys_analysis_open(&t);
	t.ui.user = xstrdup("tester");
	ui_key(&t.ui, OK, 'c');
	test_keys_type(&t, "we forgot the flag");
	t.client.submitted[0] = '\0';
	ui_key(&t.ui, OK, TEST_KEYS_CTRL('s'));
	assert_string_equal(t.client.submitted, "");
	assert_non_null(t.ui.form);
	assert_true(test_keys_shows(&t, "Not recorded yet; a warning:"));
	assert_true(test_keys_shows(&t, "forgot\" points at a person"));
	ui_key(&t.ui, OK, TEST_KEYS_CTRL('s'));
	assert_string_equal(t.client.submitted, "factor");
	ui_form_close(&t.ui);
	ui_key(&t.ui, OK, 'c');
	test_keys_type(&t, "we forgot it");
	t.client.submitted[0] = '\0';
	ui_key(&t.ui, OK, TEST_KEYS_CTRL('s'));
	assert_string_equal(t.client.submitted, "");
	ui_key(&t.ui, OK, TEST_KEYS_CTRL('u'));
	test_keys_type(&t, "the flag had no default");
	ui_key(&t.ui, OK, TEST_KEYS_CTRL('s'));
	assert_string_equal(t.client.submitted, "factor");
	/* Reworded clean: the warnings no longer stand beside it. */
	assert_null(t.ui.form->note);
	test_keys_close(&t);
}

/* Fold into t's model an event of kind for INC-1 by actor at seq, with
 * body (stolen), recorded at. */
static void test_keys_fold_as(struct test_keys_term *t, enum event_kind kind,
    const char *actor, int64_t seq, int64_t at, json_t *body)
{
	struct event *ev = event_new(kind);

	json_decref(ev->body);
	ev->body = body;
	ev->incident = xstrdup("INC-1");
	ev->actor = xstrdup(actor);
	ev->seq = seq;
	ev->occurred_at = ev->recorded_at = at;
	model_apply(&t->ui.model, ev);
	event_free(ev);
}

/* The bell: rung once when the next update becomes overdue (seen on time
 * at the last tick) and once when command is offered to us, not again
 * for the same; not at all when it is off. */
static void test_keys_bell(void **state)
{
	struct test_keys_term t;
	int64_t now = when_now();

	test_keys_open(&t, UI_VIEW_TIMELINE);
	t.ui.user = xstrdup("tester");
	t.ui.bell = 1;
	t.ui.synced = 1;
	test_keys_fold_as(&t, EV_DECLARE, "alice", 1, now - 3600 * 1000,
	    json_pack("{s:s, s:i}", "title", "Overdue", "severity", 1));
	t.ui.overdue = 0;
	ui_header_bell(&t.ui, now);
	assert_int_equal(t.ui.overdue, 1);
	assert_int_equal(t.ui.bell_offer, 0);
	test_keys_fold_as(&t, EV_CMD_OFFER, "alice", 2, now, json_pack("{s:s}",
	    "to", "tester"));
	ui_header_bell(&t.ui, now);
	assert_int_equal(t.ui.bell_offer, 2);
	t.ui.bell = 0;
	t.ui.bell_offer = 0;
	ui_header_bell(&t.ui, now);
	assert_int_equal(t.ui.bell_offer, 0);
	test_keys_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_table),
		cmocka_unit_test(test_keys_reachable),
		cmocka_unit_test(test_keys_scriptable),
		cmocka_unit_test(test_keys_help_screen),
		cmocka_unit_test(test_keys_press),
		cmocka_unit_test(test_keys_effects),
		cmocka_unit_test(test_keys_observer),
		cmocka_unit_test(test_keys_joins),
		cmocka_unit_test(test_keys_analysis),
		cmocka_unit_test(test_keys_warned),
		cmocka_unit_test(test_keys_bell),
	};

	setlocale(LC_ALL, "");
	setenv("COLUMNS", TEST_KEYS_COLS, 1);
	setenv("LINES", TEST_KEYS_LINES, 1);
	unsetenv("SITREP_UI_KEYS");
	unsetenv("SITREP_UI_DUMP");
	unsetenv("SITREP_UI_TIMING");
	unsetenv("SITREP_TZ2");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
