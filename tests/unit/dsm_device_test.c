/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The emulated device: config space and its capability chain, BAR sizing
 * and decoding, SR-IOV, MSI-X, the DMA engine's T bit, MMIO access rules,
 * the interface report, and every ERROR trigger the device raises into
 * the TDISP state machine.
 */
#include <stdlib.h>
#include <string.h>

#include "teeio/dsm.h"
#include "test.h"

#define PF_BAR0 UINT64_C(0x1E0000000) /* 64-bit, 1 MiB  */
#define PF_BAR2 UINT64_C(0xD0000000) /* 32-bit, 64 KiB */
#define VF_BAR0 UINT64_C(0xC0000000) /* 64 KiB per VF */

struct world {
	struct teeio_dsm_profile prof;
	struct teeio_dsm_dev dev;
	bool secure[256]; /* IDE stream ID -> Secure      */
	struct teeio_dsm_dma_req last;
	unsigned dma_calls;
	unsigned enables, disables;
	struct teeio_tdisp_req req;
};

static bool ide_secure(void *ctx, uint8_t id)
{
	return ((struct world *)ctx)->secure[id];
}

static void ide_enable(void *ctx, unsigned i, uint8_t id, bool on)
{
	struct world *w = ctx;
	(void)i;
	(void)id;
	if (on)
		w->enables++;
	else
		w->disables++;
}

static teeio_err dma_request(void *ctx, const struct teeio_dsm_dma_req *r)
{
	struct world *w = ctx;
	w->last = *r;
	w->dma_calls++;
	return TEEIO_OK;
}

static void cfg32(struct world *w, uint16_t fn, uint16_t off, uint32_t v)
{
	teeio_dsm_cfg_write(&w->dev, fn, off, 4, v);
}

static uint32_t rd32(struct world *w, uint16_t fn, uint16_t off)
{
	return teeio_dsm_cfg_read(&w->dev, fn, off, 4);
}

/* Program BARs, enable memory + bus mastering, enable 3 VFs. */
static void enumerate(struct world *w)
{
	uint16_t sr = TEEIO_DSM_ECAP_SRIOV;

	cfg32(w, 0, 0x10, (uint32_t)PF_BAR0);
	cfg32(w, 0, 0x14, (uint32_t)(PF_BAR0 >> 32));
	cfg32(w, 0, 0x18, (uint32_t)PF_BAR2);
	teeio_dsm_cfg_write(&w->dev, 0, 0x04, 2, 0x0006);
	teeio_dsm_cfg_write(&w->dev, 0, sr + 0x10, 2, 3);
	cfg32(w, 0, sr + 0x24, (uint32_t)VF_BAR0);
	cfg32(w, 0, sr + 0x28, 0);
	teeio_dsm_cfg_write(&w->dev, 0, sr + 0x08, 2, 0x0019); /* VFE, VF MSE, ARI */
	for (uint16_t fn = 1; fn <= 3; fn++)
		teeio_dsm_cfg_write(&w->dev, fn, 0x04, 2, 0x0004);
}

static struct world *world_new(void)
{
	struct world *w = calloc(1, sizeof(*w));
	struct teeio_dsm_cap_hooks caps = {0};
	struct teeio_dsm_dma_ops dma = {dma_request, NULL};

	if (!w)
		abort();
	caps.ide_secure = ide_secure;
	caps.ide_enable = ide_enable;
	caps.ctx = w;
	dma.ctx = w;
	w->secure[0] = true;
	if (teeio_dsm_profile_default(&w->prof) != TEEIO_OK ||
	    teeio_dsm_dev_init(&w->dev, &w->prof, teeio_crypto_openssl(), &caps, &dma, NULL) !=
		TEEIO_OK)
		abort();
	teeio_tdisp_req_init(&w->req, teeio_dsm_tdisp_exchange, &w->dev);
	enumerate(w);
	return w;
}

static teeio_err lock(struct world *w, uint16_t fn, uint16_t flags, uint8_t nonce[32])
{
	struct teeio_tdisp_lock_params p = {0};

	p.flags = flags;
	p.default_stream_id = 0;
	p.mmio_reporting_offset = UINT64_C(0x100000000);
	return teeio_tdisp_req_lock(&w->req, teeio_dsm_fn_id(&w->dev, fn), &p, nonce);
}

static void lock_ok(struct world *w, uint16_t fn, uint16_t flags)
{
	uint8_t nonce[32];
	CHECK_OK(lock(w, fn, flags, nonce));
	CHECK_EQ(teeio_dsm_tdi_state(&w->dev, fn), TEEIO_TDISP_CONFIG_LOCKED);
}

static void run_ok(struct world *w, uint16_t fn, uint16_t flags)
{
	uint8_t nonce[32];
	CHECK_OK(lock(w, fn, flags, nonce));
	CHECK_OK(teeio_tdisp_req_start(&w->req, teeio_dsm_fn_id(&w->dev, fn), nonce));
	CHECK_EQ(teeio_dsm_tdi_state(&w->dev, fn), TEEIO_TDISP_RUN);
}

static void stop_ok(struct world *w, uint16_t fn)
{
	CHECK_OK(teeio_tdisp_req_stop(&w->req, teeio_dsm_fn_id(&w->dev, fn)));
	CHECK_EQ(teeio_dsm_tdi_state(&w->dev, fn), TEEIO_TDISP_CONFIG_UNLOCKED);
}

TEST(pf_header_and_capability_chain)
{
	struct world *w = world_new();
	uint32_t off, hdr;
	unsigned ids = 0;

	CHECK_EQ(rd32(w, 0, 0x00), 0x7ee11234u);
	CHECK_EQ(teeio_dsm_cfg_read(&w->dev, 0, 0x02, 2), 0x7ee1);
	CHECK_EQ(rd32(w, 0, 0x08), 0x02000001u);
	CHECK(rd32(w, 0, 0x04) & 0x00100000u); /* Capabilities List */
	CHECK_EQ(rd32(w, 0, 0x2C), 0x00011234u);
	/* standard list: PCIe (0x10) at 0x40, MSI-X (0x11) at 0x80 */
	off = teeio_dsm_cfg_read(&w->dev, 0, 0x34, 1);
	CHECK_EQ(off, 0x40);
	CHECK_EQ(teeio_dsm_cfg_read(&w->dev, 0, (uint16_t)off, 1), 0x10);
	CHECK(rd32(w, 0, 0x44) & 0x10000000u); /* FLR capable */
	off = teeio_dsm_cfg_read(&w->dev, 0, (uint16_t)(off + 1), 1);
	CHECK_EQ(off, 0x80);
	CHECK_EQ(teeio_dsm_cfg_read(&w->dev, 0, (uint16_t)off, 1), 0x11);
	CHECK_EQ(teeio_dsm_cfg_read(&w->dev, 0, 0x82, 2) & 0x7FF, 15); /* 16 vectors */
	CHECK_EQ(rd32(w, 0, 0x84), 0x80000u); /* table BIR 0 */
	CHECK_EQ(rd32(w, 0, 0x88), 0x81000u);
	CHECK_EQ(teeio_dsm_cfg_read(&w->dev, 0, 0x81, 1), 0);
	/* extended list: DOE -> SR-IOV -> IDE */
	for (off = 0x100; off; off = hdr >> 20) {
		hdr = rd32(w, 0, (uint16_t)off);
		ids = ids << 8 | (hdr & 0xFF);
		CHECK_EQ((hdr >> 16) & 0xF, 1);
		if (ids > 0xFFFFFF)
			break;
	}
	CHECK_EQ(ids, 0x2E1030);
	/* IDE capability: selective, IDE_KM, 2 streams, 1 address block each */
	hdr = rd32(w, 0, TEEIO_DSM_ECAP_IDE + 4);
	CHECK(hdr & 0x2);
	CHECK(hdr & 0x40);
	CHECK_EQ((hdr >> 16) & 0xFF, 1);
	CHECK_EQ(rd32(w, 0, TEEIO_DSM_ECAP_IDE + 0x0C), 1);
	/* Device Control: AUX PM is not writable; FLR reads 0 and resets */
	CHECK_EQ(teeio_dsm_cfg_read(&w->dev, 0, 0x48, 2), 0x2810);
	teeio_dsm_cfg_write(&w->dev, 0, 0x48, 2, 0x7FFF);
	CHECK_EQ(teeio_dsm_cfg_read(&w->dev, 0, 0x48, 2), 0x7BFF);
	teeio_dsm_cfg_write(&w->dev, 0, 0x48, 2, 0x8000);
	CHECK_EQ(teeio_dsm_cfg_read(&w->dev, 0, 0x48, 2), 0x2810);
	CHECK_EQ(rd32(w, 0, 0x10), 0x4); /* the FLR cleared the BAR: type bits only */
	/* bad accesses */
	CHECK_EQ(teeio_dsm_cfg_read(&w->dev, 0, 0x02, 4), 0xFFFFFFFFu);
	CHECK_EQ(teeio_dsm_cfg_read(&w->dev, 0, 0x1000, 4), 0xFFFFFFFFu);
	CHECK_EQ(teeio_dsm_cfg_read(&w->dev, 0, 0x00, 3), 0xFFFFFFFFu);
	free(w);
}

TEST(bar_sizing)
{
	struct world *w = world_new();

	teeio_dsm_cfg_write(&w->dev, 0, 0x04, 2, 0); /* decode off while sizing */
	cfg32(w, 0, 0x10, 0xFFFFFFFFu);
	cfg32(w, 0, 0x14, 0xFFFFFFFFu);
	CHECK_EQ(rd32(w, 0, 0x10), 0xFFF00004u); /* 1 MiB, 64-bit */
	CHECK_EQ(rd32(w, 0, 0x14), 0xFFFFFFFFu);
	cfg32(w, 0, 0x18, 0xFFFFFFFFu);
	CHECK_EQ(rd32(w, 0, 0x18), 0xFFFF0000u); /* 64 KiB, 32-bit */
	cfg32(w, 0, 0x1C, 0xFFFFFFFFu);
	CHECK_EQ(rd32(w, 0, 0x1C), 0); /* unimplemented */
	/* VF BARs through SR-IOV */
	cfg32(w, 0, TEEIO_DSM_ECAP_SRIOV + 0x24, 0xFFFFFFFFu);
	CHECK_EQ(rd32(w, 0, TEEIO_DSM_ECAP_SRIOV + 0x24), 0xFFFF0004u);
	/* VF BAR registers in the VF's own header are RO 0 */
	cfg32(w, 1, 0x10, 0xFFFFFFFFu);
	CHECK_EQ(rd32(w, 1, 0x10), 0);
	free(w);
}

TEST(bar_decoding_and_vfs)
{
	struct world *w = world_new();
	uint64_t base;
	int fn;

	CHECK(teeio_dsm_bar_base(&w->dev, 0, 0, &base));
	CHECK_EQ(base, PF_BAR0);
	CHECK(teeio_dsm_bar_base(&w->dev, 0, 2, &base));
	CHECK_EQ(base, PF_BAR2);
	CHECK(!teeio_dsm_bar_base(&w->dev, 0, 1, &base));
	CHECK(teeio_dsm_bar_base(&w->dev, 3, 0, &base));
	CHECK_EQ(base, VF_BAR0 + 2 * 0x10000);
	CHECK_EQ(teeio_dsm_fn_rid(&w->dev, 0), 0x0100);
	CHECK_EQ(teeio_dsm_fn_rid(&w->dev, 2), 0x0102);
	CHECK_EQ(teeio_dsm_fn_by_rid(&w->dev, 0x0103), 3);
	CHECK_EQ(teeio_dsm_fn_by_rid(&w->dev, 0x0104), -1);
	CHECK_EQ(rd32(w, 1, 0x00), 0xFFFFFFFFu); /* VF IDs read FFFFh */
	CHECK_EQ(rd32(w, 0, TEEIO_DSM_ECAP_SRIOV + 0x18) >> 16, 0x7ee2);
	CHECK_EQ(rd32(w, 0, TEEIO_DSM_ECAP_SRIOV + 0x0C), 0x00030003u);
	/* NumVFs is fixed while VF Enable is set */
	teeio_dsm_cfg_write(&w->dev, 0, TEEIO_DSM_ECAP_SRIOV + 0x10, 2, 1);
	CHECK_EQ(rd32(w, 0, TEEIO_DSM_ECAP_SRIOV + 0x10), 3);
	/* MMIO decodes to the right function */
	uint32_t v;
	CHECK_OK(teeio_dsm_mmio_read(&w->dev, VF_BAR0 + 0x10000 + 0x100, false, 0, &v, 4, &fn));
	CHECK_EQ(fn, 2);
	CHECK_ERR(teeio_dsm_mmio_read(&w->dev, 0x1000, false, 0, &v, 4, &fn),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	CHECK_ERR(teeio_dsm_mmio_read(&w->dev, PF_BAR0 + 2, false, 0, &v, 4, NULL),
		  TEEIO_ERR_USAGE);
	/* an unassigned VF BAR decodes for no VF (not even VF n > 1) */
	cfg32(w, 0, TEEIO_DSM_ECAP_SRIOV + 0x24, 0);
	CHECK(!teeio_dsm_bar_base(&w->dev, 1, 0, &base));
	CHECK(!teeio_dsm_bar_base(&w->dev, 3, 0, &base));
	CHECK_ERR(teeio_dsm_mmio_read(&w->dev, 0x20000, false, 0, &v, 4, &fn),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	cfg32(w, 0, TEEIO_DSM_ECAP_SRIOV + 0x24, (uint32_t)VF_BAR0);
	/* VF Enable off: the VFs disappear */
	teeio_dsm_cfg_write(&w->dev, 0, TEEIO_DSM_ECAP_SRIOV + 0x08, 2, 0);
	CHECK(!teeio_dsm_fn_present(&w->dev, 1));
	CHECK_EQ(rd32(w, 1, 0x04), 0xFFFFFFFFu);
	CHECK_ERR(teeio_dsm_mmio_read(&w->dev, VF_BAR0, false, 0, &v, 4, NULL),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	free(w);
}

TEST(msix_table_pba_and_interrupts)
{
	struct world *w = world_new();
	uint64_t tab = PF_BAR0 + 0x80000, pba = PF_BAR0 + 0x81000;
	uint32_t v, addr = 0xFEE00000u, data = 0x4321;
	uint64_t p;

	/* entries come out of reset masked */
	CHECK_OK(teeio_dsm_mmio_read(&w->dev, tab + 16 * 3 + 12, false, 0, &v, 4, NULL));
	CHECK_EQ(v, 1);
	CHECK_OK(teeio_dsm_mmio_write(&w->dev, tab + 16 * 3, false, 0, &addr, 4, NULL));
	CHECK_OK(teeio_dsm_mmio_write(&w->dev, tab + 16 * 3 + 8, false, 0, &data, 4, NULL));
	CHECK_ERR(teeio_dsm_msix_raise(&w->dev, 0, 3), TEEIO_ERR_STATE); /* MSI-X off */
	teeio_dsm_cfg_write(&w->dev, 0, 0x82, 2, 0x8000);
	CHECK_EQ(teeio_dsm_cfg_read(&w->dev, 0, 0x82, 2), 0x800F);
	CHECK_OK(teeio_dsm_msix_raise(&w->dev, 0, 3)); /* masked: pending */
	CHECK_EQ(w->dma_calls, 0);
	CHECK_OK(teeio_dsm_mmio_read(&w->dev, pba, false, 0, &p, 8, NULL));
	CHECK_EQ(p, 1u << 3);
	v = 0;
	CHECK_OK(teeio_dsm_mmio_write(&w->dev, tab + 16 * 3 + 12, false, 0, &v, 4, NULL));
	CHECK_OK(teeio_dsm_msix_raise(&w->dev, 0, 3));
	CHECK_EQ(w->dma_calls, 1);
	CHECK_EQ(w->last.addr, 0xFEE00000u);
	CHECK(w->last.write);
	CHECK_EQ(teeio_load_u32le(w->last.data), 0x4321);
	CHECK_ERR(teeio_dsm_msix_raise(&w->dev, 0, 16), TEEIO_ERR_USAGE);
	/* the PBA is read-only */
	p = ~0ull;
	CHECK_OK(teeio_dsm_mmio_write(&w->dev, pba, false, 0, &p, 8, NULL));
	CHECK_OK(teeio_dsm_mmio_read(&w->dev, pba, false, 0, &p, 8, NULL));
	CHECK_EQ(p, 0);
	free(w);
}

TEST(dma_t_bit_follows_tdi_state)
{
	struct world *w = world_new();
	uint8_t buf[16] = {0};

	CHECK_OK(teeio_dsm_dma(&w->dev, 1, false, 0x1000, buf, sizeof(buf)));
	CHECK(!w->last.t);
	CHECK_EQ(w->last.rid, 0x0101);
	lock_ok(w, 1, 0);
	CHECK_ERR(teeio_dsm_dma(&w->dev, 1, false, 0x1000, buf, sizeof(buf)), TEEIO_ERR_STATE);
	stop_ok(w, 1);
	run_ok(w, 1, 0);
	CHECK_OK(teeio_dsm_dma(&w->dev, 1, true, 0x2000, buf, sizeof(buf)));
	CHECK(w->last.t);
	CHECK(w->last.write);
	stop_ok(w, 1);
	/* Bus Master Enable gates DMA */
	teeio_dsm_cfg_write(&w->dev, 1, 0x04, 2, 0);
	CHECK_ERR(teeio_dsm_dma(&w->dev, 1, false, 0x1000, buf, sizeof(buf)), TEEIO_ERR_STATE);
	free(w);
}

TEST(mmio_access_rules_and_report)
{
	struct world *w = world_new();
	uint8_t rep[1024];
	size_t len;
	struct teeio_tdisp_report_view v;
	struct teeio_tdisp_mmio_range r;
	uint32_t x = 0;

	/* UNLOCKED: T=0 fine, T=1 refused */
	CHECK_OK(teeio_dsm_mmio_read(&w->dev, PF_BAR0, false, 0, &x, 4, NULL));
	CHECK_ERR(teeio_dsm_mmio_read(&w->dev, PF_BAR0, true, 0, &x, 4, NULL), TEEIO_ERR_STATE);
	CHECK_EQ(x, 0xFFFFFFFFu); /* UR reads all ones */
	run_ok(w, 0, TEEIO_TDISP_LOCK_MSIX);
	/* RUN: private range takes T=1 only; the non-TEE range T=0 too */
	CHECK_OK(teeio_dsm_mmio_write(&w->dev, PF_BAR0, true, 0, &x, 4, NULL));
	CHECK_ERR(teeio_dsm_mmio_write(&w->dev, PF_BAR0, false, 0, &x, 4, NULL), TEEIO_ERR_STATE);
	CHECK_OK(teeio_dsm_mmio_write(&w->dev, PF_BAR0 + 0x10000, false, 0, &x, 4, NULL));
	/* T=1 over a stream the TDI does not use */
	CHECK_ERR(teeio_dsm_mmio_write(&w->dev, PF_BAR0, true, 5, &x, 4, NULL), TEEIO_ERR_STATE);
	/* the report: 3 profile ranges + MSI-X table + PBA at the reporting offset */
	CHECK_OK(teeio_tdisp_req_get_report(&w->req, teeio_dsm_fn_id(&w->dev, 0), rep, sizeof(rep),
					    &len));
	CHECK_OK(teeio_tdisp_report_parse(rep, len, &v));
	CHECK_EQ(v.n_ranges, 5);
	CHECK_EQ(v.interface_info,
		 TEEIO_TDISP_INFO_NO_FW_UPDATE | TEEIO_TDISP_INFO_DMA_WITHOUT_PASID);
	CHECK_EQ(v.msix_msg_ctrl, 15);
	CHECK_EQ(v.dev_info_len, 8);
	teeio_tdisp_report_range(&v, 0, &r);
	CHECK_EQ(r.first_page, (PF_BAR0 + UINT64_C(0x100000000)) >> 12);
	CHECK_EQ(r.num_pages, 16);
	CHECK_EQ(r.attrs, 0);
	teeio_tdisp_report_range(&v, 1, &r);
	CHECK_EQ(r.attrs, TEEIO_TDISP_RANGE_NON_TEE);
	CHECK_EQ(r.range_id, 1);
	teeio_tdisp_report_range(&v, 2, &r);
	CHECK_EQ(r.first_page, (PF_BAR2 + UINT64_C(0x100000000)) >> 12);
	teeio_tdisp_report_range(&v, 3, &r);
	CHECK_EQ(r.attrs, TEEIO_TDISP_RANGE_MSIX_TABLE); /* locked: private */
	teeio_tdisp_report_range(&v, 4, &r);
	CHECK_EQ(r.attrs, TEEIO_TDISP_RANGE_MSIX_PBA);
	stop_ok(w, 0);
	/* without LOCK_MSIX the table stays the host's */
	lock_ok(w, 0, 0);
	CHECK_OK(teeio_tdisp_req_get_report(&w->req, teeio_dsm_fn_id(&w->dev, 0), rep, sizeof(rep),
					    &len));
	CHECK_OK(teeio_tdisp_report_parse(rep, len, &v));
	teeio_tdisp_report_range(&v, 3, &r);
	CHECK_EQ(r.attrs, TEEIO_TDISP_RANGE_MSIX_TABLE | TEEIO_TDISP_RANGE_NON_TEE);
	free(w);
}

TEST(lock_refused_without_decoding)
{
	struct world *w = world_new();
	uint8_t nonce[32];

	teeio_dsm_cfg_write(&w->dev, 0, 0x04, 2, 0x0004); /* MSE off */
	CHECK_ERR(lock(w, 0, 0, nonce), TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(w->req.last_error, TEEIO_TDISP_ERR_INVALID_DEVICE_CONFIGURATION);
	CHECK_EQ(teeio_dsm_tdi_state(&w->dev, 0), TEEIO_TDISP_CONFIG_UNLOCKED);
	free(w);
}

/* Each trigger: lock (or run) fn, do the thing, expect ERROR, STOP. */
static void expect_error(struct world *w, uint16_t fn, const char *what)
{
	if (teeio_dsm_tdi_state(&w->dev, fn) != TEEIO_TDISP_STATE_ERROR)
		test_fail(__FILE__, __LINE__, "%s: fn %u in %s, want ERROR", what, fn,
			  teeio_tdisp_state_name(teeio_dsm_tdi_state(&w->dev, fn)));
	stop_ok(w, fn);
}

TEST(config_writes_move_locked_tdis_to_error)
{
	struct world *w = world_new();

	/* BAR rewrite (same value: no change, no error) */
	lock_ok(w, 0, 0);
	cfg32(w, 0, 0x18, (uint32_t)PF_BAR2);
	CHECK_EQ(teeio_dsm_tdi_state(&w->dev, 0), TEEIO_TDISP_CONFIG_LOCKED);
	cfg32(w, 0, 0x18, (uint32_t)PF_BAR2 + 0x10000);
	expect_error(w, 0, "BAR");
	cfg32(w, 0, 0x18, (uint32_t)PF_BAR2);
	/* Memory Space Enable */
	run_ok(w, 0, 0);
	teeio_dsm_cfg_write(&w->dev, 0, 0x04, 2, 0x0004);
	expect_error(w, 0, "MSE");
	teeio_dsm_cfg_write(&w->dev, 0, 0x04, 2, 0x0006);
	/* Bus Master Enable (byte write) */
	lock_ok(w, 0, 0);
	teeio_dsm_cfg_write(&w->dev, 0, 0x04, 1, 0x02);
	expect_error(w, 0, "BME");
	teeio_dsm_cfg_write(&w->dev, 0, 0x04, 2, 0x0006);
	/* other command bits do not matter */
	lock_ok(w, 0, 0);
	teeio_dsm_cfg_write(&w->dev, 0, 0x04, 2, 0x0406);
	CHECK_EQ(teeio_dsm_tdi_state(&w->dev, 0), TEEIO_TDISP_CONFIG_LOCKED);
	stop_ok(w, 0);
	/* MSI-X control: only when LOCK_MSIX */
	lock_ok(w, 0, 0);
	teeio_dsm_cfg_write(&w->dev, 0, 0x82, 2, 0x8000);
	CHECK_EQ(teeio_dsm_tdi_state(&w->dev, 0), TEEIO_TDISP_CONFIG_LOCKED);
	stop_ok(w, 0);
	lock_ok(w, 0, TEEIO_TDISP_LOCK_MSIX);
	teeio_dsm_cfg_write(&w->dev, 0, 0x82, 2, 0xC000);
	expect_error(w, 0, "MSI-X control");
	/* a host write to a locked MSI-X table */
	run_ok(w, 0, TEEIO_TDISP_LOCK_MSIX);
	uint32_t x = 1;
	CHECK_ERR(teeio_dsm_mmio_write(&w->dev, PF_BAR0 + 0x80000, false, 0, &x, 4, NULL),
		  TEEIO_ERR_STATE);
	expect_error(w, 0, "MSI-X table");
	/* unlocked TDIs are untouched by all of it */
	cfg32(w, 0, 0x18, (uint32_t)PF_BAR2 + 0x10000);
	CHECK_EQ(teeio_dsm_tdi_state(&w->dev, 0), TEEIO_TDISP_CONFIG_UNLOCKED);
	free(w);
}

TEST(vf_configuration_moves_vf_tdis_to_error)
{
	struct world *w = world_new();
	uint16_t sr = TEEIO_DSM_ECAP_SRIOV;

	/* VF BAR moved */
	run_ok(w, 2, 0);
	cfg32(w, 0, sr + 0x24, (uint32_t)VF_BAR0 + 0x1000000);
	expect_error(w, 2, "VF BAR");
	cfg32(w, 0, sr + 0x24, (uint32_t)VF_BAR0);
	/* VF MSE */
	lock_ok(w, 1, 0);
	lock_ok(w, 3, 0);
	teeio_dsm_cfg_write(&w->dev, 0, sr + 0x08, 2, 0x0011);
	expect_error(w, 1, "VF MSE");
	expect_error(w, 3, "VF MSE");
	/* the PF is not hurt by VF configuration */
	teeio_dsm_cfg_write(&w->dev, 0, sr + 0x08, 2, 0x0019);
	lock_ok(w, 0, 0);
	lock_ok(w, 1, 0);
	teeio_dsm_cfg_write(&w->dev, 0, sr + 0x08, 2, 0x0011);
	CHECK_EQ(teeio_dsm_tdi_state(&w->dev, 0), TEEIO_TDISP_CONFIG_LOCKED);
	expect_error(w, 1, "VF MSE (2)");
	stop_ok(w, 0);
	free(w);
}

TEST(resets_ide_and_session_move_tdis_to_error)
{
	struct world *w = world_new();

	/* FLR of a VF */
	run_ok(w, 2, 0);
	lock_ok(w, 3, 0);
	teeio_dsm_cfg_write(&w->dev, 2, 0x48, 2, 0x8000);
	CHECK_EQ(teeio_dsm_tdi_state(&w->dev, 3), TEEIO_TDISP_CONFIG_LOCKED);
	CHECK_EQ(rd32(w, 2, 0x04) & 0x4, 0); /* BME cleared by the FLR */
	expect_error(w, 2, "VF FLR");
	stop_ok(w, 3);
	/* FLR of the PF takes the VFs with it */
	enumerate(w);
	lock_ok(w, 0, 0);
	lock_ok(w, 1, 0);
	teeio_dsm_flr(&w->dev, 0);
	CHECK(!teeio_dsm_fn_present(&w->dev, 1));
	expect_error(w, 1, "PF FLR (VF)");
	expect_error(w, 0, "PF FLR");
	/* conventional reset */
	enumerate(w);
	lock_ok(w, 0, 0);
	teeio_dsm_reset(&w->dev);
	expect_error(w, 0, "reset");
	/* IDE stream disabled through the IDE capability */
	enumerate(w);
	cfg32(w, 0, TEEIO_DSM_ECAP_IDE + 0x0C + 4, 0x00000001u); /* stream 0 enable, ID 0 */
	CHECK_EQ(w->enables, 1);
	CHECK_EQ(rd32(w, 0, TEEIO_DSM_ECAP_IDE + 0x0C + 8), 2); /* Secure */
	run_ok(w, 1, 0);
	lock_ok(w, 2, 0);
	cfg32(w, 0, TEEIO_DSM_ECAP_IDE + 0x0C + 4, 0);
	CHECK_EQ(w->disables, 1);
	expect_error(w, 1, "IDE disable");
	expect_error(w, 2, "IDE disable");
	/* IDE integrity failure on another stream does not matter */
	lock_ok(w, 1, 0);
	teeio_dsm_ide_insecure(&w->dev, 7);
	CHECK_EQ(teeio_dsm_tdi_state(&w->dev, 1), TEEIO_TDISP_CONFIG_LOCKED);
	teeio_dsm_ide_insecure(&w->dev, 0);
	expect_error(w, 1, "IDE insecure");
	/* the SPDM session ended */
	run_ok(w, 3, 0);
	teeio_dsm_session_ended(&w->dev);
	expect_error(w, 3, "session end");
	free(w);
}

TEST(ide_stream_registers)
{
	struct world *w = world_new();
	uint16_t s1 = TEEIO_DSM_ECAP_IDE + 0x0C + 0x20; /* second stream block */

	cfg32(w, 0, s1 + 0x0C, 0xFFFFFFFFu);
	CHECK_EQ(rd32(w, 0, s1 + 0x0C), 0x00FFFF00u);
	cfg32(w, 0, s1 + 0x10, 0xFFFFFFFFu);
	CHECK_EQ(rd32(w, 0, s1 + 0x10), 0xFFFFFF01u);
	cfg32(w, 0, s1 + 0x14, 0xFFFFFFFFu);
	CHECK_EQ(rd32(w, 0, s1 + 0x14), 0xFFF0FFF1u);
	cfg32(w, 0, s1 + 0x18, 0x12345678u);
	CHECK_EQ(rd32(w, 0, s1 + 0x18), 0x12345678u);
	cfg32(w, 0, s1 + 4, 0x05000001u); /* enable, stream ID 5 */
	CHECK_EQ(rd32(w, 0, s1 + 8), 0); /* stream 5 is not Secure */
	w->secure[5] = true;
	CHECK_EQ(rd32(w, 0, s1 + 8), 2);
	cfg32(w, 0, s1 + 4, 0x06000001u); /* ID is fixed while enabled */
	CHECK_EQ(rd32(w, 0, s1 + 4) >> 24, 5);
	free(w);
}

TEST(per_tdi_state_fits_4k)
{
	size_t per_tdi = sizeof(struct teeio_dsm_fn) + sizeof(struct teeio_tdisp_tdi);
	CHECK(per_tdi <= 4096);
	printf("# per-TDI state: %zu bytes (dsm %zu + tdisp %zu)\n", per_tdi,
	       sizeof(struct teeio_dsm_fn), sizeof(struct teeio_tdisp_tdi));
}

TEST(pf_without_vfs_and_function_number)
{
	struct teeio_dsm_profile *p = calloc(1, sizeof(*p));
	struct teeio_dsm_dev *d = calloc(1, sizeof(*d));
	const char *json = "{\"vendor_id\":1,\"device_id\":2,\"bus\":190,\"device\":29,"
			   "\"function\":7,\"functions\":[{\"type\":\"pf\"}]}";

	CHECK_OK(teeio_dsm_profile_parse(json, strlen(json), p, NULL, 0));
	CHECK_OK(teeio_dsm_dev_init(d, p, teeio_crypto_openssl(), NULL, NULL, NULL));
	/* RID 0xBEEF: the interface spdm-emu's requester names */
	CHECK_EQ(teeio_dsm_fn_rid(d, 0), 0xBEEF);
	CHECK_EQ(teeio_dsm_fn_id(d, 0), 0xBEEF);
	CHECK_EQ(teeio_dsm_fn_by_rid(d, 0xBEEE), -1);
	CHECK(!teeio_dsm_fn_present(d, 1));
	/* no SR-IOV: DOE chains straight to IDE; no MSI-X: PCIe cap ends */
	CHECK_EQ(teeio_dsm_cfg_read(d, 0, 0x100, 4), 0x1601002Eu);
	CHECK_EQ(teeio_dsm_cfg_read(d, 0, 0x120, 4), 0);
	CHECK_EQ(teeio_dsm_cfg_read(d, 0, 0x160, 4) & 0xFFFF, 0x30);
	CHECK_EQ(teeio_dsm_cfg_read(d, 0, 0x41, 1), 0);
	CHECK_EQ(teeio_dsm_cfg_read(d, 0, 0x80, 4), 0);
	/* no DOE hooks: the body reads 0 and writes go nowhere */
	teeio_dsm_cfg_write(d, 0, 0x108, 4, 0x80000000u);
	CHECK_EQ(teeio_dsm_cfg_read(d, 0, 0x10C, 4), 0);
	/* no BARs: nothing to lock */
	CHECK_ERR(teeio_dsm_report_resolve(d, 0, 0), TEEIO_OK);
	CHECK_ERR(teeio_dsm_dev_init(d, p, NULL, NULL, NULL, NULL), TEEIO_ERR_USAGE);
	free(d);
	free(p);
}

TEST(msix_access_widths)
{
	struct world *w = world_new();
	uint64_t tab = PF_BAR0 + 0x80000, q = UINT64_C(0x00000001FEE01000);
	uint16_t h;
	uint8_t b;

	CHECK_OK(teeio_dsm_mmio_write(&w->dev, tab + 16, false, 0, &q, 8, NULL));
	q = 0;
	CHECK_OK(teeio_dsm_mmio_read(&w->dev, tab + 16, false, 0, &q, 8, NULL));
	CHECK_EQ(q, UINT64_C(0x00000001FEE01000));
	CHECK_OK(teeio_dsm_mmio_read(&w->dev, tab + 18, false, 0, &h, 2, NULL));
	CHECK_EQ(h, 0xFEE0);
	CHECK_OK(teeio_dsm_mmio_read(&w->dev, tab + 17, false, 0, &b, 1, NULL));
	CHECK_EQ(b, 0x10);
	/* byte writes are not MSI-X accesses: dropped */
	b = 0xAA;
	CHECK_OK(teeio_dsm_mmio_write(&w->dev, tab + 16, false, 0, &b, 1, NULL));
	CHECK_OK(teeio_dsm_mmio_read(&w->dev, tab + 16, false, 0, &b, 1, NULL));
	CHECK_EQ(b, 0x00);
	/* reserved Vector Control bits do not stick */
	uint32_t ctl = 0xFFFFFFFFu;
	CHECK_OK(teeio_dsm_mmio_write(&w->dev, tab + 16 + 12, false, 0, &ctl, 4, NULL));
	CHECK_OK(teeio_dsm_mmio_read(&w->dev, tab + 16 + 12, false, 0, &ctl, 4, NULL));
	CHECK_EQ(ctl, 1);
	/* a 2-byte access must be aligned */
	CHECK_ERR(teeio_dsm_mmio_read(&w->dev, tab + 1, false, 0, &h, 2, NULL), TEEIO_ERR_USAGE);
	free(w);
}

int main(void)
{
	RUN(pf_header_and_capability_chain);
	RUN(bar_sizing);
	RUN(bar_decoding_and_vfs);
	RUN(msix_table_pba_and_interrupts);
	RUN(dma_t_bit_follows_tdi_state);
	RUN(mmio_access_rules_and_report);
	RUN(lock_refused_without_decoding);
	RUN(config_writes_move_locked_tdis_to_error);
	RUN(vf_configuration_moves_vf_tdis_to_error);
	RUN(resets_ide_and_session_move_tdis_to_error);
	RUN(ide_stream_registers);
	RUN(pf_without_vfs_and_function_number);
	RUN(msix_access_widths);
	RUN(per_tdi_state_fits_4k);
	return test_summary();
}
