/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FINISH -> FINISH_RSP (DSP0274 1.3, 10.16).
 *
 * RequesterVerifyData = HMAC(requester finished key, Hash(TH || FINISH
 * header)); with the handshake in the clear FINISH_RSP carries
 * ResponderVerifyData = HMAC(responder finished key, Hash(TH || FINISH ||
 * FINISH_RSP header)).  TH2 (data keys) covers FINISH_RSP as sent.  The
 * switch to data keys waits until FINISH_RSP has left under the handshake
 * keys (rsp.c after_send).  A wrong verify data or requester signature
 * answers DecryptError and ends the session.  With mutual authentication
 * TH also carries Cm (the requester chain's digest) before FINISH, and
 * FINISH carries the requester's signature over TH || FINISH header.
 */
#include "rsp.h"

/* The handshake session a plain FINISH belongs to (handshake in the clear). */
static struct teeio_spdm_rsp_session *clear_handshake(struct teeio_spdm_rsp *rsp)
{
	for (size_t i = 0; i < TEEIO_SPDM_RSP_MAX_SESSIONS; i++) {
		struct teeio_spdm_rsp_session *s = &rsp->sessions[i];

		if (s->state == TEEIO_SPDM_RSP_SESSION_HANDSHAKE && s->hs_clear &&
		    !s->finish_pending)
			return s;
	}
	return NULL;
}

/* True while a session waits for a FINISH that must arrive encrypted. */
static bool encrypted_handshake_pending(const struct teeio_spdm_rsp *rsp)
{
	for (size_t i = 0; i < TEEIO_SPDM_RSP_MAX_SESSIONS; i++) {
		const struct teeio_spdm_rsp_session *s = &rsp->sessions[i];

		if (s->state == TEEIO_SPDM_RSP_SESSION_HANDSHAKE && !s->hs_clear &&
		    !s->finish_pending)
			return true;
	}
	return false;
}

/* The requester's FINISH signature, with the public key of the leaf of the
 * provisioned requester chain. */
static teeio_err verify_requester(struct teeio_spdm_rsp *rsp, const uint8_t *th, const uint8_t *sig,
				  size_t sig_len)
{
	const struct teeio_crypto_ops *ops = rsp->cfg->ops;
	const uint8_t *der = rsp->cfg->req_chain_der, *leaf = der;
	size_t left = rsp->cfg->req_chain_len, len = 0;
	struct teeio_pkey key = {0};
	teeio_err rc;

	/* Walk to the last certificate. */
	while (left > 0) {
		TRY(ops->cert_der_len(der, left, &len));
		ENSURE(len > 0 && len <= left, TEEIO_ERR_PROTO);
		leaf = der;
		der += len;
		left -= len;
	}
	TRY(ops->pkey_from_cert(&key, rsp->conn.neg.req_asym, leaf, len));
	rc = teeio_spdm_verify(ops, &key, rsp->conn.neg.version, rsp->conn.neg.hash,
			       SPDM_SIGN_CTX_FINISH, th, sig, sig_len);
	ops->pkey_free(&key);
	return rc;
}

teeio_err rsp_finish(struct teeio_spdm_rsp *rsp, struct rsp_call *c)
{
	struct teeio_spdm_rsp_session *s = c->sess;
	struct teeio_buf b = rsp_body(c);
	size_t h = teeio_spdm_hash_size(&rsp->conn);
	uint8_t th[TEEIO_HASH_MAX], mac[TEEIO_HASH_MAX];
	const uint8_t *verify;
	teeio_err rc = TEEIO_OK;

	/* Check state: encrypted FINISH for a normal handshake, plain FINISH
	 * only for one in the clear. */
	if (s == NULL) {
		s = clear_handshake(rsp);
		/* A plain FINISH while a handshake runs inside a session: it
		 * had to come in that session (DSP0274 1.2+ SessionRequired;
		 * 1.1 has no such code). */
		if (s == NULL && rsp->conn.neg.version >= TEEIO_SPDM_V12 &&
		    encrypted_handshake_pending(rsp))
			return rsp_fail(c, SPDM_ERR_SESSION_REQUIRED, 0);
	}
	if (s == NULL || s->state != TEEIO_SPDM_RSP_SESSION_HANDSHAKE || s->finish_pending)
		return rsp_fail(c, SPDM_ERR_UNEXPECTED_REQUEST, 0);

	/* Check parameters: a signature exactly when mutual authentication
	 * was requested, and then from the slot we named (0). */
	if (c->param1 != (s->mut_auth ? SPDM_FINISH_SIG_INCLUDED : 0) || c->param2 != 0)
		return rsp_fail(c, SPDM_ERR_INVALID_REQUEST, 0);
	size_t sig_len = s->mut_auth ? teeio_sig_size(rsp->conn.neg.req_asym) : 0;
	const uint8_t *sig = NULL;
	TRY(teeio_buf_get_ref(&b, &sig, sig_len));
	TRY(teeio_buf_get_ref(&b, &verify, h));
	TRY(rsp_end(c, &b));

	/* Validate: with mutual auth, TH gets Cm (the requester's chain
	 * digest) and the requester's signature over TH || FINISH header is
	 * checked; RequesterVerifyData covers TH || FINISH header [|| sig]. */
	if (s->mut_auth)
		TRY_OUT(teeio_spdm_tr_update(&s->th, rsp->req_chain_digest, h));
	TRY_OUT(teeio_spdm_tr_update(&s->th, c->req, SPDM_HDR_SIZE));
	if (s->mut_auth) {
		TRY_OUT(teeio_spdm_tr_peek(&s->th, th));
		if (verify_requester(rsp, th, sig, sig_len) != TEEIO_OK) {
			rc = rsp_fail(c, SPDM_ERR_DECRYPT_ERROR, 0);
			goto out;
		}
		TRY_OUT(teeio_spdm_tr_update(&s->th, sig, sig_len));
	}
	TRY_OUT(teeio_spdm_tr_peek(&s->th, th));
	TRY_OUT(teeio_spdm_ks_finished_mac(&s->ks, TEEIO_SPDM_DIR_REQ, th, mac));
	if (!teeio_ct_memeq(mac, verify, h)) {
		s->end_pending = true; /* the ERROR still goes out, then the session ends */
		rc = rsp_fail(c, SPDM_ERR_DECRYPT_ERROR, 0);
		goto out;
	}
	TRY_OUT(teeio_spdm_tr_update(&s->th, verify, h));

	/* Construct. */
	TRY_OUT(rsp_put_header(c, SPDM_FINISH_RSP, 0, 0));
	if (s->hs_clear) {
		uint8_t *vd;

		TRY_OUT(teeio_spdm_tr_update(&s->th, c->out.data, SPDM_HDR_SIZE));
		TRY_OUT(teeio_spdm_tr_peek(&s->th, th));
		TRY_OUT(teeio_buf_reserve(&c->out, h, &vd));
		TRY_OUT(teeio_spdm_ks_finished_mac(&s->ks, TEEIO_SPDM_DIR_RSP, th, vd));
		TRY_OUT(teeio_spdm_tr_update(&s->th, vd, h));
	} else {
		TRY_OUT(teeio_spdm_tr_update(&s->th, c->out.data, c->out.pos));
	}

	/* Commit: TH2, data keys once the response is sent. */
	TRY_OUT(teeio_spdm_tr_peek(&s->th, s->th2));
	s->finish_pending = true;
out:
	if (rc != TEEIO_OK)
		s->end_pending = true;
	teeio_wipe(th, sizeof(th));
	teeio_wipe(mac, sizeof(mac));
	return rc;
}
