/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IDE_KM onto the IDE engine, end to end: a TSM keys the root port's
 * stream directly and the device's stream through IDE_KM (requester ->
 * responder -> teeio_idekm_ide_ops -> teeio_ide_key_*), then TLPs cross
 * in both directions.  This pins the key and IFV byte order: the same 32
 * bytes given to the root port and sent in KEY_PROG must key the same
 * AES-GCM.
 */
#include "test.h"

#include "support/ide.h"
#include "support/idekm.h"

#define STREAM 3

static struct teeio_ide_stream host, dev;
static struct teeio_ide_port dev_port;
static struct teeio_idekm_ide_dev binding;
static struct teeio_idekm_rsp rsp;
static struct idekm_loop loop;
static struct teeio_idekm_req req;
static struct ide_test_sink sink;
static struct ide_test_log got;
static uint8_t data[64];

static const struct teeio_ide_config cfg = {
    .type = TEEIO_IDE_SELECTIVE,
    .stream_id = STREAM,
    .default_stream = true,
};
static const uint32_t ifv[2] = {0, 1};

static void setup(void)
{
	struct teeio_idekm_rsp_config rc;

	teeio_ide_stream_fini(&host);
	teeio_ide_stream_fini(&dev);
	CHECK_OK(teeio_ide_stream_init(&host, teeio_crypto_openssl(), &cfg));
	CHECK_OK(teeio_ide_stream_init(&dev, teeio_crypto_openssl(), &cfg));
	teeio_ide_port_init(&dev_port);
	CHECK_OK(teeio_ide_port_add(&dev_port, &dev));
	memset(&binding, 0, sizeof(binding));
	binding.port[0] = &dev_port;
	binding.info[0].n_regs = 2;
	binding.info[0].regs[0] = 0x2;
	CHECK_OK(teeio_idekm_ide_config(&binding, 0, &rc));
	CHECK_EQ(rc.port[0].n_streams, 1);
	CHECK_EQ(rc.port[0].stream_ids[0], STREAM);
	CHECK_OK(teeio_idekm_rsp_init(&rsp, &rc));
	loop.rsp = &rsp;
	loop.session_id = 1;
	loop.tamper = NULL;
	req.exchange = idekm_loop_exchange;
	req.ctx = &loop;
	memset(&sink, 0, sizeof(sink));
	got.n = 0;
}

/* Key set `ks` on both ends: host directly, device through IDE_KM. */
static void key_both(uint8_t ks, uint8_t seed)
{
	uint8_t down[32], up[32];
	for (uint8_t ss = 0; ss < 3; ss++) {
		ide_test_fill(down, 32, (uint8_t)(seed + ss));
		ide_test_fill(up, 32, (uint8_t)(seed + ss + 50));
		struct teeio_idekm_sel rx = {0, STREAM, ks, TEEIO_IDE_DIR_RX, ss};
		struct teeio_idekm_sel tx = {0, STREAM, ks, TEEIO_IDE_DIR_TX, ss};
		CHECK_OK(teeio_idekm_req_key_prog(&req, &rx, down, ifv, NULL));
		CHECK_OK(teeio_idekm_req_key_prog(&req, &tx, up, ifv, NULL));
		CHECK_OK(teeio_ide_key_prog(&host, TEEIO_IDE_DIR_TX, ss, ks, down, ifv));
		CHECK_OK(teeio_ide_key_prog(&host, TEEIO_IDE_DIR_RX, ss, ks, up, ifv));
	}
	/* Receivers first, then transmitters. */
	for (uint8_t ss = 0; ss < 3; ss++) {
		struct teeio_idekm_sel rx = {0, STREAM, ks, TEEIO_IDE_DIR_RX, ss};
		CHECK_OK(teeio_idekm_req_key_set_go(&req, &rx));
		CHECK_OK(teeio_ide_key_set_go(&host, TEEIO_IDE_DIR_RX, ss, ks));
	}
	for (uint8_t ss = 0; ss < 3; ss++) {
		struct teeio_idekm_sel tx = {0, STREAM, ks, TEEIO_IDE_DIR_TX, ss};
		CHECK_OK(teeio_idekm_req_key_set_go(&req, &tx));
		CHECK_OK(teeio_ide_key_set_go(&host, TEEIO_IDE_DIR_TX, ss, ks));
	}
}

/* One TLP of sub-stream ss from `from` to `to`; true when delivered. */
static bool cross(struct teeio_ide_stream *from, struct teeio_ide_stream *to, unsigned ss)
{
	struct teeio_ide_sink k = ide_test_sink_ops(&sink);
	struct teeio_ide_deliver d = ide_test_log_ops(&got);
	struct teeio_tlp t = ide_test_of_substream(ss, data, sizeof(data));
	size_t before = got.n, at = sink.n;
	if (teeio_ide_tx(from, &t, &k) != TEEIO_OK || teeio_ide_tx_flush(from, &k) != TEEIO_OK ||
	    sink.n != at + 1)
		return false;
	if (teeio_ide_rx(to, sink.slot[at].wire, sink.slot[at].len, &d) != TEEIO_OK)
		return false;
	if (got.n != before + 1 || got.tlp[before].type != t.type)
		return false;
	/* MRd (NPR) carries no data. */
	return t.payload_len == 0 || memcmp(got.payload[before], data, t.payload_len) == 0;
}

TEST(keys_through_idekm_carry_traffic)
{
	struct teeio_idekm_port_info info;
	setup();
	ide_test_fill(data, sizeof(data), 0x5a);
	CHECK_OK(teeio_idekm_req_query(&req, 0, &info));
	CHECK_EQ(info.regs[0], 0x2);
	key_both(0, 0x10);
	teeio_ide_stream_enable(&host);
	teeio_ide_stream_enable(&dev);
	CHECK_EQ(teeio_ide_stream_state(&dev), TEEIO_IDE_SECURE);
	CHECK_EQ(teeio_ide_stream_state(&host), TEEIO_IDE_SECURE);
	for (unsigned ss = 0; ss < 3; ss++) {
		CHECK(cross(&host, &dev, ss));
		CHECK(cross(&dev, &host, ss));
	}
	/* Key refresh to K1 through IDE_KM; traffic still flows. */
	key_both(1, 0x70);
	for (unsigned ss = 0; ss < 3; ss++) {
		CHECK(cross(&host, &dev, ss));
		CHECK(cross(&dev, &host, ss));
	}
}

TEST(a_wrong_key_byte_breaks_the_stream)
{
	uint8_t key[32];
	setup();
	ide_test_fill(data, sizeof(data), 0x5a);
	key_both(0, 0x10);
	teeio_ide_stream_enable(&host);
	teeio_ide_stream_enable(&dev);
	/* Refresh to K1, but the host's PR transmitter gets a key one bit off
	 * what the device receives over IDE_KM: the device must refuse. */
	ide_test_fill(key, 32, 0x33);
	struct teeio_idekm_sel rx = {0, STREAM, 1, TEEIO_IDE_DIR_RX, 0};
	CHECK_OK(teeio_idekm_req_key_prog(&req, &rx, key, ifv, NULL));
	key[31] ^= 1;
	CHECK_OK(teeio_ide_key_prog(&host, TEEIO_IDE_DIR_TX, 0, 1, key, ifv));
	for (uint8_t ss = 1; ss < 3; ss++) {
		rx.sub_stream = ss;
		CHECK_OK(teeio_idekm_req_key_prog(&req, &rx, key, ifv, NULL));
	}
	rx.sub_stream = 0;
	CHECK_OK(teeio_idekm_req_key_set_go(&req, &rx));
	CHECK_OK(teeio_ide_key_set_go(&host, TEEIO_IDE_DIR_TX, 0, 1));
	CHECK(!cross(&host, &dev, 0));
	CHECK_EQ(teeio_ide_stream_state(&dev), TEEIO_IDE_INSECURE);
}

TEST(unknown_stream_is_unsupported_value)
{
	uint8_t key[32] = {0}, status = 0;
	setup();
	struct teeio_idekm_sel s = {0, STREAM + 1, 0, 0, 0};
	CHECK_ERR(teeio_idekm_req_key_prog(&req, &s, key, ifv, &status),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(status, TEEIO_IDEKM_KP_UNSUPPORTED_VALUE);
}

int main(void)
{
	RUN(keys_through_idekm_carry_traffic);
	RUN(a_wrong_key_byte_breaks_the_stream);
	RUN(unknown_stream_is_unsupported_value);
	teeio_ide_stream_fini(&host);
	teeio_ide_stream_fini(&dev);
	return test_summary();
}
