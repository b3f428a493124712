/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One request/response exchange: plain or inside a session, with the
 * ERROR handling every request shares (DSP0274 10.12): Busy is retried,
 * ResponseNotReady is answered with RESPOND_IF_READY carrying the token,
 * LargeResponse is fetched with CHUNK_GET, every other error is kept for
 * the caller and returned as TEEIO_ERR_PROTO_PEER_ERROR.  The number of
 * retries is bounded by the configuration and waiting is the caller's
 * delay callback: the library never sleeps.
 */
#include "req.h"

#include <string.h>

/* DSP0274 10.12 ResponseNotReady extended data: RDTExponent, RequestCode,
 * Token, RDTM. */
#define NOT_READY_RDT_EXP 0
#define NOT_READY_REQ_CODE 1
#define NOT_READY_TOKEN 2
/* Longest wait we pass on (2^63 us is nonsense; cap the exponent). */
#define RDT_EXP_MAX 40
/* DSP0276: over MCTP the secured application data starts with the MCTP
 * message type of what it carries (DSP0275: SPDM = 0x05). */
#define MCTP_MSG_TYPE_SPDM 0x05

static bool mctp(const struct teeio_spdm_req *r)
{
	return r->cfg->binding == &teeio_spdm_sec_mctp;
}

/* Seal msg (with the MCTP type byte when needed; staged in rec_rx, which
 * is free until the answer arrives) into rec_tx. */
static teeio_err seal(struct teeio_spdm_req *r, struct teeio_spdm_req_session *s,
		      const uint8_t *msg, size_t len, size_t *rec_len)
{
	struct teeio_buf rec = teeio_buf_writer(r->rec_tx, sizeof(r->rec_tx));

	if (mctp(r)) {
		ENSURE(len < sizeof(r->rec_rx), TEEIO_ERR_SIZE);
		r->rec_rx[0] = MCTP_MSG_TYPE_SPDM;
		memcpy(r->rec_rx + 1, msg, len);
		msg = r->rec_rx;
		len++;
	}
	TRY(teeio_spdm_sec_seal(&s->sec, &s->ks, TEEIO_SPDM_DIR_REQ, msg, len, &rec));
	*rec_len = rec.pos;
	return TEEIO_OK;
}

/* A responder that refuses UpdateAllKeys answers under its old key: roll
 * the response direction back and try once more (nothing advanced: a
 * failed open leaves the sequence number alone). */
static teeio_err open_old_key(struct teeio_spdm_req_session *s, const uint8_t *rec, size_t len,
			      uint8_t *out, size_t cap, size_t *app_len)
{
	s->rsp_update_pending = false;
	teeio_spdm_ks_update_rollback(&s->ks, TEEIO_SPDM_DIR_RSP);
	TRY(teeio_spdm_sec_rekey(&s->sec, &s->ks));
	*app_len = cap;
	TRY(teeio_spdm_sec_open(&s->sec, &s->ks, TEEIO_SPDM_DIR_RSP, rec, len, out, app_len));
	s->rsp_fell_back = true;
	return TEEIO_OK;
}

teeio_err req_roundtrip(struct teeio_spdm_req *r, struct teeio_spdm_req_session *s,
			const uint8_t *msg, size_t len, uint8_t *out, size_t cap, size_t *rsp_len)
{
	teeio_err rc;

	if (teeio_log_on(r->cfg->log, TEEIO_LOG_TRACE))
		teeio_log_hex(r->cfg->log, TEEIO_LOG_TRACE, "spdm-req >", msg, len);
	if (!s) {
		TRY(r->io.exchange(r->io.ctx, false, msg, len, out, cap, rsp_len));
	} else {
		size_t rec_len = 0, app_len = cap;

		rc = seal(r, s, msg, len, &rec_len);
		if (rc != TEEIO_OK) {
			/* Sequence numbers exhausted or keys gone: the session ends. */
			if (rc == TEEIO_ERR_STATE)
				req_session_drop(r, s);
			return rc;
		}
		TRY(r->io.exchange(r->io.ctx, true, r->rec_tx, rec_len, r->rec_rx,
				   sizeof(r->rec_rx), &rec_len));
		rc = teeio_spdm_sec_open(&s->sec, &s->ks, TEEIO_SPDM_DIR_RSP, r->rec_rx, rec_len,
					 out, &app_len);
		if (rc != TEEIO_OK && s->rsp_update_pending)
			rc = open_old_key(s, r->rec_rx, rec_len, out, cap, &app_len);
		if (rc == TEEIO_OK && mctp(r)) {
			if (app_len >= 1 && out[0] == MCTP_MSG_TYPE_SPDM)
				memmove(out, out + 1, --app_len);
			else
				rc = TEEIO_ERR_PROTO;
		}
		if (rc != TEEIO_OK) {
			/* DSP0277: a record that fails to authenticate (wrong
			 * MAC, session ID, replayed or reordered sequence) ends
			 * the session. */
			REQ_LOG(r, TEEIO_LOG_WARN, "spdm-req: session 0x%08x record rejected: %s",
				s->id, teeio_err_str(rc));
			req_session_drop(r, s);
			r->record_rejected = true;
			return teeio_err_kind(rc) == TEEIO_KIND_CRYPTO ? TEEIO_ERR_CRYPTO_VERIFY
								       : rc;
		}
		*rsp_len = app_len;
	}
	if (teeio_log_on(r->cfg->log, TEEIO_LOG_TRACE))
		teeio_log_hex(r->cfg->log, TEEIO_LOG_TRACE, "spdm-req <", out, *rsp_len);
	return TEEIO_OK;
}

/* CHUNK_SEND is needed when the request exceeds what the responder takes
 * in one transfer (DSP0274 10.21; 1.2+, both sides CHUNK_CAP). */
static bool needs_chunk_send(const struct teeio_spdm_req *r, size_t len)
{
	uint32_t dts = r->conn.neg.rsp_data_transfer_size;

	return r->conn.neg.version >= TEEIO_SPDM_V12 && dts != 0 && len > dts;
}

static void wait(const struct teeio_spdm_req *r, uint64_t usec)
{
	if (r->cfg->delay)
		r->cfg->delay(r->cfg->delay_ctx, usec);
}

teeio_err req_exchange(struct teeio_spdm_req *r, struct teeio_spdm_req_session *s, size_t req_len,
		       uint8_t want, size_t *rsp_len)
{
	uint8_t riry[SPDM_HDR_SIZE];
	const uint8_t *msg = r->tx;
	size_t len = req_len, n = 0;
	unsigned tries = 0;

	r->peer_error = 0;
	r->peer_error_data = 0;
	if (needs_chunk_send(r, req_len)) {
		ENSURE(req_both(r, TEEIO_SPDM_CAP_CHUNK), TEEIO_ERR_SIZE_LIMIT);
		ENSURE(req_len <= r->conn.neg.rsp_max_msg_size, TEEIO_ERR_SIZE_LIMIT);
	}
	for (;;) {
		if (msg == r->tx && needs_chunk_send(r, len))
			TRY(req_chunk_send(r, s, len, &n));
		else
			TRY(req_roundtrip(r, s, msg, len, r->rx, sizeof(r->rx), &n));
		ENSURE(n >= SPDM_HDR_SIZE, TEEIO_ERR_SIZE_TRUNCATED);
		ENSURE(r->rx[0] == r->tx[0], TEEIO_ERR_PROTO_VERSION);
		if (r->rx[1] == want) {
			*rsp_len = n;
			return TEEIO_OK;
		}
		ENSURE(r->rx[1] == SPDM_ERROR, TEEIO_ERR_PROTO);

		struct teeio_spdm_error e;
		TRY(teeio_spdm_error_decode(r->rx, n, &e));
		switch (e.code) {
		case SPDM_ERR_BUSY:
			ENSURE(tries++ < r->cfg->retries, TEEIO_ERR_PROTO_BUSY);
			wait(r, 0);
			msg = r->tx;
			len = req_len;
			continue;
		case SPDM_ERR_RESPONSE_NOT_READY:
			ENSURE(r->tx[0] >= TEEIO_SPDM_V11 &&
				   e.ext_len >= SPDM_ERR_NOT_READY_EXT_SIZE,
			       TEEIO_ERR_PROTO);
			/* The token belongs to this request and no other. */
			ENSURE(e.ext[NOT_READY_REQ_CODE] == r->tx[1], TEEIO_ERR_PROTO);
			ENSURE(tries++ < r->cfg->retries, TEEIO_ERR_PROTO_BUSY);
			{
				uint8_t x = e.ext[NOT_READY_RDT_EXP];
				wait(r, (uint64_t)1 << (x > RDT_EXP_MAX ? RDT_EXP_MAX : x));
			}
			/* DSP0274 10.14 RESPOND_IF_READY: Param1 = original
			 * request code, Param2 = token. */
			riry[0] = r->tx[0];
			riry[1] = SPDM_RESPOND_IF_READY;
			riry[2] = r->tx[1];
			riry[3] = e.ext[NOT_READY_TOKEN];
			msg = riry;
			len = sizeof(riry);
			continue;
		case SPDM_ERR_LARGE_RESPONSE:
			ENSURE(r->tx[0] >= TEEIO_SPDM_V12 && e.ext_len >= 1, TEEIO_ERR_PROTO);
			ENSURE(req_both(r, TEEIO_SPDM_CAP_CHUNK), TEEIO_ERR_PROTO_UNSUPPORTED);
			TRY(req_chunk_get(r, s, e.ext[0], &n));
			ENSURE(n >= SPDM_HDR_SIZE, TEEIO_ERR_SIZE_TRUNCATED);
			ENSURE(r->rx[0] == r->tx[0], TEEIO_ERR_PROTO_VERSION);
			ENSURE(r->rx[1] == want, TEEIO_ERR_PROTO);
			*rsp_len = n;
			return TEEIO_OK;
		case SPDM_ERR_REQUEST_RESYNCH:
			/* 10.12: the responder lost the connection state; the
			 * requester must start over with GET_VERSION.  Sessions
			 * are gone with it. */
			for (size_t i = 0; i < TEEIO_SPDM_REQ_SESSIONS; i++)
				req_session_drop(r, &r->sess[i]);
			r->conn.state = TEEIO_SPDM_CONN_NOT_STARTED;
			r->peer_error = e.code;
			r->peer_error_data = e.data;
			return TEEIO_ERR_PROTO_PEER_ERROR;
		default:
			r->peer_error = e.code;
			r->peer_error_data = e.data;
			REQ_LOG(r, TEEIO_LOG_INFO, "spdm-req: 0x%02x answered ERROR 0x%02x/0x%02x",
				r->tx[1], e.code, e.data);
			return TEEIO_ERR_PROTO_PEER_ERROR;
		}
	}
}
