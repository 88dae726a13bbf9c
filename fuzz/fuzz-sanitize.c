/* fuzz-sanitize.c: fuzz the sanitizer and the UTF-8 helpers; the output
 * must be inert (see text.h) whatever the input. See fuzz/README.md. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless out is valid UTF-8 without C0 (but '\n' when multiline),
 * DEL, C1 or bidi controls (nothing above ASCII with TEXT_ASCII), and
 * sanitizing it again changes nothing. */
static void fuzz_sanitize_check(const char *out, int flags)
{
	const unsigned char *p = (const unsigned char *)out;
	size_t n = strlen(out), i;
	char *again;

	if (!text_valid_utf8(out, n))
		abort();
	for (i = 0; i < n; i++) {
		if ((flags & TEXT_ASCII) && p[i] >= 0x80)
			abort();
		if (p[i] == '\n' ? !(flags & TEXT_MULTILINE) :
		    p[i] < 0x20 || p[i] == 0x7f)
			abort();
		if (p[i] == 0xc2 && i + 1 < n && p[i + 1] <= 0x9f)
			abort();
		if (p[i] == 0xe2 && i + 2 < n && p[i + 1] == 0x80 &&
		    ((p[i + 2] >= 0xaa && p[i + 2] <= 0xae) ||
		    p[i + 2] == 0x8e || p[i + 2] == 0x8f))
			abort();
		if (p[i] == 0xe2 && i + 2 < n && p[i + 1] == 0x81 &&
		    p[i + 2] >= 0xa6 && p[i + 2] <= 0xa9)
			abort();
	}
	again = text_sanitize(out, flags);
	if (strcmp(again, out) != 0)
		abort();
	free(again);
	(void)text_width(out);
}

/* One fuzz input: sanitize it both ways, cross-check UTF-8 validity. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1), *out;
	json_t *js;
	int valid;

	memcpy(s, data, size);
	s[size] = '\0';
	out = text_sanitize(s, 0);
	fuzz_sanitize_check(out, 0);
	free(out);
	out = text_sanitize(s, TEXT_MULTILINE);
	fuzz_sanitize_check(out, TEXT_MULTILINE);
	free(out);
	out = text_sanitize(s, TEXT_ASCII);
	fuzz_sanitize_check(out, TEXT_ASCII);
	free(out);
	valid = text_valid_utf8(s, size);
	if (valid != (text_utf8_prefix(s, size) == size))
		abort();
	js = json_stringn(s, size); /* jansson's own strict check */
	if (valid != (js != NULL))
		abort();
	json_decref(js);
	(void)text_width(s);
	(void)text_trim(s);
	free(s);
	return 0;
}

#include "fuzz-replay.h"
