/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IDE_KM responder: KEY_PROG -> KP_ACK, K_SET_GO / K_SET_STOP ->
 * K_GOSTOP_ACK, and the key slot rules.
 *
 * Slot state per (port, stream): `programmed` and `going` bit masks over
 * key set x direction x sub-stream.  The rules (docs/idekm.md):
 *   KEY_PROG   into the armed slot is refused (re-keying goes through the
 *              other key set); into a programmed, idle slot replaces it.
 *   K_SET_GO   needs the slot programmed and, strictly, all three
 *              sub-streams of its key set and direction programmed; it
 *              arms the slot and disarms the other key set's slot of the
 *              same direction and sub-stream.  GO of an armed slot is
 *              acknowledged without touching the device.
 *   K_SET_STOP needs the slot programmed (armed or not); it disarms and
 *              forgets the key.
 */
#include <string.h>

#include "idekm_internal.h"
#include "wire.h"

/* The byte at `off` of the object, or 0 past its end (for echoing what a
 * short KEY_PROG did carry). */
static uint8_t byte_at(const struct idekm_call *c, size_t off)
{
	return off < c->len ? c->obj[off] : 0;
}

/* KP_ACK status for a KEY_PROG that failed to decode with `rc`. */
static uint8_t decode_status(teeio_err rc)
{
	if (rc == TEEIO_ERR_SIZE_TRUNCATED || rc == TEEIO_ERR_SIZE_TRAILING)
		return IDEKM_KP_INCORRECT_LENGTH;
	return IDEKM_KP_UNSUPPORTED_VALUE; /* reserved bits, sub-stream value */
}

/*
 * Validate and carry out a decoded KEY_PROG; returns the KP_ACK status.
 * *fatal receives an error that must not be answered with a KP_ACK (the
 * port belongs to another session).
 */
static uint8_t key_prog(const struct idekm_call *c, const struct teeio_idekm_msg *m, teeio_err rc,
			teeio_err *fatal)
{
	struct teeio_idekm_rsp_port *ps;
	struct teeio_idekm_sel sel;
	uint16_t bit;
	int si;

	/* Length is judged first, then the port, then the other values:
	 * the order of the KP_ACK status codes. */
	if (rc == TEEIO_ERR_SIZE_TRUNCATED || rc == TEEIO_ERR_SIZE_TRAILING)
		return IDEKM_KP_INCORRECT_LENGTH;
	if (m->port_index > c->r->cfg.max_port_index)
		return IDEKM_KP_UNSUPPORTED_PORT;
	*fatal = idekm_rsp_port(c, m->port_index);
	if (*fatal != TEEIO_OK)
		return IDEKM_KP_UNSPECIFIED;
	if (rc != TEEIO_OK)
		return decode_status(rc);
	si = idekm_rsp_stream(c->r, m->port_index, m->stream_id);
	if (si < 0)
		return IDEKM_KP_UNSUPPORTED_VALUE;
	if (m->ifv[0] != IDEKM_IFV0_INITIAL || m->ifv[1] != IDEKM_IFV1_INITIAL)
		return IDEKM_KP_UNSUPPORTED_VALUE;

	sel.port_index = m->port_index;
	sel.stream_id = m->stream_id;
	if (teeio_idekm_kss_decode(m->kss, &sel) != TEEIO_OK)
		return IDEKM_KP_UNSUPPORTED_VALUE; /* decode already checked it */
	ps = &c->r->port[m->port_index];
	bit = idekm_slot_bit(&sel);
	/* assumption: an armed key set is never overwritten in place; key
	 * refresh programs the other set.  Values are fine, the state is not:
	 * "unspecified failure". */
	if (ps->going[si] & bit)
		return IDEKM_KP_UNSPECIFIED;

	rc = c->r->cfg.ops->program_key(c->r->cfg.ops_ctx, &sel, m->key, m->ifv);
	if (rc != TEEIO_OK)
		return teeio_err_kind(rc) == TEEIO_KIND_USAGE ? IDEKM_KP_UNSUPPORTED_VALUE
							      : IDEKM_KP_UNSPECIFIED;
	ps->programmed[si] |= bit;
	idekm_rsp_bind(c, m->port_index);
	return IDEKM_KP_SUCCESS;
}

teeio_err idekm_rsp_key_prog(const struct idekm_call *c)
{
	struct teeio_idekm_msg m, ack;
	teeio_err rc, fatal = TEEIO_OK;
	uint8_t status;

	/* Room for the KP_ACK before the device is touched. */
	ENSURE(c->cap >= IDEKM_SEL_LEN - 1, TEEIO_ERR_SIZE);
	rc = idekm_decode_obj(c->obj, c->len, &m);
	if (rc != TEEIO_OK) {
		/* Echo what the request did carry (offsets from the object ID). */
		m.stream_id = byte_at(c, IDEKM_OFF_STREAM_ID - 1);
		m.kss = byte_at(c, IDEKM_OFF_KSS - 1);
		m.port_index = byte_at(c, IDEKM_OFF_PORT - 1);
	}
	status = key_prog(c, &m, rc, &fatal);
	teeio_wipe(&m, sizeof(m)); /* the key, handed over or refused */
	if (fatal != TEEIO_OK)
		return fatal;

	memset(&ack, 0, sizeof(ack));
	ack.object_id = IDEKM_KP_ACK;
	ack.stream_id = byte_at(c, IDEKM_OFF_STREAM_ID - 1);
	ack.kss = byte_at(c, IDEKM_OFF_KSS - 1);
	ack.port_index = byte_at(c, IDEKM_OFF_PORT - 1);
	ack.status = status;
	return idekm_encode_obj(&ack, c->out, c->cap, c->out_len);
}

/* All three sub-streams of sel's key set and direction are programmed. */
static bool set_complete(uint16_t programmed, const struct teeio_idekm_sel *sel)
{
	struct teeio_idekm_sel s = *sel;

	for (s.sub_stream = 0; s.sub_stream <= IDEKM_SS_MAX; s.sub_stream++)
		if (!(programmed & idekm_slot_bit(&s)))
			return false;
	return true;
}

teeio_err idekm_rsp_gostop(const struct idekm_call *c, bool go)
{
	const struct teeio_idekm_port_ops *ops = c->r->cfg.ops;
	struct teeio_idekm_rsp_port *ps;
	struct teeio_idekm_sel sel;
	struct teeio_idekm_msg m;
	uint16_t bit;
	int si;

	/* Check and validate: K_GOSTOP_ACK has no status, so every refusal
	 * is an error for the SPDM layer to answer with ERROR. */
	ENSURE(c->cap >= IDEKM_SEL_LEN - 1, TEEIO_ERR_SIZE);
	TRY(idekm_decode_obj(c->obj, c->len, &m));
	TRY(idekm_rsp_port(c, m.port_index));
	si = idekm_rsp_stream(c->r, m.port_index, m.stream_id);
	ENSURE(si >= 0, TEEIO_ERR_PROTO);
	sel.port_index = m.port_index;
	sel.stream_id = m.stream_id;
	TRY(teeio_idekm_kss_decode(m.kss, &sel));
	ps = &c->r->port[m.port_index];
	bit = idekm_slot_bit(&sel);
	ENSURE(ps->programmed[si] & bit, TEEIO_ERR_STATE);

	/* Process. */
	if (go) {
		ENSURE(c->r->cfg.allow_partial_go || set_complete(ps->programmed[si], &sel),
		       TEEIO_ERR_STATE);
		/* assumption: GO of an armed slot is harmless and acknowledged. */
		if (!(ps->going[si] & bit))
			TRY(ops->key_set_go(c->r->cfg.ops_ctx, &sel));
	} else {
		TRY(ops->key_set_stop(c->r->cfg.ops_ctx, &sel));
	}

	/* Construct the answer, then commit the state. */
	m.object_id = IDEKM_K_GOSTOP_ACK;
	TRY(idekm_encode_obj(&m, c->out, c->cap, c->out_len));
	if (go) {
		/* The set just started replaces the other one of the same
		 * direction and sub-stream: that one may now be re-keyed
		 * (key refresh alternates K0 and K1 without K_SET_STOP). */
		sel.key_set ^= 1;
		ps->going[si] = (uint16_t)((ps->going[si] & ~idekm_slot_bit(&sel)) | bit);
	} else {
		ps->going[si] &= (uint16_t)~bit;
		ps->programmed[si] &= (uint16_t)~bit;
	}
	idekm_rsp_bind(c, m.port_index);
	return TEEIO_OK;
}
