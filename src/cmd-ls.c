/* cmd-ls.c: `sitrep ls`, and `sitrep` without a verb: the incidents. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cmd.h"
#include "proto.h"
#include "sitrep.h"
#include "text.h"
#include "when.h"
#include "xmalloc.h"

/* A string field of an incident object, sanitized (caller frees). */
static char *cmd_ls_str(const json_t *inc, const char *field)
{
	return cmd_print_safe(json_string_value(json_object_get(inc, field)));
}

/* The age column: time since declared. */
static char *cmd_ls_age(const json_t *inc, int64_t now)
{
	json_t *marks = json_object_get(inc, "marks");
	int64_t at = json_integer_value(json_object_get(marks, "declared"));

	if (at <= 0)
		return xstrdup("-");
	return when_format_duration(now - at);
}

/* The notes column: drill, restricted, what is due when overdue. */
static char *cmd_ls_notes(const json_t *inc, int64_t now)
{
	char *group = cmd_ls_str(inc, "restricted"), *s;
	struct model_due d;

	model_due_summary(&d, inc, now);
	s = xasprintf("%s%s%s%s%s%s",
	    json_is_true(json_object_get(inc, "drill")) ? "  [DRILL]" : "",
	    *group != '\0' ? "  [restricted: " : "", group,
	    *group != '\0' ? "]" : "", *model_due_flag(&d) ? "  " : "",
	    model_due_flag(&d));
	free(group);
	return s;
}

/* Append s to *out padded with blanks to cols display columns (a longer
 * s as it is, then one blank). */
static void cmd_ls_col(char **out, const char *s, int cols)
{
	int pad = cols - (int)text_width(s);
	char *tmp = xasprintf("%s%s%*s", *out, s, pad > 0 ? pad : 0, "");

	free(*out);
	*out = tmp;
	if (pad <= 0) {
		tmp = xasprintf("%s ", *out);
		free(*out);
		*out = tmp;
	}
}

/* s cut to at most cols display columns, ending in an ellipsis when cut
 * ("~" when the locale is not UTF-8). New string; s is freed. */
static char *cmd_ls_cut(char *s, int cols)
{
	mbstate_t st;
	size_t i = 0, n = strlen(s), len;
	wchar_t wc;
	int used = 0, w;
	char *out;

	if ((int)text_width(s) <= cols)
		return s;
	memset(&st, 0, sizeof st);
	while (i < n && (len = mbrtowc(&wc, s + i, n - i, &st)) != 0 &&
	    len != (size_t)-1 && len != (size_t)-2) {
		w = wcwidth(wc) < 0 ? 1 : wcwidth(wc);
		if (used + w > cols - 1)
			break;
		used += w;
		i += len;
	}
	out = cols < 1 ? xstrdup("") : xasprintf("%.*s%s", (int)i, s,
	    text_locale_flags() == TEXT_ASCII ? "~" : "…");
	free(s);
	return out;
}

/* The column titles of the table (no newline). */
const char *cmd_ls_head(void)
{
	return "REF      SEV   STATUS        IC           AGE       TITLE";
}

/* One row of the table (see cmd.h). New string. */
char *cmd_ls_line(const json_t *inc, int64_t now, int width)
{
	char *ref = cmd_ls_str(inc, "ref"), *status = cmd_ls_str(inc, "status");
	char *ic = cmd_ls_str(inc, "ic"), *title = cmd_ls_str(inc, "title");
	char *age = cmd_ls_age(inc, now), *notes = cmd_ls_notes(inc, now);
	char *sev = xasprintf("SEV%d", (int)json_integer_value(
	    json_object_get(inc, "severity")));
	char *out = xstrdup(""), *line;

	cmd_ls_col(&out, ref, 9);
	cmd_ls_col(&out, sev, 6);
	cmd_ls_col(&out, status, 14);
	cmd_ls_col(&out, ic, 13);
	cmd_ls_col(&out, age, 10);
	if (width > 0) /* the notes stay whole: the title gives way */
		title = cmd_ls_cut(title, width - (int)text_width(out) -
		    (int)text_width(notes));
	line = xasprintf("%s%s%s", out, title, notes);
	free(out);
	free(sev);
	free(notes);
	free(age);
	free(title);
	free(ic);
	free(status);
	free(ref);
	return line;
}

/* Print one row of the table. */
static void cmd_ls_row(const json_t *inc, int64_t now)
{
	char *line = cmd_ls_line(inc, now, 0);

	printf("%s\n", line);
	free(line);
}

/* The table of incidents (closed ones only with all). */
static void cmd_ls_table(const json_t *incidents, int all)
{
	int64_t now = when_now();
	const char *status;
	json_t *inc;
	size_t i, shown = 0;

	json_array_foreach(incidents, i, inc) {
		status = json_string_value(json_object_get(inc, "status"));
		if (!all && status != NULL && strcmp(status, "closed") == 0)
			continue;
		if (shown++ == 0)
			printf("%s\n", cmd_ls_head());
		cmd_ls_row(inc, now);
	}
	if (shown == 0)
		printf("no %sincidents; `sitrep new TITLE` declares one\n",
		    all ? "" : "open ");
}

/* Ask the server for the incidents and print them. */
static int cmd_ls_list(const struct cmd_globals *g, int all, int json)
{
	struct cmd_session *s;
	json_t *msg, *reply;
	int status;

	if ((s = cmd_session_open(g, 1, &status)) == NULL)
		return status;
	msg = proto_msg("list");
	json_object_set_new(msg, "all", json_boolean(all));
	reply = cmd_session_request(s, msg, "list", &status);
	cmd_session_close(s);
	if (reply == NULL)
		return status;
	if (json) {
		text_json_print(stdout, json_object_get(reply, "incidents"),
		    JSON_INDENT(2));
	} else
		cmd_ls_table(json_object_get(reply, "incidents"), all);
	if (json_is_true(json_object_get(reply, "more")))
		fprintf(stderr, "sitrep: older incidents not shown: the list "
		    "holds the newest that fit in one reply\n");
	json_decref(reply);
	return SR_EXIT_OK;
}

/* `sitrep` alone: the open incidents and a hint. */
int cmd_ls_default(const struct cmd_globals *g)
{
	int status;

	status = cmd_ls_list(g, 0, 0);
	if (status == SR_EXIT_OK)
		printf("\n`sitrep attach` opens the full-screen terminal; "
		    "`sitrep --help` lists the verbs\n");
	return status;
}

/* sitrep ls [--all] [--json] */
int cmd_ls_exec(const struct cmd_globals *g, struct cmd_args *a)
{
	if (a->argc != 0)
		return cmd_usage_error(a->entry->name, "ls takes no arguments");
	return cmd_ls_list(g, cmd_args_get(a, "all") != NULL,
	    cmd_args_get(a, "json") != NULL);
}
