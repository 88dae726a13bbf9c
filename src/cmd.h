/* cmd.h: the command language: the verbs of the command line and of the
 * terminal's : prompt, each one table entry.
 *
 * cmd.c holds the table, running a verb on the command line, usage and
 * help; cmd-args.c parses a verb's words against its entry (the same for
 * both sides); cmd-parse.c splits a line into words and reads values;
 * cmd-session.c is the one way a verb talks to the server (through
 * client.h); cmd-print.c the human form of events; cmd-<verb>.c the verbs.
 * A verb that records an event has a build step (its words → the event;
 * no I/O, no printing), which the command line and the terminal share, and
 * a report (what the command line says once it is stored); the terminal
 * submits the built event through its own client.
 */
#ifndef SITREP_CMD_H
#define SITREP_CMD_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "event.h"
#include "model.h"

struct cfg;

/* Options every verb accepts, before or after it. */
struct cmd_globals {
	const char *db;        /* --db PATH */
	const char *socket;    /* -S PATH, or the configuration's socket */
	int socket_cfg;        /* socket is the configuration's: --db or -S
	                        * replaces it */
	const char *tz;        /* --tz ZONE */
	int verbose;           /* -v */
	const struct cfg *cfg; /* the configuration files (cfg.h) */
	int confined;          /* attach --from-ssh: the terminal is all this
	                        * login may run (no files written) */
};

/* Where a verb or an option may be used. */
#define CMD_LINE 0x1       /* the command line: sitrep VERB … */
#define CMD_TERMINAL 0x2   /* the terminal's : prompt */
#define CMD_BOTH (CMD_LINE | CMD_TERMINAL)
/* Option flags besides the sides (no side given: both). */
#define CMD_MANY 0x4       /* may be given more than once */
#define CMD_REQUIRED 0x8   /* shown without brackets in the usage */
#define CMD_HIDDEN 0x10    /* neither in the usage nor in the help */
/* Parsing flag besides the side: stop at the first word that is not an
 * option (the options before the verb). */
#define CMD_FIRST 0x20

/* One option of a verb. */
struct cmd_option {
	const char *name;      /* long name: --name */
	int letter;            /* short form -x, or 0 */
	const char *value;     /* what it takes ("TEXT", "TIME"), NULL: none */
	const char *field;     /* the event body field it fills ("at" for
	                        * occurred_at), or NULL */
	unsigned flags;        /* CMD_LINE, CMD_TERMINAL, CMD_MANY, … */
	const char *help;      /* its lines in `sitrep VERB --help` */
};

struct cmd_args;
struct cmd_session;

/* The verb's words as an event (no I/O, no printing): the event, or NULL
 * and *cause, a sentence that says what is wrong with the words. */
typedef struct event *cmd_build_fn(const struct cmd_args *a, char **cause);
/* What the command line says once the server stored ev (a copy of what
 * was submitted, its incident as the server gave it) as seq. */
typedef void cmd_report_fn(struct cmd_session *s, const struct event *ev,
    int64_t seq);
/* A command-line verb that is not one event: an SR_EXIT_* status. */
typedef int cmd_exec_fn(const struct cmd_globals *g, struct cmd_args *a);

/* One verb of the command language. A verb whose synopsis starts with INC
 * and that the command line has too is run at the : prompt with the open
 * incident implied. An alias stands for other words (the terminal's
 * `obs` is `log --type observation`). */
struct cmd_entry {
	const char *name;
	const char *args;      /* its words: "INC SEQ TEXT…", alternatives
	                        * split by " | " */
	const char *fields;    /* body fields the words fill, such as
	                        * "target=SEQ text=TEXT" */
	const struct cmd_option *options; /* ends with a NULL name */
	const char *summary;   /* one line for `sitrep --help` */
	unsigned flags;        /* CMD_LINE, CMD_TERMINAL */
	const char *alias;     /* an alias: the words it stands for */
	cmd_build_fn *build;   /* a verb that records an event */
	cmd_report_fn *report; /* … and what the command line says then */
	cmd_exec_fn *exec;     /* any other command-line verb */
};

/* One option given, in the order given. */
struct cmd_value {
	const struct cmd_option *option;
	char *value;           /* NULL for an option without a value */
};

/* A verb's words parsed against its entry. */
struct cmd_args {
	const struct cmd_entry *entry; /* the verb (an alias is expanded) */
	unsigned side;         /* CMD_LINE or CMD_TERMINAL */
	int argc;              /* the other words, options taken out */
	char **argv;
	struct cmd_value *values;
	size_t nvalues;
	int help;              /* -h or --help was given */
	int next;              /* with CMD_FIRST: the index of that word */
	const char *me;        /* who we are when known, for builds */
};

/* The table, terminated by a NULL name. */
extern const struct cmd_entry cmd_table[];

/* cmd.c: the table, running a verb, usage and help. */
/* The verb or alias called name on side: exact, else a unique prefix
 * (terminal only); NULL when none. */
const struct cmd_entry *cmd_find(const char *name, unsigned side);
/* The verb an entry stands for (itself unless an alias). */
const struct cmd_entry *cmd_target(const struct cmd_entry *e);
/* 1 when option o may be used on side. */
int cmd_option_on(const struct cmd_option *o, unsigned side);
/* Every option of verb e, in order: its own, then --at (when it happened)
 * for every verb that records an event. for (o = cmd_option_first(e);
 * o != NULL; o = cmd_option_next(e, o)). */
const struct cmd_option *cmd_option_first(const struct cmd_entry *e);
const struct cmd_option *cmd_option_next(const struct cmd_entry *e,
    const struct cmd_option *o);
/* The one word of a verb that takes one incident: SR_EXIT_OK and *ref
 * (new string), or the usage error printed and its status. */
int cmd_args_one_incident(const struct cmd_args *a, char **ref);
/* The verb's event from its words (the build step), with --at applied:
 * the event, or NULL and *cause. */
struct event *cmd_build(const struct cmd_args *a, char **cause);
/* 1 when the verb takes the incident as its first word, so that the :
 * prompt implies it. */
int cmd_takes_incident(const struct cmd_entry *e);
/* Run argv (argv[0] is the verb) on the command line: an SR_EXIT_*. */
int cmd_run(const struct cmd_globals *g, int argc, char **argv);
/* Apply a --tz zone (setenv TZ, tzset); -1 and *cause when unknown. */
int cmd_set_tz(const char *zone, char **cause);
/* The usage of e on side, "strike INC SEQ --reason TEXT" (the terminal's
 * without INC); new string. */
char *cmd_usage_text(const struct cmd_entry *e, unsigned side);
/* Print the verb's usage to stderr; returns SR_EXIT_USAGE. */
int cmd_usage(const char *verb);
/* Print "sitrep VERB: message" and the usage to stderr; SR_EXIT_USAGE. */
int cmd_usage_error(const char *verb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Print the verb's full help to stdout; returns SR_EXIT_OK. */
int cmd_help(const char *verb);
/* Print the program's help (every verb) to f. */
void cmd_help_all(FILE *f);
/* Where the words of e on side put body field: "--unknown TEXT", "SEQ"
 * (new string); NULL when no word of the verb does. */
char *cmd_field_word(const struct cmd_entry *e, const char *field,
    unsigned side);
/* The verb whose name is closest to name on side, or NULL. */
const char *cmd_suggest(const char *name, unsigned side);
/* A new event of kind for incident (copied; may be NULL). */
struct event *cmd_event(enum event_kind kind, const char *incident);
/* Fill in what only the session knows (who we are) before ev is sent. */
typedef void cmd_prepare_fn(struct cmd_session *s, struct event *ev);
/* The command line's run of a verb that records an event: standard input
 * where the verb reads it, build, connect, prepare (may be NULL), submit,
 * wait for the ack, report. An SR_EXIT_* status. */
int cmd_submit(const struct cmd_globals *g, struct cmd_args *a,
    cmd_prepare_fn *prepare);
/* Submit ev (stolen) for verb e on s and wait: report it once stored, or
 * after a refusal name the word of the verb it concerns. An SR_EXIT_*. */
int cmd_submit_on(struct cmd_session *s, const struct cmd_entry *e,
    struct event *ev);

/* cmd-args.c: a verb's words parsed, the same way on both sides. */
/* Parse argv (argv[0] is the verb as typed; the entry is e) on side (and
 * CMD_FIRST): 0, or -1 and *cause ("unknown option --x"). On the command
 * line the global options (--db, -S, --tz, -v) are taken too. Free a with
 * cmd_args_free (the values of a live until then). */
int cmd_args_parse(const struct cmd_entry *e, int argc, char **argv,
    unsigned side, struct cmd_args *a, char **cause);
/* Find the verb of argv[0] on side, expand an alias, put incident (the
 * terminal's open one) in where the verb takes it, and parse: 0, or -1 and
 * *cause. *e is set when the verb was found (also on -1). */
int cmd_args_words(int argc, char **argv, unsigned side,
    const char *incident, struct cmd_args *a, const struct cmd_entry **e,
    char **cause);
void cmd_args_free(struct cmd_args *a);
/* The last value of option name, "" for one without a value, NULL when
 * the option was not given. */
const char *cmd_args_get(const struct cmd_args *a, const char *name);
/* The global options given, applied to *g (--tz sets TZ; --db or -S
 * replaces the configuration's socket): 0, or -1 and *cause. */
int cmd_args_globals(const struct cmd_args *a, struct cmd_globals *g,
    char **cause);
/* Replace a "-" that the verb reads from standard input (a TEXT…|- word
 * standing alone, a --brief -) with what standard input holds: 0, or -1
 * and *cause. */
int cmd_args_stdin(struct cmd_args *a, char **cause);
/* Word i as an incident ref ("INC-7", new string), or NULL and *cause. */
char *cmd_args_incident(const struct cmd_args *a, int i, char **cause);
/* The words from i on joined as text: new string, or NULL and *cause. */
char *cmd_args_text(const struct cmd_args *a, int i, char **cause);
/* Option name's value trimmed (new string); NULL when not given or
 * blank. */
char *cmd_args_value(const struct cmd_args *a, const char *name);
/* An event of kind for the incident of word 0 with body.text the words
 * from text on (text < 0: none): the event, or NULL and *cause. */
struct event *cmd_args_event(const struct cmd_args *a, enum event_kind kind,
    int text, char **cause);
/* Option name as a time (dir: WHEN_PAST or WHEN_FUTURE): 0 (not given:
 * *at 0) or -1 and *cause. */
int cmd_args_time(const struct cmd_args *a, const char *name, int dir,
    int64_t *at, char **cause);
/* Completion: what may stand at the last word of argv[0..argc) (the word
 * being typed, maybe "") on side. Each word that may (a verb, an option,
 * a value such as a role) is given to add; returned is the placeholder
 * there when the table has no values for it ("USER", "INC", "TEXT"; new
 * string), for the caller to fill, or NULL. */
typedef void cmd_complete_fn(const char *word, void *arg);
char *cmd_args_complete(int argc, char **argv, unsigned side,
    cmd_complete_fn *add, void *arg);

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
/* The body field the last refusal concerned, or NULL. */
const char *cmd_session_field(const struct cmd_session *s);
/* Submit ev (the client owns it from here) and wait for the ack: prints
 * warnings, or the refusal. Returns SR_EXIT_OK with *seq (and *incident,
 * new string, when not NULL), SR_EXIT_REFUSED or SR_EXIT_SERVER. */
int cmd_session_submit(struct cmd_session *s, struct event *ev, int64_t *seq,
    char **incident);
/* Send msg (stolen; "id" is set here) and wait for the reply of type
 * reply with the same id. NULL after printing why, *status set. */
json_t *cmd_session_request(struct cmd_session *s, json_t *msg,
    const char *reply, int *status);
/* The session's client, for a reader of its own frames (client_raw). */
struct client *cmd_session_client(struct cmd_session *s);
/* Run the session until *flag is set by such a reader; the timeout counts
 * from the last cmd_session_progress(s). SR_EXIT_OK, or the status after
 * printing why. */
int cmd_session_run(struct cmd_session *s, const int *flag, const char *what);
void cmd_session_progress(void *s);
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
/* The refusal of a server whose welcome says it serves another store
 * than the one asked for (--db, $SITREP_DB, or the store a derived socket
 * stands for), naming both; NULL when it serves that one, or when only
 * the socket was named (-S or $SITREP_SOCKET alone: its store is the one
 * wanted). New string. */
char *cmd_session_store_check(const struct cmd_globals *g,
    const json_t *welcome);
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

/* cmd-parse.c: words and values read. */
/* Split line into words as a shell does: blanks separate words, '…'
 * keeps everything, "…" everything but \" and \\, and a backslash outside
 * quotes keeps the next character. 0 with *argc words in *argv
 * (NULL-terminated; cmd_parse_free), or -1 and *cause (an open quote). */
int cmd_parse_split(const char *line, int *argc, char ***argv, char **cause);
void cmd_parse_free(int argc, char **argv);
/* "INC-7", "inc-7" or "7" as "INC-7" (new string); -1 when not a ref. */
int cmd_parse_incident(const char *arg, char **ref);
/* "12" or "#12" as a seq > 0; -1 when not. */
int cmd_parse_seq(const char *arg, int64_t *seq);
/* 1 when s is a name (user, tag, ref): 1..SR_MAX_NAME bytes of valid UTF-8
 * without spaces or control characters; else 0. */
int cmd_parse_name(const char *s);
/* A positive int within [min, max] ("SEV2"/"sev2" too when sev). */
int cmd_parse_int(const char *arg, int min, int max, int sev, int *out);
/* Standard input whole (new string), or NULL and *cause. */
char *cmd_parse_stdin(char **cause);
/* argv[0..argc) joined with spaces and trimmed (new string); NULL and
 * *cause when empty or not UTF-8 (lengths are the server's). */
char *cmd_parse_join(int argc, char **argv, char **cause);

/* cmd-print.c: the human form of events, always sanitized. */
/* text_sanitize(s or ""), single line, ASCII when the locale is not
 * UTF-8. */
char *cmd_print_safe(const char *s);
/* The human line of an event: "#seq HH:MM actor marker text [refs] #tags"
 * (no newline; sanitized). m (may be NULL) numbers hypotheses/follow-ups. */
char *cmd_print_line(const struct event *ev, const struct model *m);
/* The marker and text of an event (sanitized), without seq/time/actor. */
char *cmd_print_text(const struct event *ev);
/* Print warnings (an array of strings) to stderr. */
void cmd_print_warnings(const json_t *warnings);

/* The verbs (cmd-*.c): build and report of those that record an event,
 * exec of the others. */
cmd_build_fn cmd_new_build, cmd_log_build, cmd_log_park_build,
    cmd_update_build, cmd_role_build, cmd_command_handoff_build,
    cmd_command_accept_build, cmd_command_decline_build,
    cmd_command_withdraw_build, cmd_command_relieve_build, cmd_status_build,
    cmd_status_mark_build, cmd_status_sev_build, cmd_status_retitle_build,
    cmd_hyp_build, cmd_fix_amend_build, cmd_fix_strike_build,
    cmd_fix_annotate_build, cmd_snooze_build, cmd_analysis_factor_build,
    cmd_analysis_followup_build, cmd_analysis_summary_build;
cmd_report_fn cmd_new_report, cmd_log_report, cmd_update_report,
    cmd_role_report, cmd_command_handoff_report, cmd_command_accept_report,
    cmd_command_decline_report, cmd_command_withdraw_report,
    cmd_command_relieve_report, cmd_status_report, cmd_hyp_report,
    cmd_fix_report, cmd_snooze_report, cmd_analysis_report;
cmd_exec_fn cmd_ls_exec, cmd_show_exec, cmd_role_exec, cmd_tail_exec,
    cmd_search_exec, cmd_verify_exec, cmd_serve_exec, cmd_serve_kill_exec,
    cmd_demo_exec, cmd_attach_exec, cmd_who_exec, cmd_export_exec,
    cmd_import_exec, cmd_metrics_exec;
int cmd_ls_default(const struct cmd_globals *);
/* 1 when the test hooks ask for the headless terminal (SITREP_UI_KEYS, or
 * SITREP_UI_DUMP alone): no terminal is needed then. */
int cmd_attach_headless(void);
/* The incident list as `sitrep ls` shows it, for the terminal's list too:
 * the column titles, and one incident of a list reply at now (REF SEV
 * STATUS IC AGE TITLE, then [DRILL] and what is overdue; sanitized,
 * aligned by display width, no newline; new string). With width > 0 the
 * title is cut ("…") so that the line fits width columns with its notes
 * whole. */
const char *cmd_ls_head(void);
char *cmd_ls_line(const json_t *inc, int64_t now, int width);

/* The full-screen terminal (ui/ui.c, the only part that draws): incident
 * may be NULL for the incident list. Returns an SR_EXIT_* status. */
int ui_main(const struct cmd_globals *g, const char *incident);

#endif
