/* ui.h: the incident command terminal (ncurses, wide characters).
 *
 * ui/ is the only place that includes curses. The terminal is one more
 * client of the server: it folds every event it receives with model_apply()
 * and draws from that state; it never re-implements a rule. Everything from
 * the store passes through text_sanitize() before it is drawn.
 *
 * One loop (libuv): stdin is a uv_poll, SIGWINCH/SIGHUP/SIGTERM are
 * uv_signals, a one-second timer drives the countdowns, and a uv_check does
 * at most one doupdate() per loop turn when something changed.
 *
 * Each view of the main pane is one struct ui_view_ops (tig's view_ops);
 * every key is one row of the key table in ui-keys.c, which drives both
 * dispatch and the help view.
 */
#ifndef SITREP_UI_H
#define SITREP_UI_H

#include <curses.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <uv.h>

#include "client.h"
#include "cmd.h"
#include "model.h"

/* Rows of timeline text kept in memory; older ones are paged in on demand. */
#define UI_TL_KEEP 2000
/* Events of the tail page asked for at attach (the rest is paged in). */
#define UI_TL_TAIL 200
/* Events of one history page while scrolling. */
#define UI_TL_PAGE 256
/* Width of the side pane when the screen is wide enough for one. */
#define UI_SIDE_WIDTH 30
/* Columns of a pane beside a form below which the pane is left blank. */
#define UI_SLIVER 20
/* Rows a long message may take above the input line. */
#define UI_MSG_ROWS 4
/* Input line history entries kept. */
#define UI_HISTORY 100
/* Status updates and handoff events kept for their views. */
#define UI_LOG_KEEP 200

/* What the main pane shows. */
enum ui_view {
	UI_VIEW_TIMELINE = 0,
	UI_VIEW_UPDATES,
	UI_VIEW_ROLES,
	UI_VIEW_HYPS,
	UI_VIEW_ANALYSIS,
	UI_VIEW_LIST,
	UI_VIEW_HELP,
	UI_VIEW_COUNT
};

/* Which part of the screen takes the keys. */
enum ui_focus {
	UI_FOCUS_MAIN = 0,
	UI_FOCUS_SIDE,
	UI_FOCUS_INPUT
};

/* What a key does: a named request (tig's requests). The form or the
 * input line that has focus runs it first, then the view, then the engine
 * (ui-keys.c). */
enum ui_req {
	UI_REQ_NONE = 0,
	UI_REQ_HELP,           /* the help view, or back from it */
	UI_REQ_FOCUS_NEXT,     /* main pane, side pane, input line */
	UI_REQ_BACK,           /* close the help or a view */
	UI_REQ_VIEW,           /* the view named by the binding's arg */
	UI_REQ_QUIT,           /* detach */
	UI_REQ_INPUT,          /* type at the input line */
	UI_REQ_PROMPT,         /* the input line with arg: prompt, then text */
	UI_REQ_COMMAND,        /* run the command line in arg */
	UI_REQ_FORM_UPDATE,    /* the status update form */
	UI_REQ_FORM_HANDOFF,   /* the handoff form */
	UI_REQ_FORM_HYP,       /* the hypothesis form */
	UI_REQ_FORM_DECLARE,   /* the declare form */
	UI_REQ_FORM_FACTOR,    /* the contributing factor form */
	UI_REQ_FORM_FOLLOWUP,  /* the follow-up form */
	UI_REQ_FORM_SUMMARY,   /* the summary form (and the answers) */
	UI_REQ_FORM_ANNOTATE,  /* the hindsight annotation form */
	UI_REQ_CHANGE,         /* analysis: change the selected item */
	UI_REQ_DISMISS,        /* analysis: dismiss the selected parked
	                        * thought */
	UI_REQ_SHOW_ENTRIES,   /* analysis: the selected item's entries in
	                        * the timeline */
	UI_REQ_REFRESH,        /* ask for the incident list again */
	UI_REQ_SELECT,         /* open what is selected */
	UI_REQ_MOVE_UP,        /* one entry up (older), or up in a form */
	UI_REQ_MOVE_DOWN,
	UI_REQ_PAGE_UP,
	UI_REQ_PAGE_DOWN,
	UI_REQ_MOVE_FIRST,     /* the top: the incident's first entry */
	UI_REQ_MOVE_LAST,      /* the bottom: live */
	UI_REQ_SEARCH_NEXT,    /* next older search match */
	UI_REQ_SEARCH_PREV,    /* next newer search match */
	UI_REQ_ORDER,          /* timeline: time order ⇄ recording order */
	UI_REQ_READ,           /* timeline: a long entry in full, and back */
	UI_REQ_EDIT_LEFT,      /* line editing, in the input line and forms */
	UI_REQ_EDIT_RIGHT,
	UI_REQ_EDIT_HOME,
	UI_REQ_EDIT_END,
	UI_REQ_EDIT_BACKSPACE,
	UI_REQ_EDIT_DELETE,
	UI_REQ_EDIT_DEL_WORD,
	UI_REQ_EDIT_DEL_HOME,
	UI_REQ_EDIT_DEL_END,
	UI_REQ_EDIT_ENTER,
	UI_REQ_EDIT_CANCEL,
	UI_REQ_EDIT_PROMPT,    /* ':' first on the input line */
	UI_REQ_EDIT_COMPLETE,  /* Tab on the input line */
	UI_REQ_HISTORY_PREV,
	UI_REQ_HISTORY_NEXT,
	UI_REQ_FORM_NEXT,      /* next field */
	UI_REQ_FORM_PREV,
	UI_REQ_FORM_CLEAR,     /* empty the field */
	UI_REQ_FORM_NEXT_CHOICE,
	UI_REQ_FORM_PREV_CHOICE,
	UI_REQ_FORM_SEND
};

/* Keymaps: where a key is looked up; each falls back to its parent
 * (ui-keys.c), so a key of UI_KEYS_MAIN works in every view. */
enum ui_keys_map {
	UI_KEYS_ANY = 0,       /* everywhere, forms and the input line too */
	UI_KEYS_MAIN,          /* every view, the incident list too */
	UI_KEYS_VIEW,          /* the timeline and the other incident views */
	UI_KEYS_TIMELINE,      /* the timeline only */
	UI_KEYS_ANALYSIS,      /* the analysis view */
	UI_KEYS_LIST,          /* the incident list */
	UI_KEYS_INPUT,         /* the input line */
	UI_KEYS_EDIT,          /* editing text: the input line and forms */
	UI_KEYS_FORM,          /* a form */
	UI_KEYS_MAP_COUNT
};

/* One row of the key table: a key, what it does, its help line. */
struct ui_keys_binding {
	enum ui_keys_map map;
	int ret;               /* OK or KEY_CODE_YES, as wget_wch gives it */
	wint_t ch;
	enum ui_req req;
	const char *arg;       /* a view name, a prompt, a command, or NULL */
	const char *help;      /* shown in the help view */
};

/* One line of the help's key sections: keys that share a help text. */
struct ui_keys_line {
	enum ui_keys_map map;
	int records;           /* its keys record something: not an
	                        * observer's (ui_keys_records) */
	char keys[64];         /* shown names, space-separated */
	const char *help;
};

/* Rows to an end of a view: the scroll of g (up) and G (down). */
#define UI_VIEW_END 1000000000L

struct ui;

/* Lines of a text view, built then drawn from the scroll position
 * (ui-views.c). */
struct ui_lines {
	char **s;     /* sanitized */
	attr_t *a;
	size_t n;
	int width;
	int nowrap;   /* truncate instead of wrapping */
	long show;    /* a line to scroll into view (the list's selection), or
	               * -1 */
};

/* One view of the main pane (tig's struct view_ops): the engine draws,
 * hints, scrolls and dispatches keys through it. */
struct ui_view_ops {
	const char *name;          /* "timeline": the 1..6 keys and :view */
	enum ui_keys_map keymap;   /* its keys, then its keymap's parents' */
	int full;                  /* the whole width: no side pane */
	int incident;              /* shows the open incident; the list
	                            * stands in while none is open */
	const char *hint;          /* the key hint bar */
	const char *hint_ro;       /* an observer's, without the keys that
	                            * record (NULL: hint has none) */
	/* Switched to (NULL: nothing to do). */
	void (*open)(struct ui *ui);
	/* Draw into the main pane. */
	void (*draw)(struct ui *ui, WINDOW *w);
	/* A text view's lines, which ui-views.c scrolls and draws (NULL for
	 * a view that draws itself). */
	void (*lines)(struct ui *ui, struct ui_lines *l,
	    struct model_incident *inc);
	/* Scroll rows up (back in time; negative: down), UI_VIEW_END rows
	 * for the top. */
	void (*scroll_by)(struct ui *ui, long rows);
	/* A request of the key table for this view; 1 when it ran it (NULL:
	 * none of its own). */
	int (*request)(struct ui *ui, enum ui_req req);
	/* Forget what the view keeps of the open incident (NULL: nothing). */
	void (*done)(struct ui *ui);
};

/* Colour pairs (only used when colour is allowed). */
enum ui_pair {
	UI_PAIR_HEADER = 1,
	UI_PAIR_ALERT,
	UI_PAIR_WARN,
	UI_PAIR_OK,
	UI_PAIR_DIM,
	UI_PAIR_MARK,
	UI_PAIR_DRILL
};

/* One timeline row: a display-ready (sanitized) line of one event. */
struct ui_row {
	int64_t seq;
	int64_t occurred_at;
	int64_t recorded_at;
	int64_t target;
	enum event_kind kind;
	int type;          /* entry type for EV_ENTRY, else -1 */
	char *actor;       /* sanitized */
	const char *marker; /* "NOTE", "UPD", … (static, from the kind) */
	char *text;        /* sanitized, one line */
	char *extra;       /* sanitized refs and tags ("[deploy:1] #db"), or NULL */
	char *refs_raw;    /* "\x1fref\x1fref\x1f" (raw), for filters */
	char *tags_raw;    /* "\x1ftag\x1f" (raw), for filters */
	unsigned struck : 1;  /* flags from the server's page or a live */
	unsigned amended : 1; /* amend/strike (the client does not index */
	unsigned late : 1;    /* entries older than its snapshot) */
};

/* Timeline filter (NULL fields match everything). */
struct ui_filter {
	int type;          /* entry type, -1: any */
	char *author;
	char *tag;
	char *ref;
};

/* The kept window of timeline rows and the scroll position. */
struct ui_timeline {
	struct ui_row *rows;   /* oldest first */
	size_t nrows;
	size_t dropped;        /* rows older than rows[0] not kept */
	size_t scroll;         /* matching rows hidden below the pane */
	size_t unseen;         /* rows arrived while scrolled up */
	int64_t highlight;     /* seq of the current search match, 0: none */
	struct ui_filter filter;
	int64_t *matches;      /* search results (seqs, ascending) */
	size_t nmatches;
	size_t match;          /* index into matches */
	char *query;
	int64_t paging_before; /* an older page was asked for (0: none) */
	int64_t paging_after;  /* a newer page was asked for (0: none) */
	int more_older;        /* older events exist that are not loaded */
	long scroll_pending;   /* scrolled past the top (> 0) or the bottom
	                        * of a detached window (< 0) while paging:
	                        * applied when the page arrives */
	int detached;          /* newer rows were dropped: the window does
	                        * not reach the live end */
	int64_t jump;          /* a page that replaces the window was asked
	                        * for: -1 the first events (g), else up to
	                        * this seq (a search match); 0: none */
	int by_time;           /* shown in the order things happened (the
	                        * rows kept stay in recording order) */
	size_t *order;         /* by_time: row indexes in display order */
	int64_t collapsed;     /* seq of the collapsed row nearest the
	                        * bottom as last drawn (x reads it), 0: none */
	int64_t reading;       /* seq of the entry read in full, 0: none */
	size_t read_top;       /* its first line shown */
};

/* A text being edited (ui-edit.c): the input line, a form field. */
struct ui_edit {
	wchar_t *buf;          /* len characters and a 0 */
	size_t len;
	size_t cap;
	size_t cur;            /* the cursor: before buf[cur] */
};

/* The line editor. */
struct ui_input {
	struct ui_edit e;      /* the line */
	size_t off;            /* first character shown */
	char *history[UI_HISTORY];
	size_t nhistory;
	size_t hpos;           /* == nhistory when not browsing */
	char *saved;           /* the line being typed when browsing started */
	wchar_t prompt;        /* 0, ':' or '/' */
};

/* A form field description. */
struct ui_field_spec {
	const char *name;      /* JSON body field */
	const char *label;
	int height;            /* lines */
	const char *const *choices; /* NULL-terminated enum, or NULL */
	int required;
};

/* A form: its window, the text of its fields and what to do with the
 * values (ui-form.c). */
struct ui_form {
	const char *title;
	const struct ui_field_spec *specs;
	int nspecs;
	struct ui_edit *fields; /* nspecs: each field's text as edited (NULL
	                        * until ui_form_build); kept across a resize */
	WINDOW *win;           /* NULL when the screen is too small */
	char **values;         /* what fills the fields as the form opens;
	                        * then each field's text (ui_form_save) */
	char **initial;        /* the values as the form opened, to tell
	                        * whether anything was typed */
	int current;           /* the field with the cursor */
	int top;               /* its first row shown */
	size_t left;           /* in a field of one row: its first character
	                        * shown */
	int typed_in;          /* choice field typed into since it became
	                        * current */
	int confirm;           /* Esc asked whether to discard the text */
	char **people;         /* the To field's completions (NULL-terminated),
	                        * or NULL */
	size_t person;         /* the one Ctrl-N shows next */
	char *error;           /* refusal shown in the form */
	char *pending_uid;     /* submitted, waiting for the ack */
	/* Build the event from the values; -1 and *cause when a value is bad. */
	struct event *(*build)(struct ui *ui, struct ui_form *f, char **cause);
	char *arg;             /* e.g. the handoff target */
	char *note;            /* the warnings the form was held back with,
	                        * or NULL */
	int advise;            /* ask rules_advise before sending */
	char **sent;           /* the values the note was given for (nspecs),
	                        * or NULL */
};

/* A submission waiting for its ack: what to restore on a refusal. */
struct ui_pending {
	char uid[SR_UID_LEN + 1];
	char *text;            /* the input line that made it, or NULL */
	int open_after;        /* a declare: open the incident on ack */
};

/* A kept status update, handoff or annotation event (for their views). */
struct ui_logitem {
	int64_t seq;
	int64_t at;
	int64_t target;        /* an annotation's entry */
	enum event_kind kind;
	char *actor;
	json_t *body;
};

/* What the analysis view lists, each selectable. */
enum ui_analysis_kind {
	UI_AN_NONE = 0,
	UI_AN_SUMMARY,
	UI_AN_QUESTION,        /* key: enum model_answer_key */
	UI_AN_FACTOR,          /* key: its number */
	UI_AN_ENTRY,           /* an entry of a factor; key: the factor,
	                        * sub: the entry's seq */
	UI_AN_FOLLOWUP,        /* key: its number */
	UI_AN_PARKED,          /* key: its seq */
	UI_AN_ANNOTATION,      /* key: its seq, sub: the entry's */
	UI_AN_MARK             /* key: enum model_mark */
};

/* One item of the analysis view: what it is, and its lines. */
struct ui_analysis_item {
	enum ui_analysis_kind kind;
	int64_t key;
	int64_t sub;
	size_t first, last;    /* its lines, last excluded */
};

/* The analysis view's selection and the items of its last drawing. */
struct ui_analysis {
	enum ui_analysis_kind kind; /* the selected item */
	int64_t key;
	int64_t sub;
	int paged;             /* a page was scrolled: the selection moves
	                        * into it (else the view scrolls to it) */
	struct ui_analysis_item *items;
	size_t nitems;
};

/* Headless test mode (SITREP_UI_KEYS, SITREP_UI_DUMP, SITREP_UI_SIZE). */
struct ui_headless {
	int on;
	char *keys;            /* the script */
	size_t pos;
	char *dump;            /* file the screen is written to */
	char *wait;            /* <Wait:TEXT> pending */
	int64_t wait_deadline;
	FILE *out;
	FILE *in;
};

struct ui {
	const struct cmd_globals *g;
	uv_loop_t *loop;
	struct client *client;
	enum client_state cstate;
	char *cstate_why;
	char *user;
	int readonly;
	char *refusal;         /* the server refused us at connect: why */

	struct model model;
	char *incident;        /* open incident ("INC-7"), NULL: list */
	int synced;
	enum ui_view view;
	enum ui_view back;     /* view to return to from help */
	enum ui_focus focus;
	size_t view_scroll;    /* scroll of the non-timeline views */

	json_t *list;          /* incidents from the last list reply */
	int list_more;         /* it left older incidents out */
	size_t list_sel;
	int64_t next_req;      /* request ids */
	int64_t list_req;
	int64_t search_req;
	int64_t page_req;
	int64_t log_req;       /* the updates and handoffs of the incident */
	struct ui_export *export;  /* the :export being written, or NULL */
	char *left;            /* the open form's text when the terminal ends */
	int log_again;         /* ask for them again once reconnected */

	json_t *presence;      /* users: [{user, idle_ms}] */
	int64_t presence_at;

	struct ui_timeline tl;
	struct ui_input in;
	struct ui_form *form;
	struct ui_pending *pending;
	size_t npending;
	struct ui_logitem *updates;
	size_t nupdates;
	struct ui_logitem *handoffs;
	size_t nhandoffs;
	struct ui_logitem *annotations;
	size_t nannotations;
	struct ui_analysis an;

	const char *typed;     /* the ':' line being run, for ui_submit */
	char *msg;             /* message line */
	int msg_error;
	int64_t msg_at;
	char *zone2;           /* second time zone, or NULL */
	int bell;              /* ring once when an update becomes overdue
	                        * and when command is offered to us (not
	                        * with SITREP_BELL=off or bell = no) */
	int overdue;           /* the open incident's update was overdue at
	                        * the last tick (1, 0), -1: not known yet */
	int64_t bell_offer;    /* the offer (seq) rung for */

	SCREEN *screen;
	int color;
	int rows, cols;
	WINDOW *w_head, *w_main, *w_side, *w_full, *w_msg, *w_input, *w_hint;
	int dirty;
	int quit;
	int exit_code;
	char *fatal;           /* why the terminal stopped, said after it */

	uv_poll_t poll;
	uv_signal_t sig_winch, sig_hup, sig_term, sig_int;
	uv_timer_t tick;
	uv_check_t check;
	uv_idle_t idle;
	struct ui_headless hl;
	FILE *timing;          /* SITREP_UI_TIMING: first screen, key times */
	int64_t key_at;        /* ns a key was taken, until its doupdate */
	int first_drawn;       /* the first full screen was recorded */
};

/* ui.c */
int ui_main(const struct cmd_globals *g, const char *incident);
int ui_init(struct ui *ui, const struct cmd_globals *g, uv_loop_t *loop,
    char **cause);
void ui_free(struct ui *ui);
void ui_message(struct ui *ui, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ui_message_done(struct ui *ui);
void ui_open(struct ui *ui, const char *incident);
void ui_close_incident(struct ui *ui);
void ui_layout(struct ui *ui);
void ui_refresh_list(struct ui *ui);
int64_t ui_request(struct ui *ui, json_t *msg);
struct model_incident *ui_incident(struct ui *ui);
const char *ui_submit(struct ui *ui, struct event *ev, const char *text,
    int open_after);
void ui_set_view(struct ui *ui, enum ui_view v);
const struct ui_view_ops *ui_view_ops(enum ui_view v);
const struct ui_view_ops *ui_view_current(struct ui *ui);
void ui_view_done(struct ui *ui);
attr_t ui_attr(struct ui *ui, enum ui_pair pair, attr_t mono);
const struct ui_keys_binding *ui_key(struct ui *ui, int ret, wint_t ch);
enum ui_view ui_view_find(const char *name);
void ui_draw(struct ui *ui);

/* ui-draw.c: text helpers that respect display columns. */
int ui_draw_put(WINDOW *w, int y, int x, const char *s, int maxcols, attr_t a);
int ui_draw_put_clean(WINDOW *w, int y, int x, const char *s, int maxcols,
    attr_t a);
size_t ui_draw_wrap(const char *s, int width, size_t *starts, size_t max);
void ui_draw_clear_line(WINDOW *w, int y);
char *ui_draw_hm(struct ui *ui, int64_t ms, const char *zone);
void ui_draw_dump(struct ui *ui, const char *path);
char *ui_draw_screen_text(struct ui *ui);

/* ui-header.c */
void ui_header_draw(struct ui *ui);
void ui_header_hint_draw(struct ui *ui);
void ui_header_bell(struct ui *ui, int64_t now);

/* ui-timeline.c */
extern const struct ui_view_ops ui_timeline_view;
void ui_timeline_add(struct ui *ui, const struct event *ev);
void ui_timeline_add_older(struct ui *ui, const struct event *ev);
void ui_timeline_page(struct ui *ui, const json_t *page);
void ui_timeline_flag(struct ui *ui, const struct event *ev);
void ui_timeline_want(struct ui *ui);
void ui_timeline_search(struct ui *ui, const char *query);
void ui_timeline_search_result(struct ui *ui, const json_t *events);
int ui_timeline_filter_set(struct ui *ui, const char *spec, char **cause);
void ui_timeline_filter_describe(const struct ui_filter *f, char *buf, size_t n);
struct ui_row *ui_timeline_row_find(struct ui *ui, int64_t seq);
int ui_timeline_dated(struct ui *ui);
void ui_timeline_show(struct ui *ui, const int64_t *seqs, size_t n,
    const char *what);

/* ui-side.c */
void ui_side_draw(struct ui *ui, WINDOW *w);
void ui_side_presence(struct ui *ui, const json_t *msg);

/* ui-input.c */
void ui_input_init(struct ui_input *in);
void ui_input_free(struct ui_input *in);
void ui_input_clear(struct ui_input *in);
void ui_input_set(struct ui_input *in, const char *utf8);
char *ui_input_text(const struct ui_input *in);
int ui_input_request(struct ui *ui, enum ui_req req);
void ui_input_type(struct ui *ui, int ret, wint_t ch);
void ui_input_draw(struct ui *ui, WINDOW *w);
void ui_input_history_add(struct ui_input *in, const char *line);
void ui_input_restore(struct ui *ui, const char *line);

/* ui-edit.c */
void ui_edit_init(struct ui_edit *e);
void ui_edit_free(struct ui_edit *e);
void ui_edit_set(struct ui_edit *e, const char *utf8);
char *ui_edit_range(const struct ui_edit *e, size_t from, size_t to);
char *ui_edit_text(const struct ui_edit *e);
void ui_edit_insert(struct ui_edit *e, wchar_t wc);
void ui_edit_delete(struct ui_edit *e, size_t from, size_t to);
int ui_edit_request(struct ui_edit *e, enum ui_req req);
int ui_edit_width(wchar_t wc);
int ui_edit_cols(const struct ui_edit *e, size_t from, size_t to);

/* ui-cmd.c */
void ui_cmd_run(struct ui *ui, const char *line);
void ui_cmd_complete(struct ui *ui);
char *ui_cmd_usage(size_t i, const char **summary);
void ui_cmd_note_line(struct ui *ui, const char *line);
void ui_cmd_refused(struct ui *ui, const char *line, const char *field,
    const char *message);
char **ui_cmd_people(struct ui *ui);

/* ui-export.c */
int ui_export_cmd(struct ui *ui, const struct cmd_args *a);
void ui_export_leave(struct ui *ui);

/* ui-form.c */
void ui_form_open_update(struct ui *ui);
void ui_form_open_handoff(struct ui *ui, const char *to);
void ui_form_open_hyp(struct ui *ui);
void ui_form_open_declare(struct ui *ui);
void ui_form_close(struct ui *ui);
struct ui_form *ui_form_open(struct ui *ui, const char *title,
    const struct ui_field_spec *specs, int n,
    struct event *(*build)(struct ui *, struct ui_form *, char **));
void ui_form_build(struct ui *ui, struct ui_form *f);
void ui_form_save(struct ui_form *f);
void ui_form_focus(struct ui_form *f, const char *name);
const char *ui_form_get(struct ui_form *f, const char *name);
int ui_form_request(struct ui *ui, enum ui_req req);
void ui_form_type(struct ui *ui, int ret, wint_t ch);
void ui_form_draw(struct ui *ui);
void ui_form_resize(struct ui *ui);
int ui_form_ack(struct ui *ui, const char *uid, int64_t seq);
char *ui_form_left(struct ui *ui);
int ui_form_nack(struct ui *ui, const char *uid, const char *field,
    const char *message);

/* ui-views.c: the text views and the incident list. */
extern const struct ui_view_ops ui_views_updates_view;
extern const struct ui_view_ops ui_views_roles_view;
extern const struct ui_view_ops ui_views_hyps_view;
extern const struct ui_view_ops ui_views_list_view;
extern const struct ui_view_ops ui_views_help_view;
void ui_views_log(struct ui *ui, const struct event *ev);
void ui_views_log_free(struct ui_logitem **arr, size_t *n);
void ui_views_lines_add(struct ui_lines *l, attr_t a, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ui_views_lines_draw(struct ui *ui, WINDOW *w, struct ui_lines *l);
void ui_views_clamp(struct ui *ui, size_t n, int h);
void ui_views_draw(struct ui *ui, WINDOW *w);
void ui_views_scroll(struct ui *ui, long rows);

/* ui-analysis.c: the analysis view. */
extern const struct ui_view_ops ui_analysis_view;
char *ui_analysis_due(int64_t due);

/* ui-analysis-form.c: the analysis forms. */
void ui_analysis_form_factor(struct ui *ui, const struct model_parked *p);
void ui_analysis_form_followup(struct ui *ui, const struct model_parked *p,
    int factor);
void ui_analysis_form_set(struct ui *ui, const struct model_followup *fu);
void ui_analysis_form_summary(struct ui *ui, int section);
void ui_analysis_form_annotate(struct ui *ui, int64_t target);
void ui_analysis_form_dismiss(struct ui *ui, const struct model_parked *p);
int ui_analysis_form_advise(struct ui *ui, struct ui_form *f,
    const struct event *ev);
int ui_analysis_form_note_rows(struct ui *ui, struct ui_form *f, int width,
    int fields);
void ui_analysis_form_note_draw(struct ui *ui, struct ui_form *f, int y);

/* ui-keys.c: the key table. */
const struct ui_keys_binding *ui_keys_binding(size_t i);
const char *ui_keys_help(size_t i);
const char *ui_keys_map_title(enum ui_keys_map map);
enum ui_keys_map ui_keys_map_parent(enum ui_keys_map map);
const struct ui_keys_binding *ui_keys_find(enum ui_keys_map map, int ret,
    wint_t ch);
void ui_keys_name(int ret, wint_t ch, char *buf, size_t n);
int ui_keys_parse(const char *name, size_t n, int *ret, wint_t *ch);
char *ui_keys_script_names(void);
int ui_keys_help_line(size_t *i, struct ui_keys_line *line);
int ui_keys_records(const struct ui_keys_binding *b);
char *ui_keys_line_text(const struct ui_keys_line *line);
const struct ui_keys_binding *ui_keys_press(struct ui *ui, int ret, wint_t ch);
void ui_keys_prompt(struct ui *ui, const char *arg);

/* ui-headless.c */
int ui_headless_init(struct ui *ui, char **cause);
int ui_headless_check(const char *keys, char **cause);
void ui_headless_step(struct ui *ui);
int ui_headless_busy(struct ui *ui);

#endif
