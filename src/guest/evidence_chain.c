/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The device's certificate chain up to a root the policy trusts, and the
 * SPDM floors (version, algorithms) of the connection the TSM made.
 *
 * The chain arrives in the SPDM certificate-chain form (DSP0274 1.3
 * "Certificate chain format": Length, Reserved, RootHash, DER
 * certificates).  Its RootHash names the root: when the chain leaves the
 * root out, RootHash must be the hash of one of our trusted roots; when it
 * carries the root, RootHash is the hash of its first certificate.
 * Either way the signatures are checked up to a trusted root by the
 * crypto backend, with the SPDM responder leaf rules.
 */
#include <string.h>

#include "guest_internal.h"

/* Parse the chain form, trying each trusted root as the one RootHash names. */
static teeio_err parse_chain(const struct teeio_crypto_ops *ops,
			     const struct teeio_guest_policy *pol,
			     const struct teeio_guest_evidence *ev,
			     struct teeio_spdm_cert_chain_view *view)
{
	teeio_err rc;
	size_t i;

	for (i = 0; i < pol->n_roots; i++) {
		rc = teeio_pki_spdm_chain_parse(ops, ev->spdm.hash, ev->cert_chain,
						ev->cert_chain_len, pol->roots[i].der,
						pol->roots[i].len, view);
		if (rc != TEEIO_ERR_CRYPTO_VERIFY)
			return rc;
	}
	return teeio_pki_spdm_chain_parse(ops, ev->spdm.hash, ev->cert_chain, ev->cert_chain_len,
					  NULL, 0, view);
}

void gv_chain(const struct teeio_crypto_ops *ops, const struct teeio_guest_policy *pol,
	      const struct teeio_guest_evidence *ev, struct teeio_guest_verdict *v)
{
	const uint8_t *roots[TEEIO_GUEST_ROOTS_MAX];
	size_t lens[TEEIO_GUEST_ROOTS_MAX];
	struct teeio_spdm_cert_chain_view view;
	teeio_err rc;
	size_t i;

	if (!pol->n_roots) {
		gv_add(v, TEEIO_GUEST_AREA_CHAIN, TEEIO_GUEST_NO_ROOTS, 0,
		       "the policy trusts no root certificate");
		return;
	}
	if (!ev->cert_chain || teeio_hash_size(ev->spdm.hash) == 0) {
		gv_add(v, TEEIO_GUEST_AREA_CHAIN, TEEIO_GUEST_CHAIN_MALFORMED, 0,
		       "no certificate chain or no SPDM hash");
		return;
	}
	rc = parse_chain(ops, pol, ev, &view);
	if (rc != TEEIO_OK) {
		gv_add(v, TEEIO_GUEST_AREA_CHAIN,
		       rc == TEEIO_ERR_CRYPTO_VERIFY ? TEEIO_GUEST_CHAIN_UNTRUSTED
						     : TEEIO_GUEST_CHAIN_MALFORMED,
		       0, "SPDM chain form: %s", teeio_err_str(rc));
		return;
	}
	for (i = 0; i < pol->n_roots; i++) {
		roots[i] = pol->roots[i].der;
		lens[i] = pol->roots[i].len;
	}
	rc = ops->cert_chain_verify(view.certs, view.certs_len, roots, lens, pol->n_roots,
				    TEEIO_LEAF_RESPONDER, ev->now, &v->leaf);
	if (rc != TEEIO_OK) {
		memset(&v->leaf, 0, sizeof(v->leaf));
		gv_add(v, TEEIO_GUEST_AREA_CHAIN, TEEIO_GUEST_CHAIN_UNTRUSTED, 0,
		       "%zu certificate(s) do not verify to a trusted root: %s", view.n_certs,
		       teeio_err_str(rc));
		return;
	}
	v->leaf_valid = true;
}

/* Is `alg` in `mask` (0: any)? */
static bool allowed(uint32_t mask, int alg)
{
	return mask == 0 || (alg > 0 && alg < 32 && (mask >> alg) & 1u);
}

void gv_spdm(const struct teeio_guest_policy *pol, const struct teeio_guest_evidence *ev,
	     struct teeio_guest_verdict *v)
{
	const struct teeio_guest_spdm_info *s = &ev->spdm;

	if (s->version == 0) {
		/* Only the base hash is known (it names the chain's RootHash). */
		gv_add(v, TEEIO_GUEST_AREA_SPDM, TEEIO_GUEST_SPDM_UNREPORTED, 0,
		       "SPDM version and algorithms not reported; floors not checked");
		if (!allowed(pol->allow_hash, (int)s->hash))
			gv_add(v, TEEIO_GUEST_AREA_SPDM, TEEIO_GUEST_SPDM_ALG, 0,
			       "hash %s not allowed", teeio_hash_name(s->hash));
		return;
	}
	if (s->version < pol->spdm_min_version)
		gv_add(v, TEEIO_GUEST_AREA_SPDM, TEEIO_GUEST_SPDM_VERSION, s->version,
		       "SPDM %u.%u below the policy's %u.%u", s->version >> 4, s->version & 0xf,
		       pol->spdm_min_version >> 4, pol->spdm_min_version & 0xf);
	if (!allowed(pol->allow_asym, (int)s->asym))
		gv_add(v, TEEIO_GUEST_AREA_SPDM, TEEIO_GUEST_SPDM_ALG, 0, "asym %s not allowed",
		       teeio_sig_name(s->asym));
	if (!allowed(pol->allow_hash, (int)s->hash))
		gv_add(v, TEEIO_GUEST_AREA_SPDM, TEEIO_GUEST_SPDM_ALG, 0, "hash %s not allowed",
		       teeio_hash_name(s->hash));
	/* Raw-only measurements (no measurement hash) are compared byte for
	 * byte: nothing weaker to refuse there. */
	if (s->meas_hash != TEEIO_HASH_NONE && !allowed(pol->allow_meas_hash, (int)s->meas_hash))
		gv_add(v, TEEIO_GUEST_AREA_SPDM, TEEIO_GUEST_SPDM_ALG, 0,
		       "measurement hash %s not allowed", teeio_hash_name(s->meas_hash));
	if (!allowed(pol->allow_dhe, (int)s->dhe))
		gv_add(v, TEEIO_GUEST_AREA_SPDM, TEEIO_GUEST_SPDM_ALG, 0, "dhe %s not allowed",
		       teeio_dhe_name(s->dhe));
	if (!allowed(pol->allow_aead, (int)s->aead))
		gv_add(v, TEEIO_GUEST_AREA_SPDM, TEEIO_GUEST_SPDM_ALG, 0, "aead %s not allowed",
		       teeio_aead_name(s->aead));
}
