/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal to the host: the pieces host.c assembles. */
#ifndef TEEIO_DSM_HOST_INTERNAL_H
#define TEEIO_DSM_HOST_INTERNAL_H

#include "teeio/dsm.h"

/* identity.c: fill h->der/der_len and return the leaf key in *key. */
TEEIO_MUST_CHECK teeio_err dsm_identity_load(struct teeio_dsm_host *h,
					     const struct teeio_pkey **key);
void dsm_identity_free(struct teeio_dsm_host *h);

/* measurements.c: h->meas from the profile (values referenced, not copied). */
void dsm_meas_build(struct teeio_dsm_host *h);

/* ide_host.c: engines, port, IDE_KM responder; the IDE cap hooks. */
TEEIO_MUST_CHECK teeio_err dsm_ide_init(struct teeio_dsm_host *h);
void dsm_ide_free(struct teeio_dsm_host *h);
void dsm_ide_cap_enable(void *ctx, unsigned i, uint8_t stream_id, bool on);
bool dsm_ide_cap_secure(void *ctx, uint8_t stream_id);

/* doe.c: the config-space DOE mailbox and its cap hooks. */
TEEIO_MUST_CHECK teeio_err dsm_doe_init(struct teeio_dsm_host *h);
uint32_t dsm_doe_cap_read(void *ctx, uint32_t off);
void dsm_doe_cap_write(void *ctx, uint32_t off, uint32_t val);

#endif
