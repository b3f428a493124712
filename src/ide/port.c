/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A port (root port or endpoint) with the IDE streams it terminates: which
 * stream a TLP leaves on, and which stream an arriving IDE TLP belongs to.
 *
 * Stream selection follows the IDE Extended Capability: a Selective IDE
 * stream takes the requests whose address falls in one of its Address
 * Association ranges and the completions whose Requester ID falls in its
 * RID Association range; one with the Default Stream bit takes the other
 * requests; a Link IDE stream takes everything else of its Traffic Class.
 */
#include <string.h>

#include "ide_internal.h"
#include "ide_wire.h"

void teeio_ide_port_init(struct teeio_ide_port *p)
{
	memset(p, 0, sizeof(*p));
}

teeio_err teeio_ide_port_add(struct teeio_ide_port *p, struct teeio_ide_stream *s)
{
	ENSURE(p && s, TEEIO_ERR_USAGE);
	ENSURE(!teeio_ide_port_find(p, s->cfg.stream_id), TEEIO_ERR_USAGE);
	ENSURE(p->n_streams < TEEIO_IDE_PORT_STREAMS, TEEIO_ERR_SIZE_LIMIT);
	p->streams[p->n_streams++] = s;
	return TEEIO_OK;
}

struct teeio_ide_stream *teeio_ide_port_find(const struct teeio_ide_port *p, uint8_t stream_id)
{
	for (size_t i = 0; i < p->n_streams; i++)
		if (p->streams[i]->cfg.stream_id == stream_id)
			return p->streams[i];
	return NULL;
}

static bool is_request(const struct teeio_tlp *t)
{
	return t->type != TEEIO_TLP_CPL && t->type != TEEIO_TLP_CPLD;
}

/* Does a selective stream's association cover t? */
static bool associated(const struct teeio_ide_config *c, const struct teeio_tlp *t)
{
	if (!is_request(t))
		return t->requester_id >= c->rid_base && t->requester_id <= c->rid_limit;
	if (t->type == TEEIO_TLP_CFGRD0 || t->type == TEEIO_TLP_CFGWR0)
		return t->cfg_target >= c->rid_base && t->cfg_target <= c->rid_limit;
	for (size_t i = 0; i < c->n_mem; i++)
		if (t->addr >= c->mem[i].base && t->addr <= c->mem[i].limit)
			return true;
	return false;
}

struct teeio_ide_stream *teeio_ide_port_route(const struct teeio_ide_port *p,
					      const struct teeio_tlp *t)
{
	struct teeio_ide_stream *dflt = NULL, *link = NULL;
	for (size_t i = 0; i < p->n_streams; i++) {
		struct teeio_ide_stream *s = p->streams[i];
		if (s->cfg.tc != t->tc)
			continue;
		if (s->cfg.type == TEEIO_IDE_LINK) {
			link = link ? link : s;
			continue;
		}
		if (associated(&s->cfg, t))
			return s;
		if (s->cfg.default_stream && is_request(t) && !dflt)
			dflt = s;
	}
	return dflt ? dflt : link;
}

teeio_err teeio_ide_port_tx(struct teeio_ide_port *p, const struct teeio_tlp *t,
			    const struct teeio_ide_sink *sink)
{
	ENSURE(p && t && sink, TEEIO_ERR_USAGE);
	struct teeio_ide_stream *s = teeio_ide_port_route(p, t);
	if (s)
		return teeio_ide_tx(s, t, sink);
	/* A TEE's TLP never leaves without IDE. */
	ENSURE(!t->ide.t, TEEIO_ERR_STATE);
	ENSURE(sink->room(sink->ctx) >= 1, TEEIO_ERR_SIZE_LIMIT);
	struct teeio_tlp clear = *t;
	clear.has_ide = false;
	memset(&clear.ide, 0, sizeof(clear.ide));
	size_t n = 0;
	TRY(teeio_tlp_encode(&clear, sink->reserve(sink->ctx), TEEIO_TLP_WIRE_MAX, &n));
	sink->commit(sink->ctx, n);
	return TEEIO_OK;
}

teeio_err teeio_ide_port_flush(struct teeio_ide_port *p, const struct teeio_ide_sink *sink)
{
	ENSURE(p && sink, TEEIO_ERR_USAGE);
	for (size_t i = 0; i < p->n_streams; i++)
		TRY(teeio_ide_tx_flush(p->streams[i], sink));
	return TEEIO_OK;
}

teeio_err teeio_ide_port_rx(struct teeio_ide_port *p, uint8_t *wire, size_t len,
			    const struct teeio_ide_deliver *d)
{
	ENSURE(p && d && d->fn && (wire || !len), TEEIO_ERR_USAGE);
	if (len >= TEEIO_IDE_PREFIX_LEN && wire[0] == IDE_PREFIX_B0) {
		struct teeio_ide_stream *s =
		    teeio_ide_port_find(p, wire[IDE_PREFIX_STREAM_ID_BYTE]);
		ENSURE(s, TEEIO_ERR_PROTO); /* no such stream here: dropped */
		return teeio_ide_rx(s, wire, len, d);
	}
	struct teeio_tlp t;
	TRY(teeio_tlp_decode(wire, len, &t, NULL));
	/*
	 * assumption: a Link IDE stream covers every TLP of its TC on the link,
	 * so one in the clear while it is Secure had its prefix stripped in
	 * transit: an integrity failure of that stream.
	 */
	for (size_t i = 0; i < p->n_streams; i++) {
		struct teeio_ide_stream *s = p->streams[i];
		if (s->cfg.type == TEEIO_IDE_LINK && s->cfg.tc == t.tc &&
		    s->state == TEEIO_IDE_SECURE) {
			ide_stream_fail(s, TEEIO_IDE_FAIL_STREAM, teeio_tlp_substream(t.type), 0);
			return TEEIO_ERR_PROTO;
		}
	}
	d->fn(d->ctx, &t);
	return TEEIO_OK;
}
