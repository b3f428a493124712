/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Responder: vendor-defined messages (registry, session requirement,
 * malformed), CHUNK_SEND reassembly of a large request, and a walk over
 * every request code in every early connection state.
 */
#include <string.h>

#include "support/spdm_fixture.h"
#include "test.h"

static struct spdm_fixture fx;
static struct teeio_spdm_rsp rsp;
static uint8_t out[TEEIO_SPDM_MAX_MSG];
static size_t out_len;
static size_t last_req_len;

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

/* Echo handler: responds with the request payload reversed. */
static teeio_err echo(void *ctx, const struct teeio_spdm_vendor_session *s, const uint8_t *req,
		      size_t req_len, uint8_t *rsp_buf, size_t *rsp_len)
{
	(void)ctx;
	(void)s;
	last_req_len = req_len;
	if (req_len > 64)
		req_len = 64; /* answer small even for a large request */
	ENSURE(*rsp_len >= req_len, TEEIO_ERR_SIZE);
	for (size_t i = 0; i < req_len; i++)
		rsp_buf[i] = req[req_len - 1 - i];
	*rsp_len = req_len;
	return TEEIO_OK;
}

static size_t vendor_req(uint8_t *m, uint8_t proto, const uint8_t *p, size_t n)
{
	size_t k = spdm_msg_simple(m, 0x12, 0xFE, 0, 0);
	teeio_store_u16le(m + k, 3);
	m[k + 2] = 2;
	m[k + 3] = 0x01;
	m[k + 4] = 0x00;
	teeio_store_u16le(m + k + 5, (uint16_t)(n + 1));
	m[k + 7] = proto;
	memcpy(m + k + 8, p, n);
	return k + 8 + n;
}

static struct teeio_spdm_vendor_handler handlers[2] = {
    {TEEIO_SPDM_VENDOR_STD_PCISIG, {0x01, 0x00}, 2, TEEIO_SPDM_PCI_PROTO_IDE_KM, true, echo, NULL},
    {TEEIO_SPDM_VENDOR_STD_PCISIG, {0x01, 0x00}, 2, 0x7E, false, echo, NULL},
};

static void start(void)
{
	fx.cfg.vendor = handlers;
	fx.cfg.n_vendor = 2;
	CHECK_OK(teeio_spdm_rsp_init(&rsp, &fx.cfg));
	CHECK(spdm_do_vca(&rsp, 0x12, 1u << 7, 0x2));
}

TEST(vendor_defined)
{
	uint8_t req[64], p[3] = {1, 2, 3};
	size_t n;

	start();
	n = vendor_req(req, 0x7E, p, 3);
	send(req, n);
	CHECK_EQ(out[1], 0x7E);
	static const uint8_t want[] = {0x12, 0x7E, 0, 0, 3, 0, 2, 1, 0, 4, 0, 0x7E, 3, 2, 1};
	CHECK_EQ(out_len, sizeof(want));
	CHECK_MEM(out, want, sizeof(want));
	/* IDE_KM needs a session. */
	send(req, vendor_req(req, 0, p, 3));
	expect_error(0x0B);
	/* Unknown protocol / standard. */
	send(req, vendor_req(req, 5, p, 3));
	expect_error(0x07);
	n = vendor_req(req, 0x7E, p, 3);
	req[4] = 4;
	send(req, n);
	expect_error(0x07);
	/* Malformed: truncated payload, length beyond, reserved params. */
	n = vendor_req(req, 0x7E, p, 3);
	send(req, n - 1);
	expect_error(0x01);
	req[n] = 9;
	send(req, n + 1);
	expect_error(0x01);
	req[2] = 1;
	send(req, n);
	expect_error(0x01);
	teeio_spdm_rsp_free(&rsp);
}

TEST(chunk_send_large_request)
{
	static uint8_t big[6100];
	uint8_t p[5990], req[TEEIO_SPDM_MAX_MSG];

	start();
	for (size_t i = 0; i < sizeof(p); i++)
		p[i] = (uint8_t)i;
	size_t total = vendor_req(big, 0x7E, p, sizeof(p));
	size_t off = 0;
	uint16_t seq = 0;
	while (off < total) {
		size_t n = total - off > 3000 ? 3000 : total - off;
		bool last = off + n == total;
		size_t k = spdm_msg_simple(req, 0x12, 0x85, last ? 1 : 0, 0x42);
		teeio_store_u16le(req + k, seq);
		teeio_store_u16le(req + k + 2, 0);
		teeio_store_u32le(req + k + 4, (uint32_t)n);
		k += 8;
		if (seq == 0) {
			teeio_store_u32le(req + k, (uint32_t)total);
			k += 4;
		}
		memcpy(req + k, big + off, n);
		send(req, k + n);
		CHECK_EQ(out[1], 0x05);
		CHECK_EQ(out[3], 0x42);
		CHECK_EQ(teeio_load_u16le(out + 4), seq);
		off += n;
		seq++;
		if (last) {
			/* The ACK carries the VENDOR_DEFINED_RESPONSE. */
			CHECK_EQ(out[6 + 1], 0x7E);
			CHECK_EQ(last_req_len, sizeof(p));
			CHECK_EQ(out_len, 6 + 11 + 1 + 64);
		}
	}
	/* Out-of-sequence chunk: InvalidRequest. */
	size_t k = spdm_msg_simple(req, 0x12, 0x85, 0, 0x43);
	teeio_store_u16le(req + k, 1);
	teeio_store_u16le(req + k + 2, 0);
	teeio_store_u32le(req + k + 4, 1);
	req[k + 8] = 0;
	send(req, k + 9);
	expect_error(0x01);
	/* A first chunk that would fit in one message is not a large message. */
	k = spdm_msg_simple(req, 0x12, 0x85, 1, 0x44);
	teeio_store_u16le(req + k, 0);
	teeio_store_u16le(req + k + 2, 0);
	teeio_store_u32le(req + k + 4, 4);
	teeio_store_u32le(req + k + 8, 4);
	memcpy(req + k + 12, "\x12\xE8\0\0", 4);
	send(req, k + 16);
	expect_error(0x01);
	teeio_spdm_rsp_free(&rsp);
}

/* Every request code in NOT_STARTED and AFTER_VERSION: only GET_VERSION
 * (and GET_CAPABILITIES after VERSION) succeed; known codes are
 * UnexpectedRequest, unknown ones UnsupportedRequest. */
TEST(dispatch_walk_early_states)
{
	uint8_t req[4];

	fx.cfg.vendor = NULL;
	fx.cfg.n_vendor = 0;
	for (int state = 0; state < 2; state++) {
		for (unsigned code = 0; code < 256; code++) {
			CHECK_OK(teeio_spdm_rsp_init(&rsp, &fx.cfg));
			if (state == 1)
				send(req, spdm_msg_get_version(req));
			uint8_t ver = code == 0x84 ? 0x10 : 0x12;
			send(req, spdm_msg_simple(req, ver, (uint8_t)code, 0, 0));
			bool known = code == 0x81 || code == 0x82 || code == 0x83 || code == 0x84 ||
				     code == 0x85 || code == 0x86 || code == 0xE0 || code == 0xE1 ||
				     code == 0xE3 || code == 0xE4 || code == 0xE5 || code == 0xE8 ||
				     code == 0xE9 || code == 0xEC || code == 0xFE || code == 0xFF;
			if (code == 0x84) {
				CHECK_EQ(out[1], 0x04);
			} else if (!known) {
				expect_error(0x07);
			} else if (code == 0xE1 && state == 1) {
				expect_error(0x01); /* 1.2 GET_CAPABILITIES needs its body */
			} else {
				expect_error(0x04);
			}
			teeio_spdm_rsp_free(&rsp);
		}
	}
}

/* Every request code, header only, after VCA (plain): unknown codes are
 * UnsupportedRequest, session-only ones SessionRequired, FINISH
 * UnexpectedRequest, and nothing crashes or stays silent. */
TEST(dispatch_walk_negotiated)
{
	uint8_t req[4];

	fx.cfg.vendor = NULL;
	fx.cfg.n_vendor = 0;
	CHECK_OK(teeio_spdm_rsp_init(&rsp, &fx.cfg));
	for (unsigned code = 0; code < 256; code++) {
		if (code == 0x84)
			continue; /* GET_VERSION would reset; covered elsewhere */
		CHECK(spdm_do_vca(&rsp, 0x12, 1u << 7, 0x2));
		send(req, spdm_msg_simple(req, 0x12, (uint8_t)code, 0, 0));
		CHECK(out_len >= 4);
		if (code < 0x80) {
			expect_error(0x07); /* responses are not requests */
		} else if (code == 0xE8 || code == 0xE9 || code == 0xEC) {
			expect_error(0x0B);
		} else if (code == 0xE5 || code == 0xE1 || code == 0xE3 || code == 0xFF ||
			   code == 0x86) {
			expect_error(code == 0x86 ? 0x01 : 0x04);
		} else if (code == 0x81) {
			CHECK_EQ(out[1], 0x01);
		} else if (code == 0xE0) {
			CHECK_EQ(out[1], 0x60);
		} else if (code == 0x82 || code == 0x83 || code == 0xE4 || code == 0xFE ||
			   code == 0x85) {
			expect_error(0x01); /* bodies missing */
		} else {
			expect_error(0x07);
			CHECK_EQ(out[3], code);
		}
	}
	teeio_spdm_rsp_free(&rsp);
}

TEST(tiny_output_buffer)
{
	uint8_t req[4], small[8];
	size_t n = 3;

	CHECK_OK(teeio_spdm_rsp_init(&rsp, &fx.cfg));
	CHECK_ERR(teeio_spdm_rsp_handle(&rsp, req, spdm_msg_get_version(req), 0, small, &n),
		  TEEIO_ERR_SIZE);
	/* VERSION (10 bytes) does not fit 8: ResponseTooLarge instead. */
	n = sizeof(small);
	CHECK_OK(teeio_spdm_rsp_handle(&rsp, req, spdm_msg_get_version(req), 0, small, &n));
	CHECK_EQ(n, 4);
	CHECK_EQ(small[1], 0x7F);
	CHECK_EQ(small[2], 0x0D);
	CHECK_ERR(teeio_spdm_rsp_handle(&rsp, NULL, 4, 0, small, &n), TEEIO_ERR_USAGE);
	teeio_spdm_rsp_free(&rsp);
}

int main(void)
{
	if (spdm_fixture_init(&fx, TEEIO_SIG_ECDSA_P384) != TEEIO_OK) {
		fprintf(stderr, "fixture failed\n");
		return 1;
	}
	RUN(vendor_defined);
	RUN(chunk_send_large_request);
	RUN(dispatch_walk_early_states);
	RUN(dispatch_walk_negotiated);
	RUN(tiny_output_buffer);
	spdm_fixture_free(&fx);
	return test_summary();
}
