#!/bin/sh
# ssh.sh: two people ssh into 127.0.0.1 (a private sshd on a random high
# port, key auth only, two throwaway OS users removed at the end) and attach
# to the same incident on a shared `serve --group` server. One types a note,
# the other sees it live. Then one ssh link is dropped abruptly (the ssh
# client killed): the remote sitrep gets SIGHUP and must exit, leaving the
# server, the incident and the other user unaffected. Finally SIGTERM to an
# attached sitrep gives the shell back a sane terminal.
. "$TEST_SRCDIR/lib.sh"
. "$TEST_SRCDIR/tui/lib-tui.sh"
. "$TEST_SRCDIR/tui/lib-ssh.sh"

G=srsg$$
U1=srs1$$
U2=srs2$$
SHARED="$T/shared"

step "throwaway users, keys and a private sshd"
lib_group "$G"
ssh_user "$U1" "$G"
ssh_user "$U2" "$G"
ssh_start "$U1 $U2"

"$SITREP_BIN" serve -D -S "$SHARED/sock" --group "$G" --db "$SHARED/db" \
    2>"$T/serve.log" &
SRV=$!
wait_for 10 "the shared server" test -S "$SHARED/sock"
REMOTE="env LC_ALL=C.UTF-8 TZ=UTC $USER_BIN -S $SHARED/sock"

# as USER COMMAND…: a sitrep verb as USER on the shared server (over ssh).
as() {
	u=$1
	shift
	ssh $SSHOPTS -T "$u@127.0.0.1" "$REMOTE $*" </dev/null
}

step "both ssh in and attach to the same incident"
as "$U1" new "'Shared ssh drill'" --sev 2 --drill >/dev/null
tui_start a 100x30 ssh $SSHOPTS "$U1@127.0.0.1" "'$REMOTE attach INC-1'"
tui_start b 100x30 ssh $SSHOPTS "$U2@127.0.0.1" "'$REMOTE attach INC-1'"
tui_wait a "IC $U1"
tui_wait b "IC $U1"

step "one types a note, the other sees it live"
tui_keys a i
tui_type a "seen over ssh by both"
tui_keys a Enter
tui_wait a "seen over ssh by both (#"
tui_wait b "seen over ssh by both (#"

step "drop one ssh link abruptly: its sitrep gets SIGHUP and exits"
pgrep -u "$U1" -f "sitrep.* attach" >/dev/null ||
    fail "no sitrep attach process of $U1 before the drop"
APANE=$(tx list-panes -t a -F '#{pane_pid}')
SSHPID=$(pgrep -P "$APANE" ssh)
kill -9 $SSHPID
tui_wait a "EXITED"
# No stray sitrep remains for the dropped user.
user_gone() {
	! pgrep -u "$U1" -f "sitrep.* attach" >/dev/null
}
wait_for 10 "$U1's sitrep to exit after the hang-up" user_gone ||
    pgrep -a -u "$U1"
kill -0 "$SRV" 2>/dev/null || fail "the shared server died"

step "the other user keeps working"
tui_keys b i
tui_type b "still here after the drop"
tui_keys b Enter
tui_wait b "still here after the drop (#"
as "$U2" tail INC-1 --json --no-follow >"$T/log"
expect_grep "the other's note stored" "still here after the drop" "$T/log"
expect_grep "the dropped user's note kept" "seen over ssh by both" "$T/log"
expect_eq "the incident is intact" 1 \
    "$(grep -c '"kind":"incident.declare"' "$T/log")"
tui_keys b Escape q
tui_wait b "EXITED 0"

step "SIGTERM restores the terminal: prompt back, typed text echoes"
tx new-session -d -s c -x 80 -y 24 "env PS1='PROMPT\$ ' sh"
tui_wait c "PROMPT$"
tui_type c "$SITREP_BIN -S $SHARED/sock attach INC-1"
tui_keys c Enter
tui_wait c "IC $U1"
# the sitrep attach child of the pane's shell
CPANE=$(tx list-panes -t c -F '#{pane_pid}')
wait_for 10 "the attached sitrep" pgrep -P "$CPANE" sitrep
kill -TERM "$(pgrep -P "$CPANE" sitrep)"
tui_gone c "IC $U1"
tui_wait c "PROMPT$"
tui_type c "echo typed-back-\$((6*7))"
tui_keys c Enter
tui_wait c 'echo typed-back-$((6*7))'
tui_wait c "typed-back-42"
tui_type c "stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e icanon -e -echo -e -icanon | sort | tr '\\n' ,; echo"
tui_keys c Enter
tui_wait c "echo,icanon,"
tui_screen c | grep -q -x -e "echo,icanon," ||
    fail "the terminal was not given back with echo and icanon"
# stdin must not be left non-blocking (dash would say "turning off NDELAY").
if tui_has c "NDELAY"; then
	fail "sitrep left the terminal in non-blocking mode"
fi
finish
