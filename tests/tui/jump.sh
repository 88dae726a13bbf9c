#!/bin/sh
# jump.sh: in the headless mode, on an incident longer than a page and the
# tail: g goes to its very first event (the first page replaces the rows
# loaded; new events are then counted as "N new"; G is live again), and a
# search match older than the rows loaded is loaded and shown (the first
# match and n/N).
. "$TEST_SRCDIR/lib.sh"

sitrep new "Long incident" --sev 2 >/dev/null
sitrep log INC-1 "needle alpha" >/dev/null
i=1
while [ "$i" -le 300 ]; do
	[ "$i" -eq 50 ] && sitrep log INC-1 "needle beta" >/dev/null
	[ "$i" -eq 290 ] && sitrep log INC-1 "needle gamma" >/dev/null
	sitrep log INC-1 "filler note $i" >/dev/null
	i=$((i + 1))
done

# Run the terminal headless on INC-1 with the key script $1.
jump_run() {
	SITREP_UI_KEYS="<Wait:filler note 300>$1" SITREP_UI_DUMP="$T/screen" \
	    SITREP_UI_SIZE=100x30 "$SITREP_BIN" attach INC-1 </dev/null \
	    >/dev/null || fail "the script \"$1\" did not run to its end"
}

step "g: the first event of the incident at the top of the pane"
jump_run "g<Wait:declares SEV2>"
expect_grep "the declaration on the pane's first line" \
    "^[0-9][0-9]:[0-9][0-9] .*declares SEV2: Long incident" "$T/screen"
if sed -n 3p "$T/screen" | grep -q "declares SEV2"; then :; else
	sed -n 1,5p "$T/screen"
	fail "the declaration is not on the first line of the pane"
fi
expect_grep "the second event below it" "needle alpha" "$T/screen"
if grep -q "filler note 300" "$T/screen"; then
	fail "the newest event is still shown after g"
fi

step "after g, new events are counted; G is live again"
jump_run "g<Wait:declares SEV2>ityped at the top<Enter><Esc><Wait:1 new>G<Wait:typed at the top>"
expect_grep "the new note at the live bottom" "typed at the top" "$T/screen"
expect_grep "the newest filler with it" "filler note 300" "$T/screen"
if grep -q "declares SEV2" "$T/screen"; then
	fail "G did not return to the live bottom"
fi

step "the first match of a search older than the rows loaded is loaded"
jump_run "/alpha<Enter><Wait:match 1 of 1>"
expect_grep "the old match shown" "needle alpha" "$T/screen"
expect_grep "the match message" "match 1 of 1 for \"alpha\"" "$T/screen"

step "n and N load matches older than the rows loaded"
jump_run "/needle<Enter><Wait:match 1 of 3>n<Wait:match 2 of 3><Wait:needle beta>n<Wait:match 3 of 3><Wait:needle alpha>NN<Wait:match 1 of 3><Wait:needle gamma>"
expect_grep "back to the newest match" "needle gamma" "$T/screen"
jump_run "/needle<Enter><Wait:match 1 of 3>n<Wait:match 2 of 3>"
expect_grep "the older match shown" "needle beta" "$T/screen"
if grep -q "older than the entries" "$T/screen"; then
	fail "a match older than the rows loaded was only reported"
fi
finish
