/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Responder sessions: KEY_EXCHANGE -> FINISH with the requester's half
 * computed here through the core and secured APIs, then HEARTBEAT,
 * KEY_UPDATE (all three operations), END_SESSION, and the failure paths
 * (bad verify data, tampered / replayed records, unknown session, session
 * limit, handshake in the clear).  Teardown must wipe the session and
 * call the session-ended hook.
 */
#include <string.h>

#include "support/spdm_fixture.h"
#include "test.h"

static struct spdm_fixture fx;
static struct teeio_spdm_rsp rsp;
static unsigned ended;
static uint32_t ended_id;

static void on_end(void *ctx, struct teeio_spdm_rsp *r, uint32_t id)
{
	(void)ctx;
	(void)r;
	ended++;
	ended_id = id;
}

static bool start(struct spdm_treq *q, uint8_t ver, const struct teeio_spdm_rsp_config *cfg)
{
	spdm_treq_init(q, &fx, &rsp, ver);
	if (teeio_spdm_rsp_init(&rsp, cfg) != TEEIO_OK)
		return false;
	return spdm_do_vca_conn(&rsp, ver, 1u << 7, 0x2, &q->conn);
}

TEST(key_exchange_finish_heartbeat_end)
{
	bool sealed;
	struct teeio_spdm_rsp_config cfg = fx.cfg;
	struct spdm_treq q;
	uint8_t req[64];

	cfg.session_ended = on_end;
	ended = 0;
	for (uint8_t ver = 0x12; ver <= 0x13; ver++) {
		CHECK(start(&q, ver, &cfg));
		CHECK(spdm_treq_key_exchange(&q, 0x1234));
		CHECK_EQ(rsp.sessions[0].state, TEEIO_SPDM_RSP_SESSION_HANDSHAKE);
		/* Only FINISH may travel during the handshake. */
		spdm_msg_simple(req, ver, 0xE8, 0, 0);
		CHECK_OK(spdm_treq_secured(&q, req, 4));
		CHECK_EQ(q.out[1], 0x7F);
		CHECK_EQ(q.out[2], 0x04);
		CHECK(spdm_treq_finish(&q, false));
		CHECK_EQ(rsp.sessions[0].state, TEEIO_SPDM_RSP_SESSION_ESTABLISHED);
		for (int i = 0; i < 3; i++)
			CHECK(spdm_treq_heartbeat(&q));
		/* Measurements inside the session. */
		CHECK_OK(spdm_treq_secured(&q, req, spdm_msg_get_meas(req, ver, 0, 0, 0)));
		CHECK_EQ(q.out[1], 0x60);
		/* KEY_EXCHANGE / CHALLENGE are not allowed inside. */
		CHECK_OK(spdm_treq_secured(&q, req, spdm_msg_simple(req, ver, 0xE4, 0, 0)));
		CHECK_EQ(q.out[2], 0x04);
		/* END_SESSION. */
		CHECK_OK(spdm_treq_secured(&q, req, spdm_msg_simple(req, ver, 0xEC, 0, 0)));
		CHECK_EQ(q.out[1], 0x6C);
		CHECK_EQ(rsp.sessions[0].state, TEEIO_SPDM_RSP_SESSION_FREE);
		CHECK(teeio_ct_is_zero(&rsp.sessions[0], sizeof(rsp.sessions[0])));
		CHECK_EQ(ended_id, q.sid);
		/* The session is gone: a record for it answers DecryptError in
		 * plain text. */
		spdm_msg_simple(req, ver, 0xE8, 0, 0);
		CHECK_OK(spdm_treq_seal(&q, req, 4));
		q.raw_len = sizeof(q.raw);
		sealed = true;
		CHECK_OK(teeio_spdm_rsp_handle_secured(&rsp, q.rec, q.rec_len, 0, q.raw, &q.raw_len,
						       &sealed));
		CHECK(!sealed); /* the ERROR goes out plain */
		CHECK_EQ(q.raw_len, 4);
		CHECK_EQ(q.raw[1], 0x7F);
		CHECK_EQ(q.raw[2], 0x06);
		spdm_treq_free(&q);
		teeio_spdm_rsp_free(&rsp);
	}
	CHECK_EQ(ended, 2);
}

TEST(key_update_all_operations)
{
	struct spdm_treq q;
	uint8_t req[8];

	CHECK(start(&q, 0x12, &fx.cfg));
	CHECK(spdm_treq_key_exchange(&q, 1));
	CHECK(spdm_treq_finish(&q, false));
	/* UpdateKey: the ACK still uses the old response key. */
	CHECK_OK(spdm_treq_secured(&q, req, spdm_msg_simple(req, 0x12, 0xE9, 1, 0x11)));
	CHECK_EQ(q.out[1], 0x69);
	CHECK_EQ(q.out[2], 1);
	CHECK_EQ(q.out[3], 0x11);
	CHECK_OK(teeio_spdm_ks_update(&q.ks, TEEIO_SPDM_DIR_REQ));
	teeio_spdm_ks_update_commit(&q.ks, TEEIO_SPDM_DIR_REQ);
	CHECK_OK(teeio_spdm_sec_rekey(&q.sec, &q.ks));
	CHECK_OK(spdm_treq_secured(&q, req, spdm_msg_simple(req, 0x12, 0xE9, 3, 0x12)));
	CHECK_EQ(q.out[1], 0x69);
	CHECK(spdm_treq_heartbeat(&q));
	/* UpdateAllKeys: the ACK comes under the new response key. */
	CHECK_OK(spdm_treq_seal(&q, req, spdm_msg_simple(req, 0x12, 0xE9, 2, 0x21)));
	CHECK_OK(teeio_spdm_ks_update(&q.ks, TEEIO_SPDM_DIR_RSP));
	teeio_spdm_ks_update_commit(&q.ks, TEEIO_SPDM_DIR_RSP);
	CHECK_OK(teeio_spdm_sec_rekey(&q.sec, &q.ks));
	CHECK_OK(spdm_treq_deliver(&q));
	CHECK_EQ(q.out[1], 0x69);
	CHECK_EQ(q.out[2], 2);
	CHECK_OK(teeio_spdm_ks_update(&q.ks, TEEIO_SPDM_DIR_REQ));
	teeio_spdm_ks_update_commit(&q.ks, TEEIO_SPDM_DIR_REQ);
	CHECK_OK(teeio_spdm_sec_rekey(&q.sec, &q.ks));
	CHECK_OK(spdm_treq_secured(&q, req, spdm_msg_simple(req, 0x12, 0xE9, 3, 0x22)));
	CHECK_EQ(q.out[1], 0x69);
	CHECK(spdm_treq_heartbeat(&q));
	/* VerifyNewKey with nothing pending, bad operation. */
	CHECK_OK(spdm_treq_secured(&q, req, spdm_msg_simple(req, 0x12, 0xE9, 3, 0x23)));
	CHECK_EQ(q.out[2], 0x01);
	CHECK_OK(spdm_treq_secured(&q, req, spdm_msg_simple(req, 0x12, 0xE9, 4, 0x24)));
	CHECK_EQ(q.out[2], 0x01);
	CHECK(spdm_treq_heartbeat(&q));
	spdm_treq_free(&q);
	teeio_spdm_rsp_free(&rsp);
}

TEST(bad_finish_mac_ends_session)
{
	struct teeio_spdm_rsp_config cfg = fx.cfg;
	struct spdm_treq q;

	cfg.session_ended = on_end;
	ended = 0;
	CHECK(start(&q, 0x12, &cfg));
	CHECK(spdm_treq_key_exchange(&q, 7));
	CHECK(!spdm_treq_finish(&q, true));
	CHECK_EQ(q.out[1], 0x7F);
	CHECK_EQ(q.out[2], 0x06);
	CHECK_EQ(ended, 1);
	CHECK(teeio_spdm_rsp_session_find(&rsp, q.sid) == NULL);
	spdm_treq_free(&q);
	teeio_spdm_rsp_free(&rsp);
}

TEST(tampered_and_replayed_records)
{
	bool sealed;
	struct teeio_spdm_rsp_config cfg = fx.cfg;
	struct spdm_treq q;
	uint8_t req[8];

	cfg.session_ended = on_end;
	for (int mode = 0; mode < 2; mode++) {
		ended = 0;
		CHECK(start(&q, 0x12, &cfg));
		CHECK(spdm_treq_key_exchange(&q, 9));
		CHECK(spdm_treq_finish(&q, false));
		CHECK_OK(spdm_treq_seal(&q, req, spdm_msg_simple(req, 0x12, 0xE8, 0, 0)));
		if (mode == 0) {
			q.rec[q.rec_len - 1] ^= 1; /* MAC */
		} else {
			CHECK_OK(spdm_treq_deliver(&q)); /* first delivery fine */
			CHECK_EQ(q.out[1], 0x68);
		}
		q.raw_len = sizeof(q.raw);
		sealed = true;
		CHECK_OK(teeio_spdm_rsp_handle_secured(&rsp, q.rec, q.rec_len, 0, q.raw, &q.raw_len,
						       &sealed));
		CHECK(!sealed); /* the ERROR goes out plain */
		CHECK_EQ(q.raw[1], 0x7F);
		CHECK_EQ(q.raw[2], 0x06);
		CHECK_EQ(ended, 1);
		CHECK(teeio_spdm_rsp_session_find(&rsp, q.sid) == NULL);
		spdm_treq_free(&q);
		teeio_spdm_rsp_free(&rsp);
	}
}

TEST(session_limit)
{
	struct teeio_spdm_rsp_config cfg = fx.cfg;
	struct spdm_treq q, q2;

	cfg.max_sessions = 1;
	CHECK(start(&q, 0x12, &cfg));
	CHECK(spdm_treq_key_exchange(&q, 1));
	/* A second KEY_EXCHANGE (same connection view) hits the limit. */
	q2 = q;
	memset(&q2.th, 0, sizeof(q2.th));
	CHECK(!spdm_treq_key_exchange_ex(&q2, 2, true));
	CHECK_EQ(q2.out[1], 0x7F);
	CHECK_EQ(q2.out[2], 0x0A);
	/* The first session is unaffected. */
	CHECK(spdm_treq_finish(&q, false));
	CHECK(spdm_treq_heartbeat(&q));
	spdm_treq_free(&q);
	teeio_spdm_rsp_free(&rsp);
}

/* KEY_EXCHANGE with one field broken at a time. */
TEST(key_exchange_malformed)
{
	struct spdm_treq q;
	uint8_t good[512], req[512];
	const uint16_t versions[] = {0x1200};
	struct teeio_dhe dhe = {0};

	CHECK(start(&q, 0x12, &fx.cfg));
	struct teeio_buf b = teeio_buf_writer(good, sizeof(good));
	CHECK_OK(teeio_buf_put_u32le(&b, 0x0000E412));
	CHECK_OK(teeio_buf_put_u16le(&b, 0x77));
	CHECK_OK(teeio_buf_put_zero(&b, 2 + 32));
	uint8_t *pub;
	CHECK_OK(teeio_buf_reserve(&b, 96, &pub));
	CHECK_OK(fx.ops->dhe_generate(&dhe, TEEIO_DHE_SECP384R1, pub));
	CHECK_OK(teeio_buf_put_u16le(&b, 16));
	CHECK_OK(teeio_spdm_opaque_versions_encode(&b, 0x12, versions, 1));
	size_t n = b.pos;
	CHECK_EQ(n, 4 + 4 + 32 + 96 + 2 + 16);
	struct {
		const char *what;
		size_t at;
		uint8_t val;
		long dlen;
		uint8_t err;
	} cases[] = {
	    {"truncated", 0, 0, -1, 0x01},
	    {"trailing", 0, 0, +1, 0x01},
	    {"slot 1 empty", 3, 1, 0, 0x01},
	    {"summary type 2", 2, 2, 0, 0x01},
	    {"policy reserved bit", 6, 0x80, 0, 0x01},
	    {"reserved byte", 7, 1, 0, 0x01},
	    {"share off curve", 40, 0xFF, 0, 0x01},
	    {"opaque length too long", 136, 17, 0, 0x01},
	    {"opaque no version element", 146, 0x00, 0, 0x01},
	    {"wrong version", 0, 0x13, 0, 0x41},
	};
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(cases); i++) {
		memcpy(req, good, n);
		if (cases[i].dlen == 0)
			req[cases[i].at] = cases[i].val;
		if (cases[i].at == 40)
			memset(req + 40, 0xFF, 96);
		size_t len = (size_t)((long)n + cases[i].dlen);
		req[n] = 0x55;
		spdm_treq_plain(&q, req, len);
		if (q.out[1] != 0x7F || q.out[2] != cases[i].err)
			test_fail(__FILE__, __LINE__, "%s: %02x %02x", cases[i].what, q.out[1],
				  q.out[2]);
	}
	CHECK(teeio_ct_is_zero(&rsp.sessions, sizeof(rsp.sessions)));
	/* The unbroken request works. */
	spdm_treq_plain(&q, good, n);
	CHECK_EQ(q.out[1], 0x64);
	fx.ops->dhe_free(&dhe);
	spdm_treq_free(&q);
	teeio_spdm_rsp_free(&rsp);
}

static teeio_err vecho(void *ctx, const struct teeio_spdm_vendor_session *vs, const uint8_t *req,
		       size_t req_len, uint8_t *rsp_buf, size_t *rsp_len)
{
	const uint32_t *want = ctx;
	ENSURE(vs->secured && vs->session_id == *want, TEEIO_ERR_STATE);
	ENSURE(req_len <= *rsp_len, TEEIO_ERR_SIZE);
	memcpy(rsp_buf, req, req_len);
	*rsp_len = req_len;
	return TEEIO_OK;
}

TEST(vendor_defined_in_session)
{
	struct teeio_spdm_rsp_config cfg = fx.cfg;
	struct spdm_treq q;
	uint32_t sid = 0;
	struct teeio_spdm_vendor_handler h[1] = {
	    {3, {1, 0}, 2, TEEIO_SPDM_PCI_PROTO_TDISP, true, vecho, &sid},
	};
	static const uint8_t req[] = {0x12, 0xFE, 0, 0, 3, 0, 2, 1, 0, 4, 0, 1, 0xAA, 0xBB, 0xCC};

	cfg.vendor = h;
	cfg.n_vendor = 1;
	CHECK(start(&q, 0x12, &cfg));
	spdm_treq_plain(&q, req, sizeof(req));
	CHECK_EQ(q.out[2], 0x0B); /* SessionRequired outside */
	CHECK(spdm_treq_key_exchange(&q, 0x99));
	CHECK(spdm_treq_finish(&q, false));
	sid = q.sid;
	CHECK_OK(spdm_treq_secured(&q, req, sizeof(req)));
	CHECK_EQ(q.out[1], 0x7E);
	CHECK_EQ(q.out_len, sizeof(req));
	CHECK_MEM(q.out + 4, req + 4, sizeof(req) - 4);
	spdm_treq_free(&q);
	teeio_spdm_rsp_free(&rsp);
}

/* VCA by hand with the requester's flags and DataTransferSize. */
static void vca_manual(struct spdm_treq *q, uint8_t ver, uint32_t flags, uint32_t dts)
{
	uint8_t req[160];
	size_t n = spdm_msg_get_version(req);

	spdm_treq_plain(q, req, n);
	CHECK_OK(teeio_spdm_conn_vca_append(&q->conn, req, n));
	CHECK_OK(teeio_spdm_conn_vca_append(&q->conn, q->out, q->out_len));
	n = spdm_msg_get_caps(req, ver, flags, dts, 16384);
	spdm_treq_plain(q, req, n);
	CHECK_EQ(q->out[1], 0x61);
	CHECK_OK(teeio_spdm_conn_vca_append(&q->conn, req, n));
	CHECK_OK(teeio_spdm_conn_vca_append(&q->conn, q->out, q->out_len));
	n = spdm_msg_neg_algs(req, ver, 1u << 7, 0x2, 0x18, 0x3);
	spdm_treq_plain(q, req, n);
	CHECK_EQ(q->out[1], 0x63);
	CHECK_OK(teeio_spdm_conn_vca_append(&q->conn, req, n));
	CHECK_OK(teeio_spdm_conn_vca_append(&q->conn, q->out, q->out_len));
	q->conn.neg.version = ver;
	q->conn.neg.hash = TEEIO_HASH_SHA384;
	q->conn.neg.asym = TEEIO_SIG_ECDSA_P384;
	q->conn.neg.dhe = TEEIO_DHE_SECP384R1;
	q->conn.neg.aead = TEEIO_AEAD_AES256_GCM;
	CHECK_OK(teeio_spdm_conn_vca_seal(&q->conn));
}

/* A large response built inside a session is served by CHUNK_GET inside
 * that session only: a plain CHUNK_GET must not leak it. */
TEST(large_response_stays_in_session)
{
	struct spdm_treq q;
	uint8_t req[16];

	spdm_treq_init(&q, &fx, &rsp, 0x12);
	CHECK_OK(teeio_spdm_rsp_init(&rsp, &fx.cfg));
	vca_manual(&q, 0x12, SPDM_FIX_REQ_CAPS, 400);
	CHECK(spdm_treq_key_exchange(&q, 0x31));
	CHECK(spdm_treq_finish(&q, false));
	CHECK_OK(spdm_treq_secured(&q, req, spdm_msg_get_cert(req, 0x12, 0, 0, 0xFFFF)));
	CHECK_EQ(q.out[1], 0x7F);
	CHECK_EQ(q.out[2], 0x0F);
	uint8_t handle = q.out[4];
	size_t n = spdm_msg_simple(req, 0x12, 0x86, 0, handle);
	teeio_store_u16le(req + n, 0);
	spdm_treq_plain(&q, req, n + 2);
	CHECK_EQ(q.out[1], 0x7F);
	CHECK_EQ(q.out[2], 0x04);
	CHECK_OK(spdm_treq_secured(&q, req, n + 2));
	CHECK_EQ(q.out[1], 0x06);
	CHECK_EQ(q.out[3], handle);
	CHECK(q.out_len <= 400);
	spdm_treq_free(&q);
	teeio_spdm_rsp_free(&rsp);
}

/* Session-based mutual authentication with a provisioned requester chain. */
TEST(mutual_authentication)
{
	struct teeio_spdm_rsp_config cfg = fx.cfg;
	static struct teeio_pki_chain rq;
	static uint8_t der[TEEIO_PKI_CHAIN_CERTS_MAX * TEEIO_CERT_MAX], chain[8192];
	size_t der_len = sizeof(der), chain_len = sizeof(chain);
	struct spdm_treq q;

	CHECK_OK(teeio_pki_generate_requester(fx.ops, TEEIO_SIG_ECDSA_P384, 0, &rq));
	CHECK_OK(teeio_pki_chain_der(&rq, der, &der_len));
	CHECK_OK(teeio_pki_spdm_chain_build(fx.ops, TEEIO_HASH_SHA384, &rq, chain, &chain_len));
	cfg.caps |= TEEIO_SPDM_CAP_MUT_AUTH;
	cfg.mut_auth = true;
	cfg.req_chain_der = der;
	cfg.req_chain_len = der_len;
	for (int mode = 0; mode < 3; mode++) {
		/* 0: good; 1: bad signature; 2: requester without MUT_AUTH_CAP. */
		spdm_treq_init(&q, &fx, &rsp, 0x12);
		q.req_key = &rq.leaf_key;
		CHECK_OK(fx.ops->hash(TEEIO_HASH_SHA384, chain, chain_len, q.req_chain_digest));
		CHECK_OK(teeio_spdm_rsp_init(&rsp, &cfg));
		vca_manual(&q, 0x12, SPDM_FIX_REQ_CAPS | (mode == 2 ? 0 : TEEIO_SPDM_CAP_MUT_AUTH),
			   4096);
		CHECK(spdm_treq_key_exchange(&q, 0x4d));
		CHECK_EQ(q.mut, mode != 2);
		if (mode == 1) {
			CHECK(!spdm_treq_finish(&q, true));
			CHECK_EQ(q.out[2], 0x06);
			CHECK(teeio_spdm_rsp_session_find(&rsp, q.sid) == NULL);
		} else {
			CHECK(spdm_treq_finish(&q, false));
			CHECK(spdm_treq_heartbeat(&q));
		}
		spdm_treq_free(&q);
		teeio_spdm_rsp_free(&rsp);
	}
	/* Configuration rules: the flag and the capability go together. */
	cfg.mut_auth = false;
	CHECK_ERR(teeio_spdm_rsp_init(&rsp, &cfg), TEEIO_ERR_USAGE_CONFIG);
	cfg.mut_auth = true;
	cfg.req_chain_der = NULL;
	CHECK_ERR(teeio_spdm_rsp_init(&rsp, &cfg), TEEIO_ERR_USAGE_CONFIG);
	teeio_pki_chain_free(fx.ops, &rq);
}

TEST(handshake_in_the_clear)
{
	struct teeio_spdm_rsp_config cfg = fx.cfg;
	struct spdm_treq q;
	uint8_t req[64];

	cfg.caps |= TEEIO_SPDM_CAP_HANDSHAKE_IN_THE_CLEAR;
	spdm_treq_init(&q, &fx, &rsp, 0x13);
	q.hs_clear = true;
	CHECK_OK(teeio_spdm_rsp_init(&rsp, &cfg));
	/* VCA with HANDSHAKE_IN_THE_CLEAR in the requester flags too. */
	size_t n = spdm_msg_get_version(req);
	spdm_treq_plain(&q, req, n);
	CHECK_OK(teeio_spdm_conn_vca_append(&q.conn, req, n));
	CHECK_OK(teeio_spdm_conn_vca_append(&q.conn, q.out, q.out_len));
	n = spdm_msg_get_caps(req, 0x13, SPDM_FIX_REQ_CAPS | TEEIO_SPDM_CAP_HANDSHAKE_IN_THE_CLEAR,
			      4096, 16384);
	spdm_treq_plain(&q, req, n);
	CHECK_OK(teeio_spdm_conn_vca_append(&q.conn, req, n));
	CHECK_OK(teeio_spdm_conn_vca_append(&q.conn, q.out, q.out_len));
	n = spdm_msg_neg_algs(req, 0x13, 1u << 7, 0x2, 0x18, 0x3);
	spdm_treq_plain(&q, req, n);
	CHECK_OK(teeio_spdm_conn_vca_append(&q.conn, req, n));
	CHECK_OK(teeio_spdm_conn_vca_append(&q.conn, q.out, q.out_len));
	q.conn.neg.version = 0x13;
	q.conn.neg.hash = TEEIO_HASH_SHA384;
	q.conn.neg.asym = TEEIO_SIG_ECDSA_P384;
	q.conn.neg.dhe = TEEIO_DHE_SECP384R1;
	q.conn.neg.aead = TEEIO_AEAD_AES256_GCM;
	CHECK_OK(teeio_spdm_conn_vca_seal(&q.conn));
	CHECK(spdm_treq_key_exchange(&q, 0x4242));
	CHECK(spdm_treq_finish(&q, false));
	CHECK(spdm_treq_heartbeat(&q));
	spdm_treq_free(&q);
	teeio_spdm_rsp_free(&rsp);
}

TEST(reset_ends_sessions)
{
	struct teeio_spdm_rsp_config cfg = fx.cfg;
	struct spdm_treq q;
	uint8_t req[8];

	cfg.session_ended = on_end;
	ended = 0;
	CHECK(start(&q, 0x12, &cfg));
	CHECK(spdm_treq_key_exchange(&q, 3));
	CHECK(spdm_treq_finish(&q, false));
	/* GET_VERSION ends every session. */
	spdm_treq_plain(&q, req, spdm_msg_get_version(req));
	CHECK_EQ(ended, 1);
	CHECK(teeio_ct_is_zero(&rsp.sessions, sizeof(rsp.sessions)));
	spdm_treq_free(&q);
	teeio_spdm_rsp_free(&rsp);
}

int main(void)
{
	if (spdm_fixture_init(&fx, TEEIO_SIG_ECDSA_P384) != TEEIO_OK) {
		fprintf(stderr, "fixture failed\n");
		return 1;
	}
	RUN(key_exchange_finish_heartbeat_end);
	RUN(key_update_all_operations);
	RUN(bad_finish_mac_ends_session);
	RUN(tampered_and_replayed_records);
	RUN(session_limit);
	RUN(key_exchange_malformed);
	RUN(vendor_defined_in_session);
	RUN(large_response_stays_in_session);
	RUN(mutual_authentication);
	RUN(handshake_in_the_clear);
	RUN(reset_ends_sessions);
	spdm_fixture_free(&fx);
	return test_summary();
}
