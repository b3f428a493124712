/* SPDX-License-Identifier: BSD-3-Clause */
/* In-process requester <-> responder world for tests. */
#include "spdm_req.h"

#include <stdlib.h>
#include <string.h>

/* TEEIO_TEST_SPDM_LOG=1..4 prints both sides (debugging a failing combo). */
static struct teeio_log loop_log_req = {TEEIO_LOG_ERROR, NULL, "req"};
static const struct teeio_log *loop_log(void)
{
	const char *v = getenv("TEEIO_TEST_SPDM_LOG");
	if (!v)
		return NULL;
	loop_log_req.level = (enum teeio_log_level)atoi(v);
	return &loop_log_req;
}

static teeio_err direct_exchange(void *ctx, bool secured, const uint8_t *req, size_t len,
				 uint8_t *rsp, size_t cap, size_t *rsp_len)
{
	struct spdm_world *w = ctx;
	size_t n = cap;

	w->exchanges++;
	if (secured)
		TRY(teeio_spdm_rsp_handle_secured(&w->rsp, req, len, 0, rsp, &n, NULL));
	else
		TRY(teeio_spdm_rsp_handle(&w->rsp, req, len, 0, rsp, &n));
	ENSURE(n > 0, TEEIO_ERR_TRANSPORT_TIMEOUT); /* no answer */
	*rsp_len = n;
	return TEEIO_OK;
}

/* Echo vendor handler: answers the payload reversed. */
static teeio_err echo(void *ctx, const struct teeio_spdm_vendor_session *s, const uint8_t *req,
		      size_t req_len, uint8_t *rsp, size_t *rsp_len)
{
	(void)ctx;
	(void)s;
	ENSURE(req_len <= *rsp_len, TEEIO_ERR_SIZE);
	for (size_t i = 0; i < req_len; i++)
		rsp[i] = req[req_len - 1 - i];
	*rsp_len = req_len;
	return TEEIO_OK;
}

static const uint8_t fw_rom[] = "immutable rom v1";
static const uint8_t fw_img[] = "mutable firmware image 2.3.4";
static const uint8_t fw_ver[] = "2.3.4";
static const uint8_t hw_cfg[] = {1, 2, 3, 4, 5, 6, 7, 8};

teeio_err spdm_world_init(struct spdm_world *w, const struct spdm_combo *c, uint32_t rsp_caps)
{
	memset(w, 0, sizeof(*w));
	w->ops = teeio_crypto_openssl();
	TRY(teeio_pki_generate_device(w->ops, c->sig, 0, &w->chain));
	w->der_len = sizeof(w->der);
	TRY(teeio_pki_chain_der(&w->chain, w->der, &w->der_len));
	w->root = w->chain.certs[0].der;
	w->root_len = w->chain.certs[0].len;

	struct teeio_spdm_rsp_meas_entry *e = w->meas_entries;
	e[0] = (struct teeio_spdm_rsp_meas_entry){
	    1, TEEIO_SPDM_MEAS_IMMUTABLE_ROM, false, true, fw_rom, sizeof(fw_rom)};
	e[1] = (struct teeio_spdm_rsp_meas_entry){
	    2, TEEIO_SPDM_MEAS_MUTABLE_FW, false, true, fw_img, sizeof(fw_img)};
	e[2] = (struct teeio_spdm_rsp_meas_entry){
	    3, TEEIO_SPDM_MEAS_HW_CONFIG, false, false, hw_cfg, sizeof(hw_cfg)};
	e[3] = (struct teeio_spdm_rsp_meas_entry){4,      TEEIO_SPDM_MEAS_VERSION, true, false,
						  fw_ver, sizeof(fw_ver)};
	w->meas.entries = e;
	w->meas.n = 4;

	w->vendor[0] = (struct teeio_spdm_vendor_handler){
	    .standard_id = TEEIO_SPDM_VENDOR_STD_PCISIG,
	    .vendor_id = {0x01, 0x00},
	    .vendor_id_len = 2,
	    .protocol_id = -1,
	    .fn = echo,
	};

	struct teeio_spdm_rsp_config *r = &w->rcfg;
	r->ops = w->ops;
	r->log = loop_log();
	r->versions[0] = c->version;
	r->caps = rsp_caps;
	r->ct_exponent = 12;
	teeio_spdm_alg_prefs_default(&r->algs);
	memset(r->algs.asym, 0, sizeof(r->algs.asym));
	r->algs.asym[0] = c->sig;
	memset(r->algs.hash, 0, sizeof(r->algs.hash));
	r->algs.hash[0] = c->hash;
	memset(r->algs.meas_hash, 0, sizeof(r->algs.meas_hash));
	r->algs.meas_hash[0] = c->hash;
	memset(r->algs.dhe, 0, sizeof(r->algs.dhe));
	r->algs.dhe[0] = c->dhe;
	memset(r->algs.aead, 0, sizeof(r->algs.aead));
	r->algs.aead[0] = c->aead;
	r->slots[0].der = w->der;
	r->slots[0].der_len = w->der_len;
	r->slots[0].key = &w->chain.leaf_key;
	r->meas = &w->meas;
	r->vendor = w->vendor;
	r->n_vendor = 1;
	r->heartbeat_period = 10;

	struct teeio_spdm_req_config *q = &w->qcfg;
	teeio_spdm_req_config_default(q, w->ops);
	q->log = loop_log();
	q->versions[0] = c->version;
	q->n_versions = 1;
	q->roots = &w->root;
	q->root_lens = &w->root_len;
	q->n_roots = 1;

	w->io.ctx = w;
	w->io.exchange = direct_exchange;
	return TEEIO_OK;
}

teeio_err spdm_world_start(struct spdm_world *w, const struct teeio_spdm_io *io)
{
	TRY(teeio_spdm_rsp_init(&w->rsp, &w->rcfg));
	return teeio_spdm_req_init(&w->req, &w->qcfg, io ? io : &w->io);
}

void spdm_world_free(struct spdm_world *w)
{
	teeio_spdm_req_free(&w->req);
	teeio_spdm_rsp_free(&w->rsp);
	teeio_pki_chain_free(w->ops, &w->chain);
}
