/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The TLP model: encode and decode of non-Flit mode TLPs (memory read and
 * write, type 0 configuration read and write, completions), optionally led
 * by the IDE TLP Prefix and followed by the IDE PCRC and MAC trailers.
 *
 * Decoding goes through the bounded cursor and accepts only the canonical
 * form: reserved bits zero, Length consistent with the bytes present, 4DW
 * memory headers only for addresses above 4 GiB.  That makes
 * encode(decode(w)) == w for every accepted w, which the fuzz target checks.
 */
#include <string.h>

#include "tlp_codec.h"

enum teeio_ide_substream teeio_tlp_substream(enum teeio_tlp_type type)
{
	return ide_substream_of(type);
}

teeio_err ide_tlp_encode_head(const struct teeio_tlp *t, const struct teeio_ide_prefix *ide,
			      uint8_t *out, size_t cap, size_t *aad_len)
{
	return tlp_encode_head(t, ide, out, cap, aad_len);
}

teeio_err teeio_tlp_encode(const struct teeio_tlp *t, uint8_t *out, size_t cap, size_t *len)
{
	ENSURE(len, TEEIO_ERR_USAGE);
	size_t aad = 0;
	TRY(tlp_encode_head(t, t->has_ide ? &t->ide : NULL, out, cap, &aad));
	struct teeio_buf b = teeio_buf_writer(out, cap);
	b.pos = aad;
	TRY(teeio_buf_put_bytes(&b, t->payload, t->payload_len));
	if (t->has_ide && t->ide.p)
		TRY(teeio_buf_put_bytes(&b, t->pcrc, TEEIO_IDE_PCRC_LEN));
	if (t->has_ide && t->ide.m)
		TRY(teeio_buf_put_bytes(&b, t->mac, TEEIO_IDE_MAC_LEN));
	*len = b.pos;
	return TEEIO_OK;
}

teeio_err ide_tlp_decode_head(const uint8_t *wire, size_t len, struct teeio_tlp *t,
			      struct teeio_tlp_layout *lay)
{
	return tlp_decode_head(wire, len, t, lay);
}

teeio_err teeio_tlp_decode(const uint8_t *wire, size_t len, struct teeio_tlp *t,
			   struct teeio_tlp_layout *lay)
{
	struct teeio_tlp_layout l;
	TRY(tlp_decode_head(wire, len, t, &l));
	ENSURE(len >= l.total, TEEIO_ERR_SIZE_TRUNCATED);
	ENSURE(len == l.total, TEEIO_ERR_SIZE_TRAILING);
	t->payload = l.payload_len ? wire + l.payload_off : NULL;
	t->payload_len = l.payload_len;
	if (t->has_ide && t->ide.p)
		memcpy(t->pcrc, wire + l.payload_off + l.payload_len, TEEIO_IDE_PCRC_LEN);
	if (t->has_ide && t->ide.m)
		memcpy(t->mac, wire + l.mac_off, TEEIO_IDE_MAC_LEN);
	if (lay)
		*lay = l;
	return TEEIO_OK;
}
