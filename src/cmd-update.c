/* cmd-update.c: `sitrep update`, a status update with explicit uncertainty. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep.h"
#include "text.h"
#include "when.h"
#include "xmalloc.h"

static const struct option cmd_update_options[] = {
	{ "impact", required_argument, NULL, 'i' },
	{ "known", required_argument, NULL, 'k' },
	{ "unknown", required_argument, NULL, 'u' },
	{ "confidence", required_argument, NULL, 'c' },
	{ "actions", required_argument, NULL, 'a' },
	{ "needs", required_argument, NULL, 'n' },
	{ "next", required_argument, NULL, 'N' },
	{ "external", no_argument, NULL, 'x' },
	{ NULL, 0, NULL, 0 }
};

/* The text fields of an update, in option order. */
static const char *const cmd_update_fields[] = {
	"impact", "known", "unknown", "actions", "needs"
};

/* Which field an option letter fills, -1 for none. */
static int cmd_update_field(int ch)
{
	const char *letters = "ikuan", *p;

	if (ch == 0 || (p = strchr(letters, ch)) == NULL)
		return -1;
	return (int)(p - letters);
}

/* Set a text field, checking it. */
static int cmd_update_text(const char *verb, json_t *body, int field,
    const char *arg)
{
	char *text = text_trim(xstrdup(arg));

	if (!text_valid_utf8(text, strlen(text))) {
		free(text);
		return cmd_usage_error(verb, "--%s is not valid UTF-8",
		    cmd_update_fields[field]);
	}
	json_object_set_new(body, cmd_update_fields[field], json_string(text));
	free(text);
	return SR_EXIT_OK;
}

/* Read --confidence and --next into body. */
static int cmd_update_other(const char *verb, json_t *body, int ch,
    const char *arg)
{
	int64_t next;
	char *cause;
	int status;

	if (ch == 'c') {
		if (model_confidence_parse(arg) < 0)
			return cmd_usage_error(verb, "the confidence is "
			    "confirmed, likely, suspected or unknown");
		json_object_set_new(body, "confidence", json_string(arg));
		return SR_EXIT_OK;
	}
	if (when_parse(arg, when_now(), WHEN_FUTURE, &next, &cause) != 0) {
		status = cmd_usage_error(verb, "%s", cause);
		free(cause);
		return status;
	}
	json_object_set_new(body, "next_at", json_integer(next));
	return SR_EXIT_OK;
}

/* Read the options into body. */
static int cmd_update_getopt(struct cmd_globals *g, int argc, char **argv,
    json_t *body)
{
	int ch, field, status = SR_EXIT_OK;

	while (status == SR_EXIT_OK && (ch = cmd_getopt(argc, argv, "",
	    cmd_update_options, g)) != -1) {
		if (ch == 'h')
			return -1;
		if ((field = cmd_update_field(ch)) >= 0)
			status = cmd_update_text(argv[0], body, field, optarg);
		else if (ch == 'c' || ch == 'N')
			status = cmd_update_other(argv[0], body, ch, optarg);
		else if (ch == 'x')
			json_object_set_new(body, "audience",
			    json_string("external"));
		else
			status = cmd_usage(argv[0]);
	}
	return status;
}

/* Fill what was not given; the required fields must be there. */
static int cmd_update_complete(const char *verb, json_t *body)
{
	static const char *const required[] = {
		"impact", "known", "confidence"
	};
	size_t i;

	for (i = 0; i < sizeof required / sizeof required[0]; i++) {
		if (json_object_get(body, required[i]) == NULL)
			return cmd_usage_error(verb, "--%s is required",
			    required[i]);
	}
	for (i = 0; i < sizeof cmd_update_fields / sizeof *cmd_update_fields;
	    i++) {
		if (json_object_get(body, cmd_update_fields[i]) == NULL)
			json_object_set_new(body, cmd_update_fields[i],
			    json_string(""));
	}
	if (json_object_get(body, "audience") == NULL)
		json_object_set_new(body, "audience", json_string("internal"));
	return SR_EXIT_OK;
}

/* Post the update; say when the next one is due (as stored). */
static int cmd_update_post(const struct cmd_globals *g, const char *inc,
    struct event *ev)
{
	struct cmd_session *s;
	struct event *stored;
	char *due = NULL;
	int64_t seq;
	int status;

	if ((s = cmd_session_open(g, 1, &status)) == NULL) {
		event_free(ev);
		return status;
	}
	if ((status = cmd_session_submit(s, ev, &seq, NULL)) != SR_EXIT_OK)
		goto out;
	stored = cmd_session_fetch(s, inc, seq);
	if (stored != NULL && event_int(stored, "next_at") > 0)
		due = when_format_hm(event_int(stored, "next_at"));
	printf("#%" PRId64 " update posted to %s%s%s\n", seq, inc,
	    due ? "; next update due " : "", due ? due : "");
	free(due);
	event_free(stored);
out:
	cmd_session_close(s);
	return status;
}

/* sitrep update INC --impact … --known … --unknown … --confidence … */
int cmd_update_exec(const struct cmd_globals *g0, int argc, char **argv)
{
	struct cmd_globals g = *g0;
	struct event *ev = cmd_event(EV_UPDATE, NULL);
	char *inc = NULL;
	int status;

	status = cmd_update_getopt(&g, argc, argv, ev->body);
	if (status == -1)
		status = cmd_help(argv[0]);
	else if (status == SR_EXIT_OK &&
	    (status = cmd_arg_incident(argc, argv, &inc)) == SR_EXIT_OK &&
	    (status = cmd_update_complete(argv[0], ev->body)) == SR_EXIT_OK) {
		if (optind != argc)
			status = cmd_usage_error(argv[0], "unexpected \"%s\"; "
			    "quote the texts of --impact, --known, …",
			    argv[optind]);
		else {
			ev->incident = xstrdup(inc);
			status = cmd_update_post(&g, inc, ev);
			ev = NULL;
		}
	}
	event_free(ev);
	free(inc);
	return status;
}
