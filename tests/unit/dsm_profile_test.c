/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device profile parser: the built-in profile, the example profiles, a
 * round trip through the JSON writer, and one malformed profile per rule,
 * each checked for the exact field path and message it names.
 */
#include <stdlib.h>
#include <string.h>

#include "teeio/dsm.h"
#include "test.h"

/* A small valid profile: PF with a 64 KiB 64-bit BAR0; pieces are spliced
 * in at the top level, into the PF entry, and after the PF. */
#define TMPL                                                                           \
	"{\"vendor_id\":\"0x1234\",\"device_id\":1%s,\"functions\":[{\"type\":\"pf\"," \
	"\"bars\":[{\"size\":65536,\"mem64\":true}]%s}%s]}"

struct bad_case {
	const char *top, *pf, *more; /* splices (NULL: "")                     */
	const char *raw; /* whole document instead of the template */
	const char *want; /* expected error text (prefix match)     */
};

static const struct bad_case bad[] = {
    /* top level */
    {NULL, NULL, NULL, "[1,2]", "(top): the profile must be a JSON object"},
    {NULL, NULL, NULL, "{\"device_id\":1,\"functions\":[{\"type\":\"pf\"}]}", "vendor_id: missing"},
    {NULL, NULL, NULL, "{\"vendor_id\":\"0xffff\",\"device_id\":1,\"functions\":[]}",
     "vendor_id: 0x0000 and 0xFFFF are not vendor IDs"},
    {NULL, NULL, NULL, "{\"vendor_id\":1,\"functions\":[{\"type\":\"pf\"}]}", "device_id: missing"},
    {NULL, NULL, NULL, "{\"vendor_id\":1,\"device_id\":1}", "functions: missing"},
    {NULL, NULL, NULL, "{\"vendor_id\":1,\"device_id\":1,\"functions\":[]}",
     "functions: must be a non-empty array (the PF first)"},
    {",\"vendorid\":1", NULL, NULL, NULL, "vendorid: unknown field"},
    {",\"name\":\"\"", NULL, NULL, NULL, "name: must be a string of 1..63 characters"},
    {",\"name\":7", NULL, NULL, NULL, "name: must be a string of 1..63 characters"},
    {",\"device\":32", NULL, NULL, NULL, "device: must be at most 31 (0x1f)"},
    {",\"bus\":-1", NULL, NULL, NULL, "bus: must not be negative"},
    {",\"bus\":\"0xzz\"", NULL, NULL, NULL, "bus: not a number (use 123 or \"0x7b\")"},
    {",\"bus\":true", NULL, NULL, NULL, "bus: must be a number"},
    {",\"class_code\":\"0x1000000\"", NULL, NULL, NULL,
     "class_code: must be at most 16777215 (0xffffff)"},
    {",\"revision\":256", NULL, NULL, NULL, "revision: must be at most 255 (0xff)"},
    {",\"subsystem_id\":65536", NULL, NULL, NULL, "subsystem_id: must be at most 65535"},
    /* doe */
    {",\"doe\":[]", NULL, NULL, NULL, "doe: must be an object"},
    {",\"doe\":{\"mailbox_bytes\":258}", NULL, NULL, NULL,
     "doe.mailbox_bytes: must be a multiple of 4, at least 256"},
    {",\"doe\":{\"mailbox\":1}", NULL, NULL, NULL, "doe.mailbox: unknown field"},
    /* ide */
    {",\"ide\":{\"streams\":0}", NULL, NULL, NULL, "ide.streams: must be at least 1"},
    {",\"ide\":{\"streams\":9}", NULL, NULL, NULL, "ide.streams: must be at most 8 (0x8)"},
    {",\"ide\":{\"address_blocks\":5}", NULL, NULL, NULL, "ide.address_blocks: must be at most 4"},
    {",\"ide\":{\"streams\":8,\"address_blocks\":4}", NULL, NULL, NULL,
     "ide.address_blocks: 8 streams with 4 blocks need more than 128 register DWORDs"},
    {",\"ide\":{\"pcrc\":1}", NULL, NULL, NULL, "ide.pcrc: must be true or false"},
    {",\"ide\":3", NULL, NULL, NULL, "ide: must be an object"},
    /* measurements */
    {",\"measurements\":{}", NULL, NULL, NULL, "measurements: must be an array"},
    {",\"measurements\":[1]", NULL, NULL, NULL, "measurements[0]: must be an object"},
    {",\"measurements\":[{\"type\":\"svn\",\"value\":\"01\"}]", NULL, NULL, NULL,
     "measurements[0].index: missing"},
    {",\"measurements\":[{\"index\":0,\"type\":\"svn\",\"value\":\"01\"}]", NULL, NULL, NULL,
     "measurements[0].index: must be 1..254"},
    {",\"measurements\":[{\"index\":255,\"type\":\"svn\",\"value\":\"01\"}]", NULL, NULL, NULL,
     "measurements[0].index: must be at most 254"},
    {",\"measurements\":[{\"index\":1,\"type\":\"svn\",\"value\":\"01\"},"
     "{\"index\":1,\"type\":\"svn\",\"value\":\"01\"}]",
     NULL, NULL, NULL, "measurements[1].index: duplicates measurements[0]"},
    {",\"measurements\":[{\"index\":1,\"value\":\"01\"}]", NULL, NULL, NULL,
     "measurements[0].type: missing"},
    {",\"measurements\":[{\"index\":1,\"type\":\"rom\",\"value\":\"01\"}]", NULL, NULL, NULL,
     "measurements[0].type: unknown"},
    {",\"measurements\":[{\"index\":1,\"type\":\"svn\"}]", NULL, NULL, NULL,
     "measurements[0].value: missing or empty"},
    {",\"measurements\":[{\"index\":1,\"type\":\"svn\",\"value\":\"0\"}]", NULL, NULL, NULL,
     "measurements[0].value: not an even number of hex digits"},
    {",\"measurements\":[{\"index\":1,\"type\":\"svn\",\"value\":\"01\",\"text\":\"x\"}]", NULL,
     NULL, NULL, "measurements[0].text: give either value or text, not both"},
    {",\"measurements\":[{\"index\":1,\"type\":\"svn\",\"value\":\"01\",\"tcb\":\"yes\"}]", NULL,
     NULL, NULL, "measurements[0].tcb: must be true or false"},
    {",\"measurements\":[{\"index\":1,\"type\":\"svn\",\"value\":\"01\",\"hash\":1}]", NULL, NULL,
     NULL, "measurements[0].hash: unknown field"},
    /* functions */
    {NULL, NULL, ",{\"type\":\"pf\"}", NULL,
     "functions[1].type: only the first function may be the PF"},
    {NULL, NULL, NULL, "{\"vendor_id\":1,\"device_id\":1,\"functions\":[{\"type\":\"vf\"}]}",
     "functions[0].type: the first function must be the PF"},
    {NULL, NULL, ",{\"type\":\"xf\"}", NULL, "functions[1].type: must be \"pf\" or \"vf\""},
    {NULL, NULL, ",{}", NULL, "functions[1].type: missing (\"pf\" or \"vf\")"},
    {NULL, NULL, ",7", NULL, "functions[1]: must be an object"},
    {NULL, ",\"count\":2", NULL, NULL, "functions[0].count: the PF is one function"},
    {NULL, NULL, ",{\"type\":\"vf\",\"count\":0}", NULL, "functions[1].count: must be at least 1"},
    {NULL, NULL, ",{\"type\":\"vf\",\"count\":255},{\"type\":\"vf\"}", NULL,
     "functions[2].count: more than 256 functions in all"},
    {NULL, ",\"colour\":1", NULL, NULL, "functions[0].colour: unknown field"},
    /* bars */
    {NULL, NULL,
     ",{\"type\":\"vf\",\"bars\":[{\"size\":4096}]},"
     "{\"type\":\"vf\",\"bars\":[{\"size\":12288}]}",
     NULL, "functions[2].bars[0].size: must be a power of two"},
    {NULL, NULL,
     ",{\"type\":\"vf\",\"bars\":[{\"size\":4096}]},"
     "{\"type\":\"vf\",\"bars\":[{\"size\":8192}]}",
     NULL, "functions[2].bars[0].size: must equal functions[1].bars[0]"},
    {NULL, NULL, ",{\"type\":\"vf\",\"bars\":[{\"size\":2048}]}", NULL,
     "functions[1].bars[0].size: must be at least 4096 (TDISP reports pages)"},
    {NULL, NULL, ",{\"type\":\"vf\",\"bars\":[{\"size\":\"0x100000000\"}]}", NULL,
     "functions[1].bars[0].size: a 32-bit BAR holds at most 2 GiB"},
    {NULL, NULL, ",{\"type\":\"vf\",\"bars\":[{}]}", NULL, "functions[1].bars[0].size: missing"},
    {NULL, NULL, ",{\"type\":\"vf\",\"bars\":[{\"size\":4096,\"mem64\":true},{\"size\":4096}]}",
     NULL, "functions[1].bars[1]: must be null: bars[0] is 64-bit and uses this slot"},
    {NULL, NULL,
     ",{\"type\":\"vf\",\"bars\":[null,null,null,null,null,{\"size\":4096,\"mem64\":true}]}", NULL,
     "functions[1].bars[5].mem64: a 64-bit BAR cannot be the last one"},
    {NULL, NULL, ",{\"type\":\"vf\",\"bars\":[null,null,null,null,null,null,null]}", NULL,
     "functions[1].bars: at most 6 BARs"},
    {NULL, NULL, ",{\"type\":\"vf\",\"bars\":[3]}", NULL,
     "functions[1].bars[0]: must be an object or null"},
    {NULL, NULL, ",{\"type\":\"vf\",\"bars\":{}}", NULL,
     "functions[1].bars: must be an array of up to 6 BARs"},
    {NULL, NULL, ",{\"type\":\"vf\",\"bars\":[{\"size\":4096,\"io\":true}]}", NULL,
     "functions[1].bars[0].io: unknown field"},
    /* msix */
    {NULL, ",\"msix\":[]", NULL, NULL, "functions[0].msix: must be an object"},
    {NULL, ",\"msix\":{\"vectors\":0,\"table_bar\":0,\"table_offset\":0,\"pba_offset\":4096}", NULL,
     NULL, "functions[0].msix.vectors: must be at least 1 (omit msix for none)"},
    {NULL, ",\"msix\":{\"vectors\":65,\"table_bar\":0,\"table_offset\":0,\"pba_offset\":4096}",
     NULL, NULL, "functions[0].msix.vectors: must be at most 64"},
    {NULL, ",\"msix\":{\"vectors\":4,\"table_bar\":2,\"table_offset\":0,\"pba_offset\":4096}", NULL,
     NULL, "functions[0].msix.table_bar: BAR 2 is not implemented"},
    {NULL, ",\"msix\":{\"vectors\":4,\"table_bar\":0,\"table_offset\":16,\"pba_offset\":4096}",
     NULL, NULL, "functions[0].msix.table_offset: must be 4 KiB aligned"},
    {NULL, ",\"msix\":{\"vectors\":4,\"table_bar\":0,\"table_offset\":0,\"pba_offset\":8}", NULL,
     NULL, "functions[0].msix.pba_offset: must be 4 KiB aligned"},
    {NULL,
     ",\"msix\":{\"vectors\":4,\"table_bar\":0,\"table_offset\":\"0x10000\","
     "\"pba_offset\":4096}",
     NULL, NULL, "functions[0].msix.table_offset: table does not fit in BAR 0"},
    {NULL, ",\"msix\":{\"vectors\":4,\"table_bar\":0,\"table_offset\":0,\"pba_offset\":0}", NULL,
     NULL, "functions[0].msix.pba_offset: must not share the table's page"},
    {NULL,
     ",\"msix\":{\"vectors\":4,\"table_bar\":0,\"table_offset\":0,\"pba_bar\":1,"
     "\"pba_offset\":0}",
     NULL, NULL, "functions[0].msix.pba_bar: BAR 1 is not implemented"},
    {NULL, ",\"msix\":{\"vectors\":4,\"table_bar\":0,\"pba_offset\":4096}", NULL, NULL,
     "functions[0].msix.table_offset: missing"},
    /* ranges */
    {NULL, ",\"ranges\":{}", NULL, NULL, "functions[0].ranges: must be an array"},
    {NULL, ",\"ranges\":[{\"size\":4096}]", NULL, NULL, "functions[0].ranges[0].bar: missing"},
    {NULL, ",\"ranges\":[{\"bar\":3,\"size\":4096}]", NULL, NULL,
     "functions[0].ranges[0].bar: BAR 3 is not implemented"},
    {NULL, ",\"ranges\":[{\"bar\":0,\"offset\":4,\"size\":4096}]", NULL, NULL,
     "functions[0].ranges[0].offset: must be 4 KiB aligned"},
    {NULL, ",\"ranges\":[{\"bar\":0,\"size\":100}]", NULL, NULL,
     "functions[0].ranges[0].size: must be a non-zero multiple of 4096"},
    {NULL, ",\"ranges\":[{\"bar\":0,\"offset\":\"0xf000\",\"size\":8192}]", NULL, NULL,
     "functions[0].ranges[0].size: range ends beyond BAR 0"},
    {NULL, ",\"ranges\":[{\"bar\":0,\"size\":8192},{\"bar\":0,\"offset\":4096,\"size\":4096}]",
     NULL, NULL, "functions[0].ranges[1].offset: overlaps ranges[0]"},
    {NULL,
     ",\"ranges\":[{\"bar\":0,\"size\":4096,\"id\":3},{\"bar\":0,\"offset\":4096,"
     "\"size\":4096,\"id\":3}]",
     NULL, NULL, "functions[0].ranges[1].id: duplicates ranges[0].id"},
    {NULL,
     ",\"msix\":{\"vectors\":4,\"table_bar\":0,\"table_offset\":0,\"pba_offset\":4096},"
     "\"ranges\":[{\"bar\":0,\"size\":4096}]",
     NULL, NULL, "functions[0].ranges[0].offset: overlaps the MSI-X table page"},
    {NULL,
     ",\"msix\":{\"vectors\":4,\"table_bar\":0,\"table_offset\":0,\"pba_offset\":4096},"
     "\"ranges\":[{\"bar\":0,\"offset\":4096,\"size\":4096}]",
     NULL, NULL, "functions[0].ranges[0].offset: overlaps the MSI-X PBA page"},
    {NULL, ",\"ranges\":[{\"bar\":0,\"size\":4096,\"tee\":true}]", NULL, NULL,
     "functions[0].ranges[0].tee: unknown field"},
    {NULL, ",\"ranges\":[7]", NULL, NULL, "functions[0].ranges[0]: must be an object"},
    /* interface info, device info */
    {NULL, ",\"interface_info\":\"ats\"", NULL, NULL,
     "functions[0].interface_info: must be an array of flag names"},
    {NULL, ",\"interface_info\":[\"fast\"]", NULL, NULL,
     "functions[0].interface_info[0]: unknown flag"},
    {NULL, ",\"device_info\":\"abc\"", NULL, NULL,
     "functions[0].device_info: not an even number of hex digits"},
    {NULL, ",\"device_info\":12", NULL, NULL, "functions[0].device_info: must be a hex string"},
};

static char *render(const struct bad_case *c)
{
	size_t n = strlen(TMPL) + 4096;
	char *s = malloc(n);

	if (!s)
		abort();
	if (c->raw)
		snprintf(s, n, "%s", c->raw);
	else
		snprintf(s, n, TMPL, c->top ? c->top : "", c->pf ? c->pf : "",
			 c->more ? c->more : "");
	return s;
}

TEST(malformed_profiles_name_their_field)
{
	struct teeio_dsm_profile *p = calloc(1, sizeof(*p));
	char err[TEEIO_DSM_ERR_MAX];

	for (size_t i = 0; i < TEEIO_ARRAY_LEN(bad); i++) {
		char *json = render(&bad[i]);
		teeio_err e = teeio_dsm_profile_parse(json, strlen(json), p, err, sizeof(err));

		if (e != TEEIO_ERR_USAGE_CONFIG || strncmp(err, bad[i].want, strlen(bad[i].want)))
			test_fail(__FILE__, __LINE__, "case %zu: %s -> %s \"%s\", want \"%s\"", i,
				  json, teeio_err_str(e), err, bad[i].want);
		free(json);
	}
	free(p);
}

TEST(template_itself_is_valid)
{
	struct teeio_dsm_profile *p = calloc(1, sizeof(*p));
	struct bad_case ok = {",\"ide\":{}", NULL, ",{\"type\":\"vf\",\"count\":3}", NULL, NULL};
	char *json = render(&ok);
	char err[TEEIO_DSM_ERR_MAX];

	CHECK_OK(teeio_dsm_profile_parse(json, strlen(json), p, err, sizeof(err)));
	CHECK_EQ(p->n_funcs, 4);
	CHECK_EQ(p->n_entries, 2);
	CHECK_EQ(p->entries[0].bars[0].size, 65536);
	CHECK(p->entries[0].bars[0].mem64);
	CHECK_EQ(p->bus, 1);
	CHECK_EQ(p->ide.streams, 1);
	CHECK_EQ(p->doe_mailbox_bytes, 16384);
	CHECK(teeio_dsm_profile_fn(p, 0) == &p->entries[0]);
	CHECK(teeio_dsm_profile_fn(p, 3) == &p->entries[1]);
	CHECK(teeio_dsm_profile_fn(p, 4) == NULL);
	free(json);
	free(p);
}

TEST(json_syntax_error_has_position)
{
	struct teeio_dsm_profile *p = calloc(1, sizeof(*p));
	char err[TEEIO_DSM_ERR_MAX];
	const char *json = "{\"vendor_id\": 1,\n \"device_id\" 2}";

	CHECK_ERR(teeio_dsm_profile_parse(json, strlen(json), p, err, sizeof(err)),
		  TEEIO_ERR_PROTO);
	CHECK(strncmp(err, "line 2", 6) == 0);
	/* duplicate keys are refused too */
	json = "{\"vendor_id\":1,\"vendor_id\":2}";
	CHECK_ERR(teeio_dsm_profile_parse(json, strlen(json), p, err, sizeof(err)),
		  TEEIO_ERR_PROTO);
	/* truncated input */
	json = "{\"vendor_id\":1";
	CHECK_ERR(teeio_dsm_profile_parse(json, strlen(json), p, err, sizeof(err)),
		  TEEIO_ERR_PROTO);
	free(p);
}

TEST(default_profile_contents)
{
	struct teeio_dsm_profile *p = calloc(1, sizeof(*p));

	CHECK_OK(teeio_dsm_profile_default(p));
	CHECK(strcmp(p->name, "teeio-default") == 0);
	CHECK_EQ(p->vendor_id, 0x1234);
	CHECK_EQ(p->n_funcs, 4);
	CHECK_EQ(p->n_meas, 8);
	for (unsigned i = 0; i < 8; i++)
		CHECK_EQ(p->meas[i].type, i); /* all eight DMTF types, in order */
	CHECK_EQ(p->entries[0].msix.vectors, 16);
	CHECK_EQ(p->entries[0].n_ranges, 3);
	CHECK(p->entries[0].ranges[1].non_tee);
	CHECK_EQ(p->entries[1].count, 3);
	free(p);
}

/* profiles/default.json must be the built-in text, byte for byte. */
TEST(default_json_file_matches_builtin)
{
	const char *src = getenv("TEEIO_SRC");
	char path[512];
	unsigned char *file;
	size_t len;

	if (!src) {
		test_skip("TEEIO_SRC not set");
		return;
	}
	snprintf(path, sizeof(path), "%s/profiles/default.json", src);
	file = test_read_file(path, &len);
	CHECK(file != NULL);
	if (!file)
		return;
	CHECK_EQ(len, strlen(teeio_dsm_profile_default_json()));
	CHECK(memcmp(file, teeio_dsm_profile_default_json(), len) == 0);
	free(file);
}

TEST(example_profiles_load)
{
	static const struct {
		const char *file;
		unsigned funcs;
	} ex[] = {{"default.json", 4}, {"nic-8vf.json", 9}, {"big-255vf.json", 256}};
	const char *src = getenv("TEEIO_SRC");
	struct teeio_dsm_profile *p = calloc(1, sizeof(*p));
	char path[512], err[TEEIO_DSM_ERR_MAX];

	if (!src) {
		test_skip("TEEIO_SRC not set");
		free(p);
		return;
	}
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(ex); i++) {
		snprintf(path, sizeof(path), "%s/profiles/%s", src, ex[i].file);
		CHECK_OK(teeio_dsm_profile_load(path, p, err, sizeof(err)));
		CHECK_EQ(p->n_funcs, ex[i].funcs);
	}
	CHECK_ERR(teeio_dsm_profile_load("/nonexistent/x.json", p, err, sizeof(err)),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	free(p);
}

/* write_json output parses back into the same profile. */
TEST(json_round_trip)
{
	struct teeio_dsm_profile *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	char *buf = NULL, err[TEEIO_DSM_ERR_MAX];
	size_t len = 0;
	FILE *f;

	CHECK_OK(teeio_dsm_profile_default(a));
	f = open_memstream(&buf, &len);
	CHECK_OK(teeio_dsm_profile_write_json(f, a));
	fclose(f);
	CHECK_OK(teeio_dsm_profile_parse(buf, len, b, err, sizeof(err)));
	CHECK(memcmp(a, b, sizeof(*a)) == 0);
	free(buf);
	free(a);
	free(b);
}

TEST(text_and_hex_measurements)
{
	struct teeio_dsm_profile *p = calloc(1, sizeof(*p));
	char err[TEEIO_DSM_ERR_MAX];
	const char *json =
	    "{\"vendor_id\":1,\"device_id\":1,\"measurements\":[{\"index\":9,\"type\":"
	    "\"version\",\"text\":\"v2\"},{\"index\":2,\"type\":\"svn\",\"value\":\"0a 0b\","
	    "\"raw\":true}],\"functions\":[{\"type\":\"pf\"}]}";

	CHECK_OK(teeio_dsm_profile_parse(json, strlen(json), p, err, sizeof(err)));
	CHECK_EQ(p->n_meas, 2);
	CHECK_EQ(p->meas[0].len, 2);
	CHECK_MEM(p->meas[0].value, "v2", 2);
	CHECK_EQ(p->meas[1].value[1], 0x0b);
	CHECK(p->meas[1].raw);
	CHECK(strcmp(teeio_dsm_meas_type_name(7), "svn") == 0);
	CHECK(strcmp(teeio_dsm_meas_type_name(99), "?") == 0);
	free(p);
}

int main(void)
{
	RUN(malformed_profiles_name_their_field);
	RUN(template_itself_is_valid);
	RUN(json_syntax_error_has_position);
	RUN(default_profile_contents);
	RUN(default_json_file_matches_builtin);
	RUN(example_profiles_load);
	RUN(json_round_trip);
	RUN(text_and_hex_measurements);
	return test_summary();
}
