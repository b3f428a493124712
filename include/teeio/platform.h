/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio/platform.h - the emulated confidential host: guest physical memory
 * with private and shared pages, CPU-side translation (a shared table the
 * untrusted VMM edits, a secure table only the TSM edits), an IOMMU with
 * untrusted per-device tables and a secure device table, a root port that
 * routes MMIO over the IDE link and takes the device's DMA from it, and the
 * untrusted VMM with a hook table at every boundary it sits on.
 *
 * Who may do what is part of the API shape.  Nothing here is reached
 * through the bare platform except read-only lookups:
 *
 *   struct teeio_plat_vmm_view   the untrusted VMM: host pages, the shared
 *                                tables, the untrusted IOMMU tables, config
 *                                space, MMIO remaps.  Hooks only ever get
 *                                this view.
 *   struct teeio_plat_tsm_view   the TSM: TVMs, private pages, the secure
 *                                tables, the secure device table.
 *   struct teeio_plat_guest_view one TVM: accesses through its own tables,
 *                                validation of pending private pages and
 *                                MMIO, requests to the TSM.
 *
 * Addresses.  Host physical addresses (HPA) of RAM are
 * cfg.hpa_base + page index * 4 KiB over the caller's arena; device MMIO
 * lives at HPAs outside the arena, in the windows a device is attached
 * with.  A guest physical address (GPA) carries one "shared bit" whose
 * meaning is the vendor flavour's: TDX sets the top GPA bit for shared
 * memory, SEV sets the C-bit for private memory.  Tables hold canonical
 * GPAs (that bit stripped); use teeio_plat_gpa() to form the address a
 * guest or device uses.
 *
 * Every translation is a pure lookup that ends in an explicit fault code
 * (enum teeio_plat_fault); the checks that keep private memory private are
 * made at every access, not only when a table is edited, so whatever an
 * untrusted party writes into its own tables it cannot reach private
 * memory.
 *
 * Nothing here allocates.  The platform is one caller-owned struct (it
 * holds pointers into itself for the link receivers: do not move or copy
 * it after teeio_plat_init).  One thread at a time.
 */
#ifndef TEEIO_PLATFORM_H
#define TEEIO_PLATFORM_H

#include "teeio/common.h"
#include "teeio/dsm.h"
#include "teeio/ide.h"
#include "teeio/spdm_io.h"
#include "teeio/spdm_req.h"
#include "teeio/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Bounds.                                                                  */

#define TEEIO_PLAT_PAGE_SHIFT 12
#define TEEIO_PLAT_PAGE_SIZE 4096u
#define TEEIO_PLAT_MAX_PAGES 1024 /* arena at most 4 MiB */
#define TEEIO_PLAT_MAX_TVMS \
	255 /* TVM ids 1..255 (a page's owner is a
				 * uint8_t); 0 means "the host" */
#define TEEIO_PLAT_MAX_DEVS 4 /* devices, each behind its own root port */
#define TEEIO_PLAT_MAX_MAPS 32 /* entries per translation table */
#define TEEIO_PLAT_SECURE_RUN 64 /* pages one secure-table entry spans */
#define TEEIO_PLAT_MAX_BINDINGS 256 /* secure device table: bound TDIs */
#define TEEIO_PLAT_MAX_TDI_MMIO 4 /* MMIO ranges of one bound TDI */
#define TEEIO_PLAT_MAX_WINDOWS 2 /* MMIO windows routed to one device */
/* One relayed message (DOE object or guest-host message): an assembled
 * SPDM message (16 KiB) plus transport and secured-message framing. */
#define TEEIO_PLAT_RELAY_MAX (16384 + 1024)
#define TEEIO_PLAT_MMIO_MAX TEEIO_TLP_PAYLOAD_MAX /* bytes per MMIO access */

/* ------------------------------------------------------------------------ */
/* Faults.                                                                  */

enum teeio_plat_fault {
	TEEIO_PLAT_OK = 0,
	TEEIO_PLAT_FAULT_NOT_MAPPED, /* no translation for the address */
	TEEIO_PLAT_FAULT_BAD_ADDRESS, /* beyond the GPA width, arena or window */
	TEEIO_PLAT_FAULT_PRIVATE_FROM_SHARED, /* untrusted path aimed at a private page */
	TEEIO_PLAT_FAULT_T0_TO_PRIVATE, /* T=0 DMA aimed at a private page */
	TEEIO_PLAT_FAULT_WRONG_TVM, /* page or binding of another TVM */
	TEEIO_PLAT_FAULT_UNVALIDATED, /* private page/MMIO pending validation */
	TEEIO_PLAT_FAULT_NOT_BOUND, /* T=1 DMA from an unbound requester */
	TEEIO_PLAT_FAULT_WRONG_STREAM, /* requester bound on another IDE stream */
	TEEIO_PLAT_FAULT_NOT_LIVE, /* bound, DMA not enabled yet (no START) */
	TEEIO_PLAT_FAULT_READ_ONLY, /* write through a read-only mapping */
	TEEIO_PLAT_FAULT_NOT_RAM, /* DMA aimed at MMIO (no peer-to-peer) */
	TEEIO_PLAT_FAULT_MISMATCH, /* validation: mapping is not as expected */
	TEEIO_PLAT_FAULT_NO_DEVICE, /* MMIO address no device claims */
	TEEIO_PLAT_FAULT_DEVICE_ERROR, /* UR/CA, no completion, link refused */
	TEEIO_PLAT_FAULT_SPOOFED_RID, /* requester ID not the link's device */
	TEEIO_PLAT_FAULT_COUNT
};

/** Stable short name of a fault ("ok", "not_mapped", ...); never NULL. */
const char *teeio_plat_fault_str(enum teeio_plat_fault f);

/* ------------------------------------------------------------------------ */
/* Configuration and vendor flavour.                                        */

enum teeio_plat_flavour {
	TEEIO_PLAT_FLAVOUR_TDX = 0, /* shared bit = GPA bit 47 (GPAW 48), set = shared */
	TEEIO_PLAT_FLAVOUR_SEV = 1, /* C-bit = GPA bit 51, set = private */
};

struct teeio_plat_config {
	uint8_t shared_bit; /* GPA bit that selects the table, 12..62 */
	bool bit_means_private; /* false: bit set = shared (TDX); true: C-bit (SEV) */
	uint64_t hpa_base; /* HPA of the first arena page (page aligned) */
	uint8_t *arena; /* host memory, page aligned length */
	size_t arena_len; /* at most TEEIO_PLAT_MAX_PAGES pages */
	uint16_t rp_rid; /* Requester ID of the root port (host requests) */
};

/** Defaults for a flavour over `arena` (hpa_base 4 GiB, root port RID 0). */
struct teeio_plat_config teeio_plat_config_default(enum teeio_plat_flavour f, uint8_t *arena,
						   size_t arena_len);

/* ------------------------------------------------------------------------ */
/* State.  Fields are private: use the functions below.                     */

enum teeio_plat_page_state {
	TEEIO_PLAT_PAGE_FREE = 0, /* host memory nobody uses */
	TEEIO_PLAT_PAGE_HOST, /* the VMM's: usable as shared memory */
	TEEIO_PLAT_PAGE_PRIVATE, /* one TVM's private page (RMP-style record) */
};

/* Per HPA page: who owns it and, when private, at which canonical GPA. */
struct teeio_plat_page {
	uint8_t state; /* enum teeio_plat_page_state */
	uint8_t tvm;
	uint64_t gpa;
};

#define TEEIO_PLAT_MAP_WRITE 0x01u /* writable */
#define TEEIO_PLAT_MAP_MMIO 0x02u /* secure table: target is device MMIO */

/* One translation entry: npages pages from gpa (canonical) to hpa. */
struct teeio_plat_map {
	uint64_t gpa, hpa;
	uint32_t npages; /* 0: slot unused */
	uint8_t flags;
	uint64_t valid; /* secure table: bit i set = page i validated */
};

struct teeio_plat_table {
	struct teeio_plat_map e[TEEIO_PLAT_MAX_MAPS];
};

struct teeio_plat_tvm {
	bool used;
	struct teeio_plat_table shared; /* the VMM's */
	struct teeio_plat_table secure; /* the TSM's */
};

/* An HPA range [base, base + size). */
struct teeio_plat_range {
	uint64_t base, size;
};

/*
 * A device (one or more functions) behind its own root port and link.  Its
 * functions own Requester IDs rid .. rid + n_rids - 1 (a PF and its VFs);
 * TLPs from its link naming any other requester are refused (ACS source
 * validation).  Config space is reached ECAM-style: offset
 * (routing ID - rid) << 12 | register, so function 0 is at 0.
 */
struct teeio_plat_dev_cfg {
	uint16_t rid; /* Requester ID of function 0 (bus/dev/fn) */
	uint16_t n_rids; /* Requester IDs it owns (0 is taken as 1) */
	struct teeio_cfg_ops cfg; /* its configuration space (ECAM offsets) */
	uint32_t doe_cap_off; /* function 0's DOE capability, 0: none */
	struct teeio_link *link; /* root port <-> device; NULL: no MMIO, no DMA */
	struct teeio_plat_range win[TEEIO_PLAT_MAX_WINDOWS]; /* MMIO it decodes */
	uint8_t n_win;
};

struct teeio_platform;

struct teeio_plat_dev {
	struct teeio_platform *plat; /* back pointer for the link receiver */
	bool used;
	struct teeio_plat_dev_cfg cfg;
	struct teeio_plat_table iommu; /* the VMM's DMA table (IOVA -> HPA), all functions */
	struct teeio_doe_host doe;
	bool doe_ready;
	/* The one outstanding MMIO read and its completion. */
	bool cpl_wait, cpl_done, cpl_t;
	uint16_t cpl_tag;
	uint8_t cpl_status;
	uint8_t *cpl_dst; /* the reader's buffer, during the read only */
	size_t cpl_off, cpl_len;
	uint16_t next_tag;
};

/* What a TSM records when it binds a TDI to a TVM (the secure device table). */
struct teeio_plat_binding {
	uint16_t rid; /* the TDI's Requester ID */
	uint8_t stream_id; /* the IDE stream its T=1 traffic must arrive on */
	uint8_t tvm; /* the TVM it is bound to */
	uint64_t dma_base; /* private GPA window for its DMA (canonical), */
	uint64_t dma_limit; /* inclusive */
	struct teeio_plat_range mmio[TEEIO_PLAT_MAX_TDI_MMIO]; /* its MMIO (HPA) */
	uint8_t n_mmio;
};

struct teeio_plat_dte {
	bool used, live;
	struct teeio_plat_binding b;
};

struct teeio_plat_vmm_view;

enum teeio_plat_verdict {
	TEEIO_PLAT_PASS = 0, /* go on unchanged */
	TEEIO_PLAT_MODIFIED, /* go on with what the hook changed */
	TEEIO_PLAT_DROP, /* swallow it: the sender sees a timeout/refusal */
};

enum teeio_plat_dir {
	TEEIO_PLAT_REQUEST = 0, /* TSM -> device, guest -> TSM */
	TEEIO_PLAT_RESPONSE = 1, /* device -> TSM, TSM -> guest */
};

/*
 * The malicious VMM's seat: one callback per boundary the VMM stands on.
 * Any may be NULL (pass).  Messages are changed in place (*len up to cap);
 * a replay is a hook that recorded an earlier message and writes it back.
 * Hooks get the VMM view and may use it (edit shared tables, remap MMIO,
 * write config space) while they run.
 */
struct teeio_plat_vmm_hooks {
	/* A DOE object the VMM relays between the TSM and device `dev`. */
	enum teeio_plat_verdict (*doe)(void *ctx, struct teeio_plat_vmm_view *vmm, unsigned dev,
				       enum teeio_plat_dir dir, uint8_t *msg, size_t *len,
				       size_t cap);
	/* A guest-host channel message the VMM relays for TVM `tvm`. */
	enum teeio_plat_verdict (*guest_msg)(void *ctx, struct teeio_plat_vmm_view *vmm,
					     unsigned tvm, enum teeio_plat_dir dir, uint8_t *msg,
					     size_t *len, size_t cap);
	/* A config write someone asked the VMM to make to device `dev`. */
	enum teeio_plat_verdict (*cfg_write)(void *ctx, struct teeio_plat_vmm_view *vmm,
					     unsigned dev, uint32_t off, uint32_t *val);
	/* A private MMIO mapping the TSM asked the VMM to install. */
	enum teeio_plat_verdict (*mmio_map)(void *ctx, struct teeio_plat_vmm_view *vmm,
					    unsigned tvm, uint64_t *gpa, uint64_t *hpa,
					    uint32_t *npages);
	/* A shared mapping a guest asked for (MapGPA): the VMM picks the HPA. */
	enum teeio_plat_verdict (*shared_map)(void *ctx, struct teeio_plat_vmm_view *vmm,
					      unsigned tvm, uint64_t *gpa, uint64_t *hpa,
					      uint32_t *npages);
	void *ctx;
};

/* The TSM's answer to a guest request: read req, append the response. */
typedef teeio_err (*teeio_plat_guest_handler)(void *ctx, unsigned tvm, const uint8_t *req,
					      size_t len, struct teeio_buf *rsp);

/* Fault accounting, for tests and traces. */
struct teeio_plat_fault_log {
	uint64_t count[TEEIO_PLAT_FAULT_COUNT];
	enum teeio_plat_fault last;
	uint64_t last_addr;
	uint16_t last_rid; /* DMA faults */
};

struct teeio_platform {
	struct teeio_plat_config cfg;
	size_t npages;
	struct teeio_plat_page page[TEEIO_PLAT_MAX_PAGES];
	struct teeio_plat_tvm tvm[TEEIO_PLAT_MAX_TVMS + 1]; /* [0] unused: the host */
	struct teeio_plat_dev dev[TEEIO_PLAT_MAX_DEVS];
	struct teeio_plat_dte dte[TEEIO_PLAT_MAX_BINDINGS];
	struct teeio_plat_vmm_hooks hooks;
	teeio_plat_guest_handler guest_handler;
	void *guest_handler_ctx;
	struct teeio_plat_fault_log faults;
	uint8_t doe_buf[TEEIO_PLAT_RELAY_MAX]; /* a relayed DOE request */
	uint8_t guest_buf[TEEIO_PLAT_RELAY_MAX]; /* a relayed guest request */
};

/* The views.  Thin handles; what matters is which functions take which. */
struct teeio_plat_vmm_view {
	struct teeio_platform *p;
};
struct teeio_plat_tsm_view {
	struct teeio_platform *p;
};
struct teeio_plat_guest_view {
	struct teeio_platform *p;
	unsigned tvm;
};

/* Where a translation led. */
struct teeio_plat_xlate {
	uint64_t hpa; /* the byte's host physical address */
	bool mmio; /* device MMIO (else RAM in the arena) */
	bool priv; /* through the secure table (T=1 for MMIO) */
	unsigned dev; /* MMIO: the device whose window claims hpa */
};

/* ------------------------------------------------------------------------ */
/* Platform.                                                                */

/**
 * Initialise `p` over cfg->arena: every page FREE and zeroed, no TVMs, no
 * devices.  TEEIO_ERR_USAGE for a bad shared bit, an unaligned hpa_base or
 * arena length, an empty arena or one beyond TEEIO_PLAT_MAX_PAGES.
 */
TEEIO_MUST_CHECK teeio_err teeio_plat_init(struct teeio_platform *p,
					   const struct teeio_plat_config *cfg);

/** The untrusted VMM's handle on `p`. */
struct teeio_plat_vmm_view teeio_plat_vmm(struct teeio_platform *p);
/** The TSM's handle on `p`. */
struct teeio_plat_tsm_view teeio_plat_tsm(struct teeio_platform *p);
/** TVM `tvm`'s handle on `p` (accesses fail with WRONG_TVM if it does not exist). */
struct teeio_plat_guest_view teeio_plat_guest(struct teeio_platform *p, unsigned tvm);

/**
 * The address a guest or device uses for canonical GPA `gpa`, private or
 * shared, in this platform's flavour (sets or clears the shared bit).
 */
uint64_t teeio_plat_gpa(const struct teeio_platform *p, uint64_t gpa, bool shared);
/** True when `gpa` selects the shared table in this platform's flavour. */
bool teeio_plat_gpa_is_shared(const struct teeio_platform *p, uint64_t gpa);

/** The record of the page holding `hpa`; TEEIO_ERR_USAGE_NOT_FOUND outside the arena. */
TEEIO_MUST_CHECK teeio_err teeio_plat_page_info(const struct teeio_platform *p, uint64_t hpa,
						struct teeio_plat_page *out);

/** Faults seen so far (counts, the last one). */
const struct teeio_plat_fault_log *teeio_plat_faults(const struct teeio_platform *p);

/* ------------------------------------------------------------------------ */
/* CPU translation and guest accesses.                                      */

/**
 * Translate a guest access of TVM `tvm` to `gpa`: a shared GPA through the
 * VMM's shared table (and never onto a private page), a private GPA
 * through the secure table (validated, and only onto a page this TVM owns
 * at this GPA).  Pure: nothing changes.
 */
enum teeio_plat_fault teeio_plat_cpu_translate(const struct teeio_platform *p, unsigned tvm,
					       uint64_t gpa, bool write,
					       struct teeio_plat_xlate *out);

/**
 * Guest load of `len` bytes at `gpa` (RAM: may span pages, all of them
 * translated before any byte moves; MMIO: within one page, at most
 * TEEIO_PLAT_MMIO_MAX bytes, sent to the device as a memory read over the
 * link, T=1 when private).  Faults are counted in the fault log.
 */
TEEIO_MUST_CHECK enum teeio_plat_fault teeio_plat_guest_read(const struct teeio_plat_guest_view *g,
							     uint64_t gpa, void *buf, size_t len);
/** Guest store; as teeio_plat_guest_read. */
TEEIO_MUST_CHECK enum teeio_plat_fault teeio_plat_guest_write(const struct teeio_plat_guest_view *g,
							      uint64_t gpa, const void *buf,
							      size_t len);

/**
 * Accept a pending private RAM page at private `gpa` (TDX ACCEPT / SEV
 * PVALIDATE).  FAULT_NOT_MAPPED when the secure table has no RAM there.
 */
TEEIO_MUST_CHECK enum teeio_plat_fault
teeio_plat_guest_accept(const struct teeio_plat_guest_view *g, uint64_t gpa);

/**
 * Validate the private MMIO page at private `gpa`: the secure table must
 * map it to `expect_hpa` (from the TDI's interface report), else
 * FAULT_MISMATCH and the page stays pending.  Until then, and again after
 * any remap, guest accesses fault with FAULT_UNVALIDATED.
 */
TEEIO_MUST_CHECK enum teeio_plat_fault
teeio_plat_guest_validate_mmio(const struct teeio_plat_guest_view *g, uint64_t gpa,
			       uint64_t expect_hpa);

/**
 * Send `req` to the TSM over the guest-host channel (relayed by the VMM:
 * its guest_msg hook sees both directions) and receive the answer into
 * rsp (*rsp_len: in capacity, out bytes).  TEEIO_ERR_TRANSPORT_TIMEOUT
 * when the VMM drops either direction, TEEIO_ERR_STATE without a TSM
 * handler, SIZE/SIZE_LIMIT when a message does not fit, or the handler's
 * error.  The channel's confidentiality is the TSM's and guest's business.
 */
TEEIO_MUST_CHECK teeio_err teeio_plat_guest_request(const struct teeio_plat_guest_view *g,
						    const uint8_t *req, size_t len, uint8_t *rsp,
						    size_t *rsp_len);

/**
 * Ask the VMM to back shared `gpa` (canonical) .. + npages with host
 * memory (MapGPA).  The VMM allocates host pages and maps them; its
 * shared_map hook may change what is mapped.  SIZE_LIMIT when host memory
 * or table entries run out.
 */
TEEIO_MUST_CHECK teeio_err teeio_plat_guest_map_shared(const struct teeio_plat_guest_view *g,
						       uint64_t gpa, uint32_t npages);

/* ------------------------------------------------------------------------ */
/* IOMMU and DMA.                                                           */

/* One DMA request as the root port sees it. */
struct teeio_plat_dma {
	uint16_t rid; /* Requester ID */
	bool t; /* T bit: from the TDI's TEE (only via IDE) */
	bool has_stream; /* arrived on an IDE stream */
	uint8_t stream_id;
	uint64_t addr; /* T=1: a private GPA; T=0: an IOVA */
	bool write;
};

/**
 * Translate the byte at req->addr.  T=1: only through the live secure
 * device table entry of (rid, stream) and the bound TVM's secure table,
 * only onto that TVM's validated private RAM inside the binding's window.
 * T=0: only through the VMM's table of the requester, never onto a private
 * page.  Pure.
 */
enum teeio_plat_fault teeio_plat_iommu_translate(const struct teeio_platform *p,
						 const struct teeio_plat_dma *req,
						 struct teeio_plat_xlate *out);

/**
 * Perform a DMA of `len` bytes (reads fill buf, writes take it).  Every
 * page is translated before any byte moves, so a faulting DMA changes
 * nothing.  Faults are counted.
 */
TEEIO_MUST_CHECK enum teeio_plat_fault
teeio_plat_dma(struct teeio_platform *p, const struct teeio_plat_dma *req, void *buf, size_t len);

/* ------------------------------------------------------------------------ */
/* The TSM (trusted).                                                       */

/** Create a TVM; *tvm receives its id (1..TEEIO_PLAT_MAX_TVMS). SIZE_LIMIT when full. */
TEEIO_MUST_CHECK teeio_err teeio_plat_tsm_tvm_create(struct teeio_plat_tsm_view *tsm,
						     unsigned *tvm);
/**
 * Destroy a TVM: unbind its TDIs, scrub and return its private pages to the
 * host, clear both its tables.  USAGE_NOT_FOUND for an unknown TVM.
 */
TEEIO_MUST_CHECK teeio_err teeio_plat_tsm_tvm_destroy(struct teeio_plat_tsm_view *tsm,
						      unsigned tvm);

/**
 * Make host pages hpa .. + npages private to `tvm` at canonical GPA `gpa`
 * (at most TEEIO_PLAT_SECURE_RUN pages): the pages are zeroed, recorded as
 * the TVM's, and mapped writable in its secure table, validated or pending
 * (`accepted` false: the guest must teeio_plat_guest_accept each page).
 * STATE when a page is already private, USAGE for addresses outside the
 * arena or GPA space, unaligned, or overlapping an existing mapping,
 * SIZE_LIMIT when the table is full.
 */
TEEIO_MUST_CHECK teeio_err teeio_plat_tsm_map_private(struct teeio_plat_tsm_view *tsm, unsigned tvm,
						      uint64_t gpa, uint64_t hpa, uint32_t npages,
						      bool accepted);
/**
 * Remove the secure mapping that starts at canonical `gpa`, scrub its pages
 * and give them back to the host.  USAGE_NOT_FOUND when nothing starts there.
 */
TEEIO_MUST_CHECK teeio_err teeio_plat_tsm_unmap(struct teeio_plat_tsm_view *tsm, unsigned tvm,
						uint64_t gpa);

/**
 * Record a TDI bound to a TVM in the secure device table.  Not live: T=1
 * DMA faults with NOT_LIVE until teeio_plat_tsm_dma_enable.  USAGE for an
 * unknown TVM or device, a bad window, STATE when the RID is bound already.
 */
TEEIO_MUST_CHECK teeio_err teeio_plat_tsm_bind(struct teeio_plat_tsm_view *tsm,
					       const struct teeio_plat_binding *b);
/** Let T=1 DMA of a bound RID through (after the guest's START). */
TEEIO_MUST_CHECK teeio_err teeio_plat_tsm_dma_enable(struct teeio_plat_tsm_view *tsm, uint16_t rid);
/**
 * Unbind: drop the secure device table entry of `rid` and every secure
 * MMIO mapping of its TVM into the TDI's MMIO ranges.  USAGE_NOT_FOUND
 * when not bound.
 */
TEEIO_MUST_CHECK teeio_err teeio_plat_tsm_unbind(struct teeio_plat_tsm_view *tsm, uint16_t rid);

/**
 * Ask the VMM to map the TDI MMIO at HPA `hpa` .. + npages into `tvm` at
 * private canonical `gpa` (its mmio_map hook may change the request).  The
 * platform installs it in the secure table PENDING, and only if it lies in
 * the MMIO ranges of a TDI bound to that TVM (STATE otherwise).
 */
TEEIO_MUST_CHECK teeio_err teeio_plat_tsm_mmio_map(struct teeio_plat_tsm_view *tsm, unsigned tvm,
						   uint64_t gpa, uint64_t hpa, uint32_t npages);

/** Install the TSM's handler for guest requests (NULL removes it). */
void teeio_plat_tsm_set_guest_handler(struct teeio_plat_tsm_view *tsm, teeio_plat_guest_handler fn,
				      void *ctx);

/**
 * One DOE exchange with device `dev` relayed by the VMM: its doe hook sees
 * the request and the response object, and its config accesses go through
 * the cfg_write hook.  *rsp_len: in capacity, out bytes.  Errors:
 * TRANSPORT_TIMEOUT when the VMM drops a message, USAGE_NOT_FOUND when the
 * device has no DOE mailbox, SIZE_LIMIT beyond TEEIO_PLAT_RELAY_MAX, or
 * the mailbox driver's (teeio_doe_host_exchange).
 */
TEEIO_MUST_CHECK teeio_err teeio_plat_tsm_doe_exchange(struct teeio_plat_tsm_view *tsm,
						       unsigned dev, const uint8_t *req, size_t len,
						       uint8_t *rsp, size_t *rsp_len);

/** Config read of device `dev`, by the VMM on the TSM's behalf. */
TEEIO_MUST_CHECK teeio_err teeio_plat_tsm_cfg_read(struct teeio_plat_tsm_view *tsm, unsigned dev,
						   uint32_t off, uint32_t *val);
/** Config write of device `dev`, by the VMM on the TSM's behalf (cfg_write hook). */
TEEIO_MUST_CHECK teeio_err teeio_plat_tsm_cfg_write(struct teeio_plat_tsm_view *tsm, unsigned dev,
						    uint32_t off, uint32_t val);

/* ------------------------------------------------------------------------ */
/* The VMM (untrusted).                                                     */

/** Install the VMM's hooks (NULL: an honest VMM). */
void teeio_plat_vmm_set_hooks(struct teeio_plat_vmm_view *vmm,
			      const struct teeio_plat_vmm_hooks *hooks);

/**
 * Attach a device function behind a root port; *dev receives its index.
 * The platform becomes the root-port-side receiver of cfg->link.  USAGE for
 * a window overlapping the arena or another device, a duplicate RID or
 * missing config accessors; SIZE_LIMIT when full.
 */
TEEIO_MUST_CHECK teeio_err teeio_plat_vmm_attach(struct teeio_plat_vmm_view *vmm,
						 const struct teeio_plat_dev_cfg *cfg,
						 unsigned *dev);

/** Take `npages` contiguous FREE pages for host use; *hpa their start. SIZE_LIMIT if none. */
TEEIO_MUST_CHECK teeio_err teeio_plat_vmm_page_alloc(struct teeio_plat_vmm_view *vmm,
						     uint32_t npages, uint64_t *hpa);
/** Return host pages to FREE.  STATE when one is not a HOST page. */
TEEIO_MUST_CHECK teeio_err teeio_plat_vmm_page_free(struct teeio_plat_vmm_view *vmm, uint64_t hpa,
						    uint32_t npages);

/** Host read of arena memory; PRIVATE_FROM_SHARED when a page is private. */
TEEIO_MUST_CHECK enum teeio_plat_fault teeio_plat_vmm_read(const struct teeio_plat_vmm_view *vmm,
							   uint64_t hpa, void *buf, size_t len);
/** Host write of arena memory; as teeio_plat_vmm_read. */
TEEIO_MUST_CHECK enum teeio_plat_fault teeio_plat_vmm_write(const struct teeio_plat_vmm_view *vmm,
							    uint64_t hpa, const void *buf,
							    size_t len);

/**
 * Map canonical `gpa` .. + npages of TVM `tvm`'s shared space onto `hpa`
 * (arena RAM or a device window).  The VMM may name any such HPA,
 * private pages included: the CPU refuses those at access time.  USAGE for
 * unaligned or out-of-range addresses or an overlap, SIZE_LIMIT when full.
 */
TEEIO_MUST_CHECK teeio_err teeio_plat_vmm_map_shared(struct teeio_plat_vmm_view *vmm, unsigned tvm,
						     uint64_t gpa, uint64_t hpa, uint32_t npages,
						     bool writable);
/** Remove the shared mapping starting at `gpa`.  USAGE_NOT_FOUND if none. */
TEEIO_MUST_CHECK teeio_err teeio_plat_vmm_unmap_shared(struct teeio_plat_vmm_view *vmm,
						       unsigned tvm, uint64_t gpa);

/** Map IOVA `iova` .. + npages of device `dev` onto arena `hpa` (T=0 DMA). */
TEEIO_MUST_CHECK teeio_err teeio_plat_vmm_iommu_map(struct teeio_plat_vmm_view *vmm, unsigned dev,
						    uint64_t iova, uint64_t hpa, uint32_t npages,
						    bool writable);
/** Remove the device mapping starting at `iova`.  USAGE_NOT_FOUND if none. */
TEEIO_MUST_CHECK teeio_err teeio_plat_vmm_iommu_unmap(struct teeio_plat_vmm_view *vmm, unsigned dev,
						      uint64_t iova);

/**
 * Move the private MMIO page at canonical `gpa` of `tvm` to `new_hpa`
 * (which must stay inside a TDI range bound to that TVM; STATE otherwise).
 * The page turns PENDING: the guest's next access faults until it
 * validates again.
 */
TEEIO_MUST_CHECK teeio_err teeio_plat_vmm_mmio_remap(struct teeio_plat_vmm_view *vmm, unsigned tvm,
						     uint64_t gpa, uint64_t new_hpa);

/** Config read of device `dev` (USAGE_NOT_FOUND for an unknown device). */
TEEIO_MUST_CHECK teeio_err teeio_plat_vmm_cfg_read(struct teeio_plat_vmm_view *vmm, unsigned dev,
						   uint32_t off, uint32_t *val);
/** Config write of device `dev` (the VMM's own: no hook). */
TEEIO_MUST_CHECK teeio_err teeio_plat_vmm_cfg_write(struct teeio_plat_vmm_view *vmm, unsigned dev,
						    uint32_t off, uint32_t val);

/* ------------------------------------------------------------------------ */
/* SPDM over the VMM's DOE relay.                                           */

/*
 * A requester carrier (struct teeio_spdm_io) from the TSM to device `dev`:
 * each SPDM message or secured record goes out as one DOE object through
 * teeio_plat_tsm_doe_exchange -- so the VMM's doe and cfg_write hooks see
 * every byte -- and the answer must come back as the same kind.  Give the
 * requester the DOE binding and padding (teeio_spdm_io_binding,
 * teeio_spdm_io_max_pad with TEEIO_TRANS_PCI_DOE).
 */
struct teeio_plat_spdm_io {
	struct teeio_plat_tsm_view tsm;
	unsigned dev;
	uint64_t exchanges;
	uint8_t tx[TEEIO_SPDM_IO_FRAME_MAX];
	uint8_t rx[TEEIO_SPDM_IO_FRAME_MAX];
};

/** The carrier to device `dev` of the platform behind `tsm`. */
struct teeio_spdm_io teeio_plat_spdm_io(struct teeio_plat_spdm_io *io,
					const struct teeio_plat_tsm_view *tsm, unsigned dev);

/* ------------------------------------------------------------------------ */
/* A teeio DSM device on the device end of a link.                          */

/*
 * Glue between a struct teeio_dsm_dev and the endpoint side of its link:
 * memory requests arriving over the link reach the device's BARs
 * (teeio_dsm_mmio_read/write, with the T bit and IDE stream they arrived
 * with; split into the naturally aligned 1/2/4/8-byte accesses the device
 * takes, a refusal answered Unsupported Request), and the device's DMA
 * engine leaves as memory request TLPs up the link (T=1 only over a
 * Secure IDE stream: the endpoint's IDE port refuses otherwise).  Config
 * space is the device's, ECAM-style for teeio_plat_dev_cfg.cfg.
 */
struct teeio_plat_dsm_ep {
	struct teeio_dsm_dev *dev;
	struct teeio_link *link;
	bool in_rx; /* inside a delivery from the link */
	bool cpl_wait, cpl_done, cpl_t;
	uint16_t cpl_tag, cpl_rid, next_tag;
	uint8_t cpl_status;
	uint8_t *cpl_dst; /* the DMA reader's buffer, during the read only */
	size_t cpl_off, cpl_len;
	uint64_t mmio_ur; /* MMIO requests the device refused */
};

/**
 * Put `dev` on the endpoint side of `link` (it becomes the link's
 * endpoint receiver; NULL: config space only, no MMIO, no DMA).  The DMA ops (teeio_plat_dsm_ep_dma) may be taken
 * before this call, to hand them to teeio_dsm_dev_init.
 */
void teeio_plat_dsm_ep_init(struct teeio_plat_dsm_ep *ep, struct teeio_dsm_dev *dev,
			    struct teeio_link *link);

/**
 * DMA ops for the device: each request becomes memory request TLPs (split
 * at 4 KiB boundaries) from the function's Requester ID with its T bit.
 * Writes are posted (an IOMMU fault is not reported back); a read returns
 * TEEIO_ERR_PROTO_PEER_ERROR when the root port answers UR,
 * TEEIO_ERR_TRANSPORT_TIMEOUT without a completion, and TEEIO_ERR_STATE
 * when issued from inside a link delivery (a read cannot wait there).
 */
struct teeio_dsm_dma_ops teeio_plat_dsm_ep_dma(struct teeio_plat_dsm_ep *ep);

/** Config accessors of the device for teeio_plat_dev_cfg.cfg (ECAM offsets). */
struct teeio_cfg_ops teeio_plat_dsm_ep_cfg(struct teeio_plat_dsm_ep *ep);

#ifdef __cplusplus
}
#endif
#endif /* TEEIO_PLATFORM_H */
