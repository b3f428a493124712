/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio/json.h - typed field readers over jansson values, shared by the
 * configuration parsers (DSM device profiles, guest policies).
 *
 * Every failure is written to the caller's error buffer as
 * "<prefix><path>[.<field>]: <what>" so that the author of the file can
 * find the field, and returns TEEIO_ERR_USAGE_CONFIG.  The readers never
 * allocate; values borrowed from jansson live as long as the document.
 */
#ifndef TEEIO_JSON_H
#define TEEIO_JSON_H

#include <jansson.h>

#include "teeio/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Room for a field path such as "functions[2].bars[0].size". */
#define TEEIO_JSON_PATH_MAX 96
/* Longest "<what>" part of a message (before the prefix and path). */
#define TEEIO_JSON_MSG_MAX 192

/*
 * The conventions of one file format: how numbers may be written and how
 * a wrong type is worded.
 */
enum teeio_json_dialect {
	/*
	 * Numbers are JSON integers only; a JSON null is a wrong type.
	 * Words: "not an integer", "negative", "above <max>", "not a boolean".
	 */
	TEEIO_JSON_STRICT,
	/*
	 * Numbers are JSON integers or strings "123" / "0x7b"; a JSON null
	 * number is absent.  Words: "must be a number", "must not be negative",
	 * "must be at most <max> (0x<max>)", "must be true or false".
	 */
	TEEIO_JSON_LENIENT,
};

/* Where a parser reports to.  err may be NULL (messages are dropped). */
struct teeio_json {
	char *err;
	size_t err_cap;
	const char *prefix; /* before every message, e.g. "policy: "; NULL: none */
	enum teeio_json_dialect dialect;
};

/* Write "<path>.<key>" (just "<key>" when path is empty) to out[TEEIO_JSON_PATH_MAX]. */
void teeio_json_child(char *out, const char *path, const char *key);

/* Write "<path>.<key>[<i>]" (no leading dot when path is empty) to out[TEEIO_JSON_PATH_MAX]. */
void teeio_json_index(char *out, const char *path, const char *key, size_t i);

/*
 * Record "<prefix><path>.<field>: <fmt...>" (field NULL: "<path>", or
 * "(top)" for the empty path) and return TEEIO_ERR_USAGE_CONFIG.
 */
teeio_err teeio_json_fail(const struct teeio_json *c, const char *path, const char *field,
			  const char *fmt, ...) TEEIO_PRINTF(4, 5);

/* Index of s in the NULL-terminated names, or -1. */
int teeio_json_lookup(const char *const *names, const char *s);

/* Refuse ("unknown field") any member of obj not in the NULL-terminated allowed. */
TEEIO_MUST_CHECK teeio_err teeio_json_known(const struct teeio_json *c, const char *path,
					    json_t *obj, const char *const *allowed);

/*
 * The unsigned integer member obj.key, at most max, written as the
 * dialect allows.  Absent: *out = dflt, or "missing" when required.
 */
TEEIO_MUST_CHECK teeio_err teeio_json_uint(const struct teeio_json *c, const char *path,
					   json_t *obj, const char *key, bool required,
					   uint64_t dflt, uint64_t max, uint64_t *out);

/* The boolean member obj.key (absent: *out = dflt). */
TEEIO_MUST_CHECK teeio_err teeio_json_bool(const struct teeio_json *c, const char *path,
					   json_t *obj, const char *key, bool dflt, bool *out);

/*
 * The hex-string member obj.key decoded into out[cap] (absent: *len = 0).
 * Errors: "must be a hex string", "longer than <cap> bytes", "not an even
 * number of hex digits".
 */
TEEIO_MUST_CHECK teeio_err teeio_json_hex(const struct teeio_json *c, const char *path, json_t *obj,
					  const char *key, uint8_t *out, size_t cap, size_t *len);

/*
 * The string member obj.key, borrowed from the document ("not a string").
 * Absent: *out = NULL, or "missing" when required.
 */
TEEIO_MUST_CHECK teeio_err teeio_json_string(const struct teeio_json *c, const char *path,
					     json_t *obj, const char *key, bool required,
					     const char **out);

/*
 * The object member obj.key ("not an object").  Absent or null: *out =
 * NULL, or "missing" when required.
 */
TEEIO_MUST_CHECK teeio_err teeio_json_object(const struct teeio_json *c, const char *path,
					     json_t *obj, const char *key, bool required,
					     json_t **out);

/*
 * The array member obj.key ("not an array").  Absent or null: *out =
 * NULL, or "missing" when required.
 */
TEEIO_MUST_CHECK teeio_err teeio_json_array(const struct teeio_json *c, const char *path,
					    json_t *obj, const char *key, bool required,
					    json_t **out);

#ifdef __cplusplus
}
#endif

#endif
