/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One TDI: its context, the device events that break it (TDISP 11.2:
 * a locked or running TDI whose configuration, reset state, IDE stream or
 * SPDM session changes under it enters ERROR), and the data-path access
 * decision the device model asks for every memory request.
 */
#include <string.h>

#include "tdisp_internal.h"

teeio_err teeio_tdisp_tdi_init(struct teeio_tdisp_tdi *tdi, uint32_t function_id,
			       const struct teeio_tdisp_report *report)
{
	ENSURE(tdi != NULL, TEEIO_ERR_USAGE);
	ENSURE(teeio_tdisp_function_id_ok(function_id), TEEIO_ERR_USAGE);
	if (report) {
		ENSURE(report->n_ranges <= TEEIO_TDISP_RANGES_MAX, TEEIO_ERR_USAGE);
		ENSURE(report->n_ranges == 0 || report->ranges, TEEIO_ERR_USAGE);
		ENSURE(report->dev_info_len == 0 || report->dev_info, TEEIO_ERR_USAGE);
	}
	memset(tdi, 0, sizeof(*tdi));
	tdi->function_id = function_id;
	tdi->report = report;
	tdi->state = TEEIO_TDISP_CONFIG_UNLOCKED;
	return TEEIO_OK;
}

uint16_t tdisp_range_attrs(const struct teeio_tdisp_tdi *tdi, uint16_t i)
{
	uint16_t a = tdi->report->ranges[i].attrs;

	if ((tdi->non_tee_flip >> i) & 1u)
		a ^= TEEIO_TDISP_RANGE_NON_TEE;
	return a;
}

void tdisp_tdi_unlock(struct teeio_tdisp_tdi *tdi)
{
	teeio_wipe(tdi->nonce, sizeof(tdi->nonce));
	tdi->nonce_valid = false;
	tdi->lock_flags = 0;
	tdi->default_stream = 0;
	tdi->mmio_offset = 0;
	tdi->p2p_addr_mask = 0;
	tdi->non_tee_flip = 0;
	memset(tdi->p2p_bound, 0, sizeof(tdi->p2p_bound));
	tdi->error_cause = 0;
}

void tdisp_tdi_set_state(const struct teeio_tdisp_rsp *r, struct teeio_tdisp_tdi *tdi, uint8_t to)
{
	uint8_t from = tdi->state;

	if (from == to)
		return;
	tdi->state = to;
	teeio_log(r->cfg.log, TEEIO_LOG_INFO, "tdisp: TDI %08x %s -> %s", tdi->function_id,
		  teeio_tdisp_state_name(from), teeio_tdisp_state_name(to));
	if (r->cfg.ops->state_changed)
		r->cfg.ops->state_changed(r->cfg.dev, tdi, (enum teeio_tdisp_state)from,
					  (enum teeio_tdisp_state)to);
}

bool teeio_tdisp_tdi_uses_stream(const struct teeio_tdisp_tdi *tdi, uint8_t stream_id)
{
	if (tdi->state == TEEIO_TDISP_CONFIG_UNLOCKED)
		return false;
	return tdi->default_stream == stream_id || tdisp_p2p_bound(tdi, stream_id);
}

/* ------------------------------------------------------------------------ */
/* Device events.                                                           */

static void deliver(struct teeio_tdisp_rsp *r, struct teeio_tdisp_tdi *tdi,
		    enum teeio_tdisp_event ev)
{
	const struct tdisp_cell *c = tdisp_fsm_cell(tdi->state, ev);

	switch (c->action) {
	case ACT_FAIL_MSIX:
		/* Only a TDI locked with LOCK_MSIX owns its MSI-X state. */
		if (!(tdi->lock_flags & TEEIO_TDISP_LOCK_MSIX))
			return;
		/* fallthrough */
	case ACT_FAIL:
		/*
		 * The TVM's data stays in the TDI, unreachable (the access
		 * decision closes private ranges in ERROR) until STOP
		 * scrubs it.  The START nonce dies now: ERROR never leads
		 * back to RUN.
		 */
		teeio_wipe(tdi->nonce, sizeof(tdi->nonce));
		tdi->nonce_valid = false;
		tdi->error_cause = (uint8_t)ev;
		tdisp_tdi_set_state(r, tdi, c->next);
		return;
	default: /* ACT_IGNORE */ return;
	}
}

teeio_err teeio_tdisp_event(struct teeio_tdisp_rsp *r, struct teeio_tdisp_tdi *tdi,
			    enum teeio_tdisp_event ev)
{
	ENSURE(r != NULL, TEEIO_ERR_USAGE);
	ENSURE(ev >= TEEIO_TDISP_EV_DEVICE_FIRST && ev < TEEIO_TDISP_EV_COUNT, TEEIO_ERR_USAGE);
	if (tdi) {
		deliver(r, tdi, ev);
		return TEEIO_OK;
	}
	for (size_t i = 0; i < r->cfg.n_tdis; i++)
		deliver(r, &r->cfg.tdis[i], ev);
	return TEEIO_OK;
}

void teeio_tdisp_stream_insecure(struct teeio_tdisp_rsp *r, uint8_t stream_id)
{
	for (size_t i = 0; i < r->cfg.n_tdis; i++)
		if (teeio_tdisp_tdi_uses_stream(&r->cfg.tdis[i], stream_id))
			deliver(r, &r->cfg.tdis[i], TEEIO_TDISP_EV_IDE_INSECURE);
}

/* ------------------------------------------------------------------------ */
/* Data path.                                                               */

/* Index of the range holding addr, or -1. */
static int range_of(const struct teeio_tdisp_tdi *tdi, uint64_t addr)
{
	const struct teeio_tdisp_report *rep = tdi->report;

	if (rep == NULL)
		return -1;
	for (uint16_t i = 0; i < rep->n_ranges; i++) {
		const struct teeio_tdisp_range *rg = &rep->ranges[i];
		uint64_t size = (uint64_t)rg->pages << TEEIO_TDISP_PAGE_SHIFT;

		if (addr >= rg->addr && addr - rg->addr < size)
			return i;
	}
	return -1;
}

/*
 * assumption: the TDISP rules for requests to a TDI (11.2 per state) as
 * teeio enforces them:
 *   CONFIG_UNLOCKED  legacy device: T=0 accepted, T=1 is UR.
 *   CONFIG_LOCKED    T=1 is UR (not yet started); T=0 reaches only
 *                    non-TEE ranges.
 *   RUN              private ranges take T=1 over the default stream or a
 *                    bound P2P stream only; T=0 there is UR; non-TEE
 *                    ranges take T=0 and T=1.
 *   ERROR            T=1 is UR; private ranges are closed to everything.
 */
enum teeio_tdisp_access teeio_tdisp_tdi_access(const struct teeio_tdisp_tdi *tdi, uint64_t addr,
					       bool is_t, uint8_t stream_id)
{
	int i = range_of(tdi, addr);
	bool priv = i >= 0 && !(tdisp_range_attrs(tdi, (uint16_t)i) & TEEIO_TDISP_RANGE_NON_TEE);

	switch (tdi->state) {
	case TEEIO_TDISP_CONFIG_UNLOCKED: return is_t ? TEEIO_TDISP_UR : TEEIO_TDISP_ALLOW;
	case TEEIO_TDISP_RUN:
		if (!priv)
			return TEEIO_TDISP_ALLOW;
		if (is_t && teeio_tdisp_tdi_uses_stream(tdi, stream_id))
			return TEEIO_TDISP_ALLOW;
		return TEEIO_TDISP_UR;
	case TEEIO_TDISP_CONFIG_LOCKED:
	case TEEIO_TDISP_STATE_ERROR:
	default:
		if (is_t || priv)
			return TEEIO_TDISP_UR;
		return TEEIO_TDISP_ALLOW;
	}
}
