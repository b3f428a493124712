/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Responder entry points: configuration check, reset, and the two ways a
 * request arrives (plain SPDM message, DSP0277 secured record).
 */
#include <string.h>

#include "rsp.h"

/* MCTP carries the MCTP message type inside the secured payload (DSP0276). */
#define MCTP_MSG_TYPE_SPDM 0x05

static bool version_offered(const struct teeio_spdm_rsp_config *cfg, uint8_t v)
{
	for (size_t i = 0; i < TEEIO_SPDM_MAX_VERSIONS && cfg->versions[i]; i++)
		if (cfg->versions[i] == v)
			return true;
	return false;
}

/* The combinations DSP0274 10.4 forbids for a responder's own flags. */
static teeio_err check_caps(const struct teeio_spdm_rsp_config *cfg)
{
	uint32_t f = cfg->caps;
	bool key_ex = f & TEEIO_SPDM_CAP_KEY_EX;
	bool sess_caps = f & (TEEIO_SPDM_CAP_ENCRYPT | TEEIO_SPDM_CAP_MAC);

	ENSURE((f & TEEIO_SPDM_CAP_MEAS_MASK) != TEEIO_SPDM_CAP_MEAS_MASK, TEEIO_ERR_USAGE_CONFIG);
	ENSURE((f & TEEIO_SPDM_CAP_PSK_MASK) == 0, TEEIO_ERR_USAGE_CONFIG); /* no PSK support */
	ENSURE(key_ex == sess_caps, TEEIO_ERR_USAGE_CONFIG);
	if (!key_ex)
		ENSURE((f & (TEEIO_SPDM_CAP_HBEAT | TEEIO_SPDM_CAP_KEY_UPD |
			     TEEIO_SPDM_CAP_HANDSHAKE_IN_THE_CLEAR)) == 0,
		       TEEIO_ERR_USAGE_CONFIG);
	if (f & (TEEIO_SPDM_CAP_CHAL | TEEIO_SPDM_CAP_KEY_EX | TEEIO_SPDM_CAP_MEAS_SIG))
		ENSURE(f & TEEIO_SPDM_CAP_CERT, TEEIO_ERR_USAGE_CONFIG);
	ENSURE((f & TEEIO_SPDM_CAP_PUB_KEY_ID) == 0, TEEIO_ERR_USAGE_CONFIG);
	if (f & TEEIO_SPDM_CAP_MEAS_MASK)
		ENSURE(cfg->meas != NULL && cfg->meas->n <= TEEIO_SPDM_MAX_MEAS_BLOCKS,
		       TEEIO_ERR_USAGE_CONFIG);
	if (f & TEEIO_SPDM_CAP_CERT) {
		bool any = false;
		for (size_t i = 0; i < TEEIO_SPDM_MAX_SLOTS; i++)
			if (cfg->slots[i].der)
				any = true;
		ENSURE(any, TEEIO_ERR_USAGE_CONFIG);
		ENSURE(cfg->algs.asym[0] != TEEIO_SIG_NONE, TEEIO_ERR_USAGE_CONFIG);
	}
	if (key_ex)
		ENSURE(cfg->algs.dhe[0] != TEEIO_DHE_NONE && cfg->algs.aead[0] != TEEIO_AEAD_NONE &&
			   cfg->algs.key_schedule_spdm,
		       TEEIO_ERR_USAGE_CONFIG);
	ENSURE(cfg->algs.hash[0] != TEEIO_HASH_NONE, TEEIO_ERR_USAGE_CONFIG);
	ENSURE(cfg->ct_exponent <= SPDM_CT_EXPONENT_MAX, TEEIO_ERR_USAGE_CONFIG);
	/* Encapsulated flows are not built: mutual authentication only with a
	 * provisioned requester chain, and only when it is configured. */
	ENSURE(!(f & TEEIO_SPDM_CAP_ENCAP), TEEIO_ERR_USAGE_CONFIG);
	ENSURE(!!(f & TEEIO_SPDM_CAP_MUT_AUTH) == cfg->mut_auth, TEEIO_ERR_USAGE_CONFIG);
	if (cfg->mut_auth)
		ENSURE(key_ex && cfg->req_chain_der && cfg->req_chain_len &&
			   cfg->algs.req_asym[0] != TEEIO_SIG_NONE,
		       TEEIO_ERR_USAGE_CONFIG);
	return TEEIO_OK;
}

teeio_err teeio_spdm_rsp_init(struct teeio_spdm_rsp *rsp, const struct teeio_spdm_rsp_config *cfg)
{
	ENSURE(rsp && cfg && cfg->ops, TEEIO_ERR_USAGE);
	for (size_t i = 0; i < TEEIO_SPDM_MAX_VERSIONS && cfg->versions[i]; i++)
		ENSURE(teeio_spdm_version_known(cfg->versions[i]), TEEIO_ERR_USAGE_CONFIG);
	ENSURE(cfg->max_sessions <= TEEIO_SPDM_RSP_MAX_SESSIONS, TEEIO_ERR_USAGE_CONFIG);
	ENSURE(cfg->data_transfer_size == 0 ||
		   (cfg->data_transfer_size >= SPDM_MIN_DATA_TRANSFER_SIZE_12 &&
		    cfg->data_transfer_size <= TEEIO_SPDM_MAX_MSG),
	       TEEIO_ERR_USAGE_CONFIG);
	ENSURE(cfg->max_msg_size <= TEEIO_SPDM_MAX_LARGE_MSG, TEEIO_ERR_USAGE_CONFIG);
	TRY(check_caps(cfg));
	memset(rsp, 0, sizeof(*rsp));
	rsp->cfg = cfg;
	teeio_spdm_conn_init(&rsp->conn, cfg->ops);
	rsp->next_rsp_session_id = 0xFFFF;
	return TEEIO_OK;
}

bool rsp_version_offered(const struct teeio_spdm_rsp *rsp, uint8_t v)
{
	static const uint8_t def[] = {TEEIO_SPDM_V12, TEEIO_SPDM_V13};

	if (rsp->cfg->versions[0] == 0)
		return v == def[0] || v == def[1];
	return version_offered(rsp->cfg, v);
}

void rsp_conn_reset(struct teeio_spdm_rsp *rsp)
{
	for (size_t i = 0; i < TEEIO_SPDM_RSP_MAX_SESSIONS; i++)
		rsp_session_teardown(rsp, &rsp->sessions[i]);
	teeio_spdm_tr_free(&rsp->m1);
	teeio_spdm_tr_free(&rsp->l1);
	rsp->l1_session = 0;
	teeio_spdm_conn_reset(&rsp->conn);
	rsp->local_caps = 0;
	memset(rsp->chain_hdr, 0, sizeof(rsp->chain_hdr));
	memset(rsp->chain_hdr_len, 0, sizeof(rsp->chain_hdr_len));
	memset(rsp->chain_digest, 0, sizeof(rsp->chain_digest));
	memset(rsp->req_chain_digest, 0, sizeof(rsp->req_chain_digest));
	rsp->chunk.rx_active = false;
	rsp->chunk.tx_active = false;
	teeio_wipe(rsp->app_in, sizeof(rsp->app_in));
	teeio_wipe(rsp->app_out, sizeof(rsp->app_out));
}

void teeio_spdm_rsp_reset(struct teeio_spdm_rsp *rsp)
{
	if (rsp && rsp->cfg)
		rsp_conn_reset(rsp);
}

void teeio_spdm_rsp_free(struct teeio_spdm_rsp *rsp)
{
	teeio_spdm_rsp_reset(rsp);
}

teeio_err rsp_put_header(struct rsp_call *c, uint8_t code, uint8_t p1, uint8_t p2)
{
	TRY(teeio_buf_put_u8(&c->out, c->version));
	TRY(teeio_buf_put_u8(&c->out, code));
	TRY(teeio_buf_put_u8(&c->out, p1));
	return teeio_buf_put_u8(&c->out, p2);
}

bool rsp_slot_ok(const struct teeio_spdm_rsp *rsp, uint8_t slot)
{
	return slot < TEEIO_SPDM_MAX_SLOTS && rsp->cfg->slots[slot].der != NULL &&
	       rsp->cfg->slots[slot].key != NULL && rsp->chain_hdr_len[slot] != 0;
}

teeio_err rsp_sign(struct teeio_spdm_rsp *rsp, uint8_t slot, const char *context, const uint8_t *th,
		   struct teeio_buf *out)
{
	size_t sig_len = teeio_sig_size(rsp->conn.neg.asym);
	uint8_t *slotp;

	ENSURE(rsp_slot_ok(rsp, slot), TEEIO_ERR_STATE);
	TRY(teeio_buf_reserve(out, sig_len, &slotp));
	size_t got = sig_len;
	teeio_err rc =
	    teeio_spdm_sign(rsp->cfg->ops, rsp->cfg->slots[slot].key, rsp->conn.neg.version,
			    rsp->conn.neg.hash, context, th, slotp, &got);
	if (rc == TEEIO_OK && got != sig_len)
		rc = TEEIO_ERR_CRYPTO;
	if (rc != TEEIO_OK)
		out->pos -= sig_len;
	return rc;
}

/* Work that must wait until the response has left under the current keys:
 * switch to the data keys after FINISH_RSP, end the session after
 * END_SESSION_ACK. */
static void after_send(struct teeio_spdm_rsp *rsp, struct teeio_spdm_rsp_session *s)
{
	if (s->finish_pending) {
		teeio_err rc = teeio_spdm_ks_data(&s->ks, s->th2);

		if (rc == TEEIO_OK)
			rc = teeio_spdm_sec_rekey(&s->sec, &s->ks);
		s->finish_pending = false;
		teeio_wipe(s->th2, sizeof(s->th2));
		if (rc != TEEIO_OK) {
			rsp_session_teardown(rsp, s);
			return;
		}
		s->state = TEEIO_SPDM_RSP_SESSION_ESTABLISHED;
		teeio_spdm_tr_free(&s->th);
	}
	if (s->end_pending)
		rsp_session_teardown(rsp, s);
}

teeio_err teeio_spdm_rsp_handle(struct teeio_spdm_rsp *rsp, const uint8_t *req, size_t len,
				size_t max_pad, uint8_t *out, size_t *out_len)
{
	struct rsp_call c;

	ENSURE(rsp && rsp->cfg && req && out && out_len, TEEIO_ERR_USAGE);
	ENSURE(*out_len >= SPDM_HDR_SIZE, TEEIO_ERR_SIZE);
	memset(&c, 0, sizeof(c));
	c.req = req;
	c.len = len;
	c.max_pad = max_pad;
	c.out = teeio_buf_writer(out, *out_len);
	rsp_dispatch(rsp, &c);
	*out_len = c.no_response ? 0 : c.out.pos;
	if (teeio_log_on(rsp->cfg->log, TEEIO_LOG_TRACE))
		teeio_log_hex(rsp->cfg->log, TEEIO_LOG_TRACE, "spdm-rsp response", out, *out_len);
	/* A FINISH in the clear switches its session to data keys now (or
	 * ends it when it failed). */
	for (size_t i = 0; i < TEEIO_SPDM_RSP_MAX_SESSIONS; i++)
		if (rsp->sessions[i].state != TEEIO_SPDM_RSP_SESSION_FREE &&
		    (rsp->sessions[i].finish_pending || rsp->sessions[i].end_pending))
			after_send(rsp, &rsp->sessions[i]);
	return TEEIO_OK;
}

/* A plain ERROR for a record that could not be opened. */
static teeio_err plain_error(struct teeio_spdm_rsp *rsp, uint8_t code, uint8_t *out,
			     size_t *out_len)
{
	struct teeio_buf b = teeio_buf_writer(out, *out_len);
	uint8_t v = rsp->conn.neg.version ? rsp->conn.neg.version : TEEIO_SPDM_V10;

	TRY(teeio_spdm_error_encode(&b, v, code, 0, NULL, 0));
	*out_len = b.pos;
	return TEEIO_OK;
}

static teeio_err open_record(struct teeio_spdm_rsp_session *s, const uint8_t *rec, size_t len,
			     uint8_t *app, size_t *app_len)
{
	size_t cap = *app_len;
	teeio_err rc =
	    teeio_spdm_sec_open(&s->sec, &s->ks, TEEIO_SPDM_DIR_REQ, rec, len, app, app_len);

	/* DSP0274 KEY_UPDATE: a requester that did not get KEY_UPDATE_ACK
	 * keeps its old key; fall back to it once. */
	if (rc != TEEIO_OK && s->ks.prev_valid[TEEIO_SPDM_DIR_REQ]) {
		teeio_spdm_ks_update_rollback(&s->ks, TEEIO_SPDM_DIR_REQ);
		s->key_update_pending = false;
		if (teeio_spdm_sec_rekey(&s->sec, &s->ks) != TEEIO_OK)
			return rc;
		*app_len = cap;
		rc = teeio_spdm_sec_open(&s->sec, &s->ks, TEEIO_SPDM_DIR_REQ, rec, len, app,
					 app_len);
	}
	return rc;
}

teeio_err teeio_spdm_rsp_handle_secured(struct teeio_spdm_rsp *rsp, const uint8_t *rec, size_t len,
					size_t max_pad, uint8_t *out, size_t *out_len,
					bool *out_secured)
{
	struct teeio_spdm_rsp_session *s;
	struct rsp_call c;
	uint32_t sid;
	size_t app_len = sizeof(rsp->app_in);
	bool mctp;
	teeio_err rc;

	(void)max_pad; /* the record carries its own length */
	ENSURE(rsp && rsp->cfg && rec && out && out_len, TEEIO_ERR_USAGE);
	if (out_secured)
		*out_secured = false; /* until a record is sealed below */
	ENSURE(*out_len >= SPDM_HDR_SIZE, TEEIO_ERR_SIZE);
	mctp = rsp->cfg->binding == &teeio_spdm_sec_mctp;
	if (teeio_spdm_sec_peek_session(rec, len, &sid) != TEEIO_OK ||
	    (s = teeio_spdm_rsp_session_find(rsp, sid)) == NULL)
		return plain_error(rsp, SPDM_ERR_DECRYPT_ERROR, out, out_len);
	if (s->hs_clear && s->state == TEEIO_SPDM_RSP_SESSION_HANDSHAKE) {
		/* No secured traffic before FINISH when the handshake is in the clear. */
		rsp_session_teardown(rsp, s);
		return plain_error(rsp, SPDM_ERR_UNEXPECTED_REQUEST, out, out_len);
	}
	rc = open_record(s, rec, len, rsp->app_in, &app_len);
	if (rc != TEEIO_OK || (mctp && (app_len < 1 || rsp->app_in[0] != MCTP_MSG_TYPE_SPDM))) {
		teeio_log(rsp->cfg->log, TEEIO_LOG_WARN, "spdm-rsp: session %08x: %s, ending",
			  (unsigned)sid, rc ? teeio_err_str(rc) : "bad mctp type");
		rsp_session_teardown(rsp, s);
		return plain_error(rsp, SPDM_ERR_DECRYPT_ERROR, out, out_len);
	}
	memset(&c, 0, sizeof(c));
	c.req = rsp->app_in + (mctp ? 1 : 0);
	c.len = app_len - (mctp ? 1 : 0);
	c.sess = s;
	if (mctp)
		rsp->app_out[0] = MCTP_MSG_TYPE_SPDM;
	c.out =
	    teeio_buf_writer(rsp->app_out + (mctp ? 1 : 0), sizeof(rsp->app_out) - (mctp ? 1 : 0));
	rsp_dispatch(rsp, &c);
	teeio_wipe(rsp->app_in, app_len);
	if (c.no_response || s->state == TEEIO_SPDM_RSP_SESSION_FREE) {
		*out_len = 0;
		return TEEIO_OK;
	}
	struct teeio_buf ob = teeio_buf_writer(out, *out_len);
	rc = teeio_spdm_sec_seal(&s->sec, &s->ks, TEEIO_SPDM_DIR_RSP, rsp->app_out,
				 c.out.pos + (mctp ? 1 : 0), &ob);
	teeio_wipe(rsp->app_out, c.out.pos + (mctp ? 1 : 0));
	if (rc != TEEIO_OK) {
		/* Sequence numbers exhausted or out too small: the session ends. */
		rsp_session_teardown(rsp, s);
		*out_len = 0;
		return rc == TEEIO_ERR_SIZE ? TEEIO_ERR_SIZE : TEEIO_OK;
	}
	*out_len = ob.pos;
	if (out_secured)
		*out_secured = true;
	after_send(rsp, s);
	return TEEIO_OK;
}
