/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One entry of a profile's "functions": BARs, MSI-X, interface-report
 * ranges, interface info and device-specific information, with the layout
 * checks a real device would need (power-of-two BARs, page-granular
 * ranges that fit their BAR and do not overlap the MSI-X table or PBA).
 */
#include <string.h>

#include "profile_internal.h"

/* Parses one array element at path p into f (its index is i). */
typedef teeio_err (*elem_fn)(const struct teeio_json *c, const char *p, json_t *e, size_t i,
			     struct teeio_dsm_fn_prof *f);

/*
 * The member `key` (arr, NULL when absent) as an array of at most max
 * entries, each parsed by fn at "<path>.<key>[i]".  Errors: not_array, or
 * "at most <max> <noun>".
 */
static teeio_err each_elem(const struct teeio_json *c, const char *path, const char *key,
			   json_t *arr, size_t max, const char *not_array, const char *noun,
			   elem_fn fn, struct teeio_dsm_fn_prof *f)
{
	char p[TEEIO_JSON_PATH_MAX];
	size_t i;

	if (!arr)
		return TEEIO_OK;
	if (!json_is_array(arr))
		return teeio_json_fail(c, path, key, "%s", not_array);
	if (json_array_size(arr) > max)
		return teeio_json_fail(c, path, key, "at most %zu %s", max, noun);
	for (i = 0; i < json_array_size(arr); i++) {
		teeio_json_index(p, path, key, i);
		TRY(fn(c, p, json_array_get(arr, i), i, f));
	}
	return TEEIO_OK;
}

static const char *const bar_keys[] = {"size", "mem64", "prefetch", NULL};

/* bars[i]: an object, or null for an unimplemented (or 64-bit upper) slot. */
static teeio_err one_bar(const struct teeio_json *c, const char *p, json_t *b, size_t i,
			 struct teeio_dsm_fn_prof *f)
{
	struct teeio_dsm_bar_prof *bp = &f->bars[i];
	uint64_t size;

	if (json_is_null(b))
		return TEEIO_OK;
	if (!json_is_object(b))
		return teeio_json_fail(c, p, NULL, "must be an object or null");
	if (i > 0 && f->bars[i - 1].mem64)
		return teeio_json_fail(
		    c, p, NULL, "must be null: bars[%zu] is 64-bit and uses this slot", i - 1);
	TRY(teeio_json_known(c, p, b, bar_keys));
	TRY(teeio_json_uint(c, p, b, "size", true, 0, UINT64_C(1) << 48, &size));
	TRY(teeio_json_bool(c, p, b, "mem64", false, &bp->mem64));
	TRY(teeio_json_bool(c, p, b, "prefetch", false, &bp->prefetch));
	if (size & (size - 1) || size == 0)
		return teeio_json_fail(c, p, "size", "must be a power of two");
	if (size < TEEIO_DSM_PAGE)
		return teeio_json_fail(c, p, "size", "must be at least 4096 (TDISP reports pages)");
	if (!bp->mem64 && size > (UINT64_C(1) << 31))
		return teeio_json_fail(c, p, "size", "a 32-bit BAR holds at most 2 GiB");
	if (bp->mem64 && i == TEEIO_DSM_BARS - 1)
		return teeio_json_fail(c, p, "mem64", "a 64-bit BAR cannot be the last one");
	bp->size = size;
	return TEEIO_OK;
}

static const char *const msix_keys[] = {"vectors", "table_bar",  "table_offset",
					"pba_bar", "pba_offset", NULL};

/* Bytes of the PBA: one bit per vector in whole QWORDs (PCI 3.0 6.8.2). */
static uint64_t pba_bytes(uint16_t vectors)
{
	return ((uint64_t)vectors + 63) / 64 * 8;
}

static teeio_err parse_msix(const struct teeio_json *c, const char *path, json_t *m,
			    struct teeio_dsm_fn_prof *f)
{
	char p[TEEIO_JSON_PATH_MAX];
	struct teeio_dsm_msix_prof *x = &f->msix;
	uint64_t v;

	if (!m)
		return TEEIO_OK;
	teeio_json_child(p, path, "msix");
	if (!json_is_object(m))
		return teeio_json_fail(c, p, NULL, "must be an object");
	TRY(teeio_json_known(c, p, m, msix_keys));
	TRY(teeio_json_uint(c, p, m, "vectors", true, 0, TEEIO_DSM_MSIX_MAX, &v));
	if (v == 0)
		return teeio_json_fail(c, p, "vectors", "must be at least 1 (omit msix for none)");
	x->vectors = (uint16_t)v;
	TRY(teeio_json_uint(c, p, m, "table_bar", true, 0, TEEIO_DSM_BARS - 1, &v));
	x->table_bar = (uint8_t)v;
	TRY(teeio_json_uint(c, p, m, "table_offset", true, 0, UINT32_MAX, &v));
	x->table_offset = (uint32_t)v;
	TRY(teeio_json_uint(c, p, m, "pba_bar", false, x->table_bar, TEEIO_DSM_BARS - 1, &v));
	x->pba_bar = (uint8_t)v;
	TRY(teeio_json_uint(c, p, m, "pba_offset", true, 0, UINT32_MAX, &v));
	x->pba_offset = (uint32_t)v;

	if (!f->bars[x->table_bar].size)
		return teeio_json_fail(c, p, "table_bar", "BAR %u is not implemented",
				       x->table_bar);
	if (!f->bars[x->pba_bar].size)
		return teeio_json_fail(c, p, "pba_bar", "BAR %u is not implemented", x->pba_bar);
	if (x->table_offset % TEEIO_DSM_PAGE)
		return teeio_json_fail(c, p, "table_offset", "must be 4 KiB aligned");
	if (x->pba_offset % TEEIO_DSM_PAGE)
		return teeio_json_fail(c, p, "pba_offset", "must be 4 KiB aligned");
	if ((uint64_t)x->table_offset + (uint64_t)x->vectors * 16 > f->bars[x->table_bar].size)
		return teeio_json_fail(c, p, "table_offset", "table does not fit in BAR %u",
				       x->table_bar);
	if ((uint64_t)x->pba_offset + pba_bytes(x->vectors) > f->bars[x->pba_bar].size)
		return teeio_json_fail(c, p, "pba_offset", "PBA does not fit in BAR %u",
				       x->pba_bar);
	if (x->pba_bar == x->table_bar && x->pba_offset == x->table_offset)
		return teeio_json_fail(c, p, "pba_offset", "must not share the table's page");
	return TEEIO_OK;
}

static const char *const range_keys[] = {"bar",     "offset",    "size", "id",
					 "non_tee", "updatable", NULL};

/* [a, a+alen) and [b, b+blen) intersect (no overflow: all < 2^49). */
static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

static teeio_err check_range(const struct teeio_json *c, const char *p,
			     const struct teeio_dsm_fn_prof *f,
			     const struct teeio_dsm_range_prof *r, size_t idx)
{
	const struct teeio_dsm_msix_prof *x = &f->msix;
	size_t j;

	if (!f->bars[r->bar].size)
		return teeio_json_fail(c, p, "bar", "BAR %u is not implemented", r->bar);
	if (r->offset % TEEIO_DSM_PAGE)
		return teeio_json_fail(c, p, "offset", "must be 4 KiB aligned");
	if (r->size == 0 || r->size % TEEIO_DSM_PAGE)
		return teeio_json_fail(c, p, "size", "must be a non-zero multiple of 4096");
	if (r->offset + r->size > f->bars[r->bar].size)
		return teeio_json_fail(c, p, "size", "range ends beyond BAR %u", r->bar);
	if (x->vectors && x->table_bar == r->bar &&
	    overlaps(r->offset, r->size, x->table_offset, TEEIO_DSM_PAGE))
		return teeio_json_fail(c, p, "offset", "overlaps the MSI-X table page");
	if (x->vectors && x->pba_bar == r->bar &&
	    overlaps(r->offset, r->size, x->pba_offset, TEEIO_DSM_PAGE))
		return teeio_json_fail(c, p, "offset", "overlaps the MSI-X PBA page");
	for (j = 0; j < idx; j++) {
		const struct teeio_dsm_range_prof *o = &f->ranges[j];
		if (o->bar == r->bar && overlaps(r->offset, r->size, o->offset, o->size))
			return teeio_json_fail(c, p, "offset", "overlaps ranges[%zu]", j);
		if (o->id == r->id)
			return teeio_json_fail(c, p, "id", "duplicates ranges[%zu].id", j);
	}
	return TEEIO_OK;
}

/* ranges[i]: one interface-report range, checked against f's layout. */
static teeio_err one_range(const struct teeio_json *c, const char *p, json_t *o, size_t i,
			   struct teeio_dsm_fn_prof *f)
{
	struct teeio_dsm_range_prof *r = &f->ranges[i];
	uint64_t v;

	if (!json_is_object(o))
		return teeio_json_fail(c, p, NULL, "must be an object");
	TRY(teeio_json_known(c, p, o, range_keys));
	TRY(teeio_json_uint(c, p, o, "bar", true, 0, TEEIO_DSM_BARS - 1, &v));
	r->bar = (uint8_t)v;
	TRY(teeio_json_uint(c, p, o, "offset", false, 0, UINT64_C(1) << 48, &r->offset));
	TRY(teeio_json_uint(c, p, o, "size", true, 0, UINT64_C(1) << 48, &r->size));
	TRY(teeio_json_uint(c, p, o, "id", false, i, UINT16_MAX, &v));
	r->id = (uint16_t)v;
	TRY(teeio_json_bool(c, p, o, "non_tee", false, &r->non_tee));
	TRY(teeio_json_bool(c, p, o, "updatable", false, &r->updatable));
	TRY(check_range(c, p, f, r, i));
	f->n_ranges = (uint8_t)(i + 1);
	return TEEIO_OK;
}

static const struct {
	const char *name;
	uint16_t bit;
} ifinfo_names[] = {
    {"no_update_after_lock", TEEIO_TDISP_INFO_NO_FW_UPDATE},
    {"dma_without_pasid", TEEIO_TDISP_INFO_DMA_WITHOUT_PASID},
    {"dma_with_pasid", TEEIO_TDISP_INFO_DMA_WITH_PASID},
    {"ats", TEEIO_TDISP_INFO_ATS},
    {"prs", TEEIO_TDISP_INFO_PRS},
};

const char *dsm_ifinfo_name(unsigned i, uint16_t *bit)
{
	if (i >= TEEIO_ARRAY_LEN(ifinfo_names))
		return NULL;
	*bit = ifinfo_names[i].bit;
	return ifinfo_names[i].name;
}

static teeio_err parse_ifinfo(const struct teeio_json *c, const char *path, json_t *arr,
			      struct teeio_dsm_fn_prof *f)
{
	char p[TEEIO_JSON_PATH_MAX];
	size_t i, k;

	f->interface_info = TEEIO_TDISP_INFO_DMA_WITHOUT_PASID;
	if (!arr)
		return TEEIO_OK;
	if (!json_is_array(arr))
		return teeio_json_fail(c, path, "interface_info", "must be an array of flag names");
	f->interface_info = 0;
	for (i = 0; i < json_array_size(arr); i++) {
		const char *s = json_string_value(json_array_get(arr, i));
		teeio_json_index(p, path, "interface_info", i);
		for (k = 0; s && k < TEEIO_ARRAY_LEN(ifinfo_names); k++)
			if (!strcmp(s, ifinfo_names[k].name))
				break;
		if (!s || k == TEEIO_ARRAY_LEN(ifinfo_names))
			return teeio_json_fail(
			    c, p, NULL,
			    "unknown flag (no_update_after_lock, dma_without_pasid, "
			    "dma_with_pasid, ats, prs)");
		f->interface_info |= ifinfo_names[k].bit;
	}
	return TEEIO_OK;
}

static const char *const fn_keys[] = {"type",   "count",          "bars",        "msix",
				      "ranges", "interface_info", "device_info", NULL};

teeio_err dsm_parse_fn(const struct teeio_json *c, const char *path, json_t *o, bool first,
		       struct teeio_dsm_fn_prof *f)
{
	const char *type;
	uint64_t v;
	size_t n;

	if (!json_is_object(o))
		return teeio_json_fail(c, path, NULL, "must be an object");
	TRY(teeio_json_known(c, path, o, fn_keys));
	type = json_string_value(json_object_get(o, "type"));
	if (!type)
		return teeio_json_fail(c, path, "type", "missing (\"pf\" or \"vf\")");
	if (!strcmp(type, "pf"))
		f->type = TEEIO_DSM_FN_PF;
	else if (!strcmp(type, "vf"))
		f->type = TEEIO_DSM_FN_VF;
	else
		return teeio_json_fail(c, path, "type", "must be \"pf\" or \"vf\"");
	if (first && f->type != TEEIO_DSM_FN_PF)
		return teeio_json_fail(c, path, "type", "the first function must be the PF");
	if (!first && f->type != TEEIO_DSM_FN_VF)
		return teeio_json_fail(c, path, "type", "only the first function may be the PF");
	if (f->type == TEEIO_DSM_FN_PF && json_object_get(o, "count"))
		return teeio_json_fail(c, path, "count", "the PF is one function");
	TRY(teeio_json_uint(c, path, o, "count", false, 1, TEEIO_DSM_FUNCS_MAX - 1, &v));
	if (v == 0)
		return teeio_json_fail(c, path, "count", "must be at least 1");
	f->count = (uint16_t)v;
	TRY(each_elem(c, path, "bars", json_object_get(o, "bars"), TEEIO_DSM_BARS,
		      "must be an array of up to 6 BARs", "BARs", one_bar, f));
	TRY(parse_msix(c, path, json_object_get(o, "msix"), f));
	TRY(each_elem(c, path, "ranges", json_object_get(o, "ranges"), TEEIO_DSM_RANGES_MAX,
		      "must be an array", "ranges", one_range, f));
	TRY(parse_ifinfo(c, path, json_object_get(o, "interface_info"), f));
	TRY(teeio_json_hex(c, path, o, "device_info", f->devinfo, sizeof(f->devinfo), &n));
	f->devinfo_len = (uint16_t)n;
	return TEEIO_OK;
}

teeio_err dsm_check_vf_bars(const struct teeio_json *c, const char *path,
			    const struct teeio_dsm_fn_prof *f, const struct teeio_dsm_fn_prof *vf1,
			    size_t vf1_index)
{
	char p[TEEIO_JSON_PATH_MAX];
	unsigned i;

	for (i = 0; i < TEEIO_DSM_BARS; i++) {
		const struct teeio_dsm_bar_prof *a = &f->bars[i], *b = &vf1->bars[i];
		teeio_json_index(p, path, "bars", i);
		if (a->size != b->size || a->mem64 != b->mem64 || a->prefetch != b->prefetch)
			return teeio_json_fail(
			    c, p, "size",
			    "must equal functions[%zu].bars[%u] (SR-IOV VFs share "
			    "one BAR layout)",
			    vf1_index, i);
	}
	return TEEIO_OK;
}
