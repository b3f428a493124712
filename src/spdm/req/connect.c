/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The standard flow in one call (what the TSM and `teeio tsm probe` run):
 * VCA, DIGESTS, CERTIFICATE (verified), then as asked and as the
 * responder's capabilities allow: CHALLENGE, signed GET_MEASUREMENTS(all),
 * KEY_EXCHANGE + FINISH.
 */
#include "req.h"

#include <string.h>

teeio_err teeio_spdm_req_connect(struct teeio_spdm_req *r,
				 const struct teeio_spdm_req_connect_opts *opts,
				 struct teeio_spdm_req_connect_result *res)
{
	ENSURE(r && r->cfg && opts && res && res->chain, TEEIO_ERR_USAGE);
	ENSURE(opts->slot < TEEIO_SPDM_MAX_SLOTS, TEEIO_ERR_USAGE);
	res->chain_len = 0;
	res->session_id = 0;
	memset(&res->meas, 0, sizeof(res->meas));

	TRY(teeio_spdm_req_vca(r));
	const struct teeio_spdm_negotiated *neg = &r->conn.neg;
	res->params = *neg;
	TRY(teeio_spdm_req_digests(r, &res->slot_mask));
	ENSURE(res->slot_mask & (1u << opts->slot), TEEIO_ERR_USAGE_NOT_FOUND);
	TRY(teeio_spdm_req_certificate(r, opts->slot, res->chain, res->chain_cap, &res->chain_len));

	bool meas = (neg->rsp_caps & TEEIO_SPDM_CAP_MEAS_MASK) != 0;
	uint8_t summary = meas ? opts->summary_type : SPDM_SUMMARY_NONE;
	if (opts->challenge && (neg->rsp_caps & TEEIO_SPDM_CAP_CHAL))
		TRY(teeio_spdm_req_challenge(r, opts->slot, summary, res->summary));
	if (opts->measurements && meas && res->record && res->blocks) {
		bool sign = (neg->rsp_caps & TEEIO_SPDM_CAP_MEAS_MASK) == TEEIO_SPDM_CAP_MEAS_SIG;
		TRY(teeio_spdm_req_measurements(r, 0, SPDM_MEAS_OP_ALL, sign, opts->slot,
						res->record, res->record_cap, res->blocks,
						res->max_blocks, &res->meas));
	}
	if (opts->session && neg->version >= TEEIO_SPDM_V11 && req_both(r, TEEIO_SPDM_CAP_KEY_EX)) {
		uint32_t id;
		TRY(teeio_spdm_req_key_exchange(r, opts->slot, summary, &id, res->summary));
		TRY(teeio_spdm_req_finish(r, id));
		res->session_id = id;
	}
	return TEEIO_OK;
}
