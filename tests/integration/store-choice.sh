#!/bin/sh
# store-choice.sh: a client given a store (--db, $SITREP_DB) that finds a
# server of another store on the socket (-S, $SITREP_SOCKET) refuses before
# it sends anything, naming both stores; the verbs and the terminal alike.
# A socket named alone takes the store its server serves.
. "$TEST_SRCDIR/lib.sh"

sitrep new "Team incident" --sev 2 >/dev/null
OTHER="$T/drill/other.db"
mkdir -p "$T/drill"

step "-S with another --db: refused, both stores named, exit 3"
expect_status "ls" 3 sitrep -S "$SOCK" --db "$OTHER" ls
expect_grep "the server's store named" "serves the store $DB" "$T/err"
expect_grep "the store asked for named" "not $OTHER (named by --db)" "$T/err"

step "\$SITREP_SOCKET with a --db that does not exist: nothing logged"
expect_status "log" 3 env SITREP_SOCKET="$SOCK" "$SITREP_BIN" log \
    --db /nonexistent/x.db INC-1 "private drill note"
expect_grep "both named" "not /nonexistent/x.db (named by --db)" "$T/err"
sitrep show INC-1 >"$T/show"
if grep -q "private drill note" "$T/show"; then
	fail "the note went into the socket's store"
fi

step "\$SITREP_SOCKET with \$SITREP_DB of another store: refused"
expect_status "ls" 3 env SITREP_SOCKET="$SOCK" SITREP_DB="$OTHER" \
    "$SITREP_BIN" ls
expect_grep "named by the variable" "(named by \$SITREP_DB)" "$T/err"

step "the terminal refuses too, after restoring the screen"
expect_status "attach" 3 env SITREP_UI_KEYS= SITREP_UI_DUMP="$T/screen" \
    "$SITREP_BIN" -S "$SOCK" --db "$OTHER" attach
expect_grep "terminal names both" "serves the store $DB, not $OTHER" "$T/err"

step "the same store by another path, or the socket alone: accepted"
ln -s "$XDG_DATA_HOME/sitrep" "$T/link"
expect_status "same store through a link" 0 sitrep -S "$SOCK" \
    --db "$T/link/sitrep.db" ls
expect_grep "its incidents" "Team incident" "$T/out"
expect_status "socket alone" 0 sitrep -S "$SOCK" ls
expect_grep "the socket's store" "Team incident" "$T/out"

step "--db alone gets that store's own server"
expect_status "new in the other store" 0 sitrep --db "$OTHER" new "Drill" \
    --drill
expect_status "ls of the other store" 0 sitrep --db "$OTHER" ls
expect_grep "drill there" "Drill" "$T/out"
sitrep ls >"$T/ls"
if grep -q "Drill" "$T/ls"; then
	fail "the drill is in the default store"
fi
sitrep --db "$OTHER" kill-server >/dev/null
finish
