/* cmd-args.c: a verb's words parsed against its table entry, the same way
 * for the command line and the terminal's : prompt (options anywhere among
 * the other words, "--" ends them, long ones by a unique prefix), then read
 * by the verb's build step. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep.h"
#include "text.h"
#include "when.h"
#include "xmalloc.h"

/* The options every verb takes on the command line, and --help. */
static const struct cmd_option cmd_args_globals_table[] = {
	{ "db", 0, "PATH", NULL, CMD_LINE, NULL },
	{ "socket", 'S', "PATH", NULL, CMD_LINE, NULL },
	{ "tz", 0, "ZONE", NULL, CMD_LINE, NULL },
	{ "verbose", 'v', NULL, NULL, CMD_LINE | CMD_MANY, NULL },
	{ "help", 'h', NULL, NULL, 0, NULL },
	{ NULL, 0, NULL, NULL, 0, NULL }
};

/* The option every verb that records an event takes (after its own). */
static const struct cmd_option cmd_args_record_table[] = {
	{ "at", 0, "TIME", "at", 0, "when it happened (back-dates it)" },
	{ NULL, 0, NULL, NULL, 0, NULL }
};

/* 1 when verb e takes the recording table's --at: it records an event
 * and has no --at of its own. */
static int cmd_option_records(const struct cmd_entry *e)
{
	const struct cmd_option *o;

	if (e->build == NULL)
		return 0;
	for (o = e->options; o != NULL && o->name != NULL; o++) {
		if (strcmp(o->name, "at") == 0)
			return 0;
	}
	return 1;
}

/* The first option of verb e: its own, then --at when it records an
 * event; NULL when none. */
const struct cmd_option *cmd_option_first(const struct cmd_entry *e)
{
	if (e->options != NULL && e->options->name != NULL)
		return e->options;
	return cmd_option_records(e) ? cmd_args_record_table : NULL;
}

/* The option of verb e after o, or NULL. */
const struct cmd_option *cmd_option_next(const struct cmd_entry *e,
    const struct cmd_option *o)
{
	if ((++o)->name != NULL)
		return o;
	if (o == cmd_args_record_table + 1 || !cmd_option_records(e))
		return NULL;
	return cmd_args_record_table;
}

/* The option of e (or a global one) called name (n bytes; a unique prefix
 * will do) or with letter (name NULL); NULL when none or ambiguous. */
static const struct cmd_option *cmd_args_option(const struct cmd_entry *e,
    unsigned side, const char *name, size_t n, int letter)
{
	const struct cmd_option *tables[] = { e->options,
	    cmd_option_records(e) ? cmd_args_record_table : NULL,
	    cmd_args_globals_table }, *o, *found = NULL;
	size_t t, hits = 0;

	for (t = 0; t < 3; t++) {
		for (o = tables[t]; o != NULL && o->name != NULL; o++) {
			if (!cmd_option_on(o, side))
				continue;
			if (name == NULL && o->letter == letter && letter != 0)
				return o;
			if (name == NULL || strncmp(o->name, name, n) != 0)
				continue;
			if (o->name[n] == '\0')
				return o;
			found = o;
			hits++;
		}
	}
	return hits == 1 ? found : NULL;
}

/* Keep the value of option o (value may be NULL). */
static int cmd_args_keep(struct cmd_args *a, const struct cmd_option *o,
    const char *value, char **cause)
{
	struct cmd_value *v;

	if (value != NULL && !text_valid_utf8(value, strlen(value))) {
		*cause = xasprintf("the value of --%s is not valid UTF-8; "
		    "check the terminal's character set", o->name);
		return -1;
	}
	if (strcmp(o->name, "help") == 0)
		a->help = 1;
	a->values = xreallocarray(a->values, a->nvalues + 1, sizeof *a->values);
	v = &a->values[a->nvalues++];
	v->option = o;
	v->value = value != NULL ? xstrdup(value) : NULL;
	return 0;
}

/* Read the long option at argv[*i] ("--name" or "--name=value"). */
static int cmd_args_long(struct cmd_args *a, int argc, char **argv, int *i,
    char **cause)
{
	const char *w = argv[*i] + 2, *eq = strchr(w, '=');
	size_t n = eq != NULL ? (size_t)(eq - w) : strlen(w);
	const struct cmd_option *o;

	o = cmd_args_option(a->entry, a->side, w, n, 0);
	if (o == NULL) {
		*cause = xasprintf("unknown option --%.*s", (int)n, w);
		return -1;
	}
	if (o->value == NULL && eq != NULL) {
		*cause = xasprintf("--%s takes no value", o->name);
		return -1;
	}
	if (o->value == NULL || eq != NULL)
		return cmd_args_keep(a, o, eq != NULL ? eq + 1 : NULL, cause);
	if (*i + 1 >= argc) {
		*cause = xasprintf("--%s needs a value (%s)", o->name,
		    o->value);
		return -1;
	}
	return cmd_args_keep(a, o, argv[++*i], cause);
}

/* Read the short options at argv[*i] ("-x", "-xVALUE", "-xy"). */
static int cmd_args_short(struct cmd_args *a, int argc, char **argv, int *i,
    char **cause)
{
	const char *p = argv[*i] + 1;
	const struct cmd_option *o;

	for (; *p != '\0'; p++) {
		if ((o = cmd_args_option(a->entry, a->side, NULL, 0, *p)) ==
		    NULL) {
			*cause = xasprintf("unknown option -%c", *p);
			return -1;
		}
		if (o->value == NULL) {
			if (cmd_args_keep(a, o, NULL, cause) != 0)
				return -1;
			continue;
		}
		if (p[1] != '\0')
			return cmd_args_keep(a, o, p + 1, cause);
		if (*i + 1 >= argc) {
			*cause = xasprintf("-%c needs a value (%s)", *p,
			    o->value);
			return -1;
		}
		return cmd_args_keep(a, o, argv[++*i], cause);
	}
	return 0;
}

/* Keep a word that is not an option. */
static void cmd_args_word(struct cmd_args *a, const char *word)
{
	a->argv = xreallocarray(a->argv, (size_t)a->argc + 2, sizeof *a->argv);
	a->argv[a->argc++] = xstrdup(word);
	a->argv[a->argc] = NULL;
}

/* Parse a verb's words. */
int cmd_args_parse(const struct cmd_entry *e, int argc, char **argv,
    unsigned side, struct cmd_args *a, char **cause)
{
	int i, rc = 0, words = 0;

	memset(a, 0, sizeof *a);
	a->entry = e;
	a->side = side & CMD_BOTH;
	a->argv = xcalloc(1, sizeof *a->argv);
	a->next = argc;
	for (i = 1; i < argc && rc == 0 && !a->help; i++) {
		if (!words && strcmp(argv[i], "--") == 0)
			words = 1;
		else if (words || argv[i][0] != '-' || argv[i][1] == '\0') {
			if (side & CMD_FIRST) {
				a->next = i;
				break;
			}
			cmd_args_word(a, argv[i]);
		} else if (argv[i][1] == '-')
			rc = cmd_args_long(a, argc, argv, &i, cause);
		else
			rc = cmd_args_short(a, argc, argv, &i, cause);
	}
	if (rc != 0)
		cmd_args_free(a);
	return rc;
}

/* Free the words and values. */
void cmd_args_free(struct cmd_args *a)
{
	size_t i;

	cmd_parse_free(a->argc, a->argv);
	for (i = 0; i < a->nvalues; i++)
		free(a->values[i].value);
	free(a->values);
	a->argv = NULL;
	a->values = NULL;
	a->argc = 0;
	a->nvalues = 0;
}

/* The words an alias stands for, then the incident where the verb takes
 * it, then the words typed after the verb: a new argv (cmd_parse_free). */
static char **cmd_args_expand(const struct cmd_entry *e, int argc,
    char **argv, const char *incident, int *n)
{
	char **out, *cause = NULL;
	int i, k;

	if (e->alias == NULL || cmd_parse_split(e->alias, &k, &out,
	    &cause) != 0) {
		free(cause);
		out = xcalloc(1, sizeof *out);
		out[0] = xstrdup(e->name);
		k = 1;
	}
	out = xreallocarray(out, (size_t)(k + argc + 1), sizeof *out);
	if (incident != NULL)
		out[k++] = xstrdup(incident);
	for (i = 1; i < argc; i++)
		out[k++] = xstrdup(argv[i]);
	out[k] = NULL;
	*n = k;
	return out;
}

/* Say that no verb is called name, and which one is near. */
static char *cmd_args_unknown(const char *name, unsigned side)
{
	const char *near = cmd_suggest(name, side);
	const char *what = side == CMD_TERMINAL ? "no command" :
	    "unknown verb";

	if (near != NULL)
		return xasprintf("%s \"%s\"; did you mean \"%s\"?", what, name,
		    near);
	return xasprintf("%s \"%s\"", what, name);
}

/* Find, expand, imply the incident, parse. */
int cmd_args_words(int argc, char **argv, unsigned side,
    const char *incident, struct cmd_args *a, const struct cmd_entry **ep,
    char **cause)
{
	const struct cmd_entry *e = cmd_find(argv[0], side), *t;
	char **words;
	int n, rc;

	*ep = e;
	if (e == NULL) {
		*cause = cmd_args_unknown(argv[0], side);
		return -1;
	}
	t = cmd_target(e);
	if (side != CMD_TERMINAL || !cmd_takes_incident(t))
		incident = NULL;
	else if (incident == NULL) {
		*cause = xstrdup("open an incident first");
		return -1;
	}
	words = cmd_args_expand(e, argc, argv, incident, &n);
	rc = cmd_args_parse(t, n, words, side, a, cause);
	cmd_parse_free(n, words);
	return rc;
}

/* The last value of an option. */
const char *cmd_args_get(const struct cmd_args *a, const char *name)
{
	size_t i = a->nvalues;

	while (i-- > 0) {
		if (strcmp(a->values[i].option->name, name) == 0)
			return a->values[i].value != NULL ?
			    a->values[i].value : "";
	}
	return NULL;
}

/* Apply the global options given. */
int cmd_args_globals(const struct cmd_args *a, struct cmd_globals *g,
    char **cause)
{
	const struct cmd_value *v;
	size_t i;

	for (i = 0; i < a->nvalues; i++) {
		v = &a->values[i];
		if (v->option == &cmd_args_globals_table[0] && g->socket_cfg)
			g->socket = NULL; /* a store named: not the
			                   * configuration's server */
		if (v->option == &cmd_args_globals_table[0] ||
		    v->option == &cmd_args_globals_table[1])
			g->socket_cfg = 0;
		if (v->option == &cmd_args_globals_table[0])
			g->db = v->value;
		else if (v->option == &cmd_args_globals_table[1])
			g->socket = v->value;
		else if (v->option == &cmd_args_globals_table[3])
			g->verbose++;
		else if (v->option != &cmd_args_globals_table[2])
			continue;
		else if (cmd_set_tz(v->value, cause) != 0)
			return -1;
		else
			g->tz = v->value;
	}
	return 0;
}

/* Which word the synopsis reads from standard input ("TEXT…|-"): its
 * index, or -1. */
static int cmd_args_stdin_word(const struct cmd_entry *e)
{
	const char *p = e->args, *end = strstr(p, "|-");
	int i = 0;

	if (end == NULL)
		return -1;
	for (; p < end; p++)
		i += *p == ' ';
	return i;
}

/* Replace value (a "-" word) with standard input. */
static int cmd_args_read(char **value, char **cause)
{
	char *text;

	if ((text = cmd_parse_stdin(cause)) == NULL)
		return -1;
	free(*value);
	*value = text;
	return 0;
}

/* Read standard input where the verb takes it. */
int cmd_args_stdin(struct cmd_args *a, char **cause)
{
	struct cmd_value *v;
	int k = cmd_args_stdin_word(a->entry);
	size_t i;

	if (k >= 0 && a->argc == k + 1 && strcmp(a->argv[k], "-") == 0)
		return cmd_args_read(&a->argv[k], cause);
	for (i = 0; i < a->nvalues; i++) {
		v = &a->values[i];
		if (v->value != NULL && strcmp(v->value, "-") == 0 &&
		    strstr(v->option->value, "|-") != NULL)
			return cmd_args_read(&v->value, cause);
	}
	return 0;
}

/* Word i as an incident ref. */
char *cmd_args_incident(const struct cmd_args *a, int i, char **cause)
{
	char *ref;

	if (i >= a->argc) {
		*cause = xstrdup("which incident? give its ref, such as INC-3");
		return NULL;
	}
	if (cmd_parse_incident(a->argv[i], &ref) != 0) {
		*cause = xasprintf("\"%s\" is not an incident ref such as "
		    "INC-3", a->argv[i]);
		return NULL;
	}
	return ref;
}

/* The words from i on, as text. */
char *cmd_args_text(const struct cmd_args *a, int i, char **cause)
{
	if (i >= a->argc) {
		*cause = xstrdup("give the text");
		return NULL;
	}
	return cmd_parse_join(a->argc - i, a->argv + i, cause);
}

/* An option's value trimmed. */
char *cmd_args_value(const struct cmd_args *a, const char *name)
{
	const char *v = cmd_args_get(a, name);
	char *t;

	if (v == NULL)
		return NULL;
	t = text_trim(xstrdup(v));
	if (*t != '\0')
		return t;
	free(t);
	return NULL;
}

/* The one word of a verb that takes one incident: SR_EXIT_OK and *ref
 * (new string), or the usage error printed and its status. */
int cmd_args_one_incident(const struct cmd_args *a, char **ref)
{
	char *cause;
	int status;

	if ((*ref = cmd_args_incident(a, 0, &cause)) == NULL) {
		status = cmd_usage_error(a->entry->name, "%s", cause);
		free(cause);
		return status;
	}
	if (a->argc == 1)
		return SR_EXIT_OK;
	free(*ref);
	*ref = NULL;
	return cmd_usage_error(a->entry->name, "one incident at a time");
}

/* An event of kind for the incident of word 0, with the text of the words
 * from text on. */
struct event *cmd_args_event(const struct cmd_args *a, enum event_kind kind,
    int text, char **cause)
{
	struct event *ev = NULL;
	char *inc, *s = NULL;

	if ((inc = cmd_args_incident(a, 0, cause)) != NULL &&
	    (text < 0 || (s = cmd_args_text(a, text, cause)) != NULL)) {
		ev = cmd_event(kind, inc);
		if (s != NULL)
			json_object_set_new(ev->body, "text", json_string(s));
	}
	free(s);
	free(inc);
	return ev;
}

/* A time option. */
int cmd_args_time(const struct cmd_args *a, const char *name, int dir,
    int64_t *at, char **cause)
{
	const char *v = cmd_args_get(a, name);

	*at = 0;
	if (v == NULL)
		return 0;
	return when_parse(v, when_now(), dir, at, cause);
}

/* The bare name of a synopsis word: "[USER]" is USER, "TEXT…|-" TEXT. */
static char *cmd_args_bare(const char *w)
{
	size_t k = 0;

	w += strspn(w, "[");
	while (w[k] != '\0' && strchr("[]|", w[k]) == NULL &&
	    strncmp(w + k, "…", strlen("…")) != 0)
		k++;
	return xstrndup(w, k);
}

/* 1 when a bare synopsis word is a literal word ("open"), not a
 * metavariable ("TEXT") or a pattern ("type=TYPE"). */
static int cmd_args_literal(const char *bare)
{
	return *bare != '\0' && strspn(bare, "abcdefghijklmnopqrstuvwxyz-") ==
	    strlen(bare);
}

/* 1 when a bare synopsis word is a metavariable such as TEXT. */
static int cmd_args_metavar(const char *bare)
{
	return isupper((unsigned char)*bare);
}

/* The values a metavariable stands for that the core knows (entry types,
 * confidences, roles, statuses, marks, states), given to add; 0 when it
 * knows none. */
static int cmd_args_choices(const char *what, cmd_complete_fn *add,
    void *arg)
{
	int i;

	if (strcmp(what, "TYPE") == 0)
		for (i = 0; i < ENT_COUNT; i++)
			add(model_entry_type_name(i), arg);
	else if (strcmp(what, "C") == 0)
		for (i = 0; i < CONF_COUNT; i++)
			add(model_confidence_name(i), arg);
	else if (strcmp(what, "ROLE") == 0)
		for (i = ROLE_COMMANDER + 1; i < ROLE_COUNT; i++)
			add(model_role_name(i), arg);
	else if (strcmp(what, "STATUS") == 0)
		for (i = 0; i < ST_COUNT; i++)
			add(model_status_name(i), arg);
	else if (strcmp(what, "MARK") == 0) {
		for (i = 0; i < MARK_COUNT; i++)
			if (i != MARK_DECLARED)
				add(model_mark_name(i), arg);
	} else if (strcmp(what, "STATE") == 0)
		for (i = 0; i < HYP_COUNT; i++)
			add(model_hyp_state_name(i), arg);
	else
		return 0;
	return 1;
}

/* What one alternative of a synopsis (w[0..n)) has at word i, when its
 * literal words before i are those of argv: a literal word is given to
 * add, a metavariable returned (new string) unless what is set already. */
static char *cmd_args_alt(char **w, int n, int i, char **argv,
    cmd_complete_fn *add, void *arg, char *what)
{
	char *bare = NULL;
	int k;

	for (k = 0; k < n; k++) {
		free(bare);
		bare = cmd_args_bare(w[k]);
		if (k == i || strstr(w[k], "…") != NULL)
			break;
		if (cmd_args_literal(bare) && strcmp(bare, argv[k]) != 0)
			break;
	}
	if (k < n && (k == i || strstr(w[k], "…") != NULL)) {
		if (cmd_args_literal(bare))
			add(bare, arg);
		else if (what == NULL && cmd_args_metavar(bare)) {
			what = bare;
			bare = NULL;
		}
	}
	free(bare);
	return what;
}

/* What the synopsis of e has at word i, argv[0..i) before it. */
static char *cmd_args_expect(const struct cmd_entry *e, int i, char **argv,
    cmd_complete_fn *add, void *arg)
{
	char **w, *what = NULL, *cause;
	int n, k, start = 0;

	if (cmd_parse_split(e->args, &n, &w, &cause) != 0) {
		free(cause);
		return NULL;
	}
	for (k = 0; k <= n; k++) {
		if (k < n && strcmp(w[k], "|") != 0)
			continue;
		what = cmd_args_alt(w + start, k - start, i, argv, add, arg,
		    what);
		start = k + 1;
	}
	cmd_parse_free(n, w);
	return what;
}

/* The option word w (n bytes, "--name" or "-x") stands for, if any. */
static const struct cmd_option *cmd_args_which(const struct cmd_entry *e,
    unsigned side, const char *w)
{
	if (strncmp(w, "--", 2) == 0 && strchr(w, '=') == NULL)
		return cmd_args_option(e, side, w + 2, strlen(w + 2), 0);
	if (w[0] == '-' && w[1] != '\0' && w[2] == '\0')
		return cmd_args_option(e, side, NULL, 0, w[1]);
	return NULL;
}

/* Offer the options of e on side as "--name". */
static void cmd_args_offer_options(const struct cmd_entry *e, unsigned side,
    cmd_complete_fn *add, void *arg)
{
	const struct cmd_option *o;
	char *word;

	for (o = cmd_option_first(e); o != NULL; o = cmd_option_next(e, o)) {
		if (!cmd_option_on(o, side) || (o->flags & CMD_HIDDEN))
			continue;
		word = xasprintf("--%s", o->name);
		add(word, arg);
		free(word);
	}
}

/* Complete the last of the words w[0..n) of verb e. */
static char *cmd_args_complete_in(const struct cmd_entry *e, unsigned side,
    int n, char **w, cmd_complete_fn *add, void *arg)
{
	const struct cmd_option *o;
	char **pos, *what = NULL;
	int i, npos = 0, words = 0;

	if (w[n - 1][0] == '-') {
		cmd_args_offer_options(e, side, add, arg);
		return NULL;
	}
	pos = xcalloc((size_t)n, sizeof *pos);
	for (i = 1; i < n - 1 && what == NULL; i++) {
		if (!words && strcmp(w[i], "--") == 0)
			words = 1;
		else if (words || w[i][0] != '-' || w[i][1] == '\0')
			pos[npos++] = w[i];
		else if ((o = cmd_args_which(e, side, w[i])) != NULL &&
		    o->value != NULL && ++i == n - 1)
			what = cmd_args_bare(o->value);
	}
	if (what == NULL)
		what = cmd_args_expect(e, npos, pos, add, arg);
	free(pos);
	if (what != NULL && cmd_args_choices(what, add, arg)) {
		free(what);
		what = NULL;
	}
	return what;
}

/* Completion of the last word of argv. */
char *cmd_args_complete(int argc, char **argv, unsigned side,
    cmd_complete_fn *add, void *arg)
{
	const struct cmd_entry *e;
	char **words, *what;
	int n;

	if (argc <= 1) {
		for (e = cmd_table; e->name != NULL; e++)
			if (e->flags & side)
				add(e->name, arg);
		return NULL;
	}
	if ((e = cmd_find(argv[0], side)) == NULL)
		return NULL;
	words = cmd_args_expand(e, argc, argv, side == CMD_TERMINAL &&
	    cmd_takes_incident(cmd_target(e)) ? "INC" : NULL, &n);
	what = cmd_args_complete_in(cmd_target(e), side, n, words, add, arg);
	cmd_parse_free(n, words);
	return what;
}
