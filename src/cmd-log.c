/* cmd-log.c: `sitrep log` (timeline entries) and `sitrep park`. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep.h"
#include "when.h"
#include "xmalloc.h"

static const struct option cmd_log_options[] = {
	{ "type", required_argument, NULL, 't' },
	{ "at", required_argument, NULL, 'a' },
	{ "ref", required_argument, NULL, 'r' },
	{ "tag", required_argument, NULL, 'g' },
	{ NULL, 0, NULL, 0 }
};

/* What log collects from its options. */
struct cmd_log_args {
	const char *type;
	int64_t at;
	json_t *refs;
	json_t *tags;
};

/* The entry type named by s or a unique prefix of one; NULL when none. */
static const char *cmd_log_type(const char *s)
{
	const char *found = NULL, *name;
	int t;

	for (t = 0; t < ENT_COUNT; t++) {
		name = model_entry_type_name(t);
		if (strcmp(name, s) == 0)
			return name;
		if (*s != '\0' && strncmp(name, s, strlen(s)) == 0)
			found = found == NULL ? name : "";
	}
	return found != NULL && *found != '\0' ? found : NULL;
}

/* Add a --ref KEY:VALUE; usage error when malformed. */
static int cmd_log_ref(const char *verb, struct cmd_log_args *a,
    const char *ref)
{
	const char *colon = strchr(ref, ':');

	if (colon == NULL || colon == ref || colon[1] == '\0' ||
	    !cmd_parse_name(ref))
		return cmd_usage_error(verb, "a reference is KEY:VALUE without "
		    "spaces, at most %d bytes, such as deploy:4711",
		    SR_MAX_NAME);
	if (a->refs == NULL)
		a->refs = json_array();
	if (json_array_size(a->refs) >= SR_MAX_REFS)
		return cmd_usage_error(verb, "at most %d references",
		    SR_MAX_REFS);
	json_array_append_new(a->refs, json_string(ref));
	return SR_EXIT_OK;
}

/* Add a --tag TAG (a leading # is dropped). */
static int cmd_log_tag(const char *verb, struct cmd_log_args *a,
    const char *tag)
{
	if (*tag == '#')
		tag++;
	if (!cmd_parse_name(tag))
		return cmd_usage_error(verb, "a tag is one word of at most %d "
		    "bytes, such as checkout", SR_MAX_NAME);
	if (a->tags == NULL)
		a->tags = json_array();
	if (json_array_size(a->tags) >= SR_MAX_REFS)
		return cmd_usage_error(verb, "at most %d tags", SR_MAX_REFS);
	json_array_append_new(a->tags, json_string(tag));
	return SR_EXIT_OK;
}

/* Read --at TIME (in the past). */
static int cmd_log_at(const char *verb, const char *arg, int64_t *at)
{
	char *cause;
	int status;

	if (when_parse(arg, when_now(), WHEN_PAST, at, &cause) == 0)
		return SR_EXIT_OK;
	status = cmd_usage_error(verb, "%s", cause);
	free(cause);
	return status;
}

/* Read log's options. */
static int cmd_log_getopt(struct cmd_globals *g, int argc, char **argv,
    struct cmd_log_args *a)
{
	int ch, status = SR_EXIT_OK;

	while (status == SR_EXIT_OK && (ch = cmd_getopt(argc, argv, "t:r:",
	    cmd_log_options, g)) != -1) {
		switch (ch) {
		case 'h':
			return -1;
		case 't':
			if ((a->type = cmd_log_type(optarg)) == NULL)
				status = cmd_usage_error(argv[0], "the type "
				    "is note, observation, action, decision, "
				    "change or comms");
			break;
		case 'a':
			status = cmd_log_at(argv[0], optarg, &a->at);
			break;
		case 'r':
			status = cmd_log_ref(argv[0], a, optarg);
			break;
		case 'g':
			status = cmd_log_tag(argv[0], a, optarg);
			break;
		default:
			status = cmd_usage(argv[0]);
			break;
		}
	}
	return status;
}

/* Submit the entry and say where it went. */
static int cmd_log_submit(const struct cmd_globals *g, const char *inc,
    char *text, struct cmd_log_args *a)
{
	struct event *ev = cmd_event(EV_ENTRY, inc);
	char *when = NULL;
	int64_t seq;
	int status;

	json_object_set_new(ev->body, "type", json_string(a->type));
	json_object_set_new(ev->body, "text", json_string(text));
	ev->occurred_at = a->at;
	ev->refs = a->refs;
	ev->tags = a->tags;
	a->refs = a->tags = NULL;
	if ((status = cmd_session_submit_once(g, ev, &seq, NULL)) != SR_EXIT_OK)
		return status;
	if (a->at != 0)
		when = when_format_hm(a->at);
	printf("#%" PRId64 " %s logged in %s%s%s%s\n", seq, a->type, inc,
	    when ? " (at " : "", when ? when : "", when ? ")" : "");
	free(when);
	return SR_EXIT_OK;
}

/* sitrep log INC [--type T] [--at TIME] [--ref K:V]… [--tag T]… TEXT… */
int cmd_log_exec(const struct cmd_globals *g0, int argc, char **argv)
{
	struct cmd_globals g = *g0;
	struct cmd_log_args a = { "note", 0, NULL, NULL };
	char *inc = NULL, *text = NULL;
	int status;

	status = cmd_log_getopt(&g, argc, argv, &a);
	if (status == -1)
		status = cmd_help(argv[0]);
	else if (status == SR_EXIT_OK &&
	    (status = cmd_arg_incident(argc, argv, &inc)) == SR_EXIT_OK &&
	    (status = cmd_arg_text(argc, argv, &text)) == SR_EXIT_OK)
		status = cmd_log_submit(&g, inc, text, &a);
	json_decref(a.refs);
	json_decref(a.tags);
	free(text);
	free(inc);
	return status;
}

/* sitrep park INC TEXT…|- */
int cmd_log_park_exec(const struct cmd_globals *g0, int argc, char **argv)
{
	return cmd_text_verb(g0, argc, argv, EV_PARK, "parked in",
	    "; it waits for the analysis");
}
