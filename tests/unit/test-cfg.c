/* test-cfg.c: the configuration reader (sitrep(5)): every key, the
 * lists, and every kind of malformed line refused with the file and the
 * line number; files read in order, a missing file being no error; the
 * server's limits as the files and `sitrep serve` read them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg.h"

/* Parse text as file "f.conf" into a fresh configuration; the status. */
static int test_cfg_parse(struct cfg *cf, const char *text,
    char **cause)
{
	cfg_init(cf);
	*cause = NULL;
	return cfg_parse(cf, "f.conf", text, cause);
}

/* Every key of a server's and a client's file, comments and blanks. */
static void test_cfg_keys(void **state)
{
	struct cfg cf;
	char *cause;

	assert_int_equal(test_cfg_parse(&cf,
	    "# the bastion's sitrep\n"
	    "\n"
	    "name = ops\n"
	    "group=oncall\n"
	    "  observers =  managers  \n"
	    "allow = alice\n"
	    "allow = bob\n"
	    "observer = carol\n"
	    "max-clients = 200\n"
	    "max-rate = 50\n"
	    "max-queue = 16M\n"
	    "socket = /run/sitrep/ops/socket\n"
	    "zone = Europe/Berlin\n"
	    "second-zone = UTC\n"
	    "bell = yes", &cause), 0);
	assert_string_equal(cf.name, "ops");
	assert_string_equal(cf.group, "oncall");
	assert_string_equal(cf.observers, "managers");
	assert_int_equal(cf.nallow, 2);
	assert_string_equal(cf.allow[0], "alice");
	assert_string_equal(cf.allow[1], "bob");
	assert_int_equal(cf.nobserver, 1);
	assert_string_equal(cf.observer[0], "carol");
	assert_int_equal(cf.max_clients, 200);
	assert_int_equal(cf.max_rate, 50);
	assert_int_equal(cf.max_queue, 16L * 1024 * 1024);
	assert_string_equal(cf.socket, "/run/sitrep/ops/socket");
	assert_string_equal(cf.zone, "Europe/Berlin");
	assert_string_equal(cf.zone2, "UTC");
	assert_int_equal(cf.bell, 1);
	cfg_free(&cf);
}

/* An empty file, or only comments, says nothing. */
static void test_cfg_empty(void **state)
{
	struct cfg cf;
	char *cause;

	assert_int_equal(test_cfg_parse(&cf, "", &cause), 0);
	assert_int_equal(test_cfg_parse(&cf, "# nothing\n   \n#x = y\n",
	    &cause), 0);
	assert_null(cf.name);
	assert_int_equal(cf.bell, -1);
	assert_int_equal(cf.max_clients, 0);
	assert_int_equal(cf.max_rate, 0);
	assert_int_equal(cf.max_queue, 0);
	cfg_free(&cf);
}

/* A malformed line: refused, its file and line named, a hint given. */
static void test_cfg_bad(const char *text, const char *where,
    const char *what)
{
	struct cfg cf;
	char *cause;

	assert_int_equal(test_cfg_parse(&cf, text, &cause), -1);
	assert_non_null(cause);
	if (strncmp(cause, where, strlen(where)) != 0 ||
	    strstr(cause, what) == NULL)
		fail_msg("for %s: got \"%s\"", text, cause);
	free(cause);
	cfg_free(&cf);
}

/* Each malformed line is refused with file and line and what to write. */
static void test_cfg_malformed(void **state)
{
	test_cfg_bad("name = ops\nthis is not a setting\n", "f.conf:2: ",
	    "expected \"key = value\"");
	test_cfg_bad("# ok\n\ncolour = red\n", "f.conf:3: ",
	    "unknown key \"colour\"");
	test_cfg_bad("name =\n", "f.conf:1: ", "name has no value");
	test_cfg_bad("name = ../etc\n", "f.conf:1: ", "such as: name = ops");
	test_cfg_bad("name = a\nname = b\n", "f.conf:2: ",
	    "already set earlier");
	test_cfg_bad("group = on call\n", "f.conf:1: ", "one group name");
	test_cfg_bad("allow = alice,bob\n", "f.conf:1: ",
	    "one user name per line");
	test_cfg_bad("max-clients = lots\n", "f.conf:1: ",
	    "max-clients is a number");
	test_cfg_bad("max-clients = 0\n", "f.conf:1: ", "from 1");
	test_cfg_bad("max-clients = 99999999999999999999\n", "f.conf:1: ",
	    "from 1");
	test_cfg_bad("socket = run/sitrep\n", "f.conf:1: ",
	    "absolute path");
	test_cfg_bad("zone = Mars/Olympus\n", "f.conf:1: ",
	    "unknown time zone");
	test_cfg_bad("bell = loud\n", "f.conf:1: ", "bell is yes or no");
	test_cfg_bad("bell = yes\x01\n", "f.conf:1: ", "bell is yes or no");
	test_cfg_bad("name = \xff\n", "f.conf: ", "not valid UTF-8");
}

/* Limit key reads value as want (cfg_limit, as serve's options do). */
static void test_cfg_limit_is(const char *key, const char *value, long want)
{
	char *cause = NULL;
	long n = -1;

	if (cfg_limit(key, key, value, &n, &cause) != 0)
		fail_msg("%s %s: %s", key, value, cause);
	assert_int_equal(n, want);
}

/* Limit key refuses value, naming label and the range. */
static void test_cfg_limit_bad(const char *key, const char *label,
    const char *value, const char *range)
{
	char *cause = NULL;
	long n = -1;

	assert_int_equal(cfg_limit(key, label, value, &n, &cause), -1);
	assert_non_null(cause);
	if (strncmp(cause, label, strlen(label)) != 0 ||
	    strstr(cause, range) == NULL)
		fail_msg("%s %s: got \"%s\"", key, value, cause);
	free(cause);
}

/* Values each limit refuses, and what its refusal must say. */
static const struct test_cfg_refusal {
	const char *key;
	const char *label;
	const char *value;
	const char *range;
} test_cfg_refusals[] = {
	{ "max-clients", "--max-clients", "0", "from 1 to 4096" },
	{ "max-clients", "--max-clients", "4097", "from 1 to 4096" },
	{ "max-clients", "max-clients", "-3", "from 1" },
	{ "max-clients", "max-clients", "12K", "from 1" },
	{ "max-rate", "--max-rate", "0", "from 1 to 1000000" },
	{ "max-rate", "--max-rate", "1000001", "to 1000000" },
	{ "max-rate", "--max-rate", "fast", "from 1" },
	{ "max-rate", "--max-rate", "5 ", "from 1" },
	{ "max-queue", "--max-queue", "2047K", "from 2M to 512M" },
	{ "max-queue", "--max-queue", "513M", "from 2M to 512M" },
	{ "max-queue", "--max-queue", "8G", "K or M" },
	{ "max-queue", "--max-queue", "8MB", "K or M" },
	{ "max-queue", "--max-queue", "M", "K or M" },
	{ "max-queue", "--max-queue", "99999999999999999999M", "from 2M" },
	{ "max-queue", "--max-queue", "9999999999999999M", "from 2M" },
	{ "colour", "colour", "1", "not one of" },
};

/* The limits: their ranges and ends, sizes in bytes, K or M, and every
 * value out of range or malformed refused with the name and the range. */
static void test_cfg_limits(void **state)
{
	const struct test_cfg_refusal *r;
	size_t i;

	test_cfg_limit_is("max-clients", "1", 1);
	test_cfg_limit_is("max-clients", "4096", 4096);
	test_cfg_limit_is("max-rate", "1", 1);
	test_cfg_limit_is("max-rate", "1000000", 1000000);
	test_cfg_limit_is("max-queue", "2M", 2L * 1024 * 1024);
	test_cfg_limit_is("max-queue", "2048K", 2L * 1024 * 1024);
	test_cfg_limit_is("max-queue", "3000000", 3000000);
	test_cfg_limit_is("max-queue", "64m", 64L * 1024 * 1024);
	test_cfg_limit_is("max-queue", "512M", 512L * 1024 * 1024);
	for (i = 0; i < sizeof test_cfg_refusals /
	    sizeof test_cfg_refusals[0]; i++) {
		r = &test_cfg_refusals[i];
		test_cfg_limit_bad(r->key, r->label, r->value, r->range);
	}
}

/* The same limits in a file: refused with the file, the line and the
 * range; a later file's value replaces an earlier one's. */
static void test_cfg_limits_file(void **state)
{
	struct cfg cf;
	char *cause;
	char *s;

	test_cfg_bad("max-rate = 0\n", "f.conf:1: ",
	    "max-rate is a number from 1 to 1000000");
	test_cfg_bad("# q\nmax-queue = 1M\n", "f.conf:2: ",
	    "max-queue is a size from 2M to 512M");
	test_cfg_bad("max-queue = lots\n", "f.conf:1: ", "such as 16M");
	test_cfg_bad("max-queue = 8M\nmax-queue = 9M\n", "f.conf:2: ",
	    "already set earlier");
	test_cfg_bad("max-clients = 5000\n", "f.conf:1: ", "from 1 to 4096");
	assert_int_equal(test_cfg_parse(&cf, "max-queue = 4M\n", &cause), 0);
	assert_int_equal(cfg_parse(&cf, "g.conf", "max-queue = 8192K\n",
	    &cause), 0);
	assert_int_equal(cf.max_queue, 8L * 1024 * 1024);
	cfg_free(&cf);
	s = cfg_size_text(8L * 1024 * 1024);
	assert_string_equal(s, "8M");
	free(s);
	s = cfg_size_text(640L * 1024);
	assert_string_equal(s, "640K");
	free(s);
	s = cfg_size_text(3000000);
	assert_string_equal(s, "3000000");
	free(s);
}

/* Write text to a new file in dir; its path (new string). */
static char *test_cfg_file(const char *dir, const char *name,
    const char *text)
{
	char *path;
	FILE *f;

	assert_int_not_equal(asprintf(&path, "%s/%s", dir, name), -1);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	return path;
}

/* Files: a missing one is fine, a later one wins, lists add up, and
 * $SITREP_CONFIG is read instead of both. */
static void test_cfg_files(void **state)
{
	char dir[] = "/tmp/sitrep-config-XXXXXX", *a, *b, *cause = NULL;
	struct cfg cf;

	assert_non_null(mkdtemp(dir));
	a = test_cfg_file(dir, "a", "name = one\nallow = alice\n");
	b = test_cfg_file(dir, "b", "name = two\nallow = bob\nbell = no\n");
	cfg_init(&cf);
	assert_int_equal(cfg_read(&cf, "/nonexistent/sitrep.conf", &cause),
	    0);
	assert_int_equal(cfg_read(&cf, a, &cause), 0);
	assert_int_equal(cfg_read(&cf, b, &cause), 0);
	assert_string_equal(cf.name, "two");
	assert_int_equal(cf.nallow, 2);
	assert_int_equal(cf.bell, 0);
	cfg_free(&cf);
	setenv("SITREP_CONFIG", a, 1);
	assert_int_equal(cfg_load(&cf, &cause), 0);
	assert_string_equal(cf.name, "one");
	cfg_free(&cf);
	assert_int_equal(cfg_read(&cf, dir, &cause), -1);
	assert_non_null(strstr(cause, "not a regular file"));
	free(cause);
	unsetenv("SITREP_CONFIG");
	unlink(a);
	unlink(b);
	rmdir(dir);
	free(a);
	free(b);
}

/* The shared server's paths, and what may name one. */
static void test_cfg_shared(void **state)
{
	char *s;

	unsetenv("SITREP_RUNDIR");
	unsetenv("SITREP_STATEDIR");
	s = cfg_shared_socket("ops");
	assert_string_equal(s, "/run/sitrep/ops/socket");
	free(s);
	s = cfg_shared_db("ops");
	assert_string_equal(s, "/var/lib/sitrep/ops.db");
	free(s);
	assert_true(cfg_name_ok("sec-ops_2.x"));
	assert_false(cfg_name_ok(""));
	assert_false(cfg_name_ok(".hidden"));
	assert_false(cfg_name_ok("a/b"));
	assert_false(cfg_name_ok("0123456789012345678901234567890123"));
}

/* Run the configuration tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cfg_keys),
		cmocka_unit_test(test_cfg_empty),
		cmocka_unit_test(test_cfg_malformed),
		cmocka_unit_test(test_cfg_limits),
		cmocka_unit_test(test_cfg_limits_file),
		cmocka_unit_test(test_cfg_files),
		cmocka_unit_test(test_cfg_shared),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
