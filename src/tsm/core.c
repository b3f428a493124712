/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The TSM core: device slots, TVMs, and the device verbs.  Every verb is
 * "check the table, call the backend, commit": the state changes only
 * after the op succeeded, and a failed op leaves ERROR behind (the one
 * exception is teardown, which always ends in the torn-down state).
 */
#include <string.h>

#include "tsm_internal.h"

/* The platform records a page's and a binding's TVM in a uint8_t. */
_Static_assert(TEEIO_TSM_MAX_TVMS <= UINT8_MAX, "TVM ids must fit the platform's uint8_t");

#define D(st) ((uint8_t)TEEIO_TSM_DEV_##st)
#define NO               \
	{                \
		false, 0 \
	}

/* (device state, verb) -> allowed, next state. */
const struct tsm_cell tsm_dev_table[TEEIO_TSM_DEV_STATE_COUNT][TSM_DEV_VERB_COUNT] = {
    [TEEIO_TSM_DEV_FREE] = {NO, NO, NO, NO, NO, NO},
    [TEEIO_TSM_DEV_IDLE] =
	{
	    [TSM_DEV_CONNECT] = {true, D(CONNECTED)},
	    [TSM_DEV_REMOVE] = {true, D(FREE)},
	},
    [TEEIO_TSM_DEV_CONNECTED] =
	{
	    [TSM_DEV_DISCONNECT] = {true, D(IDLE)},
	    [TSM_DEV_KEY_REFRESH] = {true, D(CONNECTED)},
	    [TSM_DEV_HEARTBEAT] = {true, D(CONNECTED)},
	    [TSM_DEV_BIND] = {true, D(CONNECTED)},
	},
    [TEEIO_TSM_DEV_ERROR] =
	{
	    [TSM_DEV_DISCONNECT] = {true, D(IDLE)},
	},
};

const char *teeio_tsm_dev_state_name(enum teeio_tsm_dev_state s)
{
	static const char *const names[TEEIO_TSM_DEV_STATE_COUNT] = {"free", "idle", "connected",
								     "error"};
	return (unsigned)s < TEEIO_TSM_DEV_STATE_COUNT ? names[s] : "unknown";
}

struct teeio_tsm_dev *tsm_dev_get(struct teeio_tsm *t, unsigned dev)
{
	if (!t || dev >= TEEIO_TSM_MAX_DEVS || t->dev[dev].state == TEEIO_TSM_DEV_FREE)
		return NULL;
	return &t->dev[dev];
}

teeio_err teeio_tsm_init(struct teeio_tsm *t, const struct teeio_tsm_config *cfg)
{
	ENSURE(t && cfg && cfg->ops, TEEIO_ERR_USAGE);
	memset(t, 0, sizeof(*t));
	t->cfg = *cfg;
	for (unsigned i = 0; i < TEEIO_TSM_MAX_DEVS; i++) {
		t->dev[i].tsm = t;
		t->dev[i].index = i;
	}
	for (unsigned i = 0; i < TEEIO_TSM_MAX_TDIS; i++) {
		t->tdi[i].tsm = t;
		t->tdi[i].index = i;
	}
	return TEEIO_OK;
}

void teeio_tsm_fini(struct teeio_tsm *t)
{
	if (!t)
		return;
	for (unsigned i = 0; i < TEEIO_TSM_MAX_DEVS; i++) {
		struct teeio_tsm_dev *d = &t->dev[i];
		teeio_err e = TEEIO_OK;
		/* Teardown is best effort: the errors were logged. */
		if (d->state == TEEIO_TSM_DEV_CONNECTED || d->state == TEEIO_TSM_DEV_ERROR)
			e = teeio_tsm_disconnect(t, i);
		if (d->state == TEEIO_TSM_DEV_IDLE)
			e = teeio_tsm_dev_remove(t, i);
		(void)e;
	}
	for (unsigned i = 1; i <= TEEIO_TSM_MAX_TVMS; i++)
		teeio_tsm_gchan_free(&t->tvm[i].chan);
	teeio_wipe(t->gbuf, sizeof(t->gbuf));
	teeio_wipe(t->gout, sizeof(t->gout));
	memset(t, 0, sizeof(*t));
}

static bool rid_overlap(uint16_t a, uint16_t na, uint16_t b, uint16_t nb)
{
	uint32_t a_end = (uint32_t)a + na, b_end = (uint32_t)b + nb;
	return a < b_end && b < a_end;
}

teeio_err teeio_tsm_dev_add(struct teeio_tsm *t, const struct teeio_tsm_dev_cfg *cfg, unsigned *dev)
{
	struct teeio_tsm_dev *d = NULL;
	unsigned be = TEEIO_TSM_MAX_BACKENDS;
	struct teeio_tsm_dev_cfg c;
	teeio_err rc;

	ENSURE(t && cfg && dev, TEEIO_ERR_USAGE);
	c = *cfg;
	c.backend[TEEIO_TSM_NAME_MAX - 1] = '\0';
	if (c.n_rids == 0)
		c.n_rids = 1;
	ENSURE((uint32_t)c.rid + c.n_rids <= 0x10000u, TEEIO_ERR_USAGE);
	for (unsigned i = 0; i < t->n_backends; i++)
		if (strcmp(t->backends[i].ops->name, c.backend) == 0)
			be = i;
	ENSURE(be < t->n_backends, TEEIO_ERR_USAGE_NOT_FOUND);
	for (unsigned i = 0; i < TEEIO_TSM_MAX_DEVS; i++) {
		const struct teeio_tsm_dev *o = &t->dev[i];
		if (o->state == TEEIO_TSM_DEV_FREE) {
			if (!d)
				d = &t->dev[i];
			continue;
		}
		ENSURE(o->cfg.segment != c.segment ||
			   !rid_overlap(o->cfg.rid, o->cfg.n_rids, c.rid, c.n_rids),
		       TEEIO_ERR_USAGE);
	}
	ENSURE(d, TEEIO_ERR_SIZE_LIMIT);
	d->cfg = c;
	d->backend = be;
	d->last_err = TEEIO_OK;
	d->session_id = 0;
	d->key_set = 0;
	d->key_refreshes = d->heartbeats = 0;
	memset(&d->ev, 0, sizeof(d->ev));
	rc = t->backends[be].ops->probe(t->backends[be].be, d);
	if (rc != TEEIO_OK) {
		teeio_log(t->cfg.log, TEEIO_LOG_ERROR, "tsm: probe of %04x failed: %s", c.rid,
			  teeio_err_str(rc));
		memset(&d->cfg, 0, sizeof(d->cfg));
		return rc;
	}
	d->state = TEEIO_TSM_DEV_IDLE;
	*dev = d->index;
	return TEEIO_OK;
}

teeio_err teeio_tsm_dev_remove(struct teeio_tsm *t, unsigned dev)
{
	struct teeio_tsm_dev *d = tsm_dev_get(t, dev);
	const struct teeio_tsm_backend *b;

	ENSURE(d, TEEIO_ERR_USAGE_NOT_FOUND);
	ENSURE(tsm_dev_table[d->state][TSM_DEV_REMOVE].ok, TEEIO_ERR_STATE);
	b = tsm_backend_of(t, d);
	if (b->ops->remove)
		b->ops->remove(b->be, d);
	memset(&d->cfg, 0, sizeof(d->cfg));
	d->state = TEEIO_TSM_DEV_FREE;
	return TEEIO_OK;
}

teeio_err teeio_tsm_tvm_add(struct teeio_tsm *t, unsigned tvm,
			    const uint8_t secret[TEEIO_TSM_TVM_SECRET_LEN])
{
	ENSURE(t && secret && tvm >= 1 && tvm <= TEEIO_TSM_MAX_TVMS, TEEIO_ERR_USAGE);
	ENSURE(!t->tvm[tvm].used, TEEIO_ERR_STATE);
	TRY(teeio_tsm_gchan_init(&t->tvm[tvm].chan, t->cfg.ops, true, secret));
	t->tvm[tvm].used = true;
	return TEEIO_OK;
}

teeio_err teeio_tsm_tvm_remove(struct teeio_tsm *t, unsigned tvm)
{
	teeio_err rc = TEEIO_OK;

	ENSURE(t && tvm >= 1 && tvm <= TEEIO_TSM_MAX_TVMS && t->tvm[tvm].used,
	       TEEIO_ERR_USAGE_NOT_FOUND);
	for (unsigned i = 0; i < TEEIO_TSM_MAX_TDIS; i++)
		if (t->tdi[i].state != TEEIO_TSM_TDI_FREE && t->tdi[i].tvm == tvm) {
			teeio_err e = teeio_tsm_unbind(t, i);
			if (rc == TEEIO_OK)
				rc = e;
		}
	teeio_tsm_gchan_free(&t->tvm[tvm].chan);
	t->tvm[tvm].used = false;
	return rc;
}

void tsm_dev_fail(struct teeio_tsm *t, struct teeio_tsm_dev *d, teeio_err e)
{
	teeio_log(t->cfg.log, TEEIO_LOG_ERROR, "tsm: device %04x: %s", d->cfg.rid,
		  teeio_err_str(e));
	d->state = TEEIO_TSM_DEV_ERROR;
	d->last_err = e;
	/* Without its session and keys no TDI of the device can be trusted:
	 * each goes to ERROR and loses T=1 DMA and private MMIO now. */
	for (unsigned i = 0; i < TEEIO_TSM_MAX_TDIS; i++) {
		struct teeio_tsm_tdi *x = &t->tdi[i];
		if (x->state != TEEIO_TSM_TDI_FREE && x->dev == d->index)
			tsm_tdi_fail(t, x, e);
	}
}

/* Check the table for (device, verb); the device on success. */
static teeio_err dev_begin(struct teeio_tsm *t, unsigned dev, enum tsm_dev_verb v,
			   struct teeio_tsm_dev **out)
{
	struct teeio_tsm_dev *d = tsm_dev_get(t, dev);

	ENSURE(d, TEEIO_ERR_USAGE_NOT_FOUND);
	ENSURE(tsm_dev_table[d->state][v].ok, TEEIO_ERR_STATE);
	*out = d;
	return TEEIO_OK;
}

/* Run a device op: commit the table's next state on success, ERROR else. */
static teeio_err dev_run(struct teeio_tsm *t, struct teeio_tsm_dev *d, enum tsm_dev_verb v,
			 teeio_err (*op)(void *be, struct teeio_tsm_dev *dev))
{
	const struct teeio_tsm_backend *b = tsm_backend_of(t, d);
	teeio_err rc = op(b->be, d);

	if (rc != TEEIO_OK) {
		tsm_dev_fail(t, d, rc);
		return rc;
	}
	d->state = (enum teeio_tsm_dev_state)tsm_dev_table[d->state][v].next;
	return TEEIO_OK;
}

teeio_err teeio_tsm_connect(struct teeio_tsm *t, unsigned dev)
{
	struct teeio_tsm_dev *d;

	TRY(dev_begin(t, dev, TSM_DEV_CONNECT, &d));
	d->last_err = TEEIO_OK;
	return dev_run(t, d, TSM_DEV_CONNECT, tsm_backend_of(t, d)->ops->connect);
}

teeio_err teeio_tsm_disconnect(struct teeio_tsm *t, unsigned dev)
{
	struct teeio_tsm_dev *d;
	const struct teeio_tsm_backend *b;
	teeio_err rc = TEEIO_OK, e;

	TRY(dev_begin(t, dev, TSM_DEV_DISCONNECT, &d));
	for (unsigned i = 0; i < TEEIO_TSM_MAX_TDIS; i++)
		if (t->tdi[i].state != TEEIO_TSM_TDI_FREE && t->tdi[i].dev == d->index) {
			e = teeio_tsm_unbind(t, i);
			if (rc == TEEIO_OK)
				rc = e;
		}
	b = tsm_backend_of(t, d);
	e = b->ops->disconnect(b->be, d);
	if (rc == TEEIO_OK)
		rc = e;
	/* Teardown always completes: whatever failed, nothing is left set up. */
	teeio_wipe(&d->ev, sizeof(d->ev));
	d->session_id = 0;
	d->state = TEEIO_TSM_DEV_IDLE;
	d->last_err = rc;
	return rc;
}

teeio_err teeio_tsm_key_refresh(struct teeio_tsm *t, unsigned dev)
{
	struct teeio_tsm_dev *d;
	const struct teeio_tsm_backend *b;

	TRY(dev_begin(t, dev, TSM_DEV_KEY_REFRESH, &d));
	b = tsm_backend_of(t, d);
	ENSURE(b->ops->key_refresh, TEEIO_ERR_PROTO_UNSUPPORTED);
	TRY(dev_run(t, d, TSM_DEV_KEY_REFRESH, b->ops->key_refresh));
	d->key_refreshes++;
	return TEEIO_OK;
}

teeio_err teeio_tsm_heartbeat(struct teeio_tsm *t, unsigned dev)
{
	struct teeio_tsm_dev *d;
	const struct teeio_tsm_backend *b;

	TRY(dev_begin(t, dev, TSM_DEV_HEARTBEAT, &d));
	b = tsm_backend_of(t, d);
	ENSURE(b->ops->heartbeat, TEEIO_ERR_PROTO_UNSUPPORTED);
	TRY(dev_run(t, d, TSM_DEV_HEARTBEAT, b->ops->heartbeat));
	d->heartbeats++;
	return TEEIO_OK;
}
