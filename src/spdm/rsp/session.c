/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The responder's fixed session table.  A session slot owns its key
 * schedule, record-layer AEAD contexts and TH transcript; teardown wipes
 * all of them and tells the owner (the DSM moves bound TDIs to ERROR).
 */
#include <string.h>

#include "rsp.h"

struct teeio_spdm_rsp_session *rsp_session_alloc(struct teeio_spdm_rsp *rsp)
{
	size_t max = rsp->cfg->max_sessions ? rsp->cfg->max_sessions : TEEIO_SPDM_RSP_MAX_SESSIONS;

	if (max > TEEIO_SPDM_RSP_MAX_SESSIONS)
		max = TEEIO_SPDM_RSP_MAX_SESSIONS;
	for (size_t i = 0; i < max; i++)
		if (rsp->sessions[i].state == TEEIO_SPDM_RSP_SESSION_FREE)
			return &rsp->sessions[i];
	return NULL;
}

void rsp_session_teardown(struct teeio_spdm_rsp *rsp, struct teeio_spdm_rsp_session *s)
{
	uint32_t id = s->id;
	bool was_live = s->state != TEEIO_SPDM_RSP_SESSION_FREE;

	teeio_spdm_tr_free(&s->th);
	teeio_spdm_sec_free(&s->sec);
	teeio_spdm_ks_wipe(&s->ks);
	teeio_wipe(s, sizeof(*s));
	if (was_live && rsp->chunk.tx_session == id)
		rsp->chunk.tx_active = false;
	if (was_live && rsp->chunk.rx_session == id)
		rsp->chunk.rx_active = false;
	if (rsp->l1_session == id && was_live) {
		teeio_spdm_tr_free(&rsp->l1);
		rsp->l1_session = 0;
	}
	if (was_live && rsp->cfg->session_ended)
		rsp->cfg->session_ended(rsp->cfg->session_ended_ctx, rsp, id);
}

struct teeio_spdm_rsp_session *teeio_spdm_rsp_session_find(struct teeio_spdm_rsp *rsp,
							   uint32_t session_id)
{
	for (size_t i = 0; i < TEEIO_SPDM_RSP_MAX_SESSIONS; i++) {
		struct teeio_spdm_rsp_session *s = &rsp->sessions[i];

		if (s->state != TEEIO_SPDM_RSP_SESSION_FREE && s->id == session_id)
			return s;
	}
	return NULL;
}

void teeio_spdm_rsp_session_end(struct teeio_spdm_rsp *rsp, uint32_t session_id)
{
	struct teeio_spdm_rsp_session *s = teeio_spdm_rsp_session_find(rsp, session_id);

	if (s)
		rsp_session_teardown(rsp, s);
}
