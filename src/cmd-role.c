/* cmd-role.c: `sitrep role`, give, take or release a non-commander role. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep.h"
#include "xmalloc.h"

static const struct option cmd_role_options[] = {
	{ "release", no_argument, NULL, 'r' },
	{ NULL, 0, NULL, 0 }
};

/* Read ROLE: a role other than the commander. */
static int cmd_role_name(const char *verb, const char *arg)
{
	int r = model_role_parse(arg);

	if (r == ROLE_COMMANDER)
		return cmd_usage_error(verb, "command changes hands with "
		    "`sitrep handoff INC USER`, never by a role");
	if (r < 0)
		return cmd_usage_error(verb, "the role is deputy, scribe, ops, "
		    "comms, liaison or sme");
	return SR_EXIT_OK;
}

/* Submit the assignment or release; USER NULL means ourselves. */
static int cmd_role_submit(const struct cmd_globals *g, const char *inc,
    const char *role, const char *user, int release)
{
	struct cmd_session *s;
	struct event *ev;
	const char *me;
	char *who;
	int64_t seq;
	int status;

	if ((s = cmd_session_open(g, 1, &status)) == NULL)
		return status;
	me = cmd_session_user(s);
	if (user == NULL)
		user = me;
	ev = cmd_event(release ? EV_ROLE_RELEASE : EV_ROLE_ASSIGN, inc);
	json_object_set_new(ev->body, "role", json_string(role));
	json_object_set_new(ev->body, "user", json_string(user));
	status = cmd_session_submit(s, ev, &seq, NULL);
	if (status == SR_EXIT_OK) {
		who = strcmp(user, me) == 0 ? xstrdup("you") : cmd_print_safe(user);
		if (release)
			printf("#%" PRId64 " %s %s no longer %s in %s\n", seq,
			    who, strcmp(who, "you") == 0 ? "are" : "is", role,
			    inc);
		else
			printf("#%" PRId64 " %s %s now %s in %s\n", seq, who,
			    strcmp(who, "you") == 0 ? "are" : "is", role, inc);
		free(who);
	}
	cmd_session_close(s);
	return status;
}

/* sitrep role INC ROLE [USER | --release] */
int cmd_role_exec(const struct cmd_globals *g0, int argc, char **argv)
{
	struct cmd_globals g = *g0;
	const char *role, *user = NULL;
	char *inc = NULL, *lower;
	int ch, release = 0, status;

	while ((ch = cmd_getopt(argc, argv, "", cmd_role_options, &g)) != -1) {
		if (ch == 'h')
			return cmd_help(argv[0]);
		if (ch != 'r')
			return cmd_usage(argv[0]);
		release = 1;
	}
	if ((status = cmd_arg_incident(argc, argv, &inc)) != SR_EXIT_OK)
		return status;
	if (optind >= argc || argc - optind > 2) {
		free(inc);
		return cmd_usage_error(argv[0], "give a ROLE, and a USER or "
		    "nothing (yourself)");
	}
	role = argv[optind];
	if ((status = cmd_role_name(argv[0], role)) == SR_EXIT_OK) {
		lower = xstrdup(model_role_name(model_role_parse(role)));
		if (argc - optind == 2)
			user = argv[optind + 1];
		if (user != NULL && !cmd_parse_name(user))
			status = cmd_usage_error(argv[0], "\"%s\" is not a "
			    "user name: 1 to %d bytes without spaces or control "
			    "characters", user, SR_MAX_NAME);
		else
			status = cmd_role_submit(&g, inc, lower, user, release);
		free(lower);
	}
	free(inc);
	return status;
}
