/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Large messages (DSP0274 1.2+ 10.21): CHUNK_SEND splits a request larger
 * than the responder's DataTransferSize, the last CHUNK_SEND_ACK carries
 * the response; CHUNK_GET fetches a response the responder announced with
 * ERROR(LargeResponse, handle).  Chunks travel in r->chunk so that the
 * original request (r->tx) stays intact for the transcripts, and the
 * assembled response lands in r->rx.
 */
#include "req.h"

#include <string.h>

/* CHUNK_SEND_ACK: header, ChunkSeqNo(2), then the response (last chunk or
 * early error). */
#define CHUNK_ACK_FIXED 6
/* LargeMessageSize field of chunk 0. */
#define LARGE_SIZE_LEN 4

teeio_err req_chunk_send(struct teeio_spdm_req *r, struct teeio_spdm_req_session *s, size_t req_len,
			 size_t *rsp_len)
{
	uint8_t v = r->tx[0];
	uint32_t dts = r->conn.neg.rsp_data_transfer_size;
	uint8_t handle = ++r->chunk_handle;
	size_t off = 0, n = 0;
	uint16_t seq = 0;

	ENSURE(dts > SPDM_CHUNK_SEND_FIXED + LARGE_SIZE_LEN && dts <= sizeof(r->chunk),
	       TEEIO_ERR_PROTO);
	while (off < req_len) {
		size_t room = dts - SPDM_CHUNK_SEND_FIXED - (seq == 0 ? LARGE_SIZE_LEN : 0);
		size_t part = req_len - off < room ? req_len - off : room;
		bool last = off + part == req_len;
		struct teeio_buf b = teeio_buf_writer(r->chunk, sizeof(r->chunk));

		TRY(teeio_buf_put_u8(&b, v));
		TRY(teeio_buf_put_u8(&b, SPDM_CHUNK_SEND));
		TRY(teeio_buf_put_u8(&b, last ? SPDM_CHUNK_SEND_LAST : 0));
		TRY(teeio_buf_put_u8(&b, handle));
		TRY(teeio_buf_put_u16le(&b, seq));
		TRY(teeio_buf_put_u16le(&b, 0));
		TRY(teeio_buf_put_u32le(&b, (uint32_t)part));
		if (seq == 0)
			TRY(teeio_buf_put_u32le(&b, (uint32_t)req_len));
		TRY(teeio_buf_put_bytes(&b, r->tx + off, part));
		TRY(req_roundtrip(r, s, r->chunk, b.pos, r->rx, sizeof(r->rx), &n));

		struct teeio_buf in = teeio_buf_reader(r->rx, n);
		uint8_t rv, code, attr, h;
		uint16_t rseq;
		TRY(teeio_buf_get_u8(&in, &rv));
		TRY(teeio_buf_get_u8(&in, &code));
		ENSURE(rv == v, TEEIO_ERR_PROTO_VERSION);
		if (code == SPDM_ERROR) {
			*rsp_len = n; /* the caller decodes the ERROR */
			return TEEIO_OK;
		}
		ENSURE(code == SPDM_CHUNK_SEND_ACK, TEEIO_ERR_PROTO);
		TRY(teeio_buf_get_u8(&in, &attr));
		TRY(teeio_buf_get_u8(&in, &h));
		TRY(teeio_buf_get_u16le(&in, &rseq));
		ENSURE(h == handle && rseq == seq, TEEIO_ERR_PROTO);
		ENSURE((attr & ~SPDM_CHUNK_ACK_EARLY_ERROR) == 0, TEEIO_ERR_PROTO_RESERVED);
		if (attr & SPDM_CHUNK_ACK_EARLY_ERROR || last) {
			/* The response follows the ACK header. */
			size_t rest = teeio_buf_left(&in);
			ENSURE(rest >= SPDM_HDR_SIZE, TEEIO_ERR_SIZE_TRUNCATED);
			if (attr & SPDM_CHUNK_ACK_EARLY_ERROR)
				ENSURE(r->rx[CHUNK_ACK_FIXED + 1] == SPDM_ERROR, TEEIO_ERR_PROTO);
			memmove(r->rx, r->rx + CHUNK_ACK_FIXED, rest);
			*rsp_len = rest;
			return TEEIO_OK;
		}
		TRY(req_end(r, &in));
		off += part;
		seq++;
	}
	return TEEIO_ERR_INTERNAL; /* not reached: the last chunk returns */
}

teeio_err req_chunk_get(struct teeio_spdm_req *r, struct teeio_spdm_req_session *s, uint8_t handle,
			size_t *rsp_len)
{
	uint8_t v = r->tx[0];
	size_t have = 0, n = 0;
	uint32_t large = 0;
	size_t limit = r->conn.neg.req_max_msg_size ? r->conn.neg.req_max_msg_size : sizeof(r->rx);
	uint8_t req[SPDM_HDR_SIZE + 2];

	if (limit > sizeof(r->rx))
		limit = sizeof(r->rx);
	for (uint16_t seq = 0;; seq++) {
		req[0] = v;
		req[1] = SPDM_CHUNK_GET;
		req[2] = 0;
		req[3] = handle;
		teeio_store_u16le(req + 4, seq);
		TRY(req_roundtrip(r, s, req, sizeof(req), r->chunk, sizeof(r->chunk), &n));

		struct teeio_buf in = teeio_buf_reader(r->chunk, n);
		uint8_t rv, code, attr, h;
		uint16_t rseq;
		uint32_t size;
		const uint8_t *data;
		TRY(teeio_buf_get_u8(&in, &rv));
		TRY(teeio_buf_get_u8(&in, &code));
		ENSURE(rv == v, TEEIO_ERR_PROTO_VERSION);
		if (code == SPDM_ERROR) {
			struct teeio_spdm_error e;
			TRY(teeio_spdm_error_decode(r->chunk, n, &e));
			r->peer_error = e.code;
			r->peer_error_data = e.data;
			return TEEIO_ERR_PROTO_PEER_ERROR;
		}
		ENSURE(code == SPDM_CHUNK_RESPONSE, TEEIO_ERR_PROTO);
		TRY(teeio_buf_get_u8(&in, &attr));
		TRY(teeio_buf_get_u8(&in, &h));
		TRY(teeio_buf_get_u16le(&in, &rseq));
		TRY(teeio_buf_expect_zero(&in, 2));
		TRY(teeio_buf_get_u32le(&in, &size));
		ENSURE(h == handle && rseq == seq, TEEIO_ERR_PROTO);
		ENSURE((attr & ~SPDM_CHUNK_RSP_LAST) == 0, TEEIO_ERR_PROTO_RESERVED);
		if (seq == 0) {
			TRY(teeio_buf_get_u32le(&in, &large));
			ENSURE(large > SPDM_HDR_SIZE && large <= limit, TEEIO_ERR_SIZE_LIMIT);
		}
		ENSURE(size >= 1 && size <= large - have, TEEIO_ERR_PROTO);
		TRY(teeio_buf_get_ref(&in, &data, size));
		TRY(req_end(r, &in));
		memcpy(r->rx + have, data, size);
		have += size;
		if (attr & SPDM_CHUNK_RSP_LAST) {
			ENSURE(have == large, TEEIO_ERR_PROTO);
			*rsp_len = have;
			return TEEIO_OK;
		}
		ENSURE(have < large && seq < 0xFFFF, TEEIO_ERR_PROTO);
	}
}
