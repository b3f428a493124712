/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio/ide.h - PCIe Integrity and Data Encryption (IDE): the TLP model and
 * codec, the IDE stream engine (key slots, counters, AES-GCM-256 with a
 * 96-bit MAC, PCRC, MAC aggregation, Insecure/Secure state), the two ports
 * of a link (root port and endpoint) and an emulated link between them on
 * which an attacker can observe, drop, modify, hold back, replay and inject
 * TLPs.
 *
 * Facts: PCIe Base 6.x section 6.33 (IDE) is members-only.  Register facts
 * are public in Linux include/uapi/linux/pci_regs.h (PCI_IDE_*), the key
 * programming facts in DMTF libspdm include/industry_standard/pci_idekm.h
 * (stream ID, K0/K1, RX/TX, sub-stream PR/NPR/CPL, 8-DWORD key, 2-DWORD
 * IFV).  Details that none of those state are marked `assumption:` in
 * src/ide/ and listed in docs/assumptions.md; the IV layout, AAD, PCRC and
 * aggregation rules all live in src/ide/crypt.c.
 *
 * Nothing here allocates: streams, ports and links are caller-owned, TLP
 * queues have a fixed depth.  The crypto backend allocates one keyed AEAD
 * context per key slot at key programming (ops->aead_init) and nothing per
 * TLP.  Call teeio_ide_stream_fini() to release the key slots.
 *
 * Thread-safety: a stream, port or link is used by one thread at a time.
 */
#ifndef TEEIO_IDE_H
#define TEEIO_IDE_H

#include "teeio/common.h"
#include "teeio/crypto.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Sizes. */

#define TEEIO_TLP_PAYLOAD_MAX 4096 /* 1024 DW: PCIe Max_Payload_Size limit */
#define TEEIO_TLP_HDR_MAX 16 /* 4DW header (non-Flit mode) */
#define TEEIO_IDE_PREFIX_LEN 4 /* one End-End TLP Prefix DW */
#define TEEIO_IDE_PCRC_LEN 4 /* plaintext CRC-32 */
#define TEEIO_IDE_MAC_LEN 12 /* 96-bit MAC (IDE: AES-GCM tag t = 96) */
#define TEEIO_IDE_KEY_LEN 32 /* AES-256: 8 DWORDs in IDE_KM KEY_PROG */
#define TEEIO_TLP_WIRE_MAX                                                                       \
	(TEEIO_IDE_PREFIX_LEN + TEEIO_TLP_HDR_MAX + TEEIO_TLP_PAYLOAD_MAX + TEEIO_IDE_PCRC_LEN + \
	 TEEIO_IDE_MAC_LEN)
#define TEEIO_IDE_AAD_MAX (TEEIO_IDE_PREFIX_LEN + TEEIO_TLP_HDR_MAX)

#define TEEIO_IDE_SUBSTREAMS 3 /* PR, NPR, CPL */
#define TEEIO_IDE_KEY_SETS 2 /* K0, K1 */
#define TEEIO_IDE_AGG_MAX 8 /* most TLPs under one MAC (Tx Aggregation 11b) */
/* Payload bytes (with PCRCs) one aggregated group may hold; a transmitter
 * closes a group early rather than exceed it. */
#define TEEIO_IDE_AGG_BYTES 16384
#define TEEIO_IDE_ADDR_RANGES 4 /* address association blocks per stream */
#define TEEIO_IDE_PORT_STREAMS 8 /* streams one port model carries */

/* ------------------------------------------------------------------------ */
/* TLPs. */

/* The TLP kinds the model carries (PCIe Base "Fmt and Type" encodings). */
enum teeio_tlp_type {
	TEEIO_TLP_MRD = 0, /* Memory Read Request           (NPR) */
	TEEIO_TLP_MWR, /* Memory Write Request          (PR) */
	TEEIO_TLP_CFGRD0, /* Configuration Read Type 0     (NPR) */
	TEEIO_TLP_CFGWR0, /* Configuration Write Type 0    (NPR) */
	TEEIO_TLP_CPL, /* Completion without data       (CPL) */
	TEEIO_TLP_CPLD, /* Completion with data          (CPL) */
};

/* IDE sub-streams; the values are the Sub-Stream field encodings and, shifted
 * left by 4, the IDE_KM key_sub_stream values (pci_idekm.h). */
enum teeio_ide_substream {
	TEEIO_IDE_SS_PR = 0, /* posted requests */
	TEEIO_IDE_SS_NPR = 1, /* non-posted requests */
	TEEIO_IDE_SS_CPL = 2, /* completions */
};

/* The IDE TLP Prefix (non-Flit mode), as carried in front of the header. */
struct teeio_ide_prefix {
	bool m; /* a MAC follows this TLP's data */
	bool k; /* key set: false K0, true K1 */
	bool t; /* the TLP originates in a TEE */
	bool p; /* a PCRC follows the data (encrypted) */
	uint8_t sub_stream; /* enum teeio_ide_substream */
	uint8_t stream_id; /* Stream ID */
	uint8_t pr_sent_counter; /* PR_Sent_Counter (NPR and CPL TLPs) */
};

/*
 * One TLP.  Fields a type does not use must be zero (the decoder leaves them
 * zero and the encoder rejects them where the wire has no place for them).
 */
struct teeio_tlp {
	enum teeio_tlp_type type;
	bool addr64; /* memory requests: 4DW header with a 64-bit address */
	uint8_t tc; /* Traffic Class 0..7 */
	uint8_t attr; /* Attr[2:0]: ID-based ordering, relaxed ordering, no snoop */
	uint8_t at; /* Address Type (memory requests) 0..3 */
	bool ep; /* poisoned */
	uint16_t length_dw; /* Length in DW, 1..1024 (0 for a Cpl without data) */
	uint16_t requester_id;
	uint16_t tag; /* 10-bit tag */
	uint8_t first_be, last_be;
	uint64_t addr; /* memory requests, DW aligned */
	uint16_t completer_id; /* completions */
	uint8_t cpl_status; /* completions: 0 SC, 1 UR, 2 CRS, 4 CA */
	bool bcm;
	uint16_t byte_count; /* completions: 0..4095 (0 means 4096) */
	uint8_t lower_addr; /* completions: 7 bits */
	uint16_t cfg_target; /* config requests: target Bus/Device/Function */
	uint16_t cfg_reg; /* config requests: register number in DW, 0..1023 */

	bool has_ide; /* an IDE TLP Prefix leads the TLP */
	struct teeio_ide_prefix ide; /* valid when has_ide */

	const uint8_t *payload; /* length_dw*4 bytes for MWr, CfgWr0, CplD */
	size_t payload_len;
	/* IDE trailers as carried on the wire (the PCRC encrypted). */
	uint8_t pcrc[TEEIO_IDE_PCRC_LEN];
	uint8_t mac[TEEIO_IDE_MAC_LEN];
};

/* Where the parts of an encoded TLP are. */
struct teeio_tlp_layout {
	size_t aad_len; /* prefix + header: the IDE additional authenticated data */
	size_t payload_off; /* == aad_len */
	size_t payload_len;
	size_t enc_len; /* payload + PCRC: the encrypted region */
	size_t mac_off; /* valid when the prefix has M */
	size_t total;
};

/** Sub-stream a TLP type travels on (MWr: PR; MRd, Cfg: NPR; Cpl: CPL). */
enum teeio_ide_substream teeio_tlp_substream(enum teeio_tlp_type type);

/**
 * Encode `t` (its IDE prefix when has_ide, header, payload and, for IDE
 * TLPs, the P/M trailers from t->pcrc/t->mac) into out.  *len receives the
 * byte count.  TEEIO_ERR_USAGE for fields out of range or inconsistent
 * (payload length != length_dw*4, address not DW aligned, 4DW header for
 * an address below 4 GiB), TEEIO_ERR_SIZE when cap is too small.
 */
TEEIO_MUST_CHECK teeio_err teeio_tlp_encode(const struct teeio_tlp *t, uint8_t *out, size_t cap,
					    size_t *len);

/**
 * Decode exactly `len` bytes of wire.  t->payload points into wire.  lay
 * (may be NULL) receives the layout.  Errors: TEEIO_ERR_SIZE_TRUNCATED /
 * TEEIO_ERR_SIZE_TRAILING when len disagrees with the header and prefix,
 * TEEIO_ERR_PROTO_RESERVED for a reserved bit set, TEEIO_ERR_PROTO_UNSUPPORTED
 * for a Fmt/Type or feature the model does not carry (TLP digest, TPH,
 * other prefixes), TEEIO_ERR_PROTO for an inconsistent header.
 */
TEEIO_MUST_CHECK teeio_err teeio_tlp_decode(const uint8_t *wire, size_t len, struct teeio_tlp *t,
					    struct teeio_tlp_layout *lay);

/* ------------------------------------------------------------------------ */
/* Streams. */

/* Key direction, as the IDE_KM KEY_PROG direction bit (pci_idekm.h). */
enum teeio_ide_dir {
	TEEIO_IDE_DIR_RX = 0,
	TEEIO_IDE_DIR_TX = 1,
};

enum teeio_ide_stream_type {
	TEEIO_IDE_LINK = 0, /* Link IDE stream: all TLPs of its TC on the link */
	TEEIO_IDE_SELECTIVE = 1, /* Selective IDE stream: TLPs matched by RID/address */
};

/* Stream state, as the Link/Selective IDE Stream Status register State
 * field (pci_regs.h PCI_IDE_SEL_STS_STATE_*). */
enum teeio_ide_state {
	TEEIO_IDE_INSECURE = 0,
	TEEIO_IDE_SECURE = 2,
};

struct teeio_ide_addr_range {
	uint64_t base, limit; /* inclusive */
};

/* What the IDE Extended Capability would program for one stream. */
struct teeio_ide_config {
	enum teeio_ide_stream_type type;
	uint8_t stream_id;
	uint8_t tc; /* Traffic Class the stream carries */
	bool pcrc; /* PCRC Enable */
	/* Tx aggregation per sub-stream: TLPs per MAC, 1 (none), 2, 4 or 8
	 * (Tx Aggregation Mode 00b..11b); 0 is taken as 1. */
	uint8_t tx_aggr[TEEIO_IDE_SUBSTREAMS];
	/* Selective streams: what this port sends on the stream. */
	bool default_stream; /* all requests that match no other stream */
	uint16_t rid_base, rid_limit; /* completions to these Requester IDs */
	struct teeio_ide_addr_range mem[TEEIO_IDE_ADDR_RANGES];
	uint8_t n_mem; /* memory requests to these addresses */
};

/* Why a stream went Insecure. */
enum teeio_ide_fail {
	TEEIO_IDE_FAIL_NONE = 0,
	TEEIO_IDE_FAIL_MAC, /* MAC check failed (tamper, drop, replay, reorder, inject) */
	TEEIO_IDE_FAIL_PCRC, /* PCRC mismatch after decryption */
	TEEIO_IDE_FAIL_KEY_SET, /* TLP under a key set not armed by K_SET_GO */
	TEEIO_IDE_FAIL_KEY_ORDER, /* an old key set after the switch to the new one */
	TEEIO_IDE_FAIL_PR_COUNT, /* PR_Sent_Counter disagrees: a posted TLP vanished */
	TEEIO_IDE_FAIL_AGGREGATION, /* aggregated group too long or interleaved */
	TEEIO_IDE_FAIL_MALFORMED, /* IDE TLP that does not decode */
	TEEIO_IDE_FAIL_STREAM, /* prefix names a sub-stream or stream not configured */
	TEEIO_IDE_FAIL_PEER, /* the partner port sent an IDE Fail Message */
};

/** Stable short name of a failure reason ("mac", "pcrc", ...). */
const char *teeio_ide_fail_str(enum teeio_ide_fail f);

/* Raised to the stream's owner when it leaves Secure on an integrity failure. */
struct teeio_ide_event {
	enum teeio_ide_fail reason;
	uint8_t stream_id;
	uint8_t sub_stream;
	uint8_t key_set;
};
typedef void (*teeio_ide_event_fn)(void *owner, const struct teeio_ide_event *ev);

struct teeio_ide_key_slot {
	struct teeio_aead aead; /* keyed at KEY_PROG, freed at stop/fini */
	uint64_t counter; /* next invocation field */
	uint32_t armed_seq; /* order of the K_SET_GO that armed it */
	bool programmed;
	bool go; /* armed by K_SET_GO */
};

/* An aggregation group being built (Tx) or checked (Rx). */
struct teeio_ide_agg {
	uint8_t n; /* TLPs in the group */
	uint8_t ss; /* their sub-stream and key set */
	uint8_t key_set;
	uint8_t aad_len[TEEIO_IDE_AGG_MAX];
	uint16_t data_len[TEEIO_IDE_AGG_MAX]; /* [i]: payload+PCRC of TLP i */
	size_t aad_used, data_used;
	uint8_t aad[TEEIO_IDE_AGG_MAX * TEEIO_IDE_AAD_MAX];
	uint8_t data[TEEIO_IDE_AGG_BYTES];
};

struct teeio_ide_stats {
	uint64_t tx_tlps, tx_macs, rx_tlps, rx_macs;
	uint64_t failures;
};

/*
 * One port's end of an IDE stream: its transmit and receive key slots,
 * counters and state.  The partner port holds the mirror image (its RX
 * keys are this port's TX keys).  Caller-owned; initialise with
 * teeio_ide_stream_init, release with teeio_ide_stream_fini.
 */
struct teeio_ide_stream {
	const struct teeio_crypto_ops *ops;
	struct teeio_ide_config cfg;
	enum teeio_ide_state state;
	bool enabled; /* the Enable bit */
	enum teeio_ide_fail failed; /* sticky until disable */
	bool fail_msg_received; /* Status: received an IDE Fail Message */
	struct teeio_ide_key_slot slot[2][TEEIO_IDE_SUBSTREAMS][TEEIO_IDE_KEY_SETS];
	int8_t rx_last_k[TEEIO_IDE_SUBSTREAMS]; /* key set last received, -1 none */
	uint32_t go_seq; /* K_SET_GOs so far */
	uint8_t tx_pr_sent[2], rx_pr_seen[2]; /* PRs since the last NPR / CPL */
	struct teeio_ide_agg tx_agg, rx_agg;
	teeio_ide_event_fn on_event;
	void *owner;
	struct teeio_ide_stats stats;
};

/**
 * Initialise a stream (Insecure, no keys).  ops must provide AES-256-GCM.
 * TEEIO_ERR_USAGE_CONFIG for a bad config (aggregation not 1/2/4/8, TC > 7, more
 * than TEEIO_IDE_ADDR_RANGES ranges, base > limit).
 */
TEEIO_MUST_CHECK teeio_err teeio_ide_stream_init(struct teeio_ide_stream *s,
						 const struct teeio_crypto_ops *ops,
						 const struct teeio_ide_config *cfg);
/** Free every key slot (wiping keys) and zero the stream. */
void teeio_ide_stream_fini(struct teeio_ide_stream *s);
/** Set who hears about integrity failures (owner may be NULL). */
void teeio_ide_stream_set_owner(struct teeio_ide_stream *s, teeio_ide_event_fn fn, void *owner);

/*
 * Key slots: what IDE_KM KEY_PROG, K_SET_GO and K_SET_STOP act on, one slot
 * per direction, sub-stream and key set.  Errors map onto KP_ACK status:
 * TEEIO_ERR_USAGE for a bad direction/sub-stream/key set (unsupported
 * value), TEEIO_ERR_STATE for GO on an empty slot or STOP of the active TX
 * slot while an aggregation group under it is open.
 */

/**
 * KEY_PROG: key the slot with `key` (TEEIO_IDE_KEY_LEN bytes) and the
 * invocation field initial value `ifv` (the two IFV DWORDs in message
 * order).  Replaces (and frees) an earlier key in the slot; the slot is not
 * armed until K_SET_GO.  Calls ops->aead_init once.
 */
TEEIO_MUST_CHECK teeio_err teeio_ide_key_prog(struct teeio_ide_stream *s, enum teeio_ide_dir dir,
					      enum teeio_ide_substream ss, unsigned key_set,
					      const uint8_t key[TEEIO_IDE_KEY_LEN],
					      const uint32_t ifv[2]);
/**
 * K_SET_GO: arm a programmed slot.  TX: the sub-stream transmits under this
 * key set from the next TLP on (the other set stays programmed so TLPs in
 * flight still verify at the partner).  RX: TLPs under this key set are
 * accepted; the other set stays accepted until the first TLP under this
 * one arrives or it is stopped.  The stream turns Secure once enabled and
 * every sub-stream has an armed TX and RX slot.
 */
TEEIO_MUST_CHECK teeio_err teeio_ide_key_set_go(struct teeio_ide_stream *s, enum teeio_ide_dir dir,
						enum teeio_ide_substream ss, unsigned key_set);
/** K_SET_STOP: disarm and wipe a slot.  The stream turns Insecure if it
 * leaves a sub-stream without an armed slot. */
TEEIO_MUST_CHECK teeio_err teeio_ide_key_set_stop(struct teeio_ide_stream *s,
						  enum teeio_ide_dir dir,
						  enum teeio_ide_substream ss, unsigned key_set);
/** Set the Enable bit.  Secure follows when all slots are armed. */
void teeio_ide_stream_enable(struct teeio_ide_stream *s);
/** Clear the Enable bit: Insecure, all key slots wiped, failure cleared. */
void teeio_ide_stream_disable(struct teeio_ide_stream *s);
/** Current state. */
enum teeio_ide_state teeio_ide_stream_state(const struct teeio_ide_stream *s);
/**
 * The partner port reported an integrity failure of this stream (an IDE
 * Fail Message, pci_regs.h PCI_IDE_SEL_STS_RECVD_INTEGRITY_CHECK): set the
 * status bit and fail the stream (reason TEEIO_IDE_FAIL_PEER).  The link
 * calls this on the sender's stream when the receiver's stream fails.
 */
void teeio_ide_stream_fail_message(struct teeio_ide_stream *s);

/* Where transmitted wire TLPs go: reserve a buffer, fill it, commit. */
struct teeio_ide_sink {
	/* How many more TLPs the sink accepts now. */
	size_t (*room)(void *ctx);
	/* A buffer of `cap` >= TEEIO_TLP_WIRE_MAX bytes for the next TLP. */
	uint8_t *(*reserve)(void *ctx);
	/* The reserved buffer holds a wire TLP of `len` bytes. */
	void (*commit)(void *ctx, size_t len);
	void *ctx;
};

/* Who receives verified (decrypted) TLPs, in order.  The TLP and its
 * payload are valid during the call only. */
struct teeio_ide_deliver {
	void (*fn)(void *ctx, const struct teeio_tlp *tlp);
	void *ctx;
};

/**
 * Transmit `t` on stream s: fill the IDE prefix (sub-stream, key set, M, P,
 * PR_Sent_Counter; T from t->ide.t), encrypt the payload into the sink's
 * buffer and append the MAC.  With Tx aggregation the TLP may be held
 * until its group is complete (or teeio_ide_tx_flush).  A TLP on another
 * sub-stream or key set closes the open group first.
 * TEEIO_ERR_STATE when the stream is not Secure or the invocation counter
 * is exhausted, TEEIO_ERR_SIZE_LIMIT when the sink has no room.
 */
TEEIO_MUST_CHECK teeio_err teeio_ide_tx(struct teeio_ide_stream *s, const struct teeio_tlp *t,
					const struct teeio_ide_sink *sink);
/** Seal and emit an open aggregation group now (no-op when none). */
TEEIO_MUST_CHECK teeio_err teeio_ide_tx_flush(struct teeio_ide_stream *s,
					      const struct teeio_ide_sink *sink);

/**
 * Receive one IDE TLP for stream s: verify its MAC (or, with M clear, hold
 * it until the TLP with the group's MAC), decrypt in place in `wire`,
 * check PCRC and PR_Sent_Counter, and hand each verified TLP to `d`.
 * Any failure takes the stream Insecure, wipes its keys, raises an event
 * to the owner and returns TEEIO_ERR_CRYPTO_VERIFY (MAC/PCRC) or
 * TEEIO_ERR_PROTO (other checks); nothing of the failed TLP or group is
 * delivered.  TEEIO_ERR_STATE when the stream is not Secure (the TLP is
 * dropped).
 */
TEEIO_MUST_CHECK teeio_err teeio_ide_rx(struct teeio_ide_stream *s, uint8_t *wire, size_t len,
					const struct teeio_ide_deliver *d);

/* ------------------------------------------------------------------------ */
/* Ports: one side of the link with the streams it terminates. */

struct teeio_ide_port {
	struct teeio_ide_stream *streams[TEEIO_IDE_PORT_STREAMS];
	size_t n_streams;
};

/** Empty port. */
void teeio_ide_port_init(struct teeio_ide_port *p);
/** Add a stream; TEEIO_ERR_USAGE for a duplicate ID, TEEIO_ERR_SIZE_LIMIT when full. */
TEEIO_MUST_CHECK teeio_err teeio_ide_port_add(struct teeio_ide_port *p, struct teeio_ide_stream *s);
/** The stream with `stream_id`, or NULL. */
struct teeio_ide_stream *teeio_ide_port_find(const struct teeio_ide_port *p, uint8_t stream_id);
/**
 * Pick the stream `t` is sent on: a selective stream whose address (for
 * requests) or RID (for completions) association matches, then a default
 * selective stream (requests), then a link stream; the TC must match.
 * NULL when none: the TLP goes in the clear.
 */
struct teeio_ide_stream *teeio_ide_port_route(const struct teeio_ide_port *p,
					      const struct teeio_tlp *t);
/**
 * Send `t` from this port: through its stream (teeio_ide_tx) or in the
 * clear.  A TLP with t->ide.t set (TEE-originated) never goes in the clear:
 * TEEIO_ERR_STATE when no stream carries it.
 */
TEEIO_MUST_CHECK teeio_err teeio_ide_port_tx(struct teeio_ide_port *p, const struct teeio_tlp *t,
					     const struct teeio_ide_sink *sink);
/** Flush every stream's open aggregation group. */
TEEIO_MUST_CHECK teeio_err teeio_ide_port_flush(struct teeio_ide_port *p,
						const struct teeio_ide_sink *sink);
/**
 * Receive a wire TLP: an IDE TLP goes to its stream (teeio_ide_rx), a
 * plain TLP is decoded and delivered with has_ide false.  TEEIO_ERR_PROTO*
 * for a TLP that does not decode or names an unknown stream.
 */
TEEIO_MUST_CHECK teeio_err teeio_ide_port_rx(struct teeio_ide_port *p, uint8_t *wire, size_t len,
					     const struct teeio_ide_deliver *d);

/* ------------------------------------------------------------------------ */
/* The emulated link and its attacker. */

#define TEEIO_LINK_DEPTH 32 /* TLPs in flight per direction */
#define TEEIO_LINK_HELD 8 /* TLPs the attacker may hold back per direction */

enum teeio_link_side {
	TEEIO_LINK_RP = 0, /* root port (host) */
	TEEIO_LINK_EP = 1, /* endpoint (device) */
};

enum teeio_link_dir {
	TEEIO_LINK_DOWN = 0, /* root port -> endpoint */
	TEEIO_LINK_UP = 1, /* endpoint -> root port */
};

/* What the attacker does with a TLP crossing the link. */
enum teeio_link_verdict {
	TEEIO_LINK_PASS = 0, /* deliver unchanged */
	TEEIO_LINK_MODIFIED, /* deliver the bytes as the hook changed them */
	TEEIO_LINK_DROP, /* discard */
	TEEIO_LINK_HOLD, /* keep back for teeio_link_release (dropped when full) */
};

/*
 * Attacker hooks.  on_tlp sees every TLP about to be delivered, may change
 * its bytes (wire[0..*len), up to cap) and returns a verdict; it may call
 * teeio_link_inject to queue extra TLPs (replays, forgeries).
 */
struct teeio_link_attacker {
	enum teeio_link_verdict (*on_tlp)(void *ctx, enum teeio_link_dir dir, uint8_t *wire,
					  size_t *len, size_t cap);
	void *ctx;
};

struct teeio_link_slot {
	size_t len;
	uint8_t wire[TEEIO_TLP_WIRE_MAX];
};

struct teeio_link_queue {
	unsigned head, count;
	struct teeio_link_slot slot[TEEIO_LINK_DEPTH];
};

struct teeio_link_stats {
	uint64_t sent[2], delivered[2], dropped[2], modified[2], held[2], injected[2];
	uint64_t rx_errors[2]; /* TLPs the receiving port refused */
	uint64_t fail_msgs[2]; /* IDE Fail Messages sent back, by failing direction */
};

struct teeio_link {
	struct teeio_ide_port *port[2]; /* [side] */
	struct teeio_ide_deliver receiver[2]; /* [side]: owner of that end */
	struct teeio_link_queue q[2]; /* [dir]: in flight */
	struct teeio_link_slot held[2][TEEIO_LINK_HELD];
	unsigned n_held[2];
	struct teeio_link_attacker attacker;
	teeio_err last_rx_err[2]; /* [dir] */
	struct teeio_link_stats stats;
};

/** Join a root port and an endpoint (both caller-owned, outliving the link). */
void teeio_link_init(struct teeio_link *l, struct teeio_ide_port *rp, struct teeio_ide_port *ep);
/** Who gets the TLPs that arrive at `side`. */
void teeio_link_set_receiver(struct teeio_link *l, enum teeio_link_side side,
			     const struct teeio_ide_deliver *d);
/** Install (or, with NULL, remove) the attacker. */
void teeio_link_set_attacker(struct teeio_link *l, const struct teeio_link_attacker *a);
/** Send `t` from `side` (through its port: IDE or clear). */
TEEIO_MUST_CHECK teeio_err teeio_link_send(struct teeio_link *l, enum teeio_link_side from,
					   const struct teeio_tlp *t);
/** Flush the open aggregation groups of `side`'s port onto the link. */
TEEIO_MUST_CHECK teeio_err teeio_link_flush(struct teeio_link *l, enum teeio_link_side from);
/** Queue raw bytes in direction `dir` (attacker injection / replay). */
TEEIO_MUST_CHECK teeio_err teeio_link_inject(struct teeio_link *l, enum teeio_link_dir dir,
					     const uint8_t *wire, size_t len);
/** Re-queue the attacker's held TLP `index` (0 = oldest) at the tail. */
TEEIO_MUST_CHECK teeio_err teeio_link_release(struct teeio_link *l, enum teeio_link_dir dir,
					      unsigned index);
/**
 * Deliver everything in flight, both directions, until the queues are
 * empty (the attacker sees each TLP first).  A TLP the receiving port
 * refuses is counted in stats.rx_errors and last_rx_err; pumping goes on.
 * TLPs queued while pumping (replies sent from a receiver, injections) are
 * pumped too, so an attacker that injects on every TLP keeps it going.
 * *delivered (may be NULL) receives the number of TLPs handed to ports.
 */
void teeio_link_pump(struct teeio_link *l, size_t *delivered);

#ifdef __cplusplus
}
#endif
#endif /* TEEIO_IDE_H */
