/* SPDX-License-Identifier: BSD-3-Clause */
#include "crypto_kat.h"

#include <string.h>

#include "test.h"

size_t kat_unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	teeio_err e = teeio_unhex(hex, out, cap, &n);
	if (e != TEEIO_OK) {
		test_fail(__FILE__, __LINE__, "bad test vector hex: %s", teeio_err_str(e));
		return 0;
	}
	return n;
}

/* DER object identifiers (content octets only). */
static const uint8_t oid_ec_public_key[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};
static const uint8_t oid_p256[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
static const uint8_t oid_p384[] = {0x2b, 0x81, 0x04, 0x00, 0x22};
static const uint8_t oid_p521[] = {0x2b, 0x81, 0x04, 0x00, 0x23};
static const uint8_t oid_ed25519[] = {0x2b, 0x65, 0x70}; /* RFC 8410 */
static const uint8_t oid_ed448[] = {0x2b, 0x65, 0x71};

/* A tiny DER writer: short-form lengths only (every object here < 128). */
struct der {
	uint8_t *p;
	size_t len, cap;
	bool bad;
};

static void put(struct der *d, const void *src, size_t n)
{
	if (d->bad || d->len + n > d->cap) {
		d->bad = true;
		return;
	}
	memcpy(d->p + d->len, src, n);
	d->len += n;
}

static void tlv(struct der *d, uint8_t tag, const void *val, size_t n)
{
	uint8_t hdr[2] = {tag, (uint8_t)n};
	if (n >= 128)
		d->bad = true;
	put(d, hdr, 2);
	put(d, val, n);
}

size_t kat_pkcs8(enum teeio_sig_alg alg, const uint8_t *priv, size_t priv_len, uint8_t *out,
		 size_t cap)
{
	uint8_t alg_id[32], key[96], body[160];
	struct der a = {alg_id, 0, sizeof(alg_id), false};
	struct der k = {key, 0, sizeof(key), false};
	static const uint8_t v0 = 0, v1 = 1;
	const uint8_t *curve = NULL;
	size_t curve_len = 0;

	switch (alg) {
	case TEEIO_SIG_ECDSA_P256: curve = oid_p256, curve_len = sizeof(oid_p256); break;
	case TEEIO_SIG_ECDSA_P384: curve = oid_p384, curve_len = sizeof(oid_p384); break;
	case TEEIO_SIG_ECDSA_P521: curve = oid_p521, curve_len = sizeof(oid_p521); break;
	case TEEIO_SIG_ED25519: tlv(&a, 0x06, oid_ed25519, sizeof(oid_ed25519)); break;
	case TEEIO_SIG_ED448: tlv(&a, 0x06, oid_ed448, sizeof(oid_ed448)); break;
	default: return 0;
	}
	if (curve) {
		/* AlgorithmIdentifier { id-ecPublicKey, namedCurve } and
		 * ECPrivateKey { version 1, privateKey }. */
		tlv(&a, 0x06, oid_ec_public_key, sizeof(oid_ec_public_key));
		tlv(&a, 0x06, curve, curve_len);
		uint8_t ecpk[96];
		struct der e = {ecpk, 0, sizeof(ecpk), false};
		tlv(&e, 0x02, &v1, 1);
		tlv(&e, 0x04, priv, priv_len);
		if (e.bad)
			return 0;
		tlv(&k, 0x30, ecpk, e.len);
	} else {
		/* RFC 8410 CurvePrivateKey ::= OCTET STRING */
		tlv(&k, 0x04, priv, priv_len);
	}
	struct der b = {body, 0, sizeof(body), false};
	tlv(&b, 0x02, &v0, 1);
	tlv(&b, 0x30, alg_id, a.len);
	tlv(&b, 0x04, key, k.len);
	struct der o = {out, 0, cap, false};
	tlv(&o, 0x30, body, b.len);
	return a.bad || k.bad || b.bad || o.bad ? 0 : o.len;
}

teeio_err kat_load_raw_private(const struct teeio_crypto_ops *ops, struct teeio_pkey *k,
			       enum teeio_sig_alg alg, const char *priv_hex)
{
	uint8_t priv[80], der[160];
	size_t n = kat_unhex(priv_hex, priv, sizeof(priv));
	size_t dn = kat_pkcs8(alg, priv, n, der, sizeof(der));
	if (!n || !dn)
		return TEEIO_ERR_USAGE;
	return ops->pkey_load_private(k, alg, der, dn);
}
