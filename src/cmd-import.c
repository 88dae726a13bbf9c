/* cmd-import.c: `sitrep import FILE`, an exported incident into this store
 * (sitrep-export(5)).
 *
 * The whole file is checked first, without the server: its form, every
 * event's hash against the export's chain, and every event against the
 * rules, folded in order as the server would. Only a file that holds is
 * sent, in batches of the import request (proto.h); the server checks
 * each batch again and appends it. Nothing of a file that does not hold is
 * imported. An import cut short (the server stopped) is completed by
 * running it again: events already stored are recognized by their uid.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "export.h"
#include "rules.h"
#include "sitrep.h"
#include "xmalloc.h"

#define CMD_IMPORT_BATCH 1000           /* events per import request */
#define CMD_IMPORT_BYTES (384 * 1024)   /* of their text, about */

/* One import: the file, and the batch being sent. */
struct cmd_import {
	const char *path;
	char *shown;             /* the path, sanitized for messages */
	char *buf;
	size_t len;
	int mapped;
	struct export_chain chain;
	struct cmd_session *s;
	const char *ref;         /* the incident's reference in the file */
	json_t *events;          /* the batch */
	json_t *joins;           /* its chain joins */
	size_t bytes;
	int first;
	int64_t last_seq;        /* the file's event before the next one */
	unsigned char last_hash[32];
	char *to;                /* the incident's reference here */
	size_t stored;
	size_t skipped;
};

/* Read standard input whole into a buffer. */
static int cmd_import_stdin(struct cmd_import *im, char **cause)
{
	size_t cap = 0;
	ssize_t n;

	for (;;) {
		if (im->len + 65536 > cap) {
			cap = (im->len + 65536) * 2;
			im->buf = xreallocarray(im->buf, 1, cap);
		}
		if ((n = read(0, im->buf + im->len, cap - im->len)) == 0)
			return 0;
		if (n < 0 && errno != EINTR) {
			*cause = xasprintf("cannot read standard input: %s",
			    strerror(errno));
			return -1;
		}
		if (n > 0)
			im->len += (size_t)n;
	}
}

/* Map the file (or read standard input for "-"). */
static int cmd_import_load(struct cmd_import *im, char **cause)
{
	struct stat sb;
	void *p;
	int fd;

	if (strcmp(im->path, "-") == 0)
		return cmd_import_stdin(im, cause);
	if ((fd = open(im->path, O_RDONLY | O_CLOEXEC)) < 0 ||
	    fstat(fd, &sb) != 0) {
		*cause = xasprintf("cannot read it: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	im->len = (size_t)sb.st_size;
	p = im->len > 0 ? mmap(NULL, im->len, PROT_READ, MAP_PRIVATE, fd, 0) :
	    MAP_FAILED;
	close(fd);
	if (p == MAP_FAILED) {
		*cause = xasprintf("cannot read it: %s", im->len == 0 ?
		    "it is empty" : strerror(errno));
		return -1;
	}
	im->buf = p;
	im->mapped = 1;
	return 0;
}

/* Let go of the file. */
static void cmd_import_unload(struct cmd_import *im)
{
	if (im->mapped)
		munmap(im->buf, im->len);
	else
		free(im->buf);
}

/* Check ev by the rules against the fold so far, then fold it: what the
 * server will do (the declaration keeps the file's reference here). */
static int cmd_import_rules(struct model *m, struct event *ev,
    const char *ref, char **cause)
{
	const char *field = NULL;
	char *why = NULL;

	if (rules_check(m, ev, NULL, &why, &field) != 0) {
		*cause = xasprintf("event #%" PRId64 " (%s) breaks a rule: %s",
		    ev->seq, event_kind_name(ev->kind), why);
		free(why);
		return -1;
	}
	free(ev->incident);
	ev->incident = xstrdup(ref);
	model_apply(m, ev);
	return 0;
}

/* Check the whole file: form, chain and rules. */
static int cmd_import_check(struct cmd_import *im, char **cause)
{
	struct export_reader r;
	struct model m;
	struct event *ev;
	json_t *obj;
	int rc;

	if (export_reader_open(&r, im->buf, im->len, cause) != 0)
		return -1;
	model_init(&m);
	rc = export_chain_init(&im->chain, json_object_get(json_object_get(
	    r.head, "chain"), "previous"), cause) == 0 ? 1 : -1;
	while (rc == 1 && (rc = export_reader_next(&r, &ev, &obj,
	    cause)) == 1) {
		if (export_chain_check(&im->chain, ev, cause) != 0 ||
		    cmd_import_rules(&m, ev, r.ref, cause) != 0)
			rc = -1;
		event_free(ev);
		json_decref(obj);
	}
	model_free(&m);
	export_reader_close(&r);
	return rc;
}

/* Send the batch; SR_EXIT_OK, or the status after the refusal printed. */
static int cmd_import_flush(struct cmd_import *im)
{
	json_t *msg, *reply;
	const char *to;
	int status;

	if (json_array_size(im->events) == 0)
		return SR_EXIT_OK;
	msg = json_pack("{s:s, s:s, s:b, s:o, s:o}", "type", "import",
	    "incident", im->ref, "first", im->first, "events", im->events,
	    "previous", im->joins);
	im->events = json_array();
	im->joins = json_array();
	im->bytes = 0;
	im->first = 0;
	if ((reply = cmd_session_request(im->s, msg, "imported",
	    &status)) == NULL)
		return status;
	to = json_string_value(json_object_get(reply, "incident"));
	if (im->to == NULL && to != NULL)
		im->to = xstrdup(to);
	im->stored += (size_t)json_integer_value(json_object_get(reply,
	    "stored"));
	im->skipped += (size_t)json_integer_value(json_object_get(reply,
	    "skipped"));
	json_decref(reply);
	return SR_EXIT_OK;
}

/* The chain join an event needs in its batch: the hash before it when it
 * starts the batch or does not follow the event before it. */
static void cmd_import_join(struct cmd_import *im, const struct event *ev)
{
	const unsigned char *prev = NULL;

	if (ev->seq != im->last_seq + 1 || im->last_seq == 0)
		prev = export_chain_join(&im->chain, ev->seq);
	else if (json_array_size(im->events) == 0)
		prev = im->last_hash;
	if (prev != NULL)
		json_array_append_new(im->joins, export_chain_join_json(ev->seq,
		    prev));
	im->last_seq = ev->seq;
	memcpy(im->last_hash, ev->hash, sizeof im->last_hash);
}

/* Read the file again and send it in batches. */
static int cmd_import_send(struct cmd_import *im)
{
	struct export_reader r;
	struct event *ev;
	json_t *obj;
	char *cause = NULL;
	size_t at;
	int rc = 0, status = SR_EXIT_OK;

	if (export_reader_open(&r, im->buf, im->len, &cause) != 0)
		return SR_EXIT_REFUSED;
	im->ref = r.ref;
	im->first = 1;
	while (status == SR_EXIT_OK) {
		at = r.off;
		if ((rc = export_reader_next(&r, &ev, &obj, &cause)) != 1)
			break;
		cmd_import_join(im, ev);
		json_array_append_new(im->events, obj);
		im->bytes += r.off - at;
		event_free(ev);
		if (json_array_size(im->events) >= CMD_IMPORT_BATCH ||
		    im->bytes >= CMD_IMPORT_BYTES)
			status = cmd_import_flush(im);
	}
	if (status == SR_EXIT_OK && rc == 0)
		status = cmd_import_flush(im);
	else if (status == SR_EXIT_OK)
		status = SR_EXIT_REFUSED;
	free(cause);
	export_reader_close(&r);
	return status;
}

/* Say what was imported, or how far it got (every name sanitized). */
static void cmd_import_report(const struct cmd_import *im, const char *ref,
    int status)
{
	char *from = cmd_print_safe(ref), *to = cmd_print_safe(im->to);

	if (status != SR_EXIT_OK && im->stored > 0)
		fprintf(stderr, "sitrep import: %zu events were stored in %s "
		    "before that; run the import again to add the rest\n",
		    im->stored, to);
	else if (status == SR_EXIT_OK && strcmp(from, to) == 0)
		printf("imported %s from %s: %zu events", from, im->shown,
		    im->stored);
	else if (status == SR_EXIT_OK)
		printf("imported %s from %s as %s (%s is taken here): %zu "
		    "events", from, im->shown, to, from, im->stored);
	if (status == SR_EXIT_OK && im->skipped > 0)
		printf(" (%zu were in this store already)", im->skipped);
	if (status == SR_EXIT_OK)
		printf("\n");
	free(to);
	free(from);
}

/* Check the file, then send it. */
static int cmd_import_run(const struct cmd_globals *g, struct cmd_import *im)
{
	char *cause = NULL, *ref = NULL, *safe;
	struct export_reader r;
	int status = SR_EXIT_REFUSED;

	if (cmd_import_load(im, &cause) != 0)
		goto out;
	if (cmd_import_check(im, &cause) < 0 ||
	    export_reader_open(&r, im->buf, im->len, &cause) != 0)
		goto out;
	ref = xstrdup(r.ref);
	export_reader_close(&r);
	if ((im->s = cmd_session_open(g, 1, &status)) == NULL)
		goto out;
	im->events = json_array();
	im->joins = json_array();
	status = cmd_import_send(im);
	cmd_import_report(im, ref, status);
out:
	if (cause != NULL) {
		safe = cmd_print_safe(cause);
		fprintf(stderr, "sitrep import: %s: %s; nothing was imported\n",
		    im->shown, safe);
		free(safe);
	}
	cmd_session_close(im->s);
	json_decref(im->events);
	json_decref(im->joins);
	export_chain_free(&im->chain);
	if (im->buf != NULL)
		cmd_import_unload(im);
	free(im->to);
	free(im->shown);
	free(ref);
	free(cause);
	return status;
}

/* sitrep import FILE */
int cmd_import_exec(const struct cmd_globals *g, struct cmd_args *a)
{
	struct cmd_import im;

	if (a->argc != 1)
		return cmd_usage_error(a->entry->name, "give one file, the JSON "
		    "of sitrep export --format json (- reads standard input)");
	memset(&im, 0, sizeof im);
	im.path = a->argv[0];
	im.shown = cmd_print_safe(im.path);
	return cmd_import_run(g, &im);
}
