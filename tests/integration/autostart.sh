# autostart.sh: the first client starts the server; racing clients start one.
. "$TEST_SRCDIR/lib.sh"

step "no server yet: a verb starts one in the background"
expect_status "sitrep ls on an empty store" 0 sitrep ls
[ -S "$SOCK" ] || fail "no socket at $SOCK"
mode=$(stat -c %a "$(dirname "$SOCK")")
expect_eq "socket directory mode" 700 "$mode"
expect_eq "one server" 1 "$(lib_server_pids | wc -l)"

step "declaring goes through the running server"
expect_status "sitrep new" 0 sitrep new "Checkout is slow" --sev 2
expect_grep "new prints the ref" "INC-1" "$T/out"
expect_eq "still one server" 1 "$(lib_server_pids | wc -l)"

step "kill-server stops it; eight racing clients start exactly one"
expect_status "kill-server" 0 sitrep kill-server
wait_for 5 "server gone" sh -c "[ -z \"\$(pgrep -f '[s]itrep serve .*$XDG_RUNTIME_DIR')\" ]"
pids=""
for i in 1 2 3 4 5 6 7 8; do
	sitrep ls >"$T/race.$i" 2>&1 &
	pids="$pids $!"
done
for p in $pids; do
	wait "$p" || fail "a racing client failed: $(cat "$T"/race.*)"
done
expect_eq "one server after the race" 1 "$(lib_server_pids | wc -l)"
expect_grep "the store survived the restart" "INC-1" "$T/race.1"

step "a stale socket (server killed with -9) is replaced"
for p in $(lib_server_pids); do kill -9 "$p"; done
wait_for 5 "server gone" sh -c "[ -z \"\$(pgrep -f '[s]itrep serve .*$XDG_RUNTIME_DIR')\" ]"
[ -S "$SOCK" ] || fail "the dead server's socket should still be there"
expect_status "ls after a crash" 0 sitrep ls
expect_grep "ls after a crash lists INC-1" "INC-1" "$T/out"
finish
