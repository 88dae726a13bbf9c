/* cmd-metrics.c: `sitrep metrics`, figures across the store's incidents
 * (metrics.h): the whole store's history is folded once, and the
 * category of every contributing factor kept on the way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "export.h"
#include "metrics.h"
#include "sitrep.h"
#include "when.h"
#include "xmalloc.h"


/* A contributing factor seen in the history. */
struct cmd_metrics_factor {
	char *incident;
	int64_t seq;
	char *category;  /* NULL: none given */
};

/* The fold of the store and its factors. */
struct cmd_metrics {
	struct model m;
	struct cmd_metrics_factor *factors;
	size_t nfactors;
};

/* Fold each event; keep each factor's category. */
static int cmd_metrics_event(const struct event *ev, void *arg)
{
	struct cmd_metrics *cm = arg;
	struct cmd_metrics_factor *f;
	const char *cat;

	if (ev == NULL)
		return 0;
	model_apply(&cm->m, ev);
	if (ev->kind != EV_FACTOR || ev->incident == NULL)
		return 0;
	cm->factors = xreallocarray(cm->factors, cm->nfactors + 1,
	    sizeof *cm->factors);
	f = &cm->factors[cm->nfactors++];
	f->incident = xstrdup(ev->incident);
	f->seq = ev->seq;
	cat = event_str(ev, "category");
	f->category = cat != NULL && *cat != '\0' ? xstrdup(cat) : NULL;
	return 0;
}

/* Count one incident with the categories of its factors not struck. */
static void cmd_metrics_incident(struct cmd_metrics *cm, struct metrics *mx,
    const struct model_incident *inc)
{
	const char **cats = xreallocarray(NULL, cm->nfactors + 1, sizeof *cats);
	const struct model_entry *e;
	size_t i, n = 0;

	for (i = 0; i < cm->nfactors; i++) {
		if (strcmp(cm->factors[i].incident, inc->ref) != 0)
			continue;
		e = model_entry_find(inc, cm->factors[i].seq);
		if (e == NULL || !e->struck)
			cats[n++] = cm->factors[i].category;
	}
	metrics_add(mx, inc, cats, n);
	free(cats);
}

/* Print the figures, for people or as JSON. */
static int cmd_metrics_print(struct metrics *mx, int json)
{
	json_t *j;
	char *s;

	if (!json) {
		metrics_print(mx, stdout);
		return SR_EXIT_OK;
	}
	j = metrics_json(mx);
	s = export_json_dump(j);
	json_decref(j);
	if (s != NULL)
		printf("%s\n", s);
	free(s);
	return SR_EXIT_OK;
}

/* Free the fold and the factors. */
static void cmd_metrics_free(struct cmd_metrics *cm)
{
	size_t i;

	for (i = 0; i < cm->nfactors; i++) {
		free(cm->factors[i].incident);
		free(cm->factors[i].category);
	}
	free(cm->factors);
	model_free(&cm->m);
}

/* Fold the store, count, print. */
static int cmd_metrics_run(const struct cmd_globals *g, int64_t since,
    int json)
{
	struct cmd_session *s;
	struct cmd_metrics cm;
	struct metrics mx;
	size_t i;
	int status;

	memset(&cm, 0, sizeof cm);
	model_init(&cm.m);
	if ((s = cmd_session_open(g, 1, &status)) != NULL) {
		status = cmd_session_subscribe(s, "*", 0, 0, cmd_metrics_event,
		    &cm);
		cmd_session_close(s);
	}
	if (status == SR_EXIT_OK) {
		metrics_init(&mx, since, when_now());
		for (i = 0; i < cm.m.nincidents; i++)
			cmd_metrics_incident(&cm, &mx, cm.m.incidents[i]);
		status = cmd_metrics_print(&mx, json);
		metrics_free(&mx);
	}
	cmd_metrics_free(&cm);
	return status;
}

/* sitrep metrics [--since DATE] [--json] */
int cmd_metrics_exec(const struct cmd_globals *g, struct cmd_args *a)
{
	const char *v = cmd_args_get(a, "since");
	int64_t since = 0;
	char *cause = NULL;
	int status;

	if (v != NULL && when_parse(v, when_now(), WHEN_PAST, &since,
	    &cause) != 0) {
		status = cmd_usage_error(a->entry->name, "--since: %s", cause);
		free(cause);
		return status;
	}
	if (a->argc != 0)
		return cmd_usage_error(a->entry->name, "metrics takes no "
		    "arguments");
	return cmd_metrics_run(g, since, cmd_args_get(a, "json") != NULL);
}
