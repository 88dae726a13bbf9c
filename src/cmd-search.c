/* cmd-search.c: `sitrep search`, full-text search through the server. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "proto.h"
#include "sitrep.h"
#include "text.h"
#include "xmalloc.h"

/* Print the matching events, one line each, with their incident. */
static void cmd_search_print(const json_t *events, const char *query)
{
	struct event *ev;
	json_t *item;
	char *line, *cause, *safe;
	size_t i;

	json_array_foreach(events, i, item) {
		if ((ev = event_from_json(item, &cause)) == NULL) {
			fprintf(stderr, "sitrep: skipped a result: %s\n",
			    cause);
			free(cause);
			continue;
		}
		line = cmd_print_line(ev, NULL);
		safe = cmd_print_safe(ev->incident);
		printf("%-7s %s\n", safe, line);
		free(safe);
		free(line);
		event_free(ev);
	}
	safe = cmd_print_safe(query);
	if (json_array_size(events) == 0)
		printf("no matches for \"%s\"\n", safe);
	else
		printf("%zu match%s for \"%s\", newest first\n",
		    json_array_size(events),
		    json_array_size(events) == 1 ? "" : "es", safe);
	free(safe);
}

/* Ask the server and print the page. */
static int cmd_search_run(const struct cmd_globals *g, const char *query,
    const char *inc, int limit, int json)
{
	struct cmd_session *s;
	json_t *msg, *reply, *events;
	int status;

	if ((s = cmd_session_open(g, 1, &status)) == NULL)
		return status;
	msg = proto_msg("search");
	json_object_set_new(msg, "query", json_string(query));
	if (inc != NULL)
		json_object_set_new(msg, "incident", json_string(inc));
	json_object_set_new(msg, "limit", json_integer(limit));
	reply = cmd_session_request(s, msg, "page", &status);
	cmd_session_close(s);
	if (reply == NULL)
		return status;
	events = json_object_get(reply, "events");
	if (!json_is_array(events)) {
		events = json_array();
		json_object_set_new(reply, "events", events);
	}
	if (json) {
		text_json_print(stdout, events, JSON_INDENT(2));
	} else
		cmd_search_print(events, query);
	json_decref(reply);
	return SR_EXIT_OK;
}

/* sitrep search QUERY… [--inc INC] [--json] [--limit N] */
int cmd_search_exec(const struct cmd_globals *g, struct cmd_args *a)
{
	const char *i = cmd_args_get(a, "inc"), *n = cmd_args_get(a, "limit");
	char *inc = NULL, *query = NULL, *cause = NULL;
	int limit = 50, status = SR_EXIT_USAGE;

	if (i != NULL && cmd_parse_incident(i, &inc) != 0)
		cause = xstrdup("--inc takes an incident ref such as INC-3");
	else if (n != NULL && cmd_parse_int(n, 1, 10000, 0, &limit) != 0)
		cause = xstrdup("--limit takes a number from 1 to 10000");
	else if ((query = cmd_args_text(a, 0, &cause)) != NULL)
		status = cmd_search_run(g, query, inc, limit,
		    cmd_args_get(a, "json") != NULL);
	if (cause != NULL)
		status = cmd_usage_error(a->entry->name, "%s", cause);
	free(cause);
	free(query);
	free(inc);
	return status;
}
