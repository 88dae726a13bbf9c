#!/bin/sh
# lang.sh: the terminal's : prompt speaks the command line's language with
# the incident implied (the same verbs, arguments and options, words quoted
# as a shell quotes them), and a refusal is worded in the terminal's own
# terms: a : command's refusal quotes the : syntax, a form's refusal puts
# the cursor in the field it concerns; neither quotes the command line.
# Headless (SITREP_UI_KEYS): each key waits until the terminal is idle, so
# a submission is answered before the next command is typed.
. "$TEST_SRCDIR/lib.sh"
lib_noon_tz

sitrep new "Payments failing" --sev 2 >/dev/null
sitrep log INC-1 "posted twice" >/dev/null

# Run the terminal on INC-1 with the keys $1; the screen ends in $T/screen.
lang_run() {
	SITREP_UI_KEYS="$1" SITREP_UI_DUMP="$T/screen" SITREP_UI_SIZE=120x30 \
	    "$SITREP_BIN" attach INC-1 </dev/null >/dev/null ||
	    fail "the terminal stopped early: $(cat "$T/screen")"
}

# lang_stored WHAT PATTERN…: an event stored matches every PATTERN.
lang_stored() {
	what=$1
	shift
	sitrep tail INC-1 --json --no-follow >"$T/events.json"
	for p in "$@"; do
		grep -e "$p" "$T/events.json" >"$T/match" || true
		mv "$T/match" "$T/events.json"
	done
	[ -s "$T/events.json" ] || fail "$what: no event matches $*"
}

# lang_no_cli WHAT: nothing on the screen quotes the command line.
lang_no_cli() {
	if grep -q "sitrep " "$T/screen"; then
		fail "$1: the command line is quoted: $(grep "sitrep " "$T/screen")"
	fi
}

step ": commands take the verbs' options, the incident implied"
lang_run ':log --type action --ref deploy:12 --tag db "restarted db1"<Enter>:obs --at -5m pool at 100%<Enter>:strike 2 --reason '"'"'a typo'"'"'<Enter>:role scribe<Enter>:release scribe<Enter>:note done<Enter><Wait:done (#>'
lang_stored "an action with a ref and a tag" '"type":"action"' \
    '"text":"restarted db1"' '"refs":\["deploy:12"\]' '"tags":\["db"\]'
lang_stored "a back-dated observation" '"type":"observation"' \
    '"text":"pool at 100%"'
lang_stored "a strike with its reason" '"kind":"entry.strike"' \
    '"target":2' '"reason":"a typo"'
lang_stored "a role taken" '"kind":"role.assign"' '"role":"scribe"'
lang_stored "a role released (:release is :role --release)" \
    '"kind":"role.release"' '"role":"scribe"'

step "Tab completes a verb, its option and the option's value"
lang_run ':up<Tab>--conf<Tab>li<Tab>'
expect_grep "completed" ":update --confidence likely" "$T/screen"

step "a malformed command is given back with its : usage"
lang_run ':strike 3<Enter>'
expect_grep "usage and what is wrong" \
    ":strike SEQ --reason TEXT \[--at TIME\]: say why with --reason" "$T/screen"
expect_grep "the line given back" "^:strike 3" "$T/screen"
lang_no_cli "usage error"

step "a refused : command names its part in : syntax"
lang_run ':update --impact "Card payments fail" --known "since 14:00" --confidence likely<Enter><Wait:refused>'
expect_grep "the rule and the : option" \
    "refused (:update --unknown TEXT): a status update must say what is not known yet" \
    "$T/screen"
expect_grep "the line given back" "^:update --impact" "$T/screen"
lang_no_cli ": refusal"

step "a refused form puts the cursor in the field concerned"
lang_run 'u<Wait:Status update>Card payments fail<Tab>Errors began<Tab><Tab>likely<C-s><Wait:not known yet>Whether the rollback helps'
expect_grep "typed after the refusal lands in Unknown" \
    "Unknown  *Whether the rollback helps" "$T/screen"
if grep "not known yet" "$T/screen" | grep -q -e "--"; then
	fail "the form's refusal quotes an option: $(grep "not known yet" "$T/screen")"
fi
lang_no_cli "form refusal"
finish
