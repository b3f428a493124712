/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Which messages enter which transcript (DSP0274 1.3 "Transcript and
 * transcript hash calculation"):
 *   M1/M2 = A || B || C: VCA, then GET_DIGESTS/DIGESTS and
 *           GET_CERTIFICATE/CERTIFICATE exchanges, then CHALLENGE and
 *           CHALLENGE_AUTH without its signature.
 *   L1/L2 = (1.2+: A ||) every GET_MEASUREMENTS/MEASUREMENTS since the
 *           last signed one, the signed response without its signature.
 * Reset rules follow libspdm (which the spec leaves to the
 * implementation): any request other than GET_MEASUREMENTS ends L1/L2;
 * measurement and session requests end an M1/M2 that was not finished by
 * CHALLENGE.
 */
#include "req.h"

void req_tr_before(struct teeio_spdm_req *r, uint8_t code)
{
	if (code != SPDM_GET_MEASUREMENTS)
		teeio_spdm_tr_free(&r->l1);
	switch (code) {
	case SPDM_GET_MEASUREMENTS:
	case SPDM_KEY_EXCHANGE:
	case SPDM_FINISH:
	case SPDM_PSK_EXCHANGE:
	case SPDM_PSK_FINISH:
	case SPDM_KEY_UPDATE:
	case SPDM_HEARTBEAT:
	case SPDM_GET_ENCAPSULATED_REQUEST:
	case SPDM_END_SESSION: teeio_spdm_tr_free(&r->m1); break;
	default: break;
	}
}

teeio_err req_tr_m1(struct teeio_spdm_req *r, const uint8_t *p, size_t n)
{
	if (!r->m1.live)
		TRY(teeio_spdm_tr_start(&r->m1, &r->conn, true));
	return teeio_spdm_tr_update(&r->m1, p, n);
}

teeio_err req_tr_l1(struct teeio_spdm_req *r, const uint8_t *p, size_t n)
{
	if (!r->l1.live)
		TRY(teeio_spdm_tr_start(&r->l1, &r->conn, req_version(r) >= TEEIO_SPDM_V12));
	return teeio_spdm_tr_update(&r->l1, p, n);
}
