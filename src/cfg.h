/* cfg.h: the configuration files, sitrep(5).
 *
 * Two files, read in order, a later value replacing an earlier one (the
 * lists add up): the system's (SITREP_SYSCONF, /etc/sitrep.conf) and the
 * user's ($XDG_CONFIG_HOME/sitrep/config, else ~/.config/sitrep/config);
 * $SITREP_CONFIG names one file read instead of both. A missing file is
 * fine; a malformed line stops everything with the file and line named.
 *
 * One "key = value" per line; blank lines and lines starting with # are
 * ignored; no quoting, no continuation, no key twice in one file (except
 * the lists).
 */
#ifndef SITREP_CFG_H
#define SITREP_CFG_H

#include <stddef.h>

#ifndef SITREP_SYSCONF
#define SITREP_SYSCONF "/etc/sitrep.conf"
#endif

/* What the files say; NULL, 0 or -1: not said. */
struct cfg {
	/* The server (sitrep serve). */
	char *name;              /* name: the --shared name */
	char *group;             /* group: responders' group */
	char *observers;         /* observers: observers' group */
	char **allow;            /* allow: responders by user (repeatable) */
	size_t nallow;
	char **observer;         /* observer: observers by user (repeatable) */
	size_t nobserver;
	int max_clients;         /* max-clients: 0 when not said */
	int max_rate;            /* max-rate: 0 when not said */
	long max_queue;          /* max-queue, in bytes: 0 when not said */
	/* Every client. */
	char *socket;            /* socket: the server's socket */
	char *zone;              /* zone: times shown in this zone */
	char *zone2;             /* second-zone: shown beside it */
	int bell;                /* bell: yes 1, no 0, -1 not said */
};

/* An empty configuration. */
void cfg_init(struct cfg *cf);
/* Release what cf holds (cf itself is the caller's). */
void cfg_free(struct cfg *cf);
/* Read the text of one file (path names it in messages) into cf: 0, or
 * -1 and *cause ("PATH:LINE: what is wrong and what to write"). */
int cfg_parse(struct cfg *cf, const char *path, const char *text,
    char **cause);
/* Read the file at path into cf; a missing file is 0 and changes
 * nothing. -1 and *cause when it cannot be read or a line is wrong. */
int cfg_read(struct cfg *cf, const char *path, char **cause);
/* Read the files sitrep reads (see above) into cf: 0, or -1 and *cause. */
int cfg_load(struct cfg *cf, char **cause);
/* The user's file: $XDG_CONFIG_HOME/sitrep/config or under ~/.config.
 * New string. */
char *cfg_user_path(void);
/* The socket of a shared server named name: /run/sitrep/NAME/socket.
 * New string. */
char *cfg_shared_socket(const char *name);
/* The store of a shared server named name: /var/lib/sitrep/NAME.db. New
 * string. */
char *cfg_shared_db(const char *name);
/* 1 when name may name a shared server: 1..32 of [A-Za-z0-9._-], not
 * starting with a dot. */
int cfg_name_ok(const char *name);

/* The server's limits, the same words in sitrep(5) and on the command line
 * of sitrep serve: max-clients (connections at once), max-rate
 * (submissions a second per connection, in bursts of twice that) and
 * max-queue (bytes queued to one connection; a size: bytes, or a number
 * of KiB or MiB followed by K or M). */
#define CFG_RATE_MAX 1000000              /* the largest max-rate */
#define CFG_QUEUE_MIN (2L * 1024 * 1024)  /* the smallest max-queue: room
                                           * for the largest frame behind
                                           * a page of history */
#define CFG_QUEUE_MAX (512L * 1024 * 1024) /* the largest max-queue */
/* Read value as limit key ("max-clients", "max-rate", "max-queue"): 0 and
 * *n, or -1 and *cause, a sentence that names label (the key, or the
 * option "--max-queue") and the valid range. */
int cfg_limit(const char *key, const char *label, const char *value,
    long *n, char **cause);
/* A size as sitrep(5) writes it: "8M", "640K" or "1000" (bytes). New
 * string. */
char *cfg_size_text(long n);

#endif
