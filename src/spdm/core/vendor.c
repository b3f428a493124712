/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Vendor-defined message registry lookup (DSP0274 1.3, 10.13).  A
 * registration names the standards body (StandardID), the vendor ID bytes
 * and, for PCI-SIG protocols, the protocol ID in the first payload byte
 * (PCIe "SPDM vendor-defined messages": 0 = IDE_KM, 1 = TDISP).
 */
#include <string.h>

#include "wire.h"

const struct teeio_spdm_vendor_handler *
teeio_spdm_vendor_find(const struct teeio_spdm_vendor_handler *tab, size_t n, uint16_t standard_id,
		       const uint8_t *vendor_id, size_t vendor_id_len, const uint8_t *payload,
		       size_t payload_len)
{
	for (size_t i = 0; i < n; i++) {
		const struct teeio_spdm_vendor_handler *h = &tab[i];

		if (h->fn == NULL || h->standard_id != standard_id ||
		    h->vendor_id_len != vendor_id_len ||
		    (vendor_id_len != 0 && memcmp(h->vendor_id, vendor_id, vendor_id_len) != 0))
			continue;
		if (h->protocol_id >= 0 &&
		    (payload_len < 1 || payload[0] != (uint8_t)h->protocol_id))
			continue;
		return h;
	}
	return NULL;
}
