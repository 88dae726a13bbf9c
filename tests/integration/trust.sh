# trust.sh: a client says nothing to a server it cannot trust. Another user
# who makes /tmp/sitrep-UID first (XDG_RUNTIME_DIR unset) and waits there
# with a listener, or who plants a socket in a directory the client's user
# shares with a group, never gets the hello or a submission: the client
# refuses with a message that names what is wrong. Needs root (throwaway
# users: the victim and the attacker, both in one group the attacker's
# server admits).
. "$TEST_SRCDIR/lib.sh"

lib_need_users
G=srtt$$
V=srtv$$
A=srta$$
lib_group "$G"
lib_user "$V" "$G"
lib_user "$A" "$G"
vdir=/tmp/sitrep-$(id -u "$V")

# Remove the directory the attacker made for the victim, then the rest.
trust_cleanup() {
	rm -rf "$vdir"
	lib_cleanup
}
trap trust_cleanup EXIT
rm -rf "$vdir"

# victim COMMAND: a sitrep command line as the victim, on its default
# socket and store (no XDG_RUNTIME_DIR: the socket is in /tmp/sitrep-UID).
victim() {
	lib_as "$V" "env -u XDG_RUNTIME_DIR -u XDG_DATA_HOME '$USER_BIN' $*"
}

# The number of events in the attacker's store.
stolen() {
	sqlite3 "$T/a/a.db" "SELECT count(*) FROM events"
}

step "the attacker's server, admitting the group, in its own directory"
mkdir "$T/a"
chown "$A" "$T/a"
lib_as "$A" "'$USER_BIN' serve -S '$T/a/srv/sock' --db '$T/a/a.db' --group $G"
wait_for 10 "the attacker's server" test -S "$T/a/srv/sock"

step "/tmp/sitrep-UID made by the attacker, writable by all: refused"
lib_as "$A" "mkdir '$vdir' && chmod 0777 '$vdir' && mv '$T/a/srv/sock' '$vdir/default'"
expect_status "victim refused" 3 victim new "'Secret plans'"
expect_grep "says the directory is open" \
    "socket directory $vdir can be written by other users (mode 777)" "$T/err"
expect_eq "nothing reached the attacker" 0 "$(stolen)"

step "the attacker's own /tmp/sitrep-UID, closed to others: refused"
chmod 0755 "$vdir"
expect_status "victim refused" 3 victim new "'Secret plans'"
expect_grep "says whose it is" \
    "socket directory $vdir belongs to $A, not to you" "$T/err"
expect_eq "nothing reached the attacker" 0 "$(stolen)"

step "a socket planted in the victim's group-writable directory: refused"
mkdir "$T/team"
chown "$V:$G" "$T/team"
chmod 0770 "$T/team"
lib_as "$A" "mv '$vdir/default' '$T/team/sock'"
expect_status "victim refused" 3 lib_as "$V" "'$USER_BIN' -S '$T/team/sock' ls"
expect_grep "says who runs it" \
    "server on $T/team/sock runs as $A, but its directory belongs to $V" \
    "$T/err"
expect_eq "nothing reached the attacker" 0 "$(stolen)"

step "once the directory is gone, the victim's own server starts there"
rm -rf "$vdir"
expect_status "victim declares" 0 victim new "'Real incident'"
expect_eq "the victim's directory" "700 $V" "$(stat -c '%a %U' "$vdir")"
victim kill-server >/dev/null 2>&1 || true
finish
