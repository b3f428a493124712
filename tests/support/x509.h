/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test helper: forge X.509 leaf certificates that cert_issue would never
 * produce (v1, no keyUsage, other EKUs), DER-encoded by hand and signed
 * through the ops table with an Ed25519 issuer key.  Backend-neutral.
 */
#ifndef TEEIO_TEST_SUPPORT_X509_H
#define TEEIO_TEST_SUPPORT_X509_H

#include "teeio/crypto.h"

/* keyUsage bits (RFC 5280 4.2.1.3), as the first content octet. */
#define X509_FORGE_KU_DIGITAL_SIGNATURE 0x80
#define X509_FORGE_KU_KEY_ENCIPHERMENT 0x20

/* Extended key usages the forge can put in a leaf. */
#define X509_FORGE_EKU_RESPONDER 0x1 /* id-DMTF-eku-responder-auth */
#define X509_FORGE_EKU_REQUESTER 0x2 /* id-DMTF-eku-requester-auth */
#define X509_FORGE_EKU_SERVER 0x4 /* id-kp-serverAuth */

struct x509_forge_leaf {
	bool v1; /* version 1: no extensions at all */
	bool v2; /* version 2, yet with the extensions below */
	bool ca; /* basicConstraints cA TRUE (else cA FALSE) */
	uint8_t ku; /* keyUsage bits; 0: no keyUsage extension */
	unsigned eku; /* X509_FORGE_EKU_* set; 0: no EKU extension */
};

/**
 * Forge a leaf for `subject` issued by the certificate `issuer` (DER)
 * whose private key is `issuer_key` (must be Ed25519), valid from an hour
 * ago for 30 days.  *len in: capacity, out: DER length.
 */
teeio_err x509_forge_leaf(const struct teeio_crypto_ops *ops, const struct x509_forge_leaf *spec,
			  const struct teeio_pkey *subject, const struct teeio_pkey *issuer_key,
			  const uint8_t *issuer, size_t issuer_len, uint8_t *der, size_t *len);

#endif
