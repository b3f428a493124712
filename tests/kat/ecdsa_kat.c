/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ECDSA known answers: RFC 6979 Appendix A.2.5 (P-256), A.2.6 (P-384) and
 * A.2.7 (P-521) with the curve's own hash.  OpenSSL 3.0 signs with a random
 * nonce, so the published (deterministic) signatures are verified rather
 * than reproduced, both through the raw X||Y public key and through the
 * key loaded from the published private scalar (whose derived public key
 * must equal the published U).  Then sign/verify round trips in SPDM's
 * r||s form, and rejection of a flipped bit, a wrong length, the wrong
 * message and the wrong hash.
 */
#include "support/crypto_kat.h"
#include "test.h"

struct vec {
	const char *name;
	enum teeio_sig_alg alg;
	enum teeio_hash_alg hash;
	const char *priv, *pub_xy, *msg, *sig_rs;
};

static const struct vec vecs[] = {
    {"RFC 6979 A.2.5 SHA256/sample", TEEIO_SIG_ECDSA_P256, TEEIO_HASH_SHA256,
     "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721",
     "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
     "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299",
     "sample",
     "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
     "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8"},
    {"RFC 6979 A.2.5 SHA256/test", TEEIO_SIG_ECDSA_P256, TEEIO_HASH_SHA256,
     "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721",
     "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
     "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299",
     "test",
     "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367"
     "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083"},
    {"RFC 6979 A.2.6 SHA384/sample", TEEIO_SIG_ECDSA_P384, TEEIO_HASH_SHA384,
     "6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d8"
     "96d5724e4c70a825f872c9ea60d2edf5",
     "ec3a4e415b4e19a4568618029f427fa5da9a8bc4ae92e02e06aae5286b300c64"
     "def8f0ea9055866064a254515480bc138015d9b72d7d57244ea8ef9ac0c62189"
     "6708a59367f9dfb9f54ca84b3f1c9db1288b231c3ae0d4fe7344fd2533264720",
     "sample",
     "94edbb92a5ecb8aad4736e56c691916b3f88140666ce9fa73d64c4ea95ad133c"
     "81a648152e44acf96e36dd1e80fabe4699ef4aeb15f178cea1fe40db2603138f"
     "130e740a19624526203b6351d0a3a94fa329c145786e679e7b82c71a38628ac8"},
    {"RFC 6979 A.2.6 SHA384/test", TEEIO_SIG_ECDSA_P384, TEEIO_HASH_SHA384,
     "6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d8"
     "96d5724e4c70a825f872c9ea60d2edf5",
     "ec3a4e415b4e19a4568618029f427fa5da9a8bc4ae92e02e06aae5286b300c64"
     "def8f0ea9055866064a254515480bc138015d9b72d7d57244ea8ef9ac0c62189"
     "6708a59367f9dfb9f54ca84b3f1c9db1288b231c3ae0d4fe7344fd2533264720",
     "test",
     "8203b63d3c853e8d77227fb377bcf7b7b772e97892a80f36ab775d509d7a5feb"
     "0542a7f0812998da8f1dd3ca3cf023dbddd0760448d42d8a43af45af836fce4d"
     "e8be06b485e9b61b827c2f13173923e06a739f040649a667bf3b828246baa5a5"},
    {"RFC 6979 A.2.7 SHA512/sample", TEEIO_SIG_ECDSA_P521, TEEIO_HASH_SHA512,
     "00fad06daa62ba3b25d2fb40133da757205de67f5bb0018fee8c86e1b68c7e75"
     "caa896eb32f1f47c70855836a6d16fcc1466f6d8fbec67db89ec0c08b0e996b8"
     "3538",
     "01894550d0785932e00eaa23b694f213f8c3121f86dc97a04e5a7167db4e5bcd"
     "371123d46e45db6b5d5370a7f20fb633155d38ffa16d2bd761dcac474b9a2f50"
     "23a400493101c962cd4d2fddf782285e64584139c2f91b47f87ff82354d6630f"
     "746a28a0db25741b5b34a828008b22acc23f924faafbd4d33f81ea66956dfeaa"
     "2bfdfcf5",
     "sample",
     "00c328fafcbd79dd77850370c46325d987cb525569fb63c5d3bc53950e6d4c5f"
     "174e25a1ee9017b5d450606add152b534931d7d4e8455cc91f9b15bf05ec36e3"
     "77fa00617cce7cf5064806c467f678d3b4080d6f1cc50af26ca209417308281b"
     "68af282623eaa63e5b5c0723d8b8c37ff0777b1a20f8ccb1dccc43997f1ee0e4"
     "4da4a67a"},
};

/* SPKI of an EC key ends with the uncompressed point 04||X||Y. */
static bool spki_has_point(const uint8_t *spki, size_t n, const uint8_t *xy, size_t xyl)
{
	return n > xyl + 1 && spki[n - xyl - 1] == 0x04 && !memcmp(spki + n - xyl, xy, xyl);
}

TEST(ecdsa_rfc6979_verify)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(vecs); i++) {
		const struct vec *v = &vecs[i];
		uint8_t xy[132], sig[132], spki[200];
		size_t xyl = kat_unhex(v->pub_xy, xy, sizeof(xy));
		size_t sl = kat_unhex(v->sig_rs, sig, sizeof(sig));
		size_t ml = strlen(v->msg);
		CHECK_EQ(sl, teeio_sig_size(v->alg));
		CHECK_EQ(xyl, sl); /* X||Y and r||s have the same size */

		struct teeio_pkey pub = {0}, priv = {0};
		CHECK_OK(ops->pkey_from_public(&pub, v->alg, xy, xyl));
		CHECK_OK(kat_load_raw_private(ops, &priv, v->alg, v->priv));
		size_t spl = sizeof(spki);
		CHECK_OK(ops->pkey_export_public(&priv, spki, &spl));
		if (!spki_has_point(spki, spl, xy, xyl))
			test_fail(__FILE__, __LINE__, "%s: derived public key", v->name);

		if (ops->verify(&pub, v->hash, v->msg, ml, sig, sl) != TEEIO_OK ||
		    ops->verify(&priv, v->hash, v->msg, ml, sig, sl) != TEEIO_OK)
			test_fail(__FILE__, __LINE__, "%s: published signature rejected", v->name);
		/* verify_digest over the hash the RFC signs. */
		uint8_t d[TEEIO_HASH_MAX];
		CHECK_OK(ops->hash(v->hash, v->msg, ml, d));
		CHECK_OK(ops->verify_digest(&pub, v->hash, d, sig, sl));

		CHECK_ERR(ops->verify(&pub, v->hash, "sampla", ml, sig, sl),
			  TEEIO_ERR_CRYPTO_VERIFY);
		CHECK_ERR(ops->verify(&pub,
				      v->hash == TEEIO_HASH_SHA256 ? TEEIO_HASH_SHA384
								   : TEEIO_HASH_SHA256,
				      v->msg, ml, sig, sl),
			  TEEIO_ERR_CRYPTO_VERIFY);
		CHECK_ERR(ops->verify(&pub, v->hash, v->msg, ml, sig, sl - 1),
			  TEEIO_ERR_CRYPTO_VERIFY);
		sig[sl - 1] ^= 1;
		CHECK_ERR(ops->verify(&pub, v->hash, v->msg, ml, sig, sl), TEEIO_ERR_CRYPTO_VERIFY);
		ops->pkey_free(&pub);
		ops->pkey_free(&priv);
	}
}

TEST(ecdsa_sign_round_trip)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(vecs); i++) {
		const struct vec *v = &vecs[i];
		uint8_t xy[132], sig[TEEIO_SIG_MAX];
		size_t xyl = kat_unhex(v->pub_xy, xy, sizeof(xy));
		struct teeio_pkey pub = {0}, priv = {0};
		CHECK_OK(ops->pkey_from_public(&pub, v->alg, xy, xyl));
		CHECK_OK(kat_load_raw_private(ops, &priv, v->alg, v->priv));
		size_t sl = sizeof(sig);
		CHECK_OK(ops->sign(&priv, v->hash, v->msg, strlen(v->msg), sig, &sl));
		CHECK_EQ(sl, teeio_sig_size(v->alg));
		CHECK_OK(ops->verify(&pub, v->hash, v->msg, strlen(v->msg), sig, sl));
		sig[3] ^= 0x40; /* inside r */
		CHECK_ERR(ops->verify(&pub, v->hash, v->msg, strlen(v->msg), sig, sl),
			  TEEIO_ERR_CRYPTO_VERIFY);
		sig[3] ^= 0x40;
		sig[sl - 5] ^= 0x02; /* inside s */
		CHECK_ERR(ops->verify(&pub, v->hash, v->msg, strlen(v->msg), sig, sl),
			  TEEIO_ERR_CRYPTO_VERIFY);
		/* sign_digest agrees with hash-then-sign. */
		uint8_t d[TEEIO_HASH_MAX];
		CHECK_OK(ops->hash(v->hash, v->msg, strlen(v->msg), d));
		sl = sizeof(sig);
		CHECK_OK(ops->sign_digest(&priv, v->hash, d, sig, &sl));
		CHECK_OK(ops->verify(&pub, v->hash, v->msg, strlen(v->msg), sig, sl));
		ops->pkey_free(&pub);
		ops->pkey_free(&priv);
	}
}

int main(void)
{
	RUN(ecdsa_rfc6979_verify);
	RUN(ecdsa_sign_round_trip);
	return test_summary();
}
