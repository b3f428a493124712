/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hosting the responders on the device: the SPDM responder configured from
 * the profile and the device identity, IDE_KM and TDISP registered as its
 * PCI-SIG vendor-defined protocols, and the SPDM session's end delivered
 * to both.
 */
#include <string.h>

#include "host_internal.h"

/* What the emulated device advertises (DSP0274 CAPABILITIES flags). */
#define DSM_SPDM_CAPS                                                                 \
	(TEEIO_SPDM_CAP_CERT | TEEIO_SPDM_CAP_CHAL | TEEIO_SPDM_CAP_MEAS_SIG |        \
	 TEEIO_SPDM_CAP_MEAS_FRESH | TEEIO_SPDM_CAP_KEY_EX | TEEIO_SPDM_CAP_ENCRYPT | \
	 TEEIO_SPDM_CAP_MAC | TEEIO_SPDM_CAP_HBEAT | TEEIO_SPDM_CAP_KEY_UPD |         \
	 TEEIO_SPDM_CAP_CHUNK)
#define DSM_SPDM_CT_EXPONENT 12 /* 2^12 us: crypto takes milliseconds at most */
#define DSM_SPDM_HEARTBEAT_S 60 /* KEY_EXCHANGE_RSP HeartbeatPeriod, seconds */

/* The SPDM session ended: IDE_KM forgets its keys, locked TDIs break. */
static void session_ended(void *ctx, struct teeio_spdm_rsp *rsp, uint32_t session_id)
{
	struct teeio_dsm_host *h = ctx;

	teeio_log(h->cfg.log, TEEIO_LOG_INFO, "dsm: SPDM session %08x ended", (unsigned)session_id);
	teeio_idekm_rsp_session_ended(&h->idekm, rsp, session_id);
	teeio_dsm_session_ended(&h->dev);
}

static teeio_err spdm_init(struct teeio_dsm_host *h, const struct teeio_pkey *key)
{
	struct teeio_spdm_rsp_config *r = &h->rcfg;

	memset(r, 0, sizeof(*r));
	r->ops = h->cfg.ops;
	r->log = h->cfg.log;
	r->caps = DSM_SPDM_CAPS;
	if (h->cfg.handshake_in_clear)
		r->caps |= TEEIO_SPDM_CAP_HANDSHAKE_IN_THE_CLEAR;
	memcpy(r->versions, h->cfg.versions, sizeof(r->versions));
	r->ct_exponent = DSM_SPDM_CT_EXPONENT;
	/* HBEAT_CAP means nothing with a period of 0: requesters then send
	 * no HEARTBEAT at all (libspdm refuses to). */
	r->heartbeat_period = DSM_SPDM_HEARTBEAT_S;
	teeio_spdm_alg_prefs_default(&r->algs);
	/* One key: offer exactly its algorithm. */
	memset(r->algs.asym, 0, sizeof(r->algs.asym));
	r->algs.asym[0] = key->alg;
	r->slots[0].der = h->der;
	r->slots[0].der_len = h->der_len;
	r->slots[0].key = key;
	r->meas = &h->meas;
	h->vendor[0] = teeio_idekm_rsp_registration(&h->idekm);
	h->vendor[1] = teeio_tdisp_rsp_registration(&h->dev.tdisp);
	r->vendor = h->vendor;
	r->n_vendor = TEEIO_ARRAY_LEN(h->vendor);
	r->binding = teeio_spdm_io_binding(h->cfg.trans);
	r->session_ended = session_ended;
	r->session_ended_ctx = h;
	return teeio_spdm_rsp_init(&h->rsp, r);
}

static teeio_err host_init(struct teeio_dsm_host *h)
{
	const struct teeio_pkey *key = NULL;
	struct teeio_dsm_cap_hooks caps = {
	    .doe_read = dsm_doe_cap_read,
	    .doe_write = dsm_doe_cap_write,
	    .ide_enable = dsm_ide_cap_enable,
	    .ide_secure = dsm_ide_cap_secure,
	    .ctx = h,
	};

	TRY(dsm_identity_load(h, &key));
	dsm_meas_build(h);
	TRY(dsm_ide_init(h));
	TRY(teeio_dsm_dev_init(&h->dev, h->cfg.prof, h->cfg.ops, &caps, h->cfg.dma, h->cfg.log));
	TRY(spdm_init(h, key));
	teeio_spdm_serve_init(&h->serve, &h->rsp, h->cfg.trans);
	TRY(dsm_doe_init(h));
	teeio_dsm_enumerate(&h->dev, TEEIO_DSM_MMIO_BASE);
	return TEEIO_OK;
}

teeio_err teeio_dsm_host_init(struct teeio_dsm_host *h, const struct teeio_dsm_host_config *cfg)
{
	teeio_err rc;

	ENSURE(h && cfg && cfg->ops && cfg->prof, TEEIO_ERR_USAGE);
	memset(h, 0, sizeof(*h));
	h->cfg = *cfg;
	rc = host_init(h);
	if (rc != TEEIO_OK)
		teeio_dsm_host_free(h);
	return rc;
}

void teeio_dsm_host_reset(struct teeio_dsm_host *h)
{
	teeio_spdm_rsp_reset(&h->rsp);
	teeio_dsm_power_cycle(&h->dev);
	teeio_dsm_enumerate(&h->dev, TEEIO_DSM_MMIO_BASE);
}

void teeio_dsm_host_free(struct teeio_dsm_host *h)
{
	if (!h || !h->cfg.ops)
		return;
	if (h->rsp.cfg)
		teeio_spdm_rsp_free(&h->rsp);
	dsm_ide_free(h);
	dsm_identity_free(h);
	teeio_wipe(h->mb_req, sizeof(h->mb_req));
	teeio_wipe(h->mb_rsp, sizeof(h->mb_rsp));
}
