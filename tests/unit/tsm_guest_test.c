/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The guest<->TSM channel: header and body codecs (round trips and every
 * kind of malformed input), sealing and opening (tampering, replay,
 * reordering, wrong direction, wrong key), and the TSM's handler.
 */
#include <stdlib.h>
#include <string.h>

#include "support/tsm.h"
#include "test.h"

static bool contains(const uint8_t *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return true;
	return false;
}

static const struct teeio_crypto_ops *ops(void)
{
	return teeio_crypto_openssl();
}

/* ---- header ------------------------------------------------------------- */

static size_t build_hdr(uint8_t *m, uint8_t type, uint32_t payload)
{
	struct teeio_buf w = teeio_buf_writer(m, TEEIO_TSM_GMSG_MAX);
	struct teeio_tsm_ghdr h = {TEEIO_TSM_GMSG_VERSION, type, 0x0100, 7, payload};
	if (teeio_tsm_ghdr_encode(&h, &w) != TEEIO_OK)
		abort();
	memset(m + w.pos, 0, payload + TEEIO_TSM_GMSG_TAG_LEN);
	return w.pos + payload + TEEIO_TSM_GMSG_TAG_LEN;
}

TEST(header_round_trip_and_malformed)
{
	static uint8_t m[TEEIO_TSM_GMSG_MAX + 8];
	struct teeio_tsm_ghdr h;
	size_t n = build_hdr(m, 0x01, 4);
	CHECK_EQ(n, 24 + 4 + 16);
	CHECK_OK(teeio_tsm_ghdr_decode(m, n, &h));
	CHECK_EQ(h.type, 1);
	CHECK_EQ(h.function_id, 0x0100);
	CHECK_EQ(h.seq, 7);
	CHECK_EQ(h.payload_len, 4);
	/* truncated anywhere */
	for (size_t cut = 0; cut < n; cut++)
		CHECK_ERR(teeio_tsm_ghdr_decode(m, cut, &h), TEEIO_ERR_SIZE_TRUNCATED);
	/* trailing byte */
	CHECK_ERR(teeio_tsm_ghdr_decode(m, n + 1, &h), TEEIO_ERR_SIZE_TRAILING);
	/* version */
	m[0] = 2;
	CHECK_ERR(teeio_tsm_ghdr_decode(m, n, &h), TEEIO_ERR_PROTO_VERSION);
	m[0] = TEEIO_TSM_GMSG_VERSION;
	/* each reserved byte */
	const size_t reserved[] = {2, 3, 20, 21, 22, 23};
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(reserved); i++) {
		m[reserved[i]] = 1;
		CHECK_ERR(teeio_tsm_ghdr_decode(m, n, &h), TEEIO_ERR_PROTO_RESERVED);
		m[reserved[i]] = 0;
	}
	/* a length beyond the bound, whatever follows */
	n = build_hdr(m, 0x01, 0);
	teeio_store_u32le(m + 16, TEEIO_TSM_GBODY_MAX + 1);
	CHECK_ERR(teeio_tsm_ghdr_decode(m, n, &h), TEEIO_ERR_SIZE_LIMIT);
	/* the message itself beyond the bound */
	CHECK_ERR(teeio_tsm_ghdr_decode(m, TEEIO_TSM_GMSG_MAX + 1, &h), TEEIO_ERR_SIZE_LIMIT);
	/* the biggest legal one */
	n = build_hdr(m, 0x81, TEEIO_TSM_GBODY_MAX);
	CHECK_EQ(n, TEEIO_TSM_GMSG_MAX);
	CHECK_OK(teeio_tsm_ghdr_decode(m, n, &h));
}

/* ---- request bodies ----------------------------------------------------- */

TEST(request_bodies)
{
	uint8_t b[64];
	struct teeio_buf w;
	struct teeio_tsm_greq q, r;

	memset(&q, 0, sizeof(q));
	q.type = TEEIO_TSM_GREQ_VALIDATE_MMIO;
	q.u.validate.gpa = 0x1234567000ull;
	q.u.validate.pages = 3;
	w = teeio_buf_writer(b, sizeof(b));
	CHECK_OK(teeio_tsm_greq_encode(&q, &w));
	CHECK_EQ(w.pos, 16);
	CHECK_OK(teeio_tsm_greq_decode(q.type, b, w.pos, &r));
	CHECK_EQ(r.u.validate.gpa, q.u.validate.gpa);
	CHECK_EQ(r.u.validate.pages, 3);
	for (size_t cut = 0; cut < w.pos; cut++)
		CHECK_ERR(teeio_tsm_greq_decode(q.type, b, cut, &r), TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_ERR(teeio_tsm_greq_decode(q.type, b, w.pos + 1, &r), TEEIO_ERR_SIZE_TRAILING);
	b[12] = 1; /* reserved */
	CHECK_ERR(teeio_tsm_greq_decode(q.type, b, 16, &r), TEEIO_ERR_PROTO_RESERVED);
	b[12] = 0;
	teeio_store_u32le(b + 8, 0); /* zero pages */
	CHECK_ERR(teeio_tsm_greq_decode(q.type, b, 16, &r), TEEIO_ERR_PROTO);

	/* GET_REPORT: flags known, reserved zero */
	memset(b, 0, sizeof(b));
	b[0] = TEEIO_TSM_GR_CHAIN;
	CHECK_OK(teeio_tsm_greq_decode(TEEIO_TSM_GREQ_GET_REPORT, b, 4, &r));
	CHECK_EQ(r.u.get_report_flags, TEEIO_TSM_GR_CHAIN);
	b[0] = 0x02;
	CHECK_ERR(teeio_tsm_greq_decode(TEEIO_TSM_GREQ_GET_REPORT, b, 4, &r),
		  TEEIO_ERR_PROTO_RESERVED);
	b[0] = 0;
	b[3] = 1;
	CHECK_ERR(teeio_tsm_greq_decode(TEEIO_TSM_GREQ_GET_REPORT, b, 4, &r),
		  TEEIO_ERR_PROTO_RESERVED);
	q.type = TEEIO_TSM_GREQ_GET_REPORT;
	q.u.get_report_flags = 0x80;
	w = teeio_buf_writer(b, sizeof(b));
	CHECK_ERR(teeio_tsm_greq_encode(&q, &w), TEEIO_ERR_USAGE);

	/* ACCEPT / STOP: four reserved bytes */
	memset(b, 0, sizeof(b));
	CHECK_OK(teeio_tsm_greq_decode(TEEIO_TSM_GREQ_ACCEPT, b, 4, &r));
	CHECK_ERR(teeio_tsm_greq_decode(TEEIO_TSM_GREQ_STOP, b, 3, &r), TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_ERR(teeio_tsm_greq_decode(TEEIO_TSM_GREQ_STOP, b, 5, &r), TEEIO_ERR_SIZE_TRAILING);
	b[1] = 9;
	CHECK_ERR(teeio_tsm_greq_decode(TEEIO_TSM_GREQ_ACCEPT, b, 4, &r), TEEIO_ERR_PROTO_RESERVED);

	/* unknown and response types; vendor bodies are opaque */
	CHECK_ERR(teeio_tsm_greq_decode(0x05, b, 4, &r), TEEIO_ERR_PROTO_UNSUPPORTED);
	CHECK_ERR(teeio_tsm_greq_decode(0x81, b, 4, &r), TEEIO_ERR_PROTO_UNSUPPORTED);
	CHECK_ERR(teeio_tsm_greq_decode(0x00, b, 4, &r), TEEIO_ERR_PROTO_UNSUPPORTED);
	CHECK_OK(teeio_tsm_greq_decode(TEEIO_TSM_GREQ_VENDOR_LAST, b, 7, &r));
	CHECK_EQ(r.u.vendor.len, 7);
	q.type = 0x05;
	w = teeio_buf_writer(b, sizeof(b));
	CHECK_ERR(teeio_tsm_greq_encode(&q, &w), TEEIO_ERR_USAGE);
}

/* ---- response bodies ---------------------------------------------------- */

static size_t full_report(uint8_t *b, size_t cap)
{
	static const uint8_t dig[48] = {1, 2, 3}, rep[20] = {4}, meas[10] = {5}, chain[30] = {6};
	struct teeio_tsm_grsp s;
	struct teeio_buf w = teeio_buf_writer(b, cap);
	memset(&s, 0, sizeof(s));
	s.type = TEEIO_TSM_GREQ_GET_REPORT | TEEIO_TSM_GRSP_FLAG;
	s.tdi_state = TEEIO_TSM_TDI_BOUND;
	s.hash_alg = TEEIO_HASH_SHA384;
	s.spdm_version = 0x12;
	s.asym_alg = TEEIO_SIG_ECDSA_P384;
	s.dhe_alg = TEEIO_DHE_SECP384R1;
	s.aead_alg = TEEIO_AEAD_AES256_GCM;
	s.digest_len = 48;
	s.chain_digest = dig;
	s.mmio_reporting_offset = 0x1000000;
	s.n_mmio = 2;
	s.mmio[0] = (struct teeio_tsm_mmio_map){0x80000000, 0xC0000000, 16, 0, false};
	s.mmio[1] = (struct teeio_tsm_mmio_map){0x80010000, 0xC0100000, 1, 2, false};
	s.report = rep;
	s.report_len = sizeof(rep);
	s.meas = meas;
	s.meas_len = sizeof(meas);
	s.chain = chain;
	s.chain_len = sizeof(chain);
	if (teeio_tsm_grsp_encode(&s, &w) != TEEIO_OK)
		abort();
	return w.pos;
}

/* Offsets in full_report's encoding. */
#define R_DIGLEN 6
#define R_NMMIO 7
#define R_SPDM 8 /* SpdmVersion, AsymAlg, DheAlg, AeadAlg */
#define R_MMIO0 (12 + 48 + 8)
#define R_REPLEN (R_MMIO0 + 2 * 24)

TEST(response_bodies)
{
	uint8_t b[512];
	struct teeio_tsm_grsp r;
	const uint8_t t = TEEIO_TSM_GREQ_GET_REPORT | TEEIO_TSM_GRSP_FLAG;
	size_t n = full_report(b, sizeof(b));

	CHECK_EQ(n, R_REPLEN + 4 + 20 + 4 + 10 + 4 + 30);
	CHECK_OK(teeio_tsm_grsp_decode(t, b, n, &r));
	CHECK_EQ(r.status, TEEIO_TSM_GSTATUS_OK);
	CHECK_EQ(r.tdi_state, TEEIO_TSM_TDI_BOUND);
	CHECK_EQ(r.digest_len, 48);
	CHECK_EQ(r.n_mmio, 2);
	CHECK_EQ(r.mmio[1].gpa, 0x80010000);
	CHECK_EQ(r.mmio[1].range_id, 2);
	CHECK_EQ(r.report_len, 20);
	CHECK_EQ(r.chain_len, 30);
	CHECK_EQ(r.chain[0], 6);
	CHECK_EQ(r.spdm_version, 0x12);
	CHECK_EQ(r.asym_alg, TEEIO_SIG_ECDSA_P384);
	CHECK_EQ(r.dhe_alg, TEEIO_DHE_SECP384R1);
	CHECK_EQ(r.aead_alg, TEEIO_AEAD_AES256_GCM);
	for (size_t cut = 0; cut < n; cut++)
		CHECK(teeio_tsm_grsp_decode(t, b, cut, &r) == TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_ERR(teeio_tsm_grsp_decode(t, b, n + 1, &r), TEEIO_ERR_SIZE_TRAILING);
	/* inconsistent lengths */
	b[R_DIGLEN] = TEEIO_HASH_MAX + 1;
	CHECK_ERR(teeio_tsm_grsp_decode(t, b, n, &r), TEEIO_ERR_PROTO);
	b[R_DIGLEN] = 48;
	b[R_NMMIO] = TEEIO_TSM_TDI_MMIO_MAX + 1;
	CHECK_ERR(teeio_tsm_grsp_decode(t, b, n, &r), TEEIO_ERR_PROTO);
	b[R_NMMIO] = 2;
	teeio_store_u32le(b + R_REPLEN, 21); /* report one byte longer */
	CHECK(teeio_tsm_grsp_decode(t, b, n, &r) != TEEIO_OK);
	teeio_store_u32le(b + R_REPLEN, 20);
	teeio_store_u32le(b + R_MMIO0 + 16, 0); /* zero pages */
	CHECK_ERR(teeio_tsm_grsp_decode(t, b, n, &r), TEEIO_ERR_PROTO);
	teeio_store_u32le(b + R_MMIO0 + 16, 16);
	b[R_MMIO0 + 22] = 1; /* reserved in an MMIO entry */
	CHECK_ERR(teeio_tsm_grsp_decode(t, b, n, &r), TEEIO_ERR_PROTO_RESERVED);
	b[R_MMIO0 + 22] = 0;
	b[3] = 1; /* reserved after the measurement hash */
	CHECK_ERR(teeio_tsm_grsp_decode(t, b, n, &r), TEEIO_ERR_PROTO_RESERVED);
	b[3] = 0;
	b[2] = 9; /* measurement hash algorithm */
	CHECK_ERR(teeio_tsm_grsp_decode(t, b, n, &r), TEEIO_ERR_PROTO);
	b[2] = TEEIO_HASH_SHA256;
	CHECK_OK(teeio_tsm_grsp_decode(t, b, n, &r));
	CHECK_EQ(r.meas_hash_alg, TEEIO_HASH_SHA256);
	b[5] = 9; /* hash algorithm */
	CHECK_ERR(teeio_tsm_grsp_decode(t, b, n, &r), TEEIO_ERR_PROTO);
	b[5] = TEEIO_HASH_SHA384;
	b[4] = TEEIO_TSM_TDI_STATE_COUNT; /* TDI state */
	CHECK_ERR(teeio_tsm_grsp_decode(t, b, n, &r), TEEIO_ERR_PROTO);
	b[4] = TEEIO_TSM_TDI_BOUND;
	CHECK_OK(teeio_tsm_grsp_decode(t, b, n, &r));
	/* SPDM version: major 1 only */
	const uint8_t bad_ver[] = {0x01, 0x20, 0x0F, 0xFF};
	for (size_t i = 0; i < sizeof(bad_ver); i++) {
		b[R_SPDM] = bad_ver[i];
		CHECK_ERR(teeio_tsm_grsp_decode(t, b, n, &r), TEEIO_ERR_PROTO);
	}
	b[R_SPDM] = 0x13;
	CHECK_OK(teeio_tsm_grsp_decode(t, b, n, &r));
	/* each algorithm: NONE and past the enum's end refused */
	const uint8_t alg_end[3] = {TEEIO_SIG_ED448 + 1, TEEIO_DHE_SECP521R1 + 1,
				    TEEIO_AEAD_CHACHA20_POLY1305 + 1};
	for (size_t i = 0; i < 3; i++) {
		uint8_t keep = b[R_SPDM + 1 + i];
		b[R_SPDM + 1 + i] = 0;
		CHECK_ERR(teeio_tsm_grsp_decode(t, b, n, &r), TEEIO_ERR_PROTO);
		b[R_SPDM + 1 + i] = alg_end[i];
		CHECK_ERR(teeio_tsm_grsp_decode(t, b, n, &r), TEEIO_ERR_PROTO);
		b[R_SPDM + 1 + i] = keep;
	}
	/* version 0 (not known): the algorithms must be 0 too */
	b[R_SPDM] = 0;
	CHECK_ERR(teeio_tsm_grsp_decode(t, b, n, &r), TEEIO_ERR_PROTO_RESERVED);
	memset(b + R_SPDM, 0, 4);
	CHECK_OK(teeio_tsm_grsp_decode(t, b, n, &r));
	CHECK_EQ(r.spdm_version, 0);
	b[R_SPDM] = 0x12;
	b[R_SPDM + 1] = TEEIO_SIG_ECDSA_P384;
	b[R_SPDM + 2] = TEEIO_DHE_SECP384R1;
	b[R_SPDM + 3] = TEEIO_AEAD_AES256_GCM;
	CHECK_OK(teeio_tsm_grsp_decode(t, b, n, &r));

	/* the short form: no measurement hash, both bytes reserved */
	uint8_t s[9] = {TEEIO_TSM_GSTATUS_STATE, 0, 0, 0, TEEIO_TSM_TDI_RUN, 0, 0, 0, 0};
	s[2] = 1;
	CHECK_ERR(teeio_tsm_grsp_decode(t, s, 8, &r), TEEIO_ERR_PROTO_RESERVED);
	s[2] = 0;
	CHECK_OK(teeio_tsm_grsp_decode(t, s, 8, &r));
	CHECK_EQ(r.status, TEEIO_TSM_GSTATUS_STATE);
	CHECK_ERR(teeio_tsm_grsp_decode(t, s, 9, &r), TEEIO_ERR_SIZE_TRAILING);
	CHECK_ERR(teeio_tsm_grsp_decode(TEEIO_TSM_GREQ_ACCEPT | 0x80, s, 7, &r),
		  TEEIO_ERR_SIZE_TRUNCATED);
	s[6] = 1;
	CHECK_ERR(teeio_tsm_grsp_decode(TEEIO_TSM_GREQ_ACCEPT | 0x80, s, 8, &r),
		  TEEIO_ERR_PROTO_RESERVED);
	s[6] = 0;
	s[0] = TEEIO_TSM_GSTATUS_COUNT;
	CHECK_ERR(teeio_tsm_grsp_decode(TEEIO_TSM_GREQ_ACCEPT | 0x80, s, 8, &r), TEEIO_ERR_PROTO);
	s[0] = 0;
	/* an ACCEPT response never has a body */
	CHECK_ERR(teeio_tsm_grsp_decode(TEEIO_TSM_GREQ_ACCEPT | 0x80, s, 9, &r),
		  TEEIO_ERR_SIZE_TRAILING);
	/* a vendor response may */
	CHECK_OK(teeio_tsm_grsp_decode(TEEIO_TSM_GREQ_VENDOR_FIRST | 0x80, s, 9, &r));
	CHECK_EQ(r.vendor_len, 1);
	/* request types are not responses; unknown ones are refused */
	CHECK_ERR(teeio_tsm_grsp_decode(TEEIO_TSM_GREQ_ACCEPT, s, 8, &r), TEEIO_ERR_PROTO);
	CHECK_ERR(teeio_tsm_grsp_decode(0x85, s, 8, &r), TEEIO_ERR_PROTO_UNSUPPORTED);
}

/* ---- sealing ------------------------------------------------------------ */

struct pair {
	struct teeio_tsm_gchan guest, tsm;
	uint8_t msg[256], body[256];
	size_t len, blen;
};

static void pair_init(struct pair *p)
{
	memset(p, 0, sizeof(*p));
	if (teeio_tsm_gchan_init(&p->guest, ops(), false, tsm_fix_secret) != TEEIO_OK ||
	    teeio_tsm_gchan_init(&p->tsm, ops(), true, tsm_fix_secret) != TEEIO_OK)
		abort();
}

static void pair_fini(struct pair *p)
{
	teeio_tsm_gchan_free(&p->guest);
	teeio_tsm_gchan_free(&p->tsm);
}

static teeio_err guest_send(struct pair *p, const char *text)
{
	struct teeio_tsm_ghdr h = {0, TEEIO_TSM_GREQ_VENDOR_FIRST, 0x0100, 0, 0};
	return teeio_tsm_gchan_seal(&p->guest, &h, (const uint8_t *)text, strlen(text), p->msg,
				    sizeof(p->msg), &p->len);
}

/* The first VALIDATE_MMIO {Gpa 0x80000000, Pages 16} a guest sends for
 * InterfaceID 0x0100 under tsm_fix_secret, computed independently of teeio
 * (Python `cryptography`: HKDF-SHA-384 extract/expand with the channel's
 * salt and labels, AES-256-GCM). */
static const uint8_t kat_validate[56] = {
    0x01, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x9c, 0x96, 0x46, 0x87,
    0x35, 0x3a, 0xec, 0x7b, 0x3a, 0x8a, 0x76, 0xe1, 0x13, 0x73, 0x86, 0xe4, 0xc4, 0x93,
    0xf4, 0xd9, 0x61, 0xaa, 0xcc, 0x21, 0x98, 0x46, 0xd4, 0x87, 0xd8, 0xd0, 0x61, 0xfe,
};

TEST(known_answer_message)
{
	struct teeio_tsm_gchan g, t;
	struct teeio_tsm_greq q, r;
	struct teeio_tsm_ghdr h = {0, TEEIO_TSM_GREQ_VALIDATE_MMIO, 0x0100, 0, 0};
	uint8_t body[16], msg[64], plain[16];
	struct teeio_buf w = teeio_buf_writer(body, sizeof(body));
	size_t len = 0, plen = 0;

	memset(&q, 0, sizeof(q));
	q.type = TEEIO_TSM_GREQ_VALIDATE_MMIO;
	q.u.validate.gpa = 0x80000000;
	q.u.validate.pages = 16;
	CHECK_OK(teeio_tsm_greq_encode(&q, &w));
	CHECK_OK(teeio_tsm_gchan_init(&g, ops(), false, tsm_fix_secret));
	CHECK_OK(teeio_tsm_gchan_init(&t, ops(), true, tsm_fix_secret));
	CHECK_OK(teeio_tsm_gchan_seal(&g, &h, body, w.pos, msg, sizeof(msg), &len));
	CHECK_EQ(len, sizeof(kat_validate));
	CHECK_MEM(msg, kat_validate, sizeof(kat_validate));
	CHECK_OK(teeio_tsm_gchan_open(&t, kat_validate, sizeof(kat_validate), &h, plain,
				      sizeof(plain), &plen));
	CHECK_OK(teeio_tsm_greq_decode(h.type, plain, plen, &r));
	CHECK_EQ(r.u.validate.gpa, 0x80000000);
	teeio_tsm_gchan_free(&g);
	teeio_tsm_gchan_free(&t);
}

TEST(seal_open_round_trip)
{
	struct pair p;
	struct teeio_tsm_ghdr h;
	pair_init(&p);
	CHECK_OK(guest_send(&p, "hello tsm"));
	/* the body is not in the clear */
	CHECK(!contains(p.msg, p.len, "hello"));
	CHECK_OK(teeio_tsm_gchan_open(&p.tsm, p.msg, p.len, &h, p.body, sizeof(p.body), &p.blen));
	CHECK_EQ(p.blen, 9);
	CHECK_MEM(p.body, "hello tsm", 9);
	CHECK_EQ(h.seq, 1);
	/* the answer carries the request's number */
	struct teeio_tsm_ghdr a = {0, TEEIO_TSM_GREQ_VENDOR_FIRST | 0x80, 0x0100, h.seq, 0};
	CHECK_OK(teeio_tsm_gchan_seal(&p.tsm, &a, (const uint8_t *)"ok", 2, p.msg, sizeof(p.msg),
				      &p.len));
	CHECK_OK(teeio_tsm_gchan_open(&p.guest, p.msg, p.len, &h, p.body, sizeof(p.body), &p.blen));
	CHECK_MEM(p.body, "ok", 2);
	/* the same answer again: the guest wants a new request's number */
	CHECK_ERR(teeio_tsm_gchan_open(&p.guest, p.msg, p.len, &h, p.body, sizeof(p.body), &p.blen),
		  TEEIO_ERR_STATE);
	pair_fini(&p);
}

TEST(every_byte_is_protected)
{
	struct pair p;
	struct teeio_tsm_ghdr h;
	pair_init(&p);
	CHECK_OK(guest_send(&p, "validate this range"));
	for (size_t i = 0; i < p.len; i++) {
		p.msg[i] ^= 0x01;
		CHECK(teeio_tsm_gchan_open(&p.tsm, p.msg, p.len, &h, p.body, sizeof(p.body),
					   &p.blen) != TEEIO_OK);
		p.msg[i] ^= 0x01;
	}
	CHECK_EQ(p.tsm.rejected, p.len);
	CHECK_EQ(p.tsm.seq, 0); /* nothing accepted */
	CHECK_OK(teeio_tsm_gchan_open(&p.tsm, p.msg, p.len, &h, p.body, sizeof(p.body), &p.blen));
	pair_fini(&p);
}

TEST(replay_reorder_direction_and_keys)
{
	struct pair p;
	struct teeio_tsm_ghdr h;
	uint8_t first[256];
	size_t first_len;
	pair_init(&p);
	CHECK_OK(guest_send(&p, "one"));
	memcpy(first, p.msg, p.len);
	first_len = p.len;
	CHECK_OK(guest_send(&p, "two")); /* "one" never delivered (dropped) */
	CHECK_OK(teeio_tsm_gchan_open(&p.tsm, p.msg, p.len, &h, p.body, sizeof(p.body), &p.blen));
	CHECK_EQ(h.seq, 2);
	/* the older one arrives late: refused */
	CHECK_ERR(
	    teeio_tsm_gchan_open(&p.tsm, first, first_len, &h, p.body, sizeof(p.body), &p.blen),
	    TEEIO_ERR_STATE);
	/* "two" replayed: refused */
	CHECK_ERR(teeio_tsm_gchan_open(&p.tsm, p.msg, p.len, &h, p.body, sizeof(p.body), &p.blen),
		  TEEIO_ERR_STATE);
	/* a request reflected back to the guest is not a response */
	CHECK_ERR(teeio_tsm_gchan_open(&p.guest, p.msg, p.len, &h, p.body, sizeof(p.body), &p.blen),
		  TEEIO_ERR_PROTO);
	/* a response type sealed with the request key (the VMM flipping the
	 * type bit) fails to open */
	CHECK_OK(guest_send(&p, "three"));
	p.msg[1] |= 0x80;
	CHECK_ERR(teeio_tsm_gchan_open(&p.guest, p.msg, p.len, &h, p.body, sizeof(p.body), &p.blen),
		  TEEIO_ERR_CRYPTO_VERIFY);
	/* ends may only send their own kind */
	struct teeio_tsm_ghdr bad = {0, TEEIO_TSM_GREQ_ACCEPT, 0, 3, 0};
	CHECK_ERR(teeio_tsm_gchan_seal(&p.tsm, &bad, NULL, 0, p.msg, sizeof(p.msg), &p.len),
		  TEEIO_ERR_USAGE);
	bad.type |= 0x80;
	CHECK_ERR(teeio_tsm_gchan_seal(&p.guest, &bad, NULL, 0, p.msg, sizeof(p.msg), &p.len),
		  TEEIO_ERR_USAGE);
	/* another TVM's secret opens nothing */
	uint8_t other[TEEIO_TSM_TVM_SECRET_LEN];
	memcpy(other, tsm_fix_secret, sizeof(other));
	other[0] ^= 1;
	struct teeio_tsm_gchan o;
	CHECK_OK(teeio_tsm_gchan_init(&o, ops(), true, other));
	CHECK_OK(guest_send(&p, "four"));
	CHECK_ERR(teeio_tsm_gchan_open(&o, p.msg, p.len, &h, p.body, sizeof(p.body), &p.blen),
		  TEEIO_ERR_CRYPTO_VERIFY);
	teeio_tsm_gchan_free(&o);
	/* too small a body buffer */
	CHECK_ERR(teeio_tsm_gchan_open(&p.tsm, p.msg, p.len, &h, p.body, 3, &p.blen),
		  TEEIO_ERR_SIZE);
	/* out buffer too small to seal into */
	struct teeio_tsm_ghdr q = {0, TEEIO_TSM_GREQ_STOP, 0, 0, 0};
	CHECK_ERR(teeio_tsm_gchan_seal(&p.guest, &q, NULL, 0, p.msg, 39, &p.len), TEEIO_ERR_SIZE);
	CHECK_OK(teeio_tsm_gchan_seal(&p.guest, &q, NULL, 0, p.msg, 40, &p.len));
	pair_fini(&p);
	/* a freed channel seals nothing */
	CHECK_ERR(teeio_tsm_gchan_seal(&p.guest, &q, NULL, 0, p.msg, sizeof(p.msg), &p.len),
		  TEEIO_ERR_STATE);
}

/* ---- the TSM's handler -------------------------------------------------- */

TEST(handler_answers_with_status)
{
	struct tsm_fix *f = tsm_fix_new();
	struct teeio_tsm_greq q;
	struct teeio_tsm_grsp r;
	static uint8_t body[TEEIO_TSM_GMSG_MAX];
	unsigned tdi = 0;
	const uint8_t v[4] = {1, 2, 3, 4};

	CHECK_OK(teeio_tsm_connect(&f->tsm, f->dev));
	CHECK_OK(tsm_fix_bind(f, 0, &tdi));
	memset(&q, 0, sizeof(q));
	q.function_id = f->tsm.tdi[tdi].function_id;
	q.type = TEEIO_TSM_GREQ_GET_REPORT;
	CHECK_OK(tsm_fix_guest_call(f, &q, &r, body, sizeof(body)));
	CHECK_EQ(r.status, TEEIO_TSM_GSTATUS_OK);
	CHECK_EQ(r.report_len, 64);
	CHECK_EQ(r.meas_len, 40);
	CHECK_EQ(r.chain_len, 0); /* not asked for */
	CHECK_EQ(r.digest_len, 32);
	/* the negotiated SPDM version and algorithms the backend recorded */
	CHECK_EQ(r.spdm_version, 0x12);
	CHECK_EQ(r.asym_alg, TEEIO_SIG_ECDSA_P256);
	CHECK_EQ(r.dhe_alg, TEEIO_DHE_SECP256R1);
	CHECK_EQ(r.aead_alg, TEEIO_AEAD_AES256_GCM);
	q.u.get_report_flags = TEEIO_TSM_GR_CHAIN;
	CHECK_OK(tsm_fix_guest_call(f, &q, &r, body, sizeof(body)));
	CHECK_EQ(r.chain_len, 100);
	/* vendor: through the backend */
	q.type = TEEIO_TSM_GREQ_VENDOR_FIRST + 1;
	q.u.vendor.data = v;
	q.u.vendor.len = sizeof(v);
	CHECK_OK(tsm_fix_guest_call(f, &q, &r, body, sizeof(body)));
	CHECK_EQ(r.status, TEEIO_TSM_GSTATUS_OK);
	CHECK_EQ(r.vendor_len, 4);
	CHECK_EQ(r.vendor[0], 4);
	f->be.fail[TSM_FAKE_GUEST_REQUEST] = TEEIO_ERR_PROTO;
	CHECK_OK(tsm_fix_guest_call(f, &q, &r, body, sizeof(body)));
	CHECK_EQ(r.status, TEEIO_TSM_GSTATUS_DEVICE);
	/* accept failing in the backend: DEVICE, and the TDI in ERROR */
	CHECK_OK(teeio_tsm_guest_validate_mmio(&f->tsm, 1, tdi, f->tsm.tdi[tdi].mmio[0].gpa, 1));
	f->be.fail[TSM_FAKE_ACCEPT] = TEEIO_ERR_PROTO_PEER_ERROR;
	memset(&q, 0, sizeof(q));
	q.function_id = f->tsm.tdi[tdi].function_id;
	q.type = TEEIO_TSM_GREQ_ACCEPT;
	CHECK_OK(tsm_fix_guest_call(f, &q, &r, body, sizeof(body)));
	CHECK_EQ(r.status, TEEIO_TSM_GSTATUS_DEVICE);
	CHECK_EQ(r.tdi_state, TEEIO_TSM_TDI_ERROR);
	/* a TDI nobody bound */
	q.function_id = 0x0fff;
	CHECK_OK(tsm_fix_guest_call(f, &q, &r, body, sizeof(body)));
	CHECK_EQ(r.status, TEEIO_TSM_GSTATUS_NO_TDI);
	tsm_fix_free(f);
}

TEST(handler_refuses_what_does_not_open)
{
	struct tsm_fix *f = tsm_fix_new();
	uint8_t msg[128], out[256];
	struct teeio_buf o = teeio_buf_writer(out, sizeof(out));
	struct teeio_tsm_ghdr h = {0, TEEIO_TSM_GREQ_STOP, 0x0100, 0, 0};
	size_t len = 0;
	const uint8_t zero[4] = {0};

	CHECK_OK(teeio_tsm_gchan_seal(&f->guest, &h, zero, 4, msg, sizeof(msg), &len));
	/* unknown TVMs */
	CHECK_ERR(teeio_tsm_guest_handler(&f->tsm, 2, msg, len, &o), TEEIO_ERR_USAGE_NOT_FOUND);
	CHECK_ERR(teeio_tsm_guest_handler(&f->tsm, 0, msg, len, &o), TEEIO_ERR_USAGE_NOT_FOUND);
	/* a forged one: no answer at all */
	msg[len - 1] ^= 1;
	CHECK_ERR(teeio_tsm_guest_handler(&f->tsm, 1, msg, len, &o), TEEIO_ERR_CRYPTO_VERIFY);
	CHECK_EQ(o.pos, 0);
	msg[len - 1] ^= 1;
	/* an unknown request type that opens: INVALID_REQUEST */
	h.type = 0x3f;
	CHECK_OK(teeio_tsm_gchan_seal(&f->guest, &h, zero, 4, msg, sizeof(msg), &len));
	CHECK_OK(teeio_tsm_guest_handler(&f->tsm, 1, msg, len, &o));
	struct teeio_tsm_ghdr rh;
	uint8_t body[64];
	size_t blen = 0;
	CHECK_OK(teeio_tsm_gchan_open(&f->guest, out, o.pos, &rh, body, sizeof(body), &blen));
	CHECK_EQ(rh.type, 0xbf);
	CHECK_EQ(teeio_load_u16le(body), TEEIO_TSM_GSTATUS_INVALID_REQUEST);
	/* a malformed body that opens: INVALID_REQUEST too */
	h.type = TEEIO_TSM_GREQ_VALIDATE_MMIO;
	o = teeio_buf_writer(out, sizeof(out));
	CHECK_OK(teeio_tsm_gchan_seal(&f->guest, &h, zero, 4, msg, sizeof(msg), &len));
	CHECK_OK(teeio_tsm_guest_handler(&f->tsm, 1, msg, len, &o));
	CHECK_OK(teeio_tsm_gchan_open(&f->guest, out, o.pos, &rh, body, sizeof(body), &blen));
	CHECK_EQ(teeio_load_u16le(body), TEEIO_TSM_GSTATUS_INVALID_REQUEST);
	/* no room for the answer */
	o = teeio_buf_writer(out, 20);
	CHECK_OK(teeio_tsm_gchan_seal(&f->guest, &h, zero, 4, msg, sizeof(msg), &len));
	CHECK_ERR(teeio_tsm_guest_handler(&f->tsm, 1, msg, len, &o), TEEIO_ERR_SIZE);
	tsm_fix_free(f);
}

int main(void)
{
	RUN(header_round_trip_and_malformed);
	RUN(request_bodies);
	RUN(response_bodies);
	RUN(known_answer_message);
	RUN(seal_open_round_trip);
	RUN(every_byte_is_protected);
	RUN(replay_reorder_direction_and_keys);
	RUN(handler_answers_with_status);
	RUN(handler_refuses_what_does_not_open);
	return test_summary();
}
