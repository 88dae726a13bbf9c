#!/bin/sh
# keys.sh: the headless key script is checked before anything runs: a
# <token> that names no key (<Eneter>), an unclosed <, a bad <Resize:…>
# fail the run with status 2 and a message naming the token, and nothing
# of the script is done; the named keys of the key table work.
. "$TEST_SRCDIR/lib.sh"

sitrep new "Key script drill" --sev 3 >/dev/null

# run_keys SCRIPT: the terminal headless on INC-1; status in $rc, stderr in
# $T/err.
run_keys() {
	set +e
	SITREP_UI_KEYS="$1" SITREP_UI_DUMP="$T/screen" SITREP_UI_SIZE=80x24 \
	    "$SITREP_BIN" attach INC-1 </dev/null >/dev/null 2>"$T/err"
	rc=$?
	set -e
}

step "a typo in a key name fails the run and names the token"
rm -f "$T/screen"
run_keys 'inote before the typo<Eneter><Esc>'
expect_eq "exit status" 2 "$rc"
expect_grep "the token named" "unknown key <Eneter> at byte 22" "$T/err"
expect_grep "the known names listed" "named keys are <Enter> <Esc>" "$T/err"
if [ -e "$T/screen" ]; then
	fail "the terminal started although the script names no key"
fi
if sitrep tail INC-1 --no-follow | grep -q "note before the typo"; then
	fail "a key before the typo was run"
fi

step "other malformed steps fail the same way"
run_keys 'a<b'
expect_eq "unclosed <: exit status" 2 "$rc"
expect_grep "unclosed < explained" "a < at byte 2 has no closing >" "$T/err"
run_keys '<Resize:80x>'
expect_eq "bad resize: exit status" 2 "$rc"
expect_grep "bad resize named" "unknown key <Resize:80x>" "$T/err"
run_keys '<C-1>'
expect_eq "control of a digit: exit status" 2 "$rc"
run_keys '<>'
expect_eq "empty token: exit status" 2 "$rc"

step "named keys, <Lt> and control keys run"
run_keys 'ia <Lt> b<C-a>x<End>!<Enter><Wait:xa < b! (#>'
expect_eq "exit status" 0 "$rc"
expect_grep "the note typed with them" "xa < b! (#" "$T/screen"
finish
