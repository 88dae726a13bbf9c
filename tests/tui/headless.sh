#!/bin/sh
# headless.sh: the tig-style headless mode (SITREP_UI_KEYS, SITREP_UI_DUMP,
# SITREP_UI_SIZE): scripted keys fed only when the UI is idle, the screen
# dumped as text; SITREP_UI_DUMP alone selects it; NO_COLOR; wide
# characters aligned.
. "$TEST_SRCDIR/lib.sh"

sitrep new "Headless drill" --sev 2 >/dev/null

step "a note and a command, screen dumped"
SITREP_UI_KEYS='iwide 表示 check<Enter><Esc>:role scribe<Enter><Wait:scribe  root>' \
    SITREP_UI_DUMP="$T/screen" SITREP_UI_SIZE=80x24 NO_COLOR=1 \
    "$SITREP_BIN" attach INC-1 </dev/null >/dev/null
expect_grep "header" "INC-1 SEV2" "$T/screen"
expect_grep "note shown" "NOTE wide 表示 check (#" "$T/screen"
expect_grep "role taken" "scribe  root" "$T/screen"
expect_eq "24 lines" 24 "$(wc -l <"$T/screen")"

step "SITREP_UI_DUMP alone selects headless mode, with attach or no verb"
expect_status "attach, no terminal" 0 env SITREP_UI_DUMP="$T/screen-d" \
    "$SITREP_BIN" attach INC-1
expect_grep "incident drawn" "INC-1 SEV2" "$T/screen-d"
expect_status "no verb, no terminal" 0 env SITREP_UI_DUMP="$T/screen-l" \
    "$SITREP_BIN"
expect_grep "list drawn" "Incidents, open first" "$T/screen-l"
expect_status "without the hooks attach needs a terminal" 2 "$SITREP_BIN" \
    attach INC-1

step "<Wait:…> that never comes fails the run"
set +e
SITREP_UI_KEYS='<Wait:never shown>' SITREP_UI_DUMP="$T/screen2" \
    "$SITREP_BIN" attach INC-1 </dev/null >/dev/null 2>&1
rc=$?
set -e
expect_eq "exit status" 1 "$rc"
expect_grep "timeout said" "timed out waiting" "$T/screen2"

step "a terminal that is not UTF-8 gets ASCII escapes, on screen and in ls"
sitrep new "caf$(printf '\303\251') $(printf '\342\200\256')rlo" >/dev/null
LC_ALL=C SITREP_UI_KEYS= SITREP_UI_DUMP="$T/screen-c" SITREP_UI_SIZE=100x30 \
    "$SITREP_BIN" attach INC-2 </dev/null >/dev/null
expect_grep "screen title in ASCII" "caf<U+00E9> <U+202E>rlo" "$T/screen-c"
if LC_ALL=C grep -q "$(printf '[\200-\377]')" "$T/screen-c"; then
	fail "a byte above ASCII is on the screen of a C-locale terminal"
fi
LC_ALL=C sitrep ls >"$T/ls-c"
expect_grep "ls title in ASCII" "caf<U+00E9> <U+202E>rlo" "$T/ls-c"

step "an absurd SITREP_UI_SIZE is refused with a message, not allocated"
for size in 100000x100000 0x24 80x-1 80x24junk; do
	expect_status "size $size" 2 env SITREP_UI_KEYS= SITREP_UI_SIZE=$size \
	    SITREP_UI_DUMP="$T/screen3" "$SITREP_BIN" attach INC-1
	expect_grep "size $size named" "SITREP_UI_SIZE must be COLSxLINES" \
	    "$T/err"
done
finish
