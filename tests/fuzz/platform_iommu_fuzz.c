/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the platform's isolation: the input is a program of table edits
 * (VMM and TSM), bindings, DMA attempts and guest/host accesses.  Each
 * record is 6 bytes: op, then five argument bytes.
 *
 * The invariant is checked on the data itself, against a shadow of page
 * ownership the fuzzer keeps from the calls that succeeded:
 *  - whatever goes through an untrusted path (T=0 DMA, shared guest
 *    access, the VMM's own accesses) writes UNTRUSTED bytes; whatever goes
 *    through a private path for TVM t writes MARK(t); a T=1 DMA from a
 *    requester with no binding writes ROGUE;
 *  - after every step, a page the shadow says is not private holds no
 *    private mark (no leak, scrub works), and a page private to t holds
 *    only 0 or MARK(t) (no T=0 or foreign write reached it);
 *  - every read through an untrusted path returns no private mark, and a
 *    read for TVM t returns no other TVM's mark;
 *  - a T=1 DMA that succeeds came from a live binding, on its stream.
 * Any violation abort()s.
 */
#include <stdlib.h>
#include <string.h>

#include "teeio/platform.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PAGES 16
#define PG TEEIO_PLAT_PAGE_SIZE
#define UNTRUSTED 0x11u
#define ROGUE 0xffu
#define MARK(t) ((uint8_t)(0x80u | (t)))
#define NDEV 2
#define BAR_BASE 0x80000000ull
#define XFER_MAX (2 * PG + 64)
#define MAX_PRIV 64

static const uint16_t rids[3] = {0x0100, 0x0200, 0x0300}; /* the last is not attached */

struct shadow_map {
	unsigned tvm;
	uint64_t gpa, hpa;
	uint32_t n;
};

struct shadow_bind {
	bool used, live;
	unsigned tvm;
	uint8_t stream;
	uint64_t lo, hi;
};

struct fz {
	struct teeio_platform *p;
	uint8_t *arena;
	struct teeio_plat_vmm_view vmm;
	struct teeio_plat_tsm_view tsm;
	unsigned owner[PAGES]; /* shadow: 0 or the owning TVM */
	struct shadow_map priv[MAX_PRIV];
	struct shadow_bind bind[NDEV];
	bool tvm_live[TEEIO_PLAT_MAX_TVMS + 1];
	uint8_t xfer[XFER_MAX];
};

static uint32_t cfg_rd(void *ctx, uint32_t off)
{
	(void)ctx;
	(void)off;
	return 0;
}

static void cfg_wr(void *ctx, uint32_t off, uint32_t val)
{
	(void)ctx;
	(void)off;
	(void)val;
}

static uint64_t hpa_of(const struct fz *z, unsigned page)
{
	return z->p->cfg.hpa_base + (uint64_t)(page % PAGES) * PG;
}

static uint64_t gpa_of(unsigned idx)
{
	return 0x10000ull + (uint64_t)(idx % 32) * PG;
}

static int dev_of_rid(uint16_t rid)
{
	for (int i = 0; i < NDEV; i++)
		if (rids[i] == rid)
			return i;
	return -1;
}

/* Results the program does not care about: any error is fine. */
static void discard(long v)
{
	(void)v;
}

/* ---- the invariant ---- */

/* The whole-arena scan runs after every step: keep the fuzzer's own
 * comparison tracing out of it, or it dominates the run time. */
#if defined(__clang__)
#define NO_COVERAGE __attribute__((no_sanitize("coverage"), noinline))
#else
#define NO_COVERAGE
#endif

/* True when every byte of the page is 0 or `mark` (mark 0: below 0x80). */
NO_COVERAGE static bool page_clean(const uint8_t *pg, uint8_t mark)
{
	const uint64_t fill = 0x0101010101010101ull * mark;
	for (size_t off = 0; off < PG; off += 8) {
		uint64_t w;
		memcpy(&w, pg + off, 8);
		if (!mark ? (w & 0x8080808080808080ull) == 0 : w == 0 || w == fill)
			continue;
		for (size_t b = 0; b < 8; b++) {
			uint8_t v = pg[off + b];
			if (!mark ? v >= 0x80 : v && v != mark)
				return false;
		}
	}
	return true;
}

static void check_arena(const struct fz *z)
{
	struct teeio_plat_page info;
	for (unsigned i = 0; i < PAGES; i++) {
		if (teeio_plat_page_info(z->p, hpa_of(z, i), &info) != TEEIO_OK)
			abort();
		/* The platform's record agrees with what the calls did. */
		if ((info.state == TEEIO_PLAT_PAGE_PRIVATE) != (z->owner[i] != 0) ||
		    (z->owner[i] && info.tvm != z->owner[i]))
			abort();
		if (!page_clean(z->arena + (size_t)i * PG, z->owner[i] ? MARK(z->owner[i]) : 0))
			abort();
	}
}

/* Bytes read on behalf of TVM `tvm` (0: an untrusted reader). */
static void check_read(const uint8_t *buf, size_t len, unsigned tvm)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] >= 0x80 && (!tvm || buf[i] != MARK(tvm)))
			abort();
}

/* ---- shadow bookkeeping ---- */

static void shadow_release(struct fz *z, unsigned tvm, uint64_t gpa, bool all)
{
	for (size_t i = 0; i < MAX_PRIV; i++) {
		struct shadow_map *m = &z->priv[i];
		if (!m->n || m->tvm != tvm || (!all && m->gpa != gpa))
			continue;
		for (uint32_t k = 0; k < m->n; k++)
			z->owner[(m->hpa - z->p->cfg.hpa_base) / PG + k] = 0;
		memset(m, 0, sizeof(*m));
	}
}

static void shadow_add(struct fz *z, unsigned tvm, uint64_t gpa, uint64_t hpa, uint32_t n)
{
	for (size_t i = 0; i < MAX_PRIV; i++) {
		if (z->priv[i].n)
			continue;
		z->priv[i] = (struct shadow_map){tvm, gpa, hpa, n};
		for (uint32_t k = 0; k < n; k++)
			z->owner[(hpa - z->p->cfg.hpa_base) / PG + k] = tvm;
		return;
	}
	abort(); /* more live private mappings than the fuzzer tracks */
}

/* ---- steps ---- */

static void do_dma(struct fz *z, const uint8_t a[5])
{
	uint16_t rid = rids[(a[0] & 3) % 3];
	struct teeio_plat_dma req = {0};
	req.rid = rid;
	req.t = a[0] & 0x10;
	req.has_stream = a[0] & 0x20;
	req.stream_id = (a[0] >> 6) & 3;
	req.write = a[1] & 1;
	unsigned kind = (a[1] >> 1) & 3;
	uint64_t off = (uint64_t)a[2] * 16;
	if (kind == 0)
		req.addr = gpa_of(a[3]) + off; /* private GPA */
	else if (kind == 1)
		req.addr = teeio_plat_gpa(z->p, gpa_of(a[3]), true) + off; /* shared GPA */
	else
		req.addr = (uint64_t)(a[3] % 16) * PG + off; /* IOVA */
	size_t len = 1 + (size_t)a[4] * 32 % XFER_MAX;
	int dev = dev_of_rid(rid);
	const struct shadow_bind *b = dev >= 0 ? &z->bind[dev] : NULL;
	unsigned owner = b && b->used ? b->tvm : 0;
	if (req.write)
		memset(z->xfer, req.t ? (owner ? MARK(owner) : ROGUE) : UNTRUSTED, len);
	else
		memset(z->xfer, 0, len);
	enum teeio_plat_fault f = teeio_plat_dma(z->p, &req, z->xfer, len);
	if (f == TEEIO_PLAT_OK && req.t) {
		uint64_t canon = req.addr & ((1ull << z->p->cfg.shared_bit) - 1);
		if (!b || !b->used || !b->live || !req.has_stream || req.stream_id != b->stream ||
		    canon < b->lo || canon + len - 1 > b->hi)
			abort();
	}
	if (f == TEEIO_PLAT_OK && !req.write)
		check_read(z->xfer, len, req.t ? owner : 0);
}

static void do_guest(struct fz *z, const uint8_t a[5])
{
	unsigned tvm = 1 + a[0] % TEEIO_PLAT_MAX_TVMS;
	bool shared = a[0] & 0x10, write = a[0] & 0x20;
	struct teeio_plat_guest_view g = teeio_plat_guest(z->p, tvm);
	uint64_t gpa = teeio_plat_gpa(z->p, gpa_of(a[1]) + (uint64_t)a[2] * 16, shared);
	size_t len = 1 + (size_t)a[3] * 32 % XFER_MAX;
	if (write)
		memset(z->xfer, shared ? UNTRUSTED : MARK(tvm), len);
	enum teeio_plat_fault f = write ? teeio_plat_guest_write(&g, gpa, z->xfer, len)
					: teeio_plat_guest_read(&g, gpa, z->xfer, len);
	if (f == TEEIO_PLAT_OK && !write)
		check_read(z->xfer, len, shared ? 0 : tvm);
}

static void do_host(struct fz *z, const uint8_t a[5])
{
	uint64_t hpa = hpa_of(z, a[0]) + (uint64_t)a[1] * 16;
	size_t len = 1 + (size_t)a[2] * 32 % XFER_MAX;
	memset(z->xfer, UNTRUSTED, len);
	if (a[3] & 1)
		discard(teeio_plat_vmm_write(&z->vmm, hpa, z->xfer, len));
	else if (teeio_plat_vmm_read(&z->vmm, hpa, z->xfer, len) == TEEIO_PLAT_OK)
		check_read(z->xfer, len, 0);
}

static void do_bind(struct fz *z, const uint8_t a[5])
{
	int dev = a[0] % NDEV;
	struct teeio_plat_binding b = {0};
	b.rid = rids[dev];
	b.stream_id = a[1] & 3;
	b.tvm = (uint8_t)(1 + a[2] % TEEIO_PLAT_MAX_TVMS);
	b.dma_base = gpa_of(a[3] % 32);
	b.dma_limit = b.dma_base + (uint64_t)(a[4] % 16) * PG + PG - 1;
	b.mmio[0].base = BAR_BASE + (uint64_t)dev * 0x100000;
	b.mmio[0].size = 4 * PG;
	b.n_mmio = 1;
	if (teeio_plat_tsm_bind(&z->tsm, &b) == TEEIO_OK)
		z->bind[dev] =
		    (struct shadow_bind){true, false, b.tvm, b.stream_id, b.dma_base, b.dma_limit};
}

/* Steps meant to change arena bytes or page owners (the arena is checked
 * after these, and once at the end for everything else). */
static bool may_write(uint8_t op, const uint8_t a[5])
{
	switch (op % 18) {
	case 3:
	case 4:
	case 5: return true;
	case 14: return a[1] & 1;
	case 15: return a[0] & 0x20;
	case 16: return a[3] & 1;
	default: return false;
	}
}

static void step(struct fz *z, uint8_t op, const uint8_t a[5])
{
	unsigned tvm = 1 + a[0] % TEEIO_PLAT_MAX_TVMS;
	unsigned dev = a[0] % NDEV;
	uint64_t hpa;
	switch (op % 18) {
	case 0: discard(teeio_plat_vmm_page_alloc(&z->vmm, 1 + a[1] % 4, &hpa)); break;
	case 1: discard(teeio_plat_vmm_page_free(&z->vmm, hpa_of(z, a[1]), 1 + a[2] % 4)); break;
	case 2: {
		unsigned id;
		if (teeio_plat_tsm_tvm_create(&z->tsm, &id) == TEEIO_OK)
			z->tvm_live[id] = true;
		break;
	}
	case 3:
		if (teeio_plat_tsm_tvm_destroy(&z->tsm, tvm) == TEEIO_OK) {
			shadow_release(z, tvm, 0, true);
			for (int d = 0; d < NDEV; d++)
				if (z->bind[d].tvm == tvm)
					memset(&z->bind[d], 0, sizeof(z->bind[d]));
			z->tvm_live[tvm] = false;
		}
		break;
	case 4: {
		uint32_t n = 1 + a[3] % 4;
		if (teeio_plat_tsm_map_private(&z->tsm, tvm, gpa_of(a[1]), hpa_of(z, a[2]), n,
					       a[4] & 1) == TEEIO_OK)
			shadow_add(z, tvm, gpa_of(a[1]), hpa_of(z, a[2]), n);
		break;
	}
	case 5:
		if (teeio_plat_tsm_unmap(&z->tsm, tvm, gpa_of(a[1])) == TEEIO_OK)
			shadow_release(z, tvm, gpa_of(a[1]), false);
		break;
	case 6:
		discard(teeio_plat_vmm_map_shared(&z->vmm, tvm, gpa_of(a[1]), hpa_of(z, a[2]),
						  1 + a[3] % 4, a[4] & 1));
		break;
	case 7: discard(teeio_plat_vmm_unmap_shared(&z->vmm, tvm, gpa_of(a[1]))); break;
	case 8:
		discard(teeio_plat_vmm_iommu_map(&z->vmm, dev, (uint64_t)(a[1] % 16) * PG,
						 hpa_of(z, a[2]), 1 + a[3] % 4, a[4] & 1));
		break;
	case 9:
		discard(teeio_plat_vmm_iommu_unmap(&z->vmm, dev, (uint64_t)(a[1] % 16) * PG));
		break;
	case 10: do_bind(z, a); break;
	case 11:
		if (teeio_plat_tsm_dma_enable(&z->tsm, rids[dev]) == TEEIO_OK)
			z->bind[dev].live = true;
		break;
	case 12:
		if (teeio_plat_tsm_unbind(&z->tsm, rids[dev]) == TEEIO_OK)
			memset(&z->bind[dev], 0, sizeof(z->bind[dev]));
		break;
	case 13: {
		struct teeio_plat_guest_view g = teeio_plat_guest(z->p, tvm);
		discard(teeio_plat_guest_accept(&g, gpa_of(a[1])));
		break;
	}
	case 14: do_dma(z, a); break;
	case 15: do_guest(z, a); break;
	case 16: do_host(z, a); break;
	case 17: {
		/* Private MMIO: install (through the VMM), remap, validate. */
		struct teeio_plat_guest_view g = teeio_plat_guest(z->p, tvm);
		uint64_t bar = BAR_BASE + (uint64_t)(a[1] % NDEV) * 0x100000 + (a[2] % 5) * PG;
		uint64_t gpa = 0x100000 + (uint64_t)(a[3] % 4) * PG;
		if (a[4] % 3 == 0)
			discard(teeio_plat_tsm_mmio_map(&z->tsm, tvm, gpa, bar, 1));
		else if (a[4] % 3 == 1)
			discard(teeio_plat_vmm_mmio_remap(&z->vmm, tvm, gpa, bar));
		else
			discard(teeio_plat_guest_validate_mmio(&g, gpa, bar));
		break;
	}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz *z = calloc(1, sizeof(*z));
	if (!z)
		return 0;
	z->p = calloc(1, sizeof(*z->p));
	z->arena = malloc(PAGES * PG);
	if (!z->p || !z->arena)
		goto out;
	struct teeio_plat_config c = teeio_plat_config_default(
	    data && size && (data[0] & 0x80) ? TEEIO_PLAT_FLAVOUR_SEV : TEEIO_PLAT_FLAVOUR_TDX,
	    z->arena, PAGES * PG);
	if (teeio_plat_init(z->p, &c) != TEEIO_OK)
		abort();
	z->vmm = teeio_plat_vmm(z->p);
	z->tsm = teeio_plat_tsm(z->p);
	for (int i = 0; i < NDEV; i++) {
		struct teeio_plat_dev_cfg dc = {0};
		unsigned d;
		dc.rid = rids[i];
		dc.cfg.read = cfg_rd;
		dc.cfg.write = cfg_wr;
		dc.win[0].base = BAR_BASE + (uint64_t)i * 0x100000;
		dc.win[0].size = 4 * PG;
		dc.n_win = 1;
		if (teeio_plat_vmm_attach(&z->vmm, &dc, &d) != TEEIO_OK || d != (unsigned)i)
			abort();
	}
	struct teeio_buf in = teeio_buf_reader(data, size);
	uint8_t rec[6];
	while (teeio_buf_get_bytes(&in, rec, sizeof(rec)) == TEEIO_OK) {
		step(z, rec[0], rec + 1);
		if (may_write(rec[0], rec + 1))
			check_arena(z);
	}
	check_arena(z); /* stray writes by any other step show up here */
out:
	free(z->arena);
	free(z->p);
	free(z);
	return 0;
}
