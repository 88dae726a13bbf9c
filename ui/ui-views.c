/* ui-views.c: the other views of the main pane: status updates, roles and
 * handoff history, hypotheses, the incident list and help (the analysis
 * view is ui-analysis.c). Each is one struct ui_view_ops; they are text
 * views, whose lines this file scrolls and draws (the analysis view's
 * too). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "when.h"
#include "xmalloc.h"
#include "ui.h"

/* Add raw (untrusted) text, wrapped to the width (continuation lines
 * indented under the text), with an attribute. */
void ui_views_lines_add(struct ui_lines *l, attr_t a, const char *fmt, ...)
{
	va_list ap;
	char *raw, *clean;
	size_t starts[64], n, k, end;
	int hang;

	va_start(ap, fmt);
	raw = xvasprintf(fmt, ap);
	va_end(ap);
	clean = text_sanitize(raw, 0);
	free(raw);
	hang = (int)strspn(clean, " ") + 2;
	if (hang > l->width / 2)
		hang = 0;
	starts[0] = 0;
	n = 1;
	if (!l->nowrap && (int)text_width(clean) > l->width)
		n = ui_draw_wrap(clean, l->width - hang, starts, 64);
	if (n > 64)
		n = 64;
	l->s = xreallocarray(l->s, l->n + n, sizeof *l->s);
	l->a = xreallocarray(l->a, l->n + n, sizeof *l->a);
	for (k = 0; k < n; k++) {
		end = k + 1 < n ? starts[k + 1] : strlen(clean);
		l->s[l->n] = xasprintf("%*s%.*s", k > 0 ? hang : 0, "",
		    (int)(end - starts[k]), clean + starts[k]);
		l->a[l->n++] = a;
	}
	free(clean);
}

/* Keep the scroll of a text view of n lines in a pane of h rows on its
 * last page at most (j, PgDn and G stop there). */
void ui_views_clamp(struct ui *ui, size_t n, int h)
{
	if (n <= (size_t)h)
		ui->view_scroll = 0;
	else if (ui->view_scroll > n - (size_t)h)
		ui->view_scroll = n - (size_t)h;
}

/* Draw the lines from the view's scroll position, then free them; when
 * more follow, the last row says so. */
void ui_views_lines_draw(struct ui *ui, WINDOW *w, struct ui_lines *l)
{
	size_t i;
	int h = getmaxy(w), more;

	if (l->show >= 0 && (size_t)l->show < ui->view_scroll)
		ui->view_scroll = (size_t)l->show;
	else if (l->show >= 0 && h > 2 && (size_t)l->show >=
	    ui->view_scroll + (size_t)h - 1)
		ui->view_scroll = (size_t)l->show - (size_t)h + 2;
	ui_views_clamp(ui, l->n, h);
	more = h > 1 && l->n > ui->view_scroll + (size_t)h;
	if (more)
		h--;
	for (i = ui->view_scroll; i < l->n && (int)(i - ui->view_scroll) < h;
	    i++)
		ui_draw_put(w, (int)(i - ui->view_scroll), 0, l->s[i], -1, l->a[i]);
	if (more)
		ui_draw_put(w, h, 0, "  ↓ more below (j, PgDn; G: end)", -1,
		    ui_attr(ui, UI_PAIR_DIM, A_DIM));
	for (i = 0; i < l->n; i++)
		free(l->s[i]);
	free(l->s);
	free(l->a);
}

/* Keep a status update, handoff-related event or annotation for its
 * view. */
void ui_views_log(struct ui *ui, const struct event *ev)
{
	struct ui_logitem **arr, *it;
	size_t *n, at;

	if (ev->kind == EV_UPDATE) {
		arr = &ui->updates;
		n = &ui->nupdates;
	} else if (kind_is(ev->kind, KIND_HANDOFF)) {
		arr = &ui->handoffs;
		n = &ui->nhandoffs;
	} else if (ev->kind == EV_ANNOTATION) {
		arr = &ui->annotations;
		n = &ui->nannotations;
	} else
		return;
	/* Kept in seq order without duplicates: the tail page, the full
	 * list and live events overlap. */
	for (at = *n; at > 0 && (*arr)[at - 1].seq > ev->seq; at--)
		;
	if ((at > 0 && (*arr)[at - 1].seq == ev->seq) ||
	    (at == 0 && *n == UI_LOG_KEEP))
		return;
	if (*n == UI_LOG_KEEP) {
		free((*arr)[0].actor);
		json_decref((*arr)[0].body);
		memmove(*arr, *arr + 1, (UI_LOG_KEEP - 1) * sizeof **arr);
		(*n)--;
		at--;
	}
	*arr = xreallocarray(*arr, *n + 1, sizeof **arr);
	memmove(*arr + at + 1, *arr + at, (*n - at) * sizeof **arr);
	(*n)++;
	it = &(*arr)[at];
	it->seq = ev->seq;
	it->at = ev->occurred_at;
	it->target = ev->target;
	it->kind = ev->kind;
	it->actor = xstrdup(ev->actor != NULL ? ev->actor : "?");
	it->body = json_incref(ev->body);
}

/* Free one kept list. */
void ui_views_log_free(struct ui_logitem **arr, size_t *n)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		free((*arr)[i].actor);
		json_decref((*arr)[i].body);
	}
	free(*arr);
	*arr = NULL;
	*n = 0;
}

/* Forget the kept status updates (another incident opens). */
static void ui_views_updates_done(struct ui *ui)
{
	ui_views_log_free(&ui->updates, &ui->nupdates);
}

/* Forget the kept handoffs (another incident opens). */
static void ui_views_roles_done(struct ui *ui)
{
	ui_views_log_free(&ui->handoffs, &ui->nhandoffs);
}

/* A body string or "". */
static const char *ui_views_str(json_t *body, const char *field)
{
	const char *s = json_string_value(json_object_get(body, field));

	return s != NULL ? s : "";
}

/* A body string, or "-" when missing or empty. */
static const char *ui_views_dash(json_t *body, const char *field)
{
	const char *s = ui_views_str(body, field);

	return *s != '\0' ? s : "-";
}

/* Status updates, newest first. */
static void ui_views_updates(struct ui *ui, struct ui_lines *l,
    struct model_incident *inc)
{
	struct ui_logitem *it;
	char *t, *next;
	size_t i;

	ui_views_lines_add(l, A_BOLD, "Status updates (%zu)", ui->nupdates);
	for (i = ui->nupdates; i > 0; i--) {
		it = &ui->updates[i - 1];
		t = ui_draw_hm(ui, it->at, NULL);
		next = json_integer_value(json_object_get(it->body, "next_at")) ?
		    ui_draw_hm(ui, json_integer_value(json_object_get(it->body,
		    "next_at")), NULL) : xstrdup("-");
		ui_views_lines_add(l, A_NORMAL, "%s", "");
		ui_views_lines_add(l, A_BOLD, "%s  %s  [%s] %s  #%lld", t, it->actor,
		    ui_views_str(it->body, "confidence"),
		    ui_views_str(it->body, "audience"), (long long)it->seq);
		ui_views_lines_add(l, A_NORMAL, "  Impact:  %s", ui_views_dash(it->body, "impact"));
		ui_views_lines_add(l, A_NORMAL, "  Known:   %s", ui_views_dash(it->body, "known"));
		ui_views_lines_add(l, A_NORMAL, "  Unknown: %s", ui_views_dash(it->body, "unknown"));
		ui_views_lines_add(l, A_NORMAL, "  Actions: %s", ui_views_dash(it->body, "actions"));
		ui_views_lines_add(l, A_NORMAL, "  Needs:   %s", ui_views_dash(it->body, "needs"));
		ui_views_lines_add(l, A_DIM, "  Next update: %s", next);
		free(t);
		free(next);
	}
}

/* What a command handoff event did, in its kind's words. New string. */
static char *ui_views_handoff_text(const struct ui_logitem *it)
{
	struct event ev = { .kind = it->kind, .body = it->body };

	return kind_describe(&ev, NULL);
}

/* Roles now, role history and handoffs with their briefs. */
static void ui_views_roles(struct ui *ui, struct ui_lines *l,
    struct model_incident *inc)
{
	struct model_stint *s;
	struct ui_logitem *it;
	char *a, *b;
	size_t i;

	ui_views_lines_add(l, A_BOLD, "Role history");
	for (i = 0; i < inc->nstints; i++) {
		s = &inc->stints[i];
		a = ui_draw_hm(ui, s->from, NULL);
		b = s->to != 0 ? ui_draw_hm(ui, s->to, NULL) : xstrdup("now");
		ui_views_lines_add(l, s->to == 0 ? A_NORMAL : A_DIM, "  %s–%-5s %-9s %s",
		    a, b, model_role_name(s->role), s->user);
		free(a);
		free(b);
	}
	ui_views_lines_add(l, A_NORMAL, "%s", "");
	ui_views_lines_add(l, A_BOLD, "Command handoffs");
	for (i = 0; i < ui->nhandoffs; i++) {
		it = &ui->handoffs[i];
		a = ui_draw_hm(ui, it->at, NULL);
		b = ui_views_handoff_text(it);
		ui_views_lines_add(l, A_NORMAL, "  %s %s %s", a, it->actor, b);
		free(b);
		if (it->kind == EV_CMD_OFFER) {
			b = text_sanitize(ui_views_str(it->body, "brief"),
			    TEXT_MULTILINE);
			for (char *p = strtok(b, "\n"); p; p = strtok(NULL, "\n"))
				ui_views_lines_add(l, A_DIM, "      | %s", p);
			free(b);
		}
		free(a);
	}
}

/* Every hypothesis and its fate. */
static void ui_views_hyps(struct ui *ui, struct ui_lines *l,
    struct model_incident *inc)
{
	struct model_hypothesis *h;
	size_t i;

	ui_views_lines_add(l, A_BOLD, "Hypotheses: %zu open of %zu",
	    model_open_hypotheses(inc), inc->nhyps);
	for (i = 0; i < inc->nhyps; i++) {
		h = &inc->hyps[i];
		ui_views_lines_add(l, h->struck || h->state == HYP_RULED_OUT ? A_DIM :
		    A_NORMAL, "  H%-3d %-13s %s%s  (%s)", h->id,
		    model_hyp_state_name(h->state), h->struck ? "[struck] " : "",
		    h->text, h->by);
	}
	ui_views_lines_add(l, A_DIM, "%s", "");
	ui_views_lines_add(l, A_DIM, ":hyp TEXT opens one; :hyp N investigating|"
	    "supported|ruled-out|confirmed sets its state");
}

/* The help's commands: every command of the ':' line. */
static void ui_views_help_commands(struct ui_lines *l)
{
	const char *summary;
	char *usage;
	size_t i;

	ui_views_lines_add(l, A_BOLD, "Commands (: first; the keys follow)");
	for (i = 0; (usage = ui_cmd_usage(i, &summary)) != NULL; i++) {
		ui_views_lines_add(l, A_NORMAL, "  :%s", usage);
		ui_views_lines_add(l, A_DIM, "      %s", summary);
		free(usage);
	}
}

/* Help: every command, then every key of the key table by keymap. */
static void ui_views_help(struct ui *ui, struct ui_lines *l,
    struct model_incident *inc)
{
	struct ui_keys_line line;
	size_t i = 0;
	int map = -1;
	char *text;

	ui_views_help_commands(l);
	while (ui_keys_help_line(&i, &line)) {
		if (ui->readonly && line.records)
			continue;
		if ((int)line.map != map) {
			ui_views_lines_add(l, A_NORMAL, "%s", "");
			ui_views_lines_add(l, A_BOLD, "%s",
			    ui_keys_map_title(line.map));
			map = (int)line.map;
		}
		text = ui_keys_line_text(&line);
		ui_views_lines_add(l, A_NORMAL, "%s", text);
		free(text);
	}
}

/* Position of the i-th incident in list order (open ones first, each
 * group newest first, as the server sends them). */
static json_t *ui_views_list_item(struct ui *ui, size_t k)
{
	size_t i, n = json_array_size(ui->list), seen = 0;
	int pass;
	json_t *it;
	const char *st;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			it = json_array_get(ui->list, i);
			st = ui_views_str(it, "status");
			if ((model_status_parse(st) <= ST_MONITORING) != (pass == 0))
				continue;
			if (seen++ == k)
				return it;
		}
	}
	return NULL;
}

/* The incident list: the columns of `sitrep ls`, with age and what is
 * overdue. */
static void ui_views_list(struct ui *ui, struct ui_lines *l,
    struct model_incident *inc)
{
	json_t *it;
	size_t i, n = json_array_size(ui->list);
	int64_t now = when_now();
	char *line;

	ui_views_lines_add(l, A_BOLD, "  Incidents, open first (d: declare, Enter: "
	    "open)");
	if (ui->list == NULL)
		ui_views_lines_add(l, A_DIM, "loading…");
	else if (n == 0)
		ui_views_lines_add(l, A_DIM, "No incidents yet. Press d to declare "
		    "one.");
	else
		ui_views_lines_add(l, A_DIM, "  %s", cmd_ls_head());
	l->nowrap = 1;
	for (i = 0; i < n; i++) {
		it = ui_views_list_item(ui, i);
		line = cmd_ls_line(it, now, l->width - 2);
		if (i == ui->list_sel)
			l->show = (long)l->n;
		ui_views_lines_add(l, i == ui->list_sel ? A_REVERSE : A_NORMAL,
		    "%s %s", i == ui->list_sel ? ">" : " ", line);
		free(line);
	}
	if (ui->list_more)
		ui_views_lines_add(l, A_DIM, "  (older incidents not shown: "
		    "the list holds the newest that fit in one reply)");
}

/* Draw a text view: its lines from the scroll position ("loading" while
 * the incident it shows has not arrived). */
void ui_views_draw(struct ui *ui, WINDOW *w)
{
	const struct ui_view_ops *ops = ui_view_current(ui);
	struct ui_lines l = { .width = getmaxx(w), .show = -1 };
	struct model_incident *inc = ui_incident(ui);

	if (ops->incident && inc == NULL)
		ui_views_lines_add(&l, A_DIM, "loading %s…", ui->incident);
	else
		ops->lines(ui, &l, inc);
	ui_views_lines_draw(ui, w, &l);
}

/* Scroll a text view rows up (negative: down); the last page stops it
 * when drawn. */
void ui_views_scroll(struct ui *ui, long rows)
{
	if (rows < 0)
		ui->view_scroll += (size_t)(rows == -UI_VIEW_END ? 1000000 :
		    -rows);
	else
		ui->view_scroll = (size_t)rows >= ui->view_scroll ? 0 :
		    ui->view_scroll - (size_t)rows;
}

/* Move the list's selection rows up (negative: down). */
static void ui_views_list_scroll(struct ui *ui, long rows)
{
	size_t n = json_array_size(ui->list);

	if (rows < 0 && ui->list_sel + 1 < n)
		ui->list_sel++;
	else if (rows > 0 && ui->list_sel > 0)
		ui->list_sel--;
}

/* The list's own request: open the selected incident. */
static int ui_views_list_request(struct ui *ui, enum ui_req req)
{
	json_t *it;

	if (req != UI_REQ_SELECT)
		return 0;
	if ((it = ui_views_list_item(ui, ui->list_sel)) != NULL)
		ui_open(ui, ui_views_str(it, "ref"));
	return 1;
}

/* The hint of the text views. */
#define UI_VIEWS_HINT "j k ↑↓ scroll  PgUp PgDn page  g G ends  Esc back  " \
	"1-6 views  ? help  q detach"

/* The status updates view. */
const struct ui_view_ops ui_views_updates_view = {
	.name = "updates",
	.keymap = UI_KEYS_VIEW,
	.incident = 1,
	.hint = UI_VIEWS_HINT,
	.draw = ui_views_draw,
	.lines = ui_views_updates,
	.scroll_by = ui_views_scroll,
	.done = ui_views_updates_done,
};

/* The roles and handoffs view. */
const struct ui_view_ops ui_views_roles_view = {
	.name = "roles",
	.keymap = UI_KEYS_VIEW,
	.incident = 1,
	.hint = UI_VIEWS_HINT,
	.draw = ui_views_draw,
	.lines = ui_views_roles,
	.scroll_by = ui_views_scroll,
	.done = ui_views_roles_done,
};

/* The hypotheses view. */
const struct ui_view_ops ui_views_hyps_view = {
	.name = "hypotheses",
	.keymap = UI_KEYS_VIEW,
	.incident = 1,
	.hint = UI_VIEWS_HINT,
	.draw = ui_views_draw,
	.lines = ui_views_hyps,
	.scroll_by = ui_views_scroll,
};

/* The incident list (asked for again each time it is shown). */
const struct ui_view_ops ui_views_list_view = {
	.name = "list",
	.keymap = UI_KEYS_LIST,
	.full = 1,
	.hint = "↑↓ select  Enter open  d declare  r refresh  ? help  q quit",
	.hint_ro = "observer: read only  ↑↓ select  Enter open  r refresh  "
	    "? help  q quit",
	.open = ui_refresh_list,
	.draw = ui_views_draw,
	.lines = ui_views_list,
	.scroll_by = ui_views_list_scroll,
	.request = ui_views_list_request,
};

/* The help: generated from the command table and the key table. */
const struct ui_view_ops ui_views_help_view = {
	.name = "help",
	.keymap = UI_KEYS_VIEW,
	.full = 1,
	.hint = UI_VIEWS_HINT,
	.draw = ui_views_draw,
	.lines = ui_views_help,
	.scroll_by = ui_views_scroll,
};
