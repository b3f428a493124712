/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Requester context: configuration defaults, init/reset/free, sticky
 * failure, sessions bookkeeping.
 */
#include "req.h"

#include <string.h>

void teeio_spdm_req_config_default(struct teeio_spdm_req_config *cfg,
				   const struct teeio_crypto_ops *ops)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->ops = ops;
	cfg->versions[0] = TEEIO_SPDM_V12;
	cfg->versions[1] = TEEIO_SPDM_V13;
	cfg->n_versions = 2;
	cfg->caps = TEEIO_SPDM_REQ_CAPS_DEFAULT;
	cfg->data_transfer_size = TEEIO_SPDM_MAX_MSG;
	cfg->max_spdm_msg_size = TEEIO_SPDM_REQ_MSG_MAX;
	teeio_spdm_alg_prefs_default(&cfg->algs);
	cfg->retries = 3;
}

static void sessions_drop_all(struct teeio_spdm_req *r)
{
	for (size_t i = 0; i < TEEIO_SPDM_REQ_SESSIONS; i++)
		req_session_drop(r, &r->sess[i]);
}

static void forget_peer(struct teeio_spdm_req *r)
{
	const struct teeio_crypto_ops *ops = r->cfg->ops;

	sessions_drop_all(r);
	teeio_spdm_tr_free(&r->m1);
	teeio_spdm_tr_free(&r->l1);
	if (r->peer_key_slot >= 0)
		ops->pkey_free(&r->peer_key);
	memset(&r->peer_key, 0, sizeof(r->peer_key));
	r->peer_key_slot = -1;
	memset(r->slots, 0, sizeof(r->slots));
	r->slot_mask = 0;
	teeio_spdm_conn_reset(&r->conn);
	r->dead = false;
	r->dead_reason = TEEIO_OK;
	r->peer_error = 0;
	r->peer_error_data = 0;
}

teeio_err teeio_spdm_req_init(struct teeio_spdm_req *r, const struct teeio_spdm_req_config *cfg,
			      const struct teeio_spdm_io *io)
{
	ENSURE(r && cfg && io && io->exchange && cfg->ops, TEEIO_ERR_USAGE);
	ENSURE(cfg->n_versions <= TEEIO_SPDM_MAX_VERSIONS, TEEIO_ERR_USAGE_CONFIG);
	for (size_t i = 0; i < cfg->n_versions; i++)
		ENSURE(teeio_spdm_version_known(cfg->versions[i]), TEEIO_ERR_USAGE_CONFIG);
	ENSURE(teeio_spdm_asym_mask(cfg->algs.asym, TEEIO_SPDM_PREF_MAX) != 0 &&
		   teeio_spdm_hash_mask(cfg->algs.hash, TEEIO_ARRAY_LEN(cfg->algs.hash)) != 0,
	       TEEIO_ERR_USAGE_CONFIG);
	memset(r, 0, sizeof(*r));
	r->cfg = cfg;
	r->io = *io;
	r->peer_key_slot = -1;
	r->next_req_session_id = 0xFFFF;
	teeio_spdm_conn_init(&r->conn, cfg->ops);
	return TEEIO_OK;
}

void teeio_spdm_req_reset(struct teeio_spdm_req *r)
{
	if (!r || !r->cfg)
		return;
	forget_peer(r);
}

void teeio_spdm_req_free(struct teeio_spdm_req *r)
{
	if (!r || !r->cfg)
		return;
	forget_peer(r);
	teeio_spdm_conn_free(&r->conn);
	teeio_wipe(r->tx, sizeof(r->tx));
	teeio_wipe(r->rx, sizeof(r->rx));
	teeio_wipe(r->rec_tx, sizeof(r->rec_tx));
	teeio_wipe(r->rec_rx, sizeof(r->rec_rx));
}

const struct teeio_spdm_negotiated *teeio_spdm_req_negotiated(const struct teeio_spdm_req *r)
{
	return &r->conn.neg;
}

bool teeio_spdm_req_peer_error(const struct teeio_spdm_req *r, uint8_t *code, uint8_t *data)
{
	if (code)
		*code = r->peer_error;
	if (data)
		*data = r->peer_error_data;
	return r->peer_error != 0;
}

/* Failures after which the connection stays usable: the responder said
 * no (ERROR, Busy) or the caller's buffer was too small.  Transcripts keep
 * what both sides saw: every response that was valid on the wire has been
 * appended before a caller buffer is filled, and ERROR answers enter no
 * transcript on either side. */
static bool recoverable(teeio_err e)
{
	return e == TEEIO_ERR_PROTO_PEER_ERROR || e == TEEIO_ERR_PROTO_BUSY ||
	       e == TEEIO_ERR_SIZE || teeio_err_kind(e) == TEEIO_KIND_USAGE;
}

teeio_err req_fail(struct teeio_spdm_req *r, teeio_err e)
{
	if (e == TEEIO_OK)
		return e;
	if (recoverable(e) && (r->conn.state >= TEEIO_SPDM_CONN_NEGOTIATED ||
			       r->peer_error == SPDM_ERR_REQUEST_RESYNCH))
		return e;
	/* A rejected secured record ends its session, not the connection
	 * (DSP0277: the session is torn down). */
	if (r->record_rejected) {
		r->record_rejected = false;
		return e;
	}
	if (!r->dead) {
		r->dead = true;
		r->dead_reason = e;
		REQ_LOG(r, TEEIO_LOG_WARN, "spdm-req: connection failed: %s", teeio_err_str(e));
	}
	/* Nothing may be used any more: keys go now, not at reset. */
	sessions_drop_all(r);
	return e;
}

teeio_err req_ready(struct teeio_spdm_req *r, bool need_negotiated)
{
	ENSURE(!r->dead, TEEIO_ERR_STATE_DEAD);
	r->record_rejected = false;
	if (need_negotiated)
		ENSURE(r->conn.state >= TEEIO_SPDM_CONN_NEGOTIATED, TEEIO_ERR_STATE);
	return TEEIO_OK;
}

struct teeio_buf req_begin(struct teeio_spdm_req *r, uint8_t code, uint8_t p1, uint8_t p2)
{
	struct teeio_buf b = teeio_buf_writer(r->tx, sizeof(r->tx));
	uint8_t v = code == SPDM_GET_VERSION ? SPDM_VERSION_10 : req_version(r);

	/* Cannot fail: tx holds far more than a header. */
	r->tx[0] = v;
	r->tx[1] = code;
	r->tx[2] = p1;
	r->tx[3] = p2;
	b.pos = SPDM_HDR_SIZE;
	return b;
}

teeio_err req_end(const struct teeio_spdm_req *r, const struct teeio_buf *b)
{
	return teeio_spdm_expect_end_pad(b, r->cfg->max_pad);
}

struct teeio_spdm_req_session *req_session_get(struct teeio_spdm_req *r, uint32_t id,
					       enum teeio_spdm_req_sess_state want)
{
	for (size_t i = 0; i < TEEIO_SPDM_REQ_SESSIONS; i++) {
		struct teeio_spdm_req_session *s = &r->sess[i];
		if (s->state != TEEIO_SPDM_REQ_SESS_FREE && s->id == id)
			return s->state == want ? s : NULL;
	}
	return NULL;
}

void req_session_drop(struct teeio_spdm_req *r, struct teeio_spdm_req_session *s)
{
	(void)r;
	teeio_spdm_tr_free(&s->th);
	if (s->sec.ops)
		teeio_spdm_sec_free(&s->sec);
	if (s->ks.ops)
		teeio_spdm_ks_wipe(&s->ks);
	teeio_wipe(s, sizeof(*s));
}
