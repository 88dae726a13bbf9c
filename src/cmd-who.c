/* cmd-who.c: `sitrep who`, who is attached to the server now. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "proto.h"
#include "sitrep.h"
#include "text.h"
#include "when.h"
#include "xmalloc.h"

/* One row: user, responder or observer, since, idle, where. */
static void cmd_who_row(const json_t *u, int64_t now)
{
	const char *inc = json_string_value(json_object_get(u, "incident"));
	char *user = cmd_print_safe(json_string_value(json_object_get(u,
	    "user")));
	char *since = when_format_stamp(json_integer_value(json_object_get(u,
	    "since")), 0);
	char *idle = when_format_duration(json_integer_value(
	    json_object_get(u, "idle_ms")));
	char *where = cmd_print_safe(inc != NULL ? inc : "");
	const char *access = json_string_value(json_object_get(u, "access"));

	printf("%-12s %-9s %-9s %-9s %s%s\n", user, access != NULL &&
	    strcmp(access, "ro") == 0 ? "observer" : "responder", since, idle,
	    *where != '\0' ? where : "-", json_is_true(json_object_get(u,
	    "terminal")) ? "" : " (a command)");
	free(where);
	free(idle);
	free(since);
	free(user);
}

/* Ask the server who is connected and print it. */
static int cmd_who_run(const struct cmd_globals *g, int json)
{
	struct cmd_session *s;
	json_t *reply, *users, *u;
	int64_t now = when_now();
	int status;
	size_t i;

	if ((s = cmd_session_open(g, 1, &status)) == NULL)
		return status;
	reply = cmd_session_request(s, proto_msg("who"), "presence", &status);
	cmd_session_close(s);
	if (reply == NULL)
		return status;
	users = json_object_get(reply, "users");
	if (json)
		text_json_print(stdout, users, 0);
	else
		printf("%-12s %-9s %-9s %-9s %s\n", "USER", "ACCESS", "SINCE",
		    "IDLE", "INCIDENT");
	json_array_foreach(users, i, u) {
		if (!json)
			cmd_who_row(u, now);
	}
	json_decref(reply);
	return SR_EXIT_OK;
}

/* sitrep who [--json] */
int cmd_who_exec(const struct cmd_globals *g, struct cmd_args *a)
{
	if (a->argc != 0)
		return cmd_usage_error(a->entry->name, "who takes no "
		    "arguments");
	return cmd_who_run(g, cmd_args_get(a, "json") != NULL);
}
