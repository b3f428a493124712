/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The DMA engine: a function issues memory read/write requests toward the
 * host through the platform's ops.  The T bit follows the TDI: set only in
 * RUN (TDISP: a TDI issues T=1 requests once the TVM has started it).
 */
#include "dsm_internal.h"

teeio_err teeio_dsm_dma(struct teeio_dsm_dev *d, uint16_t fn, bool write, uint64_t addr, void *buf,
			size_t len)
{
	struct teeio_dsm_dma_req req;
	enum teeio_tdisp_state st;
	uint16_t bme;
	teeio_err e;

	ENSURE(d && fn < d->n_funcs && (buf || len == 0), TEEIO_ERR_USAGE);
	ENSURE(d->dma.request, TEEIO_ERR_USAGE);
	ENSURE(teeio_dsm_fn_present(d, fn), TEEIO_ERR_STATE);
	bme = d->fn[fn].command & CMD_MASTER;
	ENSURE(bme, TEEIO_ERR_STATE); /* Bus Master Enable gates every request */
	st = teeio_dsm_tdi_state(d, fn);
	/* assumption: a TDI in CONFIG_LOCKED issues no DMA until START (its
	 * configuration is frozen for the TVM to verify), and one in ERROR
	 * none at all (it may hold TVM data that must not leak). */
	ENSURE(st == TEEIO_TDISP_CONFIG_UNLOCKED || st == TEEIO_TDISP_RUN, TEEIO_ERR_STATE);

	req.rid = teeio_dsm_fn_rid(d, fn);
	req.write = write;
	req.t = st == TEEIO_TDISP_RUN;
	req.addr = addr;
	req.data = buf;
	req.len = len;
	e = d->dma.request(d->dma.ctx, &req);
	if (e == TEEIO_OK) {
		if (write)
			d->fn[fn].dma_writes++;
		else
			d->fn[fn].dma_reads++;
	}
	return e;
}
