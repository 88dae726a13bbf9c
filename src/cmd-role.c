/* cmd-role.c: `role`, give, take or release a non-commander role. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep.h"
#include "xmalloc.h"

/* ROLE and USER checked: 0, or -1 and *cause. */
static int cmd_role_check(const struct cmd_args *a, char **cause)
{
	int r = a->argc >= 2 ? model_role_parse(a->argv[1]) : -1;

	if (a->argc < 2 || a->argc > 3)
		*cause = xstrdup("give a ROLE, and a USER or nothing "
		    "(yourself)");
	else if (r == ROLE_COMMANDER)
		*cause = xstrdup("command changes hands by a handoff, never "
		    "by a role");
	else if (r < 0)
		*cause = xstrdup("the role is deputy, scribe, ops, comms, "
		    "liaison or sme");
	else if (a->argc == 3 && !cmd_parse_name(a->argv[2]))
		*cause = xasprintf("\"%s\" is not a user name: 1 to %d bytes "
		    "without spaces or control characters", a->argv[2],
		    SR_MAX_NAME);
	else
		return 0;
	return -1;
}

/* role INC ROLE [USER] [--release]: the assignment or release; without
 * USER the user is who we are, when known. */
struct event *cmd_role_build(const struct cmd_args *a, char **cause)
{
	const char *user;
	struct event *ev;

	if ((ev = cmd_args_event(a, cmd_args_get(a, "release") != NULL ?
	    EV_ROLE_RELEASE : EV_ROLE_ASSIGN, -1, cause)) == NULL)
		return NULL;
	if (cmd_role_check(a, cause) != 0) {
		event_free(ev);
		return NULL;
	}
	json_object_set_new(ev->body, "role",
	    json_string(model_role_name(model_role_parse(a->argv[1]))));
	user = a->argc == 3 ? a->argv[2] : a->me;
	if (user != NULL)
		json_object_set_new(ev->body, "user", json_string(user));
	return ev;
}

/* Say who holds the role now, or no longer. */
void cmd_role_report(struct cmd_session *s, const struct event *ev,
    int64_t seq)
{
	const char *user = event_str(ev, "user");
	int me = strcmp(user, cmd_session_user(s)) == 0;
	char *who = me ? xstrdup("you") : cmd_print_safe(user);

	printf("#%" PRId64 " %s %s %s%s in %s\n", seq, who, me ? "are" : "is",
	    ev->kind == EV_ROLE_RELEASE ? "no longer " : "now ",
	    event_str(ev, "role"), ev->incident);
	free(who);
}

/* Without USER the role is for the user the server knows us as. */
static void cmd_role_me(struct cmd_session *s, struct event *ev)
{
	if (event_str(ev, "user") == NULL)
		json_object_set_new(ev->body, "user",
		    json_string(cmd_session_user(s)));
}

/* sitrep role: as any verb that records an event, USER defaulting to us. */
int cmd_role_exec(const struct cmd_globals *g, struct cmd_args *a)
{
	return cmd_submit(g, a, cmd_role_me);
}
