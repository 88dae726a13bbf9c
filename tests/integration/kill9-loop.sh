# kill9-loop.sh: kill -9 of the server 20 times while 4 clients submit:
# after every kill PRAGMA integrity_check is ok, and at the end no
# acknowledged event is missing and no event is stored twice. Prints the
# counts.
. "$TEST_SRCDIR/lib.sh"

writers=4 most=400 kills=20 step_acks=5

# writer K: log entries "wK-I" one after another until told to stop (at
# most $most); note each acknowledged I.
writer() {
	i=1
	while [ "$i" -le "$most" ] && [ ! -f "$T/stop" ]; do
		if sitrep log INC-1 "w$1-$i" >/dev/null 2>>"$T/w$1.err"; then
			echo "$i" >>"$T/acked.$1"
		fi
		i=$((i + 1))
	done
	echo done >"$T/done.$1"
}

# Acknowledged entries so far, over every writer.
acked() {
	cat "$T"/acked.* 2>/dev/null | wc -l
}

sitrep new "Crash loop" --sev 2 >/dev/null
for k in $(seq 1 "$writers"); do
	writer "$k" &
done

step "kill -9 the server $kills times while $writers clients submit"
ok=0
for round in $(seq 1 "$kills"); do
	# a server came back and took some more since the last kill
	want=$(($(acked) + step_acks))
	wait_for 60 "$want entries acknowledged" \
	    sh -c "[ \$(cat '$T'/acked.* 2>/dev/null | wc -l) -ge $want ]"
	for p in $(lib_server_pids); do kill -9 "$p" 2>/dev/null || true; done
	# (a server the writers start again may hold the file a moment: wait
	# for it rather than fail busy)
	r=$(sqlite3 -cmd '.timeout 10000' "$DB" 'PRAGMA integrity_check' 2>&1) ||
	    true
	if [ "$r" = ok ]; then
		ok=$((ok + 1))
	else
		fail "integrity_check after kill $round: $r"
	fi
done
touch "$T/stop"
for k in $(seq 1 "$writers"); do
	wait_for 120 "writer $k finished" test -f "$T/done.$k"
done
wait

step "every acknowledged entry stored exactly once, none twice"
sitrep tail INC-1 --json --no-follow >"$T/all.json"
grep -o '"text":"w[0-9]*-[0-9]*"' "$T/all.json" | sort >"$T/stored"
missing=0
for k in $(seq 1 "$writers"); do
	for i in $(cat "$T/acked.$k"); do
		grep -qx "\"text\":\"w$k-$i\"" "$T/stored" || missing=$((missing + 1))
	done
done
twice=$(uniq -d "$T/stored" | wc -l)
stored=$(wc -l <"$T/stored")
echo "kills: $kills, integrity_check ok: $ok, acknowledged: $(acked)," \
    "stored: $stored, acknowledged but missing: $missing, stored twice: $twice," \
    "verbs that failed: $(cat "$T"/w*.err | grep -c '^sitrep' || true)"
expect_eq "integrity_check ok after every kill" "$kills" "$ok"
expect_eq "acknowledged entries missing" 0 "$missing"
expect_eq "entries stored twice" 0 "$twice"
expect_eq "every submission acknowledged (the clients retried)" \
    "" "$(cat "$T"/w*.err)"

step "integrity_check and the hash chain at the end"
sitrep kill-server >/dev/null 2>&1 || true
expect_eq "integrity_check" ok "$(sqlite3 "$DB" 'PRAGMA integrity_check')"
expect_status "verify" 0 sitrep verify
finish
