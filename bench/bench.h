/* bench.h: helpers shared by the benchmark programs under bench/. */
#ifndef SITREP_BENCH_H
#define SITREP_BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "event.h"
#include "store.h"

/* Monotonic clock in nanoseconds. */
int64_t bench_ns(void);
/* Median (sorts v in place); p-th percentile (0..100). */
double bench_median(double *v, size_t n);
double bench_percentile(double *v, size_t n, double p);
/* A fresh temporary directory (caller frees; removed by bench_rmdir). */
char *bench_tmpdir(void);
void bench_rmdir(const char *dir);
/* Start `sitrep serve -D -v` (the built binary SITREP_BIN, else ./sitrep) on
 * db/socket in dir and wait until it accepts; returns its pid or -1. */
pid_t bench_server_start(const char *dir, char **socket, char **db);
void bench_server_stop(pid_t pid);
struct store;
/* Append events from .. n - 1 of a generated incident of n events (event
 * 0 declares it, then entries of varied text and type with some
 * amendments, strikes and hypotheses; when closed, its last event closes
 * it) through the store API in big transactions; from > 0 goes on with the
 * incident written last. -1 (said on stderr) when the store fails. */
int bench_store_fill(struct store *st, const char *incident, int64_t from,
    int64_t n, int closed);
/* The mean of N over the lines "WHAT: N …" of the -v logs of the servers
 * run in dir (WHAT "commit": submissions per group commit; "import":
 * events per import batch), 0 when none was logged. */
double bench_server_batch(const char *dir, const char *what);
/* The i-th event of a generated incident (i == 0: its declaration by
 * alice, its commander): entries of varied text by three people, a
 * hypothesis now and then, and corrections by the commander of the entry
 * just before, so the incident keeps every rule (it can be imported).
 * first_seq is the seq the declaration gets. */
struct event *bench_gen(const char *incident, int64_t i, int64_t first_seq);
/* Append n generated events of incident (seqs from first_seq) to st in
 * big transactions; 0, or -1 after saying why. */
int bench_fill(struct store *st, const char *incident, int64_t n,
    int64_t first_seq);
/* A store dir/bench.db holding INC-1 of n events and INC-2 of n2; 0, or
 * -1 after saying why. */
int bench_build(const char *dir, int64_t n, int64_t n2);
/* One row of the results table: figure, value, baseline, ratio, target. */
void bench_row(const char *figure, const char *value, const char *baseline,
    double ratio, const char *target);

#endif
