/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TDISP responder: dispatch.  Every request runs the same phases:
 * validate the header (version, type, interface ID) -> decode the body ->
 * look the (TDI state, request) cell up in the state table -> run the
 * cell's handler, which writes the response body or names a TDISP error
 * -> commit the cell's next state only when the handler succeeded.  The
 * handlers themselves are in rsp_handlers.c.
 */
#include <string.h>

#include "rsp_internal.h"

teeio_err teeio_tdisp_rsp_init(struct teeio_tdisp_rsp *r, const struct teeio_tdisp_rsp_config *cfg)
{
	ENSURE(r && cfg, TEEIO_ERR_USAGE);
	ENSURE(cfg->crypto && cfg->crypto->random, TEEIO_ERR_USAGE);
	ENSURE(cfg->ops && cfg->ops->ide_stream_secure && cfg->ops->config_valid && cfg->ops->scrub,
	       TEEIO_ERR_USAGE);
	ENSURE(cfg->tdis && cfg->n_tdis > 0, TEEIO_ERR_USAGE);
	ENSURE(!(cfg->lock_flags & TDISP_LOCK_FLAGS_RESERVED), TEEIO_ERR_USAGE);
	for (size_t i = 0; i < cfg->n_tdis; i++) {
		ENSURE(teeio_tdisp_function_id_ok(cfg->tdis[i].function_id), TEEIO_ERR_USAGE);
		for (size_t j = 0; j < i; j++)
			ENSURE(cfg->tdis[i].function_id != cfg->tdis[j].function_id,
			       TEEIO_ERR_USAGE);
	}
	memset(r, 0, sizeof(*r));
	r->cfg = *cfg;
	return TEEIO_OK;
}

struct teeio_tdisp_tdi *teeio_tdisp_rsp_find(struct teeio_tdisp_rsp *r, uint32_t function_id)
{
	for (size_t i = 0; i < r->cfg.n_tdis; i++)
		if (r->cfg.tdis[i].function_id == function_id)
			return &r->cfg.tdis[i];
	return NULL;
}

void tdisp_rsp_req_msgs(const struct teeio_tdisp_rsp *r, uint8_t out[TDISP_REQ_MSGS_LEN])
{
	memset(out, 0, TDISP_REQ_MSGS_LEN);
	for (unsigned code = TEEIO_TDISP_GET_VERSION; code <= TEEIO_TDISP_VDM_REQ; code++) {
		unsigned bit = code - TDISP_REQ_CODE_BASE;

		if ((code == TEEIO_TDISP_BIND_P2P_STREAM_REQ ||
		     code == TEEIO_TDISP_UNBIND_P2P_STREAM_REQ) &&
		    !(r->cfg.lock_flags & TEEIO_TDISP_LOCK_BIND_P2P))
			continue;
		if (code == TEEIO_TDISP_VDM_REQ && !r->cfg.ops->vdm)
			continue;
		out[bit / 8] |= (uint8_t)(1u << (bit % 8));
	}
}

static bool supported(const struct teeio_tdisp_rsp *r, uint8_t code)
{
	uint8_t map[TDISP_REQ_MSGS_LEN];
	unsigned bit = (unsigned)code - TDISP_REQ_CODE_BASE;

	tdisp_rsp_req_msgs(r, map);
	return ((unsigned)map[bit / 8] >> (bit % 8)) & 1u;
}

/*
 * Replace whatever the handler wrote with TDISP_ERROR.  assumption: the
 * error carries version 1.0 (the only version teeio speaks) and echoes the
 * request's FUNCTION_ID; ERROR_DATA is the request code for
 * UNSUPPORTED_REQUEST (as spdm-emu does) and 0 otherwise.
 */
static teeio_err put_error(struct tdisp_call *c, uint32_t code)
{
	struct teeio_tdisp_msg e = {
	    .version = TDISP_VERSION,
	    .code = TEEIO_TDISP_ERROR,
	    .function_id = c->function_id,
	};

	e.u.error.code = code;
	e.u.error.data = code == TEEIO_TDISP_ERR_UNSUPPORTED_REQUEST ? c->code : 0;
	if (code == TEEIO_TDISP_ERR_VENDOR_SPECIFIC) {
		e.u.error.has_ext = true;
		if (c->code == TEEIO_TDISP_VDM_REQ) {
			/* Name the vendor whose VDM failed. */
			e.u.error.ext.registry_id = c->req.u.vdm.registry_id;
			e.u.error.ext.vendor_id_len = c->req.u.vdm.vendor_id_len;
			e.u.error.ext.vendor_id = c->req.u.vdm.vendor_id;
		}
	}
	teeio_log(c->r->cfg.log, TEEIO_LOG_DEBUG, "tdisp: %s for %08x -> %s",
		  teeio_tdisp_code_name(c->code), c->function_id, teeio_tdisp_errcode_name(code));
	c->out.pos = c->start;
	return teeio_tdisp_encode(&e, &c->out);
}

/* Header checks that need no TDI; returns a TDISP error code or NONE. */
static uint32_t check_header(struct tdisp_call *c, const uint8_t *msg, size_t len)
{
	struct teeio_buf b = teeio_buf_reader(msg, len);
	uint8_t version;
	teeio_err rc;

	if (teeio_buf_get_u8(&b, &version) != TEEIO_OK ||
	    teeio_buf_get_u8(&b, &c->code) != TEEIO_OK)
		return TEEIO_TDISP_ERR_INVALID_REQUEST;
	if (teeio_buf_expect_zero(&b, 2) != TEEIO_OK ||
	    teeio_buf_get_u32le(&b, &c->function_id) != TEEIO_OK)
		return TEEIO_TDISP_ERR_INVALID_REQUEST;
	if (version != TDISP_VERSION)
		return TEEIO_TDISP_ERR_VERSION_MISMATCH;
	c->event = tdisp_fsm_event_of(c->code);
	if (c->event == TEEIO_TDISP_EV_COUNT || !supported(c->r, c->code))
		return TEEIO_TDISP_ERR_UNSUPPORTED_REQUEST;
	/*
	 * assumption: an INTERFACE_ID that is malformed (reserved FUNCTION_ID
	 * bits, a segment without its valid bit, non-zero reserved bytes)
	 * names no interface, so it is INVALID_INTERFACE like an unknown one.
	 */
	rc = teeio_buf_expect_zero(&b, TDISP_IFACE_RESERVED_LEN);
	if (rc == TEEIO_ERR_SIZE_TRUNCATED)
		return TEEIO_TDISP_ERR_INVALID_REQUEST;
	if (rc != TEEIO_OK || !teeio_tdisp_function_id_ok(c->function_id))
		return TEEIO_TDISP_ERR_INVALID_INTERFACE;
	c->tdi = teeio_tdisp_rsp_find(c->r, c->function_id);
	if (c->tdi == NULL)
		return TEEIO_TDISP_ERR_INVALID_INTERFACE;
	if (teeio_tdisp_decode(msg, len, &c->req) != TEEIO_OK)
		return TEEIO_TDISP_ERR_INVALID_REQUEST;
	return TEEIO_TDISP_ERR_NONE;
}

/* The response header; the handler appends the body. */
static teeio_err put_header(struct tdisp_call *c)
{
	TRY(teeio_buf_put_u8(&c->out, TDISP_VERSION));
	TRY(teeio_buf_put_u8(&c->out, (uint8_t)(c->code & 0x7F))); /* response = request & 0x7F */
	TRY(teeio_buf_put_zero(&c->out, 2));
	TRY(teeio_buf_put_u32le(&c->out, c->function_id));
	return teeio_buf_put_zero(&c->out, TDISP_IFACE_RESERVED_LEN);
}

static teeio_err handle(struct teeio_tdisp_rsp *r, const uint8_t *msg, size_t len,
			struct teeio_buf *out)
{
	struct tdisp_call c = {.r = r, .start = out->pos, .out = *out};
	const struct tdisp_cell *cell;
	uint32_t code;
	teeio_err rc;

	code = check_header(&c, msg, len);
	if (code != TEEIO_TDISP_ERR_NONE)
		goto fail;

	cell = tdisp_fsm_cell(c.tdi->state, c.event);
	if (cell->action == ACT_REJECT) {
		code = TEEIO_TDISP_ERR_INVALID_INTERFACE_STATE;
		goto fail;
	}

	if (put_header(&c) != TEEIO_OK) {
		code = TEEIO_TDISP_ERR_UNSPECIFIED;
		goto fail;
	}
	code = tdisp_rsp_run(&c, cell->action);
	if (code != TEEIO_TDISP_ERR_NONE)
		goto fail;
	tdisp_tdi_set_state(r, c.tdi, cell->next);
	rc = TEEIO_OK;
	goto out;
fail:
	rc = put_error(&c, code);
out:
	teeio_wipe(&c.req, sizeof(c.req)); /* may hold a START nonce */
	if (rc == TEEIO_OK)
		*out = c.out;
	return rc;
}

teeio_err teeio_tdisp_rsp_handle(struct teeio_tdisp_rsp *r, bool in_session, const uint8_t *req,
				 size_t req_len, uint8_t *rsp, size_t *rsp_len)
{
	struct teeio_buf out = teeio_buf_writer(rsp, *rsp_len);

	ENSURE(in_session, TEEIO_ERR_STATE_NO_SESSION);
	ENSURE(req_len >= 1 && req[0] == TEEIO_TDISP_PROTOCOL_ID, TEEIO_ERR_PROTO);
	TRY(teeio_buf_put_u8(&out, TEEIO_TDISP_PROTOCOL_ID));
	TRY(handle(r, req + 1, req_len - 1, &out));
	*rsp_len = out.pos;
	return TEEIO_OK;
}

teeio_err teeio_tdisp_rsp_vendor(void *ctx, const struct teeio_spdm_vendor_session *s,
				 const uint8_t *req, size_t req_len, uint8_t *rsp, size_t *rsp_len)
{
	struct teeio_buf out = teeio_buf_writer(rsp, *rsp_len);

	ENSURE(ctx && s, TEEIO_ERR_USAGE);
	ENSURE(s->secured, TEEIO_ERR_STATE_NO_SESSION);
	TRY(handle(ctx, req, req_len, &out));
	*rsp_len = out.pos;
	return TEEIO_OK;
}

struct teeio_spdm_vendor_handler teeio_tdisp_rsp_registration(struct teeio_tdisp_rsp *r)
{
	struct teeio_spdm_vendor_handler h = {
	    .standard_id = TEEIO_SPDM_VENDOR_STD_PCISIG,
	    .vendor_id = {TEEIO_SPDM_VENDOR_ID_PCISIG & 0xff, TEEIO_SPDM_VENDOR_ID_PCISIG >> 8},
	    .vendor_id_len = 2,
	    .protocol_id = TEEIO_TDISP_PROTOCOL_ID,
	    .requires_session = true,
	    .fn = teeio_tdisp_rsp_vendor,
	    .ctx = r,
	};
	return h;
}
