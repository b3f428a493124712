/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * KEY_EXCHANGE / KEY_EXCHANGE_RSP (DSP0274 10.15): ephemeral DHE, the
 * responder's signature over TH (VCA || Hash(cert chain) || KEY_EXCHANGE
 * || KEY_EXCHANGE_RSP up to the signature), the handshake key schedule
 * from TH1 and, unless the handshake is in the clear,
 * ResponderVerifyData = HMAC(rsp finished key, TH1).
 */
#include "req.h"

#include <string.h>

/* DSP0277 secured-message versions we offer in OpaqueData (1.0, 1.1, 1.2:
 * the record layer is the same for all three). */
static const uint16_t sm_versions[] = {0x1000, 0x1100, 0x1200};

struct kex {
	struct teeio_spdm_req_session *s;
	uint8_t slot, summary_type;
	uint16_t req_half;
	struct teeio_dhe dhe;
	bool dhe_live;
	uint8_t secret[TEEIO_DHE_SECRET_MAX];
};

static teeio_err build(struct teeio_spdm_req *r, struct kex *k, size_t *len)
{
	const struct teeio_crypto_ops *ops = r->cfg->ops;
	uint8_t v = req_version(r);
	uint8_t rnd[TEEIO_SPDM_RANDOM_SIZE], pub[TEEIO_DHE_PUB_MAX];
	uint8_t *opaque_len;
	struct teeio_buf b = req_begin(r, SPDM_KEY_EXCHANGE, k->summary_type, k->slot);

	TRY(teeio_buf_put_u16le(&b, k->req_half));
	TRY(teeio_buf_put_u8(&b, 0)); /* SessionPolicy (1.2+), reserved before */
	TRY(teeio_buf_put_u8(&b, 0));
	TRY(ops->random(rnd, sizeof(rnd)));
	TRY(teeio_buf_put_bytes(&b, rnd, sizeof(rnd)));
	TRY(ops->dhe_generate(&k->dhe, r->conn.neg.dhe, pub));
	k->dhe_live = true;
	TRY(teeio_buf_put_bytes(&b, pub, teeio_dhe_pub_size(r->conn.neg.dhe)));
	TRY(teeio_buf_reserve(&b, 2, &opaque_len));
	size_t start = b.pos;
	TRY(teeio_spdm_opaque_versions_encode(&b, v, sm_versions, TEEIO_ARRAY_LEN(sm_versions)));
	teeio_store_u16le(opaque_len, (uint16_t)(b.pos - start));
	*len = b.pos;
	return TEEIO_OK;
}

static bool sm_version_offered(uint16_t sel)
{
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(sm_versions); i++)
		if (sm_versions[i] == sel)
			return true;
	return false;
}

static teeio_err process(struct teeio_spdm_req *r, struct kex *k, size_t req_len, size_t n,
			 uint8_t *summary)
{
	const struct teeio_crypto_ops *ops = r->cfg->ops;
	struct teeio_spdm_req_session *s = k->s;
	uint8_t v = req_version(r);
	size_t h = req_hsize(r), sig_len = teeio_sig_size(r->conn.neg.asym);
	size_t dlen = teeio_dhe_pub_size(r->conn.neg.dhe);
	uint8_t th[TEEIO_HASH_MAX], mac[TEEIO_HASH_MAX];

	struct teeio_buf in = teeio_buf_reader(r->rx, n);
	uint8_t period, p2, mut, req_slot;
	uint16_t rsp_half, opaque_len, sm_sel;
	const uint8_t *peer_pub, *sum = NULL, *opaque, *sig, *verify = NULL;
	TRY(teeio_buf_skip(&in, 2));
	TRY(teeio_buf_get_u8(&in, &period));
	TRY(teeio_buf_get_u8(&in, &p2));
	ENSURE(p2 == 0, TEEIO_ERR_PROTO_RESERVED);
	TRY(teeio_buf_get_u16le(&in, &rsp_half));
	TRY(teeio_buf_get_u8(&in, &mut));
	TRY(teeio_buf_get_u8(&in, &req_slot));
	TRY(teeio_buf_skip(&in, TEEIO_SPDM_RANDOM_SIZE));
	TRY(teeio_buf_get_ref(&in, &peer_pub, dlen));
	if (k->summary_type != SPDM_SUMMARY_NONE)
		TRY(teeio_buf_get_ref(&in, &sum, h));
	TRY(teeio_buf_get_u16le(&in, &opaque_len));
	ENSURE(opaque_len <= TEEIO_SPDM_MAX_OPAQUE, TEEIO_ERR_PROTO);
	TRY(teeio_buf_get_ref(&in, &opaque, opaque_len));
	size_t signed_len = in.pos;
	TRY(teeio_buf_get_ref(&in, &sig, sig_len));
	if (!s->hs_in_clear)
		TRY(teeio_buf_get_ref(&in, &verify, h));
	TRY(req_end(r, &in));

	/* We never advertise mutual authentication: the responder may not
	 * ask for it (10.15), and then ReqSlotIDParam is reserved. */
	ENSURE(mut == 0, TEEIO_ERR_PROTO);
	ENSURE(req_slot == 0, TEEIO_ERR_PROTO_RESERVED);
	ENSURE(rsp_half != 0, TEEIO_ERR_PROTO); /* 0 is the invalid half */
	uint32_t id = teeio_spdm_session_id(k->req_half, rsp_half);
	for (size_t i = 0; i < TEEIO_SPDM_REQ_SESSIONS; i++)
		ENSURE(r->sess[i].state == TEEIO_SPDM_REQ_SESS_FREE || r->sess[i].id != id,
		       TEEIO_ERR_PROTO);
	TRY(teeio_spdm_opaque_selection_decode(opaque, opaque_len, v, &sm_sel));
	ENSURE(sm_version_offered(sm_sel), TEEIO_ERR_PROTO_NEGOTIATION);

	/* Signature over TH up to (not including) the signature. */
	TRY(teeio_spdm_tr_start(&s->th, &r->conn, true));
	TRY(teeio_spdm_tr_update(&s->th, r->slots[k->slot].chain_hash, h));
	TRY(teeio_spdm_tr_update(&s->th, r->tx, req_len));
	TRY(teeio_spdm_tr_update(&s->th, r->rx, signed_len));
	TRY(teeio_spdm_tr_peek(&s->th, th));
	TRY(teeio_spdm_verify(ops, &r->peer_key, v, r->conn.neg.hash,
			      SPDM_SIGN_CTX_KEY_EXCHANGE_RSP, th, sig, sig_len));
	TRY(teeio_spdm_tr_update(&s->th, sig, sig_len));

	/* Handshake secrets from the DHE secret and TH1. */
	TRY(ops->dhe_compute(&k->dhe, peer_pub, dlen, k->secret));
	TRY(teeio_spdm_ks_init(&s->ks, ops, v, r->conn.neg.hash, r->conn.neg.aead, k->secret,
			       teeio_dhe_secret_size(r->conn.neg.dhe)));
	TRY(teeio_spdm_tr_peek(&s->th, th));
	TRY(teeio_spdm_ks_handshake(&s->ks, th));
	if (verify) {
		TRY(teeio_spdm_ks_finished_mac(&s->ks, TEEIO_SPDM_DIR_RSP, th, mac));
		bool ok = teeio_ct_memeq(mac, verify, h);
		teeio_wipe(mac, sizeof(mac));
		ENSURE(ok, TEEIO_ERR_CRYPTO_VERIFY);
		TRY(teeio_spdm_tr_update(&s->th, verify, h));
	}
	s->id = id;
	s->heartbeat_period = period;
	s->sec.binding = r->cfg->binding ? r->cfg->binding : &teeio_spdm_sec_doe;
	s->sec.session_id = id;
	TRY(teeio_spdm_sec_rekey(&s->sec, &s->ks));
	if (sum && summary)
		memcpy(summary, sum, h);
	return TEEIO_OK;
}

static struct teeio_spdm_req_session *free_session(struct teeio_spdm_req *r)
{
	for (size_t i = 0; i < TEEIO_SPDM_REQ_SESSIONS; i++)
		if (r->sess[i].state == TEEIO_SPDM_REQ_SESS_FREE)
			return &r->sess[i];
	return NULL;
}

/* A ReqSessionID no live session uses (never 0, the invalid half). */
static uint16_t next_req_half(struct teeio_spdm_req *r)
{
	for (;;) {
		uint16_t id = r->next_req_session_id--;
		bool used = id == 0;
		for (size_t i = 0; i < TEEIO_SPDM_REQ_SESSIONS && !used; i++)
			used = r->sess[i].state != TEEIO_SPDM_REQ_SESS_FREE &&
			       (uint16_t)r->sess[i].id == id;
		if (!used)
			return id;
	}
}

teeio_err teeio_spdm_req_key_exchange(struct teeio_spdm_req *r, uint8_t slot, uint8_t summary_type,
				      uint32_t *session_id, uint8_t *summary)
{
	struct kex k = {.slot = slot, .summary_type = summary_type};
	size_t req_len, n;
	teeio_err rc;

	ENSURE(r && r->cfg && session_id && slot < TEEIO_SPDM_MAX_SLOTS, TEEIO_ERR_USAGE);
	ENSURE(summary_type == SPDM_SUMMARY_NONE || summary_type == SPDM_SUMMARY_TCB ||
		   summary_type == SPDM_SUMMARY_ALL,
	       TEEIO_ERR_USAGE);
	TRY(req_ready(r, true));
	ENSURE(req_version(r) >= TEEIO_SPDM_V11 && req_both(r, TEEIO_SPDM_CAP_KEY_EX),
	       TEEIO_ERR_PROTO_UNSUPPORTED);
	ENSURE(summary_type == SPDM_SUMMARY_NONE ||
		   (r->conn.neg.rsp_caps & TEEIO_SPDM_CAP_MEAS_MASK),
	       TEEIO_ERR_USAGE);
	ENSURE(r->slots[slot].chain_valid && r->peer_key_slot == slot, TEEIO_ERR_STATE);
	k.s = free_session(r);
	ENSURE(k.s, TEEIO_ERR_SIZE_LIMIT);
	memset(k.s, 0, sizeof(*k.s));
	k.s->slot = slot;
	k.s->hs_in_clear = req_both(r, TEEIO_SPDM_CAP_HANDSHAKE_IN_THE_CLEAR);
	k.req_half = next_req_half(r);

	rc = build(r, &k, &req_len);
	if (rc == TEEIO_OK) {
		req_tr_before(r, SPDM_KEY_EXCHANGE);
		rc = req_exchange(r, NULL, req_len, SPDM_KEY_EXCHANGE_RSP, &n);
	}
	if (rc == TEEIO_OK)
		rc = process(r, &k, req_len, n, summary);
	if (k.dhe_live)
		r->cfg->ops->dhe_free(&k.dhe);
	teeio_wipe(k.secret, sizeof(k.secret));
	if (rc != TEEIO_OK) {
		req_session_drop(r, k.s);
		return req_fail(r, rc);
	}
	k.s->state = TEEIO_SPDM_REQ_SESS_HANDSHAKE;
	*session_id = k.s->id;
	REQ_LOG(r, TEEIO_LOG_INFO, "spdm-req: session 0x%08x handshake%s", k.s->id,
		k.s->hs_in_clear ? " (in the clear)" : "");
	return TEEIO_OK;
}
