/* ui-timeline.c: the timeline pane: a window of recent rows (the fold keeps
 * the state of every event; only the text of the latest rows stays in
 * memory), live follow, "N new", scrolling, filters and search. */
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "text.h"
#include "when.h"
#include "xmalloc.h"
#include "ui.h"

/* Rows dropped at once when the window is full. */
#define UI_TL_DROP 500
/* Wrapped lines one row may take. */
#define UI_TL_MAXLINES 64

/* Marker of an entry type. */
static const char *ui_tl_type_marker(const char *type)
{
	static const char *const names[] = { "note", "observation", "action",
	    "decision", "change", "comms" };
	static const char *const marks[] = { "NOTE", "OBS", "ACT", "DEC",
	    "CHG", "COMM" };
	size_t i;

	for (i = 0; i < 6; i++)
		if (type != NULL && strcmp(type, names[i]) == 0)
			return marks[i];
	return "NOTE";
}

/* Text of a status update, on one line. */
static char *ui_tl_update_text(const struct event *ev)
{
	const char *unknown = event_str(ev, "unknown");
	const char *actions = event_str(ev, "actions");

	if (actions != NULL && *actions == '\0')
		actions = NULL;

	return xasprintf("[%s] impact: %s | known: %s | unknown: %s%s%s",
	    event_str(ev, "confidence") ? event_str(ev, "confidence") : "?",
	    event_str(ev, "impact") ? event_str(ev, "impact") : "",
	    event_str(ev, "known") ? event_str(ev, "known") : "",
	    unknown != NULL && *unknown != '\0' ? unknown : "-",
	    actions ? " | doing: " : "", actions ? actions : "");
}

/* Text of the command handoff events. */
static char *ui_tl_command_text(const struct event *ev, const char **marker)
{
	const char *r = event_str(ev, "reason");

	*marker = "CMD";
	switch (ev->kind) {
	case EV_CMD_OFFER:
		return xasprintf("offers command to %s", event_str(ev, "to") ?
		    event_str(ev, "to") : "?");
	case EV_CMD_ACCEPT:
		return xstrdup("accepted command: now the incident commander");
	case EV_CMD_DECLINE:
		return xasprintf("declined command%s%s", r ? ": " : "",
		    r ? r : "");
	case EV_CMD_WITHDRAW:
		return xstrdup("withdrew the command offer");
	default:
		return xasprintf("relieved the commander: %s", r ? r : "");
	}
}

/* Text of incident-level events (declare, update, status, mark, snooze). */
static char *ui_tl_incident_text(const struct event *ev, const char **marker)
{
	const char *r = event_str(ev, "reason");
	char *d, *s;

	switch (ev->kind) {
	case EV_DECLARE:
		*marker = "DECL";
		return xasprintf("declared SEV%lld%s: %s",
		    (long long)event_int(ev, "severity"),
		    json_is_true(json_object_get(ev->body, "drill")) ?
		    " DRILL" : "", event_str(ev, "title") ?
		    event_str(ev, "title") : "");
	case EV_INCIDENT_UPDATE:
		*marker = "INC";
		if (event_str(ev, "title") != NULL)
			return xasprintf("retitled: %s", event_str(ev, "title"));
		return xasprintf("severity now SEV%lld",
		    (long long)event_int(ev, "severity"));
	case EV_STATUS:
		*marker = "STAT";
		return xasprintf("status → %s%s%s", event_str(ev, "status") ?
		    event_str(ev, "status") : "?", r ? ": " : "", r ? r : "");
	case EV_MARK:
		*marker = "MARK";
		return xasprintf("%s", event_str(ev, "mark") ?
		    event_str(ev, "mark") : "?");
	default:
		*marker = "SNZ";
		d = when_format_duration(event_int(ev, "for_ms"));
		s = xasprintf("snoozed the update reminder for %s", d);
		free(d);
		return s;
	}
}

/* The one-line text of an event and its marker (NULL: not a timeline row). */
char *ui_tl_describe(const struct event *ev, const char **marker)
{
	const char *t = event_str(ev, "text"), *r = event_str(ev, "reason");

	switch (ev->kind) {
	case EV_ENTRY:
		*marker = ui_tl_type_marker(event_str(ev, "type"));
		return xstrdup(t ? t : "");
	case EV_AMEND:
		*marker = "AMND";
		return xasprintf("#%lld corrected: %s (why: %s)",
		    (long long)ev->target, t ? t : "", r ? r : "");
	case EV_STRIKE:
		*marker = "STRK";
		return xasprintf("#%lld struck: %s", (long long)ev->target,
		    r ? r : "");
	case EV_ROLE_ASSIGN:
	case EV_ROLE_RELEASE:
		*marker = "ROLE";
		return xasprintf("%s %s %s", event_str(ev, "user") ?
		    event_str(ev, "user") : "?", ev->kind == EV_ROLE_ASSIGN ?
		    "takes" : "releases", event_str(ev, "role") ?
		    event_str(ev, "role") : "?");
	case EV_CMD_OFFER: case EV_CMD_ACCEPT: case EV_CMD_DECLINE:
	case EV_CMD_WITHDRAW: case EV_CMD_RELIEVE:
		return ui_tl_command_text(ev, marker);
	case EV_DECLARE: case EV_INCIDENT_UPDATE: case EV_STATUS: case EV_MARK:
	case EV_SNOOZE:
		return ui_tl_incident_text(ev, marker);
	case EV_UPDATE:
		*marker = "UPD";
		return ui_tl_update_text(ev);
	case EV_HYP_OPEN:
		*marker = "HYP";
		return xasprintf("opened: %s", t ? t : "");
	case EV_HYP_SET:
		*marker = "HYP";
		return xasprintf("H%lld → %s%s%s", (long long)event_int(ev, "id"),
		    event_str(ev, "state") ? event_str(ev, "state") : "?",
		    event_str(ev, "note") ? ": " : "",
		    event_str(ev, "note") ? event_str(ev, "note") : "");
	case EV_FACTOR: *marker = "FACT"; return xstrdup(t ? t : "");
	case EV_FOLLOWUP: *marker = "FUP"; return xstrdup(t ? t : "");
	case EV_FOLLOWUP_SET: *marker = "FUP";
		return xasprintf("follow-up %lld updated",
		    (long long)event_int(ev, "id"));
	case EV_ANNOTATION: *marker = "ANNO";
		return xasprintf("on #%lld: %s", (long long)ev->target, t ? t : "");
	case EV_SUMMARY: *marker = "SUMM"; return xstrdup(t ? t : "");
	default:
		return NULL; /* park: a counter only; unknown kinds */
	}
}

/* Refs and tags: "[deploy:4711] #db" (raw), or NULL; also the filter
 * strings. */
static char *ui_tl_extra(const struct event *ev, char **refs, char **tags)
{
	char *out = xstrdup(""), *tmp;
	size_t i;

	*refs = xstrdup("\x1f");
	*tags = xstrdup("\x1f");
	for (i = 0; i < json_array_size(ev->refs); i++) {
		const char *r = json_string_value(json_array_get(ev->refs, i));
		tmp = xasprintf("%s%s[%s]", out, *out ? " " : "", r ? r : "");
		free(out);
		out = tmp;
		tmp = xasprintf("%s%s\x1f", *refs, r ? r : "");
		free(*refs);
		*refs = tmp;
	}
	for (i = 0; i < json_array_size(ev->tags); i++) {
		const char *t = json_string_value(json_array_get(ev->tags, i));
		tmp = xasprintf("%s%s#%s", out, *out ? " " : "", t ? t : "");
		free(out);
		out = tmp;
		tmp = xasprintf("%s%s\x1f", *tags, t ? t : "");
		free(*tags);
		*tags = tmp;
	}
	if (*out == '\0') {
		free(out);
		return NULL;
	}
	return out;
}

/* Build a row from an event; 0 when the event has none. */
static int ui_tl_row(const struct event *ev, struct ui_row *row)
{
	const char *marker = NULL;
	char *text = ui_tl_describe(ev, &marker), *extra;

	if (text == NULL)
		return 0;
	memset(row, 0, sizeof *row);
	row->seq = ev->seq;
	row->occurred_at = ev->occurred_at;
	row->recorded_at = ev->recorded_at;
	row->target = ev->target;
	row->kind = ev->kind;
	row->type = ev->kind == EV_ENTRY ?
	    model_entry_type_parse(event_str(ev, "type")) : -1;
	row->actor = text_sanitize(ev->actor != NULL ? ev->actor : "?", 0);
	row->marker = (char *)marker;
	row->text = text_sanitize(text, 0);
	free(text);
	extra = ui_tl_extra(ev, &row->refs_raw, &row->tags_raw);
	if (extra != NULL) {
		row->extra = text_sanitize(extra, 0);
		free(extra);
	}
	return 1;
}

/* Free one row's strings. */
static void ui_tl_row_free(struct ui_row *row)
{
	free(row->actor);
	free(row->text);
	free(row->extra);
	free(row->refs_raw);
	free(row->tags_raw);
}

/* 1 when row passes the filter. */
static int ui_tl_match(const struct ui_filter *f, const struct ui_row *row)
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

/* Drop the oldest rows when the window is full. */
static void ui_tl_trim(struct ui_timeline *tl)
{
	size_t i;

	if (tl->nrows < UI_TL_KEEP + UI_TL_DROP)
		return;
	for (i = 0; i < UI_TL_DROP; i++)
		ui_tl_row_free(&tl->rows[i]);
	memmove(tl->rows, tl->rows + UI_TL_DROP,
	    (tl->nrows - UI_TL_DROP) * sizeof *tl->rows);
	tl->nrows -= UI_TL_DROP;
	tl->dropped += UI_TL_DROP;
	if (tl->scroll >= tl->nrows)
		tl->scroll = tl->nrows > 0 ? tl->nrows - 1 : 0;
}

/* A new event (in seq order): add its row at the bottom. */
void ui_tl_add(struct ui *ui, const struct event *ev)
{
	struct ui_timeline *tl = &ui->tl;
	struct ui_row row;

	if (!ui_tl_row(ev, &row))
		return;
	if (tl->nrows % 256 == 0)
		tl->rows = xreallocarray(tl->rows, tl->nrows + 256,
		    sizeof *tl->rows);
	tl->rows[tl->nrows++] = row;
	if (tl->scroll > 0 && ui->synced && ui_tl_match(&tl->filter, &row)) {
		tl->scroll++;
		tl->unseen++;
	}
	ui_tl_trim(tl);
}

/* An older event paged back in: add its row at the top. */
void ui_tl_add_older(struct ui *ui, const struct event *ev)
{
	struct ui_timeline *tl = &ui->tl;
	struct ui_row row;

	if (tl->nrows > 0 && ev->seq >= tl->rows[0].seq)
		return;
	if (!ui_tl_row(ev, &row))
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

/* Forget every row, the search and the filter. */
void ui_tl_clear(struct ui_timeline *tl)
{
	size_t i;

	for (i = 0; i < tl->nrows; i++)
		ui_tl_row_free(&tl->rows[i]);
	free(tl->rows);
	free(tl->matches);
	free(tl->query);
	free(tl->filter.author);
	free(tl->filter.tag);
	free(tl->filter.ref);
	memset(tl, 0, sizeof *tl);
	tl->filter.type = -1;
}

/* The full display line of a row after the columns: text, flags, refs. */
static char *ui_tl_line(struct ui *ui, struct model_incident *inc,
    const struct ui_row *row, int *struck)
{
	const struct model_entry *e = inc != NULL ?
	    model_entry_find(inc, row->seq) : NULL;
	char *rec = NULL, *s;
	int late = e != NULL && e->late;

	*struck = e != NULL && e->struck;
	if (row->recorded_at - row->occurred_at > 60000)
		rec = ui_hm(ui, row->recorded_at, NULL);
	s = xasprintf("%s%s%s%s%s%s%s%s%s (#%lld)", *struck ? "[struck] " : "",
	    row->text, e != NULL && e->amended ? " [amended]" : "",
	    late ? " [recorded late]" : "", rec ? " (rec " : "",
	    rec ? rec : "", rec ? ")" : "", row->extra ? "  " : "",
	    row->extra ? row->extra : "", (long long)row->seq);
	free(rec);
	return s;
}

/* Attribute of a marker. */
static attr_t ui_tl_marker_attr(struct ui *ui, const struct ui_row *row)
{
	switch (row->kind) {
	case EV_UPDATE:
	case EV_STATUS:
	case EV_DECLARE:
		return ui_attr(ui, UI_PAIR_OK, A_BOLD);
	case EV_CMD_OFFER: case EV_CMD_ACCEPT: case EV_CMD_DECLINE:
	case EV_CMD_WITHDRAW: case EV_CMD_RELIEVE: case EV_STRIKE:
	case EV_AMEND:
		return ui_attr(ui, UI_PAIR_WARN, A_BOLD);
	default:
		return ui_attr(ui, UI_PAIR_DIM, A_NORMAL);
	}
}

/* Columns before the text: time [zone2] author marker. */
static int ui_tl_prefix_width(struct ui *ui)
{
	return 6 + (ui->zone2 != NULL ? 6 : 0) + 11 + 5;
}

/* Draw the row's prefix columns on line y. */
static void ui_tl_prefix(struct ui *ui, WINDOW *w, int y,
    const struct ui_row *row, attr_t a)
{
	char *t = ui_hm(ui, row->occurred_at, NULL);
	int x = 0;

	ui_put(w, y, x, t, 5, a);
	free(t);
	x += 6;
	if (ui->zone2 != NULL) {
		t = ui_hm(ui, row->occurred_at, ui->zone2);
		ui_put(w, y, x, t, 5, a | ui_attr(ui, UI_PAIR_DIM, A_DIM));
		free(t);
		x += 6;
	}
	ui_put(w, y, x, row->actor, 10, a | A_BOLD);
	x += 11;
	ui_put(w, y, x, row->marker, 4, a | ui_tl_marker_attr(ui, row));
}

/* Draw one row whose last line is at y; returns the lines it took. */
static int ui_tl_draw_row(struct ui *ui, WINDOW *w, int y,
    const struct ui_row *row, struct model_incident *inc)
{
	size_t starts[UI_TL_MAXLINES], n, k, end;
	int pw = ui_tl_prefix_width(ui), width = getmaxx(w) - pw - 1, struck;
	char *line = ui_tl_line(ui, inc, row, &struck), *seg;
	attr_t a = row->seq == ui->tl.highlight ? A_REVERSE : A_NORMAL;
	int top;

	if (struck)
		a |= A_DIM;
	n = ui_wrap(line, width, starts, UI_TL_MAXLINES);
	if (n > UI_TL_MAXLINES)
		n = UI_TL_MAXLINES;
	top = y - (int)n + 1;
	for (k = 0; k < n; k++) {
		if (top + (int)k < 0)
			continue;
		end = k + 1 < n ? starts[k + 1] : strlen(line);
		if (k == 0)
			ui_tl_prefix(ui, w, top, row, a);
		seg = xstrndup(line + starts[k], end - starts[k]);
		ui_put(w, top + (int)k, pw, seg, width, a);
		free(seg);
	}
	free(line);
	return (int)n;
}

/* The "N new" and "older not in memory" markers. */
static void ui_tl_markers(struct ui *ui, WINDOW *w, int reached_top, int y)
{
	struct ui_timeline *tl = &ui->tl;
	char *s;

	if (reached_top && tl->dropped > 0 && y >= 0) {
		s = xasprintf("── %zu older entries not loaded (sitrep log %s) ──",
		    tl->dropped, ui->incident);
		ui_put_clean(w, y, 0, s, -1, ui_attr(ui, UI_PAIR_DIM, A_DIM));
		free(s);
	}
	if (tl->scroll > 0) {
		s = tl->unseen > 0 ? xasprintf(" ↓ %zu new (G: jump to live) ",
		    tl->unseen) : xasprintf(" ↓ scrolled back %zu (G: live) ",
		    tl->scroll);
		ui_put(w, getmaxy(w) - 1, getmaxx(w) - (int)text_width(s) - 1,
		    s, -1, ui_attr(ui, UI_PAIR_MARK, A_REVERSE | A_BOLD));
		free(s);
	}
}

/* Draw the timeline, newest at the bottom. */
void ui_tl_draw(struct ui *ui, WINDOW *w)
{
	struct ui_timeline *tl = &ui->tl;
	struct model_incident *inc = ui_incident(ui);
	int y = getmaxy(w) - 1;
	size_t i = tl->nrows, skip = tl->scroll;

	if (tl->nrows == 0) {
		ui_put(w, 0, 0, ui->synced ? "(no entries yet: press i and "
		    "type what you see)" : "loading…", -1, A_DIM);
		return;
	}
	while (i > 0 && y >= 0) {
		i--;
		if (!ui_tl_match(&tl->filter, &tl->rows[i]))
			continue;
		if (skip > 0) {
			skip--;
			continue;
		}
		y -= ui_tl_draw_row(ui, w, y, &tl->rows[i], inc);
	}
	ui_tl_markers(ui, w, i == 0, y);
}

/* Matching rows in the window. */
static size_t ui_tl_count(struct ui_timeline *tl)
{
	size_t i, n = 0;

	for (i = 0; i < tl->nrows; i++)
		n += ui_tl_match(&tl->filter, &tl->rows[i]);
	return n;
}

/* Scroll by delta rows (positive: back in time). */
void ui_tl_scroll(struct ui *ui, long delta)
{
	struct ui_timeline *tl = &ui->tl;
	size_t n = ui_tl_count(tl);
	long s = (long)tl->scroll + delta;

	if (s < 0)
		s = 0;
	if (n > 0 && s > (long)n - 1)
		s = (long)n - 1;
	tl->scroll = (size_t)s;
	if (tl->scroll == 0)
		tl->unseen = 0;
	ui->dirty = 1;
}

/* Back to live (newest at the bottom). */
void ui_tl_bottom(struct ui *ui)
{
	ui->tl.scroll = 0;
	ui->tl.unseen = 0;
	ui->dirty = 1;
}

/* To the oldest row kept. */
void ui_tl_top(struct ui *ui)
{
	size_t n = ui_tl_count(&ui->tl);

	ui->tl.scroll = n > 0 ? n - 1 : 0;
	ui->dirty = 1;
}

/* Ask the server for a full-text search in the open incident. */
void ui_tl_search(struct ui *ui, const char *query)
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
static int ui_tl_show_seq(struct ui *ui, int64_t seq)
{
	struct ui_timeline *tl = &ui->tl;
	size_t i, below = 0;

	for (i = tl->nrows; i > 0; i--) {
		if (tl->rows[i - 1].seq == seq) {
			tl->scroll = below;
			tl->highlight = seq;
			return 1;
		}
		below += ui_tl_match(&tl->filter, &tl->rows[i - 1]);
	}
	return 0;
}

/* Search results arrived: go to the newest match. */
void ui_tl_search_result(struct ui *ui, const json_t *events)
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
	ui_tl_next_match(ui, 0);
}

/* Go to the next match: dir > 0 older (n), < 0 newer (N), 0 current. */
void ui_tl_next_match(struct ui *ui, int dir)
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
	if (ui_tl_show_seq(ui, tl->matches[tl->match]))
		ui_message(ui, 0, "match %zu of %zu for \"%s\" (n older, N newer)",
		    tl->nmatches - tl->match, tl->nmatches, tl->query);
	else
		ui_message(ui, 0, "match #%lld is older than the entries "
		    "loaded (sitrep log %s)", (long long)tl->matches[tl->match],
		    ui->incident);
	ui->dirty = 1;
}

/* Set the filter from "type=T author=U tag=G ref=K:V" (empty: clear). */
int ui_tl_filter_set(struct ui *ui, const char *spec, char **cause)
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
	ui_tl_bottom(ui);
	return rc;
}

/* The filter in words, for the message line. */
void ui_tl_filter_describe(const struct ui_filter *f, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s%s%s%s%s%s%s", f->type >= 0 ? "type=" : "",
	    f->type >= 0 ? model_entry_type_name(f->type) : "",
	    f->author ? " author=" : "", f->author ? f->author : "",
	    f->tag ? " tag=" : "", f->tag ? f->tag : "",
	    f->ref ? " ref=" : "", f->ref ? f->ref : "");
}
