#!/bin/sh
# header.sh: the header at 80x24: the next-update countdown turns loud when
# the update is overdue, z snoozes it (a reminder.snooze event), missing
# roles are named and cleared when taken, and the connection state counts
# queued submissions while the server is down.
. "$TEST_SRCDIR/lib.sh"
. "$TEST_SRCDIR/tui/lib-tui.sh"

step "an update due in a few seconds turns overdue, loudly"
sitrep new "Header drill" --sev 1 >/dev/null
# next_at a few seconds ahead (ISO time): deterministic, no back-dating.
NEXT=$(date -u -d "@$(($(date +%s) + 3))" +%Y-%m-%dT%H:%M:%SZ)
sitrep update INC-1 --impact "checkout slow" --known "db pool" \
    --unknown "why now" --confidence likely --next "$NEXT" >/dev/null
tui_start a 80x24 "$SITREP_BIN" attach INC-1
tui_wait a "INC-1 SEV1"
tui_wait a "missing: comms ops scribe"
tui_wait a "UPDATE OVERDUE" 10
# loud: the alert colours (red background) on the overdue text
tx capture-pane -e -p -t a | grep "OVERDUE" >"$T/loud"
expect_grep "overdue drawn in the alert colour" "$(printf '\033')\[[0-9;]*41m" \
    "$T/loud"

step "z snoozes the reminder, recorded as an event"
tui_keys a z
tui_wait a "overdue, snoozed 1"
tui_gone a "OVERDUE"
sitrep tail INC-1 --json --no-follow >"$T/log"
expect_grep "a reminder.snooze event" \
    '"kind":"reminder.snooze","actor":"'"$(id -un)"'"' "$T/log"
expect_grep "snoozed for 15 minutes" '"for_ms":900000' "$T/log"

step "missing roles shown, cleared when taken"
sitrep role INC-1 comms >/dev/null
tui_wait a "missing: ops scribe"
sitrep role INC-1 ops >/dev/null
sitrep role INC-1 scribe >/dev/null
tui_gone a "missing:"
sitrep role INC-1 ops --release >/dev/null
tui_wait a "missing: ops"

step "connection state and queued submissions while the server is down"
tui_wait a "connected"
for p in $(lib_server_pids); do kill -9 "$p" 2>/dev/null || true; done
# A directory where the socket was: nobody answers and no server can be
# started until it is gone, so the outage lasts as long as the test wants.
# (The terminal may start a server before the directory is in place:
# retry, and stop any server that got in first.)
wait_for 10 "a directory in place of the socket" \
    sh -c 'rm -f "$1" && mkdir "$1"' _ "$SOCK"
for p in $(lib_server_pids); do kill -9 "$p" 2>/dev/null || true; done
tui_wait a "RECONNECTING, 0 queued"
tui_keys a i
tui_type a "queued while down"
tui_keys a Enter
tui_wait a "RECONNECTING, 1 queued"
tui_type a "second while down"
tui_keys a Enter
tui_wait a "RECONNECTING, 2 queued"
rmdir "$SOCK"
tui_wait a "second while down (#" 20
tui_wait a "connected"
tui_lacks a "RECONNECTING" || fail "still reconnecting"
sitrep tail INC-1 --json --no-follow >"$T/log"
expect_eq "first stored once" 1 "$(grep -c 'queued while down' "$T/log")"
expect_eq "second stored once" 1 "$(grep -c 'second while down' "$T/log")"
tui_keys a Escape q
tui_wait a "EXITED 0"
finish
