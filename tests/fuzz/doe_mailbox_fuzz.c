/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the DOE mailbox register model with sequences of register
 * operations.  Each op is 5 bytes: op byte (bits 2:0 register, bit 3
 * write, bit 4 "device completes a pending request now", bits 6:5 device
 * mode for the next GO) and a little-endian DWORD value.  Invariants are
 * checked after every op.
 */
#include <stdlib.h>

#include "teeio/transport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct dev {
	unsigned mode;
};

static teeio_err handle(void *ctx, const uint8_t *req, size_t len, struct teeio_buf *rsp)
{
	static const struct teeio_doe_prot table[] = {{1, 0}, {1, 1}};
	struct dev *d = ctx;
	struct teeio_doe_hdr h;
	const uint8_t *p;
	size_t n;
	/* The mailbox only hands over complete, well-formed objects. */
	if (teeio_doe_decode(req, len, &h, &p, &n) != TEEIO_OK)
		abort();
	switch (d->mode) {
	case 0: return teeio_doe_encode(rsp, h.vendor, h.type, p, n);
	case 1: return TEEIO_ERR_PROTO_BUSY;
	case 2: return teeio_doe_disc_respond(table, 2, req, len, rsp);
	default: return teeio_buf_put_u32le(rsp, 0x00010001); /* malformed */
	}
}

static void check(const struct teeio_doe_mb *mb)
{
	const uint32_t known = TEEIO_DOE_STATUS_BUSY | TEEIO_DOE_STATUS_INT_STATUS |
			       TEEIO_DOE_STATUS_ERROR | TEEIO_DOE_STATUS_DATA_OBJECT_READY;
	if (mb->status & ~known)
		abort();
	if ((mb->status & TEEIO_DOE_STATUS_ERROR) &&
	    (mb->status & (TEEIO_DOE_STATUS_BUSY | TEEIO_DOE_STATUS_DATA_OBJECT_READY)))
		abort();
	if (mb->req_len > mb->cfg.req_cap || mb->rsp_len > mb->cfg.rsp_cap ||
	    mb->rsp_pos > mb->rsp_len || mb->req_len % 4 || mb->rsp_pos % 4)
		abort();
	if ((mb->status & TEEIO_DOE_STATUS_DATA_OBJECT_READY) && mb->rsp_pos >= mb->rsp_len)
		abort();
	if (mb->pending && !(mb->status & TEEIO_DOE_STATUS_BUSY))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned sink = 0; /* results deliberately unused: any error is fine */
	static const uint32_t regs[8] = {0x00, 0x04, 0x08, 0x0c, 0x10, 0x14, 0x18, 0x08};
	uint8_t req[64], rsp[64];
	struct dev d = {0};
	struct teeio_doe_mb mb;
	struct teeio_doe_mb_cfg cfg = {
	    .dev = {handle, &d},
	    .req_buf = req,
	    .req_cap = sizeof(req),
	    .rsp_buf = rsp,
	    .rsp_cap = sizeof(rsp),
	    .int_sup = true,
	};
	if (teeio_doe_mb_init(&mb, &cfg) != TEEIO_OK)
		abort();
	for (size_t i = 0; i + 5 <= size; i += 5) {
		uint8_t op = data[i];
		uint32_t val = teeio_load_u32le(data + i + 1);
		d.mode = (op >> 5) & 3u;
		if (op & 0x10) {
			uint8_t obj[12];
			struct teeio_buf w = teeio_buf_writer(obj, sizeof(obj));
			if (teeio_doe_encode(&w, 1, 1, data + i + 1, val & 3u) == TEEIO_OK)
				sink |= teeio_doe_mb_complete(&mb, obj, w.pos);
		} else if (op & 0x08) {
			teeio_doe_mb_write(&mb, regs[op & 7u], val);
		} else {
			sink |= teeio_doe_mb_read(&mb, regs[op & 7u]);
		}
		check(&mb);
	}
	(void)sink;
	return 0;
}
