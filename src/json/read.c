/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Typed member readers over jansson values.  Every failure names the
 * member by its full path (teeio_json_fail).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "teeio/json.h"

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

/* TEEIO_JSON_STRICT: a non-negative JSON integer. */
static teeio_err uint_strict(const struct teeio_json *c, const char *path, const char *key,
			     json_t *val, uint64_t max, uint64_t *out)
{
	json_int_t n;

	ENSURE(json_is_integer(val), teeio_json_fail(c, path, key, "not an integer"));
	n = json_integer_value(val);
	ENSURE(n >= 0, teeio_json_fail(c, path, key, "negative"));
	ENSURE((uint64_t)n <= max,
	       teeio_json_fail(c, path, key, "above %llu", (unsigned long long)max));
	*out = (uint64_t)n;
	return TEEIO_OK;
}

/* TEEIO_JSON_LENIENT: a non-negative JSON integer or a "123" / "0x7b" string. */
static teeio_err uint_lenient(const struct teeio_json *c, const char *path, const char *key,
			      json_t *val, uint64_t max, uint64_t *out)
{
	uint64_t n;

	if (json_is_integer(val)) {
		json_int_t i = json_integer_value(val);
		if (i < 0)
			return teeio_json_fail(c, path, key, "must not be negative");
		n = (uint64_t)i;
	} else if (json_is_string(val)) {
		if (!parse_num(json_string_value(val), &n))
			return teeio_json_fail(c, path, key, "not a number (use 123 or \"0x7b\")");
	} else {
		return teeio_json_fail(c, path, key, "must be a number");
	}
	if (n > max)
		return teeio_json_fail(c, path, key, "must be at most %" PRIu64 " (0x%" PRIx64 ")",
				       max, max);
	*out = n;
	return TEEIO_OK;
}

teeio_err teeio_json_uint(const struct teeio_json *c, const char *path, json_t *obj,
			  const char *key, bool required, uint64_t dflt, uint64_t max,
			  uint64_t *out)
{
	json_t *val = json_object_get(obj, key);
	bool lenient = c->dialect == TEEIO_JSON_LENIENT;

	if (!val || (lenient && json_is_null(val))) {
		ENSURE(!required, teeio_json_fail(c, path, key, "missing"));
		*out = dflt;
		return TEEIO_OK;
	}
	if (lenient)
		return uint_lenient(c, path, key, val, max, out);
	return uint_strict(c, path, key, val, max, out);
}

teeio_err teeio_json_bool(const struct teeio_json *c, const char *path, json_t *obj,
			  const char *key, bool dflt, bool *out)
{
	json_t *val = json_object_get(obj, key);

	if (!val) {
		*out = dflt;
		return TEEIO_OK;
	}
	ENSURE(json_is_boolean(val),
	       teeio_json_fail(c, path, key, "%s",
			       c->dialect == TEEIO_JSON_LENIENT ? "must be true or false"
								: "not a boolean"));
	*out = json_is_true(val);
	return TEEIO_OK;
}

teeio_err teeio_json_hex(const struct teeio_json *c, const char *path, json_t *obj, const char *key,
			 uint8_t *out, size_t cap, size_t *len)
{
	json_t *val = json_object_get(obj, key);
	teeio_err e;

	*len = 0;
	if (!val)
		return TEEIO_OK;
	ENSURE(json_is_string(val), teeio_json_fail(c, path, key, "must be a hex string"));
	e = teeio_unhex(json_string_value(val), out, cap, len);
	ENSURE(e != TEEIO_ERR_SIZE, teeio_json_fail(c, path, key, "longer than %zu bytes", cap));
	ENSURE(e == TEEIO_OK, teeio_json_fail(c, path, key, "not an even number of hex digits"));
	return TEEIO_OK;
}

teeio_err teeio_json_string(const struct teeio_json *c, const char *path, json_t *obj,
			    const char *key, bool required, const char **out)
{
	json_t *val = json_object_get(obj, key);

	*out = NULL;
	if (!val) {
		ENSURE(!required, teeio_json_fail(c, path, key, "missing"));
		return TEEIO_OK;
	}
	ENSURE(json_is_string(val), teeio_json_fail(c, path, key, "not a string"));
	*out = json_string_value(val);
	return TEEIO_OK;
}

/* obj.key when it is of the wanted type (is_type), else the error `not`. */
static teeio_err member(const struct teeio_json *c, const char *path, json_t *obj, const char *key,
			bool required, int (*is_type)(const json_t *), const char * not,
			json_t **out)
{
	json_t *val = json_object_get(obj, key);

	*out = NULL;
	if (!val || json_is_null(val)) {
		ENSURE(!required, teeio_json_fail(c, path, key, "missing"));
		return TEEIO_OK;
	}
	ENSURE(is_type(val), teeio_json_fail(c, path, key, "%s", not ));
	*out = val;
	return TEEIO_OK;
}

static int is_object(const json_t *v)
{
	return json_is_object(v);
}

static int is_array(const json_t *v)
{
	return json_is_array(v);
}

teeio_err teeio_json_object(const struct teeio_json *c, const char *path, json_t *obj,
			    const char *key, bool required, json_t **out)
{
	return member(c, path, obj, key, required, is_object, "not an object", out);
}

teeio_err teeio_json_array(const struct teeio_json *c, const char *path, json_t *obj,
			   const char *key, bool required, json_t **out)
{
	return member(c, path, obj, key, required, is_array, "not an array", out);
}
