/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "support/ide.h"

static size_t sink_room(void *ctx)
{
	struct ide_test_sink *s = ctx;
	size_t free_slots = IDE_TEST_SLOTS - s->n;
	return s->limit && s->limit < free_slots ? s->limit : free_slots;
}

static uint8_t *sink_reserve(void *ctx)
{
	struct ide_test_sink *s = ctx;
	return s->slot[s->n].wire;
}

static void sink_commit(void *ctx, size_t len)
{
	struct ide_test_sink *s = ctx;
	s->slot[s->n++].len = len;
	if (s->limit)
		s->limit--;
}

struct teeio_ide_sink ide_test_sink_ops(struct ide_test_sink *s)
{
	struct teeio_ide_sink k = {sink_room, sink_reserve, sink_commit, s};
	return k;
}

static void log_fn(void *ctx, const struct teeio_tlp *t)
{
	struct ide_test_log *log = ctx;
	if (log->n >= IDE_TEST_SLOTS)
		return;
	log->tlp[log->n] = *t;
	if (t->payload_len)
		memcpy(log->payload[log->n], t->payload, t->payload_len);
	log->tlp[log->n].payload = log->payload[log->n];
	log->n++;
}

struct teeio_ide_deliver ide_test_log_ops(struct ide_test_log *log)
{
	struct teeio_ide_deliver d = {log_fn, log};
	return d;
}

void ide_test_on_event(void *owner, const struct teeio_ide_event *ev)
{
	struct ide_test_events *e = owner;
	e->n++;
	e->last = *ev;
}

void ide_test_fill(uint8_t *p, size_t len, uint8_t seed)
{
	for (size_t i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i * 7 + (i >> 8));
}

teeio_err ide_test_key_pair(struct teeio_ide_stream *host, struct teeio_ide_stream *dev,
			    unsigned key_set, uint8_t seed)
{
	for (unsigned ss = 0; ss < TEEIO_IDE_SUBSTREAMS; ss++) {
		uint8_t down[TEEIO_IDE_KEY_LEN], up[TEEIO_IDE_KEY_LEN];
		ide_test_fill(down, sizeof(down), (uint8_t)(seed + ss * 16 + key_set));
		ide_test_fill(up, sizeof(up), (uint8_t)(seed + ss * 16 + key_set + 100));
		const uint32_t ifv[2] = {0, 1 + ss};
		TRY(teeio_ide_key_prog(dev, TEEIO_IDE_DIR_RX, ss, key_set, down, ifv));
		TRY(teeio_ide_key_prog(host, TEEIO_IDE_DIR_RX, ss, key_set, up, ifv));
		TRY(teeio_ide_key_set_go(dev, TEEIO_IDE_DIR_RX, ss, key_set));
		TRY(teeio_ide_key_set_go(host, TEEIO_IDE_DIR_RX, ss, key_set));
		TRY(teeio_ide_key_prog(host, TEEIO_IDE_DIR_TX, ss, key_set, down, ifv));
		TRY(teeio_ide_key_prog(dev, TEEIO_IDE_DIR_TX, ss, key_set, up, ifv));
		TRY(teeio_ide_key_set_go(host, TEEIO_IDE_DIR_TX, ss, key_set));
		TRY(teeio_ide_key_set_go(dev, TEEIO_IDE_DIR_TX, ss, key_set));
		teeio_wipe(down, sizeof(down));
		teeio_wipe(up, sizeof(up));
	}
	return TEEIO_OK;
}

teeio_err ide_test_pair_up(struct teeio_ide_stream *host, struct teeio_ide_stream *dev,
			   const struct teeio_ide_config *cfg)
{
	TRY(teeio_ide_stream_init(host, teeio_crypto_openssl(), cfg));
	TRY(teeio_ide_stream_init(dev, teeio_crypto_openssl(), cfg));
	TRY(ide_test_key_pair(host, dev, 0, 0x40));
	teeio_ide_stream_enable(host);
	teeio_ide_stream_enable(dev);
	return TEEIO_OK;
}

struct teeio_tlp ide_test_mwr(uint64_t addr, const uint8_t *payload, size_t len)
{
	struct teeio_tlp t = {0};
	t.type = TEEIO_TLP_MWR;
	t.addr64 = addr > 0xffffffffull;
	t.addr = addr;
	t.requester_id = 0x0100;
	t.length_dw = (uint16_t)(len / 4);
	t.first_be = 0xf;
	t.last_be = len > 4 ? 0xf : 0;
	t.payload = payload;
	t.payload_len = len;
	return t;
}

struct teeio_tlp ide_test_mrd(uint64_t addr, uint16_t length_dw, uint16_t tag)
{
	struct teeio_tlp t = {0};
	t.type = TEEIO_TLP_MRD;
	t.addr64 = addr > 0xffffffffull;
	t.addr = addr;
	t.requester_id = 0x0100;
	t.tag = tag;
	t.length_dw = length_dw;
	t.first_be = 0xf;
	t.last_be = length_dw > 1 ? 0xf : 0;
	return t;
}

struct teeio_tlp ide_test_cpld(uint16_t requester, uint16_t tag, const uint8_t *payload, size_t len)
{
	struct teeio_tlp t = {0};
	t.type = TEEIO_TLP_CPLD;
	t.completer_id = 0x0100;
	t.requester_id = requester;
	t.tag = tag;
	t.length_dw = (uint16_t)(len / 4);
	t.byte_count = (uint16_t)(len & 0xfff);
	t.payload = payload;
	t.payload_len = len;
	return t;
}

struct teeio_tlp ide_test_of_substream(unsigned ss, const uint8_t *payload, size_t len)
{
	if (ss == TEEIO_IDE_SS_PR)
		return ide_test_mwr(0x80001000, payload, len);
	if (ss == TEEIO_IDE_SS_NPR)
		return ide_test_mrd(0x80002000, (uint16_t)(len / 4 ? len / 4 : 1), 7);
	return ide_test_cpld(0x0000, 7, payload, len);
}
