/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The untrusted VMM: the services it performs for others (DOE relay,
 * guest-host channel relay, config writes, MMIO and shared mappings), each
 * passing through its hook so a test can make it malicious, and its own
 * direct config space accesses.
 *
 * Whatever a hook does, it only has the VMM view: it can change, drop or
 * replay what crosses, and edit the untrusted tables, but everything it can
 * produce is checked where it lands -- SPDM and the secured channel at the
 * TSM and the guest, page ownership at every access, pending state on
 * every private MMIO mapping the VMM installs.
 */
#include <string.h>

#include "plat_internal.h"

void teeio_plat_vmm_set_hooks(struct teeio_plat_vmm_view *vmm,
			      const struct teeio_plat_vmm_hooks *hooks)
{
	if (!vmm || !vmm->p)
		return;
	if (hooks)
		vmm->p->hooks = *hooks;
	else
		memset(&vmm->p->hooks, 0, sizeof(vmm->p->hooks));
}

/* ---- config space ---- */

uint32_t vmm_cfg_rd(struct teeio_platform *p, unsigned dev, uint32_t off)
{
	const struct teeio_cfg_ops *o = &p->dev[dev].cfg.cfg;
	return o->read(o->ctx, off);
}

void vmm_cfg_wr_hooked(struct teeio_platform *p, unsigned dev, uint32_t off, uint32_t val)
{
	const struct teeio_cfg_ops *o = &p->dev[dev].cfg.cfg;
	if (p->hooks.cfg_write) {
		struct teeio_plat_vmm_view v = {p};
		if (p->hooks.cfg_write(p->hooks.ctx, &v, dev, off, &val) == TEEIO_PLAT_DROP)
			return;
	}
	o->write(o->ctx, off, val);
}

/* A config read for either view (both see the same, unhooked, space). */
static teeio_err cfg_read(struct teeio_platform *p, unsigned dev, uint32_t off, uint32_t *val)
{
	ENSURE(p && val, TEEIO_ERR_USAGE);
	ENSURE(dev_get(p, dev), TEEIO_ERR_USAGE_NOT_FOUND);
	*val = vmm_cfg_rd(p, dev, off);
	return TEEIO_OK;
}

teeio_err teeio_plat_vmm_cfg_read(struct teeio_plat_vmm_view *vmm, unsigned dev, uint32_t off,
				  uint32_t *val)
{
	ENSURE(vmm, TEEIO_ERR_USAGE);
	return cfg_read(vmm->p, dev, off, val);
}

teeio_err teeio_plat_vmm_cfg_write(struct teeio_plat_vmm_view *vmm, unsigned dev, uint32_t off,
				   uint32_t val)
{
	ENSURE(vmm && vmm->p, TEEIO_ERR_USAGE);
	struct teeio_plat_dev *d = dev_get(vmm->p, dev);
	ENSURE(d, TEEIO_ERR_USAGE_NOT_FOUND);
	d->cfg.cfg.write(d->cfg.cfg.ctx, off, val);
	return TEEIO_OK;
}

teeio_err teeio_plat_tsm_cfg_read(struct teeio_plat_tsm_view *tsm, unsigned dev, uint32_t off,
				  uint32_t *val)
{
	ENSURE(tsm, TEEIO_ERR_USAGE);
	return cfg_read(tsm->p, dev, off, val);
}

teeio_err teeio_plat_tsm_cfg_write(struct teeio_plat_tsm_view *tsm, unsigned dev, uint32_t off,
				   uint32_t val)
{
	ENSURE(tsm && tsm->p, TEEIO_ERR_USAGE);
	ENSURE(dev_get(tsm->p, dev), TEEIO_ERR_USAGE_NOT_FOUND);
	vmm_cfg_wr_hooked(tsm->p, dev, off, val);
	return TEEIO_OK;
}

/* ---- DOE relay ---- */

/* The mailbox driver's config accessors: the VMM's, with its hook. */
static uint32_t doe_rd(void *ctx, uint32_t off)
{
	struct teeio_plat_dev *d = ctx;
	return vmm_cfg_rd(d->plat, (unsigned)(d - d->plat->dev), off);
}

static void doe_wr(void *ctx, uint32_t off, uint32_t val)
{
	struct teeio_plat_dev *d = ctx;
	vmm_cfg_wr_hooked(d->plat, (unsigned)(d - d->plat->dev), off, val);
}

/* Run a relay hook over msg; false when it drops the message. */
static bool relay_doe(struct teeio_platform *p, unsigned dev, enum teeio_plat_dir dir, uint8_t *msg,
		      size_t *len, size_t cap)
{
	if (!p->hooks.doe)
		return true;
	struct teeio_plat_vmm_view v = {p};
	size_t n = *len;
	enum teeio_plat_verdict verdict = p->hooks.doe(p->hooks.ctx, &v, dev, dir, msg, &n, cap);
	if (verdict == TEEIO_PLAT_DROP)
		return false;
	*len = n <= cap ? n : cap;
	return true;
}

teeio_err teeio_plat_tsm_doe_exchange(struct teeio_plat_tsm_view *tsm, unsigned dev,
				      const uint8_t *req, size_t len, uint8_t *rsp, size_t *rsp_len)
{
	ENSURE(tsm && tsm->p && req && rsp && rsp_len, TEEIO_ERR_USAGE);
	struct teeio_platform *p = tsm->p;
	struct teeio_plat_dev *d = dev_get(p, dev);
	ENSURE(d && d->cfg.doe_cap_off, TEEIO_ERR_USAGE_NOT_FOUND);
	ENSURE(len <= sizeof(p->doe_buf), TEEIO_ERR_SIZE_LIMIT);
	if (!d->doe_ready) {
		struct teeio_cfg_ops ops = {doe_rd, doe_wr, d};
		TRY(teeio_doe_host_init(&d->doe, ops, d->cfg.doe_cap_off, 0));
		d->doe_ready = true;
	}
	size_t cap = *rsp_len, n = len;
	memcpy(p->doe_buf, req, len);
	ENSURE(relay_doe(p, dev, TEEIO_PLAT_REQUEST, p->doe_buf, &n, sizeof(p->doe_buf)),
	       TEEIO_ERR_TRANSPORT_TIMEOUT);
	TRY(teeio_doe_host_exchange(&d->doe, p->doe_buf, n, rsp, rsp_len));
	ENSURE(relay_doe(p, dev, TEEIO_PLAT_RESPONSE, rsp, rsp_len, cap),
	       TEEIO_ERR_TRANSPORT_TIMEOUT);
	return TEEIO_OK;
}

/* ---- guest-host channel ---- */

void teeio_plat_tsm_set_guest_handler(struct teeio_plat_tsm_view *tsm, teeio_plat_guest_handler fn,
				      void *ctx)
{
	if (!tsm || !tsm->p)
		return;
	tsm->p->guest_handler = fn;
	tsm->p->guest_handler_ctx = fn ? ctx : NULL;
}

static bool relay_guest(struct teeio_platform *p, unsigned tvm, enum teeio_plat_dir dir,
			uint8_t *msg, size_t *len, size_t cap)
{
	if (!p->hooks.guest_msg)
		return true;
	struct teeio_plat_vmm_view v = {p};
	size_t n = *len;
	if (p->hooks.guest_msg(p->hooks.ctx, &v, tvm, dir, msg, &n, cap) == TEEIO_PLAT_DROP)
		return false;
	*len = n <= cap ? n : cap;
	return true;
}

teeio_err teeio_plat_guest_request(const struct teeio_plat_guest_view *g, const uint8_t *req,
				   size_t len, uint8_t *rsp, size_t *rsp_len)
{
	ENSURE(g && g->p && (req || !len) && rsp && rsp_len, TEEIO_ERR_USAGE);
	struct teeio_platform *p = g->p;
	ENSURE(tvm_get(p, g->tvm), TEEIO_ERR_USAGE_NOT_FOUND);
	ENSURE(p->guest_handler, TEEIO_ERR_STATE);
	ENSURE(len <= sizeof(p->guest_buf), TEEIO_ERR_SIZE_LIMIT);
	size_t n = len;
	if (len)
		memcpy(p->guest_buf, req, len);
	ENSURE(relay_guest(p, g->tvm, TEEIO_PLAT_REQUEST, p->guest_buf, &n, sizeof(p->guest_buf)),
	       TEEIO_ERR_TRANSPORT_TIMEOUT);
	struct teeio_buf out = teeio_buf_writer(rsp, *rsp_len);
	TRY(p->guest_handler(p->guest_handler_ctx, g->tvm, p->guest_buf, n, &out));
	size_t out_len = out.pos;
	ENSURE(relay_guest(p, g->tvm, TEEIO_PLAT_RESPONSE, rsp, &out_len, *rsp_len),
	       TEEIO_ERR_TRANSPORT_TIMEOUT);
	*rsp_len = out_len;
	return TEEIO_OK;
}

/* ---- mappings the VMM makes for others ---- */

teeio_err teeio_plat_guest_map_shared(const struct teeio_plat_guest_view *g, uint64_t gpa,
				      uint32_t npages)
{
	ENSURE(g && g->p && npages > 0, TEEIO_ERR_USAGE);
	struct teeio_platform *p = g->p;
	ENSURE(tvm_get(p, g->tvm), TEEIO_ERR_USAGE_NOT_FOUND);
	struct teeio_plat_vmm_view v = {p};
	uint64_t hpa = 0, alloc;
	uint32_t n = npages;
	TRY(teeio_plat_vmm_page_alloc(&v, npages, &alloc));
	hpa = alloc;
	teeio_err rc = TEEIO_ERR_TRANSPORT_TIMEOUT;
	if (!p->hooks.shared_map ||
	    p->hooks.shared_map(p->hooks.ctx, &v, g->tvm, &gpa, &hpa, &n) != TEEIO_PLAT_DROP)
		rc = teeio_plat_vmm_map_shared(&v, g->tvm, gpa, hpa, n, true);
	if (rc != TEEIO_OK || hpa != alloc) {
		/* Unused: back to FREE (unless a hook already gave them away). */
		teeio_err frc = teeio_plat_vmm_page_free(&v, alloc, npages);
		(void)frc;
	}
	return rc;
}

teeio_err teeio_plat_tsm_mmio_map(struct teeio_plat_tsm_view *tsm, unsigned tvm, uint64_t gpa,
				  uint64_t hpa, uint32_t npages)
{
	ENSURE(tsm && tsm->p, TEEIO_ERR_USAGE);
	struct teeio_platform *p = tsm->p;
	if (p->hooks.mmio_map) {
		struct teeio_plat_vmm_view v = {p};
		if (p->hooks.mmio_map(p->hooks.ctx, &v, tvm, &gpa, &hpa, &npages) ==
		    TEEIO_PLAT_DROP)
			return TEEIO_ERR_TRANSPORT_TIMEOUT;
	}
	/* The platform, not the VMM, decides what this entry may be: pending,
	 * and only onto MMIO of a TDI bound to that TVM. */
	return secure_mmio_install(p, tvm, gpa, hpa, npages);
}
