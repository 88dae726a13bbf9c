/* paths.h: where the store and the server's socket live. */
#ifndef SITREP_PATHS_H
#define SITREP_PATHS_H

#include <sys/types.h>

/* The store path: --db, else $SITREP_DB, else $XDG_DATA_HOME/sitrep/sitrep.db,
 * else ~/.local/share/sitrep/sitrep.db. New string. */
char *paths_db(const char *opt_db);
/* path with its links resolved as far as it exists. New string. */
char *paths_real(const char *path);
/* The socket path: -S, else $SITREP_SOCKET, else in the socket directory
 * ($XDG_RUNTIME_DIR/sitrep, else /tmp/sitrep-UID) named "default" for the
 * default store and "db-<hash>" for any other store, so different stores
 * get different servers. New string. */
char *paths_socket(const char *opt_socket, const char *db);
/* 1 when the socket was named (-S or $SITREP_SOCKET) rather than derived
 * from the store. */
int paths_socket_named(const char *opt_socket);
/* 1 when a client may start a server: the socket is the derived one (no -S,
 * no $SITREP_SOCKET), or the store was named too (--db or $SITREP_DB).
 * A client never starts a private server on a shared socket it was only
 * pointed at: its writes would go to the wrong store. */
int paths_may_autostart(const char *opt_socket, const char *opt_db);
/* The server's socket directory. A missing one is created mode 0700 (with
 * a group gid: 0750, group-owned by gid). An existing one is never
 * changed, only checked with lstat: a directory owned by us that no other
 * user may write (with a group: group-owned by gid and open to it; only
 * that group may write). Returns 0, or -1 and *cause saying what to fix. */
int paths_check_dir(const char *dir, int gid, char **cause);
/* Like paths_check_dir for a server whose access list is the only gate
 * (observers, users admitted by name): a missing dir is created 0755; an
 * existing one must be ours, written by nobody else, and 0755. Returns 0,
 * or -1 and *cause. */
int paths_check_dir_open(const char *dir, char **cause);
/* What a client checks before it says anything to a server: dir (the
 * socket's directory, checked with lstat) is a directory no other user may
 * write, owned by us or root. A named socket (-S, $SITREP_SOCKET) may also
 * be in a team server's directory owned by another user, group-owned by a
 * group we are in or writable by its owner alone (root may use any); a
 * derived socket's directory must not even be writable by its group. Sets *owner, whom the server must run
 * as (or root). Returns 0, or -1 and *cause naming what is wrong. */
int paths_trust_dir(const char *dir, int named, uid_t *owner, char **cause);

#endif
