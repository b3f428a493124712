/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CPU-side translation of guest accesses, and the guest's own actions on
 * its private mappings (accept RAM, validate MMIO).
 *
 * A shared GPA goes through the VMM's shared table, which may name any
 * HPA: the page record is checked at every access, so a shared mapping
 * onto a private page faults however it got there.  A private GPA goes
 * through the TSM's secure table; the page must be validated, and the page
 * record must say this TVM owns it at this very GPA (the RMP-style double
 * check that catches a remap behind the guest's back).
 */
#include <string.h>

#include "plat_internal.h"

static enum teeio_plat_fault shared_xlate(const struct teeio_platform *p,
					  const struct teeio_plat_tvm *t, uint64_t canon,
					  bool write, struct teeio_plat_xlate *out)
{
	const struct teeio_plat_map *m = table_find(&t->shared, canon);
	if (!m)
		return TEEIO_PLAT_FAULT_NOT_MAPPED;
	if (write && !(m->flags & TEEIO_PLAT_MAP_WRITE))
		return TEEIO_PLAT_FAULT_READ_ONLY;
	uint64_t hpa = m->hpa + (canon - m->gpa);
	out->hpa = hpa;
	if (arena_holds(p, hpa, 1))
		return page_of_c(p, hpa)->state == TEEIO_PLAT_PAGE_PRIVATE
			   ? TEEIO_PLAT_FAULT_PRIVATE_FROM_SHARED
			   : TEEIO_PLAT_OK;
	int dev = dev_by_hpa(p, hpa, 1);
	if (dev < 0)
		return TEEIO_PLAT_FAULT_NO_DEVICE;
	out->mmio = true;
	out->dev = (unsigned)dev;
	return TEEIO_PLAT_OK;
}

static enum teeio_plat_fault secure_xlate(const struct teeio_platform *p, unsigned tvm,
					  const struct teeio_plat_tvm *t, uint64_t canon,
					  bool write, struct teeio_plat_xlate *out)
{
	const struct teeio_plat_map *m = table_find(&t->secure, canon);
	if (!m)
		return TEEIO_PLAT_FAULT_NOT_MAPPED;
	uint64_t idx = (canon - m->gpa) >> TEEIO_PLAT_PAGE_SHIFT;
	if (!(m->valid >> idx & 1))
		return TEEIO_PLAT_FAULT_UNVALIDATED;
	if (write && !(m->flags & TEEIO_PLAT_MAP_WRITE))
		return TEEIO_PLAT_FAULT_READ_ONLY;
	uint64_t hpa = m->hpa + (canon - m->gpa);
	out->hpa = hpa;
	out->priv = true;
	if (m->flags & TEEIO_PLAT_MAP_MMIO) {
		/* Only MMIO of a TDI bound to this TVM, whatever the table says. */
		if (!tdi_owns_mmio(p, tvm, hpa & ~PAGE_MASK, 1))
			return TEEIO_PLAT_FAULT_WRONG_TVM;
		int dev = dev_by_hpa(p, hpa, 1);
		if (dev < 0)
			return TEEIO_PLAT_FAULT_NO_DEVICE;
		out->mmio = true;
		out->dev = (unsigned)dev;
		return TEEIO_PLAT_OK;
	}
	if (!arena_holds(p, hpa, 1))
		return TEEIO_PLAT_FAULT_BAD_ADDRESS;
	const struct teeio_plat_page *pg = page_of_c(p, hpa);
	if (pg->state != TEEIO_PLAT_PAGE_PRIVATE || pg->tvm != tvm ||
	    pg->gpa != (canon & ~PAGE_MASK))
		return TEEIO_PLAT_FAULT_WRONG_TVM;
	return TEEIO_PLAT_OK;
}

enum teeio_plat_fault teeio_plat_cpu_translate(const struct teeio_platform *p, unsigned tvm,
					       uint64_t gpa, bool write,
					       struct teeio_plat_xlate *out)
{
	memset(out, 0, sizeof(*out));
	const struct teeio_plat_tvm *t = tvm_get_c(p, tvm);
	if (!t)
		return TEEIO_PLAT_FAULT_WRONG_TVM;
	uint64_t canon;
	bool shared;
	if (!gpa_split(p, gpa, &canon, &shared))
		return TEEIO_PLAT_FAULT_BAD_ADDRESS;
	return shared ? shared_xlate(p, t, canon, write, out)
		      : secure_xlate(p, tvm, t, canon, write, out);
}

/*
 * A load into dst, or (dst NULL) a store from src.  RAM: translate every
 * page first, then copy, so a fault anywhere leaves memory untouched.
 * MMIO: one request of at most one page.
 */
static enum teeio_plat_fault guest_access(const struct teeio_plat_guest_view *g, uint64_t gpa,
					  uint8_t *dst, const uint8_t *src, size_t len)
{
	struct teeio_platform *p = g->p;
	struct teeio_plat_xlate x;
	bool write = dst == NULL;
	if (!(dst || src) || len == 0 || gpa > UINT64_MAX - len)
		return fault_note(p, TEEIO_PLAT_FAULT_BAD_ADDRESS, gpa, 0);
	enum teeio_plat_fault f = teeio_plat_cpu_translate(p, g->tvm, gpa, write, &x);
	if (f != TEEIO_PLAT_OK)
		return fault_note(p, f, gpa, 0);
	if (x.mmio) {
		if ((gpa & PAGE_MASK) + len > TEEIO_PLAT_PAGE_SIZE)
			return fault_note(p, TEEIO_PLAT_FAULT_BAD_ADDRESS, gpa, 0);
		return fault_note(p, rp_mmio(p, x.dev, x.hpa, x.priv, dst, src, len), gpa, 0);
	}
	for (int pass = 0; pass < 2; pass++) {
		size_t done = 0;
		while (done < len) {
			uint64_t a = gpa + done;
			size_t n = TEEIO_PLAT_PAGE_SIZE - (size_t)(a & PAGE_MASK);
			n = n < len - done ? n : len - done;
			f = teeio_plat_cpu_translate(p, g->tvm, a, write, &x);
			if (f == TEEIO_PLAT_OK && x.mmio)
				f = TEEIO_PLAT_FAULT_BAD_ADDRESS; /* RAM and MMIO mixed */
			if (f != TEEIO_PLAT_OK)
				return fault_note(p, f, a, 0);
			if (pass == 1 && write)
				memcpy(arena_ptr(p, x.hpa), src + done, n);
			else if (pass == 1)
				memcpy(dst + done, arena_ptr(p, x.hpa), n);
			done += n;
		}
	}
	return TEEIO_PLAT_OK;
}

enum teeio_plat_fault teeio_plat_guest_read(const struct teeio_plat_guest_view *g, uint64_t gpa,
					    void *buf, size_t len)
{
	if (!g || !g->p)
		return TEEIO_PLAT_FAULT_BAD_ADDRESS;
	return guest_access(g, gpa, buf, NULL, len);
}

enum teeio_plat_fault teeio_plat_guest_write(const struct teeio_plat_guest_view *g, uint64_t gpa,
					     const void *buf, size_t len)
{
	if (!g || !g->p)
		return TEEIO_PLAT_FAULT_BAD_ADDRESS;
	return guest_access(g, gpa, NULL, buf, len);
}

/* The secure entry holding private `gpa` of the guest's TVM, and the page
 * index in it; a fault when there is none. */
static enum teeio_plat_fault secure_entry(const struct teeio_plat_guest_view *g, uint64_t gpa,
					  struct teeio_plat_map **m, uint64_t *idx)
{
	struct teeio_plat_tvm *t = tvm_get(g->p, g->tvm);
	uint64_t canon;
	bool shared;
	if (!t)
		return TEEIO_PLAT_FAULT_WRONG_TVM;
	if (!gpa_split(g->p, gpa, &canon, &shared))
		return TEEIO_PLAT_FAULT_BAD_ADDRESS;
	if (shared)
		return TEEIO_PLAT_FAULT_NOT_MAPPED;
	*m = table_find_mut(&t->secure, canon);
	if (!*m)
		return TEEIO_PLAT_FAULT_NOT_MAPPED;
	*idx = (canon - (*m)->gpa) >> TEEIO_PLAT_PAGE_SHIFT;
	return TEEIO_PLAT_OK;
}

enum teeio_plat_fault teeio_plat_guest_accept(const struct teeio_plat_guest_view *g, uint64_t gpa)
{
	if (!g || !g->p)
		return TEEIO_PLAT_FAULT_BAD_ADDRESS;
	struct teeio_plat_map *m = NULL;
	uint64_t idx = 0;
	enum teeio_plat_fault f = secure_entry(g, gpa, &m, &idx);
	if (f == TEEIO_PLAT_OK && (m->flags & TEEIO_PLAT_MAP_MMIO))
		f = TEEIO_PLAT_FAULT_MISMATCH; /* MMIO is validated against the report */
	if (f == TEEIO_PLAT_OK)
		m->valid |= 1ull << idx;
	return fault_note(g->p, f, gpa, 0);
}

enum teeio_plat_fault teeio_plat_guest_validate_mmio(const struct teeio_plat_guest_view *g,
						     uint64_t gpa, uint64_t expect_hpa)
{
	if (!g || !g->p)
		return TEEIO_PLAT_FAULT_BAD_ADDRESS;
	struct teeio_plat_map *m = NULL;
	uint64_t idx = 0;
	enum teeio_plat_fault f = secure_entry(g, gpa, &m, &idx);
	if (f == TEEIO_PLAT_OK &&
	    (!(m->flags & TEEIO_PLAT_MAP_MMIO) ||
	     m->hpa + (idx << TEEIO_PLAT_PAGE_SHIFT) != (expect_hpa & ~PAGE_MASK)))
		f = TEEIO_PLAT_FAULT_MISMATCH;
	if (f == TEEIO_PLAT_OK)
		m->valid |= 1ull << idx;
	return fault_note(g->p, f, gpa, 0);
}
