/* test-proto.c: the frame decoder, the encoder and message helpers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proto.h"
#include "sitrep.h"
#include "xmalloc.h"

/* A frame around n raw payload bytes (which need not be valid). */
static unsigned char *test_proto_raw(const char *payload, size_t n,
    size_t *len)
{
	unsigned char *f = xmalloc(n + 4);

	f[0] = (unsigned char)(n >> 24);
	f[1] = (unsigned char)(n >> 16);
	f[2] = (unsigned char)(n >> 8);
	f[3] = (unsigned char)n;
	memcpy(f + 4, payload, n);
	*len = n + 4;
	return f;
}

/* A sample message with nested values and non-ASCII text. */
static json_t *test_proto_sample(void)
{
	return json_pack("{s:s, s:i, s:s, s:[i,s,b,n], s:{s:f}}", "type",
	    "hello", "proto", PROTO_MAJOR, "client", "sitrep ü 日本 🚀",
	    "list", 1, "two", 1, "o", "x", 1.5);
}

/* Feed a whole raw payload and expect -1 with exactly the cause want. */
static void test_proto_expect_error(const char *payload, size_t n,
    const char *want)
{
	struct proto_decoder d;
	unsigned char *f;
	size_t len;
	json_t *msg = NULL;
	char *cause = NULL;

	proto_decoder_init(&d);
	f = test_proto_raw(payload, n, &len);
	proto_decoder_feed(&d, f, len);
	assert_int_equal(proto_decoder_next(&d, &msg, &cause), -1);
	assert_null(msg);
	assert_non_null(cause);
	if (strncmp(want, "invalid JSON", 12) == 0) {
		/* jansson's own words vary by version: check ours around them */
		assert_true(strncmp(cause, "invalid JSON in frame: ", 23) == 0);
		assert_non_null(strstr(cause, strrchr(want, '(')));
	} else
		assert_string_equal(cause, want);
	free(cause);
	free(f);
	proto_decoder_free(&d);
}

/* One byte at a time: nothing until the last byte, then the message once. */
static void test_proto_bytewise(void **state)
{
	struct proto_decoder d;
	json_t *in = test_proto_sample(), *msg;
	unsigned char *f;
	size_t len, i;
	char *cause = NULL;
	int got = 0;

	f = proto_encode(in, &len);
	assert_non_null(f);
	proto_decoder_init(&d);
	for (i = 0; i < len; i++) {
		proto_decoder_feed(&d, f + i, 1);
		switch (proto_decoder_next(&d, &msg, &cause)) {
		case 1:
			assert_int_equal(i, len - 1);
			assert_true(json_equal(in, msg));
			json_decref(msg);
			got++;
			break;
		case 0:
			assert_true(i < len - 1);
			break;
		default:
			fail_msg("decoder error at byte %zu: %s", i, cause);
		}
	}
	assert_int_equal(got, 1);
	assert_int_equal(proto_decoder_next(&d, &msg, &cause), 0);
	proto_decoder_free(&d);
	free(f);
	json_decref(in);
}

/* Split in two at every boundary, including inside the length. */
static void test_proto_split_anywhere(void **state)
{
	struct proto_decoder d;
	json_t *in = test_proto_sample(), *msg;
	unsigned char *f;
	size_t len, k;
	char *cause = NULL;

	f = proto_encode(in, &len);
	for (k = 0; k <= len; k++) {
		proto_decoder_init(&d);
		proto_decoder_feed(&d, f, k);
		assert_int_equal(proto_decoder_next(&d, &msg, &cause),
		    k == len ? 1 : 0);
		if (k < len) {
			proto_decoder_feed(&d, f + k, len - k);
			assert_int_equal(proto_decoder_next(&d, &msg, &cause),
			    1);
		}
		assert_true(json_equal(in, msg));
		json_decref(msg);
		assert_int_equal(proto_decoder_next(&d, &msg, &cause), 0);
		proto_decoder_free(&d);
	}
	free(f);
	json_decref(in);
}

/* Three frames in one feed come out in order; then more are needed. */
static void test_proto_coalesced(void **state)
{
	static const char *types[] = { "ping", "subscribe", "list" };
	struct proto_decoder d;
	unsigned char buf[256], *f;
	size_t len, off = 0, i;
	json_t *msg;
	char *cause = NULL;

	for (i = 0; i < 3; i++) {
		msg = proto_msg(types[i]);
		json_object_set_new(msg, "id", json_integer((json_int_t)i));
		f = proto_encode(msg, &len);
		memcpy(buf + off, f, len);
		off += len;
		free(f);
		json_decref(msg);
	}
	proto_decoder_init(&d);
	proto_decoder_feed(&d, buf, off);
	for (i = 0; i < 3; i++) {
		assert_int_equal(proto_decoder_next(&d, &msg, &cause), 1);
		assert_string_equal(proto_type(msg), types[i]);
		assert_int_equal(json_integer_value(json_object_get(msg, "id")),
		    i);
		json_decref(msg);
	}
	assert_int_equal(proto_decoder_next(&d, &msg, &cause), 0);
	proto_decoder_free(&d);
}

/* Many small frames per feed, with a partial frame carried over each time. */
static void test_proto_many(void **state)
{
	struct proto_decoder d;
	unsigned char *f, *all;
	size_t len, total, i, sent = 0, chunk = 1000;
	json_t *msg;
	char *cause = NULL;
	int n = 20000, got = 0;

	msg = proto_msg("ping");
	f = proto_encode(msg, &len);
	json_decref(msg);
	total = len * (size_t)n;
	all = xmalloc(total);
	for (i = 0; i < (size_t)n; i++)
		memcpy(all + i * len, f, len);
	proto_decoder_init(&d);
	while (sent < total) {
		if (chunk > total - sent)
			chunk = total - sent;
		proto_decoder_feed(&d, all + sent, chunk);
		sent += chunk;
		while (proto_decoder_next(&d, &msg, &cause) == 1) {
			got++;
			json_decref(msg);
		}
		assert_true(d.cap <= 8192); /* the buffer does not grow */
	}
	assert_int_equal(got, n);
	proto_decoder_free(&d);
	free(all);
	free(f);
}

/* An oversized length is refused as soon as it is known. */
static void test_proto_oversized(void **state)
{
	struct proto_decoder d;
	unsigned char hdr[4] = { 0x00, 0x10, 0x00, 0x01 }, small[4] = {
	    0, 0, 0, 101 };
	json_t *msg;
	char *cause = NULL;

	proto_decoder_init(&d);
	proto_decoder_feed(&d, hdr, 3);
	assert_int_equal(proto_decoder_next(&d, &msg, &cause), 0);
	proto_decoder_feed(&d, hdr + 3, 1);
	assert_int_equal(proto_decoder_next(&d, &msg, &cause), -1);
	assert_string_equal(cause, "frame of 1048577 bytes exceeds the limit "
	    "of 1048576 bytes");
	free(cause);
	proto_decoder_free(&d);

	proto_decoder_init(&d);
	d.max = 100;
	proto_decoder_feed(&d, small, 4);
	assert_int_equal(proto_decoder_next(&d, &msg, &cause), -1);
	assert_string_equal(cause, "frame of 101 bytes exceeds the limit of "
	    "100 bytes");
	free(cause);
	proto_decoder_free(&d);

	proto_decoder_init(&d);
	proto_decoder_feed(&d, "\xff\xff\xff\xff", 4);
	assert_int_equal(proto_decoder_next(&d, &msg, &cause), -1);
	assert_string_equal(cause, "frame of 4294967295 bytes exceeds the "
	    "limit of 1048576 bytes");
	free(cause);
	proto_decoder_free(&d);
}

/* Broken payloads: each gets an error that names the problem. */
static void test_proto_bad_payloads(void **state)
{
	test_proto_expect_error("{\"type\":", 8, "invalid JSON in frame: "
	    "unexpected token near end of file (at byte 8)");
	test_proto_expect_error("{\"type\":\"a\"} x", 14, "invalid JSON in "
	    "frame: end of file expected near 'x' (at byte 14)");
	test_proto_expect_error("{\"type\":\"a\",\"type\":\"b\"}", 23,
	    "invalid JSON in frame: duplicate object key near '\"type\"' "
	    "(at byte 18)");
	test_proto_expect_error("[1,2]", 5,
	    "frame holds an array, not a JSON object");
	test_proto_expect_error("\"hi\"", 4, "invalid JSON in frame: '[' or "
	    "'{' expected near '\"hi\"' (at byte 4)");
	test_proto_expect_error("{\"id\":1}", 8,
	    "message has no \"type\" string");
	test_proto_expect_error("{\"type\":5}", 10,
	    "message has no \"type\" string");
	test_proto_expect_error("{\"type\":\"\"}", 11,
	    "message has no \"type\" string");
	test_proto_expect_error("", 0, "empty frame (length 0); a frame must "
	    "hold one JSON object");
}

/* Invalid UTF-8 is refused with its position, before JSON parsing. */
static void test_proto_bad_utf8(void **state)
{
	test_proto_expect_error("{\"type\":\"a\xc3\x28\"}", 14,
	    "invalid UTF-8 in frame at byte 10");
	test_proto_expect_error("{\"type\":\"\xc0\xaf\"}", 13,
	    "invalid UTF-8 in frame at byte 9");
	test_proto_expect_error("{\"type\":\"x\",\"t\":\"\xed\xa0\x80\"}", 22,
	    "invalid UTF-8 in frame at byte 17");
	test_proto_expect_error("{\"type\":\"x\xf4\x90\x80\x80\"}", 16,
	    "invalid UTF-8 in frame at byte 10");
	test_proto_expect_error("\xff", 1, "invalid UTF-8 in frame at byte 0");
}

/* Encoding: a big-endian length and compact JSON, decoded back equal. */
static void test_proto_round_trip(void **state)
{
	struct proto_decoder d;
	json_t *in = test_proto_sample(), *msg;
	unsigned char *f;
	char *compact, *cause = NULL;
	size_t len, n;

	f = proto_encode(in, &len);
	compact = json_dumps(in, JSON_COMPACT);
	n = strlen(compact);
	assert_int_equal(len, n + 4);
	assert_int_equal(f[0] << 24 | f[1] << 16 | f[2] << 8 | f[3], n);
	assert_memory_equal(f + 4, compact, n);
	assert_null(memchr(f + 4, '\n', n));
	proto_decoder_init(&d);
	proto_decoder_feed(&d, f, len);
	assert_int_equal(proto_decoder_next(&d, &msg, &cause), 1);
	assert_true(json_equal(in, msg));
	json_decref(msg);
	proto_decoder_free(&d);
	free(compact);
	free(f);
	json_decref(in);
}

/* A frame just under the limit passes, fed in 64 KiB pieces; one byte
 * over a lowered limit does not. */
static void test_proto_large(void **state)
{
	struct proto_decoder d;
	size_t big = SR_MAX_FRAME - 64, len, off;
	char *text = xmalloc(big + 1), *cause = NULL;
	unsigned char *f;
	json_t *in, *msg = NULL;
	int r = 0;

	memset(text, 'x', big);
	text[big] = '\0';
	in = json_pack("{s:s, s:s}", "type", "submit", "text", text);
	f = proto_encode(in, &len);
	assert_true(len - 4 <= SR_MAX_FRAME);
	assert_true(len - 4 > SR_MAX_FRAME - 100);
	proto_decoder_init(&d);
	for (off = 0; off < len; off += 65536) {
		proto_decoder_feed(&d, f + off, len - off < 65536 ? len - off :
		    65536);
		r = proto_decoder_next(&d, &msg, &cause);
		assert_int_equal(r, off + 65536 >= len ? 1 : 0);
	}
	assert_true(json_equal(in, msg));
	json_decref(msg);
	proto_decoder_free(&d);

	proto_decoder_init(&d);
	d.max = len - 4;
	proto_decoder_feed(&d, f, len);
	assert_int_equal(proto_decoder_next(&d, &msg, &cause), 1);
	json_decref(msg);
	proto_decoder_free(&d);
	proto_decoder_init(&d);
	d.max = len - 5;
	proto_decoder_feed(&d, f, 4);
	assert_int_equal(proto_decoder_next(&d, &msg, &cause), -1);
	free(cause);
	proto_decoder_free(&d);
	free(f);
	free(text);
	json_decref(in);
}

/* Message constructors and proto_type. */
static void test_proto_messages(void **state)
{
	json_t *m;

	m = proto_msg("ping");
	assert_string_equal(proto_type(m), "ping");
	assert_int_equal(json_object_size(m), 1);
	json_decref(m);

	m = proto_error(PROTO_E_LIMIT, "too big");
	assert_string_equal(proto_type(m), "error");
	assert_string_equal(json_string_value(json_object_get(m, "code")),
	    "limit");
	assert_string_equal(json_string_value(json_object_get(m, "message")),
	    "too big");
	json_decref(m);

	m = proto_nack("0123456789abcdef0123456789abcdef", PROTO_E_RULE,
	    "status", "only the incident commander can change status");
	assert_string_equal(proto_type(m), "nack");
	assert_string_equal(json_string_value(json_object_get(m, "uid")),
	    "0123456789abcdef0123456789abcdef");
	assert_string_equal(json_string_value(json_object_get(m, "code")),
	    "rule");
	json_decref(m);

	/* A message that is not valid UTF-8 is sanitized, not dropped. */
	m = proto_error(PROTO_E_INVALID, "bad \xff byte");
	assert_string_equal(json_string_value(json_object_get(m, "message")),
	    "bad \xef\xbf\xbd byte");
	json_decref(m);

	m = json_pack("{s:i}", "type", 3);
	assert_string_equal(proto_type(m), "");
	json_decref(m);
	m = json_array();
	assert_string_equal(proto_type(m), "");
	json_decref(m);
	assert_string_equal(proto_type(NULL), "");
}

/* jansson allocates through xmalloc: an allocation it cannot get stops the
 * program (as xmalloc does everywhere) instead of a NULL that callers of
 * json_* constructors do not check. */
static void test_proto_json_alloc(void **state)
{
	json_malloc_t m;
	json_free_t f;
	json_t *j;
	pid_t pid;
	int status, fd;

	json_get_alloc_funcs(&m, &f);
	assert_ptr_equal(m, xmalloc);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if ((fd = open("/dev/null", O_WRONLY)) >= 0)
			dup2(fd, STDERR_FILENO);
		j = json_stringn_nocheck("x", SIZE_MAX - 1);
		_exit(j == NULL ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_false(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* Run every protocol test. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proto_bytewise),
		cmocka_unit_test(test_proto_split_anywhere),
		cmocka_unit_test(test_proto_coalesced),
		cmocka_unit_test(test_proto_many),
		cmocka_unit_test(test_proto_oversized),
		cmocka_unit_test(test_proto_bad_payloads),
		cmocka_unit_test(test_proto_bad_utf8),
		cmocka_unit_test(test_proto_round_trip),
		cmocka_unit_test(test_proto_large),
		cmocka_unit_test(test_proto_messages),
		cmocka_unit_test(test_proto_json_alloc),
	};

	xmalloc_json_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
