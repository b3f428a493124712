/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "spdm_pair.h"

/* The cipher suite that goes with a signature algorithm's strength. */
static void suite(enum teeio_sig_alg alg, struct teeio_spdm_alg_prefs *a)
{
	bool p256 = alg == TEEIO_SIG_ECDSA_P256 || alg == TEEIO_SIG_ED25519 ||
		    alg == TEEIO_SIG_RSASSA_2048 || alg == TEEIO_SIG_RSAPSS_2048;
	bool p384 = alg == TEEIO_SIG_ECDSA_P384 || alg == TEEIO_SIG_RSASSA_3072 ||
		    alg == TEEIO_SIG_RSAPSS_3072;

	teeio_spdm_alg_prefs_default(a);
	memset(a->asym, 0, sizeof(a->asym));
	a->asym[0] = alg;
	memset(a->hash, 0, sizeof(a->hash));
	memset(a->dhe, 0, sizeof(a->dhe));
	memset(a->aead, 0, sizeof(a->aead));
	a->hash[0] = p256 ? TEEIO_HASH_SHA256 : p384 ? TEEIO_HASH_SHA384 : TEEIO_HASH_SHA512;
	a->dhe[0] = p256 ? TEEIO_DHE_SECP256R1 : p384 ? TEEIO_DHE_SECP384R1 : TEEIO_DHE_SECP521R1;
	a->aead[0] = p256 ? TEEIO_AEAD_AES128_GCM : TEEIO_AEAD_AES256_GCM;
}

/* Eight blocks of the kinds a real device reports (DSP0274 Table
 * "DMTFSpecMeasurementValueType"): ROM, firmware, configs, manifest,
 * device mode, version, SVN. */
static void measurements(struct spdm_pair *p)
{
	static const char *const what[SPDM_PAIR_MEAS] = {"boot rom",      "firmware", "hw config",
							 "fw config",     "manifest", "device mode",
							 "version 1.0.0", "svn"};
	for (size_t i = 0; i < SPDM_PAIR_MEAS; i++) {
		memset(p->meas_values[i], 0, sizeof(p->meas_values[i]));
		snprintf((char *)p->meas_values[i], sizeof(p->meas_values[i]), "teeio %s", what[i]);
		p->meas_entries[i] = (struct teeio_spdm_rsp_meas_entry){
		    .index = (uint8_t)(i + 1),
		    .type = (uint8_t)i,
		    .raw_only = i >= 5, /* mode, version, SVN are raw by nature */
		    .tcb = i < 2,
		    .value = p->meas_values[i],
		    .len = (uint16_t)(i == 7 ? 8 : sizeof(p->meas_values[i])),
		};
	}
	p->meas.entries = p->meas_entries;
	p->meas.n = SPDM_PAIR_MEAS;
	p->meas.generation = 1;
}

teeio_err spdm_pair_init(struct spdm_pair *p, const struct teeio_crypto_ops *ops,
			 enum teeio_sig_alg alg, enum teeio_trans t, const struct teeio_log *log)
{
	p->ops = ops;
	p->alg = alg;
	p->trans = t;
	TRY(teeio_pki_generate_device(ops, alg, 0, &p->chain));
	p->der_len = sizeof(p->der);
	TRY(teeio_pki_chain_der(&p->chain, p->der, &p->der_len));
	measurements(p);

	struct teeio_spdm_rsp_config *r = &p->rcfg;
	memset(r, 0, sizeof(*r));
	r->ops = ops;
	r->log = log;
	r->caps = TEEIO_SPDM_CAP_CERT | TEEIO_SPDM_CAP_CHAL | TEEIO_SPDM_CAP_MEAS_SIG |
		  TEEIO_SPDM_CAP_KEY_EX | TEEIO_SPDM_CAP_ENCRYPT | TEEIO_SPDM_CAP_MAC |
		  TEEIO_SPDM_CAP_HBEAT | TEEIO_SPDM_CAP_KEY_UPD | TEEIO_SPDM_CAP_CHUNK |
		  TEEIO_SPDM_CAP_HANDSHAKE_IN_THE_CLEAR;
	r->ct_exponent = 12;
	r->heartbeat_period = 10; /* seconds; 0 would forbid HEARTBEAT (DSP0274) */
	suite(alg, &r->algs);
	r->slots[0].der = p->der;
	r->slots[0].der_len = p->der_len;
	r->slots[0].key = &p->chain.leaf_key;
	r->meas = &p->meas;
	r->binding = teeio_spdm_io_binding(t);
	TRY(teeio_spdm_rsp_init(&p->rsp, r));

	p->roots[0] = p->chain.certs[0].der;
	p->root_lens[0] = p->chain.certs[0].len;
	teeio_spdm_req_config_default(&p->qcfg, ops);
	p->qcfg.log = log;
	p->qcfg.roots = p->roots;
	p->qcfg.root_lens = p->root_lens;
	p->qcfg.n_roots = 1;
	p->qcfg.binding = teeio_spdm_io_binding(t);
	p->qcfg.max_pad = teeio_spdm_io_max_pad(t);
	struct teeio_spdm_io io = teeio_spdm_loop_io(&p->loop, &p->rsp, t);
	return teeio_spdm_req_init(&p->req, &p->qcfg, &io);
}

void spdm_pair_reset(struct spdm_pair *p)
{
	teeio_spdm_req_reset(&p->req);
	teeio_spdm_rsp_reset(&p->rsp);
}

teeio_err spdm_pair_connect(struct spdm_pair *p, bool session)
{
	struct teeio_spdm_req_connect_opts opts = {
	    .slot = 0,
	    .challenge = true,
	    .measurements = true,
	    .session = session,
	    .summary_type = TEEIO_SPDM_MEAS_SUMMARY_ALL,
	};
	memset(&p->res, 0, sizeof(p->res));
	p->res.chain = p->chain_buf;
	p->res.chain_cap = sizeof(p->chain_buf);
	p->res.record = p->record;
	p->res.record_cap = sizeof(p->record);
	p->res.blocks = p->blocks;
	p->res.max_blocks = SPDM_PAIR_BLOCKS;
	return teeio_spdm_req_connect(&p->req, &opts, &p->res);
}

void spdm_pair_free(struct spdm_pair *p)
{
	teeio_spdm_req_free(&p->req);
	teeio_spdm_rsp_free(&p->rsp);
	teeio_pki_chain_free(p->ops, &p->chain);
}
