/* export-csv.c: the timeline as CSV (RFC 4180): one header row, then one
 * row per event in the order things happened (corrections included, the
 * analysis left out), lines ended by CRLF, a field quoted when it holds a
 * comma, a quote or a line break, quotes doubled. Times are ISO 8601 with
 * the zone's offset; the zone column names that zone, incident_zone the
 * incident's own (stored when it was declared). Text is sanitized,
 * and a text field that begins with = + - or @ gets a leading apostrophe
 * so that no spreadsheet runs it as a formula. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "kind.h"
#include "text.h"
#include "xmalloc.h"

/* The header row. */
static const char export_csv_head[] = "seq,occurred_at,recorded_at,actor,"
    "kind,marker,text,refs,tags,target,struck,amended,late,zone,"
    "incident_zone";

/* Write one field, quoted when it must be; text fields (formula 1) are
 * sanitized and defused first. */
static void export_csv_field(FILE *f, const char *raw, int text, int last)
{
	char *safe = text ? text_sanitize(raw != NULL ? raw : "",
	    TEXT_MULTILINE) : xstrdup(raw != NULL ? raw : "");
	const char *p;
	int quote = strpbrk(safe, ",\"\r\n") != NULL;

	if (quote)
		fputc('"', f);
	if (text && *safe != '\0' && strchr("=+-@", *safe) != NULL)
		fputc('\'', f);
	for (p = safe; *p != '\0'; p++) {
		if (*p == '"')
			fputc('"', f);
		if (*p == '\n')
			fputc('\r', f);
		fputc(*p, f);
	}
	if (quote)
		fputc('"', f);
	fputs(last ? "\r\n" : ",", f);
	free(safe);
}

/* Write a field that is a number (0: empty). */
static void export_csv_int(FILE *f, int64_t v)
{
	if (v != 0)
		fprintf(f, "%" PRId64, v);
	fputc(',', f);
}

/* A JSON array of names joined by spaces (new string). */
static char *export_csv_names(const json_t *a)
{
	char *out = xstrdup(""), *next;
	json_t *item;
	size_t i;

	json_array_foreach(a, i, item) {
		next = xasprintf("%s%s%s", out, i ? " " : "",
		    json_string_value(item));
		free(out);
		out = next;
	}
	return out;
}

/* Write a time field. */
static void export_csv_time(FILE *f, int64_t ms)
{
	char *s = export_iso(ms);

	export_csv_field(f, s, 0, 0);
	free(s);
}

/* One event as a row. */
static void export_csv_row(const struct export_doc *d, FILE *f,
    const struct event *ev)
{
	const struct model_entry *e = model_entry_find(d->inc, ev->seq);
	char *what = export_doc_describe(d, ev), *refs, *tags;

	refs = export_csv_names(ev->refs);
	tags = export_csv_names(ev->tags);
	export_csv_int(f, ev->seq);
	export_csv_time(f, export_event_when(ev));
	export_csv_time(f, ev->recorded_at);
	export_csv_field(f, ev->actor, 1, 0);
	export_csv_field(f, event_kind_name(ev->kind), 0, 0);
	export_csv_field(f, kind_marker(ev), 0, 0);
	export_csv_field(f, what, 1, 0);
	export_csv_field(f, refs, 1, 0);
	export_csv_field(f, tags, 1, 0);
	export_csv_int(f, ev->target);
	fprintf(f, "%d,%d,%d,", e != NULL && e->struck, e != NULL && e->amended,
	    e != NULL && e->late);
	export_csv_field(f, d->zone, 1, 0);
	export_csv_field(f, model_zone(d->inc), 1, 1);
	free(tags);
	free(refs);
	free(what);
}

/* The timeline of d as CSV on f. */
void export_csv_write(const struct export_doc *d, FILE *f)
{
	const struct event **rows;
	size_t i, n = 0;

	rows = xreallocarray(NULL, d->nevs + 1, sizeof *rows);
	for (i = 0; i < d->nevs; i++) {
		if (!kind_is(d->evs[i]->kind, KIND_ANALYSIS))
			rows[n++] = d->evs[i];
	}
	qsort(rows, n, sizeof *rows, export_by_time);
	fprintf(f, "%s\r\n", export_csv_head);
	for (i = 0; i < n; i++)
		export_csv_row(d, f, rows[i]);
	free(rows);
}
