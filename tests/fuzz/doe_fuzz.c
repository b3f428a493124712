/* SPDX-License-Identifier: BSD-3-Clause */
/* Fuzz the DOE object, discovery and DOE binding decoders.  Property: a
 * decoded object re-encodes to the same bytes. */
#include <stdlib.h>
#include <string.h>

#include "teeio/transport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Responder stand-in: echoes the first bytes, flips to unsecured on 0. */
static teeio_err echo(void *ctx, bool secured, const uint8_t *msg, size_t len,
		      struct teeio_buf *rsp, bool *rsp_secured)
{
	(void)ctx;
	(void)secured;
	if (msg[0] == 0)
		*rsp_secured = false;
	return teeio_buf_put_bytes(rsp, msg, len < 8 ? len : 8);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned sink = 0; /* results deliberately unused: any error is fine */
	struct teeio_doe_hdr h;
	const uint8_t *p;
	size_t n;
	if (teeio_doe_decode(data, size, &h, &p, &n) == TEEIO_OK) {
		if (p < data || p + n != data + size)
			abort();
		uint8_t *out = malloc(size);
		if (!out)
			return 0;
		struct teeio_buf w = teeio_buf_writer(out, size);
		if (teeio_doe_encode(&w, h.vendor, h.type, p, n) != TEEIO_OK || w.pos != size ||
		    memcmp(out, data, size) != 0)
			abort();
		free(out);
	}
	uint8_t idx, ver, next;
	struct teeio_doe_prot prot;
	sink |= teeio_doe_disc_req_decode(data, size, &idx, &ver);
	sink |= teeio_doe_disc_rsp_decode(data, size, &prot, &next);

	static const struct teeio_doe_prot table[] = {{1, 0}, {1, 1}, {1, 2}};
	uint8_t rsp[16];
	struct teeio_buf w = teeio_buf_writer(rsp, sizeof(rsp));
	if (teeio_doe_disc_respond(table, 3, data, size, &w) == TEEIO_OK &&
	    teeio_doe_disc_rsp_decode(rsp, w.pos, &prot, &next) != TEEIO_OK)
		abort();

	struct teeio_doe_spdm_dev dev = {table, 3, echo, NULL};
	uint8_t obj[24];
	w = teeio_buf_writer(obj, sizeof(obj));
	if (teeio_doe_spdm_handle(&dev, data, size, &w) == TEEIO_OK &&
	    teeio_doe_decode(obj, w.pos, &h, &p, &n) != TEEIO_OK)
		abort();

	bool secured;
	if (teeio_trans_decode(TEEIO_TRANS_PCI_DOE, data, size, &secured, &p, &n) == TEEIO_OK &&
	    (n == 0 || n % 4 != 0 || p + n != data + size))
		abort();
	(void)sink;
	return 0;
}
