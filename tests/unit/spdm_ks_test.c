/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Key schedule state and lifecycle: argument checks, phase order,
 * KEY_UPDATE commit/rollback, wiping.  (Derived values: tests/kat/spdm_ks_kat.c.)
 */
#include <string.h>

#include "teeio/spdm_secured.h"
#include "test.h"

static const struct teeio_crypto_ops *ops;
static const uint8_t dhe[48] = {0x42, 1, 2, 3};
static const uint8_t th1[64] = {0x11};
static const uint8_t th2[64] = {0x22};

static void to_data(struct teeio_spdm_ks *ks)
{
	CHECK_OK(teeio_spdm_ks_init(ks, ops, TEEIO_SPDM_V12, TEEIO_HASH_SHA384,
				    TEEIO_AEAD_AES256_GCM, dhe, sizeof(dhe)));
	CHECK_OK(teeio_spdm_ks_handshake(ks, th1));
	CHECK_OK(teeio_spdm_ks_data(ks, th2));
}

TEST(init_rejects_bad_arguments)
{
	struct teeio_spdm_ks ks;
	uint8_t big[TEEIO_SPDM_KS_SECRET_MAX + 1] = {0};

	/* SPDM 1.0 has no sessions; unknown versions neither. */
	CHECK_ERR(teeio_spdm_ks_init(&ks, ops, TEEIO_SPDM_V10, TEEIO_HASH_SHA384,
				     TEEIO_AEAD_AES256_GCM, dhe, 48),
		  TEEIO_ERR_USAGE);
	CHECK_ERR(
	    teeio_spdm_ks_init(&ks, ops, 0x14, TEEIO_HASH_SHA384, TEEIO_AEAD_AES256_GCM, dhe, 48),
	    TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_spdm_ks_init(&ks, ops, TEEIO_SPDM_V12, TEEIO_HASH_NONE,
				     TEEIO_AEAD_AES256_GCM, dhe, 48),
		  TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_spdm_ks_init(&ks, ops, TEEIO_SPDM_V12, TEEIO_HASH_SHA384, TEEIO_AEAD_NONE,
				     dhe, 48),
		  TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_spdm_ks_init(&ks, ops, TEEIO_SPDM_V12, TEEIO_HASH_SHA384,
				     TEEIO_AEAD_AES256_GCM, dhe, 0),
		  TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_spdm_ks_init(&ks, ops, TEEIO_SPDM_V12, TEEIO_HASH_SHA384,
				     TEEIO_AEAD_AES256_GCM, big, sizeof(big)),
		  TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_spdm_ks_init(&ks, NULL, TEEIO_SPDM_V12, TEEIO_HASH_SHA384,
				     TEEIO_AEAD_AES256_GCM, dhe, 48),
		  TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_spdm_ks_init_psk(&ks, ops, TEEIO_SPDM_V10, TEEIO_HASH_SHA384,
					 TEEIO_AEAD_AES256_GCM, dhe, 48),
		  TEEIO_ERR_USAGE);
}

TEST(phases_in_order_only)
{
	struct teeio_spdm_ks ks;
	uint8_t mac[64];

	memset(&ks, 0, sizeof(ks));
	CHECK_ERR(teeio_spdm_ks_handshake(&ks, th1), TEEIO_ERR_STATE);
	CHECK_ERR(teeio_spdm_ks_data(&ks, th2), TEEIO_ERR_STATE);
	CHECK_ERR(teeio_spdm_ks_update(&ks, TEEIO_SPDM_DIR_REQ), TEEIO_ERR_STATE);
	CHECK_ERR(teeio_spdm_ks_finished_mac(&ks, TEEIO_SPDM_DIR_REQ, th1, mac), TEEIO_ERR_STATE);

	CHECK_OK(teeio_spdm_ks_init(&ks, ops, TEEIO_SPDM_V13, TEEIO_HASH_SHA384,
				    TEEIO_AEAD_AES256_GCM, dhe, sizeof(dhe)));
	CHECK_EQ(ks.phase, TEEIO_SPDM_KS_STARTED);
	CHECK_ERR(teeio_spdm_ks_data(&ks, th2), TEEIO_ERR_STATE);
	CHECK_ERR(teeio_spdm_ks_finished_mac(&ks, TEEIO_SPDM_DIR_REQ, th1, mac), TEEIO_ERR_STATE);
	CHECK_OK(teeio_spdm_ks_handshake(&ks, th1));
	CHECK_EQ(ks.phase, TEEIO_SPDM_KS_HANDSHAKE);
	CHECK_ERR(teeio_spdm_ks_handshake(&ks, th1), TEEIO_ERR_STATE);
	CHECK_ERR(teeio_spdm_ks_update(&ks, TEEIO_SPDM_DIR_REQ), TEEIO_ERR_STATE);
	CHECK_OK(teeio_spdm_ks_finished_mac(&ks, TEEIO_SPDM_DIR_RSP, th1, mac));
	CHECK_ERR(teeio_spdm_ks_finished_mac(&ks, (enum teeio_spdm_dir)2, th1, mac),
		  TEEIO_ERR_USAGE);
	CHECK_OK(teeio_spdm_ks_data(&ks, th2));
	CHECK_EQ(ks.phase, TEEIO_SPDM_KS_DATA);
	CHECK_ERR(teeio_spdm_ks_data(&ks, th2), TEEIO_ERR_STATE);
	CHECK_ERR(teeio_spdm_ks_finished_mac(&ks, TEEIO_SPDM_DIR_REQ, th1, mac), TEEIO_ERR_STATE);
	CHECK_ERR(teeio_spdm_ks_update(&ks, (enum teeio_spdm_dir)7), TEEIO_ERR_USAGE);
	teeio_spdm_ks_wipe(&ks);
}

TEST(data_phase_drops_handshake_secrets)
{
	struct teeio_spdm_ks ks;

	to_data(&ks);
	CHECK(teeio_ct_is_zero(ks.handshake_secret, sizeof(ks.handshake_secret)));
	CHECK(teeio_ct_is_zero(ks.req_finished_key, sizeof(ks.req_finished_key)));
	CHECK(teeio_ct_is_zero(ks.rsp_finished_key, sizeof(ks.rsp_finished_key)));
	CHECK(!teeio_ct_is_zero(ks.master_secret, 48));
	CHECK(!teeio_ct_is_zero(ks.export_master_secret, 48));
	/* Directions differ and sequence numbers restart. */
	CHECK(memcmp(ks.dir[0].key, ks.dir[1].key, 32) != 0);
	CHECK(memcmp(ks.dir[0].iv, ks.dir[1].iv, 12) != 0);
	CHECK_EQ(ks.dir[0].seq, 0);
	CHECK_EQ(ks.dir[1].seq, 0);
	teeio_spdm_ks_wipe(&ks);
}

TEST(handshake_resets_sequence_numbers)
{
	struct teeio_spdm_ks ks;

	CHECK_OK(teeio_spdm_ks_init(&ks, ops, TEEIO_SPDM_V12, TEEIO_HASH_SHA256,
				    TEEIO_AEAD_AES128_GCM, dhe, 32));
	CHECK_OK(teeio_spdm_ks_handshake(&ks, th1));
	ks.dir[0].seq = 5;
	ks.dir[1].seq = 9;
	CHECK_OK(teeio_spdm_ks_data(&ks, th2));
	CHECK_EQ(ks.dir[0].seq, 0);
	CHECK_EQ(ks.dir[1].seq, 0);
	teeio_spdm_ks_wipe(&ks);
}

TEST(update_rollback_restores_everything)
{
	struct teeio_spdm_ks ks;
	struct teeio_spdm_dir_keys before, other;

	to_data(&ks);
	ks.dir[TEEIO_SPDM_DIR_REQ].seq = 17;
	before = ks.dir[TEEIO_SPDM_DIR_REQ];
	other = ks.dir[TEEIO_SPDM_DIR_RSP];
	CHECK_OK(teeio_spdm_ks_update(&ks, TEEIO_SPDM_DIR_REQ));
	CHECK(ks.prev_valid[TEEIO_SPDM_DIR_REQ]);
	CHECK(!ks.prev_valid[TEEIO_SPDM_DIR_RSP]);
	CHECK(memcmp(ks.dir[0].secret, before.secret, 48) != 0);
	CHECK(memcmp(ks.dir[0].key, before.key, 32) != 0);
	CHECK(memcmp(ks.dir[0].iv, before.iv, 12) != 0);
	CHECK_EQ(ks.dir[0].seq, 0);
	/* The other direction is untouched. */
	CHECK_MEM(&ks.dir[TEEIO_SPDM_DIR_RSP], &other, sizeof(other));
	/* A second update before the first is settled is refused. */
	CHECK_ERR(teeio_spdm_ks_update(&ks, TEEIO_SPDM_DIR_REQ), TEEIO_ERR_STATE);

	teeio_spdm_ks_update_rollback(&ks, TEEIO_SPDM_DIR_REQ);
	CHECK(!ks.prev_valid[TEEIO_SPDM_DIR_REQ]);
	CHECK_MEM(&ks.dir[TEEIO_SPDM_DIR_REQ], &before, sizeof(before));
	CHECK(teeio_ct_is_zero(&ks.prev[0], sizeof(ks.prev[0])));
	/* Rollback with nothing pending is a no-op. */
	teeio_spdm_ks_update_rollback(&ks, TEEIO_SPDM_DIR_REQ);
	CHECK_MEM(&ks.dir[TEEIO_SPDM_DIR_REQ], &before, sizeof(before));
	teeio_spdm_ks_wipe(&ks);
}

TEST(update_commit_forgets_old_keys)
{
	struct teeio_spdm_ks ks;
	struct teeio_spdm_dir_keys after;

	to_data(&ks);
	CHECK_OK(teeio_spdm_ks_update(&ks, TEEIO_SPDM_DIR_RSP));
	after = ks.dir[TEEIO_SPDM_DIR_RSP];
	teeio_spdm_ks_update_commit(&ks, TEEIO_SPDM_DIR_RSP);
	CHECK(!ks.prev_valid[TEEIO_SPDM_DIR_RSP]);
	CHECK(teeio_ct_is_zero(&ks.prev[1], sizeof(ks.prev[1])));
	CHECK_MEM(&ks.dir[TEEIO_SPDM_DIR_RSP], &after, sizeof(after));
	/* Rollback after commit cannot go back. */
	teeio_spdm_ks_update_rollback(&ks, TEEIO_SPDM_DIR_RSP);
	CHECK_MEM(&ks.dir[TEEIO_SPDM_DIR_RSP], &after, sizeof(after));
	/* And the next update is allowed again. */
	CHECK_OK(teeio_spdm_ks_update(&ks, TEEIO_SPDM_DIR_RSP));
	teeio_spdm_ks_wipe(&ks);
}

TEST(psk_salt_differs_from_dhe_in_13_only)
{
	struct teeio_spdm_ks a, b;

	CHECK_OK(teeio_spdm_ks_init(&a, ops, TEEIO_SPDM_V13, TEEIO_HASH_SHA256,
				    TEEIO_AEAD_AES128_GCM, dhe, 32));
	CHECK_OK(teeio_spdm_ks_init_psk(&b, ops, TEEIO_SPDM_V13, TEEIO_HASH_SHA256,
					TEEIO_AEAD_AES128_GCM, dhe, 32));
	CHECK(memcmp(a.handshake_secret, b.handshake_secret, 32) != 0);
	CHECK_OK(teeio_spdm_ks_init(&a, ops, TEEIO_SPDM_V12, TEEIO_HASH_SHA256,
				    TEEIO_AEAD_AES128_GCM, dhe, 32));
	CHECK_OK(teeio_spdm_ks_init_psk(&b, ops, TEEIO_SPDM_V12, TEEIO_HASH_SHA256,
					TEEIO_AEAD_AES128_GCM, dhe, 32));
	CHECK_MEM(a.handshake_secret, b.handshake_secret, 32);
	teeio_spdm_ks_wipe(&a);
	teeio_spdm_ks_wipe(&b);
}

TEST(version_changes_every_key)
{
	struct teeio_spdm_ks a, b;

	CHECK_OK(teeio_spdm_ks_init(&a, ops, TEEIO_SPDM_V12, TEEIO_HASH_SHA256,
				    TEEIO_AEAD_AES128_GCM, dhe, 32));
	CHECK_OK(teeio_spdm_ks_init(&b, ops, TEEIO_SPDM_V13, TEEIO_HASH_SHA256,
				    TEEIO_AEAD_AES128_GCM, dhe, 32));
	/* Extract has no label: same HandshakeSecret ... */
	CHECK_MEM(a.handshake_secret, b.handshake_secret, 32);
	CHECK_OK(teeio_spdm_ks_handshake(&a, th1));
	CHECK_OK(teeio_spdm_ks_handshake(&b, th1));
	/* ... but the "spdm1.x " prefix changes everything derived. */
	CHECK(memcmp(a.dir[0].secret, b.dir[0].secret, 32) != 0);
	CHECK(memcmp(a.dir[1].key, b.dir[1].key, 16) != 0);
	teeio_spdm_ks_wipe(&a);
	teeio_spdm_ks_wipe(&b);
}

TEST(wipe_leaves_zeros)
{
	struct teeio_spdm_ks ks;

	to_data(&ks);
	CHECK_OK(teeio_spdm_ks_update(&ks, TEEIO_SPDM_DIR_REQ));
	teeio_spdm_ks_wipe(&ks);
	CHECK(teeio_ct_is_zero(&ks, sizeof(ks)));
	CHECK_EQ(ks.phase, TEEIO_SPDM_KS_EMPTY);
	teeio_spdm_ks_wipe(NULL); /* harmless */
}

/* A backend whose HKDF-Expand fails after a few calls: every failure
 * leaves a wiped (unusable) schedule, never a half-derived one. */
static int expand_budget;
static teeio_err failing_expand(enum teeio_hash_alg alg, const uint8_t *prk, size_t prk_len,
				const uint8_t *info, size_t info_len, uint8_t *out, size_t out_len)
{
	if (expand_budget-- <= 0)
		return TEEIO_ERR_CRYPTO;
	return teeio_crypto_openssl()->hkdf_expand(alg, prk, prk_len, info, info_len, out, out_len);
}

TEST(backend_failure_wipes)
{
	struct teeio_crypto_ops bad = *teeio_crypto_openssl();
	struct teeio_spdm_ks ks;

	bad.hkdf_expand = failing_expand;
	for (int budget = 0; budget < 8; budget++) {
		expand_budget = budget;
		CHECK_OK(teeio_spdm_ks_init(&ks, &bad, TEEIO_SPDM_V12, TEEIO_HASH_SHA384,
					    TEEIO_AEAD_AES256_GCM, dhe, 48));
		CHECK_ERR(teeio_spdm_ks_handshake(&ks, th1), TEEIO_ERR_CRYPTO);
		CHECK(teeio_ct_is_zero(&ks, sizeof(ks)));
	}
	for (int budget = 8; budget < 8 + 8; budget++) {
		expand_budget = budget;
		CHECK_OK(teeio_spdm_ks_init(&ks, &bad, TEEIO_SPDM_V12, TEEIO_HASH_SHA384,
					    TEEIO_AEAD_AES256_GCM, dhe, 48));
		CHECK_OK(teeio_spdm_ks_handshake(&ks, th1));
		CHECK_ERR(teeio_spdm_ks_data(&ks, th2), TEEIO_ERR_CRYPTO);
		CHECK(teeio_ct_is_zero(&ks, sizeof(ks)));
	}
	/* A failed KEY_UPDATE leaves the direction as it was. */
	for (int budget = 0; budget < 3; budget++) {
		struct teeio_spdm_dir_keys before;

		expand_budget = 1000;
		CHECK_OK(teeio_spdm_ks_init(&ks, &bad, TEEIO_SPDM_V12, TEEIO_HASH_SHA384,
					    TEEIO_AEAD_AES256_GCM, dhe, 48));
		CHECK_OK(teeio_spdm_ks_handshake(&ks, th1));
		CHECK_OK(teeio_spdm_ks_data(&ks, th2));
		before = ks.dir[0];
		expand_budget = budget;
		CHECK_ERR(teeio_spdm_ks_update(&ks, TEEIO_SPDM_DIR_REQ), TEEIO_ERR_CRYPTO);
		CHECK_MEM(&ks.dir[0], &before, sizeof(before));
		CHECK(!ks.prev_valid[0]);
		teeio_spdm_ks_wipe(&ks);
	}
}

int main(void)
{
	ops = teeio_crypto_openssl();
	RUN(init_rejects_bad_arguments);
	RUN(phases_in_order_only);
	RUN(data_phase_drops_handshake_secrets);
	RUN(handshake_resets_sequence_numbers);
	RUN(update_rollback_restores_everything);
	RUN(update_commit_forgets_old_keys);
	RUN(psk_salt_differs_from_dhe_in_13_only);
	RUN(version_changes_every_key);
	RUN(wipe_leaves_zeros);
	RUN(backend_failure_wipes);
	return test_summary();
}
