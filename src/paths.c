/* paths.c: where the store and the server's socket live. */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paths.h"
#include "users.h"
#include "xmalloc.h"

/* An environment variable when set and not empty, else NULL. */
static const char *paths_env(const char *name)
{
	const char *v = getenv(name);

	return (v != NULL && *v != '\0') ? v : NULL;
}

/* The home directory: $HOME, else the password database, else "/". New
 * string. */
static char *paths_home(void)
{
	const char *env = paths_env("HOME");
	char *home;

	if (env != NULL)
		return xstrdup(env);
	if ((home = users_home(getuid())) != NULL)
		return home;
	return xstrdup("/");
}

/* path made absolute against the current directory. New string. */
static char *paths_absolute(const char *path)
{
	char cwd[PATH_MAX];

	if (*path == '/' || getcwd(cwd, sizeof cwd) == NULL)
		return xstrdup(path);
	return xasprintf("%s/%s", strcmp(cwd, "/") == 0 ? "" : cwd, path);
}

/* The default store: $XDG_DATA_HOME/sitrep/sitrep.db or under ~/.local. */
static char *paths_default_db(void)
{
	const char *xdg = paths_env("XDG_DATA_HOME");
	char *home, *db;

	if (xdg != NULL && *xdg == '/')
		return xasprintf("%s/sitrep/sitrep.db", xdg);
	home = paths_home();
	db = xasprintf("%s/.local/share/sitrep/sitrep.db", home);
	free(home);
	return db;
}

/* The store path from --db, $SITREP_DB or the default. */
char *paths_db(const char *opt_db)
{
	if (opt_db != NULL && *opt_db != '\0')
		return paths_absolute(opt_db);
	if (paths_env("SITREP_DB") != NULL)
		return paths_absolute(paths_env("SITREP_DB"));
	return paths_default_db();
}

/* The per-user socket directory. New string. */
static char *paths_socket_dir(void)
{
	const char *xdg = paths_env("XDG_RUNTIME_DIR");

	if (xdg != NULL && *xdg == '/')
		return xasprintf("%s/sitrep", xdg);
	return xasprintf("/tmp/sitrep-%ld", (long)getuid());
}

/* The socket path from -S, $SITREP_SOCKET, or one per store. */
char *paths_socket(const char *opt_socket, const char *db)
{
	unsigned char h[8];
	char hex[2 * sizeof h + 1], *dir, *def, *abs, *path;

	if (opt_socket != NULL && *opt_socket != '\0')
		return xstrdup(opt_socket);
	if (paths_env("SITREP_SOCKET") != NULL)
		return xstrdup(paths_env("SITREP_SOCKET"));
	dir = paths_socket_dir();
	def = paths_default_db();
	abs = db != NULL ? paths_absolute(db) : xstrdup(def);
	if (strcmp(abs, def) == 0)
		path = xasprintf("%s/default", dir);
	else {
		crypto_generichash(h, sizeof h, (const unsigned char *)abs,
		    strlen(abs), NULL, 0);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		path = xasprintf("%s/db-%s", dir, hex);
	}
	free(abs);
	free(def);
	free(dir);
	return path;
}

/* Check what lstat found: a directory of ours nobody else may write. */
static int paths_check_stat(const char *dir, const struct stat *sb,
    char **cause)
{
	if (!S_ISDIR(sb->st_mode)) {
		*cause = xasprintf("%s is not a directory (a file or a "
		    "symbolic link is in the way); remove it or choose another "
		    "socket with -S", dir);
		return -1;
	}
	if (sb->st_uid != getuid()) {
		*cause = xasprintf("the socket directory %s belongs to uid "
		    "%ld, not to you; remove it or choose another socket with "
		    "-S", dir, (long)sb->st_uid);
		return -1;
	}
	if ((sb->st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		*cause = xasprintf("the socket directory %s can be written by "
		    "other users (mode %03o), so anyone could replace the "
		    "server's socket; remove it and try again", dir,
		    (unsigned)(sb->st_mode & 0777));
		return -1;
	}
	return 0;
}

/* Give dir to group gid and the mode we want, when it differs. */
static int paths_fix_dir(const char *dir, const struct stat *sb, int gid,
    mode_t want, char **cause)
{
	char *group;

	if (gid != -1 && sb->st_gid != (gid_t)gid &&
	    chown(dir, (uid_t)-1, (gid_t)gid) != 0) {
		group = users_group_name((gid_t)gid);
		*cause = xasprintf("cannot give the socket directory %s to "
		    "group %s: %s (you must be a member of the group)", dir,
		    group, strerror(errno));
		free(group);
		return -1;
	}
	if ((sb->st_mode & 07777) != want && chmod(dir, want) != 0) {
		*cause = xasprintf("cannot set the mode of the socket "
		    "directory %s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* Create dir when missing and check it is ours and private (or shared with
 * one group, read-only). */
int paths_check_dir(const char *dir, int gid, char **cause)
{
	mode_t want = gid == -1 ? 0700 : 0750;
	struct stat sb;

	if (mkdir(dir, want) != 0 && errno != EEXIST) {
		*cause = xasprintf("cannot create the socket directory %s: %s",
		    dir, strerror(errno));
		return -1;
	}
	if (lstat(dir, &sb) != 0) {
		*cause = xasprintf("cannot check the socket directory %s: %s",
		    dir, strerror(errno));
		return -1;
	}
	if (paths_check_stat(dir, &sb, cause) != 0)
		return -1;
	return paths_fix_dir(dir, &sb, gid, want, cause);
}

/* 1 when a client may start a server for this socket (see paths.h). */
int paths_may_autostart(const char *opt_socket, const char *opt_db)
{
	const char *env_socket = getenv("SITREP_SOCKET");
	const char *env_db = getenv("SITREP_DB");

	if (opt_socket == NULL && (env_socket == NULL || *env_socket == '\0'))
		return 1;
	return opt_db != NULL || (env_db != NULL && *env_db != '\0');
}
