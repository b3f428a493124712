/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The emulated TEE-IO system that `teeio demo`, `teeio bench lifecycle`
 * and `teeio bench io` drive: one teeio_tsm_sys (platform, device on an
 * IDE link, TSM), one TVM with private RAM and its end of the guest
 * channel, the TVM's policy (the built-in one plus the device's root),
 * and the two data paths the issue compares:
 *
 *  TEE-IO   the accepted TDI (function `fn`) DMAs with T=1 straight into
 *           the TVM's private RAM; the guest reads it in place.
 *  bounce   a function that is not a TDI (`bounce_fn`) DMAs with T=0 into
 *           shared pages the VMM maps for it, sealed block by block with
 *           AES-256-GCM (teeio_guest_bounce, device end); the guest copies
 *           each block into private memory and opens it (guest end).
 *
 * Each step is one function returning teeio_err, so callers time them.
 */
#ifndef TEEIO_DEMO_SYS_H
#define TEEIO_DEMO_SYS_H

#include "teeio/guest.h"
#include "teeio/tsm.h"

#define DSYS_RAM_GPA UINT64_C(0x100000) /* TVM private RAM (canonical)      */
#define DSYS_RAM_PAGES 32 /* 128 KiB: the largest transfer twice   */
#define DSYS_MMIO_GPA UINT64_C(0x10000000) /* the TDI's private MMIO         */
#define DSYS_SHARED_GPA UINT64_C(0x200000) /* bounce window (canonical)     */
#define DSYS_SHARED_IOVA UINT64_C(0x40000000) /* the same pages, device view */
#define DSYS_XFER_MAX (64 * 1024) /* largest transfer of either path       */
#define DSYS_SHARED_PAGES (DSYS_XFER_MAX / TEEIO_PLAT_PAGE_SIZE + 1) /* + overhead */
#define DSYS_REPORT_OFFSET UINT64_C(0x1000000000) /* MMIO reporting offset */

struct demo_sys {
	struct teeio_tsm_sys sys; /* very large: the struct is calloc'd */
	const struct teeio_crypto_ops *ops;
	uint16_t fn; /* the TDI's function (PF)  */
	uint16_t bounce_fn; /* a non-TDI function (VF) */
	unsigned tvm, tdi;
	bool bound;
	struct teeio_plat_guest_view g;
	struct teeio_tsm_gchan chan;
	struct teeio_guest_policy pol;
	struct teeio_guest_tdi gt;
	/* The bounce path: both ends keyed alike, windows over the same pages. */
	struct teeio_guest_shared_plat gwin;
	struct teeio_guest_bounce bdev, bguest;
	bool bounce_up;
	uint8_t src[DSYS_XFER_MAX], dst[DSYS_XFER_MAX];
};

/* How to bring the system up. */
struct demo_sys_cfg {
	const struct teeio_crypto_ops *ops;
	const struct teeio_dsm_profile *prof; /* NULL: the built-in default */
	enum teeio_plat_flavour flavour;
	const struct teeio_log *log; /* may be NULL */
};

/** calloc and bring up the system (not connected); NULL on failure (*err set). */
struct demo_sys *demo_sys_new(const struct demo_sys_cfg *cfg, teeio_err *err);
/** Tear down everything (TSM first) and free. */
void demo_sys_free(struct demo_sys *d);

/** Set Memory Space + Bus Master Enable of function `fn` (the VMM's driver). */
TEEIO_MUST_CHECK teeio_err demo_sys_enable(struct demo_sys *d, uint16_t fn);
/** Launch the TVM: platform TVM, channel secret, private RAM, guest channel end. */
TEEIO_MUST_CHECK teeio_err demo_sys_tvm(struct demo_sys *d);
/** Bind d->fn to the TVM (TDISP LOCK, report fetched, MMIO private-pending). */
TEEIO_MUST_CHECK teeio_err demo_sys_bind(struct demo_sys *d);
/** The TVM's policy (built-in + device root) and its view of the TDI. */
TEEIO_MUST_CHECK teeio_err demo_sys_guest(struct demo_sys *d);

/** Key the bounce path and have the VMM map its shared pages both ways. */
TEEIO_MUST_CHECK teeio_err demo_sys_bounce_init(struct demo_sys *d);

/**
 * TEE-IO path: the TDI writes d->src[0..len) with T=1 into private RAM at
 * RAM_GPA + off; the guest reads it into d->dst.  DMA writes are posted:
 * one the IOMMU drops is no error here, compare src and dst.
 */
TEEIO_MUST_CHECK teeio_err demo_sys_tee_xfer(struct demo_sys *d, uint64_t off, size_t len);
/**
 * Bounce path: d->bounce_fn seals d->src[0..len) into the shared window
 * (T=0 DMA); the guest copies the block in and opens it into d->dst.
 */
TEEIO_MUST_CHECK teeio_err demo_sys_bounce_xfer(struct demo_sys *d, size_t len);

/** Fill d->src with a pattern derived from `seed`. */
void demo_sys_pattern(struct demo_sys *d, uint32_t seed);

#endif
