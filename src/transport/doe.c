/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PCIe DOE data objects (PCIe 6.30.1) and DOE discovery (6.30.1.1).
 *
 * Header DW0: vendor ID (15:0), data object type (23:16), reserved (31:24).
 * Header DW1: length in DWORDs including the header (17:0; 0 = 2^18),
 * reserved (31:18).  The payload is padded with zeros to a DWORD.  DWORDs
 * travel little-endian (the byte order of config-space data).
 */
#include "teeio/transport.h"

teeio_err teeio_doe_encode(struct teeio_buf *out, uint16_t vendor, uint8_t type,
			   const uint8_t *payload, size_t len)
{
	size_t padded = (len + 3u) & ~(size_t)3u;
	ENSURE(len <= TEEIO_DOE_MAX_BYTES - TEEIO_DOE_HDR_LEN, TEEIO_ERR_SIZE_LIMIT);
	ENSURE(teeio_buf_left(out) >= TEEIO_DOE_HDR_LEN + padded, TEEIO_ERR_SIZE);

	uint32_t dw = (uint32_t)((TEEIO_DOE_HDR_LEN + padded) / 4u);
	/* The maximum object is encoded as 0 (PCIe 6.30.1). */
	uint32_t len_field = dw == TEEIO_DOE_MAX_DW ? 0 : dw;

	TRY(teeio_buf_put_u16le(out, vendor));
	TRY(teeio_buf_put_u8(out, type));
	TRY(teeio_buf_put_u8(out, 0));
	TRY(teeio_buf_put_u32le(out, len_field));
	TRY(teeio_buf_put_bytes(out, payload, len));
	return teeio_buf_put_zero(out, padded - len);
}

teeio_err teeio_doe_hdr_decode(uint32_t dw0, uint32_t dw1, struct teeio_doe_hdr *hdr)
{
	ENSURE((dw0 >> 24) == 0, TEEIO_ERR_PROTO_RESERVED);
	ENSURE((dw1 & ~TEEIO_DOE_LEN_MASK) == 0, TEEIO_ERR_PROTO_RESERVED);
	uint32_t n = dw1 & TEEIO_DOE_LEN_MASK;
	if (n == 0)
		n = TEEIO_DOE_MAX_DW;
	/* An object always holds its own two header DWORDs. */
	ENSURE(n >= 2, TEEIO_ERR_PROTO);
	hdr->vendor = (uint16_t)dw0;
	hdr->type = (uint8_t)(dw0 >> 16);
	hdr->len_dw = n;
	return TEEIO_OK;
}

teeio_err teeio_doe_decode(const uint8_t *in, size_t len, struct teeio_doe_hdr *hdr,
			   const uint8_t **payload, size_t *payload_len)
{
	struct teeio_buf b = teeio_buf_reader(in, len);
	uint32_t dw0, dw1;
	struct teeio_doe_hdr h;
	TRY(teeio_buf_get_u32le(&b, &dw0));
	TRY(teeio_buf_get_u32le(&b, &dw1));
	TRY(teeio_doe_hdr_decode(dw0, dw1, &h));

	size_t want = (size_t)h.len_dw * 4u;
	ENSURE(len >= want, TEEIO_ERR_SIZE_TRUNCATED);
	ENSURE(len == want, TEEIO_ERR_SIZE_TRAILING);
	*hdr = h;
	*payload = in + TEEIO_DOE_HDR_LEN;
	*payload_len = want - TEEIO_DOE_HDR_LEN;
	return TEEIO_OK;
}

teeio_err teeio_doe_decode_expect(const uint8_t *in, size_t len, uint16_t vendor, uint8_t type,
				  const uint8_t **payload, size_t *payload_len)
{
	struct teeio_doe_hdr h;
	const uint8_t *p;
	size_t n;
	TRY(teeio_doe_decode(in, len, &h, &p, &n));
	ENSURE(h.vendor == vendor && h.type == type, TEEIO_ERR_PROTO_UNSUPPORTED);
	*payload = p;
	*payload_len = n;
	return TEEIO_OK;
}

/* ------------------------------------------------------------------------ */
/* Discovery.                                                               */

teeio_err teeio_doe_disc_req_encode(struct teeio_buf *out, uint8_t index, uint8_t version)
{
	/* Byte 0 index, byte 1 version (PCIe 6.1), bytes 2-3 reserved. */
	const uint8_t p[TEEIO_DOE_DISC_PAYLOAD_LEN] = {index, version, 0, 0};
	return teeio_doe_encode(out, TEEIO_DOE_VENDOR_PCISIG, TEEIO_DOE_TYPE_DISCOVERY, p,
				sizeof(p));
}

teeio_err teeio_doe_disc_req_decode(const uint8_t *in, size_t len, uint8_t *index, uint8_t *version)
{
	const uint8_t *p;
	size_t n;
	TRY(teeio_doe_decode_expect(in, len, TEEIO_DOE_VENDOR_PCISIG, TEEIO_DOE_TYPE_DISCOVERY, &p,
				    &n));
	struct teeio_buf b = teeio_buf_reader(p, n);
	uint8_t i, v;
	TRY(teeio_buf_get_u8(&b, &i));
	TRY(teeio_buf_get_u8(&b, &v));
	TRY(teeio_buf_expect_zero(&b, 2));
	TRY(teeio_buf_expect_end(&b));
	*index = i;
	*version = v;
	return TEEIO_OK;
}

teeio_err teeio_doe_disc_rsp_encode(struct teeio_buf *out, struct teeio_doe_prot prot,
				    uint8_t next_index)
{
	uint8_t p[TEEIO_DOE_DISC_PAYLOAD_LEN];
	teeio_store_u16le(p, prot.vendor);
	p[2] = prot.type;
	p[3] = next_index;
	return teeio_doe_encode(out, TEEIO_DOE_VENDOR_PCISIG, TEEIO_DOE_TYPE_DISCOVERY, p,
				sizeof(p));
}

teeio_err teeio_doe_disc_rsp_decode(const uint8_t *in, size_t len, struct teeio_doe_prot *prot,
				    uint8_t *next_index)
{
	const uint8_t *p;
	size_t n;
	TRY(teeio_doe_decode_expect(in, len, TEEIO_DOE_VENDOR_PCISIG, TEEIO_DOE_TYPE_DISCOVERY, &p,
				    &n));
	struct teeio_buf b = teeio_buf_reader(p, n);
	struct teeio_doe_prot pr;
	uint8_t next;
	TRY(teeio_buf_get_u16le(&b, &pr.vendor));
	TRY(teeio_buf_get_u8(&b, &pr.type));
	TRY(teeio_buf_get_u8(&b, &next));
	TRY(teeio_buf_expect_end(&b));
	*prot = pr;
	*next_index = next;
	return TEEIO_OK;
}

teeio_err teeio_doe_disc_respond(const struct teeio_doe_prot *table, size_t n, const uint8_t *req,
				 size_t len, struct teeio_buf *out)
{
	uint8_t index, version;
	TRY(teeio_doe_disc_req_decode(req, len, &index, &version));
	(void)version; /* one response format for every discovery version */
	/* assumption: an index past the last entry gets no discovery
	 * response; the caller fails the request (mailbox ERROR). */
	ENSURE(index < n, TEEIO_ERR_USAGE_NOT_FOUND);
	/* Next index 0 marks the last entry; the index field is 8 bits. */
	uint8_t next = (index + 1u < n && index + 1u <= 0xffu) ? (uint8_t)(index + 1u) : 0;
	return teeio_doe_disc_rsp_encode(out, table[index], next);
}
