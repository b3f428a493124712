/* SPDX-License-Identifier: BSD-3-Clause */
/* ide/stream.c, tx.c, rx.c, crypt.c: key slots and state, encrypt/verify
 * round trips on every sub-stream and key set, PCRC, aggregation, and each
 * integrity check taking the stream Insecure. */
#include "test.h"

#include "support/ide.h"
#include "ide/ide_internal.h"
#include "teeio/ide.h"

static struct teeio_ide_stream host, dev, rogue, dummy;
static struct ide_test_sink sink;
static struct ide_test_log got;
static struct ide_test_events ev;
static uint8_t data[TEEIO_TLP_PAYLOAD_MAX];

static const struct teeio_ide_config base_cfg = {
    .type = TEEIO_IDE_SELECTIVE,
    .stream_id = 7,
    .default_stream = true,
};

static void fresh(const struct teeio_ide_config *cfg)
{
	teeio_ide_stream_fini(&host);
	teeio_ide_stream_fini(&dev);
	CHECK_OK(ide_test_pair_up(&host, &dev, cfg));
	teeio_ide_stream_set_owner(&dev, ide_test_on_event, &ev);
	memset(&sink, 0, sizeof(sink));
	got.n = 0;
	memset(&ev, 0, sizeof(ev));
	ide_test_fill(data, sizeof(data), 0x31);
}

/* host -> sink */
static teeio_err send(const struct teeio_tlp *t)
{
	struct teeio_ide_sink k = ide_test_sink_ops(&sink);
	return teeio_ide_tx(&host, t, &k);
}

/* sink slot i -> dev */
static teeio_err recv(size_t i)
{
	struct teeio_ide_deliver d = ide_test_log_ops(&got);
	return teeio_ide_rx(&dev, sink.slot[i].wire, sink.slot[i].len, &d);
}

static void expect_failure(enum teeio_ide_fail why)
{
	CHECK_EQ(teeio_ide_stream_state(&dev), TEEIO_IDE_INSECURE);
	CHECK_EQ(ev.n, 1);
	CHECK_EQ(ev.last.reason, why);
	CHECK_EQ(ev.last.stream_id, 7);
	CHECK_EQ(dev.failed, why);
	/* every key of the failed stream is gone */
	for (int d = 0; d < 2; d++)
		for (int ss = 0; ss < 3; ss++)
			for (int k = 0; k < 2; k++)
				CHECK(!dev.slot[d][ss][k].programmed);
}

TEST(config_is_validated)
{
	struct teeio_ide_config c = base_cfg;
	struct teeio_ide_stream s;
	CHECK_OK(teeio_ide_stream_init(&s, teeio_crypto_openssl(), &c));
	CHECK_EQ(s.cfg.tx_aggr[0], 1);
	c.tx_aggr[1] = 3;
	CHECK_ERR(teeio_ide_stream_init(&s, teeio_crypto_openssl(), &c), TEEIO_ERR_USAGE_CONFIG);
	c = base_cfg;
	c.tc = 8;
	CHECK_ERR(teeio_ide_stream_init(&s, teeio_crypto_openssl(), &c), TEEIO_ERR_USAGE_CONFIG);
	c = base_cfg;
	c.n_mem = 1;
	c.mem[0].base = 2;
	c.mem[0].limit = 1;
	CHECK_ERR(teeio_ide_stream_init(&s, teeio_crypto_openssl(), &c), TEEIO_ERR_USAGE_CONFIG);
}

TEST(state_follows_keys_and_enable)
{
	struct teeio_ide_stream a, b;
	CHECK_OK(teeio_ide_stream_init(&a, teeio_crypto_openssl(), &base_cfg));
	CHECK_OK(teeio_ide_stream_init(&b, teeio_crypto_openssl(), &base_cfg));
	uint8_t key[32] = {1};
	const uint32_t ifv[2] = {0, 1};
	/* GO on an empty slot, bad arguments */
	CHECK_ERR(teeio_ide_key_set_go(&a, TEEIO_IDE_DIR_TX, TEEIO_IDE_SS_PR, 0), TEEIO_ERR_STATE);
	CHECK_ERR(teeio_ide_key_prog(&a, TEEIO_IDE_DIR_TX, 3, 0, key, ifv), TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_ide_key_prog(&a, TEEIO_IDE_DIR_TX, 0, 2, key, ifv), TEEIO_ERR_USAGE);
	const uint32_t spent[2] = {0xffffffff, 0xffffffff};
	CHECK_ERR(teeio_ide_key_prog(&a, TEEIO_IDE_DIR_TX, 0, 0, key, spent), TEEIO_ERR_USAGE);
	/* Enable first (allowed, not recommended): Secure after the last GO */
	teeio_ide_stream_enable(&a);
	teeio_ide_stream_enable(&b);
	CHECK_EQ(teeio_ide_stream_state(&a), TEEIO_IDE_INSECURE);
	CHECK_OK(ide_test_key_pair(&a, &b, 0, 9));
	CHECK_EQ(teeio_ide_stream_state(&a), TEEIO_IDE_SECURE);
	CHECK_EQ(teeio_ide_stream_state(&b), TEEIO_IDE_SECURE);
	/* re-keying an armed slot is refused */
	CHECK_ERR(teeio_ide_key_prog(&a, TEEIO_IDE_DIR_RX, 0, 0, key, ifv), TEEIO_ERR_STATE);
	/* stopping one armed slot leaves the sub-stream without keys */
	CHECK_OK(teeio_ide_key_set_stop(&a, TEEIO_IDE_DIR_RX, TEEIO_IDE_SS_CPL, 0));
	CHECK_EQ(teeio_ide_stream_state(&a), TEEIO_IDE_INSECURE);
	teeio_ide_stream_disable(&b);
	CHECK_EQ(teeio_ide_stream_state(&b), TEEIO_IDE_INSECURE);
	CHECK(!b.slot[0][0][0].programmed);
	teeio_ide_stream_fini(&a);
	teeio_ide_stream_fini(&b);
}

/* One TLP of sub-stream ss and `len` payload bytes, host -> dev, checked. */
static void one_round_trip(unsigned ss, size_t len, unsigned k, bool pcrc, bool tee)
{
	struct teeio_tlp t = ide_test_of_substream(ss, data, len);
	if (ss == TEEIO_IDE_SS_NPR && len == 4) { /* an NPR that carries data */
		t = (struct teeio_tlp){.type = TEEIO_TLP_CFGWR0,
				       .length_dw = 1,
				       .first_be = 0xf,
				       .cfg_target = 0x0100,
				       .cfg_reg = 4,
				       .payload = data,
				       .payload_len = 4};
	}
	t.ide.t = tee;
	size_t before = sink.n, logged = got.n;
	CHECK_OK(send(&t));
	CHECK_EQ(sink.n, before + 1);
	const uint8_t *w = sink.slot[before].wire;
	/* prefix: ss, K, M, P, T as configured */
	CHECK_EQ(w[0], 0x92);
	CHECK_EQ(w[2], 7);
	CHECK_EQ(w[3] >> 4, ss);
	CHECK_EQ(!!(w[3] & 0x02), k);
	CHECK_EQ(!!(w[3] & 0x04), 1);
	CHECK_EQ(!!(w[3] & 0x08), pcrc);
	CHECK_EQ(!!(w[3] & 0x01), tee);
	struct teeio_tlp_layout lay;
	struct teeio_tlp d;
	CHECK_OK(teeio_tlp_decode(w, sink.slot[before].len, &d, &lay));
	if (t.payload_len >= 16)
		CHECK(memcmp(w + lay.payload_off, data, 16) != 0); /* encrypted */
	CHECK_OK(recv(before));
	CHECK_EQ(got.n, logged + 1);
	const struct teeio_tlp *r = &got.tlp[logged];
	CHECK_EQ(r->type, t.type);
	CHECK_EQ(r->payload_len, t.payload_len);
	if (t.payload_len)
		CHECK_MEM(r->payload, data, t.payload_len);
	CHECK(r->has_ide && r->ide.sub_stream == ss && r->ide.k == k && r->ide.t == tee);
}

TEST(round_trip_every_substream_and_key_set)
{
	static const size_t sizes[] = {4, 64, 256, 4096};
	for (int pcrc = 0; pcrc <= 1; pcrc++) {
		struct teeio_ide_config c = base_cfg;
		c.pcrc = pcrc;
		fresh(&c);
		for (unsigned k = 0; k < 2; k++) {
			if (k == 1) /* K1: program and switch every sub-stream */
				CHECK_OK(ide_test_key_pair(&host, &dev, 1, 0x77));
			for (unsigned ss = 0; ss < 3; ss++)
				for (size_t i = 0; i < TEEIO_ARRAY_LEN(sizes); i++)
					one_round_trip(ss, sizes[i], k, pcrc, i & 1);
		}
		CHECK_EQ(ev.n, 0);
		CHECK_EQ(teeio_ide_stream_state(&dev), TEEIO_IDE_SECURE);
		CHECK_EQ(dev.stats.rx_tlps, 24);
	}
}

TEST(the_reverse_direction_uses_its_own_keys)
{
	fresh(&base_cfg);
	struct teeio_tlp t = ide_test_cpld(0x0000, 3, data, 64);
	struct teeio_ide_sink k = ide_test_sink_ops(&sink);
	CHECK_OK(teeio_ide_tx(&dev, &t, &k));
	struct teeio_ide_deliver d = ide_test_log_ops(&got);
	CHECK_OK(teeio_ide_rx(&host, sink.slot[0].wire, sink.slot[0].len, &d));
	CHECK_EQ(got.n, 1);
	CHECK_MEM(got.payload[0], data, 64);
	/* a device TLP fed back to the device fails: other direction, other key */
	struct teeio_tlp t2 = ide_test_cpld(0x0000, 4, data, 64);
	CHECK_OK(teeio_ide_tx(&dev, &t2, &k));
	CHECK_ERR(recv(1), TEEIO_ERR_CRYPTO_VERIFY);
	expect_failure(TEEIO_IDE_FAIL_MAC);
}

TEST(aggregation_holds_then_releases_groups)
{
	struct teeio_ide_config c = base_cfg;
	c.tx_aggr[TEEIO_IDE_SS_PR] = 4;
	c.pcrc = true;
	fresh(&c);
	for (int i = 0; i < 3; i++) {
		struct teeio_tlp t = ide_test_mwr(0x1000 + 0x100 * (uint64_t)i, data + 64 * i, 64);
		CHECK_OK(send(&t));
	}
	CHECK_EQ(sink.n, 0); /* held until the group is complete */
	struct teeio_tlp t = ide_test_mwr(0x1300, data + 192, 64);
	CHECK_OK(send(&t));
	CHECK_EQ(sink.n, 4);
	for (size_t i = 0; i < 4; i++)
		CHECK_EQ(!!(sink.slot[i].wire[3] & 0x04), i == 3); /* only the last has M */
	CHECK_EQ(host.stats.tx_macs, 1);
	for (size_t i = 0; i < 3; i++) {
		CHECK_OK(recv(i));
		CHECK_EQ(got.n, 0); /* nothing released before the MAC */
	}
	CHECK_OK(recv(3));
	CHECK_EQ(got.n, 4);
	for (size_t i = 0; i < 4; i++) {
		CHECK(got.tlp[i].addr == 0x1000 + 0x100 * i);
		CHECK_MEM(got.payload[i], data + 64 * i, 64);
	}
	/* a short group leaves on flush, or when another sub-stream starts */
	t = ide_test_mwr(0x2000, data, 8);
	CHECK_OK(send(&t));
	CHECK_OK(send(&t));
	struct teeio_ide_sink k = ide_test_sink_ops(&sink);
	CHECK_OK(teeio_ide_tx_flush(&host, &k));
	CHECK_EQ(sink.n, 6);
	CHECK(sink.slot[5].wire[3] & 0x04);
	CHECK_OK(send(&t));
	struct teeio_tlp rd = ide_test_mrd(0x3000, 1, 9);
	CHECK_OK(send(&rd));
	CHECK_EQ(sink.n, 8);
	for (size_t i = 4; i < 8; i++)
		CHECK_OK(recv(i));
	CHECK_EQ(got.n, 8);
	CHECK_EQ(got.tlp[7].type, TEEIO_TLP_MRD);
	CHECK_EQ(got.tlp[7].ide.pr_sent_counter, 7); /* seven PRs before the read */
	CHECK_EQ(ev.n, 0);
}

TEST(a_tampered_aggregated_group_is_rejected_whole)
{
	struct teeio_ide_config c = base_cfg;
	c.tx_aggr[TEEIO_IDE_SS_PR] = 2;
	fresh(&c);
	struct teeio_tlp t = ide_test_mwr(0x1000, data, 32);
	CHECK_OK(send(&t));
	CHECK_OK(send(&t));
	sink.slot[0].wire[20] ^= 1; /* first member's payload */
	CHECK_OK(recv(0));
	CHECK_ERR(recv(1), TEEIO_ERR_CRYPTO_VERIFY);
	CHECK_EQ(got.n, 0);
	expect_failure(TEEIO_IDE_FAIL_MAC);
}

TEST(more_than_eight_tlps_without_mac_fail)
{
	struct teeio_ide_config c = base_cfg;
	c.tx_aggr[TEEIO_IDE_SS_PR] = 8;
	fresh(&c);
	struct teeio_tlp t = ide_test_mwr(0x1000, data, 4);
	for (int i = 0; i < 8; i++)
		CHECK_OK(send(&t));
	for (int i = 0; i < 7; i++) /* members 1..7 carry no MAC */
		CHECK_OK(recv(0));
	CHECK_ERR(recv(0), TEEIO_ERR_PROTO); /* an eighth without MAC */
	expect_failure(TEEIO_IDE_FAIL_AGGREGATION);
}

/* Send one MWr, flip bit `bit` of byte `at`, expect MAC failure. */
static void tamper(size_t at, uint8_t bit)
{
	fresh(&base_cfg);
	struct teeio_tlp t = ide_test_mwr(0x1000, data, 64);
	CHECK_OK(send(&t));
	sink.slot[0].wire[at] ^= bit;
	CHECK_ERR(recv(0), TEEIO_ERR_CRYPTO_VERIFY);
	CHECK_EQ(got.n, 0);
	expect_failure(TEEIO_IDE_FAIL_MAC);
}

TEST(any_flipped_bit_fails_the_mac)
{
	tamper(1, 0x01); /* PR_Sent_Counter */
	tamper(5, 0x10); /* header: TC */
	tamper(12, 0x80); /* header: address */
	tamper(16, 0x01); /* payload */
	tamper(79, 0x40); /* payload end */
	tamper(80, 0x01); /* MAC */
	tamper(91, 0x80); /* MAC end */
	/* T bit: a non-TEE TLP cannot be promoted */
	tamper(3, 0x01);
}

TEST(pcrc_mismatch_under_a_valid_mac_is_caught)
{
	struct teeio_ide_config c = base_cfg;
	c.pcrc = true;
	fresh(&c);
	/* A sender with the host's keys that writes a wrong PCRC. */
	CHECK_OK(teeio_ide_stream_init(&rogue, teeio_crypto_openssl(), &c));
	CHECK_OK(teeio_ide_stream_init(&dummy, teeio_crypto_openssl(), &c));
	CHECK_OK(ide_test_key_pair(&rogue, &dummy, 0, 0x40));
	struct teeio_tlp t = ide_test_mwr(0x1000, data, 64);
	t.has_ide = true;
	t.ide = (struct teeio_ide_prefix){.m = true, .p = true, .stream_id = 7};
	uint8_t *w = sink.slot[0].wire;
	struct teeio_tlp_layout lay;
	CHECK_OK(ide_tlp_encode_head(&t, &t.ide, w, TEEIO_TLP_WIRE_MAX, &lay.aad_len));
	lay.payload_off = lay.aad_len;
	lay.payload_len = 64;
	lay.enc_len = 68;
	lay.mac_off = lay.payload_off + 68;
	lay.total = lay.mac_off + 12;
	uint8_t pt[68];
	memcpy(pt, data, 64);
	ide_pcrc(data, 64, pt + 64);
	pt[64] ^= 1;
	CHECK_OK(ide_seal_one(&rogue.slot[TEEIO_IDE_DIR_TX][0][0], rogue.ops, w, &lay, pt, false));
	sink.slot[0].len = lay.total;
	sink.n = 1;
	CHECK_ERR(recv(0), TEEIO_ERR_CRYPTO_VERIFY);
	CHECK_EQ(got.n, 0);
	expect_failure(TEEIO_IDE_FAIL_PCRC);
	teeio_ide_stream_fini(&rogue);
	teeio_ide_stream_fini(&dummy);
}

TEST(invocation_counter_never_wraps)
{
	teeio_ide_stream_fini(&host);
	CHECK_OK(teeio_ide_stream_init(&host, teeio_crypto_openssl(), &base_cfg));
	uint8_t key[32] = {5};
	const uint32_t last[2] = {0xffffffff, 0xfffffffe};
	for (unsigned d = 0; d < 2; d++)
		for (unsigned ss = 0; ss < 3; ss++) {
			CHECK_OK(teeio_ide_key_prog(&host, d, ss, 0, key, last));
			CHECK_OK(teeio_ide_key_set_go(&host, d, ss, 0));
		}
	teeio_ide_stream_enable(&host);
	memset(&sink, 0, sizeof(sink));
	struct teeio_tlp t = ide_test_mwr(0x1000, data, 4);
	CHECK_OK(send(&t));
	CHECK_ERR(send(&t), TEEIO_ERR_STATE);
	CHECK_EQ(sink.n, 1);
}

TEST(failure_is_sticky_until_disable_and_rekey)
{
	fresh(&base_cfg);
	struct teeio_tlp t = ide_test_mwr(0x1000, data, 16);
	CHECK_OK(send(&t));
	sink.slot[0].wire[17] ^= 4;
	CHECK_ERR(recv(0), TEEIO_ERR_CRYPTO_VERIFY);
	expect_failure(TEEIO_IDE_FAIL_MAC);
	/* dropped while Insecure, keys refused until disabled */
	CHECK_OK(send(&t));
	CHECK_ERR(recv(1), TEEIO_ERR_STATE);
	CHECK_EQ(ev.n, 1);
	uint8_t key[32] = {0};
	const uint32_t ifv[2] = {0, 1};
	CHECK_ERR(teeio_ide_key_prog(&dev, TEEIO_IDE_DIR_RX, 0, 0, key, ifv), TEEIO_ERR_STATE_DEAD);
	/* re-establish: disable both ends, fresh keys, enable */
	teeio_ide_stream_disable(&dev);
	teeio_ide_stream_disable(&host);
	CHECK_OK(ide_test_key_pair(&host, &dev, 0, 0x99));
	teeio_ide_stream_enable(&dev);
	teeio_ide_stream_enable(&host);
	CHECK_EQ(teeio_ide_stream_state(&dev), TEEIO_IDE_SECURE);
	CHECK_OK(send(&t));
	CHECK_OK(recv(2));
	CHECK_EQ(got.n, 1);
}

TEST(pr_sent_counter_catches_a_vanished_posted_tlp)
{
	fresh(&base_cfg);
	struct teeio_tlp w = ide_test_mwr(0x1000, data, 16);
	struct teeio_tlp r = ide_test_mrd(0x1000, 4, 1);
	CHECK_OK(send(&w));
	CHECK_OK(send(&w));
	CHECK_OK(send(&r));
	CHECK_EQ(sink.slot[2].wire[1], 2); /* two PRs before this read */
	CHECK_OK(recv(0));
	/* slot 1 never arrives: the read's own MAC is fine, its count is not */
	CHECK_ERR(recv(2), TEEIO_ERR_PROTO);
	CHECK_EQ(got.n, 1);
	expect_failure(TEEIO_IDE_FAIL_PR_COUNT);
}

TEST(old_key_set_after_the_switch_is_refused)
{
	fresh(&base_cfg);
	struct teeio_tlp w = ide_test_mwr(0x1000, data, 16);
	CHECK_OK(send(&w)); /* K0, held back by the link */
	CHECK_OK(ide_test_key_pair(&host, &dev, 1, 0x55));
	CHECK_OK(send(&w)); /* K1 */
	CHECK(sink.slot[1].wire[3] & 0x02);
	CHECK_OK(recv(1));
	CHECK(!dev.slot[TEEIO_IDE_DIR_RX][0][0].programmed); /* K0 retired */
	CHECK_ERR(recv(0), TEEIO_ERR_PROTO);
	expect_failure(TEEIO_IDE_FAIL_KEY_ORDER);
}

TEST(unarmed_key_set_and_forged_prefix_fields_fail)
{
	fresh(&base_cfg);
	struct teeio_tlp w = ide_test_mwr(0x1000, data, 16);
	CHECK_OK(send(&w));
	sink.slot[0].wire[3] ^= 0x02; /* K1: never programmed */
	CHECK_ERR(recv(0), TEEIO_ERR_PROTO);
	expect_failure(TEEIO_IDE_FAIL_KEY_SET);

	fresh(&base_cfg);
	CHECK_OK(send(&w));
	sink.slot[0].wire[3] ^= 0x10; /* an MWr claiming sub-stream NPR */
	CHECK_ERR(recv(0), TEEIO_ERR_PROTO);
	expect_failure(TEEIO_IDE_FAIL_STREAM);

	fresh(&base_cfg);
	CHECK_OK(send(&w));
	sink.slot[0].wire[2] = 8; /* another stream's ID */
	CHECK_ERR(recv(0), TEEIO_ERR_PROTO);
	expect_failure(TEEIO_IDE_FAIL_STREAM);

	fresh(&base_cfg);
	CHECK_OK(send(&w));
	sink.slot[0].len -= 1; /* truncated */
	CHECK_ERR(recv(0), TEEIO_ERR_PROTO);
	expect_failure(TEEIO_IDE_FAIL_MALFORMED);
}

TEST(transmit_limits)
{
	fresh(&base_cfg);
	struct teeio_tlp w = ide_test_mwr(0x1000, data, 16);
	sink.limit = 1;
	CHECK_OK(send(&w));
	sink.limit = 0;
	sink.n = IDE_TEST_SLOTS; /* full */
	CHECK_ERR(send(&w), TEEIO_ERR_SIZE_LIMIT);
	sink.n = 1;
	/* the refused TLP consumed no invocation: the next one verifies */
	CHECK_OK(send(&w));
	CHECK_OK(recv(0));
	CHECK_OK(recv(1));
	CHECK_EQ(got.n, 2);
	/* a stopped TX slot cannot go away under an open group */
	struct teeio_ide_config c = base_cfg;
	c.tx_aggr[0] = 2;
	fresh(&c);
	CHECK_OK(send(&w));
	CHECK_ERR(teeio_ide_key_set_stop(&host, TEEIO_IDE_DIR_TX, 0, 0), TEEIO_ERR_STATE);
	teeio_ide_stream_disable(&host);
	CHECK_ERR(send(&w), TEEIO_ERR_STATE);
}

int main(void)
{
	RUN(config_is_validated);
	RUN(state_follows_keys_and_enable);
	RUN(round_trip_every_substream_and_key_set);
	RUN(the_reverse_direction_uses_its_own_keys);
	RUN(aggregation_holds_then_releases_groups);
	RUN(a_tampered_aggregated_group_is_rejected_whole);
	RUN(more_than_eight_tlps_without_mac_fail);
	RUN(any_flipped_bit_fails_the_mac);
	RUN(pcrc_mismatch_under_a_valid_mac_is_caught);
	RUN(invocation_counter_never_wraps);
	RUN(failure_is_sticky_until_disable_and_rekey);
	RUN(pr_sent_counter_catches_a_vanished_posted_tlp);
	RUN(old_key_set_after_the_switch_is_refused);
	RUN(unarmed_key_set_and_forged_prefix_fields_fail);
	RUN(transmit_limits);
	teeio_ide_stream_fini(&host);
	teeio_ide_stream_fini(&dev);
	return test_summary();
}
