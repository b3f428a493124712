/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The requester's exchange over SPDM: IDE_KM payloads travel as
 * VENDOR_DEFINED_REQUEST/RESPONSE (DSP0274 10.13) with StandardID 3
 * (PCI-SIG) and VendorID 0x0001, and only inside a secured session.
 */
#include "teeio/idekm.h"
#include "teeio/spdm_req.h"

teeio_err teeio_idekm_spdm_exchange(void *ctx, const uint8_t *req, size_t req_len, uint8_t *rsp,
				    size_t cap, size_t *rsp_len)
{
	static const uint8_t vid[2] = {TEEIO_SPDM_VENDOR_ID_PCISIG & 0xff,
				       TEEIO_SPDM_VENDOR_ID_PCISIG >> 8};
	const struct teeio_idekm_spdm *s = ctx;

	ENSURE(s && s->req, TEEIO_ERR_USAGE);
	ENSURE(s->session_id != 0, TEEIO_ERR_STATE_NO_SESSION);
	return teeio_spdm_req_vendor(s->req, s->session_id, TEEIO_SPDM_VENDOR_STD_PCISIG, vid,
				     sizeof(vid), req, req_len, rsp, cap, rsp_len);
}
