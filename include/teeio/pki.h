/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio/pki.h - test PKI: device and requester certificate chains, the
 * SPDM certificate-chain form, and chains on disk.
 *
 * Backend-neutral: everything goes through a `const struct
 * teeio_crypto_ops *`.  Chains live in caller-owned fixed buffers (no
 * allocation); a chain owns one private key (its leaf's), released and
 * wiped by teeio_pki_chain_free.
 *
 * Chains are root first, leaf last (the SPDM order, DSP0274 1.3
 * "Certificate chain format").
 */
#ifndef TEEIO_PKI_H
#define TEEIO_PKI_H

#include "teeio/common.h"
#include "teeio/crypto.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest DER certificate held (an RSA-4096 leaf signed by an RSA-4096
 * CA is about 1.4 KiB). */
#define TEEIO_CERT_MAX 2048
/* Certificates per chain: root, up to two intermediates, leaf. */
#define TEEIO_PKI_CHAIN_CERTS_MAX 4
/* Validity of generated certificates when the caller says 0. */
#define TEEIO_PKI_DEFAULT_VALIDITY_DAYS 3650u

/*
 * DSP0274 1.3 "Certificate chain format": Length (2 bytes, LE, the whole
 * chain including this header), Reserved (2 bytes, 0), RootHash (H bytes
 * of the negotiated hash), then the DER certificates, root first.  The
 * 16-bit Length bounds the whole form to 65535 bytes.
 */
#define TEEIO_SPDM_CERT_CHAIN_HDR_SIZE 4
#define TEEIO_SPDM_CERT_CHAIN_MAX 0xffffu

struct teeio_pki_cert {
	uint8_t der[TEEIO_CERT_MAX];
	size_t len;
};

struct teeio_pki_chain {
	enum teeio_sig_alg alg; /* algorithm of every key in the chain */
	size_t n_certs; /* 1..TEEIO_PKI_CHAIN_CERTS_MAX */
	struct teeio_pki_cert certs[TEEIO_PKI_CHAIN_CERTS_MAX]; /* root first */
	struct teeio_pkey leaf_key; /* private key of certs[n_certs-1] */
};

/** What teeio_pki_spdm_chain_parse finds (pointers into the input). */
struct teeio_spdm_cert_chain_view {
	const uint8_t *root_hash; /* teeio_hash_size(hash) bytes */
	const uint8_t *certs; /* concatenated DER, root (or first) first */
	size_t certs_len;
	size_t n_certs;
	const uint8_t *cert[TEEIO_PKI_CHAIN_CERTS_MAX]; /* each certificate */
	size_t cert_len[TEEIO_PKI_CHAIN_CERTS_MAX];
};

/**
 * Generate a device chain: root CA -> intermediate CA -> device leaf (the
 * SPDM responder profile), every key of algorithm `alg`, valid for
 * `validity_days` from now (0: TEEIO_PKI_DEFAULT_VALIDITY_DAYS).  The CA
 * keys are discarded; the leaf key stays in chain->leaf_key.
 * Errors: USAGE (alg NONE), CRYPTO_* from the backend, SIZE.  On failure
 * the chain is left freed.
 */
TEEIO_MUST_CHECK teeio_err teeio_pki_generate_device(const struct teeio_crypto_ops *ops,
						     enum teeio_sig_alg alg, uint32_t validity_days,
						     struct teeio_pki_chain *chain);

/**
 * Generate a requester chain (mutual authentication): its own root CA ->
 * requester leaf (SPDM requester-auth EKU).  As teeio_pki_generate_device.
 */
TEEIO_MUST_CHECK teeio_err teeio_pki_generate_requester(const struct teeio_crypto_ops *ops,
							enum teeio_sig_alg alg,
							uint32_t validity_days,
							struct teeio_pki_chain *chain);

/** Release the leaf key and wipe the chain.  Safe on a zeroed chain. */
void teeio_pki_chain_free(const struct teeio_crypto_ops *ops, struct teeio_pki_chain *chain);

/**
 * The chain as concatenated DER, root first.  *len in: capacity of out,
 * out: bytes written.  TEEIO_ERR_SIZE when it does not fit.
 */
TEEIO_MUST_CHECK teeio_err teeio_pki_chain_der(const struct teeio_pki_chain *chain, uint8_t *out,
					       size_t *len);

/**
 * Verify a chain against its own root (certs[0]) with the `role` leaf
 * checks at time `now` (0: now).  TEEIO_ERR_CRYPTO_CERT when rejected.
 */
TEEIO_MUST_CHECK teeio_err teeio_pki_chain_verify(const struct teeio_crypto_ops *ops,
						  const struct teeio_pki_chain *chain,
						  enum teeio_leaf_role role, int64_t now,
						  struct teeio_cert_info *leaf);

/**
 * Build the SPDM certificate-chain form of `chain` for hash `hash` into
 * out.  *len in: capacity, out: bytes written.  Errors: USAGE (hash NONE),
 * SIZE (does not fit or exceeds the 16-bit Length), backend errors.
 */
TEEIO_MUST_CHECK teeio_err teeio_pki_spdm_chain_build(const struct teeio_crypto_ops *ops,
						      enum teeio_hash_alg hash,
						      const struct teeio_pki_chain *chain,
						      uint8_t *out, size_t *len);

/**
 * Parse and check an SPDM certificate-chain form: Length equals `len`,
 * Reserved is zero, the certificates split cleanly (at most
 * TEEIO_PKI_CHAIN_CERTS_MAX), and RootHash equals the hash of `root`
 * (compared in constant time).  `root` NULL means the chain carries its
 * root: RootHash must then be the hash of the first certificate.  No
 * signature is checked here (that is cert_chain_verify's job).
 * Errors: SIZE_TRUNCATED (shorter than Length or a certificate),
 * SIZE_TRAILING (longer than Length), PROTO (Length too small for the
 * header, malformed DER header, no certificate), PROTO_RESERVED,
 * SIZE_LIMIT (too many certificates), CRYPTO_VERIFY (RootHash mismatch).
 */
TEEIO_MUST_CHECK teeio_err teeio_pki_spdm_chain_parse(const struct teeio_crypto_ops *ops,
						      enum teeio_hash_alg hash, const uint8_t *in,
						      size_t len, const uint8_t *root,
						      size_t root_len,
						      struct teeio_spdm_cert_chain_view *view);

/*
 * Files of a chain in a directory (`prefix` is e.g. "device" or
 * "requester"):
 *   <prefix>_root.{der,pem}       certs[0]
 *   <prefix>_inter<N>.{der,pem}   intermediates, N = 1.. (device chain: inter1)
 *   <prefix>_leaf.{der,pem}       the leaf
 *   <prefix>_chain.{der,pem}      every certificate concatenated, root first
 *   <prefix>_leaf.key.pem         the leaf private key, PKCS#8 PEM (mode 0600)
 * teeio_pki_chain_load reads <prefix>_chain.der and <prefix>_leaf.key.pem.
 */

/**
 * Write the files above into `dir` (which must exist).
 * Errors: TRANSPORT (I/O), SIZE, backend errors.
 */
TEEIO_MUST_CHECK teeio_err teeio_pki_chain_write(const struct teeio_crypto_ops *ops,
						 const struct teeio_pki_chain *chain,
						 const char *dir, const char *prefix);

/**
 * Load a chain written by teeio_pki_chain_write.  `alg` names the
 * algorithm (needed to tell RSA-PSS from RSASSA keys); NONE deduces it
 * from the leaf (RSA: RSASSA).  The private key must match the leaf's
 * public key (checked by a test signature).
 * Errors: USAGE_NOT_FOUND (missing file), TRANSPORT (I/O), SIZE,
 * CRYPTO_CERT (bad certificate or mismatching key), backend errors.
 */
TEEIO_MUST_CHECK teeio_err teeio_pki_chain_load(const struct teeio_crypto_ops *ops, const char *dir,
						const char *prefix, enum teeio_sig_alg alg,
						struct teeio_pki_chain *chain);

/**
 * Write `der` as PEM with the given label ("CERTIFICATE") to f.
 * TEEIO_ERR_TRANSPORT on a write error.
 */
TEEIO_MUST_CHECK teeio_err teeio_pki_write_pem(FILE *f, const char *label, const uint8_t *der,
					       size_t len);

#ifdef __cplusplus
}
#endif
#endif /* TEEIO_PKI_H */
