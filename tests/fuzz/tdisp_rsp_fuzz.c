/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the TDISP responder (device side) with arbitrary request payloads.
 * Byte 0 picks the state TDI 0 is driven into first (bits 1:0) and whether
 * the request goes through the SPDM vendor adapter (bit 2); the rest is the
 * payload from the protocol ID byte.
 * Whatever arrives, the answer must be a well-formed TDISP response for
 * the same function, and no TDI may end in an impossible state.
 */
#include <stdlib.h>
#include <string.h>

#include "support/tdisp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct tdisp_fx fx;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct teeio_tdisp_msg m;
	uint8_t out[TEEIO_TDISP_MSG_MAX];
	size_t len = sizeof(out);
	teeio_err rc;

	if (size < 1)
		return 0;
	tdisp_fx_init(&fx, 8, TEEIO_TDISP_LOCK_FLAGS_ALL);
	if (tdisp_fx_goto(&fx, TDISP_FX_FID0, (enum teeio_tdisp_state)(data[0] & 3)) != 0)
		abort();
	if (data[0] & 4) {
		struct teeio_spdm_vendor_session s = {true, 1};
		if (size < 2 || data[1] != TEEIO_TDISP_PROTOCOL_ID)
			return 0;
		out[0] = TEEIO_TDISP_PROTOCOL_ID;
		len--;
		rc = teeio_tdisp_rsp_vendor(&fx.rsp, &s, data + 2, size - 2, out + 1, &len);
		len++;
	} else {
		rc = teeio_tdisp_rsp_handle(&fx.rsp, true, data + 1, size - 1, out, &len);
	}
	if (rc == TEEIO_OK) {
		if (teeio_tdisp_decode_payload(out, len, &m) != TEEIO_OK)
			abort(); /* the responder wrote something it cannot read */
		if (m.code != TEEIO_TDISP_ERROR && size >= 4 && m.code != (data[3] & 0x7F))
			abort(); /* answered a different request */
	}
	for (int i = 0; i < TDISP_FX_TDIS; i++)
		if (fx.tdis[i].state >= TEEIO_TDISP_STATE_COUNT)
			abort();
	if (fx.tdis[0].state == TEEIO_TDISP_CONFIG_LOCKED && !fx.tdis[0].nonce_valid)
		abort(); /* locked without a nonce */
	return 0;
}
