/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal interfaces between the files of src/ide/. */
#ifndef TEEIO_IDE_INTERNAL_H
#define TEEIO_IDE_INTERNAL_H

#include "teeio/ide.h"

/* ---- tlp.c ---- */

/*
 * Encode the IDE prefix `ide` (NULL: none; t->has_ide and t->ide are not
 * looked at) and the header of t into out; *aad_len receives their length.
 * The payload length is checked against t->length_dw but not written.
 */
TEEIO_MUST_CHECK teeio_err ide_tlp_encode_head(const struct teeio_tlp *t,
					       const struct teeio_ide_prefix *ide, uint8_t *out,
					       size_t cap, size_t *aad_len);
/*
 * Decode the prefix and header at the start of `len` bytes and compute the
 * layout the whole TLP must have (lay->total may exceed len).  Leaves
 * t->payload NULL and the trailers zero.
 */
TEEIO_MUST_CHECK teeio_err ide_tlp_decode_head(const uint8_t *wire, size_t len, struct teeio_tlp *t,
					       struct teeio_tlp_layout *lay);

/* ---- crypt.c: the IDE cryptographic rules (all assumptions here) ---- */

/* The 96-bit AES-GCM IV of invocation `counter`. */
void ide_iv(uint64_t counter, uint8_t iv[TEEIO_AEAD_IV_SIZE]);
/* The 64-bit invocation field initial value from the two KEY_PROG IFV DWORDs. */
uint64_t ide_ifv(const uint32_t ifv[2]);
/* PCRC of `len` plaintext bytes, as carried (4 bytes). */
void ide_pcrc(const uint8_t *data, size_t len, uint8_t out[TEEIO_IDE_PCRC_LEN]);
/* One TLP: seal pt (payload_len) into wire+lay->payload_off; with P the
 * PCRC is appended and encrypted with it; the MAC goes to mac_off. */
TEEIO_MUST_CHECK teeio_err ide_seal_one(struct teeio_ide_key_slot *ks,
					const struct teeio_crypto_ops *ops, uint8_t *wire,
					const struct teeio_tlp_layout *lay, const uint8_t *pt,
					bool pcrc);
/* One TLP: open in place; on failure the payload is wiped. */
TEEIO_MUST_CHECK teeio_err ide_open_one(struct teeio_ide_key_slot *ks,
					const struct teeio_crypto_ops *ops, uint8_t *wire,
					const struct teeio_tlp_layout *lay, bool pcrc,
					enum teeio_ide_fail *why);
/* A group: seal agg->data in place, MAC to mac. */
TEEIO_MUST_CHECK teeio_err ide_seal_group(struct teeio_ide_key_slot *ks,
					  const struct teeio_crypto_ops *ops,
					  struct teeio_ide_agg *agg,
					  uint8_t mac[TEEIO_IDE_MAC_LEN]);
/* A group: open agg->data in place against mac; PCRCs checked when pcrc. */
TEEIO_MUST_CHECK teeio_err ide_open_group(struct teeio_ide_key_slot *ks,
					  const struct teeio_crypto_ops *ops,
					  struct teeio_ide_agg *agg,
					  const uint8_t mac[TEEIO_IDE_MAC_LEN], bool pcrc,
					  enum teeio_ide_fail *why);

/* ---- stream.c ---- */

/* Take the stream Insecure: wipe keys, raise the event. */
void ide_stream_fail(struct teeio_ide_stream *s, enum teeio_ide_fail why, uint8_t ss,
		     uint8_t key_set);
/* Drop an aggregation group's contents. */
void ide_agg_reset(struct teeio_ide_agg *agg);

#endif
