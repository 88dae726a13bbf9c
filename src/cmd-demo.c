/* cmd-demo.c: `sitrep demo`, a realistic drill driven through the server.
 *
 * The story: release 2026.11.3 of checkout-service adds an un-indexed query
 * that runs thousands of times a second on the primary database. It is told
 * as the events a team would record, back-dated over the last ~95 minutes,
 * each submitted like any other verb's, so the rules check every one.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep.h"
#include "when.h"
#include "xmalloc.h"

#define DEMO_TITLE "Checkout latency after release 2026.11.3"

/* One event of the story. In body, @PEER@ is --peer (steps naming it are
 * left out without one: names must be real users), @ME@ is you and
 * @#label@ the seq of the step labelled label. */
struct cmd_demo_step {
	int ago;              /* minutes before now it happened */
	enum event_kind kind;
	const char *body;     /* JSON object */
	const char *label;    /* a name other steps can point at */
	const char *target;   /* amend/strike: the label pointed at */
	const char *refs;     /* JSON array, or NULL */
	const char *tags;
	int due_days;         /* follow-up: due in this many days */
};

static const struct cmd_demo_step cmd_demo_story[] = {
	{ 95, EV_ENTRY, "{\"type\":\"change\",\"text\":\"Release 2026.11.3 of "
	  "checkout-service deployed to production\"}", NULL, NULL,
	  "[\"deploy:4711\"]", "[\"checkout\"]", 0 },
	{ 92, EV_MARK, "{\"mark\":\"impact-start\"}", NULL, NULL, NULL, NULL,
	  0 },
	{ 86, EV_MARK, "{\"mark\":\"detected\"}", NULL, NULL, NULL, NULL, 0 },
	{ 86, EV_ENTRY, "{\"type\":\"observation\",\"text\":\"Alert: checkout "
	  "p99 latency above 2 s for 5 minutes (SLO 800 ms)\"}", NULL, NULL,
	  "[\"alert:CHK-P99\"]", "[\"checkout\"]", 0 },
	{ 79, EV_ROLE_ASSIGN, "{\"role\":\"scribe\",\"user\":\"@ME@\"}", NULL,
	  NULL, NULL, NULL, 0 },
	{ 79, EV_ROLE_ASSIGN, "{\"role\":\"ops\",\"user\":\"@ME@\"}", NULL, NULL,
	  NULL, NULL, 0 },
	{ 78, EV_ROLE_ASSIGN, "{\"role\":\"comms\",\"user\":\"@ME@\"}", NULL,
	  NULL, NULL, NULL, 0 },
	{ 77, EV_ENTRY, "{\"type\":\"observation\",\"text\":\"p99 checkout "
	  "latency 4.2 s; 3% of checkouts time out\"}", NULL, NULL, NULL,
	  "[\"checkout\"]", 0 },
	{ 76, EV_ENTRY, "{\"type\":\"observation\",\"text\":\"Primary DB CPU "
	  "at 59%, connections 480/500\"}", "cpu", NULL, NULL, "[\"db\"]", 0 },
	{ 75, EV_ENTRY, "{\"type\":\"observation\",\"text\":\"Error rate 30% "
	  "on the payment API\"}", "err", NULL, NULL, "[\"payments\"]", 0 },
	{ 74, EV_HYP_OPEN, "{\"text\":\"CDN degradation slows the checkout "
	  "page\"}", NULL, NULL, NULL, NULL, 0 },
	{ 73, EV_HYP_OPEN, "{\"text\":\"DB connection pool exhaustion in "
	  "checkout-service\"}", NULL, NULL, NULL, NULL, 0 },
	{ 72, EV_HYP_OPEN, "{\"text\":\"Release 2026.11.3 added an un-indexed "
	  "query on the primary database\"}", NULL, NULL, "[\"deploy:4711\"]",
	  NULL, 0 },
	{ 70, EV_UPDATE, "{\"impact\":\"About a third of checkouts take over "
	  "4 s; 3% time out\",\"known\":\"Latency began about 10 minutes "
	  "after release 2026.11.3; primary DB CPU is at 95%\",\"unknown\":"
	  "\"Whether the release, the CDN or the DB pool is the cause\","
	  "\"confidence\":\"suspected\",\"actions\":\"Checking CDN health; "
	  "profiling DB queries\",\"needs\":\"A DBA on the bridge\","
	  "\"audience\":\"internal\"}", NULL, NULL, NULL, NULL, 0 },
	{ 69, EV_AMEND, "{\"text\":\"Primary DB CPU at 95%, connections "
	  "480/500\",\"reason\":\"typo: 95%, not 59%\"}", NULL, "cpu", NULL,
	  NULL, 0 },
	{ 68, EV_STRIKE, "{\"reason\":\"misread the dashboard: that graph was "
	  "staging\"}", NULL, "err", NULL, NULL, 0 },
	{ 67, EV_HYP_SET, "{\"id\":1,\"state\":\"investigating\"}", NULL, NULL,
	  NULL, NULL, 0 },
	{ 64, EV_HYP_SET, "{\"id\":1,\"state\":\"ruled-out\",\"note\":\"CDN "
	  "edge latency and cache hit rate are normal\"}", NULL, NULL, NULL,
	  NULL, 0 },
	{ 63, EV_HYP_SET, "{\"id\":3,\"state\":\"investigating\"}", NULL, NULL,
	  NULL, NULL, 0 },
	{ 63, EV_HYP_SET, "{\"id\":2,\"state\":\"investigating\"}", NULL, NULL,
	  NULL, NULL, 0 },
	{ 62, EV_ENTRY, "{\"type\":\"observation\",\"text\":"
	  "\"pg_stat_statements: a new SELECT on cart_items by session_token "
	  "runs 2,300 times/s as a sequential scan, first seen at the "
	  "deploy\"}", "scan", NULL,
	  "[\"deploy:4711\"]", "[\"db\",\"checkout\"]", 0 },
	{ 61, EV_HYP_SET, "{\"id\":3,\"state\":\"supported\",\"note\":\"the "
	  "query arrived with the release\"}", NULL, NULL, NULL, NULL, 0 },
	{ 60, EV_HYP_SET, "{\"id\":2,\"state\":\"supported\",\"note\":\"the "
	  "pool is saturated, but as a symptom of the slow queries\"}", NULL,
	  NULL, NULL, NULL, 0 },
	{ 59, EV_STATUS, "{\"status\":\"identified\"}", NULL, NULL, NULL, NULL,
	  0 },
	{ 58, EV_UPDATE, "{\"impact\":\"About a third of checkouts take over "
	  "4 s; 3% time out\",\"known\":\"Release 2026.11.3 runs an "
	  "un-indexed cart_items lookup thousands of times per second\","
	  "\"unknown\":\"Whether a rollback alone clears the connection "
	  "backlog\",\"confidence\":\"likely\",\"actions\":\"Rolling back "
	  "checkout-service to 2026.11.2\",\"needs\":\"\",\"audience\":"
	  "\"internal\"}", NULL, NULL, NULL, NULL, 0 },
	{ 57, EV_ENTRY, "{\"type\":\"decision\",\"text\":\"Roll back "
	  "checkout-service to 2026.11.2 rather than add an index under "
	  "load\"}", NULL, NULL, NULL, "[\"checkout\"]", 0 },
	{ 56, EV_PARK, "{\"text\":\"Why did the load test miss this? Staging "
	  "has about 1% of the production cart rows.\"}", "park", NULL, NULL,
	  NULL, 0 },
	{ 55, EV_ENTRY, "{\"type\":\"action\",\"text\":\"Rollback of "
	  "checkout-service to 2026.11.2 started\"}", NULL, NULL,
	  "[\"deploy:4711\"]", "[\"checkout\"]", 0 },
	{ 54, EV_CMD_OFFER, "{\"to\":\"@PEER@\",\"brief\":\"\"}", NULL, NULL,
	  NULL, NULL, 0 },
	{ 50, EV_CMD_WITHDRAW, "{}", NULL, NULL, NULL, NULL, 0 },
	{ 50, EV_ENTRY, "{\"type\":\"note\",\"text\":\"Handoff to @PEER@ "
	  "withdrawn: paged for another incident; @ME@ keeps command\"}",
	  NULL, NULL, NULL, NULL, 0 },
	{ 48, EV_ENTRY, "{\"type\":\"change\",\"text\":\"checkout-service "
	  "2026.11.2 live on all nodes; rollback complete\"}", NULL, NULL,
	  "[\"deploy:4712\"]", "[\"checkout\"]", 0 },
	{ 46, EV_ENTRY, "{\"type\":\"observation\",\"text\":\"p99 checkout "
	  "latency back to 620 ms; DB CPU 35%; no timeouts\"}", NULL, NULL,
	  NULL, "[\"checkout\"]", 0 },
	{ 46, EV_MARK, "{\"mark\":\"mitigated\"}", NULL, NULL, NULL, NULL, 0 },
	{ 45, EV_STATUS, "{\"status\":\"monitoring\"}", NULL, NULL, NULL, NULL,
	  0 },
	{ 44, EV_HYP_SET, "{\"id\":3,\"state\":\"confirmed\",\"note\":"
	  "\"EXPLAIN shows a sequential scan on cart_items: migration 0142 "
	  "has no index\"}", NULL, NULL, NULL, NULL, 0 },
	{ 43, EV_UPDATE, "{\"impact\":\"Checkouts were slow or timed out for "
	  "about 45 minutes; none since the rollback\",\"known\":\"An "
	  "un-indexed query in release 2026.11.3 overloaded the primary "
	  "database; 2026.11.2 is back in production\",\"unknown\":\"\","
	  "\"confidence\":\"confirmed\",\"actions\":\"Watching latency and "
	  "DB load for 30 minutes\",\"needs\":\"\",\"audience\":\"external\"}",
	  NULL, NULL, NULL, NULL, 0 },
	{ 42, EV_ENTRY, "{\"type\":\"comms\",\"text\":\"Status page: checkout "
	  "is working normally again; we keep monitoring\"}", NULL, NULL,
	  NULL, NULL, 0 },
	{ 15, EV_STATUS, "{\"status\":\"resolved\"}", NULL, NULL, NULL, NULL,
	  0 },
	{ 10, EV_FACTOR, "{\"text\":\"Migration 0142 created the cart_items "
	  "lookup without an index; staging data (1% of production) hid its "
	  "cost\",\"category\":\"code\",\"entries\":[@#scan@]}", NULL, NULL,
	  NULL, NULL, 0 },
	{ 9, EV_FOLLOWUP, "{\"text\":\"Check query plans of new queries in "
	  "CI\",\"owner\":\"team-checkout\"}", NULL, NULL, NULL, NULL, 14 },
	{ 8, EV_FOLLOWUP, "{\"text\":\"Seed staging with production-scale cart "
	  "data\",\"owner\":\"team-platform\",\"from_park\":@#park@}", NULL,
	  NULL, NULL, NULL, 30 },
	{ 7, EV_SUMMARY, "{\"section\":\"went-well\",\"text\":\"The "
	  "rollback was ready in minutes and cleared the latency at once\"}",
	  NULL, NULL, NULL, NULL, 0 },
	{ 6, EV_SUMMARY, "{\"section\":\"missing-info\",\"text\":\"Nothing "
	  "showed a new query's plan before it reached production\"}", NULL,
	  NULL, NULL, NULL, 0 },
};

#define CMD_DEMO_STEPS (sizeof cmd_demo_story / sizeof cmd_demo_story[0])

/* What the story needs as it goes. */
struct cmd_demo {
	struct cmd_session *s;
	const char *peer;
	char *incident;
	int64_t now;
	size_t recorded;      /* events recorded, the declaration included */
	int64_t seqs[CMD_DEMO_STEPS];
};

/* Replace every from in s by to (new string). */
static char *cmd_demo_subst(const char *s, const char *from, const char *to)
{
	const char *p;
	char *out = xstrdup(""), *next;

	while ((p = strstr(s, from)) != NULL) {
		next = xasprintf("%s%.*s%s", out, (int)(p - s), s, to);
		free(out);
		out = next;
		s = p + strlen(from);
	}
	next = xasprintf("%s%s", out, s);
	free(out);
	return next;
}

/* The seq of the step labelled label, or 0. */
static int64_t cmd_demo_target(const struct cmd_demo *d, const char *label)
{
	size_t i;

	for (i = 0; i < CMD_DEMO_STEPS; i++) {
		if (cmd_demo_story[i].label != NULL &&
		    strcmp(cmd_demo_story[i].label, label) == 0)
			return d->seqs[i];
	}
	return 0;
}

/* Replace "@#label@" in s by the seq recorded for the step label (new
 * string). */
static char *cmd_demo_label(const char *s, const char *label, int64_t seq)
{
	char *token = xasprintf("@#%s@", label), *num, *out;

	num = xasprintf("%" PRId64, seq);
	out = cmd_demo_subst(s, token, num);
	free(num);
	free(token);
	return out;
}

/* Build the event of step i. */
static struct event *cmd_demo_event(const struct cmd_demo *d, size_t i)
{
	const struct cmd_demo_step *st = &cmd_demo_story[i];
	struct event *ev = cmd_event(st->kind, d->incident);
	char *a = cmd_demo_subst(st->body, "@PEER@", d->peer ? d->peer : "");
	char *b = cmd_demo_subst(a, "@ME@", cmd_session_user(d->s));
	size_t k;

	for (k = 0; k < CMD_DEMO_STEPS; k++) {
		if (cmd_demo_story[k].label == NULL)
			continue;
		free(a);
		a = b;
		b = cmd_demo_label(a, cmd_demo_story[k].label, d->seqs[k]);
	}

	json_decref(ev->body);
	ev->body = json_loads(b, 0, NULL);
	ev->occurred_at = d->now - (int64_t)st->ago * 60000;
	if (st->target != NULL)
		ev->target = cmd_demo_target(d, st->target);
	if (st->refs != NULL)
		ev->refs = json_loads(st->refs, 0, NULL);
	if (st->tags != NULL)
		ev->tags = json_loads(st->tags, 0, NULL);
	if (st->due_days > 0)
		json_object_set_new(ev->body, "due", json_integer(d->now +
		    (int64_t)st->due_days * 86400000));
	free(b);
	free(a);
	return ev;
}

/* Declare the drill, back-dated. */
static int cmd_demo_declare(struct cmd_demo *d)
{
	struct event *ev = cmd_event(EV_DECLARE, NULL);
	int64_t seq;
	int status;

	json_object_set_new(ev->body, "title", json_string(DEMO_TITLE));
	json_object_set_new(ev->body, "severity", json_integer(2));
	json_object_set_new(ev->body, "drill", json_true());
	ev->occurred_at = d->now - 80 * 60000;
	status = cmd_session_submit(d->s, ev, &seq, &d->incident);
	d->recorded = 1;
	if (status == SR_EXIT_OK)
		printf("%s declared (SEV2, DRILL): %s — you are the incident "
		    "commander\n", d->incident, DEMO_TITLE);
	return status;
}

/* 1 when a step is part of the handoff to --peer. */
static int cmd_demo_needs_peer(const struct cmd_demo_step *st)
{
	return strstr(st->body, "@PEER@") != NULL ||
	    st->kind == EV_CMD_WITHDRAW;
}

/* Tell the story, step by step; stop at the first refusal. */
static int cmd_demo_story_run(struct cmd_demo *d)
{
	size_t i;
	int status;

	if ((status = cmd_demo_declare(d)) != SR_EXIT_OK)
		return status;
	for (i = 0; i < CMD_DEMO_STEPS; i++) {
		if (d->peer == NULL && cmd_demo_needs_peer(&cmd_demo_story[i]))
			continue;
		status = cmd_session_submit(d->s, cmd_demo_event(d, i),
		    &d->seqs[i], NULL);
		d->recorded++;
		if (status != SR_EXIT_OK) {
			fprintf(stderr, "sitrep: the demo stopped at step %zu "
			    "(%s)\n", i + 1,
			    event_kind_name(cmd_demo_story[i].kind));
			return status;
		}
	}
	return SR_EXIT_OK;
}

/* What to look at next. */
static void cmd_demo_hints(const struct cmd_demo *d)
{
	const char *inc = d->incident;

	printf("recorded %zu events, back-dated over the last 95 minutes: "
	    "detection, roles,\nhypotheses ruled out and confirmed, updates "
	    "from suspected to confirmed,\na rollback, %sresolved, then the "
	    "first analysis.\n\n", d->recorded, d->peer != NULL ?
	    "a withdrawn handoff, " : "");
	printf("  sitrep show %s              the incident as it stands\n",
	    inc);
	printf("  sitrep tail %s --no-follow  the whole timeline\n", inc);
	printf("  sitrep search rollback         full-text search\n\n");
	printf("A real handoff needs a second person: run `sitrep handoff %s "
	    "USER`,\nthen, as that OS user, `sitrep accept %s`.\n", inc, inc);
}

/* 1 when s is a plausible user name (letters, digits, . _ -). */
static int cmd_demo_name_ok(const char *s)
{
	return *s != '\0' && strlen(s) <= SR_MAX_NAME &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._-") == strlen(s);
}

/* sitrep demo [--peer USER] */
int cmd_demo_exec(const struct cmd_globals *g, struct cmd_args *a)
{
	const char *peer = cmd_args_get(a, "peer");
	struct cmd_demo d;
	int status;

	memset(&d, 0, sizeof d);
	d.peer = peer;
	if (a->argc != 0)
		return cmd_usage_error(a->entry->name, "demo takes no "
		    "arguments");
	if (d.peer != NULL && !cmd_demo_name_ok(d.peer))
		return cmd_usage_error(a->entry->name, "--peer takes a user "
		    "name");
	if ((d.s = cmd_session_open(g, 1, &status)) == NULL)
		return status;
	d.now = when_now();
	if ((status = cmd_demo_story_run(&d)) == SR_EXIT_OK)
		cmd_demo_hints(&d);
	cmd_session_close(d.s);
	free(d.incident);
	return status;
}
