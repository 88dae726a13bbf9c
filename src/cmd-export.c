/* cmd-export.c: `sitrep export`, an incident as a document.
 *
 * Markdown, HTML and CSV fold the incident's whole history (as show does)
 * into an export_doc and write it in the export's zone (--tz, else the
 * incident's own). JSON asks the server (the export request, proto.h) for
 * the incident's summary and where its events join the chain; the events
 * themselves come from the store's file when this user can read it, as
 * verify reads it (nothing is parsed on the way: a million events export
 * as fast as sqlite3 dumps them), else from the server a page at a time;
 * either way they are written as they come and never sit in memory. With
 * -o the document goes to a temporary file in the target's
 * directory, is flushed to disk and then linked (or with --force renamed)
 * into place: a reader sees the old file or the whole new one, never a
 * part, and an existing file is never replaced without --force.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "export.h"
#include "export-page.h"
#include "sitrep.h"
#include "store.h"
#include "xmalloc.h"


/* Where a document goes: standard output, or a file written atomically. */
struct cmd_export_out {
	const char *path;   /* NULL: standard output */
	char *tmp;          /* the temporary file beside it */
	FILE *f;
	int force;
};

/* The directory a path is in (new string). */
static char *cmd_export_dir(const char *path)
{
	char *copy = xstrdup(path), *dir = xstrdup(dirname(copy));

	free(copy);
	return dir;
}

/* Open the output: a temporary file in the target's directory, with the
 * mode a new file gets. -1 and *cause when it cannot be made, or when the
 * target exists and force is not given. */
static int cmd_export_open(struct cmd_export_out *o, char **cause)
{
	char *dir, *copy;
	mode_t mask;
	int fd;

	if (o->path == NULL) {
		o->f = stdout;
		return 0;
	}
	if (!o->force && access(o->path, F_OK) == 0) {
		*cause = xasprintf("%s exists; give --force to replace it",
		    o->path);
		return -1;
	}
	dir = cmd_export_dir(o->path);
	copy = xstrdup(o->path);
	o->tmp = xasprintf("%s/.%s.XXXXXX", dir, basename(copy));
	free(copy);
	free(dir);
	if ((fd = mkstemp(o->tmp)) < 0 || (o->f = fdopen(fd, "w")) == NULL) {
		*cause = xasprintf("cannot write in the directory of %s: %s",
		    o->path, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	return 0;
}

/* Make the new file durable and put it in place; -1 and *cause. */
static int cmd_export_place(struct cmd_export_out *o, char **cause)
{
	char *dir = cmd_export_dir(o->path);
	int r, dfd;

	if (o->force)
		r = rename(o->tmp, o->path);
	else if ((r = link(o->tmp, o->path)) == 0)
		unlink(o->tmp);
	if (r != 0)
		*cause = errno == EEXIST ? xasprintf("%s exists; give --force "
		    "to replace it", o->path) : xasprintf("cannot write %s: %s",
		    o->path, strerror(errno));
	else if ((dfd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(dir);
	return r == 0 ? 0 : -1;
}

/* Finish the output (ok 0: the document is whole): flush, sync, place; on
 * any failure the temporary file goes. -1 and *cause. */
static int cmd_export_close(struct cmd_export_out *o, int ok, char **cause)
{
	int r = 0;

	if (o->path == NULL) {
		if (fflush(stdout) != 0 || ferror(stdout)) {
			/* a reader that went away (| head) needs no word */
			*cause = errno == EPIPE ? NULL : xasprintf("cannot "
			    "write to standard output: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	if (ok && (fflush(o->f) != 0 || ferror(o->f) ||
	    fsync(fileno(o->f)) != 0)) {
		*cause = xasprintf("cannot write %s: %s", o->path,
		    strerror(errno));
		r = -1;
	}
	if (fclose(o->f) != 0 && ok && r == 0) {
		*cause = xasprintf("cannot write %s: %s", o->path,
		    strerror(errno));
		r = -1;
	}
	if (ok && r == 0)
		r = cmd_export_place(o, cause);
	unlink(o->tmp);
	free(o->tmp);
	return ok ? r : -1;
}

/* Set the export's zone: --tz when given, else the incident's own. */
static int cmd_export_zone(const struct cmd_globals *g, const char *own,
    const char **zone)
{
	char *cause = NULL;

	*zone = g->tz != NULL ? g->tz : own;
	if (g->tz != NULL || cmd_set_tz(own, &cause) == 0)
		return SR_EXIT_OK;
	fprintf(stderr, "sitrep export: %s\n", cause);
	free(cause);
	return SR_EXIT_REFUSED;
}

/* Keep each event of the history in the document. */
static int cmd_export_event(const struct event *ev, void *arg)
{
	if (ev != NULL)
		export_doc_add(arg, ev);
	return 0;
}

/* Markdown, HTML or CSV: fold the history, then write the document. */
static int cmd_export_doc(const struct cmd_globals *g, struct cmd_session *s,
    const char *ref, const struct export_format *fmt,
    struct cmd_export_out *o, int64_t now)
{
	struct export_doc d;
	const struct model_incident *inc;
	const char *zone;
	char *cause = NULL;
	int status;

	export_doc_init(&d);
	status = cmd_session_subscribe(s, ref, 0, 0, cmd_export_event, &d);
	if (status == SR_EXIT_OK && (inc = model_find(&d.m, ref)) != NULL &&
	    (status = cmd_export_zone(g, model_zone(inc), &zone)) ==
	    SR_EXIT_OK && export_doc_finish(&d, ref, zone, now, &cause) == 0)
		fmt->write(&d, o->f);
	else if (status == SR_EXIT_OK) {
		fprintf(stderr, "sitrep: there is no incident %s; `sitrep ls "
		    "--all` lists them\n", ref);
		status = SR_EXIT_REFUSED;
	}
	free(cause);
	export_doc_free(&d);
	return status;
}

/* One export request: a page of part after seq, up to seq upto (0: the
 * first chain page, which says up to where). */
static json_t *cmd_export_page(struct cmd_session *s, const char *ref,
    const char *part, int64_t after, int64_t upto, int *status)
{
	json_t *msg = json_pack("{s:s, s:s, s:s, s:I, s:I}", "type", "export",
	    "incident", ref, "part", part, "after", (json_int_t)after, "upto",
	    (json_int_t)upto);

	return cmd_session_request(s, msg, "export", status);
}

/* The chain joins of the incident, and the first page's summary, last
 * seq and store path (in *first). */
static json_t *cmd_export_chain(struct cmd_session *s, const char *ref,
    json_t **first, int64_t *upto, int *status)
{
	json_t *joins = json_array(), *page;
	int64_t after = 0;
	int more = 1;

	*first = NULL;
	while (more && (page = cmd_export_page(s, ref, "chain", after, *upto,
	    status)) != NULL) {
		if (*first == NULL) {
			*first = json_incref(page);
			*upto = json_integer_value(json_object_get(page,
			    "upto"));
		}
		json_array_extend(joins, json_object_get(page, "previous"));
		after = json_integer_value(json_object_get(page, "last"));
		more = json_is_true(json_object_get(page, "more"));
		json_decref(page);
	}
	if (!more)
		return joins;
	json_decref(joins);
	json_decref(*first);
	*first = NULL;
	return NULL;
}

/* The incident's metadata for the file, from the server's summary. */
static json_t *cmd_export_meta(const json_t *sum)
{
	return json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O}",
	    "ref", json_object_get(sum, "ref"),
	    "title", json_object_get(sum, "title"),
	    "severity", json_object_get(sum, "severity"),
	    "drill", json_object_get(sum, "drill"),
	    "status", json_object_get(sum, "status"),
	    "zone", json_object_get(sum, "tz"),
	    "events", json_object_get(json_object_get(sum, "counts"),
	    "events"));
}

/* The store read directly: where to write, up to which seq. */
struct cmd_export_direct {
	FILE *f;
	int64_t upto;
	int first;
	int failed;
};

/* Write one event the store gives; stop after upto. */
static int cmd_export_direct_line(const char *json, size_t n, int64_t seq,
    void *arg)
{
	struct cmd_export_direct *d = arg;

	if (seq > d->upto)
		return 1;
	if (export_json_line(d->f, json, n, d->first) != 0) {
		d->failed = 1;
		return 1;
	}
	d->first = 0;
	return 0;
}

/* The events read from the store file itself, when this user can read it
 * (as verify does): nothing is parsed on the way. -1 when it cannot be
 * opened (the server sends them instead), else an SR_EXIT_* status. */
static int cmd_export_direct(const char *db, const char *ref, int64_t upto,
    FILE *f)
{
	struct cmd_export_direct d = { f, upto, 1, 0 };
	struct store *st;
	char *cause = NULL;
	long n;

	if (db == NULL || store_open_readonly(db, &st, &cause) != 0) {
		free(cause);
		return -1;
	}
	n = store_scan_text(st, ref, 0, 0, cmd_export_direct_line, &d, &cause);
	store_close(st);
	if (n < 0)
		fprintf(stderr, "sitrep export: %s\n", cause);
	free(cause);
	return n < 0 || d.failed ? SR_EXIT_SERVER : SR_EXIT_OK;
}

/* The events, paged through the server up to upto (export-page.h). */
static int cmd_export_events(struct cmd_session *s, const char *ref,
    int64_t upto, FILE *f)
{
	struct export_pager p;
	int status;

	export_pager_start(&p, cmd_session_client(s), ref, upto, f);
	p.on_page = cmd_session_progress;
	p.page_arg = s;
	status = cmd_session_run(s, &p.done, "reading the events");
	if (status == SR_EXIT_OK && p.done < 0) {
		fprintf(stderr, "sitrep export: %s\n", p.why);
		status = SR_EXIT_SERVER;
	}
	export_pager_stop(&p);
	return status;
}

/* JSON: the head, the events (from the store file when it can be read,
 * else as the server sends them), the tail. */
static int cmd_export_json(const struct cmd_globals *g, struct cmd_session *s,
    const char *ref, struct cmd_export_out *o, int64_t now)
{
	json_t *first = NULL, *joins, *meta, *summary;
	const char *zone;
	int64_t upto = 0;
	int status;

	if ((joins = cmd_export_chain(s, ref, &first, &upto, &status)) == NULL)
		return status;
	summary = json_object_get(first, "summary");
	meta = cmd_export_meta(summary);
	if ((status = cmd_export_zone(g, json_string_value(json_object_get(
	    summary, "tz")), &zone)) == SR_EXIT_OK) {
		if (export_json_head(o->f, meta, zone, now, joins) != 0)
			status = SR_EXIT_SERVER;
		else if ((status = cmd_export_direct(json_string_value(
		    json_object_get(first, "db")), ref, upto, o->f)) < 0)
			status = cmd_export_events(s, ref, upto, o->f);
		if (status == SR_EXIT_OK && export_json_tail(o->f) != 0)
			status = SR_EXIT_SERVER;
	}
	json_decref(meta);
	json_decref(joins);
	json_decref(first);
	return status;
}

/* Connect, write the document, put it in place. */
static int cmd_export_run(const struct cmd_globals *g, const char *ref,
    const struct export_format *fmt, struct cmd_export_out *o)
{
	struct cmd_session *s;
	char *cause = NULL;
	int64_t now;
	int status;

	if (export_clock(&now, &cause) != 0 ||
	    cmd_export_open(o, &cause) != 0) {
		fprintf(stderr, "sitrep export: %s\n", cause);
		free(cause);
		return SR_EXIT_REFUSED;
	}
	if ((s = cmd_session_open(g, 1, &status)) != NULL) {
		status = fmt->write != NULL ? cmd_export_doc(g, s, ref, fmt, o,
		    now) : cmd_export_json(g, s, ref, o, now);
		cmd_session_close(s);
	}
	if (cmd_export_close(o, status == SR_EXIT_OK, &cause) != 0 &&
	    status == SR_EXIT_OK) {
		if (cause != NULL)
			fprintf(stderr, "sitrep export: %s\n", cause);
		status = SR_EXIT_SERVER;
	}
	free(cause);
	return status;
}

/* sitrep export INC [--format FMT] [-o FILE] [--force] */
int cmd_export_exec(const struct cmd_globals *g, struct cmd_args *a)
{
	struct cmd_export_out o = { NULL, NULL, NULL, 0 };
	const struct export_format *fmt = export_format_find("md");
	const char *v = cmd_args_get(a, "format");
	char *ref;
	int status = SR_EXIT_OK;

	if (v != NULL && (fmt = export_format_find(v)) == NULL)
		return cmd_usage_error(a->entry->name, "--format is %s, not "
		    "\"%s\"", export_format_names(), v);
	o.path = cmd_args_get(a, "output");
	o.force = cmd_args_get(a, "force") != NULL;
	if ((status = cmd_args_one_incident(a, &ref)) != SR_EXIT_OK)
		return status;
	if (o.path != NULL && strcmp(o.path, "-") == 0)
		o.path = NULL;
	if (status == SR_EXIT_OK)
		status = cmd_export_run(g, ref, fmt, &o);
	free(ref);
	return status;
}
