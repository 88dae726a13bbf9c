/* export.c: an incident gathered for export, and what every format asks
 * of it: the timeline in the order things happened, the corrections of an
 * entry, times in the export's zone, the format table. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "export.h"
#include "kind.h"
#include "when.h"
#include "xmalloc.h"

/* The formats sitrep export writes. */
static const struct export_format export_formats[] = {
	{ "md", "a Markdown postmortem", export_md_write },
	{ "json", "every event verbatim, for sitrep import", NULL },
	{ "csv", "the timeline as RFC 4180 CSV", export_csv_write },
	{ "html", "a self-contained HTML postmortem with a time axis",
	  export_html_write },
	{ NULL, NULL, NULL }
};

/* The format called name, or NULL. */
const struct export_format *export_format_find(const char *name)
{
	const struct export_format *f;

	for (f = export_formats; f->name != NULL; f++) {
		if (strcmp(f->name, name) == 0)
			return f;
	}
	return NULL;
}

/* The format names, for messages. */
const char *export_format_names(void)
{
	return "md, json, csv or html";
}

/* An empty document. */
void export_doc_init(struct export_doc *d)
{
	memset(d, 0, sizeof *d);
	model_init(&d->m);
}

/* Keep a copy of ev and fold it. */
void export_doc_add(struct export_doc *d, const struct event *ev)
{
	if (d->nevs == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 256;
		d->evs = xreallocarray(d->evs, d->cap, sizeof *d->evs);
	}
	d->evs[d->nevs++] = event_copy(ev);
	model_apply(&d->m, ev);
}

/* When ev happened. */
int64_t export_event_when(const struct event *ev)
{
	return ev->occurred_at != 0 ? ev->occurred_at : ev->recorded_at;
}

/* 1 when ev is a row of the timeline. */
int export_on_timeline(const struct event *ev)
{
	return !kind_is(ev->kind, KIND_ANALYSIS) &&
	    !kind_is(ev->kind, KIND_CORRECTION);
}

/* Order timeline events by when they happened, ties by seq. */
int export_by_time(const void *a, const void *b)
{
	const struct event *x = *(const struct event *const *)a;
	const struct event *y = *(const struct event *const *)b;

	if (export_event_when(x) != export_event_when(y))
		return export_event_when(x) < export_event_when(y) ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Order fixes by target, then seq. */
static int export_by_target(const void *a, const void *b)
{
	const struct export_fix *x = a, *y = b;

	if (x->target != y->target)
		return x->target < y->target ? -1 : 1;
	return (x->ev->seq > y->ev->seq) - (x->ev->seq < y->ev->seq);
}

/* Sort the timeline and index what points at entries. */
static void export_doc_index(struct export_doc *d)
{
	size_t i;

	d->byt = xreallocarray(NULL, d->nevs + 1, sizeof *d->byt);
	d->fixes = xreallocarray(NULL, d->nevs + 1, sizeof *d->fixes);
	for (i = 0; i < d->nevs; i++) {
		if (export_on_timeline(d->evs[i]))
			d->byt[d->nbyt++] = d->evs[i];
		else if (d->evs[i]->target != 0) {
			d->fixes[d->nfixes].target = d->evs[i]->target;
			d->fixes[d->nfixes++].ev = d->evs[i];
		}
	}
	qsort(d->byt, d->nbyt, sizeof *d->byt, export_by_time);
	qsort(d->fixes, d->nfixes, sizeof *d->fixes, export_by_target);
}

/* Find the incident and order what the formats walk. */
int export_doc_finish(struct export_doc *d, const char *ref,
    const char *zone, int64_t now, char **cause)
{
	d->inc = model_find(&d->m, ref);
	if (d->inc == NULL) {
		*cause = xasprintf("there is no incident %s; `sitrep ls --all` "
		    "lists them", ref);
		return -1;
	}
	d->zone = zone;
	d->now = now;
	d->days = model_spans_days(d->inc);
	export_doc_index(d);
	return 0;
}

/* Free the events, the fold and the indexes. */
void export_doc_free(struct export_doc *d)
{
	size_t i;

	for (i = 0; i < d->nevs; i++)
		event_free(d->evs[i]);
	free(d->evs);
	free(d->byt);
	free(d->fixes);
	model_free(&d->m);
	memset(d, 0, sizeof *d);
}

/* The event seq (binary search over seq order), or NULL. */
const struct event *export_doc_event(const struct export_doc *d, int64_t seq)
{
	size_t lo = 0, hi = d->nevs, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (d->evs[mid]->seq == seq)
			return d->evs[mid];
		if (d->evs[mid]->seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The fixes of target, oldest first. */
const struct export_fix *export_doc_fixes(const struct export_doc *d,
    int64_t target, size_t *n)
{
	size_t lo = 0, hi = d->nfixes, mid, end;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (d->fixes[mid].target < target)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < d->nfixes && d->fixes[end].target == target; end++)
		;
	*n = end - lo;
	return d->fixes + lo;
}

/* The latest fix of kind pointing at target, or NULL. */
const struct event *export_doc_fix(const struct export_doc *d,
    enum event_kind kind, int64_t target)
{
	const struct export_fix *f;
	const struct event *found = NULL;
	size_t i, n;

	f = export_doc_fixes(d, target, &n);
	for (i = 0; i < n; i++) {
		if (f[i].ev->kind == kind)
			found = f[i].ev;
	}
	return found;
}

/* ev in words, by its kind's describer. */
char *export_doc_describe(const struct export_doc *d, const struct event *ev)
{
	return kind_describe(ev, d->inc);
}

/* A time of the incident, with its date when it spans days. */
char *export_doc_when(const struct export_doc *d, int64_t ms)
{
	return when_format_stamp(ms, d->days);
}

/* 1 when f is open or in progress and was due before the export. */
int export_doc_past_due(const struct export_doc *d,
    const struct model_followup *f)
{
	return f->due != 0 && f->due < d->now && !f->struck &&
	    (f->state == FU_OPEN || f->state == FU_IN_PROGRESS);
}

/* ISO 8601 with the local offset. */
char *export_iso(int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char buf[64];
	long off;

	if (ms < 0 && ms % 1000 != 0)
		t--;
	localtime_r(&t, &tm);
	off = tm.tm_gmtoff / 60;
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
	return xasprintf("%s%c%02ld:%02ld", buf, off < 0 ? '-' : '+',
	    labs(off) / 60, labs(off) % 60);
}

/* $SOURCE_DATE_EPOCH, else now. */
int export_clock(int64_t *now, char **cause)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (s == NULL || *s == '\0') {
		*now = when_now();
		return 0;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0 || v > 253402300799LL) {
		*cause = xasprintf("SOURCE_DATE_EPOCH is \"%s\"; it must be a "
		    "number of seconds since 1970, or unset", s);
		return -1;
	}
	*now = (int64_t)v * 1000;
	return 0;
}

/* Walk the sections of d through ops onto f. */
void export_out_run(const struct export_doc *d, FILE *f,
    const struct export_ops *ops)
{
	struct export_out o;

	memset(&o, 0, sizeof o);
	o.ops = ops;
	o.doc = d;
	o.f = f;
	export_sections(&o);
}

/* A block holding one text. */
void export_out_block(struct export_out *o, enum export_block b,
    const char *raw, unsigned style)
{
	o->ops->open(o, b, NULL);
	o->ops->text(o, raw, style);
	o->ops->close(o, b);
}

/* Program text formatted like printf. */
void export_out_printf(struct export_out *o, unsigned style, const char *fmt,
    ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	o->ops->text(o, s, style);
	free(s);
}
