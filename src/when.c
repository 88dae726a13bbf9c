/* when.c: instants and durations read from people and written for them. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "text.h"
#include "when.h"
#include "xmalloc.h"

#define WHEN_SECOND ((int64_t)1000)
#define WHEN_MINUTE (60 * WHEN_SECOND)
#define WHEN_HOUR (60 * WHEN_MINUTE)
#define WHEN_DAY (24 * WHEN_HOUR)
#define WHEN_MAX_DAYS 36500
#define WHEN_MAX_DURATION (WHEN_MAX_DAYS * WHEN_DAY)
/* Days on either side of today searched for a clock time ("14:07"). */
#define WHEN_CLOCK_DAYS 2

/* What an absolute time said, field by field. */
struct when_fields {
	int has_date;
	int year, month, day;
	int hour, min, sec, ms;
	int zoned;	/* an explicit zone was given: offset is valid */
	int offset;	/* minutes east of UTC */
};

/* How scanning a duration went. */
enum when_scan {
	WHEN_SCAN_OK,
	WHEN_SCAN_SYNTAX,
	WHEN_SCAN_TOO_LONG,
};

/* Units of a duration, largest first. */
static const struct {
	char unit;
	int64_t ms;
} when_units[] = {
	{ 'd', WHEN_DAY },
	{ 'h', WHEN_HOUR },
	{ 'm', WHEN_MINUTE },
	{ 's', WHEN_SECOND },
};
#define WHEN_NUNITS (sizeof when_units / sizeof when_units[0])

/* The current instant, in ms since the epoch. */
int64_t when_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return (int64_t)time(NULL) * WHEN_SECOND;
	return (int64_t)ts.tv_sec * WHEN_SECOND + ts.tv_nsec / 1000000;
}

/* Seconds since the epoch for ms, rounded down (also before 1970). */
static time_t when_seconds(int64_t ms)
{
	int64_t s = ms / WHEN_SECOND;

	if (ms % WHEN_SECOND < 0)
		s--;
	return (time_t)s;
}

/* Set *cause to "cannot read S as a time" with the accepted forms. */
static int when_syntax(const char *s, char **cause)
{
	char *clean = text_sanitize(s, 0);

	*cause = xasprintf("cannot read \"%s\" as a time; use now, -5m, "
	    "-1h30m, 14:07, 14:07:30 or 2026-11-22T14:07:00Z", clean);
	free(clean);
	return -1;
}

/* Set *cause to "S is not a valid time: WHY". */
static int when_invalid(const char *s, const char *why, char **cause)
{
	char *clean = text_sanitize(s, 0);

	*cause = xasprintf("\"%s\" is not a valid time: %s", clean, why);
	free(clean);
	return -1;
}

/* Read between min and max decimal digits at *p into *v. */
static int when_digits(const char **p, int min, int max, int *v)
{
	int n = 0;

	*v = 0;
	while (n < max && (*p)[n] >= '0' && (*p)[n] <= '9') {
		*v = *v * 10 + ((*p)[n] - '0');
		n++;
	}
	if (n < min)
		return -1;
	*p += n;
	return 0;
}

/* Scan a duration ("1h30m", "1h 30m") into *out, unchecked for zero. */
static enum when_scan when_duration_scan(const char *s, int64_t *out)
{
	const char *p = s;
	int64_t total = 0, v;
	size_t i, next = 0;

	if (*p < '0' || *p > '9')
		return WHEN_SCAN_SYNTAX;
	while (*p != '\0') {
		if (*p < '0' || *p > '9')
			return WHEN_SCAN_SYNTAX;
		for (v = 0; *p >= '0' && *p <= '9'; p++) {
			v = v * 10 + (*p - '0');
			if (v > WHEN_MAX_DURATION / WHEN_SECOND)
				return WHEN_SCAN_TOO_LONG;
		}
		for (i = next; i < WHEN_NUNITS; i++) {
			if (when_units[i].unit == *p)
				break;
		}
		if (i == WHEN_NUNITS)
			return WHEN_SCAN_SYNTAX;
		next = i + 1;
		total += v * when_units[i].ms;
		if (total > WHEN_MAX_DURATION)
			return WHEN_SCAN_TOO_LONG;
		for (p++; *p == ' ' && p[1] != '\0'; p++)
			/* nothing */;
	}
	*out = total;
	return WHEN_SCAN_OK;
}

/* Parse a duration of more than zero (see when.h). */
int when_parse_duration(const char *s, int64_t *ms, char **cause)
{
	char *clean;
	int64_t v = 0;

	switch (when_duration_scan(s, &v)) {
	case WHEN_SCAN_OK:
		if (v > 0) {
			*ms = v;
			return 0;
		}
		*cause = xstrdup("a duration must be more than zero");
		return -1;
	case WHEN_SCAN_TOO_LONG:
		clean = text_sanitize(s, 0);
		*cause = xasprintf("\"%s\" is too long; a duration is at most "
		    "%dd", clean, WHEN_MAX_DAYS);
		break;
	default:
		clean = text_sanitize(s, 0);
		*cause = xasprintf("cannot read \"%s\" as a duration; use 15m, "
		    "1h30m, 90s or 2d", clean);
		break;
	}
	free(clean);
	return -1;
}

/* "-5m", "+15m" or a bare "5m" (direction from dir), relative to now. */
static int when_relative(const char *s, int64_t now, int dir, int64_t *out,
    char **cause)
{
	int64_t v = 0;
	int sign = dir == WHEN_FUTURE ? 1 : -1;
	const char *p = s;

	if (*p == '+' || *p == '-')
		sign = *p++ == '+' ? 1 : -1;
	switch (when_duration_scan(p, &v)) {
	case WHEN_SCAN_OK:
		break;
	case WHEN_SCAN_TOO_LONG:
		return when_invalid(s, "the offset is longer than 36500d",
		    cause);
	default:
		return when_syntax(s, cause);
	}
	if (sign < 0)
		v = -v;
	if (__builtin_add_overflow(now, v, out))
		return when_invalid(s, "it is out of range", cause);
	return 0;
}

/* Scan "H:MM", "HH:MM:SS" with an optional ".fff" at *p into f. */
static int when_scan_clock(const char **p, struct when_fields *f)
{
	int frac, n;

	if (when_digits(p, 1, 2, &f->hour) != 0 || *(*p)++ != ':')
		return -1;
	if (when_digits(p, 2, 2, &f->min) != 0)
		return -1;
	if (**p != ':')
		return 0;
	(*p)++;
	if (when_digits(p, 2, 2, &f->sec) != 0)
		return -1;
	if (**p != '.' && **p != ',')
		return 0;
	(*p)++;
	for (n = 0; **p >= '0' && **p <= '9'; (*p)++, n++) {
		frac = **p - '0';
		if (n < 3)
			f->ms = f->ms * 10 + frac;
	}
	if (n == 0)
		return -1;
	for (; n < 3; n++)
		f->ms *= 10;
	return 0;
}

/* Scan an optional zone ("Z", "+01:00", "-0530", "+01") at *p into f. */
static int when_scan_zone(const char **p, struct when_fields *f)
{
	int sign, h, m = 0, colon;

	if (**p == '\0')
		return 0;
	f->zoned = 1;
	if (**p == 'Z' || **p == 'z') {
		(*p)++;
		return 0;
	}
	if (**p != '+' && **p != '-')
		return -1;
	sign = *(*p)++ == '+' ? 1 : -1;
	if (when_digits(p, 2, 2, &h) != 0)
		return -1;
	colon = **p == ':';
	if (colon)
		(*p)++;
	if ((colon || **p != '\0') && when_digits(p, 2, 2, &m) != 0)
		return -1;
	if (h > 23 || m > 59)
		return -1;
	f->offset = sign * (h * 60 + m);
	return 0;
}

/* Scan an absolute time: a clock time or an ISO 8601 date and time. */
static int when_scan(const char *s, struct when_fields *f)
{
	const char *p = s;

	memset(f, 0, sizeof *f);
	if (strlen(s) >= 5 && s[4] == '-') {
		f->has_date = 1;
		if (when_digits(&p, 4, 4, &f->year) != 0 || *p++ != '-' ||
		    when_digits(&p, 2, 2, &f->month) != 0 || *p++ != '-' ||
		    when_digits(&p, 2, 2, &f->day) != 0)
			return -1;
		if (*p == '\0')
			return 0;
		if (*p != 'T' && *p != 't' && *p != ' ')
			return -1;
		p++;
	}
	if (when_scan_clock(&p, f) != 0)
		return -1;
	if (f->has_date && when_scan_zone(&p, f) != 0)
		return -1;
	return *p == '\0' ? 0 : -1;
}

/* Days in a month of the proleptic Gregorian calendar. */
static int when_month_days(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

/* Check each field of f is in range; -1 and *cause naming the field. */
static int when_check(const char *s, const struct when_fields *f,
    char **cause)
{
	char why[96];

	why[0] = '\0';
	if (f->has_date && (f->month < 1 || f->month > 12))
		snprintf(why, sizeof why, "month %d does not exist (01 to 12)",
		    f->month);
	else if (f->has_date && (f->day < 1 ||
	    f->day > when_month_days(f->year, f->month)))
		snprintf(why, sizeof why, "day %d does not exist in "
		    "%04d-%02d", f->day, f->year, f->month);
	else if (f->hour > 23)
		snprintf(why, sizeof why, "hour %d does not exist (00 to 23)",
		    f->hour);
	else if (f->min > 59)
		snprintf(why, sizeof why, "minute %d does not exist (00 to "
		    "59)", f->min);
	else if (f->sec > 59)
		snprintf(why, sizeof why, "second %d does not exist (00 to "
		    "59)", f->sec);
	if (why[0] != '\0')
		return when_invalid(s, why, cause);
	return 0;
}

/* Instants (up to two, in a repeated hour) at which the local wall clock
 * shows want's date and time; 0 when the clocks skip it. */
static int when_local(const struct tm *want, int64_t cand[2])
{
	static const int isdst[] = { 1, 0, -1 };
	struct tm tm, back;
	time_t t;
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof isdst / sizeof isdst[0]; i++) {
		memset(&tm, 0, sizeof tm);
		tm.tm_year = want->tm_year;
		tm.tm_mon = want->tm_mon;
		tm.tm_mday = want->tm_mday;
		tm.tm_hour = want->tm_hour;
		tm.tm_min = want->tm_min;
		tm.tm_sec = want->tm_sec;
		tm.tm_isdst = isdst[i];
		t = mktime(&tm);
		if (localtime_r(&t, &back) == NULL ||
		    back.tm_year != want->tm_year ||
		    back.tm_mon != want->tm_mon ||
		    back.tm_mday != want->tm_mday ||
		    back.tm_hour != want->tm_hour ||
		    back.tm_min != want->tm_min || back.tm_sec != want->tm_sec)
			continue;
		if (n == 0 || (n == 1 && cand[0] != (int64_t)t * WHEN_SECOND))
			cand[n++] = (int64_t)t * WHEN_SECOND;
	}
	return n;
}

/* The local date off days after today's, into *day (normalized). */
static int when_day(const struct tm *today, int off, struct tm *day)
{
	memset(day, 0, sizeof *day);
	day->tm_year = today->tm_year;
	day->tm_mon = today->tm_mon;
	day->tm_mday = today->tm_mday + off;
	day->tm_hour = 12;
	day->tm_isdst = -1;
	return mktime(day) == (time_t)-1 ? -1 : 0; /* normalizes the date */
}

/* A clock time: the latest not after now (WHEN_PAST) or the first after
 * now (WHEN_FUTURE), over the days around now. */
static int when_clock(const char *s, const struct when_fields *f,
    int64_t now, int dir, int64_t *out, char **cause)
{
	struct tm today, want;
	time_t t = when_seconds(now);
	int64_t cand[2], best = 0;
	int off, i, n, found = 0;

	if (localtime_r(&t, &today) == NULL)
		return when_invalid(s, "now is out of range", cause);
	for (off = -WHEN_CLOCK_DAYS; off <= WHEN_CLOCK_DAYS; off++) {
		if (when_day(&today, off, &want) != 0)
			continue;
		want.tm_hour = f->hour;
		want.tm_min = f->min;
		want.tm_sec = f->sec;
		n = when_local(&want, cand);
		for (i = 0; i < n; i++) {
			cand[i] += f->ms;
			if (dir == WHEN_FUTURE ? cand[i] <= now : cand[i] > now)
				continue;
			if (!found || (dir == WHEN_FUTURE ? cand[i] < best :
			    cand[i] > best))
				best = cand[i];
			found = 1;
		}
	}
	if (!found)
		return when_invalid(s, "the local clock does not show it on "
		    "the days around now", cause);
	*out = best;
	return 0;
}

/* An ISO 8601 date and time, in its zone or else the local one. */
static int when_date(const char *s, const struct when_fields *f,
    int64_t *out, char **cause)
{
	struct tm tm;
	int64_t cand[2];
	time_t t;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = f->year - 1900;
	tm.tm_mon = f->month - 1;
	tm.tm_mday = f->day;
	tm.tm_hour = f->hour;
	tm.tm_min = f->min;
	tm.tm_sec = f->sec;
	if (f->zoned) {
		t = timegm(&tm);
		*out = (int64_t)t * WHEN_SECOND + f->ms -
		    (int64_t)f->offset * WHEN_MINUTE;
		return 0;
	}
	if (when_local(&tm, cand) == 0)
		return when_invalid(s, "the local clock skips that time "
		    "(a daylight-saving change); add a zone such as +01:00",
		    cause);
	*out = cand[0] + f->ms;
	return 0;
}

/* Parse a time (see when.h). */
int when_parse(const char *s, int64_t now, int dir, int64_t *out,
    char **cause)
{
	struct when_fields f;

	if (strcasecmp(s, "now") == 0) {
		*out = now;
		return 0;
	}
	if (*s == '+' || *s == '-' || (strchr(s, ':') == NULL &&
	    (strlen(s) < 5 || s[4] != '-')))
		return when_relative(s, now, dir, out, cause);
	if (when_scan(s, &f) != 0)
		return when_syntax(s, cause);
	if (when_check(s, &f, cause) != 0)
		return -1;
	if (f.has_date)
		return when_date(s, &f, out, cause);
	return when_clock(s, &f, now, dir, out, cause);
}

/* ms as a local broken-down time; -1 when out of range. */
static int when_tm(int64_t ms, struct tm *tm)
{
	time_t t = when_seconds(ms);

	return localtime_r(&t, tm) == NULL ? -1 : 0;
}

/* "2026-11-22 14:07:30 CET" in the local zone. */
char *when_format(int64_t ms)
{
	struct tm tm;
	char buf[128];

	if (when_tm(ms, &tm) != 0 ||
	    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %Z", &tm) == 0)
		return xasprintf("@%" PRId64, ms);
	return xstrdup(buf);
}

/* "14:07" in the local zone. */
char *when_format_hm(int64_t ms)
{
	struct tm tm;
	char buf[64];

	if (when_tm(ms, &tm) != 0 || strftime(buf, sizeof buf, "%H:%M",
	    &tm) == 0)
		return xasprintf("@%" PRId64, ms);
	return xstrdup(buf);
}

/* 1 when zone names a time zone: a name in the zone database
 * (Europe/Berlin), UTC, GMT, or a POSIX rule (CET-1). */
int when_zone_valid(const char *zone)
{
	char *path;
	int known;

	if (zone == NULL || *zone == '\0' || zone[strspn(zone,
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	    "_+-/:,.<>")] != '\0' || strstr(zone, "..") != NULL)
		return 0;
	if (strpbrk(zone, "0123456789,") != NULL || *zone == ':' ||
	    strcmp(zone, "UTC") == 0 || strcmp(zone, "GMT") == 0)
		return 1;
	path = xasprintf("/usr/share/zoneinfo/%s", zone);
	known = access(path, R_OK) == 0;
	free(path);
	return known;
}

/* The name of the local time zone: $TZ, else what /etc/localtime links
 * to, else "UTC". New string. */
char *when_zone_local(void)
{
	const char *tz = getenv("TZ");
	char buf[256], *p;
	ssize_t n;

	if (tz != NULL && *tz == ':')
		tz++;
	if (tz == NULL || !when_zone_valid(tz)) {
		tz = "UTC";
		n = readlink("/etc/localtime", buf, sizeof buf - 1);
		if (n > 0) {
			buf[n] = '\0';
			if ((p = strstr(buf, "zoneinfo/")) != NULL &&
			    when_zone_valid(p + 9))
				tz = p + 9;
		}
	}
	if (strcmp(tz, "Etc/UTC") == 0 || strcmp(tz, "Etc/Universal") == 0 ||
	    strcmp(tz, "Universal") == 0 || strcmp(tz, "Zulu") == 0)
		tz = "UTC";
	return xstrdup(tz);
}

/* "14:07", or "2026-11-22 14:07" with the date, in the local zone. */
char *when_format_stamp(int64_t ms, int with_date)
{
	struct tm tm;
	char buf[64];

	if (when_tm(ms, &tm) != 0 || strftime(buf, sizeof buf, with_date ?
	    "%Y-%m-%d %H:%M" : "%H:%M", &tm) == 0)
		return xasprintf("@%" PRId64, ms);
	return xstrdup(buf);
}

/* "Oct 21", the local date in a terminal's date column. */
char *when_format_day(int64_t ms)
{
	struct tm tm;
	char buf[32];

	if (when_tm(ms, &tm) != 0 || strftime(buf, sizeof buf, "%b %d",
	    &tm) == 0)
		return xstrdup("?");
	return xstrdup(buf);
}

/* 1 when a and b fall on the same local date. */
int when_same_day(int64_t a, int64_t b)
{
	struct tm x, y;

	if (when_tm(a, &x) != 0 || when_tm(b, &y) != 0)
		return 0;
	return x.tm_year == y.tm_year && x.tm_yday == y.tm_yday;
}

/* "1h 05m", "3m 20s", "45s": the two largest units; from a day on down to
 * the minute, "2d 4h 59m" (an outage's length read to the minute); "-"
 * first when negative. */
char *when_format_duration(int64_t ms)
{
	uint64_t a, s;
	const char *sign;

	a = ms < 0 ? (uint64_t)0 - (uint64_t)ms : (uint64_t)ms;
	s = a / 1000;
	sign = ms < 0 && s > 0 ? "-" : "";
	if (s >= 86400)
		return xasprintf("%s%" PRIu64 "d %" PRIu64 "h %02" PRIu64 "m",
		    sign, s / 86400, s / 3600 % 24, s / 60 % 60);
	if (s >= 3600)
		return xasprintf("%s%" PRIu64 "h %02" PRIu64 "m", sign,
		    s / 3600, s / 60 % 60);
	if (s >= 60)
		return xasprintf("%s%" PRIu64 "m %02" PRIu64 "s", sign,
		    s / 60, s % 60);
	return xasprintf("%s%" PRIu64 "s", sign, s);
}
