/* ui-header.c: the two header lines and the key hint bar. */
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "when.h"
#include "xmalloc.h"
#include "ui.h"

/* Connection state as words, with queued submissions. */
static char *ui_header_conn(struct ui *ui, attr_t *a)
{
	size_t q = ui->client != NULL ? client_pending(ui->client) : 0;

	switch (ui->cstate) {
	case CLIENT_CONNECTED:
		*a = ui_attr(ui, UI_PAIR_HEADER, A_REVERSE);
		if (q > 0)
			return xasprintf("connected, %zu sending", q);
		if (ui->incident != NULL && !ui->synced)
			return xstrdup("loading…");
		return xstrdup(ui->readonly ? "observer, connected" :
		    "connected");
	case CLIENT_RECONNECTING:
		*a = ui_attr(ui, UI_PAIR_ALERT, A_REVERSE | A_BOLD);
		return xasprintf("RECONNECTING, %zu queued", q);
	case CLIENT_CONNECTING:
		*a = ui_attr(ui, UI_PAIR_HEADER, A_REVERSE);
		return xstrdup("connecting…");
	default:
		*a = ui_attr(ui, UI_PAIR_ALERT, A_REVERSE | A_BOLD);
		return xstrdup("DISCONNECTED");
	}
}

/* The next-update countdown, the longest of three forms (terse 0..2) that
 * is asked for; *a set loud when overdue. NULL when none. */
static char *ui_header_countdown(struct ui *ui, struct model_incident *inc,
    int64_t now, int terse, attr_t *a)
{
	static const char *const overdue[][2] = {
	    { " UPDATE OVERDUE ", " (u: post, z: snooze) " },
	    { " UPDATE OVERDUE ", " " }, { " OVERDUE ", " " } };
	static const char *const snoozed[][2] = {
	    { " update overdue, snoozed for ", " " },
	    { " overdue, snoozed ", " " }, { " snoozed ", " " } };
	static const char *const next[][2] = { { "next update in ", "" },
	    { "next update ", "" }, { "next ", "" } };
	struct model_due due;
	char *d, *s;

	model_due(inc, now, &due);
	if (due.state == DUE_NONE)
		return NULL;
	if (due.state == DUE_SNOOZED) {
		d = when_format_duration(due.snoozed_until - now);
		s = xasprintf("%s%s%s", snoozed[terse][0], d,
		    snoozed[terse][1]);
		*a = ui_attr(ui, UI_PAIR_WARN, A_REVERSE);
	} else if (due.state == DUE_OVERDUE) {
		d = when_format_duration(now - due.at);
		s = xasprintf("%s%s%s", overdue[terse][0], d,
		    overdue[terse][1]);
		*a = ui_attr(ui, UI_PAIR_ALERT, A_REVERSE | A_BOLD | A_BLINK);
	} else {
		d = when_format_duration(due.at - now);
		s = xasprintf("%s%s%s", next[terse][0], d, next[terse][1]);
		*a = ui_attr(ui, UI_PAIR_HEADER, A_REVERSE);
	}
	free(d);
	return s;
}

/* Draw the countdown after column x in the longest form that fits before
 * the connection state (cw columns at the right edge). */
static void ui_header_countdown_draw(struct ui *ui, struct model_incident *inc,
    int64_t now, int x, int cw)
{
	attr_t a = A_NORMAL;
	char *cd;
	int terse;

	for (terse = 0; terse < 3; terse++) {
		if ((cd = ui_header_countdown(ui, inc, now, terse, &a)) == NULL)
			return;
		if (x + 2 + (int)text_width(cd) < ui->cols - cw) {
			ui_draw_put(ui->w_head, 0, x + 2, cd, -1, a);
			free(cd);
			return;
		}
		free(cd);
	}
}

/* First line: ref, SEV, drill, status, elapsed, IC. */
static int ui_header_first(struct ui *ui, struct model_incident *inc,
    int64_t now, attr_t base)
{
	WINDOW *w = ui->w_head;
	char *el, *s;
	int x = 0, stopped;

	el = when_format_duration(model_elapsed(inc, now, &stopped));
	s = xasprintf(" %s SEV%d ", inc->ref, inc->severity);
	x += ui_draw_put_clean(w, 0, x, s, -1, base | A_BOLD |
	    (inc->severity <= 2 ? A_REVERSE : 0));
	free(s);
	if (inc->drill)
		x += ui_draw_put(w, 0, x, " DRILL ", -1, ui_attr(ui,
		    UI_PAIR_DRILL, A_REVERSE | A_BOLD));
	s = xasprintf(" %s%s%s  IC ", model_status_name(inc->status),
	    stopped ? " after " : "  ", el);
	x += ui_draw_put(w, 0, x, s, -1, base);
	free(s);
	free(el);
	x += ui_draw_put_clean(w, 0, x, inc->ic != NULL ? inc->ic : "NONE", -1,
	    inc->ic != NULL ? base | A_BOLD : ui_attr(ui, UI_PAIR_ALERT,
	    A_BOLD | A_REVERSE));
	return x;
}

/* The warnings of the second line: whom a restricted incident is for,
 * roles missing, a handoff offered.
 * New string (sanitized), "" when none. */
static char *ui_header_warnings(struct ui *ui, struct model_incident *inc)
{
	const char *missing[ROLE_COUNT];
	size_t n = model_missing_roles(inc, missing), i;
	char *out, *tmp, *raw;

	out = inc->restricted != NULL ? xasprintf("  only %s",
	    inc->restricted) : xstrdup("");
	for (i = 0; i < n; i++) {
		tmp = xasprintf("%s%s %s", out, i == 0 ? "  missing:" : "",
		    missing[i]);
		free(out);
		out = tmp;
	}
	if (inc->offer.to != NULL) {
		tmp = xasprintf("%s  handoff offered to %s%s", out, inc->offer.to,
		    ui->user != NULL && strcmp(ui->user, inc->offer.to) == 0 ?
		    " (:accept / :decline)" : "");
		free(out);
		out = tmp;
	}
	raw = out;
	out = text_sanitize(raw, 0);
	free(raw);
	return out;
}

/* Second line: title, warnings (missing roles, a handoff offered), the
 * incident's zone; the title gives way to the warnings down to a quarter
 * of the line, and whatever does not fit ends in an ellipsis. */
static void ui_header_second(struct ui *ui, struct model_incident *inc)
{
	WINDOW *w = ui->w_head;
	char *warn = ui_header_warnings(ui, inc), *zone;
	int x = 1, room;

	zone = xasprintf("  zone %s", model_zone(inc));
	room = ui->cols - 1 - (int)text_width(warn) - (int)text_width(zone);
	if (room < ui->cols / 4)
		room = ui->cols / 4;
	x += ui_draw_put_clean(w, 1, x, inc->title, room, A_BOLD);
	x += ui_draw_put(w, 1, x, warn, -1, ui_attr(ui, UI_PAIR_WARN, A_BOLD));
	ui_draw_put_clean(w, 1, x, zone, -1, ui_attr(ui, UI_PAIR_DIM, A_DIM));
	free(zone);
	free(warn);
}

/* Ring the bell (unless it is off) once when the open incident's next
 * update becomes overdue (not when it already was on attaching), and once
 * when command is offered to us. */
void ui_header_bell(struct ui *ui, int64_t now)
{
	struct model_incident *inc = ui_incident(ui);
	struct model_due due;
	int overdue;

	if (inc == NULL || !ui->synced) {
		ui->overdue = -1;
		return;
	}
	model_due(inc, now, &due);
	overdue = due.state == DUE_OVERDUE;
	if (overdue && ui->overdue == 0 && ui->bell)
		beep();
	ui->overdue = overdue;
	if (!ui->bell)
		return;
	if (inc->offer.to != NULL && ui->user != NULL &&
	    strcmp(inc->offer.to, ui->user) == 0 &&
	    inc->offer.seq != ui->bell_offer) {
		ui->bell_offer = inc->offer.seq;
		beep();
	}
}

/* Draw the header: incident summary, countdown, connection. */
void ui_header_draw(struct ui *ui)
{
	WINDOW *w = ui->w_head;
	struct model_incident *inc = ui_incident(ui);
	attr_t base = ui_attr(ui, UI_PAIR_HEADER, A_REVERSE), ca;
	int64_t now = when_now();
	char *conn = ui_header_conn(ui, &ca);
	int cw = (int)text_width(conn) + 2, x;

	werase(w);
	wbkgdset(w, ' ');
	mvwchgat(w, 0, 0, -1, base, PAIR_NUMBER(base), NULL);
	if (inc != NULL) {
		x = ui_header_first(ui, inc, now, base);
		ui_header_countdown_draw(ui, inc, now, x, cw);
		ui_header_second(ui, inc);
	} else if (ui->incident != NULL)
		ui_draw_put_clean(w, 0, 1, ui->incident, -1, base | A_BOLD);
	else
		ui_draw_put(w, 0, 1, "sitrep — incidents", -1, base | A_BOLD);
	if (ui->cols > cw)
		ui_draw_put(w, 0, ui->cols - cw, conn, -1, ca);
	free(conn);
	wnoutrefresh(w);
}

/* The key hint bar for what has focus: a form, the input line or the
 * view shown. */
void ui_header_hint_draw(struct ui *ui)
{
	const char *h;

	if (ui->form != NULL)
		h = "Tab/↑↓ field  Ctrl-S or F2 send  Esc cancel";
	else if (ui->focus == UI_FOCUS_INPUT)
		h = "Enter send  @14:07 / @-5m back-date  :cmd  Tab complete  "
		    "↑↓ history  Esc leave";
	else if (ui->readonly && ui_view_current(ui)->hint_ro != NULL)
		h = ui_view_current(ui)->hint_ro;
	else
		h = ui_view_current(ui)->hint;
	werase(ui->w_hint);
	ui_draw_put(ui->w_hint, 0, 0, h, -1, ui_attr(ui, UI_PAIR_DIM, A_DIM));
	wnoutrefresh(ui->w_hint);
}
