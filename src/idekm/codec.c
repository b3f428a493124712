/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IDE_KM message codec: every object, both directions, through the
 * bounded cursor.  Lengths are exact: IDE_KM objects have no padding and
 * no optional tail (QUERY_RESP's register DWORDs are its only variable
 * part).  Reserved bytes and key_sub_stream bits 3:2 must be zero.
 */
#include <string.h>

#include "teeio/idekm.h"
#include "idekm_internal.h"
#include "wire.h"

uint8_t teeio_idekm_kss_encode(const struct teeio_idekm_sel *sel)
{
	return (uint8_t)((sel->key_set ? IDEKM_KSS_KEY_SET : 0) |
			 (sel->dir ? IDEKM_KSS_DIR_TX : 0) |
			 ((sel->sub_stream << IDEKM_KSS_SS_SHIFT) & IDEKM_KSS_SS_MASK));
}

teeio_err teeio_idekm_kss_decode(uint8_t kss, struct teeio_idekm_sel *sel)
{
	uint8_t ss = (uint8_t)((kss & IDEKM_KSS_SS_MASK) >> IDEKM_KSS_SS_SHIFT);

	ENSURE((kss & IDEKM_KSS_RESERVED) == 0, TEEIO_ERR_PROTO_RESERVED);
	ENSURE(ss <= IDEKM_SS_MAX, TEEIO_ERR_PROTO_UNSUPPORTED);
	sel->key_set = (kss & IDEKM_KSS_KEY_SET) ? 1 : 0;
	sel->dir = (kss & IDEKM_KSS_DIR_TX) ? 1 : 0;
	sel->sub_stream = ss;
	return TEEIO_OK;
}

/* The common head of KEY_PROG, KP_ACK, K_SET_GO/STOP and K_GOSTOP_ACK:
 * reserved u16, stream_id, status-or-reserved, key_sub_stream, port. */
static teeio_err put_sel_head(struct teeio_buf *b, const struct teeio_idekm_msg *m, uint8_t status)
{
	TRY(teeio_buf_put_u16le(b, 0));
	TRY(teeio_buf_put_u8(b, m->stream_id));
	TRY(teeio_buf_put_u8(b, status));
	TRY(teeio_buf_put_u8(b, m->kss));
	return teeio_buf_put_u8(b, m->port_index);
}

static teeio_err encode_body(struct teeio_buf *b, const struct teeio_idekm_msg *m)
{
	switch (m->object_id) {
	case IDEKM_QUERY: TRY(teeio_buf_put_u8(b, 0)); return teeio_buf_put_u8(b, m->port_index);
	case IDEKM_QUERY_RESP:
		ENSURE(m->n_regs <= TEEIO_IDEKM_REGS_MAX && (m->regs || m->n_regs == 0),
		       TEEIO_ERR_USAGE);
		TRY(teeio_buf_put_u8(b, 0));
		TRY(teeio_buf_put_u8(b, m->port_index));
		TRY(teeio_buf_put_u8(b, m->dev_func_num));
		TRY(teeio_buf_put_u8(b, m->bus_num));
		TRY(teeio_buf_put_u8(b, m->segment));
		TRY(teeio_buf_put_u8(b, m->max_port_index));
		return teeio_buf_put_bytes(b, m->regs, 4 * m->n_regs);
	case IDEKM_KEY_PROG:
		TRY(put_sel_head(b, m, 0));
		TRY(teeio_buf_put_bytes(b, m->key, TEEIO_IDEKM_KEY_LEN));
		TRY(teeio_buf_put_u32le(b, m->ifv[0]));
		return teeio_buf_put_u32le(b, m->ifv[1]);
	case IDEKM_KP_ACK: return put_sel_head(b, m, m->status);
	case IDEKM_K_SET_GO:
	case IDEKM_K_SET_STOP:
	case IDEKM_K_GOSTOP_ACK: return put_sel_head(b, m, 0);
	default: return TEEIO_ERR_USAGE;
	}
}

teeio_err idekm_encode_obj(const struct teeio_idekm_msg *m, uint8_t *out, size_t cap, size_t *len)
{
	struct teeio_buf b = teeio_buf_writer(out, cap);

	ENSURE(m && (out || cap == 0) && len, TEEIO_ERR_USAGE);
	TRY(teeio_buf_put_u8(&b, m->object_id));
	TRY(encode_body(&b, m));
	*len = b.pos;
	return TEEIO_OK;
}

teeio_err teeio_idekm_encode(const struct teeio_idekm_msg *m, uint8_t *out, size_t cap, size_t *len)
{
	size_t n;

	ENSURE(m && out && len, TEEIO_ERR_USAGE);
	ENSURE(cap >= 1, TEEIO_ERR_SIZE);
	out[0] = IDEKM_PROTOCOL_ID;
	TRY(idekm_encode_obj(m, out + 1, cap - 1, &n));
	*len = n + 1;
	return TEEIO_OK;
}

/* Exact size of a fixed-size object, 0 for QUERY_RESP, -1 unknown. */
static long fixed_len(uint8_t object)
{
	switch (object) {
	case IDEKM_QUERY: return IDEKM_QUERY_LEN;
	case IDEKM_QUERY_RESP: return 0;
	case IDEKM_KEY_PROG: return IDEKM_KEY_PROG_LEN;
	case IDEKM_KP_ACK:
	case IDEKM_K_SET_GO:
	case IDEKM_K_SET_STOP:
	case IDEKM_K_GOSTOP_ACK: return IDEKM_SEL_LEN;
	default: return -1;
	}
}

static teeio_err get_sel_head(struct teeio_buf *b, struct teeio_idekm_msg *m, bool has_status)
{
	struct teeio_idekm_sel sel;

	TRY(teeio_buf_expect_zero(b, 2));
	TRY(teeio_buf_get_u8(b, &m->stream_id));
	if (has_status)
		TRY(teeio_buf_get_u8(b, &m->status));
	else
		TRY(teeio_buf_expect_zero(b, 1));
	TRY(teeio_buf_get_u8(b, &m->kss));
	TRY(teeio_buf_get_u8(b, &m->port_index));
	return teeio_idekm_kss_decode(m->kss, &sel);
}

static teeio_err decode_query_resp(struct teeio_buf *b, struct teeio_idekm_msg *m)
{
	size_t left;

	TRY(teeio_buf_expect_zero(b, 1));
	TRY(teeio_buf_get_u8(b, &m->port_index));
	TRY(teeio_buf_get_u8(b, &m->dev_func_num));
	TRY(teeio_buf_get_u8(b, &m->bus_num));
	TRY(teeio_buf_get_u8(b, &m->segment));
	TRY(teeio_buf_get_u8(b, &m->max_port_index));
	left = teeio_buf_left(b);
	/* The IDE Capability and Control registers are always there. */
	ENSURE(left >= 4 * IDE_REGS_HEAD, TEEIO_ERR_SIZE_TRUNCATED);
	ENSURE(left % 4 == 0, TEEIO_ERR_SIZE_TRAILING);
	ENSURE(left / 4 <= TEEIO_IDEKM_REGS_MAX, TEEIO_ERR_SIZE_LIMIT);
	m->n_regs = left / 4;
	return teeio_buf_get_ref(b, &m->regs, left);
}

static teeio_err decode_body(struct teeio_buf *b, struct teeio_idekm_msg *m)
{
	switch (m->object_id) {
	case IDEKM_QUERY:
		TRY(teeio_buf_expect_zero(b, 1));
		return teeio_buf_get_u8(b, &m->port_index);
	case IDEKM_QUERY_RESP: return decode_query_resp(b, m);
	case IDEKM_KEY_PROG:
		TRY(get_sel_head(b, m, false));
		TRY(teeio_buf_get_bytes(b, m->key, TEEIO_IDEKM_KEY_LEN));
		TRY(teeio_buf_get_u32le(b, &m->ifv[0]));
		return teeio_buf_get_u32le(b, &m->ifv[1]);
	case IDEKM_KP_ACK: return get_sel_head(b, m, true);
	default: /* K_SET_GO, K_SET_STOP, K_GOSTOP_ACK */ return get_sel_head(b, m, false);
	}
}

teeio_err idekm_decode_obj(const uint8_t *p, size_t len, struct teeio_idekm_msg *m)
{
	struct teeio_buf b = teeio_buf_reader(p, len);
	long want;
	teeio_err rc;

	ENSURE(m && (p || len == 0), TEEIO_ERR_USAGE);
	memset(m, 0, sizeof(*m));
	TRY(teeio_buf_get_u8(&b, &m->object_id));
	want = fixed_len(m->object_id);
	ENSURE(want >= 0, TEEIO_ERR_PROTO_UNSUPPORTED);
	/* Length first: a wrong-sized object is reported as such even when
	 * its fields also look wrong.  `want` counts the protocol ID byte. */
	ENSURE(want == 0 || len + 1 >= (size_t)want, TEEIO_ERR_SIZE_TRUNCATED);
	ENSURE(want == 0 || len + 1 <= (size_t)want, TEEIO_ERR_SIZE_TRAILING);
	rc = decode_body(&b, m);
	if (rc == TEEIO_OK)
		rc = teeio_buf_expect_end(&b);
	if (rc != TEEIO_OK)
		teeio_wipe(m->key, sizeof(m->key));
	return rc;
}

teeio_err teeio_idekm_decode(const uint8_t *p, size_t len, struct teeio_idekm_msg *m)
{
	ENSURE(m && (p || len == 0), TEEIO_ERR_USAGE);
	memset(m, 0, sizeof(*m));
	ENSURE(len >= 1, TEEIO_ERR_SIZE_TRUNCATED);
	ENSURE(p[0] == IDEKM_PROTOCOL_ID, TEEIO_ERR_PROTO_UNSUPPORTED);
	return idekm_decode_obj(p + 1, len - 1, m);
}
