/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Requester large-message handling against a scripted responder:
 * ERROR(LargeResponse) + CHUNK_GET reassembly, CHUNK_SEND of a request
 * larger than the responder's DataTransferSize, every CHUNK_RESPONSE /
 * CHUNK_SEND_ACK field spoiled, and DOE trailing padding.
 */
#include "test.h"
#include "support/spdm_req.h"

#include "spdm/wire.h"

#include <string.h>

#define V TEEIO_SPDM_V13
#define H 48 /* SHA-384 */
#define HANDLE 7

static const uint32_t caps = TEEIO_SPDM_CAP_CERT | TEEIO_SPDM_CAP_CHAL | TEEIO_SPDM_CAP_MEAS_SIG |
			     TEEIO_SPDM_CAP_ENCRYPT | TEEIO_SPDM_CAP_MAC | TEEIO_SPDM_CAP_KEY_EX |
			     TEEIO_SPDM_CAP_CHUNK;

struct fx {
	struct teeio_spdm_req_config cfg;
	struct teeio_spdm_req req;
	struct spdm_peer_script script;
	struct spdm_peer_step steps[SPDM_PEER_STEPS_MAX];
	uint8_t msgs[SPDM_PEER_STEPS_MAX][256];
};

static struct fx f;

static void add(const uint8_t *m, size_t n)
{
	size_t i = f.script.n_steps++;
	memcpy(f.msgs[i], m, n);
	f.steps[i].rsp = f.msgs[i];
	f.steps[i].len = n;
}

/* Fresh fixture with a good VCA scripted (DataTransferSize `dts`,
 * responder capabilities `c`). */
static void setup(uint32_t c, uint32_t dts)
{
	uint8_t m[128];
	struct spdm_algs a;
	static const uint8_t vers[] = {V};

	memset(&f, 0, sizeof(f));
	teeio_spdm_req_config_default(&f.cfg, teeio_crypto_openssl());
	f.script.steps = f.steps;
	spdm_algs_default(&a, V);
	add(m, spdm_mk_version(m, vers, 1));
	add(m, spdm_mk_caps(m, V, c, dts, 8192));
	add(m, spdm_mk_algs(m, &a));
}

static teeio_err start(void)
{
	struct teeio_spdm_io io = spdm_peer_script_io(&f.script);
	TRY(teeio_spdm_req_init(&f.req, &f.cfg, &io));
	return teeio_spdm_req_vca(&f.req);
}

/* The DIGESTS answer the chunks carry: slot 0 only. */
static size_t digests(uint8_t *o)
{
	o[0] = V;
	o[1] = SPDM_DIGESTS;
	o[2] = 0x01;
	o[3] = 0x01;
	memset(o + 4, 0x5C, H);
	return 4 + H;
}

static void add_large_response(void)
{
	const uint8_t e[] = {V, SPDM_ERROR, SPDM_ERR_LARGE_RESPONSE, 0, HANDLE};
	add(e, sizeof(e));
}

/* One CHUNK_RESPONSE carrying msg[off, off+len). */
static void add_chunk(const uint8_t *msg, size_t total, size_t off, size_t len, uint16_t seq,
		      bool last, uint8_t handle)
{
	uint8_t m[256];
	size_t p = 0;
	m[p++] = V;
	m[p++] = SPDM_CHUNK_RESPONSE;
	m[p++] = last ? SPDM_CHUNK_RSP_LAST : 0;
	m[p++] = handle;
	teeio_store_u16le(m + p, seq);
	p += 2;
	m[p++] = 0;
	m[p++] = 0;
	teeio_store_u32le(m + p, (uint32_t)len);
	p += 4;
	if (seq == 0) {
		teeio_store_u32le(m + p, (uint32_t)total);
		p += 4;
	}
	memcpy(m + p, msg + off, len);
	add(m, p + len);
}

TEST(chunk_get_reassembles)
{
	uint8_t d[64], mask = 0;
	size_t n = digests(d);

	setup(caps, 4096);
	add_large_response();
	add_chunk(d, n, 0, 20, 0, false, HANDLE);
	add_chunk(d, n, 20, n - 20, 1, true, HANDLE);
	CHECK_OK(start());
	CHECK_OK(teeio_spdm_req_digests(&f.req, &mask));
	CHECK_EQ(mask, 1);
	/* The last request was CHUNK_GET(handle, seq 1). */
	CHECK_EQ(f.script.last_req_len, 6);
	CHECK_EQ(f.script.last_req[1], SPDM_CHUNK_GET);
	CHECK_EQ(f.script.last_req[3], HANDLE);
	CHECK_EQ(teeio_load_u16le(f.script.last_req + 4), 1);
	teeio_spdm_req_free(&f.req);
}

/* A spoiled CHUNK_RESPONSE sequence and the error it must give. */
struct bad_chunk {
	const char *name;
	uint8_t handle1; /* handle of the second chunk                 */
	uint16_t seq1; /* its sequence number                        */
	size_t len0; /* bytes in the first chunk                   */
	int extra; /* bytes claimed beyond the message (chunk 1) */
	bool last0; /* first chunk flagged last                   */
	uint8_t poke_at; /* byte of chunk 0 to set (0: none)           */
	uint8_t poke_val;
	teeio_err want;
};

static const struct bad_chunk bad[] = {
    {"wrong handle", HANDLE + 1, 1, 20, 0, false, 0, 0, TEEIO_ERR_PROTO},
    {"wrong seq", HANDLE, 2, 20, 0, false, 0, 0, TEEIO_ERR_PROTO},
    {"short last", HANDLE, 1, 20, 0, true, 0, 0, TEEIO_ERR_PROTO},
    {"overlong", HANDLE, 1, 20, 4, false, 0, 0, TEEIO_ERR_PROTO},
    {"attr reserved", HANDLE, 1, 20, 0, false, 2, 0x80, TEEIO_ERR_PROTO_RESERVED},
    {"reserved field", HANDLE, 1, 20, 0, false, 6, 1, TEEIO_ERR_PROTO_RESERVED},
    {"size zero", HANDLE, 1, 20, 0, false, 8, 0, TEEIO_ERR_PROTO},
    {"huge message", HANDLE, 1, 20, 0, false, 14, 0x7F, TEEIO_ERR_SIZE_LIMIT},
    {"version", HANDLE, 1, 20, 0, false, 0x80, 0, TEEIO_ERR_PROTO_VERSION},
};

TEST(chunk_get_malformed)
{
	uint8_t d[64];
	size_t n = digests(d);

	for (size_t i = 0; i < TEEIO_ARRAY_LEN(bad); i++) {
		const struct bad_chunk *b = &bad[i];
		setup(caps, 4096);
		add_large_response();
		add_chunk(d, n, 0, b->len0, 0, b->last0, HANDLE);
		if (b->poke_at == 0x80) {
			f.msgs[f.script.n_steps - 1][0] = TEEIO_SPDM_V12;
		} else if (b->poke_at) {
			f.msgs[f.script.n_steps - 1][b->poke_at] = b->poke_val;
			if (b->poke_at == 8) /* ChunkSize 0 */
				memset(f.msgs[f.script.n_steps - 1] + 8, 0, 4);
		}
		uint8_t big[128];
		memcpy(big, d, n);
		memset(big + n, 0, sizeof(big) - n);
		add_chunk(big, n, b->len0, n - b->len0 + (size_t)b->extra, b->seq1, true,
			  b->handle1);
		CHECK_OK(start());
		teeio_err e = teeio_spdm_req_digests(&f.req, NULL);
		if (e != b->want)
			test_fail(__FILE__, __LINE__, "%s: got %s want %s", b->name,
				  teeio_err_str(e), teeio_err_str(b->want));
		teeio_spdm_req_free(&f.req);
	}
}

TEST(chunk_get_error_and_capability)
{
	uint8_t code = 0;
	const uint8_t err[] = {V, SPDM_ERROR, SPDM_ERR_INVALID_REQUEST, 0};

	/* The responder gives up in the middle: its ERROR is kept. */
	setup(caps, 4096);
	add_large_response();
	add(err, sizeof(err));
	CHECK_OK(start());
	CHECK_ERR(teeio_spdm_req_digests(&f.req, NULL), TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK(teeio_spdm_req_peer_error(&f.req, &code, NULL));
	CHECK_EQ(code, SPDM_ERR_INVALID_REQUEST);
	teeio_spdm_req_free(&f.req);

	/* LargeResponse from a responder without CHUNK_CAP. */
	setup(caps & ~TEEIO_SPDM_CAP_CHUNK, 4096);
	add_large_response();
	CHECK_OK(start());
	CHECK_ERR(teeio_spdm_req_digests(&f.req, NULL), TEEIO_ERR_PROTO_UNSUPPORTED);
	teeio_spdm_req_free(&f.req);

	/* LargeResponse without its handle. */
	setup(caps, 4096);
	const uint8_t no_handle[] = {V, SPDM_ERROR, SPDM_ERR_LARGE_RESPONSE, 0};
	add(no_handle, sizeof(no_handle));
	CHECK_OK(start());
	CHECK_ERR(teeio_spdm_req_digests(&f.req, NULL), TEEIO_ERR_PROTO);
	teeio_spdm_req_free(&f.req);
}

/* CHUNK_SEND_ACK for `seq`, optionally followed by `rsp`. */
static void add_ack(uint16_t seq, uint8_t attr, uint8_t handle, const uint8_t *rsp, size_t n)
{
	uint8_t m[256] = {V, SPDM_CHUNK_SEND_ACK, attr, handle};
	teeio_store_u16le(m + 4, seq);
	if (n)
		memcpy(m + 6, rsp, n);
	add(m, 6 + n);
}

static teeio_err send_vendor(uint8_t *out, size_t *out_len)
{
	uint8_t payload[100];
	static const uint8_t vid[2] = {0x01, 0x00};
	for (size_t i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)i;
	return teeio_spdm_req_vendor(&f.req, 0, 3, vid, 2, payload, sizeof(payload), out, 64,
				     out_len);
}

TEST(chunk_send_splits_and_collects)
{
	/* Request: 4 + 2 + 1 + 2 + 2 + 100 = 111 bytes; responder
	 * DataTransferSize 48: chunk 0 carries 32, then 36, 36, 7. */
	const uint8_t vrsp[] = {
	    V, SPDM_VENDOR_DEFINED_RESPONSE, 0, 0, 3, 0, 2, 0x01, 0x00, 2, 0, 0xAB, 0xCD};
	uint8_t out[64];
	size_t out_len = 0;

	setup(caps, 48);
	for (uint16_t s = 0; s < 3; s++)
		add_ack(s, 0, 1, NULL, 0);
	add_ack(3, 0, 1, vrsp, sizeof(vrsp));
	CHECK_OK(start());
	CHECK_OK(send_vendor(out, &out_len));
	CHECK_EQ(out_len, 2);
	CHECK_EQ(out[0], 0xAB);
	/* The last CHUNK_SEND: LastChunk, seq 3, 7 bytes of payload. */
	const uint8_t *q = f.script.last_req;
	CHECK_EQ(q[1], SPDM_CHUNK_SEND);
	CHECK_EQ(q[2], SPDM_CHUNK_SEND_LAST);
	CHECK_EQ(teeio_load_u16le(q + 4), 3);
	CHECK_EQ(teeio_load_u32le(q + 8), 7);
	CHECK_EQ(f.script.last_req_len, 12 + 7);
	teeio_spdm_req_free(&f.req);

	/* Wrong sequence number in an ACK. */
	setup(caps, 48);
	add_ack(1, 0, 1, NULL, 0);
	CHECK_OK(start());
	CHECK_ERR(send_vendor(out, &out_len), TEEIO_ERR_PROTO);
	teeio_spdm_req_free(&f.req);

	/* Early error: the ACK carries an ERROR. */
	const uint8_t err[] = {V, SPDM_ERROR, SPDM_ERR_REQUEST_TOO_LARGE, 0};
	setup(caps, 48);
	add_ack(0, SPDM_CHUNK_ACK_EARLY_ERROR, 1, err, sizeof(err));
	CHECK_OK(start());
	CHECK_ERR(send_vendor(out, &out_len), TEEIO_ERR_PROTO_PEER_ERROR);
	teeio_spdm_req_free(&f.req);

	/* Early error flag without an ERROR behind it. */
	setup(caps, 48);
	add_ack(0, SPDM_CHUNK_ACK_EARLY_ERROR, 1, vrsp, sizeof(vrsp));
	CHECK_OK(start());
	CHECK_ERR(send_vendor(out, &out_len), TEEIO_ERR_PROTO);
	teeio_spdm_req_free(&f.req);

	/* A responder without CHUNK_CAP cannot take the request. */
	setup(caps & ~TEEIO_SPDM_CAP_CHUNK, 48);
	CHECK_OK(start());
	CHECK_ERR(send_vendor(out, &out_len), TEEIO_ERR_SIZE_LIMIT);
	teeio_spdm_req_free(&f.req);
}

TEST(doe_padding)
{
	uint8_t m[128];
	static const uint8_t vers[] = {V};
	size_t n;

	/* Up to max_pad zero bytes after a response are DOE padding. */
	for (int pad = 0; pad <= 4; pad++) {
		for (int nonzero = 0; nonzero <= 1; nonzero++) {
			memset(&f, 0, sizeof(f));
			teeio_spdm_req_config_default(&f.cfg, teeio_crypto_openssl());
			f.cfg.max_pad = 3;
			f.script.steps = f.steps;
			n = spdm_mk_version(m, vers, 1);
			memset(m + n, 0, 4);
			if (nonzero && pad)
				m[n + pad - 1] = 1;
			add(m, n + (size_t)pad);
			struct teeio_spdm_io io = spdm_peer_script_io(&f.script);
			CHECK_OK(teeio_spdm_req_init(&f.req, &f.cfg, &io));
			teeio_err e = teeio_spdm_req_vca(&f.req);
			/* Accepted: VERSION decoded, then the script ran dry. */
			teeio_err want = (pad <= 3 && !(nonzero && pad))
					     ? TEEIO_ERR_TRANSPORT_CLOSED
					     : TEEIO_ERR_SIZE_TRAILING;
			CHECK_ERR(e, want);
			teeio_spdm_req_free(&f.req);
		}
	}
}

int main(void)
{
	RUN(chunk_get_reassembles);
	RUN(chunk_get_malformed);
	RUN(chunk_get_error_and_capability);
	RUN(chunk_send_splits_and_collects);
	RUN(doe_padding);
	return test_summary();
}
