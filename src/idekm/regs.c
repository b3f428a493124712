/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The shape of the IDE register block a QUERY_RESP carries (PCIe 6.x
 * section 7.9.26, field facts from Linux pci_regs.h PCI_IDE_*): the
 * capability register says how many Link and Selective stream blocks
 * follow, each Selective stream's capability register how many address
 * association blocks it has.
 */
#include "teeio/idekm.h"
#include "wire.h"

teeio_err teeio_idekm_regs_layout(const uint32_t *regs, size_t n,
				  struct teeio_idekm_regs_layout *out)
{
	size_t pos;
	uint32_t cap;
	unsigned i;

	ENSURE(regs && out, TEEIO_ERR_USAGE);
	ENSURE(n >= IDE_REGS_HEAD, TEEIO_ERR_SIZE_TRUNCATED);
	cap = regs[0];
	out->n_link =
	    (cap & IDE_CAP_LINK) ? 1 + ((cap >> IDE_CAP_LINK_TC_SHIFT) & IDE_CAP_LINK_TC_MASK) : 0;
	out->n_sel = (cap & IDE_CAP_SELECTIVE)
			 ? 1 + ((cap >> IDE_CAP_SEL_NUM_SHIFT) & IDE_CAP_SEL_NUM_MASK)
			 : 0;
	pos = IDE_REGS_HEAD + (size_t)IDE_LINK_BLOCK * out->n_link;
	/* Walk the selective blocks: each one's size is in its own first
	 * DWORD, so a short block list is caught before it is read past. */
	for (i = 0; i < out->n_sel; i++) {
		ENSURE(pos < n, TEEIO_ERR_SIZE_TRUNCATED);
		pos += IDE_SEL_BLOCK_FIXED + IDE_ADDR_BLOCK * (regs[pos] & IDE_SEL_CAP_ASSOC_MASK);
	}
	out->expected = pos;
	ENSURE(n >= pos, TEEIO_ERR_SIZE_TRUNCATED);
	ENSURE(n == pos, TEEIO_ERR_SIZE_TRAILING);
	return TEEIO_OK;
}
