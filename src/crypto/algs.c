/* SPDX-License-Identifier: BSD-3-Clause */
/* Sizes and names of the algorithms the ops table speaks (backend-neutral). */
#include <string.h>

#include "teeio/crypto.h"

size_t teeio_hash_size(enum teeio_hash_alg alg)
{
	switch (alg) {
	case TEEIO_HASH_SHA256: return 32;
	case TEEIO_HASH_SHA384: return 48;
	case TEEIO_HASH_SHA512: return 64;
	case TEEIO_HASH_NONE: break;
	}
	return 0;
}

size_t teeio_aead_key_size(enum teeio_aead_alg alg)
{
	switch (alg) {
	case TEEIO_AEAD_AES128_GCM: return 16;
	case TEEIO_AEAD_AES256_GCM: return 32;
	case TEEIO_AEAD_CHACHA20_POLY1305: return 32;
	case TEEIO_AEAD_NONE: break;
	}
	return 0;
}

size_t teeio_aead_tag_size(enum teeio_aead_alg alg)
{
	return alg == TEEIO_AEAD_NONE ? 0 : 16;
}

size_t teeio_sig_size(enum teeio_sig_alg alg)
{
	switch (alg) {
	case TEEIO_SIG_ECDSA_P256: return 64;
	case TEEIO_SIG_ECDSA_P384: return 96;
	case TEEIO_SIG_ECDSA_P521: return 132;
	case TEEIO_SIG_RSASSA_2048:
	case TEEIO_SIG_RSAPSS_2048: return 256;
	case TEEIO_SIG_RSASSA_3072:
	case TEEIO_SIG_RSAPSS_3072: return 384;
	case TEEIO_SIG_RSASSA_4096:
	case TEEIO_SIG_RSAPSS_4096: return 512;
	case TEEIO_SIG_ED25519: return 64;
	case TEEIO_SIG_ED448: return 114;
	case TEEIO_SIG_NONE: break;
	}
	return 0;
}

size_t teeio_dhe_pub_size(enum teeio_dhe_alg alg)
{
	return 2 * teeio_dhe_secret_size(alg);
}

size_t teeio_dhe_secret_size(enum teeio_dhe_alg alg)
{
	switch (alg) {
	case TEEIO_DHE_SECP256R1: return 32;
	case TEEIO_DHE_SECP384R1: return 48;
	case TEEIO_DHE_SECP521R1: return 66;
	case TEEIO_DHE_NONE: break;
	}
	return 0;
}

const char *teeio_hash_name(enum teeio_hash_alg alg)
{
	switch (alg) {
	case TEEIO_HASH_SHA256: return "sha256";
	case TEEIO_HASH_SHA384: return "sha384";
	case TEEIO_HASH_SHA512: return "sha512";
	case TEEIO_HASH_NONE: break;
	}
	return "none";
}

const char *teeio_aead_name(enum teeio_aead_alg alg)
{
	switch (alg) {
	case TEEIO_AEAD_AES128_GCM: return "aes128-gcm";
	case TEEIO_AEAD_AES256_GCM: return "aes256-gcm";
	case TEEIO_AEAD_CHACHA20_POLY1305: return "chacha20-poly1305";
	case TEEIO_AEAD_NONE: break;
	}
	return "none";
}

static const char *const sig_names[] = {
    [TEEIO_SIG_NONE] = "none",
    [TEEIO_SIG_ECDSA_P256] = "ecdsa-p256",
    [TEEIO_SIG_ECDSA_P384] = "ecdsa-p384",
    [TEEIO_SIG_ECDSA_P521] = "ecdsa-p521",
    [TEEIO_SIG_RSASSA_2048] = "rsassa-2048",
    [TEEIO_SIG_RSASSA_3072] = "rsassa-3072",
    [TEEIO_SIG_RSASSA_4096] = "rsassa-4096",
    [TEEIO_SIG_RSAPSS_2048] = "rsapss-2048",
    [TEEIO_SIG_RSAPSS_3072] = "rsapss-3072",
    [TEEIO_SIG_RSAPSS_4096] = "rsapss-4096",
    [TEEIO_SIG_ED25519] = "ed25519",
    [TEEIO_SIG_ED448] = "ed448",
};

const char *teeio_sig_name(enum teeio_sig_alg alg)
{
	if ((size_t)alg >= TEEIO_ARRAY_LEN(sig_names))
		return "none";
	return sig_names[alg];
}

enum teeio_sig_alg teeio_sig_from_name(const char *name)
{
	for (size_t i = 1; i < TEEIO_ARRAY_LEN(sig_names); i++)
		if (!strcmp(name, sig_names[i]))
			return (enum teeio_sig_alg)i;
	return TEEIO_SIG_NONE;
}

const char *teeio_dhe_name(enum teeio_dhe_alg alg)
{
	switch (alg) {
	case TEEIO_DHE_SECP256R1: return "secp256r1";
	case TEEIO_DHE_SECP384R1: return "secp384r1";
	case TEEIO_DHE_SECP521R1: return "secp521r1";
	case TEEIO_DHE_NONE: break;
	}
	return "none";
}

teeio_err teeio_crypto_ops_validate(const struct teeio_crypto_ops *o)
{
	ENSURE(o && o->name, TEEIO_ERR_USAGE);
	const void *ops[] = {
	    (const void *)o->hash_init,
	    (const void *)o->hash_update,
	    (const void *)o->hash_final,
	    (const void *)o->hash_copy,
	    (const void *)o->hash_free,
	    (const void *)o->hash,
	    (const void *)o->hmac,
	    (const void *)o->hkdf_extract,
	    (const void *)o->hkdf_expand,
	    (const void *)o->aead_init,
	    (const void *)o->aead_seal,
	    (const void *)o->aead_open,
	    (const void *)o->aead_free,
	    (const void *)o->pkey_generate,
	    (const void *)o->pkey_load_private,
	    (const void *)o->pkey_from_cert,
	    (const void *)o->pkey_from_public,
	    (const void *)o->pkey_export_private,
	    (const void *)o->pkey_export_public,
	    (const void *)o->pkey_free,
	    (const void *)o->sign,
	    (const void *)o->sign_digest,
	    (const void *)o->verify,
	    (const void *)o->verify_digest,
	    (const void *)o->dhe_generate,
	    (const void *)o->dhe_compute,
	    (const void *)o->dhe_free,
	    (const void *)o->cert_chain_verify,
	    (const void *)o->cert_info,
	    (const void *)o->cert_der_len,
	    (const void *)o->cert_issue,
	    (const void *)o->random,
	};
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(ops); i++)
		ENSURE(ops[i] != NULL, TEEIO_ERR_USAGE);
	return TEEIO_OK;
}
