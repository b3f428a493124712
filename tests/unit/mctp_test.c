/* SPDX-License-Identifier: BSD-3-Clause */
/* transport/: MCTP message binding, the MCTP/NONE transport binding, MCTP
 * packets, fragmentation and reassembly. */
#include "teeio/transport.h"
#include "test.h"

TEST(mctp_message_round_trip)
{
	const uint8_t spdm[4] = {0x10, 0x84, 0x00, 0x00}; /* GET_VERSION */
	uint8_t out[8];
	struct teeio_buf w = teeio_buf_writer(out, sizeof(out));
	CHECK_OK(teeio_mctp_encode(&w, TEEIO_MCTP_TYPE_SPDM, spdm, 4));
	CHECK_EQ(w.pos, 5);
	CHECK_EQ(out[0], 0x05);
	CHECK_MEM(out + 1, spdm, 4);
	uint8_t type;
	const uint8_t *m;
	size_t n;
	CHECK_OK(teeio_mctp_decode(out, 5, &type, &m, &n));
	CHECK_EQ(type, 0x05);
	CHECK_EQ(n, 4);
	CHECK(m == out + 1);
	CHECK_ERR(teeio_mctp_decode(out, 0, &type, &m, &n), TEEIO_ERR_SIZE_TRUNCATED);
	w = teeio_buf_writer(out, 4);
	CHECK_ERR(teeio_mctp_encode(&w, TEEIO_MCTP_TYPE_SPDM, spdm, 4), TEEIO_ERR_SIZE);
	CHECK_EQ(w.pos, 0);
}

TEST(binding_mctp_round_trip)
{
	const uint8_t sec[6] = {0xff, 0xff, 0xfe, 0xff, 0x01, 0x02};
	uint8_t out[16];
	struct teeio_buf w = teeio_buf_writer(out, sizeof(out));
	CHECK_OK(teeio_trans_encode(TEEIO_TRANS_MCTP, true, sec, sizeof(sec), &w));
	CHECK_EQ(w.pos, 7);
	CHECK_EQ(out[0], 0x06);
	bool secured = false;
	const uint8_t *m;
	size_t n;
	CHECK_OK(teeio_trans_decode(TEEIO_TRANS_MCTP, out, w.pos, &secured, &m, &n));
	CHECK(secured);
	CHECK_EQ(n, 6); /* MCTP keeps the exact length */
	CHECK_MEM(m, sec, 6);
	CHECK_EQ(teeio_trans_header_len(TEEIO_TRANS_MCTP), 1);

	w = teeio_buf_writer(out, sizeof(out));
	CHECK_OK(teeio_trans_encode(TEEIO_TRANS_MCTP, false, sec, 3, &w));
	CHECK_EQ(out[0], 0x05);
	CHECK_OK(teeio_trans_decode(TEEIO_TRANS_MCTP, out, w.pos, &secured, &m, &n));
	CHECK(!secured);
	CHECK_EQ(n, 3);
}

TEST(binding_mctp_rejects_malformed)
{
	uint8_t in[8] = {0x05, 0x10, 0x84, 0, 0};
	bool s;
	const uint8_t *m;
	size_t n;
	CHECK_ERR(teeio_trans_decode(TEEIO_TRANS_MCTP, in, 0, &s, &m, &n),
		  TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_ERR(teeio_trans_decode(TEEIO_TRANS_MCTP, in, 1, &s, &m, &n),
		  TEEIO_ERR_SIZE_TRUNCATED); /* type byte without a message */
	in[0] = 0x85; /* integrity check bit */
	CHECK_ERR(teeio_trans_decode(TEEIO_TRANS_MCTP, in, 5, &s, &m, &n),
		  TEEIO_ERR_PROTO_UNSUPPORTED);
	in[0] = 0x01; /* PLDM */
	CHECK_ERR(teeio_trans_decode(TEEIO_TRANS_MCTP, in, 5, &s, &m, &n),
		  TEEIO_ERR_PROTO_UNSUPPORTED);
	in[0] = 0x06; /* secured message shorter than a session ID */
	CHECK_ERR(teeio_trans_decode(TEEIO_TRANS_MCTP, in, 4, &s, &m, &n),
		  TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_OK(teeio_trans_decode(TEEIO_TRANS_MCTP, in, 5, &s, &m, &n));
	CHECK(s);
}

TEST(binding_none_is_bare)
{
	const uint8_t spdm[4] = {0x12, 0x04, 0, 0};
	uint8_t out[8];
	struct teeio_buf w = teeio_buf_writer(out, sizeof(out));
	CHECK_OK(teeio_trans_encode(TEEIO_TRANS_NONE, false, spdm, 4, &w));
	CHECK_EQ(w.pos, 4);
	CHECK_MEM(out, spdm, 4);
	CHECK_ERR(teeio_trans_encode(TEEIO_TRANS_NONE, true, spdm, 4, &w), TEEIO_ERR_USAGE);
	bool s = true;
	const uint8_t *m;
	size_t n;
	CHECK_OK(teeio_trans_decode(TEEIO_TRANS_NONE, out, 4, &s, &m, &n));
	CHECK(!s);
	CHECK_EQ(n, 4);
	CHECK_ERR(teeio_trans_decode(TEEIO_TRANS_NONE, out, 0, &s, &m, &n),
		  TEEIO_ERR_SIZE_TRUNCATED);
	CHECK(strcmp(teeio_trans_name(TEEIO_TRANS_MCTP), "mctp") == 0);
	CHECK(strcmp(teeio_trans_name((enum teeio_trans)9), "unknown") == 0);
}

TEST(packet_header_layout)
{
	struct teeio_mctp_pkt_hdr h = {
	    .dest = 0x0a, .src = 0x08, .som = true, .eom = false, .to = true, .seq = 2, .tag = 5};
	const uint8_t body[3] = {5, 0x10, 0x84};
	uint8_t out[8];
	struct teeio_buf w = teeio_buf_writer(out, sizeof(out));
	CHECK_OK(teeio_mctp_pkt_encode(&w, &h, body, 3));
	const uint8_t want[7] = {0x01, 0x0a, 0x08, 0x80 | 0x20 | 0x08 | 5, 5, 0x10, 0x84};
	CHECK_EQ(w.pos, 7);
	CHECK_MEM(out, want, 7);
	struct teeio_mctp_pkt_hdr g;
	const uint8_t *p;
	size_t n;
	CHECK_OK(teeio_mctp_pkt_decode(out, 7, &g, &p, &n));
	CHECK(g.som && !g.eom && g.to);
	CHECK_EQ(g.seq, 2);
	CHECK_EQ(g.tag, 5);
	CHECK_EQ(g.dest, 0x0a);
	CHECK_EQ(g.src, 0x08);
	CHECK_EQ(n, 3);

	CHECK_ERR(teeio_mctp_pkt_decode(out, 4, &g, &p, &n), TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_ERR(teeio_mctp_pkt_decode(out, 3, &g, &p, &n), TEEIO_ERR_SIZE_TRUNCATED);
	out[0] = 0x11;
	CHECK_ERR(teeio_mctp_pkt_decode(out, 7, &g, &p, &n), TEEIO_ERR_PROTO_RESERVED);
	out[0] = 0x02;
	CHECK_ERR(teeio_mctp_pkt_decode(out, 7, &g, &p, &n), TEEIO_ERR_PROTO_VERSION);
	h.seq = 4;
	w = teeio_buf_writer(out, sizeof(out));
	CHECK_ERR(teeio_mctp_pkt_encode(&w, &h, body, 3), TEEIO_ERR_USAGE);
}

/* Fragment msg with unit mtu into pkts (each slot 80 bytes); returns count. */
static size_t fragment(const uint8_t *msg, size_t len, size_t mtu, uint8_t pkts[][80], size_t *lens,
		       size_t max)
{
	size_t i = 0;
	bool more = true;
	while (more && i < max) {
		struct teeio_buf w = teeio_buf_writer(pkts[i], 80);
		CHECK_OK(teeio_mctp_fragment(&w, 9, 8, 3, true, msg, len, mtu, i, &more));
		lens[i] = w.pos;
		i++;
	}
	return i;
}

TEST(fragment_and_reassemble)
{
	uint8_t msg[200];
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 7);
	uint8_t pkts[8][80];
	size_t lens[8];
	size_t count = fragment(msg, sizeof(msg), TEEIO_MCTP_BTU, pkts, lens, 8);
	CHECK_EQ(count, 4);
	CHECK_EQ(lens[0], 68);
	CHECK_EQ(lens[3], 4 + 200 - 192);
	CHECK_EQ(pkts[0][3], 0x80 | 0x08 | 3); /* SOM, seq 0 */
	CHECK_EQ(pkts[3][3], 0x40 | 0x30 | 0x08 | 3); /* EOM, seq 3 */

	uint8_t buf[256];
	struct teeio_mctp_reasm r;
	teeio_mctp_reasm_init(&r, buf, sizeof(buf));
	bool done = false;
	size_t got = 0;
	for (size_t i = 0; i < count; i++) {
		CHECK_OK(teeio_mctp_reasm_feed(&r, pkts[i], lens[i], &done, &got));
		CHECK(done == (i + 1 == count));
	}
	CHECK_EQ(got, sizeof(msg));
	CHECK_MEM(buf, msg, sizeof(msg));

	/* ten packets: the sequence number wraps past 3 */
	uint8_t many[9 * 10];
	memset(many, 0x3c, sizeof(many));
	uint8_t p2[10][80];
	size_t l2[10];
	size_t c2 = fragment(many, sizeof(many), 9, p2, l2, 10);
	CHECK_EQ(c2, 10);
	for (size_t i = 0; i < c2; i++)
		CHECK_OK(teeio_mctp_reasm_feed(&r, p2[i], l2[i], &done, &got));
	CHECK(done);
	CHECK_EQ(got, sizeof(many));
	bool more;
	struct teeio_buf w = teeio_buf_writer(p2[0], 80);
	CHECK_ERR(teeio_mctp_fragment(&w, 1, 2, 0, false, many, 0, 9, 0, &more), TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_mctp_fragment(&w, 1, 2, 0, false, many, 9, 9, 1, &more), TEEIO_ERR_USAGE);
}

TEST(reassembly_rejects_broken_sequences)
{
	uint8_t msg[150];
	memset(msg, 0xab, sizeof(msg));
	uint8_t pkts[4][80];
	size_t lens[4];
	size_t count = fragment(msg, sizeof(msg), 64, pkts, lens, 4);
	CHECK_EQ(count, 3);
	uint8_t buf[256];
	struct teeio_mctp_reasm r;
	bool done;
	size_t got;
	teeio_mctp_reasm_init(&r, buf, sizeof(buf));

	/* middle packet without a start */
	CHECK_ERR(teeio_mctp_reasm_feed(&r, pkts[1], lens[1], &done, &got), TEEIO_ERR_PROTO);
	/* sequence gap */
	CHECK_OK(teeio_mctp_reasm_feed(&r, pkts[0], lens[0], &done, &got));
	CHECK_ERR(teeio_mctp_reasm_feed(&r, pkts[2], lens[2], &done, &got), TEEIO_ERR_PROTO);
	CHECK_ERR(teeio_mctp_reasm_feed(&r, pkts[1], lens[1], &done, &got), TEEIO_ERR_PROTO);
	/* other tag */
	CHECK_OK(teeio_mctp_reasm_feed(&r, pkts[0], lens[0], &done, &got));
	pkts[1][3] ^= 1;
	CHECK_ERR(teeio_mctp_reasm_feed(&r, pkts[1], lens[1], &done, &got), TEEIO_ERR_PROTO);
	pkts[1][3] ^= 1;
	/* other source */
	CHECK_OK(teeio_mctp_reasm_feed(&r, pkts[0], lens[0], &done, &got));
	pkts[1][2] ^= 1;
	CHECK_ERR(teeio_mctp_reasm_feed(&r, pkts[1], lens[1], &done, &got), TEEIO_ERR_PROTO);
	pkts[1][2] ^= 1;
	/* a middle packet shorter than the first */
	CHECK_OK(teeio_mctp_reasm_feed(&r, pkts[0], lens[0], &done, &got));
	CHECK_ERR(teeio_mctp_reasm_feed(&r, pkts[1], lens[1] - 1, &done, &got), TEEIO_ERR_PROTO);
	/* a new SOM restarts cleanly */
	CHECK_OK(teeio_mctp_reasm_feed(&r, pkts[0], lens[0], &done, &got));
	CHECK_OK(teeio_mctp_reasm_feed(&r, pkts[0], lens[0], &done, &got));
	CHECK_OK(teeio_mctp_reasm_feed(&r, pkts[1], lens[1], &done, &got));
	CHECK_OK(teeio_mctp_reasm_feed(&r, pkts[2], lens[2], &done, &got));
	CHECK(done);
	CHECK_EQ(got, 150);

	/* too big for the buffer */
	teeio_mctp_reasm_init(&r, buf, 100);
	CHECK_OK(teeio_mctp_reasm_feed(&r, pkts[0], lens[0], &done, &got));
	CHECK_ERR(teeio_mctp_reasm_feed(&r, pkts[1], lens[1], &done, &got), TEEIO_ERR_SIZE_LIMIT);
	CHECK_ERR(teeio_mctp_reasm_feed(&r, pkts[2], lens[2], &done, &got), TEEIO_ERR_PROTO);
	CHECK(!done);
}

int main(void)
{
	RUN(mctp_message_round_trip);
	RUN(binding_mctp_round_trip);
	RUN(binding_mctp_rejects_malformed);
	RUN(binding_none_is_bare);
	RUN(packet_header_layout);
	RUN(fragment_and_reassemble);
	RUN(reassembly_rejects_broken_sequences);
	return test_summary();
}
