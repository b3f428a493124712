/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CHALLENGE -> CHALLENGE_AUTH (DSP0274 1.3, 10.8).  Signs M1 = VCA || B
 * (digests/certificate since the last reset) || C (CHALLENGE ||
 * CHALLENGE_AUTH up to the signature).  A successful challenge
 * authenticates the connection; M1 is reset either way.
 */
#include "rsp.h"
#include "rsp_meas.h"

teeio_err rsp_challenge(struct teeio_spdm_rsp *rsp, struct rsp_call *c)
{
	struct teeio_buf b = rsp_body(c);
	const uint8_t *req_ctx = NULL;
	uint8_t slot = c->param1, summary = c->param2;
	uint8_t th[TEEIO_HASH_MAX], nonce[SPDM_NONCE_SIZE];
	size_t h = teeio_spdm_hash_size(&rsp->conn);
	teeio_err rc = TEEIO_OK;

	/* Check parameters. */
	TRY_OUT(teeio_buf_skip(&b, SPDM_NONCE_SIZE));
	if (c->version >= TEEIO_SPDM_V13)
		TRY_OUT(teeio_buf_get_ref(&b, &req_ctx, SPDM_REQ_CONTEXT_SIZE));
	TRY_OUT(rsp_end(c, &b));
	size_t req_len = b.pos;

	/* Validate: slot 0xFF (a provisioned public key) is not supported. */
	ENSURE_OUT(rsp_slot_ok(rsp, slot), TEEIO_ERR_PROTO);
	TRY_OUT(rsp_summary_check(rsp, summary));

	/* Process + construct: everything up to the signature. */
	TRY_OUT(rsp->cfg->ops->random(nonce, sizeof(nonce)));
	uint8_t slot_mask = 0;
	for (uint8_t i = 0; i < TEEIO_SPDM_MAX_SLOTS; i++)
		if (rsp->chain_hdr_len[i])
			slot_mask |= (uint8_t)(1u << i);
	TRY_OUT(rsp_put_header(c, SPDM_CHALLENGE_AUTH, slot & SPDM_CHAL_AUTH_SLOT_MASK, slot_mask));
	TRY_OUT(teeio_buf_put_bytes(&c->out, rsp->chain_digest[slot], h));
	TRY_OUT(teeio_buf_put_bytes(&c->out, nonce, sizeof(nonce)));
	if (summary != SPDM_SUMMARY_NONE) {
		uint8_t *p;
		TRY_OUT(teeio_buf_reserve(&c->out, h, &p));
		TRY_OUT(rsp_meas_summary(rsp, summary, p));
	}
	TRY_OUT(teeio_buf_put_u16le(&c->out, 0)); /* OpaqueDataLength */
	if (req_ctx)
		TRY_OUT(teeio_buf_put_bytes(&c->out, req_ctx, SPDM_REQ_CONTEXT_SIZE));

	if (!rsp->m1.live)
		TRY_OUT(teeio_spdm_tr_start(&rsp->m1, &rsp->conn, true));
	TRY_OUT(teeio_spdm_tr_update(&rsp->m1, c->req, req_len));
	TRY_OUT(teeio_spdm_tr_update(&rsp->m1, c->out.data, c->out.pos));
	TRY_OUT(teeio_spdm_tr_peek(&rsp->m1, th));
	TRY_OUT(rsp_sign(rsp, slot, SPDM_SIGN_CTX_CHALLENGE_AUTH, th, &c->out));

	/* Commit. */
	rsp->conn.state = TEEIO_SPDM_CONN_AUTHENTICATED;
out:
	teeio_spdm_tr_free(&rsp->m1);
	teeio_wipe(th, sizeof(th));
	return rc;
}
