/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Bringing the device up as platform firmware would: BAR assignment,
 * command bits, SR-IOV, IDE stream enables.  Everything goes through the
 * config-space write path, so the model sees exactly what a host does.
 */
#include "dsm_internal.h"

/* Take `len` bytes at the next address aligned to `align` (a power of two). */
static uint64_t place(uint64_t *next, uint64_t align, uint64_t len)
{
	uint64_t at = (*next + align - 1) & ~(align - 1);

	*next = at + len;
	return at;
}

static void program_bars(struct teeio_dsm_dev *d, uint16_t reg0, const struct teeio_dsm_fn_prof *p,
			 uint64_t mult, uint64_t *next)
{
	unsigned i;

	for (i = 0; i < TEEIO_DSM_BARS; i++) {
		const struct teeio_dsm_bar_prof *b = &p->bars[i];
		uint64_t at;

		if (!b->size)
			continue;
		/* VF BARs: one VF-sized slot per VF, aligned to the VF BAR size. */
		at = place(next, b->size, b->size * mult);
		if (!b->mem64 && at + b->size * mult > (UINT64_C(1) << 32)) {
			/* no room below 4 GiB: firmware leaves it unassigned */
			teeio_log(d->log, TEEIO_LOG_WARN, "dsm: BAR%u does not fit below 4 GiB", i);
			continue;
		}
		teeio_dsm_cfg_write(d, 0, (uint16_t)(reg0 + 4 * i), 4, (uint32_t)at);
		if (b->mem64)
			teeio_dsm_cfg_write(d, 0, (uint16_t)(reg0 + 4 * (i + 1)), 4,
					    (uint32_t)(at >> 32));
	}
}

void teeio_dsm_enumerate(struct teeio_dsm_dev *d, uint64_t mmio_base)
{
	uint64_t next = mmio_base;
	uint16_t fn, sr = TEEIO_DSM_ECAP_SRIOV;
	unsigned i;

	program_bars(d, CFG_BAR0, d->fn[0].prof, 1, &next);
	teeio_dsm_cfg_write(d, 0, CFG_COMMAND, 2, CMD_MEMORY | CMD_MASTER);
	if (dsm_has_vfs(d->prof)) {
		teeio_dsm_cfg_write(d, 0, sr + SRIOV_NUM_VF, 2, (uint32_t)(d->n_funcs - 1));
		program_bars(d, sr + SRIOV_BAR, d->fn[1].prof, d->n_funcs - 1u, &next);
		teeio_dsm_cfg_write(d, 0, sr + SRIOV_CTRL, 2,
				    SRIOV_CTRL_VFE | SRIOV_CTRL_MSE | SRIOV_CTRL_ARI);
		for (fn = 1; fn < d->n_funcs; fn++)
			teeio_dsm_cfg_write(d, fn, CFG_COMMAND, 2, CMD_MASTER);
	}
	for (i = 0; i < d->prof->ide.streams; i++) {
		uint32_t ctl = TEEIO_DSM_ECAP_IDE + IDE_SEL_BASE +
			       i * (IDE_SEL_ADDR + 12u * d->prof->ide.addr_blocks) + IDE_SEL_CTL;
		teeio_dsm_cfg_write(d, 0, (uint16_t)ctl, 4,
				    IDE_SEL_CTL_EN | i << IDE_SEL_CTL_ID_SHIFT);
	}
}

void teeio_dsm_power_cycle(struct teeio_dsm_dev *d)
{
	uint16_t i;

	teeio_dsm_reset(d);
	for (i = 0; i < d->n_funcs; i++) {
		struct teeio_dsm_fn *f = &d->fn[i];

		f->report.n_ranges = 0;
		/* cannot fail: the same arguments passed at device init */
		if (teeio_tdisp_tdi_init(&d->tdi[i], teeio_dsm_fn_id(d, i), &f->report) != TEEIO_OK)
			teeio_log(d->log, TEEIO_LOG_ERROR, "dsm: fn %u: TDI re-init failed", i);
	}
}
