/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * `teeio tsm status` - bring up the emulated platform with the default
 * device, drive the TSM to a stage, and show its device and TDI states.
 *
 *   teeio tsm status [--json] [--stage idle|connected|bound]
 *                    [--flavour tdx|sev] [--vfs N]
 *
 * `bound` binds the PF and N VFs (default 0), each to its own TVM.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "teeio/tsm.h"

int cmd_tsm_status(struct cli *cli, int argc, char **argv);

enum status_stage { STAGE_IDLE, STAGE_CONNECTED, STAGE_BOUND };

struct status_opts {
	enum status_stage stage;
	enum teeio_plat_flavour flavour;
	unsigned vfs;
};

static int usage(FILE *f)
{
	fprintf(f, "usage: teeio tsm status [--json] [--stage idle|connected|bound]\n"
		   "                        [--flavour tdx|sev] [--vfs N]\n");
	return f == stdout ? CLI_EXIT_OK : CLI_EXIT_USAGE;
}

static bool stage_of(const char *v, enum status_stage *st)
{
	static const char *const names[] = {"idle", "connected", "bound"};
	for (unsigned i = 0; i < TEEIO_ARRAY_LEN(names); i++)
		if (!strcmp(v, names[i])) {
			*st = (enum status_stage)i;
			return true;
		}
	return false;
}

static bool flavour_of(const char *v, enum teeio_plat_flavour *f)
{
	if (!strcmp(v, "tdx"))
		*f = TEEIO_PLAT_FLAVOUR_TDX;
	else if (!strcmp(v, "sev"))
		*f = TEEIO_PLAT_FLAVOUR_SEV;
	else
		return false;
	return true;
}

static bool vfs_of(const char *v, unsigned *n)
{
	char *end = NULL;
	unsigned long x = strtoul(v, &end, 10);
	/* every function bound gets its own TVM */
	if (!*v || !end || *end || x >= TEEIO_TSM_MAX_TVMS)
		return false;
	*n = (unsigned)x;
	return true;
}

/* false: stop with *rc (help printed or a usage error). */
static bool parse(struct cli *cli, int argc, char **argv, struct status_opts *o, int *rc)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		bool ok;
		if (cli_common_option(cli, a))
			continue;
		if (cli_is_help(a)) {
			*rc = usage(stdout);
			return false;
		}
		if (!strcmp(a, "--stage") && v)
			ok = stage_of(v, &o->stage);
		else if (!strcmp(a, "--flavour") && v)
			ok = flavour_of(v, &o->flavour);
		else if (!strcmp(a, "--vfs") && v)
			ok = vfs_of(v, &o->vfs);
		else
			ok = false;
		if (!ok) {
			fprintf(stderr, "teeio tsm status: bad argument '%s%s%s'\n", a,
				v ? " " : "", v ? v : "");
			*rc = usage(stderr);
			return false;
		}
		i++;
	}
	return true;
}

/* Bind function fn to a fresh TVM. */
static teeio_err bind_one(struct teeio_tsm_sys *s, uint16_t fn)
{
	uint8_t secret[TEEIO_TSM_TVM_SECRET_LEN];
	unsigned tvm = 0, tdi = 0;
	uint64_t hpa = 0;
	struct teeio_tsm_bind_params p = {
	    .lock_flags = TEEIO_TDISP_LOCK_NO_FW_UPDATE,
	    .dma_base = 0x200000,
	    .dma_limit = 0x203fff,
	    .mmio_gpa = 0x80000000,
	};

	TRY(teeio_tsm_sys_tvm(s, &tvm, secret));
	teeio_wipe(secret, sizeof(secret)); /* no guest runs here */
	TRY(teeio_plat_vmm_page_alloc(&s->vmm, 4, &hpa));
	TRY(teeio_plat_tsm_map_private(&s->tsm_view, tvm, p.dma_base, hpa, 4, true));
	return teeio_tsm_bind(&s->tsm, s->dev, teeio_dsm_fn_rid(&s->host.dev, fn), tvm, &p, &tdi);
}

static void print_text(const struct teeio_tsm *t)
{
	struct teeio_tsm_dev_info di;
	struct teeio_tsm_tdi_info ti;

	for (unsigned i = 0; i < TEEIO_TSM_MAX_DEVS; i++)
		if (teeio_tsm_info(t, i, &di) == TEEIO_OK)
			printf("device %u: rid %04x (%u functions) backend %s: %s, session 0x%08x, "
			       "stream %u key set %u\n",
			       i, di.rid, di.n_rids, di.backend, teeio_tsm_dev_state_name(di.state),
			       di.session_id, di.stream_id, di.key_set);
	for (unsigned i = 0; i < TEEIO_TSM_MAX_TDIS; i++)
		if (teeio_tsm_tdi_info(t, i, &ti) == TEEIO_OK)
			printf("tdi %u: rid %04x on device %u, tvm %u: %s, %u MMIO ranges\n", i,
			       ti.rid, ti.dev, ti.tvm, teeio_tsm_tdi_state_name(ti.state),
			       ti.n_mmio);
}

int cmd_tsm_status(struct cli *cli, int argc, char **argv)
{
	struct status_opts o = {STAGE_BOUND, TEEIO_PLAT_FLAVOUR_TDX, 0};
	struct teeio_tsm_sys *s;
	teeio_err e;
	int rc = CLI_EXIT_OK;

	if (!parse(cli, argc, argv, &o, &rc))
		return rc;
	s = calloc(1, sizeof(*s));
	if (!s)
		return cli_fail("tsm status", "allocate", TEEIO_ERR_INTERNAL_NOMEM);
	e = teeio_tsm_sys_init(s, cli->crypto, NULL, o.flavour, &cli->log);
	if (e != TEEIO_OK) {
		free(s);
		return cli_fail("tsm status", "platform", e);
	}
	if (o.stage >= STAGE_CONNECTED && (e = teeio_tsm_connect(&s->tsm, s->dev)) != TEEIO_OK)
		rc = cli_fail("tsm status", "connect", e);
	for (unsigned fn = 0; rc == CLI_EXIT_OK && o.stage >= STAGE_BOUND && fn <= o.vfs; fn++) {
		/* Bus mastering is the VMM's to set, before the TDI locks. */
		e = teeio_plat_vmm_cfg_write(&s->vmm, s->plat_dev, (uint32_t)fn << 12 | 0x04, 0x6);
		if (e == TEEIO_OK)
			e = bind_one(s, (uint16_t)fn);
		if (e != TEEIO_OK)
			rc = cli_fail("tsm status", "bind", e);
	}
	if (cli->json) {
		char *j = teeio_tsm_status_json(&s->tsm);
		if (j) {
			puts(j);
			free(j);
		} else if (rc == CLI_EXIT_OK) {
			rc = cli_fail("tsm status", "json", TEEIO_ERR_INTERNAL_NOMEM);
		}
	} else {
		print_text(&s->tsm);
	}
	teeio_tsm_sys_fini(s);
	free(s);
	return rc;
}
