/* export-page.c: a JSON export's events paged through the server and
 * written as they came (see export-page.h). */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "export.h"
#include "export-page.h"
#include "proto.h"
#include "text.h"
#include "xmalloc.h"

/* Request ids of the pager: far above those a session numbers from 1, so
 * a page is never taken for another request's reply. */
#define EXPORT_PAGE_ID0 ((int64_t)1 << 40)

/* How an events page starts and where its events start. */
static const char export_page_head[] = "{\"type\":\"export\",";
static const char export_page_events[] = ",\"events\":[";

/* Ask for the events after seq after. */
static void export_pager_ask(struct export_pager *p, int64_t after)
{
	json_t *msg = proto_msg("export");

	p->id = p->id == 0 ? EXPORT_PAGE_ID0 : p->id + 1;
	json_object_set_new(msg, "id", json_integer(p->id));
	json_object_set_new(msg, "incident", json_string(p->ref));
	json_object_set_new(msg, "part", json_string("events"));
	json_object_set_new(msg, "after", json_integer(after));
	json_object_set_new(msg, "upto", json_integer(p->upto));
	client_request(p->c, msg);
}

/* Fail with why (a copy). */
static void export_pager_fail(struct export_pager *p, const char *why)
{
	if (p->done != 0)
		return;
	p->done = -1;
	p->why = xstrdup(why);
}

/* The page's fields but its events, from the bytes before them: a new
 * reference, or NULL when the frame is not a page. */
static json_t *export_pager_header(const char *frame, size_t n,
    const char **events)
{
	const char *at;
	char *text;
	json_t *head;

	if (n < sizeof export_page_head || memcmp(frame, export_page_head,
	    sizeof export_page_head - 1) != 0 || (at = memmem(frame, n,
	    export_page_events, sizeof export_page_events - 1)) == NULL)
		return NULL;
	text = xasprintf("%.*s}", (int)(at - frame), frame);
	head = json_loads(text, 0, NULL);
	free(text);
	*events = at + sizeof export_page_events - 1;
	return head;
}

/* 1 when a page's events are text compact JSON may hold: valid UTF-8,
 * no control character but the newlines between events. They are written
 * unparsed, so nothing else may reach the file. */
static int export_pager_clean(const char *s, size_t n)
{
	size_t i;

	if (!text_valid_utf8(s, n))
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\n')
			return 0;
	return 1;
}

/* Write the events of a page, one a line, between events and end (which
 * must close the array and the object). */
static void export_pager_write(struct export_pager *p, const char *events,
    const char *end)
{
	const char *line, *nl, *stop;

	if (end - events < 2 || memcmp(end - 2, "]}", 2) != 0) {
		export_pager_fail(p, "the server sent a page cut short");
		return;
	}
	if (!export_pager_clean(events, (size_t)(end - events))) {
		export_pager_fail(p, "the server sent a page that is not clean "
		    "JSON text (invalid UTF-8 or a control character); "
		    "nothing of it was written");
		return;
	}
	end -= 2;
	for (line = events; line < end && p->done == 0; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		stop = nl > line && nl[-1] == ',' ? nl - 1 : nl;
		if (stop == line)
			continue;
		if (export_json_line(p->f, line, (size_t)(stop - line),
		    p->first) != 0)
			export_pager_fail(p, "cannot write the export");
		p->first = 0;
	}
}

/* The client's raw reader: take the page expected next, ask for the one
 * after it, then write it. */
static int export_pager_frame(struct client *c, const char *frame, size_t n,
    void *arg)
{
	struct export_pager *p = arg;
	const char *events = NULL;
	json_t *head = export_pager_header(frame, n, &events);

	if (head == NULL)
		return 0;
	if (json_integer_value(json_object_get(head, "id")) != p->id ||
	    p->done != 0) {
		json_decref(head);
		return 0;
	}
	p->pages++;
	if (json_is_true(json_object_get(head, "more")))
		export_pager_ask(p, json_integer_value(json_object_get(head,
		    "last")));
	else
		p->id = 0;
	export_pager_write(p, events, frame + n);
	if (p->done == 0 && p->id == 0)
		p->done = 1;
	if (p->on_page != NULL)
		p->on_page(p->page_arg);
	json_decref(head);
	return 1;
}

/* Start paging (see export-page.h). */
void export_pager_start(struct export_pager *p, struct client *c,
    const char *ref, int64_t upto, FILE *f)
{
	memset(p, 0, sizeof *p);
	p->c = c;
	p->f = f;
	p->ref = xstrdup(ref);
	p->upto = upto;
	p->first = 1;
	client_raw(c, export_pager_frame, p);
	export_pager_ask(p, 0);
}

/* Stop paging (see export-page.h). */
void export_pager_stop(struct export_pager *p)
{
	if (p->c != NULL)
		client_raw(p->c, NULL, NULL);
	free(p->ref);
	free(p->why);
	p->ref = p->why = NULL;
	p->c = NULL;
}
