/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Requester <-> responder in process: every flow for the algorithm
 * combinations and versions that matter, handshake in the clear, chunked
 * transfers, and a session used after key updates.
 */
#include "test.h"
#include "support/spdm_req.h"

#include "spdm/wire.h"

#include <string.h>

static const struct spdm_combo combos[] = {
    {"p256-sha256-aes128-v12", TEEIO_SPDM_V12, TEEIO_SIG_ECDSA_P256, TEEIO_HASH_SHA256,
     TEEIO_DHE_SECP256R1, TEEIO_AEAD_AES128_GCM},
    {"p384-sha384-aes256-v13", TEEIO_SPDM_V13, TEEIO_SIG_ECDSA_P384, TEEIO_HASH_SHA384,
     TEEIO_DHE_SECP384R1, TEEIO_AEAD_AES256_GCM},
    {"p521-sha512-chacha-v12", TEEIO_SPDM_V12, TEEIO_SIG_ECDSA_P521, TEEIO_HASH_SHA512,
     TEEIO_DHE_SECP521R1, TEEIO_AEAD_CHACHA20_POLY1305},
    {"ed25519-sha384-aes256-v13", TEEIO_SPDM_V13, TEEIO_SIG_ED25519, TEEIO_HASH_SHA384,
     TEEIO_DHE_SECP384R1, TEEIO_AEAD_AES256_GCM},
    {"rsapss3072-sha256-aes128-v12", TEEIO_SPDM_V12, TEEIO_SIG_RSAPSS_3072, TEEIO_HASH_SHA256,
     TEEIO_DHE_SECP256R1, TEEIO_AEAD_AES128_GCM},
    {"p256-sha256-aes128-v11", TEEIO_SPDM_V11, TEEIO_SIG_ECDSA_P256, TEEIO_HASH_SHA256,
     TEEIO_DHE_SECP256R1, TEEIO_AEAD_AES128_GCM},
    {"p384-sha384-aes256-v11", TEEIO_SPDM_V11, TEEIO_SIG_ECDSA_P384, TEEIO_HASH_SHA384,
     TEEIO_DHE_SECP384R1, TEEIO_AEAD_AES256_GCM},
};

static struct spdm_world world; /* large: keep off the stack */
static uint8_t chain[8192];
static uint8_t record[4096];
static struct teeio_spdm_meas_block blocks[16];

static const uint8_t pcisig_vid[2] = {0x01, 0x00};

/* The whole flow on one combination; returns the number of failed checks. */
static void full_flow(const struct spdm_combo *c, uint32_t caps, bool clear)
{
	int before = test_state.checks_failed;
	struct spdm_world *w = &world;

	if (spdm_world_init(w, c, caps) != TEEIO_OK) {
		test_fail(__FILE__, __LINE__, "%s: world init", c->name);
		return;
	}
	if (clear) {
		w->rcfg.caps |= TEEIO_SPDM_CAP_HANDSHAKE_IN_THE_CLEAR;
		w->qcfg.caps |= TEEIO_SPDM_CAP_HANDSHAKE_IN_THE_CLEAR;
	}
	CHECK_OK(spdm_world_start(w, NULL));

	struct teeio_spdm_req_connect_opts opts = {.slot = 0,
						   .challenge = true,
						   .measurements = true,
						   .session = true,
						   .summary_type = TEEIO_SPDM_MEAS_SUMMARY_ALL};
	struct teeio_spdm_req_connect_result res = {.chain = chain,
						    .chain_cap = sizeof(chain),
						    .record = record,
						    .record_cap = sizeof(record),
						    .blocks = blocks,
						    .max_blocks = 16};
	CHECK_OK(teeio_spdm_req_connect(&w->req, &opts, &res));
	CHECK_EQ(res.params.version, c->version);
	CHECK_EQ(res.params.asym, c->sig);
	CHECK_EQ(res.params.hash, c->hash);
	CHECK_EQ(res.params.dhe, c->dhe);
	CHECK_EQ(res.params.aead, c->aead);
	CHECK_EQ(res.slot_mask, 1);
	CHECK(res.chain_len > w->der_len);
	CHECK_MEM(chain + res.chain_len - w->der_len, w->der, w->der_len);
	CHECK_EQ(res.meas.n_blocks, 4);
	CHECK(res.meas.signature_verified);
	CHECK_EQ(blocks[0].index, 1);
	CHECK_EQ(blocks[3].index, 4);
	CHECK(blocks[3].raw);
	CHECK_EQ(blocks[3].len, sizeof("2.3.4"));
	CHECK(res.session_id != 0);

	uint32_t id = res.session_id;
	/* Measurements again: count, one index, unsigned then signed (L1
	 * spans several exchanges). */
	struct teeio_spdm_meas_result mr;
	CHECK_OK(teeio_spdm_req_measurements(&w->req, 0, TEEIO_SPDM_MEAS_OP_COUNT, false, 0, record,
					     sizeof(record), blocks, 16, &mr));
	CHECK_EQ(mr.total, 4);
	CHECK_OK(teeio_spdm_req_measurements(&w->req, 0, 2, false, 0, record, sizeof(record),
					     blocks, 16, &mr));
	CHECK_EQ(mr.n_blocks, 1);
	CHECK_EQ(blocks[0].index, 2);
	CHECK(!blocks[0].raw);
	CHECK_EQ(blocks[0].len, teeio_hash_size(c->hash));
	CHECK_OK(teeio_spdm_req_measurements(&w->req, 0, 3, true, 0, record, sizeof(record), blocks,
					     16, &mr));
	CHECK(mr.signature_verified);

	/* Measurements inside the session: own L1/L2, signed at the end. */
	CHECK_OK(teeio_spdm_req_measurements(&w->req, id, 1, false, 0, record, sizeof(record),
					     blocks, 16, &mr));
	CHECK_OK(teeio_spdm_req_measurements(&w->req, 0, 1, false, 0, record, sizeof(record),
					     blocks, 16, &mr));
	CHECK_OK(teeio_spdm_req_measurements(&w->req, id, 0xFF, true, 0, record, sizeof(record),
					     blocks, 16, &mr));
	CHECK_EQ(mr.n_blocks, 4);
	CHECK(mr.signature_verified);
	CHECK_ERR(teeio_spdm_req_measurements(&w->req, 0x12345678, 1, false, 0, record,
					      sizeof(record), blocks, 16, &mr),
		  TEEIO_ERR_STATE_NO_SESSION);

	/* Session traffic. */
	for (int i = 0; i < 3; i++)
		CHECK_OK(teeio_spdm_req_heartbeat(&w->req, id));
	uint8_t out[64];
	size_t out_len = 0;
	const uint8_t payload[] = {0, 1, 2, 3, 4};
	CHECK_OK(teeio_spdm_req_vendor(&w->req, id, TEEIO_SPDM_VENDOR_STD_PCISIG, pcisig_vid, 2,
				       payload, sizeof(payload), out, sizeof(out), &out_len));
	CHECK_EQ(out_len, 5);
	CHECK_EQ(out[0], 4);
	CHECK_OK(teeio_spdm_req_key_update(&w->req, id, TEEIO_SPDM_KEY_UPDATE_KEY));
	CHECK_OK(teeio_spdm_req_heartbeat(&w->req, id));
	CHECK_OK(teeio_spdm_req_key_update(&w->req, id, TEEIO_SPDM_KEY_UPDATE_ALL_KEYS));
	CHECK_OK(teeio_spdm_req_heartbeat(&w->req, id));
	CHECK_OK(teeio_spdm_req_key_update(&w->req, id, TEEIO_SPDM_KEY_UPDATE_ALL_KEYS));
	CHECK_OK(teeio_spdm_req_vendor(&w->req, id, TEEIO_SPDM_VENDOR_STD_PCISIG, pcisig_vid, 2,
				       payload, sizeof(payload), out, sizeof(out), &out_len));
	/* Vendor-defined outside the session too. */
	CHECK_OK(teeio_spdm_req_vendor(&w->req, 0, TEEIO_SPDM_VENDOR_STD_PCISIG, pcisig_vid, 2,
				       payload, sizeof(payload), out, sizeof(out), &out_len));

	/* A second session next to the first, then both end. */
	uint32_t id2 = 0;
	CHECK_OK(teeio_spdm_req_key_exchange(&w->req, 0, TEEIO_SPDM_MEAS_SUMMARY_NONE, &id2, NULL));
	CHECK_OK(teeio_spdm_req_finish(&w->req, id2));
	CHECK(id2 != id);
	CHECK_OK(teeio_spdm_req_heartbeat(&w->req, id2));
	CHECK_OK(teeio_spdm_req_end_session(&w->req, id, false));
	CHECK_ERR(teeio_spdm_req_heartbeat(&w->req, id), TEEIO_ERR_STATE_NO_SESSION);
	CHECK_OK(teeio_spdm_req_heartbeat(&w->req, id2));
	CHECK_OK(teeio_spdm_req_end_session(&w->req, id2, false));

	/* Re-challenge after sessions: M1 restarts cleanly. */
	CHECK_OK(teeio_spdm_req_challenge(&w->req, 0, TEEIO_SPDM_MEAS_SUMMARY_TCB, NULL));
	spdm_world_free(w);
	if (test_state.checks_failed != before)
		test_fail(__FILE__, __LINE__, "combo %s%s failed", c->name,
			  clear ? " (clear)" : "");
}

TEST(loop_all_combos)
{
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(combos); i++)
		full_flow(&combos[i], SPDM_WORLD_RSP_CAPS, false);
}

TEST(loop_handshake_in_the_clear)
{
	full_flow(&combos[0], SPDM_WORLD_RSP_CAPS, true);
	full_flow(&combos[1], SPDM_WORLD_RSP_CAPS, true);
}

TEST(loop_chunked_transfers)
{
	struct spdm_world *w = &world;
	int before = test_state.checks_failed;

	CHECK_OK(spdm_world_init(w, &combos[1], SPDM_WORLD_RSP_CAPS));
	/* Small transfers on both sides: CERTIFICATE/MEASUREMENTS need
	 * CHUNK_GET, a large vendor request CHUNK_SEND. */
	w->rcfg.data_transfer_size = 64;
	w->qcfg.data_transfer_size = 64;
	CHECK_OK(spdm_world_start(w, NULL));
	struct teeio_spdm_req_connect_opts opts = {
	    .challenge = true, .measurements = true, .session = true};
	struct teeio_spdm_req_connect_result res = {.chain = chain,
						    .chain_cap = sizeof(chain),
						    .record = record,
						    .record_cap = sizeof(record),
						    .blocks = blocks,
						    .max_blocks = 16};
	CHECK_OK(teeio_spdm_req_connect(&w->req, &opts, &res));
	uint8_t big[300], out[300];
	size_t out_len = 0;
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)i;
	CHECK_OK(teeio_spdm_req_vendor(&w->req, 0, TEEIO_SPDM_VENDOR_STD_PCISIG, pcisig_vid, 2, big,
				       sizeof(big), out, sizeof(out), &out_len));
	CHECK_EQ(out_len, sizeof(big));
	CHECK_EQ(out[0], big[sizeof(big) - 1]);
	spdm_world_free(w);
	if (test_state.checks_failed != before)
		test_fail(__FILE__, __LINE__, "chunked flow failed");
}

TEST(loop_mctp_binding)
{
	struct spdm_world *w = &world;

	/* MCTP records: 2-byte sequence numbers, random padding, the MCTP
	 * message type inside the encrypted data. */
	CHECK_OK(spdm_world_init(w, &combos[1], SPDM_WORLD_RSP_CAPS));
	w->rcfg.binding = &teeio_spdm_sec_mctp;
	w->qcfg.binding = &teeio_spdm_sec_mctp;
	CHECK_OK(spdm_world_start(w, NULL));
	struct teeio_spdm_req_connect_opts opts = {.session = true};
	struct teeio_spdm_req_connect_result res = {.chain = chain, .chain_cap = sizeof(chain)};
	CHECK_OK(teeio_spdm_req_connect(&w->req, &opts, &res));
	CHECK_OK(teeio_spdm_req_heartbeat(&w->req, res.session_id));
	CHECK_OK(
	    teeio_spdm_req_key_update(&w->req, res.session_id, TEEIO_SPDM_KEY_UPDATE_ALL_KEYS));
	CHECK_OK(teeio_spdm_req_heartbeat(&w->req, res.session_id));
	CHECK_OK(teeio_spdm_req_end_session(&w->req, res.session_id, false));
	spdm_world_free(w);

	/* One side on DOE, the other on MCTP: the first record (FINISH) is
	 * refused one way or another, and no session remains. */
	CHECK_OK(spdm_world_init(w, &combos[1], SPDM_WORLD_RSP_CAPS));
	w->rcfg.binding = &teeio_spdm_sec_mctp;
	CHECK_OK(spdm_world_start(w, NULL));
	CHECK(teeio_spdm_req_connect(&w->req, &opts, &res) != TEEIO_OK);
	CHECK_ERR(teeio_spdm_req_heartbeat(&w->req, 0xFFFFFFFFu), TEEIO_ERR_STATE_NO_SESSION);
	spdm_world_free(w);
}

TEST(loop_refused_key_update_rolls_back)
{
	struct spdm_world *w = &world;
	uint8_t code = 0;

	/* A responder without KEY_UPD_CAP answers KEY_UPDATE with an ERROR
	 * under its current keys.  The requester is made to believe the
	 * capability is there (white box) so that it sends the request. */
	CHECK_OK(spdm_world_init(w, &combos[0], SPDM_WORLD_RSP_CAPS & ~TEEIO_SPDM_CAP_KEY_UPD));
	CHECK_OK(spdm_world_start(w, NULL));
	struct teeio_spdm_req_connect_opts opts = {.session = true};
	struct teeio_spdm_req_connect_result res = {.chain = chain, .chain_cap = sizeof(chain)};
	CHECK_OK(teeio_spdm_req_connect(&w->req, &opts, &res));
	w->req.conn.neg.rsp_caps |= TEEIO_SPDM_CAP_KEY_UPD;
	uint32_t id = res.session_id;
	CHECK_ERR(teeio_spdm_req_key_update(&w->req, id, TEEIO_SPDM_KEY_UPDATE_ALL_KEYS),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK(teeio_spdm_req_peer_error(&w->req, &code, NULL));
	CHECK_EQ(code, SPDM_ERR_UNSUPPORTED_REQUEST);
	/* Both sides still on the old keys: the session works. */
	CHECK_OK(teeio_spdm_req_heartbeat(&w->req, id));
	CHECK_ERR(teeio_spdm_req_key_update(&w->req, id, TEEIO_SPDM_KEY_UPDATE_KEY),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_OK(teeio_spdm_req_heartbeat(&w->req, id));
	CHECK_OK(teeio_spdm_req_end_session(&w->req, id, false));
	spdm_world_free(w);
}

TEST(loop_unsupported_request_is_not_fatal)
{
	struct spdm_world *w = &world;
	uint8_t code = 0;

	/* A responder without MEAS_CAP / KEY_EX: the requester refuses
	 * locally; a responder without HBEAT answers ERROR. */
	CHECK_OK(spdm_world_init(w, &combos[0], TEEIO_SPDM_CAP_CERT | TEEIO_SPDM_CAP_CHAL));
	CHECK_OK(spdm_world_start(w, NULL));
	CHECK_OK(teeio_spdm_req_vca(&w->req));
	struct teeio_spdm_meas_result mr;
	CHECK_ERR(teeio_spdm_req_measurements(&w->req, 0, 0xFF, false, 0, record, sizeof(record),
					      blocks, 16, &mr),
		  TEEIO_ERR_PROTO_UNSUPPORTED);
	uint32_t id;
	CHECK_ERR(teeio_spdm_req_key_exchange(&w->req, 0, 0, &id, NULL),
		  TEEIO_ERR_PROTO_UNSUPPORTED);
	size_t len;
	CHECK_OK(teeio_spdm_req_digests(&w->req, NULL));
	CHECK_OK(teeio_spdm_req_certificate(&w->req, 0, chain, sizeof(chain), &len));
	CHECK_ERR(teeio_spdm_req_key_exchange(&w->req, 0, 0, &id, NULL),
		  TEEIO_ERR_PROTO_UNSUPPORTED);
	/* Vendor request nobody registered for: ERROR, connection lives on. */
	uint8_t out[8];
	size_t out_len;
	const uint8_t vid[2] = {0x34, 0x12};
	CHECK_ERR(
	    teeio_spdm_req_vendor(&w->req, 0, 0x7, vid, 2, vid, 2, out, sizeof(out), &out_len),
	    TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK(teeio_spdm_req_peer_error(&w->req, &code, NULL));
	CHECK(code != 0);
	CHECK_OK(teeio_spdm_req_challenge(&w->req, 0, 0, NULL));
	spdm_world_free(w);
}

TEST(loop_small_caller_buffers)
{
	struct spdm_world *w = &world;
	size_t len;

	CHECK_OK(spdm_world_init(w, &combos[0], SPDM_WORLD_RSP_CAPS));
	CHECK_OK(spdm_world_start(w, NULL));
	CHECK_OK(teeio_spdm_req_vca(&w->req));
	CHECK_OK(teeio_spdm_req_digests(&w->req, NULL));
	CHECK_ERR(teeio_spdm_req_certificate(&w->req, 0, chain, 100, &len), TEEIO_ERR_SIZE);
	/* Not fatal: try again with room. */
	CHECK_OK(teeio_spdm_req_certificate(&w->req, 0, chain, sizeof(chain), &len));
	struct teeio_spdm_meas_result mr;
	CHECK_ERR(teeio_spdm_req_measurements(&w->req, 0, 0xFF, false, 0, record, sizeof(record),
					      blocks, 2, &mr),
		  TEEIO_ERR_SIZE);
	CHECK_OK(teeio_spdm_req_measurements(&w->req, 0, 0xFF, true, 0, record, sizeof(record),
					     blocks, 16, &mr));
	/* Slot 1 is empty. */
	CHECK(teeio_spdm_req_certificate(&w->req, 1, chain, sizeof(chain), &len) != TEEIO_OK);
	spdm_world_free(w);
}

TEST(loop_untrusted_root)
{
	struct spdm_world *w = &world;
	struct teeio_pki_chain other;
	size_t len;

	CHECK_OK(spdm_world_init(w, &combos[0], SPDM_WORLD_RSP_CAPS));
	CHECK_OK(teeio_pki_generate_device(w->ops, TEEIO_SIG_ECDSA_P256, 0, &other));
	const uint8_t *root = other.certs[0].der;
	size_t root_len = other.certs[0].len;
	w->qcfg.roots = &root;
	w->qcfg.root_lens = &root_len;
	CHECK_OK(spdm_world_start(w, NULL));
	CHECK_OK(teeio_spdm_req_vca(&w->req));
	CHECK_OK(teeio_spdm_req_digests(&w->req, NULL));
	CHECK_ERR(teeio_spdm_req_certificate(&w->req, 0, chain, sizeof(chain), &len),
		  TEEIO_ERR_CRYPTO_CERT);
	CHECK_ERR(teeio_spdm_req_challenge(&w->req, 0, 0, NULL), TEEIO_ERR_STATE_DEAD);
	teeio_pki_chain_free(w->ops, &other);
	spdm_world_free(w);
}

int main(void)
{
	RUN(loop_all_combos);
	RUN(loop_handshake_in_the_clear);
	RUN(loop_chunked_transfers);
	RUN(loop_mctp_binding);
	RUN(loop_refused_key_update_rolls_back);
	RUN(loop_unsupported_request_is_not_fatal);
	RUN(loop_small_caller_buffers);
	RUN(loop_untrusted_root);
	return test_summary();
}
