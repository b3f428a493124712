/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * HKDF known answers (RFC 5869).  SHA-256: RFC 5869 Appendix A.1-A.3
 * (PRK and OKM both checked).  SHA-384/512: RFC 5869 publishes none, so
 * Wycheproof's hkdf_sha384_test.json / hkdf_sha512_test.json (C2SP
 * wycheproof at dac1dd47, testvectors_v1, tcId 3 and 12: empty and non-empty
 * salt/info), checked through extract then expand.
 */
#include "support/crypto_kat.h"
#include "test.h"

struct vec {
	const char *name;
	enum teeio_hash_alg alg;
	const char *ikm, *salt, *info, *prk, *okm;
};

static const struct vec vecs[] = {
    {"RFC 5869 A.1", TEEIO_HASH_SHA256, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
     "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9",
     "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
     "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
     "34007208d5b887185865"},
    {"RFC 5869 A.2", TEEIO_HASH_SHA256,
     "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
     "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
     "404142434445464748494a4b4c4d4e4f",
     "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
     "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
     "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
     "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
     "d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef"
     "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
     "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
     "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
     "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
     "cc30c58179ec3e87c14c01d5c1f3434f1d87"},
    {"RFC 5869 A.3", TEEIO_HASH_SHA256, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "",
     "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
     "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
     "9d201395faa4b61a96c8"},
    {"Wycheproof HKDF-SHA-384 tc3", TEEIO_HASH_SHA384, "a4748031a14d3e6aafe42aa20c568f5f", "", "",
     NULL,
     "61c0d2797276f1b789397e5a4be75c961a77bdbad4cca2bd9a4160cb85fafb1b"
     "32f95d610c58766f29769d0c68b0bcfb15916d49b72e52ad2f3e7315618175d3"},
    {"Wycheproof HKDF-SHA-384 tc12", TEEIO_HASH_SHA384, "7a00817689a3d79001825a864c69c120",
     "08bc01c053a6406c7c4a667c9b9b3894", "967ccd75395be6e96a67759f070487c9e2107791", NULL,
     "bd02e16b6024f2c3b752d1c1d3047583697731915fbbb34418f479b0c9bf84a8"
     "6bd8e715eca198da8f9b39b25a1229c311853f862340cdefe46ddf41dcf256d9"},
    {"Wycheproof HKDF-SHA-512 tc3", TEEIO_HASH_SHA512, "a4748031a14d3e6aafe42aa20c568f5f", "", "",
     NULL,
     "62ea97e06051e40b79deb127a4da294f557cafa3d7a90a75c02064571dfbbe46"
     "99129bdcec4b39eed7757ce8e3571589f7d8f5523c0dc3fd6a56b099fb4bfd51"},
    {"Wycheproof HKDF-SHA-512 tc12", TEEIO_HASH_SHA512, "7a00817689a3d79001825a864c69c120",
     "08bc01c053a6406c7c4a667c9b9b3894", "967ccd75395be6e96a67759f070487c9e2107791", NULL,
     "aed987bcc5ed33c4feec7b28aa9fe1c16b1181e00ff42c63cf692ec19242f6d4"
     "628604b3382db0806d5e61518f83fc651e6f3bd0a9d1322926a76869b98b75d6"},
};

TEST(hkdf_vectors)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(vecs); i++) {
		const struct vec *v = &vecs[i];
		uint8_t ikm[80], salt[80], info[80], prk[TEEIO_HASH_MAX], want_prk[TEEIO_HASH_MAX];
		uint8_t okm[128], want[128];
		size_t il = kat_unhex(v->ikm, ikm, sizeof(ikm));
		size_t sl = kat_unhex(v->salt, salt, sizeof(salt));
		size_t nl = kat_unhex(v->info, info, sizeof(info));
		size_t ol = kat_unhex(v->okm, want, sizeof(want));
		size_t hl = teeio_hash_size(v->alg);
		CHECK_OK(ops->hkdf_extract(v->alg, sl ? salt : NULL, sl, ikm, il, prk));
		if (v->prk) {
			CHECK_EQ(kat_unhex(v->prk, want_prk, sizeof(want_prk)), hl);
			if (memcmp(prk, want_prk, hl))
				test_fail(__FILE__, __LINE__, "%s: PRK", v->name);
		}
		memset(okm, 0xee, sizeof(okm));
		CHECK_OK(ops->hkdf_expand(v->alg, prk, hl, nl ? info : NULL, nl, okm, ol));
		if (memcmp(okm, want, ol))
			test_fail(__FILE__, __LINE__, "%s: OKM", v->name);
		CHECK(okm[ol] == 0xee); /* wrote exactly L bytes */
	}
}

/* An expand of L bytes is the prefix of a longer expand (T(1)||T(2)...). */
TEST(hkdf_expand_prefix)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	uint8_t prk[48], a[100], b[40];
	memset(prk, 7, sizeof(prk));
	CHECK_OK(ops->hkdf_expand(TEEIO_HASH_SHA384, prk, sizeof(prk), (const uint8_t *)"x", 1, a,
				  sizeof(a)));
	CHECK_OK(ops->hkdf_expand(TEEIO_HASH_SHA384, prk, sizeof(prk), (const uint8_t *)"x", 1, b,
				  sizeof(b)));
	CHECK_MEM(a, b, sizeof(b));
}

int main(void)
{
	RUN(hkdf_vectors);
	RUN(hkdf_expand_prefix);
	return test_summary();
}
