/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * `teeio demo`: a sequence of timed steps.  Each step does real work and
 * writes one line of detail; the runner prints each step as it finishes
 * (text, or a JSON trace with --json) and a closing summary.
 */
#ifndef TEEIO_DEMO_H
#define TEEIO_DEMO_H

#include "cli.h"

#define DEMO_DETAIL_MAX 256

struct demo;

struct demo_step {
	const char *phase; /* e.g. "connect", "bind" */
	const char *name; /* what the step does      */
	teeio_err (*run)(struct demo *d, char *detail, size_t cap);
};

/** Run `steps` in order; stop at the first failure.  Returns an exit code. */
int demo_run(struct cli *cli, const struct demo_step *steps, size_t n, struct demo *d);

#endif
