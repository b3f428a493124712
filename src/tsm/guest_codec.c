/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The guest<->TSM channel wire format (layout in teeio/tsm.h): the clear
 * header and the request/response bodies.  teeio's own ABI, not a
 * standard's: every reserved field must be zero, every length must agree
 * with the bytes present, and every body is decoded through the cursor.
 */
#include <string.h>

#include "tsm_internal.h"

/* Short response: Status u16, Reserved u16, TdiState u8, Reserved[3]. */
#define GRSP_SHORT_LEN 8
/* One MMIO entry of GET_REPORT: Gpa, Hpa, Pages, RangeId, Reserved. */
#define GRSP_MMIO_LEN 24

teeio_err teeio_tsm_ghdr_encode(const struct teeio_tsm_ghdr *h, struct teeio_buf *b)
{
	struct teeio_buf w = *b;

	TRY(teeio_buf_put_u8(&w, h->version));
	TRY(teeio_buf_put_u8(&w, h->type));
	TRY(teeio_buf_put_u16le(&w, 0));
	TRY(teeio_buf_put_u32le(&w, h->function_id));
	TRY(teeio_buf_put_u64le(&w, h->seq));
	TRY(teeio_buf_put_u32le(&w, h->payload_len));
	TRY(teeio_buf_put_u32le(&w, 0));
	*b = w;
	return TEEIO_OK;
}

teeio_err teeio_tsm_ghdr_decode(const uint8_t *msg, size_t len, struct teeio_tsm_ghdr *h)
{
	struct teeio_buf r = teeio_buf_reader(msg, len);
	struct teeio_tsm_ghdr v = {0};

	ENSURE(msg || len == 0, TEEIO_ERR_USAGE);
	ENSURE(len <= TEEIO_TSM_GMSG_MAX, TEEIO_ERR_SIZE_LIMIT);
	TRY(teeio_buf_get_u8(&r, &v.version));
	ENSURE(v.version == TEEIO_TSM_GMSG_VERSION, TEEIO_ERR_PROTO_VERSION);
	TRY(teeio_buf_get_u8(&r, &v.type));
	TRY(teeio_buf_expect_zero(&r, 2));
	TRY(teeio_buf_get_u32le(&r, &v.function_id));
	TRY(teeio_buf_get_u64le(&r, &v.seq));
	TRY(teeio_buf_get_u32le(&r, &v.payload_len));
	TRY(teeio_buf_expect_zero(&r, 4));
	ENSURE(v.payload_len <= TEEIO_TSM_GBODY_MAX, TEEIO_ERR_SIZE_LIMIT);
	ENSURE(teeio_buf_left(&r) >= (size_t)v.payload_len + TEEIO_TSM_GMSG_TAG_LEN,
	       TEEIO_ERR_SIZE_TRUNCATED);
	ENSURE(teeio_buf_left(&r) == (size_t)v.payload_len + TEEIO_TSM_GMSG_TAG_LEN,
	       TEEIO_ERR_SIZE_TRAILING);
	*h = v;
	return TEEIO_OK;
}

teeio_err teeio_tsm_greq_encode(const struct teeio_tsm_greq *q, struct teeio_buf *b)
{
	struct teeio_buf w = *b;

	switch (q->type) {
	case TEEIO_TSM_GREQ_GET_REPORT:
		ENSURE((q->u.get_report_flags & ~TEEIO_TSM_GR_FLAGS_ALL) == 0, TEEIO_ERR_USAGE);
		TRY(teeio_buf_put_u8(&w, q->u.get_report_flags));
		TRY(teeio_buf_put_zero(&w, 3));
		break;
	case TEEIO_TSM_GREQ_VALIDATE_MMIO:
		TRY(teeio_buf_put_u64le(&w, q->u.validate.gpa));
		TRY(teeio_buf_put_u32le(&w, q->u.validate.pages));
		TRY(teeio_buf_put_u32le(&w, 0));
		break;
	case TEEIO_TSM_GREQ_ACCEPT:
	case TEEIO_TSM_GREQ_STOP: TRY(teeio_buf_put_zero(&w, 4)); break;
	default:
		ENSURE(q->type >= TEEIO_TSM_GREQ_VENDOR_FIRST &&
			   q->type <= TEEIO_TSM_GREQ_VENDOR_LAST,
		       TEEIO_ERR_USAGE);
		TRY(teeio_buf_put_bytes(&w, q->u.vendor.data, q->u.vendor.len));
		break;
	}
	*b = w;
	return TEEIO_OK;
}

teeio_err teeio_tsm_greq_decode(uint8_t type, const uint8_t *body, size_t len,
				struct teeio_tsm_greq *q)
{
	struct teeio_buf r = teeio_buf_reader(body, len);
	struct teeio_tsm_greq v;

	ENSURE(body || len == 0, TEEIO_ERR_USAGE);
	memset(&v, 0, sizeof(v));
	v.type = type;
	switch (type) {
	case TEEIO_TSM_GREQ_GET_REPORT:
		TRY(teeio_buf_get_u8(&r, &v.u.get_report_flags));
		ENSURE((v.u.get_report_flags & ~TEEIO_TSM_GR_FLAGS_ALL) == 0,
		       TEEIO_ERR_PROTO_RESERVED);
		TRY(teeio_buf_expect_zero(&r, 3));
		break;
	case TEEIO_TSM_GREQ_VALIDATE_MMIO:
		TRY(teeio_buf_get_u64le(&r, &v.u.validate.gpa));
		TRY(teeio_buf_get_u32le(&r, &v.u.validate.pages));
		TRY(teeio_buf_expect_zero(&r, 4));
		ENSURE(v.u.validate.pages != 0, TEEIO_ERR_PROTO);
		break;
	case TEEIO_TSM_GREQ_ACCEPT:
	case TEEIO_TSM_GREQ_STOP: TRY(teeio_buf_expect_zero(&r, 4)); break;
	default:
		ENSURE(type >= TEEIO_TSM_GREQ_VENDOR_FIRST && type <= TEEIO_TSM_GREQ_VENDOR_LAST,
		       TEEIO_ERR_PROTO_UNSUPPORTED);
		v.u.vendor.data = body;
		v.u.vendor.len = len;
		*q = v;
		return TEEIO_OK;
	}
	TRY(teeio_buf_expect_end(&r));
	*q = v;
	return TEEIO_OK;
}

/* A u32-length-prefixed blob. */
static teeio_err put_blob(struct teeio_buf *w, const uint8_t *p, uint32_t len)
{
	TRY(teeio_buf_put_u32le(w, len));
	return teeio_buf_put_bytes(w, p, len);
}

static teeio_err get_blob(struct teeio_buf *r, const uint8_t **p, uint32_t *len)
{
	TRY(teeio_buf_get_u32le(r, len));
	return teeio_buf_get_ref(r, p, *len);
}

static bool is_report_ok(const struct teeio_tsm_grsp *s)
{
	return s->type == (TEEIO_TSM_GREQ_GET_REPORT | TEEIO_TSM_GRSP_FLAG) &&
	       s->status == TEEIO_TSM_GSTATUS_OK;
}

static bool is_vendor(uint8_t rsp_type)
{
	uint8_t q = (uint8_t)(rsp_type & ~TEEIO_TSM_GRSP_FLAG);
	return q >= TEEIO_TSM_GREQ_VENDOR_FIRST && q <= TEEIO_TSM_GREQ_VENDOR_LAST;
}

teeio_err teeio_tsm_grsp_encode(const struct teeio_tsm_grsp *s, struct teeio_buf *b)
{
	struct teeio_buf w = *b;

	ENSURE(s->type & TEEIO_TSM_GRSP_FLAG, TEEIO_ERR_USAGE);
	ENSURE(s->status < TEEIO_TSM_GSTATUS_COUNT, TEEIO_ERR_USAGE);
	TRY(teeio_buf_put_u16le(&w, s->status));
	if (!is_report_ok(s)) {
		TRY(teeio_buf_put_u16le(&w, 0));
		TRY(teeio_buf_put_u8(&w, s->tdi_state));
		TRY(teeio_buf_put_zero(&w, 3));
		if (s->status == TEEIO_TSM_GSTATUS_OK && is_vendor(s->type))
			TRY(teeio_buf_put_bytes(&w, s->vendor, s->vendor_len));
		*b = w;
		return TEEIO_OK;
	}
	ENSURE(s->digest_len <= TEEIO_HASH_MAX && s->n_mmio <= TEEIO_TSM_TDI_MMIO_MAX,
	       TEEIO_ERR_USAGE);
	TRY(teeio_buf_put_u8(&w, s->meas_hash_alg));
	TRY(teeio_buf_put_u8(&w, 0));
	TRY(teeio_buf_put_u8(&w, s->tdi_state));
	TRY(teeio_buf_put_u8(&w, s->hash_alg));
	TRY(teeio_buf_put_u8(&w, s->digest_len));
	TRY(teeio_buf_put_u8(&w, s->n_mmio));
	TRY(teeio_buf_put_u8(&w, s->spdm_version));
	TRY(teeio_buf_put_u8(&w, s->asym_alg));
	TRY(teeio_buf_put_u8(&w, s->dhe_alg));
	TRY(teeio_buf_put_u8(&w, s->aead_alg));
	TRY(teeio_buf_put_bytes(&w, s->chain_digest, s->digest_len));
	TRY(teeio_buf_put_u64le(&w, s->mmio_reporting_offset));
	for (unsigned i = 0; i < s->n_mmio; i++) {
		TRY(teeio_buf_put_u64le(&w, s->mmio[i].gpa));
		TRY(teeio_buf_put_u64le(&w, s->mmio[i].hpa));
		TRY(teeio_buf_put_u32le(&w, s->mmio[i].pages));
		TRY(teeio_buf_put_u16le(&w, s->mmio[i].range_id));
		TRY(teeio_buf_put_u16le(&w, 0));
	}
	TRY(put_blob(&w, s->report, s->report_len));
	TRY(put_blob(&w, s->meas, s->meas_len));
	TRY(put_blob(&w, s->chain, s->chain_len));
	*b = w;
	return TEEIO_OK;
}

/* SpdmVersion and the session's algorithms: either all unknown (0), or a
 * 1.x version (DSP0274 SPDMVersion: major in the high nibble) with each
 * algorithm one the crypto layer names. */
static teeio_err decode_spdm(struct teeio_buf *r, struct teeio_tsm_grsp *v)
{
	TRY(teeio_buf_get_u8(r, &v->spdm_version));
	TRY(teeio_buf_get_u8(r, &v->asym_alg));
	TRY(teeio_buf_get_u8(r, &v->dhe_alg));
	TRY(teeio_buf_get_u8(r, &v->aead_alg));
	if (v->spdm_version == 0) {
		ENSURE(v->asym_alg == 0 && v->dhe_alg == 0 && v->aead_alg == 0,
		       TEEIO_ERR_PROTO_RESERVED);
		return TEEIO_OK;
	}
	ENSURE((v->spdm_version >> 4) == 1, TEEIO_ERR_PROTO);
	ENSURE(v->asym_alg >= TEEIO_SIG_ECDSA_P256 && v->asym_alg <= TEEIO_SIG_ED448,
	       TEEIO_ERR_PROTO);
	ENSURE(v->dhe_alg >= TEEIO_DHE_SECP256R1 && v->dhe_alg <= TEEIO_DHE_SECP521R1,
	       TEEIO_ERR_PROTO);
	ENSURE(v->aead_alg >= TEEIO_AEAD_AES128_GCM && v->aead_alg <= TEEIO_AEAD_CHACHA20_POLY1305,
	       TEEIO_ERR_PROTO);
	return TEEIO_OK;
}

static teeio_err decode_report(struct teeio_buf *r, struct teeio_tsm_grsp *v)
{
	TRY(teeio_buf_get_u8(r, &v->hash_alg));
	TRY(teeio_buf_get_u8(r, &v->digest_len));
	TRY(teeio_buf_get_u8(r, &v->n_mmio));
	ENSURE(v->hash_alg <= TEEIO_HASH_SHA512, TEEIO_ERR_PROTO);
	ENSURE(v->digest_len <= TEEIO_HASH_MAX, TEEIO_ERR_PROTO);
	ENSURE(v->n_mmio <= TEEIO_TSM_TDI_MMIO_MAX, TEEIO_ERR_PROTO);
	TRY(decode_spdm(r, v));
	TRY(teeio_buf_get_ref(r, &v->chain_digest, v->digest_len));
	TRY(teeio_buf_get_u64le(r, &v->mmio_reporting_offset));
	for (unsigned i = 0; i < v->n_mmio; i++) {
		struct teeio_tsm_mmio_map *m = &v->mmio[i];
		TRY(teeio_buf_get_u64le(r, &m->gpa));
		TRY(teeio_buf_get_u64le(r, &m->hpa));
		TRY(teeio_buf_get_u32le(r, &m->pages));
		TRY(teeio_buf_get_u16le(r, &m->range_id));
		TRY(teeio_buf_expect_zero(r, 2));
		ENSURE(m->pages != 0, TEEIO_ERR_PROTO);
	}
	TRY(get_blob(r, &v->report, &v->report_len));
	TRY(get_blob(r, &v->meas, &v->meas_len));
	return get_blob(r, &v->chain, &v->chain_len);
}

teeio_err teeio_tsm_grsp_decode(uint8_t type, const uint8_t *body, size_t len,
				struct teeio_tsm_grsp *s)
{
	struct teeio_buf r = teeio_buf_reader(body, len);
	struct teeio_tsm_grsp v;
	uint8_t q = (uint8_t)(type & ~TEEIO_TSM_GRSP_FLAG);

	ENSURE(body || len == 0, TEEIO_ERR_USAGE);
	ENSURE(type & TEEIO_TSM_GRSP_FLAG, TEEIO_ERR_PROTO);
	ENSURE((q >= TEEIO_TSM_GREQ_GET_REPORT && q <= TEEIO_TSM_GREQ_STOP) || is_vendor(type),
	       TEEIO_ERR_PROTO_UNSUPPORTED);
	memset(&v, 0, sizeof(v));
	v.type = type;
	TRY(teeio_buf_get_u16le(&r, &v.status));
	ENSURE(v.status < TEEIO_TSM_GSTATUS_COUNT, TEEIO_ERR_PROTO);
	if (is_report_ok(&v)) {
		TRY(teeio_buf_get_u8(&r, &v.meas_hash_alg));
		ENSURE(v.meas_hash_alg <= TEEIO_HASH_SHA512, TEEIO_ERR_PROTO);
		TRY(teeio_buf_expect_zero(&r, 1));
	} else {
		TRY(teeio_buf_expect_zero(&r, 2));
	}
	TRY(teeio_buf_get_u8(&r, &v.tdi_state));
	ENSURE(v.tdi_state < TEEIO_TSM_TDI_STATE_COUNT, TEEIO_ERR_PROTO);
	if (is_report_ok(&v)) {
		TRY(decode_report(&r, &v));
	} else {
		TRY(teeio_buf_expect_zero(&r, 3));
		if (v.status == TEEIO_TSM_GSTATUS_OK && is_vendor(type)) {
			v.vendor = teeio_buf_cur(&r);
			v.vendor_len = teeio_buf_left(&r);
			TRY(teeio_buf_skip(&r, v.vendor_len));
		}
	}
	TRY(teeio_buf_expect_end(&r));
	*s = v;
	return TEEIO_OK;
}
