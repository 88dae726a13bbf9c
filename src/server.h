/* server.h: `sitrep serve`, the one writer of a store. */
#ifndef SITREP_SERVER_H
#define SITREP_SERVER_H

struct server_opts {
	const char *db;        /* store path */
	const char *socket;    /* socket path */
	const char *group;     /* --group: shared socket for this group, or NULL */
	int foreground;        /* -D: do not detach */
	int verbose;           /* -v: log to sitrep-server-PID.log */
	int ready_fd;          /* >= 0: write one byte here once listening */
};

/* Run the server until SIGTERM/SIGINT or kill-server. Returns an exit
 * status (SR_EXIT_*); prints the reason on stderr when it cannot start. */
int server_main(const struct server_opts *opts);

#endif
