/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Signing and verification in SPDM's wire forms (DSP0274 1.3, "Signature"):
 *  - ECDSA: raw r||s, each big-endian and zero-padded to the curve size
 *    (OpenSSL speaks DER ECDSA-Sig-Value, converted here);
 *  - RSASSA-PKCS1-v1_5 and RSASSA-PSS (RFC 8017): modulus-sized; PSS uses
 *    MGF1 with the message hash and a salt as long as the hash, as SPDM
 *    requires;
 *  - EdDSA (RFC 8032): pure Ed25519/Ed448 over the whole message.
 * Any signature that does not verify, including one of the wrong length,
 * is TEEIO_ERR_CRYPTO_VERIFY.
 */
#include <string.h>

#include <openssl/ec.h>
#include <openssl/rsa.h>

#include "openssl_internal.h"
#include "openssl_ops.h"
#include "openssl_util.h"

static bool is_ecdsa(enum teeio_sig_alg a)
{
	return a == TEEIO_SIG_ECDSA_P256 || a == TEEIO_SIG_ECDSA_P384 || a == TEEIO_SIG_ECDSA_P521;
}

static bool is_eddsa(enum teeio_sig_alg a)
{
	return a == TEEIO_SIG_ED25519 || a == TEEIO_SIG_ED448;
}

static bool is_pss(enum teeio_sig_alg a)
{
	return a == TEEIO_SIG_RSAPSS_2048 || a == TEEIO_SIG_RSAPSS_3072 ||
	       a == TEEIO_SIG_RSAPSS_4096;
}

/* A PKEY context set up for signing/verifying a digest made with md. */
static EVP_PKEY_CTX *digest_ctx(const struct teeio_pkey *k, const EVP_MD *md, bool sign)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k->impl, NULL);
	if (!ctx)
		return NULL;
	bool ok = (sign ? EVP_PKEY_sign_init(ctx) : EVP_PKEY_verify_init(ctx)) == 1 &&
		  EVP_PKEY_CTX_set_signature_md(ctx, md) == 1;
	if (ok && !is_ecdsa(k->alg)) {
		int pad = is_pss(k->alg) ? RSA_PKCS1_PSS_PADDING : RSA_PKCS1_PADDING;
		ok = EVP_PKEY_CTX_set_rsa_padding(ctx, pad) == 1;
		if (ok && pad == RSA_PKCS1_PSS_PADDING)
			ok = EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) == 1 &&
			     EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, RSA_PSS_SALTLEN_DIGEST) == 1;
	}
	if (!ok) {
		EVP_PKEY_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

/* DER ECDSA-Sig-Value -> r||s, each `half` bytes. */
static teeio_err ecdsa_der_to_raw(const uint8_t *der, size_t der_len, uint8_t *out, size_t half)
{
	const unsigned char *p = der;
	ECDSA_SIG *s = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
	ENSURE(s, TEEIO_ERR_CRYPTO);
	const BIGNUM *r = NULL, *sv = NULL;
	ECDSA_SIG_get0(s, &r, &sv);
	bool ok = BN_bn2binpad(r, out, (int)half) == (int)half &&
		  BN_bn2binpad(sv, out + half, (int)half) == (int)half;
	ECDSA_SIG_free(s);
	return ok ? TEEIO_OK : TEEIO_ERR_CRYPTO;
}

/* r||s -> DER ECDSA-Sig-Value; *der is OPENSSL_malloc'd. */
static int ecdsa_raw_to_der(const uint8_t *raw, size_t half, unsigned char **der)
{
	ECDSA_SIG *s = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(raw, (int)half, NULL);
	BIGNUM *sv = BN_bin2bn(raw + half, (int)half, NULL);
	int n = -1;
	if (s && r && sv && ECDSA_SIG_set0(s, r, sv) == 1) {
		r = sv = NULL; /* owned by s now */
		n = i2d_ECDSA_SIG(s, der);
	}
	BN_free(r);
	BN_free(sv);
	ECDSA_SIG_free(s);
	return n;
}

teeio_err teeio_ossl_sign_digest(const struct teeio_pkey *k, enum teeio_hash_alg hash_alg,
				 const uint8_t *digest, uint8_t *sig, size_t *sig_len)
{
	ENSURE(k && k->impl && digest && sig && sig_len, TEEIO_ERR_USAGE);
	ENSURE(k->has_private, TEEIO_ERR_USAGE);
	ENSURE(!is_eddsa(k->alg), TEEIO_ERR_CRYPTO_UNSUPPORTED); /* pure EdDSA only */
	const EVP_MD *md = teeio_ossl_md(hash_alg);
	ENSURE(md, TEEIO_ERR_CRYPTO_UNSUPPORTED);
	size_t want = teeio_sig_size(k->alg);
	ENSURE(*sig_len >= want, TEEIO_ERR_SIZE);

	EVP_PKEY_CTX *ctx = digest_ctx(k, md, true);
	ENSURE(ctx, TEEIO_ERR_CRYPTO);
	teeio_err rc = TEEIO_ERR_CRYPTO;
	uint8_t out[TEEIO_SIG_MAX + 16]; /* RSA, or DER ECDSA (<= 2*66 + 9) */
	size_t n = sizeof(out);
	if (EVP_PKEY_sign(ctx, out, &n, digest, teeio_hash_size(hash_alg)) == 1) {
		if (is_ecdsa(k->alg))
			rc = ecdsa_der_to_raw(out, n, sig, want / 2);
		else if (n == want) {
			memcpy(sig, out, n);
			rc = TEEIO_OK;
		}
	}
	EVP_PKEY_CTX_free(ctx);
	if (rc == TEEIO_OK)
		*sig_len = want;
	return rc;
}

teeio_err teeio_ossl_verify_digest(const struct teeio_pkey *k, enum teeio_hash_alg hash_alg,
				   const uint8_t *digest, const uint8_t *sig, size_t sig_len)
{
	ENSURE(k && k->impl && digest, TEEIO_ERR_USAGE);
	ENSURE(!is_eddsa(k->alg), TEEIO_ERR_CRYPTO_UNSUPPORTED);
	const EVP_MD *md = teeio_ossl_md(hash_alg);
	ENSURE(md, TEEIO_ERR_CRYPTO_UNSUPPORTED);
	ENSURE(sig && sig_len == teeio_sig_size(k->alg), TEEIO_ERR_CRYPTO_VERIFY);

	unsigned char *der = NULL;
	const unsigned char *s = sig;
	size_t slen = sig_len;
	if (is_ecdsa(k->alg)) {
		int n = ecdsa_raw_to_der(sig, sig_len / 2, &der);
		ENSURE(n > 0, TEEIO_ERR_CRYPTO);
		s = der;
		slen = (size_t)n;
	}
	teeio_err rc = TEEIO_ERR_CRYPTO;
	EVP_PKEY_CTX *ctx = digest_ctx(k, md, false);
	if (ctx)
		rc = EVP_PKEY_verify(ctx, s, slen, digest, teeio_hash_size(hash_alg)) == 1
			 ? TEEIO_OK
			 : TEEIO_ERR_CRYPTO_VERIFY;
	EVP_PKEY_CTX_free(ctx);
	OPENSSL_free(der);
	return rc;
}

/* Pure EdDSA over the message (RFC 8032 §5.1.6 / §5.2.6). */
static teeio_err eddsa(const struct teeio_pkey *k, const void *msg, size_t len, uint8_t *sig,
		       size_t sig_len, bool sign)
{
	EVP_MD_CTX *mctx = EVP_MD_CTX_new();
	ENSURE(mctx, TEEIO_ERR_INTERNAL_NOMEM);
	static const uint8_t empty[1];
	const uint8_t *m = len ? msg : empty;
	teeio_err rc = TEEIO_ERR_CRYPTO;
	if (sign) {
		size_t n = sig_len;
		if (EVP_DigestSignInit_ex(mctx, NULL, NULL, NULL, NULL, k->impl, NULL) == 1 &&
		    EVP_DigestSign(mctx, sig, &n, m, len) == 1 && n == sig_len)
			rc = TEEIO_OK;
	} else if (EVP_DigestVerifyInit_ex(mctx, NULL, NULL, NULL, NULL, k->impl, NULL) == 1) {
		rc = EVP_DigestVerify(mctx, sig, sig_len, m, len) == 1 ? TEEIO_OK
								       : TEEIO_ERR_CRYPTO_VERIFY;
	}
	EVP_MD_CTX_free(mctx);
	return rc;
}

teeio_err teeio_ossl_sign(const struct teeio_pkey *k, enum teeio_hash_alg hash_alg, const void *msg,
			  size_t len, uint8_t *sig, size_t *sig_len)
{
	ENSURE(k && k->impl && sig && sig_len && (msg || len == 0), TEEIO_ERR_USAGE);
	ENSURE(k->has_private, TEEIO_ERR_USAGE);
	size_t want = teeio_sig_size(k->alg);
	ENSURE(*sig_len >= want, TEEIO_ERR_SIZE);
	if (is_eddsa(k->alg)) {
		TRY(eddsa(k, msg, len, sig, want, true));
		*sig_len = want;
		return TEEIO_OK;
	}
	uint8_t digest[TEEIO_HASH_MAX];
	TRY(teeio_ossl_hash(hash_alg, msg, len, digest));
	return teeio_ossl_sign_digest(k, hash_alg, digest, sig, sig_len);
}

teeio_err teeio_ossl_verify(const struct teeio_pkey *k, enum teeio_hash_alg hash_alg,
			    const void *msg, size_t len, const uint8_t *sig, size_t sig_len)
{
	ENSURE(k && k->impl && (msg || len == 0), TEEIO_ERR_USAGE);
	if (is_eddsa(k->alg)) {
		ENSURE(sig && sig_len == teeio_sig_size(k->alg), TEEIO_ERR_CRYPTO_VERIFY);
		return eddsa(k, msg, len, (uint8_t *)(uintptr_t)sig, sig_len, false);
	}
	uint8_t digest[TEEIO_HASH_MAX];
	TRY(teeio_ossl_hash(hash_alg, msg, len, digest));
	return teeio_ossl_verify_digest(k, hash_alg, digest, sig, sig_len);
}
