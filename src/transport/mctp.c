/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * MCTP message binding: an MCTP message is its message type byte (DSP0236
 * 8.2: bits 6:0 type, bit 7 integrity check) followed by the body.  SPDM
 * uses type 0x05 (DSP0275), secured messages type 0x06 (DSP0276).  This is
 * exactly what spdm-emu puts on its socket for the MCTP transport: no
 * packet header, no further byte (libspdm libspdm_mctp_encode_message).
 */
#include "teeio/transport.h"

teeio_err teeio_mctp_encode(struct teeio_buf *out, uint8_t type, const uint8_t *msg, size_t len)
{
	ENSURE(teeio_buf_left(out) >= 1 + len, TEEIO_ERR_SIZE);
	TRY(teeio_buf_put_u8(out, type));
	return teeio_buf_put_bytes(out, msg, len);
}

teeio_err teeio_mctp_decode(const uint8_t *in, size_t len, uint8_t *type, const uint8_t **msg,
			    size_t *msg_len)
{
	struct teeio_buf b = teeio_buf_reader(in, len);
	uint8_t t;
	TRY(teeio_buf_get_u8(&b, &t));
	*type = t;
	*msg = teeio_buf_cur(&b);
	*msg_len = teeio_buf_left(&b);
	return TEEIO_OK;
}
