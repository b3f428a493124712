/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * X.509 decoding and chain verification (OpenSSL backend).
 *
 *  - cert_der_len: hand-decoded outer SEQUENCE header (X.690 8.1.3, DER
 *    definite length), so that an SPDM certificate chain can be split
 *    without trusting OpenSSL to stop at the right byte.
 *  - cert_info: the facts of one certificate.
 *  - cert_chain_verify: path validation to caller-given trust anchors
 *    with the SPDM order enforced, then the DSP0274 1.3 leaf checks.
 *
 * Every failure of a certificate, including malformed DER, is
 * TEEIO_ERR_CRYPTO_CERT; every OpenSSL object is released on every path.
 */
#include <limits.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "openssl_internal.h"
#include "spdm_oids.h"

/* A chain longer than this is rejected (SPDM chains are 2-4 certs; the
 * 64 KiB chain bound of DSP0274 could hold more, none seen in practice). */
#define X509_CHAIN_CERTS_MAX 16

/* X.690 8.1.2 / 8.1.3: universal, constructed SEQUENCE tag and length forms. */
#define ASN1_TAG_SEQUENCE 0x30
#define ASN1_LEN_LONG 0x80 /* bit 8 set: long form, low bits = octet count */
#define ASN1_LEN_OCTETS_MAX 4 /* we never accept a length beyond 2^32-1 */

teeio_err teeio_ossl_cert_der_len(const uint8_t *der, size_t avail, size_t *len)
{
	struct teeio_buf b = teeio_buf_reader(der, der ? avail : 0);
	uint8_t tag, first;
	size_t content;

	if (!len)
		return TEEIO_ERR_USAGE;
	TRY(teeio_buf_get_u8(&b, &tag));
	ENSURE(tag == ASN1_TAG_SEQUENCE, TEEIO_ERR_PROTO);
	TRY(teeio_buf_get_u8(&b, &first));
	if (!(first & ASN1_LEN_LONG)) {
		content = first;
	} else {
		size_t n = first & 0x7f;
		/* 0x80 is the BER indefinite form: not DER (X.690 10.1). */
		ENSURE(n >= 1 && n <= ASN1_LEN_OCTETS_MAX, TEEIO_ERR_PROTO);
		content = 0;
		for (size_t i = 0; i < n; i++) {
			uint8_t o;
			TRY(teeio_buf_get_u8(&b, &o));
			/* DER: the minimal number of octets (X.690 10.1). */
			ENSURE(i > 0 || o != 0, TEEIO_ERR_PROTO);
			content = (content << 8) | o;
		}
		ENSURE(content >= ASN1_LEN_LONG, TEEIO_ERR_PROTO);
	}
	ENSURE(content <= teeio_buf_left(&b), TEEIO_ERR_SIZE_TRUNCATED);
	*len = b.pos + content;
	return TEEIO_OK;
}

/* One certificate that must span exactly `len` bytes; NULL on any error. */
static X509 *x509_decode_exact(const uint8_t *der, size_t len)
{
	size_t one;
	if (teeio_ossl_cert_der_len(der, len, &one) != TEEIO_OK || one != len || len > LONG_MAX)
		return NULL;
	const unsigned char *p = der;
	X509 *x = d2i_X509(NULL, &p, (long)len);
	if (x && p != der + len) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* Days from 1970-01-01 to a proleptic Gregorian civil date. */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool asn1_time_to_epoch(const ASN1_TIME *t, int64_t *out)
{
	struct tm tm;
	if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
		return false;
	int64_t days = days_from_civil((int64_t)tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	*out = days * 86400 + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	return true;
}

/* RFC 2253 form of a name, truncated to fit (always NUL-terminated). */
static bool name_to_str(const X509_NAME *name, char *out, size_t cap)
{
	BIO *bio = BIO_new(BIO_s_mem());
	bool ok = false;
	out[0] = '\0';
	if (!bio)
		return false;
	if (X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253) >= 0) {
		int n = BIO_read(bio, out, (int)cap - 1);
		out[n > 0 ? n : 0] = '\0';
		ok = true;
	}
	BIO_free(bio);
	return ok;
}

static teeio_err fill_info(X509 *x, struct teeio_cert_info *info)
{
	memset(info, 0, sizeof(*info));
	ENSURE(name_to_str(X509_get_subject_name(x), info->subject, sizeof(info->subject)),
	       TEEIO_ERR_CRYPTO_CERT);
	ENSURE(name_to_str(X509_get_issuer_name(x), info->issuer, sizeof(info->issuer)),
	       TEEIO_ERR_CRYPTO_CERT);
	ENSURE(asn1_time_to_epoch(X509_get0_notBefore(x), &info->not_before),
	       TEEIO_ERR_CRYPTO_CERT);
	ENSURE(asn1_time_to_epoch(X509_get0_notAfter(x), &info->not_after), TEEIO_ERR_CRYPTO_CERT);
	const EVP_PKEY *pk = X509_get0_pubkey(x);
	info->key_alg = pk ? teeio_ossl_sig_alg_of(pk, TEEIO_SIG_NONE) : TEEIO_SIG_NONE;
	info->is_ca = (X509_get_extension_flags(x) & EXFLAG_CA) != 0;
	return TEEIO_OK;
}

teeio_err teeio_ossl_cert_info(const uint8_t *der, size_t len, struct teeio_cert_info *info)
{
	ENSURE(info, TEEIO_ERR_USAGE);
	X509 *x = der ? x509_decode_exact(der, len) : NULL;
	ENSURE(x, TEEIO_ERR_CRYPTO_CERT);
	teeio_err rc = fill_info(x, info);
	X509_free(x);
	return rc;
}

/*
 * SPDM extended key usage (DSP0274 1.3, "Extended Key Usage" of the leaf
 * certificate; the same rule as libspdm's leaf check): an EKU that names
 * only the other role's SPDM purpose disqualifies the certificate; no EKU
 * or no SPDM purpose at all is acceptable.
 */
static bool spdm_eku_ok(X509 *leaf, enum teeio_leaf_role role)
{
	int crit = 0;
	EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(leaf, NID_ext_key_usage, &crit, NULL);
	if (!eku)
		return crit == -1; /* -1: absent; -2 duplicated, >=0 undecodable */
	bool rsp = false, req = false;
	ASN1_OBJECT *o_rsp = OBJ_txt2obj(TEEIO_OID_DMTF_EKU_RESPONDER_AUTH, 1);
	ASN1_OBJECT *o_req = OBJ_txt2obj(TEEIO_OID_DMTF_EKU_REQUESTER_AUTH, 1);
	bool ok = o_rsp && o_req;
	for (int i = 0; ok && i < sk_ASN1_OBJECT_num(eku); i++) {
		const ASN1_OBJECT *o = sk_ASN1_OBJECT_value(eku, i);
		rsp |= OBJ_cmp(o, o_rsp) == 0;
		req |= OBJ_cmp(o, o_req) == 0;
	}
	if (ok && role == TEEIO_LEAF_RESPONDER && req && !rsp)
		ok = false;
	if (ok && role == TEEIO_LEAF_REQUESTER && rsp && !req)
		ok = false;
	ASN1_OBJECT_free(o_rsp);
	ASN1_OBJECT_free(o_req);
	EXTENDED_KEY_USAGE_free(eku);
	return ok;
}

/*
 * DSP0274 1.3 leaf ("device") certificate requirements, as libspdm's
 * x509 certificate check enforces them: X.509 v3, serial, issuer and
 * subject present, validity (already checked against `now` by the path
 * validation), a supported subject key algorithm, keyUsage present with
 * digitalSignature, basicConstraints absent or cA FALSE, and the SPDM
 * EKU rule above.  Extensions that do not decode fail the check.
 */
static bool leaf_ok(X509 *leaf, enum teeio_leaf_role role)
{
	if (role == TEEIO_LEAF_ANY)
		return true;
	uint32_t flags = X509_get_extension_flags(leaf);
	if (flags & EXFLAG_INVALID)
		return false;
	if (X509_get_version(leaf) != X509_VERSION_3)
		return false;
	const ASN1_INTEGER *serial = X509_get0_serialNumber(leaf);
	if (!serial || ASN1_STRING_length(serial) == 0)
		return false;
	if (X509_NAME_entry_count(X509_get_issuer_name(leaf)) == 0 ||
	    X509_NAME_entry_count(X509_get_subject_name(leaf)) == 0)
		return false;
	if (flags & EXFLAG_CA)
		return false;
	if (!(flags & EXFLAG_KUSAGE) || !(X509_get_key_usage(leaf) & KU_DIGITAL_SIGNATURE))
		return false;
	const EVP_PKEY *pk = X509_get0_pubkey(leaf);
	if (!pk || teeio_ossl_sig_alg_of(pk, TEEIO_SIG_NONE) == TEEIO_SIG_NONE)
		return false;
	return spdm_eku_ok(leaf, role);
}

/* Everything one verification owns, released by chain_release. */
struct chain_work {
	X509 *certs[X509_CHAIN_CERTS_MAX];
	size_t n;
	STACK_OF(X509) * untrusted;
	X509_STORE *store;
	X509_STORE_CTX *ctx;
};

static void chain_release(struct chain_work *w)
{
	X509_STORE_CTX_free(w->ctx);
	X509_STORE_free(w->store);
	sk_X509_free(w->untrusted); /* the certs are owned by w->certs */
	for (size_t i = 0; i < w->n; i++)
		X509_free(w->certs[i]);
}

/* Split and decode the concatenated DER chain (SPDM order). */
static teeio_err chain_decode(struct chain_work *w, const uint8_t *chain, size_t chain_len)
{
	struct teeio_buf b = teeio_buf_reader(chain, chain_len);
	ENSURE(chain_len > 0, TEEIO_ERR_CRYPTO_CERT);
	while (teeio_buf_left(&b) > 0) {
		size_t one;
		const uint8_t *p;
		ENSURE(w->n < X509_CHAIN_CERTS_MAX, TEEIO_ERR_CRYPTO_CERT);
		ENSURE(teeio_ossl_cert_der_len(teeio_buf_cur(&b), teeio_buf_left(&b), &one) ==
			   TEEIO_OK,
		       TEEIO_ERR_CRYPTO_CERT);
		ENSURE(teeio_buf_get_ref(&b, &p, one) == TEEIO_OK, TEEIO_ERR_CRYPTO_CERT);
		w->certs[w->n] = x509_decode_exact(p, one);
		ENSURE(w->certs[w->n], TEEIO_ERR_CRYPTO_CERT);
		w->n++;
	}
	return TEEIO_OK;
}

static teeio_err store_roots(struct chain_work *w, const uint8_t *const *roots,
			     const size_t *root_lens, size_t n_roots)
{
	ENSURE(n_roots > 0 && roots && root_lens, TEEIO_ERR_CRYPTO_CERT);
	w->store = X509_STORE_new();
	ENSURE(w->store, TEEIO_ERR_INTERNAL_NOMEM);
	for (size_t i = 0; i < n_roots; i++) {
		X509 *r = roots[i] ? x509_decode_exact(roots[i], root_lens[i]) : NULL;
		ENSURE(r, TEEIO_ERR_CRYPTO_CERT);
		int ok = X509_STORE_add_cert(w->store, r); /* takes its own reference */
		X509_free(r);
		ENSURE(ok == 1, TEEIO_ERR_CRYPTO_CERT);
	}
	return TEEIO_OK;
}

/*
 * SPDM order (DSP0274 1.3, "Certificate chain format"): each certificate
 * is issued by the one before it.  OpenSSL builds its own path and could
 * skip or reorder certificates; this makes a misordered chain fail.
 */
static bool chain_in_order(const struct chain_work *w)
{
	for (size_t i = 1; i < w->n; i++)
		if (X509_check_issued(w->certs[i - 1], w->certs[i]) != X509_V_OK)
			return false;
	return true;
}

static teeio_err chain_verify(struct chain_work *w, int64_t now)
{
	ENSURE(chain_in_order(w), TEEIO_ERR_CRYPTO_CERT);
	w->untrusted = sk_X509_new_null();
	w->ctx = X509_STORE_CTX_new();
	ENSURE(w->untrusted && w->ctx, TEEIO_ERR_INTERNAL_NOMEM);
	for (size_t i = 0; i + 1 < w->n; i++)
		ENSURE(sk_X509_push(w->untrusted, w->certs[i]) > 0, TEEIO_ERR_INTERNAL_NOMEM);
	X509 *leaf = w->certs[w->n - 1];
	ENSURE(X509_STORE_CTX_init(w->ctx, w->store, leaf, w->untrusted) == 1,
	       TEEIO_ERR_CRYPTO_CERT);
	X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(w->ctx);
	/* Any given trusted certificate is an anchor, self-signed or not:
	 * SPDM peers provision roots and sometimes intermediates. */
	X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
	X509_VERIFY_PARAM_set_time(param, now != 0 ? (time_t)now : time(NULL));
	ENSURE(X509_verify_cert(w->ctx) == 1, TEEIO_ERR_CRYPTO_CERT);
	return TEEIO_OK;
}

teeio_err teeio_ossl_cert_chain_verify(const uint8_t *chain, size_t chain_len,
				       const uint8_t *const *roots, const size_t *root_lens,
				       size_t n_roots, enum teeio_leaf_role role, int64_t now,
				       struct teeio_cert_info *leaf)
{
	struct chain_work w = {0};
	teeio_err rc = TEEIO_OK;

	ENSURE_OUT(chain, TEEIO_ERR_CRYPTO_CERT);
	TRY_OUT(chain_decode(&w, chain, chain_len));
	TRY_OUT(store_roots(&w, roots, root_lens, n_roots));
	TRY_OUT(chain_verify(&w, now));
	ENSURE_OUT(leaf_ok(w.certs[w.n - 1], role), TEEIO_ERR_CRYPTO_CERT);
	if (leaf)
		TRY_OUT(fill_info(w.certs[w.n - 1], leaf));
out:
	chain_release(&w);
	return rc;
}
