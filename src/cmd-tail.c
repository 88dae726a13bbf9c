/* cmd-tail.c: `sitrep tail`, the timeline as it happens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep.h"
#include "text.h"
#include "xmalloc.h"

/* What tail keeps while it prints. */
struct cmd_tail {
	const char *incident; /* NULL: every incident */
	int json;
	int64_t since;
	int synced;
	int status;
	int by_time;          /* the history in the order things happened */
	struct event **held;  /* by_time: the history, until synced */
	size_t nheld;
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

/* Print the held history in the order things happened, and free it. */
static int cmd_tail_flush(struct cmd_tail *t)
{
	size_t i;
	int stop = 0;

	if (t->nheld == 0)
		return 0;
	qsort(t->held, t->nheld, sizeof *t->held, event_cmp_by_time);
	for (i = 0; i < t->nheld; i++) {
		if (!stop)
			stop = cmd_tail_print(t, t->held[i]);
		event_free(t->held[i]);
	}
	free(t->held);
	t->held = NULL;
	t->nheld = 0;
	return stop;
}

/* Each event (NULL: history sent): fold, print (or hold, by time). */
static int cmd_tail_event(const struct event *ev, void *arg)
{
	struct cmd_tail *t = arg;

	if (ev != NULL) {
		model_apply(&t->m, ev);
		if (!t->by_time || t->synced)
			return cmd_tail_print(t, ev);
		t->held = xreallocarray(t->held, t->nheld + 1,
		    sizeof *t->held);
		t->held[t->nheld++] = event_copy(ev);
		return 0;
	}
	if (!t->synced && cmd_tail_flush(t) != 0)
		return 1;
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
	cmd_tail_flush(t);
	model_free(&t->m);
	cmd_session_close(s);
	if (status == SR_EXIT_OK)
		status = t->status;
	return status;
}

/* sitrep tail INC|all [--json] [--since SEQ] [--no-follow] [--by-time] */
int cmd_tail_exec(const struct cmd_globals *g, struct cmd_args *a)
{
	const char *since = cmd_args_get(a, "since");
	int follow = cmd_args_get(a, "no-follow") == NULL, status;
	struct cmd_tail t;
	char *inc, *cause;

	memset(&t, 0, sizeof t);
	t.json = cmd_args_get(a, "json") != NULL;
	t.by_time = cmd_args_get(a, "by-time") != NULL;
	if (since != NULL && cmd_parse_seq(since, &t.since) != 0 &&
	    strcmp(since, "0") != 0)
		return cmd_usage_error(a->entry->name, "--since takes a seq "
		    "such as 120");
	if (a->argc > 1)
		return cmd_usage_error(a->entry->name, "one incident, or all");
	if (a->argc == 1 && (strcmp(a->argv[0], "all") == 0 ||
	    strcmp(a->argv[0], "*") == 0))
		return cmd_tail_run(g, &t, follow);
	if ((inc = cmd_args_incident(a, 0, &cause)) == NULL) {
		status = cmd_usage_error(a->entry->name, "%s", cause);
		free(cause);
		return status;
	}
	t.incident = inc;
	status = cmd_tail_run(g, &t, follow);
	free(inc);
	return status;
}
