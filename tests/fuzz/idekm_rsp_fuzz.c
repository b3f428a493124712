/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the IDE_KM responder with a sequence of requests against one
 * responder and the fake device.  Input: [flags] then records
 * [len][payload...]; flags bit 0 allows partial GO, bit 1 flips every
 * other record to a second session.
 * Properties: answers fit and decode (a KP_ACK may echo an invalid
 * key_sub_stream: then only its shape is checked), a KP_ACK echoes the
 * request's stream/key_sub_stream/port bytes, no slot is armed without
 * being programmed, and K0 and K1 are never both armed for one direction
 * and sub-stream.
 */
#include <stdlib.h>
#include <string.h>

#include "support/idekm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_ack(const uint8_t *req, size_t len, const uint8_t *out, size_t n)
{
	struct teeio_idekm_msg m;

	if (n > TEEIO_IDEKM_MSG_MAX || n < 2 || out[0] != 0)
		abort();
	if (out[1] == TEEIO_IDEKM_KP_ACK) {
		if (n != 8 || req[1] != TEEIO_IDEKM_KEY_PROG)
			abort();
		if (out[4] != (len > 4 ? req[4] : 0) || out[6] != (len > 6 ? req[6] : 0) ||
		    out[7] != (len > 7 ? req[7] : 0) || out[5] > TEEIO_IDEKM_KP_UNSPECIFIED)
			abort();
		return;
	}
	if (teeio_idekm_decode(out, n, &m) != TEEIO_OK)
		abort();
	if (m.object_id == TEEIO_IDEKM_K_GOSTOP_ACK && memcmp(out + 2, req + 2, 6) != 0)
		abort();
}

static void check_state(const struct teeio_idekm_rsp *r)
{
	for (unsigned p = 0; p < TEEIO_IDEKM_PORTS_MAX; p++)
		for (unsigned s = 0; s < TEEIO_IDEKM_STREAMS_MAX; s++) {
			uint16_t g = r->port[p].going[s];
			if (g & ~r->port[p].programmed[s])
				abort();
			/* At most one key set live per direction and sub-stream. */
			if ((g & 0x3f) & (g >> 6))
				abort();
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct teeio_idekm_rsp rsp;
	struct idekm_fake_dev dev;
	uint8_t out[TEEIO_IDEKM_MSG_MAX];
	size_t pos = 1;
	unsigned i = 0;

	if (size < 1)
		return 0;
	memset(&dev, 0, sizeof(dev));
	idekm_fake_rsp(&rsp, &dev, data[0] & 1);
	while (pos < size) {
		size_t len = data[pos++];
		if (len > size - pos)
			len = size - pos;
		/* An exact-size copy so ASan sees any over-read. */
		uint8_t *req = malloc(len ? len : 1);
		if (!req)
			return 0;
		memcpy(req, data + pos, len);
		uint32_t sid = (data[0] & 2) && (i & 1) ? 2 : 1;
		size_t n = sizeof(out);
		if (teeio_idekm_rsp_handle(&rsp, true, sid, req, len, out, &n) == TEEIO_OK)
			check_ack(req, len, out, n);
		free(req);
		check_state(&rsp);
		pos += len;
		if (++i % 7 == 6)
			teeio_idekm_rsp_session_end(&rsp, 1);
	}
	return 0;
}
