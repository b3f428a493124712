/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The transport-neutral binding the SPDM layer calls: one SPDM (or secured
 * SPDM) message in, one transport message out, and back.  The transport
 * types and their values are those of the spdm-emu socket protocol.
 */
#include "teeio/transport.h"

/* Secured messages begin with the 4-byte session ID (DSP0277). */
#define SESSION_ID_LEN 4u

const char *teeio_trans_name(enum teeio_trans t)
{
	switch (t) {
	case TEEIO_TRANS_NONE: return "none";
	case TEEIO_TRANS_MCTP: return "mctp";
	case TEEIO_TRANS_PCI_DOE: return "doe";
	}
	return "unknown";
}

size_t teeio_trans_header_len(enum teeio_trans t)
{
	switch (t) {
	case TEEIO_TRANS_MCTP: return 1;
	case TEEIO_TRANS_PCI_DOE: return TEEIO_DOE_HDR_LEN;
	case TEEIO_TRANS_NONE: return 0;
	}
	return 0;
}

teeio_err teeio_trans_encode(enum teeio_trans t, bool secured, const uint8_t *msg, size_t len,
			     struct teeio_buf *out)
{
	ENSURE(len > 0, TEEIO_ERR_USAGE);
	switch (t) {
	case TEEIO_TRANS_NONE:
		ENSURE(!secured, TEEIO_ERR_USAGE);
		return teeio_buf_put_bytes(out, msg, len);
	case TEEIO_TRANS_MCTP:
		return teeio_mctp_encode(
		    out, secured ? TEEIO_MCTP_TYPE_SECURED : TEEIO_MCTP_TYPE_SPDM, msg, len);
	case TEEIO_TRANS_PCI_DOE:
		return teeio_doe_encode(out, TEEIO_DOE_VENDOR_PCISIG,
					secured ? TEEIO_DOE_TYPE_SECURED_SPDM : TEEIO_DOE_TYPE_SPDM,
					msg, len);
	}
	return TEEIO_ERR_USAGE;
}

static teeio_err decode_doe(const uint8_t *in, size_t len, bool *secured, const uint8_t **msg,
			    size_t *msg_len)
{
	struct teeio_doe_hdr h;
	TRY(teeio_doe_decode(in, len, &h, msg, msg_len));
	ENSURE(h.vendor == TEEIO_DOE_VENDOR_PCISIG, TEEIO_ERR_PROTO_UNSUPPORTED);
	ENSURE(h.type == TEEIO_DOE_TYPE_SPDM || h.type == TEEIO_DOE_TYPE_SECURED_SPDM,
	       TEEIO_ERR_PROTO_UNSUPPORTED);
	*secured = h.type == TEEIO_DOE_TYPE_SECURED_SPDM;
	return TEEIO_OK;
}

static teeio_err decode_mctp(const uint8_t *in, size_t len, bool *secured, const uint8_t **msg,
			     size_t *msg_len)
{
	uint8_t type;
	TRY(teeio_mctp_decode(in, len, &type, msg, msg_len));
	/* DSP0275/DSP0276: the integrity check bit is 0 for (secured) SPDM;
	 * with it set the type byte names no SPDM binding at all. */
	ENSURE(type == TEEIO_MCTP_TYPE_SPDM || type == TEEIO_MCTP_TYPE_SECURED,
	       TEEIO_ERR_PROTO_UNSUPPORTED);
	*secured = type == TEEIO_MCTP_TYPE_SECURED;
	return TEEIO_OK;
}

teeio_err teeio_trans_decode(enum teeio_trans t, const uint8_t *in, size_t len, bool *secured,
			     const uint8_t **msg, size_t *msg_len)
{
	bool sec = false;
	const uint8_t *m = in;
	size_t n = len;
	switch (t) {
	case TEEIO_TRANS_NONE: break;
	case TEEIO_TRANS_MCTP: TRY(decode_mctp(in, len, &sec, &m, &n)); break;
	case TEEIO_TRANS_PCI_DOE: TRY(decode_doe(in, len, &sec, &m, &n)); break;
	default: return TEEIO_ERR_USAGE;
	}
	ENSURE(n > 0, TEEIO_ERR_SIZE_TRUNCATED);
	ENSURE(!sec || n >= SESSION_ID_LEN, TEEIO_ERR_SIZE_TRUNCATED);
	*secured = sec;
	*msg = m;
	*msg_len = n;
	return TEEIO_OK;
}
