#!/bin/sh
# inject.sh: entries carrying escape sequences, C1 controls, CR/BS overwrite
# tricks and bidi overrides are shown inert: the window title is unchanged
# and no colour bleeds.
. "$TEST_SRCDIR/lib.sh"
. "$TEST_SRCDIR/tui/lib-tui.sh"

sitrep new "Injection drill" --drill >/dev/null
tui_attach a INC-1
tui_wait a "INC-1 SEV3"
tx select-pane -t a -T clean-title
title0=$(tx display-message -p -t a '#{pane_title}')

step "hostile entries"
sitrep log INC-1 "$(printf 'T1 \033]0;PWNED\007 title')" >/dev/null
sitrep log INC-1 "$(printf 'T2 \033[31mRED\033[0m colour')" >/dev/null
sitrep log INC-1 "$(printf 'T3 \302\233 c1 \342\200\256 bidi ok\rXX\b\b')" >/dev/null
tui_wait a "T3"
tui_wait a "T1 ^[]0;PWNED^G title"
tui_wait a "T2 ^[[31mRED^[[0m colour"
tui_wait a "<U+202E>"

step "title unchanged, no red"
expect_eq "window title" "$title0" "$(tx display-message -p -t a '#{pane_title}')"
tx capture-pane -e -p -t a >"$T/esc"
if grep -q "$(printf '\033')\[31m" "$T/esc"; then
	fail "red (SGR 31) bled onto the screen"
fi
tui_keys a q
tui_wait a "EXITED 0"
finish
