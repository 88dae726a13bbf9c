/* cmd-new.c: `new`, declare an incident. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep.h"
#include "when.h"
#include "xmalloc.h"

/* The incident's zone: --tz when given, else the declarer's own. */
static void cmd_new_zone(const struct cmd_args *a, struct event *ev)
{
	const char *tz = cmd_args_get(a, "tz");
	char *zone = tz != NULL ? xstrdup(tz) : when_zone_local();

	json_object_set_new(ev->body, "tz", json_string(zone));
	free(zone);
}

/* new TITLE… [--sev N] [--drill] [--restricted GROUP]: the declaration
 * (title, severity, drill, zone, the group it is restricted to). */
struct event *cmd_new_build(const struct cmd_args *a, char **cause)
{
	const char *sev = cmd_args_get(a, "sev");
	struct event *ev;
	char *title, *restricted;
	int n = 3;

	if (sev != NULL && cmd_parse_int(sev, 1, 4, 1, &n) != 0) {
		*cause = xstrdup("the severity is 1 (worst) to 4, or SEV1 to "
		    "SEV4");
		return NULL;
	}
	if (a->argc == 0) {
		*cause = xstrdup("give the incident a title");
		return NULL;
	}
	if ((title = cmd_args_text(a, 0, cause)) == NULL)
		return NULL;
	ev = cmd_event(EV_DECLARE, NULL);
	json_object_set_new(ev->body, "title", json_string(title));
	json_object_set_new(ev->body, "severity", json_integer(n));
	json_object_set_new(ev->body, "drill",
	    json_boolean(cmd_args_get(a, "drill") != NULL));
	cmd_new_zone(a, ev);
	if ((restricted = cmd_args_value(a, "restricted")) != NULL)
		json_object_set_new(ev->body, "restricted",
		    json_string(restricted));
	free(restricted);
	free(title);
	return ev;
}

/* Say which incident was declared and who commands it. */
void cmd_new_report(struct cmd_session *s, const struct event *ev,
    int64_t seq)
{
	const char *restricted = event_str(ev, "restricted");
	char *safe = cmd_print_safe(event_str(ev, "title"));
	char *group = restricted != NULL ? cmd_print_safe(restricted) : NULL;

	printf("%s declared (SEV%d%s%s%s): %s — you are the incident "
	    "commander\n", ev->incident, (int)event_int(ev, "severity"),
	    json_is_true(json_object_get(ev->body, "drill")) ? ", DRILL" : "",
	    group != NULL ? ", restricted to " : "",
	    group != NULL ? group : "", safe);
	free(group);
	free(safe);
}
