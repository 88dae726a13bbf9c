/* cmd-status.c: status, mark, sev and retitle: the incident's own state. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep.h"
#include "text.h"
#include "when.h"
#include "xmalloc.h"

static const struct option cmd_status_options[] = {
	{ "reason", required_argument, NULL, 'r' },
	{ NULL, 0, NULL, 0 }
};

static const struct option cmd_status_mark_options[] = {
	{ "at", required_argument, NULL, 'a' },
	{ NULL, 0, NULL, 0 }
};

/* Submit ev and print "#seq " and what (sanitized already). */
static int cmd_status_submit(const struct cmd_globals *g, struct event *ev,
    const char *what)
{
	int64_t seq;
	int status;

	if ((status = cmd_session_submit_once(g, ev, &seq, NULL)) == SR_EXIT_OK)
		printf("#%" PRId64 " %s\n", seq, what);
	return status;
}

/* Submit a status change. */
static int cmd_status_change(const struct cmd_globals *g, const char *inc,
    const char *name, const char *reason)
{
	struct event *ev = cmd_event(EV_STATUS, inc);
	char *what;
	int status;

	json_object_set_new(ev->body, "status", json_string(name));
	if (reason != NULL && *reason != '\0')
		json_object_set_new(ev->body, "reason", json_string(reason));
	what = xasprintf("%s is now %s%s", inc, strcmp(name, "analysis") == 0 ?
	    "in " : "", name);
	status = cmd_status_submit(g, ev, what);
	free(what);
	return status;
}

/* sitrep status INC STATUS [--reason TEXT] */
int cmd_status_exec(const struct cmd_globals *g0, int argc, char **argv)
{
	struct cmd_globals g = *g0;
	char *inc = NULL, *reason = NULL;
	int st, status;

	if ((status = cmd_getopt_text(&g, argc, argv, cmd_status_options, 'r',
	    &reason)) != -1)
		return status;
	if ((status = cmd_arg_incident(argc, argv, &inc)) != SR_EXIT_OK)
		goto out;
	if (argc - optind != 1)
		status = cmd_usage_error(argv[0], "give one status%s",
		    argc - optind > 1 ? "; quote the --reason" : "");
	else if ((st = model_status_parse(argv[optind])) < 0)
		status = cmd_usage_error(argv[0], "the status is "
		    "investigating, identified, monitoring, resolved, analysis "
		    "or closed");
	else
		status = cmd_status_change(&g, inc, model_status_name(st),
		    reason);
out:
	free(reason);
	free(inc);
	return status;
}

/* Submit a mark at an instant (0: now). */
static int cmd_status_mark(const struct cmd_globals *g, const char *inc,
    const char *name, int64_t at)
{
	struct event *ev = cmd_event(EV_MARK, inc);
	char *hm = when_format_hm(at ? at : when_now()), *what;
	int status;

	json_object_set_new(ev->body, "mark", json_string(name));
	ev->occurred_at = at;
	what = xasprintf("%s of %s set at %s", name, inc, hm);
	status = cmd_status_submit(g, ev, what);
	free(what);
	free(hm);
	return status;
}

/* sitrep mark INC MARK [--at TIME] */
int cmd_status_mark_exec(const struct cmd_globals *g0, int argc, char **argv)
{
	struct cmd_globals g = *g0;
	char *inc = NULL, *cause;
	int64_t at = 0;
	int ch, mk, status;

	while ((ch = cmd_getopt(argc, argv, "", cmd_status_mark_options,
	    &g)) != -1) {
		if (ch == 'h')
			return cmd_help(argv[0]);
		if (ch != 'a')
			return cmd_usage(argv[0]);
		if (when_parse(optarg, when_now(), WHEN_PAST, &at, &cause)) {
			status = cmd_usage_error(argv[0], "%s", cause);
			free(cause);
			return status;
		}
	}
	if ((status = cmd_arg_incident(argc, argv, &inc)) != SR_EXIT_OK)
		return status;
	if (argc - optind != 1)
		status = cmd_usage_error(argv[0], "give one mark");
	else if ((mk = model_mark_parse(argv[optind])) < 0)
		status = cmd_usage_error(argv[0], "the mark is impact-start, "
		    "detected, mitigated or resolved");
	else
		status = cmd_status_mark(&g, inc, model_mark_name(mk), at);
	free(inc);
	return status;
}

/* sitrep sev INC N */
int cmd_status_sev_exec(const struct cmd_globals *g0, int argc, char **argv)
{
	struct cmd_globals g = *g0;
	struct event *ev;
	char *inc = NULL, *what;
	int sev, status;

	if ((status = cmd_noopts(&g, argc, argv)) != -1)
		return status;
	if ((status = cmd_arg_incident(argc, argv, &inc)) != SR_EXIT_OK)
		return status;
	if (argc - optind != 1 ||
	    cmd_parse_int(argv[optind], 1, 4, 1, &sev) != 0) {
		free(inc);
		return cmd_usage_error(argv[0], "the severity is 1 (worst) to "
		    "4, or SEV1 to SEV4");
	}
	ev = cmd_event(EV_INCIDENT_UPDATE, inc);
	json_object_set_new(ev->body, "severity", json_integer(sev));
	what = xasprintf("%s is now SEV%d", inc, sev);
	status = cmd_status_submit(&g, ev, what);
	free(what);
	free(inc);
	return status;
}

/* sitrep retitle INC TITLE… */
int cmd_status_retitle_exec(const struct cmd_globals *g0, int argc,
    char **argv)
{
	struct cmd_globals g = *g0;
	struct event *ev;
	char *inc = NULL, *title = NULL, *what, *safe;
	int status;

	if ((status = cmd_noopts(&g, argc, argv)) != -1)
		return status;
	if ((status = cmd_arg_incident(argc, argv, &inc)) != SR_EXIT_OK ||
	    (status = cmd_arg_text(argc, argv, &title)) != SR_EXIT_OK)
		goto out;
	ev = cmd_event(EV_INCIDENT_UPDATE, inc);
	json_object_set_new(ev->body, "title", json_string(title));
	safe = cmd_print_safe(title);
	what = xasprintf("%s is now titled: %s", inc, safe);
	status = cmd_status_submit(&g, ev, what);
	free(what);
	free(safe);
out:
	free(title);
	free(inc);
	return status;
}
