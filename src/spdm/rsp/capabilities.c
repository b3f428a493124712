/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * GET_CAPABILITIES -> CAPABILITIES (DSP0274 1.3, 10.4).  The requester's
 * version choice is made here: it must be one we offered in VERSION.
 */
#include "rsp.h"

static uint32_t rsp_mask(uint8_t v)
{
	switch (v) {
	case TEEIO_SPDM_V10: return TEEIO_SPDM_CAP_RSP_10_MASK;
	case TEEIO_SPDM_V11: return TEEIO_SPDM_CAP_RSP_11_MASK;
	case TEEIO_SPDM_V12: return TEEIO_SPDM_CAP_RSP_12_MASK;
	default: return TEEIO_SPDM_CAP_RSP_13_MASK;
	}
}

/* Requester flag combinations DSP0274 10.4 forbids (the same rules as
 * libspdm's check_request_flag_compatibility). */
static bool req_flags_ok(uint32_t f, uint8_t v)
{
	bool cert = f & TEEIO_SPDM_CAP_CERT, chal = f & TEEIO_SPDM_CAP_CHAL;
	bool enc = f & TEEIO_SPDM_CAP_ENCRYPT, mac = f & TEEIO_SPDM_CAP_MAC;
	bool mut = f & TEEIO_SPDM_CAP_MUT_AUTH, kx = f & TEEIO_SPDM_CAP_KEY_EX;
	unsigned psk = (f >> 10) & 3;
	bool pub = f & TEEIO_SPDM_CAP_PUB_KEY_ID;
	unsigned ep_info = (f >> 22) & 3, multi_key = (f >> 26) & 3;

	if (v < TEEIO_SPDM_V11)
		return true;
	if (psk >= 2)
		return false;
	if (kx || psk) {
		if (!mac && !enc)
			return false;
	} else if (mac || enc ||
		   (f & (TEEIO_SPDM_CAP_HANDSHAKE_IN_THE_CLEAR | TEEIO_SPDM_CAP_HBEAT |
			 TEEIO_SPDM_CAP_KEY_UPD)) ||
		   (v >= TEEIO_SPDM_V13 && (f & (1u << 25)))) {
		return false;
	}
	if (!kx && psk == 1 && (f & TEEIO_SPDM_CAP_HANDSHAKE_IN_THE_CLEAR))
		return false;
	if (cert || pub) {
		if (cert && pub)
			return false;
		if (!chal && !kx && (v < TEEIO_SPDM_V13 || ep_info < 2))
			return false;
	} else if (chal || mut || (v >= TEEIO_SPDM_V13 && ep_info == 2)) {
		return false;
	}
	if (mut && !kx && !chal)
		return false;
	if (v == TEEIO_SPDM_V11 && mut && !(f & TEEIO_SPDM_CAP_ENCAP))
		return false;
	if (v >= TEEIO_SPDM_V13 &&
	    (ep_info == 3 || multi_key == 3 || (multi_key && (pub || !cert))))
		return false;
	return true;
}

teeio_err rsp_capabilities(struct teeio_spdm_rsp *rsp, struct rsp_call *c)
{
	const struct teeio_spdm_rsp_config *cfg = rsp->cfg;
	struct teeio_buf b = rsp_body(c);
	uint8_t ct = 0;
	uint32_t flags = 0, dts = 0, max = 0;

	/* Check parameters and state. */
	if (c->sess || rsp->conn.state != TEEIO_SPDM_CONN_AFTER_VERSION)
		return rsp_fail(c, SPDM_ERR_UNEXPECTED_REQUEST, 0);
	if (!rsp_version_offered(rsp, c->version))
		return rsp_fail(c, SPDM_ERR_VERSION_MISMATCH, 0);
	uint8_t v = c->version;
	/* Param1 bit 0 (1.3 "SupportedAlgorithms") is the only defined bit. */
	if (c->param2 != 0 ||
	    (c->param1 & ~(v >= TEEIO_SPDM_V13 ? SPDM_GET_CAPS_PARAM1_SUPPORTED_ALGS : 0)))
		return TEEIO_ERR_PROTO_RESERVED;
	if (v >= TEEIO_SPDM_V11) {
		TRY(teeio_buf_expect_zero(&b, 1));
		TRY(teeio_buf_get_u8(&b, &ct));
		TRY(teeio_buf_expect_zero(&b, 2));
		TRY(teeio_buf_get_u32le(&b, &flags));
	}
	if (v >= TEEIO_SPDM_V12) {
		TRY(teeio_buf_get_u32le(&b, &dts));
		TRY(teeio_buf_get_u32le(&b, &max));
	}
	TRY(rsp_end(c, &b));

	/* Validate. */
	ENSURE(req_flags_ok(flags, v), TEEIO_ERR_PROTO);
	ENSURE(ct <= SPDM_CT_EXPONENT_MAX, TEEIO_ERR_PROTO);
	if (v >= TEEIO_SPDM_V12) {
		ENSURE(dts >= SPDM_MIN_DATA_TRANSFER_SIZE_12 && dts <= max, TEEIO_ERR_PROTO);
		ENSURE((flags & TEEIO_SPDM_CAP_CHUNK) || dts == max, TEEIO_ERR_PROTO);
		if (c->param1 & SPDM_GET_CAPS_PARAM1_SUPPORTED_ALGS)
			ENSURE(flags & TEEIO_SPDM_CAP_CHUNK, TEEIO_ERR_PROTO);
	}

	/* Process: what we advertise for this version. */
	uint32_t local = cfg->caps & rsp_mask(v);
	if (v < TEEIO_SPDM_V12)
		local &= ~TEEIO_SPDM_CAP_CHUNK;
	uint32_t my_dts = cfg->data_transfer_size ? cfg->data_transfer_size : TEEIO_SPDM_MAX_MSG;
	uint32_t my_max = cfg->max_msg_size ? cfg->max_msg_size : TEEIO_SPDM_MAX_LARGE_MSG;
	if (!(local & TEEIO_SPDM_CAP_CHUNK) || my_max < my_dts)
		my_max = my_dts;

	/* Construct (1.0/1.1 responses stop after Flags). */
	TRY(rsp_put_header(c, SPDM_CAPABILITIES, 0, 0));
	TRY(teeio_buf_put_u8(&c->out, 0));
	TRY(teeio_buf_put_u8(&c->out, cfg->ct_exponent));
	TRY(teeio_buf_put_u16le(&c->out, 0));
	TRY(teeio_buf_put_u32le(&c->out, local));
	if (v >= TEEIO_SPDM_V12) {
		TRY(teeio_buf_put_u32le(&c->out, my_dts));
		TRY(teeio_buf_put_u32le(&c->out, my_max));
	}

	/* Commit. */
	struct teeio_spdm_negotiated *n = &rsp->conn.neg;
	TRY(teeio_spdm_conn_vca_append(&rsp->conn, c->req, b.pos));
	TRY(teeio_spdm_conn_vca_append(&rsp->conn, c->out.data, c->out.pos));
	n->version = v;
	n->req_caps = flags;
	n->req_ct_exponent = ct;
	n->req_data_transfer_size = dts;
	n->req_max_msg_size = max;
	n->rsp_caps = local;
	n->rsp_ct_exponent = cfg->ct_exponent;
	n->rsp_data_transfer_size = v >= TEEIO_SPDM_V12 ? my_dts : 0;
	n->rsp_max_msg_size = v >= TEEIO_SPDM_V12 ? my_max : 0;
	rsp->local_caps = local;
	rsp->conn.state = TEEIO_SPDM_CONN_AFTER_CAPABILITIES;
	return TEEIO_OK;
}
