/* export.h: an incident as a document: Markdown, HTML, CSV and JSON.
 *
 * export.c gathers an incident's events (in seq order), folds them and
 * answers what every format asks (the timeline in the order things
 * happened, the corrections of an entry, times in the export's zone, the
 * format table). export-sections.c walks the sections a postmortem has
 * (key times, summary, roles and command, status updates, hypotheses,
 * timeline, factors, follow-ups, parked thoughts, annotations) once, as
 * blocks and inline text handed to an output's operations; export-md.c
 * and export-html.c (with export-svg.c, the drawn time axis) are two such
 * outputs. export-csv.c writes the timeline as RFC 4180 CSV. export-json.c
 * writes the events verbatim with the incident's metadata and reads such
 * a file back, checking its schema and hash chain (sitrep-export(5)).
 *
 * Every event is put into words by kind_describe(), never here; every
 * stored text is sanitized (text.h) and then escaped for the format.
 * Nothing here draws on a terminal or talks to a server: the writers take
 * a FILE *, the reader a buffer.
 */
#ifndef SITREP_EXPORT_H
#define SITREP_EXPORT_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "event.h"
#include "model.h"

/* A correction or annotation pointing at an entry (export_doc_fixes). */
struct export_fix {
	int64_t target;
	const struct event *ev;
};

/* One incident gathered for export. */
struct export_doc {
	struct model m;              /* the fold of evs */
	const struct model_incident *inc; /* set by export_doc_finish */
	struct event **evs;          /* every event, in seq order */
	size_t nevs;
	size_t cap;
	const struct event **byt;    /* the timeline (no analysis material, no
	                              * corrections) in the order things
	                              * happened */
	size_t nbyt;
	struct export_fix *fixes;    /* amendments, strikes, annotations, by
	                              * target then seq */
	size_t nfixes;
	const char *zone;            /* the zone every time is shown in; the
	                              * process's TZ is set to it */
	int64_t now;                 /* when the export was made */
	int days;                    /* times carry their date */
};

void export_doc_init(struct export_doc *d);
/* Keep a copy of ev (events come in seq order) and fold it. */
void export_doc_add(struct export_doc *d, const struct event *ev);
/* Done adding: find incident ref among the events, order the timeline.
 * zone names the zone TZ is set to; now is the export's time. -1 and
 * *cause when the events hold no such incident. */
int export_doc_finish(struct export_doc *d, const char *ref,
    const char *zone, int64_t now, char **cause);
void export_doc_free(struct export_doc *d);
/* The event seq, or NULL. */
const struct event *export_doc_event(const struct export_doc *d,
    int64_t seq);
/* The corrections and annotations of target, oldest first (*n of them). */
const struct export_fix *export_doc_fixes(const struct export_doc *d,
    int64_t target, size_t *n);
/* The latest fix of kind pointing at target, or NULL. */
const struct event *export_doc_fix(const struct export_doc *d,
    enum event_kind kind, int64_t target);
/* ev in words (kind_describe with the incident's numbering); new string,
 * raw: the caller escapes it. */
char *export_doc_describe(const struct export_doc *d, const struct event *ev);
/* "14:07", or "2026-11-22 14:07" when the incident spans days; new. */
char *export_doc_when(const struct export_doc *d, int64_t ms);
/* 1 when a follow-up is still to do and its due date is before the
 * export. */
int export_doc_past_due(const struct export_doc *d,
    const struct model_followup *f);
/* Order events (const struct event * elements) by when they happened,
 * ties by seq: the order of every timeline (for qsort). */
int export_by_time(const void *a, const void *b);
/* When ev happened: occurred_at, else recorded_at. */
int64_t export_event_when(const struct event *ev);
/* 1 when ev is a row of the timeline (not analysis, not a correction). */
int export_on_timeline(const struct event *ev);

/* ISO 8601 in the local zone with its offset, "2026-11-22T14:07:30+01:00";
 * new string. */
char *export_iso(int64_t ms);
/* The export's time: $SOURCE_DATE_EPOCH (seconds; reproducible documents)
 * when set, else now. -1 and *cause when it is set but not a number. */
int export_clock(int64_t *now, char **cause);

/* Block elements of a document, opened and closed in nested order. */
enum export_block {
	EXPORT_H1 = 0,
	EXPORT_H2,
	EXPORT_H3,
	EXPORT_P,       /* a paragraph */
	EXPORT_LIST,    /* a bulleted list of EXPORT_ITEM */
	EXPORT_ITEM,
	EXPORT_TABLE,   /* one header row, then rows of data cells */
	EXPORT_HEADROW, /* the header row, of EXPORT_TH */
	EXPORT_ROW,     /* a row of EXPORT_TD */
	EXPORT_TH,
	EXPORT_TD,
	EXPORT_QUOTE,   /* quoted text (a handoff brief) */
	EXPORT_BLOCK_COUNT
};

/* Inline styles of a piece of text. */
#define EXPORT_STRONG 0x1
#define EXPORT_EM 0x2
#define EXPORT_STRIKE 0x4  /* struck entries */
#define EXPORT_ALERT 0x8   /* past due: drawn loud */
#define EXPORT_MUTED 0x10  /* secondary: who, when */

struct export_out;

/* What an output format does with the walk of the sections. */
struct export_ops {
	/* Open a block; id (may be NULL) is an anchor links can point at. */
	void (*open)(struct export_out *o, enum export_block b, const char *id);
	void (*close)(struct export_out *o, enum export_block b);
	/* Stored or program text, raw: the output sanitizes and escapes it. */
	void (*text)(struct export_out *o, const char *raw, unsigned style);
	/* A link to the anchor id with a raw label. */
	void (*link)(struct export_out *o, const char *id, const char *raw);
	/* The drawn time axis after the key times (NULL: the format has
	 * none). */
	void (*axis)(struct export_out *o);
	/* Before and after everything. */
	void (*begin)(struct export_out *o);
	void (*end)(struct export_out *o);
};

/* An output in progress: the format's state lives here too. */
struct export_out {
	const struct export_ops *ops;
	const struct export_doc *doc;
	FILE *f;
	enum export_block stack[16];
	int depth;
	int cells;      /* cells written in the current row */
	int fresh;      /* at the start of a line of content (Markdown) */
	char id[32];    /* an anchor still to be written (Markdown rows) */
};

/* Walk every section of the postmortem into o (export-sections.c). */
void export_sections(struct export_out *o);
/* The postmortem of d written on f through an output's operations. */
void export_out_run(const struct export_doc *d, FILE *f,
    const struct export_ops *ops);
/* Shorthands for the walkers: a block with one text in it, and text
 * formatted like printf (program words, raw). */
void export_out_block(struct export_out *o, enum export_block b,
    const char *raw, unsigned style);
void export_out_printf(struct export_out *o, unsigned style,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The formats, each writing a whole document of d to f. */
void export_md_write(const struct export_doc *d, FILE *f);
void export_html_write(const struct export_doc *d, FILE *f);
void export_csv_write(const struct export_doc *d, FILE *f);
/* Raw text sanitized and HTML-escaped onto f; a newline is <br> when
 * multiline, else a space (export-html.c; the SVG's text too). */
void export_html_escape(FILE *f, const char *raw, int multiline);
/* The drawn time axis of d as inline SVG (export-svg.c). */
void export_svg_write(const struct export_doc *d, FILE *f);

/* A format: its name (--format) and how it writes a gathered incident
 * (NULL for json, which is streamed: export-json.c). */
struct export_format {
	const char *name;
	const char *what;
	void (*write)(const struct export_doc *d, FILE *f);
};
/* The format called name, or NULL. */
const struct export_format *export_format_find(const char *name);
/* "md, json, csv or html". */
const char *export_format_names(void);

/* export-json.c: the JSON export (sitrep-export(5)). */
#define EXPORT_JSON_FORMAT "sitrep-export"
#define EXPORT_JSON_VERSION 1
/* JSON text of v (JSON_COMPACT) with DEL, C1 and invisible format
 * characters escaped as \uXXXX: every JSON an export writes. New string,
 * or NULL when v cannot be encoded. */
char *export_json_dump(const json_t *v);
/* The head of the file, up to and including "events":[ : format, version,
 * sitrep, exported_at, zone, incident (ref, title, severity, drill,
 * status, zone, events), chain (previous: [{seq, hash}]). */
int export_json_head(FILE *f, const json_t *incident, const char *zone,
    int64_t now, const json_t *previous);
/* One event on a line of its own, from its JSON text json[0..n) (first:
 * no comma before it); DEL, C1 and format characters get escaped. */
int export_json_line(FILE *f, const char *json, size_t n, int first);
/* The end of the file. */
int export_json_tail(FILE *f);

/* Where the events of an export join the store's chain: the hash of the
 * event before each event that does not follow the previous one. */
struct export_chain {
	int64_t *seqs;               /* sorted */
	unsigned char (*prev)[32];
	size_t n;
	int64_t last_seq;            /* the event checked last, 0: none */
	unsigned char last_hash[32];
	size_t checked;
};
/* The chain from a "previous" array [{seq, hash}]; -1 and *cause when it
 * is malformed. */
int export_chain_init(struct export_chain *c, const json_t *previous,
    char **cause);
void export_chain_free(struct export_chain *c);
/* One join as JSON: {seq, hash} with the hash in hex (new reference). */
json_t *export_chain_join_json(int64_t seq, const unsigned char prev[32]);
/* The position of seq in the sorted v[0..n): 1 and *at when it is there. */
int export_chain_find(const int64_t *v, size_t n, int64_t seq, size_t *at);
/* The hash of the event before seq, when the joins give it, else NULL. */
const unsigned char *export_chain_join(const struct export_chain *c,
    int64_t seq);
/* Check ev (seq order) against the chain: its hash must be the hash of its
 * content after the hash of the event before it. -1 and *cause naming the
 * event when it is not. */
int export_chain_check(struct export_chain *c, const struct event *ev,
    char **cause);

/* A JSON export being read: its head, then its events one at a time. */
struct export_reader {
	const char *buf;             /* the whole file */
	size_t len;
	size_t off;                  /* the next event's position */
	json_t *head;                /* format, …, chain (no events) */
	const char *ref;             /* head.incident.ref */
	size_t n;                    /* events read so far */
	int64_t last_seq;            /* the seq of the last one */
	int done;
};
/* Read the head of buf (up to the first event) and check it; -1 and
 * *cause when the file is not a sitrep export of a known version. */
int export_reader_open(struct export_reader *r, const char *buf,
    size_t len, char **cause);
void export_reader_close(struct export_reader *r);
/* The next event: 1 with *ev (new) and *obj (its JSON, new reference), 0
 * after the last, -1 and *cause naming the event when it is not an event
 * of the incident in seq order (the first one its declaration). */
int export_reader_next(struct export_reader *r, struct event **ev,
    json_t **obj, char **cause);

#endif
