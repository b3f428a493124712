/* SPDX-License-Identifier: BSD-3-Clause */
/* ide/tlp.c and the crypt.c building blocks: TLP codec round trips, exact
 * wire bytes, malformed input, IV/IFV/PCRC. */
#include "test.h"

#include "support/ide.h"
#include "ide/ide_internal.h"
#include "teeio/ide.h"

static uint8_t data[TEEIO_TLP_PAYLOAD_MAX];

/* encode -> decode -> same fields; decode -> encode -> same bytes */
static void round_trip(const struct teeio_tlp *t)
{
	uint8_t wire[TEEIO_TLP_WIRE_MAX], again[TEEIO_TLP_WIRE_MAX];
	size_t n = 0, m = 0;
	CHECK_OK(teeio_tlp_encode(t, wire, sizeof(wire), &n));
	struct teeio_tlp d;
	struct teeio_tlp_layout lay;
	CHECK_OK(teeio_tlp_decode(wire, n, &d, &lay));
	CHECK_EQ(lay.total, n);
	CHECK_EQ(d.type, t->type);
	CHECK_EQ(d.addr64, t->addr64);
	CHECK_EQ(d.tc, t->tc);
	CHECK_EQ(d.attr, t->attr);
	CHECK_EQ(d.at, t->at);
	CHECK_EQ(d.ep, t->ep);
	CHECK_EQ(d.length_dw, t->length_dw);
	CHECK_EQ(d.requester_id, t->requester_id);
	CHECK_EQ(d.tag, t->tag);
	CHECK_EQ(d.first_be, t->first_be);
	CHECK_EQ(d.last_be, t->last_be);
	CHECK(d.addr == t->addr);
	CHECK_EQ(d.completer_id, t->completer_id);
	CHECK_EQ(d.cpl_status, t->cpl_status);
	CHECK_EQ(d.bcm, t->bcm);
	CHECK_EQ(d.byte_count, t->byte_count);
	CHECK_EQ(d.lower_addr, t->lower_addr);
	CHECK_EQ(d.cfg_target, t->cfg_target);
	CHECK_EQ(d.cfg_reg, t->cfg_reg);
	CHECK_EQ(d.has_ide, t->has_ide);
	if (t->has_ide) {
		CHECK_EQ(d.ide.m, t->ide.m);
		CHECK_EQ(d.ide.k, t->ide.k);
		CHECK_EQ(d.ide.t, t->ide.t);
		CHECK_EQ(d.ide.p, t->ide.p);
		CHECK_EQ(d.ide.sub_stream, t->ide.sub_stream);
		CHECK_EQ(d.ide.stream_id, t->ide.stream_id);
		CHECK_EQ(d.ide.pr_sent_counter, t->ide.pr_sent_counter);
		if (t->ide.m)
			CHECK_MEM(d.mac, t->mac, TEEIO_IDE_MAC_LEN);
		if (t->ide.p)
			CHECK_MEM(d.pcrc, t->pcrc, TEEIO_IDE_PCRC_LEN);
	}
	CHECK_EQ(d.payload_len, t->payload_len);
	if (t->payload_len)
		CHECK_MEM(d.payload, t->payload, t->payload_len);
	CHECK_OK(teeio_tlp_encode(&d, again, sizeof(again), &m));
	CHECK_EQ(m, n);
	CHECK_MEM(again, wire, n);
}

static struct teeio_tlp sample(enum teeio_tlp_type type)
{
	struct teeio_tlp t = {0};
	t.type = type;
	t.requester_id = 0x1234;
	t.tag = 0x2a5; /* uses T9 and T8 */
	switch (type) {
	case TEEIO_TLP_MRD:
	case TEEIO_TLP_MWR:
		t.tc = 3;
		t.attr = 5;
		t.at = 2;
		t.addr = 0xfedc0040;
		t.length_dw = 16;
		t.first_be = 0xf;
		t.last_be = 0x3;
		break;
	case TEEIO_TLP_CFGRD0:
	case TEEIO_TLP_CFGWR0:
		t.cfg_target = 0x0308;
		t.cfg_reg = 0x3c5;
		t.length_dw = 1;
		t.first_be = 0x6;
		break;
	case TEEIO_TLP_CPL:
	case TEEIO_TLP_CPLD:
		t.completer_id = 0x0200;
		t.cpl_status = type == TEEIO_TLP_CPL ? 1 : 0;
		t.bcm = true;
		t.byte_count = 0x0a4;
		t.lower_addr = 0x44;
		t.length_dw = type == TEEIO_TLP_CPLD ? 41 : 0;
		break;
	}
	if (type == TEEIO_TLP_MWR || type == TEEIO_TLP_CFGWR0 || type == TEEIO_TLP_CPLD) {
		t.payload = data;
		t.payload_len = (size_t)t.length_dw * 4;
	}
	return t;
}

TEST(round_trip_every_type_plain_and_ide)
{
	ide_test_fill(data, sizeof(data), 3);
	for (int type = TEEIO_TLP_MRD; type <= TEEIO_TLP_CPLD; type++) {
		struct teeio_tlp t = sample((enum teeio_tlp_type)type);
		round_trip(&t);
		t.ep = true;
		round_trip(&t);
		/* every sub-stream value, both key sets, all flag mixes */
		t.has_ide = true;
		for (unsigned bits = 0; bits < 16; bits++) {
			t.ide.m = bits & 1;
			t.ide.k = bits & 2;
			t.ide.t = bits & 4;
			t.ide.p = bits & 8;
			t.ide.sub_stream = (uint8_t)(bits % 3);
			t.ide.stream_id = (uint8_t)(0xf0 + bits);
			t.ide.pr_sent_counter = (uint8_t)(bits * 17);
			for (size_t i = 0; i < sizeof(t.mac); i++)
				t.mac[i] = (uint8_t)(i + bits);
			for (size_t i = 0; i < sizeof(t.pcrc); i++)
				t.pcrc[i] = (uint8_t)(0x80 + i + bits);
			round_trip(&t);
		}
	}
	/* 64-bit addresses and the 1024-DW maximum */
	struct teeio_tlp w = sample(TEEIO_TLP_MWR);
	w.addr64 = true;
	w.addr = 0x123456789abcdef0ull;
	w.length_dw = 1024;
	w.payload_len = 4096;
	round_trip(&w);
	struct teeio_tlp r = sample(TEEIO_TLP_MRD);
	r.addr64 = true;
	r.addr = 0x100000000ull;
	round_trip(&r);
}

TEST(exact_wire_bytes_of_an_ide_mwr32)
{
	uint8_t pl[4] = {0xde, 0xad, 0xbe, 0xef};
	struct teeio_tlp t = ide_test_mwr(0x12345678, pl, 4);
	t.tag = 0x301;
	t.tc = 2;
	t.has_ide = true;
	t.ide = (struct teeio_ide_prefix){.m = true,
					  .k = true,
					  .t = true,
					  .p = false,
					  .sub_stream = 0,
					  .stream_id = 0x5a,
					  .pr_sent_counter = 0x00};
	memset(t.mac, 0xcc, sizeof(t.mac));
	uint8_t wire[64];
	size_t n = 0;
	CHECK_OK(teeio_tlp_encode(&t, wire, sizeof(wire), &n));
	const uint8_t want[] = {
	    0x92, 0x00, 0x5a, 0x07, /* IDE prefix: ss PR, M K T */
	    0x40, 0xa8, 0x00, 0x01, /* MWr 3DW data; T9 TC2 T8; len 1 */
	    0x01, 0x00, 0x01, 0x0f, /* requester 0100, tag 01, BE */
	    0x12, 0x34, 0x56, 0x78, /* address */
	    0xde, 0xad, 0xbe, 0xef, /* payload */
	    0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, /* MAC */
	    0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc,
	};
	CHECK_EQ(n, sizeof(want));
	CHECK_MEM(wire, want, sizeof(want));
	/* a 1024-DW TLP encodes Length 0 */
	struct teeio_tlp big = ide_test_mwr(0x1000, data, 4096);
	CHECK_ERR(teeio_tlp_encode(&big, wire, sizeof(wire), &n), TEEIO_ERR_SIZE);
	uint8_t bigwire[TEEIO_TLP_WIRE_MAX];
	CHECK_OK(teeio_tlp_encode(&big, bigwire, sizeof(bigwire), &n));
	CHECK_EQ(bigwire[2] & 3, 0);
	CHECK_EQ(bigwire[3], 0);
}

TEST(completion_wire_bytes)
{
	struct teeio_tlp t = sample(TEEIO_TLP_CPL);
	uint8_t wire[16];
	size_t n = 0;
	CHECK_OK(teeio_tlp_encode(&t, wire, sizeof(wire), &n));
	const uint8_t want[] = {0x0a, 0x80, 0x00, 0x00, 0x02, 0x00,
				0x30, 0xa4, 0x12, 0x34, 0xa5, 0x44};
	CHECK_EQ(n, sizeof(want));
	CHECK_MEM(wire, want, sizeof(want));
}

/* Encode `t`, apply `edit` at byte `at` (XOR), expect `want` from decode. */
static void expect_bad(const struct teeio_tlp *t, size_t at, uint8_t xor_mask, teeio_err want)
{
	uint8_t wire[TEEIO_TLP_WIRE_MAX];
	size_t n = 0;
	CHECK_OK(teeio_tlp_encode(t, wire, sizeof(wire), &n));
	wire[at] ^= xor_mask;
	struct teeio_tlp d;
	CHECK_ERR(teeio_tlp_decode(wire, n, &d, NULL), want);
}

TEST(malformed_headers_are_rejected)
{
	struct teeio_tlp w = sample(TEEIO_TLP_MWR);
	expect_bad(&w, 1, 0x02, TEEIO_ERR_PROTO_RESERVED); /* LN */
	expect_bad(&w, 1, 0x01, TEEIO_ERR_PROTO_UNSUPPORTED); /* TH */
	expect_bad(&w, 2, 0x80, TEEIO_ERR_PROTO_UNSUPPORTED); /* TD */
	expect_bad(&w, 11, 0x01, TEEIO_ERR_PROTO_RESERVED); /* PH bits */
	expect_bad(&w, 0, 0x1f, TEEIO_ERR_PROTO_UNSUPPORTED); /* Type 1_1111 */
	expect_bad(&w, 0, 0x20, TEEIO_ERR_SIZE_TRUNCATED); /* read as 4DW: too short */
	expect_bad(&w, 7, 0x30, TEEIO_ERR_PROTO); /* Last BE 0 with len 16 */
	struct teeio_tlp c = sample(TEEIO_TLP_CPL);
	expect_bad(&c, 11, 0x80, TEEIO_ERR_PROTO_RESERVED); /* Lower Address bit 7 */
	expect_bad(&c, 3, 0x01, TEEIO_ERR_PROTO_RESERVED); /* Length of a Cpl */
	expect_bad(&c, 6, 0xe0, TEEIO_ERR_PROTO); /* status 110b */
	expect_bad(&c, 2, 0x04, TEEIO_ERR_PROTO); /* AT on a completion */
	struct teeio_tlp g = sample(TEEIO_TLP_CFGRD0);
	expect_bad(&g, 10, 0x10, TEEIO_ERR_PROTO_RESERVED); /* cfg byte 10 [7:4] */
	expect_bad(&g, 11, 0x01, TEEIO_ERR_PROTO_RESERVED); /* cfg byte 11 [1:0] */
	expect_bad(&g, 1, 0x10, TEEIO_ERR_PROTO); /* TC1 on config */
	expect_bad(&g, 3, 0x03, TEEIO_ERR_PROTO); /* cfg Length 2 */
	/* 4DW header for an address below 4 GiB */
	uint8_t wire[32] = {0x20, 0, 0, 1, 0, 0, 0, 0x0f, 0, 0, 0, 0, 0x10, 0, 0, 0};
	struct teeio_tlp d;
	CHECK_ERR(teeio_tlp_decode(wire, 16, &d, NULL), TEEIO_ERR_PROTO);
	wire[11] = 1;
	CHECK_OK(teeio_tlp_decode(wire, 16, &d, NULL));
	CHECK(d.addr == 0x110000000ull);
}

TEST(malformed_prefixes_are_rejected)
{
	struct teeio_tlp w = sample(TEEIO_TLP_MRD);
	w.has_ide = true;
	w.ide.m = true;
	expect_bad(&w, 3, 0x80, TEEIO_ERR_PROTO_RESERVED); /* Sub-Stream bit 7 */
	expect_bad(&w, 3, 0x30, TEEIO_ERR_PROTO); /* Sub-Stream 011b */
	expect_bad(&w, 0, 0x03, TEEIO_ERR_PROTO_UNSUPPORTED); /* PASID prefix 0x91 */
	expect_bad(&w, 4, 0x80, TEEIO_ERR_PROTO_UNSUPPORTED); /* two prefixes */
	expect_bad(&w, 3, 0x04, TEEIO_ERR_SIZE_TRAILING); /* M off: MAC left over */
	expect_bad(&w, 3, 0x08, TEEIO_ERR_SIZE_TRUNCATED); /* P on: PCRC missing */
}

TEST(every_truncation_and_trailing_byte_fails)
{
	struct teeio_tlp t = sample(TEEIO_TLP_CPLD);
	t.has_ide = true;
	t.ide.m = t.ide.p = true;
	t.ide.sub_stream = 2;
	uint8_t wire[TEEIO_TLP_WIRE_MAX + 1];
	size_t n = 0;
	CHECK_OK(teeio_tlp_encode(&t, wire, sizeof(wire), &n));
	struct teeio_tlp d;
	for (size_t len = 0; len < n; len++)
		CHECK_ERR(teeio_tlp_decode(wire, len, &d, NULL), TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_ERR(teeio_tlp_decode(wire, n + 1, &d, NULL), TEEIO_ERR_SIZE_TRAILING);
	CHECK_OK(teeio_tlp_decode(wire, n, &d, NULL));
	/* and the encoder refuses a short buffer at every size */
	for (size_t cap = 0; cap < n; cap++) {
		size_t m = 0;
		CHECK_ERR(teeio_tlp_encode(&t, wire, cap, &m), TEEIO_ERR_SIZE);
	}
}

TEST(encoder_rejects_inconsistent_tlps)
{
	uint8_t wire[TEEIO_TLP_WIRE_MAX];
	size_t n = 0;
	struct teeio_tlp t = sample(TEEIO_TLP_MWR);
	t.payload_len -= 4;
	CHECK_ERR(teeio_tlp_encode(&t, wire, sizeof(wire), &n), TEEIO_ERR_USAGE);
	t = sample(TEEIO_TLP_MWR);
	t.addr |= 2;
	CHECK_ERR(teeio_tlp_encode(&t, wire, sizeof(wire), &n), TEEIO_ERR_USAGE);
	t = sample(TEEIO_TLP_MWR);
	t.tc = 8;
	CHECK_ERR(teeio_tlp_encode(&t, wire, sizeof(wire), &n), TEEIO_ERR_USAGE);
	t = sample(TEEIO_TLP_MWR);
	t.addr64 = true; /* address below 4 GiB */
	CHECK_ERR(teeio_tlp_encode(&t, wire, sizeof(wire), &n), TEEIO_ERR_USAGE);
	t = sample(TEEIO_TLP_MRD);
	t.length_dw = 1025;
	CHECK_ERR(teeio_tlp_encode(&t, wire, sizeof(wire), &n), TEEIO_ERR_USAGE);
	t = sample(TEEIO_TLP_CPL);
	t.addr = 4; /* no address in a completion */
	CHECK_ERR(teeio_tlp_encode(&t, wire, sizeof(wire), &n), TEEIO_ERR_USAGE);
	t = sample(TEEIO_TLP_MRD);
	t.has_ide = true;
	t.ide.sub_stream = 3;
	CHECK_ERR(teeio_tlp_encode(&t, wire, sizeof(wire), &n), TEEIO_ERR_USAGE);
}

TEST(substream_of_each_type)
{
	CHECK_EQ(teeio_tlp_substream(TEEIO_TLP_MWR), TEEIO_IDE_SS_PR);
	CHECK_EQ(teeio_tlp_substream(TEEIO_TLP_MRD), TEEIO_IDE_SS_NPR);
	CHECK_EQ(teeio_tlp_substream(TEEIO_TLP_CFGRD0), TEEIO_IDE_SS_NPR);
	CHECK_EQ(teeio_tlp_substream(TEEIO_TLP_CFGWR0), TEEIO_IDE_SS_NPR);
	CHECK_EQ(teeio_tlp_substream(TEEIO_TLP_CPL), TEEIO_IDE_SS_CPL);
	CHECK_EQ(teeio_tlp_substream(TEEIO_TLP_CPLD), TEEIO_IDE_SS_CPL);
}

TEST(iv_ifv_and_pcrc_rules)
{
	uint8_t iv[12];
	ide_iv(0x0102030405060708ull, iv);
	const uint8_t want[12] = {0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8};
	CHECK_MEM(iv, want, 12);
	const uint32_t ifv[2] = {0x11223344, 0x00000001};
	CHECK(ide_ifv(ifv) == 0x1122334400000001ull);
	/* CRC-32 check value of "123456789" is CBF43926, stored LSB first */
	uint8_t crc[4];
	ide_pcrc((const uint8_t *)"123456789", 9, crc);
	const uint8_t wcrc[4] = {0x26, 0x39, 0xf4, 0xcb};
	CHECK_MEM(crc, wcrc, 4);
	ide_pcrc(NULL, 0, crc);
	CHECK(teeio_load_u32le(crc) == 0);
}

int main(void)
{
	RUN(round_trip_every_type_plain_and_ide);
	RUN(exact_wire_bytes_of_an_ide_mwr32);
	RUN(completion_wire_bytes);
	RUN(malformed_headers_are_rejected);
	RUN(malformed_prefixes_are_rejected);
	RUN(every_truncation_and_trailing_byte_fails);
	RUN(encoder_rejects_inconsistent_tlps);
	RUN(substream_of_each_type);
	RUN(iv_ifv_and_pcrc_rules);
	return test_summary();
}
