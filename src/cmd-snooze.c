/* cmd-snooze.c: `snooze`, put the next-update reminder off. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "sitrep.h"
#include "when.h"
#include "xmalloc.h"

/* snooze INC DURATION */
struct event *cmd_snooze_build(const struct cmd_args *a, char **cause)
{
	struct event *ev;
	int64_t ms;

	if ((ev = cmd_args_event(a, EV_SNOOZE, -1, cause)) == NULL)
		return NULL;
	if (a->argc != 2)
		*cause = xstrdup(a->argc == 1 ? "for how long? such as 15m" :
		    "give one duration, such as 15m or 1h30m");
	else if (when_parse_duration(a->argv[1], &ms, cause) == 0) {
		json_object_set_new(ev->body, "for_ms", json_integer(ms));
		return ev;
	}
	event_free(ev);
	return NULL;
}

/* Say until when the reminder is snoozed. */
void cmd_snooze_report(struct cmd_session *s, const struct event *ev,
    int64_t seq)
{
	int64_t ms = event_int(ev, "for_ms");
	char *d = when_format_duration(ms), *until;

	until = when_format_hm(when_now() + ms);
	printf("#%" PRId64 " update reminder of %s snoozed for %s (until %s)\n",
	    seq, ev->incident, d, until);
	free(until);
	free(d);
}
