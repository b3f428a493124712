/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Byte-granular accesses on a DWORD-addressed bus: memory requests carry a
 * DWORD address, a length in DWORDs and First/Last DW Byte Enables (PCIe
 * Base 2.2.5).  The root port and the device glue both turn byte ranges
 * into requests and requests back into byte ranges; only contiguous runs
 * are modelled (what CPU loads/stores and DMA engines produce).
 */
#include "plat_internal.h"

bool tlp_set_span(struct teeio_tlp *t, uint64_t addr, size_t len, size_t *lead)
{
	uint64_t dw_addr = addr & ~3ull;
	if (len == 0 || addr > UINT64_MAX - len)
		return false;
	uint64_t ndw = (addr + len - dw_addr + 3) / 4;
	if (ndw > TEEIO_TLP_PAYLOAD_MAX / 4)
		return false;
	unsigned head = (unsigned)(addr & 3), tail = (unsigned)((addr + len) & 3);
	uint8_t last = (uint8_t)(0xfu >> ((4 - tail) & 3));
	t->addr = dw_addr;
	t->addr64 = dw_addr > 0xffffffffull;
	t->length_dw = (uint16_t)ndw;
	t->first_be = (uint8_t)((0xfu << head) & 0xfu);
	if (ndw == 1) {
		t->first_be &= last;
		t->last_be = 0;
	} else {
		t->last_be = last;
	}
	*lead = head;
	return true;
}

/* Contiguous masks within a DWORD, and where they start. */
static bool contiguous(uint8_t be, unsigned *first, unsigned *count)
{
	unsigned i = 0, n = 0;
	if (be == 0 || be > 0xf)
		return false;
	while (!(be >> i & 1))
		i++;
	while (i + n < 4 && (be >> (i + n) & 1))
		n++;
	*first = i;
	*count = n;
	return (be >> (i + n)) == 0;
}

bool tlp_be_span(const struct teeio_tlp *t, size_t *off, size_t *len)
{
	unsigned f0, fn, l0, ln;
	if (t->length_dw == 0 || !contiguous(t->first_be, &f0, &fn))
		return false;
	if (t->length_dw == 1) {
		*off = f0;
		*len = fn;
		return t->last_be == 0;
	}
	/* Longer: the first DWORD runs to its end, the last starts at byte 0. */
	if (f0 + fn != 4 || !contiguous(t->last_be, &l0, &ln) || l0 != 0)
		return false;
	*off = f0;
	*len = (size_t)t->length_dw * 4 - f0 - (4 - ln);
	return true;
}
