/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Responder internals: one request in flight, and the handler entry point.
 */
#ifndef TEEIO_TDISP_RSP_INTERNAL_H
#define TEEIO_TDISP_RSP_INTERNAL_H

#include "tdisp_internal.h"

/* One request being answered. */
struct tdisp_call {
	struct teeio_tdisp_rsp *r;
	struct teeio_tdisp_tdi *tdi; /* the addressed TDI (after header checks) */
	struct teeio_tdisp_msg req; /* the decoded request                     */
	uint8_t code; /* request code                            */
	uint32_t function_id; /* as received, echoed in the response     */
	enum teeio_tdisp_event event;
	size_t start; /* response start in out                   */
	struct teeio_buf out; /* response; handlers append the body      */
};

/**
 * Run the handler of `action` (a message action of the state table) for
 * c: append the response body to c->out and return TEEIO_TDISP_ERR_NONE,
 * or return a TDISP error code having changed nothing.
 */
uint32_t tdisp_rsp_run(struct tdisp_call *c, enum tdisp_action action);

/** REQ_MSGS_SUPPORTED of this responder. */
void tdisp_rsp_req_msgs(const struct teeio_tdisp_rsp *r, uint8_t out[TDISP_REQ_MSGS_LEN]);

#endif /* TEEIO_TDISP_RSP_INTERNAL_H */
