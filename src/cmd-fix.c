/* cmd-fix.c: corrections that keep the original: amend and strike. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep.h"
#include "text.h"
#include "xmalloc.h"

static const struct option cmd_fix_options[] = {
	{ "reason", required_argument, NULL, 'r' },
	{ NULL, 0, NULL, 0 }
};

/* Read --reason (required) and the INC SEQ arguments: -1 to go on, else
 * the exit status. */
static int cmd_fix_args(struct cmd_globals *g, int argc, char **argv,
    char **inc, int64_t *target, char **reason)
{
	int status;

	if ((status = cmd_getopt_text(g, argc, argv, cmd_fix_options, 'r',
	    reason)) != -1)
		return status;
	if ((status = cmd_arg_incident(argc, argv, inc)) != SR_EXIT_OK)
		return status;
	if (optind >= argc || cmd_parse_seq(argv[optind], target) != 0)
		return cmd_usage_error(argv[0], "give the number (#SEQ) of the "
		    "entry, as `sitrep show` or `sitrep tail` print it");
	optind++;
	if (*reason == NULL || **reason == '\0')
		return cmd_usage_error(argv[0], "say why with --reason; the "
		    "original stays visible next to it");
	return -1;
}

/* Submit a correction and say what happened. */
static int cmd_fix_submit(const struct cmd_globals *g, struct event *ev,
    const char *what)
{
	int64_t seq, target = ev->target;
	char *inc = xstrdup(ev->incident);
	int status;

	if ((status = cmd_session_submit_once(g, ev, &seq, NULL)) == SR_EXIT_OK)
		printf("#%" PRId64 " %s #%" PRId64 " in %s\n", seq, what,
		    target, inc);
	free(inc);
	return status;
}

/* sitrep amend INC SEQ TEXT… --reason TEXT */
int cmd_fix_amend_exec(const struct cmd_globals *g0, int argc, char **argv)
{
	struct cmd_globals g = *g0;
	struct event *ev;
	char *inc = NULL, *reason = NULL, *text = NULL;
	int64_t target = 0;
	int status;

	if ((status = cmd_fix_args(&g, argc, argv, &inc, &target,
	    &reason)) != -1 ||
	    (status = cmd_arg_text(argc, argv, &text)) != SR_EXIT_OK)
		goto out;
	ev = cmd_event(EV_AMEND, inc);
	ev->target = target;
	json_object_set_new(ev->body, "text", json_string(text));
	json_object_set_new(ev->body, "reason", json_string(reason));
	status = cmd_fix_submit(&g, ev, "amended");
out:
	free(text);
	free(reason);
	free(inc);
	return status;
}

/* sitrep strike INC SEQ --reason TEXT */
int cmd_fix_strike_exec(const struct cmd_globals *g0, int argc, char **argv)
{
	struct cmd_globals g = *g0;
	struct event *ev;
	char *inc = NULL, *reason = NULL;
	int64_t target = 0;
	int status;

	if ((status = cmd_fix_args(&g, argc, argv, &inc, &target,
	    &reason)) != -1)
		goto out;
	if (optind != argc) {
		status = cmd_usage_error(argv[0], "unexpected \"%s\"; quote "
		    "the --reason", argv[optind]);
		goto out;
	}
	ev = cmd_event(EV_STRIKE, inc);
	ev->target = target;
	json_object_set_new(ev->body, "reason", json_string(reason));
	status = cmd_fix_submit(&g, ev, "struck");
out:
	free(reason);
	free(inc);
	return status;
}
