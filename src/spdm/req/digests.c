/* SPDX-License-Identifier: BSD-3-Clause */
/* GET_DIGESTS / DIGESTS (DSP0274 10.6). */
#include "req.h"

#include <string.h>

static teeio_err digests(struct teeio_spdm_req *r, uint8_t *slot_mask)
{
	size_t h = req_hsize(r), n;
	struct teeio_buf b = req_begin(r, SPDM_GET_DIGESTS, 0, 0);
	req_tr_before(r, SPDM_GET_DIGESTS);
	TRY(req_exchange(r, NULL, b.pos, SPDM_DIGESTS, &n));

	struct teeio_buf in = teeio_buf_reader(r->rx, n);
	uint8_t p1, mask;
	const uint8_t *d[TEEIO_SPDM_MAX_SLOTS] = {0};
	TRY(teeio_buf_skip(&in, 2));
	TRY(teeio_buf_get_u8(&in, &p1));
	TRY(teeio_buf_get_u8(&in, &mask));
	/* Param1: reserved before 1.3; 1.3 SupportedSlotMask, which must
	 * include every provisioned slot. */
	if (req_version(r) >= TEEIO_SPDM_V13)
		ENSURE((p1 & mask) == mask, TEEIO_ERR_PROTO);
	else
		ENSURE(p1 == 0, TEEIO_ERR_PROTO_RESERVED);
	ENSURE(mask != 0, TEEIO_ERR_PROTO);
	for (unsigned i = 0; i < TEEIO_SPDM_MAX_SLOTS; i++)
		if (mask & (1u << i))
			TRY(teeio_buf_get_ref(&in, &d[i], h));
	TRY(req_end(r, &in));

	TRY(req_tr_m1(r, r->tx, b.pos));
	TRY(req_tr_m1(r, r->rx, in.pos));
	for (unsigned i = 0; i < TEEIO_SPDM_MAX_SLOTS; i++) {
		struct teeio_spdm_req_slot *s = &r->slots[i];
		bool known = d[i] != NULL;
		/* A changed digest invalidates what we verified for the slot. */
		if (known && s->chain_valid && !teeio_ct_memeq(s->chain_hash, d[i], h))
			s->chain_valid = false;
		s->digest_valid = known;
		if (known)
			memcpy(s->digest, d[i], h);
	}
	r->slot_mask = mask;
	if (r->conn.state < TEEIO_SPDM_CONN_AFTER_DIGESTS)
		r->conn.state = TEEIO_SPDM_CONN_AFTER_DIGESTS;
	if (slot_mask)
		*slot_mask = mask;
	return TEEIO_OK;
}

teeio_err teeio_spdm_req_digests(struct teeio_spdm_req *r, uint8_t *slot_mask)
{
	ENSURE(r && r->cfg, TEEIO_ERR_USAGE);
	TRY(req_ready(r, true));
	ENSURE(r->conn.neg.rsp_caps & TEEIO_SPDM_CAP_CERT, TEEIO_ERR_PROTO_UNSUPPORTED);
	teeio_err rc = digests(r, slot_mask);
	return rc == TEEIO_OK ? rc : req_fail(r, rc);
}
