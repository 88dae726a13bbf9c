/* cmd-snooze.c: `sitrep snooze`, put the next-update reminder off. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "sitrep.h"
#include "when.h"
#include "xmalloc.h"

/* sitrep snooze INC DURATION */
int cmd_snooze_exec(const struct cmd_globals *g0, int argc, char **argv)
{
	struct cmd_globals g = *g0;
	struct event *ev;
	char *inc = NULL, *cause, *d, *until;
	int64_t ms, seq;
	int status;

	if ((status = cmd_noopts(&g, argc, argv)) != -1)
		return status;
	if ((status = cmd_arg_incident(argc, argv, &inc)) != SR_EXIT_OK)
		return status;
	if (argc - optind != 1) {
		free(inc);
		return cmd_usage_error(argv[0], argc - optind == 0 ?
		    "for how long? such as 15m" : "give one duration, such as "
		    "15m or 1h30m");
	}
	if (when_parse_duration(argv[optind], &ms, &cause) != 0) {
		free(inc);
		status = cmd_usage_error(argv[0], "%s", cause);
		free(cause);
		return status;
	}
	ev = cmd_event(EV_SNOOZE, inc);
	json_object_set_new(ev->body, "for_ms", json_integer(ms));
	if ((status = cmd_session_submit_once(&g, ev, &seq, NULL)) == SR_EXIT_OK) {
		d = when_format_duration(ms);
		until = when_format_hm(when_now() + ms);
		printf("#%" PRId64 " update reminder of %s snoozed for %s "
		    "(until %s)\n", seq, inc, d, until);
		free(until);
		free(d);
	}
	free(inc);
	return status;
}
