/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ephemeral ECDH on the NIST curves in SPDM's form (DSP0274 1.3,
 * "Exchange data"): public keys travel as X||Y without the SEC 1 0x04
 * prefix, and the shared secret is the X coordinate of the product point,
 * zero-padded to the field size.
 */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/objects.h>

#include "openssl_internal.h"
#include "openssl_ops.h"
#include "openssl_util.h"

static const char *group_of(enum teeio_dhe_alg alg)
{
	switch (alg) {
	case TEEIO_DHE_SECP256R1: return "prime256v1";
	case TEEIO_DHE_SECP384R1: return "secp384r1";
	case TEEIO_DHE_SECP521R1: return "secp521r1";
	case TEEIO_DHE_NONE: break;
	}
	return NULL;
}

/* X||Y of a key pair: its SEC 1 uncompressed encoding minus 0x04. */
static teeio_err public_xy(EVP_PKEY *pkey, enum teeio_dhe_alg alg, uint8_t *pub)
{
	uint8_t point[1 + TEEIO_DHE_PUB_MAX];
	size_t n = 0, want = teeio_dhe_pub_size(alg);
	ENSURE(EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point,
					       sizeof(point), &n) == 1,
	       TEEIO_ERR_CRYPTO);
	ENSURE(n == 1 + want && point[0] == 0x04, TEEIO_ERR_CRYPTO);
	memcpy(pub, point + 1, want);
	return TEEIO_OK;
}

teeio_err teeio_ossl_dhe_generate(struct teeio_dhe *d, enum teeio_dhe_alg alg, uint8_t *pub)
{
	ENSURE(d, TEEIO_ERR_USAGE);
	*d = (struct teeio_dhe){0};
	ENSURE(group_of(alg), TEEIO_ERR_CRYPTO_UNSUPPORTED);
	ENSURE(pub, TEEIO_ERR_USAGE);
	EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", group_of(alg));
	ENSURE(pkey, TEEIO_ERR_CRYPTO);
	teeio_err rc = public_xy(pkey, alg, pub);
	if (rc != TEEIO_OK) {
		EVP_PKEY_free(pkey);
		return rc;
	}
	d->impl = pkey;
	d->alg = alg;
	return TEEIO_OK;
}

teeio_err teeio_ossl_dhe_compute(struct teeio_dhe *d, const uint8_t *peer_pub, size_t peer_len,
				 uint8_t *secret)
{
	ENSURE(d && d->impl && secret, TEEIO_ERR_USAGE);
	size_t want = teeio_dhe_secret_size(d->alg);
	/* The peer's exchange data: wrong size or not on the curve. */
	ENSURE(peer_pub && peer_len == teeio_dhe_pub_size(d->alg), TEEIO_ERR_CRYPTO_VERIFY);
	EVP_PKEY *peer = teeio_ossl_ec_from_xy(group_of(d->alg), peer_pub, peer_len);
	ENSURE(peer, TEEIO_ERR_CRYPTO_VERIFY);

	teeio_err rc = TEEIO_ERR_CRYPTO;
	uint8_t x[TEEIO_DHE_SECRET_MAX];
	size_t n = sizeof(x);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, d->impl, NULL);
	if (!ctx || EVP_PKEY_derive_init(ctx) != 1)
		goto out;
	/* validate_peer=1: full public-key check (on curve, not infinity). */
	if (EVP_PKEY_derive_set_peer_ex(ctx, peer, 1) != 1) {
		rc = TEEIO_ERR_CRYPTO_VERIFY;
		goto out;
	}
	if (EVP_PKEY_derive(ctx, x, &n) != 1 || n != want)
		goto out;
	memcpy(secret, x, want);
	rc = TEEIO_OK;
out:
	teeio_wipe(x, sizeof(x));
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(peer);
	return rc;
}

void teeio_ossl_dhe_free(struct teeio_dhe *d)
{
	if (!d)
		return;
	EVP_PKEY_free(d->impl); /* OpenSSL cleanses the private scalar */
	*d = (struct teeio_dhe){0};
}

teeio_err teeio_ossl_dhe_import_private(struct teeio_dhe *d, enum teeio_dhe_alg alg,
					const uint8_t *priv, size_t priv_len, uint8_t *pub)
{
	ENSURE(d, TEEIO_ERR_USAGE);
	*d = (struct teeio_dhe){0};
	const char *group = group_of(alg);
	ENSURE(group, TEEIO_ERR_CRYPTO_UNSUPPORTED);
	ENSURE(priv && pub && priv_len == teeio_dhe_secret_size(alg), TEEIO_ERR_USAGE);

	/* OpenSSL wants the public point alongside the scalar: Q = d*G. */
	teeio_err rc = TEEIO_ERR_CRYPTO;
	uint8_t point[1 + TEEIO_DHE_PUB_MAX];
	size_t plen = 0;
	uint8_t le[TEEIO_DHE_SECRET_MAX]; /* the scalar, native byte order */
	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EC_GROUP *g = EC_GROUP_new_by_curve_name(OBJ_txt2nid(group));
	EC_POINT *q = g ? EC_POINT_new(g) : NULL;
	BIGNUM *bn = BN_secure_new();
	if (!q || !bn || !BN_bin2bn(priv, (int)priv_len, bn) ||
	    EC_POINT_mul(g, q, bn, NULL, NULL, NULL) != 1)
		goto out;
	plen = EC_POINT_point2oct(g, q, POINT_CONVERSION_UNCOMPRESSED, point, sizeof(point), NULL);
	if (plen != 1 + teeio_dhe_pub_size(alg))
		goto out;
	OSSL_PARAM params[] = {
	    OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)group, 0),
	    OSSL_PARAM_BN(OSSL_PKEY_PARAM_PRIV_KEY, NULL, 0),
	    OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point, plen),
	    OSSL_PARAM_END,
	};
	/* PRIV_KEY is a native-endian unsigned integer in OSSL_PARAM. */
	if (BN_bn2nativepad(bn, le, (int)priv_len) != (int)priv_len)
		goto out;
	params[1].data = le;
	params[1].data_size = priv_len;
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	if (ctx && EVP_PKEY_fromdata_init(ctx) == 1 &&
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_KEYPAIR, params) == 1) {
		memcpy(pub, point + 1, plen - 1);
		d->impl = pkey;
		d->alg = alg;
		rc = TEEIO_OK;
	}
out:
	teeio_wipe(le, sizeof(le));
	EVP_PKEY_CTX_free(ctx);
	BN_clear_free(bn);
	EC_POINT_free(q);
	EC_GROUP_free(g);
	return rc;
}
