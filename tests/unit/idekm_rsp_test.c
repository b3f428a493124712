/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IDE_KM responder: the happy path the DMTF and Intel requesters drive,
 * every KP_ACK status, every refusal of K_SET_GO / K_SET_STOP, session
 * ownership, and the SPDM vendor-registry adapter.
 */
#include "test.h"
#include "support/idekm.h"

#define SID 0xA1A2A3A4u

static struct teeio_idekm_rsp rsp;
static struct idekm_fake_dev dev;

static void setup(bool partial)
{
	memset(&dev, 0, sizeof(dev));
	idekm_fake_rsp(&rsp, &dev, partial);
}

static struct teeio_idekm_sel slot(uint8_t port, uint8_t stream, uint8_t ks, uint8_t dir,
				   uint8_t ss)
{
	struct teeio_idekm_sel s = {port, stream, ks, dir, ss};
	return s;
}

static size_t build(uint8_t object, const struct teeio_idekm_sel *s, uint32_t ifv1, uint8_t *out)
{
	struct teeio_idekm_msg m;
	size_t n = 0;
	memset(&m, 0, sizeof(m));
	m.object_id = object;
	m.port_index = s->port_index;
	m.stream_id = s->stream_id;
	m.kss = teeio_idekm_kss_encode(s);
	for (unsigned i = 0; i < 32; i++)
		m.key[i] = (uint8_t)(0xa0 + i);
	m.ifv[1] = ifv1;
	if (teeio_idekm_encode(&m, out, 64, &n) != TEEIO_OK)
		test_fail(__FILE__, __LINE__, "encode");
	return n;
}

/* Send raw bytes; on success decode the answer into *ack. */
static teeio_err send_raw(uint32_t sid, const uint8_t *req, size_t len, struct teeio_idekm_msg *ack)
{
	uint8_t out[TEEIO_IDEKM_MSG_MAX];
	size_t n = sizeof(out);
	teeio_err e = teeio_idekm_rsp_handle(&rsp, true, sid, req, len, out, &n);
	if (e != TEEIO_OK || teeio_idekm_decode(out, n, ack) == TEEIO_OK)
		return e;
	/* A KP_ACK echoing an invalid key_sub_stream does not decode (the
	 * decoder is strict); read its bytes as they are. */
	if (n == 8 && out[0] == 0 && out[1] == TEEIO_IDEKM_KP_ACK &&
	    ((out[6] & 0x0c) != 0 || (out[6] >> 4) > 2)) {
		memset(ack, 0, sizeof(*ack));
		ack->object_id = out[1];
		ack->stream_id = out[4];
		ack->status = out[5];
		ack->kss = out[6];
		ack->port_index = out[7];
		return e;
	}
	test_fail(__FILE__, __LINE__, "response does not decode");
	return e;
}

/* KEY_PROG in session sid; returns the KP_ACK status (0xff: no KP_ACK). */
static unsigned kp(uint32_t sid, struct teeio_idekm_sel s, uint32_t ifv1)
{
	uint8_t req[64];
	struct teeio_idekm_msg ack;
	size_t n = build(TEEIO_IDEKM_KEY_PROG, &s, ifv1, req);
	if (send_raw(sid, req, n, &ack) != TEEIO_OK)
		return 0xff;
	CHECK_EQ(ack.object_id, TEEIO_IDEKM_KP_ACK);
	CHECK_EQ(ack.stream_id, s.stream_id);
	CHECK_EQ(ack.kss, teeio_idekm_kss_encode(&s));
	CHECK_EQ(ack.port_index, s.port_index);
	return ack.status;
}

static teeio_err gostop(uint32_t sid, uint8_t object, struct teeio_idekm_sel s)
{
	uint8_t req[64];
	struct teeio_idekm_msg ack;
	size_t n = build(object, &s, 0, req);
	teeio_err e = send_raw(sid, req, n, &ack);
	if (e == TEEIO_OK) {
		CHECK_EQ(ack.object_id, TEEIO_IDEKM_K_GOSTOP_ACK);
		CHECK_EQ(ack.stream_id, s.stream_id);
		CHECK_EQ(ack.kss, teeio_idekm_kss_encode(&s));
		CHECK_EQ(ack.port_index, s.port_index);
	}
	return e;
}

static void program_set(uint8_t port, uint8_t stream, uint8_t ks, uint8_t dir)
{
	for (uint8_t ss = 0; ss < 3; ss++)
		CHECK_EQ(kp(SID, slot(port, stream, ks, dir, ss), 1), TEEIO_IDEKM_KP_SUCCESS);
}

TEST(init_rejects_bad_config)
{
	struct teeio_idekm_rsp_config cfg;
	struct teeio_idekm_port_ops no_go = idekm_fake_ops;
	memset(&cfg, 0, sizeof(cfg));
	CHECK_ERR(teeio_idekm_rsp_init(&rsp, &cfg), TEEIO_ERR_USAGE_CONFIG);
	no_go.key_set_go = NULL;
	cfg.ops = &no_go;
	CHECK_ERR(teeio_idekm_rsp_init(&rsp, &cfg), TEEIO_ERR_USAGE_CONFIG);
	cfg.ops = &idekm_fake_ops;
	cfg.max_port_index = TEEIO_IDEKM_PORTS_MAX;
	CHECK_ERR(teeio_idekm_rsp_init(&rsp, &cfg), TEEIO_ERR_USAGE_CONFIG);
	cfg.max_port_index = 0;
	cfg.port[0].n_streams = TEEIO_IDEKM_STREAMS_MAX + 1;
	CHECK_ERR(teeio_idekm_rsp_init(&rsp, &cfg), TEEIO_ERR_USAGE_CONFIG);
	cfg.port[0].n_streams = 2;
	cfg.port[0].stream_ids[0] = cfg.port[0].stream_ids[1] = 4;
	CHECK_ERR(teeio_idekm_rsp_init(&rsp, &cfg), TEEIO_ERR_USAGE_CONFIG);
	cfg.port[0].stream_ids[1] = 3;
	CHECK_OK(teeio_idekm_rsp_init(&rsp, &cfg));
}

TEST(refuses_outside_a_secured_session)
{
	uint8_t req[4] = {0, 0, 0, 0}, out[64];
	size_t n = sizeof(out);
	setup(false);
	CHECK_ERR(teeio_idekm_rsp_handle(&rsp, false, 0, req, 4, out, &n),
		  TEEIO_ERR_STATE_NO_SESSION);
	CHECK_EQ(n, sizeof(out));
	CHECK_EQ(dev.n_query, 0);
}

TEST(protocol_and_object_checks)
{
	uint8_t req[8] = {0x01, 0x00, 0x00, 0x00}, out[64];
	struct teeio_idekm_msg ack;
	size_t n = sizeof(out);
	setup(false);
	CHECK_ERR(teeio_idekm_rsp_handle(&rsp, true, SID, req, 4, out, &n),
		  TEEIO_ERR_PROTO_UNSUPPORTED);
	CHECK_ERR(teeio_idekm_rsp_handle(&rsp, true, SID, req, 0, out, &n),
		  TEEIO_ERR_SIZE_TRUNCATED);
	req[0] = 0;
	CHECK_ERR(send_raw(SID, req, 1, &ack), TEEIO_ERR_SIZE_TRUNCATED);
	/* Responses sent as requests, and unknown objects. */
	static const uint8_t bad[] = {0x01, 0x03, 0x06, 0x07, 0xff};
	for (unsigned i = 0; i < TEEIO_ARRAY_LEN(bad); i++) {
		req[1] = bad[i];
		CHECK_ERR(send_raw(SID, req, 8, &ack), TEEIO_ERR_PROTO_UNSUPPORTED);
	}
}

TEST(query_answers_port)
{
	uint8_t req[8] = {0, 0, 0, 1}, out[TEEIO_IDEKM_MSG_MAX];
	struct teeio_idekm_msg m;
	size_t n = sizeof(out);
	setup(false);
	CHECK_OK(teeio_idekm_rsp_handle(&rsp, true, SID, req, 4, out, &n));
	CHECK_EQ(n, 8 + 4 * 9);
	CHECK_OK(teeio_idekm_decode(out, n, &m));
	CHECK_EQ(m.object_id, TEEIO_IDEKM_QUERY_RESP);
	CHECK_EQ(m.port_index, 1);
	CHECK_EQ(m.dev_func_num, 0x09);
	CHECK_EQ(m.bus_num, 0x3a);
	CHECK_EQ(m.segment, 0x01);
	CHECK_EQ(m.max_port_index, 1);
	CHECK_EQ(m.n_regs, 9);
	CHECK_EQ(teeio_load_u32le(m.regs), 0x2);
	CHECK_EQ(teeio_load_u32le(m.regs + 4 * 8), 0x1008);
	/* Unknown port, wrong length, reserved byte. */
	req[3] = 2;
	CHECK_ERR(send_raw(SID, req, 4, &m), TEEIO_ERR_PROTO);
	req[3] = 0;
	CHECK_ERR(send_raw(SID, req, 3, &m), TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_ERR(send_raw(SID, req, 5, &m), TEEIO_ERR_SIZE_TRAILING);
	req[2] = 1;
	CHECK_ERR(send_raw(SID, req, 4, &m), TEEIO_ERR_PROTO_RESERVED);
	CHECK_EQ(dev.n_query, 1);
	/* Output too small. */
	req[2] = 0;
	n = 20;
	CHECK_ERR(teeio_idekm_rsp_handle(&rsp, true, SID, req, 4, out, &n), TEEIO_ERR_SIZE);
}

TEST(six_keys_go_and_stop)
{
	setup(false);
	for (uint8_t dir = 0; dir < 2; dir++)
		for (uint8_t ss = 0; ss < 3; ss++) {
			CHECK_EQ(kp(SID, slot(0, 5, 0, dir, ss), 1), TEEIO_IDEKM_KP_SUCCESS);
			/* The device got the key bytes in wire order and the IFV. */
			CHECK_EQ(dev.last.stream_id, 5);
			CHECK_EQ(dev.last.dir, dir);
			CHECK_EQ(dev.last.sub_stream, ss);
			CHECK_EQ(dev.last.key_set, 0);
			CHECK_EQ(dev.last_key[0], 0xa0);
			CHECK_EQ(dev.last_key[31], 0xbf);
			CHECK_EQ(dev.last_ifv[0], 0);
			CHECK_EQ(dev.last_ifv[1], 1);
		}
	CHECK_EQ(dev.n_prog, 6);
	for (uint8_t dir = 0; dir < 2; dir++)
		for (uint8_t ss = 0; ss < 3; ss++)
			CHECK_OK(gostop(SID, TEEIO_IDEKM_K_SET_GO, slot(0, 5, 0, dir, ss)));
	CHECK_EQ(dev.n_go, 6);
	for (uint8_t dir = 0; dir < 2; dir++)
		for (uint8_t ss = 0; ss < 3; ss++)
			CHECK_OK(gostop(SID, TEEIO_IDEKM_K_SET_STOP, slot(0, 5, 0, dir, ss)));
	CHECK_EQ(dev.n_stop, 6);
	/* Stopped slots are forgotten. */
	CHECK_ERR(gostop(SID, TEEIO_IDEKM_K_SET_GO, slot(0, 5, 0, 0, 0)), TEEIO_ERR_STATE);
}

TEST(kp_ack_incorrect_length_echoes)
{
	uint8_t req[64];
	struct teeio_idekm_msg ack;
	struct teeio_idekm_sel s = slot(0, 1, 1, 1, 2);
	setup(false);
	size_t n = build(TEEIO_IDEKM_KEY_PROG, &s, 1, req);
	/* teeio-validator KEY_PROG case 2.2 shortens by 4..24 bytes. */
	for (size_t cut = 4; cut <= 24; cut += 4) {
		CHECK_OK(send_raw(SID, req, n - cut, &ack));
		CHECK_EQ(ack.object_id, TEEIO_IDEKM_KP_ACK);
		CHECK_EQ(ack.status, TEEIO_IDEKM_KP_INCORRECT_LENGTH);
		CHECK_EQ(ack.stream_id, 1);
		CHECK_EQ(ack.kss, 0x23);
		CHECK_EQ(ack.port_index, 0);
	}
	CHECK_OK(send_raw(SID, req, n + 1, &ack));
	CHECK_EQ(ack.status, TEEIO_IDEKM_KP_INCORRECT_LENGTH);
	/* So short that nothing can be echoed. */
	CHECK_OK(send_raw(SID, req, 3, &ack));
	CHECK_EQ(ack.status, TEEIO_IDEKM_KP_INCORRECT_LENGTH);
	CHECK_EQ(ack.stream_id, 0);
	CHECK_EQ(ack.kss, 0);
	/* A wrong length beats a wrong port. */
	req[7] = 9;
	CHECK_OK(send_raw(SID, req, n - 4, &ack));
	CHECK_EQ(ack.status, TEEIO_IDEKM_KP_INCORRECT_LENGTH);
	CHECK_EQ(ack.port_index, 9);
	CHECK_EQ(dev.n_prog, 0);
}

TEST(kp_ack_unsupported_port_and_values)
{
	uint8_t req[64];
	struct teeio_idekm_msg ack;
	struct teeio_idekm_sel s = slot(0, 1, 0, 0, 0);
	setup(false);
	CHECK_EQ(kp(SID, slot(2, 1, 0, 0, 0), 1), TEEIO_IDEKM_KP_UNSUPPORTED_PORT);
	CHECK_EQ(kp(SID, slot(0xff, 1, 0, 0, 0), 1), TEEIO_IDEKM_KP_UNSUPPORTED_PORT);
	/* Unknown stream on this port (stream 2 is port 1's). */
	CHECK_EQ(kp(SID, slot(0, 2, 0, 0, 0), 1), TEEIO_IDEKM_KP_UNSUPPORTED_VALUE);
	CHECK_EQ(kp(SID, slot(0, 9, 0, 0, 0), 1), TEEIO_IDEKM_KP_UNSUPPORTED_VALUE);
	/* IFV other than the initial {0, 1} (teeio-validator case 2.5). */
	CHECK_EQ(kp(SID, s, 2), TEEIO_IDEKM_KP_UNSUPPORTED_VALUE);
	CHECK_EQ(kp(SID, s, 0), TEEIO_IDEKM_KP_UNSUPPORTED_VALUE);
	size_t n = build(TEEIO_IDEKM_KEY_PROG, &s, 1, req);
	req[40] = 1; /* IFV DWORD 0 */
	CHECK_OK(send_raw(SID, req, n, &ack));
	CHECK_EQ(ack.status, TEEIO_IDEKM_KP_UNSUPPORTED_VALUE);
	/* Reserved bytes 2, 3, 5 and key_sub_stream bits. */
	static const uint8_t offs[] = {2, 3, 5};
	for (unsigned i = 0; i < 3; i++) {
		n = build(TEEIO_IDEKM_KEY_PROG, &s, 1, req);
		req[offs[i]] = 0x01;
		CHECK_OK(send_raw(SID, req, n, &ack));
		CHECK_EQ(ack.status, TEEIO_IDEKM_KP_UNSUPPORTED_VALUE);
	}
	n = build(TEEIO_IDEKM_KEY_PROG, &s, 1, req);
	req[6] = 0x08;
	CHECK_OK(send_raw(SID, req, n, &ack));
	CHECK_EQ(ack.status, TEEIO_IDEKM_KP_UNSUPPORTED_VALUE);
	CHECK_EQ(ack.kss, 0x08);
	req[6] = 0x31; /* sub-stream 3 */
	CHECK_OK(send_raw(SID, req, n, &ack));
	CHECK_EQ(ack.status, TEEIO_IDEKM_KP_UNSUPPORTED_VALUE);
	/* A wrong port beats a wrong value. */
	req[7] = 5;
	CHECK_OK(send_raw(SID, req, n, &ack));
	CHECK_EQ(ack.status, TEEIO_IDEKM_KP_UNSUPPORTED_PORT);
	CHECK_EQ(dev.n_prog, 0);
}

TEST(kp_ack_device_failures)
{
	setup(false);
	dev.fail_prog = TEEIO_ERR_USAGE;
	CHECK_EQ(kp(SID, slot(0, 1, 0, 0, 0), 1), TEEIO_IDEKM_KP_UNSUPPORTED_VALUE);
	dev.fail_prog = TEEIO_ERR_CRYPTO;
	CHECK_EQ(kp(SID, slot(0, 1, 0, 0, 0), 1), TEEIO_IDEKM_KP_UNSPECIFIED);
	dev.fail_prog = TEEIO_OK;
	/* Nothing was recorded as programmed. */
	CHECK_ERR(gostop(SID, TEEIO_IDEKM_K_SET_STOP, slot(0, 1, 0, 0, 0)), TEEIO_ERR_STATE);
}

TEST(go_needs_every_substream_of_the_set)
{
	setup(false);
	CHECK_EQ(kp(SID, slot(0, 1, 0, 0, 0), 1), 0);
	CHECK_EQ(kp(SID, slot(0, 1, 0, 0, 1), 1), 0);
	/* CPL missing. */
	CHECK_ERR(gostop(SID, TEEIO_IDEKM_K_SET_GO, slot(0, 1, 0, 0, 0)), TEEIO_ERR_STATE);
	/* The other direction or key set does not count. */
	CHECK_EQ(kp(SID, slot(0, 1, 0, 1, 2), 1), 0);
	CHECK_EQ(kp(SID, slot(0, 1, 1, 0, 2), 1), 0);
	CHECK_ERR(gostop(SID, TEEIO_IDEKM_K_SET_GO, slot(0, 1, 0, 0, 1)), TEEIO_ERR_STATE);
	CHECK_EQ(dev.n_go, 0);
	CHECK_EQ(kp(SID, slot(0, 1, 0, 0, 2), 1), 0);
	CHECK_OK(gostop(SID, TEEIO_IDEKM_K_SET_GO, slot(0, 1, 0, 0, 0)));
	CHECK_EQ(dev.n_go, 1);
}

TEST(partial_go_for_spdm_emu)
{
	setup(true);
	/* spdm-emu: KEY_PROG K0|RX PR, K0|TX PR, K_SET_GO both, K_SET_STOP both. */
	CHECK_EQ(kp(SID, slot(0, 1, 0, 0, 0), 1), 0);
	CHECK_EQ(kp(SID, slot(0, 1, 0, 1, 0), 1), 0);
	CHECK_OK(gostop(SID, TEEIO_IDEKM_K_SET_GO, slot(0, 1, 0, 0, 0)));
	CHECK_OK(gostop(SID, TEEIO_IDEKM_K_SET_GO, slot(0, 1, 0, 1, 0)));
	CHECK_OK(gostop(SID, TEEIO_IDEKM_K_SET_STOP, slot(0, 1, 0, 0, 0)));
	CHECK_OK(gostop(SID, TEEIO_IDEKM_K_SET_STOP, slot(0, 1, 0, 1, 0)));
	/* Still: never GO an unprogrammed slot. */
	CHECK_ERR(gostop(SID, TEEIO_IDEKM_K_SET_GO, slot(0, 1, 0, 0, 1)), TEEIO_ERR_STATE);
}

TEST(go_stop_malformed_and_unknown)
{
	uint8_t req[64];
	struct teeio_idekm_msg ack;
	struct teeio_idekm_sel s = slot(0, 1, 0, 0, 0);
	setup(true);
	CHECK_EQ(kp(SID, s, 1), 0);
	static const uint8_t objs[] = {TEEIO_IDEKM_K_SET_GO, TEEIO_IDEKM_K_SET_STOP};
	for (unsigned o = 0; o < 2; o++) {
		CHECK_ERR(gostop(SID, objs[o], slot(2, 1, 0, 0, 0)), TEEIO_ERR_PROTO);
		CHECK_ERR(gostop(SID, objs[o], slot(0, 9, 0, 0, 0)), TEEIO_ERR_PROTO);
		size_t n = build(objs[o], &s, 0, req);
		CHECK_ERR(send_raw(SID, req, n - 1, &ack), TEEIO_ERR_SIZE_TRUNCATED);
		CHECK_ERR(send_raw(SID, req, n + 1, &ack), TEEIO_ERR_SIZE_TRAILING);
		static const uint8_t offs[] = {2, 3, 5};
		for (unsigned i = 0; i < 3; i++) {
			n = build(objs[o], &s, 0, req);
			req[offs[i]] = 0x40;
			CHECK_ERR(send_raw(SID, req, n, &ack), TEEIO_ERR_PROTO_RESERVED);
		}
		n = build(objs[o], &s, 0, req);
		req[6] = 0x04;
		CHECK_ERR(send_raw(SID, req, n, &ack), TEEIO_ERR_PROTO_RESERVED);
		req[6] = 0xf0;
		CHECK_ERR(send_raw(SID, req, n, &ack), TEEIO_ERR_PROTO_UNSUPPORTED);
	}
	CHECK_EQ(dev.n_go + dev.n_stop, 0);
}

TEST(stop_of_a_set_not_going)
{
	setup(false);
	/* Never programmed: nothing to stop. */
	CHECK_ERR(gostop(SID, TEEIO_IDEKM_K_SET_STOP, slot(0, 1, 1, 1, 1)), TEEIO_ERR_STATE);
	CHECK_EQ(dev.n_stop, 0);
	/* Programmed, never armed: stop discards the key. */
	CHECK_EQ(kp(SID, slot(0, 1, 1, 1, 1), 1), 0);
	CHECK_OK(gostop(SID, TEEIO_IDEKM_K_SET_STOP, slot(0, 1, 1, 1, 1)));
	CHECK_EQ(dev.n_stop, 1);
	CHECK_ERR(gostop(SID, TEEIO_IDEKM_K_SET_STOP, slot(0, 1, 1, 1, 1)), TEEIO_ERR_STATE);
}

static void go_set(uint8_t port, uint8_t stream, uint8_t ks)
{
	for (uint8_t dir = 0; dir < 2; dir++)
		for (uint8_t ss = 0; ss < 3; ss++)
			CHECK_OK(
			    gostop(SID, TEEIO_IDEKM_K_SET_GO, slot(port, stream, ks, dir, ss)));
}

TEST(reprogramming_a_live_key_set_refused)
{
	setup(false);
	program_set(0, 1, 0, 0);
	program_set(0, 1, 0, 1);
	go_set(0, 1, 0);
	unsigned progs = dev.n_prog;
	CHECK_EQ(kp(SID, slot(0, 1, 0, 1, 2), 1), TEEIO_IDEKM_KP_UNSPECIFIED);
	CHECK_EQ(kp(SID, slot(0, 1, 0, 0, 0), 1), TEEIO_IDEKM_KP_UNSPECIFIED);
	CHECK_EQ(dev.n_prog, progs);
	/* Key refresh as teeio-validator does it: program and start K1,
	 * then K0 again, never stopping the old set. */
	for (unsigned round = 0; round < 3; round++) {
		uint8_t ks = (uint8_t)((round + 1) & 1);
		program_set(0, 1, ks, 0);
		program_set(0, 1, ks, 1);
		go_set(0, 1, ks);
		CHECK_EQ(dev.last.key_set, ks);
		/* The set now live is refused, the retired one may be re-keyed. */
		CHECK_EQ(kp(SID, slot(0, 1, ks, 1, 1), 1), TEEIO_IDEKM_KP_UNSPECIFIED);
	}
	/* Stopping a retired (idle) set is allowed and forgets it. */
	CHECK_OK(gostop(SID, TEEIO_IDEKM_K_SET_STOP, slot(0, 1, 0, 1, 2)));
	CHECK_ERR(gostop(SID, TEEIO_IDEKM_K_SET_GO, slot(0, 1, 0, 1, 2)), TEEIO_ERR_STATE);
}

TEST(go_twice_is_acknowledged_once)
{
	setup(false);
	program_set(0, 5, 1, 0);
	CHECK_OK(gostop(SID, TEEIO_IDEKM_K_SET_GO, slot(0, 5, 1, 0, 1)));
	CHECK_OK(gostop(SID, TEEIO_IDEKM_K_SET_GO, slot(0, 5, 1, 0, 1)));
	CHECK_EQ(dev.n_go, 1);
}

TEST(device_go_failure_commits_nothing)
{
	setup(false);
	program_set(1, 2, 0, 0);
	dev.fail_go = TEEIO_ERR_INTERNAL;
	CHECK_ERR(gostop(SID, TEEIO_IDEKM_K_SET_GO, slot(1, 2, 0, 0, 0)), TEEIO_ERR_INTERNAL);
	dev.fail_go = TEEIO_OK;
	CHECK_OK(gostop(SID, TEEIO_IDEKM_K_SET_GO, slot(1, 2, 0, 0, 0)));
	CHECK_EQ(dev.n_go, 1);
	dev.fail_stop = TEEIO_ERR_INTERNAL;
	CHECK_ERR(gostop(SID, TEEIO_IDEKM_K_SET_STOP, slot(1, 2, 0, 0, 0)), TEEIO_ERR_INTERNAL);
	dev.fail_stop = TEEIO_OK;
	/* Still armed: re-programming it is refused. */
	CHECK_EQ(kp(SID, slot(1, 2, 0, 0, 0), 1), TEEIO_IDEKM_KP_UNSPECIFIED);
}

TEST(port_belongs_to_its_first_session)
{
	uint8_t q[4] = {0, 0, 0, 0};
	struct teeio_idekm_msg ack;
	setup(false);
	CHECK_OK(send_raw(SID, q, 4, &ack));
	CHECK_EQ(kp(SID, slot(0, 1, 0, 0, 0), 1), 0);
	/* Another session: no answer at all for port 0. */
	CHECK_ERR(send_raw(SID + 1, q, 4, &ack), TEEIO_ERR_STATE);
	CHECK_EQ(kp(SID + 1, slot(0, 1, 0, 0, 1), 1), 0xff);
	CHECK_ERR(gostop(SID + 1, TEEIO_IDEKM_K_SET_STOP, slot(0, 1, 0, 0, 0)), TEEIO_ERR_STATE);
	CHECK_EQ(dev.n_prog, 1);
	/* Port 1 is free. */
	CHECK_EQ(kp(SID + 1, slot(1, 2, 0, 0, 0), 1), 0);
	/* The first session ends: its programmed slot is stopped on the
	 * device and port 0 is free again, with nothing programmed. */
	teeio_idekm_rsp_session_end(&rsp, SID);
	CHECK_EQ(dev.n_stop, 1);
	CHECK_EQ(dev.last.port_index, 0);
	CHECK_EQ(dev.last.stream_id, 1);
	CHECK_OK(send_raw(SID + 1, q, 4, &ack));
	CHECK_ERR(gostop(SID + 1, TEEIO_IDEKM_K_SET_STOP, slot(0, 1, 0, 0, 0)), TEEIO_ERR_STATE);
	/* Port 1 stayed with the second session. */
	CHECK_EQ(kp(SID, slot(1, 2, 0, 0, 1), 1), 0xff);
}

TEST(no_room_for_the_answer_touches_nothing)
{
	uint8_t req[64], out[8];
	struct teeio_idekm_sel s = slot(0, 1, 0, 0, 0);
	setup(false);
	size_t n = build(TEEIO_IDEKM_KEY_PROG, &s, 1, req), cap = 7;
	CHECK_ERR(teeio_idekm_rsp_handle(&rsp, true, SID, req, n, out, &cap), TEEIO_ERR_SIZE);
	CHECK_EQ(dev.n_prog, 0);
	CHECK_EQ(kp(SID, s, 1), 0);
	n = build(TEEIO_IDEKM_K_SET_STOP, &s, 0, req);
	cap = 7;
	CHECK_ERR(teeio_idekm_rsp_handle(&rsp, true, SID, req, n, out, &cap), TEEIO_ERR_SIZE);
	CHECK_EQ(dev.n_stop, 0);
}

TEST(vendor_registry_adapter)
{
	uint8_t req[64], out[64];
	struct teeio_idekm_msg ack;
	struct teeio_idekm_sel s = slot(0, 1, 0, 0, 0);
	struct teeio_spdm_vendor_session vs = {true, SID};
	setup(false);
	struct teeio_spdm_vendor_handler h = teeio_idekm_rsp_registration(&rsp);
	CHECK_EQ(h.standard_id, 3);
	CHECK_EQ(h.vendor_id_len, 2);
	CHECK_EQ(h.vendor_id[0], 0x01);
	CHECK_EQ(h.vendor_id[1], 0x00);
	CHECK_EQ(h.protocol_id, 0);
	CHECK(h.requires_session);
	size_t n = build(TEEIO_IDEKM_KEY_PROG, &s, 1, req);
	CHECK(teeio_spdm_vendor_find(&h, 1, 3, h.vendor_id, 2, req, n) == &h);
	/* The registry strips the protocol ID and adds it back. */
	size_t cap = sizeof(out) - 1;
	CHECK_OK(h.fn(h.ctx, &vs, req + 1, n - 1, out + 1, &cap));
	out[0] = 0;
	CHECK_EQ(cap, 7);
	CHECK_OK(teeio_idekm_decode(out, cap + 1, &ack));
	CHECK_EQ(ack.object_id, TEEIO_IDEKM_KP_ACK);
	CHECK_EQ(ack.status, 0);
	vs.secured = false;
	cap = sizeof(out);
	CHECK_ERR(h.fn(h.ctx, &vs, req + 1, n - 1, out, &cap), TEEIO_ERR_STATE_NO_SESSION);
}

int main(void)
{
	RUN(init_rejects_bad_config);
	RUN(refuses_outside_a_secured_session);
	RUN(protocol_and_object_checks);
	RUN(query_answers_port);
	RUN(six_keys_go_and_stop);
	RUN(kp_ack_incorrect_length_echoes);
	RUN(kp_ack_unsupported_port_and_values);
	RUN(kp_ack_device_failures);
	RUN(go_needs_every_substream_of_the_set);
	RUN(partial_go_for_spdm_emu);
	RUN(go_stop_malformed_and_unknown);
	RUN(stop_of_a_set_not_going);
	RUN(reprogramming_a_live_key_set_refused);
	RUN(go_twice_is_acknowledged_once);
	RUN(device_go_failure_commits_nothing);
	RUN(port_belongs_to_its_first_session);
	RUN(no_room_for_the_answer_touches_nothing);
	RUN(vendor_registry_adapter);
	return test_summary();
}
