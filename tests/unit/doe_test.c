/* SPDX-License-Identifier: BSD-3-Clause */
/* transport/: DOE objects, discovery, the DOE binding, the mailbox register
 * model and the host driver that talks to it. */
#include "teeio/transport.h"
#include "test.h"

/* A DOE header as bytes (DW0, DW1 little-endian). */
static void put_hdr(uint8_t *p, uint32_t dw0, uint32_t dw1)
{
	teeio_store_u32le(p, dw0);
	teeio_store_u32le(p + 4, dw1);
}

TEST(doe_round_trip_pads_to_dword)
{
	for (size_t n = 1; n <= 9; n++) {
		uint8_t msg[9], out[32];
		for (size_t i = 0; i < n; i++)
			msg[i] = (uint8_t)(0xa0 + i);
		struct teeio_buf w = teeio_buf_writer(out, sizeof(out));
		CHECK_OK(
		    teeio_doe_encode(&w, TEEIO_DOE_VENDOR_PCISIG, TEEIO_DOE_TYPE_SPDM, msg, n));
		size_t padded = (n + 3) / 4 * 4;
		CHECK_EQ(w.pos, 8 + padded);
		CHECK_EQ(teeio_load_u32le(out), 0x00010001u);
		CHECK_EQ(teeio_load_u32le(out + 4), (8 + padded) / 4);
		for (size_t i = n; i < padded; i++)
			CHECK_EQ(out[8 + i], 0);

		struct teeio_doe_hdr h;
		const uint8_t *p;
		size_t plen;
		CHECK_OK(teeio_doe_decode(out, w.pos, &h, &p, &plen));
		CHECK_EQ(h.vendor, TEEIO_DOE_VENDOR_PCISIG);
		CHECK_EQ(h.type, TEEIO_DOE_TYPE_SPDM);
		CHECK_EQ(h.len_dw, (8 + padded) / 4);
		CHECK_EQ(plen, padded);
		CHECK(p == out + 8);
		CHECK_MEM(p, msg, n);
	}
}

TEST(doe_encode_limits)
{
	uint8_t out[15], msg[8] = {0};
	struct teeio_buf w = teeio_buf_writer(out, sizeof(out));
	CHECK_ERR(teeio_doe_encode(&w, 1, 1, msg, 8), TEEIO_ERR_SIZE);
	CHECK_EQ(w.pos, 0);
	CHECK_ERR(teeio_doe_encode(&w, 1, 1, msg, TEEIO_DOE_MAX_BYTES), TEEIO_ERR_SIZE_LIMIT);
	CHECK_OK(teeio_doe_encode(&w, 1, 1, NULL, 0)); /* header-only object */
	CHECK_EQ(w.pos, 8);
	CHECK_EQ(teeio_load_u32le(out + 4), 2);
}

TEST(doe_max_object_uses_length_zero)
{
	size_t total = TEEIO_DOE_MAX_BYTES;
	uint8_t *obj = malloc(total);
	CHECK(obj != NULL);
	if (!obj)
		return;
	memset(obj, 0x5a, total);
	struct teeio_buf w = teeio_buf_writer(obj, total);
	CHECK_OK(
	    teeio_doe_encode(&w, TEEIO_DOE_VENDOR_PCISIG, TEEIO_DOE_TYPE_SPDM, obj + 8, total - 8));
	CHECK_EQ(w.pos, total);
	CHECK_EQ(teeio_load_u32le(obj + 4), 0); /* 2^18 DW encoded as 0 */
	struct teeio_doe_hdr h;
	const uint8_t *p;
	size_t plen;
	CHECK_OK(teeio_doe_decode(obj, total, &h, &p, &plen));
	CHECK_EQ(h.len_dw, TEEIO_DOE_MAX_DW);
	CHECK_EQ(plen, total - 8);
	/* Length 0 with fewer bytes is truncated, not a tiny object. */
	CHECK_ERR(teeio_doe_decode(obj, 64, &h, &p, &plen), TEEIO_ERR_SIZE_TRUNCATED);
	free(obj);
}

TEST(doe_decode_rejects_malformed)
{
	uint8_t o[16] = {0};
	struct teeio_doe_hdr h;
	const uint8_t *p;
	size_t n;
	put_hdr(o, 0x00010001, 4);
	CHECK_OK(teeio_doe_decode(o, 16, &h, &p, &n));
	/* truncated header */
	CHECK_ERR(teeio_doe_decode(o, 7, &h, &p, &n), TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_ERR(teeio_doe_decode(o, 0, &h, &p, &n), TEEIO_ERR_SIZE_TRUNCATED);
	/* length field says more / fewer DWORDs than the bytes */
	CHECK_ERR(teeio_doe_decode(o, 12, &h, &p, &n), TEEIO_ERR_SIZE_TRUNCATED);
	put_hdr(o, 0x00010001, 3);
	CHECK_ERR(teeio_doe_decode(o, 16, &h, &p, &n), TEEIO_ERR_SIZE_TRAILING);
	CHECK_ERR(teeio_doe_decode(o, 13, &h, &p, &n), TEEIO_ERR_SIZE_TRAILING);
	/* length below the header */
	put_hdr(o, 0x00010001, 1);
	CHECK_ERR(teeio_doe_decode(o, 4, &h, &p, &n), TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_ERR(teeio_doe_decode(o, 8, &h, &p, &n), TEEIO_ERR_PROTO);
	/* reserved: DW0 byte 3, DW1 bits 31:18 */
	put_hdr(o, 0x01010001, 2);
	CHECK_ERR(teeio_doe_decode(o, 8, &h, &p, &n), TEEIO_ERR_PROTO_RESERVED);
	put_hdr(o, 0x00010001, 2 | (1u << 18));
	CHECK_ERR(teeio_doe_decode(o, 8, &h, &p, &n), TEEIO_ERR_PROTO_RESERVED);
	put_hdr(o, 0x00010001, 0x80000002u);
	CHECK_ERR(teeio_doe_decode(o, 8, &h, &p, &n), TEEIO_ERR_PROTO_RESERVED);
	/* vendor and type judged by decode_expect */
	put_hdr(o, 0x00011234, 2);
	CHECK_OK(teeio_doe_decode(o, 8, &h, &p, &n));
	CHECK_EQ(h.vendor, 0x1234);
	CHECK_ERR(teeio_doe_decode_expect(o, 8, TEEIO_DOE_VENDOR_PCISIG, 1, &p, &n),
		  TEEIO_ERR_PROTO_UNSUPPORTED);
	put_hdr(o, 0x00030001, 2);
	CHECK_ERR(teeio_doe_decode_expect(o, 8, TEEIO_DOE_VENDOR_PCISIG, 1, &p, &n),
		  TEEIO_ERR_PROTO_UNSUPPORTED);
	put_hdr(o, 0x00010001, 2);
	CHECK_OK(teeio_doe_decode_expect(o, 8, TEEIO_DOE_VENDOR_PCISIG, 1, &p, &n));
	CHECK_EQ(n, 0);
}

TEST(doe_hdr_decode_fields)
{
	struct teeio_doe_hdr h;
	CHECK_OK(teeio_doe_hdr_decode(0x00021234, 0x3ffff, &h));
	CHECK_EQ(h.vendor, 0x1234);
	CHECK_EQ(h.type, 2);
	CHECK_EQ(h.len_dw, 0x3ffff);
	CHECK_OK(teeio_doe_hdr_decode(0x00000001, 0, &h));
	CHECK_EQ(h.len_dw, 1u << 18);
	CHECK_ERR(teeio_doe_hdr_decode(0x00000001, 1, &h), TEEIO_ERR_PROTO);
}

static const struct teeio_doe_prot prot_table[] = {
    {TEEIO_DOE_VENDOR_PCISIG, TEEIO_DOE_TYPE_DISCOVERY},
    {TEEIO_DOE_VENDOR_PCISIG, TEEIO_DOE_TYPE_SPDM},
    {TEEIO_DOE_VENDOR_PCISIG, TEEIO_DOE_TYPE_SECURED_SPDM},
};

TEST(discovery_codec_and_responder)
{
	uint8_t req[12], rsp[12];
	struct teeio_buf w = teeio_buf_writer(req, sizeof(req));
	CHECK_OK(teeio_doe_disc_req_encode(&w, 1, 2));
	CHECK_EQ(w.pos, 12);
	CHECK_EQ(teeio_load_u32le(req), 0x00000001u); /* discovery type 0 */
	CHECK_EQ(teeio_load_u32le(req + 8), 0x00000201u);
	uint8_t idx, ver;
	CHECK_OK(teeio_doe_disc_req_decode(req, 12, &idx, &ver));
	CHECK_EQ(idx, 1);
	CHECK_EQ(ver, 2);

	struct teeio_buf r = teeio_buf_writer(rsp, sizeof(rsp));
	CHECK_OK(teeio_doe_disc_respond(prot_table, 3, req, 12, &r));
	struct teeio_doe_prot pr;
	uint8_t next;
	CHECK_OK(teeio_doe_disc_rsp_decode(rsp, r.pos, &pr, &next));
	CHECK_EQ(pr.vendor, TEEIO_DOE_VENDOR_PCISIG);
	CHECK_EQ(pr.type, TEEIO_DOE_TYPE_SPDM);
	CHECK_EQ(next, 2);
	/* response layout: vendor (15:0) type (23:16) next (31:24) */
	CHECK_EQ(teeio_load_u32le(rsp + 8), 0x02010001u);

	/* last entry: next index 0 */
	w = teeio_buf_writer(req, sizeof(req));
	CHECK_OK(teeio_doe_disc_req_encode(&w, 2, 0));
	r = teeio_buf_writer(rsp, sizeof(rsp));
	CHECK_OK(teeio_doe_disc_respond(prot_table, 3, req, 12, &r));
	CHECK_OK(teeio_doe_disc_rsp_decode(rsp, r.pos, &pr, &next));
	CHECK_EQ(pr.type, TEEIO_DOE_TYPE_SECURED_SPDM);
	CHECK_EQ(next, 0);

	/* index past the table */
	w = teeio_buf_writer(req, sizeof(req));
	CHECK_OK(teeio_doe_disc_req_encode(&w, 3, 0));
	r = teeio_buf_writer(rsp, sizeof(rsp));
	CHECK_ERR(teeio_doe_disc_respond(prot_table, 3, req, 12, &r), TEEIO_ERR_USAGE_NOT_FOUND);

	/* malformed requests */
	req[10] = 1;
	CHECK_ERR(teeio_doe_disc_req_decode(req, 12, &idx, &ver), TEEIO_ERR_PROTO_RESERVED);
	put_hdr(req, 0x00000001, 2);
	CHECK_ERR(teeio_doe_disc_req_decode(req, 8, &idx, &ver), TEEIO_ERR_SIZE_TRUNCATED);
	put_hdr(req, 0x00010001, 3);
	CHECK_ERR(teeio_doe_disc_req_decode(req, 12, &idx, &ver), TEEIO_ERR_PROTO_UNSUPPORTED);
	uint8_t big[16] = {0};
	put_hdr(big, 0x00000001, 4);
	CHECK_ERR(teeio_doe_disc_req_decode(big, 16, &idx, &ver), TEEIO_ERR_SIZE_TRAILING);
	CHECK_ERR(teeio_doe_disc_rsp_decode(big, 16, &pr, &next), TEEIO_ERR_SIZE_TRAILING);
}

TEST(binding_doe_round_trip_and_padding)
{
	const uint8_t spdm[5] = {0x12, 0x84, 0, 0, 0x77};
	uint8_t out[32];
	struct teeio_buf w = teeio_buf_writer(out, sizeof(out));
	CHECK_OK(teeio_trans_encode(TEEIO_TRANS_PCI_DOE, false, spdm, 5, &w));
	CHECK_EQ(w.pos, 16);
	bool sec = true;
	const uint8_t *m;
	size_t n;
	CHECK_OK(teeio_trans_decode(TEEIO_TRANS_PCI_DOE, out, w.pos, &sec, &m, &n));
	CHECK(!sec);
	CHECK_EQ(n, 8); /* padded length: the SPDM layer sees 3 zero bytes more */
	CHECK_MEM(m, spdm, 5);
	CHECK(m[5] == 0 && m[6] == 0 && m[7] == 0);

	w = teeio_buf_writer(out, sizeof(out));
	CHECK_OK(teeio_trans_encode(TEEIO_TRANS_PCI_DOE, true, spdm, 5, &w));
	CHECK_EQ(out[2], TEEIO_DOE_TYPE_SECURED_SPDM);
	CHECK_OK(teeio_trans_decode(TEEIO_TRANS_PCI_DOE, out, w.pos, &sec, &m, &n));
	CHECK(sec);
	CHECK_EQ(teeio_trans_header_len(TEEIO_TRANS_PCI_DOE), 8);

	/* discovery and empty objects are not SPDM */
	w = teeio_buf_writer(out, sizeof(out));
	CHECK_OK(teeio_doe_disc_req_encode(&w, 0, 0));
	CHECK_ERR(teeio_trans_decode(TEEIO_TRANS_PCI_DOE, out, w.pos, &sec, &m, &n),
		  TEEIO_ERR_PROTO_UNSUPPORTED);
	put_hdr(out, 0x00010001, 2);
	CHECK_ERR(teeio_trans_decode(TEEIO_TRANS_PCI_DOE, out, 8, &sec, &m, &n),
		  TEEIO_ERR_SIZE_TRUNCATED);
	put_hdr(out, 0x00020002, 3);
	CHECK_ERR(teeio_trans_decode(TEEIO_TRANS_PCI_DOE, out, 12, &sec, &m, &n),
		  TEEIO_ERR_PROTO_UNSUPPORTED); /* wrong vendor */
	CHECK_ERR(teeio_trans_encode(TEEIO_TRANS_PCI_DOE, false, spdm, 0, &w), TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_trans_encode((enum teeio_trans)7, false, spdm, 5, &w), TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_trans_decode((enum teeio_trans)7, out, 12, &sec, &m, &n), TEEIO_ERR_USAGE);
}

/* ------------------------------------------------------------------------ */
/* Mailbox.                                                                 */

/* A scripted device: answers discovery from prot_table, echoes SPDM
 * objects (payload bytes + 1), or defers (async) or misbehaves. */
struct fake_dev {
	enum { DEV_ECHO, DEV_ASYNC, DEV_FAIL, DEV_BAD_RSP, DEV_BIG_RSP } mode;
	int calls;
	size_t last_len;
};

static teeio_err fake_handle(void *ctx, const uint8_t *req, size_t len, struct teeio_buf *rsp)
{
	struct fake_dev *d = ctx;
	d->calls++;
	d->last_len = len;
	struct teeio_doe_hdr h;
	const uint8_t *p;
	size_t n;
	TRY(teeio_doe_decode(req, len, &h, &p, &n));
	if (h.type == TEEIO_DOE_TYPE_DISCOVERY)
		return teeio_doe_disc_respond(prot_table, 3, req, len, rsp);
	switch (d->mode) {
	case DEV_ASYNC: return TEEIO_ERR_PROTO_BUSY;
	case DEV_FAIL: return TEEIO_ERR_PROTO;
	case DEV_BAD_RSP: return teeio_buf_put_u32le(rsp, 0x00010001); /* header only half */
	case DEV_BIG_RSP: {
		uint8_t z[64] = {0};
		return teeio_doe_encode(rsp, TEEIO_DOE_VENDOR_PCISIG, TEEIO_DOE_TYPE_SPDM, z, 64);
	}
	case DEV_ECHO: break;
	}
	uint8_t tmp[64];
	ENSURE(n <= sizeof(tmp), TEEIO_ERR_SIZE);
	for (size_t i = 0; i < n; i++)
		tmp[i] = (uint8_t)(p[i] + 1);
	return teeio_doe_encode(rsp, h.vendor, h.type, tmp, n);
}

struct rig {
	struct fake_dev dev;
	uint8_t req[64], rsp[128];
	struct teeio_doe_mb mb;
};

static void rig_init(struct rig *r, bool int_sup)
{
	memset(r, 0, sizeof(*r));
	struct teeio_doe_mb_cfg cfg = {
	    .dev = {fake_handle, &r->dev},
	    .req_buf = r->req,
	    .req_cap = sizeof(r->req),
	    .rsp_buf = r->rsp,
	    .rsp_cap = sizeof(r->rsp),
	    .int_sup = int_sup,
	    .int_msg = 5,
	    .next_cap = 0x160,
	};
	CHECK_OK(teeio_doe_mb_init(&r->mb, &cfg));
}

static uint32_t st(struct rig *r)
{
	return teeio_doe_mb_read(&r->mb, TEEIO_DOE_REG_STATUS);
}

static void wr(struct rig *r, uint32_t off, uint32_t v)
{
	teeio_doe_mb_write(&r->mb, off, v);
}

TEST(mailbox_init_rejects_bad_storage)
{
	struct rig r;
	rig_init(&r, false);
	struct teeio_doe_mb_cfg cfg = r.mb.cfg;
	struct teeio_doe_mb mb;
	cfg.req_cap = 10;
	CHECK_ERR(teeio_doe_mb_init(&mb, &cfg), TEEIO_ERR_USAGE);
	cfg = r.mb.cfg;
	cfg.rsp_cap = 4;
	CHECK_ERR(teeio_doe_mb_init(&mb, &cfg), TEEIO_ERR_USAGE);
	cfg = r.mb.cfg;
	cfg.dev.handle = NULL;
	CHECK_ERR(teeio_doe_mb_init(&mb, &cfg), TEEIO_ERR_USAGE);
}

TEST(mailbox_capability_registers)
{
	struct rig r;
	rig_init(&r, true);
	CHECK_EQ(teeio_doe_mb_read(&r.mb, 0), 0x002eu | (1u << 16) | (0x160u << 20));
	CHECK_EQ(teeio_doe_mb_read(&r.mb, TEEIO_DOE_REG_CAP), 1u | (5u << 1));
	CHECK_EQ(st(&r), 0);
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_INT_EN);
	CHECK_EQ(teeio_doe_mb_read(&r.mb, TEEIO_DOE_REG_CTRL), TEEIO_DOE_CTRL_INT_EN);
	CHECK_EQ(teeio_doe_mb_read(&r.mb, TEEIO_DOE_REG_WRITE), 0);
	CHECK_EQ(teeio_doe_mb_read(&r.mb, TEEIO_DOE_REG_READ), 0);
	CHECK_EQ(teeio_doe_mb_read(&r.mb, 0x40), 0);
	wr(&r, TEEIO_DOE_REG_CAP, 0xffffffff); /* read-only: ignored */
	CHECK_EQ(teeio_doe_mb_read(&r.mb, TEEIO_DOE_REG_CAP), 1u | (5u << 1));
}

TEST(mailbox_exchange_dword_by_dword)
{
	struct rig r;
	rig_init(&r, true);
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_INT_EN);
	wr(&r, TEEIO_DOE_REG_WRITE, 0x00010001);
	wr(&r, TEEIO_DOE_REG_WRITE, 4);
	wr(&r, TEEIO_DOE_REG_WRITE, 0x04030201);
	CHECK_EQ(st(&r), 0);
	wr(&r, TEEIO_DOE_REG_WRITE, 0x08070605);
	CHECK_EQ(r.dev.calls, 0);
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_GO | TEEIO_DOE_CTRL_INT_EN);
	CHECK_EQ(r.dev.calls, 1);
	CHECK_EQ(r.dev.last_len, 16);
	CHECK_EQ(st(&r), TEEIO_DOE_STATUS_DATA_OBJECT_READY | TEEIO_DOE_STATUS_INT_STATUS);
	wr(&r, TEEIO_DOE_REG_STATUS, TEEIO_DOE_STATUS_INT_STATUS); /* RW1C */
	CHECK_EQ(st(&r), TEEIO_DOE_STATUS_DATA_OBJECT_READY);

	const uint32_t want[4] = {0x00010001, 4, 0x05040302, 0x09080706};
	for (int i = 0; i < 4; i++) {
		CHECK(st(&r) & TEEIO_DOE_STATUS_DATA_OBJECT_READY);
		CHECK_EQ(teeio_doe_mb_read(&r.mb, TEEIO_DOE_REG_READ), want[i]);
		/* reading twice does not advance */
		CHECK_EQ(teeio_doe_mb_read(&r.mb, TEEIO_DOE_REG_READ), want[i]);
		wr(&r, TEEIO_DOE_REG_READ, 0);
	}
	CHECK_EQ(st(&r), 0);
	/* read past the end: nothing there, and popping is an error */
	CHECK_EQ(teeio_doe_mb_read(&r.mb, TEEIO_DOE_REG_READ), 0);
	wr(&r, TEEIO_DOE_REG_READ, 0);
	CHECK_EQ(st(&r), TEEIO_DOE_STATUS_ERROR | TEEIO_DOE_STATUS_INT_STATUS);
}

TEST(mailbox_abort_in_the_middle)
{
	struct rig r;
	rig_init(&r, false);
	wr(&r, TEEIO_DOE_REG_WRITE, 0x00010001);
	wr(&r, TEEIO_DOE_REG_WRITE, 4);
	wr(&r, TEEIO_DOE_REG_WRITE, 0x11111111);
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_ABORT);
	CHECK_EQ(st(&r), 0);
	/* GO now would be on an empty object: error */
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_GO);
	CHECK_EQ(st(&r), TEEIO_DOE_STATUS_ERROR);
	CHECK_EQ(r.dev.calls, 0);
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_ABORT);

	/* abort while a response is half read */
	wr(&r, TEEIO_DOE_REG_WRITE, 0x00010001);
	wr(&r, TEEIO_DOE_REG_WRITE, 3);
	wr(&r, TEEIO_DOE_REG_WRITE, 0);
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_GO);
	wr(&r, TEEIO_DOE_REG_READ, 0);
	CHECK(st(&r) & TEEIO_DOE_STATUS_DATA_OBJECT_READY);
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_ABORT | TEEIO_DOE_CTRL_GO);
	CHECK_EQ(st(&r), 0);
	CHECK_EQ(r.dev.calls, 1); /* GO with ABORT is ignored */

	/* and the mailbox works again */
	struct teeio_doe_host h;
	CHECK_OK(teeio_doe_host_init(&h, teeio_doe_mb_cfg_ops(&r.mb), 0, 16));
	uint8_t req[12], rsp[64];
	put_hdr(req, 0x00010001, 3);
	teeio_store_u32le(req + 8, 0x01010101);
	size_t n = sizeof(rsp);
	CHECK_OK(teeio_doe_host_exchange(&h, req, 12, rsp, &n));
	CHECK_EQ(n, 12);
	CHECK_EQ(teeio_load_u32le(rsp + 8), 0x02020202);
}

TEST(mailbox_go_while_busy_is_sticky_error)
{
	struct rig r;
	rig_init(&r, false);
	r.dev.mode = DEV_ASYNC;
	wr(&r, TEEIO_DOE_REG_WRITE, 0x00010001);
	wr(&r, TEEIO_DOE_REG_WRITE, 2);
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_GO);
	CHECK_EQ(st(&r), TEEIO_DOE_STATUS_BUSY);
	CHECK(teeio_doe_mb_pending(&r.mb));
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_GO);
	CHECK_EQ(st(&r), TEEIO_DOE_STATUS_ERROR);
	CHECK(!teeio_doe_mb_pending(&r.mb));
	/* sticky: writes, pops and GO are ignored until abort */
	wr(&r, TEEIO_DOE_REG_WRITE, 0x00010001);
	wr(&r, TEEIO_DOE_REG_WRITE, 2);
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_GO);
	wr(&r, TEEIO_DOE_REG_READ, 0);
	CHECK_EQ(st(&r), TEEIO_DOE_STATUS_ERROR);
	CHECK_EQ(r.dev.calls, 1);
	/* the device's late answer is refused */
	uint8_t late[8];
	put_hdr(late, 0x00010001, 2);
	CHECK_ERR(teeio_doe_mb_complete(&r.mb, late, 8), TEEIO_ERR_TRANSPORT_ABORT);
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_ABORT);
	CHECK_EQ(st(&r), 0);
	CHECK_ERR(teeio_doe_mb_complete(&r.mb, late, 8), TEEIO_ERR_TRANSPORT_ABORT);

	/* a write while busy is an error too */
	wr(&r, TEEIO_DOE_REG_WRITE, 0x00010001);
	wr(&r, TEEIO_DOE_REG_WRITE, 2);
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_GO);
	wr(&r, TEEIO_DOE_REG_WRITE, 0x00010001);
	CHECK_EQ(st(&r), TEEIO_DOE_STATUS_ERROR);
}

TEST(mailbox_async_completion)
{
	struct rig r;
	rig_init(&r, false);
	r.dev.mode = DEV_ASYNC;
	uint8_t rsp[12];
	CHECK_ERR(teeio_doe_mb_complete(&r.mb, rsp, 12), TEEIO_ERR_STATE);
	wr(&r, TEEIO_DOE_REG_WRITE, 0x00010001);
	wr(&r, TEEIO_DOE_REG_WRITE, 2);
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_GO);
	put_hdr(rsp, 0x00010001, 3);
	teeio_store_u32le(rsp + 8, 0xcafef00d);
	CHECK_OK(teeio_doe_mb_complete(&r.mb, rsp, 12));
	CHECK_EQ(st(&r), TEEIO_DOE_STATUS_DATA_OBJECT_READY);
	wr(&r, TEEIO_DOE_REG_READ, 0);
	wr(&r, TEEIO_DOE_REG_READ, 0);
	CHECK_EQ(teeio_doe_mb_read(&r.mb, TEEIO_DOE_REG_READ), 0xcafef00d);

	/* a malformed late answer fails the mailbox */
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_ABORT);
	wr(&r, TEEIO_DOE_REG_WRITE, 0x00010001);
	wr(&r, TEEIO_DOE_REG_WRITE, 2);
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_GO);
	put_hdr(rsp, 0x00010001, 4);
	CHECK_ERR(teeio_doe_mb_complete(&r.mb, rsp, 12), TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_EQ(st(&r), TEEIO_DOE_STATUS_ERROR);
	/* and an oversize one */
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_ABORT);
	wr(&r, TEEIO_DOE_REG_WRITE, 0x00010001);
	wr(&r, TEEIO_DOE_REG_WRITE, 2);
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_GO);
	uint8_t big[256] = {0};
	CHECK_ERR(teeio_doe_mb_complete(&r.mb, big, sizeof(big)), TEEIO_ERR_SIZE);
	CHECK_EQ(st(&r), TEEIO_DOE_STATUS_ERROR);
}

TEST(mailbox_oversize_and_malformed_requests)
{
	struct rig r;
	rig_init(&r, false);
	/* header announces more than the 64-byte storage */
	wr(&r, TEEIO_DOE_REG_WRITE, 0x00010001);
	wr(&r, TEEIO_DOE_REG_WRITE, 17);
	CHECK_EQ(st(&r), TEEIO_DOE_STATUS_ERROR);
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_ABORT);
	/* length 0 means 2^18 DW: also too big */
	wr(&r, TEEIO_DOE_REG_WRITE, 0x00010001);
	wr(&r, TEEIO_DOE_REG_WRITE, 0);
	CHECK_EQ(st(&r), TEEIO_DOE_STATUS_ERROR);
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_ABORT);
	/* more DWORDs than announced */
	wr(&r, TEEIO_DOE_REG_WRITE, 0x00010001);
	wr(&r, TEEIO_DOE_REG_WRITE, 3);
	wr(&r, TEEIO_DOE_REG_WRITE, 0);
	CHECK_EQ(st(&r), 0);
	wr(&r, TEEIO_DOE_REG_WRITE, 0);
	CHECK_EQ(st(&r), TEEIO_DOE_STATUS_ERROR);
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_ABORT);
	/* reserved bits / length 1 in the header */
	wr(&r, TEEIO_DOE_REG_WRITE, 0xff010001);
	wr(&r, TEEIO_DOE_REG_WRITE, 3);
	CHECK_EQ(st(&r), TEEIO_DOE_STATUS_ERROR);
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_ABORT);
	wr(&r, TEEIO_DOE_REG_WRITE, 0x00010001);
	wr(&r, TEEIO_DOE_REG_WRITE, 1);
	CHECK_EQ(st(&r), TEEIO_DOE_STATUS_ERROR);
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_ABORT);
	/* GO on an incomplete object */
	wr(&r, TEEIO_DOE_REG_WRITE, 0x00010001);
	wr(&r, TEEIO_DOE_REG_WRITE, 4);
	wr(&r, TEEIO_DOE_REG_WRITE, 0);
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_GO);
	CHECK_EQ(st(&r), TEEIO_DOE_STATUS_ERROR);
	/* 16 DWORDs fill the storage exactly: accepted */
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_ABORT);
	wr(&r, TEEIO_DOE_REG_WRITE, 0x00010001);
	wr(&r, TEEIO_DOE_REG_WRITE, 16);
	for (int i = 0; i < 14; i++)
		wr(&r, TEEIO_DOE_REG_WRITE, 0);
	CHECK_EQ(st(&r), 0);
	wr(&r, TEEIO_DOE_REG_WRITE, 0);
	CHECK_EQ(st(&r), TEEIO_DOE_STATUS_ERROR);
	CHECK_EQ(r.dev.calls, 0);
}

TEST(mailbox_device_failures_set_error)
{
	struct rig r;
	rig_init(&r, false);
	struct teeio_doe_host h;
	CHECK_OK(teeio_doe_host_init(&h, teeio_doe_mb_cfg_ops(&r.mb), 0, 8));
	uint8_t req[8], rsp[256];
	put_hdr(req, 0x00010001, 2);
	r.dev.mode = DEV_FAIL;
	size_t n = sizeof(rsp);
	CHECK_ERR(teeio_doe_host_exchange(&h, req, 8, rsp, &n), TEEIO_ERR_TRANSPORT);
	CHECK_EQ(st(&r), 0); /* the host aborted */
	r.dev.mode = DEV_BAD_RSP;
	n = sizeof(rsp);
	CHECK_ERR(teeio_doe_host_exchange(&h, req, 8, rsp, &n), TEEIO_ERR_TRANSPORT);
	/* a response larger than the host's buffer is drained, then SIZE */
	r.dev.mode = DEV_BIG_RSP;
	n = 32;
	CHECK_ERR(teeio_doe_host_exchange(&h, req, 8, rsp, &n), TEEIO_ERR_SIZE);
	CHECK_EQ(st(&r), 0);
	n = sizeof(rsp);
	CHECK_OK(teeio_doe_host_exchange(&h, req, 8, rsp, &n));
	CHECK_EQ(n, 72);
	CHECK(!h.dead);
}

TEST(host_discovery_walk)
{
	struct rig r;
	rig_init(&r, false);
	struct teeio_doe_host h;
	CHECK_OK(teeio_doe_host_init(&h, teeio_doe_mb_cfg_ops(&r.mb), 0, 0));
	CHECK_EQ(h.poll_max, TEEIO_DOE_HOST_POLL_DEFAULT);
	struct teeio_doe_prot p;
	uint8_t next;
	CHECK_OK(teeio_doe_host_discover(&h, 0, &p, &next));
	CHECK_EQ(p.type, TEEIO_DOE_TYPE_DISCOVERY);
	CHECK_EQ(next, 1);
	bool found = false;
	struct teeio_doe_prot want = {TEEIO_DOE_VENDOR_PCISIG, TEEIO_DOE_TYPE_SECURED_SPDM};
	CHECK_OK(teeio_doe_host_supports(&h, want, &found));
	CHECK(found);
	want.type = 9;
	CHECK_OK(teeio_doe_host_supports(&h, want, &found));
	CHECK(!found);
	CHECK_EQ(r.dev.calls, 1 + 3 + 3);
}

TEST(host_timeout_when_device_never_answers)
{
	struct rig r;
	rig_init(&r, false);
	r.dev.mode = DEV_ASYNC;
	struct teeio_doe_host h;
	CHECK_OK(teeio_doe_host_init(&h, teeio_doe_mb_cfg_ops(&r.mb), 0, 5));
	uint8_t req[8], rsp[64];
	put_hdr(req, 0x00010001, 2);
	size_t n = sizeof(rsp);
	CHECK_ERR(teeio_doe_host_exchange(&h, req, 8, rsp, &n), TEEIO_ERR_TRANSPORT_TIMEOUT);
	CHECK_EQ(st(&r), 0); /* aborted */
	CHECK(!h.dead);
	uint8_t late[8];
	put_hdr(late, 0x00010001, 2);
	CHECK_ERR(teeio_doe_mb_complete(&r.mb, late, 8), TEEIO_ERR_TRANSPORT_ABORT);
	/* a request with the mailbox busy is refused up front */
	wr(&r, TEEIO_DOE_REG_WRITE, 0x00010001);
	wr(&r, TEEIO_DOE_REG_WRITE, 2);
	wr(&r, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_GO);
	n = sizeof(rsp);
	CHECK_ERR(teeio_doe_host_exchange(&h, req, 8, rsp, &n), TEEIO_ERR_PROTO_BUSY);
	CHECK_ERR(teeio_doe_host_exchange(&h, req, 6, rsp, &n), TEEIO_ERR_USAGE);
}

/* Config accessors for a mailbox that ignores ABORT (a wedged device, or a
 * VMM that swallows the write). */
static uint32_t wedged_read(void *ctx, uint32_t off)
{
	return teeio_doe_mb_read(ctx, off);
}

static void wedged_write(void *ctx, uint32_t off, uint32_t val)
{
	if (off == TEEIO_DOE_REG_CTRL && (val & TEEIO_DOE_CTRL_ABORT))
		return;
	teeio_doe_mb_write(ctx, off, val);
}

TEST(host_marks_unabortable_mailbox_dead)
{
	struct rig r;
	rig_init(&r, false);
	r.dev.mode = DEV_ASYNC;
	struct teeio_cfg_ops ops = {wedged_read, wedged_write, &r.mb};
	struct teeio_doe_host h;
	CHECK_OK(teeio_doe_host_init(&h, ops, 0, 4));
	uint8_t req[8], rsp[64];
	put_hdr(req, 0x00010001, 2);
	size_t n = sizeof(rsp);
	CHECK_ERR(teeio_doe_host_exchange(&h, req, 8, rsp, &n), TEEIO_ERR_STATE_DEAD);
	CHECK(h.dead);
	CHECK_ERR(teeio_doe_host_exchange(&h, req, 8, rsp, &n), TEEIO_ERR_STATE_DEAD);
	CHECK_ERR(teeio_doe_host_abort(&h), TEEIO_ERR_STATE_DEAD);
}

TEST(host_init_checks_capability)
{
	struct rig r;
	rig_init(&r, false);
	struct teeio_doe_host h;
	/* capability expected at 0x100 but the mailbox answers at 0 */
	CHECK_ERR(teeio_doe_host_init(&h, teeio_doe_mb_cfg_ops(&r.mb), 0x100, 4),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	struct teeio_cfg_ops none = {NULL, NULL, NULL};
	CHECK_ERR(teeio_doe_host_init(&h, none, 0, 4), TEEIO_ERR_USAGE);
	/* init aborts a mailbox left in error */
	wr(&r, TEEIO_DOE_REG_READ, 0);
	CHECK_EQ(st(&r), TEEIO_DOE_STATUS_ERROR);
	CHECK_OK(teeio_doe_host_init(&h, teeio_doe_mb_cfg_ops(&r.mb), 0, 4));
	CHECK_EQ(st(&r), 0);
}

/* SPDM responder stand-in: answers "0x5X | request", goes unsecured when
 * the request starts 0xDD, fails on 0xFF, writes nothing on 0xEE. */
static teeio_err spdm_echo(void *ctx, bool secured, const uint8_t *msg, size_t len,
			   struct teeio_buf *rsp, bool *rsp_secured)
{
	int *calls = ctx;
	(*calls)++;
	ENSURE(msg[0] != 0xff, TEEIO_ERR_PROTO);
	if (msg[0] == 0xee)
		return TEEIO_OK;
	if (msg[0] == 0xdd)
		*rsp_secured = false;
	TRY(teeio_buf_put_u8(rsp, secured ? 0x52 : 0x50));
	return teeio_buf_put_bytes(rsp, msg, len);
}

TEST(doe_spdm_device_over_mailbox)
{
	int calls = 0;
	struct teeio_doe_spdm_dev dev = {prot_table, 3, spdm_echo, &calls};
	uint8_t req_buf[64], rsp_buf[64];
	struct teeio_doe_mb mb;
	struct teeio_doe_mb_cfg cfg = {
	    .dev = {teeio_doe_spdm_handle, &dev},
	    .req_buf = req_buf,
	    .req_cap = sizeof(req_buf),
	    .rsp_buf = rsp_buf,
	    .rsp_cap = sizeof(rsp_buf),
	};
	CHECK_OK(teeio_doe_mb_init(&mb, &cfg));
	struct teeio_doe_host h;
	CHECK_OK(teeio_doe_host_init(&h, teeio_doe_mb_cfg_ops(&mb), 0, 8));
	bool found = false;
	CHECK_OK(teeio_doe_host_supports(&h, prot_table[1], &found));
	CHECK(found);

	/* plain SPDM: 4-byte message, response 5 bytes padded to 8 */
	const uint8_t get_version[4] = {0x10, 0x84, 0, 0};
	uint8_t req[16], rsp[64];
	struct teeio_buf w = teeio_buf_writer(req, sizeof(req));
	CHECK_OK(teeio_trans_encode(TEEIO_TRANS_PCI_DOE, false, get_version, 4, &w));
	size_t n = sizeof(rsp);
	CHECK_OK(teeio_doe_host_exchange(&h, req, w.pos, rsp, &n));
	bool sec = true;
	const uint8_t *m;
	size_t mlen;
	CHECK_OK(teeio_trans_decode(TEEIO_TRANS_PCI_DOE, rsp, n, &sec, &m, &mlen));
	CHECK(!sec);
	CHECK_EQ(mlen, 8);
	CHECK_EQ(m[0], 0x50);
	CHECK_MEM(m + 1, get_version, 4);
	CHECK(m[5] == 0 && m[6] == 0 && m[7] == 0);

	/* secured stays secured, unless the responder says otherwise */
	const uint8_t sec_msg[6] = {1, 2, 3, 4, 5, 6};
	w = teeio_buf_writer(req, sizeof(req));
	CHECK_OK(teeio_trans_encode(TEEIO_TRANS_PCI_DOE, true, sec_msg, 6, &w));
	n = sizeof(rsp);
	CHECK_OK(teeio_doe_host_exchange(&h, req, w.pos, rsp, &n));
	CHECK_OK(teeio_trans_decode(TEEIO_TRANS_PCI_DOE, rsp, n, &sec, &m, &mlen));
	CHECK(sec);
	CHECK_EQ(m[0], 0x52);
	const uint8_t dd[4] = {0xdd, 0, 0, 0};
	w = teeio_buf_writer(req, sizeof(req));
	CHECK_OK(teeio_trans_encode(TEEIO_TRANS_PCI_DOE, true, dd, 4, &w));
	n = sizeof(rsp);
	CHECK_OK(teeio_doe_host_exchange(&h, req, w.pos, rsp, &n));
	CHECK_OK(teeio_trans_decode(TEEIO_TRANS_PCI_DOE, rsp, n, &sec, &m, &mlen));
	CHECK(!sec);

	/* responder failure and unsupported objects fail the mailbox */
	const uint8_t ff[4] = {0xff, 0, 0, 0};
	w = teeio_buf_writer(req, sizeof(req));
	CHECK_OK(teeio_trans_encode(TEEIO_TRANS_PCI_DOE, false, ff, 4, &w));
	n = sizeof(rsp);
	CHECK_ERR(teeio_doe_host_exchange(&h, req, w.pos, rsp, &n), TEEIO_ERR_TRANSPORT);
	put_hdr(req, 0x00030001, 3); /* type 3 (connection ID) not served */
	n = sizeof(rsp);
	CHECK_ERR(teeio_doe_host_exchange(&h, req, 12, rsp, &n), TEEIO_ERR_TRANSPORT);
	put_hdr(req, 0x00010002, 3); /* another vendor */
	n = sizeof(rsp);
	CHECK_ERR(teeio_doe_host_exchange(&h, req, 12, rsp, &n), TEEIO_ERR_TRANSPORT);
	CHECK_EQ(calls, 4);

	/* called directly: a failure leaves the cursor untouched */
	uint8_t out[32];
	struct teeio_buf o = teeio_buf_writer(out, sizeof(out));
	CHECK_OK(teeio_buf_put_u8(&o, 0x99));
	w = teeio_buf_writer(req, sizeof(req));
	CHECK_OK(teeio_trans_encode(TEEIO_TRANS_PCI_DOE, false, ff, 4, &w));
	CHECK_ERR(teeio_doe_spdm_handle(&dev, req, w.pos, &o), TEEIO_ERR_PROTO);
	CHECK_EQ(o.pos, 1);
	const uint8_t ee[4] = {0xee, 0, 0, 0};
	w = teeio_buf_writer(req, sizeof(req));
	CHECK_OK(teeio_trans_encode(TEEIO_TRANS_PCI_DOE, false, ee, 4, &w));
	CHECK_ERR(teeio_doe_spdm_handle(&dev, req, w.pos, &o), TEEIO_ERR_INTERNAL);
	CHECK_EQ(o.pos, 1);
	o = teeio_buf_writer(out, 12); /* room for the header and 4 bytes only */
	CHECK_OK(teeio_trans_encode(TEEIO_TRANS_PCI_DOE, false, get_version, 4,
				    &(struct teeio_buf){req, sizeof(req), 0}));
	CHECK_ERR(teeio_doe_spdm_handle(&dev, req, 12, &o), TEEIO_ERR_SIZE);
	CHECK_EQ(o.pos, 0);
}

int main(void)
{
	RUN(doe_round_trip_pads_to_dword);
	RUN(doe_encode_limits);
	RUN(doe_max_object_uses_length_zero);
	RUN(doe_decode_rejects_malformed);
	RUN(doe_hdr_decode_fields);
	RUN(discovery_codec_and_responder);
	RUN(binding_doe_round_trip_and_padding);
	RUN(mailbox_init_rejects_bad_storage);
	RUN(mailbox_capability_registers);
	RUN(mailbox_exchange_dword_by_dword);
	RUN(mailbox_abort_in_the_middle);
	RUN(mailbox_go_while_busy_is_sticky_error);
	RUN(mailbox_async_completion);
	RUN(mailbox_oversize_and_malformed_requests);
	RUN(mailbox_device_failures_set_error);
	RUN(host_discovery_walk);
	RUN(host_timeout_when_device_never_answers);
	RUN(host_marks_unabortable_mailbox_dead);
	RUN(host_init_checks_capability);
	RUN(doe_spdm_device_over_mailbox);
	return test_summary();
}
