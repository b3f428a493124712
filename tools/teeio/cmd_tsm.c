/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * `teeio tsm` - the host side against a device.
 *
 *   teeio tsm probe HOST:PORT [--trans doe|mctp|none] [--root FILE.der]...
 *
 * runs the SPDM requester against any responder speaking the spdm-emu /
 * QEMU socket protocol (DMTF spdm_responder_emu, `teeio dsm serve`, ...)
 * and prints what it learnt: versions, algorithms, the certificate chain,
 * measurements and the session.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "teeio/pki.h"
#include "teeio/spdm_io.h"

#define PROBE_ROOTS_MAX 8
#define PROBE_ROOT_MAX 4096
#define PROBE_BLOCKS_MAX 64

struct probe {
	struct cli *cli;
	const char *host;
	uint16_t port;
	enum teeio_trans trans;
	int timeout_ms;
	bool tofu, challenge, session, heartbeat;
	bool connected; /* sock is open */
	uint8_t slot;
	uint8_t versions[TEEIO_SPDM_MAX_VERSIONS];
	size_t n_versions;

	uint8_t *roots[PROBE_ROOTS_MAX];
	size_t root_lens[PROBE_ROOTS_MAX];
	size_t n_roots;

	/* What the connection found. */
	struct teeio_spdm_sock_io sock;
	struct teeio_spdm_req_config cfg;
	struct teeio_spdm_req req;
	uint8_t chain[TEEIO_SPDM_CERT_CHAIN_MAX];
	uint8_t record[TEEIO_SPDM_MAX_LARGE_MSG];
	struct teeio_spdm_meas_block blocks[PROBE_BLOCKS_MAX];
	struct teeio_spdm_req_connect_result res;
	double ms;
};

static const char *meas_type_name(uint8_t t)
{
	static const char *const names[] = {
	    "immutable-rom",        "mutable-firmware", "hardware-config", "firmware-config",
	    "measurement-manifest", "device-mode",      "version",         "svn"};
	return t < TEEIO_ARRAY_LEN(names) ? names[t] : "other";
}

static const char *version_name(uint8_t v)
{
	switch (v) {
	case TEEIO_SPDM_V10: return "1.0";
	case TEEIO_SPDM_V11: return "1.1";
	case TEEIO_SPDM_V12: return "1.2";
	case TEEIO_SPDM_V13: return "1.3";
	}
	return "?";
}

static const char *trans_arg_name(enum teeio_trans t)
{
	return t == TEEIO_TRANS_PCI_DOE ? "doe" : t == TEEIO_TRANS_MCTP ? "mctp" : "none";
}

static bool parse_trans(const char *s, enum teeio_trans *t)
{
	if (!strcmp(s, "doe") || !strcmp(s, "pci_doe"))
		*t = TEEIO_TRANS_PCI_DOE;
	else if (!strcmp(s, "mctp"))
		*t = TEEIO_TRANS_MCTP;
	else if (!strcmp(s, "none"))
		*t = TEEIO_TRANS_NONE;
	else
		return false;
	return true;
}

static bool parse_hostport(const char *s, struct probe *p)
{
	static char host[128];
	const char *colon = strrchr(s, ':');
	if (!colon || colon == s || (size_t)(colon - s) >= sizeof(host))
		return false;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port <= 0 || port > 65535)
		return false;
	p->host = host;
	p->port = (uint16_t)port;
	return true;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* One connection: connect the socket, run the standard flow, keep results. */
static teeio_err run_once(struct probe *p)
{
	teeio_spdm_req_config_default(&p->cfg, p->cli->crypto);
	p->cfg.log = &p->cli->log;
	if (p->n_versions) {
		memcpy(p->cfg.versions, p->versions, p->n_versions);
		p->cfg.n_versions = p->n_versions;
	}
	p->cfg.roots = (const uint8_t *const *)p->roots;
	p->cfg.root_lens = p->root_lens;
	p->cfg.n_roots = p->n_roots;
	p->cfg.binding = teeio_spdm_io_binding(p->trans);
	p->cfg.max_pad = teeio_spdm_io_max_pad(p->trans);

	TRY(teeio_spdm_sock_io_connect(&p->sock, p->host, p->port, p->trans, p->timeout_ms));
	p->connected = true;
	struct teeio_spdm_io io = teeio_spdm_sock_io(&p->sock);
	TRY(teeio_spdm_req_init(&p->req, &p->cfg, &io));
	struct teeio_spdm_req_connect_opts opts = {
	    .slot = p->slot,
	    .challenge = p->challenge,
	    .measurements = true,
	    .session = p->session,
	    .summary_type = TEEIO_SPDM_MEAS_SUMMARY_ALL,
	};
	memset(&p->res, 0, sizeof(p->res));
	p->res.chain = p->chain;
	p->res.chain_cap = sizeof(p->chain);
	p->res.record = p->record;
	p->res.record_cap = sizeof(p->record);
	p->res.blocks = p->blocks;
	p->res.max_blocks = PROBE_BLOCKS_MAX;
	double t0 = now_ms();
	teeio_err rc = teeio_spdm_req_connect(&p->req, &opts, &p->res);
	if (!rc && p->res.session_id && p->heartbeat)
		rc = teeio_spdm_req_heartbeat(&p->req, p->res.session_id);
	if (!rc && p->res.session_id)
		rc = teeio_spdm_req_end_session(&p->req, p->res.session_id, false);
	p->ms = now_ms() - t0;
	return rc;
}

/*
 * Trust on first use: without --root, fetch the chain once with no trust
 * anchor (verification fails, the chain bytes are there), take its first
 * certificate as the root, and connect again trusting it.  Said loudly:
 * this proves possession of the leaf key, not who the device is.
 */
static void disconnect(struct probe *p, uint32_t cmd)
{
	if (p->connected)
		teeio_spdm_sock_io_close(&p->sock, cmd);
	p->connected = false;
}

static teeio_err tofu_root(struct probe *p)
{
	struct teeio_spdm_cert_chain_view view;
	const struct teeio_spdm_negotiated *neg = teeio_spdm_req_negotiated(&p->req);
	size_t len = teeio_load_u16le(p->chain);

	ENSURE(neg->hash != TEEIO_HASH_NONE && len <= sizeof(p->chain), TEEIO_ERR_CRYPTO_CERT);
	TRY(teeio_pki_spdm_chain_parse(p->cli->crypto, neg->hash, p->chain, len, NULL, 0, &view));
	ENSURE(view.n_certs > 0 && view.cert_len[0] <= PROBE_ROOT_MAX, TEEIO_ERR_CRYPTO_CERT);
	p->roots[0] = malloc(view.cert_len[0]);
	ENSURE(p->roots[0], TEEIO_ERR_INTERNAL_NOMEM);
	memcpy(p->roots[0], view.cert[0], view.cert_len[0]);
	p->root_lens[0] = view.cert_len[0];
	p->n_roots = 1;
	teeio_log(&p->cli->log, TEEIO_LOG_WARN,
		  "--tofu: trusting the root the device presented (%zu bytes)", p->root_lens[0]);
	return TEEIO_OK;
}

static void fmt_time(char *out, size_t cap, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static json_t *chain_json(struct probe *p, const struct teeio_spdm_negotiated *neg, bool print)
{
	json_t *arr = json_array();
	struct teeio_spdm_cert_chain_view view;
	if (!p->res.chain_len ||
	    teeio_pki_spdm_chain_parse(p->cli->crypto, neg->hash, p->chain, p->res.chain_len, NULL,
				       0, &view) != TEEIO_OK) {
		/* A chain that starts below its root: the root is a configured one. */
		if (!p->n_roots || !p->res.chain_len ||
		    teeio_pki_spdm_chain_parse(p->cli->crypto, neg->hash, p->chain,
					       p->res.chain_len, p->roots[0], p->root_lens[0],
					       &view) != TEEIO_OK)
			return arr;
	}
	if (print)
		printf("certificate chain (slot %u, %zu bytes, %zu certificates):\n", p->slot,
		       p->res.chain_len, view.n_certs);
	for (size_t i = 0; i < view.n_certs; i++) {
		struct teeio_cert_info ci;
		if (p->cli->crypto->cert_info(view.cert[i], view.cert_len[i], &ci) != TEEIO_OK)
			continue;
		char nb[32], na[32];
		fmt_time(nb, sizeof(nb), ci.not_before);
		fmt_time(na, sizeof(na), ci.not_after);
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,s:I}", "subject",
						     ci.subject, "issuer", ci.issuer, "not_before",
						     nb, "not_after", na, "key",
						     teeio_sig_name(ci.key_alg), "ca", ci.is_ca,
						     "der_bytes", (json_int_t)view.cert_len[i]));
		if (print)
			printf("  [%zu] %s\n      issuer %s\n      valid %s .. %s, key %s%s\n", i,
			       ci.subject, ci.issuer, nb, na, teeio_sig_name(ci.key_alg),
			       ci.is_ca ? ", CA" : "");
	}
	return arr;
}

static json_t *meas_json(struct probe *p, bool print)
{
	json_t *arr = json_array();
	if (print && p->res.meas.n_blocks)
		printf("measurements (%u blocks, signature %s):\n", p->res.meas.n_blocks,
		       p->res.meas.signature_verified ? "verified" : "not requested");
	for (size_t i = 0; i < p->res.meas.n_blocks; i++) {
		const struct teeio_spdm_meas_block *b = &p->blocks[i];
		char hex[2 * 64 + 1];
		size_t n = b->len > 64 ? 64 : b->len;
		teeio_hex(hex, b->value, n);
		json_array_append_new(arr, json_pack("{s:i,s:s,s:b,s:i,s:s}", "index", b->index,
						     "type", meas_type_name(b->type), "raw", b->raw,
						     "size", b->len, "value", hex));
		if (print)
			printf("  #%-3u %-20s %-6s %4u bytes  %s%s\n", b->index,
			       meas_type_name(b->type), b->raw ? "raw" : "digest", b->len, hex,
			       b->len > 64 ? "..." : "");
	}
	return arr;
}

static void report(struct probe *p, teeio_err rc)
{
	const struct teeio_spdm_negotiated *neg = teeio_spdm_req_negotiated(&p->req);
	bool text = !p->cli->json;
	if (text) {
		printf("responder %s:%u (%s)\n", p->host, p->port, trans_arg_name(p->trans));
		if (neg->version) {
			printf("version   SPDM %s\n", version_name(neg->version));
			printf(
			    "algorithms asym %s, hash %s, measurement hash %s, dhe %s, aead %s\n",
			    teeio_sig_name(neg->asym), teeio_hash_name(neg->hash),
			    neg->meas_raw_only ? "raw" : teeio_hash_name(neg->meas_hash),
			    teeio_dhe_name(neg->dhe), teeio_aead_name(neg->aead));
			printf("capabilities responder 0x%08x\n", neg->rsp_caps);
		}
	}
	json_t *chain = chain_json(p, neg, text && neg->version);
	json_t *meas = meas_json(p, text);
	uint8_t code = 0, data = 0;
	bool peer = teeio_spdm_req_peer_error(&p->req, &code, &data);
	if (text) {
		if (p->res.session_id)
			printf("session   0x%08x established (KEY_EXCHANGE, FINISH%s), ended\n",
			       p->res.session_id, p->heartbeat ? ", HEARTBEAT" : "");
		printf("result    %s in %.1f ms over %llu exchanges", rc ? teeio_err_str(rc) : "ok",
		       p->ms, (unsigned long long)p->sock.exchanges);
		if (peer)
			printf(" (peer ERROR 0x%02x data 0x%02x)", code, data);
		printf("\n");
	} else {
		json_t *o = json_pack(
		    "{s:s,s:i,s:s,s:s,s:{s:s,s:s,s:s,s:s,s:s},s:I,s:o,s:o,s:b,s:I,s:f,s:I}", "host",
		    p->host, "port", p->port, "transport", trans_arg_name(p->trans), "version",
		    neg->version ? version_name(neg->version) : "", "algorithms", "asym",
		    teeio_sig_name(neg->asym), "hash", teeio_hash_name(neg->hash), "meas_hash",
		    neg->meas_raw_only ? "raw" : teeio_hash_name(neg->meas_hash), "dhe",
		    teeio_dhe_name(neg->dhe), "aead", teeio_aead_name(neg->aead), "rsp_caps",
		    (json_int_t)neg->rsp_caps, "chain", chain, "measurements", meas,
		    "signature_verified", p->res.meas.signature_verified, "session_id",
		    (json_int_t)p->res.session_id, "ms", p->ms, "exchanges",
		    (json_int_t)p->sock.exchanges);
		json_object_set_new(o, "ok", json_boolean(rc == TEEIO_OK));
		json_object_set_new(o, "tofu", json_boolean(p->tofu));
		if (rc)
			json_object_set_new(o, "error", json_string(teeio_err_str(rc)));
		if (peer)
			json_object_set_new(o, "peer_error",
					    json_pack("{s:i,s:i}", "code", code, "data", data));
		json_dumpf(o, stdout, JSON_COMPACT);
		printf("\n");
		json_decref(o);
		return;
	}
	json_decref(chain);
	json_decref(meas);
}

static int probe_usage(FILE *f)
{
	fprintf(f, "usage: teeio tsm probe HOST:PORT [options]\n\n"
		   "Run the SPDM requester against a responder on the spdm-emu/QEMU socket\n"
		   "(loopback only) and print versions, algorithms, certificate chain,\n"
		   "measurements and session establishment.\n\n"
		   "  --trans doe|mctp|none  transport inside the socket (default doe)\n"
		   "  --root FILE.der        trusted root certificate (repeatable)\n"
		   "  --tofu                 no --root: trust the root the device presents\n"
		   "  --ver 1.2,1.3          SPDM versions to offer (default 1.2,1.3)\n"
		   "  --slot N               certificate slot (default 0)\n"
		   "  --no-challenge         skip CHALLENGE\n"
		   "  --no-session           skip KEY_EXCHANGE/FINISH\n"
		   "  --heartbeat            send a HEARTBEAT in the session\n"
		   "  --timeout MS           receive timeout (default 10000)\n"
		   "  --json                 machine-readable output\n");
	return f == stdout ? CLI_EXIT_OK : CLI_EXIT_USAGE;
}

static int read_root(struct probe *p, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f || p->n_roots >= PROBE_ROOTS_MAX) {
		fprintf(stderr, "teeio tsm probe: cannot read root %s\n", path);
		if (f)
			fclose(f);
		return CLI_EXIT_USAGE;
	}
	uint8_t *buf = malloc(PROBE_ROOT_MAX);
	size_t n = buf ? fread(buf, 1, PROBE_ROOT_MAX, f) : 0;
	fclose(f);
	if (!n) {
		free(buf);
		fprintf(stderr, "teeio tsm probe: %s is empty\n", path);
		return CLI_EXIT_USAGE;
	}
	p->roots[p->n_roots] = buf;
	p->root_lens[p->n_roots++] = n;
	return CLI_EXIT_OK;
}

static int cmd_probe(struct cli *cli, int argc, char **argv)
{
	struct probe *p = calloc(1, sizeof(*p));
	int code = CLI_EXIT_USAGE;
	if (!p)
		return CLI_EXIT_INTERNAL;
	*p = (struct probe){.cli = cli,
			    .trans = TEEIO_TRANS_PCI_DOE,
			    .timeout_ms = 10000,
			    .challenge = true,
			    .session = true};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool has = i + 1 < argc;
		if (cli_is_help(a)) {
			code = probe_usage(stdout);
			goto out;
		} else if (!strcmp(a, "--trans") && has) {
			if (!parse_trans(argv[++i], &p->trans))
				goto bad;
		} else if (!strcmp(a, "--root") && has) {
			if (read_root(p, argv[++i]))
				goto out;
		} else if (!strcmp(a, "--ver") && has) {
			if (!cli_parse_spdm_versions(argv[++i], p->versions, sizeof(p->versions),
						     &p->n_versions))
				goto bad;
		} else if (!strcmp(a, "--slot") && has) {
			p->slot = (uint8_t)atoi(argv[++i]);
			if (p->slot >= TEEIO_SPDM_MAX_SLOTS)
				goto bad;
		} else if (!strcmp(a, "--timeout") && has) {
			p->timeout_ms = atoi(argv[++i]);
		} else if (!strcmp(a, "--tofu")) {
			p->tofu = true;
		} else if (!strcmp(a, "--no-challenge")) {
			p->challenge = false;
		} else if (!strcmp(a, "--no-session")) {
			p->session = false;
		} else if (!strcmp(a, "--heartbeat")) {
			p->heartbeat = true;
		} else if (a[0] != '-' && !p->host) {
			if (!parse_hostport(a, p))
				goto bad;
		} else if (!cli_common_option(cli, a)) {
			goto bad;
		}
	}
	if (!p->host || (!p->n_roots && !p->tofu)) {
		fprintf(stderr, "teeio tsm probe: %s\n",
			!p->host
			    ? "HOST:PORT is required"
			    : "give --root FILE.der (or --tofu to trust the device's own root)");
		goto out;
	}

	teeio_err rc = run_once(p);
	if (rc == TEEIO_ERR_CRYPTO_CERT && p->tofu && !p->n_roots) {
		teeio_err trc = tofu_root(p);
		teeio_spdm_req_free(&p->req);
		disconnect(p, TEEIO_SOCK_CMD_CONTINUE);
		rc = trc ? trc : run_once(p);
	}
	report(p, rc);
	teeio_spdm_req_free(&p->req);
	disconnect(p, TEEIO_SOCK_CMD_SHUTDOWN);
	code = cli_exit_for(rc);
	goto out;
bad:
	fprintf(stderr, "teeio tsm probe: bad argument near '%s'\n", argv[argc - 1]);
	probe_usage(stderr);
	code = CLI_EXIT_USAGE;
out:
	for (size_t i = 0; i < p->n_roots; i++)
		free(p->roots[i]);
	free(p);
	return code;
}

int cmd_tsm(struct cli *cli, int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "probe"))
		return cmd_probe(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "status"))
		return cmd_tsm_status(cli, argc - 1, argv + 1);
	FILE *f = argc >= 2 && cli_is_help(argv[1]) ? stdout : stderr;
	fprintf(f, "usage: teeio tsm <subcommand> [options]\n\n"
		   "  probe HOST:PORT   run the SPDM requester against a responder\n"
		   "  status            device and TDI states of the emulated system (--json)\n");
	return f == stdout ? CLI_EXIT_OK : CLI_EXIT_USAGE;
}
