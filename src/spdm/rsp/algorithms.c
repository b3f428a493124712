/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * NEGOTIATE_ALGORITHMS -> ALGORITHMS (DSP0274 1.3, 10.5).  For every field
 * exactly one algorithm is selected, always one the requester offered, in
 * the priority order of the configuration.  The response mirrors the
 * requester's AlgStructure tables (same types, same order), as libspdm
 * does.  Once the base hash is known, the VCA hash starts and the SPDM
 * chain header and digest of every slot are computed.
 */
#include <string.h>

#include "rsp.h"

#define MAX_STRUCTS 4

struct neg_req {
	uint8_t meas_spec, other_params;
	uint32_t asym, hash;
	uint8_t n_structs;
	uint8_t type[MAX_STRUCTS];
	uint16_t supported[MAX_STRUCTS];
	size_t len; /* request length without padding */
};

static teeio_err parse(const struct rsp_call *c, struct neg_req *r)
{
	struct teeio_buf b = rsp_body(c);
	uint16_t length;
	uint8_t n_ext_asym, n_ext_hash, mel;
	uint8_t v = c->version;
	unsigned ext_total;

	memset(r, 0, sizeof(*r));
	ENSURE(c->param2 == 0, TEEIO_ERR_PROTO_RESERVED);
	ENSURE(v >= TEEIO_SPDM_V11 || c->param1 == 0, TEEIO_ERR_PROTO_RESERVED);
	ENSURE(c->param1 <= MAX_STRUCTS, TEEIO_ERR_PROTO);
	TRY(teeio_buf_get_u16le(&b, &length));
	TRY(teeio_buf_get_u8(&b, &r->meas_spec));
	TRY(teeio_buf_get_u8(&b, &r->other_params));
	TRY(teeio_buf_get_u32le(&b, &r->asym));
	TRY(teeio_buf_get_u32le(&b, &r->hash));
	TRY(teeio_buf_expect_zero(&b, 12));
	TRY(teeio_buf_get_u8(&b, &n_ext_asym));
	TRY(teeio_buf_get_u8(&b, &n_ext_hash));
	TRY(teeio_buf_expect_zero(&b, 1));
	TRY(teeio_buf_get_u8(&b, &mel));
	/* Before 1.2 OtherParamsSupport is reserved, before 1.3 MELspecification. */
	if (v < TEEIO_SPDM_V12)
		ENSURE(r->other_params == 0, TEEIO_ERR_PROTO_RESERVED);
	if (v < TEEIO_SPDM_V13)
		ENSURE(mel == 0, TEEIO_ERR_PROTO_RESERVED);
	ext_total = (unsigned)n_ext_asym + n_ext_hash;
	TRY(teeio_buf_skip(&b, SPDM_EXT_ALG_SIZE * ext_total));
	for (unsigned i = 0; i < c->param1; i++) {
		uint8_t type, count;
		uint16_t sup;

		TRY(teeio_buf_get_u8(&b, &type));
		TRY(teeio_buf_get_u8(&b, &count));
		TRY(teeio_buf_get_u16le(&b, &sup));
		ENSURE(type >= SPDM_ALG_STRUCT_DHE && type <= SPDM_ALG_STRUCT_KEY_SCHEDULE,
		       TEEIO_ERR_PROTO);
		/* Types strictly ascending: no duplicates. */
		ENSURE(i == 0 || type > r->type[i - 1], TEEIO_ERR_PROTO);
		ENSURE((count >> SPDM_ALG_COUNT_FIXED_SHIFT) == 2, TEEIO_ERR_PROTO);
		ENSURE(sup != 0, TEEIO_ERR_PROTO);
		ext_total += count & SPDM_ALG_COUNT_EXT_MASK;
		TRY(teeio_buf_skip(&b,
				   SPDM_EXT_ALG_SIZE * (size_t)(count & SPDM_ALG_COUNT_EXT_MASK)));
		r->type[i] = type;
		r->supported[i] = sup;
	}
	r->n_structs = c->param1;
	ENSURE(ext_total <=
		   (v >= TEEIO_SPDM_V11 ? SPDM_NEG_ALGS_MAX_EXT_11 : SPDM_NEG_ALGS_MAX_EXT_10),
	       TEEIO_ERR_PROTO);
	ENSURE(length == b.pos, TEEIO_ERR_PROTO);
	ENSURE(length <=
		   (v >= TEEIO_SPDM_V11 ? SPDM_NEG_ALGS_MAX_LEN_11 : SPDM_NEG_ALGS_MAX_LEN_10),
	       TEEIO_ERR_PROTO);
	TRY(rsp_end(c, &b));
	r->len = b.pos;
	return TEEIO_OK;
}

/* Select one bit of an AlgStructure and record it. */
static uint16_t select_struct(const struct teeio_spdm_alg_prefs *p, uint8_t type, uint16_t sup,
			      struct teeio_spdm_negotiated *n)
{
	switch (type) {
	case SPDM_ALG_STRUCT_DHE:
		n->dhe = teeio_spdm_select_dhe(p->dhe, TEEIO_ARRAY_LEN(p->dhe), sup);
		n->dhe_bit = teeio_spdm_dhe_bit(n->dhe);
		return (uint16_t)n->dhe_bit;
	case SPDM_ALG_STRUCT_AEAD:
		n->aead = teeio_spdm_select_aead(p->aead, TEEIO_ARRAY_LEN(p->aead), sup);
		n->aead_bit = teeio_spdm_aead_bit(n->aead);
		return (uint16_t)n->aead_bit;
	case SPDM_ALG_STRUCT_REQ_ASYM:
		/* ReqBaseAsymSel names the requester's signing algorithm; it
		 * means something only when mutual authentication can happen,
		 * i.e. both sides set MUT_AUTH_CAP (DSP0274 ALGORITHMS,
		 * ReqBaseAsymAlg).  Otherwise select none, as libspdm does and
		 * the DMTF responder validator checks. */
		if (!(n->req_caps & TEEIO_SPDM_CAP_MUT_AUTH) ||
		    !(n->rsp_caps & TEEIO_SPDM_CAP_MUT_AUTH)) {
			n->req_asym = TEEIO_SIG_NONE;
			n->req_asym_bit = 0;
			return 0;
		}
		n->req_asym =
		    teeio_spdm_select_asym(p->req_asym, TEEIO_ARRAY_LEN(p->req_asym), sup);
		n->req_asym_bit = teeio_spdm_asym_bit(n->req_asym);
		return (uint16_t)n->req_asym_bit;
	default: /* KEY_SCHEDULE */
		n->key_schedule_bit = (p->key_schedule_spdm && (sup & SPDM_KEY_SCHEDULE_SPDM))
					  ? SPDM_KEY_SCHEDULE_SPDM
					  : 0;
		return (uint16_t)n->key_schedule_bit;
	}
}

/* Per-slot SPDM chain header and digest for the negotiated hash. */
static teeio_err prepare_slots(struct teeio_spdm_rsp *rsp)
{
	const struct teeio_crypto_ops *ops = rsp->cfg->ops;
	enum teeio_hash_alg h = rsp->conn.neg.hash;

	for (uint8_t i = 0; i < TEEIO_SPDM_MAX_SLOTS; i++) {
		const struct teeio_spdm_rsp_slot *s = &rsp->cfg->slots[i];

		rsp->chain_hdr_len[i] = 0;
		if (s->der == NULL || !(rsp->local_caps & TEEIO_SPDM_CAP_CERT))
			continue;
		TRY(teeio_spdm_chain_header(ops, h, s->der, s->der_len, rsp->chain_hdr[i],
					    &rsp->chain_hdr_len[i]));
		TRY(teeio_spdm_chain_digest(ops, h, rsp->chain_hdr[i], rsp->chain_hdr_len[i],
					    s->der, s->der_len, rsp->chain_digest[i]));
	}
	/* The provisioned requester chain ("Cm" of TH with mutual auth). */
	if (rsp->cfg->mut_auth) {
		uint8_t hdr[TEEIO_SPDM_CHAIN_HDR_MAX];
		size_t hdr_len;

		TRY(teeio_spdm_chain_header(ops, h, rsp->cfg->req_chain_der,
					    rsp->cfg->req_chain_len, hdr, &hdr_len));
		TRY(teeio_spdm_chain_digest(ops, h, hdr, hdr_len, rsp->cfg->req_chain_der,
					    rsp->cfg->req_chain_len, rsp->req_chain_digest));
	}
	return TEEIO_OK;
}

teeio_err rsp_algorithms(struct teeio_spdm_rsp *rsp, struct rsp_call *c)
{
	const struct teeio_spdm_alg_prefs *p = &rsp->cfg->algs;
	struct teeio_spdm_negotiated n;
	struct neg_req r;
	uint32_t caps = rsp->local_caps, peer = rsp->conn.neg.req_caps;
	uint16_t sel[MAX_STRUCTS];

	/* Check state and parameters. */
	if (c->sess || rsp->conn.state != TEEIO_SPDM_CONN_AFTER_CAPABILITIES)
		return rsp_fail(c, SPDM_ERR_UNEXPECTED_REQUEST, 0);
	if (c->version != rsp->conn.neg.version)
		return rsp_fail(c, SPDM_ERR_VERSION_MISMATCH, 0);
	TRY(parse(c, &r));

	/* Process: select on a local copy. */
	n = rsp->conn.neg;
	bool meas = caps & TEEIO_SPDM_CAP_MEAS_MASK;
	n.meas_spec = (meas && p->meas_spec_dmtf && (r.meas_spec & SPDM_MEAS_SPEC_DMTF))
			  ? SPDM_MEAS_SPEC_DMTF
			  : 0;
	n.meas_hash_bit = 0;
	n.meas_hash = TEEIO_HASH_NONE;
	n.meas_raw_only = false;
	if (r.meas_spec != 0 && meas) {
		if (p->meas_raw_only) {
			n.meas_raw_only = true;
			n.meas_hash_bit = SPDM_MEAS_HASH_RAW_ONLY;
		} else {
			n.meas_hash = p->meas_hash[0];
			n.meas_hash_bit = teeio_spdm_meas_hash_bit(n.meas_hash);
		}
	}
	/* Only algorithms some provisioned slot can actually sign with. */
	uint32_t keys = 0;
	for (size_t i = 0; i < TEEIO_SPDM_MAX_SLOTS; i++)
		if (rsp->cfg->slots[i].der && rsp->cfg->slots[i].key)
			keys |= teeio_spdm_asym_bit(rsp->cfg->slots[i].key->alg);
	n.asym = teeio_spdm_select_asym(p->asym, TEEIO_ARRAY_LEN(p->asym), r.asym & keys);
	n.asym_bit = teeio_spdm_asym_bit(n.asym);
	n.hash = teeio_spdm_select_hash(p->hash, TEEIO_ARRAY_LEN(p->hash), r.hash);
	n.hash_bit = teeio_spdm_hash_bit(n.hash);
	n.other_params = 0;
	if (c->version >= TEEIO_SPDM_V12) {
		if (r.other_params & SPDM_OPAQUE_FMT_1)
			n.other_params = SPDM_OPAQUE_FMT_1;
		else if (r.other_params & SPDM_OPAQUE_FMT_0)
			n.other_params = SPDM_OPAQUE_FMT_0;
	}
	n.dhe = TEEIO_DHE_NONE;
	n.aead = TEEIO_AEAD_NONE;
	n.req_asym = TEEIO_SIG_NONE;
	n.dhe_bit = n.aead_bit = n.req_asym_bit = n.key_schedule_bit = 0;
	for (unsigned i = 0; i < r.n_structs; i++)
		sel[i] = select_struct(p, r.type[i], r.supported[i], &n);

	/* Validate: a selection must exist wherever a capability needs it. */
	bool kx = (caps & TEEIO_SPDM_CAP_KEY_EX) && (peer & TEEIO_SPDM_CAP_KEY_EX);
	bool signs =
	    (caps & (TEEIO_SPDM_CAP_CERT | TEEIO_SPDM_CAP_CHAL | TEEIO_SPDM_CAP_MEAS_SIG)) || kx;
	if (meas && r.meas_spec != 0)
		ENSURE(n.meas_spec == SPDM_MEAS_SPEC_DMTF && n.meas_hash_bit != 0,
		       TEEIO_ERR_PROTO_NEGOTIATION);
	ENSURE(n.hash != TEEIO_HASH_NONE, TEEIO_ERR_PROTO_NEGOTIATION);
	if (signs)
		ENSURE(n.asym != TEEIO_SIG_NONE, TEEIO_ERR_PROTO_NEGOTIATION);
	/* EdDSA signing exists from 1.2 on only. */
	if (c->version < TEEIO_SPDM_V12)
		ENSURE(n.asym != TEEIO_SIG_ED25519 && n.asym != TEEIO_SIG_ED448,
		       TEEIO_ERR_PROTO_NEGOTIATION);

	/* Construct. */
	size_t start = c->out.pos;
	uint8_t *len_slot;
	TRY(rsp_put_header(c, SPDM_ALGORITHMS, r.n_structs, 0));
	TRY(teeio_buf_reserve(&c->out, 2, &len_slot));
	TRY(teeio_buf_put_u8(&c->out, n.meas_spec));
	TRY(teeio_buf_put_u8(&c->out, n.other_params));
	TRY(teeio_buf_put_u32le(&c->out, n.meas_hash_bit));
	TRY(teeio_buf_put_u32le(&c->out, n.asym_bit));
	TRY(teeio_buf_put_u32le(&c->out, n.hash_bit));
	TRY(teeio_buf_put_zero(&c->out, 11)); /* PQC (1.4) + reserved */
	TRY(teeio_buf_put_u8(&c->out, 0)); /* MELspecificationSel: no MEL */
	TRY(teeio_buf_put_u8(&c->out, 0)); /* ExtAsymSelCount */
	TRY(teeio_buf_put_u8(&c->out, 0)); /* ExtHashSelCount */
	TRY(teeio_buf_put_u16le(&c->out, 0));
	for (unsigned i = 0; i < r.n_structs; i++) {
		TRY(teeio_buf_put_u8(&c->out, r.type[i]));
		TRY(teeio_buf_put_u8(&c->out, SPDM_ALG_COUNT_FIXED_2));
		TRY(teeio_buf_put_u16le(&c->out, sel[i]));
	}
	teeio_store_u16le(len_slot, (uint16_t)(c->out.pos - start));

	/* Commit. */
	rsp->conn.neg = n;
	TRY(teeio_spdm_conn_vca_append(&rsp->conn, c->req, r.len));
	TRY(teeio_spdm_conn_vca_append(&rsp->conn, c->out.data + start, c->out.pos - start));
	TRY(teeio_spdm_conn_vca_seal(&rsp->conn));
	TRY(prepare_slots(rsp));
	rsp->conn.state = TEEIO_SPDM_CONN_NEGOTIATED;
	return TEEIO_OK;
}
