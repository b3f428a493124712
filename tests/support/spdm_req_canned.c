/* SPDX-License-Identifier: BSD-3-Clause */
/* Canned VCA responses (VERSION, CAPABILITIES, ALGORITHMS) for scripted
 * requester tests; each field can be spoiled through struct spdm_algs. */
#include "spdm_req.h"

#include "spdm/wire.h"

#include <string.h>

size_t spdm_mk_version(uint8_t *o, const uint8_t *vers, size_t n)
{
	size_t p = 0;
	o[p++] = 0x10;
	o[p++] = SPDM_VERSION;
	o[p++] = 0;
	o[p++] = 0;
	o[p++] = 0;
	o[p++] = (uint8_t)n;
	for (size_t i = 0; i < n; i++) {
		teeio_store_u16le(o + p, (uint16_t)(vers[i] << 8));
		p += 2;
	}
	return p;
}

size_t spdm_mk_caps(uint8_t *o, uint8_t v, uint32_t flags, uint32_t dts, uint32_t mms)
{
	memset(o, 0, 20);
	o[0] = v;
	o[1] = SPDM_CAPABILITIES;
	o[5] = 12; /* CTExponent */
	teeio_store_u32le(o + 8, flags);
	if (v < TEEIO_SPDM_V12)
		return 12;
	teeio_store_u32le(o + 12, dts);
	teeio_store_u32le(o + 16, mms);
	return 20;
}

void spdm_algs_default(struct spdm_algs *a, uint8_t version)
{
	memset(a, 0, sizeof(*a));
	a->v = version;
	a->n_structs = 3; /* no ReqBaseAsym: we do not offer mutual auth */
	a->meas_spec = SPDM_MEAS_SPEC_DMTF;
	a->other = SPDM_OPAQUE_FMT_1;
	a->meas_hash = SPDM_MEAS_HASH_SHA384;
	a->asym = SPDM_ASYM_ECDSA_P384;
	a->hash = SPDM_HASH_SHA384;
	a->sel[0] = SPDM_DHE_SECP384R1;
	a->sel[1] = SPDM_AEAD_AES256_GCM;
	a->sel[2] = SPDM_KEY_SCHEDULE_SPDM;
	a->types[0] = SPDM_ALG_STRUCT_DHE;
	a->types[1] = SPDM_ALG_STRUCT_AEAD;
	a->types[2] = SPDM_ALG_STRUCT_KEY_SCHEDULE;
	a->count_byte = SPDM_ALG_COUNT_FIXED_2;
}

size_t spdm_mk_algs(uint8_t *o, const struct spdm_algs *a)
{
	size_t p = SPDM_ALGS_FIXED_SIZE;
	memset(o, 0, 64);
	o[0] = a->v;
	o[1] = SPDM_ALGORITHMS;
	o[2] = a->n_structs;
	o[6] = a->meas_spec;
	o[7] = a->other;
	teeio_store_u32le(o + 8, a->meas_hash);
	teeio_store_u32le(o + 12, a->asym);
	teeio_store_u32le(o + 16, a->hash);
	if (a->reserved)
		o[20] = 1;
	o[31] = a->mel;
	o[32] = a->ext_asym;
	for (unsigned i = 0; i < a->n_structs; i++) {
		o[p++] = a->types[i];
		o[p++] = a->count_byte;
		teeio_store_u16le(o + p, a->sel[i]);
		p += 2;
	}
	teeio_store_u16le(o + 4, (uint16_t)((int)p + a->len_delta));
	return p;
}
