/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DMTF measurement blocks (DSP0274 1.3, 10.11.1 "Measurement block"):
 *   Index u8, MeasurementSpecification u8 (bit 0 = DMTF),
 *   MeasurementSize u16, then the DMTF measurement:
 *   DMTFSpecMeasurementValueType u8 (bit 7 raw bit stream, 6:0 type),
 *   DMTFSpecMeasurementValueSize u16, value.
 */
#include "wire.h"

teeio_err teeio_spdm_meas_block_encode(struct teeio_buf *out, const struct teeio_spdm_meas_block *b)
{
	size_t start = out->pos;
	size_t need = SPDM_MEAS_BLOCK_HDR + SPDM_MEAS_DMTF_HDR + (size_t)b->len;
	teeio_err rc;

	ENSURE(b->index != 0, TEEIO_ERR_USAGE);
	ENSURE((b->type & ~SPDM_MEAS_TYPE_MASK) == 0, TEEIO_ERR_USAGE);
	ENSURE(b->len <= 0xFFFF - SPDM_MEAS_DMTF_HDR, TEEIO_ERR_USAGE);
	ENSURE(teeio_buf_left(out) >= need, TEEIO_ERR_SIZE);
	TRY_OUT(teeio_buf_put_u8(out, b->index));
	TRY_OUT(teeio_buf_put_u8(out, SPDM_MEAS_SPEC_DMTF));
	TRY_OUT(teeio_buf_put_u16le(out, (uint16_t)(SPDM_MEAS_DMTF_HDR + b->len)));
	TRY_OUT(teeio_buf_put_u8(out, (uint8_t)(b->type | (b->raw ? SPDM_MEAS_TYPE_RAW : 0))));
	TRY_OUT(teeio_buf_put_u16le(out, b->len));
	TRY_OUT(teeio_buf_put_bytes(out, b->value, b->len));
	return TEEIO_OK;
out:
	out->pos = start;
	return rc;
}

teeio_err teeio_spdm_meas_block_decode(struct teeio_buf *in, struct teeio_spdm_meas_block *b)
{
	size_t start = in->pos;
	uint8_t index, spec, type;
	uint16_t size, vsize;
	teeio_err rc;

	TRY_OUT(teeio_buf_get_u8(in, &index));
	TRY_OUT(teeio_buf_get_u8(in, &spec));
	TRY_OUT(teeio_buf_get_u16le(in, &size));
	ENSURE_OUT(index != 0, TEEIO_ERR_PROTO_RESERVED);
	ENSURE_OUT(spec == SPDM_MEAS_SPEC_DMTF, TEEIO_ERR_PROTO);
	ENSURE_OUT(size >= SPDM_MEAS_DMTF_HDR, TEEIO_ERR_PROTO);
	TRY_OUT(teeio_buf_get_u8(in, &type));
	TRY_OUT(teeio_buf_get_u16le(in, &vsize));
	ENSURE_OUT((size_t)vsize + SPDM_MEAS_DMTF_HDR == size, TEEIO_ERR_PROTO);
	TRY_OUT(teeio_buf_get_ref(in, &b->value, vsize));
	b->index = index;
	b->type = type & SPDM_MEAS_TYPE_MASK;
	b->raw = (type & SPDM_MEAS_TYPE_RAW) != 0;
	b->len = vsize;
	return TEEIO_OK;
out:
	in->pos = start;
	return rc;
}
