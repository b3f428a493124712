/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Large SPDM messages (DSP0274 1.3, 10.21 "CHUNK_SEND", 10.22
 * "CHUNK_GET"; 1.2+).
 *
 * CHUNK_SEND assembles a request bigger than our DataTransferSize in
 * chunk.rx; the last CHUNK_SEND_ACK carries the response to the assembled
 * request.  CHUNK_GET serves a response bigger than the requester's
 * DataTransferSize from chunk.tx, after ERROR(LargeResponse, handle).
 * Both handlers write straight into the caller's buffer (the dispatcher
 * does not stage them through chunk.tx).
 */
#include <string.h>

#include "rsp.h"

static size_t peer_dts(const struct teeio_spdm_rsp *rsp, const struct rsp_call *c)
{
	size_t lim = c->out.cap;

	if (rsp->conn.neg.req_data_transfer_size && rsp->conn.neg.req_data_transfer_size < lim)
		lim = rsp->conn.neg.req_data_transfer_size;
	return lim;
}

teeio_err rsp_chunk_send(struct teeio_spdm_rsp *rsp, struct rsp_call *c)
{
	struct teeio_spdm_rsp_chunk *k = &rsp->chunk;
	struct teeio_buf b = rsp_body(c);
	uint16_t seq;
	uint32_t size, total = 0;
	const uint8_t *data;
	bool last = c->param1 & SPDM_CHUNK_SEND_LAST;
	uint32_t sid = c->sess ? c->sess->id : 0;

	/* Check parameters. */
	ENSURE((c->param1 & ~SPDM_CHUNK_SEND_LAST) == 0, TEEIO_ERR_PROTO_RESERVED);
	TRY(teeio_buf_get_u16le(&b, &seq));
	TRY(teeio_buf_expect_zero(&b, 2));
	TRY(teeio_buf_get_u32le(&b, &size));
	if (seq == 0)
		TRY(teeio_buf_get_u32le(&b, &total));
	TRY(teeio_buf_get_ref(&b, &data, size));
	TRY(rsp_end(c, &b));

	/* Validate against the transfer in progress. */
	if (seq == 0) {
		ENSURE(!k->rx_active, TEEIO_ERR_PROTO);
		ENSURE(total > rsp->conn.neg.rsp_data_transfer_size && total <= sizeof(k->rx) &&
			   total <= rsp->conn.neg.rsp_max_msg_size,
		       TEEIO_ERR_PROTO);
		k->rx_active = true;
		k->rx_handle = c->param2;
		k->rx_seq = 0;
		k->rx_total = total;
		k->rx_len = 0;
		k->rx_session = sid;
	} else {
		ENSURE(k->rx_active && c->param2 == k->rx_handle && seq == k->rx_seq &&
			   k->rx_session == sid,
		       TEEIO_ERR_PROTO);
	}
	if (size == 0 || size > k->rx_total - k->rx_len ||
	    (last && k->rx_len + size != k->rx_total) ||
	    (!last && k->rx_len + size == k->rx_total)) {
		k->rx_active = false;
		return TEEIO_ERR_PROTO;
	}
	memcpy(k->rx + k->rx_len, data, size);
	k->rx_len += size;
	k->rx_seq++;

	/* Construct the ACK; the last one carries the assembled request's
	 * response. */
	TRY(rsp_put_header(c, SPDM_CHUNK_SEND_ACK, 0, c->param2));
	TRY(teeio_buf_put_u16le(&c->out, seq));
	if (!last)
		return TEEIO_OK;
	k->rx_active = false;
	struct rsp_call inner;
	memset(&inner, 0, sizeof(inner));
	inner.req = k->rx;
	inner.len = k->rx_len;
	inner.sess = c->sess;
	inner.out = teeio_buf_writer(teeio_buf_cur(&c->out), teeio_buf_left(&c->out));
	if (k->rx_len >= SPDM_HDR_SIZE &&
	    (k->rx[1] == SPDM_CHUNK_SEND || k->rx[1] == SPDM_CHUNK_GET)) {
		/* Chunking messages cannot themselves be chunked. */
		TRY(teeio_spdm_error_encode(&inner.out, c->version, SPDM_ERR_INVALID_REQUEST, 0,
					    NULL, 0));
	} else {
		rsp_dispatch(rsp, &inner);
	}
	c->out.pos += inner.out.pos;
	return TEEIO_OK;
}

teeio_err rsp_chunk_get(struct teeio_spdm_rsp *rsp, struct rsp_call *c)
{
	struct teeio_spdm_rsp_chunk *k = &rsp->chunk;
	struct teeio_buf b = rsp_body(c);
	uint16_t seq;

	/* Check parameters and the transfer in progress. */
	ENSURE(c->param1 == 0, TEEIO_ERR_PROTO_RESERVED);
	TRY(teeio_buf_get_u16le(&b, &seq));
	TRY(rsp_end(c, &b));
	if (!k->tx_active || k->tx_session != (c->sess ? c->sess->id : 0))
		return rsp_fail(c, SPDM_ERR_UNEXPECTED_REQUEST, 0);
	ENSURE(c->param2 == k->tx_handle && seq == k->tx_seq, TEEIO_ERR_PROTO);

	/* Construct the next chunk. */
	size_t hdr = SPDM_CHUNK_RSP_FIXED + (seq == 0 ? 4 : 0);
	size_t room = peer_dts(rsp, c);
	ENSURE(room > hdr, TEEIO_ERR_SIZE);
	size_t n = k->tx_total - k->tx_off;
	if (n > room - hdr)
		n = room - hdr;
	bool last = k->tx_off + n == k->tx_total;
	TRY(rsp_put_header(c, SPDM_CHUNK_RESPONSE, last ? SPDM_CHUNK_RSP_LAST : 0, k->tx_handle));
	TRY(teeio_buf_put_u16le(&c->out, seq));
	TRY(teeio_buf_put_u16le(&c->out, 0));
	TRY(teeio_buf_put_u32le(&c->out, (uint32_t)n));
	if (seq == 0)
		TRY(teeio_buf_put_u32le(&c->out, k->tx_total));
	TRY(teeio_buf_put_bytes(&c->out, k->tx + k->tx_off, n));

	/* Commit. */
	k->tx_off += (uint32_t)n;
	k->tx_seq++;
	if (last)
		k->tx_active = false;
	return TEEIO_OK;
}
