/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ECDH known answers: RFC 5903 §8.1 (P-256), §8.2 (P-384), §8.3 (P-521).
 * From the initiator's published private key i and the responder's
 * published public key g^r, the shared secret must be the published x
 * coordinate girx; i's public key must be the published g^i.  The private
 * key goes in through the backend's test-only import (openssl_ops.h):
 * protocol code only ever generates DHE keys.  Then invalid peer points.
 */
#include "crypto/openssl_ops.h"
#include "support/crypto_kat.h"
#include "test.h"

struct vec {
	const char *name;
	enum teeio_dhe_alg alg;
	const char *i, *gi, *gr, *girx;
};

static const struct vec vecs[] = {
    {"RFC 5903 8.1", TEEIO_DHE_SECP256R1,
     "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433",
     "dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180"
     "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3",
     "d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63"
     "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab",
     "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de"},
    {"RFC 5903 8.2", TEEIO_DHE_SECP384R1,
     "099f3c7034d4a2c699884d73a375a67f7624ef7c6b3c0f160647b67414dce655"
     "e35b538041e649ee3faef896783ab194",
     "667842d7d180ac2cde6f74f37551f55755c7645c20ef73e31634fe72b4c55ee6"
     "de3ac808acb4bdb4c88732aee95f41aa"
     "9482ed1fc0eeb9cafc4984625ccfc23f65032149e0e144ada024181535a0f38e"
     "eb9fcff3c2c947dae69b4c634573a81c",
     "e558dbef53eecde3d3fccfc1aea08a89a987475d12fd950d83cfa41732bc509d"
     "0d1ac43a0336def96fda41d0774a3571"
     "dcfbec7aacf3196472169e838430367f66eebe3c6e70c416dd5f0c68759dd1ff"
     "f83fa40142209dff5eaad96db9e6386c",
     "11187331c279962d93d604243fd592cb9d0a926f422e47187521287e7156c5c4"
     "d603135569b9e9d09cf5d4a270f59746"},
    {"RFC 5903 8.3", TEEIO_DHE_SECP521R1,
     "0037ade9319a89f4dabdb3ef411aaccca5123c61acab57b5393dce47608172a0"
     "95aa85a30fe1c2952c6771d937ba9777f5957b2639bab072462f68c27a57382d"
     "4a52",
     "0015417e84dbf28c0ad3c278713349dc7df153c897a1891bd98bab4357c9ecbe"
     "e1e3bf42e00b8e380aeae57c2d107564941885942af5a7f4601723c4195d176c"
     "ed3e"
     "017cae20b6641d2eeb695786d8c946146239d099e18e1d5a514c739d7cb4a10a"
     "d8a788015ac405d7799dc75e7b7d5b6cf2261a6a7f1507438bf01beb6ca3926f"
     "9582",
     "00d0b3975ac4b799f5bea16d5e13e9af971d5e9b984c9f39728b5e5739735a21"
     "9b97c356436adc6e95bb0352f6be64a6c2912d4ef2d0433ced2b6171640012d9"
     "460f"
     "015c68226383956e3bd066e797b623c27ce0eac2f551a10c2c724d9852077b87"
     "220b6536c5c408a1d2aebb8e86d678ae49cb57091f4732296579ab44fcd17f0f"
     "c56a",
     "01144c7d79ae6956bc8edb8e7c787c4521cb086fa64407f97894e5e6b2d79b04"
     "d1427e73ca4baa240a34786859810c06b3c715a3a8cc3151f2bee417996d19f3"
     "ddea"},
};

TEST(ecdh_rfc5903)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	for (size_t n = 0; n < TEEIO_ARRAY_LEN(vecs); n++) {
		const struct vec *v = &vecs[n];
		uint8_t i[66], gi[132], gr[132], girx[66], pub[132], secret[66];
		size_t il = kat_unhex(v->i, i, sizeof(i));
		size_t gil = kat_unhex(v->gi, gi, sizeof(gi));
		size_t grl = kat_unhex(v->gr, gr, sizeof(gr));
		size_t sl = kat_unhex(v->girx, girx, sizeof(girx));
		CHECK_EQ(gil, teeio_dhe_pub_size(v->alg));
		CHECK_EQ(sl, teeio_dhe_secret_size(v->alg));
		struct teeio_dhe d = {0};
		CHECK_OK(teeio_ossl_dhe_import_private(&d, v->alg, i, il, pub));
		if (memcmp(pub, gi, gil))
			test_fail(__FILE__, __LINE__, "%s: g^i", v->name);
		CHECK_OK(ops->dhe_compute(&d, gr, grl, secret));
		if (memcmp(secret, girx, sl))
			test_fail(__FILE__, __LINE__, "%s: girx", v->name);
		ops->dhe_free(&d);
	}
}

/* Two fresh key pairs agree. */
TEST(ecdh_generated_pairs_agree)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	for (enum teeio_dhe_alg alg = TEEIO_DHE_SECP256R1; alg <= TEEIO_DHE_SECP521R1; alg++) {
		struct teeio_dhe a = {0}, b = {0};
		uint8_t pa[132], pb[132], sa[66], sb[66];
		size_t pl = teeio_dhe_pub_size(alg), sl = teeio_dhe_secret_size(alg);
		CHECK_OK(ops->dhe_generate(&a, alg, pa));
		CHECK_OK(ops->dhe_generate(&b, alg, pb));
		CHECK(memcmp(pa, pb, pl) != 0);
		CHECK_OK(ops->dhe_compute(&a, pb, pl, sa));
		CHECK_OK(ops->dhe_compute(&b, pa, pl, sb));
		CHECK_MEM(sa, sb, sl);
		ops->dhe_free(&a);
		ops->dhe_free(&b);
	}
}

/* Peer points not on the curve, of the wrong size, or the point at
 * infinity's encoding (all zero) are rejected as VERIFY. */
TEST(ecdh_rejects_invalid_peer)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	const struct vec *v = &vecs[0];
	uint8_t i[32], gr[64], pub[64], secret[32];
	size_t il = kat_unhex(v->i, i, sizeof(i));
	kat_unhex(v->gr, gr, sizeof(gr));
	struct teeio_dhe d = {0};
	CHECK_OK(teeio_ossl_dhe_import_private(&d, v->alg, i, il, pub));
	uint8_t bad[64];
	memcpy(bad, gr, 64);
	bad[63] ^= 1; /* y off the curve */
	CHECK_ERR(ops->dhe_compute(&d, bad, 64, secret), TEEIO_ERR_CRYPTO_VERIFY);
	memset(bad, 0, sizeof(bad));
	CHECK_ERR(ops->dhe_compute(&d, bad, 64, secret), TEEIO_ERR_CRYPTO_VERIFY);
	memset(bad, 0xff, sizeof(bad)); /* coordinates >= p */
	CHECK_ERR(ops->dhe_compute(&d, bad, 64, secret), TEEIO_ERR_CRYPTO_VERIFY);
	CHECK_ERR(ops->dhe_compute(&d, gr, 63, secret), TEEIO_ERR_CRYPTO_VERIFY);
	CHECK_ERR(ops->dhe_compute(&d, gr, 65, secret), TEEIO_ERR_CRYPTO_VERIFY);
	/* Still usable with the right point. */
	CHECK_OK(ops->dhe_compute(&d, gr, 64, secret));
	ops->dhe_free(&d);
}

int main(void)
{
	RUN(ecdh_rfc5903);
	RUN(ecdh_generated_pairs_agree);
	RUN(ecdh_rejects_invalid_peer);
	return test_summary();
}
