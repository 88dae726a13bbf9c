#!/bin/sh
# analysis.sh: the analysis view (5) driven end to end in headless mode:
# during recovery it says when the analysis opens and counts the parked
# thoughts; once resolved, a contributing factor with a category and a
# linked entry, a follow-up with owner and due date, an answer to a
# question, a parked thought turned into a follow-up (then given an owner
# through the change form) and another dismissed, a hindsight annotation
# shown under its entry in the timeline, a blameless warning shown in the
# summary form and the text kept; what closing needs shrinks to nothing and
# the incident closes. Each run is one headless terminal (the store keeps
# what it recorded); the screens are checked at 80x24 and 200x60, with and
# without NO_COLOR.
. "$TEST_SRCDIR/lib.sh"
lib_noon_tz

# run NAME SIZE KEYS [ENV…]: a headless terminal on $INC (INC-1) that
# types KEYS; its last screen in $T/NAME.
INC=INC-1
run() {
	name=$1 size=$2 keys=$3
	shift 3
	if ! env "$@" SITREP_UI_KEYS="$keys" SITREP_UI_DUMP="$T/$name" \
	    SITREP_UI_SIZE="$size" "$SITREP_BIN" attach "$INC" </dev/null \
	    >/dev/null 2>"$T/$name.err"; then
		fail "run $name: the terminal failed: $(cat "$T/$name.err")"
		cat "$T/$name"
	fi
}
# screen_has NAME TEXT: TEXT (fixed) is on screen NAME.
screen_has() {
	grep -F -q -e "$2" "$T/$1" || fail "$1: '$2' not on the screen:
$(cat "$T/$1")"
}
# screen_lacks NAME TEXT
screen_lacks() {
	! grep -F -q -e "$2" "$T/$1" || fail "$1: '$2' is on the screen"
}
# J N: the analysis view, its first item (g), then N times j: item N,
# counted from the top.
J() {
	printf '5g%*s' "$1" '' | tr ' ' j
}

sitrep new "Checkout errors after deploy" --sev 2 >/dev/null
sitrep log INC-1 --type observation "5xx at 12% on checkout" >/dev/null
sitrep log INC-1 --type change "deploy 4711 rolled out" >/dev/null
sitrep park INC-1 "canary stage skipped for this deploy" >/dev/null
sitrep park INC-1 "CDN was slow too" >/dev/null

step "during recovery: when the analysis opens, and the parked count"
run recovery 80x24 '5'
screen_has recovery "The analysis opens when INC-1 is resolved."
screen_has recovery "2 parked so far"
screen_lacks recovery "Closing needs"

sitrep status INC-1 resolved >/dev/null

step "resolved: closing lists exactly what is missing"
run open 80x24 '5<Wait:Closing needs:>'
screen_has open "  - a summary"
screen_has open "  - at least one contributing factor"
screen_has open "  - the analysis status first (:status analysis)"
screen_has open "> Summary: not written yet"

# Items from the top: the summary (0), the eight questions (1-8), then the
# factors, each followed by its entries, the follow-ups, the parked
# thoughts, the annotations, the key times.
step "a contributing factor with a category and a linked entry (form)"
run factor 80x24 '5c<Wait:Contributing factor>The deploy tool let a release skip the canary stage<Tab>deployment<Tab>3<C-s><Wait:recorded>'
screen_lacks factor "  - at least one contributing factor"
screen_has factor "  - a summary"
sitrep show INC-1 >"$T/show"
expect_grep "factor stored" "C1   deployment     The deploy tool let a release skip the canary stage (shown by #3)" "$T/show"

step "a follow-up with owner and due date, addressing C1 (form)"
run followup 80x24 "5a<Wait:Follow-up>Gate every release on the canary<Tab>release team<Tab>2030-01-15<Tab>C1<C-s><Wait:recorded>$(J 11)"
screen_has followup "> F1 open: Gate every release on the canary"
screen_has followup "owner: release team · due: 2030-01-15 · addresses C1"

step "an answer to a question (e on the question)"
run answer 80x24 "$(J 1)e<Wait:Section>Rollback took four minutes<C-s><Wait:recorded>"
screen_has answer "What went well? Rollback took four minutes"
screen_has answer "What went wrong? not answered yet"

step "a parked thought into a follow-up (pre-filled, --from-park), no owner yet"
run triage 80x24 "$(J 12)a<Wait:Follow-up, from a parked thought>"
screen_has triage "Follow-up    canary stage skipped for this deploy"
screen_has triage "From parked  #4"
run triage2 80x24 "$(J 12)a<Wait:from a parked thought><C-u>Add a canary check to the deploy tool<C-s><Wait:recorded>"
screen_has triage2 "#4 became F2: canary stage skipped for this deploy"
run missing 80x24 '5'
screen_has missing "  - an owner (a team or role) on follow-up 2"

step "the follow-up given an owner with the change form (e)"
run owner 80x24 "$(J 12)e<Wait:Change a follow-up><Tab>deploy tooling team<C-s><Wait:recorded>"
screen_lacks owner "an owner (a team or role) on follow-up"
screen_has owner "owner: deploy tooling team"

step "another parked thought dismissed, saying why (x)"
run dismiss 80x24 "$(J 14)x<Wait:Dismiss a parked thought>CDN latency was normal all along<C-s><Wait:recorded>"
screen_has dismiss "#5 dismissed (CDN latency was normal all along): CDN was slow too"

step "a hindsight annotation on C1's entry, shown under it in the timeline"
run annotate 120x40 "$(J 10)A<Wait:Hindsight annotation>The deploy log showed the skip at the time<C-s><Wait:recorded>1<Wait:hindsight by>"
screen_has annotate "deploy 4711 rolled out [C1] (#3)"
screen_has annotate "↳ hindsight by $(id -un) (#"
screen_has annotate "ANNO on #3: The deploy log showed the skip at the time"

step "t: C1's entries in the timeline; 5 comes back to C1"
run show 80x24 "$(J 9)t<Wait:the entries of C1>5"
screen_has show ">   C1 The deploy tool let a release skip the canary stage"

step "a blameless warning in the summary form, before anything is recorded"
run blame 80x24 '5s<Wait:Section>The team forgot to gate the deploy<Tab>Checkout failed for 12% of customers for 40 minutes<C-s><Wait:Not recorded yet>'
screen_has blame "\"forgot\" points at a person"
screen_has blame "Ctrl-S again to record it as written"
screen_has blame "The team forgot to gate the deploy"
screen_has blame "Ctrl-S record as written"
sitrep tail INC-1 --json --no-follow >"$T/log"
if grep -q "forgot to gate" "$T/log"; then
	fail "the warned wording was recorded before the author chose"
fi

step "reworded after the warning: only the new wording is recorded"
run reword 80x24 '5s<Wait:Section>The team forgot to gate the deploy<Tab>Checkout failed for 12% of customers for 40 minutes<C-s><Wait:Not recorded yet><BTab><C-u>The deploy had no gate<C-s><Wait:recorded>'
screen_has reword "Summary: The deploy had no gate"
sitrep tail INC-1 --json --no-follow >"$T/log"
if grep -q "forgot to gate" "$T/log"; then
	fail "the first wording was recorded too"
fi

step "kept as written after the warning"
run keep 80x24 '5s<Wait:Section><C-u>The team forgot to gate the deploy<C-s><Wait:Not recorded yet><C-s><Wait:recorded as written>'
screen_lacks keep "Not recorded yet"
screen_has keep "Summary: The team forgot to gate the deploy"
screen_has keep "Nothing is missing to close: :status analysis, then :status closed."
sitrep show INC-1 >"$T/show"
expect_grep "summary stored as written" "summary: The team forgot to gate the deploy" "$T/show"

step "a past-due follow-up stands out"
sitrep followup INC-1 add "Rotate the deploy keys" --owner "security team" \
    --due 2020-01-01 >/dev/null
run pastdue 80x24 "$(J 13)"
screen_has pastdue "Follow-ups, 1 PAST DUE"
screen_has pastdue "owner: security team · due: 2020-01-01  PAST DUE"
screen_lacks pastdue "due: 2030-01-15 · addresses C1  PAST DUE"

step "a key time changed from the view: e puts :mark … --at on the input line"
run mark 80x24 '5Gkkkke<Wait::mark impact-start --at>-40m<Enter><Wait:impact-start  >'
screen_lacks mark "impact-start  not set"
screen_lacks mark "time to resolve  resolved − impact start  = n/a"
grep -E -q "time to resolve  resolved − impact start  = (39m|40m)" "$T/mark" ||
    fail "mark: time to resolve is not about 40m: $(cat "$T/mark")"

step "into the analysis, then closed"
run close 80x24 '5:status analysis<Enter><Wait:Nothing is missing to close: :status closed closes it.>:status closed<Enter><Wait:is closed: this is its record>'
sitrep show INC-1 >"$T/show"
expect_grep "closed" "status: closed" "$T/show"
expect_grep "F2 from the parked thought" "became F2" "$T/show"
expect_grep "#5 dismissed" "dismissed" "$T/show"

step "a drill says it is left out of metrics"
sitrep new --drill "Game day: the payments database fails over" >/dev/null
sitrep status INC-2 resolved >/dev/null
INC=INC-2 run drill 80x24 '5'
screen_has drill "DRILL: a rehearsal, marked everywhere and left out of metrics."

step "the whole view at 80x24 and 200x60, with and without NO_COLOR"
for size in 80x24 200x60; do
	for nc in 1 ""; do
		run "final-$size-$nc" "$size" '5G' NO_COLOR="$nc"
		expect_eq "$size lines" "${size#*x}" \
		    "$(wc -l <"$T/final-$size-$nc")"
		[ "$(wc -L <"$T/final-$size-$nc")" -le "${size%x*}" ] ||
		    fail "$size: a line is wider than the screen"
		screen_has "final-$size-$nc" "> resolved"
	done
done
screen_has final-200x60-1 "time to resolve  resolved − impact start"
screen_has final-200x60-1 "  C1 The deploy tool let a release skip the canary stage"
if grep -F -q -i -e "issue" -e "comes with" "$T/final-200x60-1"; then
	fail "the analysis view speaks of work to come"
fi
finish
