/* cmd-show.c: `sitrep show`, an incident folded from its history. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep.h"
#include "text.h"
#include "when.h"
#include "xmalloc.h"

/* The fold and the events it came from (for texts the fold does not keep). */
struct cmd_show {
	struct model m;
	struct event **evs;
	size_t nevs;
	int64_t now;
};

/* Keep and fold each event of the history. */
static int cmd_show_event(const struct event *ev, void *arg)
{
	struct cmd_show *sh = arg;

	if (ev == NULL)
		return 0;
	model_apply(&sh->m, ev);
	sh->evs = xreallocarray(sh->evs, sh->nevs + 1, sizeof *sh->evs);
	sh->evs[sh->nevs++] = event_copy(ev);
	return 0;
}

/* The latest event of kind pointing at target, or NULL. */
static const struct event *cmd_show_latest(const struct cmd_show *sh,
    enum event_kind kind, int64_t target)
{
	size_t i;

	for (i = sh->nevs; i > 0; i--) {
		if (sh->evs[i - 1]->kind == kind &&
		    sh->evs[i - 1]->target == target)
			return sh->evs[i - 1];
	}
	return NULL;
}

/* Print a label and a sanitized text. */
static void cmd_show_field(const char *label, const char *text)
{
	char *safe = cmd_print_safe(text);

	printf("  %-9s %s\n", label, safe);
	free(safe);
}

/* When the next update is due, or why none is. */
static void cmd_show_next(const struct model_incident *inc, int64_t now)
{
	struct model_due d;
	char *text;

	model_due(inc, now, &d);
	text = model_due_text(&d, now);
	printf("%s\n", text);
	free(text);
}

/* The incident's zone, and the reader's when it is another. */
static void cmd_show_zone(const struct model_incident *inc)
{
	char *mine = when_zone_local(), *zone = cmd_print_safe(model_zone(inc));

	if (strcmp(mine, model_zone(inc)) == 0)
		printf("zone: %s\n", zone);
	else
		printf("zone: %s (times here are in %s)\n", zone, mine);
	free(zone);
	free(mine);
}

/* The header: ref, title, severity, status, IC, ages, missing roles. */
static void cmd_show_header(const struct model_incident *inc, int64_t now)
{
	const char *missing[ROLE_COUNT];
	char *title = cmd_print_safe(inc->title), *ic = cmd_print_safe(inc->ic);
	char *decl = when_format(inc->marks[MARK_DECLARED]), *age, *by;
	size_t i, n;

	printf("%s  %s\n", inc->ref, title);
	printf("SEV%d%s  status: %s  commander: %s\n", inc->severity,
	    inc->drill ? "  DRILL" : "", model_status_name(inc->status), ic);
	age = when_format_duration(now - inc->marks[MARK_DECLARED]);
	by = cmd_print_safe(inc->declared_by);
	printf("declared %s by %s, %s ago\n", decl, by, age);
	cmd_show_zone(inc);
	free(by);
	cmd_show_next(inc, now);
	n = model_missing_roles(inc, missing);
	for (i = 0; i < n; i++)
		printf("%s%s", i == 0 ? "missing roles: " : ", ", missing[i]);
	if (n > 0)
		printf(" (SEV%d calls for comms, ops and scribe)\n",
		    inc->severity);
	free(age);
	free(decl);
	free(ic);
	free(title);
}

/* The key instants and the durations between them, each with its
 * definition, or n/a and why. */
static void cmd_show_marks(const struct model_incident *inc)
{
	struct model_span sp;
	char *at, *d;
	int m;

	printf("\nmarks:\n");
	for (m = 0; m < MARK_COUNT; m++) {
		at = inc->marks[m] != 0 ? when_format(inc->marks[m]) :
		    xstrdup("-");
		printf("  %-13s %s\n", model_mark_name(m), at);
		free(at);
	}
	printf("durations:\n");
	for (m = 0; m < DUR_COUNT; m++) {
		model_duration(inc, (enum model_duration)m, &sp);
		d = sp.ms >= 0 ? when_format_duration(sp.ms) :
		    xasprintf("n/a (%s)", sp.na);
		printf("  %-16s %-28s = %s\n", model_duration_name(m),
		    model_duration_definition(m), d);
		free(d);
	}
}

/* Who holds which role now. */
static void cmd_show_roles(const struct model_incident *inc)
{
	const char **holders;
	char *safe;
	int r;
	size_t i;

	printf("\nroles:\n");
	cmd_show_field("commander", inc->ic);
	for (r = ROLE_COMMANDER + 1; r < ROLE_COUNT; r++) {
		holders = model_holders(inc, r);
		for (i = 0; holders[i] != NULL; i++) {
			safe = cmd_print_safe(holders[i]);
			if (i == 0)
				printf("  %-9s %s", model_role_name(r), safe);
			else
				printf(", %s", safe);
			free(safe);
		}
		if (i > 0)
			printf("\n");
		free(holders);
	}
}

/* The open command offer and its brief. */
static void cmd_show_offer(const struct model_incident *inc)
{
	char *to, *from, *at, *brief, *line, *rest;

	if (inc->offer.to == NULL)
		return;
	to = cmd_print_safe(inc->offer.to);
	from = cmd_print_safe(inc->offer.from);
	at = when_format_hm(inc->offer.at);
	printf("\ncommand offered to %s by %s at %s (#%" PRId64 "); %s stays "
	    "in command until %s accepts\n", to, from, at, inc->offer.seq,
	    from, to);
	brief = text_sanitize(inc->offer.brief ? inc->offer.brief : "",
	    TEXT_MULTILINE | text_locale_flags());
	while (*brief != '\0' && brief[strlen(brief) - 1] == '\n')
		brief[strlen(brief) - 1] = '\0';
	rest = brief;
	while ((line = strsep(&rest, "\n")) != NULL)
		printf("  | %s\n", line);
	free(brief);
	free(at);
	free(from);
	free(to);
}

/* The hypotheses with their numbers and states. */
static void cmd_show_hypotheses(const struct model_incident *inc)
{
	const struct model_hypothesis *h;
	char *text;
	size_t i;

	if (inc->nhyps == 0)
		return;
	printf("\nhypotheses (%zu open of %zu):\n",
	    model_open_hypotheses(inc), inc->nhyps);
	for (i = 0; i < inc->nhyps; i++) {
		h = &inc->hyps[i];
		text = cmd_print_safe(h->text);
		printf("  H%-3d %-13s %s%s\n", h->id,
		    model_hyp_state_name(h->state), text,
		    h->struck ? " [struck]" : "");
		free(text);
	}
}

/* The last status update, with what is known and unknown. */
static void cmd_show_update(const struct model_incident *inc)
{
	const struct model_last_update *u = &inc->last_update;
	char *at, *by;

	if (u->seq == 0) {
		printf("\nno status update yet (`sitrep update %s --help`)\n",
		    inc->ref);
		return;
	}
	at = when_format_hm(u->at);
	by = cmd_print_safe(u->by);
	printf("\nlast update (#%" PRId64 " at %s by %s, %s, %s):\n", u->seq,
	    at, by, model_confidence_name(u->confidence),
	    u->external ? "external" : "internal");
	cmd_show_field("impact", u->impact);
	cmd_show_field("known", u->known);
	cmd_show_field("unknown", u->unknown != NULL && *u->unknown != '\0' ?
	    u->unknown : "(nothing: the confidence is confirmed)");
	free(by);
	free(at);
}

/* Follow-ups: state, owner, due (past due stands out). */
static void cmd_show_followups(const struct model_incident *inc, int64_t now)
{
	const struct model_followup *f;
	char *text, *owner, *due;
	size_t i;

	printf("follow-ups:%s\n", inc->nfollowups ? "" : " none yet");
	for (i = 0; i < inc->nfollowups; i++) {
		f = &inc->followups[i];
		text = cmd_print_safe(f->text);
		owner = f->owner ? cmd_print_safe(f->owner) : xstrdup("NO OWNER");
		due = f->due ? when_format(f->due) : xstrdup("no due date");
		printf("  F%-3d %-11s %s (owner: %s, due: %s)%s%s\n", f->id,
		    model_followup_state_name(f->state), text, owner, due,
		    model_followup_past_due(f, now) ? "  PAST DUE" : "",
		    f->struck ? " [struck]" : "");
		free(due);
		free(owner);
		free(text);
	}
}

/* Contributing factors by category, with the entries that show them. */
static void cmd_show_factors(const struct model_incident *inc)
{
	const struct model_factor *f;
	char *text;
	size_t i, j;
	int c;

	printf("contributing factors:%s\n", inc->nfactors ? "" : " none yet");
	/* By category, in the categories' order; those without one last. */
	for (c = 0; c < CAT_COUNT; c++) {
		for (i = 0; i < inc->nfactors; i++) {
			f = &inc->factors[i];
			if ((int)f->category != (c + 1) % CAT_COUNT)
				continue;
			text = cmd_print_safe(f->text);
			printf("  C%-3d %-14s %s%s", f->id, *model_category_name(
			    f->category) ? model_category_name(f->category) :
			    "(no category)", text, f->struck ? " [struck]" : "");
			for (j = 0; j < f->nentries; j++)
				printf("%s#%" PRId64, j ? ", " : " (shown by ",
				    f->entries[j]);
			printf("%s\n", f->nentries ? ")" : "");
			free(text);
		}
	}
}

/* Why parked thought p was dismissed, or NULL. */
static const char *cmd_show_dismissed(const struct cmd_show *sh,
    const struct model_parked *p)
{
	size_t i;

	for (i = 0; p->triage == TRIAGE_DISMISSED && i < sh->nevs; i++)
		if (sh->evs[i]->seq == p->triage_seq)
			return event_str(sh->evs[i], "text");
	return NULL;
}

/* Parked thoughts and what became of them (why, when dismissed). */
static void cmd_show_parked(const struct cmd_show *sh,
    const struct model_incident *inc)
{
	const struct model_parked *p;
	const char *why;
	char *text, *into, *safe;
	size_t i;

	printf("parked thoughts:%s\n", inc->nparked ? "" : " none");
	for (i = 0; i < inc->nparked; i++) {
		p = &inc->parked[i];
		text = cmd_print_safe(p->text);
		into = p->triage == TRIAGE_FACTOR ? xasprintf("became C%d",
		    p->into) : p->triage == TRIAGE_FOLLOWUP ?
		    xasprintf("became F%d", p->into) : xstrdup(
		    p->triage == TRIAGE_DISMISSED ? "dismissed" : "to triage");
		why = cmd_show_dismissed(sh, p);
		safe = why != NULL ? cmd_print_safe(why) : NULL;
		printf("  #%-5" PRId64 " %-13s %s%s%s%s\n", p->seq, into, text,
		    p->struck ? " [struck]" : "", safe ? " — why: " : "",
		    safe ? safe : "");
		free(safe);
		free(into);
		free(text);
	}
}

/* The hindsight annotations (not the dismissals of parked thoughts). */
static void cmd_show_annotations(const struct cmd_show *sh)
{
	const struct event *ev;
	char *line;
	size_t i, n = 0;

	for (i = 0; i < sh->nevs; i++) {
		ev = sh->evs[i];
		if (ev->target == 0 || !kind_is(ev->kind, KIND_ANALYSIS) ||
		    kind_dismissal(ev))
			continue;
		if (n++ == 0)
			printf("annotations (hindsight, kept apart from the "
			    "timeline):\n");
		line = cmd_print_line(ev, &sh->m);
		printf("  %s\n", line);
		free(line);
	}
	if (n == 0)
		printf("annotations: none\n");
}

/* The summary, the impact and the answers to the analysis questions. */
static void cmd_show_answers(const struct model_incident *inc)
{
	char *text;
	int k;

	text = cmd_print_safe(inc->summary ? inc->summary : "(not written "
	    "yet)");
	printf("summary: %s\n", text);
	free(text);
	if (inc->impact != NULL) {
		text = cmd_print_safe(inc->impact);
		printf("impact: %s\n", text);
		free(text);
	}
	for (k = 0; k < ANS_COUNT; k++) {
		if (inc->answers[k].text == NULL)
			continue;
		text = cmd_print_safe(inc->answers[k].text);
		printf("%s %s\n", model_answer_question(k), text);
		free(text);
	}
}

/* The analysis workspace: summary and answers, factors, follow-ups,
 * parked thoughts and their triage, annotations. */
static void cmd_show_analysis(const struct cmd_show *sh,
    const struct model_incident *inc)
{
	if (model_in_recovery(inc)) {
		if (inc->nparked > 0)
			printf("\nparked thoughts: %zu (listed once "
			    "resolved)\n", inc->nparked);
		return;
	}
	printf("\nanalysis:\n");
	cmd_show_answers(inc);
	cmd_show_factors(inc);
	cmd_show_followups(inc, sh->now);
	cmd_show_parked(sh, inc);
	cmd_show_annotations(sh);
}

/* 1 when ev belongs on the timeline (not corrections or analysis). */
static int cmd_show_on_timeline(const struct event *ev)
{
	return !kind_is(ev->kind, KIND_ANALYSIS) &&
	    !kind_is(ev->kind, KIND_CORRECTION);
}

/* One timeline entry with its strike and latest amendment. */
static void cmd_show_entry(const struct cmd_show *sh,
    const struct model_incident *inc, const struct event *ev)
{
	const struct model_entry *e = model_entry_find(inc, ev->seq);
	const struct event *fix;
	char *line = cmd_print_line(ev, &sh->m), *text, *why;

	printf("%s", line);
	if (e != NULL && e->struck &&
	    (fix = cmd_show_latest(sh, EV_STRIKE, ev->seq)) != NULL) {
		why = cmd_print_safe(event_str(fix, "reason"));
		printf("  [struck #%" PRId64 ": %s]", fix->seq, why);
		free(why);
	}
	printf("%s\n", e != NULL && e->late ? "  [recorded late]" : "");
	if (e != NULL && e->amended &&
	    (fix = cmd_show_latest(sh, EV_AMEND, ev->seq)) != NULL) {
		text = cmd_print_safe(event_str(fix, "text"));
		why = cmd_print_safe(event_str(fix, "reason"));
		printf("       [amended #%" PRId64 "] now reads: %s (reason: "
		    "%s)\n", fix->seq, text, why);
		free(why);
		free(text);
	}
	free(line);
}

/* The last n timeline entries (0: all), in the order things happened. */
static void cmd_show_timeline(const struct cmd_show *sh,
    const struct model_incident *inc, size_t last)
{
	struct event **byt = xreallocarray(NULL, sh->nevs + 1, sizeof *byt);
	size_t i, total = 0, skip;

	for (i = 0; i < sh->nevs; i++) {
		if (cmd_show_on_timeline(sh->evs[i]))
			byt[total++] = sh->evs[i];
	}
	qsort(byt, total, sizeof *byt, event_cmp_by_time);
	skip = last != 0 && total > last ? total - last : 0;
	printf("\ncounts: %zu events, %zu parked, %zu open hypothes%s\n",
	    inc->nevents, inc->nparked, model_open_hypotheses(inc),
	    model_open_hypotheses(inc) == 1 ? "is" : "es");
	printf("\ntimeline, in the order things happened (%s%zu of %zu):\n",
	    skip ? "last " : "", total - skip, total);
	for (i = skip; i < total; i++)
		cmd_show_entry(sh, inc, byt[i]);
	free(byt);
}

/* Who held command, from when to when, and the brief each accepted. */
static void cmd_show_command(const struct model_incident *inc)
{
	const struct model_stint *st;
	char *who, *from, *to, *brief;
	int days = model_spans_days(inc);
	size_t i;

	printf("\ncommand:\n");
	for (i = 0; i < inc->nstints; i++) {
		st = &inc->stints[i];
		if (st->role != ROLE_COMMANDER)
			continue;
		who = cmd_print_safe(st->user);
		from = when_format_stamp(st->from, days);
		to = st->to ? when_format_stamp(st->to, days) : xstrdup("now");
		printf("  %-10s %s – %s  %s\n", who, from, to,
		    st->seq == inc->first_seq ? "(declared)" : st->brief ?
		    "(accepted a handoff; the brief:)" : "(took command: "
		    "relieved the commander)");
		free(to);
		free(from);
		free(who);
		if (st->brief == NULL)
			continue;
		brief = text_sanitize(st->brief, TEXT_MULTILINE);
		for (char *p = strtok(brief, "\n"); p; p = strtok(NULL, "\n"))
			printf("      | %s\n", p);
		free(brief);
	}
}

/* Print everything about the incident. */
static void cmd_show_print(const struct cmd_show *sh,
    const struct model_incident *inc, size_t last)
{
	cmd_show_header(inc, sh->now);
	cmd_show_marks(inc);
	cmd_show_roles(inc);
	cmd_show_command(inc);
	cmd_show_offer(inc);
	cmd_show_hypotheses(inc);
	cmd_show_update(inc);
	cmd_show_analysis(sh, inc);
	cmd_show_timeline(sh, inc, last);
}

/* Fold the incident's history, then print it. */
static int cmd_show_run(const struct cmd_globals *g, const char *ref,
    int json, size_t last)
{
	struct cmd_session *s;
	struct cmd_show sh;
	struct model_incident *inc;
	json_t *j;
	size_t i;
	int status;

	memset(&sh, 0, sizeof sh);
	model_init(&sh.m);
	if ((s = cmd_session_open(g, 1, &status)) == NULL)
		goto out;
	status = cmd_session_subscribe(s, ref, 0, 0, cmd_show_event, &sh);
	cmd_session_close(s);
	if (status != SR_EXIT_OK)
		goto out;
	if ((inc = model_find(&sh.m, ref)) == NULL) {
		fprintf(stderr, "sitrep: there is no incident %s; `sitrep ls "
		    "--all` lists them\n", ref);
		status = SR_EXIT_REFUSED;
		goto out;
	}
	sh.now = when_now();
	if (json) {
		j = model_incident_json(inc);
		text_json_print(stdout, j, JSON_INDENT(2));
		json_decref(j);
	} else
		cmd_show_print(&sh, inc, last);
out:
	for (i = 0; i < sh.nevs; i++)
		event_free(sh.evs[i]);
	free(sh.evs);
	model_free(&sh.m);
	return status;
}

/* sitrep show INC [--json] [--last N] */
int cmd_show_exec(const struct cmd_globals *g, struct cmd_args *a)
{
	const char *n = cmd_args_get(a, "last");
	char *inc;
	int last = 20, status;

	if (n != NULL && strcmp(n, "0") == 0)
		last = 0;
	else if (n != NULL && cmd_parse_int(n, 1, 1000000000, 0, &last) != 0)
		return cmd_usage_error(a->entry->name, "--last takes a number");
	if ((status = cmd_args_one_incident(a, &inc)) != SR_EXIT_OK)
		return status;
	status = cmd_show_run(g, inc, cmd_args_get(a, "json") != NULL,
	    (size_t)last);
	free(inc);
	return status;
}
