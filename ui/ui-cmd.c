/* ui-cmd.c: the : commands, notes typed at the input line, completion.
 * A : line is the command line's language with the incident implied: it is
 * split into words, found in cmd_table and parsed by cmd_args_words (the
 * code `sitrep VERB` uses), then either done here (the terminal's own
 * commands and forms) or built into an event by the verb's build step and
 * submitted; the server's rules decide. */
#include <sys/stat.h>

#include <ctype.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "paths.h"
#include "text.h"
#include "users.h"
#include "when.h"
#include "xmalloc.h"
#include "ui.h"

/* The views, in enum ui_view order, by their :view names. */
static const char *const ui_cmd_views[] = { "timeline", "updates", "roles",
    "hypotheses", "analysis", "list", "help" };

/* What the terminal does itself for a verb, given its parsed words: 1
 * when done, 0 to record the verb's event. */
struct ui_cmd_bind {
	const char *name;
	int (*exec)(struct ui *ui, const struct cmd_args *a);
};

/* Take the next space-separated word of *args (NULL when none). */
static char *ui_cmd_word(char **args)
{
	char *p = *args, *w;

	while (*p == ' ')
		p++;
	if (*p == '\0') {
		*args = p;
		return NULL;
	}
	w = p;
	while (*p != '\0' && *p != ' ')
		p++;
	if (*p == ' ')
		*p++ = '\0';
	while (*p == ' ')
		p++;
	*args = p;
	return w;
}

/* Strip trailing punctuation of a word taken as a ref or tag. */
static char *ui_cmd_token(const char *w, size_t n)
{
	while (n > 0 && strchr(".,;:!?)]", w[n - 1]) != NULL)
		n--;
	return xstrndup(w, n);
}

/* 1 when w (n bytes) reads as a reference "key:value". */
static int ui_cmd_is_ref(const char *w, size_t n)
{
	size_t i = 0;

	if (n == 0 || !islower((unsigned char)w[0]))
		return 0;
	while (i < n && (islower((unsigned char)w[i]) ||
	    isdigit((unsigned char)w[i]) || w[i] == '_' || w[i] == '-'))
		i++;
	if (i >= n - 1 || w[i] != ':' || w[i + 1] == '/')
		return 0;
	return strchr(".,;:!?", w[n - 1]) == NULL || n - i > 2;
}

/* Add tok to the array *list (made when NULL), at most SR_MAX_REFS. */
static void ui_cmd_list_add(json_t **list, char *tok)
{
	if (*list == NULL)
		*list = json_array();
	if (*tok != '\0' && json_array_size(*list) < SR_MAX_REFS)
		json_array_append_new(*list, json_string(tok));
	free(tok);
}

/* Refs ("deploy:4711") and tags ("#db") found in the text of a note. */
static void ui_cmd_note_refs(struct event *ev, const char *text)
{
	const char *p = text, *w;
	size_t n;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		w = p;
		while (*p != '\0' && *p != ' ')
			p++;
		n = (size_t)(p - w);
		if (n > 1 && w[0] == '#' && isalnum((unsigned char)w[1]))
			ui_cmd_list_add(&ev->tags, ui_cmd_token(w + 1, n - 1));
		else if (ui_cmd_is_ref(w, n))
			ui_cmd_list_add(&ev->refs, ui_cmd_token(w, n));
	}
}

/* Plain text at the input line: a note, back-dated by a leading "@TIME",
 * with the refs and tags found in it. */
void ui_cmd_note_line(struct ui *ui, const char *line)
{
	char *copy, *text, *when, *cause = NULL;
	struct event *ev;
	int64_t at = 0;

	if (ui->incident == NULL) {
		ui_message(ui, 1, "open an incident first (Enter on the list, "
		    "or d to declare one)");
		return;
	}
	text = copy = xstrdup(line);
	if (*text == '@' && (when = ui_cmd_word(&text)) != NULL &&
	    when_parse(when + 1, when_now(), WHEN_PAST, &at, &cause) != 0) {
		ui_message(ui, 1, "%s (write @14:07 or @-5m before the text)",
		    cause);
		free(cause);
		ui_input_restore(ui, line);
	} else if (*text == '\0')
		ui_message(ui, 1, "nothing to record: type the text after the "
		    "time");
	else {
		ev = event_new(EV_ENTRY);
		ev->incident = xstrdup(ui->incident);
		json_object_set_new(ev->body, "type", json_string("note"));
		json_object_set_new(ev->body, "text", json_string(text));
		ui_cmd_note_refs(ev, text);
		ev->occurred_at = at;
		ui_submit(ui, ev, line, 0);
	}
	free(copy);
}

/* The words from i on joined by spaces (new string, "" when none). */
static char *ui_cmd_rest(const struct cmd_args *a, int i)
{
	char *out = xstrdup(""), *tmp;

	for (; i < a->argc; i++) {
		tmp = xasprintf("%s%s%s", out, *out ? " " : "", a->argv[i]);
		free(out);
		out = tmp;
	}
	return out;
}

/* :new without a title: the declare form. */
static int ui_cmd_new(struct ui *ui, const struct cmd_args *a)
{
	if (a->argc != 0)
		return 0;
	ui_form_open_declare(ui);
	return 1;
}

/* :update without options: the status update form. */
static int ui_cmd_update(struct ui *ui, const struct cmd_args *a)
{
	if (a->nvalues != 0 || a->argc != 1)
		return 0;
	ui_form_open_update(ui);
	return 1;
}

/* :hyp alone: the hypothesis form. */
static int ui_cmd_hyp(struct ui *ui, const struct cmd_args *a)
{
	if (a->argc != 1 || a->nvalues != 0)
		return 0;
	ui_form_open_hyp(ui);
	return 1;
}

/* :handoff [USER] without --brief: the form, the brief pre-filled. */
static int ui_cmd_handoff(struct ui *ui, const struct cmd_args *a)
{
	if (cmd_args_get(a, "brief") != NULL || a->argc > 2)
		return 0;
	ui_form_open_handoff(ui, a->argc == 2 ? a->argv[1] : NULL);
	return 1;
}

/* :factor alone: the contributing factor form. */
static int ui_cmd_factor(struct ui *ui, const struct cmd_args *a)
{
	if (a->argc != 1 || a->nvalues != 0)
		return 0;
	ui_analysis_form_factor(ui, NULL);
	return 1;
}

/* :followup alone (or add alone): the follow-up form; set N alone: the
 * form that changes follow-up N. */
static int ui_cmd_followup(struct ui *ui, const struct cmd_args *a)
{
	struct model_incident *inc = ui_incident(ui);
	const char *n = a->argc == 3 ? a->argv[2] : "";
	const struct model_followup *fu;

	if (a->nvalues != 0 || a->argc > 3)
		return 0;
	if (a->argc == 1 || (a->argc == 2 && strcmp(a->argv[1], "add") == 0)) {
		ui_analysis_form_followup(ui, NULL, 0);
		return 1;
	}
	if (a->argc != 3 || strcmp(a->argv[1], "set") != 0 || inc == NULL)
		return 0;
	fu = model_followup_find(inc, atoi(*n == 'F' || *n == 'f' ? n + 1 : n));
	if (fu == NULL)
		return 0;
	ui_analysis_form_set(ui, fu);
	return 1;
}

/* :summary alone: the summary form. */
static int ui_cmd_summary(struct ui *ui, const struct cmd_args *a)
{
	if (a->argc != 1 || a->nvalues != 0)
		return 0;
	ui_analysis_form_summary(ui, -1);
	return 1;
}

/* :annotate SEQ alone: the annotation form on entry SEQ. */
static int ui_cmd_annotate(struct ui *ui, const struct cmd_args *a)
{
	int64_t seq;

	if (a->argc != 2 || a->nvalues != 0 ||
	    cmd_parse_seq(a->argv[1], &seq) != 0)
		return 0;
	ui_analysis_form_annotate(ui, seq);
	return 1;
}

/* :search QUERY (in the open incident). */
static int ui_cmd_search(struct ui *ui, const struct cmd_args *a)
{
	char *query = ui_cmd_rest(a, 0);

	if (ui->incident == NULL)
		ui_message(ui, 1, "open an incident first");
	else if (*query == '\0')
		ui_message(ui, 1, "search for what? :search QUERY");
	else
		ui_timeline_search(ui, query);
	free(query);
	return 1;
}

/* Say how the command e is written and what it does. */
static void ui_cmd_explain(struct ui *ui, const struct cmd_entry *e)
{
	char *usage = cmd_usage_text(e, CMD_TERMINAL);

	ui_message(ui, 0, ":%s — %s", usage, e->summary);
	free(usage);
}

/* :help [VERB]: the help view, or how to write VERB. */
static int ui_cmd_help(struct ui *ui, const struct cmd_args *a)
{
	const struct cmd_entry *e;

	if (a->argc == 0)
		ui_set_view(ui, UI_VIEW_HELP);
	else if ((e = cmd_find(a->argv[0], CMD_TERMINAL)) == NULL)
		ui_message(ui, 1, "no command \"%s\"", a->argv[0]);
	else
		ui_cmd_explain(ui, e);
	return 1;
}

/* :open INC (alone: the incident list). */
static int ui_cmd_open(struct ui *ui, const struct cmd_args *a)
{
	char *ref;

	if (a->argc == 0)
		ui_set_view(ui, UI_VIEW_LIST);
	else if (cmd_parse_incident(a->argv[0], &ref) != 0)
		ui_message(ui, 1, "\"%s\" is not an incident ref such as INC-3",
		    a->argv[0]);
	else {
		ui_open(ui, ref);
		free(ref);
	}
	return 1;
}

/* :list */
static int ui_cmd_list(struct ui *ui, const struct cmd_args *a)
{
	ui_set_view(ui, UI_VIEW_LIST);
	return 1;
}

/* :view VIEW (a prefix will do). */
static int ui_cmd_view(struct ui *ui, const struct cmd_args *a)
{
	size_t n = a->argc == 1 ? strlen(a->argv[0]) : 0;
	int i;

	for (i = 0; i < UI_VIEW_COUNT && n > 0; i++) {
		if (strncmp(ui_cmd_views[i], a->argv[0], n) == 0) {
			ui_set_view(ui, (enum ui_view)i);
			return 1;
		}
	}
	ui_message(ui, 1, "views: timeline updates roles hypotheses analysis "
	    "list help");
	return 1;
}

/* :filter [SPEC…] (alone: clear). */
static int ui_cmd_filter(struct ui *ui, const struct cmd_args *a)
{
	char *spec = ui_cmd_rest(a, 0), *cause = NULL, buf[256];

	if (ui_timeline_filter_set(ui, spec, &cause) != 0) {
		ui_message(ui, 1, "%s", cause);
		free(cause);
		free(spec);
		return 1;
	}
	free(spec);
	ui_timeline_filter_describe(&ui->tl.filter, buf, sizeof buf);
	if (*buf == '\0')
		ui_message(ui, 0, "filter cleared");
	else
		ui_message(ui, 0, "filter: %s (:filter alone clears)",
		    buf + (*buf == ' '));
	ui_set_view(ui, UI_VIEW_TIMELINE);
	return 1;
}

/* :zone [ZONE]: a second time column (none: off). */
static int ui_cmd_zone(struct ui *ui, const struct cmd_args *a)
{
	free(ui->zone2);
	ui->zone2 = a->argc > 0 ? xstrdup(a->argv[0]) : NULL;
	ui->dirty = 1;
	return 1;
}

/* :quit */
static int ui_cmd_quit(struct ui *ui, const struct cmd_args *a)
{
	ui->quit = 1;
	return 1;
}

/* The verbs the terminal does itself, in whole or in part. */
static const struct ui_cmd_bind ui_cmd_binds[] = {
	{ "new", ui_cmd_new },
	{ "update", ui_cmd_update },
	{ "hyp", ui_cmd_hyp },
	{ "handoff", ui_cmd_handoff },
	{ "factor", ui_cmd_factor },
	{ "followup", ui_cmd_followup },
	{ "summary", ui_cmd_summary },
	{ "annotate", ui_cmd_annotate },
	{ "search", ui_cmd_search },
	{ "export", ui_export_cmd },
	{ "help", ui_cmd_help },
	{ "open", ui_cmd_open },
	{ "list", ui_cmd_list },
	{ "view", ui_cmd_view },
	{ "filter", ui_cmd_filter },
	{ "zone", ui_cmd_zone },
	{ "quit", ui_cmd_quit },
};

/* What the terminal does itself for verb e, or NULL. */
static const struct ui_cmd_bind *ui_cmd_bind_of(const struct cmd_entry *e)
{
	size_t i;

	for (i = 0; i < sizeof ui_cmd_binds / sizeof ui_cmd_binds[0]; i++) {
		if (strcmp(ui_cmd_binds[i].name, e->name) == 0)
			return &ui_cmd_binds[i];
	}
	return NULL;
}

/* Say what is wrong with a : line and how the command typed (e, NULL when
 * unknown) is written; give the line back to be mended. */
static void ui_cmd_wrong(struct ui *ui, const struct cmd_entry *e,
    const char *cause, const char *line)
{
	char *usage, *typed = xasprintf(":%s", line);

	if (e == NULL)
		ui_message(ui, 1, "%s (? lists the commands, Tab completes)",
		    cause);
	else {
		usage = cmd_usage_text(e, CMD_TERMINAL);
		ui_message(ui, 1, ":%s: %s", usage, cause);
		free(usage);
	}
	ui_input_restore(ui, typed);
	free(typed);
}

/* Run parsed words: the terminal's own part, else the verb's event. */
static void ui_cmd_exec(struct ui *ui, const struct cmd_entry *e,
    const struct cmd_args *a, const char *line)
{
	const struct ui_cmd_bind *bind = ui_cmd_bind_of(a->entry);
	struct event *ev;
	char *cause = NULL;

	if (a->help) {
		ui_cmd_explain(ui, e);
		return;
	}
	if (bind != NULL && bind->exec(ui, a))
		return;
	if ((ev = cmd_build(a, &cause)) == NULL) {
		ui_cmd_wrong(ui, e, cause, line);
		free(cause);
		return;
	}
	ui_submit(ui, ev, NULL, ev->kind == EV_DECLARE);
}

/* Run a : line (without the ':'). */
void ui_cmd_run(struct ui *ui, const char *line)
{
	const struct cmd_entry *e = NULL;
	struct cmd_args a;
	char **argv, *cause = NULL, *typed;
	int argc;

	if (cmd_parse_split(line, &argc, &argv, &cause) != 0) {
		ui_cmd_wrong(ui, NULL, cause, line);
		free(cause);
		return;
	}
	if (argc > 0 && cmd_args_words(argc, argv, CMD_TERMINAL, ui->incident,
	    &a, &e, &cause) != 0) {
		ui_cmd_wrong(ui, e, cause, line);
		free(cause);
	} else if (argc > 0) {
		a.me = ui->user;
		typed = xasprintf(":%s", line);
		ui->typed = typed;
		ui_cmd_exec(ui, e, &a, line);
		ui->typed = NULL;
		free(typed);
		cmd_args_free(&a);
	}
	cmd_parse_free(argc, argv);
}

/* Where a refusal of field lies in what was typed (a : line or a note):
 * ":update --unknown TEXT", "@TIME"; NULL when nowhere. */
static char *ui_cmd_hint(const char *line, const char *field)
{
	const struct cmd_entry *e;
	char **argv, *cause = NULL, *word, *hint = NULL;
	int argc;

	if (*line != ':')
		return strcmp(field, "at") == 0 ? xstrdup("@TIME") : NULL;
	if (cmd_parse_split(line + 1, &argc, &argv, &cause) != 0) {
		free(cause);
		return NULL;
	}
	if (argc > 0 && (e = cmd_find(argv[0], CMD_TERMINAL)) != NULL &&
	    (word = cmd_field_word(e, field, CMD_TERMINAL)) != NULL) {
		hint = xasprintf(":%s %s", e->name, word);
		free(word);
	}
	cmd_parse_free(argc, argv);
	return hint;
}

/* The server refused what line (NULL: neither a : line nor a note) sent:
 * say why, and where the fix goes in the terminal's own words. */
void ui_cmd_refused(struct ui *ui, const char *line, const char *field,
    const char *message)
{
	char *hint = NULL;

	if (line != NULL && field != NULL)
		hint = ui_cmd_hint(line, field);
	if (hint != NULL)
		ui_message(ui, 1, "refused (%s): %s", hint, message);
	else
		ui_message(ui, 1, "refused: %s", message);
	free(hint);
}

/* The usage and summary of the i-th : command; NULL past the end. */
char *ui_cmd_usage(size_t i, const char **summary)
{
	const struct cmd_entry *e;

	for (e = cmd_table; e->name != NULL; e++) {
		if ((e->flags & CMD_TERMINAL) && i-- == 0) {
			*summary = e->summary;
			return cmd_usage_text(e, CMD_TERMINAL);
		}
	}
	return NULL;
}

/* Completion candidates (owned). */
struct ui_cmd_cands {
	char *v[64];
	size_t n;
};

/* Add a candidate (duplicates and overflow ignored). */
static void ui_cmd_cand(const char *s, void *arg)
{
	struct ui_cmd_cands *c = arg;
	size_t i;

	if (s == NULL || c->n == sizeof c->v / sizeof c->v[0])
		return;
	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i], s) == 0)
			return;
	c->v[c->n++] = xstrdup(s);
}

/* The people the server lets in, as its socket's directory shows: its
 * owner, and on a team server (a directory its group may enter) the
 * group's members. */
static void ui_cmd_admitted(struct ui *ui, struct ui_cmd_cands *c)
{
	char *db = paths_db(ui->g->db), *sock = paths_socket(ui->g->socket, db);
	char *owner;
	struct stat sb;

	if (stat(dirname(sock), &sb) == 0) {
		owner = users_name(sb.st_uid);
		ui_cmd_cand(owner, c);
		free(owner);
		if (sb.st_mode & S_IXGRP)
			users_group_members(sb.st_gid, ui_cmd_cand, c);
	}
	free(sock);
	free(db);
}

/* People a name may be completed to: attached now, seen in the incident,
 * and those who may connect. */
static void ui_cmd_people_add(struct ui *ui, struct ui_cmd_cands *c)
{
	struct model_incident *inc = ui_incident(ui);
	json_t *users = json_object_get(ui->presence, "users");
	size_t i;

	for (i = 0; i < json_array_size(users); i++)
		ui_cmd_cand(json_string_value(json_object_get(
		    json_array_get(users, i), "user")), c);
	for (i = 0; inc != NULL && i < inc->npeople; i++)
		ui_cmd_cand(inc->people[i], c);
	ui_cmd_admitted(ui, c);
}

/* The people command may pass to, ourselves left out: a NULL-terminated
 * array of new strings. */
char **ui_cmd_people(struct ui *ui)
{
	struct ui_cmd_cands c = { .n = 0 };
	char **out;
	size_t i, k = 0;

	ui_cmd_people_add(ui, &c);
	out = xcalloc(c.n + 1, sizeof *out);
	for (i = 0; i < c.n; i++) {
		if (ui->user != NULL && strcmp(c.v[i], ui->user) == 0)
			free(c.v[i]);
		else
			out[k++] = c.v[i];
	}
	return out;
}

/* Candidates the terminal knows for a placeholder: people, incidents,
 * views. */
static void ui_cmd_known(struct ui *ui, const char *what,
    struct ui_cmd_cands *c)
{
	size_t i;

	if (strcmp(what, "USER") == 0)
		ui_cmd_people_add(ui, c);
	else if (strcmp(what, "INC") == 0)
		for (i = 0; i < json_array_size(ui->list); i++)
			ui_cmd_cand(json_string_value(json_object_get(
			    json_array_get(ui->list, i), "ref")), c);
	else if (strcmp(what, "VIEW") == 0)
		for (i = 0; i < UI_VIEW_COUNT; i++)
			ui_cmd_cand(ui_cmd_views[i], c);
}

/* Keep the candidates that start with word; returns their common prefix
 * length (0 with none). */
static size_t ui_cmd_filter_cands(struct ui_cmd_cands *c, const char *word)
{
	size_t i, j, k = 0, n = strlen(word), common;

	for (i = 0; i < c->n; i++) {
		if (strncmp(c->v[i], word, n) == 0)
			c->v[k++] = c->v[i];
		else
			free(c->v[i]);
	}
	c->n = k;
	if (k == 0)
		return 0;
	common = strlen(c->v[0]);
	for (i = 1; i < k; i++) {
		for (j = 0; j < common && c->v[i][j] == c->v[0][j]; j++)
			;
		common = j;
	}
	return common;
}

/* Show the completion: the line with the common prefix, and the
 * candidates when more than one. */
static void ui_cmd_show_cands(struct ui *ui, const char *text,
    const char *word, struct ui_cmd_cands *c)
{
	size_t i, common = ui_cmd_filter_cands(c, word);
	size_t start = strlen(text) - strlen(word);
	char *out, list[512];

	if (c->n > 0) {
		out = xasprintf("%.*s%.*s%s", (int)start, text, (int)common,
		    c->v[0], c->n == 1 ? " " : "");
		ui_input_set(&ui->in, out);
		free(out);
	}
	if (c->n > 1) {
		list[0] = '\0';
		for (i = 0; i < c->n; i++)
			snprintf(list + strlen(list), sizeof list -
			    strlen(list), "%s ", c->v[i]);
		ui_message(ui, 0, "%s", list);
	} else if (c->n == 0)
		ui_message(ui, 0, "no completion");
}

/* Tab at a : line: complete the verb, an option, or a word of the verb. */
void ui_cmd_complete(struct ui *ui)
{
	char *text = ui_input_text(&ui->in), **argv, *cause = NULL, *what;
	struct ui_cmd_cands c = { .n = 0 };
	size_t i, n = strlen(text);
	int argc;

	if (cmd_parse_split(text, &argc, &argv, &cause) != 0) {
		ui_message(ui, 0, "no completion");
		free(cause);
		free(text);
		return;
	}
	if (argc == 0 || n == 0 || text[n - 1] == ' ') {
		argv = xreallocarray(argv, (size_t)argc + 2, sizeof *argv);
		argv[argc++] = xstrdup("");
		argv[argc] = NULL;
	}
	what = cmd_args_complete(argc, argv, CMD_TERMINAL, ui_cmd_cand, &c);
	if (what != NULL)
		ui_cmd_known(ui, what, &c);
	ui_cmd_show_cands(ui, text, argv[argc - 1], &c);
	for (i = 0; i < c.n; i++)
		free(c.v[i]);
	free(what);
	cmd_parse_free(argc, argv);
	free(text);
}
