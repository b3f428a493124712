/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test helpers for IDE_KM: a scripted fake device behind the responder's
 * port ops (records every call, can be told to fail) and a loopback
 * exchange that runs a requester straight into a responder.
 */
#ifndef TEEIO_TEST_SUPPORT_IDEKM_H
#define TEEIO_TEST_SUPPORT_IDEKM_H

#include "teeio/idekm.h"

struct idekm_fake_dev {
	unsigned n_query, n_prog, n_go, n_stop;
	struct teeio_idekm_sel last; /* selector of the last key call */
	uint8_t last_key[TEEIO_IDEKM_KEY_LEN];
	uint32_t last_ifv[2];
	teeio_err fail_prog, fail_go, fail_stop; /* returned when set */
	size_t n_regs; /* registers QUERY reports */
};

/* The fake device's ops table (ctx: struct idekm_fake_dev *). */
extern const struct teeio_idekm_port_ops idekm_fake_ops;

/* A responder over `dev`: ports 0..1, port 0 keys streams 1 and 5, port 1
 * stream 2; strict unless `partial`. */
void idekm_fake_rsp(struct teeio_idekm_rsp *r, struct idekm_fake_dev *dev, bool partial);

/* Loopback: the requester's exchange runs the responder in session
 * `session_id`; `tamper` (may be NULL) may rewrite the response. */
struct idekm_loop {
	struct teeio_idekm_rsp *rsp;
	uint32_t session_id;
	void (*tamper)(uint8_t *rsp, size_t *len, void *arg);
	void *arg;
};
teeio_err idekm_loop_exchange(void *ctx, const uint8_t *req, size_t req_len, uint8_t *rsp,
			      size_t cap, size_t *rsp_len);

#endif
