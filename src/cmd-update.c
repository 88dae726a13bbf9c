/* cmd-update.c: `update`, a status update with explicit uncertainty. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep.h"
#include "text.h"
#include "when.h"
#include "xmalloc.h"

/* The text fields of an update, each set by the option of its name. */
static const char *const cmd_update_texts[] = {
	"impact", "known", "unknown", "actions", "needs"
};

/* The options an update cannot go without, and what they take. */
static int cmd_update_check(const struct cmd_args *a, char **cause)
{
	static const char *const required[] = {
		"impact", "known", "confidence"
	};
	const char *conf = cmd_args_get(a, "confidence");
	size_t i;

	for (i = 0; i < sizeof required / sizeof required[0]; i++) {
		if (cmd_args_get(a, required[i]) == NULL) {
			*cause = xasprintf("--%s is required", required[i]);
			return -1;
		}
	}
	if (model_confidence_parse(conf) < 0) {
		*cause = xstrdup("the confidence is confirmed, likely, "
		    "suspected or unknown");
		return -1;
	}
	if (a->argc > 1) {
		*cause = xasprintf("unexpected \"%s\"; quote the texts of "
		    "--impact, --known, …", a->argv[1]);
		return -1;
	}
	return 0;
}

/* update INC --impact … --known … --unknown … --confidence C …: the
 * update, texts not given empty, audience internal unless --external. */
struct event *cmd_update_build(const struct cmd_args *a, char **cause)
{
	struct event *ev;
	const char *v;
	int64_t next;
	char *text;
	size_t i;

	if (cmd_update_check(a, cause) != 0 ||
	    cmd_args_time(a, "next", WHEN_FUTURE, &next, cause) != 0 ||
	    (ev = cmd_args_event(a, EV_UPDATE, -1, cause)) == NULL)
		return NULL;
	for (i = 0; i < sizeof cmd_update_texts / sizeof *cmd_update_texts;
	    i++) {
		v = cmd_args_get(a, cmd_update_texts[i]);
		text = text_trim(xstrdup(v != NULL ? v : ""));
		json_object_set_new(ev->body, cmd_update_texts[i],
		    json_string(text));
		free(text);
	}
	json_object_set_new(ev->body, "confidence",
	    json_string(cmd_args_get(a, "confidence")));
	json_object_set_new(ev->body, "audience", json_string(
	    cmd_args_get(a, "external") != NULL ? "external" : "internal"));
	if (next != 0)
		json_object_set_new(ev->body, "next_at", json_integer(next));
	return ev;
}

/* Say when the next update is due (as stored). */
void cmd_update_report(struct cmd_session *s, const struct event *ev,
    int64_t seq)
{
	struct event *stored = cmd_session_fetch(s, ev->incident, seq);
	char *due = NULL;

	if (stored != NULL && event_int(stored, "next_at") > 0)
		due = when_format_hm(event_int(stored, "next_at"));
	printf("#%" PRId64 " update posted to %s%s%s\n", seq, ev->incident,
	    due ? "; next update due " : "", due ? due : "");
	free(due);
	event_free(stored);
}
