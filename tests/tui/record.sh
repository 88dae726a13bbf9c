#!/bin/sh
# record.sh: what the timeline shows of corrections and lateness, in the
# headless mode: an amended entry stays with its correction beside it, a
# struck one stays visible and marked, an entry recorded during the
# analysis but back-dated into the recovery is marked recorded late, and
# drills are marked in the incident list.
. "$TEST_SRCDIR/lib.sh"
lib_noon_tz

sitrep new --drill "Game day: cache loss" >/dev/null
sitrep new --sev 1 "Real outage" >/dev/null
sitrep log INC-1 "first note" >/dev/null
sitrep log INC-1 "second note" >/dev/null
sitrep amend INC-1 3 "first note, corrected" --reason "typo" >/dev/null
sitrep strike INC-1 4 --reason "wrong incident" >/dev/null
sitrep status INC-1 resolved >/dev/null
sitrep log INC-1 --at -30m "noticed afterwards" >/dev/null
sitrep log INC-1 "alert fired" >/dev/null

# Run the terminal headless on $1 (empty: the list) until $2 shows.
record_screen() {
	SITREP_UI_KEYS="<Wait:$2>" SITREP_UI_DUMP="$T/screen" \
	    SITREP_UI_SIZE=100x30 "$SITREP_BIN" attach $1 </dev/null >/dev/null
}

step "amended and struck entries stay visible, marked"
record_screen INC-1 "noticed afterwards"
expect_grep "original kept, marked amended" "first note \[amended\]" "$T/screen"
expect_grep "the correction with its reason" \
    "#3 corrected: first note, corrected (reason:" "$T/screen"
expect_grep "struck entry kept, marked" "\[struck\] second note" "$T/screen"
expect_grep "the strike with its reason" "#4 struck (reason: wrong incident)" "$T/screen"

step "recorded late"
expect_grep "late entry marked" "noticed afterwards \[recorded late\]" "$T/screen"

step ":strike and :annotate from the terminal"
SITREP_UI_KEYS=':strike 9 --reason "posted twice"<Enter><Wait:#9 struck (reason: posted twice)>:annotate 9 hindsight: alerts fired twice<Enter><Wait:on #9: hindsight>' \
    SITREP_UI_DUMP="$T/screen" SITREP_UI_SIZE=100x30 \
    "$SITREP_BIN" attach INC-1 </dev/null >/dev/null ||
    fail "the terminal did not strike and annotate: $(cat "$T/screen")"
sitrep tail INC-1 --json --no-follow >"$T/events.json"
expect_grep "strike stored" '"kind": *"entry.strike"' "$T/events.json"
expect_grep "annotation stored" "alerts fired twice" "$T/events.json"

step "the incident list marks the drill"
record_screen "" "INC-2"
expect_grep "drill marked" "INC-1 .*DRILL" "$T/screen"
if grep -q "INC-2 .*DRILL" "$T/screen"; then
	fail "a real incident is marked as a drill"
fi
finish
