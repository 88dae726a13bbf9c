# lib-ssh.sh: a private sshd on 127.0.0.1 for the terminal tests (sourced
# after tests/lib.sh and lib-tui.sh): a random free high port, a throwaway host key and
# one throwaway user key shared by the throwaway users, key auth only.

SSHD=/usr/sbin/sshd

# Stop tmux, sshd and the test's server ($SRV), then the usual (the users
# too).
ssh_cleanup() {
	tx kill-server >/dev/null 2>&1 || true
	[ -n "${SSHD_PID:-}" ] && kill "$SSHD_PID" 2>/dev/null || true
	[ -n "${SRV:-}" ] && kill "$SRV" 2>/dev/null || true
	lib_cleanup
}
trap ssh_cleanup EXIT

lib_need_users
if [ ! -x "$SSHD" ] || ! command -v ssh >/dev/null 2>&1 ||
    ! command -v ssh-keygen >/dev/null 2>&1; then
	echo "needs sshd, ssh and ssh-keygen: skipping"
	exit 77
fi
ssh-keygen -q -t ed25519 -N '' -f "$T/hostkey"
ssh-keygen -q -t ed25519 -N '' -f "$T/id"
# sshd's privilege separation directory; left in place afterwards, since
# another sshd (another run of a test) may be using it.
if [ ! -d /run/sshd ]; then
	mkdir -p /run/sshd
	chmod 755 /run/sshd
fi

# ssh_user USER [GROUPS]: a throwaway user (lib_user) who logs in with the
# test's key.
ssh_user() {
	lib_user "$1" "${2:-}"
	usermod -p '*' "$1" # no password, but not "locked" for sshd
	h=$(getent passwd "$1" | cut -d: -f6)
	mkdir -p "$h/.ssh"
	cp "$T/id.pub" "$h/.ssh/authorized_keys"
	chown -R "$1" "$h/.ssh"
	chmod 700 "$h/.ssh"
	chmod 600 "$h/.ssh/authorized_keys"
}

# 0 once sshd listens (or has given up).
ssh_ready() {
	grep -q -e "Server listening" -e "Cannot bind" "$T/sshd.log" ||
	    ! kill -0 "$SSHD_PID" 2>/dev/null
}

# ssh_try USERS [LINE]: start sshd on a random high port for USERS, with
# LINE added to its configuration.
ssh_try() {
	PORT=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000 ))
	cat >"$T/sshd_config" <<EOC
ListenAddress 127.0.0.1
Port $PORT
HostKey $T/hostkey
PidFile none
AuthenticationMethods publickey
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin no
AllowUsers $1
X11Forwarding no
PrintMotd no
PrintLastLog no
LogLevel INFO
${2:-}
EOC
	: >"$T/sshd.log"
	"$SSHD" -D -f "$T/sshd_config" -E "$T/sshd.log" &
	SSHD_PID=$!
	wait_for 10 "sshd listening" ssh_ready
}

# ssh_start USERS [LINE]: sshd for USERS (a few ports tried when one is
# taken); sets SSHD_PID, PORT and SSHOPTS (ssh's options to reach it), or
# fails the test.
ssh_start() {
	for try in 1 2 3 4 5; do
		ssh_try "$@"
		grep -q "Server listening" "$T/sshd.log" && break
		kill "$SSHD_PID" 2>/dev/null || true
		SSHD_PID=
	done
	if [ -z "${SSHD_PID:-}" ]; then
		cat "$T/sshd.log"
		fail "sshd did not start"
		finish
	fi
	SSHOPTS="-tt -i $T/id -p $PORT -o BatchMode=yes \
-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
}
