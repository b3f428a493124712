/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio/guest.h - the TVM (confidential guest) side of TEE-IO.
 *
 *  Policy    struct teeio_guest_policy: what the guest is willing to take
 *            into its TCB -- trusted roots, SPDM version and algorithm
 *            floors, reference measurements per index, the interface-report
 *            shape (ranges, sizes, MSI-X locked) and DMA expectations.
 *            Parsed from JSON (teeio_guest_policy_parse); errors name the
 *            field: "policy: measurements[3].digest: not hex".
 *  Evidence  teeio_guest_verify: the device's certificate chain up to a
 *            trusted root, its measurements against the references (one
 *            verdict per index), the interface report against the policy,
 *            and every MMIO range of the report against the GPA mapping
 *            the guest sees.  The result is a structured verdict the caller
 *            can print (teeio_guest_verdict_print).
 *  Bounce    the legacy path for comparison: a shared-memory bounce buffer
 *            with software AES-256-GCM (encrypt-copy-out, decrypt-copy-in),
 *            a per-direction sequence number in every IV.
 *  Flow      struct teeio_guest_tdi: find the TDI bound to this TVM, get
 *            its report over the TSM's sealed guest channel (teeio/tsm.h),
 *            verify it, validate every private MMIO page against it, accept
 *            (TDISP START), then use private MMIO; the device DMAs into
 *            private memory once accepted.
 *
 * Nothing here keeps global state.  The policy parser uses jansson (tool
 * side); verification and the bounce buffer do not allocate.
 */
#ifndef TEEIO_GUEST_H
#define TEEIO_GUEST_H

#include "teeio/common.h"
#include "teeio/crypto.h"
#include "teeio/pki.h"
#include "teeio/platform.h"
#include "teeio/tdisp.h"
#include "teeio/tsm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Bounds.                                                                  */

#define TEEIO_GUEST_ROOTS_MAX 4 /* trusted roots in one policy            */
#define TEEIO_GUEST_MEAS_MAX 32 /* reference measurements                 */
#define TEEIO_GUEST_MEAS_VALUE_MAX 256 /* one raw reference value        */
#define TEEIO_GUEST_RANGE_REFS_MAX 16 /* expected report ranges           */
#define TEEIO_GUEST_FINDINGS_MAX 32 /* findings kept in a verdict          */
#define TEEIO_GUEST_NAME_MAX 64
#define TEEIO_GUEST_ERR_MAX 192 /* policy error message                     */
#define TEEIO_GUEST_POLICY_MAX (256 * 1024) /* largest policy file        */

/* ------------------------------------------------------------------------ */
/* Policy.                                                                  */

/* How a reference measurement is given. */
enum teeio_guest_ref_kind {
	TEEIO_GUEST_REF_DIGEST = 0, /* a digest of the value (hash named)      */
	TEEIO_GUEST_REF_RAW = 1, /* the value itself (hashed as needed)     */
};

struct teeio_guest_meas_ref {
	uint8_t index; /* 1..0xFE, unique in the policy                     */
	bool mandatory; /* must be present in the evidence                   */
	int16_t type; /* DMTF value type to insist on, -1: any             */
	enum teeio_guest_ref_kind kind;
	enum teeio_hash_alg hash; /* DIGEST: the digest's algorithm            */
	uint8_t value[TEEIO_GUEST_MEAS_VALUE_MAX];
	uint16_t len;
};

/* What a report range is. */
enum teeio_guest_range_kind {
	TEEIO_GUEST_RANGE_MMIO = 0,
	TEEIO_GUEST_RANGE_MSIX_TABLE = 1,
	TEEIO_GUEST_RANGE_MSIX_PBA = 2,
};

/* One range the policy expects in the interface report (kind + id). */
struct teeio_guest_range_ref {
	enum teeio_guest_range_kind kind;
	uint16_t id;
	uint32_t pages; /* exact size in 4 KiB pages */
	bool non_tee;
};

/* DMA / interface-info expectation of one INTERFACE_INFO bit. */
enum teeio_guest_expect {
	TEEIO_GUEST_ALLOWED = 0,
	TEEIO_GUEST_REQUIRED = 1,
	TEEIO_GUEST_FORBIDDEN = 2,
};

struct teeio_guest_root {
	uint8_t der[TEEIO_CERT_MAX];
	size_t len;
};

struct teeio_guest_policy {
	char name[TEEIO_GUEST_NAME_MAX];

	/* Trust anchors for the device certificate chain. */
	struct teeio_guest_root roots[TEEIO_GUEST_ROOTS_MAX];
	size_t n_roots;

	/* SPDM floors.  Masks are bit (1 << enum value); 0 allows any. */
	uint8_t spdm_min_version; /* SPDMVersion byte, e.g. 0x12 */
	uint32_t allow_asym, allow_hash, allow_meas_hash, allow_dhe, allow_aead;

	/* Reference measurements. */
	struct teeio_guest_meas_ref meas[TEEIO_GUEST_MEAS_MAX];
	size_t n_meas;
	bool allow_unlisted; /* indices the policy does not name may appear */

	/* Interface report. */
	uint32_t min_ranges, max_ranges;
	uint32_t max_range_pages; /* 0: no limit */
	bool msix_locked; /* MSI-X table and PBA must be reported, TEE */
	bool no_fw_update; /* INTERFACE_INFO no-update-after-lock required */
	struct teeio_guest_range_ref ranges[TEEIO_GUEST_RANGE_REFS_MAX];
	size_t n_ranges;
	bool ranges_exact; /* no report range beyond those listed */

	/* DMA expectations (INTERFACE_INFO bits). */
	enum teeio_guest_expect dma_without_pasid, dma_with_pasid, ats, prs;
};

/**
 * Parse and validate a JSON policy (`len` bytes, need not be
 * NUL-terminated) into *p (overwritten).  Relative root file names are
 * taken from `base_dir` (NULL: the current directory).  `ops` checks that
 * each root is one DER certificate.  On failure `err` (may be NULL)
 * receives "policy: <field path>: <what is wrong>" and the result is
 * TEEIO_ERR_USAGE_CONFIG (TEEIO_ERR_PROTO for JSON that does not parse,
 * TEEIO_ERR_USAGE_NOT_FOUND for a root file that cannot be read).
 * Unknown fields are refused.  See docs/guest.md for the format.
 */
TEEIO_MUST_CHECK teeio_err teeio_guest_policy_parse(const struct teeio_crypto_ops *ops,
						    const char *json, size_t len,
						    const char *base_dir,
						    struct teeio_guest_policy *p, char *err,
						    size_t err_cap);

/**
 * Load a policy file; relative root files are taken from its directory.
 * USAGE_NOT_FOUND when it cannot be read, SIZE_LIMIT beyond
 * TEEIO_GUEST_POLICY_MAX, otherwise as teeio_guest_policy_parse.
 */
TEEIO_MUST_CHECK teeio_err teeio_guest_policy_load(const struct teeio_crypto_ops *ops,
						   const char *path, struct teeio_guest_policy *p,
						   char *err, size_t err_cap);

/**
 * The built-in policy as JSON (identical to policies/default.json): the
 * measurements, report shape and DMA use of the built-in device profile's
 * physical function, no trusted root (add the device vendor's with
 * teeio_guest_policy_add_root).
 */
const char *teeio_guest_policy_default_json(void);

/** Parse the built-in policy (cannot fail unless the build is broken). */
TEEIO_MUST_CHECK teeio_err teeio_guest_policy_default(const struct teeio_crypto_ops *ops,
						      struct teeio_guest_policy *p);

/**
 * Trust one more root certificate (DER).  USAGE for an empty or oversized
 * certificate, SIZE_LIMIT when TEEIO_GUEST_ROOTS_MAX are held already.
 */
TEEIO_MUST_CHECK teeio_err teeio_guest_policy_add_root(struct teeio_guest_policy *p,
						       const uint8_t *der, size_t len);

/* ------------------------------------------------------------------------ */
/* Evidence.                                                                */

/* What the SPDM connection settled (reported by the TSM). */
struct teeio_guest_spdm_info {
	uint8_t version; /* SPDMVersion byte; 0: not reported (then only
			  * `hash` is known and the floors are not checked) */
	enum teeio_sig_alg asym;
	enum teeio_hash_alg hash;
	enum teeio_hash_alg meas_hash; /* NONE: raw only, or not reported (a
					* digest block then names its
					* algorithm by its size) */
	enum teeio_dhe_alg dhe;
	enum teeio_aead_alg aead;
};

/* The device evidence the TSM hands the guest (all borrowed). */
struct teeio_guest_evidence {
	struct teeio_guest_spdm_info spdm;
	const uint8_t *cert_chain; /* SPDM certificate-chain form (spdm.hash) */
	size_t cert_chain_len;
	const uint8_t *meas; /* concatenated DMTF measurement blocks          */
	size_t meas_len;
	const uint8_t *report; /* DEVICE_INTERFACE_REPORT structure           */
	size_t report_len;
	uint64_t mmio_offset; /* MMIO reporting offset the TSM used at LOCK  */
	int64_t now; /* certificate time; 0: now                           */
};

/*
 * One MMIO mapping the guest sees: canonical GPA -> HPA, npages, private
 * (secure table, T=1) or shared, and what the guest's own view of the
 * device says lives there (the MSI-X capability names table and PBA).
 */
struct teeio_guest_mmio_map {
	uint64_t gpa, hpa;
	uint32_t pages;
	bool priv;
	enum teeio_guest_range_kind role;
};

/* What a check area is. */
enum teeio_guest_area {
	TEEIO_GUEST_AREA_POLICY = 0,
	TEEIO_GUEST_AREA_CHAIN,
	TEEIO_GUEST_AREA_SPDM,
	TEEIO_GUEST_AREA_MEAS,
	TEEIO_GUEST_AREA_REPORT,
	TEEIO_GUEST_AREA_MMIO,
	TEEIO_GUEST_AREA_DMA,
};

/* Why something was rejected (OK: it passed). */
enum teeio_guest_reason {
	TEEIO_GUEST_OK = 0,
	TEEIO_GUEST_NO_ROOTS, /* policy trusts no root               */
	TEEIO_GUEST_CHAIN_MALFORMED, /* SPDM chain form does not parse      */
	TEEIO_GUEST_CHAIN_UNTRUSTED, /* no path to a trusted root / leaf bad */
	TEEIO_GUEST_SPDM_VERSION, /* below the policy's minimum          */
	TEEIO_GUEST_SPDM_ALG, /* an algorithm the policy refuses     */
	TEEIO_GUEST_SPDM_UNREPORTED, /* note: the TSM did not say which
	                                  version/algorithms (not a failure)  */
	TEEIO_GUEST_MEAS_MALFORMED, /* blocks do not decode                */
	TEEIO_GUEST_MEAS_DUPLICATE, /* an index reported twice             */
	TEEIO_GUEST_MEAS_MISSING, /* mandatory index absent              */
	TEEIO_GUEST_MEAS_MISMATCH, /* value differs from the reference    */
	TEEIO_GUEST_MEAS_FORM, /* digest of another algorithm/size    */
	TEEIO_GUEST_MEAS_TYPE, /* DMTF value type differs             */
	TEEIO_GUEST_MEAS_UNLISTED, /* index the policy does not know      */
	TEEIO_GUEST_MEAS_ABSENT, /* optional index absent (not a failure) */
	TEEIO_GUEST_REPORT_MALFORMED, /* report does not parse               */
	TEEIO_GUEST_REPORT_COUNT, /* number of ranges out of bounds      */
	TEEIO_GUEST_REPORT_SIZE, /* a range too large / not as expected */
	TEEIO_GUEST_REPORT_RANGE, /* expected range missing or extra     */
	TEEIO_GUEST_REPORT_OVERLAP, /* ranges overlap / wrap               */
	TEEIO_GUEST_REPORT_MSIX, /* MSI-X table/PBA not locked/placed   */
	TEEIO_GUEST_REPORT_INFO, /* INTERFACE_INFO bit refused          */
	TEEIO_GUEST_MMIO_UNMAPPED, /* range not in the guest's mapping    */
	TEEIO_GUEST_MMIO_MISMATCH, /* mapping size/address differs        */
	TEEIO_GUEST_MMIO_NON_TEE_PRIVATE, /* non-TEE range mapped private     */
	TEEIO_GUEST_MMIO_TEE_SHARED, /* TEE range mapped shared             */
	TEEIO_GUEST_MMIO_EXTRA, /* private mapping not in the report   */
	TEEIO_GUEST_MMIO_ROLE, /* MSI-X table/PBA not where the guest
	                                  sees its MSI-X capability put them  */
	TEEIO_GUEST_DMA, /* DMA expectation not met             */
	TEEIO_GUEST_REASON_COUNT
};

/** Stable short name of a reason ("meas.mismatch"); never NULL. */
const char *teeio_guest_reason_str(enum teeio_guest_reason r);

/* One rejection (or, for MEAS_ABSENT and SPDM_UNREPORTED, a note). */
struct teeio_guest_finding {
	enum teeio_guest_area area;
	enum teeio_guest_reason reason;
	uint32_t index; /* measurement index, range number, ... */
	char detail[96];
};

/* The per-index measurement verdict. */
struct teeio_guest_meas_verdict {
	uint8_t index;
	enum teeio_guest_reason status;
};

/* The per-range MMIO verdict. */
struct teeio_guest_range_verdict {
	struct teeio_tdisp_mmio_range range; /* as reported */
	uint64_t hpa; /* reporting offset removed */
	int map; /* index of the mapping it matched, -1: none */
	enum teeio_guest_reason status;
};

struct teeio_guest_verdict {
	bool accept; /* every check passed */
	struct teeio_cert_info leaf; /* valid when the chain was trusted */
	bool leaf_valid;
	struct teeio_guest_meas_verdict meas[TEEIO_GUEST_MEAS_MAX + TEEIO_SPDM_MAX_MEAS_BLOCKS];
	size_t n_meas;
	struct teeio_guest_range_verdict ranges[TEEIO_TDISP_RANGES_MAX];
	size_t n_ranges;
	uint16_t interface_info;
	struct teeio_guest_finding findings[TEEIO_GUEST_FINDINGS_MAX];
	size_t n_findings; /* kept */
	size_t n_rejections; /* counted, even beyond those kept */
};

/**
 * Verify evidence `ev` against policy `pol` and the MMIO mapping the guest
 * sees (`maps`, n_maps).  Every check runs (none stops at the first
 * failure) and lands in *v.  Returns TEEIO_OK only when v->accept;
 * otherwise the error of the first rejection's kind: CRYPTO_CERT (chain),
 * PROTO (malformed evidence), CRYPTO_VERIFY (measurement), USAGE_CONFIG
 * (SPDM floors, report, MMIO, DMA - the evidence is well formed but not
 * what the policy allows).  USAGE for NULL arguments.
 */
TEEIO_MUST_CHECK teeio_err teeio_guest_verify(const struct teeio_crypto_ops *ops,
					      const struct teeio_guest_policy *pol,
					      const struct teeio_guest_evidence *ev,
					      const struct teeio_guest_mmio_map *maps,
					      size_t n_maps, struct teeio_guest_verdict *v);

/** The verdict of one measurement index, or NULL when it was not judged. */
const struct teeio_guest_meas_verdict *teeio_guest_verdict_meas(const struct teeio_guest_verdict *v,
								uint8_t index);
/** True when the verdict holds a finding with `reason`. */
bool teeio_guest_verdict_has(const struct teeio_guest_verdict *v, enum teeio_guest_reason reason);
/** Print a verdict for people (one line per check) to f. */
void teeio_guest_verdict_print(FILE *f, const struct teeio_guest_verdict *v);

/* ------------------------------------------------------------------------ */
/* The legacy path: bounce buffers.                                         */

/*
 * Shared memory as the guest reaches it: offsets into one window.  Over
 * the emulated platform the window is a shared GPA range
 * (teeio_guest_shared_plat); benches use plain memory.
 */
struct teeio_guest_shared {
	teeio_err (*read)(void *ctx, uint64_t off, void *buf, size_t len);
	teeio_err (*write)(void *ctx, uint64_t off, const void *buf, size_t len);
	void *ctx;
	uint64_t size;
};

/* A window over plain memory (the bench; a "device" on the same host). */
struct teeio_guest_shared_mem {
	uint8_t *mem;
	size_t size;
};
/** A shared window over m->mem. */
struct teeio_guest_shared teeio_guest_shared_mem(struct teeio_guest_shared_mem *m);

/* A window over shared guest memory on the emulated platform: canonical
 * GPA `gpa` .. + size, reached through the guest's shared table. */
struct teeio_guest_shared_plat {
	struct teeio_plat_guest_view g;
	uint64_t gpa;
	uint64_t size;
};
/** A shared window over sp (accesses that fault: TEEIO_ERR_STATE). */
struct teeio_guest_shared teeio_guest_shared_plat(struct teeio_guest_shared_plat *sp);

/* Which end of the bounce buffer a context is: selects the send direction. */
enum teeio_guest_bounce_end {
	TEEIO_GUEST_BOUNCE_GUEST = 0,
	TEEIO_GUEST_BOUNCE_DEVICE = 1,
};

/*
 * A block in shared memory: Length (u32 LE, payload bytes), Sequence (u64
 * LE), ciphertext, 16-byte tag.  The IV is the sender's direction (u32 BE)
 * followed by the sequence (u64 BE); the header is the AAD.  A receiver
 * takes only the next sequence number it expects, so a replayed or
 * reordered block is refused.
 */
#define TEEIO_GUEST_BOUNCE_HDR 12
#define TEEIO_GUEST_BOUNCE_TAG 16
#define TEEIO_GUEST_BOUNCE_OVERHEAD (TEEIO_GUEST_BOUNCE_HDR + TEEIO_GUEST_BOUNCE_TAG)
#define TEEIO_GUEST_BOUNCE_BLOCK_MAX (64 * 1024) /* payload per block */

/* One end of a bounce buffer.  Large (a block of private scratch): make it
 * static or allocate it. */
struct teeio_guest_bounce {
	const struct teeio_crypto_ops *ops;
	struct teeio_aead aead;
	struct teeio_guest_shared shm;
	enum teeio_guest_bounce_end end;
	uint64_t tx_seq, rx_seq;
	bool dead; /* sticky: a refused block or an exhausted counter */
	uint8_t scratch[TEEIO_GUEST_BOUNCE_BLOCK_MAX + TEEIO_GUEST_BOUNCE_OVERHEAD];
};

/**
 * Key a bounce context (AES-256-GCM, 32-byte key) over shared window
 * `shm`.  Both ends use the same key; `end` picks the direction.  Errors:
 * USAGE (key size, missing window callbacks), backend errors.
 */
TEEIO_MUST_CHECK teeio_err teeio_guest_bounce_init(struct teeio_guest_bounce *b,
						   const struct teeio_crypto_ops *ops,
						   const uint8_t *key, size_t key_len,
						   const struct teeio_guest_shared *shm,
						   enum teeio_guest_bounce_end end);

/**
 * Encrypt `len` bytes of private `pt` and copy the block out to shared
 * offset `off`; *used (may be NULL) receives the block size
 * (len + TEEIO_GUEST_BOUNCE_OVERHEAD).  Errors: SIZE (window too small),
 * SIZE_LIMIT (len > TEEIO_GUEST_BOUNCE_BLOCK_MAX), STATE_DEAD, backend
 * and window errors.
 */
TEEIO_MUST_CHECK teeio_err teeio_guest_bounce_out(struct teeio_guest_bounce *b, uint64_t off,
						  const void *pt, size_t len, size_t *used);

/**
 * Copy the block at shared offset `off` in and decrypt it into private
 * `pt` (cap bytes); *len receives the payload size.  The block must carry
 * the next expected sequence number.  Errors: CRYPTO_VERIFY (tag, replay
 * or reorder: the context turns dead), SIZE (pt too small), SIZE_LIMIT,
 * PROTO (length beyond the window), STATE_DEAD.
 */
TEEIO_MUST_CHECK teeio_err teeio_guest_bounce_in(struct teeio_guest_bounce *b, uint64_t off,
						 void *pt, size_t cap, size_t *len);

/** Release the key (wiped) and scratch.  Safe on a zeroed context. */
void teeio_guest_bounce_free(struct teeio_guest_bounce *b);

/* ------------------------------------------------------------------------ */
/* The guest flow over the TSM's guest channel.                             */

enum teeio_guest_tdi_state {
	TEEIO_GUEST_TDI_NEW = 0, /* nothing asked yet                       */
	TEEIO_GUEST_TDI_REPORTED, /* evidence and mappings from the TSM      */
	TEEIO_GUEST_TDI_VERIFIED, /* the verdict accepted them               */
	TEEIO_GUEST_TDI_VALIDATED, /* every private MMIO page validated       */
	TEEIO_GUEST_TDI_RUN, /* accepted: TDISP RUN, T=1 DMA live       */
	TEEIO_GUEST_TDI_STOPPED, /* the guest stopped it                    */
	TEEIO_GUEST_TDI_REJECTED, /* a step failed: sticky, start over       */
};

/** Stable short name of a flow state ("run", ...); never NULL. */
const char *teeio_guest_tdi_state_name(enum teeio_guest_tdi_state s);

struct teeio_guest_flow_config {
	const struct teeio_crypto_ops *ops;
	const struct teeio_guest_policy *pol; /* borrowed */
	const struct teeio_log *log; /* may be NULL */
	struct teeio_plat_guest_view g; /* this TVM on the platform */
	struct teeio_tsm_gchan *chan; /* the guest end, keyed with the TVM's secret */
	uint32_t function_id; /* the TDI, as the guest enumerated it */
	/* Where the guest's own view of the function's MSI-X capability puts
	 * the table and PBA (canonical private GPAs; 0: no MSI-X in TEE). */
	uint64_t msix_table_gpa, msix_pba_gpa;
	int64_t now; /* certificate time; 0: now */
};

/*
 * One TDI as the guest sees it.  Large (holds one whole channel message):
 * allocate it.  Evidence in `ev` points into `body`.
 */
struct teeio_guest_tdi {
	struct teeio_guest_flow_config cfg;
	enum teeio_guest_tdi_state state;
	uint16_t last_status; /* TEEIO_TSM_GSTATUS_* of the last answer  */
	uint8_t tsm_state; /* enum teeio_tsm_tdi_state last reported   */
	struct teeio_tsm_grsp rsp; /* the GET_REPORT answer                    */
	struct teeio_guest_evidence ev;
	struct teeio_guest_mmio_map maps[TEEIO_TSM_TDI_MMIO_MAX];
	size_t n_maps;
	struct teeio_guest_verdict verdict;
	uint8_t small[64]; /* bodies of the short answers              */
	uint8_t body[TEEIO_TSM_GMSG_MAX]; /* the GET_REPORT plaintext    */
};

/** Start the flow for cfg->function_id.  USAGE for missing pieces. */
TEEIO_MUST_CHECK teeio_err teeio_guest_tdi_init(struct teeio_guest_tdi *t,
						const struct teeio_guest_flow_config *cfg);

/**
 * NEW -> REPORTED: GET_REPORT (with the certificate chain) over the
 * channel.  The TDI must be bound to this TVM and CONFIG_LOCKED (TSM state
 * bound); the chain digest the TSM states must be the chain's.  Errors:
 * the channel's (TRANSPORT_TIMEOUT when the VMM drops it, CRYPTO_VERIFY
 * or STATE when it was tampered with or replayed), PROTO_PEER_ERROR for a
 * refusal (t->last_status), STATE, PROTO (inconsistent answer).
 */
TEEIO_MUST_CHECK teeio_err teeio_guest_tdi_get_report(struct teeio_guest_tdi *t);

/**
 * REPORTED -> VERIFIED: teeio_guest_verify of the evidence and the
 * mappings against the policy; the verdict stays in t->verdict.  Errors
 * as teeio_guest_verify (then REJECTED).
 */
TEEIO_MUST_CHECK teeio_err teeio_guest_tdi_verify(struct teeio_guest_tdi *t);

/**
 * VERIFIED -> VALIDATED: validate every page of every private MMIO
 * mapping against the HPA the report gives (the platform checks its
 * secure table), then tell the TSM (VALIDATE_MMIO).  Errors: STATE when
 * the platform refuses a page (a mapping that is not the report's),
 * PROTO_PEER_ERROR when the TSM refuses, the channel's.
 */
TEEIO_MUST_CHECK teeio_err teeio_guest_tdi_validate_mmio(struct teeio_guest_tdi *t);

/**
 * VALIDATED -> RUN: ACCEPT (TDISP START_INTERFACE with the LOCK nonce,
 * then T=1 DMA live).  Errors: PROTO_PEER_ERROR, STATE (the TSM does not
 * report RUN), the channel's.
 */
TEEIO_MUST_CHECK teeio_err teeio_guest_tdi_accept(struct teeio_guest_tdi *t);

/** get_report, verify, validate_mmio, accept: the first error stops it. */
TEEIO_MUST_CHECK teeio_err teeio_guest_tdi_attach(struct teeio_guest_tdi *t);

/** RUN -> STOPPED: STOP (the device scrubs, DMA stops). */
TEEIO_MUST_CHECK teeio_err teeio_guest_tdi_stop(struct teeio_guest_tdi *t);

/**
 * Private MMIO access in RUN: `len` bytes at offset `off` of mapping
 * `map` (within one page, at most TEEIO_PLAT_MMIO_MAX bytes).  Errors:
 * STATE (not RUN, or the platform faults: e.g. the VMM remapped the page
 * and it is pending again), USAGE (out of range).
 */
TEEIO_MUST_CHECK teeio_err teeio_guest_tdi_mmio_read(struct teeio_guest_tdi *t, size_t map,
						     uint64_t off, void *buf, size_t len);
/** The write counterpart of teeio_guest_tdi_mmio_read. */
TEEIO_MUST_CHECK teeio_err teeio_guest_tdi_mmio_write(struct teeio_guest_tdi *t, size_t map,
						      uint64_t off, const void *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* TEEIO_GUEST_H */
