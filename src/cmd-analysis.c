/* cmd-analysis.c: the analysis workspace: factor, followup, summary
 * (refused by the rules during recovery). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep.h"
#include "text.h"
#include "when.h"
#include "xmalloc.h"

/* factor INC TEXT… */
struct event *cmd_analysis_factor_build(const struct cmd_args *a,
    char **cause)
{
	return cmd_args_event(a, EV_FACTOR, 1, cause);
}

/* followup INC TEXT… [--owner OWNER] [--due TIME] */
struct event *cmd_analysis_followup_build(const struct cmd_args *a,
    char **cause)
{
	const char *owner = cmd_args_get(a, "owner");
	struct event *ev;
	int64_t due;

	if (owner != NULL && *owner == '\0') {
		*cause = xstrdup("the owner is a team or a role");
		return NULL;
	}
	if (cmd_args_time(a, "due", WHEN_FUTURE, &due, cause) != 0 ||
	    (ev = cmd_args_event(a, EV_FOLLOWUP, 1, cause)) == NULL)
		return NULL;
	if (owner != NULL)
		json_object_set_new(ev->body, "owner", json_string(owner));
	if (due != 0)
		json_object_set_new(ev->body, "due", json_integer(due));
	return ev;
}

/* summary INC TEXT… [--impact TEXT] */
struct event *cmd_analysis_summary_build(const struct cmd_args *a,
    char **cause)
{
	char *impact = cmd_args_value(a, "impact");
	struct event *ev;

	ev = cmd_args_event(a, EV_SUMMARY, 1, cause);
	if (ev != NULL && impact != NULL)
		json_object_set_new(ev->body, "impact", json_string(impact));
	free(impact);
	return ev;
}

/* Say what was recorded; a follow-up by its number. */
void cmd_analysis_report(struct cmd_session *s, const struct event *ev,
    int64_t seq)
{
	int id;

	if (ev->kind == EV_FACTOR)
		printf("#%" PRId64 " contributing factor recorded in %s\n", seq,
		    ev->incident);
	else if (ev->kind == EV_SUMMARY)
		printf("#%" PRId64 " summary of %s recorded\n", seq,
		    ev->incident);
	else if ((id = cmd_session_number(s, ev->incident, seq)) > 0)
		printf("#%" PRId64 " follow-up F%d recorded in %s\n", seq, id,
		    ev->incident);
	else
		printf("#%" PRId64 " follow-up recorded in %s\n", seq,
		    ev->incident);
}
