/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio/dsm.h - the Device Security Manager: an emulated PCIe TEE-IO device
 * whose functions (one PF and its VFs) are TDIs.
 *
 * Three layers, each usable alone:
 *
 *  Profile   struct teeio_dsm_profile: what the device is (IDs, functions,
 *            BARs, MSI-X, interface-report ranges, IDE streams,
 *            measurements), parsed from JSON (teeio_dsm_profile_parse) or
 *            from the built-in default (teeio_dsm_profile_default).
 *            Validation errors name the field:
 *            "functions[2].bars[0].size: must be a power of two".
 *  Device    struct teeio_dsm_dev: config space with the capability chain
 *            (PCIe, MSI-X, DOE 0x2E, IDE 0x30, SR-IOV), BAR decoding, MSI-X
 *            table and PBA, a DMA engine that issues memory requests with
 *            the T bit set while the TDI is in RUN, and the ERROR triggers
 *            (config writes that touch a locked TDI, FLR, reset, IDE
 *            leaving Secure, the session ending) delivered to the TDISP
 *            state machine the device owns (one struct teeio_tdisp_tdi per
 *            function).  Per-function state is small and refers to the
 *            profile.
 *  Host      struct teeio_dsm_host: the SPDM responder (identity from files
 *            or generated, measurements from the profile) with IDE_KM and
 *            TDISP as its vendor-defined protocols, the device-side IDE
 *            stream engines, the DOE mailbox, and the socket handler.
 *
 * The device never allocates; the profile parser (tool side) uses jansson.
 * Threading: one device is driven by one thread at a time.
 */
#ifndef TEEIO_DSM_H
#define TEEIO_DSM_H

#include "teeio/common.h"
#include "teeio/crypto.h"
#include "teeio/ide.h"
#include "teeio/idekm.h"
#include "teeio/pki.h"
#include "teeio/spdm_io.h"
#include "teeio/spdm_rsp.h"
#include "teeio/tdisp.h"
#include "teeio/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Limits.                                                                  */

#define TEEIO_DSM_FUNCS_MAX 256 /* PF + VFs                                  */
#define TEEIO_DSM_ENTRIES_MAX 256 /* entries of "functions" in a profile       */
#define TEEIO_DSM_BARS 6 /* type 0 header BARs                        */
#define TEEIO_DSM_RANGES_MAX 16 /* report ranges of one function (+ MSI-X)   */
#define TEEIO_DSM_MSIX_MAX 64 /* MSI-X vectors of one function             */
#define TEEIO_DSM_DEVINFO_MAX 256 /* device-specific info bytes in a report    */
#define TEEIO_DSM_MEAS_MAX 16 /* measurement blocks                        */
#define TEEIO_DSM_MEAS_VALUE_MAX 256
#define TEEIO_DSM_STREAMS_MAX 8 /* selective IDE streams                      */
#define TEEIO_DSM_ADDR_BLOCKS_MAX 4 /* address association blocks per stream    */
#define TEEIO_DSM_NAME_MAX 64
#define TEEIO_DSM_ERR_MAX 192 /* profile error message                     */
#define TEEIO_DSM_PAGE 4096u /* TDISP reports MMIO in 4 KiB pages          */

/* ------------------------------------------------------------------------ */
/* Profile.                                                                 */

enum teeio_dsm_fn_type {
	TEEIO_DSM_FN_PF = 0,
	TEEIO_DSM_FN_VF = 1,
};

/* One BAR.  A 64-bit BAR takes the next BAR slot too (which stays empty). */
struct teeio_dsm_bar_prof {
	uint64_t size; /* 0: not implemented; else a power of two >= 4 KiB */
	bool mem64;
	bool prefetch;
};

/* MSI-X (PCI Local Bus 3.0 6.8.2): table and PBA, each in whole pages. */
struct teeio_dsm_msix_prof {
	uint16_t vectors; /* 0: no MSI-X capability; else 1..TEEIO_DSM_MSIX_MAX */
	uint8_t table_bar;
	uint32_t table_offset; /* 4 KiB aligned                                 */
	uint8_t pba_bar;
	uint32_t pba_offset; /* 4 KiB aligned, not in the table's page         */
};

/* An MMIO range the interface report lists (besides MSI-X table / PBA). */
struct teeio_dsm_range_prof {
	uint8_t bar;
	uint64_t offset; /* within the BAR, 4 KiB aligned                          */
	uint64_t size; /* multiple of 4 KiB, > 0                                 */
	uint16_t id; /* Range ID                                              */
	bool non_tee; /* IS_NON_TEE_MEM: the host may touch it with T=0       */
	bool updatable; /* IS_MEM_ATTR_UPDATABLE                                 */
};

/* One entry of "functions": the PF, or a group of `count` identical VFs. */
struct teeio_dsm_fn_prof {
	enum teeio_dsm_fn_type type;
	uint16_t count; /* functions this entry stands for (PF: 1)              */
	struct teeio_dsm_bar_prof bars[TEEIO_DSM_BARS];
	struct teeio_dsm_msix_prof msix;
	struct teeio_dsm_range_prof ranges[TEEIO_DSM_RANGES_MAX];
	uint8_t n_ranges;
	uint16_t interface_info; /* TEEIO_TDISP_INFO_*                          */
	uint8_t devinfo[TEEIO_DSM_DEVINFO_MAX]; /* device-specific information */
	uint16_t devinfo_len;
};

/* One DMTF measurement block (DSP0274 10.11.1). */
struct teeio_dsm_meas_prof {
	uint8_t index; /* 1..0xFE, unique                                        */
	uint8_t type; /* enum teeio_spdm_meas_type (0..7)                       */
	bool tcb; /* part of the TCB summary                                 */
	bool raw; /* always reported as raw bit stream (never hashed)         */
	uint8_t value[TEEIO_DSM_MEAS_VALUE_MAX];
	uint16_t len; /* 1..TEEIO_DSM_MEAS_VALUE_MAX                              */
};

/* The IDE extended capability the device carries (selective streams only). */
struct teeio_dsm_ide_prof {
	uint8_t streams; /* selective IDE streams, 1..TEEIO_DSM_STREAMS_MAX   */
	uint8_t addr_blocks; /* address association blocks per stream, 0..4       */
	bool pcrc; /* PCRC supported                                    */
	bool aggregation; /* aggregation supported                             */
	bool tee_limited; /* TEE-Limited Stream supported                      */
};

struct teeio_dsm_profile {
	char name[TEEIO_DSM_NAME_MAX];
	uint16_t vendor_id, device_id, vf_device_id;
	uint16_t subsys_vendor_id, subsys_id;
	uint8_t revision;
	uint32_t class_code; /* 24 bits                                          */
	uint8_t segment, bus, device; /* the PF's ID: segment, bus, device 0..31 */
	uint8_t function; /* the PF's function number 0..7         */
	uint32_t doe_mailbox_bytes; /* DOE request/response storage (x4)       */
	struct teeio_dsm_ide_prof ide;
	struct teeio_dsm_meas_prof meas[TEEIO_DSM_MEAS_MAX];
	uint8_t n_meas;
	struct teeio_dsm_fn_prof entries[TEEIO_DSM_ENTRIES_MAX]; /* [0]: the PF */
	uint16_t n_entries;
	uint16_t n_funcs; /* PF + every VF                                        */
};

/**
 * Parse and validate a JSON profile (`len` bytes, need not be
 * NUL-terminated) into *p (overwritten).  On failure `err` (at least
 * TEEIO_DSM_ERR_MAX bytes; may be NULL) receives "<field path>: <what is
 * wrong>", e.g. "functions[2].bars[0].size: must be a power of two", and
 * TEEIO_ERR_USAGE_CONFIG is returned (TEEIO_ERR_PROTO for JSON that does
 * not parse, with line and column).  Unknown fields are refused.
 */
TEEIO_MUST_CHECK teeio_err teeio_dsm_profile_parse(const char *json, size_t len,
						   struct teeio_dsm_profile *p, char *err,
						   size_t err_cap);

/** Load and parse a profile file.  USAGE_NOT_FOUND when it cannot be read. */
TEEIO_MUST_CHECK teeio_err teeio_dsm_profile_load(const char *path, struct teeio_dsm_profile *p,
						  char *err, size_t err_cap);

/** The built-in profile as JSON text (identical to profiles/default.json). */
const char *teeio_dsm_profile_default_json(void);

/** Parse the built-in profile (cannot fail unless the build is broken). */
TEEIO_MUST_CHECK teeio_err teeio_dsm_profile_default(struct teeio_dsm_profile *p);

/**
 * Write the profile as canonical JSON (the format parse accepts) to f.
 * TEEIO_ERR_TRANSPORT on a write error.
 */
TEEIO_MUST_CHECK teeio_err teeio_dsm_profile_write_json(FILE *f, const struct teeio_dsm_profile *p);

/** The profile entry that describes function `fn` (0 = PF), or NULL. */
const struct teeio_dsm_fn_prof *teeio_dsm_profile_fn(const struct teeio_dsm_profile *p,
						     uint16_t fn);

/** Name of a measurement type ("immutable_rom", ...); "?" when unknown. */
const char *teeio_dsm_meas_type_name(uint8_t type);

/* ------------------------------------------------------------------------ */
/* Device.                                                                  */

/* A DMA request the device issues toward the host (a memory read or write
 * TLP).  `t` is the TEE bit: set while the TDI is in RUN. */
struct teeio_dsm_dma_req {
	uint16_t rid; /* Requester ID of the function                         */
	bool write;
	bool t;
	uint64_t addr;
	uint8_t *data; /* write: payload; read: where the completion data goes */
	size_t len;
};

/* The platform side of the DMA engine (implemented by the platform). */
struct teeio_dsm_dma_ops {
	teeio_err (*request)(void *ctx, const struct teeio_dsm_dma_req *req);
	void *ctx;
};

/*
 * What the device carries but does not own: the DOE mailbox (transport)
 * and the IDE stream engines.  NULL members are skipped (DOE reads zero,
 * IDE streams report Insecure).
 */
struct teeio_dsm_cap_hooks {
	/* DOE capability DWORD accessors (offset within the capability). */
	uint32_t (*doe_read)(void *ctx, uint32_t off);
	void (*doe_write)(void *ctx, uint32_t off, uint32_t val);
	/* Selective stream register block `i`: Enable changed. */
	void (*ide_enable)(void *ctx, unsigned i, uint8_t stream_id, bool on);
	/* Is the stream with `stream_id` Secure? */
	bool (*ide_secure)(void *ctx, uint8_t stream_id);
	void *ctx;
};

/*
 * Per-function (per-TDI) state of the device.  It refers to its profile
 * entry; what it holds itself is the function's register state and the
 * report ranges resolved to host addresses when the TDI is locked.
 * Together with struct teeio_tdisp_tdi it must stay within 4 KiB
 * (checked by a unit test and shown by `teeio bench tdisp`).
 */
struct teeio_dsm_fn {
	const struct teeio_dsm_fn_prof *prof;
	uint16_t index; /* 0 = PF, 1.. = VF number                      */
	uint16_t command; /* Command register (VF: MSE reads 0)            */
	uint16_t devctl; /* PCIe Device Control                           */
	uint16_t msix_ctrl; /* MSI-X Enable / Function Mask bits             */
	uint32_t bar[TEEIO_DSM_BARS]; /* PF: BAR registers as written        */
	uint64_t pba; /* pending bits (vectors <= 64)                  */
	uint32_t msix_table[TEEIO_DSM_MSIX_MAX][4]; /* addr lo, hi, data, ctl */
	uint64_t dma_reads, dma_writes;
	/* Interface report: the profile's ranges at the addresses of LOCK. */
	struct teeio_tdisp_report report;
	struct teeio_tdisp_range ranges[TEEIO_DSM_RANGES_MAX + 2];
};

/* The PF's SR-IOV capability registers that can change. */
struct teeio_dsm_sriov {
	uint16_t ctrl; /* VF Enable, VF MSE, ARI Capable Hierarchy          */
	uint16_t num_vfs;
	uint32_t sys_page; /* System Page Size                              */
	uint32_t vf_bar[TEEIO_DSM_BARS];
};

/* One selective IDE stream's writable registers. */
struct teeio_dsm_ide_regs {
	uint32_t ctrl;
	uint32_t rid1, rid2;
	uint32_t addr[TEEIO_DSM_ADDR_BLOCKS_MAX][3];
};

/*
 * The device.  It owns the TDI table and the TDISP responder over it, so
 * that every ERROR trigger it sees reaches the state machine directly
 * (teeio_tdisp_event).  Large (256 functions): allocate it.
 */
struct teeio_dsm_dev {
	const struct teeio_dsm_profile *prof;
	struct teeio_dsm_cap_hooks caps;
	struct teeio_dsm_dma_ops dma;
	const struct teeio_log *log;
	struct teeio_dsm_sriov sriov;
	uint32_t ide_ctrl;
	struct teeio_dsm_ide_regs ide[TEEIO_DSM_STREAMS_MAX];
	struct teeio_tdisp_rsp tdisp;
	uint16_t n_funcs;
	struct teeio_dsm_fn fn[TEEIO_DSM_FUNCS_MAX];
	struct teeio_tdisp_tdi tdi[TEEIO_DSM_FUNCS_MAX];
};

/* TDISP capabilities the emulated device advertises. */
#define TEEIO_DSM_LOCK_FLAGS                                                       \
	(TEEIO_TDISP_LOCK_NO_FW_UPDATE | TEEIO_TDISP_LOCK_SYSTEM_CACHE_LINE_SIZE | \
	 TEEIO_TDISP_LOCK_MSIX | TEEIO_TDISP_LOCK_BIND_P2P |                       \
	 TEEIO_TDISP_LOCK_ALL_REQUEST_REDIRECT)
#define TEEIO_DSM_ADDR_WIDTH 52

/**
 * Initialise a device for profile `p` (borrowed: keep it alive): every
 * function as after a conventional reset, one TDI per function (function
 * ID from its Routing ID and the profile's segment) and the TDISP
 * responder over them, using `crypto` for START nonces.  `caps`, `dma`
 * and `log` may be NULL.  Errors: USAGE (no functions, no crypto), and
 * the TDISP responder's.
 */
TEEIO_MUST_CHECK teeio_err teeio_dsm_dev_init(struct teeio_dsm_dev *d,
					      const struct teeio_dsm_profile *p,
					      const struct teeio_crypto_ops *crypto,
					      const struct teeio_dsm_cap_hooks *caps,
					      const struct teeio_dsm_dma_ops *dma,
					      const struct teeio_log *log);

/** Routing ID (bus << 8 | devfn) of function `fn`; VF n = PF + n (ARI). */
uint16_t teeio_dsm_fn_rid(const struct teeio_dsm_dev *d, uint16_t fn);

/** TDISP FUNCTION_ID of function `fn`'s TDI. */
uint32_t teeio_dsm_fn_id(const struct teeio_dsm_dev *d, uint16_t fn);

/** The function with Routing ID `rid`, or -1 (VFs only while enabled). */
int teeio_dsm_fn_by_rid(const struct teeio_dsm_dev *d, uint16_t rid);

/** True when function `fn` exists now (PF always; VF n: VF Enable and n <= NumVFs). */
bool teeio_dsm_fn_present(const struct teeio_dsm_dev *d, uint16_t fn);

/** The TDISP state of function `fn`'s TDI. */
enum teeio_tdisp_state teeio_dsm_tdi_state(const struct teeio_dsm_dev *d, uint16_t fn);

/* Standard capability offsets in every function's config space. */
#define TEEIO_DSM_CAP_PCIE 0x40u
#define TEEIO_DSM_CAP_MSIX 0x80u
/* Extended capabilities (PF only). */
#define TEEIO_DSM_ECAP_DOE 0x100u
#define TEEIO_DSM_ECAP_SRIOV 0x120u /* only when the profile has VFs */
#define TEEIO_DSM_ECAP_IDE 0x160u

/**
 * Config read of `size` (1, 2 or 4) bytes at `off` (< 4096, naturally
 * aligned) of function `fn`.  An absent function reads all ones.
 */
uint32_t teeio_dsm_cfg_read(struct teeio_dsm_dev *d, uint16_t fn, uint16_t off, unsigned size);

/**
 * Config write.  Read-only bits are kept.  Writes that affect a TDI in
 * CONFIG_LOCKED or RUN (BARs, Memory Space / Bus Master Enable, MSI-X
 * control, SR-IOV control, NumVFs, VF BARs) are delivered to the TDISP
 * state machine, which moves it to ERROR; an FLR (Device Control bit 15)
 * resets the function (PF: every VF too).  Absent functions ignore writes.
 */
void teeio_dsm_cfg_write(struct teeio_dsm_dev *d, uint16_t fn, uint16_t off, unsigned size,
			 uint32_t val);

/** Function Level Reset of `fn` (as a Device Control FLR write does). */
void teeio_dsm_flr(struct teeio_dsm_dev *d, uint16_t fn);

/** Conventional reset of the whole device: every TDI hit, registers cleared. */
void teeio_dsm_reset(struct teeio_dsm_dev *d);

/**
 * Do what firmware or a VMM does before a TSM can lock anything, through
 * config writes as a host would: assign every BAR (the PF's, then the
 * SR-IOV VF BARs) upward from `mmio_base` (naturally aligned), enable
 * memory decoding and bus mastering, enable every VF, and enable IDE
 * stream register block i with stream ID i.  Used by `teeio dsm serve`,
 * where the socket carries no config cycles.
 */
void teeio_dsm_enumerate(struct teeio_dsm_dev *d, uint64_t mmio_base);

/** Power cycle: conventional reset, then every TDI CONFIG_UNLOCKED again. */
void teeio_dsm_power_cycle(struct teeio_dsm_dev *d);

/** The IDE stream `stream_id` left Secure: every TDI using it hears so. */
void teeio_dsm_ide_insecure(struct teeio_dsm_dev *d, uint8_t stream_id);

/** The SPDM session ended: every locked TDI hears so. */
void teeio_dsm_session_ended(struct teeio_dsm_dev *d);

/**
 * Where function `fn`'s BAR `bar` is decoded now: *base receives the
 * address.  False when the BAR is unimplemented or unassigned, memory
 * decoding is off (MSE / VF MSE) or the function is absent.
 */
bool teeio_dsm_bar_base(const struct teeio_dsm_dev *d, uint16_t fn, unsigned bar, uint64_t *base);

/**
 * MMIO access at host address `addr` of `len` bytes (1, 2, 4 or 8, not
 * crossing an 8-byte boundary) with TEE bit `t`, arriving over IDE stream
 * `stream_id` (T=1 only).  Decodes the BARs of every present function and
 * asks the TDI (teeio_tdisp_tdi_access) whether it takes the request:
 * TEEIO_ERR_STATE when it answers UR (reads give all ones).  The MSI-X
 * table and PBA are modelled; other BAR space reads zero and ignores
 * writes.  USAGE_NOT_FOUND when no BAR decodes the address.  *fn_out (may
 * be NULL) receives the function.
 */
TEEIO_MUST_CHECK teeio_err teeio_dsm_mmio_read(struct teeio_dsm_dev *d, uint64_t addr, bool t,
					       uint8_t stream_id, void *data, size_t len,
					       int *fn_out);
/** The write counterpart of teeio_dsm_mmio_read. */
TEEIO_MUST_CHECK teeio_err teeio_dsm_mmio_write(struct teeio_dsm_dev *d, uint64_t addr, bool t,
						uint8_t stream_id, const void *data, size_t len,
						int *fn_out);

/**
 * Have function `fn` DMA `len` bytes to (write) or from (read) host
 * address `addr` through dma.request.  The T bit is set while the TDI is
 * in RUN.  TEEIO_ERR_STATE when Bus Master Enable is clear, the function is
 * absent or its TDI is in ERROR or CONFIG_LOCKED (a locked TDI is quiet
 * until the TVM accepts it); USAGE without DMA ops.
 */
TEEIO_MUST_CHECK teeio_err teeio_dsm_dma(struct teeio_dsm_dev *d, uint16_t fn, bool write,
					 uint64_t addr, void *buf, size_t len);

/**
 * Raise MSI-X vector `vec` of `fn`: a DMA write of the entry's data to its
 * address (as teeio_dsm_dma), or its pending bit when masked.  USAGE for a
 * vector the function does not have, STATE when MSI-X is disabled.
 */
TEEIO_MUST_CHECK teeio_err teeio_dsm_msix_raise(struct teeio_dsm_dev *d, uint16_t fn, uint16_t vec);

/**
 * Resolve function `fn`'s interface report ranges to the host addresses
 * its BARs decode now (the TDISP config check does this at LOCK with the
 * request's flags): the profile's ranges, then the MSI-X table and PBA
 * pages, private only with TEEIO_TDISP_LOCK_MSIX in `lock_flags`.
 * STATE when a reported BAR is not decoded.
 */
TEEIO_MUST_CHECK teeio_err teeio_dsm_report_resolve(struct teeio_dsm_dev *d, uint16_t fn,
						    uint16_t lock_flags);

/**
 * A teeio_tdisp_exchange_fn straight into the device's TDISP responder
 * (ctx: struct teeio_dsm_dev *), as if inside a secured session: for
 * tests, benches and in-process platforms that do not need SPDM.
 */
TEEIO_MUST_CHECK teeio_err teeio_dsm_tdisp_exchange(void *ctx, const uint8_t *req, size_t req_len,
						    uint8_t *rsp, size_t *rsp_len);

/* ------------------------------------------------------------------------ */
/* Host: the responders on the device.                                      */

/* Where the device's identity comes from (first match wins). */
struct teeio_dsm_identity {
	const char *chain_file; /* any concatenated DER chain, root first ...  */
	const char *key_file; /* ... and its leaf's private key (PEM or DER) */
	const char *pki_dir; /* device_chain.der + device_leaf.key.pem of
				 * `teeio pki generate` (DIR/<alg>)           */
	enum teeio_sig_alg alg; /* generated at start-up otherwise (NONE:
				 * ECDSA P-384); with files: RSA PSS vs PKCS1 */
};

struct teeio_dsm_host_config {
	const struct teeio_crypto_ops *ops;
	const struct teeio_log *log; /* may be NULL */
	const struct teeio_dsm_profile *prof; /* borrowed */
	enum teeio_trans trans; /* secured-message binding and socket transport */
	struct teeio_dsm_identity id;
	/* Interop relaxations for DMTF spdm-emu's requester (off by default):
	 * IDE_KM port index 1 answers as an alias of port 0 (it QUERYs port
	 * 1), K_SET_GO is accepted before all sub-streams are keyed, and a
	 * stream with an armed RX and TX key counts as Secure for TDISP. */
	bool interop;
	/* SPDM versions offered (TEEIO_SPDM_V10..V13, 0-terminated; all 0:
	 * 1.2 and 1.3) and whether HANDSHAKE_IN_THE_CLEAR_CAP is advertised. */
	uint8_t versions[TEEIO_SPDM_MAX_VERSIONS];
	bool handshake_in_clear;
	const struct teeio_dsm_dma_ops *dma; /* may be NULL */
};

/*
 * The hosted device: the device model with its TDISP responder, the SPDM
 * responder (certificate slot 0, the profile's measurements, IDE_KM and
 * TDISP registered as vendor-defined protocols), the IDE_KM responder over
 * the device-side IDE stream engines, the DOE mailbox behind config space,
 * and the socket handler.  Very large: allocate it.
 */
struct teeio_dsm_host {
	struct teeio_dsm_host_config cfg;
	struct teeio_dsm_dev dev;

	/* identity */
	struct teeio_pki_chain chain; /* generated or loaded (owns the key) */
	struct teeio_pkey file_key; /* --key FILE                           */
	bool have_file_key;
	uint8_t der[TEEIO_SPDM_CERT_CHAIN_MAX];
	size_t der_len;

	/* measurements */
	struct teeio_spdm_rsp_meas_entry meas_entries[TEEIO_DSM_MEAS_MAX];
	struct teeio_spdm_rsp_meas meas;

	/* IDE: one engine stream per IDE register block, stream ID = index */
	struct teeio_ide_stream streams[TEEIO_DSM_STREAMS_MAX];
	struct teeio_ide_port port;
	struct teeio_idekm_ide_dev idekm_dev;
	struct teeio_idekm_rsp idekm;

	/* SPDM */
	struct teeio_spdm_vendor_handler vendor[2];
	struct teeio_spdm_rsp_config rcfg;
	struct teeio_spdm_rsp rsp;
	struct teeio_spdm_serve serve;

	/* DOE mailbox in config space */
	struct teeio_doe_mb mb;
	uint8_t mb_req[TEEIO_SOCK_MAX_PAYLOAD];
	uint8_t mb_rsp[TEEIO_SOCK_MAX_PAYLOAD];
};

/* Where teeio_dsm_host_init places the BARs (teeio_dsm_enumerate). */
#define TEEIO_DSM_MMIO_BASE UINT64_C(0xC0000000)

/**
 * Bring the device up: the device model for cfg->prof, its identity
 * (loaded or generated), measurements, IDE engines, IDE_KM and SPDM
 * responders, the DOE mailbox, and the socket handler for cfg->trans.
 * The device is then enumerated (teeio_dsm_enumerate at
 * TEEIO_DSM_MMIO_BASE).  Errors: USAGE, USAGE_NOT_FOUND (identity files),
 * CRYPTO_* (key/chain), and the responders' configuration errors.  On
 * failure everything is released.
 */
TEEIO_MUST_CHECK teeio_err teeio_dsm_host_init(struct teeio_dsm_host *h,
					       const struct teeio_dsm_host_config *cfg);

/** Release keys and backend objects (IDE keys and SPDM secrets wiped). */
void teeio_dsm_host_free(struct teeio_dsm_host *h);

/**
 * A new platform: the SPDM responder forgets its connection (sessions end:
 * IDE_KM and TDISP are told), the device is power-cycled and enumerated
 * again.  The socket handler does this between clients.
 */
void teeio_dsm_host_reset(struct teeio_dsm_host *h);

/** The socket-server handler that answers NORMAL frames of cfg->trans. */
struct teeio_sock_handler teeio_dsm_host_sock_handler(struct teeio_dsm_host *h);

#ifdef __cplusplus
}
#endif
#endif /* TEEIO_DSM_H */
