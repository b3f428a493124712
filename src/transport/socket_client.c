/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The socket client: the requester end (what spdm-emu's requester and
 * QEMU's spdm-socket backend do).  Connects to loopback only: the protocol
 * has no authentication and must not leave the machine.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "socket_io.h"

/* Resolve host without DNS, accepting loopback addresses only. */
static teeio_err loopback_addr(const char *host, uint16_t port, struct sockaddr_storage *ss,
			       socklen_t *len)
{
	struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
	memset(ss, 0, sizeof(*ss));
	if (strcmp(host, "localhost") == 0)
		host = "127.0.0.1";
	if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		ENSURE((ntohl(v4->sin_addr.s_addr) >> 24) == 127, TEEIO_ERR_USAGE);
		v4->sin_family = AF_INET;
		v4->sin_port = htons(port);
		*len = sizeof(*v4);
		return TEEIO_OK;
	}
	if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		ENSURE(IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr), TEEIO_ERR_USAGE);
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons(port);
		*len = sizeof(*v6);
		return TEEIO_OK;
	}
	return TEEIO_ERR_USAGE;
}

teeio_err teeio_sock_client_connect(struct teeio_sock_client *c, const char *host, uint16_t port,
				    uint32_t trans, int rcv_timeout_ms)
{
	struct sockaddr_storage ss;
	socklen_t len;
	c->fd = -1;
	c->trans = trans;
	c->max_payload = TEEIO_SOCK_MAX_PAYLOAD;
	TRY(loopback_addr(host, port, &ss, &len));
	int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ENSURE(fd >= 0, TEEIO_ERR_TRANSPORT);
	teeio_err rc = teeio_sockio_setup(fd, rcv_timeout_ms);
	if (rc == TEEIO_OK && connect(fd, (struct sockaddr *)&ss, len) != 0)
		rc = TEEIO_ERR_TRANSPORT;
	if (rc != TEEIO_OK) {
		close(fd);
		return rc;
	}
	c->fd = fd;
	return TEEIO_OK;
}

void teeio_sock_client_close(struct teeio_sock_client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

teeio_err teeio_sock_client_send(struct teeio_sock_client *c, uint32_t cmd, const uint8_t *payload,
				 size_t len)
{
	ENSURE(c->fd >= 0, TEEIO_ERR_STATE);
	ENSURE(len <= c->max_payload, TEEIO_ERR_SIZE_LIMIT);
	return teeio_sockio_send_frame(c->fd, c->tx, sizeof(c->tx), cmd, c->trans, payload, len);
}

teeio_err teeio_sock_client_recv(struct teeio_sock_client *c, uint32_t *cmd, uint8_t *buf,
				 size_t *len)
{
	struct teeio_sock_hdr h;
	ENSURE(c->fd >= 0, TEEIO_ERR_STATE);
	TRY(teeio_sockio_recv_frame(c->fd, c->max_payload, buf, *len, &h));
	ENSURE(h.trans == c->trans, TEEIO_ERR_PROTO);
	*cmd = h.cmd;
	*len = h.size;
	return TEEIO_OK;
}

teeio_err teeio_sock_client_hello(struct teeio_sock_client *c)
{
	static const char hello[] = TEEIO_SOCK_CLIENT_HELLO; /* sent with its NUL */
	static const char want[] = TEEIO_SOCK_SERVER_HELLO;
	uint8_t rsp[64];
	size_t len = sizeof(rsp);
	uint32_t cmd;
	TRY(teeio_sock_client_send(c, TEEIO_SOCK_CMD_TEST, (const uint8_t *)hello, sizeof(hello)));
	TRY(teeio_sock_client_recv(c, &cmd, rsp, &len));
	ENSURE(cmd == TEEIO_SOCK_CMD_TEST, TEEIO_ERR_PROTO);
	/* spdm-emu sends the NUL; accept a peer that does not. */
	ENSURE(len == sizeof(want) || len == sizeof(want) - 1, TEEIO_ERR_PROTO);
	ENSURE(memcmp(rsp, want, len) == 0, TEEIO_ERR_PROTO);
	return TEEIO_OK;
}

teeio_err teeio_sock_client_exchange(struct teeio_sock_client *c, const uint8_t *req,
				     size_t req_len, uint8_t *rsp, size_t *rsp_len)
{
	uint32_t cmd;
	TRY(teeio_sock_client_send(c, TEEIO_SOCK_CMD_NORMAL, req, req_len));
	TRY(teeio_sock_client_recv(c, &cmd, rsp, rsp_len));
	ENSURE(cmd != TEEIO_SOCK_CMD_UNKNOWN, TEEIO_ERR_PROTO_UNSUPPORTED);
	ENSURE(cmd == TEEIO_SOCK_CMD_NORMAL, TEEIO_ERR_PROTO);
	return TEEIO_OK;
}

teeio_err teeio_sock_client_end(struct teeio_sock_client *c, uint32_t cmd)
{
	ENSURE(cmd == TEEIO_SOCK_CMD_SHUTDOWN || cmd == TEEIO_SOCK_CMD_CONTINUE, TEEIO_ERR_USAGE);
	uint8_t scratch[16];
	size_t len = sizeof(scratch);
	uint32_t got;
	teeio_err rc = teeio_sock_client_send(c, cmd, NULL, 0);
	if (rc == TEEIO_OK)
		rc = teeio_sock_client_recv(c, &got, scratch, &len);
	if (rc == TEEIO_OK && got != cmd)
		rc = TEEIO_ERR_PROTO;
	teeio_sock_client_close(c);
	return rc;
}
