/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Responder internals shared by the rsp/ sources: the per-request call record, the
 * dispatch table entry type and the handler prototypes.
 *
 * Every handler runs in fixed phases: check parameters (length, reserved
 * fields, version-dependent layout) -> validate against state and
 * configuration -> process (crypto, transcripts on locals) -> construct
 * the response into c->out -> commit state.  A handler that fails before
 * commit leaves the responder as it was; the dispatcher turns its error
 * into an ERROR response.
 */
#ifndef TEEIO_SPDM_RSP_INTERNAL_H
#define TEEIO_SPDM_RSP_INTERNAL_H

#include "teeio/spdm_rsp.h"
#include "wire.h"

/* One request being handled. */
struct rsp_call {
	const uint8_t *req; /* whole request as received (with padding)      */
	size_t len;
	size_t max_pad;
	uint8_t version, code, param1, param2;
	struct teeio_spdm_rsp_session *sess; /* came inside this session     */
	struct teeio_buf out; /* the response being built      */
	/* Set by rsp_fail() to choose the ERROR code; 0: derive from error. */
	uint8_t err_code, err_data;
	bool no_response; /* the spec forbids answering this request          */
	const struct teeio_log *log;
};

/* Choose the ERROR answered for this failure and return a failure. */
static inline teeio_err rsp_fail(struct rsp_call *c, uint8_t code, uint8_t data)
{
	c->err_code = code;
	c->err_data = data;
	return TEEIO_ERR_PROTO;
}

/* Reader over the request with the 4-byte header consumed. */
static inline struct teeio_buf rsp_body(const struct rsp_call *c)
{
	struct teeio_buf b = teeio_buf_reader(c->req, c->len);
	b.pos = SPDM_HDR_SIZE;
	return b;
}

/* Check the request ended at b->pos (up to max_pad zero bytes after). */
static inline teeio_err rsp_end(const struct rsp_call *c, const struct teeio_buf *b)
{
	if (teeio_spdm_expect_end_pad(b, c->max_pad) != TEEIO_OK)
		return TEEIO_ERR_PROTO;
	return TEEIO_OK;
}

/* Write the response header with the negotiated version. */
teeio_err rsp_put_header(struct rsp_call *c, uint8_t code, uint8_t p1, uint8_t p2);

typedef teeio_err (*rsp_handler)(struct teeio_spdm_rsp *rsp, struct rsp_call *c);

/* Dispatch flags. */
#define RSP_F_PLAIN 0x01 /* allowed outside a session                      */
#define RSP_F_SESSION 0x02 /* allowed inside an established session          */
#define RSP_F_NEED_SESSION 0x04 /* outside a session: SessionRequired (1.2+) */
#define RSP_F_VCA 0x08 /* part of VCA: own state checks                   */

struct rsp_entry {
	uint8_t code;
	uint8_t min_version; /* UnsupportedRequest below this          */
	uint8_t flags;
	uint32_t cap; /* local capability needed (any bit of)   */
	enum teeio_spdm_conn_state min_state;
	rsp_handler fn;
};

const struct rsp_entry *rsp_lookup(uint8_t code);

/* Handlers (one file each). */
teeio_err rsp_version(struct teeio_spdm_rsp *rsp, struct rsp_call *c);
teeio_err rsp_capabilities(struct teeio_spdm_rsp *rsp, struct rsp_call *c);
teeio_err rsp_algorithms(struct teeio_spdm_rsp *rsp, struct rsp_call *c);
teeio_err rsp_digests(struct teeio_spdm_rsp *rsp, struct rsp_call *c);
teeio_err rsp_certificate(struct teeio_spdm_rsp *rsp, struct rsp_call *c);
teeio_err rsp_challenge(struct teeio_spdm_rsp *rsp, struct rsp_call *c);
teeio_err rsp_measurements(struct teeio_spdm_rsp *rsp, struct rsp_call *c);
teeio_err rsp_key_exchange(struct teeio_spdm_rsp *rsp, struct rsp_call *c);
teeio_err rsp_finish(struct teeio_spdm_rsp *rsp, struct rsp_call *c);
teeio_err rsp_heartbeat(struct teeio_spdm_rsp *rsp, struct rsp_call *c);
teeio_err rsp_key_update(struct teeio_spdm_rsp *rsp, struct rsp_call *c);
teeio_err rsp_end_session(struct teeio_spdm_rsp *rsp, struct rsp_call *c);
teeio_err rsp_vendor(struct teeio_spdm_rsp *rsp, struct rsp_call *c);
teeio_err rsp_chunk_send(struct teeio_spdm_rsp *rsp, struct rsp_call *c);
teeio_err rsp_chunk_get(struct teeio_spdm_rsp *rsp, struct rsp_call *c);
teeio_err rsp_respond_if_ready(struct teeio_spdm_rsp *rsp, struct rsp_call *c);

/* Dispatch one plain or decrypted request (dispatch.c). */
void rsp_dispatch(struct teeio_spdm_rsp *rsp, struct rsp_call *c);

/* Slot usable for signing: provisioned and with a key. */
bool rsp_slot_ok(const struct teeio_spdm_rsp *rsp, uint8_t slot);
/* Sign th with the slot's key under `context`, appending the signature. */
teeio_err rsp_sign(struct teeio_spdm_rsp *rsp, uint8_t slot, const char *context, const uint8_t *th,
		   struct teeio_buf *out);
/* Sessions (session.c). */
struct teeio_spdm_rsp_session *rsp_session_alloc(struct teeio_spdm_rsp *rsp);
void rsp_session_teardown(struct teeio_spdm_rsp *rsp, struct teeio_spdm_rsp_session *s);
bool rsp_version_offered(const struct teeio_spdm_rsp *rsp, uint8_t v);
/* Reset the connection to NOT_STARTED (ends sessions). */
void rsp_conn_reset(struct teeio_spdm_rsp *rsp);

#endif
