/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * KEY_EXCHANGE -> KEY_EXCHANGE_RSP (DSP0274 1.3, 10.15; DSP0277 opaque
 * secured-message version negotiation).
 *
 * TH = VCA || Hash(SPDM chain of the slot) || KEY_EXCHANGE ||
 * KEY_EXCHANGE_RSP.  The signature covers TH up to (not including) the
 * signature; TH1 (handshake keys, ResponderVerifyData) includes the
 * signature.  The running TH stays in the session for FINISH.
 */
#include <string.h>

#include "rsp.h"
#include "rsp_meas.h"

/* DSP0277 versions this responder speaks, highest preferred. */
static const uint16_t sm_versions[] = {0x1200, 0x1100, 0x1000};

struct kx_req {
	uint16_t req_session_id;
	uint8_t policy;
	const uint8_t *exchange;
	const uint8_t *opaque;
	uint16_t opaque_len;
	size_t len;
};

static teeio_err parse(const struct teeio_spdm_rsp *rsp, const struct rsp_call *c, struct kx_req *r)
{
	struct teeio_buf b = rsp_body(c);
	size_t d = teeio_dhe_pub_size(rsp->conn.neg.dhe);

	TRY(teeio_buf_get_u16le(&b, &r->req_session_id));
	TRY(teeio_buf_get_u8(&b, &r->policy));
	/* SessionPolicy: 1.2 bit 0 (termination), 1.3 adds bit 1 (events). */
	uint8_t defined = c->version >= TEEIO_SPDM_V13   ? 0x03
			  : c->version >= TEEIO_SPDM_V12 ? 0x01
							 : 0;
	ENSURE((r->policy & ~defined) == 0, TEEIO_ERR_PROTO_RESERVED);
	TRY(teeio_buf_expect_zero(&b, 1));
	TRY(teeio_buf_skip(&b, SPDM_RANDOM_SIZE));
	TRY(teeio_buf_get_ref(&b, &r->exchange, d));
	TRY(teeio_buf_get_u16le(&b, &r->opaque_len));
	ENSURE(r->opaque_len <= TEEIO_SPDM_MAX_OPAQUE, TEEIO_ERR_PROTO);
	TRY(teeio_buf_get_ref(&b, &r->opaque, r->opaque_len));
	TRY(rsp_end(c, &b));
	r->len = b.pos;
	return TEEIO_OK;
}

static teeio_err pick_sm_version(const struct rsp_call *c, const struct kx_req *r, uint16_t *sel)
{
	uint16_t offered[8];
	size_t n;

	if (teeio_spdm_opaque_versions_decode(r->opaque, r->opaque_len, c->version, offered,
					      TEEIO_ARRAY_LEN(offered), &n) != TEEIO_OK)
		return TEEIO_ERR_PROTO;
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(sm_versions); i++)
		for (size_t j = 0; j < n; j++)
			if ((offered[j] & 0xFF00) == sm_versions[i]) {
				*sel = sm_versions[i];
				return TEEIO_OK;
			}
	return TEEIO_ERR_PROTO_NEGOTIATION;
}

static uint16_t new_rsp_session_id(struct teeio_spdm_rsp *rsp, uint16_t req_id)
{
	for (;;) {
		uint16_t id = rsp->next_rsp_session_id--;

		if (rsp->next_rsp_session_id == 0)
			rsp->next_rsp_session_id = 0xFFFF;
		if (id != 0 &&
		    teeio_spdm_rsp_session_find(rsp, ((uint32_t)id << 16) | req_id) == NULL)
			return id;
	}
}

teeio_err rsp_key_exchange(struct teeio_spdm_rsp *rsp, struct rsp_call *c)
{
	const struct teeio_crypto_ops *ops = rsp->cfg->ops;
	const struct teeio_spdm_negotiated *n = &rsp->conn.neg;
	uint8_t slot = c->param2, summary = c->param1;
	uint8_t secret[TEEIO_DHE_SECRET_MAX], th[TEEIO_HASH_MAX], pub[TEEIO_DHE_PUB_MAX];
	uint8_t random[SPDM_RANDOM_SIZE];
	size_t h = teeio_spdm_hash_size(&rsp->conn);
	struct teeio_spdm_rsp_session *s = NULL;
	struct teeio_dhe dhe = {0};
	struct kx_req r;
	uint16_t sm_version = 0;
	teeio_err rc = TEEIO_OK;

	/* Validate the connection first: the layout depends on the DHE group. */
	ENSURE(n->dhe != TEEIO_DHE_NONE && n->aead != TEEIO_AEAD_NONE && n->key_schedule_bit != 0,
	       TEEIO_ERR_STATE);
	/* 1.2+: the opaque data must use the general format (OpaqueDataFmt1). */
	if (c->version >= TEEIO_SPDM_V12 && n->other_params != SPDM_OPAQUE_FMT_1)
		return rsp_fail(c, SPDM_ERR_INVALID_REQUEST, 0);

	/* Check parameters. */
	TRY(parse(rsp, c, &r));
	ENSURE(rsp_slot_ok(rsp, slot), TEEIO_ERR_PROTO);
	TRY(rsp_summary_check(rsp, summary));
	TRY(pick_sm_version(c, &r, &sm_version));
	s = rsp_session_alloc(rsp);
	if (s == NULL)
		return rsp_fail(c, SPDM_ERR_SESSION_LIMIT_EXCEEDED, 0);

	/* Process: our share and the shared secret. */
	memset(s, 0, sizeof(*s));
	TRY_OUT(ops->dhe_generate(&dhe, n->dhe, pub));
	/* A share that is not a point on the curve is a malformed request. */
	if (ops->dhe_compute(&dhe, r.exchange, teeio_dhe_pub_size(n->dhe), secret) != TEEIO_OK) {
		rc = rsp_fail(c, SPDM_ERR_INVALID_REQUEST, 0);
		goto out;
	}
	TRY_OUT(ops->random(random, sizeof(random)));
	uint32_t common = rsp->local_caps & n->req_caps;
	s->hs_clear = (common & TEEIO_SPDM_CAP_HANDSHAKE_IN_THE_CLEAR) != 0;
	uint16_t rsp_id = new_rsp_session_id(rsp, r.req_session_id);
	s->id = ((uint32_t)rsp_id << 16) | r.req_session_id;
	s->slot = slot;
	s->sm_version = sm_version;

	/* Construct up to the signature. */
	uint8_t hb = (common & TEEIO_SPDM_CAP_HBEAT) ? rsp->cfg->heartbeat_period : 0;
	TRY_OUT(rsp_put_header(c, SPDM_KEY_EXCHANGE_RSP, hb, 0));
	TRY_OUT(teeio_buf_put_u16le(&c->out, rsp_id));
	/* Mutual authentication only towards a requester that can (MUT_AUTH_CAP),
	 * 1.2+, with a ReqBaseAsymAlg negotiated. */
	s->mut_auth = rsp->cfg->mut_auth && (common & TEEIO_SPDM_CAP_MUT_AUTH) &&
		      c->version >= TEEIO_SPDM_V12 && n->req_asym != TEEIO_SIG_NONE;
	TRY_OUT(teeio_buf_put_u8(&c->out, s->mut_auth ? SPDM_KEY_EX_MUT_AUTH : 0));
	TRY_OUT(teeio_buf_put_u8(&c->out, 0)); /* ReqSlotIDParam: slot 0 */
	TRY_OUT(teeio_buf_put_bytes(&c->out, random, sizeof(random)));
	TRY_OUT(teeio_buf_put_bytes(&c->out, pub, teeio_dhe_pub_size(n->dhe)));
	if (summary != SPDM_SUMMARY_NONE) {
		uint8_t *p;
		TRY_OUT(teeio_buf_reserve(&c->out, h, &p));
		TRY_OUT(rsp_meas_summary(rsp, summary, p));
	}
	uint8_t *olen;
	TRY_OUT(teeio_buf_reserve(&c->out, 2, &olen));
	size_t ostart = c->out.pos;
	TRY_OUT(teeio_spdm_opaque_selection_encode(&c->out, c->version, sm_version));
	teeio_store_u16le(olen, (uint16_t)(c->out.pos - ostart));

	/* TH: VCA || Ct || KEY_EXCHANGE || KEY_EXCHANGE_RSP (so far). */
	TRY_OUT(teeio_spdm_tr_start(&s->th, &rsp->conn, true));
	TRY_OUT(teeio_spdm_tr_update(&s->th, rsp->chain_digest[slot], h));
	TRY_OUT(teeio_spdm_tr_update(&s->th, c->req, r.len));
	TRY_OUT(teeio_spdm_tr_update(&s->th, c->out.data, c->out.pos));
	TRY_OUT(teeio_spdm_tr_peek(&s->th, th));
	size_t sig_at = c->out.pos;
	TRY_OUT(rsp_sign(rsp, slot, SPDM_SIGN_CTX_KEY_EXCHANGE_RSP, th, &c->out));
	TRY_OUT(teeio_spdm_tr_update(&s->th, c->out.data + sig_at, c->out.pos - sig_at));

	/* Handshake keys from TH1 (signature included, verify data not). */
	TRY_OUT(teeio_spdm_tr_peek(&s->th, th));
	TRY_OUT(teeio_spdm_ks_init(&s->ks, ops, c->version, n->hash, n->aead, secret,
				   teeio_dhe_secret_size(n->dhe)));
	TRY_OUT(teeio_spdm_ks_handshake(&s->ks, th));
	if (!s->hs_clear) {
		uint8_t *vd;
		TRY_OUT(teeio_buf_reserve(&c->out, h, &vd));
		TRY_OUT(teeio_spdm_ks_finished_mac(&s->ks, TEEIO_SPDM_DIR_RSP, th, vd));
		TRY_OUT(teeio_spdm_tr_update(&s->th, vd, h));
	}
	s->sec.ops = ops;
	s->sec.binding = rsp->cfg->binding ? rsp->cfg->binding : &teeio_spdm_sec_doe;
	s->sec.session_id = s->id;
	TRY_OUT(teeio_spdm_sec_rekey(&s->sec, &s->ks));

	/* Commit. */
	s->state = TEEIO_SPDM_RSP_SESSION_HANDSHAKE;
out:
	ops->dhe_free(&dhe);
	teeio_wipe(secret, sizeof(secret));
	teeio_wipe(th, sizeof(th));
	if (rc != TEEIO_OK && s != NULL) {
		teeio_spdm_tr_free(&s->th);
		teeio_spdm_sec_free(&s->sec);
		teeio_spdm_ks_wipe(&s->ks);
		teeio_wipe(s, sizeof(*s)); /* back to FREE, never announced */
	}
	return rc;
}
