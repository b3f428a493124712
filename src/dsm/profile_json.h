/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internal: reading typed fields out of jansson objects with a field path
 * for error messages ("functions[2].bars[0].size: must be ...").
 */
#ifndef TEEIO_DSM_PROFILE_JSON_H
#define TEEIO_DSM_PROFILE_JSON_H

#include <jansson.h>

#include "teeio/dsm.h"

/* Where the parser is: the error sink and the path of the current object. */
struct pj {
	char *err;
	size_t err_cap;
};

#define PJ_PATH_MAX 96

/* Record "<path>.<field>: <msg>" and return TEEIO_ERR_USAGE_CONFIG. */
teeio_err pj_fail(const struct pj *c, const char *path, const char *field, const char *fmt, ...)
    TEEIO_PRINTF(4, 5);

/* Refuse members of `obj` not listed in the NULL-terminated `allowed`. */
TEEIO_MUST_CHECK teeio_err pj_known(const struct pj *c, const char *path, json_t *obj,
				    const char *const *allowed);

/*
 * An unsigned integer member: a JSON integer, or a string holding a
 * decimal or 0x-prefixed hex number.  Missing: *out = dflt unless
 * `required`.  Above `max`: an error naming the bound.
 */
TEEIO_MUST_CHECK teeio_err pj_uint(const struct pj *c, const char *path, json_t *obj,
				   const char *key, bool required, uint64_t dflt, uint64_t max,
				   uint64_t *out);

/* A boolean member (missing: dflt). */
TEEIO_MUST_CHECK teeio_err pj_bool(const struct pj *c, const char *path, json_t *obj,
				   const char *key, bool dflt, bool *out);

/* A hex-string member decoded into out[cap] (missing: *len = 0). */
TEEIO_MUST_CHECK teeio_err pj_hex(const struct pj *c, const char *path, json_t *obj,
				  const char *key, uint8_t *out, size_t cap, size_t *len);

/* Child path "<path>.<key>" or "<path>[<i>]" (path may be empty). */
void pj_child(char *out, const char *path, const char *key);
void pj_index(char *out, const char *path, const char *key, size_t i);

#endif
