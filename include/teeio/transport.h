/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio/transport.h - how SPDM messages travel: PCIe DOE data objects and
 * the DOE mailbox registers, MCTP message binding and packets, and the TCP
 * socket protocol spoken by DMTF spdm-emu and QEMU's SPDM socket.
 *
 * Sources of the wire facts (read for facts only): PCIe Base 6.x section
 * 6.30 (DOE) as reflected in Linux include/uapi/linux/pci_regs.h and
 * drivers/pci/doe.c, DMTF libspdm include/industry_standard/pcidoe.h and
 * mctp.h, DSP0236 (MCTP base), DSP0275/DSP0276 (SPDM / secured messages
 * over MCTP), spdm-emu spdm_emu/spdm_emu_common/command.h, QEMU
 * include/system/spdm-socket.h.
 *
 * Nothing here allocates: every context and buffer is owned by the caller.
 * Threading: a context is used by one thread at a time, except
 * teeio_sock_server_stop(), which may be called from any thread or from a
 * signal handler.
 */
#ifndef TEEIO_TRANSPORT_H
#define TEEIO_TRANSPORT_H

#include "teeio/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================== */
/* Transport-neutral binding used by the SPDM layer.                        */

/* Values equal the socket protocol's transport type field (spdm-emu
 * command.h SOCKET_TRANSPORT_TYPE_*). */
enum teeio_trans {
	TEEIO_TRANS_NONE = 0, /* bare SPDM messages                     */
	TEEIO_TRANS_MCTP = 1, /* MCTP message type byte + message       */
	TEEIO_TRANS_PCI_DOE = 2, /* DOE data object (2-DW header, DW pad)  */
};

/** Short name of a transport ("none", "mctp", "doe"); never NULL. */
const char *teeio_trans_name(enum teeio_trans t);

/** Transport header bytes before the SPDM message (0, 1 or 8). */
size_t teeio_trans_header_len(enum teeio_trans t);

/**
 * Wrap one SPDM message (secured: a DSP0277 secured message starting with
 * its 4-byte session ID) for transport `t`, appending to `out`.
 * DOE: object header + message + zero padding to a DWORD.  MCTP: type
 * byte 0x05 (SPDM) or 0x06 (secured) + message.  NONE: the message as is
 * (NONE cannot carry a secured marker: TEEIO_ERR_USAGE when secured).
 * Errors: SIZE when out is too small, SIZE_LIMIT beyond the DOE maximum,
 * USAGE for an unknown transport or an empty message.
 */
TEEIO_MUST_CHECK teeio_err teeio_trans_encode(enum teeio_trans t, bool secured, const uint8_t *msg,
					      size_t len, struct teeio_buf *out);

/**
 * Unwrap a transport message.  *msg points into `in`; *secured tells
 * whether it is a secured message.
 *
 * PCI DOE pads to a DWORD and carries no byte length, so for DOE *msg_len
 * is the PADDED length (a multiple of 4, up to 3 zero bytes more than the
 * sender's message).  The SPDM layer must tolerate trailing zero bytes
 * after a message; secured messages are self-delimiting (their Length
 * field).  MCTP and NONE give the exact length.
 *
 * Errors: PROTO_UNSUPPORTED for a type that is not (secured) SPDM -- a DOE
 * discovery object included (decode those with teeio_doe_decode) --,
 * PROTO / PROTO_RESERVED / SIZE_* for malformed framing, and SIZE_TRUNCATED
 * for an empty message or a secured message shorter than a session ID.
 */
TEEIO_MUST_CHECK teeio_err teeio_trans_decode(enum teeio_trans t, const uint8_t *in, size_t len,
					      bool *secured, const uint8_t **msg, size_t *msg_len);

/* ======================================================================== */
/* PCIe DOE data objects (PCIe 6.30.1; libspdm pcidoe.h).                   */

#define TEEIO_DOE_VENDOR_PCISIG 0x0001u /* PCI-SIG vendor ID               */
#define TEEIO_DOE_TYPE_DISCOVERY 0x00u /* DOE discovery (6.30.1.1)        */
#define TEEIO_DOE_TYPE_SPDM 0x01u /* CMA/SPDM                        */
#define TEEIO_DOE_TYPE_SECURED_SPDM 0x02u /* secured CMA/SPDM              */

#define TEEIO_DOE_HDR_LEN 8u /* two header DWORDs                */
#define TEEIO_DOE_LEN_MASK 0x0003ffffu /* DW1 bits 17:0; 31:18 reserved    */
#define TEEIO_DOE_MAX_DW (1u << 18) /* a length field of 0 means 2^18   */
#define TEEIO_DOE_MAX_BYTES (TEEIO_DOE_MAX_DW * 4u)

/** A decoded DOE object header. */
struct teeio_doe_hdr {
	uint16_t vendor;
	uint8_t type;
	uint32_t len_dw; /* total DWORDs including the header; 0 already mapped to 2^18 */
};

/**
 * Append a DOE object: header, `len` payload bytes, zero padding to a
 * DWORD.  Errors: SIZE when out is too small, SIZE_LIMIT beyond 2^18 DW.
 */
TEEIO_MUST_CHECK teeio_err teeio_doe_encode(struct teeio_buf *out, uint16_t vendor, uint8_t type,
					    const uint8_t *payload, size_t len);

/**
 * Decode the two header DWORDs (as read from a mailbox).  Checks the
 * reserved byte of DW0 and bits 31:18 of DW1 (PROTO_RESERVED) and that the
 * length covers at least the header (PROTO); maps a length of 0 to 2^18.
 */
TEEIO_MUST_CHECK teeio_err teeio_doe_hdr_decode(uint32_t dw0, uint32_t dw1,
						struct teeio_doe_hdr *hdr);

/**
 * Decode a whole DOE object held in `len` bytes (DWORDs little-endian).
 * Checks the header (see teeio_doe_hdr_decode) and that the length field
 * matches `len` exactly (SIZE_TRUNCATED / SIZE_TRAILING).  *payload points
 * into `in`; *payload_len is the padded payload length.  Vendor and type
 * are returned, not judged: use teeio_doe_decode_expect for that.
 */
TEEIO_MUST_CHECK teeio_err teeio_doe_decode(const uint8_t *in, size_t len,
					    struct teeio_doe_hdr *hdr, const uint8_t **payload,
					    size_t *payload_len);

/**
 * teeio_doe_decode, then PROTO_UNSUPPORTED unless vendor and type are the
 * expected ones.
 */
TEEIO_MUST_CHECK teeio_err teeio_doe_decode_expect(const uint8_t *in, size_t len, uint16_t vendor,
						   uint8_t type, const uint8_t **payload,
						   size_t *payload_len);

/* DOE discovery (PCIe 6.30.1.1): request = index u8, version u8, 2
 * reserved bytes; response = vendor ID u16, data object type u8, next
 * index u8 (0 after the last entry). */
#define TEEIO_DOE_DISC_PAYLOAD_LEN 4u

/** One supported data object protocol of a DOE instance. */
struct teeio_doe_prot {
	uint16_t vendor;
	uint8_t type;
};

/** Append a discovery request object for entry `index`. */
TEEIO_MUST_CHECK teeio_err teeio_doe_disc_req_encode(struct teeio_buf *out, uint8_t index,
						     uint8_t version);
/** Decode a discovery request object (reserved bytes must be zero). */
TEEIO_MUST_CHECK teeio_err teeio_doe_disc_req_decode(const uint8_t *in, size_t len, uint8_t *index,
						     uint8_t *version);
/** Append a discovery response object. */
TEEIO_MUST_CHECK teeio_err teeio_doe_disc_rsp_encode(struct teeio_buf *out,
						     struct teeio_doe_prot prot,
						     uint8_t next_index);
/** Decode a discovery response object. */
TEEIO_MUST_CHECK teeio_err teeio_doe_disc_rsp_decode(const uint8_t *in, size_t len,
						     struct teeio_doe_prot *prot,
						     uint8_t *next_index);

/**
 * Device side of discovery: answer the request `req` from the table of
 * `n` protocols (entry 0 should be discovery itself).  Errors from the
 * request decode; USAGE_NOT_FOUND for an index beyond the table.
 */
TEEIO_MUST_CHECK teeio_err teeio_doe_disc_respond(const struct teeio_doe_prot *table, size_t n,
						  const uint8_t *req, size_t len,
						  struct teeio_buf *out);

/*
 * A DOE device that speaks discovery and (secured) CMA/SPDM -- the usual
 * case, on a mailbox or on the socket.  `spdm` answers one SPDM message
 * (`msg`, DOE-padded: up to 3 trailing zero bytes) by appending its
 * response to rsp; *rsp_secured enters as the request's kind and may be
 * changed (e.g. an unsecured ERROR for an undecryptable request).
 */
struct teeio_doe_spdm_dev {
	const struct teeio_doe_prot *table; /* discovery table, entry 0 = discovery */
	size_t n;
	teeio_err (*spdm)(void *ctx, bool secured, const uint8_t *msg, size_t len,
			  struct teeio_buf *rsp, bool *rsp_secured);
	void *ctx;
};

/**
 * Answer one DOE request object (ctx is a struct teeio_doe_spdm_dev *):
 * discovery from the table, SPDM and secured SPDM through dev->spdm, the
 * response wrapped in a DOE object of the matching type.  Its signature is
 * that of teeio_doe_dev.handle, so it plugs straight into a mailbox.
 * Errors: the request decode, PROTO_UNSUPPORTED for other vendors/types,
 * whatever dev->spdm returns, SIZE when rsp is too small.
 */
TEEIO_MUST_CHECK teeio_err teeio_doe_spdm_handle(void *ctx, const uint8_t *req, size_t len,
						 struct teeio_buf *rsp);

/* ======================================================================== */
/* DOE mailbox: the device's extended capability registers (PCIe 7.9.24;    */
/* offsets and bits as in Linux pci_regs.h PCI_DOE_*).  Offsets are        */
/* relative to the start of the capability.                                 */

#define TEEIO_PCI_EXT_CAP_ID_DOE 0x002Eu
#define TEEIO_DOE_CAP_VERSION 0x1u
#define TEEIO_DOE_REG_EXT_HDR 0x00u /* ID 15:0, version 19:16, next 31:20 */
#define TEEIO_DOE_REG_CAP 0x04u
#define TEEIO_DOE_CAP_INT_SUP 0x00000001u
#define TEEIO_DOE_CAP_INT_MSG_NUM 0x00000ffeu /* bits 11:1 */
#define TEEIO_DOE_REG_CTRL 0x08u
#define TEEIO_DOE_CTRL_ABORT 0x00000001u
#define TEEIO_DOE_CTRL_INT_EN 0x00000002u
#define TEEIO_DOE_CTRL_GO 0x80000000u
#define TEEIO_DOE_REG_STATUS 0x0cu
#define TEEIO_DOE_STATUS_BUSY 0x00000001u
#define TEEIO_DOE_STATUS_INT_STATUS 0x00000002u /* RW1C */
#define TEEIO_DOE_STATUS_ERROR 0x00000004u
#define TEEIO_DOE_STATUS_DATA_OBJECT_READY 0x80000000u
#define TEEIO_DOE_REG_WRITE 0x10u
#define TEEIO_DOE_REG_READ 0x14u
#define TEEIO_DOE_CAP_SIZEOF 0x18u

/*
 * The device behind a mailbox.  handle() receives one complete request
 * object (header included, `len` a multiple of 4) and appends one complete
 * response object to `rsp` (use teeio_doe_encode).  Returning
 * TEEIO_ERR_PROTO_BUSY means "answer later": the mailbox stays BUSY until
 * teeio_doe_mb_complete().  Any other error sets the mailbox ERROR bit.
 * Called synchronously from teeio_doe_mb_write() on GO.  `req` stays
 * valid and unchanged until the response is delivered or the mailbox is
 * aborted (writes are refused while BUSY).
 */
struct teeio_doe_dev {
	teeio_err (*handle)(void *ctx, const uint8_t *req, size_t len, struct teeio_buf *rsp);
	void *ctx;
};

/* Mailbox configuration: storage for one request and one response object
 * (each at most `*_cap` bytes, a multiple of 4, at most TEEIO_DOE_MAX_BYTES). */
struct teeio_doe_mb_cfg {
	struct teeio_doe_dev dev;
	uint8_t *req_buf;
	size_t req_cap;
	uint8_t *rsp_buf;
	size_t rsp_cap;
	bool int_sup; /* advertise interrupt support               */
	uint16_t int_msg; /* interrupt message number (11 bits)        */
	uint16_t next_cap; /* next extended capability offset (12 bits) */
};

/* Mailbox state.  Fields are private: use the functions below. */
struct teeio_doe_mb {
	struct teeio_doe_mb_cfg cfg;
	uint32_t ctrl; /* INT_EN as last written                    */
	uint32_t status; /* BUSY, INT_STATUS, ERROR, DATA_OBJECT_READY */
	size_t req_len; /* bytes written so far                      */
	size_t req_want; /* bytes announced by the header, 0 = unknown */
	size_t rsp_len; /* response bytes                            */
	size_t rsp_pos; /* next response byte the host will read     */
	bool pending; /* device answering asynchronously           */
	bool pending_aborted; /* the pending request was aborted        */
};

/** Initialise a mailbox (idle, empty).  USAGE on bad storage sizes. */
TEEIO_MUST_CHECK teeio_err teeio_doe_mb_init(struct teeio_doe_mb *mb,
					     const struct teeio_doe_mb_cfg *cfg);

/** Config read of the DWORD at `off` within the capability (0 elsewhere). */
uint32_t teeio_doe_mb_read(struct teeio_doe_mb *mb, uint32_t off);

/**
 * Config write of the DWORD at `off` within the capability.  Writes to
 * read-only registers are ignored.  Protocol errors (object larger than
 * the storage or than its header says, malformed header, GO or a write
 * while BUSY, GO on an incomplete object, popping an empty read mailbox,
 * a malformed device response) set STATUS.ERROR; the mailbox then ignores
 * everything but ABORT.
 */
void teeio_doe_mb_write(struct teeio_doe_mb *mb, uint32_t off, uint32_t val);

/**
 * Deliver the response of a handler that returned PROTO_BUSY.  `rsp` is a
 * complete DOE object.  TRANSPORT_ABORT when the request was aborted
 * meanwhile, STATE when nothing is pending; a malformed response (the
 * teeio_doe_decode error is returned) or one larger than the response
 * storage (SIZE) sets the mailbox ERROR bit.
 */
TEEIO_MUST_CHECK teeio_err teeio_doe_mb_complete(struct teeio_doe_mb *mb, const uint8_t *rsp,
						 size_t len);

/** True while a request waits for teeio_doe_mb_complete(). */
bool teeio_doe_mb_pending(const struct teeio_doe_mb *mb);

/* ======================================================================== */
/* DOE host driver: what a kernel does through config space.                */

/* Config-space accessors; `off` is the absolute config offset. */
struct teeio_cfg_ops {
	uint32_t (*read)(void *ctx, uint32_t off);
	void (*write)(void *ctx, uint32_t off, uint32_t val);
	void *ctx;
};

/** Accessors that reach a mailbox directly (capability at offset 0). */
struct teeio_cfg_ops teeio_doe_mb_cfg_ops(struct teeio_doe_mb *mb);

/* Host driver state.  A mailbox that cannot be aborted is marked dead and
 * refuses every further exchange (as Linux drivers/pci/doe.c does). */
struct teeio_doe_host {
	struct teeio_cfg_ops ops;
	uint32_t cap_off;
	uint32_t poll_max; /* status polls before TIMEOUT             */
	bool dead;
};

#define TEEIO_DOE_HOST_POLL_DEFAULT 1000u

/**
 * Attach to the DOE capability at `cap_off`: checks the capability ID
 * (USAGE_NOT_FOUND) and aborts whatever the mailbox was doing.  poll_max 0
 * selects TEEIO_DOE_HOST_POLL_DEFAULT.
 */
TEEIO_MUST_CHECK teeio_err teeio_doe_host_init(struct teeio_doe_host *h, struct teeio_cfg_ops ops,
					       uint32_t cap_off, uint32_t poll_max);

/**
 * Send one complete DOE object (`req`, a multiple of 4 bytes) and receive
 * the response object into rsp (*rsp_len in: capacity, out: bytes).
 * Errors: STATE_DEAD (mailbox dead), PROTO_BUSY (mailbox busy before the
 * write), TRANSPORT (ERROR bit: the mailbox is aborted), TRANSPORT_TIMEOUT
 * (no answer after poll_max polls: aborted), SIZE (response larger than
 * rsp: drained and aborted), PROTO (malformed response header).
 */
TEEIO_MUST_CHECK teeio_err teeio_doe_host_exchange(struct teeio_doe_host *h, const uint8_t *req,
						   size_t req_len, uint8_t *rsp, size_t *rsp_len);

/** Abort the mailbox; marks it dead when the abort does not take. */
TEEIO_MUST_CHECK teeio_err teeio_doe_host_abort(struct teeio_doe_host *h);

/** Discovery entry `index` through the mailbox. */
TEEIO_MUST_CHECK teeio_err teeio_doe_host_discover(struct teeio_doe_host *h, uint8_t index,
						   struct teeio_doe_prot *prot, uint8_t *next);

/** Walk discovery; true in *found when the mailbox supports `prot`. */
TEEIO_MUST_CHECK teeio_err teeio_doe_host_supports(struct teeio_doe_host *h,
						   struct teeio_doe_prot prot, bool *found);

/* ======================================================================== */
/* MCTP message binding (DSP0236 8.x message type; DSP0275, DSP0276).       */

#define TEEIO_MCTP_TYPE_SPDM 0x05u
#define TEEIO_MCTP_TYPE_SECURED 0x06u
#define TEEIO_MCTP_TYPE_IC 0x80u /* integrity check bit; 0 for SPDM     */

/** Append an MCTP message: type byte + `len` bytes. */
TEEIO_MUST_CHECK teeio_err teeio_mctp_encode(struct teeio_buf *out, uint8_t type,
					     const uint8_t *msg, size_t len);

/**
 * Split an MCTP message into its type (IC bit included) and body (*msg
 * points into `in`).  SIZE_TRUNCATED for an empty input.
 */
TEEIO_MUST_CHECK teeio_err teeio_mctp_decode(const uint8_t *in, size_t len, uint8_t *type,
					     const uint8_t **msg, size_t *msg_len);

/* MCTP packets (DSP0236 8.1): 4-byte transport header. */
#define TEEIO_MCTP_HDR_LEN 4u
#define TEEIO_MCTP_HDR_VERSION 0x1u /* DSP0236 1.x                     */
#define TEEIO_MCTP_BTU 64u /* baseline transmission unit      */
#define TEEIO_MCTP_SOM 0x80u
#define TEEIO_MCTP_EOM 0x40u
#define TEEIO_MCTP_SEQ_SHIFT 4
#define TEEIO_MCTP_SEQ_MASK 0x30u
#define TEEIO_MCTP_TO 0x08u
#define TEEIO_MCTP_TAG_MASK 0x07u

/** A decoded MCTP packet header. */
struct teeio_mctp_pkt_hdr {
	uint8_t dest, src;
	bool som, eom, to;
	uint8_t seq; /* 0..3 */
	uint8_t tag; /* 0..7 */
};

/** Append one packet: header + `len` payload bytes. */
TEEIO_MUST_CHECK teeio_err teeio_mctp_pkt_encode(struct teeio_buf *out,
						 const struct teeio_mctp_pkt_hdr *h,
						 const uint8_t *payload, size_t len);

/** Decode one packet (version must be 1, reserved bits zero, payload non-empty). */
TEEIO_MUST_CHECK teeio_err teeio_mctp_pkt_decode(const uint8_t *in, size_t len,
						 struct teeio_mctp_pkt_hdr *h,
						 const uint8_t **payload, size_t *payload_len);

/*
 * Fragmentation: packet `i` of a message of `len` bytes with payload unit
 * `mtu` (>= 1).  Call with i = 0, 1, ... while *more is true.
 */
TEEIO_MUST_CHECK teeio_err teeio_mctp_fragment(struct teeio_buf *out, uint8_t dest, uint8_t src,
					       uint8_t tag, bool to, const uint8_t *msg, size_t len,
					       size_t mtu, size_t i, bool *more);

/* Reassembly into caller storage.  Fields are private. */
struct teeio_mctp_reasm {
	uint8_t *buf;
	size_t cap;
	size_t len;
	size_t unit; /* payload size of the first packet */
	uint8_t src, tag, next_seq;
	bool to, active;
};

/** Initialise a reassembler over `cap` bytes of `buf`. */
void teeio_mctp_reasm_init(struct teeio_mctp_reasm *r, uint8_t *buf, size_t cap);

/**
 * Feed one packet.  *done is set when an EOM packet completed a message,
 * which is then buf[0..*msg_len).  A packet that does not continue the
 * current message (no SOM, sequence gap, other source/tag/TO, a middle
 * packet of another size) drops the partial message and returns PROTO; a
 * SOM packet always restarts.  SIZE_LIMIT when the message exceeds cap.
 */
TEEIO_MUST_CHECK teeio_err teeio_mctp_reasm_feed(struct teeio_mctp_reasm *r, const uint8_t *pkt,
						 size_t len, bool *done, size_t *msg_len);

/* ======================================================================== */
/* spdm-emu / QEMU TCP socket protocol.                                     */
/*
 * Every frame: command u32 BE, transport type u32 BE, payload size u32 BE,
 * payload (spdm-emu command.h).  The client may first send TEST with
 * "Client Hello!" (NUL included); the server answers TEST "Server Hello!".
 */
#define TEEIO_SOCK_CMD_NORMAL 0x0001u
#define TEEIO_SOCK_CMD_CONTINUE 0xFFFDu
#define TEEIO_SOCK_CMD_SHUTDOWN 0xFFFEu
#define TEEIO_SOCK_CMD_UNKNOWN 0xFFFFu
#define TEEIO_SOCK_CMD_TEST 0xDEADu

#define TEEIO_SOCK_HDR_LEN 12u
#define TEEIO_SOCK_DEFAULT_PORT 2323u /* spdm-emu DEFAULT_SPDM_PLATFORM_PORT */
#define TEEIO_SOCK_MAX_PAYLOAD 0x10000u /* our bound on one frame payload */
#define TEEIO_SOCK_CLIENT_HELLO "Client Hello!"
#define TEEIO_SOCK_SERVER_HELLO "Server Hello!"

/** A frame header. */
struct teeio_sock_hdr {
	uint32_t cmd;
	uint32_t trans;
	uint32_t size;
};

/**
 * Parse a frame header from the first 12 bytes of `in` (pure: no I/O).
 * SIZE_TRUNCATED when shorter; SIZE_LIMIT when size > max_payload (the
 * header is still filled in, so a reader can drain the payload).
 */
TEEIO_MUST_CHECK teeio_err teeio_sock_hdr_decode(const uint8_t *in, size_t len,
						 uint32_t max_payload, struct teeio_sock_hdr *h);

/** Append a whole frame (header + payload). */
TEEIO_MUST_CHECK teeio_err teeio_sock_frame_encode(struct teeio_buf *out, uint32_t cmd,
						   uint32_t trans, const uint8_t *payload,
						   size_t len);

/**
 * Decode a whole frame held in `len` bytes: header, then exactly `size`
 * payload bytes (SIZE_TRUNCATED / SIZE_TRAILING otherwise).
 */
TEEIO_MUST_CHECK teeio_err teeio_sock_frame_decode(const uint8_t *in, size_t len,
						   uint32_t max_payload, struct teeio_sock_hdr *h,
						   const uint8_t **payload);

/* Server handler: one request payload in, one response payload out. */
struct teeio_sock_handler {
	/*
	 * Answer a NORMAL frame.  Append the response to rsp.  An error is
	 * answered with an UNKNOWN frame and the connection is kept.
	 */
	teeio_err (*message)(void *ctx, uint32_t trans, const uint8_t *req, size_t len,
			     struct teeio_buf *rsp);
	/* Forget per-connection state: called after CONTINUE, SHUTDOWN or a
	 * lost client, before the next client is served.  May be NULL. */
	void (*reset)(void *ctx);
	void *ctx;
};

struct teeio_sock_server_cfg {
	struct teeio_sock_handler handler;
	uint16_t port; /* 0: ephemeral (read back with _port) */
	uint32_t trans; /* transport type served (TEEIO_TRANS_*) */
	uint32_t max_payload; /* 0: TEEIO_SOCK_MAX_PAYLOAD            */
	int rcv_timeout_ms; /* per-client receive timeout, 0: none  */
	bool stop_on_shutdown; /* spdm-emu: SHUTDOWN ends the server    */
	const struct teeio_log *log;
};

/* Server state (large: frame buffers inside).  Fields are private. */
struct teeio_sock_server {
	struct teeio_sock_server_cfg cfg;
	int listen_fd;
	int stop_pipe[2];
	uint16_t port;
	uint32_t clients; /* connections served */
	uint8_t rx[TEEIO_SOCK_MAX_PAYLOAD];
	uint8_t tx[TEEIO_SOCK_HDR_LEN + TEEIO_SOCK_MAX_PAYLOAD];
};

/**
 * Create the listening socket on 127.0.0.1:cfg->port (SO_REUSEADDR) and
 * the stop pipe.  TRANSPORT on socket errors, USAGE on a bad config.
 */
TEEIO_MUST_CHECK teeio_err teeio_sock_server_open(struct teeio_sock_server *s,
						  const struct teeio_sock_server_cfg *cfg);

/** The bound port (useful with port 0). */
uint16_t teeio_sock_server_port(const struct teeio_sock_server *s);

/**
 * Serve clients one after another until teeio_sock_server_stop() (returns
 * OK), or SHUTDOWN with stop_on_shutdown (OK).  A misbehaving client
 * (closed mid-frame, timeout, garbage) is dropped and the next accepted.
 */
TEEIO_MUST_CHECK teeio_err teeio_sock_server_run(struct teeio_sock_server *s);

/** Ask run() to return; async-signal-safe, callable from any thread. */
void teeio_sock_server_stop(struct teeio_sock_server *s);

/** Close the sockets and the stop pipe. */
void teeio_sock_server_close(struct teeio_sock_server *s);

/* Client state.  Fields are private. */
struct teeio_sock_client {
	int fd;
	uint32_t trans;
	uint32_t max_payload;
	uint8_t tx[TEEIO_SOCK_HDR_LEN + TEEIO_SOCK_MAX_PAYLOAD];
};

/**
 * Connect to host:port.  host must be a loopback address ("localhost",
 * 127.x.y.z or "::1"): USAGE otherwise.  rcv_timeout_ms (0: none) bounds
 * every receive.  TCP_NODELAY is set.
 */
TEEIO_MUST_CHECK teeio_err teeio_sock_client_connect(struct teeio_sock_client *c, const char *host,
						     uint16_t port, uint32_t trans,
						     int rcv_timeout_ms);

/** TEST handshake: send the client hello, expect the server hello. */
TEEIO_MUST_CHECK teeio_err teeio_sock_client_hello(struct teeio_sock_client *c);

/** Send one frame of any command (one send() call). */
TEEIO_MUST_CHECK teeio_err teeio_sock_client_send(struct teeio_sock_client *c, uint32_t cmd,
						  const uint8_t *payload, size_t len);

/**
 * Receive one frame: *cmd, payload into buf (*len in: capacity, out:
 * bytes).  An oversize payload is drained and SIZE_LIMIT returned.
 * PROTO when the transport type differs from the connection's.
 */
TEEIO_MUST_CHECK teeio_err teeio_sock_client_recv(struct teeio_sock_client *c, uint32_t *cmd,
						  uint8_t *buf, size_t *len);

/**
 * NORMAL request -> NORMAL response.  PROTO_UNSUPPORTED when the server
 * answers UNKNOWN, PROTO for any other command.
 */
TEEIO_MUST_CHECK teeio_err teeio_sock_client_exchange(struct teeio_sock_client *c,
						      const uint8_t *req, size_t req_len,
						      uint8_t *rsp, size_t *rsp_len);

/**
 * Send `cmd` (SHUTDOWN or CONTINUE) with an empty payload, wait for the
 * same command back, and close the connection.
 */
TEEIO_MUST_CHECK teeio_err teeio_sock_client_end(struct teeio_sock_client *c, uint32_t cmd);

/** Close the connection without a goodbye. */
void teeio_sock_client_close(struct teeio_sock_client *c);

#ifdef __cplusplus
}
#endif
#endif /* TEEIO_TRANSPORT_H */
