/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "idekm.h"

static teeio_err fake_query(void *ctx, uint8_t port, struct teeio_idekm_port_info *out)
{
	struct idekm_fake_dev *d = ctx;

	d->n_query++;
	out->dev_func_num = (uint8_t)(0x08 + port);
	out->bus_num = 0x3a;
	out->segment = 0x01;
	out->n_regs = d->n_regs ? d->n_regs : 9;
	/* Selective IDE supported, one selective stream with one address
	 * association block: 2 + 5 + 3 = 10 DWORDs when n_regs is 10. */
	out->regs[0] = 0x00000002u;
	for (size_t i = 1; i < out->n_regs; i++)
		out->regs[i] = 0x1000u + (uint32_t)i;
	if (out->n_regs > 2)
		out->regs[2] = 1; /* Selective stream capability: 1 assoc block */
	return TEEIO_OK;
}

static teeio_err fake_prog(void *ctx, const struct teeio_idekm_sel *sel,
			   const uint8_t key[TEEIO_IDEKM_KEY_LEN], const uint32_t ifv[2])
{
	struct idekm_fake_dev *d = ctx;

	if (d->fail_prog)
		return d->fail_prog;
	d->n_prog++;
	d->last = *sel;
	memcpy(d->last_key, key, TEEIO_IDEKM_KEY_LEN);
	d->last_ifv[0] = ifv[0];
	d->last_ifv[1] = ifv[1];
	return TEEIO_OK;
}

static teeio_err fake_go(void *ctx, const struct teeio_idekm_sel *sel)
{
	struct idekm_fake_dev *d = ctx;

	if (d->fail_go)
		return d->fail_go;
	d->n_go++;
	d->last = *sel;
	return TEEIO_OK;
}

static teeio_err fake_stop(void *ctx, const struct teeio_idekm_sel *sel)
{
	struct idekm_fake_dev *d = ctx;

	if (d->fail_stop)
		return d->fail_stop;
	d->n_stop++;
	d->last = *sel;
	return TEEIO_OK;
}

const struct teeio_idekm_port_ops idekm_fake_ops = {
    .query = fake_query,
    .program_key = fake_prog,
    .key_set_go = fake_go,
    .key_set_stop = fake_stop,
};

void idekm_fake_rsp(struct teeio_idekm_rsp *r, struct idekm_fake_dev *dev, bool partial)
{
	struct teeio_idekm_rsp_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.max_port_index = 1;
	cfg.port[0].n_streams = 2;
	cfg.port[0].stream_ids[0] = 1;
	cfg.port[0].stream_ids[1] = 5;
	cfg.port[1].n_streams = 1;
	cfg.port[1].stream_ids[0] = 2;
	cfg.ops = &idekm_fake_ops;
	cfg.ops_ctx = dev;
	cfg.allow_partial_go = partial;
	if (teeio_idekm_rsp_init(r, &cfg) != TEEIO_OK)
		memset(r, 0, sizeof(*r));
}

teeio_err idekm_loop_exchange(void *ctx, const uint8_t *req, size_t req_len, uint8_t *rsp,
			      size_t cap, size_t *rsp_len)
{
	struct idekm_loop *l = ctx;

	*rsp_len = cap;
	TRY(teeio_idekm_rsp_handle(l->rsp, true, l->session_id, req, req_len, rsp, rsp_len));
	if (l->tamper)
		l->tamper(rsp, rsp_len, l->arg);
	return TEEIO_OK;
}
