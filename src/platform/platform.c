/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The platform as a whole: configuration per vendor flavour, the views,
 * GPA encoding, lookups of TVMs and devices, fault names and accounting.
 */
#include <string.h>

#include "plat_internal.h"

/*
 * Vendor facts (public): TDX marks shared GPAs with the top GPA bit (bit 47
 * with a 48-bit GPA width, bit 51 with 52); SEV-SNP marks private
 * (encrypted) pages with the C-bit, reported by CPUID 0x8000001F EBX[5:0],
 * 51 on current parts (47 on the first generation).
 */
#define TDX_SHARED_BIT 47
#define SEV_C_BIT 51
#define DEFAULT_HPA_BASE 0x100000000ull /* arena at 4 GiB; MMIO below */

static const char *const fault_names[TEEIO_PLAT_FAULT_COUNT] = {
    [TEEIO_PLAT_OK] = "ok",
    [TEEIO_PLAT_FAULT_NOT_MAPPED] = "not_mapped",
    [TEEIO_PLAT_FAULT_BAD_ADDRESS] = "bad_address",
    [TEEIO_PLAT_FAULT_PRIVATE_FROM_SHARED] = "private_from_shared",
    [TEEIO_PLAT_FAULT_T0_TO_PRIVATE] = "t0_to_private",
    [TEEIO_PLAT_FAULT_WRONG_TVM] = "wrong_tvm",
    [TEEIO_PLAT_FAULT_UNVALIDATED] = "unvalidated",
    [TEEIO_PLAT_FAULT_NOT_BOUND] = "not_bound",
    [TEEIO_PLAT_FAULT_WRONG_STREAM] = "wrong_stream",
    [TEEIO_PLAT_FAULT_NOT_LIVE] = "not_live",
    [TEEIO_PLAT_FAULT_READ_ONLY] = "read_only",
    [TEEIO_PLAT_FAULT_NOT_RAM] = "not_ram",
    [TEEIO_PLAT_FAULT_MISMATCH] = "mismatch",
    [TEEIO_PLAT_FAULT_NO_DEVICE] = "no_device",
    [TEEIO_PLAT_FAULT_DEVICE_ERROR] = "device_error",
    [TEEIO_PLAT_FAULT_SPOOFED_RID] = "spoofed_rid",
};

const char *teeio_plat_fault_str(enum teeio_plat_fault f)
{
	if ((unsigned)f >= TEEIO_PLAT_FAULT_COUNT)
		return "unknown";
	return fault_names[f];
}

struct teeio_plat_config teeio_plat_config_default(enum teeio_plat_flavour f, uint8_t *arena,
						   size_t arena_len)
{
	struct teeio_plat_config c = {0};
	c.shared_bit = f == TEEIO_PLAT_FLAVOUR_SEV ? SEV_C_BIT : TDX_SHARED_BIT;
	c.bit_means_private = f == TEEIO_PLAT_FLAVOUR_SEV;
	c.hpa_base = DEFAULT_HPA_BASE;
	c.arena = arena;
	c.arena_len = arena_len;
	c.rp_rid = 0x0000;
	return c;
}

teeio_err teeio_plat_init(struct teeio_platform *p, const struct teeio_plat_config *cfg)
{
	ENSURE(p && cfg && cfg->arena, TEEIO_ERR_USAGE);
	ENSURE(cfg->shared_bit >= TEEIO_PLAT_PAGE_SHIFT && cfg->shared_bit <= 62, TEEIO_ERR_USAGE);
	ENSURE(page_aligned(cfg->hpa_base) && page_aligned(cfg->arena_len), TEEIO_ERR_USAGE);
	size_t n = cfg->arena_len >> TEEIO_PLAT_PAGE_SHIFT;
	ENSURE(n > 0 && n <= TEEIO_PLAT_MAX_PAGES, TEEIO_ERR_USAGE);
	ENSURE(cfg->hpa_base <= UINT64_MAX - cfg->arena_len, TEEIO_ERR_USAGE);
	memset(p, 0, sizeof(*p));
	p->cfg = *cfg;
	p->npages = n;
	memset(cfg->arena, 0, cfg->arena_len);
	return TEEIO_OK;
}

struct teeio_plat_vmm_view teeio_plat_vmm(struct teeio_platform *p)
{
	struct teeio_plat_vmm_view v = {p};
	return v;
}

struct teeio_plat_tsm_view teeio_plat_tsm(struct teeio_platform *p)
{
	struct teeio_plat_tsm_view v = {p};
	return v;
}

struct teeio_plat_guest_view teeio_plat_guest(struct teeio_platform *p, unsigned tvm)
{
	struct teeio_plat_guest_view v = {p, tvm};
	return v;
}

uint64_t gpa_space(const struct teeio_platform *p)
{
	return 1ull << p->cfg.shared_bit;
}

uint64_t teeio_plat_gpa(const struct teeio_platform *p, uint64_t gpa, bool shared)
{
	uint64_t bit = gpa_space(p);
	gpa &= bit - 1;
	return shared != p->cfg.bit_means_private ? gpa | bit : gpa;
}

bool gpa_split(const struct teeio_platform *p, uint64_t gpa, uint64_t *canon, bool *shared)
{
	uint64_t bit = gpa_space(p);
	if (gpa >> p->cfg.shared_bit > 1)
		return false;
	*canon = gpa & (bit - 1);
	*shared = ((gpa & bit) != 0) != p->cfg.bit_means_private;
	return true;
}

bool teeio_plat_gpa_is_shared(const struct teeio_platform *p, uint64_t gpa)
{
	uint64_t canon;
	bool shared = false;
	return gpa_split(p, gpa, &canon, &shared) && shared;
}

struct teeio_plat_tvm *tvm_get(struct teeio_platform *p, unsigned tvm)
{
	if (tvm == 0 || tvm > TEEIO_PLAT_MAX_TVMS || !p->tvm[tvm].used)
		return NULL;
	return &p->tvm[tvm];
}

const struct teeio_plat_tvm *tvm_get_c(const struct teeio_platform *p, unsigned tvm)
{
	if (tvm == 0 || tvm > TEEIO_PLAT_MAX_TVMS || !p->tvm[tvm].used)
		return NULL;
	return &p->tvm[tvm];
}

struct teeio_plat_dev *dev_get(struct teeio_platform *p, unsigned dev)
{
	if (dev >= TEEIO_PLAT_MAX_DEVS || !p->dev[dev].used)
		return NULL;
	return &p->dev[dev];
}

bool dev_owns_rid(const struct teeio_plat_dev *d, uint16_t rid)
{
	uint16_t n = d->cfg.n_rids ? d->cfg.n_rids : 1;
	return d->used && rid >= d->cfg.rid && rid - d->cfg.rid < n;
}

const struct teeio_plat_dev *dev_by_rid(const struct teeio_platform *p, uint16_t rid)
{
	for (unsigned i = 0; i < TEEIO_PLAT_MAX_DEVS; i++)
		if (dev_owns_rid(&p->dev[i], rid))
			return &p->dev[i];
	return NULL;
}

int dev_by_hpa(const struct teeio_platform *p, uint64_t hpa, uint64_t len)
{
	for (unsigned i = 0; i < TEEIO_PLAT_MAX_DEVS; i++) {
		const struct teeio_plat_dev *d = &p->dev[i];
		if (!d->used)
			continue;
		for (unsigned w = 0; w < d->cfg.n_win; w++) {
			const struct teeio_plat_range *r = &d->cfg.win[w];
			if (hpa >= r->base && hpa - r->base < r->size &&
			    len <= r->size - (hpa - r->base))
				return (int)i;
		}
	}
	return -1;
}

enum teeio_plat_fault fault_note(struct teeio_platform *p, enum teeio_plat_fault f, uint64_t addr,
				 uint16_t rid)
{
	if (f == TEEIO_PLAT_OK || (unsigned)f >= TEEIO_PLAT_FAULT_COUNT)
		return f;
	p->faults.count[f]++;
	p->faults.last = f;
	p->faults.last_addr = addr;
	p->faults.last_rid = rid;
	return f;
}

const struct teeio_plat_fault_log *teeio_plat_faults(const struct teeio_platform *p)
{
	return &p->faults;
}

teeio_err teeio_plat_page_info(const struct teeio_platform *p, uint64_t hpa,
			       struct teeio_plat_page *out)
{
	ENSURE(p && out, TEEIO_ERR_USAGE);
	ENSURE(arena_holds(p, hpa, 1), TEEIO_ERR_USAGE_NOT_FOUND);
	*out = *page_of_c(p, hpa);
	return TEEIO_OK;
}
