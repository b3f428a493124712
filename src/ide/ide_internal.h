/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal interfaces between the files of src/ide/. */
#ifndef TEEIO_IDE_INTERNAL_H
#define TEEIO_IDE_INTERNAL_H

#include "teeio/ide.h"

/*
 * Keeps the aggregation branches of the data paths (tx_grouped, rx_grouped)
 * out of line, so that the single-TLP path is compiled on its own: inlined,
 * they made the compiler keep the hot path's TLP layout in memory (its
 * address escapes there) and compute the group's byte count for every TLP,
 * about 15 instructions per TLP under callgrind.
 */
#if defined(__GNUC__)
#define IDE_NOINLINE __attribute__((noinline))
#else
#define IDE_NOINLINE
#endif

/*
 * PR_Sent_Counter bookkeeping (the rule is in tx.c, "assumption:"): cnt[0]
 * counts the PR TLPs since the last NPR TLP, cnt[1] since the last CPL TLP.
 * ide_pr_value is what a TLP of sub-stream ss carries (PR TLPs carry 0);
 * ide_pr_advance accounts for that TLP once it is committed.  Split in two
 * so each data path reads the counts, and writes them back only after
 * success, without copying the pair.
 */
static inline uint8_t ide_pr_value(const uint8_t cnt[2], unsigned ss)
{
	return ss == TEEIO_IDE_SS_PR ? 0 : cnt[ss == TEEIO_IDE_SS_NPR ? 0 : 1];
}

static inline void ide_pr_advance(uint8_t cnt[2], unsigned ss)
{
	if (ss == TEEIO_IDE_SS_PR) {
		cnt[0]++;
		cnt[1]++;
	} else {
		cnt[ss == TEEIO_IDE_SS_NPR ? 0 : 1] = 0;
	}
}

/* ---- tlp.c ---- */

/*
 * The sub-stream of a TLP type (teeio_tlp_substream is the exported form).
 * Inline because both data paths need it for every TLP, and an exported
 * function of a -fPIC library is never inlined, even within its own file.
 */
static inline enum teeio_ide_substream ide_substream_of(enum teeio_tlp_type type)
{
	switch (type) {
	case TEEIO_TLP_MWR: return TEEIO_IDE_SS_PR;
	case TEEIO_TLP_CPL:
	case TEEIO_TLP_CPLD: return TEEIO_IDE_SS_CPL;
	case TEEIO_TLP_MRD:
	case TEEIO_TLP_CFGRD0:
	case TEEIO_TLP_CFGWR0: break;
	}
	return TEEIO_IDE_SS_NPR; /* out-of-model values too */
}

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

/* ---- crypt.c (and ide_crypt.h, its per-TLP inline half): the IDE
 * cryptographic rules (all assumptions there) ---- */

/* The 96-bit AES-GCM IV of invocation `counter`. */
void ide_iv(uint64_t counter, uint8_t iv[TEEIO_AEAD_IV_SIZE]);
/* The 64-bit invocation field initial value from the two KEY_PROG IFV DWORDs. */
uint64_t ide_ifv(const uint32_t ifv[2]);
/* PCRC of `len` plaintext bytes, as carried (4 bytes). */
void ide_pcrc(const uint8_t *data, size_t len, uint8_t out[TEEIO_IDE_PCRC_LEN]);
/* PCRCs of `n` consecutive (payload || PCRC) segments of the given lengths,
 * in constant time per segment.  false on any mismatch. */
bool ide_pcrc_ok(const uint8_t *data, const uint16_t *seg_len, size_t n);
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
