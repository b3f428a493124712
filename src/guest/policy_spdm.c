/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * "spdm": the floor the device's SPDM connection must meet.
 *   "min_version": "1.2"            lowest SPDMVersion accepted (1.0..1.3)
 *   "asym"/"hash"/"measurement_hash"/"dhe"/"aead": [names]
 *                                   algorithms accepted (crypto.h names:
 *                                   "ecdsa-p384", "sha384", "secp384r1",
 *                                   "aes256-gcm"); missing or empty: any
 */
#include <string.h>

#include "guest_internal.h"

static const char *const spdm_fields[] = {"min_version", "asym", "hash", "measurement_hash",
					  "dhe",         "aead", NULL};

/* Enum values 1..max of one algorithm family, by name. */
typedef const char *(*alg_name_fn)(int alg);

static const char *asym_name(int a)
{
	return teeio_sig_name((enum teeio_sig_alg)a);
}
static const char *hash_name(int a)
{
	return teeio_hash_name((enum teeio_hash_alg)a);
}
static const char *dhe_name(int a)
{
	return teeio_dhe_name((enum teeio_dhe_alg)a);
}
static const char *aead_name(int a)
{
	return teeio_aead_name((enum teeio_aead_alg)a);
}

/* Largest enum value any family has (ED448); names past a family's end
 * read "none" and never match. */
#define ALG_ENUM_MAX 16

static teeio_err alg_list(const struct gp *c, json_t *spdm, const char *key, alg_name_fn name,
			  uint32_t *mask)
{
	char path[TEEIO_JSON_PATH_MAX];
	json_t *arr, *e;
	size_t i;

	*mask = 0;
	TRY(teeio_json_array(&c->j, "spdm", spdm, key, false, &arr));
	if (!arr)
		return TEEIO_OK;
	json_array_foreach(arr, i, e)
	{
		const char *s = json_string_value(e);
		int a;

		teeio_json_index(path, "spdm", key, i);
		ENSURE(s, teeio_json_fail(&c->j, path, NULL, "not a string"));
		for (a = 1; a < ALG_ENUM_MAX; a++)
			if (!strcmp(name(a), s))
				break;
		ENSURE(a < ALG_ENUM_MAX,
		       teeio_json_fail(&c->j, path, NULL, "unknown algorithm \"%s\"", s));
		*mask |= 1u << a;
	}
	return TEEIO_OK;
}

teeio_err gp_spdm(const struct gp *c, json_t *root, struct teeio_guest_policy *p)
{
	const char *ver;
	json_t *s;

	/* Without a section: SPDM 1.2 (the first with the TDISP-era
	 * features teeio's TSM uses) and any algorithm. */
	p->spdm_min_version = TEEIO_SPDM_V12;
	TRY(teeio_json_object(&c->j, "", root, "spdm", false, &s));
	if (!s)
		return TEEIO_OK;
	TRY(teeio_json_known(&c->j, "spdm", s, spdm_fields));
	TRY(teeio_json_string(&c->j, "spdm", s, "min_version", false, &ver));
	if (ver) {
		ENSURE(strlen(ver) == 3 && ver[0] == '1' && ver[1] == '.' && ver[2] >= '0' &&
			   ver[2] <= '3',
		       teeio_json_fail(&c->j, "spdm", "min_version", "not one of 1.0 1.1 1.2 1.3"));
		p->spdm_min_version = (uint8_t)(0x10 | (ver[2] - '0'));
	}
	TRY(alg_list(c, s, "asym", asym_name, &p->allow_asym));
	TRY(alg_list(c, s, "hash", hash_name, &p->allow_hash));
	TRY(alg_list(c, s, "measurement_hash", hash_name, &p->allow_meas_hash));
	TRY(alg_list(c, s, "dhe", dhe_name, &p->allow_dhe));
	TRY(alg_list(c, s, "aead", aead_name, &p->allow_aead));
	return TEEIO_OK;
}
