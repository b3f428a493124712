/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Config space of every function: the type 0 header, the PCI Express
 * capability (0x40) and the MSI-X capability (0x80); the PF's extended
 * capabilities are in cfg_ext.c.  Registers are computed from the small
 * per-function state, never stored as a 4 KiB image.
 *
 * Writes that change what a locked TDI was locked with are delivered to
 * the TDISP state machine (TDISP: a TDI in CONFIG_LOCKED or RUN goes to
 * ERROR on such changes).
 */
#include "dsm_internal.h"

static uint32_t bar_read(const struct teeio_dsm_fn *f, unsigned i)
{
	const struct teeio_dsm_bar_prof *b = &f->prof->bars[i];

	if (i > 0 && f->prof->bars[i - 1].mem64) /* upper half of a 64-bit BAR */
		return (uint32_t)(((uint64_t)f->bar[i] << 32 & ~(f->prof->bars[i - 1].size - 1)) >>
				  32);
	if (!b->size)
		return 0;
	return (uint32_t)(f->bar[i] & ~(uint32_t)(b->size - 1) & ~BAR_MEM_MASK) |
	       (b->mem64 ? BAR_MEM_TYPE_64 : 0) | (b->prefetch ? BAR_MEM_PREFETCH : 0);
}

static uint32_t msix_table_reg(const struct teeio_dsm_fn_prof *p)
{
	return p->msix.table_offset | p->msix.table_bar; /* BIR in bits 2:0 */
}

static uint32_t std_read(struct teeio_dsm_dev *d, uint16_t fn, uint16_t off)
{
	const struct teeio_dsm_profile *p = d->prof;
	const struct teeio_dsm_fn *f = &d->fn[fn];
	bool vf = fn != 0, msix = f->prof->msix.vectors != 0;

	switch (off) {
	case CFG_VENDOR: /* SR-IOV: a VF's Vendor and Device ID read FFFFh */
		return vf ? 0xFFFFFFFFu : (uint32_t)p->vendor_id | (uint32_t)p->device_id << 16;
	case CFG_COMMAND: return f->command | (uint32_t)STATUS_CAP_LIST << 16;
	case CFG_CLASS_REV: return p->revision | p->class_code << 8;
	case CFG_SUBSYS: return p->subsys_vendor_id | (uint32_t)p->subsys_id << 16;
	case CFG_CAP_PTR: return TEEIO_DSM_CAP_PCIE;
	case TEEIO_DSM_CAP_PCIE:
		return CAP_ID_EXP | (msix ? TEEIO_DSM_CAP_MSIX : 0) << 8 |
		       (uint32_t)EXP_FLAGS_V2_ENDPOINT << 16;
	case TEEIO_DSM_CAP_PCIE + EXP_DEVCAP: return EXP_DEVCAP_FLR | EXP_DEVCAP_PAYLOAD_256;
	case TEEIO_DSM_CAP_PCIE + EXP_DEVCTL: return f->devctl;
	case TEEIO_DSM_CAP_MSIX:
		if (!msix)
			return 0;
		return CAP_ID_MSIX | (uint32_t)(f->msix_ctrl | (f->prof->msix.vectors - 1)) << 16;
	case TEEIO_DSM_CAP_MSIX + MSIX_TABLE: return msix ? msix_table_reg(f->prof) : 0;
	case TEEIO_DSM_CAP_MSIX + MSIX_PBA:
		return msix ? f->prof->msix.pba_offset | f->prof->msix.pba_bar : 0;
	}
	if (off >= CFG_BAR0 && off < CFG_BAR0 + 4 * TEEIO_DSM_BARS)
		return vf ? 0 : bar_read(f, (off - CFG_BAR0) / 4);
	return 0;
}

uint32_t teeio_dsm_cfg_read(struct teeio_dsm_dev *d, uint16_t fn, uint16_t off, unsigned size)
{
	uint32_t dw;

	if ((size != 1 && size != 2 && size != 4) || off % size || off >= CFG_SIZE)
		return 0xFFFFFFFFu;
	if (!teeio_dsm_fn_present(d, fn))
		return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
	if (off >= CFG_EXT_START)
		dw = fn == 0 ? dsm_ext_read(d, (uint16_t)(off & ~3u)) : 0;
	else
		dw = std_read(d, fn, (uint16_t)(off & ~3u));
	dw >>= 8 * (off & 3u);
	return size == 4 ? dw : dw & ((1u << (8 * size)) - 1);
}

static void command_write(struct teeio_dsm_dev *d, uint16_t fn, uint16_t val)
{
	struct teeio_dsm_fn *f = &d->fn[fn];
	/* A VF's Memory Space Enable is RO 0: its decoding is VF MSE. */
	uint16_t rw =
	    CMD_MASTER | CMD_PARITY | CMD_SERR | CMD_INTX_DISABLE | (fn == 0 ? CMD_MEMORY : 0);
	uint16_t now = (uint16_t)((f->command & ~rw) | (val & rw));

	if ((now ^ f->command) & CMD_MEMORY)
		dsm_event(d, fn, TEEIO_TDISP_EV_CFG_MSE);
	if ((now ^ f->command) & CMD_MASTER)
		dsm_event(d, fn, TEEIO_TDISP_EV_CFG_BME);
	f->command = now;
}

static void bar_write(struct teeio_dsm_dev *d, uint16_t fn, unsigned i, uint32_t val)
{
	struct teeio_dsm_fn *f = &d->fn[fn];
	uint32_t before = bar_read(f, i);

	f->bar[i] = val;
	if (bar_read(f, i) != before)
		dsm_event(d, fn, TEEIO_TDISP_EV_CFG_BAR);
}

static void msix_ctrl_write(struct teeio_dsm_dev *d, uint16_t fn, uint16_t val)
{
	struct teeio_dsm_fn *f = &d->fn[fn];
	uint16_t now = val & (MSIX_FLAGS_ENABLE | MSIX_FLAGS_MASKALL);

	if (!f->prof->msix.vectors)
		return;
	if (now != f->msix_ctrl) /* TDISP decides: ERROR only with LOCK_MSIX */
		dsm_event(d, fn, TEEIO_TDISP_EV_CFG_MSIX);
	f->msix_ctrl = now;
}

/* One DWORD write: `val` already merged with the current value outside
 * `mask` (the bytes written). */
static void std_write(struct teeio_dsm_dev *d, uint16_t fn, uint16_t off, uint32_t val,
		      uint32_t mask)
{
	struct teeio_dsm_fn *f = &d->fn[fn];

	if (off == CFG_COMMAND && (mask & 0xFFFFu)) {
		command_write(d, fn, (uint16_t)val);
	} else if (off >= CFG_BAR0 && off < CFG_BAR0 + 4 * TEEIO_DSM_BARS) {
		if (fn == 0) /* a VF's BAR registers are RO 0 (SR-IOV VF BARs) */
			bar_write(d, fn, (off - CFG_BAR0) / 4, val);
	} else if (off == TEEIO_DSM_CAP_PCIE + EXP_DEVCTL && (mask & 0xFFFFu)) {
		f->devctl = (uint16_t)(val & EXP_DEVCTL_RW);
		if (val & EXP_DEVCTL_FLR)
			teeio_dsm_flr(d, fn);
	} else if (off == TEEIO_DSM_CAP_MSIX && (mask & 0xFFFF0000u)) {
		msix_ctrl_write(d, fn, (uint16_t)(val >> 16));
	}
}

void teeio_dsm_cfg_write(struct teeio_dsm_dev *d, uint16_t fn, uint16_t off, unsigned size,
			 uint32_t val)
{
	unsigned shift = 8 * (off & 3u);
	uint16_t dwoff = (uint16_t)(off & ~3u);
	uint32_t mask, cur;

	if ((size != 1 && size != 2 && size != 4) || off % size || off >= CFG_SIZE)
		return;
	if (!teeio_dsm_fn_present(d, fn))
		return;
	mask = (size == 4 ? 0xFFFFFFFFu : ((1u << (8 * size)) - 1)) << shift;
	cur = teeio_dsm_cfg_read(d, fn, dwoff, 4);
	val = (cur & ~mask) | ((val << shift) & mask);
	if (dwoff >= CFG_EXT_START) {
		if (fn == 0)
			dsm_ext_write(d, dwoff, val, mask);
		return;
	}
	std_write(d, fn, dwoff, val, mask);
}
