/* SPDX-License-Identifier: BSD-3-Clause */
/* CHALLENGE / CHALLENGE_AUTH (DSP0274 10.8): signature over M1/M2. */
#include "req.h"

#include <string.h>

/* Largest OpaqueData a response may carry (DSP0274: 1024 bytes). */
#define OPAQUE_MAX TEEIO_SPDM_MAX_OPAQUE

static teeio_err challenge(struct teeio_spdm_req *r, uint8_t slot, uint8_t summary_type,
			   uint8_t *summary)
{
	const struct teeio_crypto_ops *ops = r->cfg->ops;
	uint8_t v = req_version(r);
	size_t h = req_hsize(r), sig_len = teeio_sig_size(r->conn.neg.asym), n;
	uint8_t nonce[TEEIO_SPDM_NONCE_SIZE], ctx[TEEIO_SPDM_REQ_CONTEXT_SIZE];
	uint8_t th[TEEIO_HASH_MAX];

	struct teeio_buf b = req_begin(r, SPDM_CHALLENGE, slot, summary_type);
	TRY(ops->random(nonce, sizeof(nonce)));
	TRY(teeio_buf_put_bytes(&b, nonce, sizeof(nonce)));
	if (v >= TEEIO_SPDM_V13) {
		TRY(ops->random(ctx, sizeof(ctx)));
		TRY(teeio_buf_put_bytes(&b, ctx, sizeof(ctx)));
	}
	req_tr_before(r, SPDM_CHALLENGE);
	TRY(req_exchange(r, NULL, b.pos, SPDM_CHALLENGE_AUTH, &n));

	struct teeio_buf in = teeio_buf_reader(r->rx, n);
	uint8_t p1, p2;
	uint16_t opaque_len;
	const uint8_t *chain_hash, *sum = NULL, *sig;
	TRY(teeio_buf_skip(&in, 2));
	TRY(teeio_buf_get_u8(&in, &p1));
	TRY(teeio_buf_get_u8(&in, &p2));
	ENSURE((p1 & SPDM_CHAL_AUTH_SLOT_MASK) == slot, TEEIO_ERR_PROTO);
	/* Bits 7:4: reserved, or (1.1) BasicMutAuthReq, which we never
	 * advertised support for. */
	ENSURE((p1 & ~SPDM_CHAL_AUTH_SLOT_MASK) == 0, TEEIO_ERR_PROTO_RESERVED);
	ENSURE(p2 & (1u << slot), TEEIO_ERR_PROTO);
	TRY(teeio_buf_get_ref(&in, &chain_hash, h));
	TRY(teeio_buf_skip(&in, TEEIO_SPDM_NONCE_SIZE));
	if (summary_type != SPDM_SUMMARY_NONE)
		TRY(teeio_buf_get_ref(&in, &sum, h));
	TRY(teeio_buf_get_u16le(&in, &opaque_len));
	ENSURE(opaque_len <= OPAQUE_MAX, TEEIO_ERR_PROTO);
	TRY(teeio_buf_skip(&in, opaque_len));
	if (v >= TEEIO_SPDM_V13) {
		const uint8_t *echo;
		TRY(teeio_buf_get_ref(&in, &echo, sizeof(ctx)));
		ENSURE(teeio_ct_memeq(echo, ctx, sizeof(ctx)), TEEIO_ERR_PROTO);
	}
	size_t signed_len = in.pos;
	TRY(teeio_buf_get_ref(&in, &sig, sig_len));
	TRY(req_end(r, &in));
	ENSURE(teeio_ct_memeq(chain_hash, r->slots[slot].chain_hash, h), TEEIO_ERR_CRYPTO_VERIFY);

	TRY(req_tr_m1(r, r->tx, b.pos));
	TRY(req_tr_m1(r, r->rx, signed_len));
	TRY(teeio_spdm_tr_peek(&r->m1, th));
	TRY(teeio_spdm_verify(ops, &r->peer_key, v, r->conn.neg.hash, SPDM_SIGN_CTX_CHALLENGE_AUTH,
			      th, sig, sig_len));
	if (sum && summary)
		memcpy(summary, sum, h);
	return TEEIO_OK;
}

teeio_err teeio_spdm_req_challenge(struct teeio_spdm_req *r, uint8_t slot, uint8_t summary_type,
				   uint8_t *summary)
{
	ENSURE(r && r->cfg && slot < TEEIO_SPDM_MAX_SLOTS, TEEIO_ERR_USAGE);
	ENSURE(summary_type == SPDM_SUMMARY_NONE || summary_type == SPDM_SUMMARY_TCB ||
		   summary_type == SPDM_SUMMARY_ALL,
	       TEEIO_ERR_USAGE);
	TRY(req_ready(r, true));
	ENSURE(r->conn.neg.rsp_caps & TEEIO_SPDM_CAP_CHAL, TEEIO_ERR_PROTO_UNSUPPORTED);
	ENSURE(summary_type == SPDM_SUMMARY_NONE ||
		   (r->conn.neg.rsp_caps & TEEIO_SPDM_CAP_MEAS_MASK),
	       TEEIO_ERR_USAGE);
	ENSURE(r->slots[slot].chain_valid && r->peer_key_slot == slot, TEEIO_ERR_STATE);

	teeio_err rc = challenge(r, slot, summary_type, summary);
	/* M1/M2 ends with CHALLENGE_AUTH whatever the outcome. */
	teeio_spdm_tr_free(&r->m1);
	if (rc != TEEIO_OK)
		return req_fail(r, rc);
	r->conn.state = TEEIO_SPDM_CONN_AUTHENTICATED;
	return TEEIO_OK;
}
