/* test-text.c: the sanitizer and the UTF-8 helpers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Number of random strings the property test tries. */
#define TEST_TEXT_ROUNDS 20000
/* Longest random string, in bytes. */
#define TEST_TEXT_MAXLEN 48

/* Assert that sanitizing in with flags gives exactly want. */
static void test_text_expect(const char *in, int flags, const char *want)
{
	char *out = text_sanitize(in, flags);

	assert_string_equal(out, want);
	free(out);
}

/* CSI colour codes and an OSC title change are shown, not obeyed. */
static void test_text_escapes(void **state)
{
	test_text_expect("a\x1b[31mred\x1b[0m", 0, "a^[[31mred^[[0m");
	test_text_expect("\x1b]0;pwned\x07", 0, "^[]0;pwned^G");
	test_text_expect("\x1b]8;;http://x\x1b\\link", 0,
	    "^[]8;;http://x^[\\link");
	test_text_expect("\x1bP+q\x1b\\", 0, "^[P+q^[\\");
}

/* C1 controls encoded in UTF-8 become <U+XXXX>; raw C1 bytes U+FFFD. */
static void test_text_c1(void **state)
{
	test_text_expect("\xc2\x9b" "31m", 0, "<U+009B>31m");
	test_text_expect("\xc2\x85" "x\xc2\x80\xc2\x9f", 0,
	    "<U+0085>x<U+0080><U+009F>");
	test_text_expect("\x9b" "2J", 0, "\xef\xbf\xbd" "2J");
}

/* CR, BS, DEL, BEL, NUL-adjacent controls and tab. */
static void test_text_overwrite(void **state)
{
	test_text_expect("safe\rEVIL", 0, "safe^MEVIL");
	test_text_expect("abc\b\b\bxyz", 0, "abc^H^H^Hxyz");
	test_text_expect("a\x7f" "b", 0, "a^?b");
	test_text_expect("\x01\x1f\x07", 0, "^A^_^G");
	test_text_expect("a\tb", 0, "a b");
	test_text_expect("a\x0b\x0c" "b", 0, "a^K^Lb");
}

/* Bidi and other invisible format characters are made visible. */
static void test_text_bidi(void **state)
{
	test_text_expect("abc\xe2\x80\xae" "cba", 0, "abc<U+202E>cba");
	test_text_expect("\xe2\x80\x8e\xe2\x80\x8f", 0, "<U+200E><U+200F>");
	test_text_expect("\xe2\x80\xaa\xe2\x80\xac", 0, "<U+202A><U+202C>");
	test_text_expect("\xe2\x81\xa6x\xe2\x81\xa9", 0, "<U+2066>x<U+2069>");
	test_text_expect("\xd8\x9c", 0, "<U+061C>");
	test_text_expect("\xe2\x80\xa8\xe2\x80\xa9", 0, "<U+2028><U+2029>");
	test_text_expect("\xef\xbb\xbfhi", 0, "<U+FEFF>hi");
	test_text_expect("a\xe2\x80\x8b" "b", 0, "a<U+200B>b");
	test_text_expect("\xf3\xa0\x80\x81", 0, "<U+E0001>");
}

/* Each byte of an invalid sequence becomes one U+FFFD. */
static void test_text_invalid(void **state)
{
	test_text_expect("\xc3\x28", 0, "\xef\xbf\xbd(");
	test_text_expect("\xc0\xaf", 0, "\xef\xbf\xbd\xef\xbf\xbd");
	test_text_expect("\xed\xa0\x80", 0,
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	test_text_expect("\xf4\x90\x80\x80", 0, "\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd\xef\xbf\xbd");
	test_text_expect("ok\xe2\x82", 0, "ok\xef\xbf\xbd\xef\xbf\xbd");
	test_text_expect("\xff\xfe", 0, "\xef\xbf\xbd\xef\xbf\xbd");
	test_text_expect("\xe0\x80\x80", 0,
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
}

/* Wide CJK, accents, emoji and ZWJ sequences pass unchanged. */
static void test_text_wide(void **state)
{
	const char *keep[] = {
		"日本語のテキスト", "café naïve", "🚀 deploy 🔥",
		"👨\xe2\x80\x8d👩\xe2\x80\x8d👧", "Ελληνικά русский עברית",
		"a^[b <U+202E>", "\xef\xbf\xbd", "x\xcc\x81",
	};
	size_t i;

	for (i = 0; i < sizeof keep / sizeof keep[0]; i++)
		test_text_expect(keep[i], 0, keep[i]);
}

/* '\n' is kept with TEXT_MULTILINE, else shown as ⏎. */
static void test_text_newline(void **state)
{
	test_text_expect("a\nb\n", 0, "a\xe2\x8f\x8e" "b\xe2\x8f\x8e");
	test_text_expect("a\nb\n", TEXT_MULTILINE, "a\nb\n");
	test_text_expect("a\r\nb", TEXT_MULTILINE, "a^M\nb");
	test_text_expect("", 0, "");
}

/* Check the invariants of one sanitized output. */
static void test_text_invariants(const char *out, int flags)
{
	const unsigned char *p = (const unsigned char *)out;
	size_t n = strlen(out), i;
	char *again;

	assert_true(text_valid_utf8(out, n));
	for (i = 0; i < n; i++) {
		if (p[i] == '\n')
			assert_true(flags & TEXT_MULTILINE);
		else
			assert_true(p[i] >= 0x20 && p[i] != 0x7f);
		/* C1 (U+0080–9F) is 0xc2 0x80–0x9f in valid UTF-8. */
		if (p[i] == 0xc2 && i + 1 < n)
			assert_false(p[i + 1] >= 0x80 && p[i + 1] <= 0x9f);
		/* U+202A–E, U+2066–9 and LRM/RLM never appear. */
		if (p[i] == 0xe2 && i + 2 < n && p[i + 1] == 0x80)
			assert_false((p[i + 2] >= 0xaa && p[i + 2] <= 0xae) ||
			    p[i + 2] == 0x8e || p[i + 2] == 0x8f);
		if (p[i] == 0xe2 && i + 2 < n && p[i + 1] == 0x81)
			assert_false(p[i + 2] >= 0xa6 && p[i + 2] <= 0xa9);
	}
	again = text_sanitize(out, flags);
	assert_string_equal(again, out); /* idempotent */
	free(again);
}

/* A byte for the random strings, biased towards the interesting ones. */
static unsigned char test_text_byte(uint32_t r)
{
	static const unsigned char pick[] = {
		0x1b, '\n', '\r', '\t', 0x7f, 0x08, 0x07, 0xc2, 0x9b, 0x85,
		0xe2, 0x80, 0xae, 0x81, 0xa6, 0xed, 0xa0, 0xf0, 0xf4, 0x90,
		0xbf, 0xc0, 0xef, 0xbb, 'a', '[', ']',
	};

	if (r % 3 == 0)
		return pick[(r >> 8) % sizeof pick];
	return (unsigned char)(1 + (r >> 8) % 255);
}

/* Random byte strings: the output invariants always hold, and the UTF-8
 * check agrees with jansson's. */
static void test_text_property(void **state)
{
	uint32_t x = 0x2545f491;
	char in[TEST_TEXT_MAXLEN + 1], *out;
	size_t len, i;
	json_t *js;
	int round, flags;

	for (round = 0; round < TEST_TEXT_ROUNDS; round++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		len = x % (TEST_TEXT_MAXLEN + 1);
		for (i = 0; i < len; i++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			in[i] = (char)test_text_byte(x);
		}
		in[len] = '\0';
		flags = round & 1 ? TEXT_MULTILINE : 0;
		out = text_sanitize(in, flags);
		test_text_invariants(out, flags);
		free(out);
		js = json_stringn(in, len);
		assert_int_equal(text_valid_utf8(in, len), js != NULL);
		assert_int_equal(text_utf8_prefix(in, len) == len, js != NULL);
		json_decref(js);
	}
}

/* The strict UTF-8 check and the valid prefix. */
static void test_text_valid(void **state)
{
	assert_true(text_valid_utf8("", 0));
	assert_true(text_valid_utf8("héllo 日本 🚀", strlen("héllo 日本 🚀")));
	assert_true(text_valid_utf8("\xf4\x8f\xbf\xbf", 4));
	assert_true(text_valid_utf8("\xed\x9f\xbf", 3));
	assert_false(text_valid_utf8("\xc3\x28", 2));
	assert_false(text_valid_utf8("\xc0\xaf", 2));
	assert_false(text_valid_utf8("\xe0\x80\xaf", 3));
	assert_false(text_valid_utf8("\xf0\x80\x80\xaf", 4));
	assert_false(text_valid_utf8("\xed\xa0\x80", 3));
	assert_false(text_valid_utf8("\xed\xbf\xbf", 3));
	assert_false(text_valid_utf8("\xf4\x90\x80\x80", 4));
	assert_false(text_valid_utf8("\xf5\x80\x80\x80", 4));
	assert_false(text_valid_utf8("\xe2\x82", 2));
	assert_false(text_valid_utf8("\x80", 1));
	assert_false(text_valid_utf8("\xe2\x82\xac", 2)); /* cut by n */
	assert_int_equal(text_utf8_prefix("ab\xc3\x28", 4), 2);
	assert_int_equal(text_utf8_prefix("\xe2\x82\xac\xff", 4), 3);
	assert_int_equal(text_utf8_prefix("abc", 3), 3);
}

/* Display width: wide characters take two columns. */
static void test_text_width(void **state)
{
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width("hello"), 5);
	assert_int_equal(text_width("日本語"), 6);
	assert_int_equal(text_width("🚀x"), 3);
	assert_int_equal(text_width("e\xcc\x81"), 1); /* combining acute */
	assert_int_equal(text_width("\xff"), 1);
	assert_int_equal(text_width("a\x1b"), 2);
}

/* Trimming ASCII white space in place. */
static void test_text_trim(void **state)
{
	char a[] = "  \t hello world \n\r ", b[] = "   ", c[] = "x",
	    d[] = " 日本 ";

	assert_string_equal(text_trim(a), "hello world");
	assert_string_equal(text_trim(b), "");
	assert_string_equal(text_trim(c), "x");
	assert_string_equal(text_trim(d), "日本");
}

/* Assert that text_json of a one-string array is exactly want. */
static void test_text_json_expect(const char *in, const char *want)
{
	json_t *v = json_pack("[s]", in);
	char *out;

	assert_non_null(v);
	out = text_json(v, JSON_COMPACT);
	assert_string_equal(out, want);
	free(out);
	json_decref(v);
}

/* JSON for a terminal: DEL, C1, bidi and other invisible format
 * characters are escaped (jansson escapes only C0); text stays UTF-8, and
 * the escaped JSON reads back as the very same string. */
static void test_text_json(void **state)
{
	json_t *v, *back;
	char *out;

	test_text_json_expect("a\x7f" "b", "[\"a\\u007Fb\"]");
	test_text_json_expect("\xc2\x9b" "31m\xc2\x85", "[\"\\u009B31m\\u0085\"]");
	test_text_json_expect("user\xe2\x80\xae" "txt.exe",
	    "[\"user\\u202Etxt.exe\"]");
	test_text_json_expect("a\xe2\x80\xa8" "b\xe2\x81\xa6" "c",
	    "[\"a\\u2028b\\u2066c\"]");
	test_text_json_expect("tag\xf3\xa0\x80\x81", "[\"tag\\uDB40\\uDC01\"]");
	test_text_json_expect("caf\xc3\xa9 \xe8\xa1\xa8 \x1b[2J",
	    "[\"caf\xc3\xa9 \xe8\xa1\xa8 \\u001B[2J\"]");
	v = json_pack("{s:s}", "k\xe2\x80\xae", "\x7f\xc2\x80\xf3\xa0\x80\x81");
	out = text_json(v, JSON_INDENT(2));
	back = json_loads(out, 0, NULL);
	assert_non_null(back);
	assert_true(json_equal(v, back));
	json_decref(back);
	json_decref(v);
	free(out);
}

/* Run every text test. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_escapes),
		cmocka_unit_test(test_text_c1),
		cmocka_unit_test(test_text_overwrite),
		cmocka_unit_test(test_text_bidi),
		cmocka_unit_test(test_text_invalid),
		cmocka_unit_test(test_text_wide),
		cmocka_unit_test(test_text_newline),
		cmocka_unit_test(test_text_property),
		cmocka_unit_test(test_text_valid),
		cmocka_unit_test(test_text_width),
		cmocka_unit_test(test_text_trim),
		cmocka_unit_test(test_text_json),
	};

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
