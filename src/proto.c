/* proto.c: frames on the wire and the messages they carry. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "sitrep.h"
#include "text.h"
#include "xmalloc.h"

/* Bytes of the length prefix in front of every frame. */
#define PROTO_PREFIX 4
/* Smallest buffer worth allocating for a decoder. */
#define PROTO_MIN_BUF 4096
/* First guess at the size of an encoded frame. */
#define PROTO_FIRST_BUF 256

/* Start a decoder with no bytes and the default frame limit. */
void proto_decoder_init(struct proto_decoder *d)
{
	memset(d, 0, sizeof *d);
	d->max = SR_MAX_FRAME;
}

/* Free what a decoder holds; it may be initialized again. */
void proto_decoder_free(struct proto_decoder *d)
{
	free(d->buf);
	d->buf = NULL;
	d->len = d->cap = d->off = 0;
}

/* Move the bytes not yet taken to the front of the buffer when that costs
 * no more than the bytes already taken (amortized: each byte moves once). */
static void proto_decoder_compact(struct proto_decoder *d, size_t incoming)
{
	size_t left = d->len - d->off;

	if (d->off == 0)
		return;
	if (left > d->off && d->len + incoming <= d->cap)
		return;
	memmove(d->buf, d->buf + d->off, left);
	d->len = left;
	d->off = 0;
}

/* Append n bytes as they came from the peer. */
void proto_decoder_feed(struct proto_decoder *d, const void *data, size_t n)
{
	size_t want;

	if (n == 0)
		return;
	proto_decoder_compact(d, n);
	if (n > SIZE_MAX - d->len)
		abort();
	want = d->len + n;
	if (want > d->cap) {
		if (d->cap < PROTO_MIN_BUF)
			d->cap = PROTO_MIN_BUF;
		while (d->cap < want)
			d->cap = d->cap > SIZE_MAX / 2 ? want : d->cap * 2;
		d->buf = xreallocarray(d->buf, d->cap, 1);
	}
	memcpy(d->buf + d->len, data, n);
	d->len = want;
}

/* Name of a JSON value's type, for messages. */
static const char *proto_json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

/* Check and parse one payload of n bytes into a message. */
static int proto_parse(const char *p, size_t n, json_t **msg, char **cause)
{
	json_error_t err;
	json_t *o;
	const char *type;
	char *text;
	size_t good;

	good = text_utf8_prefix(p, n);
	if (good != n) {
		*cause = xasprintf("invalid UTF-8 in frame at byte %zu", good);
		return -1;
	}
	o = json_loadb(p, n, JSON_REJECT_DUPLICATES, &err);
	if (o == NULL) {
		text = text_sanitize(err.text, 0);
		*cause = xasprintf("invalid JSON in frame: %s (at byte %d)",
		    text, err.position);
		free(text);
		return -1;
	}
	if (!json_is_object(o)) {
		*cause = xasprintf("frame holds %s, not a JSON object",
		    proto_json_kind(o));
		goto fail;
	}
	type = json_string_value(json_object_get(o, "type"));
	if (type == NULL || *type == '\0') {
		*cause = xstrdup("message has no \"type\" string");
		goto fail;
	}
	*msg = o;
	return 1;
fail:
	json_decref(o);
	return -1;
}

/* Take the next whole message out of the decoder (see proto.h). */
int proto_decoder_next(struct proto_decoder *d, json_t **msg, char **cause)
{
	const unsigned char *p;
	size_t left = d->len - d->off, n;

	*msg = NULL;
	if (left < PROTO_PREFIX)
		return 0; /* before d->buf is used: NULL until the first feed */
	p = d->buf + d->off;
	n = (size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | p[3];
	if (n == 0) {
		*cause = xstrdup("empty frame (length 0); a frame must hold "
		    "one JSON object");
		return -1;
	}
	if (n > d->max) {
		*cause = xasprintf("frame of %zu bytes exceeds the limit of %zu "
		    "bytes", n, d->max);
		return -1;
	}
	if (left - PROTO_PREFIX < n)
		return 0;
	d->off += PROTO_PREFIX + n;
	if (d->off == d->len)
		d->off = d->len = 0;
	return proto_parse((const char *)p + PROTO_PREFIX, n, msg, cause);
}

/* The next frame's payload, whole and within the limit, left in place:
 * 1 with *frame and *n (valid until the next feed), else 0. */
int proto_decoder_peek(const struct proto_decoder *d, const char **frame,
    size_t *n)
{
	const unsigned char *p;
	size_t left = d->len - d->off, len;

	if (left < PROTO_PREFIX)
		return 0;
	p = d->buf + d->off;
	len = (size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | p[3];
	if (len == 0 || len > d->max || left - PROTO_PREFIX < len)
		return 0;
	*frame = (const char *)p + PROTO_PREFIX;
	*n = len;
	return 1;
}

/* Drop the frame proto_decoder_peek() gave. */
void proto_decoder_skip(struct proto_decoder *d)
{
	const char *frame;
	size_t n;

	if (!proto_decoder_peek(d, &frame, &n))
		return;
	d->off += PROTO_PREFIX + n;
	if (d->off == d->len)
		d->off = d->len = 0;
}

/* A growing output buffer for the encoder. */
struct proto_out {
	unsigned char *buf;
	size_t len;
	size_t cap;
};

/* Append n bytes of JSON text to the frame being encoded. */
static int proto_out_write(const char *s, size_t n, void *arg)
{
	struct proto_out *out = arg;

	if (n > SIZE_MAX - out->len)
		return -1;
	if (out->len + n > out->cap) {
		while (out->len + n > out->cap)
			out->cap *= 2;
		out->buf = xreallocarray(out->buf, out->cap, 1);
	}
	memcpy(out->buf + out->len, s, n);
	out->len += n;
	return 0;
}

/* Encode msg as one frame: 4-byte big-endian length, compact JSON. */
unsigned char *proto_encode(const json_t *msg, size_t *len)
{
	struct proto_out out;
	size_t n;

	out.cap = PROTO_FIRST_BUF;
	out.buf = xmalloc(out.cap);
	out.len = PROTO_PREFIX;
	if (json_dump_callback(msg, proto_out_write, &out, JSON_COMPACT) != 0)
		goto fail;
	n = out.len - PROTO_PREFIX;
	if (n > UINT32_MAX)
		goto fail;
	out.buf[0] = (unsigned char)(n >> 24);
	out.buf[1] = (unsigned char)(n >> 16);
	out.buf[2] = (unsigned char)(n >> 8);
	out.buf[3] = (unsigned char)n;
	if (out.cap - out.len > out.len / 4) /* queued frames stay small */
		out.buf = xreallocarray(out.buf, out.len, 1);
	*len = out.len;
	return out.buf;
fail:
	free(out.buf);
	*len = 0;
	return NULL;
}

/* A JSON string for s: null for NULL, sanitized when not valid UTF-8. */
static json_t *proto_string(const char *s)
{
	json_t *v;
	char *clean;

	if (s == NULL)
		return json_null();
	v = json_string(s);
	if (v != NULL)
		return v;
	clean = text_sanitize(s, TEXT_MULTILINE);
	v = json_string(clean);
	free(clean);
	return v;
}

/* New message {"type": type}. */
json_t *proto_msg(const char *type)
{
	json_t *msg = json_object();

	json_object_set_new(msg, "type", proto_string(type));
	return msg;
}

/* New error message {"type":"error","code":…,"message":…}. */
json_t *proto_error(const char *code, const char *message)
{
	json_t *msg = proto_msg("error");

	json_object_set_new(msg, "code", proto_string(code));
	json_object_set_new(msg, "message", proto_string(message));
	return msg;
}

/* New nack {"type":"nack","uid":…,"code":…,"field":…,"message":…}. */
json_t *proto_nack(const char *uid, const char *code, const char *field,
    const char *message)
{
	json_t *msg = proto_msg("nack");

	json_object_set_new(msg, "uid", proto_string(uid));
	json_object_set_new(msg, "code", proto_string(code));
	if (field != NULL)
		json_object_set_new(msg, "field", proto_string(field));
	json_object_set_new(msg, "message", proto_string(message));
	return msg;
}

/* The "type" of a message, or "" when it has none. */
const char *proto_type(const json_t *msg)
{
	const char *type;

	if (!json_is_object(msg))
		return "";
	type = json_string_value(json_object_get(msg, "type"));
	return type != NULL ? type : "";
}
