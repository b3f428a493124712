/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * GET_CERTIFICATE -> CERTIFICATE (DSP0274 1.3, 10.7).  The SPDM chain form
 * of a slot is never assembled: its 4+H header is kept per slot and the
 * DER bytes are served from the configuration by offset.
 */
#include "rsp.h"

/* Copy [off, off+len) of header || der into out. */
static teeio_err put_chain_range(struct teeio_buf *out, const uint8_t *hdr, size_t hdr_len,
				 const uint8_t *der, size_t off, size_t len)
{
	if (off < hdr_len) {
		size_t n = hdr_len - off < len ? hdr_len - off : len;

		TRY(teeio_buf_put_bytes(out, hdr + off, n));
		off += n;
		len -= n;
	}
	if (len == 0)
		return TEEIO_OK;
	return teeio_buf_put_bytes(out, der + (off - hdr_len), len);
}

teeio_err rsp_certificate(struct teeio_spdm_rsp *rsp, struct rsp_call *c)
{
	struct teeio_buf b = rsp_body(c);
	uint16_t offset, length;
	uint8_t slot = c->param1 & SPDM_SLOT_ID_MASK;
	bool size_req = false;

	/* Check parameters. */
	ENSURE((c->param1 & ~SPDM_SLOT_ID_MASK) == 0, TEEIO_ERR_PROTO_RESERVED);
	if (c->version >= TEEIO_SPDM_V13) {
		ENSURE((c->param2 & ~SPDM_GET_CERT_SLOT_SIZE_REQUESTED) == 0,
		       TEEIO_ERR_PROTO_RESERVED);
		size_req = c->param2 & SPDM_GET_CERT_SLOT_SIZE_REQUESTED;
	} else {
		ENSURE(c->param2 == 0, TEEIO_ERR_PROTO_RESERVED);
	}
	TRY(teeio_buf_get_u16le(&b, &offset));
	TRY(teeio_buf_get_u16le(&b, &length));
	TRY(rsp_end(c, &b));

	/* Validate. */
	ENSURE(slot < TEEIO_SPDM_MAX_SLOTS && rsp->chain_hdr_len[slot] != 0, TEEIO_ERR_PROTO);
	size_t hdr_len = rsp->chain_hdr_len[slot];
	size_t total = hdr_len + rsp->cfg->slots[slot].der_len;
	if (size_req) {
		offset = 0;
		length = 0;
	} else {
		ENSURE(offset < total, TEEIO_ERR_PROTO);
	}

	/* Process: the portion, bounded by what one response may carry
	 * (chunking lifts the bound to the large-message buffer). */
	size_t cap = teeio_buf_left(&c->out) - SPDM_CERT_RSP_FIXED;
	uint32_t dts = rsp->conn.neg.req_data_transfer_size;
	bool chunk = (rsp->local_caps & rsp->conn.neg.req_caps & TEEIO_SPDM_CAP_CHUNK) != 0;
	if (!chunk && c->version >= TEEIO_SPDM_V12 && dts > SPDM_CERT_RSP_FIXED &&
	    dts - SPDM_CERT_RSP_FIXED < cap)
		cap = dts - SPDM_CERT_RSP_FIXED;
	if (!chunk && c->version < TEEIO_SPDM_V12 && cap > TEEIO_SPDM_MAX_MSG - SPDM_CERT_RSP_FIXED)
		cap = TEEIO_SPDM_MAX_MSG - SPDM_CERT_RSP_FIXED;
	size_t portion = length;
	if (portion > cap)
		portion = cap;
	if (portion > total - offset)
		portion = total - offset;
	size_t remainder = size_req ? total : total - offset - portion;

	/* Construct. */
	TRY(rsp_put_header(c, SPDM_CERTIFICATE, slot, 0));
	TRY(teeio_buf_put_u16le(&c->out, (uint16_t)portion));
	TRY(teeio_buf_put_u16le(&c->out, (uint16_t)remainder));
	TRY(put_chain_range(&c->out, rsp->chain_hdr[slot], hdr_len, rsp->cfg->slots[slot].der,
			    offset, portion));

	/* Commit. */
	if (c->sess == NULL) {
		if (!rsp->m1.live)
			TRY(teeio_spdm_tr_start(&rsp->m1, &rsp->conn, true));
		TRY(teeio_spdm_tr_update(&rsp->m1, c->req, SPDM_GET_CERT_SIZE));
		TRY(teeio_spdm_tr_update(&rsp->m1, c->out.data, c->out.pos));
	}
	if (rsp->conn.state < TEEIO_SPDM_CONN_AFTER_CERTIFICATE)
		rsp->conn.state = TEEIO_SPDM_CONN_AFTER_CERTIFICATE;
	return TEEIO_OK;
}
