/* fuzz-frame.c: fuzz the frame decoder with split, coalesced and broken
 * input; every decoded message must survive an encode/decode round trip.
 *
 * The first input byte steers the harness: bits 0-3 the feed chunk size
 * (1-16 bytes, or all at once when bit 4 is set), bit 7 a small frame
 * limit (64 + 16 * bits 0-5 bytes). See fuzz/README.md.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "text.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Encode msg and decode it again: the same message must come back. */
static void fuzz_frame_round_trip(const json_t *msg)
{
	struct proto_decoder d;
	unsigned char *f;
	json_t *back = NULL;
	char *cause = NULL;
	size_t len;

	f = proto_encode(msg, &len);
	if (f == NULL)
		abort();
	proto_decoder_init(&d);
	d.max = UINT32_MAX;
	proto_decoder_feed(&d, f, len);
	if (proto_decoder_next(&d, &back, &cause) != 1 ||
	    !json_equal(msg, back) || d.len != 0)
		abort();
	json_decref(back);
	proto_decoder_free(&d);
	free(f);
}

/* Take every whole message out; 0 to go on, -1 once the stream broke. */
static int fuzz_frame_drain(struct proto_decoder *d)
{
	json_t *msg;
	char *cause = NULL;
	int r;

	while ((r = proto_decoder_next(d, &msg, &cause)) == 1) {
		if (*proto_type(msg) == '\0')
			abort();
		fuzz_frame_round_trip(msg);
		json_decref(msg);
	}
	if (r == 0)
		return 0;
	if (cause == NULL || *cause == '\0' ||
	    !text_valid_utf8(cause, strlen(cause)))
		abort();
	free(cause);
	return -1;
}

/* One fuzz input: feed it in steered chunks and check what comes out. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_decoder d;
	size_t chunk, off, n;
	uint8_t ctl;

	if (size < 1)
		return 0;
	ctl = data[0];
	data++;
	size--;
	proto_decoder_init(&d);
	if (ctl & 0x80)
		d.max = 64 + (size_t)(ctl & 0x3f) * 16;
	chunk = ctl & 0x10 ? size : (size_t)(ctl & 0x0f) + 1;
	for (off = 0; off < size; off += n) {
		n = size - off < chunk ? size - off : chunk;
		proto_decoder_feed(&d, data + off, n);
		if (fuzz_frame_drain(&d) != 0)
			break;
	}
	proto_decoder_free(&d);
	return 0;
}

#include "fuzz-replay.h"
