/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DSP0277 secured-message version negotiation carried in the OpaqueData of
 * KEY_EXCHANGE / KEY_EXCHANGE_RSP.
 *
 * Container (DSP0274 1.3 "General opaque data format", SPDM 1.2+):
 *   TotalElements u8, Reserved u8[3], elements.
 * Container for SPDM 1.1 (OpaqueDataFmt0, DSP0277 "Secured Messages using
 * SPDM opaque data"): SpecID u32 = "DMTF" (0x444D5446), OpaqueVersion u8
 * = 1, TotalElements u8, Reserved u16, elements.
 * Element: ID u8 (0 = DMTF), VendorLen u8, VendorID, OpaqueElementDataLen
 *   u16, data, zero padding to a 4-byte boundary.
 * DMTF SM data: SMDataVersion u8 = 1, SMDataID u8 (0 = VersionSelection
 *   with SelectedVersion u16; 1 = SupportedVersionList with VersionCount u8
 *   and u16 entries).
 */
#include "wire.h"

static teeio_err put_container(struct teeio_buf *out, uint8_t spdm_version)
{
	if (spdm_version >= TEEIO_SPDM_V12) {
		TRY(teeio_buf_put_u8(out, 1)); /* TotalElements */
		return teeio_buf_put_zero(out, 3);
	}
	TRY(teeio_buf_put_u32le(out, SPDM_OPAQUE_SPEC_ID_DMTF));
	TRY(teeio_buf_put_u8(out, SPDM_OPAQUE_VERSION_1));
	TRY(teeio_buf_put_u8(out, 1));
	return teeio_buf_put_zero(out, 2);
}

/* Element header for `data_len` bytes of DMTF SM data; returns the number
 * of padding bytes to append after the data. */
static teeio_err put_elem_hdr(struct teeio_buf *out, size_t data_len, size_t *pad)
{
	TRY(teeio_buf_put_u8(out, SPDM_OPAQUE_ELEM_ID_DMTF));
	TRY(teeio_buf_put_u8(out, 0)); /* VendorLen */
	TRY(teeio_buf_put_u16le(out, (uint16_t)data_len));
	*pad = (4 - (data_len & 3)) & 3;
	return TEEIO_OK;
}

teeio_err teeio_spdm_opaque_versions_encode(struct teeio_buf *out, uint8_t spdm_version,
					    const uint16_t *versions, size_t n)
{
	size_t start = out->pos, pad;
	teeio_err rc;

	ENSURE(n >= 1 && n <= TEEIO_SPDM_SM_MAX_VERSIONS, TEEIO_ERR_USAGE);
	TRY_OUT(put_container(out, spdm_version));
	TRY_OUT(put_elem_hdr(out, 3 + 2 * n, &pad));
	TRY_OUT(teeio_buf_put_u8(out, SPDM_SM_DATA_VERSION));
	TRY_OUT(teeio_buf_put_u8(out, SPDM_SM_DATA_ID_SUPPORTED_VERSIONS));
	TRY_OUT(teeio_buf_put_u8(out, (uint8_t)n));
	for (size_t i = 0; i < n; i++)
		TRY_OUT(teeio_buf_put_u16le(out, versions[i]));
	TRY_OUT(teeio_buf_put_zero(out, pad));
	return TEEIO_OK;
out:
	out->pos = start;
	return rc;
}

teeio_err teeio_spdm_opaque_selection_encode(struct teeio_buf *out, uint8_t spdm_version,
					     uint16_t selected)
{
	size_t start = out->pos, pad;
	teeio_err rc;

	TRY_OUT(put_container(out, spdm_version));
	TRY_OUT(put_elem_hdr(out, 4, &pad));
	TRY_OUT(teeio_buf_put_u8(out, SPDM_SM_DATA_VERSION));
	TRY_OUT(teeio_buf_put_u8(out, SPDM_SM_DATA_ID_VERSION_SELECTION));
	TRY_OUT(teeio_buf_put_u16le(out, selected));
	TRY_OUT(teeio_buf_put_zero(out, pad));
	return TEEIO_OK;
out:
	out->pos = start;
	return rc;
}

/* Walk the container; on success *elem is a reader over the data of the
 * DMTF SM element whose SMDataID is `sm_id` (positioned after the ID). */
static teeio_err find_sm(const uint8_t *data, size_t len, uint8_t spdm_version, uint8_t sm_id,
			 struct teeio_buf *elem)
{
	struct teeio_buf b = teeio_buf_reader(data, len);
	uint8_t total;

	if (spdm_version >= TEEIO_SPDM_V12) {
		TRY(teeio_buf_get_u8(&b, &total));
		TRY(teeio_buf_expect_zero(&b, 3));
	} else {
		uint32_t spec;
		uint8_t ver;

		TRY(teeio_buf_get_u32le(&b, &spec));
		TRY(teeio_buf_get_u8(&b, &ver));
		ENSURE(spec == SPDM_OPAQUE_SPEC_ID_DMTF && ver == SPDM_OPAQUE_VERSION_1,
		       TEEIO_ERR_PROTO);
		TRY(teeio_buf_get_u8(&b, &total));
		TRY(teeio_buf_expect_zero(&b, 2));
	}
	ENSURE(total >= 1, TEEIO_ERR_PROTO);
	bool found = false;
	for (unsigned i = 0; i < total; i++) {
		uint8_t id, vlen;
		uint16_t dlen;
		const uint8_t *d;

		TRY(teeio_buf_get_u8(&b, &id));
		TRY(teeio_buf_get_u8(&b, &vlen));
		TRY(teeio_buf_skip(&b, vlen));
		TRY(teeio_buf_get_u16le(&b, &dlen));
		TRY(teeio_buf_get_ref(&b, &d, dlen));
		size_t elen = 2 + (size_t)vlen + 2 + dlen;
		TRY(teeio_buf_expect_zero(&b, (4 - (elen & 3)) & 3));
		if (found || id != SPDM_OPAQUE_ELEM_ID_DMTF || vlen != 0 || dlen < 2 ||
		    d[0] != SPDM_SM_DATA_VERSION || d[1] != sm_id)
			continue;
		*elem = teeio_buf_reader(d + 2, dlen - 2u);
		found = true;
	}
	TRY(teeio_buf_expect_end(&b));
	return found ? TEEIO_OK : TEEIO_ERR_USAGE_NOT_FOUND;
}

teeio_err teeio_spdm_opaque_versions_decode(const uint8_t *data, size_t len, uint8_t spdm_version,
					    uint16_t *versions, size_t cap, size_t *n)
{
	struct teeio_buf e;
	uint8_t count;

	TRY(find_sm(data, len, spdm_version, SPDM_SM_DATA_ID_SUPPORTED_VERSIONS, &e));
	TRY(teeio_buf_get_u8(&e, &count));
	ENSURE(count >= 1, TEEIO_ERR_PROTO);
	ENSURE(teeio_buf_left(&e) == 2u * count, TEEIO_ERR_PROTO);
	*n = 0;
	for (unsigned i = 0; i < count; i++) {
		uint16_t v;

		TRY(teeio_buf_get_u16le(&e, &v));
		if (*n < cap)
			versions[(*n)++] = v;
	}
	return TEEIO_OK;
}

teeio_err teeio_spdm_opaque_selection_decode(const uint8_t *data, size_t len, uint8_t spdm_version,
					     uint16_t *selected)
{
	struct teeio_buf e;

	TRY(find_sm(data, len, spdm_version, SPDM_SM_DATA_ID_VERSION_SELECTION, &e));
	TRY(teeio_buf_get_u16le(&e, selected));
	ENSURE(teeio_buf_left(&e) == 0, TEEIO_ERR_PROTO);
	return TEEIO_OK;
}
