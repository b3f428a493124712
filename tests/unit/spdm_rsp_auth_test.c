/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Responder authentication: DIGESTS, CERTIFICATE in portions, CHALLENGE_AUTH
 * signatures (verified here with the crypto ops over a transcript the test
 * computes as a requester would), and MEASUREMENTS (count / all / one,
 * signed and unsigned, content changed).
 */
#include <string.h>

#include "support/spdm_fixture.h"
#include "test.h"

static struct spdm_fixture fx384, fx256, fx25519;
static struct spdm_fixture *fxp = &fx384;
#define fx (*fxp)
static struct teeio_spdm_rsp rsp;
static struct teeio_spdm_conn req_conn; /* the requester's view (transcripts) */
static uint8_t out[TEEIO_SPDM_MAX_MSG];
static size_t out_len;

static void send(const uint8_t *req, size_t len)
{
	out_len = sizeof(out);
	CHECK_OK(teeio_spdm_rsp_handle(&rsp, req, len, 0, out, &out_len));
}

static void expect_error(uint8_t code)
{
	CHECK(out_len >= 4);
	CHECK_EQ(out[1], 0x7F);
	CHECK_EQ(out[2], code);
}

static bool setup(uint8_t ver, uint32_t asym, uint32_t hash)
{
	teeio_spdm_conn_init(&req_conn, fx.ops);
	if (teeio_spdm_rsp_init(&rsp, &fx.cfg) != TEEIO_OK)
		return false;
	return spdm_do_vca_conn(&rsp, ver, asym, hash, &req_conn);
}

static void teardown(void)
{
	teeio_spdm_rsp_free(&rsp);
	teeio_spdm_conn_free(&req_conn);
}

/* The SPDM chain form of slot 0 for `hash`, assembled by the test. */
static size_t spdm_chain(enum teeio_hash_alg hash, uint8_t *buf, size_t cap)
{
	size_t len = cap;
	CHECK_OK(teeio_pki_spdm_chain_build(fx.ops, hash, &fx.chain, buf, &len));
	return len;
}

TEST(digests_match_chain)
{
	uint8_t req[8], chain[8192], d[TEEIO_HASH_MAX];

	CHECK(setup(0x12, 1u << 7, 0x2));
	send(req, spdm_msg_get_digests(req, 0x12));
	CHECK_EQ(out[1], 0x01);
	CHECK_EQ(out[3], 0x01); /* slot 0 provisioned */
	CHECK_EQ(out_len, 4 + 48);
	size_t n = spdm_chain(TEEIO_HASH_SHA384, chain, sizeof(chain));
	CHECK_OK(fx.ops->hash(TEEIO_HASH_SHA384, chain, n, d));
	CHECK_MEM(out + 4, d, 48);
	/* Reserved params. */
	send(req, spdm_msg_simple(req, 0x12, 0x81, 1, 0));
	expect_error(0x01);
	teardown();
}

TEST(certificate_in_portions)
{
	uint8_t req[16], chain[8192], got[8192];
	size_t got_len = 0;

	CHECK(setup(0x12, 1u << 7, 0x2));
	size_t n = spdm_chain(TEEIO_HASH_SHA384, chain, sizeof(chain));
	CHECK(n > 600);
	while (got_len < n) {
		send(req, spdm_msg_get_cert(req, 0x12, 0, (uint16_t)got_len, 300));
		if (out[1] != 0x02)
			break;
		uint16_t portion = teeio_load_u16le(out + 4), rem = teeio_load_u16le(out + 6);
		CHECK(portion <= 300 && portion > 0);
		CHECK_EQ(out_len, 8u + portion);
		memcpy(got + got_len, out + 8, portion);
		got_len += portion;
		CHECK_EQ(rem, n - got_len);
	}
	CHECK_EQ(got_len, n);
	CHECK_MEM(got, chain, n);
	CHECK_EQ(rsp.conn.state, TEEIO_SPDM_CONN_AFTER_CERTIFICATE);
	/* Bad offset, bad slot, empty slot, reserved, truncated, trailing. */
	send(req, spdm_msg_get_cert(req, 0x12, 0, (uint16_t)n, 10));
	expect_error(0x01);
	send(req, spdm_msg_get_cert(req, 0x12, 1, 0, 10));
	expect_error(0x01);
	send(req, spdm_msg_get_cert(req, 0x12, 8, 0, 10));
	expect_error(0x01);
	send(req, spdm_msg_get_cert(req, 0x12, 0x10, 0, 10));
	expect_error(0x01);
	send(req, spdm_msg_get_cert(req, 0x12, 0, 0, 10) - 1);
	expect_error(0x01);
	req[8] = 0;
	send(req, spdm_msg_get_cert(req, 0x12, 0, 0, 10) + 1);
	expect_error(0x01);
	/* Zero length: an empty portion (fuzzer regression). */
	send(req, spdm_msg_get_cert(req, 0x12, 0, 0, 0));
	CHECK_EQ(out[1], 0x02);
	CHECK_EQ(out_len, 8);
	CHECK_EQ(teeio_load_u16le(out + 4), 0);
	CHECK_EQ(teeio_load_u16le(out + 6), n);
	/* Length beyond the end is clipped. */
	send(req, spdm_msg_get_cert(req, 0x12, 0, (uint16_t)(n - 5), 100));
	CHECK_EQ(teeio_load_u16le(out + 4), 5);
	CHECK_EQ(teeio_load_u16le(out + 6), 0);
	teardown();
}

/* CHALLENGE for `ver`/`alg`; the test keeps M1 itself and verifies. */
static void challenge_verifies(uint8_t ver, enum teeio_sig_alg alg, uint32_t asym_bit,
			       uint32_t hash_bit)
{
	struct teeio_spdm_tr m1 = {0};
	uint8_t req[64], th[TEEIO_HASH_MAX];
	static uint8_t chain[8192];

	CHECK(setup(ver, asym_bit, hash_bit));
	enum teeio_hash_alg hash = req_conn.neg.hash;
	size_t h = teeio_hash_size(hash);
	/* The expected "all measurements" summary: the hash of the record of
	 * GET_MEASUREMENTS(all) (1.0 has no measurement summary rules we use). */
	uint8_t summary[TEEIO_HASH_MAX];
	send(req, spdm_msg_get_meas(req, ver, 0, 0xFF, 0));
	CHECK_EQ(out[1], 0x60);
	CHECK_OK(fx.ops->hash(hash, out + 8, teeio_load_u16le(out + 5), summary));
	CHECK_OK(teeio_spdm_tr_start(&m1, &req_conn, true));
	/* B: GET_DIGESTS/DIGESTS and the whole chain in one read. */
	size_t n = spdm_msg_get_digests(req, ver);
	send(req, n);
	CHECK_OK(teeio_spdm_tr_update(&m1, req, n));
	CHECK_OK(teeio_spdm_tr_update(&m1, out, out_len));
	size_t clen = spdm_chain(hash, chain, sizeof(chain));
	n = spdm_msg_get_cert(req, ver, 0, 0, 0xFFFF);
	send(req, n);
	CHECK_EQ(out[1], 0x02);
	CHECK_EQ(teeio_load_u16le(out + 4), clen);
	CHECK_OK(teeio_spdm_tr_update(&m1, req, n));
	CHECK_OK(teeio_spdm_tr_update(&m1, out, out_len));
	/* C: CHALLENGE and CHALLENGE_AUTH without the signature. */
	n = spdm_msg_challenge(req, ver, 0, 0xFF);
	send(req, n);
	CHECK_EQ(out[1], 0x03);
	CHECK_EQ(out[2], 0); /* slot */
	CHECK_EQ(out[3], 0x01); /* slot mask */
	uint8_t d[TEEIO_HASH_MAX];
	CHECK_OK(fx.ops->hash(hash, chain, clen, d));
	CHECK_MEM(out + 4, d, h);
	size_t sig_len = teeio_sig_size(alg);
	size_t body = 4 + h + 32 + h + 2 + (ver >= 0x13 ? 8 : 0);
	CHECK_EQ(out_len, body + sig_len);
	CHECK_EQ(teeio_load_u16le(out + 4 + h + 32 + h), 0); /* opaque */
	CHECK_MEM(out + 4 + h + 32, summary, h);
	if (ver >= 0x13)
		CHECK_MEM(out + body - 8, req + 36, 8); /* RequesterContext echoed */
	CHECK_OK(teeio_spdm_tr_update(&m1, req, n));
	CHECK_OK(teeio_spdm_tr_update(&m1, out, body));
	CHECK_OK(teeio_spdm_tr_peek(&m1, th));
	struct teeio_pkey pub = {0};
	CHECK_OK(fx.ops->pkey_from_cert(&pub, alg, fx.chain.certs[fx.chain.n_certs - 1].der,
					fx.chain.certs[fx.chain.n_certs - 1].len));
	CHECK_OK(teeio_spdm_verify(fx.ops, &pub, ver, hash, "responder-challenge_auth signing", th,
				   out + body, sig_len));
	/* A flipped transcript byte must not verify. */
	th[0] ^= 1;
	CHECK_ERR(teeio_spdm_verify(fx.ops, &pub, ver, hash, "responder-challenge_auth signing", th,
				    out + body, sig_len),
		  TEEIO_ERR_CRYPTO_VERIFY);
	CHECK_EQ(rsp.conn.state, TEEIO_SPDM_CONN_AUTHENTICATED);
	fx.ops->pkey_free(&pub);
	teeio_spdm_tr_free(&m1);
	teardown();
}

TEST(challenge_p384_sha384_v12)
{
	challenge_verifies(0x12, TEEIO_SIG_ECDSA_P384, 1u << 7, 0x2);
}

TEST(challenge_p384_sha384_v13)
{
	challenge_verifies(0x13, TEEIO_SIG_ECDSA_P384, 1u << 7, 0x2);
}

TEST(challenge_p256_sha256_v12)
{
	fxp = &fx256;
	challenge_verifies(0x12, TEEIO_SIG_ECDSA_P256, 1u << 4, 0x1);
	fxp = &fx384;
}

TEST(challenge_ed25519_v12_v13)
{
	fxp = &fx25519;
	challenge_verifies(0x12, TEEIO_SIG_ED25519, 1u << 10, 0x2);
	challenge_verifies(0x13, TEEIO_SIG_ED25519, 1u << 10, 0x1);
	fxp = &fx384;
}

TEST(challenge_and_measurements_v11)
{
	struct teeio_spdm_rsp_config cfg = fx.cfg;
	struct teeio_spdm_tr m1 = {0}, l1 = {0};
	struct teeio_pkey pub = {0};
	uint8_t req[64], th[TEEIO_HASH_MAX];
	size_t n;

	cfg.versions[0] = TEEIO_SPDM_V11;
	cfg.caps &= ~TEEIO_SPDM_CAP_CHUNK;
	teeio_spdm_conn_init(&req_conn, fx.ops);
	CHECK_OK(teeio_spdm_rsp_init(&rsp, &cfg));
	CHECK(spdm_do_vca_conn(&rsp, 0x11, 1u << 7, 0x2, &req_conn));
	CHECK_EQ(rsp.conn.neg.version, 0x11);
	const struct teeio_pki_cert *leaf = &fx.chain.certs[fx.chain.n_certs - 1];
	CHECK_OK(fx.ops->pkey_from_cert(&pub, TEEIO_SIG_ECDSA_P384, leaf->der, leaf->len));
	/* CHALLENGE straight after VCA: M1 = VCA || C; 1.1 signs the hash. */
	CHECK_OK(teeio_spdm_tr_start(&m1, &req_conn, true));
	n = spdm_msg_challenge(req, 0x11, 0, 0);
	send(req, n);
	CHECK_EQ(out[1], 0x03);
	CHECK_EQ(out_len, 4 + 48 + 32 + 2 + 96);
	CHECK_OK(teeio_spdm_tr_update(&m1, req, n));
	CHECK_OK(teeio_spdm_tr_update(&m1, out, out_len - 96));
	CHECK_OK(teeio_spdm_tr_peek(&m1, th));
	CHECK_OK(fx.ops->verify_digest(&pub, TEEIO_HASH_SHA384, th, out + out_len - 96, 96));
	/* Signed measurements: 1.1 L1 has no VCA prefix and no content bits. */
	CHECK_OK(teeio_spdm_tr_start(&l1, &req_conn, false));
	n = spdm_msg_get_meas(req, 0x11, 1, 1, 0);
	send(req, n);
	CHECK_EQ(out[1], 0x60);
	CHECK_EQ(out[3], 0);
	CHECK_OK(teeio_spdm_tr_update(&l1, req, n));
	CHECK_OK(teeio_spdm_tr_update(&l1, out, out_len - 96));
	CHECK_OK(teeio_spdm_tr_peek(&l1, th));
	CHECK_OK(teeio_spdm_verify(fx.ops, &pub, 0x11, TEEIO_HASH_SHA384, "", th,
				   out + out_len - 96, 96));
	/* 1.1 has no RawBitStreamRequested: the bit is reserved. */
	send(req, spdm_msg_get_meas(req, 0x11, 2, 1, 0));
	expect_error(0x01);
	/* CHUNK_GET does not exist before 1.2. */
	send(req, spdm_msg_simple(req, 0x11, 0x86, 0, 0));
	expect_error(0x07);
	fx.ops->pkey_free(&pub);
	teeio_spdm_tr_free(&m1);
	teeio_spdm_tr_free(&l1);
	teardown();
}

TEST(challenge_malformed)
{
	uint8_t req[64];
	size_t n;

	CHECK(setup(0x12, 1u << 7, 0x2));
	n = spdm_msg_challenge(req, 0x12, 1, 0); /* empty slot */
	send(req, n);
	expect_error(0x01);
	n = spdm_msg_challenge(req, 0x12, 0xFF, 0); /* public key slot: unsupported */
	send(req, n);
	expect_error(0x01);
	n = spdm_msg_challenge(req, 0x12, 0, 2); /* bad summary type */
	send(req, n);
	expect_error(0x01);
	n = spdm_msg_challenge(req, 0x12, 0, 0);
	send(req, n - 1); /* truncated nonce */
	expect_error(0x01);
	req[n] = 7;
	send(req, n + 1); /* trailing byte */
	expect_error(0x01);
	CHECK(rsp.conn.state < TEEIO_SPDM_CONN_AUTHENTICATED);
	send(req, n);
	CHECK_EQ(out[1], 0x03);
	CHECK_EQ(out_len, 4 + 48 + 32 + 0 + 2 + 96); /* no summary hash */
	teardown();
}

TEST(measurements_count_all_one)
{
	uint8_t req[64], d[TEEIO_HASH_MAX];

	CHECK(setup(0x12, 1u << 7, 0x2));
	send(req, spdm_msg_get_meas(req, 0x12, 0, 0, 0));
	CHECK_EQ(out[1], 0x60);
	CHECK_EQ(out[2], SPDM_FIX_MEAS);
	CHECK_EQ(out[4], 0);
	CHECK_EQ(out_len, 8 + 32 + 2);

	send(req, spdm_msg_get_meas(req, 0x12, 0, 0xFF, 0));
	CHECK_EQ(out[4], SPDM_FIX_MEAS);
	uint32_t rec = (uint32_t)out[5] | ((uint32_t)out[6] << 8) | ((uint32_t)out[7] << 16);
	CHECK_EQ(out_len, 8 + rec + 32 + 2);
	struct teeio_buf b = teeio_buf_reader(out + 8, rec);
	for (int i = 0; i < SPDM_FIX_MEAS; i++) {
		struct teeio_spdm_meas_block blk;
		CHECK_OK(teeio_spdm_meas_block_decode(&b, &blk));
		CHECK_EQ(blk.index, i + 1);
		CHECK_EQ(blk.type, fx.meas_entries[i].type);
		if (i == 3) { /* raw-only entry */
			CHECK(blk.raw);
			CHECK_EQ(blk.len, 8);
			CHECK_MEM(blk.value, fx.meas_values[3], 8);
		} else {
			CHECK(!blk.raw);
			CHECK_EQ(blk.len, 48);
			CHECK_OK(fx.ops->hash(TEEIO_HASH_SHA384, fx.meas_values[i], 48, d));
			CHECK_MEM(blk.value, d, 48);
		}
	}
	CHECK_EQ(teeio_buf_left(&b), 0);

	/* One index, raw bit stream requested. */
	send(req, spdm_msg_get_meas(req, 0x12, 0x02, 2, 0));
	CHECK_EQ(out[4], 1);
	CHECK_EQ(out[8], 2);
	CHECK_EQ(teeio_load_u16le(out + 10), 3 + 48);
	CHECK_EQ(out[12], 0x80 | 1); /* raw, mutable firmware */
	CHECK_MEM(out + 8 + 7, fx.meas_values[1], 48);

	/* Unknown index, reserved attribute bits, bad slot, truncated. */
	send(req, spdm_msg_get_meas(req, 0x12, 0, 9, 0));
	expect_error(0x01);
	send(req, spdm_msg_get_meas(req, 0x12, 0x08, 1, 0));
	expect_error(0x01);
	send(req, spdm_msg_get_meas(req, 0x12, 1, 1, 3));
	expect_error(0x01);
	send(req, spdm_msg_get_meas(req, 0x12, 1, 1, 0x10));
	expect_error(0x01);
	send(req, spdm_msg_get_meas(req, 0x12, 1, 1, 0) - 1);
	expect_error(0x01);
	teardown();
}

/* Unsigned then signed measurements: L1 = VCA || both pairs. */
static void signed_meas(uint8_t ver, bool change)
{
	struct teeio_spdm_tr l1 = {0};
	uint8_t req[64], th[TEEIO_HASH_MAX];
	size_t n;

	CHECK(setup(ver, 1u << 7, 0x2));
	CHECK_OK(teeio_spdm_tr_start(&l1, &req_conn, true));
	n = spdm_msg_get_meas(req, ver, 0, 1, 0);
	send(req, n);
	CHECK_OK(teeio_spdm_tr_update(&l1, req, n));
	CHECK_OK(teeio_spdm_tr_update(&l1, out, out_len));
	if (change)
		fx.meas.generation++;
	n = spdm_msg_get_meas(req, ver, 1, 0xFF, 0);
	send(req, n);
	CHECK_EQ(out[1], 0x60);
	CHECK_EQ(out[3] & 0x0F, 0);
	CHECK_EQ(out[3] & 0x30, change ? 0x10 : 0x20);
	size_t body = out_len - 96;
	CHECK_EQ(teeio_load_u16le(out + body - 2 - (ver >= 0x13 ? 8 : 0)), 0);
	CHECK_OK(teeio_spdm_tr_update(&l1, req, n));
	CHECK_OK(teeio_spdm_tr_update(&l1, out, body));
	CHECK_OK(teeio_spdm_tr_peek(&l1, th));
	struct teeio_pkey pub = {0};
	CHECK_OK(fx.ops->pkey_from_cert(&pub, TEEIO_SIG_ECDSA_P384,
					fx.chain.certs[fx.chain.n_certs - 1].der,
					fx.chain.certs[fx.chain.n_certs - 1].len));
	CHECK_OK(teeio_spdm_verify(fx.ops, &pub, ver, TEEIO_HASH_SHA384,
				   "responder-measurements signing", th, out + body, 96));
	fx.ops->pkey_free(&pub);
	teeio_spdm_tr_free(&l1);
	/* The window closed: a new signed request starts a new L1. */
	CHECK(!rsp.l1.live);
	teardown();
}

TEST(measurements_signed_verify)
{
	signed_meas(0x12, false);
	signed_meas(0x13, false);
}

TEST(measurements_content_changed)
{
	signed_meas(0x12, true);
}

static int busy_left;
static bool busy(void *ctx, uint8_t code)
{
	(void)ctx;
	if (code != 0xE0 || busy_left == 0)
		return false;
	busy_left--;
	return true;
}

/* ResponseNotReady + RESPOND_IF_READY: the replayed request is the one in
 * the transcript, so the signed measurements still verify. */
TEST(respond_if_ready_replays_request)
{
	struct teeio_spdm_rsp_config cfg = fx.cfg;
	struct teeio_spdm_tr l1 = {0};
	uint8_t req[64], rir[4], th[TEEIO_HASH_MAX];

	cfg.not_ready = busy;
	cfg.rdt_exponent = 7;
	cfg.rdtm = 3;
	teeio_spdm_conn_init(&req_conn, fx.ops);
	CHECK_OK(teeio_spdm_rsp_init(&rsp, &cfg));
	CHECK(spdm_do_vca_conn(&rsp, 0x12, 1u << 7, 0x2, &req_conn));
	busy_left = 2;
	size_t n = spdm_msg_get_meas(req, 0x12, 1, 0xFF, 0);
	send(req, n);
	expect_error(0x42);
	CHECK_EQ(out_len, 8);
	CHECK_EQ(out[4], 7);
	CHECK_EQ(out[5], 0xE0);
	CHECK_EQ(out[7], 3);
	uint8_t token = out[6];
	/* Wrong token / code: InvalidRequest, the request stays kept. */
	send(rir, spdm_msg_simple(rir, 0x12, 0xFF, 0xE0, (uint8_t)(token + 1)));
	expect_error(0x01);
	send(rir, spdm_msg_simple(rir, 0x12, 0xFF, 0x81, token));
	expect_error(0x01);
	/* Still busy once: a new token. */
	send(rir, spdm_msg_simple(rir, 0x12, 0xFF, 0xE0, token));
	expect_error(0x42);
	CHECK(out[6] != token);
	token = out[6];
	send(rir, spdm_msg_simple(rir, 0x12, 0xFF, 0xE0, token));
	CHECK_EQ(out[1], 0x60);
	size_t body = out_len - 96;
	CHECK_OK(teeio_spdm_tr_start(&l1, &req_conn, true));
	CHECK_OK(teeio_spdm_tr_update(&l1, req, n));
	CHECK_OK(teeio_spdm_tr_update(&l1, out, body));
	CHECK_OK(teeio_spdm_tr_peek(&l1, th));
	struct teeio_pkey pub = {0};
	const struct teeio_pki_cert *leaf = &fx.chain.certs[fx.chain.n_certs - 1];
	CHECK_OK(fx.ops->pkey_from_cert(&pub, TEEIO_SIG_ECDSA_P384, leaf->der, leaf->len));
	CHECK_OK(teeio_spdm_verify(fx.ops, &pub, 0x12, TEEIO_HASH_SHA384,
				   "responder-measurements signing", th, out + body, 96));
	fx.ops->pkey_free(&pub);
	teeio_spdm_tr_free(&l1);
	/* Nothing kept any more. */
	send(rir, spdm_msg_simple(rir, 0x12, 0xFF, 0xE0, token));
	expect_error(0x04);
	/* Another request drops a kept one. */
	busy_left = 1;
	send(req, n);
	expect_error(0x42);
	token = out[6];
	send(rir, spdm_msg_get_digests(rir, 0x12));
	CHECK_EQ(out[1], 0x01);
	send(rir, spdm_msg_simple(rir, 0x12, 0xFF, 0xE0, token));
	expect_error(0x04);
	teardown();
}

TEST(measurements_unsigned_only_capability)
{
	struct teeio_spdm_rsp_config cfg = fx.cfg;
	uint8_t req[64];

	cfg.caps &= ~TEEIO_SPDM_CAP_MEAS_SIG;
	cfg.caps |= TEEIO_SPDM_CAP_MEAS_NO_SIG;
	CHECK_OK(teeio_spdm_rsp_init(&rsp, &cfg));
	CHECK(spdm_do_vca(&rsp, 0x12, 1u << 7, 0x2));
	send(req, spdm_msg_get_meas(req, 0x12, 0, 0xFF, 0));
	CHECK_EQ(out[1], 0x60);
	send(req, spdm_msg_get_meas(req, 0x12, 1, 0xFF, 0));
	expect_error(0x01);
	teeio_spdm_rsp_free(&rsp);
}

TEST(no_measurements_capability)
{
	struct teeio_spdm_rsp_config cfg = fx.cfg;
	uint8_t req[64];

	cfg.caps &= ~TEEIO_SPDM_CAP_MEAS_MASK;
	CHECK_OK(teeio_spdm_rsp_init(&rsp, &cfg));
	CHECK(spdm_do_vca(&rsp, 0x12, 1u << 7, 0x2));
	send(req, spdm_msg_get_meas(req, 0x12, 0, 0xFF, 0));
	expect_error(0x07);
	send(req, spdm_msg_challenge(req, 0x12, 0, 1)); /* summary needs MEAS */
	expect_error(0x01);
	teeio_spdm_rsp_free(&rsp);
}

TEST(large_cert_response_needs_chunking)
{
	struct teeio_spdm_rsp_config cfg = fx.cfg;
	uint8_t req[64];
	static uint8_t chain[8192], got[8192];

	CHECK_OK(teeio_spdm_rsp_init(&rsp, &cfg));
	CHECK(spdm_do_vca(&rsp, 0x12, 1u << 7, 0x2));
	/* The requester said DataTransferSize 4096; ask for the whole chain
	 * (about 1.5 KiB fits), then shrink via a 1.2 connection with a small
	 * DTS to force CHUNK_GET. */
	uint8_t r2[64];
	send(r2, spdm_msg_get_version(r2));
	send(r2, spdm_msg_get_caps(r2, 0x12, SPDM_FIX_REQ_CAPS, 256, 65536));
	CHECK_EQ(out[1], 0x61);
	send(r2, spdm_msg_neg_algs(r2, 0x12, 1u << 7, 0x2, 0x18, 0x3));
	CHECK_EQ(out[1], 0x63);
	size_t clen = spdm_chain(TEEIO_HASH_SHA384, chain, sizeof(chain));
	send(req, spdm_msg_get_cert(req, 0x12, 0, 0, 0xFFFF));
	expect_error(0x0F);
	uint8_t handle = out[4];
	size_t got_len = 0, total = 0;
	for (uint16_t seq = 0; seq < 64; seq++) {
		size_t n = spdm_msg_simple(req, 0x12, 0x86, 0, handle);
		teeio_store_u16le(req + 4, seq);
		send(req, n + 2);
		CHECK_EQ(out[1], 0x06);
		CHECK(out_len <= 256);
		uint32_t sz = teeio_load_u32le(out + 8);
		size_t at = 12;
		if (seq == 0) {
			total = teeio_load_u32le(out + 12);
			at = 16;
		}
		CHECK_EQ(out_len, at + sz);
		CHECK_EQ(teeio_load_u16le(out + 4), seq);
		CHECK_EQ(out[3], handle);
		memcpy(got + got_len, out + at, sz);
		got_len += sz;
		if (out[2] & 1)
			break;
	}
	CHECK_EQ(got_len, total);
	CHECK_EQ(total, 8 + clen);
	CHECK_EQ(got[1], 0x02);
	CHECK_MEM(got + 8, chain, clen);
	/* Nothing left to get. */
	send(req, spdm_msg_simple(req, 0x12, 0x86, 0, handle) + 2);
	expect_error(0x04);
	teeio_spdm_rsp_free(&rsp);
}

int main(void)
{
	if (spdm_fixture_init(&fx384, TEEIO_SIG_ECDSA_P384) != TEEIO_OK ||
	    spdm_fixture_init(&fx256, TEEIO_SIG_ECDSA_P256) != TEEIO_OK ||
	    spdm_fixture_init(&fx25519, TEEIO_SIG_ED25519) != TEEIO_OK) {
		fprintf(stderr, "fixture failed\n");
		return 1;
	}
	RUN(digests_match_chain);
	RUN(certificate_in_portions);
	RUN(challenge_p384_sha384_v12);
	RUN(challenge_p384_sha384_v13);
	RUN(challenge_p256_sha256_v12);
	RUN(challenge_ed25519_v12_v13);
	RUN(challenge_and_measurements_v11);
	RUN(challenge_malformed);
	RUN(measurements_count_all_one);
	RUN(measurements_signed_verify);
	RUN(measurements_content_changed);
	RUN(respond_if_ready_replays_request);
	RUN(measurements_unsigned_only_capability);
	RUN(no_measurements_capability);
	RUN(large_cert_response_needs_chunking);
	spdm_fixture_free(&fx384);
	spdm_fixture_free(&fx256);
	spdm_fixture_free(&fx25519);
	return test_summary();
}
