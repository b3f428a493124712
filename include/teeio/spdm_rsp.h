/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio/spdm_rsp.h - the SPDM responder (DSP0274 1.0-1.3, sessions per
 * DSP0277).
 *
 * A device links this in: it fills a struct teeio_spdm_rsp_config (crypto,
 * versions, capabilities, algorithm priorities, certificate slots,
 * measurements, vendor-defined handlers), initialises a caller-owned
 * struct teeio_spdm_rsp, and hands every request it receives to
 * teeio_spdm_rsp_handle (plain SPDM message) or
 * teeio_spdm_rsp_handle_secured (DSP0277 record).  Each call writes one
 * response (an ERROR when nothing else fits) unless the spec says not to
 * answer; nothing is allocated, sizes are bounded by the constants in
 * teeio/spdm.h.
 *
 * Threading: one responder is driven by one thread at a time.  The config
 * and everything it points to must outlive the responder; the measurement
 * table may be changed between calls (bump its generation).
 */
#ifndef TEEIO_SPDM_RSP_H
#define TEEIO_SPDM_RSP_H

#include "teeio/spdm.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TEEIO_SPDM_RSP_MAX_SESSIONS 4

/* One certificate slot: a DER chain, root first, and the leaf's key. */
struct teeio_spdm_rsp_slot {
	const uint8_t *der; /* NULL: slot not provisioned                     */
	size_t der_len;
	const struct teeio_pkey *key; /* private key of the leaf               */
};

/* One measurement the device reports. */
struct teeio_spdm_rsp_meas_entry {
	uint8_t index; /* 1..0xFE, unique                                 */
	uint8_t type; /* enum teeio_spdm_meas_type                        */
	bool raw_only; /* always reported as a raw bit stream             */
	bool tcb; /* part of the TCB summary hash                     */
	const uint8_t *value; /* raw bit stream; hashed with the negotiated
	                         measurement hash unless raw is asked for        */
	uint16_t len;
};

/*
 * The device's measurements.  The DSM may change entries at run time;
 * it bumps `generation` whenever any content changes so the responder can
 * report "content changed" (DSP0274 1.2+ MEASUREMENTS Param2).
 */
struct teeio_spdm_rsp_meas {
	const struct teeio_spdm_rsp_meas_entry *entries;
	size_t n; /* <= TEEIO_SPDM_MAX_MEAS_BLOCKS */
	uint32_t generation;
};

struct teeio_spdm_rsp;

/* Called when a session ends for any reason (END_SESSION, decrypt error,
 * sequence exhaustion, GET_VERSION reset, teeio_spdm_rsp_reset/free). */
typedef void (*teeio_spdm_rsp_session_ended_fn)(void *ctx, struct teeio_spdm_rsp *rsp,
						uint32_t session_id);

struct teeio_spdm_rsp_config {
	const struct teeio_crypto_ops *ops;
	const struct teeio_log *log; /* may be NULL */

	/* Versions offered, any of TEEIO_SPDM_V10..V13 (0-terminated; all 0:
	 * 1.2 and 1.3). */
	uint8_t versions[TEEIO_SPDM_MAX_VERSIONS];

	uint32_t caps; /* TEEIO_SPDM_CAP_* flags                   */
	uint8_t ct_exponent; /* CTExponent (2^ct microseconds)           */
	uint32_t data_transfer_size; /* 0: TEEIO_SPDM_MAX_MSG               */
	uint32_t max_msg_size; /* 0: TEEIO_SPDM_MAX_LARGE_MSG         */

	struct teeio_spdm_alg_prefs algs; /* priority order per field     */

	struct teeio_spdm_rsp_slot slots[TEEIO_SPDM_MAX_SLOTS];
	const struct teeio_spdm_rsp_meas *meas; /* NULL: no measurements */

	const struct teeio_spdm_vendor_handler *vendor; /* registrations */
	size_t n_vendor;

	uint8_t heartbeat_period; /* KEY_EXCHANGE_RSP Param1 (seconds, 0: none) */
	uint8_t max_sessions; /* <= TEEIO_SPDM_RSP_MAX_SESSIONS; 0: max     */
	/*
	 * Session-based mutual authentication (DSP0274 10.15, KEY_EXCHANGE_RSP
	 * MutAuthRequested bit 0, no encapsulated flow): requested when
	 * `mut_auth` is set, the caps include MUT_AUTH, the requester
	 * advertises MUT_AUTH_CAP and the version is 1.2+.  The requester's
	 * certificate chain (DER, root first) is provisioned here; FINISH must
	 * then carry the requester's signature over TH (ReqSlotID 0).
	 */
	bool mut_auth;
	const uint8_t *req_chain_der;
	size_t req_chain_len;
	/* Secured-message record binding for sessions (NULL: PCIe DOE). */
	const struct teeio_spdm_sec_binding *binding;

	teeio_spdm_rsp_session_ended_fn session_ended;
	void *session_ended_ctx;

	/*
	 * Optional: asked before a request (other than VCA, chunking,
	 * RESPOND_IF_READY and END_SESSION) is processed; returning true
	 * answers ERROR(ResponseNotReady) and keeps the request until the
	 * requester sends RESPOND_IF_READY (DSP0274 10.12.1).  The hook is
	 * asked again then.  rdt_exponent / rdtm fill the extended error data.
	 */
	bool (*not_ready)(void *ctx, uint8_t request_code);
	void *not_ready_ctx;
	uint8_t rdt_exponent; /* RDTExponent: 2^x microseconds */
	uint8_t rdtm; /* RDTM multiplier               */
};

enum teeio_spdm_rsp_session_state {
	TEEIO_SPDM_RSP_SESSION_FREE = 0,
	TEEIO_SPDM_RSP_SESSION_HANDSHAKE, /* KEY_EXCHANGE_RSP sent, FINISH due */
	TEEIO_SPDM_RSP_SESSION_ESTABLISHED,
};

/* One session slot (fixed table inside the responder). */
struct teeio_spdm_rsp_session {
	enum teeio_spdm_rsp_session_state state;
	uint32_t id; /* RspSessionID << 16 | ReqSessionID */
	uint8_t slot; /* certificate slot used in KEY_EXCHANGE */
	bool hs_clear; /* handshake in the clear                 */
	bool mut_auth; /* FINISH must carry a signature          */
	bool end_pending; /* END_SESSION_ACK sent: tear down after  */
	bool key_update_pending; /* a KEY_UPDATE awaits VerifyNewKey  */
	bool finish_pending; /* FINISH_RSP built: data keys after it is sent */
	uint8_t th2[TEEIO_HASH_MAX]; /* TH2 digest for the data keys     */
	uint16_t sm_version; /* DSP0277 version selected              */
	struct teeio_spdm_tr th; /* VCA || Ct || K || F ...           */
	struct teeio_spdm_ks ks;
	struct teeio_spdm_sec sec;
};

/* Chunked transfer state (DSP0274 1.2 CHUNK_SEND / CHUNK_GET). */
struct teeio_spdm_rsp_chunk {
	bool rx_active;
	uint8_t rx_handle;
	uint16_t rx_seq;
	uint32_t rx_total, rx_len;
	bool tx_active;
	uint8_t tx_handle;
	uint16_t tx_seq;
	uint32_t tx_total, tx_off;
	uint8_t next_handle;
	/* The session each transfer belongs to (0: plain); a chunk request
	 * from anywhere else is refused, so a response built inside a session
	 * never leaves in the clear. */
	uint32_t rx_session, tx_session;
	uint8_t rx[TEEIO_SPDM_MAX_LARGE_MSG];
	uint8_t tx[TEEIO_SPDM_MAX_LARGE_MSG];
};

/* The responder.  Caller-owned; initialise with teeio_spdm_rsp_init. */
struct teeio_spdm_rsp {
	const struct teeio_spdm_rsp_config *cfg;
	struct teeio_spdm_conn conn;
	uint32_t local_caps; /* caps as advertised for the negotiated version */

	/* SPDM chain headers per slot for the negotiated hash (4+H bytes). */
	uint8_t chain_hdr[TEEIO_SPDM_MAX_SLOTS][TEEIO_SPDM_CHAIN_HDR_MAX];
	size_t chain_hdr_len[TEEIO_SPDM_MAX_SLOTS];
	uint8_t chain_digest[TEEIO_SPDM_MAX_SLOTS][TEEIO_HASH_MAX];
	uint8_t req_chain_digest[TEEIO_HASH_MAX]; /* "Cm" when mutual auth */

	struct teeio_spdm_tr m1; /* VCA || B || C for CHALLENGE_AUTH        */
	struct teeio_spdm_tr l1; /* VCA || GET_MEASUREMENTS/MEASUREMENTS... */
	uint32_t l1_session; /* session the running L1/L2 belongs to    */
	uint32_t l1_generation; /* measurement generation at L1 start      */

	struct teeio_spdm_rsp_session sessions[TEEIO_SPDM_RSP_MAX_SESSIONS];
	uint16_t next_rsp_session_id;

	struct teeio_spdm_rsp_chunk chunk;

	/* A request answered with ResponseNotReady, kept for RESPOND_IF_READY. */
	struct {
		bool active;
		uint8_t code, token;
		uint32_t session; /* 0: plain */
		size_t len;
		uint8_t req[TEEIO_SPDM_MAX_MSG];
	} pending;

	/* Decrypted request / plaintext response of a secured message. */
	uint8_t app_in[TEEIO_SPDM_MAX_MSG];
	uint8_t app_out[TEEIO_SPDM_MAX_MSG];
};

/**
 * Initialise `rsp` for `cfg` (kept by pointer).  Checks the configuration:
 * USAGE_CONFIG for unknown versions, capability combinations the spec
 * forbids (e.g. KEY_EX without ENCRYPT or MAC, CHAL without CERT), ones
 * this responder does not implement (PSK, PUB_KEY_ID, ENCAP; MUT_AUTH
 * without `mut_auth` and a requester chain), an empty algorithm list a
 * capability needs, no provisioned slot with CERT; USAGE without ops.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_rsp_init(struct teeio_spdm_rsp *rsp,
					       const struct teeio_spdm_rsp_config *cfg);
/** Back to NOT_STARTED: every session ends (hook called), secrets wiped. */
void teeio_spdm_rsp_reset(struct teeio_spdm_rsp *rsp);
/** Reset and release everything the crypto backend holds. */
void teeio_spdm_rsp_free(struct teeio_spdm_rsp *rsp);

/**
 * Handle one plain (unsecured) SPDM request of `len` bytes.  `max_pad` is
 * how many trailing zero bytes the transport may have added (3 for PCIe
 * DOE, 0 otherwise).  Writes the response into out (*out_len in:
 * capacity, out: response length; 0 means "send nothing", which only
 * happens where the spec forbids a response).
 * Returns TEEIO_OK whenever a response (possibly ERROR) was produced;
 * SIZE when `out` cannot hold even an ERROR, USAGE for NULL arguments.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_rsp_handle(struct teeio_spdm_rsp *rsp, const uint8_t *req,
						 size_t len, size_t max_pad, uint8_t *out,
						 size_t *out_len);

/**
 * Handle one DSP0277 secured message: find the session, decrypt with
 * teeio_spdm_sec_open, dispatch the SPDM request inside with that session,
 * and encrypt the response into out.  An unknown session ID or a record
 * that does not decrypt answers a plain ERROR(DecryptError) and ends the
 * session (when known).  *out_len as teeio_spdm_rsp_handle.  *out_secured
 * (may be NULL) tells whether `out` is a secured record (true) or a plain
 * SPDM message (false), so transports can frame it without guessing.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_rsp_handle_secured(struct teeio_spdm_rsp *rsp,
							 const uint8_t *rec, size_t len,
							 size_t max_pad, uint8_t *out,
							 size_t *out_len, bool *out_secured);

/** The session with `session_id`, or NULL (FREE slots never match). */
struct teeio_spdm_rsp_session *teeio_spdm_rsp_session_find(struct teeio_spdm_rsp *rsp,
							   uint32_t session_id);
/** End a session now (hook called, keys wiped).  No-op when unknown. */
void teeio_spdm_rsp_session_end(struct teeio_spdm_rsp *rsp, uint32_t session_id);

#ifdef __cplusplus
}
#endif
#endif /* TEEIO_SPDM_RSP_H */
