/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TDISP requester (TSM side): build each request, exchange it, and check
 * the response strictly before anything in it is used: protocol ID,
 * version 1.0, the expected response code, the same FUNCTION_ID, reserved
 * fields zero and the exact length (all through teeio_tdisp_decode).
 */
#include <string.h>

#include "wire.h"

void teeio_tdisp_req_init(struct teeio_tdisp_req *r, teeio_tdisp_exchange_fn exchange, void *ctx)
{
	memset(r, 0, sizeof(*r));
	r->exchange = exchange;
	r->ctx = ctx;
}

/*
 * Send `q` and decode the answer into *m, which must be `q`'s response.
 * TDISP_ERROR answers become PROTO_PEER_ERROR / PROTO_BUSY.
 */
static teeio_err transact(struct teeio_tdisp_req *r, const struct teeio_tdisp_msg *q,
			  struct teeio_tdisp_msg *m)
{
	uint8_t buf[TDISP_REQ_BUF_MAX];
	struct teeio_buf b = teeio_buf_writer(buf, sizeof(buf));
	size_t len = sizeof(r->rsp);
	teeio_err rc;

	ENSURE(r->exchange != NULL, TEEIO_ERR_USAGE);
	ENSURE(teeio_tdisp_function_id_ok(q->function_id), TEEIO_ERR_USAGE);
	TRY_OUT(teeio_tdisp_encode_payload(q, &b));
	TRY_OUT(r->exchange(r->ctx, buf, b.pos, r->rsp, &len));
	ENSURE_OUT(len <= sizeof(r->rsp), TEEIO_ERR_INTERNAL);
	TRY_OUT(teeio_tdisp_decode_payload(r->rsp, len, m));
	ENSURE_OUT(m->version == TDISP_VERSION, TEEIO_ERR_PROTO_VERSION);
	ENSURE_OUT(m->function_id == q->function_id, TEEIO_ERR_PROTO);
	if (m->code == TEEIO_TDISP_ERROR) {
		r->last_error = m->u.error.code;
		r->last_error_data = m->u.error.data;
		rc = m->u.error.code == TEEIO_TDISP_ERR_BUSY ? TEEIO_ERR_PROTO_BUSY
							     : TEEIO_ERR_PROTO_PEER_ERROR;
		goto out;
	}
	ENSURE_OUT(m->code == (q->code & 0x7F), TEEIO_ERR_PROTO);
	rc = TEEIO_OK;
out:
	teeio_wipe(buf, sizeof(buf)); /* may hold a START nonce */
	return rc;
}

static struct teeio_tdisp_msg request(uint8_t code, uint32_t function_id)
{
	struct teeio_tdisp_msg q;

	memset(&q, 0, sizeof(q));
	q.version = TDISP_VERSION;
	q.code = code;
	q.function_id = function_id;
	return q;
}

teeio_err teeio_tdisp_req_get_version(struct teeio_tdisp_req *r, uint32_t function_id)
{
	struct teeio_tdisp_msg q = request(TEEIO_TDISP_GET_VERSION, function_id), m;

	TRY(transact(r, &q, &m));
	ENSURE(m.u.versions.count >= 1, TEEIO_ERR_PROTO);
	for (size_t i = 0; i < m.u.versions.count; i++)
		if (m.u.versions.list[i] == TDISP_VERSION)
			return TEEIO_OK;
	return TEEIO_ERR_PROTO_VERSION;
}

teeio_err teeio_tdisp_req_get_caps(struct teeio_tdisp_req *r, uint32_t function_id,
				   uint32_t tsm_caps, struct teeio_tdisp_caps *caps)
{
	struct teeio_tdisp_msg q = request(TEEIO_TDISP_GET_CAPABILITIES, function_id), m;

	q.u.tsm_caps = tsm_caps;
	TRY(transact(r, &q, &m));
	*caps = m.u.caps;
	return TEEIO_OK;
}

teeio_err teeio_tdisp_req_lock(struct teeio_tdisp_req *r, uint32_t function_id,
			       const struct teeio_tdisp_lock_params *p,
			       uint8_t nonce[TEEIO_TDISP_NONCE_LEN])
{
	struct teeio_tdisp_msg q = request(TEEIO_TDISP_LOCK_INTERFACE_REQ, function_id), m;
	teeio_err rc;

	ENSURE(!(p->flags & TDISP_LOCK_FLAGS_RESERVED), TEEIO_ERR_USAGE);
	q.u.lock = *p;
	rc = transact(r, &q, &m);
	if (rc == TEEIO_OK)
		memcpy(nonce, m.u.nonce, TEEIO_TDISP_NONCE_LEN);
	teeio_wipe(&m, sizeof(m));
	teeio_wipe(r->rsp, sizeof(r->rsp));
	return rc;
}

/*
 * The report in portions.  The first answer fixes the total (portion +
 * remainder); every later one must agree with it, be no longer than asked
 * and not be empty while bytes remain (a responder that stalls would
 * otherwise loop us forever).
 */
teeio_err teeio_tdisp_req_get_report(struct teeio_tdisp_req *r, uint32_t function_id, uint8_t *out,
				     size_t cap, size_t *len)
{
	uint16_t ask = r->portion_len ? r->portion_len : TDISP_REQ_PORTION_DEFAULT;
	size_t off = 0, total = 0;

	do {
		struct teeio_tdisp_msg q = request(TEEIO_TDISP_GET_DEVICE_INTERFACE_REPORT,
						   function_id),
				       m;
		size_t n;

		q.u.get_report.offset = (uint16_t)off;
		q.u.get_report.length = ask;
		if (off > 0 && total - off < ask)
			q.u.get_report.length = (uint16_t)(total - off);
		TRY(transact(r, &q, &m));
		n = m.u.report.portion_len;
		ENSURE(n >= 1 && n <= q.u.get_report.length, TEEIO_ERR_PROTO);
		if (off == 0) {
			total = n + (size_t)m.u.report.remainder_len;
			ENSURE(total <= TDISP_REPORT_MAX, TEEIO_ERR_PROTO);
			ENSURE(total <= cap, TEEIO_ERR_SIZE);
		}
		ENSURE(off + n + m.u.report.remainder_len == total, TEEIO_ERR_PROTO);
		memcpy(out + off, m.u.report.portion, n);
		off += n;
	} while (off < total);
	*len = total;
	return TEEIO_OK;
}

teeio_err teeio_tdisp_req_get_state(struct teeio_tdisp_req *r, uint32_t function_id,
				    enum teeio_tdisp_state *state)
{
	struct teeio_tdisp_msg q = request(TEEIO_TDISP_GET_DEVICE_INTERFACE_STATE, function_id), m;

	TRY(transact(r, &q, &m));
	*state = (enum teeio_tdisp_state)m.u.state;
	return TEEIO_OK;
}

teeio_err teeio_tdisp_req_start(struct teeio_tdisp_req *r, uint32_t function_id,
				const uint8_t nonce[TEEIO_TDISP_NONCE_LEN])
{
	struct teeio_tdisp_msg q = request(TEEIO_TDISP_START_INTERFACE_REQ, function_id), m;
	teeio_err rc;

	memcpy(q.u.nonce, nonce, TEEIO_TDISP_NONCE_LEN);
	rc = transact(r, &q, &m);
	teeio_wipe(&q, sizeof(q));
	return rc;
}

teeio_err teeio_tdisp_req_stop(struct teeio_tdisp_req *r, uint32_t function_id)
{
	struct teeio_tdisp_msg q = request(TEEIO_TDISP_STOP_INTERFACE_REQ, function_id), m;

	return transact(r, &q, &m);
}

teeio_err teeio_tdisp_req_p2p(struct teeio_tdisp_req *r, uint32_t function_id, bool bind,
			      uint8_t stream_id)
{
	struct teeio_tdisp_msg q = request(bind ? TEEIO_TDISP_BIND_P2P_STREAM_REQ
						: TEEIO_TDISP_UNBIND_P2P_STREAM_REQ,
					   function_id),
			       m;

	q.u.p2p_stream_id = stream_id;
	return transact(r, &q, &m);
}

teeio_err teeio_tdisp_req_set_mmio_attr(struct teeio_tdisp_req *r, uint32_t function_id,
					const struct teeio_tdisp_mmio_range *range)
{
	struct teeio_tdisp_msg q = request(TEEIO_TDISP_SET_MMIO_ATTRIBUTE_REQ, function_id), m;

	ENSURE(!(range->attrs & TDISP_RANGE_ATTRS_RESERVED), TEEIO_ERR_USAGE);
	q.u.mmio = *range;
	return transact(r, &q, &m);
}

teeio_err teeio_tdisp_req_vdm(struct teeio_tdisp_req *r, uint32_t function_id,
			      const struct teeio_tdisp_vdm *req, struct teeio_tdisp_vdm *rsp,
			      uint8_t *data, size_t cap)
{
	struct teeio_tdisp_msg q = request(TEEIO_TDISP_VDM_REQ, function_id), m;
	const struct teeio_tdisp_vdm *v = &m.u.vdm;

	ENSURE(req->data_len <= TDISP_REQ_VDM_DATA_MAX, TEEIO_ERR_USAGE);
	q.u.vdm = *req;
	TRY(transact(r, &q, &m));
	ENSURE(v->registry_id == req->registry_id && v->vendor_id_len == req->vendor_id_len,
	       TEEIO_ERR_PROTO);
	ENSURE(v->vendor_id_len == 0 || memcmp(v->vendor_id, req->vendor_id, v->vendor_id_len) == 0,
	       TEEIO_ERR_PROTO);
	ENSURE(v->data_len <= cap, TEEIO_ERR_SIZE);
	if (v->data_len)
		memcpy(data, v->data, v->data_len);
	*rsp = *v;
	rsp->data = data;
	return TEEIO_OK;
}
