/* export-chain.c: the hash chain of an export (sitrep-export(5)): where
 * an incident's events join its store's chain, and the check that each
 * event's hash is the hash of its content after the hash before it. The
 * server checks an import with it again, batch by batch. */
#include <inttypes.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "store.h"
#include "xmalloc.h"

/* Order seqs, for qsort of the chain's joins. */
static int export_chain_by_seq(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;

	return (*x > *y) - (*x < *y);
}

/* One join of the chain: {seq, hash}; -1 when malformed. */
static int export_chain_parse(const json_t *j, int64_t *seq,
    unsigned char prev[32])
{
	const char *hex = json_string_value(json_object_get(j, "hash"));
	size_t n = 0;

	if (!json_is_integer(json_object_get(j, "seq")) || hex == NULL ||
	    strlen(hex) != 64 || sodium_hex2bin(prev, 32, hex, 64, NULL, &n,
	    NULL) != 0 || n != 32)
		return -1;
	*seq = json_integer_value(json_object_get(j, "seq"));
	return 0;
}

/* The chain's joins from a "previous" array. */
int export_chain_init(struct export_chain *c, const json_t *previous,
    char **cause)
{
	unsigned char (*tmp)[32];
	int64_t *order;
	size_t i, j, n = json_array_size(previous);

	memset(c, 0, sizeof *c);
	if (!json_is_array(previous)) {
		*cause = xstrdup("chain.previous must be a list of {seq, "
		    "hash}");
		return -1;
	}
	c->seqs = xcalloc(n + 1, sizeof *c->seqs);
	c->prev = xcalloc(n + 1, sizeof *c->prev);
	tmp = xcalloc(n + 1, sizeof *tmp);
	order = xcalloc(2 * n + 1, sizeof *order);
	for (i = 0; i < n; i++) {
		if (export_chain_parse(json_array_get(previous, i),
		    &order[2 * i], tmp[i]) != 0) {
			*cause = xasprintf("chain.previous[%zu] is not {seq, "
			    "hash} with a 64-digit hex hash", i);
			free(tmp);
			free(order);
			export_chain_free(c);
			return -1;
		}
		order[2 * i + 1] = (int64_t)i;
	}
	qsort(order, n, 2 * sizeof *order, export_chain_by_seq);
	for (j = 0; j < n; j++) {
		c->seqs[j] = order[2 * j];
		memcpy(c->prev[j], tmp[order[2 * j + 1]], 32);
	}
	c->n = n;
	free(tmp);
	free(order);
	return 0;
}

/* Free the joins. */
void export_chain_free(struct export_chain *c)
{
	free(c->seqs);
	free(c->prev);
	memset(c, 0, sizeof *c);
}

/* One join as JSON. */
json_t *export_chain_join_json(int64_t seq, const unsigned char prev[32])
{
	char hex[65];

	sodium_bin2hex(hex, sizeof hex, prev, 32);
	return json_pack("{s:I, s:s}", "seq", (json_int_t)seq, "hash", hex);
}

/* Binary search of seq in sorted v. */
int export_chain_find(const int64_t *v, size_t n, int64_t seq, size_t *at)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid] == seq) {
			*at = mid;
			return 1;
		}
		if (v[mid] < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The hash the event before seq had, from the joins; NULL when the chain
 * does not give it. */
const unsigned char *export_chain_join(const struct export_chain *c,
    int64_t seq)
{
	size_t at;

	return export_chain_find(c->seqs, c->n, seq, &at) ? c->prev[at] : NULL;
}

/* Check one event against the chain. */
int export_chain_check(struct export_chain *c, const struct event *ev,
    char **cause)
{
	const unsigned char *prev = NULL;
	unsigned char hash[32];

	if (c->last_seq != 0 && ev->seq == c->last_seq + 1)
		prev = c->last_hash;
	else if (c->last_seq == 0 || ev->seq > c->last_seq)
		prev = export_chain_join(c, ev->seq);
	if (prev == NULL) {
		*cause = xasprintf("event #%" PRId64 " (%s) %s", ev->seq,
		    event_kind_name(ev->kind), c->last_seq != 0 &&
		    ev->seq <= c->last_seq ? "is out of seq order" : "does not "
		    "follow the event before it, and chain.previous does not "
		    "give the hash to check it against");
		return -1;
	}
	store_hash(prev, ev, hash);
	if (sodium_memcmp(hash, ev->hash, sizeof hash) != 0) {
		*cause = xasprintf("event #%" PRId64 " (%s) does not match its "
		    "hash: it was changed after it was exported, or one before "
		    "it was", ev->seq, event_kind_name(ev->kind));
		return -1;
	}
	c->last_seq = ev->seq;
	memcpy(c->last_hash, hash, sizeof hash);
	c->checked++;
	return 0;
}
