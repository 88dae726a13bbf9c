# two-clients.sh: a follower sees another client's events live, and a
# follower that loses the server resumes with exactly what it missed.
. "$TEST_SRCDIR/lib.sh"

sitrep new "Search results empty" --sev 3 >/dev/null
sitrep tail INC-1 --json >"$T/tail.json" 2>"$T/tail.err" &
tail_pid=$!

step "the follower gets the history, then live entries"
wait_for 10 "declare in tail" grep -q '"incident.declare"' "$T/tail.json"
expect_status "log" 0 sitrep log INC-1 "first live note"
wait_for 10 "live note in tail" grep -q "first live note" "$T/tail.json"

step "server killed while following; entries written meanwhile arrive once"
for p in $(lib_server_pids); do kill -9 "$p"; done
for i in 1 2 3; do
	expect_status "log $i while the follower reconnects" 0 \
	    sitrep log INC-1 "missed note $i"
done
wait_for 15 "missed notes in tail" grep -q "missed note 3" "$T/tail.json"
expect_status "another live note" 0 sitrep log INC-1 "after the restart"
wait_for 10 "live note after restart" grep -q "after the restart" "$T/tail.json"
kill "$tail_pid" 2>/dev/null || true
wait "$tail_pid" 2>/dev/null || true
for text in "first live note" "missed note 1" "missed note 2" \
    "missed note 3" "after the restart"; do
	expect_eq "\"$text\" seen exactly once" 1 "$(grep -c "$text" "$T/tail.json")"
done
seqs=$(sed -n 's/.*"seq": *\([0-9]*\).*/\1/p' "$T/tail.json")
expect_eq "seqs strictly increasing, no duplicates" \
    "$(echo "$seqs" | sort -n -u | tr '\n' ' ')" "$(echo "$seqs" | tr '\n' ' ')"

step "tail --since N --no-follow returns exactly the events after N"
sitrep tail INC-1 --json --since 3 --no-follow >"$T/since.json"
expect_eq "events after seq 3" "$(sitrep tail INC-1 --json --no-follow |
    sed -n 's/.*"seq": *\([0-9]*\).*/\1/p' | awk '$1 > 3' | tr '\n' ' ')" \
    "$(sed -n 's/.*"seq": *\([0-9]*\).*/\1/p' "$T/since.json" | tr '\n' ' ')"
finish
