/* SPDX-License-Identifier: BSD-3-Clause */
/* CPU-side translation: shared and secure tables, pending pages, and
 * isolation whatever the VMM writes into the tables it owns. */
#include <stdlib.h>

#include "support/platform.h"
#include "test.h"

#define PG TEEIO_PLAT_PAGE_SIZE

/* One TVM with private RAM at GPA 0x10000 (2 pages) and shared RAM at
 * GPA 0x80000 (1 page). */
struct mmu_fix {
	struct plat_test t;
	unsigned tvm;
	uint64_t priv_hpa, shared_hpa;
	struct teeio_plat_guest_view g;
};

static struct mmu_fix *setup(enum teeio_plat_flavour fl)
{
	struct mmu_fix *f = calloc(1, sizeof(*f));
	if (!f || plat_test_init(&f->t, fl) != TEEIO_OK ||
	    teeio_plat_tsm_tvm_create(&f->t.tsm, &f->tvm) != TEEIO_OK ||
	    teeio_plat_vmm_page_alloc(&f->t.vmm, 2, &f->priv_hpa) != TEEIO_OK ||
	    teeio_plat_vmm_page_alloc(&f->t.vmm, 1, &f->shared_hpa) != TEEIO_OK ||
	    teeio_plat_tsm_map_private(&f->t.tsm, f->tvm, 0x10000, f->priv_hpa, 2, true) !=
		TEEIO_OK ||
	    teeio_plat_vmm_map_shared(&f->t.vmm, f->tvm, 0x80000, f->shared_hpa, 1, true) !=
		TEEIO_OK)
		abort();
	f->g = teeio_plat_guest(&f->t.p, f->tvm);
	return f;
}

static uint64_t priv(const struct mmu_fix *f, uint64_t gpa)
{
	return teeio_plat_gpa(&f->t.p, gpa, false);
}

static uint64_t shr(const struct mmu_fix *f, uint64_t gpa)
{
	return teeio_plat_gpa(&f->t.p, gpa, true);
}

TEST(translate_private_and_shared)
{
	struct mmu_fix *f = setup(TEEIO_PLAT_FLAVOUR_TDX);
	struct teeio_plat_xlate x;
	CHECK_EQ(teeio_plat_cpu_translate(&f->t.p, f->tvm, priv(f, 0x11234), true, &x),
		 TEEIO_PLAT_OK);
	CHECK_EQ(x.hpa, f->priv_hpa + 0x1234);
	CHECK(x.priv && !x.mmio);
	CHECK_EQ(teeio_plat_cpu_translate(&f->t.p, f->tvm, shr(f, 0x80010), false, &x),
		 TEEIO_PLAT_OK);
	CHECK_EQ(x.hpa, f->shared_hpa + 0x10);
	CHECK(!x.priv && !x.mmio);
	/* The same canonical GPA through the other table is another page. */
	CHECK_EQ(teeio_plat_cpu_translate(&f->t.p, f->tvm, shr(f, 0x10000), false, &x),
		 TEEIO_PLAT_FAULT_NOT_MAPPED);
	CHECK_EQ(teeio_plat_cpu_translate(&f->t.p, f->tvm, priv(f, 0x80000), false, &x),
		 TEEIO_PLAT_FAULT_NOT_MAPPED);
	/* Bits above the shared bit. */
	CHECK_EQ(teeio_plat_cpu_translate(&f->t.p, f->tvm, 1ull << 48 | 0x10000, false, &x),
		 TEEIO_PLAT_FAULT_BAD_ADDRESS);
	CHECK_EQ(teeio_plat_cpu_translate(&f->t.p, 3, priv(f, 0x10000), false, &x),
		 TEEIO_PLAT_FAULT_WRONG_TVM);
	free(f);
}

TEST(sev_flavour_inverts_the_bit)
{
	struct mmu_fix *f = setup(TEEIO_PLAT_FLAVOUR_SEV);
	struct teeio_plat_xlate x;
	/* C-bit set: private. */
	CHECK_EQ(teeio_plat_cpu_translate(&f->t.p, f->tvm, (1ull << 51) | 0x10000, false, &x),
		 TEEIO_PLAT_OK);
	CHECK(x.priv);
	CHECK_EQ(teeio_plat_cpu_translate(&f->t.p, f->tvm, 0x80000, false, &x), TEEIO_PLAT_OK);
	CHECK(!x.priv);
	CHECK_EQ(teeio_plat_cpu_translate(&f->t.p, f->tvm, 0x10000, false, &x),
		 TEEIO_PLAT_FAULT_NOT_MAPPED);
	free(f);
}

TEST(guest_round_trip_across_pages)
{
	struct mmu_fix *f = setup(TEEIO_PLAT_FLAVOUR_TDX);
	uint8_t data[PG + 64], back[PG + 64];
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 13 + 1);
	CHECK_EQ(teeio_plat_guest_write(&f->g, priv(f, 0x10fc0), data, sizeof(data)),
		 TEEIO_PLAT_OK);
	CHECK_EQ(teeio_plat_guest_read(&f->g, priv(f, 0x10fc0), back, sizeof(back)), TEEIO_PLAT_OK);
	CHECK_MEM(back, data, sizeof(data));
	CHECK_MEM(f->t.arena + (f->priv_hpa - f->t.p.cfg.hpa_base) + 0xfc0, data, sizeof(data));
	free(f);
}

TEST(faulting_access_moves_nothing)
{
	struct mmu_fix *f = setup(TEEIO_PLAT_FLAVOUR_TDX);
	uint8_t data[256];
	memset(data, 0xee, sizeof(data));
	/* Runs off the end of the private mapping into unmapped space. */
	CHECK_EQ(teeio_plat_guest_write(&f->g, priv(f, 0x11f80), data, sizeof(data)),
		 TEEIO_PLAT_FAULT_NOT_MAPPED);
	CHECK_EQ(f->t.arena[f->priv_hpa - f->t.p.cfg.hpa_base + 0x1f80], 0);
	CHECK_EQ(teeio_plat_faults(&f->t.p)->last, TEEIO_PLAT_FAULT_NOT_MAPPED);
	CHECK_EQ(teeio_plat_faults(&f->t.p)->last_addr, priv(f, 0x12000));
	CHECK_EQ(teeio_plat_guest_write(&f->g, priv(f, 0x10000), data, 0),
		 TEEIO_PLAT_FAULT_BAD_ADDRESS);
	free(f);
}

TEST(pending_private_page_needs_accept)
{
	struct mmu_fix *f = setup(TEEIO_PLAT_FLAVOUR_TDX);
	uint64_t hpa;
	uint8_t x[8] = {0};
	CHECK_OK(teeio_plat_vmm_page_alloc(&f->t.vmm, 2, &hpa));
	CHECK_OK(teeio_plat_tsm_map_private(&f->t.tsm, f->tvm, 0x30000, hpa, 2, false));
	CHECK_EQ(teeio_plat_guest_read(&f->g, priv(f, 0x30000), x, 8),
		 TEEIO_PLAT_FAULT_UNVALIDATED);
	CHECK_EQ(teeio_plat_guest_accept(&f->g, priv(f, 0x30000)), TEEIO_PLAT_OK);
	CHECK_EQ(teeio_plat_guest_read(&f->g, priv(f, 0x30000), x, 8), TEEIO_PLAT_OK);
	/* Page by page: the second one is still pending. */
	CHECK_EQ(teeio_plat_guest_write(&f->g, priv(f, 0x31000), x, 8),
		 TEEIO_PLAT_FAULT_UNVALIDATED);
	CHECK_EQ(teeio_plat_guest_accept(&f->g, shr(f, 0x31000)), TEEIO_PLAT_FAULT_NOT_MAPPED);
	CHECK_EQ(teeio_plat_guest_accept(&f->g, priv(f, 0x90000)), TEEIO_PLAT_FAULT_NOT_MAPPED);
	free(f);
}

TEST(shared_table_cannot_reach_private_pages)
{
	struct mmu_fix *f = setup(TEEIO_PLAT_FLAVOUR_TDX);
	uint8_t secret[16] = "private-data-16", x[16];
	CHECK_EQ(teeio_plat_guest_write(&f->g, priv(f, 0x10000), secret, 16), TEEIO_PLAT_OK);
	/* The VMM points a shared GPA at the TVM's own private page: the
	 * table accepts it (it is the VMM's table), the CPU refuses it. */
	CHECK_OK(teeio_plat_vmm_map_shared(&f->t.vmm, f->tvm, 0x90000, f->priv_hpa, 1, true));
	CHECK_EQ(teeio_plat_guest_read(&f->g, shr(f, 0x90000), x, 16),
		 TEEIO_PLAT_FAULT_PRIVATE_FROM_SHARED);
	CHECK_EQ(teeio_plat_guest_write(&f->g, shr(f, 0x90000), x, 16),
		 TEEIO_PLAT_FAULT_PRIVATE_FROM_SHARED);
	/* A shared mapping made first, then the page turns private: the
	 * stale entry faults too. */
	uint64_t hpa;
	CHECK_OK(teeio_plat_vmm_page_alloc(&f->t.vmm, 1, &hpa));
	CHECK_OK(teeio_plat_vmm_map_shared(&f->t.vmm, f->tvm, 0xa0000, hpa, 1, true));
	CHECK_EQ(teeio_plat_guest_write(&f->g, shr(f, 0xa0000), secret, 16), TEEIO_PLAT_OK);
	CHECK_OK(teeio_plat_tsm_map_private(&f->t.tsm, f->tvm, 0x50000, hpa, 1, true));
	CHECK_EQ(teeio_plat_guest_read(&f->g, shr(f, 0xa0000), x, 16),
		 TEEIO_PLAT_FAULT_PRIVATE_FROM_SHARED);
	CHECK_EQ(teeio_plat_guest_read(&f->g, priv(f, 0x50000), x, 16), TEEIO_PLAT_OK);
	CHECK(teeio_ct_is_zero(x, 16)); /* scrubbed on conversion */
	free(f);
}

TEST(two_tvms_cannot_reach_each_other)
{
	struct mmu_fix *f = setup(TEEIO_PLAT_FLAVOUR_TDX);
	unsigned other;
	uint64_t hpa;
	uint8_t secret[16] = "tvm-one-secret!", x[16];
	CHECK_OK(teeio_plat_tsm_tvm_create(&f->t.tsm, &other));
	CHECK_OK(teeio_plat_vmm_page_alloc(&f->t.vmm, 1, &hpa));
	CHECK_OK(teeio_plat_tsm_map_private(&f->t.tsm, other, 0x10000, hpa, 1, true));
	struct teeio_plat_guest_view g2 = teeio_plat_guest(&f->t.p, other);
	CHECK_EQ(teeio_plat_guest_write(&f->g, priv(f, 0x10000), secret, 16), TEEIO_PLAT_OK);
	/* Same GPA, different TVM: its own page, not the first TVM's. */
	CHECK_EQ(teeio_plat_guest_read(&g2, priv(f, 0x10000), x, 16), TEEIO_PLAT_OK);
	CHECK(teeio_ct_is_zero(x, 16));
	/* The VMM maps TVM 1's private page into TVM 2's shared space. */
	CHECK_OK(teeio_plat_vmm_map_shared(&f->t.vmm, other, 0x70000, f->priv_hpa, 1, true));
	CHECK_EQ(teeio_plat_guest_read(&g2, shr(f, 0x70000), x, 16),
		 TEEIO_PLAT_FAULT_PRIVATE_FROM_SHARED);
	/* The secure table of TVM 2 cannot be given TVM 1's page either. */
	CHECK_ERR(teeio_plat_tsm_map_private(&f->t.tsm, other, 0x20000, f->priv_hpa, 1, true),
		  TEEIO_ERR_STATE);
	/* Shared memory is shared: both may map the same host page. */
	CHECK_OK(teeio_plat_vmm_map_shared(&f->t.vmm, other, 0x80000, f->shared_hpa, 1, true));
	CHECK_EQ(teeio_plat_guest_write(&f->g, shr(f, 0x80000), secret, 16), TEEIO_PLAT_OK);
	CHECK_EQ(teeio_plat_guest_read(&g2, shr(f, 0x80000), x, 16), TEEIO_PLAT_OK);
	CHECK_MEM(x, secret, 16);
	free(f);
}

TEST(page_record_catches_a_moved_secure_entry)
{
	struct mmu_fix *f = setup(TEEIO_PLAT_FLAVOUR_TDX);
	struct teeio_plat_xlate x;
	/* Corrupt the secure table behind the platform's back (as a bug in a
	 * TSM might): the RMP-style page record still refuses. */
	struct teeio_plat_map *m = &f->t.p.tvm[f->tvm].secure.e[0];
	CHECK_EQ(m->gpa, 0x10000);
	m->gpa = 0x20000;
	CHECK_EQ(teeio_plat_cpu_translate(&f->t.p, f->tvm, priv(f, 0x20000), false, &x),
		 TEEIO_PLAT_FAULT_WRONG_TVM);
	m->gpa = 0x10000;
	m->hpa = f->shared_hpa;
	CHECK_EQ(teeio_plat_cpu_translate(&f->t.p, f->tvm, priv(f, 0x10000), false, &x),
		 TEEIO_PLAT_FAULT_WRONG_TVM);
	/* Another TVM's private page at the very same GPA. */
	unsigned other;
	uint64_t hpa;
	CHECK_OK(teeio_plat_tsm_tvm_create(&f->t.tsm, &other));
	CHECK_OK(teeio_plat_vmm_page_alloc(&f->t.vmm, 1, &hpa));
	CHECK_OK(teeio_plat_tsm_map_private(&f->t.tsm, other, 0x10000, hpa, 1, true));
	m->hpa = hpa;
	CHECK_EQ(teeio_plat_cpu_translate(&f->t.p, f->tvm, priv(f, 0x10000), false, &x),
		 TEEIO_PLAT_FAULT_WRONG_TVM);
	m->hpa = f->priv_hpa;
	CHECK_EQ(teeio_plat_cpu_translate(&f->t.p, f->tvm, priv(f, 0x10000), false, &x),
		 TEEIO_PLAT_OK);
	free(f);
}

TEST(shared_table_edits)
{
	struct mmu_fix *f = setup(TEEIO_PLAT_FLAVOUR_TDX);
	uint8_t x[4] = {1, 2, 3, 4};
	uint64_t hpa;
	CHECK_OK(teeio_plat_vmm_page_alloc(&f->t.vmm, 1, &hpa));
	CHECK_OK(teeio_plat_vmm_map_shared(&f->t.vmm, f->tvm, 0xb0000, hpa, 1, false));
	CHECK_EQ(teeio_plat_guest_read(&f->g, shr(f, 0xb0000), x, 4), TEEIO_PLAT_OK);
	CHECK_EQ(teeio_plat_guest_write(&f->g, shr(f, 0xb0000), x, 4), TEEIO_PLAT_FAULT_READ_ONLY);
	CHECK_ERR(teeio_plat_vmm_map_shared(&f->t.vmm, f->tvm, 0xb0000, hpa, 1, true),
		  TEEIO_ERR_USAGE); /* overlap */
	CHECK_ERR(teeio_plat_vmm_map_shared(&f->t.vmm, f->tvm, 0xc0000, 0x1000, 1, true),
		  TEEIO_ERR_USAGE); /* neither RAM nor MMIO */
	CHECK_ERR(teeio_plat_vmm_map_shared(&f->t.vmm, f->tvm, 0xc0000, hpa + 1, 1, true),
		  TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_plat_vmm_map_shared(&f->t.vmm, 4, 0xc0000, hpa, 1, true),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	CHECK_OK(teeio_plat_vmm_unmap_shared(&f->t.vmm, f->tvm, 0xb0000));
	CHECK_ERR(teeio_plat_vmm_unmap_shared(&f->t.vmm, f->tvm, 0xb0000),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	CHECK_EQ(teeio_plat_guest_read(&f->g, shr(f, 0xb0000), x, 4), TEEIO_PLAT_FAULT_NOT_MAPPED);
	/* The table is bounded. */
	teeio_err rc = TEEIO_OK;
	for (int i = 0; i < TEEIO_PLAT_MAX_MAPS + 1 && rc == TEEIO_OK; i++)
		rc = teeio_plat_vmm_map_shared(&f->t.vmm, f->tvm, 0x1000000 + (uint64_t)i * PG, hpa,
					       1, true);
	CHECK_ERR(rc, TEEIO_ERR_SIZE_LIMIT);
	free(f);
}

int main(void)
{
	RUN(translate_private_and_shared);
	RUN(sev_flavour_inverts_the_bit);
	RUN(guest_round_trip_across_pages);
	RUN(faulting_access_moves_nothing);
	RUN(pending_private_page_needs_accept);
	RUN(shared_table_cannot_reach_private_pages);
	RUN(two_tvms_cannot_reach_each_other);
	RUN(page_record_catches_a_moved_secure_entry);
	RUN(shared_table_edits);
	return test_summary();
}
