/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * src/spdm/req/req.h - internals shared by the requester's per-message
 * files (one file per request: vca.c, digests.c, certificate.c, ...).
 *
 * Pattern of every request function: check state on the context, build the
 * request in r->tx, req_exchange() it (which validates version/code and
 * handles ERROR, Busy, ResponseNotReady and chunking), decode the response
 * in r->rx through a teeio_buf, verify, then commit state.  A failure that
 * leaves transcripts or keys inconsistent goes through req_fail() and makes
 * the context sticky-dead.
 */
#ifndef TEEIO_SPDM_REQ_INTERNAL_H
#define TEEIO_SPDM_REQ_INTERNAL_H

#include "teeio/spdm_req.h"
#include "spdm/wire.h"

/* Return `e` after recording it: a refusal by the responder (ERROR,
 * Busy) or a too-small caller buffer only drops the unfinished
 * transcripts; anything else (malformed response, bad signature) marks the
 * context dead.  TEEIO_OK passes through. */
teeio_err req_fail(struct teeio_spdm_req *r, teeio_err e);

/* TEEIO_ERR_STATE_DEAD when dead; STATE when not yet negotiated (if
 * `need_negotiated`). */
TEEIO_MUST_CHECK teeio_err req_ready(struct teeio_spdm_req *r, bool need_negotiated);

/* Start a request in r->tx: header with the negotiated version (or 1.0
 * for GET_VERSION). */
struct teeio_buf req_begin(struct teeio_spdm_req *r, uint8_t code, uint8_t p1, uint8_t p2);

/*
 * Send r->tx[0..req_len) - in session `s` when not NULL - and receive the
 * answer into r->rx.  Checks the response header: SPDMVersion equals the
 * request's, code equals `want` (ERROR is handled here: Busy is retried,
 * ResponseNotReady answered with RESPOND_IF_READY, LargeResponse fetched
 * with CHUNK_GET, anything else recorded in r->peer_error and returned as
 * TEEIO_ERR_PROTO_PEER_ERROR).  *rsp_len receives the response size.
 */
TEEIO_MUST_CHECK teeio_err req_exchange(struct teeio_spdm_req *r, struct teeio_spdm_req_session *s,
					size_t req_len, uint8_t want, size_t *rsp_len);

/* Chunked transfer (chunk.c). */
TEEIO_MUST_CHECK teeio_err req_chunk_send(struct teeio_spdm_req *r,
					  struct teeio_spdm_req_session *s, size_t req_len,
					  size_t *rsp_len);
TEEIO_MUST_CHECK teeio_err req_chunk_get(struct teeio_spdm_req *r, struct teeio_spdm_req_session *s,
					 uint8_t handle, size_t *rsp_len);

/* One plain or secured round trip, no ERROR handling: msg[len] ->
 * out[cap]. */
TEEIO_MUST_CHECK teeio_err req_roundtrip(struct teeio_spdm_req *r, struct teeio_spdm_req_session *s,
					 const uint8_t *msg, size_t len, uint8_t *out, size_t cap,
					 size_t *rsp_len);

/* Session lookup: the session `id` in state `want` or NULL. */
struct teeio_spdm_req_session *req_session_get(struct teeio_spdm_req *r, uint32_t id,
					       enum teeio_spdm_req_sess_state want);
/* Wipe and free a session. */
void req_session_drop(struct teeio_spdm_req *r, struct teeio_spdm_req_session *s);

/* Transcript policy (transcript.c), after DSP0274 "Transcript and
 * transcript hash calculation" and libspdm's reset rules: */
/* Called before sending any request: requests other than GET_MEASUREMENTS
 * end L1/L2; session/measurement requests end an unfinished M1/M2. */
void req_tr_before(struct teeio_spdm_req *r, uint8_t code);
/* Append to M1 (starting it from VCA) / L1 (with VCA for 1.2+). */
TEEIO_MUST_CHECK teeio_err req_tr_m1(struct teeio_spdm_req *r, const uint8_t *p, size_t n);
TEEIO_MUST_CHECK teeio_err req_tr_l1(struct teeio_spdm_req *r, const uint8_t *p, size_t n);

/* Digest size of the negotiated hash. */
static inline size_t req_hsize(const struct teeio_spdm_req *r)
{
	return teeio_hash_size(r->conn.neg.hash);
}
static inline uint8_t req_version(const struct teeio_spdm_req *r)
{
	return r->conn.neg.version;
}
/* True when both sides advertise capability `bit`. */
static inline bool req_both(const struct teeio_spdm_req *r, uint32_t bit)
{
	return (r->conn.neg.req_caps & bit) && (r->conn.neg.rsp_caps & bit);
}

/* Finish decoding: up to cfg->max_pad zero bytes may follow. */
TEEIO_MUST_CHECK teeio_err req_end(const struct teeio_spdm_req *r, const struct teeio_buf *b);

/* Log helper. */
#define REQ_LOG(r, lvl, ...) teeio_log((r)->cfg->log, lvl, __VA_ARGS__)

#endif
