/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Frames of the spdm-emu socket protocol (spdm-emu command.h): command
 * u32, transport type u32, payload size u32 -- all big-endian -- then the
 * payload.  Pure functions over bytes, so the parser can be fuzzed; the
 * I/O lives in socket_io.c.
 */
#include "teeio/transport.h"

teeio_err teeio_sock_hdr_decode(const uint8_t *in, size_t len, uint32_t max_payload,
				struct teeio_sock_hdr *h)
{
	struct teeio_buf b =
	    teeio_buf_reader(in, len < TEEIO_SOCK_HDR_LEN ? len : TEEIO_SOCK_HDR_LEN);
	struct teeio_sock_hdr t;
	TRY(teeio_buf_get_u32be(&b, &t.cmd));
	TRY(teeio_buf_get_u32be(&b, &t.trans));
	TRY(teeio_buf_get_u32be(&b, &t.size));
	*h = t;
	ENSURE(t.size <= max_payload, TEEIO_ERR_SIZE_LIMIT);
	return TEEIO_OK;
}

teeio_err teeio_sock_frame_encode(struct teeio_buf *out, uint32_t cmd, uint32_t trans,
				  const uint8_t *payload, size_t len)
{
	ENSURE(len <= UINT32_MAX, TEEIO_ERR_SIZE_LIMIT);
	ENSURE(teeio_buf_left(out) >= TEEIO_SOCK_HDR_LEN + len, TEEIO_ERR_SIZE);
	TRY(teeio_buf_put_u32be(out, cmd));
	TRY(teeio_buf_put_u32be(out, trans));
	TRY(teeio_buf_put_u32be(out, (uint32_t)len));
	/* memmove semantics: payload may already sit right after the header. */
	return teeio_buf_put_bytes(out, payload, len);
}

teeio_err teeio_sock_frame_decode(const uint8_t *in, size_t len, uint32_t max_payload,
				  struct teeio_sock_hdr *h, const uint8_t **payload)
{
	struct teeio_sock_hdr t;
	TRY(teeio_sock_hdr_decode(in, len, max_payload, &t));
	size_t rest = len - TEEIO_SOCK_HDR_LEN;
	ENSURE(rest >= t.size, TEEIO_ERR_SIZE_TRUNCATED);
	ENSURE(rest == t.size, TEEIO_ERR_SIZE_TRAILING);
	*h = t;
	*payload = in + TEEIO_SOCK_HDR_LEN;
	return TEEIO_OK;
}
