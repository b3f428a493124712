/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test helpers for the emulated platform: an arena-backed platform and a
 * small fake device function behind a root port -- its IDE link (keyed
 * selective stream, or none), a config space with a DOE mailbox that
 * echoes every object, one BAR of plain registers, and device-initiated
 * DMA.  Large (links hold their queues): allocate with calloc.
 */
#ifndef TEEIO_TEST_SUPPORT_PLATFORM_H
#define TEEIO_TEST_SUPPORT_PLATFORM_H

#include "teeio/platform.h"

#define PLAT_TEST_PAGES 64
#define PLAT_TEST_DOE_OFF 0x100u /* DOE capability offset in config space */
#define PLAT_TEST_BAR_PAGES 4
#define PLAT_TEST_STREAM 1 /* IDE stream ID of the fake's selective stream */

/* A platform over its own arena. */
struct plat_test {
	uint8_t arena[PLAT_TEST_PAGES * TEEIO_PLAT_PAGE_SIZE];
	struct teeio_platform p;
	struct teeio_plat_vmm_view vmm;
	struct teeio_plat_tsm_view tsm;
};

/* Initialise `t` in `flavour`; the views are set up. */
teeio_err plat_test_init(struct plat_test *t, enum teeio_plat_flavour flavour);

/* The fake device. */
struct plat_fake_dev {
	uint16_t rid;
	uint64_t bar_base;
	uint8_t bar[PLAT_TEST_BAR_PAGES * TEEIO_PLAT_PAGE_SIZE];
	uint32_t cfg[PLAT_TEST_DOE_OFF / 4]; /* plain config dwords below the DOE cap */
	struct teeio_doe_mb mb;
	uint8_t mb_req[4096], mb_rsp[4096];
	bool ide;
	struct teeio_ide_stream rp_stream, ep_stream;
	struct teeio_ide_port rp_port, ep_port;
	struct teeio_link link;
	/* What the device saw. */
	unsigned mmio_reads, mmio_writes;
	bool last_mmio_t;
	/* The completion of its last DMA read. */
	bool cpl_done;
	uint8_t cpl_status;
	uint8_t cpl_data[TEEIO_TLP_PAYLOAD_MAX];
	/* Misbehaviour: answer MMIO reads in the clear (no IDE, T=0). */
	bool answer_in_clear;
	uint16_t tag;
};

/*
 * Set up the fake with requester ID `rid`, a BAR at `bar_base`, and, when
 * `ide`, a keyed Secure selective stream PLAT_TEST_STREAM (default stream,
 * all RIDs) on its link.
 */
teeio_err plat_fake_init(struct plat_fake_dev *f, uint16_t rid, uint64_t bar_base, bool ide);
/* Release the stream keys. */
void plat_fake_fini(struct plat_fake_dev *f);
/* Attachment description for teeio_plat_vmm_attach. */
struct teeio_plat_dev_cfg plat_fake_dev_cfg(struct plat_fake_dev *f);
/* DMA write of len (multiple of 4) bytes from the device, T bit `t`, RID rid. */
teeio_err plat_fake_dma_write(struct plat_fake_dev *f, uint16_t rid, bool t, uint64_t addr,
			      const void *buf, size_t len);
/* DMA read; TEEIO_ERR_PROTO_PEER_ERROR when the root port answers UR,
 * TEEIO_ERR_TRANSPORT_TIMEOUT when no completion arrives. */
teeio_err plat_fake_dma_read(struct plat_fake_dev *f, uint16_t rid, bool t, uint64_t addr,
			     void *buf, size_t len);

#endif
