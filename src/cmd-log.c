/* cmd-log.c: `log` (timeline entries) and `park`. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep.h"
#include "when.h"
#include "xmalloc.h"

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

/* Add a --ref KEY:VALUE to *refs: 0, or -1 and *cause when malformed. */
static int cmd_log_ref(json_t **refs, const char *ref, char **cause)
{
	const char *colon = strchr(ref, ':');

	if (colon == NULL || colon == ref || colon[1] == '\0' ||
	    !cmd_parse_name(ref)) {
		*cause = xasprintf("a reference is KEY:VALUE without spaces, "
		    "at most %d bytes, such as deploy:4711", SR_MAX_NAME);
		return -1;
	}
	if (*refs == NULL)
		*refs = json_array();
	if (json_array_size(*refs) >= SR_MAX_REFS) {
		*cause = xasprintf("at most %d references", SR_MAX_REFS);
		return -1;
	}
	json_array_append_new(*refs, json_string(ref));
	return 0;
}

/* Add a --tag TAG (a leading # is dropped) to *tags. */
static int cmd_log_tag(json_t **tags, const char *tag, char **cause)
{
	if (*tag == '#')
		tag++;
	if (!cmd_parse_name(tag)) {
		*cause = xasprintf("a tag is one word of at most %d bytes, "
		    "such as checkout", SR_MAX_NAME);
		return -1;
	}
	if (*tags == NULL)
		*tags = json_array();
	if (json_array_size(*tags) >= SR_MAX_REFS) {
		*cause = xasprintf("at most %d tags", SR_MAX_REFS);
		return -1;
	}
	json_array_append_new(*tags, json_string(tag));
	return 0;
}

/* Every --ref and --tag given, in order, onto ev. */
static int cmd_log_marks(const struct cmd_args *a, struct event *ev,
    char **cause)
{
	const struct cmd_value *v;
	size_t i;
	int rc = 0;

	for (i = 0; i < a->nvalues && rc == 0; i++) {
		v = &a->values[i];
		if (strcmp(v->option->name, "ref") == 0)
			rc = cmd_log_ref(&ev->refs, v->value, cause);
		else if (strcmp(v->option->name, "tag") == 0)
			rc = cmd_log_tag(&ev->tags, v->value, cause);
	}
	return rc;
}

/* log INC [--type T] [--at TIME] [--ref K:V]… [--tag T]… TEXT…: an entry. */
struct event *cmd_log_build(const struct cmd_args *a, char **cause)
{
	const char *type = cmd_args_get(a, "type");
	struct event *ev;

	if (type != NULL && (type = cmd_log_type(type)) == NULL) {
		*cause = xstrdup("the type is note, observation, action, "
		    "decision, change or comms");
		return NULL;
	}
	if ((ev = cmd_args_event(a, EV_ENTRY, 1, cause)) == NULL)
		return NULL;
	json_object_set_new(ev->body, "type", json_string(type != NULL ?
	    type : "note"));
	if (cmd_args_time(a, "at", WHEN_PAST, &ev->occurred_at, cause) != 0 ||
	    cmd_log_marks(a, ev, cause) != 0) {
		event_free(ev);
		return NULL;
	}
	return ev;
}

/* park INC TEXT…: a thought for the analysis. */
struct event *cmd_log_park_build(const struct cmd_args *a, char **cause)
{
	return cmd_args_event(a, EV_PARK, 1, cause);
}

/* Say where the entry or the parked thought went. */
void cmd_log_report(struct cmd_session *s, const struct event *ev,
    int64_t seq)
{
	char *when;

	if (ev->kind == EV_PARK) {
		printf("#%" PRId64 " parked in %s; it waits for the analysis\n",
		    seq, ev->incident);
		return;
	}
	when = ev->occurred_at != 0 ? when_format_hm(ev->occurred_at) : NULL;
	printf("#%" PRId64 " %s logged in %s%s%s%s\n", seq,
	    event_str(ev, "type"), ev->incident, when ? " (at " : "",
	    when ? when : "", when ? ")" : "");
	free(when);
}
