#!/bin/sh
# make-demo.sh: make tests/golden/demo.json, the fixture the export tests
# import: `sitrep demo` told by one person (alex), then a handoff accepted
# by a second (sam), an entry recorded late, the analysis and a summary,
# exported in UTC with a fixed export time. It needs root (two throwaway
# users on a shared server). The fixture keeps the times it was made at;
# the tests take every time from it, so they never read the clock.
#   usage: tests/golden/make-demo.sh BUILD/sitrep > tests/golden/demo.json
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ "$(id -u)" -eq 0 ] || { echo "make-demo.sh: run as root" >&2; exit 1; }
for u in alex sam; do
	! id "$u" >/dev/null 2>&1 || { echo "make-demo.sh: user $u exists" >&2; exit 1; }
done
T=$(mktemp -d /tmp/sitrep-demo.XXXXXX)
chmod 755 "$T"
groupadd sitrepdemo
useradd -m -G sitrepdemo alex
useradd -m -G sitrepdemo sam
# Remove the server, the users and the directory.
cleanup() {
	kill "$SRV" 2>/dev/null || true
	userdel -r alex >/dev/null 2>&1 || true
	userdel -r sam >/dev/null 2>&1 || true
	groupdel sitrepdemo >/dev/null 2>&1 || true
	rm -rf "$T"
}
"$bin" serve -D -S "$T/sock" --group sitrepdemo --db "$T/db" &
SRV=$!
trap cleanup EXIT
while [ ! -S "$T/sock" ]; do sleep 0.1; done
# quote ARG: ARG in single quotes for sh.
quote() {
	printf "'%s'" "$(printf %s "$1" | sed "s/'/'\\\\''/g")"
}
# as USER ARGS…: sitrep as USER on the shared server.
as() {
	u=$1
	shift
	cmd="TZ=UTC LC_ALL=C.UTF-8 $bin -S $T/sock"
	for a in "$@"; do
		cmd="$cmd $(quote "$a")"
	done
	su "$u" -s /bin/sh -c "$cmd"
}
as alex demo --peer sam >/dev/null
as alex handoff INC-1 sam --brief "Resolved 15 minutes ago; checkout-service runs 2026.11.2.
Open: the analysis. Follow-ups F1 and F2 have owners; the DBA review of migration 0142 is tomorrow." >/dev/null
as sam accept INC-1 >/dev/null
as sam status INC-1 analysis >/dev/null
as sam log INC-1 --type observation --at -70m "Replica lag reached 40 s during the incident (found in the replica's log afterwards)" >/dev/null
as sam summary INC-1 --impact "For 77 minutes about a third of checkouts took over 4 s and 3% timed out." "Release 2026.11.3 added a query without an index on cart_items; under production load it saturated the primary database until the release was rolled back." >/dev/null
now=$(date +%s)
SOURCE_DATE_EPOCH=$((now + 3600)) TZ=UTC "$bin" -S "$T/sock" export INC-1 --format json --tz UTC
