/* SPDX-License-Identifier: BSD-3-Clause */
/* VENDOR_DEFINED_REQUEST / VENDOR_DEFINED_RESPONSE (DSP0274 10.13). */
#include "req.h"

#include <string.h>

teeio_err teeio_spdm_req_vendor(struct teeio_spdm_req *r, uint32_t session_id, uint16_t standard_id,
				const uint8_t *vendor_id, size_t vendor_id_len,
				const uint8_t *payload, size_t len, uint8_t *rsp, size_t cap,
				size_t *rsp_len)
{
	struct teeio_spdm_req_session *s = NULL;
	size_t n;

	ENSURE(r && r->cfg && rsp_len && (rsp || cap == 0), TEEIO_ERR_USAGE);
	ENSURE((vendor_id || vendor_id_len == 0) && vendor_id_len <= SPDM_VENDOR_ID_MAX,
	       TEEIO_ERR_USAGE);
	ENSURE((payload || len == 0) && len <= 0xFFFF, TEEIO_ERR_USAGE);
	TRY(req_ready(r, true));
	if (session_id != 0) {
		s = req_session_get(r, session_id, TEEIO_SPDM_REQ_SESS_ESTABLISHED);
		ENSURE(s, TEEIO_ERR_STATE_NO_SESSION);
	}

	struct teeio_buf b = req_begin(r, SPDM_VENDOR_DEFINED_REQUEST, 0, 0);
	TRY(teeio_buf_put_u16le(&b, standard_id));
	TRY(teeio_buf_put_u8(&b, (uint8_t)vendor_id_len));
	TRY(teeio_buf_put_bytes(&b, vendor_id, vendor_id_len));
	TRY(teeio_buf_put_u16le(&b, (uint16_t)len));
	ENSURE(teeio_buf_put_bytes(&b, payload, len) == TEEIO_OK, TEEIO_ERR_SIZE_LIMIT);
	req_tr_before(r, SPDM_VENDOR_DEFINED_REQUEST);

	teeio_err rc = req_exchange(r, s, b.pos, SPDM_VENDOR_DEFINED_RESPONSE, &n);
	if (rc != TEEIO_OK)
		return req_fail(r, rc);

	struct teeio_buf in = teeio_buf_reader(r->rx, n);
	uint16_t std, plen;
	uint8_t vlen;
	const uint8_t *vid, *p;
	rc = teeio_buf_skip(&in, 2);
	if (rc == TEEIO_OK)
		rc = teeio_buf_expect_zero(&in, 2);
	if (rc == TEEIO_OK)
		rc = teeio_buf_get_u16le(&in, &std);
	if (rc == TEEIO_OK)
		rc = teeio_buf_get_u8(&in, &vlen);
	if (rc == TEEIO_OK)
		rc = teeio_buf_get_ref(&in, &vid, vlen);
	if (rc == TEEIO_OK)
		rc = teeio_buf_get_u16le(&in, &plen);
	if (rc == TEEIO_OK)
		rc = teeio_buf_get_ref(&in, &p, plen);
	if (rc == TEEIO_OK)
		rc = req_end(r, &in);
	/* The response names the same registry and vendor. */
	if (rc == TEEIO_OK && (std != standard_id || vlen != vendor_id_len ||
			       (vlen && memcmp(vid, vendor_id, vlen) != 0)))
		rc = TEEIO_ERR_PROTO;
	if (rc != TEEIO_OK)
		return req_fail(r, rc);
	ENSURE(plen <= cap, TEEIO_ERR_SIZE);
	memcpy(rsp, p, plen);
	*rsp_len = plen;
	return TEEIO_OK;
}
