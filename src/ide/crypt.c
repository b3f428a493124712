/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The IDE cryptographic rules: IV construction, what is authenticated and
 * what is encrypted, PCRC, and MAC aggregation.  PCIe Base 6.x section
 * 6.33.5 fixes AES-GCM with a 256-bit key and a 96-bit MAC, the TLP header
 * (with its prefixes) as additional authenticated data and the data payload
 * as plaintext; the exact layouts are members-only, so every inferred rule
 * is here or in ide_crypt.h (the IV and the AAD, inline for the per-TLP
 * data paths), marked `assumption:` and listed in docs/assumptions.md.
 *
 * Counters are never carried on the wire: each side keeps the invocation
 * field of every (direction, sub-stream, key set) slot, and a TLP that was
 * dropped, replayed, reordered or forged makes the receiver's IV (or the
 * AAD) differ from the sender's, so its MAC fails.  That is the strict
 * counter check.
 */
#include <string.h>

#include "ide_crypt.h"

/* The IV construction and the per-TLP seal and open are in ide_crypt.h
 * (inline for the data paths); these are their exported forms. */
void ide_iv(uint64_t counter, uint8_t iv[TEEIO_AEAD_IV_SIZE])
{
	ide_iv_of(counter, iv);
}

/*
 * assumption: KEY_PROG carries the IFV as two DWORDs; the first is the
 * upper and the second the lower half of the invocation field (public test
 * tools program {0, 1} for the conventional initial value 1).
 */
uint64_t ide_ifv(const uint32_t ifv[2])
{
	return (uint64_t)ifv[0] << 32 | ifv[1];
}

/*
 * assumption: PCRC is the IEEE 802.3 CRC-32 (reflected polynomial
 * 0xEDB88320, initial value and final XOR all ones) of the plaintext
 * payload, stored least significant byte first after the payload, and
 * encrypted together with it.  A nibble table keeps it small and const.
 */
static const uint32_t crc_nibble[16] = {
    0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
    0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c, 0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
};

void ide_pcrc(const uint8_t *data, size_t len, uint8_t out[TEEIO_IDE_PCRC_LEN])
{
	uint32_t crc = 0xffffffffu;
	for (size_t i = 0; i < len; i++) {
		crc ^= data[i];
		crc = (crc >> 4) ^ crc_nibble[crc & 0xf];
		crc = (crc >> 4) ^ crc_nibble[crc & 0xf];
	}
	teeio_store_u32le(out, ~crc);
}

teeio_err ide_seal_one(struct teeio_ide_key_slot *ks, const struct teeio_crypto_ops *ops,
		       uint8_t *wire, const struct teeio_tlp_layout *lay, const uint8_t *pt,
		       bool pcrc)
{
	return ide_seal_tlp(ks, ops, wire, lay, pt, pcrc);
}

bool ide_pcrc_ok(const uint8_t *data, const uint16_t *seg_len, size_t n)
{
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		size_t plen = seg_len[i] - TEEIO_IDE_PCRC_LEN;
		uint8_t want[TEEIO_IDE_PCRC_LEN];
		ide_pcrc(data, plen, want);
		ok &= teeio_ct_memeq(want, data + plen, TEEIO_IDE_PCRC_LEN);
		data += seg_len[i];
	}
	return ok;
}

teeio_err ide_open_one(struct teeio_ide_key_slot *ks, const struct teeio_crypto_ops *ops,
		       uint8_t *wire, const struct teeio_tlp_layout *lay, bool pcrc,
		       enum teeio_ide_fail *why)
{
	return ide_open_tlp(ks, ops, wire, lay, pcrc, why);
}

/*
 * assumption: an aggregated group of up to 8 TLPs of one sub-stream and key
 * set is one AES-GCM invocation: the AAD is the concatenation of every
 * member's prefix and header, the plaintext the concatenation of every
 * member's payload (and PCRC), in transmission order; the one MAC travels
 * after the last member, the only one with M set.  The ciphertext of each
 * member is its slice of the group's ciphertext.
 */
teeio_err ide_seal_group(struct teeio_ide_key_slot *ks, const struct teeio_crypto_ops *ops,
			 struct teeio_ide_agg *agg, uint8_t mac[TEEIO_IDE_MAC_LEN])
{
	uint8_t iv[TEEIO_AEAD_IV_SIZE];
	TRY(ide_next_iv(ks, iv));
	TRY(ops->aead_seal(&ks->aead, iv, agg->aad, agg->aad_used, agg->data, agg->data_used,
			   agg->data, mac, TEEIO_IDE_MAC_LEN));
	ks->counter++;
	return TEEIO_OK;
}

teeio_err ide_open_group(struct teeio_ide_key_slot *ks, const struct teeio_crypto_ops *ops,
			 struct teeio_ide_agg *agg, const uint8_t mac[TEEIO_IDE_MAC_LEN], bool pcrc,
			 enum teeio_ide_fail *why)
{
	uint8_t iv[TEEIO_AEAD_IV_SIZE];
	*why = TEEIO_IDE_FAIL_MAC;
	TRY(ide_next_iv(ks, iv));
	teeio_err rc = ops->aead_open(&ks->aead, iv, agg->aad, agg->aad_used, agg->data,
				      agg->data_used, mac, TEEIO_IDE_MAC_LEN, agg->data);
	if (rc != TEEIO_OK)
		return rc == TEEIO_ERR_CRYPTO_VERIFY ? rc : TEEIO_ERR_CRYPTO;
	ks->counter++;
	if (pcrc && !ide_pcrc_ok(agg->data, agg->data_len, agg->n)) {
		teeio_wipe(agg->data, agg->data_used);
		*why = TEEIO_IDE_FAIL_PCRC;
		return TEEIO_ERR_CRYPTO_VERIFY;
	}
	return TEEIO_OK;
}
