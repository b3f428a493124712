/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host memory: the caller's arena cut into 4 KiB pages, one record per page
 * saying who owns it (free, the VMM, or one TVM at one GPA -- the same
 * record SEV's RMP keeps and TDX's PAMT keeps), the VMM's page allocator
 * and its own (checked) accesses, and the private/host conversions with
 * their scrub.
 *
 * A page changes owner only here, and it is zeroed on both edges: when it
 * becomes private (whatever the VMM left in it is gone) and when it goes
 * back to the host (whatever the TVM or its device left in it is gone).
 */
#include <string.h>

#include "plat_internal.h"

bool arena_holds(const struct teeio_platform *p, uint64_t hpa, uint64_t len)
{
	uint64_t size = (uint64_t)p->npages << TEEIO_PLAT_PAGE_SHIFT;
	if (hpa < p->cfg.hpa_base)
		return false;
	uint64_t off = hpa - p->cfg.hpa_base;
	if (len == 0)
		len = 1;
	return off < size && len <= size - off;
}

static size_t page_index(const struct teeio_platform *p, uint64_t hpa)
{
	return (size_t)((hpa - p->cfg.hpa_base) >> TEEIO_PLAT_PAGE_SHIFT);
}

struct teeio_plat_page *page_of(struct teeio_platform *p, uint64_t hpa)
{
	return &p->page[page_index(p, hpa)];
}

const struct teeio_plat_page *page_of_c(const struct teeio_platform *p, uint64_t hpa)
{
	return &p->page[page_index(p, hpa)];
}

uint8_t *arena_ptr(const struct teeio_platform *p, uint64_t hpa)
{
	return p->cfg.arena + (hpa - p->cfg.hpa_base);
}

teeio_err mem_make_private(struct teeio_platform *p, uint64_t hpa, uint32_t n, unsigned tvm,
			   uint64_t gpa)
{
	uint64_t bytes = (uint64_t)n << TEEIO_PLAT_PAGE_SHIFT;
	ENSURE(page_aligned(hpa) && n > 0 && arena_holds(p, hpa, bytes), TEEIO_ERR_USAGE);
	for (uint32_t i = 0; i < n; i++)
		ENSURE(page_of(p, hpa + ((uint64_t)i << TEEIO_PLAT_PAGE_SHIFT))->state !=
			   TEEIO_PLAT_PAGE_PRIVATE,
		       TEEIO_ERR_STATE);
	teeio_wipe(arena_ptr(p, hpa), (size_t)bytes);
	for (uint32_t i = 0; i < n; i++) {
		uint64_t off = (uint64_t)i << TEEIO_PLAT_PAGE_SHIFT;
		struct teeio_plat_page *pg = page_of(p, hpa + off);
		pg->state = TEEIO_PLAT_PAGE_PRIVATE;
		pg->tvm = (uint8_t)tvm;
		pg->gpa = gpa + off;
	}
	return TEEIO_OK;
}

void mem_release(struct teeio_platform *p, uint64_t hpa, uint32_t n)
{
	uint64_t bytes = (uint64_t)n << TEEIO_PLAT_PAGE_SHIFT;
	teeio_wipe(arena_ptr(p, hpa), (size_t)bytes);
	for (uint32_t i = 0; i < n; i++) {
		struct teeio_plat_page *pg =
		    page_of(p, hpa + ((uint64_t)i << TEEIO_PLAT_PAGE_SHIFT));
		pg->state = TEEIO_PLAT_PAGE_HOST;
		pg->tvm = 0;
		pg->gpa = 0;
	}
}

teeio_err teeio_plat_vmm_page_alloc(struct teeio_plat_vmm_view *vmm, uint32_t npages, uint64_t *hpa)
{
	ENSURE(vmm && vmm->p && hpa && npages > 0, TEEIO_ERR_USAGE);
	struct teeio_platform *p = vmm->p;
	size_t run = 0;
	for (size_t i = 0; i < p->npages; i++) {
		run = p->page[i].state == TEEIO_PLAT_PAGE_FREE ? run + 1 : 0;
		if (run < npages)
			continue;
		size_t first = i + 1 - run;
		for (size_t j = first; j <= i; j++)
			p->page[j].state = TEEIO_PLAT_PAGE_HOST;
		*hpa = p->cfg.hpa_base + ((uint64_t)first << TEEIO_PLAT_PAGE_SHIFT);
		return TEEIO_OK;
	}
	return TEEIO_ERR_SIZE_LIMIT;
}

teeio_err teeio_plat_vmm_page_free(struct teeio_plat_vmm_view *vmm, uint64_t hpa, uint32_t npages)
{
	ENSURE(vmm && vmm->p && npages > 0 && page_aligned(hpa), TEEIO_ERR_USAGE);
	struct teeio_platform *p = vmm->p;
	ENSURE(arena_holds(p, hpa, (uint64_t)npages << TEEIO_PLAT_PAGE_SHIFT), TEEIO_ERR_USAGE);
	for (uint32_t i = 0; i < npages; i++)
		ENSURE(page_of(p, hpa + ((uint64_t)i << TEEIO_PLAT_PAGE_SHIFT))->state ==
			   TEEIO_PLAT_PAGE_HOST,
		       TEEIO_ERR_STATE);
	for (uint32_t i = 0; i < npages; i++)
		page_of(p, hpa + ((uint64_t)i << TEEIO_PLAT_PAGE_SHIFT))->state =
		    TEEIO_PLAT_PAGE_FREE;
	return TEEIO_OK;
}

/* The VMM may touch any page that is not private; like SEV's RMP check on
 * host accesses, a private page anywhere in the range refuses the whole
 * access. */
static enum teeio_plat_fault host_span(const struct teeio_platform *p, uint64_t hpa, size_t len)
{
	if (len == 0 || !arena_holds(p, hpa, len))
		return TEEIO_PLAT_FAULT_BAD_ADDRESS;
	uint64_t first = hpa & ~PAGE_MASK, last = (hpa + len - 1) & ~PAGE_MASK;
	for (uint64_t a = first; a <= last; a += TEEIO_PLAT_PAGE_SIZE)
		if (page_of_c(p, a)->state == TEEIO_PLAT_PAGE_PRIVATE)
			return TEEIO_PLAT_FAULT_PRIVATE_FROM_SHARED;
	return TEEIO_PLAT_OK;
}

enum teeio_plat_fault teeio_plat_vmm_read(const struct teeio_plat_vmm_view *vmm, uint64_t hpa,
					  void *buf, size_t len)
{
	if (!vmm || !vmm->p || !buf)
		return TEEIO_PLAT_FAULT_BAD_ADDRESS;
	enum teeio_plat_fault f = host_span(vmm->p, hpa, len);
	if (f == TEEIO_PLAT_OK)
		memcpy(buf, arena_ptr(vmm->p, hpa), len);
	return fault_note(vmm->p, f, hpa, 0);
}

enum teeio_plat_fault teeio_plat_vmm_write(const struct teeio_plat_vmm_view *vmm, uint64_t hpa,
					   const void *buf, size_t len)
{
	if (!vmm || !vmm->p || !buf)
		return TEEIO_PLAT_FAULT_BAD_ADDRESS;
	enum teeio_plat_fault f = host_span(vmm->p, hpa, len);
	if (f == TEEIO_PLAT_OK)
		memcpy(arena_ptr(vmm->p, hpa), buf, len);
	return fault_note(vmm->p, f, hpa, 0);
}
