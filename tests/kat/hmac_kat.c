/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * HMAC-SHA-256/384/512 known answers: RFC 4231 §4.2-4.8, test cases 1-4, 6
 * and 7 (case 5 is a truncated-output case the ops table does not offer).
 * Case 6 and 7 use a key longer than the block size (hashed first).
 */
#include "support/crypto_kat.h"
#include "test.h"

struct rfc4231 {
	const char *key; /* hex */
	const char *data; /* hex */
	const char *mac[3]; /* SHA-256, SHA-384, SHA-512 */
};

/* Keys/data that are runs of one byte are spelled out by fill() below. */
static const char key_0b20[] = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b";
static const char key_aa20[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
static const char key_01_19[] = "0102030405060708090a0b0c0d0e0f10111213141516171819";

TEST(hmac_rfc4231)
{
	char key_aa131[2 * 131 + 1], data_dd50[2 * 50 + 1], data_cd50[2 * 50 + 1];
	for (int i = 0; i < 131; i++)
		memcpy(key_aa131 + 2 * i, "aa", 2);
	key_aa131[262] = 0;
	for (int i = 0; i < 50; i++) {
		memcpy(data_dd50 + 2 * i, "dd", 2);
		memcpy(data_cd50 + 2 * i, "cd", 2);
	}
	data_dd50[100] = data_cd50[100] = 0;

	const struct rfc4231 cases[] = {
	    /* 4.2 Test Case 1: "Hi There" */
	    {key_0b20,
	     "4869205468657265",
	     {"b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
	      "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
	      "faea9ea9076ede7f4af152e8b2fa9cb6",
	      "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
	      "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"}},
	    /* 4.3 Test Case 2: key "Jefe", "what do ya want for nothing?" */
	    {"4a656665",
	     "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
	     {"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	      "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
	      "8e2240ca5e69e2c78b3239ecfab21649",
	      "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
	      "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"}},
	    /* 4.4 Test Case 3 */
	    {key_aa20,
	     data_dd50,
	     {"773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
	      "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b"
	      "2a5ab39dc13814b94e3ab6e101a34f27",
	      "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
	      "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"}},
	    /* 4.5 Test Case 4 */
	    {key_01_19,
	     data_cd50,
	     {"82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
	      "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e"
	      "6801dd23c4a7d679ccf8a386c674cffb",
	      "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
	      "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"}},
	    /* 4.7 Test Case 6: "Test Using Larger Than Block-Size Key - Hash Key First" */
	    {key_aa131,
	     "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a"
	     "65204b6579202d2048617368204b6579204669727374",
	     {"60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
	      "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
	      "0c2ef6ab4030fe8296248df163f44952",
	      "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
	      "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"}},
	    /* 4.8 Test Case 7: larger key and larger data */
	    {key_aa131,
	     "5468697320697320612074657374207573696e672061206c6172676572207468"
	     "616e20626c6f636b2d73697a65206b657920616e642061206c61726765722074"
	     "68616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565"
	     "647320746f20626520686173686564206265666f7265206265696e6720757365"
	     "642062792074686520484d414320616c676f726974686d2e",
	     {"9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
	      "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5"
	      "a678cc31e799176d3860e6110c46523e",
	      "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
	      "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"}},
	};
	static const enum teeio_hash_alg algs[] = {TEEIO_HASH_SHA256, TEEIO_HASH_SHA384,
						   TEEIO_HASH_SHA512};
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(cases); i++) {
		uint8_t key[160], data[160];
		size_t kl = kat_unhex(cases[i].key, key, sizeof(key));
		size_t dl = kat_unhex(cases[i].data, data, sizeof(data));
		for (size_t a = 0; a < 3; a++) {
			uint8_t want[TEEIO_HASH_MAX], got[TEEIO_HASH_MAX];
			size_t n = kat_unhex(cases[i].mac[a], want, sizeof(want));
			CHECK_EQ(n, teeio_hash_size(algs[a]));
			CHECK_OK(ops->hmac(algs[a], key, kl, data, dl, got));
			if (memcmp(got, want, n))
				test_fail(__FILE__, __LINE__, "RFC 4231 case #%zu %s", i,
					  teeio_hash_name(algs[a]));
		}
	}
}

/* A one-bit change of key or data changes the MAC. */
TEST(hmac_sensitivity)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	uint8_t key[20], a[32], b[32], c[32];
	memset(key, 0x0b, sizeof(key));
	CHECK_OK(ops->hmac(TEEIO_HASH_SHA256, key, sizeof(key), "Hi There", 8, a));
	CHECK_OK(ops->hmac(TEEIO_HASH_SHA256, key, sizeof(key), "Hi Thera", 8, b));
	key[0] ^= 1;
	CHECK_OK(ops->hmac(TEEIO_HASH_SHA256, key, sizeof(key), "Hi There", 8, c));
	CHECK(memcmp(a, b, 32) != 0);
	CHECK(memcmp(a, c, 32) != 0);
}

int main(void)
{
	RUN(hmac_rfc4231);
	RUN(hmac_sensitivity);
	return test_summary();
}
