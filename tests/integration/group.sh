# group.sh: a team shares one server with --group; the author of every event
# is the OS user behind the connection; outsiders are refused by name.
# Needs root (it creates throwaway users and a group, removed at the end).
. "$TEST_SRCDIR/lib.sh"

lib_need_users
sfx=$$
grp=srt-g$sfx member=srt-m$sfx outsider=srt-o$sfx
shared=/tmp/sitrep-shared-$sfx

# Stop the shared server and remove its directory, then the rest.
group_cleanup() {
	"$SITREP_BIN" -S "$shared/sock" kill-server >/dev/null 2>&1 || true
	rm -rf "$shared"
	lib_cleanup
}
trap group_cleanup EXIT

lib_group "$grp"
lib_user "$member" "$grp"
lib_user "$outsider"

# Run sitrep as another OS user against the shared socket.
as() {
	user=$1
	shift
	lib_as "$user" "'$USER_BIN' -S '$shared/sock' $*"
}

step "a shared server: socket directory 0750 owned by the group, socket 0660"
sitrep serve -S "$shared/sock" --db "$T/shared.db" --group "$grp" >"$T/serve.out" 2>&1
wait_for 10 "shared socket" test -S "$shared/sock"
expect_eq "directory mode" "750 $grp" "$(stat -c '%a %G' "$shared")"
expect_eq "socket mode" 660 "$(stat -c %a "$shared/sock")"

step "a member declares; the server records the member as the author"
expect_status "member declares" 0 as "$member" new "'Shared bridge'" --sev 2
expect_grep "declare output" "INC-1" "$T/out"
expect_status "member logs" 0 as "$member" log INC-1 "'from the member'"
sitrep -S "$shared/sock" tail INC-1 --json --no-follow >"$T/events.json"
expect_grep "author of the declare" "\"actor\": *\"$member\"" "$T/events.json"

step "an outsider is refused at connect with the rule, and nothing changes"
expect_status "outsider refused" 3 as "$outsider" log INC-1 "'intrusion'"
expect_grep "refusal names the group" "$grp" "$T/err"

step "even with the socket opened to everyone, the server refuses the outsider"
chmod 0755 "$shared"
chmod 0666 "$shared/sock"
expect_status "outsider refused by the server" 3 as "$outsider" log INC-1 "'intrusion'"
expect_grep "refusal names the user" "$outsider" "$T/err"
expect_grep "refusal names the rule" "members of group $grp" "$T/err"
sitrep -S "$shared/sock" tail INC-1 --json --no-follow >"$T/after.json"
expect_eq "no event added" "$(wc -l <"$T/events.json")" "$(wc -l <"$T/after.json")"
finish
