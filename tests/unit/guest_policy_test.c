/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Guest policy parser (src/guest/policy*.c, pem.c): the built-in policy
 * and policies/default.json, trust anchors in every accepted form, and a
 * malformed case for every field, each refused with an error that names
 * the field.
 */
#include <stdio.h>
#include <string.h>

#include "teeio/guest.h"
#include "test.h"

static const struct teeio_crypto_ops *ops;
static struct teeio_pki_chain chain; /* generated once; its root is the anchor */
static struct teeio_guest_policy pol;
static char dir[512];

static teeio_err parse(const char *json, char *err)
{
	return teeio_guest_policy_parse(ops, json, strlen(json), dir, &pol, err,
					TEEIO_GUEST_ERR_MAX);
}

/* Standard base64 of der (for the "base64" form). */
static void b64(const uint8_t *in, size_t n, char *out)
{
	static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i, o = 0;

	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		out[o++] = al[v >> 18];
		out[o++] = al[(v >> 12) & 63];
		out[o++] = al[(v >> 6) & 63];
		out[o++] = al[v & 63];
	}
	if (n - i == 1) {
		uint32_t v = (uint32_t)in[i] << 16;
		out[o++] = al[v >> 18];
		out[o++] = al[(v >> 12) & 63];
		out[o++] = '=';
		out[o++] = '=';
	} else if (n - i == 2) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
		out[o++] = al[v >> 18];
		out[o++] = al[(v >> 12) & 63];
		out[o++] = al[(v >> 6) & 63];
		out[o++] = '=';
	}
	out[o] = '\0';
}

TEST(default_policy_parses)
{
	CHECK_OK(teeio_guest_policy_default(ops, &pol));
	CHECK(!strcmp(pol.name, "teeio-default"));
	CHECK_EQ(pol.n_roots, 0);
	CHECK_EQ(pol.spdm_min_version, 0x12);
	CHECK(pol.allow_asym & (1u << TEEIO_SIG_ECDSA_P384));
	CHECK(!(pol.allow_asym & (1u << TEEIO_SIG_ECDSA_P256)));
	CHECK_EQ(pol.allow_meas_hash, 1u << TEEIO_HASH_SHA384);
	CHECK_EQ(pol.n_meas, 8);
	CHECK_EQ(pol.meas[0].index, 1);
	CHECK(pol.meas[0].mandatory && pol.meas[0].kind == TEEIO_GUEST_REF_DIGEST);
	CHECK_EQ(pol.meas[0].hash, TEEIO_HASH_SHA384);
	CHECK_EQ(pol.meas[0].type, TEEIO_SPDM_MEAS_IMMUTABLE_ROM);
	CHECK(!pol.meas[3].mandatory);
	CHECK(pol.meas[6].kind == TEEIO_GUEST_REF_RAW && pol.meas[6].len == 5);
	CHECK(!memcmp(pol.meas[6].value, "1.0.0", 5));
	CHECK(!pol.allow_unlisted);
	CHECK_EQ(pol.min_ranges, 3);
	CHECK_EQ(pol.max_ranges, 5);
	CHECK_EQ(pol.n_ranges, 3);
	CHECK(pol.ranges[1].non_tee && pol.ranges[1].pages == 1);
	CHECK(pol.ranges_exact && pol.no_fw_update && !pol.msix_locked);
	CHECK_EQ(pol.dma_without_pasid, TEEIO_GUEST_REQUIRED);
	CHECK_EQ(pol.ats, TEEIO_GUEST_FORBIDDEN);
}

TEST(default_policy_matches_the_file)
{
	const char *src = getenv("TEEIO_SRC");
	char path[1024];
	unsigned char *text;
	size_t len;
	char err[TEEIO_GUEST_ERR_MAX];

	if (!src) {
		test_skip("TEEIO_SRC not set");
		return;
	}
	snprintf(path, sizeof(path), "%s/policies/default.json", src);
	text = test_read_file(path, &len);
	CHECK(text != NULL);
	if (!text)
		return;
	CHECK_EQ(len, strlen(teeio_guest_policy_default_json()));
	CHECK(!memcmp(text, teeio_guest_policy_default_json(), len));
	free(text);
	CHECK_OK(teeio_guest_policy_load(ops, path, &pol, err, sizeof(err)));
	CHECK_EQ(pol.n_meas, 8);
}

TEST(empty_policy_takes_defaults)
{
	char err[TEEIO_GUEST_ERR_MAX];

	CHECK_OK(parse("{}", err));
	CHECK_EQ(pol.spdm_min_version, 0x12);
	CHECK_EQ(pol.allow_asym, 0);
	CHECK_EQ(pol.min_ranges, 1);
	CHECK_EQ(pol.max_ranges, TEEIO_TDISP_RANGES_MAX);
	CHECK_EQ(pol.n_meas, 0);
}

TEST(roots_in_every_form)
{
	const struct teeio_pki_cert *root = &chain.certs[0];
	char path[1024], json[12288], text[2048], enc[4096];
	char err[TEEIO_GUEST_ERR_MAX];
	FILE *f;
	size_t n;

	/* DER file and PEM file, relative to the policy's directory. */
	snprintf(path, sizeof(path), "%s/root.der", dir);
	f = fopen(path, "wb");
	CHECK(f && fwrite(root->der, 1, root->len, f) == root->len);
	fclose(f);
	snprintf(path, sizeof(path), "%s/root.pem", dir);
	f = fopen(path, "w");
	CHECK(f != NULL);
	CHECK_OK(teeio_pki_write_pem(f, "CERTIFICATE", root->der, root->len));
	fclose(f);
	CHECK_OK(parse("{\"roots\": [{\"file\": \"root.der\"}, {\"file\": \"root.pem\"}]}", err));
	CHECK_EQ(pol.n_roots, 2);
	CHECK_EQ(pol.roots[0].len, root->len);
	CHECK_MEM(pol.roots[0].der, root->der, root->len);
	CHECK_MEM(pol.roots[1].der, root->der, root->len);

	/* base64 and inline PEM (JSON escapes the newlines). */
	b64(root->der, root->len, enc);
	snprintf(json, sizeof(json), "{\"roots\": [{\"base64\": \"%s\"}]}", enc);
	CHECK_OK(parse(json, err));
	CHECK_MEM(pol.roots[0].der, root->der, root->len);
	f = fopen(path, "r");
	n = f ? fread(text, 1, sizeof(text) - 1, f) : 0;
	if (f)
		fclose(f);
	text[n] = '\0';
	{
		char esc[4096];
		size_t i, o = 0;
		for (i = 0; i < n; i++) {
			if (text[i] == '\n') {
				esc[o++] = '\\';
				esc[o++] = 'n';
			} else {
				esc[o++] = text[i];
			}
		}
		esc[o] = '\0';
		snprintf(json, sizeof(json), "{\"roots\": [{\"pem\": \"%s\"}]}", esc);
	}
	CHECK_OK(parse(json, err));
	CHECK_MEM(pol.roots[0].der, root->der, root->len);

	/* And through the API. */
	CHECK_OK(parse("{}", err));
	CHECK_OK(teeio_guest_policy_add_root(&pol, root->der, root->len));
	CHECK_EQ(pol.n_roots, 1);
	CHECK_ERR(teeio_guest_policy_add_root(&pol, root->der, 0), TEEIO_ERR_USAGE);
}

/* One malformed document, the error it must give and the message start. */
struct bad {
	const char *json;
	teeio_err want;
	const char *msg;
};

static const struct bad bad_cases[] = {
    {"{", TEEIO_ERR_PROTO, "policy: line 1"},
    {"[]", TEEIO_ERR_USAGE_CONFIG, "policy: (top): not a JSON object"},
    {"{\"bogus\": 1}", TEEIO_ERR_USAGE_CONFIG, "policy: bogus: unknown field"},
    {"{\"name\": 3}", TEEIO_ERR_USAGE_CONFIG, "policy: name: not a string"},
    {"{\"name\": \"0123456789012345678901234567890123456789012345678901234567890123\"}",
     TEEIO_ERR_USAGE_CONFIG, "policy: name: longer than"},
    /* roots */
    {"{\"roots\": {}}", TEEIO_ERR_USAGE_CONFIG, "policy: roots: not an array"},
    {"{\"roots\": [1]}", TEEIO_ERR_USAGE_CONFIG, "policy: roots[0]: not an object"},
    {"{\"roots\": [{}]}", TEEIO_ERR_USAGE_CONFIG, "policy: roots[0]: needs exactly one"},
    {"{\"roots\": [{\"file\": \"a\", \"base64\": \"AAAA\"}]}", TEEIO_ERR_USAGE_CONFIG,
     "policy: roots[0]: needs exactly one"},
    {"{\"roots\": [{\"base64\": \"not*base64\"}]}", TEEIO_ERR_USAGE_CONFIG,
     "policy: roots[0].base64: not base64"},
    {"{\"roots\": [{\"base64\": \"AAA\"}]}", TEEIO_ERR_USAGE_CONFIG,
     "policy: roots[0].base64: not base64"},
    {"{\"roots\": [{\"base64\": \"AAAAAAAA\"}]}", TEEIO_ERR_USAGE_CONFIG,
     "policy: roots[0]: not one X.509 certificate"},
    {"{\"roots\": [{\"pem\": \"no pem here\"}]}", TEEIO_ERR_USAGE_CONFIG,
     "policy: roots[0].pem: no PEM certificate"},
    {"{\"roots\": [{\"file\": \"does-not-exist.der\"}]}", TEEIO_ERR_USAGE_NOT_FOUND,
     "policy: roots[0].file: cannot read"},
    {"{\"roots\": [{\"file\": 7}]}", TEEIO_ERR_USAGE_CONFIG, "policy: roots[0].file: not a string"},
    {"{\"roots\": [{\"der\": \"AAAA\"}]}", TEEIO_ERR_USAGE_CONFIG,
     "policy: roots[0].der: unknown field"},
    {"{\"roots\": "
     "[{\"file\":\"a\"},{\"file\":\"a\"},{\"file\":\"a\"},{\"file\":\"a\"},{\"file\":\"a\"}]}",
     TEEIO_ERR_USAGE_CONFIG, "policy: roots: more than 4"},
    /* spdm */
    {"{\"spdm\": []}", TEEIO_ERR_USAGE_CONFIG, "policy: spdm: not an object"},
    {"{\"spdm\": {\"min_version\": \"2.0\"}}", TEEIO_ERR_USAGE_CONFIG,
     "policy: spdm.min_version: not one of"},
    {"{\"spdm\": {\"min_version\": 1.2}}", TEEIO_ERR_USAGE_CONFIG,
     "policy: spdm.min_version: not a string"},
    {"{\"spdm\": {\"asym\": [\"rsa-1024\"]}}", TEEIO_ERR_USAGE_CONFIG,
     "policy: spdm.asym[0]: unknown algorithm"},
    {"{\"spdm\": {\"hash\": [\"sha384\", 5]}}", TEEIO_ERR_USAGE_CONFIG,
     "policy: spdm.hash[1]: not a string"},
    {"{\"spdm\": {\"measurement_hash\": \"sha384\"}}", TEEIO_ERR_USAGE_CONFIG,
     "policy: spdm.measurement_hash: not an array"},
    {"{\"spdm\": {\"dhe\": [\"x25519\"]}}", TEEIO_ERR_USAGE_CONFIG,
     "policy: spdm.dhe[0]: unknown algorithm"},
    {"{\"spdm\": {\"aead\": [\"aes-ocb\"]}}", TEEIO_ERR_USAGE_CONFIG,
     "policy: spdm.aead[0]: unknown algorithm"},
    {"{\"spdm\": {\"kdf\": []}}", TEEIO_ERR_USAGE_CONFIG, "policy: spdm.kdf: unknown field"},
    /* measurements */
    {"{\"measurements\": {}}", TEEIO_ERR_USAGE_CONFIG, "policy: measurements: not an array"},
    {"{\"measurements\": [3]}", TEEIO_ERR_USAGE_CONFIG, "policy: measurements[0]: not an object"},
    {"{\"measurements\": [{\"raw\": \"00\"}]}", TEEIO_ERR_USAGE_CONFIG,
     "policy: measurements[0].index: missing"},
    {"{\"measurements\": [{\"index\": 0, \"raw\": \"00\"}]}", TEEIO_ERR_USAGE_CONFIG,
     "policy: measurements[0].index: must be 1..254"},
    {"{\"measurements\": [{\"index\": 255, \"raw\": \"00\"}]}", TEEIO_ERR_USAGE_CONFIG,
     "policy: measurements[0].index: above 254"},
    {"{\"measurements\": [{\"index\": -1, \"raw\": \"00\"}]}", TEEIO_ERR_USAGE_CONFIG,
     "policy: measurements[0].index: negative"},
    {"{\"measurements\": [{\"index\": \"1\", \"raw\": \"00\"}]}", TEEIO_ERR_USAGE_CONFIG,
     "policy: measurements[0].index: not an integer"},
    {"{\"measurements\": [{\"index\": 1, \"raw\": \"00\", \"mandatory\": 1}]}",
     TEEIO_ERR_USAGE_CONFIG, "policy: measurements[0].mandatory: not a boolean"},
    {"{\"measurements\": [{\"index\": 1, \"raw\": \"00\", \"type\": \"bios\"}]}",
     TEEIO_ERR_USAGE_CONFIG, "policy: measurements[0].type: unknown type"},
    {"{\"measurements\": [{\"index\": 1, \"raw\": \"00\"}, {\"index\": 2, \"raw\": \"00\"},"
     " {\"index\": 3, \"raw\": \"00\"}, {\"index\": 4, \"digest\": \"zz\"}]}",
     TEEIO_ERR_USAGE_CONFIG, "policy: measurements[3].digest: not hex"},
    {"{\"measurements\": [{\"index\": 1, \"digest\": \"0011\"}]}", TEEIO_ERR_USAGE_CONFIG,
     "policy: measurements[0].digest: 2 bytes is no SHA"},
    {"{\"measurements\": [{\"index\": 1, \"hash\": \"sha384\", \"digest\": "
     "\"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\"}]}",
     TEEIO_ERR_USAGE_CONFIG, "policy: measurements[0].hash: \"sha384\" does not match"},
    {"{\"measurements\": [{\"index\": 1, \"raw\": \"0\"}]}", TEEIO_ERR_USAGE_CONFIG,
     "policy: measurements[0].raw: not hex"},
    {"{\"measurements\": [{\"index\": 1, \"raw\": \"\"}]}", TEEIO_ERR_USAGE_CONFIG,
     "policy: measurements[0].raw: empty"},
    {"{\"measurements\": [{\"index\": 1, \"text\": \"\"}]}", TEEIO_ERR_USAGE_CONFIG,
     "policy: measurements[0].text: empty"},
    {"{\"measurements\": [{\"index\": 1, \"raw\": \"00\", \"text\": \"a\"}]}",
     TEEIO_ERR_USAGE_CONFIG, "policy: measurements[0]: needs exactly one of digest, raw, text"},
    {"{\"measurements\": [{\"index\": 1}]}", TEEIO_ERR_USAGE_CONFIG,
     "policy: measurements[0]: needs exactly one"},
    {"{\"measurements\": [{\"index\": 1, \"raw\": \"00\", \"hash\": \"sha256\"}]}",
     TEEIO_ERR_USAGE_CONFIG, "policy: measurements[0].hash: only with digest"},
    {"{\"measurements\": [{\"index\": 1, \"raw\": \"00\"}, {\"index\": 1, \"raw\": \"01\"}]}",
     TEEIO_ERR_USAGE_CONFIG, "policy: measurements[1].index: 1 listed twice"},
    {"{\"measurements\": [{\"index\": 1, \"raw\": \"00\", \"svn\": 1}]}", TEEIO_ERR_USAGE_CONFIG,
     "policy: measurements[0].svn: unknown field"},
    {"{\"allow_unlisted_measurements\": \"yes\"}", TEEIO_ERR_USAGE_CONFIG,
     "policy: allow_unlisted_measurements: not a boolean"},
    /* interface_report */
    {"{\"interface_report\": 1}", TEEIO_ERR_USAGE_CONFIG,
     "policy: interface_report: not an object"},
    {"{\"interface_report\": {\"min_ranges\": -1}}", TEEIO_ERR_USAGE_CONFIG,
     "policy: interface_report.min_ranges: negative"},
    {"{\"interface_report\": {\"max_ranges\": 65}}", TEEIO_ERR_USAGE_CONFIG,
     "policy: interface_report.max_ranges: above 64"},
    {"{\"interface_report\": {\"min_ranges\": 4, \"max_ranges\": 3}}", TEEIO_ERR_USAGE_CONFIG,
     "policy: interface_report.min_ranges: above max_ranges"},
    {"{\"interface_report\": {\"max_range_pages\": \"16\"}}", TEEIO_ERR_USAGE_CONFIG,
     "policy: interface_report.max_range_pages: not an integer"},
    {"{\"interface_report\": {\"msix_locked\": null}}", TEEIO_ERR_USAGE_CONFIG,
     "policy: interface_report.msix_locked: not a boolean"},
    {"{\"interface_report\": {\"no_update_after_lock\": 0}}", TEEIO_ERR_USAGE_CONFIG,
     "policy: interface_report.no_update_after_lock: not a boolean"},
    {"{\"interface_report\": {\"ranges\": {}}}", TEEIO_ERR_USAGE_CONFIG,
     "policy: interface_report.ranges: not an array"},
    {"{\"interface_report\": {\"ranges\": [7]}}", TEEIO_ERR_USAGE_CONFIG,
     "policy: interface_report.ranges[0]: not an object"},
    {"{\"interface_report\": {\"ranges\": [{\"kind\": \"bar\", \"id\": 0, \"pages\": 1}]}}",
     TEEIO_ERR_USAGE_CONFIG, "policy: interface_report.ranges[0].kind: not one of"},
    {"{\"interface_report\": {\"ranges\": [{\"pages\": 1}]}}", TEEIO_ERR_USAGE_CONFIG,
     "policy: interface_report.ranges[0].id: missing"},
    {"{\"interface_report\": {\"ranges\": [{\"id\": 65536, \"pages\": 1}]}}",
     TEEIO_ERR_USAGE_CONFIG, "policy: interface_report.ranges[0].id: above 65535"},
    {"{\"interface_report\": {\"ranges\": [{\"id\": 0, \"pages\": 0}]}}", TEEIO_ERR_USAGE_CONFIG,
     "policy: interface_report.ranges[0].pages: must be at least 1"},
    {"{\"interface_report\": {\"ranges\": [{\"id\": 0, \"pages\": 1, \"non_tee\": \"no\"}]}}",
     TEEIO_ERR_USAGE_CONFIG, "policy: interface_report.ranges[0].non_tee: not a boolean"},
    {"{\"interface_report\": {\"ranges\": [{\"id\": 0, \"pages\": 1}, {\"id\": 0, \"pages\": 2}]}}",
     TEEIO_ERR_USAGE_CONFIG, "policy: interface_report.ranges[1].id: mmio range 0 listed twice"},
    {"{\"interface_report\": {\"ranges\": [{\"id\": 0, \"pages\": 1, \"bar\": 0}]}}",
     TEEIO_ERR_USAGE_CONFIG, "policy: interface_report.ranges[0].bar: unknown field"},
    {"{\"interface_report\": {\"ranges_exact\": true}}", TEEIO_ERR_USAGE_CONFIG,
     "policy: interface_report.ranges_exact: needs a list of ranges"},
    {"{\"interface_report\": {\"tph\": true}}", TEEIO_ERR_USAGE_CONFIG,
     "policy: interface_report.tph: unknown field"},
    /* dma */
    {"{\"dma\": []}", TEEIO_ERR_USAGE_CONFIG, "policy: dma: not an object"},
    {"{\"dma\": {\"without_pasid\": \"maybe\"}}", TEEIO_ERR_USAGE_CONFIG,
     "policy: dma.without_pasid: not one of required, allowed, forbidden"},
    {"{\"dma\": {\"ats\": true}}", TEEIO_ERR_USAGE_CONFIG, "policy: dma.ats: not a string"},
    {"{\"dma\": {\"p2p\": \"allowed\"}}", TEEIO_ERR_USAGE_CONFIG, "policy: dma.p2p: unknown field"},
};

TEST(malformed_fields_are_named)
{
	char err[TEEIO_GUEST_ERR_MAX];
	size_t i;

	for (i = 0; i < TEEIO_ARRAY_LEN(bad_cases); i++) {
		const struct bad *b = &bad_cases[i];
		teeio_err e = parse(b->json, err);

		if (e != b->want || strncmp(err, b->msg, strlen(b->msg)) != 0)
			test_fail(__FILE__, __LINE__, "case %zu %s: %s \"%s\", want %s \"%s...\"",
				  i, b->json, teeio_err_str(e), err, teeio_err_str(b->want),
				  b->msg);
		/* A refused policy is left empty, never half filled. */
		CHECK_EQ(pol.n_meas, 0);
		CHECK_EQ(pol.n_roots, 0);
	}
}

TEST(too_many_measurements)
{
	char json[8192], err[TEEIO_GUEST_ERR_MAX];
	size_t o, i;

	o = (size_t)snprintf(json, sizeof(json), "{\"measurements\": [");
	for (i = 1; i <= TEEIO_GUEST_MEAS_MAX + 1; i++)
		o += (size_t)snprintf(json + o, sizeof(json) - o,
				      "%s{\"index\": %zu, \"raw\": \"00\"}", i > 1 ? "," : "", i);
	snprintf(json + o, sizeof(json) - o, "]}");
	CHECK_ERR(parse(json, err), TEEIO_ERR_USAGE_CONFIG);
	CHECK(strstr(err, "policy: measurements: more than 32") == err);
}

TEST(long_raw_value_refused)
{
	char json[2048], err[TEEIO_GUEST_ERR_MAX];
	size_t o, i;

	o = (size_t)snprintf(json, sizeof(json), "{\"measurements\": [{\"index\": 1, \"raw\": \"");
	for (i = 0; i < TEEIO_GUEST_MEAS_VALUE_MAX + 1; i++)
		o += (size_t)snprintf(json + o, sizeof(json) - o, "ab");
	snprintf(json + o, sizeof(json) - o, "\"}]}");
	CHECK_ERR(parse(json, err), TEEIO_ERR_USAGE_CONFIG);
	CHECK(strstr(err, "policy: measurements[0].raw: longer than 256 bytes") == err);
}

TEST(load_missing_file)
{
	char err[TEEIO_GUEST_ERR_MAX];

	CHECK_ERR(teeio_guest_policy_load(ops, "/nonexistent/policy.json", &pol, err, sizeof(err)),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	CHECK(strstr(err, "cannot open") != NULL);
}

int main(void)
{
	ops = teeio_crypto_openssl();
	snprintf(dir, sizeof(dir), "%s", test_tmpdir("guest_policy"));
	if (teeio_pki_generate_device(ops, TEEIO_SIG_ECDSA_P256, 0, &chain) != TEEIO_OK) {
		fprintf(stderr, "cannot generate a test chain\n");
		return 1;
	}
	RUN(default_policy_parses);
	RUN(default_policy_matches_the_file);
	RUN(empty_policy_takes_defaults);
	RUN(roots_in_every_form);
	RUN(malformed_fields_are_named);
	RUN(too_many_measurements);
	RUN(long_raw_value_refused);
	RUN(load_missing_file);
	teeio_pki_chain_free(ops, &chain);
	return test_summary();
}
