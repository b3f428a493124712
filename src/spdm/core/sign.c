/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Signature generation and verification (DSP0274 1.3, "Signature
 * generation" and "Signature verification").
 *
 * 1.2+: M = combined_spdm_prefix || zero_pad || context || Hash(transcript);
 *   combined_spdm_prefix is "dmtf-spdm-v1.X.*" four times, and the pad
 *   makes prefix + pad + context 100 bytes.  ECDSA/RSA hash M with the
 *   negotiated base hash and sign; EdDSA signs M itself (pure).
 * 1.0/1.1: the transcript hash is the signed digest (no prefix); EdDSA
 *   does not exist in those versions.
 */
#include <string.h>

#include "wire.h"

static bool is_eddsa(enum teeio_sig_alg a)
{
	return a == TEEIO_SIG_ED25519 || a == TEEIO_SIG_ED448;
}

teeio_err teeio_spdm_sign_msg(uint8_t version, const char *context, const uint8_t *digest,
			      size_t digest_len, uint8_t *out, size_t cap, size_t *out_len)
{
	struct teeio_buf b = teeio_buf_writer(out, cap);

	if (version >= TEEIO_SPDM_V12) {
		size_t ctx_len = strlen(context);
		char one[SPDM_SIGN_PREFIX_ONE_SIZE + 1];

		ENSURE(ctx_len <= SPDM_SIGN_CONTEXT_TOTAL - SPDM_SIGN_PREFIX_SIZE, TEEIO_ERR_USAGE);
		/* "dmtf-spdm-v1.2.*": the minor digit is the negotiated one. */
		memcpy(one, "dmtf-spdm-v1.2.*", sizeof(one));
		one[13] = (char)('0' + (version & 0x0F));
		for (int i = 0; i < 4; i++)
			TRY(teeio_buf_put_bytes(&b, one, SPDM_SIGN_PREFIX_ONE_SIZE));
		TRY(teeio_buf_put_zero(&b,
				       SPDM_SIGN_CONTEXT_TOTAL - SPDM_SIGN_PREFIX_SIZE - ctx_len));
		TRY(teeio_buf_put_bytes(&b, context, ctx_len));
	}
	TRY(teeio_buf_put_bytes(&b, digest, digest_len));
	*out_len = b.pos;
	return TEEIO_OK;
}

teeio_err teeio_spdm_sign(const struct teeio_crypto_ops *ops, const struct teeio_pkey *key,
			  uint8_t version, enum teeio_hash_alg hash, const char *context,
			  const uint8_t *th, uint8_t *sig, size_t *sig_len)
{
	uint8_t m[SPDM_SIGN_CONTEXT_TOTAL + TEEIO_HASH_MAX];
	size_t m_len;

	if (version < TEEIO_SPDM_V12) {
		ENSURE(!is_eddsa(key->alg), TEEIO_ERR_CRYPTO_UNSUPPORTED);
		return ops->sign_digest(key, hash, th, sig, sig_len);
	}
	TRY(teeio_spdm_sign_msg(version, context, th, teeio_hash_size(hash), m, sizeof(m), &m_len));
	return ops->sign(key, hash, m, m_len, sig, sig_len);
}

teeio_err teeio_spdm_verify(const struct teeio_crypto_ops *ops, const struct teeio_pkey *key,
			    uint8_t version, enum teeio_hash_alg hash, const char *context,
			    const uint8_t *th, const uint8_t *sig, size_t sig_len)
{
	uint8_t m[SPDM_SIGN_CONTEXT_TOTAL + TEEIO_HASH_MAX];
	size_t m_len;

	if (version < TEEIO_SPDM_V12) {
		ENSURE(!is_eddsa(key->alg), TEEIO_ERR_CRYPTO_UNSUPPORTED);
		return ops->verify_digest(key, hash, th, sig, sig_len);
	}
	TRY(teeio_spdm_sign_msg(version, context, th, teeio_hash_size(hash), m, sizeof(m), &m_len));
	return ops->verify(key, hash, m, m_len, sig, sig_len);
}
