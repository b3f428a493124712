/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IDE_KM responder: entry points, dispatch, QUERY, session ownership.
 *
 * Phases per request (libspdm's shape): check the call (secured session,
 * protocol ID), find the handler by object ID, the handler decodes and
 * validates everything before it touches the device through the ops
 * table, then commits the slot state and writes the answer.  The key
 * handlers are in rsp_key.c.
 */
#include <string.h>

#include "idekm_internal.h"
#include "wire.h"

teeio_err teeio_idekm_rsp_init(struct teeio_idekm_rsp *r, const struct teeio_idekm_rsp_config *cfg)
{
	const struct teeio_idekm_port_ops *ops;
	unsigned p, i, j;

	ENSURE(r && cfg, TEEIO_ERR_USAGE);
	ops = cfg->ops;
	ENSURE(ops && ops->query && ops->program_key && ops->key_set_go && ops->key_set_stop,
	       TEEIO_ERR_USAGE_CONFIG);
	ENSURE(cfg->max_port_index < TEEIO_IDEKM_PORTS_MAX, TEEIO_ERR_USAGE_CONFIG);
	for (p = 0; p <= cfg->max_port_index; p++) {
		const struct teeio_idekm_rsp_port_cfg *pc = &cfg->port[p];
		ENSURE(pc->n_streams <= TEEIO_IDEKM_STREAMS_MAX, TEEIO_ERR_USAGE_CONFIG);
		for (i = 0; i < pc->n_streams; i++)
			for (j = i + 1; j < pc->n_streams; j++)
				ENSURE(pc->stream_ids[i] != pc->stream_ids[j],
				       TEEIO_ERR_USAGE_CONFIG);
	}
	memset(r, 0, sizeof(*r));
	r->cfg = *cfg;
	return TEEIO_OK;
}

teeio_err idekm_rsp_port(const struct idekm_call *c, uint8_t port)
{
	const struct teeio_idekm_rsp_port *ps;

	ENSURE(port <= c->r->cfg.max_port_index, TEEIO_ERR_PROTO);
	ps = &c->r->port[port];
	/* assumption: a port belongs to the first session that uses it
	 * until that session ends; another session's requests get no
	 * IDE_KM answer (Intel teeio-validator "SpdmSession" case 5.1). */
	ENSURE(!ps->bound || ps->session_id == c->session_id, TEEIO_ERR_STATE);
	return TEEIO_OK;
}

void idekm_rsp_bind(const struct idekm_call *c, uint8_t port)
{
	c->r->port[port].bound = true;
	c->r->port[port].session_id = c->session_id;
}

int idekm_rsp_stream(const struct teeio_idekm_rsp *r, uint8_t port, uint8_t stream_id)
{
	const struct teeio_idekm_rsp_port_cfg *pc = &r->cfg.port[port];
	unsigned i;

	for (i = 0; i < pc->n_streams; i++)
		if (pc->stream_ids[i] == stream_id)
			return (int)i;
	return -1;
}

uint16_t idekm_slot_bit(const struct teeio_idekm_sel *sel)
{
	return (uint16_t)(1u << (sel->key_set * 6 + sel->dir * 3 + sel->sub_stream));
}

/* The inverse of idekm_slot_bit: slot number `bit` into sel. */
static void slot_sel(unsigned bit, struct teeio_idekm_sel *sel)
{
	sel->key_set = (uint8_t)(bit / 6);
	sel->dir = (uint8_t)((bit / 3) % 2);
	sel->sub_stream = (uint8_t)(bit % 3);
}

/* QUERY -> QUERY_RESP.  A malformed QUERY or an unknown port gets no
 * QUERY_RESP: IDE_KM has no error object, so the SPDM layer answers
 * ERROR (assumption, as libspdm's sample responder does). */
static teeio_err rsp_query(const struct idekm_call *c)
{
	struct teeio_idekm_port_info info;
	struct teeio_idekm_msg m;
	uint8_t port;

	TRY(idekm_decode_obj(c->obj, c->len, &m));
	port = m.port_index;
	TRY(idekm_rsp_port(c, port));

	memset(&info, 0, sizeof(info));
	TRY(c->r->cfg.ops->query(c->r->cfg.ops_ctx, port, &info));
	ENSURE(info.n_regs >= IDE_REGS_HEAD && info.n_regs <= TEEIO_IDEKM_REGS_MAX,
	       TEEIO_ERR_INTERNAL);

	/* The register DWORDs go out little-endian: stage them as bytes. */
	uint8_t regs[4 * TEEIO_IDEKM_REGS_MAX];
	for (size_t i = 0; i < info.n_regs; i++)
		teeio_store_u32le(regs + 4 * i, info.regs[i]);
	memset(&m, 0, sizeof(m));
	m.object_id = IDEKM_QUERY_RESP;
	m.port_index = port;
	m.dev_func_num = info.dev_func_num;
	m.bus_num = info.bus_num;
	m.segment = info.segment;
	m.max_port_index = c->r->cfg.max_port_index;
	m.regs = regs;
	m.n_regs = info.n_regs;
	TRY(idekm_encode_obj(&m, c->out, c->cap, c->out_len));
	idekm_rsp_bind(c, port);
	return TEEIO_OK;
}

/* Dispatch on the object ID; obj/len exclude the protocol ID. */
static teeio_err dispatch(const struct idekm_call *c)
{
	ENSURE(c->len >= 1, TEEIO_ERR_SIZE_TRUNCATED);
	switch (c->obj[0]) {
	case IDEKM_QUERY: return rsp_query(c);
	case IDEKM_KEY_PROG: return idekm_rsp_key_prog(c);
	case IDEKM_K_SET_GO: return idekm_rsp_gostop(c, true);
	case IDEKM_K_SET_STOP: return idekm_rsp_gostop(c, false);
	/* Responses sent as requests and unknown objects. */
	default: return TEEIO_ERR_PROTO_UNSUPPORTED;
	}
}

teeio_err teeio_idekm_rsp_handle(struct teeio_idekm_rsp *r, bool secured, uint32_t session_id,
				 const uint8_t *req, size_t len, uint8_t *rsp, size_t *rsp_len)
{
	size_t n = 0;

	ENSURE(r && (req || len == 0) && rsp && rsp_len, TEEIO_ERR_USAGE);
	/* IDE_KM is only valid inside a secured SPDM session. */
	ENSURE(secured, TEEIO_ERR_STATE_NO_SESSION);
	ENSURE(len >= 1, TEEIO_ERR_SIZE_TRUNCATED);
	ENSURE(req[0] == IDEKM_PROTOCOL_ID, TEEIO_ERR_PROTO_UNSUPPORTED);
	ENSURE(*rsp_len >= 1, TEEIO_ERR_SIZE);

	struct idekm_call c = {r, session_id, req + 1, len - 1, rsp + 1, *rsp_len - 1, &n};
	TRY(dispatch(&c));
	rsp[0] = IDEKM_PROTOCOL_ID;
	*rsp_len = n + 1;
	return TEEIO_OK;
}

teeio_err teeio_idekm_rsp_vendor(void *ctx, const struct teeio_spdm_vendor_session *s,
				 const uint8_t *req, size_t req_len, uint8_t *rsp, size_t *rsp_len)
{
	size_t n = 0;

	ENSURE(ctx && s && (req || req_len == 0) && rsp && rsp_len, TEEIO_ERR_USAGE);
	ENSURE(s->secured, TEEIO_ERR_STATE_NO_SESSION);

	struct idekm_call c = {ctx, s->session_id, req, req_len, rsp, *rsp_len, &n};
	TRY(dispatch(&c));
	*rsp_len = n;
	return TEEIO_OK;
}

struct teeio_spdm_vendor_handler teeio_idekm_rsp_registration(struct teeio_idekm_rsp *r)
{
	struct teeio_spdm_vendor_handler h = {
	    .standard_id = TEEIO_SPDM_VENDOR_STD_PCISIG,
	    /* VendorID 0x0001, little-endian on the wire. */
	    .vendor_id = {TEEIO_SPDM_VENDOR_ID_PCISIG & 0xff, TEEIO_SPDM_VENDOR_ID_PCISIG >> 8},
	    .vendor_id_len = 2,
	    .protocol_id = TEEIO_SPDM_PCI_PROTO_IDE_KM,
	    .requires_session = true,
	    .fn = teeio_idekm_rsp_vendor,
	    .ctx = r,
	};
	return h;
}

void teeio_idekm_rsp_session_end(struct teeio_idekm_rsp *r, uint32_t session_id)
{
	struct teeio_idekm_sel sel;
	unsigned p, i;

	if (!r)
		return;
	for (p = 0; p <= r->cfg.max_port_index; p++) {
		struct teeio_idekm_rsp_port *ps = &r->port[p];
		if (!ps->bound || ps->session_id != session_id)
			continue;
		/* assumption: keys agreed in a session do not outlive it;
		 * every slot it programmed is stopped on the device. */
		for (i = 0; i < r->cfg.port[p].n_streams; i++) {
			for (unsigned bit = 0; bit < IDEKM_SLOTS; bit++) {
				if (!(ps->programmed[i] & (1u << bit)))
					continue;
				sel.port_index = (uint8_t)p;
				sel.stream_id = r->cfg.port[p].stream_ids[i];
				slot_sel(bit, &sel);
				/* Best effort: the session is gone either way. */
				(void)r->cfg.ops->key_set_stop(r->cfg.ops_ctx, &sel);
			}
		}
		memset(ps, 0, sizeof(*ps));
	}
}

void teeio_idekm_rsp_session_ended(void *ctx, struct teeio_spdm_rsp *spdm, uint32_t session_id)
{
	(void)spdm;
	teeio_idekm_rsp_session_end(ctx, session_id);
}
