#!/bin/sh
# forms.sh: the status update form and the uncertainty rule's refusal shown
# in the form, the cursor in the field it concerns, with nothing typed lost;
# the handoff form pre-filled with the brief; the hypothesis form; a resize
# while a form is open, also in the middle of typing into a field.
. "$TEST_SRCDIR/lib.sh"
. "$TEST_SRCDIR/tui/lib-tui.sh"

sitrep new "Payments failing" --sev 1 >/dev/null
tui_attach a INC-1
tui_wait a "INC-1 SEV1"

step "status update refused by the uncertainty rule, in the form"
tui_keys a u
tui_wait a "Status update"
tui_type a "Card payments fail for 20% of customers"
tui_keys a Tab
tui_type a "Errors began with the 14:00 deploy"
tui_keys a Tab Tab
tui_type a "likely"
tui_keys a C-s
tui_wait a "not known yet"
tui_wait a "Status update"
tui_wait a "Card payments fail for 20% of customers"
tui_wait a "Errors began with the 14:00 deploy"

step "resize while the form is open keeps what was typed"
tui_resize a 80 24
tui_wait a "Card payments fail for 20%"
tui_resize a 100 30
tui_wait a "Errors began with the 14:00 deploy"

step "fill in the unknown (the refusal put the cursor there) and send"
tui_type a "Whether the rollback fixes the retries"
tui_keys a C-s
tui_gone a "Status update"
tui_wait a "[likely] impact: Card payments fail"
sitrep show INC-1 >"$T/show"
expect_grep "update stored" "Card payments fail" "$T/show"

step "hypothesis form"
tui_keys a o
tui_wait a "Open a hypothesis"
tui_type a "Connection pool exhausted"
tui_keys a C-s
tui_wait a "H1 Connection pool exhausted"

step "handoff form, brief pre-filled from the state"
tui_keys a h
tui_wait a "Hand off command"
tui_wait a "SEV1"
tui_keys a Escape
tui_gone a "Hand off command"
tui_keys a q
tui_wait a "EXITED 0"

step "a resize keeps what is being typed in the current field (headless)"
SITREP_UI_KEYS='u<C-u>Still typing the impact<Resize:90x30>' \
    SITREP_UI_DUMP="$T/screen" SITREP_UI_SIZE=100x30 \
    "$SITREP_BIN" attach INC-1 </dev/null >/dev/null
expect_grep "the current field kept" "Impact       Still typing the impact" \
    "$T/screen"
finish
