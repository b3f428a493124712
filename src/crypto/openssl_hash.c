/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SHA-2 hashing: incremental contexts (copyable, so SPDM transcripts can
 * fork their running state) and one-shot digests.
 */
#include <openssl/evp.h>

#include "openssl_internal.h"
#include "openssl_ops.h"
#include "openssl_util.h"

const EVP_MD *teeio_ossl_md(enum teeio_hash_alg alg)
{
	switch (alg) {
	case TEEIO_HASH_SHA256: return EVP_sha256();
	case TEEIO_HASH_SHA384: return EVP_sha384();
	case TEEIO_HASH_SHA512: return EVP_sha512();
	case TEEIO_HASH_NONE: break;
	}
	return NULL;
}

const char *teeio_ossl_md_name(enum teeio_hash_alg alg)
{
	switch (alg) {
	case TEEIO_HASH_SHA256: return "SHA256";
	case TEEIO_HASH_SHA384: return "SHA384";
	case TEEIO_HASH_SHA512: return "SHA512";
	case TEEIO_HASH_NONE: break;
	}
	return NULL;
}

teeio_err teeio_ossl_hash_init(struct teeio_hash *h, enum teeio_hash_alg alg)
{
	ENSURE(h, TEEIO_ERR_USAGE);
	h->impl = NULL;
	h->alg = TEEIO_HASH_NONE;
	const EVP_MD *md = teeio_ossl_md(alg);
	ENSURE(md, TEEIO_ERR_CRYPTO_UNSUPPORTED);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	ENSURE(ctx, TEEIO_ERR_INTERNAL_NOMEM);
	if (EVP_DigestInit_ex(ctx, md, NULL) != 1) {
		EVP_MD_CTX_free(ctx);
		return TEEIO_ERR_CRYPTO;
	}
	h->impl = ctx;
	h->alg = alg;
	return TEEIO_OK;
}

teeio_err teeio_ossl_hash_update(struct teeio_hash *h, const void *data, size_t len)
{
	ENSURE(h && h->impl, TEEIO_ERR_USAGE);
	ENSURE(data || len == 0, TEEIO_ERR_USAGE);
	if (len == 0)
		return TEEIO_OK;
	ENSURE(EVP_DigestUpdate(h->impl, data, len) == 1, TEEIO_ERR_CRYPTO);
	return TEEIO_OK;
}

teeio_err teeio_ossl_hash_final(struct teeio_hash *h, uint8_t *out)
{
	ENSURE(h && h->impl && out, TEEIO_ERR_USAGE);
	unsigned int n = 0;
	int ok = EVP_DigestFinal_ex(h->impl, out, &n);
	/* A finished context cannot be updated again: release it now so a
	 * later update fails cleanly (USAGE) instead of hashing garbage. */
	teeio_ossl_hash_free(h);
	ENSURE(ok == 1, TEEIO_ERR_CRYPTO);
	return TEEIO_OK;
}

teeio_err teeio_ossl_hash_copy(struct teeio_hash *dst, const struct teeio_hash *src)
{
	ENSURE(dst && src && src->impl && dst != src, TEEIO_ERR_USAGE);
	dst->impl = NULL;
	dst->alg = TEEIO_HASH_NONE;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	ENSURE(ctx, TEEIO_ERR_INTERNAL_NOMEM);
	if (EVP_MD_CTX_copy_ex(ctx, src->impl) != 1) {
		EVP_MD_CTX_free(ctx);
		return TEEIO_ERR_CRYPTO;
	}
	dst->impl = ctx;
	dst->alg = src->alg;
	return TEEIO_OK;
}

void teeio_ossl_hash_free(struct teeio_hash *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->impl); /* cleanses the running state */
	h->impl = NULL;
	h->alg = TEEIO_HASH_NONE;
}

teeio_err teeio_ossl_hash(enum teeio_hash_alg alg, const void *data, size_t len, uint8_t *out)
{
	const EVP_MD *md = teeio_ossl_md(alg);
	ENSURE(md, TEEIO_ERR_CRYPTO_UNSUPPORTED);
	ENSURE(out && (data || len == 0), TEEIO_ERR_USAGE);
	static const uint8_t empty[1];
	ENSURE(EVP_Digest(len ? data : empty, len, out, NULL, md, NULL) == 1, TEEIO_ERR_CRYPTO);
	return TEEIO_OK;
}
