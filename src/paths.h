/* paths.h: where the store and the server's socket live. */
#ifndef SITREP_PATHS_H
#define SITREP_PATHS_H

/* The store path: --db, else $SITREP_DB, else $XDG_DATA_HOME/sitrep/sitrep.db,
 * else ~/.local/share/sitrep/sitrep.db. New string. */
char *paths_db(const char *opt_db);
/* The socket path: -S, else $SITREP_SOCKET, else in the socket directory
 * ($XDG_RUNTIME_DIR/sitrep, else /tmp/sitrep-UID) named "default" for the
 * default store and "db-<hash>" for any other store, so different stores
 * get different servers. New string. */
char *paths_socket(const char *opt_socket, const char *db);
/* 1 when a client may start a server: the socket is the derived one (no -S,
 * no $SITREP_SOCKET), or the store was named too (--db or $SITREP_DB).
 * A client never starts a private server on a shared socket it was only
 * pointed at: its writes would go to the wrong store. */
int paths_may_autostart(const char *opt_socket, const char *opt_db);
/* Create (mode 0700, or 0750 with a group) and check with lstat that dir is
 * a directory owned by us (group: owned by gid) without access for others.
 * Returns 0, or -1 and *cause. */
int paths_check_dir(const char *dir, int gid, char **cause);

#endif
