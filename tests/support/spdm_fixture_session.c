/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The requester's half of an SPDM session, computed with the core and
 * secured APIs, for responder tests and the session fuzz target (see
 * spdm_fixture.h, struct spdm_treq).
 */
#include <string.h>

#include "spdm_fixture.h"
#include "test.h"

void spdm_treq_init(struct spdm_treq *q, const struct spdm_fixture *fx, struct teeio_spdm_rsp *rsp,
		    uint8_t ver)
{
	memset(q, 0, sizeof(*q));
	q->fx = fx;
	q->rsp = rsp;
	q->ver = ver;
	teeio_spdm_conn_init(&q->conn, fx->ops);
}

/* The requester's half of one session. */

void spdm_treq_free(struct spdm_treq *q)
{
	teeio_spdm_tr_free(&q->th);
	teeio_spdm_sec_free(&q->sec);
	teeio_spdm_ks_wipe(&q->ks);
	teeio_spdm_conn_free(&q->conn);
}

/* Plain request -> response in q->out. */
void spdm_treq_plain(struct spdm_treq *q, const uint8_t *req, size_t len)
{
	q->out_len = sizeof(q->out);
	CHECK_OK(teeio_spdm_rsp_handle(q->rsp, req, len, 0, q->out, &q->out_len));
}

/* Secured request -> opened response in q->out (q->out_len 0 if it could not
 * be opened: then *plain holds the q->raw answer). */

teeio_err spdm_treq_seal(struct spdm_treq *q, const uint8_t *msg, size_t len)
{
	struct teeio_buf b = teeio_buf_writer(q->rec, sizeof(q->rec));
	TRY(teeio_spdm_sec_seal(&q->sec, &q->ks, TEEIO_SPDM_DIR_REQ, msg, len, &b));
	q->rec_len = b.pos;
	return TEEIO_OK;
}

teeio_err spdm_treq_deliver(struct spdm_treq *q)
{
	bool sealed;
	q->raw_len = sizeof(q->raw);
	TRY(teeio_spdm_rsp_handle_secured(q->rsp, q->rec, q->rec_len, 0, q->raw, &q->raw_len,
					  &sealed));
	/* A plain answer (an ERROR the responder could not seal) is not a
	 * record: say so rather than let the open below fail on it. */
	if (!sealed)
		return TEEIO_ERR_PROTO_PEER_ERROR;
	q->out_len = sizeof(q->out);
	return teeio_spdm_sec_open(&q->sec, &q->ks, TEEIO_SPDM_DIR_RSP, q->raw, q->raw_len, q->out,
				   &q->out_len);
}

teeio_err spdm_treq_secured(struct spdm_treq *q, const uint8_t *msg, size_t len)
{
	TRY(spdm_treq_seal(q, msg, len));
	return spdm_treq_deliver(q);
}

static uint8_t chain_digest(struct spdm_treq *q, uint8_t *d)
{
	static uint8_t chain[8192];
	size_t len = sizeof(chain);
	CHECK_OK(
	    teeio_pki_spdm_chain_build(q->fx->ops, q->conn.neg.hash, &q->fx->chain, chain, &len));
	CHECK_OK(q->fx->ops->hash(q->conn.neg.hash, chain, len, d));
	return 0;
}

/* KEY_EXCHANGE; checks the signature and ResponderVerifyData and derives
 * the handshake keys on the requester side. */
bool spdm_treq_key_exchange_ex(struct spdm_treq *q, uint16_t req_id, bool want_error)
{
	const struct teeio_crypto_ops *ops = q->fx->ops;
	enum teeio_hash_alg hash = q->conn.neg.hash;
	size_t h = teeio_hash_size(hash), d = teeio_dhe_pub_size(q->conn.neg.dhe);
	size_t s = teeio_sig_size(q->conn.neg.asym);
	uint8_t req[512], th[TEEIO_HASH_MAX], secret[TEEIO_DHE_SECRET_MAX], cd[TEEIO_HASH_MAX];
	struct teeio_dhe dhe = {0};
	struct teeio_buf b = teeio_buf_writer(req, sizeof(req));
	const uint16_t versions[] = {0x1000, 0x1100, 0x1200};
	bool ok = false;

	CHECK_OK(teeio_buf_put_u8(&b, q->ver));
	CHECK_OK(teeio_buf_put_u8(&b, 0xE4));
	CHECK_OK(teeio_buf_put_u8(&b, 0));
	CHECK_OK(teeio_buf_put_u8(&b, 0));
	CHECK_OK(teeio_buf_put_u16le(&b, req_id));
	CHECK_OK(teeio_buf_put_zero(&b, 2 + 32));
	uint8_t *pub;
	CHECK_OK(teeio_buf_reserve(&b, d, &pub));
	CHECK_OK(ops->dhe_generate(&dhe, q->conn.neg.dhe, pub));
	uint8_t *olen;
	CHECK_OK(teeio_buf_reserve(&b, 2, &olen));
	size_t o0 = b.pos;
	CHECK_OK(teeio_spdm_opaque_versions_encode(&b, q->ver, versions, 3));
	teeio_store_u16le(olen, (uint16_t)(b.pos - o0));
	spdm_treq_plain(q, req, b.pos);
	if (q->out[1] != 0x64) {
		if (!want_error)
			test_fail(__FILE__, __LINE__, "KEY_EXCHANGE -> %02x %02x", q->out[1],
				  q->out[2]);
		goto out;
	}
	/* Parse KEY_EXCHANGE_RSP. */
	uint16_t rsp_id = teeio_load_u16le(q->out + 4);
	CHECK_EQ(q->out[2], 10); /* heartbeat period */
	/* MutAuthRequested: only the basic form (bit 0), only when we have a
	 * requester key to answer with. */
	CHECK(q->out[6] == 0 || (q->out[6] == 0x01 && q->req_key != NULL));
	q->mut = q->out[6] == 0x01;
	CHECK_EQ(q->out[7], 0); /* ReqSlotIDParam */
	size_t at = 40;
	CHECK_OK(ops->dhe_compute(&dhe, q->out + at, d, secret));
	at += d;
	uint16_t ol = teeio_load_u16le(q->out + at);
	uint16_t sel = 0;
	CHECK_OK(teeio_spdm_opaque_selection_decode(q->out + at + 2, ol, q->ver, &sel));
	CHECK_EQ(sel, 0x1200);
	at += 2 + ol;
	CHECK_EQ(q->out_len, at + s + (q->hs_clear ? 0 : h));
	/* TH up to the signature. */
	chain_digest(q, cd);
	CHECK_OK(teeio_spdm_tr_start(&q->th, &q->conn, true));
	CHECK_OK(teeio_spdm_tr_update(&q->th, cd, h));
	CHECK_OK(teeio_spdm_tr_update(&q->th, req, b.pos));
	CHECK_OK(teeio_spdm_tr_update(&q->th, q->out, at));
	CHECK_OK(teeio_spdm_tr_peek(&q->th, th));
	struct teeio_pkey pk = {0};
	const struct teeio_pki_cert *leaf = &q->fx->chain.certs[q->fx->chain.n_certs - 1];
	CHECK_OK(ops->pkey_from_cert(&pk, q->conn.neg.asym, leaf->der, leaf->len));
	CHECK_OK(teeio_spdm_verify(ops, &pk, q->ver, hash, "responder-key_exchange_rsp signing", th,
				   q->out + at, s));
	ops->pkey_free(&pk);
	CHECK_OK(teeio_spdm_tr_update(&q->th, q->out + at, s));
	CHECK_OK(teeio_spdm_tr_peek(&q->th, th));
	CHECK_OK(teeio_spdm_ks_init(&q->ks, ops, q->ver, hash, q->conn.neg.aead, secret,
				    teeio_dhe_secret_size(q->conn.neg.dhe)));
	CHECK_OK(teeio_spdm_ks_handshake(&q->ks, th));
	if (!q->hs_clear) {
		uint8_t mac[TEEIO_HASH_MAX];
		CHECK_OK(teeio_spdm_ks_finished_mac(&q->ks, TEEIO_SPDM_DIR_RSP, th, mac));
		CHECK_MEM(q->out + at + s, mac, h);
		CHECK_OK(teeio_spdm_tr_update(&q->th, q->out + at + s, h));
	}
	q->sid = ((uint32_t)rsp_id << 16) | req_id;
	q->sec.ops = ops;
	q->sec.binding = &teeio_spdm_sec_doe;
	q->sec.session_id = q->sid;
	CHECK_OK(teeio_spdm_sec_rekey(&q->sec, &q->ks));
	ok = true;
out:
	ops->dhe_free(&dhe);
	return ok;
}

bool spdm_treq_key_exchange(struct spdm_treq *q, uint16_t req_id)
{
	return spdm_treq_key_exchange_ex(q, req_id, false);
}

/* FINISH (secured, or plain in the clear); derives the data keys. */
bool spdm_treq_finish(struct spdm_treq *q, bool corrupt)
{
	size_t h = teeio_hash_size(q->conn.neg.hash);
	uint8_t req[4 + TEEIO_SIG_MAX + TEEIO_HASH_MAX], th[TEEIO_HASH_MAX];
	size_t sig_len = 0;

	spdm_msg_simple(req, q->ver, 0xE5, q->mut ? 1 : 0, 0);
	if (q->mut) {
		/* Mutual auth: Cm, header, then the requester's signature. */
		CHECK_OK(teeio_spdm_tr_update(&q->th, q->req_chain_digest, h));
		CHECK_OK(teeio_spdm_tr_update(&q->th, req, 4));
		CHECK_OK(teeio_spdm_tr_peek(&q->th, th));
		sig_len = sizeof(req) - 4 - h;
		CHECK_OK(teeio_spdm_sign(q->fx->ops, q->req_key, q->ver, q->conn.neg.hash,
					 "requester-finish signing", th, req + 4, &sig_len));
		CHECK_OK(teeio_spdm_tr_update(&q->th, req + 4, sig_len));
	} else {
		CHECK_OK(teeio_spdm_tr_update(&q->th, req, 4));
	}
	size_t vd = 4 + sig_len;
	CHECK_OK(teeio_spdm_tr_peek(&q->th, th));
	CHECK_OK(teeio_spdm_ks_finished_mac(&q->ks, TEEIO_SPDM_DIR_REQ, th, req + vd));
	CHECK_OK(teeio_spdm_tr_update(&q->th, req + vd, h));
	if (corrupt)
		req[4] ^= 0x80; /* the signature with mutual auth, else the MAC */
	if (q->hs_clear) {
		spdm_treq_plain(q, req, vd + h);
	} else if (spdm_treq_secured(q, req, vd + h) != TEEIO_OK) {
		test_fail(__FILE__, __LINE__, "FINISH_RSP did not open");
		return false;
	}
	if (q->out[1] != 0x65)
		return false;
	if (q->hs_clear) {
		uint8_t mac[TEEIO_HASH_MAX];
		CHECK_EQ(q->out_len, 4 + h);
		CHECK_OK(teeio_spdm_tr_update(&q->th, q->out, 4));
		CHECK_OK(teeio_spdm_tr_peek(&q->th, th));
		CHECK_OK(teeio_spdm_ks_finished_mac(&q->ks, TEEIO_SPDM_DIR_RSP, th, mac));
		CHECK_MEM(q->out + 4, mac, h);
		CHECK_OK(teeio_spdm_tr_update(&q->th, q->out + 4, h));
	} else {
		CHECK_EQ(q->out_len, 4);
		CHECK_OK(teeio_spdm_tr_update(&q->th, q->out, q->out_len));
	}
	CHECK_OK(teeio_spdm_tr_peek(&q->th, th));
	CHECK_OK(teeio_spdm_ks_data(&q->ks, th));
	CHECK_OK(teeio_spdm_sec_rekey(&q->sec, &q->ks));
	return true;
}

bool spdm_treq_heartbeat(struct spdm_treq *q)
{
	uint8_t req[4];
	spdm_msg_simple(req, q->ver, 0xE8, 0, 0);
	if (spdm_treq_secured(q, req, 4) != TEEIO_OK)
		return false;
	return q->out_len == 4 && q->out[1] == 0x68;
}
