/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The device's IDE side: one IDE engine stream per register block of the
 * IDE capability (stream ID = block index), the endpoint port that holds
 * them, and the IDE_KM responder whose key programming lands in those
 * engines.  QUERY answers from the live IDE capability registers.  An
 * engine that leaves Secure tells the TDISP state machine.
 */
#include <string.h>

#include "dsm_internal.h"
#include "host_internal.h"

/* IDE_KM port index of the device's own (upstream) port. */
#define DSM_IDEKM_PORT 0
/* spdm-emu's requester QUERYs port 1; with `interop` it aliases port 0. */
#define DSM_IDEKM_INTEROP_PORT 1

static void on_ide_event(void *owner, const struct teeio_ide_event *ev)
{
	struct teeio_dsm_host *h = owner;

	teeio_log(h->cfg.log, TEEIO_LOG_WARN, "dsm: IDE stream %u failed: %s", ev->stream_id,
		  teeio_ide_fail_str(ev->reason));
	teeio_dsm_ide_insecure(&h->dev, ev->stream_id);
}

/* Any slot of `dir` armed by K_SET_GO. */
static bool any_armed(const struct teeio_ide_stream *s, enum teeio_ide_dir dir)
{
	for (unsigned ss = 0; ss < TEEIO_IDE_SUBSTREAMS; ss++)
		for (unsigned k = 0; k < TEEIO_IDE_KEY_SETS; k++)
			if (s->slot[dir][ss][k].go)
				return true;
	return false;
}

bool dsm_ide_cap_secure(void *ctx, uint8_t stream_id)
{
	struct teeio_dsm_host *h = ctx;
	const struct teeio_ide_stream *s = teeio_ide_port_find(&h->port, stream_id);

	if (!s || !s->enabled)
		return false;
	if (teeio_ide_stream_state(s) == TEEIO_IDE_SECURE)
		return true;
	/* interop: a peer that keys only some sub-streams */
	return h->cfg.interop && !s->failed && any_armed(s, TEEIO_IDE_DIR_RX) &&
	       any_armed(s, TEEIO_IDE_DIR_TX);
}

void dsm_ide_cap_enable(void *ctx, unsigned i, uint8_t stream_id, bool on)
{
	struct teeio_dsm_host *h = ctx;
	struct teeio_ide_stream *s = teeio_ide_port_find(&h->port, stream_id);

	/* assumption: the emulated device's register block i drives the
	 * engine of stream ID i; another ID written there finds no engine
	 * and the block stays Insecure. */
	if (!s || s != &h->streams[i]) {
		teeio_log(h->cfg.log, TEEIO_LOG_WARN, "dsm: IDE block %u: no engine for stream %u",
			  i, stream_id);
		return;
	}
	if (on)
		teeio_ide_stream_enable(s);
	else
		teeio_ide_stream_disable(s);
}

/* QUERY: the port's identity and its IDE capability registers as they are
 * now (everything after the extended capability header). */
static teeio_err port_query(void *ctx, uint8_t port, struct teeio_idekm_port_info *out)
{
	struct teeio_dsm_host *h = ctx;
	uint16_t rid = teeio_dsm_fn_rid(&h->dev, 0);
	uint32_t n = (ide_size(h->cfg.prof) - 4) / 4, i;

	ENSURE(port == DSM_IDEKM_PORT || (h->cfg.interop && port == DSM_IDEKM_INTEROP_PORT),
	       TEEIO_ERR_USAGE_NOT_FOUND);
	ENSURE(n <= TEEIO_IDEKM_REGS_MAX, TEEIO_ERR_INTERNAL);
	out->dev_func_num = (uint8_t)rid;
	out->bus_num = (uint8_t)(rid >> 8);
	out->segment = h->cfg.prof->segment;
	for (i = 0; i < n; i++)
		out->regs[i] =
		    teeio_dsm_cfg_read(&h->dev, 0, (uint16_t)(TEEIO_DSM_ECAP_IDE + 4 + 4 * i), 4);
	out->n_regs = n;
	return TEEIO_OK;
}

/* Key slots: the IDE engine mapping the idekm module provides. */
static teeio_err port_program_key(void *ctx, const struct teeio_idekm_sel *sel,
				  const uint8_t key[TEEIO_IDEKM_KEY_LEN], const uint32_t ifv[2])
{
	struct teeio_dsm_host *h = ctx;
	return teeio_idekm_ide_ops()->program_key(&h->idekm_dev, sel, key, ifv);
}

static teeio_err port_key_set_go(void *ctx, const struct teeio_idekm_sel *sel)
{
	struct teeio_dsm_host *h = ctx;
	return teeio_idekm_ide_ops()->key_set_go(&h->idekm_dev, sel);
}

/* K_SET_STOP may take a stream out of Secure: the engine raises no event
 * for that (only for integrity failures), so tell TDISP here. */
static teeio_err port_key_set_stop(void *ctx, const struct teeio_idekm_sel *sel)
{
	struct teeio_dsm_host *h = ctx;
	bool was = dsm_ide_cap_secure(h, sel->stream_id);

	TRY(teeio_idekm_ide_ops()->key_set_stop(&h->idekm_dev, sel));
	if (was && !dsm_ide_cap_secure(h, sel->stream_id))
		teeio_dsm_ide_insecure(&h->dev, sel->stream_id);
	return TEEIO_OK;
}

static const struct teeio_idekm_port_ops dsm_port_ops = {
    .query = port_query,
    .program_key = port_program_key,
    .key_set_go = port_key_set_go,
    .key_set_stop = port_key_set_stop,
};

teeio_err dsm_ide_init(struct teeio_dsm_host *h)
{
	const struct teeio_dsm_profile *p = h->cfg.prof;
	struct teeio_idekm_rsp_config kc;
	uint8_t max_port = h->cfg.interop ? DSM_IDEKM_INTEROP_PORT : DSM_IDEKM_PORT;
	unsigned i;

	teeio_ide_port_init(&h->port);
	for (i = 0; i < p->ide.streams; i++) {
		struct teeio_ide_config c;

		memset(&c, 0, sizeof(c));
		c.type = TEEIO_IDE_SELECTIVE;
		c.stream_id = (uint8_t)i;
		c.default_stream = true; /* the device's requests (DMA) */
		c.rid_base = 0;
		c.rid_limit = 0xFFFF; /* completions to any host requester */
		TRY(teeio_ide_stream_init(&h->streams[i], h->cfg.ops, &c));
		teeio_ide_stream_set_owner(&h->streams[i], on_ide_event, h);
		TRY(teeio_ide_port_add(&h->port, &h->streams[i]));
	}
	memset(&h->idekm_dev, 0, sizeof(h->idekm_dev));
	for (i = 0; i <= max_port; i++)
		h->idekm_dev.port[i] = &h->port;
	TRY(teeio_idekm_ide_config(&h->idekm_dev, max_port, &kc));
	kc.ops = &dsm_port_ops;
	kc.ops_ctx = h;
	kc.allow_partial_go = h->cfg.interop;
	return teeio_idekm_rsp_init(&h->idekm, &kc);
}

void dsm_ide_free(struct teeio_dsm_host *h)
{
	for (unsigned i = 0; i < TEEIO_DSM_STREAMS_MAX; i++)
		if (h->streams[i].ops)
			teeio_ide_stream_fini(&h->streams[i]);
}
