/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The OpenSSL 3 backend's ops table.  Each family lives in its own file
 * (openssl_hash.c, _mac.c, _aead.c, _pkey.c, _sign.c, _dhe.c, _rand.c,
 * _x509.c); this file only gathers them.  The table is const: the backend
 * has no mutable global state.
 */
#include "openssl_internal.h"
#include "openssl_ops.h"

static const struct teeio_crypto_ops openssl_ops = {
    .name = "openssl",

    .hash_init = teeio_ossl_hash_init,
    .hash_update = teeio_ossl_hash_update,
    .hash_final = teeio_ossl_hash_final,
    .hash_copy = teeio_ossl_hash_copy,
    .hash_free = teeio_ossl_hash_free,
    .hash = teeio_ossl_hash,

    .hmac = teeio_ossl_hmac,
    .hkdf_extract = teeio_ossl_hkdf_extract,
    .hkdf_expand = teeio_ossl_hkdf_expand,

    .aead_init = teeio_ossl_aead_init,
    .aead_seal = teeio_ossl_aead_seal,
    .aead_open = teeio_ossl_aead_open,
    .aead_free = teeio_ossl_aead_free,

    .pkey_generate = teeio_ossl_pkey_generate,
    .pkey_load_private = teeio_ossl_pkey_load_private,
    .pkey_from_cert = teeio_ossl_pkey_from_cert,
    .pkey_from_public = teeio_ossl_pkey_from_public,
    .pkey_export_private = teeio_ossl_pkey_export_private,
    .pkey_export_public = teeio_ossl_pkey_export_public,
    .pkey_free = teeio_ossl_pkey_free,

    .sign = teeio_ossl_sign,
    .sign_digest = teeio_ossl_sign_digest,
    .verify = teeio_ossl_verify,
    .verify_digest = teeio_ossl_verify_digest,

    .dhe_generate = teeio_ossl_dhe_generate,
    .dhe_compute = teeio_ossl_dhe_compute,
    .dhe_free = teeio_ossl_dhe_free,

    .cert_chain_verify = teeio_ossl_cert_chain_verify,
    .cert_info = teeio_ossl_cert_info,
    .cert_der_len = teeio_ossl_cert_der_len,
    .cert_issue = teeio_ossl_cert_issue,

    .random = teeio_ossl_random,
};

const struct teeio_crypto_ops *teeio_crypto_openssl(void)
{
	return &openssl_ops;
}
