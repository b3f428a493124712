/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The IOMMU: the VMM's untrusted per-device tables (IOVA -> HPA, for T=0
 * DMA) and the TSM's secure device table (requester ID + IDE stream ->
 * TVM and private GPA window, for T=1 DMA).
 *
 * The rules, checked on every DMA:
 *  - T=1 is only ever translated through the secure tables: the live entry
 *    of its requester, the stream that entry names, the window it allows,
 *    the bound TVM's secure table, and only onto that TVM's validated
 *    private RAM (this reuses the CPU's secure translation, as TDX Connect
 *    reuses the S-EPT for trusted DMA).
 *  - T=0 is only ever translated through the VMM's table of its requester
 *    and never lands on a private page, whatever that table says.
 * The T bit itself is trustworthy because the root port only sets it for
 * TLPs that arrived on a Secure IDE stream (rootport.c).
 */
#include <string.h>

#include "plat_internal.h"

static uint64_t bytes_of(uint32_t npages)
{
	return (uint64_t)npages << TEEIO_PLAT_PAGE_SHIFT;
}

/* Index of the secure device table entry of `rid`, or -1. */
static int dte_index(const struct teeio_platform *p, uint16_t rid)
{
	for (size_t i = 0; i < TEEIO_PLAT_MAX_BINDINGS; i++)
		if (p->dte[i].used && p->dte[i].b.rid == rid)
			return (int)i;
	return -1;
}

static const struct teeio_plat_dte *dte_by_rid(const struct teeio_platform *p, uint16_t rid)
{
	int i = dte_index(p, rid);
	return i < 0 ? NULL : &p->dte[i];
}

static struct teeio_plat_dte *dte_by_rid_mut(struct teeio_platform *p, uint16_t rid)
{
	int i = dte_index(p, rid);
	return i < 0 ? NULL : &p->dte[i];
}

bool tdi_owns_mmio(const struct teeio_platform *p, unsigned tvm, uint64_t hpa, uint32_t npages)
{
	uint64_t len = bytes_of(npages);
	for (size_t i = 0; i < TEEIO_PLAT_MAX_BINDINGS; i++) {
		const struct teeio_plat_dte *d = &p->dte[i];
		if (!d->used || d->b.tvm != tvm)
			continue;
		for (size_t r = 0; r < d->b.n_mmio; r++) {
			const struct teeio_plat_range *m = &d->b.mmio[r];
			if (hpa >= m->base && hpa - m->base < m->size &&
			    len <= m->size - (hpa - m->base))
				return true;
		}
	}
	return false;
}

static enum teeio_plat_fault t1_xlate(const struct teeio_platform *p,
				      const struct teeio_plat_dma *req,
				      struct teeio_plat_xlate *out)
{
	const struct teeio_plat_dte *d = dte_by_rid(p, req->rid);
	if (!d || !req->has_stream)
		return TEEIO_PLAT_FAULT_NOT_BOUND;
	if (d->b.stream_id != req->stream_id)
		return TEEIO_PLAT_FAULT_WRONG_STREAM;
	if (!d->live)
		return TEEIO_PLAT_FAULT_NOT_LIVE;
	uint64_t canon;
	bool shared;
	if (!gpa_split(p, req->addr, &canon, &shared))
		return TEEIO_PLAT_FAULT_BAD_ADDRESS;
	if (shared || canon < d->b.dma_base || canon > d->b.dma_limit)
		return TEEIO_PLAT_FAULT_NOT_MAPPED;
	enum teeio_plat_fault f = teeio_plat_cpu_translate(p, d->b.tvm, req->addr, req->write, out);
	if (f == TEEIO_PLAT_OK && out->mmio)
		f = TEEIO_PLAT_FAULT_NOT_RAM;
	return f;
}

static enum teeio_plat_fault t0_xlate(const struct teeio_platform *p,
				      const struct teeio_plat_dma *req,
				      struct teeio_plat_xlate *out)
{
	const struct teeio_plat_dev *dev = dev_by_rid(p, req->rid);
	if (!dev)
		return TEEIO_PLAT_FAULT_NOT_MAPPED;
	const struct teeio_plat_map *m = table_find(&dev->iommu, req->addr);
	if (!m)
		return TEEIO_PLAT_FAULT_NOT_MAPPED;
	if (req->write && !(m->flags & TEEIO_PLAT_MAP_WRITE))
		return TEEIO_PLAT_FAULT_READ_ONLY;
	uint64_t hpa = m->hpa + (req->addr - m->gpa);
	out->hpa = hpa;
	if (!arena_holds(p, hpa, 1))
		return TEEIO_PLAT_FAULT_NOT_RAM;
	if (page_of_c(p, hpa)->state == TEEIO_PLAT_PAGE_PRIVATE)
		return TEEIO_PLAT_FAULT_T0_TO_PRIVATE;
	return TEEIO_PLAT_OK;
}

enum teeio_plat_fault teeio_plat_iommu_translate(const struct teeio_platform *p,
						 const struct teeio_plat_dma *req,
						 struct teeio_plat_xlate *out)
{
	memset(out, 0, sizeof(*out));
	return req->t ? t1_xlate(p, req, out) : t0_xlate(p, req, out);
}

enum teeio_plat_fault teeio_plat_dma(struct teeio_platform *p, const struct teeio_plat_dma *req,
				     void *buf, size_t len)
{
	if (!p || !req)
		return TEEIO_PLAT_FAULT_BAD_ADDRESS;
	if (!buf || len == 0 || req->addr > UINT64_MAX - len)
		return fault_note(p, TEEIO_PLAT_FAULT_BAD_ADDRESS, req ? req->addr : 0,
				  req ? req->rid : 0);
	uint8_t *b = buf;
	/* Translate every page, then move the bytes: a fault changes nothing. */
	for (int pass = 0; pass < 2; pass++) {
		size_t done = 0;
		while (done < len) {
			struct teeio_plat_dma one = *req;
			struct teeio_plat_xlate x;
			one.addr = req->addr + done;
			size_t n = TEEIO_PLAT_PAGE_SIZE - (size_t)(one.addr & PAGE_MASK);
			n = n < len - done ? n : len - done;
			enum teeio_plat_fault f = teeio_plat_iommu_translate(p, &one, &x);
			if (f != TEEIO_PLAT_OK)
				return fault_note(p, f, one.addr, req->rid);
			if (pass == 1 && req->write)
				memcpy(arena_ptr(p, x.hpa), b + done, n);
			else if (pass == 1)
				memcpy(b + done, arena_ptr(p, x.hpa), n);
			done += n;
		}
	}
	return TEEIO_PLAT_OK;
}

static bool binding_ok(const struct teeio_platform *p, const struct teeio_plat_binding *b)
{
	const struct teeio_plat_dev *dev = dev_by_rid(p, b->rid);
	uint64_t space = gpa_space(p);
	if (!dev || !tvm_get_c(p, b->tvm) || b->n_mmio > TEEIO_PLAT_MAX_TDI_MMIO)
		return false;
	if (b->dma_base > b->dma_limit || b->dma_limit >= space)
		return false;
	for (size_t i = 0; i < b->n_mmio; i++) {
		const struct teeio_plat_range *r = &b->mmio[i];
		if (!page_aligned(r->base) || !page_aligned(r->size) || r->size == 0)
			return false;
		/* A TDI's MMIO is its own device's. */
		if (dev_by_hpa(p, r->base, r->size) != (int)(dev - p->dev))
			return false;
	}
	return true;
}

teeio_err teeio_plat_tsm_bind(struct teeio_plat_tsm_view *tsm, const struct teeio_plat_binding *b)
{
	ENSURE(tsm && tsm->p && b, TEEIO_ERR_USAGE);
	struct teeio_platform *p = tsm->p;
	ENSURE(binding_ok(p, b), TEEIO_ERR_USAGE);
	ENSURE(!dte_by_rid(p, b->rid), TEEIO_ERR_STATE);
	for (size_t i = 0; i < TEEIO_PLAT_MAX_BINDINGS; i++) {
		struct teeio_plat_dte *d = &p->dte[i];
		if (d->used)
			continue;
		d->used = true;
		d->live = false;
		d->b = *b;
		return TEEIO_OK;
	}
	return TEEIO_ERR_SIZE_LIMIT;
}

teeio_err teeio_plat_tsm_dma_enable(struct teeio_plat_tsm_view *tsm, uint16_t rid)
{
	ENSURE(tsm && tsm->p, TEEIO_ERR_USAGE);
	struct teeio_plat_dte *d = dte_by_rid_mut(tsm->p, rid);
	ENSURE(d, TEEIO_ERR_USAGE_NOT_FOUND);
	d->live = true;
	return TEEIO_OK;
}

teeio_err teeio_plat_tsm_unbind(struct teeio_plat_tsm_view *tsm, uint16_t rid)
{
	ENSURE(tsm && tsm->p, TEEIO_ERR_USAGE);
	struct teeio_platform *p = tsm->p;
	struct teeio_plat_dte *d = dte_by_rid_mut(p, rid);
	ENSURE(d, TEEIO_ERR_USAGE_NOT_FOUND);
	struct teeio_plat_tvm *t = tvm_get(p, d->b.tvm);
	for (size_t i = 0; t && i < TEEIO_PLAT_MAX_MAPS; i++) {
		struct teeio_plat_map *m = &t->secure.e[i];
		if (!m->npages || !(m->flags & TEEIO_PLAT_MAP_MMIO))
			continue;
		for (size_t r = 0; r < d->b.n_mmio; r++)
			if (ranges_overlap(m->hpa, bytes_of(m->npages), d->b.mmio[r].base,
					   d->b.mmio[r].size)) {
				memset(m, 0, sizeof(*m));
				break;
			}
	}
	memset(d, 0, sizeof(*d));
	return TEEIO_OK;
}

void dte_drop_tvm(struct teeio_platform *p, unsigned tvm)
{
	for (size_t i = 0; i < TEEIO_PLAT_MAX_BINDINGS; i++)
		if (p->dte[i].used && p->dte[i].b.tvm == tvm)
			memset(&p->dte[i], 0, sizeof(p->dte[i]));
}

teeio_err teeio_plat_vmm_iommu_map(struct teeio_plat_vmm_view *vmm, unsigned dev, uint64_t iova,
				   uint64_t hpa, uint32_t npages, bool writable)
{
	ENSURE(vmm && vmm->p, TEEIO_ERR_USAGE);
	struct teeio_plat_dev *d = dev_get(vmm->p, dev);
	ENSURE(d, TEEIO_ERR_USAGE_NOT_FOUND);
	ENSURE(page_aligned(iova) && page_aligned(hpa) && npages > 0 &&
		   iova <= UINT64_MAX - bytes_of(npages),
	       TEEIO_ERR_USAGE);
	/* Any arena page the VMM likes: private pages are refused on access. */
	ENSURE(arena_holds(vmm->p, hpa, bytes_of(npages)), TEEIO_ERR_USAGE);
	struct teeio_plat_map m = {.gpa = iova,
				   .hpa = hpa,
				   .npages = npages,
				   .flags = writable ? TEEIO_PLAT_MAP_WRITE : 0};
	return table_insert(&d->iommu, &m);
}

teeio_err teeio_plat_vmm_iommu_unmap(struct teeio_plat_vmm_view *vmm, unsigned dev, uint64_t iova)
{
	ENSURE(vmm && vmm->p, TEEIO_ERR_USAGE);
	struct teeio_plat_dev *d = dev_get(vmm->p, dev);
	ENSURE(d, TEEIO_ERR_USAGE_NOT_FOUND);
	return table_remove(&d->iommu, iova);
}
