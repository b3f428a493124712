/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio bench lifecycle: what the TEE-IO verbs cost on the emulated
 * system, through the TSM and the VMM's relays as a host would run them.
 *
 *  1. The default device, one TDI: connect (SPDM session + IDE keys on
 *     both ends), bind (LOCK + report + private-pending MMIO), accept (the
 *     guest's get-report, evidence verification, MMIO validation and
 *     START over its sealed channel) and teardown (stop, unbind,
 *     disconnect); median and best of --reps rounds.
 *  2. A 1 PF + 255 VF device: 255 TVMs launched, every VF bound to its
 *     own TVM, validated and accepted (TSM guest verbs) so that all 255
 *     run at once, then all unbound; the cost per TDI for the first and
 *     last VFs and over all of them.  Flat means the 255th TDI costs what
 *     the 1st did although 254 others are bound.  (Were the platform's or
 *     the TSM's bounds below 255, TVMs would go in waves of LC_WAVE.)
 */
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "demo_sys.h"

#define LC_REPS 10
#define LC_PASSES 3
#define LC_EDGE 16 /* VFs averaged at each end of the scale run */
#define LC_MIN(a, b) ((a) < (b) ? (a) : (b))
/* TDIs live at once: as many as the platform and the TSM hold. */
#define LC_WAVE                                                 \
	LC_MIN(LC_MIN(TEEIO_PLAT_MAX_TVMS, TEEIO_TSM_MAX_TVMS), \
	       LC_MIN(TEEIO_PLAT_MAX_BINDINGS, TEEIO_TSM_MAX_TDIS))

static const char scale_json[] =
    "{\"name\":\"bench-255vf\",\"vendor_id\":\"0x1234\",\"device_id\":\"0x7eff\","
    "\"bus\":4,\"ide\":{\"streams\":1},"
    "\"measurements\":[{\"index\":1,\"type\":\"mutable_fw\",\"text\":\"fw\"}],"
    "\"functions\":["
    "{\"type\":\"pf\",\"bars\":[{\"size\":\"0x100000\",\"mem64\":true}],"
    "\"ranges\":[{\"bar\":0,\"size\":\"0x10000\"}]},"
    "{\"type\":\"vf\",\"count\":255,\"bars\":[{\"size\":\"0x10000\",\"mem64\":true}],"
    "\"ranges\":[{\"bar\":0,\"size\":\"0x4000\"}]}]}";

enum { PH_CONNECT, PH_BIND, PH_ACCEPT, PH_TEARDOWN, PH_COUNT };
static const char *const ph_names[PH_COUNT] = {"connect", "bind", "accept", "teardown"};

struct lc_result {
	double median[PH_COUNT], best[PH_COUNT]; /* ns */
	unsigned vfs;
	double vf_ns[TEEIO_DSM_FUNCS_MAX]; /* best per-TDI cost of VF i */
	char profile[TEEIO_DSM_NAME_MAX];
};

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* One lifecycle of the PF of the default device; ns per phase. */
static teeio_err one_round(struct demo_sys *s, double ns[PH_COUNT])
{
	uint64_t t[PH_COUNT + 1];

	TRY(demo_sys_guest(s)); /* the guest's policy and flow state: not timed */
	t[0] = bench_now_ns();
	TRY(teeio_tsm_connect(&s->sys.tsm, s->sys.dev));
	t[1] = bench_now_ns();
	TRY(demo_sys_bind(s));
	t[2] = bench_now_ns();
	TRY(teeio_guest_tdi_attach(&s->gt));
	t[3] = bench_now_ns();
	TRY(teeio_guest_tdi_stop(&s->gt));
	TRY(teeio_tsm_unbind(&s->sys.tsm, s->tdi));
	TRY(teeio_tsm_disconnect(&s->sys.tsm, s->sys.dev));
	t[4] = bench_now_ns();
	for (unsigned p = 0; p < PH_COUNT; p++)
		ns[p] = (double)(t[p + 1] - t[p]);
	return TEEIO_OK;
}

static teeio_err phases(const struct teeio_crypto_ops *ops, unsigned reps, struct lc_result *r)
{
	double *samples = calloc((size_t)reps * PH_COUNT, sizeof(*samples));
	double ns[PH_COUNT];
	struct demo_sys_cfg cfg = {ops, NULL, TEEIO_PLAT_FLAVOUR_TDX, NULL};
	struct demo_sys *s;
	teeio_err e;

	ENSURE(samples, TEEIO_ERR_INTERNAL_NOMEM);
	s = demo_sys_new(&cfg, &e);
	if (s) {
		e = demo_sys_tvm(s);
		if (e == TEEIO_OK)
			e = demo_sys_enable(s, s->fn);
		/* one round first: lazy crypto and cache set-up are not the verbs' */
		if (e == TEEIO_OK)
			e = one_round(s, ns);
		for (unsigned i = 0; i < reps && e == TEEIO_OK; i++) {
			e = one_round(s, ns);
			for (unsigned p = 0; p < PH_COUNT; p++)
				samples[(size_t)p * reps + i] = ns[p];
		}
	}
	for (unsigned p = 0; p < PH_COUNT && e == TEEIO_OK; p++) {
		double *col = samples + (size_t)p * reps;
		qsort(col, reps, sizeof(*col), cmp_dbl);
		r->median[p] = col[reps / 2];
		r->best[p] = col[0];
	}
	demo_sys_free(s);
	free(samples);
	return e;
}

/* A TVM of the scale run with one private page for its TDI's DMA window. */
struct lc_tvm {
	unsigned id, tdi;
	uint16_t vf;
	uint64_t hpa;
	uint64_t ns;
};

static teeio_err tvm_up(struct demo_sys *s, struct lc_tvm *t)
{
	uint8_t secret[TEEIO_TSM_TVM_SECRET_LEN];
	teeio_err e = teeio_tsm_sys_tvm(&s->sys, &t->id, secret);

	teeio_wipe(secret, sizeof(secret)); /* no guest channel in this run */
	TRY(e);
	TRY(teeio_plat_vmm_page_alloc(&s->sys.vmm, 1, &t->hpa));
	return teeio_plat_tsm_map_private(&s->sys.tsm_view, t->id, DSYS_RAM_GPA, t->hpa, 1, true);
}

static teeio_err tvm_down(struct demo_sys *s, struct lc_tvm *t)
{
	TRY(teeio_tsm_tvm_remove(&s->sys.tsm, t->id));
	TRY(teeio_plat_tsm_tvm_destroy(&s->sys.tsm_view, t->id));
	return teeio_plat_vmm_page_free(&s->sys.vmm, t->hpa, 1);
}

/* Bind, validate every mapping, accept: the TDI in RUN. */
static teeio_err tdi_up(struct demo_sys *s, struct lc_tvm *t)
{
	struct teeio_tsm_bind_params bp;
	struct teeio_tsm_tdi_info ti;

	memset(&bp, 0, sizeof(bp));
	bp.mmio_reporting_offset = DSYS_REPORT_OFFSET;
	bp.dma_base = DSYS_RAM_GPA;
	bp.dma_limit = DSYS_RAM_GPA + TEEIO_PLAT_PAGE_SIZE - 1;
	bp.mmio_gpa = DSYS_MMIO_GPA;
	TRY(teeio_tsm_bind(&s->sys.tsm, s->sys.dev, teeio_dsm_fn_rid(&s->sys.host.dev, t->vf),
			   t->id, &bp, &t->tdi));
	TRY(teeio_tsm_tdi_info(&s->sys.tsm, t->tdi, &ti));
	for (uint8_t m = 0; m < ti.n_mmio; m++)
		TRY(teeio_tsm_guest_validate_mmio(&s->sys.tsm, t->id, t->tdi, ti.mmio[m].gpa,
						  ti.mmio[m].pages));
	return teeio_tsm_guest_accept(&s->sys.tsm, t->id, t->tdi);
}

/* One wave: up to LC_WAVE VFs from `first`, each in its own TVM. */
static teeio_err wave(struct demo_sys *s, uint16_t first, unsigned n, struct lc_tvm *w)
{
	uint64_t t0;

	for (unsigned j = 0; j < n; j++) {
		memset(&w[j], 0, sizeof(w[j]));
		w[j].vf = (uint16_t)(first + j);
		TRY(tvm_up(s, &w[j]));
	}
	for (unsigned j = 0; j < n; j++) {
		t0 = bench_now_ns();
		TRY(tdi_up(s, &w[j]));
		w[j].ns = bench_now_ns() - t0;
	}
	/* every TDI of the wave is running at once */
	for (unsigned j = 0; j < n; j++)
		ENSURE(teeio_dsm_tdi_state(&s->sys.host.dev, w[j].vf) == TEEIO_TDISP_RUN,
		       TEEIO_ERR_STATE);
	for (unsigned j = 0; j < n; j++) {
		t0 = bench_now_ns();
		TRY(teeio_tsm_unbind(&s->sys.tsm, w[j].tdi));
		w[j].ns += bench_now_ns() - t0;
	}
	for (unsigned j = 0; j < n; j++)
		TRY(tvm_down(s, &w[j]));
	return TEEIO_OK;
}

static teeio_err scale_run(struct demo_sys *s, unsigned passes, struct lc_result *r,
			   struct lc_tvm *w)
{
	uint16_t n = s->sys.host.dev.n_funcs;

	r->vfs = n - 1u;
	for (uint16_t vf = 1; vf < n; vf++)
		TRY(demo_sys_enable(s, vf));
	TRY(teeio_tsm_connect(&s->sys.tsm, s->sys.dev));
	for (unsigned p = 0; p < passes; p++) {
		for (uint16_t vf = 1; vf < n; vf = (uint16_t)(vf + LC_WAVE)) {
			unsigned k = n - vf < LC_WAVE ? (unsigned)(n - vf) : LC_WAVE;
			TRY(wave(s, vf, k, w));
			for (unsigned j = 0; j < k; j++) {
				double *slot = &r->vf_ns[vf + j];
				if (p == 0 || (double)w[j].ns < *slot)
					*slot = (double)w[j].ns;
			}
		}
	}
	return teeio_tsm_disconnect(&s->sys.tsm, s->sys.dev);
}

static teeio_err scale(const struct teeio_crypto_ops *ops, unsigned passes, struct lc_result *r)
{
	struct teeio_dsm_profile *prof = calloc(1, sizeof(*prof));
	char err[TEEIO_DSM_ERR_MAX] = "";
	struct demo_sys_cfg cfg = {ops, prof, TEEIO_PLAT_FLAVOUR_TDX, NULL};
	struct demo_sys *s = NULL;
	teeio_err e;

	ENSURE(prof, TEEIO_ERR_INTERNAL_NOMEM);
	e = teeio_dsm_profile_parse(scale_json, sizeof(scale_json) - 1, prof, err, sizeof(err));
	if (e == TEEIO_OK)
		s = demo_sys_new(&cfg, &e);
	if (s) {
		struct lc_tvm *w = calloc(LC_WAVE, sizeof(*w));
		memcpy(r->profile, prof->name, sizeof(r->profile));
		e = w ? scale_run(s, passes, r, w) : TEEIO_ERR_INTERNAL_NOMEM;
		free(w);
	}
	demo_sys_free(s);
	free(prof);
	return e;
}

/* Mean of VF costs [from, to) in microseconds. */
static double mean_us(const struct lc_result *r, unsigned from, unsigned to)
{
	double sum = 0;
	for (unsigned i = from; i < to; i++)
		sum += r->vf_ns[i];
	return to > from ? sum / (to - from) / 1e3 : 0;
}

static void print(const struct cli *cli, const struct lc_result *r)
{
	unsigned n = r->vfs, edge = n < LC_EDGE ? n : LC_EDGE;
	double first = mean_us(r, 1, 1 + edge), last = mean_us(r, n + 1 - edge, n + 1);
	double all = mean_us(r, 1, n + 1), lo = r->vf_ns[1], hi = r->vf_ns[1];

	for (unsigned i = 1; i <= n; i++) {
		lo = r->vf_ns[i] < lo ? r->vf_ns[i] : lo;
		hi = r->vf_ns[i] > hi ? r->vf_ns[i] : hi;
	}
	if (cli->json) {
		printf("{\"bench\":\"lifecycle\",\"unit\":\"us\",\"phases\":{");
		for (unsigned p = 0; p < PH_COUNT; p++)
			printf("%s\"%s\":{\"median\":%.1f,\"best\":%.1f}", p ? "," : "",
			       ph_names[p], r->median[p] / 1e3, r->best[p] / 1e3);
		printf("},\"scale\":{\"profile\":");
		cli_json_str(stdout, r->profile);
		printf(",\"vfs\":%u,\"tvms\":%u,\"tvms_live_max\":%u,\"per_tdi\":{\"first\":%.2f,"
		       "\"last\":%.2f,\"mean\":%.2f,\"min\":%.2f,\"max\":%.2f},\"edge\":%u,"
		       "\"last_over_first\":%.3f}}\n",
		       n, n, LC_MIN(n, LC_WAVE), first, last, all, lo / 1e3, hi / 1e3, edge,
		       first > 0 ? last / first : 0);
		return;
	}
	printf("teeio bench lifecycle: the default device, one TDI (microseconds)\n");
	printf("  %-10s %10s %10s\n", "phase", "median", "best");
	for (unsigned p = 0; p < PH_COUNT; p++)
		printf("  %-10s %10.1f %10.1f\n", ph_names[p], r->median[p] / 1e3,
		       r->best[p] / 1e3);
	printf("  (accept: guest get-report + verify + validate MMIO + START; teardown: stop,\n"
	       "   unbind, disconnect)\n\n");
	printf("%s: %u VFs bound to %u TVMs (%u live at once), bind + validate +\n"
	       "accept + unbind per TDI (microseconds, best of passes)\n",
	       r->profile, n, n, LC_MIN(n, LC_WAVE));
	printf("  first %u VFs %10.2f\n  last %u VFs  %10.2f\n  all          %10.2f   (min %.2f, "
	       "max %.2f)\n  last / first %10.3f   (1.0 = flat)\n",
	       edge, first, edge, last, all, lo / 1e3, hi / 1e3, first > 0 ? last / first : 0);
}

static int usage(FILE *f)
{
	fprintf(f,
		"usage: teeio bench lifecycle [--reps N] [--passes N] [--json]\n\n"
		"Connect, bind, accept and teardown times of one TDI of the default device\n"
		"(median and best of --reps, default %d), then every VF of a 1 PF + 255 VF\n"
		"device bound to its own TVM and accepted, all running at once, then all\n"
		"unbound: the cost per TDI of the first and last VFs (best of --passes,\n"
		"default %d).\n",
		LC_REPS, LC_PASSES);
	return CLI_EXIT_OK;
}

int bench_lifecycle(struct cli *cli, int argc, char **argv)
{
	unsigned long reps = LC_REPS, passes = LC_PASSES;
	struct lc_result *r;
	teeio_err e;

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i]))
			return usage(stdout);
		if (cli_common_option(cli, argv[i]))
			continue;
		if (!strcmp(argv[i], "--reps") && i + 1 < argc) {
			reps = strtoul(argv[++i], NULL, 10);
		} else if (!strcmp(argv[i], "--passes") && i + 1 < argc) {
			passes = strtoul(argv[++i], NULL, 10);
		} else {
			usage(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (reps == 0 || reps > 10000 || passes == 0 || passes > 100) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return cli_fail("bench lifecycle", "memory", TEEIO_ERR_INTERNAL_NOMEM);
	e = phases(cli->crypto, (unsigned)reps, r);
	if (e == TEEIO_OK)
		e = scale(cli->crypto, (unsigned)passes, r);
	if (e == TEEIO_OK)
		print(cli, r);
	free(r);
	return e == TEEIO_OK ? CLI_EXIT_OK : cli_fail("bench lifecycle", "run", e);
}
