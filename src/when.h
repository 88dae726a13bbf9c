/* when.h: instants (int64 ms since the epoch, UTC) read and written. */
#ifndef SITREP_WHEN_H
#define SITREP_WHEN_H

#include <stdint.h>

#define WHEN_PAST 0   /* "14:07" means the latest 14:07 not after now */
#define WHEN_FUTURE 1 /* "14:07" means the next 14:07 after now */

/* The current instant. */
int64_t when_now(void);
/* Parse "now", "-5m", "-1h30m", "+15m", "14:07", "14:07:30", ISO 8601
 * ("2026-11-22T14:07:30Z", "…+01:00", "2026-11-22 14:07"; no zone: local).
 * Clock times use the local zone (TZ). Returns 0, or -1 and *cause.
 * A signed duration is relative to now ("-5m" before, "+15m" after); a bare
 * one ("5m") means before now for WHEN_PAST and after now for WHEN_FUTURE.
 * A date alone ("2026-11-22") is its local midnight. A local time the clocks
 * skip (a daylight-saving gap) is refused; one they repeat means the first.
 * Clock times ("14:07") pick, among the days around now, the latest not
 * after now (WHEN_PAST) or the first after now (WHEN_FUTURE). */
int when_parse(const char *s, int64_t now, int dir, int64_t *out,
    char **cause);
/* Parse a duration "15m", "1h30m", "90s", "2d", "1h 05m" (units d h m s,
 * largest first, each once); > 0, at most 36500d. Returns 0, or -1 and
 * *cause. */
int when_parse_duration(const char *s, int64_t *ms, char **cause);
/* "2026-11-22 14:07:30 CET" in the local zone (TZ); new string. */
char *when_format(int64_t ms);
/* "14:07" local; new string. */
char *when_format_hm(int64_t ms);
/* 1 when zone names a time zone (Europe/Berlin, UTC, a POSIX rule). */
int when_zone_valid(const char *zone);
/* The local time zone's name ($TZ, /etc/localtime, else UTC); new. */
char *when_zone_local(void);
/* "14:07", or "2026-11-22 14:07" when with_date; local; new string. */
char *when_format_stamp(int64_t ms, int with_date);
/* "Oct 21", the local date (month and day); new string. */
char *when_format_day(int64_t ms);
/* 1 when a and b fall on the same local date. */
int when_same_day(int64_t a, int64_t b);
/* "1h 05m", "3m 20s", "2d 4h 59m"; negative as "-…"; new string. */
char *when_format_duration(int64_t ms);

#endif
