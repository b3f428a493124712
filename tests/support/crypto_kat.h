/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers for the crypto known-answer tests: hex vectors and the small
 * DER wrappers (PKCS#8) that turn a published raw private key into
 * something pkey_load_private accepts.
 */
#ifndef TEEIO_TEST_CRYPTO_KAT_H
#define TEEIO_TEST_CRYPTO_KAT_H

#include "teeio/crypto.h"

/* Decode hex into out (cap bytes); fails the current test and returns 0 on
 * bad hex or overflow.  Returns the byte count. */
size_t kat_unhex(const char *hex, uint8_t *out, size_t cap);

/*
 * PKCS#8 PrivateKeyInfo (RFC 5208) for a raw private key: an ECPrivateKey
 * (RFC 5915, no public key) on the curve of `alg`, or an RFC 8410 Ed25519 /
 * Ed448 key.  Returns the DER length written to out, 0 when unsupported or
 * out is too small.
 */
size_t kat_pkcs8(enum teeio_sig_alg alg, const uint8_t *priv, size_t priv_len, uint8_t *out,
		 size_t cap);

/* Load a raw published private key through pkey_load_private. */
teeio_err kat_load_raw_private(const struct teeio_crypto_ops *ops, struct teeio_pkey *k,
			       enum teeio_sig_alg alg, const char *priv_hex);

#endif
