/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the key and signature decoders of the crypto backend with
 * peer-controlled bytes: raw public keys (pkey_from_public), private keys
 * (pkey_load_private, DER and PEM), certificates' keys (pkey_from_cert),
 * ECDHE peer points (dhe_compute) and signatures (verify).
 *
 * Input: byte 0 picks the decoder, byte 1 the algorithm, the rest is the
 * encoding.  Nothing may crash or leak, and the error contract must hold:
 * a bad signature or peer point is TEEIO_ERR_CRYPTO_VERIFY, never a
 * generic failure.
 */
#include <stdlib.h>

#include "crypto/openssl_ops.h"
#include "teeio/crypto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* RFC 6979 A.2.5 P-256 public key U (X||Y): a fixed verifier. */
static const uint8_t p256_u[64] = {
    0x60, 0xfe, 0xd4, 0xba, 0x25, 0x5a, 0x9d, 0x31, 0xc9, 0x61, 0xeb, 0x74, 0xc6, 0x35, 0x6d, 0x68,
    0xc0, 0x49, 0xb8, 0x92, 0x3b, 0x61, 0xfa, 0x6c, 0xe6, 0x69, 0x62, 0x2e, 0x60, 0xf2, 0x9f, 0xb6,
    0x79, 0x03, 0xfe, 0x10, 0x08, 0xb8, 0xbc, 0x99, 0xa4, 0x1a, 0xe9, 0xe9, 0x56, 0x28, 0xbc, 0x64,
    0xf2, 0xf1, 0xb2, 0x0c, 0x2d, 0x7e, 0x9f, 0x51, 0x77, 0xa3, 0xc2, 0x94, 0xd4, 0x46, 0x22, 0x99,
};

static void must(bool cond)
{
	if (!cond)
		abort();
}

/* A signature over "sample" under a key from the input: OK or VERIFY. */
static void try_public(const struct teeio_crypto_ops *ops, enum teeio_sig_alg alg, const uint8_t *p,
		       size_t n)
{
	struct teeio_pkey k = {0};
	if (ops->pkey_from_public(&k, alg, p, n) != TEEIO_OK) {
		must(k.impl == NULL);
		return;
	}
	size_t sl = teeio_sig_size(k.alg);
	if (n >= sl) {
		teeio_err e = ops->verify(&k, TEEIO_HASH_SHA256, "sample", 6, p + n - sl, sl);
		must(e == TEEIO_OK || e == TEEIO_ERR_CRYPTO_VERIFY);
	}
	ops->pkey_free(&k);
}

static void try_dhe(enum teeio_dhe_alg alg, const uint8_t *p, size_t n)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	uint8_t priv[TEEIO_DHE_SECRET_MAX] = {0}, pub[TEEIO_DHE_PUB_MAX], secret[66];
	size_t pl = teeio_dhe_secret_size(alg);
	priv[pl - 1] = 7; /* a fixed small scalar keeps runs deterministic */
	struct teeio_dhe d = {0};
	must(teeio_ossl_dhe_import_private(&d, alg, priv, pl, pub) == TEEIO_OK);
	teeio_err e = ops->dhe_compute(&d, p, n, secret);
	must(e == TEEIO_OK || e == TEEIO_ERR_CRYPTO_VERIFY);
	ops->dhe_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	if (size < 2)
		return 0;
	enum teeio_sig_alg alg = (enum teeio_sig_alg)(data[1] % (TEEIO_SIG_ED448 + 1));
	const uint8_t *p = data + 2;
	size_t n = size - 2;
	struct teeio_pkey k = {0};

	switch (data[0] % 5) {
	case 0: try_public(ops, alg, p, n); break;
	case 1:
		if (ops->pkey_load_private(&k, alg, p, n) == TEEIO_OK)
			must(k.has_private && k.alg != TEEIO_SIG_NONE);
		ops->pkey_free(&k);
		break;
	case 2:
		if (ops->pkey_from_cert(&k, alg, p, n) == TEEIO_OK)
			must(!k.has_private);
		ops->pkey_free(&k);
		break;
	case 3: try_dhe((enum teeio_dhe_alg)(data[1] % 3 + 1), p, n); break;
	case 4: {
		must(ops->pkey_from_public(&k, TEEIO_SIG_ECDSA_P256, p256_u, 64) == TEEIO_OK);
		teeio_err e = ops->verify(&k, TEEIO_HASH_SHA256, "sample", 6, p, n);
		must(e == TEEIO_OK || e == TEEIO_ERR_CRYPTO_VERIFY);
		ops->pkey_free(&k);
		break;
	}
	}
	return 0;
}
