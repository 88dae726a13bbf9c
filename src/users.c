/* users.c: names and groups from the user and group databases.
 *
 * The *_r lookups take a caller's buffer and fail with ERANGE when the
 * entry does not fit (a directory group with thousands of members easily
 * passes any fixed size): each lookup here starts small and doubles the
 * buffer until the entry fits, up to USERS_BUF_MAX.
 */
#include <sys/types.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "users.h"
#include "xmalloc.h"

#define USERS_BUF_FIRST 1024
#define USERS_BUF_MAX (64 * 1024 * 1024)

/* One *_r lookup of key into ent with buf[len]: its error number, and
 * *found set when there is such an entry. */
typedef int (*users_fn)(const void *key, void *ent, char *buf, size_t len,
    int *found);

/* Run fn with a buffer grown while it says ERANGE. Returns the buffer the
 * entry points into (the caller frees it), or NULL when there is no entry
 * or the database cannot be read. */
static char *users_lookup(users_fn fn, const void *key, void *ent)
{
	size_t len = USERS_BUF_FIRST;
	char *buf = NULL;
	int found = 0, e;

	for (;;) {
		buf = xreallocarray(buf, 1, len);
		e = fn(key, ent, buf, len, &found);
		if (e != ERANGE || len >= USERS_BUF_MAX)
			break;
		len *= 2;
	}
	if (e == 0 && found)
		return buf;
	free(buf);
	return NULL;
}

/* getpwuid_r as a users_fn. */
static int users_pwuid(const void *key, void *ent, char *buf, size_t len,
    int *found)
{
	struct passwd *res = NULL;
	int e;

	e = getpwuid_r(*(const uid_t *)key, ent, buf, len, &res);
	*found = res != NULL;
	return e;
}

/* getpwnam_r as a users_fn. */
static int users_pwnam(const void *key, void *ent, char *buf, size_t len,
    int *found)
{
	struct passwd *res = NULL;
	int e;

	e = getpwnam_r(key, ent, buf, len, &res);
	*found = res != NULL;
	return e;
}

/* The uid and primary gid of a login name: 0, or -1 when there is none. */
int users_id(const char *name, uid_t *uid, gid_t *gid)
{
	struct passwd pw;
	char *buf = users_lookup(users_pwnam, name, &pw);

	if (buf == NULL)
		return -1;
	*uid = pw.pw_uid;
	*gid = pw.pw_gid;
	free(buf);
	return 0;
}

/* getgrgid_r as a users_fn. */
static int users_grgid(const void *key, void *ent, char *buf, size_t len,
    int *found)
{
	struct group *res = NULL;
	int e;

	e = getgrgid_r(*(const gid_t *)key, ent, buf, len, &res);
	*found = res != NULL;
	return e;
}

/* getgrnam_r as a users_fn. */
static int users_grnam(const void *key, void *ent, char *buf, size_t len,
    int *found)
{
	struct group *res = NULL;
	int e;

	e = getgrnam_r(key, ent, buf, len, &res);
	*found = res != NULL;
	return e;
}

/* The login name of uid, or "uid:N". */
char *users_name(uid_t uid)
{
	struct passwd pw;
	char *buf, *name;

	buf = users_lookup(users_pwuid, &uid, &pw);
	if (buf != NULL && pw.pw_name != NULL && *pw.pw_name != '\0')
		name = xstrdup(pw.pw_name);
	else
		name = xasprintf("uid:%ld", (long)uid);
	free(buf);
	return name;
}

/* The name of group gid, or "gid:N". */
char *users_group_name(gid_t gid)
{
	struct group gr;
	char *buf, *name;

	buf = users_lookup(users_grgid, &gid, &gr);
	if (buf != NULL && gr.gr_name != NULL && *gr.gr_name != '\0')
		name = xstrdup(gr.gr_name);
	else
		name = xasprintf("gid:%ld", (long)gid);
	free(buf);
	return name;
}

/* The gid of a group name, or of a number given for one. */
int users_group_id(const char *name, gid_t *gid, char **cause)
{
	struct group gr;
	char *buf, *end;
	long n;

	if ((buf = users_lookup(users_grnam, name, &gr)) != NULL) {
		*gid = gr.gr_gid;
		free(buf);
		return 0;
	}
	errno = 0;
	n = strtol(name, &end, 10);
	if (*name != '\0' && *end == '\0' && errno == 0 && n >= 0) {
		*gid = (gid_t)n;
		return 0;
	}
	*cause = xasprintf("there is no group named \"%s\"; create it "
	    "(groupadd) or name an existing group with --group", name);
	return -1;
}

/* The home directory of uid, or NULL. */
char *users_home(uid_t uid)
{
	struct passwd pw;
	char *buf, *home = NULL;

	buf = users_lookup(users_pwuid, &uid, &pw);
	if (buf != NULL && pw.pw_dir != NULL && *pw.pw_dir != '\0')
		home = xstrdup(pw.pw_dir);
	free(buf);
	return home;
}

/* 1 when gid is our primary or one of our supplementary groups. */
int users_in_group(gid_t gid)
{
	gid_t *groups;
	int n, i, in = getegid() == gid || getgid() == gid;

	if (in || (n = getgroups(0, NULL)) <= 0)
		return in;
	groups = xreallocarray(NULL, (size_t)n, sizeof *groups);
	n = getgroups(n, groups);
	for (i = 0; i < n && !in; i++)
		in = groups[i] == gid;
	free(groups);
	return in;
}

/* The members of group gid, listed and by primary group, to add. */
void users_group_members(gid_t gid, void (*add)(const char *name, void *arg),
    void *arg)
{
	struct group gr;
	struct passwd *pw;
	char *buf = users_lookup(users_grgid, &gid, &gr), **m;
	int n = 0;

	for (m = buf != NULL ? gr.gr_mem : NULL; m != NULL && *m != NULL; m++)
		add(*m, arg);
	free(buf);
	setpwent();
	while (n++ < USERS_SCAN_MAX && (pw = getpwent()) != NULL) {
		if (pw->pw_gid == gid && pw->pw_name != NULL)
			add(pw->pw_name, arg);
	}
	endpwent();
}
