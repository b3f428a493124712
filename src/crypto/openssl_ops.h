/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The OpenSSL backend's op functions, one family per file, gathered into
 * the table by openssl.c.  Only src/crypto/ and tests may include this
 * header; it needs no OpenSSL headers.
 */
#ifndef TEEIO_OPENSSL_OPS_H
#define TEEIO_OPENSSL_OPS_H

#include "teeio/crypto.h"

/* openssl_hash.c */
teeio_err teeio_ossl_hash_init(struct teeio_hash *h, enum teeio_hash_alg alg);
teeio_err teeio_ossl_hash_update(struct teeio_hash *h, const void *data, size_t len);
teeio_err teeio_ossl_hash_final(struct teeio_hash *h, uint8_t *out);
teeio_err teeio_ossl_hash_copy(struct teeio_hash *dst, const struct teeio_hash *src);
void teeio_ossl_hash_free(struct teeio_hash *h);
teeio_err teeio_ossl_hash(enum teeio_hash_alg alg, const void *data, size_t len, uint8_t *out);

/* openssl_mac.c */
teeio_err teeio_ossl_hmac(enum teeio_hash_alg alg, const uint8_t *key, size_t key_len,
			  const void *data, size_t len, uint8_t *out);
teeio_err teeio_ossl_hkdf_extract(enum teeio_hash_alg alg, const uint8_t *salt, size_t salt_len,
				  const uint8_t *ikm, size_t ikm_len, uint8_t *prk);
teeio_err teeio_ossl_hkdf_expand(enum teeio_hash_alg alg, const uint8_t *prk, size_t prk_len,
				 const uint8_t *info, size_t info_len, uint8_t *out,
				 size_t out_len);

/* openssl_aead.c */
teeio_err teeio_ossl_aead_init(struct teeio_aead *a, enum teeio_aead_alg alg, const uint8_t *key,
			       size_t key_len);
teeio_err teeio_ossl_aead_seal(struct teeio_aead *a, const uint8_t iv[12], const void *aad,
			       size_t aad_len, const void *pt, size_t len, uint8_t *ct,
			       uint8_t *tag, size_t tag_len);
teeio_err teeio_ossl_aead_open(struct teeio_aead *a, const uint8_t iv[12], const void *aad,
			       size_t aad_len, const void *ct, size_t len, const uint8_t *tag,
			       size_t tag_len, uint8_t *pt);
void teeio_ossl_aead_free(struct teeio_aead *a);

/* openssl_pkey.c */
teeio_err teeio_ossl_pkey_generate(struct teeio_pkey *k, enum teeio_sig_alg alg);
teeio_err teeio_ossl_pkey_load_private(struct teeio_pkey *k, enum teeio_sig_alg alg,
				       const uint8_t *data, size_t len);
teeio_err teeio_ossl_pkey_from_cert(struct teeio_pkey *k, enum teeio_sig_alg alg,
				    const uint8_t *der, size_t len);
teeio_err teeio_ossl_pkey_from_public(struct teeio_pkey *k, enum teeio_sig_alg alg,
				      const uint8_t *data, size_t len);
teeio_err teeio_ossl_pkey_export_private(const struct teeio_pkey *k, bool pem, uint8_t *out,
					 size_t *len);
teeio_err teeio_ossl_pkey_export_public(const struct teeio_pkey *k, uint8_t *out, size_t *len);
void teeio_ossl_pkey_free(struct teeio_pkey *k);

/* openssl_sign.c */
teeio_err teeio_ossl_sign(const struct teeio_pkey *k, enum teeio_hash_alg hash_alg, const void *msg,
			  size_t len, uint8_t *sig, size_t *sig_len);
teeio_err teeio_ossl_sign_digest(const struct teeio_pkey *k, enum teeio_hash_alg hash_alg,
				 const uint8_t *digest, uint8_t *sig, size_t *sig_len);
teeio_err teeio_ossl_verify(const struct teeio_pkey *k, enum teeio_hash_alg hash_alg,
			    const void *msg, size_t len, const uint8_t *sig, size_t sig_len);
teeio_err teeio_ossl_verify_digest(const struct teeio_pkey *k, enum teeio_hash_alg hash_alg,
				   const uint8_t *digest, const uint8_t *sig, size_t sig_len);

/* openssl_dhe.c */
teeio_err teeio_ossl_dhe_generate(struct teeio_dhe *d, enum teeio_dhe_alg alg, uint8_t *pub);
teeio_err teeio_ossl_dhe_compute(struct teeio_dhe *d, const uint8_t *peer_pub, size_t peer_len,
				 uint8_t *secret);
void teeio_ossl_dhe_free(struct teeio_dhe *d);
/*
 * Known-answer tests only (not in the ops table): a DHE key pair from a
 * given private scalar (big-endian, teeio_dhe_secret_size bytes); pub
 * receives its X||Y.  Protocol code must use dhe_generate.
 */
teeio_err teeio_ossl_dhe_import_private(struct teeio_dhe *d, enum teeio_dhe_alg alg,
					const uint8_t *priv, size_t priv_len, uint8_t *pub);

/* openssl_rand.c */
teeio_err teeio_ossl_random(void *out, size_t len);

#endif
