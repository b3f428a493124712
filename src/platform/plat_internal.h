/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internal helpers shared by the platform's files: arena addressing, the
 * range tables every translation is made of, fault accounting, and the
 * few cross-file steps (MMIO over the link, secure MMIO installs).
 */
#ifndef TEEIO_PLAT_INTERNAL_H
#define TEEIO_PLAT_INTERNAL_H

#include "teeio/platform.h"

#define PAGE_MASK ((uint64_t)TEEIO_PLAT_PAGE_SIZE - 1)

static inline bool page_aligned(uint64_t a)
{
	return (a & PAGE_MASK) == 0;
}

/* ---- arena (memory.c) ---- */

/* True when [hpa, hpa + len) lies in the arena (len may be 0: one byte). */
bool arena_holds(const struct teeio_platform *p, uint64_t hpa, uint64_t len);
/* Page record of an arena HPA (caller checked arena_holds). */
struct teeio_plat_page *page_of(struct teeio_platform *p, uint64_t hpa);
const struct teeio_plat_page *page_of_c(const struct teeio_platform *p, uint64_t hpa);
/* Bytes of an arena HPA (caller checked arena_holds). */
uint8_t *arena_ptr(const struct teeio_platform *p, uint64_t hpa);
/* Pages hpa .. + n: HOST or FREE -> PRIVATE of tvm at gpa, zeroed.  STATE
 * when one is private already (nothing changes then). */
teeio_err mem_make_private(struct teeio_platform *p, uint64_t hpa, uint32_t n, unsigned tvm,
			   uint64_t gpa);
/* Pages hpa .. + n: PRIVATE -> HOST, zeroed first. */
void mem_release(struct teeio_platform *p, uint64_t hpa, uint32_t n);

/* ---- range tables (table.c) ---- */

/* The entry covering `addr`, or NULL. */
const struct teeio_plat_map *table_find(const struct teeio_plat_table *t, uint64_t addr);
struct teeio_plat_map *table_find_mut(struct teeio_plat_table *t, uint64_t addr);
/* The entry starting exactly at `addr`, or NULL. */
struct teeio_plat_map *table_at(struct teeio_plat_table *t, uint64_t addr);
/* Drop the entry starting exactly at `addr`; USAGE_NOT_FOUND if none. */
teeio_err table_remove(struct teeio_plat_table *t, uint64_t addr);
/* Add an entry; USAGE when it overlaps one, SIZE_LIMIT when full. */
teeio_err table_insert(struct teeio_plat_table *t, const struct teeio_plat_map *m);
/* Clear every entry. */
void table_clear(struct teeio_plat_table *t);

/* True when [a, a + an) and [b, b + bn) overlap (byte counts). */
static inline bool ranges_overlap(uint64_t a, uint64_t an, uint64_t b, uint64_t bn)
{
	return a < b + bn && b < a + an;
}

/* ---- addresses and faults (platform.c) ---- */

/* Split a guest address into canonical GPA and shared flag; false when a
 * bit above the shared bit is set. */
bool gpa_split(const struct teeio_platform *p, uint64_t gpa, uint64_t *canon, bool *shared);
/* The highest canonical GPA + 1. */
uint64_t gpa_space(const struct teeio_platform *p);
/* A live TVM, or NULL. */
struct teeio_plat_tvm *tvm_get(struct teeio_platform *p, unsigned tvm);
const struct teeio_plat_tvm *tvm_get_c(const struct teeio_platform *p, unsigned tvm);
/* A used device, or NULL. */
struct teeio_plat_dev *dev_get(struct teeio_platform *p, unsigned dev);
/* True when Requester ID `rid` is one of the device's functions. */
bool dev_owns_rid(const struct teeio_plat_dev *d, uint16_t rid);
/* The attached device owning `rid`, or NULL. */
const struct teeio_plat_dev *dev_by_rid(const struct teeio_platform *p, uint16_t rid);
/* The device whose window holds [hpa, hpa + len), or -1. */
int dev_by_hpa(const struct teeio_platform *p, uint64_t hpa, uint64_t len);
/* Count a fault (OK is not counted) and return it. */
enum teeio_plat_fault fault_note(struct teeio_platform *p, enum teeio_plat_fault f, uint64_t addr,
				 uint16_t rid);

/* ---- TLPs (tlp_bytes.c) ---- */

/* Completion Status (PCIe Base 2.2.9): Successful Completion, Unsupported
 * Request. */
#define TLP_CPL_SC ((uint8_t)0)
#define TLP_CPL_UR ((uint8_t)1)
#define TLP_TAG_MASK 0x3ffu /* 10-bit tags (2.2.6.2) */
#define TLP_LOWER_ADDR_MASK 0x7fu /* Completion Lower Address: 7 bits */
#define TLP_BYTE_COUNT_MASK 0xfffu /* Completion Byte Count: 12 bits, 0=4096 */

/* Fill a memory request's address, 64-bit flag, length and byte enables
 * for bytes [addr, addr + len) (len 1 .. TEEIO_TLP_PAYLOAD_MAX - 3, not
 * more DWORDs than a TLP holds); *lead receives addr & 3. */
bool tlp_set_span(struct teeio_tlp *t, uint64_t addr, size_t len, size_t *lead);
/* The bytes a memory request's byte enables select: offset into its
 * first DWORD and length.  False for patterns that are not one run. */
bool tlp_be_span(const struct teeio_tlp *t, size_t *off, size_t *len);

/* ---- cross-file steps ---- */

/* Send a guest MMIO load into dst, or (dst NULL) store from src, to device
 * `dev` over its link (rootport.c). */
enum teeio_plat_fault rp_mmio(struct teeio_platform *p, unsigned dev, uint64_t hpa, bool priv,
			      uint8_t *dst, const uint8_t *src, size_t len);
/* True when [hpa, + n pages) lies in the MMIO of a TDI bound to tvm (iommu.c). */
bool tdi_owns_mmio(const struct teeio_platform *p, unsigned tvm, uint64_t hpa, uint32_t npages);
/* Drop every secure device table entry of tvm (iommu.c). */
void dte_drop_tvm(struct teeio_platform *p, unsigned tvm);
/* Install a PENDING secure MMIO mapping (cpu_tables.c). */
teeio_err secure_mmio_install(struct teeio_platform *p, unsigned tvm, uint64_t gpa, uint64_t hpa,
			      uint32_t npages);
/* Config accesses through the VMM, cfg_write hook applied (vmm.c). */
uint32_t vmm_cfg_rd(struct teeio_platform *p, unsigned dev, uint32_t off);
void vmm_cfg_wr_hooked(struct teeio_platform *p, unsigned dev, uint32_t off, uint32_t val);

#endif
