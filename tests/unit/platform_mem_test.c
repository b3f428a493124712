/* SPDX-License-Identifier: BSD-3-Clause */
/* Platform memory: configuration, the arena and its page records, the
 * VMM's allocator and checked accesses, private conversion and scrub. */
#include <stdlib.h>

#include "support/platform.h"
#include "test.h"

#define PG TEEIO_PLAT_PAGE_SIZE

static struct plat_test *fresh(enum teeio_plat_flavour f)
{
	struct plat_test *t = calloc(1, sizeof(*t));
	if (!t)
		abort();
	if (plat_test_init(t, f) != TEEIO_OK)
		abort();
	return t;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

TEST(init_rejects_bad_configs)
{
	static uint8_t arena[4 * PG];
	struct teeio_platform *p = calloc(1, sizeof(*p));
	struct teeio_plat_config good =
	    teeio_plat_config_default(TEEIO_PLAT_FLAVOUR_TDX, arena, sizeof(arena));
	struct teeio_plat_config c = good;
	CHECK_OK(teeio_plat_init(p, &c));
	c.arena_len = PG + 1; /* not whole pages */
	CHECK_ERR(teeio_plat_init(p, &c), TEEIO_ERR_USAGE);
	c = good;
	c.arena_len = 0;
	CHECK_ERR(teeio_plat_init(p, &c), TEEIO_ERR_USAGE);
	c = good;
	c.arena_len = (size_t)(TEEIO_PLAT_MAX_PAGES + 1) * PG;
	CHECK_ERR(teeio_plat_init(p, &c), TEEIO_ERR_USAGE);
	c = good;
	c.hpa_base = 0x1000000000ull + 8;
	CHECK_ERR(teeio_plat_init(p, &c), TEEIO_ERR_USAGE);
	c = good;
	c.shared_bit = 11; /* inside the page offset */
	CHECK_ERR(teeio_plat_init(p, &c), TEEIO_ERR_USAGE);
	c.shared_bit = 63;
	CHECK_ERR(teeio_plat_init(p, &c), TEEIO_ERR_USAGE);
	c = good;
	c.arena = NULL;
	CHECK_ERR(teeio_plat_init(p, &c), TEEIO_ERR_USAGE);
	free(p);
}

TEST(init_zeroes_arena)
{
	struct plat_test *t = calloc(1, sizeof(*t));
	memset(t->arena, 0xa5, sizeof(t->arena));
	CHECK_OK(plat_test_init(t, TEEIO_PLAT_FLAVOUR_TDX));
	CHECK(all_zero(t->arena, sizeof(t->arena)));
	free(t);
}

TEST(gpa_encoding_follows_flavour)
{
	struct plat_test *t = fresh(TEEIO_PLAT_FLAVOUR_TDX);
	/* TDX: bit 47 set means shared. */
	CHECK_EQ(teeio_plat_gpa(&t->p, 0x1000, true), (1ull << 47) | 0x1000);
	CHECK_EQ(teeio_plat_gpa(&t->p, 0x1000, false), 0x1000);
	CHECK(teeio_plat_gpa_is_shared(&t->p, (1ull << 47) | 0x1000));
	CHECK(!teeio_plat_gpa_is_shared(&t->p, 0x1000));
	CHECK(!teeio_plat_gpa_is_shared(&t->p, 1ull << 48)); /* beyond the width */
	free(t);
	t = fresh(TEEIO_PLAT_FLAVOUR_SEV);
	/* SEV: the C-bit (51) set means private; clear means shared. */
	CHECK_EQ(teeio_plat_gpa(&t->p, 0x1000, false), (1ull << 51) | 0x1000);
	CHECK_EQ(teeio_plat_gpa(&t->p, 0x1000, true), 0x1000);
	CHECK(teeio_plat_gpa_is_shared(&t->p, 0x1000));
	CHECK(!teeio_plat_gpa_is_shared(&t->p, (1ull << 51) | 0x1000));
	free(t);
}

TEST(page_alloc_and_free)
{
	struct plat_test *t = fresh(TEEIO_PLAT_FLAVOUR_TDX);
	uint64_t a, b;
	struct teeio_plat_page info;
	CHECK_OK(teeio_plat_vmm_page_alloc(&t->vmm, 3, &a));
	CHECK_OK(teeio_plat_vmm_page_alloc(&t->vmm, 2, &b));
	CHECK(b >= a + 3 * PG);
	CHECK_OK(teeio_plat_page_info(&t->p, a + 2 * PG, &info));
	CHECK_EQ(info.state, TEEIO_PLAT_PAGE_HOST);
	CHECK_ERR(teeio_plat_vmm_page_alloc(&t->vmm, PLAT_TEST_PAGES, &a), TEEIO_ERR_SIZE_LIMIT);
	CHECK_ERR(teeio_plat_vmm_page_alloc(&t->vmm, 0, &a), TEEIO_ERR_USAGE);
	CHECK_OK(teeio_plat_vmm_page_free(&t->vmm, a, 3));
	CHECK_OK(teeio_plat_page_info(&t->p, a, &info));
	CHECK_EQ(info.state, TEEIO_PLAT_PAGE_FREE);
	CHECK_ERR(teeio_plat_vmm_page_free(&t->vmm, a, 1), TEEIO_ERR_STATE); /* twice */
	CHECK_ERR(teeio_plat_vmm_page_free(&t->vmm, a + 1, 1), TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_plat_page_info(&t->p, t->p.cfg.hpa_base - PG, &info),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	CHECK_ERR(teeio_plat_page_info(&t->p, t->p.cfg.hpa_base + PLAT_TEST_PAGES * PG, &info),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	free(t);
}

TEST(vmm_cannot_touch_private_pages)
{
	struct plat_test *t = fresh(TEEIO_PLAT_FLAVOUR_TDX);
	unsigned tvm;
	uint64_t hpa;
	uint8_t buf[16] = {1, 2, 3};
	CHECK_OK(teeio_plat_tsm_tvm_create(&t->tsm, &tvm));
	CHECK_OK(teeio_plat_vmm_page_alloc(&t->vmm, 2, &hpa));
	CHECK_EQ(teeio_plat_vmm_write(&t->vmm, hpa + PG, buf, sizeof(buf)), TEEIO_PLAT_OK);
	CHECK_OK(teeio_plat_tsm_map_private(&t->tsm, tvm, 0x10000, hpa + PG, 1, true));
	CHECK_EQ(teeio_plat_vmm_read(&t->vmm, hpa + PG, buf, 4),
		 TEEIO_PLAT_FAULT_PRIVATE_FROM_SHARED);
	CHECK_EQ(teeio_plat_vmm_write(&t->vmm, hpa + PG, buf, 4),
		 TEEIO_PLAT_FAULT_PRIVATE_FROM_SHARED);
	/* A span that merely touches the private page is refused whole. */
	CHECK_EQ(teeio_plat_vmm_write(&t->vmm, hpa + PG - 2, buf, 4),
		 TEEIO_PLAT_FAULT_PRIVATE_FROM_SHARED);
	CHECK_EQ(t->arena[hpa - t->p.cfg.hpa_base + PG - 2], 0);
	CHECK_EQ(teeio_plat_vmm_read(&t->vmm, hpa, buf, 4), TEEIO_PLAT_OK);
	CHECK_EQ(teeio_plat_vmm_read(&t->vmm, t->p.cfg.hpa_base - 4, buf, 4),
		 TEEIO_PLAT_FAULT_BAD_ADDRESS);
	CHECK_EQ(teeio_plat_faults(&t->p)->count[TEEIO_PLAT_FAULT_PRIVATE_FROM_SHARED], 3);
	free(t);
}

TEST(private_conversion_zeroes_what_the_vmm_left)
{
	struct plat_test *t = fresh(TEEIO_PLAT_FLAVOUR_TDX);
	unsigned tvm;
	uint64_t hpa;
	uint8_t planted[PG], back[PG];
	memset(planted, 0x5a, sizeof(planted));
	CHECK_OK(teeio_plat_tsm_tvm_create(&t->tsm, &tvm));
	CHECK_OK(teeio_plat_vmm_page_alloc(&t->vmm, 1, &hpa));
	CHECK_EQ(teeio_plat_vmm_write(&t->vmm, hpa, planted, PG), TEEIO_PLAT_OK);
	CHECK_OK(teeio_plat_tsm_map_private(&t->tsm, tvm, 0x20000, hpa, 1, true));
	struct teeio_plat_guest_view g = teeio_plat_guest(&t->p, tvm);
	CHECK_EQ(teeio_plat_guest_read(&g, 0x20000, back, PG), TEEIO_PLAT_OK);
	CHECK(all_zero(back, PG));
	struct teeio_plat_page info;
	CHECK_OK(teeio_plat_page_info(&t->p, hpa, &info));
	CHECK_EQ(info.state, TEEIO_PLAT_PAGE_PRIVATE);
	CHECK_EQ(info.tvm, tvm);
	CHECK_EQ(info.gpa, 0x20000);
	free(t);
}

TEST(unmap_scrubs_and_returns_pages)
{
	struct plat_test *t = fresh(TEEIO_PLAT_FLAVOUR_TDX);
	unsigned tvm;
	uint64_t hpa;
	uint8_t secret[2 * PG], back[2 * PG];
	memset(secret, 0xc3, sizeof(secret));
	CHECK_OK(teeio_plat_tsm_tvm_create(&t->tsm, &tvm));
	CHECK_OK(teeio_plat_vmm_page_alloc(&t->vmm, 2, &hpa));
	CHECK_OK(teeio_plat_tsm_map_private(&t->tsm, tvm, 0x40000, hpa, 2, true));
	struct teeio_plat_guest_view g = teeio_plat_guest(&t->p, tvm);
	CHECK_EQ(teeio_plat_guest_write(&g, 0x40000, secret, sizeof(secret)), TEEIO_PLAT_OK);
	CHECK_ERR(teeio_plat_tsm_unmap(&t->tsm, tvm, 0x41000), TEEIO_ERR_USAGE_NOT_FOUND);
	CHECK_OK(teeio_plat_tsm_unmap(&t->tsm, tvm, 0x40000));
	CHECK_EQ(teeio_plat_vmm_read(&t->vmm, hpa, back, sizeof(back)), TEEIO_PLAT_OK);
	CHECK(all_zero(back, sizeof(back)));
	CHECK_EQ(teeio_plat_guest_read(&g, 0x40000, back, 4), TEEIO_PLAT_FAULT_NOT_MAPPED);
	free(t);
}

TEST(tvm_destroy_scrubs_everything)
{
	struct plat_test *t = fresh(TEEIO_PLAT_FLAVOUR_TDX);
	unsigned a, b;
	uint64_t ha, hb;
	uint8_t secret[PG], back[PG];
	memset(secret, 0x77, sizeof(secret));
	CHECK_OK(teeio_plat_tsm_tvm_create(&t->tsm, &a));
	CHECK_OK(teeio_plat_tsm_tvm_create(&t->tsm, &b));
	CHECK(a != b);
	CHECK_OK(teeio_plat_vmm_page_alloc(&t->vmm, 1, &ha));
	CHECK_OK(teeio_plat_vmm_page_alloc(&t->vmm, 1, &hb));
	CHECK_OK(teeio_plat_tsm_map_private(&t->tsm, a, 0x1000, ha, 1, true));
	CHECK_OK(teeio_plat_tsm_map_private(&t->tsm, b, 0x1000, hb, 1, true));
	struct teeio_plat_guest_view ga = teeio_plat_guest(&t->p, a);
	struct teeio_plat_guest_view gb = teeio_plat_guest(&t->p, b);
	CHECK_EQ(teeio_plat_guest_write(&ga, 0x1000, secret, PG), TEEIO_PLAT_OK);
	CHECK_EQ(teeio_plat_guest_write(&gb, 0x1000, secret, PG), TEEIO_PLAT_OK);
	CHECK_OK(teeio_plat_tsm_tvm_destroy(&t->tsm, a));
	CHECK_ERR(teeio_plat_tsm_tvm_destroy(&t->tsm, a), TEEIO_ERR_USAGE_NOT_FOUND);
	CHECK_EQ(teeio_plat_vmm_read(&t->vmm, ha, back, PG), TEEIO_PLAT_OK);
	CHECK(all_zero(back, PG));
	/* The other TVM is untouched. */
	CHECK_EQ(teeio_plat_vmm_read(&t->vmm, hb, back, PG), TEEIO_PLAT_FAULT_PRIVATE_FROM_SHARED);
	CHECK_EQ(teeio_plat_guest_read(&gb, 0x1000, back, PG), TEEIO_PLAT_OK);
	CHECK_MEM(back, secret, PG);
	CHECK_EQ(teeio_plat_guest_read(&ga, 0x1000, back, 4), TEEIO_PLAT_FAULT_WRONG_TVM);
	free(t);
}

TEST(tvm_ids_are_bounded)
{
	struct plat_test *t = fresh(TEEIO_PLAT_FLAVOUR_TDX);
	unsigned id;
	for (int i = 0; i < TEEIO_PLAT_MAX_TVMS; i++) {
		CHECK_OK(teeio_plat_tsm_tvm_create(&t->tsm, &id));
		CHECK(id >= 1 && id <= TEEIO_PLAT_MAX_TVMS);
	}
	CHECK_ERR(teeio_plat_tsm_tvm_create(&t->tsm, &id), TEEIO_ERR_SIZE_LIMIT);
	CHECK_OK(teeio_plat_tsm_tvm_destroy(&t->tsm, 2));
	CHECK_OK(teeio_plat_tsm_tvm_create(&t->tsm, &id));
	CHECK_EQ(id, 2);
	CHECK_ERR(teeio_plat_tsm_tvm_destroy(&t->tsm, 0), TEEIO_ERR_USAGE_NOT_FOUND);
	free(t);
}

TEST(map_private_rejects_bad_requests)
{
	struct plat_test *t = fresh(TEEIO_PLAT_FLAVOUR_TDX);
	unsigned a, b;
	uint64_t hpa;
	CHECK_OK(teeio_plat_tsm_tvm_create(&t->tsm, &a));
	CHECK_OK(teeio_plat_tsm_tvm_create(&t->tsm, &b));
	CHECK_OK(teeio_plat_vmm_page_alloc(&t->vmm, 4, &hpa));
	CHECK_OK(teeio_plat_tsm_map_private(&t->tsm, a, 0x10000, hpa, 2, true));
	/* A page private to A cannot be given to B, nor to A twice. */
	CHECK_ERR(teeio_plat_tsm_map_private(&t->tsm, b, 0x10000, hpa + PG, 1, true),
		  TEEIO_ERR_STATE);
	CHECK_ERR(teeio_plat_tsm_map_private(&t->tsm, a, 0x80000, hpa, 1, true), TEEIO_ERR_STATE);
	/* The failed attempt left B's table empty. */
	struct teeio_plat_guest_view gb = teeio_plat_guest(&t->p, b);
	uint8_t x[4];
	CHECK_EQ(teeio_plat_guest_read(&gb, 0x10000, x, 4), TEEIO_PLAT_FAULT_NOT_MAPPED);
	/* Overlapping GPA. */
	CHECK_ERR(teeio_plat_tsm_map_private(&t->tsm, a, 0x11000, hpa + 2 * PG, 1, true),
		  TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_plat_tsm_map_private(&t->tsm, a, 0x20001, hpa + 2 * PG, 1, true),
		  TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_plat_tsm_map_private(&t->tsm, a, 0x20000, hpa + 2 * PG, 0, true),
		  TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_plat_tsm_map_private(&t->tsm, a, 0x20000, hpa + 2 * PG,
					     TEEIO_PLAT_SECURE_RUN + 1, true),
		  TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_plat_tsm_map_private(&t->tsm, a, 1ull << 47, hpa + 2 * PG, 1, true),
		  TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_plat_tsm_map_private(&t->tsm, a, 0x20000, t->p.cfg.hpa_base - PG, 1, true),
		  TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_plat_tsm_map_private(&t->tsm, 4, 0x20000, hpa + 2 * PG, 1, true),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	free(t);
}

int main(void)
{
	RUN(init_rejects_bad_configs);
	RUN(init_zeroes_arena);
	RUN(gpa_encoding_follows_flavour);
	RUN(page_alloc_and_free);
	RUN(vmm_cannot_touch_private_pages);
	RUN(private_conversion_zeroes_what_the_vmm_left);
	RUN(unmap_scrubs_and_returns_pages);
	RUN(tvm_destroy_scrubs_everything);
	RUN(tvm_ids_are_bounded);
	RUN(map_private_rejects_bad_requests);
	return test_summary();
}
