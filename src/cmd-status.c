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

/* An event of kind for INC and the one word after it; NULL and *cause
 * ("give one what", then more after more words) when there is not one. */
static struct event *cmd_status_event(const struct cmd_args *a,
    enum event_kind kind, const char *what, const char *more, char **cause)
{
	struct event *ev;

	if ((ev = cmd_args_event(a, kind, -1, cause)) == NULL)
		return NULL;
	if (a->argc == 2)
		return ev;
	*cause = xasprintf("give one %s%s", what, a->argc > 2 ? more : "");
	event_free(ev);
	return NULL;
}

/* status INC STATUS [--reason TEXT] */
struct event *cmd_status_build(const struct cmd_args *a, char **cause)
{
	struct event *ev;
	char *reason;
	int st;

	if ((ev = cmd_status_event(a, EV_STATUS, "status",
	    "; quote the --reason", cause)) == NULL)
		return NULL;
	if ((st = model_status_parse(a->argv[1])) < 0) {
		*cause = xstrdup("the status is investigating, identified, "
		    "monitoring, resolved, analysis or closed");
		event_free(ev);
		return NULL;
	}
	json_object_set_new(ev->body, "status",
	    json_string(model_status_name(st)));
	if ((reason = cmd_args_value(a, "reason")) != NULL)
		json_object_set_new(ev->body, "reason", json_string(reason));
	free(reason);
	return ev;
}

/* mark INC MARK [--at TIME] */
struct event *cmd_status_mark_build(const struct cmd_args *a, char **cause)
{
	struct event *ev;
	int mk;

	if ((ev = cmd_status_event(a, EV_MARK, "mark", "", cause)) == NULL)
		return NULL;
	if ((mk = model_mark_parse(a->argv[1])) < 0) {
		*cause = xstrdup("the mark is impact-start, detected, "
		    "mitigated or resolved");
		event_free(ev);
		return NULL;
	}
	json_object_set_new(ev->body, "mark", json_string(model_mark_name(mk)));
	if (cmd_args_time(a, "at", WHEN_PAST, &ev->occurred_at, cause) != 0) {
		event_free(ev);
		return NULL;
	}
	return ev;
}

/* sev INC N */
struct event *cmd_status_sev_build(const struct cmd_args *a, char **cause)
{
	struct event *ev;
	int sev;

	if ((ev = cmd_args_event(a, EV_INCIDENT_UPDATE, -1, cause)) == NULL)
		return NULL;
	if (a->argc != 2 || cmd_parse_int(a->argv[1], 1, 4, 1, &sev) != 0) {
		*cause = xstrdup("the severity is 1 (worst) to 4, or SEV1 to "
		    "SEV4");
		event_free(ev);
		return NULL;
	}
	json_object_set_new(ev->body, "severity", json_integer(sev));
	return ev;
}

/* retitle INC TITLE… */
struct event *cmd_status_retitle_build(const struct cmd_args *a,
    char **cause)
{
	struct event *ev;
	char *title;

	if ((ev = cmd_args_event(a, EV_INCIDENT_UPDATE, -1, cause)) == NULL)
		return NULL;
	if ((title = cmd_args_text(a, 1, cause)) == NULL) {
		event_free(ev);
		return NULL;
	}
	json_object_set_new(ev->body, "title", json_string(title));
	free(title);
	return ev;
}

/* What the incident's state is now (sanitized; new string). */
static char *cmd_status_now(const struct event *ev)
{
	const char *st = event_str(ev, "status");
	char *hm, *safe, *what;

	if (ev->kind == EV_STATUS)
		return xasprintf("%s is now %s%s", ev->incident,
		    strcmp(st, "analysis") == 0 ? "in " : "", st);
	if (ev->kind == EV_MARK) {
		hm = when_format_hm(ev->occurred_at != 0 ? ev->occurred_at :
		    when_now());
		what = xasprintf("%s of %s set at %s", event_str(ev, "mark"),
		    ev->incident, hm);
		free(hm);
		return what;
	}
	if (event_str(ev, "title") == NULL)
		return xasprintf("%s is now SEV%d", ev->incident,
		    (int)event_int(ev, "severity"));
	safe = cmd_print_safe(event_str(ev, "title"));
	what = xasprintf("%s is now titled: %s", ev->incident, safe);
	free(safe);
	return what;
}

/* Say what the incident's state is now. */
void cmd_status_report(struct cmd_session *s, const struct event *ev,
    int64_t seq)
{
	char *what = cmd_status_now(ev);

	printf("#%" PRId64 " %s\n", seq, what);
	free(what);
}
