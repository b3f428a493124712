/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the guest policy parser (JSON -> struct teeio_guest_policy).  A
 * refusal must say why, naming a field ("policy: ..."); an accepted policy
 * must hold only values inside its bounds.
 */
#include <stdlib.h>
#include <string.h>

#include "teeio/guest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct teeio_guest_policy pol; /* large: kept off the stack */

static void check_bounds(void)
{
	size_t i;

	if (pol.n_roots > TEEIO_GUEST_ROOTS_MAX || pol.n_meas > TEEIO_GUEST_MEAS_MAX ||
	    pol.n_ranges > TEEIO_GUEST_RANGE_REFS_MAX || pol.min_ranges > pol.max_ranges ||
	    pol.max_ranges > TEEIO_TDISP_RANGES_MAX || pol.spdm_min_version < 0x10 ||
	    pol.spdm_min_version > 0x13 || pol.name[sizeof(pol.name) - 1] != '\0')
		abort();
	for (i = 0; i < pol.n_roots; i++)
		if (!pol.roots[i].len || pol.roots[i].len > TEEIO_CERT_MAX)
			abort();
	for (i = 0; i < pol.n_meas; i++) {
		const struct teeio_guest_meas_ref *m = &pol.meas[i];
		if (m->index < 1 || m->index > 0xFE || !m->len ||
		    m->len > TEEIO_GUEST_MEAS_VALUE_MAX)
			abort();
		if (m->kind == TEEIO_GUEST_REF_DIGEST && teeio_hash_size(m->hash) != m->len)
			abort();
	}
	for (i = 0; i < pol.n_ranges; i++)
		if (!pol.ranges[i].pages || pol.ranges[i].kind > TEEIO_GUEST_RANGE_MSIX_PBA)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[TEEIO_GUEST_ERR_MAX];
	teeio_err rc;

	/* No base directory: relative root files are looked up in the
	 * current one (absent in the fuzz work directory). */
	rc = teeio_guest_policy_parse(teeio_crypto_openssl(), (const char *)data, size, NULL, &pol,
				      err, sizeof(err));
	if (rc != TEEIO_OK) {
		if (strncmp(err, "policy: ", 8) != 0 || strlen(err) >= sizeof(err))
			abort(); /* every refusal says why */
		return 0;
	}
	check_bounds();
	return 0;
}
