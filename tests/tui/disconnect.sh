#!/bin/sh
# disconnect.sh: a terminal whose user the restarted team server no longer
# admits says DISCONNECTED with the server's rule, stops reconnecting, and
# gives back what is typed afterwards ("not sent"), in the input line.
# Needs root (throwaway users, removed at the end).
. "$TEST_SRCDIR/lib.sh"
. "$TEST_SRCDIR/tui/lib-tui.sh"

lib_need_users
s=$$
U1=srd1$s U2=srd2$s NAME=dis$s
export SITREP_RUNDIR="$T/shared" SITREP_STATEDIR="$T/state"
SOCK="$T/shared/$NAME/socket"
lib_user "$U1"
lib_user "$U2"

# Stop tmux and the shared server, then the rest.
disconnect_cleanup() {
	tx kill-server >/dev/null 2>&1 || true
	"$SITREP_BIN" -S "$SOCK" kill-server >/dev/null 2>&1 || true
	lib_cleanup
}
trap disconnect_cleanup EXIT

# serve USER…: the team's server, admitting root and each USER by name.
serve() {
	echo "name = $NAME" >"$T/team.conf"
	for u in "$@"; do
		echo "allow = $u" >>"$T/team.conf"
	done
	chmod 644 "$T/team.conf"
	SITREP_CONFIG="$T/team.conf" "$SITREP_BIN" serve -D --shared "$NAME" \
	    2>"$T/serve.log" &
	wait_for 10 "the shared server" test -S "$SOCK"
}

step "a responder admitted by name attaches"
serve "$U1" "$U2"
"$SITREP_BIN" -S "$SOCK" new "Admission drill" --sev 3 >/dev/null
tui_start a 80x24 su "$U1" -s /bin/sh -c "'cd $T && LC_ALL=C.UTF-8 TZ=UTC TERM=screen SITREP_SOCKET=$SOCK $USER_BIN attach INC-1'"
tui_wait a "connected"

step "the server comes back without it: DISCONNECTED, with the rule"
"$SITREP_BIN" -S "$SOCK" kill-server >/dev/null
tui_wait a "RECONNECTING"
serve "$U2"
tui_wait a "DISCONNECTED" 20
tui_wait a "disconnected for good: user $U1 is not allowed"
tui_lacks a "RECONNECTING" || fail "still reconnecting"

step "a note typed then is refused and given back, nothing stored"
tui_keys a i
tui_type a "typed after the door closed"
tui_keys a Enter
tui_wait a "not sent"
tui_wait a "> typed after the door closed"
"$SITREP_BIN" -S "$SOCK" tail INC-1 --json --no-follow >"$T/log"
if grep -q "typed after the door closed" "$T/log"; then
	fail "the note was stored"
fi
tui_keys a Escape q
tui_wait a "EXITED"
finish
