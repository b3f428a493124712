/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio/spdm.h - SPDM (DMTF DSP0274 1.0-1.3) types and the core shared by
 * the requester (teeio/spdm_req.h) and the responder (teeio/spdm_rsp.h).
 *
 * Core API summary (all caller-owned, no allocation, no global state):
 *
 *  Connection   struct teeio_spdm_conn: state (NOT_STARTED .. AUTHENTICATED),
 *               the negotiated parameters (struct teeio_spdm_negotiated), the
 *               raw VCA bytes and a running hash of them.
 *                 teeio_spdm_conn_init / _reset / _free
 *                 teeio_spdm_conn_vca_append (GET_VERSION..ALGORITHMS bytes)
 *                 teeio_spdm_conn_vca_seal   (start the VCA hash once the
 *                                             hash algorithm is known)
 *  Versions     teeio_spdm_version_entry / teeio_spdm_version_from_entry
 *  Algorithms   wire bit <-> teeio_* enum (teeio_spdm_asym_bit, ..._from_bit),
 *               preference lists -> masks (teeio_spdm_*_mask) and selection
 *               of the first preferred algorithm the peer offered
 *               (teeio_spdm_select_*).
 *  Transcripts  struct teeio_spdm_tr: a running teeio_hash, optionally
 *               started from the VCA hash (teeio_spdm_tr_start), updated
 *               per message, read without ending it (teeio_spdm_tr_peek).
 *  Signatures   teeio_spdm_sign_msg (1.2+ prefix || pad || context || hash),
 *               teeio_spdm_sign / teeio_spdm_verify (version rules for
 *               1.0/1.1 vs 1.2+, ECDSA/RSA vs EdDSA).
 *  Cert chains  teeio_spdm_chain_header (Length, Reserved, RootHash of the
 *               SPDM chain form built from DER), teeio_spdm_chain_digest.
 *  Measurements struct teeio_spdm_meas_block, teeio_spdm_meas_block_encode
 *               / _decode (DMTF measurement block).
 *  Errors       teeio_spdm_error_encode / _decode, teeio_spdm_err_code
 *               (teeio_err -> SPDM error code).
 *  Opaque data  DSP0277 secured-message version negotiation element:
 *               teeio_spdm_opaque_versions_encode/_decode (requester list),
 *               teeio_spdm_opaque_selection_encode/_decode (responder pick).
 *  Vendor       struct teeio_spdm_vendor_handler registrations and
 *               teeio_spdm_vendor_find (standard ID, vendor ID, protocol ID).
 *  Framing      teeio_spdm_expect_end_pad (accept up to max_pad trailing
 *               zero bytes, as PCIe DOE DWORD padding needs).
 *
 * Wire constants live in src/spdm/wire.h; capability flags are here since
 * configurations use them.
 */
#ifndef TEEIO_SPDM_H
#define TEEIO_SPDM_H

#include "teeio/common.h"
#include "teeio/crypto.h"
#include "teeio/spdm_secured.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Limits.                                                                  */

#define TEEIO_SPDM_MAX_SLOTS 8 /* DSP0274: SlotID 0..7             */
#define TEEIO_SPDM_NONCE_SIZE 32
#define TEEIO_SPDM_RANDOM_SIZE 32
#define TEEIO_SPDM_REQ_CONTEXT_SIZE 8 /* 1.3 RequesterContext             */
#define TEEIO_SPDM_MAX_VERSIONS 4 /* 1.0, 1.1, 1.2, 1.3               */
#define TEEIO_SPDM_VCA_MAX 512 /* buffered VCA message bytes        */
#define TEEIO_SPDM_MAX_MSG 4096 /* one SPDM message (DataTransferSize) */
#define TEEIO_SPDM_MAX_LARGE_MSG 16384 /* assembled from chunks (MaxSPDMmsgSize) */
#define TEEIO_SPDM_MAX_OPAQUE 1024 /* OpaqueData we accept / produce    */
#define TEEIO_SPDM_MAX_MEAS_BLOCKS 64
#define TEEIO_SPDM_MAX_MEAS_VALUE 1024 /* one measurement value             */
#define TEEIO_SPDM_CHAIN_HDR_MAX (4 + TEEIO_HASH_MAX)
#define TEEIO_SPDM_MAX_VENDOR_HANDLERS 8

/* ------------------------------------------------------------------------ */
/* Capability flags (DSP0274 10.4, Tables "Requester/Responder flag         */
/* fields"): the wire values of CAPABILITIES.Flags.                         */

#define TEEIO_SPDM_CAP_CACHE (1u << 0) /* responder only          */
#define TEEIO_SPDM_CAP_CERT (1u << 1)
#define TEEIO_SPDM_CAP_CHAL (1u << 2)
#define TEEIO_SPDM_CAP_MEAS_NO_SIG (1u << 3) /* MEAS_CAP = 01b          */
#define TEEIO_SPDM_CAP_MEAS_SIG (1u << 4) /* MEAS_CAP = 10b          */
#define TEEIO_SPDM_CAP_MEAS_MASK (3u << 3)
#define TEEIO_SPDM_CAP_MEAS_FRESH (1u << 5)
#define TEEIO_SPDM_CAP_ENCRYPT (1u << 6)
#define TEEIO_SPDM_CAP_MAC (1u << 7)
#define TEEIO_SPDM_CAP_MUT_AUTH (1u << 8)
#define TEEIO_SPDM_CAP_KEY_EX (1u << 9)
#define TEEIO_SPDM_CAP_PSK_MASK (3u << 10)
#define TEEIO_SPDM_CAP_ENCAP (1u << 12)
#define TEEIO_SPDM_CAP_HBEAT (1u << 13)
#define TEEIO_SPDM_CAP_KEY_UPD (1u << 14)
#define TEEIO_SPDM_CAP_HANDSHAKE_IN_THE_CLEAR (1u << 15)
#define TEEIO_SPDM_CAP_PUB_KEY_ID (1u << 16)
#define TEEIO_SPDM_CAP_CHUNK (1u << 17) /* 1.2                     */
#define TEEIO_SPDM_CAP_ALIAS_CERT (1u << 18) /* 1.2, responder          */
/* Flags defined for each version (bits above are reserved). */
#define TEEIO_SPDM_CAP_RSP_10_MASK 0x0000003Fu
#define TEEIO_SPDM_CAP_RSP_11_MASK 0x0001FFFFu
#define TEEIO_SPDM_CAP_RSP_12_MASK 0x003FFFFFu
#define TEEIO_SPDM_CAP_RSP_13_MASK 0x3FFFFFFFu
#define TEEIO_SPDM_CAP_REQ_11_MASK 0x0001FFC6u
#define TEEIO_SPDM_CAP_REQ_12_MASK 0x0003FFC6u
#define TEEIO_SPDM_CAP_REQ_13_MASK 0x0EC3FFC6u

/* ------------------------------------------------------------------------ */
/* Connection state and negotiated parameters.                              */

enum teeio_spdm_conn_state {
	TEEIO_SPDM_CONN_NOT_STARTED = 0,
	TEEIO_SPDM_CONN_AFTER_VERSION,
	TEEIO_SPDM_CONN_AFTER_CAPABILITIES,
	TEEIO_SPDM_CONN_NEGOTIATED, /* after ALGORITHMS                      */
	TEEIO_SPDM_CONN_AFTER_DIGESTS,
	TEEIO_SPDM_CONN_AFTER_CERTIFICATE,
	TEEIO_SPDM_CONN_AUTHENTICATED, /* after a successful CHALLENGE_AUTH  */
};

/* What VCA settled.  Bit fields are the wire values; the enums are the same
 * choices mapped onto the crypto layer. */
struct teeio_spdm_negotiated {
	uint8_t version; /* SPDMVersion byte (TEEIO_SPDM_V1x); 0 before VERSION */

	/* CAPABILITIES of each side (1.2+ sizes; 0 when not sent). */
	uint32_t req_caps, rsp_caps;
	uint8_t req_ct_exponent, rsp_ct_exponent;
	uint32_t req_data_transfer_size, req_max_msg_size;
	uint32_t rsp_data_transfer_size, rsp_max_msg_size;

	/* ALGORITHMS selections (wire bits, exactly one bit or 0). */
	uint8_t meas_spec; /* MeasurementSpecificationSel              */
	uint8_t other_params; /* OtherParamsSelection (opaque data format) */
	uint32_t meas_hash_bit; /* MeasurementHashAlgo                      */
	uint32_t asym_bit, hash_bit, dhe_bit, aead_bit, req_asym_bit, key_schedule_bit;

	/* The same, as crypto-layer enums (NONE when not selected). */
	enum teeio_sig_alg asym;
	enum teeio_hash_alg hash;
	enum teeio_hash_alg meas_hash; /* NONE with meas_raw_only            */
	bool meas_raw_only;
	enum teeio_dhe_alg dhe;
	enum teeio_aead_alg aead;
	enum teeio_sig_alg req_asym;
};

/* One side's view of a connection: state, parameters, VCA transcript. */
struct teeio_spdm_conn {
	const struct teeio_crypto_ops *ops;
	enum teeio_spdm_conn_state state;
	struct teeio_spdm_negotiated neg;
	uint8_t vca[TEEIO_SPDM_VCA_MAX]; /* GET_VERSION .. ALGORITHMS bytes  */
	size_t vca_len;
	struct teeio_hash vca_hash; /* running hash of vca (after seal)      */
	bool vca_sealed;
};

/** Initialise a connection (NOT_STARTED) that will use `ops`. */
void teeio_spdm_conn_init(struct teeio_spdm_conn *c, const struct teeio_crypto_ops *ops);
/** Back to NOT_STARTED: negotiated parameters and VCA are forgotten. */
void teeio_spdm_conn_reset(struct teeio_spdm_conn *c);
/** Release the VCA hash (same as reset; the struct may then be discarded). */
void teeio_spdm_conn_free(struct teeio_spdm_conn *c);
/**
 * Append one VCA message (GET_VERSION, VERSION, GET_CAPABILITIES,
 * CAPABILITIES, NEGOTIATE_ALGORITHMS, ALGORITHMS, exactly as on the wire).
 * Errors: SIZE_LIMIT when the VCA buffer would overflow; STATE after seal.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_conn_vca_append(struct teeio_spdm_conn *c, const uint8_t *msg,
						      size_t len);
/**
 * Start the running VCA hash with neg.hash over the buffered VCA bytes.
 * Call once ALGORITHMS is appended.  Errors: USAGE without a hash, CRYPTO.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_conn_vca_seal(struct teeio_spdm_conn *c);

/** Digest size of the negotiated base hash (0 before ALGORITHMS). */
static inline size_t teeio_spdm_hash_size(const struct teeio_spdm_conn *c)
{
	return teeio_hash_size(c->neg.hash);
}
/** Signature size of the negotiated responder asymmetric algorithm. */
static inline size_t teeio_spdm_sig_size(const struct teeio_spdm_conn *c)
{
	return teeio_sig_size(c->neg.asym);
}

/* ------------------------------------------------------------------------ */
/* Versions.                                                                */

/** VERSION entry (u16, major<<12 | minor<<8) of an SPDMVersion byte. */
static inline uint16_t teeio_spdm_version_entry(uint8_t v)
{
	return (uint16_t)(v << 8);
}
/** SPDMVersion byte of a VERSION entry (update/alpha ignored). */
static inline uint8_t teeio_spdm_version_from_entry(uint16_t e)
{
	return (uint8_t)(e >> 8);
}
/** True for the versions teeio implements (1.0 .. 1.3). */
bool teeio_spdm_version_known(uint8_t v);

/* ------------------------------------------------------------------------ */
/* Algorithms: wire bits <-> crypto enums, preference lists, selection.      */

/*
 * Preference lists are arrays in priority order, terminated by NONE (0) or
 * by their capacity.  An empty list means "none offered".
 */
#define TEEIO_SPDM_PREF_MAX 12
struct teeio_spdm_alg_prefs {
	enum teeio_sig_alg asym[TEEIO_SPDM_PREF_MAX]; /* BaseAsymAlgo      */
	enum teeio_hash_alg hash[4]; /* BaseHashAlgo      */
	enum teeio_hash_alg meas_hash[4]; /* MeasurementHashAlgo */
	bool meas_raw_only; /* responder: report MeasurementHashAlgo = raw only */
	enum teeio_dhe_alg dhe[4];
	enum teeio_aead_alg aead[4];
	enum teeio_sig_alg req_asym[TEEIO_SPDM_PREF_MAX]; /* ReqBaseAsymAlg    */
	bool key_schedule_spdm; /* KeySchedule SPDM  */
	bool meas_spec_dmtf; /* MeasurementSpec DMTF */
};

/** Wire bit of an algorithm (0 when it has none). */
uint32_t teeio_spdm_asym_bit(enum teeio_sig_alg a);
uint32_t teeio_spdm_hash_bit(enum teeio_hash_alg h);
uint32_t teeio_spdm_meas_hash_bit(enum teeio_hash_alg h);
uint32_t teeio_spdm_dhe_bit(enum teeio_dhe_alg d);
uint32_t teeio_spdm_aead_bit(enum teeio_aead_alg a);
/** The algorithm of exactly one wire bit (NONE for 0, several or unknown). */
enum teeio_sig_alg teeio_spdm_asym_from_bit(uint32_t bit);
enum teeio_hash_alg teeio_spdm_hash_from_bit(uint32_t bit);
enum teeio_hash_alg teeio_spdm_meas_hash_from_bit(uint32_t bit);
enum teeio_dhe_alg teeio_spdm_dhe_from_bit(uint32_t bit);
enum teeio_aead_alg teeio_spdm_aead_from_bit(uint32_t bit);

/** Masks of preference lists (what we offer/support on the wire). */
uint32_t teeio_spdm_asym_mask(const enum teeio_sig_alg *list, size_t cap);
uint32_t teeio_spdm_hash_mask(const enum teeio_hash_alg *list, size_t cap);
uint32_t teeio_spdm_meas_hash_mask(const enum teeio_hash_alg *list, size_t cap);
uint32_t teeio_spdm_dhe_mask(const enum teeio_dhe_alg *list, size_t cap);
uint32_t teeio_spdm_aead_mask(const enum teeio_aead_alg *list, size_t cap);

/** First algorithm of `list` whose bit is in `peer_mask`; NONE if none. */
enum teeio_sig_alg teeio_spdm_select_asym(const enum teeio_sig_alg *list, size_t cap,
					  uint32_t peer_mask);
enum teeio_hash_alg teeio_spdm_select_hash(const enum teeio_hash_alg *list, size_t cap,
					   uint32_t peer_mask);
enum teeio_hash_alg teeio_spdm_select_meas_hash(const enum teeio_hash_alg *list, size_t cap,
						uint32_t peer_mask);
enum teeio_dhe_alg teeio_spdm_select_dhe(const enum teeio_dhe_alg *list, size_t cap,
					 uint32_t peer_mask);
enum teeio_aead_alg teeio_spdm_select_aead(const enum teeio_aead_alg *list, size_t cap,
					   uint32_t peer_mask);

/** A sensible default preference set (P-384 first, SHA-384 first, ...). */
void teeio_spdm_alg_prefs_default(struct teeio_spdm_alg_prefs *p);

/* ------------------------------------------------------------------------ */
/* Transcripts.                                                             */

/* A running transcript hash (M1/M2, L1/L2, TH).  Zero-initialised = idle. */
struct teeio_spdm_tr {
	const struct teeio_crypto_ops *ops;
	struct teeio_hash h;
	bool live;
};

/**
 * (Re)start `tr`: a copy of the connection's running VCA hash when
 * `with_vca` (the connection must be sealed), else an empty hash with
 * neg.hash.  A live transcript is released first.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_tr_start(struct teeio_spdm_tr *tr,
					       const struct teeio_spdm_conn *c, bool with_vca);
/** Start `dst` as an independent copy of `src` (dst released first). */
TEEIO_MUST_CHECK teeio_err teeio_spdm_tr_copy(struct teeio_spdm_tr *dst,
					      const struct teeio_spdm_tr *src);
/** Append bytes.  STATE when the transcript is not live. */
TEEIO_MUST_CHECK teeio_err teeio_spdm_tr_update(struct teeio_spdm_tr *tr, const void *data,
						size_t len);
/** Digest of what was appended so far; the transcript stays live. */
TEEIO_MUST_CHECK teeio_err teeio_spdm_tr_peek(const struct teeio_spdm_tr *tr, uint8_t *out);
/** Release (idle again).  Safe on an idle or zeroed transcript. */
void teeio_spdm_tr_free(struct teeio_spdm_tr *tr);

/* ------------------------------------------------------------------------ */
/* Signatures (DSP0274 1.3, "Signature generation").                        */

/**
 * The message that is signed: for 1.2+ combined_spdm_prefix (64 bytes,
 * "dmtf-spdm-v1.X.*" x4 with the version digit), zero pad, `context` (the
 * three making 100 bytes), then `digest`; for 1.0/1.1 `digest` alone.
 * *out_len receives the length.  Errors: SIZE, USAGE (context too long).
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_sign_msg(uint8_t version, const char *context,
					       const uint8_t *digest, size_t digest_len,
					       uint8_t *out, size_t cap, size_t *out_len);
/**
 * Sign transcript digest `th` (teeio_hash_size(hash) bytes) per `version`:
 * 1.2+: ECDSA/RSA hash-then-sign and EdDSA pure over teeio_spdm_sign_msg;
 * 1.0/1.1: ECDSA/RSA sign `th` as the digest (EdDSA: CRYPTO_UNSUPPORTED).
 * *sig_len in: capacity, out: the signature size.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_sign(const struct teeio_crypto_ops *ops,
					   const struct teeio_pkey *key, uint8_t version,
					   enum teeio_hash_alg hash, const char *context,
					   const uint8_t *th, uint8_t *sig, size_t *sig_len);
/** Verify the counterpart of teeio_spdm_sign.  CRYPTO_VERIFY on mismatch. */
TEEIO_MUST_CHECK teeio_err teeio_spdm_verify(const struct teeio_crypto_ops *ops,
					     const struct teeio_pkey *key, uint8_t version,
					     enum teeio_hash_alg hash, const char *context,
					     const uint8_t *th, const uint8_t *sig, size_t sig_len);

/* ------------------------------------------------------------------------ */
/* Certificate chains (SPDM form: Length u16, Reserved u16, RootHash H,     */
/* DER certificates root-first).                                            */

/**
 * Build the 4+H header of the SPDM chain form for DER chain `der`
 * (root first): Length = 4+H+der_len, RootHash = hash(first certificate).
 * *hdr_len receives 4+H.  Errors: SIZE_LIMIT above 65535 bytes, PROTO when
 * the first certificate does not parse.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_chain_header(const struct teeio_crypto_ops *ops,
						   enum teeio_hash_alg hash, const uint8_t *der,
						   size_t der_len, uint8_t *hdr, size_t *hdr_len);
/** Hash of header || der: the DIGESTS entry and the TH "Ct" of a slot. */
TEEIO_MUST_CHECK teeio_err teeio_spdm_chain_digest(const struct teeio_crypto_ops *ops,
						   enum teeio_hash_alg hash, const uint8_t *hdr,
						   size_t hdr_len, const uint8_t *der,
						   size_t der_len, uint8_t *out);

/* ------------------------------------------------------------------------ */
/* Measurement blocks (DSP0274 10.11.1, DMTF measurement specification).    */

/* DMTFSpecMeasurementValueType (bits 6:0). */
enum teeio_spdm_meas_type {
	TEEIO_SPDM_MEAS_IMMUTABLE_ROM = 0,
	TEEIO_SPDM_MEAS_MUTABLE_FW = 1,
	TEEIO_SPDM_MEAS_HW_CONFIG = 2,
	TEEIO_SPDM_MEAS_FW_CONFIG = 3,
	TEEIO_SPDM_MEAS_MANIFEST = 4,
	TEEIO_SPDM_MEAS_DEVICE_MODE = 5,
	TEEIO_SPDM_MEAS_VERSION = 6,
	TEEIO_SPDM_MEAS_SVN = 7,
};

/* One block as on the wire (value borrowed from the encoder's caller or
 * pointing into the decoded message). */
struct teeio_spdm_meas_block {
	uint8_t index; /* 1..0xFE                                              */
	uint8_t type; /* enum teeio_spdm_meas_type                             */
	bool raw; /* bit 7: raw bit stream; else a digest                  */
	const uint8_t *value;
	uint16_t len;
};

/** Append one DMTF measurement block.  Errors: SIZE. */
TEEIO_MUST_CHECK teeio_err teeio_spdm_meas_block_encode(struct teeio_buf *out,
							const struct teeio_spdm_meas_block *b);
/**
 * Read one DMTF measurement block.  Errors: SIZE_TRUNCATED, PROTO for a
 * non-DMTF specification or sizes that disagree, PROTO_RESERVED for
 * index 0.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_meas_block_decode(struct teeio_buf *in,
							struct teeio_spdm_meas_block *b);

/* ------------------------------------------------------------------------ */
/* ERROR messages (DSP0274 10.12).                                          */

struct teeio_spdm_error {
	uint8_t code; /* SPDM error code                                       */
	uint8_t data; /* Param2 "error data"                                   */
	uint8_t ext[32];
	size_t ext_len;
};

/** Append ERROR(code, data) with optional extended data (<= 32 bytes). */
TEEIO_MUST_CHECK teeio_err teeio_spdm_error_encode(struct teeio_buf *out, uint8_t version,
						   uint8_t code, uint8_t data, const uint8_t *ext,
						   size_t ext_len);
/** Decode an ERROR message (the whole message, header included). */
TEEIO_MUST_CHECK teeio_err teeio_spdm_error_decode(const uint8_t *msg, size_t len,
						   struct teeio_spdm_error *e);
/** The SPDM error code for a handler failure (InvalidRequest by default). */
uint8_t teeio_spdm_err_code(teeio_err e);

/* ------------------------------------------------------------------------ */
/* DSP0277 secured-message version negotiation in KEY_EXCHANGE OpaqueData.  */
/* Versions are u16 entries (0x1000 = 1.0, 0x1100 = 1.1, 0x1200 = 1.2).     */
/* The general opaque format is used for SPDM 1.2+, the "DMTF" SpecID       */
/* format (OpaqueDataFmt0) for 1.1.                                         */

#define TEEIO_SPDM_SM_MAX_VERSIONS 4

/** Requester: SupportedVersionList element.  Errors: SIZE, USAGE. */
TEEIO_MUST_CHECK teeio_err teeio_spdm_opaque_versions_encode(struct teeio_buf *out,
							     uint8_t spdm_version,
							     const uint16_t *versions, size_t n);
/** Responder: VersionSelection element.  Errors: SIZE. */
TEEIO_MUST_CHECK teeio_err teeio_spdm_opaque_selection_encode(struct teeio_buf *out,
							      uint8_t spdm_version,
							      uint16_t selected);
/**
 * Find the SupportedVersionList element in OpaqueData.  Elements of other
 * registries are skipped.  Errors: PROTO (malformed), USAGE_NOT_FOUND.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_opaque_versions_decode(const uint8_t *data, size_t len,
							     uint8_t spdm_version,
							     uint16_t *versions, size_t cap,
							     size_t *n);
/** Find the VersionSelection element.  Errors: PROTO, USAGE_NOT_FOUND. */
TEEIO_MUST_CHECK teeio_err teeio_spdm_opaque_selection_decode(const uint8_t *data, size_t len,
							      uint8_t spdm_version,
							      uint16_t *selected);

/* ------------------------------------------------------------------------ */
/* Vendor-defined messages (DSP0274 10.13).                                 */

/* PCI-SIG registration (StandardID 3, VendorID 0x0001); the first payload
 * byte is the protocol ID.  assumption: the PCIe text is members-only;
 * these values and the little-endian vendor ID bytes {0x01, 0x00} follow
 * libspdm's pci_idekm.h / pci_tdisp.h (docs/assumptions.md). */
#define TEEIO_SPDM_VENDOR_STD_PCISIG 3
#define TEEIO_SPDM_VENDOR_ID_PCISIG 0x0001
#define TEEIO_SPDM_PCI_PROTO_IDE_KM 0
#define TEEIO_SPDM_PCI_PROTO_TDISP 1

/* Who a vendor-defined request came from. */
struct teeio_spdm_vendor_session {
	bool secured; /* inside an established session                */
	uint32_t session_id; /* valid when secured                            */
};

/*
 * A handler gets the payload after the protocol ID byte (when the
 * registration has one) and writes its response payload (without the
 * protocol ID, which the library adds) into rsp: *rsp_len in: capacity,
 * out: used.  A failure answers ERROR (teeio_spdm_err_code).
 */
typedef teeio_err (*teeio_spdm_vendor_fn)(void *ctx, const struct teeio_spdm_vendor_session *s,
					  const uint8_t *req, size_t req_len, uint8_t *rsp,
					  size_t *rsp_len);

struct teeio_spdm_vendor_handler {
	uint16_t standard_id; /* registry ID, e.g. TEEIO_SPDM_VENDOR_STD_PCISIG */
	uint8_t vendor_id[4]; /* little-endian as on the wire                   */
	uint8_t vendor_id_len; /* 0..4                                          */
	int protocol_id; /* first payload byte, or -1: whole payload      */
	bool requires_session; /* outside a session -> SessionRequired          */
	teeio_spdm_vendor_fn fn;
	void *ctx;
};

/**
 * The registration matching (standard ID, vendor ID, first payload byte)
 * in `tab`, or NULL.  A registration with protocol_id -1 matches any
 * payload.
 */
const struct teeio_spdm_vendor_handler *
teeio_spdm_vendor_find(const struct teeio_spdm_vendor_handler *tab, size_t n, uint16_t standard_id,
		       const uint8_t *vendor_id, size_t vendor_id_len, const uint8_t *payload,
		       size_t payload_len);

/* ------------------------------------------------------------------------ */
/* Framing.                                                                 */

/**
 * After a complete message was read from `b`: accept up to `max_pad`
 * trailing zero bytes (PCIe DOE pads to a DWORD) and nothing else.
 * Errors: SIZE_TRAILING.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_expect_end_pad(const struct teeio_buf *b, size_t max_pad);

#ifdef __cplusplus
}
#endif
#endif /* TEEIO_SPDM_H */
