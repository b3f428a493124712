/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Range tables: a fixed array of (address, pages) -> HPA entries that never
 * overlap.  Every translation structure of the platform is one of these
 * (the VMM's shared tables and device tables, the TSM's secure tables), so
 * a lookup is a bounded scan with no allocation and no state change.
 */
#include <string.h>

#include "plat_internal.h"

static uint64_t span(const struct teeio_plat_map *m)
{
	return (uint64_t)m->npages << TEEIO_PLAT_PAGE_SHIFT;
}

/* Index of the entry covering addr, or -1. */
static int find_index(const struct teeio_plat_table *t, uint64_t addr)
{
	for (size_t i = 0; i < TEEIO_PLAT_MAX_MAPS; i++) {
		const struct teeio_plat_map *m = &t->e[i];
		if (m->npages && addr >= m->gpa && addr - m->gpa < span(m))
			return (int)i;
	}
	return -1;
}

const struct teeio_plat_map *table_find(const struct teeio_plat_table *t, uint64_t addr)
{
	int i = find_index(t, addr);
	return i < 0 ? NULL : &t->e[i];
}

struct teeio_plat_map *table_find_mut(struct teeio_plat_table *t, uint64_t addr)
{
	int i = find_index(t, addr);
	return i < 0 ? NULL : &t->e[i];
}

struct teeio_plat_map *table_at(struct teeio_plat_table *t, uint64_t addr)
{
	for (size_t i = 0; i < TEEIO_PLAT_MAX_MAPS; i++)
		if (t->e[i].npages && t->e[i].gpa == addr)
			return &t->e[i];
	return NULL;
}

teeio_err table_remove(struct teeio_plat_table *t, uint64_t addr)
{
	struct teeio_plat_map *m = table_at(t, addr);
	ENSURE(m, TEEIO_ERR_USAGE_NOT_FOUND);
	memset(m, 0, sizeof(*m));
	return TEEIO_OK;
}

teeio_err table_insert(struct teeio_plat_table *t, const struct teeio_plat_map *m)
{
	ENSURE(m->npages > 0, TEEIO_ERR_USAGE);
	struct teeio_plat_map *slot = NULL;
	for (size_t i = 0; i < TEEIO_PLAT_MAX_MAPS; i++) {
		struct teeio_plat_map *e = &t->e[i];
		if (!e->npages) {
			slot = slot ? slot : e;
			continue;
		}
		ENSURE(!ranges_overlap(e->gpa, span(e), m->gpa, span(m)), TEEIO_ERR_USAGE);
	}
	ENSURE(slot, TEEIO_ERR_SIZE_LIMIT);
	*slot = *m;
	return TEEIO_OK;
}

void table_clear(struct teeio_plat_table *t)
{
	memset(t, 0, sizeof(*t));
}
