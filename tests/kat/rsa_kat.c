/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RSA known answers (2048-bit, SHA-256) from Wycheproof (see
 * vectors/rsa_wycheproof.h):
 *  - RSASSA-PKCS1-v1_5 is deterministic: signing the published messages
 *    with the published key must give the published signatures exactly;
 *  - RSASSA-PSS with MGF1-SHA-256 and a 32-byte salt (SPDM's parameters):
 *    published signatures verify, a PKCS#1 v1.5 signature presented as
 *    PSS does not, and a sign/verify round trip works.
 */
#include "support/crypto_kat.h"
#include "test.h"
#include "vectors/rsa_wycheproof.h"

#define RSA_DER_MAX 1400

static teeio_err load_hex(const struct teeio_crypto_ops *ops, struct teeio_pkey *k,
			  enum teeio_sig_alg alg, const char *hex, bool priv)
{
	static uint8_t der[RSA_DER_MAX];
	size_t n = kat_unhex(hex, der, sizeof(der));
	return priv ? ops->pkey_load_private(k, alg, der, n)
		    : ops->pkey_from_public(k, alg, der, n);
}

TEST(rsassa_pkcs1_sign_exact)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	const char *msgs[] = {pkcs1_msg0, pkcs1_msg1, pkcs1_msg2};
	const char *sigs[] = {pkcs1_sig0, pkcs1_sig1, pkcs1_sig2};
	struct teeio_pkey priv = {0}, pub = {0};
	CHECK_OK(load_hex(ops, &priv, TEEIO_SIG_RSASSA_2048, pkcs1_priv_pkcs8, true));
	CHECK_OK(load_hex(ops, &pub, TEEIO_SIG_RSASSA_2048, pkcs1_pub_spki, false));
	CHECK_EQ(priv.alg, TEEIO_SIG_RSASSA_2048);
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(msgs); i++) {
		uint8_t msg[64], want[256], sig[512];
		size_t ml = kat_unhex(msgs[i], msg, sizeof(msg));
		CHECK_EQ(kat_unhex(sigs[i], want, sizeof(want)), 256);
		size_t sl = sizeof(sig);
		CHECK_OK(ops->sign(&priv, TEEIO_HASH_SHA256, msg, ml, sig, &sl));
		CHECK_EQ(sl, 256);
		if (memcmp(sig, want, 256))
			test_fail(__FILE__, __LINE__, "PKCS#1 v1.5 signature #%zu differs", i);
		CHECK_OK(ops->verify(&pub, TEEIO_HASH_SHA256, msg, ml, want, 256));
		want[100] ^= 4;
		CHECK_ERR(ops->verify(&pub, TEEIO_HASH_SHA256, msg, ml, want, 256),
			  TEEIO_ERR_CRYPTO_VERIFY);
	}
	ops->pkey_free(&priv);
	ops->pkey_free(&pub);
}

TEST(rsapss_verify_published)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	const char *msgs[] = {pss_msg0, pss_msg1, pss_msg2};
	const char *sigs[] = {pss_sig0, pss_sig1, pss_sig2};
	struct teeio_pkey pub = {0};
	CHECK_OK(load_hex(ops, &pub, TEEIO_SIG_RSAPSS_2048, pss_pub_spki, false));
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(msgs); i++) {
		uint8_t msg[64], sig[256];
		size_t ml = kat_unhex(msgs[i], msg, sizeof(msg));
		CHECK_EQ(kat_unhex(sigs[i], sig, sizeof(sig)), 256);
		CHECK_OK(ops->verify(&pub, TEEIO_HASH_SHA256, msg, ml, sig, 256));
		sig[255] ^= 1;
		CHECK_ERR(ops->verify(&pub, TEEIO_HASH_SHA256, msg, ml, sig, 256),
			  TEEIO_ERR_CRYPTO_VERIFY);
	}
	uint8_t msg[64], sig[256];
	size_t ml = kat_unhex(pss_bad_msg, msg, sizeof(msg));
	CHECK_EQ(kat_unhex(pss_bad_sig, sig, sizeof(sig)), 256);
	CHECK_ERR(ops->verify(&pub, TEEIO_HASH_SHA256, msg, ml, sig, 256), TEEIO_ERR_CRYPTO_VERIFY);
	ops->pkey_free(&pub);
}

/* The same RSA key used as PSS: randomized signatures that verify only as PSS. */
TEST(rsapss_round_trip)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	struct teeio_pkey priv = {0}, pss_pub = {0}, v15_pub = {0};
	CHECK_OK(load_hex(ops, &priv, TEEIO_SIG_RSAPSS_2048, pkcs1_priv_pkcs8, true));
	CHECK_OK(load_hex(ops, &pss_pub, TEEIO_SIG_RSAPSS_2048, pkcs1_pub_spki, false));
	CHECK_OK(load_hex(ops, &v15_pub, TEEIO_SIG_RSASSA_2048, pkcs1_pub_spki, false));
	CHECK_EQ(priv.alg, TEEIO_SIG_RSAPSS_2048);
	static const char msg[] = "SPDM transcript";
	uint8_t s1[256], s2[256];
	size_t l1 = sizeof(s1), l2 = sizeof(s2);
	CHECK_OK(ops->sign(&priv, TEEIO_HASH_SHA256, msg, sizeof(msg), s1, &l1));
	CHECK_OK(ops->sign(&priv, TEEIO_HASH_SHA256, msg, sizeof(msg), s2, &l2));
	CHECK(memcmp(s1, s2, 256) != 0); /* random salt */
	CHECK_OK(ops->verify(&pss_pub, TEEIO_HASH_SHA256, msg, sizeof(msg), s1, l1));
	CHECK_OK(ops->verify(&pss_pub, TEEIO_HASH_SHA256, msg, sizeof(msg), s2, l2));
	CHECK_ERR(ops->verify(&v15_pub, TEEIO_HASH_SHA256, msg, sizeof(msg), s1, l1),
		  TEEIO_ERR_CRYPTO_VERIFY);
	CHECK_ERR(ops->verify(&pss_pub, TEEIO_HASH_SHA384, msg, sizeof(msg), s1, l1),
		  TEEIO_ERR_CRYPTO_VERIFY);
	ops->pkey_free(&priv);
	ops->pkey_free(&pss_pub);
	ops->pkey_free(&v15_pub);
}

int main(void)
{
	RUN(rsassa_pkcs1_sign_exact);
	RUN(rsapss_verify_published);
	RUN(rsapss_round_trip);
	return test_summary();
}
