/* SPDX-License-Identifier: BSD-3-Clause */
/* Test helpers for the IDE engine: sinks, delivery logs, keyed stream pairs. */
#ifndef TEEIO_TEST_SUPPORT_IDE_H
#define TEEIO_TEST_SUPPORT_IDE_H

#include "teeio/ide.h"

#define IDE_TEST_SLOTS 64

/* A sink that stores wire TLPs in an array. */
struct ide_test_sink {
	size_t n;
	size_t limit; /* room reported: min(limit, free slots); 0 = all */
	struct teeio_link_slot slot[IDE_TEST_SLOTS];
};
/* The teeio_ide_sink view of `s`. */
struct teeio_ide_sink ide_test_sink_ops(struct ide_test_sink *s);

/* A delivery log: TLPs with copies of their payloads. */
struct ide_test_log {
	size_t n;
	struct teeio_tlp tlp[IDE_TEST_SLOTS];
	uint8_t payload[IDE_TEST_SLOTS][TEEIO_TLP_PAYLOAD_MAX];
};
struct teeio_ide_deliver ide_test_log_ops(struct ide_test_log *log);

/* An event recorder for stream owners. */
struct ide_test_events {
	int n;
	struct teeio_ide_event last;
};
void ide_test_on_event(void *owner, const struct teeio_ide_event *ev);

/*
 * Key a host/device stream pair for `key_set` on every sub-stream: the
 * host's TX keys are the device's RX keys and the other way round; keys
 * derive from `seed`.  KEY_PROG + K_SET_GO, receivers first.
 */
teeio_err ide_test_key_pair(struct teeio_ide_stream *host, struct teeio_ide_stream *dev,
			    unsigned key_set, uint8_t seed);
/* Init both streams with `cfg`, key them with K0 and enable them. */
teeio_err ide_test_pair_up(struct teeio_ide_stream *host, struct teeio_ide_stream *dev,
			   const struct teeio_ide_config *cfg);

/* TLP makers.  Payload must outlive the TLP. */
struct teeio_tlp ide_test_mwr(uint64_t addr, const uint8_t *payload, size_t len);
struct teeio_tlp ide_test_mrd(uint64_t addr, uint16_t length_dw, uint16_t tag);
struct teeio_tlp ide_test_cpld(uint16_t requester, uint16_t tag, const uint8_t *payload,
			       size_t len);
/* A TLP of sub-stream `ss` (PR: MWr, NPR: MRd, CPL: CplD) with `len` bytes. */
struct teeio_tlp ide_test_of_substream(unsigned ss, const uint8_t *payload, size_t len);
/* Deterministic test bytes. */
void ide_test_fill(uint8_t *p, size_t len, uint8_t seed);

#endif
