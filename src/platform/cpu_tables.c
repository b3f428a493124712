/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Editing the CPU-side tables: TVM lifetime and private memory (the TSM's
 * secure table), shared mappings (the VMM's shared table), and private
 * MMIO mappings, which the VMM installs and moves but which the platform
 * always leaves PENDING until the guest validates them.
 */
#include <string.h>

#include "plat_internal.h"

static uint64_t bytes_of(uint32_t npages)
{
	return (uint64_t)npages << TEEIO_PLAT_PAGE_SHIFT;
}

/* A canonical GPA range that fits the GPA space. */
static bool gpa_range_ok(const struct teeio_platform *p, uint64_t gpa, uint32_t npages)
{
	uint64_t space = gpa_space(p);
	return page_aligned(gpa) && npages > 0 && gpa < space && bytes_of(npages) <= space - gpa;
}

teeio_err teeio_plat_tsm_tvm_create(struct teeio_plat_tsm_view *tsm, unsigned *tvm)
{
	ENSURE(tsm && tsm->p && tvm, TEEIO_ERR_USAGE);
	for (unsigned i = 1; i <= TEEIO_PLAT_MAX_TVMS; i++) {
		struct teeio_plat_tvm *t = &tsm->p->tvm[i];
		if (t->used)
			continue;
		memset(t, 0, sizeof(*t));
		t->used = true;
		*tvm = i;
		return TEEIO_OK;
	}
	return TEEIO_ERR_SIZE_LIMIT;
}

teeio_err teeio_plat_tsm_tvm_destroy(struct teeio_plat_tsm_view *tsm, unsigned tvm)
{
	ENSURE(tsm && tsm->p, TEEIO_ERR_USAGE);
	struct teeio_platform *p = tsm->p;
	struct teeio_plat_tvm *t = tvm_get(p, tvm);
	ENSURE(t, TEEIO_ERR_USAGE_NOT_FOUND);
	dte_drop_tvm(p, tvm);
	/* Every page the TVM owns, mapped or not, is scrubbed and handed back. */
	for (size_t i = 0; i < p->npages; i++)
		if (p->page[i].state == TEEIO_PLAT_PAGE_PRIVATE && p->page[i].tvm == tvm)
			mem_release(p, p->cfg.hpa_base + bytes_of((uint32_t)i), 1);
	memset(t, 0, sizeof(*t));
	return TEEIO_OK;
}

teeio_err teeio_plat_tsm_map_private(struct teeio_plat_tsm_view *tsm, unsigned tvm, uint64_t gpa,
				     uint64_t hpa, uint32_t npages, bool accepted)
{
	ENSURE(tsm && tsm->p, TEEIO_ERR_USAGE);
	struct teeio_platform *p = tsm->p;
	struct teeio_plat_tvm *t = tvm_get(p, tvm);
	ENSURE(t, TEEIO_ERR_USAGE_NOT_FOUND);
	ENSURE(gpa_range_ok(p, gpa, npages) && npages <= TEEIO_PLAT_SECURE_RUN, TEEIO_ERR_USAGE);
	ENSURE(page_aligned(hpa) && arena_holds(p, hpa, bytes_of(npages)), TEEIO_ERR_USAGE);
	struct teeio_plat_map m = {
	    .gpa = gpa, .hpa = hpa, .npages = npages, .flags = TEEIO_PLAT_MAP_WRITE};
	if (accepted)
		m.valid = npages == 64 ? UINT64_MAX : (1ull << npages) - 1;
	TRY(table_insert(&t->secure, &m));
	teeio_err rc = mem_make_private(p, hpa, npages, tvm, gpa);
	if (rc != TEEIO_OK)
		memset(table_at(&t->secure, gpa), 0, sizeof(m));
	return rc;
}

teeio_err teeio_plat_tsm_unmap(struct teeio_plat_tsm_view *tsm, unsigned tvm, uint64_t gpa)
{
	ENSURE(tsm && tsm->p, TEEIO_ERR_USAGE);
	struct teeio_plat_tvm *t = tvm_get(tsm->p, tvm);
	ENSURE(t, TEEIO_ERR_USAGE_NOT_FOUND);
	struct teeio_plat_map *m = table_at(&t->secure, gpa);
	ENSURE(m, TEEIO_ERR_USAGE_NOT_FOUND);
	if (!(m->flags & TEEIO_PLAT_MAP_MMIO))
		mem_release(tsm->p, m->hpa, m->npages);
	memset(m, 0, sizeof(*m));
	return TEEIO_OK;
}

teeio_err teeio_plat_vmm_map_shared(struct teeio_plat_vmm_view *vmm, unsigned tvm, uint64_t gpa,
				    uint64_t hpa, uint32_t npages, bool writable)
{
	ENSURE(vmm && vmm->p, TEEIO_ERR_USAGE);
	struct teeio_platform *p = vmm->p;
	struct teeio_plat_tvm *t = tvm_get(p, tvm);
	ENSURE(t, TEEIO_ERR_USAGE_NOT_FOUND);
	ENSURE(gpa_range_ok(p, gpa, npages) && page_aligned(hpa), TEEIO_ERR_USAGE);
	/* Any RAM or MMIO the VMM likes: private pages are refused on access. */
	ENSURE(arena_holds(p, hpa, bytes_of(npages)) || dev_by_hpa(p, hpa, bytes_of(npages)) >= 0,
	       TEEIO_ERR_USAGE);
	struct teeio_plat_map m = {
	    .gpa = gpa, .hpa = hpa, .npages = npages, .flags = writable ? TEEIO_PLAT_MAP_WRITE : 0};
	return table_insert(&t->shared, &m);
}

teeio_err teeio_plat_vmm_unmap_shared(struct teeio_plat_vmm_view *vmm, unsigned tvm, uint64_t gpa)
{
	ENSURE(vmm && vmm->p, TEEIO_ERR_USAGE);
	struct teeio_plat_tvm *t = tvm_get(vmm->p, tvm);
	ENSURE(t, TEEIO_ERR_USAGE_NOT_FOUND);
	return table_remove(&t->shared, gpa);
}

teeio_err secure_mmio_install(struct teeio_platform *p, unsigned tvm, uint64_t gpa, uint64_t hpa,
			      uint32_t npages)
{
	struct teeio_plat_tvm *t = tvm_get(p, tvm);
	ENSURE(t, TEEIO_ERR_USAGE_NOT_FOUND);
	ENSURE(gpa_range_ok(p, gpa, npages) && npages <= TEEIO_PLAT_SECURE_RUN && page_aligned(hpa),
	       TEEIO_ERR_USAGE);
	ENSURE(tdi_owns_mmio(p, tvm, hpa, npages), TEEIO_ERR_STATE);
	struct teeio_plat_map m = {.gpa = gpa,
				   .hpa = hpa,
				   .npages = npages,
				   .flags = TEEIO_PLAT_MAP_WRITE | TEEIO_PLAT_MAP_MMIO,
				   .valid = 0};
	return table_insert(&t->secure, &m);
}

teeio_err teeio_plat_vmm_mmio_remap(struct teeio_plat_vmm_view *vmm, unsigned tvm, uint64_t gpa,
				    uint64_t new_hpa)
{
	ENSURE(vmm && vmm->p && page_aligned(new_hpa), TEEIO_ERR_USAGE);
	struct teeio_platform *p = vmm->p;
	struct teeio_plat_tvm *t = tvm_get(p, tvm);
	ENSURE(t, TEEIO_ERR_USAGE_NOT_FOUND);
	struct teeio_plat_map *m = table_at(&t->secure, gpa);
	ENSURE(m && (m->flags & TEEIO_PLAT_MAP_MMIO), TEEIO_ERR_USAGE_NOT_FOUND);
	ENSURE(tdi_owns_mmio(p, tvm, new_hpa, m->npages), TEEIO_ERR_STATE);
	/* Whatever moved must be validated again before the guest trusts it. */
	m->hpa = new_hpa;
	m->valid = 0;
	return TEEIO_OK;
}
