/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio/spdm_secured.h - the SPDM session key schedule (DSP0274 1.1-1.3,
 * "Key schedule") and the secured-message record layer (DSP0277).
 *
 * Pure functions over caller-owned contexts: no allocation beyond what the
 * crypto backend holds inside an AEAD context, no I/O, no SPDM state
 * machine.  The SPDM requester/responder (teeio/spdm.h) drive them:
 *
 *   KEY_EXCHANGE_RSP built/received -> teeio_spdm_ks_init(dhe_secret)
 *                                     teeio_spdm_ks_handshake(TH1 hash)
 *                                     -> handshake keys, finished keys
 *   FINISH_RSP built/received       -> teeio_spdm_ks_data(TH2 hash)
 *                                     -> data keys, export master secret
 *   KEY_UPDATE                      -> teeio_spdm_ks_update(dir)
 *
 * and then teeio_spdm_sec_seal()/teeio_spdm_sec_open() wrap and unwrap
 * every message of the session with the keys of the current phase.
 */
#ifndef TEEIO_SPDM_SECURED_H
#define TEEIO_SPDM_SECURED_H

#include "teeio/common.h"
#include "teeio/crypto.h"

#ifdef __cplusplus
extern "C" {
#endif

/* SPDMVersion byte values (DSP0274 "SPDMVersion": major<<4 | minor). */
#define TEEIO_SPDM_V10 0x10
#define TEEIO_SPDM_V11 0x11
#define TEEIO_SPDM_V12 0x12
#define TEEIO_SPDM_V13 0x13

enum teeio_spdm_dir {
	TEEIO_SPDM_DIR_REQ = 0, /* requester -> responder */
	TEEIO_SPDM_DIR_RSP = 1, /* responder -> requester */
};

/* Keys of one direction for the current phase, with its sequence number. */
struct teeio_spdm_dir_keys {
	uint8_t secret[TEEIO_HASH_MAX]; /* handshake or data secret */
	uint8_t key[TEEIO_AEAD_KEY_MAX];
	uint8_t iv[TEEIO_AEAD_IV_SIZE];
	uint64_t seq; /* next sequence number (DSP0277) */
};

enum teeio_spdm_ks_phase {
	TEEIO_SPDM_KS_EMPTY = 0,
	TEEIO_SPDM_KS_STARTED, /* after ks_init: HandshakeSecret only */
	TEEIO_SPDM_KS_HANDSHAKE, /* after ks_handshake */
	TEEIO_SPDM_KS_DATA, /* after ks_data */
};

struct teeio_spdm_ks {
	const struct teeio_crypto_ops *ops;
	uint8_t version; /* negotiated SPDMVersion, selects the bin_str label */
	enum teeio_hash_alg hash;
	enum teeio_aead_alg aead;
	enum teeio_spdm_ks_phase phase;
	uint8_t handshake_secret[TEEIO_HASH_MAX];
	uint8_t master_secret[TEEIO_HASH_MAX];
	uint8_t req_finished_key[TEEIO_HASH_MAX];
	uint8_t rsp_finished_key[TEEIO_HASH_MAX];
	uint8_t export_master_secret[TEEIO_HASH_MAX];
	struct teeio_spdm_dir_keys dir[2]; /* indexed by enum teeio_spdm_dir */
	/* KEY_UPDATE keeps the previous keys of a direction until the update
	 * is verified, so a failed update can be rolled back. */
	struct teeio_spdm_dir_keys prev[2];
	bool prev_valid[2];
};

/* Largest (EC)DHE secret or PSK accepted by ks_init / ks_init_psk. */
#define TEEIO_SPDM_KS_SECRET_MAX 128

/**
 * Start a key schedule from the (EC)DHE shared secret.
 * Computes HandshakeSecret = HKDF-Extract(Salt_0 = 0-filled, secret).
 * `version` is the negotiated SPDMVersion (1.1, 1.2 or 1.3; 1.0 has no
 * sessions).  Any previous content of *ks is overwritten (wipe it first).
 * Errors: USAGE for an unknown version/hash/aead or a bad secret length,
 * CRYPTO when the backend fails (*ks is then wiped).
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_ks_init(struct teeio_spdm_ks *ks,
					      const struct teeio_crypto_ops *ops, uint8_t version,
					      enum teeio_hash_alg hash, enum teeio_aead_alg aead,
					      const uint8_t *shared_secret, size_t secret_len);

/**
 * Like teeio_spdm_ks_init, for a PSK session: the PSK is the input key.
 * SPDM 1.3 uses Salt_0 = 0xFF-filled for a PSK (1.1/1.2: 0-filled).
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_ks_init_psk(struct teeio_spdm_ks *ks,
						  const struct teeio_crypto_ops *ops,
						  uint8_t version, enum teeio_hash_alg hash,
						  enum teeio_aead_alg aead, const uint8_t *psk,
						  size_t psk_len);

/**
 * Derive the request/response handshake secrets, their AEAD keys and IVs
 * and both finished keys from TH1 (the transcript hash after
 * KEY_EXCHANGE_RSP's signature; teeio_hash_size(hash) bytes).  Sequence
 * numbers restart at 0.  Errors: STATE unless just after ks_init; CRYPTO
 * (the schedule is then wiped and must be restarted).
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_ks_handshake(struct teeio_spdm_ks *ks, const uint8_t *th1);

/**
 * Derive the master secret, the request/response data secrets, their keys
 * and IVs, and the export master secret from TH2 (the transcript hash
 * after FINISH_RSP).  Handshake secrets and both finished keys are wiped
 * (compute and check FINISH/FINISH_RSP verify_data before this call);
 * sequence numbers restart at 0.  Errors: STATE unless in the handshake
 * phase; CRYPTO (the schedule is then wiped).
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_ks_data(struct teeio_spdm_ks *ks, const uint8_t *th2);

/**
 * KEY_UPDATE: move direction `dir` to the next data secret
 * (HKDF-Expand(secret, bin_str9 "traffic upd")), new key and IV, sequence
 * number back to 0.  The old keys are kept in prev[dir] until
 * teeio_spdm_ks_update_commit() or teeio_spdm_ks_update_rollback().
 * Re-key the record layer (teeio_spdm_sec_rekey) after this call.
 * Errors: STATE outside the data phase or while an update of `dir` is
 * still pending (neither committed nor rolled back); USAGE for a bad dir;
 * CRYPTO (the direction is left unchanged).
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_ks_update(struct teeio_spdm_ks *ks, enum teeio_spdm_dir dir);
/** Forget (wipe) the keys kept by the last ks_update of `dir`. No-op if none. */
void teeio_spdm_ks_update_commit(struct teeio_spdm_ks *ks, enum teeio_spdm_dir dir);
/** Restore the keys (and sequence number) `dir` had before the last
 * ks_update; then re-key the record layer.  No-op if none pending. */
void teeio_spdm_ks_update_rollback(struct teeio_spdm_ks *ks, enum teeio_spdm_dir dir);

/**
 * The verify_data of FINISH / FINISH_RSP: HMAC(finished_key[dir], th_hash).
 * th_hash and out are teeio_hash_size(ks->hash) bytes.  Errors: STATE
 * outside the handshake phase; USAGE for a bad dir; CRYPTO.
 * Compare a received verify_data with teeio_ct_memeq.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_ks_finished_mac(const struct teeio_spdm_ks *ks,
						      enum teeio_spdm_dir dir,
						      const uint8_t *th_hash, uint8_t *out);

/** Wipe every secret in the schedule. */
void teeio_spdm_ks_wipe(struct teeio_spdm_ks *ks);

/* ------------------------------------------------------------------------ */
/* Secured messages (DSP0277). */

/*
 * What differs between transports (DSP0277 "transport binding"): the size
 * of the sequence number carried on the wire and the random padding.
 *  - PCIe DOE (secured CMA/SPDM): no sequence number on the wire, no padding;
 *    a DOE object is dword-sized, so up to 3 zero bytes may follow the
 *    record (libspdm pads so) - open() accepts and checks them.
 *  - MCTP (DSP0276): 2-byte sequence number, 1..32 random padding bytes; the
 *    plaintext application data starts with the MCTP message type byte.
 * Any other binding may carry 0..8 sequence-number bytes.
 */
struct teeio_spdm_sec_binding {
	uint8_t seq_wire_len; /* 0 (DOE) or 2 (MCTP); at most 8 */
	uint8_t max_random_pad; /* 0 (DOE); MCTP: 1..this many random bytes */
	uint8_t max_trailing; /* zero bytes allowed after the record (DOE: 3) */
};
extern const struct teeio_spdm_sec_binding teeio_spdm_sec_doe;
extern const struct teeio_spdm_sec_binding teeio_spdm_sec_mctp;

/** SessionID from its halves (DSP0274 KEY_EXCHANGE: ReqSessionID is the
 * low 16 bits, RspSessionID the high 16 bits, as libspdm builds it). */
static inline uint32_t teeio_spdm_session_id(uint16_t req_half, uint16_t rsp_half)
{
	return ((uint32_t)rsp_half << 16) | req_half;
}

/*
 * How the 64-bit sequence number enters the per-message AEAD nonce.
 * DSP0277 1.2 fixes it: little-endian, XORed into the leftmost 8 bytes of
 * the IV (libspdm's default for every version).  DSP0277 1.0/1.1 left it
 * open and some 1.1 peers use big-endian into the rightmost 8 bytes (the
 * TLS 1.3 rule), which libspdm offers as an option.
 */
enum teeio_spdm_seq_endian {
	TEEIO_SPDM_SEQ_LE = 0, /* default, DSP0277 1.2 */
	TEEIO_SPDM_SEQ_BE = 1, /* DSP0277 1.0/1.1 variant */
};

/* A keyed AEAD per direction, re-keyed whenever the schedule moves.
 * Zero-initialise, then set binding and session_id (and optionally
 * seq_endian, max_seq); teeio_spdm_sec_rekey sets ops. */
struct teeio_spdm_sec {
	const struct teeio_crypto_ops *ops;
	const struct teeio_spdm_sec_binding *binding;
	uint32_t session_id;
	enum teeio_spdm_seq_endian seq_endian;
	/* seal/open refuse (STATE) once a direction's sequence number reaches
	 * this; 0 means UINT64_MAX (the counter never wraps, DSP0277). */
	uint64_t max_seq;
	struct teeio_aead aead[2];
	bool keyed[2];
};

/** Most bytes seal() adds around `app` with this binding (header, length
 * fields, padding, MAC). */
size_t teeio_spdm_sec_overhead(const struct teeio_spdm_sec_binding *binding);

/**
 * Bind the AEAD contexts of both directions to the schedule's current
 * keys (call after ks_handshake, ks_data, ks_update and ks_update_rollback).
 * Errors: USAGE without a binding, STATE before ks_handshake, CRYPTO (both
 * contexts are then released).
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_sec_rekey(struct teeio_spdm_sec *sec,
						struct teeio_spdm_ks *ks);

/**
 * Wrap `app` (an SPDM message, or for MCTP the type byte + message) for
 * direction `dir` into `out`: SessionID | [seq] | Length | ciphertext
 * { AppDataLength | app | pad } | MAC.  Uses and advances
 * ks->dir[dir].seq.  Errors: SIZE when out is too small (out unchanged),
 * SIZE_LIMIT when the record would not fit the 16-bit Length, STATE when
 * not keyed or the sequence number is exhausted (the session must end),
 * CRYPTO / CRYPTO_RNG.  Nothing of `app` is left in out on failure.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_sec_seal(struct teeio_spdm_sec *sec, struct teeio_spdm_ks *ks,
					       enum teeio_spdm_dir dir, const uint8_t *app,
					       size_t app_len, struct teeio_buf *out);

/**
 * Unwrap a secured message received for direction `dir`.  Checks the
 * session ID, the wire sequence number (when the binding carries one)
 * against the expected one, the length fields and the MAC; on success
 * writes the application data to `app` (*app_len in: capacity, out: used)
 * and advances the sequence number.  The capacity must hold the whole
 * decrypted area (Length - MAC size: app data + 2 + padding), which is
 * decrypted in place into `app`.  Errors: CRYPTO_VERIFY for a wrong MAC,
 * replayed/reordered sequence or wrong session ID (the caller answers
 * DecryptError and tears the session down); SIZE_TRUNCATED when the
 * message is shorter than its header or its Length; SIZE_TRAILING /
 * PROTO_RESERVED for bytes after the record beyond the binding's zero
 * padding; PROTO for a Length too small for AppDataLength + MAC or an
 * AppDataLength larger than the decrypted area; SIZE when app is too
 * small; STATE when not keyed or the sequence number is exhausted.
 * On any failure nothing decrypted is left in `app` and the sequence
 * number is unchanged.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_sec_open(struct teeio_spdm_sec *sec, struct teeio_spdm_ks *ks,
					       enum teeio_spdm_dir dir, const uint8_t *msg,
					       size_t len, uint8_t *app, size_t *app_len);

/** Read the SessionID of a secured message without decrypting it. */
TEEIO_MUST_CHECK teeio_err teeio_spdm_sec_peek_session(const uint8_t *msg, size_t len,
						       uint32_t *session_id);

/** Release both AEAD contexts (safe on a zeroed or freed sec). */
void teeio_spdm_sec_free(struct teeio_spdm_sec *sec);

#ifdef __cplusplus
}
#endif
#endif /* TEEIO_SPDM_SECURED_H */
