/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Blocking frame I/O: every read and write survives EINTR and short
 * transfers; receive timeouts come from SO_RCVTIMEO so nothing hangs.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "socket_io.h"

teeio_err teeio_sockio_setup(int fd, int timeout_ms)
{
	int one = 1;
	/* Frames are small request/response pairs: never wait for Nagle. */
	ENSURE(setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == 0,
	       TEEIO_ERR_TRANSPORT);
	if (timeout_ms > 0) {
		struct timeval tv = {.tv_sec = timeout_ms / 1000,
				     .tv_usec = (timeout_ms % 1000) * 1000};
		ENSURE(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0,
		       TEEIO_ERR_TRANSPORT);
	}
	return TEEIO_OK;
}

static teeio_err errno_to_err(int e)
{
	switch (e) {
	case EAGAIN:
#if EWOULDBLOCK != EAGAIN
	case EWOULDBLOCK:
#endif
		return TEEIO_ERR_TRANSPORT_TIMEOUT;
	case ECONNRESET:
	case EPIPE:
	case ENOTCONN: return TEEIO_ERR_TRANSPORT_CLOSED;
	default: return TEEIO_ERR_TRANSPORT;
	}
}

teeio_err teeio_sockio_read_all(int fd, uint8_t *buf, size_t len)
{
	size_t got = 0;
	while (got < len) {
		ssize_t n = recv(fd, buf + got, len - got, 0);
		if (n > 0) {
			got += (size_t)n;
			continue;
		}
		if (n == 0)
			return TEEIO_ERR_TRANSPORT_CLOSED;
		if (errno == EINTR)
			continue;
		return errno_to_err(errno);
	}
	return TEEIO_OK;
}

teeio_err teeio_sockio_write_all(int fd, const uint8_t *buf, size_t len)
{
	size_t put = 0;
	while (put < len) {
		/* MSG_NOSIGNAL: a vanished peer is an error, not a SIGPIPE. */
		ssize_t n = send(fd, buf + put, len - put, MSG_NOSIGNAL);
		if (n >= 0) {
			put += (size_t)n;
			continue;
		}
		if (errno == EINTR)
			continue;
		return errno_to_err(errno);
	}
	return TEEIO_OK;
}

static teeio_err drain(int fd, uint32_t n)
{
	uint8_t scratch[512];
	while (n > 0) {
		uint32_t k = n < sizeof(scratch) ? n : (uint32_t)sizeof(scratch);
		TRY(teeio_sockio_read_all(fd, scratch, k));
		n -= k;
	}
	return TEEIO_OK;
}

teeio_err teeio_sockio_recv_frame(int fd, uint32_t max, uint8_t *buf, size_t cap,
				  struct teeio_sock_hdr *h)
{
	uint8_t hdr[TEEIO_SOCK_HDR_LEN];
	uint32_t limit = cap < max ? (uint32_t)cap : max;
	TRY(teeio_sockio_read_all(fd, hdr, sizeof(hdr)));
	teeio_err rc = teeio_sock_hdr_decode(hdr, sizeof(hdr), limit, h);
	if (rc == TEEIO_ERR_SIZE_LIMIT) {
		ENSURE(h->size <= TEEIO_SOCKIO_DRAIN_MAX, TEEIO_ERR_PROTO);
		TRY(drain(fd, h->size));
		return TEEIO_ERR_SIZE_LIMIT;
	}
	TRY(rc);
	return teeio_sockio_read_all(fd, buf, h->size);
}

teeio_err teeio_sockio_send_frame(int fd, uint8_t *tx, size_t cap, uint32_t cmd, uint32_t trans,
				  const uint8_t *payload, size_t len)
{
	struct teeio_buf w = teeio_buf_writer(tx, cap);
	TRY(teeio_sock_frame_encode(&w, cmd, trans, payload, len));
	return teeio_sockio_write_all(fd, tx, w.pos);
}
