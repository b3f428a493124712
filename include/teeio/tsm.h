/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio/tsm.h - the TEE Security Manager: the trusted host-side party that
 * owns each device's SPDM session and IDE keys, binds the device's TDIs to
 * TVMs and answers the TVMs' requests about them.
 *
 * Three parts:
 *
 *  Core      struct teeio_tsm: devices, TDIs and TVMs in fixed tables, the
 *            common verbs (connect, disconnect, bind, unbind, info,
 *            key_refresh, heartbeat) and one state machine per device and
 *            per TDI.  The core decides *whether* a verb may run; a
 *            backend does the work.
 *  Backends  struct teeio_tsm_backend_ops: one ops table per platform
 *            flavour (the emulated platform here; Intel TDX Connect, AMD
 *            SEV-TIO, RISC-V CoVE-IO, Arm CCA and IBM Secure Execution map
 *            onto the same seams, see docs/tsm.md).  Its seams mirror
 *            Linux include/linux/pci-tsm.h: probe/remove, connect/
 *            disconnect (the "link" ops, host side), bind/unbind (lock +
 *            secure mappings), accept/stop (the guest's "devsec" ops) and
 *            a vendor guest_request escape.
 *  Guest     the guest<->TSM channel: sealed request/response messages a
 *  channel   TVM sends through the untrusted VMM (GET_REPORT,
 *            VALIDATE_MMIO, ACCEPT, STOP).  Encoding, sealing and opening
 *            are here so that the TVM side (guest/) and the TSM share one
 *            definition.
 *
 * Ownership and context: everything is caller-owned; nothing allocates
 * except teeio_tsm_status_json (tool side).  A struct teeio_tsm and its
 * backends are driven by one thread at a time; no op is called from
 * interrupt-like context (the emulated platform is synchronous), so ops
 * may block on device I/O.
 */
#ifndef TEEIO_TSM_H
#define TEEIO_TSM_H

#include <stdio.h>

#include "teeio/common.h"
#include "teeio/crypto.h"
#include "teeio/dsm.h"
#include "teeio/idekm.h"
#include "teeio/platform.h"
#include "teeio/spdm_req.h"
#include "teeio/tdisp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Bounds.                                                                  */

#define TEEIO_TSM_MAX_BACKENDS 4
#define TEEIO_TSM_MAX_DEVS 4 /* devices (each with its own SPDM session) */
#define TEEIO_TSM_MAX_TDIS 256 /* bound TDIs over all devices */
#define TEEIO_TSM_MAX_TVMS TEEIO_PLAT_MAX_TVMS /* TVM ids 1..TEEIO_TSM_MAX_TVMS */
#define TEEIO_TSM_NAME_MAX 16 /* backend name, NUL included */
#define TEEIO_TSM_CHAIN_MAX 8192 /* SPDM certificate chain kept per device */
#define TEEIO_TSM_MEAS_MAX 4096 /* SPDM measurement record kept per device */
#define TEEIO_TSM_REPORT_MAX 4096 /* TDISP interface report kept per TDI */
#define TEEIO_TSM_TDI_MMIO_MAX 4 /* private MMIO mappings per TDI */
#define TEEIO_TSM_TVM_SECRET_LEN 32 /* per-TVM channel secret */

/* ------------------------------------------------------------------------ */
/* States.                                                                  */

/*
 * Device (physical function + its SPDM session and IDE stream):
 *
 *   (free) --dev_add/probe--> IDLE --connect--> CONNECTED --disconnect--> IDLE
 *                              ^                  |  key_refresh/heartbeat
 *                              |                  v  failing
 *                              +---disconnect--- ERROR
 *
 * A connect that fails half way also leaves ERROR: only disconnect (which
 * tears down whatever was set up) leads out of it.
 */
enum teeio_tsm_dev_state {
	TEEIO_TSM_DEV_FREE = 0, /* slot unused */
	TEEIO_TSM_DEV_IDLE, /* probed, no session, no keys */
	TEEIO_TSM_DEV_CONNECTED, /* SPDM session up, evidence held, IDE Secure */
	TEEIO_TSM_DEV_ERROR, /* a step failed; disconnect to recover */
	TEEIO_TSM_DEV_STATE_COUNT
};

/*
 * TDI (one function of a connected device, bound to one TVM):
 *
 *   (free) --bind--> BOUND --guest ACCEPT--> RUN --guest STOP--> STOPPED
 *                      |                      |                     |
 *                      +--------- unbind -----+------- unbind ------+--> (free)
 *   any state --a backend step fails--> ERROR --unbind--> (free)
 *
 * BOUND is TDISP CONFIG_LOCKED with the report held and MMIO mapped
 * private-pending; RUN is TDISP RUN with T=1 DMA live; STOPPED is TDISP
 * CONFIG_UNLOCKED after the guest's STOP, waiting for the host's unbind.
 */
enum teeio_tsm_tdi_state {
	TEEIO_TSM_TDI_FREE = 0,
	TEEIO_TSM_TDI_BOUND,
	TEEIO_TSM_TDI_RUN,
	TEEIO_TSM_TDI_STOPPED,
	TEEIO_TSM_TDI_ERROR,
	TEEIO_TSM_TDI_STATE_COUNT
};

/** Stable short name of a device state ("idle", "connected", ...); never NULL. */
const char *teeio_tsm_dev_state_name(enum teeio_tsm_dev_state s);
/** Stable short name of a TDI state ("bound", "run", ...); never NULL. */
const char *teeio_tsm_tdi_state_name(enum teeio_tsm_tdi_state s);

/* ------------------------------------------------------------------------ */
/* Objects the core keeps and backends fill.                                */

struct teeio_tsm;

/* Evidence collected at connect (the backend fills it). */
struct teeio_tsm_evidence {
	uint8_t spdm_version; /* negotiated SPDMVersion byte (0x12 = 1.2) */
	enum teeio_sig_alg asym; /* SPDM BaseAsymAlgo as crypto enum */
	enum teeio_hash_alg hash; /* SPDM BaseHashAlgo as crypto enum */
	enum teeio_hash_alg meas_hash; /* MeasurementHashAlgo (NONE: raw only) */
	enum teeio_dhe_alg dhe; /* DHE group of the session */
	enum teeio_aead_alg aead; /* AEAD of the session */
	uint8_t chain_digest[TEEIO_HASH_MAX]; /* Hash(SPDM cert chain) */
	uint8_t chain[TEEIO_TSM_CHAIN_MAX]; /* SPDM certificate chain (slot 0) */
	size_t chain_len;
	uint8_t meas[TEEIO_TSM_MEAS_MAX]; /* signed measurement record */
	size_t meas_len;
	uint8_t meas_blocks; /* blocks in the record */
};

/* Where a device sits and what it offers; given to teeio_tsm_dev_add. */
struct teeio_tsm_dev_cfg {
	char backend[TEEIO_TSM_NAME_MAX]; /* registered backend to drive it */
	uint16_t rid; /* Requester ID of the physical function */
	uint16_t n_rids; /* RIDs it owns: PF + VFs (0 taken as 1) */
	uint8_t segment;
	uint8_t stream_id; /* IDE stream ID the TSM keys for it */
	const void *backend_cfg; /* the backend's own description; see probe */
};

struct teeio_tsm_dev {
	struct teeio_tsm *tsm;
	unsigned index; /* slot in teeio_tsm.dev (backends index their own tables) */
	enum teeio_tsm_dev_state state;
	teeio_err last_err; /* why it entered ERROR */
	struct teeio_tsm_dev_cfg cfg;
	unsigned backend; /* index into teeio_tsm.backends */
	uint32_t session_id; /* SPDM session (0: none) */
	uint8_t key_set; /* IDE key set in use (0/1) */
	uint32_t key_refreshes, heartbeats;
	struct teeio_tsm_evidence ev;
};

/* One private MMIO mapping of a bound TDI (GPA canonical). */
struct teeio_tsm_mmio_map {
	uint64_t gpa; /* where the TVM sees it */
	uint64_t hpa; /* the range as reported, reporting offset removed */
	uint32_t pages;
	uint16_t range_id; /* report range index */
	bool validated; /* the guest said VALIDATE_MMIO for it */
};

/* What the host asks for when binding a TDI (teeio_tsm_bind). */
struct teeio_tsm_bind_params {
	uint16_t lock_flags; /* TEEIO_TDISP_LOCK_* */
	uint64_t mmio_reporting_offset; /* added to every reported page address */
	uint64_t dma_base, dma_limit; /* canonical private GPA window (inclusive) */
	uint64_t mmio_gpa; /* canonical GPA of the TDI's first MMIO range;
			    * further ranges follow back to back */
};

struct teeio_tsm_tdi {
	struct teeio_tsm *tsm;
	unsigned index; /* slot in teeio_tsm.tdi */
	enum teeio_tsm_tdi_state state;
	teeio_err last_err;
	unsigned dev; /* device slot */
	uint16_t rid; /* the function's Requester ID */
	uint32_t function_id; /* TDISP INTERFACE_ID function ID */
	unsigned tvm;
	struct teeio_tsm_bind_params params;
	uint8_t nonce[TEEIO_TDISP_NONCE_LEN]; /* START nonce from LOCK (secret) */
	uint8_t report[TEEIO_TSM_REPORT_MAX]; /* DEVICE_INTERFACE_REPORT */
	size_t report_len;
	struct teeio_tsm_mmio_map mmio[TEEIO_TSM_TDI_MMIO_MAX];
	uint8_t n_mmio;
};

/* ------------------------------------------------------------------------ */
/* Backend ops table.                                                       */

#define TEEIO_TSM_BACKEND_ABI 1

/* Capabilities a backend declares; each must agree with the ops present. */
#define TEEIO_TSM_CAP_IDE 0x0001u /* keys IDE streams at connect */
#define TEEIO_TSM_CAP_KEY_REFRESH 0x0002u /* key_refresh op present */
#define TEEIO_TSM_CAP_HEARTBEAT 0x0004u /* heartbeat op present */
#define TEEIO_TSM_CAP_GUEST_VENDOR 0x0008u /* guest_request op present */
#define TEEIO_TSM_CAP_REMOVE 0x0010u /* remove op present */
#define TEEIO_TSM_CAP_ALL 0x001Fu

/*
 * A TSM backend: the vendor flavour that actually talks to devices and
 * programs the platform.  `be` is the backend instance given at
 * registration (caller-owned, e.g. struct teeio_tsm_emu).
 *
 * Common contract.  Ops are called by the core only, one at a time, only
 * in the states listed (the core has checked); they may block on device
 * I/O.  An op that fails returns the error and leaves the object for the
 * core to put in ERROR; it must not leave secrets behind on any path.  The
 * core never touches device or platform state itself.  Teardown ops
 * (disconnect, unbind, remove) are best effort: they undo everything they
 * can even when a step fails, and return the first error.
 */
struct teeio_tsm_backend_ops {
	uint32_t abi; /* TEEIO_TSM_BACKEND_ABI */
	const char *name; /* 1..TEEIO_TSM_NAME_MAX-1 chars: [a-z0-9_-] */
	uint32_t caps; /* TEEIO_TSM_CAP_* */

	/* Required.  A device slot was filled from cfg: find the device
	 * (cfg->backend_cfg is the backend's own description of it), check it
	 * speaks DOE/SPDM and has n_rids functions.  State: slot being added.
	 * Errors: USAGE_CONFIG (bad backend_cfg), USAGE_NOT_FOUND (no
	 * device), PROTO_UNSUPPORTED (no DOE / TDISP). */
	TEEIO_MUST_CHECK teeio_err (*probe)(void *be, struct teeio_tsm_dev *dev);
	/* Optional (CAP_REMOVE).  Forget a device; state IDLE. */
	void (*remove)(void *be, struct teeio_tsm_dev *dev);

	/* Required.  IDLE.  SPDM session (VCA, certificate chain verified,
	 * measurements signed, KEY_EXCHANGE/FINISH), evidence into dev->ev,
	 * dev->session_id set; with CAP_IDE: IDE_KM QUERY, KEY_PROG of both
	 * directions to the device and the root port, K_SET_GO, streams
	 * enabled and Secure; then STOP_INTERFACE to every TDI the device
	 * still holds locked or running from an earlier session whose unbind
	 * could not stop it (so the first bind after a recovery works).
	 * Errors: any SPDM/IDE_KM/transport error. */
	TEEIO_MUST_CHECK teeio_err (*connect)(void *be, struct teeio_tsm_dev *dev);
	/* Required.  CONNECTED or ERROR, no TDI bound.  Stop and disable the
	 * streams on both ends, END_SESSION, wipe keys and evidence. */
	TEEIO_MUST_CHECK teeio_err (*disconnect)(void *be, struct teeio_tsm_dev *dev);

	/* Required.  Device CONNECTED, TDI slot filled (rid, function_id,
	 * tvm, params).  LOCK_INTERFACE (keep the START nonce in tdi->nonce),
	 * fetch the interface report into tdi->report, record the TDI in the
	 * secure device table (not live), map its MMIO ranges into the TVM
	 * private-pending and fill tdi->mmio.  Errors: TDISP errors, STATE
	 * from the platform, PROTO (report does not parse / has too many
	 * ranges). */
	TEEIO_MUST_CHECK teeio_err (*bind)(void *be, struct teeio_tsm_tdi *tdi);
	/* Required.  Any bound state.  STOP_INTERFACE when locked or running
	 * (the device scrubs), drop the secure device table entry and the
	 * private MMIO mappings, wipe tdi->nonce and the report. */
	TEEIO_MUST_CHECK teeio_err (*unbind)(void *be, struct teeio_tsm_tdi *tdi);

	/* Required.  BOUND, every TEE MMIO range validated by the guest.
	 * START_INTERFACE with tdi->nonce, then make T=1 DMA live in the
	 * secure IOMMU.  Errors: TDISP errors (INVALID_NONCE ...), STATE. */
	TEEIO_MUST_CHECK teeio_err (*accept)(void *be, struct teeio_tsm_tdi *tdi);
	/* Required.  RUN.  Disable T=1 DMA, STOP_INTERFACE (device scrubs).
	 * The secure mappings stay until unbind where the platform can
	 * disable DMA alone; the emulated one drops the binding here. */
	TEEIO_MUST_CHECK teeio_err (*stop)(void *be, struct teeio_tsm_tdi *tdi);
	/* Required.  The core has just moved the TDI to ERROR (any reason:
	 * a TDI op failed, its device failed).  At once: disable its T=1 DMA
	 * in the secure IOMMU and its private MMIO, then STOP_INTERFACE best
	 * effort when a session still exists.  Cannot fail: what could not
	 * be done is left to unbind (and to the next connect for the device
	 * side, see connect). */
	void (*quiesce)(void *be, struct teeio_tsm_tdi *tdi);

	/* CAP_KEY_REFRESH.  CONNECTED.  SPDM KEY_UPDATE(UpdateAllKeys) +
	 * VERIFY_NEW_KEY, then program the other IDE key set on both ends and
	 * switch to it (K_SET_GO) while traffic flows; then stop the old set.
	 * dev->key_set names the new set on success. */
	TEEIO_MUST_CHECK teeio_err (*key_refresh)(void *be, struct teeio_tsm_dev *dev);
	/* CAP_HEARTBEAT.  CONNECTED.  SPDM HEARTBEAT in the session. */
	TEEIO_MUST_CHECK teeio_err (*heartbeat)(void *be, struct teeio_tsm_dev *dev);

	/* CAP_GUEST_VENDOR.  A guest request whose type the core does not
	 * know (TEEIO_TSM_GREQ_VENDOR_FIRST..LAST), already opened and
	 * checked for the TVM; tdi is bound to that TVM.  Append the response
	 * body to rsp.  Errors are answered as TEEIO_TSM_GSTATUS_*. */
	TEEIO_MUST_CHECK teeio_err (*guest_request)(void *be, struct teeio_tsm_tdi *tdi,
						    uint8_t type, const uint8_t *req, size_t len,
						    struct teeio_buf *rsp);
};

/**
 * Check an ops table: ABI, name, caps known and each consistent with its
 * op, every required op present.  TEEIO_ERR_USAGE_CONFIG names nothing:
 * use the log of teeio_tsm_register_backend for the reason.
 */
TEEIO_MUST_CHECK teeio_err teeio_tsm_backend_validate(const struct teeio_tsm_backend_ops *ops);

/* ------------------------------------------------------------------------ */
/* The TSM.                                                                 */

struct teeio_tsm_backend {
	const struct teeio_tsm_backend_ops *ops;
	void *be;
};

/* Guest channel keys of one direction (see "Guest channel" below). */
struct teeio_tsm_gkey {
	struct teeio_aead aead;
	uint8_t iv[12];
	bool keyed;
};

/*
 * One end of a TVM's channel.  The TSM holds one per TVM; the TVM holds
 * the mirror image.  `tx` seals what this end sends, `rx` opens what it
 * receives.  Sequence numbers: the guest numbers its requests 1, 2, ...;
 * the TSM accepts only a number above the last one it accepted (a replay
 * or a reordered old request is refused; a dropped one is skipped); the
 * response carries the request's number and the guest accepts only that.
 */
struct teeio_tsm_gchan {
	const struct teeio_crypto_ops *ops;
	bool is_tsm;
	struct teeio_tsm_gkey tx, rx;
	uint64_t seq; /* guest: last sent; TSM: last accepted */
	bool pending; /* guest: request `seq` awaits its one response */
	uint64_t rejected; /* messages that did not open or were replays */
};

struct teeio_tsm_tvm {
	bool used;
	struct teeio_tsm_gchan chan;
};

struct teeio_tsm_config {
	const struct teeio_crypto_ops *ops;
	const struct teeio_log *log; /* may be NULL */
};

struct teeio_tsm {
	struct teeio_tsm_config cfg;
	struct teeio_tsm_backend backends[TEEIO_TSM_MAX_BACKENDS];
	unsigned n_backends;
	struct teeio_tsm_dev dev[TEEIO_TSM_MAX_DEVS];
	struct teeio_tsm_tdi tdi[TEEIO_TSM_MAX_TDIS];
	struct teeio_tsm_tvm tvm[TEEIO_TSM_MAX_TVMS + 1]; /* [0] unused */
	uint8_t gbuf[TEEIO_PLAT_RELAY_MAX]; /* one opened guest request */
	uint8_t gout[TEEIO_PLAT_RELAY_MAX]; /* its response body */
};

/** Initialise an empty TSM.  USAGE when cfg or cfg->ops is NULL. */
TEEIO_MUST_CHECK teeio_err teeio_tsm_init(struct teeio_tsm *t, const struct teeio_tsm_config *cfg);
/**
 * Disconnect every device (unbinding its TDIs), remove it, forget TVMs,
 * wipe keys.  Runs backend ops: call it before finalising the backends.
 */
void teeio_tsm_fini(struct teeio_tsm *t);

/**
 * Register a backend instance `be` under ops->name after
 * teeio_tsm_backend_validate.  USAGE_CONFIG for a bad table or a
 * duplicate name, SIZE_LIMIT when TEEIO_TSM_MAX_BACKENDS are registered.
 */
TEEIO_MUST_CHECK teeio_err teeio_tsm_register_backend(struct teeio_tsm *t,
						      const struct teeio_tsm_backend_ops *ops,
						      void *be);

/**
 * Add a device driven by backend cfg->backend and probe it; *dev receives
 * its slot.  USAGE_NOT_FOUND for an unknown backend, USAGE for a RID
 * range overlapping another device's, SIZE_LIMIT when full, or the
 * probe's error (the slot stays free).
 */
TEEIO_MUST_CHECK teeio_err teeio_tsm_dev_add(struct teeio_tsm *t,
					     const struct teeio_tsm_dev_cfg *cfg, unsigned *dev);
/** Remove an IDLE device.  STATE when connected, USAGE_NOT_FOUND when unknown. */
TEEIO_MUST_CHECK teeio_err teeio_tsm_dev_remove(struct teeio_tsm *t, unsigned dev);

/**
 * Register TVM `tvm` (the platform's id, 1..TEEIO_TSM_MAX_TVMS) with the
 * channel secret established at its creation.  assumption: the platform
 * establishes `secret` at TVM launch and places it where only the TVM and
 * the TSM see it (SEV-SNP's VMPCK in the secrets page, a TDX-module-held
 * key); the VMM never sees it.  USAGE for a bad id, STATE when present.
 */
TEEIO_MUST_CHECK teeio_err teeio_tsm_tvm_add(struct teeio_tsm *t, unsigned tvm,
					     const uint8_t secret[TEEIO_TSM_TVM_SECRET_LEN]);
/** Unbind the TVM's TDIs and forget it (keys wiped).  USAGE_NOT_FOUND if unknown. */
TEEIO_MUST_CHECK teeio_err teeio_tsm_tvm_remove(struct teeio_tsm *t, unsigned tvm);

/*
 * The verbs.  Each checks the object's state against the core's
 * transition table first (TEEIO_ERR_STATE when not allowed, nothing
 * changed), then runs the backend op; on the op's failure the object
 * enters ERROR with last_err set and the error is returned.
 */

/** IDLE -> CONNECTED.  Errors: STATE, USAGE_NOT_FOUND, the backend's. */
TEEIO_MUST_CHECK teeio_err teeio_tsm_connect(struct teeio_tsm *t, unsigned dev);
/**
 * CONNECTED/ERROR -> IDLE.  Unbinds every TDI of the device first.  Best
 * effort: the device ends IDLE even when a step failed (that error is
 * returned).
 */
TEEIO_MUST_CHECK teeio_err teeio_tsm_disconnect(struct teeio_tsm *t, unsigned dev);
/**
 * Bind function `rid` of CONNECTED device `dev` to registered TVM `tvm`
 * with `p`; *tdi receives its slot.  -> BOUND.  Errors: STATE (device not
 * connected, RID already bound), USAGE (RID not the device's, bad window,
 * unknown lock flags, unaligned GPA/offset), USAGE_NOT_FOUND (TVM),
 * SIZE_LIMIT (no slot), the backend's: then the core has called the
 * backend's unbind to undo what was set up and the slot stays free.
 */
TEEIO_MUST_CHECK teeio_err teeio_tsm_bind(struct teeio_tsm *t, unsigned dev, uint16_t rid,
					  unsigned tvm, const struct teeio_tsm_bind_params *p,
					  unsigned *tdi);
/** Any bound state -> free (best effort: the slot is freed anyway). */
TEEIO_MUST_CHECK teeio_err teeio_tsm_unbind(struct teeio_tsm *t, unsigned tdi);
/** CONNECTED: SPDM KEY_UPDATE and an IDE key-set switch. */
TEEIO_MUST_CHECK teeio_err teeio_tsm_key_refresh(struct teeio_tsm *t, unsigned dev);
/** CONNECTED: SPDM HEARTBEAT. */
TEEIO_MUST_CHECK teeio_err teeio_tsm_heartbeat(struct teeio_tsm *t, unsigned dev);

/*
 * The guest-side verbs, as the core runs them after opening a request
 * (exposed for tests and for hosts with another guest transport).  Each
 * checks the TDI is bound to `tvm`.
 */
/** Record that the guest validated the private MMIO at gpa..+pages (must
 * be exactly one of the TDI's mappings).  BOUND only. */
TEEIO_MUST_CHECK teeio_err teeio_tsm_guest_validate_mmio(struct teeio_tsm *t, unsigned tvm,
							 unsigned tdi, uint64_t gpa,
							 uint32_t pages);
/** BOUND -> RUN (every TEE range validated: else STATE). */
TEEIO_MUST_CHECK teeio_err teeio_tsm_guest_accept(struct teeio_tsm *t, unsigned tvm, unsigned tdi);
/** RUN -> STOPPED. */
TEEIO_MUST_CHECK teeio_err teeio_tsm_guest_stop(struct teeio_tsm *t, unsigned tvm, unsigned tdi);

/** The TDI slot holding function `function_id` bound to `tvm`; -1 if none. */
int teeio_tsm_tdi_find(const struct teeio_tsm *t, unsigned tvm, uint32_t function_id);

/* ------------------------------------------------------------------------ */
/* Info.                                                                    */

/* Read-only views into the TSM's tables (valid until the next verb). */
struct teeio_tsm_dev_info {
	enum teeio_tsm_dev_state state;
	const char *backend;
	uint16_t rid, n_rids;
	uint8_t stream_id, key_set;
	uint32_t session_id;
	uint32_t key_refreshes, heartbeats;
	teeio_err last_err;
	const struct teeio_tsm_evidence *ev; /* NULL unless CONNECTED */
	unsigned n_tdis; /* TDIs bound */
};

struct teeio_tsm_tdi_info {
	enum teeio_tsm_tdi_state state;
	unsigned dev, tvm;
	uint16_t rid;
	uint32_t function_id;
	teeio_err last_err;
	const uint8_t *report; /* interface report */
	size_t report_len;
	const struct teeio_tsm_mmio_map *mmio;
	uint8_t n_mmio;
};

/** Info of device `dev`.  USAGE_NOT_FOUND for a free slot. */
TEEIO_MUST_CHECK teeio_err teeio_tsm_info(const struct teeio_tsm *t, unsigned dev,
					  struct teeio_tsm_dev_info *out);
/** Info of TDI `tdi`.  USAGE_NOT_FOUND for a free slot. */
TEEIO_MUST_CHECK teeio_err teeio_tsm_tdi_info(const struct teeio_tsm *t, unsigned tdi,
					      struct teeio_tsm_tdi_info *out);

/**
 * The whole TSM as JSON (backends, devices with state, session, stream,
 * key set, chain digest, measurement count; TDIs with state, TVM, MMIO
 * ranges).  Returns a malloc'd NUL-terminated string (free() it) or NULL
 * when out of memory.  Tool side: uses libjansson.
 */
char *teeio_tsm_status_json(const struct teeio_tsm *t);

/* ------------------------------------------------------------------------ */
/* Guest channel: wire format.                                              */
/*
 * Every message, either direction (all integers little-endian):
 *
 *   off  size  field
 *     0     1  Version             TEEIO_TSM_GMSG_VERSION
 *     1     1  Type                request TEEIO_TSM_GREQ_*, response
 *                                  request | 0x80
 *     2     2  Reserved            0
 *     4     4  InterfaceID         TDISP function ID of the TDI concerned
 *     8     8  Sequence            see struct teeio_tsm_gchan
 *    16     4  PayloadLength       bytes of ciphertext that follow
 *    20     4  Reserved            0
 *    24     n  Ciphertext          the body, AES-256-GCM
 *  24+n    16  Tag
 *
 * The 24-byte header is the AEAD's additional data; the IV is the
 * direction's 12-byte IV with the sequence XORed into its last 8 bytes
 * (big-endian), as TLS 1.3 does.  Keys: HKDF-SHA-384 over the per-TVM
 * secret, one key+IV per direction (labels "teeio tsm g2t" / "t2g"), so
 * a request can never be played back as a response.  The VMM relays the
 * bytes: it sees header and lengths, nothing of the body, and cannot
 * change a byte undetected.
 *
 * Bodies (plaintext):
 *  GET_REPORT req     Flags u8 (TEEIO_TSM_GR_CHAIN: include the whole
 *                     certificate chain), Reserved[3]
 *  GET_REPORT rsp     Status u16, MeasHashAlg u8 (enum teeio_hash_alg;
 *                     NONE: raw bit streams), Reserved u8, TdiState u8,
 *                     HashAlg u8
 *                     (enum teeio_hash_alg), DigestLen u8, NumMmio u8,
 *                     SpdmVersion u8 (the negotiated SPDMVersion byte,
 *                     major 1; 0: not known, then the three below are 0),
 *                     AsymAlg u8 (enum teeio_sig_alg), DheAlg u8 (enum
 *                     teeio_dhe_alg), AeadAlg u8 (enum teeio_aead_alg),
 *                     ChainDigest[DigestLen], MmioReportingOffset u64,
 *                     NumMmio x {Gpa u64, Hpa u64, Pages u32, RangeId u16,
 *                     Reserved u16}, ReportLen u32, Report, MeasLen u32,
 *                     MeasRecord, ChainLen u32, Chain
 *  VALIDATE_MMIO req  Gpa u64 (canonical), Pages u32, Reserved u32
 *  ACCEPT req         Reserved[4]
 *  STOP req           Reserved[4]
 *  other responses    Status u16, Reserved u16, TdiState u8, Reserved[3]
 *  vendor req/rsp     opaque (backend's)
 * A response with Status != OK carries the short form whatever its type.
 */
#define TEEIO_TSM_GMSG_VERSION 0x01
#define TEEIO_TSM_GMSG_HDR_LEN 24
#define TEEIO_TSM_GMSG_TAG_LEN 16
#define TEEIO_TSM_GMSG_MAX TEEIO_PLAT_RELAY_MAX /* whole message */
#define TEEIO_TSM_GBODY_MAX (TEEIO_TSM_GMSG_MAX - TEEIO_TSM_GMSG_HDR_LEN - TEEIO_TSM_GMSG_TAG_LEN)
#define TEEIO_TSM_GRSP_FLAG 0x80

enum teeio_tsm_greq_type {
	TEEIO_TSM_GREQ_GET_REPORT = 0x01,
	TEEIO_TSM_GREQ_VALIDATE_MMIO = 0x02,
	TEEIO_TSM_GREQ_ACCEPT = 0x03, /* TDISP START_INTERFACE + DMA live */
	TEEIO_TSM_GREQ_STOP = 0x04, /* TDISP STOP_INTERFACE */
	TEEIO_TSM_GREQ_VENDOR_FIRST = 0x40, /* backend's guest_request */
	TEEIO_TSM_GREQ_VENDOR_LAST = 0x7F,
};

#define TEEIO_TSM_GR_CHAIN 0x01u /* GET_REPORT Flags: append the chain */
#define TEEIO_TSM_GR_FLAGS_ALL 0x01u

enum teeio_tsm_gstatus {
	TEEIO_TSM_GSTATUS_OK = 0,
	TEEIO_TSM_GSTATUS_INVALID_REQUEST = 1, /* malformed body / unknown type */
	TEEIO_TSM_GSTATUS_NO_TDI = 2, /* no such TDI bound to this TVM */
	TEEIO_TSM_GSTATUS_STATE = 3, /* not allowed in the TDI's state */
	TEEIO_TSM_GSTATUS_MISMATCH = 4, /* VALIDATE_MMIO names no mapping */
	TEEIO_TSM_GSTATUS_DEVICE = 5, /* the device/backend step failed */
	TEEIO_TSM_GSTATUS_TOO_LARGE = 6, /* evidence does not fit a message */
	TEEIO_TSM_GSTATUS_COUNT
};

/* The clear header. */
struct teeio_tsm_ghdr {
	uint8_t version, type;
	uint32_t function_id;
	uint64_t seq;
	uint32_t payload_len;
};

/* A decoded request body. */
struct teeio_tsm_greq {
	uint8_t type; /* enum teeio_tsm_greq_type */
	uint32_t function_id;
	union {
		uint8_t get_report_flags;
		struct {
			uint64_t gpa;
			uint32_t pages;
		} validate;
		struct {
			const uint8_t *data;
			size_t len;
		} vendor;
	} u;
};

/* A decoded response body (pointers into the caller's plaintext). */
struct teeio_tsm_grsp {
	uint8_t type; /* request type | TEEIO_TSM_GRSP_FLAG */
	uint16_t status; /* enum teeio_tsm_gstatus */
	uint8_t tdi_state; /* enum teeio_tsm_tdi_state */
	/* GET_REPORT with status OK: */
	uint8_t hash_alg, digest_len, n_mmio;
	uint8_t meas_hash_alg; /* enum teeio_hash_alg of measurement digests */
	uint8_t spdm_version; /* negotiated SPDMVersion byte; 0: not known */
	uint8_t asym_alg, dhe_alg, aead_alg; /* enum teeio_sig/dhe/aead_alg */
	const uint8_t *chain_digest;
	uint64_t mmio_reporting_offset;
	struct teeio_tsm_mmio_map mmio[TEEIO_TSM_TDI_MMIO_MAX]; /* validated: false */
	const uint8_t *report, *meas, *chain;
	uint32_t report_len, meas_len, chain_len;
	/* vendor response: */
	const uint8_t *vendor;
	size_t vendor_len;
};

/** Encode the header. SIZE when b has no room. */
TEEIO_MUST_CHECK teeio_err teeio_tsm_ghdr_encode(const struct teeio_tsm_ghdr *h,
						 struct teeio_buf *b);
/**
 * Decode the clear header of a whole message and check the framing:
 * version, reserved zero, PayloadLength + tag exactly fill len.  Errors:
 * SIZE_TRUNCATED, SIZE_TRAILING, SIZE_LIMIT (over TEEIO_TSM_GMSG_MAX),
 * PROTO_VERSION, PROTO_RESERVED.
 */
TEEIO_MUST_CHECK teeio_err teeio_tsm_ghdr_decode(const uint8_t *msg, size_t len,
						 struct teeio_tsm_ghdr *h);

/** Encode a request body (type from r->type).  USAGE for an unknown type. */
TEEIO_MUST_CHECK teeio_err teeio_tsm_greq_encode(const struct teeio_tsm_greq *r,
						 struct teeio_buf *b);
/**
 * Decode a request body of `type` (function_id is left to the caller).
 * Errors: PROTO_UNSUPPORTED (type), SIZE_TRUNCATED, SIZE_TRAILING,
 * PROTO_RESERVED (reserved bytes or unknown flags), PROTO (zero pages).
 */
TEEIO_MUST_CHECK teeio_err teeio_tsm_greq_decode(uint8_t type, const uint8_t *body, size_t len,
						 struct teeio_tsm_greq *r);
/** Encode a response body from r (short form unless GET_REPORT+OK). */
TEEIO_MUST_CHECK teeio_err teeio_tsm_grsp_encode(const struct teeio_tsm_grsp *r,
						 struct teeio_buf *b);
/**
 * Decode a response body of response type `type`.  Errors as
 * teeio_tsm_greq_decode plus PROTO for an unknown status, a digest longer
 * than TEEIO_HASH_MAX, more than TEEIO_TSM_TDI_MMIO_MAX ranges, an SPDM
 * version whose major is not 1 or an algorithm no crypto enum names
 * (PROTO_RESERVED: algorithms given with version 0).
 */
TEEIO_MUST_CHECK teeio_err teeio_tsm_grsp_decode(uint8_t type, const uint8_t *body, size_t len,
						 struct teeio_tsm_grsp *r);

/* ------------------------------------------------------------------------ */
/* Guest channel: sealing.                                                  */

/**
 * Key one end of a TVM's channel from the shared secret (is_tsm: the TSM's
 * end).  Derived keys live in backend AEAD objects; the secret is not
 * kept.  Errors: USAGE, CRYPTO*.  Free with teeio_tsm_gchan_free.
 */
TEEIO_MUST_CHECK teeio_err teeio_tsm_gchan_init(struct teeio_tsm_gchan *c,
						const struct teeio_crypto_ops *ops, bool is_tsm,
						const uint8_t secret[TEEIO_TSM_TVM_SECRET_LEN]);
/** Wipe and free the keys.  Safe on a zeroed channel. */
void teeio_tsm_gchan_free(struct teeio_tsm_gchan *c);

/**
 * Seal one message: header (type, function_id, seq from h; version and
 * length set here) + encrypted body into out[cap]; *out_len its size.
 * The guest end numbers it (h->seq ignored: ++c->seq); the TSM end uses
 * h->seq (the request's).  Errors: SIZE, SIZE_LIMIT, CRYPTO.
 */
TEEIO_MUST_CHECK teeio_err teeio_tsm_gchan_seal(struct teeio_tsm_gchan *c,
						const struct teeio_tsm_ghdr *h, const uint8_t *body,
						size_t body_len, uint8_t *out, size_t cap,
						size_t *out_len);
/**
 * Open one message into body[cap] (*body_len: plaintext bytes) and its
 * header into *h.  The TSM end refuses a sequence not above the last one
 * accepted and records the new one; the guest end refuses anything but
 * a response carrying its last request's number.  Errors: those of
 * teeio_tsm_ghdr_decode, PROTO (a request/response in the wrong
 * direction), STATE (replayed or stale sequence), CRYPTO_VERIFY (does not
 * open), SIZE.  A failure changes no state but c->rejected.
 */
TEEIO_MUST_CHECK teeio_err teeio_tsm_gchan_open(struct teeio_tsm_gchan *c, const uint8_t *msg,
						size_t len, struct teeio_tsm_ghdr *h, uint8_t *body,
						size_t cap, size_t *body_len);

/**
 * The platform's guest-request handler for the TSM (ctx: struct
 * teeio_tsm *): open, decode, run the verb, seal the answer into rsp.  A
 * message that does not open gets no answer (TEEIO_ERR_CRYPTO_VERIFY /
 * STATE returned to the relay).  Install with
 * teeio_plat_tsm_set_guest_handler(view, teeio_tsm_guest_handler, tsm).
 */
TEEIO_MUST_CHECK teeio_err teeio_tsm_guest_handler(void *ctx, unsigned tvm, const uint8_t *req,
						   size_t len, struct teeio_buf *rsp);

/**
 * The TVM side of one call: encode and seal `req` on the guest end `c`,
 * send it through the platform relay of guest view `g`, open the answer
 * into body[cap] and decode it into *rsp (pointers into body).  Request
 * bodies are at most 1024 bytes (SIZE beyond).  Errors:
 * the relay's (TRANSPORT_TIMEOUT when dropped), the opening's, the
 * decoder's.  A Status != OK is not an error here: check rsp->status.
 */
TEEIO_MUST_CHECK teeio_err teeio_tsm_gchan_call(struct teeio_tsm_gchan *c,
						const struct teeio_plat_guest_view *g,
						const struct teeio_tsm_greq *req,
						struct teeio_tsm_grsp *rsp, uint8_t *body,
						size_t cap);

/* ------------------------------------------------------------------------ */
/* The emulated-platform backend.                                           */

/*
 * Drives devices attached to a struct teeio_platform: SPDM over the VMM's
 * DOE relay (teeio_plat_spdm_io), IDE_KM and TDISP inside the session,
 * the root-port side of the IDE stream, the secure device table, the
 * secure MMIO mappings and DMA enable through the TSM view.
 */
struct teeio_tsm_emu_dev_cfg {
	unsigned plat_dev; /* index from teeio_plat_vmm_attach */
	struct teeio_ide_stream *rp_stream; /* root-port end of the stream
					     * (initialised, added to the
					     * link's root-port port) */
	uint8_t idekm_port; /* IDE_KM PortIndex of the device's port */
	uint8_t ide_block; /* the device's Selective IDE Stream register block
			    * the TSM programs for cfg.stream_id */
};

struct teeio_tsm_emu_config {
	const struct teeio_crypto_ops *ops;
	const struct teeio_log *log; /* may be NULL */
	struct teeio_platform *plat;
	/* Trust anchors (DER) for device certificate chains. */
	const uint8_t *const *roots;
	const size_t *root_lens;
	size_t n_roots;
};

#define TEEIO_TSM_EMU_MEAS_BLOCKS 32 /* measurement blocks decoded at connect */

struct teeio_tsm_emu_dev {
	bool used;
	struct teeio_tsm_emu_dev_cfg cfg;
	uint32_t ide_sel; /* config offset of the device's stream register block */
	struct teeio_plat_spdm_io pio;
	struct teeio_spdm_req_config qcfg;
	struct teeio_spdm_req req;
	struct teeio_idekm_spdm km_link;
	struct teeio_idekm_req km;
	struct teeio_tdisp_req td;
	bool stale; /* a TDI may still be locked/running on the device from
		     * a session that ended before it could be stopped */
	struct teeio_spdm_meas_block blocks[TEEIO_TSM_EMU_MEAS_BLOCKS];
	uint8_t scratch[TEEIO_SPDM_MAX_LARGE_MSG];
};

/* One instance drives up to TEEIO_TSM_MAX_DEVS devices.  Large: calloc it. */
struct teeio_tsm_emu {
	struct teeio_tsm_emu_config cfg;
	struct teeio_plat_tsm_view view;
	struct teeio_tsm_emu_dev dev[TEEIO_TSM_MAX_DEVS];
};

/** Initialise the backend instance.  USAGE for missing ops/plat. */
TEEIO_MUST_CHECK teeio_err teeio_tsm_emu_init(struct teeio_tsm_emu *e,
					      const struct teeio_tsm_emu_config *cfg);
/** Wipe and release everything the instance holds. */
void teeio_tsm_emu_fini(struct teeio_tsm_emu *e);
/** The backend's ops table (name "emu"). */
const struct teeio_tsm_backend_ops *teeio_tsm_emu_ops(void);

/* ------------------------------------------------------------------------ */
/* A whole emulated system, ready to drive.                                 */

/*
 * The emulated platform with one hosted teeio DSM device (profile `prof`,
 * default when NULL) behind its root port over an IDE link, and a TSM
 * with the emu backend registered and the device added (not connected).
 * The device's stream is IDE stream 0 (register block 0, IDE_KM port 0);
 * its BARs sit in one window at TEEIO_DSM_MMIO_BASE.  The TSM is the
 * platform's guest-request handler.  Very large: calloc it; do not move
 * it after init (the platform and link point into it).
 */
#define TEEIO_TSM_SYS_PAGES \
	512 /* guest/host RAM: 2 MiB (a page per TVM
				  * for 255 TVMs at once, and more) */
#define TEEIO_TSM_SYS_STREAM 0

struct teeio_tsm_sys {
	uint8_t arena[TEEIO_TSM_SYS_PAGES * TEEIO_PLAT_PAGE_SIZE];
	struct teeio_platform plat;
	struct teeio_plat_vmm_view vmm;
	struct teeio_plat_tsm_view tsm_view;
	struct teeio_dsm_profile prof;
	struct teeio_dsm_host host;
	struct teeio_dsm_dma_ops dma;
	struct teeio_plat_dsm_ep ep;
	struct teeio_ide_stream rp_stream;
	struct teeio_ide_port rp_port;
	struct teeio_link link;
	unsigned plat_dev;
	const uint8_t *roots[1];
	size_t root_lens[1];
	struct teeio_tsm_emu_dev_cfg emu_dev;
	struct teeio_tsm_emu emu;
	struct teeio_tsm tsm;
	unsigned dev; /* the device's TSM slot */
};

/**
 * Bring the system up (see above) in platform flavour `f`.  Errors: those
 * of the pieces (device identity generation, attach, probe).  On failure
 * everything is released.
 */
TEEIO_MUST_CHECK teeio_err teeio_tsm_sys_init(struct teeio_tsm_sys *s,
					      const struct teeio_crypto_ops *ops,
					      const struct teeio_dsm_profile *prof,
					      enum teeio_plat_flavour f,
					      const struct teeio_log *log);
/** Tear everything down (TSM first: TDIs unbound, device disconnected). */
void teeio_tsm_sys_fini(struct teeio_tsm_sys *s);
/**
 * Create a TVM on the platform with a fresh channel secret, register it
 * with the TSM, and hand the secret to the caller (the TVM's launch
 * path).  *tvm receives its id.
 */
TEEIO_MUST_CHECK teeio_err teeio_tsm_sys_tvm(struct teeio_tsm_sys *s, unsigned *tvm,
					     uint8_t secret[TEEIO_TSM_TVM_SECRET_LEN]);

#ifdef __cplusplus
}
#endif
#endif /* TEEIO_TSM_H */
