/* model-index.c: an incident's entry index (model_entry) as bytes and back,
 * so the server can keep it with a checkpoint of the incident's state and
 * start without folding the history again.
 *
 * An entry is MODEL_INDEX_ENTRY bytes, big-endian: seq (8), kind (1), flags
 * (1: struck, amended, late, then the entry type in three bits), two zero
 * bytes, author (4: an index into the incident's people).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "model-int.h"
#include "xmalloc.h"

/* Put v big-endian in n bytes at p. */
static void model_index_put(unsigned char *p, uint64_t v, int n)
{
	int i;

	for (i = n - 1; i >= 0; i--) {
		p[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

/* Read n big-endian bytes at p. */
static uint64_t model_index_get(const unsigned char *p, int n)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* Encode entries [from, from + n) of inc's index into out. */
void model_index_encode(const struct model_incident *inc, size_t from,
    size_t n, unsigned char *out)
{
	const struct model_entry *e;
	size_t i;

	for (i = 0; i < n; i++, out += MODEL_INDEX_ENTRY) {
		e = &inc->entries[from + i];
		model_index_put(out, (uint64_t)e->seq, 8);
		out[8] = (unsigned char)e->kind;
		out[9] = (unsigned char)(e->struck | e->amended << 1 |
		    e->late << 2 | e->type << 3);
		out[10] = out[11] = 0;
		model_index_put(out + 12, e->author, 4);
	}
}

/* Decode one entry; -1 when it cannot be one of inc's after prev. */
static int model_index_one(const struct model_incident *inc,
    const unsigned char *p, int64_t prev, struct model_entry *e)
{
	uint64_t seq = model_index_get(p, 8), author = model_index_get(p + 12, 4);

	if (seq > INT64_MAX || (int64_t)seq <= prev ||
	    (int64_t)seq > inc->last_seq || p[8] == EV_UNKNOWN ||
	    p[8] >= EV_KIND_COUNT || (p[9] >> 3) >= ENT_COUNT ||
	    (author != MODEL_NO_AUTHOR && author >= inc->npeople))
		return -1;
	memset(e, 0, sizeof *e);
	e->seq = (int64_t)seq;
	e->kind = (enum event_kind)p[8];
	e->struck = p[9] & 1;
	e->amended = (p[9] >> 1) & 1;
	e->late = (p[9] >> 2) & 1;
	e->type = (unsigned)(p[9] >> 3);
	e->author = (unsigned)author;
	return 0;
}

/* Replace inc's entry index (the sparse one of a state) by the encoded
 * index of len bytes; -1 and *cause when it is not the index that state
 * counts (length, order, kinds, authors). */
int model_index_decode(struct model_incident *inc, const unsigned char *data,
    size_t len, char **cause)
{
	size_t n = len / MODEL_INDEX_ENTRY, i;
	struct model_entry *entries;
	int64_t prev = 0;

	if (len % MODEL_INDEX_ENTRY != 0 ||
	    n != inc->nentries + inc->nentries_elsewhere) {
		*cause = xasprintf("the entry index of %s holds %zu bytes, not "
		    "the %zu entries its state counts", inc->ref, len,
		    inc->nentries + inc->nentries_elsewhere);
		return -1;
	}
	entries = model_alloc(n, sizeof *entries);
	for (i = 0; i < n; i++) {
		if (model_index_one(inc, data + i * MODEL_INDEX_ENTRY, prev,
		    &entries[i]) != 0) {
			*cause = xasprintf("the entry index of %s is damaged at "
			    "entry %zu", inc->ref, i + 1);
			free(entries);
			return -1;
		}
		prev = entries[i].seq;
	}
	free(inc->entries);
	inc->entries = entries;
	inc->nentries = n;
	inc->nentries_elsewhere = 0;
	return 0;
}
