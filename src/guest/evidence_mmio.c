/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The TDISP interface report against the policy (range count, sizes,
 * expected ranges, MSI-X locked, INTERFACE_INFO and DMA use), then every
 * MMIO range of the report against the GPA mapping the guest sees:
 *
 *  - a TEE range must be mapped private, exactly (same HPA, same size),
 *    so that validating each page (teeio_plat_guest_validate_mmio) proves
 *    the secure table points at the device's own registers;
 *  - a non-TEE range must never be mapped private: the host can reach it
 *    with T=0, so treating it as trusted memory would be a leak;
 *  - the MSI-X table and PBA ranges must sit where the guest's view of the
 *    MSI-X capability says they are (the mapping's role);
 *  - no private MMIO mapping may point outside the report.
 *
 * Report addresses carry the MMIO reporting offset the TSM chose at LOCK
 * (TDISP LOCK_INTERFACE_REQUEST); it is removed before comparing.
 */
#include <string.h>

#include "guest_internal.h"

#define PAGE_SHIFT TEEIO_TDISP_PAGE_SHIFT

static enum teeio_guest_range_kind kind_of(uint16_t attrs)
{
	if (attrs & TEEIO_TDISP_RANGE_MSIX_TABLE)
		return TEEIO_GUEST_RANGE_MSIX_TABLE;
	if (attrs & TEEIO_TDISP_RANGE_MSIX_PBA)
		return TEEIO_GUEST_RANGE_MSIX_PBA;
	return TEEIO_GUEST_RANGE_MMIO;
}

/* A non-empty range whose pages name 64-bit addresses at or above the
 * reporting offset (page numbers at or above 2^52 do not). */
static bool addr_ok(const struct teeio_tdisp_mmio_range *r, uint64_t offset)
{
	uint64_t first = r->first_page;

	return r->num_pages != 0 && !(first >> (64 - PAGE_SHIFT)) &&
	       !((first + r->num_pages) >> (64 - PAGE_SHIFT)) && (first << PAGE_SHIFT) >= offset;
}

/* Do [a, a+alen) and [b, b+blen) intersect?  Written without a + len, so
 * that hostile values cannot wrap. */
static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a >= b ? a - b < blen : b - a < alen;
}

static const char *kind_name(enum teeio_guest_range_kind k)
{
	return k == TEEIO_GUEST_RANGE_MSIX_TABLE ? "msix_table"
	       : k == TEEIO_GUEST_RANGE_MSIX_PBA ? "msix_pba"
						 : "mmio";
}

static void range_fail(struct teeio_guest_verdict *v, size_t i, enum teeio_guest_area area,
		       enum teeio_guest_reason r, const char *what)
{
	if (v->ranges[i].status == TEEIO_GUEST_OK)
		v->ranges[i].status = r;
	gv_add(v, area, r, (uint32_t)i, "range %zu (id %u): %s", i, v->ranges[i].range.range_id,
	       what);
}

/* Decode every range and check each alone and against the others. */
static void shape(const struct teeio_guest_policy *pol, const struct teeio_guest_evidence *ev,
		  const struct teeio_tdisp_report_view *rv, struct teeio_guest_verdict *v)
{
	size_t i, j, tables = 0, pbas = 0;

	for (i = 0; i < rv->n_ranges; i++) {
		struct teeio_guest_range_verdict *r = &v->ranges[i];

		teeio_tdisp_report_range(rv, (uint32_t)i, &r->range);
		r->map = -1;
		v->n_ranges = i + 1;
		if (!addr_ok(&r->range, ev->mmio_offset)) {
			range_fail(v, i, TEEIO_GUEST_AREA_REPORT, TEEIO_GUEST_REPORT_OVERLAP,
				   "empty, wraps, or lies below the reporting offset");
			continue;
		}
		r->hpa = (r->range.first_page << PAGE_SHIFT) - ev->mmio_offset;
		if (pol->max_range_pages && r->range.num_pages > pol->max_range_pages)
			range_fail(v, i, TEEIO_GUEST_AREA_REPORT, TEEIO_GUEST_REPORT_SIZE,
				   "more pages than the policy allows");
		if ((r->range.attrs & TEEIO_TDISP_RANGE_MSIX_TABLE) &&
		    (r->range.attrs & TEEIO_TDISP_RANGE_MSIX_PBA))
			range_fail(v, i, TEEIO_GUEST_AREA_REPORT, TEEIO_GUEST_REPORT_MSIX,
				   "both MSI-X table and PBA");
		tables += kind_of(r->range.attrs) == TEEIO_GUEST_RANGE_MSIX_TABLE;
		pbas += kind_of(r->range.attrs) == TEEIO_GUEST_RANGE_MSIX_PBA;
		if (pol->msix_locked && kind_of(r->range.attrs) != TEEIO_GUEST_RANGE_MMIO &&
		    (r->range.attrs & TEEIO_TDISP_RANGE_NON_TEE))
			range_fail(v, i, TEEIO_GUEST_AREA_REPORT, TEEIO_GUEST_REPORT_MSIX,
				   "MSI-X structure left to the host (not locked)");
		for (j = 0; j < i; j++) {
			const struct teeio_guest_range_verdict *o = &v->ranges[j];

			if (addr_ok(&o->range, ev->mmio_offset) &&
			    overlaps(r->range.first_page, r->range.num_pages, o->range.first_page,
				     o->range.num_pages))
				range_fail(v, i, TEEIO_GUEST_AREA_REPORT,
					   TEEIO_GUEST_REPORT_OVERLAP, "overlaps an earlier range");
		}
	}
	if (tables > 1 || pbas > 1 || (pol->msix_locked && (tables != 1 || pbas != 1)))
		gv_add(v, TEEIO_GUEST_AREA_REPORT, TEEIO_GUEST_REPORT_MSIX, 0,
		       "%zu MSI-X table and %zu PBA ranges reported", tables, pbas);
}

/* The policy's expected ranges, by kind and Range ID. */
static void expected(const struct teeio_guest_policy *pol, struct teeio_guest_verdict *v)
{
	size_t i, k;

	for (k = 0; k < pol->n_ranges; k++) {
		const struct teeio_guest_range_ref *e = &pol->ranges[k];

		for (i = 0; i < v->n_ranges; i++)
			if (kind_of(v->ranges[i].range.attrs) == e->kind &&
			    v->ranges[i].range.range_id == e->id)
				break;
		if (i == v->n_ranges) {
			gv_add(v, TEEIO_GUEST_AREA_REPORT, TEEIO_GUEST_REPORT_RANGE, e->id,
			       "expected %s range id %u not reported", kind_name(e->kind), e->id);
			continue;
		}
		if (v->ranges[i].range.num_pages != e->pages)
			range_fail(v, i, TEEIO_GUEST_AREA_REPORT, TEEIO_GUEST_REPORT_SIZE,
				   "size differs from the policy");
		if (!!(v->ranges[i].range.attrs & TEEIO_TDISP_RANGE_NON_TEE) != e->non_tee)
			range_fail(v, i, TEEIO_GUEST_AREA_REPORT, TEEIO_GUEST_REPORT_RANGE,
				   "TEE / non-TEE differs from the policy");
	}
	if (!pol->ranges_exact)
		return;
	for (i = 0; i < v->n_ranges; i++) {
		const struct teeio_tdisp_mmio_range *r = &v->ranges[i].range;

		if (kind_of(r->attrs) != TEEIO_GUEST_RANGE_MMIO)
			continue; /* governed by msix_locked */
		for (k = 0; k < pol->n_ranges; k++)
			if (pol->ranges[k].kind == TEEIO_GUEST_RANGE_MMIO &&
			    pol->ranges[k].id == r->range_id)
				break;
		if (k == pol->n_ranges)
			range_fail(v, i, TEEIO_GUEST_AREA_REPORT, TEEIO_GUEST_REPORT_RANGE,
				   "not in the policy's list");
	}
}

/* INTERFACE_INFO bits against the policy. */
static void info(const struct teeio_guest_policy *pol, uint16_t ii, struct teeio_guest_verdict *v)
{
	static const struct {
		uint16_t bit;
		const char *name;
	} bits[] = {
	    {TEEIO_TDISP_INFO_DMA_WITHOUT_PASID, "dma without PASID"},
	    {TEEIO_TDISP_INFO_DMA_WITH_PASID, "dma with PASID"},
	    {TEEIO_TDISP_INFO_ATS, "ATS"},
	    {TEEIO_TDISP_INFO_PRS, "PRS"},
	};
	const enum teeio_guest_expect want[] = {pol->dma_without_pasid, pol->dma_with_pasid,
						pol->ats, pol->prs};
	size_t i;

	v->interface_info = ii;
	if (pol->no_fw_update && !(ii & TEEIO_TDISP_INFO_NO_FW_UPDATE))
		gv_add(v, TEEIO_GUEST_AREA_REPORT, TEEIO_GUEST_REPORT_INFO, ii,
		       "firmware may be updated while locked");
	for (i = 0; i < TEEIO_ARRAY_LEN(bits); i++) {
		bool set = (ii & bits[i].bit) != 0;

		if ((want[i] == TEEIO_GUEST_REQUIRED && !set) ||
		    (want[i] == TEEIO_GUEST_FORBIDDEN && set))
			gv_add(v, TEEIO_GUEST_AREA_DMA, TEEIO_GUEST_DMA, bits[i].bit, "%s %s",
			       bits[i].name,
			       set ? "reported but forbidden" : "required but absent");
	}
}

/* Every range against the guest's mapping. */
static void mmio(const struct teeio_guest_evidence *ev, const struct teeio_guest_mmio_map *maps,
		 size_t n_maps, struct teeio_guest_verdict *v)
{
	size_t i, m;

	for (i = 0; i < v->n_ranges; i++) {
		struct teeio_guest_range_verdict *r = &v->ranges[i];
		uint64_t size = (uint64_t)r->range.num_pages << PAGE_SHIFT;
		bool non_tee = r->range.attrs & TEEIO_TDISP_RANGE_NON_TEE;

		if (!addr_ok(&r->range, ev->mmio_offset))
			continue; /* no address to compare */
		for (m = 0; m < n_maps; m++)
			if (overlaps(maps[m].hpa, (uint64_t)maps[m].pages << PAGE_SHIFT, r->hpa,
				     size))
				break;
		if (m == n_maps) {
			/* The host keeps non-TEE ranges: not mapping them is fine. */
			if (!non_tee)
				range_fail(v, i, TEEIO_GUEST_AREA_MMIO, TEEIO_GUEST_MMIO_UNMAPPED,
					   "TEE range not mapped");
			continue;
		}
		r->map = (int)m;
		if (maps[m].hpa != r->hpa || maps[m].pages != r->range.num_pages)
			range_fail(v, i, TEEIO_GUEST_AREA_MMIO, TEEIO_GUEST_MMIO_MISMATCH,
				   "mapping differs in address or size");
		else if (non_tee && maps[m].priv)
			range_fail(v, i, TEEIO_GUEST_AREA_MMIO, TEEIO_GUEST_MMIO_NON_TEE_PRIVATE,
				   "non-TEE range mapped as private");
		else if (!non_tee && !maps[m].priv)
			range_fail(v, i, TEEIO_GUEST_AREA_MMIO, TEEIO_GUEST_MMIO_TEE_SHARED,
				   "TEE range mapped shared");
		if (maps[m].role != kind_of(r->range.attrs))
			range_fail(v, i, TEEIO_GUEST_AREA_MMIO, TEEIO_GUEST_MMIO_ROLE,
				   "MSI-X placement differs from the guest's MSI-X capability");
	}
	for (m = 0; m < n_maps; m++) {
		for (i = 0; i < v->n_ranges && v->ranges[i].map != (int)m; i++)
			;
		if (i < v->n_ranges)
			continue;
		if (maps[m].priv)
			gv_add(v, TEEIO_GUEST_AREA_MMIO, TEEIO_GUEST_MMIO_EXTRA, (uint32_t)m,
			       "private mapping %zu (gpa 0x%llx) is not in the report", m,
			       (unsigned long long)maps[m].gpa);
		else if (maps[m].role != TEEIO_GUEST_RANGE_MMIO)
			gv_add(v, TEEIO_GUEST_AREA_MMIO, TEEIO_GUEST_MMIO_ROLE, (uint32_t)m,
			       "the guest's %s is not in the report", kind_name(maps[m].role));
	}
}

void gv_report(const struct teeio_guest_policy *pol, const struct teeio_guest_evidence *ev,
	       const struct teeio_guest_mmio_map *maps, size_t n_maps,
	       struct teeio_guest_verdict *v)
{
	struct teeio_tdisp_report_view rv;
	teeio_err rc;

	rc = ev->report ? teeio_tdisp_report_parse(ev->report, ev->report_len, &rv)
			: TEEIO_ERR_SIZE_TRUNCATED;
	if (rc == TEEIO_OK && rv.n_ranges > TEEIO_TDISP_RANGES_MAX)
		rc = TEEIO_ERR_SIZE_LIMIT;
	if (rc != TEEIO_OK) {
		gv_add(v, TEEIO_GUEST_AREA_REPORT, TEEIO_GUEST_REPORT_MALFORMED, 0,
		       "interface report: %s", teeio_err_str(rc));
		return;
	}
	if (rv.n_ranges < pol->min_ranges || rv.n_ranges > pol->max_ranges)
		gv_add(v, TEEIO_GUEST_AREA_REPORT, TEEIO_GUEST_REPORT_COUNT, rv.n_ranges,
		       "%u ranges, the policy allows %u..%u", rv.n_ranges, pol->min_ranges,
		       pol->max_ranges);
	shape(pol, ev, &rv, v);
	expected(pol, v);
	info(pol, rv.interface_info, v);
	mmio(ev, maps, n_maps, v);
}
