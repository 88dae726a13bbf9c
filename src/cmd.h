/* cmd.h: the command-line verbs; each is one table entry.
 *
 * cmd.c holds the table, option parsing and usage; cmd-session.c the one
 * way a verb talks to the server (through client.h); cmd-print.c the shared
 * parsing of arguments and the human form of events; cmd-<verb>.c the verbs.
 */
#ifndef SITREP_CMD_H
#define SITREP_CMD_H

#include <getopt.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "event.h"
#include "model.h"

/* Options every verb accepts, before or after it. */
struct cmd_globals {
	const char *db;        /* --db PATH */
	const char *socket;    /* -S PATH */
	const char *tz;        /* --tz ZONE */
	int verbose;           /* -v */
};

struct cmd_entry {
	const char *name;
	const char *usage;     /* "INC TEXT [--type TYPE] …" */
	const char *summary;   /* one line for `sitrep --help` */
	int (*exec)(const struct cmd_globals *g, int argc, char **argv);
	const char *options;   /* the option lines of `sitrep VERB --help` */
};

/* The table, terminated by a NULL name. */
extern const struct cmd_entry cmd_table[];

/* Find a verb by name (exact). */
const struct cmd_entry *cmd_find(const char *name);
/* Run argv (argv[0] is the verb). Returns an SR_EXIT_* status. */
int cmd_run(const struct cmd_globals *g, int argc, char **argv);

/* cmd.c: options and usage. */
/* getopt_long over the verb's options plus the global ones (--db, -S,
 * --tz, -v), which it stores in *g, and -h/--help (returned as 'h').
 * Unknown options and missing values are reported and returned as '?'. */
int cmd_getopt(int argc, char **argv, const char *shortopts,
    const struct option *longopts, struct cmd_globals *g);
/* Report a bad option as getopt saw it (ch '?' or ':') after "sitrep
 * VERB: " ("sitrep: " when verb is NULL); the option is sanitized. */
void cmd_option_error(const char *verb, int ch, int argc, char **argv);
/* Apply a --tz zone (setenv TZ, tzset); -1 and *cause when unknown. */
int cmd_set_tz(const char *zone, char **cause);
/* Print the verb's usage to stderr; returns SR_EXIT_USAGE. */
int cmd_usage(const char *verb);
/* Print "sitrep VERB: message" and the usage to stderr; SR_EXIT_USAGE. */
int cmd_usage_error(const char *verb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Print the verb's full help to stdout; returns SR_EXIT_OK. */
int cmd_help(const char *verb);
/* Print the program's help (every verb) to f. */
void cmd_help_all(FILE *f);
/* Take the incident ref at argv[optind] (optind moves on): 0 and *ref (new
 * string), or the usage error printed and SR_EXIT_USAGE. */
int cmd_arg_incident(int argc, char **argv, char **ref);
/* The text at argv[optind..argc) (see cmd_print_text): SR_EXIT_OK and *text, or
 * the usage error printed and SR_EXIT_USAGE. */
int cmd_arg_text(int argc, char **argv, char **text);
/* Options of a verb that has none of its own: -1 to go on, else the exit
 * status (help printed, or usage error). */
int cmd_noopts(struct cmd_globals *g, int argc, char **argv);
/* Options of a verb whose one option (letter) takes text, such as --reason:
 * -1 to go on, *value set (trimmed new string; NULL when not given), else
 * the exit status (help printed, or usage error; *value freed). */
int cmd_getopt_text(struct cmd_globals *g, int argc, char **argv,
    const struct option *longopts, int letter, char **value);
/* A verb INC TEXT…|- without options: submit an event of kind with
 * body.text, then print "#SEQ done INC tail". */
int cmd_text_verb(const struct cmd_globals *g0, int argc, char **argv,
    enum event_kind kind, const char *done, const char *tail);
/* A new event of kind for incident (copied; may be NULL). */
struct event *cmd_event(enum event_kind kind, const char *incident);
/* The verb whose name is closest to name, or NULL. */
const char *cmd_suggest(const char *name);

/* cmd-session.c: one connection to the server for one verb. */
struct cmd_session;
/* Called for each event of a subscription (borrowed), and with NULL each
 * time the history has been sent ("synced"); non-zero stops. */
typedef int (*cmd_event_cb)(const struct event *ev, void *arg);
/* Connect and wait for the welcome; autostart: start the server when none
 * answers, and reconnect when it goes away.
 * NULL after printing why, *status set (SR_EXIT_SERVER). */
struct cmd_session *cmd_session_open(const struct cmd_globals *g,
    int autostart, int *status);
void cmd_session_close(struct cmd_session *s);
/* The user the server knows us as. */
const char *cmd_session_user(const struct cmd_session *s);
/* The socket path in use. */
const char *cmd_session_socket(const struct cmd_session *s);
/* Submit ev (the client owns it from here) and wait for the ack: prints
 * warnings, or the refusal. Returns SR_EXIT_OK with *seq (and *incident,
 * new string, when not NULL), SR_EXIT_REFUSED or SR_EXIT_SERVER. */
int cmd_session_submit(struct cmd_session *s, struct event *ev, int64_t *seq,
    char **incident);
/* Send msg (stolen; "id" is set here) and wait for the reply of type
 * reply with the same id. NULL after printing why, *status set. */
json_t *cmd_session_request(struct cmd_session *s, json_t *msg,
    const char *reply, int *status);
/* Subscribe to incident ("*": all) from since; cb gets each event. Without
 * follow, returns at "synced"; with follow, runs until SIGINT/SIGTERM.
 * Returns an SR_EXIT_* status. */
int cmd_session_subscribe(struct cmd_session *s, const char *incident,
    int64_t since, int follow, cmd_event_cb cb, void *arg);
/* Fold the incident's whole history into m (model_init'ed by the caller).
 * Returns an SR_EXIT_* status; SR_EXIT_REFUSED (printed) when there is no
 * such incident. */
int cmd_session_fold(struct cmd_session *s, const char *incident,
    struct model *m);
/* kill-server: ask the server to stop and wait until it has; "no server
 * running" is success. Returns an SR_EXIT_* status. */
int cmd_session_shutdown(const struct cmd_globals *g);
/* The stored event seq of incident (new copy), or NULL after printing. */
struct event *cmd_session_fetch(struct cmd_session *s, const char *incident,
    int64_t seq);
/* The number (H2, F3) the fold gave the hypothesis or follow-up recorded
 * as seq in incident, or 0 when unknown. */
int cmd_session_number(struct cmd_session *s, const char *incident,
    int64_t seq);
/* Open, submit one event, close. */
int cmd_session_submit_once(const struct cmd_globals *g, struct event *ev,
    int64_t *seq, char **incident);

/* cmd-parse.c: command-line arguments read. */
/* "INC-7", "inc-7" or "7" as "INC-7" (new string); -1 when not a ref. */
int cmd_parse_incident(const char *arg, char **ref);
/* "12" or "#12" as a seq > 0; -1 when not. */
int cmd_parse_seq(const char *arg, int64_t *seq);
/* 1 when s is a name (user, tag, ref): 1..SR_MAX_NAME bytes of valid UTF-8
 * without spaces or control characters; else 0. */
int cmd_parse_name(const char *s);
/* A positive int within [min, max] ("SEV2"/"sev2" too when sev). */
int cmd_parse_int(const char *arg, int min, int max, int sev, int *out);
/* The text of argv[0..argc) joined with spaces; "-" alone reads stdin.
 * NULL and *cause when empty or not UTF-8 (lengths are the server's). */
char *cmd_parse_text(int argc, char **argv, char **cause);

/* cmd-print.c: the human form of events, always sanitized. */
/* text_sanitize(s or ""), single line. */
char *cmd_print_safe(const char *s);
/* The human line of an event: "#seq HH:MM actor marker text [refs] #tags"
 * (no newline; sanitized). m (may be NULL) numbers hypotheses/follow-ups. */
char *cmd_print_line(const struct event *ev, const struct model *m);
/* The marker and text of an event (sanitized), without seq/time/actor. */
char *cmd_print_text(const struct event *ev);
/* Print warnings (an array of strings) to stderr. */
void cmd_print_warnings(const json_t *warnings);

/* The verbs (cmd-*.c). */
int cmd_new_exec(const struct cmd_globals *, int, char **);
int cmd_ls_exec(const struct cmd_globals *, int, char **);
int cmd_ls_default(const struct cmd_globals *);
int cmd_show_exec(const struct cmd_globals *, int, char **);
int cmd_log_exec(const struct cmd_globals *, int, char **);
int cmd_log_park_exec(const struct cmd_globals *, int, char **);
int cmd_update_exec(const struct cmd_globals *, int, char **);
int cmd_role_exec(const struct cmd_globals *, int, char **);
int cmd_command_handoff_exec(const struct cmd_globals *, int, char **);
int cmd_command_accept_exec(const struct cmd_globals *, int, char **);
int cmd_command_decline_exec(const struct cmd_globals *, int, char **);
int cmd_command_withdraw_exec(const struct cmd_globals *, int, char **);
int cmd_command_relieve_exec(const struct cmd_globals *, int, char **);
int cmd_status_exec(const struct cmd_globals *, int, char **);
int cmd_status_mark_exec(const struct cmd_globals *, int, char **);
int cmd_status_sev_exec(const struct cmd_globals *, int, char **);
int cmd_status_retitle_exec(const struct cmd_globals *, int, char **);
int cmd_hyp_exec(const struct cmd_globals *, int, char **);
int cmd_fix_amend_exec(const struct cmd_globals *, int, char **);
int cmd_fix_strike_exec(const struct cmd_globals *, int, char **);
int cmd_snooze_exec(const struct cmd_globals *, int, char **);
int cmd_analysis_factor_exec(const struct cmd_globals *, int, char **);
int cmd_analysis_followup_exec(const struct cmd_globals *, int, char **);
int cmd_analysis_summary_exec(const struct cmd_globals *, int, char **);
int cmd_tail_exec(const struct cmd_globals *, int, char **);
int cmd_search_exec(const struct cmd_globals *, int, char **);
int cmd_verify_exec(const struct cmd_globals *, int, char **);
int cmd_export_exec(const struct cmd_globals *, int, char **);
int cmd_import_exec(const struct cmd_globals *, int, char **);
int cmd_metrics_exec(const struct cmd_globals *, int, char **);
int cmd_serve_exec(const struct cmd_globals *, int, char **);
int cmd_serve_kill_exec(const struct cmd_globals *, int, char **);
int cmd_demo_exec(const struct cmd_globals *, int, char **);
int cmd_attach_exec(const struct cmd_globals *, int, char **);

/* The full-screen terminal (ui/ui.c, the only part that draws): incident
 * may be NULL for the incident list. Returns an SR_EXIT_* status. */
int ui_main(const struct cmd_globals *g, const char *incident);

#endif
