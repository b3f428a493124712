/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the TDISP requester (host side): the input is a script of responses
 * ([length u16le][bytes] each) answered in turn to the spdm-emu flow plus
 * P2P, MMIO attribute and VDM requests.  Also the message decoder and the
 * report parser on the raw input.  Nothing may read out of bounds or loop.
 */
#include <stdlib.h>
#include <string.h>

#include "teeio/tdisp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Outcomes do not matter here, only that nothing breaks. */
#define IGNORE(expr)                         \
	do {                                 \
		teeio_err ignored_ = (expr); \
		(void)ignored_;              \
	} while (0)

struct script {
	struct teeio_buf in;
	int calls;
};

static teeio_err scripted(void *ctx, const uint8_t *req, size_t req_len, uint8_t *rsp,
			  size_t *rsp_len)
{
	struct script *s = ctx;
	uint16_t n;
	const uint8_t *p;

	(void)req;
	(void)req_len;
	if (++s->calls > 64)
		return TEEIO_ERR_TRANSPORT_CLOSED;
	TRY(teeio_buf_get_u16le(&s->in, &n));
	if (n > *rsp_len)
		return TEEIO_ERR_SIZE;
	TRY(teeio_buf_get_ref(&s->in, &p, n));
	memcpy(rsp, p, n);
	*rsp_len = n;
	return TEEIO_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct teeio_tdisp_req r;
	struct script s = {teeio_buf_reader(data, size), 0};
	struct teeio_tdisp_msg m;
	struct teeio_tdisp_report_view v;
	struct teeio_tdisp_caps caps;
	struct teeio_tdisp_lock_params p = {0, 1, 0xD0000000, 0};
	struct teeio_tdisp_mmio_range mr = {0xd0080, 1, TEEIO_TDISP_RANGE_NON_TEE, 0};
	static const uint8_t vid[2] = {1, 0};
	struct teeio_tdisp_vdm vq = {0, 2, vid, vid, 2}, va;
	uint8_t nonce[TEEIO_TDISP_NONCE_LEN], rep[2048], vd[64];
	enum teeio_tdisp_state st;
	size_t len;

	IGNORE(teeio_tdisp_decode(data, size, &m));
	if (teeio_tdisp_report_parse(data, size, &v) == TEEIO_OK) {
		struct teeio_tdisp_mmio_range rg;
		for (uint32_t i = 0; i < v.n_ranges; i++)
			teeio_tdisp_report_range(&v, i, &rg);
	}

	teeio_tdisp_req_init(&r, scripted, &s);
	r.portion_len = 16;
	IGNORE(teeio_tdisp_req_get_version(&r, 0xbeef));
	IGNORE(teeio_tdisp_req_get_caps(&r, 0xbeef, 0, &caps));
	IGNORE(teeio_tdisp_req_get_state(&r, 0xbeef, &st));
	IGNORE(teeio_tdisp_req_lock(&r, 0xbeef, &p, nonce));
	if (teeio_tdisp_req_get_report(&r, 0xbeef, rep, sizeof(rep), &len) == TEEIO_OK) {
		if (len > sizeof(rep))
			abort();
		IGNORE(teeio_tdisp_report_parse(rep, len, &v));
	}
	memset(nonce, 0x11, sizeof(nonce));
	IGNORE(teeio_tdisp_req_start(&r, 0xbeef, nonce));
	IGNORE(teeio_tdisp_req_p2p(&r, 0xbeef, true, 2));
	IGNORE(teeio_tdisp_req_set_mmio_attr(&r, 0xbeef, &mr));
	if (teeio_tdisp_req_vdm(&r, 0xbeef, &vq, &va, vd, sizeof(vd)) == TEEIO_OK &&
	    va.data_len > sizeof(vd))
		abort();
	IGNORE(teeio_tdisp_req_stop(&r, 0xbeef));
	return 0;
}
