# demo.sh: the demo drill can be driven from the command line, shows every
# feature, and leaves an intact store.
. "$TEST_SRCDIR/lib.sh"

step "sitrep demo declares a drill and runs it to resolved"
expect_status "demo" 0 sitrep demo
expect_grep "demo names its incident" "INC-1" "$T/out"
expect_status "show" 0 sitrep show INC-1
for want in DRILL resolved "deploy:4711" confirmed "ruled-out"; do
	expect_grep "show mentions $want" "$want" "$T/out"
done
expect_status "ls" 0 sitrep ls --all
expect_grep "ls marks the drill" "DRILL" "$T/out"
expect_status "search" 0 sitrep search rollback
expect_grep "search finds the rollback" "INC-1" "$T/out"

step "analysis: factor, follow-up, annotation, summary, then close"
expect_status "analysis" 0 sitrep status INC-1 analysis
expect_status "factor" 0 sitrep factor INC-1 "the release added a query without an index"
expect_status "follow-up" 0 sitrep followup INC-1 add "a query-plan check in CI" --owner platform
expect_status "annotation" 0 sitrep annotate INC-1 2 "the alert fired 20 minutes after the impact began"
expect_grep "annotation said" "annotated #2 in INC-1" "$T/out"
expect_status "close without summary refused" 1 sitrep status INC-1 closed
expect_grep "close names the summary" "summary" "$T/err"
expect_status "summary" 0 sitrep summary INC-1 "Checkout slowed for 40 minutes."
expect_status "close" 0 sitrep status INC-1 closed
expect_status "verify" 0 sitrep verify
expect_grep "verify ok" "ok" "$T/out"

step "escape sequences in stored text never reach the terminal"
sitrep new "Title $(printf '\033]0;pwned\007')" --sev 4 >/dev/null
sitrep log INC-2 "$(printf 'red \033[31mALERT\033[0m and \302\233 C1 and \342\200\256 bidi')" >/dev/null
sitrep show INC-2 >"$T/show.txt"
sitrep tail INC-2 --no-follow >>"$T/show.txt"
if LC_ALL=C grep -q "$(printf '\033')" "$T/show.txt"; then fail "ESC reached the terminal"; fi
if LC_ALL=C grep -q "$(printf '\302\233')" "$T/show.txt"; then fail "C1 CSI reached the terminal"; fi
if LC_ALL=C grep -q "$(printf '\342\200\256')" "$T/show.txt"; then fail "bidi override reached the terminal"; fi
expect_grep "ESC shown inert" '\^\[' "$T/show.txt"
finish
