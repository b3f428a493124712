/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VENDOR_DEFINED_REQUEST -> VENDOR_DEFINED_RESPONSE (DSP0274 1.3, 10.13):
 * StandardID u16, Len u8, VendorID, ReqLength u16, payload.  The
 * registration is found by standard ID, vendor ID and protocol ID (first
 * payload byte); its handler writes the response payload.  Not part of any
 * transcript.
 */
#include "rsp.h"

teeio_err rsp_vendor(struct teeio_spdm_rsp *rsp, struct rsp_call *c)
{
	const struct teeio_spdm_vendor_handler *hd;
	struct teeio_buf b = rsp_body(c);
	uint16_t std, len;
	uint8_t vlen;
	const uint8_t *vid, *payload;

	/* Check parameters. */
	ENSURE(c->param1 == 0 && c->param2 == 0, TEEIO_ERR_PROTO_RESERVED);
	TRY(teeio_buf_get_u16le(&b, &std));
	TRY(teeio_buf_get_u8(&b, &vlen));
	ENSURE(vlen <= SPDM_VENDOR_ID_MAX, TEEIO_ERR_PROTO);
	TRY(teeio_buf_get_ref(&b, &vid, vlen));
	TRY(teeio_buf_get_u16le(&b, &len));
	TRY(teeio_buf_get_ref(&b, &payload, len));
	TRY(rsp_end(c, &b));

	/* Validate: a registration, and a session when it needs one. */
	hd = teeio_spdm_vendor_find(rsp->cfg->vendor, rsp->cfg->n_vendor, std, vid, vlen, payload,
				    len);
	if (hd == NULL)
		return rsp_fail(c, SPDM_ERR_UNSUPPORTED_REQUEST, c->code);
	if (hd->requires_session && c->sess == NULL)
		return rsp_fail(c,
				c->version >= TEEIO_SPDM_V12 ? SPDM_ERR_SESSION_REQUIRED
							     : SPDM_ERR_UNEXPECTED_REQUEST,
				0);

	/* Process + construct. */
	size_t skip = hd->protocol_id >= 0 ? 1 : 0;
	struct teeio_spdm_vendor_session vs = {
	    .secured = c->sess != NULL,
	    .session_id = c->sess ? c->sess->id : 0,
	};
	uint8_t *rlen;
	TRY(rsp_put_header(c, SPDM_VENDOR_DEFINED_RESPONSE, 0, 0));
	TRY(teeio_buf_put_u16le(&c->out, std));
	TRY(teeio_buf_put_u8(&c->out, vlen));
	TRY(teeio_buf_put_bytes(&c->out, vid, vlen));
	TRY(teeio_buf_reserve(&c->out, 2, &rlen));
	if (skip)
		TRY(teeio_buf_put_u8(&c->out, (uint8_t)hd->protocol_id));
	size_t cap = teeio_buf_left(&c->out);
	if (cap > 0xFFFF - skip)
		cap = 0xFFFF - skip;
	TRY(hd->fn(hd->ctx, &vs, payload + skip, len - skip, teeio_buf_cur(&c->out), &cap));
	ENSURE(cap <= teeio_buf_left(&c->out), TEEIO_ERR_INTERNAL);
	c->out.pos += cap;
	teeio_store_u16le(rlen, (uint16_t)(cap + skip));
	return TEEIO_OK;
}
