/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The socket server: the device end of the spdm-emu / QEMU SPDM socket.
 * Listens on 127.0.0.1 only and serves one client at a time; every request
 * frame gets exactly one answer frame (spdm-emu spdm_responder_emu.c
 * behaviour: TEST -> "Server Hello!", CONTINUE -> CONTINUE and the next
 * client, SHUTDOWN -> SHUTDOWN, anything else -> UNKNOWN).
 *
 * Stopping: a self-pipe.  teeio_sock_server_stop() writes one byte to it
 * (async-signal-safe); run() polls it together with the sockets.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "socket_io.h"

enum after_client { NEXT_CLIENT, STOP_SERVER };

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static teeio_err make_nonblocking_pipe(int p[2])
{
	ENSURE(pipe(p) == 0, TEEIO_ERR_TRANSPORT);
	for (int i = 0; i < 2; i++) {
		int fl = fcntl(p[i], F_GETFL);
		if (fl < 0 || fcntl(p[i], F_SETFL, fl | O_NONBLOCK) != 0 ||
		    fcntl(p[i], F_SETFD, FD_CLOEXEC) != 0) {
			close_fd(&p[0]);
			close_fd(&p[1]);
			return TEEIO_ERR_TRANSPORT;
		}
	}
	return TEEIO_OK;
}

static teeio_err listen_loopback(struct teeio_sock_server *s)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ENSURE(fd >= 0, TEEIO_ERR_TRANSPORT);
	int one = 1;
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons(s->cfg.port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof(a);
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 4) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &alen) != 0) {
		close(fd);
		return TEEIO_ERR_TRANSPORT;
	}
	s->listen_fd = fd;
	s->port = ntohs(a.sin_port);
	return TEEIO_OK;
}

teeio_err teeio_sock_server_open(struct teeio_sock_server *s,
				 const struct teeio_sock_server_cfg *cfg)
{
	ENSURE(cfg->handler.message, TEEIO_ERR_USAGE);
	ENSURE(cfg->max_payload <= TEEIO_SOCK_MAX_PAYLOAD, TEEIO_ERR_USAGE_CONFIG);
	s->cfg = *cfg;
	if (s->cfg.max_payload == 0)
		s->cfg.max_payload = TEEIO_SOCK_MAX_PAYLOAD;
	s->listen_fd = -1;
	s->stop_pipe[0] = s->stop_pipe[1] = -1;
	s->clients = 0;
	TRY(make_nonblocking_pipe(s->stop_pipe));
	teeio_err rc = listen_loopback(s);
	if (rc != TEEIO_OK) {
		close_fd(&s->stop_pipe[0]);
		close_fd(&s->stop_pipe[1]);
		return rc;
	}
	teeio_log(s->cfg.log, TEEIO_LOG_INFO, "socket server on 127.0.0.1:%u (%s)",
		  (unsigned)s->port, teeio_trans_name((enum teeio_trans)s->cfg.trans));
	return TEEIO_OK;
}

uint16_t teeio_sock_server_port(const struct teeio_sock_server *s)
{
	return s->port;
}

void teeio_sock_server_stop(struct teeio_sock_server *s)
{
	const char b = 1;
	/* A full pipe already holds a stop request: ignore EAGAIN. */
	ssize_t r = write(s->stop_pipe[1], &b, 1);
	(void)r;
}

void teeio_sock_server_close(struct teeio_sock_server *s)
{
	close_fd(&s->listen_fd);
	close_fd(&s->stop_pipe[0]);
	close_fd(&s->stop_pipe[1]);
}

/* Wait until fd is readable (true) or a stop was requested (false). */
static bool wait_readable(const struct teeio_sock_server *s, int fd)
{
	for (;;) {
		struct pollfd p[2] = {{.fd = fd, .events = POLLIN},
				      {.fd = s->stop_pipe[0], .events = POLLIN}};
		int n = poll(p, 2, -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || p[1].revents)
			return false;
		if (p[0].revents)
			return true;
	}
}

static teeio_err answer(struct teeio_sock_server *s, int fd, uint32_t cmd, const uint8_t *payload,
			size_t len)
{
	return teeio_sockio_send_frame(fd, s->tx, sizeof(s->tx), cmd, s->cfg.trans, payload, len);
}

/* NORMAL: the handler writes its answer straight after the header slot. */
static teeio_err serve_normal(struct teeio_sock_server *s, int fd, const struct teeio_sock_hdr *h)
{
	if (h->trans != s->cfg.trans) {
		teeio_log(s->cfg.log, TEEIO_LOG_WARN, "transport type %u, serving %u",
			  (unsigned)h->trans, (unsigned)s->cfg.trans);
		return answer(s, fd, TEEIO_SOCK_CMD_UNKNOWN, NULL, 0);
	}
	struct teeio_buf rsp = teeio_buf_writer(s->tx + TEEIO_SOCK_HDR_LEN, s->cfg.max_payload);
	const struct teeio_sock_handler *hd = &s->cfg.handler;
	teeio_err rc = hd->message(hd->ctx, h->trans, s->rx, h->size, &rsp);
	if (rc != TEEIO_OK) {
		teeio_log(s->cfg.log, TEEIO_LOG_WARN, "handler: %s", teeio_err_str(rc));
		return answer(s, fd, TEEIO_SOCK_CMD_UNKNOWN, NULL, 0);
	}
	return answer(s, fd, TEEIO_SOCK_CMD_NORMAL, s->tx + TEEIO_SOCK_HDR_LEN, rsp.pos);
}

static enum after_client serve_client(struct teeio_sock_server *s, int fd)
{
	static const char hello[] = TEEIO_SOCK_SERVER_HELLO; /* sent with its NUL */
	for (;;) {
		if (!wait_readable(s, fd))
			return STOP_SERVER;
		struct teeio_sock_hdr h;
		teeio_err rc =
		    teeio_sockio_recv_frame(fd, s->cfg.max_payload, s->rx, sizeof(s->rx), &h);
		if (rc == TEEIO_ERR_SIZE_LIMIT) {
			teeio_log(s->cfg.log, TEEIO_LOG_WARN, "oversize frame (%u bytes) drained",
				  (unsigned)h.size);
			rc = answer(s, fd, TEEIO_SOCK_CMD_UNKNOWN, NULL, 0);
			if (rc != TEEIO_OK)
				return NEXT_CLIENT;
			continue;
		}
		if (rc != TEEIO_OK) {
			teeio_log(s->cfg.log, TEEIO_LOG_INFO, "client gone: %s", teeio_err_str(rc));
			return NEXT_CLIENT;
		}
		switch (h.cmd) {
		case TEEIO_SOCK_CMD_NORMAL: rc = serve_normal(s, fd, &h); break;
		case TEEIO_SOCK_CMD_TEST:
			rc = answer(s, fd, TEEIO_SOCK_CMD_TEST, (const uint8_t *)hello,
				    sizeof(hello));
			break;
		case TEEIO_SOCK_CMD_CONTINUE:
			(void)answer(s, fd, TEEIO_SOCK_CMD_CONTINUE, NULL, 0);
			return NEXT_CLIENT;
		case TEEIO_SOCK_CMD_SHUTDOWN:
			(void)answer(s, fd, TEEIO_SOCK_CMD_SHUTDOWN, NULL, 0);
			return s->cfg.stop_on_shutdown ? STOP_SERVER : NEXT_CLIENT;
		default: rc = answer(s, fd, TEEIO_SOCK_CMD_UNKNOWN, NULL, 0); break;
		}
		if (rc != TEEIO_OK)
			return NEXT_CLIENT;
	}
}

teeio_err teeio_sock_server_run(struct teeio_sock_server *s)
{
	for (;;) {
		if (!wait_readable(s, s->listen_fd))
			return TEEIO_OK;
		int fd = accept(s->listen_fd, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED || errno == EAGAIN)
				continue;
			return TEEIO_ERR_TRANSPORT;
		}
		enum after_client next = STOP_SERVER;
		if (teeio_sockio_setup(fd, s->cfg.rcv_timeout_ms) == TEEIO_OK)
			next = serve_client(s, fd);
		else
			next = NEXT_CLIENT;
		close(fd);
		s->clients++;
		if (s->cfg.handler.reset)
			s->cfg.handler.reset(s->cfg.handler.ctx);
		if (next == STOP_SERVER)
			return TEEIO_OK;
	}
}
