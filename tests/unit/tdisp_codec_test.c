/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TDISP codec: every message code round-trips, is byte-exact against
 * hand-written wire bytes for the fixed layouts, and every malformed
 * variant (truncated at every length, trailing bytes, reserved fields,
 * reserved bits, unknown codes, inconsistent lengths) is refused.  Also
 * the FUNCTION_ID helpers and the report parser.
 */
#include "test.h"
#include "teeio/tdisp.h"

static const uint8_t vid[2] = {0x01, 0x00};
static const uint8_t vdata[5] = {9, 8, 7, 6, 5};
static const uint8_t versions[2] = {0x10, 0x11};
static const uint8_t portion[6] = {1, 2, 3, 4, 5, 6};

/* One sample of every message. */
static struct teeio_tdisp_msg sample(uint8_t code)
{
	struct teeio_tdisp_msg m;

	memset(&m, 0, sizeof(m));
	m.version = 0x10;
	m.code = code;
	m.function_id = 0x0103beef;
	switch (code) {
	case TEEIO_TDISP_VERSION:
		m.u.versions.count = 2;
		m.u.versions.list = versions;
		break;
	case TEEIO_TDISP_GET_CAPABILITIES: m.u.tsm_caps = 0xa5a5a5a5; break;
	case TEEIO_TDISP_CAPABILITIES:
		m.u.caps.dsm_caps = 7;
		m.u.caps.req_msgs[0] = 0xfe;
		m.u.caps.req_msgs[1] = 0x0f;
		m.u.caps.lock_flags = 0x1f;
		m.u.caps.dev_addr_width = 52;
		m.u.caps.num_req_this = 3;
		m.u.caps.num_req_all = 4;
		break;
	case TEEIO_TDISP_LOCK_INTERFACE_REQ:
		m.u.lock.flags = 0x15;
		m.u.lock.default_stream_id = 3;
		m.u.lock.mmio_reporting_offset = 0xD0000000;
		m.u.lock.p2p_addr_mask = 0xffff0000ffff0000ull;
		break;
	case TEEIO_TDISP_LOCK_INTERFACE_RSP:
	case TEEIO_TDISP_START_INTERFACE_REQ:
		for (int i = 0; i < TEEIO_TDISP_NONCE_LEN; i++)
			m.u.nonce[i] = (uint8_t)(i + 1);
		break;
	case TEEIO_TDISP_GET_DEVICE_INTERFACE_REPORT:
		m.u.get_report.offset = 0x40;
		m.u.get_report.length = 0x80;
		break;
	case TEEIO_TDISP_DEVICE_INTERFACE_REPORT:
		m.u.report.portion_len = sizeof(portion);
		m.u.report.remainder_len = 100;
		m.u.report.portion = portion;
		break;
	case TEEIO_TDISP_DEVICE_INTERFACE_STATE: m.u.state = TEEIO_TDISP_RUN; break;
	case TEEIO_TDISP_BIND_P2P_STREAM_REQ:
	case TEEIO_TDISP_UNBIND_P2P_STREAM_REQ: m.u.p2p_stream_id = 5; break;
	case TEEIO_TDISP_SET_MMIO_ATTRIBUTE_REQ:
		m.u.mmio.first_page = 0xd0080;
		m.u.mmio.num_pages = 4;
		m.u.mmio.attrs = TEEIO_TDISP_RANGE_NON_TEE | TEEIO_TDISP_RANGE_ATTR_UPDATABLE;
		m.u.mmio.range_id = 2;
		break;
	case TEEIO_TDISP_VDM_REQ:
	case TEEIO_TDISP_VDM_RSP:
		m.u.vdm.registry_id = 0;
		m.u.vdm.vendor_id_len = 2;
		m.u.vdm.vendor_id = vid;
		m.u.vdm.data = vdata;
		m.u.vdm.data_len = sizeof(vdata);
		break;
	case TEEIO_TDISP_ERROR:
		m.u.error.code = TEEIO_TDISP_ERR_INVALID_NONCE;
		m.u.error.data = 0;
		break;
	default: break;
	}
	return m;
}

static const uint8_t codes[] = {
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x7F,
    0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8B,
};

static size_t enc(const struct teeio_tdisp_msg *m, uint8_t *buf, size_t cap)
{
	struct teeio_buf b = teeio_buf_writer(buf, cap);
	CHECK_OK(teeio_tdisp_encode(m, &b));
	return b.pos;
}

TEST(codec_roundtrip_every_code)
{
	for (size_t i = 0; i < sizeof(codes); i++) {
		struct teeio_tdisp_msg m = sample(codes[i]), d;
		uint8_t a[256], b[256];
		size_t la = enc(&m, a, sizeof(a)), lb;

		CHECK_OK(teeio_tdisp_decode(a, la, &d));
		CHECK_EQ(d.code, codes[i]);
		CHECK_EQ(d.function_id, 0x0103beef);
		lb = enc(&d, b, sizeof(b));
		CHECK_EQ(la, lb);
		CHECK_MEM(a, b, la);
		CHECK(strcmp(teeio_tdisp_code_name(codes[i]), "?") != 0);
	}
}

/* Every shorter prefix is truncated; one more byte is trailing. */
TEST(codec_truncated_and_trailing)
{
	for (size_t i = 0; i < sizeof(codes); i++) {
		struct teeio_tdisp_msg m = sample(codes[i]), d;
		uint8_t a[257];
		size_t la = enc(&m, a, sizeof(a) - 1);
		bool variable = codes[i] == TEEIO_TDISP_VDM_REQ || codes[i] == TEEIO_TDISP_VDM_RSP;

		for (size_t n = 0; n < la; n++) {
			teeio_err e = teeio_tdisp_decode(a, n, &d);
			/* VDM data runs to the end, so a VDM cut inside its data
			 * is a shorter valid VDM. */
			if (variable && n >= 16 + 2 + 2)
				continue;
			if (e == TEEIO_OK)
				test_fail(__FILE__, __LINE__,
					  "code %02x decoded from %zu of %zu bytes", codes[i], n,
					  la);
		}
		a[la] = 0;
		if (!variable)
			CHECK_ERR(teeio_tdisp_decode(a, la + 1, &d), TEEIO_ERR_SIZE_TRAILING);
	}
}

/* Hand-written bytes: LOCK_INTERFACE_REQUEST as spdm-emu sends it. */
TEST(codec_lock_wire_bytes)
{
	static const uint8_t want[] = {
	    0x01, /* protocol ID */
	    0x10, 0x83, 0x00, 0x00, /* version, type, reserved */
	    0xef, 0xbe, 0x00, 0x00, /* function ID 0xbeef */
	    0,    0,    0,    0,    0,    0,    0,    0, /* reserved */
	    0x07, 0x00, 0x00, 0x00, /* flags, stream, reserved */
	    0x00, 0x00, 0x00, 0xd0, 0x00, 0x00, 0x00, 0x00, /* reporting offset */
	    0,    0,    0,    0,    0,    0,    0,    0, /* p2p mask */
	};
	struct teeio_tdisp_msg m, d;
	uint8_t buf[64];
	struct teeio_buf b = teeio_buf_writer(buf, sizeof(buf));

	memset(&m, 0, sizeof(m));
	m.version = 0x10;
	m.code = TEEIO_TDISP_LOCK_INTERFACE_REQ;
	m.function_id = 0xbeef;
	m.u.lock.flags = 0x07;
	m.u.lock.mmio_reporting_offset = 0xD0000000;
	CHECK_OK(teeio_tdisp_encode_payload(&m, &b));
	CHECK_EQ(b.pos, sizeof(want));
	CHECK_MEM(buf, want, sizeof(want));
	CHECK_OK(teeio_tdisp_decode_payload(want, sizeof(want), &d));
	CHECK_EQ(d.u.lock.mmio_reporting_offset, 0xD0000000);
	CHECK_ERR(teeio_tdisp_decode_payload(want, 0, &d), TEEIO_ERR_SIZE_TRUNCATED);
	buf[0] = 0x00; /* IDE_KM's protocol ID */
	CHECK_ERR(teeio_tdisp_decode_payload(buf, sizeof(want), &d), TEEIO_ERR_PROTO);
}

/* A byte offset (from the version byte) that must be zero, per code. */
struct reserved_case {
	uint8_t code;
	size_t off;
	uint8_t val;
};

TEST(codec_reserved_fields)
{
	static const struct reserved_case cases[] = {
	    {TEEIO_TDISP_GET_VERSION, 2, 1}, /* header reserved u16 */
	    {TEEIO_TDISP_GET_VERSION, 3, 0x80},
	    {TEEIO_TDISP_GET_VERSION, 8, 1}, /* interface ID reserved */
	    {TEEIO_TDISP_STOP_INTERFACE_RSP, 15, 0x80},
	    {TEEIO_TDISP_CAPABILITIES, 16 + 22, 1}, /* caps reserved[3] */
	    {TEEIO_TDISP_CAPABILITIES, 16 + 24, 1},
	    {TEEIO_TDISP_CAPABILITIES, 16 + 21, 0x80}, /* lock flags bit 15 */
	    {TEEIO_TDISP_LOCK_INTERFACE_REQ, 16 + 3, 1}, /* lock reserved byte */
	    {TEEIO_TDISP_LOCK_INTERFACE_REQ, 16 + 0, 0x20}, /* flag bit 5 */
	    {TEEIO_TDISP_LOCK_INTERFACE_REQ, 16 + 1, 0x01}, /* flag bit 8 */
	    {TEEIO_TDISP_DEVICE_INTERFACE_STATE, 16, 4}, /* TDI_STATE 4 */
	    {TEEIO_TDISP_SET_MMIO_ATTRIBUTE_REQ, 16 + 12, 0x10}, /* attr bit 4 */
	    {TEEIO_TDISP_SET_MMIO_ATTRIBUTE_REQ, 16 + 13, 0x80}, /* attr bit 15 */
	};

	for (size_t i = 0; i < TEEIO_ARRAY_LEN(cases); i++) {
		struct teeio_tdisp_msg m = sample(cases[i].code), d;
		uint8_t a[256];
		size_t la = enc(&m, a, sizeof(a));

		CHECK_OK(teeio_tdisp_decode(a, la, &d));
		if (cases[i].code == TEEIO_TDISP_DEVICE_INTERFACE_STATE)
			a[cases[i].off] = cases[i].val;
		else
			a[cases[i].off] |= cases[i].val;
		CHECK_ERR(teeio_tdisp_decode(a, la, &d), TEEIO_ERR_PROTO_RESERVED);
	}
}

TEST(codec_unknown_codes)
{
	struct teeio_tdisp_msg m = sample(TEEIO_TDISP_GET_VERSION), d;
	uint8_t a[64];
	size_t la = enc(&m, a, sizeof(a));
	int known = 0;

	for (unsigned c = 0; c < 256; c++) {
		a[1] = (uint8_t)c;
		teeio_err e = teeio_tdisp_decode(a, la, &d);
		if (e != TEEIO_ERR_PROTO_UNSUPPORTED)
			known++;
	}
	/* Only the 23 codes exist (some decode short bodies as truncated). */
	CHECK(known <= 23);
	a[1] = 0x8C;
	CHECK_ERR(teeio_tdisp_decode(a, la, &d), TEEIO_ERR_PROTO_UNSUPPORTED);
	a[1] = 0x00;
	CHECK_ERR(teeio_tdisp_decode(a, la, &d), TEEIO_ERR_PROTO_UNSUPPORTED);
	m.code = 0x8C;
	struct teeio_buf b = teeio_buf_writer(a, sizeof(a));
	CHECK_ERR(teeio_tdisp_encode(&m, &b), TEEIO_ERR_USAGE);
	CHECK_EQ(b.pos, 0);
	CHECK(strcmp(teeio_tdisp_code_name(0x8C), "?") == 0);
}

/* Lengths inside messages must agree with the bytes present. */
TEST(codec_inconsistent_lengths)
{
	struct teeio_tdisp_msg m, d;
	uint8_t a[256];
	size_t la;

	m = sample(TEEIO_TDISP_DEVICE_INTERFACE_REPORT);
	la = enc(&m, a, sizeof(a));
	a[16] = 7; /* portion length 7, 6 bytes present */
	CHECK_ERR(teeio_tdisp_decode(a, la, &d), TEEIO_ERR_SIZE_TRUNCATED);
	a[16] = 5; /* 5: one byte too many */
	CHECK_ERR(teeio_tdisp_decode(a, la, &d), TEEIO_ERR_SIZE_TRAILING);

	m = sample(TEEIO_TDISP_VERSION);
	la = enc(&m, a, sizeof(a));
	a[16] = 3;
	CHECK_ERR(teeio_tdisp_decode(a, la, &d), TEEIO_ERR_SIZE_TRUNCATED);
	a[16] = 1;
	CHECK_ERR(teeio_tdisp_decode(a, la, &d), TEEIO_ERR_SIZE_TRAILING);

	m = sample(TEEIO_TDISP_VDM_REQ);
	la = enc(&m, a, sizeof(a));
	a[17] = 200; /* vendor ID longer than the message */
	CHECK_ERR(teeio_tdisp_decode(a, la, &d), TEEIO_ERR_SIZE_TRUNCATED);
}

TEST(codec_error_extended_data)
{
	struct teeio_tdisp_msg m = sample(TEEIO_TDISP_ERROR), d;
	uint8_t a[256];
	size_t la;
	struct teeio_buf b;

	/* non-vendor errors carry nothing after ERROR_DATA */
	la = enc(&m, a, sizeof(a));
	CHECK_EQ(la, 24);
	a[la] = 0;
	CHECK_ERR(teeio_tdisp_decode(a, la + 1, &d), TEEIO_ERR_SIZE_TRAILING);
	/* extended data only with VENDOR_SPECIFIC */
	m.u.error.has_ext = true;
	b = teeio_buf_writer(a, sizeof(a));
	CHECK_ERR(teeio_tdisp_encode(&m, &b), TEEIO_ERR_USAGE);
	CHECK_EQ(b.pos, 0);
	m.u.error.code = TEEIO_TDISP_ERR_VENDOR_SPECIFIC;
	m.u.error.ext.registry_id = 1;
	m.u.error.ext.vendor_id_len = 2;
	m.u.error.ext.vendor_id = vid;
	m.u.error.ext.data = vdata;
	m.u.error.ext.data_len = 3;
	la = enc(&m, a, sizeof(a));
	CHECK_EQ(la, 24 + 2 + 2 + 3);
	CHECK_OK(teeio_tdisp_decode(a, la, &d));
	CHECK(d.u.error.has_ext);
	CHECK_EQ(d.u.error.ext.registry_id, 1);
	CHECK_EQ(d.u.error.ext.data_len, 3);
	CHECK_MEM(d.u.error.ext.vendor_id, vid, 2);
	CHECK_ERR(teeio_tdisp_decode(a, 24, &d), TEEIO_ERR_SIZE_TRUNCATED);
	m.u.error.has_ext = false;
	b = teeio_buf_writer(a, sizeof(a));
	CHECK_ERR(teeio_tdisp_encode(&m, &b), TEEIO_ERR_USAGE);
}

TEST(codec_encode_checks)
{
	struct teeio_tdisp_msg m = sample(TEEIO_TDISP_LOCK_INTERFACE_REQ);
	uint8_t a[64];
	struct teeio_buf b;

	/* too small: nothing written, cursor unmoved */
	b = teeio_buf_writer(a, 20);
	CHECK_ERR(teeio_tdisp_encode(&m, &b), TEEIO_ERR_SIZE);
	CHECK_EQ(b.pos, 0);
	b = teeio_buf_writer(a, 20);
	CHECK_ERR(teeio_tdisp_encode_payload(&m, &b), TEEIO_ERR_SIZE);
	CHECK_EQ(b.pos, 0);
	m = sample(TEEIO_TDISP_DEVICE_INTERFACE_STATE);
	m.u.state = 9;
	b = teeio_buf_writer(a, sizeof(a));
	CHECK_ERR(teeio_tdisp_encode(&m, &b), TEEIO_ERR_USAGE);
	m = sample(TEEIO_TDISP_SET_MMIO_ATTRIBUTE_REQ);
	m.u.mmio.attrs = 0x100;
	CHECK_ERR(teeio_tdisp_encode(&m, &b), TEEIO_ERR_USAGE);
	m = sample(TEEIO_TDISP_VDM_REQ);
	m.u.vdm.vendor_id = NULL;
	CHECK_ERR(teeio_tdisp_encode(&m, &b), TEEIO_ERR_USAGE);
	CHECK_EQ(b.pos, 0);
}

TEST(codec_function_id)
{
	CHECK_EQ(teeio_tdisp_function_id(0xbeef, 0, false), 0xbeef);
	CHECK_EQ(teeio_tdisp_function_id(0x0100, 3, true), 0x01030100);
	CHECK_EQ(teeio_tdisp_function_id(0x0100, 0, true), 0x01000100);
	CHECK_EQ(teeio_tdisp_function_id(0x0100, 3, false), 0x01030100); /* valid implied */
	CHECK(teeio_tdisp_function_id_ok(0xbeef));
	CHECK(teeio_tdisp_function_id_ok(0x01ff0001));
	CHECK(!teeio_tdisp_function_id_ok(0x00010001)); /* segment without valid */
	CHECK(!teeio_tdisp_function_id_ok(0x02000001)); /* bit 25 */
	CHECK(!teeio_tdisp_function_id_ok(0x80000000));
}

TEST(codec_names)
{
	CHECK(strcmp(teeio_tdisp_errcode_name(TEEIO_TDISP_ERR_INVALID_NONCE), "INVALID_NONCE") ==
	      0);
	CHECK(strcmp(teeio_tdisp_errcode_name(0x104), "INVALID_DEVICE_CONFIGURATION") == 0);
	CHECK(strcmp(teeio_tdisp_errcode_name(0x2), "?") == 0);
	CHECK(strcmp(teeio_tdisp_state_name(2), "RUN") == 0);
	CHECK(strcmp(teeio_tdisp_state_name(4), "?") == 0);
	CHECK(strcmp(teeio_tdisp_code_name(0x7F), "TDISP_ERROR") == 0);
}

/* A report with two ranges and 3 bytes of device info, by hand. */
static size_t make_report(uint8_t *p)
{
	struct teeio_buf b = teeio_buf_writer(p, 128);
	CHECK_OK(teeio_buf_put_u16le(&b, 0x0003));
	CHECK_OK(teeio_buf_put_u16le(&b, 0));
	CHECK_OK(teeio_buf_put_u16le(&b, 0x8001));
	CHECK_OK(teeio_buf_put_u16le(&b, 0x0002));
	CHECK_OK(teeio_buf_put_u32le(&b, 0x00000004));
	CHECK_OK(teeio_buf_put_u32le(&b, 2));
	for (int i = 0; i < 2; i++) {
		CHECK_OK(teeio_buf_put_u64le(&b, 0xd0080 + (uint64_t)i));
		CHECK_OK(teeio_buf_put_u32le(&b, 4));
		CHECK_OK(teeio_buf_put_u16le(&b, (uint16_t)(i ? 0x8 : 0x5)));
		CHECK_OK(teeio_buf_put_u16le(&b, (uint16_t)(i + 1)));
	}
	CHECK_OK(teeio_buf_put_u32le(&b, 3));
	CHECK_OK(teeio_buf_put_bytes(&b, "abc", 3));
	return b.pos;
}

TEST(codec_report_parse)
{
	uint8_t p[128];
	size_t n = make_report(p);
	struct teeio_tdisp_report_view v;
	struct teeio_tdisp_mmio_range r;

	CHECK_OK(teeio_tdisp_report_parse(p, n, &v));
	CHECK_EQ(v.interface_info, 3);
	CHECK_EQ(v.msix_msg_ctrl, 0x8001);
	CHECK_EQ(v.lnr_ctrl, 2);
	CHECK_EQ(v.tph_ctrl, 4);
	CHECK_EQ(v.n_ranges, 2);
	teeio_tdisp_report_range(&v, 1, &r);
	CHECK_EQ(r.first_page, 0xd0081);
	CHECK_EQ(r.num_pages, 4);
	CHECK_EQ(r.attrs, 0x8);
	CHECK_EQ(r.range_id, 2);
	CHECK_EQ(v.dev_info_len, 3);
	CHECK_MEM(v.dev_info, "abc", 3);

	for (size_t k = 0; k < n; k++)
		CHECK(teeio_tdisp_report_parse(p, k, &v) != TEEIO_OK);
	p[n] = 0;
	CHECK_ERR(teeio_tdisp_report_parse(p, n + 1, &v), TEEIO_ERR_SIZE_TRAILING);
	p[1] = 0x80; /* interface info bit 15 */
	CHECK_ERR(teeio_tdisp_report_parse(p, n, &v), TEEIO_ERR_PROTO_RESERVED);
	p[1] = 0;
	p[2] = 1; /* reserved u16 */
	CHECK_ERR(teeio_tdisp_report_parse(p, n, &v), TEEIO_ERR_PROTO_RESERVED);
	p[2] = 0;
	p[16 + 12] = 0x10; /* range attribute bit 4 */
	CHECK_ERR(teeio_tdisp_report_parse(p, n, &v), TEEIO_ERR_PROTO_RESERVED);
	p[16 + 12] = 0x5;
	p[12] = 0xff; /* a huge range count must not wrap */
	p[13] = 0xff;
	p[14] = 0xff;
	p[15] = 0xff;
	CHECK_ERR(teeio_tdisp_report_parse(p, n, &v), TEEIO_ERR_SIZE_TRUNCATED);
	p[12] = 3; /* three ranges claimed, two present */
	p[13] = p[14] = p[15] = 0;
	CHECK(teeio_tdisp_report_parse(p, n, &v) != TEEIO_OK);
	p[12] = 2;
	p[n - 7] = 4; /* device info length 4, 3 present */
	CHECK_ERR(teeio_tdisp_report_parse(p, n, &v), TEEIO_ERR_SIZE_TRUNCATED);
}

int main(void)
{
	RUN(codec_roundtrip_every_code);
	RUN(codec_truncated_and_trailing);
	RUN(codec_lock_wire_bytes);
	RUN(codec_reserved_fields);
	RUN(codec_unknown_codes);
	RUN(codec_inconsistent_lengths);
	RUN(codec_error_extended_data);
	RUN(codec_encode_checks);
	RUN(codec_function_id);
	RUN(codec_names);
	RUN(codec_report_parse);
	return test_summary();
}
