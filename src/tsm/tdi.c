/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TDIs: bind and unbind (host verbs) and the guest's verbs on a bound TDI
 * (get report, validate MMIO, accept, stop), all through one table.
 */
#include <string.h>

#include "tsm_internal.h"

#define X(st) ((uint8_t)TEEIO_TSM_TDI_##st)

/* (TDI state, verb) -> allowed, next state. */
const struct tsm_cell tsm_tdi_table[TEEIO_TSM_TDI_STATE_COUNT][TSM_TDI_VERB_COUNT] =
    {
	[TEEIO_TSM_TDI_FREE] = {{false, 0}},
	[TEEIO_TSM_TDI_BOUND] =
	    {
		[TSM_TDI_GET_REPORT] = {true, X(BOUND)},
		[TSM_TDI_VALIDATE_MMIO] = {true, X(BOUND)},
		[TSM_TDI_ACCEPT] = {true, X(RUN)},
		[TSM_TDI_UNBIND] = {true, X(FREE)},
		[TSM_TDI_VENDOR] = {true, X(BOUND)},
	    },
	[TEEIO_TSM_TDI_RUN] =
	    {
		[TSM_TDI_GET_REPORT] = {true, X(RUN)},
		[TSM_TDI_STOP] = {true, X(STOPPED)},
		[TSM_TDI_UNBIND] = {true, X(FREE)},
		[TSM_TDI_VENDOR] = {true, X(RUN)},
	    },
	[TEEIO_TSM_TDI_STOPPED] =
	    {
		[TSM_TDI_GET_REPORT] = {true, X(STOPPED)},
		[TSM_TDI_UNBIND] = {true, X(FREE)},
	    },
	[TEEIO_TSM_TDI_ERROR] =
	    {
		[TSM_TDI_UNBIND] = {true, X(FREE)},
	    },
};

const char *teeio_tsm_tdi_state_name(enum teeio_tsm_tdi_state s)
{
	static const char *const names[TEEIO_TSM_TDI_STATE_COUNT] = {"free", "bound", "run",
								     "stopped", "error"};
	return (unsigned)s < TEEIO_TSM_TDI_STATE_COUNT ? names[s] : "unknown";
}

struct teeio_tsm_tdi *tsm_tdi_get(struct teeio_tsm *t, unsigned tdi)
{
	if (!t || tdi >= TEEIO_TSM_MAX_TDIS || t->tdi[tdi].state == TEEIO_TSM_TDI_FREE)
		return NULL;
	return &t->tdi[tdi];
}

int teeio_tsm_tdi_find(const struct teeio_tsm *t, unsigned tvm, uint32_t function_id)
{
	if (!t)
		return -1;
	for (unsigned i = 0; i < TEEIO_TSM_MAX_TDIS; i++) {
		const struct teeio_tsm_tdi *x = &t->tdi[i];
		if (x->state != TEEIO_TSM_TDI_FREE && x->tvm == tvm &&
		    x->function_id == function_id)
			return (int)i;
	}
	return -1;
}

/* Forget everything a TDI slot held (the nonce is a secret). */
static void tdi_clear(struct teeio_tsm_tdi *x)
{
	teeio_wipe(x->nonce, sizeof(x->nonce));
	teeio_wipe(x->report, sizeof(x->report));
	x->report_len = 0;
	memset(x->mmio, 0, sizeof(x->mmio));
	x->n_mmio = 0;
	memset(&x->params, 0, sizeof(x->params));
	x->state = TEEIO_TSM_TDI_FREE;
}

static struct teeio_tsm_dev *dev_of(struct teeio_tsm *t, const struct teeio_tsm_tdi *x)
{
	return &t->dev[x->dev];
}

teeio_err teeio_tsm_bind(struct teeio_tsm *t, unsigned dev, uint16_t rid, unsigned tvm,
			 const struct teeio_tsm_bind_params *p, unsigned *tdi)
{
	struct teeio_tsm_dev *d = tsm_dev_get(t, dev);
	struct teeio_tsm_tdi *x = NULL;
	const struct teeio_tsm_backend *b;
	teeio_err rc;

	ENSURE(p && tdi, TEEIO_ERR_USAGE);
	ENSURE(d, TEEIO_ERR_USAGE_NOT_FOUND);
	ENSURE(tsm_dev_table[d->state][TSM_DEV_BIND].ok, TEEIO_ERR_STATE);
	ENSURE(rid >= d->cfg.rid && (uint32_t)rid < (uint32_t)d->cfg.rid + d->cfg.n_rids,
	       TEEIO_ERR_USAGE);
	ENSURE(p->dma_base <= p->dma_limit, TEEIO_ERR_USAGE);
	ENSURE((p->lock_flags & ~TEEIO_TDISP_LOCK_FLAGS_ALL) == 0, TEEIO_ERR_USAGE);
	ENSURE((p->mmio_gpa & (TEEIO_PLAT_PAGE_SIZE - 1)) == 0 &&
		   (p->mmio_reporting_offset & (TEEIO_PLAT_PAGE_SIZE - 1)) == 0,
	       TEEIO_ERR_USAGE);
	ENSURE(tvm >= 1 && tvm <= TEEIO_TSM_MAX_TVMS && t->tvm[tvm].used,
	       TEEIO_ERR_USAGE_NOT_FOUND);
	for (unsigned i = 0; i < TEEIO_TSM_MAX_TDIS; i++) {
		struct teeio_tsm_tdi *o = &t->tdi[i];
		if (o->state == TEEIO_TSM_TDI_FREE) {
			if (!x)
				x = o;
		} else if (o->dev == d->index && o->rid == rid) {
			return TEEIO_ERR_STATE; /* one TVM per TDI */
		}
	}
	ENSURE(x, TEEIO_ERR_SIZE_LIMIT);

	tdi_clear(x);
	x->dev = d->index;
	x->rid = rid;
	x->function_id = teeio_tdisp_function_id(rid, d->cfg.segment, d->cfg.segment != 0);
	x->tvm = tvm;
	x->params = *p;
	x->last_err = TEEIO_OK;
	x->state = TEEIO_TSM_TDI_BOUND; /* claimed while the op runs */
	b = tsm_backend_of(t, d);
	rc = b->ops->bind(b->be, x);
	if (rc != TEEIO_OK) {
		teeio_log(t->cfg.log, TEEIO_LOG_ERROR, "tsm: bind of %04x failed: %s", rid,
			  teeio_err_str(rc));
		teeio_err undo = b->ops->unbind(b->be, x); /* undo what was set up */
		(void)undo; /* the bind error is the one to report */
		tdi_clear(x);
		return rc;
	}
	*tdi = x->index;
	return TEEIO_OK;
}

teeio_err teeio_tsm_unbind(struct teeio_tsm *t, unsigned tdi)
{
	struct teeio_tsm_tdi *x = tsm_tdi_get(t, tdi);
	const struct teeio_tsm_backend *b;
	teeio_err rc;

	ENSURE(x, TEEIO_ERR_USAGE_NOT_FOUND);
	ENSURE(tsm_tdi_table[x->state][TSM_TDI_UNBIND].ok, TEEIO_ERR_STATE);
	b = tsm_backend_of(t, dev_of(t, x));
	rc = b->ops->unbind(b->be, x);
	if (rc != TEEIO_OK)
		teeio_log(t->cfg.log, TEEIO_LOG_WARN, "tsm: unbind of %04x: %s", x->rid,
			  teeio_err_str(rc));
	tdi_clear(x);
	return rc;
}

void tsm_tdi_fail(struct teeio_tsm *t, struct teeio_tsm_tdi *x, teeio_err e)
{
	const struct teeio_tsm_backend *b = tsm_backend_of(t, dev_of(t, x));

	x->state = TEEIO_TSM_TDI_ERROR;
	x->last_err = e;
	/* What the TVM is told and what the platform does agree from here:
	 * no T=1 DMA, no private MMIO for a TDI in ERROR. */
	b->ops->quiesce(b->be, x);
}

/* Every mapping the guest must validate has been validated. */
static bool all_validated(const struct teeio_tsm_tdi *x)
{
	for (unsigned i = 0; i < x->n_mmio; i++)
		if (!x->mmio[i].validated)
			return false;
	return true;
}

teeio_err tsm_tdi_verb(struct teeio_tsm *t, struct teeio_tsm_tdi *x, enum tsm_tdi_verb v)
{
	const struct teeio_tsm_backend *b = tsm_backend_of(t, dev_of(t, x));
	teeio_err (*op)(void *be, struct teeio_tsm_tdi *tdi) = NULL;
	teeio_err rc;

	ENSURE(tsm_tdi_table[x->state][v].ok, TEEIO_ERR_STATE);
	if (v == TSM_TDI_ACCEPT) {
		ENSURE(all_validated(x), TEEIO_ERR_STATE);
		op = b->ops->accept;
	} else if (v == TSM_TDI_STOP) {
		op = b->ops->stop;
	}
	if (op) {
		rc = op(b->be, x);
		if (rc != TEEIO_OK) {
			teeio_log(t->cfg.log, TEEIO_LOG_ERROR, "tsm: TDI %04x: %s", x->rid,
				  teeio_err_str(rc));
			tsm_tdi_fail(t, x, rc);
			return rc;
		}
	}
	x->state = (enum teeio_tsm_tdi_state)tsm_tdi_table[x->state][v].next;
	return TEEIO_OK;
}

/* The TDI `tdi` if it is bound to `tvm`. */
static teeio_err guest_tdi(struct teeio_tsm *t, unsigned tvm, unsigned tdi,
			   struct teeio_tsm_tdi **out)
{
	struct teeio_tsm_tdi *x = tsm_tdi_get(t, tdi);

	ENSURE(x && x->tvm == tvm, TEEIO_ERR_USAGE_NOT_FOUND);
	*out = x;
	return TEEIO_OK;
}

teeio_err teeio_tsm_guest_validate_mmio(struct teeio_tsm *t, unsigned tvm, unsigned tdi,
					uint64_t gpa, uint32_t pages)
{
	struct teeio_tsm_tdi *x;

	TRY(guest_tdi(t, tvm, tdi, &x));
	ENSURE(tsm_tdi_table[x->state][TSM_TDI_VALIDATE_MMIO].ok, TEEIO_ERR_STATE);
	for (unsigned i = 0; i < x->n_mmio; i++)
		if (x->mmio[i].gpa == gpa && x->mmio[i].pages == pages) {
			x->mmio[i].validated = true;
			return tsm_tdi_verb(t, x, TSM_TDI_VALIDATE_MMIO);
		}
	return TEEIO_ERR_USAGE_NOT_FOUND;
}

teeio_err teeio_tsm_guest_accept(struct teeio_tsm *t, unsigned tvm, unsigned tdi)
{
	struct teeio_tsm_tdi *x;

	TRY(guest_tdi(t, tvm, tdi, &x));
	return tsm_tdi_verb(t, x, TSM_TDI_ACCEPT);
}

teeio_err teeio_tsm_guest_stop(struct teeio_tsm *t, unsigned tvm, unsigned tdi)
{
	struct teeio_tsm_tdi *x;

	TRY(guest_tdi(t, tvm, tdi, &x));
	return tsm_tdi_verb(t, x, TSM_TDI_STOP);
}
