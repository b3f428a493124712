/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio bench tdisp: what a TDI costs the device.
 *
 *  - latency of LOCK_INTERFACE, GET_DEVICE_INTERFACE_REPORT (whole report),
 *    START_INTERFACE and STOP_INTERFACE for one TDI, straight into the
 *    device's TDISP responder ("direct") and inside an SPDM session with
 *    DOE framing ("session", what a TSM sees);
 *  - the whole lifecycle for every TDI of a 1 PF + 255 VF device, per TDI,
 *    beside the single-TDI figure: cost grows linearly when the two agree;
 *  - memory per TDI (device + TDISP state; target <= 4 KiB).
 */
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "teeio/dsm.h"
#include "teeio/spdm_req.h"

#define BENCH_TDISP_REPS 200
#define BENCH_TDISP_WARMUP 20
#define BENCH_TDISP_PASSES 3
#define BENCH_TDISP_REPORT_MAX 2048 /* a TDI report: 16 + 16 per range + info */

static const char scale_json[] =
    "{\"name\":\"bench-255vf\",\"vendor_id\":\"0x1234\",\"device_id\":\"0x7eff\","
    "\"bus\":4,\"ide\":{\"streams\":1},"
    "\"measurements\":[{\"index\":1,\"type\":\"mutable_fw\",\"text\":\"fw\"}],"
    "\"functions\":["
    "{\"type\":\"pf\",\"bars\":[{\"size\":\"0x1000000\",\"mem64\":true}],"
    "\"msix\":{\"vectors\":32,\"table_bar\":0,\"table_offset\":\"0xff0000\","
    "\"pba_offset\":\"0xff1000\"},\"ranges\":[{\"bar\":0,\"size\":\"0x800000\"}]},"
    "{\"type\":\"vf\",\"count\":255,\"bars\":[{\"size\":\"0x10000\",\"mem64\":true}],"
    "\"msix\":{\"vectors\":2,\"table_bar\":0,\"table_offset\":\"0xe000\","
    "\"pba_offset\":\"0xf000\"},\"ranges\":[{\"bar\":0,\"size\":\"0x4000\"}]}]}";

enum { OP_LOCK, OP_REPORT, OP_START, OP_STOP, OP_COUNT };
static const char *const op_names[OP_COUNT] = {"lock", "report", "start", "stop"};

struct bench {
	struct teeio_dsm_profile prof;
	struct teeio_dsm_host host;
	const uint8_t *roots[1];
	size_t root_lens[1];
	struct teeio_spdm_req_config qcfg;
	struct teeio_spdm_req req;
	struct teeio_spdm_loop_io loop;
	uint32_t session_id;
	struct teeio_tdisp_req direct, session;
	uint8_t nonce[TEEIO_DSM_FUNCS_MAX][TEEIO_TDISP_NONCE_LEN];
	uint8_t report[BENCH_TDISP_REPORT_MAX];
	uint8_t chain[TEEIO_SPDM_CERT_CHAIN_MAX];
	uint8_t record[TEEIO_SPDM_MAX_LARGE_MSG];
	struct teeio_spdm_meas_block blocks[TEEIO_DSM_MEAS_MAX];
};

static teeio_err tdisp_in_session(void *ctx, const uint8_t *req, size_t req_len, uint8_t *rsp,
				  size_t *rsp_len)
{
	struct bench *b = ctx;
	static const uint8_t vid[2] = {0x01, 0x00}; /* PCI-SIG */

	return teeio_spdm_req_vendor(&b->req, b->session_id, TEEIO_SPDM_VENDOR_STD_PCISIG, vid,
				     sizeof(vid), req, req_len, rsp, *rsp_len, rsp_len);
}

/* Key IDE stream 0 in the session so that TDIs may be locked. */
static teeio_err key_stream0(struct bench *b)
{
	static const uint32_t ifv[2] = {0, 1};
	struct teeio_idekm_spdm link = {&b->req, b->session_id};
	struct teeio_idekm_req km = {teeio_idekm_spdm_exchange, &link};
	uint8_t key[TEEIO_IDEKM_KEY_LEN];
	teeio_err e = TEEIO_OK;

	TRY(b->host.cfg.ops->random(key, sizeof(key)));
	/* every sub-stream keyed before the first GO (strict IDE_KM) */
	for (unsigned i = 0; i < 12 && !e; i++) {
		struct teeio_idekm_sel sel = {0, 0, 0, (uint8_t)(i / 3 % 2), (uint8_t)(i % 3)};
		e = i < 6 ? teeio_idekm_req_key_prog(&km, &sel, key, ifv, NULL)
			  : teeio_idekm_req_key_set_go(&km, &sel);
	}
	teeio_wipe(key, sizeof(key));
	return e;
}

static teeio_err setup(struct bench *b, struct cli *cli)
{
	struct teeio_dsm_host_config hc = {0};
	struct teeio_spdm_req_connect_opts o = {.session = true};
	struct teeio_spdm_req_connect_result res;
	struct teeio_spdm_io io;

	hc.ops = cli->crypto;
	hc.prof = &b->prof;
	hc.trans = TEEIO_TRANS_PCI_DOE;
	hc.id.alg = TEEIO_SIG_ECDSA_P256;
	TRY(teeio_dsm_host_init(&b->host, &hc));
	teeio_spdm_req_config_default(&b->qcfg, cli->crypto);
	b->roots[0] = b->host.chain.certs[0].der;
	b->root_lens[0] = b->host.chain.certs[0].len;
	b->qcfg.roots = b->roots;
	b->qcfg.root_lens = b->root_lens;
	b->qcfg.n_roots = 1;
	b->qcfg.max_pad = teeio_spdm_io_max_pad(TEEIO_TRANS_PCI_DOE);
	io = teeio_spdm_loop_io(&b->loop, &b->host.rsp, TEEIO_TRANS_PCI_DOE);
	TRY(teeio_spdm_req_init(&b->req, &b->qcfg, &io));
	memset(&res, 0, sizeof(res));
	res.chain = b->chain;
	res.chain_cap = sizeof(b->chain);
	res.record = b->record;
	res.record_cap = sizeof(b->record);
	res.blocks = b->blocks;
	res.max_blocks = TEEIO_DSM_MEAS_MAX;
	TRY(teeio_spdm_req_connect(&b->req, &o, &res));
	b->session_id = res.session_id;
	TRY(key_stream0(b));
	teeio_tdisp_req_init(&b->direct, teeio_dsm_tdisp_exchange, &b->host.dev);
	teeio_tdisp_req_init(&b->session, tdisp_in_session, b);
	return TEEIO_OK;
}

/* One step of the lifecycle of function fn through requester q. */
static teeio_err step(struct bench *b, struct teeio_tdisp_req *q, unsigned op, uint16_t fn)
{
	static const struct teeio_tdisp_lock_params lp = {0};
	uint32_t fid = teeio_dsm_fn_id(&b->host.dev, fn);
	size_t len;

	switch (op) {
	case OP_LOCK: return teeio_tdisp_req_lock(q, fid, &lp, b->nonce[fn]);
	case OP_REPORT:
		return teeio_tdisp_req_get_report(q, fid, b->report, sizeof(b->report), &len);
	case OP_START: return teeio_tdisp_req_start(q, fid, b->nonce[fn]);
	default: return teeio_tdisp_req_stop(q, fid);
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Per-op median latency (ns) over `reps` lifecycles of TDI 0, after a
 * warm-up (the first calls pay for lazy crypto and cache set-up). */
static teeio_err one_tdi(struct bench *b, struct teeio_tdisp_req *q, unsigned reps,
			 double ns[OP_COUNT], double *cycle_ns)
{
	uint64_t *samples = calloc((size_t)reps * OP_COUNT, sizeof(*samples)), t0;
	teeio_err e = TEEIO_OK;

	ENSURE(samples, TEEIO_ERR_INTERNAL_NOMEM);
	for (unsigned r = 0; r < BENCH_TDISP_WARMUP && !e; r++)
		for (unsigned op = 0; op < OP_COUNT && !e; op++)
			e = step(b, q, op, 0);
	for (unsigned r = 0; r < reps && !e; r++)
		for (unsigned op = 0; op < OP_COUNT && !e; op++) {
			t0 = bench_now_ns();
			e = step(b, q, op, 0);
			samples[(size_t)op * reps + r] = bench_now_ns() - t0;
		}
	*cycle_ns = 0;
	for (unsigned op = 0; op < OP_COUNT && !e; op++) {
		qsort(samples + (size_t)op * reps, reps, sizeof(*samples), cmp_u64);
		ns[op] = (double)samples[(size_t)op * reps + reps / 2];
		*cycle_ns += ns[op];
	}
	free(samples);
	return e;
}

/* Every TDI through the lifecycle, phase by phase; ns per TDI of the best
 * of BENCH_TDISP_PASSES passes (the least disturbed by other load). */
static teeio_err all_tdis(struct bench *b, struct teeio_tdisp_req *q, double *per_tdi_ns)
{
	uint16_t n = b->host.dev.n_funcs;

	*per_tdi_ns = 0;
	for (unsigned pass = 0; pass < BENCH_TDISP_PASSES; pass++) {
		uint64_t t0 = bench_now_ns();
		double t;

		for (unsigned op = 0; op < OP_COUNT; op++)
			for (uint16_t fn = 0; fn < n; fn++)
				TRY(step(b, q, op, fn));
		t = (double)(bench_now_ns() - t0) / n;
		if (pass == 0 || t < *per_tdi_ns)
			*per_tdi_ns = t;
	}
	return TEEIO_OK;
}

static int usage(FILE *f)
{
	fprintf(f, "usage: teeio bench tdisp [--reps N] [--profile FILE] [--json]\n\n"
		   "TDISP lock/report/start/stop latency per TDI (direct and inside an SPDM\n"
		   "session), the whole lifecycle over every TDI of a 1 PF + 255 VF device\n"
		   "(linear growth: per-TDI cost equal to the single-TDI cost), and the\n"
		   "device memory per TDI (target <= 4096 bytes).\n");
	return CLI_EXIT_OK;
}

static void print(struct cli *cli, const struct bench *b, const double ns[2][OP_COUNT],
		  const double cycle[2], const double all[2])
{
	size_t dsm = sizeof(struct teeio_dsm_fn), td = sizeof(struct teeio_tdisp_tdi);
	static const char *const path[2] = {"direct", "session"};

	if (cli->json) {
		printf("{\"bench\":\"tdisp\",\"profile\":\"%s\",\"tdis\":%u,\"unit\":\"us\"",
		       b->prof.name, b->host.dev.n_funcs);
		for (unsigned p = 0; p < 2; p++) {
			printf(",\"%s\":{", path[p]);
			for (unsigned op = 0; op < OP_COUNT; op++)
				printf("\"%s\":%.2f,", op_names[op], ns[p][op] / 1e3);
			printf("\"cycle\":%.2f,\"cycle_per_tdi_all\":%.2f,\"linearity\":%.3f}",
			       cycle[p] / 1e3, all[p] / 1e3, cycle[p] > 0 ? all[p] / cycle[p] : 0);
		}
		printf(",\"bytes_per_tdi\":%zu,\"dsm_bytes\":%zu,\"tdisp_bytes\":%zu,"
		       "\"target_bytes\":4096}\n",
		       dsm + td, dsm, td);
		return;
	}
	printf("teeio bench tdisp: %s, %u TDIs (microseconds per operation)\n", b->prof.name,
	       b->host.dev.n_funcs);
	printf("  %-22s %10s %10s\n", "", path[0], path[1]);
	for (unsigned op = 0; op < OP_COUNT; op++)
		printf("  %-22s %10.2f %10.2f\n", op_names[op], ns[0][op] / 1e3, ns[1][op] / 1e3);
	printf("  %-22s %10.2f %10.2f\n", "cycle, one TDI (sum)", cycle[0] / 1e3, cycle[1] / 1e3);
	printf("  %-22s %10.2f %10.2f\n", "cycle, per TDI of all", all[0] / 1e3, all[1] / 1e3);
	printf("  %-22s %10.2f %10.2f   (1.0 = linear)\n", "all / one",
	       cycle[0] > 0 ? all[0] / cycle[0] : 0, cycle[1] > 0 ? all[1] / cycle[1] : 0);
	printf("  memory per TDI: %zu bytes (device %zu + TDISP %zu), target <= 4096: %s\n",
	       dsm + td, dsm, td, dsm + td <= 4096 ? "ok" : "OVER");
}

int bench_tdisp(struct cli *cli, int argc, char **argv)
{
	struct bench *b;
	const char *profile = NULL;
	unsigned reps = BENCH_TDISP_REPS;
	double ns[2][OP_COUNT], cycle[2], all[2];
	char err[TEEIO_DSM_ERR_MAX];
	teeio_err e;
	int code = CLI_EXIT_OK;

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i]))
			return usage(stdout);
		if (cli_common_option(cli, argv[i]))
			continue;
		if (!strcmp(argv[i], "--reps") && i + 1 < argc) {
			reps = (unsigned)strtoul(argv[++i], NULL, 10);
		} else if (!strcmp(argv[i], "--profile") && i + 1 < argc) {
			profile = argv[++i];
		} else {
			usage(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (reps == 0) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	b = calloc(1, sizeof(*b));
	if (!b)
		return cli_fail("bench tdisp", "memory", TEEIO_ERR_INTERNAL_NOMEM);
	e = profile ? teeio_dsm_profile_load(profile, &b->prof, err, sizeof(err))
		    : teeio_dsm_profile_parse(scale_json, sizeof(scale_json) - 1, &b->prof, err,
					      sizeof(err));
	if (e != TEEIO_OK) {
		fprintf(stderr, "teeio bench tdisp: profile: %s\n", err);
		free(b);
		return CLI_EXIT_USAGE;
	}
	if ((e = setup(b, cli)) != TEEIO_OK ||
	    (e = one_tdi(b, &b->direct, reps, ns[0], &cycle[0])) != TEEIO_OK ||
	    (e = one_tdi(b, &b->session, reps, ns[1], &cycle[1])) != TEEIO_OK ||
	    (e = all_tdis(b, &b->direct, &all[0])) != TEEIO_OK ||
	    (e = all_tdis(b, &b->session, &all[1])) != TEEIO_OK)
		code = cli_fail("bench tdisp", "run", e);
	else
		print(cli, b, ns, cycle, all);
	teeio_spdm_req_free(&b->req);
	teeio_dsm_host_free(&b->host);
	free(b);
	return code;
}
