/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The device's certificate slot 0: a DER chain (root first) and its leaf
 * key, from any chain/key file pair (e.g. DMTF's sample responder chain
 * for interop with spdm-emu), from a `teeio pki generate` directory, or
 * generated at start-up.
 */
#include <stdio.h>
#include <string.h>

#include "host_internal.h"

/* Read a whole small file into buf[cap]. */
static teeio_err slurp(const char *path, uint8_t *buf, size_t cap, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	ENSURE(f, TEEIO_ERR_USAGE_NOT_FOUND);
	n = fread(buf, 1, cap, f);
	if (ferror(f) || (n == cap && fgetc(f) != EOF)) {
		fclose(f);
		return n == cap ? TEEIO_ERR_SIZE_LIMIT : TEEIO_ERR_TRANSPORT;
	}
	fclose(f);
	ENSURE(n > 0, TEEIO_ERR_USAGE_CONFIG);
	*len = n;
	return TEEIO_OK;
}

static teeio_err from_files(struct teeio_dsm_host *h, const struct teeio_pkey **key)
{
	const struct teeio_crypto_ops *ops = h->cfg.ops;
	uint8_t pem[8192];
	size_t pem_len = 0;
	teeio_err rc;

	TRY(slurp(h->cfg.id.chain_file, h->der, sizeof(h->der), &h->der_len));
	TRY(slurp(h->cfg.id.key_file, pem, sizeof(pem), &pem_len));
	rc = ops->pkey_load_private(&h->file_key, h->cfg.id.alg, pem, pem_len);
	teeio_wipe(pem, sizeof(pem));
	TRY(rc);
	h->have_file_key = true;
	*key = &h->file_key;
	return TEEIO_OK;
}

teeio_err dsm_identity_load(struct teeio_dsm_host *h, const struct teeio_pkey **key)
{
	const struct teeio_dsm_identity *id = &h->cfg.id;
	enum teeio_sig_alg alg = id->alg ? id->alg : TEEIO_SIG_ECDSA_P384;

	if (id->chain_file || id->key_file) {
		ENSURE(id->chain_file && id->key_file, TEEIO_ERR_USAGE);
		return from_files(h, key);
	}
	if (id->pki_dir)
		TRY(teeio_pki_chain_load(h->cfg.ops, id->pki_dir, "device", id->alg, &h->chain));
	else
		TRY(teeio_pki_generate_device(h->cfg.ops, alg, 0, &h->chain));
	h->der_len = sizeof(h->der);
	TRY(teeio_pki_chain_der(&h->chain, h->der, &h->der_len));
	*key = &h->chain.leaf_key;
	return TEEIO_OK;
}

void dsm_identity_free(struct teeio_dsm_host *h)
{
	teeio_pki_chain_free(h->cfg.ops, &h->chain);
	if (h->have_file_key)
		h->cfg.ops->pkey_free(&h->file_key);
	h->have_file_key = false;
}
