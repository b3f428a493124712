/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ERROR messages (DSP0274 1.3, 10.12): Param1 = error code, Param2 = error
 * data, then extended error data (ResponseNotReady: 4 bytes, LargeResponse:
 * Handle, vendor-defined: up to 32 bytes).
 */
#include <string.h>

#include "wire.h"

teeio_err teeio_spdm_error_encode(struct teeio_buf *out, uint8_t version, uint8_t code,
				  uint8_t data, const uint8_t *ext, size_t ext_len)
{
	ENSURE(ext_len <= SPDM_ERR_EXT_DATA_MAX, TEEIO_ERR_USAGE);
	ENSURE(teeio_buf_left(out) >= SPDM_HDR_SIZE + ext_len, TEEIO_ERR_SIZE);
	TRY(teeio_buf_put_u8(out, version));
	TRY(teeio_buf_put_u8(out, SPDM_ERROR));
	TRY(teeio_buf_put_u8(out, code));
	TRY(teeio_buf_put_u8(out, data));
	return teeio_buf_put_bytes(out, ext, ext_len);
}

teeio_err teeio_spdm_error_decode(const uint8_t *msg, size_t len, struct teeio_spdm_error *e)
{
	struct teeio_buf b = teeio_buf_reader(msg, len);
	uint8_t version, code;

	TRY(teeio_buf_get_u8(&b, &version));
	TRY(teeio_buf_get_u8(&b, &code));
	ENSURE(code == SPDM_ERROR, TEEIO_ERR_PROTO);
	TRY(teeio_buf_get_u8(&b, &e->code));
	TRY(teeio_buf_get_u8(&b, &e->data));
	e->ext_len = teeio_buf_left(&b);
	ENSURE(e->ext_len <= sizeof(e->ext), TEEIO_ERR_PROTO);
	memcpy(e->ext, teeio_buf_cur(&b), e->ext_len);
	return TEEIO_OK;
}

uint8_t teeio_spdm_err_code(teeio_err e)
{
	switch (e) {
	case TEEIO_ERR_PROTO_VERSION: return SPDM_ERR_VERSION_MISMATCH;
	case TEEIO_ERR_PROTO_UNSUPPORTED: return SPDM_ERR_UNSUPPORTED_REQUEST;
	case TEEIO_ERR_PROTO_BUSY: return SPDM_ERR_BUSY;
	case TEEIO_ERR_STATE: return SPDM_ERR_UNEXPECTED_REQUEST;
	case TEEIO_ERR_STATE_NO_SESSION: return SPDM_ERR_SESSION_REQUIRED;
	case TEEIO_ERR_CRYPTO_VERIFY: return SPDM_ERR_DECRYPT_ERROR;
	case TEEIO_ERR_SIZE: return SPDM_ERR_RESPONSE_TOO_LARGE;
	default: break;
	}
	switch (teeio_err_kind(e)) {
	case TEEIO_KIND_PROTOCOL:
	case TEEIO_KIND_SIZE: return SPDM_ERR_INVALID_REQUEST;
	case TEEIO_KIND_STATE: return SPDM_ERR_UNEXPECTED_REQUEST;
	default: return SPDM_ERR_UNSPECIFIED;
	}
}
