/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FINISH / FINISH_RSP (DSP0274 10.16).  RequesterVerifyData =
 * HMAC(req finished key, TH(... FINISH header)); FINISH travels in the
 * session with the handshake keys, or in the clear when both sides chose
 * HANDSHAKE_IN_THE_CLEAR - then FINISH_RSP carries ResponderVerifyData.
 * TH2 (through FINISH_RSP) derives the data keys.
 */
#include "req.h"

static teeio_err finish(struct teeio_spdm_req *r, struct teeio_spdm_req_session *s)
{
	size_t h = req_hsize(r), n;
	uint8_t th[TEEIO_HASH_MAX], mac[TEEIO_HASH_MAX];
	teeio_err rc = TEEIO_OK;

	/* No mutual authentication: Param1 (signature included) = 0,
	 * Param2 (requester slot) = 0. */
	struct teeio_buf b = req_begin(r, SPDM_FINISH, 0, 0);
	TRY_OUT(teeio_spdm_tr_update(&s->th, r->tx, b.pos));
	TRY_OUT(teeio_spdm_tr_peek(&s->th, th));
	TRY_OUT(teeio_spdm_ks_finished_mac(&s->ks, TEEIO_SPDM_DIR_REQ, th, mac));
	TRY_OUT(teeio_buf_put_bytes(&b, mac, h));
	TRY_OUT(teeio_spdm_tr_update(&s->th, mac, h));
	req_tr_before(r, SPDM_FINISH);
	TRY_OUT(req_exchange(r, s->hs_in_clear ? NULL : s, b.pos, SPDM_FINISH_RSP, &n));

	struct teeio_buf in = teeio_buf_reader(r->rx, n);
	const uint8_t *verify = NULL;
	TRY_OUT(teeio_buf_skip(&in, 2));
	TRY_OUT(teeio_buf_expect_zero(&in, 2)); /* Param1, Param2 reserved */
	if (s->hs_in_clear)
		TRY_OUT(teeio_buf_get_ref(&in, &verify, h));
	TRY_OUT(req_end(r, &in));
	TRY_OUT(teeio_spdm_tr_update(&s->th, r->rx, SPDM_HDR_SIZE));
	if (verify) {
		TRY_OUT(teeio_spdm_tr_peek(&s->th, th));
		TRY_OUT(teeio_spdm_ks_finished_mac(&s->ks, TEEIO_SPDM_DIR_RSP, th, mac));
		ENSURE_OUT(teeio_ct_memeq(mac, verify, h), TEEIO_ERR_CRYPTO_VERIFY);
		TRY_OUT(teeio_spdm_tr_update(&s->th, verify, h));
	}
	TRY_OUT(teeio_spdm_tr_peek(&s->th, th));
	TRY_OUT(teeio_spdm_ks_data(&s->ks, th));
	TRY_OUT(teeio_spdm_sec_rekey(&s->sec, &s->ks));
out:
	teeio_wipe(mac, sizeof(mac));
	teeio_wipe(th, sizeof(th));
	return rc;
}

teeio_err teeio_spdm_req_finish(struct teeio_spdm_req *r, uint32_t session_id)
{
	ENSURE(r && r->cfg, TEEIO_ERR_USAGE);
	TRY(req_ready(r, true));
	struct teeio_spdm_req_session *s =
	    req_session_get(r, session_id, TEEIO_SPDM_REQ_SESS_HANDSHAKE);
	ENSURE(s, TEEIO_ERR_STATE_NO_SESSION);

	teeio_err rc = finish(r, s);
	if (rc != TEEIO_OK) {
		/* A session whose handshake failed is gone (its record
		 * layer may already have been torn down by the exchange). */
		req_session_drop(r, s);
		return req_fail(r, rc);
	}
	teeio_spdm_tr_free(&s->th);
	s->state = TEEIO_SPDM_REQ_SESS_ESTABLISHED;
	REQ_LOG(r, TEEIO_LOG_INFO, "spdm-req: session 0x%08x established", s->id);
	return TEEIO_OK;
}
