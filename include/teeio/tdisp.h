/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio/tdisp.h - PCIe TDISP (TEE Device Interface Security Protocol, PCIe
 * Base 6.x section 11): the message codec, the TDI state machine, a strict
 * responder (device side, DSM) and a requester (host side, TSM).
 *
 * TDISP messages are SPDM vendor-defined messages (StandardID 3 PCI-SIG,
 * VendorID 0x0001, protocol ID 1), valid only inside a secured session.
 * A "payload" below is the vendor-defined payload starting at the protocol
 * ID byte; a "message" starts one byte later, at the TDISP version byte
 * (the 16-byte TDISP header: version, type, reserved u16, interface ID).
 *
 *   GET_TDISP_VERSION            -> TDISP_VERSION
 *   GET_TDISP_CAPABILITIES       -> TDISP_CAPABILITIES
 *   LOCK_INTERFACE_REQUEST       -> LOCK_INTERFACE_RESPONSE (START nonce)
 *   GET_DEVICE_INTERFACE_REPORT  -> DEVICE_INTERFACE_REPORT (a portion)
 *   GET_DEVICE_INTERFACE_STATE   -> DEVICE_INTERFACE_STATE
 *   START_INTERFACE_REQUEST      -> START_INTERFACE_RESPONSE
 *   STOP_INTERFACE_REQUEST       -> STOP_INTERFACE_RESPONSE
 *   BIND_P2P / UNBIND_P2P_STREAM -> BIND / UNBIND_P2P_STREAM_RESPONSE
 *   SET_MMIO_ATTRIBUTE_REQUEST   -> SET_MMIO_ATTRIBUTE_RESPONSE
 *   VDM_REQUEST                  -> VDM_RESPONSE
 *   any request                  -> TDISP_ERROR
 *
 * The state of one TDI (a PF or VF as a TEE device interface) is a small
 * caller-owned struct teeio_tdisp_tdi; the MMIO ranges of its report are
 * referenced from the device profile, never copied.  The responder is a
 * pure function over a caller-owned table of TDIs; device policy (IDE
 * stream state, configuration checks, scrubbing) comes in through struct
 * teeio_tdisp_dev_ops.  Nothing here allocates and nothing is global.
 *
 * Facts are from the public DMTF libspdm include/industry_standard/
 * pci_tdisp.h and the spdm-emu TDISP libraries; the PCIe text itself is
 * members-only, see docs/tdisp.md and docs/assumptions.md.
 */
#ifndef TEEIO_TDISP_H
#define TEEIO_TDISP_H

#include "teeio/common.h"
#include "teeio/crypto.h"
#include "teeio/spdm.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TEEIO_TDISP_PROTOCOL_ID 1 /* == TEEIO_SPDM_PCI_PROTO_TDISP       */
#define TEEIO_TDISP_VERSION_10 0x10 /* TDISP 1.0: major 7:4, minor 3:0    */
#define TEEIO_TDISP_NONCE_LEN 32 /* START_INTERFACE nonce              */
#define TEEIO_TDISP_HDR_LEN 16 /* TDISP header, protocol ID excluded */
#define TEEIO_TDISP_PAGE_SHIFT 12 /* report/MMIO ranges are in 4 KiB pages */
#define TEEIO_TDISP_RANGES_MAX 64 /* MMIO ranges of one TDI             */
#define TEEIO_TDISP_VERSIONS_MAX 8 /* versions a TDISP_VERSION may list  */
#define TEEIO_TDISP_MSG_MAX 4096 /* largest payload the requester handles */

/* Request and response codes (pci_tdisp.h PCI_TDISP_*). */
enum teeio_tdisp_code {
	TEEIO_TDISP_VERSION = 0x01,
	TEEIO_TDISP_CAPABILITIES = 0x02,
	TEEIO_TDISP_LOCK_INTERFACE_RSP = 0x03,
	TEEIO_TDISP_DEVICE_INTERFACE_REPORT = 0x04,
	TEEIO_TDISP_DEVICE_INTERFACE_STATE = 0x05,
	TEEIO_TDISP_START_INTERFACE_RSP = 0x06,
	TEEIO_TDISP_STOP_INTERFACE_RSP = 0x07,
	TEEIO_TDISP_BIND_P2P_STREAM_RSP = 0x08,
	TEEIO_TDISP_UNBIND_P2P_STREAM_RSP = 0x09,
	TEEIO_TDISP_SET_MMIO_ATTRIBUTE_RSP = 0x0A,
	TEEIO_TDISP_VDM_RSP = 0x0B,
	TEEIO_TDISP_ERROR = 0x7F,
	TEEIO_TDISP_GET_VERSION = 0x81,
	TEEIO_TDISP_GET_CAPABILITIES = 0x82,
	TEEIO_TDISP_LOCK_INTERFACE_REQ = 0x83,
	TEEIO_TDISP_GET_DEVICE_INTERFACE_REPORT = 0x84,
	TEEIO_TDISP_GET_DEVICE_INTERFACE_STATE = 0x85,
	TEEIO_TDISP_START_INTERFACE_REQ = 0x86,
	TEEIO_TDISP_STOP_INTERFACE_REQ = 0x87,
	TEEIO_TDISP_BIND_P2P_STREAM_REQ = 0x88,
	TEEIO_TDISP_UNBIND_P2P_STREAM_REQ = 0x89,
	TEEIO_TDISP_SET_MMIO_ATTRIBUTE_REQ = 0x8A,
	TEEIO_TDISP_VDM_REQ = 0x8B,
};

/* TDISP_ERROR ErrorCode (pci_tdisp.h PCI_TDISP_ERROR_CODE_*; 0xFF from
 * other public implementations). */
enum teeio_tdisp_errcode {
	TEEIO_TDISP_ERR_NONE = 0x0000, /* not on the wire: success */
	TEEIO_TDISP_ERR_INVALID_REQUEST = 0x0001,
	TEEIO_TDISP_ERR_BUSY = 0x0003,
	TEEIO_TDISP_ERR_INVALID_INTERFACE_STATE = 0x0004,
	TEEIO_TDISP_ERR_UNSPECIFIED = 0x0005,
	TEEIO_TDISP_ERR_UNSUPPORTED_REQUEST = 0x0007,
	TEEIO_TDISP_ERR_VERSION_MISMATCH = 0x0041,
	TEEIO_TDISP_ERR_VENDOR_SPECIFIC = 0x00FF,
	TEEIO_TDISP_ERR_INVALID_INTERFACE = 0x0101,
	TEEIO_TDISP_ERR_INVALID_NONCE = 0x0102,
	TEEIO_TDISP_ERR_INSUFFICIENT_ENTROPY = 0x0103,
	TEEIO_TDISP_ERR_INVALID_DEVICE_CONFIGURATION = 0x0104,
};

/* TDI states (DEVICE_INTERFACE_STATE TDI_STATE). */
enum teeio_tdisp_state {
	TEEIO_TDISP_CONFIG_UNLOCKED = 0,
	TEEIO_TDISP_CONFIG_LOCKED = 1,
	TEEIO_TDISP_RUN = 2,
	TEEIO_TDISP_STATE_ERROR = 3,
};
#define TEEIO_TDISP_STATE_COUNT 4

/* LOCK_INTERFACE_REQUEST Flags (PCI_TDISP_LOCK_INTERFACE_FLAGS_*). */
#define TEEIO_TDISP_LOCK_NO_FW_UPDATE 0x0001
#define TEEIO_TDISP_LOCK_SYSTEM_CACHE_LINE_SIZE 0x0002
#define TEEIO_TDISP_LOCK_MSIX 0x0004
#define TEEIO_TDISP_LOCK_BIND_P2P 0x0008
#define TEEIO_TDISP_LOCK_ALL_REQUEST_REDIRECT 0x0010
#define TEEIO_TDISP_LOCK_FLAGS_ALL 0x001F

/* MMIO range attributes, low 16 bits (PCI_TDISP_MMIO_RANGE_ATTRIBUTES_*);
 * the range ID is the high 16 bits of the same DWORD. */
#define TEEIO_TDISP_RANGE_MSIX_TABLE 0x0001
#define TEEIO_TDISP_RANGE_MSIX_PBA 0x0002
#define TEEIO_TDISP_RANGE_NON_TEE 0x0004
#define TEEIO_TDISP_RANGE_ATTR_UPDATABLE 0x0008
#define TEEIO_TDISP_RANGE_ATTRS_ALL 0x000F

/* Interface report INTERFACE_INFO (PCI_TDISP_INTERFACE_INFO_*). */
#define TEEIO_TDISP_INFO_NO_FW_UPDATE 0x0001
#define TEEIO_TDISP_INFO_DMA_WITHOUT_PASID 0x0002
#define TEEIO_TDISP_INFO_DMA_WITH_PASID 0x0004
#define TEEIO_TDISP_INFO_ATS 0x0008
#define TEEIO_TDISP_INFO_PRS 0x0010
#define TEEIO_TDISP_INFO_ALL 0x001F

/* ------------------------------------------------------------------------ */
/* Interface IDs.                                                           */

/**
 * The FUNCTION_ID of an interface ID: requester ID (bus/device/function)
 * in bits 15:0, requester segment in 23:16, segment-valid in bit 24.
 * A segment other than 0 sets the valid bit.
 */
uint32_t teeio_tdisp_function_id(uint16_t requester_id, uint8_t segment, bool segment_valid);
/**
 * True when `function_id` is well formed: bits 31:25 clear and no segment
 * without its valid bit.
 */
bool teeio_tdisp_function_id_ok(uint32_t function_id);

/* ------------------------------------------------------------------------ */
/* Codec.                                                                   */

struct teeio_tdisp_caps {
	uint32_t dsm_caps;
	uint8_t req_msgs[16]; /* bit n: request code 0x80 + n supported */
	uint16_t lock_flags; /* TEEIO_TDISP_LOCK_* supported           */
	uint8_t dev_addr_width;
	uint8_t num_req_this;
	uint8_t num_req_all;
};

struct teeio_tdisp_lock_params {
	uint16_t flags; /* TEEIO_TDISP_LOCK_* */
	uint8_t default_stream_id;
	uint64_t mmio_reporting_offset;
	uint64_t p2p_addr_mask;
};

/* One MMIO_RANGE as on the wire (report entry, SET_MMIO_ATTRIBUTE). */
struct teeio_tdisp_mmio_range {
	uint64_t first_page; /* 4 KiB page number, reporting offset added */
	uint32_t num_pages;
	uint16_t attrs; /* TEEIO_TDISP_RANGE_* */
	uint16_t range_id;
};

/* Vendor-defined part: VDM request/response body, or TDISP_ERROR extended
 * error data.  Pointers borrow from the decoded input. */
struct teeio_tdisp_vdm {
	uint8_t registry_id; /* 0 PCI-SIG, 1 CXL */
	uint8_t vendor_id_len;
	const uint8_t *vendor_id;
	const uint8_t *data;
	size_t data_len;
};

/*
 * A decoded TDISP message.  `u` holds the body named by `code`; pointers
 * borrow from the input buffer.  A nonce copy lives in u.nonce: wipe the
 * struct when done with a LOCK response or START request.
 */
struct teeio_tdisp_msg {
	uint8_t version;
	uint8_t code;
	uint32_t function_id;
	union {
		uint32_t tsm_caps; /* GET_TDISP_CAPABILITIES */
		struct {
			uint8_t count;
			const uint8_t *list;
		} versions; /* TDISP_VERSION */
		struct teeio_tdisp_caps caps; /* TDISP_CAPABILITIES */
		struct teeio_tdisp_lock_params lock; /* LOCK_INTERFACE_REQUEST */
		uint8_t nonce[TEEIO_TDISP_NONCE_LEN]; /* LOCK_INTERFACE_RSP, START */
		struct {
			uint16_t offset, length;
		} get_report; /* GET_DEVICE_INTERFACE_REPORT */
		struct {
			uint16_t portion_len, remainder_len;
			const uint8_t *portion;
		} report; /* DEVICE_INTERFACE_REPORT */
		uint8_t state; /* DEVICE_INTERFACE_STATE */
		uint8_t p2p_stream_id; /* (UN)BIND_P2P_STREAM_REQUEST */
		struct teeio_tdisp_mmio_range mmio; /* SET_MMIO_ATTRIBUTE_REQUEST */
		struct teeio_tdisp_vdm vdm; /* VDM_REQUEST / VDM_RESPONSE */
		struct {
			uint32_t code, data;
			bool has_ext; /* extended data: VENDOR_SPECIFIC only */
			struct teeio_tdisp_vdm ext;
		} error; /* TDISP_ERROR */
	} u;
};

/**
 * Decode a whole TDISP message (from the version byte).  Strict: reserved
 * fields zero, no trailing bytes, lengths consistent, known code.  Any
 * version byte is accepted (callers check it).  Errors: SIZE_TRUNCATED,
 * SIZE_TRAILING, PROTO_RESERVED, PROTO_UNSUPPORTED (unknown code), PROTO.
 */
TEEIO_MUST_CHECK teeio_err teeio_tdisp_decode(const uint8_t *msg, size_t len,
					      struct teeio_tdisp_msg *m);
/** Decode a vendor-defined payload: protocol ID 1, then the message. */
TEEIO_MUST_CHECK teeio_err teeio_tdisp_decode_payload(const uint8_t *payload, size_t len,
						      struct teeio_tdisp_msg *m);
/**
 * Append the TDISP message `m` (from the version byte) at b.  Errors: SIZE,
 * USAGE (unknown code, a field that cannot be encoded).
 */
TEEIO_MUST_CHECK teeio_err teeio_tdisp_encode(const struct teeio_tdisp_msg *m, struct teeio_buf *b);
/** Append protocol ID 1 and the message `m`. */
TEEIO_MUST_CHECK teeio_err teeio_tdisp_encode_payload(const struct teeio_tdisp_msg *m,
						      struct teeio_buf *b);
/** Stable name of a code ("LOCK_INTERFACE_REQUEST"), "?" if unknown. */
const char *teeio_tdisp_code_name(uint8_t code);
/** Stable name of a TDISP error code ("INVALID_NONCE"), "?" if unknown. */
const char *teeio_tdisp_errcode_name(uint32_t code);
/** Stable name of a TDI state ("CONFIG_LOCKED"), "?" if unknown. */
const char *teeio_tdisp_state_name(uint8_t state);

/* ------------------------------------------------------------------------ */
/* Interface reports.                                                       */

/* One MMIO range of a TDI in the device profile (not on the wire). */
struct teeio_tdisp_range {
	uint64_t addr; /* host physical address, 4 KiB aligned       */
	uint32_t pages; /* 4 KiB pages                                */
	uint16_t attrs; /* TEEIO_TDISP_RANGE_*                        */
	uint16_t range_id;
};

/* What a TDI reports; owned by the device profile, referenced by TDIs. */
struct teeio_tdisp_report {
	uint16_t interface_info; /* TEEIO_TDISP_INFO_* */
	uint16_t msix_msg_ctrl;
	uint16_t lnr_ctrl;
	uint32_t tph_ctrl;
	const struct teeio_tdisp_range *ranges;
	uint16_t n_ranges; /* <= TEEIO_TDISP_RANGES_MAX */
	const uint8_t *dev_info;
	uint32_t dev_info_len;
};

/* A parsed DEVICE_INTERFACE_REPORT structure; ranges stay in the buffer. */
struct teeio_tdisp_report_view {
	uint16_t interface_info;
	uint16_t msix_msg_ctrl;
	uint16_t lnr_ctrl;
	uint32_t tph_ctrl;
	uint32_t n_ranges;
	const uint8_t *ranges; /* n_ranges * 16 bytes */
	const uint8_t *dev_info;
	uint32_t dev_info_len;
};

/**
 * Parse a whole interface report (as reassembled by the requester).
 * Strict: reserved fields and bits zero, exact length.  Errors:
 * SIZE_TRUNCATED, SIZE_TRAILING, PROTO_RESERVED.
 */
TEEIO_MUST_CHECK teeio_err teeio_tdisp_report_parse(const uint8_t *rep, size_t len,
						    struct teeio_tdisp_report_view *v);
/** Range `i` (< v->n_ranges) of a parsed report. */
void teeio_tdisp_report_range(const struct teeio_tdisp_report_view *v, uint32_t i,
			      struct teeio_tdisp_mmio_range *out);

/* ------------------------------------------------------------------------ */
/* TDIs and their state machine.                                            */

/*
 * Events of the TDI state machine: the TDISP requests, then what happens
 * to the device.  The device events come in through teeio_tdisp_event.
 */
enum teeio_tdisp_event {
	TEEIO_TDISP_EV_GET_VERSION = 0,
	TEEIO_TDISP_EV_GET_CAPABILITIES,
	TEEIO_TDISP_EV_LOCK,
	TEEIO_TDISP_EV_GET_REPORT,
	TEEIO_TDISP_EV_GET_STATE,
	TEEIO_TDISP_EV_START,
	TEEIO_TDISP_EV_STOP,
	TEEIO_TDISP_EV_BIND_P2P,
	TEEIO_TDISP_EV_UNBIND_P2P,
	TEEIO_TDISP_EV_SET_MMIO_ATTR,
	TEEIO_TDISP_EV_VDM,
	/* device events (first: TEEIO_TDISP_EV_DEVICE_FIRST) */
	TEEIO_TDISP_EV_CFG_BAR, /* BAR written                         */
	TEEIO_TDISP_EV_CFG_MSE, /* Memory Space Enable changed         */
	TEEIO_TDISP_EV_CFG_BME, /* Bus Master Enable changed           */
	TEEIO_TDISP_EV_CFG_MSIX, /* MSI-X capability/table written      */
	TEEIO_TDISP_EV_CFG_VF, /* SR-IOV VF configuration changed     */
	TEEIO_TDISP_EV_FLR, /* function-level reset                */
	TEEIO_TDISP_EV_RESET, /* device (conventional) reset         */
	TEEIO_TDISP_EV_IDE_INSECURE, /* the TDI's IDE stream left Secure    */
	TEEIO_TDISP_EV_SESSION_END, /* the SPDM session ended              */
	TEEIO_TDISP_EV_INTEGRITY, /* internal integrity error            */
	TEEIO_TDISP_EV_COUNT
};
#define TEEIO_TDISP_EV_DEVICE_FIRST TEEIO_TDISP_EV_CFG_BAR

/*
 * One TDI.  Caller-owned, small (112 bytes on LP64), no pointers into
 * itself.  `report` points at the device profile's report description.
 * Fields are the responder's; read them, do not write them.
 */
struct teeio_tdisp_tdi {
	const struct teeio_tdisp_report *report;
	uint64_t mmio_offset; /* MMIO reporting offset from LOCK         */
	uint64_t p2p_addr_mask; /* bind P2P address mask from LOCK         */
	uint64_t non_tee_flip; /* bit i: range i's NON_TEE attribute toggled
				 * by SET_MMIO_ATTRIBUTE                   */
	uint32_t function_id;
	uint32_t p2p_bound[8]; /* bitmap of bound P2P stream IDs          */
	uint8_t nonce[TEEIO_TDISP_NONCE_LEN];
	uint16_t lock_flags;
	uint8_t state; /* enum teeio_tdisp_state                  */
	uint8_t default_stream; /* IDE stream ID from LOCK                 */
	uint8_t error_cause; /* enum teeio_tdisp_event that entered ERROR */
	bool nonce_valid; /* a START nonce is outstanding            */
};

/**
 * Initialise `tdi` in CONFIG_UNLOCKED for `function_id`, reporting
 * `report` (kept by reference; may be NULL until the first LOCK).
 * Errors: USAGE (malformed function ID, too many ranges).
 */
TEEIO_MUST_CHECK teeio_err teeio_tdisp_tdi_init(struct teeio_tdisp_tdi *tdi, uint32_t function_id,
						const struct teeio_tdisp_report *report);

/* The access decision for one memory request to a TDI. */
enum teeio_tdisp_access {
	TEEIO_TDISP_ALLOW = 0,
	TEEIO_TDISP_UR = 1, /* complete with Unsupported Request */
};

/**
 * Should the TDI accept a memory request to `addr` (host physical) with
 * T bit `is_t`, received over IDE stream `stream_id` (ignored for T=0)?
 * In RUN a private range (one not NON_TEE) takes only T=1 over the
 * default stream or a bound P2P stream; T=0 there is UR.  CONFIG_UNLOCKED
 * is a legacy device: T=0 everywhere, T=1 never.  CONFIG_LOCKED and ERROR
 * refuse T=1 and keep private ranges closed.  Addresses outside every
 * range are not this TDI's to refuse (ALLOW).  Pure; never fails.
 */
enum teeio_tdisp_access teeio_tdisp_tdi_access(const struct teeio_tdisp_tdi *tdi, uint64_t addr,
					       bool is_t, uint8_t stream_id);

/** True when `stream_id` is the TDI's default stream or a bound P2P stream. */
bool teeio_tdisp_tdi_uses_stream(const struct teeio_tdisp_tdi *tdi, uint8_t stream_id);

/* ------------------------------------------------------------------------ */
/* Responder (device side).                                                 */

/*
 * What the device model provides.  Called synchronously from
 * teeio_tdisp_rsp_handle / teeio_tdisp_event on the caller's thread; no
 * call may re-enter the responder.  Codes returned are TDISP error codes
 * (TEEIO_TDISP_ERR_NONE for success), sent back as TDISP_ERROR.
 */
struct teeio_tdisp_dev_ops {
	/* Is IDE stream `stream_id` of this TDI's port keyed and Secure? */
	bool (*ide_stream_secure)(void *dev, const struct teeio_tdisp_tdi *tdi, uint8_t stream_id);
	/* May `tdi` be locked with `p` now (BARs, MSE, MSI-X, VFs ...)?
	 * Typically INVALID_DEVICE_CONFIGURATION or BUSY when not. */
	uint32_t (*config_valid)(void *dev, const struct teeio_tdisp_tdi *tdi,
				 const struct teeio_tdisp_lock_params *p);
	/* Scrub every TVM secret the TDI holds (STOP from LOCKED, RUN, ERROR). */
	void (*scrub)(void *dev, struct teeio_tdisp_tdi *tdi);
	/* Optional: told after every state change. */
	void (*state_changed)(void *dev, struct teeio_tdisp_tdi *tdi, enum teeio_tdisp_state from,
			      enum teeio_tdisp_state to);
	/* Optional (NULL: VDM_REQUEST unsupported): answer a VDM; write the
	 * vendor data of the response into rsp (*rsp_len: in capacity, out
	 * used). */
	uint32_t (*vdm)(void *dev, struct teeio_tdisp_tdi *tdi, const struct teeio_tdisp_vdm *req,
			uint8_t *rsp, size_t *rsp_len);
};

struct teeio_tdisp_rsp_config {
	const struct teeio_crypto_ops *crypto; /* random() for START nonces */
	const struct teeio_tdisp_dev_ops *ops;
	void *dev; /* first argument of every op       */
	struct teeio_tdisp_tdi *tdis; /* caller-owned TDI table           */
	size_t n_tdis;
	uint32_t dsm_caps;
	uint16_t lock_flags; /* TEEIO_TDISP_LOCK_* supported      */
	uint8_t dev_addr_width;
	uint8_t num_req_this;
	uint8_t num_req_all;
	uint16_t portion_max; /* report bytes per response; 0: as
					* many as fit                       */
	const struct teeio_log *log; /* may be NULL                      */
};

struct teeio_tdisp_rsp {
	struct teeio_tdisp_rsp_config cfg;
};

/**
 * Initialise a responder over cfg->tdis (already teeio_tdisp_tdi_init'ed).
 * Errors: USAGE (missing ops, crypto or TDIs; duplicate function IDs).
 */
TEEIO_MUST_CHECK teeio_err teeio_tdisp_rsp_init(struct teeio_tdisp_rsp *r,
						const struct teeio_tdisp_rsp_config *cfg);

/**
 * Answer one TDISP request.  `req` is the vendor-defined payload from the
 * protocol ID byte; the response payload (protocol ID included) goes to
 * rsp, *rsp_len: in capacity, out used.  Every malformed or refused
 * request gets a TDISP_ERROR response and TEEIO_OK.  Errors: STATE_NO_SESSION
 * (outside a secured session: no response), PROTO (not protocol ID 1),
 * SIZE (rsp cannot hold even an error).
 */
TEEIO_MUST_CHECK teeio_err teeio_tdisp_rsp_handle(struct teeio_tdisp_rsp *r, bool in_session,
						  const uint8_t *req, size_t req_len, uint8_t *rsp,
						  size_t *rsp_len);

/**
 * teeio_spdm_vendor_fn adapter (ctx: struct teeio_tdisp_rsp *): payloads
 * without the protocol ID byte, as the SPDM responder's registry passes them.
 */
TEEIO_MUST_CHECK teeio_err teeio_tdisp_rsp_vendor(void *ctx,
						  const struct teeio_spdm_vendor_session *s,
						  const uint8_t *req, size_t req_len, uint8_t *rsp,
						  size_t *rsp_len);

/** The vendor-defined registration that routes TDISP to `r`. */
struct teeio_spdm_vendor_handler teeio_tdisp_rsp_registration(struct teeio_tdisp_rsp *r);

/**
 * Deliver a device event (>= TEEIO_TDISP_EV_DEVICE_FIRST) to `tdi`, or to
 * every TDI of the responder when tdi is NULL.  Config writes, resets,
 * the session ending, IDE leaving Secure and integrity errors move a
 * CONFIG_LOCKED or RUN TDI to ERROR (an MSI-X write only when LOCK_MSIX
 * was requested).  Errors: USAGE (a message event or unknown event).
 */
TEEIO_MUST_CHECK teeio_err teeio_tdisp_event(struct teeio_tdisp_rsp *r, struct teeio_tdisp_tdi *tdi,
					     enum teeio_tdisp_event ev);

/**
 * IDE stream `stream_id` left Secure: TEEIO_TDISP_EV_IDE_INSECURE to every
 * TDI that uses it (default stream or bound P2P stream).
 */
void teeio_tdisp_stream_insecure(struct teeio_tdisp_rsp *r, uint8_t stream_id);

/** The TDI with `function_id`, or NULL. */
struct teeio_tdisp_tdi *teeio_tdisp_rsp_find(struct teeio_tdisp_rsp *r, uint32_t function_id);

/* ------------------------------------------------------------------------ */
/* Requester (host side).                                                   */

/*
 * Send one request payload (protocol ID included) inside the secured
 * session and receive the response payload into rsp (*rsp_len: in
 * capacity, out used).  E.g. a wrapper around teeio_spdm_req_vendor.
 */
typedef teeio_err (*teeio_tdisp_exchange_fn)(void *ctx, const uint8_t *req, size_t req_len,
					     uint8_t *rsp, size_t *rsp_len);

struct teeio_tdisp_req {
	teeio_tdisp_exchange_fn exchange;
	void *ctx;
	uint16_t portion_len; /* report bytes asked per request (0: 1024) */
	uint32_t last_error; /* TDISP_ERROR code of the last peer error  */
	uint32_t last_error_data;
	uint8_t rsp[TEEIO_TDISP_MSG_MAX];
};

/** Initialise a requester over an exchange callback. */
void teeio_tdisp_req_init(struct teeio_tdisp_req *r, teeio_tdisp_exchange_fn exchange, void *ctx);

/*
 * Every requester call checks the response strictly: version 1.0, the
 * expected response code, the same function ID, reserved fields zero,
 * exact length.  A TDISP_ERROR answer returns PROTO_PEER_ERROR (BUSY:
 * PROTO_BUSY) with the code in r->last_error.  Other errors: PROTO,
 * PROTO_RESERVED, PROTO_VERSION, SIZE_*, and what the exchange returns.
 */

/** GET_TDISP_VERSION; PROTO_VERSION unless the device lists 1.0. */
TEEIO_MUST_CHECK teeio_err teeio_tdisp_req_get_version(struct teeio_tdisp_req *r,
						       uint32_t function_id);
/** GET_TDISP_CAPABILITIES with the TSM's caps; the device's into *caps. */
TEEIO_MUST_CHECK teeio_err teeio_tdisp_req_get_caps(struct teeio_tdisp_req *r, uint32_t function_id,
						    uint32_t tsm_caps,
						    struct teeio_tdisp_caps *caps);
/** LOCK_INTERFACE_REQUEST; the START nonce into nonce[32]. */
TEEIO_MUST_CHECK teeio_err teeio_tdisp_req_lock(struct teeio_tdisp_req *r, uint32_t function_id,
						const struct teeio_tdisp_lock_params *p,
						uint8_t nonce[TEEIO_TDISP_NONCE_LEN]);
/**
 * The whole interface report, read in portions of r->portion_len bytes,
 * into out[cap]; its size to *len.  Checks every portion's offset and
 * remainder agree.  Errors as above plus SIZE (does not fit in cap).
 */
TEEIO_MUST_CHECK teeio_err teeio_tdisp_req_get_report(struct teeio_tdisp_req *r,
						      uint32_t function_id, uint8_t *out,
						      size_t cap, size_t *len);
/** GET_DEVICE_INTERFACE_STATE. */
TEEIO_MUST_CHECK teeio_err teeio_tdisp_req_get_state(struct teeio_tdisp_req *r,
						     uint32_t function_id,
						     enum teeio_tdisp_state *state);
/** START_INTERFACE_REQUEST with the nonce LOCK returned. */
TEEIO_MUST_CHECK teeio_err teeio_tdisp_req_start(struct teeio_tdisp_req *r, uint32_t function_id,
						 const uint8_t nonce[TEEIO_TDISP_NONCE_LEN]);
/** STOP_INTERFACE_REQUEST. */
TEEIO_MUST_CHECK teeio_err teeio_tdisp_req_stop(struct teeio_tdisp_req *r, uint32_t function_id);
/** BIND_P2P_STREAM_REQUEST (bind true) or UNBIND_P2P_STREAM_REQUEST. */
TEEIO_MUST_CHECK teeio_err teeio_tdisp_req_p2p(struct teeio_tdisp_req *r, uint32_t function_id,
					       bool bind, uint8_t stream_id);
/** SET_MMIO_ATTRIBUTE_REQUEST for one range (as reported). */
TEEIO_MUST_CHECK teeio_err teeio_tdisp_req_set_mmio_attr(
    struct teeio_tdisp_req *r, uint32_t function_id, const struct teeio_tdisp_mmio_range *range);
/**
 * VDM_REQUEST with `req`; the response's vendor part into *rsp, its data
 * copied to data[cap] (rsp->data points there).  The response must echo
 * the registry and vendor ID.
 */
TEEIO_MUST_CHECK teeio_err teeio_tdisp_req_vdm(struct teeio_tdisp_req *r, uint32_t function_id,
					       const struct teeio_tdisp_vdm *req,
					       struct teeio_tdisp_vdm *rsp, uint8_t *data,
					       size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* TEEIO_TDISP_H */
