/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the IDE_KM decoder and the requester's response checks: the input
 * is the answer a device gives to each request.
 * Properties: a decoded message re-encodes to the same bytes; a QUERY_RESP
 * the requester accepts has 2..REGS_MAX registers; an accepted KP_ACK /
 * K_GOSTOP_ACK echoes the request's bytes exactly.
 */
#include <stdlib.h>
#include <string.h>

#include "teeio/idekm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct canned {
	const uint8_t *data;
	size_t size;
	uint8_t sent[64];
	size_t sent_len;
};

static teeio_err canned_exchange(void *ctx, const uint8_t *req, size_t req_len, uint8_t *rsp,
				 size_t cap, size_t *rsp_len)
{
	struct canned *c = ctx;
	if (c->size > cap || req_len > sizeof(c->sent))
		return TEEIO_ERR_SIZE;
	memcpy(c->sent, req, req_len);
	c->sent_len = req_len;
	memcpy(rsp, c->data, c->size);
	*rsp_len = c->size;
	return TEEIO_OK;
}

static void round_trip(const uint8_t *data, size_t size)
{
	struct teeio_idekm_msg m;
	uint8_t out[TEEIO_IDEKM_MSG_MAX];
	size_t n;

	if (teeio_idekm_decode(data, size, &m) != TEEIO_OK)
		return;
	if (teeio_idekm_encode(&m, out, sizeof(out), &n) != TEEIO_OK || n != size ||
	    memcmp(out, data, size) != 0)
		abort();
	teeio_wipe(&m, sizeof(m));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t key[TEEIO_IDEKM_KEY_LEN] = {1, 2, 3};
	static const uint32_t ifv[2] = {0, 1};
	struct teeio_idekm_port_info info;
	struct teeio_idekm_regs_layout lay;
	struct canned c = {data, size, {0}, 0};
	struct teeio_idekm_req q = {canned_exchange, &c};
	struct teeio_idekm_sel sel = {1, 5, 1, 1, 2};
	uint8_t status;

	round_trip(data, size);
	if (teeio_idekm_req_query(&q, 1, &info) == TEEIO_OK) {
		if (info.n_regs < 2 || info.n_regs > TEEIO_IDEKM_REGS_MAX || info.port_index != 1)
			abort();
		/* A consistent block never claims more than it holds. */
		if (teeio_idekm_regs_layout(info.regs, info.n_regs, &lay) == TEEIO_OK &&
		    lay.expected != info.n_regs)
			abort();
	}
	teeio_err e = teeio_idekm_req_key_prog(&q, &sel, key, ifv, &status);
	if ((e == TEEIO_OK || e == TEEIO_ERR_PROTO_PEER_ERROR) &&
	    (size != 8 || data[1] != TEEIO_IDEKM_KP_ACK || memcmp(data + 4, c.sent + 4, 1) ||
	     memcmp(data + 6, c.sent + 6, 2)))
		abort();
	if (teeio_idekm_req_key_set_go(&q, &sel) == TEEIO_OK &&
	    (size != 8 || data[1] != TEEIO_IDEKM_K_GOSTOP_ACK || memcmp(data + 2, c.sent + 2, 6)))
		abort();
	if (teeio_idekm_req_key_set_stop(&q, &sel) == TEEIO_OK &&
	    (size != 8 || memcmp(data + 2, c.sent + 2, 6)))
		abort();
	return 0;
}
