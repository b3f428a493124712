/* SPDX-License-Identifier: BSD-3-Clause */
/* A hosted DSM and an in-process SPDM requester (see dsm.h). */
#include <stdlib.h>
#include <string.h>

#include "dsm.h"

static teeio_err tdisp_over_spdm(void *ctx, const uint8_t *req, size_t req_len, uint8_t *rsp,
				 size_t *rsp_len)
{
	struct dsm_rig *r = ctx;
	static const uint8_t vid[2] = {0x01, 0x00}; /* PCI-SIG, little-endian */

	return teeio_spdm_req_vendor(&r->req, r->km_link.session_id, TEEIO_SPDM_VENDOR_STD_PCISIG,
				     vid, sizeof(vid), req, req_len, rsp, *rsp_len, rsp_len);
}

struct dsm_rig *dsm_rig_new(const char *json, const struct teeio_dsm_identity *id)
{
	struct dsm_rig *r = calloc(1, sizeof(*r));
	struct teeio_dsm_host_config hc = {0};
	struct teeio_spdm_io io;
	teeio_err e;

	if (!r)
		return NULL;
	e = json ? teeio_dsm_profile_parse(json, strlen(json), &r->prof, NULL, 0)
		 : teeio_dsm_profile_default(&r->prof);
	hc.ops = teeio_crypto_openssl();
	hc.prof = &r->prof;
	hc.trans = TEEIO_TRANS_PCI_DOE;
	if (id)
		hc.id = *id;
	if (e != TEEIO_OK || teeio_dsm_host_init(&r->host, &hc) != TEEIO_OK) {
		free(r);
		return NULL;
	}
	teeio_spdm_req_config_default(&r->qcfg, hc.ops);
	r->roots[0] = r->host.der; /* the chain starts with its root */
	r->root_lens[0] = r->host.chain.n_certs ? r->host.chain.certs[0].len : 0;
	r->qcfg.roots = r->roots;
	r->qcfg.root_lens = r->root_lens;
	r->qcfg.n_roots = 1;
	r->qcfg.binding = teeio_spdm_io_binding(TEEIO_TRANS_PCI_DOE);
	r->qcfg.max_pad = teeio_spdm_io_max_pad(TEEIO_TRANS_PCI_DOE);
	io = teeio_spdm_loop_io(&r->loop, &r->host.rsp, TEEIO_TRANS_PCI_DOE);
	if (teeio_spdm_req_init(&r->req, &r->qcfg, &io) != TEEIO_OK) {
		dsm_rig_free(r);
		return NULL;
	}
	return r;
}

void dsm_rig_free(struct dsm_rig *r)
{
	if (!r)
		return;
	teeio_spdm_req_free(&r->req);
	teeio_dsm_host_free(&r->host);
	free(r);
}

teeio_err dsm_rig_connect(struct dsm_rig *r)
{
	struct teeio_spdm_req_connect_opts o = {
	    .slot = 0,
	    .challenge = true,
	    .measurements = true,
	    .session = true,
	    .summary_type = TEEIO_SPDM_MEAS_SUMMARY_ALL,
	};

	memset(&r->res, 0, sizeof(r->res));
	r->res.chain = r->chain;
	r->res.chain_cap = sizeof(r->chain);
	r->res.record = r->record;
	r->res.record_cap = sizeof(r->record);
	r->res.blocks = r->blocks;
	r->res.max_blocks = TEEIO_ARRAY_LEN(r->blocks);
	TRY(teeio_spdm_req_connect(&r->req, &o, &r->res));
	r->km_link.req = &r->req;
	r->km_link.session_id = r->res.session_id;
	r->km.exchange = teeio_idekm_spdm_exchange;
	r->km.ctx = &r->km_link;
	teeio_tdisp_req_init(&r->td, tdisp_over_spdm, r);
	return TEEIO_OK;
}

teeio_err dsm_rig_key_stream0(struct dsm_rig *r)
{
	static const uint32_t ifv[2] = {0, 1};
	uint8_t key[TEEIO_IDEKM_KEY_LEN];
	teeio_err e = TEEIO_OK;

	for (unsigned dir = 0; dir < 2 && !e; dir++)
		for (unsigned ss = 0; ss < 3 && !e; ss++) {
			struct teeio_idekm_sel sel = {0, 0, 0, (uint8_t)dir, (uint8_t)ss};
			uint8_t status = 0xFF;
			memset(key, (int)(0x10 * dir + ss + 1), sizeof(key));
			e = teeio_idekm_req_key_prog(&r->km, &sel, key, ifv, &status);
		}
	for (unsigned dir = 0; dir < 2 && !e; dir++)
		for (unsigned ss = 0; ss < 3 && !e; ss++) {
			struct teeio_idekm_sel sel = {0, 0, 0, (uint8_t)dir, (uint8_t)ss};
			e = teeio_idekm_req_key_set_go(&r->km, &sel);
		}
	teeio_wipe(key, sizeof(key));
	return e;
}
