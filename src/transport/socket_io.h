/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internal: blocking frame I/O on a connected TCP socket, shared by the
 * socket server and client.  Not part of the public API.
 */
#ifndef TEEIO_TRANSPORT_SOCKET_IO_H
#define TEEIO_TRANSPORT_SOCKET_IO_H

#include "teeio/transport.h"

/* An oversize payload up to this many bytes is drained and answered;
 * beyond it the peer is considered hostile and dropped. */
#define TEEIO_SOCKIO_DRAIN_MAX (16u * 1024u * 1024u)

/* TCP_NODELAY, and SO_RCVTIMEO when timeout_ms > 0. */
TEEIO_MUST_CHECK teeio_err teeio_sockio_setup(int fd, int timeout_ms);

/* Read exactly len bytes.  CLOSED on EOF/reset, TIMEOUT on SO_RCVTIMEO. */
TEEIO_MUST_CHECK teeio_err teeio_sockio_read_all(int fd, uint8_t *buf, size_t len);

/* Write all of buf (one send() unless the kernel takes less). */
TEEIO_MUST_CHECK teeio_err teeio_sockio_write_all(int fd, const uint8_t *buf, size_t len);

/*
 * Receive one frame: header into *h, payload into buf (at most
 * min(cap, max) bytes).  A larger payload is drained and SIZE_LIMIT
 * returned with *h filled in; PROTO when it is larger than DRAIN_MAX.
 */
TEEIO_MUST_CHECK teeio_err teeio_sockio_recv_frame(int fd, uint32_t max, uint8_t *buf, size_t cap,
						   struct teeio_sock_hdr *h);

/*
 * Build a frame in tx (cap bytes; the payload may already be at
 * tx + TEEIO_SOCK_HDR_LEN) and send it in one call.
 */
TEEIO_MUST_CHECK teeio_err teeio_sockio_send_frame(int fd, uint8_t *tx, size_t cap, uint32_t cmd,
						   uint32_t trans, const uint8_t *payload,
						   size_t len);

#endif
