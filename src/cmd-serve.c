/* cmd-serve.c: `sitrep serve` and `sitrep kill-server`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "paths.h"
#include "server.h"
#include "sitrep.h"
#include "xmalloc.h"

/* sitrep serve [-D] [-v] [-S PATH] [--group GROUP] */
int cmd_serve_exec(const struct cmd_globals *g, struct cmd_args *a)
{
	const char *ready = cmd_args_get(a, "ready-fd");
	struct server_opts opts;
	char *db, *sock;
	int fd = -1, status;

	if (a->argc != 0)
		return cmd_usage_error(a->entry->name, "serve takes no "
		    "arguments");
	if (ready != NULL && cmd_parse_int(ready, 1, 65535, 0, &fd) != 0)
		return cmd_usage(a->entry->name);
	memset(&opts, 0, sizeof opts);
	opts.ready_fd = fd;
	opts.foreground = cmd_args_get(a, "foreground") != NULL;
	opts.group = cmd_args_get(a, "group");
	db = paths_db(g->db);
	sock = paths_socket(g->socket, db);
	opts.db = db;
	opts.socket = sock;
	opts.verbose = g->verbose;
	status = server_main(&opts);
	free(sock);
	free(db);
	return status;
}

/* sitrep kill-server */
int cmd_serve_kill_exec(const struct cmd_globals *g, struct cmd_args *a)
{
	if (a->argc != 0)
		return cmd_usage_error(a->entry->name, "kill-server takes no "
		    "arguments");
	return cmd_session_shutdown(g);
}
