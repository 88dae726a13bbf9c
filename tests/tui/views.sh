#!/bin/sh
# views.sh: the views after the matching CLI actions (status updates,
# hypotheses, roles and handoff history), the "N new" marker, filters by
# type, author, tag and ref, the input line's editing keys and history (the
# stored text checked exactly), Tab completion, F1 help, wide characters
# aligned, and 80x24 without colour (NO_COLOR, a monochrome TERM).
. "$TEST_SRCDIR/lib.sh"
. "$TEST_SRCDIR/tui/lib-tui.sh"

ME=$(id -un)
# The text of the last entry stored in INC-1.
last_text() {
	sitrep tail INC-1 --json --no-follow | grep '"kind":"entry"' | tail -n 1 |
	    sed 's/.*"text":"\([^"]*\)".*/\1/'
}
# The side pane of session $1, as text (what follows the pane's border).
side() {
	tui_screen "$1" | sed -n 's/^[^│]*│//p'
}
# 0 when screen $1 has SGR colour codes (30-38, 40-48, 90-97, 100-107).
has_colour() {
	tx capture-pane -e -p -t "$1" |
	    grep -E -q "$(printf '\033')\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]"
}

sitrep new "Views drill" --sev 2 >/dev/null
tui_start a 120x40 "$SITREP_BIN" attach INC-1
tui_wait a "INC-1 SEV2"

step "status updates view"
sitrep update INC-1 --impact "EU checkout fails" --known "db pool full" \
    --unknown "why since 09:00" --confidence suspected --actions "raising pool" \
    --needs "a DBA" >/dev/null
tui_keys a 2
tui_wait a "Status updates (1)"
tui_wait a "[suspected] internal"
tui_wait a "Impact:  EU checkout fails"
tui_wait a "Known:   db pool full"
tui_wait a "Unknown: why since 09:00"
tui_wait a "Actions: raising pool"
tui_wait a "Needs:   a DBA"

step "hypotheses view"
sitrep hyp INC-1 open "db pool exhausted" >/dev/null
sitrep hyp INC-1 open "cache stampede" >/dev/null
sitrep hyp INC-1 set 1 ruled-out --note "pool at 40%" >/dev/null
tui_keys a 4
tui_wait a "Hypotheses: 1 open of 2"
tui_wait a "H1   ruled-out     db pool exhausted"
tui_wait a "H2   open          cache stampede"
side a >"$T/side"
expect_grep "side pane lists the open one" "H2 cache stampede" "$T/side"
if grep -q "H1 db pool" "$T/side"; then
	fail "a ruled-out hypothesis is listed as open in the side pane"
fi

step "roles and handoff history view"
sitrep role INC-1 scribe >/dev/null
sitrep role INC-1 scribe --release >/dev/null
sitrep role INC-1 ops >/dev/null
printf 'line one of the brief\nline two of the brief\n' >"$T/brief"
sitrep handoff INC-1 nobody --brief "$(cat "$T/brief")" >/dev/null
sitrep withdraw INC-1 >/dev/null
tui_keys a 3
tui_wait a "Role history"
tui_wait a "commander $ME"
tui_wait a "ops       $ME"
tui_screen a | grep -q "[0-9]–[0-9][0-9]:[0-9][0-9] scribe    $ME" ||
    fail "the scribe stint has no end time"
tui_wait a "Command handoffs"
tui_wait a "offers command to nobody"
tui_wait a "| line one of the brief"
tui_wait a "| line two of the brief"
tui_wait a "withdraws the command offer"

step "\"N new\" while scrolled up, cleared at the bottom (G)"
tui_keys a 1
tui_wait a "withdraws the command offer"
tui_keys a k k
tui_wait a "scrolled back 2"
for i in 1 2 3; do sitrep log INC-1 "arrived while scrolled $i" >/dev/null; done
tui_wait a "3 new (G: jump to live)"
tui_lacks a "arrived while scrolled 3" || fail "the view followed while scrolled"
tui_keys a G
tui_gone a "new (G"
tui_wait a "arrived while scrolled 3 (#"

step "filters by type, author, tag and ref"
sitrep log INC-1 --type decision "roll back deploy" >/dev/null
sitrep log INC-1 --tag payments "tagged entry" >/dev/null
sitrep log INC-1 --ref ticket:OPS-12 "ref entry" >/dev/null
tui_wait a "ref entry"
tui_keys a f
tui_type a "type=decision"
tui_keys a Enter
tui_wait a "filter: type=decision"
tui_gone a "tagged entry"
tui_wait a "roll back deploy"
tui_keys a f C-u
tui_type a ":filter tag=payments"
tui_keys a Enter
tui_gone a "roll back deploy"
tui_wait a "tagged entry"
tui_keys a f C-u
tui_type a ":filter ref=ticket:OPS-12"
tui_keys a Enter
tui_gone a "tagged entry"
tui_wait a "ref entry"
tui_keys a f C-u
tui_type a ":filter author=somebody-else"
tui_keys a Enter
tui_gone a "ref entry"
tui_keys a f C-u
tui_type a ":filter author=$ME"
tui_keys a Enter
tui_wait a "ref entry"
tui_wait a "tagged entry"
tui_keys a :
tui_type a "filter"
tui_keys a Enter
tui_wait a "filter cleared"

step "input line: Ctrl-A/E/W/U/K, cursor keys; the stored text is exact"
tui_keys a i
tui_type a "alpha beta gamma"
tui_keys a C-w
tui_type a "delta"
tui_keys a C-a
tui_type a "X "
tui_keys a C-e
tui_type a " tail"
tui_keys a Left Left Left Left Left C-k
tui_wait a "> X alpha beta delta"
tui_keys a Enter
tui_wait a "X alpha beta delta (#"
expect_eq "edited note stored exactly" "X alpha beta delta" "$(last_text)"
tui_type a "throwaway words"
tui_keys a C-a C-k
tui_type a "keep"
tui_keys a C-e
tui_type a " this"
tui_keys a Left Left Left Left Left C-u
tui_type a "now "
tui_keys a Enter
tui_wait a "now  this (#"
expect_eq "Ctrl-U/K edits stored exactly" "now  this" "$(last_text)"

step "history: Up/Down walk it, Down gives back the line being typed"
tui_type a "half typed"
tui_keys a Up
tui_wait a "> now  this"
tui_keys a Up
tui_wait a "> X alpha beta delta"
tui_keys a Down Down
tui_wait a "> half typed"
tui_keys a Up Up
tui_wait a "> X alpha beta delta"
tui_type a " again"
tui_keys a Enter
tui_wait a "X alpha beta delta again (#"
expect_eq "history entry edited and sent" "X alpha beta delta again" \
    "$(last_text)"

step "Tab completes a command and its argument"
tui_keys a Escape :
tui_type a "ro"
tui_keys a Tab
tui_type a "dep"
tui_keys a Tab
tui_wait a ":role deputy"
tui_keys a Enter
tui_wait a "$ME takes deputy"
tui_keys a :
tui_type a "s"
tui_keys a Tab
tui_wait a "status sev strike snooze summary search"
tui_keys a C-u Escape

step "F1 help, and back"
tui_keys a F1
tui_wait a "Commands"
tui_wait a ":handoff USER [--brief TEXT]"
tui_keys a F1
tui_wait a "takes deputy"
tui_keys a q
tui_wait a "EXITED 0"

step "wide characters stay aligned (side pane border in one column)"
sitrep log INC-1 "支付网关 🔥 wide" >/dev/null
tui_start w 100x30 "$SITREP_BIN" attach INC-1
tui_wait w "wide (#"
# 100 columns: a 70-column main pane; each wide character takes two
# columns but one character in the capture.
tui_screen w | grep "wide (#" >"$T/wide"
pre=$(sed 's/│.*//' "$T/wide")
expect_eq "wide line: characters before the border" 65 \
    "$(printf '%s' "$pre" | wc -m)"
tui_screen w | grep "X alpha beta delta (#" >"$T/narrow"
pre=$(sed 's/│.*//' "$T/narrow")
expect_eq "ASCII line: characters before the border" 70 \
    "$(printf '%s' "$pre" | wc -m)"
tui_keys w q
tui_wait w "EXITED 0"

step "80x24 without colour: NO_COLOR, and a monochrome terminal"
tui_start nc 80x24 env NO_COLOR=1 "$SITREP_BIN" attach INC-1
tui_wait nc "INC-1 SEV2"
tui_wait nc "wide (#"
if has_colour nc; then
	fail "NO_COLOR: colour escape sequences on the screen"
fi
tui_start mono 80x24 env TERM=xterm-mono "$SITREP_BIN" attach INC-1
tui_wait mono "INC-1 SEV2"
tui_wait mono "wide (#"
if has_colour mono; then
	fail "TERM=xterm-mono: colour escape sequences on the screen"
fi
# and colour is used when allowed (the check above can fail)
tui_start col 80x24 "$SITREP_BIN" attach INC-1
tui_wait col "wide (#"
has_colour col || fail "no colour on a colour terminal"
for s in nc mono col; do
	tui_keys $s q
	tui_wait $s "EXITED 0"
done
finish
