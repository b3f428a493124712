/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The device profile: JSON -> struct teeio_dsm_profile with validation.
 * The format is documented field by field in docs/dsm.md; every check
 * here names the field it refuses.
 */
#include <stdlib.h>
#include <string.h>

#include "profile_internal.h"
#include "teeio/transport.h"

static const char *const meas_type_names[] = {
    "immutable_rom", /* DSP0274 DMTFSpecMeasurementValueType 0 */
    "mutable_fw", /* 1 */
    "hw_config", /* 2 */
    "fw_config", /* 3 */
    "manifest", /* 4 */
    "device_mode", /* 5 */
    "version", /* 6 */
    "svn", /* 7 */
};

const char *teeio_dsm_meas_type_name(uint8_t type)
{
	return type < TEEIO_ARRAY_LEN(meas_type_names) ? meas_type_names[type] : "?";
}

static const char *const meas_keys[] = {"index", "type", "tcb", "raw", "value", "text", NULL};

static teeio_err parse_meas(const struct teeio_json *c, json_t *arr, struct teeio_dsm_profile *p)
{
	char path[TEEIO_JSON_PATH_MAX];
	size_t i, j;

	if (!arr)
		return TEEIO_OK;
	if (!json_is_array(arr))
		return teeio_json_fail(c, "", "measurements", "must be an array");
	if (json_array_size(arr) > TEEIO_DSM_MEAS_MAX)
		return teeio_json_fail(c, "", "measurements", "at most %d blocks",
				       TEEIO_DSM_MEAS_MAX);
	for (i = 0; i < json_array_size(arr); i++) {
		json_t *o = json_array_get(arr, i), *text;
		struct teeio_dsm_meas_prof *m = &p->meas[i];
		const char *type;
		uint64_t v;
		size_t n;

		teeio_json_index(path, "", "measurements", i);
		if (!json_is_object(o))
			return teeio_json_fail(c, path, NULL, "must be an object");
		TRY(teeio_json_known(c, path, o, meas_keys));
		TRY(teeio_json_uint(c, path, o, "index", true, 0, 0xFE, &v));
		if (v == 0)
			return teeio_json_fail(c, path, "index", "must be 1..254");
		m->index = (uint8_t)v;
		for (j = 0; j < i; j++)
			if (p->meas[j].index == m->index)
				return teeio_json_fail(c, path, "index",
						       "duplicates measurements[%zu]", j);
		type = json_string_value(json_object_get(o, "type"));
		if (!type)
			return teeio_json_fail(c, path, "type", "missing");
		for (j = 0; j < TEEIO_ARRAY_LEN(meas_type_names); j++)
			if (!strcmp(type, meas_type_names[j]))
				break;
		if (j == TEEIO_ARRAY_LEN(meas_type_names))
			return teeio_json_fail(
			    c, path, "type",
			    "unknown (immutable_rom, mutable_fw, hw_config, fw_config, "
			    "manifest, device_mode, version, svn)");
		m->type = (uint8_t)j;
		TRY(teeio_json_bool(c, path, o, "tcb", false, &m->tcb));
		TRY(teeio_json_bool(c, path, o, "raw", false, &m->raw));
		text = json_object_get(o, "text");
		if (text && json_object_get(o, "value"))
			return teeio_json_fail(c, path, "text",
					       "give either value or text, not both");
		if (text) {
			if (!json_is_string(text))
				return teeio_json_fail(c, path, "text", "must be a string");
			n = json_string_length(text);
			if (n > sizeof(m->value))
				return teeio_json_fail(c, path, "text", "longer than %zu bytes",
						       sizeof(m->value));
			memcpy(m->value, json_string_value(text), n);
		} else {
			TRY(teeio_json_hex(c, path, o, "value", m->value, sizeof(m->value), &n));
		}
		if (n == 0)
			return teeio_json_fail(c, path, "value", "missing or empty");
		m->len = (uint16_t)n;
		p->n_meas = (uint8_t)(i + 1);
	}
	return TEEIO_OK;
}

static const char *const ide_keys[] = {"streams",     "address_blocks", "pcrc",
				       "aggregation", "tee_limited",    NULL};

static teeio_err parse_ide(const struct teeio_json *c, json_t *o, struct teeio_dsm_ide_prof *ide)
{
	uint64_t v;
	json_t *empty = NULL;
	teeio_err e = TEEIO_OK;

	if (!o)
		o = empty = json_object();
	if (!json_is_object(o)) {
		e = teeio_json_fail(c, "", "ide", "must be an object");
		goto out;
	}
	if ((e = teeio_json_known(c, "ide", o, ide_keys)) ||
	    (e = teeio_json_uint(c, "ide", o, "streams", false, 1, TEEIO_DSM_STREAMS_MAX, &v)))
		goto out;
	if (v == 0) {
		e = teeio_json_fail(c, "ide", "streams", "must be at least 1");
		goto out;
	}
	ide->streams = (uint8_t)v;
	if ((e = teeio_json_uint(c, "ide", o, "address_blocks", false, 1, TEEIO_DSM_ADDR_BLOCKS_MAX,
				 &v)))
		goto out;
	ide->addr_blocks = (uint8_t)v;
	/* IDE_KM QUERY_RESP carries the capability and control registers and
	 * every stream block (5 + 3 per address block DWORDs). */
	if (2u + ide->streams * (5u + 3u * ide->addr_blocks) > TEEIO_IDEKM_REGS_MAX) {
		e = teeio_json_fail(c, "ide", "address_blocks",
				    "%u streams with %u blocks need more than %d register DWORDs "
				    "(IDE_KM QUERY_RESP limit)",
				    ide->streams, ide->addr_blocks, TEEIO_IDEKM_REGS_MAX);
		goto out;
	}
	if ((e = teeio_json_bool(c, "ide", o, "pcrc", true, &ide->pcrc)) ||
	    (e = teeio_json_bool(c, "ide", o, "aggregation", true, &ide->aggregation)) ||
	    (e = teeio_json_bool(c, "ide", o, "tee_limited", false, &ide->tee_limited)))
		goto out;
out:
	json_decref(empty);
	return e;
}

static teeio_err parse_functions(const struct teeio_json *c, json_t *arr,
				 struct teeio_dsm_profile *p)
{
	char path[TEEIO_JSON_PATH_MAX];
	size_t i, vf1 = 0;
	unsigned total = 0;

	if (!arr)
		return teeio_json_fail(c, "", "functions", "missing");
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return teeio_json_fail(c, "", "functions",
				       "must be a non-empty array (the PF first)");
	if (json_array_size(arr) > TEEIO_DSM_ENTRIES_MAX)
		return teeio_json_fail(c, "", "functions", "at most %d entries",
				       TEEIO_DSM_ENTRIES_MAX);
	for (i = 0; i < json_array_size(arr); i++) {
		struct teeio_dsm_fn_prof *f = &p->entries[i];

		teeio_json_index(path, "", "functions", i);
		TRY(dsm_parse_fn(c, path, json_array_get(arr, i), i == 0, f));
		if (f->type == TEEIO_DSM_FN_VF) {
			if (!vf1)
				vf1 = i;
			else
				TRY(dsm_check_vf_bars(c, path, f, &p->entries[vf1], vf1));
		}
		total += f->count;
		if (total > TEEIO_DSM_FUNCS_MAX)
			return teeio_json_fail(c, path, "count", "more than %d functions in all",
					       TEEIO_DSM_FUNCS_MAX);
		p->n_entries = (uint16_t)(i + 1);
	}
	p->n_funcs = (uint16_t)total;
	return TEEIO_OK;
}

static const char *const top_keys[] = {
    "name",         "vendor_id", "device_id",  "vf_device_id", "subsystem_vendor_id",
    "subsystem_id", "revision",  "class_code", "segment",      "bus",
    "device",       "function",  "doe",        "ide",          "measurements",
    "functions",    NULL};

static const char *const doe_keys[] = {"mailbox_bytes", NULL};

static teeio_err parse_ids(const struct teeio_json *c, json_t *root, struct teeio_dsm_profile *p)
{
	uint64_t v;

	TRY(teeio_json_uint(c, "", root, "vendor_id", true, 0, 0xFFFF, &v));
	if (v == 0 || v == 0xFFFF)
		return teeio_json_fail(c, "", "vendor_id", "0x0000 and 0xFFFF are not vendor IDs");
	p->vendor_id = (uint16_t)v;
	TRY(teeio_json_uint(c, "", root, "device_id", true, 0, 0xFFFF, &v));
	p->device_id = (uint16_t)v;
	TRY(teeio_json_uint(c, "", root, "vf_device_id", false, p->device_id, 0xFFFF, &v));
	p->vf_device_id = (uint16_t)v;
	TRY(teeio_json_uint(c, "", root, "subsystem_vendor_id", false, p->vendor_id, 0xFFFF, &v));
	p->subsys_vendor_id = (uint16_t)v;
	TRY(teeio_json_uint(c, "", root, "subsystem_id", false, 0, 0xFFFF, &v));
	p->subsys_id = (uint16_t)v;
	TRY(teeio_json_uint(c, "", root, "revision", false, 0, 0xFF, &v));
	p->revision = (uint8_t)v;
	TRY(teeio_json_uint(c, "", root, "class_code", false, 0xFF0000, 0xFFFFFF, &v));
	p->class_code = (uint32_t)v;
	TRY(teeio_json_uint(c, "", root, "segment", false, 0, 0xFF, &v));
	p->segment = (uint8_t)v;
	TRY(teeio_json_uint(c, "", root, "bus", false, 1, 0xFF, &v));
	p->bus = (uint8_t)v;
	TRY(teeio_json_uint(c, "", root, "device", false, 0, 31, &v));
	p->device = (uint8_t)v;
	TRY(teeio_json_uint(c, "", root, "function", false, 0, 7, &v));
	p->function = (uint8_t)v;
	return TEEIO_OK;
}

static teeio_err parse_doe(const struct teeio_json *c, json_t *o, struct teeio_dsm_profile *p)
{
	uint64_t v = 16384;

	if (o) {
		if (!json_is_object(o))
			return teeio_json_fail(c, "", "doe", "must be an object");
		TRY(teeio_json_known(c, "doe", o, doe_keys));
		TRY(teeio_json_uint(c, "doe", o, "mailbox_bytes", false, 16384,
				    TEEIO_SOCK_MAX_PAYLOAD, &v));
		if (v < 256 || v % 4)
			return teeio_json_fail(c, "doe", "mailbox_bytes",
					       "must be a multiple of 4, at least 256");
	}
	p->doe_mailbox_bytes = (uint32_t)v;
	return TEEIO_OK;
}

static teeio_err parse_root(const struct teeio_json *c, json_t *root, struct teeio_dsm_profile *p)
{
	json_t *name;

	if (!json_is_object(root))
		return teeio_json_fail(c, "", NULL, "the profile must be a JSON object");
	TRY(teeio_json_known(c, "", root, top_keys));
	name = json_object_get(root, "name");
	if (name && (!json_is_string(name) || json_string_length(name) == 0 ||
		     json_string_length(name) >= sizeof(p->name)))
		return teeio_json_fail(c, "", "name", "must be a string of 1..%zu characters",
				       sizeof(p->name) - 1);
	snprintf(p->name, sizeof(p->name), "%s", name ? json_string_value(name) : "custom");
	TRY(parse_ids(c, root, p));
	TRY(parse_doe(c, json_object_get(root, "doe"), p));
	TRY(parse_ide(c, json_object_get(root, "ide"), &p->ide));
	TRY(parse_meas(c, json_object_get(root, "measurements"), p));
	return parse_functions(c, json_object_get(root, "functions"), p);
}

teeio_err teeio_dsm_profile_parse(const char *json, size_t len, struct teeio_dsm_profile *p,
				  char *err, size_t err_cap)
{
	struct teeio_json c = {err, err_cap, "", TEEIO_JSON_LENIENT};
	json_error_t jerr;
	json_t *root;
	teeio_err e;

	ENSURE(json && p, TEEIO_ERR_USAGE);
	if (err && err_cap)
		err[0] = '\0';
	memset(p, 0, sizeof(*p));
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		if (err && err_cap)
			snprintf(err, err_cap, "line %d column %d: %s", jerr.line, jerr.column,
				 jerr.text);
		return TEEIO_ERR_PROTO;
	}
	e = parse_root(&c, root, p);
	json_decref(root);
	if (e != TEEIO_OK)
		memset(p, 0, sizeof(*p));
	return e;
}

teeio_err teeio_dsm_profile_load(const char *path, struct teeio_dsm_profile *p, char *err,
				 size_t err_cap)
{
	FILE *f;
	char *buf;
	long n;
	teeio_err e;

	ENSURE(path && p, TEEIO_ERR_USAGE);
	f = fopen(path, "rb");
	if (!f) {
		if (err && err_cap)
			snprintf(err, err_cap, "%s: cannot open", path);
		return TEEIO_ERR_USAGE_NOT_FOUND;
	}
	/* Profiles are small; 1 MiB is far beyond the largest sensible one. */
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || n > (1L << 20) ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		if (err && err_cap)
			snprintf(err, err_cap, "%s: unreadable or larger than 1 MiB", path);
		return TEEIO_ERR_SIZE_LIMIT;
	}
	buf = malloc((size_t)n + 1);
	if (!buf) {
		fclose(f);
		return TEEIO_ERR_INTERNAL_NOMEM;
	}
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		if (err && err_cap)
			snprintf(err, err_cap, "%s: read error", path);
		return TEEIO_ERR_TRANSPORT;
	}
	fclose(f);
	e = teeio_dsm_profile_parse(buf, (size_t)n, p, err, err_cap);
	free(buf);
	return e;
}

const struct teeio_dsm_fn_prof *teeio_dsm_profile_fn(const struct teeio_dsm_profile *p, uint16_t fn)
{
	unsigned base = 0;
	uint16_t i;

	for (i = 0; i < p->n_entries; i++) {
		if (fn < base + p->entries[i].count)
			return &p->entries[i];
		base += p->entries[i].count;
	}
	return NULL;
}
