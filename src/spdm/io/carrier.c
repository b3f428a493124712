/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Requester carriers: transport wrapping shared by the socket and the
 * in-process loop.  A request goes out as one transport message; the
 * answer must come back as the same kind (secured or not) - a secured
 * request answered in the clear, or the reverse, is a protocol error.
 */
#include <string.h>

#include "spdm/wire.h"
#include "teeio/spdm_io.h"

uint8_t teeio_spdm_io_max_pad(enum teeio_trans t)
{
	return t == TEEIO_TRANS_PCI_DOE ? 3 : 0;
}

const struct teeio_spdm_sec_binding *teeio_spdm_io_binding(enum teeio_trans t)
{
	return t == TEEIO_TRANS_MCTP ? &teeio_spdm_sec_mctp : &teeio_spdm_sec_doe;
}

/*
 * Unwrap `in` and copy the SPDM message (or record) to rsp[cap].  A
 * responder that cannot open a secured request answers a plain ERROR
 * (DSP0274 DecryptError): that is the peer refusing, not garbage.
 */
static teeio_err unwrap(enum teeio_trans t, bool want_secured, const uint8_t *in, size_t len,
			uint8_t *rsp, size_t cap, size_t *rsp_len)
{
	bool secured;
	const uint8_t *msg;
	size_t msg_len;

	TRY(teeio_trans_decode(t, in, len, &secured, &msg, &msg_len));
	if (want_secured && !secured && msg_len >= 2 && msg[1] == SPDM_ERROR)
		return TEEIO_ERR_PROTO_PEER_ERROR;
	ENSURE(secured == want_secured, TEEIO_ERR_PROTO);
	ENSURE(msg_len <= cap, TEEIO_ERR_SIZE);
	memcpy(rsp, msg, msg_len);
	*rsp_len = msg_len;
	return TEEIO_OK;
}

/* ---- over the socket ---------------------------------------------------- */

static teeio_err sock_exchange(void *ctx, bool secured, const uint8_t *req, size_t len,
			       uint8_t *rsp, size_t cap, size_t *rsp_len)
{
	struct teeio_spdm_sock_io *s = ctx;
	struct teeio_buf out = teeio_buf_writer(s->tx, sizeof(s->tx));
	size_t got = sizeof(s->rx);

	TRY(teeio_trans_encode(s->trans, secured, req, len, &out));
	TRY(teeio_sock_client_exchange(&s->client, s->tx, out.pos, s->rx, &got));
	s->exchanges++;
	return unwrap(s->trans, secured, s->rx, got, rsp, cap, rsp_len);
}

teeio_err teeio_spdm_sock_io_connect(struct teeio_spdm_sock_io *s, const char *host, uint16_t port,
				     enum teeio_trans t, int timeout_ms)
{
	ENSURE(s && host, TEEIO_ERR_USAGE);
	ENSURE(t == TEEIO_TRANS_PCI_DOE || t == TEEIO_TRANS_MCTP || t == TEEIO_TRANS_NONE,
	       TEEIO_ERR_USAGE);
	s->trans = t;
	s->exchanges = 0;
	TRY(teeio_sock_client_connect(&s->client, host, port, (uint32_t)t, timeout_ms));
	/* spdm-emu's requester greets only on real transports; so do we. */
	if (t != TEEIO_TRANS_NONE) {
		teeio_err rc = teeio_sock_client_hello(&s->client);
		if (rc) {
			teeio_sock_client_close(&s->client);
			return rc;
		}
	}
	return TEEIO_OK;
}

struct teeio_spdm_io teeio_spdm_sock_io(struct teeio_spdm_sock_io *s)
{
	struct teeio_spdm_io io = {.ctx = s, .exchange = sock_exchange};
	return io;
}

void teeio_spdm_sock_io_close(struct teeio_spdm_sock_io *s, uint32_t cmd)
{
	if (cmd && teeio_sock_client_end(&s->client, cmd) == TEEIO_OK)
		return; /* _end closes */
	teeio_sock_client_close(&s->client);
}

/* ---- in process --------------------------------------------------------- */

static teeio_err loop_exchange(void *ctx, bool secured, const uint8_t *req, size_t len,
			       uint8_t *rsp, size_t cap, size_t *rsp_len)
{
	struct teeio_spdm_loop_io *l = ctx;
	struct teeio_buf w = teeio_buf_writer(l->req, sizeof(l->req));
	bool in_secured, out_secured = false;
	const uint8_t *msg;
	size_t msg_len, out_len = sizeof(l->rsp_buf);
	size_t pad = teeio_spdm_io_max_pad(l->trans);

	/* Wrap as the wire would, unwrap as the device would. */
	TRY(teeio_trans_encode(l->trans, secured, req, len, &w));
	TRY(teeio_trans_decode(l->trans, l->req, w.pos, &in_secured, &msg, &msg_len));
	if (in_secured)
		TRY(teeio_spdm_rsp_handle_secured(l->rsp, msg, msg_len, pad, l->rsp_buf, &out_len,
						  &out_secured));
	else
		TRY(teeio_spdm_rsp_handle(l->rsp, msg, msg_len, pad, l->rsp_buf, &out_len));
	ENSURE(out_len > 0, TEEIO_ERR_TRANSPORT_TIMEOUT); /* no answer on the wire */
	l->exchanges++;

	struct teeio_buf o = teeio_buf_writer(l->out, sizeof(l->out));
	TRY(teeio_trans_encode(l->trans, out_secured, l->rsp_buf, out_len, &o));
	return unwrap(l->trans, secured, l->out, o.pos, rsp, cap, rsp_len);
}

struct teeio_spdm_io teeio_spdm_loop_io(struct teeio_spdm_loop_io *l, struct teeio_spdm_rsp *rsp,
					enum teeio_trans t)
{
	l->rsp = rsp;
	l->trans = t;
	l->exchanges = 0;
	struct teeio_spdm_io io = {.ctx = l, .exchange = loop_exchange};
	return io;
}
