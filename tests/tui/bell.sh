#!/bin/sh
# bell.sh: the terminal rings its bell once when the open incident's next
# status update becomes overdue (counted by a tmux alert-bell hook), not
# when it already was overdue as the terminal opened it, and never with
# SITREP_BELL=off; the header says it loudly either way.
. "$TEST_SRCDIR/lib.sh"
. "$TEST_SRCDIR/tui/lib-tui.sh"
lib_noon_tz

# bells NAME: how many times session NAME rang.
bells() {
	cat "$T/bells-$1" 2>/dev/null | wc -l | tr -d ' '
}

# watch NAME COMMAND: run COMMAND in a new 80x24 session, its bells
# counted in $T/bells-NAME.
watch() {
	tui_start "$1" 80x24 "$2"
	tx set-hook -t "$1" alert-bell "run-shell 'echo bell >>$T/bells-$1'"
}

step "one bell when the update becomes overdue"
# SEV1: the first update is due 30 minutes after the declaration
sitrep new "Due in a moment" --sev 1 --at -29m52s >/dev/null
watch a "$SITREP_BIN attach INC-1"
tui_wait a "next update in"
tui_wait a "UPDATE OVERDUE" 15
tui_wait a "UPDATE OVERDUE 3s"
expect_eq "bells" 1 "$(bells a)"

step "none for an update that was overdue already"
watch b "$SITREP_BIN attach INC-1"
tui_wait b "UPDATE OVERDUE"
tui_wait b "UPDATE OVERDUE $(($(tui_screen b | sed -n \
    's/.*OVERDUE \([0-9]*\)s.*/\1/p') + 2))s"
expect_eq "bells" 0 "$(bells b)"

step "none with SITREP_BELL=off"
sitrep new "Due in a moment, quietly" --sev 1 --at -29m52s >/dev/null
watch c "env SITREP_BELL=off $SITREP_BIN attach INC-2"
tui_wait c "next update in"
tui_wait c "UPDATE OVERDUE" 15
tui_wait c "UPDATE OVERDUE 2s"
expect_eq "bells" 0 "$(bells c)"
finish
