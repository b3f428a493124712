/* SPDX-License-Identifier: BSD-3-Clause */
/* The IOMMU: T=1 DMA only through the secure device table into the bound
 * TVM's private memory, T=0 DMA only to non-private pages; both directly
 * and as TLPs arriving over the IDE link. */
#include <stdlib.h>

#include "support/platform.h"
#include "test.h"

#define PG TEEIO_PLAT_PAGE_SIZE
#define RID 0x0100
#define OTHER_RID 0x0200
#define BAR 0x80000000ull
#define DMA_GPA 0x10000ull

struct io_fix {
	struct plat_test t;
	struct plat_fake_dev dev;
	unsigned d, tvm;
	uint64_t priv_hpa, host_hpa;
	struct teeio_plat_binding b;
};

/* A TVM with 4 private pages at DMA_GPA, the fake device attached, the VMM
 * mapping IOVA 0 -> 2 host pages for it; bound and (when `live`) started. */
static struct io_fix *setup(bool live)
{
	struct io_fix *f = calloc(1, sizeof(*f));
	if (!f || plat_test_init(&f->t, TEEIO_PLAT_FLAVOUR_TDX) != TEEIO_OK ||
	    plat_fake_init(&f->dev, RID, BAR, true) != TEEIO_OK)
		abort();
	struct teeio_plat_dev_cfg dc = plat_fake_dev_cfg(&f->dev);
	f->b.rid = RID;
	f->b.stream_id = PLAT_TEST_STREAM;
	f->b.dma_base = DMA_GPA;
	f->b.dma_limit = DMA_GPA + 4 * PG - 1;
	f->b.mmio[0].base = BAR;
	f->b.mmio[0].size = PLAT_TEST_BAR_PAGES * PG;
	f->b.n_mmio = 1;
	if (teeio_plat_vmm_attach(&f->t.vmm, &dc, &f->d) != TEEIO_OK ||
	    teeio_plat_tsm_tvm_create(&f->t.tsm, &f->tvm) != TEEIO_OK ||
	    teeio_plat_vmm_page_alloc(&f->t.vmm, 4, &f->priv_hpa) != TEEIO_OK ||
	    teeio_plat_vmm_page_alloc(&f->t.vmm, 2, &f->host_hpa) != TEEIO_OK ||
	    teeio_plat_tsm_map_private(&f->t.tsm, f->tvm, DMA_GPA, f->priv_hpa, 4, true) !=
		TEEIO_OK ||
	    teeio_plat_vmm_iommu_map(&f->t.vmm, f->d, 0, f->host_hpa, 2, true) != TEEIO_OK)
		abort();
	f->b.tvm = (uint8_t)f->tvm;
	if (teeio_plat_tsm_bind(&f->t.tsm, &f->b) != TEEIO_OK)
		abort();
	if (live && teeio_plat_tsm_dma_enable(&f->t.tsm, RID) != TEEIO_OK)
		abort();
	return f;
}

static void teardown(struct io_fix *f)
{
	plat_fake_fini(&f->dev);
	free(f);
}

static struct teeio_plat_dma t1(uint64_t addr, bool write)
{
	struct teeio_plat_dma r = {.rid = RID,
				   .t = true,
				   .has_stream = true,
				   .stream_id = PLAT_TEST_STREAM,
				   .addr = addr,
				   .write = write};
	return r;
}

static struct teeio_plat_dma t0(uint64_t addr, bool write)
{
	struct teeio_plat_dma r = {.rid = RID, .addr = addr, .write = write};
	return r;
}

static uint8_t *host(struct io_fix *f, uint64_t hpa)
{
	return f->t.arena + (hpa - f->t.p.cfg.hpa_base);
}

TEST(t1_dma_lands_in_private_page)
{
	struct io_fix *f = setup(true);
	uint8_t data[64], back[64];
	memset(data, 0x3c, sizeof(data));
	struct teeio_plat_dma w = t1(DMA_GPA + PG + 8, true);
	CHECK_EQ(teeio_plat_dma(&f->t.p, &w, data, sizeof(data)), TEEIO_PLAT_OK);
	CHECK_MEM(host(f, f->priv_hpa + PG + 8), data, sizeof(data));
	struct teeio_plat_guest_view g = teeio_plat_guest(&f->t.p, f->tvm);
	CHECK_EQ(teeio_plat_guest_read(&g, DMA_GPA + PG + 8, back, sizeof(back)), TEEIO_PLAT_OK);
	CHECK_MEM(back, data, sizeof(data));
	struct teeio_plat_dma r = t1(DMA_GPA + PG + 8, false);
	memset(back, 0, sizeof(back));
	CHECK_EQ(teeio_plat_dma(&f->t.p, &r, back, sizeof(back)), TEEIO_PLAT_OK);
	CHECK_MEM(back, data, sizeof(data));
	teardown(f);
}

TEST(t0_dma_to_private_page_faults)
{
	struct io_fix *f = setup(true);
	uint8_t data[16] = {9};
	/* The VMM points IOVA 0x100000 at the TVM's private page. */
	CHECK_OK(teeio_plat_vmm_iommu_map(&f->t.vmm, f->d, 0x100000, f->priv_hpa, 1, true));
	struct teeio_plat_dma w = t0(0x100000, true);
	CHECK_EQ(teeio_plat_dma(&f->t.p, &w, data, sizeof(data)), TEEIO_PLAT_FAULT_T0_TO_PRIVATE);
	CHECK(teeio_ct_is_zero(host(f, f->priv_hpa), 16));
	/* A T=0 DMA to a private GPA finds no secure path either. */
	w = t0(DMA_GPA, true);
	CHECK_EQ(teeio_plat_dma(&f->t.p, &w, data, sizeof(data)), TEEIO_PLAT_FAULT_NOT_MAPPED);
	/* T=0 to the VMM's own pages is fine. */
	w = t0(0x10, true);
	CHECK_EQ(teeio_plat_dma(&f->t.p, &w, data, sizeof(data)), TEEIO_PLAT_OK);
	CHECK_EQ(host(f, f->host_hpa + 0x10)[0], 9);
	CHECK_EQ(teeio_plat_faults(&f->t.p)->count[TEEIO_PLAT_FAULT_T0_TO_PRIVATE], 1);
	CHECK_EQ(teeio_plat_faults(&f->t.p)->last_rid, RID);
	teardown(f);
}

TEST(other_requester_or_stream_faults)
{
	struct io_fix *f = setup(true);
	uint8_t data[16] = {1};
	struct teeio_plat_dma w = t1(DMA_GPA, true);
	w.rid = OTHER_RID;
	CHECK_EQ(teeio_plat_dma(&f->t.p, &w, data, 16), TEEIO_PLAT_FAULT_NOT_BOUND);
	w = t1(DMA_GPA, true);
	w.stream_id = PLAT_TEST_STREAM + 1;
	CHECK_EQ(teeio_plat_dma(&f->t.p, &w, data, 16), TEEIO_PLAT_FAULT_WRONG_STREAM);
	w = t1(DMA_GPA, true);
	w.has_stream = false; /* T=1 that did not come over IDE */
	CHECK_EQ(teeio_plat_dma(&f->t.p, &w, data, 16), TEEIO_PLAT_FAULT_NOT_BOUND);
	CHECK(teeio_ct_is_zero(host(f, f->priv_hpa), 16));
	teardown(f);
}

TEST(t1_dma_needs_start_and_window)
{
	struct io_fix *f = setup(false);
	uint8_t data[16] = {1};
	struct teeio_plat_dma w = t1(DMA_GPA, true);
	CHECK_EQ(teeio_plat_dma(&f->t.p, &w, data, 16), TEEIO_PLAT_FAULT_NOT_LIVE);
	CHECK_OK(teeio_plat_tsm_dma_enable(&f->t.tsm, RID));
	CHECK_EQ(teeio_plat_dma(&f->t.p, &w, data, 16), TEEIO_PLAT_OK);
	/* Outside the window (though private to the bound TVM), a shared
	 * GPA, beyond the width. */
	uint64_t outside;
	CHECK_OK(teeio_plat_vmm_page_alloc(&f->t.vmm, 1, &outside));
	CHECK_OK(teeio_plat_tsm_map_private(&f->t.tsm, f->tvm, DMA_GPA + 4 * PG, outside, 1, true));
	w = t1(DMA_GPA + 4 * PG, true);
	CHECK_EQ(teeio_plat_dma(&f->t.p, &w, data, 16), TEEIO_PLAT_FAULT_NOT_MAPPED);
	CHECK(teeio_ct_is_zero(host(f, outside), 16));
	w = t1(teeio_plat_gpa(&f->t.p, DMA_GPA, true), true);
	CHECK_EQ(teeio_plat_dma(&f->t.p, &w, data, 16), TEEIO_PLAT_FAULT_NOT_MAPPED);
	w = t1(1ull << 50, true);
	CHECK_EQ(teeio_plat_dma(&f->t.p, &w, data, 16), TEEIO_PLAT_FAULT_BAD_ADDRESS);
	/* Straddling the end of the window: nothing is written. */
	w = t1(DMA_GPA + 4 * PG - 8, true);
	CHECK_EQ(teeio_plat_dma(&f->t.p, &w, data, 16), TEEIO_PLAT_FAULT_NOT_MAPPED);
	CHECK(teeio_ct_is_zero(host(f, f->priv_hpa + 4 * PG - 8), 8));
	CHECK_ERR(teeio_plat_tsm_dma_enable(&f->t.tsm, OTHER_RID), TEEIO_ERR_USAGE_NOT_FOUND);
	teardown(f);
}

TEST(t1_dma_only_into_the_bound_tvm)
{
	struct io_fix *f = setup(true);
	unsigned other;
	uint64_t hpa;
	uint8_t data[16] = {7};
	CHECK_OK(teeio_plat_tsm_tvm_create(&f->t.tsm, &other));
	CHECK_OK(teeio_plat_vmm_page_alloc(&f->t.vmm, 1, &hpa));
	CHECK_OK(teeio_plat_tsm_map_private(&f->t.tsm, other, 0x40000, hpa, 1, true));
	/* The other TVM's private GPA is not in the bound TVM's tables. */
	struct teeio_plat_binding wide = f->b;
	CHECK_OK(teeio_plat_tsm_unbind(&f->t.tsm, RID));
	wide.dma_limit = 0xfffff;
	CHECK_OK(teeio_plat_tsm_bind(&f->t.tsm, &wide));
	CHECK_OK(teeio_plat_tsm_dma_enable(&f->t.tsm, RID));
	struct teeio_plat_dma w = t1(0x40000, true);
	CHECK_EQ(teeio_plat_dma(&f->t.p, &w, data, 16), TEEIO_PLAT_FAULT_NOT_MAPPED);
	CHECK(teeio_ct_is_zero(host(f, hpa), 16));
	/* A pending page of the bound TVM is not a target either. */
	uint64_t pend;
	CHECK_OK(teeio_plat_vmm_page_alloc(&f->t.vmm, 1, &pend));
	CHECK_OK(teeio_plat_tsm_map_private(&f->t.tsm, f->tvm, 0x50000, pend, 1, false));
	w = t1(0x50000, true);
	CHECK_EQ(teeio_plat_dma(&f->t.p, &w, data, 16), TEEIO_PLAT_FAULT_UNVALIDATED);
	teardown(f);
}

TEST(unbind_and_destroy_cut_dma)
{
	struct io_fix *f = setup(true);
	uint8_t data[16] = {5};
	struct teeio_plat_dma w = t1(DMA_GPA, true);
	CHECK_EQ(teeio_plat_dma(&f->t.p, &w, data, 16), TEEIO_PLAT_OK);
	CHECK_OK(teeio_plat_tsm_unbind(&f->t.tsm, RID));
	CHECK_ERR(teeio_plat_tsm_unbind(&f->t.tsm, RID), TEEIO_ERR_USAGE_NOT_FOUND);
	CHECK_EQ(teeio_plat_dma(&f->t.p, &w, data, 16), TEEIO_PLAT_FAULT_NOT_BOUND);
	/* Unbind, then the TSM reclaims the pages: they come back zeroed. */
	CHECK_OK(teeio_plat_tsm_unmap(&f->t.tsm, f->tvm, DMA_GPA));
	uint8_t back[4 * PG];
	CHECK_EQ(teeio_plat_vmm_read(&f->t.vmm, f->priv_hpa, back, sizeof(back)), TEEIO_PLAT_OK);
	CHECK(teeio_ct_is_zero(back, sizeof(back)));
	/* Rebind, then destroy the TVM: the binding goes with it. */
	CHECK_OK(teeio_plat_tsm_bind(&f->t.tsm, &f->b));
	CHECK_OK(teeio_plat_tsm_tvm_destroy(&f->t.tsm, f->tvm));
	CHECK_ERR(teeio_plat_tsm_dma_enable(&f->t.tsm, RID), TEEIO_ERR_USAGE_NOT_FOUND);
	teardown(f);
}

TEST(bind_validates_the_entry)
{
	struct io_fix *f = setup(false);
	struct teeio_plat_binding b = f->b;
	CHECK_ERR(teeio_plat_tsm_bind(&f->t.tsm, &b), TEEIO_ERR_STATE); /* bound already */
	CHECK_OK(teeio_plat_tsm_unbind(&f->t.tsm, RID));
	b.rid = OTHER_RID; /* no such device */
	CHECK_ERR(teeio_plat_tsm_bind(&f->t.tsm, &b), TEEIO_ERR_USAGE);
	b = f->b;
	b.tvm = 3;
	CHECK_ERR(teeio_plat_tsm_bind(&f->t.tsm, &b), TEEIO_ERR_USAGE);
	b = f->b;
	b.dma_limit = b.dma_base - 1;
	CHECK_ERR(teeio_plat_tsm_bind(&f->t.tsm, &b), TEEIO_ERR_USAGE);
	b = f->b;
	b.mmio[0].base = 0x90000000ull; /* not this device's MMIO */
	CHECK_ERR(teeio_plat_tsm_bind(&f->t.tsm, &b), TEEIO_ERR_USAGE);
	b = f->b;
	b.mmio[0].size = 100;
	CHECK_ERR(teeio_plat_tsm_bind(&f->t.tsm, &b), TEEIO_ERR_USAGE);
	b = f->b;
	b.n_mmio = TEEIO_PLAT_MAX_TDI_MMIO + 1;
	CHECK_ERR(teeio_plat_tsm_bind(&f->t.tsm, &b), TEEIO_ERR_USAGE);
	CHECK_OK(teeio_plat_tsm_bind(&f->t.tsm, &f->b));
	teardown(f);
}

TEST(vmm_device_table_edits)
{
	struct io_fix *f = setup(true);
	uint8_t data[8] = {1};
	CHECK_ERR(teeio_plat_vmm_iommu_map(&f->t.vmm, f->d, 0x1000, f->host_hpa, 1, true),
		  TEEIO_ERR_USAGE); /* overlaps IOVA 0..0x1fff */
	CHECK_ERR(teeio_plat_vmm_iommu_map(&f->t.vmm, f->d, 0x8000, BAR, 1, true),
		  TEEIO_ERR_USAGE); /* not RAM */
	CHECK_ERR(teeio_plat_vmm_iommu_map(&f->t.vmm, 3, 0x8000, f->host_hpa, 1, true),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	CHECK_OK(teeio_plat_vmm_iommu_map(&f->t.vmm, f->d, 0x8000, f->host_hpa, 1, false));
	struct teeio_plat_dma w = t0(0x8000, true);
	CHECK_EQ(teeio_plat_dma(&f->t.p, &w, data, 8), TEEIO_PLAT_FAULT_READ_ONLY);
	w.write = false;
	CHECK_EQ(teeio_plat_dma(&f->t.p, &w, data, 8), TEEIO_PLAT_OK);
	CHECK_OK(teeio_plat_vmm_iommu_unmap(&f->t.vmm, f->d, 0));
	w = t0(0, false);
	CHECK_EQ(teeio_plat_dma(&f->t.p, &w, data, 8), TEEIO_PLAT_FAULT_NOT_MAPPED);
	w.rid = OTHER_RID; /* no device, no table */
	CHECK_EQ(teeio_plat_dma(&f->t.p, &w, data, 8), TEEIO_PLAT_FAULT_NOT_MAPPED);
	teardown(f);
}

TEST(dma_over_the_link)
{
	struct io_fix *f = setup(true);
	uint8_t data[128], back[128];
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(0x80 + i);
	/* T=1 on the IDE stream: into private memory, and back. */
	CHECK_OK(plat_fake_dma_write(&f->dev, RID, true, DMA_GPA + 0x40, data, sizeof(data)));
	CHECK_MEM(host(f, f->priv_hpa + 0x40), data, sizeof(data));
	CHECK_OK(plat_fake_dma_read(&f->dev, RID, true, DMA_GPA + 0x40, back, sizeof(back)));
	CHECK_MEM(back, data, sizeof(data));
	/* T=0 on the same stream: only the VMM's IOVA space. */
	CHECK_ERR(plat_fake_dma_read(&f->dev, RID, false, DMA_GPA + 0x40, back, sizeof(back)),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_OK(plat_fake_dma_write(&f->dev, RID, false, 0x100, data, sizeof(data)));
	CHECK_MEM(host(f, f->host_hpa + 0x100), data, sizeof(data));
	/* A spoofed requester ID is refused at the root port. */
	CHECK_ERR(plat_fake_dma_read(&f->dev, OTHER_RID, false, 0x100, back, sizeof(back)),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(teeio_plat_faults(&f->t.p)->last, TEEIO_PLAT_FAULT_SPOOFED_RID);
	teardown(f);
}

TEST(clear_link_carries_no_t1)
{
	/* A second function on a link without IDE: it cannot send T=1 at
	 * all, and whatever crosses its link in the clear is T=0. */
	struct io_fix *f = setup(true);
	struct plat_fake_dev *clear = calloc(1, sizeof(*clear));
	CHECK_OK(plat_fake_init(clear, 0x0300, 0xa0000000ull, false));
	struct teeio_plat_dev_cfg dc = plat_fake_dev_cfg(clear);
	unsigned d2;
	CHECK_OK(teeio_plat_vmm_attach(&f->t.vmm, &dc, &d2));
	uint8_t data[16] = {1};
	CHECK_ERR(plat_fake_dma_write(clear, 0x0300, true, DMA_GPA, data, 16), TEEIO_ERR_STATE);
	/* An interposer injects a forged clear write aimed at private memory. */
	struct teeio_tlp forged = {0};
	forged.type = TEEIO_TLP_MWR;
	forged.addr = DMA_GPA;
	forged.requester_id = RID; /* the bound function's RID, from another link */
	forged.length_dw = 4;
	forged.first_be = 0xf;
	forged.last_be = 0xf;
	forged.payload = data;
	forged.payload_len = 16;
	uint8_t wire[TEEIO_TLP_WIRE_MAX];
	size_t len = 0;
	CHECK_OK(teeio_tlp_encode(&forged, wire, sizeof(wire), &len));
	CHECK_OK(teeio_link_inject(&clear->link, TEEIO_LINK_UP, wire, len));
	forged.requester_id = 0x0300;
	CHECK_OK(teeio_tlp_encode(&forged, wire, sizeof(wire), &len));
	CHECK_OK(teeio_link_inject(&clear->link, TEEIO_LINK_UP, wire, len));
	teeio_link_pump(&clear->link, NULL);
	CHECK(teeio_ct_is_zero(host(f, f->priv_hpa), 16));
	CHECK_EQ(teeio_plat_faults(&f->t.p)->count[TEEIO_PLAT_FAULT_SPOOFED_RID], 1);
	CHECK_EQ(teeio_plat_faults(&f->t.p)->last, TEEIO_PLAT_FAULT_NOT_MAPPED);
	plat_fake_fini(clear);
	free(clear);
	teardown(f);
}

/* Send one memory request up the fake's link and pump it. */
static void send_raw(struct io_fix *f, const struct teeio_tlp *t)
{
	CHECK_OK(teeio_link_send(&f->dev.link, TEEIO_LINK_EP, t));
	CHECK_OK(teeio_link_flush(&f->dev.link, TEEIO_LINK_EP));
	teeio_link_pump(&f->dev.link, NULL);
}

TEST(dma_byte_enables)
{
	struct io_fix *f = setup(true);
	uint8_t pay[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	struct teeio_tlp t = {0};
	t.type = TEEIO_TLP_MWR;
	t.requester_id = RID;
	t.addr = 0x20;
	t.length_dw = 1;
	t.first_be = 0xe; /* bytes 1..3 */
	t.payload = pay;
	t.payload_len = 4;
	send_raw(f, &t);
	uint8_t *h = host(f, f->host_hpa);
	CHECK_EQ(h[0x20], 0);
	CHECK_MEM(h + 0x21, pay + 1, 3);
	/* Two DWORDs: the last two bytes of the first, the first two of the next. */
	t.addr = 0x40;
	t.length_dw = 2;
	t.first_be = 0xc;
	t.last_be = 0x3;
	t.payload_len = 8;
	send_raw(f, &t);
	CHECK_EQ(h[0x41], 0);
	CHECK_MEM(h + 0x42, pay + 2, 4);
	CHECK_EQ(h[0x46], 0);
	/* Holes in the enables: not a run the model carries; dropped. */
	t.addr = 0x60;
	t.length_dw = 1;
	t.first_be = 0x5;
	t.last_be = 0;
	t.payload_len = 4;
	send_raw(f, &t);
	CHECK(teeio_ct_is_zero(h + 0x60, 4));
	CHECK_EQ(teeio_plat_faults(&f->t.p)->last, TEEIO_PLAT_FAULT_BAD_ADDRESS);
	/* Read back what landed. */
	uint8_t back[8];
	CHECK_OK(plat_fake_dma_read(&f->dev, RID, false, 0x40, back, 8));
	CHECK_MEM(back + 2, pay + 2, 4);
	teardown(f);
}

int main(void)
{
	RUN(t1_dma_lands_in_private_page);
	RUN(t0_dma_to_private_page_faults);
	RUN(other_requester_or_stream_faults);
	RUN(t1_dma_needs_start_and_window);
	RUN(t1_dma_only_into_the_bound_tvm);
	RUN(unbind_and_destroy_cut_dma);
	RUN(bind_validates_the_entry);
	RUN(vmm_device_table_edits);
	RUN(dma_over_the_link);
	RUN(clear_link_carries_no_t1);
	RUN(dma_byte_enables);
	return test_summary();
}
