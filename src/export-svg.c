/* export-svg.c: the drawn time axis of the HTML postmortem, inline SVG:
 * the recovery statuses as bands, the impact (impact start to resolved)
 * shaded, the key marks as lines, status updates (coloured by confidence)
 * and handoffs as markers, a time scale in the export's zone and a legend.
 * It spans the incident from its earliest key time to resolved (or its
 * last timeline entry); what came after (the analysis) is not drawn. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "export.h"
#include "kind.h"
#include "when.h"
#include "xmalloc.h"

#define EXPORT_SVG_W 720        /* viewBox width: about 1:1 on a page */
#define EXPORT_SVG_H 216        /* viewBox height */
#define EXPORT_SVG_X0 72        /* the chart's left edge (row labels left) */
#define EXPORT_SVG_X1 706       /* its right edge */
#define EXPORT_SVG_TOP 42       /* the chart's top */
#define EXPORT_SVG_AXIS 140     /* the time scale's line */
#define EXPORT_SVG_BAND 50      /* the status band's top */
#define EXPORT_SVG_UPDATES 92   /* the updates row's centre */
#define EXPORT_SVG_COMMAND 118  /* the handoffs row's centre */
#define EXPORT_SVG_KEYS 178     /* the legend's first row */

/* The axis being drawn. */
struct export_svg {
	const struct export_doc *d;
	FILE *f;
	int64_t t0, t1;  /* the span drawn */
};

/* The colour of each status's band. */
static const char *const export_svg_status_fill[ST_COUNT] = {
	[ST_INVESTIGATING] = "#d9534f", [ST_IDENTIFIED] = "#ef9a3a",
	[ST_MONITORING] = "#4aa3c9", [ST_RESOLVED] = "#4c9f50",
	[ST_ANALYSIS] = "#8e83bd", [ST_CLOSED] = "#9aa0a8",
};

/* The colour of each confidence. */
static const char *const export_svg_conf_fill[CONF_COUNT] = {
	[CONF_CONFIRMED] = "#2e7d32", [CONF_LIKELY] = "#1f6fb2",
	[CONF_SUSPECTED] = "#ef9a3a", [CONF_UNKNOWN] = "#9aa0a8",
};

/* The colour of each key mark's line. */
static const char *const export_svg_mark_stroke[MARK_COUNT] = {
	[MARK_IMPACT] = "#b3261e", [MARK_DETECTED] = "#c77700",
	[MARK_DECLARED] = "#6a4fb3", [MARK_MITIGATED] = "#1f6fb2",
	[MARK_RESOLVED] = "#2e7d32",
};

/* The x of instant t. */
static double export_svg_x(const struct export_svg *s, int64_t t)
{
	if (t < s->t0)
		t = s->t0;
	if (t > s->t1)
		t = s->t1;
	return EXPORT_SVG_X0 + (double)(t - s->t0) *
	    (EXPORT_SVG_X1 - EXPORT_SVG_X0) / (double)(s->t1 - s->t0);
}

/* 1 when t is inside the span drawn. */
static int export_svg_inside(const struct export_svg *s, int64_t t)
{
	return t >= s->t0 && t <= s->t1;
}

/* The span: the earliest key time or entry to resolved (else the last
 * entry), with a little room on each side. */
static void export_svg_span(struct export_svg *s)
{
	const struct model_incident *inc = s->d->inc;
	int64_t lo = inc->marks[MARK_DECLARED], hi = lo, t, pad;
	size_t i;
	int m;

	for (m = 0; m < MARK_COUNT; m++) {
		if (inc->marks[m] != 0 && inc->marks[m] < lo)
			lo = inc->marks[m];
		if (inc->marks[m] > hi)
			hi = inc->marks[m];
	}
	for (i = 0; i < s->d->nbyt && inc->marks[MARK_RESOLVED] == 0; i++) {
		t = export_event_when(s->d->byt[i]);
		hi = t > hi ? t : hi;
	}
	if (s->d->nbyt > 0 && export_event_when(s->d->byt[0]) < lo)
		lo = export_event_when(s->d->byt[0]);
	if (hi <= lo)
		hi = lo + 60000;
	pad = (hi - lo) / 40;
	s->t0 = lo - pad;
	s->t1 = hi + pad;
}

/* One status band from a to b, labelled when there is room. */
static void export_svg_band(const struct export_svg *s, int status,
    int64_t a, int64_t b)
{
	double x = export_svg_x(s, a), w = export_svg_x(s, b) - x;

	if (w <= 0)
		return;
	fprintf(s->f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"22\" "
	    "fill=\"%s\"><title>%s</title></rect>\n", x, EXPORT_SVG_BAND, w,
	    export_svg_status_fill[status], model_status_name(status));
	if (w > 7 * (double)strlen(model_status_name(status)) + 8)
		fprintf(s->f, "<text x=\"%.1f\" y=\"%d\" fill=\"#fff\" "
		    "font-weight=\"600\">%s</text>\n", x + 4,
		    EXPORT_SVG_BAND + 15, model_status_name(status));
}

/* The recovery statuses as bands, from the declaration on. */
static void export_svg_bands(const struct export_svg *s)
{
	const struct export_doc *d = s->d;
	int64_t from = d->inc->marks[MARK_DECLARED], t;
	int status = ST_INVESTIGATING, next;
	size_t i;

	for (i = 0; i < d->nbyt; i++) {
		if (d->byt[i]->kind != EV_STATUS)
			continue;
		next = model_status_parse(event_str(d->byt[i], "status"));
		t = export_event_when(d->byt[i]);
		if (next < 0 || t < from)
			continue;
		export_svg_band(s, status, from, t);
		status = next;
		from = t;
	}
	export_svg_band(s, status, from, s->t1);
}

/* The impact shaded, from impact start to resolved. */
static void export_svg_impact(const struct export_svg *s)
{
	const struct model_incident *inc = s->d->inc;
	int64_t end = inc->marks[MARK_RESOLVED] ? inc->marks[MARK_RESOLVED] :
	    s->t1;
	double x, w;

	if (inc->marks[MARK_IMPACT] == 0 || end <= inc->marks[MARK_IMPACT])
		return;
	x = export_svg_x(s, inc->marks[MARK_IMPACT]);
	w = export_svg_x(s, end) - x;
	fprintf(s->f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
	    "fill=\"url(#impact)\" stroke=\"#b3261e\" stroke-opacity=\"0.35\">"
	    "<title>impact</title></rect>\n", x, EXPORT_SVG_TOP, w,
	    EXPORT_SVG_AXIS - EXPORT_SVG_TOP);
}

#define EXPORT_SVG_LANES 3        /* rows of mark labels */
#define EXPORT_SVG_CHAR 5.6        /* a label character's width, about */

/* How a label at x is anchored: inward near the edges. */
static const char *export_svg_anchor(double x)
{
	if (x > EXPORT_SVG_X1 - 50)
		return "end";
	return x < EXPORT_SVG_X0 + 50 ? "start" : "middle";
}

/* The lane (row) for a label of width w at x: the first where it clears
 * the labels before it, else the one that ends first; ends[] moves on. */
static int export_svg_lane(double ends[EXPORT_SVG_LANES], double x, double w)
{
	const char *anchor = export_svg_anchor(x);
	double from = strcmp(anchor, "start") == 0 ? x : strcmp(anchor,
	    "end") == 0 ? x - w : x - w / 2;
	int i, best = 0;

	for (i = 0; i < EXPORT_SVG_LANES; i++) {
		if (from > ends[i] + 6)
			break;
		if (ends[i] < ends[best])
			best = i;
	}
	if (i == EXPORT_SVG_LANES)
		i = best;
	ends[i] = from + w;
	return i;
}

/* One key mark: its line, and its name and time in a free lane. */
static void export_svg_mark(const struct export_svg *s, int m,
    double ends[EXPORT_SVG_LANES])
{
	int64_t t = s->d->inc->marks[m];
	char *at = export_doc_when(s->d, t);
	char *label = xasprintf("%s %s", model_mark_name(m), at);
	double x = export_svg_x(s, t);
	int y = 11 + 12 * export_svg_lane(ends, x, EXPORT_SVG_CHAR *
	    (double)strlen(label));

	fprintf(s->f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
	    "stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>\n"
	    "<text x=\"%.1f\" y=\"%d\" fill=\"%s\" text-anchor=\"%s\" "
	    "font-size=\"10\">%s</text>\n", x, y + 3, x, EXPORT_SVG_AXIS,
	    export_svg_mark_stroke[m], x, y, export_svg_mark_stroke[m],
	    export_svg_anchor(x), label);
	free(label);
	free(at);
}

/* The key marks as lines, in the order they happened, their names above
 * in lanes so that marks close together stay readable. */
static void export_svg_marks(const struct export_svg *s)
{
	const struct model_incident *inc = s->d->inc;
	double ends[EXPORT_SVG_LANES];
	int order[MARK_COUNT], n = 0, i, j, m;

	for (i = 0; i < EXPORT_SVG_LANES; i++)
		ends[i] = -1000;
	for (m = 0; m < MARK_COUNT; m++) {
		if (inc->marks[m] == 0 || !export_svg_inside(s, inc->marks[m]))
			continue;
		for (j = n++; j > 0 && inc->marks[order[j - 1]] > inc->marks[m];
		    j--)
			order[j] = order[j - 1];
		order[j] = m;
	}
	for (i = 0; i < n; i++)
		export_svg_mark(s, order[i], ends);
}

/* A marker's tooltip: when, who, and the event in its kind's words. */
static void export_svg_title(const struct export_svg *s,
    const struct event *ev)
{
	char *at = export_doc_when(s->d, export_event_when(ev));
	char *what = export_doc_describe(s->d, ev);

	fprintf(s->f, "<title>%s ", at);
	export_html_escape(s->f, ev->actor, 0);
	fputs(": ", s->f);
	export_html_escape(s->f, what, 0);
	fputs("</title>", s->f);
	free(what);
	free(at);
}

/* One status update: a dot coloured by its confidence. */
static void export_svg_update(const struct export_svg *s,
    const struct event *ev)
{
	int c = model_confidence_parse(event_str(ev, "confidence"));

	fprintf(s->f, "<circle cx=\"%.1f\" cy=\"%d\" r=\"6.5\" fill=\"%s\" "
	    "stroke=\"#fff\" stroke-width=\"1.5\">", export_svg_x(s,
	    export_event_when(ev)), EXPORT_SVG_UPDATES,
	    export_svg_conf_fill[c >= 0 ? c : CONF_UNKNOWN]);
	export_svg_title(s, ev);
	fputs("</circle>\n", s->f);
}

/* One handoff event: a triangle, solid when command changed hands. */
static void export_svg_handoff(const struct export_svg *s,
    const struct event *ev)
{
	double x = export_svg_x(s, export_event_when(ev));
	int solid = ev->kind == EV_CMD_ACCEPT || ev->kind == EV_CMD_RELIEVE;

	fprintf(s->f, "<path d=\"M%.1f %d l7 12 h-14 z\" fill=\"%s\" "
	    "stroke=\"#6a4fb3\" stroke-width=\"1.5\">", x,
	    EXPORT_SVG_COMMAND - 7, solid ? "#6a4fb3" : "#fff");
	export_svg_title(s, ev);
	fputs("</path>\n", s->f);
}

/* Status updates and handoffs inside the span. */
static void export_svg_markers(const struct export_svg *s)
{
	const struct event *ev;
	size_t i;

	for (i = 0; i < s->d->nbyt; i++) {
		ev = s->d->byt[i];
		if (!export_svg_inside(s, export_event_when(ev)))
			continue;
		if (ev->kind == EV_UPDATE)
			export_svg_update(s, ev);
		else if (kind_is(ev->kind, KIND_HANDOFF))
			export_svg_handoff(s, ev);
	}
}

/* A tick step (ms) that gives at most eight ticks over the span. */
static int64_t export_svg_step(const struct export_svg *s)
{
	static const int64_t minutes[] = { 1, 2, 5, 10, 15, 30, 60, 120, 180,
	    360, 720, 1440, 2880, 10080, 43200 };
	size_t i;

	for (i = 0; i < sizeof minutes / sizeof minutes[0] - 1; i++) {
		if ((s->t1 - s->t0) / (minutes[i] * 60000) <= 8)
			break;
	}
	return minutes[i] * 60000;
}

/* The time scale: a line, ticks on the zone's round times, labels. */
static void export_svg_ticks(const struct export_svg *s)
{
	int64_t step = export_svg_step(s), t, off;
	time_t t0 = (time_t)(s->t0 / 1000);
	struct tm tm;
	char *at;
	double x;

	localtime_r(&t0, &tm);
	off = (int64_t)tm.tm_gmtoff * 1000;
	fprintf(s->f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"#444\"/>\n", EXPORT_SVG_X0, EXPORT_SVG_AXIS,
	    EXPORT_SVG_X1, EXPORT_SVG_AXIS);
	t = ((s->t0 + off) / step + 1) * step - off;
	for (; t < s->t1; t += step) {
		x = export_svg_x(s, t);
		at = export_doc_when(s->d, t);
		fprintf(s->f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
		    "y2=\"%d\" stroke=\"#444\"/><text x=\"%.1f\" y=\"%d\" "
		    "text-anchor=\"middle\" fill=\"#444\">%s</text>\n", x,
		    EXPORT_SVG_AXIS, x, EXPORT_SVG_AXIS + 5, x,
		    EXPORT_SVG_AXIS + 18, at);
		free(at);
	}
}

/* One legend entry at (x, y): a swatch (shape "rect", "circle" or "tri")
 * and words; returns the x after it. */
static int export_svg_key(const struct export_svg *s, int x, int y,
    const char *shape, const char *fill, const char *label)
{
	if (strcmp(shape, "circle") == 0)
		fprintf(s->f, "<circle cx=\"%d\" cy=\"%d\" r=\"5\" "
		    "fill=\"%s\"/>", x + 5, y - 4, fill);
	else if (strcmp(shape, "tri") == 0)
		fprintf(s->f, "<path d=\"M%d %d l6 10 h-12 z\" fill=\"%s\" "
		    "stroke=\"#6a4fb3\"/>", x + 6, y - 9, fill);
	else
		fprintf(s->f, "<rect x=\"%d\" y=\"%d\" width=\"11\" "
		    "height=\"11\" fill=\"%s\"/>", x, y - 10, fill);
	fprintf(s->f, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s"
	    "</text>\n", x + 15, y, label);
	return x + 26 + 6 * (int)strlen(label);
}

/* What the colours and shapes mean. */
static void export_svg_legend(const struct export_svg *s)
{
	int x = EXPORT_SVG_X0, y = EXPORT_SVG_KEYS + 18, i;

	fprintf(s->f, "<text x=\"4\" y=\"%d\" font-size=\"11\" "
	    "fill=\"#6b7480\">status</text>\n<text x=\"4\" y=\"%d\" "
	    "font-size=\"11\" fill=\"#6b7480\">updates</text>\n",
	    EXPORT_SVG_KEYS, y);
	for (i = ST_INVESTIGATING; i <= ST_RESOLVED; i++)
		x = export_svg_key(s, x, EXPORT_SVG_KEYS, "rect",
		    export_svg_status_fill[i], model_status_name(i));
	export_svg_key(s, x, EXPORT_SVG_KEYS, "rect", "url(#impact)",
	    "impact");
	x = EXPORT_SVG_X0;
	for (i = 0; i < CONF_COUNT; i++)
		x = export_svg_key(s, x, y, "circle", export_svg_conf_fill[i],
		    model_confidence_name(i));
	x = export_svg_key(s, x + 12, y, "tri", "#fff", "handoff offered");
	export_svg_key(s, x, y, "tri", "#6a4fb3", "new commander");
}

/* The row names on the left. */
static void export_svg_rows(const struct export_svg *s)
{
	fprintf(s->f, "<text x=\"4\" y=\"%d\" font-weight=\"600\">Status</text>"
	    "\n<text x=\"4\" y=\"%d\" font-weight=\"600\">Updates</text>\n"
	    "<text x=\"4\" y=\"%d\" font-weight=\"600\">Handoffs</text>\n",
	    EXPORT_SVG_BAND + 15, EXPORT_SVG_UPDATES + 4,
	    EXPORT_SVG_COMMAND + 4);
}

/* The time axis of d as one inline SVG element. */
void export_svg_write(const struct export_doc *d, FILE *f)
{
	struct export_svg s = { d, f, 0, 0 };

	export_svg_span(&s);
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d "
	    "%d\" font-family=\"Helvetica Neue, Arial, Liberation Sans, "
	    "sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"Time "
	    "axis of the incident\">\n<defs><pattern id=\"impact\" "
	    "width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\" "
	    "patternTransform=\"rotate(45)\"><rect width=\"7\" height=\"7\" "
	    "fill=\"#fdf0ee\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"7\" "
	    "stroke=\"#f0bdb6\" stroke-width=\"1.5\"/></pattern></defs>\n",
	    EXPORT_SVG_W, EXPORT_SVG_H);
	export_svg_impact(&s);
	export_svg_rows(&s);
	export_svg_bands(&s);
	export_svg_marks(&s);
	export_svg_markers(&s);
	export_svg_ticks(&s);
	export_svg_legend(&s);
	fputs("</svg>\n", f);
}
