/* cmd-ls.c: `sitrep ls`, and `sitrep` without a verb: the incidents. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* One row of the table. */
static void cmd_ls_row(const json_t *inc, int64_t now)
{
	char *ref = cmd_ls_str(inc, "ref"), *status = cmd_ls_str(inc, "status");
	char *ic = cmd_ls_str(inc, "ic"), *title = cmd_ls_str(inc, "title");
	char *age = cmd_ls_age(inc, now), *notes = cmd_ls_notes(inc, now);

	printf("%-8s SEV%-2d %-13s %-12s %-9s %s%s\n", ref,
	    (int)json_integer_value(json_object_get(inc, "severity")), status,
	    ic, age, title, notes);
	free(notes);
	free(age);
	free(title);
	free(ic);
	free(status);
	free(ref);
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
			printf("%-8s %-5s %-13s %-12s %-9s %s\n", "REF", "SEV",
			    "STATUS", "IC", "AGE", "TITLE");
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
