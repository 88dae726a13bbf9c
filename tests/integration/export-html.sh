# export-html.sh: the HTML postmortem, rendered by headless Chromium into
# a PNG, is a page with something on it (not blank), and the same file
# needs nothing from outside (Chromium runs with networking off).
. "$TEST_SRCDIR/lib.sh"

CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
	echo "chromium is not installed (apt-get install chromium; ./quickstart check does): skipping"
	exit 77
fi

step "export the demo fixture as HTML"
expect_status "import" 0 sitrep import "$TEST_SRCDIR/golden/demo.json"
expect_status "export" 0 sitrep export INC-1 --format html --tz UTC -o "$T/demo.html"

step "render it to a PNG with headless Chromium"
mkdir -p "$T/chrome"
set +e
timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --user-data-dir="$T/chrome" \
    --screenshot="$T/demo.png" --window-size=1200,1600 \
    "file://$T/demo.html" >"$T/chrome.log" 2>&1
rc=$?
set -e
[ "$rc" -eq 0 ] || fail "chromium exited with $rc: $(tail -5 "$T/chrome.log")"

step "the PNG is 1200x1600 and not blank"
python3 - "$T/demo.png" <<'PY' || fail "the rendered page is blank or not a PNG"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, size = 8, b"", None
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    chunk = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        size = struct.unpack(">II", chunk[:8])
    elif kind == b"IDAT":
        idat += chunk
    pos += 12 + n
assert size == (1200, 1600), "size %r" % (size,)
pixels = zlib.decompress(idat)
distinct = len(set(pixels))
busy = sum(1 for b in pixels[::97] if b not in (0, 255)) / len(pixels[::97])
print("image data: %d bytes, %d distinct values, %.1f%% not blank" %
      (len(pixels), distinct, busy * 100))
assert distinct > 64 and busy > 0.01, "blank"
PY
finish
