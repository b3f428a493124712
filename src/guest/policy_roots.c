/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * "roots": the trust anchors of device certificate chains.  Each entry is
 * one of {"file": PATH} (DER or PEM; relative to the policy's directory),
 * {"base64": DER-in-base64} or {"pem": PEM-text}, and must hold exactly one
 * X.509 certificate.
 */
#include <string.h>
#include <sys/stat.h>

#include "guest_internal.h"

static const char *const root_fields[] = {"file", "base64", "pem", "comment", NULL};

/* Read a root file into buf; *len its size. */
static teeio_err read_root_file(const struct gp *c, const char *name, uint8_t *buf, size_t cap,
				size_t *len)
{
	char path[4096];
	struct stat st;
	FILE *f;
	size_t n;
	int w;

	if (name[0] == '/' || !c->base_dir)
		w = snprintf(path, sizeof(path), "%s", name);
	else
		w = snprintf(path, sizeof(path), "%s/%s", c->base_dir, name);
	ENSURE(w > 0 && (size_t)w < sizeof(path), TEEIO_ERR_USAGE);
	f = fopen(path, "rb");
	ENSURE(f, TEEIO_ERR_USAGE_NOT_FOUND);
	/* Regular files only: a FIFO or device could block or never end. */
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return TEEIO_ERR_USAGE_NOT_FOUND;
	}
	n = fread(buf, 1, cap, f);
	/* A file filling the whole buffer may be longer: too big. */
	if (ferror(f) || n == cap) {
		fclose(f);
		return TEEIO_ERR_SIZE_LIMIT;
	}
	fclose(f);
	*len = n;
	return TEEIO_OK;
}

/* The certificate of a file's bytes: PEM when it looks like text. */
static teeio_err cert_of_bytes(const uint8_t *buf, size_t len, struct teeio_guest_root *r)
{
	teeio_err rc = guest_pem_cert((const char *)buf, len, r->der, sizeof(r->der), &r->len);

	if (rc != TEEIO_ERR_USAGE_NOT_FOUND)
		return rc;
	ENSURE(len <= sizeof(r->der), TEEIO_ERR_SIZE);
	memcpy(r->der, buf, len);
	r->len = len;
	return TEEIO_OK;
}

static teeio_err one_root(const struct gp *c, const char *path, json_t *e,
			  struct teeio_guest_root *r)
{
	uint8_t buf[3 * TEEIO_CERT_MAX];
	const char *file, *b64, *pem;
	struct teeio_cert_info info;
	size_t len = 0, der_len;
	teeio_err rc;

	ENSURE(json_is_object(e), teeio_json_fail(&c->j, path, NULL, "not an object"));
	TRY(teeio_json_known(&c->j, path, e, root_fields));
	TRY(teeio_json_string(&c->j, path, e, "file", false, &file));
	TRY(teeio_json_string(&c->j, path, e, "base64", false, &b64));
	TRY(teeio_json_string(&c->j, path, e, "pem", false, &pem));
	ENSURE((file != NULL) + (b64 != NULL) + (pem != NULL) == 1,
	       teeio_json_fail(&c->j, path, NULL, "needs exactly one of file, base64, pem"));
	if (file) {
		rc = read_root_file(c, file, buf, sizeof(buf), &len);
		if (rc == TEEIO_ERR_USAGE_NOT_FOUND) {
			teeio_json_fail(&c->j, path, "file", "cannot read %s", file);
			return rc;
		}
		ENSURE(rc == TEEIO_OK, teeio_json_fail(&c->j, path, "file", "too large"));
		ENSURE(cert_of_bytes(buf, len, r) == TEEIO_OK,
		       teeio_json_fail(&c->j, path, "file", "no certificate in %s", file));
	} else if (b64) {
		ENSURE(guest_base64_decode(b64, strlen(b64), r->der, sizeof(r->der), &r->len) ==
			   TEEIO_OK,
		       teeio_json_fail(&c->j, path, "base64",
				       "not base64 (or larger than %d bytes)", TEEIO_CERT_MAX));
	} else {
		ENSURE(guest_pem_cert(pem, strlen(pem), r->der, sizeof(r->der), &r->len) ==
			   TEEIO_OK,
		       teeio_json_fail(&c->j, path, "pem", "no PEM certificate"));
	}
	/* Exactly one DER certificate, and one the backend can read. */
	ENSURE(r->len > 0 && c->ops->cert_der_len(r->der, r->len, &der_len) == TEEIO_OK &&
		   der_len == r->len && c->ops->cert_info(r->der, r->len, &info) == TEEIO_OK,
	       teeio_json_fail(&c->j, path, NULL, "not one X.509 certificate"));
	return TEEIO_OK;
}

teeio_err gp_roots(const struct gp *c, json_t *root, struct teeio_guest_policy *p)
{
	char path[TEEIO_JSON_PATH_MAX];
	json_t *arr, *e;
	size_t i;

	TRY(gp_list(c, "", root, "roots", TEEIO_GUEST_ROOTS_MAX, "", &arr));
	json_array_foreach(arr, i, e)
	{
		teeio_json_index(path, "", "roots", i);
		TRY(one_root(c, path, e, &p->roots[i]));
		p->n_roots = i + 1;
	}
	return TEEIO_OK;
}
