/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SPDM certificate-chain form (DSP0274 1.3, "Certificate chain
 * format"), built from and parsed into DER certificates:
 *
 *   Length    2 bytes LE  total length of the form, this header included
 *   Reserved  2 bytes     0
 *   RootHash  H bytes     hash (negotiated BaseHashAlgo) of the root DER
 *   Certificates          DER X.509 v3, root (or first intermediate) first
 */
#include <string.h>

#include "teeio/pki.h"

teeio_err teeio_pki_spdm_chain_build(const struct teeio_crypto_ops *ops, enum teeio_hash_alg hash,
				     const struct teeio_pki_chain *chain, uint8_t *out, size_t *len)
{
	size_t h = teeio_hash_size(hash);
	ENSURE(ops && chain && out && len && h > 0, TEEIO_ERR_USAGE);
	ENSURE(chain->n_certs >= 1 && chain->n_certs <= TEEIO_PKI_CHAIN_CERTS_MAX, TEEIO_ERR_USAGE);

	size_t total = TEEIO_SPDM_CERT_CHAIN_HDR_SIZE + h;
	for (size_t i = 0; i < chain->n_certs; i++)
		total += chain->certs[i].len;
	ENSURE(total <= TEEIO_SPDM_CERT_CHAIN_MAX, TEEIO_ERR_SIZE);

	struct teeio_buf w = teeio_buf_writer(out, *len);
	uint8_t *root_hash;
	TRY(teeio_buf_put_u16le(&w, (uint16_t)total));
	TRY(teeio_buf_put_zero(&w, 2)); /* Reserved */
	TRY(teeio_buf_reserve(&w, h, &root_hash));
	for (size_t i = 0; i < chain->n_certs; i++)
		TRY(teeio_buf_put_bytes(&w, chain->certs[i].der, chain->certs[i].len));
	TRY(ops->hash(hash, chain->certs[0].der, chain->certs[0].len, root_hash));
	*len = w.pos;
	return TEEIO_OK;
}

/* Split the concatenated certificates; every byte must belong to one. */
static teeio_err split_certs(const struct teeio_crypto_ops *ops, struct teeio_buf *b,
			     struct teeio_spdm_cert_chain_view *view)
{
	view->certs = teeio_buf_cur(b);
	view->certs_len = teeio_buf_left(b);
	ENSURE(view->certs_len > 0, TEEIO_ERR_PROTO); /* at least one certificate */
	while (teeio_buf_left(b) > 0) {
		size_t one;
		ENSURE(view->n_certs < TEEIO_PKI_CHAIN_CERTS_MAX, TEEIO_ERR_SIZE_LIMIT);
		TRY(ops->cert_der_len(teeio_buf_cur(b), teeio_buf_left(b), &one));
		TRY(teeio_buf_get_ref(b, &view->cert[view->n_certs], one));
		view->cert_len[view->n_certs] = one;
		view->n_certs++;
	}
	return TEEIO_OK;
}

teeio_err teeio_pki_spdm_chain_parse(const struct teeio_crypto_ops *ops, enum teeio_hash_alg hash,
				     const uint8_t *in, size_t len, const uint8_t *root,
				     size_t root_len, struct teeio_spdm_cert_chain_view *view)
{
	size_t h = teeio_hash_size(hash);
	uint8_t want[TEEIO_HASH_MAX];
	uint16_t length;
	struct teeio_buf b = teeio_buf_reader(in, in ? len : 0);

	ENSURE(ops && view && h > 0 && (in || len == 0), TEEIO_ERR_USAGE);
	memset(view, 0, sizeof(*view));
	TRY(teeio_buf_get_u16le(&b, &length));
	ENSURE(length >= TEEIO_SPDM_CERT_CHAIN_HDR_SIZE + h, TEEIO_ERR_PROTO);
	ENSURE(len >= length, TEEIO_ERR_SIZE_TRUNCATED);
	ENSURE(len == length, TEEIO_ERR_SIZE_TRAILING);
	TRY(teeio_buf_expect_zero(&b, 2)); /* Reserved */
	TRY(teeio_buf_get_ref(&b, &view->root_hash, h));
	TRY(split_certs(ops, &b, view));

	if (!root) {
		root = view->cert[0];
		root_len = view->cert_len[0];
	}
	TRY(ops->hash(hash, root, root_len, want));
	if (!teeio_ct_memeq(want, view->root_hash, h)) {
		memset(view, 0, sizeof(*view));
		return TEEIO_ERR_CRYPTO_VERIFY;
	}
	return TEEIO_OK;
}
