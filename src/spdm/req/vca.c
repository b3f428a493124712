/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * GET_VERSION, GET_CAPABILITIES, NEGOTIATE_ALGORITHMS (DSP0274 10.3-10.5):
 * the six messages of transcript A.  Every response is decoded strictly;
 * selections must be single bits of what we offered.
 */
#include "req.h"

#include <string.h>

/* Our four AlgStructures, in the order DSP0274 10.5 lists AlgType. */
#define N_ALG_STRUCTS 4

static teeio_err vca_append(struct teeio_spdm_req *r, size_t req_len, size_t rsp_len)
{
	TRY(teeio_spdm_conn_vca_append(&r->conn, r->tx, req_len));
	return teeio_spdm_conn_vca_append(&r->conn, r->rx, rsp_len);
}

/* ---- GET_VERSION / VERSION (10.3) -------------------------------------- */

static bool offered_version(const struct teeio_spdm_req *r, uint8_t v)
{
	for (size_t i = 0; i < r->cfg->n_versions; i++)
		if (r->cfg->versions[i] == v)
			return true;
	return r->cfg->n_versions == 0 && (v == TEEIO_SPDM_V12 || v == TEEIO_SPDM_V13);
}

static teeio_err get_version(struct teeio_spdm_req *r)
{
	struct teeio_buf b = req_begin(r, SPDM_GET_VERSION, 0, 0);
	size_t n;
	uint8_t p1, p2, count, best = 0;

	TRY(req_exchange(r, NULL, b.pos, SPDM_VERSION, &n));
	struct teeio_buf in = teeio_buf_reader(r->rx, n);
	TRY(teeio_buf_skip(&in, 2));
	TRY(teeio_buf_get_u8(&in, &p1));
	TRY(teeio_buf_get_u8(&in, &p2));
	ENSURE(p1 == 0 && p2 == 0, TEEIO_ERR_PROTO_RESERVED);
	TRY(teeio_buf_expect_zero(&in, 1));
	TRY(teeio_buf_get_u8(&in, &count));
	ENSURE(count >= 1, TEEIO_ERR_PROTO);
	for (unsigned i = 0; i < count; i++) {
		uint16_t e;
		TRY(teeio_buf_get_u16le(&in, &e));
		uint8_t v = teeio_spdm_version_from_entry(e);
		if (offered_version(r, v) && v > best)
			best = v;
	}
	TRY(req_end(r, &in));
	ENSURE(best != 0, TEEIO_ERR_PROTO_VERSION);
	TRY(vca_append(r, b.pos, in.pos));
	r->conn.neg.version = best;
	r->conn.state = TEEIO_SPDM_CONN_AFTER_VERSION;
	return TEEIO_OK;
}

/* ---- GET_CAPABILITIES / CAPABILITIES (10.4) ---------------------------- */

static uint32_t req_caps_mask(uint8_t v)
{
	if (v >= TEEIO_SPDM_V13)
		return TEEIO_SPDM_CAP_REQ_13_MASK;
	if (v == TEEIO_SPDM_V12)
		return TEEIO_SPDM_CAP_REQ_12_MASK;
	return TEEIO_SPDM_CAP_REQ_11_MASK;
}

static uint32_t rsp_caps_mask(uint8_t v)
{
	switch (v) {
	case TEEIO_SPDM_V10: return TEEIO_SPDM_CAP_RSP_10_MASK;
	case TEEIO_SPDM_V11: return TEEIO_SPDM_CAP_RSP_11_MASK;
	case TEEIO_SPDM_V12: return TEEIO_SPDM_CAP_RSP_12_MASK;
	default: return TEEIO_SPDM_CAP_RSP_13_MASK;
	}
}

static teeio_err get_capabilities(struct teeio_spdm_req *r)
{
	const struct teeio_spdm_req_config *cfg = r->cfg;
	struct teeio_spdm_negotiated *neg = &r->conn.neg;
	uint8_t v = neg->version;
	struct teeio_buf b = req_begin(r, SPDM_GET_CAPABILITIES, 0, 0);
	uint32_t dts = cfg->data_transfer_size ? cfg->data_transfer_size : TEEIO_SPDM_MAX_MSG;
	uint32_t mms = cfg->max_spdm_msg_size ? cfg->max_spdm_msg_size : TEEIO_SPDM_REQ_MSG_MAX;
	size_t n;

	if (dts > TEEIO_SPDM_MAX_MSG)
		dts = TEEIO_SPDM_MAX_MSG;
	if (mms > TEEIO_SPDM_REQ_MSG_MAX)
		mms = TEEIO_SPDM_REQ_MSG_MAX;
	if (mms < dts)
		mms = dts;
	neg->req_caps = v >= TEEIO_SPDM_V11 ? (cfg->caps & req_caps_mask(v)) : 0;
	neg->req_ct_exponent = cfg->ct_exponent;
	if (v >= TEEIO_SPDM_V11) {
		TRY(teeio_buf_put_u8(&b, 0));
		TRY(teeio_buf_put_u8(&b, cfg->ct_exponent));
		TRY(teeio_buf_put_u16le(&b, 0));
		TRY(teeio_buf_put_u32le(&b, neg->req_caps));
	}
	if (v >= TEEIO_SPDM_V12) {
		TRY(teeio_buf_put_u32le(&b, dts));
		TRY(teeio_buf_put_u32le(&b, mms));
		neg->req_data_transfer_size = dts;
		neg->req_max_msg_size = mms;
	}

	TRY(req_exchange(r, NULL, b.pos, SPDM_CAPABILITIES, &n));
	struct teeio_buf in = teeio_buf_reader(r->rx, n);
	uint8_t ct;
	uint32_t flags, rdts = 0, rmms = 0;
	TRY(teeio_buf_skip(&in, 2));
	TRY(teeio_buf_expect_zero(&in, 3)); /* Param1, Param2, Reserved */
	TRY(teeio_buf_get_u8(&in, &ct));
	TRY(teeio_buf_expect_zero(&in, 2));
	TRY(teeio_buf_get_u32le(&in, &flags));
	if (v >= TEEIO_SPDM_V12) {
		TRY(teeio_buf_get_u32le(&in, &rdts));
		TRY(teeio_buf_get_u32le(&in, &rmms));
		/* 10.4: DataTransferSize >= MinDataTransferSize, and
		 * MaxSPDMmsgSize >= DataTransferSize. */
		ENSURE(rdts >= SPDM_MIN_DATA_TRANSFER_SIZE_12 && rmms >= rdts, TEEIO_ERR_PROTO);
	}
	TRY(req_end(r, &in));
	ENSURE((flags & ~rsp_caps_mask(v)) == 0, TEEIO_ERR_PROTO_RESERVED);
	/* MEAS_CAP 11b is reserved. */
	ENSURE((flags & TEEIO_SPDM_CAP_MEAS_MASK) != TEEIO_SPDM_CAP_MEAS_MASK, TEEIO_ERR_PROTO);
	/* KEY_EX_CAP needs ENCRYPT_CAP or MAC_CAP (10.4 flag rules). */
	if (flags & TEEIO_SPDM_CAP_KEY_EX)
		ENSURE(flags & (TEEIO_SPDM_CAP_ENCRYPT | TEEIO_SPDM_CAP_MAC), TEEIO_ERR_PROTO);
	TRY(vca_append(r, b.pos, in.pos));
	neg->rsp_caps = flags;
	neg->rsp_ct_exponent = ct;
	neg->rsp_data_transfer_size = rdts;
	neg->rsp_max_msg_size = rmms;
	r->conn.state = TEEIO_SPDM_CONN_AFTER_CAPABILITIES;
	return TEEIO_OK;
}

/* ---- NEGOTIATE_ALGORITHMS / ALGORITHMS (10.5) -------------------------- */

struct offer {
	uint32_t asym, hash, meas_hash, dhe, aead, req_asym, key_schedule;
	uint8_t meas_spec, other;
};

static void build_offer(const struct teeio_spdm_req *r, struct offer *o)
{
	const struct teeio_spdm_alg_prefs *a = &r->cfg->algs;
	uint8_t v = r->conn.neg.version;

	memset(o, 0, sizeof(*o));
	o->asym = teeio_spdm_asym_mask(a->asym, TEEIO_SPDM_PREF_MAX);
	o->hash = teeio_spdm_hash_mask(a->hash, TEEIO_ARRAY_LEN(a->hash));
	o->meas_hash = teeio_spdm_meas_hash_mask(a->meas_hash, TEEIO_ARRAY_LEN(a->meas_hash));
	if (o->meas_hash == 0)
		o->meas_hash =
		    SPDM_MEAS_HASH_SHA256 | SPDM_MEAS_HASH_SHA384 | SPDM_MEAS_HASH_SHA512;
	o->meas_hash |= SPDM_MEAS_HASH_RAW_ONLY;
	o->meas_spec = SPDM_MEAS_SPEC_DMTF;
	if (v >= TEEIO_SPDM_V11) {
		o->dhe = teeio_spdm_dhe_mask(a->dhe, TEEIO_ARRAY_LEN(a->dhe));
		o->aead = teeio_spdm_aead_mask(a->aead, TEEIO_ARRAY_LEN(a->aead));
		if (r->conn.neg.req_caps & TEEIO_SPDM_CAP_MUT_AUTH)
			o->req_asym = teeio_spdm_asym_mask(a->req_asym, TEEIO_SPDM_PREF_MAX);
		o->key_schedule = SPDM_KEY_SCHEDULE_SPDM;
	}
	/* 1.2+: the general opaque data format (DSP0277 version selection). */
	if (v >= TEEIO_SPDM_V12)
		o->other = SPDM_OPAQUE_FMT_1;
}

static teeio_err put_alg_struct(struct teeio_buf *b, uint8_t type, uint32_t mask)
{
	TRY(teeio_buf_put_u8(b, type));
	TRY(teeio_buf_put_u8(b, SPDM_ALG_COUNT_FIXED_2));
	return teeio_buf_put_u16le(b, (uint16_t)mask);
}

static bool single_bit(uint32_t x)
{
	return x != 0 && (x & (x - 1)) == 0;
}

/* A selection: zero, or one bit of what we offered; zero only when
 * `optional`. */
static teeio_err check_sel(uint32_t sel, uint32_t offered, bool optional)
{
	if (sel == 0)
		return optional ? TEEIO_OK : TEEIO_ERR_PROTO_NEGOTIATION;
	ENSURE(single_bit(sel) && (sel & offered) == sel, TEEIO_ERR_PROTO_NEGOTIATION);
	return TEEIO_OK;
}

static teeio_err decode_alg_structs(struct teeio_buf *in, uint8_t count, const struct offer *o,
				    struct teeio_spdm_negotiated *neg)
{
	uint8_t last_type = 0;

	ENSURE(count <= N_ALG_STRUCTS, TEEIO_ERR_PROTO);
	for (unsigned i = 0; i < count; i++) {
		uint8_t type, cnt;
		uint16_t sel;
		TRY(teeio_buf_get_u8(in, &type));
		TRY(teeio_buf_get_u8(in, &cnt));
		TRY(teeio_buf_get_u16le(in, &sel));
		/* Each type at most once, in ascending order (10.5), with
		 * two fixed bytes and no extended algorithms (we sent none). */
		ENSURE(type > last_type, TEEIO_ERR_PROTO);
		ENSURE(cnt == SPDM_ALG_COUNT_FIXED_2, TEEIO_ERR_PROTO);
		last_type = type;
		switch (type) {
		case SPDM_ALG_STRUCT_DHE:
			ENSURE(o->dhe, TEEIO_ERR_PROTO); /* a table we did not send */
			TRY(check_sel(sel, o->dhe, true));
			neg->dhe_bit = sel;
			break;
		case SPDM_ALG_STRUCT_AEAD:
			ENSURE(o->aead, TEEIO_ERR_PROTO);
			TRY(check_sel(sel, o->aead, true));
			neg->aead_bit = sel;
			break;
		case SPDM_ALG_STRUCT_REQ_ASYM:
			ENSURE(o->req_asym, TEEIO_ERR_PROTO);
			TRY(check_sel(sel, o->req_asym, true));
			neg->req_asym_bit = sel;
			break;
		case SPDM_ALG_STRUCT_KEY_SCHEDULE:
			ENSURE(o->key_schedule, TEEIO_ERR_PROTO);
			TRY(check_sel(sel, o->key_schedule, true));
			neg->key_schedule_bit = sel;
			break;
		default: return TEEIO_ERR_PROTO;
		}
	}
	return TEEIO_OK;
}

/* Which selections the capabilities make mandatory (10.5). */
static teeio_err check_required(const struct teeio_spdm_negotiated *neg)
{
	uint32_t rc = neg->rsp_caps;
	bool signs = rc & (TEEIO_SPDM_CAP_CHAL | TEEIO_SPDM_CAP_MEAS_SIG | TEEIO_SPDM_CAP_KEY_EX);
	bool session = (rc & TEEIO_SPDM_CAP_KEY_EX) && (neg->req_caps & TEEIO_SPDM_CAP_KEY_EX);

	if (signs) {
		ENSURE(neg->asym_bit && neg->hash_bit, TEEIO_ERR_PROTO_NEGOTIATION);
	}
	if (rc & TEEIO_SPDM_CAP_MEAS_MASK) {
		ENSURE(neg->meas_spec == SPDM_MEAS_SPEC_DMTF && neg->meas_hash_bit,
		       TEEIO_ERR_PROTO_NEGOTIATION);
	} else {
		ENSURE(neg->meas_spec == 0 && neg->meas_hash_bit == 0, TEEIO_ERR_PROTO_NEGOTIATION);
	}
	if (session) {
		ENSURE(neg->dhe_bit && neg->aead_bit && neg->key_schedule_bit,
		       TEEIO_ERR_PROTO_NEGOTIATION);
	}
	/* The responder may not ask for mutual authentication unless both
	 * sides support it; a ReqBaseAsym selection without it is bogus. */
	if (!((rc & TEEIO_SPDM_CAP_MUT_AUTH) && (neg->req_caps & TEEIO_SPDM_CAP_MUT_AUTH)))
		ENSURE(neg->req_asym_bit == 0, TEEIO_ERR_PROTO_NEGOTIATION);
	return TEEIO_OK;
}

static teeio_err negotiate_algorithms(struct teeio_spdm_req *r)
{
	struct teeio_spdm_negotiated *neg = &r->conn.neg;
	uint8_t v = neg->version;
	struct offer o;

	struct teeio_buf b = req_begin(r, SPDM_NEGOTIATE_ALGORITHMS, 0, 0);
	uint8_t *len_slot;
	size_t n;

	build_offer(r, &o);
	TRY(teeio_buf_reserve(&b, 2, &len_slot));
	TRY(teeio_buf_put_u8(&b, o.meas_spec));
	TRY(teeio_buf_put_u8(&b, o.other));
	TRY(teeio_buf_put_u32le(&b, o.asym));
	TRY(teeio_buf_put_u32le(&b, o.hash));
	TRY(teeio_buf_put_zero(&b, 12));
	TRY(teeio_buf_put_zero(&b, 4)); /* ExtAsymCount, ExtHashCount, Reserved, MEL */
	/* 1.1+: one AlgStructure per non-empty table (Param1 counts them). */
	if (v >= TEEIO_SPDM_V11) {
		const uint8_t types[N_ALG_STRUCTS] = {SPDM_ALG_STRUCT_DHE, SPDM_ALG_STRUCT_AEAD,
						      SPDM_ALG_STRUCT_REQ_ASYM,
						      SPDM_ALG_STRUCT_KEY_SCHEDULE};
		const uint32_t masks[N_ALG_STRUCTS] = {o.dhe, o.aead, o.req_asym, o.key_schedule};
		for (unsigned i = 0; i < N_ALG_STRUCTS; i++) {
			if (!masks[i])
				continue;
			TRY(put_alg_struct(&b, types[i], masks[i]));
			r->tx[2]++;
		}
	}
	teeio_store_u16le(len_slot, (uint16_t)b.pos);

	TRY(req_exchange(r, NULL, b.pos, SPDM_ALGORITHMS, &n));
	struct teeio_buf in = teeio_buf_reader(r->rx, n);
	uint8_t count, meas_spec, other;
	uint16_t length;
	uint32_t meas_hash, asym, hash;
	TRY(teeio_buf_skip(&in, 2));
	TRY(teeio_buf_get_u8(&in, &count));
	TRY(teeio_buf_expect_zero(&in, 1));
	TRY(teeio_buf_get_u16le(&in, &length));
	TRY(teeio_buf_get_u8(&in, &meas_spec));
	TRY(teeio_buf_get_u8(&in, &other));
	TRY(teeio_buf_get_u32le(&in, &meas_hash));
	TRY(teeio_buf_get_u32le(&in, &asym));
	TRY(teeio_buf_get_u32le(&in, &hash));
	/* Reserved(11), MELspecificationSel (not offered: 0),
	 * ExtAsymSelCount and ExtHashSelCount (none offered: 0), Reserved(2). */
	TRY(teeio_buf_expect_zero(&in, 11 + 1 + 1 + 1 + 2));
	ENSURE(v >= TEEIO_SPDM_V11 || count == 0, TEEIO_ERR_PROTO_RESERVED);

	struct teeio_spdm_negotiated sel = *neg;
	TRY(decode_alg_structs(&in, count, &o, &sel));
	/* Length is the whole message. */
	ENSURE(length == in.pos, TEEIO_ERR_PROTO);
	TRY(req_end(r, &in));

	TRY(check_sel(meas_spec, o.meas_spec, true));
	TRY(check_sel(other & SPDM_OPAQUE_FMT_MASK, o.other, true));
	ENSURE((other & ~SPDM_OPAQUE_FMT_MASK) == 0, TEEIO_ERR_PROTO_NEGOTIATION);
	TRY(check_sel(meas_hash, o.meas_hash, true));
	TRY(check_sel(asym, o.asym, true));
	TRY(check_sel(hash, o.hash, true));
	sel.meas_spec = meas_spec;
	sel.other_params = other;
	sel.meas_hash_bit = meas_hash;
	sel.asym_bit = asym;
	sel.hash_bit = hash;
	TRY(check_required(&sel));
	if (v >= TEEIO_SPDM_V12 && (sel.rsp_caps & TEEIO_SPDM_CAP_KEY_EX) &&
	    (sel.req_caps & TEEIO_SPDM_CAP_KEY_EX))
		ENSURE(sel.other_params == SPDM_OPAQUE_FMT_1, TEEIO_ERR_PROTO_NEGOTIATION);

	sel.asym = teeio_spdm_asym_from_bit(asym);
	sel.hash = teeio_spdm_hash_from_bit(hash);
	sel.meas_raw_only = meas_hash == SPDM_MEAS_HASH_RAW_ONLY;
	sel.meas_hash =
	    sel.meas_raw_only ? TEEIO_HASH_NONE : teeio_spdm_meas_hash_from_bit(meas_hash);
	sel.dhe = teeio_spdm_dhe_from_bit(sel.dhe_bit);
	sel.aead = teeio_spdm_aead_from_bit(sel.aead_bit);
	sel.req_asym = teeio_spdm_asym_from_bit(sel.req_asym_bit);
	/* Offered bits all map to algorithms; this only guards the table. */
	ENSURE((asym == 0) == (sel.asym == TEEIO_SIG_NONE) &&
		   (hash == 0) == (sel.hash == TEEIO_HASH_NONE),
	       TEEIO_ERR_PROTO_NEGOTIATION);

	TRY(vca_append(r, b.pos, in.pos));
	*neg = sel;
	if (neg->hash != TEEIO_HASH_NONE)
		TRY(teeio_spdm_conn_vca_seal(&r->conn));
	r->conn.state = TEEIO_SPDM_CONN_NEGOTIATED;
	return TEEIO_OK;
}

teeio_err teeio_spdm_req_vca(struct teeio_spdm_req *r)
{
	teeio_err rc;

	ENSURE(r && r->cfg, TEEIO_ERR_USAGE);
	TRY(req_ready(r, false));
	/* GET_VERSION restarts the connection (10.3). */
	teeio_spdm_req_reset(r);
	rc = get_version(r);
	if (rc == TEEIO_OK)
		rc = get_capabilities(r);
	if (rc == TEEIO_OK)
		rc = negotiate_algorithms(r);
	if (rc != TEEIO_OK)
		return req_fail(r, rc);
	REQ_LOG(r, TEEIO_LOG_INFO, "spdm-req: SPDM %u.%u, %s/%s, dhe %s, aead %s",
		r->conn.neg.version >> 4, r->conn.neg.version & 0xF,
		teeio_sig_name(r->conn.neg.asym), teeio_hash_name(r->conn.neg.hash),
		teeio_dhe_name(r->conn.neg.dhe), teeio_aead_name(r->conn.neg.aead));
	return TEEIO_OK;
}
