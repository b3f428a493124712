/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TDISP responder: every TDISP error code is produced by the request that
 * should produce it, and a refused request changes nothing; LOCK's checks
 * and nonce, START's nonce (mismatch, replay, reuse after relock), STOP's
 * scrub, the report rendered in portions from a many-range profile and
 * compared byte for byte with one built by hand, P2P bind/unbind, MMIO
 * attribute updates, the access decision in every state, and the SPDM
 * vendor-registry adapter.
 */
#include "test.h"
#include "support/tdisp.h"

#define U TEEIO_TDISP_CONFIG_UNLOCKED
#define L TEEIO_TDISP_CONFIG_LOCKED
#define R TEEIO_TDISP_RUN
#define E TEEIO_TDISP_STATE_ERROR
#define ALL TEEIO_TDISP_LOCK_FLAGS_ALL

static struct tdisp_fx fx;

static long call(const struct teeio_tdisp_msg *q)
{
	struct teeio_tdisp_msg m;
	return tdisp_fx_call(&fx, q, &m);
}

static struct teeio_tdisp_msg lock_msg(uint32_t fid)
{
	struct teeio_tdisp_msg q = tdisp_fx_msg(TEEIO_TDISP_LOCK_INTERFACE_REQ, fid);
	q.u.lock = tdisp_fx_lock_params(&fx);
	return q;
}

/* The raw GET_VERSION payload for FID0. */
static size_t get_version_raw(uint8_t *p)
{
	struct teeio_tdisp_msg q = tdisp_fx_msg(TEEIO_TDISP_GET_VERSION, TDISP_FX_FID0);
	struct teeio_buf b = teeio_buf_writer(p, 64);
	CHECK_OK(teeio_tdisp_encode_payload(&q, &b));
	return b.pos;
}

/* The TDISP error code of the answer in fx.rsp_buf (0: not an error). */
static long answered(void)
{
	struct teeio_tdisp_msg m;
	if (teeio_tdisp_decode_payload(fx.rsp_buf, fx.rsp_len, &m) != TEEIO_OK)
		return -1;
	CHECK_EQ(m.version, 0x10);
	return m.code == TEEIO_TDISP_ERROR ? (long)m.u.error.code : 0;
}

TEST(rsp_header_errors)
{
	uint8_t p[64];
	size_t n;
	struct teeio_tdisp_msg m;

	tdisp_fx_init(&fx, 8, ALL);
	n = get_version_raw(p);
	CHECK_OK(tdisp_fx_raw(&fx, p, n));
	CHECK_EQ(answered(), 0);
	CHECK_OK(teeio_tdisp_decode_payload(fx.rsp_buf, fx.rsp_len, &m));
	CHECK_EQ(m.code, TEEIO_TDISP_VERSION);
	CHECK_EQ(m.function_id, TDISP_FX_FID0);
	CHECK_EQ(m.u.versions.count, 1);
	CHECK_EQ(m.u.versions.list[0], 0x10);

	/* truncated header, at every length */
	for (size_t k = 1; k < n; k++) {
		CHECK_OK(tdisp_fx_raw(&fx, p, k));
		CHECK_EQ(answered(), TEEIO_TDISP_ERR_INVALID_REQUEST);
	}
	/* trailing byte */
	p[n] = 0;
	CHECK_OK(tdisp_fx_raw(&fx, p, n + 1));
	CHECK_EQ(answered(), TEEIO_TDISP_ERR_INVALID_REQUEST);
	/* version 1.1 */
	p[1] = 0x11;
	CHECK_OK(tdisp_fx_raw(&fx, p, n));
	CHECK_EQ(answered(), TEEIO_TDISP_ERR_VERSION_MISMATCH);
	p[1] = 0x10;
	/* header reserved u16 */
	p[4] = 1;
	CHECK_OK(tdisp_fx_raw(&fx, p, n));
	CHECK_EQ(answered(), TEEIO_TDISP_ERR_INVALID_REQUEST);
	p[4] = 0;
	/* unknown request, a response code as request */
	p[2] = 0x8C;
	CHECK_OK(tdisp_fx_raw(&fx, p, n));
	CHECK_EQ(answered(), TEEIO_TDISP_ERR_UNSUPPORTED_REQUEST);
	CHECK_OK(teeio_tdisp_decode_payload(fx.rsp_buf, fx.rsp_len, &m));
	CHECK_EQ(m.u.error.data, 0x8C);
	p[2] = TEEIO_TDISP_VERSION;
	CHECK_OK(tdisp_fx_raw(&fx, p, n));
	CHECK_EQ(answered(), TEEIO_TDISP_ERR_UNSUPPORTED_REQUEST);
	p[2] = TEEIO_TDISP_GET_VERSION;
	/* interface ID: unknown function, reserved bits, segment without valid,
	 * reserved u64 */
	p[5] = 0x01;
	CHECK_OK(tdisp_fx_raw(&fx, p, n));
	CHECK_EQ(answered(), TEEIO_TDISP_ERR_INVALID_INTERFACE);
	p[5] = 0xef;
	p[8] = 0x02;
	CHECK_OK(tdisp_fx_raw(&fx, p, n));
	CHECK_EQ(answered(), TEEIO_TDISP_ERR_INVALID_INTERFACE);
	p[8] = 0x00;
	p[7] = 0x01;
	CHECK_OK(tdisp_fx_raw(&fx, p, n));
	CHECK_EQ(answered(), TEEIO_TDISP_ERR_INVALID_INTERFACE);
	p[7] = 0x00;
	p[13] = 0x01;
	CHECK_OK(tdisp_fx_raw(&fx, p, n));
	CHECK_EQ(answered(), TEEIO_TDISP_ERR_INVALID_INTERFACE);
	p[13] = 0x00;
	/* the segment-1 TDI is addressable */
	teeio_store_u32le(p + 5, fx.fids[1]);
	CHECK_OK(tdisp_fx_raw(&fx, p, n));
	CHECK_EQ(answered(), 0);
}

TEST(rsp_transport_errors)
{
	uint8_t p[64], out[64];
	size_t n, len;

	tdisp_fx_init(&fx, 8, ALL);
	n = get_version_raw(p);
	len = sizeof(out);
	CHECK_ERR(teeio_tdisp_rsp_handle(&fx.rsp, false, p, n, out, &len),
		  TEEIO_ERR_STATE_NO_SESSION);
	p[0] = 0;
	CHECK_ERR(teeio_tdisp_rsp_handle(&fx.rsp, true, p, n, out, &len), TEEIO_ERR_PROTO);
	CHECK_ERR(teeio_tdisp_rsp_handle(&fx.rsp, true, p, 0, out, &len), TEEIO_ERR_PROTO);
	p[0] = 1;
	len = 10; /* not even an error fits */
	CHECK_ERR(teeio_tdisp_rsp_handle(&fx.rsp, true, p, n, out, &len), TEEIO_ERR_SIZE);
}

/* LOCK with every reason to refuse; each refusal leaves the TDI unlocked
 * and is followed by a LOCK that works. */
TEST(rsp_lock_checks)
{
	struct teeio_tdisp_msg q;
	struct teeio_tdisp_tdi *tdi = &fx.tdis[0];

	tdisp_fx_init(&fx, 8, TEEIO_TDISP_LOCK_NO_FW_UPDATE | TEEIO_TDISP_LOCK_MSIX);
	q = lock_msg(TDISP_FX_FID0);
	q.u.lock.flags |= TEEIO_TDISP_LOCK_BIND_P2P; /* not supported */
	CHECK_EQ(call(&q), TEEIO_TDISP_ERR_INVALID_REQUEST);
	q = lock_msg(TDISP_FX_FID0);
	q.u.lock.mmio_reporting_offset = 0x800; /* not page aligned */
	CHECK_EQ(call(&q), TEEIO_TDISP_ERR_INVALID_REQUEST);
	q = lock_msg(TDISP_FX_FID0);
	q.u.lock.default_stream_id = TDISP_FX_BAD_STREAM; /* not Secure */
	CHECK_EQ(call(&q), TEEIO_TDISP_ERR_INVALID_DEVICE_CONFIGURATION);
	q = lock_msg(TDISP_FX_FID0);
	fx.config_code = TEEIO_TDISP_ERR_INVALID_DEVICE_CONFIGURATION;
	CHECK_EQ(call(&q), TEEIO_TDISP_ERR_INVALID_DEVICE_CONFIGURATION);
	fx.config_code = TEEIO_TDISP_ERR_BUSY;
	CHECK_EQ(call(&q), TEEIO_TDISP_ERR_BUSY);
	fx.config_code = 0;
	tdisp_fx_rng_fail = 1;
	CHECK_EQ(call(&q), TEEIO_TDISP_ERR_INSUFFICIENT_ENTROPY);
	tdisp_fx_rng_fail = 0;
	tdisp_fx_rng_zero = 1;
	CHECK_EQ(call(&q), TEEIO_TDISP_ERR_INSUFFICIENT_ENTROPY);
	tdisp_fx_rng_zero = 0;
	CHECK_EQ(tdi->state, U);
	CHECK(!tdi->nonce_valid);
	CHECK_EQ(fx.changes, 0);

	/* a response buffer too small for the nonce: UNSPECIFIED, still unlocked */
	{
		uint8_t p[64], out[25];
		struct teeio_buf b = teeio_buf_writer(p, sizeof(p));
		size_t len = sizeof(out);
		struct teeio_tdisp_msg m;

		CHECK_OK(teeio_tdisp_encode_payload(&q, &b));
		CHECK_OK(teeio_tdisp_rsp_handle(&fx.rsp, true, p, b.pos, out, &len));
		CHECK_OK(teeio_tdisp_decode_payload(out, len, &m));
		CHECK_EQ(m.code, TEEIO_TDISP_ERROR);
		CHECK_EQ(m.u.error.code, TEEIO_TDISP_ERR_UNSPECIFIED);
		CHECK_EQ(tdi->state, U);
		CHECK(!tdi->nonce_valid);
	}

	/* success: the nonce answered is the one remembered */
	{
		struct teeio_tdisp_msg m;
		CHECK_EQ(tdisp_fx_call(&fx, &q, &m), 0);
		CHECK_EQ(m.code, TEEIO_TDISP_LOCK_INTERFACE_RSP);
		CHECK(tdi->nonce_valid);
		CHECK_MEM(m.u.nonce, tdi->nonce, TEEIO_TDISP_NONCE_LEN);
		CHECK_EQ(tdi->state, L);
		CHECK_EQ(tdi->default_stream, TDISP_FX_STREAM);
		CHECK_EQ(tdi->mmio_offset, TDISP_FX_OFFSET);
		CHECK_EQ(tdi->lock_flags, TEEIO_TDISP_LOCK_NO_FW_UPDATE | TEEIO_TDISP_LOCK_MSIX);
	}
	/* a second LOCK is refused and keeps the nonce */
	CHECK_EQ(call(&q), TEEIO_TDISP_ERR_INVALID_INTERFACE_STATE);
	CHECK(tdi->nonce_valid);
}

TEST(rsp_lock_needs_report)
{
	struct teeio_tdisp_msg q;

	tdisp_fx_init(&fx, 8, ALL);
	CHECK_OK(teeio_tdisp_tdi_init(&fx.tdis[2], fx.fids[2], NULL));
	q = lock_msg(fx.fids[2]);
	CHECK_EQ(call(&q), TEEIO_TDISP_ERR_INVALID_DEVICE_CONFIGURATION);
	CHECK_EQ(fx.tdis[2].state, U);
}

TEST(rsp_start_nonce)
{
	struct teeio_tdisp_tdi *tdi = &fx.tdis[0];
	uint8_t old[TEEIO_TDISP_NONCE_LEN], bad[TEEIO_TDISP_NONCE_LEN];
	enum teeio_tdisp_state st;

	tdisp_fx_init(&fx, 8, ALL);
	CHECK_EQ(tdisp_fx_goto(&fx, TDISP_FX_FID0, L), 0);
	/* one bit off, anywhere: INVALID_NONCE, still locked, nonce kept */
	for (int i = 0; i < TEEIO_TDISP_NONCE_LEN; i += 7) {
		memcpy(bad, fx.nonce, sizeof(bad));
		bad[i] ^= 0x40;
		CHECK_ERR(teeio_tdisp_req_start(&fx.req, TDISP_FX_FID0, bad),
			  TEEIO_ERR_PROTO_PEER_ERROR);
		CHECK_EQ(fx.req.last_error, TEEIO_TDISP_ERR_INVALID_NONCE);
		CHECK_EQ(tdi->state, L);
		CHECK(tdi->nonce_valid);
	}
	/* another TDI's nonce does not start this one */
	CHECK_EQ(tdisp_fx_goto(&fx, fx.fids[1], L), 0);
	CHECK_ERR(teeio_tdisp_req_start(&fx.req, TDISP_FX_FID0, fx.nonce),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(fx.req.last_error, TEEIO_TDISP_ERR_INVALID_NONCE);
	CHECK_OK(teeio_tdisp_req_start(&fx.req, fx.fids[1], fx.nonce));
	CHECK_OK(teeio_tdisp_req_stop(&fx.req, TDISP_FX_FID0));

	/* the right nonce starts it once, and is gone */
	CHECK_EQ(tdisp_fx_goto(&fx, TDISP_FX_FID0, L), 0);
	memcpy(old, fx.nonce, sizeof(old));
	CHECK_OK(teeio_tdisp_req_start(&fx.req, TDISP_FX_FID0, fx.nonce));
	CHECK_EQ(tdi->state, R);
	CHECK(!tdi->nonce_valid);
	CHECK(teeio_ct_is_zero(tdi->nonce, sizeof(tdi->nonce)));
	CHECK_ERR(teeio_tdisp_req_start(&fx.req, TDISP_FX_FID0, old), TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(fx.req.last_error, TEEIO_TDISP_ERR_INVALID_INTERFACE_STATE);

	/* replay after STOP + LOCK: a fresh nonce, the old one is refused */
	CHECK_OK(teeio_tdisp_req_stop(&fx.req, TDISP_FX_FID0));
	CHECK_EQ(tdisp_fx_goto(&fx, TDISP_FX_FID0, L), 0);
	CHECK(memcmp(old, fx.nonce, sizeof(old)) != 0);
	CHECK_ERR(teeio_tdisp_req_start(&fx.req, TDISP_FX_FID0, old), TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(fx.req.last_error, TEEIO_TDISP_ERR_INVALID_NONCE);
	CHECK_OK(teeio_tdisp_req_get_state(&fx.req, TDISP_FX_FID0, &st));
	CHECK_EQ(st, L);
	CHECK_OK(teeio_tdisp_req_start(&fx.req, TDISP_FX_FID0, fx.nonce));

	/* START in UNLOCKED with a zero nonce: the state, not the nonce */
	memset(bad, 0, sizeof(bad));
	CHECK_ERR(teeio_tdisp_req_start(&fx.req, fx.fids[2], bad), TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(fx.req.last_error, TEEIO_TDISP_ERR_INVALID_INTERFACE_STATE);
}

TEST(rsp_stop_scrubs)
{
	tdisp_fx_init(&fx, 8, ALL);
	CHECK_OK(teeio_tdisp_req_stop(&fx.req, TDISP_FX_FID0)); /* unlocked: nothing to scrub */
	CHECK_EQ(fx.scrubs, 0);
	for (int s = L; s <= E; s++) {
		fx.scrubs = 0;
		CHECK_EQ(tdisp_fx_goto(&fx, TDISP_FX_FID0, (enum teeio_tdisp_state)s), 0);
		CHECK_OK(teeio_tdisp_req_stop(&fx.req, TDISP_FX_FID0));
		CHECK_EQ(fx.scrubs, 1);
		CHECK_EQ(fx.tdis[0].state, U);
		CHECK_EQ(fx.tdis[0].lock_flags, 0);
		CHECK(!fx.tdis[0].nonce_valid);
	}
}

/* The report as the spec lays it out, built by hand from the profile. */
static size_t expected_report(uint8_t *out, size_t cap, uint64_t offset, uint64_t flip)
{
	struct teeio_buf b = teeio_buf_writer(out, cap);
	const struct teeio_tdisp_report *rep = &fx.report;

	CHECK_OK(teeio_buf_put_u16le(&b, rep->interface_info));
	CHECK_OK(teeio_buf_put_u16le(&b, 0));
	CHECK_OK(teeio_buf_put_u16le(&b, rep->msix_msg_ctrl));
	CHECK_OK(teeio_buf_put_u16le(&b, rep->lnr_ctrl));
	CHECK_OK(teeio_buf_put_u32le(&b, rep->tph_ctrl));
	CHECK_OK(teeio_buf_put_u32le(&b, rep->n_ranges));
	for (int i = 0; i < rep->n_ranges; i++) {
		uint16_t attrs = rep->ranges[i].attrs;
		if ((flip >> i) & 1)
			attrs ^= TEEIO_TDISP_RANGE_NON_TEE;
		CHECK_OK(teeio_buf_put_u64le(&b, (rep->ranges[i].addr + offset) / 4096));
		CHECK_OK(teeio_buf_put_u32le(&b, rep->ranges[i].pages));
		CHECK_OK(teeio_buf_put_u16le(&b, attrs));
		CHECK_OK(teeio_buf_put_u16le(&b, rep->ranges[i].range_id));
	}
	CHECK_OK(teeio_buf_put_u32le(&b, rep->dev_info_len));
	CHECK_OK(teeio_buf_put_bytes(&b, rep->dev_info, rep->dev_info_len));
	return b.pos;
}

TEST(rsp_report_in_portions)
{
	static uint8_t got[4096], want[4096];
	static const uint16_t portions[] = {1, 7, 16, 100, 1000, 4000};
	size_t len, wlen;
	struct teeio_tdisp_report_view v;

	tdisp_fx_init(&fx, TEEIO_TDISP_RANGES_MAX, ALL);
	CHECK_EQ(tdisp_fx_goto(&fx, TDISP_FX_FID0, L), 0);
	wlen = expected_report(want, sizeof(want), TDISP_FX_OFFSET, 0);
	CHECK_EQ(wlen, 16 + 64 * 16 + 4 + TDISP_FX_INFO_LEN);
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(portions); i++) {
		memset(got, 0, sizeof(got));
		fx.req.portion_len = portions[i];
		CHECK_OK(
		    teeio_tdisp_req_get_report(&fx.req, TDISP_FX_FID0, got, sizeof(got), &len));
		CHECK_EQ(len, wlen);
		CHECK_MEM(got, want, wlen);
	}
	/* the responder's own portion limit */
	fx.rsp.cfg.portion_max = 33;
	fx.req.portion_len = 0;
	CHECK_OK(teeio_tdisp_req_get_report(&fx.req, TDISP_FX_FID0, got, sizeof(got), &len));
	CHECK_MEM(got, want, wlen);
	CHECK_OK(teeio_tdisp_report_parse(got, len, &v));
	CHECK_EQ(v.n_ranges, TEEIO_TDISP_RANGES_MAX);
	/* does not fit the caller's buffer */
	CHECK_ERR(teeio_tdisp_req_get_report(&fx.req, TDISP_FX_FID0, got, wlen - 1, &len),
		  TEEIO_ERR_SIZE);
	/* also readable in RUN */
	CHECK_OK(teeio_tdisp_req_start(&fx.req, TDISP_FX_FID0, fx.nonce));
	CHECK_OK(teeio_tdisp_req_get_report(&fx.req, TDISP_FX_FID0, got, sizeof(got), &len));
	CHECK_MEM(got, want, wlen);
}

TEST(rsp_report_request_checks)
{
	struct teeio_tdisp_msg q = tdisp_fx_msg(TEEIO_TDISP_GET_DEVICE_INTERFACE_REPORT,
						TDISP_FX_FID0),
			       m;
	size_t total;

	tdisp_fx_init(&fx, 4, ALL);
	total = 16 + 4 * 16 + 4 + TDISP_FX_INFO_LEN;
	CHECK_EQ(tdisp_fx_goto(&fx, TDISP_FX_FID0, L), 0);
	q.u.get_report.length = 0;
	CHECK_EQ(call(&q), TEEIO_TDISP_ERR_INVALID_REQUEST);
	q.u.get_report.length = 10;
	q.u.get_report.offset = (uint16_t)total;
	CHECK_EQ(call(&q), TEEIO_TDISP_ERR_INVALID_REQUEST);
	/* the last byte, and a length past the end clipped */
	q.u.get_report.offset = (uint16_t)(total - 1);
	q.u.get_report.length = 0xffff;
	CHECK_EQ(tdisp_fx_call(&fx, &q, &m), 0);
	CHECK_EQ(m.u.report.portion_len, 1);
	CHECK_EQ(m.u.report.remainder_len, 0);
	CHECK_EQ(m.u.report.portion[0], fx.info[TDISP_FX_INFO_LEN - 1]);
	/* remainder counts what follows the portion */
	q.u.get_report.offset = 10;
	q.u.get_report.length = 20;
	CHECK_EQ(tdisp_fx_call(&fx, &q, &m), 0);
	CHECK_EQ(m.u.report.portion_len, 20);
	CHECK_EQ(m.u.report.remainder_len, total - 30);
}

TEST(rsp_p2p_bind_unbind)
{
	struct teeio_tdisp_tdi *tdi = &fx.tdis[0];
	uint64_t priv = fx.ranges[5].addr;

	tdisp_fx_init(&fx, 8, ALL);
	CHECK_EQ(tdisp_fx_goto(&fx, TDISP_FX_FID0, R), 0);
	priv = fx.ranges[5].addr;
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, priv, true, TDISP_FX_P2P_STREAM), TEEIO_TDISP_UR);
	CHECK_OK(teeio_tdisp_req_p2p(&fx.req, TDISP_FX_FID0, true, TDISP_FX_P2P_STREAM));
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, priv, true, TDISP_FX_P2P_STREAM), TEEIO_TDISP_ALLOW);
	CHECK(teeio_tdisp_tdi_uses_stream(tdi, TDISP_FX_P2P_STREAM));
	/* twice, the default stream, an insecure stream: refused */
	CHECK_ERR(teeio_tdisp_req_p2p(&fx.req, TDISP_FX_FID0, true, TDISP_FX_P2P_STREAM),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(fx.req.last_error, TEEIO_TDISP_ERR_INVALID_REQUEST);
	CHECK_ERR(teeio_tdisp_req_p2p(&fx.req, TDISP_FX_FID0, true, TDISP_FX_STREAM),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(fx.req.last_error, TEEIO_TDISP_ERR_INVALID_REQUEST);
	CHECK_ERR(teeio_tdisp_req_p2p(&fx.req, TDISP_FX_FID0, true, TDISP_FX_BAD_STREAM),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(fx.req.last_error, TEEIO_TDISP_ERR_INVALID_DEVICE_CONFIGURATION);
	CHECK(!teeio_tdisp_tdi_uses_stream(tdi, TDISP_FX_BAD_STREAM));
	/* unbind closes it again; a second unbind is refused */
	CHECK_OK(teeio_tdisp_req_p2p(&fx.req, TDISP_FX_FID0, false, TDISP_FX_P2P_STREAM));
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, priv, true, TDISP_FX_P2P_STREAM), TEEIO_TDISP_UR);
	CHECK_ERR(teeio_tdisp_req_p2p(&fx.req, TDISP_FX_FID0, false, TDISP_FX_P2P_STREAM),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(fx.req.last_error, TEEIO_TDISP_ERR_INVALID_REQUEST);
	CHECK_EQ(tdi->state, R);
	/* STOP forgets bindings */
	CHECK_OK(teeio_tdisp_req_p2p(&fx.req, TDISP_FX_FID0, true, TDISP_FX_P2P_STREAM));
	CHECK_OK(teeio_tdisp_req_stop(&fx.req, TDISP_FX_FID0));
	CHECK(!teeio_tdisp_tdi_uses_stream(tdi, TDISP_FX_P2P_STREAM));
}

TEST(rsp_p2p_needs_bind_flag)
{
	struct teeio_tdisp_lock_params p;

	tdisp_fx_init(&fx, 8, ALL);
	p = tdisp_fx_lock_params(&fx);
	p.flags &= (uint16_t)~TEEIO_TDISP_LOCK_BIND_P2P;
	CHECK_OK(teeio_tdisp_req_lock(&fx.req, TDISP_FX_FID0, &p, fx.nonce));
	CHECK_OK(teeio_tdisp_req_start(&fx.req, TDISP_FX_FID0, fx.nonce));
	CHECK_ERR(teeio_tdisp_req_p2p(&fx.req, TDISP_FX_FID0, true, TDISP_FX_P2P_STREAM),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(fx.req.last_error, TEEIO_TDISP_ERR_INVALID_REQUEST);

	/* a device without P2P support does not list or accept the requests */
	tdisp_fx_init(&fx, 8, TEEIO_TDISP_LOCK_NO_FW_UPDATE);
	struct teeio_tdisp_caps caps;
	CHECK_OK(teeio_tdisp_req_get_caps(&fx.req, TDISP_FX_FID0, 0, &caps));
	CHECK_EQ(caps.req_msgs[0], 0xfe);
	CHECK_EQ(caps.req_msgs[1], 0x0c); /* 0x8A, 0x8B */
	CHECK_EQ(tdisp_fx_goto(&fx, TDISP_FX_FID0, R), 0);
	CHECK_ERR(teeio_tdisp_req_p2p(&fx.req, TDISP_FX_FID0, true, TDISP_FX_P2P_STREAM),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(fx.req.last_error, TEEIO_TDISP_ERR_UNSUPPORTED_REQUEST);
}

TEST(rsp_mmio_attributes)
{
	struct teeio_tdisp_tdi *tdi = &fx.tdis[0];
	struct teeio_tdisp_mmio_range r;
	static uint8_t rep[4096], want[4096];
	size_t len, wlen;

	tdisp_fx_init(&fx, 8, ALL);
	CHECK_EQ(tdisp_fx_goto(&fx, TDISP_FX_FID0, R), 0);
	r.first_page = (fx.ranges[2].addr + TDISP_FX_OFFSET) >> 12;
	r.num_pages = fx.ranges[2].pages;
	r.range_id = fx.ranges[2].range_id;
	r.attrs = TEEIO_TDISP_RANGE_ATTR_UPDATABLE | TEEIO_TDISP_RANGE_NON_TEE;
	/* range 2 is private: T=0 refused */
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, fx.ranges[2].addr + 8, false, 0), TEEIO_TDISP_UR);
	CHECK_OK(teeio_tdisp_req_set_mmio_attr(&fx.req, TDISP_FX_FID0, &r));
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, fx.ranges[2].addr + 8, false, 0), TEEIO_TDISP_ALLOW);
	/* and the report says so */
	wlen = expected_report(want, sizeof(want), TDISP_FX_OFFSET, 1u << 2);
	CHECK_OK(teeio_tdisp_req_get_report(&fx.req, TDISP_FX_FID0, rep, sizeof(rep), &len));
	CHECK_EQ(len, wlen);
	CHECK_MEM(rep, want, wlen);
	/* setting what is already set is fine; back to private */
	CHECK_OK(teeio_tdisp_req_set_mmio_attr(&fx.req, TDISP_FX_FID0, &r));
	r.attrs = TEEIO_TDISP_RANGE_ATTR_UPDATABLE;
	CHECK_OK(teeio_tdisp_req_set_mmio_attr(&fx.req, TDISP_FX_FID0, &r));
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, fx.ranges[2].addr + 8, false, 0), TEEIO_TDISP_UR);
	/* other bits may not change; ranges must be named exactly */
	r.attrs = TEEIO_TDISP_RANGE_ATTR_UPDATABLE | TEEIO_TDISP_RANGE_MSIX_PBA;
	CHECK_ERR(teeio_tdisp_req_set_mmio_attr(&fx.req, TDISP_FX_FID0, &r),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(fx.req.last_error, TEEIO_TDISP_ERR_INVALID_REQUEST);
	r.attrs = TEEIO_TDISP_RANGE_NON_TEE; /* clearing UPDATABLE */
	CHECK_ERR(teeio_tdisp_req_set_mmio_attr(&fx.req, TDISP_FX_FID0, &r),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	r.attrs = TEEIO_TDISP_RANGE_ATTR_UPDATABLE | TEEIO_TDISP_RANGE_NON_TEE;
	r.first_page++;
	CHECK_ERR(teeio_tdisp_req_set_mmio_attr(&fx.req, TDISP_FX_FID0, &r),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	r.first_page--;
	r.range_id++;
	CHECK_ERR(teeio_tdisp_req_set_mmio_attr(&fx.req, TDISP_FX_FID0, &r),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	/* range 3 is not updatable */
	r.first_page = (fx.ranges[3].addr + TDISP_FX_OFFSET) >> 12;
	r.num_pages = fx.ranges[3].pages;
	r.range_id = fx.ranges[3].range_id;
	r.attrs = TEEIO_TDISP_RANGE_NON_TEE;
	CHECK_ERR(teeio_tdisp_req_set_mmio_attr(&fx.req, TDISP_FX_FID0, &r),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(fx.req.last_error, TEEIO_TDISP_ERR_INVALID_REQUEST);
	CHECK_EQ(tdi->non_tee_flip, 0);
	CHECK_EQ(tdi->state, R);
}

/* The data-path decision in every state. */
TEST(rsp_access_decision)
{
	struct teeio_tdisp_tdi *tdi = &fx.tdis[0];
	uint64_t priv, shared, outside = 0x10000;
	const uint8_t s = TDISP_FX_STREAM;

	tdisp_fx_init(&fx, 8, ALL);
	priv = fx.ranges[4].addr + 0x123;
	shared = fx.ranges[0].addr; /* MSI-X table, non-TEE */
	/* UNLOCKED: legacy */
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, priv, false, 0), TEEIO_TDISP_ALLOW);
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, priv, true, s), TEEIO_TDISP_UR);
	/* LOCKED */
	CHECK_EQ(tdisp_fx_goto(&fx, TDISP_FX_FID0, L), 0);
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, priv, false, 0), TEEIO_TDISP_UR);
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, priv, true, s), TEEIO_TDISP_UR);
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, shared, false, 0), TEEIO_TDISP_ALLOW);
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, shared, true, s), TEEIO_TDISP_UR);
	/* RUN */
	CHECK_OK(teeio_tdisp_req_start(&fx.req, TDISP_FX_FID0, fx.nonce));
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, priv, true, s), TEEIO_TDISP_ALLOW);
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, priv, false, s), TEEIO_TDISP_UR);
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, priv, true, 7), TEEIO_TDISP_UR); /* wrong stream */
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, shared, false, 0), TEEIO_TDISP_ALLOW);
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, shared, true, s), TEEIO_TDISP_ALLOW);
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, outside, false, 0), TEEIO_TDISP_ALLOW);
	/* range edges: last byte in, first byte after out (range 4: 1 page) */
	CHECK_EQ(fx.ranges[4].pages, 1);
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, fx.ranges[4].addr + 0xfff, false, 0), TEEIO_TDISP_UR);
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, fx.ranges[4].addr + 0x1000, false, 0),
		 TEEIO_TDISP_ALLOW);
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, fx.ranges[4].addr - 1, false, 0), TEEIO_TDISP_ALLOW);
	/* ERROR */
	CHECK_OK(teeio_tdisp_event(&fx.rsp, tdi, TEEIO_TDISP_EV_CFG_BME));
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, priv, true, s), TEEIO_TDISP_UR);
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, priv, false, 0), TEEIO_TDISP_UR);
	CHECK_EQ(teeio_tdisp_tdi_access(tdi, shared, false, 0), TEEIO_TDISP_ALLOW);
}

TEST(rsp_vdm)
{
	static const uint8_t vid[2] = {0x86, 0x80}, data[4] = {1, 2, 3, 4};
	struct teeio_tdisp_vdm q = {0, 2, vid, data, sizeof(data)}, a;
	uint8_t out[16];
	struct teeio_tdisp_msg m;

	tdisp_fx_init(&fx, 8, ALL);
	CHECK_OK(teeio_tdisp_req_vdm(&fx.req, TDISP_FX_FID0, &q, &a, out, sizeof(out)));
	CHECK_EQ(a.data_len, 4);
	CHECK_EQ(out[0], 4);
	CHECK_EQ(out[3], 1);
	/* the device's vendor error: extended data names the vendor */
	fx.vdm_code = TEEIO_TDISP_ERR_VENDOR_SPECIFIC;
	CHECK_ERR(teeio_tdisp_req_vdm(&fx.req, TDISP_FX_FID0, &q, &a, out, sizeof(out)),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(fx.req.last_error, TEEIO_TDISP_ERR_VENDOR_SPECIFIC);
	CHECK_OK(teeio_tdisp_decode_payload(fx.req.rsp, 1 + 16 + 8 + 2 + 2, &m));
	CHECK(m.u.error.has_ext);
	CHECK_EQ(m.u.error.ext.vendor_id_len, 2);
	CHECK_MEM(m.u.error.ext.vendor_id, vid, 2);
	fx.vdm_code = TEEIO_TDISP_ERR_UNSPECIFIED;
	CHECK_ERR(teeio_tdisp_req_vdm(&fx.req, TDISP_FX_FID0, &q, &a, out, sizeof(out)),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(fx.req.last_error, TEEIO_TDISP_ERR_UNSPECIFIED);
	/* no vdm op: unsupported, and not listed */
	fx.vdm_code = 0;
	fx.ops.vdm = NULL;
	CHECK_ERR(teeio_tdisp_req_vdm(&fx.req, TDISP_FX_FID0, &q, &a, out, sizeof(out)),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(fx.req.last_error, TEEIO_TDISP_ERR_UNSUPPORTED_REQUEST);
}

TEST(rsp_caps_and_state)
{
	struct teeio_tdisp_caps caps;
	enum teeio_tdisp_state st;

	tdisp_fx_init(&fx, 8, ALL);
	CHECK_OK(teeio_tdisp_req_get_version(&fx.req, TDISP_FX_FID0));
	CHECK_OK(teeio_tdisp_req_get_caps(&fx.req, TDISP_FX_FID0, 0, &caps));
	CHECK_EQ(caps.lock_flags, ALL);
	CHECK_EQ(caps.req_msgs[0], 0xfe); /* 0x81..0x87 */
	CHECK_EQ(caps.req_msgs[1], 0x0f); /* 0x88..0x8B */
	for (int i = 2; i < 16; i++)
		CHECK_EQ(caps.req_msgs[i], 0);
	CHECK_EQ(caps.dev_addr_width, 52);
	CHECK_EQ(caps.num_req_this, 1);
	CHECK_EQ(caps.num_req_all, 2);
	CHECK_OK(teeio_tdisp_req_get_state(&fx.req, fx.fids[1], &st));
	CHECK_EQ(st, U);
}

/* Through the SPDM vendor registry's calling convention. */
TEST(rsp_vendor_adapter)
{
	struct teeio_spdm_vendor_handler h;
	struct teeio_spdm_vendor_session in = {true, 7}, out_s = {false, 0};
	uint8_t p[64], rsp[64];
	size_t n, len = sizeof(rsp);
	struct teeio_tdisp_msg m;
	const struct teeio_spdm_vendor_handler *found;

	tdisp_fx_init(&fx, 8, ALL);
	h = teeio_tdisp_rsp_registration(&fx.rsp);
	CHECK_EQ(h.standard_id, 3);
	CHECK_EQ(h.vendor_id_len, 2);
	CHECK_EQ(h.vendor_id[0], 0x01);
	CHECK_EQ(h.vendor_id[1], 0x00);
	CHECK_EQ(h.protocol_id, 1);
	CHECK(h.requires_session);
	n = get_version_raw(p);
	found = teeio_spdm_vendor_find(&h, 1, 3, h.vendor_id, 2, p, n);
	CHECK(found == &h);
	CHECK_OK(h.fn(h.ctx, &in, p + 1, n - 1, rsp, &len));
	CHECK_OK(teeio_tdisp_decode(rsp, len, &m));
	CHECK_EQ(m.code, TEEIO_TDISP_VERSION);
	len = sizeof(rsp);
	CHECK_ERR(h.fn(h.ctx, &out_s, p + 1, n - 1, rsp, &len), TEEIO_ERR_STATE_NO_SESSION);
}

TEST(rsp_init_checks)
{
	struct teeio_tdisp_rsp r;
	struct teeio_tdisp_rsp_config cfg;
	struct teeio_tdisp_dev_ops ops;
	struct teeio_tdisp_report rep = {0};

	tdisp_fx_init(&fx, 8, ALL);
	cfg = fx.rsp.cfg;
	CHECK_OK(teeio_tdisp_rsp_init(&r, &cfg));
	cfg.n_tdis = 0;
	CHECK_ERR(teeio_tdisp_rsp_init(&r, &cfg), TEEIO_ERR_USAGE);
	cfg = fx.rsp.cfg;
	cfg.lock_flags = 0x20;
	CHECK_ERR(teeio_tdisp_rsp_init(&r, &cfg), TEEIO_ERR_USAGE);
	cfg = fx.rsp.cfg;
	ops = fx.ops;
	ops.scrub = NULL;
	cfg.ops = &ops;
	CHECK_ERR(teeio_tdisp_rsp_init(&r, &cfg), TEEIO_ERR_USAGE);
	cfg = fx.rsp.cfg;
	cfg.crypto = NULL;
	CHECK_ERR(teeio_tdisp_rsp_init(&r, &cfg), TEEIO_ERR_USAGE);
	cfg = fx.rsp.cfg;
	fx.tdis[2].function_id = fx.tdis[0].function_id; /* duplicate */
	CHECK_ERR(teeio_tdisp_rsp_init(&r, &cfg), TEEIO_ERR_USAGE);
	/* TDI init */
	CHECK_ERR(teeio_tdisp_tdi_init(&fx.tdis[2], 0x00010000, NULL), TEEIO_ERR_USAGE);
	rep.n_ranges = TEEIO_TDISP_RANGES_MAX + 1;
	rep.ranges = fx.ranges;
	CHECK_ERR(teeio_tdisp_tdi_init(&fx.tdis[2], 0x0102, &rep), TEEIO_ERR_USAGE);
	rep.n_ranges = 1;
	rep.ranges = NULL;
	CHECK_ERR(teeio_tdisp_tdi_init(&fx.tdis[2], 0x0102, &rep), TEEIO_ERR_USAGE);
}

int main(void)
{
	RUN(rsp_header_errors);
	RUN(rsp_transport_errors);
	RUN(rsp_lock_checks);
	RUN(rsp_lock_needs_report);
	RUN(rsp_start_nonce);
	RUN(rsp_stop_scrubs);
	RUN(rsp_report_in_portions);
	RUN(rsp_report_request_checks);
	RUN(rsp_p2p_bind_unbind);
	RUN(rsp_p2p_needs_bind_flag);
	RUN(rsp_mmio_attributes);
	RUN(rsp_access_decision);
	RUN(rsp_vdm);
	RUN(rsp_caps_and_state);
	RUN(rsp_vendor_adapter);
	RUN(rsp_init_checks);
	return test_summary();
}
