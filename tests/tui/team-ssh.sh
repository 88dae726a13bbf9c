#!/bin/sh
# team-ssh.sh: a jump host as the README sets it up. A private sshd on
# 127.0.0.1 (a free high port, throwaway host and user keys) whose
# ForceCommand is `sitrep attach --from-ssh`; a team server
# (`serve --shared`) whose configuration file names it and says who may
# connect. Two responders and one observer ssh in, each in a tmux pane, and
# land in sitrep: one declares and offers command, the other accepts, the
# observer sees all of it live and cannot write; a user outside the groups
# is refused with the documented message; a restricted incident is not
# seen by the responder outside its group. Throwaway OS users and groups,
# removed at the end.
. "$TEST_SRCDIR/lib.sh"
. "$TEST_SRCDIR/tui/lib-tui.sh"

. "$TEST_SRCDIR/tui/lib-ssh.sh"

s=$$
R=srtr$s O=srto$s SEC=srts$s
U1=srt1$s U2=srt2$s OB=srtb$s OUT=srtx$s
NAME=team$s
export SITREP_RUNDIR="$T/shared" SITREP_STATEDIR="$T/state"
SOCK="$T/shared/$NAME/socket"


step "throwaway groups, users, keys"
lib_group "$R"
lib_group "$O"
lib_group "$SEC"
ssh_user "$U1" "$R,$SEC"
ssh_user "$U2" "$R"
ssh_user "$OB" "$O"
ssh_user "$OUT"

step "the team server, from the configuration file"
cat >"$T/sitrep.conf" <<EOF
# what /etc/sitrep.conf says on the jump host
name = $NAME
group = $R
observers = $O
EOF
chmod 644 "$T/sitrep.conf"
SITREP_CONFIG="$T/sitrep.conf" "$SITREP_BIN" serve -D --shared "$NAME" \
    2>"$T/serve.log" &
SRV=$!
wait_for 10 "the team server" test -S "$SOCK"

step "a private sshd whose ForceCommand lands everyone in sitrep"
ssh_start "$U1 $U2 $OB $OUT" "ForceCommand env SITREP_CONFIG=$T/sitrep.conf \
SITREP_RUNDIR=$T/shared LC_ALL=C.UTF-8 TZ=UTC $USER_BIN attach --from-ssh"

# land NAME USER [COMMAND]: USER logs in with ssh in tmux session NAME
# (names t1…: a one-letter name would also match a window called bash).
land() {
	tui_start "$1" 100x30 ssh $SSHOPTS "$2@127.0.0.1" ${3:-}
}

step "two responders and an observer land in the incident list"
land t1 "$U1"
land t2 "$U2"
land t3 "$OB"
tui_wait t1 "sitrep — incidents"
tui_wait t2 "sitrep — incidents"
tui_wait t3 "observer, connected"

step "one declares in the terminal"
tui_keys t1 d
tui_wait t1 "Declare an incident"
tui_type t1 "Checkout down for EU"
tui_keys t1 C-s
tui_wait t1 "IC $U1"

step "the other responder and the observer open it from the list"
for p in t2 t3; do
	tui_keys "$p" r
	tui_wait "$p" "Checkout down for EU"
	tui_keys "$p" Enter
	tui_wait "$p" "IC $U1"
done
tui_wait t1 "$OB"
tui_wait t1 "obs"

step "command offered in one terminal, accepted in the other"
tui_keys t1 :
tui_type t1 "handoff $U2"
tui_keys t1 Enter
tui_wait t1 "Hand off command"
tui_keys t1 C-s
tui_wait t2 "handoff offered to $U2 (:accept"
tui_wait t3 "handoff offered to $U2"
tui_keys t2 :
tui_type t2 "accept"
tui_keys t2 Enter
tui_wait t1 "IC $U2"
tui_wait t2 "IC $U2"
tui_wait t3 "IC $U2"

step "the observer sees every entry live and cannot write"
tui_keys t2 i
tui_type t2 "EU traffic drained to US"
tui_keys t2 Enter
tui_wait t3 "EU traffic drained to US (#"
tui_keys t3 i
tui_wait t3 "records something, and you are an observer"
tui_keys t3 :
tui_type t3 "note from the observer"
tui_keys t3 Enter
tui_wait t3 "refused: $OB is an observer on this sitrep server"
tui_keys t3 Escape
tui_lacks t3 "u update" || fail "the observer's hint bar offers u"
"$SITREP_BIN" -S "$SOCK" tail INC-1 --json --no-follow >"$T/log"
expect_eq "nothing of the observer stored" 0 \
    "$(grep -c "from the observer" "$T/log" || true)"

step "a login that lands in sitrep writes no files on the host"
tui_keys t2 Escape :
tui_type t2 "export --format html"
tui_keys t2 Enter
tui_wait t2 "this login opens the incident terminal only"
test ! -e "/home/$U2/INC-1.html" || fail "the ForceCommand login wrote a file"

step "a user outside the groups is refused with the rule"
land t4 "$OUT"
tui_wait t4 "EXITED 3"
tx capture-pane -p -J -t t4 >"$T/out-screen"
expect_grep "the rule, after the terminal is given back" \
    "^sitrep: user $OUT is not allowed on this sitrep server: it admits root and members of group $R; read-only: members of group $O\$" \
    "$T/out-screen"

step "ssh asking for one incident lands in it; anything else is refused"
land t5 "$U2" "'sitrep attach INC-1'"
tui_wait t5 "IC $U2"
tui_keys t5 q
tui_wait t5 "EXITED 0"
land t6 "$U2" "'sitrep ls'"
tui_wait t6 "this login opens the incident terminal only"

step "from a laptop: attach --via runs it over ssh -t"
tui_start t8 100x30 "SITREP_SSH='ssh $SSHOPTS'" "$SITREP_BIN" attach \
    --via "$U1@127.0.0.1" INC-1
tui_wait t8 "IC $U2"
tui_wait t8 "EU traffic drained to US"
tui_keys t8 q
tui_wait t8 "EXITED 0"

step "a restricted incident, not seen outside its group"
tui_keys t1 L
tui_wait t1 "Incidents, open first"
tui_keys t1 d
tui_wait t1 "Declare an incident"
tui_type t1 "Signing key leaked"
tui_keys t1 Tab Tab Tab
tui_type t1 "$SEC"
tui_keys t1 C-s
tui_wait t1 "IC $U1"
tui_wait t1 "only $SEC"
"$SITREP_BIN" -S "$SOCK" ls >"$T/ls"
expect_grep "declared restricted" "Signing key leaked.*restricted: $SEC" \
    "$T/ls"
for p in t2 t3; do
	tui_keys "$p" Escape L
	tui_wait "$p" "Incidents, open first"
	tui_keys "$p" r
	tui_wait "$p" "Checkout down for EU"
	tui_lacks "$p" "Signing key" || fail "$p sees the restricted incident"
done
land t7 "$U2" "'sitrep attach INC-2'"
tui_wait t7 "(no entries yet"
tui_lacks t7 "Signing key" || fail "INC-2 opened for $U2"
tui_lacks t7 "SEV" || fail "INC-2 has a state for $U2"

step "everyone detaches; the server goes on"
for p in t1 t2 t3 t7; do
	tui_keys "$p" q
	tui_wait "$p" "EXITED 0"
done
kill -0 "$SRV" 2>/dev/null || fail "the team server died"
finish
