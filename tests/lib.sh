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

# Run the sitrep under test.
sitrep() {
	"$SITREP_BIN" "$@"
}

# Stop the server and remove the temporary directory.
lib_cleanup() {
	"$SITREP_BIN" kill-server >/dev/null 2>&1 || true
	for p in $(lib_server_pids); do kill -9 "$p" 2>/dev/null || true; done
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

# End the script: exit 0 when nothing failed.
finish() {
	if [ "$FAILS" -ne 0 ]; then
		echo "$FAILS check(s) failed"
		exit 1
	fi
	echo "all checks passed"
	exit 0
}
