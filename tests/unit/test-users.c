/* test-users.c: user and group lookups grow their buffers until the entry
 * fits. getpwuid_r, getgrgid_r and getgrnam_r are wrapped at link time
 * (-Wl,--wrap): a few made-up entries need far more room than any fixed
 * buffer, like a directory group with thousands of members; every other
 * lookup goes to the C library. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "users.h"

/* Room the made-up entries claim to need: more than the old fixed 16 KiB. */
#define TEST_USERS_NEED (200 * 1024)
#define TEST_USERS_HUGE_GID 4242  /* a group that fits in TEST_USERS_NEED */
#define TEST_USERS_LONG_UID 4243  /* a user that fits in TEST_USERS_NEED */
#define TEST_USERS_NEVER_GID 4244 /* a group that never fits */

int __real_getpwuid_r(uid_t, struct passwd *, char *, size_t,
    struct passwd **);
int __real_getgrgid_r(gid_t, struct group *, char *, size_t,
    struct group **);
int __real_getgrnam_r(const char *, struct group *, char *, size_t,
    struct group **);
int __wrap_getpwuid_r(uid_t, struct passwd *, char *, size_t,
    struct passwd **);
int __wrap_getgrgid_r(gid_t, struct group *, char *, size_t,
    struct group **);
int __wrap_getgrnam_r(const char *, struct group *, char *, size_t,
    struct group **);

/* Fill the huge group into buf, or say ERANGE when buf is too small. */
static int test_users_fake_group(gid_t gid, struct group *gr, char *buf,
    size_t len, struct group **res)
{
	*res = NULL;
	if (gid == TEST_USERS_NEVER_GID || len < TEST_USERS_NEED)
		return ERANGE;
	memset(gr, 0, sizeof *gr);
	strcpy(buf, "srt-huge");
	gr->gr_name = buf;
	gr->gr_gid = gid;
	*res = gr;
	return 0;
}

/* getpwuid_r: the long user is made up, the rest is real. */
int __wrap_getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t len,
    struct passwd **res)
{
	if (uid != TEST_USERS_LONG_UID)
		return __real_getpwuid_r(uid, pw, buf, len, res);
	*res = NULL;
	if (len < TEST_USERS_NEED)
		return ERANGE;
	memset(pw, 0, sizeof *pw);
	strcpy(buf, "srt-long");
	strcpy(buf + 16, "/home/srt-long");
	pw->pw_name = buf;
	pw->pw_dir = buf + 16;
	pw->pw_uid = uid;
	*res = pw;
	return 0;
}

/* getgrgid_r: the huge and the never-fitting groups are made up. */
int __wrap_getgrgid_r(gid_t gid, struct group *gr, char *buf, size_t len,
    struct group **res)
{
	if (gid != TEST_USERS_HUGE_GID && gid != TEST_USERS_NEVER_GID)
		return __real_getgrgid_r(gid, gr, buf, len, res);
	return test_users_fake_group(gid, gr, buf, len, res);
}

/* getgrnam_r: "srt-huge" is made up. */
int __wrap_getgrnam_r(const char *name, struct group *gr, char *buf,
    size_t len, struct group **res)
{
	if (strcmp(name, "srt-huge") != 0)
		return __real_getgrnam_r(name, gr, buf, len, res);
	return test_users_fake_group(TEST_USERS_HUGE_GID, gr, buf, len, res);
}

/* Entries larger than any first guess are read whole. */
static void test_users_large(void **state)
{
	char *cause = NULL, *s;
	gid_t gid = 0;

	assert_int_equal(users_group_id("srt-huge", &gid, &cause), 0);
	assert_int_equal(gid, TEST_USERS_HUGE_GID);
	s = users_group_name(TEST_USERS_HUGE_GID);
	assert_string_equal(s, "srt-huge");
	free(s);
	s = users_name(TEST_USERS_LONG_UID);
	assert_string_equal(s, "srt-long");
	free(s);
	s = users_home(TEST_USERS_LONG_UID);
	assert_string_equal(s, "/home/srt-long");
	free(s);
}

/* An entry that never fits ends the growth: the number stands in. */
static void test_users_never_fits(void **state)
{
	char *s = users_group_name(TEST_USERS_NEVER_GID);

	assert_string_equal(s, "gid:4244");
	free(s);
}

/* Unknown names are refused with a cause; numbers are taken as gids. */
static void test_users_unknown(void **state)
{
	char *cause = NULL;
	gid_t gid = 0;

	assert_int_equal(users_group_id("srt-no-such-group", &gid, &cause),
	    -1);
	assert_non_null(strstr(cause, "srt-no-such-group"));
	free(cause);
	assert_int_equal(users_group_id("12345", &gid, &cause), 0);
	assert_int_equal(gid, 12345);
	assert_true(users_in_group(getgid()));
}

/* Run the user and group tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_users_large),
		cmocka_unit_test(test_users_never_fits),
		cmocka_unit_test(test_users_unknown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
