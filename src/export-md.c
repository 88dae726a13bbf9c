/* export-md.c: the postmortem as Markdown (CommonMark with GitHub's
 * tables and strikethrough), ready to publish as it is.
 *
 * Every text is sanitized first (control characters, escape sequences and
 * bidi overrides shown inert), then escaped so that nothing in it can act
 * as Markdown or HTML: backslash before \ ` * _ [ ] < > | ~ & $, before #
 * - + = and an ordered-list number's dot at the start of a line, and
 * leading spaces dropped (they would start a code block). A newline is a
 * hard break, <br> inside a table cell.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "text.h"
#include "xmalloc.h"

/* The innermost open block, or EXPORT_BLOCK_COUNT at the top. */
static enum export_block export_md_top(const struct export_out *o)
{
	return o->depth > 0 ? o->stack[o->depth - 1] : EXPORT_BLOCK_COUNT;
}

/* 1 inside a table cell (inline text only, no line breaks). */
static int export_md_in_cell(const struct export_out *o)
{
	return export_md_top(o) == EXPORT_TD || export_md_top(o) == EXPORT_TH;
}

/* 1 inside a heading. */
static int export_md_in_heading(const struct export_out *o)
{
	enum export_block b = export_md_top(o);

	return b == EXPORT_H1 || b == EXPORT_H2 || b == EXPORT_H3;
}

/* Write what a newline inside text becomes here. */
static void export_md_newline(struct export_out *o)
{
	enum export_block b = export_md_top(o);

	if (export_md_in_cell(o)) {
		fputs("<br>", o->f);
		return;
	}
	if (export_md_in_heading(o)) {
		fputc(' ', o->f);
		return;
	}
	fputs(b == EXPORT_QUOTE ? "  \n> " : b == EXPORT_ITEM ? "  \n  " :
	    "  \n", o->f);
	o->fresh = 1;
}

/* At the start of a line: skip its leading spaces, escape what would
 * start a block (# - + = or "12." / "12)"). Returns bytes consumed. */
static size_t export_md_line_start(struct export_out *o, const char *s)
{
	size_t i = 0, d;

	while (s[i] == ' ')
		i++;
	if (s[i] == '#' || s[i] == '-' || s[i] == '+' || s[i] == '=') {
		fprintf(o->f, "\\%c", s[i]);
		return i + 1;
	}
	for (d = i; isdigit((unsigned char)s[d]); d++)
		;
	if (d > i && (s[d] == '.' || s[d] == ')')) {
		fprintf(o->f, "%.*s\\%c", (int)(d - i), s + i, s[d]);
		return d + 1;
	}
	return i;
}

/* Write sanitized text s escaped for Markdown. */
static void export_md_escape(struct export_out *o, const char *s)
{
	static const char special[] = "\\`*_[]<>|~&$";

	while (*s != '\0') {
		if (o->fresh && !export_md_in_cell(o)) {
			s += export_md_line_start(o, s);
			o->fresh = 0;
			continue;
		}
		o->fresh = 0;
		if (*s == '\n')
			export_md_newline(o);
		else if (strchr(special, *s) != NULL ||
		    (*s == '#' && export_md_in_heading(o)))
			fprintf(o->f, "\\%c", *s);
		else
			fputc(*s, o->f);
		s++;
	}
}

/* The emphasis markers of a style. */
static const char *export_md_marks(unsigned style)
{
	if (style & EXPORT_STRIKE)
		return "~~";
	if (style & (EXPORT_STRONG | EXPORT_ALERT))
		return "**";
	if (style & EXPORT_EM)
		return "*";
	return "";
}

/* Text: sanitized, escaped, its style's markers around the part that is
 * not white space (CommonMark needs them flush with the words). */
static void export_md_text(struct export_out *o, const char *raw,
    unsigned style)
{
	char *safe = text_sanitize(raw, TEXT_MULTILINE), *head, *core;
	const char *marks = export_md_marks(style);
	size_t lead, end;

	lead = strspn(safe, " \n");
	end = strlen(safe);
	while (end > lead && (safe[end - 1] == ' ' || safe[end - 1] == '\n'))
		end--;
	if (*marks == '\0' || end == lead) {
		export_md_escape(o, safe);
		free(safe);
		return;
	}
	head = xstrndup(safe, lead);
	core = xstrndup(safe + lead, end - lead);
	export_md_escape(o, head);
	fputs(marks, o->f);
	export_md_escape(o, core);
	fputs(marks, o->f);
	export_md_escape(o, safe + end);
	free(core);
	free(head);
	free(safe);
}

/* A link to an anchor of the document. */
static void export_md_link(struct export_out *o, const char *id,
    const char *raw)
{
	fputc('[', o->f);
	o->fresh = 0;
	export_md_text(o, raw, 0);
	fprintf(o->f, "](#%s)", id);
}

/* Open a block: write what starts it. */
static void export_md_open(struct export_out *o, enum export_block b,
    const char *id)
{
	static const char *const starts[EXPORT_BLOCK_COUNT] = {
		[EXPORT_H1] = "# ", [EXPORT_H2] = "## ", [EXPORT_H3] = "### ",
		[EXPORT_ITEM] = "- ", [EXPORT_QUOTE] = "> ",
	};

	if (o->depth < (int)(sizeof o->stack / sizeof o->stack[0]))
		o->stack[o->depth++] = b;
	if (b == EXPORT_ROW || b == EXPORT_HEADROW) {
		o->cells = 0;
		snprintf(o->id, sizeof o->id, "%s", id != NULL ? id : "");
	}
	if (b == EXPORT_TH || b == EXPORT_TD) {
		fputs(o->cells++ == 0 ? "| " : " | ", o->f);
		if (o->id[0] != '\0')
			fprintf(o->f, "<a id=\"%s\"></a>", o->id);
		o->id[0] = '\0';
	}
	if (starts[b] != NULL)
		fputs(starts[b], o->f);
	/* An item others link to (a parked thought) carries its anchor. */
	if (b == EXPORT_ITEM && id != NULL)
		fprintf(o->f, "<a id=\"%s\"></a>", id);
	o->fresh = 1;
}

/* The row under a table's header row. */
static void export_md_rule(struct export_out *o)
{
	int i;

	fputc('|', o->f);
	for (i = 0; i < o->cells; i++)
		fputs(" --- |", o->f);
	fputc('\n', o->f);
}

/* Close a block: write what ends it. */
static void export_md_close(struct export_out *o, enum export_block b)
{
	if (o->depth > 0)
		o->depth--;
	if (b == EXPORT_ROW || b == EXPORT_HEADROW) {
		fputs(" |\n", o->f);
		if (b == EXPORT_HEADROW)
			export_md_rule(o);
	} else if (b == EXPORT_ITEM)
		fputc('\n', o->f);
	else if (b == EXPORT_LIST || b == EXPORT_TABLE)
		fputc('\n', o->f);
	else if (b != EXPORT_TH && b != EXPORT_TD)
		fputs("\n\n", o->f);
	o->fresh = 1;
}

/* Nothing before the first heading. */
static void export_md_begin(struct export_out *o)
{
}

/* Nothing after the last section. */
static void export_md_end(struct export_out *o)
{
}

/* Markdown's operations (no drawn time axis). */
static const struct export_ops export_md_ops = {
	.open = export_md_open,
	.close = export_md_close,
	.text = export_md_text,
	.link = export_md_link,
	.axis = NULL,
	.begin = export_md_begin,
	.end = export_md_end,
};

/* The postmortem of d as Markdown on f. */
void export_md_write(const struct export_doc *d, FILE *f)
{
	export_out_run(d, f, &export_md_ops);
}
