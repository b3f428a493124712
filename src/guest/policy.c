/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The guest policy: JSON in, a fixed-size struct teeio_guest_policy out.
 * This file holds the top level and the file loader; each section has its
 * own file (policy_roots.c, policy_spdm.c, policy_meas.c, policy_report.c).
 */
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "guest_internal.h"

static const char *const top_fields[] = {
    "name", "roots",   "spdm", "measurements", "allow_unlisted_measurements", "interface_report",
    "dma",  "comment", NULL};

teeio_err gp_list(const struct gp *c, const char *path, json_t *obj, const char *key, size_t max,
		  const char *unit, json_t **out)
{
	TRY(teeio_json_array(&c->j, path, obj, key, false, out));
	ENSURE(!*out || json_array_size(*out) <= max,
	       teeio_json_fail(&c->j, path, key, "more than %zu%s", max, unit));
	return TEEIO_OK;
}

teeio_err teeio_guest_policy_parse(const struct teeio_crypto_ops *ops, const char *json, size_t len,
				   const char *base_dir, struct teeio_guest_policy *p, char *err,
				   size_t err_cap)
{
	struct gp c = {ops, base_dir, {err, err_cap, "policy: ", TEEIO_JSON_STRICT}};
	json_error_t jerr;
	json_t *root;
	const char *name;
	teeio_err rc;

	if (err && err_cap)
		err[0] = '\0';
	ENSURE(ops && json && p, TEEIO_ERR_USAGE);
	memset(p, 0, sizeof(*p));
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		if (err && err_cap)
			snprintf(err, err_cap, "policy: line %d column %d: %s", jerr.line,
				 jerr.column, jerr.text);
		return TEEIO_ERR_PROTO;
	}
	ENSURE_OUT(json_is_object(root), teeio_json_fail(&c.j, "", NULL, "not a JSON object"));
	TRY_OUT(teeio_json_known(&c.j, "", root, top_fields));
	TRY_OUT(teeio_json_string(&c.j, "", root, "name", false, &name));
	if (name) {
		ENSURE_OUT(
		    strlen(name) < sizeof(p->name),
		    teeio_json_fail(&c.j, "", "name", "longer than %zu", sizeof(p->name) - 1));
		memcpy(p->name, name, strlen(name) + 1);
	}
	TRY_OUT(gp_roots(&c, root, p));
	TRY_OUT(gp_spdm(&c, root, p));
	TRY_OUT(gp_meas(&c, root, p));
	TRY_OUT(gp_report(&c, root, p));
	TRY_OUT(gp_dma(&c, root, p));
	rc = TEEIO_OK;
out:
	json_decref(root);
	if (rc != TEEIO_OK)
		memset(p, 0, sizeof(*p));
	return rc;
}

teeio_err teeio_guest_policy_load(const struct teeio_crypto_ops *ops, const char *path,
				  struct teeio_guest_policy *p, char *err, size_t err_cap)
{
	char dir[4096];
	char *text = NULL;
	FILE *f;
	long n = 0;
	teeio_err rc;

	if (err && err_cap)
		err[0] = '\0';
	ENSURE(ops && path && p, TEEIO_ERR_USAGE);
	ENSURE(strlen(path) < sizeof(dir), TEEIO_ERR_USAGE);
	f = fopen(path, "rb");
	if (!f) {
		if (err && err_cap)
			snprintf(err, err_cap, "policy: %s: cannot open", path);
		return TEEIO_ERR_USAGE_NOT_FOUND;
	}
	ENSURE_OUT(fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0, TEEIO_ERR_TRANSPORT);
	ENSURE_OUT((size_t)n <= TEEIO_GUEST_POLICY_MAX, TEEIO_ERR_SIZE_LIMIT);
	ENSURE_OUT(fseek(f, 0, SEEK_SET) == 0, TEEIO_ERR_TRANSPORT);
	text = malloc((size_t)n + 1);
	ENSURE_OUT(text, TEEIO_ERR_INTERNAL_NOMEM);
	ENSURE_OUT(fread(text, 1, (size_t)n, f) == (size_t)n, TEEIO_ERR_TRANSPORT);
	memcpy(dir, path, strlen(path) + 1);
	rc = teeio_guest_policy_parse(ops, text, (size_t)n, dirname(dir), p, err, err_cap);
out:
	fclose(f);
	free(text);
	return rc;
}

teeio_err teeio_guest_policy_add_root(struct teeio_guest_policy *p, const uint8_t *der, size_t len)
{
	ENSURE(p && der && len && len <= TEEIO_CERT_MAX, TEEIO_ERR_USAGE);
	ENSURE(p->n_roots < TEEIO_GUEST_ROOTS_MAX, TEEIO_ERR_SIZE_LIMIT);
	memcpy(p->roots[p->n_roots].der, der, len);
	p->roots[p->n_roots].len = len;
	p->n_roots++;
	return TEEIO_OK;
}

teeio_err teeio_guest_policy_default(const struct teeio_crypto_ops *ops,
				     struct teeio_guest_policy *p)
{
	const char *json = teeio_guest_policy_default_json();

	return teeio_guest_policy_parse(ops, json, strlen(json), NULL, p, NULL, 0);
}
