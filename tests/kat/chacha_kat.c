/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ChaCha20-Poly1305 known answer: RFC 8439 §2.8.2 (the "Ladies and
 * Gentlemen" AEAD example), sealed, opened, truncated-tag and tampering
 * checks.
 */
#include "support/crypto_kat.h"
#include "test.h"

static const char key_hex[] = "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f";
static const char nonce_hex[] = "070000004041424344454647";
static const char aad_hex[] = "50515253c0c1c2c3c4c5c6c7";
static const char pt_hex[] = "4c616469657320616e642047656e746c656d656e206f662074686520636c6173"
			     "73206f66202739393a204966204920636f756c64206f6666657220796f75206f"
			     "6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73"
			     "637265656e20776f756c642062652069742e";
static const char ct_hex[] = "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
			     "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
			     "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
			     "3ff4def08e4b7a9de576d26586cec64b6116";
static const char tag_hex[] = "1ae10b594f09e26a7e902ecbd0600691";

struct fixture {
	uint8_t key[32], nonce[12], aad[12], pt[114], ct[114], tag[16];
	size_t pl;
};

static void load(struct fixture *f)
{
	CHECK_EQ(kat_unhex(key_hex, f->key, sizeof(f->key)), 32);
	CHECK_EQ(kat_unhex(nonce_hex, f->nonce, sizeof(f->nonce)), 12);
	CHECK_EQ(kat_unhex(aad_hex, f->aad, sizeof(f->aad)), 12);
	f->pl = kat_unhex(pt_hex, f->pt, sizeof(f->pt));
	CHECK_EQ(f->pl, 114);
	CHECK_EQ(kat_unhex(ct_hex, f->ct, sizeof(f->ct)), 114);
	CHECK_EQ(kat_unhex(tag_hex, f->tag, sizeof(f->tag)), 16);
}

TEST(chacha_rfc8439_seal_open)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	struct fixture f;
	load(&f);
	struct teeio_aead a = {0};
	CHECK_OK(ops->aead_init(&a, TEEIO_AEAD_CHACHA20_POLY1305, f.key, 32));
	uint8_t ct[114], tag[16], pt[114];
	for (int round = 0; round < 2; round++) { /* context reused across messages */
		CHECK_OK(ops->aead_seal(&a, f.nonce, f.aad, 12, f.pt, f.pl, ct, tag, 16));
		CHECK_MEM(ct, f.ct, f.pl);
		CHECK_MEM(tag, f.tag, 16);
		CHECK_OK(ops->aead_open(&a, f.nonce, f.aad, 12, f.ct, f.pl, f.tag, 16, pt));
		CHECK_MEM(pt, f.pt, f.pl);
	}
	/* Truncated tag: the prefix of the full one. */
	CHECK_OK(ops->aead_seal(&a, f.nonce, f.aad, 12, f.pt, f.pl, ct, tag, 12));
	CHECK_MEM(tag, f.tag, 12);
	CHECK_OK(ops->aead_open(&a, f.nonce, f.aad, 12, f.ct, f.pl, f.tag, 12, pt));
	uint8_t bad[12];
	memcpy(bad, f.tag, 12);
	bad[11] ^= 4;
	CHECK_ERR(ops->aead_open(&a, f.nonce, f.aad, 12, f.ct, f.pl, bad, 12, pt),
		  TEEIO_ERR_CRYPTO_VERIFY);
	ops->aead_free(&a);
}

TEST(chacha_tamper_rejected)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	struct fixture f;
	load(&f);
	struct teeio_aead a = {0};
	CHECK_OK(ops->aead_init(&a, TEEIO_AEAD_CHACHA20_POLY1305, f.key, 32));
	for (int what = 0; what < 3; what++) {
		struct fixture t = f;
		if (what == 0)
			t.tag[15] ^= 1;
		else if (what == 1)
			t.ct[113] ^= 1;
		else
			t.aad[0] ^= 1;
		uint8_t pt[114];
		memset(pt, 0x5a, sizeof(pt));
		CHECK_ERR(ops->aead_open(&a, t.nonce, t.aad, 12, t.ct, t.pl, t.tag, 16, pt),
			  TEEIO_ERR_CRYPTO_VERIFY);
		uint8_t zero[114] = {0};
		CHECK_MEM(pt, zero, sizeof(pt));
	}
	ops->aead_free(&a);
}

int main(void)
{
	RUN(chacha_rfc8439_seal_open);
	RUN(chacha_tamper_rejected);
	return test_summary();
}
