/* SPDX-License-Identifier: BSD-3-Clause */
/* Scripted and man-in-the-middle SPDM peers for requester tests. */
#include "spdm_req.h"

#include <string.h>

static teeio_err script_exchange(void *ctx, bool secured, const uint8_t *req, size_t len,
				 uint8_t *rsp, size_t cap, size_t *rsp_len)
{
	struct spdm_peer_script *s = ctx;

	if (len <= sizeof(s->last_req)) {
		memcpy(s->last_req, req, len);
		s->last_req_len = len;
	}
	s->last_secured = secured;
	if (s->next >= s->n_steps)
		return TEEIO_ERR_TRANSPORT_CLOSED;
	const struct spdm_peer_step *st = &s->steps[s->next++];
	if (st->len > cap)
		return TEEIO_ERR_SIZE;
	memcpy(rsp, st->rsp, st->len);
	*rsp_len = st->len;
	return TEEIO_OK;
}

struct teeio_spdm_io spdm_peer_script_io(struct spdm_peer_script *s)
{
	struct teeio_spdm_io io = {s, script_exchange};
	return io;
}

static teeio_err mitm_exchange(void *ctx, bool secured, const uint8_t *req, size_t len,
			       uint8_t *rsp, size_t cap, size_t *rsp_len)
{
	struct spdm_mitm *m = ctx;
	uint8_t keep[SPDM_PEER_MSG_MAX];
	size_t keep_len = 0;

	TRY(m->inner.exchange(m->inner.ctx, secured, req, len, rsp, cap, rsp_len));
	if (secured && *rsp_len <= sizeof(keep)) {
		memcpy(keep, rsp, *rsp_len);
		keep_len = *rsp_len;
	}
	if (m->fn)
		m->fn(m, secured, rsp, rsp_len, cap);
	m->count++;
	if (keep_len) {
		memcpy(m->prev_rec, keep, keep_len);
		m->prev_rec_len = keep_len;
	}
	return TEEIO_OK;
}

struct teeio_spdm_io spdm_mitm_io(struct spdm_mitm *m)
{
	struct teeio_spdm_io io = {m, mitm_exchange};
	return io;
}

void spdm_delay_count_fn(void *ctx, uint64_t usec)
{
	struct spdm_delay_count *d = ctx;
	d->calls++;
	d->total_usec += usec;
}
