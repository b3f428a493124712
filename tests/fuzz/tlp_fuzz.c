/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz target: the TLP decoder (ide/tlp.c).  Whatever decodes must encode
 * back to the very same bytes (the decoder accepts only canonical TLPs),
 * and the decoded payload must lie inside the input.
 */
#include <stdlib.h>
#include <string.h>

#include "teeio/ide.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct teeio_tlp t;
	struct teeio_tlp_layout lay;
	if (teeio_tlp_decode(data, size, &t, &lay) != TEEIO_OK)
		return 0;
	if (lay.total != size || lay.aad_len > TEEIO_IDE_AAD_MAX ||
	    (t.payload_len && (t.payload < data || t.payload + t.payload_len > data + size)))
		abort();
	uint8_t out[TEEIO_TLP_WIRE_MAX];
	size_t n = 0;
	if (teeio_tlp_encode(&t, out, sizeof(out), &n) != TEEIO_OK || n != size ||
	    memcmp(out, data, size) != 0)
		abort();
	return 0;
}
