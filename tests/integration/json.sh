# json.sh: every --json output is as inert on a terminal as the human
# output: DEL, C1 controls, bidi overrides and other invisible format
# characters in stored text come out as \uXXXX escapes, never raw, and the
# JSON still reads back as the same text.
. "$TEST_SRCDIR/lib.sh"

rlo=$(printf '\342\200\256')  # U+202E right-to-left override
csi=$(printf '\302\233')      # U+009B, the C1 CSI
del=$(printf '\177')
ls=$(printf '\342\200\250')   # U+2028 line separator
# Raw bytes none of the outputs may carry (grep patterns, one per line).
raw=$(printf '\177\n\302[\200-\237]\n\342\200[\216\217\250-\256]\n\342\201[\246-\251]')

# expect_inert WHAT FILE: no raw DEL, C1 or bidi character in FILE, and at
# least one escape in it.
expect_inert() {
	if LC_ALL=C grep -q "$raw" "$2"; then
		fail "$1: a raw control or bidi character is in the output"
	fi
	expect_grep "$1 escapes" '\\u202E\|\\u009B\|\\u007F' "$2"
}

sitrep new "Checkout ${rlo}gnp.exe" --sev 2 >/dev/null
sitrep log INC-1 "probe ${csi}31m red ${del} gone ${ls} next" >/dev/null

step "ls, show, tail, search and verify: escaped"
sitrep ls --json >"$T/ls.json"
expect_inert "ls --json" "$T/ls.json"
sitrep show INC-1 --json >"$T/show.json"
expect_inert "show --json" "$T/show.json"
sitrep tail INC-1 --json --no-follow >"$T/tail.json"
expect_inert "tail --json" "$T/tail.json"
sitrep search probe --json >"$T/search.json"
expect_inert "search --json" "$T/search.json"
sitrep verify --json >"$T/verify.json"
expect_grep "verify --json" '^{"ok": true, "events": 2}$' "$T/verify.json"

step "the escapes stand for the stored text"
expect_grep "title escaped" 'Checkout \\u202Egnp.exe' "$T/ls.json"
expect_grep "entry escaped" 'probe \\u009B31m red \\u007F gone \\u2028 next' \
    "$T/tail.json"
finish
