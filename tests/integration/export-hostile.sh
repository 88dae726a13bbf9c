# export-hostile.sh: text typed during an incident cannot act on an
# exported document: HTML and Markdown syntax, table pipes, backticks,
# CSV quotes, commas and line breaks, a formula, terminal escapes, a C1
# control and a bidi override, in every format; the JSON keeps the text
# exactly and still holds no raw control or bidi character.
. "$TEST_SRCDIR/lib.sh"

ESC=$(printf '\033')
RLO=$(printf '\342\200\256')
CSI=$(printf '\302\233')
TEXT="<script>alert(1)</script> | pipe | \`tick\` ${ESC}[2J ${RLO}txt.exe, \"quoted\" ${CSI}31m *b* _i_ [l](x) &amp; \$x"

step "an incident full of hostile text"
sitrep new "Title $TEXT" --sev 3 >/dev/null
printf '%s\n# not a heading\n1. not a list\n' "$TEXT" | sitrep log INC-1 - >/dev/null
sitrep log INC-1 "=HYPERLINK(\"http://x\",\"y\")" >/dev/null
sitrep park INC-1 "$TEXT" >/dev/null
for f in md html csv json; do
	SOURCE_DATE_EPOCH=1800000000 sitrep export INC-1 --format "$f" >"$T/h.$f" ||
	    fail "export --format $f"
done

step "no raw escape, C1 control or bidi override in any format"
for f in md html csv json; do
	if LC_ALL=C grep -q "$ESC" "$T/h.$f"; then fail "ESC in $f"; fi
	if LC_ALL=C grep -q "$CSI" "$T/h.$f"; then fail "C1 CSI in $f"; fi
	if LC_ALL=C grep -q "$RLO" "$T/h.$f"; then fail "U+202E in $f"; fi
done

step "Markdown: escaped, one table row per entry"
if grep -q '<script>' "$T/h.md"; then fail "raw <script> in the Markdown"; fi
expect_grep "title escaped" '^# INC-1: Title \\<script\\>alert(1)\\</script\\> \\| pipe' "$T/h.md"
python3 - "$T/h.md" <<'PY' || fail "a Markdown table row was split or gained a column"
import re, sys
rows = [l for l in open(sys.argv[1]) if l.startswith("| <a id=")]
assert len(rows) == 3, rows
for r in rows:
    assert len(re.findall(r"(?<!\\)\|", r)) == 5, r
assert "<br>\\# not a heading<br>1. not a list" in rows[1] or "<br># not a heading" in rows[1], rows[1]
PY

step "HTML: escaped"
if grep -q '<script' "$T/h.html"; then fail "raw <script in the HTML"; fi
expect_grep "escaped script" '&lt;script&gt;alert(1)&lt;/script&gt;' "$T/h.html"
expect_grep "escaped quote" '&quot;quoted&quot;' "$T/h.html"

step "CSV: RFC 4180 that reads back, formulas defused"
python3 - "$T/h.csv" <<'PY' || fail "the CSV does not read back"
import csv, sys
data = open(sys.argv[1], newline="").read()
assert data.endswith("\r\n") and "\n" not in data.replace("\r\n", "")
rows = list(csv.reader(data.splitlines(True)))
assert all(len(r) == 15 for r in rows), [len(r) for r in rows]
text = [r[6] for r in rows[1:]]
assert any(t.startswith('<script>alert(1)</script> | pipe | `tick` ^[[2J <U+202E>txt.exe, "quoted" <U+009B>31m')
           and t.endswith("\r\n# not a heading\r\n1. not a list") for t in text), text
assert any(t.startswith("'=HYPERLINK(") for t in text), text
PY

step "JSON: the text exactly, escaped for terminals, and it imports back"
python3 - "$T/h.json" "$TEXT" <<'PY' || fail "the JSON changed the text"
import json, sys
d = json.load(open(sys.argv[1]))
texts = [e["body"].get("text") for e in d["events"]]
assert sys.argv[2] + "\n# not a heading\n1. not a list" in texts, texts
assert "\\u202E" in open(sys.argv[1]).read()
PY
expect_status "import" 0 sitrep --db "$T/b.db" import "$T/h.json"
SOURCE_DATE_EPOCH=1800000000 sitrep --db "$T/b.db" export INC-1 --format json >"$T/h2.json"
cmp -s "$T/h.json" "$T/h2.json" || fail "the hostile record did not come back byte for byte"
sitrep --db "$T/b.db" kill-server >/dev/null
finish
