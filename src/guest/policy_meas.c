/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * "measurements": reference values per measurement index.
 *   {"index": 1..254, "type": "immutable_rom" (optional),
 *    "mandatory": true (default),
 *    one of "digest": HEX (with optional "hash": "sha384"; else the size
 *           names it), "raw": HEX, "text": STRING (raw bytes, no NUL)}
 * "allow_unlisted_measurements": false (default) refuses indices the
 * policy does not name.
 */
#include <string.h>

#include "guest_internal.h"
#include "teeio/dsm.h"

static const char *const meas_fields[] = {"index", "type", "mandatory", "digest", "hash",
					  "raw",   "text", "comment",   NULL};

/* The hash algorithm of a digest of `len` bytes (NONE if no such size). */
static enum teeio_hash_alg hash_of_size(size_t len)
{
	enum teeio_hash_alg a;

	for (a = TEEIO_HASH_SHA256; a <= TEEIO_HASH_SHA512; a++)
		if (teeio_hash_size(a) == len)
			return a;
	return TEEIO_HASH_NONE;
}

static teeio_err hex_value(const struct gp *c, const char *path, const char *key, const char *hex,
			   struct teeio_guest_meas_ref *m)
{
	size_t n = 0;
	teeio_err rc = teeio_unhex(hex, m->value, sizeof(m->value), &n);

	ENSURE(rc != TEEIO_ERR_SIZE, teeio_json_fail(&c->j, path, key, "longer than %d bytes",
						     TEEIO_GUEST_MEAS_VALUE_MAX));
	ENSURE(rc == TEEIO_OK, teeio_json_fail(&c->j, path, key, "not hex"));
	ENSURE(n > 0, teeio_json_fail(&c->j, path, key, "empty"));
	m->len = (uint16_t)n;
	return TEEIO_OK;
}

static teeio_err digest_ref(const struct gp *c, const char *path, json_t *e, const char *hex,
			    struct teeio_guest_meas_ref *m)
{
	const char *hname;
	enum teeio_hash_alg a;

	TRY(hex_value(c, path, "digest", hex, m));
	a = hash_of_size(m->len);
	ENSURE(a != TEEIO_HASH_NONE,
	       teeio_json_fail(&c->j, path, "digest", "%u bytes is no SHA-256/384/512 digest",
			       m->len));
	TRY(teeio_json_string(&c->j, path, e, "hash", false, &hname));
	if (hname) {
		ENSURE(!strcmp(hname, teeio_hash_name(a)),
		       teeio_json_fail(&c->j, path, "hash",
				       "\"%s\" does not match a %u-byte digest", hname, m->len));
	}
	m->kind = TEEIO_GUEST_REF_DIGEST;
	m->hash = a;
	return TEEIO_OK;
}

static teeio_err one_ref(const struct gp *c, const char *path, json_t *e,
			 struct teeio_guest_meas_ref *m)
{
	const char *digest, *raw, *text, *type, *hname;
	uint64_t index;

	ENSURE(json_is_object(e), teeio_json_fail(&c->j, path, NULL, "not an object"));
	TRY(teeio_json_known(&c->j, path, e, meas_fields));
	TRY(teeio_json_uint(&c->j, path, e, "index", true, 0, 0xFE, &index));
	/* DSP0274 10.11: index 0 is the "number of blocks" query, 0xFF "all". */
	ENSURE(index >= 1, teeio_json_fail(&c->j, path, "index", "must be 1..254"));
	m->index = (uint8_t)index;
	TRY(teeio_json_bool(&c->j, path, e, "mandatory", true, &m->mandatory));
	TRY(teeio_json_string(&c->j, path, e, "type", false, &type));
	m->type = -1;
	if (type) {
		int t;

		for (t = 0; t <= TEEIO_SPDM_MEAS_SVN; t++)
			if (!strcmp(teeio_dsm_meas_type_name((uint8_t)t), type))
				break;
		ENSURE(t <= TEEIO_SPDM_MEAS_SVN,
		       teeio_json_fail(&c->j, path, "type", "unknown type \"%s\"", type));
		m->type = (int16_t)t;
	}
	TRY(teeio_json_string(&c->j, path, e, "digest", false, &digest));
	TRY(teeio_json_string(&c->j, path, e, "raw", false, &raw));
	TRY(teeio_json_string(&c->j, path, e, "text", false, &text));
	ENSURE((digest != NULL) + (raw != NULL) + (text != NULL) == 1,
	       teeio_json_fail(&c->j, path, NULL, "needs exactly one of digest, raw, text"));
	if (digest)
		return digest_ref(c, path, e, digest, m);
	TRY(teeio_json_string(&c->j, path, e, "hash", false, &hname));
	ENSURE(!hname, teeio_json_fail(&c->j, path, "hash", "only with digest"));
	m->kind = TEEIO_GUEST_REF_RAW;
	if (raw)
		return hex_value(c, path, "raw", raw, m);
	ENSURE(strlen(text) > 0, teeio_json_fail(&c->j, path, "text", "empty"));
	ENSURE(strlen(text) <= sizeof(m->value),
	       teeio_json_fail(&c->j, path, "text", "longer than %d bytes",
			       TEEIO_GUEST_MEAS_VALUE_MAX));
	memcpy(m->value, text, strlen(text));
	m->len = (uint16_t)strlen(text);
	return TEEIO_OK;
}

teeio_err gp_meas(const struct gp *c, json_t *root, struct teeio_guest_policy *p)
{
	char path[TEEIO_JSON_PATH_MAX];
	json_t *arr, *e;
	size_t i, j;

	TRY(teeio_json_bool(&c->j, "", root, "allow_unlisted_measurements", false,
			    &p->allow_unlisted));
	TRY(gp_list(c, "", root, "measurements", TEEIO_GUEST_MEAS_MAX, " entries", &arr));
	json_array_foreach(arr, i, e)
	{
		teeio_json_index(path, "", "measurements", i);
		TRY(one_ref(c, path, e, &p->meas[i]));
		for (j = 0; j < i; j++)
			ENSURE(p->meas[j].index != p->meas[i].index,
			       teeio_json_fail(&c->j, path, "index", "%u listed twice",
					       p->meas[i].index));
		p->n_meas = i + 1;
	}
	return TEEIO_OK;
}
