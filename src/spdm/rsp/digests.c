/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * GET_DIGESTS -> DIGESTS (DSP0274 1.3, 10.6): the hash of the SPDM chain
 * form of every provisioned slot, lowest slot first.  Outside a session the
 * pair goes into M1/M2 ("B").
 */
#include "rsp.h"

static uint8_t provisioned_mask(const struct teeio_spdm_rsp *rsp)
{
	uint8_t m = 0;

	for (uint8_t i = 0; i < TEEIO_SPDM_MAX_SLOTS; i++)
		if (rsp->chain_hdr_len[i] != 0)
			m |= (uint8_t)(1u << i);
	return m;
}

teeio_err rsp_digests(struct teeio_spdm_rsp *rsp, struct rsp_call *c)
{
	struct teeio_buf b = rsp_body(c);
	size_t h = teeio_spdm_hash_size(&rsp->conn);
	uint8_t mask = provisioned_mask(rsp);

	/* Check parameters. */
	ENSURE(c->param1 == 0 && c->param2 == 0, TEEIO_ERR_PROTO_RESERVED);
	TRY(rsp_end(c, &b));

	/* Construct: 1.3 Param1 = SupportedSlotMask (every slot we could
	 * hold is a provisioned one here), Param2 = ProvisionedSlotMask. */
	TRY(rsp_put_header(c, SPDM_DIGESTS, c->version >= TEEIO_SPDM_V13 ? mask : 0, mask));
	for (uint8_t i = 0; i < TEEIO_SPDM_MAX_SLOTS; i++)
		if (mask & (1u << i))
			TRY(teeio_buf_put_bytes(&c->out, rsp->chain_digest[i], h));

	/* Commit. */
	if (c->sess == NULL) {
		if (!rsp->m1.live)
			TRY(teeio_spdm_tr_start(&rsp->m1, &rsp->conn, true));
		TRY(teeio_spdm_tr_update(&rsp->m1, c->req, SPDM_HDR_SIZE));
		TRY(teeio_spdm_tr_update(&rsp->m1, c->out.data, c->out.pos));
	}
	if (rsp->conn.state < TEEIO_SPDM_CONN_AFTER_DIGESTS)
		rsp->conn.state = TEEIO_SPDM_CONN_AFTER_DIGESTS;
	return TEEIO_OK;
}
