# socket-dir.sh: sitrep sets the mode (and group) only of a socket
# directory it creates. An existing one, like a home directory named with
# -S ~/x.sock, is checked and left as it is; an unsafe one is refused by the
# server and by the client, with a message that says what to change.
. "$TEST_SRCDIR/lib.sh"

group=$(id -gn)

# Stop the servers of this test's own sockets, then the rest.
socket_dir_cleanup() {
	for s in "$T/home-x/x.sock" "$T/team/x.sock"; do
		"$SITREP_BIN" -S "$s" kill-server >/dev/null 2>&1 || true
	done
	lib_cleanup
}
trap socket_dir_cleanup EXIT

step "-S in an existing home directory leaves its mode alone"
mkdir -m 0755 "$T/home-x"
expect_status "serve in a home" 0 sitrep serve -S "$T/home-x/x.sock" \
    --db "$T/x.db"
expect_eq "home mode kept" 755 "$(stat -c %a "$T/home-x")"
expect_status "a client reaches it" 0 sitrep -S "$T/home-x/x.sock" \
    --db "$T/x.db" ls
sitrep -S "$T/home-x/x.sock" kill-server >/dev/null 2>&1
expect_eq "home mode still kept" 755 "$(stat -c %a "$T/home-x")"

step "an existing directory others can write is refused, not changed"
mkdir "$T/wide"
chmod 0777 "$T/wide"
expect_status "serve refuses" 3 sitrep serve -S "$T/wide/x.sock" \
    --db "$T/x.db"
expect_grep "says who can write" "can be written by other users (mode 777)" \
    "$T/err"
expect_grep "says what to do" "chmod go-w $T/wide" "$T/err"
expect_eq "wide mode kept" 777 "$(stat -c %a "$T/wide")"

step "--group in an existing directory not laid out for it: refused"
mkdir -m 0700 "$T/private"
expect_status "group serve refuses" 3 sitrep serve -S "$T/private/x.sock" \
    --db "$T/x.db" --group "$group"
expect_grep "says how to lay it out" "chgrp $group $T/private" "$T/err"
expect_eq "private mode kept" 700 "$(stat -c %a "$T/private")"

step "a directory sitrep creates gets the group layout"
expect_status "group serve creates" 0 sitrep serve -S "$T/team/x.sock" \
    --db "$T/x.db" --group "$group"
expect_eq "team layout" "750 $group" "$(stat -c '%a %G' "$T/team")"
expect_status "a member reaches it" 0 sitrep -S "$T/team/x.sock" ls

step "the client refuses a server whose directory others can write"
chmod 0777 "$T/team"
expect_status "client refuses" 3 sitrep -S "$T/team/x.sock" ls
expect_grep "client says why" \
    "socket directory $T/team can be written by other users (mode 777)" \
    "$T/err"
chmod 0750 "$T/team"
sitrep -S "$T/team/x.sock" kill-server >/dev/null 2>&1
finish
