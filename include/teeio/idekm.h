/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio/idekm.h - PCIe IDE_KM (IDE key management, PCIe Base 6.x section
 * 6.33.3): the message codec, a strict responder (device side) and a
 * requester (TSM side).
 *
 * IDE_KM messages are SPDM vendor-defined messages (StandardID 3 PCI-SIG,
 * VendorID 0x0001, protocol ID 0) and are only valid inside a secured SPDM
 * session.  Every "payload" below is the vendor-defined payload starting
 * at the protocol ID byte:
 *
 *     QUERY        -> QUERY_RESP     port index; device/function, bus,
 *                                    segment, max port index, IDE registers
 *     KEY_PROG     -> KP_ACK         stream, key set, direction, sub-stream,
 *                                    port, 256-bit key, 64-bit IFV; status
 *     K_SET_GO     -> K_GOSTOP_ACK   arm a programmed key slot
 *     K_SET_STOP   -> K_GOSTOP_ACK   disarm and forget a key slot
 *
 * Key bytes: KEY is eight DWORDs on the wire.  teeio keeps the 32 bytes in
 * wire order everywhere (key[0] is the first byte after port_index), which
 * is exactly what libspdm/spdm-emu put on the wire from their
 * `uint32_t key[8]` buffer on a little-endian host.  The IFV is two
 * DWORDs, each little-endian, kept as ifv[0] (first) and ifv[1] (second);
 * the initial value every requester sends is {0, 1}.
 *
 * Nothing here allocates; contexts are caller-owned.  Keys passed through
 * the responder are wiped from its buffers once handed to program_key.
 */
#ifndef TEEIO_IDEKM_H
#define TEEIO_IDEKM_H

#include "teeio/common.h"
#include "teeio/ide.h"
#include "teeio/spdm.h"

#ifdef __cplusplus
extern "C" {
#endif

struct teeio_spdm_req; /* teeio/spdm_req.h */
struct teeio_spdm_rsp; /* teeio/spdm_rsp.h */

#define TEEIO_IDEKM_PROTOCOL_ID 0 /* == TEEIO_SPDM_PCI_PROTO_IDE_KM */
#define TEEIO_IDEKM_KEY_LEN 32 /* AES-256 key: 8 DWORDs            */
#define TEEIO_IDEKM_REGS_MAX 128 /* register DWORDs in QUERY_RESP we carry */
#define TEEIO_IDEKM_PORTS_MAX 8 /* ports one responder serves          */
#define TEEIO_IDEKM_STREAMS_MAX 8 /* streams one port has key slots for  */
#define TEEIO_IDEKM_MSG_MAX (8 + 4 * TEEIO_IDEKM_REGS_MAX) /* largest payload */

/* Object IDs (pci_idekm.h). */
enum teeio_idekm_object {
	TEEIO_IDEKM_QUERY = 0x00,
	TEEIO_IDEKM_QUERY_RESP = 0x01,
	TEEIO_IDEKM_KEY_PROG = 0x02,
	TEEIO_IDEKM_KP_ACK = 0x03,
	TEEIO_IDEKM_K_SET_GO = 0x04,
	TEEIO_IDEKM_K_SET_STOP = 0x05,
	TEEIO_IDEKM_K_GOSTOP_ACK = 0x06,
};

/* KP_ACK Status. */
enum teeio_idekm_kp_status {
	TEEIO_IDEKM_KP_SUCCESS = 0x00,
	TEEIO_IDEKM_KP_INCORRECT_LENGTH = 0x01,
	TEEIO_IDEKM_KP_UNSUPPORTED_PORT = 0x02,
	TEEIO_IDEKM_KP_UNSUPPORTED_VALUE = 0x03,
	TEEIO_IDEKM_KP_UNSPECIFIED = 0x04,
};

/*
 * One key slot: which stream on which port, which key set (0 K0, 1 K1),
 * direction (enum teeio_ide_dir: 0 RX, 1 TX) and sub-stream (enum
 * teeio_ide_substream: 0 PR, 1 NPR, 2 CPL).
 */
struct teeio_idekm_sel {
	uint8_t port_index;
	uint8_t stream_id;
	uint8_t key_set;
	uint8_t dir;
	uint8_t sub_stream;
};

/** The key_sub_stream byte for `sel` (key set bit 0, TX bit 1, sub-stream 7:4). */
uint8_t teeio_idekm_kss_encode(const struct teeio_idekm_sel *sel);
/**
 * Split a key_sub_stream byte into sel's key_set/dir/sub_stream.
 * TEEIO_ERR_PROTO_RESERVED when bits 3:2 are set, TEEIO_ERR_PROTO_UNSUPPORTED
 * for a sub-stream value above 2 (CPL).
 */
TEEIO_MUST_CHECK teeio_err teeio_idekm_kss_decode(uint8_t kss, struct teeio_idekm_sel *sel);

/* What QUERY_RESP carries about one port. */
struct teeio_idekm_port_info {
	uint8_t port_index;
	uint8_t dev_func_num;
	uint8_t bus_num;
	uint8_t segment;
	uint8_t max_port_index;
	uint32_t regs[TEEIO_IDEKM_REGS_MAX]; /* IDE capability, control, stream blocks */
	size_t n_regs;
};

/*
 * A decoded message.  Which fields are meaningful depends on object_id;
 * the others are zero.  The key of a decoded KEY_PROG lives in the struct:
 * wipe it (teeio_wipe) when done.
 */
struct teeio_idekm_msg {
	uint8_t object_id;
	uint8_t port_index; /* every message                              */
	uint8_t stream_id; /* KEY_PROG, KP_ACK, K_SET_*, K_GOSTOP_ACK     */
	uint8_t kss; /* key_sub_stream byte as on the wire          */
	uint8_t status; /* KP_ACK                                      */
	/* QUERY_RESP */
	uint8_t dev_func_num, bus_num, segment, max_port_index;
	const uint8_t *regs; /* n_regs little-endian DWORDs inside the input */
	size_t n_regs;
	/* KEY_PROG */
	uint8_t key[TEEIO_IDEKM_KEY_LEN];
	uint32_t ifv[2];
};

/**
 * Encode `m` as a payload (protocol ID first) into out[cap]; *len gets the
 * size.  QUERY_RESP takes its registers from m->regs/m->n_regs.
 * TEEIO_ERR_USAGE for an unknown object or more than TEEIO_IDEKM_REGS_MAX
 * registers, TEEIO_ERR_SIZE when cap is too small.
 */
TEEIO_MUST_CHECK teeio_err teeio_idekm_encode(const struct teeio_idekm_msg *m, uint8_t *out,
					      size_t cap, size_t *len);

/**
 * Decode exactly `len` payload bytes into *m (zeroed first).
 * Errors: TEEIO_ERR_SIZE_TRUNCATED / TEEIO_ERR_SIZE_TRAILING when the length
 * is not the object's (QUERY_RESP: fewer than 2 register DWORDs, or not a
 * whole number of DWORDs), TEEIO_ERR_SIZE_LIMIT for more than
 * TEEIO_IDEKM_REGS_MAX registers, TEEIO_ERR_PROTO_UNSUPPORTED for another
 * protocol ID or an unknown object, TEEIO_ERR_PROTO_RESERVED for a reserved
 * byte or bit set, and the key_sub_stream errors of teeio_idekm_kss_decode.
 * A KEY_PROG key is copied into m (wipe m after use).
 */
TEEIO_MUST_CHECK teeio_err teeio_idekm_decode(const uint8_t *p, size_t len,
					      struct teeio_idekm_msg *m);

/* The shape of a QUERY_RESP register block, from its capability registers. */
struct teeio_idekm_regs_layout {
	unsigned n_link; /* Link IDE stream register blocks             */
	unsigned n_sel; /* Selective IDE stream register blocks        */
	size_t expected; /* DWORDs the block must hold                  */
};

/**
 * Check that regs[n] is laid out as its IDE Capability register and the
 * Selective IDE Stream Capability registers say (2 + 2 per link stream +
 * per selective stream 5 + 3 per address association block).
 * TEEIO_ERR_SIZE_TRUNCATED / TEEIO_ERR_SIZE_TRAILING when n disagrees.
 */
TEEIO_MUST_CHECK teeio_err teeio_idekm_regs_layout(const uint32_t *regs, size_t n,
						   struct teeio_idekm_regs_layout *out);

/* ------------------------------------------------------------------------ */
/* Responder (device side).                                                 */

/*
 * What the responder does to the device.  Implemented by the IDE engine
 * owner (emulated device: one struct teeio_ide_stream per stream ID) or by
 * firmware.  Called synchronously from teeio_idekm_rsp_handle, only after
 * the request has passed every protocol check; the mapping onto
 * include/teeio/ide.h is one call each:
 *
 *   program_key  -> teeio_ide_key_prog(stream(sel->stream_id), sel->dir,
 *                                      sel->sub_stream, sel->key_set, key, ifv)
 *   key_set_go   -> teeio_ide_key_set_go(stream, sel->dir, sel->sub_stream, sel->key_set)
 *   key_set_stop -> teeio_ide_key_set_stop(stream, sel->dir, sel->sub_stream, sel->key_set)
 *
 * `key` is valid during the call only and is wiped afterwards.  An error
 * from program_key answers KP_ACK status 03h for TEEIO_ERR_USAGE*, else
 * 04h; an error from key_set_go/stop answers an SPDM ERROR.
 */
struct teeio_idekm_port_ops {
	/* QUERY: fill everything but port_index and max_port_index. */
	teeio_err (*query)(void *ctx, uint8_t port_index, struct teeio_idekm_port_info *out);
	teeio_err (*program_key)(void *ctx, const struct teeio_idekm_sel *sel,
				 const uint8_t key[TEEIO_IDEKM_KEY_LEN], const uint32_t ifv[2]);
	teeio_err (*key_set_go)(void *ctx, const struct teeio_idekm_sel *sel);
	teeio_err (*key_set_stop)(void *ctx, const struct teeio_idekm_sel *sel);
};

/* Which streams one port keys. */
struct teeio_idekm_rsp_port_cfg {
	uint8_t n_streams;
	uint8_t stream_ids[TEEIO_IDEKM_STREAMS_MAX];
};

struct teeio_idekm_rsp_config {
	uint8_t max_port_index; /* ports 0..max_port_index exist (< PORTS_MAX) */
	struct teeio_idekm_rsp_port_cfg port[TEEIO_IDEKM_PORTS_MAX];
	const struct teeio_idekm_port_ops *ops;
	void *ops_ctx;
	/*
	 * Interop relaxation, off by default.  Strict: K_SET_GO for a
	 * (stream, key set, direction) is refused until all three
	 * sub-streams (PR, NPR, CPL) of it are programmed.  DMTF spdm-emu's
	 * sample requester programs and starts the PR sub-stream only; set
	 * this to serve it.
	 */
	bool allow_partial_go;
};

/* Per-port state: slot bit = key_set * 6 + dir * 3 + sub_stream. */
struct teeio_idekm_rsp_port {
	bool bound; /* a session has spoken to this port */
	uint32_t session_id; /* ... this one                       */
	uint16_t programmed[TEEIO_IDEKM_STREAMS_MAX];
	uint16_t going[TEEIO_IDEKM_STREAMS_MAX];
};

/* Caller-owned responder context. */
struct teeio_idekm_rsp {
	struct teeio_idekm_rsp_config cfg;
	struct teeio_idekm_rsp_port port[TEEIO_IDEKM_PORTS_MAX];
};

/**
 * Initialise a responder from `cfg` (copied).  TEEIO_ERR_USAGE_CONFIG when
 * ops or one of its functions is missing, max_port_index >= PORTS_MAX, a
 * port lists more than STREAMS_MAX streams or a stream ID twice.
 */
TEEIO_MUST_CHECK teeio_err teeio_idekm_rsp_init(struct teeio_idekm_rsp *r,
						const struct teeio_idekm_rsp_config *cfg);

/**
 * Handle one IDE_KM request payload (protocol ID first) received in SPDM
 * session `session_id`; write the response payload (protocol ID first)
 * into rsp: *rsp_len in: capacity, out: used.
 *
 * Refuses (TEEIO_ERR_STATE_NO_SESSION) unless `secured`.  A port answers
 * only the session that first used it until teeio_idekm_rsp_session_end
 * (TEEIO_ERR_STATE otherwise).  KEY_PROG problems are answered with a
 * KP_ACK status (incorrect length, unsupported port, unsupported value,
 * unspecified failure); every other failure returns an error and writes
 * nothing, for the SPDM layer to answer with ERROR.  See docs/idekm.md for
 * the full rule table.
 */
TEEIO_MUST_CHECK teeio_err teeio_idekm_rsp_handle(struct teeio_idekm_rsp *r, bool secured,
						  uint32_t session_id, const uint8_t *req,
						  size_t len, uint8_t *rsp, size_t *rsp_len);

/**
 * The session `session_id` ended: every port it owned is released, its
 * armed slots stopped (key_set_stop) and all its slots forgotten.
 */
void teeio_idekm_rsp_session_end(struct teeio_idekm_rsp *r, uint32_t session_id);

/**
 * teeio_spdm_vendor_fn adapter (ctx: struct teeio_idekm_rsp *).  Gets the
 * payload after the protocol ID and writes the response without it, as
 * the SPDM responder's vendor registry expects.
 */
TEEIO_MUST_CHECK teeio_err teeio_idekm_rsp_vendor(void *ctx,
						  const struct teeio_spdm_vendor_session *s,
						  const uint8_t *req, size_t req_len, uint8_t *rsp,
						  size_t *rsp_len);

/** The vendor-defined registration that routes IDE_KM to `r`. */
struct teeio_spdm_vendor_handler teeio_idekm_rsp_registration(struct teeio_idekm_rsp *r);

/**
 * teeio_spdm_rsp_session_ended_fn adapter (ctx: struct teeio_idekm_rsp *):
 * teeio_idekm_rsp_session_end for the session the SPDM responder ended.
 */
void teeio_idekm_rsp_session_ended(void *ctx, struct teeio_spdm_rsp *spdm, uint32_t session_id);

/* ------------------------------------------------------------------------ */
/* Responder over the IDE engine (include/teeio/ide.h).                     */

/*
 * A device whose IDE_KM ports are IDE engine ports: port index i is
 * port[i] (caller-owned, outliving the binding), its key slots the slots
 * of the streams added to it, and QUERY reports info[i] (port_index and
 * max_port_index are filled in by the responder).
 */
struct teeio_idekm_ide_dev {
	struct teeio_ide_port *port[TEEIO_IDEKM_PORTS_MAX];
	struct teeio_idekm_port_info info[TEEIO_IDEKM_PORTS_MAX];
};

/**
 * The port ops that act on a struct teeio_idekm_ide_dev (ops ctx):
 * program_key -> teeio_ide_key_prog, key_set_go -> teeio_ide_key_set_go,
 * key_set_stop -> teeio_ide_key_set_stop on the port's stream.
 */
const struct teeio_idekm_port_ops *teeio_idekm_ide_ops(void);

/**
 * Fill `cfg` for a responder over `d` with ports 0..max_port_index: each
 * port's stream list from its IDE streams, ops and ctx set, strict GO.
 * TEEIO_ERR_USAGE_CONFIG when max_port_index >= TEEIO_IDEKM_PORTS_MAX, a
 * port is missing or has more than TEEIO_IDEKM_STREAMS_MAX streams.
 */
TEEIO_MUST_CHECK teeio_err teeio_idekm_ide_config(struct teeio_idekm_ide_dev *d,
						  uint8_t max_port_index,
						  struct teeio_idekm_rsp_config *cfg);

/* ------------------------------------------------------------------------ */
/* Requester (TSM side).                                                    */

/*
 * Send one vendor-defined payload (protocol ID first) inside the secured
 * session and receive the response payload (protocol ID first) into
 * rsp[cap], its size into *rsp_len.  Over SPDM this wraps
 * teeio_spdm_req_vendor(..., TEEIO_SPDM_VENDOR_STD_PCISIG, {0x01, 0x00}, ...).
 */
typedef teeio_err (*teeio_idekm_exchange_fn)(void *ctx, const uint8_t *req, size_t req_len,
					     uint8_t *rsp, size_t cap, size_t *rsp_len);

struct teeio_idekm_req {
	teeio_idekm_exchange_fn exchange;
	void *ctx;
};

/* The exchange over an SPDM requester's secured session. */
struct teeio_idekm_spdm {
	struct teeio_spdm_req *req;
	uint32_t session_id; /* an established session; 0 is refused */
};

/**
 * teeio_idekm_exchange_fn over SPDM (ctx: struct teeio_idekm_spdm *):
 * one VENDOR_DEFINED_REQUEST (PCI-SIG, VendorID 0x0001) in the session.
 * TEEIO_ERR_STATE_NO_SESSION for session 0; the SPDM requester's errors.
 */
TEEIO_MUST_CHECK teeio_err teeio_idekm_spdm_exchange(void *ctx, const uint8_t *req, size_t req_len,
						     uint8_t *rsp, size_t cap, size_t *rsp_len);

/**
 * QUERY port `port_index`.  *out receives the answer; the registers are
 * only checked to be whole DWORDs (2..TEEIO_IDEKM_REGS_MAX); use
 * teeio_idekm_regs_layout to check their shape.  Errors: the exchange's,
 * TEEIO_ERR_PROTO for a response that is not a QUERY_RESP for this port,
 * and the decode errors.
 */
TEEIO_MUST_CHECK teeio_err teeio_idekm_req_query(const struct teeio_idekm_req *q,
						 uint8_t port_index,
						 struct teeio_idekm_port_info *out);

/**
 * KEY_PROG `key` and `ifv` into slot `sel`.  *status (may be NULL)
 * receives the KP_ACK status.  The request copy of the key is wiped.
 * Errors: TEEIO_ERR_PROTO_PEER_ERROR when the status is not success,
 * TEEIO_ERR_PROTO when the KP_ACK does not echo stream, key_sub_stream and
 * port, decode and exchange errors.
 */
TEEIO_MUST_CHECK teeio_err teeio_idekm_req_key_prog(const struct teeio_idekm_req *q,
						    const struct teeio_idekm_sel *sel,
						    const uint8_t key[TEEIO_IDEKM_KEY_LEN],
						    const uint32_t ifv[2], uint8_t *status);

/** K_SET_GO for slot `sel`; checks the K_GOSTOP_ACK echo (TEEIO_ERR_PROTO). */
TEEIO_MUST_CHECK teeio_err teeio_idekm_req_key_set_go(const struct teeio_idekm_req *q,
						      const struct teeio_idekm_sel *sel);

/** K_SET_STOP for slot `sel`; checks the K_GOSTOP_ACK echo (TEEIO_ERR_PROTO). */
TEEIO_MUST_CHECK teeio_err teeio_idekm_req_key_set_stop(const struct teeio_idekm_req *q,
							const struct teeio_idekm_sel *sel);

#ifdef __cplusplus
}
#endif
#endif /* TEEIO_IDEKM_H */
