# kill9.sh: kill -9 of the server during a stream of submissions loses no
# acknowledged event and stores none twice; the store stays intact.
. "$TEST_SRCDIR/lib.sh"

sitrep new "Payments failing" --sev 1 >/dev/null
n=120
(
	i=1
	while [ "$i" -le "$n" ]; do
		if sitrep log INC-1 "stream entry $i" >/dev/null 2>>"$T/log.err"; then
			echo "$i" >>"$T/acked"
		fi
		i=$((i + 1))
	done
	echo done >"$T/writer.done"
) &
writer=$!

step "kill the server three times while entries stream in"
for at in 20 50 80; do
	wait_for 60 "$at entries acknowledged" sh -c "[ \$(wc -l <'$T/acked' 2>/dev/null || echo 0) -ge $at ]"
	for p in $(lib_server_pids); do kill -9 "$p"; done
done
wait_for 120 "writer finished" test -f "$T/writer.done"
wait "$writer" || true

step "every acknowledged entry is stored exactly once"
sitrep tail INC-1 --json --no-follow >"$T/all.json"
missing=0 twice=0
for i in $(cat "$T/acked"); do
	c=$(grep -c "\"stream entry $i\"" "$T/all.json" || true)
	[ "$c" -eq 0 ] && missing=$((missing + 1))
	[ "$c" -gt 1 ] && twice=$((twice + 1))
done
expect_eq "acknowledged entries missing" 0 "$missing"
expect_eq "entries stored twice" 0 "$twice"
expect_eq "every submission was acknowledged (the client retried)" "$n" "$(wc -l <"$T/acked")"
for i in $(seq 1 "$n"); do
	c=$(grep -c "\"stream entry $i\"" "$T/all.json" || true)
	[ "$c" -le 1 ] || fail "entry $i stored $c times"
done

step "integrity_check ok and the hash chain verifies"
sitrep kill-server >/dev/null 2>&1 || true
expect_eq "integrity_check" ok "$(sqlite3 "$DB" 'PRAGMA integrity_check')"
expect_status "verify" 0 sitrep verify
finish
