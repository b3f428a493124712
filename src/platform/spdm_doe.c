/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The TSM's SPDM carrier to a device on this platform: PCIe DOE objects
 * relayed by the (untrusted) VMM through the device's mailbox.  Framing is
 * the transport layer's; this file only decides what a well-formed answer
 * is: the same kind as the request, except the plain ERROR a responder
 * sends when it cannot open a secured request.
 */
#include <string.h>

#include "plat_internal.h"

/* DSP0274 Table 4: RequestResponseCode of ERROR; byte 1 of every message. */
#define SPDM_CODE_ERROR 0x7Fu
#define SPDM_CODE_OFF 1u

static teeio_err doe_exchange(void *ctx, bool secured, const uint8_t *req, size_t len, uint8_t *rsp,
			      size_t cap, size_t *rsp_len)
{
	struct teeio_plat_spdm_io *io = ctx;
	struct teeio_buf out = teeio_buf_writer(io->tx, sizeof(io->tx));
	size_t got = sizeof(io->rx);
	bool rsp_secured;
	const uint8_t *msg;
	size_t msg_len;

	TRY(teeio_trans_encode(TEEIO_TRANS_PCI_DOE, secured, req, len, &out));
	TRY(teeio_plat_tsm_doe_exchange(&io->tsm, io->dev, io->tx, out.pos, io->rx, &got));
	io->exchanges++;
	TRY(teeio_trans_decode(TEEIO_TRANS_PCI_DOE, io->rx, got, &rsp_secured, &msg, &msg_len));
	if (secured && !rsp_secured && msg_len > SPDM_CODE_OFF &&
	    msg[SPDM_CODE_OFF] == SPDM_CODE_ERROR)
		return TEEIO_ERR_PROTO_PEER_ERROR;
	ENSURE(rsp_secured == secured, TEEIO_ERR_PROTO);
	ENSURE(msg_len <= cap, TEEIO_ERR_SIZE);
	memcpy(rsp, msg, msg_len);
	*rsp_len = msg_len;
	return TEEIO_OK;
}

struct teeio_spdm_io teeio_plat_spdm_io(struct teeio_plat_spdm_io *io,
					const struct teeio_plat_tsm_view *tsm, unsigned dev)
{
	io->tsm = *tsm;
	io->dev = dev;
	io->exchanges = 0;
	struct teeio_spdm_io s = {.ctx = io, .exchange = doe_exchange};
	return s;
}
