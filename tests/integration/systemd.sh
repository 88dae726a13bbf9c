#!/bin/sh
# systemd.sh: the unit sitrep@.service (as make builds it) for an instance
# passes `systemd-analyze verify`, runs the shared server NAME, and has the
# hardening a reviewer expects. Skipped (77) without systemd-analyze.
. "$TEST_SRCDIR/lib.sh"

if ! command -v systemd-analyze >/dev/null 2>&1; then
	echo "systemd-analyze is not installed (no systemd here): skipping"
	exit 77
fi
: "${SITREP_UNIT:?SITREP_UNIT must name the built unit}"

step "the unit of instance ops, the program as built"
sed "s|^ExecStart=[^ ]*/sitrep |ExecStart=$SITREP_BIN |" "$SITREP_UNIT" \
    >"$T/sitrep@ops.service"
expect_grep "runs the shared server of the instance" \
    "^ExecStart=$SITREP_BIN serve -D --shared %i\$" "$T/sitrep@ops.service"

step "systemd-analyze verify"
# Its Documentation= lines are checked with man: give it this tree's pages.
mkdir -p "$T/man/man1" "$T/man/man5"
cp "$SITREP_MAN/sitrep.1" "$T/man/man1/"
cp "$SITREP_MAN/sitrep.5" "$T/man/man5/"
if ! MANPATH="$T/man" systemd-analyze verify "$T/sitrep@ops.service" \
    >"$T/verify" 2>&1; then
	fail "systemd-analyze verify: $(cat "$T/verify")"
fi

step "the hardening"
for opt in NoNewPrivileges=yes ProtectSystem=strict PrivateTmp=yes \
    ProtectHome=yes RuntimeDirectory=sitrep StateDirectory=sitrep \
    StateDirectoryMode=0700 RestrictAddressFamilies=AF_UNIX \
    CapabilityBoundingSet= User=sitrep; do
	expect_grep "$opt" "^$opt\$" "$T/sitrep@ops.service"
done
finish
