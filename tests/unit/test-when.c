/* test-when.c: reading and writing instants and durations. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "when.h"

#define TEST_MIN ((int64_t)60 * 1000)
#define TEST_HOUR (60 * TEST_MIN)
#define TEST_DAY (24 * TEST_HOUR)

/* Europe/Berlin as a POSIX rule, for machines without tzdata. */
#define TEST_BERLIN_RULE "CET-1CEST,M3.5.0,M10.5.0/3"

/* Switch the local zone ("UTC" or "Europe/Berlin"). */
static void test_when_tz(const char *tz)
{
	if (strcmp(tz, "Europe/Berlin") == 0 &&
	    access("/usr/share/zoneinfo/Europe/Berlin", R_OK) != 0)
		tz = TEST_BERLIN_RULE;
	setenv("TZ", tz, 1);
	tzset();
}

/* The instant of a UTC date and time, in ms (computed by libc). */
static int64_t test_when_utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return (int64_t)timegm(&tm) * 1000;
}

/* Assert that s parses (now, dir) to want. */
static void test_when_ok(const char *s, int64_t now, int dir, int64_t want)
{
	int64_t out = 0;
	char *cause = NULL;

	if (when_parse(s, now, dir, &out, &cause) != 0)
		fail_msg("\"%s\" refused: %s", s, cause);
	if (out != want)
		fail_msg("\"%s\" (dir %d): got %lld, want %lld (off by %lld s)",
		    s, dir, (long long)out, (long long)want,
		    (long long)(out - want) / 1000);
}

/* Assert that s is refused with exactly the message want (or, when want
 * is NULL, with the generic list of accepted forms). */
static void test_when_bad(const char *s, const char *want)
{
	int64_t out = 0;
	char *cause = NULL, generic[256];

	snprintf(generic, sizeof generic, "cannot read \"%s\" as a time; use "
	    "now, -5m, -1h30m, 14:07, 14:07:30 or 2026-11-22T14:07:00Z", s);
	if (when_parse(s, 0, WHEN_PAST, &out, &cause) == 0)
		fail_msg("\"%s\" accepted as %lld", s, (long long)out);
	assert_string_equal(cause, want != NULL ? want : generic);
	free(cause);
}

/* "now" and relative forms; a bare duration follows the direction. */
static void test_when_relative(void **state)
{
	int64_t now = test_when_utc(2026, 11, 22, 13, 0, 0) + 123;

	test_when_tz("Europe/Berlin");
	test_when_ok("now", now, WHEN_PAST, now);
	test_when_ok("NOW", now, WHEN_FUTURE, now);
	test_when_ok("-5m", now, WHEN_PAST, now - 5 * TEST_MIN);
	test_when_ok("-5m", now, WHEN_FUTURE, now - 5 * TEST_MIN);
	test_when_ok("-1h30m", now, WHEN_PAST, now - 90 * TEST_MIN);
	test_when_ok("-90s", now, WHEN_PAST, now - 90000);
	test_when_ok("+15m", now, WHEN_PAST, now + 15 * TEST_MIN);
	test_when_ok("15m", now, WHEN_FUTURE, now + 15 * TEST_MIN);
	test_when_ok("15m", now, WHEN_PAST, now - 15 * TEST_MIN);
	test_when_ok("1h 30m", now, WHEN_FUTURE, now + 90 * TEST_MIN);
	test_when_ok("-2d", now, WHEN_PAST, now - 2 * TEST_DAY);
	test_when_ok("-0m", now, WHEN_PAST, now);
}

/* Clock times in UTC and in Berlin: latest not after / first after now. */
static void test_when_clock(void **state)
{
	int64_t now = test_when_utc(2026, 11, 22, 13, 0, 0);

	test_when_tz("UTC");
	test_when_ok("14:07", now, WHEN_PAST, test_when_utc(2026, 11, 21, 14,
	    7, 0));
	test_when_ok("14:07", now, WHEN_FUTURE, test_when_utc(2026, 11, 22,
	    14, 7, 0));
	test_when_ok("12:30:15", now, WHEN_PAST, test_when_utc(2026, 11, 22,
	    12, 30, 15));
	test_when_ok("12:30:15", now, WHEN_FUTURE, test_when_utc(2026, 11, 23,
	    12, 30, 15));
	test_when_ok("12:30:15.5", now, WHEN_PAST, test_when_utc(2026, 11, 22,
	    12, 30, 15) + 500);
	test_when_ok("13:00", now, WHEN_PAST, now);
	test_when_ok("13:00", now, WHEN_FUTURE, now + TEST_DAY);
	test_when_ok("9:05", now, WHEN_PAST, test_when_utc(2026, 11, 22, 9,
	    5, 0));

	test_when_tz("Europe/Berlin"); /* now is 14:00 CET */
	test_when_ok("14:07", now, WHEN_PAST, test_when_utc(2026, 11, 21, 13,
	    7, 0));
	test_when_ok("14:07", now, WHEN_FUTURE, test_when_utc(2026, 11, 22,
	    13, 7, 0));
	test_when_ok("14:07:30", now, WHEN_FUTURE, test_when_utc(2026, 11, 22,
	    13, 7, 30));
	test_when_ok("09:05", now, WHEN_PAST, test_when_utc(2026, 11, 22, 8,
	    5, 0));
}

/* ISO 8601 with and without a zone, in both local zones. */
static void test_when_iso(void **state)
{
	int64_t t = test_when_utc(2026, 11, 22, 14, 7, 30);
	const char *zones[] = { "UTC", "Europe/Berlin" };
	int i, berlin;

	for (i = 0; i < 2; i++) {
		test_when_tz(zones[i]);
		berlin = i == 1;
		test_when_ok("2026-11-22T14:07:30Z", 0, WHEN_PAST, t);
		test_when_ok("2026-11-22t14:07:30z", 0, WHEN_PAST, t);
		test_when_ok("2026-11-22T14:07:30.250+01:00", 0, WHEN_PAST,
		    t - TEST_HOUR + 250);
		test_when_ok("2026-11-22T14:07:30,5-05:30", 0, WHEN_PAST,
		    t + 330 * TEST_MIN + 500);
		test_when_ok("2026-11-22T14:07:30+0100", 0, WHEN_PAST,
		    t - TEST_HOUR);
		test_when_ok("2026-11-22T14:07:30+01", 0, WHEN_PAST,
		    t - TEST_HOUR);
		test_when_ok("2026-11-22T14:07:30.123456Z", 0, WHEN_PAST,
		    t + 123);
		test_when_ok("2026-11-22 14:07", 0, WHEN_PAST,
		    t - 30000 - berlin * TEST_HOUR);
		test_when_ok("2026-11-22T14:07", 0, WHEN_FUTURE,
		    t - 30000 - berlin * TEST_HOUR);
		test_when_ok("2026-11-22T14:07:30", 0, WHEN_PAST,
		    t - berlin * TEST_HOUR);
		test_when_ok("2026-11-22", 0, WHEN_PAST, test_when_utc(2026,
		    11, 22, 0, 0, 0) - berlin * TEST_HOUR);
		test_when_ok("2026-07-01 12:00", 0, WHEN_PAST, test_when_utc(
		    2026, 7, 1, 12, 0, 0) - berlin * 2 * TEST_HOUR);
		test_when_ok("2024-02-29T00:00Z", 0, WHEN_PAST, test_when_utc(
		    2024, 2, 29, 0, 0, 0));
	}
}

/* Clock times around midnight and the turn of a month and a year. */
static void test_when_midnight(void **state)
{
	int64_t now;

	test_when_tz("Europe/Berlin");
	now = test_when_utc(2026, 11, 21, 23, 5, 0); /* 00:05 CET on the 22nd */
	test_when_ok("23:55", now, WHEN_PAST, test_when_utc(2026, 11, 21, 22,
	    55, 0));
	test_when_ok("23:55", now, WHEN_FUTURE, test_when_utc(2026, 11, 22,
	    22, 55, 0));
	test_when_ok("00:01", now, WHEN_PAST, test_when_utc(2026, 11, 21, 23,
	    1, 0));
	test_when_ok("00:01", now, WHEN_FUTURE, test_when_utc(2026, 11, 22,
	    23, 1, 0));
	now = test_when_utc(2026, 11, 22, 22, 55, 0); /* 23:55 CET */
	test_when_ok("00:05", now, WHEN_FUTURE, test_when_utc(2026, 11, 22,
	    23, 5, 0));
	test_when_ok("00:05", now, WHEN_PAST, test_when_utc(2026, 11, 21, 23,
	    5, 0));
	now = test_when_utc(2026, 2, 28, 23, 10, 0); /* 00:10 on 1 March */
	test_when_ok("23:50", now, WHEN_PAST, test_when_utc(2026, 2, 28, 22,
	    50, 0));

	test_when_tz("UTC");
	now = test_when_utc(2026, 12, 31, 23, 59, 0);
	test_when_ok("00:00", now, WHEN_FUTURE, test_when_utc(2027, 1, 1, 0,
	    0, 0));
	now = test_when_utc(2027, 1, 1, 0, 1, 0);
	test_when_ok("23:59", now, WHEN_PAST, test_when_utc(2026, 12, 31, 23,
	    59, 0));
}

/* Spring forward in Berlin: 02:00–03:00 on 2026-03-29 does not exist. */
static void test_when_dst_gap(void **state)
{
	int64_t now = test_when_utc(2026, 3, 29, 1, 10, 0); /* 03:10 CEST */

	test_when_tz("Europe/Berlin");
	test_when_ok("02:30", now, WHEN_PAST, test_when_utc(2026, 3, 28, 1,
	    30, 0));
	test_when_ok("02:30", now, WHEN_FUTURE, test_when_utc(2026, 3, 30, 0,
	    30, 0));
	test_when_ok("01:30", now, WHEN_PAST, test_when_utc(2026, 3, 29, 0,
	    30, 0));
	test_when_ok("03:05", now, WHEN_PAST, test_when_utc(2026, 3, 29, 1,
	    5, 0));
	test_when_ok("2026-03-29T02:30+01:00", 0, WHEN_PAST, test_when_utc(
	    2026, 3, 29, 1, 30, 0));
	test_when_bad("2026-03-29T02:30", "\"2026-03-29T02:30\" is not a "
	    "valid time: the local clock skips that time (a daylight-saving "
	    "change); add a zone such as +01:00");
}

/* Fall back in Berlin: 02:00–03:00 on 2026-10-25 happens twice. */
static void test_when_dst_overlap(void **state)
{
	int64_t first = test_when_utc(2026, 10, 25, 0, 45, 0); /* 02:45 CEST */
	int64_t second = test_when_utc(2026, 10, 25, 1, 45, 0); /* 02:45 CET */

	test_when_tz("Europe/Berlin");
	test_when_ok("02:30", first, WHEN_PAST, test_when_utc(2026, 10, 25, 0,
	    30, 0));
	test_when_ok("02:30", first, WHEN_FUTURE, test_when_utc(2026, 10, 25,
	    1, 30, 0));
	test_when_ok("02:30", second, WHEN_PAST, test_when_utc(2026, 10, 25, 1,
	    30, 0));
	test_when_ok("02:30", second, WHEN_FUTURE, test_when_utc(2026, 10, 26,
	    1, 30, 0));
	test_when_ok("2026-10-25T02:30", 0, WHEN_PAST, test_when_utc(2026, 10,
	    25, 0, 30, 0));
}

/* Every minute of the day, seen from moments around both changes: each
 * resolves on the right side of now, within a day, showing that clock. */
static void test_when_dst_sweep(void **state)
{
	const int64_t nows[] = {
		test_when_utc(2026, 3, 28, 23, 30, 0),
		test_when_utc(2026, 3, 29, 0, 59, 59),
		test_when_utc(2026, 3, 29, 1, 0, 0),
		test_when_utc(2026, 3, 29, 1, 30, 0),
		test_when_utc(2026, 10, 25, 0, 30, 0),
		test_when_utc(2026, 10, 25, 1, 0, 0),
		test_when_utc(2026, 10, 25, 1, 59, 0),
		test_when_utc(2026, 10, 25, 22, 0, 0),
	};
	char hm[8], *shown, *cause = NULL;
	int64_t out, now;
	size_t i;
	int m, dir;

	test_when_tz("Europe/Berlin");
	for (i = 0; i < sizeof nows / sizeof nows[0]; i++) {
		now = nows[i];
		for (m = 0; m < 24 * 60; m++) {
			snprintf(hm, sizeof hm, "%02d:%02d", m / 60, m % 60);
			for (dir = WHEN_PAST; dir <= WHEN_FUTURE; dir++) {
				assert_int_equal(when_parse(hm, now, dir, &out,
				    &cause), 0);
				if (dir == WHEN_PAST)
					assert_true(out <= now &&
					    now - out < 26 * TEST_HOUR);
				else
					assert_true(out > now &&
					    out - now < 26 * TEST_HOUR);
				shown = when_format_hm(out);
				assert_string_equal(shown, hm);
				free(shown);
			}
		}
	}
}

/* Refused forms, each with its message. */
static void test_when_rejected(void **state)
{
	const char *generic[] = {
		"14:7x", "14:7", "", "yesterday", "-5x", "+", "-", "5", "1h1h",
		"14:07:30:00", "2026-11-22T", "2026-11-22X14:07", "2026-1-22",
		"2026-11-22T14:07Z+", "14:07Z", "2026-11-22T14:07:30.", "now!",
		"-5m ago", "2026-11-22T14:07+25:00", "14h07", "1.5h", "-",
		"2026-11-22T14:07+01:", "::", "12345-01-01",
	};
	size_t i;

	test_when_tz("UTC");
	for (i = 0; i < sizeof generic / sizeof generic[0]; i++)
		test_when_bad(generic[i], NULL);
	test_when_bad("\x1b[2J", "cannot read \"^[[2J\" as a time; use now, "
	    "-5m, -1h30m, 14:07, 14:07:30 or 2026-11-22T14:07:00Z");
	test_when_bad("25:00", "\"25:00\" is not a valid time: hour 25 does "
	    "not exist (00 to 23)");
	test_when_bad("2026-11-22T24:00", "\"2026-11-22T24:00\" is not a "
	    "valid time: hour 24 does not exist (00 to 23)");
	test_when_bad("14:60", "\"14:60\" is not a valid time: minute 60 does "
	    "not exist (00 to 59)");
	test_when_bad("14:07:61", "\"14:07:61\" is not a valid time: second "
	    "61 does not exist (00 to 59)");
	test_when_bad("2026-13-01", "\"2026-13-01\" is not a valid time: "
	    "month 13 does not exist (01 to 12)");
	test_when_bad("2026-00-10", "\"2026-00-10\" is not a valid time: "
	    "month 0 does not exist (01 to 12)");
	test_when_bad("2026-02-29", "\"2026-02-29\" is not a valid time: day "
	    "29 does not exist in 2026-02");
	test_when_bad("2026-04-31T10:00Z", "\"2026-04-31T10:00Z\" is not a "
	    "valid time: day 31 does not exist in 2026-04");
	test_when_bad("-36501d", "\"-36501d\" is not a valid time: the offset "
	    "is longer than 36500d");
}

/* Assert that duration s parses to want ms. */
static void test_when_dur_ok(const char *s, int64_t want)
{
	int64_t ms = 0;
	char *cause = NULL;

	if (when_parse_duration(s, &ms, &cause) != 0)
		fail_msg("\"%s\" refused: %s", s, cause);
	assert_int_equal(ms, want);
}

/* Assert that duration s is refused with the message want. */
static void test_when_dur_bad(const char *s, const char *want)
{
	int64_t ms = 0;
	char *cause = NULL, generic[160];

	snprintf(generic, sizeof generic, "cannot read \"%s\" as a duration; "
	    "use 15m, 1h30m, 90s or 2d", s);
	if (when_parse_duration(s, &ms, &cause) == 0)
		fail_msg("\"%s\" accepted as %lld ms", s, (long long)ms);
	assert_string_equal(cause, want != NULL ? want : generic);
	free(cause);
}

/* Durations: accepted forms, refusals, overflow. */
static void test_when_duration(void **state)
{
	const char *bad[] = {
		"", "m", "15", "1.5h", "30m1h", "1h1h", "-5m", "5m ", " 5m",
		"5m  ", "5M", "5x", "1hh", "h1", "1w",
	};
	size_t i;

	test_when_dur_ok("15m", 15 * TEST_MIN);
	test_when_dur_ok("1h30m", 90 * TEST_MIN);
	test_when_dur_ok("90s", 90000);
	test_when_dur_ok("2d", 2 * TEST_DAY);
	test_when_dur_ok("1h 30m", 90 * TEST_MIN);
	test_when_dur_ok("1h  30m", 90 * TEST_MIN);
	test_when_dur_ok("1h 05m", 65 * TEST_MIN);
	test_when_dur_ok("2d4h30m15s", 2 * TEST_DAY + 4 * TEST_HOUR +
	    30 * TEST_MIN + 15000);
	test_when_dur_ok("0h5m", 5 * TEST_MIN);
	test_when_dur_ok("36500d", 36500 * TEST_DAY);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		test_when_dur_bad(bad[i], NULL);
	test_when_dur_bad("0m", "a duration must be more than zero");
	test_when_dur_bad("0h0m0s", "a duration must be more than zero");
	test_when_dur_bad("36501d", "\"36501d\" is too long; a duration is at "
	    "most 36500d");
	test_when_dur_bad("99999999999999999999999d", "\"99999999999999999999"
	    "999d\" is too long; a duration is at most 36500d");
	test_when_dur_bad("9223372036854775807s", "\"9223372036854775807s\" "
	    "is too long; a duration is at most 36500d");
	test_when_dur_bad("36499d24h1s", "\"36499d24h1s\" is too long; a "
	    "duration is at most 36500d");
}

/* Assert that a newly formatted string equals want. */
static void test_when_str(char *got, const char *want)
{
	assert_string_equal(got, want);
	free(got);
}

/* Instants shown in the local zone with its abbreviation. */
static void test_when_format(void **state)
{
	int64_t t = test_when_utc(2026, 11, 22, 14, 7, 30) + 250;
	int64_t summer = test_when_utc(2026, 7, 1, 10, 0, 0);

	test_when_tz("UTC");
	test_when_str(when_format(t), "2026-11-22 14:07:30 UTC");
	test_when_str(when_format_hm(t), "14:07");
	test_when_str(when_format(-1), "1969-12-31 23:59:59 UTC");
	test_when_str(when_format(0), "1970-01-01 00:00:00 UTC");
	test_when_tz("Europe/Berlin");
	test_when_str(when_format(t), "2026-11-22 15:07:30 CET");
	test_when_str(when_format_hm(t), "15:07");
	test_when_str(when_format(summer), "2026-07-01 12:00:00 CEST");
	free(when_format(INT64_MAX)); /* must not crash */
	free(when_format(INT64_MIN));
}

/* Durations shown with their two largest units, to the minute from a day. */
static void test_when_format_duration(void **state)
{
	test_when_str(when_format_duration(65 * TEST_MIN), "1h 05m");
	test_when_str(when_format_duration(200000), "3m 20s");
	test_when_str(when_format_duration(45000), "45s");
	test_when_str(when_format_duration(2 * TEST_DAY + 4 * TEST_HOUR +
	    59 * TEST_MIN), "2d 4h 59m");
	test_when_str(when_format_duration(-200000), "-3m 20s");
	test_when_str(when_format_duration(-65 * TEST_MIN), "-1h 05m");
	test_when_str(when_format_duration(0), "0s");
	test_when_str(when_format_duration(999), "0s");
	test_when_str(when_format_duration(-999), "0s");
	test_when_str(when_format_duration(TEST_HOUR), "1h 00m");
	test_when_str(when_format_duration(61000), "1m 01s");
	free(when_format_duration(INT64_MIN)); /* must not crash */
}

/* The clock agrees with time(2), within its coarser tick. */
static void test_when_now(void **state)
{
	int64_t before = ((int64_t)time(NULL) - 2) * 1000, now = when_now();
	int64_t after = ((int64_t)time(NULL) + 2) * 1000;

	assert_true(now >= before && now <= after);
}

/* Run every time test. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_when_relative),
		cmocka_unit_test(test_when_clock),
		cmocka_unit_test(test_when_iso),
		cmocka_unit_test(test_when_midnight),
		cmocka_unit_test(test_when_dst_gap),
		cmocka_unit_test(test_when_dst_overlap),
		cmocka_unit_test(test_when_dst_sweep),
		cmocka_unit_test(test_when_rejected),
		cmocka_unit_test(test_when_duration),
		cmocka_unit_test(test_when_format),
		cmocka_unit_test(test_when_format_duration),
		cmocka_unit_test(test_when_now),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
