/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TDISP responder handlers, one per request (TDISP 11.3.x).  A handler
 * checks the request against the TDI and the device, appends the response
 * body, and commits its changes to the TDI last; it returns a TDISP error
 * code having changed nothing otherwise.  State changes are not theirs:
 * the dispatcher applies the state table's next state after success.
 */
#include <string.h>

#include "rsp_internal.h"

#define OK TEEIO_TDISP_ERR_NONE

/* Buffer failures while writing a response are the responder's own. */
#define PUT(expr)                                           \
	do {                                                \
		if ((expr) != TEEIO_OK)                     \
			return TEEIO_TDISP_ERR_UNSPECIFIED; \
	} while (0)

static const struct teeio_tdisp_dev_ops *ops(const struct tdisp_call *c)
{
	return c->r->cfg.ops;
}

/* TDISP_VERSION: teeio speaks 1.0 only. */
static uint32_t h_version(struct tdisp_call *c)
{
	PUT(teeio_buf_put_u8(&c->out, 1));
	PUT(teeio_buf_put_u8(&c->out, TDISP_VERSION));
	return OK;
}

/* TDISP_CAPABILITIES.  TSM_CAPS has no bits defined in TDISP 1.0. */
static uint32_t h_caps(struct tdisp_call *c)
{
	const struct teeio_tdisp_rsp_config *cfg = &c->r->cfg;
	uint8_t req_msgs[TDISP_REQ_MSGS_LEN];

	tdisp_rsp_req_msgs(c->r, req_msgs);
	PUT(teeio_buf_put_u32le(&c->out, cfg->dsm_caps));
	PUT(teeio_buf_put_bytes(&c->out, req_msgs, sizeof(req_msgs)));
	PUT(teeio_buf_put_u16le(&c->out, cfg->lock_flags));
	PUT(teeio_buf_put_zero(&c->out, TDISP_CAPS_RESERVED_LEN));
	PUT(teeio_buf_put_u8(&c->out, cfg->dev_addr_width));
	PUT(teeio_buf_put_u8(&c->out, cfg->num_req_this));
	PUT(teeio_buf_put_u8(&c->out, cfg->num_req_all));
	return OK;
}

static uint32_t h_state(struct tdisp_call *c)
{
	PUT(teeio_buf_put_u8(&c->out, c->tdi->state));
	return OK;
}

/*
 * LOCK_INTERFACE_REQUEST: the flags must be supported, the MMIO reporting
 * offset page aligned (assumption: reports are in pages), the default IDE
 * stream keyed and Secure and the device configuration valid; then a fresh
 * START nonce from the RNG.  Nothing is committed before the response is
 * written.
 */
static uint32_t h_lock(struct tdisp_call *c)
{
	const struct teeio_tdisp_lock_params *p = &c->req.u.lock;
	struct teeio_tdisp_tdi *tdi = c->tdi;
	uint8_t nonce[TEEIO_TDISP_NONCE_LEN];
	uint32_t code;

	if (p->flags & ~c->r->cfg.lock_flags)
		return TEEIO_TDISP_ERR_INVALID_REQUEST; /* assumption: unsupported flag */
	if (p->mmio_reporting_offset & ((1u << TEEIO_TDISP_PAGE_SHIFT) - 1))
		return TEEIO_TDISP_ERR_INVALID_REQUEST;
	if (tdi->report == NULL || tdisp_report_size(tdi->report) > TDISP_REPORT_MAX)
		return TEEIO_TDISP_ERR_INVALID_DEVICE_CONFIGURATION;
	/* assumption: an IDE stream that is not Secure is an invalid
	 * device configuration for locking. */
	if (!ops(c)->ide_stream_secure(c->r->cfg.dev, tdi, p->default_stream_id))
		return TEEIO_TDISP_ERR_INVALID_DEVICE_CONFIGURATION;
	code = ops(c)->config_valid(c->r->cfg.dev, tdi, p);
	if (code != OK)
		return code;

	if (c->r->cfg.crypto->random(nonce, sizeof(nonce)) != TEEIO_OK ||
	    teeio_ct_is_zero(nonce, sizeof(nonce))) {
		code = TEEIO_TDISP_ERR_INSUFFICIENT_ENTROPY;
		goto out;
	}
	if (teeio_buf_put_bytes(&c->out, nonce, sizeof(nonce)) != TEEIO_OK) {
		code = TEEIO_TDISP_ERR_UNSPECIFIED;
		goto out;
	}
	tdisp_tdi_unlock(tdi); /* a clean slate, then the new lock */
	tdi->lock_flags = p->flags;
	tdi->default_stream = p->default_stream_id;
	tdi->mmio_offset = p->mmio_reporting_offset;
	tdi->p2p_addr_mask = p->p2p_addr_mask;
	memcpy(tdi->nonce, nonce, sizeof(nonce));
	tdi->nonce_valid = true;
	code = OK;
out:
	teeio_wipe(nonce, sizeof(nonce));
	return code;
}

/*
 * DEVICE_INTERFACE_REPORT: the portion [OFFSET, OFFSET+n) where n is
 * LENGTH clipped to the report's end, the responder's portion limit and
 * the room in the response.  A zero LENGTH or an OFFSET at or past the
 * end is INVALID_REQUEST (as spdm-emu does).
 */
static uint32_t h_report(struct tdisp_call *c)
{
	size_t total = tdisp_report_size(c->tdi->report);
	size_t off = c->req.u.get_report.offset;
	size_t n = c->req.u.get_report.length;
	uint16_t max = c->r->cfg.portion_max;
	uint8_t *slot;

	if (n == 0 || off >= total)
		return TEEIO_TDISP_ERR_INVALID_REQUEST;
	if (n > total - off)
		n = total - off;
	if (max != 0 && n > max)
		n = max;
	if (teeio_buf_left(&c->out) < TDISP_REPORT_RSP_FIXED + 1)
		return TEEIO_TDISP_ERR_UNSPECIFIED;
	if (n > teeio_buf_left(&c->out) - TDISP_REPORT_RSP_FIXED)
		n = teeio_buf_left(&c->out) - TDISP_REPORT_RSP_FIXED;
	PUT(teeio_buf_put_u16le(&c->out, (uint16_t)n));
	PUT(teeio_buf_put_u16le(&c->out, (uint16_t)(total - off - n)));
	PUT(teeio_buf_reserve(&c->out, n, &slot));
	tdisp_report_window(c->tdi, off, n, slot);
	return OK;
}

/* START_INTERFACE_REQUEST: exactly the outstanding nonce, used once. */
static uint32_t h_start(struct tdisp_call *c)
{
	struct teeio_tdisp_tdi *tdi = c->tdi;
	bool match = teeio_ct_memeq(c->req.u.nonce, tdi->nonce, TEEIO_TDISP_NONCE_LEN);

	if (!tdi->nonce_valid || !match)
		return TEEIO_TDISP_ERR_INVALID_NONCE;
	teeio_wipe(tdi->nonce, sizeof(tdi->nonce));
	tdi->nonce_valid = false;
	return OK;
}

/* STOP_INTERFACE_REQUEST: the TVM's data goes before the TDI unlocks. */
static uint32_t h_stop(struct tdisp_call *c)
{
	ops(c)->scrub(c->r->cfg.dev, c->tdi);
	tdisp_tdi_unlock(c->tdi);
	return OK;
}

static uint32_t h_stop_idle(struct tdisp_call *c)
{
	(void)c;
	return OK;
}

/*
 * BIND_P2P_STREAM_REQUEST.  assumption: allowed only for a TDI locked with
 * BIND_P2P; the stream must be Secure, not the default stream and not
 * bound already (INVALID_REQUEST otherwise).
 */
static uint32_t h_bind_p2p(struct tdisp_call *c)
{
	struct teeio_tdisp_tdi *tdi = c->tdi;
	uint8_t sid = c->req.u.p2p_stream_id;

	if (!(tdi->lock_flags & TEEIO_TDISP_LOCK_BIND_P2P))
		return TEEIO_TDISP_ERR_INVALID_REQUEST;
	if (sid == tdi->default_stream || tdisp_p2p_bound(tdi, sid))
		return TEEIO_TDISP_ERR_INVALID_REQUEST;
	if (!ops(c)->ide_stream_secure(c->r->cfg.dev, tdi, sid))
		return TEEIO_TDISP_ERR_INVALID_DEVICE_CONFIGURATION;
	tdi->p2p_bound[sid / 32] |= 1u << (sid % 32);
	return OK;
}

static uint32_t h_unbind_p2p(struct tdisp_call *c)
{
	struct teeio_tdisp_tdi *tdi = c->tdi;
	uint8_t sid = c->req.u.p2p_stream_id;

	if (!tdisp_p2p_bound(tdi, sid))
		return TEEIO_TDISP_ERR_INVALID_REQUEST;
	tdi->p2p_bound[sid / 32] &= ~(1u << (sid % 32));
	return OK;
}

/*
 * SET_MMIO_ATTRIBUTE_REQUEST.  assumption: the range is named exactly as
 * reported (first page with offset, page count, range ID); only a range
 * reported IS_MEM_ATTR_UPDATABLE may change, and only its IS_NON_TEE_MEM
 * bit.
 */
static uint32_t h_mmio_attr(struct tdisp_call *c)
{
	const struct teeio_tdisp_mmio_range *want = &c->req.u.mmio;
	struct teeio_tdisp_tdi *tdi = c->tdi;

	for (uint16_t i = 0; i < tdi->report->n_ranges; i++) {
		struct teeio_tdisp_mmio_range cur;

		tdisp_range_wire(tdi, i, &cur);
		if (cur.first_page != want->first_page || cur.num_pages != want->num_pages ||
		    cur.range_id != want->range_id)
			continue;
		if (!(cur.attrs & TEEIO_TDISP_RANGE_ATTR_UPDATABLE))
			return TEEIO_TDISP_ERR_INVALID_REQUEST;
		if ((cur.attrs ^ want->attrs) & ~TEEIO_TDISP_RANGE_NON_TEE)
			return TEEIO_TDISP_ERR_INVALID_REQUEST;
		if ((cur.attrs ^ want->attrs) & TEEIO_TDISP_RANGE_NON_TEE)
			tdi->non_tee_flip ^= (uint64_t)1 << i;
		return OK;
	}
	return TEEIO_TDISP_ERR_INVALID_REQUEST;
}

/* VDM_RESPONSE: echo the registry and vendor ID, the device writes data. */
static uint32_t h_vdm(struct tdisp_call *c)
{
	const struct teeio_tdisp_vdm *v = &c->req.u.vdm;
	size_t cap;
	uint32_t code;

	PUT(teeio_buf_put_u8(&c->out, v->registry_id));
	PUT(teeio_buf_put_u8(&c->out, v->vendor_id_len));
	PUT(teeio_buf_put_bytes(&c->out, v->vendor_id, v->vendor_id_len));
	cap = teeio_buf_left(&c->out);
	code = ops(c)->vdm(c->r->cfg.dev, c->tdi, v, teeio_buf_cur(&c->out), &cap);
	if (code != OK)
		return code;
	if (cap > teeio_buf_left(&c->out))
		return TEEIO_TDISP_ERR_UNSPECIFIED;
	c->out.pos += cap;
	return OK;
}

typedef uint32_t (*handler_fn)(struct tdisp_call *c);

static const handler_fn handlers[ACT_COUNT] = {
    [ACT_VERSION] = h_version,     [ACT_CAPS] = h_caps,
    [ACT_STATE] = h_state,         [ACT_REPORT] = h_report,
    [ACT_LOCK] = h_lock,           [ACT_START] = h_start,
    [ACT_STOP] = h_stop,           [ACT_STOP_IDLE] = h_stop_idle,
    [ACT_BIND_P2P] = h_bind_p2p,   [ACT_UNBIND_P2P] = h_unbind_p2p,
    [ACT_MMIO_ATTR] = h_mmio_attr, [ACT_VDM] = h_vdm,
};

uint32_t tdisp_rsp_run(struct tdisp_call *c, enum tdisp_action action)
{
	if ((unsigned)action >= ACT_COUNT || handlers[action] == NULL)
		return TEEIO_TDISP_ERR_UNSPECIFIED; /* a device action: not a reply */
	return handlers[action](c);
}
