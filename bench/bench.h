/* bench.h: helpers shared by the benchmark programs under bench/. */
#ifndef SITREP_BENCH_H
#define SITREP_BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

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
/* Mean submissions per group commit of the servers run in dir (their -v
 * logs), 0 when unknown. */
double bench_server_batch(const char *dir);
struct store;
/* Append events from .. n - 1 of a generated incident of n events (event
 * 0 declares it, then entries of varied text and type with some
 * amendments, strikes and hypotheses; when closed, its last event closes
 * it) through the store API in big transactions; from > 0 goes on with the
 * incident written last. -1 (said on stderr) when the store fails. */
int bench_store_fill(struct store *st, const char *incident, int64_t from,
    int64_t n, int closed);
/* One row of the results table: figure, value, baseline, ratio, target. */
void bench_row(const char *figure, const char *value, const char *baseline,
    double ratio, const char *target);

#endif
