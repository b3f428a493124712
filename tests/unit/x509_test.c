/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * X.509 ops of the OpenSSL backend: DER length walking, certificate
 * facts, issuance profiles, chain verification and the DSP0274 leaf checks.
 */
#include <time.h>

#include "teeio/crypto.h"
#include "test.h"
#include "support/x509.h"

#define DAYS 30u
#define CHAIN_CAP 8192

static const struct teeio_crypto_ops *ops;

/* A hand-made chain: keys and DER certificates, root first. */
struct tchain {
	size_t n;
	struct teeio_pkey key[4];
	uint8_t der[4][2048];
	size_t len[4];
	uint8_t all[CHAIN_CAP];
	size_t all_len;
};

static void tchain_free(struct tchain *c)
{
	for (size_t i = 0; i < 4; i++)
		ops->pkey_free(&c->key[i]);
	memset(c, 0, sizeof(*c));
}

/* A copy of `src` tagged `alg` (RSA: PSS and PKCS#1 v1.5 share keys). */
static bool key_clone(struct teeio_pkey *dst, const struct teeio_pkey *src, enum teeio_sig_alg alg)
{
	uint8_t der[4096];
	size_t len = sizeof(der);
	bool ok = ops->pkey_export_private(src, false, der, &len) == TEEIO_OK &&
		  ops->pkey_load_private(dst, alg, der, len) == TEEIO_OK;
	teeio_wipe(der, sizeof(der));
	return ok;
}

/*
 * Issue profiles[i] signed by link i-1 (link 0 self-signed).  Keys are
 * fresh, or copies of `pool[i]` when given (RSA keygen is slow).
 */
static bool tchain_make_from(struct tchain *c, enum teeio_sig_alg alg,
			     const enum teeio_cert_profile *profiles, size_t n,
			     const struct teeio_pkey *pool)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < n; i++) {
		if (pool ? !key_clone(&c->key[i], &pool[i], alg)
			 : ops->pkey_generate(&c->key[i], alg) != TEEIO_OK)
			return false;
		struct teeio_cert_request req = {
		    .profile = profiles[i],
		    .subject_cn = i == 0       ? "test root"
				  : i + 1 == n ? "test leaf"
					       : "test inter",
		    .subject_key = &c->key[i],
		    .issuer_key = &c->key[i ? i - 1 : 0],
		    .issuer_cert = i ? c->der[i - 1] : NULL,
		    .issuer_cert_len = i ? c->len[i - 1] : 0,
		    .validity_days = DAYS,
		    .serial = 1000 + i,
		};
		c->len[i] = sizeof(c->der[i]);
		if (ops->cert_issue(&req, c->der[i], &c->len[i]) != TEEIO_OK)
			return false;
		memcpy(c->all + c->all_len, c->der[i], c->len[i]);
		c->all_len += c->len[i];
	}
	c->n = n;
	return true;
}

static bool tchain_make(struct tchain *c, enum teeio_sig_alg alg,
			const enum teeio_cert_profile *profiles, size_t n)
{
	return tchain_make_from(c, alg, profiles, n, NULL);
}

static const enum teeio_cert_profile device_profiles[] = {
    TEEIO_CERT_ROOT_CA, TEEIO_CERT_INTERMEDIATE_CA, TEEIO_CERT_DEVICE_LEAF};
static const enum teeio_cert_profile requester_profiles[] = {TEEIO_CERT_ROOT_CA,
							     TEEIO_CERT_REQUESTER_LEAF};

static teeio_err verify(const struct tchain *c, const uint8_t *chain, size_t len,
			enum teeio_leaf_role role, int64_t now, struct teeio_cert_info *info)
{
	const uint8_t *roots[1] = {c->der[0]};
	size_t lens[1] = {c->len[0]};
	return ops->cert_chain_verify(chain, len, roots, lens, 1, role, now, info);
}

TEST(der_len_short_and_long_forms)
{
	size_t len = 0;
	const uint8_t short_form[] = {0x30, 0x03, 1, 2, 3, 0xff};
	CHECK_OK(ops->cert_der_len(short_form, sizeof(short_form), &len));
	CHECK_EQ(len, 5);
	uint8_t long1[3 + 0x80] = {0x30, 0x81, 0x80};
	CHECK_OK(ops->cert_der_len(long1, sizeof(long1), &len));
	CHECK_EQ(len, sizeof(long1));
	uint8_t long2[4 + 0x123] = {0x30, 0x82, 0x01, 0x23};
	CHECK_OK(ops->cert_der_len(long2, sizeof(long2), &len));
	CHECK_EQ(len, sizeof(long2));
}

TEST(der_len_rejects_malformed)
{
	size_t len = 77;
	const uint8_t not_seq[] = {0x31, 0x00};
	CHECK_ERR(ops->cert_der_len(not_seq, sizeof(not_seq), &len), TEEIO_ERR_PROTO);
	const uint8_t indefinite[] = {0x30, 0x80, 0x00, 0x00};
	CHECK_ERR(ops->cert_der_len(indefinite, sizeof(indefinite), &len), TEEIO_ERR_PROTO);
	const uint8_t non_minimal[] = {0x30, 0x81, 0x05, 1, 2, 3, 4, 5};
	CHECK_ERR(ops->cert_der_len(non_minimal, sizeof(non_minimal), &len), TEEIO_ERR_PROTO);
	const uint8_t leading_zero[] = {0x30, 0x82, 0x00, 0x90};
	CHECK_ERR(ops->cert_der_len(leading_zero, sizeof(leading_zero), &len), TEEIO_ERR_PROTO);
	const uint8_t too_many_octets[] = {0x30, 0x85, 1, 0, 0, 0, 0};
	CHECK_ERR(ops->cert_der_len(too_many_octets, sizeof(too_many_octets), &len),
		  TEEIO_ERR_PROTO);
	CHECK_EQ(len, 77); /* untouched on failure */
}

TEST(der_len_truncated)
{
	size_t len;
	CHECK_ERR(ops->cert_der_len(NULL, 0, &len), TEEIO_ERR_SIZE_TRUNCATED);
	const uint8_t tag_only[] = {0x30};
	CHECK_ERR(ops->cert_der_len(tag_only, sizeof(tag_only), &len), TEEIO_ERR_SIZE_TRUNCATED);
	const uint8_t half_len[] = {0x30, 0x82, 0x01};
	CHECK_ERR(ops->cert_der_len(half_len, sizeof(half_len), &len), TEEIO_ERR_SIZE_TRUNCATED);
	const uint8_t claims_more[] = {0x30, 0x04, 1, 2, 3};
	CHECK_ERR(ops->cert_der_len(claims_more, sizeof(claims_more), &len),
		  TEEIO_ERR_SIZE_TRUNCATED);
	const uint8_t huge[] = {0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0};
	CHECK_ERR(ops->cert_der_len(huge, sizeof(huge), &len), TEEIO_ERR_SIZE_TRUNCATED);
}

/* Device and requester chains of one algorithm verify with their role. */
static void check_family(enum teeio_sig_alg alg, const struct teeio_pkey *pool)
{
	struct tchain d, r;
	struct teeio_cert_info info;
	CHECK(tchain_make_from(&d, alg, device_profiles, 3, pool));
	CHECK(tchain_make_from(&r, alg, requester_profiles, 2, pool));
	CHECK_OK(verify(&d, d.all, d.all_len, TEEIO_LEAF_RESPONDER, 0, &info));
	CHECK(strstr(info.subject, "CN=test leaf") != NULL);
	CHECK(strstr(info.issuer, "CN=test inter") != NULL);
	CHECK(!info.is_ca);
	/* The ops cannot tell PSS from PKCS#1 v1.5 from the key alone. */
	if (alg >= TEEIO_SIG_RSAPSS_2048 && alg <= TEEIO_SIG_RSAPSS_4096)
		CHECK_EQ(info.key_alg, alg - TEEIO_SIG_RSAPSS_2048 + TEEIO_SIG_RSASSA_2048);
	else
		CHECK_EQ(info.key_alg, alg);
	CHECK_OK(verify(&r, r.all, r.all_len, TEEIO_LEAF_REQUESTER, 0, &info));
	CHECK(strstr(info.subject, "CN=test leaf") != NULL);
	/* Leaf-only chain and chain without the root also verify. */
	CHECK_OK(verify(&d, d.all + d.len[0], d.all_len - d.len[0], TEEIO_LEAF_RESPONDER, 0, NULL));
	if (test_state.checks_failed)
		fprintf(stderr, "  (algorithm %s)\n", teeio_sig_name(alg));
	tchain_free(&d);
	tchain_free(&r);
}

TEST(chains_verify_ecdsa)
{
	check_family(TEEIO_SIG_ECDSA_P256, NULL);
	check_family(TEEIO_SIG_ECDSA_P384, NULL);
	check_family(TEEIO_SIG_ECDSA_P521, NULL);
}

TEST(chains_verify_eddsa)
{
	check_family(TEEIO_SIG_ED25519, NULL);
	check_family(TEEIO_SIG_ED448, NULL);
}

TEST(chains_verify_rsa)
{
	struct teeio_pkey pool[3] = {{0}};
	for (size_t i = 0; i < 3; i++)
		CHECK_OK(ops->pkey_generate(&pool[i], TEEIO_SIG_RSASSA_2048));
	check_family(TEEIO_SIG_RSASSA_2048, pool);
	check_family(TEEIO_SIG_RSAPSS_2048, pool);
	for (size_t i = 0; i < 3; i++)
		ops->pkey_free(&pool[i]);
}

TEST(cert_info_reports_facts)
{
	struct tchain d;
	struct teeio_cert_info info;
	CHECK(tchain_make(&d, TEEIO_SIG_ECDSA_P384, device_profiles, 3));
	CHECK_OK(ops->cert_info(d.der[0], d.len[0], &info));
	CHECK(info.is_ca);
	CHECK(strstr(info.subject, "CN=test root") != NULL);
	CHECK(!strcmp(info.subject, info.issuer));
	CHECK_EQ(info.key_alg, TEEIO_SIG_ECDSA_P384);
	int64_t now = (int64_t)time(NULL);
	CHECK(info.not_before <= now && info.not_before > now - 2 * 3600);
	CHECK(info.not_after > now + (DAYS - 1) * 86400LL &&
	      info.not_after <= now + DAYS * 86400LL);
	/* Exactly one certificate: a trailing byte or a cut is rejected. */
	CHECK_ERR(ops->cert_info(d.der[0], d.len[0] - 1, &info), TEEIO_ERR_CRYPTO_CERT);
	CHECK_ERR(ops->cert_info(d.all, d.len[0] + 1, &info), TEEIO_ERR_CRYPTO_CERT);
	tchain_free(&d);
}

TEST(different_root_fails)
{
	struct tchain a, b;
	CHECK(tchain_make(&a, TEEIO_SIG_ECDSA_P256, device_profiles, 3));
	CHECK(tchain_make(&b, TEEIO_SIG_ECDSA_P256, device_profiles, 3));
	CHECK_ERR(verify(&b, a.all, a.all_len, TEEIO_LEAF_RESPONDER, 0, NULL),
		  TEEIO_ERR_CRYPTO_CERT);
	/* Two trusted roots: the second one matches. */
	const uint8_t *roots[2] = {b.der[0], a.der[0]};
	size_t lens[2] = {b.len[0], a.len[0]};
	CHECK_OK(ops->cert_chain_verify(a.all, a.all_len, roots, lens, 2, TEEIO_LEAF_RESPONDER, 0,
					NULL));
	CHECK_ERR(ops->cert_chain_verify(a.all, a.all_len, roots, lens, 0, TEEIO_LEAF_ANY, 0, NULL),
		  TEEIO_ERR_CRYPTO_CERT);
	tchain_free(&a);
	tchain_free(&b);
}

TEST(validity_uses_now)
{
	struct tchain d;
	CHECK(tchain_make(&d, TEEIO_SIG_ED25519, device_profiles, 3));
	int64_t now = (int64_t)time(NULL);
	CHECK_OK(verify(&d, d.all, d.all_len, TEEIO_LEAF_RESPONDER, now + 86400, NULL));
	CHECK_ERR(
	    verify(&d, d.all, d.all_len, TEEIO_LEAF_RESPONDER, now + (DAYS + 1) * 86400LL, NULL),
	    TEEIO_ERR_CRYPTO_CERT);
	CHECK_ERR(verify(&d, d.all, d.all_len, TEEIO_LEAF_RESPONDER, now - 2 * 86400, NULL),
		  TEEIO_ERR_CRYPTO_CERT);
	tchain_free(&d);
}

TEST(ca_leaf_fails_responder_check)
{
	static const enum teeio_cert_profile p[] = {TEEIO_CERT_ROOT_CA, TEEIO_CERT_INTERMEDIATE_CA};
	struct tchain c;
	CHECK(tchain_make(&c, TEEIO_SIG_ECDSA_P256, p, 2));
	CHECK_OK(verify(&c, c.all, c.all_len, TEEIO_LEAF_ANY, 0, NULL));
	CHECK_ERR(verify(&c, c.all, c.all_len, TEEIO_LEAF_RESPONDER, 0, NULL),
		  TEEIO_ERR_CRYPTO_CERT);
	CHECK_ERR(verify(&c, c.all, c.all_len, TEEIO_LEAF_REQUESTER, 0, NULL),
		  TEEIO_ERR_CRYPTO_CERT);
	/* The root alone, trusted: fine as a chain, not as a device leaf. */
	CHECK_OK(verify(&c, c.der[0], c.len[0], TEEIO_LEAF_ANY, 0, NULL));
	CHECK_ERR(verify(&c, c.der[0], c.len[0], TEEIO_LEAF_RESPONDER, 0, NULL),
		  TEEIO_ERR_CRYPTO_CERT);
	tchain_free(&c);
}

TEST(spdm_eku_roles)
{
	struct tchain d, r;
	CHECK(tchain_make(&d, TEEIO_SIG_ECDSA_P256, device_profiles, 3));
	CHECK(tchain_make(&r, TEEIO_SIG_ECDSA_P256, requester_profiles, 2));
	/* Only requester-auth: not a responder (DSP0274 1.3 EKU rule). */
	CHECK_ERR(verify(&r, r.all, r.all_len, TEEIO_LEAF_RESPONDER, 0, NULL),
		  TEEIO_ERR_CRYPTO_CERT);
	/* Only responder-auth: not a requester. */
	CHECK_ERR(verify(&d, d.all, d.all_len, TEEIO_LEAF_REQUESTER, 0, NULL),
		  TEEIO_ERR_CRYPTO_CERT);
	CHECK_OK(verify(&d, d.all, d.all_len, TEEIO_LEAF_ANY, 0, NULL));
	CHECK_OK(verify(&r, r.all, r.all_len, TEEIO_LEAF_ANY, 0, NULL));
	tchain_free(&d);
	tchain_free(&r);
}

TEST(tampered_certificates_fail)
{
	struct tchain d;
	uint8_t bad[CHAIN_CAP];
	CHECK(tchain_make(&d, TEEIO_SIG_ECDSA_P256, device_profiles, 3));
	/* The last byte of the leaf is in its signature. */
	memcpy(bad, d.all, d.all_len);
	bad[d.all_len - 1] ^= 0x01;
	CHECK_ERR(verify(&d, bad, d.all_len, TEEIO_LEAF_RESPONDER, 0, NULL), TEEIO_ERR_CRYPTO_CERT);
	/* A byte of the intermediate's signed body. */
	memcpy(bad, d.all, d.all_len);
	bad[d.len[0] + 40] ^= 0x01;
	CHECK_ERR(verify(&d, bad, d.all_len, TEEIO_LEAF_ANY, 0, NULL), TEEIO_ERR_CRYPTO_CERT);
	tchain_free(&d);
}

TEST(malformed_chains_fail)
{
	struct tchain d;
	uint8_t bad[CHAIN_CAP];
	CHECK(tchain_make(&d, TEEIO_SIG_ED25519, device_profiles, 3));
	CHECK_ERR(verify(&d, d.all, d.all_len - 1, TEEIO_LEAF_ANY, 0, NULL), TEEIO_ERR_CRYPTO_CERT);
	memcpy(bad, d.all, d.all_len);
	bad[d.all_len] = 0x00;
	CHECK_ERR(verify(&d, bad, d.all_len + 1, TEEIO_LEAF_ANY, 0, NULL), TEEIO_ERR_CRYPTO_CERT);
	CHECK_ERR(verify(&d, d.all, 0, TEEIO_LEAF_ANY, 0, NULL), TEEIO_ERR_CRYPTO_CERT);
	CHECK_ERR(verify(&d, NULL, 0, TEEIO_LEAF_ANY, 0, NULL), TEEIO_ERR_CRYPTO_CERT);
	const uint8_t garbage[] = {0x30, 0x03, 0x02, 0x01, 0x00};
	CHECK_ERR(verify(&d, garbage, sizeof(garbage), TEEIO_LEAF_ANY, 0, NULL),
		  TEEIO_ERR_CRYPTO_CERT);
	/* Leaf first, root last: not the SPDM order. */
	size_t off = 0;
	for (size_t i = 3; i-- > 0;) {
		memcpy(bad + off, d.der[i], d.len[i]);
		off += d.len[i];
	}
	CHECK_ERR(verify(&d, bad, off, TEEIO_LEAF_ANY, 0, NULL), TEEIO_ERR_CRYPTO_CERT);
	/* A root that is not DER. */
	const uint8_t *roots[1] = {garbage};
	size_t lens[1] = {sizeof(garbage)};
	CHECK_ERR(ops->cert_chain_verify(d.all, d.all_len, roots, lens, 1, TEEIO_LEAF_ANY, 0, NULL),
		  TEEIO_ERR_CRYPTO_CERT);
	tchain_free(&d);
}

TEST(issue_rejects_bad_requests)
{
	struct teeio_pkey k = {0};
	uint8_t der[2048];
	size_t len = sizeof(der);
	CHECK_OK(ops->pkey_generate(&k, TEEIO_SIG_ECDSA_P256));
	struct teeio_cert_request req = {
	    .profile = TEEIO_CERT_ROOT_CA,
	    .subject_cn = "x",
	    .subject_key = &k,
	    .issuer_key = &k,
	    .validity_days = 1,
	    .serial = 1,
	};
	len = 100;
	CHECK_ERR(ops->cert_issue(&req, der, &len), TEEIO_ERR_SIZE);
	len = sizeof(der);
	req.validity_days = 0;
	CHECK_ERR(ops->cert_issue(&req, der, &len), TEEIO_ERR_USAGE);
	req.validity_days = 1;
	req.profile = TEEIO_CERT_DEVICE_LEAF; /* a leaf needs its issuer */
	CHECK_ERR(ops->cert_issue(&req, der, &len), TEEIO_ERR_USAGE);
	req.issuer_cert = der;
	req.issuer_cert_len = 10; /* not a certificate */
	memset(der, 0, sizeof(der));
	CHECK_ERR(ops->cert_issue(&req, der, &len), TEEIO_ERR_CRYPTO_CERT);
	ops->pkey_free(&k);
}

/* verify a root -> forged leaf chain with `role`. */
static teeio_err forged(const struct tchain *root, const struct teeio_pkey *leaf_key,
			const struct x509_forge_leaf *spec, enum teeio_leaf_role role)
{
	uint8_t chain[CHAIN_CAP];
	size_t len = sizeof(chain) - root->len[0];
	memcpy(chain, root->der[0], root->len[0]);
	teeio_err rc = x509_forge_leaf(ops, spec, leaf_key, &root->key[0], root->der[0],
				       root->len[0], chain + root->len[0], &len);
	if (rc != TEEIO_OK)
		return rc;
	return verify(root, chain, root->len[0] + len, role, 0, NULL);
}

TEST(leaf_requirements_on_forged_leaves)
{
	static const enum teeio_cert_profile p[] = {TEEIO_CERT_ROOT_CA};
	struct tchain root;
	struct teeio_pkey leaf = {0};
	CHECK(tchain_make(&root, TEEIO_SIG_ED25519, p, 1));
	CHECK_OK(ops->pkey_generate(&leaf, TEEIO_SIG_ED25519));
	const struct x509_forge_leaf good = {.ku = X509_FORGE_KU_DIGITAL_SIGNATURE};
	/* The baseline passes both roles: the failures below are the field. */
	CHECK_OK(forged(&root, &leaf, &good, TEEIO_LEAF_RESPONDER));
	CHECK_OK(forged(&root, &leaf, &good, TEEIO_LEAF_REQUESTER));

	const struct x509_forge_leaf v1 = {.v1 = true};
	CHECK_OK(forged(&root, &leaf, &v1, TEEIO_LEAF_ANY));
	CHECK_ERR(forged(&root, &leaf, &v1, TEEIO_LEAF_RESPONDER), TEEIO_ERR_CRYPTO_CERT);
	const struct x509_forge_leaf v2 = {.v2 = true, .ku = X509_FORGE_KU_DIGITAL_SIGNATURE};
	CHECK_OK(forged(&root, &leaf, &v2, TEEIO_LEAF_ANY));
	CHECK_ERR(forged(&root, &leaf, &v2, TEEIO_LEAF_RESPONDER), TEEIO_ERR_CRYPTO_CERT);
	const struct x509_forge_leaf no_ku = {.ku = 0};
	CHECK_OK(forged(&root, &leaf, &no_ku, TEEIO_LEAF_ANY));
	CHECK_ERR(forged(&root, &leaf, &no_ku, TEEIO_LEAF_RESPONDER), TEEIO_ERR_CRYPTO_CERT);
	const struct x509_forge_leaf ku_enc = {.ku = X509_FORGE_KU_KEY_ENCIPHERMENT};
	CHECK_ERR(forged(&root, &leaf, &ku_enc, TEEIO_LEAF_RESPONDER), TEEIO_ERR_CRYPTO_CERT);
	const struct x509_forge_leaf ca = {.ca = true, .ku = X509_FORGE_KU_DIGITAL_SIGNATURE};
	CHECK_ERR(forged(&root, &leaf, &ca, TEEIO_LEAF_RESPONDER), TEEIO_ERR_CRYPTO_CERT);

	/* EKU: both SPDM purposes serve both roles; none at all is fine. */
	const struct x509_forge_leaf both = {.ku = X509_FORGE_KU_DIGITAL_SIGNATURE,
					     .eku = X509_FORGE_EKU_RESPONDER |
						    X509_FORGE_EKU_REQUESTER};
	CHECK_OK(forged(&root, &leaf, &both, TEEIO_LEAF_RESPONDER));
	CHECK_OK(forged(&root, &leaf, &both, TEEIO_LEAF_REQUESTER));
	const struct x509_forge_leaf server = {.ku = X509_FORGE_KU_DIGITAL_SIGNATURE,
					       .eku = X509_FORGE_EKU_SERVER};
	CHECK_OK(forged(&root, &leaf, &server, TEEIO_LEAF_RESPONDER));
	const struct x509_forge_leaf req_only = {.ku = X509_FORGE_KU_DIGITAL_SIGNATURE,
						 .eku = X509_FORGE_EKU_REQUESTER |
							X509_FORGE_EKU_SERVER};
	CHECK_ERR(forged(&root, &leaf, &req_only, TEEIO_LEAF_RESPONDER), TEEIO_ERR_CRYPTO_CERT);
	CHECK_OK(forged(&root, &leaf, &req_only, TEEIO_LEAF_REQUESTER));
	ops->pkey_free(&leaf);
	tchain_free(&root);
}

int main(void)
{
	ops = teeio_crypto_openssl();
	RUN(der_len_short_and_long_forms);
	RUN(der_len_rejects_malformed);
	RUN(der_len_truncated);
	RUN(chains_verify_ecdsa);
	RUN(chains_verify_eddsa);
	RUN(chains_verify_rsa);
	RUN(cert_info_reports_facts);
	RUN(different_root_fails);
	RUN(validity_uses_now);
	RUN(ca_leaf_fails_responder_check);
	RUN(spdm_eku_roles);
	RUN(leaf_requirements_on_forged_leaves);
	RUN(tampered_certificates_fail);
	RUN(malformed_chains_fail);
	RUN(issue_rejects_bad_requests);
	return test_summary();
}
