/* SPDX-License-Identifier: BSD-3-Clause */
/* Measurement helpers of the responder (meas_blocks.c). */
#ifndef TEEIO_SPDM_RSP_MEAS_H
#define TEEIO_SPDM_RSP_MEAS_H

#include "rsp.h"

/* Append the block of entry `e` (digest form unless raw). */
teeio_err rsp_meas_put(const struct teeio_spdm_rsp *rsp, const struct teeio_spdm_rsp_meas_entry *e,
		       bool raw_requested, struct teeio_buf *out);
/* The entry with `index`, or NULL. */
const struct teeio_spdm_rsp_meas_entry *rsp_meas_find(const struct teeio_spdm_rsp *rsp,
						      uint8_t index);
/* Measurement summary hash of `type` (TCB or all) with the base hash. */
teeio_err rsp_meas_summary(struct teeio_spdm_rsp *rsp, uint8_t type, uint8_t *out);
/* PROTO unless `type` is a summary type this connection can produce. */
teeio_err rsp_summary_check(const struct teeio_spdm_rsp *rsp, uint8_t type);

#endif
