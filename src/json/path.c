/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Field paths and error messages for the JSON readers, and the check for
 * members a format does not know.
 */
#include <stdarg.h>
#include <string.h>

#include "teeio/json.h"

void teeio_json_child(char *out, const char *path, const char *key)
{
	snprintf(out, TEEIO_JSON_PATH_MAX, "%s%s%s", path, path[0] ? "." : "", key);
}

void teeio_json_index(char *out, const char *path, const char *key, size_t i)
{
	snprintf(out, TEEIO_JSON_PATH_MAX, "%s%s%s[%zu]", path, path[0] ? "." : "", key, i);
}

teeio_err teeio_json_fail(const struct teeio_json *c, const char *path, const char *field,
			  const char *fmt, ...)
{
	char where[TEEIO_JSON_PATH_MAX];
	char what[TEEIO_JSON_MSG_MAX];
	va_list ap;

	if (field)
		teeio_json_child(where, path, field);
	else
		snprintf(where, sizeof(where), "%s", path[0] ? path : "(top)");
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (c->err && c->err_cap)
		snprintf(c->err, c->err_cap, "%s%s: %s", c->prefix ? c->prefix : "", where, what);
	return TEEIO_ERR_USAGE_CONFIG;
}

int teeio_json_lookup(const char *const *names, const char *s)
{
	int i;

	for (i = 0; names[i]; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

teeio_err teeio_json_known(const struct teeio_json *c, const char *path, json_t *obj,
			   const char *const *allowed)
{
	const char *key;
	json_t *val;

	json_object_foreach(obj, key, val)
	{
		(void)val;
		if (teeio_json_lookup(allowed, key) < 0)
			return teeio_json_fail(c, path, key, "unknown field");
	}
	return TEEIO_OK;
}
