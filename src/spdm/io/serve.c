/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A teeio SPDM responder behind the spdm-emu / QEMU socket: transport
 * unwrapping on the way in, the responder, wrapping on the way out.
 */
#include <string.h>

#include "teeio/spdm_io.h"

/* DOE protocols this device answers (PCIe 6.30.1.1 discovery table). */
static const struct teeio_doe_prot doe_table[] = {
    {TEEIO_DOE_VENDOR_PCISIG, TEEIO_DOE_TYPE_DISCOVERY},
    {TEEIO_DOE_VENDOR_PCISIG, TEEIO_DOE_TYPE_SPDM},
    {TEEIO_DOE_VENDOR_PCISIG, TEEIO_DOE_TYPE_SECURED_SPDM},
};

/* One SPDM message or record in, its answer appended to rsp. */
static teeio_err spdm_one(void *ctx, bool secured, const uint8_t *msg, size_t len,
			  struct teeio_buf *rsp, bool *rsp_secured)
{
	struct teeio_spdm_serve *s = ctx;
	size_t pad = teeio_spdm_io_max_pad(s->trans);
	size_t out_len = teeio_buf_left(rsp);

	*rsp_secured = false;
	if (secured)
		TRY(teeio_spdm_rsp_handle_secured(s->rsp, msg, len, pad, teeio_buf_cur(rsp),
						  &out_len, rsp_secured));
	else
		TRY(teeio_spdm_rsp_handle(s->rsp, msg, len, pad, teeio_buf_cur(rsp), &out_len));
	rsp->pos += out_len;
	return TEEIO_OK;
}

static teeio_err serve_message(void *ctx, uint32_t trans, const uint8_t *req, size_t len,
			       struct teeio_buf *rsp)
{
	struct teeio_spdm_serve *s = ctx;
	bool secured, out_secured;
	const uint8_t *msg;
	size_t msg_len;

	ENSURE(trans == (uint32_t)s->trans, TEEIO_ERR_PROTO);
	s->requests++;
	if (s->trans == TEEIO_TRANS_PCI_DOE)
		return teeio_doe_spdm_handle(&s->doe, req, len, rsp);

	TRY(teeio_trans_decode(s->trans, req, len, &secured, &msg, &msg_len));
	struct teeio_buf out = teeio_buf_writer(s->out, sizeof(s->out));
	out_secured = secured;
	TRY(spdm_one(s, secured, msg, msg_len, &out, &out_secured));
	if (out.pos == 0)
		return TEEIO_OK; /* nothing to say: an empty NORMAL answer */
	return teeio_trans_encode(s->trans, out_secured, s->out, out.pos, rsp);
}

static void serve_reset(void *ctx)
{
	struct teeio_spdm_serve *s = ctx;
	teeio_spdm_rsp_reset(s->rsp);
}

void teeio_spdm_serve_init(struct teeio_spdm_serve *s, struct teeio_spdm_rsp *rsp,
			   enum teeio_trans t)
{
	memset(s, 0, sizeof(*s));
	s->rsp = rsp;
	s->trans = t;
	s->doe.table = doe_table;
	s->doe.n = TEEIO_ARRAY_LEN(doe_table);
	s->doe.spdm = spdm_one;
	s->doe.ctx = s;
}

struct teeio_sock_handler teeio_spdm_serve_handler(struct teeio_spdm_serve *s)
{
	struct teeio_sock_handler h = {.message = serve_message, .reset = serve_reset, .ctx = s};
	return h;
}
