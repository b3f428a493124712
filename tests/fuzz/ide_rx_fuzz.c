/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz target: IDE-protected TLP receive (ide/rx.c through ide/port.c).
 *
 * The input scripts a host/device stream pair: byte 0 picks PCRC and the
 * aggregation modes, then each op either sends a valid TLP from the host
 * (optionally flipping one byte on the way), feeds raw bytes to the
 * device, switches key sets, or flushes.  Invariants checked: the device
 * never fails while nothing was tampered with, every receive error leaves
 * the stream Insecure (or was refused because it already was), and only
 * untampered traffic is delivered.
 */
#include <stdlib.h>
#include <string.h>

#include "support/ide.h"
#include "teeio/ide.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Fuzzer-harness storage (the library itself keeps no state). */
static struct teeio_ide_stream host, dev;
static struct ide_test_sink sink;
static struct ide_test_log got;
static uint8_t payload[TEEIO_TLP_PAYLOAD_MAX];

struct in {
	const uint8_t *p;
	size_t left;
};

static uint8_t next(struct in *in)
{
	if (!in->left)
		return 0;
	in->left--;
	return *in->p++;
}

static void deliver_all(struct teeio_ide_port *ep, bool *tampered, uint8_t mask, uint8_t pos)
{
	struct teeio_ide_deliver d = ide_test_log_ops(&got);
	for (size_t i = 0; i < sink.n; i++) {
		struct teeio_link_slot *s = &sink.slot[i];
		if (mask && s->len) {
			s->wire[pos % s->len] ^= mask;
			*tampered = true;
		}
		got.n = 0;
		/* an IDE TLP naming the device's stream (else the port drops it
		 * or takes it as a clear TLP, and the stream is not involved) */
		bool ours = s->len >= 4 && s->wire[0] == 0x92 && s->wire[2] == 1;
		teeio_err rc = teeio_ide_port_rx(ep, s->wire, s->len, &d);
		if (rc != TEEIO_OK && !*tampered)
			abort(); /* honest traffic must pass */
		if (rc != TEEIO_OK && ours && teeio_ide_stream_state(&dev) != TEEIO_IDE_INSECURE)
			abort(); /* a failure must take the stream down */
	}
	sink.n = 0;
}

static struct teeio_tlp make(uint8_t kind, uint8_t len_sel)
{
	size_t len = 4 * (1 + (size_t)(len_sel % 64));
	switch (kind % 4) {
	case 0: return ide_test_mwr(0x80000000 + 64 * (uint64_t)len_sel, payload, len);
	case 1: return ide_test_mrd(0x180000000ull, (uint16_t)(len / 4), len_sel);
	case 2: return ide_test_cpld(0x0000, len_sel, payload, len);
	default: break;
	}
	struct teeio_tlp t = {.type = TEEIO_TLP_CFGWR0,
			      .length_dw = 1,
			      .first_be = 0xf,
			      .cfg_reg = len_sel,
			      .payload = payload,
			      .payload_len = 4};
	return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t aggr[4] = {1, 2, 4, 8};
	struct in in = {data, size};
	uint8_t cfgb = next(&in);
	struct teeio_ide_config c = {.type = TEEIO_IDE_SELECTIVE,
				     .stream_id = 1,
				     .default_stream = true,
				     .rid_limit = 0xffff};
	c.pcrc = cfgb & 1;
	c.tx_aggr[0] = aggr[(cfgb >> 1) & 3];
	c.tx_aggr[1] = aggr[(cfgb >> 3) & 3];
	c.tx_aggr[2] = aggr[(cfgb >> 5) & 3];
	if (ide_test_pair_up(&host, &dev, &c) != TEEIO_OK)
		abort();
	ide_test_fill(payload, sizeof(payload), 0x3c);
	struct teeio_ide_port ep;
	teeio_ide_port_init(&ep);
	if (teeio_ide_port_add(&ep, &dev) != TEEIO_OK)
		abort();
	memset(&sink, 0, sizeof(sink));
	bool tampered = false;
	unsigned k = 0;
	for (int ops = 0; in.left && ops < 64; ops++) {
		uint8_t op = next(&in);
		struct teeio_ide_sink sk = ide_test_sink_ops(&sink);
		if (op < 0x80) {
			uint8_t kind = next(&in), len_sel = next(&in);
			uint8_t mask = op & 0x40 ? next(&in) : 0, pos = mask ? next(&in) : 0;
			struct teeio_tlp t = make(kind, len_sel);
			t.ide.t = kind & 0x80;
			if (teeio_ide_tx(&host, &t, &sk) != TEEIO_OK)
				break; /* host side refused (e.g. sink full): done */
			deliver_all(&ep, &tampered, mask, pos);
		} else if (op < 0xc0) {
			size_t n = next(&in);
			if (n > in.left)
				n = in.left;
			if (n > TEEIO_TLP_WIRE_MAX)
				n = TEEIO_TLP_WIRE_MAX;
			memcpy(sink.slot[0].wire, in.p, n);
			sink.slot[0].len = n;
			sink.n = 1;
			in.p += n;
			in.left -= n;
			tampered = true;
			deliver_all(&ep, &tampered, 0, 0);
		} else if (op < 0xe0) {
			if (teeio_ide_tx_flush(&host, &sk) != TEEIO_OK)
				break;
			deliver_all(&ep, &tampered, 0, 0);
		} else {
			/* switch key sets; the receiver's old set must be stopped
			 * before it can be programmed again */
			k ^= 1;
			for (unsigned ss = 0; ss < TEEIO_IDE_SUBSTREAMS; ss++)
				if (teeio_ide_key_set_stop(&dev, TEEIO_IDE_DIR_RX, ss, k) !=
					TEEIO_OK ||
				    teeio_ide_key_set_stop(&host, TEEIO_IDE_DIR_RX, ss, k) !=
					TEEIO_OK)
					break;
			if (ide_test_key_pair(&host, &dev, k, op) != TEEIO_OK)
				break;
		}
	}
	teeio_ide_stream_fini(&host);
	teeio_ide_stream_fini(&dev);
	return 0;
}
