/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the SPDM certificate-chain form parser (teeio_pki_spdm_chain_parse)
 * with each hash; when a form parses, its certificates go on to chain
 * verification against their own first certificate.
 */
#include <stdlib.h>

#include "teeio/pki.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum teeio_hash_alg hashes[] = {TEEIO_HASH_SHA256, TEEIO_HASH_SHA384,
						     TEEIO_HASH_SHA512};
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();

	for (size_t i = 0; i < TEEIO_ARRAY_LEN(hashes); i++) {
		struct teeio_spdm_cert_chain_view v;
		if (teeio_pki_spdm_chain_parse(ops, hashes[i], data, size, NULL, 0, &v) != TEEIO_OK)
			continue;
		/* The view must lie inside the input and cover the certificates. */
		size_t sum = 0;
		for (size_t c = 0; c < v.n_certs; c++) {
			if (v.cert[c] < data || v.cert[c] + v.cert_len[c] > data + size)
				abort();
			sum += v.cert_len[c];
		}
		if (v.n_certs == 0 || sum != v.certs_len)
			abort();
		const uint8_t *roots[1] = {v.cert[0]};
		size_t lens[1] = {v.cert_len[0]};
		teeio_err rc = ops->cert_chain_verify(v.certs, v.certs_len, roots, lens, 1,
						      TEEIO_LEAF_RESPONDER, 0, NULL);
		if (rc != TEEIO_OK && rc != TEEIO_ERR_CRYPTO_CERT && rc != TEEIO_ERR_INTERNAL_NOMEM)
			abort();
	}
	return 0;
}
