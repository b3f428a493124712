/* SPDX-License-Identifier: BSD-3-Clause */
/* HEARTBEAT (DSP0274 10.17) and END_SESSION (10.20) in an established
 * session. */
#include "req.h"

/* Send a header-only request in `s` and expect a header-only answer with
 * zero parameters. */
static teeio_err simple(struct teeio_spdm_req *r, struct teeio_spdm_req_session *s, uint8_t code,
			uint8_t p1, uint8_t want)
{
	struct teeio_buf b = req_begin(r, code, p1, 0);
	size_t n;

	req_tr_before(r, code);
	TRY(req_exchange(r, s, b.pos, want, &n));
	struct teeio_buf in = teeio_buf_reader(r->rx, n);
	TRY(teeio_buf_skip(&in, 2));
	TRY(teeio_buf_expect_zero(&in, 2));
	return req_end(r, &in);
}

teeio_err teeio_spdm_req_heartbeat(struct teeio_spdm_req *r, uint32_t session_id)
{
	ENSURE(r && r->cfg, TEEIO_ERR_USAGE);
	TRY(req_ready(r, true));
	ENSURE(req_both(r, TEEIO_SPDM_CAP_HBEAT), TEEIO_ERR_PROTO_UNSUPPORTED);
	struct teeio_spdm_req_session *s =
	    req_session_get(r, session_id, TEEIO_SPDM_REQ_SESS_ESTABLISHED);
	ENSURE(s, TEEIO_ERR_STATE_NO_SESSION);
	teeio_err rc = simple(r, s, SPDM_HEARTBEAT, 0, SPDM_HEARTBEAT_ACK);
	return rc == TEEIO_OK ? rc : req_fail(r, rc);
}

teeio_err teeio_spdm_req_end_session(struct teeio_spdm_req *r, uint32_t session_id,
				     bool preserve_state)
{
	ENSURE(r && r->cfg, TEEIO_ERR_USAGE);
	TRY(req_ready(r, true));
	struct teeio_spdm_req_session *s =
	    req_session_get(r, session_id, TEEIO_SPDM_REQ_SESS_ESTABLISHED);
	ENSURE(s, TEEIO_ERR_STATE_NO_SESSION);
	teeio_err rc = simple(r, s, SPDM_END_SESSION,
			      preserve_state ? SPDM_END_SESSION_PRESERVE_STATE_CLEAR : 0,
			      SPDM_END_SESSION_ACK);
	/* The session ends whatever the answer: its keys go now. */
	req_session_drop(r, s);
	return rc == TEEIO_OK ? rc : req_fail(r, rc);
}
