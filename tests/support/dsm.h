/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test helpers for the DSM: a hosted device (teeio/dsm.h) with a teeio
 * SPDM requester talking to it in process over DOE framing, plus the
 * IDE_KM and TDISP requesters running inside the session.
 */
#ifndef TEEIO_TEST_SUPPORT_DSM_H
#define TEEIO_TEST_SUPPORT_DSM_H

#include "teeio/dsm.h"
#include "teeio/spdm_req.h"

struct dsm_rig {
	struct teeio_dsm_profile prof;
	struct teeio_dsm_host host;
	const uint8_t *roots[1];
	size_t root_lens[1];
	struct teeio_spdm_req_config qcfg;
	struct teeio_spdm_req req;
	struct teeio_spdm_loop_io loop;
	uint8_t chain[TEEIO_SPDM_CERT_CHAIN_MAX];
	uint8_t record[TEEIO_SPDM_MAX_LARGE_MSG];
	struct teeio_spdm_meas_block blocks[16];
	struct teeio_spdm_req_connect_result res;
	struct teeio_idekm_spdm km_link;
	struct teeio_idekm_req km; /* IDE_KM in the session     */
	struct teeio_tdisp_req td; /* TDISP in the session      */
};

/*
 * A device for profile JSON `json` (NULL: the built-in profile) with
 * identity `id` (NULL: generated), and a requester trusting its root.
 * NULL when the device does not come up.  Free with dsm_rig_free.
 */
struct dsm_rig *dsm_rig_new(const char *json, const struct teeio_dsm_identity *id);
void dsm_rig_free(struct dsm_rig *r);

/* VCA, certificate, CHALLENGE, signed measurements, KEY_EXCHANGE+FINISH;
 * then IDE_KM and TDISP requesters bound to the session. */
teeio_err dsm_rig_connect(struct dsm_rig *r);

/* IDE_KM: key stream 0 (K0, both directions, all sub-streams) and GO.
 * Returns the first failure. */
teeio_err dsm_rig_key_stream0(struct dsm_rig *r);

#endif
