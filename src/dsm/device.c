/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The device: functions and their TDIs, Routing IDs, BAR decoding, resets,
 * and the path from everything the device sees to the TDISP state machine.
 */
#include <string.h>

#include "dsm_internal.h"

uint16_t teeio_dsm_fn_rid(const struct teeio_dsm_dev *d, uint16_t fn)
{
	/* PCIe SR-IOV: VF n's Routing ID is the PF's + First VF Offset +
	 * (n-1) * VF Stride; the model uses offset 1 and stride 1 (ARI). */
	return (uint16_t)(((uint16_t)d->prof->bus << 8 |
			   (uint16_t)(d->prof->device << 3 | d->prof->function)) +
			  fn);
}

uint32_t teeio_dsm_fn_id(const struct teeio_dsm_dev *d, uint16_t fn)
{
	return teeio_tdisp_function_id(teeio_dsm_fn_rid(d, fn), d->prof->segment,
				       d->prof->segment != 0);
}

bool teeio_dsm_fn_present(const struct teeio_dsm_dev *d, uint16_t fn)
{
	if (fn == 0)
		return true;
	return fn < d->n_funcs && (d->sriov.ctrl & SRIOV_CTRL_VFE) && fn <= d->sriov.num_vfs;
}

int teeio_dsm_fn_by_rid(const struct teeio_dsm_dev *d, uint16_t rid)
{
	uint16_t pf = teeio_dsm_fn_rid(d, 0);
	uint16_t fn = (uint16_t)(rid - pf);

	if (rid < pf || fn >= d->n_funcs || !teeio_dsm_fn_present(d, fn))
		return -1;
	return fn;
}

enum teeio_tdisp_state teeio_dsm_tdi_state(const struct teeio_dsm_dev *d, uint16_t fn)
{
	return fn < d->n_funcs ? (enum teeio_tdisp_state)d->tdi[fn].state
			       : TEEIO_TDISP_CONFIG_UNLOCKED;
}

bool dsm_mem_enabled(const struct teeio_dsm_dev *d, uint16_t fn)
{
	if (!teeio_dsm_fn_present(d, fn))
		return false;
	if (fn == 0)
		return d->fn[0].command & CMD_MEMORY;
	return d->sriov.ctrl & SRIOV_CTRL_MSE;
}

bool teeio_dsm_bar_base(const struct teeio_dsm_dev *d, uint16_t fn, unsigned bar, uint64_t *base)
{
	const struct teeio_dsm_fn *f;
	const struct teeio_dsm_bar_prof *b;
	const uint32_t *regs;
	uint64_t addr;

	if (fn >= d->n_funcs || bar >= TEEIO_DSM_BARS || !dsm_mem_enabled(d, fn))
		return false;
	f = &d->fn[fn];
	b = &f->prof->bars[bar];
	if (!b->size)
		return false;
	/* A VF's BARs are the SR-IOV VF BARs, one VF-sized slot per VF. */
	regs = fn == 0 ? f->bar : d->sriov.vf_bar;
	addr = regs[bar] & ~(uint64_t)BAR_MEM_MASK;
	if (b->mem64)
		addr |= (uint64_t)regs[bar + 1] << 32;
	addr &= ~(b->size - 1);
	if (addr == 0) /* unassigned: nothing decodes at 0 */
		return false;
	if (fn > 0)
		addr += (uint64_t)(fn - 1) * b->size;
	*base = addr;
	return true;
}

void dsm_event(struct teeio_dsm_dev *d, int fn, enum teeio_tdisp_event ev)
{
	teeio_err e;

	if (fn >= 0 && (fn >= d->n_funcs || (d->tdi[fn].state != TEEIO_TDISP_CONFIG_LOCKED &&
					     d->tdi[fn].state != TEEIO_TDISP_RUN)))
		return; /* only a locked TDI is hurt by what the device sees */
	if (fn >= 0)
		teeio_log(d->log, TEEIO_LOG_INFO, "dsm: fn %d: device event %d in %s", fn, ev,
			  teeio_tdisp_state_name(d->tdi[fn].state));
	e = teeio_tdisp_event(&d->tdisp, fn >= 0 ? &d->tdi[fn] : NULL, ev);
	if (e != TEEIO_OK) /* only an unknown event fails: a bug here */
		teeio_log(d->log, TEEIO_LOG_ERROR, "dsm: tdisp event %d: %s", ev, teeio_err_str(e));
}

void dsm_fn_reset(struct teeio_dsm_dev *d, uint16_t fn)
{
	struct teeio_dsm_fn *f = &d->fn[fn];
	unsigned v;

	f->command = 0;
	f->devctl = EXP_DEVCTL_RESET;
	f->msix_ctrl = 0;
	memset(f->bar, 0, sizeof(f->bar));
	f->pba = 0;
	memset(f->msix_table, 0, sizeof(f->msix_table));
	/* PCI 3.0 6.8.2.9: every vector comes out of reset masked. */
	for (v = 0; v < TEEIO_DSM_MSIX_MAX; v++)
		f->msix_table[v][3] = MSIX_ENTRY_CTRL_MASKBIT;
}

void teeio_dsm_flr(struct teeio_dsm_dev *d, uint16_t fn)
{
	uint16_t i;

	if (!teeio_dsm_fn_present(d, fn))
		return;
	dsm_event(d, fn, TEEIO_TDISP_EV_FLR);
	dsm_fn_reset(d, fn);
	if (fn != 0)
		return;
	/* An FLR of the PF clears VF Enable: every VF goes away with it. */
	for (i = 1; i < d->n_funcs; i++) {
		if (teeio_dsm_fn_present(d, i))
			dsm_event(d, i, TEEIO_TDISP_EV_FLR);
		dsm_fn_reset(d, i);
	}
	memset(&d->sriov, 0, sizeof(d->sriov));
	d->sriov.sys_page = SRIOV_PGSIZE_4K;
}

void teeio_dsm_reset(struct teeio_dsm_dev *d)
{
	uint16_t i;

	dsm_event(d, -1, TEEIO_TDISP_EV_RESET);
	for (i = 0; i < d->n_funcs; i++)
		dsm_fn_reset(d, i);
	memset(&d->sriov, 0, sizeof(d->sriov));
	d->sriov.sys_page = SRIOV_PGSIZE_4K;
	d->ide_ctrl = 0;
	for (i = 0; i < TEEIO_DSM_STREAMS_MAX; i++) {
		if ((d->ide[i].ctrl & IDE_SEL_CTL_EN) && d->caps.ide_enable)
			d->caps.ide_enable(d->caps.ctx, i,
					   (uint8_t)(d->ide[i].ctrl >> IDE_SEL_CTL_ID_SHIFT),
					   false);
		memset(&d->ide[i], 0, sizeof(d->ide[i]));
	}
}

void teeio_dsm_ide_insecure(struct teeio_dsm_dev *d, uint8_t stream_id)
{
	teeio_log(d->log, TEEIO_LOG_INFO, "dsm: IDE stream %u left Secure", stream_id);
	teeio_tdisp_stream_insecure(&d->tdisp, stream_id);
}

void teeio_dsm_session_ended(struct teeio_dsm_dev *d)
{
	/* assumption: one TSM session owns every TDI of the device (the TDISP
	 * state does not record the session that locked a TDI), so the end of
	 * any session that spoke TDISP hits every locked TDI. */
	dsm_event(d, -1, TEEIO_TDISP_EV_SESSION_END);
}

teeio_err teeio_dsm_dev_init(struct teeio_dsm_dev *d, const struct teeio_dsm_profile *p,
			     const struct teeio_crypto_ops *crypto,
			     const struct teeio_dsm_cap_hooks *caps,
			     const struct teeio_dsm_dma_ops *dma, const struct teeio_log *log)
{
	struct teeio_tdisp_rsp_config tc;
	uint16_t i;

	ENSURE(d && p && crypto, TEEIO_ERR_USAGE);
	ENSURE(p->n_funcs >= 1 && p->n_funcs <= TEEIO_DSM_FUNCS_MAX, TEEIO_ERR_USAGE);
	memset(d, 0, sizeof(*d));
	d->prof = p;
	d->log = log;
	if (caps)
		d->caps = *caps;
	if (dma)
		d->dma = *dma;
	d->n_funcs = p->n_funcs;
	for (i = 0; i < d->n_funcs; i++) {
		struct teeio_dsm_fn *f = &d->fn[i];
		const struct teeio_dsm_fn_prof *fp = teeio_dsm_profile_fn(p, i);

		ENSURE(fp, TEEIO_ERR_USAGE);
		f->prof = fp;
		f->index = i;
		f->report.interface_info = fp->interface_info;
		f->report.ranges = f->ranges;
		f->report.dev_info = fp->devinfo_len ? fp->devinfo : NULL;
		f->report.dev_info_len = fp->devinfo_len;
		dsm_fn_reset(d, i);
		TRY(teeio_tdisp_tdi_init(&d->tdi[i], teeio_dsm_fn_id(d, i), &f->report));
	}
	d->sriov.sys_page = SRIOV_PGSIZE_4K;

	memset(&tc, 0, sizeof(tc));
	tc.crypto = crypto;
	tc.ops = &dsm_tdisp_ops;
	tc.dev = d;
	tc.tdis = d->tdi;
	tc.n_tdis = d->n_funcs;
	tc.lock_flags = TEEIO_DSM_LOCK_FLAGS;
	tc.dev_addr_width = TEEIO_DSM_ADDR_WIDTH;
	tc.num_req_this = 1;
	tc.num_req_all = 1;
	tc.log = log;
	return teeio_tdisp_rsp_init(&d->tdisp, &tc);
}
