/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Evidence verification: run every check (none stops at the first
 * failure, so the verdict shows everything that is wrong), then map the
 * first rejection onto an error code.  The checks themselves live in
 * evidence_chain.c (certificates, SPDM floors), evidence_meas.c
 * (measurements) and evidence_mmio.c (interface report, MMIO, DMA).
 */
#include <stdarg.h>
#include <string.h>

#include "guest_internal.h"

static const char *const reason_names[TEEIO_GUEST_REASON_COUNT] = {
    [TEEIO_GUEST_OK] = "ok",
    [TEEIO_GUEST_NO_ROOTS] = "chain.no_roots",
    [TEEIO_GUEST_CHAIN_MALFORMED] = "chain.malformed",
    [TEEIO_GUEST_CHAIN_UNTRUSTED] = "chain.untrusted",
    [TEEIO_GUEST_SPDM_VERSION] = "spdm.version",
    [TEEIO_GUEST_SPDM_ALG] = "spdm.algorithm",
    [TEEIO_GUEST_SPDM_UNREPORTED] = "spdm.unreported",
    [TEEIO_GUEST_MEAS_MALFORMED] = "meas.malformed",
    [TEEIO_GUEST_MEAS_DUPLICATE] = "meas.duplicate",
    [TEEIO_GUEST_MEAS_MISSING] = "meas.missing",
    [TEEIO_GUEST_MEAS_MISMATCH] = "meas.mismatch",
    [TEEIO_GUEST_MEAS_FORM] = "meas.form",
    [TEEIO_GUEST_MEAS_TYPE] = "meas.type",
    [TEEIO_GUEST_MEAS_UNLISTED] = "meas.unlisted",
    [TEEIO_GUEST_MEAS_ABSENT] = "meas.absent",
    [TEEIO_GUEST_REPORT_MALFORMED] = "report.malformed",
    [TEEIO_GUEST_REPORT_COUNT] = "report.count",
    [TEEIO_GUEST_REPORT_SIZE] = "report.size",
    [TEEIO_GUEST_REPORT_RANGE] = "report.range",
    [TEEIO_GUEST_REPORT_OVERLAP] = "report.overlap",
    [TEEIO_GUEST_REPORT_MSIX] = "report.msix",
    [TEEIO_GUEST_REPORT_INFO] = "report.info",
    [TEEIO_GUEST_MMIO_UNMAPPED] = "mmio.unmapped",
    [TEEIO_GUEST_MMIO_MISMATCH] = "mmio.mismatch",
    [TEEIO_GUEST_MMIO_NON_TEE_PRIVATE] = "mmio.non_tee_private",
    [TEEIO_GUEST_MMIO_TEE_SHARED] = "mmio.tee_shared",
    [TEEIO_GUEST_MMIO_EXTRA] = "mmio.extra",
    [TEEIO_GUEST_MMIO_ROLE] = "mmio.role",
    [TEEIO_GUEST_DMA] = "dma",
};

static const char *const area_names[] = {"policy", "chain", "spdm", "meas",
					 "report", "mmio",  "dma"};

const char *teeio_guest_reason_str(enum teeio_guest_reason r)
{
	if ((unsigned)r >= TEEIO_GUEST_REASON_COUNT)
		return "?";
	return reason_names[r];
}

bool gv_is_note(enum teeio_guest_reason r)
{
	return r == TEEIO_GUEST_MEAS_ABSENT || r == TEEIO_GUEST_SPDM_UNREPORTED;
}

void gv_add(struct teeio_guest_verdict *v, enum teeio_guest_area area,
	    enum teeio_guest_reason reason, uint32_t index, const char *fmt, ...)
{
	struct teeio_guest_finding *f;
	va_list ap;

	if (!gv_is_note(reason))
		v->n_rejections++;
	if (v->n_findings >= TEEIO_GUEST_FINDINGS_MAX)
		return;
	f = &v->findings[v->n_findings++];
	f->area = area;
	f->reason = reason;
	f->index = index;
	va_start(ap, fmt);
	vsnprintf(f->detail, sizeof(f->detail), fmt, ap);
	va_end(ap);
}

/* The error a rejection stands for (see teeio_guest_verify). */
static teeio_err reason_err(enum teeio_guest_reason r)
{
	switch (r) {
	case TEEIO_GUEST_NO_ROOTS:
	case TEEIO_GUEST_CHAIN_UNTRUSTED: return TEEIO_ERR_CRYPTO_CERT;
	case TEEIO_GUEST_CHAIN_MALFORMED:
	case TEEIO_GUEST_MEAS_MALFORMED:
	case TEEIO_GUEST_MEAS_DUPLICATE:
	case TEEIO_GUEST_REPORT_MALFORMED: return TEEIO_ERR_PROTO;
	case TEEIO_GUEST_MEAS_MISSING:
	case TEEIO_GUEST_MEAS_MISMATCH:
	case TEEIO_GUEST_MEAS_FORM:
	case TEEIO_GUEST_MEAS_TYPE:
	case TEEIO_GUEST_MEAS_UNLISTED: return TEEIO_ERR_CRYPTO_VERIFY;
	default: return TEEIO_ERR_USAGE_CONFIG;
	}
}

teeio_err teeio_guest_verify(const struct teeio_crypto_ops *ops,
			     const struct teeio_guest_policy *pol,
			     const struct teeio_guest_evidence *ev,
			     const struct teeio_guest_mmio_map *maps, size_t n_maps,
			     struct teeio_guest_verdict *v)
{
	size_t i;

	ENSURE(ops && pol && ev && v && (maps || !n_maps), TEEIO_ERR_USAGE);
	memset(v, 0, sizeof(*v));
	gv_chain(ops, pol, ev, v);
	gv_spdm(pol, ev, v);
	gv_meas(ops, pol, ev, v);
	gv_report(pol, ev, maps, n_maps, v);
	v->accept = v->n_rejections == 0;
	if (v->accept)
		return TEEIO_OK;
	for (i = 0; i < v->n_findings; i++)
		if (!gv_is_note(v->findings[i].reason))
			return reason_err(v->findings[i].reason);
	return TEEIO_ERR_INTERNAL; /* a rejection was counted but not kept */
}

const struct teeio_guest_meas_verdict *teeio_guest_verdict_meas(const struct teeio_guest_verdict *v,
								uint8_t index)
{
	size_t i;

	for (i = 0; i < v->n_meas; i++)
		if (v->meas[i].index == index)
			return &v->meas[i];
	return NULL;
}

bool teeio_guest_verdict_has(const struct teeio_guest_verdict *v, enum teeio_guest_reason reason)
{
	size_t i;

	for (i = 0; i < v->n_findings; i++)
		if (v->findings[i].reason == reason)
			return true;
	return false;
}

void teeio_guest_verdict_print(FILE *f, const struct teeio_guest_verdict *v)
{
	size_t i;

	fprintf(f, "verdict: %s (%zu rejection%s)\n", v->accept ? "ACCEPT" : "REJECT",
		v->n_rejections, v->n_rejections == 1 ? "" : "s");
	if (v->leaf_valid)
		fprintf(f, "  chain: trusted, leaf \"%s\" (%s)\n", v->leaf.subject,
			teeio_sig_name(v->leaf.key_alg));
	for (i = 0; i < v->n_meas; i++)
		fprintf(f, "  measurement %3u: %s\n", v->meas[i].index,
			teeio_guest_reason_str(v->meas[i].status));
	for (i = 0; i < v->n_ranges; i++) {
		const struct teeio_guest_range_verdict *r = &v->ranges[i];

		fprintf(f, "  range %zu (id %u, attrs 0x%x): hpa 0x%llx + %u pages -> %s%s\n", i,
			r->range.range_id, r->range.attrs, (unsigned long long)r->hpa,
			r->range.num_pages, teeio_guest_reason_str(r->status),
			r->map >= 0 ? "" : " (no mapping)");
	}
	for (i = 0; i < v->n_findings; i++) {
		const struct teeio_guest_finding *fi = &v->findings[i];

		fprintf(f, "  %s %s [%u]: %s\n", area_names[fi->area],
			teeio_guest_reason_str(fi->reason), fi->index, fi->detail);
	}
	if (v->n_rejections > v->n_findings)
		fprintf(f, "  ... %zu more not kept\n", v->n_rejections - v->n_findings);
}
