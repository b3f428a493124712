/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The host side of a DOE mailbox, driven through config-space accessors
 * exactly as a kernel driver would (cf. Linux drivers/pci/doe.c): check
 * the mailbox is idle, write the object DWORD by DWORD, set GO, poll for
 * Data Object Ready or Error, read the response DWORD by DWORD popping
 * each one.  Any failure aborts the mailbox; a mailbox whose abort does
 * not take is marked dead and never used again.
 *
 * Polling is counted, not timed, so tests are deterministic.
 */
#include "teeio/transport.h"

static uint32_t rd(const struct teeio_doe_host *h, uint32_t reg)
{
	return h->ops.read(h->ops.ctx, h->cap_off + reg);
}

static void wr(const struct teeio_doe_host *h, uint32_t reg, uint32_t val)
{
	h->ops.write(h->ops.ctx, h->cap_off + reg, val);
}

teeio_err teeio_doe_host_abort(struct teeio_doe_host *h)
{
	ENSURE(!h->dead, TEEIO_ERR_STATE_DEAD);
	wr(h, TEEIO_DOE_REG_CTRL, TEEIO_DOE_CTRL_ABORT);
	for (uint32_t i = 0; i < h->poll_max; i++) {
		uint32_t st = rd(h, TEEIO_DOE_REG_STATUS);
		if (!(st & (TEEIO_DOE_STATUS_BUSY | TEEIO_DOE_STATUS_ERROR |
			    TEEIO_DOE_STATUS_DATA_OBJECT_READY)))
			return TEEIO_OK;
	}
	h->dead = true;
	return TEEIO_ERR_STATE_DEAD;
}

teeio_err teeio_doe_host_init(struct teeio_doe_host *h, struct teeio_cfg_ops ops, uint32_t cap_off,
			      uint32_t poll_max)
{
	ENSURE(ops.read && ops.write, TEEIO_ERR_USAGE);
	h->ops = ops;
	h->cap_off = cap_off;
	h->poll_max = poll_max ? poll_max : TEEIO_DOE_HOST_POLL_DEFAULT;
	h->dead = false;
	ENSURE((rd(h, TEEIO_DOE_REG_EXT_HDR) & 0xffffu) == TEEIO_PCI_EXT_CAP_ID_DOE,
	       TEEIO_ERR_USAGE_NOT_FOUND);
	/* Start from a known state whatever a previous owner left behind. */
	return teeio_doe_host_abort(h);
}

/* Abort after a failure and report `rc` (or DEAD if the abort failed). */
static teeio_err fail(struct teeio_doe_host *h, teeio_err rc)
{
	teeio_err a = teeio_doe_host_abort(h);
	return a == TEEIO_OK ? rc : a;
}

static teeio_err wait_ready(struct teeio_doe_host *h)
{
	for (uint32_t i = 0; i < h->poll_max; i++) {
		uint32_t st = rd(h, TEEIO_DOE_REG_STATUS);
		if (st & TEEIO_DOE_STATUS_ERROR)
			return TEEIO_ERR_TRANSPORT;
		if (st & TEEIO_DOE_STATUS_DATA_OBJECT_READY)
			return TEEIO_OK;
	}
	return TEEIO_ERR_TRANSPORT_TIMEOUT;
}

static uint32_t pop(struct teeio_doe_host *h)
{
	uint32_t v = rd(h, TEEIO_DOE_REG_READ);
	wr(h, TEEIO_DOE_REG_READ, 0);
	return v;
}

static teeio_err read_response(struct teeio_doe_host *h, uint8_t *rsp, size_t *rsp_len)
{
	uint32_t dw0 = pop(h), dw1 = pop(h);
	struct teeio_doe_hdr hdr;
	TRY(teeio_doe_hdr_decode(dw0, dw1, &hdr));
	size_t total = (size_t)hdr.len_dw * 4u;
	if (total > *rsp_len) {
		/* Drain so the mailbox is consistent, then report. */
		for (size_t i = 2; i < hdr.len_dw; i++)
			(void)pop(h);
		return TEEIO_ERR_SIZE;
	}
	teeio_store_u32le(rsp, dw0);
	teeio_store_u32le(rsp + 4, dw1);
	for (size_t i = 2; i < hdr.len_dw; i++)
		teeio_store_u32le(rsp + 4 * i, pop(h));
	uint32_t st = rd(h, TEEIO_DOE_REG_STATUS);
	ENSURE(!(st & TEEIO_DOE_STATUS_ERROR), TEEIO_ERR_TRANSPORT);
	/* The device must not offer more than its header announced. */
	ENSURE(!(st & TEEIO_DOE_STATUS_DATA_OBJECT_READY), TEEIO_ERR_PROTO);
	*rsp_len = total;
	return TEEIO_OK;
}

teeio_err teeio_doe_host_exchange(struct teeio_doe_host *h, const uint8_t *req, size_t req_len,
				  uint8_t *rsp, size_t *rsp_len)
{
	ENSURE(!h->dead, TEEIO_ERR_STATE_DEAD);
	ENSURE(req_len >= TEEIO_DOE_HDR_LEN && req_len % 4 == 0 && req_len <= TEEIO_DOE_MAX_BYTES,
	       TEEIO_ERR_USAGE);
	ENSURE(*rsp_len >= TEEIO_DOE_HDR_LEN, TEEIO_ERR_SIZE);

	uint32_t st = rd(h, TEEIO_DOE_REG_STATUS);
	ENSURE(!(st & TEEIO_DOE_STATUS_BUSY), TEEIO_ERR_PROTO_BUSY);
	if (st & (TEEIO_DOE_STATUS_ERROR | TEEIO_DOE_STATUS_DATA_OBJECT_READY))
		TRY(teeio_doe_host_abort(h)); /* stale error or response */

	for (size_t i = 0; i < req_len; i += 4)
		wr(h, TEEIO_DOE_REG_WRITE, teeio_load_u32le(req + i));
	wr(h, TEEIO_DOE_REG_CTRL,
	   (rd(h, TEEIO_DOE_REG_CTRL) & TEEIO_DOE_CTRL_INT_EN) | TEEIO_DOE_CTRL_GO);

	teeio_err rc = wait_ready(h);
	if (rc == TEEIO_OK)
		rc = read_response(h, rsp, rsp_len);
	return rc == TEEIO_OK ? TEEIO_OK : fail(h, rc);
}

teeio_err teeio_doe_host_discover(struct teeio_doe_host *h, uint8_t index,
				  struct teeio_doe_prot *prot, uint8_t *next)
{
	uint8_t req[TEEIO_DOE_HDR_LEN + TEEIO_DOE_DISC_PAYLOAD_LEN];
	uint8_t rsp[TEEIO_DOE_HDR_LEN + TEEIO_DOE_DISC_PAYLOAD_LEN];
	struct teeio_buf w = teeio_buf_writer(req, sizeof(req));
	size_t rsp_len = sizeof(rsp);
	TRY(teeio_doe_disc_req_encode(&w, index, 0));
	TRY(teeio_doe_host_exchange(h, req, w.pos, rsp, &rsp_len));
	return teeio_doe_disc_rsp_decode(rsp, rsp_len, prot, next);
}

teeio_err teeio_doe_host_supports(struct teeio_doe_host *h, struct teeio_doe_prot prot, bool *found)
{
	uint8_t index = 0;
	*found = false;
	/* The index is 8 bits: at most 256 entries, so the walk is bounded
	 * even if a device never answers next index 0. */
	for (unsigned n = 0; n < 256; n++) {
		struct teeio_doe_prot p;
		uint8_t next;
		TRY(teeio_doe_host_discover(h, index, &p, &next));
		if (p.vendor == prot.vendor && p.type == prot.type) {
			*found = true;
			return TEEIO_OK;
		}
		if (next == 0)
			return TEEIO_OK;
		index = next;
	}
	return TEEIO_ERR_PROTO;
}
