/* SPDX-License-Identifier: BSD-3-Clause */
/* Fuzz the socket frame parser (pure, no I/O).  Property: a decoded
 * frame re-encodes to the same bytes. */
#include <stdlib.h>
#include <string.h>

#include "teeio/transport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned sink = 0; /* results deliberately unused: any error is fine */
	struct teeio_sock_hdr h;
	sink |= teeio_sock_hdr_decode(data, size, 4096, &h);
	const uint8_t *p;
	if (teeio_sock_frame_decode(data, size, 4096, &h, &p) != TEEIO_OK)
		return 0;
	if (h.size > 4096 || p + h.size != data + size)
		abort();
	uint8_t *out = malloc(size);
	if (!out)
		return 0;
	struct teeio_buf w = teeio_buf_writer(out, size);
	if (teeio_sock_frame_encode(&w, h.cmd, h.trans, p, h.size) != TEEIO_OK || w.pos != size ||
	    memcmp(out, data, size) != 0)
		abort();
	free(out);
	(void)sink;
	return 0;
}
