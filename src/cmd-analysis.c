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

/* A number option (name) in ev's body as field: "2", "C2", "#12"; 0, or
 * -1 and *cause. */
static int cmd_analysis_number(const struct cmd_args *a, const char *name,
    json_t *body, const char *field, char **cause)
{
	const char *v = cmd_args_get(a, name);
	int64_t n;

	if (v == NULL)
		return 0;
	if (*v == 'C' || *v == 'c' || *v == 'F' || *v == 'f')
		v++;
	if (cmd_parse_seq(v, &n) != 0) {
		*cause = xasprintf("--%s takes a number, such as 2", name);
		return -1;
	}
	json_object_set_new(body, field, json_integer(n));
	return 0;
}

/* Every --entry SEQ of a factor as body.entries. */
static int cmd_analysis_entries(const struct cmd_args *a, json_t *body,
    char **cause)
{
	json_t *seqs = json_array();
	int64_t n;
	size_t i;

	for (i = 0; i < a->nvalues; i++) {
		if (strcmp(a->values[i].option->name, "entry") != 0)
			continue;
		if (cmd_parse_seq(a->values[i].value, &n) != 0) {
			*cause = xstrdup("--entry takes an entry's number, such "
			    "as 12");
			json_decref(seqs);
			return -1;
		}
		json_array_append_new(seqs, json_integer(n));
	}
	if (json_array_size(seqs) > 0)
		json_object_set_new(body, "entries", seqs);
	else
		json_decref(seqs);
	return 0;
}

/* factor INC TEXT… [--category C] [--entry SEQ]… [--from-park SEQ] */
struct event *cmd_analysis_factor_build(const struct cmd_args *a,
    char **cause)
{
	const char *cat = cmd_args_get(a, "category");
	struct event *ev = cmd_args_event(a, EV_FACTOR, 1, cause);

	if (ev == NULL)
		return NULL;
	if (cat != NULL)
		json_object_set_new(ev->body, "category", json_string(cat));
	if (cmd_analysis_entries(a, ev->body, cause) == 0 &&
	    cmd_analysis_number(a, "from-park", ev->body, "from_park",
	    cause) == 0)
		return ev;
	event_free(ev);
	return NULL;
}

/* The owner and due date a follow-up is given, into body. */
static int cmd_analysis_owner_due(const struct cmd_args *a, json_t *body,
    char **cause)
{
	const char *owner = cmd_args_get(a, "owner");
	int64_t due;

	if (owner != NULL && *owner == '\0') {
		*cause = xstrdup("the owner is a team or a role");
		return -1;
	}
	if (cmd_args_time(a, "due", WHEN_FUTURE, &due, cause) != 0)
		return -1;
	if (owner != NULL)
		json_object_set_new(body, "owner", json_string(owner));
	if (due != 0)
		json_object_set_new(body, "due", json_integer(due));
	return 0;
}

/* followup INC set N [--owner O] [--due TIME] [--state S] [--note T] */
static struct event *cmd_analysis_followup_set(const struct cmd_args *a,
    char **cause)
{
	const char *state = cmd_args_get(a, "state");
	struct event *ev = cmd_args_event(a, EV_FOLLOWUP_SET, -1, cause);
	char *note = cmd_args_value(a, "note");
	int64_t id;

	if (ev == NULL)
		goto fail;
	if (a->argc != 3 || cmd_parse_seq(a->argv[2][0] == 'F' ||
	    a->argv[2][0] == 'f' ? a->argv[2] + 1 : a->argv[2], &id) != 0) {
		*cause = xstrdup("set takes N, the follow-up's number (2 or "
		    "F2)");
		goto fail;
	}
	json_object_set_new(ev->body, "id", json_integer(id));
	if (state != NULL)
		json_object_set_new(ev->body, "state", json_string(state));
	if (note != NULL)
		json_object_set_new(ev->body, "note", json_string(note));
	if (cmd_analysis_owner_due(a, ev->body, cause) == 0) {
		free(note);
		return ev;
	}
fail:
	free(note);
	event_free(ev);
	return NULL;
}

/* followup INC add TEXT… [--owner O] [--due TIME] [--factor N]
 * [--from-park SEQ] | INC set N … */
struct event *cmd_analysis_followup_build(const struct cmd_args *a,
    char **cause)
{
	const char *sub = a->argc >= 2 ? a->argv[1] : "";
	struct event *ev;

	if (strcmp(sub, "set") == 0)
		return cmd_analysis_followup_set(a, cause);
	if (strcmp(sub, "add") != 0) {
		*cause = xstrdup("followup takes add TEXT or set N");
		return NULL;
	}
	if ((ev = cmd_args_event(a, EV_FOLLOWUP, 2, cause)) == NULL)
		return NULL;
	if (cmd_analysis_owner_due(a, ev->body, cause) == 0 &&
	    cmd_analysis_number(a, "factor", ev->body, "factor", cause) == 0 &&
	    cmd_analysis_number(a, "from-park", ev->body, "from_park",
	    cause) == 0)
		return ev;
	event_free(ev);
	return NULL;
}

/* summary INC TEXT… [--impact TEXT] [--section SECTION] */
struct event *cmd_analysis_summary_build(const struct cmd_args *a,
    char **cause)
{
	const char *section = cmd_args_get(a, "section");
	char *impact = cmd_args_value(a, "impact");
	struct event *ev;

	ev = cmd_args_event(a, EV_SUMMARY, 1, cause);
	if (ev != NULL && impact != NULL)
		json_object_set_new(ev->body, "impact", json_string(impact));
	if (ev != NULL && section != NULL)
		json_object_set_new(ev->body, "section", json_string(section));
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
