/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * AEAD: AES-GCM (NIST SP 800-38D) and ChaCha20-Poly1305 (RFC 8439).
 *
 * The cipher context is keyed once in aead_init (the AES key schedule /
 * ChaCha key are computed there); each seal/open only re-initialises it
 * with the message's 96-bit IV.  Nothing is allocated per message, which
 * is what lets IDE and SPDM secured messages run near raw cipher speed.
 */
#include <limits.h>
#include <string.h>

#include <openssl/evp.h>

#include "openssl_internal.h"
#include "openssl_ops.h"

static const EVP_CIPHER *cipher_of(enum teeio_aead_alg alg)
{
	switch (alg) {
	case TEEIO_AEAD_AES128_GCM: return EVP_aes_128_gcm();
	case TEEIO_AEAD_AES256_GCM: return EVP_aes_256_gcm();
	case TEEIO_AEAD_CHACHA20_POLY1305: return EVP_chacha20_poly1305();
	case TEEIO_AEAD_NONE: break;
	}
	return NULL;
}

teeio_err teeio_ossl_aead_init(struct teeio_aead *a, enum teeio_aead_alg alg, const uint8_t *key,
			       size_t key_len)
{
	ENSURE(a, TEEIO_ERR_USAGE);
	a->impl = NULL;
	a->alg = TEEIO_AEAD_NONE;
	const EVP_CIPHER *cipher = cipher_of(alg);
	ENSURE(cipher, TEEIO_ERR_CRYPTO_UNSUPPORTED);
	ENSURE(key && key_len == teeio_aead_key_size(alg), TEEIO_ERR_USAGE);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	ENSURE(ctx, TEEIO_ERR_INTERNAL_NOMEM);
	/* Both ciphers default to the 96-bit IV the ops table uses. */
	if (EVP_CipherInit_ex(ctx, cipher, NULL, key, NULL, 1) != 1) {
		EVP_CIPHER_CTX_free(ctx);
		return TEEIO_ERR_CRYPTO;
	}
	a->impl = ctx;
	a->alg = alg;
	return TEEIO_OK;
}

/* Common argument checks; also the per-message IV set-up. */
static teeio_err begin(struct teeio_aead *a, const uint8_t *iv, const void *aad, size_t aad_len,
		       const void *in, size_t len, const void *out, size_t tag_len, int enc)
{
	ENSURE(a && a->impl && iv, TEEIO_ERR_USAGE);
	ENSURE(aad || aad_len == 0, TEEIO_ERR_USAGE);
	ENSURE((in && out) || len == 0, TEEIO_ERR_USAGE);
	ENSURE(len <= INT_MAX && aad_len <= INT_MAX, TEEIO_ERR_SIZE_LIMIT);
	ENSURE(tag_len > 0 && tag_len <= teeio_aead_tag_size(a->alg), TEEIO_ERR_USAGE);
	/* Cipher and key NULL: keep the key schedule, set only IV and direction. */
	ENSURE(EVP_CipherInit_ex(a->impl, NULL, NULL, NULL, iv, enc) == 1, TEEIO_ERR_CRYPTO);
	int n = 0;
	if (aad_len)
		ENSURE(EVP_CipherUpdate(a->impl, NULL, &n, aad, (int)aad_len) == 1,
		       TEEIO_ERR_CRYPTO);
	return TEEIO_OK;
}

teeio_err teeio_ossl_aead_seal(struct teeio_aead *a, const uint8_t iv[12], const void *aad,
			       size_t aad_len, const void *pt, size_t len, uint8_t *ct,
			       uint8_t *tag, size_t tag_len)
{
	ENSURE(tag, TEEIO_ERR_USAGE);
	TRY(begin(a, iv, aad, aad_len, pt, len, ct, tag_len, 1));
	int n = 0;
	if (len)
		ENSURE(EVP_CipherUpdate(a->impl, ct, &n, pt, (int)len) == 1, TEEIO_ERR_CRYPTO);
	uint8_t none[1]; /* Final writes nothing for these stream-like modes */
	ENSURE(EVP_CipherFinal_ex(a->impl, len ? ct + n : none, &n) == 1, TEEIO_ERR_CRYPTO);
	/* A truncated tag is the leading bytes of the full tag. */
	uint8_t full[TEEIO_AEAD_TAG_MAX];
	ENSURE(EVP_CIPHER_CTX_ctrl(a->impl, EVP_CTRL_AEAD_GET_TAG, (int)sizeof(full), full) == 1,
	       TEEIO_ERR_CRYPTO);
	memcpy(tag, full, tag_len);
	return TEEIO_OK;
}

teeio_err teeio_ossl_aead_open(struct teeio_aead *a, const uint8_t iv[12], const void *aad,
			       size_t aad_len, const void *ct, size_t len, const uint8_t *tag,
			       size_t tag_len, uint8_t *pt)
{
	ENSURE(tag, TEEIO_ERR_USAGE);
	TRY(begin(a, iv, aad, aad_len, ct, len, pt, tag_len, 0));
	/* Both providers accept a tag shorter than 16 bytes and compare only
	 * that many leading bytes of the computed tag (in constant time). */
	ENSURE(EVP_CIPHER_CTX_ctrl(a->impl, EVP_CTRL_AEAD_SET_TAG, (int)tag_len,
				   (void *)(uintptr_t)tag) == 1,
	       TEEIO_ERR_CRYPTO);
	int n = 0, fin = 0;
	if (len && EVP_CipherUpdate(a->impl, pt, &n, ct, (int)len) != 1) {
		teeio_wipe(pt, len);
		return TEEIO_ERR_CRYPTO;
	}
	uint8_t none[1]; /* Final writes nothing for these stream-like modes */
	if (EVP_CipherFinal_ex(a->impl, len ? pt + n : none, &fin) != 1) {
		/* Never release unauthenticated plaintext. */
		if (len)
			teeio_wipe(pt, len);
		return TEEIO_ERR_CRYPTO_VERIFY;
	}
	return TEEIO_OK;
}

void teeio_ossl_aead_free(struct teeio_aead *a)
{
	if (!a)
		return;
	EVP_CIPHER_CTX_free(a->impl); /* cleanses the key schedule */
	a->impl = NULL;
	a->alg = TEEIO_AEAD_NONE;
}
