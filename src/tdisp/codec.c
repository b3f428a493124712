/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TDISP message codec: one decoder and one encoder per body, selected by
 * the message type through a table.  The header and the vendor-defined
 * parts are shared.  Decoding is strict (reserved fields zero, exact
 * length) because both roles feed it untrusted bytes.
 */
#include <string.h>

#include "wire.h"

uint32_t teeio_tdisp_function_id(uint16_t requester_id, uint8_t segment, bool segment_valid)
{
	uint32_t fid = requester_id;

	if (segment != 0)
		segment_valid = true;
	if (segment_valid)
		fid |= ((uint32_t)segment << TDISP_FID_SEG_SHIFT) | TDISP_FID_SEG_VALID;
	return fid;
}

bool teeio_tdisp_function_id_ok(uint32_t fid)
{
	if (fid & TDISP_FID_RESERVED)
		return false;
	return (fid & TDISP_FID_SEG_VALID) || !(fid & TDISP_FID_SEG_MASK);
}

/* ------------------------------------------------------------------------ */
/* Shared parts.                                                            */

static teeio_err get_vdm(struct teeio_buf *b, struct teeio_tdisp_vdm *v)
{
	TRY(teeio_buf_get_u8(b, &v->registry_id));
	TRY(teeio_buf_get_u8(b, &v->vendor_id_len));
	TRY(teeio_buf_get_ref(b, &v->vendor_id, v->vendor_id_len));
	v->data_len = teeio_buf_left(b);
	return teeio_buf_get_ref(b, &v->data, v->data_len);
}

static teeio_err put_vdm(struct teeio_buf *b, const struct teeio_tdisp_vdm *v)
{
	ENSURE(v->vendor_id_len == 0 || v->vendor_id, TEEIO_ERR_USAGE);
	ENSURE(v->data_len == 0 || v->data, TEEIO_ERR_USAGE);
	TRY(teeio_buf_put_u8(b, v->registry_id));
	TRY(teeio_buf_put_u8(b, v->vendor_id_len));
	TRY(teeio_buf_put_bytes(b, v->vendor_id, v->vendor_id_len));
	return teeio_buf_put_bytes(b, v->data, v->data_len);
}

static teeio_err get_range(struct teeio_buf *b, struct teeio_tdisp_mmio_range *r)
{
	TRY(teeio_buf_get_u64le(b, &r->first_page));
	TRY(teeio_buf_get_u32le(b, &r->num_pages));
	TRY(teeio_buf_get_u16le(b, &r->attrs));
	TRY(teeio_buf_get_u16le(b, &r->range_id));
	ENSURE(!(r->attrs & TDISP_RANGE_ATTRS_RESERVED), TEEIO_ERR_PROTO_RESERVED);
	return TEEIO_OK;
}

static teeio_err put_range(struct teeio_buf *b, const struct teeio_tdisp_mmio_range *r)
{
	ENSURE(!(r->attrs & TDISP_RANGE_ATTRS_RESERVED), TEEIO_ERR_USAGE);
	TRY(teeio_buf_put_u64le(b, r->first_page));
	TRY(teeio_buf_put_u32le(b, r->num_pages));
	TRY(teeio_buf_put_u16le(b, r->attrs));
	return teeio_buf_put_u16le(b, r->range_id);
}

/* ------------------------------------------------------------------------ */
/* Bodies.                                                                  */

static teeio_err dec_empty(struct teeio_buf *b, struct teeio_tdisp_msg *m)
{
	(void)b;
	(void)m;
	return TEEIO_OK;
}

static teeio_err enc_empty(struct teeio_buf *b, const struct teeio_tdisp_msg *m)
{
	(void)b;
	(void)m;
	return TEEIO_OK;
}

static teeio_err dec_versions(struct teeio_buf *b, struct teeio_tdisp_msg *m)
{
	TRY(teeio_buf_get_u8(b, &m->u.versions.count));
	return teeio_buf_get_ref(b, &m->u.versions.list, m->u.versions.count);
}

static teeio_err enc_versions(struct teeio_buf *b, const struct teeio_tdisp_msg *m)
{
	ENSURE(m->u.versions.count == 0 || m->u.versions.list, TEEIO_ERR_USAGE);
	TRY(teeio_buf_put_u8(b, m->u.versions.count));
	return teeio_buf_put_bytes(b, m->u.versions.list, m->u.versions.count);
}

static teeio_err dec_tsm_caps(struct teeio_buf *b, struct teeio_tdisp_msg *m)
{
	return teeio_buf_get_u32le(b, &m->u.tsm_caps);
}

static teeio_err enc_tsm_caps(struct teeio_buf *b, const struct teeio_tdisp_msg *m)
{
	return teeio_buf_put_u32le(b, m->u.tsm_caps);
}

static teeio_err dec_caps(struct teeio_buf *b, struct teeio_tdisp_msg *m)
{
	struct teeio_tdisp_caps *c = &m->u.caps;

	TRY(teeio_buf_get_u32le(b, &c->dsm_caps));
	TRY(teeio_buf_get_bytes(b, c->req_msgs, TDISP_REQ_MSGS_LEN));
	TRY(teeio_buf_get_u16le(b, &c->lock_flags));
	TRY(teeio_buf_expect_zero(b, TDISP_CAPS_RESERVED_LEN));
	TRY(teeio_buf_get_u8(b, &c->dev_addr_width));
	TRY(teeio_buf_get_u8(b, &c->num_req_this));
	TRY(teeio_buf_get_u8(b, &c->num_req_all));
	ENSURE(!(c->lock_flags & TDISP_LOCK_FLAGS_RESERVED), TEEIO_ERR_PROTO_RESERVED);
	return TEEIO_OK;
}

static teeio_err enc_caps(struct teeio_buf *b, const struct teeio_tdisp_msg *m)
{
	const struct teeio_tdisp_caps *c = &m->u.caps;

	TRY(teeio_buf_put_u32le(b, c->dsm_caps));
	TRY(teeio_buf_put_bytes(b, c->req_msgs, TDISP_REQ_MSGS_LEN));
	TRY(teeio_buf_put_u16le(b, c->lock_flags));
	TRY(teeio_buf_put_zero(b, TDISP_CAPS_RESERVED_LEN));
	TRY(teeio_buf_put_u8(b, c->dev_addr_width));
	TRY(teeio_buf_put_u8(b, c->num_req_this));
	return teeio_buf_put_u8(b, c->num_req_all);
}

static teeio_err dec_lock(struct teeio_buf *b, struct teeio_tdisp_msg *m)
{
	struct teeio_tdisp_lock_params *p = &m->u.lock;

	TRY(teeio_buf_get_u16le(b, &p->flags));
	TRY(teeio_buf_get_u8(b, &p->default_stream_id));
	TRY(teeio_buf_expect_zero(b, 1));
	TRY(teeio_buf_get_u64le(b, &p->mmio_reporting_offset));
	TRY(teeio_buf_get_u64le(b, &p->p2p_addr_mask));
	ENSURE(!(p->flags & TDISP_LOCK_FLAGS_RESERVED), TEEIO_ERR_PROTO_RESERVED);
	return TEEIO_OK;
}

static teeio_err enc_lock(struct teeio_buf *b, const struct teeio_tdisp_msg *m)
{
	const struct teeio_tdisp_lock_params *p = &m->u.lock;

	TRY(teeio_buf_put_u16le(b, p->flags));
	TRY(teeio_buf_put_u8(b, p->default_stream_id));
	TRY(teeio_buf_put_zero(b, 1));
	TRY(teeio_buf_put_u64le(b, p->mmio_reporting_offset));
	return teeio_buf_put_u64le(b, p->p2p_addr_mask);
}

static teeio_err dec_nonce(struct teeio_buf *b, struct teeio_tdisp_msg *m)
{
	return teeio_buf_get_bytes(b, m->u.nonce, TEEIO_TDISP_NONCE_LEN);
}

static teeio_err enc_nonce(struct teeio_buf *b, const struct teeio_tdisp_msg *m)
{
	return teeio_buf_put_bytes(b, m->u.nonce, TEEIO_TDISP_NONCE_LEN);
}

static teeio_err dec_get_report(struct teeio_buf *b, struct teeio_tdisp_msg *m)
{
	TRY(teeio_buf_get_u16le(b, &m->u.get_report.offset));
	return teeio_buf_get_u16le(b, &m->u.get_report.length);
}

static teeio_err enc_get_report(struct teeio_buf *b, const struct teeio_tdisp_msg *m)
{
	TRY(teeio_buf_put_u16le(b, m->u.get_report.offset));
	return teeio_buf_put_u16le(b, m->u.get_report.length);
}

static teeio_err dec_report(struct teeio_buf *b, struct teeio_tdisp_msg *m)
{
	TRY(teeio_buf_get_u16le(b, &m->u.report.portion_len));
	TRY(teeio_buf_get_u16le(b, &m->u.report.remainder_len));
	return teeio_buf_get_ref(b, &m->u.report.portion, m->u.report.portion_len);
}

static teeio_err enc_report(struct teeio_buf *b, const struct teeio_tdisp_msg *m)
{
	ENSURE(m->u.report.portion_len == 0 || m->u.report.portion, TEEIO_ERR_USAGE);
	TRY(teeio_buf_put_u16le(b, m->u.report.portion_len));
	TRY(teeio_buf_put_u16le(b, m->u.report.remainder_len));
	return teeio_buf_put_bytes(b, m->u.report.portion, m->u.report.portion_len);
}

static teeio_err dec_state(struct teeio_buf *b, struct teeio_tdisp_msg *m)
{
	TRY(teeio_buf_get_u8(b, &m->u.state));
	/* TDI_STATE values above ERROR are reserved. */
	ENSURE(m->u.state < TEEIO_TDISP_STATE_COUNT, TEEIO_ERR_PROTO_RESERVED);
	return TEEIO_OK;
}

static teeio_err enc_state(struct teeio_buf *b, const struct teeio_tdisp_msg *m)
{
	ENSURE(m->u.state < TEEIO_TDISP_STATE_COUNT, TEEIO_ERR_USAGE);
	return teeio_buf_put_u8(b, m->u.state);
}

static teeio_err dec_p2p(struct teeio_buf *b, struct teeio_tdisp_msg *m)
{
	return teeio_buf_get_u8(b, &m->u.p2p_stream_id);
}

static teeio_err enc_p2p(struct teeio_buf *b, const struct teeio_tdisp_msg *m)
{
	return teeio_buf_put_u8(b, m->u.p2p_stream_id);
}

static teeio_err dec_mmio(struct teeio_buf *b, struct teeio_tdisp_msg *m)
{
	return get_range(b, &m->u.mmio);
}

static teeio_err enc_mmio(struct teeio_buf *b, const struct teeio_tdisp_msg *m)
{
	return put_range(b, &m->u.mmio);
}

static teeio_err dec_vdm(struct teeio_buf *b, struct teeio_tdisp_msg *m)
{
	return get_vdm(b, &m->u.vdm);
}

static teeio_err enc_vdm(struct teeio_buf *b, const struct teeio_tdisp_msg *m)
{
	return put_vdm(b, &m->u.vdm);
}

static teeio_err dec_error(struct teeio_buf *b, struct teeio_tdisp_msg *m)
{
	TRY(teeio_buf_get_u32le(b, &m->u.error.code));
	TRY(teeio_buf_get_u32le(b, &m->u.error.data));
	m->u.error.has_ext = m->u.error.code == TEEIO_TDISP_ERR_VENDOR_SPECIFIC;
	if (m->u.error.has_ext)
		return get_vdm(b, &m->u.error.ext);
	return TEEIO_OK;
}

static teeio_err enc_error(struct teeio_buf *b, const struct teeio_tdisp_msg *m)
{
	bool vendor = m->u.error.code == TEEIO_TDISP_ERR_VENDOR_SPECIFIC;

	/* Extended data exists exactly for VENDOR_SPECIFIC. */
	ENSURE(m->u.error.has_ext == vendor, TEEIO_ERR_USAGE);
	TRY(teeio_buf_put_u32le(b, m->u.error.code));
	TRY(teeio_buf_put_u32le(b, m->u.error.data));
	if (vendor)
		return put_vdm(b, &m->u.error.ext);
	return TEEIO_OK;
}

struct body {
	uint8_t code;
	const char *name;
	teeio_err (*dec)(struct teeio_buf *b, struct teeio_tdisp_msg *m);
	teeio_err (*enc)(struct teeio_buf *b, const struct teeio_tdisp_msg *m);
};

static const struct body bodies[] = {
    {TEEIO_TDISP_GET_VERSION, "GET_TDISP_VERSION", dec_empty, enc_empty},
    {TEEIO_TDISP_VERSION, "TDISP_VERSION", dec_versions, enc_versions},
    {TEEIO_TDISP_GET_CAPABILITIES, "GET_TDISP_CAPABILITIES", dec_tsm_caps, enc_tsm_caps},
    {TEEIO_TDISP_CAPABILITIES, "TDISP_CAPABILITIES", dec_caps, enc_caps},
    {TEEIO_TDISP_LOCK_INTERFACE_REQ, "LOCK_INTERFACE_REQUEST", dec_lock, enc_lock},
    {TEEIO_TDISP_LOCK_INTERFACE_RSP, "LOCK_INTERFACE_RESPONSE", dec_nonce, enc_nonce},
    {TEEIO_TDISP_GET_DEVICE_INTERFACE_REPORT, "GET_DEVICE_INTERFACE_REPORT", dec_get_report,
     enc_get_report},
    {TEEIO_TDISP_DEVICE_INTERFACE_REPORT, "DEVICE_INTERFACE_REPORT", dec_report, enc_report},
    {TEEIO_TDISP_GET_DEVICE_INTERFACE_STATE, "GET_DEVICE_INTERFACE_STATE", dec_empty, enc_empty},
    {TEEIO_TDISP_DEVICE_INTERFACE_STATE, "DEVICE_INTERFACE_STATE", dec_state, enc_state},
    {TEEIO_TDISP_START_INTERFACE_REQ, "START_INTERFACE_REQUEST", dec_nonce, enc_nonce},
    {TEEIO_TDISP_START_INTERFACE_RSP, "START_INTERFACE_RESPONSE", dec_empty, enc_empty},
    {TEEIO_TDISP_STOP_INTERFACE_REQ, "STOP_INTERFACE_REQUEST", dec_empty, enc_empty},
    {TEEIO_TDISP_STOP_INTERFACE_RSP, "STOP_INTERFACE_RESPONSE", dec_empty, enc_empty},
    {TEEIO_TDISP_BIND_P2P_STREAM_REQ, "BIND_P2P_STREAM_REQUEST", dec_p2p, enc_p2p},
    {TEEIO_TDISP_BIND_P2P_STREAM_RSP, "BIND_P2P_STREAM_RESPONSE", dec_empty, enc_empty},
    {TEEIO_TDISP_UNBIND_P2P_STREAM_REQ, "UNBIND_P2P_STREAM_REQUEST", dec_p2p, enc_p2p},
    {TEEIO_TDISP_UNBIND_P2P_STREAM_RSP, "UNBIND_P2P_STREAM_RESPONSE", dec_empty, enc_empty},
    {TEEIO_TDISP_SET_MMIO_ATTRIBUTE_REQ, "SET_MMIO_ATTRIBUTE_REQUEST", dec_mmio, enc_mmio},
    {TEEIO_TDISP_SET_MMIO_ATTRIBUTE_RSP, "SET_MMIO_ATTRIBUTE_RESPONSE", dec_empty, enc_empty},
    {TEEIO_TDISP_VDM_REQ, "VDM_REQUEST", dec_vdm, enc_vdm},
    {TEEIO_TDISP_VDM_RSP, "VDM_RESPONSE", dec_vdm, enc_vdm},
    {TEEIO_TDISP_ERROR, "TDISP_ERROR", dec_error, enc_error},
};

static const struct body *body_of(uint8_t code)
{
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(bodies); i++)
		if (bodies[i].code == code)
			return &bodies[i];
	return NULL;
}

const char *teeio_tdisp_code_name(uint8_t code)
{
	const struct body *bd = body_of(code);
	return bd ? bd->name : "?";
}

/* ------------------------------------------------------------------------ */
/* Whole messages.                                                          */

teeio_err teeio_tdisp_decode(const uint8_t *msg, size_t len, struct teeio_tdisp_msg *m)
{
	struct teeio_buf b = teeio_buf_reader(msg, len);
	const struct body *bd;

	memset(m, 0, sizeof(*m));
	TRY(teeio_buf_get_u8(&b, &m->version));
	TRY(teeio_buf_get_u8(&b, &m->code));
	TRY(teeio_buf_expect_zero(&b, 2));
	TRY(teeio_buf_get_u32le(&b, &m->function_id));
	TRY(teeio_buf_expect_zero(&b, TDISP_IFACE_RESERVED_LEN));
	bd = body_of(m->code);
	ENSURE(bd != NULL, TEEIO_ERR_PROTO_UNSUPPORTED);
	TRY(bd->dec(&b, m));
	return teeio_buf_expect_end(&b);
}

teeio_err teeio_tdisp_decode_payload(const uint8_t *payload, size_t len, struct teeio_tdisp_msg *m)
{
	ENSURE(len >= 1, TEEIO_ERR_SIZE_TRUNCATED);
	ENSURE(payload[0] == TEEIO_TDISP_PROTOCOL_ID, TEEIO_ERR_PROTO);
	return teeio_tdisp_decode(payload + 1, len - 1, m);
}

teeio_err teeio_tdisp_encode(const struct teeio_tdisp_msg *m, struct teeio_buf *b)
{
	const struct body *bd = body_of(m->code);
	size_t start = b->pos;
	teeio_err rc;

	ENSURE(bd != NULL, TEEIO_ERR_USAGE);
	rc = teeio_buf_put_u8(b, m->version);
	if (rc == TEEIO_OK)
		rc = teeio_buf_put_u8(b, m->code);
	if (rc == TEEIO_OK)
		rc = teeio_buf_put_zero(b, 2);
	if (rc == TEEIO_OK)
		rc = teeio_buf_put_u32le(b, m->function_id);
	if (rc == TEEIO_OK)
		rc = teeio_buf_put_zero(b, TDISP_IFACE_RESERVED_LEN);
	if (rc == TEEIO_OK)
		rc = bd->enc(b, m);
	if (rc != TEEIO_OK)
		b->pos = start; /* a failed encode leaves the cursor where it was */
	return rc;
}

teeio_err teeio_tdisp_encode_payload(const struct teeio_tdisp_msg *m, struct teeio_buf *b)
{
	size_t start = b->pos;
	teeio_err rc;

	TRY(teeio_buf_put_u8(b, TEEIO_TDISP_PROTOCOL_ID));
	rc = teeio_tdisp_encode(m, b);
	if (rc != TEEIO_OK)
		b->pos = start;
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Names.                                                                   */

const char *teeio_tdisp_errcode_name(uint32_t code)
{
	switch (code) {
	case TEEIO_TDISP_ERR_INVALID_REQUEST: return "INVALID_REQUEST";
	case TEEIO_TDISP_ERR_BUSY: return "BUSY";
	case TEEIO_TDISP_ERR_INVALID_INTERFACE_STATE: return "INVALID_INTERFACE_STATE";
	case TEEIO_TDISP_ERR_UNSPECIFIED: return "UNSPECIFIED";
	case TEEIO_TDISP_ERR_UNSUPPORTED_REQUEST: return "UNSUPPORTED_REQUEST";
	case TEEIO_TDISP_ERR_VERSION_MISMATCH: return "VERSION_MISMATCH";
	case TEEIO_TDISP_ERR_VENDOR_SPECIFIC: return "VENDOR_SPECIFIC_ERROR";
	case TEEIO_TDISP_ERR_INVALID_INTERFACE: return "INVALID_INTERFACE";
	case TEEIO_TDISP_ERR_INVALID_NONCE: return "INVALID_NONCE";
	case TEEIO_TDISP_ERR_INSUFFICIENT_ENTROPY: return "INSUFFICIENT_ENTROPY";
	case TEEIO_TDISP_ERR_INVALID_DEVICE_CONFIGURATION: return "INVALID_DEVICE_CONFIGURATION";
	default: return "?";
	}
}

const char *teeio_tdisp_state_name(uint8_t state)
{
	static const char *const names[TEEIO_TDISP_STATE_COUNT] = {"CONFIG_UNLOCKED",
								   "CONFIG_LOCKED", "RUN", "ERROR"};
	return state < TEEIO_TDISP_STATE_COUNT ? names[state] : "?";
}
