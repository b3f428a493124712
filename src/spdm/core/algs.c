/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Algorithm bits of NEGOTIATE_ALGORITHMS/ALGORITHMS (DSP0274 1.3, 10.5)
 * mapped onto the crypto layer's enums, and selection by priority list.
 * Tables are indexed by the enum, so a lookup is one array read.
 */
#include "wire.h"

static const uint32_t asym_bits[] = {
    [TEEIO_SIG_ECDSA_P256] = SPDM_ASYM_ECDSA_P256,
    [TEEIO_SIG_ECDSA_P384] = SPDM_ASYM_ECDSA_P384,
    [TEEIO_SIG_ECDSA_P521] = SPDM_ASYM_ECDSA_P521,
    [TEEIO_SIG_RSASSA_2048] = SPDM_ASYM_RSASSA_2048,
    [TEEIO_SIG_RSASSA_3072] = SPDM_ASYM_RSASSA_3072,
    [TEEIO_SIG_RSASSA_4096] = SPDM_ASYM_RSASSA_4096,
    [TEEIO_SIG_RSAPSS_2048] = SPDM_ASYM_RSAPSS_2048,
    [TEEIO_SIG_RSAPSS_3072] = SPDM_ASYM_RSAPSS_3072,
    [TEEIO_SIG_RSAPSS_4096] = SPDM_ASYM_RSAPSS_4096,
    [TEEIO_SIG_ED25519] = SPDM_ASYM_ED25519,
    [TEEIO_SIG_ED448] = SPDM_ASYM_ED448,
};
static const uint32_t hash_bits[] = {
    [TEEIO_HASH_SHA256] = SPDM_HASH_SHA256,
    [TEEIO_HASH_SHA384] = SPDM_HASH_SHA384,
    [TEEIO_HASH_SHA512] = SPDM_HASH_SHA512,
};
static const uint32_t meas_hash_bits[] = {
    [TEEIO_HASH_SHA256] = SPDM_MEAS_HASH_SHA256,
    [TEEIO_HASH_SHA384] = SPDM_MEAS_HASH_SHA384,
    [TEEIO_HASH_SHA512] = SPDM_MEAS_HASH_SHA512,
};
static const uint32_t dhe_bits[] = {
    [TEEIO_DHE_SECP256R1] = SPDM_DHE_SECP256R1,
    [TEEIO_DHE_SECP384R1] = SPDM_DHE_SECP384R1,
    [TEEIO_DHE_SECP521R1] = SPDM_DHE_SECP521R1,
};
static const uint32_t aead_bits[] = {
    [TEEIO_AEAD_AES128_GCM] = SPDM_AEAD_AES128_GCM,
    [TEEIO_AEAD_AES256_GCM] = SPDM_AEAD_AES256_GCM,
    [TEEIO_AEAD_CHACHA20_POLY1305] = SPDM_AEAD_CHACHA20_POLY1305,
};

static uint32_t bit_of(const uint32_t *tab, size_t n, unsigned v)
{
	return v < n ? tab[v] : 0;
}

/* Index of the table entry equal to `bit`; 0 (NONE) when bit is 0, has
 * several bits set or is unknown. */
static unsigned from_bit(const uint32_t *tab, size_t n, uint32_t bit)
{
	if (bit == 0 || (bit & (bit - 1)) != 0)
		return 0;
	for (size_t i = 1; i < n; i++)
		if (tab[i] == bit)
			return (unsigned)i;
	return 0;
}

#define MAP(name, type, tab)                                                            \
	uint32_t teeio_spdm_##name##_bit(type a)                                        \
	{                                                                               \
		return bit_of(tab, TEEIO_ARRAY_LEN(tab), (unsigned)a);                  \
	}                                                                               \
	type teeio_spdm_##name##_from_bit(uint32_t bit)                                 \
	{                                                                               \
		return (type)from_bit(tab, TEEIO_ARRAY_LEN(tab), bit);                  \
	}                                                                               \
	uint32_t teeio_spdm_##name##_mask(const type *list, size_t cap)                 \
	{                                                                               \
		uint32_t m = 0;                                                         \
		for (size_t i = 0; i < cap && list[i] != 0; i++)                        \
			m |= teeio_spdm_##name##_bit(list[i]);                          \
		return m;                                                               \
	}                                                                               \
	type teeio_spdm_select_##name(const type *list, size_t cap, uint32_t peer_mask) \
	{                                                                               \
		for (size_t i = 0; i < cap && list[i] != 0; i++) {                      \
			uint32_t b = teeio_spdm_##name##_bit(list[i]);                  \
			if (b != 0 && (b & peer_mask) != 0)                             \
				return list[i];                                         \
		}                                                                       \
		return (type)0;                                                         \
	}

MAP(asym, enum teeio_sig_alg, asym_bits)
MAP(hash, enum teeio_hash_alg, hash_bits)
MAP(meas_hash, enum teeio_hash_alg, meas_hash_bits)
MAP(dhe, enum teeio_dhe_alg, dhe_bits)
MAP(aead, enum teeio_aead_alg, aead_bits)

void teeio_spdm_alg_prefs_default(struct teeio_spdm_alg_prefs *p)
{
	static const struct teeio_spdm_alg_prefs def = {
	    .asym = {TEEIO_SIG_ECDSA_P384, TEEIO_SIG_ECDSA_P256, TEEIO_SIG_ECDSA_P521,
		     TEEIO_SIG_ED25519, TEEIO_SIG_ED448, TEEIO_SIG_RSAPSS_3072,
		     TEEIO_SIG_RSASSA_3072, TEEIO_SIG_RSAPSS_4096, TEEIO_SIG_RSASSA_4096,
		     TEEIO_SIG_RSAPSS_2048, TEEIO_SIG_RSASSA_2048},
	    .hash = {TEEIO_HASH_SHA384, TEEIO_HASH_SHA256, TEEIO_HASH_SHA512},
	    .meas_hash = {TEEIO_HASH_SHA384, TEEIO_HASH_SHA256, TEEIO_HASH_SHA512},
	    .dhe = {TEEIO_DHE_SECP384R1, TEEIO_DHE_SECP256R1, TEEIO_DHE_SECP521R1},
	    .aead = {TEEIO_AEAD_AES256_GCM, TEEIO_AEAD_AES128_GCM, TEEIO_AEAD_CHACHA20_POLY1305},
	    .req_asym = {TEEIO_SIG_ECDSA_P384, TEEIO_SIG_ECDSA_P256, TEEIO_SIG_ECDSA_P521,
			 TEEIO_SIG_ED25519, TEEIO_SIG_ED448, TEEIO_SIG_RSAPSS_3072,
			 TEEIO_SIG_RSASSA_3072, TEEIO_SIG_RSAPSS_4096, TEEIO_SIG_RSASSA_4096,
			 TEEIO_SIG_RSAPSS_2048, TEEIO_SIG_RSASSA_2048},
	    .key_schedule_spdm = true,
	    .meas_spec_dmtf = true,
	};
	*p = def;
}
