/* paths.c: where the store and the server's socket live. */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <libgen.h>
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

/* A path with its links resolved as far as it exists (the directory, when
 * the file does not exist yet): two names of one store compare equal. New
 * string. */
char *paths_real(const char *path)
{
	char *copy, *real = realpath(path, NULL), *out;
	const char *base = strrchr(path, '/');

	if (real != NULL) {
		out = xstrdup(real);
		free(real);
		return out;
	}
	copy = xstrdup(path);
	real = realpath(dirname(copy), NULL);
	out = real != NULL ? xasprintf("%s/%s", strcmp(real, "/") == 0 ? "" :
	    real, base != NULL ? base + 1 : path) : xstrdup(path);
	free(real);
	free(copy);
	return out;
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

/* A directory sitrep did not make is not laid out for group gid: say how
 * to lay it out (it is left as it is). Returns -1. */
static int paths_group_layout(const char *dir, const struct stat *sb,
    int gid, char **cause)
{
	char *want = users_group_name((gid_t)gid);
	char *has = users_group_name(sb->st_gid);

	*cause = xasprintf("a shared server's socket directory must belong to "
	    "its group and let it in, but %s is group %s with mode %03o; "
	    "sitrep leaves a directory it did not make as it is: run `chgrp "
	    "%s %s && chmod 0750 %s`, or give -S a path in a directory that "
	    "does not exist yet", dir, has, (unsigned)(sb->st_mode & 0777),
	    want, dir, dir);
	free(has);
	free(want);
	return -1;
}

/* Check what lstat found: a directory of ours that nobody else may write
 * (with a group: only that group, and it can reach the socket). */
static int paths_check_stat(const char *dir, const struct stat *sb, int gid,
    char **cause)
{
	int group_ok = gid != -1 && sb->st_gid == (gid_t)gid;

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
	if ((sb->st_mode & S_IWOTH) != 0 ||
	    ((sb->st_mode & S_IWGRP) != 0 && !group_ok)) {
		*cause = xasprintf("the socket directory %s can be written by "
		    "other users (mode %03o), so anyone could replace the "
		    "server's socket; sitrep leaves a directory it did not "
		    "make as it is: remove their write access (chmod go-w %s) "
		    "or choose another socket with -S", dir,
		    (unsigned)(sb->st_mode & 0777), dir);
		return -1;
	}
	if (gid != -1 && (!group_ok || (sb->st_mode & S_IXGRP) == 0))
		return paths_group_layout(dir, sb, gid, cause);
	return 0;
}

/* Make dir with the mode wanted (0700, or 0750 and group gid). Returns 0,
 * or -1 and *cause (EEXIST too: an existing directory is left alone). */
static int paths_make_dir(const char *dir, int gid, char **cause)
{
	mode_t want = gid == -1 ? 0700 : 0750;
	char *group;

	if (mkdir(dir, want) != 0)
		return -1;
	if (gid != -1 && chown(dir, (uid_t)-1, (gid_t)gid) != 0) {
		group = users_group_name((gid_t)gid);
		*cause = xasprintf("cannot give the socket directory %s to "
		    "group %s: %s (you must be a member of the group)", dir,
		    group, strerror(errno));
		free(group);
		return -1;
	}
	if (chmod(dir, want) != 0) { /* the umask may have taken bits */
		*cause = xasprintf("cannot set the mode of the socket "
		    "directory %s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* Create dir (mode 0700, or 0750 for group gid) when missing, else check
 * it without changing it; either way lstat must find it safe. */
int paths_check_dir(const char *dir, int gid, char **cause)
{
	struct stat sb;

	*cause = NULL;
	if (paths_make_dir(dir, gid, cause) != 0 && errno != EEXIST) {
		if (*cause == NULL)
			*cause = xasprintf("cannot create the socket directory "
			    "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (lstat(dir, &sb) != 0) {
		*cause = xasprintf("cannot check the socket directory %s: %s",
		    dir, strerror(errno));
		return -1;
	}
	return paths_check_stat(dir, &sb, gid, cause);
}

/* Create dir for a server whose door is open to every local user (its
 * access list is the gate): mode 0755. An existing one is only checked:
 * ours, written by nobody else, open to all. */
int paths_check_dir_open(const char *dir, char **cause)
{
	struct stat sb;

	*cause = NULL;
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		*cause = xasprintf("cannot create the socket directory %s: %s",
		    dir, strerror(errno));
		return -1;
	}
	if (lstat(dir, &sb) != 0) {
		*cause = xasprintf("cannot check the socket directory %s: %s",
		    dir, strerror(errno));
		return -1;
	}
	if (paths_check_stat(dir, &sb, -1, cause) != 0)
		return -1;
	if ((sb.st_mode & 0777) == 0755)
		return 0;
	*cause = xasprintf("the socket directory %s has mode %03o; a server "
	    "with observers or users admitted by name needs it open to every "
	    "local user (the server decides who gets in): sitrep leaves a "
	    "directory it did not make as it is; run `chmod 0755 %s`, or give "
	    "it a path that does not exist yet", dir,
	    (unsigned)(sb.st_mode & 0777), dir);
	return -1;
}

/* Refuse a client's socket directory: why, and what to do. Returns -1. */
static int paths_untrusted(const char *dir, const char *why, char **cause)
{
	*cause = xasprintf("the socket directory %s %s, so the server in it "
	    "could be anyone's; sitrep will not talk to it: remove the "
	    "directory (or have its owner fix it) and try again, or choose "
	    "another socket with -S", dir, why);
	return -1;
}

/* Why a client must not trust the directory sb, or NULL. New string. */
static char *paths_distrust(const struct stat *sb, int named)
{
	int mine = sb->st_uid == getuid() || sb->st_uid == 0;
	char *user, *why = NULL;

	if ((sb->st_mode & S_IWOTH) != 0 ||
	    (!named && mine && (sb->st_mode & S_IWGRP) != 0))
		return xasprintf("can be written by other users (mode %03o)",
		    (unsigned)(sb->st_mode & 0777));
	if (mine)
		return NULL;
	user = users_name(sb->st_uid);
	if (!named)
		why = xasprintf("belongs to %s, not to you", user);
	else if (getuid() != 0 && !users_in_group(sb->st_gid) &&
	    (sb->st_mode & S_IWGRP) != 0)
		why = xasprintf("belongs to %s and is not shared with a group "
		    "you are in (a team server's directory belongs to its "
		    "--group, or only its owner may write it)", user);
	free(user);
	return why;
}

/* Check, before a client says anything, that dir is a directory only its
 * owner controls (see paths.h); *owner is whom the server must run as. */
int paths_trust_dir(const char *dir, int named, uid_t *owner, char **cause)
{
	struct stat sb;
	char *why;

	if (lstat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return paths_untrusted(dir, "is not a directory (a symbolic "
		    "link or a file is in the way)", cause);
	if ((why = paths_distrust(&sb, named)) != NULL) {
		paths_untrusted(dir, why, cause);
		free(why);
		return -1;
	}
	*owner = sb.st_uid;
	return 0;
}

/* 1 when the socket was named (-S or $SITREP_SOCKET), not derived. */
int paths_socket_named(const char *opt_socket)
{
	const char *env_socket = getenv("SITREP_SOCKET");

	return (opt_socket != NULL && *opt_socket != '\0') ||
	    (env_socket != NULL && *env_socket != '\0');
}

/* 1 when a client may start a server for this socket (see paths.h). */
int paths_may_autostart(const char *opt_socket, const char *opt_db)
{
	const char *env_db = getenv("SITREP_DB");

	if (!paths_socket_named(opt_socket))
		return 1;
	return opt_db != NULL || (env_db != NULL && *env_db != '\0');
}
