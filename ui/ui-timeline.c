/* ui-timeline.c: the timeline pane: a window of recent rows (the fold keeps
 * the state of every event; only the text of the latest rows stays in
 * memory), live follow, "N new", scrolling, filters and search. Hindsight
 * annotations are shown, dimmed, under the entries they annotate (besides
 * their own rows), and entries that contributing factors cite name them. */
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "text.h"
#include "when.h"
#include "xmalloc.h"
#include "ui.h"

static int ui_timeline_show_seq(struct ui *ui, int64_t seq);
static int ui_timeline_read_draw(struct ui *ui, WINDOW *w);
static void ui_timeline_match_message(struct ui *ui);
static void ui_timeline_next_match(struct ui *ui, int dir);

/* Rows dropped at once when the window is full. */
#define UI_TL_DROP 500
/* Lines an entry takes at most in the timeline: a longer one shows its
 * first lines and "… N more lines" (x reads it all). */
#define UI_TL_COLLAPSE 4
/* Lines the annotations under one row may take. */
#define UI_TL_MAXLINES 64

/* 1 when text already shows word as a word of its own (so a ref or tag
 * typed into a note is not shown twice). */
static int ui_timeline_mentions(const char *text, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = text; n > 0 && (p = strstr(p, word)) != NULL; p++) {
		if ((p == text || strchr(" \t([", p[-1]) != NULL) &&
		    (p[n] == '\0' || strchr(" \t.,;:!?)]", p[n]) != NULL))
			return 1;
	}
	return 0;
}

/* Append shown to the list out (unless the text already shows it) and item
 * to the filter string raw. */
static void ui_timeline_extra_add(char **out, char **raw, int in_text,
    const char *shown, const char *item)
{
	char *tmp;

	if (!in_text) {
		tmp = xasprintf("%s%s%s", *out, **out ? " " : "", shown);
		free(*out);
		*out = tmp;
	}
	tmp = xasprintf("%s%s\x1f", *raw, item);
	free(*raw);
	*raw = tmp;
}

/* Add every name of list (refs or tags) to out as open NAME close, unless
 * the text already shows it (a ref as itself, a tag as shown), and to the
 * filter string raw. */
static void ui_timeline_extra_list(char **out, char **raw, const char *text,
    const json_t *list, const char *open, const char *close, int as_shown)
{
	const char *item;
	char *shown;
	size_t i;

	for (i = 0; i < json_array_size(list); i++) {
		item = json_string_value(json_array_get(list, i));
		item = item != NULL ? item : "";
		shown = xasprintf("%s%s%s", open, item, close);
		ui_timeline_extra_add(out, raw, ui_timeline_mentions(text,
		    as_shown ? shown : item), shown, item);
		free(shown);
	}
}

/* Refs and tags not already in the row's text: "[deploy:4711] #db" (raw),
 * or NULL; also the filter strings, which keep every ref and tag. */
static char *ui_timeline_extra(const struct event *ev, const char *text,
    char **refs, char **tags)
{
	char *out = xstrdup("");

	*refs = xstrdup("\x1f");
	*tags = xstrdup("\x1f");
	ui_timeline_extra_list(&out, refs, text, ev->refs, "[", "]", 0);
	ui_timeline_extra_list(&out, tags, text, ev->tags, "#", "", 1);
	if (*out == '\0') {
		free(out);
		return NULL;
	}
	return out;
}

/* 1 when events of kind make a timeline row. */
static int ui_timeline_describe_kind(enum event_kind kind)
{
	return kind_get(kind) != NULL && !kind_is(kind, KIND_HIDDEN);
}

/* Build a row from an event, in its kind's words; 0 when the event has
 * none. */
static int ui_timeline_row(struct ui *ui, const struct event *ev,
    struct ui_row *row)
{
	char *text, *extra;

	if (!ui_timeline_describe_kind(ev->kind))
		return 0;
	text = kind_describe(ev, ui_incident(ui));
	memset(row, 0, sizeof *row);
	row->seq = ev->seq;
	row->occurred_at = ev->occurred_at;
	row->recorded_at = ev->recorded_at;
	row->target = ev->target;
	row->kind = ev->kind;
	row->type = ev->kind == EV_ENTRY ?
	    model_entry_type_parse(event_str(ev, "type")) : -1;
	row->actor = text_sanitize(ev->actor != NULL ? ev->actor : "?", 0);
	row->marker = kind_marker(ev);
	row->text = text_sanitize(text, 0);
	extra = ui_timeline_extra(ev, text, &row->refs_raw, &row->tags_raw);
	free(text);
	if (extra != NULL) {
		row->extra = text_sanitize(extra, 0);
		free(extra);
	}
	return 1;
}

/* Free one row's strings. */
static void ui_timeline_row_free(struct ui_row *row)
{
	free(row->actor);
	free(row->text);
	free(row->extra);
	free(row->refs_raw);
	free(row->tags_raw);
}

/* 1 when row passes the filter. */
static int ui_timeline_match(const struct ui_filter *f, const struct ui_row *row)
{
	char *needle;
	int ok = 1;

	if (f->type >= 0 && row->type != f->type)
		return 0;
	if (f->author != NULL && strcmp(f->author, row->actor) != 0)
		return 0;
	if (f->tag != NULL) {
		needle = xasprintf("\x1f%s\x1f", f->tag);
		ok = strstr(row->tags_raw, needle) != NULL;
		free(needle);
	}
	if (ok && f->ref != NULL) {
		needle = xasprintf("\x1f%s\x1f", f->ref);
		ok = strstr(row->refs_raw, needle) != NULL;
		free(needle);
	}
	return ok;
}

/* Drop the oldest rows when the window is full (and they are well above
 * the view); scrolling back pages them in again. */
static void ui_timeline_trim(struct ui_timeline *tl)
{
	size_t i;

	if (tl->nrows < UI_TL_KEEP + UI_TL_DROP ||
	    tl->scroll + UI_TL_KEEP / 2 > tl->nrows - UI_TL_DROP)
		return;
	tl->more_older = 1;
	for (i = 0; i < UI_TL_DROP; i++)
		ui_timeline_row_free(&tl->rows[i]);
	memmove(tl->rows, tl->rows + UI_TL_DROP,
	    (tl->nrows - UI_TL_DROP) * sizeof *tl->rows);
	tl->nrows -= UI_TL_DROP;
	tl->dropped += UI_TL_DROP;
	if (tl->scroll >= tl->nrows)
		tl->scroll = tl->nrows > 0 ? tl->nrows - 1 : 0;
}

/* Announce a live row that happened before the newest one shown: in time
 * order it stands at its place above, not at the bottom. */
static void ui_timeline_backdated(struct ui *ui, const struct ui_row *row)
{
	struct ui_timeline *tl = &ui->tl;
	char *at;
	size_t i;

	for (i = 0; i + 1 < tl->nrows; i++) {
		if (tl->rows[i].occurred_at > row->occurred_at)
			break;
	}
	if (i + 1 >= tl->nrows)
		return;
	at = ui_draw_hm(ui, row->occurred_at, NULL);
	ui_message(ui, 0, "#%lld by %s happened at %s: %s", (long long)row->seq,
	    row->actor, at, tl->by_time ? "shown at its place above" :
	    "T shows it at its place");
	free(at);
}

/* A new event (in seq order): add its row at the bottom (while the window
 * is detached from the live end, only count it). */
void ui_timeline_add(struct ui *ui, const struct event *ev)
{
	struct ui_timeline *tl = &ui->tl;
	struct ui_row row;

	if (tl->detached) {
		if (ui->synced && ui_timeline_describe_kind(ev->kind))
			tl->unseen++;
		return;
	}
	if (!ui_timeline_row(ui, ev, &row))
		return;
	if (tl->nrows % 256 == 0)
		tl->rows = xreallocarray(tl->rows, tl->nrows + 256,
		    sizeof *tl->rows);
	tl->rows[tl->nrows++] = row;
	if (tl->scroll > 0 && ui->synced && ui_timeline_match(&tl->filter, &row)) {
		tl->scroll++;
		tl->unseen++;
	}
	if (ui->synced)
		ui_timeline_backdated(ui, &row);
	ui_timeline_trim(tl);
}

/* An older event paged back in: add its row at the top. */
void ui_timeline_add_older(struct ui *ui, const struct event *ev)
{
	struct ui_timeline *tl = &ui->tl;
	struct ui_row row;

	if (tl->nrows > 0 && ev->seq >= tl->rows[0].seq)
		return;
	if (!ui_timeline_row(ui, ev, &row))
		return;
	if (tl->nrows % 256 == 0)
		tl->rows = xreallocarray(tl->rows, tl->nrows + 256,
		    sizeof *tl->rows);
	memmove(tl->rows + 1, tl->rows, tl->nrows * sizeof *tl->rows);
	tl->rows[0] = row;
	tl->nrows++;
	if (tl->dropped > 0)
		tl->dropped--;
}

/* Order row indexes by when their rows happened, ties by seq. */
static int ui_timeline_cmp_time(const void *a, const void *b, void *arg)
{
	const struct ui_row *rows = arg;
	const struct ui_row *x = &rows[*(const size_t *)a];
	const struct ui_row *y = &rows[*(const size_t *)b];

	if (x->occurred_at != y->occurred_at)
		return x->occurred_at < y->occurred_at ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Put the rows in display order: recording order, or by time. */
static void ui_timeline_sort(struct ui_timeline *tl)
{
	size_t i;

	if (!tl->by_time)
		return;
	tl->order = xreallocarray(tl->order, tl->nrows + 1,
	    sizeof *tl->order);
	for (i = 0; i < tl->nrows; i++)
		tl->order[i] = i;
	qsort_r(tl->order, tl->nrows, sizeof *tl->order,
	    ui_timeline_cmp_time, tl->rows);
}

/* The row at display position i (0: the top) after ui_timeline_sort. */
static struct ui_row *ui_timeline_at(struct ui_timeline *tl, size_t i)
{
	return &tl->rows[tl->by_time ? tl->order[i] : i];
}

/* Forget every row (not the search or the filter). */
static void ui_timeline_rows_clear(struct ui_timeline *tl)
{
	size_t i;

	for (i = 0; i < tl->nrows; i++)
		ui_timeline_row_free(&tl->rows[i]);
	free(tl->rows);
	tl->rows = NULL;
	tl->nrows = 0;
	tl->scroll = 0;
	tl->unseen = 0;
	tl->dropped = 0;
	tl->scroll_pending = 0;
}

/* Forget every row, the search and the filter. */
static void ui_timeline_clear(struct ui_timeline *tl)
{
	ui_timeline_rows_clear(tl);
	free(tl->matches);
	free(tl->query);
	free(tl->order);
	free(tl->filter.author);
	free(tl->filter.tag);
	free(tl->filter.ref);
	memset(tl, 0, sizeof *tl);
	tl->filter.type = -1;
}

/* " [C2, C5]": the live contributing factors that cite entry seq, or ""
 * (new string). */
static char *ui_timeline_cited(const struct model_incident *inc, int64_t seq)
{
	const struct model_factor *f;
	char *out = xstrdup(""), *tmp;
	size_t i, k;

	for (i = 0; inc != NULL && i < inc->nfactors; i++) {
		f = &inc->factors[i];
		for (k = 0; !f->struck && k < f->nentries; k++) {
			if (f->entries[k] != seq)
				continue;
			tmp = xasprintf("%s%sC%d", out, *out ? ", " : " [", f->id);
			free(out);
			out = tmp;
			break;
		}
	}
	if (*out != '\0') {
		tmp = xasprintf("%s]", out);
		free(out);
		out = tmp;
	}
	return out;
}

/* The full display line of a row after the columns: text, flags, the
 * factors citing it, refs. */
static char *ui_timeline_line(struct ui *ui, struct model_incident *inc,
    const struct ui_row *row, int *struck)
{
	const struct model_entry *e = inc != NULL ?
	    model_entry_find(inc, row->seq) : NULL;
	char *rec = NULL, *s, *cited = ui_timeline_cited(inc, row->seq);
	int late = row->late || (e != NULL && e->late);
	int amended = row->amended || (e != NULL && e->amended);

	*struck = row->struck || (e != NULL && e->struck);
	if (row->recorded_at - row->occurred_at > 60000)
		rec = ui_draw_hm(ui, row->recorded_at, NULL);
	s = xasprintf("%s%s%s%s%s%s%s%s%s%s (#%lld)", *struck ? "[struck] " :
	    "", row->text, amended ? " [amended]" : "",
	    late ? " [recorded late]" : "", cited, rec ? " (rec " : "",
	    rec ? rec : "", rec ? ")" : "", row->extra ? "  " : "",
	    row->extra ? row->extra : "", (long long)row->seq);
	free(cited);
	free(rec);
	return s;
}

/* The hindsight annotations on row's entry (those kept for the views),
 * each "↳ hindsight by alice (#41): text", broken into lines of width
 * columns: at most max into out (new strings, sanitized); how many. */
static size_t ui_timeline_notes(struct ui *ui, const struct ui_row *row,
    int width, char **out, size_t max)
{
	const struct ui_logitem *it;
	size_t starts[UI_TL_MAXLINES], i, k, n = 0, lines, end;
	char *raw, *note;

	for (i = 0; i < ui->nannotations && n < max; i++) {
		it = &ui->annotations[i];
		if (it->target != row->seq ||
		    json_object_get(it->body, "triage") != NULL)
			continue;
		raw = xasprintf("↳ hindsight by %s (#%lld): %s", it->actor,
		    (long long)it->seq, json_string_value(json_object_get(
		    it->body, "text")) ? json_string_value(json_object_get(
		    it->body, "text")) : "");
		note = text_sanitize(raw, 0);
		free(raw);
		lines = ui_draw_wrap(note, width - 2, starts, UI_TL_MAXLINES);
		for (k = 0; k < lines && k < UI_TL_MAXLINES && n < max; k++) {
			end = k + 1 < lines ? starts[k + 1] : strlen(note);
			out[n++] = xasprintf("%s%.*s", k > 0 ? "  " : "",
			    (int)(end - starts[k]), note + starts[k]);
		}
		free(note);
	}
	return n;
}

/* Lines the annotations under row take at width. */
static size_t ui_timeline_notes_height(struct ui *ui, const struct ui_row *row,
    int width)
{
	char *lines[UI_TL_MAXLINES];
	size_t n = ui_timeline_notes(ui, row, width, lines, UI_TL_MAXLINES), i;

	for (i = 0; i < n; i++)
		free(lines[i]);
	return n;
}

/* Attribute of a marker. */
static attr_t ui_timeline_marker_attr(struct ui *ui, const struct ui_row *row)
{
	if (kind_is(row->kind, KIND_HANDOFF) ||
	    kind_is(row->kind, KIND_CORRECTION))
		return ui_attr(ui, UI_PAIR_WARN, A_BOLD);
	if (kind_is(row->kind, KIND_LOUD))
		return ui_attr(ui, UI_PAIR_OK, A_BOLD);
	return ui_attr(ui, UI_PAIR_DIM, A_NORMAL);
}

/* 1 when the rows carry their date: the incident spans more than one
 * day, or it is not from today. */
int ui_timeline_dated(struct ui *ui)
{
	struct model_incident *inc = ui_incident(ui);

	return inc != NULL && (model_spans_days(inc) ||
	    !when_same_day(inc->marks[MARK_DECLARED], when_now()));
}

/* Columns before the text: [date] time [zone2] author marker. */
static int ui_timeline_prefix_width(struct ui *ui)
{
	return (ui_timeline_dated(ui) ? 7 : 0) + 6 +
	    (ui->zone2 != NULL ? 6 : 0) + 11 + 5;
}

/* Draw the row's prefix columns on line y. */
static void ui_timeline_prefix(struct ui *ui, WINDOW *w, int y,
    const struct ui_row *row, attr_t a)
{
	char *t;
	int x = 0;

	if (ui_timeline_dated(ui)) {
		t = when_format_day(row->occurred_at);
		ui_draw_put(w, y, x, t, 6, a | ui_attr(ui, UI_PAIR_DIM, 0));
		free(t);
		x += 7;
	}
	t = ui_draw_hm(ui, row->occurred_at, NULL);
	ui_draw_put(w, y, x, t, 5, a);
	free(t);
	x += 6;
	if (ui->zone2 != NULL) {
		t = ui_draw_hm(ui, row->occurred_at, ui->zone2);
		ui_draw_put(w, y, x, t, 5, a | ui_attr(ui, UI_PAIR_DIM, A_DIM));
		free(t);
		x += 6;
	}
	ui_draw_put(w, y, x, row->actor, 10, a | A_BOLD);
	x += 11;
	ui_draw_put(w, y, x, row->marker, 4, a | ui_timeline_marker_attr(ui, row));
}

/* Draw the annotations under a row, their last line at y; returns the
 * lines they took. */
static int ui_timeline_draw_notes(struct ui *ui, WINDOW *w, int y,
    const struct ui_row *row)
{
	char *lines[UI_TL_MAXLINES];
	int pw = ui_timeline_prefix_width(ui), width = getmaxx(w) - pw - 3;
	size_t n = ui_timeline_notes(ui, row, width, lines, UI_TL_MAXLINES), k;
	int top = y - (int)n + 1;

	for (k = 0; k < n; k++) {
		if (top + (int)k >= 0)
			ui_draw_put(w, top + (int)k, pw + 2, lines[k], width,
			    ui_attr(ui, UI_PAIR_DIM, A_DIM));
		free(lines[k]);
	}
	return (int)n;
}

/* The lines row takes in the timeline, text width columns wide: its
 * wrapped lines, or UI_TL_COLLAPSE when it is collapsed. Its full line in
 * *line (new string) and the first line starts in starts. */
static size_t ui_timeline_row_lines(struct ui *ui, const struct ui_row *row,
    int width, size_t *starts, char **line, int *struck)
{
	size_t n;

	*line = ui_timeline_line(ui, ui_incident(ui), row, struck);
	n = ui_draw_wrap(*line, width, starts, UI_TL_COLLAPSE);
	return n > UI_TL_COLLAPSE ? UI_TL_COLLAPSE : n;
}

/* The last line of a collapsed row: how much more there is and how to
 * read it. New string. */
static char *ui_timeline_more(const struct ui_row *row, const char *line,
    int width)
{
	size_t total = ui_draw_wrap(line, width, NULL, 0);

	return xasprintf("… %zu more lines: x (#%lld)",
	    total - (UI_TL_COLLAPSE - 1), (long long)row->seq);
}

/* Draw one row (and the annotations under it) whose last line is at y;
 * returns the lines it took. An entry longer than UI_TL_COLLAPSE lines is
 * collapsed. */
static int ui_timeline_draw_row(struct ui *ui, WINDOW *w, int y,
    const struct ui_row *row)
{
	size_t starts[UI_TL_COLLAPSE], n, k, end;
	int pw = ui_timeline_prefix_width(ui), width = getmaxx(w) - pw - 1, struck;
	char *line, *seg;
	attr_t a = row->seq == ui->tl.highlight ? A_REVERSE : A_NORMAL;
	int top, collapsed, notes = ui_timeline_draw_notes(ui, w, y, row);

	y -= notes;
	n = ui_timeline_row_lines(ui, row, width, starts, &line, &struck);
	collapsed = ui_draw_wrap(line, width, NULL, 0) > UI_TL_COLLAPSE;
	if (struck)
		a |= A_DIM;
	top = y - (int)n + 1;
	for (k = 0; k < n; k++) {
		if (top + (int)k < 0)
			continue;
		end = k + 1 < n ? starts[k + 1] : strlen(line);
		if (k == 0)
			ui_timeline_prefix(ui, w, top, row, a);
		if (collapsed && k == n - 1)
			seg = ui_timeline_more(row, line, width);
		else
			seg = xstrndup(line + starts[k], end - starts[k]);
		ui_draw_put(w, top + (int)k, pw, seg, width, collapsed &&
		    k == n - 1 ? a | ui_attr(ui, UI_PAIR_DIM, A_DIM) : a);
		free(seg);
	}
	if (collapsed && top >= 0 && (ui->tl.collapsed == 0 ||
	    row->seq == ui->tl.highlight))
		ui->tl.collapsed = row->seq;
	free(line);
	return (int)n + notes;
}

/* The "N new" and "older not in memory" markers. */
static void ui_timeline_markers(struct ui *ui, WINDOW *w, int reached_top, int y)
{
	struct ui_timeline *tl = &ui->tl;
	char *s;

	if (tl->by_time)
		ui_draw_put(w, 0, getmaxx(w) - 16, " by time (T) ", -1,
		    ui_attr(ui, UI_PAIR_MARK, A_REVERSE));
	if (reached_top && tl->more_older && y >= 0) {
		s = xstrdup(tl->paging_before != 0 ? "── loading older "
		    "entries… ──" : "── older entries: scroll up to load ──");
		ui_draw_put_clean(w, y, 0, s, -1, ui_attr(ui, UI_PAIR_DIM, A_DIM));
		free(s);
	}
	if (tl->scroll > 0) {
		s = tl->unseen > 0 ? xasprintf(" ↓ %zu new (G: jump to live) ",
		    tl->unseen) : xasprintf(" ↓ scrolled back %zu (G: live) ",
		    tl->scroll);
		ui_draw_put(w, getmaxy(w) - 1, getmaxx(w) - (int)text_width(s) - 1,
		    s, -1, ui_attr(ui, UI_PAIR_MARK, A_REVERSE | A_BOLD));
		free(s);
	}
}

/* Below the live end: what was typed and is not stored yet, dim, marked
 * "queued" while the server is away and "sending" while it answers.
 * Returns the line above them. */
static int ui_timeline_draw_pending(struct ui *ui, WINDOW *w, int y)
{
	int pw = ui_timeline_prefix_width(ui);
	attr_t a = ui_attr(ui, UI_PAIR_DIM, A_DIM);
	const char *what = ui->cstate == CLIENT_CONNECTED ? "sending" :
	    "queued";
	size_t i;

	for (i = ui->npending; i > 0 && y >= 0; i--) {
		if (ui->pending[i - 1].text == NULL)
			continue;
		ui_draw_put(w, y, pw - 16, what, 15, a | A_BOLD);
		ui_draw_put_clean(w, y, pw, ui->pending[i - 1].text,
		    getmaxx(w) - pw - 1, a);
		y--;
	}
	return y;
}

/* Draw the timeline, newest at the bottom. */
static void ui_timeline_draw(struct ui *ui, WINDOW *w)
{
	struct ui_timeline *tl = &ui->tl;
	int y = getmaxy(w) - 1 - (tl->scroll > 0); /* a row for the marker */
	size_t i = tl->nrows, skip = tl->scroll;

	tl->collapsed = 0;
	if (tl->reading != 0 && ui_timeline_read_draw(ui, w))
		return;

	if (skip == 0)
		y = ui_timeline_draw_pending(ui, w, y);

	if (tl->nrows == 0) {
		ui_draw_put(w, 0, 0, ui->synced ? "(no entries yet: press i and "
		    "type what you see)" : "loading…", -1, A_DIM);
		return;
	}
	ui_timeline_sort(tl);
	while (i > 0 && y >= 0) {
		i--;
		if (!ui_timeline_match(&tl->filter, ui_timeline_at(tl, i)))
			continue;
		if (skip > 0) {
			skip--;
			continue;
		}
		y -= ui_timeline_draw_row(ui, w, y, ui_timeline_at(tl, i));
	}
	ui_timeline_markers(ui, w, i == 0, y);
}

/* Matching rows in the window. */
static size_t ui_timeline_count(struct ui_timeline *tl)
{
	size_t i, n = 0;

	for (i = 0; i < tl->nrows; i++)
		n += ui_timeline_match(&tl->filter, &tl->rows[i]);
	return n;
}

/* Scroll by delta rows (positive: back in time). */
static void ui_timeline_scroll(struct ui *ui, long delta)
{
	struct ui_timeline *tl = &ui->tl;
	size_t n = ui_timeline_count(tl);
	long s = (long)tl->scroll + tl->scroll_pending + delta;

	if (s < 0 && tl->detached)
		tl->scroll_pending = s;
	else if (n > 0 && s > (long)n - 1 && tl->more_older)
		tl->scroll_pending = s - ((long)n - 1);
	else
		tl->scroll_pending = 0;
	if (s < 0)
		s = 0;
	if (n > 0 && s > (long)n - 1)
		s = (long)n - 1;
	tl->scroll = (size_t)s;
	if (tl->scroll == 0 && !tl->detached)
		tl->unseen = 0;
	ui->dirty = 1;
	ui_timeline_want(ui);
}

/* Back to live (newest at the bottom); a window detached from the live
 * end is replaced by the newest page. */
static void ui_timeline_bottom(struct ui *ui)
{
	struct ui_timeline *tl = &ui->tl;

	if (tl->jump != 0) {
		tl->jump = 0;
		ui->page_req = 0;
	}
	if (tl->detached) {
		ui_timeline_rows_clear(tl);
		tl->detached = 0;
		tl->more_older = 1;
		tl->paging_before = tl->paging_after = 0;
	}
	tl->scroll = 0;
	tl->unseen = 0;
	ui->dirty = 1;
	ui_timeline_want(ui);
}

/* The scroll that shows the oldest row kept at the top of the pane. */
static size_t ui_timeline_first_scroll(struct ui *ui)
{
	struct ui_timeline *tl = &ui->tl;
	WINDOW *w = ui->w_side != NULL ? ui->w_main : ui->w_full;
	size_t starts[UI_TL_COLLAPSE], n = ui_timeline_count(tl), fit = 0, k, i;
	int h, width, used = 0, struck;
	char *line;

	if (w == NULL)
		return n > 0 ? n - 1 : 0;
	h = getmaxy(w) - 1; /* the marker's row */
	width = getmaxx(w) - ui_timeline_prefix_width(ui) - 1;
	ui_timeline_sort(tl);
	for (i = 0; i < tl->nrows && used < h; i++) {
		if (!ui_timeline_match(&tl->filter, ui_timeline_at(tl, i)))
			continue;
		k = ui_timeline_row_lines(ui, ui_timeline_at(tl, i), width,
		    starts, &line, &struck);
		free(line);
		k += ui_timeline_notes_height(ui, ui_timeline_at(tl, i),
		    width - 2);
		if (used + (int)k > h && fit > 0)
			break;
		used += (int)k;
		fit++;
	}
	return n > fit ? n - fit : 0;
}

/* Ask for the page a jump lands on: the incident's first events (seq -1)
 * or the page that ends at seq; it replaces the window when it arrives. */
static void ui_timeline_ask_jump(struct ui *ui, int64_t seq)
{
	struct ui_timeline *tl = &ui->tl;
	json_t *msg = proto_msg("history");

	json_object_set_new(msg, "incident", json_string(ui->incident));
	if (seq < 0)
		json_object_set_new(msg, "after", json_integer(0));
	else
		json_object_set_new(msg, "before", json_integer(seq + 1));
	json_object_set_new(msg, "limit", json_integer(UI_TL_PAGE));
	ui->page_req = ui_request(ui, msg);
	tl->paging_before = tl->paging_after = 0;
	tl->scroll_pending = 0;
	tl->jump = seq;
	ui->dirty = 1;
}

/* 1 when a jump's page can be asked for now. */
static int ui_timeline_can_jump(struct ui *ui)
{
	return ui->incident != NULL && ui->cstate == CLIENT_CONNECTED;
}

/* To the very first event of the incident: the rows kept when they reach
 * it, else the first page replaces the window (detached from live). */
static void ui_timeline_top(struct ui *ui)
{
	struct ui_timeline *tl = &ui->tl;

	if (tl->more_older && ui_timeline_can_jump(ui)) {
		ui_timeline_ask_jump(ui, -1);
		return;
	}
	tl->scroll = ui_timeline_first_scroll(ui);
	tl->scroll_pending = 0;
	ui->dirty = 1;
	ui_timeline_want(ui);
}

/* Ask for a page of the open incident's history: before a seq (0: the
 * newest), or after one when after is set. */
static void ui_timeline_ask(struct ui *ui, int64_t seq, int after)
{
	json_t *msg = proto_msg("history");

	json_object_set_new(msg, "incident", json_string(ui->incident));
	json_object_set_new(msg, after ? "after" : "before", json_integer(seq));
	json_object_set_new(msg, "limit", json_integer(UI_TL_PAGE));
	ui->page_req = ui_request(ui, msg);
	if (after)
		ui->tl.paging_after = seq;
	else
		ui->tl.paging_before = seq > 0 ? seq : -1;
	ui->dirty = 1;
}

/* Page in what the view is about to need: older rows near the top of the
 * window, newer ones near its bottom while it is detached from live. */
void ui_timeline_want(struct ui *ui)
{
	struct ui_timeline *tl = &ui->tl;
	size_t h = ui->w_main != NULL ? (size_t)getmaxy(ui->w_main) : 24;

	if (ui->incident == NULL || !ui->synced || tl->paging_before != 0 ||
	    tl->paging_after != 0 || tl->jump != 0 ||
	    ui->cstate != CLIENT_CONNECTED)
		return;
	if (tl->nrows == 0 && (tl->more_older || tl->detached))
		ui_timeline_ask(ui, 0, 0);
	else if (tl->more_older && tl->scroll + 2 * h >= ui_timeline_count(tl))
		ui_timeline_ask(ui, tl->rows[0].seq, 0);
	else if (tl->detached && tl->scroll < 2 * h)
		ui_timeline_ask(ui, tl->rows[tl->nrows - 1].seq, 1);
}

/* Set a row's flags from the server's flags in its event JSON. */
static void ui_timeline_row_flags(struct ui_row *row, const json_t *obj)
{
	row->struck = json_is_true(json_object_get(obj, "struck"));
	row->amended = json_is_true(json_object_get(obj, "amended"));
	row->late = json_is_true(json_object_get(obj, "late"));
}

/* Make room for one more row. */
static void ui_timeline_room(struct ui_timeline *tl)
{
	if (tl->nrows % 256 == 0)
		tl->rows = xreallocarray(tl->rows, tl->nrows + 256,
		    sizeof *tl->rows);
}

/* Add one event of a page: at the top (older) or the bottom (the tail of
 * an attach also feeds the views). Returns 1 when a row matching the
 * filter was added. */
static int ui_timeline_page_one(struct ui *ui, const json_t *obj, int older,
    int tail)
{
	struct ui_timeline *tl = &ui->tl;
	struct event *ev;
	struct ui_row row;
	char *cause = NULL;
	int made;

	if ((ev = event_from_json(obj, &cause)) == NULL) {
		free(cause);
		return 0;
	}
	if (tl->nrows > 0 && (older ? ev->seq >= tl->rows[0].seq :
	    ev->seq <= tl->rows[tl->nrows - 1].seq))
		made = 0;
	else
		made = ui_timeline_row(ui, ev, &row);
	if (tail)
		ui_views_log(ui, ev);
	event_free(ev);
	if (!made)
		return 0;
	ui_timeline_row_flags(&row, obj);
	ui_timeline_room(tl);
	if (older) {
		memmove(tl->rows + 1, tl->rows, tl->nrows * sizeof *tl->rows);
		tl->rows[0] = row;
	} else
		tl->rows[tl->nrows] = row;
	tl->nrows++;
	return ui_timeline_match(&tl->filter, older ? &tl->rows[0] :
	    &tl->rows[tl->nrows - 1]);
}

/* After an older page: drop the newest rows when the window is too large
 * and they are far below the view (the window detaches from live). */
static void ui_timeline_trim_newest(struct ui_timeline *tl)
{
	size_t i, m = 0;

	if (tl->nrows < UI_TL_KEEP + UI_TL_DROP)
		return;
	for (i = tl->nrows - UI_TL_DROP; i < tl->nrows; i++)
		m += ui_timeline_match(&tl->filter, &tl->rows[i]);
	if (tl->scroll < m + UI_TL_KEEP / 4)
		return;
	for (i = tl->nrows - UI_TL_DROP; i < tl->nrows; i++)
		ui_timeline_row_free(&tl->rows[i]);
	tl->nrows -= UI_TL_DROP;
	tl->scroll -= m;
	tl->detached = 1;
}

/* Apply the scrolling asked for past the end of the window while the page
 * that was missing was on its way (the view moves into the added rows). */
static void ui_timeline_pending(struct ui_timeline *tl, int older, size_t added,
    int more)
{
	size_t k;

	if (older && tl->scroll_pending > 0) {
		k = (size_t)tl->scroll_pending < added ?
		    (size_t)tl->scroll_pending : added;
		tl->scroll += k;
		tl->scroll_pending -= (long)k;
	} else if (!older && tl->scroll_pending < 0) {
		k = (size_t)-tl->scroll_pending < added ?
		    (size_t)-tl->scroll_pending : added;
		tl->scroll -= k;
		tl->scroll_pending += (long)k;
	}
	if (!more)
		tl->scroll_pending = 0;
}

/* The page a jump asked for arrived: it replaces the window, which no
 * longer reaches the live end (new events are counted, not shown); show
 * its first row (g) or the search match it ends with. */
static void ui_timeline_jump_page(struct ui *ui, const json_t *page)
{
	struct ui_timeline *tl = &ui->tl;
	const json_t *events = json_object_get(page, "events");
	int more = json_is_true(json_object_get(page, "more"));
	int64_t seq = tl->jump;
	size_t i;

	ui_timeline_rows_clear(tl);
	tl->jump = 0;
	tl->paging_before = tl->paging_after = 0;
	ui->page_req = 0;
	for (i = 0; i < json_array_size(events); i++)
		ui_timeline_page_one(ui, json_array_get(events, i), 0, 0);
	tl->more_older = seq < 0 ? 0 : more;
	tl->detached = seq < 0 ? more : 1;
	if (seq < 0)
		tl->scroll = ui_timeline_first_scroll(ui);
	else if (ui_timeline_show_seq(ui, seq))
		ui_timeline_match_message(ui);
	else
		ui_message(ui, 0, "match #%lld has no row in the timeline "
		    "(sitrep log %s)", (long long)seq, ui->incident);
	ui->dirty = 1;
	ui_timeline_want(ui);
}

/* A page of history arrived: the tail of the attach (rows at the bottom,
 * views fed), an older page (rows on top; the view stays where it is) or
 * a newer one (rows at the bottom; the view stays where it is). */
void ui_timeline_page(struct ui *ui, const json_t *page)
{
	struct ui_timeline *tl = &ui->tl;
	const json_t *events = json_object_get(page, "events");
	int tail = json_is_true(json_object_get(page, "tail"));
	int more = json_is_true(json_object_get(page, "more"));
	int older = !tail && tl->paging_after == 0;
	size_t i, n = json_array_size(events), added = 0;

	if (!tail && tl->jump != 0) {
		ui_timeline_jump_page(ui, page);
		return;
	}
	if (!tail && tl->paging_before == 0 && tl->paging_after == 0) {
		ui->page_req = 0; /* asked for before a G or a jump */
		return;
	}
	if (tail) {
		ui_timeline_rows_clear(tl);
		tl->detached = 0;
		tl->jump = 0;
	}
	for (i = 0; i < n; i++) {
		if (older)
			added += ui_timeline_page_one(ui, json_array_get(events,
			    n - 1 - i), 1, 0);
		else
			added += ui_timeline_page_one(ui, json_array_get(events, i),
			    0, tail);
	}
	if (tail || older)
		tl->more_older = more;
	if (!tail && !older) {
		tl->scroll += added;
		if (!more)
			tl->detached = 0;
	}
	ui_timeline_pending(tl, older, added, more);
	tl->paging_before = tl->paging_after = 0;
	ui->page_req = 0;
	if (older)
		ui_timeline_trim_newest(tl);
	else
		ui_timeline_trim(tl);
	ui->dirty = 1;
	ui_timeline_want(ui);
}

/* The row kept for the event seq, or NULL (rows are in seq order). */
struct ui_row *ui_timeline_row_find(struct ui *ui, int64_t seq)
{
	struct ui_timeline *tl = &ui->tl;
	size_t lo = 0, hi = tl->nrows, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (tl->rows[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == tl->nrows || tl->rows[lo].seq != seq)
		return NULL;
	return &tl->rows[lo];
}

/* A live amendment or strike: flag its target's row (the client's fold does
 * not index entries older than its snapshot). */
void ui_timeline_flag(struct ui *ui, const struct event *ev)
{
	struct ui_row *row = ui_timeline_row_find(ui, ev->target);

	if (row == NULL)
		return;
	if (ev->kind == EV_AMEND)
		row->amended = 1;
	else if (ev->kind == EV_STRIKE)
		row->struck = 1;
}

/* Draw the entry being read in full (x): its columns and keys on the
 * first line, its text wrapped to the pane's width below, from the line
 * scrolled to; 0 when its row is no longer kept. */
static int ui_timeline_read_draw(struct ui *ui, WINDOW *w)
{
	struct ui_timeline *tl = &ui->tl;
	struct ui_row *row = ui_timeline_row_find(ui, tl->reading);
	int width = getmaxx(w) - 1, h = getmaxy(w), struck, y;
	size_t n, *starts, k, end, last;
	char *line, *seg;

	if (row == NULL) {
		tl->reading = 0;
		return 0;
	}
	line = ui_timeline_line(ui, ui_incident(ui), row, &struck);
	n = ui_draw_wrap(line, width, NULL, 0);
	starts = xcalloc(n, sizeof *starts);
	ui_draw_wrap(line, width, starts, n);
	last = n > (size_t)h - 1 ? n - ((size_t)h - 1) : 0;
	if (tl->read_top > last) /* G, j and PgDn stop at the last page */
		tl->read_top = last;
	ui_timeline_prefix(ui, w, 0, row, A_BOLD);
	seg = xasprintf("#%lld in full; x or Esc: back", (long long)row->seq);
	ui_draw_put(w, 0, ui_timeline_prefix_width(ui), seg, -1,
	    ui_attr(ui, UI_PAIR_DIM, A_DIM));
	free(seg);
	for (k = tl->read_top, y = 1; k < n && y < h; k++, y++) {
		end = k + 1 < n ? starts[k + 1] : strlen(line);
		seg = xstrndup(line + starts[k], end - starts[k]);
		ui_draw_put(w, y, 0, seg, width, struck ? A_DIM : A_NORMAL);
		free(seg);
	}
	if (k < n) {
		seg = xasprintf("↓ %zu more lines (j, PgDn; G: end)", n - k + 1);
		ui_draw_clear_line(w, h - 1);
		ui_draw_put(w, h - 1, 0, seg, -1, ui_attr(ui, UI_PAIR_MARK,
		    A_REVERSE | A_BOLD));
		free(seg);
	}
	free(starts);
	free(line);
	return 1;
}

/* Ask the server for a full-text search in the open incident. */
void ui_timeline_search(struct ui *ui, const char *query)
{
	json_t *msg = proto_msg("search");

	free(ui->tl.query);
	ui->tl.query = xstrdup(query);
	json_object_set_new(msg, "query", json_string(query));
	if (ui->incident != NULL)
		json_object_set_new(msg, "incident", json_string(ui->incident));
	json_object_set_new(msg, "limit", json_integer(1000));
	ui->search_req = ui_request(ui, msg);
	ui_message(ui, 0, "searching…");
}

/* Scroll so the row of seq is at the bottom; 0 when it is not kept. */
static int ui_timeline_show_seq(struct ui *ui, int64_t seq)
{
	struct ui_timeline *tl = &ui->tl;
	size_t i, below = 0;

	ui_timeline_sort(tl);
	for (i = tl->nrows; i > 0; i--) {
		if (ui_timeline_at(tl, i - 1)->seq == seq) {
			tl->scroll = below;
			tl->highlight = seq;
			tl->reading = 0;
			return 1;
		}
		below += ui_timeline_match(&tl->filter,
		    ui_timeline_at(tl, i - 1));
	}
	return 0;
}

/* Search results arrived: go to the newest match. */
void ui_timeline_search_result(struct ui *ui, const json_t *events)
{
	struct ui_timeline *tl = &ui->tl;
	size_t i, n = json_array_size(events);
	json_t *seq;

	ui->search_req = 0;
	free(tl->matches);
	tl->matches = xcalloc(n + 1, sizeof *tl->matches);
	tl->nmatches = 0;
	for (i = 0; i < n; i++) {
		seq = json_object_get(json_array_get(events, i), "seq");
		if (json_is_integer(seq))
			tl->matches[tl->nmatches++] = json_integer_value(seq);
	}
	if (tl->nmatches == 0) {
		ui_message(ui, 1, "no match for \"%s\"", tl->query);
		tl->highlight = 0;
		return;
	}
	/* Newest last; start there. */
	if (tl->nmatches > 1 && tl->matches[0] > tl->matches[1]) {
		for (i = 0; i < tl->nmatches / 2; i++) {
			int64_t t = tl->matches[i];
			tl->matches[i] = tl->matches[tl->nmatches - 1 - i];
			tl->matches[tl->nmatches - 1 - i] = t;
		}
	}
	tl->match = tl->nmatches - 1;
	ui_timeline_next_match(ui, 0);
}

/* Show the entries seqs (what: "C2's entries") in the timeline as the
 * matches of a search: the newest highlighted (fetched when not kept),
 * n and N to the others. */
void ui_timeline_show(struct ui *ui, const int64_t *seqs, size_t n,
    const char *what)
{
	struct ui_timeline *tl = &ui->tl;
	size_t i, k;
	int64_t t;

	free(tl->matches);
	tl->matches = xcalloc(n + 1, sizeof *tl->matches);
	for (i = 0; i < n; i++) {
		for (k = i; k > 0 && tl->matches[k - 1] > seqs[i]; k--)
			tl->matches[k] = tl->matches[k - 1];
		tl->matches[k] = seqs[i];
	}
	for (i = 1, k = n > 0; i < n; i++) {
		t = tl->matches[i];
		if (t != tl->matches[k - 1])
			tl->matches[k++] = t;
	}
	tl->nmatches = k;
	tl->match = k > 0 ? k - 1 : 0;
	free(tl->query);
	tl->query = xstrdup(what);
	ui_set_view(ui, UI_VIEW_TIMELINE);
	ui_timeline_next_match(ui, 0);
}

/* Say which match is shown. */
static void ui_timeline_match_message(struct ui *ui)
{
	struct ui_timeline *tl = &ui->tl;

	ui_message(ui, 0, "match %zu of %zu for \"%s\" (n older, N newer)",
	    tl->nmatches - tl->match, tl->nmatches, tl->query);
}

/* Go to the next match: dir > 0 older (n), < 0 newer (N), 0 current; one
 * outside the rows kept is loaded with the page that ends at it. */
static void ui_timeline_next_match(struct ui *ui, int dir)
{
	struct ui_timeline *tl = &ui->tl;

	if (tl->nmatches == 0) {
		ui_message(ui, 0, "no search: press / to search");
		return;
	}
	if (dir > 0 && tl->match > 0)
		tl->match--;
	else if (dir < 0 && tl->match + 1 < tl->nmatches)
		tl->match++;
	if (ui_timeline_show_seq(ui, tl->matches[tl->match]))
		ui_timeline_match_message(ui);
	else if (ui_timeline_can_jump(ui)) {
		ui_timeline_ask_jump(ui, tl->matches[tl->match]);
		ui_message(ui, 0, "loading match %zu of %zu…",
		    tl->nmatches - tl->match, tl->nmatches);
	} else
		ui_message(ui, 0, "match #%lld is not loaded and the server "
		    "is not connected (sitrep log %s)",
		    (long long)tl->matches[tl->match], ui->incident);
	ui->dirty = 1;
}

/* Set the filter from "type=T author=U tag=G ref=K:V" (empty: clear). */
int ui_timeline_filter_set(struct ui *ui, const char *spec, char **cause)
{
	struct ui_filter f = { .type = -1 };
	char *copy = xstrdup(spec), *w, *save = NULL;
	int rc = 0;

	for (w = strtok_r(copy, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save)) {
		if (strncmp(w, "type=", 5) == 0 &&
		    (f.type = model_entry_type_parse(w + 5)) >= 0)
			continue;
		if (strncmp(w, "author=", 7) == 0 && f.author == NULL)
			f.author = xstrdup(w + 7);
		else if (strncmp(w, "tag=", 4) == 0 && f.tag == NULL)
			f.tag = xstrdup(w + 4);
		else if (strncmp(w, "ref=", 4) == 0 && f.ref == NULL)
			f.ref = xstrdup(w + 4);
		else {
			*cause = xasprintf("cannot filter on \"%s\": use type="
			    "note|observation|action|decision|change|comms, "
			    "author=USER, tag=TAG or ref=KEY:VALUE", w);
			rc = -1;
			break;
		}
	}
	free(copy);
	free(ui->tl.filter.author);
	free(ui->tl.filter.tag);
	free(ui->tl.filter.ref);
	ui->tl.filter = rc == 0 ? f : (struct ui_filter){ .type = -1 };
	if (rc != 0) {
		free(f.author);
		free(f.tag);
		free(f.ref);
	}
	ui_timeline_bottom(ui);
	return rc;
}

/* The filter in words, for the message line. */
void ui_timeline_filter_describe(const struct ui_filter *f, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s%s%s%s%s%s%s", f->type >= 0 ? "type=" : "",
	    f->type >= 0 ? model_entry_type_name(f->type) : "",
	    f->author ? " author=" : "", f->author ? f->author : "",
	    f->tag ? " tag=" : "", f->tag ? f->tag : "",
	    f->ref ? " ref=" : "", f->ref ? f->ref : "");
}

/* Scroll the entry being read rows up (negative: down); the drawing
 * stops it at its last page. */
static void ui_timeline_read_scroll(struct ui_timeline *tl, long rows)
{
	if (rows == UI_VIEW_END)
		tl->read_top = 0;
	else if (rows == -UI_VIEW_END)
		tl->read_top = SIZE_MAX / 2;
	else if (rows < 0)
		tl->read_top += (size_t)-rows;
	else
		tl->read_top = (size_t)rows < tl->read_top ?
		    tl->read_top - (size_t)rows : 0;
}

/* Scroll the timeline rows back in time (negative: forward); the ends
 * are the incident's first entry and live. While an entry is read, its
 * lines scroll. */
static void ui_timeline_move(struct ui *ui, long rows)
{
	ui->dirty = 1;
	if (ui->tl.reading != 0)
		ui_timeline_read_scroll(&ui->tl, rows);
	else if (rows == UI_VIEW_END)
		ui_timeline_top(ui);
	else if (rows == -UI_VIEW_END)
		ui_timeline_bottom(ui);
	else
		ui_timeline_scroll(ui, rows);
}

/* Switch between time order and recording order, keeping live. */
static void ui_timeline_order(struct ui *ui)
{
	struct ui_timeline *tl = &ui->tl;

	tl->by_time = !tl->by_time;
	tl->scroll = 0;
	tl->unseen = 0;
	ui_message(ui, 0, "%s (T: %s)", tl->by_time ? "the timeline in the "
	    "order things happened" : "the timeline in the order it was "
	    "recorded", tl->by_time ? "recording order" : "time order");
	ui->dirty = 1;
}

/* x: read the collapsed entry nearest the bottom of the pane (the search
 * match when it is one) in full, or go back from reading. */
static void ui_timeline_read(struct ui *ui)
{
	struct ui_timeline *tl = &ui->tl;

	if (tl->reading != 0)
		tl->reading = 0;
	else if (tl->collapsed != 0) {
		tl->reading = tl->collapsed;
		tl->read_top = 0;
	} else
		ui_message(ui, 0, "no long entry on the screen: x reads one "
		    "that ends in \"… N more lines\"");
	ui->dirty = 1;
}

/* The timeline's own requests: reading a long entry and back from it,
 * the next search match, older or newer; the order. */
static int ui_timeline_request(struct ui *ui, enum ui_req req)
{
	if (req == UI_REQ_READ || (req == UI_REQ_BACK && ui->tl.reading)) {
		ui_timeline_read(ui);
		return 1;
	}
	if (req == UI_REQ_ORDER) {
		ui->tl.reading = 0;
		ui_timeline_order(ui);
		return 1;
	}
	if (req != UI_REQ_SEARCH_NEXT && req != UI_REQ_SEARCH_PREV)
		return 0;
	ui->tl.reading = 0;
	ui_timeline_next_match(ui, req == UI_REQ_SEARCH_NEXT ? 1 : -1);
	return 1;
}

/* Forget the open incident's rows, its search and the filter. */
static void ui_timeline_done(struct ui *ui)
{
	ui_timeline_clear(&ui->tl);
}

/* The timeline view. */
const struct ui_view_ops ui_timeline_view = {
	.name = "timeline",
	.keymap = UI_KEYS_TIMELINE,
	.incident = 1,
	.hint = "i type  : cmd  / search  u update  h handoff  o hyp  "
	    "1-6 views  ? help  q detach",
	.hint_ro = "observer: read only  : cmd  / search  f filter  T order  "
	    "1-6 views  ? help  q detach",
	.draw = ui_timeline_draw,
	.scroll_by = ui_timeline_move,
	.request = ui_timeline_request,
	.done = ui_timeline_done,
};
