# lib.sh: shared helpers for the integration scripts (sourced, POSIX sh).
# Each script gets its own temporary directory, socket directory and store;
# nothing touches the user's real files. No fixed sleeps: wait_for polls a
# condition until a timeout.
set -eu

: "${SITREP_BIN:?SITREP_BIN must name the sitrep binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/sitrep-test.XXXXXX")
export HOME="$T/home" XDG_RUNTIME_DIR="$T/run" XDG_DATA_HOME="$T/data"
export TZ=UTC LC_ALL=C.UTF-8
unset SITREP_DB SITREP_SOCKET NO_COLOR || true
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME"
chmod 700 "$XDG_RUNTIME_DIR"
DB="$XDG_DATA_HOME/sitrep/sitrep.db"
SOCK="$XDG_RUNTIME_DIR/sitrep/default"
FAILS=0
LIB_USERS="" LIB_GROUPS=""

# lib_noon_tz: make TZ a fixed zone where it is about noon now. For a test
# whose back-dated entries must stay on today's date whatever the hour it
# runs (an incident that spans midnight shows dates, and lines wrap
# otherwise). Etc/GMT-N is N hours east of UTC.
lib_noon_tz() {
	h=$(date -u +%H)
	east=$(( (12 - ${h#0} + 24) % 24 ))
	[ "$east" -gt 12 ] && east=$((east - 24))
	if [ "$east" -ge 0 ]; then
		TZ="Etc/GMT-$east"
	else
		TZ="Etc/GMT+$((-east))"
	fi
	export TZ
}

# Run the sitrep under test.
sitrep() {
	"$SITREP_BIN" "$@"
}

# Stop the server, remove the throwaway users and groups (with their
# processes and homes) and the temporary directory.
lib_cleanup() {
	"$SITREP_BIN" kill-server >/dev/null 2>&1 || true
	for p in $(lib_server_pids); do kill -9 "$p" 2>/dev/null || true; done
	for u in $LIB_USERS; do
		pkill -KILL -u "$u" 2>/dev/null || true
		userdel -r "$u" >/dev/null 2>&1 || true
	done
	for g in $LIB_GROUPS; do groupdel "$g" >/dev/null 2>&1 || true; done
	rm -rf "$T"
}
trap lib_cleanup EXIT

# Pids of servers serving this test's socket.
lib_server_pids() {
	pgrep -f "[s]itrep serve .*$XDG_RUNTIME_DIR" 2>/dev/null || true
}

# wait_for TIMEOUT_S DESCRIPTION COMMAND…: poll until COMMAND succeeds.
wait_for() {
	timeout=$1 what=$2
	shift 2
	deadline=$(($(date +%s) + timeout))
	while ! "$@" >/dev/null 2>&1; do
		if [ "$(date +%s)" -ge "$deadline" ]; then
			fail "timed out after ${timeout}s waiting for: $what"
			return 1
		fi
		sleep 0.02
	done
}

# Record a failure and go on.
fail() {
	echo "FAIL: $*" >&2
	FAILS=$((FAILS + 1))
}

# Say what is being checked.
step() {
	echo "--- $*"
}

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
	if [ "$2" != "$3" ]; then
		fail "$1: expected '$2', got '$3'"
	fi
}

# expect_status WHAT EXPECTED COMMAND…: run COMMAND, compare its exit status.
expect_status() {
	what=$1 want=$2
	shift 2
	set +e
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	set -e
	if [ "$got" != "$want" ]; then
		fail "$what: exit status $got, expected $want; stderr: $(cat "$T/err")"
	fi
}

# expect_grep WHAT PATTERN FILE
expect_grep() {
	if ! grep -q -e "$2" "$3"; then
		fail "$1: '$2' not found in: $(head -c 2000 "$3")"
	fi
}

# --- throwaway OS users, for the tests that need several people ------------
# Identity is the OS user behind the connection, so two people are two
# users. They are created here (root only) and removed by lib_cleanup.

# Skip the test (77) unless root can create users and run commands as them.
lib_need_users() {
	if [ "$(id -u)" -ne 0 ] || ! command -v useradd >/dev/null 2>&1 ||
	    ! command -v groupadd >/dev/null 2>&1 ||
	    ! command -v su >/dev/null 2>&1; then
		echo "needs root with useradd, groupadd and su to create users:" \
		    "skipping"
		exit 77
	fi
}

# lib_group NAME: a throwaway group.
lib_group() {
	groupadd "$1"
	LIB_GROUPS="$LIB_GROUPS $1"
}

# lib_user NAME [GROUP]: a throwaway user with a home in /home and sh as
# its shell, also in GROUP when given. Makes the program reachable for it.
lib_user() {
	useradd -m -s /bin/sh ${2:+-G "$2"} "$1"
	LIB_USERS="$LIB_USERS $1"
	lib_user_bin
}

# Give other users what they run: the build tree may sit where they cannot
# enter (a clone under /root, mode 0700), so the program under test is
# copied into $T, opened to everyone, as $USER_BIN. SITREP_BIN is the
# program itself (automake links it directly, no libtool wrapper script
# whose real binary would stay behind).
lib_user_bin() {
	[ -n "${USER_BIN:-}" ] && return 0
	if [ "$(head -c 2 "$SITREP_BIN")" = "#!" ]; then
		echo "$SITREP_BIN is a script, not the program: copying it would" \
		    "leave the program behind" >&2
		exit 99
	fi
	chmod 755 "$T"
	mkdir -p "$T/bin"
	cp "$SITREP_BIN" "$T/bin/sitrep"
	chmod 755 "$T/bin" "$T/bin/sitrep"
	USER_BIN="$T/bin/sitrep"
}

# lib_as USER COMMAND: run the shell command line COMMAND as USER, in $T
# (the shell's directory may be one USER cannot enter).
lib_as() {
	su -s /bin/sh "$1" -c "cd '$T' && $2"
}

# End the script: exit 0 when nothing failed.
finish() {
	if [ "$FAILS" -ne 0 ]; then
		echo "$FAILS check(s) failed"
		exit 1
	fi
	echo "all checks passed"
	exit 0
}
