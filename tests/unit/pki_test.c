/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test PKI (src/crypto/pki*.c): chain generation, the SPDM
 * certificate-chain form (build, parse, malformed input), PEM encoding,
 * and chains on disk.
 */
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "teeio/pki.h"
#include "test.h"

static const struct teeio_crypto_ops *ops;
/* Generated once (keygen dominates the run time), used read-only. */
static struct teeio_pki_chain dev, req;

#define FORM_CAP (TEEIO_PKI_CHAIN_CERTS_MAX * TEEIO_CERT_MAX + 64 + 4)

TEST(generated_chains_verify_with_their_roles)
{
	struct teeio_cert_info info;
	CHECK_EQ(dev.n_certs, 3);
	CHECK_EQ(req.n_certs, 2);
	CHECK(dev.leaf_key.has_private);
	CHECK_OK(teeio_pki_chain_verify(ops, &dev, TEEIO_LEAF_RESPONDER, 0, &info));
	CHECK(strstr(info.subject, "teeio emulated device") != NULL);
	CHECK_OK(teeio_pki_chain_verify(ops, &req, TEEIO_LEAF_REQUESTER, 0, &info));
	CHECK(strstr(info.subject, "teeio requester") != NULL);
	/* DSP0274 EKU rule: each leaf names only its own SPDM role. */
	CHECK_ERR(teeio_pki_chain_verify(ops, &req, TEEIO_LEAF_RESPONDER, 0, NULL),
		  TEEIO_ERR_CRYPTO_CERT);
	CHECK_ERR(teeio_pki_chain_verify(ops, &dev, TEEIO_LEAF_REQUESTER, 0, NULL),
		  TEEIO_ERR_CRYPTO_CERT);
}

TEST(generated_chains_other_algorithms)
{
	static const enum teeio_sig_alg algs[] = {TEEIO_SIG_ECDSA_P384, TEEIO_SIG_ED25519,
						  TEEIO_SIG_RSAPSS_2048};
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(algs); i++) {
		struct teeio_pki_chain c;
		CHECK_OK(teeio_pki_generate_device(ops, algs[i], 1, &c));
		CHECK_EQ(c.alg, algs[i]);
		CHECK_EQ(c.leaf_key.alg, algs[i]);
		CHECK_OK(teeio_pki_chain_verify(ops, &c, TEEIO_LEAF_RESPONDER, 0, NULL));
		/* One day of validity: two days on, the chain has expired. */
		CHECK_ERR(teeio_pki_chain_verify(ops, &c, TEEIO_LEAF_RESPONDER,
						 (int64_t)time(NULL) + 2 * 86400, NULL),
			  TEEIO_ERR_CRYPTO_CERT);
		teeio_pki_chain_free(ops, &c);
		CHECK(c.leaf_key.impl == NULL && c.n_certs == 0);
	}
	struct teeio_pki_chain c;
	CHECK_ERR(teeio_pki_generate_device(ops, TEEIO_SIG_NONE, 0, &c), TEEIO_ERR_USAGE);
	CHECK(c.leaf_key.impl == NULL);
}

TEST(chain_der_concatenates_and_bounds)
{
	uint8_t der[TEEIO_PKI_CHAIN_CERTS_MAX * TEEIO_CERT_MAX];
	size_t len = sizeof(der);
	CHECK_OK(teeio_pki_chain_der(&dev, der, &len));
	CHECK_EQ(len, dev.certs[0].len + dev.certs[1].len + dev.certs[2].len);
	CHECK_MEM(der + dev.certs[0].len, dev.certs[1].der, dev.certs[1].len);
	len -= 1;
	CHECK_ERR(teeio_pki_chain_der(&dev, der, &len), TEEIO_ERR_SIZE);
}

static size_t build(enum teeio_hash_alg h, uint8_t *form)
{
	size_t len = FORM_CAP;
	CHECK_OK(teeio_pki_spdm_chain_build(ops, h, &dev, form, &len));
	return len;
}

TEST(spdm_form_round_trip)
{
	static const enum teeio_hash_alg hashes[] = {TEEIO_HASH_SHA256, TEEIO_HASH_SHA384,
						     TEEIO_HASH_SHA512};
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(hashes); i++) {
		uint8_t form[FORM_CAP], root_hash[TEEIO_HASH_MAX];
		struct teeio_spdm_cert_chain_view v;
		size_t h = teeio_hash_size(hashes[i]);
		size_t len = build(hashes[i], form);
		CHECK_EQ(len, 4 + h + dev.certs[0].len + dev.certs[1].len + dev.certs[2].len);
		CHECK_EQ(teeio_load_u16le(form), len);
		CHECK_EQ(teeio_load_u16le(form + 2), 0);
		CHECK_OK(ops->hash(hashes[i], dev.certs[0].der, dev.certs[0].len, root_hash));
		CHECK_MEM(form + 4, root_hash, h);
		CHECK_OK(teeio_pki_spdm_chain_parse(ops, hashes[i], form, len, NULL, 0, &v));
		CHECK_EQ(v.n_certs, 3);
		CHECK(v.root_hash == form + 4);
		CHECK(v.certs == form + 4 + h);
		CHECK_EQ(v.certs_len, len - 4 - h);
		for (size_t c = 0; c < 3; c++) {
			CHECK_EQ(v.cert_len[c], dev.certs[c].len);
			CHECK_MEM(v.cert[c], dev.certs[c].der, dev.certs[c].len);
		}
		/* With the trusted root given explicitly. */
		CHECK_OK(teeio_pki_spdm_chain_parse(ops, hashes[i], form, len, dev.certs[0].der,
						    dev.certs[0].len, &v));
		/* Parsed with another hash, the layout does not hold. */
		CHECK(teeio_pki_spdm_chain_parse(ops, hashes[(i + 1) % 3], form, len, NULL, 0,
						 &v) != TEEIO_OK);
	}
}

TEST(spdm_form_build_bounds)
{
	uint8_t form[FORM_CAP];
	size_t len = 100;
	CHECK_ERR(teeio_pki_spdm_chain_build(ops, TEEIO_HASH_SHA256, &dev, form, &len),
		  TEEIO_ERR_SIZE);
	len = sizeof(form);
	CHECK_ERR(teeio_pki_spdm_chain_build(ops, TEEIO_HASH_NONE, &dev, form, &len),
		  TEEIO_ERR_USAGE);
}

TEST(spdm_form_bad_length)
{
	uint8_t form[FORM_CAP + 1];
	struct teeio_spdm_cert_chain_view v;
	size_t len = build(TEEIO_HASH_SHA384, form);
	/* Length says one more than we have, then one less. */
	teeio_store_u16le(form, (uint16_t)(len + 1));
	CHECK_ERR(teeio_pki_spdm_chain_parse(ops, TEEIO_HASH_SHA384, form, len, NULL, 0, &v),
		  TEEIO_ERR_SIZE_TRUNCATED);
	teeio_store_u16le(form, (uint16_t)(len - 1));
	CHECK_ERR(teeio_pki_spdm_chain_parse(ops, TEEIO_HASH_SHA384, form, len, NULL, 0, &v),
		  TEEIO_ERR_SIZE_TRAILING);
	/* Length too small even for the header and root hash. */
	teeio_store_u16le(form, 4 + 47);
	CHECK_ERR(teeio_pki_spdm_chain_parse(ops, TEEIO_HASH_SHA384, form, 4 + 47, NULL, 0, &v),
		  TEEIO_ERR_PROTO);
	/* Header and root hash only: no certificate. */
	teeio_store_u16le(form, 4 + 48);
	CHECK_ERR(teeio_pki_spdm_chain_parse(ops, TEEIO_HASH_SHA384, form, 4 + 48, NULL, 0, &v),
		  TEEIO_ERR_PROTO);
	/* Shorter than the Length field itself. */
	CHECK_ERR(teeio_pki_spdm_chain_parse(ops, TEEIO_HASH_SHA384, form, 1, NULL, 0, &v),
		  TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_ERR(teeio_pki_spdm_chain_parse(ops, TEEIO_HASH_SHA384, NULL, 0, NULL, 0, &v),
		  TEEIO_ERR_SIZE_TRUNCATED);
}

TEST(spdm_form_reserved_must_be_zero)
{
	uint8_t form[FORM_CAP];
	struct teeio_spdm_cert_chain_view v;
	size_t len = build(TEEIO_HASH_SHA256, form);
	form[3] = 0x01;
	CHECK_ERR(teeio_pki_spdm_chain_parse(ops, TEEIO_HASH_SHA256, form, len, NULL, 0, &v),
		  TEEIO_ERR_PROTO_RESERVED);
}

TEST(spdm_form_wrong_root_hash)
{
	uint8_t form[FORM_CAP];
	struct teeio_spdm_cert_chain_view v;
	size_t len = build(TEEIO_HASH_SHA256, form);
	form[4 + 31] ^= 0x80;
	CHECK_ERR(teeio_pki_spdm_chain_parse(ops, TEEIO_HASH_SHA256, form, len, NULL, 0, &v),
		  TEEIO_ERR_CRYPTO_VERIFY);
	CHECK(v.n_certs == 0 && v.root_hash == NULL);
	form[4 + 31] ^= 0x80;
	/* A different trusted root than the one hashed into the form. */
	CHECK_ERR(teeio_pki_spdm_chain_parse(ops, TEEIO_HASH_SHA256, form, len, req.certs[0].der,
					     req.certs[0].len, &v),
		  TEEIO_ERR_CRYPTO_VERIFY);
}

TEST(spdm_form_truncated_or_bad_certificate)
{
	uint8_t form[FORM_CAP];
	struct teeio_spdm_cert_chain_view v;
	size_t len = build(TEEIO_HASH_SHA256, form);
	/* Cut the leaf's last byte, keeping Length consistent. */
	teeio_store_u16le(form, (uint16_t)(len - 1));
	CHECK_ERR(teeio_pki_spdm_chain_parse(ops, TEEIO_HASH_SHA256, form, len - 1, NULL, 0, &v),
		  TEEIO_ERR_SIZE_TRUNCATED);
	/* The intermediate's tag is not a SEQUENCE. */
	teeio_store_u16le(form, (uint16_t)len);
	form[4 + 32 + dev.certs[0].len] = 0x31;
	CHECK_ERR(teeio_pki_spdm_chain_parse(ops, TEEIO_HASH_SHA256, form, len, NULL, 0, &v),
		  TEEIO_ERR_PROTO);
}

TEST(spdm_form_too_many_certificates)
{
	/* Header, root hash, then the root five times. */
	uint8_t form[4 + 32 + 5 * TEEIO_CERT_MAX];
	struct teeio_spdm_cert_chain_view v;
	struct teeio_buf w = teeio_buf_writer(form, sizeof(form));
	uint8_t *hash;
	CHECK_OK(teeio_buf_put_u32le(&w, 0));
	CHECK_OK(teeio_buf_reserve(&w, 32, &hash));
	for (int i = 0; i < 5; i++)
		CHECK_OK(teeio_buf_put_bytes(&w, dev.certs[0].der, dev.certs[0].len));
	CHECK_OK(ops->hash(TEEIO_HASH_SHA256, dev.certs[0].der, dev.certs[0].len, hash));
	teeio_store_u16le(form, (uint16_t)w.pos);
	CHECK_ERR(teeio_pki_spdm_chain_parse(ops, TEEIO_HASH_SHA256, form, w.pos, NULL, 0, &v),
		  TEEIO_ERR_SIZE_LIMIT);
	/* Four are fine. */
	size_t four = w.pos - dev.certs[0].len;
	teeio_store_u16le(form, (uint16_t)four);
	CHECK_OK(teeio_pki_spdm_chain_parse(ops, TEEIO_HASH_SHA256, form, four, NULL, 0, &v));
	CHECK_EQ(v.n_certs, 4);
}

/* PEM text of `n` bytes of `in`, via a temporary file. */
static void pem_of(const char *in, size_t n, char *out, size_t cap)
{
	FILE *f = tmpfile();
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK_OK(teeio_pki_write_pem(f, "X", (const uint8_t *)in, n));
	rewind(f);
	size_t got = fread(out, 1, cap - 1, f);
	out[got] = '\0';
	fclose(f);
}

TEST(pem_is_rfc7468_base64)
{
	char text[512];
	pem_of("f", 1, text, sizeof(text));
	CHECK(!strcmp(text, "-----BEGIN X-----\nZg==\n-----END X-----\n"));
	pem_of("fo", 2, text, sizeof(text));
	CHECK(!strcmp(text, "-----BEGIN X-----\nZm8=\n-----END X-----\n"));
	pem_of("foobar", 6, text, sizeof(text));
	CHECK(!strcmp(text, "-----BEGIN X-----\nZm9vYmFy\n-----END X-----\n"));
	/* 49 bytes: one full 64-character line, then 4 characters. */
	char in[49];
	memset(in, 0, sizeof(in));
	pem_of(in, sizeof(in), text, sizeof(text));
	const char *line1 = text + strlen("-----BEGIN X-----\n");
	CHECK(strchr(line1, '\n') - line1 == 64);
	CHECK(!strcmp(line1 + 65, "AA==\n-----END X-----\n"));
}

static bool file_exists(const char *dir, const char *name, mode_t *mode)
{
	char path[1024];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (stat(path, &st) != 0)
		return false;
	if (mode)
		*mode = st.st_mode & 0777;
	return st.st_size > 0;
}

TEST(write_and_load_round_trip)
{
	const char *dir = test_tmpdir("pki");
	char path[1024], other[1024];
	struct teeio_pki_chain back;
	mode_t mode = 0;
	CHECK_OK(teeio_pki_chain_write(ops, &dev, dir, "device"));
	CHECK_OK(teeio_pki_chain_write(ops, &req, dir, "requester"));
	static const char *const names[] = {
	    "device_root.der",    "device_root.pem",    "device_inter1.der",  "device_inter1.pem",
	    "device_leaf.der",    "device_leaf.pem",    "device_chain.der",   "device_chain.pem",
	    "requester_root.der", "requester_leaf.pem", "requester_chain.der"};
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(names); i++)
		CHECK(file_exists(dir, names[i], NULL));
	CHECK(file_exists(dir, "requester_inter1.der", NULL) == false);
	CHECK(file_exists(dir, "device_leaf.key.pem", &mode));
	CHECK_EQ(mode, 0600);

	CHECK_OK(teeio_pki_chain_load(ops, dir, "device", TEEIO_SIG_ECDSA_P256, &back));
	CHECK_EQ(back.n_certs, 3);
	for (size_t i = 0; i < 3; i++) {
		CHECK_EQ(back.certs[i].len, dev.certs[i].len);
		CHECK_MEM(back.certs[i].der, dev.certs[i].der, dev.certs[i].len);
	}
	CHECK_OK(teeio_pki_chain_verify(ops, &back, TEEIO_LEAF_RESPONDER, 0, NULL));
	teeio_pki_chain_free(ops, &back);
	/* alg NONE: deduced from the leaf. */
	CHECK_OK(teeio_pki_chain_load(ops, dir, "requester", TEEIO_SIG_NONE, &back));
	CHECK_EQ(back.alg, TEEIO_SIG_ECDSA_P256);
	teeio_pki_chain_free(ops, &back);

	CHECK_ERR(teeio_pki_chain_load(ops, dir, "nothing", TEEIO_SIG_NONE, &back),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	/* The requester's key next to the device chain: rejected. */
	snprintf(path, sizeof(path), "%s/device_leaf.key.pem", dir);
	snprintf(other, sizeof(other), "%s/requester_leaf.key.pem", dir);
	CHECK(rename(other, path) == 0);
	CHECK_ERR(teeio_pki_chain_load(ops, dir, "device", TEEIO_SIG_ECDSA_P256, &back),
		  TEEIO_ERR_CRYPTO_CERT);
	CHECK(back.leaf_key.impl == NULL);
	/* A chain file with a trailing byte. */
	snprintf(path, sizeof(path), "%s/device_chain.der", dir);
	FILE *f = fopen(path, "ab");
	CHECK(f != NULL);
	if (f) {
		fputc(0x30, f);
		fclose(f);
	}
	CHECK_ERR(teeio_pki_chain_load(ops, dir, "device", TEEIO_SIG_ECDSA_P256, &back),
		  TEEIO_ERR_CRYPTO_CERT);
}

int main(void)
{
	ops = teeio_crypto_openssl();
	if (teeio_pki_generate_device(ops, TEEIO_SIG_ECDSA_P256, 0, &dev) != TEEIO_OK ||
	    teeio_pki_generate_requester(ops, TEEIO_SIG_ECDSA_P256, 0, &req) != TEEIO_OK) {
		fprintf(stderr, "cannot generate the test chains\n");
		return 1;
	}
	RUN(generated_chains_verify_with_their_roles);
	RUN(generated_chains_other_algorithms);
	RUN(chain_der_concatenates_and_bounds);
	RUN(spdm_form_round_trip);
	RUN(spdm_form_build_bounds);
	RUN(spdm_form_bad_length);
	RUN(spdm_form_reserved_must_be_zero);
	RUN(spdm_form_wrong_root_hash);
	RUN(spdm_form_truncated_or_bad_certificate);
	RUN(spdm_form_too_many_certificates);
	RUN(pem_is_rfc7468_base64);
	RUN(write_and_load_round_trip);
	teeio_pki_chain_free(ops, &dev);
	teeio_pki_chain_free(ops, &req);
	return test_summary();
}
