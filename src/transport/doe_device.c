/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The device end of DOE for CMA/SPDM: route one request object to
 * discovery or to the SPDM responder and wrap the answer in a DOE object.
 * The same routine serves the config-space mailbox and the socket (where
 * spdm-emu sends DOE objects, discovery included, in NORMAL frames).
 */
#include "teeio/transport.h"

teeio_err teeio_doe_spdm_handle(void *ctx, const uint8_t *req, size_t len, struct teeio_buf *rsp)
{
	const struct teeio_doe_spdm_dev *dev = ctx;
	struct teeio_doe_hdr h;
	const uint8_t *msg;
	size_t msg_len;
	TRY(teeio_doe_decode(req, len, &h, &msg, &msg_len));
	ENSURE(h.vendor == TEEIO_DOE_VENDOR_PCISIG, TEEIO_ERR_PROTO_UNSUPPORTED);
	if (h.type == TEEIO_DOE_TYPE_DISCOVERY)
		return teeio_doe_disc_respond(dev->table, dev->n, req, len, rsp);
	ENSURE(h.type == TEEIO_DOE_TYPE_SPDM || h.type == TEEIO_DOE_TYPE_SECURED_SPDM,
	       TEEIO_ERR_PROTO_UNSUPPORTED);
	ENSURE(msg_len > 0, TEEIO_ERR_SIZE_TRUNCATED);

	/* The header's length is known only after the responder has written
	 * its answer: reserve it, let the responder append, then fill in. */
	size_t start = rsp->pos;
	uint8_t *hdr;
	TRY(teeio_buf_reserve(rsp, TEEIO_DOE_HDR_LEN, &hdr));
	bool secured = h.type == TEEIO_DOE_TYPE_SECURED_SPDM;
	bool rsp_secured = secured;
	teeio_err rc = dev->spdm(dev->ctx, secured, msg, msg_len, rsp, &rsp_secured);
	if (rc == TEEIO_OK) {
		size_t body = rsp->pos - start - TEEIO_DOE_HDR_LEN;
		size_t pad = (4u - body % 4u) % 4u;
		rc = body == 0 ? TEEIO_ERR_INTERNAL : teeio_buf_put_zero(rsp, pad);
	}
	if (rc == TEEIO_OK && rsp->pos - start > TEEIO_DOE_MAX_BYTES)
		rc = TEEIO_ERR_SIZE_LIMIT;
	if (rc != TEEIO_OK) {
		rsp->pos = start; /* leave the cursor where it was */
		return rc;
	}
	uint32_t dw = (uint32_t)((rsp->pos - start) / 4u);
	uint8_t type = rsp_secured ? TEEIO_DOE_TYPE_SECURED_SPDM : TEEIO_DOE_TYPE_SPDM;
	teeio_store_u32le(hdr, TEEIO_DOE_VENDOR_PCISIG | ((uint32_t)type << 16));
	teeio_store_u32le(hdr + 4, dw == TEEIO_DOE_MAX_DW ? 0 : dw);
	return TEEIO_OK;
}
