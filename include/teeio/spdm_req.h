/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio/spdm_req.h - the SPDM requester (DSP0274 1.0-1.3).
 *
 * One caller-owned, fixed-size context per connection (struct
 * teeio_spdm_req); no allocation.  Each call sends one request (or one short
 * flow such as KEY_UPDATE + VERIFY_NEW_KEY) through the caller's I/O
 * callback, validates the response strictly (code, version, reserved
 * fields, lengths, selections, signatures, MACs) and commits new state only
 * on success.  A failed call that leaves the connection inconsistent
 * (transcript half-updated, bad signature) makes the context sticky-dead:
 * every further call returns TEEIO_ERR_STATE_DEAD until reset.
 *
 * Flow:  init -> vca -> digests -> certificate -> challenge -> measurements
 *        -> key_exchange -> finish -> heartbeat/key_update/vendor -> end_session
 * or the whole standard flow in one call: teeio_spdm_req_connect().
 *
 * Thread-safety: a context is used by one thread at a time.
 */
#ifndef TEEIO_SPDM_REQ_H
#define TEEIO_SPDM_REQ_H

#include "teeio/common.h"
#include "teeio/crypto.h"
#include "teeio/spdm.h"
#include "teeio/spdm_secured.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bounds of the fixed-size context. */
#define TEEIO_SPDM_REQ_MSG_MAX TEEIO_SPDM_MAX_LARGE_MSG /* assembled message     */
#define TEEIO_SPDM_REQ_REC_MAX (TEEIO_SPDM_MAX_MSG + 64) /* one secured record  */
#define TEEIO_SPDM_REQ_SESSIONS 4 /* concurrent sessions                        */

/*
 * Transport seen by the requester: one request, one response.  When
 * `secured` is true `req` is a DSP0277 secured record and so must be the
 * answer; otherwise both are plain SPDM messages.  A transport wrapper
 * (DOE/MCTP over the spdm-emu socket) or an in-process responder plugs in
 * here.  Return TEEIO_ERR_SIZE when the answer exceeds `cap`, a
 * TEEIO_KIND_TRANSPORT error on I/O failure.
 */
struct teeio_spdm_io {
	void *ctx;
	TEEIO_MUST_CHECK teeio_err (*exchange)(void *ctx, bool secured, const uint8_t *req,
					       size_t len, uint8_t *rsp, size_t cap,
					       size_t *rsp_len);
};

/* Requester configuration.  Borrowed by the context: keep it alive. */
struct teeio_spdm_req_config {
	const struct teeio_crypto_ops *ops;
	const struct teeio_log *log; /* may be NULL */

	/* SPDMVersion bytes offered (TEEIO_SPDM_V10..V13); the highest one the
	 * responder also lists is selected.  n_versions 0: 1.2 and 1.3. */
	uint8_t versions[TEEIO_SPDM_MAX_VERSIONS];
	size_t n_versions;

	/* Requester capability flags (DSP0274 10.4 Flags: TEEIO_SPDM_CAP_*),
	 * CTExponent, and for 1.2+ the largest transfer / assembled message
	 * we accept. */
	uint32_t caps;
	uint8_t ct_exponent;
	uint32_t data_transfer_size; /* 0: TEEIO_SPDM_REQ_MSG_MAX */
	uint32_t max_spdm_msg_size; /* 0: TEEIO_SPDM_REQ_MSG_MAX */

	/* Algorithms offered (the masks of these lists).  The responder
	 * selects; each selection must be one bit of what we offered.
	 * meas_hash lists the measurement hashes we accept (empty: any of
	 * SHA-256/384/512); meas_raw_only: accept raw-bit-stream-only. */
	struct teeio_spdm_alg_prefs algs;

	/* Trust anchors (DER) for the responder's chain; verification time
	 * (0 = now). */
	const uint8_t *const *roots;
	const size_t *root_lens;
	size_t n_roots;
	int64_t verify_time;

	/* Secured-record binding (teeio_spdm_sec_doe / _mctp); NULL: DOE. */
	const struct teeio_spdm_sec_binding *binding;
	/* Trailing zero bytes accepted after a response (PCIe DOE pads
	 * objects to a DWORD: 3; otherwise 0). */
	uint8_t max_pad;

	/* Busy / ResponseNotReady handling: at most `retries` further attempts;
	 * `delay` (may be NULL) is called with the wait the responder asked
	 * for (RDT in microseconds; 0 for Busy) before each retry.  Tests pass
	 * a counting stub: the library itself never sleeps. */
	unsigned retries;
	void (*delay)(void *ctx, uint64_t usec);
	void *delay_ctx;
};

/* What teeio_spdm_req_config_default() advertises (teeio/spdm.h bits). */
#define TEEIO_SPDM_REQ_CAPS_DEFAULT                                                                \
	(TEEIO_SPDM_CAP_CERT | TEEIO_SPDM_CAP_CHAL | TEEIO_SPDM_CAP_ENCRYPT | TEEIO_SPDM_CAP_MAC | \
	 TEEIO_SPDM_CAP_KEY_EX | TEEIO_SPDM_CAP_HBEAT | TEEIO_SPDM_CAP_KEY_UPD |                   \
	 TEEIO_SPDM_CAP_CHUNK)

enum teeio_spdm_req_sess_state {
	TEEIO_SPDM_REQ_SESS_FREE = 0,
	TEEIO_SPDM_REQ_SESS_HANDSHAKE, /* KEY_EXCHANGE_RSP accepted          */
	TEEIO_SPDM_REQ_SESS_ESTABLISHED, /* FINISH_RSP accepted              */
};

/* One session; internal, embedded in the context. */
struct teeio_spdm_req_session {
	enum teeio_spdm_req_sess_state state;
	uint32_t id; /* RspSessionID << 16 | ReqSessionID          */
	uint8_t slot; /* responder slot used (0xFF: provisioned key) */
	bool hs_in_clear; /* handshake in the clear negotiated           */
	uint8_t heartbeat_period;
	struct teeio_spdm_tr th; /* running TH transcript                     */
	/* KEY_UPDATE(UpdateAllKeys) in flight: an answer that does not open
	 * under the new response key is tried under the old one. */
	bool rsp_update_pending;
	bool rsp_fell_back; /* ... and it opened only under the old one     */
	struct teeio_spdm_ks ks;
	struct teeio_spdm_sec sec;
};

/* Per-slot knowledge about the responder's certificates. */
struct teeio_spdm_req_slot {
	bool digest_valid;
	bool chain_valid; /* chain fetched and verified      */
	uint8_t digest[TEEIO_HASH_MAX]; /* from DIGESTS                    */
	uint8_t chain_hash[TEEIO_HASH_MAX]; /* Hash(whole SPDM cert chain)     */
};

/* The requester context.  Caller-owned; treat every field as private. */
struct teeio_spdm_req {
	const struct teeio_spdm_req_config *cfg;
	struct teeio_spdm_io io;
	struct teeio_spdm_conn conn; /* state, negotiated parameters, VCA      */
	bool dead; /* sticky failure: reset before reuse     */
	bool record_rejected; /* last failure: a secured record (the
	                                session ended, the connection lives) */
	teeio_err dead_reason;

	/* Last ERROR the responder sent (code 0: none). */
	uint8_t peer_error;
	uint8_t peer_error_data;

	/* Transcripts (DSP0274 "Transcript and transcript hash calculation"). */
	struct teeio_spdm_tr m1; /* A || B || C                               */
	struct teeio_spdm_tr l1; /* [A] || measurement exchanges              */
	uint32_t l1_session; /* session the running L1/L2 belongs to (0)  */

	struct teeio_spdm_req_slot slots[TEEIO_SPDM_MAX_SLOTS];
	uint8_t slot_mask; /* from the last DIGESTS                    */
	struct teeio_pkey peer_key; /* leaf key of the verified chain          */
	int peer_key_slot; /* -1: none                                 */

	struct teeio_spdm_req_session sess[TEEIO_SPDM_REQ_SESSIONS];
	uint16_t next_req_session_id;

	/* Message buffers. */
	uint8_t tx[TEEIO_SPDM_REQ_MSG_MAX];
	uint8_t rx[TEEIO_SPDM_REQ_MSG_MAX];
	uint8_t rec_tx[TEEIO_SPDM_REQ_REC_MAX];
	uint8_t rec_rx[TEEIO_SPDM_REQ_REC_MAX];
	uint8_t chunk[TEEIO_SPDM_MAX_MSG]; /* one CHUNK_SEND / CHUNK_RESPONSE    */
	uint8_t chunk_handle; /* last CHUNK_SEND handle used        */
};

/**
 * Fill `cfg` with defaults: versions 1.2 and 1.3, TEEIO_SPDM_REQ_CAPS_DEFAULT,
 * every algorithm teeio knows, DOE binding, 3 retries, no roots.
 */
void teeio_spdm_req_config_default(struct teeio_spdm_req_config *cfg,
				   const struct teeio_crypto_ops *ops);

/**
 * Initialise `r` for a new connection over `io` with configuration `cfg`
 * (borrowed).  Errors: USAGE for a NULL argument or an empty/invalid
 * version or algorithm list.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_req_init(struct teeio_spdm_req *r,
					       const struct teeio_spdm_req_config *cfg,
					       const struct teeio_spdm_io *io);

/** Forget the connection (sessions, transcripts, keys) but keep cfg/io. */
void teeio_spdm_req_reset(struct teeio_spdm_req *r);

/** Wipe every secret and release backend objects.  Safe on a zeroed context. */
void teeio_spdm_req_free(struct teeio_spdm_req *r);

/** The negotiated parameters (valid after teeio_spdm_req_vca). */
const struct teeio_spdm_negotiated *teeio_spdm_req_negotiated(const struct teeio_spdm_req *r);

/**
 * The last SPDM ERROR received (ErrorCode, ErrorData); returns false when the
 * last failing call did not fail on an ERROR response.
 */
bool teeio_spdm_req_peer_error(const struct teeio_spdm_req *r, uint8_t *code, uint8_t *data);

/**
 * GET_VERSION, GET_CAPABILITIES, NEGOTIATE_ALGORITHMS (message A).
 * Errors: PROTO_VERSION (no common version), PROTO_NEGOTIATION (a
 * selection missing, not single or not offered), PROTO* for malformed
 * responses, PROTO_PEER_ERROR for an ERROR answer.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_req_vca(struct teeio_spdm_req *r);

/**
 * GET_DIGESTS.  *slot_mask receives the populated-slot mask (may be NULL);
 * the digests are kept for teeio_spdm_req_certificate to check.
 * Errors: STATE before VCA, PROTO_UNSUPPORTED without CERT_CAP, PROTO*.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_req_digests(struct teeio_spdm_req *r, uint8_t *slot_mask);

/**
 * GET_CERTIFICATE for `slot`, in portions, into chain[cap] (the SPDM
 * certificate-chain form: Length, Reserved, RootHash, DER certificates).
 * Then verifies: Length field, the DIGESTS digest (when known), the root
 * hash, the X.509 chain to the configured roots (role RESPONDER); keeps
 * the leaf public key for CHALLENGE/MEASUREMENTS/KEY_EXCHANGE.
 * Errors: SIZE (cap too small), PROTO*, CRYPTO_CERT, CRYPTO_VERIFY (digest
 * or root hash mismatch).
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_req_certificate(struct teeio_spdm_req *r, uint8_t slot,
						      uint8_t *chain, size_t cap, size_t *len);

/* Measurement summary hash types (DSP0274 CHALLENGE Param2 /
 * KEY_EXCHANGE Param1). */
#define TEEIO_SPDM_MEAS_SUMMARY_NONE 0x00
#define TEEIO_SPDM_MEAS_SUMMARY_TCB 0x01
#define TEEIO_SPDM_MEAS_SUMMARY_ALL 0xFF

/**
 * CHALLENGE on `slot` (its chain must have been verified) asking for
 * summary hash `summary_type`; verifies CHALLENGE_AUTH (cert chain hash,
 * signature over M1).  summary[] receives the measurement summary hash
 * (hash-size bytes; untouched for NONE) and may be NULL.
 * Errors: STATE (no verified chain), PROTO*, CRYPTO_VERIFY.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_req_challenge(struct teeio_spdm_req *r, uint8_t slot,
						    uint8_t summary_type, uint8_t *summary);

#define TEEIO_SPDM_MEAS_OP_COUNT 0x00 /* DSP0274 GET_MEASUREMENTS Param2 */
#define TEEIO_SPDM_MEAS_OP_ALL 0xFF

/* What one GET_MEASUREMENTS call returns. */
struct teeio_spdm_meas_result {
	uint8_t total; /* op COUNT: number of indices                    */
	uint8_t n_blocks; /* blocks decoded into the caller's array         */
	uint8_t content_changed; /* 1.2+ Param2 bits 5:4                          */
	bool signature_verified;
};

/**
 * GET_MEASUREMENTS with operation `op` (COUNT, ALL or an index), signed
 * (with `slot`) or not, outside any session (`session_id` 0) or inside an
 * established one.  The measurement record is copied into
 * record[record_cap] and decoded into blocks[max_blocks].  A signed request
 * verifies the signature over L1/L2 (every unsigned exchange since the
 * last signed one in the same session, or outside sessions, plus this
 * one).
 * Errors: SIZE (caller buffers), PROTO*, CRYPTO_VERIFY, STATE,
 * STATE_NO_SESSION.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_req_measurements(
    struct teeio_spdm_req *r, uint32_t session_id, uint8_t op, bool sign, uint8_t slot,
    uint8_t *record, size_t record_cap, struct teeio_spdm_meas_block *blocks, size_t max_blocks,
    struct teeio_spdm_meas_result *res);

/**
 * KEY_EXCHANGE on `slot` (verified chain) with summary type
 * `summary_type`: generates the DHE key, verifies the responder's signature
 * and (unless the handshake is in the clear) ResponderVerifyData, derives
 * the handshake keys.  *session_id receives the new session's ID; summary
 * (may be NULL) the measurement summary hash.
 * Errors: STATE, PROTO*, CRYPTO_VERIFY, SIZE_LIMIT (no free session).
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_req_key_exchange(struct teeio_spdm_req *r, uint8_t slot,
						       uint8_t summary_type, uint32_t *session_id,
						       uint8_t *summary);

/**
 * FINISH for a session in handshake: RequesterVerifyData, then
 * FINISH_RSP (its ResponderVerifyData when in the clear); derives the data
 * keys.  The session is established on success and freed on failure.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_req_finish(struct teeio_spdm_req *r, uint32_t session_id);

/** HEARTBEAT in an established session. */
TEEIO_MUST_CHECK teeio_err teeio_spdm_req_heartbeat(struct teeio_spdm_req *r, uint32_t session_id);

enum teeio_spdm_key_update_op {
	TEEIO_SPDM_KEY_UPDATE_KEY = 1, /* DSP0274 KEY_UPDATE operation UpdateKey      */
	TEEIO_SPDM_KEY_UPDATE_ALL_KEYS = 2, /* UpdateAllKeys                               */
};

/**
 * KEY_UPDATE (`op`) then VERIFY_NEW_KEY.  If the update is refused or the
 * ACK is wrong, the old keys are restored (teeio_spdm_ks_update_rollback).
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_req_key_update(struct teeio_spdm_req *r, uint32_t session_id,
						     enum teeio_spdm_key_update_op op);

/**
 * END_SESSION; the session's secrets are wiped whatever the answer.
 * `preserve_state` sets the Negotiated State Preservation bit.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_req_end_session(struct teeio_spdm_req *r, uint32_t session_id,
						      bool preserve_state);

/**
 * VENDOR_DEFINED_REQUEST (StandardID, VendorID as on the wire) with
 * `payload`, in session `session_id` (0: outside
 * any session), checking the response echoes the same standard/vendor ID.
 * The response payload goes to rsp[cap], its size to *rsp_len.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_req_vendor(struct teeio_spdm_req *r, uint32_t session_id,
						 uint16_t standard_id, const uint8_t *vendor_id,
						 size_t vendor_id_len, const uint8_t *payload,
						 size_t len, uint8_t *rsp, size_t cap,
						 size_t *rsp_len);

/* What the standard flow should do (teeio_spdm_req_connect). */
struct teeio_spdm_req_connect_opts {
	uint8_t slot;
	bool challenge; /* CHALLENGE after the certificate     */
	bool measurements; /* GET_MEASUREMENTS all, signed         */
	bool session; /* KEY_EXCHANGE + FINISH                */
	uint8_t summary_type;
};

/* What the standard flow found.  chain (required), record and blocks (NULL:
 * no measurements) are caller buffers. */
struct teeio_spdm_req_connect_result {
	struct teeio_spdm_negotiated params;
	uint8_t slot_mask;
	uint8_t *chain;
	size_t chain_cap, chain_len;
	uint8_t *record;
	size_t record_cap;
	struct teeio_spdm_meas_block *blocks;
	size_t max_blocks;
	struct teeio_spdm_meas_result meas;
	uint8_t summary[TEEIO_HASH_MAX]; /* from CHALLENGE_AUTH or KEY_EXCHANGE_RSP */
	uint32_t session_id; /* 0 when no session                      */
};

/**
 * Run VCA, GET_DIGESTS, GET_CERTIFICATE (verify), and as `opts` asks
 * CHALLENGE, signed GET_MEASUREMENTS(all), KEY_EXCHANGE + FINISH.
 * Steps the responder's capabilities do not allow are skipped (e.g. no
 * MEAS_CAP: no measurements).  Fills `res`; stops at the first error.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_req_connect(struct teeio_spdm_req *r,
						  const struct teeio_spdm_req_connect_opts *opts,
						  struct teeio_spdm_req_connect_result *res);

#ifdef __cplusplus
}
#endif
#endif /* TEEIO_SPDM_REQ_H */
