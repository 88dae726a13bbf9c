/* server.h: `sitrep serve`, the one writer of a store. */
#ifndef SITREP_SERVER_H
#define SITREP_SERVER_H

#include <stdint.h>

struct server_opts {
	const char *db;        /* store path */
	const char *socket;    /* socket path */
	const char *group;     /* --group: share the socket with it, or NULL */
	int foreground;        /* -D: do not detach */
	int verbose;           /* -v: log to sitrep-server-PID.log */
	int ready_fd;          /* >= 0: write one byte here once listening */
	int64_t max_size;      /* > 0: cap the store file at about this many
	                        * bytes (store_set_max_pages); appends past it
	                        * fail like a full disk (--max-size, tests) */
	/* Who may connect (server-acl.c), besides the server's user and
	 * root: group (responders), observers (read-only), users by name. */
	const char *observers;       /* --observers GROUP, or NULL */
	const char *const *allow;    /* --allow USER: responders */
	size_t nallow;
	const char *const *observer; /* --observer USER: observers */
	size_t nobserver;
	int open_door;         /* the socket reachable by every local user
	                        * (0755 directory, 0666 socket): the server's
	                        * access list is the only gate */
	const char *shared;    /* --shared NAME, or NULL */
	int max_clients;       /* > 0: clients at once (else SR_MAX_CLIENTS) */
	int max_rate;          /* > 0: submissions a second per client (else
	                        * SR_MAX_RATE); the burst is twice that */
	long max_queue;        /* > 0: bytes queued to one client (else
	                        * SR_MAX_QUEUE) */
	int fold_every;        /* > 0: events between checkpoints of the fold
	                        * (else SERVER_FOLD_EVERY; tests) */
};

/* Run the server until SIGTERM/SIGINT or kill-server. Returns an exit
 * status (SR_EXIT_*); prints the reason on stderr when it cannot start. */
int server_main(const struct server_opts *opts);

#endif
