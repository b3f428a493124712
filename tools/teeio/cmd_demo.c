/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * `teeio demo` - the main job on the built-in default device.
 *
 * Today it runs the layers that exist, each step doing real work: the
 * device's identity (certificate chain) is generated and verified as a
 * host would, and the session primitives run end to end.  Later steps of
 * the lifecycle (connect, bind, attest, accept, DMA) join as they land.
 */
#include <string.h>

#include "demo.h"
#include "teeio/pki.h"

struct demo {
	const struct teeio_crypto_ops *ops;
	enum teeio_sig_alg alg;
	struct teeio_pki_chain device;
	struct teeio_cert_info leaf;
};

static teeio_err step_pki(struct demo *d, char *detail, size_t cap)
{
	TRY(teeio_pki_generate_device(d->ops, d->alg, 0, &d->device));
	size_t total = 0;
	for (size_t i = 0; i < d->device.n_certs; i++)
		total += d->device.certs[i].len;
	snprintf(detail, cap, "%s: root -> intermediate -> device leaf, %zu certificates, %zu bytes DER",
		 teeio_sig_name(d->alg), d->device.n_certs, total);
	return TEEIO_OK;
}

static teeio_err step_verify(struct demo *d, char *detail, size_t cap)
{
	uint8_t der[TEEIO_PKI_CHAIN_CERTS_MAX * TEEIO_CERT_MAX];
	size_t len = sizeof(der);
	TRY(teeio_pki_chain_der(&d->device, der, &len));
	const uint8_t *roots[1] = {d->device.certs[0].der};
	size_t root_lens[1] = {d->device.certs[0].len};
	TRY(d->ops->cert_chain_verify(der, len, roots, root_lens, 1, TEEIO_LEAF_RESPONDER, 0,
				      &d->leaf));
	snprintf(detail, cap, "leaf \"%s\" verified to the trusted root with the SPDM responder checks",
		 d->leaf.subject);
	return TEEIO_OK;
}

/* Sign a challenge with the device key and verify it with the public key
 * taken from the leaf certificate, as an SPDM requester does. */
static teeio_err step_challenge(struct demo *d, char *detail, size_t cap)
{
	uint8_t nonce[32], sig[TEEIO_SIG_MAX];
	size_t sig_len = sizeof(sig);
	struct teeio_pkey pub = {0};
	teeio_err rc;
	const struct teeio_pki_cert *leaf = &d->device.certs[d->device.n_certs - 1];

	TRY(d->ops->random(nonce, sizeof(nonce)));
	TRY(d->ops->sign(&d->device.leaf_key, TEEIO_HASH_SHA384, nonce, sizeof(nonce), sig,
			 &sig_len));
	TRY_OUT(d->ops->pkey_from_cert(&pub, d->alg, leaf->der, leaf->len));
	TRY_OUT(d->ops->verify(&pub, TEEIO_HASH_SHA384, nonce, sizeof(nonce), sig, sig_len));
	nonce[0] ^= 1; /* a forged message must not verify */
	ENSURE_OUT(d->ops->verify(&pub, TEEIO_HASH_SHA384, nonce, sizeof(nonce), sig, sig_len) ==
			   TEEIO_ERR_CRYPTO_VERIFY,
		   TEEIO_ERR_INTERNAL);
	snprintf(detail, cap, "%zu-byte signature over a fresh nonce verified; a forged nonce rejected",
		 sig_len);
out:
	d->ops->pkey_free(&pub);
	return rc;
}

/* ECDHE on both ends, HKDF, then AES-256-GCM one way and tamper detection. */
static teeio_err step_session(struct demo *d, char *detail, size_t cap)
{
	struct teeio_dhe a = {0}, b = {0};
	struct teeio_aead ka = {0}, kb = {0};
	uint8_t pa[TEEIO_DHE_PUB_MAX], pb[TEEIO_DHE_PUB_MAX];
	uint8_t sa[TEEIO_DHE_SECRET_MAX], sb[TEEIO_DHE_SECRET_MAX];
	uint8_t prk[TEEIO_HASH_MAX], key[32], iv[12] = {0};
	uint8_t msg[64] = "heartbeat", ct[64], tag[16], back[64];
	const enum teeio_dhe_alg g = TEEIO_DHE_SECP384R1;
	size_t slen = teeio_dhe_secret_size(g);
	teeio_err rc;

	TRY_OUT(d->ops->dhe_generate(&a, g, pa));
	TRY_OUT(d->ops->dhe_generate(&b, g, pb));
	TRY_OUT(d->ops->dhe_compute(&a, pb, teeio_dhe_pub_size(g), sa));
	TRY_OUT(d->ops->dhe_compute(&b, pa, teeio_dhe_pub_size(g), sb));
	ENSURE_OUT(teeio_ct_memeq(sa, sb, slen), TEEIO_ERR_CRYPTO_VERIFY);
	TRY_OUT(d->ops->hkdf_extract(TEEIO_HASH_SHA384, NULL, 0, sa, slen, prk));
	TRY_OUT(d->ops->hkdf_expand(TEEIO_HASH_SHA384, prk, 48, (const uint8_t *)"key", 3, key,
				    sizeof(key)));
	TRY_OUT(d->ops->aead_init(&ka, TEEIO_AEAD_AES256_GCM, key, sizeof(key)));
	TRY_OUT(d->ops->aead_init(&kb, TEEIO_AEAD_AES256_GCM, key, sizeof(key)));
	TRY_OUT(d->ops->aead_seal(&ka, iv, NULL, 0, msg, sizeof(msg), ct, tag, 16));
	TRY_OUT(d->ops->aead_open(&kb, iv, NULL, 0, ct, sizeof(ct), tag, 16, back));
	ENSURE_OUT(!memcmp(back, msg, sizeof(msg)), TEEIO_ERR_CRYPTO_VERIFY);
	ct[5] ^= 0x40;
	ENSURE_OUT(d->ops->aead_open(&kb, iv, NULL, 0, ct, sizeof(ct), tag, 16, back) ==
			   TEEIO_ERR_CRYPTO_VERIFY,
		   TEEIO_ERR_INTERNAL);
	snprintf(detail, cap, "%s shared secret agreed, HKDF-SHA384 key, AES-256-GCM round trip; "
			      "a flipped ciphertext bit rejected",
		 teeio_dhe_name(g));
out:
	teeio_wipe(sa, sizeof(sa));
	teeio_wipe(sb, sizeof(sb));
	teeio_wipe(prk, sizeof(prk));
	teeio_wipe(key, sizeof(key));
	d->ops->dhe_free(&a);
	d->ops->dhe_free(&b);
	d->ops->aead_free(&ka);
	d->ops->aead_free(&kb);
	return rc;
}

static const struct demo_step steps[] = {
	{"identity", "generate the device certificate chain", step_pki},
	{"identity", "verify the chain as the host would", step_verify},
	{"identity", "challenge: device signs, host verifies", step_challenge},
	{"session", "ECDHE + HKDF + AEAD with tamper check", step_session},
};

int cmd_demo(struct cli *cli, int argc, char **argv)
{
	struct demo d = {.ops = cli->crypto, .alg = TEEIO_SIG_ECDSA_P384};

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			printf("usage: teeio demo [--alg ALG] [--json] [-v]\n\n"
			       "Runs the main job on the built-in default device, step by step,\n"
			       "printing what happened and how long it took.\n"
			       "  --alg ALG   device signature algorithm (default ecdsa-p384)\n");
			return CLI_EXIT_OK;
		}
		if (!strcmp(argv[i], "--alg") && i + 1 < argc) {
			d.alg = teeio_sig_from_name(argv[++i]);
			if (d.alg == TEEIO_SIG_NONE) {
				fprintf(stderr, "teeio demo: unknown algorithm %s\n", argv[i]);
				return CLI_EXIT_USAGE;
			}
			continue;
		}
		if (!cli_common_option(cli, argv[i])) {
			fprintf(stderr, "teeio demo: unknown option %s\n", argv[i]);
			return CLI_EXIT_USAGE;
		}
	}
	if (!cli->json)
		printf("teeio %s demo: built-in default device (%s)\n\n", teeio_version(),
		       teeio_sig_name(d.alg));
	int code = demo_run(cli, steps, TEEIO_ARRAY_LEN(steps), &d);
	teeio_pki_chain_free(d.ops, &d.device);
	return code;
}
