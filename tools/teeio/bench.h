/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio bench: the table of benchmarks and the helpers they share (a
 * monotonic clock, a calibrated timing loop, and one printer for text and
 * JSON results) so that every benchmark measures and reports alike.
 */
#ifndef TEEIO_BENCH_H
#define TEEIO_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "cli.h"

/* A benchmark: `teeio bench <name> [options]`; argv[0] is the name. */
struct bench_entry {
	const char *name;
	const char *summary;
	int (*fn)(struct cli *cli, int argc, char **argv);
};

/* Benchmarks (tools/teeio/bench_<name>.c), listed in cmd_bench.c. */
int bench_ide(struct cli *cli, int argc, char **argv);
int bench_io(struct cli *cli, int argc, char **argv);
int bench_lifecycle(struct cli *cli, int argc, char **argv);
int bench_spdm(struct cli *cli, int argc, char **argv);
int bench_tdisp(struct cli *cli, int argc, char **argv);

/** CLOCK_MONOTONIC in nanoseconds. */
static inline uint64_t bench_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* One operation under test; returns 0 on success, non-zero to abort. */
typedef int (*bench_op_fn)(void *ctx);

/* Result of one timed run. */
struct bench_run {
	uint64_t ops;
	uint64_t ns;
};

/**
 * Call op(ctx) in growing batches until at least `budget_ns` have passed.
 * Returns 0, or the op's non-zero result (the run is then incomplete).
 */
int bench_time(bench_op_fn op, void *ctx, uint64_t budget_ns, struct bench_run *out);

/** Megabytes (10^6 bytes) per second for `bytes` per op. */
double bench_mbps(const struct bench_run *r, size_t bytes);

/* One result row: a measured value beside its reference. */
struct bench_row {
	size_t size; /* bytes per operation */
	double ref_mbps; /* baseline (0: none) */
	double mbps; /* measured */
	uint64_t ops; /* operations in the best run */
	double target; /* wanted mbps/ref_mbps (0: none) */
};

struct bench_table {
	const char *bench; /* "ide" */
	const char *what; /* one line: what an operation is */
	const char *ref_name; /* column title of the baseline, e.g. "raw" */
	const char *name; /* column title of the measurement */
	const struct bench_row *rows;
	size_t n_rows;
};

/** Print a table as aligned text, or (json) as one JSON object line. */
void bench_print(FILE *f, bool json, const struct bench_table *t);

#endif
