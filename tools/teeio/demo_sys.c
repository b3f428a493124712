/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The emulated system behind `teeio demo` and the lifecycle/io benches:
 * bring-up, the TVM, the binding, the guest's view, and the two data
 * paths (see demo_sys.h).
 */
#include <stdlib.h>
#include <string.h>

#include "demo_sys.h"

#define PCI_COMMAND 0x04 /* PCI Local Bus 3.0 6.2.2: Command register */
#define PCI_CMD_MSE_BME 0x0006u /* Memory Space Enable | Bus Master Enable */

struct demo_sys *demo_sys_new(const struct demo_sys_cfg *cfg, teeio_err *err)
{
	struct demo_sys *d = calloc(1, sizeof(*d));

	*err = TEEIO_ERR_INTERNAL_NOMEM;
	if (!d)
		return NULL;
	*err = teeio_tsm_sys_init(&d->sys, cfg->ops, cfg->prof, cfg->flavour, cfg->log);
	if (*err != TEEIO_OK) {
		free(d);
		return NULL;
	}
	d->ops = cfg->ops;
	d->fn = 0;
	d->bounce_fn = 1;
	return d;
}

void demo_sys_free(struct demo_sys *d)
{
	if (!d)
		return;
	teeio_guest_bounce_free(&d->bdev);
	teeio_guest_bounce_free(&d->bguest);
	teeio_tsm_gchan_free(&d->chan);
	teeio_tsm_sys_fini(&d->sys);
	teeio_wipe(d->src, sizeof(d->src));
	teeio_wipe(d->dst, sizeof(d->dst));
	free(d);
}

teeio_err demo_sys_enable(struct demo_sys *d, uint16_t fn)
{
	/* ECAM: each function's config space is 4 KiB, function number in
	 * bits 12+ (PCIe Base 6.0 7.2.2). */
	return teeio_plat_vmm_cfg_write(&d->sys.vmm, d->sys.plat_dev,
					((uint32_t)fn << 12) | PCI_COMMAND, PCI_CMD_MSE_BME);
}

teeio_err demo_sys_tvm(struct demo_sys *d)
{
	uint8_t secret[TEEIO_TSM_TVM_SECRET_LEN];
	uint64_t hpa = 0;
	teeio_err e;

	e = teeio_tsm_sys_tvm(&d->sys, &d->tvm, secret);
	if (e == TEEIO_OK)
		e = teeio_tsm_gchan_init(&d->chan, d->ops, false, secret);
	teeio_wipe(secret, sizeof(secret));
	TRY(e);
	/* Private RAM: the VMM donates pages, the TSM converts them. */
	TRY(teeio_plat_vmm_page_alloc(&d->sys.vmm, DSYS_RAM_PAGES, &hpa));
	TRY(teeio_plat_tsm_map_private(&d->sys.tsm_view, d->tvm, DSYS_RAM_GPA, hpa, DSYS_RAM_PAGES,
				       true));
	d->g = teeio_plat_guest(&d->sys.plat, d->tvm);
	return TEEIO_OK;
}

teeio_err demo_sys_bind(struct demo_sys *d)
{
	struct teeio_tsm_bind_params bp;

	memset(&bp, 0, sizeof(bp));
	bp.lock_flags = TEEIO_TDISP_LOCK_NO_FW_UPDATE;
	bp.mmio_reporting_offset = DSYS_REPORT_OFFSET;
	bp.dma_base = DSYS_RAM_GPA;
	bp.dma_limit = DSYS_RAM_GPA + DSYS_RAM_PAGES * TEEIO_PLAT_PAGE_SIZE - 1;
	bp.mmio_gpa = DSYS_MMIO_GPA;
	TRY(teeio_tsm_bind(&d->sys.tsm, d->sys.dev, teeio_dsm_fn_rid(&d->sys.host.dev, d->fn),
			   d->tvm, &bp, &d->tdi));
	d->bound = true;
	return TEEIO_OK;
}

teeio_err demo_sys_guest(struct demo_sys *d)
{
	struct teeio_guest_flow_config fc;
	const struct teeio_pki_chain *c = &d->sys.host.chain;

	TRY(teeio_guest_policy_default(d->ops, &d->pol));
	ENSURE(c->n_certs > 0, TEEIO_ERR_STATE);
	TRY(teeio_guest_policy_add_root(&d->pol, c->certs[0].der, c->certs[0].len));
	memset(&fc, 0, sizeof(fc));
	fc.ops = d->ops;
	fc.pol = &d->pol;
	fc.g = d->g;
	fc.chan = &d->chan;
	fc.function_id = teeio_dsm_fn_id(&d->sys.host.dev, d->fn);
	return teeio_guest_tdi_init(&d->gt, &fc);
}

/* The device end of the bounce window: T=0 DMA of the bounce function to
 * the IOVA the VMM mapped onto the shared pages. */
static teeio_err dev_win_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct demo_sys *d = ctx;
	return teeio_dsm_dma(&d->sys.host.dev, d->bounce_fn, false, DSYS_SHARED_IOVA + off, buf,
			     len);
}

static teeio_err dev_win_write(void *ctx, uint64_t off, const void *buf, size_t len)
{
	struct demo_sys *d = ctx;
	/* the DMA engine takes a mutable buffer for both directions */
	return teeio_dsm_dma(&d->sys.host.dev, d->bounce_fn, true, DSYS_SHARED_IOVA + off,
			     (void *)(uintptr_t)buf, len);
}

teeio_err demo_sys_bounce_init(struct demo_sys *d)
{
	uint8_t key[32];
	uint64_t hpa = 0;
	struct teeio_guest_shared gshm, dshm;
	teeio_err e;

	TRY(demo_sys_enable(d, d->bounce_fn));
	/* The VMM backs the shared window and maps it for the device (T=0). */
	TRY(teeio_plat_vmm_page_alloc(&d->sys.vmm, DSYS_SHARED_PAGES, &hpa));
	TRY(teeio_plat_vmm_map_shared(&d->sys.vmm, d->tvm, DSYS_SHARED_GPA, hpa, DSYS_SHARED_PAGES,
				      true));
	TRY(teeio_plat_vmm_iommu_map(&d->sys.vmm, d->sys.plat_dev, DSYS_SHARED_IOVA, hpa,
				     DSYS_SHARED_PAGES, true));
	d->gwin.g = d->g;
	d->gwin.gpa = DSYS_SHARED_GPA;
	d->gwin.size = (uint64_t)DSYS_SHARED_PAGES * TEEIO_PLAT_PAGE_SIZE;
	gshm = teeio_guest_shared_plat(&d->gwin);
	dshm.read = dev_win_read;
	dshm.write = dev_win_write;
	dshm.ctx = d;
	dshm.size = d->gwin.size;
	/* The legacy path has no attested channel to agree a key: both ends
	 * take one, as an application would set it up out of band. */
	TRY(d->ops->random(key, sizeof(key)));
	e = teeio_guest_bounce_init(&d->bdev, d->ops, key, sizeof(key), &dshm,
				    TEEIO_GUEST_BOUNCE_DEVICE);
	if (e == TEEIO_OK)
		e = teeio_guest_bounce_init(&d->bguest, d->ops, key, sizeof(key), &gshm,
					    TEEIO_GUEST_BOUNCE_GUEST);
	teeio_wipe(key, sizeof(key));
	d->bounce_up = e == TEEIO_OK;
	return e;
}

teeio_err demo_sys_tee_xfer(struct demo_sys *d, uint64_t off, size_t len)
{
	uint64_t gpa = teeio_plat_gpa(&d->sys.plat, DSYS_RAM_GPA + off, false);

	ENSURE(len <= DSYS_XFER_MAX && off + len <= DSYS_RAM_PAGES * TEEIO_PLAT_PAGE_SIZE,
	       TEEIO_ERR_USAGE);
	TRY(teeio_dsm_dma(&d->sys.host.dev, d->fn, true, gpa, d->src, len));
	ENSURE(teeio_plat_guest_read(&d->g, gpa, d->dst, len) == TEEIO_PLAT_OK, TEEIO_ERR_STATE);
	return TEEIO_OK;
}

teeio_err demo_sys_bounce_xfer(struct demo_sys *d, size_t len)
{
	size_t got = 0;

	ENSURE(d->bounce_up && len <= DSYS_XFER_MAX, TEEIO_ERR_USAGE);
	TRY(teeio_guest_bounce_out(&d->bdev, 0, d->src, len, NULL));
	TRY(teeio_guest_bounce_in(&d->bguest, 0, d->dst, sizeof(d->dst), &got));
	ENSURE(got == len, TEEIO_ERR_PROTO);
	return TEEIO_OK;
}

void demo_sys_pattern(struct demo_sys *d, uint32_t seed)
{
	uint32_t x = seed | 1u;

	/* xorshift32: cheap, and no two transfers look alike */
	for (size_t i = 0; i < sizeof(d->src); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		d->src[i] = (uint8_t)x;
	}
}
