#!/bin/sh
# order.sh: the terminal's timeline in recording order or in the order
# things happened (T switches), dates when an incident spans days, and a
# back-dated entry arriving live announced and shown at its place; headless.
. "$TEST_SRCDIR/lib.sh"

# An ISO 8601 instant, UTC, for a date(1) expression such as "-2 days".
at() {
	date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ
}

sitrep new "Two-day storage outage" >/dev/null
sitrep log INC-1 --at "$(at "-1 days")" "day two: replicas caught up" >/dev/null
sitrep log INC-1 --at "$(at "-2 days")" "day one: latency alarms" >/dev/null

# The line number of the first line of $1 that holds $2.
line_of() {
	grep -n -e "$2" "$1" | head -1 | cut -d: -f1
}

# Run the terminal headless on INC-1 with the keys $1; the screen in $T/screen.
order_run() {
	SITREP_UI_KEYS="$1" SITREP_UI_DUMP="$T/screen" SITREP_UI_SIZE=100x30 \
	    "$SITREP_BIN" attach INC-1 </dev/null >/dev/null ||
	    fail "the keys $1 did not run to their end: $(cat "$T/screen")"
}

step "recording order, with dates"
order_run "<Wait:day one: latency>"
one=$(line_of "$T/screen" "day one: latency")
two=$(line_of "$T/screen" "day two: replicas")
[ "$two" -lt "$one" ] || fail "not in recording order: day two $two, day one $one"
expect_grep "rows carry their date" "$(date -u -d "-2 days" +'%b %d') " "$T/screen"

step "T: the order things happened"
order_run "<Wait:day one: latency>T<Wait:by time (T)>"
one=$(line_of "$T/screen" "day one: latency")
two=$(line_of "$T/screen" "day two: replicas")
[ "$one" -lt "$two" ] || fail "not in time order: day one $one, day two $two"
expect_grep "the switch is said" "in the order things happened" "$T/screen"

step "a back-dated entry arriving live is announced and put at its place"
rm -f "$T/screen"
SITREP_UI_KEYS="<Wait:day one: latency>T<Wait:by time (T)><Dump><Wait:happened at>" \
    SITREP_UI_DUMP="$T/screen" SITREP_UI_SIZE=100x30 \
    "$SITREP_BIN" attach INC-1 </dev/null >/dev/null &
ui=$!
wait_for 10 "the terminal in time order" grep -q "by time (T)" "$T/screen"
sitrep log INC-1 --at "$(at "-36 hours")" "between the days: a retry storm" \
    >/dev/null
wait "$ui" || fail "the terminal did not announce the back-dated entry"
expect_grep "announced with its time" "happened at .*shown at its place above" \
    "$T/screen"
one=$(line_of "$T/screen" "day one: latency")
mid=$(line_of "$T/screen" "between the days")
two=$(line_of "$T/screen" "day two: replicas")
[ -n "$mid" ] && [ "$one" -lt "$mid" ] && [ "$mid" -lt "$two" ] ||
	fail "not at its place: $one $mid $two"

step "b opens the handoff briefs; the header's elapsed time stops at resolved"
sitrep mark INC-1 impact-start --at "$(at "-3 hours")" >/dev/null
sitrep status INC-1 resolved --at "$(at "-1 hours")" >/dev/null
order_run "<Wait:day one: latency>b<Wait:Command handoffs>"
expect_grep "resolved after the time it took" "resolved after 2h 00m" \
    "$T/screen"
finish
