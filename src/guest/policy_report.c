/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * "interface_report": the shape of the TDISP interface report the guest
 * accepts, and "dma": what the device may do with DMA (INTERFACE_INFO).
 *
 *   "interface_report": {
 *     "min_ranges": 1, "max_ranges": 64, "max_range_pages": 0 (no limit),
 *     "msix_locked": false, "no_update_after_lock": false,
 *     "ranges": [{"kind": "mmio"|"msix_table"|"msix_pba", "id": N,
 *                 "pages": N, "non_tee": false}],
 *     "ranges_exact": false }
 *   "dma": { "without_pasid" | "with_pasid" | "ats" | "prs":
 *            "required" | "allowed" | "forbidden" }   (default allowed)
 */
#include <string.h>

#include "guest_internal.h"

static const char *const report_fields[] = {
    "min_ranges", "max_ranges",   "max_range_pages", "msix_locked", "no_update_after_lock",
    "ranges",     "ranges_exact", "comment",         NULL};
static const char *const range_fields[] = {"kind", "id", "pages", "non_tee", "comment", NULL};
static const char *const kind_names[] = {"mmio", "msix_table", "msix_pba", NULL};
static const char *const dma_fields[] = {"without_pasid", "with_pasid", "ats",
					 "prs",           "comment",    NULL};
static const char *const expect_names[] = {"allowed", "required", "forbidden", NULL};

static teeio_err one_range(const struct gp *c, const char *path, json_t *e,
			   struct teeio_guest_range_ref *r)
{
	const char *kind;
	uint64_t id, pages;
	int k;

	ENSURE(json_is_object(e), teeio_json_fail(&c->j, path, NULL, "not an object"));
	TRY(teeio_json_known(&c->j, path, e, range_fields));
	TRY(teeio_json_string(&c->j, path, e, "kind", false, &kind));
	k = kind ? teeio_json_lookup(kind_names, kind) : TEEIO_GUEST_RANGE_MMIO;
	ENSURE(k >= 0,
	       teeio_json_fail(&c->j, path, "kind", "not one of mmio, msix_table, msix_pba"));
	TRY(teeio_json_uint(&c->j, path, e, "id", true, 0, 0xFFFF, &id));
	TRY(teeio_json_uint(&c->j, path, e, "pages", true, 0, UINT32_MAX, &pages));
	ENSURE(pages > 0, teeio_json_fail(&c->j, path, "pages", "must be at least 1"));
	TRY(teeio_json_bool(&c->j, path, e, "non_tee", false, &r->non_tee));
	r->kind = (enum teeio_guest_range_kind)k;
	r->id = (uint16_t)id;
	r->pages = (uint32_t)pages;
	return TEEIO_OK;
}

static teeio_err ranges(const struct gp *c, json_t *rep, struct teeio_guest_policy *p)
{
	char path[TEEIO_JSON_PATH_MAX];
	json_t *arr, *e;
	size_t i, j;

	TRY(gp_list(c, "interface_report", rep, "ranges", TEEIO_GUEST_RANGE_REFS_MAX, " entries",
		    &arr));
	json_array_foreach(arr, i, e)
	{
		teeio_json_index(path, "interface_report", "ranges", i);
		TRY(one_range(c, path, e, &p->ranges[i]));
		for (j = 0; j < i; j++)
			ENSURE(p->ranges[j].kind != p->ranges[i].kind ||
				   p->ranges[j].id != p->ranges[i].id,
			       teeio_json_fail(&c->j, path, "id", "%s range %u listed twice",
					       kind_names[p->ranges[i].kind], p->ranges[i].id));
		p->n_ranges = i + 1;
	}
	return TEEIO_OK;
}

teeio_err gp_report(const struct gp *c, json_t *root, struct teeio_guest_policy *p)
{
	static const char *const sec = "interface_report";
	uint64_t lo, hi, pages;
	json_t *r;

	p->min_ranges = 1;
	p->max_ranges = TEEIO_TDISP_RANGES_MAX;
	TRY(teeio_json_object(&c->j, "", root, sec, false, &r));
	if (!r)
		return TEEIO_OK;
	TRY(teeio_json_known(&c->j, sec, r, report_fields));
	TRY(teeio_json_uint(&c->j, sec, r, "min_ranges", false, 1, TEEIO_TDISP_RANGES_MAX, &lo));
	TRY(teeio_json_uint(&c->j, sec, r, "max_ranges", false, TEEIO_TDISP_RANGES_MAX,
			    TEEIO_TDISP_RANGES_MAX, &hi));
	ENSURE(lo <= hi, teeio_json_fail(&c->j, sec, "min_ranges", "above max_ranges"));
	TRY(teeio_json_uint(&c->j, sec, r, "max_range_pages", false, 0, UINT32_MAX, &pages));
	p->min_ranges = (uint32_t)lo;
	p->max_ranges = (uint32_t)hi;
	p->max_range_pages = (uint32_t)pages;
	TRY(teeio_json_bool(&c->j, sec, r, "msix_locked", false, &p->msix_locked));
	TRY(teeio_json_bool(&c->j, sec, r, "no_update_after_lock", false, &p->no_fw_update));
	TRY(teeio_json_bool(&c->j, sec, r, "ranges_exact", false, &p->ranges_exact));
	TRY(ranges(c, r, p));
	ENSURE(!p->ranges_exact || p->n_ranges,
	       teeio_json_fail(&c->j, sec, "ranges_exact", "needs a list of ranges"));
	return TEEIO_OK;
}

static teeio_err expect(const struct gp *c, json_t *d, const char *key,
			enum teeio_guest_expect *out)
{
	const char *s;
	int k;

	TRY(teeio_json_string(&c->j, "dma", d, key, false, &s));
	k = s ? teeio_json_lookup(expect_names, s) : TEEIO_GUEST_ALLOWED;
	ENSURE(k >= 0,
	       teeio_json_fail(&c->j, "dma", key, "not one of required, allowed, forbidden"));
	*out = (enum teeio_guest_expect)k;
	return TEEIO_OK;
}

teeio_err gp_dma(const struct gp *c, json_t *root, struct teeio_guest_policy *p)
{
	json_t *d;

	TRY(teeio_json_object(&c->j, "", root, "dma", false, &d));
	if (!d)
		return TEEIO_OK;
	TRY(teeio_json_known(&c->j, "dma", d, dma_fields));
	TRY(expect(c, d, "without_pasid", &p->dma_without_pasid));
	TRY(expect(c, d, "with_pasid", &p->dma_with_pasid));
	TRY(expect(c, d, "ats", &p->ats));
	TRY(expect(c, d, "prs", &p->prs));
	return TEEIO_OK;
}
