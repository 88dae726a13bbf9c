/* ui-side.c: the side pane: roles and holders, people attached now with
 * idle time, open hypotheses, parked count. */
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "when.h"
#include "xmalloc.h"
#include "ui.h"

/* A section title at y; returns the next line. */
static int ui_side_title(struct ui *ui, WINDOW *w, int y, const char *t)
{
	ui_draw_put(w, y, 1, t, -1, A_BOLD | A_UNDERLINE);
	return y + 1;
}

/* Roles: IC first, then every role and who holds it. */
static int ui_side_roles(struct ui *ui, WINDOW *w, int y,
    struct model_incident *inc)
{
	const char **holders;
	char *line, *tmp;
	int r, k;

	y = ui_side_title(ui, w, y, "Roles");
	ui_draw_put(w, y, 1, "IC      ", -1, A_BOLD);
	ui_draw_put_clean(w, y++, 9, inc->ic ? inc->ic : "none", -1,
	    inc->ic ? A_NORMAL : ui_attr(ui, UI_PAIR_ALERT, A_REVERSE));
	for (r = 1; r < ROLE_COUNT && y < getmaxy(w); r++) {
		holders = model_holders(inc, (enum model_role)r);
		ui_draw_put(w, y, 1, model_role_name((enum model_role)r), 8, A_DIM);
		if (holders[0] == NULL)
			ui_draw_put(w, y, 9, "-", -1, A_DIM);
		line = xstrdup("");
		for (k = 0; holders[k] != NULL; k++) {
			tmp = xasprintf("%s%s%s", line, k ? ", " : "",
			    holders[k]);
			free(line);
			line = tmp;
		}
		ui_draw_put_clean(w, y, 9, line, -1, A_NORMAL);
		free(line);
		free(holders);
		y++;
	}
	return y + 1;
}

/* One person attached: name, "obs" for an observer, since when, how
 * long idle. */
static void ui_side_person(struct ui *ui, WINDOW *w, int y, const json_t *u)
{
	const char *access = json_string_value(json_object_get(u, "access"));
	char *idle = when_format_duration(json_integer_value(json_object_get(u,
	    "idle_ms")) + when_now() - ui->presence_at);
	char *since = ui_draw_hm(ui, json_integer_value(json_object_get(u,
	    "since")), NULL);
	int x = getmaxx(w);

	ui_draw_put_clean(w, y, 1, json_string_value(json_object_get(u,
	    "user")) ?: "?", x - 20, A_NORMAL);
	if (access != NULL && strcmp(access, "ro") == 0)
		ui_draw_put(w, y, x - 19, "obs", 3, A_BOLD);
	ui_draw_put(w, y, x - 15, since, 5, A_DIM);
	ui_draw_put(w, y, x - 9, idle, 9, A_DIM);
	free(since);
	free(idle);
}

/* People attached now, from the last presence message. */
static int ui_side_people(struct ui *ui, WINDOW *w, int y)
{
	json_t *users = json_object_get(ui->presence, "users");
	size_t i;

	y = ui_side_title(ui, w, y, "Attached   since  idle");
	if (json_array_size(users) == 0 && y < getmaxy(w))
		ui_draw_put(w, y++, 1, ui->user ? ui->user : "-", -1, A_NORMAL);
	for (i = 0; i < json_array_size(users) && y < getmaxy(w); i++)
		ui_side_person(ui, w, y++, json_array_get(users, i));
	return y + 1;
}

/* The terminal of user in a presence list, or NULL (a user there by a
 * command only). */
static const json_t *ui_side_terminal(const json_t *presence,
    const char *user)
{
	json_t *users = json_object_get(presence, "users"), *u;
	size_t i;

	json_array_foreach(users, i, u) {
		if (json_is_true(json_object_get(u, "terminal")) &&
		    strcmp(json_string_value(json_object_get(u, "user")) ?: "",
		    user) == 0)
			return u;
	}
	return NULL;
}

/* Say who joined (a terminal in now but not before) or left, but not
 * ourselves and not on the first list after connecting. */
static void ui_side_joins(struct ui *ui, const json_t *before,
    const json_t *now)
{
	const json_t *list[2] = { now, before }, *u;
	const char *name, *access;
	json_t *users;
	size_t i;
	int k;

	for (k = 0; k < 2 && before != NULL; k++) {
		users = json_object_get(list[k], "users");
		json_array_foreach(users, i, u) {
			name = json_string_value(json_object_get(u, "user"));
			access = json_string_value(json_object_get(u, "access"));
			if (name == NULL || !json_is_true(json_object_get(u,
			    "terminal")) || (ui->user != NULL &&
			    strcmp(name, ui->user) == 0) ||
			    ui_side_terminal(list[1 - k], name) != NULL)
				continue;
			ui_message(ui, 0, "%s %s%s", name, k == 0 ? "joined" :
			    "left", k == 0 && access != NULL &&
			    strcmp(access, "ro") == 0 ? " (observer)" : "");
		}
	}
}

/* Draw untrusted text at y on at most two lines (the second indented,
 * cut with an ellipsis), while they fit above the pane's last line;
 * returns the next line. */
static int ui_side_two_lines(WINDOW *w, int y, const char *text, attr_t a)
{
	char *clean = text_sanitize(text, 0), *first;
	int width = getmaxx(w) - 1;
	size_t starts[2], n = ui_draw_wrap(clean, width, starts, 2);

	if (n < 2 || y + 1 >= getmaxy(w) - 1) {
		ui_draw_put(w, y, 1, clean, width, a);
		free(clean);
		return y + 1;
	}
	first = xstrndup(clean, starts[1]);
	ui_draw_put(w, y, 1, first, width, a);
	ui_draw_put(w, y + 1, 4, clean + starts[1], width - 3, a);
	free(first);
	free(clean);
	return y + 2;
}

/* Open hypotheses and the parked count. */
static int ui_side_hyps(struct ui *ui, WINDOW *w, int y,
    struct model_incident *inc)
{
	struct model_hypothesis *h;
	char *line;
	size_t i, open = model_open_hypotheses(inc);

	line = xasprintf("Hypotheses: %zu open", open);
	y = ui_side_title(ui, w, y, line);
	free(line);
	for (i = 0; i < inc->nhyps && y < getmaxy(w) - 1; i++) {
		h = &inc->hyps[i];
		if (h->struck || (h->state != HYP_OPEN &&
		    h->state != HYP_INVESTIGATING))
			continue;
		line = xasprintf("H%d %s", h->id, h->text);
		y = ui_side_two_lines(w, y, line, h->state == HYP_INVESTIGATING ?
		    A_BOLD : A_NORMAL);
		free(line);
	}
	if (open == 1 && y < getmaxy(w) - 1)
		ui_draw_put(w, y++, 1, "(one story: any other?)", -1, ui_attr(ui,
		    UI_PAIR_WARN, A_DIM));
	line = xasprintf("Parked: %zu", inc->nparked);
	if (y < getmaxy(w))
		ui_draw_put(w, y++, 1, line, -1, A_DIM);
	free(line);
	return y;
}

/* Draw the side pane. */
void ui_side_draw(struct ui *ui, WINDOW *w)
{
	struct model_incident *inc = ui_incident(ui);
	int y = 0, x;

	for (x = 0; x < getmaxy(w); x++)
		mvwaddch(w, x, 0, ui->focus == UI_FOCUS_SIDE ? ACS_CKBOARD :
		    ACS_VLINE);
	if (inc == NULL) {
		ui_side_people(ui, w, 0);
		return;
	}
	y = ui_side_roles(ui, w, y, inc);
	if (y < getmaxy(w))
		y = ui_side_people(ui, w, y);
	if (y < getmaxy(w))
		ui_side_hyps(ui, w, y, inc);
}

/* A presence message: who is attached now and how idle; who joined or
 * left is said on the message line. */
void ui_side_presence(struct ui *ui, const json_t *msg)
{
	ui_side_joins(ui, ui->presence, msg);
	json_decref(ui->presence);
	ui->presence = json_deep_copy(msg);
	ui->presence_at = when_now();
	ui->dirty = 1;
}
