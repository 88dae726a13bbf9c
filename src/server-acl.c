/* server-acl.c: who may connect to the server, what each may do, and
 * which incidents each sees.
 *
 * Identity is the peer's credentials (SO_PEERCRED on the accepted socket),
 * never anything the client says. The server's own user and root are
 * always admitted as responders. Then, in this order: a user named with
 * --allow is a responder and one named with --observer an observer; a
 * member of --group (primary or supplementary group: SO_PEERGROUPS when
 * the kernel has it, else getgrouplist) is a responder, a member of
 * --observers an observer. Anyone else is refused with the rule.
 *
 * A restricted incident is seen only by the members of its group, the
 * server's user and root; server_acl_visible is the one decision every
 * read path (events, pages, lists, search, snapshots, presence, the rules)
 * asks. A connection learns whether it is in a group once and keeps the
 * answer while it lasts.
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

#include "rules.h"
#include "server-int.h"
#include "users.h"
#include "xmalloc.h"

#define SERVER_ACL_MAXGROUPS 65536

/* Look up the uids of n user names (an option's list); -1 and *cause when
 * one is not a user of this host. */
static int server_acl_uids(const char *const *names, size_t n,
    const char *option, uid_t **out, char **cause)
{
	gid_t gid;
	size_t i;

	*out = xreallocarray(NULL, n + 1, sizeof **out);
	for (i = 0; i < n; i++) {
		if (users_id(names[i], &(*out)[i], &gid) != 0) {
			*cause = xasprintf("%s %s: there is no such user on "
			    "this host", option, names[i]);
			return -1;
		}
	}
	return 0;
}

/* Learn the server's own user and resolve the access list's names. */
int server_acl_init(struct server *srv, char **cause)
{
	const struct server_opts *o = srv->opts;

	srv->uid = getuid();
	srv->user = users_name(srv->uid);
	if (o->group != NULL) {
		if (users_group_id(o->group, &srv->gid, cause) != 0)
			return -1;
		srv->grouped = 1;
	}
	if (o->observers != NULL) {
		if (users_group_id(o->observers, &srv->observers_gid,
		    cause) != 0)
			return -1;
		srv->observing = 1;
	}
	if (server_acl_uids(o->allow, o->nallow, "--allow", &srv->allow,
	    cause) != 0 || server_acl_uids(o->observer, o->nobserver,
	    "--observer", &srv->observer, cause) != 0)
		return -1;
	srv->nallow = o->nallow;
	srv->nobserver = o->nobserver;
	return 0;
}

/* Release the access list. */
void server_acl_free(struct server *srv)
{
	free(srv->allow);
	free(srv->observer);
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

/* 1 when uid is among the n users. */
static int server_acl_listed(const uid_t *users, size_t n, uid_t uid)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (users[i] == uid)
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

	if (primary == gid)
		return 1;
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
	return primary == gid;
#endif
}

/* 1 when the peer is in group gid, as the kernel (else the group
 * database) says. */
static int server_acl_member(struct server_client *c, gid_t gid)
{
	int r;

	if (c->gid == gid)
		return 1;
	if ((r = server_acl_peergroups(c, gid)) == -1)
		r = server_acl_dbgroups(c->user, c->gid, gid);
	return r == 1;
}

/* What the access list gives uid (peer c, or NULL for a user looked up by
 * name with primary group gid): SERVER_ACCESS_*. */
static enum server_access server_acl_decide(struct server *srv,
    struct server_client *c, const char *name, uid_t uid, gid_t gid)
{
	if (uid == srv->uid || uid == 0 ||
	    server_acl_listed(srv->allow, srv->nallow, uid))
		return SERVER_ACCESS_RW;
	if (server_acl_listed(srv->observer, srv->nobserver, uid))
		return SERVER_ACCESS_RO;
	if (srv->grouped && (c != NULL ? server_acl_member(c, srv->gid) :
	    server_acl_dbgroups(name, gid, srv->gid)))
		return SERVER_ACCESS_RW;
	if (srv->observing && (c != NULL ? server_acl_member(c,
	    srv->observers_gid) : server_acl_dbgroups(name, gid,
	    srv->observers_gid)))
		return SERVER_ACCESS_RO;
	return SERVER_ACCESS_NONE;
}

/* parts[0..n) joined as "a, b and c" (parts freed). New string. */
static char *server_acl_join(char **parts, size_t n)
{
	char *s = xstrdup(""), *next;
	size_t i;

	for (i = 0; i < n; i++) {
		next = xasprintf("%s%s%s", s, i == 0 ? "" : i + 1 == n ?
		    " and " : ", ", parts[i]);
		free(s);
		free(parts[i]);
		s = next;
	}
	return s;
}

/* Who one side of the list admits: the users, then "members of group
 * G"; parts holds room for every name. Returns how many parts. */
static size_t server_acl_parts(char **parts, size_t n,
    const char *const *users, size_t nusers, const char *group)
{
	size_t i;

	for (i = 0; i < nusers; i++)
		parts[n++] = xstrdup(users[i]);
	if (group != NULL)
		parts[n++] = xasprintf("members of group %s", group);
	return n;
}

/* The rule, for refusals: "it admits alice, root and members of group g;
 * read-only: members of group m". New string. */
static char *server_acl_rule(const struct server *srv)
{
	const struct server_opts *o = srv->opts;
	char **parts = xreallocarray(NULL, o->nallow + o->nobserver + 4,
	    sizeof *parts), *rw, *ro, *s;
	size_t n = 0;

	if (srv->uid != 0)
		parts[n++] = xstrdup(srv->user);
	parts[n++] = xstrdup("root");
	n = server_acl_parts(parts, n, o->allow, o->nallow,
	    srv->grouped ? o->group : NULL);
	rw = server_acl_join(parts, n);
	n = server_acl_parts(parts, 0, o->observer, o->nobserver,
	    srv->observing ? o->observers : NULL);
	ro = server_acl_join(parts, n);
	free(parts);
	s = xasprintf("it admits %s%s%s%s", o->nallow == 0 && !srv->grouped ?
	    "only " : "", rw, *ro != '\0' ? "; read-only: " : "", ro);
	free(rw);
	free(ro);
	return s;
}

/* Decide whether the peer may use this server and how (c->access); -1
 * and *why when it may not. */
int server_acl_check(struct server *srv, struct server_client *c, char **why)
{
	char *rule;

	c->access = server_acl_decide(srv, c, c->user, c->uid, c->gid);
	if (c->access != SERVER_ACCESS_NONE)
		return 0;
	rule = server_acl_rule(srv);
	*why = xasprintf("user %s is not allowed on this sitrep server: %s",
	    c->user, rule);
	free(rule);
	return -1;
}

/* "rw" for a responder, "ro" for an observer (the welcome's access). */
const char *server_acl_access_name(const struct server_client *c)
{
	return c->access == SERVER_ACCESS_RW ? "rw" : "ro";
}

/* Why an observer's write is refused, and whom to ask. New string. */
char *server_acl_observer_why(const struct server_client *c)
{
	const struct server *srv = c->srv;
	char *who = srv->uid == 0 ? xstrdup("root") : xasprintf("%s (who "
	    "runs the server) or root", srv->user), *s;

	if (srv->grouped)
		s = xasprintf("%s is an observer on this sitrep server: "
		    "observers read and follow, they do not write; to respond, "
		    "ask %s to add you to group %s", c->user, who,
		    srv->opts->group);
	else
		s = xasprintf("%s is an observer on this sitrep server: "
		    "observers read and follow, they do not write; to respond, "
		    "ask %s to admit you with --allow %s", c->user, who,
		    c->user);
	free(who);
	return s;
}

/* 1 when name is a user of this host who may write on this server (on a
 * server that admits only its own user and root: any user of the host):
 * the people a handoff or a role may name (rules_people). arg: the
 * client. */
static int server_acl_person(const char *name, void *arg)
{
	struct server_client *c = arg;
	const struct server *srv = c->srv;
	uid_t uid;
	gid_t gid;

	if (users_id(name, &uid, &gid) != 0)
		return 0;
	if (!srv->grouped && !srv->observing && srv->nallow == 0 &&
	    srv->nobserver == 0)
		return 1;
	return server_acl_decide(c->srv, NULL, name, uid, gid) ==
	    SERVER_ACCESS_RW;
}

/* 1 when group is a group of this host (rules_people). */
static int server_acl_group(const char *group, void *arg)
{
	char *cause = NULL;
	gid_t gid;

	if (users_group_id(group, &gid, &cause) == 0)
		return 1;
	free(cause);
	return 0;
}

/* 1 when user would see an incident restricted to group: a member, the
 * server's user or root (rules_people). */
static int server_acl_member_name(const char *user, const char *group,
    void *arg)
{
	struct server_client *c = arg;
	char *cause = NULL;
	uid_t uid;
	gid_t gid, want;

	if (users_id(user, &uid, &gid) != 0)
		return 0;
	if (uid == c->srv->uid || uid == 0)
		return 1;
	if (users_group_id(group, &want, &cause) != 0) {
		free(cause);
		return 0;
	}
	return server_acl_dbgroups(user, gid, want);
}

/* 1 when the submitter sees inc (rules_people). */
static int server_acl_sees(const struct model_incident *inc, void *arg)
{
	return server_acl_visible(arg, inc);
}

/* What the rules ask the server, for a submission of client c. */
void server_acl_people(struct server_client *c, struct rules_people *p)
{
	memset(p, 0, sizeof *p);
	p->known = server_acl_person;
	p->group = server_acl_group;
	p->member = server_acl_member_name;
	p->sees = server_acl_sees;
	p->arg = c;
}

/* 1 when the peer is in the group called name (learnt once). */
static int server_acl_in_named(struct server_client *c, const char *name)
{
	char *cause = NULL;
	size_t i;
	gid_t gid;
	int member;

	for (i = 0; i < c->nseen; i++) {
		if (strcmp(c->seen[i].group, name) == 0)
			return c->seen[i].member;
	}
	if (users_group_id(name, &gid, &cause) != 0) {
		free(cause);
		member = 0;
	} else
		member = server_acl_member(c, gid);
	c->seen = xreallocarray(c->seen, c->nseen + 1, sizeof *c->seen);
	c->seen[c->nseen].group = xstrdup(name);
	c->seen[c->nseen++].member = member;
	return member;
}

/* The one visibility decision: 1 when the client sees inc (not
 * restricted, or restricted to a group it is in, or it is the server's
 * user or root). */
int server_acl_visible(struct server_client *c,
    const struct model_incident *inc)
{
	if (inc == NULL || inc->restricted == NULL)
		return 1;
	if (c->uid == c->srv->uid || c->uid == 0)
		return 1;
	return server_acl_in_named(c, inc->restricted);
}

/* 1 when the client sees the incident ref (one that does not exist is
 * not hidden: there is nothing to hide). */
int server_acl_visible_ref(struct server_client *c, const char *ref)
{
	if (ref == NULL)
		return 1;
	return server_acl_visible(c, model_find(&c->srv->model, ref));
}

/* Forget what the connection learnt about its groups. */
void server_acl_forget(struct server_client *c)
{
	size_t i;

	for (i = 0; i < c->nseen; i++)
		free(c->seen[i].group);
	free(c->seen);
	c->seen = NULL;
	c->nseen = 0;
}

/* 1 when the peer may stop the server (its own user or root). */
int server_acl_owner(const struct server *srv, const struct server_client *c)
{
	return c->uid == srv->uid || c->uid == 0;
}
