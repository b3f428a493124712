/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SHA-256/384/512 known answers: the FIPS 180-2 Appendix B/C/D examples
 * ("abc", the two-block messages, one million 'a'), checked one-shot,
 * incrementally (byte by byte) and through a copied running state.
 */
#include "support/crypto_kat.h"
#include "test.h"

static const char msg448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const char msg896[] = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
			     "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

struct vec {
	enum teeio_hash_alg alg;
	const char *msg;
	const char *digest;
};

static const struct vec vecs[] = {
    {TEEIO_HASH_SHA256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {TEEIO_HASH_SHA256, msg448, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {TEEIO_HASH_SHA256, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {TEEIO_HASH_SHA384, "abc",
     "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
     "8086072ba1e7cc2358baeca134c825a7"},
    {TEEIO_HASH_SHA384, msg896,
     "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712"
     "fcc7c71a557e2db966c3e9fa91746039"},
    {TEEIO_HASH_SHA512, "abc",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
     "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"},
    {TEEIO_HASH_SHA512, msg896,
     "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
     "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"},
};

TEST(sha_one_shot)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(vecs); i++) {
		uint8_t want[TEEIO_HASH_MAX], got[TEEIO_HASH_MAX];
		size_t n = kat_unhex(vecs[i].digest, want, sizeof(want));
		CHECK_EQ(n, teeio_hash_size(vecs[i].alg));
		CHECK_OK(ops->hash(vecs[i].alg, vecs[i].msg, strlen(vecs[i].msg), got));
		CHECK_MEM(got, want, n);
	}
}

TEST(sha_incremental_bytewise)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(vecs); i++) {
		uint8_t want[TEEIO_HASH_MAX], got[TEEIO_HASH_MAX];
		size_t n = kat_unhex(vecs[i].digest, want, sizeof(want));
		struct teeio_hash h = {0};
		CHECK_OK(ops->hash_init(&h, vecs[i].alg));
		for (const char *p = vecs[i].msg; *p; p++)
			CHECK_OK(ops->hash_update(&h, p, 1));
		CHECK_OK(ops->hash_final(&h, got));
		ops->hash_free(&h);
		CHECK_MEM(got, want, n);
	}
}

/* A transcript copy taken half way finishes with the same digest. */
TEST(sha_copy_mid_message)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(vecs); i++) {
		uint8_t want[TEEIO_HASH_MAX], got[TEEIO_HASH_MAX];
		size_t n = kat_unhex(vecs[i].digest, want, sizeof(want));
		size_t len = strlen(vecs[i].msg), half = len / 2;
		struct teeio_hash h = {0}, c = {0};
		CHECK_OK(ops->hash_init(&h, vecs[i].alg));
		CHECK_OK(ops->hash_update(&h, vecs[i].msg, half));
		CHECK_OK(ops->hash_copy(&c, &h));
		CHECK_OK(ops->hash_update(&h, "junk", 4));
		CHECK_OK(ops->hash_update(&c, vecs[i].msg + half, len - half));
		CHECK_OK(ops->hash_final(&c, got));
		CHECK_MEM(got, want, n);
		ops->hash_free(&c);
		ops->hash_free(&h);
	}
}

/* FIPS 180-2 B.3/C.3/D.3: one million repetitions of 'a'. */
TEST(sha_million_a)
{
	static const char *const want_hex[] = {
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	    "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b"
	    "07b8b3dc38ecc4ebae97ddd87f3d8985",
	    "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
	    "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b",
	};
	static const enum teeio_hash_alg algs[] = {TEEIO_HASH_SHA256, TEEIO_HASH_SHA384,
						   TEEIO_HASH_SHA512};
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	uint8_t chunk[1000];
	memset(chunk, 'a', sizeof(chunk));
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(algs); i++) {
		uint8_t want[TEEIO_HASH_MAX], got[TEEIO_HASH_MAX];
		size_t n = kat_unhex(want_hex[i], want, sizeof(want));
		struct teeio_hash h = {0};
		CHECK_OK(ops->hash_init(&h, algs[i]));
		for (int j = 0; j < 1000; j++)
			CHECK_OK(ops->hash_update(&h, chunk, sizeof(chunk)));
		CHECK_OK(ops->hash_final(&h, got));
		ops->hash_free(&h);
		CHECK_MEM(got, want, n);
	}
}

int main(void)
{
	RUN(sha_one_shot);
	RUN(sha_incremental_bytewise);
	RUN(sha_copy_mid_message);
	RUN(sha_million_a);
	return test_summary();
}
