/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hand-made DER certificates for negative tests (see x509.h).  Each piece
 * is encoded into its own buffer and wrapped as tag-length-value with the
 * minimal DER length (X.690 10.1), bottom-up.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "x509.h"

#define PIECE_MAX 2048

/* X.690 universal tags and the context tags of TBSCertificate. */
#define T_BOOLEAN 0x01
#define T_INTEGER 0x02
#define T_BIT_STRING 0x03
#define T_OCTET_STRING 0x04
#define T_OID 0x06
#define T_UTF8 0x0c
#define T_UTC_TIME 0x17
#define T_SEQUENCE 0x30
#define T_SET 0x31
#define T_CTX0 0xa0 /* [0] EXPLICIT version */
#define T_CTX3 0xa3 /* [3] EXPLICIT extensions */

struct piece {
	uint8_t b[PIECE_MAX];
	size_t n;
};

static teeio_err put_tlv(struct piece *out, uint8_t tag, const void *c, size_t n)
{
	struct teeio_buf w = teeio_buf_writer(out->b + out->n, sizeof(out->b) - out->n);
	TRY(teeio_buf_put_u8(&w, tag));
	if (n < 0x80) {
		TRY(teeio_buf_put_u8(&w, (uint8_t)n));
	} else if (n <= 0xff) {
		TRY(teeio_buf_put_u8(&w, 0x81));
		TRY(teeio_buf_put_u8(&w, (uint8_t)n));
	} else {
		TRY(teeio_buf_put_u8(&w, 0x82));
		TRY(teeio_buf_put_u16be(&w, (uint16_t)n));
	}
	TRY(teeio_buf_put_bytes(&w, c, n));
	out->n += w.pos;
	return TEEIO_OK;
}

static teeio_err put_raw(struct piece *out, const void *c, size_t n)
{
	ENSURE(n <= sizeof(out->b) - out->n, TEEIO_ERR_SIZE);
	memcpy(out->b + out->n, c, n);
	out->n += n;
	return TEEIO_OK;
}

/* Wrap everything in `in` as one TLV appended to `out`. */
static teeio_err wrap(struct piece *out, uint8_t tag, const struct piece *in)
{
	return put_tlv(out, tag, in->b, in->n);
}

/* The raw subject Name of a DER certificate (TBS fields 1-6). */
static teeio_err subject_of(const uint8_t *cert, size_t len, const uint8_t **name, size_t *nlen)
{
	struct teeio_buf b = teeio_buf_reader(cert, len);
	/* Certificate SEQUENCE, then TBSCertificate SEQUENCE: enter both. */
	for (int depth = 0; depth < 2; depth++) {
		uint8_t tag, l;
		TRY(teeio_buf_get_u8(&b, &tag));
		TRY(teeio_buf_get_u8(&b, &l));
		if (l & 0x80)
			TRY(teeio_buf_skip(&b, l & 0x7f));
	}
	/* version [0], serial, signature, issuer, validity, subject. */
	for (int field = 0; field < 6; field++) {
		const uint8_t *start = teeio_buf_cur(&b);
		uint8_t tag, l;
		size_t n = 0;
		TRY(teeio_buf_get_u8(&b, &tag));
		TRY(teeio_buf_get_u8(&b, &l));
		if (l & 0x80) {
			for (int i = 0; i < (l & 0x7f); i++) {
				uint8_t o;
				TRY(teeio_buf_get_u8(&b, &o));
				n = (n << 8) | o;
			}
		} else {
			n = l;
		}
		TRY(teeio_buf_skip(&b, n));
		if (field == 5) {
			*name = start;
			*nlen = (size_t)(teeio_buf_cur(&b) - start);
		}
	}
	return TEEIO_OK;
}

static teeio_err put_time(struct piece *out, time_t t)
{
	struct tm tm;
	char s[16];
	ENSURE(gmtime_r(&t, &tm), TEEIO_ERR_INTERNAL);
	/* RFC 5280 4.1.2.5.1: YYMMDDHHMMSSZ (years 1950-2049). */
	int n = snprintf(s, sizeof(s), "%02d%02d%02d%02d%02d%02dZ", tm.tm_year % 100, tm.tm_mon + 1,
			 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	ENSURE(n == 13, TEEIO_ERR_INTERNAL);
	return put_tlv(out, T_UTC_TIME, s, 13);
}

static teeio_err put_ext(struct piece *exts, const uint8_t *oid, size_t oid_len, bool critical,
			 const struct piece *value)
{
	static const uint8_t yes = 0xff;
	struct piece e = {0};
	TRY(put_tlv(&e, T_OID, oid, oid_len));
	if (critical)
		TRY(put_tlv(&e, T_BOOLEAN, &yes, 1));
	TRY(wrap(&e, T_OCTET_STRING, value));
	return wrap(exts, T_SEQUENCE, &e);
}

static teeio_err put_extensions(struct piece *tbs, const struct x509_forge_leaf *spec)
{
	static const uint8_t oid_bc[] = {0x55, 0x1d, 0x13}, oid_ku[] = {0x55, 0x1d, 0x0f},
			     oid_eku[] = {0x55, 0x1d, 0x25};
	static const uint8_t rsp[] = {0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0x1c, 0x82, 0x12, 0x03};
	static const uint8_t req[] = {0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0x1c, 0x82, 0x12, 0x04};
	static const uint8_t server[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01};
	static const uint8_t ca_true = 0xff;
	struct piece exts = {0}, v = {0}, inner = {0}, seq = {0};

	if (spec->ca)
		TRY(put_tlv(&inner, T_BOOLEAN, &ca_true, 1));
	TRY(wrap(&v, T_SEQUENCE, &inner));
	TRY(put_ext(&exts, oid_bc, sizeof(oid_bc), true, &v));
	if (spec->ku) {
		/* BIT STRING: unused-bit count, then the bits (RFC 5280 4.2.1.3). */
		uint8_t bits[2] = {0, spec->ku};
		while (bits[0] < 7 && !(spec->ku & (1u << bits[0])))
			bits[0]++;
		v.n = 0;
		TRY(put_tlv(&v, T_BIT_STRING, bits, 2));
		TRY(put_ext(&exts, oid_ku, sizeof(oid_ku), true, &v));
	}
	if (spec->eku) {
		if (spec->eku & X509_FORGE_EKU_SERVER)
			TRY(put_tlv(&seq, T_OID, server, sizeof(server)));
		if (spec->eku & X509_FORGE_EKU_RESPONDER)
			TRY(put_tlv(&seq, T_OID, rsp, sizeof(rsp)));
		if (spec->eku & X509_FORGE_EKU_REQUESTER)
			TRY(put_tlv(&seq, T_OID, req, sizeof(req)));
		v.n = 0;
		TRY(wrap(&v, T_SEQUENCE, &seq));
		TRY(put_ext(&exts, oid_eku, sizeof(oid_eku), false, &v));
	}
	struct piece list = {0};
	TRY(wrap(&list, T_SEQUENCE, &exts));
	return wrap(tbs, T_CTX3, &list);
}

teeio_err x509_forge_leaf(const struct teeio_crypto_ops *ops, const struct x509_forge_leaf *spec,
			  const struct teeio_pkey *subject, const struct teeio_pkey *issuer_key,
			  const uint8_t *issuer, size_t issuer_len, uint8_t *der, size_t *len)
{
	/* RFC 8410: id-Ed25519 1.3.101.112, no parameters. */
	static const uint8_t oid_ed25519[] = {0x2b, 0x65, 0x70};
	static const uint8_t oid_cn[] = {0x55, 0x04, 0x03};
	static const uint8_t serial[] = {0x42, 0x17};
	const uint8_t version = spec->v2 ? 1 : 2; /* X.509 version - 1 */
	struct piece tbs = {0}, alg = {0}, tmp = {0}, name = {0}, cert = {0}, out = {0};
	uint8_t spki[1024], sig[TEEIO_SIG_MAX];
	size_t spki_len = sizeof(spki), sig_len = sizeof(sig);
	const uint8_t *iname;
	size_t iname_len;
	time_t now = time(NULL);

	ENSURE(issuer_key->alg == TEEIO_SIG_ED25519, TEEIO_ERR_USAGE);
	TRY(subject_of(issuer, issuer_len, &iname, &iname_len));
	TRY(ops->pkey_export_public(subject, spki, &spki_len));
	TRY(put_tlv(&tmp, T_OID, oid_ed25519, sizeof(oid_ed25519)));
	TRY(wrap(&alg, T_SEQUENCE, &tmp));

	if (!spec->v1) {
		tmp.n = 0;
		TRY(put_tlv(&tmp, T_INTEGER, &version, 1));
		TRY(wrap(&tbs, T_CTX0, &tmp));
	}
	TRY(put_tlv(&tbs, T_INTEGER, serial, sizeof(serial)));
	TRY(put_raw(&tbs, alg.b, alg.n));
	TRY(put_raw(&tbs, iname, iname_len));
	tmp.n = 0;
	TRY(put_time(&tmp, now - 3600));
	TRY(put_time(&tmp, now + 30 * 86400));
	TRY(wrap(&tbs, T_SEQUENCE, &tmp));
	/* Subject: one RDN, CN=forged leaf. */
	tmp.n = 0;
	TRY(put_tlv(&tmp, T_OID, oid_cn, sizeof(oid_cn)));
	TRY(put_tlv(&tmp, T_UTF8, "forged leaf", 11));
	TRY(wrap(&name, T_SEQUENCE, &tmp));
	tmp.n = 0;
	TRY(wrap(&tmp, T_SET, &name));
	name.n = 0;
	TRY(wrap(&name, T_SEQUENCE, &tmp));
	TRY(put_raw(&tbs, name.b, name.n));
	TRY(put_raw(&tbs, spki, spki_len));
	if (!spec->v1)
		TRY(put_extensions(&tbs, spec));

	tmp.n = 0;
	TRY(wrap(&tmp, T_SEQUENCE, &tbs));
	TRY(ops->sign(issuer_key, TEEIO_HASH_NONE, tmp.b, tmp.n, sig, &sig_len));
	TRY(put_raw(&cert, tmp.b, tmp.n));
	TRY(put_raw(&cert, alg.b, alg.n));
	uint8_t bits[1 + TEEIO_SIG_MAX] = {0}; /* no unused bits */
	memcpy(bits + 1, sig, sig_len);
	TRY(put_tlv(&cert, T_BIT_STRING, bits, 1 + sig_len));
	TRY(wrap(&out, T_SEQUENCE, &cert));
	ENSURE(out.n <= *len, TEEIO_ERR_SIZE);
	memcpy(der, out.b, out.n);
	*len = out.n;
	return TEEIO_OK;
}
