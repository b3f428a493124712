/* SPDX-License-Identifier: BSD-3-Clause */
/* Fuzz the MCTP message and packet decoders and the reassembler.  The
 * input is also read as a packet stream: a length byte, then that many
 * bytes of packet, repeated. */
#include <stdlib.h>

#include "teeio/transport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned sink = 0; /* results deliberately unused: any error is fine */
	uint8_t type;
	const uint8_t *m;
	size_t n;
	bool secured;
	sink |= teeio_mctp_decode(data, size, &type, &m, &n);
	if (teeio_trans_decode(TEEIO_TRANS_MCTP, data, size, &secured, &m, &n) == TEEIO_OK &&
	    (n + 1 != size || m != data + 1))
		abort();
	struct teeio_mctp_pkt_hdr h;
	sink |= teeio_mctp_pkt_decode(data, size, &h, &m, &n);

	uint8_t buf[512];
	struct teeio_mctp_reasm r;
	teeio_mctp_reasm_init(&r, buf, sizeof(buf));
	size_t pos = 0;
	while (pos < size) {
		size_t len = data[pos++];
		if (len > size - pos)
			len = size - pos;
		bool done = false;
		size_t got = 0;
		if (teeio_mctp_reasm_feed(&r, data + pos, len, &done, &got) == TEEIO_OK && done &&
		    got > sizeof(buf))
			abort();
		if (r.len > r.cap)
			abort();
		pos += len;
	}
	(void)sink;
	return 0;
}
