/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The device's DOE entry.  In config space: the transport's DOE mailbox
 * register model behind the DOE extended capability, answering discovery
 * and (secured) CMA/SPDM through the same teeio_doe_spdm_dev the socket
 * server uses.  On the socket: the teeio_spdm_serve handler (DOE objects,
 * MCTP messages or bare SPDM, as the transport says), with a device reset
 * between clients.
 */
#include "host_internal.h"

uint32_t dsm_doe_cap_read(void *ctx, uint32_t off)
{
	struct teeio_dsm_host *h = ctx;
	return teeio_doe_mb_read(&h->mb, off);
}

void dsm_doe_cap_write(void *ctx, uint32_t off, uint32_t val)
{
	struct teeio_dsm_host *h = ctx;
	teeio_doe_mb_write(&h->mb, off, val);
}

teeio_err dsm_doe_init(struct teeio_dsm_host *h)
{
	struct teeio_doe_mb_cfg mc = {0};
	size_t cap = h->cfg.prof->doe_mailbox_bytes;

	ENSURE(cap <= sizeof(h->mb_req) && cap % 4 == 0, TEEIO_ERR_USAGE_CONFIG);
	/* The DOE device behind the mailbox is the serve handler's: its
	 * discovery table and SPDM dispatch, always with DOE framing. */
	mc.dev.handle = teeio_doe_spdm_handle;
	mc.dev.ctx = &h->serve.doe;
	mc.req_buf = h->mb_req;
	mc.req_cap = cap;
	mc.rsp_buf = h->mb_rsp;
	mc.rsp_cap = cap;
	return teeio_doe_mb_init(&h->mb, &mc);
}

static teeio_err sock_message(void *ctx, uint32_t trans, const uint8_t *req, size_t len,
			      struct teeio_buf *rsp)
{
	struct teeio_dsm_host *h = ctx;
	struct teeio_sock_handler inner = teeio_spdm_serve_handler(&h->serve);

	return inner.message(inner.ctx, trans, req, len, rsp);
}

static void sock_reset(void *ctx)
{
	teeio_dsm_host_reset(ctx);
}

struct teeio_sock_handler teeio_dsm_host_sock_handler(struct teeio_dsm_host *h)
{
	struct teeio_sock_handler s = {.message = sock_message, .reset = sock_reset, .ctx = h};
	return s;
}
