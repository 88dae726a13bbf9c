#!/bin/sh
# fit.sh: the screen reads correctly at 80x24 and at 200x60, with and
# without NO_COLOR: text cut at a pane's edge ends in … (the header's
# second line gives the title's room to the warnings first, the side
# pane); a long entry is collapsed to "… N more lines" and x reads it in
# full; a long refusal wraps on the message line and a later success
# clears it; Ctrl-U at a : line takes the : too; the "scrolled back"
# marker has a row of its own.
. "$TEST_SRCDIR/lib.sh"
. "$TEST_SRCDIR/tui/lib-tui.sh"

# headless SIZE KEYS [NO_COLOR]: the terminal on INC-1 with the key script,
# the screen in $T/screen.
headless() {
	env NO_COLOR="${3:-}" SITREP_UI_KEYS="$2" SITREP_UI_DUMP="$T/screen" \
	    SITREP_UI_SIZE=$1 "$SITREP_BIN" attach INC-1 </dev/null >/dev/null
}

sitrep new "Checkout p99 above 4 s after release 2026.11.3 in every region" \
    --sev 1 >/dev/null
sitrep handoff INC-1 nobody --brief "pool at its limit" >/dev/null
sitrep hyp INC-1 open "Connection pool exhausted after deploy:4711" >/dev/null
LONG=$(awk 'BEGIN { for (i = 0; i < 1300; i++) printf "word%d ", i }')
sitrep log INC-1 "$LONG" >/dev/null
LONG_SEQ=$(sitrep tail INC-1 --json --no-follow | tail -n 1 |
    sed 's/.*"seq":\([0-9]*\).*/\1/')
sitrep log INC-1 "short after the long one" >/dev/null

for nc in "" 1; do
	step "80x24 (NO_COLOR='$nc'): cut text ends in …"
	headless 80x24 '' "$nc"
	expect_grep "title cut with a sign" "^ Checkout p99 above …" "$T/screen"
	expect_grep "warnings shown whole" \
	    "missing: comms ops scribe  handoff offered to nobody" "$T/screen"
	expect_grep "side pane: a hypothesis on two lines" "│H1 Connection pool$" \
	    "$T/screen"
	expect_grep "the rest cut with a sign" "│   exhausted after dep…" \
	    "$T/screen"

	step "80x24 (NO_COLOR='$nc'): a long entry collapsed, x reads it"
	expect_grep "collapsed" "… [0-9]* more lines: x (#$LONG_SEQ)" \
	    "$T/screen"
	expect_grep "the next entry shown" "short after the long one" \
	    "$T/screen"
	expect_eq "rows of the long entry" 4 "$(grep -c "word[0-9]\|more lines" \
	    "$T/screen")"
	headless 80x24 'x' "$nc"
	expect_grep "read in full" "#$LONG_SEQ in full; x or Esc: back" \
	    "$T/screen"
	expect_grep "its start" "^word0 word1 word2" "$T/screen"
	expect_grep "more below" "↓ [0-9]* more lines" "$T/screen"
	headless 80x24 'xG' "$nc"
	expect_grep "its end" "word1299" "$T/screen"
	expect_grep "its number last" "^(#$LONG_SEQ)" "$T/screen"
	headless 80x24 'x<Esc>' "$nc"
	expect_grep "back to the timeline" "… [0-9]* more lines: x" "$T/screen"

	step "200x60 (NO_COLOR='$nc'): room for everything"
	headless 200x60 '' "$nc"
	expect_grep "title whole" \
	    "Checkout p99 above 4 s after release 2026.11.3 in every region" \
	    "$T/screen"
	expect_grep "zone shown" "handoff offered to nobody  zone UTC" \
	    "$T/screen"
	expect_grep "hypothesis whole" "│H1 Connection pool exhausted after" \
	    "$T/screen"
	expect_grep "on two lines" "│   deploy:4711" "$T/screen"
	expect_grep "still collapsed" "… [0-9]* more lines: x" "$T/screen"
	if grep "…" "$T/screen" | grep -v -q "more lines"; then
		fail "something is cut at 200x60"
	fi
done

step "a long refusal wraps; a later success clears it"
headless 80x24 ':update --impact x --known y --confidence likely<Enter><Wait:refused><Dump>'
expect_grep "first row" "^refused (:update --unknown TEXT): a status update" \
    "$T/screen"
expect_grep "second row" "^unless the confidence is confirmed" "$T/screen"
headless 80x24 ':update --impact x --known y --confidence likely<Enter><Wait:refused><C-u>fine now<Enter><Wait:NOTE fine now>'
if grep -q "refused" "$T/screen"; then
	fail "the refusal stayed after a note was recorded"
fi

step "Ctrl-U at a : line takes the : too: what follows is a note"
headless 80x24 ':status resolved<C-u>typed after Ctrl-U<Enter><Wait:NOTE typed after Ctrl-U>'
sitrep ls >"$T/ls"
expect_grep "the : line did not run" "INC-1 .* investigating" "$T/ls"

step "the scrolled-back marker has a row of its own"
headless 80x24 'k<Dump>'
expect_grep "marker" "scrolled back 1" "$T/screen"
if grep "scrolled back" "$T/screen" | grep -q "#"; then
	fail "the marker shares its row with an entry"
fi

step "a real terminal: 80x24, then 200x60"
tui_start a 80x24 "$SITREP_BIN" attach INC-1
tui_wait a "Checkout p99 above …"
tui_wait a "more lines: x (#$LONG_SEQ)"
tui_resize a 200 60
tui_wait a "2026.11.3 in every region"
tui_wait a "   deploy:4711"
tui_keys a q
tui_wait a "EXITED 0"
finish
