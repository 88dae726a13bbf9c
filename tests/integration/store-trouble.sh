# store-trouble.sh: a full disk, a store locked by another process, and a
# store the user may not write. Each submission is refused with the reason
# and exit status 3, reading goes on, nothing acknowledged is lost, and the
# store verifies afterwards. Needs root (mount, runuser); skips (77) without.
. "$TEST_SRCDIR/lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: needs root (tmpfs mount, runuser -u nobody)"
	exit 77
fi
FULL="$T/full"
SKIPPED=0

# Stop the servers, unmount the small file system, then the usual cleanup.
trouble_cleanup() {
	for db in "$FULL/s.db" "$T/lock/s.db"; do
		"$SITREP_BIN" --db "$db" kill-server >/dev/null 2>&1 || true
	done
	umount "$FULL" 2>/dev/null || true
	lib_cleanup
}
trap trouble_cleanup EXIT

# The events of a store as JSON lines, through the server.
trouble_events() {
	"$SITREP_BIN" --db "$1" tail all --json --no-follow
}

step "disk full: refused with the reason, reading goes on"
mkdir -p "$FULL"
if mount -t tmpfs -o size=600k tmpfs "$FULL" 2>/dev/null; then
	D="$FULL/s.db"
	sitrep --db "$D" new "disk test" >/dev/null
	for i in 1 2 3; do sitrep --db "$D" log INC-1 "entry $i" >/dev/null; done
	trouble_events "$D" >"$T/full-before.json"
	dd if=/dev/zero of="$FULL/filler" bs=1k 2>/dev/null || true
	big=$(head -c 3000 /dev/zero | tr '\0' y)
	for i in 1 2; do
		expect_status "submit on a full disk" 3 \
		    sitrep --db "$D" log INC-1 "full $i $big"
	done
	expect_grep "disk full named" "disk is full" "$T/err"
	expect_grep "what to do" "free some space" "$T/err"
	expect_status "reading on a full disk" 0 sitrep --db "$D" show INC-1
	trouble_events "$D" >"$T/full-during.json"
	cmp -s "$T/full-before.json" "$T/full-during.json" ||
	    fail "events changed on a full disk"
	step "disk full: a server started on the full disk still serves reading"
	sitrep --db "$D" kill-server >/dev/null
	expect_status "reading after a restart on a full disk" 0 \
	    sitrep --db "$D" show INC-1
	expect_grep "the incident is shown" "disk test" "$T/out"
	expect_status "submit after a restart on a full disk" 3 \
	    sitrep --db "$D" log INC-1 "full again $big"
	expect_grep "disk full named after a restart" "disk is full" "$T/err"
	rm -f "$FULL/filler"
	expect_status "submit after freeing space" 0 \
	    sitrep --db "$D" log INC-1 "space again"
	expect_status "verify after a full disk" 0 sitrep --db "$D" verify
	expect_eq "acknowledged events kept" 5 \
	    "$(trouble_events "$D" | grep -c '"seq"')"
	sitrep --db "$D" kill-server >/dev/null
	expect_eq "integrity_check" ok "$(sqlite3 "$D" 'PRAGMA integrity_check')"
else
	echo "cannot mount a tmpfs here; disk-full part skipped"
	SKIPPED=$((SKIPPED + 1))
fi

step "store locked by another process"
D="$T/lock/s.db"
mkdir -p "$T/lock"
sitrep --db "$D" new "lock test" >/dev/null
sitrep --db "$D" kill-server >/dev/null
trouble_events "$D" >"$T/lock-before.json"
mkfifo "$T/fifo"
sqlite3 "$D" <"$T/fifo" >"$T/sqlite.out" 2>&1 &
holder=$!
exec 7>"$T/fifo"
echo "BEGIN EXCLUSIVE; SELECT 'locked';" >&7
wait_for 10 "the other process holds the lock" grep -q locked "$T/sqlite.out"
expect_status "reading while locked (server starts)" 0 sitrep --db "$D" ls
expect_status "submit while locked" 3 sitrep --db "$D" log INC-1 "blocked"
expect_grep "lock named" "locked by another process" "$T/err"
expect_grep "nothing recorded said" "nothing was recorded" "$T/err"
exec 7>&-
wait "$holder" || true
trouble_events "$D" >"$T/lock-after.json"
cmp -s "$T/lock-before.json" "$T/lock-after.json" ||
    fail "events changed while locked"
expect_status "submit after the lock is gone" 0 \
    sitrep --db "$D" log INC-1 "free again"
expect_status "verify after the lock" 0 sitrep --db "$D" verify

step "permission denied and a read-only store (as nobody)"
if command -v runuser >/dev/null &&
    runuser -u nobody -- test -x "$SITREP_BIN" 2>/dev/null; then
	chmod 711 "$T"
	mkdir -p "$T/nobody/run" "$T/private" "$T/ro"
	chown -R nobody "$T/nobody"
	chmod 700 "$T/private" "$T/nobody/run"
	# Run sitrep as nobody in its own home and socket directory.
	as_nobody() {
		runuser -u nobody -- env -i PATH=/usr/bin:/bin \
		    HOME="$T/nobody" XDG_RUNTIME_DIR="$T/nobody/run" TZ=UTC \
		    LC_ALL=C.UTF-8 "$SITREP_BIN" "$@"
	}
	expect_status "store in a private directory" 3 \
	    as_nobody --db "$T/private/s.db" new "not mine"
	expect_grep "permission named" "Permission denied" "$T/err"
	expect_grep "what to do" "permissions" "$T/err"
	[ ! -e "$T/private/s.db" ] || fail "a store was created anyway"
	expect_status "verify in a private directory" 3 \
	    as_nobody --db "$T/private/s.db" verify
	expect_grep "verify names the permission" "Permission denied" "$T/err"
	expect_grep "verify says what to do" "permissions" "$T/err"
	D="$T/ro/s.db"
	sitrep --db "$D" new "read-only test" >/dev/null
	sitrep --db "$D" kill-server >/dev/null
	chmod 755 "$T/ro"
	chmod 644 "$D"
	cp "$D" "$T/ro-before.db"
	expect_status "write to a read-only store" 3 \
	    as_nobody --db "$D" log INC-1 "hello"
	expect_grep "read-only named" "read-only" "$T/err"
	expect_grep "read-only: what to do" "writable" "$T/err"
	expect_status "verify a read-only store" 0 as_nobody --db "$D" verify
	cmp -s "$D" "$T/ro-before.db" || fail "the read-only store changed"
else
	echo "nobody cannot run $SITREP_BIN; permission part skipped"
	SKIPPED=$((SKIPPED + 1))
fi
[ "$SKIPPED" -lt 2 ] || exit 77
finish
