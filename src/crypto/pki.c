/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test PKI: generate device and requester chains through the crypto ops
 * (no backend code here).  See include/teeio/pki.h.
 */
#include <string.h>

#include "teeio/pki.h"

/* Issue one certificate into `out` with a fresh random serial. */
static teeio_err issue(const struct teeio_crypto_ops *ops, enum teeio_cert_profile profile,
		       const char *cn, const struct teeio_pkey *subject,
		       const struct teeio_pkey *issuer_key, const struct teeio_pki_cert *issuer,
		       uint32_t days, struct teeio_pki_cert *out)
{
	uint8_t rnd[8];
	TRY(ops->random(rnd, sizeof(rnd)));
	/* RFC 5280 4.1.2.2: a positive serial of at most 20 octets. */
	rnd[0] = (uint8_t)((rnd[0] & 0x7f) | 0x01);
	uint64_t serial = 0;
	for (size_t i = 0; i < sizeof(rnd); i++)
		serial = (serial << 8) | rnd[i];
	struct teeio_cert_request req = {
	    .profile = profile,
	    .subject_cn = cn,
	    .subject_key = subject,
	    .issuer_key = issuer_key,
	    .issuer_cert = issuer ? issuer->der : NULL,
	    .issuer_cert_len = issuer ? issuer->len : 0,
	    .validity_days = days,
	    .serial = serial,
	};
	out->len = sizeof(out->der);
	return ops->cert_issue(&req, out->der, &out->len);
}

/* One link of a generated chain: its profile and common name. */
struct pki_link {
	enum teeio_cert_profile profile;
	const char *cn;
};

static const struct pki_link device_links[] = {
    {TEEIO_CERT_ROOT_CA, "teeio test device root CA"},
    {TEEIO_CERT_INTERMEDIATE_CA, "teeio test device intermediate CA"},
    {TEEIO_CERT_DEVICE_LEAF, "teeio emulated device"},
};

static const struct pki_link requester_links[] = {
    {TEEIO_CERT_ROOT_CA, "teeio test requester root CA"},
    {TEEIO_CERT_REQUESTER_LEAF, "teeio requester"},
};

/*
 * Generate keys and certificates link by link.  Each CA key lives only
 * until the next certificate is signed; the leaf key stays in the chain.
 */
static teeio_err generate(const struct teeio_crypto_ops *ops, enum teeio_sig_alg alg, uint32_t days,
			  const struct pki_link *links, size_t n, struct teeio_pki_chain *chain)
{
	struct teeio_pkey ca = {0}, next = {0};
	teeio_err rc = TEEIO_OK;

	memset(chain, 0, sizeof(*chain));
	ENSURE(ops && alg != TEEIO_SIG_NONE && n >= 2 && n <= TEEIO_PKI_CHAIN_CERTS_MAX,
	       TEEIO_ERR_USAGE);
	chain->alg = alg;
	if (days == 0)
		days = TEEIO_PKI_DEFAULT_VALIDITY_DAYS;

	TRY_OUT(ops->pkey_generate(&ca, alg));
	TRY_OUT(issue(ops, links[0].profile, links[0].cn, &ca, &ca, NULL, days, &chain->certs[0]));
	for (size_t i = 1; i < n; i++) {
		TRY_OUT(ops->pkey_generate(&next, alg));
		TRY_OUT(issue(ops, links[i].profile, links[i].cn, &next, &ca, &chain->certs[i - 1],
			      days, &chain->certs[i]));
		ops->pkey_free(&ca);
		ca = next; /* ownership moves; `next` is reset below */
		memset(&next, 0, sizeof(next));
	}
	chain->n_certs = n;
	chain->leaf_key = ca;
	memset(&ca, 0, sizeof(ca));
out:
	ops->pkey_free(&ca);
	ops->pkey_free(&next);
	if (rc != TEEIO_OK)
		teeio_pki_chain_free(ops, chain);
	return rc;
}

teeio_err teeio_pki_generate_device(const struct teeio_crypto_ops *ops, enum teeio_sig_alg alg,
				    uint32_t validity_days, struct teeio_pki_chain *chain)
{
	ENSURE(chain, TEEIO_ERR_USAGE);
	return generate(ops, alg, validity_days, device_links, TEEIO_ARRAY_LEN(device_links),
			chain);
}

teeio_err teeio_pki_generate_requester(const struct teeio_crypto_ops *ops, enum teeio_sig_alg alg,
				       uint32_t validity_days, struct teeio_pki_chain *chain)
{
	ENSURE(chain, TEEIO_ERR_USAGE);
	return generate(ops, alg, validity_days, requester_links, TEEIO_ARRAY_LEN(requester_links),
			chain);
}

void teeio_pki_chain_free(const struct teeio_crypto_ops *ops, struct teeio_pki_chain *chain)
{
	if (!chain)
		return;
	if (ops)
		ops->pkey_free(&chain->leaf_key);
	teeio_wipe(chain, sizeof(*chain));
}

teeio_err teeio_pki_chain_der(const struct teeio_pki_chain *chain, uint8_t *out, size_t *len)
{
	ENSURE(chain && out && len && chain->n_certs <= TEEIO_PKI_CHAIN_CERTS_MAX, TEEIO_ERR_USAGE);
	struct teeio_buf w = teeio_buf_writer(out, *len);
	for (size_t i = 0; i < chain->n_certs; i++)
		TRY(teeio_buf_put_bytes(&w, chain->certs[i].der, chain->certs[i].len));
	*len = w.pos;
	return TEEIO_OK;
}

teeio_err teeio_pki_chain_verify(const struct teeio_crypto_ops *ops,
				 const struct teeio_pki_chain *chain, enum teeio_leaf_role role,
				 int64_t now, struct teeio_cert_info *leaf)
{
	uint8_t der[TEEIO_PKI_CHAIN_CERTS_MAX * TEEIO_CERT_MAX];
	size_t len = sizeof(der);
	ENSURE(ops && chain && chain->n_certs >= 1, TEEIO_ERR_USAGE);
	TRY(teeio_pki_chain_der(chain, der, &len));
	const uint8_t *roots[1] = {chain->certs[0].der};
	size_t root_lens[1] = {chain->certs[0].len};
	return ops->cert_chain_verify(der, len, roots, root_lens, 1, role, now, leaf);
}
