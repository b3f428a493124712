/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * GET_MEASUREMENTS / MEASUREMENTS (DSP0274 10.11): the record is copied to
 * the caller and decoded into DMTF measurement blocks; a signed response
 * is verified over L1/L2 (every unsigned exchange since the last signed
 * one, then this one without its signature).
 */
#include "req.h"

#include <string.h>

/* Param2 bits 7:6 are reserved. */
#define MEAS_P2_RESERVED 0xC0

struct meas_req {
	struct teeio_spdm_req_session *s; /* NULL: outside sessions */
	uint8_t op;
	bool sign;
	uint8_t slot;
	uint8_t ctx[TEEIO_SPDM_REQ_CONTEXT_SIZE];
};

static teeio_err build(struct teeio_spdm_req *r, struct meas_req *m, size_t *len)
{
	const struct teeio_crypto_ops *ops = r->cfg->ops;
	uint8_t v = req_version(r);
	struct teeio_buf b =
	    req_begin(r, SPDM_GET_MEASUREMENTS, m->sign ? SPDM_MEAS_ATTR_SIGNATURE : 0, m->op);

	if (m->sign) {
		uint8_t nonce[TEEIO_SPDM_NONCE_SIZE];
		TRY(ops->random(nonce, sizeof(nonce)));
		TRY(teeio_buf_put_bytes(&b, nonce, sizeof(nonce)));
		if (v >= TEEIO_SPDM_V11)
			TRY(teeio_buf_put_u8(&b, m->slot));
	}
	if (v >= TEEIO_SPDM_V13) {
		TRY(ops->random(m->ctx, sizeof(m->ctx)));
		TRY(teeio_buf_put_bytes(&b, m->ctx, sizeof(m->ctx)));
	}
	*len = b.pos;
	return TEEIO_OK;
}

/* Decode the record into blocks[max_blocks] (blocks past max_blocks are
 * checked and dropped); checks they fill the record exactly. */
static teeio_err decode_blocks(const struct teeio_spdm_req *r, const struct meas_req *m,
			       const uint8_t *rec, size_t rec_len, uint8_t n_blocks,
			       struct teeio_spdm_meas_block *blocks, size_t max_blocks)
{
	struct teeio_buf in = teeio_buf_reader(rec, rec_len);
	size_t dlen = teeio_hash_size(r->conn.neg.meas_hash);
	struct teeio_spdm_meas_block scratch;
	unsigned last = 0;

	for (unsigned i = 0; i < n_blocks; i++) {
		struct teeio_spdm_meas_block *blk = i < max_blocks ? &blocks[i] : &scratch;
		TRY(teeio_spdm_meas_block_decode(&in, blk));
		if (m->op != SPDM_MEAS_OP_ALL)
			ENSURE(blk->index == m->op, TEEIO_ERR_PROTO);
		else if (i > 0)
			ENSURE(blk->index > last, TEEIO_ERR_PROTO);
		last = blk->index;
		/* A digest has the negotiated measurement hash size; with
		 * "raw bit stream only" there are no digests. */
		if (!blk->raw)
			ENSURE(!r->conn.neg.meas_raw_only && blk->len == dlen, TEEIO_ERR_PROTO);
	}
	return teeio_buf_expect_end(&in);
}

static teeio_err measurements(struct teeio_spdm_req *r, struct meas_req *m, uint8_t *record,
			      size_t record_cap, struct teeio_spdm_meas_block *blocks,
			      size_t max_blocks, struct teeio_spdm_meas_result *res)
{
	const struct teeio_crypto_ops *ops = r->cfg->ops;
	uint8_t v = req_version(r);
	size_t req_len, n, sig_len = m->sign ? teeio_sig_size(r->conn.neg.asym) : 0;

	TRY(build(r, m, &req_len));
	req_tr_before(r, SPDM_GET_MEASUREMENTS);
	TRY(req_exchange(r, m->s, req_len, SPDM_MEASUREMENTS, &n));

	struct teeio_buf in = teeio_buf_reader(r->rx, n);
	uint8_t p1, p2, n_blocks;
	uint32_t rec_len;
	uint16_t opaque_len;
	const uint8_t *rec, *sig = NULL;
	TRY(teeio_buf_skip(&in, 2));
	TRY(teeio_buf_get_u8(&in, &p1));
	TRY(teeio_buf_get_u8(&in, &p2));
	TRY(teeio_buf_get_u8(&in, &n_blocks));
	TRY(teeio_buf_get_u24le(&in, &rec_len));
	TRY(teeio_buf_get_ref(&in, &rec, rec_len));
	TRY(teeio_buf_skip(&in, TEEIO_SPDM_NONCE_SIZE));
	TRY(teeio_buf_get_u16le(&in, &opaque_len));
	ENSURE(opaque_len <= TEEIO_SPDM_MAX_OPAQUE, TEEIO_ERR_PROTO);
	TRY(teeio_buf_skip(&in, opaque_len));
	if (v >= TEEIO_SPDM_V13) {
		const uint8_t *echo;
		TRY(teeio_buf_get_ref(&in, &echo, sizeof(m->ctx)));
		ENSURE(teeio_ct_memeq(echo, m->ctx, sizeof(m->ctx)), TEEIO_ERR_PROTO);
	}
	size_t signed_len = in.pos;
	if (m->sign)
		TRY(teeio_buf_get_ref(&in, &sig, sig_len));
	TRY(req_end(r, &in));

	/* Header fields against the operation (10.11). */
	ENSURE((p2 & MEAS_P2_RESERVED) == 0, TEEIO_ERR_PROTO_RESERVED);
	if (m->op == SPDM_MEAS_OP_COUNT) {
		ENSURE(n_blocks == 0 && rec_len == 0, TEEIO_ERR_PROTO);
	} else {
		ENSURE(p1 == 0, TEEIO_ERR_PROTO_RESERVED);
		if (m->op == SPDM_MEAS_OP_ALL)
			ENSURE(n_blocks >= 1, TEEIO_ERR_PROTO);
		else
			ENSURE(n_blocks == 1, TEEIO_ERR_PROTO);
	}
	if (m->sign && v >= TEEIO_SPDM_V11)
		ENSURE((p2 & SPDM_SLOT_ID_MASK) == m->slot, TEEIO_ERR_PROTO);
	/* Content-changed is only reported on signed responses (1.2+). */
	if (!m->sign || v < TEEIO_SPDM_V12)
		ENSURE((p2 & SPDM_MEAS_CONTENT_MASK) == 0, TEEIO_ERR_PROTO_RESERVED);
	ENSURE((p2 & SPDM_MEAS_CONTENT_MASK) != SPDM_MEAS_CONTENT_MASK, TEEIO_ERR_PROTO_RESERVED);

	/* The exchange is valid on the wire: it enters L1/L2 (as on the
	 * responder's side) before the caller's buffers can refuse it. */
	/* L1/L2 belongs to one session (or to none): a change restarts it. */
	uint32_t sid = m->s ? m->s->id : 0;
	if (r->l1.live && r->l1_session != sid)
		teeio_spdm_tr_free(&r->l1);
	r->l1_session = sid;
	TRY(req_tr_l1(r, r->tx, req_len));
	TRY(req_tr_l1(r, r->rx, signed_len));
	if (m->sign) {
		uint8_t th[TEEIO_HASH_MAX];
		TRY(teeio_spdm_tr_peek(&r->l1, th));
		teeio_spdm_tr_free(&r->l1);
		TRY(teeio_spdm_verify(ops, &r->peer_key, v, r->conn.neg.hash,
				      SPDM_SIGN_CTX_MEASUREMENTS, th, sig, sig_len));
	}
	/* Block structure first (a malformed record is the responder's
	 * fault), then the caller's capacity. */
	TRY(decode_blocks(r, m, rec, rec_len, n_blocks, NULL, 0));
	ENSURE(rec_len <= record_cap && n_blocks <= max_blocks, TEEIO_ERR_SIZE);
	memcpy(record, rec, rec_len);
	TRY(decode_blocks(r, m, record, rec_len, n_blocks, blocks, max_blocks));
	res->total = m->op == SPDM_MEAS_OP_COUNT ? p1 : 0;
	res->n_blocks = n_blocks;
	res->content_changed = (uint8_t)((p2 & SPDM_MEAS_CONTENT_MASK) >> 4);
	res->signature_verified = m->sign;
	return TEEIO_OK;
}

teeio_err teeio_spdm_req_measurements(struct teeio_spdm_req *r, uint32_t session_id, uint8_t op,
				      bool sign, uint8_t slot, uint8_t *record, size_t record_cap,
				      struct teeio_spdm_meas_block *blocks, size_t max_blocks,
				      struct teeio_spdm_meas_result *res)
{
	struct meas_req m = {.op = op, .sign = sign, .slot = slot};

	ENSURE(r && r->cfg && res && (record || record_cap == 0) && (blocks || max_blocks == 0),
	       TEEIO_ERR_USAGE);
	ENSURE(slot < TEEIO_SPDM_MAX_SLOTS, TEEIO_ERR_USAGE);
	TRY(req_ready(r, true));
	uint32_t cap = r->conn.neg.rsp_caps & TEEIO_SPDM_CAP_MEAS_MASK;
	ENSURE(cap != 0, TEEIO_ERR_PROTO_UNSUPPORTED);
	if (sign) {
		ENSURE(cap == TEEIO_SPDM_CAP_MEAS_SIG, TEEIO_ERR_PROTO_UNSUPPORTED);
		ENSURE(r->slots[slot].chain_valid && r->peer_key_slot == slot, TEEIO_ERR_STATE);
	}
	if (session_id != 0) {
		m.s = req_session_get(r, session_id, TEEIO_SPDM_REQ_SESS_ESTABLISHED);
		ENSURE(m.s, TEEIO_ERR_STATE_NO_SESSION);
	}
	memset(res, 0, sizeof(*res));
	teeio_err rc = measurements(r, &m, record, record_cap, blocks, max_blocks, res);
	return rc == TEEIO_OK ? rc : req_fail(r, rc);
}
