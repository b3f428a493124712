/* SPDX-License-Identifier: BSD-3-Clause */
/* ide/port.c and link.c: root port and endpoint joined by the emulated
 * link; every attack the link allows is detected and takes the receiving
 * stream Insecure; key refresh under traffic loses nothing. */
#include "test.h"

#include "support/ide.h"
#include "teeio/ide.h"

enum attack { NONE, DROP_NTH, FLIP_NTH, HOLD_NTH, COPY_NTH, STRIP_NTH };

struct attacker {
	enum attack mode;
	int nth; /* which TLP (0-based, downstream only) */
	int seen; /* downstream TLPs observed */
	size_t saved_len;
	uint8_t saved[TEEIO_TLP_WIRE_MAX];
	bool plaintext_seen; /* did any payload cross in the clear? */
};

static struct teeio_ide_stream host, dev;
static struct teeio_ide_port rp, ep;
static struct teeio_link link;
static struct ide_test_log at_ep, at_rp;
static struct ide_test_events ev_dev, ev_host;
static struct attacker atk;
static uint8_t data[TEEIO_TLP_PAYLOAD_MAX];

static enum teeio_link_verdict on_tlp(void *ctx, enum teeio_link_dir dir, uint8_t *wire,
				      size_t *len, size_t cap)
{
	struct attacker *a = ctx;
	(void)cap;
	if (dir != TEEIO_LINK_DOWN)
		return TEEIO_LINK_PASS;
	for (size_t i = 0; i + 16 <= *len; i++)
		if (!memcmp(wire + i, data, 16))
			a->plaintext_seen = true;
	if (a->seen++ != a->nth)
		return TEEIO_LINK_PASS;
	switch (a->mode) {
	case DROP_NTH: return TEEIO_LINK_DROP;
	case FLIP_NTH: wire[*len - 20] ^= 0x01; return TEEIO_LINK_MODIFIED;
	case HOLD_NTH: return TEEIO_LINK_HOLD;
	case COPY_NTH:
		memcpy(a->saved, wire, *len);
		a->saved_len = *len;
		return TEEIO_LINK_PASS;
	case STRIP_NTH: /* remove the IDE prefix and the MAC */
		memmove(wire, wire + 4, *len - 4 - 12);
		*len -= 16;
		return TEEIO_LINK_MODIFIED;
	case NONE: break;
	}
	return TEEIO_LINK_PASS;
}

static void setup(enum teeio_ide_stream_type type, enum attack mode, int nth)
{
	struct teeio_ide_config c = {.type = type,
				     .stream_id = 3,
				     .default_stream = true,
				     .rid_base = 0,
				     .rid_limit = 0xffff};
	teeio_ide_stream_fini(&host);
	teeio_ide_stream_fini(&dev);
	CHECK_OK(ide_test_pair_up(&host, &dev, &c));
	memset(&ev_dev, 0, sizeof(ev_dev));
	memset(&ev_host, 0, sizeof(ev_host));
	teeio_ide_stream_set_owner(&dev, ide_test_on_event, &ev_dev);
	teeio_ide_stream_set_owner(&host, ide_test_on_event, &ev_host);
	teeio_ide_port_init(&rp);
	teeio_ide_port_init(&ep);
	CHECK_OK(teeio_ide_port_add(&rp, &host));
	CHECK_OK(teeio_ide_port_add(&ep, &dev));
	CHECK_ERR(teeio_ide_port_add(&ep, &dev), TEEIO_ERR_USAGE);
	teeio_link_init(&link, &rp, &ep);
	struct teeio_ide_deliver d_ep = ide_test_log_ops(&at_ep), d_rp = ide_test_log_ops(&at_rp);
	teeio_link_set_receiver(&link, TEEIO_LINK_EP, &d_ep);
	teeio_link_set_receiver(&link, TEEIO_LINK_RP, &d_rp);
	memset(&atk, 0, sizeof(atk));
	atk.mode = mode;
	atk.nth = nth;
	struct teeio_link_attacker a = {on_tlp, &atk};
	teeio_link_set_attacker(&link, &a);
	at_ep.n = at_rp.n = 0;
	ide_test_fill(data, sizeof(data), 0x5c);
}

/* n MWr downstream, each 64 bytes from data + 64*i */
static void send_writes(int first, int n)
{
	for (int i = first; i < first + n; i++) {
		struct teeio_tlp t =
		    ide_test_mwr(0x80000000 + 0x40 * (uint64_t)i, data + 64 * i, 64);
		CHECK_OK(teeio_link_send(&link, TEEIO_LINK_RP, &t));
	}
}

static void expect_detected(enum teeio_ide_fail why)
{
	CHECK_EQ(teeio_ide_stream_state(&dev), TEEIO_IDE_INSECURE);
	CHECK_EQ(ev_dev.n, 1);
	CHECK_EQ(ev_dev.last.reason, why);
	CHECK(link.stats.rx_errors[TEEIO_LINK_DOWN] >= 1);
	/* the device's IDE Fail Message takes the host's end down too */
	CHECK_EQ(teeio_ide_stream_state(&host), TEEIO_IDE_INSECURE);
	CHECK_EQ(ev_host.n, 1);
	CHECK_EQ(ev_host.last.reason, TEEIO_IDE_FAIL_PEER);
	CHECK(host.fail_msg_received);
	CHECK_EQ(link.stats.fail_msgs[TEEIO_LINK_DOWN], 1);
	struct teeio_tlp t = ide_test_mwr(0x80000000, data, 4);
	CHECK_ERR(teeio_link_send(&link, TEEIO_LINK_RP, &t), TEEIO_ERR_STATE);
}

TEST(clean_traffic_both_directions)
{
	setup(TEEIO_IDE_SELECTIVE, NONE, 0);
	struct teeio_tlp rd = ide_test_mrd(0x80000000, 16, 5);
	rd.ide.t = true;
	CHECK_OK(teeio_link_send(&link, TEEIO_LINK_RP, &rd));
	struct teeio_tlp cpl = ide_test_cpld(0x0000, 5, data, 64);
	struct teeio_tlp dma = ide_test_mwr(0x123400000ull, data, 256);
	CHECK_OK(teeio_link_send(&link, TEEIO_LINK_EP, &cpl));
	CHECK_OK(teeio_link_send(&link, TEEIO_LINK_EP, &dma));
	size_t n = 0;
	teeio_link_pump(&link, &n);
	CHECK_EQ(n, 3);
	CHECK_EQ(at_ep.n, 1);
	CHECK(at_ep.tlp[0].has_ide && at_ep.tlp[0].ide.t && at_ep.tlp[0].type == TEEIO_TLP_MRD);
	CHECK_EQ(at_rp.n, 2);
	CHECK_MEM(at_rp.payload[0], data, 64);
	CHECK_MEM(at_rp.payload[1], data, 256);
	CHECK(at_rp.tlp[1].addr == 0x123400000ull);
	CHECK(!atk.plaintext_seen);
	CHECK_EQ(ev_dev.n + ev_host.n, 0);
}

TEST(dropped_tlp_is_detected)
{
	setup(TEEIO_IDE_SELECTIVE, DROP_NTH, 1);
	send_writes(0, 4);
	teeio_link_pump(&link, NULL);
	CHECK_EQ(at_ep.n, 1); /* the first only */
	CHECK_EQ(link.stats.dropped[TEEIO_LINK_DOWN], 1);
	expect_detected(TEEIO_IDE_FAIL_MAC); /* at the third */
	CHECK_EQ(link.stats.rx_errors[TEEIO_LINK_DOWN], 2);
	CHECK_EQ(link.last_rx_err[TEEIO_LINK_DOWN], TEEIO_ERR_STATE); /* fourth: stream dead */
}

TEST(modified_tlp_is_detected)
{
	setup(TEEIO_IDE_SELECTIVE, FLIP_NTH, 0);
	send_writes(0, 2);
	teeio_link_pump(&link, NULL);
	CHECK_EQ(at_ep.n, 0);
	CHECK_EQ(link.stats.modified[TEEIO_LINK_DOWN], 1);
	expect_detected(TEEIO_IDE_FAIL_MAC);
}

TEST(reordered_tlps_are_detected)
{
	setup(TEEIO_IDE_SELECTIVE, HOLD_NTH, 0);
	send_writes(0, 2);
	teeio_link_pump(&link, NULL);
	CHECK_EQ(link.n_held[TEEIO_LINK_DOWN], 1);
	CHECK_EQ(at_ep.n, 0); /* the second arrived first: wrong counter */
	expect_detected(TEEIO_IDE_FAIL_MAC);
	CHECK_OK(teeio_link_release(&link, TEEIO_LINK_DOWN, 0));
	CHECK_ERR(teeio_link_release(&link, TEEIO_LINK_DOWN, 0), TEEIO_ERR_USAGE_NOT_FOUND);
	teeio_link_pump(&link, NULL);
	CHECK_EQ(at_ep.n, 0);
	CHECK_EQ(ev_dev.n, 1);
}

TEST(held_then_released_in_order_is_fine)
{
	/* holding alone is not an attack the receiver can see: only order */
	setup(TEEIO_IDE_SELECTIVE, HOLD_NTH, 1);
	send_writes(0, 2);
	teeio_link_pump(&link, NULL);
	CHECK_OK(teeio_link_release(&link, TEEIO_LINK_DOWN, 0));
	teeio_link_pump(&link, NULL);
	CHECK_EQ(at_ep.n, 2);
	CHECK_EQ(ev_dev.n, 0);
}

TEST(replayed_tlp_is_detected)
{
	setup(TEEIO_IDE_SELECTIVE, COPY_NTH, 0);
	send_writes(0, 2);
	teeio_link_pump(&link, NULL);
	CHECK_EQ(at_ep.n, 2);
	CHECK_OK(teeio_link_inject(&link, TEEIO_LINK_DOWN, atk.saved, atk.saved_len));
	teeio_link_pump(&link, NULL);
	CHECK_EQ(at_ep.n, 2);
	CHECK_EQ(link.stats.injected[TEEIO_LINK_DOWN], 1);
	expect_detected(TEEIO_IDE_FAIL_MAC);
}

TEST(injected_tlp_is_detected)
{
	setup(TEEIO_IDE_SELECTIVE, NONE, 0);
	struct teeio_tlp t = ide_test_mwr(0x80000000, data, 64);
	t.has_ide = true;
	t.ide = (struct teeio_ide_prefix){.m = true, .t = true, .stream_id = 3};
	memset(t.mac, 0x42, sizeof(t.mac));
	uint8_t wire[TEEIO_TLP_WIRE_MAX];
	size_t n = 0;
	CHECK_OK(teeio_tlp_encode(&t, wire, sizeof(wire), &n));
	CHECK_OK(teeio_link_inject(&link, TEEIO_LINK_DOWN, wire, n));
	teeio_link_pump(&link, NULL);
	CHECK_EQ(at_ep.n, 0);
	expect_detected(TEEIO_IDE_FAIL_MAC);
	/* bytes that are no TLP at all never reach the owner either */
	setup(TEEIO_IDE_SELECTIVE, NONE, 0);
	const uint8_t junk[] = {0x92, 0x00, 0x03, 0x04, 0xff};
	CHECK_OK(teeio_link_inject(&link, TEEIO_LINK_DOWN, junk, sizeof(junk)));
	teeio_link_pump(&link, NULL);
	expect_detected(TEEIO_IDE_FAIL_MALFORMED);
	/* a prefix naming a stream the port does not have is dropped */
	const uint8_t other[] = {0x92, 0x00, 0x09, 0x04};
	CHECK_OK(teeio_link_inject(&link, TEEIO_LINK_DOWN, other, sizeof(other)));
	teeio_link_pump(&link, NULL);
	CHECK_EQ(link.last_rx_err[TEEIO_LINK_DOWN], TEEIO_ERR_PROTO);
}

TEST(stripped_prefix_on_a_link_stream_is_detected)
{
	setup(TEEIO_IDE_LINK, STRIP_NTH, 0);
	send_writes(0, 1);
	teeio_link_pump(&link, NULL);
	CHECK_EQ(at_ep.n, 0);
	expect_detected(TEEIO_IDE_FAIL_STREAM);
}

TEST(clear_traffic_and_tee_rule)
{
	setup(TEEIO_IDE_SELECTIVE, NONE, 0);
	struct teeio_tlp t = ide_test_mwr(0x80000000, data, 16);
	t.tc = 1; /* no stream carries TC1 */
	CHECK(teeio_ide_port_route(&rp, &t) == NULL);
	CHECK_OK(teeio_link_send(&link, TEEIO_LINK_RP, &t));
	teeio_link_pump(&link, NULL);
	CHECK_EQ(at_ep.n, 1);
	CHECK(!at_ep.tlp[0].has_ide);
	CHECK(atk.plaintext_seen);
	t.ide.t = true; /* a TEE's TLP never goes in the clear */
	CHECK_ERR(teeio_link_send(&link, TEEIO_LINK_RP, &t), TEEIO_ERR_STATE);
}

TEST(selective_routing_by_address_and_rid)
{
	struct teeio_ide_stream a, b;
	struct teeio_ide_config ca = {.type = TEEIO_IDE_SELECTIVE,
				      .stream_id = 1,
				      .n_mem = 1,
				      .mem = {{0x1000, 0x1fff}},
				      .rid_base = 0x10,
				      .rid_limit = 0x1f};
	struct teeio_ide_config cb = {.type = TEEIO_IDE_SELECTIVE,
				      .stream_id = 2,
				      .default_stream = true,
				      .rid_base = 0x20,
				      .rid_limit = 0x20};
	CHECK_OK(teeio_ide_stream_init(&a, teeio_crypto_openssl(), &ca));
	CHECK_OK(teeio_ide_stream_init(&b, teeio_crypto_openssl(), &cb));
	struct teeio_ide_port p;
	teeio_ide_port_init(&p);
	CHECK_OK(teeio_ide_port_add(&p, &a));
	CHECK_OK(teeio_ide_port_add(&p, &b));
	struct teeio_tlp in = ide_test_mrd(0x1800, 1, 0), out = ide_test_mrd(0x9000, 1, 0);
	CHECK(teeio_ide_port_route(&p, &in) == &a);
	CHECK(teeio_ide_port_route(&p, &out) == &b);
	struct teeio_tlp c1 = ide_test_cpld(0x15, 0, data, 4), c2 = ide_test_cpld(0x20, 0, data, 4);
	struct teeio_tlp c3 = ide_test_cpld(0x30, 0, data, 4);
	CHECK(teeio_ide_port_route(&p, &c1) == &a);
	CHECK(teeio_ide_port_route(&p, &c2) == &b);
	CHECK(teeio_ide_port_route(&p, &c3) == NULL); /* default takes requests only */
	CHECK(teeio_ide_port_find(&p, 2) == &b);
	CHECK(teeio_ide_port_find(&p, 5) == NULL);
}

/* Re-key both directions to `k` under traffic: receivers first, then
 * transmitters, as IDE_KM does it. */
static void refresh_to(unsigned k, uint8_t seed)
{
	CHECK_OK(ide_test_key_pair(&host, &dev, k, seed));
}

TEST(key_refresh_under_traffic_loses_nothing)
{
	setup(TEEIO_IDE_SELECTIVE, NONE, 0);
	size_t total = 0;
	for (unsigned round = 0; round < 3; round++) {
		/* 8 writes down and 8 completions up in flight under the old set */
		send_writes((int)round * 16, 8);
		for (int i = 0; i < 8; i++) {
			struct teeio_tlp c = ide_test_cpld(0, (uint16_t)i, data + 32 * i, 32);
			CHECK_OK(teeio_link_send(&link, TEEIO_LINK_EP, &c));
		}
		/* K0 -> K1 -> K0 -> K1 ... with fresh keys each time */
		refresh_to((round + 1) & 1, (uint8_t)(0x10 * round + 3));
		send_writes((int)round * 16 + 8, 8);
		for (int i = 8; i < 16; i++) {
			struct teeio_tlp c = ide_test_cpld(0, (uint16_t)i, data + 32 * i, 32);
			CHECK_OK(teeio_link_send(&link, TEEIO_LINK_EP, &c));
		}
		size_t n = 0;
		teeio_link_pump(&link, &n);
		total += n;
		CHECK_EQ(n, 32);
		/* the old set is retired on both receivers */
		for (unsigned ss = 0; ss < 3; ss += 2) {
			unsigned old = round & 1;
			if (ss == TEEIO_IDE_SS_PR)
				CHECK(!dev.slot[TEEIO_IDE_DIR_RX][ss][old].programmed);
			else
				CHECK(!host.slot[TEEIO_IDE_DIR_RX][ss][old].programmed);
		}
		/* K_SET_STOP the old set everywhere (NPR saw no traffic, so its
		 * receivers still hold it) before it is programmed again */
		for (unsigned ss = 0; ss < 3; ss++)
			for (unsigned d = 0; d < 2; d++) {
				CHECK_OK(teeio_ide_key_set_stop(&host, d, ss, round & 1));
				CHECK_OK(teeio_ide_key_set_stop(&dev, d, ss, round & 1));
			}
		CHECK_EQ(teeio_ide_stream_state(&dev), TEEIO_IDE_SECURE);
	}
	CHECK_EQ(total, 96);
	CHECK_EQ(at_ep.n, 48);
	CHECK_EQ(at_rp.n, 48);
	for (size_t i = 0; i < 48; i++) {
		CHECK_MEM(at_ep.payload[i], data + 64 * i, 64); /* in order, intact */
		CHECK(at_ep.tlp[i].ide.k == (((i % 16) >= 8) ^ ((i / 16) & 1)));
	}
	CHECK_EQ(link.stats.rx_errors[0] + link.stats.rx_errors[1], 0);
	CHECK_EQ(ev_dev.n + ev_host.n, 0);
	CHECK_EQ(teeio_ide_stream_state(&dev), TEEIO_IDE_SECURE);
}

TEST(link_queue_bounds)
{
	setup(TEEIO_IDE_SELECTIVE, NONE, 0);
	uint8_t b[4] = {0};
	for (int i = 0; i < TEEIO_LINK_DEPTH; i++)
		CHECK_OK(teeio_link_inject(&link, TEEIO_LINK_UP, b, sizeof(b)));
	CHECK_ERR(teeio_link_inject(&link, TEEIO_LINK_UP, b, sizeof(b)), TEEIO_ERR_SIZE_LIMIT);
	struct teeio_tlp c = ide_test_cpld(0, 1, data, 4);
	CHECK_ERR(teeio_link_send(&link, TEEIO_LINK_EP, &c), TEEIO_ERR_SIZE_LIMIT);
	teeio_link_pump(&link, NULL);
	CHECK_EQ(link.stats.rx_errors[TEEIO_LINK_UP], TEEIO_LINK_DEPTH);
	CHECK_EQ(at_rp.n, 0);
	CHECK_ERR(teeio_link_inject(&link, TEEIO_LINK_UP, data, TEEIO_TLP_WIRE_MAX + 1),
		  TEEIO_ERR_SIZE_LIMIT);
}

int main(void)
{
	RUN(clean_traffic_both_directions);
	RUN(dropped_tlp_is_detected);
	RUN(modified_tlp_is_detected);
	RUN(reordered_tlps_are_detected);
	RUN(held_then_released_in_order_is_fine);
	RUN(replayed_tlp_is_detected);
	RUN(injected_tlp_is_detected);
	RUN(stripped_prefix_on_a_link_stream_is_detected);
	RUN(clear_traffic_and_tee_rule);
	RUN(selective_routing_by_address_and_rid);
	RUN(key_refresh_under_traffic_loses_nothing);
	RUN(link_queue_bounds);
	teeio_ide_stream_fini(&host);
	teeio_ide_stream_fini(&dev);
	return test_summary();
}
