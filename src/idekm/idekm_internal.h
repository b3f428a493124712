/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Inside the idekm module: the codec without the protocol ID byte, for
 * the SPDM vendor registry, which strips it from requests and adds it to
 * responses itself.
 */
#ifndef TEEIO_IDEKM_INTERNAL_H
#define TEEIO_IDEKM_INTERNAL_H

#include "teeio/idekm.h"

/* teeio_idekm_encode without the protocol ID: out starts at the object ID. */
TEEIO_MUST_CHECK teeio_err idekm_encode_obj(const struct teeio_idekm_msg *m, uint8_t *out,
					    size_t cap, size_t *len);
/* teeio_idekm_decode without the protocol ID: p starts at the object ID. */
TEEIO_MUST_CHECK teeio_err idekm_decode_obj(const uint8_t *p, size_t len,
					    struct teeio_idekm_msg *m);

/* Responder internals shared by rsp.c (dispatch, QUERY, sessions) and
 * rsp_key.c (KEY_PROG, K_SET_GO, K_SET_STOP).  `obj` points at the object
 * ID; `out` receives the response from the object ID on. */
struct idekm_call {
	struct teeio_idekm_rsp *r;
	uint32_t session_id;
	const uint8_t *obj;
	size_t len;
	uint8_t *out;
	size_t cap;
	size_t *out_len;
};

/* Port `port` exists (TEEIO_ERR_PROTO otherwise) and is free or owned by
 * the caller's session (TEEIO_ERR_STATE otherwise). */
TEEIO_MUST_CHECK teeio_err idekm_rsp_port(const struct idekm_call *c, uint8_t port);
/* Index of stream_id among the port's streams, or -1. */
int idekm_rsp_stream(const struct teeio_idekm_rsp *r, uint8_t port, uint8_t stream_id);
/* The port answered the caller: it is now owned by the caller's session. */
void idekm_rsp_bind(const struct idekm_call *c, uint8_t port);
/* Key slots per stream: key set x direction x sub-stream. */
#define IDEKM_SLOTS 12
/* Slot bit of (key set, dir, sub-stream) in the programmed/going masks. */
uint16_t idekm_slot_bit(const struct teeio_idekm_sel *sel);

TEEIO_MUST_CHECK teeio_err idekm_rsp_key_prog(const struct idekm_call *c);
TEEIO_MUST_CHECK teeio_err idekm_rsp_gostop(const struct idekm_call *c, bool go);

#endif
