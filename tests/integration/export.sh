# export.sh: sitrep export and import against golden files.
#
# The demo incident comes from a fixture (tests/golden/demo.json, made by
# tests/golden/make-demo.sh): importing it keeps every event's times, so
# the documents depend on no clock. The export's own time comes from
# SOURCE_DATE_EPOCH: the fixture's exported_at for the JSON (which must
# then come back byte for byte), twenty days later for the documents (a
# follow-up is past due by then). SITREP_REGEN=1 writes the golden files
# instead of comparing.
. "$TEST_SRCDIR/lib.sh"
G="$TEST_SRCDIR/golden"
FIX="$G/demo.json"
AT=$(sed -n '1s/.*"exported_at":\([0-9]*\)000,.*/\1/p' "$FIX")
LATER=$((AT + 20 * 86400))

# golden NAME FILE: compare FILE with the golden file NAME (or write it).
golden() {
	if [ "${SITREP_REGEN:-}" = 1 ]; then
		cp "$2" "$G/$1"
	elif ! cmp -s "$G/$1" "$2"; then
		fail "$1 differs from the golden file: $(diff "$G/$1" "$2" | head -20)"
	fi
}

# normalize FILE: what an import renumbers, replaced by placeholders.
normalize() {
	sed -E 's/"(seq|target)":[0-9]+/"\1":N/g; s/"hash":"[0-9a-f]{64}"/"hash":H/g;
	    s/INC-[0-9]+/INC-N/g; s/"entries":\[[0-9,]*\]/"entries":E/g;
	    s/"from_park":[0-9]+/"from_park":N/g' "$1"
}

step "import the fixture: every event, nothing refused"
expect_status "import" 0 sitrep import "$FIX"
expect_grep "import says what" "imported INC-1 from .*: 48 events" "$T/out"

step "each format against its golden file"
for f in md html csv; do
	SOURCE_DATE_EPOCH=$LATER sitrep export INC-1 --format "$f" --tz UTC \
	    >"$T/demo.$f" || fail "export --format $f"
	golden "demo.$f" "$T/demo.$f"
done

step "export -> import -> export: the JSON comes back byte for byte"
SOURCE_DATE_EPOCH=$AT sitrep export INC-1 --format json --tz UTC >"$T/a.json"
cmp -s "$FIX" "$T/a.json" || fail "the re-export differs: $(diff "$FIX" "$T/a.json" | head)"

step "a second import of the same file stores nothing twice"
expect_status "import again" 0 sitrep import "$FIX"
expect_grep "nothing twice" "0 events (48 were in this store already)" "$T/out"

step "into a store where INC-1 is taken: renumbered, the rest identical"
B="$T/other.db"
sitrep --db "$B" new "Taken" >/dev/null
sitrep --db "$B" log INC-1 "so INC-1 and seq 1-2 are taken" >/dev/null
expect_status "import renumbered" 0 sitrep --db "$B" import "$FIX"
expect_grep "new number" "as INC-2 (INC-1 is taken here): 48 events" "$T/out"
SOURCE_DATE_EPOCH=$AT sitrep --db "$B" export INC-2 --format json >"$T/b.json"
normalize "$FIX" >"$T/a.norm"
normalize "$T/b.json" >"$T/b.norm"
cmp -s "$T/a.norm" "$T/b.norm" || fail "renumbered export differs beyond seq/target/hash/ref: $(diff "$T/a.norm" "$T/b.norm" | head)"
python3 - "$FIX" "$T/b.json" <<'PY' || fail "targets do not point at the same events"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert [e["uid"] for e in a["events"]] == [e["uid"] for e in b["events"]]
for d in (a, b):
    d["by_seq"] = {e["seq"]: e["uid"] for e in d["events"]}
for x, y in zip(a["events"], b["events"]):
    assert ("target" in x) == ("target" in y)
    if "target" in x:
        assert a["by_seq"][x["target"]] == b["by_seq"][y["target"]]
assert b["events"][0]["seq"] == 3 and b["incident"]["ref"] == "INC-2"
PY
expect_status "verify the other store" 0 sitrep --db "$B" verify

step "a factor and a follow-up made from a parked thought, imported renumbered"
P="$T/park.db"
sitrep --db "$P" new "Parked" >/dev/null
sitrep --db "$P" park INC-1 "check the pool size" >/dev/null
sitrep --db "$P" status INC-1 resolved >/dev/null
sitrep --db "$P" followup INC-1 add "Size the pool" --from-park 2 \
    --owner team-db >/dev/null
sitrep --db "$P" park INC-1 "alerts were noisy" >/dev/null
sitrep --db "$P" factor INC-1 "noisy alerts hid the pool alarm" \
    --from-park 5 --category detection >/dev/null
sitrep --db "$P" park INC-1 "the CDN was slow too" >/dev/null
sitrep --db "$P" annotate INC-1 --dismiss 7 "CDN latency was normal" >/dev/null
sitrep --db "$P" export INC-1 --format json -o "$T/park.json"
sitrep --db "$P" export INC-1 >"$T/park.md"
expect_grep "a dismissal says why, with the thought" \
    '^- <a id="e7"></a>.*the CDN was slow too \*— dismissed: CDN latency was normal\*$' \
    "$T/park.md"
if grep -q "^## Annotations" "$T/park.md"; then
	fail "a dismissal is listed among the hindsight annotations"
fi
sitrep --db "$P" show INC-1 >"$T/park.show"
expect_grep "show says why" "#7 *dismissed *the CDN was slow too — why: CDN latency was normal" "$T/park.show"
expect_grep "and no empty heading" "^annotations: none" "$T/park.show"
expect_status "import where every seq moves" 0 sitrep --db "$B" import \
    "$T/park.json"
sitrep --db "$B" export INC-3 --format json >"$T/park-b.json"
python3 - "$T/park.json" "$T/park-b.json" <<'PY' || fail "from_park does not point at the same parked thought"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b):
    d["uid"] = {e["seq"]: e["uid"] for e in d["events"]}
n = 0
for x, y in zip(a["events"], b["events"]):
    if "from_park" in x["body"]:
        assert a["uid"][x["body"]["from_park"]] == b["uid"][y["body"]["from_park"]]
        assert x["body"]["from_park"] != y["body"]["from_park"]
        n += 1
assert n == 2, n
PY
sitrep --db "$B" kill-server >/dev/null

step "a changed event or a broken file is refused, naming it; nothing imported"
C="$T/third.db"
sed 's/Primary DB CPU at 59%/Primary DB CPU at 9%/' "$FIX" >"$T/bad.json"
expect_status "tampered" 1 sitrep --db "$C" import "$T/bad.json"
expect_grep "names the event" "event #10 (entry) does not match its hash" "$T/err"
expect_grep "nothing imported" "nothing was imported" "$T/err"
sed '1s/"version":1/"version":2/' "$FIX" >"$T/v2.json"
expect_status "newer version" 1 sitrep --db "$C" import "$T/v2.json"
expect_grep "newer version named" "use a newer sitrep" "$T/err"
head -c 3000 "$FIX" >"$T/cut.json"
expect_status "cut short" 1 sitrep --db "$C" import "$T/cut.json"
expect_grep "cut short named" "event 9 of the file: the file is not valid JSON" "$T/err"
expect_status "store still empty" 0 sitrep --db "$C" ls --all
expect_eq "nothing stored" "" "$(grep INC- "$T/out" || true)"
sitrep --db "$C" kill-server >/dev/null

step "the chain hashes are what sitrep-export(5) says they are"
python3 - "$FIX" <<'PY' || fail "the hashes are not computed as documented"
import hashlib, json, struct, sys
d = json.load(open(sys.argv[1]))
joins = {j["seq"]: bytes.fromhex(j["hash"]) for j in d["chain"]["previous"]}
def text(h, s):
    b = s.encode()
    h.update(struct.pack(">q", len(b)) + b)
def canon(v):
    return "" if v is None else json.dumps(v, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
last = None
for e in d["events"]:
    prev = last[1] if last and e["seq"] == last[0] + 1 else joins[e["seq"]]
    h = hashlib.blake2b(digest_size=32)
    h.update(b"sitrep event v1\0" + prev + struct.pack(">q", e["seq"]))
    for k in ("uid", "incident", "kind", "actor"):
        text(h, e[k])
    for k in ("occurred_at", "recorded_at", "target"):
        h.update(struct.pack(">q", e.get(k, 0)))
    for k in ("body", "refs", "tags"):
        text(h, canon(e.get(k)))
    assert h.hexdigest() == e["hash"], e["seq"]
    last = (e["seq"], h.digest())
PY

step "the file matches its JSON Schema"
if python3 -c "import jsonschema" 2>/dev/null; then
	python3 - "$TEST_SRCDIR/../schema/sitrep-export.schema.json" "$FIX" "$T/b.json" <<'PY' || fail "schema"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
for p in sys.argv[2:]:
    jsonschema.validate(json.load(open(p)), schema, cls=jsonschema.Draft202012Validator)
PY
else
	echo "python3 has no jsonschema module: the schema check is skipped"
fi

step "-o writes atomically and never replaces a file without --force"
echo keep >"$T/out.md"
expect_status "exists" 1 sitrep export INC-1 -o "$T/out.md"
expect_grep "says --force" "give --force to replace it" "$T/err"
expect_eq "untouched" keep "$(cat "$T/out.md")"
expect_status "force" 0 sitrep export INC-1 -o "$T/out.md" --force
expect_grep "replaced" "^# INC-1: Checkout latency" "$T/out.md"
expect_status "new file" 0 sitrep export INC-1 --format csv -o "$T/new.csv"
expect_eq "no temporary file left" "" "$(ls -A "$T" | grep '^\.' || true)"
expect_status "no such incident" 1 sitrep export INC-9
expect_status "unknown format" 2 sitrep export INC-1 --format pdf

step "times in another zone, which the document names"
sitrep export INC-1 --tz Asia/Tokyo >"$T/tokyo.md"
expect_grep "names the zone" "every time in this document is in Asia/Tokyo (the incident's own zone is UTC)" "$T/tokyo.md"
sitrep export INC-1 --format csv --tz Asia/Tokyo >"$T/tokyo.csv"
expect_grep "offset in the csv" "T[0-9:]*+09:00,.*,Asia/Tokyo,UTC" "$T/tokyo.csv"

step "the terminal's :export writes the same document, and the same way"
# term KEYS: run the terminal headless on INC-1 with the : line KEYS, in
# $T/term (the default file's directory); the message line is in $T/screen.
term() {
	(cd "$T/term" && SOURCE_DATE_EPOCH=$LATER SITREP_UI_KEYS="$1<Enter>" \
	    SITREP_UI_DUMP="$T/screen" SITREP_UI_SIZE=100x30 \
	    "$SITREP_BIN" attach INC-1 </dev/null >/dev/null)
}
mkdir "$T/term"
term ":export --tz UTC"
expect_grep "says where" "exported INC-1 (md) to $T/term/INC-1.md" "$T/screen"
golden demo.md "$T/term/INC-1.md"
term ":export -f html --tz UTC -o $T/term/pm.html"
golden demo.html "$T/term/pm.html"
echo keep >"$T/term/INC-1.csv"
term ":export -f csv"
expect_grep "refused, saying why" "export of INC-1 (csv) failed: $T/term/INC-1.csv exists; give --force" "$T/screen"
expect_eq "untouched" keep "$(cat "$T/term/INC-1.csv")"
term ":export -f csv --force --tz UTC"
golden demo.csv "$T/term/INC-1.csv"
term ":export -f pdf"
expect_grep "format named" "format is md, json, csv or html, not \"pdf\"" "$T/screen"
expect_eq "nothing else written" "INC-1.csv INC-1.md pm.html" \
    "$(ls -A "$T/term" | tr '\n' ' ' | sed 's/ $//')"

step "metrics leave the drill out"
sitrep new "Real outage" --sev 1 >/dev/null
sitrep mark INC-2 impact-start --at -30m >/dev/null
sitrep mark INC-2 detected --at -20m >/dev/null
expect_status "metrics" 0 sitrep metrics
expect_grep "one incident, the drill left out" "^1 incident; 1 drill left out" "$T/out"
expect_grep "time to detect" "time to detect  *1  *10m 0[0-9]s" "$T/out"
expect_status "metrics json" 0 sitrep metrics --json --since -1d
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['incidents']==1 and d['severity']['SEV1']==1 and abs(d['durations']['to_detect']['median_ms']-600000)<60000" "$T/out" || fail "metrics --json"
finish
