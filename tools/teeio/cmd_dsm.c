/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * `teeio dsm` - the emulated TEE-IO device.
 *
 *   teeio dsm serve [--port N] [--trans doe|mctp|none] [--profile FILE]
 *                   [--pki DIR | --chain FILE --key FILE] [--alg ALG]
 *                   [--interop] [--once] [-v]
 *   teeio dsm profile check FILE
 *   teeio dsm profile show [FILE] [--json]
 *
 * `serve` answers on 127.0.0.1 with the spdm-emu / QEMU socket protocol:
 * SPDM (measurements, certificates, sessions) with IDE_KM and TDISP inside
 * the session, one client after another (each one a freshly reset
 * platform) until SIGINT/SIGTERM, or after the first with --once.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "teeio/dsm.h"

/* The server the signal handler stops (the CLI's only process-wide state:
 * a signal handler has no other way to reach it). */
static struct teeio_sock_server *volatile serving;

static void on_signal(int sig)
{
	(void)sig;
	if (serving)
		teeio_sock_server_stop(serving);
}

struct serve_opts {
	uint16_t port;
	enum teeio_trans trans;
	const char *profile;
	struct teeio_dsm_identity id;
	bool interop, once, hs_clear;
	uint8_t versions[TEEIO_SPDM_MAX_VERSIONS];
};

/* What the socket server calls: the host, plus --once. */
struct serve_ctx {
	struct teeio_dsm_host *host;
	struct teeio_sock_server *server;
	struct teeio_sock_handler inner;
	bool once;
};

static teeio_err serve_message(void *ctx, uint32_t trans, const uint8_t *req, size_t len,
			       struct teeio_buf *rsp)
{
	struct serve_ctx *s = ctx;
	return s->inner.message(s->inner.ctx, trans, req, len, rsp);
}

static void serve_reset(void *ctx)
{
	struct serve_ctx *s = ctx;

	s->inner.reset(s->inner.ctx);
	if (s->once)
		teeio_sock_server_stop(s->server);
}

static int serve_usage(FILE *f)
{
	fprintf(f,
		"usage: teeio dsm serve [options]\n\n"
		"Run the emulated device's responder (SPDM, IDE_KM, TDISP) on 127.0.0.1,\n"
		"speaking the spdm-emu / QEMU socket protocol.\n\n"
		"  --port N               TCP port (default %u; 0: any, printed at start)\n"
		"  --trans doe|mctp|none  transport inside the socket frames (default doe)\n"
		"  --profile FILE         device profile (default: the built-in one)\n"
		"  --pki DIR              device_chain.der + device_leaf.key.pem from\n"
		"                         `teeio pki generate` (DIR/<alg>)\n"
		"  --chain FILE --key FILE  any DER chain (root first) and leaf key, e.g.\n"
		"                         spdm-emu's ecp384/bundle_responder.certchain.der\n"
		"                         and ecp384/end_responder.key\n"
		"  --alg ALG              key algorithm to generate (default ecdsa-p384);\n"
		"                         with --pki/--key: RSA PSS vs PKCS#1\n"
		"  --ver 1.2,1.3          SPDM versions to offer (1.0..1.3; default 1.2,1.3)\n"
		"  --handshake-in-clear   advertise HANDSHAKE_IN_THE_CLEAR_CAP\n"
		"  --interop              relaxations for DMTF spdm-emu's requester\n"
		"  --once                 stop after the first client\n"
		"  -v, -vv                log more\n",
		TEEIO_SOCK_DEFAULT_PORT);
	return CLI_EXIT_OK;
}

static int parse_serve(int argc, char **argv, struct cli *cli, struct serve_opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (cli_common_option(cli, a))
			continue;
		if (!strcmp(a, "--once")) {
			o->once = true;
		} else if (!strcmp(a, "--interop")) {
			o->interop = true;
		} else if (!strcmp(a, "--handshake-in-clear")) {
			o->hs_clear = true;
		} else if (v && !strcmp(a, "--ver")) {
			if (!cli_parse_spdm_versions(v, o->versions, sizeof(o->versions), NULL)) {
				fprintf(stderr,
					"teeio dsm serve: --ver takes e.g. 1.0,1.1,1.2,1.3\n");
				return CLI_EXIT_USAGE;
			}
			i++;
		} else if (v && !strcmp(a, "--port")) {
			char *end;
			unsigned long n = strtoul(v, &end, 10);
			if (*end || n > 65535) {
				fprintf(stderr, "teeio dsm serve: bad port '%s'\n", v);
				return CLI_EXIT_USAGE;
			}
			o->port = (uint16_t)n;
			i++;
		} else if (v && !strcmp(a, "--trans")) {
			if (!strcmp(v, "doe"))
				o->trans = TEEIO_TRANS_PCI_DOE;
			else if (!strcmp(v, "mctp"))
				o->trans = TEEIO_TRANS_MCTP;
			else if (!strcmp(v, "none"))
				o->trans = TEEIO_TRANS_NONE;
			else {
				fprintf(stderr, "teeio dsm serve: --trans doe|mctp|none\n");
				return CLI_EXIT_USAGE;
			}
			i++;
		} else if (v && !strcmp(a, "--profile")) {
			o->profile = argv[++i];
		} else if (v && !strcmp(a, "--pki")) {
			o->id.pki_dir = argv[++i];
		} else if (v && !strcmp(a, "--chain")) {
			o->id.chain_file = argv[++i];
		} else if (v && !strcmp(a, "--key")) {
			o->id.key_file = argv[++i];
		} else if (v && !strcmp(a, "--alg")) {
			o->id.alg = teeio_sig_from_name(v);
			if (o->id.alg == TEEIO_SIG_NONE) {
				fprintf(stderr, "teeio dsm serve: unknown algorithm '%s'\n", v);
				return CLI_EXIT_USAGE;
			}
			i++;
		} else {
			fprintf(stderr, "teeio dsm serve: unexpected '%s' (see --help)\n", a);
			return CLI_EXIT_USAGE;
		}
	}
	if (!o->id.chain_file != !o->id.key_file) {
		fprintf(stderr, "teeio dsm serve: --chain and --key go together\n");
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

/* Load the profile named on the command line, or the built-in one. */
static int load_profile(const char *cmd, const char *file, struct teeio_dsm_profile *p)
{
	char err[TEEIO_DSM_ERR_MAX];
	teeio_err e;

	if (!file)
		e = teeio_dsm_profile_default(p);
	else
		e = teeio_dsm_profile_load(file, p, err, sizeof(err));
	if (e == TEEIO_OK)
		return CLI_EXIT_OK;
	if (!file)
		return cli_fail(cmd, "built-in profile", e);
	if (e == TEEIO_ERR_USAGE_NOT_FOUND)
		fprintf(stderr, "teeio %s: %s\n", cmd, err);
	else
		fprintf(stderr, "teeio %s: profile: %s\n", cmd, err);
	return CLI_EXIT_USAGE; /* a bad profile is a usage error (exit 2) */
}

static int run_server(struct cli *cli, struct teeio_dsm_host *h, const struct serve_opts *o)
{
	struct teeio_sock_server *srv = calloc(1, sizeof(*srv));
	struct serve_ctx sc = {h, srv, teeio_dsm_host_sock_handler(h), o->once};
	struct teeio_sock_server_cfg sc_cfg = {0};
	struct sigaction sa;
	teeio_err e;

	if (!srv)
		return cli_fail("dsm serve", "server", TEEIO_ERR_INTERNAL_NOMEM);
	sc_cfg.handler.message = serve_message;
	sc_cfg.handler.reset = serve_reset;
	sc_cfg.handler.ctx = &sc;
	sc_cfg.port = o->port;
	sc_cfg.trans = o->trans;
	sc_cfg.log = &cli->log;
	e = teeio_sock_server_open(srv, &sc_cfg);
	if (e != TEEIO_OK) {
		free(srv);
		return cli_fail("dsm serve", "listen", e);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	serving = srv;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	printf("teeio dsm: %s (%u functions) listening on 127.0.0.1:%u (%s)\n", h->cfg.prof->name,
	       h->cfg.prof->n_funcs, teeio_sock_server_port(srv), teeio_trans_name(o->trans));
	fflush(stdout);
	e = teeio_sock_server_run(srv);
	serving = NULL;
	teeio_log(&cli->log, TEEIO_LOG_INFO, "dsm serve: %u client(s) served", srv->clients);
	teeio_sock_server_close(srv);
	free(srv);
	return e == TEEIO_OK ? CLI_EXIT_OK : cli_fail("dsm serve", "server", e);
}

static int cmd_serve(struct cli *cli, int argc, char **argv)
{
	struct serve_opts o = {.port = TEEIO_SOCK_DEFAULT_PORT, .trans = TEEIO_TRANS_PCI_DOE};
	struct teeio_dsm_profile *prof = NULL;
	struct teeio_dsm_host *h = NULL;
	struct teeio_dsm_host_config hc = {0};
	int code;
	teeio_err e;

	for (int i = 1; i < argc; i++)
		if (cli_is_help(argv[i]))
			return serve_usage(stdout);
	if ((code = parse_serve(argc, argv, cli, &o)) != CLI_EXIT_OK)
		return code;
	prof = calloc(1, sizeof(*prof));
	h = calloc(1, sizeof(*h));
	if (!prof || !h) {
		code = cli_fail("dsm serve", "memory", TEEIO_ERR_INTERNAL_NOMEM);
		goto out;
	}
	if ((code = load_profile("dsm serve", o.profile, prof)) != CLI_EXIT_OK)
		goto out;
	cli->log.prefix = "dsm";
	hc.ops = cli->crypto;
	hc.log = &cli->log;
	hc.prof = prof;
	hc.trans = o.trans;
	hc.id = o.id;
	hc.interop = o.interop;
	hc.handshake_in_clear = o.hs_clear;
	memcpy(hc.versions, o.versions, sizeof(hc.versions));
	e = teeio_dsm_host_init(h, &hc);
	if (e != TEEIO_OK) {
		char what[600];
		/* Name the identity source: most start-up failures are there. */
		if (o.id.chain_file)
			snprintf(what, sizeof(what), "device identity (--chain %s --key %s)",
				 o.id.chain_file, o.id.key_file);
		else if (o.id.pki_dir)
			snprintf(
			    what, sizeof(what),
			    "device identity (--pki %s: device_chain.der, device_leaf.key.pem)",
			    o.id.pki_dir);
		else
			snprintf(what, sizeof(what), "device");
		code = cli_fail("dsm serve", what, e);
		free(h);
		h = NULL;
		goto out;
	}
	code = run_server(cli, h, &o);
	teeio_dsm_host_free(h);
out:
	free(h);
	free(prof);
	return code;
}

/* ----- profile ----------------------------------------------------------- */

static void show_text(const struct teeio_dsm_profile *p)
{
	printf("profile %s: vendor %04x device %04x (VF %04x), class %06x, %u:%02x.%u seg %u\n",
	       p->name, p->vendor_id, p->device_id, p->vf_device_id, p->class_code, p->bus,
	       p->device, p->function, p->segment);
	printf("  IDE: %u selective stream(s), %u address block(s)%s%s\n", p->ide.streams,
	       p->ide.addr_blocks, p->ide.pcrc ? ", PCRC" : "",
	       p->ide.aggregation ? ", aggregation" : "");
	printf("  DOE mailbox: %u bytes\n", p->doe_mailbox_bytes);
	for (unsigned i = 0; i < p->n_meas; i++)
		printf("  measurement %u: %s, %u bytes%s%s\n", p->meas[i].index,
		       teeio_dsm_meas_type_name(p->meas[i].type), p->meas[i].len,
		       p->meas[i].raw ? ", raw" : "", p->meas[i].tcb ? ", TCB" : "");
	for (unsigned i = 0; i < p->n_entries; i++) {
		const struct teeio_dsm_fn_prof *f = &p->entries[i];
		printf(
		    "  functions[%u]: %s x%u, MSI-X %u vector(s), %u range(s), %u B device info\n",
		    i, f->type == TEEIO_DSM_FN_PF ? "PF" : "VF", f->count, f->msix.vectors,
		    f->n_ranges, f->devinfo_len);
		for (unsigned b = 0; b < TEEIO_DSM_BARS; b++)
			if (f->bars[b].size)
				printf("    BAR%u: %llu KiB%s%s\n", b,
				       (unsigned long long)(f->bars[b].size >> 10),
				       f->bars[b].mem64 ? ", 64-bit" : "",
				       f->bars[b].prefetch ? ", prefetchable" : "");
	}
	printf("  %u function(s) in all\n", p->n_funcs);
}

static int profile_usage(FILE *f)
{
	fprintf(f, "usage: teeio dsm profile check FILE\n"
		   "       teeio dsm profile show [FILE] [--json]\n\n"
		   "check: exit 0 when FILE is a valid device profile; otherwise print the\n"
		   "       field at fault (e.g. functions[2].bars[0].size) and exit 2.\n"
		   "show:  print FILE (default: the built-in profile); --json prints it in\n"
		   "       the profile format itself.  The format: docs/dsm.md.\n");
	return CLI_EXIT_OK;
}

static int cmd_profile(struct cli *cli, int argc, char **argv)
{
	struct teeio_dsm_profile *p;
	const char *file = NULL, *sub = argc > 1 ? argv[1] : NULL;
	int code;

	if (!sub || cli_is_help(sub))
		return sub ? profile_usage(stdout) : (profile_usage(stderr), CLI_EXIT_USAGE);
	for (int i = 2; i < argc; i++) {
		if (cli_is_help(argv[i]))
			return profile_usage(stdout);
		if (cli_common_option(cli, argv[i]))
			continue;
		if (file || argv[i][0] == '-') {
			fprintf(stderr, "teeio dsm profile: unexpected '%s'\n", argv[i]);
			return CLI_EXIT_USAGE;
		}
		file = argv[i];
	}
	if (strcmp(sub, "check") && strcmp(sub, "show")) {
		profile_usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(sub, "check") && !file) {
		fprintf(stderr, "teeio dsm profile check: which FILE?\n");
		return CLI_EXIT_USAGE;
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return cli_fail("dsm profile", "memory", TEEIO_ERR_INTERNAL_NOMEM);
	code = load_profile("dsm profile", file, p);
	if (code == CLI_EXIT_OK && !strcmp(sub, "check")) {
		if (cli->json)
			printf("{\"file\":\"%s\",\"ok\":true,\"name\":\"%s\",\"functions\":%u}\n",
			       file, p->name, p->n_funcs);
		else
			printf("%s: ok (%s, %u functions)\n", file, p->name, p->n_funcs);
	} else if (code == CLI_EXIT_OK) {
		if (cli->json) {
			teeio_err e = teeio_dsm_profile_write_json(stdout, p);
			if (e != TEEIO_OK)
				code = cli_fail("dsm profile show", "write", e);
		} else {
			show_text(p);
		}
	}
	free(p);
	return code;
}

static int dsm_usage(FILE *f)
{
	fprintf(f, "usage: teeio dsm <serve|profile> ... (--help on each)\n\n"
		   "  serve     run the emulated TEE-IO device on a local socket\n"
		   "  profile   check or show a device profile\n");
	return CLI_EXIT_OK;
}

int cmd_dsm(struct cli *cli, int argc, char **argv)
{
	if (argc < 2) {
		dsm_usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (cli_is_help(argv[1]))
		return dsm_usage(stdout);
	if (!strcmp(argv[1], "serve"))
		return cmd_serve(cli, argc - 1, argv + 1);
	if (!strcmp(argv[1], "profile"))
		return cmd_profile(cli, argc - 1, argv + 1);
	fprintf(stderr, "teeio dsm: unknown subcommand '%s'\n", argv[1]);
	dsm_usage(stderr);
	return CLI_EXIT_USAGE;
}
