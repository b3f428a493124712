/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated backend: TDI ops.  Bind = TDISP LOCK_INTERFACE (keep the START
 * nonce), the interface report, the secure device table entry (not live)
 * and the TDI's TEE MMIO mapped private-pending into the TVM.  Accept =
 * START_INTERFACE + DMA live.  Stop/unbind reverse it; the device scrubs
 * the TDI on STOP_INTERFACE (TDISP), the platform drops the private MMIO
 * mappings with the binding.
 */
#include <string.h>

#include "emu_internal.h"

static struct teeio_tsm_dev *core_dev(const struct teeio_tsm_tdi *x)
{
	return &x->tsm->dev[x->dev];
}

/* The report's TEE ranges, as HPAs, mapped back to back from mmio_gpa. */
static teeio_err plan_mmio(struct teeio_tsm_tdi *x, struct teeio_plat_binding *b)
{
	struct teeio_tdisp_report_view v;
	uint64_t gpa = x->params.mmio_gpa, off = x->params.mmio_reporting_offset;

	TRY(teeio_tdisp_report_parse(x->report, x->report_len, &v));
	x->n_mmio = 0;
	for (uint32_t i = 0; i < v.n_ranges; i++) {
		struct teeio_tdisp_mmio_range r;
		struct teeio_tsm_mmio_map *m;
		uint64_t addr;

		teeio_tdisp_report_range(&v, i, &r);
		if (r.attrs & TEEIO_TDISP_RANGE_NON_TEE)
			continue; /* stays shared, the VMM's business */
		ENSURE(x->n_mmio < TEEIO_TSM_TDI_MMIO_MAX && x->n_mmio < TEEIO_PLAT_MAX_TDI_MMIO,
		       TEEIO_ERR_SIZE_LIMIT);
		ENSURE(r.num_pages != 0 && r.first_page <= (UINT64_MAX >> TEEIO_TDISP_PAGE_SHIFT),
		       TEEIO_ERR_PROTO);
		addr = r.first_page << TEEIO_TDISP_PAGE_SHIFT;
		ENSURE(addr >= off, TEEIO_ERR_PROTO); /* the offset we asked for */
		m = &x->mmio[x->n_mmio];
		m->gpa = gpa;
		m->hpa = addr - off;
		m->pages = r.num_pages;
		m->range_id = (uint16_t)i;
		m->validated = false;
		b->mmio[b->n_mmio].base = m->hpa;
		b->mmio[b->n_mmio].size = (uint64_t)r.num_pages << TEEIO_TDISP_PAGE_SHIFT;
		b->n_mmio++;
		gpa += (uint64_t)r.num_pages << TEEIO_TDISP_PAGE_SHIFT;
		x->n_mmio++;
	}
	return TEEIO_OK;
}

teeio_err emu_bind(void *be, struct teeio_tsm_tdi *x)
{
	struct teeio_tsm_emu *e = be;
	struct teeio_tsm_dev *d = core_dev(x);
	struct teeio_tsm_emu_dev *ed = emu_dev(e, d);
	struct teeio_tdisp_caps caps;
	struct teeio_tdisp_lock_params lp = {
	    .flags = x->params.lock_flags,
	    .default_stream_id = d->cfg.stream_id,
	    .mmio_reporting_offset = x->params.mmio_reporting_offset,
	    .p2p_addr_mask = 0,
	};
	struct teeio_plat_binding b = {
	    .rid = x->rid,
	    .stream_id = d->cfg.stream_id,
	    .tvm = (uint8_t)x->tvm,
	    .dma_base = x->params.dma_base,
	    .dma_limit = x->params.dma_limit,
	};

	TRY(teeio_tdisp_req_get_version(&ed->td, x->function_id));
	TRY(teeio_tdisp_req_get_caps(&ed->td, x->function_id, 0, &caps));
	ENSURE((lp.flags & ~caps.lock_flags) == 0, TEEIO_ERR_PROTO_UNSUPPORTED);
	TRY(teeio_tdisp_req_lock(&ed->td, x->function_id, &lp, x->nonce));
	TRY(teeio_tdisp_req_get_report(&ed->td, x->function_id, x->report, sizeof(x->report),
				       &x->report_len));
	TRY(plan_mmio(x, &b));
	TRY(teeio_plat_tsm_bind(&e->view, &b));
	for (unsigned i = 0; i < x->n_mmio; i++)
		TRY(teeio_plat_tsm_mmio_map(&e->view, x->tvm, x->mmio[i].gpa, x->mmio[i].hpa,
					    x->mmio[i].pages));
	return TEEIO_OK;
}

teeio_err emu_accept(void *be, struct teeio_tsm_tdi *x)
{
	struct teeio_tsm_emu *e = be;
	struct teeio_tsm_emu_dev *ed = emu_dev(e, core_dev(x));
	teeio_err rc;

	/* The nonce is single use whatever the answer. */
	rc = teeio_tdisp_req_start(&ed->td, x->function_id, x->nonce);
	teeio_wipe(x->nonce, sizeof(x->nonce));
	TRY(rc);
	return teeio_plat_tsm_dma_enable(&e->view, x->rid);
}

/* Device side of a teardown: STOP_INTERFACE unless already unlocked. */
static teeio_err tdi_stop_device(struct teeio_tsm_emu_dev *ed, const struct teeio_tsm_tdi *x)
{
	enum teeio_tdisp_state st = TEEIO_TDISP_CONFIG_UNLOCKED;

	TRY(teeio_tdisp_req_get_state(&ed->td, x->function_id, &st));
	if (st == TEEIO_TDISP_CONFIG_UNLOCKED)
		return TEEIO_OK;
	return teeio_tdisp_req_stop(&ed->td, x->function_id);
}

/* Platform side: no more T=1 DMA, no more private MMIO. */
static teeio_err tdi_unbind_platform(struct teeio_tsm_emu *e, const struct teeio_tsm_tdi *x)
{
	teeio_err rc = teeio_plat_tsm_unbind(&e->view, x->rid);

	return rc == TEEIO_ERR_USAGE_NOT_FOUND ? TEEIO_OK : rc; /* never bound, or stopped */
}

teeio_err emu_stop(void *be, struct teeio_tsm_tdi *x)
{
	struct teeio_tsm_emu *e = be;
	struct teeio_tsm_emu_dev *ed = emu_dev(e, core_dev(x));

	/* assumption: the emulated platform has no DMA-disable separate from
	 * the binding, so the secure device table entry (and with it the
	 * TDI's private MMIO) goes at STOP; unbind then finds nothing there. */
	TRY(tdi_unbind_platform(e, x));
	return teeio_tdisp_req_stop(&ed->td, x->function_id);
}

/* Device side, best effort: STOP_INTERFACE while a session exists.  A TDI
 * it could not stop is remembered: the next connect stops it
 * (emu_stop_stale) so that the first bind after a recovery works. */
static teeio_err tdi_stop_or_remember(struct teeio_tsm_emu_dev *ed, const struct teeio_tsm_dev *d,
				      const struct teeio_tsm_tdi *x)
{
	teeio_err rc = TEEIO_ERR_STATE; /* no session to send it in */

	if (d->session_id != 0 && ed->km_link.session_id != 0)
		rc = tdi_stop_device(ed, x);
	if (rc != TEEIO_OK)
		ed->stale = true;
	return rc;
}

teeio_err emu_unbind(void *be, struct teeio_tsm_tdi *x)
{
	struct teeio_tsm_emu *e = be;
	struct teeio_tsm_dev *d = core_dev(x);
	struct teeio_tsm_emu_dev *ed = emu_dev(e, d);
	teeio_err rc, x2;

	/* Platform first: from here on nothing of the TVM is reachable. */
	rc = tdi_unbind_platform(e, x);
	x2 = tdi_stop_or_remember(ed, d, x);
	if (rc == TEEIO_OK && d->session_id != 0)
		rc = x2; /* without a session the device cannot be told now */
	return rc;
}

void emu_quiesce(void *be, struct teeio_tsm_tdi *x)
{
	struct teeio_tsm_emu *e = be;
	struct teeio_tsm_dev *d = core_dev(x);
	teeio_err rc;

	/* The secure device table entry goes first: T=1 DMA and private MMIO
	 * end here whatever the device still believes. */
	rc = tdi_unbind_platform(e, x);
	if (rc != TEEIO_OK)
		teeio_log(e->cfg.log, TEEIO_LOG_WARN, "tsm emu: quiesce %04x: platform: %s", x->rid,
			  teeio_err_str(rc));
	rc = tdi_stop_or_remember(emu_dev(e, d), d, x);
	if (rc != TEEIO_OK)
		teeio_log(e->cfg.log, TEEIO_LOG_WARN, "tsm emu: quiesce %04x: STOP: %s", x->rid,
			  teeio_err_str(rc));
}

void emu_stop_stale(struct teeio_tsm_emu *e, struct teeio_tsm_emu_dev *ed,
		    const struct teeio_tsm_dev *d)
{
	bool left = false;

	if (!ed->stale)
		return;
	/* The TSM does not know which functions the dead session left
	 * locked, running or in ERROR: ask each (TDISP GET_DEVICE_INTERFACE_
	 * STATE) and STOP what is not unlocked.  Best effort: a function that
	 * does not answer stays stale for the next connect. */
	for (uint32_t i = 0; i < d->cfg.n_rids; i++) {
		uint16_t rid = (uint16_t)(d->cfg.rid + i);
		struct teeio_tsm_tdi x;
		teeio_err rc;

		memset(&x, 0, sizeof(x));
		x.rid = rid;
		x.function_id = teeio_tdisp_function_id(rid, d->cfg.segment, d->cfg.segment != 0);
		rc = tdi_stop_device(ed, &x);
		if (rc != TEEIO_OK) {
			teeio_log(e->cfg.log, TEEIO_LOG_WARN, "tsm emu: stale TDI %04x: %s", rid,
				  teeio_err_str(rc));
			left = true;
		}
	}
	ed->stale = left;
}
