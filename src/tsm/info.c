/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Info: read-only views of a device (certificate chain, measurements,
 * session, stream) and of a TDI (interface report, MMIO mappings).
 */
#include <string.h>

#include "tsm_internal.h"

teeio_err teeio_tsm_info(const struct teeio_tsm *t, unsigned dev, struct teeio_tsm_dev_info *out)
{
	const struct teeio_tsm_dev *d;

	ENSURE(t && out, TEEIO_ERR_USAGE);
	ENSURE(dev < TEEIO_TSM_MAX_DEVS && t->dev[dev].state != TEEIO_TSM_DEV_FREE,
	       TEEIO_ERR_USAGE_NOT_FOUND);
	d = &t->dev[dev];
	memset(out, 0, sizeof(*out));
	out->state = d->state;
	out->backend = t->backends[d->backend].ops->name;
	out->rid = d->cfg.rid;
	out->n_rids = d->cfg.n_rids;
	out->stream_id = d->cfg.stream_id;
	out->key_set = d->key_set;
	out->session_id = d->session_id;
	out->key_refreshes = d->key_refreshes;
	out->heartbeats = d->heartbeats;
	out->last_err = d->last_err;
	out->ev = d->state == TEEIO_TSM_DEV_CONNECTED ? &d->ev : NULL;
	for (unsigned i = 0; i < TEEIO_TSM_MAX_TDIS; i++)
		if (t->tdi[i].state != TEEIO_TSM_TDI_FREE && t->tdi[i].dev == dev)
			out->n_tdis++;
	return TEEIO_OK;
}

teeio_err teeio_tsm_tdi_info(const struct teeio_tsm *t, unsigned tdi,
			     struct teeio_tsm_tdi_info *out)
{
	const struct teeio_tsm_tdi *x;

	ENSURE(t && out, TEEIO_ERR_USAGE);
	ENSURE(tdi < TEEIO_TSM_MAX_TDIS && t->tdi[tdi].state != TEEIO_TSM_TDI_FREE,
	       TEEIO_ERR_USAGE_NOT_FOUND);
	x = &t->tdi[tdi];
	memset(out, 0, sizeof(*out));
	out->state = x->state;
	out->dev = x->dev;
	out->tvm = x->tvm;
	out->rid = x->rid;
	out->function_id = x->function_id;
	out->last_err = x->last_err;
	out->report = x->report;
	out->report_len = x->report_len;
	out->mmio = x->mmio;
	out->n_mmio = x->n_mmio;
	return TEEIO_OK;
}
