/* fuzz-replay.h: a main() for the fuzz harnesses when libFuzzer is absent.
 *
 * Built without -DFUZZING, a harness replays the files named on its command
 * line (or every file in FUZZ_CORPUS when none is named), then runs
 * FUZZ_REPLAY_MUTATIONS seeded mutations of them through the same entry
 * point. It exits 0 when nothing crashed, so it can run under make check.
 * Included by exactly one harness per program: it defines main().
 */
#ifndef SITREP_FUZZ_REPLAY_H
#define SITREP_FUZZ_REPLAY_H

#ifndef FUZZING
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#define FUZZ_REPLAY_MUTATIONS 20000
#define FUZZ_REPLAY_MAX (64 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One corpus input kept in memory for mutation. */
struct fuzz_input {
	uint8_t *data;
	size_t size;
};

/* Read a whole file (at most FUZZ_REPLAY_MAX bytes); -1 when unreadable. */
static int fuzz_replay_read(const char *path, struct fuzz_input *in)
{
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return -1;
	in->data = xmalloc(FUZZ_REPLAY_MAX);
	in->size = fread(in->data, 1, FUZZ_REPLAY_MAX, f);
	fclose(f);
	return 0;
}

#ifdef FUZZ_CORPUS
/* Collect the regular files of a directory into *ins; count in *n. */
static void fuzz_replay_dir(const char *dir, struct fuzz_input **ins,
    size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *path;

	if (d == NULL) {
		fprintf(stderr, "fuzz: cannot open corpus %s\n", dir);
		exit(1);
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		*ins = xreallocarray(*ins, *n + 1, sizeof **ins);
		if (fuzz_replay_read(path, &(*ins)[*n]) == 0)
			(*n)++;
		free(path);
	}
	closedir(d);
}
#endif

/* Next value of a xorshift generator (a fixed seed: runs repeat). */
static uint32_t fuzz_replay_rand(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* Run seeded mutations (byte flips, cuts, splices) of the inputs. */
static void fuzz_replay_mutate(const struct fuzz_input *ins, size_t n)
{
	uint8_t *buf = xmalloc(FUZZ_REPLAY_MAX);
	uint32_t x = 0x9e3779b9;
	size_t i, len, k, edits;
	const struct fuzz_input *a, *b;

	for (i = 0; i < FUZZ_REPLAY_MUTATIONS && n > 0; i++) {
		a = &ins[fuzz_replay_rand(&x) % n];
		b = &ins[fuzz_replay_rand(&x) % n];
		len = a->size;
		memcpy(buf, a->data, len);
		if (fuzz_replay_rand(&x) % 4 == 0 && len + b->size <=
		    FUZZ_REPLAY_MAX) {
			memcpy(buf + len, b->data, b->size);
			len += b->size;
		}
		for (edits = fuzz_replay_rand(&x) % 4; edits > 0 && len > 0;
		    edits--) {
			k = fuzz_replay_rand(&x) % len;
			buf[k] = (uint8_t)fuzz_replay_rand(&x);
		}
		if (fuzz_replay_rand(&x) % 5 == 0 && len > 0)
			len = fuzz_replay_rand(&x) % len;
		LLVMFuzzerTestOneInput(buf, len);
	}
	free(buf);
}

/* Replay the named files (or the default corpus), then mutations. */
int main(int argc, char **argv)
{
	struct fuzz_input *ins = NULL;
	size_t n = 0, i;
	int a;

	xmalloc_json_init();
	for (a = 1; a < argc; a++) {
		ins = xreallocarray(ins, n + 1, sizeof *ins);
		if (fuzz_replay_read(argv[a], &ins[n]) != 0) {
			fprintf(stderr, "fuzz: cannot read %s\n", argv[a]);
			return 1;
		}
		n++;
	}
#ifdef FUZZ_CORPUS
	if (argc < 2)
		fuzz_replay_dir(FUZZ_CORPUS, &ins, &n);
#endif
	for (i = 0; i < n; i++)
		LLVMFuzzerTestOneInput(ins[i].data, ins[i].size);
	fuzz_replay_mutate(ins, n);
	printf("%zu inputs and %d mutations replayed\n", n,
	    n > 0 ? FUZZ_REPLAY_MUTATIONS : 0);
	for (i = 0; i < n; i++)
		free(ins[i].data);
	free(ins);
	return 0;
}
#endif /* !FUZZING */

#endif
