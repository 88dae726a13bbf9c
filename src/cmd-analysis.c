/* cmd-analysis.c: the analysis workspace from the command line: factor,
 * followup, summary (refused by the rules during recovery). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep.h"
#include "text.h"
#include "when.h"
#include "xmalloc.h"

static const struct option cmd_analysis_followup_options[] = {
	{ "owner", required_argument, NULL, 'o' },
	{ "due", required_argument, NULL, 'd' },
	{ NULL, 0, NULL, 0 }
};

static const struct option cmd_analysis_summary_options[] = {
	{ "impact", required_argument, NULL, 'i' },
	{ NULL, 0, NULL, 0 }
};

/* sitrep factor INC TEXT…|- */
int cmd_analysis_factor_exec(const struct cmd_globals *g0, int argc,
    char **argv)
{
	return cmd_text_verb(g0, argc, argv, EV_FACTOR,
	    "contributing factor recorded in", "");
}

/* Record the follow-up and print its number. */
static int cmd_analysis_followup(const struct cmd_globals *g, struct event *ev)
{
	struct cmd_session *s;
	char *inc = xstrdup(ev->incident);
	int64_t seq;
	int status, id;

	if ((s = cmd_session_open(g, 1, &status)) == NULL) {
		event_free(ev);
		free(inc);
		return status;
	}
	if ((status = cmd_session_submit(s, ev, &seq, NULL)) == SR_EXIT_OK) {
		if ((id = cmd_session_number(s, inc, seq)) > 0)
			printf("#%" PRId64 " follow-up F%d recorded in %s\n",
			    seq, id, inc);
		else
			printf("#%" PRId64 " follow-up recorded in %s\n", seq,
			    inc);
	}
	cmd_session_close(s);
	free(inc);
	return status;
}

/* Read followup's options into body. */
static int cmd_analysis_followup_getopt(struct cmd_globals *g, int argc,
    char **argv, json_t *body)
{
	char *cause;
	int64_t due;
	int ch, status;

	while ((ch = cmd_getopt(argc, argv, "",
	    cmd_analysis_followup_options, g)) != -1) {
		if (ch == 'h')
			return -1;
		if (ch == 'o' && *optarg != '\0')
			json_object_set_new(body, "owner", json_string(optarg));
		else if (ch == 'o')
			return cmd_usage_error(argv[0], "the owner is a team "
			    "or a role");
		else if (ch == 'd' && when_parse(optarg, when_now(),
		    WHEN_FUTURE, &due, &cause) == 0)
			json_object_set_new(body, "due", json_integer(due));
		else if (ch == 'd') {
			status = cmd_usage_error(argv[0], "%s", cause);
			free(cause);
			return status;
		} else
			return cmd_usage(argv[0]);
	}
	return SR_EXIT_OK;
}

/* sitrep followup INC TEXT… [--owner OWNER] [--due TIME] */
int cmd_analysis_followup_exec(const struct cmd_globals *g0, int argc,
    char **argv)
{
	struct cmd_globals g = *g0;
	struct event *ev = cmd_event(EV_FOLLOWUP, NULL);
	char *text = NULL;
	int status;

	status = cmd_analysis_followup_getopt(&g, argc, argv, ev->body);
	if (status == -1) {
		event_free(ev);
		return cmd_help(argv[0]);
	}
	if (status != SR_EXIT_OK ||
	    (status = cmd_arg_incident(argc, argv, &ev->incident)) !=
	    SR_EXIT_OK ||
	    (status = cmd_arg_text(argc, argv, &text)) != SR_EXIT_OK) {
		event_free(ev);
		free(text);
		return status;
	}
	json_object_set_new(ev->body, "text", json_string(text));
	free(text);
	return cmd_analysis_followup(&g, ev);
}

/* sitrep summary INC TEXT…|- [--impact TEXT] */
int cmd_analysis_summary_exec(const struct cmd_globals *g0, int argc,
    char **argv)
{
	struct cmd_globals g = *g0;
	struct event *ev;
	char *inc = NULL, *text = NULL, *impact = NULL;
	int64_t seq;
	int ch, status;

	while ((ch = cmd_getopt(argc, argv, "", cmd_analysis_summary_options,
	    &g)) != -1) {
		if (ch == 'h')
			return cmd_help(argv[0]);
		if (ch != 'i')
			return cmd_usage(argv[0]);
		free(impact);
		impact = text_trim(xstrdup(optarg));
	}
	if ((status = cmd_arg_incident(argc, argv, &inc)) != SR_EXIT_OK ||
	    (status = cmd_arg_text(argc, argv, &text)) != SR_EXIT_OK)
		goto out;
	ev = cmd_event(EV_SUMMARY, inc);
	json_object_set_new(ev->body, "text", json_string(text));
	if (impact != NULL && *impact != '\0')
		json_object_set_new(ev->body, "impact", json_string(impact));
	if ((status = cmd_session_submit_once(&g, ev, &seq, NULL)) == SR_EXIT_OK)
		printf("#%" PRId64 " summary of %s recorded\n", seq, inc);
out:
	free(impact);
	free(text);
	free(inc);
	return status;
}
