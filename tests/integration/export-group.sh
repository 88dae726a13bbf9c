# export-group.sh: a member of a shared server's group, who cannot read
# the store's file, exports through the server: the JSON is the same,
# byte for byte, as the one read from the file; and only the server's own
# user (or root) may import. Runs as root with throwaway users.
. "$TEST_SRCDIR/lib.sh"

if [ "$(id -u)" -ne 0 ] || ! command -v useradd >/dev/null 2>&1 ||
    ! command -v su >/dev/null 2>&1; then
	echo "needs root with useradd and su to create a second user: skipping"
	exit 77
fi
G=srxg$$
U=srx$$
SHARED="$T/shared"
FIX="$TEST_SRCDIR/golden/demo.json"
AT=$(sed -n '1s/.*"exported_at":\([0-9]*\)000,.*/\1/p' "$FIX")
# Remove the throwaway user and group, then the usual clean-up.
group_cleanup() {
	[ -n "${SRV:-}" ] && kill "$SRV" 2>/dev/null || true
	userdel -r "$U" >/dev/null 2>&1 || true
	groupdel "$G" >/dev/null 2>&1 || true
	lib_cleanup
}
trap group_cleanup EXIT
groupadd "$G"
useradd -m -G "$G" "$U"
chmod 755 "$T"
mkdir -p "$SHARED"
# A shared server's socket directory belongs to its group (sitrep(1)).
chgrp "$G" "$SHARED"
chmod 0750 "$SHARED"
cp "$FIX" "$T/demo.json"
chmod 644 "$T/demo.json"
"$SITREP_BIN" serve -D -S "$SHARED/sock" --group "$G" --db "$SHARED/db" &
SRV=$!
wait_for 10 "the shared server" test -S "$SHARED/sock"

# as_member ARGS…: sitrep as the member on the shared server.
as_member() {
	su "$U" -s /bin/sh -c "cd /tmp && TZ=UTC LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=$AT $SITREP_BIN -S $SHARED/sock $*"
}

step "the server's own user imports"
expect_status "import" 0 sitrep -S "$SHARED/sock" import "$T/demo.json"
if su "$U" -s /bin/sh -c "test -r $SHARED/db"; then
	fail "the member can read the store file; the test needs it not to"
fi

step "the member's JSON export comes through the server, the same bytes"
as_member export INC-1 --format json >"$T/member.json" || fail "member export"
cmp -s "$FIX" "$T/member.json" || fail "the export through the server differs: $(diff "$FIX" "$T/member.json" | head -5)"
as_member export INC-1 --format md >"$T/member.md" || fail "member md"
expect_grep "member's postmortem" "^# INC-1: Checkout latency" "$T/member.md"

step "an incident of several pages: the same bytes through the server"
# 40 notes of 15 000 characters make more than one page (sitrep-export(5)).
long=$(head -c 15000 /dev/zero | tr '\0' 'x')
sitrep -S "$SHARED/sock" new "Many pages" >/dev/null
i=0
while [ $i -lt 40 ]; do
	sitrep -S "$SHARED/sock" log INC-2 "note $i $long" >/dev/null ||
	    fail "log $i"
	i=$((i + 1))
done
SOURCE_DATE_EPOCH=$AT sitrep -S "$SHARED/sock" export INC-2 --format json \
    >"$T/file.json" || fail "export from the file"
as_member export INC-2 --format json >"$T/paged.json" || fail "paged export"
cmp -s "$T/file.json" "$T/paged.json" || fail "the paged export differs: $(cmp "$T/file.json" "$T/paged.json")"
expect_eq "every note" 40 "$(grep -c '"note [0-9]* x' "$T/paged.json")"

step "the member may not import"
set +e
as_member import "$T/demo.json" >"$T/out" 2>"$T/err"
rc=$?
set -e
expect_eq "refused" 1 "$rc"
expect_grep "says who may" "only root can import into this store" "$T/err"
finish
