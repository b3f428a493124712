/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Typed field readers over jansson values.  Every failure names the field
 * by its full path so that a profile author can find it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "profile_json.h"

void pj_child(char *out, const char *path, const char *key)
{
	snprintf(out, PJ_PATH_MAX, "%s%s%s", path, path[0] ? "." : "", key);
}

void pj_index(char *out, const char *path, const char *key, size_t i)
{
	snprintf(out, PJ_PATH_MAX, "%s%s%s[%zu]", path, path[0] ? "." : "", key, i);
}

teeio_err pj_fail(const struct pj *c, const char *path, const char *field, const char *fmt, ...)
{
	char where[PJ_PATH_MAX];
	char what[TEEIO_DSM_ERR_MAX];
	va_list ap;

	if (field)
		pj_child(where, path, field);
	else
		snprintf(where, sizeof(where), "%s", path[0] ? path : "(top)");
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (c->err && c->err_cap)
		snprintf(c->err, c->err_cap, "%s: %s", where, what);
	return TEEIO_ERR_USAGE_CONFIG;
}

teeio_err pj_known(const struct pj *c, const char *path, json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v)
	{
		size_t i;
		(void)v;
		for (i = 0; allowed[i]; i++)
			if (!strcmp(key, allowed[i]))
				break;
		if (!allowed[i])
			return pj_fail(c, path, key, "unknown field");
	}
	return TEEIO_OK;
}

/* Parse a decimal or 0x-hex string fully; false on junk or overflow. */
static bool parse_num(const char *s, uint64_t *out)
{
	char *end;
	int base = 10;

	if (!s[0] || s[0] == '-' || s[0] == '+' || s[0] == ' ')
		return false;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!s[0] || s[0] == '-' || s[0] == '+' || s[0] == ' ')
			return false;
	}
	errno = 0;
	*out = strtoull(s, &end, base);
	return errno == 0 && *end == '\0';
}

teeio_err pj_uint(const struct pj *c, const char *path, json_t *obj, const char *key, bool required,
		  uint64_t dflt, uint64_t max, uint64_t *out)
{
	json_t *v = json_object_get(obj, key);
	uint64_t n;

	if (!v || json_is_null(v)) {
		if (required)
			return pj_fail(c, path, key, "missing");
		*out = dflt;
		return TEEIO_OK;
	}
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		if (i < 0)
			return pj_fail(c, path, key, "must not be negative");
		n = (uint64_t)i;
	} else if (json_is_string(v)) {
		if (!parse_num(json_string_value(v), &n))
			return pj_fail(c, path, key, "not a number (use 123 or \"0x7b\")");
	} else {
		return pj_fail(c, path, key, "must be a number");
	}
	if (n > max)
		return pj_fail(c, path, key, "must be at most %" PRIu64 " (0x%" PRIx64 ")", max,
			       max);
	*out = n;
	return TEEIO_OK;
}

teeio_err pj_bool(const struct pj *c, const char *path, json_t *obj, const char *key, bool dflt,
		  bool *out)
{
	json_t *v = json_object_get(obj, key);

	if (!v) {
		*out = dflt;
		return TEEIO_OK;
	}
	if (!json_is_boolean(v))
		return pj_fail(c, path, key, "must be true or false");
	*out = json_is_true(v);
	return TEEIO_OK;
}

teeio_err pj_hex(const struct pj *c, const char *path, json_t *obj, const char *key, uint8_t *out,
		 size_t cap, size_t *len)
{
	json_t *v = json_object_get(obj, key);
	teeio_err e;

	*len = 0;
	if (!v)
		return TEEIO_OK;
	if (!json_is_string(v))
		return pj_fail(c, path, key, "must be a hex string");
	e = teeio_unhex(json_string_value(v), out, cap, len);
	if (e == TEEIO_ERR_SIZE)
		return pj_fail(c, path, key, "longer than %zu bytes", cap);
	if (e != TEEIO_OK)
		return pj_fail(c, path, key, "not an even number of hex digits");
	return TEEIO_OK;
}
