/* cmd-serve.c: `sitrep serve` and `sitrep kill-server`.
 *
 * A shared server (--shared NAME) listens on /run/sitrep/NAME/socket and
 * keeps /var/lib/sitrep/NAME.db; who may connect and the limits
 * (--max-clients, --max-rate, --max-queue) come from the options, else
 * from the configuration files (sitrep(5)). A server that admits
 * observers or users by name opens its socket to every local user and
 * lets its access list decide (server-acl.c); one that admits only a
 * group keeps the socket to that group (0750 directory, 0660 socket).
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "cmd.h"
#include "paths.h"
#include "server.h"
#include "sitrep.h"
#include "xmalloc.h"

/* What serve was asked for: the server's options and their storage. */
struct cmd_serve {
	struct server_opts opts;
	const char **allow;
	size_t nallow;
	const char **observer;
	size_t nobserver;
	char *db;
	char *socket;
};

/* Add name to a list of users. */
static void cmd_serve_add(const char ***v, size_t *n, const char *name)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = name;
}

/* Read the limits given on the command line into the server's options:
 * -1 to go on, else the exit status (a usage error naming the option and
 * its range). */
static int cmd_serve_limits(struct cmd_serve *s, struct cmd_args *a)
{
	static const char *const keys[] = { "max-clients", "max-rate",
	    "max-queue" };
	const char *value;
	char *label, *cause = NULL;
	long n[sizeof keys / sizeof keys[0]] = { 0 };
	size_t i;
	int r;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if ((value = cmd_args_get(a, keys[i])) == NULL)
			continue;
		label = xasprintf("--%s", keys[i]);
		r = cfg_limit(keys[i], label, value, &n[i], &cause);
		free(label);
		if (r != 0) {
			r = cmd_usage_error(a->entry->name, "%s", cause);
			free(cause);
			return r;
		}
	}
	s->opts.max_clients = (int)n[0];
	s->opts.max_rate = (int)n[1];
	s->opts.max_queue = n[2];
	return -1;
}

/* Read the options: -1 to go on, else the exit status. */
static int cmd_serve_options(struct cmd_serve *s, struct cmd_args *a)
{
	const char *ready = cmd_args_get(a, "ready-fd"), *name;
	size_t i;
	int fd;

	if (a->argc != 0)
		return cmd_usage_error(a->entry->name, "serve takes no "
		    "arguments");
	if (ready != NULL && cmd_parse_int(ready, 1, 65535, 0, &fd) != 0)
		return cmd_usage(a->entry->name);
	if (ready != NULL)
		s->opts.ready_fd = fd;
	s->opts.foreground = cmd_args_get(a, "foreground") != NULL;
	s->opts.group = cmd_args_get(a, "group");
	s->opts.observers = cmd_args_get(a, "observers");
	if ((s->opts.shared = cmd_args_get(a, "shared")) != NULL &&
	    !cfg_name_ok(s->opts.shared))
		return cmd_usage_error(a->entry->name, "a shared server's name "
		    "is 1 to 32 letters, digits, dots, dashes or "
		    "underscores, such as ops");
	for (i = 0; i < a->nvalues; i++) {
		name = a->values[i].option->name;
		if (strcmp(name, "allow") == 0)
			cmd_serve_add(&s->allow, &s->nallow,
			    a->values[i].value);
		else if (strcmp(name, "observer") == 0)
			cmd_serve_add(&s->observer, &s->nobserver,
			    a->values[i].value);
	}
	return cmd_serve_limits(s, a);
}

/* A shared server takes what the command line left unsaid from the
 * configuration files. */
static void cmd_serve_cfg(struct cmd_serve *s, const struct cfg *cf)
{
	size_t i;

	if (cf == NULL || s->opts.shared == NULL)
		return;
	if (s->opts.group == NULL)
		s->opts.group = cf->group;
	if (s->opts.observers == NULL)
		s->opts.observers = cf->observers;
	for (i = 0; i < cf->nallow; i++)
		cmd_serve_add(&s->allow, &s->nallow, cf->allow[i]);
	for (i = 0; i < cf->nobserver; i++)
		cmd_serve_add(&s->observer, &s->nobserver, cf->observer[i]);
	if (s->opts.max_clients == 0)
		s->opts.max_clients = cf->max_clients;
	if (s->opts.max_rate == 0)
		s->opts.max_rate = cf->max_rate;
	if (s->opts.max_queue == 0)
		s->opts.max_queue = cf->max_queue;
}

/* Create RUNDIR of a shared server's RUNDIR/NAME/socket when missing
 * (mode 0755: the directory NAME below it decides who gets in). */
static int cmd_serve_rundir(const char *socket, char **cause)
{
	char *dir = xstrdup(socket), *slash;
	int i, r = 0;

	for (i = 0; i < 2 && (slash = strrchr(dir, '/')) != NULL; i++)
		*slash = '\0';
	if (*dir != '\0' && mkdir(dir, 0755) != 0 && errno != EEXIST) {
		*cause = xasprintf("cannot create %s for the shared server's "
		    "socket: %s (run sitrep@NAME under systemd, or create it "
		    "as root)", dir, strerror(errno));
		r = -1;
	}
	free(dir);
	return r;
}

/* Where the server listens and stores: a shared server's places unless
 * -S or --db say otherwise. */
static int cmd_serve_paths(struct cmd_serve *s, const struct cmd_globals *g,
    char **cause)
{
	const char *name = s->opts.shared;

	if (name != NULL && g->db == NULL)
		s->db = cfg_shared_db(name);
	else
		s->db = paths_db(g->db);
	if (name != NULL && (g->socket == NULL || g->socket_cfg))
		s->socket = cfg_shared_socket(name);
	else
		s->socket = paths_socket(g->socket_cfg ? NULL : g->socket,
		    s->db);
	s->opts.db = s->db;
	s->opts.socket = s->socket;
	if (name != NULL && (g->socket == NULL || g->socket_cfg))
		return cmd_serve_rundir(s->socket, cause);
	return 0;
}

/* sitrep serve [-D] [-v] [-S PATH] [--shared NAME] [--group GROUP]
 * [--observers GROUP] [--allow USER]… [--observer USER]… [--max-clients N]
 * [--max-rate N] [--max-queue SIZE] */
int cmd_serve_exec(const struct cmd_globals *g, struct cmd_args *a)
{
	struct cmd_serve s;
	char *cause = NULL;
	int status;

	memset(&s, 0, sizeof s);
	s.opts.ready_fd = -1;
	if ((status = cmd_serve_options(&s, a)) != -1)
		goto out;
	cmd_serve_cfg(&s, g->cfg);
	s.opts.allow = s.allow;
	s.opts.nallow = s.nallow;
	s.opts.observer = s.observer;
	s.opts.nobserver = s.nobserver;
	s.opts.open_door = s.opts.observers != NULL || s.nallow > 0 ||
	    s.nobserver > 0;
	s.opts.verbose = g->verbose;
	if (cmd_serve_paths(&s, g, &cause) != 0) {
		fprintf(stderr, "sitrep: %s\n", cause);
		free(cause);
		status = SR_EXIT_SERVER;
		goto out;
	}
	status = server_main(&s.opts);
out:
	free(s.allow);
	free(s.observer);
	free(s.socket);
	free(s.db);
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
