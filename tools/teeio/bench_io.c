/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio bench io: device -> guest data, the TEE-IO path against the
 * bounce-buffer path, on the emulated system with the default device
 * (demo_sys.h describes both paths).  Both cross the same IDE link; the
 * difference is what the guest pays: TEE-IO lands in private memory and
 * is read in place, the bounce path is sealed by the device into shared
 * pages, copied in and opened by the guest.
 *
 * The two paths run in alternating short rounds and the best round of
 * each is kept, so that both see the same machine load and the ratio is
 * measured in one run.
 */
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "demo_sys.h"

#define IO_ROUNDS 5
#define IO_BUDGET_MS 200 /* default per path and size, split over the rounds */

static const size_t io_sizes[] = {4096, 64 * 1024};

struct io_op {
	struct demo_sys *s;
	size_t len;
};

static int tee_op(void *ctx)
{
	struct io_op *o = ctx;
	return demo_sys_tee_xfer(o->s, 0, o->len) != TEEIO_OK;
}

static int bounce_op(void *ctx)
{
	struct io_op *o = ctx;
	return demo_sys_bounce_xfer(o->s, o->len) != TEEIO_OK;
}

/* Connect, bind the PF to a TVM, let the guest attach, key the bounce path. */
static teeio_err setup(struct demo_sys *s)
{
	TRY(teeio_tsm_connect(&s->sys.tsm, s->sys.dev));
	TRY(demo_sys_tvm(s));
	TRY(demo_sys_enable(s, s->fn));
	TRY(demo_sys_bind(s));
	TRY(demo_sys_guest(s));
	TRY(teeio_guest_tdi_attach(&s->gt));
	return demo_sys_bounce_init(s);
}

/* One path at one size: did a fresh pattern arrive intact? */
static teeio_err check_path(struct demo_sys *s, bool bounce, size_t len, uint32_t seed)
{
	demo_sys_pattern(s, seed);
	memset(s->dst, 0, len);
	TRY(bounce ? demo_sys_bounce_xfer(s, len) : demo_sys_tee_xfer(s, 0, len));
	ENSURE(memcmp(s->src, s->dst, len) == 0, TEEIO_ERR_STATE);
	return TEEIO_OK;
}

static teeio_err measure(struct demo_sys *s, size_t len, uint64_t budget_ns, struct bench_row *row)
{
	struct io_op o = {s, len};
	double best[2] = {0, 0};
	uint64_t ops = 0;

	TRY(check_path(s, false, len, (uint32_t)len));
	TRY(check_path(s, true, len, (uint32_t)len + 1));
	for (unsigned r = 0; r < IO_ROUNDS; r++) {
		for (unsigned p = 0; p < 2; p++) {
			struct bench_run run;
			double mbps;

			if (bench_time(p ? bounce_op : tee_op, &o, budget_ns / IO_ROUNDS, &run))
				return TEEIO_ERR_STATE;
			mbps = bench_mbps(&run, len);
			if (mbps > best[p]) {
				best[p] = mbps;
				if (p == 0)
					ops = run.ops;
			}
		}
	}
	row->size = len;
	row->mbps = best[0];
	row->ref_mbps = best[1];
	row->ops = ops;
	row->target = 0;
	return TEEIO_OK;
}

static int usage(FILE *f)
{
	fprintf(f,
		"usage: teeio bench io [--time-ms N] [--json]\n\n"
		"Device-to-guest throughput on the emulated system: TEE-IO (T=1 DMA into\n"
		"private memory, read in place) against the bounce-buffer path (T=0 DMA\n"
		"of AES-256-GCM sealed blocks into shared pages, copied in and opened),\n"
		"at 4 KiB and 64 KiB, in alternating rounds (best of each kept), with the\n"
		"ratio.  --time-ms: time per path and size (default %d).\n",
		IO_BUDGET_MS);
	return CLI_EXIT_OK;
}

int bench_io(struct cli *cli, int argc, char **argv)
{
	struct bench_row rows[TEEIO_ARRAY_LEN(io_sizes)];
	struct bench_table t = {"io",
				"device->guest transfer: TEE-IO (T=1 DMA, private) vs bounce "
				"(T=0 DMA, shared, AES-256-GCM + copy)",
				"bounce",
				"teeio",
				rows,
				TEEIO_ARRAY_LEN(io_sizes)};
	unsigned long ms = IO_BUDGET_MS;
	struct demo_sys_cfg cfg = {cli->crypto, NULL, TEEIO_PLAT_FLAVOUR_TDX, NULL};
	struct demo_sys *s;
	teeio_err e;

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i]))
			return usage(stdout);
		if (cli_common_option(cli, argv[i]))
			continue;
		if (!strcmp(argv[i], "--time-ms") && i + 1 < argc) {
			ms = strtoul(argv[++i], NULL, 10);
		} else {
			usage(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (ms == 0 || ms > 600000) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	s = demo_sys_new(&cfg, &e);
	if (!s)
		return cli_fail("bench io", "system", e);
	e = setup(s);
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(io_sizes) && e == TEEIO_OK; i++)
		e = measure(s, io_sizes[i], (uint64_t)ms * 1000000u, &rows[i]);
	demo_sys_free(s);
	if (e != TEEIO_OK)
		return cli_fail("bench io", "run", e);
	bench_print(stdout, cli->json, &t);
	return CLI_EXIT_OK;
}
