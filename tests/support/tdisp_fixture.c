/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TDISP test fixture: a fake device model and a responder/requester pair
 * in one struct (see tdisp.h).
 */
#include <stdlib.h>
#include <string.h>

#include "support/tdisp.h"

int tdisp_fx_rng_fail, tdisp_fx_rng_zero;

/* Deterministic and different on every call, so nonces differ. */
static teeio_err fx_random(void *out, size_t len)
{
	static uint8_t counter;
	uint8_t *p = out;

	if (tdisp_fx_rng_fail)
		return TEEIO_ERR_CRYPTO_RNG;
	counter++;
	for (size_t i = 0; i < len; i++)
		p[i] = tdisp_fx_rng_zero ? 0 : (uint8_t)(counter * 31 + i * 7 + 1);
	return TEEIO_OK;
}

static bool fx_secure(void *dev, const struct teeio_tdisp_tdi *tdi, uint8_t sid)
{
	struct tdisp_fx *fx = dev;
	(void)tdi;
	return (fx->secure[sid / 32] >> (sid % 32)) & 1u;
}

static uint32_t fx_config(void *dev, const struct teeio_tdisp_tdi *tdi,
			  const struct teeio_tdisp_lock_params *p)
{
	struct tdisp_fx *fx = dev;
	(void)tdi;
	(void)p;
	return fx->config_code;
}

static void fx_scrub(void *dev, struct teeio_tdisp_tdi *tdi)
{
	struct tdisp_fx *fx = dev;
	(void)tdi;
	fx->scrubs++;
}

static void fx_changed(void *dev, struct teeio_tdisp_tdi *tdi, enum teeio_tdisp_state from,
		       enum teeio_tdisp_state to)
{
	struct tdisp_fx *fx = dev;
	(void)tdi;
	(void)from;
	(void)to;
	fx->changes++;
}

/* Answers a VDM with its data reversed. */
static uint32_t fx_vdm(void *dev, struct teeio_tdisp_tdi *tdi, const struct teeio_tdisp_vdm *req,
		       uint8_t *rsp, size_t *rsp_len)
{
	struct tdisp_fx *fx = dev;
	(void)tdi;
	if (fx->vdm_code)
		return fx->vdm_code;
	if (req->data_len > *rsp_len)
		return TEEIO_TDISP_ERR_UNSPECIFIED;
	for (size_t i = 0; i < req->data_len; i++)
		rsp[i] = req->data[req->data_len - 1 - i];
	*rsp_len = req->data_len;
	return TEEIO_TDISP_ERR_NONE;
}

void tdisp_fx_init(struct tdisp_fx *fx, uint16_t n_ranges, uint16_t lock_flags)
{
	struct teeio_tdisp_rsp_config cfg = {0};
	teeio_err rc;

	memset(fx, 0, sizeof(*fx));
	tdisp_fx_rng_fail = tdisp_fx_rng_zero = 0;
	fx->crypto = *teeio_crypto_openssl();
	fx->crypto.random = fx_random;
	fx->ops.ide_stream_secure = fx_secure;
	fx->ops.config_valid = fx_config;
	fx->ops.scrub = fx_scrub;
	fx->ops.state_changed = fx_changed;
	fx->ops.vdm = fx_vdm;
	fx->secure[0] = (1u << TDISP_FX_STREAM) | (1u << TDISP_FX_P2P_STREAM);

	for (uint16_t i = 0; i < n_ranges; i++) {
		struct teeio_tdisp_range *r = &fx->ranges[i];

		r->addr = 0x80000000ull + (uint64_t)i * 0x10000;
		r->pages = 1 + i % 4;
		r->range_id = (uint16_t)(i / 8);
		r->attrs = i == 0   ? TEEIO_TDISP_RANGE_MSIX_TABLE | TEEIO_TDISP_RANGE_NON_TEE
			   : i == 1 ? TEEIO_TDISP_RANGE_MSIX_PBA | TEEIO_TDISP_RANGE_NON_TEE
			   : i == 2 ? TEEIO_TDISP_RANGE_ATTR_UPDATABLE
				    : 0;
	}
	for (size_t i = 0; i < sizeof(fx->info); i++)
		fx->info[i] = (uint8_t)(i ^ 0x5a);
	fx->report.interface_info =
	    TEEIO_TDISP_INFO_NO_FW_UPDATE | TEEIO_TDISP_INFO_DMA_WITHOUT_PASID;
	fx->report.msix_msg_ctrl = 0x8003;
	fx->report.lnr_ctrl = 0x0102;
	fx->report.tph_ctrl = 0x01020304;
	fx->report.ranges = fx->ranges;
	fx->report.n_ranges = n_ranges;
	fx->report.dev_info = fx->info;
	fx->report.dev_info_len = sizeof(fx->info);

	fx->fids[0] = TDISP_FX_FID0;
	fx->fids[1] = teeio_tdisp_function_id(0x0100, 1, true);
	fx->fids[2] = 0x0102;
	for (int i = 0; i < TDISP_FX_TDIS; i++) {
		rc = teeio_tdisp_tdi_init(&fx->tdis[i], fx->fids[i], &fx->report);
		if (rc != TEEIO_OK)
			abort();
	}

	cfg.crypto = &fx->crypto;
	cfg.ops = &fx->ops;
	cfg.dev = fx;
	cfg.tdis = fx->tdis;
	cfg.n_tdis = TDISP_FX_TDIS;
	cfg.dsm_caps = 0;
	cfg.lock_flags = lock_flags;
	cfg.dev_addr_width = 52;
	cfg.num_req_this = 1;
	cfg.num_req_all = 2;
	rc = teeio_tdisp_rsp_init(&fx->rsp, &cfg);
	if (rc != TEEIO_OK)
		abort();
	teeio_tdisp_req_init(&fx->req, tdisp_fx_exchange, fx);
}

teeio_err tdisp_fx_raw(struct tdisp_fx *fx, const uint8_t *req, size_t len)
{
	fx->rsp_len = sizeof(fx->rsp_buf);
	return teeio_tdisp_rsp_handle(&fx->rsp, true, req, len, fx->rsp_buf, &fx->rsp_len);
}

long tdisp_fx_call(struct tdisp_fx *fx, const struct teeio_tdisp_msg *q, struct teeio_tdisp_msg *m)
{
	uint8_t buf[1024];
	struct teeio_buf b = teeio_buf_writer(buf, sizeof(buf));

	if (teeio_tdisp_encode_payload(q, &b) != TEEIO_OK ||
	    tdisp_fx_raw(fx, buf, b.pos) != TEEIO_OK)
		return -1;
	if (teeio_tdisp_decode_payload(fx->rsp_buf, fx->rsp_len, m) != TEEIO_OK)
		return -1;
	if (m->code == TEEIO_TDISP_ERROR)
		return (long)m->u.error.code;
	return 0;
}

struct teeio_tdisp_msg tdisp_fx_msg(uint8_t code, uint32_t fid)
{
	struct teeio_tdisp_msg q;

	memset(&q, 0, sizeof(q));
	q.version = TEEIO_TDISP_VERSION_10;
	q.code = code;
	q.function_id = fid;
	return q;
}

struct teeio_tdisp_lock_params tdisp_fx_lock_params(const struct tdisp_fx *fx)
{
	struct teeio_tdisp_lock_params p = {
	    .flags = fx->rsp.cfg.lock_flags,
	    .default_stream_id = TDISP_FX_STREAM,
	    .mmio_reporting_offset = TDISP_FX_OFFSET,
	    .p2p_addr_mask = 0,
	};
	return p;
}

int tdisp_fx_goto(struct tdisp_fx *fx, uint32_t fid, enum teeio_tdisp_state state)
{
	struct teeio_tdisp_lock_params p = tdisp_fx_lock_params(fx);
	struct teeio_tdisp_tdi *tdi = teeio_tdisp_rsp_find(&fx->rsp, fid);

	if (tdi == NULL || tdi->state != TEEIO_TDISP_CONFIG_UNLOCKED)
		return -1;
	if (state == TEEIO_TDISP_CONFIG_UNLOCKED)
		return 0;
	if (teeio_tdisp_req_lock(&fx->req, fid, &p, fx->nonce) != TEEIO_OK)
		return -1;
	if (state == TEEIO_TDISP_CONFIG_LOCKED)
		return 0;
	if (teeio_tdisp_req_start(&fx->req, fid, fx->nonce) != TEEIO_OK)
		return -1;
	if (state == TEEIO_TDISP_RUN)
		return 0;
	if (teeio_tdisp_event(&fx->rsp, tdi, TEEIO_TDISP_EV_INTEGRITY) != TEEIO_OK)
		return -1;
	return tdi->state == TEEIO_TDISP_STATE_ERROR ? 0 : -1;
}

teeio_err tdisp_fx_exchange(void *ctx, const uint8_t *req, size_t req_len, uint8_t *rsp,
			    size_t *rsp_len)
{
	struct tdisp_fx *fx = ctx;

	return teeio_tdisp_rsp_handle(&fx->rsp, true, req, req_len, rsp, rsp_len);
}
