#!/bin/sh
# restart.sh: the server stops under attached terminals, by kill-server and
# by kill -9. Each terminal says RECONNECTING with what it has queued and
# keeps what is typed; it reconnects by itself once a server answers, and
# every queued note is stored exactly once. A terminal that may start a
# server starts one when it has something to send (after kill-server it
# does not start one for nothing); one that may not (a named socket and
# no store) waits for someone else to. A server of another store that
# takes the socket meanwhile is refused before anything is sent to it, and
# what was queued is given back.
. "$TEST_SRCDIR/lib.sh"
. "$TEST_SRCDIR/tui/lib-tui.sh"

# count TEXT: how many events of INC-1 carry TEXT.
count() {
	sitrep tail INC-1 --json --no-follow >"$T/log"
	grep -c "$1" "$T/log" || true
}

sitrep new "Restart drill" >/dev/null
tui_attach a INC-1
tui_start b 100x30 "$SITREP_BIN" -S "$SOCK" attach INC-1
tui_wait a "connected"
tui_wait b "connected"

step "kill-server: both wait, neither starts a server for nothing"
expect_status "kill-server" 0 sitrep kill-server
tui_wait a "RECONNECTING, 0 queued"
tui_wait b "RECONNECTING, 0 queued"
expect_eq "no server started" "" "$(lib_server_pids)"

step "b (no right to start one) queues what is typed"
tui_keys b i
tui_type b "from b after kill-server"
tui_keys b Enter
tui_wait b "RECONNECTING, 1 queued"
# shown below the timeline as queued, not yet as an entry (no "(#")
tx capture-pane -p -t b | grep "queued *from b after kill-server" >/dev/null ||
	fail "the queued note is not shown as queued"
tui_lacks b "from b after kill-server (#" || fail "shown as stored"
expect_eq "still no server" "" "$(lib_server_pids)"

step "a (may start one) starts a server as soon as it has a note to send"
tui_keys a i
tui_type a "from a after kill-server"
tui_keys a Enter
tui_wait a "from a after kill-server (#" 20
tui_wait b "from b after kill-server (#" 20
tui_wait b "connected"
tui_lacks b "RECONNECTING" || fail "b still reconnecting"
expect_eq "a's note stored once" 1 "$(count 'from a after kill-server')"
expect_eq "b's note stored once" 1 "$(count 'from b after kill-server')"

step "kill -9 with only b attached: b waits, then resumes"
tui_keys a Escape q
tui_wait a "EXITED 0"
for p in $(lib_server_pids); do kill -9 "$p"; done
tui_wait b "RECONNECTING, 0 queued"
tui_type b "from b after kill -9"
tui_keys b Enter
tui_wait b "RECONNECTING, 1 queued"
sitrep log INC-1 "logged while b waited" >/dev/null
tui_wait b "from b after kill -9 (#" 20
tui_wait b "logged while b waited"
expect_eq "b's second note stored once" 1 "$(count 'from b after kill -9')"
tui_keys b Escape q
tui_wait b "EXITED 0"

step "another store's server takes the socket: nothing queued goes to it"
OTHER="$T/other.db"
tui_start c 100x30 "$SITREP_BIN" attach INC-1 "2>$T/c.err"
tui_wait c "connected"
sitrep kill-server >/dev/null
# A directory in place of the socket holds the outage (c may start a server).
wait_for 10 "a directory in place of the socket" \
    sh -c 'rm -f "$1" && mkdir "$1"' _ "$SOCK"
tui_wait c "RECONNECTING"
tui_keys c i
tui_type c "meant for the first store"
tui_keys c Enter
tui_wait c "RECONNECTING, 1 queued"
# The other store's server listens beside it first, then its socket takes
# the place of the directory at once: c, which may start a server of its
# own, never finds the place empty.
"$SITREP_BIN" -S "$T/other.sock" --db "$OTHER" serve >"$T/other.log" 2>&1 &
wait_for 10 "the other store's server" test -S "$T/other.sock"
rmdir "$SOCK"
mv "$T/other.sock" "$SOCK"
tui_wait c "EXITED 3" 20
expect_grep "c names both stores" "serves the store $OTHER, not" "$T/c.err"
expect_grep "c gives the note back" "meant for the first store" "$T/c.err"
"$SITREP_BIN" -S "$SOCK" kill-server >/dev/null
expect_eq "nothing stored in the other store" "0" \
    "$(sqlite3 "$OTHER" "select count(*) from events where body like '%meant for the first%'" 2>/dev/null || echo 0)"
expect_eq "nor in the first" 0 "$(count 'meant for the first store')"

step "a terminal given only the socket refuses a server of another store too"
sitrep ls >/dev/null
tui_start d 100x30 "$SITREP_BIN" -S "$SOCK" attach INC-1
tui_wait d "connected"
sitrep kill-server >/dev/null
tui_wait d "RECONNECTING"
tui_keys d i
tui_type d "meant for the store d attached to"
tui_keys d Enter
tui_wait d "RECONNECTING, 1 queued"
"$SITREP_BIN" -S "$SOCK" --db "$OTHER" serve >"$T/other2.log" 2>&1 &
tui_wait d "DISCONNECTED" 20
tui_wait d "now serves the store"
tui_wait d "$OTHER, not $DB as when this"
tui_wait d "> meant for the store d attached to"
"$SITREP_BIN" -S "$SOCK" kill-server >/dev/null
expect_eq "nothing stored in the other store" "0" \
    "$(sqlite3 "$OTHER" "select count(*) from events where body like \
'%meant for the store d%'" 2>/dev/null || echo 0)"
tui_keys d Escape q
tui_wait d "EXITED"
finish
