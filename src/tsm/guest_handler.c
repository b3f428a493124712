/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The TSM's end of the guest channel: open a TVM's request, run it on the
 * TDI it names (only a TDI bound to that same TVM), seal the answer.
 * Phases: open (nothing answered if it does not open: the sender cannot
 * be told apart from a forger) -> decode -> look up -> act -> encode ->
 * seal.  Every failure after opening is answered with a status.
 */
#include <string.h>

#include "tsm_internal.h"

static uint16_t status_of(teeio_err e)
{
	switch (e) {
	case TEEIO_OK: return TEEIO_TSM_GSTATUS_OK;
	case TEEIO_ERR_STATE: return TEEIO_TSM_GSTATUS_STATE;
	case TEEIO_ERR_USAGE_NOT_FOUND: return TEEIO_TSM_GSTATUS_MISMATCH;
	case TEEIO_ERR_SIZE:
	case TEEIO_ERR_SIZE_LIMIT: return TEEIO_TSM_GSTATUS_TOO_LARGE;
	default: return TEEIO_TSM_GSTATUS_DEVICE;
	}
}

/* GET_REPORT: the evidence the TSM holds for the TDI and its device. */
static teeio_err get_report(struct teeio_tsm *t, const struct teeio_tsm_tdi *x, uint8_t flags,
			    struct teeio_buf *out)
{
	const struct teeio_tsm_dev *d = &t->dev[x->dev];
	struct teeio_tsm_grsp s;

	memset(&s, 0, sizeof(s));
	s.type = TEEIO_TSM_GREQ_GET_REPORT | TEEIO_TSM_GRSP_FLAG;
	s.status = TEEIO_TSM_GSTATUS_OK;
	s.tdi_state = (uint8_t)x->state;
	s.hash_alg = (uint8_t)d->ev.hash;
	s.meas_hash_alg = (uint8_t)d->ev.meas_hash;
	s.spdm_version = d->ev.spdm_version;
	s.asym_alg = (uint8_t)d->ev.asym;
	s.dhe_alg = (uint8_t)d->ev.dhe;
	s.aead_alg = (uint8_t)d->ev.aead;
	s.digest_len = (uint8_t)teeio_hash_size(d->ev.hash);
	s.chain_digest = d->ev.chain_digest;
	s.mmio_reporting_offset = x->params.mmio_reporting_offset;
	s.n_mmio = x->n_mmio;
	memcpy(s.mmio, x->mmio, sizeof(s.mmio));
	s.report = x->report;
	s.report_len = (uint32_t)x->report_len;
	s.meas = d->ev.meas;
	s.meas_len = (uint32_t)d->ev.meas_len;
	if (flags & TEEIO_TSM_GR_CHAIN) {
		s.chain = d->ev.chain;
		s.chain_len = (uint32_t)d->ev.chain_len;
	}
	return teeio_tsm_grsp_encode(&s, out);
}

/* Act on an opened, decoded request; the response body goes to out. */
static teeio_err act(struct teeio_tsm *t, unsigned tvm, const struct teeio_tsm_greq *q,
		     struct teeio_buf *out)
{
	struct teeio_tsm_grsp s;
	struct teeio_tsm_tdi *x = NULL;
	int i = teeio_tsm_tdi_find(t, tvm, q->function_id);
	teeio_err e = TEEIO_OK;

	memset(&s, 0, sizeof(s));
	s.type = (uint8_t)(q->type | TEEIO_TSM_GRSP_FLAG);
	if (i < 0) {
		s.status = TEEIO_TSM_GSTATUS_NO_TDI;
		return teeio_tsm_grsp_encode(&s, out);
	}
	x = &t->tdi[i];
	switch (q->type) {
	case TEEIO_TSM_GREQ_GET_REPORT:
		if (!tsm_tdi_table[x->state][TSM_TDI_GET_REPORT].ok) {
			e = TEEIO_ERR_STATE;
			break;
		}
		e = get_report(t, x, q->u.get_report_flags, out);
		if (e == TEEIO_OK)
			return TEEIO_OK;
		break;
	case TEEIO_TSM_GREQ_VALIDATE_MMIO:
		e = teeio_tsm_guest_validate_mmio(t, tvm, (unsigned)i, q->u.validate.gpa,
						  q->u.validate.pages);
		break;
	case TEEIO_TSM_GREQ_ACCEPT: e = tsm_tdi_verb(t, x, TSM_TDI_ACCEPT); break;
	case TEEIO_TSM_GREQ_STOP: e = tsm_tdi_verb(t, x, TSM_TDI_STOP); break;
	default: {
		const struct teeio_tsm_backend *b = tsm_backend_of(t, &t->dev[x->dev]);
		struct teeio_buf v = *out;
		if (!b->ops->guest_request) {
			s.status = TEEIO_TSM_GSTATUS_INVALID_REQUEST;
			break;
		}
		if (!tsm_tdi_table[x->state][TSM_TDI_VENDOR].ok) {
			e = TEEIO_ERR_STATE;
			break;
		}
		/* Short OK header, then the backend's body. */
		s.tdi_state = (uint8_t)x->state;
		TRY(teeio_tsm_grsp_encode(&s, &v));
		e = b->ops->guest_request(b->be, x, q->type, q->u.vendor.data, q->u.vendor.len, &v);
		if (e == TEEIO_OK) {
			*out = v;
			return TEEIO_OK;
		}
		break;
	}
	}
	if (s.status == TEEIO_TSM_GSTATUS_OK)
		s.status = status_of(e);
	s.tdi_state = (uint8_t)x->state;
	return teeio_tsm_grsp_encode(&s, out);
}

teeio_err teeio_tsm_guest_handler(void *ctx, unsigned tvm, const uint8_t *req, size_t len,
				  struct teeio_buf *rsp)
{
	struct teeio_tsm *t = ctx;
	struct teeio_tsm_gchan *c;
	struct teeio_tsm_ghdr h, rh;
	struct teeio_tsm_greq q;
	struct teeio_buf out;
	size_t body_len = 0, sealed = 0;
	teeio_err rc;

	ENSURE(t && req && rsp, TEEIO_ERR_USAGE);
	ENSURE(tvm >= 1 && tvm <= TEEIO_TSM_MAX_TVMS && t->tvm[tvm].used,
	       TEEIO_ERR_USAGE_NOT_FOUND);
	c = &t->tvm[tvm].chan;
	TRY_OUT(teeio_tsm_gchan_open(c, req, len, &h, t->gbuf, sizeof(t->gbuf), &body_len));

	out = teeio_buf_writer(t->gout, sizeof(t->gout));
	rc = teeio_tsm_greq_decode(h.type, t->gbuf, body_len, &q);
	if (rc == TEEIO_OK) {
		q.function_id = h.function_id;
		TRY_OUT(act(t, tvm, &q, &out));
	} else {
		struct teeio_tsm_grsp s;
		memset(&s, 0, sizeof(s));
		s.type = (uint8_t)(h.type | TEEIO_TSM_GRSP_FLAG);
		s.status = TEEIO_TSM_GSTATUS_INVALID_REQUEST;
		TRY_OUT(teeio_tsm_grsp_encode(&s, &out));
	}
	rh.version = TEEIO_TSM_GMSG_VERSION;
	rh.type = (uint8_t)(h.type | TEEIO_TSM_GRSP_FLAG);
	rh.function_id = h.function_id;
	rh.seq = h.seq;
	rh.payload_len = 0;
	TRY_OUT(teeio_tsm_gchan_seal(c, &rh, t->gout, out.pos, teeio_buf_cur(rsp),
				     teeio_buf_left(rsp), &sealed));
	rsp->pos += sealed;
out:
	teeio_wipe(t->gbuf, sizeof(t->gbuf));
	teeio_wipe(t->gout, sizeof(t->gout));
	return rc;
}
