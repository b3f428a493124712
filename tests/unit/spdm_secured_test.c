/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DSP0277 record layer: known answers from libspdm's unit tests, round
 * trips over both bindings, and every way open() must refuse a record.
 */
#include <string.h>

#include "teeio/spdm_secured.h"
#include "test.h"

static const struct teeio_crypto_ops *ops;

#define SID 0x00112233u
#define REQ TEEIO_SPDM_DIR_REQ
#define RSP TEEIO_SPDM_DIR_RSP

/* Both ends of one session: identical schedules, own record layers. */
struct pair {
	struct teeio_spdm_ks ks[2]; /* [0] requester, [1] responder */
	struct teeio_spdm_sec sec[2];
};

static void pair_init(struct pair *p, const struct teeio_spdm_sec_binding *b, bool data)
{
	static const uint8_t dhe[48] = {9, 8, 7};
	static const uint8_t th[48] = {0x77};

	memset(p, 0, sizeof(*p));
	for (int i = 0; i < 2; i++) {
		CHECK_OK(teeio_spdm_ks_init(&p->ks[i], ops, TEEIO_SPDM_V12, TEEIO_HASH_SHA384,
					    TEEIO_AEAD_AES256_GCM, dhe, sizeof(dhe)));
		CHECK_OK(teeio_spdm_ks_handshake(&p->ks[i], th));
		if (data)
			CHECK_OK(teeio_spdm_ks_data(&p->ks[i], th));
		p->sec[i].binding = b;
		p->sec[i].session_id = SID;
		CHECK_OK(teeio_spdm_sec_rekey(&p->sec[i], &p->ks[i]));
	}
}

static void pair_free(struct pair *p)
{
	for (int i = 0; i < 2; i++) {
		teeio_spdm_sec_free(&p->sec[i]);
		teeio_spdm_ks_wipe(&p->ks[i]);
	}
}

/* Seal on the side that sends `dir`. */
static teeio_err seal(struct pair *p, enum teeio_spdm_dir dir, const void *app, size_t n,
		      uint8_t *out, size_t cap, size_t *len)
{
	int s = dir == REQ ? 0 : 1;
	struct teeio_buf w = teeio_buf_writer(out, cap);
	teeio_err rc = teeio_spdm_sec_seal(&p->sec[s], &p->ks[s], dir, app, n, &w);
	*len = w.pos;
	return rc;
}

/* Open on the side that receives `dir`. */
static teeio_err open_(struct pair *p, enum teeio_spdm_dir dir, const uint8_t *msg, size_t len,
		       uint8_t *app, size_t *app_len)
{
	int r = dir == REQ ? 1 : 0;
	return teeio_spdm_sec_open(&p->sec[r], &p->ks[r], dir, msg, len, app, app_len);
}

/* ---- libspdm unit-test vectors (unit_test/test_spdm_secured_message:
 * AES-256-GCM, key = 00..1f, IV = 2*i, SessionID 0x00112233, an 8-byte
 * wire sequence number, application data 00..0f) ---- */

static void hand_keyed(struct teeio_spdm_ks *ks, struct teeio_spdm_sec *sec,
		       const struct teeio_spdm_sec_binding *b, uint64_t seq,
		       enum teeio_spdm_seq_endian endian)
{
	memset(ks, 0, sizeof(*ks));
	memset(sec, 0, sizeof(*sec));
	ks->ops = ops;
	ks->version = TEEIO_SPDM_V11;
	ks->hash = TEEIO_HASH_SHA256;
	ks->aead = TEEIO_AEAD_AES256_GCM;
	ks->phase = TEEIO_SPDM_KS_DATA;
	for (int i = 0; i < 32; i++)
		ks->dir[REQ].key[i] = (uint8_t)i;
	for (int i = 0; i < 12; i++)
		ks->dir[REQ].iv[i] = (uint8_t)(2 * i);
	ks->dir[REQ].seq = seq;
	sec->binding = b;
	sec->session_id = SID;
	sec->seq_endian = endian;
	CHECK_OK(teeio_spdm_sec_rekey(sec, ks));
}

TEST(libspdm_known_answers)
{
	static const struct teeio_spdm_sec_binding seq8 = {8, 0, 0};
	static const struct {
		uint64_t seq;
		enum teeio_spdm_seq_endian endian;
		const char *record; /* after SessionID and sequence number */
	} v[] = {
	    {0, TEEIO_SPDM_SEQ_LE,
	     "2200"
	     "9bfed3b7043d3286603d861733d67f959a20"
	     "3d4fac58cb706cf5a0270af673f0fe36"},
	    {0xaa55aa55aa55aa55ull, TEEIO_SPDM_SEQ_LE,
	     "2200"
	     "0dea75eac691374994975263f8c08f6c1aa4"
	     "0dcdb48ad6fa240479d5d8d2fe281914"},
	    {0xaa55aa55aa55aa55ull, TEEIO_SPDM_SEQ_BE,
	     "2200"
	     "f64d6b94377a186101cefea08d91798a8988"
	     "b68ed3064a957089d4d8b9029e9d720b"},
	};
	uint8_t app[16], want[64], out[64], got[64];

	for (int i = 0; i < 16; i++)
		app[i] = (uint8_t)i;
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(v); i++) {
		struct teeio_spdm_ks ks, rx;
		struct teeio_spdm_sec sec, rsec;
		struct teeio_buf w = teeio_buf_writer(out, sizeof(out));
		size_t n = 0, got_len = sizeof(got);

		teeio_store_u32le(want, SID);
		teeio_store_u64le(want + 4, v[i].seq);
		CHECK_OK(teeio_unhex(v[i].record, want + 12, sizeof(want) - 12, &n));
		hand_keyed(&ks, &sec, &seq8, v[i].seq, v[i].endian);
		CHECK_OK(teeio_spdm_sec_seal(&sec, &ks, REQ, app, sizeof(app), &w));
		CHECK_EQ(w.pos, 12 + n);
		CHECK_MEM(out, want, 12 + n);
		CHECK(ks.dir[REQ].seq == v[i].seq + 1);

		hand_keyed(&rx, &rsec, &seq8, v[i].seq, v[i].endian);
		CHECK_OK(teeio_spdm_sec_open(&rsec, &rx, REQ, want, 12 + n, got, &got_len));
		CHECK_EQ(got_len, 16);
		CHECK_MEM(got, app, 16);
		CHECK(rx.dir[REQ].seq == v[i].seq + 1);
		teeio_spdm_sec_free(&sec);
		teeio_spdm_sec_free(&rsec);
	}
}

static void round_trip(const struct teeio_spdm_sec_binding *b, bool data)
{
	static const size_t sizes[] = {0, 1, 4, 16, 17, 255, 1000, 4096};
	static uint8_t app[4096], out[4096 + 128], got[4096 + 64];
	struct pair p;

	pair_init(&p, b, data);
	for (size_t i = 0; i < sizeof(app); i++)
		app[i] = (uint8_t)(i * 31 + 7);
	for (int round = 0; round < 3; round++)
		for (size_t s = 0; s < TEEIO_ARRAY_LEN(sizes); s++)
			for (int d = 0; d < 2; d++) {
				enum teeio_spdm_dir dir = (enum teeio_spdm_dir)d;
				uint64_t seq = p.ks[d].dir[dir].seq;
				size_t n, len = 0, got_len = sizeof(got), hdr;

				n = sizes[s];
				CHECK_OK(seal(&p, dir, app, n, out, sizeof(out), &len));
				CHECK(len <= n + teeio_spdm_sec_overhead(b));
				CHECK_EQ(teeio_load_u32le(out), SID);
				hdr = 4 + b->seq_wire_len + 2;
				/* Length covers everything after the header. */
				CHECK_EQ(teeio_load_u16le(out + hdr - 2), len - hdr);
				if (b->seq_wire_len == 2)
					CHECK_EQ(teeio_load_u16le(out + 4), seq & 0xffff);
				if (b->max_random_pad == 0)
					CHECK_EQ(len, hdr + 2 + n + 16);
				else
					CHECK(len >= hdr + 2 + n + 16 + 1 &&
					      len <= hdr + 2 + n + 16 + b->max_random_pad);
				/* The data does not appear in clear. */
				if (n >= 16)
					CHECK(memcmp(out + hdr + 2, app, 16) != 0);
				CHECK_OK(open_(&p, dir, out, len, got, &got_len));
				CHECK_EQ(got_len, n);
				CHECK_MEM(got, app, n);
				CHECK(p.ks[0].dir[dir].seq == seq + 1);
				CHECK(p.ks[1].dir[dir].seq == seq + 1);
			}
	pair_free(&p);
}

TEST(round_trip_doe)
{
	round_trip(&teeio_spdm_sec_doe, true);
	round_trip(&teeio_spdm_sec_doe, false); /* handshake keys */
}

TEST(round_trip_mctp)
{
	round_trip(&teeio_spdm_sec_mctp, true);
	round_trip(&teeio_spdm_sec_mctp, false);
}

TEST(mctp_padding_is_random_and_bounded)
{
	struct pair p;
	uint8_t out[128], got[128];
	bool seen_diff = false;
	size_t first = 0;

	pair_init(&p, &teeio_spdm_sec_mctp, true);
	for (int i = 0; i < 64; i++) {
		size_t len = 0, got_len = sizeof(got);
		CHECK_OK(seal(&p, RSP, "\x05\x12\x01\x00", 4, out, sizeof(out), &len));
		size_t pad = len - (8 + 2 + 4 + 16);
		CHECK(pad >= 1 && pad <= 32);
		if (i == 0)
			first = pad;
		else if (pad != first)
			seen_diff = true;
		CHECK_OK(open_(&p, RSP, out, len, got, &got_len));
		CHECK_EQ(got_len, 4);
	}
	CHECK(seen_diff); /* 64 draws of 1..32 all equal: 2^-315 */
	pair_free(&p);
}

TEST(replay_is_refused)
{
	const struct teeio_spdm_sec_binding *bs[] = {&teeio_spdm_sec_doe, &teeio_spdm_sec_mctp};

	for (size_t b = 0; b < 2; b++) {
		struct pair p;
		uint8_t out[128], got[128];
		size_t len = 0, got_len = sizeof(got);

		pair_init(&p, bs[b], true);
		CHECK_OK(seal(&p, REQ, "hello", 5, out, sizeof(out), &len));
		CHECK_OK(open_(&p, REQ, out, len, got, &got_len));
		got_len = sizeof(got);
		memset(got, 0xaa, sizeof(got));
		CHECK_ERR(open_(&p, REQ, out, len, got, &got_len), TEEIO_ERR_CRYPTO_VERIFY);
		CHECK_EQ(got_len, 0);
		CHECK(p.ks[1].dir[REQ].seq == 1); /* unchanged by the failure */
		/* A record for the other direction does not open either. */
		got_len = sizeof(got);
		CHECK_ERR(open_(&p, RSP, out, len, got, &got_len), TEEIO_ERR_CRYPTO_VERIFY);
		pair_free(&p);
	}
}

TEST(reorder_is_refused_then_recovers_in_order)
{
	const struct teeio_spdm_sec_binding *bs[] = {&teeio_spdm_sec_doe, &teeio_spdm_sec_mctp};

	for (size_t b = 0; b < 2; b++) {
		struct pair p;
		uint8_t m1[128], m2[128], got[128];
		size_t l1 = 0, l2 = 0, got_len = sizeof(got);

		pair_init(&p, bs[b], true);
		CHECK_OK(seal(&p, RSP, "one", 3, m1, sizeof(m1), &l1));
		CHECK_OK(seal(&p, RSP, "two", 3, m2, sizeof(m2), &l2));
		CHECK_ERR(open_(&p, RSP, m2, l2, got, &got_len), TEEIO_ERR_CRYPTO_VERIFY);
		got_len = sizeof(got);
		CHECK_OK(open_(&p, RSP, m1, l1, got, &got_len));
		CHECK_MEM(got, "one", 3);
		got_len = sizeof(got);
		CHECK_OK(open_(&p, RSP, m2, l2, got, &got_len));
		CHECK_MEM(got, "two", 3);
		pair_free(&p);
	}
}

TEST(wrong_session_id)
{
	struct pair p;
	uint8_t out[128], got[128];
	size_t len = 0, got_len = sizeof(got);
	uint32_t sid = 0;

	pair_init(&p, &teeio_spdm_sec_doe, true);
	CHECK_OK(seal(&p, REQ, "x", 1, out, sizeof(out), &len));
	CHECK_OK(teeio_spdm_sec_peek_session(out, len, &sid));
	CHECK_EQ(sid, SID);
	p.sec[1].session_id = teeio_spdm_session_id(0x2233, 0x0012);
	CHECK_ERR(open_(&p, REQ, out, len, got, &got_len), TEEIO_ERR_CRYPTO_VERIFY);
	/* The same record opens for the right session. */
	p.sec[1].session_id = teeio_spdm_session_id(0x2233, 0x0011);
	got_len = sizeof(got);
	CHECK_OK(open_(&p, REQ, out, len, got, &got_len));
	pair_free(&p);
}

TEST(peek_session_bounds)
{
	uint32_t sid = 0;

	CHECK_ERR(teeio_spdm_sec_peek_session((const uint8_t *)"\x01\x02\x03", 3, &sid),
		  TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_ERR(teeio_spdm_sec_peek_session(NULL, 0, &sid), TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_OK(teeio_spdm_sec_peek_session((const uint8_t *)"\x01\x02\x03\x04", 4, &sid));
	CHECK_EQ(sid, 0x04030201);
}

/* Every single-bit flip anywhere in the record is refused, and nothing
 * decrypted is left behind. */
TEST(every_bit_flip_is_refused)
{
	const struct teeio_spdm_sec_binding *bs[] = {&teeio_spdm_sec_doe, &teeio_spdm_sec_mctp};

	for (size_t b = 0; b < 2; b++) {
		struct pair p;
		uint8_t out[128], bad[128], got[128];
		size_t len = 0;

		pair_init(&p, bs[b], true);
		CHECK_OK(seal(&p, REQ, "\x05\x10\x00\x00secret", 10, out, sizeof(out), &len));
		for (size_t i = 0; i < len; i++)
			for (int bit = 0; bit < 8; bit++) {
				size_t got_len = sizeof(got);
				memcpy(bad, out, len);
				bad[i] ^= (uint8_t)(1u << bit);
				memset(got, 0, sizeof(got));
				teeio_err e = open_(&p, REQ, bad, len, got, &got_len);
				if (e == TEEIO_OK)
					test_fail(__FILE__, __LINE__, "flip %zu.%d accepted", i,
						  bit);
				CHECK_EQ(got_len, 0);
				CHECK(teeio_ct_is_zero(got, sizeof(got)));
			}
		/* Intact, it still opens (nothing advanced). */
		size_t got_len = sizeof(got);
		CHECK_OK(open_(&p, REQ, out, len, got, &got_len));
		CHECK_MEM(got, "\x05\x10\x00\x00secret", 10);
		pair_free(&p);
	}
}

TEST(truncated_records)
{
	struct pair p;
	uint8_t out[128], got[128];
	size_t len = 0;

	pair_init(&p, &teeio_spdm_sec_mctp, true);
	CHECK_OK(seal(&p, REQ, "abcd", 4, out, sizeof(out), &len));
	for (size_t n = 0; n < len; n++) {
		size_t got_len = sizeof(got);
		teeio_err e = open_(&p, REQ, out, n, got, &got_len);
		/* Short of the header or of Length: truncated. */
		CHECK_ERR(e, TEEIO_ERR_SIZE_TRUNCATED);
	}
	pair_free(&p);
}

TEST(length_field_lies)
{
	struct pair p;
	uint8_t out[128], bad[128], got[128];
	size_t len = 0, got_len;
	const size_t lpos = 4; /* DOE: no wire sequence number */
	uint16_t l;

	pair_init(&p, &teeio_spdm_sec_doe, true);
	CHECK_OK(seal(&p, REQ, "abcd", 4, out, sizeof(out), &len));
	l = teeio_load_u16le(out + lpos);
	CHECK_EQ(l, 2 + 4 + 16);

	/* Longer than the bytes present. */
	memcpy(bad, out, len);
	teeio_store_u16le(bad + lpos, (uint16_t)(l + 1));
	got_len = sizeof(got);
	CHECK_ERR(open_(&p, REQ, bad, len, got, &got_len), TEEIO_ERR_SIZE_TRUNCATED);
	teeio_store_u16le(bad + lpos, 0xffff);
	got_len = sizeof(got);
	CHECK_ERR(open_(&p, REQ, bad, len, got, &got_len), TEEIO_ERR_SIZE_TRUNCATED);

	/* Too short to hold ApplicationDataLength and the MAC. */
	for (uint16_t s = 0; s < 18; s++) {
		teeio_store_u16le(bad + lpos, s);
		got_len = sizeof(got);
		CHECK_ERR(open_(&p, REQ, bad, len, got, &got_len), TEEIO_ERR_PROTO);
	}

	/* Shorter than the bytes present: the rest is not DOE padding. */
	teeio_store_u16le(bad + lpos, (uint16_t)(l - 4));
	got_len = sizeof(got);
	CHECK_ERR(open_(&p, REQ, bad, len, got, &got_len), TEEIO_ERR_SIZE_TRAILING);

	/* DOE dword padding: up to 3 zero bytes after the record are fine ... */
	memcpy(bad, out, len);
	memset(bad + len, 0, 4);
	got_len = sizeof(got);
	CHECK_ERR(open_(&p, REQ, bad, len + 4, got, &got_len), TEEIO_ERR_SIZE_TRAILING);
	bad[len + 1] = 1;
	got_len = sizeof(got);
	CHECK_ERR(open_(&p, REQ, bad, len + 3, got, &got_len), TEEIO_ERR_PROTO_RESERVED);
	bad[len + 1] = 0;
	got_len = sizeof(got);
	CHECK_OK(open_(&p, REQ, bad, len + 3, got, &got_len));
	CHECK_EQ(got_len, 4);
	pair_free(&p);

	/* ... but MCTP allows none. */
	pair_init(&p, &teeio_spdm_sec_mctp, true);
	CHECK_OK(seal(&p, REQ, "abcd", 4, out, sizeof(out), &len));
	out[len] = 0;
	got_len = sizeof(got);
	CHECK_ERR(open_(&p, REQ, out, len + 1, got, &got_len), TEEIO_ERR_SIZE_TRAILING);
	pair_free(&p);
}

/* A correctly MAC'ed record whose ApplicationDataLength exceeds the
 * decrypted area (a buggy or hostile peer holding the keys). */
TEST(app_data_length_larger_than_decrypted)
{
	struct pair p;
	uint8_t rec[64], got[64], nonce[12];
	size_t got_len = sizeof(got);
	struct teeio_aead a = {0};
	const struct teeio_spdm_dir_keys *k;

	pair_init(&p, &teeio_spdm_sec_doe, true);
	k = &p.ks[0].dir[REQ];
	teeio_store_u32le(rec, SID);
	teeio_store_u16le(rec + 4, 2 + 4 + 16);
	teeio_store_u16le(rec + 6, 5); /* says 5, carries 4 */
	memcpy(rec + 8, "abcd", 4);
	memcpy(nonce, k->iv, 12); /* sequence number 0 */
	CHECK_OK(ops->aead_init(&a, TEEIO_AEAD_AES256_GCM, k->key, 32));
	CHECK_OK(ops->aead_seal(&a, nonce, rec, 6, rec + 6, 6, rec + 6, rec + 12, 16));
	ops->aead_free(&a);
	memset(got, 0x5a, sizeof(got));
	CHECK_ERR(open_(&p, REQ, rec, 28, got, &got_len), TEEIO_ERR_PROTO);
	CHECK_EQ(got_len, 0);
	CHECK(teeio_ct_is_zero(got, 6)); /* the decrypted area is wiped */
	CHECK(p.ks[1].dir[REQ].seq == 0);
	pair_free(&p);
}

TEST(buffers_too_small)
{
	struct pair p;
	uint8_t out[64], got[64];
	size_t len = 0, got_len;
	struct teeio_buf w;

	pair_init(&p, &teeio_spdm_sec_doe, true);
	/* Output one byte short: SIZE, cursor and bytes untouched, seq kept. */
	memset(out, 0xee, sizeof(out));
	w = teeio_buf_writer(out, 6 + 2 + 8 + 16 - 1);
	CHECK_ERR(teeio_spdm_sec_seal(&p.sec[0], &p.ks[0], REQ, (const uint8_t *)"12345678", 8, &w),
		  TEEIO_ERR_SIZE);
	CHECK_EQ(w.pos, 0);
	CHECK(out[0] == 0xee && out[20] == 0xee);
	CHECK(p.ks[0].dir[REQ].seq == 0);
	CHECK_OK(seal(&p, REQ, "12345678", 8, out, 6 + 2 + 8 + 16, &len));
	/* The receive buffer must hold the decrypted area (2 + data). */
	got_len = 9;
	CHECK_ERR(open_(&p, REQ, out, len, got, &got_len), TEEIO_ERR_SIZE);
	got_len = 10;
	CHECK_OK(open_(&p, REQ, out, len, got, &got_len));
	CHECK_EQ(got_len, 8);
	/* Application data beyond the 16-bit Length. */
	static uint8_t huge[70000];
	static uint8_t huge_out[70100];
	w = teeio_buf_writer(huge_out, sizeof(huge_out));
	CHECK_ERR(teeio_spdm_sec_seal(&p.sec[0], &p.ks[0], REQ, huge, 65535 - 18 + 1, &w),
		  TEEIO_ERR_SIZE_LIMIT);
	CHECK_OK(teeio_spdm_sec_seal(&p.sec[0], &p.ks[0], REQ, huge, 65535 - 18, &w));
	pair_free(&p);
}

TEST(sequence_exhaustion_ends_the_session)
{
	struct pair p;
	uint8_t out[64], got[64];
	size_t len = 0, got_len = sizeof(got);

	pair_init(&p, &teeio_spdm_sec_mctp, true);
	p.ks[0].dir[REQ].seq = p.ks[1].dir[REQ].seq = UINT64_MAX - 1;
	CHECK_OK(seal(&p, REQ, "last", 4, out, sizeof(out), &len));
	CHECK_EQ(teeio_load_u16le(out + 4), 0xfffe);
	CHECK_OK(open_(&p, REQ, out, len, got, &got_len));
	CHECK(p.ks[0].dir[REQ].seq == UINT64_MAX);
	CHECK_ERR(seal(&p, REQ, "more", 4, out, sizeof(out), &len), TEEIO_ERR_STATE);
	CHECK_EQ(len, 0);
	got_len = sizeof(got);
	CHECK_ERR(open_(&p, REQ, out, len, got, &got_len), TEEIO_ERR_STATE);
	CHECK(p.ks[0].dir[REQ].seq == UINT64_MAX); /* never wraps */
	/* The other direction is unaffected. */
	CHECK_OK(seal(&p, RSP, "ok", 2, out, sizeof(out), &len));

	/* A configured lower limit on the receiving side (requester). */
	p.sec[0].max_seq = 2;
	got_len = sizeof(got);
	CHECK_OK(open_(&p, RSP, out, len, got, &got_len)); /* seq 0 */
	CHECK_OK(seal(&p, RSP, "ok", 2, out, sizeof(out), &len));
	got_len = sizeof(got);
	CHECK_OK(open_(&p, RSP, out, len, got, &got_len)); /* seq 1 */
	CHECK_OK(seal(&p, RSP, "ok", 2, out, sizeof(out), &len));
	got_len = sizeof(got);
	CHECK_ERR(open_(&p, RSP, out, len, got, &got_len), TEEIO_ERR_STATE);
	CHECK_EQ(got_len, 0);
	pair_free(&p);
}

TEST(wire_sequence_wraps_with_64bit_counter)
{
	struct pair p;
	uint8_t out[64], got[64];
	size_t len = 0, got_len;

	/* MCTP carries 16 bits; the nonce uses all 64: 0xffff -> 0x10000. */
	pair_init(&p, &teeio_spdm_sec_mctp, true);
	p.ks[0].dir[RSP].seq = p.ks[1].dir[RSP].seq = 0xffff;
	for (int i = 0; i < 2; i++) {
		got_len = sizeof(got);
		CHECK_OK(seal(&p, RSP, "hb", 2, out, sizeof(out), &len));
		CHECK_EQ(teeio_load_u16le(out + 4), i == 0 ? 0xffff : 0);
		CHECK_OK(open_(&p, RSP, out, len, got, &got_len));
	}
	/* A receiver that lost 2^16 messages sees the same wire number but
	 * a different nonce: refused. */
	p.ks[0].dir[RSP].seq = 0x20001;
	p.ks[1].dir[RSP].seq = 0x10001;
	got_len = sizeof(got);
	CHECK_OK(seal(&p, RSP, "hb", 2, out, sizeof(out), &len));
	CHECK_ERR(open_(&p, RSP, out, len, got, &got_len), TEEIO_ERR_CRYPTO_VERIFY);
	pair_free(&p);
}

TEST(nonce_endianness_must_match)
{
	struct pair p;
	uint8_t out[64], got[64];
	size_t len = 0, got_len = sizeof(got);

	pair_init(&p, &teeio_spdm_sec_doe, true);
	p.sec[0].seq_endian = TEEIO_SPDM_SEQ_BE;
	/* Sequence number 0 is the same either way ... */
	CHECK_OK(seal(&p, REQ, "a", 1, out, sizeof(out), &len));
	CHECK_OK(open_(&p, REQ, out, len, got, &got_len));
	/* ... 1 is not. */
	CHECK_OK(seal(&p, REQ, "b", 1, out, sizeof(out), &len));
	got_len = sizeof(got);
	CHECK_ERR(open_(&p, REQ, out, len, got, &got_len), TEEIO_ERR_CRYPTO_VERIFY);
	p.sec[1].seq_endian = TEEIO_SPDM_SEQ_BE;
	got_len = sizeof(got);
	CHECK_OK(open_(&p, REQ, out, len, got, &got_len));
	pair_free(&p);
}

TEST(not_keyed_is_state)
{
	struct teeio_spdm_ks ks;
	struct teeio_spdm_sec sec;
	uint8_t out[64], got[64];
	size_t got_len = sizeof(got);
	struct teeio_buf w = teeio_buf_writer(out, sizeof(out));
	static const uint8_t dhe[32] = {1};

	memset(&sec, 0, sizeof(sec));
	sec.binding = &teeio_spdm_sec_doe;
	CHECK_OK(teeio_spdm_ks_init(&ks, ops, TEEIO_SPDM_V12, TEEIO_HASH_SHA256,
				    TEEIO_AEAD_AES128_GCM, dhe, 32));
	/* No handshake keys yet. */
	CHECK_ERR(teeio_spdm_sec_rekey(&sec, &ks), TEEIO_ERR_STATE);
	CHECK_ERR(teeio_spdm_sec_seal(&sec, &ks, REQ, out, 1, &w), TEEIO_ERR_STATE);
	CHECK_ERR(teeio_spdm_sec_open(&sec, &ks, REQ, out, 30, got, &got_len), TEEIO_ERR_STATE);
	CHECK_OK(teeio_spdm_ks_handshake(&ks, dhe));
	/* Keys exist but the record layer was not keyed. */
	CHECK_ERR(teeio_spdm_sec_seal(&sec, &ks, REQ, out, 1, &w), TEEIO_ERR_STATE);
	CHECK_OK(teeio_spdm_sec_rekey(&sec, &ks));
	CHECK_OK(teeio_spdm_sec_seal(&sec, &ks, REQ, out, 1, &w));
	CHECK_ERR(teeio_spdm_sec_seal(&sec, &ks, (enum teeio_spdm_dir)3, out, 1, &w),
		  TEEIO_ERR_USAGE);
	teeio_spdm_sec_free(&sec);
	CHECK(!sec.keyed[0] && !sec.keyed[1]);
	CHECK_ERR(teeio_spdm_sec_seal(&sec, &ks, REQ, out, 1, &w), TEEIO_ERR_STATE);
	teeio_spdm_sec_free(&sec); /* twice is fine */
	sec.binding = NULL;
	CHECK_ERR(teeio_spdm_sec_rekey(&sec, &ks), TEEIO_ERR_USAGE);
	teeio_spdm_ks_wipe(&ks);
}

/* KEY_UPDATE as DSP0274 runs it: the requester sends KEY_UPDATE under the
 * old key, both ends move the request direction, the ACK confirms. */
TEST(key_update_commit_and_rollback)
{
	struct pair p;
	uint8_t out[64], got[64];
	size_t len = 0, got_len = sizeof(got);

	pair_init(&p, &teeio_spdm_sec_doe, true);
	CHECK_OK(seal(&p, REQ, "KEY_UPDATE", 10, out, sizeof(out), &len));
	CHECK_OK(open_(&p, REQ, out, len, got, &got_len));
	for (int i = 0; i < 2; i++) {
		CHECK_OK(teeio_spdm_ks_update(&p.ks[i], REQ));
		CHECK_OK(teeio_spdm_sec_rekey(&p.sec[i], &p.ks[i]));
	}
	/* New request keys work; the response direction kept its counter. */
	CHECK_OK(seal(&p, REQ, "new", 3, out, sizeof(out), &len));
	got_len = sizeof(got);
	CHECK_OK(open_(&p, REQ, out, len, got, &got_len));
	CHECK(p.ks[1].dir[REQ].seq == 1);

	/* A record under the new key does not open under the old one. */
	CHECK_OK(seal(&p, REQ, "newer", 5, out, sizeof(out), &len));
	teeio_spdm_ks_update_rollback(&p.ks[1], REQ);
	CHECK_OK(teeio_spdm_sec_rekey(&p.sec[1], &p.ks[1]));
	got_len = sizeof(got);
	CHECK_ERR(open_(&p, REQ, out, len, got, &got_len), TEEIO_ERR_CRYPTO_VERIFY);
	/* Both roll back: the old keys and counter are back in step. */
	teeio_spdm_ks_update_rollback(&p.ks[0], REQ);
	CHECK_OK(teeio_spdm_sec_rekey(&p.sec[0], &p.ks[0]));
	CHECK(p.ks[0].dir[REQ].seq == 1 && p.ks[1].dir[REQ].seq == 1);
	CHECK_OK(seal(&p, REQ, "old", 3, out, sizeof(out), &len));
	got_len = sizeof(got);
	CHECK_OK(open_(&p, REQ, out, len, got, &got_len));
	CHECK_MEM(got, "old", 3);

	/* Update again and commit on both ends. */
	for (int i = 0; i < 2; i++) {
		CHECK_OK(teeio_spdm_ks_update(&p.ks[i], REQ));
		teeio_spdm_ks_update_commit(&p.ks[i], REQ);
		CHECK_OK(teeio_spdm_sec_rekey(&p.sec[i], &p.ks[i]));
	}
	CHECK_OK(seal(&p, REQ, "committed", 9, out, sizeof(out), &len));
	got_len = sizeof(got);
	CHECK_OK(open_(&p, REQ, out, len, got, &got_len));
	pair_free(&p);
}

/* Failures of the backend during seal leave no plaintext in the output. */
static teeio_err failing_seal(struct teeio_aead *a, const uint8_t iv[12], const void *aad,
			      size_t aad_len, const void *pt, size_t len, uint8_t *ct, uint8_t *tag,
			      size_t tag_len)
{
	(void)a, (void)iv, (void)aad, (void)aad_len, (void)tag, (void)tag_len;
	if (ct != pt)
		memcpy(ct, pt, len);
	return TEEIO_ERR_CRYPTO;
}

static teeio_err failing_random(void *out, size_t len)
{
	(void)out, (void)len;
	return TEEIO_ERR_CRYPTO_RNG;
}

TEST(seal_failure_leaves_no_plaintext)
{
	struct teeio_crypto_ops bad = *teeio_crypto_openssl();
	struct pair p;
	uint8_t out[64];
	struct teeio_buf w = teeio_buf_writer(out, sizeof(out));

	pair_init(&p, &teeio_spdm_sec_doe, true);
	bad.aead_seal = failing_seal;
	p.sec[0].ops = &bad;
	CHECK_ERR(
	    teeio_spdm_sec_seal(&p.sec[0], &p.ks[0], REQ, (const uint8_t *)"topsecret", 9, &w),
	    TEEIO_ERR_CRYPTO);
	CHECK_EQ(w.pos, 0);
	CHECK(teeio_ct_is_zero(out, 6 + 2 + 9 + 16));
	CHECK(p.ks[0].dir[REQ].seq == 0);
	p.sec[0].ops = ops;
	pair_free(&p);

	/* MCTP padding needs randomness; no RNG, no record. */
	pair_init(&p, &teeio_spdm_sec_mctp, true);
	bad = *ops;
	bad.random = failing_random;
	p.sec[0].ops = &bad;
	w = teeio_buf_writer(out, sizeof(out));
	CHECK_ERR(teeio_spdm_sec_seal(&p.sec[0], &p.ks[0], REQ, (const uint8_t *)"x", 1, &w),
		  TEEIO_ERR_CRYPTO_RNG);
	CHECK_EQ(w.pos, 0);
	p.sec[0].ops = ops;
	pair_free(&p);
}

int main(void)
{
	ops = teeio_crypto_openssl();
	RUN(libspdm_known_answers);
	RUN(round_trip_doe);
	RUN(round_trip_mctp);
	RUN(mctp_padding_is_random_and_bounded);
	RUN(replay_is_refused);
	RUN(reorder_is_refused_then_recovers_in_order);
	RUN(wrong_session_id);
	RUN(peek_session_bounds);
	RUN(every_bit_flip_is_refused);
	RUN(truncated_records);
	RUN(length_field_lies);
	RUN(app_data_length_larger_than_decrypted);
	RUN(buffers_too_small);
	RUN(sequence_exhaustion_ends_the_session);
	RUN(wire_sequence_wraps_with_64bit_counter);
	RUN(nonce_endianness_must_match);
	RUN(not_keyed_is_state);
	RUN(key_update_commit_and_rollback);
	RUN(seal_failure_leaves_no_plaintext);
	return test_summary();
}
