/* test-export.c: the export core, format by format, on an incident built
 * here with every feature (an accepted handoff and its brief, amended,
 * struck and late entries, hypotheses, factors with a category and linked
 * entries, follow-ups past due, parked thoughts, annotations) and hostile
 * text; the JSON reader and the chain check; the event text the store
 * builds from its columns; the rule that lets an update stored with its
 * default next_at pass again; metrics. Times are fixed (TZ=UTC) and no
 * clock is read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "event.h"
#include "export.h"
#include "metrics.h"
#include "model.h"
#include "rules.h"
#include "store.h"
#include "xmalloc.h"

#define T0 1795348800000LL  /* 2026-11-22 12:00:00 UTC */
#define MIN 60000LL
#define HOSTILE "<script>alert(1)</script> | `tick` \033[2J \xe2\x80\xae" \
	"gnp.exe, \"quoted\" \xc2\x9b"

/* A document being built, event by event. */
struct test_doc {
	struct export_doc d;
	int64_t seq;
};

/* Add an event of kind by actor, happened at minute at, recorded at
 * minute rec (body stolen). Returns its seq. */
static int64_t test_add(struct test_doc *t, enum event_kind kind,
    const char *actor, int at, int rec, int64_t target, json_t *body)
{
	struct event *ev = event_new(kind);

	json_decref(ev->body);
	ev->body = body;
	ev->seq = ++t->seq;
	event_uid_new(ev->uid);
	ev->incident = xstrdup("INC-1");
	ev->actor = xstrdup(actor);
	ev->occurred_at = T0 + at * MIN;
	ev->recorded_at = T0 + rec * MIN;
	ev->target = target;
	export_doc_add(&t->d, ev);
	event_free(ev);
	return t->seq;
}

/* The recovery: declaration, marks, entries, a hypothesis, an update, a
 * correction, a strike, a handoff accepted, resolved. */
static void test_recovery(struct test_doc *t)
{
	test_add(t, EV_DECLARE, "alice", 0, 0, 0, json_pack("{s:s, s:i}",
	    "title", "Checkout " HOSTILE, "severity", 2));
	test_add(t, EV_MARK, "alice", -5, 1, 0, json_pack("{s:s}", "mark",
	    "impact-start"));
	test_add(t, EV_MARK, "alice", 2, 2, 0, json_pack("{s:s}", "mark",
	    "detected"));
	test_add(t, EV_ENTRY, "alice", 3, 3, 0, json_pack("{s:s, s:s}", "type",
	    "observation", "text", "p99 4.2 s"));
	test_add(t, EV_ENTRY, "alice", 4, 4, 0, json_pack("{s:s, s:s}", "type",
	    "observation", "text", "error rate | 30% " HOSTILE));
	test_add(t, EV_HYP_OPEN, "alice", 5, 5, 0, json_pack("{s:s}", "text",
	    "pool exhaustion"));
	test_add(t, EV_UPDATE, "alice", 6, 6, 0, json_pack("{s:s, s:s, s:s, "
	    "s:s, s:s, s:I}", "impact", "a third of checkouts slow", "known",
	    "began at the deploy", "unknown", "whether the pool is the cause",
	    "confidence", "likely", "audience", "internal", "next_at",
	    (json_int_t)(T0 + 36 * MIN)));
	test_add(t, EV_AMEND, "alice", 7, 7, 4, json_pack("{s:s, s:s}", "text",
	    "p99 4.8 s", "reason", "typo"));
	test_add(t, EV_STRIKE, "alice", 8, 8, 5, json_pack("{s:s}", "reason",
	    "staging graph"));
	test_add(t, EV_PARK, "alice", 8, 8, 0, json_pack("{s:s}", "text",
	    "why no canary?"));
	test_add(t, EV_CMD_OFFER, "alice", 9, 9, 0, json_pack("{s:s, s:s}",
	    "to", "bob", "brief", "Rollback running.\nWatch the <b>pool</b>."));
	test_add(t, EV_CMD_ACCEPT, "bob", 10, 10, 0, json_object());
	test_add(t, EV_HYP_SET, "bob", 11, 11, 0, json_pack("{s:i, s:s, s:s}",
	    "id", 1, "state", "confirmed", "note", "saw it"));
	test_add(t, EV_MARK, "bob", 15, 15, 0, json_pack("{s:s}", "mark",
	    "mitigated"));
	test_add(t, EV_STATUS, "bob", 20, 20, 0, json_pack("{s:s}", "status",
	    "resolved"));
}

/* The analysis: a late entry, factors, follow-ups, an annotation and the
 * summary. */
static void test_analysis(struct test_doc *t)
{
	test_add(t, EV_STATUS, "bob", 30, 30, 0, json_pack("{s:s}", "status",
	    "analysis"));
	test_add(t, EV_ENTRY, "bob", 12, 31, 0, json_pack("{s:s, s:s}", "type",
	    "note", "text", "pool resized at 12"));
	test_add(t, EV_FACTOR, "bob", 32, 32, 0, json_pack("{s:s, s:s, s:[i, "
	    "i]}", "text", "config drift", "category", "config", "entries", 4,
	    6));
	test_add(t, EV_FOLLOWUP, "bob", 33, 33, 0, json_pack("{s:s, s:s, s:I}",
	    "text", "add a canary", "owner", "team-a", "due",
	    (json_int_t)(T0 + 120 * MIN)));
	test_add(t, EV_FOLLOWUP, "bob", 33, 33, 0, json_pack("{s:s, s:s, s:I}",
	    "text", "seed staging", "owner", "team-b", "due",
	    (json_int_t)(T0 + 120 * MIN)));
	test_add(t, EV_FOLLOWUP_SET, "bob", 34, 34, 0, json_pack("{s:i, s:s}",
	    "id", 2, "state", "done"));
	test_add(t, EV_ANNOTATION, "bob", 35, 35, 4, json_pack("{s:s}", "text",
	    "the alert was late"));
	test_add(t, EV_SUMMARY, "bob", 36, 36, 0, json_pack("{s:s, s:s}",
	    "text", "A missing index.", "impact", "2h of slow checkout"));
}

/* The whole incident, finished as of a day after T0, in UTC. */
static void test_doc_build(struct test_doc *t)
{
	char *cause = NULL;

	memset(t, 0, sizeof *t);
	export_doc_init(&t->d);
	test_recovery(t);
	test_analysis(t);
	assert_int_equal(export_doc_finish(&t->d, "INC-1", "UTC",
	    T0 + 24 * 60 * MIN, &cause), 0);
}

/* Write the document of format name into a new string. */
static char *test_write(const struct export_doc *d, const char *name)
{
	const struct export_format *fmt = export_format_find(name);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(fmt);
	assert_non_null(f);
	fmt->write(d, f);
	fclose(f);
	return buf;
}

/* No control character, bidi override or C1 control is in s raw. */
static void test_inert(const char *s)
{
	assert_null(strchr(s, '\033'));
	assert_null(strstr(s, "\xe2\x80\xae"));
	assert_null(strstr(s, "\xc2\x9b"));
}

/* Markdown: every section with data, none without; corrections, strikes
 * and late entries visible; hostile text escaped. */
static void test_markdown(void **state)
{
	struct test_doc t;
	char *md;

	test_doc_build(&t);
	md = test_write(&t.d, "md");
	assert_non_null(strstr(md, "# INC-1: Checkout \\<script\\>alert(1)"
	    "\\</script\\> \\| \\`tick\\`"));
	assert_non_null(strstr(md, "**Time zone:** UTC"));
	assert_non_null(strstr(md, "| time to detect | **7m 00s** |"));
	assert_non_null(strstr(md, "| time to declare | n/a: "));
	assert_non_null(strstr(md, "## Summary\n\nA missing index."));
	assert_non_null(strstr(md, "## Impact\n\n2h of slow checkout"));
	assert_non_null(strstr(md, "| **bob** | 12:10 | the end | accepted a "
	    "handoff |"));
	assert_non_null(strstr(md, "> Rollback running.  \n> Watch the "
	    "\\<b\\>pool\\</b\\>."));
	assert_non_null(strstr(md, "- **Not known yet:** whether the pool"));
	assert_non_null(strstr(md, "| [H1](#e6) | pool exhaustion | "
	    "**confirmed** |"));
	assert_non_null(strstr(md, "~~error rate \\| 30% "));
	assert_non_null(strstr(md, "*— struck at 12:08 by alice:* "
	    "*staging graph*"));
	assert_non_null(strstr(md, "#4 corrected: p99 4.8 s"));
	assert_non_null(strstr(md, "*(recorded late, at 12:31)*"));
	assert_non_null(strstr(md, "- **config:** C1: config drift — see "
	    "[#4](#e4), [#6](#e6)"));
	assert_non_null(strstr(md, "| F1 | add a canary | team-a | "
	    "**2026-11-22 14:00** | open **— past due** |"));
	assert_null(strstr(md, "F2 | seed staging | team-b | 2026-11-22 14:00 "
	    "| done **"));
	assert_non_null(strstr(md, "## Parked thoughts\n\n- <a id=\"e"));
	assert_non_null(strstr(md, "></a>12:08 alice: why no canary?"));
	assert_non_null(strstr(md, "## Annotations\n\n- [#4](#e4) 12:35 bob: "
	    "on #4: the alert was late"));
	assert_null(strstr(md, "went well"));
	test_inert(md);
	free(md);
	export_doc_free(&t.d);
}

/* HTML: one file, no script, no external asset, everything escaped, the
 * time axis drawn, print rules for the page. */
static void test_html(void **state)
{
	struct test_doc t;
	char *html;

	test_doc_build(&t);
	html = test_write(&t.d, "html");
	assert_int_equal(strncmp(html, "<!DOCTYPE html>", 15), 0);
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "src="));
	assert_null(strstr(html, "<link"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(html, "@page"));
	assert_non_null(strstr(html, "<svg xmlns="));
	assert_non_null(strstr(html, "<tr id=\"e4\">"));
	assert_non_null(strstr(html, "<del>error rate | 30%"));
	assert_non_null(strstr(html, "&lt;U+202E&gt;"));
	assert_non_null(strstr(html, "<blockquote>Rollback running.<br>"));
	test_inert(html);
	assert_non_null(strstr(html, "</html>\n"));
	free(html);
	export_doc_free(&t.d);
}

/* CSV: RFC 4180 (CRLF, quoted fields, doubled quotes), ISO 8601 times
 * with the offset, the zone named, formulas defused. */
static void test_csv(void **state)
{
	struct test_doc t;
	char *csv, *row;

	test_doc_build(&t);
	csv = test_write(&t.d, "csv");
	assert_int_equal(strncmp(csv, "seq,occurred_at,recorded_at,actor,"
	    "kind,marker,text,refs,tags,target,struck,amended,late,zone,"
	    "incident_zone\r\n", 95), 0);
	row = strstr(csv, "\r\n5,2026-11-22T12:04:00+00:00,");
	assert_non_null(row);
	assert_non_null(strstr(row, ",entry,OBS,\"error rate | 30% <script>"));
	assert_non_null(strstr(row, "gnp.exe, \"\"quoted\"\" <U+009B>\",,,,1,0,"
	    "0,UTC,UTC\r\n"));
	assert_null(strstr(csv, "\n\n"));
	assert_null(strstr(csv, ",factor,"));
	test_inert(csv);
	free(csv);
	export_doc_free(&t.d);
	/* a text that starts like a formula is defused */
	memset(&t, 0, sizeof t);
	export_doc_init(&t.d);
	test_add(&t, EV_DECLARE, "alice", 0, 0, 0, json_pack("{s:s, s:i}",
	    "title", "t", "severity", 3));
	test_add(&t, EV_ENTRY, "alice", 1, 1, 0, json_pack("{s:s, s:s}", "type",
	    "note", "text", "=HYPERLINK(\"x\")"));
	assert_int_equal(export_doc_finish(&t.d, "INC-1", "UTC", T0, NULL), 0);
	csv = test_write(&t.d, "csv");
	assert_non_null(strstr(csv, ",NOTE,\"'=HYPERLINK(\"\"x\"\")\","));
	free(csv);
	export_doc_free(&t.d);
}

/* Every JSON an export writes escapes DEL, C1 and format characters, and
 * reads back equal. */
static void test_json_safe(void **state)
{
	json_t *v = json_pack("{s:s}", "t", "a\x7f b\xc2\x9b c\xe2\x80\xae d"
	    "\xf3\xa0\x80\x81 e\xe4\xb8\xad f\xf0\x9f\x98\x80"), *back;
	char *s = export_json_dump(v);

	assert_string_equal(s, "{\"t\":\"a\\u007F b\\u009B c\\u202E "
	    "d\\uDB40\\uDC01 e\xe4\xb8\xad f\xf0\x9f\x98\x80\"}");
	back = json_loads(s, 0, NULL);
	assert_true(json_equal(back, v));
	json_decref(back);
	json_decref(v);
	free(s);
}

/* A temporary store. */
struct test_store {
	char dir[64];
	char *path;
	struct store *st;
};

/* Open a store in a fresh temporary directory. */
static void test_store_open(struct test_store *t)
{
	char *cause = NULL;

	snprintf(t->dir, sizeof t->dir, "/tmp/sitrep-test-export.XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	t->path = xasprintf("%s/s.db", t->dir);
	assert_int_equal(store_open(t->path, &t->st, &cause), 0);
}

/* Close and remove it. */
static void test_store_close(struct test_store *t)
{
	char *cmd = xasprintf("rm -rf '%s'", t->dir);

	store_close(t->st);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(t->path);
}

/* Append an event of incident to the store. */
static void test_store_add(struct test_store *t, const char *incident,
    json_t *body, json_t *refs, int64_t target, const char *actor)
{
	struct event *ev = event_new(EV_ENTRY);
	char *cause = NULL;

	json_decref(ev->body);
	ev->body = body;
	ev->refs = refs;
	ev->target = target;
	event_uid_new(ev->uid);
	ev->incident = xstrdup(incident);
	ev->actor = xstrdup(actor);
	ev->occurred_at = T0;
	ev->recorded_at = T0 + 1;
	assert_int_equal(store_append(t->st, ev, &cause), 0);
	event_free(ev);
}

/* Keep each text a text scan passes. */
static int test_text_cb(const char *json, size_t n, int64_t seq, void *arg)
{
	assert_int_equal(strlen(json), n);
	json_array_append_new(arg, json_stringn(json, n));
	return 0;
}

/* Keep the JSON of each event a scan passes. */
static int test_event_cb(const struct event *ev, void *arg)
{
	json_t *j = event_to_json(ev, 1);
	char *s = json_dumps(j, JSON_COMPACT);

	json_array_append_new(arg, json_string(s));
	free(s);
	json_decref(j);
	return 0;
}

/* Keep each join. */
static void test_join_cb(int64_t seq, const unsigned char prev[32],
    void *arg)
{
	json_array_append_new(arg, export_chain_join_json(seq, prev));
}

/* Fill a store with two incidents interleaved, varied events. */
static void test_store_fill(struct test_store *t)
{
	char *cause = NULL;

	assert_int_equal(store_begin(t->st, &cause), 0);
	test_store_add(t, "INC-1", json_pack("{s:s}", "text", "plain"), NULL, 0,
	    "alice");
	test_store_add(t, "INC-1", json_pack("{s:s, s:f}", "text", "esc \033 "
	    "\"q\" \\ \xe2\x80\xae 中", "ratio", 0.1), json_pack("[s]",
	    "deploy:1"), 1, "o'brien \"x\"");
	test_store_add(t, "INC-2", json_pack("{s:s}", "text", "other"), NULL, 0,
	    "bob");
	test_store_add(t, "INC-1", json_pack("{s:[i, i], s:{s:n}}", "entries",
	    1, 2, "nested", "n"), NULL, 0, "alice");
	assert_int_equal(store_commit(t->st, &cause), 0);
}

/* The store writes an event's JSON from its columns exactly as
 * event_to_json gives it; joins give the hash before each event not
 * following its own; the chain check accepts the events and names the
 * first one changed. */
static void test_store_text(void **state)
{
	struct test_store t;
	json_t *texts = json_array(), *events = json_array(), *joins;
	struct export_chain chain;
	struct event *ev;
	json_t *obj;
	char *cause = NULL;
	int64_t last;
	size_t i;

	test_store_open(&t);
	test_store_fill(&t);
	assert_int_equal(store_scan_text(t.st, "INC-1", 0, 0, test_text_cb,
	    texts, &cause), 3);
	assert_int_equal(store_scan(t.st, "INC-1", 0, 0, test_event_cb, events,
	    &cause), 3);
	assert_true(json_equal(texts, events));
	joins = json_array();
	assert_int_equal(store_scan_joins(t.st, "INC-1", 0, 0, 0, test_join_cb,
	    joins, &last, &cause), 2);
	assert_int_equal(last, 4);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
	    joins, 1), "seq")), 4);
	assert_int_equal(export_chain_init(&chain, joins, &cause), 0);
	for (i = 0; i < 3; i++) {
		obj = json_loads(json_string_value(json_array_get(texts, i)), 0,
		    NULL);
		ev = event_from_json(obj, &cause);
		json_decref(obj);
		assert_non_null(ev);
		if (i == 2)
			json_object_set_new(ev->body, "nested", json_true());
		assert_int_equal(export_chain_check(&chain, ev, &cause),
		    i == 2 ? -1 : 0);
		event_free(ev);
	}
	assert_non_null(strstr(cause, "event #4 (entry) does not match its "
	    "hash"));
	free(cause);
	export_chain_free(&chain);
	json_decref(joins);
	json_decref(texts);
	json_decref(events);
	test_store_close(&t);
}

/* An export file as text, from a head and event lines. */
static char *test_file(const char *head, const char *events)
{
	return xasprintf("{%s\"events\":[%s]}", head, events);
}

/* Read a file; the result of export_reader_open, then of each next, and
 * the last cause. */
static int test_read(const char *text, char **cause)
{
	struct export_reader r;
	struct event *ev;
	json_t *obj;
	int rc;

	*cause = NULL;
	if (export_reader_open(&r, text, strlen(text), cause) != 0)
		return -2;
	while ((rc = export_reader_next(&r, &ev, &obj, cause)) == 1) {
		event_free(ev);
		json_decref(obj);
	}
	export_reader_close(&r);
	return rc;
}

/* The reader takes a file of any layout and refuses, naming the problem,
 * what is not a sitrep export or not the incident's events in order. */
static void test_reader(void **state)
{
	static const char head[] = "\"format\": \"sitrep-export\", "
	    "\"version\": 1, \"incident\": {\"ref\": \"INC-1\"}, \"chain\": "
	    "{\"previous\": []},\n";
	static const char decl[] = "{\"seq\": 1, \"uid\": \"0123456789abcdef"
	    "0123456789abcdef\", \"incident\": \"INC-1\", \"kind\": "
	    "\"incident.declare\", \"actor\": \"a\", \"recorded_at\": 5, "
	    "\"body\": {}}";
	static const char entry[] = "{\"seq\": 1, \"uid\": \"1123456789abcdef"
	    "0123456789abcdef\", \"incident\": \"INC-1\", \"kind\": \"entry\", "
	    "\"actor\": \"a\", \"recorded_at\": 5, \"body\": {}}";
	char *f, *cause, *two;

	f = test_file(head, decl);
	assert_int_equal(test_read(f, &cause), 0);
	free(f);
	two = xasprintf("%s, %s", decl, entry);
	f = test_file(head, two);
	assert_int_equal(test_read(f, &cause), -1);
	assert_string_equal(cause, "event 2 of the file: its seq 1 does not "
	    "come after 1");
	free(cause);
	free(f);
	free(two);
	f = test_file(head, entry);
	assert_int_equal(test_read(f, &cause), -1);
	assert_non_null(strstr(cause, "the first event must declare"));
	free(cause);
	free(f);
	f = test_file("\"format\": \"other\", ", decl);
	assert_int_equal(test_read(f, &cause), -2);
	assert_non_null(strstr(cause, "not a sitrep export"));
	free(cause);
	free(f);
	f = xasprintf("{%s\"events\": [%s], \"more\": 1}", head, decl);
	assert_int_equal(test_read(f, &cause), -1);
	assert_non_null(strstr(cause, "events must be the last member"));
	free(cause);
	free(f);
	f = test_file("\"format\": \"sitrep-export\", \"version\": 9, ", decl);
	assert_int_equal(test_read(f, &cause), -2);
	assert_non_null(strstr(cause, "use a newer sitrep"));
	free(cause);
	free(f);
}

/* An update stored with the default next_at its rule gave it (past, as it
 * was back-dated) passes the rules again as stored; a past next_at that
 * is not the default is still refused. */
static void test_update_again(void **state)
{
	struct model m;
	struct event *ev = event_new(EV_DECLARE);
	const char *field;
	char *why = NULL;
	int64_t due;

	model_init(&m);
	ev->incident = xstrdup("INC-1");
	ev->actor = xstrdup("alice");
	ev->seq = 1;
	ev->recorded_at = T0;
	json_object_set_new(ev->body, "title", json_string("t"));
	json_object_set_new(ev->body, "severity", json_integer(1));
	model_apply(&m, ev);
	event_free(ev);
	ev = event_new(EV_UPDATE);
	ev->incident = xstrdup("INC-1");
	ev->actor = xstrdup("alice");
	ev->recorded_at = T0 + 120 * MIN;
	ev->occurred_at = T0;
	json_object_set_new(ev->body, "impact", json_string("i"));
	json_object_set_new(ev->body, "known", json_string("k"));
	json_object_set_new(ev->body, "unknown", json_string("u"));
	json_object_set_new(ev->body, "confidence", json_string("likely"));
	assert_int_equal(rules_check(&m, ev, NULL, &why, &field), 0);
	due = event_int(ev, "next_at");
	assert_true(due > 0 && due < ev->recorded_at);
	assert_int_equal(rules_check(&m, ev, NULL, &why, &field), 0);
	json_object_set_new(ev->body, "next_at", json_integer(due - 1));
	assert_int_equal(rules_check(&m, ev, NULL, &why, &field), -1);
	free(why);
	event_free(ev);
	model_free(&m);
}

/* Metrics: drills and incidents before since left out; durations only
 * where defined; median, p90, max; categories and owners ranked. */
static void test_metrics(void **state)
{
	struct model_incident inc[4];
	struct model_followup fu = { .id = 1, .owner = "team-a", .due = T0,
	    .state = FU_OPEN };
	const char *cats[] = { "config", "config", NULL };
	struct metrics mx;
	json_t *j;
	char *s;
	int i;

	memset(inc, 0, sizeof inc);
	for (i = 0; i < 4; i++) {
		inc[i].severity = 2;
		inc[i].marks[MARK_DECLARED] = T0 + i * MIN;
		inc[i].marks[MARK_IMPACT] = T0 - 10 * MIN;
		inc[i].marks[MARK_DETECTED] = T0 - (10 - 2 * (i + 1)) * MIN;
	}
	inc[0].marks[MARK_DETECTED] = 0;
	inc[3].drill = 1;
	inc[1].followups = &fu;
	inc[1].nfollowups = 1;
	metrics_init(&mx, T0, T0 + MIN);
	for (i = 0; i < 4; i++)
		metrics_add(&mx, &inc[i], i == 1 ? cats : NULL, i == 1 ? 3 : 0);
	j = metrics_json(&mx);
	s = json_dumps(j, JSON_COMPACT);
	assert_non_null(strstr(s, "\"incidents\":3,\"drills_left_out\":1"));
	assert_non_null(strstr(s, "\"to_detect\":{\"incidents\":2,"
	    "\"median_ms\":300000,\"p90_ms\":360000,\"max_ms\":360000"));
	assert_non_null(strstr(s, "\"factor_categories\":[{\"category\":"
	    "\"config\",\"count\":2},{\"category\":\"no category\",\"count\":"
	    "1}]"));
	assert_non_null(strstr(s, "\"followups_past_due\":[{\"owner\":"
	    "\"team-a\",\"count\":1}]"));
	free(s);
	json_decref(j);
	metrics_free(&mx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_json_safe),
		cmocka_unit_test(test_store_text),
		cmocka_unit_test(test_reader),
		cmocka_unit_test(test_update_again),
		cmocka_unit_test(test_metrics),
	};

	setenv("TZ", "UTC", 1);
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
