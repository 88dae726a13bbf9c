/* cmd-verify.c: `sitrep verify`, recompute the store's hash chain.
 *
 * Where the store is the user's own (no socket named, or a store named
 * with --db or $SITREP_DB) the file is read directly, so it works with no
 * server at all (after a crash, on a copy). Where only a server was named
 * (-S, $SITREP_SOCKET, the configuration: a team's server, whose store
 * its users may not read), the server recomputes it and answers the same
 * way. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "paths.h"
#include "proto.h"
#include "sitrep.h"
#include "store.h"
#include "text.h"
#include "xmalloc.h"

/* Print the outcome as one JSON object: ok, events, broken_at. */
static void cmd_verify_json(int r, int64_t events, int64_t bad)
{
	json_t *j = json_object();

	json_object_set_new(j, "ok", json_boolean(r == 0));
	json_object_set_new(j, "events", json_integer(events));
	if (r != 0)
		json_object_set_new(j, "broken_at", json_integer(bad));
	text_json_print(stdout, j, 0);
	json_decref(j);
}

/* Report the outcome: r is store_verify's result. */
static int cmd_verify_report(int r, int64_t events, int64_t bad, int json)
{
	if (json)
		cmd_verify_json(r, events, bad);
	else if (r == 0)
		printf("ok: %" PRId64 " events, chain intact\n", events);
	else
		printf("broken at seq %" PRId64 ": that event was changed, or "
		    "one before it removed, outside sitrep (%" PRId64 " events "
		    "in the store)\n", bad, events);
	return r == 0 ? SR_EXIT_OK : SR_EXIT_REFUSED;
}

/* Ask the server to verify its store. */
static int cmd_verify_server(const struct cmd_globals *g, int json)
{
	struct cmd_session *s;
	json_t *reply;
	int status, broken;

	if ((s = cmd_session_open(g, 0, &status)) == NULL)
		return status;
	reply = cmd_session_request(s, proto_msg("verify"), "verified",
	    &status);
	cmd_session_close(s);
	if (reply == NULL)
		return status;
	broken = !json_is_true(json_object_get(reply, "ok"));
	status = cmd_verify_report(broken, json_integer_value(json_object_get(
	    reply, "events")), json_integer_value(json_object_get(reply,
	    "broken_at")), json);
	json_decref(reply);
	return status;
}

/* Open the store read-only (no server needed) and verify it. */
static int cmd_verify_run(const struct cmd_globals *g, int json)
{
	struct store *st;
	char *db = paths_db(g->db), *cause = NULL;
	int64_t bad = 0;
	int r, status = SR_EXIT_SERVER;

	if (store_open_readonly(db, &st, &cause) != 0) {
		fprintf(stderr, "sitrep: %s\n", cause);
		goto out;
	}
	r = store_verify(st, &bad, &cause);
	if (r < 0)
		fprintf(stderr, "sitrep: %s\n", cause);
	else
		status = cmd_verify_report(r, store_last_seq(st), bad, json);
	store_close(st);
out:
	free(cause);
	free(db);
	return status;
}

/* sitrep verify [--json] */
int cmd_verify_exec(const struct cmd_globals *g, struct cmd_args *a)
{
	int json = cmd_args_get(a, "json") != NULL;

	if (a->argc != 0)
		return cmd_usage_error(a->entry->name, "verify takes no "
		    "arguments");
	if (!paths_may_autostart(g->socket, g->db))
		return cmd_verify_server(g, json);
	return cmd_verify_run(g, json);
}
