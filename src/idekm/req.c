/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IDE_KM requester (TSM side): build a request, exchange it over the
 * caller's secured session, decode the answer strictly and check that it
 * is the right object echoing the request's port, stream and
 * key_sub_stream (the checks libspdm's pci_ide_km_requester_lib makes,
 * plus reserved fields and exact lengths).
 */
#include <string.h>

#include "teeio/idekm.h"
#include "wire.h"

/* Send `req` (protocol ID first) and decode the answer into *m. */
static teeio_err exchange(const struct teeio_idekm_req *q, const uint8_t *req, size_t req_len,
			  struct teeio_idekm_msg *m, uint8_t *rsp, size_t cap)
{
	size_t n = 0;

	TRY(q->exchange(q->ctx, req, req_len, rsp, cap, &n));
	ENSURE(n <= cap, TEEIO_ERR_INTERNAL);
	return teeio_idekm_decode(rsp, n, m);
}

/* The answer is `object` and echoes sel (stream, key_sub_stream, port). */
static teeio_err check_echo(const struct teeio_idekm_msg *got, uint8_t object,
			    const struct teeio_idekm_msg *sent)
{
	ENSURE(got->object_id == object, TEEIO_ERR_PROTO);
	ENSURE(got->stream_id == sent->stream_id && got->kss == sent->kss &&
		   got->port_index == sent->port_index,
	       TEEIO_ERR_PROTO);
	return TEEIO_OK;
}

static teeio_err sel_msg(const struct teeio_idekm_sel *sel, uint8_t object,
			 struct teeio_idekm_msg *m)
{
	struct teeio_idekm_sel check;

	memset(m, 0, sizeof(*m));
	ENSURE(sel->key_set <= 1 && sel->dir <= 1 && sel->sub_stream <= IDEKM_SS_MAX,
	       TEEIO_ERR_USAGE);
	m->object_id = object;
	m->stream_id = sel->stream_id;
	m->port_index = sel->port_index;
	m->kss = teeio_idekm_kss_encode(sel);
	return teeio_idekm_kss_decode(m->kss, &check);
}

teeio_err teeio_idekm_req_query(const struct teeio_idekm_req *q, uint8_t port_index,
				struct teeio_idekm_port_info *out)
{
	uint8_t req[IDEKM_QUERY_LEN], rsp[TEEIO_IDEKM_MSG_MAX];
	struct teeio_idekm_msg m;
	size_t n;

	ENSURE(q && q->exchange && out, TEEIO_ERR_USAGE);
	memset(&m, 0, sizeof(m));
	m.object_id = IDEKM_QUERY;
	m.port_index = port_index;
	TRY(teeio_idekm_encode(&m, req, sizeof(req), &n));
	TRY(exchange(q, req, n, &m, rsp, sizeof(rsp)));
	ENSURE(m.object_id == IDEKM_QUERY_RESP && m.port_index == port_index, TEEIO_ERR_PROTO);
	/* The device cannot have fewer ports than the one it answered for. */
	ENSURE(m.max_port_index >= port_index, TEEIO_ERR_PROTO);

	memset(out, 0, sizeof(*out));
	out->port_index = m.port_index;
	out->dev_func_num = m.dev_func_num;
	out->bus_num = m.bus_num;
	out->segment = m.segment;
	out->max_port_index = m.max_port_index;
	out->n_regs = m.n_regs;
	for (size_t i = 0; i < m.n_regs; i++)
		out->regs[i] = teeio_load_u32le(m.regs + 4 * i);
	return TEEIO_OK;
}

teeio_err teeio_idekm_req_key_prog(const struct teeio_idekm_req *q,
				   const struct teeio_idekm_sel *sel,
				   const uint8_t key[TEEIO_IDEKM_KEY_LEN], const uint32_t ifv[2],
				   uint8_t *status)
{
	uint8_t req[IDEKM_KEY_PROG_LEN], rsp[TEEIO_IDEKM_MSG_MAX];
	struct teeio_idekm_msg m, ack;
	teeio_err rc;
	size_t n;

	ENSURE(q && q->exchange && sel && key && ifv, TEEIO_ERR_USAGE);
	TRY(sel_msg(sel, IDEKM_KEY_PROG, &m));
	memcpy(m.key, key, TEEIO_IDEKM_KEY_LEN);
	m.ifv[0] = ifv[0];
	m.ifv[1] = ifv[1];
	TRY_OUT(teeio_idekm_encode(&m, req, sizeof(req), &n));
	TRY_OUT(exchange(q, req, n, &ack, rsp, sizeof(rsp)));
	TRY_OUT(check_echo(&ack, IDEKM_KP_ACK, &m));
	if (status)
		*status = ack.status;
	ENSURE_OUT(ack.status == IDEKM_KP_SUCCESS, TEEIO_ERR_PROTO_PEER_ERROR);
out:
	teeio_wipe(req, sizeof(req));
	teeio_wipe(m.key, sizeof(m.key));
	return rc;
}

static teeio_err gostop(const struct teeio_idekm_req *q, const struct teeio_idekm_sel *sel,
			uint8_t object)
{
	uint8_t req[IDEKM_SEL_LEN], rsp[TEEIO_IDEKM_MSG_MAX];
	struct teeio_idekm_msg m, ack;
	size_t n;

	ENSURE(q && q->exchange && sel, TEEIO_ERR_USAGE);
	TRY(sel_msg(sel, object, &m));
	TRY(teeio_idekm_encode(&m, req, sizeof(req), &n));
	TRY(exchange(q, req, n, &ack, rsp, sizeof(rsp)));
	return check_echo(&ack, IDEKM_K_GOSTOP_ACK, &m);
}

teeio_err teeio_idekm_req_key_set_go(const struct teeio_idekm_req *q,
				     const struct teeio_idekm_sel *sel)
{
	return gostop(q, sel, IDEKM_K_SET_GO);
}

teeio_err teeio_idekm_req_key_set_stop(const struct teeio_idekm_req *q,
				       const struct teeio_idekm_sel *sel)
{
	return gostop(q, sel, IDEKM_K_SET_STOP);
}
