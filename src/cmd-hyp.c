/* cmd-hyp.c: `hyp`, open hypotheses and set their state. */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep.h"
#include "text.h"
#include "xmalloc.h"

/* Hypothesis N (argv[2]) to STATE (argv[3]) in ev, with a note. */
static int cmd_hyp_set(const struct cmd_args *a, struct event *ev,
    char **cause)
{
	const char *n = a->argv[2];
	char *note;
	int id, st;

	if (*n == 'H' || *n == 'h')
		n++;
	if (cmd_parse_int(n, 1, INT_MAX, 0, &id) != 0) {
		*cause = xstrdup("N is the hypothesis number, such as 2 or H2");
		return -1;
	}
	if ((st = model_hyp_state_parse(a->argv[3])) < 0) {
		*cause = xstrdup("the state is open, investigating, supported, "
		    "ruled-out or confirmed");
		return -1;
	}
	json_object_set_new(ev->body, "id", json_integer(id));
	json_object_set_new(ev->body, "state",
	    json_string(model_hyp_state_name(st)));
	if ((note = cmd_args_value(a, "note")) != NULL)
		json_object_set_new(ev->body, "note", json_string(note));
	free(note);
	return 0;
}

/* What comes after INC, when it is not open TEXT… or set N STATE. */
static char *cmd_hyp_wrong(const struct cmd_args *a)
{
	if (a->argc >= 2 && strcmp(a->argv[1], "set") == 0)
		return xasprintf("set takes N and STATE%s", a->argc > 4 ?
		    "; quote the --note" : "");
	if (a->argc >= 2 && strcmp(a->argv[1], "open") == 0)
		return xstrdup("--note goes with set");
	return xstrdup("hyp takes open TEXT or set N STATE");
}

/* hyp INC open TEXT… | INC set N STATE [--note TEXT] */
struct event *cmd_hyp_build(const struct cmd_args *a, char **cause)
{
	const char *sub = a->argc >= 2 ? a->argv[1] : "";
	struct event *ev;

	if (strcmp(sub, "open") == 0 && cmd_args_get(a, "note") == NULL)
		return cmd_args_event(a, EV_HYP_OPEN, 2, cause);
	if ((ev = cmd_args_event(a, EV_HYP_SET, -1, cause)) == NULL)
		return NULL;
	if (strcmp(sub, "set") != 0 || a->argc != 4)
		*cause = cmd_hyp_wrong(a);
	else if (cmd_hyp_set(a, ev, cause) == 0)
		return ev;
	event_free(ev);
	return NULL;
}

/* Say which hypothesis was opened or set. */
void cmd_hyp_report(struct cmd_session *s, const struct event *ev,
    int64_t seq)
{
	char *safe;
	int id;

	if (ev->kind == EV_HYP_SET) {
		printf("#%" PRId64 " H%d is now %s in %s\n", seq,
		    (int)event_int(ev, "id"), event_str(ev, "state"),
		    ev->incident);
		return;
	}
	id = cmd_session_number(s, ev->incident, seq);
	safe = cmd_print_safe(event_str(ev, "text"));
	if (id > 0)
		printf("#%" PRId64 " H%d opened in %s: %s\n", seq, id,
		    ev->incident, safe);
	else
		printf("#%" PRId64 " hypothesis opened in %s: %s\n", seq,
		    ev->incident, safe);
	free(safe);
}
