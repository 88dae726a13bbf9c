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

/* handoff INC USER [--brief TEXT]: the offer; an empty brief is filled in
 * from the state by the server. */
struct event *cmd_command_handoff_build(const struct cmd_args *a,
    char **cause)
{
	const char *arg = cmd_args_get(a, "brief");
	char *brief = NULL, *why = NULL;
	struct event *ev;

	if (arg != NULL && (brief = cmd_parse_join(1, (char **)&arg,
	    &why)) == NULL) {
		*cause = xasprintf("--brief: %s", why);
		free(why);
		return NULL;
	}
	if ((ev = cmd_args_event(a, EV_CMD_OFFER, -1, cause)) == NULL)
		goto fail;
	if (a->argc != 2) {
		*cause = xstrdup("give the one user to hand command to");
		goto fail;
	}
	if (!cmd_parse_name(a->argv[1])) {
		*cause = xasprintf("\"%s\" is not a user name: 1 to %d bytes "
		    "without spaces or control characters", a->argv[1],
		    SR_MAX_NAME);
		goto fail;
	}
	json_object_set_new(ev->body, "to", json_string(a->argv[1]));
	json_object_set_new(ev->body, "brief",
	    json_string(brief != NULL ? brief : ""));
	free(brief);
	return ev;

fail:
	event_free(ev);
	free(brief);
	return NULL;
}

/* A verb INC [--reason TEXT] of kind; need: the reason is required. */
static struct event *cmd_command_reasoned(const struct cmd_args *a,
    enum event_kind kind, int need, char **cause)
{
	char *reason = cmd_args_value(a, "reason");
	struct event *ev;

	if ((ev = cmd_args_event(a, kind, -1, cause)) == NULL)
		goto fail;
	if (a->argc != 1) {
		*cause = xasprintf("unexpected \"%s\"%s", a->argv[1],
		    a->entry->options != NULL ? "; quote the --reason" : "");
		goto fail;
	}
	if (need && reason == NULL) {
		*cause = xstrdup("say why with --reason");
		goto fail;
	}
	if (reason != NULL)
		json_object_set_new(ev->body, "reason", json_string(reason));
	free(reason);
	return ev;

fail:
	event_free(ev);
	free(reason);
	return NULL;
}

/* accept INC */
struct event *cmd_command_accept_build(const struct cmd_args *a,
    char **cause)
{
	return cmd_command_reasoned(a, EV_CMD_ACCEPT, 0, cause);
}

/* decline INC [--reason TEXT] */
struct event *cmd_command_decline_build(const struct cmd_args *a,
    char **cause)
{
	return cmd_command_reasoned(a, EV_CMD_DECLINE, 0, cause);
}

/* withdraw INC */
struct event *cmd_command_withdraw_build(const struct cmd_args *a,
    char **cause)
{
	return cmd_command_reasoned(a, EV_CMD_WITHDRAW, 0, cause);
}

/* relieve INC --reason TEXT */
struct event *cmd_command_relieve_build(const struct cmd_args *a,
    char **cause)
{
	return cmd_command_reasoned(a, EV_CMD_RELIEVE, 1, cause);
}

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

/* handoff: say who was offered command, then the brief as stored
 * (pre-filled when it was empty). */
void cmd_command_handoff_report(struct cmd_session *s,
    const struct event *ev, int64_t seq)
{
	char *safe = cmd_print_safe(event_str(ev, "to"));
	struct event *stored;

	printf("#%" PRId64 " offered command of %s to %s; you stay in command "
	    "until %s runs `sitrep accept %s`\n", seq, ev->incident, safe,
	    safe, ev->incident);
	free(safe);
	if ((stored = cmd_session_fetch(s, ev->incident, seq)) != NULL) {
		printf("brief:\n");
		cmd_command_indent(event_str(stored, "brief"));
		event_free(stored);
	}
}

/* accept */
void cmd_command_accept_report(struct cmd_session *s, const struct event *ev,
    int64_t seq)
{
	printf("#%" PRId64 " you are now the incident commander of %s\n", seq,
	    ev->incident);
}

/* decline */
void cmd_command_decline_report(struct cmd_session *s,
    const struct event *ev, int64_t seq)
{
	printf("#%" PRId64 " you declined command of %s\n", seq, ev->incident);
}

/* withdraw */
void cmd_command_withdraw_report(struct cmd_session *s,
    const struct event *ev, int64_t seq)
{
	printf("#%" PRId64 " offer withdrawn; you stay in command of %s\n",
	    seq, ev->incident);
}

/* relieve */
void cmd_command_relieve_report(struct cmd_session *s,
    const struct event *ev, int64_t seq)
{
	printf("#%" PRId64 " you relieved the commander and now command %s\n",
	    seq, ev->incident);
}
