/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internals shared by the OpenSSL backend's files.  Only src/crypto/ may
 * include this header (and OpenSSL's).
 *
 * Object contract in this backend:
 *   teeio_hash.impl  is an EVP_MD_CTX *
 *   teeio_aead.impl  is an EVP_CIPHER_CTX * already keyed
 *   teeio_pkey.impl  is an EVP_PKEY *
 *   teeio_dhe.impl   is an EVP_PKEY * (the ephemeral key pair)
 */
#ifndef TEEIO_OPENSSL_INTERNAL_H
#define TEEIO_OPENSSL_INTERNAL_H

#include <openssl/evp.h>

#include "teeio/crypto.h"

/* X.509 ops (openssl_x509.c). */
teeio_err teeio_ossl_cert_chain_verify(const uint8_t *chain, size_t chain_len,
				       const uint8_t *const *roots, const size_t *root_lens,
				       size_t n_roots, enum teeio_leaf_role role, int64_t now,
				       struct teeio_cert_info *leaf);
teeio_err teeio_ossl_cert_info(const uint8_t *der, size_t len, struct teeio_cert_info *info);
teeio_err teeio_ossl_cert_der_len(const uint8_t *der, size_t avail, size_t *len);
teeio_err teeio_ossl_cert_issue(const struct teeio_cert_request *req, uint8_t *der, size_t *len);

/* Key helpers (openssl_pkey.c). */
/* Wrap an EVP_PKEY (ownership moves to k). */
teeio_err teeio_ossl_pkey_wrap(struct teeio_pkey *k, EVP_PKEY *pkey, enum teeio_sig_alg alg,
			       bool has_private);
/* Signature algorithm implied by an EVP_PKEY; for RSA `rsa_hint` says
 * PSS vs PKCS#1 v1.5 (TEEIO_SIG_NONE: PKCS#1 v1.5). */
enum teeio_sig_alg teeio_ossl_sig_alg_of(const EVP_PKEY *pkey, enum teeio_sig_alg rsa_hint);

#endif
