/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * `teeio demo` - the whole TEE-IO lifecycle on the built-in default device.
 *
 * Host, device and guest in one process on the emulated platform, every
 * message crossing the boundary it would cross on real hardware: SPDM,
 * IDE_KM and TDISP as DOE objects the VMM relays, guest requests sealed on
 * the TVM<->TSM channel the VMM relays, every TLP through the IDE stream.
 * The steps: the device's identity; connect (SPDM session, IDE keys on
 * both ends, streams Secure); bind (TDISP LOCK, report); the TVM gets the
 * evidence, verifies it against the built-in policy, validates its MMIO
 * and accepts (START); trusted DMA into private memory and private MMIO;
 * the same data through the bounce-buffer path, both throughputs; a key
 * refresh under traffic; the VMM remapping validated MMIO; stop (the
 * device scrubs), unbind, disconnect.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "demo.h"
#include "demo_sys.h"

#define DEMO_XFER (64 * 1024) /* one transfer of the data-path steps  */
#define DEMO_ROUNDS 3 /* alternating throughput rounds (best kept)        */
#define DEMO_ROUND_XFERS 16 /* transfers per round: 1 MiB                   */
#define MSIX_ADDR_LO 0xFEE00000u /* an x86 MSI address a TVM would program */

struct demo {
	struct demo_sys *s;
	struct demo_sys_cfg cfg;
	uint32_t refresh_writes, refresh_landed;
};

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static const char *ide_state(const struct teeio_ide_stream *st)
{
	return st && teeio_ide_stream_state(st) == TEEIO_IDE_SECURE ? "Secure" : "Insecure";
}

static const struct teeio_ide_stream *dev_stream(const struct demo *d)
{
	return teeio_ide_port_find(&d->s->sys.host.port, TEEIO_TSM_SYS_STREAM);
}

static enum teeio_tsm_tdi_state tsm_tdi_state(const struct demo *d)
{
	struct teeio_tsm_tdi_info ti;
	if (teeio_tsm_tdi_info(&d->s->sys.tsm, d->s->tdi, &ti) != TEEIO_OK)
		return TEEIO_TSM_TDI_FREE;
	return ti.state;
}

static uint8_t dsm_state(const struct demo *d)
{
	return (uint8_t)teeio_dsm_tdi_state(&d->s->sys.host.dev, d->s->fn);
}

/* The host address of MSI-X table entry 0 of the TDI's function. */
static teeio_err msix_entry0(const struct demo *d, uint64_t *hpa)
{
	const struct teeio_dsm_msix_prof *m = &d->s->sys.host.dev.fn[d->s->fn].prof->msix;
	uint64_t base = 0;

	ENSURE(m->vectors && teeio_dsm_bar_base(&d->s->sys.host.dev, d->s->fn, m->table_bar, &base),
	       TEEIO_ERR_STATE);
	*hpa = base + m->table_offset;
	return TEEIO_OK;
}

static teeio_err step_identity(struct demo *d, char *detail, size_t cap)
{
	teeio_err e;
	const struct teeio_dsm_dev *dev;

	d->s = demo_sys_new(&d->cfg, &e);
	TRY(e);
	dev = &d->s->sys.host.dev;
	snprintf(detail, cap,
		 "profile %s: PF + %u VFs, %zu-certificate chain (%zu bytes), %u measurements; "
		 "%s-flavour platform, IDE link to the root port",
		 d->s->sys.prof.name, dev->n_funcs - 1u, d->s->sys.host.chain.n_certs,
		 d->s->sys.host.der_len, (unsigned)d->s->sys.prof.n_meas,
		 d->cfg.flavour == TEEIO_PLAT_FLAVOUR_SEV ? "SEV" : "TDX");
	return TEEIO_OK;
}

static teeio_err step_connect(struct demo *d, char *detail, size_t cap)
{
	struct teeio_tsm_dev_info di;

	TRY(teeio_tsm_connect(&d->s->sys.tsm, d->s->sys.dev));
	TRY(teeio_tsm_info(&d->s->sys.tsm, d->s->sys.dev, &di));
	ENSURE(di.state == TEEIO_TSM_DEV_CONNECTED && di.ev, TEEIO_ERR_STATE);
	ENSURE(teeio_ide_stream_state(&d->s->sys.rp_stream) == TEEIO_IDE_SECURE &&
		   teeio_ide_stream_state(dev_stream(d)) == TEEIO_IDE_SECURE,
	       TEEIO_ERR_STATE);
	snprintf(detail, cap,
		 "SPDM session 0x%08x (chain %zu bytes verified, %u signed measurement blocks); "
		 "IDE_KM keyed stream %u key set %u: root port %s, device %s",
		 di.session_id, di.ev->chain_len, di.ev->meas_blocks, di.stream_id, di.key_set,
		 ide_state(&d->s->sys.rp_stream), ide_state(dev_stream(d)));
	return TEEIO_OK;
}

static teeio_err step_tvm(struct demo *d, char *detail, size_t cap)
{
	TRY(demo_sys_tvm(d->s));
	snprintf(detail, cap,
		 "TVM %u: %u private pages at GPA %#llx, its end of the sealed TSM channel "
		 "keyed (secret never seen by the VMM)",
		 d->s->tvm, DSYS_RAM_PAGES, (unsigned long long)DSYS_RAM_GPA);
	return TEEIO_OK;
}

static teeio_err step_bind(struct demo *d, char *detail, size_t cap)
{
	struct teeio_tsm_tdi_info ti;
	uint8_t reg[4];
	enum teeio_plat_fault f;

	TRY(demo_sys_enable(d->s, d->s->fn));
	TRY(demo_sys_bind(d->s));
	TRY(teeio_tsm_tdi_info(&d->s->sys.tsm, d->s->tdi, &ti));
	ENSURE(ti.state == TEEIO_TSM_TDI_BOUND && dsm_state(d) == TEEIO_TDISP_CONFIG_LOCKED,
	       TEEIO_ERR_STATE);
	/* Private MMIO is pending until the guest validates it. */
	f = teeio_plat_guest_read(&d->s->g, teeio_plat_gpa(&d->s->sys.plat, DSYS_MMIO_GPA, false),
				  reg, sizeof(reg));
	ENSURE(f == TEEIO_PLAT_FAULT_UNVALIDATED, TEEIO_ERR_STATE);
	snprintf(detail, cap,
		 "LOCK_INTERFACE: TDI %s, START nonce held by the TSM; report %zu bytes; %u MMIO "
		 "ranges mapped private-pending (guest access: %s)",
		 teeio_tdisp_state_name(dsm_state(d)), ti.report_len, ti.n_mmio,
		 teeio_plat_fault_str(f));
	return TEEIO_OK;
}

static size_t meas_ok(const struct teeio_guest_verdict *v)
{
	size_t n = 0;
	for (size_t i = 0; i < v->n_meas; i++)
		n += v->meas[i].status == TEEIO_GUEST_OK;
	return n;
}

static teeio_err step_attest(struct demo *d, char *detail, size_t cap)
{
	const struct teeio_guest_verdict *v = &d->s->gt.verdict;

	TRY(demo_sys_guest(d->s));
	TRY(teeio_guest_tdi_get_report(&d->s->gt));
	TRY(teeio_guest_tdi_verify(&d->s->gt));
	ENSURE(v->accept && v->leaf_valid, TEEIO_ERR_CRYPTO_VERIFY);
	snprintf(detail, cap,
		 "evidence over the guest channel (report %zu, measurements %zu, chain %zu bytes); "
		 "policy \"%s\": chain to the device root (leaf \"%s\"), %zu/%zu measurements "
		 "match, %zu report ranges as expected",
		 d->s->gt.ev.report_len, d->s->gt.ev.meas_len, d->s->gt.ev.cert_chain_len,
		 d->s->pol.name, v->leaf.subject, meas_ok(v), v->n_meas, v->n_ranges);
	return TEEIO_OK;
}

static teeio_err step_validate(struct demo *d, char *detail, size_t cap)
{
	uint32_t pages = 0;

	TRY(teeio_guest_tdi_validate_mmio(&d->s->gt));
	for (size_t i = 0; i < d->s->gt.n_maps; i++)
		pages += d->s->gt.maps[i].pages;
	snprintf(detail, cap,
		 "%zu private mappings, %u pages, each checked against the report's address by "
		 "the CPU; the TSM recorded VALIDATE_MMIO",
		 d->s->gt.n_maps, pages);
	return TEEIO_OK;
}

static teeio_err step_accept(struct demo *d, char *detail, size_t cap)
{
	uint8_t probe[8] = {0};
	uint64_t gpa = teeio_plat_gpa(&d->s->sys.plat, DSYS_RAM_GPA, false);

	/* Locked and not accepted: the device may not DMA. */
	ENSURE(teeio_dsm_dma(&d->s->sys.host.dev, d->s->fn, true, gpa, probe, sizeof(probe)) !=
		   TEEIO_OK,
	       TEEIO_ERR_STATE);
	TRY(teeio_guest_tdi_accept(&d->s->gt));
	ENSURE(tsm_tdi_state(d) == TEEIO_TSM_TDI_RUN && dsm_state(d) == TEEIO_TDISP_RUN,
	       TEEIO_ERR_STATE);
	snprintf(detail, cap,
		 "a DMA before START was refused; START_INTERFACE with the LOCK nonce: TDI %s, "
		 "secure IOMMU entry live",
		 teeio_tdisp_state_name(dsm_state(d)));
	return TEEIO_OK;
}

static teeio_err step_dma(struct demo *d, char *detail, size_t cap)
{
	struct teeio_plat_xlate xl;
	uint8_t peek[16];
	enum teeio_plat_fault f;
	uint64_t gpa = teeio_plat_gpa(&d->s->sys.plat, DSYS_RAM_GPA, false);

	demo_sys_pattern(d->s, 0x7ee10001u);
	TRY(demo_sys_tee_xfer(d->s, 0, DEMO_XFER));
	ENSURE(memcmp(d->s->src, d->s->dst, DEMO_XFER) == 0, TEEIO_ERR_STATE);
	/* What landed is private: the VMM's read of the page faults. */
	ENSURE(teeio_plat_cpu_translate(&d->s->sys.plat, d->s->tvm, gpa, false, &xl) ==
		   TEEIO_PLAT_OK,
	       TEEIO_ERR_STATE);
	f = teeio_plat_vmm_read(&d->s->sys.vmm, xl.hpa, peek, sizeof(peek));
	ENSURE(f != TEEIO_PLAT_OK, TEEIO_ERR_STATE);
	snprintf(detail, cap,
		 "the TDI wrote %u KiB with T=1 over IDE into private RAM, the guest read it back "
		 "intact; the VMM's read of that page: %s",
		 DEMO_XFER / 1024, teeio_plat_fault_str(f));
	return TEEIO_OK;
}

static teeio_err step_mmio(struct demo *d, char *detail, size_t cap)
{
	uint8_t reg[4] = {0}, val[4] = {0x5A, 0xA5, 0x01, 0x02}, msi[4];
	uint64_t hpa = d->s->gt.maps[0].hpa, tbl = 0;
	struct teeio_dsm_dev *dev = &d->s->sys.host.dev;
	teeio_err host;

	TRY(teeio_guest_tdi_mmio_read(&d->s->gt, 0, 0, reg, sizeof(reg)));
	TRY(teeio_guest_tdi_mmio_write(&d->s->gt, 0, 0x10, val, sizeof(val)));
	/* The same register from the host (T=0): the TDI answers UR. */
	host = teeio_dsm_mmio_read(dev, hpa, false, 0, reg, sizeof(reg), NULL);
	ENSURE(host != TEEIO_OK, TEEIO_ERR_STATE);
	/* The VMM programs MSI-X vector 0 for the TVM (the table is not in
	 * the TEE ranges of this binding); STOP must scrub it. */
	TRY(msix_entry0(d, &tbl));
	teeio_store_u32le(msi, MSIX_ADDR_LO);
	TRY(teeio_dsm_mmio_write(dev, tbl, false, 0, msi, sizeof(msi), NULL));
	memset(msi, 0, sizeof(msi));
	TRY(teeio_dsm_mmio_read(dev, tbl, false, 0, msi, sizeof(msi), NULL));
	ENSURE(teeio_load_u32le(msi) == MSIX_ADDR_LO, TEEIO_ERR_STATE);
	snprintf(detail, cap,
		 "guest T=1 read and write of BAR0 through the validated mapping reached the TDI; "
		 "the host's T=0 read of the same register: UR; MSI-X vector 0 programmed");
	return TEEIO_OK;
}

/* Best MB/s of DEMO_ROUNDS rounds of each path, alternated so that both
 * see the same machine load. */
static teeio_err step_paths(struct demo *d, char *detail, size_t cap)
{
	double best[2] = {0, 0};

	TRY(demo_sys_bounce_init(d->s));
	for (unsigned r = 0; r < DEMO_ROUNDS; r++) {
		for (unsigned p = 0; p < 2; p++) {
			uint64_t t0 = now_ns(), ns;
			demo_sys_pattern(d->s, 0x100u * r + p);
			for (unsigned i = 0; i < DEMO_ROUND_XFERS; i++) {
				memset(d->s->dst, 0, DEMO_XFER);
				TRY(p ? demo_sys_bounce_xfer(d->s, DEMO_XFER)
				      : demo_sys_tee_xfer(d->s, 0, DEMO_XFER));
			}
			ns = now_ns() - t0;
			/* the data arrived intact on either path */
			ENSURE(memcmp(d->s->src, d->s->dst, DEMO_XFER) == 0, TEEIO_ERR_STATE);
			double mbps = (double)DEMO_ROUND_XFERS * DEMO_XFER * 1e3 / (double)ns;
			if (mbps > best[p])
				best[p] = mbps;
		}
	}
	snprintf(detail, cap,
		 "same %u KiB transfers: TEE-IO %.1f MB/s, bounce buffer (T=0 DMA to shared "
		 "pages, AES-256-GCM seal/copy/open) %.1f MB/s, ratio %.2fx",
		 DEMO_XFER / 1024, best[0], best[1], best[1] > 0 ? best[0] / best[1] : 0.0);
	return TEEIO_OK;
}

/* The VMM's DOE hook during key refresh: at every relayed request the TDI
 * DMAs into the TVM, so TLPs cross the link between every IDE_KM step of
 * the key-set switch. */
static enum teeio_plat_verdict traffic(void *ctx, struct teeio_plat_vmm_view *vmm, unsigned dev,
				       enum teeio_plat_dir dir, uint8_t *msg, size_t *len,
				       size_t cap)
{
	struct demo *d = ctx;
	(void)vmm;
	(void)dev;
	(void)msg;
	(void)len;
	(void)cap;
	if (dir != TEEIO_PLAT_REQUEST)
		return TEEIO_PLAT_PASS;
	d->refresh_writes++;
	demo_sys_pattern(d->s, d->refresh_writes);
	if (demo_sys_tee_xfer(d->s, 0, 256) == TEEIO_OK && !memcmp(d->s->src, d->s->dst, 256))
		d->refresh_landed++;
	return TEEIO_PLAT_PASS;
}

static teeio_err step_refresh(struct demo *d, char *detail, size_t cap)
{
	struct teeio_plat_vmm_hooks h = {.doe = traffic, .ctx = d};
	struct teeio_tsm_dev_info di;
	teeio_err e;

	teeio_plat_vmm_set_hooks(&d->s->sys.vmm, &h);
	e = teeio_tsm_key_refresh(&d->s->sys.tsm, d->s->sys.dev);
	teeio_plat_vmm_set_hooks(&d->s->sys.vmm, NULL);
	TRY(e);
	TRY(teeio_tsm_info(&d->s->sys.tsm, d->s->sys.dev, &di));
	ENSURE(d->refresh_writes > 0 && d->refresh_landed == d->refresh_writes, TEEIO_ERR_STATE);
	ENSURE(teeio_ide_stream_state(dev_stream(d)) == TEEIO_IDE_SECURE, TEEIO_ERR_STATE);
	TRY(demo_sys_tee_xfer(d->s, 0, 4096));
	snprintf(detail, cap,
		 "SPDM KEY_UPDATE, then IDE key set %u programmed on both ends and switched "
		 "(K_SET_GO) while the TDI kept writing: %u DMA writes, all landed",
		 di.key_set, d->refresh_landed);
	return TEEIO_OK;
}

static teeio_err step_attack(struct demo *d, char *detail, size_t cap)
{
	const struct teeio_guest_tdi *gt = &d->s->gt;
	uint8_t reg[4];
	teeio_err e;
	enum teeio_plat_fault f, access;

	ENSURE(gt->n_maps >= 2, TEEIO_ERR_STATE);
	/* The VMM points the validated page of range 0 at another range. */
	TRY(teeio_plat_vmm_mmio_remap(&d->s->sys.vmm, d->s->tvm, gt->maps[0].gpa, gt->maps[1].hpa));
	e = teeio_guest_tdi_mmio_read(&d->s->gt, 0, 0, reg, sizeof(reg));
	ENSURE(e != TEEIO_OK, TEEIO_ERR_STATE);
	access = teeio_plat_faults(&d->s->sys.plat)->last;
	f = teeio_plat_guest_validate_mmio(
	    &d->s->g, teeio_plat_gpa(&d->s->sys.plat, gt->maps[0].gpa, false), gt->maps[0].hpa);
	ENSURE(f == TEEIO_PLAT_FAULT_MISMATCH, TEEIO_ERR_STATE);
	snprintf(detail, cap,
		 "the VMM remapped a validated MMIO page: the guest's next access faulted (%s), "
		 "re-validating against the report: %s",
		 teeio_plat_fault_str(access), teeio_plat_fault_str(f));
	return TEEIO_OK;
}

static teeio_err step_stop(struct demo *d, char *detail, size_t cap)
{
	uint64_t tbl = 0, faults;
	uint8_t ent[16];

	TRY(teeio_guest_tdi_stop(&d->s->gt));
	ENSURE(tsm_tdi_state(d) == TEEIO_TSM_TDI_STOPPED &&
		   dsm_state(d) == TEEIO_TDISP_CONFIG_UNLOCKED,
	       TEEIO_ERR_STATE);
	/* T=1 DMA is over: the function's writes now go out T=0, the IOMMU
	 * drops them (posted: the device sees no error), nothing lands. */
	faults = teeio_plat_faults(&d->s->sys.plat)->count[TEEIO_PLAT_FAULT_NOT_MAPPED];
	demo_sys_pattern(d->s, 0x57095709u);
	TRY(demo_sys_tee_xfer(d->s, 0, 64));
	ENSURE(memcmp(d->s->src, d->s->dst, 64) != 0, TEEIO_ERR_STATE);
	faults = teeio_plat_faults(&d->s->sys.plat)->count[TEEIO_PLAT_FAULT_NOT_MAPPED] - faults;
	ENSURE(faults > 0, TEEIO_ERR_STATE);
	/* The device scrubbed what the TVM left: MSI-X entry 0 address and data zero. */
	TRY(msix_entry0(d, &tbl));
	for (unsigned i = 0; i < 3; i++)
		TRY(teeio_dsm_mmio_read(&d->s->sys.host.dev, tbl + 4u * i, false, 0, ent + 4 * i, 4,
					NULL));
	for (unsigned i = 0; i < 12; i++)
		ENSURE(ent[i] == 0, TEEIO_ERR_STATE);
	snprintf(detail, cap,
		 "STOP_INTERFACE: TDI %s; its next DMA went out T=0 and the IOMMU dropped it "
		 "(IOMMU faults: %llu); the device scrubbed MSI-X (entry 0 reads zeros)",
		 teeio_tdisp_state_name(dsm_state(d)), (unsigned long long)faults);
	return TEEIO_OK;
}

static teeio_err step_unbind(struct demo *d, char *detail, size_t cap)
{
	uint8_t reg[4];
	enum teeio_plat_fault f;

	TRY(teeio_tsm_unbind(&d->s->sys.tsm, d->s->tdi));
	d->s->bound = false;
	ENSURE(teeio_tsm_tdi_info(&d->s->sys.tsm, d->s->tdi, NULL) != TEEIO_OK, TEEIO_ERR_STATE);
	f = teeio_plat_guest_read(&d->s->g, teeio_plat_gpa(&d->s->sys.plat, DSYS_MMIO_GPA, false),
				  reg, sizeof(reg));
	ENSURE(f != TEEIO_PLAT_OK, TEEIO_ERR_STATE);
	snprintf(detail, cap,
		 "secure device table entry and private MMIO gone (guest access: %s), nonce and "
		 "report wiped",
		 teeio_plat_fault_str(f));
	return TEEIO_OK;
}

static teeio_err step_disconnect(struct demo *d, char *detail, size_t cap)
{
	struct teeio_tsm_dev_info di;

	TRY(teeio_tsm_disconnect(&d->s->sys.tsm, d->s->sys.dev));
	TRY(teeio_tsm_info(&d->s->sys.tsm, d->s->sys.dev, &di));
	ENSURE(di.state == TEEIO_TSM_DEV_IDLE && di.session_id == 0 && di.ev == NULL,
	       TEEIO_ERR_STATE);
	ENSURE(teeio_ide_stream_state(&d->s->sys.rp_stream) != TEEIO_IDE_SECURE &&
		   teeio_ide_stream_state(dev_stream(d)) != TEEIO_IDE_SECURE,
	       TEEIO_ERR_STATE);
	snprintf(detail, cap,
		 "streams disabled (root port %s, device %s), END_SESSION, keys and evidence "
		 "wiped; device %s",
		 ide_state(&d->s->sys.rp_stream), ide_state(dev_stream(d)),
		 teeio_tsm_dev_state_name(di.state));
	return TEEIO_OK;
}

static const struct demo_step steps[] = {
    {"identity", "device identity, platform and TSM up", step_identity},
    {"connect", "SPDM session, IDE keys on both ends", step_connect},
    {"bind", "TVM launched with private RAM", step_tvm},
    {"bind", "TDISP LOCK_INTERFACE, interface report", step_bind},
    {"attest", "guest verifies evidence against policy", step_attest},
    {"attest", "guest validates private MMIO", step_validate},
    {"accept", "guest accepts: START_INTERFACE", step_accept},
    {"run", "trusted DMA into private memory", step_dma},
    {"run", "private MMIO", step_mmio},
    {"run", "TEE-IO vs bounce-buffer throughput", step_paths},
    {"run", "key refresh under traffic", step_refresh},
    {"attack", "VMM remaps validated MMIO", step_attack},
    {"stop", "guest stops the TDI, device scrubs", step_stop},
    {"unbind", "host unbinds the TDI", step_unbind},
    {"disconnect", "streams off, session ended", step_disconnect},
};

int cmd_demo(struct cli *cli, int argc, char **argv)
{
	struct demo d;
	int code;

	memset(&d, 0, sizeof(d));
	d.cfg.ops = cli->crypto;
	d.cfg.flavour = TEEIO_PLAT_FLAVOUR_TDX;

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			printf(
			    "usage: teeio demo [--flavour tdx|sev] [--json] [-v]\n\n"
			    "Runs the whole TEE-IO lifecycle on the built-in default device\n"
			    "(connect, bind, attest, accept, trusted DMA and MMIO, bounce-buffer\n"
			    "comparison, key refresh, an attack, stop, unbind, disconnect),\n"
			    "printing what each step did and how long it took.\n"
			    "  --flavour F  platform flavour: tdx (default) or sev\n");
			return CLI_EXIT_OK;
		}
		if (!strcmp(argv[i], "--flavour") && i + 1 < argc) {
			const char *f = argv[++i];
			if (!strcmp(f, "tdx") || !strcmp(f, "sev")) {
				d.cfg.flavour =
				    f[0] == 's' ? TEEIO_PLAT_FLAVOUR_SEV : TEEIO_PLAT_FLAVOUR_TDX;
				continue;
			}
			fprintf(stderr, "teeio demo: unknown flavour %s\n", f);
			return CLI_EXIT_USAGE;
		}
		if (!cli_common_option(cli, argv[i])) {
			fprintf(stderr, "teeio demo: unknown option %s\n", argv[i]);
			return CLI_EXIT_USAGE;
		}
	}
	d.cfg.log = &cli->log;
	if (!cli->json)
		printf("teeio %s demo: the TEE-IO lifecycle on the built-in default device\n\n",
		       teeio_version());
	code = demo_run(cli, steps, TEEIO_ARRAY_LEN(steps), &d);
	demo_sys_free(d.s);
	return code;
}
