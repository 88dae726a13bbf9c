#!/bin/sh
# basic.sh: one responder in a real terminal (tmux): declare from the list,
# a note, a back-dated note, refs and tags, help, views, resize to 80x24 and
# back, search with n/N, filter, detach and re-attach.
. "$TEST_SRCDIR/lib.sh"
. "$TEST_SRCDIR/tui/lib-tui.sh"
lib_noon_tz

step "the incident list, declare from it"
sitrep ls >/dev/null
tui_attach a
tui_wait a "No incidents yet"
tui_keys a d
tui_wait a "Declare an incident"
tui_type a "Checkout latency 支付 high"
tui_keys a Tab C-u
tui_type a "2"
tui_keys a C-s
tui_wait a "INC-1 SEV2"
tui_wait a "declares SEV2: Checkout latency 支付 high"
tui_wait a "missing: comms ops scribe"

step "a note, a back-dated note, refs and tags"
tui_keys a i
tui_type a "p99 at 4s on web-1 deploy:4711 #checkout"
tui_keys a Enter
tui_wait a "p99 at 4s on web-1 deploy:4711 #checkout"
if tui_has a "[deploy:4711]"; then
	fail "a ref already in the note's text is shown twice"
fi
tui_type a "@-5m first alert fired"
tui_keys a Enter
tui_wait a "first alert fired (rec"
sitrep tail INC-1 --json --no-follow >"$T/log.json"
expect_grep "note stored" "p99 at 4s on web-1" "$T/log.json"
expect_grep "ref picked out of the note" '"refs": *\["deploy:4711"\]' "$T/log.json"
expect_grep "tag picked out of the note" '"tags": *\["checkout"\]' "$T/log.json"
expect_grep "back-dated note stored" "first alert fired" "$T/log.json"

step "a refusal keeps the typed text"
tui_type a ":status closed"
tui_keys a Enter
tui_wait a "refused (:status STATUS): INC-1 closes from the analysis"
tui_wait a ":status closed"
tui_keys a C-u Escape

step "help, views"
tui_keys a Escape '?'
tui_wait a "Commands"
tui_keys a Escape 3
tui_wait a "Role history"
tui_keys a 5
tui_wait a "The analysis opens when INC-1 is resolved."
tui_keys a 1
tui_wait a "p99 at 4s"

step "resize to 80x24 and back"
tui_resize a 80 24
tui_wait a "i type  : cmd"
tui_keys a i
tui_type a "typed while small"
tui_resize a 120 40
tui_wait a "typed while small"
tui_keys a Enter
tui_wait a "typed while small (#"

step "search with n/N, filter"
for i in 1 2 3; do sitrep log INC-1 "needle number $i" >/dev/null; done
tui_wait a "needle number 3"
tui_keys a Escape /
tui_type a "needle"
tui_keys a Enter
tui_wait a "match 1 of 3"
tui_keys a n
tui_wait a "match 2 of 3"
tui_keys a N
tui_wait a "match 1 of 3"
tui_keys a f
tui_type a "tag=checkout"
tui_keys a Enter
tui_wait a "filter: tag=checkout"
tui_gone a "needle number 3"
tui_keys a :
tui_type a "filter"
tui_keys a Enter
tui_wait a "needle number 3"

step "detach and re-attach"
tui_keys a q
tui_wait a "EXITED 0"
sitrep ls >"$T/ls"
expect_grep "the incident goes on" "INC-1" "$T/ls"
tui_start b 100x30 "$SITREP_BIN" attach INC-1
tui_wait b "needle number 3"
tui_keys b q
tui_wait b "EXITED 0"
finish
