/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The per-TLP half of the IDE cryptographic rules: the IV of an invocation
 * and the seal / open of one TLP that carries its own MAC.  crypt.c holds
 * the rest (PCRC, IFV, aggregated groups) and the exported forms tests
 * call.
 *
 * These are static inline because each data path runs them once per TLP.
 * As out-of-line calls (from tx.c / rx.c into crypt.c, never inlined in a
 * -fPIC library) they cost a stack frame and a re-marshalling of nine
 * arguments on every TLP: about 40 instructions each way under callgrind,
 * which is a tenth of the engine's own cost at a 256-byte payload.
 */
#ifndef TEEIO_IDE_CRYPT_H
#define TEEIO_IDE_CRYPT_H

#include <string.h>

#include "ide_internal.h"

/*
 * assumption: the 96-bit IV is a 32-bit fixed field of zero followed by the
 * 64-bit invocation field, big-endian (the NIST SP 800-38D 8.2.1
 * deterministic construction).  The invocation field starts at the value
 * programmed with the key (IDE_KM KEY_PROG IFV) and advances by one per
 * AES-GCM invocation, i.e. per MAC: per TLP, or per aggregated group.
 */
static inline void ide_iv_of(uint64_t counter, uint8_t iv[TEEIO_AEAD_IV_SIZE])
{
	teeio_store_u32be(iv, 0);
	teeio_store_u32be(iv + 4, (uint32_t)(counter >> 32));
	teeio_store_u32be(iv + 8, (uint32_t)counter);
}

/* Take the next invocation of a slot; refuses to wrap (a wrapped counter
 * would reuse an IV: the stream must be re-keyed first).  The counter
 * advances only once the invocation succeeded. */
static inline teeio_err ide_next_iv(const struct teeio_ide_key_slot *ks,
				    uint8_t iv[TEEIO_AEAD_IV_SIZE])
{
	ENSURE(ks->programmed && ks->counter != UINT64_MAX, TEEIO_ERR_STATE);
	ide_iv_of(ks->counter, iv);
	return TEEIO_OK;
}

/* See ide_seal_one (ide_internal.h). */
static inline teeio_err ide_seal_tlp(struct teeio_ide_key_slot *ks,
				     const struct teeio_crypto_ops *ops, uint8_t *wire,
				     const struct teeio_tlp_layout *lay, const uint8_t *pt,
				     bool pcrc)
{
	uint8_t iv[TEEIO_AEAD_IV_SIZE];
	TRY(ide_next_iv(ks, iv));
	uint8_t *ct = wire + lay->payload_off;
	if (pcrc) {
		/* Payload and PCRC are one plaintext: gather them, then seal in place. */
		if (lay->payload_len)
			memmove(ct, pt, lay->payload_len);
		ide_pcrc(ct, lay->payload_len, ct + lay->payload_len);
		pt = ct;
	}
	/* assumption: the AAD is the IDE TLP Prefix and the header exactly as
	 * transmitted; no header bit is excluded as mutable in transit. */
	TRY(ops->aead_seal(&ks->aead, iv, wire, lay->aad_len, pt, lay->enc_len, ct,
			   wire + lay->mac_off, TEEIO_IDE_MAC_LEN));
	ks->counter++;
	return TEEIO_OK;
}

/* See ide_open_one (ide_internal.h). */
static inline teeio_err ide_open_tlp(struct teeio_ide_key_slot *ks,
				     const struct teeio_crypto_ops *ops, uint8_t *wire,
				     const struct teeio_tlp_layout *lay, bool pcrc,
				     enum teeio_ide_fail *why)
{
	uint8_t iv[TEEIO_AEAD_IV_SIZE];
	*why = TEEIO_IDE_FAIL_MAC;
	TRY(ide_next_iv(ks, iv));
	uint8_t *ct = wire + lay->payload_off;
	teeio_err rc = ops->aead_open(&ks->aead, iv, wire, lay->aad_len, ct, lay->enc_len,
				      wire + lay->mac_off, TEEIO_IDE_MAC_LEN, ct);
	if (rc != TEEIO_OK)
		return rc == TEEIO_ERR_CRYPTO_VERIFY ? rc : TEEIO_ERR_CRYPTO;
	ks->counter++;
	uint16_t seg = (uint16_t)lay->enc_len;
	if (pcrc && !ide_pcrc_ok(ct, &seg, 1)) {
		teeio_wipe(ct, lay->enc_len);
		*why = TEEIO_IDE_FAIL_PCRC;
		return TEEIO_ERR_CRYPTO_VERIFY;
	}
	return TEEIO_OK;
}

#endif
