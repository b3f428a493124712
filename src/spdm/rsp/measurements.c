/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * GET_MEASUREMENTS -> MEASUREMENTS (DSP0274 1.3, 10.11).
 *
 * L1/L2 runs from the first GET_MEASUREMENTS after any other request to
 * the signed MEASUREMENTS that ends it (1.2+: prefixed with VCA).  The
 * measurement generation seen when the window opened decides the 1.2
 * "content changed" bits of the signed response.
 */
#include "rsp.h"
#include "rsp_meas.h"

struct meas_req {
	bool sign, raw;
	uint8_t op, slot;
	const uint8_t *req_ctx;
	size_t len;
};

static teeio_err parse(const struct rsp_call *c, struct meas_req *r)
{
	struct teeio_buf b = rsp_body(c);
	uint8_t defined = SPDM_MEAS_ATTR_SIGNATURE;

	if (c->version >= TEEIO_SPDM_V12)
		defined |= SPDM_MEAS_ATTR_RAW;
	if (c->version >= TEEIO_SPDM_V13)
		defined |= SPDM_MEAS_ATTR_NEW;
	ENSURE((c->param1 & ~defined) == 0, TEEIO_ERR_PROTO_RESERVED);
	r->sign = c->param1 & SPDM_MEAS_ATTR_SIGNATURE;
	r->raw = c->param1 & SPDM_MEAS_ATTR_RAW;
	r->op = c->param2;
	r->slot = 0;
	r->req_ctx = NULL;
	if (r->sign) {
		TRY(teeio_buf_skip(&b, SPDM_NONCE_SIZE));
		if (c->version >= TEEIO_SPDM_V11) {
			TRY(teeio_buf_get_u8(&b, &r->slot));
			ENSURE((r->slot & ~SPDM_SLOT_ID_MASK) == 0, TEEIO_ERR_PROTO_RESERVED);
		}
	}
	if (c->version >= TEEIO_SPDM_V13)
		TRY(teeio_buf_get_ref(&b, &r->req_ctx, SPDM_REQ_CONTEXT_SIZE));
	TRY(rsp_end(c, &b));
	r->len = b.pos;
	return TEEIO_OK;
}

/* The measurement record for `op` into out; *n receives the block count. */
static teeio_err put_record(struct teeio_spdm_rsp *rsp, const struct meas_req *r,
			    struct teeio_buf *out, uint8_t *n)
{
	const struct teeio_spdm_rsp_meas *m = rsp->cfg->meas;

	*n = 0;
	if (r->op == SPDM_MEAS_OP_COUNT)
		return TEEIO_OK;
	if (r->op == SPDM_MEAS_OP_ALL) {
		for (size_t i = 0; i < m->n; i++)
			TRY(rsp_meas_put(rsp, &m->entries[i], r->raw, out));
		*n = (uint8_t)m->n;
		return TEEIO_OK;
	}
	const struct teeio_spdm_rsp_meas_entry *e = rsp_meas_find(rsp, r->op);
	ENSURE(e != NULL, TEEIO_ERR_PROTO);
	TRY(rsp_meas_put(rsp, e, r->raw, out));
	*n = 1;
	return TEEIO_OK;
}

teeio_err rsp_measurements(struct teeio_spdm_rsp *rsp, struct rsp_call *c)
{
	const struct teeio_spdm_rsp_meas *m = rsp->cfg->meas;
	uint32_t sid = c->sess ? c->sess->id : 0;
	uint8_t nonce[SPDM_NONCE_SIZE], th[TEEIO_HASH_MAX];
	struct meas_req r;
	teeio_err rc = TEEIO_OK;

	/* Check parameters. */
	TRY_OUT(parse(c, &r));

	/* Validate. */
	ENSURE_OUT(rsp->conn.neg.meas_spec != 0 && rsp->conn.neg.meas_hash_bit != 0,
		   TEEIO_ERR_STATE);
	if (r.sign) {
		ENSURE_OUT(rsp->local_caps & TEEIO_SPDM_CAP_MEAS_SIG, TEEIO_ERR_PROTO);
		ENSURE_OUT(rsp_slot_ok(rsp, r.slot), TEEIO_ERR_PROTO);
	}

	/* Process: open the L1/L2 window if this request starts one. */
	if (!rsp->l1.live || rsp->l1_session != sid) {
		TRY_OUT(teeio_spdm_tr_start(&rsp->l1, &rsp->conn, c->version >= TEEIO_SPDM_V12));
		rsp->l1_session = sid;
		rsp->l1_generation = m->generation;
	}
	uint8_t p2 = 0;
	if (r.sign) {
		p2 = r.slot;
		if (c->version >= TEEIO_SPDM_V12)
			p2 |= m->generation != rsp->l1_generation ? SPDM_MEAS_CONTENT_CHANGED
								  : SPDM_MEAS_CONTENT_UNCHANGED;
	}

	/* Construct. */
	uint8_t n, *nblocks, *rec_len;
	TRY_OUT(rsp_put_header(c, SPDM_MEASUREMENTS, r.op == SPDM_MEAS_OP_COUNT ? (uint8_t)m->n : 0,
			       p2));
	TRY_OUT(teeio_buf_reserve(&c->out, 1, &nblocks));
	TRY_OUT(teeio_buf_reserve(&c->out, 3, &rec_len));
	size_t rec_start = c->out.pos;
	TRY_OUT(put_record(rsp, &r, &c->out, &n));
	*nblocks = n;
	teeio_store_u24le(rec_len, (uint32_t)(c->out.pos - rec_start));
	TRY_OUT(rsp->cfg->ops->random(nonce, sizeof(nonce)));
	TRY_OUT(teeio_buf_put_bytes(&c->out, nonce, sizeof(nonce)));
	TRY_OUT(teeio_buf_put_u16le(&c->out, 0)); /* OpaqueDataLength */
	if (r.req_ctx)
		TRY_OUT(teeio_buf_put_bytes(&c->out, r.req_ctx, SPDM_REQ_CONTEXT_SIZE));

	/* Transcript; a signature ends the window. */
	TRY_OUT(teeio_spdm_tr_update(&rsp->l1, c->req, r.len));
	TRY_OUT(teeio_spdm_tr_update(&rsp->l1, c->out.data, c->out.pos));
	if (r.sign) {
		TRY_OUT(teeio_spdm_tr_peek(&rsp->l1, th));
		TRY_OUT(rsp_sign(rsp, r.slot, SPDM_SIGN_CTX_MEASUREMENTS, th, &c->out));
		teeio_spdm_tr_free(&rsp->l1);
		rsp->l1_session = 0;
	}
out:
	/* Any failure ends the window (as libspdm resets message M). */
	if (rc != TEEIO_OK) {
		teeio_spdm_tr_free(&rsp->l1);
		rsp->l1_session = 0;
	}
	teeio_wipe(th, sizeof(th));
	return rc;
}
