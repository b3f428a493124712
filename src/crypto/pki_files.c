/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test PKI chains on disk: DER and PEM certificates, the leaf private key
 * as PKCS#8 PEM.  File names are listed in include/teeio/pki.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "teeio/pki.h"

/* Longest path we build: dir + "/" + prefix + "_leaf.key.pem". */
#define PKI_PATH_MAX 4096
/* Largest file we read: a chain of TEEIO_PKI_CHAIN_CERTS_MAX certificates,
 * or an RSA-4096 PKCS#8 PEM key (about 3.3 KiB). */
#define PKI_FILE_MAX (TEEIO_PKI_CHAIN_CERTS_MAX * TEEIO_CERT_MAX)
/* RFC 7468 section 2: 64 base64 characters per line. */
#define PEM_LINE 48 /* input bytes per line */

static teeio_err path_of(char *out, const char *dir, const char *prefix, const char *suffix)
{
	int n = snprintf(out, PKI_PATH_MAX, "%s/%s%s", dir, prefix, suffix);
	ENSURE(n > 0 && n < PKI_PATH_MAX, TEEIO_ERR_SIZE);
	return TEEIO_OK;
}

static void base64_block(const uint8_t *in, size_t n, char out[4])
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uint32_t v = (uint32_t)in[0] << 16;
	if (n > 1)
		v |= (uint32_t)in[1] << 8;
	if (n > 2)
		v |= in[2];
	out[0] = tab[(v >> 18) & 63];
	out[1] = tab[(v >> 12) & 63];
	out[2] = n > 1 ? tab[(v >> 6) & 63] : '=';
	out[3] = n > 2 ? tab[v & 63] : '=';
}

teeio_err teeio_pki_write_pem(FILE *f, const char *label, const uint8_t *der, size_t len)
{
	ENSURE(f && label && (der || len == 0), TEEIO_ERR_USAGE);
	fprintf(f, "-----BEGIN %s-----\n", label);
	for (size_t line = 0; line < len; line += PEM_LINE) {
		size_t end = line + PEM_LINE < len ? line + PEM_LINE : len;
		for (size_t i = line; i < end; i += 3) {
			char q[4];
			base64_block(der + i, end - i < 3 ? end - i : 3, q);
			fwrite(q, 1, sizeof(q), f);
		}
		fputc('\n', f);
	}
	fprintf(f, "-----END %s-----\n", label);
	return ferror(f) ? TEEIO_ERR_TRANSPORT : TEEIO_OK;
}

/* Create (truncate) a file with `mode` for writing. */
static FILE *create(const char *path, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, "wb");
	if (!f)
		close(fd);
	return f;
}

static teeio_err finish(FILE *f, teeio_err rc)
{
	if (fclose(f) != 0 && rc == TEEIO_OK)
		rc = TEEIO_ERR_TRANSPORT;
	return rc;
}

/* <dir>/<prefix><name>.der and .pem of one or more certificates. */
static teeio_err write_certs(const char *dir, const char *prefix, const char *name,
			     const struct teeio_pki_cert *certs, size_t n)
{
	char path[PKI_PATH_MAX], suffix[64];
	teeio_err rc = TEEIO_OK;
	FILE *f;

	snprintf(suffix, sizeof(suffix), "%s.der", name);
	TRY(path_of(path, dir, prefix, suffix));
	f = create(path, 0644);
	ENSURE(f, TEEIO_ERR_TRANSPORT);
	for (size_t i = 0; i < n && rc == TEEIO_OK; i++)
		if (fwrite(certs[i].der, 1, certs[i].len, f) != certs[i].len)
			rc = TEEIO_ERR_TRANSPORT;
	TRY(finish(f, rc));

	snprintf(suffix, sizeof(suffix), "%s.pem", name);
	TRY(path_of(path, dir, prefix, suffix));
	f = create(path, 0644);
	ENSURE(f, TEEIO_ERR_TRANSPORT);
	for (size_t i = 0; i < n && rc == TEEIO_OK; i++)
		rc = teeio_pki_write_pem(f, "CERTIFICATE", certs[i].der, certs[i].len);
	return finish(f, rc);
}

static teeio_err write_key(const struct teeio_crypto_ops *ops, const struct teeio_pkey *k,
			   const char *dir, const char *prefix)
{
	uint8_t pem[PKI_FILE_MAX];
	size_t len = sizeof(pem);
	char path[PKI_PATH_MAX];
	teeio_err rc = TEEIO_OK;
	FILE *f = NULL;

	TRY_OUT(path_of(path, dir, prefix, "_leaf.key.pem"));
	TRY_OUT(ops->pkey_export_private(k, true, pem, &len));
	/* Private: owner-only, and any old file is replaced, not reused. */
	unlink(path);
	f = create(path, 0600);
	ENSURE_OUT(f, TEEIO_ERR_TRANSPORT);
	if (fwrite(pem, 1, len, f) != len)
		rc = TEEIO_ERR_TRANSPORT;
out:
	if (f)
		rc = finish(f, rc);
	teeio_wipe(pem, sizeof(pem));
	return rc;
}

teeio_err teeio_pki_chain_write(const struct teeio_crypto_ops *ops,
				const struct teeio_pki_chain *chain, const char *dir,
				const char *prefix)
{
	ENSURE(ops && chain && dir && prefix, TEEIO_ERR_USAGE);
	size_t n = chain->n_certs;
	ENSURE(n >= 2 && n <= TEEIO_PKI_CHAIN_CERTS_MAX, TEEIO_ERR_USAGE);
	TRY(write_certs(dir, prefix, "_root", &chain->certs[0], 1));
	for (size_t i = 1; i + 1 < n; i++) {
		char name[32];
		snprintf(name, sizeof(name), "_inter%zu", i);
		TRY(write_certs(dir, prefix, name, &chain->certs[i], 1));
	}
	TRY(write_certs(dir, prefix, "_leaf", &chain->certs[n - 1], 1));
	TRY(write_certs(dir, prefix, "_chain", chain->certs, n));
	return write_key(ops, &chain->leaf_key, dir, prefix);
}

/* Read a whole (small) file into buf. */
static teeio_err read_file(const char *path, uint8_t *buf, size_t cap, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return errno == ENOENT ? TEEIO_ERR_USAGE_NOT_FOUND : TEEIO_ERR_TRANSPORT;
	size_t n = fread(buf, 1, cap, f);
	int extra = fgetc(f);
	bool err = ferror(f) != 0;
	fclose(f);
	ENSURE(!err, TEEIO_ERR_TRANSPORT);
	ENSURE(extra == EOF, TEEIO_ERR_SIZE_LIMIT);
	*len = n;
	return TEEIO_OK;
}

/* Split concatenated DER into the chain's certificate slots. */
static teeio_err split_into(const struct teeio_crypto_ops *ops, const uint8_t *der, size_t len,
			    struct teeio_pki_chain *chain)
{
	struct teeio_buf b = teeio_buf_reader(der, len);
	ENSURE(len > 0, TEEIO_ERR_CRYPTO_CERT);
	while (teeio_buf_left(&b) > 0) {
		size_t one;
		ENSURE(chain->n_certs < TEEIO_PKI_CHAIN_CERTS_MAX, TEEIO_ERR_SIZE_LIMIT);
		ENSURE(ops->cert_der_len(teeio_buf_cur(&b), teeio_buf_left(&b), &one) == TEEIO_OK,
		       TEEIO_ERR_CRYPTO_CERT);
		ENSURE(one <= TEEIO_CERT_MAX, TEEIO_ERR_SIZE_LIMIT);
		struct teeio_pki_cert *c = &chain->certs[chain->n_certs++];
		TRY(teeio_buf_get_bytes(&b, c->der, one));
		c->len = one;
	}
	return TEEIO_OK;
}

/* The private key must belong to the leaf: sign with it, verify with the
 * leaf certificate's public key. */
static teeio_err key_matches_leaf(const struct teeio_crypto_ops *ops,
				  const struct teeio_pki_chain *chain)
{
	static const char msg[] = "teeio pki key check";
	const struct teeio_pki_cert *leaf = &chain->certs[chain->n_certs - 1];
	struct teeio_pkey pub = {0};
	uint8_t sig[TEEIO_SIG_MAX];
	size_t sig_len = sizeof(sig);
	teeio_err rc = TEEIO_OK;

	TRY_OUT(ops->pkey_from_cert(&pub, chain->alg, leaf->der, leaf->len));
	TRY_OUT(ops->sign(&chain->leaf_key, TEEIO_HASH_SHA256, msg, sizeof(msg), sig, &sig_len));
	ENSURE_OUT(ops->verify(&pub, TEEIO_HASH_SHA256, msg, sizeof(msg), sig, sig_len) == TEEIO_OK,
		   TEEIO_ERR_CRYPTO_CERT);
out:
	ops->pkey_free(&pub);
	return rc;
}

teeio_err teeio_pki_chain_load(const struct teeio_crypto_ops *ops, const char *dir,
			       const char *prefix, enum teeio_sig_alg alg,
			       struct teeio_pki_chain *chain)
{
	uint8_t buf[PKI_FILE_MAX];
	char path[PKI_PATH_MAX];
	size_t len = 0;
	teeio_err rc = TEEIO_OK;

	ENSURE(ops && dir && prefix && chain, TEEIO_ERR_USAGE);
	memset(chain, 0, sizeof(*chain));
	TRY_OUT(path_of(path, dir, prefix, "_chain.der"));
	TRY_OUT(read_file(path, buf, sizeof(buf), &len));
	TRY_OUT(split_into(ops, buf, len, chain));
	if (alg == TEEIO_SIG_NONE) {
		struct teeio_cert_info info;
		const struct teeio_pki_cert *leaf = &chain->certs[chain->n_certs - 1];
		TRY_OUT(ops->cert_info(leaf->der, leaf->len, &info));
		alg = info.key_alg;
		ENSURE_OUT(alg != TEEIO_SIG_NONE, TEEIO_ERR_CRYPTO_UNSUPPORTED);
	}
	chain->alg = alg;

	TRY_OUT(path_of(path, dir, prefix, "_leaf.key.pem"));
	TRY_OUT(read_file(path, buf, sizeof(buf), &len));
	TRY_OUT(ops->pkey_load_private(&chain->leaf_key, alg, buf, len));
	TRY_OUT(key_matches_leaf(ops, chain));
out:
	teeio_wipe(buf, sizeof(buf));
	if (rc != TEEIO_OK)
		teeio_pki_chain_free(ops, chain);
	return rc;
}
