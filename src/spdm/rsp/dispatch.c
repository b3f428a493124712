/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Request dispatch as data: one const table from request code to handler,
 * with the minimum version, capability, connection state and session
 * rules each request needs.  The generic checks below run in the order
 * libspdm uses (version, capability, state, session), so the ERROR code a
 * peer sees for a given mistake matches the reference implementation.
 */
#include <string.h>

#include "rsp.h"

/* Also require the requester's capability bit (KEY_EX, HBEAT, ...). */
#define RSP_F_PEER_CAP 0x10

static const struct rsp_entry table[] = {
    {SPDM_GET_VERSION, TEEIO_SPDM_V10, RSP_F_PLAIN | RSP_F_VCA, 0, TEEIO_SPDM_CONN_NOT_STARTED,
     rsp_version},
    {SPDM_GET_CAPABILITIES, TEEIO_SPDM_V10, RSP_F_PLAIN | RSP_F_VCA, 0,
     TEEIO_SPDM_CONN_AFTER_VERSION, rsp_capabilities},
    {SPDM_NEGOTIATE_ALGORITHMS, TEEIO_SPDM_V10, RSP_F_PLAIN | RSP_F_VCA, 0,
     TEEIO_SPDM_CONN_AFTER_CAPABILITIES, rsp_algorithms},
    {SPDM_GET_DIGESTS, TEEIO_SPDM_V10, RSP_F_PLAIN | RSP_F_SESSION, TEEIO_SPDM_CAP_CERT,
     TEEIO_SPDM_CONN_NEGOTIATED, rsp_digests},
    {SPDM_GET_CERTIFICATE, TEEIO_SPDM_V10, RSP_F_PLAIN | RSP_F_SESSION, TEEIO_SPDM_CAP_CERT,
     TEEIO_SPDM_CONN_NEGOTIATED, rsp_certificate},
    {SPDM_CHALLENGE, TEEIO_SPDM_V10, RSP_F_PLAIN, TEEIO_SPDM_CAP_CHAL, TEEIO_SPDM_CONN_NEGOTIATED,
     rsp_challenge},
    {SPDM_GET_MEASUREMENTS, TEEIO_SPDM_V10, RSP_F_PLAIN | RSP_F_SESSION, TEEIO_SPDM_CAP_MEAS_MASK,
     TEEIO_SPDM_CONN_NEGOTIATED, rsp_measurements},
    {SPDM_KEY_EXCHANGE, TEEIO_SPDM_V11, RSP_F_PLAIN | RSP_F_PEER_CAP, TEEIO_SPDM_CAP_KEY_EX,
     TEEIO_SPDM_CONN_NEGOTIATED, rsp_key_exchange},
    {SPDM_FINISH, TEEIO_SPDM_V11, RSP_F_PLAIN | RSP_F_SESSION | RSP_F_PEER_CAP,
     TEEIO_SPDM_CAP_KEY_EX, TEEIO_SPDM_CONN_NEGOTIATED, rsp_finish},
    {SPDM_HEARTBEAT, TEEIO_SPDM_V11, RSP_F_SESSION | RSP_F_NEED_SESSION | RSP_F_PEER_CAP,
     TEEIO_SPDM_CAP_HBEAT, TEEIO_SPDM_CONN_NEGOTIATED, rsp_heartbeat},
    {SPDM_KEY_UPDATE, TEEIO_SPDM_V11, RSP_F_SESSION | RSP_F_NEED_SESSION | RSP_F_PEER_CAP,
     TEEIO_SPDM_CAP_KEY_UPD, TEEIO_SPDM_CONN_NEGOTIATED, rsp_key_update},
    {SPDM_END_SESSION, TEEIO_SPDM_V11, RSP_F_SESSION | RSP_F_NEED_SESSION, 0,
     TEEIO_SPDM_CONN_NEGOTIATED, rsp_end_session},
    {SPDM_VENDOR_DEFINED_REQUEST, TEEIO_SPDM_V10, RSP_F_PLAIN | RSP_F_SESSION, 0,
     TEEIO_SPDM_CONN_NEGOTIATED, rsp_vendor},
    {SPDM_CHUNK_SEND, TEEIO_SPDM_V12, RSP_F_PLAIN | RSP_F_SESSION | RSP_F_PEER_CAP,
     TEEIO_SPDM_CAP_CHUNK, TEEIO_SPDM_CONN_NEGOTIATED, rsp_chunk_send},
    {SPDM_CHUNK_GET, TEEIO_SPDM_V12, RSP_F_PLAIN | RSP_F_SESSION | RSP_F_PEER_CAP,
     TEEIO_SPDM_CAP_CHUNK, TEEIO_SPDM_CONN_NEGOTIATED, rsp_chunk_get},
    {SPDM_RESPOND_IF_READY, TEEIO_SPDM_V10, RSP_F_PLAIN | RSP_F_SESSION, 0,
     TEEIO_SPDM_CONN_AFTER_VERSION, rsp_respond_if_ready},
};

const struct rsp_entry *rsp_lookup(uint8_t code)
{
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(table); i++)
		if (table[i].code == code)
			return &table[i];
	return NULL;
}

/* The generic admission checks; 0 when the request may go to its handler,
 * else the ERROR code (and *data) to answer. */
static uint8_t admit(const struct teeio_spdm_rsp *rsp, const struct rsp_call *c,
		     const struct rsp_entry *e, uint8_t *data)
{
	const struct teeio_spdm_conn *conn = &rsp->conn;
	const struct teeio_spdm_rsp_session *s = c->sess;

	*data = 0;
	if (e->flags & RSP_F_VCA)
		return 0; /* VCA handlers check version and state themselves */
	if (conn->state < TEEIO_SPDM_CONN_AFTER_CAPABILITIES)
		return SPDM_ERR_UNEXPECTED_REQUEST;
	if (c->version != conn->neg.version)
		return SPDM_ERR_VERSION_MISMATCH;
	if (conn->neg.version < e->min_version || (e->cap && !(rsp->local_caps & e->cap)) ||
	    ((e->flags & RSP_F_PEER_CAP) && !(conn->neg.req_caps & e->cap))) {
		*data = c->code;
		return SPDM_ERR_UNSUPPORTED_REQUEST;
	}
	if (conn->state < e->min_state)
		return SPDM_ERR_UNEXPECTED_REQUEST;
	if (s == NULL && !(e->flags & RSP_F_PLAIN)) {
		if ((e->flags & RSP_F_NEED_SESSION) && conn->neg.version >= TEEIO_SPDM_V12)
			return SPDM_ERR_SESSION_REQUIRED;
		return SPDM_ERR_UNEXPECTED_REQUEST;
	}
	if (s != NULL) {
		if (!(e->flags & RSP_F_SESSION))
			return SPDM_ERR_UNEXPECTED_REQUEST;
		/* During the handshake only FINISH may travel in the session. */
		if ((s->state == TEEIO_SPDM_RSP_SESSION_HANDSHAKE) != (c->code == SPDM_FINISH))
			return SPDM_ERR_UNEXPECTED_REQUEST;
	}
	return 0;
}

/* Transcript windows a request closes (libspdm's
 * reset_message_buffer_via_request_code, following DSP0274 "Transcript
 * and transcript hash calculation"): any request but GET_MEASUREMENTS ends
 * L1/L2; session and measurement requests before authentication, and
 * GET_DIGESTS always, restart M1/M2. */
static void reset_windows(struct teeio_spdm_rsp *rsp, uint8_t code)
{
	if (code != SPDM_GET_MEASUREMENTS) {
		teeio_spdm_tr_free(&rsp->l1);
		rsp->l1_session = 0;
	}
	switch (code) {
	case SPDM_KEY_EXCHANGE:
	case SPDM_GET_MEASUREMENTS:
	case SPDM_FINISH:
	case SPDM_PSK_EXCHANGE:
	case SPDM_PSK_FINISH:
	case SPDM_KEY_UPDATE:
	case SPDM_HEARTBEAT:
	case SPDM_GET_ENCAPSULATED_REQUEST:
	case SPDM_END_SESSION:
	case SPDM_GET_MEASUREMENT_EXTENSION_LOG:
		if (rsp->conn.state < TEEIO_SPDM_CONN_AUTHENTICATED)
			teeio_spdm_tr_free(&rsp->m1);
		break;
	case SPDM_GET_DIGESTS: teeio_spdm_tr_free(&rsp->m1); break;
	default: break;
	}
}

static void put_error(struct rsp_call *c, uint8_t version, uint8_t code, uint8_t data)
{
	teeio_log(c->log, TEEIO_LOG_DEBUG, "spdm-rsp: request %02x%s -> ERROR %02x/%02x", c->code,
		  c->sess ? " (secured)" : "", code, data);
	c->out.pos = 0;
	if (teeio_spdm_error_encode(&c->out, version, code, data, NULL, 0) != TEEIO_OK)
		c->out.pos = 0;
}

/* Largest response the requester accepts in one message (1.2+
 * DataTransferSize; the output buffer in any case). */
static size_t response_limit(const struct teeio_spdm_rsp *rsp, const struct rsp_call *c)
{
	size_t lim = c->out.cap;
	uint32_t dts = rsp->conn.neg.req_data_transfer_size;

	if (rsp->conn.neg.version >= TEEIO_SPDM_V12 && dts != 0 && dts < lim)
		lim = dts;
	return lim;
}

static bool can_chunk(const struct teeio_spdm_rsp *rsp)
{
	return rsp->conn.neg.version >= TEEIO_SPDM_V12 &&
	       (rsp->local_caps & TEEIO_SPDM_CAP_CHUNK) &&
	       (rsp->conn.neg.req_caps & TEEIO_SPDM_CAP_CHUNK);
}

/*
 * DSP0274 10.12.1: when the device says it needs time, keep the request
 * and answer ResponseNotReady (RDTExponent, RequestCode, Token, RDTM);
 * RESPOND_IF_READY replays it.  Any other request drops a kept one.
 * Returns true when the request was deferred (the ERROR is in c->out).
 */
static bool defer(struct teeio_spdm_rsp *rsp, struct rsp_call *c, const struct rsp_entry *e)
{
	const struct teeio_spdm_rsp_config *cfg = rsp->cfg;
	bool replay = c->req == rsp->pending.req;

	rsp->pending.active = false;
	if (cfg->not_ready == NULL || (e->flags & RSP_F_VCA) || c->code == SPDM_CHUNK_SEND ||
	    c->code == SPDM_CHUNK_GET || c->code == SPDM_END_SESSION ||
	    c->len > sizeof(rsp->pending.req) || !cfg->not_ready(cfg->not_ready_ctx, c->code))
		return false;
	if (!replay)
		memcpy(rsp->pending.req, c->req, c->len);
	rsp->pending.active = true;
	rsp->pending.code = c->code;
	rsp->pending.token++;
	rsp->pending.session = c->sess ? c->sess->id : 0;
	rsp->pending.len = c->len;
	const uint8_t ext[SPDM_ERR_NOT_READY_EXT_SIZE] = {cfg->rdt_exponent, c->code,
							  rsp->pending.token, cfg->rdtm};
	c->out.pos = 0;
	if (teeio_spdm_error_encode(&c->out, c->version, SPDM_ERR_RESPONSE_NOT_READY, 0, ext,
				    sizeof(ext)) != TEEIO_OK)
		c->out.pos = 0;
	return true;
}

/*
 * The SPDMVersion of an ERROR.  Once negotiated, that version.  Before,
 * GET_CAPABILITIES is what selects it (DSP0274 "Negotiated state"), so an
 * ERROR answering a request in a version we offered carries that version;
 * anything else gets 1.0, the version every requester reads.
 */
static uint8_t error_version(const struct teeio_spdm_rsp *rsp, const struct rsp_call *c)
{
	if (rsp->conn.neg.version)
		return rsp->conn.neg.version;
	if (c->len >= 1 && c->req[0] != TEEIO_SPDM_V10 && rsp_version_offered(rsp, c->req[0]))
		return c->req[0];
	return TEEIO_SPDM_V10;
}

void rsp_dispatch(struct teeio_spdm_rsp *rsp, struct rsp_call *c)
{
	const struct rsp_entry *e;
	uint8_t ecode, edata;
	teeio_err rc;

	uint8_t ver = error_version(rsp, c);
	c->log = rsp->cfg->log;
	if (teeio_log_on(c->log, TEEIO_LOG_TRACE))
		teeio_log_hex(c->log, TEEIO_LOG_TRACE, "spdm-rsp request", c->req, c->len);
	if (c->len < SPDM_HDR_SIZE) {
		put_error(c, ver, SPDM_ERR_INVALID_REQUEST, 0);
		return;
	}
	c->version = c->req[0];
	c->code = c->req[1];
	c->param1 = c->req[2];
	c->param2 = c->req[3];

	e = rsp_lookup(c->code);
	if (e == NULL) {
		put_error(c, ver, SPDM_ERR_UNSUPPORTED_REQUEST, c->code);
		return;
	}
	ecode = admit(rsp, c, e, &edata);
	if (ecode != 0) {
		put_error(c, ver, ecode, edata);
		return;
	}
	if (c->code != SPDM_CHUNK_GET)
		rsp->chunk.tx_active = false; /* a new request abandons a large response */
	if (c->code != SPDM_RESPOND_IF_READY && defer(rsp, c, e))
		return;
	if (!(e->flags & RSP_F_VCA))
		reset_windows(rsp, c->code);

	/* Build into the large-message buffer unless handling a chunk. */
	struct teeio_buf final = c->out;
	bool direct = c->code == SPDM_CHUNK_GET || c->code == SPDM_CHUNK_SEND ||
		      c->code == SPDM_RESPOND_IF_READY;
	if (!direct)
		c->out = teeio_buf_writer(rsp->chunk.tx, sizeof(rsp->chunk.tx));
	rc = e->fn(rsp, c);
	struct teeio_buf built = c->out;
	if (!direct)
		c->out = final;
	/* GET_VERSION may have changed what "the negotiated version" is. */
	ver = error_version(rsp, c);
	if (rc != TEEIO_OK) {
		if (c->no_response) {
			c->out.pos = 0;
			return;
		}
		c->out = final;
		put_error(c, c->code == SPDM_GET_VERSION ? TEEIO_SPDM_V10 : ver,
			  c->err_code ? c->err_code : teeio_spdm_err_code(rc), c->err_data);
		return;
	}
	if (direct || c->no_response)
		return;
	if (built.pos <= response_limit(rsp, c)) {
		memcpy(c->out.data, built.data, built.pos);
		c->out.pos = built.pos;
		return;
	}
	if (!can_chunk(rsp)) {
		put_error(c, ver, SPDM_ERR_RESPONSE_TOO_LARGE, 0);
		return;
	}
	/* DSP0274 1.2 "Large SPDM message transfer": keep the response and
	 * tell the requester to fetch it with CHUNK_GET. */
	struct teeio_spdm_rsp_chunk *k = &rsp->chunk;
	k->tx_active = true;
	k->tx_handle = ++k->next_handle;
	k->tx_seq = 0;
	k->tx_total = (uint32_t)built.pos;
	k->tx_off = 0;
	k->tx_session = c->sess ? c->sess->id : 0;
	c->out.pos = 0;
	uint8_t h = k->tx_handle;
	if (teeio_spdm_error_encode(&c->out, ver, SPDM_ERR_LARGE_RESPONSE, 0, &h, 1) != TEEIO_OK)
		c->out.pos = 0;
}
