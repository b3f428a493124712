/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio/crypto.h - the one crypto ops table.
 *
 * Everything in teeio that hashes, signs, derives, encrypts or verifies a
 * certificate does it through a `const struct teeio_crypto_ops *` handed in
 * by the caller.  The OpenSSL 3 backend (teeio_crypto_openssl()) is the only
 * code that includes OpenSSL headers.
 *
 * Objects (hash, aead, pkey, dhe) are small caller-owned structs holding an
 * opaque backend handle.  Each has an init/generate/load call that fills it
 * and a free call that releases it; free is safe on a zeroed or already
 * freed object.  Secrets held by the backend are wiped when freed.
 *
 * Wire forms follow SPDM (DSP0274 1.3, "Signature" and "Exchange data"):
 *  - ECDSA signatures are raw r||s, each zero-padded to the curve size.
 *  - RSA signatures are the modulus-sized big-endian integer.
 *  - EdDSA signatures are the RFC 8032 encoding.
 *  - ECDHE public keys are raw X||Y (no 0x04 point prefix); the shared
 *    secret is the X coordinate, curve-sized.
 *
 * Thread-safety: an ops table is immutable and shareable; each object is
 * used by one thread at a time.
 */
#ifndef TEEIO_CRYPTO_H
#define TEEIO_CRYPTO_H

#include "teeio/common.h"

#ifdef __cplusplus
extern "C" {
#endif

enum teeio_hash_alg {
	TEEIO_HASH_NONE = 0,
	TEEIO_HASH_SHA256,
	TEEIO_HASH_SHA384,
	TEEIO_HASH_SHA512,
};
#define TEEIO_HASH_MAX 64 /* largest digest (SHA-512) */

enum teeio_aead_alg {
	TEEIO_AEAD_NONE = 0,
	TEEIO_AEAD_AES128_GCM,
	TEEIO_AEAD_AES256_GCM,
	TEEIO_AEAD_CHACHA20_POLY1305,
};
#define TEEIO_AEAD_KEY_MAX 32
#define TEEIO_AEAD_IV_SIZE 12
#define TEEIO_AEAD_TAG_MAX 16

enum teeio_sig_alg {
	TEEIO_SIG_NONE = 0,
	TEEIO_SIG_ECDSA_P256,
	TEEIO_SIG_ECDSA_P384,
	TEEIO_SIG_ECDSA_P521,
	TEEIO_SIG_RSASSA_2048,
	TEEIO_SIG_RSASSA_3072,
	TEEIO_SIG_RSASSA_4096,
	TEEIO_SIG_RSAPSS_2048,
	TEEIO_SIG_RSAPSS_3072,
	TEEIO_SIG_RSAPSS_4096,
	TEEIO_SIG_ED25519,
	TEEIO_SIG_ED448,
};
#define TEEIO_SIG_MAX 512 /* RSA-4096 */

enum teeio_dhe_alg {
	TEEIO_DHE_NONE = 0,
	TEEIO_DHE_SECP256R1,
	TEEIO_DHE_SECP384R1,
	TEEIO_DHE_SECP521R1,
};
#define TEEIO_DHE_PUB_MAX 132 /* P-521 X||Y */
#define TEEIO_DHE_SECRET_MAX 66 /* P-521 X    */

/* Digest size in bytes, 0 for NONE/unknown. */
size_t teeio_hash_size(enum teeio_hash_alg alg);
/* Key, tag sizes of an AEAD (0 for NONE/unknown). */
size_t teeio_aead_key_size(enum teeio_aead_alg alg);
size_t teeio_aead_tag_size(enum teeio_aead_alg alg);
/* Signature size in bytes of a signature algorithm (0 for NONE). */
size_t teeio_sig_size(enum teeio_sig_alg alg);
/* Exchange-data (X||Y) size and shared-secret size of a DHE group. */
size_t teeio_dhe_pub_size(enum teeio_dhe_alg alg);
size_t teeio_dhe_secret_size(enum teeio_dhe_alg alg);
/* Stable names ("sha384", "aes256-gcm", "ecdsa-p384", "secp384r1"). */
const char *teeio_hash_name(enum teeio_hash_alg alg);
const char *teeio_aead_name(enum teeio_aead_alg alg);
const char *teeio_sig_name(enum teeio_sig_alg alg);
const char *teeio_dhe_name(enum teeio_dhe_alg alg);
/* Parse those names back; NONE when unknown. */
enum teeio_sig_alg teeio_sig_from_name(const char *name);

/* Caller-owned object shells; `impl` belongs to the backend. */
struct teeio_hash {
	void *impl;
	enum teeio_hash_alg alg;
};
struct teeio_aead {
	void *impl;
	enum teeio_aead_alg alg;
};
struct teeio_pkey {
	void *impl;
	enum teeio_sig_alg alg;
	bool has_private;
};
struct teeio_dhe {
	void *impl;
	enum teeio_dhe_alg alg;
};

/* What a chain verification returns about the leaf. */
struct teeio_cert_info {
	char subject[256];
	char issuer[256];
	int64_t not_before; /* seconds since the epoch, UTC */
	int64_t not_after;
	enum teeio_sig_alg key_alg; /* algorithm of the subject public key */
	bool is_ca;
};

/* Leaf checks to apply in cert_chain_verify (DSP0274 1.3, "Leaf certificate"
 * requirements for device certificates). */
enum teeio_leaf_role {
	TEEIO_LEAF_ANY = 0, /* chain check only                         */
	TEEIO_LEAF_RESPONDER = 1, /* device: not a CA, version 3, digitalSignature,
	                             SPDM responder-auth EKU if an SPDM EKU is present */
	TEEIO_LEAF_REQUESTER = 2, /* requester for mutual auth                */
};

/* Certificate issuance (test PKI and the emulated device). */
enum teeio_cert_profile {
	TEEIO_CERT_ROOT_CA = 0,
	TEEIO_CERT_INTERMEDIATE_CA,
	TEEIO_CERT_DEVICE_LEAF, /* SPDM responder: digitalSignature, SPDM EKU */
	TEEIO_CERT_REQUESTER_LEAF, /* SPDM requester (mutual authentication)    */
};

struct teeio_cert_request {
	enum teeio_cert_profile profile;
	const char *subject_cn; /* common name                         */
	const struct teeio_pkey *subject_key; /* public part is certified     */
	const struct teeio_pkey *issuer_key; /* private; == subject_key for root */
	const uint8_t *issuer_cert; /* DER of the issuer; NULL for root     */
	size_t issuer_cert_len;
	uint32_t validity_days; /* from now                            */
	uint64_t serial;
};

struct teeio_crypto_ops {
	const char *name;

	/* --- hashing (incremental, copyable for transcripts) --- */
	TEEIO_MUST_CHECK teeio_err (*hash_init)(struct teeio_hash *h, enum teeio_hash_alg alg);
	TEEIO_MUST_CHECK teeio_err (*hash_update)(struct teeio_hash *h, const void *data,
						  size_t len);
	/* Writes teeio_hash_size(alg) bytes; h may be updated no more, only freed. */
	TEEIO_MUST_CHECK teeio_err (*hash_final)(struct teeio_hash *h, uint8_t *out);
	/* dst becomes an independent copy of src's running state. */
	TEEIO_MUST_CHECK teeio_err (*hash_copy)(struct teeio_hash *dst,
						const struct teeio_hash *src);
	void (*hash_free)(struct teeio_hash *h);
	TEEIO_MUST_CHECK teeio_err (*hash)(enum teeio_hash_alg alg, const void *data, size_t len,
					   uint8_t *out);

	/* --- MAC and key derivation --- */
	TEEIO_MUST_CHECK teeio_err (*hmac)(enum teeio_hash_alg alg, const uint8_t *key,
					   size_t key_len, const void *data, size_t len,
					   uint8_t *out);
	/* RFC 5869.  prk receives teeio_hash_size(alg) bytes. */
	TEEIO_MUST_CHECK teeio_err (*hkdf_extract)(enum teeio_hash_alg alg, const uint8_t *salt,
						   size_t salt_len, const uint8_t *ikm,
						   size_t ikm_len, uint8_t *prk);
	TEEIO_MUST_CHECK teeio_err (*hkdf_expand)(enum teeio_hash_alg alg, const uint8_t *prk,
						  size_t prk_len, const uint8_t *info,
						  size_t info_len, uint8_t *out, size_t out_len);

	/* --- AEAD (a keyed context reused across messages) --- */
	TEEIO_MUST_CHECK teeio_err (*aead_init)(struct teeio_aead *a, enum teeio_aead_alg alg,
						const uint8_t *key, size_t key_len);
	/* ct may equal pt (in place).  tag_len <= teeio_aead_tag_size(alg);
	 * a shorter tag is the truncated full tag (IDE uses 12 of 16). */
	TEEIO_MUST_CHECK teeio_err (*aead_seal)(struct teeio_aead *a, const uint8_t iv[12],
						const void *aad, size_t aad_len, const void *pt,
						size_t len, uint8_t *ct, uint8_t *tag,
						size_t tag_len);
	/* TEEIO_ERR_CRYPTO_VERIFY when the tag does not match; pt is then
	 * wiped.  pt may equal ct. */
	TEEIO_MUST_CHECK teeio_err (*aead_open)(struct teeio_aead *a, const uint8_t iv[12],
						const void *aad, size_t aad_len, const void *ct,
						size_t len, const uint8_t *tag, size_t tag_len,
						uint8_t *pt);
	void (*aead_free)(struct teeio_aead *a);

	/* --- signature keys --- */
	TEEIO_MUST_CHECK teeio_err (*pkey_generate)(struct teeio_pkey *k, enum teeio_sig_alg alg);
	/* Private key from DER (PKCS#8) or PEM; alg is taken from the key, but
	 * for RSA the caller says PSS vs PKCS#1 v1.5 in `alg` (the key type is
	 * the same).  alg NONE: deduce, RSA defaults to RSASSA. */
	TEEIO_MUST_CHECK teeio_err (*pkey_load_private)(struct teeio_pkey *k,
							enum teeio_sig_alg alg, const uint8_t *data,
							size_t len);
	/* Public key of a DER certificate. */
	TEEIO_MUST_CHECK teeio_err (*pkey_from_cert)(struct teeio_pkey *k, enum teeio_sig_alg alg,
						     const uint8_t *der, size_t len);
	/* Raw public key: X||Y for EC, RFC 8032 for EdDSA, DER SubjectPublicKeyInfo for RSA. */
	TEEIO_MUST_CHECK teeio_err (*pkey_from_public)(struct teeio_pkey *k, enum teeio_sig_alg alg,
						       const uint8_t *data, size_t len);
	/* Export: private key as PKCS#8 DER (pem=false) or PEM text; public key
	 * as SubjectPublicKeyInfo DER.  *len in: capacity, out: used. */
	TEEIO_MUST_CHECK teeio_err (*pkey_export_private)(const struct teeio_pkey *k, bool pem,
							  uint8_t *out, size_t *len);
	TEEIO_MUST_CHECK teeio_err (*pkey_export_public)(const struct teeio_pkey *k, uint8_t *out,
							 size_t *len);
	void (*pkey_free)(struct teeio_pkey *k);

	/* Hash `msg` with hash_alg and sign (EdDSA: pure, hash_alg ignored).
	 * *sig_len in: capacity, out: teeio_sig_size(k->alg). */
	TEEIO_MUST_CHECK teeio_err (*sign)(const struct teeio_pkey *k, enum teeio_hash_alg hash_alg,
					   const void *msg, size_t len, uint8_t *sig,
					   size_t *sig_len);
	/* Sign an already computed digest (not for EdDSA: CRYPTO_UNSUPPORTED). */
	TEEIO_MUST_CHECK teeio_err (*sign_digest)(const struct teeio_pkey *k,
						  enum teeio_hash_alg hash_alg,
						  const uint8_t *digest, uint8_t *sig,
						  size_t *sig_len);
	/* TEEIO_OK or TEEIO_ERR_CRYPTO_VERIFY. */
	TEEIO_MUST_CHECK teeio_err (*verify)(const struct teeio_pkey *k,
					     enum teeio_hash_alg hash_alg, const void *msg,
					     size_t len, const uint8_t *sig, size_t sig_len);
	TEEIO_MUST_CHECK teeio_err (*verify_digest)(const struct teeio_pkey *k,
						    enum teeio_hash_alg hash_alg,
						    const uint8_t *digest, const uint8_t *sig,
						    size_t sig_len);

	/* --- ephemeral Diffie-Hellman --- */
	/* Fresh key pair; pub receives X||Y (teeio_dhe_pub_size). */
	TEEIO_MUST_CHECK teeio_err (*dhe_generate)(struct teeio_dhe *d, enum teeio_dhe_alg alg,
						   uint8_t *pub);
	/* Shared secret with the peer's X||Y; rejects points not on the curve
	 * (TEEIO_ERR_CRYPTO_VERIFY).  secret receives teeio_dhe_secret_size. */
	TEEIO_MUST_CHECK teeio_err (*dhe_compute)(struct teeio_dhe *d, const uint8_t *peer_pub,
						  size_t peer_len, uint8_t *secret);
	void (*dhe_free)(struct teeio_dhe *d);

	/* --- X.509 --- */
	/*
	 * Verify `chain` (concatenated DER certificates, root or first
	 * intermediate first, leaf last - the SPDM order) up to one of the
	 * `n_roots` trusted DER roots.  The first certificate may itself be a
	 * trusted root.  `now` is the verification time (0: the current time).
	 * Then apply the `role` leaf checks.  On success fills *leaf (may be
	 * NULL).  TEEIO_ERR_CRYPTO_CERT on any failure.
	 */
	TEEIO_MUST_CHECK teeio_err (*cert_chain_verify)(const uint8_t *chain, size_t chain_len,
							const uint8_t *const *roots,
							const size_t *root_lens, size_t n_roots,
							enum teeio_leaf_role role, int64_t now,
							struct teeio_cert_info *leaf);
	/* Facts of one DER certificate (no trust decision). */
	TEEIO_MUST_CHECK teeio_err (*cert_info)(const uint8_t *der, size_t len,
						struct teeio_cert_info *info);
	/* Length of the first DER certificate at `der` (walks the outer
	 * SEQUENCE header); lets callers split a concatenated chain. */
	TEEIO_MUST_CHECK teeio_err (*cert_der_len)(const uint8_t *der, size_t avail, size_t *len);
	/* Issue a certificate; *len in: capacity, out: DER bytes written. */
	TEEIO_MUST_CHECK teeio_err (*cert_issue)(const struct teeio_cert_request *req, uint8_t *der,
						 size_t *len);

	/* --- randomness --- */
	TEEIO_MUST_CHECK teeio_err (*random)(void *out, size_t len);
};

/** The OpenSSL 3 backend.  Never NULL. */
const struct teeio_crypto_ops *teeio_crypto_openssl(void);

/**
 * Check that every op of a table is present (for alternative backends and
 * test doubles).  TEEIO_ERR_USAGE naming nothing; use for registration.
 */
TEEIO_MUST_CHECK teeio_err teeio_crypto_ops_validate(const struct teeio_crypto_ops *ops);

#ifdef __cplusplus
}
#endif
#endif /* TEEIO_CRYPTO_H */
