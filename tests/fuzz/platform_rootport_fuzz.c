/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the root port's receive side: whatever bytes arrive from a device's
 * link (requests, completions, garbage) while a guest MMIO read may be
 * waiting.  The input is records: a little-endian u16 length and that many
 * wire bytes, injected upstream; a record of length 0 is a guest MMIO read
 * of the device's BAR through a shared mapping (so injected completions
 * race the real one).
 *
 * The link carries no IDE, so nothing may reach private memory: the TVM's
 * private page stays zero, and only the one host page the VMM mapped for
 * the device may change.  Violations abort().
 */
#include <stdlib.h>
#include <string.h>

#include "support/platform.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PG TEEIO_PLAT_PAGE_SIZE
#define RID 0x0100
#define BAR 0x80000000ull
#define PRIV_GPA 0x10000ull
#define MMIO_GPA 0x200000ull

struct rig {
	struct plat_test t;
	struct plat_fake_dev dev;
	unsigned d, tvm;
	uint64_t priv_hpa, host_hpa;
};

static bool setup(struct rig *r)
{
	struct teeio_plat_dev_cfg dc;
	struct teeio_plat_binding b = {.rid = RID,
				       .stream_id = PLAT_TEST_STREAM,
				       .dma_base = PRIV_GPA,
				       .dma_limit = PRIV_GPA + PG - 1};
	if (plat_test_init(&r->t, TEEIO_PLAT_FLAVOUR_TDX) != TEEIO_OK ||
	    plat_fake_init(&r->dev, RID, BAR, false) != TEEIO_OK)
		return false;
	dc = plat_fake_dev_cfg(&r->dev);
	if (teeio_plat_vmm_attach(&r->t.vmm, &dc, &r->d) != TEEIO_OK ||
	    teeio_plat_tsm_tvm_create(&r->t.tsm, &r->tvm) != TEEIO_OK ||
	    teeio_plat_vmm_page_alloc(&r->t.vmm, 1, &r->priv_hpa) != TEEIO_OK ||
	    teeio_plat_vmm_page_alloc(&r->t.vmm, 1, &r->host_hpa) != TEEIO_OK ||
	    teeio_plat_tsm_map_private(&r->t.tsm, r->tvm, PRIV_GPA, r->priv_hpa, 1, true) !=
		TEEIO_OK ||
	    teeio_plat_vmm_iommu_map(&r->t.vmm, r->d, 0, r->host_hpa, 1, true) != TEEIO_OK ||
	    teeio_plat_vmm_map_shared(&r->t.vmm, r->tvm, MMIO_GPA, BAR, 1, true) != TEEIO_OK)
		return false;
	/* Bound and live: a T=1 write would land, if one could be forged. */
	b.tvm = (uint8_t)r->tvm;
	return teeio_plat_tsm_bind(&r->t.tsm, &b) == TEEIO_OK &&
	       teeio_plat_tsm_dma_enable(&r->t.tsm, RID) == TEEIO_OK;
}

/* Keep the fuzzer's comparison tracing out of the arena scan. */
#if defined(__clang__)
#define NO_COVERAGE __attribute__((no_sanitize("coverage"), noinline))
#else
#define NO_COVERAGE
#endif

NO_COVERAGE static bool all_zero(const uint8_t *p, size_t n)
{
	uint64_t acc = 0;
	for (size_t i = 0; i < n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		acc |= w;
	}
	return acc == 0;
}

static void check(const struct rig *r)
{
	for (size_t i = 0; i < PLAT_TEST_PAGES; i++) {
		uint64_t hpa = r->t.p.cfg.hpa_base + (uint64_t)i * PG;
		if (hpa != r->host_hpa && !all_zero(r->t.arena + i * PG, PG))
			abort();
	}
	if (r->t.p.faults.count[TEEIO_PLAT_FAULT_WRONG_TVM] != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rig *r = calloc(1, sizeof(*r));
	if (!r)
		return 0;
	if (!setup(r))
		abort();
	struct teeio_plat_guest_view g = teeio_plat_guest(&r->t.p, r->tvm);
	uint64_t mmio = teeio_plat_gpa(&r->t.p, MMIO_GPA, true);
	struct teeio_buf in = teeio_buf_reader(data, size);
	uint16_t len;
	while (teeio_buf_get_u16le(&in, &len) == TEEIO_OK) {
		const uint8_t *wire;
		if (len == 0) {
			uint8_t x[8];
			enum teeio_plat_fault f = teeio_plat_guest_read(&g, mmio + 8, x, sizeof(x));
			(void)f; /* forged or lost completions may fail it: fine */
		} else if (teeio_buf_get_ref(&in, &wire, len) == TEEIO_OK) {
			teeio_err rc = teeio_link_inject(&r->dev.link, TEEIO_LINK_UP, wire, len);
			(void)rc; /* queue full or too long: dropped */
		} else {
			break;
		}
		if (r->dev.link.q[TEEIO_LINK_UP].count >= TEEIO_LINK_DEPTH / 2)
			teeio_link_pump(&r->dev.link, NULL);
	}
	teeio_link_pump(&r->dev.link, NULL);
	check(r);
	plat_fake_fini(&r->dev);
	free(r);
	return 0;
}
