/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SPDM test helpers (shared by the responder and requester tests):
 *  - a responder configuration with a freshly generated device chain and
 *    four default measurements (spdm_fixture_init);
 *  - builders of request messages as a requester would send them;
 *  - a scripted exchange driver (send bytes, check the response code and,
 *    for ERROR, the error code).
 */
#ifndef TEEIO_TEST_SPDM_FIXTURE_H
#define TEEIO_TEST_SPDM_FIXTURE_H

#include "teeio/pki.h"
#include "teeio/spdm.h"
#include "teeio/spdm_rsp.h"

#define SPDM_FIX_MEAS 4

struct spdm_fixture {
	const struct teeio_crypto_ops *ops;
	struct teeio_pki_chain chain;
	uint8_t der[TEEIO_PKI_CHAIN_CERTS_MAX * TEEIO_CERT_MAX];
	size_t der_len;
	struct teeio_spdm_rsp_meas_entry meas_entries[SPDM_FIX_MEAS];
	uint8_t meas_values[SPDM_FIX_MEAS][48];
	struct teeio_spdm_rsp_meas meas;
	struct teeio_spdm_rsp_config cfg;
};

/*
 * Generate a device chain of `alg` and a responder config using it in slot
 * 0: versions 1.2+1.3, CERT CHAL MEAS(sig) KEY_EX ENCRYPT MAC HBEAT
 * KEY_UPD CHUNK, default algorithm priorities with `alg` first, 4
 * measurements (indices 1-4; 1 is TCB; 4 is raw-only).
 */
teeio_err spdm_fixture_init(struct spdm_fixture *f, enum teeio_sig_alg alg);
void spdm_fixture_free(struct spdm_fixture *f);

/* --- request builders: each returns the message length ----------------- */
size_t spdm_msg_get_version(uint8_t *out);
/* GET_CAPABILITIES in the layout of `ver` (1.0: header only). */
size_t spdm_msg_get_caps(uint8_t *out, uint8_t ver, uint32_t flags, uint32_t dts, uint32_t max);
/* The requester flags a typical TSM sends. */
#define SPDM_FIX_REQ_CAPS                                                                          \
	(TEEIO_SPDM_CAP_CERT | TEEIO_SPDM_CAP_CHAL | TEEIO_SPDM_CAP_ENCRYPT | TEEIO_SPDM_CAP_MAC | \
	 TEEIO_SPDM_CAP_KEY_EX | TEEIO_SPDM_CAP_HBEAT | TEEIO_SPDM_CAP_KEY_UPD |                   \
	 TEEIO_SPDM_CAP_CHUNK)
/* NEGOTIATE_ALGORITHMS with DHE, AEAD, ReqBaseAsym and KeySchedule
 * structures (1.1+), OpaqueDataFmt1 for 1.2+. */
size_t spdm_msg_neg_algs(uint8_t *out, uint8_t ver, uint32_t asym, uint32_t hash, uint16_t dhe,
			 uint16_t aead);
size_t spdm_msg_get_digests(uint8_t *out, uint8_t ver);
size_t spdm_msg_get_cert(uint8_t *out, uint8_t ver, uint8_t slot, uint16_t off, uint16_t len);
/* CHALLENGE with a fixed nonce (0xA5...) and, for 1.3, RequesterContext. */
size_t spdm_msg_challenge(uint8_t *out, uint8_t ver, uint8_t slot, uint8_t summary);
/* GET_MEASUREMENTS: attrs (bit0 sign, bit1 raw), op, slot. */
size_t spdm_msg_get_meas(uint8_t *out, uint8_t ver, uint8_t attrs, uint8_t op, uint8_t slot);
size_t spdm_msg_simple(uint8_t *out, uint8_t ver, uint8_t code, uint8_t p1, uint8_t p2);

/* --- scripted exchanges ------------------------------------------------- */
struct spdm_step {
	const char *what;
	uint8_t req[512];
	size_t len;
	uint8_t want_code; /* response code expected                   */
	uint8_t want_err; /* for SPDM ERROR (0x7F): the error code     */
};

/* Handle one request; check code/err; the response stays in rsp_out
 * (*rsp_len).  Returns false (after reporting) when it does not match. */
bool spdm_step_run(struct teeio_spdm_rsp *rsp, const struct spdm_step *s, uint8_t *rsp_out,
		   size_t *rsp_len);
/* Run steps in order; stops at the first mismatch. */
bool spdm_script_run(struct teeio_spdm_rsp *rsp, const struct spdm_step *steps, size_t n);

/* VCA for `ver` with the fixture's default algorithms (P-384/SHA-384 or
 * the given asym bit).  Checks every response.  Returns false on failure. */
bool spdm_do_vca(struct teeio_spdm_rsp *rsp, uint8_t ver, uint32_t asym, uint32_t hash);
/* The same, recording the VCA messages into `conn` (initialised by the
 * caller) and sealing its VCA hash with the selected hash, as a requester
 * would; conn->neg gets the version and the selected algorithms. */
bool spdm_do_vca_conn(struct teeio_spdm_rsp *rsp, uint8_t ver, uint32_t asym, uint32_t hash,
		      struct teeio_spdm_conn *conn);

/* --- the requester's half of a session (spdm_fixture_session.c) --------- */
struct spdm_treq {
	const struct spdm_fixture *fx;
	struct teeio_spdm_rsp *rsp;
	struct teeio_spdm_conn conn; /* requester view: VCA, negotiated algorithms */
	struct teeio_spdm_tr th;
	struct teeio_spdm_ks ks;
	struct teeio_spdm_sec sec;
	uint32_t sid;
	uint8_t ver;
	bool hs_clear; /* both sides set HANDSHAKE_IN_THE_CLEAR */
	/* Mutual authentication: the requester's leaf key and the digest of
	 * its SPDM chain (set by the caller); mut is set by KEY_EXCHANGE_RSP. */
	const struct teeio_pkey *req_key;
	uint8_t req_chain_digest[TEEIO_HASH_MAX];
	bool mut;
	/* The last exchange: plain or opened response, sealed request, raw
	 * responder answer. */
	uint8_t out[TEEIO_SPDM_MAX_MSG];
	size_t out_len;
	uint8_t rec[TEEIO_SPDM_MAX_MSG + 64];
	size_t rec_len;
	uint8_t raw[TEEIO_SPDM_MAX_MSG + 64];
	size_t raw_len;
};

void spdm_treq_init(struct spdm_treq *q, const struct spdm_fixture *fx, struct teeio_spdm_rsp *rsp,
		    uint8_t ver);
void spdm_treq_free(struct spdm_treq *q);
/* Plain request; the response lands in q->out. */
void spdm_treq_plain(struct spdm_treq *q, const uint8_t *req, size_t len);
/* Seal `msg` into q->rec (request direction). */
teeio_err spdm_treq_seal(struct spdm_treq *q, const uint8_t *msg, size_t len);
/* Hand q->rec to the responder; open its answer into q->out (the raw
 * answer stays in q->raw). */
teeio_err spdm_treq_deliver(struct spdm_treq *q);
teeio_err spdm_treq_secured(struct spdm_treq *q, const uint8_t *msg, size_t len);
/* KEY_EXCHANGE (after VCA into q->conn): verifies the signature and
 * ResponderVerifyData, derives the handshake keys.  want_error: do not
 * report a non-KEY_EXCHANGE_RSP answer as a test failure. */
bool spdm_treq_key_exchange_ex(struct spdm_treq *q, uint16_t req_id, bool want_error);
bool spdm_treq_key_exchange(struct spdm_treq *q, uint16_t req_id);
/* FINISH (corrupt: wrong RequesterVerifyData); derives the data keys. */
bool spdm_treq_finish(struct spdm_treq *q, bool corrupt);
bool spdm_treq_heartbeat(struct spdm_treq *q);

#endif
