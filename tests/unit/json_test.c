/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The shared JSON field readers (teeio/json.h): field paths, the message
 * prefix, both dialects' number syntax and wording, ranges, hex, strings,
 * objects, arrays and unknown members.
 */
#include <stdio.h>
#include <string.h>

#include "teeio/json.h"
#include "test.h"

static char err[TEEIO_JSON_MSG_MAX + TEEIO_JSON_PATH_MAX + 16];
static const struct teeio_json strict = {err, sizeof(err), "policy: ", TEEIO_JSON_STRICT};
static const struct teeio_json lenient = {err, sizeof(err), "", TEEIO_JSON_LENIENT};

/* Parse a JSON object literal; aborts the test run on a bad literal. */
static json_t *obj(const char *text)
{
	json_t *o = json_loads(text, 0, NULL);

	if (!o || !json_is_object(o)) {
		fprintf(stderr, "bad test literal %s\n", text);
		exit(1);
	}
	return o;
}

/* err holds exactly want. */
#define CHECK_MSG(want)                                                                            \
	do {                                                                                       \
		if (strcmp(err, (want)) != 0)                                                      \
			test_fail(__FILE__, __LINE__, "message \"%s\", want \"%s\"", err, (want)); \
	} while (0)

TEST(paths)
{
	char p[TEEIO_JSON_PATH_MAX], q[TEEIO_JSON_PATH_MAX];

	teeio_json_child(p, "", "vendor_id");
	CHECK(!strcmp(p, "vendor_id"));
	teeio_json_index(p, "", "functions", 2);
	CHECK(!strcmp(p, "functions[2]"));
	teeio_json_index(q, p, "bars", 0);
	CHECK(!strcmp(q, "functions[2].bars[0]"));
	teeio_json_child(p, q, "size");
	CHECK(!strcmp(p, "functions[2].bars[0].size"));
}

TEST(paths_truncate_to_bound)
{
	char big[200], p[TEEIO_JSON_PATH_MAX + 8];

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memset(p, 'X', sizeof(p));
	teeio_json_child(p, big, "k");
	CHECK_EQ(strlen(p), TEEIO_JSON_PATH_MAX - 1);
	CHECK(p[TEEIO_JSON_PATH_MAX] == 'X'); /* nothing written past the bound */
}

TEST(fail_message_shapes)
{
	struct teeio_json none = {err, sizeof(err), NULL, TEEIO_JSON_STRICT};
	struct teeio_json sink = {NULL, 0, "policy: ", TEEIO_JSON_STRICT};
	char small[8];
	struct teeio_json tiny = {small, sizeof(small), "", TEEIO_JSON_LENIENT};

	CHECK_ERR(teeio_json_fail(&strict, "a.b", "c", "bad %d", 7), TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("policy: a.b.c: bad 7");
	CHECK_ERR(teeio_json_fail(&strict, "a[1]", NULL, "x"), TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("policy: a[1]: x");
	CHECK_ERR(teeio_json_fail(&lenient, "", NULL, "not a JSON object"), TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("(top): not a JSON object");
	CHECK_ERR(teeio_json_fail(&none, "", "k", "y"), TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("k: y");
	/* No sink: still the error, nothing written. */
	CHECK_ERR(teeio_json_fail(&sink, "", "k", "y"), TEEIO_ERR_USAGE_CONFIG);
	/* A short sink is truncated and terminated. */
	CHECK_ERR(teeio_json_fail(&tiny, "", "field", "long message"), TEEIO_ERR_USAGE_CONFIG);
	CHECK(!strcmp(small, "field: "));
}

TEST(known_and_lookup)
{
	static const char *const names[] = {"size", "mem64", NULL};
	json_t *o = obj("{\"size\": 1, \"mem64\": true}");
	json_t *u = obj("{\"size\": 1, \"io\": true}");

	CHECK_EQ(teeio_json_lookup(names, "size"), 0);
	CHECK_EQ(teeio_json_lookup(names, "mem64"), 1);
	CHECK_EQ(teeio_json_lookup(names, "Size"), -1);
	CHECK_OK(teeio_json_known(&lenient, "bars[0]", o, names));
	CHECK_ERR(teeio_json_known(&lenient, "bars[0]", u, names), TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("bars[0].io: unknown field");
	CHECK_ERR(teeio_json_known(&strict, "", u, names), TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("policy: io: unknown field");
	json_decref(o);
	json_decref(u);
}

TEST(uint_strict)
{
	json_t *o = obj("{\"a\": 254, \"b\": 255, \"n\": -1, \"s\": \"12\", \"z\": null, "
			"\"f\": 1.5}");
	uint64_t v = 0;

	CHECK_OK(teeio_json_uint(&strict, "m", o, "a", true, 0, 254, &v));
	CHECK_EQ(v, 254);
	CHECK_ERR(teeio_json_uint(&strict, "m", o, "b", true, 0, 254, &v), TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("policy: m.b: above 254");
	CHECK_ERR(teeio_json_uint(&strict, "m", o, "n", true, 0, 254, &v), TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("policy: m.n: negative");
	CHECK_ERR(teeio_json_uint(&strict, "m", o, "s", true, 0, 254, &v), TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("policy: m.s: not an integer");
	CHECK_ERR(teeio_json_uint(&strict, "m", o, "z", false, 0, 254, &v), TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("policy: m.z: not an integer");
	CHECK_ERR(teeio_json_uint(&strict, "m", o, "f", false, 0, 254, &v), TEEIO_ERR_USAGE_CONFIG);
	CHECK_ERR(teeio_json_uint(&strict, "m", o, "gone", true, 0, 254, &v),
		  TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("policy: m.gone: missing");
	CHECK_OK(teeio_json_uint(&strict, "m", o, "gone", false, 9, 254, &v));
	CHECK_EQ(v, 9);
	json_decref(o);
}

TEST(uint_lenient)
{
	json_t *o = obj("{\"d\": \"123\", \"h\": \"0x7B\", \"i\": 31, \"big\": 32, \"n\": -1, "
			"\"junk\": \"0xzz\", \"sign\": \"+1\", \"x\": \"0x\", \"neg\": \"-0x1\", "
			"\"ovf\": \"0x1ffffffffffffffff\", \"t\": true, \"z\": null, \"e\": \"\"}");
	uint64_t v = 0;

	CHECK_OK(teeio_json_uint(&lenient, "", o, "d", true, 0, 1000, &v));
	CHECK_EQ(v, 123);
	CHECK_OK(teeio_json_uint(&lenient, "", o, "h", true, 0, 1000, &v));
	CHECK_EQ(v, 0x7b);
	CHECK_OK(teeio_json_uint(&lenient, "", o, "i", true, 0, 31, &v));
	CHECK_EQ(v, 31);
	CHECK_ERR(teeio_json_uint(&lenient, "", o, "big", true, 0, 31, &v), TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("big: must be at most 31 (0x1f)");
	CHECK_ERR(teeio_json_uint(&lenient, "", o, "n", true, 0, 31, &v), TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("n: must not be negative");
	CHECK_ERR(teeio_json_uint(&lenient, "", o, "junk", true, 0, 31, &v),
		  TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("junk: not a number (use 123 or \"0x7b\")");
	CHECK_ERR(teeio_json_uint(&lenient, "", o, "sign", true, 0, 31, &v),
		  TEEIO_ERR_USAGE_CONFIG);
	CHECK_ERR(teeio_json_uint(&lenient, "", o, "x", true, 0, 31, &v), TEEIO_ERR_USAGE_CONFIG);
	CHECK_ERR(teeio_json_uint(&lenient, "", o, "neg", true, 0, 31, &v), TEEIO_ERR_USAGE_CONFIG);
	CHECK_ERR(teeio_json_uint(&lenient, "", o, "ovf", true, 0, UINT64_MAX, &v),
		  TEEIO_ERR_USAGE_CONFIG);
	CHECK_ERR(teeio_json_uint(&lenient, "", o, "e", true, 0, 31, &v), TEEIO_ERR_USAGE_CONFIG);
	CHECK_ERR(teeio_json_uint(&lenient, "", o, "t", true, 0, 31, &v), TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("t: must be a number");
	/* null is absent in this dialect. */
	CHECK_OK(teeio_json_uint(&lenient, "", o, "z", false, 5, 31, &v));
	CHECK_EQ(v, 5);
	CHECK_ERR(teeio_json_uint(&lenient, "", o, "z", true, 5, 31, &v), TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("z: missing");
	json_decref(o);
}

TEST(bool_both_dialects)
{
	json_t *o = obj("{\"t\": true, \"f\": false, \"one\": 1}");
	bool b = false;

	CHECK_OK(teeio_json_bool(&strict, "", o, "t", false, &b));
	CHECK(b);
	CHECK_OK(teeio_json_bool(&lenient, "", o, "f", true, &b));
	CHECK(!b);
	CHECK_OK(teeio_json_bool(&strict, "", o, "gone", true, &b));
	CHECK(b);
	CHECK_ERR(teeio_json_bool(&strict, "x", o, "one", false, &b), TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("policy: x.one: not a boolean");
	CHECK_ERR(teeio_json_bool(&lenient, "x", o, "one", false, &b), TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("x.one: must be true or false");
	json_decref(o);
}

TEST(hex)
{
	static const uint8_t want[] = {0x01, 0xab, 0xCD};
	json_t *o = obj("{\"ok\": \"01abCD\", \"odd\": \"abc\", \"bad\": \"zz\", \"num\": 12, "
			"\"long\": \"0102030405\"}");
	uint8_t out[4];
	size_t n = 99;

	CHECK_OK(teeio_json_hex(&lenient, "f", o, "ok", out, sizeof(out), &n));
	CHECK_EQ(n, 3);
	CHECK_MEM(out, want, 3);
	CHECK_OK(teeio_json_hex(&lenient, "f", o, "gone", out, sizeof(out), &n));
	CHECK_EQ(n, 0);
	CHECK_ERR(teeio_json_hex(&lenient, "f", o, "odd", out, sizeof(out), &n),
		  TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("f.odd: not an even number of hex digits");
	CHECK_ERR(teeio_json_hex(&lenient, "f", o, "bad", out, sizeof(out), &n),
		  TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("f.bad: not an even number of hex digits");
	CHECK_ERR(teeio_json_hex(&lenient, "f", o, "num", out, sizeof(out), &n),
		  TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("f.num: must be a hex string");
	CHECK_ERR(teeio_json_hex(&lenient, "f", o, "long", out, sizeof(out), &n),
		  TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("f.long: longer than 4 bytes");
	json_decref(o);
}

TEST(string_member)
{
	json_t *o = obj("{\"s\": \"abc\", \"n\": 3, \"z\": null}");
	const char *s = "junk";

	CHECK_OK(teeio_json_string(&strict, "", o, "s", true, &s));
	CHECK(s && !strcmp(s, "abc"));
	CHECK_OK(teeio_json_string(&strict, "", o, "gone", false, &s));
	CHECK(s == NULL);
	CHECK_ERR(teeio_json_string(&strict, "", o, "gone", true, &s), TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("policy: gone: missing");
	CHECK_ERR(teeio_json_string(&strict, "", o, "n", true, &s), TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("policy: n: not a string");
	CHECK_ERR(teeio_json_string(&strict, "", o, "z", false, &s), TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("policy: z: not a string");
	json_decref(o);
}

TEST(object_and_array_members)
{
	json_t *o = obj("{\"o\": {}, \"a\": [1], \"z\": null}");
	json_t *v = NULL;

	CHECK_OK(teeio_json_object(&strict, "", o, "o", true, &v));
	CHECK(v && json_is_object(v));
	CHECK_OK(teeio_json_array(&strict, "", o, "a", true, &v));
	CHECK(v && json_is_array(v));
	CHECK_OK(teeio_json_object(&strict, "", o, "z", false, &v));
	CHECK(v == NULL);
	CHECK_OK(teeio_json_array(&strict, "", o, "gone", false, &v));
	CHECK(v == NULL);
	CHECK_ERR(teeio_json_array(&strict, "spdm", o, "z", true, &v), TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("policy: spdm.z: missing");
	CHECK_ERR(teeio_json_object(&strict, "", o, "a", false, &v), TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("policy: a: not an object");
	CHECK_ERR(teeio_json_array(&strict, "", o, "o", false, &v), TEEIO_ERR_USAGE_CONFIG);
	CHECK_MSG("policy: o: not an array");
	json_decref(o);
}

int main(void)
{
	RUN(paths);
	RUN(paths_truncate_to_bound);
	RUN(fail_message_shapes);
	RUN(known_and_lookup);
	RUN(uint_strict);
	RUN(uint_lenient);
	RUN(bool_both_dialects);
	RUN(hex);
	RUN(string_member);
	RUN(object_and_array_members);
	return test_summary();
}
