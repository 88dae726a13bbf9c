#!/bin/sh
# history.sh: attaching to an incident longer than the tail the terminal is
# sent: the status updates view still lists an update older than the tail,
# and scrolling up pages the older history in, back to the declaration.
. "$TEST_SRCDIR/lib.sh"
. "$TEST_SRCDIR/tui/lib-tui.sh"

sitrep new "Long incident" --sev 2 >/dev/null
sitrep update INC-1 --impact "early impact text" --known "early known" \
    --unknown "early unknown" --confidence suspected >/dev/null
i=1
while [ "$i" -le 240 ]; do
	echo "filler note $i"
	i=$((i + 1))
done | while read -r line; do
	sitrep log INC-1 "$line" >/dev/null
done
tui_start a 100x30 "$SITREP_BIN" attach INC-1
tui_wait a "filler note 240"

step "the updates view lists an update older than the tail"
tui_keys a 2
tui_wait a "Status updates (1)"
tui_wait a "Impact:  early impact text"

step "scrolling up pages in the older history"
tui_keys a 1
tui_wait a "filler note 240"
# Page up until the declaration shows (each PgUp may have to wait for a
# page from the server), bounded in presses and time.
deadline=$(($(date +%s) + 30))
presses=0
while ! tui_has a "declares SEV2" && [ "$presses" -lt 80 ] &&
    [ "$(date +%s)" -lt "$deadline" ]; do
	tui_keys a PageUp
	presses=$((presses + 1))
	before=$(tui_screen a | md5sum)
	while [ "$(tui_screen a | md5sum)" = "$before" ] &&
	    [ "$(date +%s)" -lt "$deadline" ] && ! tui_has a "declares SEV2"; do
		sleep 0.02
	done
done
tui_wait a "declares SEV2: Long incident"
finish
