/* cmd-serve.c: `sitrep serve` and `sitrep kill-server`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "paths.h"
#include "server.h"
#include "sitrep.h"
#include "xmalloc.h"

static const struct option cmd_serve_options[] = {
	{ "foreground", no_argument, NULL, 'D' },
	{ "group", required_argument, NULL, 'g' },
	{ "ready-fd", required_argument, NULL, 'r' },
	{ NULL, 0, NULL, 0 }
};

/* sitrep serve [-D] [-v] [-S PATH] [--group GROUP] */
int cmd_serve_exec(const struct cmd_globals *g0, int argc, char **argv)
{
	struct cmd_globals g = *g0;
	struct server_opts opts;
	char *db, *sock;
	int ch, fd, status;

	memset(&opts, 0, sizeof opts);
	opts.ready_fd = -1;
	while ((ch = cmd_getopt(argc, argv, "D", cmd_serve_options,
	    &g)) != -1) {
		if (ch == 'h')
			return cmd_help(argv[0]);
		else if (ch == 'D')
			opts.foreground = 1;
		else if (ch == 'g')
			opts.group = optarg;
		else if (ch == 'r' && cmd_parse_int(optarg, 1, 65535, 0,
		    &fd) == 0)
			opts.ready_fd = fd;
		else
			return cmd_usage(argv[0]);
	}
	if (optind != argc)
		return cmd_usage_error(argv[0], "serve takes no arguments");
	db = paths_db(g.db);
	sock = paths_socket(g.socket, db);
	opts.db = db;
	opts.socket = sock;
	opts.verbose = g.verbose;
	status = server_main(&opts);
	free(sock);
	free(db);
	return status;
}

/* sitrep kill-server */
int cmd_serve_kill_exec(const struct cmd_globals *g0, int argc, char **argv)
{
	struct cmd_globals g = *g0;
	int status;

	if ((status = cmd_noopts(&g, argc, argv)) != -1)
		return status;
	if (optind != argc)
		return cmd_usage_error(argv[0], "kill-server takes no "
		    "arguments");
	return cmd_session_shutdown(&g);
}
