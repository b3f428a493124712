/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The root ports: one per attached device (its functions behind it), each
 * the host end of that device's IDE link.
 *
 * Down: a guest MMIO access becomes a memory request TLP (PCIe Base 2.2)
 * from the root port's requester ID, marked T=1 when it came through the
 * secure table -- the IDE port then refuses to send it anywhere but on a
 * Secure stream.  A read waits for its completion: the link is pumped
 * synchronously and the receiver below matches tag, requester, completer
 * and, for a T=1 read, that the completion too arrived T=1 on IDE.
 *
 * Up: a memory request from the device is a DMA.  Its T bit counts only
 * when it arrived on an IDE stream (the port verified the MAC before we
 * see it); its requester ID must be the device on this link (ACS source
 * validation), then the IOMMU decides.  A read is answered with a
 * completion, or Unsupported Request when the IOMMU faults.
 */
#include <string.h>

#include "plat_internal.h"

static bool window_ok(const struct teeio_platform *p, const struct teeio_plat_range *r)
{
	uint64_t arena = (uint64_t)p->npages << TEEIO_PLAT_PAGE_SHIFT;
	if (r->size == 0 || r->base > UINT64_MAX - r->size || !page_aligned(r->base) ||
	    !page_aligned(r->size))
		return false;
	if (ranges_overlap(r->base, r->size, p->cfg.hpa_base, arena))
		return false;
	for (unsigned i = 0; i < TEEIO_PLAT_MAX_DEVS; i++)
		for (unsigned w = 0; p->dev[i].used && w < p->dev[i].cfg.n_win; w++)
			if (ranges_overlap(r->base, r->size, p->dev[i].cfg.win[w].base,
					   p->dev[i].cfg.win[w].size))
				return false;
	return true;
}

static void rp_receive(void *ctx, const struct teeio_tlp *t);

teeio_err teeio_plat_vmm_attach(struct teeio_plat_vmm_view *vmm,
				const struct teeio_plat_dev_cfg *cfg, unsigned *dev)
{
	ENSURE(vmm && vmm->p && cfg && dev, TEEIO_ERR_USAGE);
	struct teeio_platform *p = vmm->p;
	ENSURE(cfg->cfg.read && cfg->cfg.write && cfg->n_win <= TEEIO_PLAT_MAX_WINDOWS,
	       TEEIO_ERR_USAGE);
	uint16_t n_rids = cfg->n_rids ? cfg->n_rids : 1;
	ENSURE((uint32_t)cfg->rid + n_rids <= 0x10000u, TEEIO_ERR_USAGE);
	for (unsigned i = 0; i < TEEIO_PLAT_MAX_DEVS; i++) {
		const struct teeio_plat_dev *o = &p->dev[i];
		ENSURE(!o->used || !ranges_overlap(o->cfg.rid, o->cfg.n_rids ? o->cfg.n_rids : 1,
						   cfg->rid, n_rids),
		       TEEIO_ERR_USAGE);
	}
	for (unsigned w = 0; w < cfg->n_win; w++) {
		ENSURE(window_ok(p, &cfg->win[w]), TEEIO_ERR_USAGE);
		for (unsigned v = 0; v < w; v++)
			ENSURE(!ranges_overlap(cfg->win[w].base, cfg->win[w].size, cfg->win[v].base,
					       cfg->win[v].size),
			       TEEIO_ERR_USAGE);
	}
	for (unsigned i = 0; i < TEEIO_PLAT_MAX_DEVS; i++) {
		struct teeio_plat_dev *d = &p->dev[i];
		if (d->used)
			continue;
		memset(d, 0, sizeof(*d));
		d->plat = p;
		d->used = true;
		d->cfg = *cfg;
		if (cfg->link) {
			struct teeio_ide_deliver rx = {rp_receive, d};
			teeio_link_set_receiver(cfg->link, TEEIO_LINK_RP, &rx);
		}
		*dev = i;
		return TEEIO_OK;
	}
	return TEEIO_ERR_SIZE_LIMIT;
}

/* ---- down: MMIO requests ---- */

enum teeio_plat_fault rp_mmio(struct teeio_platform *p, unsigned dev, uint64_t hpa, bool priv,
			      uint8_t *dst, const uint8_t *src, size_t len)
{
	bool write = dst == NULL;
	struct teeio_plat_dev *d = dev_get(p, dev);
	if (!d || !d->cfg.link)
		return TEEIO_PLAT_FAULT_NO_DEVICE;
	uint8_t data[TEEIO_PLAT_MMIO_MAX];
	struct teeio_tlp t = {0};
	size_t lead = 0;
	if (len > TEEIO_PLAT_MMIO_MAX || !tlp_set_span(&t, hpa, len, &lead))
		return TEEIO_PLAT_FAULT_BAD_ADDRESS;
	t.type = write ? TEEIO_TLP_MWR : TEEIO_TLP_MRD;
	t.requester_id = p->cfg.rp_rid;
	t.tag = d->next_tag;
	d->next_tag = (uint16_t)((d->next_tag + 1) & TLP_TAG_MASK);
	t.ide.t = priv;
	if (write) {
		memset(data, 0, (size_t)t.length_dw * 4);
		memcpy(data + lead, src, len);
		t.payload = data;
		t.payload_len = (size_t)t.length_dw * 4;
	} else {
		d->cpl_wait = true;
		d->cpl_done = false;
		d->cpl_t = priv;
		d->cpl_tag = t.tag;
		d->cpl_dst = dst;
		d->cpl_len = len;
		d->cpl_status = TLP_CPL_UR;
		d->cpl_off = lead;
	}
	enum teeio_plat_fault f = TEEIO_PLAT_OK;
	if (teeio_link_send(d->cfg.link, TEEIO_LINK_RP, &t) != TEEIO_OK ||
	    teeio_link_flush(d->cfg.link, TEEIO_LINK_RP) != TEEIO_OK)
		f = TEEIO_PLAT_FAULT_DEVICE_ERROR;
	else
		teeio_link_pump(d->cfg.link, NULL);
	if (!write && f == TEEIO_PLAT_OK && (!d->cpl_done || d->cpl_status != TLP_CPL_SC))
		f = TEEIO_PLAT_FAULT_DEVICE_ERROR;
	d->cpl_wait = false;
	d->cpl_dst = NULL;
	return f;
}

/* ---- up: completions and DMA ---- */

static void take_completion(struct teeio_plat_dev *d, const struct teeio_tlp *t)
{
	struct teeio_platform *p = d->plat;
	bool tee = t->has_ide && t->ide.t;
	/* Only the answer to our outstanding read, from this device, and
	 * for a TEE read only a TEE completion: a completion forged in the
	 * clear must not feed a private read. */
	if (!d->cpl_wait || d->cpl_done || t->tag != d->cpl_tag ||
	    t->requester_id != p->cfg.rp_rid || !dev_owns_rid(d, t->completer_id) ||
	    (d->cpl_t && !tee))
		return;
	d->cpl_done = true;
	d->cpl_status = t->cpl_status;
	if (t->type != TEEIO_TLP_CPLD || t->payload_len < d->cpl_off + d->cpl_len) {
		d->cpl_status = d->cpl_status == TLP_CPL_SC ? TLP_CPL_UR : d->cpl_status;
		return;
	}
	memcpy(d->cpl_dst, t->payload + d->cpl_off, d->cpl_len);
}

static void complete(struct teeio_plat_dev *d, const struct teeio_tlp *req, bool tee,
		     uint8_t status, const uint8_t *data, size_t off, size_t len)
{
	struct teeio_tlp c = {0};
	c.type = status == TLP_CPL_SC ? TEEIO_TLP_CPLD : TEEIO_TLP_CPL;
	c.tc = req->tc;
	c.requester_id = req->requester_id;
	c.completer_id = d->plat->cfg.rp_rid;
	c.tag = req->tag;
	c.cpl_status = status;
	c.byte_count = (uint16_t)(len & TLP_BYTE_COUNT_MASK);
	c.lower_addr = (uint8_t)((req->addr + off) & TLP_LOWER_ADDR_MASK);
	c.ide.t = tee;
	if (status == TLP_CPL_SC) {
		c.length_dw = req->length_dw;
		c.payload = data;
		c.payload_len = (size_t)req->length_dw * 4;
	} else {
		c.byte_count = 0;
		c.lower_addr = 0;
	}
	/* A completion the port cannot send is lost: the device's timeout. */
	teeio_err rc = teeio_link_send(d->cfg.link, TEEIO_LINK_RP, &c);
	if (rc == TEEIO_OK)
		rc = teeio_link_flush(d->cfg.link, TEEIO_LINK_RP);
	(void)rc;
}

static void take_request(struct teeio_plat_dev *d, const struct teeio_tlp *t)
{
	struct teeio_platform *p = d->plat;
	bool write = t->type == TEEIO_TLP_MWR;
	struct teeio_plat_dma req = {
	    .rid = t->requester_id,
	    .t = t->has_ide && t->ide.t,
	    .has_stream = t->has_ide,
	    .stream_id = t->has_ide ? t->ide.stream_id : 0,
	    .addr = t->addr,
	    .write = write,
	};
	uint8_t data[TEEIO_TLP_PAYLOAD_MAX];
	size_t off = 0, len = 0;
	enum teeio_plat_fault f = TEEIO_PLAT_OK;
	if (!dev_owns_rid(d, t->requester_id))
		f = fault_note(p, TEEIO_PLAT_FAULT_SPOOFED_RID, t->addr, t->requester_id);
	else if (!tlp_be_span(t, &off, &len) || (size_t)t->length_dw * 4 > sizeof(data) ||
		 (write && t->payload_len < off + len))
		f = fault_note(p, TEEIO_PLAT_FAULT_BAD_ADDRESS, t->addr, t->requester_id);
	if (f == TEEIO_PLAT_OK) {
		req.addr = t->addr + off;
		if (write)
			memcpy(data, t->payload + off, len);
		else
			memset(data, 0, (size_t)t->length_dw * 4);
		f = teeio_plat_dma(p, &req, write ? data : data + off, len);
	}
	if (!write)
		complete(d, t, req.t, f == TEEIO_PLAT_OK ? TLP_CPL_SC : TLP_CPL_UR, data, off, len);
}

static void rp_receive(void *ctx, const struct teeio_tlp *t)
{
	struct teeio_plat_dev *d = ctx;
	switch (t->type) {
	case TEEIO_TLP_MRD:
	case TEEIO_TLP_MWR: take_request(d, t); break;
	case TEEIO_TLP_CPL:
	case TEEIO_TLP_CPLD: take_completion(d, t); break;
	default: break; /* a device does not send configuration requests upstream */
	}
}
