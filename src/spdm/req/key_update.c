/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * KEY_UPDATE / KEY_UPDATE_ACK (DSP0274 10.18), ordered as libspdm does:
 *  - UpdateKey: request and ACK under the old keys; then the request
 *    direction moves to the next key.
 *  - UpdateAllKeys: the response direction moves first (the ACK arrives
 *    under the responder's new key), the request direction after the ACK.
 *  - VerifyNewKey under the new keys confirms; the previous keys are then
 *    forgotten (commit).
 * A refused or wrong update rolls the moved direction back
 * (teeio_spdm_ks_update_rollback); a failed verification ends the session,
 * since both sides then disagree on the keys.
 */
#include "req.h"

static teeio_err send_op(struct teeio_spdm_req *r, struct teeio_spdm_req_session *s, uint8_t op,
			 uint8_t tag)
{
	struct teeio_buf b = req_begin(r, SPDM_KEY_UPDATE, op, tag);
	size_t n;
	uint8_t p1, p2;

	TRY(req_exchange(r, s, b.pos, SPDM_KEY_UPDATE_ACK, &n));
	struct teeio_buf in = teeio_buf_reader(r->rx, n);
	TRY(teeio_buf_skip(&in, 2));
	TRY(teeio_buf_get_u8(&in, &p1));
	TRY(teeio_buf_get_u8(&in, &p2));
	TRY(req_end(r, &in));
	/* The ACK echoes operation and tag (10.18). */
	ENSURE(p1 == op && p2 == tag, TEEIO_ERR_PROTO);
	return TEEIO_OK;
}

static teeio_err move(struct teeio_spdm_req_session *s, enum teeio_spdm_dir dir)
{
	teeio_err rc = teeio_spdm_ks_update(&s->ks, dir);

	if (rc == TEEIO_OK) {
		rc = teeio_spdm_sec_rekey(&s->sec, &s->ks);
		if (rc != TEEIO_OK)
			teeio_spdm_ks_update_rollback(&s->ks, dir);
	}
	return rc;
}

static void roll_back(struct teeio_spdm_req_session *s, enum teeio_spdm_dir dir)
{
	if (s->state == TEEIO_SPDM_REQ_SESS_FREE)
		return; /* the exchange already tore the session down */
	teeio_spdm_ks_update_rollback(&s->ks, dir);
	if (teeio_spdm_sec_rekey(&s->sec, &s->ks) != TEEIO_OK)
		s->state = TEEIO_SPDM_REQ_SESS_FREE; /* dropped by the caller */
}

static teeio_err key_update(struct teeio_spdm_req *r, struct teeio_spdm_req_session *s, uint8_t op)
{
	const struct teeio_crypto_ops *ops = r->cfg->ops;
	bool all = op == SPDM_KEY_UPDATE_OP_UPDATE_ALL_KEYS;
	uint8_t tags[2];
	teeio_err rc;

	TRY(ops->random(tags, sizeof(tags)));
	req_tr_before(r, SPDM_KEY_UPDATE);
	if (all) {
		TRY(move(s, TEEIO_SPDM_DIR_RSP));
		s->rsp_update_pending = true;
		s->rsp_fell_back = false;
	}
	rc = send_op(r, s, op, tags[0]);
	if (all && s->state != TEEIO_SPDM_REQ_SESS_FREE) {
		/* An answer under the old key means the responder did not
		 * update (the exchange already rolled the key back). */
		if (s->rsp_fell_back && rc == TEEIO_OK)
			rc = TEEIO_ERR_PROTO;
		if (rc != TEEIO_OK && !s->rsp_fell_back)
			roll_back(s, TEEIO_SPDM_DIR_RSP);
		s->rsp_update_pending = false;
		s->rsp_fell_back = false;
	}
	if (rc != TEEIO_OK)
		return rc;
	rc = move(s, TEEIO_SPDM_DIR_REQ);
	if (rc != TEEIO_OK) {
		s->state = TEEIO_SPDM_REQ_SESS_FREE; /* the responder moved: end it */
		return rc;
	}
	rc = send_op(r, s, SPDM_KEY_UPDATE_OP_VERIFY_NEW_KEY, tags[1]);
	if (rc != TEEIO_OK) {
		s->state = TEEIO_SPDM_REQ_SESS_FREE; /* keys disagree: end it */
		return rc;
	}
	teeio_spdm_ks_update_commit(&s->ks, TEEIO_SPDM_DIR_REQ);
	if (all)
		teeio_spdm_ks_update_commit(&s->ks, TEEIO_SPDM_DIR_RSP);
	return TEEIO_OK;
}

teeio_err teeio_spdm_req_key_update(struct teeio_spdm_req *r, uint32_t session_id,
				    enum teeio_spdm_key_update_op op)
{
	ENSURE(r && r->cfg, TEEIO_ERR_USAGE);
	ENSURE(op == TEEIO_SPDM_KEY_UPDATE_KEY || op == TEEIO_SPDM_KEY_UPDATE_ALL_KEYS,
	       TEEIO_ERR_USAGE);
	TRY(req_ready(r, true));
	ENSURE(req_both(r, TEEIO_SPDM_CAP_KEY_UPD), TEEIO_ERR_PROTO_UNSUPPORTED);
	struct teeio_spdm_req_session *s =
	    req_session_get(r, session_id, TEEIO_SPDM_REQ_SESS_ESTABLISHED);
	ENSURE(s, TEEIO_ERR_STATE_NO_SESSION);

	teeio_err rc = key_update(r, s, (uint8_t)op);
	if (rc != TEEIO_OK) {
		if (s->state == TEEIO_SPDM_REQ_SESS_FREE)
			req_session_drop(r, s);
		return req_fail(r, rc);
	}
	return TEEIO_OK;
}
