/* SPDX-License-Identifier: BSD-3-Clause */
/* Small helpers shared by the OpenSSL backend's files (src/crypto/ only). */
#ifndef TEEIO_OPENSSL_UTIL_H
#define TEEIO_OPENSSL_UTIL_H

#include <openssl/evp.h>

#include "teeio/crypto.h"

/*
 * The digest of a hash algorithm, NULL for NONE/unknown.  EVP_sha256() and
 * friends return library-owned constant objects: no fetch, no state here.
 */
const EVP_MD *teeio_ossl_md(enum teeio_hash_alg alg);

/* OpenSSL's name of a hash ("SHA256"), NULL for NONE/unknown. */
const char *teeio_ossl_md_name(enum teeio_hash_alg alg);

/*
 * An EC public key from SPDM's X||Y form (SEC 1 §2.3.3 uncompressed point
 * without its 0x04 prefix) on OpenSSL group `group` ("prime256v1").
 * Decoding the point rejects points not on the curve.  NULL on failure.
 */
EVP_PKEY *teeio_ossl_ec_from_xy(const char *group, const uint8_t *xy, size_t len);

#endif
