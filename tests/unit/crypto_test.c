/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the crypto module: the algorithm tables, ops_validate, the
 * object contract (copy independence, free safety, use after final) and
 * every error path of the OpenSSL backend that a caller can reach.
 * Known-answer vectors live in tests/kat/.
 */
#include "teeio/crypto.h"

#include "test.h"

static const struct teeio_crypto_ops *ops;

/* ---- tables ---------------------------------------------------------- */

TEST(sizes_and_names)
{
	CHECK_EQ(teeio_hash_size(TEEIO_HASH_SHA256), 32);
	CHECK_EQ(teeio_hash_size(TEEIO_HASH_SHA384), 48);
	CHECK_EQ(teeio_hash_size(TEEIO_HASH_SHA512), 64);
	CHECK_EQ(teeio_hash_size(TEEIO_HASH_NONE), 0);
	CHECK_EQ(teeio_aead_key_size(TEEIO_AEAD_AES128_GCM), 16);
	CHECK_EQ(teeio_aead_key_size(TEEIO_AEAD_AES256_GCM), 32);
	CHECK_EQ(teeio_aead_key_size(TEEIO_AEAD_CHACHA20_POLY1305), 32);
	CHECK_EQ(teeio_aead_tag_size(TEEIO_AEAD_AES256_GCM), 16);
	CHECK_EQ(teeio_aead_tag_size(TEEIO_AEAD_NONE), 0);
	CHECK_EQ(teeio_sig_size(TEEIO_SIG_ECDSA_P521), 132);
	CHECK_EQ(teeio_sig_size(TEEIO_SIG_RSAPSS_3072), 384);
	CHECK_EQ(teeio_sig_size(TEEIO_SIG_ED448), 114);
	CHECK_EQ(teeio_sig_size(TEEIO_SIG_NONE), 0);
	CHECK_EQ(teeio_dhe_pub_size(TEEIO_DHE_SECP521R1), 132);
	CHECK_EQ(teeio_dhe_secret_size(TEEIO_DHE_SECP384R1), 48);
	CHECK_EQ(teeio_dhe_pub_size(TEEIO_DHE_NONE), 0);
	CHECK(!strcmp(teeio_hash_name(TEEIO_HASH_SHA384), "sha384"));
	CHECK(!strcmp(teeio_aead_name(TEEIO_AEAD_CHACHA20_POLY1305), "chacha20-poly1305"));
	CHECK(!strcmp(teeio_dhe_name(TEEIO_DHE_SECP256R1), "secp256r1"));
	CHECK(!strcmp(teeio_sig_name((enum teeio_sig_alg)99), "none"));
	for (int a = TEEIO_SIG_ECDSA_P256; a <= TEEIO_SIG_ED448; a++)
		CHECK_EQ(teeio_sig_from_name(teeio_sig_name((enum teeio_sig_alg)a)), a);
	CHECK_EQ(teeio_sig_from_name("ecdsa-p999"), TEEIO_SIG_NONE);
	CHECK_EQ(teeio_sig_from_name("none"), TEEIO_SIG_NONE);
	CHECK(ops == teeio_crypto_openssl()); /* one immutable table */
	CHECK(!strcmp(ops->name, "openssl"));
}

TEST(ops_validate)
{
	CHECK_OK(teeio_crypto_ops_validate(ops));
	CHECK_ERR(teeio_crypto_ops_validate(NULL), TEEIO_ERR_USAGE);
	struct teeio_crypto_ops o = *ops;
	o.name = NULL;
	CHECK_ERR(teeio_crypto_ops_validate(&o), TEEIO_ERR_USAGE);
	o = *ops;
	o.hash_copy = NULL;
	CHECK_ERR(teeio_crypto_ops_validate(&o), TEEIO_ERR_USAGE);
	o = *ops;
	o.cert_issue = NULL;
	CHECK_ERR(teeio_crypto_ops_validate(&o), TEEIO_ERR_USAGE);
	o = *ops;
	o.random = NULL;
	CHECK_ERR(teeio_crypto_ops_validate(&o), TEEIO_ERR_USAGE);
}

/* ---- hashing --------------------------------------------------------- */

TEST(hash_copy_is_independent)
{
	struct teeio_hash a = {0}, b = {0};
	uint8_t da[64], db[64], want_a[64], want_b[64];
	CHECK_OK(ops->hash_init(&a, TEEIO_HASH_SHA512));
	CHECK_OK(ops->hash_update(&a, "prefix", 6));
	CHECK_OK(ops->hash_copy(&b, &a));
	CHECK_EQ(b.alg, TEEIO_HASH_SHA512);
	CHECK_OK(ops->hash_update(&a, "-A", 2));
	CHECK_OK(ops->hash_update(&b, "-B", 2));
	CHECK_OK(ops->hash_final(&a, da));
	CHECK_OK(ops->hash_final(&b, db));
	CHECK_OK(ops->hash(TEEIO_HASH_SHA512, "prefix-A", 8, want_a));
	CHECK_OK(ops->hash(TEEIO_HASH_SHA512, "prefix-B", 8, want_b));
	CHECK_MEM(da, want_a, 64);
	CHECK_MEM(db, want_b, 64);
	ops->hash_free(&a);
	ops->hash_free(&b);
}

TEST(hash_errors)
{
	struct teeio_hash h = {0};
	uint8_t out[64];
	CHECK_ERR(ops->hash_init(&h, TEEIO_HASH_NONE), TEEIO_ERR_CRYPTO_UNSUPPORTED);
	CHECK_ERR(ops->hash_init(&h, (enum teeio_hash_alg)42), TEEIO_ERR_CRYPTO_UNSUPPORTED);
	CHECK_ERR(ops->hash_init(NULL, TEEIO_HASH_SHA256), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->hash_update(&h, "x", 1), TEEIO_ERR_USAGE); /* never initialised */
	CHECK_ERR(ops->hash_final(&h, out), TEEIO_ERR_USAGE);
	struct teeio_hash c = {0};
	CHECK_ERR(ops->hash_copy(&c, &h), TEEIO_ERR_USAGE);
	CHECK_OK(ops->hash_init(&h, TEEIO_HASH_SHA256));
	CHECK_ERR(ops->hash_update(&h, NULL, 1), TEEIO_ERR_USAGE);
	CHECK_OK(ops->hash_update(&h, NULL, 0));
	CHECK_ERR(ops->hash_copy(&h, &h), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->hash_final(&h, NULL), TEEIO_ERR_USAGE);
	CHECK_OK(ops->hash_final(&h, out));
	/* Finished: no more updates, only free (twice is fine). */
	CHECK_ERR(ops->hash_update(&h, "x", 1), TEEIO_ERR_USAGE);
	ops->hash_free(&h);
	ops->hash_free(&h);
	ops->hash_free(NULL);
	CHECK_ERR(ops->hash(TEEIO_HASH_NONE, "x", 1, out), TEEIO_ERR_CRYPTO_UNSUPPORTED);
	CHECK_ERR(ops->hash(TEEIO_HASH_SHA256, NULL, 1, out), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->hash(TEEIO_HASH_SHA256, "x", 1, NULL), TEEIO_ERR_USAGE);
	CHECK_OK(ops->hash(TEEIO_HASH_SHA256, NULL, 0, out));
}

/* ---- MAC and KDF ----------------------------------------------------- */

TEST(mac_kdf_errors)
{
	uint8_t key[64] = {1}, out[64], big[64 * 256];
	CHECK_ERR(ops->hmac(TEEIO_HASH_NONE, key, 16, "x", 1, out), TEEIO_ERR_CRYPTO_UNSUPPORTED);
	CHECK_ERR(ops->hmac(TEEIO_HASH_SHA256, NULL, 16, "x", 1, out), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->hmac(TEEIO_HASH_SHA256, key, 16, "x", 1, NULL), TEEIO_ERR_USAGE);
	/* An empty key and empty data are legal HMAC inputs. */
	CHECK_OK(ops->hmac(TEEIO_HASH_SHA256, NULL, 0, NULL, 0, out));
	CHECK_ERR(ops->hkdf_extract(TEEIO_HASH_NONE, key, 1, key, 1, out),
		  TEEIO_ERR_CRYPTO_UNSUPPORTED);
	CHECK_ERR(ops->hkdf_extract(TEEIO_HASH_SHA256, key, 1, key, 1, NULL), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->hkdf_extract(TEEIO_HASH_SHA256, NULL, 1, key, 1, out), TEEIO_ERR_USAGE);
	CHECK_OK(ops->hkdf_extract(TEEIO_HASH_SHA256, NULL, 0, NULL, 0, out));
	/* RFC 5869 §2.3 bounds. */
	CHECK_ERR(ops->hkdf_expand(TEEIO_HASH_SHA256, key, 31, NULL, 0, out, 32), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->hkdf_expand(TEEIO_HASH_SHA256, key, 32, NULL, 0, out, 0), TEEIO_ERR_USAGE);
	CHECK_OK(ops->hkdf_expand(TEEIO_HASH_SHA256, key, 32, NULL, 0, big, 255 * 32));
	CHECK_ERR(ops->hkdf_expand(TEEIO_HASH_SHA256, key, 32, NULL, 0, big, 255 * 32 + 1),
		  TEEIO_ERR_USAGE);
	CHECK_ERR(ops->hkdf_expand(TEEIO_HASH_NONE, key, 32, NULL, 0, out, 32),
		  TEEIO_ERR_CRYPTO_UNSUPPORTED);
	CHECK_ERR(ops->hkdf_expand(TEEIO_HASH_SHA256, key, 32, NULL, 1, out, 32), TEEIO_ERR_USAGE);
}

/* ---- AEAD ------------------------------------------------------------ */

TEST(aead_errors)
{
	struct teeio_aead a = {0};
	uint8_t key[32] = {0}, iv[12] = {0}, buf[32] = {0}, tag[16];
	CHECK_ERR(ops->aead_init(&a, TEEIO_AEAD_NONE, key, 16), TEEIO_ERR_CRYPTO_UNSUPPORTED);
	CHECK_ERR(ops->aead_init(&a, TEEIO_AEAD_AES128_GCM, key, 32), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->aead_init(&a, TEEIO_AEAD_AES256_GCM, key, 16), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->aead_init(&a, TEEIO_AEAD_CHACHA20_POLY1305, NULL, 32), TEEIO_ERR_USAGE);
	CHECK(a.impl == NULL);
	CHECK_ERR(ops->aead_seal(&a, iv, NULL, 0, buf, 16, buf, tag, 16), TEEIO_ERR_USAGE);
	CHECK_OK(ops->aead_init(&a, TEEIO_AEAD_AES256_GCM, key, 32));
	CHECK_ERR(ops->aead_seal(&a, iv, NULL, 0, buf, 16, buf, tag, 0), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->aead_seal(&a, iv, NULL, 0, buf, 16, buf, tag, 17), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->aead_seal(&a, iv, NULL, 0, buf, 16, buf, NULL, 16), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->aead_seal(&a, NULL, NULL, 0, buf, 16, buf, tag, 16), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->aead_seal(&a, iv, NULL, 4, buf, 16, buf, tag, 16), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->aead_seal(&a, iv, NULL, 0, NULL, 16, buf, tag, 16), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->aead_open(&a, iv, NULL, 0, buf, 16, tag, 0, buf), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->aead_open(&a, iv, NULL, 0, buf, 16, NULL, 16, buf), TEEIO_ERR_USAGE);
	/* Empty message: tag only; a wrong tag is still VERIFY. */
	CHECK_OK(ops->aead_seal(&a, iv, "hdr", 3, NULL, 0, NULL, tag, 16));
	CHECK_OK(ops->aead_open(&a, iv, "hdr", 3, NULL, 0, tag, 16, NULL));
	tag[5] ^= 1;
	CHECK_ERR(ops->aead_open(&a, iv, "hdr", 3, NULL, 0, tag, 16, NULL),
		  TEEIO_ERR_CRYPTO_VERIFY);
	ops->aead_free(&a);
	ops->aead_free(&a);
	ops->aead_free(NULL);
	CHECK_ERR(ops->aead_open(&a, iv, NULL, 0, buf, 16, tag, 16, buf), TEEIO_ERR_USAGE);
}

/* A 4 KiB in-place round trip on every AEAD, the IDE/SPDM shape, through
 * one context with a changing IV. */
TEST(aead_in_place_many_messages)
{
	static const enum teeio_aead_alg algs[] = {TEEIO_AEAD_AES128_GCM, TEEIO_AEAD_AES256_GCM,
						   TEEIO_AEAD_CHACHA20_POLY1305};
	static uint8_t buf[4096], orig[4096];
	uint8_t key[32], iv[12] = {0}, tag[16];
	CHECK_OK(ops->random(key, sizeof(key)));
	CHECK_OK(ops->random(orig, sizeof(orig)));
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(algs); i++) {
		struct teeio_aead a = {0};
		CHECK_OK(ops->aead_init(&a, algs[i], key, teeio_aead_key_size(algs[i])));
		for (uint8_t seq = 0; seq < 8; seq++) {
			iv[11] = seq;
			memcpy(buf, orig, sizeof(buf));
			CHECK_OK(ops->aead_seal(&a, iv, &seq, 1, buf, sizeof(buf), buf, tag, 12));
			CHECK(memcmp(buf, orig, sizeof(buf)) != 0);
			CHECK_OK(ops->aead_open(&a, iv, &seq, 1, buf, sizeof(buf), tag, 12, buf));
			CHECK_MEM(buf, orig, sizeof(buf));
		}
		/* Replaying under the next IV fails and wipes the buffer in place. */
		CHECK_OK(ops->aead_seal(&a, iv, NULL, 0, buf, 64, buf, tag, 16));
		iv[11]++;
		CHECK_ERR(ops->aead_open(&a, iv, NULL, 0, buf, 64, tag, 16, buf),
			  TEEIO_ERR_CRYPTO_VERIFY);
		uint8_t zero[64] = {0};
		CHECK_MEM(buf, zero, 64);
		ops->aead_free(&a);
	}
}

/* ---- signature keys -------------------------------------------------- */

static void round_trip_key(enum teeio_sig_alg alg, enum teeio_hash_alg hash)
{
	struct teeio_pkey k = {0}, k2 = {0}, k3 = {0}, pub = {0};
	static uint8_t der[4096], pem[4096], spki[1024];
	uint8_t sig[TEEIO_SIG_MAX];
	CHECK_OK(ops->pkey_generate(&k, alg));
	CHECK_EQ(k.alg, alg);
	CHECK(k.has_private);

	size_t dl = sizeof(der), pl = sizeof(pem), sl = sizeof(spki);
	CHECK_OK(ops->pkey_export_private(&k, false, der, &dl));
	CHECK_OK(ops->pkey_export_private(&k, true, pem, &pl));
	CHECK(pl > 30 && !memcmp(pem, "-----BEGIN PRIVATE KEY-----", 27));
	CHECK_OK(ops->pkey_export_public(&k, spki, &sl));
	CHECK_OK(ops->pkey_load_private(&k2, alg, der, dl));
	CHECK_OK(ops->pkey_load_private(&k3, TEEIO_SIG_NONE, pem, pl));
	CHECK_EQ(k2.alg, alg);
	/* RSA: NONE deduces PKCS#1 v1.5; others deduce exactly. */
	CHECK(k3.alg == alg || (alg == TEEIO_SIG_RSAPSS_2048 && k3.alg == TEEIO_SIG_RSASSA_2048));

	size_t n = sizeof(sig);
	CHECK_OK(ops->sign(&k2, hash, "msg", 3, sig, &n));
	CHECK_EQ(n, teeio_sig_size(alg));
	if (alg == TEEIO_SIG_ECDSA_P256 || alg == TEEIO_SIG_ECDSA_P384 ||
	    alg == TEEIO_SIG_ECDSA_P521) {
		/* Public key as SPDM's X||Y: the tail of the SPKI. */
		size_t xy = teeio_sig_size(alg);
		CHECK_OK(ops->pkey_from_public(&pub, alg, spki + sl - xy, xy));
	} else if (alg == TEEIO_SIG_ED25519 || alg == TEEIO_SIG_ED448) {
		size_t raw = alg == TEEIO_SIG_ED25519 ? 32 : 57;
		CHECK_OK(ops->pkey_from_public(&pub, alg, spki + sl - raw, raw));
	} else {
		CHECK_OK(ops->pkey_from_public(&pub, alg, spki, sl));
	}
	CHECK(!pub.has_private);
	CHECK_OK(ops->verify(&pub, hash, "msg", 3, sig, n));
	CHECK_OK(ops->verify(&k, hash, "msg", 3, sig, n));
	CHECK_ERR(ops->verify(&pub, hash, "msh", 3, sig, n), TEEIO_ERR_CRYPTO_VERIFY);
	CHECK_ERR(ops->verify(&pub, hash, "msg", 3, sig, n + 1), TEEIO_ERR_CRYPTO_VERIFY);
	CHECK_ERR(ops->verify(&pub, hash, "msg", 3, NULL, n), TEEIO_ERR_CRYPTO_VERIFY);

	/* Public-only keys neither sign nor export a private key. */
	n = sizeof(sig);
	CHECK_ERR(ops->sign(&pub, hash, "msg", 3, sig, &n), TEEIO_ERR_USAGE);
	dl = sizeof(der);
	CHECK_ERR(ops->pkey_export_private(&pub, false, der, &dl), TEEIO_ERR_USAGE);
	/* Capacity too small: SIZE, and *len says what is needed. */
	n = teeio_sig_size(alg) - 1;
	CHECK_ERR(ops->sign(&k, hash, "msg", 3, sig, &n), TEEIO_ERR_SIZE);
	size_t small = 8;
	CHECK_ERR(ops->pkey_export_public(&k, spki, &small), TEEIO_ERR_SIZE);
	CHECK_EQ(small, sl);
	small = 8;
	CHECK_ERR(ops->pkey_export_private(&k, false, der, &small), TEEIO_ERR_SIZE);
	CHECK(small > 8);

	ops->pkey_free(&k);
	ops->pkey_free(&k2);
	ops->pkey_free(&k3);
	ops->pkey_free(&pub);
	ops->pkey_free(&pub);
	CHECK(pub.impl == NULL);
}

TEST(pkey_round_trips)
{
	round_trip_key(TEEIO_SIG_ECDSA_P256, TEEIO_HASH_SHA256);
	round_trip_key(TEEIO_SIG_ECDSA_P384, TEEIO_HASH_SHA384);
	round_trip_key(TEEIO_SIG_ECDSA_P521, TEEIO_HASH_SHA512);
	round_trip_key(TEEIO_SIG_ED25519, TEEIO_HASH_NONE);
	round_trip_key(TEEIO_SIG_ED448, TEEIO_HASH_NONE);
	round_trip_key(TEEIO_SIG_RSAPSS_2048, TEEIO_HASH_SHA384);
}

TEST(pkey_errors)
{
	struct teeio_pkey k = {0}, ed = {0}, ec = {0};
	uint8_t junk[64], sig[TEEIO_SIG_MAX], d[64] = {0};
	memset(junk, 0x30, sizeof(junk));
	CHECK_ERR(ops->pkey_generate(&k, TEEIO_SIG_NONE), TEEIO_ERR_CRYPTO_UNSUPPORTED);
	CHECK_ERR(ops->pkey_load_private(&k, TEEIO_SIG_NONE, junk, sizeof(junk)), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->pkey_load_private(&k, TEEIO_SIG_NONE, NULL, 0), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->pkey_load_private(&k, TEEIO_SIG_NONE,
					 (const uint8_t *)"-----BEGIN PRIVATE KEY-----\nx\n", 31),
		  TEEIO_ERR_USAGE);
	CHECK_ERR(ops->pkey_from_cert(&k, TEEIO_SIG_NONE, junk, sizeof(junk)),
		  TEEIO_ERR_CRYPTO_CERT);
	CHECK_ERR(ops->pkey_from_public(&k, TEEIO_SIG_NONE, junk, 64),
		  TEEIO_ERR_CRYPTO_UNSUPPORTED);
	CHECK_ERR(ops->pkey_from_public(&k, TEEIO_SIG_ECDSA_P256, junk, 63), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->pkey_from_public(&k, TEEIO_SIG_ECDSA_P256, junk, 64), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->pkey_from_public(&k, TEEIO_SIG_ED25519, junk, 31), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->pkey_from_public(&k, TEEIO_SIG_RSASSA_2048, junk, 64), TEEIO_ERR_USAGE);
	CHECK(k.impl == NULL);

	/* Key of one type loaded as another; trailing bytes after the DER. */
	static uint8_t der[512];
	size_t dl = sizeof(der) - 1;
	CHECK_OK(ops->pkey_generate(&ec, TEEIO_SIG_ECDSA_P256));
	CHECK_OK(ops->pkey_export_private(&ec, false, der, &dl));
	CHECK_ERR(ops->pkey_load_private(&k, TEEIO_SIG_ECDSA_P384, der, dl), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->pkey_load_private(&k, TEEIO_SIG_ED25519, der, dl), TEEIO_ERR_USAGE);
	der[dl] = 0;
	CHECK_ERR(ops->pkey_load_private(&k, TEEIO_SIG_ECDSA_P256, der, dl + 1), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->pkey_load_private(&k, TEEIO_SIG_ECDSA_P256, der, dl - 1), TEEIO_ERR_USAGE);
	/* An EC PKCS#8 is no RSA SubjectPublicKeyInfo. */
	CHECK_ERR(ops->pkey_from_public(&k, TEEIO_SIG_RSASSA_2048, der, dl), TEEIO_ERR_USAGE);

	/* Hash choices: NONE is no hash for ECDSA. */
	size_t n = sizeof(sig);
	CHECK_ERR(ops->sign(&ec, TEEIO_HASH_NONE, "m", 1, sig, &n), TEEIO_ERR_CRYPTO_UNSUPPORTED);
	CHECK_ERR(ops->verify_digest(&ec, TEEIO_HASH_NONE, d, sig, 64),
		  TEEIO_ERR_CRYPTO_UNSUPPORTED);
	CHECK_ERR(ops->sign(&ec, TEEIO_HASH_SHA256, NULL, 1, sig, &n), TEEIO_ERR_USAGE);
	/* All-zero r||s is malformed: VERIFY, not a generic error. */
	memset(sig, 0, 64);
	CHECK_ERR(ops->verify_digest(&ec, TEEIO_HASH_SHA256, d, sig, 64), TEEIO_ERR_CRYPTO_VERIFY);
	CHECK_ERR(ops->verify_digest(&ec, TEEIO_HASH_SHA256, d, sig, 0), TEEIO_ERR_CRYPTO_VERIFY);

	/* EdDSA is pure: no digest signing. */
	CHECK_OK(ops->pkey_generate(&ed, TEEIO_SIG_ED25519));
	n = sizeof(sig);
	CHECK_ERR(ops->sign_digest(&ed, TEEIO_HASH_SHA256, d, sig, &n),
		  TEEIO_ERR_CRYPTO_UNSUPPORTED);
	CHECK_ERR(ops->verify_digest(&ed, TEEIO_HASH_SHA256, d, sig, 64),
		  TEEIO_ERR_CRYPTO_UNSUPPORTED);
	/* Unset key objects. */
	CHECK_ERR(ops->sign(&k, TEEIO_HASH_SHA256, "m", 1, sig, &n), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->verify(&k, TEEIO_HASH_SHA256, "m", 1, sig, 64), TEEIO_ERR_USAGE);
	n = 8;
	CHECK_ERR(ops->pkey_export_public(&k, sig, &n), TEEIO_ERR_USAGE);
	ops->pkey_free(&ec);
	ops->pkey_free(&ed);
	ops->pkey_free(&k);
	ops->pkey_free(NULL);
}

/* A certificate's key, when the X.509 ops can issue one. */
TEST(pkey_from_cert)
{
	struct teeio_pkey key = {0}, from = {0};
	static uint8_t der[4096];
	size_t len = sizeof(der);
	CHECK_OK(ops->pkey_generate(&key, TEEIO_SIG_ECDSA_P384));
	struct teeio_cert_request req = {
	    .profile = TEEIO_CERT_ROOT_CA,
	    .subject_cn = "crypto unit test",
	    .subject_key = &key,
	    .issuer_key = &key,
	    .validity_days = 1,
	    .serial = 7,
	};
	teeio_err e = ops->cert_issue(&req, der, &len);
	if (e == TEEIO_ERR_CRYPTO_UNSUPPORTED) {
		ops->pkey_free(&key);
		test_skip("cert_issue not available");
		return;
	}
	CHECK_OK(e);
	CHECK_OK(ops->pkey_from_cert(&from, TEEIO_SIG_NONE, der, len));
	CHECK_EQ(from.alg, TEEIO_SIG_ECDSA_P384);
	CHECK(!from.has_private);
	uint8_t sig[96];
	size_t n = sizeof(sig);
	CHECK_OK(ops->sign(&key, TEEIO_HASH_SHA384, "c", 1, sig, &n));
	CHECK_OK(ops->verify(&from, TEEIO_HASH_SHA384, "c", 1, sig, n));
	ops->pkey_free(&from);
	CHECK_ERR(ops->pkey_from_cert(&from, TEEIO_SIG_ECDSA_P256, der, len),
		  TEEIO_ERR_CRYPTO_CERT);
	CHECK_ERR(ops->pkey_from_cert(&from, TEEIO_SIG_NONE, der, len - 1), TEEIO_ERR_CRYPTO_CERT);
	ops->pkey_free(&key);
}

/* ---- DHE and randomness ---------------------------------------------- */

TEST(dhe_errors)
{
	struct teeio_dhe d = {0};
	uint8_t pub[132], secret[66];
	CHECK_ERR(ops->dhe_generate(&d, TEEIO_DHE_NONE, pub), TEEIO_ERR_CRYPTO_UNSUPPORTED);
	CHECK_ERR(ops->dhe_generate(&d, TEEIO_DHE_SECP256R1, NULL), TEEIO_ERR_USAGE);
	CHECK_ERR(ops->dhe_compute(&d, pub, 64, secret), TEEIO_ERR_USAGE);
	CHECK_OK(ops->dhe_generate(&d, TEEIO_DHE_SECP384R1, pub));
	CHECK_ERR(ops->dhe_compute(&d, NULL, 96, secret), TEEIO_ERR_CRYPTO_VERIFY);
	CHECK_ERR(ops->dhe_compute(&d, pub, 96, NULL), TEEIO_ERR_USAGE);
	/* Our own public key as the peer's is a valid point. */
	CHECK_OK(ops->dhe_compute(&d, pub, 96, secret));
	ops->dhe_free(&d);
	ops->dhe_free(&d);
	ops->dhe_free(NULL);
}

TEST(random_bytes)
{
	uint8_t a[32] = {0}, b[32] = {0}, zero[32] = {0};
	CHECK_OK(ops->random(a, sizeof(a)));
	CHECK_OK(ops->random(b, sizeof(b)));
	CHECK(memcmp(a, b, 32) != 0);
	CHECK(memcmp(a, zero, 32) != 0);
	CHECK_OK(ops->random(NULL, 0));
	CHECK_ERR(ops->random(NULL, 1), TEEIO_ERR_USAGE);
}

int main(void)
{
	ops = teeio_crypto_openssl();
	RUN(sizes_and_names);
	RUN(ops_validate);
	RUN(hash_copy_is_independent);
	RUN(hash_errors);
	RUN(mac_kdf_errors);
	RUN(aead_errors);
	RUN(aead_in_place_many_messages);
	RUN(pkey_round_trips);
	RUN(pkey_errors);
	RUN(pkey_from_cert);
	RUN(dhe_errors);
	RUN(random_bytes);
	return test_summary();
}
