/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IDE_KM codec: byte-exact layouts (libspdm pci_idekm.h), round trips,
 * and every malformed shape: truncated, trailing, reserved bytes and bits,
 * unknown protocol and objects, QUERY_RESP register counts.
 */
#include "test.h"
#include "teeio/idekm.h"

/* KEY_PROG K1|TX|CPL, stream 5, port 1, key 00..1f, IFV {0, 1}. */
static const uint8_t key_prog_wire[48] = {
    0x00, 0x02, 0x00, 0x00, 0x05, 0x00, 0x23, 0x01, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
    0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
    0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
};

static struct teeio_idekm_msg sel_msg(uint8_t object)
{
	struct teeio_idekm_msg m;
	memset(&m, 0, sizeof(m));
	m.object_id = object;
	m.stream_id = 5;
	m.kss = 0x23;
	m.port_index = 1;
	return m;
}

TEST(kss_all_slots_round_trip)
{
	for (unsigned ks = 0; ks < 2; ks++)
		for (unsigned dir = 0; dir < 2; dir++)
			for (unsigned ss = 0; ss < 3; ss++) {
				struct teeio_idekm_sel s = {0, 0, (uint8_t)ks, (uint8_t)dir,
							    (uint8_t)ss},
						       d;
				uint8_t b = teeio_idekm_kss_encode(&s);
				CHECK_EQ(b, ks | (dir << 1) | (ss << 4));
				CHECK_OK(teeio_idekm_kss_decode(b, &d));
				CHECK_EQ(d.key_set, ks);
				CHECK_EQ(d.dir, dir);
				CHECK_EQ(d.sub_stream, ss);
			}
}

TEST(kss_reserved_and_unknown_substream)
{
	struct teeio_idekm_sel d;
	CHECK_ERR(teeio_idekm_kss_decode(0x04, &d), TEEIO_ERR_PROTO_RESERVED);
	CHECK_ERR(teeio_idekm_kss_decode(0x08, &d), TEEIO_ERR_PROTO_RESERVED);
	for (unsigned ss = 3; ss < 16; ss++)
		CHECK_ERR(teeio_idekm_kss_decode((uint8_t)(ss << 4), &d),
			  TEEIO_ERR_PROTO_UNSUPPORTED);
}

TEST(key_prog_bytes_exact)
{
	struct teeio_idekm_msg m = sel_msg(TEEIO_IDEKM_KEY_PROG), d;
	uint8_t out[64];
	size_t n;
	for (unsigned i = 0; i < 32; i++)
		m.key[i] = (uint8_t)i;
	m.ifv[0] = 0;
	m.ifv[1] = 1;
	CHECK_OK(teeio_idekm_encode(&m, out, sizeof(out), &n));
	CHECK_EQ(n, sizeof(key_prog_wire));
	CHECK_MEM(out, key_prog_wire, sizeof(key_prog_wire));
	CHECK_OK(teeio_idekm_decode(key_prog_wire, sizeof(key_prog_wire), &d));
	CHECK_EQ(d.object_id, TEEIO_IDEKM_KEY_PROG);
	CHECK_EQ(d.stream_id, 5);
	CHECK_EQ(d.kss, 0x23);
	CHECK_EQ(d.port_index, 1);
	CHECK_MEM(d.key, m.key, 32);
	CHECK_EQ(d.ifv[0], 0);
	CHECK_EQ(d.ifv[1], 1);
}

TEST(small_objects_bytes_exact)
{
	static const uint8_t query[] = {0x00, 0x00, 0x00, 0x03};
	static const uint8_t kp_ack[] = {0x00, 0x03, 0x00, 0x00, 0x05, 0x02, 0x23, 0x01};
	static const uint8_t go[] = {0x00, 0x04, 0x00, 0x00, 0x05, 0x00, 0x23, 0x01};
	static const uint8_t stop[] = {0x00, 0x05, 0x00, 0x00, 0x05, 0x00, 0x23, 0x01};
	static const uint8_t ack[] = {0x00, 0x06, 0x00, 0x00, 0x05, 0x00, 0x23, 0x01};
	struct teeio_idekm_msg m, d;
	uint8_t out[16];
	size_t n;

	memset(&m, 0, sizeof(m));
	m.object_id = TEEIO_IDEKM_QUERY;
	m.port_index = 3;
	CHECK_OK(teeio_idekm_encode(&m, out, sizeof(out), &n));
	CHECK_EQ(n, sizeof(query));
	CHECK_MEM(out, query, sizeof(query));
	CHECK_OK(teeio_idekm_decode(query, sizeof(query), &d));
	CHECK_EQ(d.port_index, 3);

	m = sel_msg(TEEIO_IDEKM_KP_ACK);
	m.status = 2;
	CHECK_OK(teeio_idekm_encode(&m, out, sizeof(out), &n));
	CHECK_EQ(n, 8);
	CHECK_MEM(out, kp_ack, 8);
	CHECK_OK(teeio_idekm_decode(kp_ack, 8, &d));
	CHECK_EQ(d.status, 2);

	const uint8_t *wires[] = {go, stop, ack};
	uint8_t objs[] = {TEEIO_IDEKM_K_SET_GO, TEEIO_IDEKM_K_SET_STOP, TEEIO_IDEKM_K_GOSTOP_ACK};
	for (unsigned i = 0; i < 3; i++) {
		m = sel_msg(objs[i]);
		CHECK_OK(teeio_idekm_encode(&m, out, sizeof(out), &n));
		CHECK_EQ(n, 8);
		CHECK_MEM(out, wires[i], 8);
		CHECK_OK(teeio_idekm_decode(wires[i], 8, &d));
		CHECK_EQ(d.object_id, objs[i]);
		CHECK_EQ(d.stream_id, 5);
		CHECK_EQ(d.kss, 0x23);
		CHECK_EQ(d.port_index, 1);
	}
}

TEST(query_resp_bytes_exact)
{
	static const uint8_t wire[] = {0x00, 0x01, 0x00, 0x02, 0x10, 0x3a, 0x01, 0x07,
				       0x02, 0x00, 0x00, 0x00, 0x78, 0x56, 0x34, 0x12};
	struct teeio_idekm_msg m, d;
	uint8_t out[32];
	size_t n;

	memset(&m, 0, sizeof(m));
	m.object_id = TEEIO_IDEKM_QUERY_RESP;
	m.port_index = 2;
	m.dev_func_num = 0x10;
	m.bus_num = 0x3a;
	m.segment = 1;
	m.max_port_index = 7;
	m.regs = wire + 8;
	m.n_regs = 2;
	CHECK_OK(teeio_idekm_encode(&m, out, sizeof(out), &n));
	CHECK_EQ(n, sizeof(wire));
	CHECK_MEM(out, wire, sizeof(wire));
	CHECK_OK(teeio_idekm_decode(wire, sizeof(wire), &d));
	CHECK_EQ(d.max_port_index, 7);
	CHECK_EQ(d.n_regs, 2);
	CHECK(d.regs == wire + 8);
}

TEST(fixed_objects_reject_every_wrong_length)
{
	static const uint8_t lens[] = {4, 48, 8, 8, 8, 8};
	static const uint8_t objs[] = {0, 2, 3, 4, 5, 6};
	uint8_t buf[64];
	struct teeio_idekm_msg d;

	for (unsigned o = 0; o < TEEIO_ARRAY_LEN(objs); o++) {
		memset(buf, 0, sizeof(buf));
		buf[1] = objs[o];
		for (size_t len = 2; len <= (size_t)lens[o] + 4; len++) {
			teeio_err e = teeio_idekm_decode(buf, len, &d);
			if (len < lens[o])
				CHECK_ERR(e, TEEIO_ERR_SIZE_TRUNCATED);
			else if (len > lens[o])
				CHECK_ERR(e, TEEIO_ERR_SIZE_TRAILING);
			else
				CHECK_OK(e);
		}
	}
	CHECK_ERR(teeio_idekm_decode(buf, 0, &d), TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_ERR(teeio_idekm_decode(buf, 1, &d), TEEIO_ERR_SIZE_TRUNCATED);
}

TEST(reserved_bytes_rejected)
{
	uint8_t buf[48];
	struct teeio_idekm_msg d;

	/* QUERY byte 2. */
	uint8_t q[4] = {0, 0, 1, 0};
	CHECK_ERR(teeio_idekm_decode(q, 4, &d), TEEIO_ERR_PROTO_RESERVED);
	/* QUERY_RESP byte 2. */
	uint8_t qr[16] = {0, 1, 1};
	CHECK_ERR(teeio_idekm_decode(qr, 16, &d), TEEIO_ERR_PROTO_RESERVED);
	/* KEY_PROG, K_SET_GO/STOP, K_GOSTOP_ACK: bytes 2, 3, 5; KP_ACK 2, 3. */
	static const uint8_t objs[] = {2, 4, 5, 6, 3};
	static const uint8_t lens[] = {48, 8, 8, 8, 8};
	for (unsigned o = 0; o < TEEIO_ARRAY_LEN(objs); o++) {
		static const uint8_t offs[] = {2, 3, 5};
		for (unsigned i = 0; i < (objs[o] == 3 ? 2u : 3u); i++) {
			memset(buf, 0, sizeof(buf));
			buf[1] = objs[o];
			buf[offs[i]] = 0x80;
			CHECK_ERR(teeio_idekm_decode(buf, lens[o], &d), TEEIO_ERR_PROTO_RESERVED);
		}
		/* key_sub_stream bit 2 and sub-stream 3. */
		memset(buf, 0, sizeof(buf));
		buf[1] = objs[o];
		buf[6] = 0x04;
		CHECK_ERR(teeio_idekm_decode(buf, lens[o], &d), TEEIO_ERR_PROTO_RESERVED);
		buf[6] = 0x30;
		CHECK_ERR(teeio_idekm_decode(buf, lens[o], &d), TEEIO_ERR_PROTO_UNSUPPORTED);
	}
}

TEST(unknown_protocol_and_objects)
{
	uint8_t buf[8] = {0x01, 0x04};
	struct teeio_idekm_msg d;
	CHECK_ERR(teeio_idekm_decode(buf, 8, &d), TEEIO_ERR_PROTO_UNSUPPORTED);
	buf[0] = 0;
	for (unsigned o = 7; o < 256; o++) {
		buf[1] = (uint8_t)o;
		CHECK_ERR(teeio_idekm_decode(buf, 8, &d), TEEIO_ERR_PROTO_UNSUPPORTED);
	}
}

TEST(query_resp_register_counts)
{
	uint8_t buf[8 + 4 * (TEEIO_IDEKM_REGS_MAX + 1)];
	struct teeio_idekm_msg d;

	memset(buf, 0, sizeof(buf));
	buf[1] = TEEIO_IDEKM_QUERY_RESP;
	CHECK_ERR(teeio_idekm_decode(buf, 8, &d), TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_ERR(teeio_idekm_decode(buf, 12, &d), TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_OK(teeio_idekm_decode(buf, 16, &d));
	CHECK_ERR(teeio_idekm_decode(buf, 17, &d), TEEIO_ERR_SIZE_TRAILING);
	CHECK_ERR(teeio_idekm_decode(buf, 19, &d), TEEIO_ERR_SIZE_TRAILING);
	CHECK_OK(teeio_idekm_decode(buf, 8 + 4 * TEEIO_IDEKM_REGS_MAX, &d));
	CHECK_EQ(d.n_regs, TEEIO_IDEKM_REGS_MAX);
	CHECK_ERR(teeio_idekm_decode(buf, sizeof(buf), &d), TEEIO_ERR_SIZE_LIMIT);
	/* spdm-emu's responder sends 74 DWORDs: within bounds. */
	CHECK_OK(teeio_idekm_decode(buf, 8 + 4 * 74, &d));
	CHECK_EQ(d.n_regs, 74);
}

TEST(failed_key_prog_decode_leaves_no_key)
{
	uint8_t buf[49];
	struct teeio_idekm_msg d;
	memcpy(buf, key_prog_wire, 48);
	buf[48] = 0;
	CHECK_ERR(teeio_idekm_decode(buf, 49, &d), TEEIO_ERR_SIZE_TRAILING);
	CHECK(teeio_ct_is_zero(d.key, sizeof(d.key)));
	memcpy(buf, key_prog_wire, 48);
	buf[6] = 0x2c; /* reserved bits: fails after nothing of the key is read */
	CHECK_ERR(teeio_idekm_decode(buf, 48, &d), TEEIO_ERR_PROTO_RESERVED);
	CHECK(teeio_ct_is_zero(d.key, sizeof(d.key)));
}

TEST(encode_errors)
{
	struct teeio_idekm_msg m = sel_msg(TEEIO_IDEKM_KEY_PROG);
	uint8_t out[64];
	size_t n;
	for (size_t cap = 0; cap < 48; cap++)
		CHECK_ERR(teeio_idekm_encode(&m, out, cap, &n), TEEIO_ERR_SIZE);
	CHECK_OK(teeio_idekm_encode(&m, out, 48, &n));
	m.object_id = 7;
	CHECK_ERR(teeio_idekm_encode(&m, out, sizeof(out), &n), TEEIO_ERR_USAGE);
	m.object_id = TEEIO_IDEKM_QUERY_RESP;
	m.regs = out;
	m.n_regs = TEEIO_IDEKM_REGS_MAX + 1;
	CHECK_ERR(teeio_idekm_encode(&m, out, sizeof(out), &n), TEEIO_ERR_USAGE);
}

TEST(regs_layout_counts_blocks)
{
	uint32_t r[64];
	struct teeio_idekm_regs_layout l;

	memset(r, 0, sizeof(r));
	/* Link IDE with 3 TCs, selective with 2 streams. */
	r[0] = 0x1u | 0x2u | (2u << 13) | (1u << 16);
	size_t sel0 = 2 + 2 * 3;
	r[sel0] = 1; /* stream 0: one address block -> 8 DWORDs */
	r[sel0 + 8] = 0; /* stream 1: none -> 5 DWORDs */
	size_t total = sel0 + 8 + 5; /* 21 */
	CHECK_OK(teeio_idekm_regs_layout(r, total, &l));
	CHECK_EQ(l.n_link, 3);
	CHECK_EQ(l.n_sel, 2);
	CHECK_EQ(l.expected, total);
	CHECK_ERR(teeio_idekm_regs_layout(r, total - 1, &l), TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_ERR(teeio_idekm_regs_layout(r, total + 1, &l), TEEIO_ERR_SIZE_TRAILING);
	CHECK_ERR(teeio_idekm_regs_layout(r, sel0, &l), TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_ERR(teeio_idekm_regs_layout(r, 1, &l), TEEIO_ERR_SIZE_TRUNCATED);
	/* No IDE streams at all: just capability and control. */
	memset(r, 0, sizeof(r));
	CHECK_OK(teeio_idekm_regs_layout(r, 2, &l));
	CHECK_EQ(l.n_link + l.n_sel, 0);
	/* spdm-emu's sample answers 74 zero DWORDs: not a consistent block. */
	CHECK_ERR(teeio_idekm_regs_layout(r, 64, &l), TEEIO_ERR_SIZE_TRAILING);
}

int main(void)
{
	RUN(kss_all_slots_round_trip);
	RUN(kss_reserved_and_unknown_substream);
	RUN(key_prog_bytes_exact);
	RUN(small_objects_bytes_exact);
	RUN(query_resp_bytes_exact);
	RUN(fixed_objects_reject_every_wrong_length);
	RUN(reserved_bytes_rejected);
	RUN(unknown_protocol_and_objects);
	RUN(query_resp_register_counts);
	RUN(failed_key_prog_decode_leaves_no_key);
	RUN(encode_errors);
	RUN(regs_layout_counts_blocks);
	return test_summary();
}
