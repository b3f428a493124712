/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EdDSA known answers: RFC 8032 §7.1 TEST 1-3 (Ed25519) and §7.4 "-----
 * Blank" and "1 octet" (Ed448, empty context).  EdDSA is deterministic, so
 * the signature from the published secret must match exactly; the public
 * key derived from the secret must match the published one; the published
 * signature verifies through a raw public key; a flipped bit does not.
 */
#include "support/crypto_kat.h"
#include "test.h"

struct vec {
	const char *name;
	enum teeio_sig_alg alg;
	const char *secret, *pub, *msg, *sig;
};

static const struct vec vecs[] = {
    {"RFC 8032 7.1 TEST 1", TEEIO_SIG_ED25519,
     "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
     "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"RFC 8032 7.1 TEST 2", TEEIO_SIG_ED25519,
     "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
     "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"RFC 8032 7.1 TEST 3", TEEIO_SIG_ED25519,
     "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
     "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
    {"RFC 8032 7.4 Blank", TEEIO_SIG_ED448,
     "6c82a562cb808d10d632be89c8513ebf6c929f34ddfa8c9f63c9960ef6e348a3"
     "528c8a3fcc2f044e39a3fc5b94492f8f032e7549a20098f95b",
     "5fd7449b59b461fd2ce787ec616ad46a1da1342485a70e1f8a0ea75d80e96778"
     "edf124769b46c7061bd6783df1e50f6cd1fa1abeafe8256180",
     "",
     "533a37f6bbe457251f023c0d88f976ae2dfb504a843e34d2074fd823d41a591f"
     "2b233f034f628281f2fd7a22ddd47d7828c59bd0a21bfd3980ff0d2028d4b18a"
     "9df63e006c5d1c2d345b925d8dc00b4104852db99ac5c7cdda8530a113a0f4db"
     "b61149f05a7363268c71d95808ff2e652600"},
    {"RFC 8032 7.4 1 octet", TEEIO_SIG_ED448,
     "c4eab05d357007c632f3dbb48489924d552b08fe0c353a0d4a1f00acda2c463a"
     "fbea67c5e8d2877c5e3bc397a659949ef8021e954e0a12274e",
     "43ba28f430cdff456ae531545f7ecd0ac834a55d9358c0372bfa0c6c6798c086"
     "6aea01eb00742802b8438ea4cb82169c235160627b4c3a9480",
     "03",
     "26b8f91727bd62897af15e41eb43c377efb9c610d48f2335cb0bd0087810f435"
     "2541b143c4b981b7e18f62de8ccdf633fc1bf037ab7cd779805e0dbcc0aae1cb"
     "cee1afb2e027df36bc04dcecbf154336c19f0af7e0a6472905e799f1953d2a0f"
     "f3348ab21aa4adafd1d234441cf807c03a00"},
};

/* The raw public key is the tail of its SubjectPublicKeyInfo (RFC 8410). */
static bool spki_ends_with(const uint8_t *spki, size_t n, const uint8_t *raw, size_t rl)
{
	return n > rl && !memcmp(spki + n - rl, raw, rl);
}

TEST(eddsa_rfc8032)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(vecs); i++) {
		const struct vec *v = &vecs[i];
		uint8_t pub[57], msg[8], want[114], sig[TEEIO_SIG_MAX], spki[128];
		size_t pl = kat_unhex(v->pub, pub, sizeof(pub));
		size_t ml = kat_unhex(v->msg, msg, sizeof(msg));
		size_t wl = kat_unhex(v->sig, want, sizeof(want));
		CHECK_EQ(wl, teeio_sig_size(v->alg));

		struct teeio_pkey priv = {0}, pk = {0};
		CHECK_OK(kat_load_raw_private(ops, &priv, v->alg, v->secret));
		CHECK_EQ(priv.alg, v->alg);
		size_t spl = sizeof(spki);
		CHECK_OK(ops->pkey_export_public(&priv, spki, &spl));
		if (!spki_ends_with(spki, spl, pub, pl))
			test_fail(__FILE__, __LINE__, "%s: derived public key", v->name);

		size_t sl = sizeof(sig);
		/* The hash argument is ignored for pure EdDSA. */
		CHECK_OK(ops->sign(&priv, TEEIO_HASH_NONE, msg, ml, sig, &sl));
		CHECK_EQ(sl, wl);
		if (memcmp(sig, want, wl))
			test_fail(__FILE__, __LINE__, "%s: signature", v->name);

		CHECK_OK(ops->pkey_from_public(&pk, v->alg, pub, pl));
		CHECK_OK(ops->verify(&pk, TEEIO_HASH_NONE, msg, ml, want, wl));
		want[wl / 3] ^= 0x20;
		CHECK_ERR(ops->verify(&pk, TEEIO_HASH_NONE, msg, ml, want, wl),
			  TEEIO_ERR_CRYPTO_VERIFY);
		CHECK_ERR(ops->verify(&pk, TEEIO_HASH_NONE, msg, ml, want, wl - 1),
			  TEEIO_ERR_CRYPTO_VERIFY);
		ops->pkey_free(&priv);
		ops->pkey_free(&pk);
	}
}

int main(void)
{
	RUN(eddsa_rfc8032);
	return test_summary();
}
