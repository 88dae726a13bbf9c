/* metrics.c: figures across incidents, drills left out. Durations are
 * counted only where the incident defines them (model_duration); each
 * figure gives the median (the middle one, the mean of the two middle ones
 * for an even count), the 90th percentile (nearest rank) and the
 * maximum. */
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "text.h"
#include "when.h"
#include "xmalloc.h"

/* How many categories and owners are listed. */
#define METRICS_TOP 10

/* Start counting. */
void metrics_init(struct metrics *mx, int64_t since, int64_t now)
{
	memset(mx, 0, sizeof *mx);
	mx->since = since;
	mx->now = now;
}

/* Free the names and lists. */
static void metrics_counts_free(struct metrics_count *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(c[i].name);
	free(c);
}

/* Free what was counted. */
void metrics_free(struct metrics *mx)
{
	int d;

	for (d = 0; d < DUR_COUNT; d++)
		free(mx->dur[d]);
	metrics_counts_free(mx->categories, mx->ncategories);
	metrics_counts_free(mx->owners, mx->nowners);
	memset(mx, 0, sizeof *mx);
}

/* Count name once more in the list. */
static void metrics_bump(struct metrics_count **list, size_t *n,
    const char *name)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if (strcmp((*list)[i].name, name) == 0) {
			(*list)[i].n++;
			return;
		}
	}
	*list = xreallocarray(*list, *n + 1, sizeof **list);
	(*list)[*n].name = xstrdup(name);
	(*list)[(*n)++].n = 1;
}

/* The durations inc defines. */
static void metrics_durations(struct metrics *mx,
    const struct model_incident *inc)
{
	struct model_span sp;
	int d;

	for (d = 0; d < DUR_COUNT; d++) {
		model_duration(inc, (enum model_duration)d, &sp);
		if (sp.ms < 0)
			continue;
		mx->dur[d] = xreallocarray(mx->dur[d], mx->ndur[d] + 1,
		    sizeof *mx->dur[d]);
		mx->dur[d][mx->ndur[d]++] = sp.ms;
	}
}

/* Its follow-ups still to do and past due, by owner. */
static void metrics_followups(struct metrics *mx,
    const struct model_incident *inc)
{
	const struct model_followup *f;
	size_t i;

	for (i = 0; i < inc->nfollowups; i++) {
		f = &inc->followups[i];
		if (f->struck || f->due == 0 || f->due >= mx->now ||
		    (f->state != FU_OPEN && f->state != FU_IN_PROGRESS))
			continue;
		metrics_bump(&mx->owners, &mx->nowners, f->owner != NULL ?
		    f->owner : "no owner");
	}
}

/* Count one incident when it is in range and not a drill. */
int metrics_add(struct metrics *mx, const struct model_incident *inc,
    const char *const *categories, size_t ncategories)
{
	size_t i;

	if (inc->marks[MARK_DECLARED] < mx->since)
		return 0;
	if (inc->drill) {
		mx->drills++;
		return 0;
	}
	mx->incidents++;
	if (inc->severity >= 1 && inc->severity <= 4)
		mx->severity[inc->severity - 1]++;
	metrics_durations(mx, inc);
	metrics_followups(mx, inc);
	for (i = 0; i < ncategories; i++)
		metrics_bump(&mx->categories, &mx->ncategories,
		    categories[i] != NULL ? categories[i] : "no category");
	return 1;
}

/* Order durations ascending, for qsort. */
static int metrics_by_ms(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Order counts by count descending, then name, for qsort. */
static int metrics_by_count(const void *a, const void *b)
{
	const struct metrics_count *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Median, 90th percentile and maximum of v[0..n) (sorted here). */
static void metrics_stats(int64_t *v, size_t n, int64_t out[3])
{
	size_t rank;

	qsort(v, n, sizeof *v, metrics_by_ms);
	out[0] = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	rank = (n * 9 + 9) / 10;
	out[1] = v[rank > 0 ? rank - 1 : 0];
	out[2] = v[n - 1];
}

/* The durations as {name: {incidents, median_ms, p90_ms, max_ms,
 * definition}}. */
static json_t *metrics_json_durations(struct metrics *mx)
{
	json_t *o = json_object();
	int64_t st[3];
	int d;

	for (d = 0; d < DUR_COUNT; d++) {
		if (mx->ndur[d] == 0) {
			json_object_set_new(o, model_duration_key(d), json_pack(
			    "{s:i, s:n, s:n, s:n, s:s}", "incidents", 0,
			    "median_ms", "p90_ms", "max_ms", "definition",
			    model_duration_definition(d)));
			continue;
		}
		metrics_stats(mx->dur[d], mx->ndur[d], st);
		json_object_set_new(o, model_duration_key(d), json_pack(
		    "{s:I, s:I, s:I, s:I, s:s}", "incidents",
		    (json_int_t)mx->ndur[d], "median_ms", (json_int_t)st[0],
		    "p90_ms", (json_int_t)st[1], "max_ms", (json_int_t)st[2],
		    "definition", model_duration_definition(d)));
	}
	return o;
}

/* The first METRICS_TOP of a list (sorted here) as [{key: name, n}]. */
static json_t *metrics_json_top(struct metrics_count *c, size_t n,
    const char *key)
{
	json_t *a = json_array();
	size_t i;

	if (n > 0)
		qsort(c, n, sizeof *c, metrics_by_count);
	for (i = 0; i < n && i < METRICS_TOP; i++)
		json_array_append_new(a, json_pack("{s:s, s:I}", key, c[i].name,
		    "count", (json_int_t)c[i].n));
	return a;
}

/* The figures as JSON. */
json_t *metrics_json(struct metrics *mx)
{
	json_t *o = json_object(), *sev = json_object();
	char name[8];
	int i;

	for (i = 0; i < 4; i++) {
		snprintf(name, sizeof name, "SEV%d", i + 1);
		json_object_set_new(sev, name, json_integer(
		    (json_int_t)mx->severity[i]));
	}
	json_object_set_new(o, "since", mx->since ? json_integer(mx->since) :
	    json_null());
	json_object_set_new(o, "incidents", json_integer(
	    (json_int_t)mx->incidents));
	json_object_set_new(o, "drills_left_out", json_integer(
	    (json_int_t)mx->drills));
	json_object_set_new(o, "severity", sev);
	json_object_set_new(o, "durations", metrics_json_durations(mx));
	json_object_set_new(o, "factor_categories", metrics_json_top(
	    mx->categories, mx->ncategories, "category"));
	json_object_set_new(o, "followups_past_due", metrics_json_top(
	    mx->owners, mx->nowners, "owner"));
	return o;
}

/* A duration for people, "-" for none. */
static char *metrics_ms(int64_t ms, int have)
{
	return have ? when_format_duration(ms) : xstrdup("-");
}

/* The duration table. */
static void metrics_print_durations(struct metrics *mx, FILE *f)
{
	int64_t st[3] = { 0, 0, 0 };
	char *a, *b, *c;
	int d;

	fprintf(f, "\n%-17s %9s %9s %9s %9s  %s\n", "duration", "incidents",
	    "median", "p90", "max", "definition");
	for (d = 0; d < DUR_COUNT; d++) {
		if (mx->ndur[d] > 0)
			metrics_stats(mx->dur[d], mx->ndur[d], st);
		a = metrics_ms(st[0], mx->ndur[d] > 0);
		b = metrics_ms(st[1], mx->ndur[d] > 0);
		c = metrics_ms(st[2], mx->ndur[d] > 0);
		fprintf(f, "%-17s %9zu %9s %9s %9s  %s\n",
		    model_duration_name(d), mx->ndur[d], a, b, c,
		    model_duration_definition(d));
		free(c);
		free(b);
		free(a);
	}
	fprintf(f, "(each counts only the incidents whose marks define it)\n");
}

/* A ranked list with a title, or why it is empty. */
static void metrics_print_top(struct metrics_count *c, size_t n,
    const char *title, const char *none, FILE *f)
{
	char *safe;
	size_t i;

	if (n > 0)
		qsort(c, n, sizeof *c, metrics_by_count);
	fprintf(f, "\n%s:%s\n", title, n == 0 ? none : "");
	for (i = 0; i < n && i < METRICS_TOP; i++) {
		safe = text_sanitize(c[i].name, 0);
		fprintf(f, "  %4zu  %s\n", c[i].n, safe);
		free(safe);
	}
}

/* The figures for people. */
void metrics_print(struct metrics *mx, FILE *f)
{
	char *since = mx->since ? when_format(mx->since) : NULL;

	fprintf(f, "%zu incident%s%s%s; %zu drill%s left out\n", mx->incidents,
	    mx->incidents == 1 ? "" : "s", since ? " declared since " : "",
	    since ? since : "", mx->drills, mx->drills == 1 ? "" : "s");
	fprintf(f, "by severity: SEV1 %zu, SEV2 %zu, SEV3 %zu, SEV4 %zu\n",
	    mx->severity[0], mx->severity[1], mx->severity[2], mx->severity[3]);
	metrics_print_durations(mx, f);
	metrics_print_top(mx->categories, mx->ncategories,
	    "most frequent contributing-factor categories", " none yet", f);
	metrics_print_top(mx->owners, mx->nowners,
	    "follow-ups open past their due date, by owner", " none", f);
	free(since);
}
