#!/bin/sh
# keep.sh: nothing typed into a form is lost. A real resize (SIGWINCH, in
# tmux) with text in each form, 80x24 to 200x60 and back, with and without
# NO_COLOR; typing on after the resize adds to the text. Entering a field
# keeps its text (the cursor after it; Backspace at a field's start stays
# in the field); Esc asks before it throws typed text away; a closed form
# leaves the panes as they were; the update form starts from the last
# update; the handoff's To completes names; the handoff brief scrolls; a
# terminal that ends (a hangup) with a form open prints its text.
. "$TEST_SRCDIR/lib.sh"
. "$TEST_SRCDIR/tui/lib-tui.sh"

# headless SIZE KEYS: run the terminal on INC-1 with the key script, the
# screen in $T/screen.
headless() {
	SITREP_UI_KEYS=$2 SITREP_UI_DUMP="$T/screen" SITREP_UI_SIZE=$1 \
	    "$SITREP_BIN" attach INC-1 </dev/null >/dev/null
}

sitrep new "Payments failing" --sev 1 >/dev/null

# resize_form NAME KEYS TEXT: open a form with KEYS, type TEXT, resize
# both ways, typing on in between; the text stays, then Esc asks.
resize_form() {
	tui_keys "$1" $2
	tui_wait "$1" "Esc cancel"
	tui_type "$1" "$3"
	tui_resize "$1" 200 60
	tui_wait "$1" "$3"
	tui_type "$1" " more"
	tui_resize "$1" 80 24
	tui_wait "$1" "$3 more"
	tui_keys "$1" Escape
	tui_wait "$1" "Discard what you typed?"
	tui_keys "$1" n
	tui_gone "$1" "Discard what you typed?"
	tui_wait "$1" "$3 more"
	tui_keys "$1" Escape
	tui_wait "$1" "Discard what you typed?"
	tui_keys "$1" y
	tui_wait "$1" "what was typed is discarded"
}

# panes NAME: the panes of session NAME (rows 3 to 21 of 80x24), times
# and idle times left out.
panes() {
	tui_screen "$1" | sed -n '3,21p' | sed 's/[0-9][0-9]*[ms]//g' |
	    tr -s ' '
}

for nc in "" 1; do
	step "a resize keeps the text of every form (NO_COLOR='$nc')"
	tui_start "k$nc" 80x24 env NO_COLOR=$nc "$SITREP_BIN" attach INC-1
	tui_wait "k$nc" "INC-1 SEV1"
	tui_wait "k$nc" "Parked: 0"
	panes "k$nc" >"$T/before"
	resize_form "k$nc" u "impact typed"
	panes "k$nc" >"$T/after"
	if ! cmp -s "$T/before" "$T/after"; then
		fail "a closed form left something on the panes: $(diff \
		    "$T/before" "$T/after")"
	fi
	resize_form "k$nc" o "hypothesis typed"
	resize_form "k$nc" h "bob"
	tui_keys "k$nc" L
	tui_wait "k$nc" "Incidents, open first"
	resize_form "k$nc" d "title typed"
	tui_keys "k$nc" q
	tui_wait "k$nc" "EXITED 0"
done
expect_eq "nothing was sent" 1 "$(sitrep ls | grep -c INC-)"

step "entering a field keeps its text; Backspace stays in the field"
headless 80x24 'LdDatabase down<Tab><Backspace>1<Dump>'
expect_grep "title kept" "Title        Database down" "$T/screen"
expect_grep "severity typed" "Severity     1" "$T/screen"
headless 80x24 'LdDatabase<BTab><Tab> down<Tab><Tab>yes<C-s><Wait:declared>'
sitrep ls >"$T/ls"
expect_grep "declared with the whole title" "Database down" "$T/ls"
expect_grep "drill as chosen" "DRILL" "$T/ls"

step "a choice being typed goes on across a resize"
headless 80x24 'u<Tab><Tab><Tab>lik<Resize:100x30>ely<Dump>'
expect_grep "the whole choice" "Confidence   likely" "$T/screen"

step "Esc on a form with nothing typed closes it at once"
headless 80x24 'u<Tab><Esc><Dump>'
expect_grep "closed" "form cancelled" "$T/screen"
if grep -q "Discard" "$T/screen"; then
	fail "Esc asked although nothing was typed"
fi

step "the update form starts from the last update"
sitrep update INC-1 --impact "Card payments fail" --known "since the deploy" \
    --unknown "which region" --confidence likely --actions "rolling back" \
    --needs "a DBA" >/dev/null
headless 200x60 'u<Dump>'
expect_grep "impact" "Impact       Card payments fail" "$T/screen"
expect_grep "known" "Known        since the deploy" "$T/screen"
expect_grep "unknown" "Unknown      which region" "$T/screen"
expect_grep "actions" "Actions      rolling back" "$T/screen"
expect_grep "needs" "Needs        a DBA" "$T/screen"
headless 80x24 'u for 20%<C-s><Wait:recorded>'
sitrep show INC-1 >"$T/show"
expect_grep "edited impact stored" "Card payments fail for 20%" "$T/show"
expect_grep "the rest kept" "which region" "$T/show"
expect_eq "two updates" 2 "$(sitrep tail INC-1 --json --no-follow |
    grep -c '"kind":"update"')"

step "the To field completes a name and steps through the people"
if id nobody >/dev/null 2>&1; then
	sitrep role INC-1 liaison nobody >/dev/null
	headless 80x24 'hno<Tab><Dump>'
	expect_grep "completed" "To (user)    nobody" "$T/screen"
	headless 80x24 'h<C-n><Dump>'
	expect_grep "stepped" "To (user)    nobody" "$T/screen"
	expect_grep "listed" "Tab completes, Ctrl-N/Ctrl-P step: nobody" \
	    "$T/screen"
fi

step "the handoff brief scrolls; typing into it adds to it"
headless 80x24 'h<Dump>'
expect_grep "more below" "↓ [0-9]* more" "$T/screen"
headless 80x24 'h<Tab>X<Dump>'
expect_grep "the end of the brief shown" "Next update due" "$T/screen"
expect_grep "more above" "↑ more" "$T/screen"
expect_grep "typed at the end" ")X" "$T/screen"
step "a terminal ended with a form open gives its text back"
tui_start h 80x24 "$SITREP_BIN" attach INC-1 "2>$T/h.err"
tui_wait h "connected"
tui_keys h h
tui_wait h "Hand off command"
tui_type h "lee"
tx kill-session -t h
wait_for 10 "the form's text on stderr" grep -q "To (user): lee" "$T/h.err"
expect_grep "said what it is" "the form was left open: Hand off command (not sent):" "$T/h.err"

finish
