/* export-html.c: the postmortem as one self-contained HTML file: the same
 * sections as the Markdown, inline CSS that prints on A4 and Letter, and
 * the drawn time axis as inline SVG (export-svg.c). No script, no external
 * asset. Every text is sanitized (control characters and bidi overrides
 * shown inert) and then HTML-escaped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "text.h"
#include "xmalloc.h"

/* The style sheet: screen and print (A4 or Letter, whichever the printer
 * has: the page size is left to it, the margins fit both). */
static const char export_html_css[] =
    "@page { size: auto; margin: 16mm 14mm; }\n"
    ":root { color-scheme: light; }\n"
    "body { font: 10.5pt/1.45 \"Helvetica Neue\", Arial, \"Liberation Sans\", "
    "sans-serif; color: #1d232b; background: #fff; margin: 0; }\n"
    "main { max-width: 178mm; margin: 0 auto; padding: 10mm 6mm; }\n"
    "h1 { font-size: 19pt; line-height: 1.2; margin: 0 0 6pt; }\n"
    "h2 { font-size: 13.5pt; margin: 18pt 0 6pt; padding-bottom: 2pt; "
    "border-bottom: 1.5pt solid #2b5797; color: #2b5797; "
    "break-after: avoid; page-break-after: avoid; }\n"
    "h3 { font-size: 11pt; margin: 12pt 0 4pt; break-after: avoid; "
    "page-break-after: avoid; }\n"
    "p, ul { margin: 4pt 0 8pt; }\n"
    "ul { padding-left: 16pt; }\n"
    "li { margin: 1pt 0; }\n"
    "table { border-collapse: collapse; width: 100%; margin: 4pt 0 10pt; "
    "font-size: 9.5pt; }\n"
    "th, td { border: 0.5pt solid #c9ced6; padding: 3pt 5pt; "
    "text-align: left; vertical-align: top; }\n"
    "th { background: #eef1f6; font-weight: 600; }\n"
    "tr { break-inside: avoid; page-break-inside: avoid; }\n"
    "thead { display: table-header-group; }\n"
    "tr:target { background: #fff6d5; }\n"
    "blockquote { margin: 4pt 0 10pt; padding: 4pt 10pt; "
    "border-left: 3pt solid #9fb3d1; background: #f5f7fa; "
    "white-space: normal; break-inside: avoid; }\n"
    ".muted { color: #6b7480; }\n"
    ".alert { color: #b3261e; }\n"
    "del { color: #8a8f98; }\n"
    "a { color: #2b5797; text-decoration: none; }\n"
    "figure { margin: 6pt 0 10pt; break-inside: avoid; }\n"
    "figure svg { width: 100%; height: auto; display: block; }\n"
    "figcaption { font-size: 8.5pt; color: #6b7480; }\n"
    "@media print { main { max-width: none; padding: 0; } "
    "a { color: inherit; } }\n";

/* The element names of the blocks. */
static const char *const export_html_tags[EXPORT_BLOCK_COUNT] = {
	[EXPORT_H1] = "h1", [EXPORT_H2] = "h2", [EXPORT_H3] = "h3",
	[EXPORT_P] = "p", [EXPORT_LIST] = "ul", [EXPORT_ITEM] = "li",
	[EXPORT_TABLE] = "table", [EXPORT_HEADROW] = "tr", [EXPORT_ROW] = "tr",
	[EXPORT_TH] = "th",
	[EXPORT_TD] = "td", [EXPORT_QUOTE] = "blockquote",
};

/* Write raw text sanitized and HTML-escaped; a newline becomes <br> when
 * multiline, else a space. */
void export_html_escape(FILE *f, const char *raw, int multiline)
{
	char *safe = text_sanitize(raw != NULL ? raw : "", TEXT_MULTILINE);
	const char *p;

	for (p = safe; *p != '\0'; p++) {
		if (*p == '&')
			fputs("&amp;", f);
		else if (*p == '<')
			fputs("&lt;", f);
		else if (*p == '>')
			fputs("&gt;", f);
		else if (*p == '"')
			fputs("&quot;", f);
		else if (*p == '\'')
			fputs("&#39;", f);
		else if (*p == '\n')
			fputs(multiline ? "<br>\n" : " ", f);
		else
			fputc(*p, f);
	}
	free(safe);
}

/* Open a block, with its anchor; a table's header row goes in its head
 * (repeated on every printed page the table spans). */
static void export_html_open(struct export_out *o, enum export_block b,
    const char *id)
{
	if (b == EXPORT_HEADROW)
		fputs("<thead>", o->f);
	if (id != NULL)
		fprintf(o->f, "<%s id=\"%s\">", export_html_tags[b], id);
	else
		fprintf(o->f, "<%s>", export_html_tags[b]);
	if (b == EXPORT_TABLE || b == EXPORT_LIST || b == EXPORT_ROW ||
	    b == EXPORT_HEADROW)
		fputc('\n', o->f);
}

/* Close a block; the rows after a table's header are its body. */
static void export_html_close(struct export_out *o, enum export_block b)
{
	if (b == EXPORT_TABLE)
		fputs("</tbody>", o->f);
	fprintf(o->f, "</%s>", export_html_tags[b]);
	if (b == EXPORT_HEADROW)
		fputs("</thead>\n<tbody>", o->f);
	if (b != EXPORT_TH && b != EXPORT_TD)
		fputc('\n', o->f);
}

/* Text inside the elements of its style. */
static void export_html_text(struct export_out *o, const char *raw,
    unsigned style)
{
	if (style & EXPORT_MUTED)
		fputs("<span class=\"muted\">", o->f);
	if (style & EXPORT_ALERT)
		fputs("<span class=\"alert\">", o->f);
	fputs(style & EXPORT_STRONG ? "<strong>" : "", o->f);
	fputs(style & EXPORT_EM ? "<em>" : "", o->f);
	fputs(style & EXPORT_STRIKE ? "<del>" : "", o->f);
	export_html_escape(o->f, raw, 1);
	fputs(style & EXPORT_STRIKE ? "</del>" : "", o->f);
	fputs(style & EXPORT_EM ? "</em>" : "", o->f);
	fputs(style & EXPORT_STRONG ? "</strong>" : "", o->f);
	if (style & EXPORT_ALERT)
		fputs("</span>", o->f);
	if (style & EXPORT_MUTED)
		fputs("</span>", o->f);
}

/* A link to an anchor of the document. */
static void export_html_link(struct export_out *o, const char *id,
    const char *raw)
{
	fprintf(o->f, "<a href=\"#%s\">", id);
	export_html_escape(o->f, raw, 0);
	fputs("</a>", o->f);
}

/* The drawn time axis, as a figure. */
static void export_html_axis(struct export_out *o)
{
	fputs("<figure>\n", o->f);
	export_svg_write(o->doc, o->f);
	fputs("<figcaption>Recovery status as bands, the impact (from impact "
	    "start to resolved) shaded, key marks as lines, status updates "
	    "and handoffs as markers.</figcaption>\n</figure>\n", o->f);
}

/* The document's head: title and style. */
static void export_html_begin(struct export_out *o)
{
	const struct model_incident *inc = o->doc->inc;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"sitrep " SITREP_VERSION "\">\n"
	    "<title>", o->f);
	export_html_escape(o->f, inc->ref, 0);
	fputs(": ", o->f);
	export_html_escape(o->f, inc->title, 0);
	fprintf(o->f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n"
	    "<main>\n", export_html_css);
}

/* The document's end. */
static void export_html_end(struct export_out *o)
{
	fputs("</main>\n</body>\n</html>\n", o->f);
}

/* HTML's operations. */
static const struct export_ops export_html_ops = {
	.open = export_html_open,
	.close = export_html_close,
	.text = export_html_text,
	.link = export_html_link,
	.axis = export_html_axis,
	.begin = export_html_begin,
	.end = export_html_end,
};

/* The postmortem of d as one HTML file on f. */
void export_html_write(const struct export_doc *d, FILE *f)
{
	export_out_run(d, f, &export_html_ops);
}
