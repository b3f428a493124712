/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Responder VCA: GET_VERSION / GET_CAPABILITIES / NEGOTIATE_ALGORITHMS,
 * version and algorithm negotiation, ordering, and malformed requests.
 * Requests are hand-built bytes; responses are checked field by field.
 */
#include <string.h>

#include "support/spdm_fixture.h"
#include "test.h"

static struct spdm_fixture fx;
static struct teeio_spdm_rsp rsp;
static uint8_t out[TEEIO_SPDM_MAX_MSG];
static size_t out_len;

static void start(void)
{
	CHECK_OK(teeio_spdm_rsp_init(&rsp, &fx.cfg));
}

/* Send raw bytes with `pad` allowed padding bytes. */
static void send(const uint8_t *req, size_t len, size_t pad)
{
	out_len = sizeof(out);
	CHECK_OK(teeio_spdm_rsp_handle(&rsp, req, len, pad, out, &out_len));
}

static void expect_error(uint8_t code)
{
	CHECK(out_len >= 4);
	CHECK_EQ(out[1], 0x7F);
	CHECK_EQ(out[2], code);
}

TEST(version_lists_12_and_13)
{
	uint8_t req[4];

	start();
	send(req, spdm_msg_get_version(req), 0);
	static const uint8_t want[] = {0x10, 0x04, 0, 0, 0, 2, 0x00, 0x12, 0x00, 0x13};
	CHECK_EQ(out_len, sizeof(want));
	CHECK_MEM(out, want, sizeof(want));
	CHECK_EQ(rsp.conn.state, TEEIO_SPDM_CONN_AFTER_VERSION);
	teeio_spdm_rsp_free(&rsp);
}

TEST(version_configurable_10_11)
{
	struct teeio_spdm_rsp_config cfg = fx.cfg;
	uint8_t req[4];

	cfg.versions[0] = TEEIO_SPDM_V11;
	cfg.versions[1] = TEEIO_SPDM_V10;
	CHECK_OK(teeio_spdm_rsp_init(&rsp, &cfg));
	send(req, spdm_msg_get_version(req), 0);
	static const uint8_t want[] = {0x10, 0x04, 0, 0, 0, 2, 0x00, 0x10, 0x00, 0x11};
	CHECK_EQ(out_len, sizeof(want));
	CHECK_MEM(out, want, sizeof(want));
	teeio_spdm_rsp_free(&rsp);
}

TEST(vca_12_and_13_select_preferred)
{
	uint8_t ver[] = {0x12, 0x13};

	for (size_t i = 0; i < 2; i++) {
		uint8_t req[128];
		start();
		CHECK(spdm_do_vca(&rsp, ver[i], (1u << 4) | (1u << 7), 0x3));
		CHECK_EQ(rsp.conn.state, TEEIO_SPDM_CONN_NEGOTIATED);
		CHECK_EQ(rsp.conn.neg.version, ver[i]);
		CHECK_EQ(rsp.conn.neg.asym, TEEIO_SIG_ECDSA_P384);
		CHECK_EQ(rsp.conn.neg.hash, TEEIO_HASH_SHA384);
		CHECK_EQ(rsp.conn.neg.dhe, TEEIO_DHE_SECP384R1);
		CHECK_EQ(rsp.conn.neg.aead, TEEIO_AEAD_AES256_GCM);
		CHECK_EQ(rsp.conn.neg.other_params, 0x02);
		/* Re-run ALGORITHMS to see the bytes: a new GET_VERSION first. */
		send(req, spdm_msg_get_version(req), 0);
		send(req, spdm_msg_get_caps(req, ver[i], SPDM_FIX_REQ_CAPS, 4096, 16384), 0);
		CHECK_EQ(out_len, 20);
		CHECK_EQ(out[1], 0x61);
		CHECK_EQ(out[5], 12); /* CTExponent */
		CHECK_EQ(teeio_load_u32le(out + 8), fx.cfg.caps);
		CHECK_EQ(teeio_load_u32le(out + 12), TEEIO_SPDM_MAX_MSG);
		send(req, spdm_msg_neg_algs(req, ver[i], 0x90, 0x3, 0x18, 0x3), 0);
		CHECK_EQ(out[1], 0x63);
		CHECK_EQ(out[2], 4); /* AlgStructs mirrored */
		CHECK_EQ(teeio_load_u16le(out + 4), out_len); /* Length */
		CHECK_EQ(out[6], 0x01); /* DMTF */
		CHECK_EQ(teeio_load_u32le(out + 8), 1u << 2); /* SHA-384 measurement hash */
		CHECK_EQ(teeio_load_u32le(out + 12), 1u << 7);
		CHECK_EQ(teeio_load_u32le(out + 16), 1u << 1);
		CHECK_EQ(out[36], 2);
		CHECK_EQ(out[37], 0x20);
		CHECK_EQ(teeio_load_u16le(out + 38), 1u << 4);
		CHECK_EQ(teeio_load_u16le(out + 42), 1u << 1);
		CHECK_EQ(teeio_load_u16le(out + 50), 1u << 0); /* key schedule */
		CHECK_EQ(out_len, 52);
		teeio_spdm_rsp_free(&rsp);
	}
}

TEST(algorithms_respects_peer_offer_and_priority)
{
	uint8_t req[128];

	start();
	send(req, spdm_msg_get_version(req), 0);
	send(req, spdm_msg_get_caps(req, 0x12, SPDM_FIX_REQ_CAPS, 4096, 16384), 0);
	/* Peer offers only SHA-256 and P-256 / AES-128: those must be chosen. */
	send(req, spdm_msg_neg_algs(req, 0x12, 1u << 7, 0x1, 0x08, 0x1), 0);
	CHECK_EQ(out[1], 0x63);
	CHECK_EQ(rsp.conn.neg.hash, TEEIO_HASH_SHA256);
	CHECK_EQ(rsp.conn.neg.dhe, TEEIO_DHE_SECP256R1);
	CHECK_EQ(rsp.conn.neg.aead, TEEIO_AEAD_AES128_GCM);
	teeio_spdm_rsp_free(&rsp);
}

TEST(asym_limited_to_slot_keys)
{
	struct teeio_spdm_rsp_config cfg = fx.cfg;
	uint8_t req[128];

	/* Default priorities put P-384 first, but suppose the list starts
	 * with P-256: the P-384 key still decides. */
	cfg.algs.asym[0] = TEEIO_SIG_ECDSA_P256;
	cfg.algs.asym[1] = TEEIO_SIG_ECDSA_P384;
	CHECK_OK(teeio_spdm_rsp_init(&rsp, &cfg));
	send(req, spdm_msg_get_version(req), 0);
	send(req, spdm_msg_get_caps(req, 0x12, SPDM_FIX_REQ_CAPS, 4096, 16384), 0);
	send(req, spdm_msg_neg_algs(req, 0x12, (1u << 4) | (1u << 7), 0x2, 0x18, 0x3), 0);
	CHECK_EQ(out[1], 0x63);
	CHECK_EQ(rsp.conn.neg.asym, TEEIO_SIG_ECDSA_P384);
	teeio_spdm_rsp_free(&rsp);
}

TEST(no_common_algorithm_is_invalid_request)
{
	uint8_t req[128];

	start();
	send(req, spdm_msg_get_version(req), 0);
	send(req, spdm_msg_get_caps(req, 0x12, SPDM_FIX_REQ_CAPS, 4096, 16384), 0);
	/* SHA3-256 only. */
	send(req, spdm_msg_neg_algs(req, 0x12, 1u << 7, 1u << 3, 0x18, 0x3), 0);
	expect_error(0x01);
	/* P-521 only while the device has a P-384 key. */
	send(req, spdm_msg_neg_algs(req, 0x12, 1u << 8, 0x3, 0x18, 0x3), 0);
	expect_error(0x01);
	CHECK_EQ(rsp.conn.state, TEEIO_SPDM_CONN_AFTER_CAPABILITIES);
	teeio_spdm_rsp_free(&rsp);
}

TEST(version_mismatch)
{
	uint8_t req[64];

	start();
	/* GET_VERSION must be version 1.0. */
	req[0] = 0x12, req[1] = 0x84, req[2] = 0, req[3] = 0;
	send(req, 4, 0);
	expect_error(0x41);
	CHECK_EQ(out[0], 0x10);
	/* GET_CAPABILITIES with a version not offered. */
	send(req, spdm_msg_get_version(req), 0);
	send(req, spdm_msg_get_caps(req, 0x11, SPDM_FIX_REQ_CAPS, 0, 0), 0);
	expect_error(0x41);
	/* After VCA at 1.2, a 1.3 request. */
	CHECK(spdm_do_vca(&rsp, 0x12, 1u << 7, 0x2));
	send(req, spdm_msg_get_digests(req, 0x13), 0);
	expect_error(0x41);
	CHECK_EQ(out[0], 0x12);
	teeio_spdm_rsp_free(&rsp);
}

TEST(out_of_order_is_unexpected)
{
	uint8_t req[128];

	start();
	send(req, spdm_msg_get_digests(req, 0x12), 0);
	expect_error(0x04);
	send(req, spdm_msg_get_caps(req, 0x12, SPDM_FIX_REQ_CAPS, 4096, 16384), 0);
	expect_error(0x04);
	send(req, spdm_msg_get_version(req), 0);
	send(req, spdm_msg_neg_algs(req, 0x12, 1u << 7, 0x2, 0x18, 0x3), 0);
	expect_error(0x04);
	send(req, spdm_msg_get_caps(req, 0x12, SPDM_FIX_REQ_CAPS, 4096, 16384), 0);
	CHECK_EQ(out[1], 0x61);
	send(req, spdm_msg_get_caps(req, 0x12, SPDM_FIX_REQ_CAPS, 4096, 16384), 0);
	expect_error(0x04);
	/* Session-only messages outside a session (1.2+): SessionRequired. */
	send(req, spdm_msg_neg_algs(req, 0x12, 1u << 7, 0x2, 0x18, 0x3), 0);
	send(req, spdm_msg_simple(req, 0x12, 0xE8, 0, 0), 0);
	expect_error(0x0B);
	/* FINISH without KEY_EXCHANGE. */
	send(req, spdm_msg_simple(req, 0x12, 0xE5, 0, 0), 0);
	expect_error(0x04);
	teeio_spdm_rsp_free(&rsp);
}

TEST(unsupported_and_short)
{
	uint8_t req[8] = {0x12, 0xEE, 0, 0};

	start();
	CHECK(spdm_do_vca(&rsp, 0x12, 1u << 7, 0x2));
	send(req, 4, 0); /* SET_CERTIFICATE: not implemented */
	expect_error(0x07);
	CHECK_EQ(out[3], 0xEE);
	send(req, 3, 0); /* shorter than a header */
	expect_error(0x01);
	send(req, 0, 0);
	expect_error(0x01);
	/* RESPOND_IF_READY with nothing pending. */
	req[1] = 0xFF;
	send(req, 4, 0);
	expect_error(0x04);
	teeio_spdm_rsp_free(&rsp);
}

TEST(get_version_resets_connection)
{
	uint8_t req[8];

	start();
	CHECK(spdm_do_vca(&rsp, 0x13, 1u << 7, 0x2));
	send(req, spdm_msg_get_version(req), 0);
	CHECK_EQ(out[1], 0x04);
	CHECK_EQ(rsp.conn.state, TEEIO_SPDM_CONN_AFTER_VERSION);
	send(req, spdm_msg_get_digests(req, 0x13), 0);
	expect_error(0x04);
	teeio_spdm_rsp_free(&rsp);
}

TEST(malformed_vca_requests)
{
	uint8_t req[160];
	size_t n;

	start();
	/* GET_VERSION: reserved params, trailing garbage, DOE zero padding. */
	n = spdm_msg_get_version(req);
	req[2] = 1;
	send(req, n, 0);
	expect_error(0x01);
	req[2] = 0;
	memset(req + 4, 0, 3);
	send(req, n + 3, 3);
	CHECK_EQ(out[1], 0x04);
	send(req, n + 3, 0);
	expect_error(0x01);
	req[5] = 1;
	send(req, n + 3, 3);
	expect_error(0x01);
	send(req, spdm_msg_get_version(req), 0);

	/* GET_CAPABILITIES: truncated, reserved byte, DTS below minimum,
	 * DTS != max without CHUNK, too large CT exponent, bad flag mix. */
	n = spdm_msg_get_caps(req, 0x12, SPDM_FIX_REQ_CAPS, 4096, 16384);
	send(req, n - 1, 0);
	expect_error(0x01);
	req[4] = 1;
	send(req, n, 0);
	expect_error(0x01);
	send(req, spdm_msg_get_caps(req, 0x12, SPDM_FIX_REQ_CAPS, 41, 41), 0);
	expect_error(0x01);
	send(req,
	     spdm_msg_get_caps(req, 0x12, SPDM_FIX_REQ_CAPS & ~TEEIO_SPDM_CAP_CHUNK, 4096, 8192),
	     0);
	expect_error(0x01);
	n = spdm_msg_get_caps(req, 0x12, SPDM_FIX_REQ_CAPS, 4096, 16384);
	req[5] = 32;
	send(req, n, 0);
	expect_error(0x01);
	send(req,
	     spdm_msg_get_caps(req, 0x12, TEEIO_SPDM_CAP_ENCRYPT /* without KEY_EX */, 4096, 4096),
	     0);
	expect_error(0x01);
	CHECK_EQ(rsp.conn.state, TEEIO_SPDM_CONN_AFTER_VERSION);
	send(req, spdm_msg_get_caps(req, 0x12, SPDM_FIX_REQ_CAPS, 4096, 16384), 0);
	CHECK_EQ(out[1], 0x61);

	/* NEGOTIATE_ALGORITHMS: Length disagreeing, reserved bytes, bad
	 * AlgStruct order, fixed size, truncated. */
	n = spdm_msg_neg_algs(req, 0x12, 1u << 7, 0x2, 0x18, 0x3);
	teeio_store_u16le(req + 4, (uint16_t)(n + 1));
	send(req, n, 0);
	expect_error(0x01);
	n = spdm_msg_neg_algs(req, 0x12, 1u << 7, 0x2, 0x18, 0x3);
	req[20] = 1; /* reserved */
	send(req, n, 0);
	expect_error(0x01);
	n = spdm_msg_neg_algs(req, 0x12, 1u << 7, 0x2, 0x18, 0x3);
	req[32] = 3; /* DHE struct relabelled AEAD: AEAD twice */
	send(req, n, 0);
	expect_error(0x01);
	n = spdm_msg_neg_algs(req, 0x12, 1u << 7, 0x2, 0x18, 0x3);
	req[33] = 0x30;
	send(req, n, 0);
	expect_error(0x01);
	n = spdm_msg_neg_algs(req, 0x12, 1u << 7, 0x2, 0x18, 0x3);
	send(req, n - 2, 0);
	expect_error(0x01);
	req[2] = 5; /* more AlgStructs than sent */
	send(req, n, 0);
	expect_error(0x01);
	CHECK_EQ(rsp.conn.state, TEEIO_SPDM_CONN_AFTER_CAPABILITIES);
	n = spdm_msg_neg_algs(req, 0x12, 1u << 7, 0x2, 0x18, 0x3);
	send(req, n, 0);
	CHECK_EQ(out[1], 0x63);
	teeio_spdm_rsp_free(&rsp);
}

TEST(config_checks)
{
	struct teeio_spdm_rsp_config cfg = fx.cfg;

	cfg.caps |= TEEIO_SPDM_CAP_MEAS_NO_SIG; /* both MEAS values */
	CHECK_ERR(teeio_spdm_rsp_init(&rsp, &cfg), TEEIO_ERR_USAGE_CONFIG);
	cfg = fx.cfg;
	cfg.caps &= ~(TEEIO_SPDM_CAP_ENCRYPT | TEEIO_SPDM_CAP_MAC);
	CHECK_ERR(teeio_spdm_rsp_init(&rsp, &cfg), TEEIO_ERR_USAGE_CONFIG);
	cfg = fx.cfg;
	cfg.versions[0] = 0x14;
	CHECK_ERR(teeio_spdm_rsp_init(&rsp, &cfg), TEEIO_ERR_USAGE_CONFIG);
	cfg = fx.cfg;
	cfg.slots[0].der = NULL;
	CHECK_ERR(teeio_spdm_rsp_init(&rsp, &cfg), TEEIO_ERR_USAGE_CONFIG);
	CHECK_ERR(teeio_spdm_rsp_init(NULL, &fx.cfg), TEEIO_ERR_USAGE);
}

int main(void)
{
	if (spdm_fixture_init(&fx, TEEIO_SIG_ECDSA_P384) != TEEIO_OK) {
		fprintf(stderr, "fixture failed\n");
		return 1;
	}
	RUN(version_lists_12_and_13);
	RUN(version_configurable_10_11);
	RUN(vca_12_and_13_select_preferred);
	RUN(algorithms_respects_peer_offer_and_priority);
	RUN(asym_limited_to_slot_keys);
	RUN(no_common_algorithm_is_invalid_request);
	RUN(version_mismatch);
	RUN(out_of_order_is_unexpected);
	RUN(unsupported_and_short);
	RUN(get_version_resets_connection);
	RUN(malformed_vca_requests);
	RUN(config_checks);
	spdm_fixture_free(&fx);
	return test_summary();
}
