#!/bin/sh
# wide-form.sh: double-width (CJK) text in the forms is neither garbled
# nor lost. In a real terminal (tmux) at 80x24 and at 200x60, with and
# without NO_COLOR: CJK text longer than a row in the update form's Impact
# and in the hypothesis form, mixed ASCII and CJK in Known, each edited in
# the middle (Left, Backspace), the terminal resized with the text in the
# form, typing on after the resize; what is stored is exactly what was
# typed. A CJK title longer than its one row scrolls sideways.
. "$TEST_SRCDIR/lib.sh"
. "$TEST_SRCDIR/tui/lib-tui.sh"

# 16 double-width characters: 32 columns, more than half a field's row.
U="数据库连接池耗尽，主库切换失败，"

sitrep new "Payments failing" --sev 1 >/dev/null

# border_at NAME COLS: the form's top border is as wide as a form drawn for
# a screen COLS wide (the terminal has taken the resize).
border_at() {
	w=$(($2 - 4))
	[ "$w" -le 96 ] || w=96
	[ "$(tui_screen "$1" | grep -F -e "┌─" | sed 's/┐.*/┐/' | wc -L)" \
	    -eq $((($2 - w) / 2 + w)) ]
}

# resize NAME COLS LINES: resize the terminal; wait until the form is
# drawn for it.
resize() {
	tui_resize "$1" "$2" "$3"
	wait_for 10 "the form drawn for $2x$3" border_at "$1" "$2" || {
		echo "--- screen of $1:"
		tui_screen "$1"
	}
}

# stored WHAT FIELD TEXT: the incident's JSON holds "FIELD": "TEXT".
stored() {
	sitrep show INC-1 --json >"$T/show.json"
	grep -F -q -e "\"$2\": \"$3\"" "$T/show.json" ||
	    fail "$1: \"$2\": \"$3\" is not stored: $(grep -F -e "\"$2\":" \
	    "$T/show.json")"
}

for size in 80x24 200x60; do
	for nc in "" 1; do
		s="w$nc${size%x*}" tag="$size${nc:+ NO_COLOR}"
		cols=${size%x*} lines=${size#*x}
		if [ "$size" = 80x24 ]; then other="200 60"; else other="80 24"; fi
		tui_start "$s" "$size" env NO_COLOR=$nc "$SITREP_BIN" attach \
		    INC-1
		tui_wait "$s" "INC-1 SEV1"

		step "$tag: CJK longer than a row in Impact, edited in the middle"
		tui_keys "$s" u
		tui_wait "$s" "Status update"
		tui_keys "$s" C-u
		tui_type "$s" "$U$U${U}错末尾"
		tui_wait "$s" "错末尾"
		tui_keys "$s" Left Left BSpace
		tui_type "$s" "对"
		tui_wait "$s" "对末尾"
		tui_gone "$s" "错"
		tui_wait "$s" "Impact       $U数据库连接池耗尽，"
		IMPACT="$U$U${U}对末尾"

		step "$tag: mixed ASCII and CJK in Known, edited in the middle"
		KNOWN="pool 连接池 at 100% since 14:00 部署 deploy:4711 之后 ($tag)"
		KNOWN="$KNOWN 混合 mixed 文字 text, 宽字符 wide and narrow 末"
		tui_keys "$s" Tab C-u
		tui_type "$s" "${KNOWN%末}X末"
		tui_wait "$s" "X末"
		tui_keys "$s" Left BSpace
		tui_gone "$s" "X末"

		step "$tag: a resize with the text in the form, typing on"
		tui_keys "$s" Tab C-u
		tui_type "$s" "主库为何没有切换"
		tui_wait "$s" "为何没有切换"
		resize "$s" $other
		tui_wait "$s" "对末尾"
		tui_wait "$s" "为何没有切换"
		tui_type "$s" "，还不知道"
		tui_wait "$s" "还不知道"
		resize "$s" "$cols" "$lines"
		tui_wait "$s" "对末尾"
		tui_wait "$s" "还不知道"
		tui_keys "$s" C-s
		tui_gone "$s" "Status update"
		stored "$tag: Impact" impact "$IMPACT"
		stored "$tag: Known" known "$KNOWN"
		stored "$tag: Unknown" unknown "主库为何没有切换，还不知道"

		step "$tag: the hypothesis form, CJK longer than a row"
		HYP="假设 ($tag)：$U${U}新版本打开了更多连接 opens more 连接，耗尽了"
		tui_keys "$s" o
		tui_wait "$s" "Open a hypothesis"
		tui_type "$s" "${HYP%耗尽了}X耗尽了"
		tui_wait "$s" "X耗尽了"
		tui_keys "$s" Left Left Left BSpace
		tui_gone "$s" "X耗尽了"
		resize "$s" $other
		tui_wait "$s" "耗尽了"
		tui_type "$s" "吗"
		resize "$s" "$cols" "$lines"
		tui_wait "$s" "吗耗尽了"
		tui_keys "$s" C-s
		tui_gone "$s" "Open a hypothesis"
		stored "$tag: hypothesis" text "${HYP%耗尽了}吗耗尽了"

		tui_keys "$s" q
		tui_wait "$s" "EXITED 0"
	done
done

step "a field of one row scrolls sideways: a CJK title longer than the row"
SITREP_UI_KEYS="Ld$U$U${U}错末尾<Left><Left><Backspace>对<Dump>" \
    SITREP_UI_DUMP="$T/screen" SITREP_UI_SIZE=80x24 "$SITREP_BIN" attach \
    </dev/null >/dev/null
expect_grep "the end of the title in sight" "失败，对末尾 *│" "$T/screen"
SITREP_UI_KEYS="Ld$U$U${U}错末尾<Left><Left><Backspace>对<C-s><Wait:declared>" \
    SITREP_UI_SIZE=80x24 "$SITREP_BIN" attach </dev/null >/dev/null
sitrep show INC-2 --json >"$T/show.json"
grep -F -q -e "\"title\": \"$U$U${U}对末尾\"" "$T/show.json" ||
    fail "the title is not stored as typed: $(grep -F '"title"' "$T/show.json")"
finish
