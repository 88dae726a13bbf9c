#!/bin/sh
# two-users.sh: two terminals that stand for two people, run as two real OS
# users (throwaway accounts created here and removed at the end) against one
# shared server (serve --group): a handoff offered in one terminal and
# accepted in the other (its To completed from the people the server
# admits), a live entry arriving while the other types, and each one's
# coming and going said to the other.
. "$TEST_SRCDIR/lib.sh"
. "$TEST_SRCDIR/tui/lib-tui.sh"

lib_need_users
G=srtg$$
U1=srt1$$
U2=srt2$$
U3=srt3$$
SHARED="$T/shared"
# Stop tmux and the shared server, then the usual clean-up (the users too).
two_cleanup() {
	tx kill-server >/dev/null 2>&1 || true
	[ -n "${SRV:-}" ] && kill "$SRV" 2>/dev/null || true
	lib_cleanup
}
trap two_cleanup EXIT
lib_group "$G"
lib_user "$U1" "$G"
lib_user "$U2" "$G"
lib_user "$U3" "$G" # admitted, never attached
"$SITREP_BIN" serve -D -S "$SHARED/sock" --group "$G" --db "$SHARED/db" &
SRV=$!
wait_for 10 "the shared server" test -S "$SHARED/sock"

# as USER COMMAND…: run a sitrep command as USER on the shared server.
as() {
	u=$1
	shift
	lib_as "$u" "LC_ALL=C.UTF-8 TZ=UTC $USER_BIN -S $SHARED/sock $*"
}

step "both attach"
as "$U1" new "Shared drill" --sev 2 --drill >/dev/null
tui_start a 100x30 su "$U1" -s /bin/sh -c "'cd $T && LC_ALL=C.UTF-8 TZ=UTC TERM=screen $USER_BIN -S $SHARED/sock attach INC-1'"
# a subscribed before b says hello: the server sends presence only on hello
# and on close, not on subscribe (reported), so the other order can leave a
# without the list of people attached.
tui_wait a "IC $U1"
tui_start b 100x30 su "$U2" -s /bin/sh -c "'cd $T && LC_ALL=C.UTF-8 TZ=UTC TERM=screen $USER_BIN -S $SHARED/sock attach INC-1'"
tui_wait a "IC $U1"
tui_wait b "IC $U1"
tui_wait a "$U2"
tui_wait a "$U2 joined"

step "a live entry arrives while the other is typing"
tui_keys b i
tui_type b "half-typed by two"
tui_keys a i
tui_type a "live from one"
tui_keys a Enter
tui_wait b "live from one"
tui_wait b "half-typed by two"
tui_keys b Enter
tui_wait a "half-typed by two (#"

step "the handoff form's To completes from the people who may connect"
tui_keys a Escape h
tui_wait a "Hand off command"
tui_wait a "Tab completes, Ctrl-N/Ctrl-P step:"
tui_wait a " $U2"
tui_wait a " $U3"
tui_type a "srt2"
tui_keys a Tab
tui_wait a "To (user)    $U2"

step "handoff offered in one terminal, accepted in the other"
tui_keys a C-s
tui_wait b "handoff offered to $U2 (:accept"
tui_keys b Escape :
tui_type b "accept"
tui_keys b Enter
tui_wait a "IC $U2"
tui_wait b "IC $U2"
tui_keys b q
tui_wait b "EXITED 0"
tui_wait a "$U2 left"
tui_keys a q
tui_wait a "EXITED 0"
finish
