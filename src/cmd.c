/* cmd.c: the command language: one table of verbs (the command line's and
 * the terminal's : commands), running a verb on the command line, usage
 * and help. */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "sitrep.h"
#include "text.h"
#include "when.h"
#include "xmalloc.h"

static int cmd_help_exec(const struct cmd_globals *, struct cmd_args *);

/* The end of an option list. */
#define CMD_END { NULL, 0, NULL, NULL, 0, NULL }

static const struct cmd_option cmd_opts_new[] = {
	{ "sev", 's', "N", "severity", 0,
	  "severity 1 (worst) to 4 or SEV1..4; default 3" },
	{ "drill", 0, NULL, "drill", 0,
	  "a drill: marked, left out of metrics" },
	{ "restricted", 0, "GROUP", "restricted", 0,
	  "visible only to the members of GROUP (a\nsecurity incident)" },
	CMD_END
};
static const struct cmd_option cmd_opts_ls[] = {
	{ "all", 'a', NULL, NULL, 0, "closed incidents too" },
	{ "json", 0, NULL, NULL, 0, "a JSON array of incident objects" },
	CMD_END
};
static const struct cmd_option cmd_opts_show[] = {
	{ "json", 0, NULL, NULL, 0, "the incident state as one JSON object" },
	{ "last", 'n', "N", NULL, 0,
	  "timeline entries shown (default 20, 0: all)" },
	CMD_END
};
static const struct cmd_option cmd_opts_log[] = {
	{ "type", 't', "TYPE", "type", 0, "note (default), observation, "
	  "action, decision,\nchange or comms" },
	{ "at", 0, "TIME", "at", 0, "when it happened (back-dates it)" },
	{ "ref", 'r', "K:V", "refs", CMD_MANY,
	  "a reference such as deploy:4711 (repeatable)" },
	{ "tag", 'g', "TAG", "tags", CMD_MANY, "a tag (repeatable)" },
	CMD_END
};
static const struct cmd_option cmd_opts_update[] = {
	{ "impact", 0, "TEXT", "impact", CMD_REQUIRED,
	  "who or what is affected, how badly" },
	{ "known", 0, "TEXT", "known", CMD_REQUIRED, "what we understand now" },
	{ "unknown", 0, "TEXT", "unknown", CMD_REQUIRED, "what we do not know "
	  "yet (may be empty only\nwhen the confidence is confirmed)" },
	{ "confidence", 0, "C", "confidence", CMD_REQUIRED,
	  "confirmed, likely, suspected or unknown" },
	{ "actions", 0, "TEXT", "actions", 0, "what is being done now" },
	{ "needs", 0, "TEXT", "needs", 0, "help or decisions we need" },
	{ "next", 0, "TIME", "next_at", 0, "when the next update is due "
	  "(default: the\nseverity's cadence)" },
	{ "external", 0, NULL, "audience", 0,
	  "meant for people outside the response" },
	CMD_END
};
static const struct cmd_option cmd_opts_role[] = {
	{ "release", 0, NULL, NULL, 0, "drop the role (yours, or USER's)" },
	CMD_END
};
static const struct cmd_option cmd_opts_handoff[] = {
	{ "brief", 0, "TEXT|-", "brief", 0, "the brief (default: from the "
	  "state); - reads it\nfrom standard input" },
	CMD_END
};
static const struct cmd_option cmd_opts_reason[] = {
	{ "reason", 0, "TEXT", "reason", 0, "why" },
	CMD_END
};
static const struct cmd_option cmd_opts_reason_required[] = {
	{ "reason", 0, "TEXT", "reason", CMD_REQUIRED, "why (required)" },
	CMD_END
};
static const struct cmd_option cmd_opts_status[] = {
	{ "reason", 0, "TEXT", "reason", 0, "why (required when going back)" },
	CMD_END
};
static const struct cmd_option cmd_opts_mark[] = {
	{ "at", 0, "TIME", "at", 0, "when (default: now)" },
	CMD_END
};
static const struct cmd_option cmd_opts_hyp[] = {
	{ "note", 0, "TEXT", "note", 0, "why the state changed (with set)" },
	CMD_END
};
static const struct cmd_option cmd_opts_followup[] = {
	{ "owner", 0, "OWNER", "owner", 0, "a team or role that owns it" },
	{ "due", 0, "TIME", "due", 0, "when it is due (2026-12-01, +7d, …)" },
	{ "factor", 0, "N", "factor", 0,
	  "the contributing factor it addresses (add; 2 or C2)" },
	{ "from-park", 0, "SEQ", "from_park", 0,
	  "the parked thought it comes from (add)" },
	{ "state", 0, "STATE", "state", 0,
	  "open, in-progress, done or wont-do (set)" },
	{ "note", 0, "TEXT", "note", 0, "why it changed (set)" },
	CMD_END
};
static const struct cmd_option cmd_opts_factor[] = {
	{ "category", 0, "CATEGORY", "category", 0, "deployment, "
	  "configuration, integration, capacity, dependency, detection, "
	  "process or code" },
	{ "entry", 0, "SEQ", "entries", CMD_MANY,
	  "a timeline entry that shows it (repeatable)" },
	{ "from-park", 0, "SEQ", "from_park", 0,
	  "the parked thought it comes from" },
	CMD_END
};
static const struct cmd_option cmd_opts_summary[] = {
	{ "impact", 0, "TEXT", "impact", 0,
	  "the customer impact in a sentence" },
	{ "section", 0, "SECTION", "section", 0, "answer a question instead: "
	  "went-well, went-wrong, lucky, teams, ownership, missing-info, "
	  "alerts or slow-recovery" },
	CMD_END
};
static const struct cmd_option cmd_opts_annotate[] = {
	{ "dismiss", 0, NULL, "triage", 0,
	  "dismiss the parked thought SEQ; TEXT says why" },
	CMD_END
};
static const struct cmd_option cmd_opts_tail[] = {
	{ "json", 0, NULL, NULL, 0, "one JSON object per event and line" },
	{ "since", 0, "SEQ", NULL, 0, "only events after SEQ" },
	{ "no-follow", 0, NULL, NULL, 0, "stop at the end of the history" },
	{ "by-time", 0, NULL, NULL, 0, "the history in the order things "
	  "happened (default: the order it was recorded)" },
	CMD_END
};
static const struct cmd_option cmd_opts_search[] = {
	{ "inc", 0, "INC", NULL, CMD_LINE, "only in this incident" },
	{ "json", 0, NULL, NULL, CMD_LINE,
	  "a JSON array of the matching events" },
	{ "limit", 0, "N", NULL, CMD_LINE,
	  "at most N results (default 50)" },
	CMD_END
};
static const struct cmd_option cmd_opts_verify[] = {
	{ "json", 0, NULL, NULL, 0, "one JSON object: ok, events, broken_at" },
	CMD_END
};
static const struct cmd_option cmd_opts_who[] = {
	{ "json", 0, NULL, NULL, 0, "a JSON array of people" },
	CMD_END
};
static const struct cmd_option cmd_opts_export[] = {
	{ "format", 'f', "F", NULL, 0, "md (default), html, csv or json" },
	{ "output", 'o', "FILE", NULL, 0,
	  "write FILE atomically (else standard output;\nat the : prompt "
	  "INC-n.FORMAT here)" },
	{ "force", 0, NULL, NULL, 0, "replace FILE when it exists" },
	{ "tz", 0, "ZONE", NULL, CMD_TERMINAL,
	  "times in ZONE (default: the incident's own)" },
	CMD_END
};
static const struct cmd_option cmd_opts_metrics[] = {
	{ "since", 0, "TIME", NULL, 0,
	  "incidents declared since TIME (2026-01-01,\n-30d, …)" },
	{ "json", 0, NULL, NULL, 0, "one JSON object" },
	CMD_END
};
static const struct cmd_option cmd_opts_serve[] = {
	{ "foreground", 'D', NULL, NULL, 0, "stay in the foreground" },
	{ "shared", 0, "NAME", NULL, 0, "the team's server: "
	  "/run/sitrep/NAME/socket and\n/var/lib/sitrep/NAME.db, the rest "
	  "from sitrep(5)" },
	{ "group", 0, "GROUP", NULL, 0, "responders: the members of GROUP "
	  "(share the\nsocket with them)" },
	{ "observers", 0, "GROUP", NULL, 0,
	  "observers (read-only): the members of GROUP" },
	{ "allow", 0, "USER", NULL, CMD_MANY,
	  "a responder by name (repeatable)" },
	{ "observer", 0, "USER", NULL, CMD_MANY,
	  "an observer by name (repeatable)" },
	{ "max-clients", 0, "N", NULL, 0,
	  "at most N connections at once (1 to 4096;\ndefault 4096)" },
	{ "max-rate", 0, "N", NULL, 0,
	  "at most N submissions a second per connection,\nin bursts of "
	  "2N (1 to 1000000; default 1000)" },
	{ "max-queue", 0, "SIZE", NULL, 0,
	  "drop a connection that leaves SIZE unread\n(2M to 512M; "
	  "default 8M)" },
	{ "ready-fd", 0, "FD", NULL, CMD_HIDDEN, NULL },
	CMD_END
};
static const struct cmd_option cmd_opts_attach[] = {
	{ "via", 0, "HOST", NULL, 0,
	  "run it on HOST ([USER@]HOST, a jump host) over\nssh -t" },
	{ "from-ssh", 0, NULL, NULL, 0, "as sshd's ForceCommand: the incident "
	  "from\n$SSH_ORIGINAL_COMMAND (nothing or attach INC)" },
	CMD_END
};
static const struct cmd_option cmd_opts_demo[] = {
	{ "peer", 0, "USER", NULL, 0,
	  "offer command to USER, then withdraw the offer" },
	CMD_END
};

/* Every verb, the command line's and the terminal's, in the help's order:
 * name, words, fields of the words, options, summary, sides, alias; then
 * build and report (a verb that records an event) or exec. */
const struct cmd_entry cmd_table[] = {
	{ "new", "TITLE…", "title=TITLE", cmd_opts_new,
	  "declare an incident; you become its incident commander", CMD_BOTH,
	  NULL, cmd_new_build, cmd_new_report, NULL },
	{ "ls", "", NULL, cmd_opts_ls, "list the open incidents", CMD_LINE,
	  NULL, NULL, NULL, cmd_ls_exec },
	{ "show", "INC", NULL, cmd_opts_show,
	  "show an incident: state, roles, hypotheses, last update, timeline",
	  CMD_LINE, NULL, NULL, NULL, cmd_show_exec },
	{ "log", "INC TEXT…|-", "text=TEXT", cmd_opts_log,
	  "add a timeline entry",
	  CMD_BOTH, NULL, cmd_log_build, cmd_log_report, NULL },
	{ "update", "INC", NULL, cmd_opts_update,
	  "post a status update (incident commander or comms lead)", CMD_BOTH,
	  NULL, cmd_update_build, cmd_update_report, NULL },
	{ "role", "INC ROLE [USER]", "role=ROLE user=USER", cmd_opts_role,
	  "give a role (deputy, scribe, ops, comms, liaison, sme) to USER "
	  "(default: you) or release it", CMD_BOTH,
	  NULL, cmd_role_build, cmd_role_report, cmd_role_exec },
	{ "handoff", "INC USER", "to=USER", cmd_opts_handoff,
	  "offer command to USER; you stay in command until they accept",
	  CMD_BOTH, NULL, cmd_command_handoff_build,
	  cmd_command_handoff_report, NULL },
	{ "accept", "INC", NULL, NULL, "accept the command offered to you",
	  CMD_BOTH, NULL, cmd_command_accept_build,
	  cmd_command_accept_report, NULL },
	{ "decline", "INC", NULL, cmd_opts_reason,
	  "decline the command offered to you", CMD_BOTH,
	  NULL, cmd_command_decline_build,
	  cmd_command_decline_report, NULL },
	{ "withdraw", "INC", NULL, NULL, "withdraw your open command offer",
	  CMD_BOTH, NULL, cmd_command_withdraw_build,
	  cmd_command_withdraw_report, NULL },
	{ "relieve", "INC", NULL, cmd_opts_reason_required,
	  "take command from an unresponsive incident commander", CMD_BOTH,
	  NULL, cmd_command_relieve_build,
	  cmd_command_relieve_report, NULL },
	{ "status", "INC STATUS", "status=STATUS", cmd_opts_status,
	  "change the status: investigating, identified, monitoring, "
	  "resolved, analysis, closed", CMD_BOTH,
	  NULL, cmd_status_build, cmd_status_report, NULL },
	{ "mark", "INC MARK", "mark=MARK", cmd_opts_mark,
	  "set a key instant: impact-start, detected, mitigated, resolved",
	  CMD_BOTH, NULL, cmd_status_mark_build, cmd_status_report, NULL },
	{ "sev", "INC N", "severity=N", NULL,
	  "change the severity (1 worst .. 4)", CMD_BOTH,
	  NULL, cmd_status_sev_build, cmd_status_report, NULL },
	{ "retitle", "INC TITLE…", "title=TITLE", NULL, "change the title",
	  CMD_BOTH, NULL, cmd_status_retitle_build, cmd_status_report, NULL },
	{ "hyp", "INC open TEXT… | INC set N STATE",
	  "text=TEXT id=N state=STATE", cmd_opts_hyp, "open a hypothesis, or "
	  "set one's state (open, investigating, supported, ruled-out, "
	  "confirmed)", CMD_BOTH,
	  NULL, cmd_hyp_build, cmd_hyp_report, NULL },
	{ "park", "INC TEXT…|-", "text=TEXT", NULL,
	  "park an analysis thought for later (hidden during recovery)",
	  CMD_BOTH, NULL, cmd_log_park_build, cmd_log_report, NULL },
	{ "amend", "INC SEQ TEXT…", "target=SEQ text=TEXT",
	  cmd_opts_reason_required,
	  "correct entry SEQ; the original stays visible", CMD_BOTH,
	  NULL, cmd_fix_amend_build, cmd_fix_report, NULL },
	{ "strike", "INC SEQ", "target=SEQ", cmd_opts_reason_required,
	  "retract entry SEQ; it stays visible, struck", CMD_BOTH,
	  NULL, cmd_fix_strike_build, cmd_fix_report, NULL },
	{ "annotate", "INC SEQ TEXT…", "target=SEQ text=TEXT",
	  cmd_opts_annotate,
	  "add a hindsight note to entry SEQ (analysis, after resolved)",
	  CMD_BOTH, NULL, cmd_fix_annotate_build, cmd_fix_report, NULL },
	{ "snooze", "INC DURATION", "for_ms=DURATION", NULL,
	  "snooze the next-update reminder (15m, 1h30m, …)", CMD_BOTH,
	  NULL, cmd_snooze_build, cmd_snooze_report, NULL },
	{ "factor", "INC TEXT…|-", "text=TEXT", cmd_opts_factor,
	  "record a contributing factor (analysis, after resolved)", CMD_BOTH,
	  NULL, cmd_analysis_factor_build, cmd_analysis_report, NULL },
	{ "followup", "INC add TEXT… | INC set N", "text=TEXT id=N",
	  cmd_opts_followup, "record a follow-up action, or change one's "
	  "owner, due date or state (analysis, after resolved)", CMD_BOTH,
	  NULL, cmd_analysis_followup_build, cmd_analysis_report, NULL },
	{ "summary", "INC TEXT…|-", "text=TEXT", cmd_opts_summary,
	  "write the postmortem summary (analysis, after resolved)", CMD_BOTH,
	  NULL, cmd_analysis_summary_build, cmd_analysis_report, NULL },
	{ "tail", "INC|all", NULL, cmd_opts_tail,
	  "print the timeline, then follow new events until interrupted",
	  CMD_LINE, NULL, NULL, NULL, cmd_tail_exec },
	{ "search", "QUERY…", NULL, cmd_opts_search, "full-text search over "
	  "entries, updates, hypotheses, parked thoughts", CMD_BOTH,
	  NULL, NULL, NULL, cmd_search_exec },
	{ "export", "INC", NULL, cmd_opts_export,
	  "write the incident as a postmortem (md, html), its timeline (csv) "
	  "or its record (json)", CMD_BOTH, NULL, NULL, NULL,
	  cmd_export_exec },
	{ "import", "FILE|-", NULL, NULL,
	  "add an incident exported with --format json to this store",
	  CMD_LINE, NULL, NULL, NULL, cmd_import_exec },
	{ "metrics", "", NULL, cmd_opts_metrics,
	  "durations, severities, factor categories and overdue follow-ups "
	  "across incidents (drills left out)", CMD_LINE, NULL, NULL, NULL,
	  cmd_metrics_exec },
	{ "verify", "", NULL, cmd_opts_verify,
	  "recompute the store's hash chain and report the first break (a "
	  "team server's store: through the server)",
	  CMD_LINE, NULL, NULL, NULL, cmd_verify_exec },
	{ "who", "", NULL, cmd_opts_who,
	  "who is connected: responder or observer, since when, how idle, "
	  "which incident", CMD_LINE, NULL, NULL, NULL, cmd_who_exec },
	{ "serve", "", NULL, cmd_opts_serve,
	  "run the server (normally started by the first client)", CMD_LINE,
	  NULL, NULL, NULL, cmd_serve_exec },
	{ "kill-server", "", NULL, NULL, "stop the server of this store",
	  CMD_LINE, NULL, NULL, NULL, cmd_serve_kill_exec },
	{ "demo", "", NULL, cmd_opts_demo,
	  "create a realistic drill incident that shows every feature",
	  CMD_LINE, NULL, NULL, NULL, cmd_demo_exec },
	{ "attach", "[INC]", NULL, cmd_opts_attach, "open the full-screen "
	  "incident command terminal (see sitrep-attach(1))", CMD_LINE,
	  NULL, NULL, NULL, cmd_attach_exec },
	{ "help", "[VERB]", NULL, NULL, "help on a verb", CMD_BOTH,
	  NULL, NULL, NULL, cmd_help_exec },
	{ "open", "INC", NULL, NULL, "open an incident", CMD_TERMINAL,
	  NULL, NULL, NULL, NULL },
	{ "list", "", NULL, NULL, "the incident list (also L, 6)",
	  CMD_TERMINAL, NULL, NULL, NULL, NULL },
	{ "view", "VIEW", NULL, NULL, "timeline, updates, roles, hypotheses, "
	  "analysis, list or help", CMD_TERMINAL, NULL, NULL, NULL, NULL },
	{ "filter", "[type=TYPE] [author=USER] [tag=TAG] [ref=K:V]", NULL,
	  NULL, "show only matching entries; alone: all", CMD_TERMINAL,
	  NULL, NULL, NULL, NULL },
	{ "zone", "[ZONE]", NULL, NULL, "a second time column in ZONE; alone: "
	  "none", CMD_TERMINAL, NULL, NULL, NULL, NULL },
	{ "quit", "", NULL, NULL, "detach (also q); the incident goes on",
	  CMD_TERMINAL, NULL, NULL, NULL, NULL },
	{ "note", "TEXT…", NULL, NULL,
	  "a note, as plain text is; :log --type note", CMD_TERMINAL,
	  "log --type note", NULL, NULL, NULL },
	{ "obs", "TEXT…", NULL, NULL,
	  "an observation: :log --type observation", CMD_TERMINAL,
	  "log --type observation", NULL, NULL, NULL },
	{ "action", "TEXT…", NULL, NULL,
	  "an action taken or under way: :log --type action", CMD_TERMINAL,
	  "log --type action", NULL, NULL, NULL },
	{ "decision", "TEXT…", NULL, NULL,
	  "a decision: :log --type decision", CMD_TERMINAL,
	  "log --type decision", NULL, NULL, NULL },
	{ "change", "TEXT…", NULL, NULL,
	  "a change made to a system: :log --type change", CMD_TERMINAL,
	  "log --type change", NULL, NULL, NULL },
	{ "comms", "TEXT…", NULL, NULL,
	  "a communication sent: :log --type comms", CMD_TERMINAL,
	  "log --type comms", NULL, NULL, NULL },
	{ "title", "TITLE…", NULL, NULL, "change the title: :retitle",
	  CMD_TERMINAL, "retitle", NULL, NULL, NULL },
	{ "declare", "TITLE…", NULL, NULL, "declare an incident: :new",
	  CMD_TERMINAL, "new", NULL, NULL, NULL },
	{ "release", "ROLE [USER]", NULL, NULL, "drop a role: :role --release",
	  CMD_TERMINAL, "role --release", NULL, NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL }
};

/* The verb or alias called name on side. */
const struct cmd_entry *cmd_find(const char *name, unsigned side)
{
	const struct cmd_entry *e, *found = NULL;
	size_t n = strlen(name), hits = 0;

	for (e = cmd_table; e->name != NULL; e++) {
		if (!(e->flags & side))
			continue;
		if (strcmp(e->name, name) == 0)
			return e;
		if (n > 0 && strncmp(e->name, name, n) == 0) {
			found = e;
			hits++;
		}
	}
	return side == CMD_TERMINAL && hits == 1 ? found : NULL;
}

/* The verb an alias stands for. */
const struct cmd_entry *cmd_target(const struct cmd_entry *e)
{
	const struct cmd_entry *t;
	size_t n;

	if (e->alias == NULL)
		return e;
	n = strcspn(e->alias, " ");
	for (t = cmd_table; t->name != NULL; t++) {
		if (t->alias == NULL && strncmp(t->name, e->alias, n) == 0 &&
		    t->name[n] == '\0')
			return t;
	}
	return e;
}

/* 1 when option o may be used on side (no side given: on both). */
int cmd_option_on(const struct cmd_option *o, unsigned side)
{
	return (o->flags & CMD_BOTH) == 0 || (o->flags & side) != 0;
}

/* 1 when the : prompt implies the incident of a verb. */
int cmd_takes_incident(const struct cmd_entry *e)
{
	return (e->flags & CMD_LINE) && strncmp(e->args, "INC", 3) == 0 &&
	    (e->args[3] == ' ' || e->args[3] == '\0');
}

/* Say what is wrong with the words of verb e (NULL: no such verb). */
static int cmd_run_error(const struct cmd_entry *e, const char *cause)
{
	char *safe;

	if (e != NULL)
		return cmd_usage_error(e->name, "%s", cause);
	safe = cmd_print_safe(cause);
	fprintf(stderr, "sitrep: %s\n`sitrep --help` lists the verbs\n", safe);
	free(safe);
	return SR_EXIT_USAGE;
}

/* Run a verb on the command line. */
int cmd_run(const struct cmd_globals *g0, int argc, char **argv)
{
	struct cmd_globals g = *g0;
	const struct cmd_entry *e;
	struct cmd_args a;
	char *cause = NULL;
	int status;

	if (cmd_args_words(argc, argv, CMD_LINE, NULL, &a, &e, &cause) != 0) {
		status = cmd_run_error(e, cause);
		free(cause);
		return status;
	}
	if (a.help)
		status = cmd_help(e->name);
	else if (cmd_args_globals(&a, &g, &cause) != 0) {
		status = cmd_run_error(e, cause);
		free(cause);
	} else if (e->exec != NULL)
		status = e->exec(&g, &a);
	else
		status = cmd_submit(&g, &a, NULL);
	cmd_args_free(&a);
	return status;
}

/* Edit distance between a and b, a swap of neighbours counting one. */
static size_t cmd_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, best, d[32][32];

	if (la >= 32 || lb >= 32)
		return (size_t)-1;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

/* Apply a time zone for display. */
int cmd_set_tz(const char *zone, char **cause)
{
	if (!when_zone_valid(zone)) {
		*cause = xasprintf("unknown time zone \"%s\"; use a name such "
		    "as UTC or Europe/Berlin", zone);
		return -1;
	}
	setenv("TZ", zone, 1);
	tzset();
	return 0;
}

/* The verb closest to name on side: a prefix of one, or within one edit
 * (two for longer names). */
const char *cmd_suggest(const char *name, unsigned side)
{
	const struct cmd_entry *e;
	const char *best = NULL;
	size_t d, bestd = strlen(name) > 4 ? 3 : 2;

	for (e = cmd_table; e->name != NULL; e++) {
		if (!(e->flags & side))
			continue;
		if (strlen(name) >= 2 &&
		    strncmp(e->name, name, strlen(name)) == 0)
			return e->name;
		d = cmd_distance(name, e->name);
		if (d < bestd) {
			bestd = d;
			best = e->name;
		}
	}
	return best;
}

/* A new event of a kind, for an incident. */
struct event *cmd_event(enum event_kind kind, const char *incident)
{
	struct event *ev = event_new(kind);

	if (incident != NULL)
		ev->incident = xstrdup(incident);
	return ev;
}

/* Say which word of verb e the refusal of field concerns. */
static void cmd_submit_hint(const struct cmd_entry *e, const char *field)
{
	char *word;

	if (field == NULL || (word = cmd_field_word(e, field,
	    CMD_LINE)) == NULL)
		return;
	fprintf(stderr, "sitrep %s: this concerns %s\n", e->name, word);
	free(word);
}

/* Submit ev for verb e on s; report it, or the word a refusal concerns. */
int cmd_submit_on(struct cmd_session *s, const struct cmd_entry *e,
    struct event *ev)
{
	struct event *copy = event_copy(ev);
	char *incident = NULL;
	int64_t seq;
	int status;

	status = cmd_session_submit(s, ev, &seq, &incident);
	if (status == SR_EXIT_OK) {
		free(copy->incident);
		copy->incident = incident;
		e->report(s, copy, seq);
	} else if (status == SR_EXIT_REFUSED)
		cmd_submit_hint(e, cmd_session_field(s));
	event_free(copy);
	return status;
}

/* The verb's event from its words, with --at applied. */
struct event *cmd_build(const struct cmd_args *a, char **cause)
{
	struct event *ev = a->entry->build(a, cause);
	int64_t at;

	if (ev == NULL || ev->occurred_at != 0)
		return ev;
	if (cmd_args_time(a, "at", WHEN_PAST, &at, cause) != 0) {
		event_free(ev);
		return NULL;
	}
	ev->occurred_at = at;
	return ev;
}

/* Build the verb's event, submit it and report it. */
int cmd_submit(const struct cmd_globals *g, struct cmd_args *a,
    cmd_prepare_fn *prepare)
{
	struct cmd_session *s;
	struct event *ev = NULL;
	char *cause = NULL;
	int status;

	if (cmd_args_stdin(a, &cause) != 0 ||
	    (ev = cmd_build(a, &cause)) == NULL) {
		status = cmd_usage_error(a->entry->name, "%s", cause);
		free(cause);
		return status;
	}
	if ((s = cmd_session_open(g, 1, &status)) == NULL) {
		event_free(ev);
		return status;
	}
	if (prepare != NULL)
		prepare(s, ev);
	status = cmd_submit_on(s, a->entry, ev);
	cmd_session_close(s);
	return status;
}

/* The words of e on side for its usage: the terminal's without the
 * incident it implies or the "-" it cannot read. */
static char *cmd_usage_words(const struct cmd_entry *e, unsigned side)
{
	char **w, *out = xstrdup(""), *tmp, *cause, *dash;
	int n, i, implied = side == CMD_TERMINAL && cmd_takes_incident(e);

	if (cmd_parse_split(e->args, &n, &w, &cause) != 0) {
		free(cause);
		return out;
	}
	for (i = 0; i < n; i++) {
		if (implied && strcmp(w[i], "INC") == 0)
			continue;
		if (side == CMD_TERMINAL && (dash = strstr(w[i], "|-")) != NULL)
			*dash = '\0';
		tmp = xasprintf("%s%s%s", out, *out ? " " : "", w[i]);
		free(out);
		out = tmp;
	}
	cmd_parse_free(n, w);
	return out;
}

/* 1 when an alias's words name option o already. */
static int cmd_usage_fixed(const struct cmd_entry *e,
    const struct cmd_option *o)
{
	char *word;
	int fixed;

	if (e->alias == NULL)
		return 0;
	word = xasprintf("--%s", o->name);
	fixed = strstr(e->alias, word) != NULL;
	free(word);
	return fixed;
}

/* The usage of an option: "--reason TEXT" or "[--tag TAG]…". */
static char *cmd_usage_option(const struct cmd_option *o, unsigned side)
{
	int req = (o->flags & CMD_REQUIRED) != 0;
	size_t n = o->value == NULL ? 0 : side == CMD_TERMINAL ?
	    strcspn(o->value, "|") : strlen(o->value);

	return xasprintf("%s--%s%s%.*s%s%s", req ? "" : "[", o->name,
	    n ? " " : "", (int)n, n ? o->value : "", req ? "" : "]",
	    o->flags & CMD_MANY ? "…" : "");
}

/* The usage of a verb on a side. */
char *cmd_usage_text(const struct cmd_entry *e, unsigned side)
{
	const struct cmd_entry *t = cmd_target(e);
	const struct cmd_option *o;
	char *words = cmd_usage_words(e, side), *out, *opt, *tmp;

	out = xasprintf("%s%s%s", e->name, *words ? " " : "", words);
	free(words);
	for (o = cmd_option_first(t); o != NULL; o = cmd_option_next(t, o)) {
		if ((o->flags & CMD_HIDDEN) || cmd_usage_fixed(e, o) ||
		    !cmd_option_on(o, side))
			continue;
		opt = cmd_usage_option(o, side);
		tmp = xasprintf("%s %s", out, opt);
		free(out);
		free(opt);
		out = tmp;
	}
	return out;
}

/* Print the usage of a verb to stderr. */
int cmd_usage(const char *verb)
{
	const struct cmd_entry *e = cmd_find(verb, CMD_LINE);
	char *usage;

	if (e != NULL) {
		usage = cmd_usage_text(e, CMD_LINE);
		fprintf(stderr, "usage: sitrep %s\n`sitrep %s --help` says "
		    "more\n", usage, e->name);
		free(usage);
	}
	return SR_EXIT_USAGE;
}

/* Print an error about the arguments, then the usage. */
int cmd_usage_error(const char *verb, const char *fmt, ...)
{
	va_list ap;
	char *msg, *safe;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	safe = text_sanitize(msg, TEXT_MULTILINE | text_locale_flags());
	fprintf(stderr, "sitrep %s: %s\n", verb, safe);
	free(safe);
	free(msg);
	return cmd_usage(verb);
}

/* Print an option's lines of a verb's help. */
static void cmd_help_option(const struct cmd_option *o)
{
	char *left, *help = xstrdup(o->help), *line, *rest = help;
	const char *value = o->value != NULL ? o->value : "";

	if (o->letter != 0)
		left = xasprintf("-%c, --%s%s%s", o->letter, o->name,
		    *value ? " " : "", value);
	else
		left = xasprintf("--%s%s%s", o->name, *value ? " " : "", value);
	line = strsep(&rest, "\n");
	printf("  %-18s%s\n", left, line);
	while ((line = strsep(&rest, "\n")) != NULL)
		printf("  %-18s%s\n", "", line);
	free(left);
	free(help);
}

/* Print a verb's help to stdout. */
int cmd_help(const char *verb)
{
	const struct cmd_entry *e = cmd_find(verb, CMD_LINE);
	const struct cmd_option *o;
	char *usage;

	if (e == NULL)
		return SR_EXIT_USAGE;
	usage = cmd_usage_text(e, CMD_LINE);
	printf("usage: sitrep %s\n%c%s.\n\noptions:\n", usage,
	    toupper((unsigned char)*e->summary), e->summary + 1);
	free(usage);
	for (o = cmd_option_first(e); o != NULL; o = cmd_option_next(e, o))
		if (!(o->flags & CMD_HIDDEN))
			cmd_help_option(o);
	printf("  -h, --help        this help\n"
	    "The global options (--db PATH, -S PATH, --tz ZONE, -v) work "
	    "here too.\n"
	    "TIME: now, -5m, -1h30m, 14:07, 14:07:30 or ISO 8601 "
	    "(2026-11-22T14:07:30+01:00).\n"
	    "See sitrep(1) for the details.\n");
	return SR_EXIT_OK;
}

/* Print the program's help: usage, verbs, global options. */
void cmd_help_all(FILE *f)
{
	const struct cmd_entry *e;

	fprintf(f, "usage: sitrep [--db PATH] [-S PATH] [--tz ZONE] [-v] "
	    "VERB [ARGS]\n"
	    "       sitrep --version | --help\n\n"
	    "sitrep runs an incident: one commander, one timeline, explicit "
	    "uncertainty.\nWithout a verb it opens the full-screen terminal "
	    "(sitrep attach);\nwithout a terminal it lists the open "
	    "incidents.\n\n"
	    "verbs:\n");
	for (e = cmd_table; e->name != NULL; e++)
		if (e->flags & CMD_LINE)
			fprintf(f, "  %-12s %s\n", e->name, e->summary);
	fprintf(f, "\nglobal options (before or after the verb):\n"
	    "  --db PATH     the store (default: $SITREP_DB, else\n"
	    "                $XDG_DATA_HOME/sitrep/sitrep.db)\n"
	    "  -S PATH       the server's socket (default: $SITREP_SOCKET, "
	    "else one per store)\n"
	    "  --tz ZONE     show times in ZONE (UTC, Europe/Berlin, …)\n"
	    "  -v            say more\n"
	    "  --version     print the version\n"
	    "  -h, --help    this help\n\n"
	    "`sitrep VERB --help` describes a verb; sitrep(1) has the "
	    "details.\n");
}

/* `sitrep help [VERB]`. */
static int cmd_help_exec(const struct cmd_globals *g, struct cmd_args *a)
{
	if (a->argc == 0) {
		cmd_help_all(stdout);
		return SR_EXIT_OK;
	}
	if (cmd_find(a->argv[0], CMD_LINE) == NULL)
		return cmd_usage_error("help", "no verb \"%s\"; `sitrep "
		    "--help` lists them", a->argv[0]);
	return cmd_help(a->argv[0]);
}

/* The word of verb e on side that puts body field: an option or one of
 * the verb's words. */
char *cmd_field_word(const struct cmd_entry *e, const char *field,
    unsigned side)
{
	const struct cmd_entry *t = cmd_target(e);
	const struct cmd_option *o;
	const char *p;
	size_t n = strlen(field);

	for (o = cmd_option_first(t); o != NULL; o = cmd_option_next(t, o)) {
		if (o->field == NULL || strcmp(o->field, field) != 0 ||
		    !cmd_option_on(o, side))
			continue;
		return xasprintf("--%s%s%.*s", o->name, o->value ? " " : "",
		    o->value ? (int)strcspn(o->value, "|") : 0,
		    o->value ? o->value : "");
	}
	for (p = t->fields; p != NULL && (p = strstr(p, field)) != NULL;
	    p += n) {
		if ((p == t->fields || p[-1] == ' ') && p[n] == '=')
			return xstrndup(p + n + 1, strcspn(p + n + 1, " "));
	}
	return NULL;
}
