/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The device end of a link when the device is a teeio DSM: TLPs in, BAR
 * accesses and completions out; DMA requests out, completions in.  The
 * DSM decides what a request with T=1 from a given stream may touch; this
 * file only carries the bits faithfully.
 */
#include <string.h>

#include "plat_internal.h"

#define ECAM_FN_SHIFT 12 /* ECAM: routing ID above the 4 KiB register space */
#define ECAM_REG_MASK 0xfffu
#define DMA_BOUNDARY 4096u /* requests never cross a 4 KiB boundary (PCIe 2.2.7) */

static uint16_t pf_rid(const struct teeio_plat_dsm_ep *ep)
{
	return teeio_dsm_fn_rid(ep->dev, 0);
}

/* ---- config space ---- */

static uint32_t cfg_rd(void *ctx, uint32_t off)
{
	struct teeio_plat_dsm_ep *ep = ctx;
	int fn = teeio_dsm_fn_by_rid(ep->dev, (uint16_t)(pf_rid(ep) + (off >> ECAM_FN_SHIFT)));
	if (fn < 0 || (off & 3))
		return 0xffffffffu; /* no such function: master abort reads all ones */
	return teeio_dsm_cfg_read(ep->dev, (uint16_t)fn, (uint16_t)(off & ECAM_REG_MASK), 4);
}

static void cfg_wr(void *ctx, uint32_t off, uint32_t val)
{
	struct teeio_plat_dsm_ep *ep = ctx;
	int fn = teeio_dsm_fn_by_rid(ep->dev, (uint16_t)(pf_rid(ep) + (off >> ECAM_FN_SHIFT)));
	if (fn >= 0 && !(off & 3))
		teeio_dsm_cfg_write(ep->dev, (uint16_t)fn, (uint16_t)(off & ECAM_REG_MASK), 4, val);
}

struct teeio_cfg_ops teeio_plat_dsm_ep_cfg(struct teeio_plat_dsm_ep *ep)
{
	struct teeio_cfg_ops o = {cfg_rd, cfg_wr, ep};
	return o;
}

/* ---- MMIO from the root port ---- */

/* The largest naturally aligned access (8, 4, 2 or 1 bytes) at addr
 * within n bytes. */
static size_t piece(uint64_t addr, size_t n)
{
	size_t s = 8;
	while (s > 1 && ((addr % s) != 0 || s > n))
		s /= 2;
	return s;
}

static void send_up(struct teeio_plat_dsm_ep *ep, const struct teeio_tlp *t)
{
	/* A completion the port cannot send is lost: the requester times out. */
	teeio_err rc = teeio_link_send(ep->link, TEEIO_LINK_EP, t);
	if (rc == TEEIO_OK)
		rc = teeio_link_flush(ep->link, TEEIO_LINK_EP);
	(void)rc;
}

static void mmio_request(struct teeio_plat_dsm_ep *ep, const struct teeio_tlp *t)
{
	bool write = t->type == TEEIO_TLP_MWR, tee = t->has_ide && t->ide.t;
	uint8_t stream = t->has_ide ? t->ide.stream_id : 0;
	uint8_t data[TEEIO_TLP_PAYLOAD_MAX];
	size_t off = 0, len = 0, dw_bytes = (size_t)t->length_dw * 4;
	int fn = -1;
	teeio_err rc = TEEIO_ERR_PROTO;
	if (tlp_be_span(t, &off, &len) && dw_bytes <= sizeof(data) &&
	    (!write || t->payload_len >= off + len)) {
		memset(data, 0, dw_bytes);
		rc = TEEIO_OK;
		for (size_t done = 0; done < len && rc == TEEIO_OK;) {
			uint64_t a = t->addr + off + done;
			size_t n = piece(a, len - done);
			rc = write ? teeio_dsm_mmio_write(ep->dev, a, tee, stream,
							  t->payload + off + done, n, &fn)
				   : teeio_dsm_mmio_read(ep->dev, a, tee, stream, data + off + done,
							 n, &fn);
			done += n;
		}
	}
	if (rc != TEEIO_OK)
		ep->mmio_ur++;
	if (write)
		return;
	struct teeio_tlp c = {0};
	c.tc = t->tc;
	c.requester_id = t->requester_id;
	c.completer_id = fn >= 0 ? teeio_dsm_fn_rid(ep->dev, (uint16_t)fn) : pf_rid(ep);
	c.tag = t->tag;
	c.ide.t = tee;
	if (rc == TEEIO_OK) {
		c.type = TEEIO_TLP_CPLD;
		c.cpl_status = TLP_CPL_SC;
		c.length_dw = t->length_dw;
		c.byte_count = (uint16_t)(len & TLP_BYTE_COUNT_MASK);
		c.lower_addr = (uint8_t)((t->addr + off) & TLP_LOWER_ADDR_MASK);
		c.payload = data;
		c.payload_len = dw_bytes;
	} else {
		c.type = TEEIO_TLP_CPL;
		c.cpl_status = TLP_CPL_UR;
	}
	send_up(ep, &c);
}

static void completion(struct teeio_plat_dsm_ep *ep, const struct teeio_tlp *t)
{
	/* The answer to the outstanding read only; a TEE read takes only a
	 * TEE completion, or a forger in the clear could feed the TDI data. */
	if (!ep->cpl_wait || ep->cpl_done || t->tag != ep->cpl_tag ||
	    t->requester_id != ep->cpl_rid || (ep->cpl_t && !(t->has_ide && t->ide.t)))
		return;
	ep->cpl_done = true;
	ep->cpl_status = t->cpl_status;
	if (t->type != TEEIO_TLP_CPLD || t->payload_len < ep->cpl_off + ep->cpl_len) {
		ep->cpl_status = ep->cpl_status == TLP_CPL_SC ? TLP_CPL_UR : ep->cpl_status;
		return;
	}
	memcpy(ep->cpl_dst, t->payload + ep->cpl_off, ep->cpl_len);
}

static void ep_receive(void *ctx, const struct teeio_tlp *t)
{
	struct teeio_plat_dsm_ep *ep = ctx;
	bool nested = ep->in_rx;
	ep->in_rx = true;
	if (t->type == TEEIO_TLP_MRD || t->type == TEEIO_TLP_MWR)
		mmio_request(ep, t);
	else if (t->type == TEEIO_TLP_CPL || t->type == TEEIO_TLP_CPLD)
		completion(ep, t);
	ep->in_rx = nested;
}

void teeio_plat_dsm_ep_init(struct teeio_plat_dsm_ep *ep, struct teeio_dsm_dev *dev,
			    struct teeio_link *link)
{
	memset(ep, 0, sizeof(*ep));
	ep->dev = dev;
	ep->link = link;
	if (link) {
		struct teeio_ide_deliver d = {ep_receive, ep};
		teeio_link_set_receiver(link, TEEIO_LINK_EP, &d);
	}
}

/* ---- DMA to the host ---- */

static teeio_err dma_chunk(struct teeio_plat_dsm_ep *ep, const struct teeio_dsm_dma_req *r,
			   uint64_t addr, uint8_t *buf, size_t len)
{
	uint8_t data[TEEIO_TLP_PAYLOAD_MAX];
	struct teeio_tlp t = {0};
	size_t lead = 0;
	ENSURE(tlp_set_span(&t, addr, len, &lead), TEEIO_ERR_USAGE);
	t.type = r->write ? TEEIO_TLP_MWR : TEEIO_TLP_MRD;
	t.requester_id = r->rid;
	t.tag = ep->next_tag;
	ep->next_tag = (uint16_t)((ep->next_tag + 1) & TLP_TAG_MASK);
	t.ide.t = r->t;
	if (r->write) {
		memset(data, 0, (size_t)t.length_dw * 4);
		memcpy(data + lead, buf, len);
		t.payload = data;
		t.payload_len = (size_t)t.length_dw * 4;
		TRY(teeio_link_send(ep->link, TEEIO_LINK_EP, &t));
		return teeio_link_flush(ep->link, TEEIO_LINK_EP);
	}
	ep->cpl_wait = true;
	ep->cpl_done = false;
	ep->cpl_tag = t.tag;
	ep->cpl_rid = r->rid;
	ep->cpl_t = r->t;
	ep->cpl_dst = buf;
	ep->cpl_off = lead;
	ep->cpl_len = len;
	teeio_err rc = teeio_link_send(ep->link, TEEIO_LINK_EP, &t);
	if (rc == TEEIO_OK)
		rc = teeio_link_flush(ep->link, TEEIO_LINK_EP);
	if (rc == TEEIO_OK)
		teeio_link_pump(ep->link, NULL);
	if (rc == TEEIO_OK && !ep->cpl_done)
		rc = TEEIO_ERR_TRANSPORT_TIMEOUT;
	else if (rc == TEEIO_OK && ep->cpl_status != TLP_CPL_SC)
		rc = TEEIO_ERR_PROTO_PEER_ERROR;
	ep->cpl_wait = false;
	ep->cpl_dst = NULL;
	return rc;
}

static teeio_err dma_request(void *ctx, const struct teeio_dsm_dma_req *r)
{
	struct teeio_plat_dsm_ep *ep = ctx;
	ENSURE(ep && ep->link && r && (r->data || !r->len), TEEIO_ERR_USAGE);
	ENSURE(r->addr <= UINT64_MAX - r->len, TEEIO_ERR_USAGE);
	/* The link is being pumped right now: a read cannot wait for its
	 * completion here, and pumping again would re-deliver the TLP in hand. */
	ENSURE(r->write || !ep->in_rx, TEEIO_ERR_STATE);
	for (size_t done = 0; done < r->len;) {
		uint64_t a = r->addr + done;
		size_t n = DMA_BOUNDARY - (size_t)(a % DMA_BOUNDARY);
		n = n < r->len - done ? n : r->len - done;
		TRY(dma_chunk(ep, r, a, r->data + done, n));
		done += n;
	}
	if (r->write && !ep->in_rx)
		teeio_link_pump(ep->link, NULL);
	return TEEIO_OK;
}

struct teeio_dsm_dma_ops teeio_plat_dsm_ep_dma(struct teeio_plat_dsm_ep *ep)
{
	struct teeio_dsm_dma_ops o = {dma_request, ep};
	return o;
}
