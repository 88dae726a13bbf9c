/* server-acl.c: who may connect to the server.
 *
 * Identity is the peer's credentials (SO_PEERCRED on the accepted socket),
 * never anything the client says. The server admits its own user and root;
 * with --group GROUP also members of GROUP, by primary or supplementary
 * group (SO_PEERGROUPS when the kernel has it, else getgrouplist).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <sys/types.h>

#include <errno.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server-int.h"
#include "users.h"
#include "xmalloc.h"

#define SERVER_ACL_MAXGROUPS 65536

/* Learn the server's own user and the --group gid. */
int server_acl_init(struct server *srv, char **cause)
{
	srv->uid = getuid();
	srv->user = users_name(srv->uid);
	if (srv->opts->group == NULL)
		return 0;
	if (users_group_id(srv->opts->group, &srv->gid, cause) != 0)
		return -1;
	srv->grouped = 1;
	return 0;
}

/* Read the peer's credentials and name from the kernel. */
int server_acl_peer(struct server_client *c, char **cause)
{
	struct ucred cred;
	socklen_t len = sizeof cred;
	uv_os_fd_t fd;

	if (uv_fileno((uv_handle_t *)&c->pipe, &fd) != 0 ||
	    getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
		*cause = xasprintf("cannot read the peer's credentials: %s",
		    strerror(errno));
		return -1;
	}
	c->uid = cred.uid;
	c->gid = cred.gid;
	c->pid = cred.pid;
	c->user = users_name(cred.uid);
	return 0;
}

/* 1 when gid is among the n groups. */
static int server_acl_in(const gid_t *groups, size_t n, gid_t gid)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (groups[i] == gid)
			return 1;
	}
	return 0;
}

/* The peer's supplementary groups from the kernel: 1 member, 0 not, -1 when
 * the kernel cannot say. */
static int server_acl_peergroups(struct server_client *c, gid_t gid)
{
#ifdef SO_PEERGROUPS
	socklen_t len = 64 * sizeof(gid_t);
	gid_t *groups = xmalloc(len);
	uv_os_fd_t fd;
	int r = -1;

	if (uv_fileno((uv_handle_t *)&c->pipe, &fd) != 0)
		goto out;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len) != 0) {
		if (errno != ERANGE)
			goto out;
		groups = xreallocarray(groups, 1, len);
		if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups,
		    &len) != 0)
			goto out;
	}
	r = server_acl_in(groups, len / sizeof(gid_t), gid);
out:
	free(groups);
	return r;
#else
	return -1;
#endif
}

/* 1 when user (primary group primary) is in gid by the group database
 * (the fallback when the kernel cannot say). */
static int server_acl_dbgroups(const char *user, gid_t primary, gid_t gid)
{
#ifdef HAVE_GETGROUPLIST
	int n = 64, r;
	gid_t *groups;

	for (;;) {
		groups = xreallocarray(NULL, (size_t)n, sizeof *groups);
		if (getgrouplist(user, primary, groups, &n) >= 0)
			break;
		free(groups);
		if (n > SERVER_ACL_MAXGROUPS)
			return 0;
	}
	r = server_acl_in(groups, (size_t)n, gid);
	free(groups);
	return r;
#else
	(void)user;
	(void)primary;
	(void)gid;
	return 0;
#endif
}

/* The rule, for refusals: "it admits alice, root and members of group g". */
static char *server_acl_rule(const struct server *srv)
{
	const char *who = srv->uid == 0 ? "root" : srv->user;

	if (srv->grouped && srv->uid == 0)
		return xasprintf("it admits root and members of group %s",
		    srv->opts->group);
	if (srv->grouped)
		return xasprintf("it admits %s, root and members of group %s",
		    who, srv->opts->group);
	if (srv->uid == 0)
		return xstrdup("it admits only root");
	return xasprintf("it admits only %s and root", who);
}

/* Decide whether the peer may use this server; -1 and *why when not. */
int server_acl_check(struct server *srv, struct server_client *c, char **why)
{
	char *rule;
	int r;

	if (c->uid == srv->uid || c->uid == 0)
		return 0;
	if (srv->grouped) {
		if (c->gid == srv->gid)
			return 0;
		r = server_acl_peergroups(c, srv->gid);
		if (r == -1)
			r = server_acl_dbgroups(c->user, c->gid, srv->gid);
		if (r == 1)
			return 0;
	}
	rule = server_acl_rule(srv);
	*why = xasprintf("user %s is not allowed on this sitrep server: %s",
	    c->user, rule);
	free(rule);
	return -1;
}

/* 1 when name is a user of this host (on a --group server, one it
 * admits): the people a handoff or a role may name (rules_people). */
int server_acl_person(const char *name, void *arg)
{
	const struct server *srv = arg;
	uid_t uid;
	gid_t gid;

	if (users_id(name, &uid, &gid) != 0)
		return 0;
	return !srv->grouped || uid == srv->uid || uid == 0 ||
	    gid == srv->gid || server_acl_dbgroups(name, gid, srv->gid) == 1;
}

/* 1 when the peer may stop the server (its own user or root). */
int server_acl_owner(const struct server *srv, const struct server_client *c)
{
	return c->uid == srv->uid || c->uid == 0;
}
