/* metrics.h: figures across incidents (sitrep metrics): how long detecting,
 * declaring, mitigating and resolving took, how many incidents of each
 * severity, the most frequent contributing-factor categories, and the
 * follow-ups still open past their due date, by owner. Drills are left
 * out. Pure: the caller folds the incidents and says what now is. */
#ifndef SITREP_METRICS_H
#define SITREP_METRICS_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"

/* A name and how often it came up. */
struct metrics_count {
	char *name;
	size_t n;
};

struct metrics {
	int64_t since;            /* incidents declared at or after (0: all) */
	int64_t now;
	size_t incidents;         /* counted */
	size_t drills;            /* left out */
	size_t severity[4];       /* SEV1..SEV4 */
	int64_t *dur[DUR_COUNT];  /* the durations defined, per kind */
	size_t ndur[DUR_COUNT];
	struct metrics_count *categories;
	size_t ncategories;
	struct metrics_count *owners; /* follow-ups open past due */
	size_t nowners;
};

void metrics_init(struct metrics *mx, int64_t since, int64_t now);
void metrics_free(struct metrics *mx);
/* 1 when inc counts (not a drill, declared since): then add it, with the
 * categories of its live factors (NULL: none given). A drill in range
 * is counted as left out. */
int metrics_add(struct metrics *mx, const struct model_incident *inc,
    const char *const *categories, size_t ncategories);
/* The figures as JSON (new reference). */
json_t *metrics_json(struct metrics *mx);
/* The figures for people, every stored name sanitized. */
void metrics_print(struct metrics *mx, FILE *f);

#endif
