/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the device tells its TDISP responder: whether an IDE stream is
 * Secure, whether a TDI may be locked (and, doing so, where its report
 * ranges are), and how a TDI is scrubbed.
 */
#include <string.h>

#include "dsm_internal.h"

static uint16_t fn_of(const struct teeio_dsm_dev *d, const struct teeio_tdisp_tdi *tdi)
{
	return (uint16_t)(tdi - d->tdi);
}

static teeio_err add_range(struct teeio_dsm_fn *f, uint64_t addr, uint64_t size, uint16_t attrs,
			   uint16_t id)
{
	struct teeio_tdisp_range *r;

	ENSURE(f->report.n_ranges < TEEIO_ARRAY_LEN(f->ranges), TEEIO_ERR_SIZE_LIMIT);
	r = &f->ranges[f->report.n_ranges++];
	r->addr = addr;
	r->pages = (uint32_t)(size / TEEIO_DSM_PAGE);
	r->attrs = attrs;
	r->range_id = id;
	return TEEIO_OK;
}

teeio_err teeio_dsm_report_resolve(struct teeio_dsm_dev *d, uint16_t fn, uint16_t lock_flags)
{
	struct teeio_dsm_fn *f;
	const struct teeio_dsm_fn_prof *p;
	const struct teeio_dsm_msix_prof *m;
	uint16_t msix_attr;
	uint64_t base;
	unsigned i;

	ENSURE(d && fn < d->n_funcs, TEEIO_ERR_USAGE);
	f = &d->fn[fn];
	p = f->prof;
	m = &p->msix;
	f->report.n_ranges = 0;
	for (i = 0; i < p->n_ranges; i++) {
		const struct teeio_dsm_range_prof *r = &p->ranges[i];

		ENSURE(teeio_dsm_bar_base(d, fn, r->bar, &base), TEEIO_ERR_STATE);
		TRY(add_range(f, base + r->offset, r->size,
			      (uint16_t)((r->non_tee ? TEEIO_TDISP_RANGE_NON_TEE : 0) |
					 (r->updatable ? TEEIO_TDISP_RANGE_ATTR_UPDATABLE : 0)),
			      r->id));
	}
	if (m->vectors) {
		/* The host keeps the MSI-X table and PBA unless LOCK_MSIX
		 * hands them to the TVM. */
		msix_attr = (lock_flags & TEEIO_TDISP_LOCK_MSIX) ? 0 : TEEIO_TDISP_RANGE_NON_TEE;
		/* assumption: the MSI-X table and PBA ranges carry the number of
		 * the BAR they live in as their Range ID. */
		ENSURE(teeio_dsm_bar_base(d, fn, m->table_bar, &base), TEEIO_ERR_STATE);
		TRY(add_range(f, base + m->table_offset, TEEIO_DSM_PAGE,
			      (uint16_t)(TEEIO_TDISP_RANGE_MSIX_TABLE | msix_attr), m->table_bar));
		ENSURE(teeio_dsm_bar_base(d, fn, m->pba_bar, &base), TEEIO_ERR_STATE);
		TRY(add_range(f, base + m->pba_offset, TEEIO_DSM_PAGE,
			      (uint16_t)(TEEIO_TDISP_RANGE_MSIX_PBA | msix_attr), m->pba_bar));
	}
	f->report.msix_msg_ctrl = m->vectors ? (uint16_t)(f->msix_ctrl | (m->vectors - 1)) : 0;
	return TEEIO_OK;
}

static bool ide_stream_secure(void *dev, const struct teeio_tdisp_tdi *tdi, uint8_t stream_id)
{
	struct teeio_dsm_dev *d = dev;

	(void)tdi;
	return d->caps.ide_secure && d->caps.ide_secure(d->caps.ctx, stream_id);
}

static uint32_t config_valid(void *dev, const struct teeio_tdisp_tdi *tdi,
			     const struct teeio_tdisp_lock_params *p)
{
	struct teeio_dsm_dev *d = dev;
	uint16_t fn = fn_of(d, tdi);

	/* A TDI is locked with its BARs decoding: the report names them. */
	if (!teeio_dsm_fn_present(d, fn) || !dsm_mem_enabled(d, fn))
		return TEEIO_TDISP_ERR_INVALID_DEVICE_CONFIGURATION;
	if ((p->flags & TEEIO_TDISP_LOCK_MSIX) && !d->fn[fn].prof->msix.vectors)
		return TEEIO_TDISP_ERR_INVALID_REQUEST;
	if (teeio_dsm_report_resolve(d, fn, p->flags) != TEEIO_OK)
		return TEEIO_TDISP_ERR_INVALID_DEVICE_CONFIGURATION;
	return TEEIO_TDISP_ERR_NONE;
}

static void scrub(void *dev, struct teeio_tdisp_tdi *tdi)
{
	struct teeio_dsm_dev *d = dev;
	struct teeio_dsm_fn *f = &d->fn[fn_of(d, tdi)];
	unsigned v;

	/* What a TVM may have left in the function: MSI-X messages and
	 * pending bits.  Back to the reset values. */
	memset(f->msix_table, 0, sizeof(f->msix_table));
	for (v = 0; v < TEEIO_DSM_MSIX_MAX; v++)
		f->msix_table[v][3] = MSIX_ENTRY_CTRL_MASKBIT;
	f->pba = 0;
	f->report.n_ranges = 0;
}

static void state_changed(void *dev, struct teeio_tdisp_tdi *tdi, enum teeio_tdisp_state from,
			  enum teeio_tdisp_state to)
{
	struct teeio_dsm_dev *d = dev;

	teeio_log(d->log, TEEIO_LOG_DEBUG, "dsm: fn %u: %s -> %s", fn_of(d, tdi),
		  teeio_tdisp_state_name((uint8_t)from), teeio_tdisp_state_name((uint8_t)to));
}

const struct teeio_tdisp_dev_ops dsm_tdisp_ops = {
    .ide_stream_secure = ide_stream_secure,
    .config_valid = config_valid,
    .scrub = scrub,
    .state_changed = state_changed,
};

teeio_err teeio_dsm_tdisp_exchange(void *ctx, const uint8_t *req, size_t req_len, uint8_t *rsp,
				   size_t *rsp_len)
{
	struct teeio_dsm_dev *d = ctx;

	ENSURE(d, TEEIO_ERR_USAGE);
	return teeio_tdisp_rsp_handle(&d->tdisp, true, req, req_len, rsp, rsp_len);
}
