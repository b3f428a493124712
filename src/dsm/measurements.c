/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The device's SPDM measurements (DMTF measurement blocks, DSP0274
 * 10.11.1) straight from the profile: the responder table points at the
 * profile's values, nothing is copied.
 */
#include "host_internal.h"

void dsm_meas_build(struct teeio_dsm_host *h)
{
	const struct teeio_dsm_profile *p = h->cfg.prof;
	unsigned i;

	for (i = 0; i < p->n_meas; i++) {
		const struct teeio_dsm_meas_prof *m = &p->meas[i];

		h->meas_entries[i] = (struct teeio_spdm_rsp_meas_entry){
		    .index = m->index,
		    .type = m->type,
		    .raw_only = m->raw,
		    .tcb = m->tcb,
		    .value = m->value,
		    .len = m->len,
		};
	}
	h->meas.entries = h->meas_entries;
	h->meas.n = p->n_meas;
	h->meas.generation = 1;
}
