/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * AES-GCM known answers: McGrew & Viega, "The Galois/Counter Mode of
 * Operation (GCM)", Appendix B test cases 1-4 (AES-128) and 13-16
 * (AES-256), 96-bit IVs.  Each is sealed and opened through one keyed
 * context per key (as IDE and SPDM use it), the truncated 96-bit tag is
 * checked to be the full tag's prefix, and every tampering is rejected
 * with the plaintext wiped.
 */
#include "support/crypto_kat.h"
#include "test.h"

static const char k128[] = "feffe9928665731c6d6a8f9467308308";
static const char k256[] = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
static const char zero16[] = "00000000000000000000000000000000";
static const char zero32[] = "0000000000000000000000000000000000000000000000000000000000000000";
static const char iv_cafe[] = "cafebabefacedbaddecaf888";
static const char iv_zero[] = "000000000000000000000000";
static const char aad_feed[] = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
static const char pt64[] = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
			   "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
static const char pt60[] = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
			   "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";

struct vec {
	const char *name;
	enum teeio_aead_alg alg;
	const char *key, *iv, *aad, *pt, *ct, *tag;
};

static const struct vec vecs[] = {
    {"TC1", TEEIO_AEAD_AES128_GCM, zero16, iv_zero, "", "", "", "58e2fccefa7e3061367f1d57a4e7455a"},
    {"TC2", TEEIO_AEAD_AES128_GCM, zero16, iv_zero, "", zero16, "0388dace60b6a392f328c2b971b2fe78",
     "ab6e47d42cec13bdf53a67b21257bddf"},
    {"TC3", TEEIO_AEAD_AES128_GCM, k128, iv_cafe, "", pt64,
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
     "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
     "4d5c2af327cd64a62cf35abd2ba6fab4"},
    {"TC4", TEEIO_AEAD_AES128_GCM, k128, iv_cafe, aad_feed, pt60,
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
     "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
     "5bc94fbc3221a5db94fae95ae7121a47"},
    {"TC13", TEEIO_AEAD_AES256_GCM, zero32, iv_zero, "", "", "",
     "530f8afbc74536b9a963b4f1c4cb738b"},
    {"TC14", TEEIO_AEAD_AES256_GCM, zero32, iv_zero, "", zero16, "cea7403d4d606b6e074ec5d3baf39d18",
     "d0d1c8a799996bf0265b98b5d48ab919"},
    {"TC15", TEEIO_AEAD_AES256_GCM, k256, iv_cafe, "", pt64,
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
     "b094dac5d93471bdec1a502270e3cc6c"},
    {"TC16", TEEIO_AEAD_AES256_GCM, k256, iv_cafe, aad_feed, pt60,
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
     "76fc6ece0f4e1768cddf8853bb2d551b"},
};

struct bufs {
	uint8_t key[32], iv[12], aad[32], pt[64], ct[64], tag[16];
	size_t kl, al, pl, cl, tl;
};

static void load(const struct vec *v, struct bufs *b)
{
	b->kl = kat_unhex(v->key, b->key, sizeof(b->key));
	CHECK_EQ(kat_unhex(v->iv, b->iv, sizeof(b->iv)), 12);
	b->al = kat_unhex(v->aad, b->aad, sizeof(b->aad));
	b->pl = kat_unhex(v->pt, b->pt, sizeof(b->pt));
	b->cl = kat_unhex(v->ct, b->ct, sizeof(b->ct));
	b->tl = kat_unhex(v->tag, b->tag, sizeof(b->tag));
}

TEST(gcm_seal_open)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(vecs); i++) {
		struct bufs b;
		load(&vecs[i], &b);
		CHECK_EQ(b.cl, b.pl);
		struct teeio_aead a = {0};
		CHECK_OK(ops->aead_init(&a, vecs[i].alg, b.key, b.kl));
		uint8_t ct[64], tag[16], pt[64];
		CHECK_OK(ops->aead_seal(&a, b.iv, b.aad, b.al, b.pt, b.pl, ct, tag, 16));
		if (memcmp(ct, b.ct, b.cl) || memcmp(tag, b.tag, 16))
			test_fail(__FILE__, __LINE__, "%s: seal", vecs[i].name);
		/* The same keyed context opens it (direction switch, no re-key). */
		CHECK_OK(ops->aead_open(&a, b.iv, b.aad, b.al, b.ct, b.cl, b.tag, 16, pt));
		if (memcmp(pt, b.pt, b.pl))
			test_fail(__FILE__, __LINE__, "%s: open", vecs[i].name);
		ops->aead_free(&a);
	}
}

/* IDE's 96-bit MAC: the first 12 bytes of the full tag, and open accepts
 * exactly those. */
TEST(gcm_truncated_tag)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(vecs); i++) {
		struct bufs b;
		load(&vecs[i], &b);
		struct teeio_aead a = {0};
		CHECK_OK(ops->aead_init(&a, vecs[i].alg, b.key, b.kl));
		uint8_t ct[64], tag[12], pt[64];
		CHECK_OK(ops->aead_seal(&a, b.iv, b.aad, b.al, b.pt, b.pl, ct, tag, 12));
		CHECK_MEM(tag, b.tag, 12);
		CHECK_OK(ops->aead_open(&a, b.iv, b.aad, b.al, b.ct, b.cl, b.tag, 12, pt));
		CHECK_MEM(pt, b.pt, b.pl);
		uint8_t bad[12];
		memcpy(bad, b.tag, 12);
		bad[11] ^= 0x80;
		CHECK_ERR(ops->aead_open(&a, b.iv, b.aad, b.al, b.ct, b.cl, bad, 12, pt),
			  TEEIO_ERR_CRYPTO_VERIFY);
		ops->aead_free(&a);
	}
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* Tag, ciphertext, AAD or IV altered: VERIFY, and no plaintext released. */
TEST(gcm_tamper_rejected)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	struct bufs b;
	load(&vecs[3], &b); /* TC4: has AAD and plaintext */
	struct teeio_aead a = {0};
	CHECK_OK(ops->aead_init(&a, TEEIO_AEAD_AES128_GCM, b.key, b.kl));
	for (int what = 0; what < 4; what++) {
		struct bufs t = b;
		switch (what) {
		case 0: t.tag[0] ^= 1; break;
		case 1: t.ct[17] ^= 0x10; break;
		case 2: t.aad[19] ^= 2; break;
		case 3: t.iv[11] ^= 1; break;
		}
		uint8_t pt[64];
		memset(pt, 0xa5, sizeof(pt));
		CHECK_ERR(ops->aead_open(&a, t.iv, t.aad, t.al, t.ct, t.cl, t.tag, 16, pt),
			  TEEIO_ERR_CRYPTO_VERIFY);
		CHECK(all_zero(pt, t.cl));
	}
	/* The context still works after failures. */
	uint8_t pt[64];
	CHECK_OK(ops->aead_open(&a, b.iv, b.aad, b.al, b.ct, b.cl, b.tag, 16, pt));
	CHECK_MEM(pt, b.pt, b.pl);
	ops->aead_free(&a);
}

/* In place (ct == pt) gives the published ciphertext and back. */
TEST(gcm_in_place)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	struct bufs b;
	load(&vecs[7], &b); /* TC16 */
	struct teeio_aead a = {0};
	CHECK_OK(ops->aead_init(&a, TEEIO_AEAD_AES256_GCM, b.key, b.kl));
	uint8_t buf[64], tag[16];
	memcpy(buf, b.pt, b.pl);
	CHECK_OK(ops->aead_seal(&a, b.iv, b.aad, b.al, buf, b.pl, buf, tag, 16));
	CHECK_MEM(buf, b.ct, b.cl);
	CHECK_MEM(tag, b.tag, 16);
	CHECK_OK(ops->aead_open(&a, b.iv, b.aad, b.al, buf, b.pl, tag, 16, buf));
	CHECK_MEM(buf, b.pt, b.pl);
	ops->aead_free(&a);
}

int main(void)
{
	RUN(gcm_seal_open);
	RUN(gcm_truncated_tag);
	RUN(gcm_tamper_rejected);
	RUN(gcm_in_place);
	return test_summary();
}
