/* cmd-command.c: the command handoff: handoff, accept, decline, withdraw,
 * relieve. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep.h"
#include "text.h"
#include "xmalloc.h"

static const struct option cmd_command_brief_options[] = {
	{ "brief", required_argument, NULL, 'b' },
	{ NULL, 0, NULL, 0 }
};

static const struct option cmd_command_reason_options[] = {
	{ "reason", required_argument, NULL, 'r' },
	{ NULL, 0, NULL, 0 }
};

/* Print text indented by two spaces, sanitized, keeping its lines. */
static void cmd_command_indent(const char *text)
{
	char *safe = text_sanitize(text != NULL ? text : "", TEXT_MULTILINE |
	    text_locale_flags());
	char *line, *rest = safe;
	size_t n = strlen(safe);

	while (n > 0 && safe[n - 1] == '\n')
		safe[--n] = '\0';
	while ((line = strsep(&rest, "\n")) != NULL)
		printf("  %s\n", line);
	free(safe);
}

/* Offer command, then print the brief as stored (pre-filled if empty). */
static int cmd_command_offer(const struct cmd_globals *g, const char *inc,
    const char *to, const char *brief)
{
	struct cmd_session *s;
	struct event *ev, *stored;
	char *safe;
	int64_t seq;
	int status;

	if ((s = cmd_session_open(g, 1, &status)) == NULL)
		return status;
	ev = cmd_event(EV_CMD_OFFER, inc);
	json_object_set_new(ev->body, "to", json_string(to));
	json_object_set_new(ev->body, "brief", json_string(brief ? brief : ""));
	if ((status = cmd_session_submit(s, ev, &seq, NULL)) != SR_EXIT_OK)
		goto out;
	safe = cmd_print_safe(to);
	printf("#%" PRId64 " offered command of %s to %s; you stay in command "
	    "until %s runs `sitrep accept %s`\n", seq, inc, safe, safe, inc);
	free(safe);
	if ((stored = cmd_session_fetch(s, inc, seq)) != NULL) {
		printf("brief:\n");
		cmd_command_indent(event_str(stored, "brief"));
		event_free(stored);
	}
out:
	cmd_session_close(s);
	return status;
}

/* sitrep handoff INC USER [--brief TEXT|-] */
int cmd_command_handoff_exec(const struct cmd_globals *g0, int argc,
    char **argv)
{
	struct cmd_globals g = *g0;
	char *inc = NULL, *brief = NULL, *cause;
	const char *arg = NULL;
	int ch, status;

	while ((ch = cmd_getopt(argc, argv, "", cmd_command_brief_options,
	    &g)) != -1) {
		if (ch == 'h')
			return cmd_help(argv[0]);
		if (ch != 'b')
			return cmd_usage(argv[0]);
		arg = optarg;
	}
	if (arg != NULL && (brief = cmd_parse_text(1, (char **)&arg,
	    &cause)) == NULL) {
		status = cmd_usage_error(argv[0], "--brief: %s", cause);
		free(cause);
		return status;
	}
	if ((status = cmd_arg_incident(argc, argv, &inc)) == SR_EXIT_OK) {
		if (argc - optind != 1)
			status = cmd_usage_error(argv[0], "give the one user "
			    "to hand command to");
		else if (!cmd_parse_name(argv[optind]))
			status = cmd_usage_error(argv[0], "\"%s\" is not a "
			    "user name: 1 to %d bytes without spaces or control "
			    "characters", argv[optind], SR_MAX_NAME);
		else
			status = cmd_command_offer(&g, inc, argv[optind],
			    brief);
	}
	free(brief);
	free(inc);
	return status;
}

/* Submit a command event with an optional reason; print done. */
static int cmd_command_simple(const struct cmd_globals *g, const char *inc,
    enum event_kind kind, const char *reason, const char *done)
{
	struct event *ev = cmd_event(kind, inc);
	int64_t seq;
	int status;

	if (reason != NULL)
		json_object_set_new(ev->body, "reason", json_string(reason));
	if ((status = cmd_session_submit_once(g, ev, &seq, NULL)) == SR_EXIT_OK)
		printf("#%" PRId64 " %s %s\n", seq, done, inc);
	return status;
}

/* A verb INC [--reason TEXT]; the reason may be required. */
static int cmd_command_reasoned(const struct cmd_globals *g0, int argc,
    char **argv, enum event_kind kind, int need_reason, const char *done)
{
	struct cmd_globals g = *g0;
	char *inc = NULL, *reason = NULL;
	int status;

	if ((status = cmd_getopt_text(&g, argc, argv, need_reason >= 0 ?
	    cmd_command_reason_options : NULL, 'r', &reason)) != -1)
		return status;
	if ((status = cmd_arg_incident(argc, argv, &inc)) != SR_EXIT_OK)
		goto out;
	if (optind != argc)
		status = cmd_usage_error(argv[0], "unexpected \"%s\"%s",
		    argv[optind], need_reason >= 0 ? "; quote the --reason" :
		    "");
	else if (need_reason > 0 && (reason == NULL || *reason == '\0'))
		status = cmd_usage_error(argv[0], "say why with --reason");
	else
		status = cmd_command_simple(&g, inc, kind,
		    reason != NULL && *reason != '\0' ? reason : NULL, done);
out:
	free(reason);
	free(inc);
	return status;
}

/* sitrep accept INC */
int cmd_command_accept_exec(const struct cmd_globals *g, int argc,
    char **argv)
{
	return cmd_command_reasoned(g, argc, argv, EV_CMD_ACCEPT, -1,
	    "you are now the incident commander of");
}

/* sitrep decline INC [--reason TEXT] */
int cmd_command_decline_exec(const struct cmd_globals *g, int argc,
    char **argv)
{
	return cmd_command_reasoned(g, argc, argv, EV_CMD_DECLINE, 0,
	    "you declined command of");
}

/* sitrep withdraw INC */
int cmd_command_withdraw_exec(const struct cmd_globals *g, int argc,
    char **argv)
{
	return cmd_command_reasoned(g, argc, argv, EV_CMD_WITHDRAW, -1,
	    "offer withdrawn; you stay in command of");
}

/* sitrep relieve INC --reason TEXT */
int cmd_command_relieve_exec(const struct cmd_globals *g, int argc,
    char **argv)
{
	return cmd_command_reasoned(g, argc, argv, EV_CMD_RELIEVE, 1,
	    "you relieved the commander and now command");
}
