#!/bin/sh
# access.sh: a team's server (serve --shared) with responders and
# observers by group and by name, and a restricted incident. Observers
# read everything they may see and every write of theirs is refused with
# the documented message; outsiders are refused at connect with the rule;
# a restricted incident reads, on every read path, exactly like one that
# does not exist for whoever is not in its group. A malformed configuration
# line stops everything with its file and line. Needs root (throwaway
# users and groups, removed at the end).
. "$TEST_SRCDIR/lib.sh"

lib_need_users
s=$$
R=srar$s O=sraw$s SEC=sras$s
R1=sra1$s R2=sra2$s OB=srao$s OUT=srax$s AL=sraa$s OV=srav$s
NAME=acc$s
export SITREP_RUNDIR="$T/shared" SITREP_STATEDIR="$T/state"
SOCK="$T/shared/$NAME/socket"
lib_group "$R"
lib_group "$O"
lib_group "$SEC"
lib_user "$R1" "$R,$SEC"
lib_user "$R2" "$R"
lib_user "$OB" "$O"
lib_user "$OUT"
lib_user "$AL"
lib_user "$OV" "$R"

# Stop the shared server, then the rest.
access_cleanup() {
	"$SITREP_BIN" -S "$SOCK" kill-server >/dev/null 2>&1 || true
	lib_cleanup
}
trap access_cleanup EXIT

# as USER ARGS…: sitrep as USER on the shared server (through SITREP_SOCKET,
# as a configuration would point it).
as() {
	u=$1
	shift
	lib_as "$u" "SITREP_SOCKET='$SOCK' LC_ALL=C.UTF-8 TZ=UTC '$USER_BIN' $*"
}

step "a malformed configuration line: named with file and line, nothing starts"
printf 'name = ops\nbell = loud\n' >"$T/bad.conf"
expect_status "serve refuses" 2 env SITREP_CONFIG="$T/bad.conf" \
    "$SITREP_BIN" serve -D --shared "$NAME"
expect_grep "file and line" "$T/bad.conf:2: bell is yes or no" "$T/err"
expect_status "a verb refuses too" 2 env SITREP_CONFIG="$T/bad.conf" \
    "$SITREP_BIN" ls
test ! -e "$SOCK" || fail "a server started despite the bad line"

step "serve --shared: the rest from the configuration; both paths said"
cat >"$T/team.conf" <<EOF
# the team's server
name = $NAME
group = $R
observers = $O
allow = $AL
observer = $OV
EOF
chmod 644 "$T/team.conf"
SITREP_CONFIG="$T/team.conf" "$SITREP_BIN" serve -D --shared "$NAME" \
    2>"$T/serve.log" &
wait_for 10 "the shared server" test -S "$SOCK"
wait_for 10 "the startup line" grep -q "listening" "$T/serve.log"
expect_grep "startup line" \
    "listening on $SOCK (store $T/state/$NAME.db)" "$T/serve.log"
expect_eq "open door: directory" 755 "$(stat -c %a "$T/shared/$NAME")"
expect_eq "open door: socket" 666 "$(stat -c %a "$SOCK")"

step "responders write, by group and by name"
expect_status "responder declares" 0 as "$R1" new "'Checkout down'" --sev 2
expect_status "responder by name logs" 0 as "$AL" log INC-1 "'seen by al'"
expect_status "second responder logs" 0 as "$R2" log INC-1 "'seen by r2'"

step "observers read and follow, and cannot write"
as "$OB" ls >"$T/ls-ob"
expect_grep "observer lists" "Checkout down" "$T/ls-ob"
as "$OB" tail INC-1 --no-follow >"$T/tail-ob"
expect_grep "observer reads the timeline" "seen by r2" "$T/tail-ob"
expect_status "observer's note refused" 1 as "$OB" log INC-1 "'sneaky'"
expect_grep "says observer and whom to ask" \
    "$OB is an observer on this sitrep server: observers read and follow, they do not write; to respond, ask root to add you to group $R" \
    "$T/err"
expect_status "observer by name refused, though in the group" 1 \
    as "$OV" log INC-1 "'sneaky'"
expect_grep "observer by name" "$OV is an observer" "$T/err"
expect_status "observer cannot declare" 1 as "$OB" new "'x'"
as "$R1" tail INC-1 --json --no-follow >"$T/all.json"
expect_eq "nothing of the observers stored" 0 "$(grep -c sneaky "$T/all.json" || true)"

step "anyone else is refused at connect, with the rule"
expect_status "outsider refused" 3 as "$OUT" ls
expect_grep "the rule" \
    "user $OUT is not allowed on this sitrep server: it admits root, $AL and members of group $R; read-only: $OV and members of group $O" \
    "$T/err"

step "who: responders and observers, since when, how idle"
as "$OB" who --json >"$T/who.json"
expect_grep "the observer itself" "\"user\": \"$OB\", \"access\": \"ro\"" \
    "$T/who.json"
expect_grep "since and idle" '"since": [0-9]*, "idle_ms": [0-9]*' \
    "$T/who.json"

step "a restricted incident: a group that exists, with the declarer in it"
expect_status "no such group" 1 as "$R1" new "'x'" --restricted nosuch$s
expect_grep "no such group" "there is no group \"nosuch$s\"" "$T/err"
expect_status "declarer not in the group" 1 as "$R2" new "'x'" \
    --restricted "$SEC"
expect_grep "not a member" "not a member of group $SEC" "$T/err"
expect_status "restricted declared" 0 as "$R1" new "'Leaked signing key'" \
    --sev 1 --restricted "$SEC"
expect_grep "restricted said" "INC-2 declared (SEV1, restricted to $SEC)" \
    "$T/out"
as "$R1" log INC-2 "'rotated the key'" >/dev/null
as "$R1" log INC-1 "'after the leak'" >/dev/null

# same WHAT USER ARGS…: the output (stdout and stderr, INC-99 written as
# INC-2) and exit status of ARGS naming INC-2 and naming INC-99 are equal.
same() {
	what=$1 u=$2
	shift 2
	set +e
	as "$u" "$@" >"$T/a" 2>&1
	ra=$?
	as "$u" $(echo "$*" | sed 's/INC-2/INC-99/g') >"$T/b0" 2>&1
	rb=$?
	set -e
	sed 's/INC-99/INC-2/g' "$T/b0" >"$T/b"
	expect_eq "$what: exit status as for no incident" "$rb" "$ra"
	cmp -s "$T/a" "$T/b" || fail "$what: \"$(cat "$T/a")\" is not what a missing incident gives: \"$(cat "$T/b")\""
}

for u in "$R2" "$OB"; do
	step "$u: INC-2 reads exactly like an incident that does not exist"
	same "show" "$u" show INC-2
	same "tail" "$u" tail INC-2 --no-follow
	same "tail json" "$u" tail INC-2 --json --no-follow
	same "search in it" "$u" search key --inc INC-2
	same "export" "$u" export INC-2
	same "export json" "$u" export INC-2 --format json
	as "$u" ls --all >"$T/ls"
	expect_eq "not listed" 0 "$(grep -c INC-2 "$T/ls" || true)"
	as "$u" tail all --json --no-follow >"$T/tail-all"
	expect_eq "not in tail all" 0 "$(grep -c -e INC-2 -e 'signing' \
	    -e rotated "$T/tail-all" || true)"
	as "$u" search key >"$T/search"
	expect_eq "no search hit" 0 "$(grep -c -e signing -e rotated \
	    "$T/search" || true)"
	as "$u" verify >"$T/verify"
	expect_grep "verify counts what it sees" "ok: 4 events, chain intact" \
	    "$T/verify"
	as "$u" who --json >"$T/who"
	expect_eq "who tells no restricted incident" 0 \
	    "$(grep -c INC-2 "$T/who" || true)"
done
same "a note to it" "$R2" log INC-2 "'let me in'"
expect_status "an amend of its entry" 1 as "$R2" amend INC-1 5 "'x'" \
    --reason "'y'"
expect_grep "as if it had none" "INC-1 has no entry 5 to amend" "$T/err"

step "the terminal: the snapshot of INC-2 and its updates view as for none"
mkdir "$T/ui"
chmod 777 "$T/ui"
for inc in INC-2 INC-3; do
	lib_as "$R2" "SITREP_SOCKET='$SOCK' LC_ALL=C.UTF-8 TZ=UTC \
SITREP_UI_KEYS='2' SITREP_UI_DUMP='$T/ui/$inc' SITREP_UI_SIZE=100x30 \
NO_COLOR=1 '$USER_BIN' attach $inc" </dev/null >/dev/null 2>&1 || true
done
# the main pane (the side pane has idle times that tick)
sed 's/INC-3/INC-2/g' "$T/ui/INC-3" | cut -c1-70 >"$T/ui/none"
cut -c1-70 "$T/ui/INC-2" | cmp -s - "$T/ui/none" ||
    fail "the terminal tells INC-2 from an incident that does not exist"

step "members, the server's user and root see it"
as "$R1" ls >"$T/ls-r1"
expect_grep "member lists it" "INC-2.*Leaked signing key.*\\[restricted: $SEC\\]" \
    "$T/ls-r1"
as "$R1" tail all --json --no-follow >"$T/tail-r1"
expect_grep "member reads it in tail all" "rotated the key" "$T/tail-r1"
as "$R1" verify >"$T/verify-r1"
expect_grep "member's verify" "ok: 6 events, chain intact" "$T/verify-r1"
"$SITREP_BIN" -S "$SOCK" show INC-2 >"$T/show-root"
expect_grep "root sees it" "Leaked signing key" "$T/show-root"
expect_status "no handoff to a non-member" 1 as "$R1" handoff INC-2 "$R2"
expect_grep "handoff refused" "INC-2 is restricted to group $SEC, and $R2 is not a member" "$T/err"
expect_status "no handoff to an observer" 1 as "$R1" handoff INC-1 "$OB"
expect_grep "observer cannot take command" \
    "$OB is not a user of this host who may write on this sitrep server" \
    "$T/err"

step "a team server for one group keeps its door to the group"
: >"$T/empty.conf"
SITREP_CONFIG="$T/empty.conf" "$SITREP_BIN" serve --shared "g$NAME" \
    --group "$R" >/dev/null 2>&1
GSOCK="$T/shared/g$NAME/socket"
wait_for 10 "the group's server" test -S "$GSOCK"
expect_eq "directory" "750 $R" "$(stat -c '%a %G' "$T/shared/g$NAME")"
expect_eq "socket" "660 $R" "$(stat -c '%a %G' "$GSOCK")"
expect_eq "store" "$T/state/g$NAME.db" "$(ls "$T/state/g$NAME.db")"
lib_as "$R2" "SITREP_SOCKET='$GSOCK' '$USER_BIN' new 'Group only'" >/dev/null ||
    fail "a member cannot use the group's server"
"$SITREP_BIN" -S "$GSOCK" kill-server >/dev/null
finish
