/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Signature keys: generation, import (PKCS#8 DER/PEM, certificates, raw
 * public keys), export (PKCS#8, SubjectPublicKeyInfo) and release.
 * Signing and verification live in openssl_sign.c.
 *
 * Malformed or mismatched key material handed to these calls is the
 * caller's input, so it fails with TEEIO_ERR_USAGE (certificates with
 * TEEIO_ERR_CRYPTO_CERT).
 */
#include <limits.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/encoder.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "openssl_internal.h"
#include "openssl_ops.h"
#include "openssl_util.h"

/* OpenSSL group names of the SPDM ECDSA curves. */
static const char *curve_of(enum teeio_sig_alg alg)
{
	switch (alg) {
	case TEEIO_SIG_ECDSA_P256: return "prime256v1";
	case TEEIO_SIG_ECDSA_P384: return "secp384r1";
	case TEEIO_SIG_ECDSA_P521: return "secp521r1";
	default: return NULL;
	}
}

static size_t rsa_bits_of(enum teeio_sig_alg alg)
{
	switch (alg) {
	case TEEIO_SIG_RSASSA_2048:
	case TEEIO_SIG_RSAPSS_2048: return 2048;
	case TEEIO_SIG_RSASSA_3072:
	case TEEIO_SIG_RSAPSS_3072: return 3072;
	case TEEIO_SIG_RSASSA_4096:
	case TEEIO_SIG_RSAPSS_4096: return 4096;
	default: return 0;
	}
}

static bool is_pss(enum teeio_sig_alg alg)
{
	return alg == TEEIO_SIG_RSAPSS_2048 || alg == TEEIO_SIG_RSAPSS_3072 ||
	       alg == TEEIO_SIG_RSAPSS_4096;
}

static enum teeio_sig_alg rsa_alg(int bits, bool pss)
{
	switch (bits) {
	case 2048: return pss ? TEEIO_SIG_RSAPSS_2048 : TEEIO_SIG_RSASSA_2048;
	case 3072: return pss ? TEEIO_SIG_RSAPSS_3072 : TEEIO_SIG_RSASSA_3072;
	case 4096: return pss ? TEEIO_SIG_RSAPSS_4096 : TEEIO_SIG_RSASSA_4096;
	default: return TEEIO_SIG_NONE;
	}
}

enum teeio_sig_alg teeio_ossl_sig_alg_of(const EVP_PKEY *pkey, enum teeio_sig_alg rsa_hint)
{
	if (!pkey)
		return TEEIO_SIG_NONE;
	switch (EVP_PKEY_get_base_id(pkey)) {
	case EVP_PKEY_EC: {
		char group[32];
		size_t n = 0;
		if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group,
						   sizeof(group), &n) != 1)
			return TEEIO_SIG_NONE;
		for (enum teeio_sig_alg a = TEEIO_SIG_ECDSA_P256; a <= TEEIO_SIG_ECDSA_P521; a++)
			if (!strcmp(group, curve_of(a)))
				return a;
		return TEEIO_SIG_NONE;
	}
	case EVP_PKEY_RSA: return rsa_alg(EVP_PKEY_get_bits(pkey), is_pss(rsa_hint));
	/* A PSS-restricted RSA key (id-RSASSA-PSS) can only do PSS. */
	case EVP_PKEY_RSA_PSS: return rsa_alg(EVP_PKEY_get_bits(pkey), true);
	case EVP_PKEY_ED25519: return TEEIO_SIG_ED25519;
	case EVP_PKEY_ED448: return TEEIO_SIG_ED448;
	default: return TEEIO_SIG_NONE;
	}
}

teeio_err teeio_ossl_pkey_wrap(struct teeio_pkey *k, EVP_PKEY *pkey, enum teeio_sig_alg alg,
			       bool has_private)
{
	/* Ownership of pkey moves here on every path: freed on failure. */
	enum teeio_sig_alg got = teeio_ossl_sig_alg_of(pkey, alg);
	teeio_err rc = TEEIO_OK;
	if (!k || !pkey)
		rc = TEEIO_ERR_USAGE;
	else if (got == TEEIO_SIG_NONE)
		rc = TEEIO_ERR_CRYPTO_UNSUPPORTED; /* a curve or size SPDM does not use */
	else if (alg != TEEIO_SIG_NONE && alg != got)
		rc = TEEIO_ERR_USAGE; /* not the key the caller said */
	if (rc != TEEIO_OK) {
		EVP_PKEY_free(pkey);
		if (k)
			*k = (struct teeio_pkey){0};
		return rc;
	}
	k->impl = pkey;
	k->alg = got;
	k->has_private = has_private;
	return TEEIO_OK;
}

teeio_err teeio_ossl_pkey_generate(struct teeio_pkey *k, enum teeio_sig_alg alg)
{
	ENSURE(k, TEEIO_ERR_USAGE);
	*k = (struct teeio_pkey){0};
	EVP_PKEY *pkey = NULL;
	if (curve_of(alg))
		pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve_of(alg));
	else if (rsa_bits_of(alg))
		pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", rsa_bits_of(alg));
	else if (alg == TEEIO_SIG_ED25519)
		pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	else if (alg == TEEIO_SIG_ED448)
		pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED448");
	else
		return TEEIO_ERR_CRYPTO_UNSUPPORTED;
	ENSURE(pkey, TEEIO_ERR_CRYPTO);
	return teeio_ossl_pkey_wrap(k, pkey, alg, true);
}

/* Never prompt for a pass phrase: encrypted PEM keys are refused. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

static bool looks_pem(const uint8_t *data, size_t len)
{
	static const char tag[] = "-----BEGIN ";
	return len >= sizeof(tag) - 1 && !memcmp(data, tag, sizeof(tag) - 1);
}

teeio_err teeio_ossl_pkey_load_private(struct teeio_pkey *k, enum teeio_sig_alg alg,
				       const uint8_t *data, size_t len)
{
	ENSURE(k, TEEIO_ERR_USAGE);
	*k = (struct teeio_pkey){0};
	ENSURE(data && len > 0 && len <= LONG_MAX, TEEIO_ERR_USAGE);
	EVP_PKEY *pkey = NULL;
	if (looks_pem(data, len)) {
		ENSURE(len <= INT_MAX, TEEIO_ERR_USAGE);
		BIO *bio = BIO_new_mem_buf(data, (int)len);
		ENSURE(bio, TEEIO_ERR_INTERNAL_NOMEM);
		pkey = PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL);
		BIO_free(bio);
	} else {
		/* DER PKCS#8 PrivateKeyInfo, consumed exactly. */
		const unsigned char *p = data;
		PKCS8_PRIV_KEY_INFO *p8 = d2i_PKCS8_PRIV_KEY_INFO(NULL, &p, (long)len);
		if (p8 && p == data + len)
			pkey = EVP_PKCS82PKEY(p8);
		PKCS8_PRIV_KEY_INFO_free(p8);
	}
	ENSURE(pkey, TEEIO_ERR_USAGE);
	return teeio_ossl_pkey_wrap(k, pkey, alg, true);
}

teeio_err teeio_ossl_pkey_from_cert(struct teeio_pkey *k, enum teeio_sig_alg alg,
				    const uint8_t *der, size_t len)
{
	ENSURE(k, TEEIO_ERR_USAGE);
	*k = (struct teeio_pkey){0};
	ENSURE(der && len > 0 && len <= LONG_MAX, TEEIO_ERR_CRYPTO_CERT);
	const unsigned char *p = der;
	X509 *cert = d2i_X509(NULL, &p, (long)len);
	EVP_PKEY *pkey = NULL;
	if (cert && p == der + len)
		pkey = X509_get_pubkey(cert); /* a new reference */
	X509_free(cert);
	ENSURE(pkey, TEEIO_ERR_CRYPTO_CERT);
	teeio_err rc = teeio_ossl_pkey_wrap(k, pkey, alg, false);
	return rc == TEEIO_OK ? TEEIO_OK : TEEIO_ERR_CRYPTO_CERT;
}

/* EC public key from SPDM's X||Y (SEC 1 §2.3.3 uncompressed point minus
 * its 0x04 prefix).  Importing decodes the point, which rejects points not
 * on the curve. */
EVP_PKEY *teeio_ossl_ec_from_xy(const char *group, const uint8_t *xy, size_t len)
{
	uint8_t point[1 + TEEIO_DHE_PUB_MAX];
	if (len == 0 || len > TEEIO_DHE_PUB_MAX)
		return NULL;
	point[0] = 0x04;
	memcpy(point + 1, xy, len);
	OSSL_PARAM params[] = {
	    OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)group, 0),
	    OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point, len + 1),
	    OSSL_PARAM_END,
	};
	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	if (ctx && EVP_PKEY_fromdata_init(ctx) == 1)
		(void)EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params);
	EVP_PKEY_CTX_free(ctx);
	return pkey;
}

teeio_err teeio_ossl_pkey_from_public(struct teeio_pkey *k, enum teeio_sig_alg alg,
				      const uint8_t *data, size_t len)
{
	ENSURE(k, TEEIO_ERR_USAGE);
	*k = (struct teeio_pkey){0};
	ENSURE(data && len > 0 && len <= LONG_MAX, TEEIO_ERR_USAGE);
	EVP_PKEY *pkey = NULL;
	if (curve_of(alg)) {
		ENSURE(len == teeio_sig_size(alg), TEEIO_ERR_USAGE); /* X||Y == r||s size */
		pkey = teeio_ossl_ec_from_xy(curve_of(alg), data, len);
	} else if (alg == TEEIO_SIG_ED25519 || alg == TEEIO_SIG_ED448) {
		pkey = EVP_PKEY_new_raw_public_key_ex(
		    NULL, alg == TEEIO_SIG_ED25519 ? "ED25519" : "ED448", NULL, data, len);
	} else if (rsa_bits_of(alg)) {
		const unsigned char *p = data;
		pkey = d2i_PUBKEY(NULL, &p, (long)len);
		if (pkey && p != data + len) {
			EVP_PKEY_free(pkey);
			pkey = NULL;
		}
	} else {
		return TEEIO_ERR_CRYPTO_UNSUPPORTED;
	}
	ENSURE(pkey, TEEIO_ERR_USAGE);
	teeio_err rc = teeio_ossl_pkey_wrap(k, pkey, alg, false);
	return rc == TEEIO_OK ? TEEIO_OK : TEEIO_ERR_USAGE;
}

/* Copy an encoder's output into the caller's buffer (*len: capacity in,
 * used out; on TEEIO_ERR_SIZE *len is the size needed). */
static teeio_err give(const uint8_t *src, size_t n, uint8_t *out, size_t *len)
{
	size_t cap = *len;
	*len = n;
	ENSURE(out && n <= cap, TEEIO_ERR_SIZE);
	memcpy(out, src, n);
	return TEEIO_OK;
}

teeio_err teeio_ossl_pkey_export_private(const struct teeio_pkey *k, bool pem, uint8_t *out,
					 size_t *len)
{
	ENSURE(k && k->impl && len, TEEIO_ERR_USAGE);
	ENSURE(k->has_private, TEEIO_ERR_USAGE);
	OSSL_ENCODER_CTX *ectx = OSSL_ENCODER_CTX_new_for_pkey(
	    k->impl, EVP_PKEY_KEYPAIR, pem ? "PEM" : "DER", "PrivateKeyInfo", NULL);
	ENSURE(ectx, TEEIO_ERR_INTERNAL_NOMEM);
	unsigned char *buf = NULL;
	size_t n = 0;
	teeio_err rc = TEEIO_ERR_CRYPTO;
	if (OSSL_ENCODER_CTX_get_num_encoders(ectx) > 0 &&
	    OSSL_ENCODER_to_data(ectx, &buf, &n) == 1)
		rc = give(buf, n, out, len);
	OSSL_ENCODER_CTX_free(ectx);
	OPENSSL_clear_free(buf, n); /* the private key in encoded form */
	return rc;
}

teeio_err teeio_ossl_pkey_export_public(const struct teeio_pkey *k, uint8_t *out, size_t *len)
{
	ENSURE(k && k->impl && len, TEEIO_ERR_USAGE);
	unsigned char *buf = NULL;
	int n = i2d_PUBKEY(k->impl, &buf);
	ENSURE(n > 0, TEEIO_ERR_CRYPTO);
	teeio_err rc = give(buf, (size_t)n, out, len);
	OPENSSL_free(buf);
	return rc;
}

void teeio_ossl_pkey_free(struct teeio_pkey *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->impl); /* OpenSSL cleanses private components */
	*k = (struct teeio_pkey){0};
}
