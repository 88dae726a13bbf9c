/* cmd-tail.c: `sitrep tail`, the timeline as it happens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep.h"
#include "text.h"
#include "xmalloc.h"

static const struct option cmd_tail_options[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "since", required_argument, NULL, 's' },
	{ "no-follow", no_argument, NULL, 'n' },
	{ NULL, 0, NULL, 0 }
};

/* What tail keeps while it prints. */
struct cmd_tail {
	const char *incident; /* NULL: every incident */
	int json;
	int64_t since;
	int synced;
	int status;
	struct model m;       /* the fold, for hypothesis numbers */
};

/* Print one event; stop when standard output is gone. */
static int cmd_tail_print(struct cmd_tail *t, const struct event *ev)
{
	json_t *j;
	char *s;

	if (t->json) {
		j = event_to_json(ev, 1);
		s = text_json(j, JSON_COMPACT);
		json_decref(j);
	} else
		s = cmd_print_line(ev, &t->m);
	if (s != NULL)
		printf("%s\n", s);
	free(s);
	if (fflush(stdout) != 0 || ferror(stdout))
		return 1;
	return 0;
}

/* Each event (NULL: history sent): fold, print. */
static int cmd_tail_event(const struct event *ev, void *arg)
{
	struct cmd_tail *t = arg;

	if (ev != NULL) {
		model_apply(&t->m, ev);
		return cmd_tail_print(t, ev);
	}
	if (!t->synced && t->incident != NULL && t->since == 0 &&
	    model_find(&t->m, t->incident) == NULL) {
		fprintf(stderr, "sitrep: there is no incident %s; `sitrep ls "
		    "--all` lists them\n", t->incident);
		t->status = SR_EXIT_REFUSED;
		return 1;
	}
	t->synced = 1;
	return 0;
}

/* Subscribe and print until synced, or until interrupted. */
static int cmd_tail_run(const struct cmd_globals *g, struct cmd_tail *t,
    int follow)
{
	struct cmd_session *s;
	int status;

	if ((s = cmd_session_open(g, 1, &status)) == NULL)
		return status;
	model_init(&t->m);
	status = cmd_session_subscribe(s, t->incident ? t->incident : "*",
	    t->since, follow, cmd_tail_event, t);
	model_free(&t->m);
	cmd_session_close(s);
	if (status == SR_EXIT_OK)
		status = t->status;
	return status;
}

/* sitrep tail INC|all [--json] [--since SEQ] [--no-follow] */
int cmd_tail_exec(const struct cmd_globals *g0, int argc, char **argv)
{
	struct cmd_globals g = *g0;
	struct cmd_tail t;
	char *inc = NULL;
	int ch, follow = 1, status;

	memset(&t, 0, sizeof t);
	while ((ch = cmd_getopt(argc, argv, "", cmd_tail_options, &g)) != -1) {
		if (ch == 'h')
			return cmd_help(argv[0]);
		else if (ch == 'j')
			t.json = 1;
		else if (ch == 'n')
			follow = 0;
		else if (ch == 's' && cmd_parse_seq(optarg, &t.since) != 0 &&
		    strcmp(optarg, "0") != 0)
			return cmd_usage_error(argv[0], "--since takes a seq "
			    "such as 120");
		else if (ch != 's')
			return cmd_usage(argv[0]);
	}
	if (optind < argc && (strcmp(argv[optind], "all") == 0 ||
	    strcmp(argv[optind], "*") == 0)) {
		if (argc - optind != 1)
			return cmd_usage_error(argv[0], "one incident, or all");
		return cmd_tail_run(&g, &t, follow);
	}
	if ((status = cmd_arg_incident(argc, argv, &inc)) != SR_EXIT_OK)
		return status;
	if (optind != argc)
		status = cmd_usage_error(argv[0], "one incident, or all");
	else {
		t.incident = inc;
		status = cmd_tail_run(&g, &t, follow);
	}
	free(inc);
	return status;
}
