/* test-cmd.c: the command language: a line split into words, words parsed
 * against the table the same way on the command line and at the terminal's
 * : prompt, the events the verbs build, where a refusal's field lies in a
 * verb's words, completion, and the verb lists and options of the man
 * pages against the table. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "event.h"
#include "xmalloc.h"

/* The terminal is not linked here; attach is never run. */
int ui_main(const struct cmd_globals *g, const char *incident)
{
	return 0;
}

/* Split line and compare with the NULL-terminated want. */
static void test_cmd_split_is(const char *line, const char *const *want)
{
	char **argv, *cause = NULL;
	int argc, i;

	if (cmd_parse_split(line, &argc, &argv, &cause) != 0)
		fail_msg("\"%s\" not split: %s", line, cause);
	for (i = 0; want[i] != NULL; i++) {
		assert_true(i < argc);
		assert_string_equal(argv[i], want[i]);
	}
	assert_int_equal(argc, i);
	assert_null(argv[argc]);
	cmd_parse_free(argc, argv);
}

/* Words as a shell splits them: quotes, backslashes, empty words. */
static void test_cmd_split(void **state)
{
	char **argv, *cause = NULL;
	int argc;

	test_cmd_split_is("  strike 12  --reason typo ",
	    (const char *[]){ "strike", "12", "--reason", "typo", NULL });
	test_cmd_split_is("log 'it''s' \"a \\\"b\\\" \\\\ \\x\" c\\ d",
	    (const char *[]){ "log", "its", "a \"b\" \\ \\x", "c d", NULL });
	test_cmd_split_is("note ''", (const char *[]){ "note", "", NULL });
	test_cmd_split_is("", (const char *[]){ NULL });
	assert_int_equal(cmd_parse_split("log 'open", &argc, &argv, &cause),
	    -1);
	assert_non_null(strstr(cause, "quote"));
	free(cause);
}

/* Split line, find its verb on side (incident implied at the terminal)
 * and parse: 0 and *a, or -1 and *cause. */
static int test_cmd_words(const char *line, unsigned side,
    const char *incident, struct cmd_args *a, char **cause)
{
	const struct cmd_entry *e;
	char **argv;
	int argc, rc;

	if (cmd_parse_split(line, &argc, &argv, cause) != 0)
		return -1;
	rc = cmd_args_words(argc, argv, side, incident, a, &e, cause);
	cmd_parse_free(argc, argv);
	return rc;
}

/* The event line builds on side, or fail. */
static struct event *test_cmd_build(const char *line, unsigned side)
{
	struct cmd_args a;
	struct event *ev;
	char *cause = NULL;

	if (test_cmd_words(line, side, "INC-3", &a, &cause) != 0)
		fail_msg("\"%s\": %s", line, cause);
	a.me = "alice";
	if ((ev = a.entry->build(&a, &cause)) == NULL)
		fail_msg("\"%s\" not built: %s", line, cause);
	cmd_args_free(&a);
	return ev;
}

/* The cause why line does not parse or build on side. */
static char *test_cmd_refused(const char *line, unsigned side)
{
	struct cmd_args a;
	struct event *ev;
	char *cause = NULL;

	if (test_cmd_words(line, side, "INC-3", &a, &cause) != 0)
		return cause;
	if ((ev = a.entry->build(&a, &cause)) != NULL)
		fail_msg("\"%s\" built", line);
	cmd_args_free(&a);
	return cause;
}

/* Assert that line is refused with a cause containing want. */
static void test_cmd_refused_with(const char *line, unsigned side,
    const char *want)
{
	char *cause = test_cmd_refused(line, side);

	if (strstr(cause, want) == NULL)
		fail_msg("\"%s\": \"%s\" lacks \"%s\"", line, cause, want);
	free(cause);
}

/* Options anywhere, by a unique prefix, with = or a word; "--" ends them. */
static void test_cmd_options(void **state)
{
	struct event *ev;

	ev = test_cmd_build("strike INC-1 12 --reason typo", CMD_LINE);
	assert_int_equal(ev->kind, EV_STRIKE);
	assert_string_equal(ev->incident, "INC-1");
	assert_int_equal(ev->target, 12);
	assert_string_equal(event_str(ev, "reason"), "typo");
	event_free(ev);
	ev = test_cmd_build("strike --rea=typo INC-1 #12", CMD_LINE);
	assert_int_equal(ev->target, 12);
	event_free(ev);
	ev = test_cmd_build("annotate INC-1 7 seen late", CMD_LINE);
	assert_int_equal(ev->kind, EV_ANNOTATION);
	assert_int_equal(ev->target, 7);
	assert_string_equal(event_str(ev, "text"), "seen late");
	event_free(ev);
	ev = test_cmd_build("log INC-1 -t obs -g db --ref deploy:7 -- --x y",
	    CMD_LINE);
	assert_string_equal(event_str(ev, "type"), "observation");
	assert_string_equal(event_str(ev, "text"), "--x y");
	assert_string_equal(json_string_value(json_array_get(ev->tags, 0)),
	    "db");
	assert_string_equal(json_string_value(json_array_get(ev->refs, 0)),
	    "deploy:7");
	event_free(ev);
	test_cmd_refused_with("strike INC-1 12 --frob", CMD_LINE,
	    "unknown option --frob");
	test_cmd_refused_with("strike INC-1 12 --reason", CMD_LINE,
	    "--reason needs a value");
	test_cmd_refused_with("accept INC-1 --reason=x", CMD_LINE,
	    "unknown option --reason");
	test_cmd_refused_with("new --drill=yes T", CMD_LINE,
	    "--drill takes no value");
}

/* At the terminal the incident is implied; aliases expand. */
static void test_cmd_terminal(void **state)
{
	struct event *ev;

	ev = test_cmd_build("strike 12 --reason 'posted twice'", CMD_TERMINAL);
	assert_string_equal(ev->incident, "INC-3");
	assert_int_equal(ev->target, 12);
	assert_string_equal(event_str(ev, "reason"), "posted twice");
	event_free(ev);
	ev = test_cmd_build("obs --at -5m pool at 100%", CMD_TERMINAL);
	assert_int_equal(ev->kind, EV_ENTRY);
	assert_string_equal(event_str(ev, "type"), "observation");
	assert_string_equal(event_str(ev, "text"), "pool at 100%");
	assert_true(ev->occurred_at > 0);
	event_free(ev);
	ev = test_cmd_build("release scribe", CMD_TERMINAL);
	assert_int_equal(ev->kind, EV_ROLE_RELEASE);
	assert_string_equal(event_str(ev, "user"), "alice");
	event_free(ev);
	ev = test_cmd_build("upd --impact i --known k --unknown u "
	    "--confidence likely --external", CMD_TERMINAL);
	assert_int_equal(ev->kind, EV_UPDATE);
	assert_string_equal(event_str(ev, "audience"), "external");
	event_free(ev);
	ev = test_cmd_build("hyp set H2 ruled-out --note 'not the pool'",
	    CMD_TERMINAL);
	assert_int_equal(event_int(ev, "id"), 2);
	assert_string_equal(event_str(ev, "state"), "ruled-out");
	event_free(ev);
}

/* Each side has its own verbs and options; a build says what is wrong. */
static void test_cmd_sides(void **state)
{
	test_cmd_refused_with("ls", CMD_TERMINAL, "no command \"ls\"");
	test_cmd_refused_with("open INC-1", CMD_LINE, "unknown verb \"open\"");
	test_cmd_refused_with("search --json x", CMD_TERMINAL,
	    "unknown option --json");
	test_cmd_refused_with("s 12", CMD_TERMINAL, "no command \"s\"");
	test_cmd_refused_with("strike 12", CMD_TERMINAL, "--reason");
	test_cmd_refused_with("update --impact i --known k", CMD_TERMINAL,
	    "--confidence is required");
	test_cmd_refused_with("role INC-1 commander", CMD_LINE, "handoff");
	test_cmd_refused_with("log INC-1 --type gossip x", CMD_LINE, "type");
	test_cmd_refused_with("log --tag 'a b' x", CMD_TERMINAL, "tag");
	test_cmd_refused_with("snooze INC-1 15m 20m", CMD_LINE,
	    "one duration");
}

/* Assert that field of verb on side lies in want (NULL: nowhere). */
static void test_cmd_field_is(const char *verb, const char *field,
    unsigned side, const char *want)
{
	char *word = cmd_field_word(cmd_find(verb, side), field, side);

	if (want == NULL)
		assert_null(word);
	else
		assert_string_equal(word, want);
	free(word);
}

/* Where a refusal's field lies: an option, or a word of the verb. */
static void test_cmd_field(void **state)
{
	test_cmd_field_is("update", "unknown", CMD_LINE, "--unknown TEXT");
	test_cmd_field_is("update", "next_at", CMD_TERMINAL, "--next TIME");
	test_cmd_field_is("strike", "target", CMD_LINE, "SEQ");
	test_cmd_field_is("strike", "reason", CMD_TERMINAL, "--reason TEXT");
	test_cmd_field_is("handoff", "to", CMD_LINE, "USER");
	test_cmd_field_is("handoff", "brief", CMD_TERMINAL, "--brief TEXT");
	test_cmd_field_is("new", "severity", CMD_LINE, "--sev N");
	test_cmd_field_is("hyp", "state", CMD_LINE, "STATE");
	test_cmd_field_is("obs", "at", CMD_TERMINAL, "--at TIME");
	test_cmd_field_is("obs", "text", CMD_TERMINAL, "TEXT");
	test_cmd_field_is("accept", "reason", CMD_LINE, NULL);
}

/* Assert the usage of verb on side. */
static void test_cmd_usage_is(const char *verb, unsigned side,
    const char *want)
{
	char *usage = cmd_usage_text(cmd_find(verb, side), side);

	assert_string_equal(usage, want);
	free(usage);
}

/* Usage from the table: the terminal's without the incident. */
static void test_cmd_usage(void **state)
{
	test_cmd_usage_is("strike", CMD_LINE,
	    "strike INC SEQ --reason TEXT [--at TIME]");
	test_cmd_usage_is("strike", CMD_TERMINAL,
	    "strike SEQ --reason TEXT [--at TIME]");
	test_cmd_usage_is("hyp", CMD_TERMINAL,
	    "hyp open TEXT… | set N STATE [--note TEXT] [--at TIME]");
	test_cmd_usage_is("new", CMD_LINE, "new TITLE… [--sev N] [--drill] "
	    "[--restricted GROUP] [--at TIME]");
	test_cmd_usage_is("serve", CMD_LINE, "serve [--foreground] "
	    "[--shared NAME] [--group GROUP] [--observers GROUP] "
	    "[--allow USER]… [--observer USER]… [--max-clients N] "
	    "[--max-rate N] [--max-queue SIZE]");
	test_cmd_usage_is("attach", CMD_LINE,
	    "attach [INC] [--via HOST] [--from-ssh]");
	test_cmd_usage_is("log", CMD_LINE, "log INC TEXT…|- [--type TYPE] "
	    "[--at TIME] [--ref K:V]… [--tag TAG]…");
	test_cmd_usage_is("handoff", CMD_TERMINAL,
	    "handoff USER [--brief TEXT] [--at TIME]");
	test_cmd_usage_is("obs", CMD_TERMINAL,
	    "obs TEXT… [--at TIME] [--ref K:V]… [--tag TAG]…");
	test_cmd_usage_is("search", CMD_TERMINAL, "search QUERY…");
	test_cmd_usage_is("open", CMD_TERMINAL, "open INC");
}

/* Completion candidates, collected. */
struct test_cmd_cands {
	char text[512];
};

/* Collect a candidate. */
static void test_cmd_cand(const char *word, void *arg)
{
	struct test_cmd_cands *c = arg;

	strncat(c->text, word, sizeof c->text - strlen(c->text) - 2);
	strcat(c->text, " ");
}

/* Assert what completes line (its last word) at the terminal: the
 * candidates, and the placeholder left to the caller. */
static void test_cmd_complete_is(const char *line, const char *want,
    const char *what)
{
	struct test_cmd_cands c = { "" };
	char **argv, *cause = NULL, *got;
	int argc;

	assert_int_equal(cmd_parse_split(line, &argc, &argv, &cause), 0);
	argv = xreallocarray(argv, (size_t)argc + 2, sizeof *argv);
	argv[argc++] = xstrdup("");
	argv[argc] = NULL;
	got = cmd_args_complete(argc, argv, CMD_TERMINAL, test_cmd_cand, &c);
	if (strcmp(c.text, want) != 0)
		fail_msg("\"%s\": \"%s\", want \"%s\"", line, c.text, want);
	if (what == NULL)
		assert_null(got);
	else
		assert_string_equal(got, what);
	free(got);
	cmd_parse_free(argc, argv);
}

/* Completion: options of the verb, values of an option, words of the
 * verb by position. */
static void test_cmd_complete(void **state)
{
	test_cmd_complete_is("role", "deputy scribe ops comms liaison sme ",
	    NULL);
	test_cmd_complete_is("role scribe", "", "USER");
	test_cmd_complete_is("log --type", "note observation action decision "
	    "change comms ", NULL);
	test_cmd_complete_is("update --confidence", "confirmed likely "
	    "suspected unknown ", NULL);
	test_cmd_complete_is("hyp", "open set ", NULL);
	test_cmd_complete_is("hyp set 2", "open investigating supported "
	    "ruled-out confirmed ", NULL);
	test_cmd_complete_is("hyp open", "", "TEXT");
	test_cmd_complete_is("status --reason 'x y'", "investigating "
	    "identified monitoring resolved analysis closed ", NULL);
	test_cmd_complete_is("obs --at -5m", "", "TEXT");
	test_cmd_complete_is("mark --at", "", "TIME");
	test_cmd_complete_is("view", "", "VIEW");
}

/* A set of verb names. */
struct test_cmd_set {
	char w[96][24];
	int n;
};

/* Add a name to a set (once). */
static void test_cmd_set_add(struct test_cmd_set *s, const char *name)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->w[i], name) == 0)
			return;
	assert_true(s->n < 96);
	snprintf(s->w[s->n++], sizeof s->w[0], "%s", name);
}

/* Order for qsort. */
static int test_cmd_set_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Assert that two sets hold the same names, saying which differ. */
static void test_cmd_set_same(struct test_cmd_set *man,
    struct test_cmd_set *table, const char *file)
{
	int i;

	qsort(man->w, (size_t)man->n, sizeof man->w[0], test_cmd_set_cmp);
	qsort(table->w, (size_t)table->n, sizeof table->w[0],
	    test_cmd_set_cmp);
	for (i = 0; i < man->n && i < table->n; i++)
		if (strcmp(man->w[i], table->w[i]) != 0)
			fail_msg("%s has \"%s\" where the table has \"%s\"",
			    file, man->w[i], table->w[i]);
	if (man->n != table->n)
		fail_msg("%s lists %d, the table %d", file, man->n, table->n);
}

/* The verbs a man page lists: the first word of each tag line (after
 * ".TP") of section sect; with colon only words after a ':'. */
static void test_cmd_man(const char *file, const char *sect, int colon,
    struct test_cmd_set *out)
{
	char path[512], line[1024], word[24], *p;
	int in = 0, tag = 0;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", TEST_MANDIR, file);
	assert_non_null(f = fopen(path, "r"));
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, ".SH ", 4) == 0)
			in = strncmp(line + 4, sect, strlen(sect)) == 0;
		if (!in || !tag || line[0] != '.' ||
		    (p = strchr(line, ' ')) == NULL) {
			tag = strncmp(line, ".TP", 3) == 0;
			continue;
		}
		tag = 0;
		p += strspn(p, " \"");
		if ((colon && *p++ != ':') ||
		    sscanf(p, "%23[a-z\\-]", word) != 1)
			continue;
		while ((p = strstr(word, "\\-")) != NULL)
			memmove(p, p + 1, strlen(p));
		test_cmd_set_add(out, word);
	}
	fclose(f);
}

/* The man page file lists exactly the table's verbs on side. */
static void test_cmd_man_side(const char *file, unsigned side)
{
	struct test_cmd_set man, table;
	const struct cmd_entry *e;

	man.n = table.n = 0;
	test_cmd_man(file, "COMMANDS", side == CMD_TERMINAL, &man);
	for (e = cmd_table; e->name != NULL; e++)
		if (e->flags & side)
			test_cmd_set_add(&table, e->name);
	test_cmd_set_same(&man, &table, file);
}

/* The man pages list exactly the table's verbs and : commands. */
static void test_cmd_man_pages(void **state)
{
	test_cmd_man_side("sitrep.1", CMD_LINE);
	test_cmd_man_side("sitrep-attach.1", CMD_TERMINAL);
}

/* The text of man page file (new string). */
static char *test_cmd_man_text(const char *file)
{
	char path[4096], *text = xstrdup(""), *tmp, line[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", TEST_MANDIR, file);
	assert_non_null(f = fopen(path, "r"));
	while (fgets(line, sizeof line, f) != NULL) {
		tmp = xasprintf("%s%s", text, line);
		free(text);
		text = tmp;
	}
	fclose(f);
	return text;
}

/* 1 when text has word with no letter right before or after it. */
static int test_cmd_has_word(const char *text, const char *word)
{
	const char *p;
	size_t n = strlen(word);

	for (p = text; (p = strstr(p, word)) != NULL; p++)
		if ((p == text || !isalpha((unsigned char)p[-1])) &&
		    !isalpha((unsigned char)p[n]))
			return 1;
	return 0;
}

/* sitrep(1) names every option of every command-line verb that the
 * usage shows, as roff writes it ("\-\-max\-queue"). */
static void test_cmd_man_options(void **state)
{
	char *man = test_cmd_man_text("sitrep.1"), *roff, *p;
	const struct cmd_entry *e;
	const struct cmd_option *o;
	size_t i;

	for (e = cmd_table; e->name != NULL; e++) {
		if (!(e->flags & CMD_LINE) || e->alias != NULL)
			continue;
		for (o = cmd_option_first(e); o != NULL;
		    o = cmd_option_next(e, o)) {
			if (!cmd_option_on(o, CMD_LINE) ||
			    (o->flags & CMD_HIDDEN))
				continue;
			p = roff = xmalloc(4 + 2 * strlen(o->name) + 1);
			p += sprintf(p, "\\-\\-");
			for (i = 0; o->name[i] != '\0'; i++) {
				if (o->name[i] == '-')
					*p++ = '\\';
				*p++ = o->name[i];
			}
			*p = '\0';
			if (strstr(man, roff) == NULL)
				fail_msg("sitrep.1 does not name %s --%s",
				    e->name, o->name);
			free(roff);
		}
	}
	free(man);
}

/* sitrep-attach(1) names every marker a timeline row can show (each
 * kind's, each entry type's) and every connection state of the header. */
static void test_cmd_man_markers(void **state)
{
	static const char *const types[] = { "note", "observation", "action",
	    "decision", "change", "comms" };
	static const char *const states[] = { "connected", "loading",
	    "RECONNECTING", "DISCONNECTED" };
	char *man = test_cmd_man_text("sitrep-attach.1");
	const struct kind *k;
	struct event *ev;
	size_t i;

	for (i = 1; i < EV_KIND_COUNT; i++) {
		k = kind_get((enum event_kind)i);
		if (k != NULL && !kind_is(k->kind, KIND_HIDDEN))
			assert_true(test_cmd_has_word(man, k->marker));
	}
	for (i = 0; i < sizeof types / sizeof types[0]; i++) {
		ev = event_new(EV_ENTRY);
		json_object_set_new(ev->body, "type", json_string(types[i]));
		assert_true(test_cmd_has_word(man, kind_marker(ev)));
		event_free(ev);
	}
	for (i = 0; i < sizeof states / sizeof states[0]; i++)
		assert_true(test_cmd_has_word(man, states[i]));
	free(man);
}

/* Every entry is whole: options have help, aliases name a verb of the
 * command line, the words of the fields are in the synopsis. */
static void test_cmd_table(void **state)
{
	const struct cmd_entry *e;
	const struct cmd_option *o;
	const char *p;
	char word[32];

	for (e = cmd_table; e->name != NULL; e++) {
		assert_non_null(e->args);
		assert_non_null(e->summary);
		for (o = cmd_option_first(e); o != NULL;
		    o = cmd_option_next(e, o))
			assert_true(o->help != NULL || (o->flags & CMD_HIDDEN));
		if (e->alias != NULL)
			assert_true(cmd_target(e) != e &&
			    (cmd_target(e)->flags & CMD_LINE));
		if (e->flags & CMD_LINE)
			assert_true(e->build != NULL || e->exec != NULL);
		if (e->build != NULL)
			assert_true(e->report != NULL);
		for (p = e->fields; p != NULL && (p = strchr(p, '=')) != NULL;
		    p++) {
			snprintf(word, sizeof word, "%.*s",
			    (int)strcspn(p + 1, " "), p + 1);
			assert_non_null(strstr(e->args, word));
		}
	}
}

/* Run every command language test. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmd_split),
		cmocka_unit_test(test_cmd_options),
		cmocka_unit_test(test_cmd_terminal),
		cmocka_unit_test(test_cmd_sides),
		cmocka_unit_test(test_cmd_field),
		cmocka_unit_test(test_cmd_usage),
		cmocka_unit_test(test_cmd_complete),
		cmocka_unit_test(test_cmd_man_pages),
		cmocka_unit_test(test_cmd_man_options),
		cmocka_unit_test(test_cmd_man_markers),
		cmocka_unit_test(test_cmd_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
