/* cmd-fix.c: corrections that keep the original, and hindsight: amend,
 * strike, annotate. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep.h"
#include "text.h"
#include "xmalloc.h"

/* An event of kind for INC SEQ, with body.reason from --reason when
 * reason (then it is required) and body.text from the words after SEQ
 * when text. */
static struct event *cmd_fix_event(const struct cmd_args *a,
    enum event_kind kind, int reason, int text, char **cause)
{
	char *why = reason ? cmd_args_value(a, "reason") : NULL;
	struct event *ev;

	if ((ev = cmd_args_event(a, kind, text ? 2 : -1, cause)) == NULL)
		goto fail;
	if (a->argc < 2 || cmd_parse_seq(a->argv[1], &ev->target) != 0) {
		*cause = xstrdup("give the number (#SEQ) of the entry");
		goto fail;
	}
	if (reason && why == NULL) {
		*cause = xstrdup("say why with --reason; the original stays "
		    "visible next to it");
		goto fail;
	}
	if (!text && a->argc > 2) {
		*cause = xasprintf("unexpected \"%s\"; quote the --reason",
		    a->argv[2]);
		goto fail;
	}
	if (why != NULL)
		json_object_set_new(ev->body, "reason", json_string(why));
	free(why);
	return ev;

fail:
	event_free(ev);
	free(why);
	return NULL;
}

/* amend INC SEQ TEXT… --reason TEXT */
struct event *cmd_fix_amend_build(const struct cmd_args *a, char **cause)
{
	return cmd_fix_event(a, EV_AMEND, 1, 1, cause);
}

/* strike INC SEQ --reason TEXT */
struct event *cmd_fix_strike_build(const struct cmd_args *a, char **cause)
{
	return cmd_fix_event(a, EV_STRIKE, 1, 0, cause);
}

/* annotate INC SEQ TEXT… */
struct event *cmd_fix_annotate_build(const struct cmd_args *a, char **cause)
{
	struct event *ev = cmd_fix_event(a, EV_ANNOTATION, 0, 1, cause);

	if (ev != NULL && cmd_args_get(a, "dismiss") != NULL)
		json_object_set_new(ev->body, "triage",
		    json_string("dismissed"));
	return ev;
}

/* Say which entry was corrected or annotated. */
void cmd_fix_report(struct cmd_session *s, const struct event *ev,
    int64_t seq)
{
	const char *what = ev->kind == EV_AMEND ? "amended" :
	    ev->kind == EV_STRIKE ? "struck" :
	    event_str(ev, "triage") != NULL ? "dismissed parked thought" :
	    "annotated";

	printf("#%" PRId64 " %s #%" PRId64 " in %s\n", seq, what, ev->target,
	    ev->incident);
}
