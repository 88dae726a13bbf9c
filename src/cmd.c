/* cmd.c: the table of verbs, option parsing, usage and help. */
#include <ctype.h>
#include <getopt.h>
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

/* Values of the global long options without a short form. */
#define CMD_OPT_DB 0x100
#define CMD_OPT_TZ 0x101

static int cmd_help_exec(const struct cmd_globals *, int, char **);

/* Every verb: name, usage, summary, exec, option lines. */
const struct cmd_entry cmd_table[] = {
	{ "new", "TITLE… [--sev N] [--drill]",
	  "declare an incident; you become its incident commander",
	  cmd_new_exec,
	  "  --sev N           severity 1 (worst) to 4 or SEV1..4; default 3\n"
	  "  --drill           a drill: marked, left out of metrics\n" },
	{ "ls", "[--all] [--json]",
	  "list the open incidents",
	  cmd_ls_exec,
	  "  --all             closed incidents too\n"
	  "  --json            a JSON array of incident objects\n" },
	{ "show", "INC [--json] [-n N]",
	  "show an incident: state, roles, hypotheses, last update, timeline",
	  cmd_show_exec,
	  "  --json            the incident state as one JSON object\n"
	  "  -n, --last N      timeline entries shown (default 20, 0: all)\n" },
	{ "log", "INC [--type TYPE] [--at TIME] [--ref KEY:VALUE]… "
	  "[--tag TAG]… TEXT…|-",
	  "add a timeline entry (TEXT \"-\" reads it from standard input)",
	  cmd_log_exec,
	  "  -t, --type TYPE   note (default), observation, action, decision,\n"
	  "                    change or comms\n"
	  "  --at TIME         when it happened (back-dates it)\n"
	  "  -r, --ref K:V     a reference such as deploy:4711 (repeatable)\n"
	  "  -g, --tag TAG     a tag (repeatable)\n" },
	{ "update", "INC --impact TEXT --known TEXT --unknown TEXT "
	  "--confidence C [--actions TEXT] [--needs TEXT] [--next TIME] "
	  "[--external]",
	  "post a status update (incident commander or comms lead)",
	  cmd_update_exec,
	  "  --impact TEXT     who or what is affected, how badly\n"
	  "  --known TEXT      what we understand now\n"
	  "  --unknown TEXT    what we do not know yet (may be empty only\n"
	  "                    when the confidence is confirmed)\n"
	  "  --confidence C    confirmed, likely, suspected or unknown\n"
	  "  --actions TEXT    what is being done now\n"
	  "  --needs TEXT      help or decisions we need\n"
	  "  --next TIME       when the next update is due (default: the\n"
	  "                    severity's cadence)\n"
	  "  --external        meant for people outside the response\n" },
	{ "role", "INC ROLE [USER | --release]",
	  "give a role (deputy, scribe, ops, comms, liaison, sme) to USER "
	  "(default: you) or release it",
	  cmd_role_exec,
	  "  --release         drop the role (yours, or USER's)\n" },
	{ "handoff", "INC USER [--brief TEXT|-]",
	  "offer command to USER; you stay in command until they accept",
	  cmd_command_handoff_exec,
	  "  --brief TEXT      the brief (default: from the state); - reads "
	  "it\n"
	  "                    from standard input\n" },
	{ "accept", "INC", "accept the command offered to you",
	  cmd_command_accept_exec, "" },
	{ "decline", "INC [--reason TEXT]",
	  "decline the command offered to you",
	  cmd_command_decline_exec,
	  "  --reason TEXT     why\n" },
	{ "withdraw", "INC", "withdraw your open command offer",
	  cmd_command_withdraw_exec, "" },
	{ "relieve", "INC --reason TEXT",
	  "take command from an unresponsive incident commander",
	  cmd_command_relieve_exec,
	  "  --reason TEXT     why (required)\n" },
	{ "status", "INC STATUS [--reason TEXT]",
	  "change the status: investigating, identified, monitoring, "
	  "resolved, analysis, closed",
	  cmd_status_exec,
	  "  --reason TEXT     why (required when going back)\n" },
	{ "mark", "INC MARK [--at TIME]",
	  "set a key instant: impact-start, detected, mitigated, resolved",
	  cmd_status_mark_exec,
	  "  --at TIME         when (default: now)\n" },
	{ "sev", "INC N", "change the severity (1 worst .. 4)",
	  cmd_status_sev_exec, "" },
	{ "retitle", "INC TITLE…", "change the title",
	  cmd_status_retitle_exec, "" },
	{ "hyp", "INC open TEXT… | INC set N STATE [--note TEXT]",
	  "open a hypothesis, or set one's state (open, investigating, "
	  "supported, ruled-out, confirmed)",
	  cmd_hyp_exec,
	  "  --note TEXT       why the state changed (with set)\n" },
	{ "park", "INC TEXT…|-",
	  "park an analysis thought for later (hidden during recovery)",
	  cmd_log_park_exec, "" },
	{ "amend", "INC SEQ TEXT… --reason TEXT",
	  "correct entry SEQ; the original stays visible",
	  cmd_fix_amend_exec,
	  "  --reason TEXT     why (required)\n" },
	{ "strike", "INC SEQ --reason TEXT",
	  "retract entry SEQ; it stays visible, struck",
	  cmd_fix_strike_exec,
	  "  --reason TEXT     why (required)\n" },
	{ "snooze", "INC DURATION",
	  "snooze the next-update reminder (15m, 1h30m, …)",
	  cmd_snooze_exec, "" },
	{ "factor", "INC TEXT…|-",
	  "record a contributing factor (analysis, after resolved)",
	  cmd_analysis_factor_exec, "" },
	{ "followup", "INC TEXT… [--owner OWNER] [--due TIME]",
	  "record a follow-up action (analysis, after resolved)",
	  cmd_analysis_followup_exec,
	  "  --owner OWNER     a team or role that owns it\n"
	  "  --due TIME        when it is due (2026-12-01, +7d, …)\n" },
	{ "summary", "INC TEXT…|- [--impact TEXT]",
	  "write the postmortem summary (analysis, after resolved)",
	  cmd_analysis_summary_exec,
	  "  --impact TEXT     the customer impact in a sentence\n" },
	{ "tail", "INC|all [--json] [--since SEQ] [--no-follow]",
	  "print the timeline, then follow new events until interrupted",
	  cmd_tail_exec,
	  "  --json            one JSON object per event and line\n"
	  "  --since SEQ       only events after SEQ\n"
	  "  --no-follow       stop at the end of the history\n" },
	{ "search", "QUERY… [--inc INC] [--json] [--limit N]",
	  "full-text search over entries, updates, hypotheses, parked thoughts",
	  cmd_search_exec,
	  "  --inc INC         only in this incident\n"
	  "  --json            a JSON array of the matching events\n"
	  "  --limit N         at most N results (default 50)\n" },
	{ "export", "INC [--format md|json|csv|html] [-o FILE] [--force]",
	  "write the incident as a postmortem (md, html), its timeline (csv) "
	  "or its record (json)",
	  cmd_export_exec,
	  "  -f, --format F    md (default), html, csv or json\n"
	  "  -o, --output FILE write FILE (atomically) instead of standard "
	  "output\n"
	  "  --force           replace FILE when it exists\n"
	  "  --tz ZONE         times in ZONE (default: the incident's zone)\n" },
	{ "import", "FILE|-",
	  "add an incident exported with --format json to this store",
	  cmd_import_exec, "" },
	{ "metrics", "[--since TIME] [--json]",
	  "durations, severities, factor categories and overdue follow-ups "
	  "across incidents (drills left out)",
	  cmd_metrics_exec,
	  "  --since TIME      incidents declared since TIME (2026-01-01, "
	  "-30d, …)\n"
	  "  --json            one JSON object\n" },
	{ "verify", "[--json]",
	  "recompute the store's hash chain and report the first break",
	  cmd_verify_exec,
	  "  --json            one JSON object: ok, events, broken_at\n" },
	{ "serve", "[-D] [-v] [-S PATH] [--group GROUP]",
	  "run the server (normally started by the first client)",
	  cmd_serve_exec,
	  "  -D, --foreground  stay in the foreground\n"
	  "  -v                log to sitrep-server-PID.log beside the socket\n"
	  "  -S PATH           listen on PATH\n"
	  "  --group GROUP     share the socket with the members of GROUP\n" },
	{ "kill-server", "", "stop the server of this store",
	  cmd_serve_kill_exec, "" },
	{ "demo", "[--peer USER]",
	  "create a realistic drill incident that shows every feature",
	  cmd_demo_exec,
	  "  --peer USER       offer command to USER, then withdraw the offer\n" },
	{ "attach", "[INC]",
	  "open the full-screen incident command terminal (see sitrep-attach(1))",
	  cmd_attach_exec, "" },
	{ "help", "[VERB]", "help on a verb", cmd_help_exec, "" },
	{ NULL, NULL, NULL, NULL, NULL }
};

/* The global options, accepted by every verb. */
static const struct option cmd_global_options[] = {
	{ "db", required_argument, NULL, CMD_OPT_DB },
	{ "socket", required_argument, NULL, 'S' },
	{ "tz", required_argument, NULL, CMD_OPT_TZ },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Find a verb by its exact name. */
const struct cmd_entry *cmd_find(const char *name)
{
	const struct cmd_entry *e;

	for (e = cmd_table; e->name != NULL; e++) {
		if (strcmp(e->name, name) == 0)
			return e;
	}
	return NULL;
}

/* Run a verb; unknown verbs are a usage error with a suggestion. */
int cmd_run(const struct cmd_globals *g, int argc, char **argv)
{
	const struct cmd_entry *e = cmd_find(argv[0]);
	const char *near;
	char *safe;

	if (e == NULL) {
		safe = cmd_print_safe(argv[0]);
		near = cmd_suggest(argv[0]);
		if (near != NULL)
			fprintf(stderr, "sitrep: unknown verb \"%s\"; did you "
			    "mean \"%s\"?\n", safe, near);
		else
			fprintf(stderr, "sitrep: unknown verb \"%s\"\n", safe);
		fprintf(stderr, "`sitrep --help` lists the verbs\n");
		free(safe);
		return SR_EXIT_USAGE;
	}
	optind = 0;
	opterr = 0;
	return e->exec(g, argc, argv);
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

/* The verb closest to name: a prefix of one, or within one edit (two for
 * longer names). */
const char *cmd_suggest(const char *name)
{
	const struct cmd_entry *e;
	const char *best = NULL;
	size_t d, bestd = strlen(name) > 4 ? 3 : 2;

	for (e = cmd_table; e->name != NULL; e++) {
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

/* Merge the verb's long options with the global ones (new array). */
static struct option *cmd_getopt_merge(const struct option *longopts)
{
	struct option *all;
	size_t n = 0, m = 0;

	while (longopts != NULL && longopts[n].name != NULL)
		n++;
	while (cmd_global_options[m].name != NULL)
		m++;
	all = xreallocarray(NULL, n + m + 1, sizeof *all);
	if (n != 0)
		memcpy(all, longopts, n * sizeof *all);
	memcpy(all + n, cmd_global_options, (m + 1) * sizeof *all);
	return all;
}

/* Report a bad option the way getopt saw it ('?' or ':'), after
 * "sitrep VERB: " (verb NULL: "sitrep: "). */
void cmd_option_error(const char *verb, int ch, int argc, char **argv)
{
	const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	char *name, *bad;

	if (strncmp(arg, "--", 2) == 0 || optopt <= 0 || optopt >= 0x100)
		name = xstrndup(arg, strcspn(arg, "="));
	else
		name = xasprintf("-%c", optopt);
	bad = cmd_print_safe(name);
	fprintf(stderr, "sitrep%s%s: %s %s%s\n", verb ? " " : "",
	    verb ? verb : "", ch == ':' ? "option" : "unknown option", bad,
	    ch == ':' ? " needs a value" : "");
	free(bad);
	free(name);
}

/* Print "sitrep VERB: message", sanitized (it may quote an argument). */
static void cmd_getopt_say(const char *verb, const char *msg)
{
	char *safe = cmd_print_safe(msg);

	fprintf(stderr, "sitrep %s: %s\n", verb, safe);
	free(safe);
}

/* 1 when the value of the option just read is valid UTF-8 (text goes to
 * the server as JSON); else say which option, and 0. */
static int cmd_getopt_utf8(const char *verb, const char *name, int ch)
{
	char *msg;

	if (optarg == NULL || text_valid_utf8(optarg, strlen(optarg)))
		return 1;
	if (name != NULL)
		msg = xasprintf("the value of --%s is not valid UTF-8; check "
		    "the terminal's character set", name);
	else
		msg = xasprintf("the value of -%c is not valid UTF-8; check "
		    "the terminal's character set", ch);
	cmd_getopt_say(verb, msg);
	free(msg);
	return 0;
}

/* getopt_long with the global options folded in. */
int cmd_getopt(int argc, char **argv, const char *shortopts,
    const struct option *longopts, struct cmd_globals *g)
{
	struct option *all = cmd_getopt_merge(longopts);
	char *shorts = xasprintf(":%sS:vh", shortopts);
	char *cause;
	int ch, idx;

	for (;;) {
		idx = -1;
		ch = getopt_long(argc, argv, shorts, all, &idx);
		if (ch == CMD_OPT_DB)
			g->db = optarg;
		else if (ch == 'S')
			g->socket = optarg;
		else if (ch == 'v')
			g->verbose++;
		else if (ch == CMD_OPT_TZ && cmd_set_tz(optarg, &cause) == 0)
			g->tz = optarg;
		else if (ch == CMD_OPT_TZ) {
			cmd_getopt_say(argv[0], cause);
			free(cause);
			ch = '?';
			break;
		} else {
			if (ch == '?' || ch == ':')
				cmd_option_error(argv[0], ch, argc, argv);
			else if (ch != -1 && !cmd_getopt_utf8(argv[0],
			    idx >= 0 ? all[idx].name : NULL, ch))
				ch = '?';
			break;
		}
	}
	free(shorts);
	free(all);
	return ch == ':' ? '?' : ch;
}

/* Take the incident ref argument. */
int cmd_arg_incident(int argc, char **argv, char **ref)
{
	char *safe;
	int status;

	if (optind >= argc)
		return cmd_usage_error(argv[0], "which incident? give its "
		    "ref, such as INC-3");
	if (cmd_parse_incident(argv[optind], ref) != 0) {
		safe = cmd_print_safe(argv[optind]);
		status = cmd_usage_error(argv[0], "\"%s\" is not an incident "
		    "ref such as INC-3", safe);
		free(safe);
		return status;
	}
	optind++;
	return SR_EXIT_OK;
}

/* Take the text arguments. */
int cmd_arg_text(int argc, char **argv, char **text)
{
	char *cause;
	int status;

	if (optind >= argc)
		return cmd_usage_error(argv[0], "give the text, or - to read "
		    "it from standard input");
	if ((*text = cmd_parse_text(argc - optind, argv + optind, &cause)) != NULL)
		return SR_EXIT_OK;
	status = cmd_usage_error(argv[0], "%s", cause);
	free(cause);
	return status;
}

/* Parse the options of a verb without options of its own. */
int cmd_noopts(struct cmd_globals *g, int argc, char **argv)
{
	int ch;

	while ((ch = cmd_getopt(argc, argv, "", NULL, g)) != -1) {
		if (ch == 'h')
			return cmd_help(argv[0]);
		return cmd_usage(argv[0]);
	}
	return -1;
}

/* Options of a verb with one text option: -1 to go on, else the status. */
int cmd_getopt_text(struct cmd_globals *g, int argc, char **argv,
    const struct option *longopts, int letter, char **value)
{
	int ch, status = -1;

	*value = NULL;
	while (status == -1 &&
	    (ch = cmd_getopt(argc, argv, "", longopts, g)) != -1) {
		if (ch == 'h')
			status = cmd_help(argv[0]);
		else if (ch != letter)
			status = cmd_usage(argv[0]);
		else {
			free(*value);
			*value = text_trim(xstrdup(optarg));
		}
	}
	if (status != -1) {
		free(*value);
		*value = NULL;
	}
	return status;
}

/* A verb INC TEXT…|-: one event of kind with body.text. */
int cmd_text_verb(const struct cmd_globals *g0, int argc, char **argv,
    enum event_kind kind, const char *done, const char *tail)
{
	struct cmd_globals g = *g0;
	struct event *ev;
	char *inc = NULL, *text = NULL;
	int64_t seq;
	int status;

	if ((status = cmd_noopts(&g, argc, argv)) != -1)
		return status;
	if ((status = cmd_arg_incident(argc, argv, &inc)) != SR_EXIT_OK ||
	    (status = cmd_arg_text(argc, argv, &text)) != SR_EXIT_OK)
		goto out;
	ev = cmd_event(kind, inc);
	json_object_set_new(ev->body, "text", json_string(text));
	if ((status = cmd_session_submit_once(&g, ev, &seq, NULL)) == SR_EXIT_OK)
		printf("#%" PRId64 " %s %s%s\n", seq, done, inc, tail);
out:
	free(text);
	free(inc);
	return status;
}

/* A new event of a kind, for an incident. */
struct event *cmd_event(enum event_kind kind, const char *incident)
{
	struct event *ev = event_new(kind);

	if (incident != NULL)
		ev->incident = xstrdup(incident);
	return ev;
}

/* Print the verb's usage line(s) to f. */
static void cmd_print_usage(FILE *f, const struct cmd_entry *e)
{
	fprintf(f, "usage: sitrep %s%s%s\n", e->name, *e->usage ? " " : "",
	    e->usage);
}

/* Print the usage of a verb to stderr. */
int cmd_usage(const char *verb)
{
	const struct cmd_entry *e = cmd_find(verb);

	if (e != NULL) {
		cmd_print_usage(stderr, e);
		fprintf(stderr, "`sitrep %s --help` says more\n", e->name);
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
	safe = text_sanitize(msg, TEXT_MULTILINE);
	fprintf(stderr, "sitrep %s: %s\n", verb, safe);
	free(safe);
	free(msg);
	return cmd_usage(verb);
}

/* Print a verb's help to stdout. */
int cmd_help(const char *verb)
{
	const struct cmd_entry *e = cmd_find(verb);

	if (e == NULL)
		return SR_EXIT_USAGE;
	cmd_print_usage(stdout, e);
	printf("%c%s.\n\noptions:\n%s", toupper((unsigned char)*e->summary),
	    e->summary + 1, e->options);
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
static int cmd_help_exec(const struct cmd_globals *g, int argc, char **argv)
{
	if (argc < 2) {
		cmd_help_all(stdout);
		return SR_EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cmd_help(argv[0]);
	if (cmd_find(argv[1]) == NULL)
		return cmd_usage_error("help", "no verb \"%s\"; `sitrep "
		    "--help` lists them", argv[1]);
	return cmd_help(argv[1]);
}
