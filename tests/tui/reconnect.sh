#!/bin/sh
# reconnect.sh: the server is killed while the terminal is attached; the
# terminal says it is reconnecting, a note typed during the outage is
# queued, and after the restart it is stored exactly once.
. "$TEST_SRCDIR/lib.sh"
. "$TEST_SRCDIR/tui/lib-tui.sh"

sitrep new "Server restart drill" >/dev/null
tui_attach a INC-1
tui_wait a "INC-1 SEV3"
tui_wait a "connected"

step "kill the server"
for p in $(lib_server_pids); do kill -9 "$p" 2>/dev/null || true; done
# A directory where the socket was keeps the outage going until the test
# ends it (a server started before it was in place is stopped too).
wait_for 10 "a directory in place of the socket" \
    sh -c 'rm -f "$1" && mkdir "$1"' _ "$SOCK"
for p in $(lib_server_pids); do kill -9 "$p" 2>/dev/null || true; done
tui_wait a "RECONNECTING"

step "type during the outage"
tui_keys a i
tui_type a "typed during the outage"
tui_keys a Enter

step "restart: the note goes in once"
rmdir "$SOCK"
sitrep ls >/dev/null
tui_gone a "RECONNECTING" 20
tui_wait a "typed during the outage (#"
sitrep tail INC-1 --json --no-follow >"$T/log"
expect_eq "stored once" 1 "$(grep -c 'typed during the outage' "$T/log")"
tui_keys a Escape q
tui_wait a "EXITED 0"
finish
