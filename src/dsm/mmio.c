/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * MMIO: which function's BAR decodes an address, whether its TDI takes the
 * request (teeio_tdisp_tdi_access), and the MSI-X table and PBA (PCI Local
 * Bus 3.0 section 6.8.2).  The rest of BAR space is not modelled: it reads
 * zero and drops writes.
 */
#include <string.h>

#include "dsm_internal.h"

/* Where an address landed. */
struct hit {
	uint16_t fn;
	unsigned bar;
	uint64_t off; /* within the BAR */
};

/* Does BAR b of function fn decode addr? */
static bool hit_bar(const struct teeio_dsm_dev *d, uint16_t fn, unsigned b, uint64_t addr,
		    struct hit *h)
{
	uint64_t base, size = d->fn[fn].prof->bars[b].size;

	if (!size || !teeio_dsm_bar_base(d, fn, b, &base) || addr < base || addr - base >= size)
		return false;
	h->fn = fn;
	h->bar = b;
	h->off = addr - base;
	return true;
}

/* The PF's BARs, then the VF BARs: VF n's slot is (n-1) VF BAR sizes above
 * the SR-IOV VF BAR, so the VF is found by division, not by a scan. */
static bool decode(const struct teeio_dsm_dev *d, uint64_t addr, struct hit *h)
{
	unsigned b;

	for (b = 0; b < TEEIO_DSM_BARS; b++)
		if (hit_bar(d, 0, b, addr, h))
			return true;
	if (d->n_funcs < 2)
		return false;
	for (b = 0; b < TEEIO_DSM_BARS; b++) {
		uint64_t base1, size = d->fn[1].prof->bars[b].size, vf;

		if (!size || !teeio_dsm_bar_base(d, 1, b, &base1) || addr < base1)
			continue;
		vf = (addr - base1) / size; /* 0-based VF index */
		if (vf < (uint64_t)d->n_funcs - 1 && hit_bar(d, (uint16_t)(vf + 1), b, addr, h))
			return true;
	}
	return false;
}

static bool in_table(const struct teeio_dsm_msix_prof *m, const struct hit *h)
{
	return m->vectors && h->bar == m->table_bar && h->off >= m->table_offset &&
	       h->off - m->table_offset < (uint64_t)m->vectors * MSIX_ENTRY_SIZE;
}

static bool in_pba(const struct teeio_dsm_msix_prof *m, const struct hit *h)
{
	return m->vectors && h->bar == m->pba_bar && h->off >= m->pba_offset &&
	       h->off - m->pba_offset < 8u; /* vectors <= 64: one QWORD */
}

static bool access_ok(const struct teeio_dsm_dev *d, uint64_t addr, size_t len)
{
	return (len == 1 || len == 2 || len == 4 || len == 8) && (addr % len) == 0 && d != NULL;
}

/* Check the TDI's verdict; TEEIO_ERR_STATE means UR. */
static teeio_err tdi_verdict(struct teeio_dsm_dev *d, const struct hit *h, uint64_t addr, bool t,
			     uint8_t stream_id)
{
	if (teeio_tdisp_tdi_access(&d->tdi[h->fn], addr, t, stream_id) == TEEIO_TDISP_ALLOW)
		return TEEIO_OK;
	teeio_log(d->log, TEEIO_LOG_DEBUG, "dsm: fn %u: UR for T=%d access at %#llx", h->fn, t,
		  (unsigned long long)addr);
	return TEEIO_ERR_STATE;
}

teeio_err teeio_dsm_mmio_read(struct teeio_dsm_dev *d, uint64_t addr, bool t, uint8_t stream_id,
			      void *data, size_t len, int *fn_out)
{
	struct hit h;
	uint8_t bytes[8] = {0};
	const struct teeio_dsm_fn *f;

	ENSURE(access_ok(d, addr, len) && data, TEEIO_ERR_USAGE);
	memset(data, 0xFF, len);
	ENSURE(decode(d, addr, &h), TEEIO_ERR_USAGE_NOT_FOUND);
	if (fn_out)
		*fn_out = h.fn;
	TRY(tdi_verdict(d, &h, addr, t, stream_id));
	f = &d->fn[h.fn];
	if (in_table(&f->prof->msix, &h)) {
		uint64_t rel = h.off - f->prof->msix.table_offset;
		const uint32_t *ent = f->msix_table[rel / MSIX_ENTRY_SIZE];
		unsigned dw = (unsigned)(rel % MSIX_ENTRY_SIZE) / 4;

		teeio_store_u32le(bytes, ent[dw]);
		if (len == 8 && dw + 1 < 4)
			teeio_store_u32le(bytes + 4, ent[dw + 1]);
		else if (len < 4)
			memmove(bytes, bytes + rel % 4, len);
	} else if (in_pba(&f->prof->msix, &h)) {
		teeio_store_u64le(bytes, f->pba);
		memmove(bytes, bytes + (h.off - f->prof->msix.pba_offset), len);
	}
	memcpy(data, bytes, len);
	return TEEIO_OK;
}

teeio_err teeio_dsm_mmio_write(struct teeio_dsm_dev *d, uint64_t addr, bool t, uint8_t stream_id,
			       const void *data, size_t len, int *fn_out)
{
	struct hit h;
	struct teeio_dsm_fn *f;
	teeio_err e;

	ENSURE(access_ok(d, addr, len) && data, TEEIO_ERR_USAGE);
	ENSURE(decode(d, addr, &h), TEEIO_ERR_USAGE_NOT_FOUND);
	if (fn_out)
		*fn_out = h.fn;
	f = &d->fn[h.fn];
	e = tdi_verdict(d, &h, addr, t, stream_id);
	if (e != TEEIO_OK) {
		/* A host write to a locked MSI-X table is a configuration
		 * change under the TDI: TDISP moves it to ERROR when LOCK_MSIX
		 * was asked for. */
		if (!t && (in_table(&f->prof->msix, &h) || in_pba(&f->prof->msix, &h)))
			dsm_event(d, h.fn, TEEIO_TDISP_EV_CFG_MSIX);
		return e;
	}
	if (in_table(&f->prof->msix, &h) && len >= 4) {
		uint64_t rel = h.off - f->prof->msix.table_offset;
		uint32_t *ent = f->msix_table[rel / MSIX_ENTRY_SIZE];
		unsigned dw = (unsigned)(rel % MSIX_ENTRY_SIZE) / 4;
		const uint8_t *p = data;

		/* PCI 3.0 6.8.2: DWORD or QWORD accesses only. */
		ent[dw] = teeio_load_u32le(p);
		if (len == 8 && dw + 1 < 4)
			ent[dw + 1] = teeio_load_u32le(p + 4);
		ent[3] &= MSIX_ENTRY_CTRL_MASKBIT; /* other Vector Control bits reserved */
	}
	/* The PBA is read-only; other BAR space drops writes. */
	return TEEIO_OK;
}

teeio_err teeio_dsm_msix_raise(struct teeio_dsm_dev *d, uint16_t fn, uint16_t vec)
{
	struct teeio_dsm_fn *f;
	uint32_t *ent;
	uint8_t msg[4];
	uint64_t addr;

	ENSURE(d && fn < d->n_funcs, TEEIO_ERR_USAGE);
	f = &d->fn[fn];
	ENSURE(vec < f->prof->msix.vectors, TEEIO_ERR_USAGE);
	ENSURE(f->msix_ctrl & MSIX_FLAGS_ENABLE, TEEIO_ERR_STATE);
	ent = f->msix_table[vec];
	if ((ent[3] & MSIX_ENTRY_CTRL_MASKBIT) || (f->msix_ctrl & MSIX_FLAGS_MASKALL)) {
		f->pba |= UINT64_C(1) << vec; /* delivered when unmasked */
		return TEEIO_OK;
	}
	f->pba &= ~(UINT64_C(1) << vec);
	addr = (uint64_t)ent[1] << 32 | ent[0];
	teeio_store_u32le(msg, ent[2]);
	return teeio_dsm_dma(d, fn, true, addr, msg, sizeof(msg));
}
