/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PF's extended capabilities: DOE (0x2E, the transport's mailbox
 * behind the header), SR-IOV (0x10, when the profile has VFs) and IDE
 * (0x30, selective streams only).  Chain: DOE -> SR-IOV -> IDE -> end.
 */
#include "dsm_internal.h"

#define ECAP_VERSION 1u

static uint32_t ide_stream_off(const struct teeio_dsm_profile *p, unsigned i)
{
	return IDE_SEL_BASE + i * (IDE_SEL_ADDR + 12u * p->ide.addr_blocks);
}

/* ----- SR-IOV ------------------------------------------------------------ */

static uint32_t vf_bar_read(const struct teeio_dsm_dev *d, unsigned i)
{
	const struct teeio_dsm_fn_prof *vf = d->fn[1].prof;
	const struct teeio_dsm_bar_prof *b = &vf->bars[i];
	uint32_t r = d->sriov.vf_bar[i];

	if (i > 0 && vf->bars[i - 1].mem64)
		return (uint32_t)(((uint64_t)r << 32 & ~(vf->bars[i - 1].size - 1)) >> 32);
	if (!b->size)
		return 0;
	return (r & ~(uint32_t)(b->size - 1) & ~BAR_MEM_MASK) | (b->mem64 ? BAR_MEM_TYPE_64 : 0) |
	       (b->prefetch ? BAR_MEM_PREFETCH : 0);
}

static uint32_t sriov_read(const struct teeio_dsm_dev *d, uint32_t off)
{
	uint16_t total = (uint16_t)(d->n_funcs - 1);

	switch (off) {
	case 0: return ECAP_HDR(ECAP_ID_SRIOV, ECAP_VERSION, TEEIO_DSM_ECAP_IDE);
	case SRIOV_CTRL: return d->sriov.ctrl;
	case SRIOV_INITIAL_VF: return total | (uint32_t)total << 16;
	case SRIOV_NUM_VF: return d->sriov.num_vfs;
	case SRIOV_VF_OFFSET: /* First VF Offset 1, VF Stride 1 */ return 1u | 1u << 16;
	case SRIOV_VF_DID: return (uint32_t)d->prof->vf_device_id << 16;
	case SRIOV_SUP_PGSIZE: return SRIOV_PGSIZE_4K;
	case SRIOV_SYS_PGSIZE: return d->sriov.sys_page;
	}
	if (off >= SRIOV_BAR && off < SRIOV_BAR + 4 * TEEIO_DSM_BARS)
		return vf_bar_read(d, (off - SRIOV_BAR) / 4);
	return 0;
}

/* Tell every locked VF that its configuration changed under it. */
static void vfs_event(struct teeio_dsm_dev *d, enum teeio_tdisp_event ev)
{
	uint16_t i;

	for (i = 1; i < d->n_funcs; i++)
		if (teeio_dsm_fn_present(d, i))
			dsm_event(d, i, ev);
}

static void sriov_write(struct teeio_dsm_dev *d, uint32_t off, uint32_t val, uint32_t mask)
{
	uint16_t i;

	if (off == SRIOV_CTRL && (mask & 0xFFFFu)) {
		uint16_t now = (uint16_t)(val & (SRIOV_CTRL_VFE | SRIOV_CTRL_MSE | SRIOV_CTRL_ARI));
		bool vfe_off = (d->sriov.ctrl & SRIOV_CTRL_VFE) && !(now & SRIOV_CTRL_VFE);

		if ((now ^ d->sriov.ctrl) & (SRIOV_CTRL_VFE | SRIOV_CTRL_MSE))
			vfs_event(d, TEEIO_TDISP_EV_CFG_VF);
		d->sriov.ctrl = now;
		/* Clearing VF Enable makes the VFs cease to exist. */
		for (i = 1; vfe_off && i < d->n_funcs; i++)
			dsm_fn_reset(d, i);
	} else if (off == SRIOV_NUM_VF && (mask & 0xFFFFu)) {
		/* NumVFs may only change while VF Enable is clear. */
		if (!(d->sriov.ctrl & SRIOV_CTRL_VFE))
			d->sriov.num_vfs =
			    (uint16_t)((val & 0xFFFFu) < d->n_funcs - 1u ? (val & 0xFFFFu)
									 : d->n_funcs - 1u);
	} else if (off == SRIOV_SYS_PGSIZE) {
		/* Only 4 KiB pages are supported: anything else is ignored. */
		if ((val & 0xFFFFu) == SRIOV_PGSIZE_4K)
			d->sriov.sys_page = SRIOV_PGSIZE_4K;
	} else if (off >= SRIOV_BAR && off < SRIOV_BAR + 4 * TEEIO_DSM_BARS) {
		unsigned b = (off - SRIOV_BAR) / 4;
		uint32_t before = vf_bar_read(d, b);

		d->sriov.vf_bar[b] = val;
		if (vf_bar_read(d, b) != before)
			vfs_event(d, TEEIO_TDISP_EV_CFG_BAR);
	}
}

/* ----- IDE --------------------------------------------------------------- */

static uint32_t ide_read(const struct teeio_dsm_dev *d, uint32_t off)
{
	const struct teeio_dsm_ide_prof *ip = &d->prof->ide;
	unsigned i;

	if (off == 0)
		return ECAP_HDR(ECAP_ID_IDE, ECAP_VERSION, 0);
	if (off == IDE_CAP)
		return IDE_CAP_SELECTIVE | IDE_CAP_IDE_KM | (ip->pcrc ? IDE_CAP_PCRC : 0) |
		       (ip->aggregation ? IDE_CAP_AGGREGATION : 0) |
		       (ip->tee_limited ? IDE_CAP_TEE_LIMITED : 0) |
		       (uint32_t)(ip->streams - 1) << IDE_CAP_SEL_NUM_SHIFT;
	if (off == IDE_CTL)
		return d->ide_ctrl;
	for (i = 0; i < ip->streams; i++) {
		const struct teeio_dsm_ide_regs *r = &d->ide[i];
		uint32_t base = ide_stream_off(d->prof, i), rel;
		bool secure;

		if (off < base || off >= base + IDE_SEL_ADDR + 12u * ip->addr_blocks)
			continue;
		rel = off - base;
		switch (rel) {
		case IDE_SEL_CAP: return ip->addr_blocks;
		case IDE_SEL_CTL: return r->ctrl;
		case IDE_SEL_STS:
			secure = (r->ctrl & IDE_SEL_CTL_EN) && d->caps.ide_secure &&
				 d->caps.ide_secure(d->caps.ctx,
						    (uint8_t)(r->ctrl >> IDE_SEL_CTL_ID_SHIFT));
			return secure ? IDE_SEL_STS_SECURE : 0;
		case IDE_SEL_RID1: return r->rid1;
		case IDE_SEL_RID2: return r->rid2;
		}
		rel -= IDE_SEL_ADDR;
		return r->addr[rel / 12][rel % 12 / 4];
	}
	return 0;
}

static void ide_ctl_write(struct teeio_dsm_dev *d, unsigned i, uint32_t val)
{
	struct teeio_dsm_ide_regs *r = &d->ide[i];
	uint32_t now = val & IDE_SEL_CTL_RW;
	bool was = r->ctrl & IDE_SEL_CTL_EN, on = now & IDE_SEL_CTL_EN;
	uint8_t old_id = (uint8_t)(r->ctrl >> IDE_SEL_CTL_ID_SHIFT);

	if (was)
		now = (now & ~(0xFFu << IDE_SEL_CTL_ID_SHIFT)) |
		      (r->ctrl & (0xFFu << IDE_SEL_CTL_ID_SHIFT)); /* ID fixed while on */
	r->ctrl = now;
	if (was == on)
		return;
	if (d->caps.ide_enable)
		d->caps.ide_enable(d->caps.ctx, i, (uint8_t)(now >> IDE_SEL_CTL_ID_SHIFT), on);
	if (was && !on) /* disabling a stream takes it out of Secure */
		teeio_dsm_ide_insecure(d, old_id);
}

static void ide_write(struct teeio_dsm_dev *d, uint32_t off, uint32_t val)
{
	const struct teeio_dsm_ide_prof *ip = &d->prof->ide;
	unsigned i;

	for (i = 0; i < ip->streams; i++) {
		struct teeio_dsm_ide_regs *r = &d->ide[i];
		uint32_t base = ide_stream_off(d->prof, i), rel;

		if (off < base || off >= base + IDE_SEL_ADDR + 12u * ip->addr_blocks)
			continue;
		rel = off - base;
		if (rel == IDE_SEL_CTL)
			ide_ctl_write(d, i, val);
		else if (rel == IDE_SEL_RID1)
			r->rid1 = val & IDE_SEL_RID1_RW;
		else if (rel == IDE_SEL_RID2)
			r->rid2 = val & IDE_SEL_RID2_RW;
		else if (rel >= IDE_SEL_ADDR) {
			rel -= IDE_SEL_ADDR;
			r->addr[rel / 12][rel % 12 / 4] = rel % 12 ? val : val & IDE_SEL_ADDR1_RW;
		}
		return;
	}
}

/* ----- dispatch ---------------------------------------------------------- */

uint32_t dsm_ext_read(struct teeio_dsm_dev *d, uint16_t off)
{
	bool vfs = dsm_has_vfs(d->prof);

	if (off >= TEEIO_DSM_ECAP_DOE && off < TEEIO_DSM_ECAP_DOE + DOE_SIZE) {
		uint32_t rel = off - TEEIO_DSM_ECAP_DOE;
		if (rel == 0)
			return ECAP_HDR(ECAP_ID_DOE, ECAP_VERSION,
					vfs ? TEEIO_DSM_ECAP_SRIOV : TEEIO_DSM_ECAP_IDE);
		return d->caps.doe_read ? d->caps.doe_read(d->caps.ctx, rel) : 0;
	}
	if (vfs && off >= TEEIO_DSM_ECAP_SRIOV && off < TEEIO_DSM_ECAP_SRIOV + SRIOV_SIZE)
		return sriov_read(d, off - TEEIO_DSM_ECAP_SRIOV);
	if (off >= TEEIO_DSM_ECAP_IDE && off < TEEIO_DSM_ECAP_IDE + ide_size(d->prof))
		return ide_read(d, off - TEEIO_DSM_ECAP_IDE);
	return 0;
}

void dsm_ext_write(struct teeio_dsm_dev *d, uint16_t off, uint32_t val, uint32_t mask)
{
	if (off >= TEEIO_DSM_ECAP_DOE && off < TEEIO_DSM_ECAP_DOE + DOE_SIZE) {
		/* The mailbox registers take whole DWORDs only. */
		if (off > TEEIO_DSM_ECAP_DOE && mask == 0xFFFFFFFFu && d->caps.doe_write)
			d->caps.doe_write(d->caps.ctx, off - TEEIO_DSM_ECAP_DOE, val);
		return;
	}
	if (dsm_has_vfs(d->prof) && off >= TEEIO_DSM_ECAP_SRIOV &&
	    off < TEEIO_DSM_ECAP_SRIOV + SRIOV_SIZE) {
		sriov_write(d, off - TEEIO_DSM_ECAP_SRIOV, val, mask);
		return;
	}
	if (off >= TEEIO_DSM_ECAP_IDE && off < TEEIO_DSM_ECAP_IDE + ide_size(d->prof))
		ide_write(d, off - TEEIO_DSM_ECAP_IDE, val);
}
