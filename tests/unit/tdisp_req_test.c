/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TDISP requester: the spdm-emu flow against the teeio responder, then
 * every way a response can be wrong (a scripted peer answering with
 * mutated or hand-made responses): wrong version, code, function ID,
 * reserved bits, lengths, TDISP_ERROR mapping, report portions that lie
 * about their offsets or remainders, VDM echo.
 */
#include "test.h"
#include "support/tdisp.h"

#define FID TDISP_FX_FID0

static struct tdisp_fx fx;

/* The flow spdm-emu's requester runs: version, caps, state, lock, state,
 * report, start, state, stop, state. */
TEST(req_spdm_emu_flow)
{
	struct teeio_tdisp_caps caps;
	struct teeio_tdisp_lock_params p = {0};
	uint8_t nonce[TEEIO_TDISP_NONCE_LEN], rep[2048];
	enum teeio_tdisp_state st;
	struct teeio_tdisp_report_view v;
	struct teeio_tdisp_mmio_range r;
	size_t len;

	tdisp_fx_init(&fx, 4,
		      TEEIO_TDISP_LOCK_NO_FW_UPDATE | TEEIO_TDISP_LOCK_SYSTEM_CACHE_LINE_SIZE |
			  TEEIO_TDISP_LOCK_MSIX);
	CHECK_OK(teeio_tdisp_req_get_version(&fx.req, FID));
	CHECK_OK(teeio_tdisp_req_get_caps(&fx.req, FID, 0, &caps));
	CHECK_OK(teeio_tdisp_req_get_state(&fx.req, FID, &st));
	CHECK_EQ(st, TEEIO_TDISP_CONFIG_UNLOCKED);
	p.flags = caps.lock_flags;
	p.default_stream_id = TDISP_FX_STREAM;
	p.mmio_reporting_offset = 0xD0000000;
	CHECK_OK(teeio_tdisp_req_lock(&fx.req, FID, &p, nonce));
	CHECK(teeio_ct_is_zero(fx.req.rsp, 1 + 16 + 32)); /* no nonce copy left behind */
	CHECK_OK(teeio_tdisp_req_get_state(&fx.req, FID, &st));
	CHECK_EQ(st, TEEIO_TDISP_CONFIG_LOCKED);
	CHECK_OK(teeio_tdisp_req_get_report(&fx.req, FID, rep, sizeof(rep), &len));
	CHECK_OK(teeio_tdisp_report_parse(rep, len, &v));
	CHECK_EQ(v.n_ranges, 4);
	teeio_tdisp_report_range(&v, 3, &r);
	CHECK_EQ(r.first_page, (fx.ranges[3].addr + 0xD0000000) >> 12);
	CHECK_EQ(v.dev_info_len, TDISP_FX_INFO_LEN);
	CHECK_OK(teeio_tdisp_req_start(&fx.req, FID, nonce));
	CHECK_OK(teeio_tdisp_req_get_state(&fx.req, FID, &st));
	CHECK_EQ(st, TEEIO_TDISP_RUN);
	CHECK_OK(teeio_tdisp_req_stop(&fx.req, FID));
	CHECK_OK(teeio_tdisp_req_get_state(&fx.req, FID, &st));
	CHECK_EQ(st, TEEIO_TDISP_CONFIG_UNLOCKED);
}

/* ------------------------------------------------------------------------ */
/* A peer that forwards to the fixture and lets a test mutate answers, or
 * answers with canned bytes.                                               */

struct peer {
	int calls;
	int mutate_call; /* which call to mutate (-1: none) */
	size_t off; /* byte to xor ...                 */
	uint8_t xor_val; /* ... with this                   */
	int extend; /* append this many zero bytes     */
	int cut; /* drop this many bytes            */
	const uint8_t *canned; /* non-NULL: answer this instead */
	size_t canned_len;
	teeio_err fail; /* exchange error to return        */
};

static struct peer peer;

static teeio_err peer_exchange(void *ctx, const uint8_t *req, size_t req_len, uint8_t *rsp,
			       size_t *rsp_len)
{
	int call = peer.calls++;
	(void)ctx;

	if (peer.fail)
		return peer.fail;
	if (peer.canned) {
		CHECK(peer.canned_len <= *rsp_len);
		memcpy(rsp, peer.canned, peer.canned_len);
		*rsp_len = peer.canned_len;
		return TEEIO_OK;
	}
	TRY(tdisp_fx_exchange(&fx, req, req_len, rsp, rsp_len));
	if (call == peer.mutate_call) {
		if (peer.off < *rsp_len)
			rsp[peer.off] ^= peer.xor_val;
		for (int i = 0; i < peer.extend; i++)
			rsp[(*rsp_len)++] = 0;
		*rsp_len -= (size_t)peer.cut;
	}
	return TEEIO_OK;
}

static void peer_reset(int mutate_call, size_t off, uint8_t xor_val)
{
	memset(&peer, 0, sizeof(peer));
	peer.mutate_call = mutate_call;
	peer.off = off;
	peer.xor_val = xor_val;
	tdisp_fx_init(&fx, 8, TEEIO_TDISP_LOCK_FLAGS_ALL);
	teeio_tdisp_req_init(&fx.req, peer_exchange, NULL);
}

/* Every header byte of a GET_DEVICE_INTERFACE_STATE answer matters. */
TEST(req_checks_header)
{
	enum teeio_tdisp_state st;
	static const struct {
		size_t off;
		uint8_t x;
		teeio_err want;
	} cases[] = {
	    {0, 0x01, TEEIO_ERR_PROTO}, /* protocol ID */
	    {1, 0x01, TEEIO_ERR_PROTO_VERSION}, /* version 0x11 */
	    {2, 0x02, TEEIO_ERR_SIZE_TRAILING}, /* code 0x07: STOP_RSP has no body */
	    {2, 0x8D, TEEIO_ERR_PROTO}, /* code 0x88: a request, same size */
	    {2, 0xff, TEEIO_ERR_PROTO_UNSUPPORTED}, /* code 0xfa */
	    {3, 0x01, TEEIO_ERR_PROTO_RESERVED}, /* reserved */
	    {5, 0x01, TEEIO_ERR_PROTO}, /* function ID */
	    {9, 0x01, TEEIO_ERR_PROTO_RESERVED}, /* interface reserved */
	    {17, 0x04, TEEIO_ERR_PROTO_RESERVED}, /* TDI_STATE 4 */
	};

	for (size_t i = 0; i < TEEIO_ARRAY_LEN(cases); i++) {
		peer_reset(0, cases[i].off, cases[i].x);
		CHECK_ERR(teeio_tdisp_req_get_state(&fx.req, FID, &st), cases[i].want);
	}
	peer_reset(0, 0, 0);
	peer.extend = 1;
	CHECK_ERR(teeio_tdisp_req_get_state(&fx.req, FID, &st), TEEIO_ERR_SIZE_TRAILING);
	peer_reset(0, 0, 0);
	peer.cut = 1;
	CHECK_ERR(teeio_tdisp_req_get_state(&fx.req, FID, &st), TEEIO_ERR_SIZE_TRUNCATED);
	peer_reset(0, 0, 0);
	peer.fail = TEEIO_ERR_TRANSPORT_CLOSED;
	CHECK_ERR(teeio_tdisp_req_get_state(&fx.req, FID, &st), TEEIO_ERR_TRANSPORT_CLOSED);
	/* usage: malformed function ID, no exchange */
	teeio_tdisp_req_init(&fx.req, NULL, NULL);
	CHECK_ERR(teeio_tdisp_req_get_state(&fx.req, FID, &st), TEEIO_ERR_USAGE);
	teeio_tdisp_req_init(&fx.req, peer_exchange, NULL);
	CHECK_ERR(teeio_tdisp_req_get_state(&fx.req, 0x00010000, &st), TEEIO_ERR_USAGE);
}

TEST(req_peer_errors)
{
	enum teeio_tdisp_state st;
	uint8_t nonce[TEEIO_TDISP_NONCE_LEN] = {0};

	peer_reset(-1, 0, 0);
	CHECK_ERR(teeio_tdisp_req_start(&fx.req, FID, nonce), TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(fx.req.last_error, TEEIO_TDISP_ERR_INVALID_INTERFACE_STATE);
	CHECK_ERR(teeio_tdisp_req_get_state(&fx.req, 0x0777, &st), TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(fx.req.last_error, TEEIO_TDISP_ERR_INVALID_INTERFACE);
	{
		struct teeio_tdisp_lock_params p = tdisp_fx_lock_params(&fx);
		fx.config_code = TEEIO_TDISP_ERR_BUSY;
		CHECK_ERR(teeio_tdisp_req_lock(&fx.req, FID, &p, nonce), TEEIO_ERR_PROTO_BUSY);
		CHECK_EQ(fx.req.last_error, TEEIO_TDISP_ERR_BUSY);
		p.flags = 0x40;
		CHECK_ERR(teeio_tdisp_req_lock(&fx.req, FID, &p, nonce), TEEIO_ERR_USAGE);
	}
	/* an error answer for another function is not ours */
	peer_reset(0, 5, 0x01);
	CHECK_ERR(teeio_tdisp_req_start(&fx.req, FID, nonce), TEEIO_ERR_PROTO);
}

TEST(req_version_list)
{
	/* TDISP_VERSION listing 0x11 only, then none */
	uint8_t v[] = {1, 0x10, 0x01, 0, 0, 0xef, 0xbe, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x11};

	peer_reset(-1, 0, 0);
	peer.canned = v;
	peer.canned_len = sizeof(v);
	CHECK_ERR(teeio_tdisp_req_get_version(&fx.req, FID), TEEIO_ERR_PROTO_VERSION);
	v[18] = 0x10;
	CHECK_OK(teeio_tdisp_req_get_version(&fx.req, FID));
	v[17] = 0;
	peer.canned_len = sizeof(v) - 1;
	CHECK_ERR(teeio_tdisp_req_get_version(&fx.req, FID), TEEIO_ERR_PROTO);
}

/* Report portions: the responder lies about lengths. */
TEST(req_report_portions_checked)
{
	uint8_t rep[4096];
	size_t len;

	/* portion_len bigger than asked (byte 17 = portion length low byte) */
	peer_reset(1, 17, 0x01);
	CHECK_EQ(tdisp_fx_goto(&fx, FID, TEEIO_TDISP_CONFIG_LOCKED), 0);
	peer.calls = 0;
	fx.req.portion_len = 64;
	peer.mutate_call = 0;
	peer.off = 17;
	peer.xor_val = 0x80; /* 64 -> 192 */
	CHECK(teeio_tdisp_req_get_report(&fx.req, FID, rep, sizeof(rep), &len) != TEEIO_OK);
	/* remainder inconsistent on the second portion */
	peer.calls = 0;
	peer.mutate_call = 1;
	peer.off = 19; /* remainder low byte */
	peer.xor_val = 0x01;
	CHECK_ERR(teeio_tdisp_req_get_report(&fx.req, FID, rep, sizeof(rep), &len),
		  TEEIO_ERR_PROTO);
	/* an empty portion while bytes remain would loop forever */
	{
		uint8_t z[] = {1, 0x10, 0x04, 0, 0, 0xef, 0xbe, 0, 0,  0, 0,
			       0, 0,    0,    0, 0, 0,    0,    0, 10, 0};
		peer.canned = z;
		peer.canned_len = sizeof(z);
		CHECK_ERR(teeio_tdisp_req_get_report(&fx.req, FID, rep, sizeof(rep), &len),
			  TEEIO_ERR_PROTO);
		peer.canned = NULL;
	}
	/* a total above 0xFFFF is impossible */
	{
		uint8_t big[] = {1, 0x10, 0x04, 0, 0, 0xef, 0xbe, 0, 0,    0,    0,
				 0, 0,    0,    0, 0, 0,    1,    0, 0xff, 0xff, 0xaa};
		peer.canned = big;
		peer.canned_len = sizeof(big);
		CHECK_ERR(teeio_tdisp_req_get_report(&fx.req, FID, rep, sizeof(rep), &len),
			  TEEIO_ERR_PROTO);
		peer.canned = NULL;
	}
	/* unmutated it works */
	peer.mutate_call = -1;
	peer.calls = 0;
	CHECK_OK(teeio_tdisp_req_get_report(&fx.req, FID, rep, sizeof(rep), &len));
	CHECK(peer.calls > 1);
}

TEST(req_vdm_echo)
{
	static const uint8_t vid[2] = {0x86, 0x80}, data[3] = {1, 2, 3};
	struct teeio_tdisp_vdm q = {0, 2, vid, data, sizeof(data)}, a;
	uint8_t out[8];
	static uint8_t big[300];

	peer_reset(0, 19, 0x01); /* vendor ID byte */
	CHECK_ERR(teeio_tdisp_req_vdm(&fx.req, FID, &q, &a, out, sizeof(out)), TEEIO_ERR_PROTO);
	peer_reset(0, 17, 0x01); /* registry */
	CHECK_ERR(teeio_tdisp_req_vdm(&fx.req, FID, &q, &a, out, sizeof(out)), TEEIO_ERR_PROTO);
	peer_reset(-1, 0, 0);
	CHECK_ERR(teeio_tdisp_req_vdm(&fx.req, FID, &q, &a, out, 2), TEEIO_ERR_SIZE);
	CHECK_OK(teeio_tdisp_req_vdm(&fx.req, FID, &q, &a, out, sizeof(out)));
	CHECK(a.data == out);
	CHECK_EQ(out[0], 3);
	q.data = big;
	q.data_len = sizeof(big);
	CHECK_ERR(teeio_tdisp_req_vdm(&fx.req, FID, &q, &a, out, sizeof(out)), TEEIO_ERR_USAGE);
}

TEST(req_mmio_attr_usage)
{
	struct teeio_tdisp_mmio_range r = {0, 1, 0x10, 0};

	peer_reset(-1, 0, 0);
	CHECK_ERR(teeio_tdisp_req_set_mmio_attr(&fx.req, FID, &r), TEEIO_ERR_USAGE);
	CHECK_EQ(peer.calls, 0);
}

int main(void)
{
	RUN(req_spdm_emu_flow);
	RUN(req_checks_header);
	RUN(req_peer_errors);
	RUN(req_version_list);
	RUN(req_report_portions_checked);
	RUN(req_vdm_echo);
	RUN(req_mmio_attr_usage);
	return test_summary();
}
