/* SPDX-License-Identifier: BSD-3-Clause */
/* HMAC (RFC 2104) and HKDF (RFC 5869) over SHA-2. */
#include <limits.h>

#include <openssl/core_names.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "openssl_ops.h"
#include "openssl_util.h"

/* OpenSSL treats a NULL key as "no key"; an empty key must be non-NULL. */
static const uint8_t empty_key[1];

static const void *nonnull(const void *p)
{
	return p ? p : empty_key;
}

teeio_err teeio_ossl_hmac(enum teeio_hash_alg alg, const uint8_t *key, size_t key_len,
			  const void *data, size_t len, uint8_t *out)
{
	const EVP_MD *md = teeio_ossl_md(alg);
	ENSURE(md, TEEIO_ERR_CRYPTO_UNSUPPORTED);
	ENSURE(out && (key || key_len == 0) && (data || len == 0), TEEIO_ERR_USAGE);
	ENSURE(key_len <= INT_MAX, TEEIO_ERR_USAGE);
	unsigned int n = 0;
	ENSURE(HMAC(md, nonnull(key), (int)key_len, nonnull(data), len, out, &n) != NULL,
	       TEEIO_ERR_CRYPTO);
	return TEEIO_OK;
}

/* One HKDF step through the EVP_KDF interface (fetched per call: no
 * cached objects in the backend). */
static teeio_err hkdf(enum teeio_hash_alg alg, int mode, const uint8_t *key, size_t key_len,
		      const uint8_t *salt, size_t salt_len, const uint8_t *info, size_t info_len,
		      uint8_t *out, size_t out_len)
{
	const char *mdname = teeio_ossl_md_name(alg);
	ENSURE(mdname, TEEIO_ERR_CRYPTO_UNSUPPORTED);
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, OSSL_KDF_NAME_HKDF, NULL);
	ENSURE(kdf, TEEIO_ERR_CRYPTO_UNSUPPORTED);
	EVP_KDF_CTX *ctx = EVP_KDF_CTX_new(kdf);
	EVP_KDF_free(kdf);
	ENSURE(ctx, TEEIO_ERR_INTERNAL_NOMEM);

	OSSL_PARAM params[6], *p = params;
	*p++ = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode);
	*p++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)mdname, 0);
	*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)nonnull(key), key_len);
	if (mode == EVP_KDF_HKDF_MODE_EXTRACT_ONLY)
		*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)nonnull(salt),
							 salt_len);
	else
		*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, (void *)nonnull(info),
							 info_len);
	*p = OSSL_PARAM_construct_end();

	teeio_err rc = EVP_KDF_derive(ctx, out, out_len, params) == 1 ? TEEIO_OK : TEEIO_ERR_CRYPTO;
	EVP_KDF_CTX_free(ctx); /* clears the key copy it holds */
	return rc;
}

teeio_err teeio_ossl_hkdf_extract(enum teeio_hash_alg alg, const uint8_t *salt, size_t salt_len,
				  const uint8_t *ikm, size_t ikm_len, uint8_t *prk)
{
	ENSURE(prk && (salt || salt_len == 0) && (ikm || ikm_len == 0), TEEIO_ERR_USAGE);
	return hkdf(alg, EVP_KDF_HKDF_MODE_EXTRACT_ONLY, ikm, ikm_len, salt, salt_len, NULL, 0, prk,
		    teeio_hash_size(alg));
}

teeio_err teeio_ossl_hkdf_expand(enum teeio_hash_alg alg, const uint8_t *prk, size_t prk_len,
				 const uint8_t *info, size_t info_len, uint8_t *out, size_t out_len)
{
	size_t hlen = teeio_hash_size(alg);
	ENSURE(hlen, TEEIO_ERR_CRYPTO_UNSUPPORTED);
	ENSURE(prk && out && (info || info_len == 0), TEEIO_ERR_USAGE);
	/* RFC 5869 §2.3: PRK is at least HashLen octets; L <= 255*HashLen. */
	ENSURE(prk_len >= hlen, TEEIO_ERR_USAGE);
	ENSURE(out_len > 0 && out_len <= 255 * hlen, TEEIO_ERR_USAGE);
	return hkdf(alg, EVP_KDF_HKDF_MODE_EXPAND_ONLY, prk, prk_len, NULL, 0, info, info_len, out,
		    out_len);
}
