/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio pki: the test PKI.
 *
 *   teeio pki generate DIR [--alg ALG|all] [--days N]   write chains + keys
 *   teeio pki verify DIR/<alg> [--alg ALG] [--now T]    verify them back
 *   teeio pki show FILE                                 print certificates
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "teeio/pki.h"

#define PKI_PATH_MAX 4096

static const enum teeio_hash_alg spdm_hashes[] = {TEEIO_HASH_SHA256, TEEIO_HASH_SHA384,
						  TEEIO_HASH_SHA512};

/* The two chains of a directory and their leaf role. */
struct chain_kind {
	const char *prefix;
	enum teeio_leaf_role role;
	teeio_err (*generate)(const struct teeio_crypto_ops *, enum teeio_sig_alg, uint32_t,
			      struct teeio_pki_chain *);
};
static const struct chain_kind kinds[] = {
    {"device", TEEIO_LEAF_RESPONDER, teeio_pki_generate_device},
    {"requester", TEEIO_LEAF_REQUESTER, teeio_pki_generate_requester},
};

static void usage_generate(FILE *f)
{
	fprintf(f,
		"usage: teeio pki generate DIR [--alg ALG|all] [--days N] [--json]\n\n"
		"For each algorithm, write DIR/<alg>/ with a device chain (root ->\n"
		"intermediate -> SPDM responder leaf) and a requester chain (root ->\n"
		"requester leaf): <chain>_{root,inter1,leaf,chain}.{der,pem},\n"
		"<chain>_leaf.key.pem (PKCS#8) and <chain>_chain.<hash>.spdm (the SPDM\n"
		"certificate-chain form for sha256, sha384, sha512).\n\n"
		"ALG: ecdsa-p256 ecdsa-p384 ecdsa-p521 rsassa-2048 rsassa-3072 rsassa-4096\n"
		"     rsapss-2048 rsapss-3072 rsapss-4096 ed25519 ed448 all (default: all)\n"
		"--days N: validity in days (default %u)\n",
		TEEIO_PKI_DEFAULT_VALIDITY_DAYS);
}

static void usage_verify(FILE *f)
{
	fprintf(f, "usage: teeio pki verify DIR [--alg ALG] [--now EPOCH] [--json]\n\n"
		   "Load DIR/device_* and DIR/requester_* (as written by 'pki generate'),\n"
		   "check that each key matches its leaf, verify each chain to its own root\n"
		   "with the SPDM responder / requester leaf checks, check the .spdm forms,\n"
		   "and print each leaf's subject and validity.  ALG defaults to DIR's name.\n"
		   "exit 0: all verified; 6: a chain or key was rejected.\n");
}

static void usage_show(FILE *f)
{
	fprintf(f, "usage: teeio pki show FILE [--json]\n\n"
		   "Print subject, issuer, validity and key algorithm of each DER\n"
		   "certificate in FILE: one certificate, a concatenated chain, or an SPDM\n"
		   "certificate-chain form (.spdm; its root hash is checked).\n");
}

static void usage_pki(FILE *f)
{
	fprintf(f, "usage: teeio pki <generate|verify|show> ... (--help on each)\n");
}

static void fmt_time(char *out, size_t cap, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || !strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, cap, "%lld", (long long)t);
}

/* <dir>/<prefix>_chain.<hash>.spdm */
static teeio_err spdm_form_path(char *out, size_t cap, const char *dir, const char *prefix,
				enum teeio_hash_alg hash)
{
	int n = snprintf(out, cap, "%s/%s_chain.%s.spdm", dir, prefix, teeio_hash_name(hash));
	ENSURE(n > 0 && (size_t)n < cap, TEEIO_ERR_SIZE);
	return TEEIO_OK;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return 0;
	fprintf(stderr, "teeio pki: mkdir %s: %s\n", path, strerror(errno));
	return -1;
}

/* <dir>/<prefix>_chain.<hash>.spdm for every SPDM hash. */
static teeio_err write_spdm_forms(const struct teeio_crypto_ops *ops,
				  const struct teeio_pki_chain *chain, const char *dir,
				  const char *prefix)
{
	uint8_t form[TEEIO_SPDM_CERT_CHAIN_MAX];
	char path[PKI_PATH_MAX];
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(spdm_hashes); i++) {
		size_t len = sizeof(form);
		TRY(teeio_pki_spdm_chain_build(ops, spdm_hashes[i], chain, form, &len));
		TRY(spdm_form_path(path, sizeof(path), dir, prefix, spdm_hashes[i]));
		FILE *f = fopen(path, "wb");
		ENSURE(f, TEEIO_ERR_TRANSPORT);
		bool ok = fwrite(form, 1, len, f) == len;
		ok &= fclose(f) == 0;
		ENSURE(ok, TEEIO_ERR_TRANSPORT);
	}
	return TEEIO_OK;
}

static void json_files(const char *prefix, size_t n_certs, bool *first)
{
	static const char *const exts[] = {"der", "pem"};
	char name[128];
	for (size_t c = 0; c < n_certs; c++) {
		for (size_t e = 0; e < 2; e++) {
			if (c == 0)
				snprintf(name, sizeof(name), "%s_root.%s", prefix, exts[e]);
			else if (c + 1 == n_certs)
				snprintf(name, sizeof(name), "%s_leaf.%s", prefix, exts[e]);
			else
				snprintf(name, sizeof(name), "%s_inter%zu.%s", prefix, c, exts[e]);
			printf("%s", *first ? "" : ",");
			cli_json_str(stdout, name);
			*first = false;
		}
	}
	printf(",\"%s_chain.der\",\"%s_chain.pem\",\"%s_leaf.key.pem\"", prefix, prefix, prefix);
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(spdm_hashes); i++)
		printf(",\"%s_chain.%s.spdm\"", prefix, teeio_hash_name(spdm_hashes[i]));
}

/* Generate and write both chains of one algorithm into <dir>/<alg>. */
static int generate_one(struct cli *cli, const char *dir, enum teeio_sig_alg alg, uint32_t days,
			bool first_alg)
{
	char sub[PKI_PATH_MAX];
	struct teeio_pki_chain chain;
	size_t n_certs[TEEIO_ARRAY_LEN(kinds)];
	int n = snprintf(sub, sizeof(sub), "%s/%s", dir, teeio_sig_name(alg));
	if (n < 0 || (size_t)n >= sizeof(sub))
		return cli_fail("pki generate", "path", TEEIO_ERR_SIZE);
	if (make_dir(sub))
		return CLI_EXIT_TRANSPORT;
	teeio_log(&cli->log, TEEIO_LOG_INFO, "generating %s chains in %s", teeio_sig_name(alg),
		  sub);
	for (size_t k = 0; k < TEEIO_ARRAY_LEN(kinds); k++) {
		teeio_err rc = kinds[k].generate(cli->crypto, alg, days, &chain);
		if (rc == TEEIO_OK)
			rc = teeio_pki_chain_write(cli->crypto, &chain, sub, kinds[k].prefix);
		if (rc == TEEIO_OK)
			rc = write_spdm_forms(cli->crypto, &chain, sub, kinds[k].prefix);
		n_certs[k] = chain.n_certs;
		teeio_pki_chain_free(cli->crypto, &chain);
		if (rc != TEEIO_OK)
			return cli_fail("pki generate", teeio_sig_name(alg), rc);
	}
	if (cli->json) {
		bool first = true;
		printf("%s{\"alg\":\"%s\",\"dir\":", first_alg ? "" : ",", teeio_sig_name(alg));
		cli_json_str(stdout, sub);
		printf(",\"files\":[");
		for (size_t k = 0; k < TEEIO_ARRAY_LEN(kinds); k++)
			json_files(kinds[k].prefix, n_certs[k], &first);
		printf("]}");
	} else {
		printf("%s: device and requester chains written to %s\n", teeio_sig_name(alg), sub);
	}
	return CLI_EXIT_OK;
}

static int pki_generate(struct cli *cli, int argc, char **argv)
{
	const char *dir = NULL, *alg_name = "all";
	uint32_t days = 0;
	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			usage_generate(stdout);
			return CLI_EXIT_OK;
		} else if (!strcmp(argv[i], "--alg") && i + 1 < argc) {
			alg_name = argv[++i];
		} else if (!strcmp(argv[i], "--days") && i + 1 < argc) {
			char *end;
			unsigned long v = strtoul(argv[++i], &end, 10);
			if (*end || v == 0 || v > 36500) {
				fprintf(stderr, "teeio pki generate: bad --days %s\n", argv[i]);
				return CLI_EXIT_USAGE;
			}
			days = (uint32_t)v;
		} else if (cli_common_option(cli, argv[i])) {
			continue;
		} else if (argv[i][0] != '-' && !dir) {
			dir = argv[i];
		} else {
			fprintf(stderr, "teeio pki generate: unexpected argument %s\n", argv[i]);
			usage_generate(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	bool all = !strcmp(alg_name, "all");
	enum teeio_sig_alg only = all ? TEEIO_SIG_NONE : teeio_sig_from_name(alg_name);
	if (!dir || (!all && only == TEEIO_SIG_NONE)) {
		if (dir)
			fprintf(stderr, "teeio pki generate: unknown algorithm %s\n", alg_name);
		usage_generate(stderr);
		return CLI_EXIT_USAGE;
	}
	if (make_dir(dir))
		return CLI_EXIT_TRANSPORT;
	if (cli->json) {
		printf("{\"dir\":");
		cli_json_str(stdout, dir);
		printf(",\"algorithms\":[");
	}
	int rc = CLI_EXIT_OK;
	bool first = true;
	for (int a = TEEIO_SIG_ECDSA_P256; a <= TEEIO_SIG_ED448 && rc == CLI_EXIT_OK; a++) {
		if (!all && a != (int)only)
			continue;
		rc = generate_one(cli, dir, (enum teeio_sig_alg)a, days, first);
		first = false;
	}
	if (cli->json)
		printf("]}\n");
	return rc;
}

/* The SPDM forms on disk must parse and carry exactly this chain. */
static teeio_err check_spdm_forms(const struct teeio_crypto_ops *ops,
				  const struct teeio_pki_chain *chain, const char *dir,
				  const char *prefix)
{
	char path[PKI_PATH_MAX];
	uint8_t der[TEEIO_PKI_CHAIN_CERTS_MAX * TEEIO_CERT_MAX];
	size_t der_len = sizeof(der);
	TRY(teeio_pki_chain_der(chain, der, &der_len));
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(spdm_hashes); i++) {
		uint8_t form[TEEIO_SPDM_CERT_CHAIN_MAX + 1];
		struct teeio_spdm_cert_chain_view view;
		TRY(spdm_form_path(path, sizeof(path), dir, prefix, spdm_hashes[i]));
		FILE *f = fopen(path, "rb");
		if (!f)
			continue; /* optional */
		size_t len = fread(form, 1, sizeof(form), f);
		fclose(f);
		TRY(teeio_pki_spdm_chain_parse(ops, spdm_hashes[i], form, len, NULL, 0, &view));
		ENSURE(view.certs_len == der_len && !memcmp(view.certs, der, der_len),
		       TEEIO_ERR_CRYPTO_CERT);
	}
	return TEEIO_OK;
}

static int verify_kind(struct cli *cli, const char *dir, enum teeio_sig_alg alg,
		       const struct chain_kind *kind, int64_t now, bool first)
{
	struct teeio_pki_chain chain;
	struct teeio_cert_info info;
	char from[32], to[32];
	teeio_err rc = teeio_pki_chain_load(cli->crypto, dir, kind->prefix, alg, &chain);
	if (rc == TEEIO_OK)
		rc = teeio_pki_chain_verify(cli->crypto, &chain, kind->role, now, &info);
	if (rc == TEEIO_OK)
		rc = check_spdm_forms(cli->crypto, &chain, dir, kind->prefix);
	teeio_pki_chain_free(cli->crypto, &chain);
	if (rc != TEEIO_OK)
		return cli_fail("pki verify", kind->prefix, rc);
	fmt_time(from, sizeof(from), info.not_before);
	fmt_time(to, sizeof(to), info.not_after);
	if (cli->json) {
		printf("%s{\"chain\":\"%s\",\"verified\":true,\"subject\":", first ? "" : ",",
		       kind->prefix);
		cli_json_str(stdout, info.subject);
		printf(",\"not_before\":\"%s\",\"not_after\":\"%s\",\"key\":\"%s\"}", from, to,
		       teeio_sig_name(info.key_alg));
	} else {
		printf("%s chain: OK\n  leaf: %s\n  valid: %s .. %s\n", kind->prefix, info.subject,
		       from, to);
	}
	return CLI_EXIT_OK;
}

static int pki_verify(struct cli *cli, int argc, char **argv)
{
	const char *dir = NULL, *alg_name = NULL;
	char base[256];
	int64_t now = 0;
	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			usage_verify(stdout);
			return CLI_EXIT_OK;
		} else if (!strcmp(argv[i], "--alg") && i + 1 < argc) {
			alg_name = argv[++i];
		} else if (!strcmp(argv[i], "--now") && i + 1 < argc) {
			char *end;
			now = strtoll(argv[++i], &end, 10);
			if (*end || now <= 0) {
				fprintf(stderr, "teeio pki verify: bad --now %s\n", argv[i]);
				return CLI_EXIT_USAGE;
			}
		} else if (cli_common_option(cli, argv[i])) {
			continue;
		} else if (argv[i][0] != '-' && !dir) {
			dir = argv[i];
		} else {
			fprintf(stderr, "teeio pki verify: unexpected argument %s\n", argv[i]);
			usage_verify(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (!dir) {
		usage_verify(stderr);
		return CLI_EXIT_USAGE;
	}
	if (!alg_name) {
		/* DIR/<alg>, possibly with a trailing slash. */
		size_t n = strlen(dir);
		while (n > 1 && dir[n - 1] == '/')
			n--;
		size_t s = n;
		while (s > 0 && dir[s - 1] != '/')
			s--;
		snprintf(base, sizeof(base), "%.*s", (int)(n - s), dir + s);
		alg_name = base;
	}
	enum teeio_sig_alg alg = teeio_sig_from_name(alg_name);
	if (alg == TEEIO_SIG_NONE) {
		fprintf(stderr, "teeio pki verify: unknown algorithm '%s' (use --alg)\n", alg_name);
		return CLI_EXIT_USAGE;
	}
	if (cli->json)
		printf("{\"alg\":\"%s\",\"chains\":[", teeio_sig_name(alg));
	int rc = CLI_EXIT_OK;
	for (size_t k = 0; k < TEEIO_ARRAY_LEN(kinds) && rc == CLI_EXIT_OK; k++)
		rc = verify_kind(cli, dir, alg, &kinds[k], now, k == 0);
	if (cli->json)
		printf("]}\n");
	return rc;
}

static void show_one(struct cli *cli, size_t i, size_t len, const struct teeio_cert_info *info)
{
	char from[32], to[32];
	fmt_time(from, sizeof(from), info->not_before);
	fmt_time(to, sizeof(to), info->not_after);
	if (cli->json) {
		printf("%s{\"subject\":", i ? "," : "");
		cli_json_str(stdout, info->subject);
		printf(",\"issuer\":");
		cli_json_str(stdout, info->issuer);
		printf(",\"not_before\":\"%s\",\"not_after\":\"%s\",\"key\":\"%s\","
		       "\"ca\":%s,\"der_len\":%zu}",
		       from, to, teeio_sig_name(info->key_alg), info->is_ca ? "true" : "false",
		       len);
	} else {
		printf("certificate %zu (%zu bytes)\n  subject: %s\n  issuer:  %s\n"
		       "  valid:   %s .. %s\n  key:     %s%s\n",
		       i, len, info->subject, info->issuer, from, to, teeio_sig_name(info->key_alg),
		       info->is_ca ? " (CA)" : "");
	}
}

/* An SPDM certificate-chain form: its hash is the one whose layout and
 * RootHash check out.  Narrows *der to the certificates. */
static const char *spdm_form_of(struct cli *cli, const uint8_t **der, size_t *len)
{
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(spdm_hashes); i++) {
		struct teeio_spdm_cert_chain_view v;
		if (teeio_pki_spdm_chain_parse(cli->crypto, spdm_hashes[i], *der, *len, NULL, 0,
					       &v) == TEEIO_OK) {
			*der = v.certs;
			*len = v.certs_len;
			return teeio_hash_name(spdm_hashes[i]);
		}
	}
	return NULL;
}

static int show_file(struct cli *cli, const char *path)
{
	uint8_t buf[TEEIO_SPDM_CERT_CHAIN_MAX];
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "teeio pki show: %s: %s\n", path, strerror(errno));
		return CLI_EXIT_USAGE;
	}
	size_t len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	const uint8_t *der = buf;
	const char *form = spdm_form_of(cli, &der, &len);
	struct teeio_buf b = teeio_buf_reader(der, len);
	if (cli->json) {
		printf("{\"file\":");
		cli_json_str(stdout, path);
		if (form)
			printf(",\"spdm_chain_hash\":\"%s\"", form);
		printf(",\"certificates\":[");
	} else if (form) {
		printf("SPDM certificate chain, %s root hash verified\n", form);
	}
	for (size_t i = 0; teeio_buf_left(&b) > 0; i++) {
		struct teeio_cert_info info;
		size_t one;
		const uint8_t *cert;
		teeio_err rc =
		    cli->crypto->cert_der_len(teeio_buf_cur(&b), teeio_buf_left(&b), &one);
		if (rc == TEEIO_OK)
			rc = teeio_buf_get_ref(&b, &cert, one);
		if (rc == TEEIO_OK)
			rc = cli->crypto->cert_info(cert, one, &info);
		if (rc != TEEIO_OK) {
			if (cli->json)
				printf("]}\n");
			return cli_fail("pki show", path, rc);
		}
		show_one(cli, i, one, &info);
	}
	if (cli->json)
		printf("]}\n");
	return CLI_EXIT_OK;
}

static int pki_show(struct cli *cli, int argc, char **argv)
{
	const char *path = NULL;
	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			usage_show(stdout);
			return CLI_EXIT_OK;
		} else if (cli_common_option(cli, argv[i])) {
			continue;
		} else if (argv[i][0] != '-' && !path) {
			path = argv[i];
		} else {
			fprintf(stderr, "teeio pki show: unexpected argument %s\n", argv[i]);
			usage_show(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (!path) {
		usage_show(stderr);
		return CLI_EXIT_USAGE;
	}
	return show_file(cli, path);
}

int cmd_pki(struct cli *cli, int argc, char **argv)
{
	static const struct cli_command subs[] = {
	    {"generate", "write test chains and keys", pki_generate},
	    {"verify", "verify chains written by generate", pki_verify},
	    {"show", "print the certificates of a DER file", pki_show},
	};
	if (argc < 2 || cli_is_help(argv[1])) {
		usage_pki(argc < 2 ? stderr : stdout);
		for (size_t i = 0; i < TEEIO_ARRAY_LEN(subs); i++)
			fprintf(argc < 2 ? stderr : stdout, "  %-9s %s\n", subs[i].name,
				subs[i].summary);
		return argc < 2 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
	}
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(subs); i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].run(cli, argc - 1, argv + 1);
	fprintf(stderr, "teeio pki: unknown subcommand '%s'\n", argv[1]);
	usage_pki(stderr);
	return CLI_EXIT_USAGE;
}
