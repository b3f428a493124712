/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * KEY_UPDATE -> KEY_UPDATE_ACK (DSP0274 1.3, 10.17), following libspdm's
 * responder: UpdateKey moves the request-direction key (old one kept until
 * VerifyNewKey); UpdateAllKeys moves both and commits the response key at
 * once, so KEY_UPDATE_ACK already leaves under the new response key;
 * VerifyNewKey (received under the new key) drops the old request key.
 */
#include "rsp.h"

teeio_err rsp_key_update(struct teeio_spdm_rsp *rsp, struct rsp_call *c)
{
	struct teeio_spdm_rsp_session *s = c->sess;
	struct teeio_buf b = rsp_body(c);

	(void)rsp;
	TRY(rsp_end(c, &b));
	switch (c->param1) {
	case SPDM_KEY_UPDATE_OP_UPDATE_KEY:
	case SPDM_KEY_UPDATE_OP_UPDATE_ALL_KEYS:
		ENSURE(!s->key_update_pending, TEEIO_ERR_PROTO);
		TRY(teeio_spdm_ks_update(&s->ks, TEEIO_SPDM_DIR_REQ));
		if (c->param1 == SPDM_KEY_UPDATE_OP_UPDATE_ALL_KEYS) {
			teeio_err rc = teeio_spdm_ks_update(&s->ks, TEEIO_SPDM_DIR_RSP);
			if (rc != TEEIO_OK) {
				teeio_spdm_ks_update_rollback(&s->ks, TEEIO_SPDM_DIR_REQ);
				return rc;
			}
			teeio_spdm_ks_update_commit(&s->ks, TEEIO_SPDM_DIR_RSP);
		}
		s->key_update_pending = true;
		break;
	case SPDM_KEY_UPDATE_OP_VERIFY_NEW_KEY:
		ENSURE(s->key_update_pending, TEEIO_ERR_PROTO);
		teeio_spdm_ks_update_commit(&s->ks, TEEIO_SPDM_DIR_REQ);
		s->key_update_pending = false;
		break;
	default: return TEEIO_ERR_PROTO;
	}
	TRY(teeio_spdm_sec_rekey(&s->sec, &s->ks));
	return rsp_put_header(c, SPDM_KEY_UPDATE_ACK, c->param1, c->param2);
}
