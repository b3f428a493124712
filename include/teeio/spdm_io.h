/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio/spdm_io.h - ready-made `struct teeio_spdm_io` carriers for the
 * SPDM requester:
 *
 *  - over the spdm-emu / QEMU TCP socket, wrapping each message in the
 *    chosen transport (PCIe DOE object or MCTP message), so the requester
 *    can drive any responder that speaks that protocol (DMTF
 *    spdm_responder_emu, `teeio dsm serve`, a device behind QEMU);
 *  - in-process, straight into a teeio responder, with the same transport
 *    wrapping on the way so the bytes are exactly what a wire would carry
 *    (benchmarks, the demo, tests).
 *
 * Both also give the requester the transport's padding rule (max_pad).
 */
#ifndef TEEIO_SPDM_IO_H
#define TEEIO_SPDM_IO_H

#include "teeio/spdm.h"
#include "teeio/spdm_req.h"
#include "teeio/spdm_rsp.h"
#include "teeio/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest transport message either carrier builds (a secured record of the
 * largest SPDM message plus DOE/MCTP framing). */
#define TEEIO_SPDM_IO_FRAME_MAX (TEEIO_SPDM_REQ_REC_MAX + 16)

/** Trailing zero bytes transport `t` may add after a message (DOE: 3). */
uint8_t teeio_spdm_io_max_pad(enum teeio_trans t);
/** The secured-message binding of transport `t` (DOE/NONE: DOE rules). */
const struct teeio_spdm_sec_binding *teeio_spdm_io_binding(enum teeio_trans t);

struct teeio_spdm_sock_io {
	struct teeio_sock_client client;
	enum teeio_trans trans;
	uint64_t exchanges; /* NORMAL frames answered */
	uint8_t tx[TEEIO_SPDM_IO_FRAME_MAX];
	uint8_t rx[TEEIO_SPDM_IO_FRAME_MAX];
};

/**
 * Connect to a responder at host:port (loopback only) speaking transport
 * `t`, and say hello (the TEST frame spdm-emu's requester sends).
 * timeout_ms bounds every receive (0: none).
 * Errors: USAGE (non-loopback host), TRANSPORT*.
 */
TEEIO_MUST_CHECK teeio_err teeio_spdm_sock_io_connect(struct teeio_spdm_sock_io *s,
						      const char *host, uint16_t port,
						      enum teeio_trans t, int timeout_ms);
/** The requester I/O that exchanges messages over `s`. */
struct teeio_spdm_io teeio_spdm_sock_io(struct teeio_spdm_sock_io *s);
/**
 * Say goodbye with `cmd` (TEEIO_SOCK_CMD_SHUTDOWN ends the peer's session
 * with this client; TEEIO_SOCK_CMD_CONTINUE asks it to reset for another
 * run) and close.  cmd 0: close without a goodbye.
 */
void teeio_spdm_sock_io_close(struct teeio_spdm_sock_io *s, uint32_t cmd);

struct teeio_spdm_loop_io {
	struct teeio_spdm_rsp *rsp;
	enum teeio_trans trans;
	uint64_t exchanges;
	uint8_t req[TEEIO_SPDM_IO_FRAME_MAX];
	uint8_t rsp_buf[TEEIO_SPDM_IO_FRAME_MAX];
	uint8_t out[TEEIO_SPDM_IO_FRAME_MAX];
};

/**
 * A requester I/O that hands each message, wrapped in transport `t`, to
 * the responder `rsp` in the same process and unwraps its answer.
 */
struct teeio_spdm_io teeio_spdm_loop_io(struct teeio_spdm_loop_io *l, struct teeio_spdm_rsp *rsp,
					enum teeio_trans t);

/*
 * The other direction: a teeio responder behind the socket server.  One
 * handler answers every NORMAL frame of transport `t`: PCIe DOE (discovery,
 * CMA/SPDM, secured CMA/SPDM), MCTP (SPDM, secured SPDM) or NONE.  A
 * request the responder decides not to answer gets an empty payload, so
 * the socket peer is never left waiting.
 */
struct teeio_spdm_serve {
	struct teeio_spdm_rsp *rsp;
	enum teeio_trans trans;
	struct teeio_doe_spdm_dev doe;
	uint64_t requests; /* NORMAL frames handled */
	uint8_t out[TEEIO_SPDM_IO_FRAME_MAX];
};

/** Serve `rsp` on transport `t`.  The responder is reset between clients
 * (CONTINUE, SHUTDOWN, a lost connection): each starts from GET_VERSION. */
void teeio_spdm_serve_init(struct teeio_spdm_serve *s, struct teeio_spdm_rsp *rsp,
			   enum teeio_trans t);
/** The socket-server handler for `s`. */
struct teeio_sock_handler teeio_spdm_serve_handler(struct teeio_spdm_serve *s);

#ifdef __cplusplus
}
#endif
#endif
