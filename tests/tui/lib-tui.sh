# lib-tui.sh: helpers for the terminal tests (sourced after tests/lib.sh).
# sitrep runs inside a private tmux server; keys go in with send-keys, the
# screen comes back with capture-pane -p, and every step waits for what it
# expects with a timeout (no fixed sleeps).

if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux is not installed: skipping"
	exit 77
fi
TMUX_SOCK="$T/tmux.sock"
unset TMUX TMUX_PANE || true
export TERM=xterm-256color

# tmux on this test's own server.
tx() {
	tmux -S "$TMUX_SOCK" "$@"
}

# Stop tmux, then the sitrep server and the temporary directory.
tui_cleanup() {
	tx kill-server >/dev/null 2>&1 || true
	lib_cleanup
}
trap tui_cleanup EXIT

# tui_start NAME COLSxLINES COMMAND: run COMMAND in a new tmux session.
tui_start() {
	name=$1 cols=${2%x*} lines=${2#*x}
	shift 2
	if ! tx has-session 2>/dev/null; then
		tx -f /dev/null new-session -d -s "$name" -x "$cols" -y "$lines" \
		    "$*; echo \"EXITED \$?\"; exec sleep 600"
		tx set-option -g default-terminal screen-256color >/dev/null
		tx set-option -g status off >/dev/null
		tx set-option -g set-titles on >/dev/null
	else
		tx new-session -d -s "$name" -x "$cols" -y "$lines" \
		    "$*; echo \"EXITED \$?\"; exec sleep 600"
	fi
	tx set-option -t "$name" status off >/dev/null
}

# The screen of session NAME as text.
tui_screen() {
	tx capture-pane -p -t "$1"
}

# tui_has NAME TEXT: 0 when TEXT is on the screen.
tui_has() {
	tui_screen "$1" | grep -F -q -e "$2"
}

# tui_lacks NAME TEXT: 0 when TEXT is not on the screen.
tui_lacks() {
	! tui_has "$1" "$2"
}

# tui_wait NAME TEXT [TIMEOUT]: wait until TEXT shows; on a timeout the
# screen goes to the log.
tui_wait() {
	if ! wait_for "${3:-10}" "'$2' on $1's screen" tui_has "$1" "$2"; then
		echo "--- screen of $1:"
		tui_screen "$1"
		return 1
	fi
}

# tui_gone NAME TEXT: wait until TEXT is no longer on the screen.
tui_gone() {
	if ! wait_for "${3:-10}" "'$2' gone from $1's screen" tui_lacks "$1" \
	    "$2"; then
		echo "--- screen of $1:"
		tui_screen "$1"
		return 1
	fi
}

# tui_keys NAME KEY…: tmux send-keys (names like Enter, Escape, C-s).
tui_keys() {
	n=$1
	shift
	tx send-keys -t "$n" "$@"
}

# tui_type NAME TEXT: type TEXT literally.
tui_type() {
	tx send-keys -t "$1" -l "$2"
}

# tui_resize NAME COLS LINES
tui_resize() {
	tx resize-window -t "$1" -x "$2" -y "$3"
}

# tui_attach NAME [INC]: the terminal UI in a 100x30 session.
tui_attach() {
	tui_start "$1" 100x30 "$SITREP_BIN" attach ${2:-}
}
