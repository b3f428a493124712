/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * `teeio demo` - the main job on the built-in default device.
 *
 * Runs the layers that exist today, each step doing real work, host and
 * device in one process with every message framed as PCIe DOE objects as
 * on a wire: the device's identity is generated, the host connects over
 * SPDM (versions, capabilities, algorithms, certificate chain verified to
 * its root, CHALLENGE, signed measurements), opens a secured session
 * (KEY_EXCHANGE, FINISH), keeps it alive (HEARTBEAT), rotates its keys
 * (KEY_UPDATE) and ends it.  The later steps of the TEE-IO lifecycle
 * (IDE keys, TDI bind, guest accept, trusted DMA) join as they land.
 */
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "spdm_pair.h"

struct demo {
	const struct teeio_crypto_ops *ops;
	enum teeio_sig_alg alg;
	struct spdm_pair *pair;
	uint32_t session;
};

static const char *version_name(uint8_t v)
{
	static char buf[8];
	snprintf(buf, sizeof(buf), "%u.%u", v >> 4, v & 15);
	return buf;
}

static teeio_err step_identity(struct demo *d, char *detail, size_t cap)
{
	TRY(spdm_pair_init(d->pair, d->ops, d->alg, TEEIO_TRANS_PCI_DOE, NULL));
	struct teeio_cert_info leaf;
	TRY(teeio_pki_chain_verify(d->ops, &d->pair->chain, TEEIO_LEAF_RESPONDER, 0, &leaf));
	snprintf(detail, cap, "%s chain root -> intermediate -> \"%s\" (%zu bytes), %d measurements",
		 teeio_sig_name(d->alg), leaf.subject, d->pair->der_len, SPDM_PAIR_MEAS);
	return TEEIO_OK;
}

static teeio_err step_connect(struct demo *d, char *detail, size_t cap)
{
	struct spdm_pair *p = d->pair;
	TRY(spdm_pair_connect(p, false));
	const struct teeio_spdm_negotiated *n = teeio_spdm_req_negotiated(&p->req);
	snprintf(detail, cap,
		 "SPDM %s, %s/%s, chain %zu bytes verified, CHALLENGE signed, %u measurement "
		 "blocks signature %s",
		 version_name(n->version), teeio_sig_name(n->asym), teeio_hash_name(n->hash),
		 p->res.chain_len, p->res.meas.n_blocks,
		 p->res.meas.signature_verified ? "verified" : "NOT verified");
	ENSURE(p->res.meas.signature_verified, TEEIO_ERR_CRYPTO_VERIFY);
	return TEEIO_OK;
}

static teeio_err step_session(struct demo *d, char *detail, size_t cap)
{
	struct spdm_pair *p = d->pair;
	TRY(teeio_spdm_req_key_exchange(&p->req, 0, TEEIO_SPDM_MEAS_SUMMARY_ALL, &d->session,
					NULL));
	TRY(teeio_spdm_req_finish(&p->req, d->session));
	const struct teeio_spdm_negotiated *n = teeio_spdm_req_negotiated(&p->req);
	snprintf(detail, cap, "session 0x%08x: %s key exchange, %s records (DSP0277)", d->session,
		 teeio_dhe_name(n->dhe), teeio_aead_name(n->aead));
	return TEEIO_OK;
}

static teeio_err step_heartbeat(struct demo *d, char *detail, size_t cap)
{
	for (int i = 0; i < 100; i++)
		TRY(teeio_spdm_req_heartbeat(&d->pair->req, d->session));
	snprintf(detail, cap, "100 secured HEARTBEAT round trips");
	return TEEIO_OK;
}

static teeio_err step_key_update(struct demo *d, char *detail, size_t cap)
{
	TRY(teeio_spdm_req_key_update(&d->pair->req, d->session, TEEIO_SPDM_KEY_UPDATE_ALL_KEYS));
	TRY(teeio_spdm_req_heartbeat(&d->pair->req, d->session));
	snprintf(detail, cap, "both directions re-keyed (KEY_UPDATE UpdateAllKeys, VerifyNewKey)");
	return TEEIO_OK;
}

/* A forged record must be refused and must end the session (DSP0277). */
static teeio_err step_tamper(struct demo *d, char *detail, size_t cap)
{
	struct spdm_pair *p = d->pair;
	uint8_t rec[TEEIO_SPDM_IO_FRAME_MAX], out[256];
	size_t out_len = sizeof(out);
	/* A record sealed under a key the device never agreed to. */
	memset(rec, 0, sizeof(rec));
	teeio_store_u32le(rec, d->session);
	teeio_store_u16le(rec + 4, 2 + 4 + 16);
	TRY(teeio_spdm_rsp_handle_secured(&p->rsp, rec, 4 + 2 + 2 + 4 + 16, 0, out, &out_len));
	ENSURE(out_len >= 3 && out[1] == 0x7F && out[2] == 0x06, TEEIO_ERR_INTERNAL);
	ENSURE(teeio_spdm_rsp_session_find(&p->rsp, d->session) == NULL, TEEIO_ERR_INTERNAL);
	snprintf(detail, cap,
		 "a record the VMM forged was answered ERROR(DecryptError) and the session torn "
		 "down");
	return TEEIO_OK;
}

static const struct demo_step steps[] = {
	{"identity", "device identity and measurements", step_identity},
	{"connect", "SPDM: VCA, certificate, CHALLENGE, measurements", step_connect},
	{"session", "SPDM session: KEY_EXCHANGE, FINISH", step_session},
	{"session", "HEARTBEAT x100", step_heartbeat},
	{"session", "key refresh: KEY_UPDATE all keys", step_key_update},
	{"attack", "VMM forges a secured record", step_tamper},
};

int cmd_demo(struct cli *cli, int argc, char **argv)
{
	struct demo d = {.ops = cli->crypto, .alg = TEEIO_SIG_ECDSA_P384};
	int code;

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
	d.pair = calloc(1, sizeof(*d.pair));
	if (!d.pair)
		return CLI_EXIT_INTERNAL;
	code = demo_run(cli, steps, TEEIO_ARRAY_LEN(steps), &d);
	spdm_pair_free(d.pair);
	free(d.pair);
	return code;
}
