#!/bin/sh
# limits.sh: the server's limits from the command line and the
# configuration: a value out of range stops everything with the option (or
# file and line) and the range; the startup line states the limits in
# force, the command line winning over the file; a server started with
# --max-clients 2 refuses a third connection with the documented message;
# a small --max-rate refuses a burst of submissions from one connection.
. "$TEST_SRCDIR/lib.sh"

NAME=lim$$
export SITREP_RUNDIR="$T/shared" SITREP_STATEDIR="$T/state"
TEAM="$T/shared/$NAME/socket"
PIDS=""

# Stop what this script started, then the rest.
limits_cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	"$SITREP_BIN" -S "$TEAM" kill-server >/dev/null 2>&1 || true
	lib_cleanup
}
trap limits_cleanup EXIT

step "out of range or malformed: the option and the range, nothing starts"
expect_status "--max-clients 0" 2 sitrep serve -D --max-clients 0
expect_grep "clients range" \
    "sitrep serve: --max-clients is a number from 1 to 4096" "$T/err"
expect_status "--max-clients 4097" 2 sitrep serve -D --max-clients 4097
expect_grep "clients range (high)" "from 1 to 4096" "$T/err"
expect_status "--max-rate lots" 2 sitrep serve -D --max-rate lots
expect_grep "rate range" \
    "sitrep serve: --max-rate is a number from 1 to 1000000" "$T/err"
expect_status "--max-queue 1M" 2 sitrep serve -D --max-queue 1M
expect_grep "queue range" \
    "sitrep serve: --max-queue is a size from 2M to 512M" "$T/err"
expect_status "--max-queue 8G" 2 sitrep serve -D --max-queue 8G
expect_grep "queue form" "followed by K or M" "$T/err"
expect_grep "usage follows" "usage: sitrep serve" "$T/err"
test ! -e "$SOCK" || fail "a server started despite a bad limit"

step "a limit out of range in the configuration: file and line named"
printf 'name = %s\n# limits\nmax-queue = 1024\n' "$NAME" >"$T/bad.conf"
expect_status "serve refuses" 2 env SITREP_CONFIG="$T/bad.conf" \
    "$SITREP_BIN" serve -D --shared "$NAME"
expect_grep "file and line" \
    "$T/bad.conf:3: max-queue is a size from 2M to 512M" "$T/err"
test ! -e "$TEAM" || fail "a team server started despite a bad limit"

step "the configuration's limits, the command line winning"
printf 'name = %s\nmax-clients = 7\nmax-rate = 30\nmax-queue = 4M\n' \
    "$NAME" >"$T/team.conf"
SITREP_CONFIG="$T/team.conf" "$SITREP_BIN" serve -D --shared "$NAME" \
    --max-rate 40 2>"$T/team.log" &
PIDS="$PIDS $!"
wait_for 10 "the team server's startup line" grep -q "limits:" "$T/team.log"
expect_grep "limits in force" "listening on $TEAM (store $T/state/$NAME.db);\
 limits: max-clients 7, max-rate 40 a second per client (bursts of 80),\
 max-queue 4M" "$T/team.log"
"$SITREP_BIN" -S "$TEAM" kill-server >/dev/null 2>&1 ||
    fail "the team server did not stop"

step "--max-clients 2: a third connection is refused"
sitrep serve -D --max-clients 2 --max-rate 5 --max-queue 16M \
    2>"$T/serve.log" &
PIDS="$PIDS $!"
wait_for 10 "the startup line" grep -q "limits:" "$T/serve.log"
expect_grep "startup line" "limits: max-clients 2, max-rate 5 a second per\
 client (bursts of 10), max-queue 16M" "$T/serve.log"
sitrep new "Limits" --sev 3 >/dev/null
"$SITREP_BIN" tail INC-1 >"$T/tail1" 2>&1 &
T1=$!
PIDS="$PIDS $T1"
wait_for 10 "the first follower" grep -q "Limits" "$T/tail1"
"$SITREP_BIN" tail INC-1 >"$T/tail2" 2>&1 &
T2=$!
PIDS="$PIDS $T2"
wait_for 10 "the second follower" grep -q "Limits" "$T/tail2"
expect_status "the third connection" 1 sitrep log INC-1 "one too many"
expect_grep "the limit named" "^sitrep: this sitrep server already has 2\
 clients, its limit; close some and try again" "$T/err"
kill "$T1" "$T2"
wait "$T1" "$T2" 2>/dev/null || true
wait_for 10 "a connection admitted again" sitrep ls

step "--max-rate 5: a burst from one connection is refused"
expect_status "a burst (sitrep demo)" 1 sitrep demo
expect_grep "the rate named" "too many submissions: this connection may\
 make 5 a second (10 at once); try again in [0-9]* ms" "$T/err"
expect_status "a new connection may submit" 0 sitrep log INC-1 "in time"
sitrep tail INC-1 --no-follow >"$T/after"
expect_grep "stored after the burst" "in time" "$T/after"
if grep -q "one too many" "$T/after"; then
	fail "the refused connection's entry was stored"
fi

exit $((FAILS > 0))
