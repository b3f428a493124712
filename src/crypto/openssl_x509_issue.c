/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Certificate issuance for the test PKI and the emulated device (OpenSSL
 * backend).  Profiles follow DSP0274 1.3 "Leaf certificate" requirements
 * for device and requester certificates and RFC 5280 for the CAs.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "openssl_internal.h"
#include "openssl_util.h"
#include "spdm_oids.h"

/* Certificates are backdated this much so that a verifier whose clock is
 * slightly behind ours still accepts them. */
#define ISSUE_BACKDATE_SECONDS 3600L

/* One extension in OpenSSL's configuration syntax. */
struct ext_spec {
	int nid;
	const char *value;
};

/* RFC 5280 4.2.1.9 / 4.2.1.3 for CAs; DSP0274 1.3 leaf requirements
 * (cA FALSE, digitalSignature, SPDM EKU) for the two leaf profiles. */
static const struct ext_spec root_exts[] = {
    {NID_basic_constraints, "critical,CA:TRUE"},
    {NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature"},
    {NID_subject_key_identifier, "hash"},
    {NID_authority_key_identifier, "keyid:always"},
};
static const struct ext_spec intermediate_exts[] = {
    {NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
    {NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature"},
    {NID_subject_key_identifier, "hash"},
    {NID_authority_key_identifier, "keyid:always"},
};
static const struct ext_spec device_exts[] = {
    {NID_basic_constraints, "critical,CA:FALSE"},
    {NID_key_usage, "critical,digitalSignature"},
    {NID_ext_key_usage, TEEIO_OID_DMTF_EKU_RESPONDER_AUTH},
    {NID_subject_key_identifier, "hash"},
    {NID_authority_key_identifier, "keyid:always"},
};
static const struct ext_spec requester_exts[] = {
    {NID_basic_constraints, "critical,CA:FALSE"},
    {NID_key_usage, "critical,digitalSignature"},
    {NID_ext_key_usage, TEEIO_OID_DMTF_EKU_REQUESTER_AUTH},
    {NID_subject_key_identifier, "hash"},
    {NID_authority_key_identifier, "keyid:always"},
};

struct profile_spec {
	enum teeio_cert_profile profile;
	const struct ext_spec *exts;
	size_t n;
};

static const struct profile_spec profiles[] = {
    {TEEIO_CERT_ROOT_CA, root_exts, TEEIO_ARRAY_LEN(root_exts)},
    {TEEIO_CERT_INTERMEDIATE_CA, intermediate_exts, TEEIO_ARRAY_LEN(intermediate_exts)},
    {TEEIO_CERT_DEVICE_LEAF, device_exts, TEEIO_ARRAY_LEN(device_exts)},
    {TEEIO_CERT_REQUESTER_LEAF, requester_exts, TEEIO_ARRAY_LEN(requester_exts)},
};

static const struct profile_spec *profile_of(enum teeio_cert_profile p)
{
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(profiles); i++)
		if (profiles[i].profile == p)
			return &profiles[i];
	return NULL;
}

/* The hash a certificate is signed with, matched to the issuer key's
 * strength; NONE for EdDSA (pure signature). */
static enum teeio_hash_alg issue_hash(enum teeio_sig_alg alg)
{
	switch (alg) {
	case TEEIO_SIG_ECDSA_P256:
	case TEEIO_SIG_RSASSA_2048:
	case TEEIO_SIG_RSAPSS_2048: return TEEIO_HASH_SHA256;
	case TEEIO_SIG_ECDSA_P384:
	case TEEIO_SIG_RSASSA_3072:
	case TEEIO_SIG_RSAPSS_3072:
	case TEEIO_SIG_RSASSA_4096:
	case TEEIO_SIG_RSAPSS_4096: return TEEIO_HASH_SHA384;
	case TEEIO_SIG_ECDSA_P521: return TEEIO_HASH_SHA512;
	case TEEIO_SIG_ED25519:
	case TEEIO_SIG_ED448:
	case TEEIO_SIG_NONE: break;
	}
	return TEEIO_HASH_NONE;
}

static bool is_rsapss(enum teeio_sig_alg alg)
{
	return alg == TEEIO_SIG_RSAPSS_2048 || alg == TEEIO_SIG_RSAPSS_3072 ||
	       alg == TEEIO_SIG_RSAPSS_4096;
}

static bool is_eddsa(enum teeio_sig_alg alg)
{
	return alg == TEEIO_SIG_ED25519 || alg == TEEIO_SIG_ED448;
}

static teeio_err add_ext(X509 *x, X509V3_CTX *v3, int nid, const char *value)
{
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, v3, nid, value);
	ENSURE(ext, TEEIO_ERR_CRYPTO);
	int ok = X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	ENSURE(ok == 1, TEEIO_ERR_CRYPTO);
	return TEEIO_OK;
}

/*
 * subjectAltName with the DMTF device-info otherName (DSP0274 1.3,
 * DMTFOtherName, type-id id-DMTF-device-info).
 * assumption: the UTF8String value is "<manufacturer>:<product>:<serial>",
 * as in DMTF spdm-emu's sample device certificates.
 */
static teeio_err add_device_san(X509 *x, X509V3_CTX *v3, uint64_t serial)
{
	char san[160];
	int n = snprintf(san, sizeof(san), "otherName:%s;UTF8:teeio:emulated-device:%016llx",
			 TEEIO_OID_DMTF_DEVICE_INFO, (unsigned long long)serial);
	ENSURE(n > 0 && (size_t)n < sizeof(san), TEEIO_ERR_INTERNAL);
	return add_ext(x, v3, NID_subject_alt_name, san);
}

static teeio_err set_names(X509 *x, const struct teeio_cert_request *req, X509 *issuer)
{
	X509_NAME *name = X509_get_subject_name(x);
	ENSURE(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, (const unsigned char *)"teeio",
					  -1, -1, 0) == 1,
	       TEEIO_ERR_CRYPTO);
	ENSURE(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
					  (const unsigned char *)req->subject_cn, -1, -1, 0) == 1,
	       TEEIO_ERR_CRYPTO);
	const X509_NAME *iname = issuer ? X509_get_subject_name(issuer) : name;
	ENSURE(X509_set_issuer_name(x, iname) == 1, TEEIO_ERR_CRYPTO);
	return TEEIO_OK;
}

static teeio_err set_basics(X509 *x, const struct teeio_cert_request *req)
{
	ENSURE(X509_set_version(x, X509_VERSION_3) == 1, TEEIO_ERR_CRYPTO);
	ENSURE(ASN1_INTEGER_set_uint64(X509_get_serialNumber(x), req->serial) == 1,
	       TEEIO_ERR_CRYPTO);
	long days = (long)req->validity_days;
	ENSURE(X509_gmtime_adj(X509_getm_notBefore(x), -ISSUE_BACKDATE_SECONDS) != NULL,
	       TEEIO_ERR_CRYPTO);
	ENSURE(X509_time_adj_ex(X509_getm_notAfter(x), (int)days, 0, NULL) != NULL,
	       TEEIO_ERR_CRYPTO);
	ENSURE(X509_set_pubkey(x, req->subject_key->impl) == 1, TEEIO_ERR_CRYPTO);
	return TEEIO_OK;
}

static teeio_err add_profile_exts(X509 *x, const struct teeio_cert_request *req, X509 *issuer)
{
	const struct profile_spec *spec = profile_of(req->profile);
	X509V3_CTX v3;
	ENSURE(spec, TEEIO_ERR_USAGE);
	/* A root is its own issuer: its AKID repeats its SKID, added first. */
	X509V3_set_ctx(&v3, issuer ? issuer : x, x, NULL, NULL, 0);
	for (size_t i = 0; i < spec->n; i++)
		TRY(add_ext(x, &v3, spec->exts[i].nid, spec->exts[i].value));
	if (req->profile == TEEIO_CERT_DEVICE_LEAF)
		TRY(add_device_san(x, &v3, req->serial));
	return TEEIO_OK;
}

static teeio_err sign_cert(X509 *x, const struct teeio_pkey *issuer_key)
{
	EVP_MD_CTX *mctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	teeio_err rc = TEEIO_OK;
	enum teeio_hash_alg h = issue_hash(issuer_key->alg);
	const EVP_MD *md = h == TEEIO_HASH_NONE ? NULL : teeio_ossl_md(h);

	ENSURE_OUT(mctx, TEEIO_ERR_INTERNAL_NOMEM);
	ENSURE_OUT(md || is_eddsa(issuer_key->alg), TEEIO_ERR_CRYPTO_UNSUPPORTED);
	ENSURE_OUT(EVP_DigestSignInit(mctx, &pctx, md, NULL, issuer_key->impl) == 1,
		   TEEIO_ERR_CRYPTO);
	if (is_rsapss(issuer_key->alg)) {
		/* RFC 4055: PSS with MGF1 on the same hash, salt = hash length. */
		ENSURE_OUT(EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1,
			   TEEIO_ERR_CRYPTO);
		ENSURE_OUT(EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1,
			   TEEIO_ERR_CRYPTO);
	}
	ENSURE_OUT(X509_sign_ctx(x, mctx) > 0, TEEIO_ERR_CRYPTO);
out:
	EVP_MD_CTX_free(mctx); /* frees pctx too */
	return rc;
}

static bool request_ok(const struct teeio_cert_request *req)
{
	if (!req || !req->subject_cn || !req->subject_key || !req->subject_key->impl ||
	    !req->issuer_key || !req->issuer_key->impl || !req->issuer_key->has_private)
		return false;
	if (req->validity_days == 0 || req->validity_days > INT_MAX)
		return false;
	bool root = req->profile == TEEIO_CERT_ROOT_CA;
	/* A root is self-issued; everything else names its issuer. */
	return root ? req->issuer_cert == NULL : req->issuer_cert != NULL;
}

teeio_err teeio_ossl_cert_issue(const struct teeio_cert_request *req, uint8_t *der, size_t *len)
{
	X509 *x = NULL, *issuer = NULL;
	teeio_err rc = TEEIO_OK;

	ENSURE(request_ok(req) && der && len, TEEIO_ERR_USAGE);
	if (req->issuer_cert) {
		const unsigned char *p = req->issuer_cert;
		ENSURE(req->issuer_cert_len <= LONG_MAX, TEEIO_ERR_USAGE);
		issuer = d2i_X509(NULL, &p, (long)req->issuer_cert_len);
		ENSURE_OUT(issuer && p == req->issuer_cert + req->issuer_cert_len,
			   TEEIO_ERR_CRYPTO_CERT);
	}
	x = X509_new();
	ENSURE_OUT(x, TEEIO_ERR_INTERNAL_NOMEM);
	TRY_OUT(set_basics(x, req));
	TRY_OUT(set_names(x, req, issuer));
	TRY_OUT(add_profile_exts(x, req, issuer));
	TRY_OUT(sign_cert(x, req->issuer_key));

	int n = i2d_X509(x, NULL);
	ENSURE_OUT(n > 0, TEEIO_ERR_CRYPTO);
	ENSURE_OUT((size_t)n <= *len, TEEIO_ERR_SIZE);
	unsigned char *w = der;
	ENSURE_OUT(i2d_X509(x, &w) == n, TEEIO_ERR_CRYPTO);
	*len = (size_t)n;
out:
	X509_free(x);
	X509_free(issuer);
	return rc;
}
