/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The guest flow: GET_REPORT -> verify -> validate MMIO -> ACCEPT -> use,
 * each step one function that checks the current state, works, and moves
 * on only on success (any failure leaves REJECTED, sticky).
 *
 * What the guest trusts: the TSM (attested platform firmware) and the
 * channel keyed with the TVM's secret, which the VMM relays but cannot
 * read or forge; the platform's CPU checks (validate_mmio fails unless the
 * secure table really maps a GPA to the HPA the device's report names).
 * What it does not trust: the VMM, and the TSM's word on anything it can
 * check itself -- the chain digest is recomputed, and the evidence itself
 * is judged against the guest's own policy, not the TSM's.
 */
#include <string.h>

#include "guest_internal.h"

static const char *const state_names[] = {"new", "reported", "verified", "validated",
					  "run", "stopped",  "rejected"};

const char *teeio_guest_tdi_state_name(enum teeio_guest_tdi_state s)
{
	return (unsigned)s < TEEIO_ARRAY_LEN(state_names) ? state_names[s] : "?";
}

teeio_err teeio_guest_tdi_init(struct teeio_guest_tdi *t, const struct teeio_guest_flow_config *cfg)
{
	ENSURE(t && cfg && cfg->ops && cfg->pol && cfg->chan && cfg->g.p, TEEIO_ERR_USAGE);
	memset(t, 0, sizeof(*t));
	t->cfg = *cfg;
	t->state = TEEIO_GUEST_TDI_NEW;
	return TEEIO_OK;
}

/* A step failed: REJECTED (sticky) and the error passed on. */
static teeio_err reject(struct teeio_guest_tdi *t, teeio_err rc, const char *step)
{
	teeio_log(t->cfg.log, TEEIO_LOG_WARN, "guest: %s failed: %s (TSM status %u)", step,
		  teeio_err_str(rc), t->last_status);
	t->state = TEEIO_GUEST_TDI_REJECTED;
	return rc;
}

/* One call over the channel; a refusal becomes PROTO_PEER_ERROR. */
static teeio_err call(struct teeio_guest_tdi *t, const struct teeio_tsm_greq *q,
		      struct teeio_tsm_grsp *r, uint8_t *body, size_t cap)
{
	TRY(teeio_tsm_gchan_call(t->cfg.chan, &t->cfg.g, q, r, body, cap));
	ENSURE(r->type == (q->type | TEEIO_TSM_GRSP_FLAG), TEEIO_ERR_PROTO);
	t->last_status = r->status;
	t->tsm_state = r->tdi_state;
	ENSURE(r->status == TEEIO_TSM_GSTATUS_OK,
	       r->status == TEEIO_TSM_GSTATUS_STATE ? TEEIO_ERR_STATE : TEEIO_ERR_PROTO_PEER_ERROR);
	return TEEIO_OK;
}

/* The mappings the TSM says it installed, in the guest's terms. */
static void take_maps(struct teeio_guest_tdi *t)
{
	size_t i;

	t->n_maps = t->rsp.n_mmio;
	for (i = 0; i < t->n_maps; i++) {
		const struct teeio_tsm_mmio_map *m = &t->rsp.mmio[i];
		struct teeio_guest_mmio_map *g = &t->maps[i];

		g->gpa = m->gpa;
		g->hpa = m->hpa;
		g->pages = m->pages;
		g->priv = true; /* the TSM only ever maps private MMIO */
		/* The role comes from the guest's own MSI-X capability view,
		 * never from the report it is checked against. */
		g->role = TEEIO_GUEST_RANGE_MMIO;
		if (t->cfg.msix_table_gpa && m->gpa == t->cfg.msix_table_gpa)
			g->role = TEEIO_GUEST_RANGE_MSIX_TABLE;
		else if (t->cfg.msix_pba_gpa && m->gpa == t->cfg.msix_pba_gpa)
			g->role = TEEIO_GUEST_RANGE_MSIX_PBA;
	}
}

teeio_err teeio_guest_tdi_get_report(struct teeio_guest_tdi *t)
{
	const struct teeio_crypto_ops *ops = t->cfg.ops;
	struct teeio_tsm_greq q = {.type = TEEIO_TSM_GREQ_GET_REPORT,
				   .function_id = t->cfg.function_id,
				   .u.get_report_flags = TEEIO_TSM_GR_CHAIN};
	uint8_t dig[TEEIO_HASH_MAX];
	enum teeio_hash_alg hash;
	teeio_err rc;

	ENSURE(t->state == TEEIO_GUEST_TDI_NEW, TEEIO_ERR_STATE);
	rc = call(t, &q, &t->rsp, t->body, sizeof(t->body));
	if (rc != TEEIO_OK)
		return reject(t, rc, "GET_REPORT");
	/* Bound and locked, not yet running: the only state to accept from. */
	if (t->rsp.tdi_state != TEEIO_TSM_TDI_BOUND)
		return reject(t, TEEIO_ERR_STATE, "GET_REPORT (TDI not bound/locked)");
	hash = (enum teeio_hash_alg)t->rsp.hash_alg;
	if (teeio_hash_size(hash) == 0 || t->rsp.digest_len != teeio_hash_size(hash) ||
	    !t->rsp.chain_len)
		return reject(t, TEEIO_ERR_PROTO, "GET_REPORT (hash or chain)");
	/* The TSM's chain digest must be this chain's. */
	rc = ops->hash(hash, t->rsp.chain, t->rsp.chain_len, dig);
	if (rc == TEEIO_OK && !teeio_ct_memeq(dig, t->rsp.chain_digest, t->rsp.digest_len))
		rc = TEEIO_ERR_PROTO;
	if (rc != TEEIO_OK)
		return reject(t, rc, "GET_REPORT (chain digest)");

	memset(&t->ev, 0, sizeof(t->ev));
	/* What the TSM's SPDM connection settled: the policy's floors are
	 * checked against it (a TSM that does not know reports version 0,
	 * the verdict then notes spdm.unreported). */
	t->ev.spdm.version = t->rsp.spdm_version;
	t->ev.spdm.asym = (enum teeio_sig_alg)t->rsp.asym_alg;
	t->ev.spdm.hash = hash;
	t->ev.spdm.meas_hash = (enum teeio_hash_alg)t->rsp.meas_hash_alg;
	t->ev.spdm.dhe = (enum teeio_dhe_alg)t->rsp.dhe_alg;
	t->ev.spdm.aead = (enum teeio_aead_alg)t->rsp.aead_alg;
	t->ev.cert_chain = t->rsp.chain;
	t->ev.cert_chain_len = t->rsp.chain_len;
	t->ev.meas = t->rsp.meas;
	t->ev.meas_len = t->rsp.meas_len;
	t->ev.report = t->rsp.report;
	t->ev.report_len = t->rsp.report_len;
	t->ev.mmio_offset = t->rsp.mmio_reporting_offset;
	t->ev.now = t->cfg.now;
	take_maps(t);
	t->state = TEEIO_GUEST_TDI_REPORTED;
	return TEEIO_OK;
}

teeio_err teeio_guest_tdi_verify(struct teeio_guest_tdi *t)
{
	teeio_err rc;

	ENSURE(t->state == TEEIO_GUEST_TDI_REPORTED, TEEIO_ERR_STATE);
	rc = teeio_guest_verify(t->cfg.ops, t->cfg.pol, &t->ev, t->maps, t->n_maps, &t->verdict);
	if (rc != TEEIO_OK)
		return reject(t, rc, "verify");
	t->state = TEEIO_GUEST_TDI_VERIFIED;
	return TEEIO_OK;
}

/* Validate every page of one private mapping with the CPU. */
static teeio_err validate_pages(struct teeio_guest_tdi *t, const struct teeio_guest_mmio_map *m)
{
	uint32_t i;

	for (i = 0; i < m->pages; i++) {
		uint64_t off = (uint64_t)i << TEEIO_PLAT_PAGE_SHIFT;
		uint64_t gpa = teeio_plat_gpa(t->cfg.g.p, m->gpa + off, false);
		enum teeio_plat_fault f =
		    teeio_plat_guest_validate_mmio(&t->cfg.g, gpa, m->hpa + off);

		if (f != TEEIO_PLAT_OK) {
			teeio_log(t->cfg.log, TEEIO_LOG_WARN,
				  "guest: MMIO page gpa 0x%llx does not validate: %s",
				  (unsigned long long)(m->gpa + off), teeio_plat_fault_str(f));
			return TEEIO_ERR_STATE;
		}
	}
	return TEEIO_OK;
}

teeio_err teeio_guest_tdi_validate_mmio(struct teeio_guest_tdi *t)
{
	struct teeio_tsm_grsp r;
	teeio_err rc = TEEIO_OK;
	size_t i;

	ENSURE(t->state == TEEIO_GUEST_TDI_VERIFIED, TEEIO_ERR_STATE);
	for (i = 0; i < t->n_maps && rc == TEEIO_OK; i++) {
		struct teeio_tsm_greq q = {.type = TEEIO_TSM_GREQ_VALIDATE_MMIO,
					   .function_id = t->cfg.function_id,
					   .u.validate = {t->maps[i].gpa, t->maps[i].pages}};

		if (!t->maps[i].priv)
			continue;
		rc = validate_pages(t, &t->maps[i]);
		if (rc == TEEIO_OK)
			rc = call(t, &q, &r, t->small, sizeof(t->small));
	}
	if (rc != TEEIO_OK)
		return reject(t, rc, "validate MMIO");
	t->state = TEEIO_GUEST_TDI_VALIDATED;
	return TEEIO_OK;
}

teeio_err teeio_guest_tdi_accept(struct teeio_guest_tdi *t)
{
	struct teeio_tsm_greq q = {.type = TEEIO_TSM_GREQ_ACCEPT,
				   .function_id = t->cfg.function_id};
	struct teeio_tsm_grsp r;
	teeio_err rc;

	ENSURE(t->state == TEEIO_GUEST_TDI_VALIDATED, TEEIO_ERR_STATE);
	rc = call(t, &q, &r, t->small, sizeof(t->small));
	if (rc == TEEIO_OK && r.tdi_state != TEEIO_TSM_TDI_RUN)
		rc = TEEIO_ERR_STATE;
	if (rc != TEEIO_OK)
		return reject(t, rc, "ACCEPT");
	t->state = TEEIO_GUEST_TDI_RUN;
	return TEEIO_OK;
}

teeio_err teeio_guest_tdi_attach(struct teeio_guest_tdi *t)
{
	TRY(teeio_guest_tdi_get_report(t));
	TRY(teeio_guest_tdi_verify(t));
	TRY(teeio_guest_tdi_validate_mmio(t));
	return teeio_guest_tdi_accept(t);
}

teeio_err teeio_guest_tdi_stop(struct teeio_guest_tdi *t)
{
	struct teeio_tsm_greq q = {.type = TEEIO_TSM_GREQ_STOP, .function_id = t->cfg.function_id};
	struct teeio_tsm_grsp r;
	teeio_err rc;

	ENSURE(t->state == TEEIO_GUEST_TDI_RUN, TEEIO_ERR_STATE);
	rc = call(t, &q, &r, t->small, sizeof(t->small));
	if (rc != TEEIO_OK)
		return reject(t, rc, "STOP");
	t->state = TEEIO_GUEST_TDI_STOPPED;
	return TEEIO_OK;
}

/* The private GPA of [off, off+len) in mapping `map`, within one page. */
static teeio_err mmio_gpa(const struct teeio_guest_tdi *t, size_t map, uint64_t off, size_t len,
			  uint64_t *gpa)
{
	const struct teeio_guest_mmio_map *m;

	ENSURE(t->state == TEEIO_GUEST_TDI_RUN, TEEIO_ERR_STATE);
	ENSURE(map < t->n_maps && t->maps[map].priv, TEEIO_ERR_USAGE);
	m = &t->maps[map];
	ENSURE(len && len <= TEEIO_PLAT_MMIO_MAX, TEEIO_ERR_USAGE);
	ENSURE(off < ((uint64_t)m->pages << TEEIO_PLAT_PAGE_SHIFT), TEEIO_ERR_USAGE);
	ENSURE((off & (TEEIO_PLAT_PAGE_SIZE - 1)) + len <= TEEIO_PLAT_PAGE_SIZE, TEEIO_ERR_USAGE);
	*gpa = teeio_plat_gpa(t->cfg.g.p, m->gpa + off, false);
	return TEEIO_OK;
}

teeio_err teeio_guest_tdi_mmio_read(struct teeio_guest_tdi *t, size_t map, uint64_t off, void *buf,
				    size_t len)
{
	uint64_t gpa;

	TRY(mmio_gpa(t, map, off, len, &gpa));
	ENSURE(teeio_plat_guest_read(&t->cfg.g, gpa, buf, len) == TEEIO_PLAT_OK, TEEIO_ERR_STATE);
	return TEEIO_OK;
}

teeio_err teeio_guest_tdi_mmio_write(struct teeio_guest_tdi *t, size_t map, uint64_t off,
				     const void *buf, size_t len)
{
	uint64_t gpa;

	TRY(mmio_gpa(t, map, off, len, &gpa));
	ENSURE(teeio_plat_guest_write(&t->cfg.g, gpa, buf, len) == TEEIO_PLAT_OK, TEEIO_ERR_STATE);
	return TEEIO_OK;
}
