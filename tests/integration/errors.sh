# errors.sh: every bad input gets a clear message and the right exit status,
# and nothing already stored changes.
. "$TEST_SRCDIR/lib.sh"

sitrep new "Login errors" --sev 2 >/dev/null
sitrep log INC-1 "baseline entry" >/dev/null
sitrep tail INC-1 --json --no-follow >"$T/before.json"

step "usage errors exit 2"
expect_status "unknown verb" 2 sitrep frobnicate
expect_grep "unknown verb named" "frobnicate" "$T/err"
expect_status "missing text" 2 sitrep log INC-1
expect_status "bad time" 2 sitrep log INC-1 --at "25:99" "late note"
expect_grep "bad time explained" "25:99" "$T/err"
expect_status "bad entry type" 2 sitrep log INC-1 --type gossip "text"
expect_status "bad ref" 2 sitrep log INC-1 --ref nocolon "text"
expect_status "--help" 0 sitrep log --help
expect_grep "--help shows usage" "log" "$T/out"
expect_status "missing reason" 2 sitrep strike INC-1 2
expect_grep "reason asked for" "say why with --reason" "$T/err"
expect_grep "usage printed" "usage: sitrep strike INC SEQ --reason TEXT" "$T/err"
expect_status "unknown option" 2 sitrep strike INC-1 2 --frob x
expect_grep "option named" "unknown option --frob" "$T/err"

step "rule refusals exit 1 with a sentence"
expect_status "unknown incident" 1 sitrep log INC-99 "hello"
expect_grep "unknown incident named" "INC-99" "$T/err"
expect_status "update without unknown" 1 sitrep update INC-1 --impact "logins fail" \
    --known "auth 500s" --unknown "" --confidence likely
expect_grep "uncertainty rule explained" "unknown\|not known" "$T/err"
expect_status "factor during recovery" 1 sitrep factor INC-1 "pool too small"
expect_grep "points to park" "park" "$T/err"
expect_status "annotation during recovery" 1 sitrep annotate INC-1 2 "hindsight"
expect_grep "annotation points to park" "park" "$T/err"
expect_status "close during recovery" 1 sitrep status INC-1 closed
expect_status "accept without offer" 1 sitrep accept INC-1

step "a refusal names the option of the verb it concerns"
expect_status "update without --unknown" 1 sitrep update INC-1 \
    --impact "logins fail" --known "auth 500s" --confidence likely
expect_grep "the rule in words" \
    "^sitrep: a status update must say what is not known yet" "$T/err"
expect_grep "the flag named" "^sitrep update: this concerns --unknown TEXT" \
    "$T/err"

step "oversized and invalid text"
head -c 40000 /dev/zero | tr '\0' 'x' >"$T/big.txt"
expect_status "oversized entry" 1 sh -c "'$SITREP_BIN' log INC-1 - <'$T/big.txt'"
expect_grep "limit named" "limit" "$T/err"
printf 'bad \377\376 bytes' >"$T/bad.txt"
set +e
sitrep log INC-1 - <"$T/bad.txt" >"$T/out" 2>"$T/err"
st=$?
set -e
[ "$st" -eq 1 ] || [ "$st" -eq 2 ] || fail "invalid UTF-8: exit $st"
expect_grep "invalid UTF-8 named" "UTF-8" "$T/err"

step "invalid UTF-8 and control characters in options and names"
bad=$(printf 'x\377\376')
esc=$(printf 'ev\033[2Jil')
# Fail when the last command wrote an escape byte to standard error.
no_escape() {
	if grep -q "$(printf '\033')" "$T/err"; then
		fail "$1: an escape byte reached the terminal"
	fi
}
expect_status "reason not UTF-8" 2 sitrep status INC-1 monitoring --reason "$bad"
expect_grep "option named" "value of --reason is not valid UTF-8" "$T/err"
expect_status "tag not UTF-8" 2 sitrep log INC-1 --tag "$bad" "text"
expect_grep "tag option named" "value of --tag" "$T/err"
expect_status "strike reason not UTF-8" 2 sitrep strike INC-1 2 --reason "$bad"
expect_status "role user not UTF-8" 2 sitrep role INC-1 ops "$bad"
expect_grep "user name rule" "not a user name" "$T/err"
expect_status "role user with escape" 2 sitrep role INC-1 ops "$esc"
no_escape "role user with escape"
expect_status "handoff user with escape" 2 sitrep handoff INC-1 "$esc"
no_escape "handoff user with escape"
expect_grep "handoff user rule" "not a user name" "$T/err"
expect_status "unknown verb help with escape" 2 sitrep help "$esc"
no_escape "unknown verb help with escape"
expect_status "time zone with escape" 2 sitrep --tz "$esc" ls
no_escape "time zone with escape"
expect_grep "zone named" "unknown time zone" "$T/err"
expect_status "verb option with escape" 2 sitrep ls "--x$esc"
no_escape "verb option with escape"
expect_status "snooze with two durations" 2 sitrep snooze INC-1 15m 20m
expect_grep "one duration" "one duration" "$T/err"

step "stored events unchanged by all of the above"
sitrep tail INC-1 --json --no-follow >"$T/after.json"
cmp -s "$T/before.json" "$T/after.json" || fail "events changed: $(diff "$T/before.json" "$T/after.json")"

step "a store that is not a sitrep store, or is newer, is refused (exit 3)"
sitrep kill-server >/dev/null
sqlite3 "$T/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
expect_status "foreign SQLite file" 3 sitrep --db "$T/other.db" ls
expect_grep "not a sitrep store" "not a sitrep store" "$T/err"
printf 'this is not a database at all, just text.....................' >"$T/junk.db"
expect_status "not SQLite" 3 sitrep --db "$T/junk.db" ls
cp "$DB" "$T/newer.db"
sqlite3 "$T/newer.db" "PRAGMA user_version = 999"
expect_status "newer store" 3 sitrep --db "$T/newer.db" ls
expect_grep "newer explained" "newer" "$T/err"
expect_status "verify still ok" 0 sitrep verify
finish
