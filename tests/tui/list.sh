#!/bin/sh
# list.sh: the terminal's incident list has the columns of `sitrep ls`
# (REF SEV STATUS IC AGE TITLE, then [DRILL] and the overdue flag), each
# column starting at the same place on every row whatever the status, at
# 80x24 and 200x60, with and without NO_COLOR; a title that does not fit
# gives way to the flags and ends in …; the selection stays on screen.
. "$TEST_SRCDIR/lib.sh"
lib_noon_tz
. "$TEST_SRCDIR/tui/lib-tui.sh"

# headless SIZE KEYS [NO_COLOR]: the list with the key script, the screen
# in $T/screen.
headless() {
	env NO_COLOR="${3:-}" SITREP_UI_KEYS="$2" SITREP_UI_DUMP="$T/screen" \
	    SITREP_UI_SIZE=$1 "$SITREP_BIN" attach </dev/null >/dev/null
}

sitrep new "Database failover stuck on the replica in eu-west" --sev 1 \
    --at -2h >/dev/null
sitrep new "Checkout slow" --sev 2 >/dev/null
sitrep status INC-2 identified >/dev/null
sitrep new "Game day" --sev 3 --drill >/dev/null
sitrep new "Search index lagging" --sev 4 >/dev/null
sitrep status INC-4 monitoring >/dev/null

for nc in "" 1; do
	for size in 80x24 200x60; do
		step "$size (NO_COLOR='$nc'): the columns of ls"
		headless $size '' "$nc"
		expect_grep "column titles" \
		    "^  REF      SEV   STATUS        IC           AGE       TITLE" \
		    "$T/screen"
		expect_grep "age and overdue flag" \
		    "INC-1    SEV1  investigating root         2h 0[0-9]m    .*  \[update overdue\]$" \
		    "$T/screen"
		expect_grep "after identified" \
		    "INC-2    SEV2  identified    root         [0-9]" "$T/screen"
		expect_grep "after monitoring" \
		    "INC-4    SEV4  monitoring    root         [0-9]" "$T/screen"
		expect_grep "drill" "Game day  \[DRILL\]" "$T/screen"
		sitrep ls | cut -c1-42 >"$T/ls"
		grep -E '^[ >] INC-' "$T/screen" | cut -c3-44 >"$T/rows"
		sort "$T/ls" | grep INC- >"$T/ls.sorted"
		sort "$T/rows" >"$T/rows.sorted"
		if ! cmp -s "$T/ls.sorted" "$T/rows.sorted"; then
			fail "$size: the list's columns differ from ls: $(diff \
			    "$T/ls.sorted" "$T/rows.sorted")"
		fi
	done
	step "80x24 (NO_COLOR='$nc'): the title gives way to the flag"
	headless 80x24 '' "$nc"
	expect_grep "title cut with a sign" "Databas…  \[update overdue\]" \
	    "$T/screen"
done

step "a real terminal: 80x24, then 200x60"
tui_start l 80x24 "$SITREP_BIN"
tui_wait l "REF      SEV   STATUS        IC           AGE       TITLE"
tui_wait l "Databas…  [update overdue]"
tui_resize l 200 60
tui_wait l "Database failover stuck on the replica in eu-west  [update overdue]"
tui_keys l q
tui_wait l "EXITED 0"

step "the selection stays on screen in a long list"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21; do
	sitrep new "Filler $i" --sev 4 >/dev/null
done
headless 80x24 'jjjjjjjjjjjjjjjjjjjjjjjj<Dump>'
expect_grep "selection shown" "^> INC-" "$T/screen"
expect_grep "the last incident selected" "^> INC-1 " "$T/screen"
finish
