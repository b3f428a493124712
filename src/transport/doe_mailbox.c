/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The device side of a DOE mailbox: the extended capability registers
 * (PCIe 7.9.24) as an emulated device exposes them in config space.
 *
 * The host writes a request object one DWORD at a time into the Write
 * Data Mailbox, sets GO, waits for Data Object Ready, then reads the
 * response one DWORD at a time from the Read Data Mailbox, writing the
 * Read Data Mailbox after each read to pop the next DWORD.  ABORT returns
 * the mailbox to idle from any state.  Every protocol violation sets the
 * ERROR bit, which stays set -- all other writes ignored -- until ABORT.
 */
#include <string.h>

#include "teeio/transport.h"

static void raise_irq(struct teeio_doe_mb *mb)
{
	if (mb->cfg.int_sup && (mb->ctrl & TEEIO_DOE_CTRL_INT_EN))
		mb->status |= TEEIO_DOE_STATUS_INT_STATUS;
}

static void drop_objects(struct teeio_doe_mb *mb)
{
	mb->req_len = 0;
	mb->req_want = 0;
	mb->rsp_len = 0;
	mb->rsp_pos = 0;
}

static void set_error(struct teeio_doe_mb *mb)
{
	drop_objects(mb);
	if (mb->pending)
		mb->pending_aborted = true;
	mb->pending = false;
	mb->status &= TEEIO_DOE_STATUS_INT_STATUS;
	mb->status |= TEEIO_DOE_STATUS_ERROR;
	raise_irq(mb);
}

static void do_abort(struct teeio_doe_mb *mb)
{
	drop_objects(mb);
	if (mb->pending)
		mb->pending_aborted = true;
	mb->pending = false;
	/* Abort clears BUSY, ERROR and Data Object Ready; Interrupt Status
	 * is RW1C and left to the host. */
	mb->status &= TEEIO_DOE_STATUS_INT_STATUS;
}

teeio_err teeio_doe_mb_init(struct teeio_doe_mb *mb, const struct teeio_doe_mb_cfg *cfg)
{
	ENSURE(cfg->dev.handle, TEEIO_ERR_USAGE);
	ENSURE(cfg->req_buf && cfg->rsp_buf, TEEIO_ERR_USAGE);
	ENSURE(cfg->req_cap >= TEEIO_DOE_HDR_LEN && cfg->req_cap % 4 == 0 &&
		   cfg->req_cap <= TEEIO_DOE_MAX_BYTES,
	       TEEIO_ERR_USAGE);
	ENSURE(cfg->rsp_cap >= TEEIO_DOE_HDR_LEN && cfg->rsp_cap % 4 == 0 &&
		   cfg->rsp_cap <= TEEIO_DOE_MAX_BYTES,
	       TEEIO_ERR_USAGE);
	memset(mb, 0, sizeof(*mb));
	mb->cfg = *cfg;
	return TEEIO_OK;
}

uint32_t teeio_doe_mb_read(struct teeio_doe_mb *mb, uint32_t off)
{
	switch (off) {
	case TEEIO_DOE_REG_EXT_HDR:
		return TEEIO_PCI_EXT_CAP_ID_DOE | (TEEIO_DOE_CAP_VERSION << 16) |
		       ((uint32_t)(mb->cfg.next_cap & 0xfffu) << 20);
	case TEEIO_DOE_REG_CAP:
		return (mb->cfg.int_sup ? TEEIO_DOE_CAP_INT_SUP : 0) |
		       (((uint32_t)mb->cfg.int_msg << 1) & TEEIO_DOE_CAP_INT_MSG_NUM);
	case TEEIO_DOE_REG_CTRL:
		/* ABORT and GO are write-only and read as 0. */
		return mb->ctrl & TEEIO_DOE_CTRL_INT_EN;
	case TEEIO_DOE_REG_STATUS: return mb->status;
	case TEEIO_DOE_REG_READ:
		/* assumption: reading with no object ready returns 0 and has no
		 * side effect; only the write (pop) is a protocol error. */
		if (!(mb->status & TEEIO_DOE_STATUS_DATA_OBJECT_READY))
			return 0;
		return teeio_load_u32le(mb->cfg.rsp_buf + mb->rsp_pos);
	default: return 0;
	}
}

/* The response in rsp_buf[0..len) becomes readable, or the mailbox fails. */
static teeio_err publish(struct teeio_doe_mb *mb, size_t len)
{
	struct teeio_doe_hdr h;
	const uint8_t *p;
	size_t n;
	teeio_err rc = teeio_doe_decode(mb->cfg.rsp_buf, len, &h, &p, &n);
	if (rc != TEEIO_OK) {
		set_error(mb);
		return rc;
	}
	mb->req_len = 0;
	mb->req_want = 0;
	mb->rsp_len = len;
	mb->rsp_pos = 0;
	mb->status &= ~TEEIO_DOE_STATUS_BUSY;
	mb->status |= TEEIO_DOE_STATUS_DATA_OBJECT_READY;
	raise_irq(mb);
	return TEEIO_OK;
}

static void push_dw(struct teeio_doe_mb *mb, uint32_t val)
{
	/* assumption: a write while BUSY or while a response is still being
	 * read is a protocol error (DOE carries one object at a time). */
	if (mb->status & (TEEIO_DOE_STATUS_BUSY | TEEIO_DOE_STATUS_DATA_OBJECT_READY)) {
		set_error(mb);
		return;
	}
	if (mb->req_len + 4 > mb->cfg.req_cap || (mb->req_want && mb->req_len + 4 > mb->req_want)) {
		set_error(mb); /* larger than our storage or than announced */
		return;
	}
	teeio_store_u32le(mb->cfg.req_buf + mb->req_len, val);
	mb->req_len += 4;
	if (mb->req_len == TEEIO_DOE_HDR_LEN) {
		struct teeio_doe_hdr h;
		if (teeio_doe_hdr_decode(teeio_load_u32le(mb->cfg.req_buf), val, &h) != TEEIO_OK ||
		    (size_t)h.len_dw * 4u > mb->cfg.req_cap) {
			set_error(mb);
			return;
		}
		mb->req_want = (size_t)h.len_dw * 4u;
	}
}

static void pop_dw(struct teeio_doe_mb *mb)
{
	if (!(mb->status & TEEIO_DOE_STATUS_DATA_OBJECT_READY)) {
		set_error(mb); /* popping past the end of the response */
		return;
	}
	mb->rsp_pos += 4;
	if (mb->rsp_pos >= mb->rsp_len) {
		mb->rsp_len = 0;
		mb->rsp_pos = 0;
		mb->status &= ~TEEIO_DOE_STATUS_DATA_OBJECT_READY;
	}
}

static void go(struct teeio_doe_mb *mb)
{
	if (mb->status & (TEEIO_DOE_STATUS_BUSY | TEEIO_DOE_STATUS_DATA_OBJECT_READY) ||
	    mb->req_len < TEEIO_DOE_HDR_LEN || mb->req_len != mb->req_want) {
		set_error(mb); /* GO while busy, or on an incomplete object */
		return;
	}
	mb->status |= TEEIO_DOE_STATUS_BUSY;
	mb->pending_aborted = false;
	struct teeio_buf rsp = teeio_buf_writer(mb->cfg.rsp_buf, mb->cfg.rsp_cap);
	teeio_err rc = mb->cfg.dev.handle(mb->cfg.dev.ctx, mb->cfg.req_buf, mb->req_len, &rsp);
	if (rc == TEEIO_ERR_PROTO_BUSY) {
		mb->pending = true;
		return;
	}
	if (rc != TEEIO_OK) {
		set_error(mb);
		return;
	}
	(void)publish(mb, rsp.pos);
}

void teeio_doe_mb_write(struct teeio_doe_mb *mb, uint32_t off, uint32_t val)
{
	switch (off) {
	case TEEIO_DOE_REG_CTRL:
		mb->ctrl = val & TEEIO_DOE_CTRL_INT_EN;
		/* assumption: ABORT together with GO aborts and ignores GO. */
		if (val & TEEIO_DOE_CTRL_ABORT) {
			do_abort(mb);
			return;
		}
		if ((val & TEEIO_DOE_CTRL_GO) && !(mb->status & TEEIO_DOE_STATUS_ERROR))
			go(mb);
		return;
	case TEEIO_DOE_REG_STATUS:
		mb->status &= ~(val & TEEIO_DOE_STATUS_INT_STATUS); /* RW1C */
		return;
	case TEEIO_DOE_REG_WRITE:
		if (!(mb->status & TEEIO_DOE_STATUS_ERROR))
			push_dw(mb, val);
		return;
	case TEEIO_DOE_REG_READ:
		if (!(mb->status & TEEIO_DOE_STATUS_ERROR))
			pop_dw(mb);
		return;
	default: return; /* read-only or outside the capability */
	}
}

teeio_err teeio_doe_mb_complete(struct teeio_doe_mb *mb, const uint8_t *rsp, size_t len)
{
	if (!mb->pending)
		return mb->pending_aborted ? TEEIO_ERR_TRANSPORT_ABORT : TEEIO_ERR_STATE;
	mb->pending = false;
	if (len > mb->cfg.rsp_cap) {
		set_error(mb);
		return TEEIO_ERR_SIZE;
	}
	memcpy(mb->cfg.rsp_buf, rsp, len);
	return publish(mb, len);
}

bool teeio_doe_mb_pending(const struct teeio_doe_mb *mb)
{
	return mb->pending;
}

static uint32_t mb_cfg_read(void *ctx, uint32_t off)
{
	return teeio_doe_mb_read(ctx, off);
}

static void mb_cfg_write(void *ctx, uint32_t off, uint32_t val)
{
	teeio_doe_mb_write(ctx, off, val);
}

struct teeio_cfg_ops teeio_doe_mb_cfg_ops(struct teeio_doe_mb *mb)
{
	struct teeio_cfg_ops ops = {mb_cfg_read, mb_cfg_write, mb};
	return ops;
}
