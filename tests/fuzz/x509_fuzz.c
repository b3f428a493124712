/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the certificate decoders of the crypto backend: cert_der_len
 * walking a concatenated chain, cert_info on each piece, and
 * cert_chain_verify with the input as the chain and its first piece (or
 * the whole input) as the trusted root.  Nothing may crash or leak; the
 * results only have to be consistent.
 */
#include <stdlib.h>

#include "teeio/crypto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	struct teeio_buf b = teeio_buf_reader(data, size);
	struct teeio_cert_info info;
	size_t first = 0;

	while (teeio_buf_left(&b) > 0) {
		size_t one = 0;
		if (ops->cert_der_len(teeio_buf_cur(&b), teeio_buf_left(&b), &one) != TEEIO_OK)
			break;
		if (one == 0 || one > teeio_buf_left(&b))
			abort(); /* cert_der_len broke its contract */
		if (first == 0)
			first = one;
		teeio_err e = ops->cert_info(teeio_buf_cur(&b), one, &info);
		if (e != TEEIO_OK && e != TEEIO_ERR_CRYPTO_CERT)
			abort();
		if (teeio_buf_skip(&b, one) != TEEIO_OK)
			abort();
	}

	const uint8_t *roots[1] = {data};
	size_t lens[1] = {first ? first : size};
	teeio_err rc =
	    ops->cert_chain_verify(data, size, roots, lens, 1, TEEIO_LEAF_RESPONDER, 0, &info);
	if (rc != TEEIO_OK && rc != TEEIO_ERR_CRYPTO_CERT && rc != TEEIO_ERR_INTERNAL_NOMEM)
		abort(); /* every rejection is CRYPTO_CERT */
	rc = ops->cert_chain_verify(data, size, roots, lens, 1, TEEIO_LEAF_REQUESTER, 1, NULL);
	if (rc != TEEIO_OK && rc != TEEIO_ERR_CRYPTO_CERT && rc != TEEIO_ERR_INTERNAL_NOMEM)
		abort();
	return 0;
}
