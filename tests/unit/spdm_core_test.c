/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SPDM shared core: algorithm bit mapping and selection, transcripts,
 * signature message layout, measurement blocks, ERROR encode/decode,
 * secured-message opaque data, vendor registry, padding rule.
 */
#include <string.h>

#include "teeio/spdm.h"
#include "test.h"

TEST(alg_bits_roundtrip)
{
	for (int a = TEEIO_SIG_ECDSA_P256; a <= TEEIO_SIG_ED448; a++) {
		uint32_t b = teeio_spdm_asym_bit((enum teeio_sig_alg)a);
		CHECK(b != 0 && (b & (b - 1)) == 0);
		CHECK_EQ(teeio_spdm_asym_from_bit(b), a);
	}
	CHECK_EQ(teeio_spdm_asym_bit(TEEIO_SIG_ECDSA_P384), 0x80);
	CHECK_EQ(teeio_spdm_asym_bit(TEEIO_SIG_ED25519), 0x400);
	CHECK_EQ(teeio_spdm_asym_bit(TEEIO_SIG_RSAPSS_3072), 0x08);
	CHECK_EQ(teeio_spdm_hash_bit(TEEIO_HASH_SHA512), 0x04);
	CHECK_EQ(teeio_spdm_meas_hash_bit(TEEIO_HASH_SHA256), 0x02);
	CHECK_EQ(teeio_spdm_dhe_bit(TEEIO_DHE_SECP384R1), 0x10);
	CHECK_EQ(teeio_spdm_aead_bit(TEEIO_AEAD_CHACHA20_POLY1305), 0x04);
	/* Zero, several bits, unknown bits map to NONE. */
	CHECK_EQ(teeio_spdm_asym_from_bit(0), TEEIO_SIG_NONE);
	CHECK_EQ(teeio_spdm_asym_from_bit(0x90), TEEIO_SIG_NONE);
	CHECK_EQ(teeio_spdm_hash_from_bit(0x08), TEEIO_HASH_NONE);
	CHECK_EQ(teeio_spdm_dhe_from_bit(0x01), TEEIO_DHE_NONE); /* FFDHE: unsupported */
	CHECK_EQ(teeio_spdm_asym_bit((enum teeio_sig_alg)99), 0);
}

TEST(alg_selection_priority)
{
	enum teeio_sig_alg pref[4] = {TEEIO_SIG_ED25519, TEEIO_SIG_ECDSA_P384,
				      TEEIO_SIG_ECDSA_P256};

	CHECK_EQ(teeio_spdm_select_asym(pref, 4, 0x80 | 0x10), TEEIO_SIG_ECDSA_P384);
	CHECK_EQ(teeio_spdm_select_asym(pref, 4, 0x400 | 0x10), TEEIO_SIG_ED25519);
	CHECK_EQ(teeio_spdm_select_asym(pref, 4, 0x100), TEEIO_SIG_NONE);
	CHECK_EQ(teeio_spdm_select_asym(pref, 1, 0x80), TEEIO_SIG_NONE); /* capacity bound */
	CHECK_EQ(teeio_spdm_asym_mask(pref, 4), 0x400 | 0x80 | 0x10);
	struct teeio_spdm_alg_prefs p;
	teeio_spdm_alg_prefs_default(&p);
	CHECK_EQ(p.asym[0], TEEIO_SIG_ECDSA_P384);
	CHECK_EQ(teeio_spdm_select_aead(p.aead, 4, 0x7), TEEIO_AEAD_AES256_GCM);
	CHECK_EQ(teeio_spdm_select_dhe(p.dhe, 4, 0x08 | 0x20), TEEIO_DHE_SECP256R1);
}

TEST(sign_msg_layout)
{
	uint8_t d[48], m[200];
	size_t n;

	memset(d, 0xAB, sizeof(d));
	CHECK_OK(teeio_spdm_sign_msg(TEEIO_SPDM_V13, "responder-challenge_auth signing", d, 48, m,
				     sizeof(m), &n));
	CHECK_EQ(n, 148);
	CHECK_MEM(m, "dmtf-spdm-v1.3.*dmtf-spdm-v1.3.*dmtf-spdm-v1.3.*dmtf-spdm-v1.3.*", 64);
	CHECK(teeio_ct_is_zero(m + 64, 100 - 64 - 32));
	CHECK_MEM(m + 68, "responder-challenge_auth signing", 32);
	CHECK_MEM(m + 100, d, 48);
	CHECK_OK(teeio_spdm_sign_msg(TEEIO_SPDM_V12, "responder-key_exchange_rsp signing", d, 48, m,
				     sizeof(m), &n));
	CHECK_MEM(m + 16, "dmtf-spdm-v1.2.*", 16);
	CHECK_EQ(m[64], 0);
	CHECK_MEM(m + 66, "responder-key_exchange_rsp signing", 34);
	/* 1.1: the digest alone. */
	CHECK_OK(teeio_spdm_sign_msg(TEEIO_SPDM_V11, "x", d, 48, m, sizeof(m), &n));
	CHECK_EQ(n, 48);
	CHECK_ERR(teeio_spdm_sign_msg(TEEIO_SPDM_V12, "x", d, 48, m, 120, &n), TEEIO_ERR_SIZE);
}

TEST(sign_verify_versions)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	struct teeio_pkey k = {0}, e = {0};
	uint8_t th[48], sig[TEEIO_SIG_MAX];
	size_t sl = sizeof(sig);

	memset(th, 3, sizeof(th));
	CHECK_OK(ops->pkey_generate(&k, TEEIO_SIG_ECDSA_P384));
	for (uint8_t v = TEEIO_SPDM_V11; v <= TEEIO_SPDM_V13; v++) {
		sl = sizeof(sig);
		CHECK_OK(teeio_spdm_sign(ops, &k, v, TEEIO_HASH_SHA384, "ctx", th, sig, &sl));
		CHECK_EQ(sl, 96);
		CHECK_OK(teeio_spdm_verify(ops, &k, v, TEEIO_HASH_SHA384, "ctx", th, sig, sl));
		CHECK_ERR(teeio_spdm_verify(ops, &k, v, TEEIO_HASH_SHA384, "ctY", th, sig, sl),
			  v >= TEEIO_SPDM_V12 ? TEEIO_ERR_CRYPTO_VERIFY : TEEIO_OK);
	}
	CHECK_OK(ops->pkey_generate(&e, TEEIO_SIG_ED25519));
	sl = sizeof(sig);
	CHECK_ERR(teeio_spdm_sign(ops, &e, TEEIO_SPDM_V11, TEEIO_HASH_SHA256, "c", th, sig, &sl),
		  TEEIO_ERR_CRYPTO_UNSUPPORTED);
	sl = sizeof(sig);
	CHECK_OK(teeio_spdm_sign(ops, &e, TEEIO_SPDM_V12, TEEIO_HASH_SHA256, "c", th, sig, &sl));
	CHECK_OK(teeio_spdm_verify(ops, &e, TEEIO_SPDM_V12, TEEIO_HASH_SHA256, "c", th, sig, sl));
	sig[0] ^= 1;
	CHECK_ERR(teeio_spdm_verify(ops, &e, TEEIO_SPDM_V12, TEEIO_HASH_SHA256, "c", th, sig, sl),
		  TEEIO_ERR_CRYPTO_VERIFY);
	ops->pkey_free(&k);
	ops->pkey_free(&e);
}

TEST(transcripts_incremental)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	struct teeio_spdm_conn c;
	struct teeio_spdm_tr t = {0}, t2 = {0};
	uint8_t d1[32], d2[32], want[32];

	teeio_spdm_conn_init(&c, ops);
	CHECK_OK(teeio_spdm_conn_vca_append(&c, (const uint8_t *)"abc", 3));
	CHECK_ERR(teeio_spdm_tr_start(&t, &c, true), TEEIO_ERR_STATE); /* not sealed */
	CHECK_ERR(teeio_spdm_conn_vca_seal(&c), TEEIO_ERR_USAGE); /* no hash yet */
	c.neg.hash = TEEIO_HASH_SHA256;
	CHECK_OK(teeio_spdm_conn_vca_seal(&c));
	CHECK_ERR(teeio_spdm_conn_vca_append(&c, (const uint8_t *)"d", 1), TEEIO_ERR_STATE);
	CHECK_OK(teeio_spdm_tr_start(&t, &c, true));
	CHECK_OK(teeio_spdm_tr_update(&t, "def", 3));
	CHECK_OK(teeio_spdm_tr_copy(&t2, &t));
	CHECK_OK(teeio_spdm_tr_peek(&t, d1));
	CHECK_OK(teeio_spdm_tr_peek(&t, d2)); /* peeking does not end it */
	CHECK_MEM(d1, d2, 32);
	CHECK_OK(ops->hash(TEEIO_HASH_SHA256, "abcdef", 6, want));
	CHECK_MEM(d1, want, 32);
	CHECK_OK(teeio_spdm_tr_update(&t2, "g", 1));
	CHECK_OK(teeio_spdm_tr_peek(&t2, d2));
	CHECK_OK(ops->hash(TEEIO_HASH_SHA256, "abcdefg", 7, want));
	CHECK_MEM(d2, want, 32);
	teeio_spdm_tr_free(&t);
	teeio_spdm_tr_free(&t2);
	teeio_spdm_tr_free(&t2);
	CHECK_ERR(teeio_spdm_tr_update(&t, "x", 1), TEEIO_ERR_STATE);
	/* VCA buffer bound. */
	teeio_spdm_conn_reset(&c);
	uint8_t big[TEEIO_SPDM_VCA_MAX + 1] = {0};
	CHECK_ERR(teeio_spdm_conn_vca_append(&c, big, sizeof(big)), TEEIO_ERR_SIZE_LIMIT);
	teeio_spdm_conn_free(&c);
}

TEST(meas_block_codec)
{
	uint8_t v[5] = {1, 2, 3, 4, 5}, buf[32];
	struct teeio_buf w = teeio_buf_writer(buf, sizeof(buf));
	struct teeio_spdm_meas_block b = {.index = 3, .type = 6, .raw = true, .value = v, .len = 5};
	static const uint8_t want[] = {3, 1, 8, 0, 0x86, 5, 0, 1, 2, 3, 4, 5};

	CHECK_OK(teeio_spdm_meas_block_encode(&w, &b));
	CHECK_EQ(w.pos, sizeof(want));
	CHECK_MEM(buf, want, sizeof(want));
	struct teeio_buf r = teeio_buf_reader(buf, w.pos);
	struct teeio_spdm_meas_block o;
	CHECK_OK(teeio_spdm_meas_block_decode(&r, &o));
	CHECK_EQ(o.index, 3);
	CHECK_EQ(o.type, 6);
	CHECK(o.raw);
	CHECK_EQ(o.len, 5);
	CHECK_MEM(o.value, v, 5);
	/* Truncated at every length; cursor unchanged on failure. */
	for (size_t n = 0; n < sizeof(want); n++) {
		r = teeio_buf_reader(want, n);
		CHECK(teeio_spdm_meas_block_decode(&r, &o) != TEEIO_OK);
		CHECK_EQ(r.pos, 0);
	}
	uint8_t bad[sizeof(want)];
	memcpy(bad, want, sizeof(want));
	bad[1] = 2; /* not DMTF */
	r = teeio_buf_reader(bad, sizeof(bad));
	CHECK_ERR(teeio_spdm_meas_block_decode(&r, &o), TEEIO_ERR_PROTO);
	memcpy(bad, want, sizeof(want));
	bad[2] = 9; /* MeasurementSize disagrees */
	r = teeio_buf_reader(bad, sizeof(bad));
	CHECK(teeio_spdm_meas_block_decode(&r, &o) != TEEIO_OK);
	memcpy(bad, want, sizeof(want));
	bad[0] = 0; /* index 0 reserved */
	r = teeio_buf_reader(bad, sizeof(bad));
	CHECK_ERR(teeio_spdm_meas_block_decode(&r, &o), TEEIO_ERR_PROTO_RESERVED);
	/* Too small an output. */
	w = teeio_buf_writer(buf, 11);
	CHECK_ERR(teeio_spdm_meas_block_encode(&w, &b), TEEIO_ERR_SIZE);
	CHECK_EQ(w.pos, 0);
}

TEST(error_codec)
{
	uint8_t buf[64], ext[4] = {1, 0xE0, 7, 2};
	struct teeio_buf w = teeio_buf_writer(buf, sizeof(buf));
	struct teeio_spdm_error e;

	CHECK_OK(teeio_spdm_error_encode(&w, 0x12, 0x42, 0, ext, 4));
	static const uint8_t want[] = {0x12, 0x7F, 0x42, 0, 1, 0xE0, 7, 2};
	CHECK_EQ(w.pos, sizeof(want));
	CHECK_MEM(buf, want, sizeof(want));
	CHECK_OK(teeio_spdm_error_decode(buf, w.pos, &e));
	CHECK_EQ(e.code, 0x42);
	CHECK_EQ(e.ext_len, 4);
	CHECK_ERR(teeio_spdm_error_decode(buf, 3, &e), TEEIO_ERR_SIZE_TRUNCATED);
	buf[1] = 0x60;
	CHECK_ERR(teeio_spdm_error_decode(buf, w.pos, &e), TEEIO_ERR_PROTO);
	uint8_t big[40] = {0x12, 0x7F, 1, 0};
	CHECK_ERR(teeio_spdm_error_decode(big, sizeof(big), &e), TEEIO_ERR_PROTO);
	w = teeio_buf_writer(buf, sizeof(buf));
	CHECK_ERR(teeio_spdm_error_encode(&w, 0x12, 1, 0, big, 33), TEEIO_ERR_USAGE);
	CHECK_EQ(teeio_spdm_err_code(TEEIO_ERR_PROTO_RESERVED), 0x01);
	CHECK_EQ(teeio_spdm_err_code(TEEIO_ERR_STATE), 0x04);
	CHECK_EQ(teeio_spdm_err_code(TEEIO_ERR_PROTO_UNSUPPORTED), 0x07);
	CHECK_EQ(teeio_spdm_err_code(TEEIO_ERR_CRYPTO), 0x05);
}

TEST(opaque_versions)
{
	uint8_t buf[64];
	uint16_t v[3] = {0x1000, 0x1100, 0x1200}, got[4], sel;
	size_t n;

	/* 1.2+ general format: libspdm's layout and 4-byte padding. */
	struct teeio_buf w = teeio_buf_writer(buf, sizeof(buf));
	CHECK_OK(teeio_spdm_opaque_versions_encode(&w, 0x12, v, 3));
	static const uint8_t want12[] = {1, 0, 0,    0, 0,    0, 9,    0, 1, 1,
					 3, 0, 0x10, 0, 0x11, 0, 0x12, 0, 0, 0};
	CHECK_EQ(w.pos, sizeof(want12));
	CHECK_MEM(buf, want12, sizeof(want12));
	CHECK_OK(teeio_spdm_opaque_versions_decode(buf, w.pos, 0x12, got, 4, &n));
	CHECK_EQ(n, 3);
	CHECK_EQ(got[2], 0x1200);
	CHECK_ERR(teeio_spdm_opaque_selection_decode(buf, w.pos, 0x12, &sel),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	/* Truncations and a non-zero pad byte are rejected. */
	for (size_t k = 0; k < w.pos; k++)
		CHECK(teeio_spdm_opaque_versions_decode(buf, k, 0x12, got, 4, &n) != TEEIO_OK);
	buf[w.pos - 1] = 1;
	CHECK(teeio_spdm_opaque_versions_decode(buf, w.pos, 0x12, got, 4, &n) != TEEIO_OK);

	/* Selection, 1.1 SpecID format. */
	w = teeio_buf_writer(buf, sizeof(buf));
	CHECK_OK(teeio_spdm_opaque_selection_encode(&w, 0x11, 0x1100));
	static const uint8_t want11[] = {0x46, 0x54, 0x4D, 0x44, 1, 1, 0, 0,
					 0,    0,    4,    0,    1, 0, 0, 0x11};
	CHECK_EQ(w.pos, sizeof(want11));
	CHECK_MEM(buf, want11, sizeof(want11));
	CHECK_OK(teeio_spdm_opaque_selection_decode(buf, w.pos, 0x11, &sel));
	CHECK_EQ(sel, 0x1100);
	buf[0] = 0; /* wrong SpecID */
	CHECK_ERR(teeio_spdm_opaque_selection_decode(buf, w.pos, 0x11, &sel), TEEIO_ERR_PROTO);
	/* Trailing bytes after the declared elements. */
	w = teeio_buf_writer(buf, sizeof(buf));
	CHECK_OK(teeio_spdm_opaque_selection_encode(&w, 0x12, 0x1200));
	CHECK(teeio_spdm_opaque_selection_decode(buf, w.pos + 4, 0x12, &sel) != TEEIO_OK);
}

static teeio_err vfn(void *ctx, const struct teeio_spdm_vendor_session *s, const uint8_t *req,
		     size_t req_len, uint8_t *rsp, size_t *rsp_len)
{
	(void)ctx, (void)s, (void)req, (void)req_len, (void)rsp;
	*rsp_len = 0;
	return TEEIO_OK;
}

TEST(vendor_registry)
{
	struct teeio_spdm_vendor_handler tab[2] = {
	    {3, {0x01, 0x00}, 2, 0, true, vfn, NULL},
	    {3, {0x01, 0x00}, 2, 1, true, vfn, NULL},
	};
	uint8_t vid[2] = {1, 0}, p0[2] = {0, 9}, p1[1] = {1}, p2[1] = {2};

	CHECK(teeio_spdm_vendor_find(tab, 2, 3, vid, 2, p0, 2) == &tab[0]);
	CHECK(teeio_spdm_vendor_find(tab, 2, 3, vid, 2, p1, 1) == &tab[1]);
	CHECK(teeio_spdm_vendor_find(tab, 2, 3, vid, 2, p2, 1) == NULL);
	CHECK(teeio_spdm_vendor_find(tab, 2, 3, vid, 2, p1, 0) == NULL);
	CHECK(teeio_spdm_vendor_find(tab, 2, 4, vid, 2, p1, 1) == NULL);
	CHECK(teeio_spdm_vendor_find(tab, 2, 3, vid, 1, p1, 1) == NULL);
}

TEST(padding_rule)
{
	uint8_t m[8] = {1, 2, 3, 4, 0, 0, 0, 5};
	struct teeio_buf b = teeio_buf_reader(m, 7);

	b.pos = 4;
	CHECK_OK(teeio_spdm_expect_end_pad(&b, 3));
	CHECK_ERR(teeio_spdm_expect_end_pad(&b, 2), TEEIO_ERR_SIZE_TRAILING);
	b = teeio_buf_reader(m, 8);
	b.pos = 4;
	CHECK_ERR(teeio_spdm_expect_end_pad(&b, 4), TEEIO_ERR_SIZE_TRAILING);
}

int main(void)
{
	RUN(alg_bits_roundtrip);
	RUN(alg_selection_priority);
	RUN(sign_msg_layout);
	RUN(sign_verify_versions);
	RUN(transcripts_incremental);
	RUN(meas_block_codec);
	RUN(error_codec);
	RUN(opaque_versions);
	RUN(vendor_registry);
	RUN(padding_rule);
	return test_summary();
}
