/* users.h: names and groups from the user and group databases.
 *
 * Every lookup grows its buffer while the entry does not fit (ERANGE), so a
 * group with thousands of members or a long directory entry is read whole.
 */
#ifndef SITREP_USERS_H
#define SITREP_USERS_H

#include <sys/types.h>

/* The login name of uid, or "uid:N" when it has none. New string. */
char *users_name(uid_t uid);
/* The uid and primary gid of a login name: 0, or -1 when there is no
 * such user. */
int users_id(const char *name, uid_t *uid, gid_t *gid);
/* The name of group gid, or "gid:N" when it has none. New string. */
char *users_group_name(gid_t gid);
/* The gid of a group name (or number). Returns 0, or -1 and *cause. */
int users_group_id(const char *name, gid_t *gid, char **cause);
/* The home directory of uid from the password database, or NULL. New
 * string. */
char *users_home(uid_t uid);
/* 1 when this process is in group gid (primary or supplementary). */
int users_in_group(gid_t gid);
/* Call add with the login name of every member of group gid: those the
 * group lists and those whose primary group it is (the first
 * USERS_SCAN_MAX accounts of the user database are looked through). */
void users_group_members(gid_t gid, void (*add)(const char *name, void *arg),
    void *arg);
#define USERS_SCAN_MAX 10000

#endif
