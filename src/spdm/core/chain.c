/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SPDM certificate chain form (DSP0274 1.3, 10.7.1 "Certificate chain
 * format"): Length u16 (whole chain incl. this header), Reserved u16,
 * RootHash (H bytes, hash of the root certificate's DER), then the DER
 * certificates root first.  Only the 4+H header is built; callers serve
 * the DER bytes from where they already are.
 */
#include "wire.h"

teeio_err teeio_spdm_chain_header(const struct teeio_crypto_ops *ops, enum teeio_hash_alg hash,
				  const uint8_t *der, size_t der_len, uint8_t *hdr, size_t *hdr_len)
{
	size_t h = teeio_hash_size(hash);
	size_t total = SPDM_CERT_CHAIN_HDR_FIXED + h + der_len;
	size_t root_len;

	ENSURE(h != 0, TEEIO_ERR_USAGE);
	ENSURE(total <= SPDM_CERT_CHAIN_MAX, TEEIO_ERR_SIZE_LIMIT);
	if (ops->cert_der_len(der, der_len, &root_len) != TEEIO_OK || root_len > der_len)
		return TEEIO_ERR_PROTO;
	teeio_store_u16le(hdr, (uint16_t)total);
	teeio_store_u16le(hdr + 2, 0);
	TRY(ops->hash(hash, der, root_len, hdr + SPDM_CERT_CHAIN_HDR_FIXED));
	*hdr_len = SPDM_CERT_CHAIN_HDR_FIXED + h;
	return TEEIO_OK;
}

teeio_err teeio_spdm_chain_digest(const struct teeio_crypto_ops *ops, enum teeio_hash_alg hash,
				  const uint8_t *hdr, size_t hdr_len, const uint8_t *der,
				  size_t der_len, uint8_t *out)
{
	struct teeio_hash hs = {0};
	teeio_err rc;

	TRY(ops->hash_init(&hs, hash));
	TRY_OUT(ops->hash_update(&hs, hdr, hdr_len));
	TRY_OUT(ops->hash_update(&hs, der, der_len));
	rc = ops->hash_final(&hs, out);
out:
	ops->hash_free(&hs);
	return rc;
}
