/* ui.c: the terminal's entry point, event loop wiring, client callbacks,
 * layout and key dispatch. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cfg.h"
#include "event.h"
#include "paths.h"
#include "proto.h"
#include "text.h"
#include "when.h"
#include "xmalloc.h"
#include "ui.h"

/* Set by the crash handler's restore: the one terminal to put back. The
 * crash path cannot reach the loop's state, so this is the one static. */
static volatile sig_atomic_t ui_curses_active;

/* Restore the terminal, then die of the same crash signal. */
static void ui_crash(int sig)
{
	if (ui_curses_active)
		endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Install the crash handlers (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT). */
static void ui_crash_handlers(void)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = ui_crash;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

/* An attribute: the colour pair when colour is on, else the mono one. */
attr_t ui_attr(struct ui *ui, enum ui_pair pair, attr_t mono)
{
	if (!ui->color)
		return mono;
	return COLOR_PAIR(pair) | (mono & (A_BOLD | A_REVERSE | A_UNDERLINE));
}

/* Show a message on the message line (untrusted parts already sanitized
 * by the caller or sanitized here as a whole). */
void ui_message(struct ui *ui, int error, const char *fmt, ...)
{
	va_list ap;
	char *raw;

	va_start(ap, fmt);
	raw = xvasprintf(fmt, ap);
	va_end(ap);
	free(ui->msg);
	ui->msg = text_sanitize(raw, 0);
	free(raw);
	ui->msg_error = error;
	ui->msg_at = when_now();
	ui->dirty = 1;
}

/* Forget a refusal on the message line: what came after it succeeded. */
void ui_message_done(struct ui *ui)
{
	if (ui->msg == NULL || !ui->msg_error)
		return;
	free(ui->msg);
	ui->msg = NULL;
	ui->dirty = 1;
}

/* The open incident's state, or NULL (none open or not declared yet). */
struct model_incident *ui_incident(struct ui *ui)
{
	if (ui->incident == NULL)
		return NULL;
	return model_find(&ui->model, ui->incident);
}

/* Send a request with a fresh id; returns the id. */
int64_t ui_request(struct ui *ui, json_t *msg)
{
	int64_t id = ++ui->next_req;

	json_object_set_new(msg, "id", json_integer(id));
	client_request(ui->client, msg);
	return id;
}

/* Ask the server for the incident list. */
void ui_refresh_list(struct ui *ui)
{
	json_t *msg = proto_msg("list");

	json_object_set_new(msg, "all", json_true());
	ui->list_req = ui_request(ui, msg);
}

/* Submit ev (stolen); remember the line that made it so a refusal can give
 * it back. Returns the uid. */
const char *ui_submit(struct ui *ui, struct event *ev, const char *text,
    int open_after)
{
	struct ui_pending *p;
	const char *uid;

	if (ev->occurred_at == 0)
		ev->occurred_at = when_now();
	uid = client_submit(ui->client, ev);
	ui->pending = xreallocarray(ui->pending, ui->npending + 1,
	    sizeof *ui->pending);
	p = &ui->pending[ui->npending++];
	memset(p, 0, sizeof *p);
	snprintf(p->uid, sizeof p->uid, "%s", uid);
	if (text == NULL)
		text = ui->typed;
	p->text = text != NULL ? xstrdup(text) : NULL;
	p->open_after = open_after;
	ui->dirty = 1;
	return uid;
}

/* Take the pending record of uid out (caller frees text); 0 when unknown. */
static int ui_pending_take(struct ui *ui, const char *uid, struct ui_pending *out)
{
	size_t i;

	for (i = 0; i < ui->npending; i++) {
		if (strcmp(ui->pending[i].uid, uid) != 0)
			continue;
		*out = ui->pending[i];
		memmove(&ui->pending[i], &ui->pending[i + 1],
		    (ui->npending - i - 1) * sizeof *ui->pending);
		ui->npending--;
		return 1;
	}
	return 0;
}

/* The views, by enum ui_view. */
static const struct ui_view_ops *const ui_view_table[UI_VIEW_COUNT] = {
	[UI_VIEW_TIMELINE] = &ui_timeline_view,
	[UI_VIEW_UPDATES] = &ui_views_updates_view,
	[UI_VIEW_ROLES] = &ui_views_roles_view,
	[UI_VIEW_HYPS] = &ui_views_hyps_view,
	[UI_VIEW_ANALYSIS] = &ui_analysis_view,
	[UI_VIEW_LIST] = &ui_views_list_view,
	[UI_VIEW_HELP] = &ui_views_help_view,
};

/* The operations of view v. */
const struct ui_view_ops *ui_view_ops(enum ui_view v)
{
	return ui_view_table[v];
}

/* The view the main pane shows: the one chosen, or the incident list
 * while a view of an incident is chosen and none is open. */
const struct ui_view_ops *ui_view_current(struct ui *ui)
{
	const struct ui_view_ops *ops = ui_view_table[ui->view];

	if (ops->incident && ui->incident == NULL)
		return ui_view_table[UI_VIEW_LIST];
	return ops;
}

/* The view called name ("updates"); the timeline when none is. */
enum ui_view ui_view_find(const char *name)
{
	int i;

	for (i = 0; i < UI_VIEW_COUNT; i++)
		if (strcmp(ui_view_table[i]->name, name) == 0)
			return (enum ui_view)i;
	return UI_VIEW_TIMELINE;
}

/* Every view forgets what it keeps of the open incident. */
void ui_view_done(struct ui *ui)
{
	int i;

	for (i = 0; i < UI_VIEW_COUNT; i++)
		if (ui_view_table[i]->done != NULL)
			ui_view_table[i]->done(ui);
}

/* Switch the main pane to view v. */
void ui_set_view(struct ui *ui, enum ui_view v)
{
	if (v == UI_VIEW_HELP && ui->view != UI_VIEW_HELP)
		ui->back = ui->view;
	ui->view = v;
	ui->view_scroll = 0;
	if (ui->focus == UI_FOCUS_SIDE)
		ui->focus = UI_FOCUS_MAIN;
	if (ui_view_table[v]->open != NULL)
		ui_view_table[v]->open(ui);
	ui->dirty = 1;
}

/* Forget the open incident's state (before opening another). */
void ui_close_incident(struct ui *ui)
{
	model_free(&ui->model);
	model_init(&ui->model);
	ui_view_done(ui);
	free(ui->incident);
	ui->incident = NULL;
	ui->synced = 0;
	ui->overdue = -1;
	ui->page_req = ui->search_req = 0;
}

/* The canonical reference ("INC-7") of "INC-7", "inc-7" or "7"; other
 * text is kept as it is. New string. */
static char *ui_ref(const char *incident)
{
	const char *p = incident;
	char *end;
	long n;

	if (strncasecmp(p, "INC-", 4) == 0)
		p += 4;
	if (*p < '0' || *p > '9')
		return xstrdup(incident);
	n = strtol(p, &end, 10);
	if (*end != '\0' || n <= 0)
		return xstrdup(incident);
	return xasprintf("INC-%ld", n);
}

/* Open an incident: subscribe from a snapshot of its state and its last
 * events; older ones are paged in when scrolled to. */
void ui_open(struct ui *ui, const char *incident)
{
	char *ref = ui_ref(incident);

	ui_close_incident(ui);
	ui->incident = ref;
	client_subscribe_snapshot(ui->client, ui->incident, UI_TL_TAIL);
	ui->view = UI_VIEW_TIMELINE;
	ui->focus = UI_FOCUS_MAIN;
	ui->dirty = 1;
}

/* The client's connection changed. */
static void ui_on_state(struct client *c, enum client_state state,
    const char *why, void *arg)
{
	struct ui *ui = arg;

	ui->cstate = state;
	free(ui->cstate_why);
	ui->cstate_why = why != NULL ? text_sanitize(why, 0) : NULL;
	if (state == CLIENT_RECONNECTING) {
		ui->synced = 0;
		if (ui->log_req != 0) {
			ui->log_req = 0;
			ui->log_again = 1;
		}
		ui->tl.paging_before = ui->tl.paging_after = 0;
		ui->tl.jump = 0;
		ui->page_req = 0;
	}
	if (state == CLIENT_CLOSED && !ui->quit)
		ui_message(ui, 1, "disconnected for good: %s (q, then attach "
		    "again)", why != NULL ? why : "the connection ended");
	ui->dirty = 1;
}

/* Before anything is sent: a server of another store than the one asked
 * for stops the terminal (what was queued is given back). */
static char *ui_on_server(struct client *c, const json_t *welcome, void *arg)
{
	struct ui *ui = arg;
	char *why = cmd_session_store_check(ui->g, welcome);

	if (why == NULL)
		return NULL;
	free(ui->fatal);
	ui->fatal = xstrdup(why);
	ui->exit_code = SR_EXIT_SERVER;
	ui->quit = 1;
	uv_stop(ui->loop);
	return why;
}

/* Welcome: who we are and whether we may write. */
static void ui_on_welcome(struct client *c, const json_t *welcome, void *arg)
{
	struct ui *ui = arg;
	const char *access = json_string_value(json_object_get(welcome,
	    "access"));

	free(ui->user);
	ui->user = xstrdup(client_user(c));
	ui->readonly = access != NULL && strcmp(access, "ro") == 0;
	client_request(c, proto_msg("attach"));
	if (ui->incident == NULL)
		ui_refresh_list(ui);
	ui->dirty = 1;
}

/* An event of the open incident: fold it, then show it. */
static void ui_on_event(struct client *c, const struct event *ev, void *arg)
{
	struct ui *ui = arg;

	if (ui->incident == NULL || ev->incident == NULL ||
	    strcmp(ev->incident, ui->incident) != 0)
		return;
	if (ev->seq <= ui->model.last_seq && ui->model.last_seq != 0)
		return; /* already folded (a resume overlap) */
	model_apply(&ui->model, ev);
	if (ev->kind == EV_AMEND || ev->kind == EV_STRIKE)
		ui_timeline_flag(ui, ev);
	ui_timeline_add(ui, ev);
	ui_views_log(ui, ev);
	ui->dirty = 1;
}

/* Ask for the incident's status updates, handoffs and annotations, which
 * its views list in full (the snapshot's tail page has only the last
 * events). */
static void ui_request_log(struct ui *ui)
{
	json_t *msg = proto_msg("history");

	json_object_set_new(msg, "incident", json_string(ui->incident));
	json_object_set_new(msg, "kinds", json_pack("[sssss ss]", "update",
	    "command.offer", "command.accept", "command.decline",
	    "command.withdraw", "command.relieve", "annotation"));
	json_object_set_new(msg, "limit", json_integer(2 * UI_LOG_KEEP));
	ui->log_req = ui_request(ui, msg);
}

/* The incident's updates, handoffs and annotations arrived: keep them
 * for the views. */
static void ui_log_page(struct ui *ui, const json_t *msg)
{
	json_t *events = json_object_get(msg, "events"), *o;
	struct event *ev;
	char *cause = NULL;
	size_t i;

	ui->log_req = 0;
	json_array_foreach(events, i, o) {
		if ((ev = event_from_json(o, &cause)) == NULL) {
			free(cause);
			cause = NULL;
			continue;
		}
		ui_views_log(ui, ev);
		event_free(ev);
	}
}

/* The open incident's state as the server folded it: install it; its last
 * events follow as a page, then live ones. */
static void ui_on_snapshot(struct client *c, const char *incident,
    int64_t seq, const json_t *state, void *arg)
{
	struct ui *ui = arg;
	struct model_incident *inc;
	char *cause = NULL;

	if (ui->incident == NULL || strcmp(incident, ui->incident) != 0)
		return;
	model_free(&ui->model);
	model_init(&ui->model);
	ui_view_done(ui);
	ui->model.last_seq = seq;
	ui->dirty = 1;
	if (state == NULL)
		return;
	if ((inc = model_state_from_json(state, &cause)) == NULL) {
		ui_message(ui, 1, "cannot show %s: %s", incident, cause);
		free(cause);
		return;
	}
	model_add_incident(&ui->model, inc);
	ui->model.last_seq = seq;
	ui_request_log(ui);
}

/* History sent; live from here. */
static void ui_on_synced(struct client *c, const char *incident, int64_t seq,
    void *arg)
{
	struct ui *ui = arg;

	ui->synced = 1;
	if (ui->log_again && ui->incident != NULL) {
		ui->log_again = 0;
		ui_request_log(ui);
	}
	ui->dirty = 1;
}

/* A submission was stored (its first warning, if any, on the message
 * line). */
static void ui_on_ack(struct client *c, const char *uid, int64_t seq,
    const char *incident, const json_t *warnings, void *arg)
{
	struct ui *ui = arg;
	struct ui_pending p;
	const char *w = json_string_value(json_array_get(warnings, 0));

	if (!ui_pending_take(ui, uid, &p))
		return;
	ui_message_done(ui);
	if (ui_form_ack(ui, uid, seq))
		w = NULL;
	if (w != NULL)
		ui_message(ui, 1, "recorded #%lld, but: %s", (long long)seq, w);
	if (p.open_after && incident != NULL) {
		ui_open(ui, incident);
		ui_message(ui, 0, "declared %s; you are the incident commander",
		    incident);
	}
	free(p.text);
	ui->dirty = 1;
}

/* A submission was refused: say why, give back what was typed. */
static void ui_on_nack(struct client *c, const char *uid, const char *code,
    const char *field, const char *message, void *arg)
{
	struct ui *ui = arg;
	struct ui_pending p;

	if (!ui_pending_take(ui, uid, &p))
		return;
	if (ui_form_nack(ui, uid, field, message)) {
		free(p.text);
		return;
	}
	ui_cmd_refused(ui, p.text, field, message);
	if (p.text != NULL) {
		if (ui->in.e.len == 0)
			ui_input_restore(ui, p.text);
		else
			ui_input_history_add(&ui->in, p.text);
	}
	free(p.text);
}

/* 1 when a snapshot's tail page is of the open incident and of the latest
 * subscription (a fast A → B → A switch can leave A's first one on the
 * wire). */
static int ui_current(struct ui *ui, const json_t *msg)
{
	const char *inc = json_string_value(json_object_get(msg, "incident"));
	const json_t *id = json_object_get(msg, "id");

	if (ui->incident == NULL || inc == NULL ||
	    strcmp(inc, ui->incident) != 0)
		return 0;
	return id == NULL || json_integer_value(id) ==
	    client_subscription(ui->client);
}

/* The server refused us at connect (we are not on its access list): end
 * the terminal and say why once it is restored. 1 when that was it. */
static int ui_refused(struct ui *ui, const json_t *msg)
{
	const char *code = json_string_value(json_object_get(msg, "code"));
	const char *text = json_string_value(json_object_get(msg, "message"));

	if (ui->user != NULL || code == NULL || strcmp(code, PROTO_E_ACCESS) != 0)
		return 0;
	free(ui->refusal);
	ui->refusal = xstrdup(text != NULL ? text : "refused by the server");
	ui->quit = 1;
	ui->exit_code = SR_EXIT_SERVER;
	uv_stop(ui->loop);
	return 1;
}

/* Replies: list, page (search or history), presence, error. */
static void ui_on_message(struct client *c, const json_t *msg, void *arg)
{
	struct ui *ui = arg;
	const char *type = proto_type(msg);
	int64_t id = json_integer_value(json_object_get(msg, "id"));

	if (strcmp(type, "list") == 0 && id == ui->list_req) {
		json_decref(ui->list);
		ui->list = json_incref(json_object_get(msg, "incidents"));
		ui->list_more = json_is_true(json_object_get(msg, "more"));
	} else if (strcmp(type, "page") == 0 &&
	    json_is_true(json_object_get(msg, "tail"))) {
		if (ui_current(ui, msg))
			ui_timeline_page(ui, msg);
	} else if (strcmp(type, "page") == 0 && id != 0 && id == ui->search_req)
		ui_timeline_search_result(ui, json_object_get(msg, "events"));
	else if (strcmp(type, "page") == 0 && id != 0 && id == ui->page_req)
		ui_timeline_page(ui, msg);
	else if (strcmp(type, "page") == 0 && id != 0 && id == ui->log_req)
		ui_log_page(ui, msg);
	else if (strcmp(type, "presence") == 0)
		ui_side_presence(ui, msg);
	else if (strcmp(type, "error") == 0 && ui_refused(ui, msg))
		;
	else if (strcmp(type, "error") == 0) {
		ui_message(ui, 1, "server: %s", json_string_value(
		    json_object_get(msg, "message")) != NULL ?
		    json_string_value(json_object_get(msg, "message")) : "error");
		if (id != 0 && id == ui->search_req)
			ui->search_req = 0;
		if (id != 0 && id == ui->page_req) {
			ui->page_req = 0;
			ui->tl.paging_before = ui->tl.paging_after = 0;
		}
	}
	ui->dirty = 1;
}

/* Create the windows for the current size. */
void ui_layout(struct ui *ui)
{
	int side, body;

	getmaxyx(stdscr, ui->rows, ui->cols);
	if (ui->w_head != NULL) {
		delwin(ui->w_head);
		delwin(ui->w_main);
		delwin(ui->w_full);
		if (ui->w_side != NULL)
			delwin(ui->w_side);
		delwin(ui->w_msg);
		delwin(ui->w_input);
		delwin(ui->w_hint);
	}
	side = ui->cols >= 100 ? UI_SIDE_WIDTH + (ui->cols - 100) / 6 :
	    ui->cols >= 80 ? 24 : 0;
	body = ui->rows - 5;
	if (body < 1)
		body = 1;
	ui->w_head = newwin(2, ui->cols, 0, 0);
	ui->w_main = newwin(body, ui->cols - side, 2, 0);
	ui->w_full = newwin(body, ui->cols, 2, 0);
	ui->w_side = side > 0 ? newwin(body, side, 2, ui->cols - side) : NULL;
	ui->w_msg = newwin(1, ui->cols, ui->rows - 3, 0);
	ui->w_input = newwin(1, ui->cols, ui->rows - 2, 0);
	ui->w_hint = newwin(1, ui->cols, ui->rows - 1, 0);
	keypad(ui->w_input, TRUE);
	nodelay(ui->w_input, TRUE);
	clearok(curscr, TRUE);
	ui_form_resize(ui);
	ui->dirty = 1;
}

/* Draw a message of n rows (wrapped at starts) in w. */
static void ui_msg_rows(struct ui *ui, WINDOW *w, const size_t *starts,
    size_t n)
{
	attr_t a = ui->msg_error ? ui_attr(ui, UI_PAIR_ALERT, A_BOLD) :
	    A_NORMAL;
	size_t k, end;
	char *row;

	for (k = 0; k < n; k++) {
		end = k + 1 < n ? starts[k + 1] : strlen(ui->msg);
		row = xstrndup(ui->msg + starts[k], end - starts[k]);
		ui_draw_put(w, (int)k, 0, k + 1 < n ? row : ui->msg + starts[k],
		    -1, a);
		free(row);
	}
}

/* Draw the message line; a long message takes up to UI_MSG_ROWS rows
 * above the input line (over the bottom of the panes), the rest of it
 * cut with an ellipsis. */
static void ui_msg_draw(struct ui *ui)
{
	size_t starts[UI_MSG_ROWS], n = 1;
	WINDOW *w = ui->w_msg;

	if (ui->msg != NULL)
		n = ui_draw_wrap(ui->msg, ui->cols, starts, UI_MSG_ROWS);
	if (n > UI_MSG_ROWS)
		n = UI_MSG_ROWS;
	if (n > 1 && ui->rows > (int)n + 3)
		w = newwin((int)n, ui->cols, ui->rows - 2 - (int)n, 0);
	else
		n = 1;
	werase(w);
	if (ui->msg != NULL)
		ui_msg_rows(ui, w, starts, n);
	wnoutrefresh(w);
	if (w != ui->w_msg)
		delwin(w);
}

/* Monotonic clock in nanoseconds (SITREP_UI_TIMING). */
static int64_t ui_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* A doupdate finished: record the first full screen of the open incident
 * (its state and rows drawn) and how long the last key took. */
static void ui_timing_drawn(struct ui *ui)
{
	int64_t now = ui_clock_ns();

	if (!ui->first_drawn && ui->incident != NULL && ui->synced &&
	    ui_incident(ui) != NULL) {
		ui->first_drawn = 1;
		fprintf(ui->timing, "first-screen %lld\n", (long long)now);
		fflush(ui->timing);
	}
	if (ui->key_at != 0) {
		fprintf(ui->timing, "key %lld\n", (long long)(now - ui->key_at));
		ui->key_at = 0;
	}
}

/* 1 when the open form covers so much of w that only slivers of it
 * would show beside the form: w is left blank then. */
static int ui_covered(struct ui *ui, WINDOW *w)
{
	WINDOW *fw = ui->form != NULL ? ui->form->win : NULL;
	int fx, fend, x, end, left, right;

	if (fw == NULL)
		return 0;
	fx = getbegx(fw);
	fend = fx + getmaxx(fw);
	x = getbegx(w);
	end = x + getmaxx(w);
	if (fend <= x || fx >= end)
		return 0;
	left = fx - x;
	right = end - fend;
	return (left > right ? left : right) < UI_SLIVER;
}

/* Draw everything into the windows and the screen, once. */
void ui_draw(struct ui *ui)
{
	const struct ui_view_ops *ops = ui_view_current(ui);
	int full = ops->full || ui->w_side == NULL;
	WINDOW *w = full ? ui->w_full : ui->w_main;

	ui_header_draw(ui);
	werase(w);
	if (!ui_covered(ui, w))
		ops->draw(ui, w);
	wnoutrefresh(w);
	if (!full) {
		werase(ui->w_side);
		if (!ui_covered(ui, ui->w_side))
			ui_side_draw(ui, ui->w_side);
		wnoutrefresh(ui->w_side);
	}
	ui_msg_draw(ui);
	ui_header_hint_draw(ui);
	ui_input_draw(ui, ui->w_input);
	if (ui->form != NULL)
		ui_form_draw(ui);
	doupdate();
	ui->dirty = 0;
	if (ui->timing != NULL)
		ui_timing_drawn(ui);
}

/* Take one key (the key table decides what it does); a resize is the
 * terminal's news, not a key. Returns the binding that ran, or NULL. */
const struct ui_keys_binding *ui_key(struct ui *ui, int ret, wint_t ch)
{
	if (ui->timing != NULL && ui->key_at == 0)
		ui->key_at = ui_clock_ns();
	ui->dirty = 1;
	if (ret == KEY_CODE_YES && ch == KEY_RESIZE) {
		ui_layout(ui);
		return NULL;
	}
	return ui_keys_press(ui, ret, ch);
}

/* Read every key waiting on the terminal. */
static void ui_read_keys(struct ui *ui)
{
	wint_t ch;
	int ret;

	while (!ui->quit && (ret = wget_wch(ui->w_input, &ch)) != ERR)
		ui_key(ui, ret, ch);
}

/* stdin is readable (or hung up). */
static void ui_poll_cb(uv_poll_t *h, int status, int events)
{
	struct ui *ui = h->data;

	if (status < 0 || (events & UV_DISCONNECT)) {
		ui->quit = 1;
		ui->exit_code = 0;
	} else
		ui_read_keys(ui);
	if (ui->quit)
		uv_stop(ui->loop);
}

/* SIGWINCH: take the new size. */
static void ui_winch_cb(uv_signal_t *h, int sig)
{
	struct ui *ui = h->data;
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	ui_layout(ui);
}

/* SIGHUP, SIGTERM, SIGINT: restore the terminal and detach. */
static void ui_quit_cb(uv_signal_t *h, int sig)
{
	struct ui *ui = h->data;

	ui->quit = 1;
	ui->exit_code = sig == SIGHUP ? 0 : 128 + sig;
	uv_stop(ui->loop);
}

/* 0 when SITREP_BELL says off ("off", "no", "0"), else 1. */
static int ui_bell_wanted(void)
{
	const char *v = getenv("SITREP_BELL");

	return v == NULL || (strcmp(v, "off") != 0 && strcmp(v, "no") != 0 &&
	    strcmp(v, "0") != 0);
}

/* Once a second: countdowns, idle times, message expiry. */
static void ui_tick_cb(uv_timer_t *h)
{
	struct ui *ui = h->data;
	int64_t now = when_now();

	if (ui->msg != NULL && !ui->msg_error && now - ui->msg_at > 8000) {
		free(ui->msg);
		ui->msg = NULL;
	}
	if (ui->incident == NULL && ui->view == UI_VIEW_LIST &&
	    ui->cstate == CLIENT_CONNECTED && now / 1000 % 5 == 0)
		ui_refresh_list(ui);
	ui_header_bell(ui, now);
	ui->dirty = 1;
}

/* After each loop turn: one doupdate when something changed. */
static void ui_check_cb(uv_check_t *h)
{
	struct ui *ui = h->data;

	if (ui->quit) {
		uv_stop(ui->loop);
		return;
	}
	if (ui->dirty)
		ui_draw(ui);
}

/* Headless: feed the next scripted key when the UI is idle. */
static void ui_idle_cb(uv_idle_t *h)
{
	struct ui *ui = h->data;

	ui_headless_step(ui);
	if (ui->quit)
		uv_stop(ui->loop);
}

/* Colour pairs, unless NO_COLOR is set or the terminal has none. */
static void ui_colors(struct ui *ui)
{
	const char *nc = getenv("NO_COLOR");

	ui->color = has_colors() && (nc == NULL || *nc == '\0');
	if (!ui->color)
		return;
	start_color();
	use_default_colors();
	init_pair(UI_PAIR_HEADER, COLOR_WHITE, COLOR_BLUE);
	init_pair(UI_PAIR_ALERT, COLOR_WHITE, COLOR_RED);
	init_pair(UI_PAIR_WARN, COLOR_YELLOW, -1);
	init_pair(UI_PAIR_OK, COLOR_GREEN, -1);
	init_pair(UI_PAIR_DIM, COLOR_CYAN, -1);
	init_pair(UI_PAIR_MARK, COLOR_BLACK, COLOR_YELLOW);
	init_pair(UI_PAIR_DRILL, COLOR_BLACK, COLOR_CYAN);
}

/* Free Ctrl-S and Ctrl-Q for the program (no XON/XOFF flow control);
 * endwin() puts the shell's modes back. */
static void ui_no_flow_control(void)
{
	struct termios t;

	if (tcgetattr(STDIN_FILENO, &t) != 0)
		return;
	t.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
	tcsetattr(STDIN_FILENO, TCSANOW, &t);
	def_prog_mode();
}

/* Start curses on the terminal (or headless on a file). */
static int ui_curses_start(struct ui *ui, char **cause)
{
	if (ui->hl.on) {
		if (ui_headless_init(ui, cause) != 0)
			return -1;
	} else {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			*cause = xstrdup("the terminal UI needs a terminal on "
			    "standard input and output; use the verbs (sitrep "
			    "--help) from scripts");
			return -1;
		}
		ui->screen = newterm(NULL, stdout, stdin);
		if (ui->screen == NULL) {
			*cause = xasprintf("cannot open the terminal (TERM=%s); "
			    "set TERM to your terminal type", getenv("TERM") ?
			    getenv("TERM") : "");
			return -1;
		}
	}
	ui_curses_active = 1;
	set_escdelay(25);
	cbreak();
	if (!ui->hl.on)
		ui_no_flow_control();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	curs_set(0);
	ui_colors(ui);
	ui_layout(ui);
	return 0;
}

/* Connect to (or start) the server. */
static int ui_connect(struct ui *ui, char **cause)
{
	static const struct client_cb cb = {
		.on_state = ui_on_state, .on_server = ui_on_server,
		.on_welcome = ui_on_welcome,
		.on_event = ui_on_event, .on_synced = ui_on_synced,
		.on_ack = ui_on_ack, .on_nack = ui_on_nack,
		.on_message = ui_on_message, .on_snapshot = ui_on_snapshot
	};
	struct client_opts opts;
	char *db = paths_db(ui->g->db), *sock = paths_socket(ui->g->socket, db);

	memset(&opts, 0, sizeof opts);
	opts.socket = sock;
	opts.named = paths_socket_named(ui->g->socket);
	opts.db = db;
	opts.autostart = paths_may_autostart(ui->g->socket, ui->g->db);
	opts.reconnect = 1;
	ui->client = client_connect(ui->loop, &opts, &cb, ui, cause);
	free(db);
	free(sock);
	return ui->client == NULL ? -1 : 0;
}

/* Start the handles that read the keyboard (or the headless script). */
static int ui_handles_input(struct ui *ui)
{
	int r;

	ui->poll.data = ui;
	ui->sig_winch.data = ui;
	ui->idle.data = ui;
	if (ui->hl.on) {
		if ((r = uv_idle_init(ui->loop, &ui->idle)) != 0)
			return r;
		return uv_idle_start(&ui->idle, ui_idle_cb);
	}
	if ((r = uv_poll_init(ui->loop, &ui->poll, STDIN_FILENO)) != 0 ||
	    (r = uv_poll_start(&ui->poll, UV_READABLE | UV_DISCONNECT,
	    ui_poll_cb)) != 0 ||
	    (r = uv_signal_init(ui->loop, &ui->sig_winch)) != 0)
		return r;
	return uv_signal_start(&ui->sig_winch, ui_winch_cb, SIGWINCH);
}

/* Start the loop handles; -1 and *cause when libuv cannot. */
static int ui_handles(struct ui *ui, char **cause)
{
	uv_signal_t *sigs[] = { &ui->sig_hup, &ui->sig_term, &ui->sig_int };
	int signums[] = { SIGHUP, SIGTERM, SIGINT };
	size_t i;
	int r;

	if ((r = ui_handles_input(ui)) != 0)
		goto fail;
	for (i = 0; i < 3; i++) {
		sigs[i]->data = ui;
		if ((r = uv_signal_init(ui->loop, sigs[i])) != 0 ||
		    (r = uv_signal_start(sigs[i], ui_quit_cb, signums[i])) != 0)
			goto fail;
	}
	ui->tick.data = ui;
	ui->check.data = ui;
	if ((r = uv_timer_init(ui->loop, &ui->tick)) != 0 ||
	    (r = uv_timer_start(&ui->tick, ui_tick_cb,
	    1000 - when_now() % 1000, 1000)) != 0 ||
	    (r = uv_check_init(ui->loop, &ui->check)) != 0 ||
	    (r = uv_check_start(&ui->check, ui_check_cb)) != 0)
		goto fail;
	return 0;
fail:
	*cause = xasprintf("cannot set up the terminal (reading keys, "
	    "signals, timers): %s", uv_strerror(r));
	return -1;
}

/* Close one handle on the loop unless it is closing already. */
static void ui_handles_close_cb(uv_handle_t *h, void *arg)
{
	if (!uv_is_closing(h))
		uv_close(h, NULL);
}

/* Close every handle this file started (as far as it got); the client's
 * are closed by client_close first, so only ours are left open. */
static void ui_handles_close(struct ui *ui)
{
	uv_walk(ui->loop, ui_handles_close_cb, NULL);
}

/* Put the terminal back. */
static void ui_curses_end(struct ui *ui)
{
	if (!ui_curses_active)
		return;
	if (ui->hl.on && ui->hl.dump != NULL)
		ui_draw_dump(ui, ui->hl.dump);
	ui_form_close(ui);
	endwin();
	ui_curses_active = 0;
	if (ui->screen != NULL)
		delscreen(ui->screen);
	ui->screen = NULL;
}

/* Free everything the ui owns. */
void ui_free(struct ui *ui)
{
	size_t i;

	ui_close_incident(ui);
	model_free(&ui->model);
	ui_input_free(&ui->in);
	json_decref(ui->list);
	json_decref(ui->presence);
	for (i = 0; i < ui->npending; i++)
		free(ui->pending[i].text);
	free(ui->pending);
	free(ui->msg);
	free(ui->cstate_why);
	free(ui->fatal);
	free(ui->left);
	free(ui->user);
	free(ui->refusal);
	free(ui->zone2);
	free(ui->hl.keys);
	free(ui->hl.dump);
	free(ui->hl.wait);
	if (ui->hl.out != NULL)
		fclose(ui->hl.out);
	if (ui->hl.in != NULL)
		fclose(ui->hl.in);
	if (ui->timing != NULL)
		fclose(ui->timing);
}

/* Prepare the ui structure and the test hooks; -1 and *cause when the
 * key script names a key that does not exist. */
int ui_init(struct ui *ui, const struct cmd_globals *g, uv_loop_t *loop,
    char **cause)
{
	const char *keys = getenv("SITREP_UI_KEYS");
	const char *dump = getenv("SITREP_UI_DUMP");
	const char *timing = getenv("SITREP_UI_TIMING");

	memset(ui, 0, sizeof *ui);
	ui->g = g;
	ui->loop = loop;
	model_init(&ui->model);
	ui_input_init(&ui->in);
	ui->tl.filter.type = -1;
	ui->view = UI_VIEW_LIST;
	ui->cstate = CLIENT_CONNECTING;
	ui->overdue = -1;
	ui->bell = ui_bell_wanted();
	if (timing != NULL && *timing != '\0')
		ui->timing = fopen(timing, "w");
	if (getenv("SITREP_TZ2") != NULL && *getenv("SITREP_TZ2") != '\0')
		ui->zone2 = xstrdup(getenv("SITREP_TZ2"));
	else if (g->cfg != NULL && g->cfg->zone2 != NULL)
		ui->zone2 = xstrdup(g->cfg->zone2);
	if (g->cfg != NULL && g->cfg->bell != -1)
		ui->bell = ui->bell && g->cfg->bell == 1;
	if (keys != NULL || (dump != NULL && *dump != '\0')) {
		ui->hl.on = 1;
		ui->hl.keys = xstrdup(keys != NULL ? keys : "");
		ui->hl.dump = dump != NULL && *dump != '\0' ? xstrdup(dump) :
		    NULL;
		return ui_headless_check(ui->hl.keys, cause);
	}
	return 0;
}

/* Report why the terminal cannot run, on stderr, sanitized (the cause
 * may quote a path or the server's words). */
static void ui_say(const char *cause)
{
	char *safe = text_sanitize(cause, text_locale_flags());

	fprintf(stderr, "sitrep: %s\n", safe);
	free(safe);
}

/* Read the hooks, connect (or start the server) and start curses;
 * SR_EXIT_OK, or the exit status and *cause. */
static int ui_start(struct ui *ui, const struct cmd_globals *g,
    uv_loop_t *loop, char **cause)
{
	if (ui_init(ui, g, loop, cause) != 0)
		return SR_EXIT_USAGE;
	if (ui_connect(ui, cause) != 0)
		return SR_EXIT_SERVER;
	ui_crash_handlers();
	if (ui_curses_start(ui, cause) != 0) {
		client_close(ui->client);
		return SR_EXIT_USAGE;
	}
	return SR_EXIT_OK;
}

/* After the screen is restored: what was typed and is not known to be
 * stored, on stderr, sanitized, so it can be sent again: queued while no
 * server took it (or another store's was refused), or sent and not yet
 * confirmed (then it may be stored: `sitrep show` says), and an open
 * form's fields. */
static void ui_give_back(const struct ui *ui)
{
	char *safe;
	size_t i, n = 0;

	for (i = 0; i < ui->npending; i++)
		n += ui->pending[i].text != NULL;
	if (n > 0)
		fprintf(stderr, "sitrep: %zu submission%s %s; as typed:\n", n,
		    n == 1 ? "" : "s", ui->cstate == CLIENT_CONNECTED ?
		    "sent but not confirmed yet (see `sitrep show` before "
		    "sending again)" : "not stored (no server took them)");
	for (i = 0; i < ui->npending; i++) {
		if (ui->pending[i].text == NULL)
			continue;
		safe = text_sanitize(ui->pending[i].text, text_locale_flags());
		fprintf(stderr, "  %s\n", safe);
		free(safe);
	}
	if (ui->left != NULL) {
		safe = text_sanitize(ui->left, TEXT_MULTILINE |
		    text_locale_flags());
		fprintf(stderr, "sitrep: the form was left open: %s\n", safe);
		free(safe);
	}
}

/* Run the started terminal on incident (NULL: the list) until it quits;
 * returns its exit status (SR_EXIT_SERVER and *cause when its event
 * handles cannot be set up). */
static int ui_run(struct ui *ui, const char *incident, char **cause)
{
	int rc = SR_EXIT_SERVER;

	if (incident != NULL)
		ui_open(ui, incident);
	if (ui_handles(ui, cause) == 0) {
		ui_draw(ui);
		uv_run(ui->loop, UV_RUN_DEFAULT);
		rc = ui->exit_code;
	}
	if (ui->refusal != NULL && *cause == NULL) {
		*cause = ui->refusal;
		ui->refusal = NULL;
	}
	if (ui->fatal != NULL && *cause == NULL) {
		*cause = ui->fatal;
		ui->fatal = NULL;
	}
	ui->left = ui_form_left(ui);
	ui_curses_end(ui);
	ui_export_leave(ui);
	client_close(ui->client);
	ui_handles_close(ui);
	return rc;
}

/* Open the terminal UI on incident (NULL: the incident list) and run it
 * until q, SIGHUP or SIGTERM. Returns an SR_EXIT_* status. */
int ui_main(const struct cmd_globals *g, const char *incident)
{
	struct ui ui;
	uv_loop_t loop;
	char *cause = NULL;
	int rc;
	/* libuv makes stdin non-blocking; the shell must get it back as it was. */
	int stdin_flags = fcntl(STDIN_FILENO, F_GETFL);

	setlocale(LC_ALL, "");
	if (g->tz != NULL)
		setenv("TZ", g->tz, 1);
	if ((rc = uv_loop_init(&loop)) != 0) {
		cause = xasprintf("cannot start the terminal's event loop: %s",
		    uv_strerror(rc));
		ui_say(cause);
		free(cause);
		return SR_EXIT_SERVER;
	}
	if ((rc = ui_start(&ui, g, &loop, &cause)) == SR_EXIT_OK)
		rc = ui_run(&ui, incident, &cause);
	if (cause != NULL) {
		ui_say(cause);
		free(cause);
	}
	ui_give_back(&ui);
	if (stdin_flags != -1)
		fcntl(STDIN_FILENO, F_SETFL, stdin_flags);
	uv_run(&loop, UV_RUN_DEFAULT);
	ui_free(&ui);
	uv_loop_close(&loop);
	return rc;
}
