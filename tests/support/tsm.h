/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test helpers for the TSM core: a scripted backend whose every op counts
 * its calls and returns what the test set, and a TSM with it registered,
 * one device added and one TVM whose secret the test knows.
 */
#ifndef TEEIO_TEST_SUPPORT_TSM_H
#define TEEIO_TEST_SUPPORT_TSM_H

#include "teeio/tsm.h"

enum tsm_fake_op {
	TSM_FAKE_PROBE = 0,
	TSM_FAKE_REMOVE,
	TSM_FAKE_CONNECT,
	TSM_FAKE_DISCONNECT,
	TSM_FAKE_BIND,
	TSM_FAKE_UNBIND,
	TSM_FAKE_ACCEPT,
	TSM_FAKE_STOP,
	TSM_FAKE_KEY_REFRESH,
	TSM_FAKE_HEARTBEAT,
	TSM_FAKE_GUEST_REQUEST,
	TSM_FAKE_QUIESCE,
	TSM_FAKE_OP_COUNT
};

#define TSM_FAKE_RID 0x0100 /* the fake device's PF; it has TSM_FAKE_FUNCS functions */
#define TSM_FAKE_FUNCS 4
#define TSM_FAKE_MMIO_GPA 0x40000000ull /* each bound TDI gets one page here */
#define TSM_FAKE_MMIO_HPA 0xC0000000ull

struct tsm_fake_be {
	teeio_err fail[TSM_FAKE_OP_COUNT]; /* what each op returns */
	unsigned calls[TSM_FAKE_OP_COUNT];
};

/* The fake's ops table (name "fake", every cap). */
const struct teeio_tsm_backend_ops *tsm_fake_ops(void);

struct tsm_fix {
	struct teeio_tsm tsm;
	struct tsm_fake_be be;
	unsigned dev;
	unsigned tvm; /* registered with tsm_fix_secret */
	struct teeio_tsm_gchan guest; /* the TVM's end */
	uint8_t answer[TEEIO_TSM_GMSG_MAX]; /* tsm_fix_guest_call's sealed answer */
};

/* Bytes of the test TVM's channel secret. */
extern const uint8_t tsm_fix_secret[TEEIO_TSM_TVM_SECRET_LEN];

/* A TSM with the fake backend, the device added (IDLE) and TVM 1. NULL on
 * failure.  Free with tsm_fix_free. */
struct tsm_fix *tsm_fix_new(void);
void tsm_fix_free(struct tsm_fix *f);
/* Bind function `fn` of the device to TVM 1. */
teeio_err tsm_fix_bind(struct tsm_fix *f, uint16_t fn, unsigned *tdi);
/* One guest request through teeio_tsm_guest_handler (no platform relay):
 * seal on f->guest, hand to the TSM for TVM f->tvm, open and decode the
 * answer into *rsp (pointers into body). */
teeio_err tsm_fix_guest_call(struct tsm_fix *f, const struct teeio_tsm_greq *q,
			     struct teeio_tsm_grsp *rsp, uint8_t *body, size_t cap);

#endif
