/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Responder behaviour that DMTF's SPDM-Responder-Validator checks and
 * that once went wrong here, pinned so the validator is not the only
 * guard:
 *  - an ERROR answering a request of a version we offer, sent before any
 *    version is negotiated, carries that version (validator 2.4.3);
 *  - ReqBaseAsymSel stays 0 unless both sides can do mutual
 *    authentication (validator 3.5.15 / 3.6.15);
 *  - a plain FINISH while a handshake waits inside a session is answered
 *    SessionRequired from 1.2 on (validator 9.11.4), UnexpectedRequest in 1.1.
 */
#include <string.h>

#include "support/spdm_fixture.h"
#include "test.h"

static struct spdm_fixture fx;
static struct teeio_spdm_rsp rsp;

#define SPDM_ERROR_CODE 0x7F
#define ERR_INVALID_REQUEST 0x01
#define ERR_UNEXPECTED_REQUEST 0x04
#define ERR_SESSION_REQUIRED 0x0B

/* KEY_EX_CAP without ENCRYPT_CAP or MAC_CAP: an invalid combination. */
#define BAD_CAPS (TEEIO_SPDM_CAP_CERT | TEEIO_SPDM_CAP_CHAL | TEEIO_SPDM_CAP_KEY_EX)

static struct teeio_spdm_rsp_config all_versions(void)
{
	struct teeio_spdm_rsp_config cfg = fx.cfg;
	memset(cfg.versions, 0, sizeof(cfg.versions));
	cfg.versions[0] = TEEIO_SPDM_V11;
	cfg.versions[1] = TEEIO_SPDM_V12;
	cfg.versions[2] = TEEIO_SPDM_V13;
	return cfg;
}

TEST(capabilities_error_carries_request_version)
{
	struct teeio_spdm_rsp_config cfg = all_versions();
	uint8_t out[64];
	size_t out_len;

	for (uint8_t ver = TEEIO_SPDM_V11; ver <= TEEIO_SPDM_V13; ver++) {
		CHECK_OK(teeio_spdm_rsp_init(&rsp, &cfg));
		struct spdm_step s = {.what = "GET_VERSION", .want_code = 0x04};
		s.len = spdm_msg_get_version(s.req);
		out_len = sizeof(out);
		CHECK(spdm_step_run(&rsp, &s, out, &out_len));
		struct spdm_step c = {.what = "GET_CAPABILITIES, bad flags",
				      .want_code = SPDM_ERROR_CODE,
				      .want_err = ERR_INVALID_REQUEST};
		c.len = spdm_msg_get_caps(c.req, ver, BAD_CAPS, 4096, 16384);
		out_len = sizeof(out);
		CHECK(spdm_step_run(&rsp, &c, out, &out_len));
		if (out[0] != ver)
			test_fail(__FILE__, __LINE__, "ERROR version 0x%02x for a 0x%02x request",
				  out[0], ver);
		teeio_spdm_rsp_free(&rsp);
	}
}

TEST(capabilities_error_for_unoffered_version_is_v10)
{
	struct teeio_spdm_rsp_config cfg = fx.cfg; /* 1.2 and 1.3 only */
	uint8_t out[64];
	size_t out_len;

	CHECK_OK(teeio_spdm_rsp_init(&rsp, &cfg));
	struct spdm_step s = {.what = "GET_VERSION", .want_code = 0x04};
	s.len = spdm_msg_get_version(s.req);
	out_len = sizeof(out);
	CHECK(spdm_step_run(&rsp, &s, out, &out_len));
	struct spdm_step c = {.what = "GET_CAPABILITIES 1.1 (not offered)",
			      .want_code = SPDM_ERROR_CODE};
	c.len = spdm_msg_get_caps(c.req, TEEIO_SPDM_V11, SPDM_FIX_REQ_CAPS, 0, 0);
	c.want_err = 0x41; /* VersionMismatch */
	out_len = sizeof(out);
	CHECK(spdm_step_run(&rsp, &c, out, &out_len));
	CHECK_EQ(out[0], TEEIO_SPDM_V10);
	teeio_spdm_rsp_free(&rsp);
}

TEST(no_requester_algorithm_without_mutual_auth)
{
	struct teeio_spdm_rsp_config cfg = fx.cfg;

	for (uint8_t ver = TEEIO_SPDM_V12; ver <= TEEIO_SPDM_V13; ver++) {
		CHECK_OK(teeio_spdm_rsp_init(&rsp, &cfg));
		/* The fixture's requester offers ReqBaseAsym but no MUT_AUTH_CAP. */
		CHECK(spdm_do_vca(&rsp, ver, 1u << 7, 0x2));
		CHECK_EQ(rsp.conn.neg.req_asym_bit, 0);
		CHECK_EQ(rsp.conn.neg.req_asym, TEEIO_SIG_NONE);
		CHECK(rsp.conn.neg.dhe_bit != 0); /* the other structures are selected */
		CHECK(rsp.conn.neg.aead_bit != 0);
		teeio_spdm_rsp_free(&rsp);
	}
}

static uint8_t plain_finish_during_handshake(uint8_t ver)
{
	struct teeio_spdm_rsp_config cfg = all_versions();
	struct spdm_treq q;
	uint8_t req[4 + TEEIO_HASH_MAX] = {0};
	uint8_t err = 0;

	spdm_treq_init(&q, &fx, &rsp, ver);
	if (teeio_spdm_rsp_init(&rsp, &cfg) == TEEIO_OK &&
	    spdm_do_vca_conn(&rsp, ver, 1u << 7, 0x2, &q.conn) &&
	    spdm_treq_key_exchange(&q, 0x4321)) {
		spdm_msg_simple(req, ver, 0xE5, 0, 0); /* FINISH, no signature */
		spdm_treq_plain(&q, req, 4 + teeio_hash_size(TEEIO_HASH_SHA384));
		if (q.out_len == 4 && q.out[1] == SPDM_ERROR_CODE)
			err = q.out[2];
		/* The session still waits for its real FINISH. */
		if (rsp.sessions[0].state != TEEIO_SPDM_RSP_SESSION_HANDSHAKE)
			err = 0xFF;
	}
	spdm_treq_free(&q);
	teeio_spdm_rsp_free(&rsp);
	return err;
}

TEST(plain_finish_needs_the_session)
{
	CHECK_EQ(plain_finish_during_handshake(TEEIO_SPDM_V12), ERR_SESSION_REQUIRED);
	CHECK_EQ(plain_finish_during_handshake(TEEIO_SPDM_V13), ERR_SESSION_REQUIRED);
	CHECK_EQ(plain_finish_during_handshake(TEEIO_SPDM_V11), ERR_UNEXPECTED_REQUEST);
}

int main(void)
{
	if (spdm_fixture_init(&fx, TEEIO_SIG_ECDSA_P384) != TEEIO_OK) {
		fprintf(stderr, "fixture set-up failed\n");
		return 1;
	}
	RUN(capabilities_error_carries_request_version);
	RUN(capabilities_error_for_unoffered_version_is_v10);
	RUN(no_requester_algorithm_without_mutual_auth);
	RUN(plain_finish_needs_the_session);
	spdm_fixture_free(&fx);
	return test_summary();
}
