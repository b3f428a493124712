/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test helpers for TDISP: a fake device model (ops with switches for every
 * device answer), a responder over a few TDIs with a many-range report
 * profile, a loopback requester, and helpers that drive a TDI into any
 * state through the real protocol.
 */
#ifndef TEEIO_TEST_TDISP_H
#define TEEIO_TEST_TDISP_H

#include "teeio/tdisp.h"

#define TDISP_FX_TDIS 3
#define TDISP_FX_INFO_LEN 300
#define TDISP_FX_STREAM 1 /* default IDE stream, Secure     */
#define TDISP_FX_P2P_STREAM 2 /* a second Secure stream         */
#define TDISP_FX_BAD_STREAM 9 /* a stream that is not Secure    */
#define TDISP_FX_OFFSET 0xD0000000ull /* MMIO reporting offset (spdm-emu's) */
#define TDISP_FX_FID0 0xbeefu /* spdm-emu's function ID          */

struct tdisp_fx {
	struct teeio_crypto_ops crypto;
	struct teeio_tdisp_rsp rsp;
	struct teeio_tdisp_tdi tdis[TDISP_FX_TDIS];
	uint32_t fids[TDISP_FX_TDIS];
	struct teeio_tdisp_range ranges[TEEIO_TDISP_RANGES_MAX];
	struct teeio_tdisp_report report;
	uint8_t info[TDISP_FX_INFO_LEN];
	struct teeio_tdisp_dev_ops ops;
	struct teeio_tdisp_req req;
	/* device switches and counters */
	uint32_t secure[8]; /* bitmap of Secure stream IDs */
	uint32_t config_code; /* what config_valid answers   */
	uint32_t vdm_code; /* what vdm answers            */
	int scrubs, changes;
	uint8_t nonce[TEEIO_TDISP_NONCE_LEN]; /* from the last LOCK */
	uint8_t rsp_buf[TEEIO_TDISP_MSG_MAX];
	size_t rsp_len;
};

/* The fake RNG: fails while tdisp_fx_rng_fail, all zeros while _zero. */
extern int tdisp_fx_rng_fail, tdisp_fx_rng_zero;

/**
 * A responder over three TDIs (FID0 = 0xbeef, a segment-1 function, and
 * 0x0102) sharing one report profile of `n_ranges` ranges: range 0 is the
 * MSI-X table (non-TEE), range 1 the PBA, range 2 updatable, the rest
 * private; 300 bytes of device info.  `lock_flags` are the supported
 * flags.  Streams 1 and 2 are Secure.
 */
void tdisp_fx_init(struct tdisp_fx *fx, uint16_t n_ranges, uint16_t lock_flags);

/** Send payload req[len] to the responder (in session); answer in fx->rsp_buf. */
teeio_err tdisp_fx_raw(struct tdisp_fx *fx, const uint8_t *req, size_t len);
/**
 * Encode q, send it, decode the answer into *m.  Returns the TDISP error
 * code of a TDISP_ERROR answer, 0 for any other answer, and -1 if the
 * exchange or decoding failed.
 */
long tdisp_fx_call(struct tdisp_fx *fx, const struct teeio_tdisp_msg *q, struct teeio_tdisp_msg *m);
/** A request header for `code` to `fid`. */
struct teeio_tdisp_msg tdisp_fx_msg(uint8_t code, uint32_t fid);
/** Default LOCK parameters (stream 1, TDISP_FX_OFFSET, every supported flag). */
struct teeio_tdisp_lock_params tdisp_fx_lock_params(const struct tdisp_fx *fx);
/** Drive TDI `fid` from CONFIG_UNLOCKED to `state` with real requests; 0 on success. */
int tdisp_fx_goto(struct tdisp_fx *fx, uint32_t fid, enum teeio_tdisp_state state);
/** The loopback exchange (ctx: struct tdisp_fx *). */
teeio_err tdisp_fx_exchange(void *ctx, const uint8_t *req, size_t req_len, uint8_t *rsp,
			    size_t *rsp_len);

#endif
