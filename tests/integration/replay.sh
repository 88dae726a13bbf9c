# replay.sh: a real outage, written down afterwards and out of order by two
# people, reads true. The facts of GitHub's public October 21, 2018
# post-incident analysis (tests/fixtures/github-2018-10-21.txt: 24 hours
# and 11 minutes over two days) are recorded through the verbs by two
# throwaway OS users, the timeline entries in a shuffled order; show must
# then read like the incident happened: the order, the dates, every
# duration to the minute, the warnings, a follow-up's life up to closing,
# and a late annotation after closing.
. "$TEST_SRCDIR/lib.sh"

lib_need_users
sfx=$$
grp=srr-g$sfx responder=srr-a$sfx coordinator=srr-b$sfx
shared=/tmp/sitrep-replay-$sfx
FIXTURE="$TEST_SRCDIR/fixtures/github-2018-10-21.txt"

# Stop the shared server and remove its directory, then the rest.
replay_cleanup() {
	"$SITREP_BIN" -S "$shared/sock" kill-server >/dev/null 2>&1 || true
	rm -rf "$shared"
	lib_cleanup
}
trap replay_cleanup EXIT

lib_group "$grp"
lib_user "$responder" "$grp"
lib_user "$coordinator" "$grp"
sitrep serve -S "$shared/sock" --db "$T/shared.db" --group "$grp" \
    >"$T/serve.out" 2>&1
wait_for 10 "the shared socket" test -S "$shared/sock"

# as WHO VERB ARGS…: run a verb as person 1 (responder) or 2 (coordinator)
# on the shared server; the words are already quoted for sh.
as() {
	who=$1
	shift
	[ "$who" = 1 ] && user=$responder || user=$coordinator
	lib_as "$user" "TZ=UTC '$USER_BIN' -S '$shared/sock' $*"
}

# record WHEN WHO VERB ARGS: one fact of the fixture, as its author, at
# its time; the text after the verb's options is quoted as one argument.
record() {
	when=$1 who=$2 verb=$3
	shift 3
	case $verb in
	log)
		# log --type TYPE TEXT…
		as "$who" log INC-1 "$1" "$2" --at "$when" "'$(echo "$*" |
		    cut -d' ' -f3- | sed "s/'/'\\\\''/g")'" ;;
	hyp)
		as "$who" hyp INC-1 open --at "$when" "'$(echo "$*" |
		    cut -d' ' -f2- | sed "s/'/'\\\\''/g")'" ;;
	*)
		as "$who" "$verb" INC-1 "$@" --at "$when" ;;
	esac >>"$T/record.out" 2>>"$T/record.err" ||
	    fail "could not record: $verb $* at $when ($(tail -1 "$T/record.err"))"
}

step "the first responder declares, back-dated"
expect_status "declare" 0 as 1 new --sev 1 --at 2018-10-21T23:09:00Z \
    --tz UTC "'Degraded service: stale data, no webhooks or Pages builds'"

step "the facts recorded: the state changes in order, the entries shuffled"
# The state changes (marks, status) keep their order, since the rules judge
# each in recording order; the timeline entries go in between them in a
# fixed shuffled order (awk's generator with a fixed seed).
grep -v '^#' "$FIXTURE" | grep -v '|log \||hyp ' >"$T/state"
grep -v '^#' "$FIXTURE" | grep '|log \||hyp ' |
    awk 'BEGIN { srand(1021) } { print rand() "\t" $0 }' | sort -n |
    cut -f2- >"$T/entries"
total=$(wc -l <"$T/entries")
handed=0
n=0
while IFS='|' read -r when who rest; do
	# The coordinator takes command before their first state change.
	if [ "$who" = 2 ] && [ "$handed" = 0 ]; then
		as 1 handoff INC-1 "$coordinator" --at 2018-10-21T23:12:00Z \
		    >/dev/null || fail "handoff"
		as 2 accept INC-1 --at 2018-10-21T23:12:30Z >/dev/null ||
		    fail "accept"
		handed=1
	fi
	# shellcheck disable=SC2086
	record "$when" "$who" $rest
	# A third of the entries after each state change, then the rest.
	head -n 6 "$T/entries" >"$T/now" && sed -i '1,6d' "$T/entries"
	while IFS='|' read -r ew ewho erest; do
		# shellcheck disable=SC2086
		record "$ew" "$ewho" $erest
		n=$((n + 1))
	done <"$T/now"
done <"$T/state"
while IFS='|' read -r ew ewho erest; do
	# shellcheck disable=SC2086
	record "$ew" "$ewho" $erest
	n=$((n + 1))
done <"$T/entries"
expect_eq "every entry recorded" "$total" "$n"
expect_eq "no refusal while recording" 0 "$(grep -c . "$T/record.err" || true)"

step "show reads like the incident happened"
TZ=UTC sitrep -S "$shared/sock" show INC-1 -n 0 >"$T/show"
grep -o '^#[0-9]* *2018-10-2[12] [0-9:]*' "$T/show" | awk '{ print $2 " " $3 }' \
    >"$T/times"
sort -c "$T/times" 2>/dev/null ||
	fail "the timeline is not in the order things happened: $(cat "$T/times")"
expect_grep "dated: day one" "2018-10-21 22:52  $responder" "$T/show"
expect_grep "dated: day two" "2018-10-22 23:03  $coordinator" "$T/show"
expect_grep "the zone named" "^zone: UTC" "$T/show"
expect_grep "time to detect" \
    "time to detect   detected − impact start    = 2m 00s" "$T/show"
expect_grep "time to declare" \
    "time to declare  declared − detected        = 15m 00s" "$T/show"
expect_grep "time to mitigate" \
    "time to mitigate mitigated − impact start   = 17h 32m" "$T/show"
expect_grep "time to resolve" \
    "time to resolve  resolved − impact start    = 1d 0h 11m" "$T/show"
expect_grep "command changed hands" \
    "$coordinator .*(accepted a handoff; the brief:)" "$T/show"

step "the analysis: a blameless warning, a follow-up's life, closing"
as 2 status INC-1 analysis >/dev/null 2>&1 || fail "analysis"
as 2 factor INC-1 --category detection "'operator error during the optical maintenance'" \
    >"$T/out" 2>"$T/err" || fail "factor"
expect_grep "blameless warning" "\"operator error\" points at a person" "$T/err"
as 2 factor INC-1 --category integration \
    "'Orchestrator could promote primaries across coasts with no check of replication state'" \
    >/dev/null 2>&1 || fail "second factor"
as 2 followup INC-1 add "'Orchestrator must not promote across regions without a person'" \
    --factor 2 >/dev/null 2>&1 || fail "follow-up"
as 2 summary INC-1 "'A 43-second network partition led to 24 hours of degraded service'" \
    --impact "'Stale data; webhooks and Pages builds delayed up to a day'" \
    >/dev/null 2>&1 || fail "summary"
expect_status "close needs an owner" 1 as 2 status INC-1 closed
expect_grep "says what is missing" "an owner (a team or role) on follow-up 1" \
    "$T/err"
as 2 followup INC-1 set 1 --owner "'database infrastructure'" \
    --due 2099-01-01 >/dev/null 2>&1 || fail "owner given"
as 2 followup INC-1 set F1 --state in-progress --note "'design review booked'" \
    >/dev/null 2>&1 || fail "state moved"
expect_status "closes" 0 as 2 status INC-1 closed

step "a late hindsight note after closing, without reopening the outage"
expect_status "back to the analysis" 0 as 2 status INC-1 analysis \
    --reason "'a hindsight note from the review'"
first=$(grep -m1 "43 s of lost connectivity" "$T/show" | sed 's/^#\([0-9]*\).*/\1/')
expect_status "annotate" 0 as 1 annotate INC-1 "$first" \
    "'the partition lasted 43 s; the topology change outlived it by a day'"
expect_status "closes again" 0 as 2 status INC-1 closed
TZ=UTC sitrep -S "$shared/sock" show INC-1 >"$T/show2"
expect_grep "closed" "status: closed" "$T/show2"
expect_grep "the annotation kept apart" "on #$first: the partition lasted" \
    "$T/show2"
expect_grep "the follow-up's state" "F1   in-progress" "$T/show2"
if grep -q "moves to investigating" "$T/show2"; then
	fail "the outage was reopened"
fi
finish
