/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal: the pieces of the profile parser shared between its files. */
#ifndef TEEIO_DSM_PROFILE_INTERNAL_H
#define TEEIO_DSM_PROFILE_INTERNAL_H

#include <jansson.h>

#include "teeio/dsm.h"
#include "teeio/json.h"

/* Parse one "functions" entry at `path` (first: it must be the PF). */
TEEIO_MUST_CHECK teeio_err dsm_parse_fn(const struct teeio_json *c, const char *path, json_t *o,
					bool first, struct teeio_dsm_fn_prof *f);

/* A VF entry's BARs must equal those of the first VF entry (SR-IOV has one
 * VF BAR set). */
TEEIO_MUST_CHECK teeio_err dsm_check_vf_bars(const struct teeio_json *c, const char *path,
					     const struct teeio_dsm_fn_prof *f,
					     const struct teeio_dsm_fn_prof *vf1, size_t vf1_index);

/* Interface-info flag `i` (name, bit); NULL past the last. */
const char *dsm_ifinfo_name(unsigned i, uint16_t *bit);

#endif
