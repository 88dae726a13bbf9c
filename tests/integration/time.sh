# time.sh: the record reads true in time: show in the order things
# happened with dates across days, tail in recording order or by time,
# durations with their definitions (n/a and why), warnings for marks out of
# order, names that must exist, and a closed incident back to the analysis.
. "$TEST_SRCDIR/lib.sh"

# An ISO 8601 instant, UTC, for a date(1) expression such as "-2 days".
at() {
	date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ
}

sitrep new "Storage outage over two days" --sev 2 >/dev/null
sitrep mark INC-1 impact-start --at "$(at "-2 days")" >/dev/null
sitrep log INC-1 --at "$(at "-1 days -2 hours")" "second day: replicas caught up" >/dev/null
sitrep log INC-1 --at "$(at "-2 days")" "first day: disk latency alarms" >/dev/null
sitrep log INC-1 "today: written down now" >/dev/null

step "show: the order things happened, with dates across days"
sitrep show INC-1 -n 0 >"$T/show"
first=$(grep -n "first day: disk latency" "$T/show" | cut -d: -f1)
second=$(grep -n "second day: replicas" "$T/show" | cut -d: -f1)
today=$(grep -n "today: written down now" "$T/show" | cut -d: -f1)
[ -n "$first" ] && [ -n "$second" ] && [ -n "$today" ] &&
    [ "$first" -lt "$second" ] && [ "$second" -lt "$today" ] ||
	fail "show is not in the order things happened: $first $second $today"
expect_grep "dated entries" "$(date -u -d '-1 days -2 hours' +%Y-%m-%d) " "$T/show"
expect_grep "the zone is named" "^zone: " "$T/show"

step "tail: recording order, or by time"
sitrep tail INC-1 --no-follow >"$T/tail"
a=$(grep -n "second day" "$T/tail" | cut -d: -f1)
b=$(grep -n "first day" "$T/tail" | cut -d: -f1)
[ "$a" -lt "$b" ] || fail "tail is not in recording order"
sitrep tail INC-1 --no-follow --by-time >"$T/tail2"
a=$(grep -n "second day" "$T/tail2" | cut -d: -f1)
b=$(grep -n "first day" "$T/tail2" | cut -d: -f1)
[ "$b" -lt "$a" ] || fail "tail --by-time is not in the order things happened"

step "durations: definitions, n/a with the reason, warnings on disorder"
expect_grep "detect undefined yet" \
    "time to detect   detected − impact start    = n/a (no detected mark yet)" \
    "$T/show"
sitrep mark INC-1 detected --at "$(at "-3 days")" >"$T/out" 2>"$T/err"
expect_grep "disorder warned" \
    "detected is before impact start: time to detect shows n/a" "$T/err"
sitrep show INC-1 >"$T/show"
expect_grep "n/a with the reason" \
    "= n/a (detected is before impact start)" "$T/show"
sitrep mark INC-1 detected --at "$(at "-2 days +1 hour")" >/dev/null 2>&1
sitrep show INC-1 >"$T/show"
expect_grep "time to detect" "time to detect   detected − impact start    = 1h 00m" \
    "$T/show"

step "names: a handoff or role names a real user"
expect_status "unknown person" 1 sitrep handoff INC-1 bbo-nosuchuser
expect_grep "the name is given back" "bbo-nosuchuser is not a user" "$T/err"
expect_status "unknown role holder" 1 sitrep role INC-1 sme nosuchuser-x
expect_grep "named" "nosuchuser-x" "$T/err"

step "closed, then back to the analysis with a reason"
sitrep status INC-1 resolved >/dev/null
sitrep status INC-1 analysis >/dev/null
sitrep factor INC-1 "the volume had no latency alarm" >/dev/null
sitrep summary INC-1 "Storage latency for two days" >/dev/null
sitrep status INC-1 closed >/dev/null
expect_status "closed refuses" 1 sitrep log INC-1 "late"
expect_grep "says how back" "back to the analysis" "$T/err"
expect_status "no reason" 1 sitrep status INC-1 analysis
expect_status "with reason" 0 sitrep status INC-1 analysis --reason "a late hindsight note"
expect_status "hindsight again" 0 sitrep factor INC-1 "the runbook skipped the replica check"
sitrep show INC-1 >"$T/show"
if grep -q "^missing roles" "$T/show"; then
	fail "missing roles are still asked for after resolved"
fi
finish
