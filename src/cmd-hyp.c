/* cmd-hyp.c: `sitrep hyp`, open hypotheses and set their state. */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep.h"
#include "text.h"
#include "xmalloc.h"

static const struct option cmd_hyp_options[] = {
	{ "note", required_argument, NULL, 'n' },
	{ NULL, 0, NULL, 0 }
};

/* Open a hypothesis and print its number. */
static int cmd_hyp_open(const struct cmd_globals *g, const char *inc,
    const char *text)
{
	struct cmd_session *s;
	struct event *ev;
	char *safe;
	int64_t seq;
	int status, id;

	if ((s = cmd_session_open(g, 1, &status)) == NULL)
		return status;
	ev = cmd_event(EV_HYP_OPEN, inc);
	json_object_set_new(ev->body, "text", json_string(text));
	if ((status = cmd_session_submit(s, ev, &seq, NULL)) == SR_EXIT_OK) {
		id = cmd_session_number(s, inc, seq);
		safe = cmd_print_safe(text);
		if (id > 0)
			printf("#%" PRId64 " H%d opened in %s: %s\n", seq, id,
			    inc, safe);
		else
			printf("#%" PRId64 " hypothesis opened in %s: %s\n",
			    seq, inc, safe);
		free(safe);
	}
	cmd_session_close(s);
	return status;
}

/* Set hypothesis N (argv: N STATE) to a state, with a note. */
static int cmd_hyp_set(const struct cmd_globals *g, const char *verb,
    const char *inc, char **argv, const char *note)
{
	struct event *ev;
	const char *n = argv[0];
	int64_t seq;
	int id, st, status;

	if (*n == 'H' || *n == 'h')
		n++;
	if (cmd_parse_int(n, 1, INT_MAX, 0, &id) != 0)
		return cmd_usage_error(verb, "N is the hypothesis number, such "
		    "as 2 or H2 (`sitrep show` lists them)");
	if ((st = model_hyp_state_parse(argv[1])) < 0)
		return cmd_usage_error(verb, "the state is open, "
		    "investigating, supported, ruled-out or confirmed");
	ev = cmd_event(EV_HYP_SET, inc);
	json_object_set_new(ev->body, "id", json_integer(id));
	json_object_set_new(ev->body, "state",
	    json_string(model_hyp_state_name(st)));
	if (note != NULL && *note != '\0')
		json_object_set_new(ev->body, "note", json_string(note));
	if ((status = cmd_session_submit_once(g, ev, &seq, NULL)) == SR_EXIT_OK)
		printf("#%" PRId64 " H%d is now %s in %s\n", seq, id,
		    model_hyp_state_name(st), inc);
	return status;
}

/* Dispatch open / set. */
static int cmd_hyp_sub(const struct cmd_globals *g, int argc, char **argv,
    const char *inc, const char *note)
{
	char *text = NULL;
	int status;

	if (optind >= argc)
		return cmd_usage_error(argv[0], "after INC comes open TEXT "
		    "or set N STATE");
	if (strcmp(argv[optind], "open") == 0) {
		optind++;
		if (note != NULL)
			return cmd_usage_error(argv[0], "--note goes with set");
		if ((status = cmd_arg_text(argc, argv, &text)) != SR_EXIT_OK)
			return status;
		status = cmd_hyp_open(g, inc, text);
		free(text);
		return status;
	}
	if (strcmp(argv[optind], "set") == 0) {
		if (argc - optind != 3)
			return cmd_usage_error(argv[0], "set takes N and STATE"
			    "%s", argc - optind > 3 ? "; quote the --note" :
			    "");
		return cmd_hyp_set(g, argv[0], inc, argv + optind + 1, note);
	}
	return cmd_usage_error(argv[0], "after INC comes open TEXT "
		    "or set N STATE");
}

/* sitrep hyp INC open TEXT… | INC set N STATE [--note TEXT] */
int cmd_hyp_exec(const struct cmd_globals *g0, int argc, char **argv)
{
	struct cmd_globals g = *g0;
	char *inc = NULL, *note = NULL;
	int status;

	if ((status = cmd_getopt_text(&g, argc, argv, cmd_hyp_options, 'n',
	    &note)) != -1)
		return status;
	if ((status = cmd_arg_incident(argc, argv, &inc)) == SR_EXIT_OK)
		status = cmd_hyp_sub(&g, argc, argv, inc, note);
	free(note);
	free(inc);
	return status;
}
