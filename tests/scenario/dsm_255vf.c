/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Scale: a device with 1 PF + 255 VFs, all 256 TDIs driven over one SPDM
 * session: IDE stream 0 keyed with IDE_KM, every TDI locked, its report
 * read and checked, started, DMAing with T=1, then a VF configuration
 * change breaking every VF TDI at once (the PF stays in RUN), and all of
 * them stopped.  Per-TDI state must stay within 4 KiB.
 */
#include <stdlib.h>
#include <string.h>

#include "support/dsm.h"
#include "test.h"

#define N_FUNCS 256
#define VF_BAR_SIZE UINT64_C(0x10000)
#define REPORT_OFFSET UINT64_C(0x4000000000)

static const char profile_json[] =
    "{\"name\":\"scale-255vf\",\"vendor_id\":\"0x1234\",\"device_id\":\"0x7eff\","
    "\"bus\":4,\"ide\":{\"streams\":1},"
    "\"measurements\":[{\"index\":1,\"type\":\"mutable_fw\",\"text\":\"fw\"}],"
    "\"functions\":["
    "{\"type\":\"pf\",\"bars\":[{\"size\":\"0x1000000\",\"mem64\":true}],"
    "\"msix\":{\"vectors\":32,\"table_bar\":0,\"table_offset\":\"0xff0000\","
    "\"pba_offset\":\"0xff1000\"},\"ranges\":[{\"bar\":0,\"size\":\"0x800000\"}]},"
    "{\"type\":\"vf\",\"count\":255,\"bars\":[{\"size\":\"0x10000\",\"mem64\":true}],"
    "\"msix\":{\"vectors\":2,\"table_bar\":0,\"table_offset\":\"0xe000\","
    "\"pba_offset\":\"0xf000\"},\"ranges\":[{\"bar\":0,\"size\":\"0x4000\",\"id\":7}]}]}";

struct dma_log {
	unsigned t_requests, plain_requests;
	uint16_t last_rid;
};

static teeio_err dma_request(void *ctx, const struct teeio_dsm_dma_req *req)
{
	struct dma_log *l = ctx;

	if (req->t)
		l->t_requests++;
	else
		l->plain_requests++;
	l->last_rid = req->rid;
	return TEEIO_OK;
}

static uint8_t nonces[N_FUNCS][TEEIO_TDISP_NONCE_LEN];

TEST(all_256_tdis_locked_started_stopped)
{
	struct dsm_rig *r = dsm_rig_new(profile_json, NULL);
	struct teeio_tdisp_lock_params lp = {0};
	struct dma_log log = {0};
	uint8_t rep[512];
	size_t len;
	uint64_t vf_base = 0;
	unsigned fn, ok = 0;

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_EQ(r->host.dev.n_funcs, N_FUNCS);
	CHECK_OK(dsm_rig_connect(r));
	CHECK_OK(dsm_rig_key_stream0(r));
	r->host.dev.dma = (struct teeio_dsm_dma_ops){dma_request, &log};
	CHECK(teeio_dsm_bar_base(&r->host.dev, 1, 0, &vf_base));

	lp.mmio_reporting_offset = REPORT_OFFSET;
	for (fn = 0; fn < N_FUNCS; fn++) {
		uint32_t fid = teeio_dsm_fn_id(&r->host.dev, (uint16_t)fn);
		struct teeio_tdisp_report_view v;
		struct teeio_tdisp_mmio_range m;

		if (teeio_tdisp_req_lock(&r->td, fid, &lp, nonces[fn]) != TEEIO_OK ||
		    teeio_tdisp_req_get_report(&r->td, fid, rep, sizeof(rep), &len) != TEEIO_OK ||
		    teeio_tdisp_report_parse(rep, len, &v) != TEEIO_OK)
			break;
		teeio_tdisp_report_range(&v, 0, &m);
		if (fn > 0 &&
		    (v.n_ranges != 3 || m.range_id != 7 || m.num_pages != 4 ||
		     m.first_page != (vf_base + (fn - 1) * VF_BAR_SIZE + REPORT_OFFSET) >> 12))
			break;
		ok++;
	}
	CHECK_EQ(ok, N_FUNCS);
	for (fn = 0, ok = 0; fn < N_FUNCS; fn++) {
		uint32_t fid = teeio_dsm_fn_id(&r->host.dev, (uint16_t)fn);
		uint8_t buf[8] = {0};

		if (teeio_tdisp_req_start(&r->td, fid, nonces[fn]) == TEEIO_OK &&
		    teeio_dsm_tdi_state(&r->host.dev, (uint16_t)fn) == TEEIO_TDISP_RUN &&
		    teeio_dsm_dma(&r->host.dev, (uint16_t)fn, true, 0x1000, buf, sizeof(buf)) ==
			TEEIO_OK &&
		    log.last_rid == teeio_dsm_fn_rid(&r->host.dev, (uint16_t)fn))
			ok++;
	}
	CHECK_EQ(ok, N_FUNCS);
	/* T=1 MMIO over stream 0 reaches the right VF's private range */
	for (fn = 1, ok = 0; fn < N_FUNCS; fn++) {
		uint32_t v;
		int hit = -1;
		if (teeio_dsm_mmio_read(&r->host.dev, vf_base + (fn - 1) * VF_BAR_SIZE + 0x100,
					true, 0, &v, 4, &hit) == TEEIO_OK &&
		    hit == (int)fn)
			ok++;
	}
	CHECK_EQ(ok, N_FUNCS - 1);
	CHECK_EQ(log.t_requests, N_FUNCS);
	CHECK_EQ(log.plain_requests, 0);

	/* VF MSE off: every VF TDI breaks at once; the PF keeps running */
	teeio_dsm_cfg_write(&r->host.dev, 0, TEEIO_DSM_ECAP_SRIOV + 0x08, 2, 0x0011);
	for (fn = 1, ok = 0; fn < N_FUNCS; fn++)
		ok += teeio_dsm_tdi_state(&r->host.dev, (uint16_t)fn) == TEEIO_TDISP_STATE_ERROR;
	CHECK_EQ(ok, N_FUNCS - 1);
	CHECK_EQ(teeio_dsm_tdi_state(&r->host.dev, 0), TEEIO_TDISP_RUN);

	for (fn = 0, ok = 0; fn < N_FUNCS; fn++) {
		uint32_t fid = teeio_dsm_fn_id(&r->host.dev, (uint16_t)fn);
		enum teeio_tdisp_state st = TEEIO_TDISP_STATE_ERROR;

		if (teeio_tdisp_req_stop(&r->td, fid) == TEEIO_OK &&
		    teeio_tdisp_req_get_state(&r->td, fid, &st) == TEEIO_OK &&
		    st == TEEIO_TDISP_CONFIG_UNLOCKED)
			ok++;
	}
	CHECK_EQ(ok, N_FUNCS);
	dsm_rig_free(r);
}

TEST(per_tdi_state_within_4k)
{
	size_t per_tdi = sizeof(struct teeio_dsm_fn) + sizeof(struct teeio_tdisp_tdi);

	printf("# per-TDI state %zu bytes; %d TDIs: %zu KiB\n", per_tdi, N_FUNCS,
	       per_tdi * N_FUNCS / 1024);
	CHECK(per_tdi <= 4096);
}

int main(void)
{
	RUN(all_256_tdis_locked_started_stopped);
	RUN(per_tdi_state_within_4k);
	return test_summary();
}
