/* SPDX-License-Identifier: BSD-3-Clause */
/* transport/: the spdm-emu socket protocol -- frame codec, and a real
 * server thread on 127.0.0.1 (ephemeral port) driven by clients. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <unistd.h>

#include "teeio/transport.h"
#include "test.h"

TEST(frame_codec)
{
	const uint8_t payload[3] = {0xaa, 0xbb, 0xcc};
	uint8_t out[32];
	struct teeio_buf w = teeio_buf_writer(out, sizeof(out));
	CHECK_OK(
	    teeio_sock_frame_encode(&w, TEEIO_SOCK_CMD_NORMAL, TEEIO_TRANS_PCI_DOE, payload, 3));
	const uint8_t want[15] = {0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xaa, 0xbb, 0xcc};
	CHECK_EQ(w.pos, 15);
	CHECK_MEM(out, want, 15);

	struct teeio_sock_hdr h;
	const uint8_t *p;
	CHECK_OK(teeio_sock_frame_decode(out, 15, 64, &h, &p));
	CHECK_EQ(h.cmd, 1);
	CHECK_EQ(h.trans, 2);
	CHECK_EQ(h.size, 3);
	CHECK(p == out + 12);
	CHECK_ERR(teeio_sock_frame_decode(out, 14, 64, &h, &p), TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_ERR(teeio_sock_frame_decode(out, 11, 64, &h, &p), TEEIO_ERR_SIZE_TRUNCATED);
	out[15] = 0;
	CHECK_ERR(teeio_sock_frame_decode(out, 16, 64, &h, &p), TEEIO_ERR_SIZE_TRAILING);
	CHECK_ERR(teeio_sock_frame_decode(out, 15, 2, &h, &p), TEEIO_ERR_SIZE_LIMIT);
	/* the header parse reports the size even when it is over the bound */
	teeio_store_u32be(out + 8, 0xffffffffu);
	CHECK_ERR(teeio_sock_hdr_decode(out, 12, TEEIO_SOCK_MAX_PAYLOAD, &h), TEEIO_ERR_SIZE_LIMIT);
	CHECK_EQ(h.size, 0xffffffffu);
	w = teeio_buf_writer(out, 14);
	CHECK_ERR(teeio_sock_frame_encode(&w, 1, 2, payload, 3), TEEIO_ERR_SIZE);
	CHECK_EQ(w.pos, 0);
}

/* ------------------------------------------------------------------------ */

struct echo {
	atomic_int messages;
	atomic_int resets;
};

/* Answers 0xEE followed by the request; fails requests starting 0xFF. */
static teeio_err echo_message(void *ctx, uint32_t trans, const uint8_t *req, size_t len,
			      struct teeio_buf *rsp)
{
	struct echo *e = ctx;
	(void)trans;
	atomic_fetch_add(&e->messages, 1);
	ENSURE(len == 0 || req[0] != 0xff, TEEIO_ERR_PROTO);
	TRY(teeio_buf_put_u8(rsp, 0xee));
	return teeio_buf_put_bytes(rsp, req, len);
}

static void echo_reset(void *ctx)
{
	struct echo *e = ctx;
	atomic_fetch_add(&e->resets, 1);
}

struct server_rig {
	struct teeio_sock_server *srv;
	struct echo echo;
	pthread_t thread;
	teeio_err result;
};

static void *server_main(void *arg)
{
	struct server_rig *r = arg;
	r->result = teeio_sock_server_run(r->srv);
	return NULL;
}

static bool rig_start(struct server_rig *r, uint32_t max_payload, int timeout_ms,
		      bool stop_on_shutdown)
{
	memset(&r->echo, 0, sizeof(r->echo));
	r->srv = calloc(1, sizeof(*r->srv));
	if (!r->srv)
		return false;
	struct teeio_sock_server_cfg cfg = {
	    .handler = {echo_message, echo_reset, &r->echo},
	    .port = 0,
	    .trans = TEEIO_TRANS_PCI_DOE,
	    .max_payload = max_payload,
	    .rcv_timeout_ms = timeout_ms,
	    .stop_on_shutdown = stop_on_shutdown,
	};
	teeio_err rc = teeio_sock_server_open(r->srv, &cfg);
	CHECK_OK(rc);
	if (rc != TEEIO_OK) {
		free(r->srv);
		return false;
	}
	CHECK(teeio_sock_server_port(r->srv) != 0);
	r->result = TEEIO_ERR_INTERNAL;
	return pthread_create(&r->thread, NULL, server_main, r) == 0;
}

static void rig_finish(struct server_rig *r, bool stop)
{
	if (stop)
		teeio_sock_server_stop(r->srv);
	pthread_join(r->thread, NULL);
	CHECK_OK(r->result);
	teeio_sock_server_close(r->srv);
	free(r->srv);
}

static struct teeio_sock_client *client_new(struct server_rig *r, uint32_t trans)
{
	struct teeio_sock_client *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	teeio_err rc =
	    teeio_sock_client_connect(c, "127.0.0.1", teeio_sock_server_port(r->srv), trans, 5000);
	CHECK_OK(rc);
	if (rc != TEEIO_OK) {
		free(c);
		return NULL;
	}
	return c;
}

static void check_echo(struct teeio_sock_client *c, uint8_t tag)
{
	const uint8_t req[4] = {tag, 0x84, 0, 0};
	uint8_t rsp[16];
	size_t n = sizeof(rsp);
	CHECK_OK(teeio_sock_client_exchange(c, req, 4, rsp, &n));
	CHECK_EQ(n, 5);
	CHECK_EQ(rsp[0], 0xee);
	CHECK_MEM(rsp + 1, req, 4);
}

/* A raw TCP connection for byte-level tests. */
static int raw_connect(uint16_t port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons(port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static bool raw_read(int fd, uint8_t *buf, size_t len)
{
	size_t got = 0;
	while (got < len) {
		ssize_t n = recv(fd, buf + got, len - got, 0);
		if (n <= 0)
			return false;
		got += (size_t)n;
	}
	return true;
}

TEST(server_hello_echo_continue_shutdown)
{
	struct server_rig r;
	if (!rig_start(&r, 0, 5000, false))
		return;
	struct teeio_sock_client *c = client_new(&r, TEEIO_TRANS_PCI_DOE);
	if (c) {
		CHECK_OK(teeio_sock_client_hello(c));
		check_echo(c, 1);
		check_echo(c, 2);
		CHECK_OK(teeio_sock_client_end(c, TEEIO_SOCK_CMD_CONTINUE));
		CHECK_EQ(c->fd, -1);
		free(c);
	}
	/* a second client after CONTINUE, then SHUTDOWN, then a third */
	c = client_new(&r, TEEIO_TRANS_PCI_DOE);
	if (c) {
		CHECK_OK(teeio_sock_client_hello(c));
		CHECK_EQ(atomic_load(&r.echo.resets), 1); /* reset before serving */
		check_echo(c, 3);
		CHECK_OK(teeio_sock_client_end(c, TEEIO_SOCK_CMD_SHUTDOWN));
		free(c);
	}
	c = client_new(&r, TEEIO_TRANS_PCI_DOE);
	if (c) {
		check_echo(c, 4);
		CHECK_EQ(atomic_load(&r.echo.resets), 2);
		CHECK_ERR(teeio_sock_client_end(c, TEEIO_SOCK_CMD_NORMAL), TEEIO_ERR_USAGE);
		CHECK_OK(teeio_sock_client_end(c, TEEIO_SOCK_CMD_SHUTDOWN));
		free(c);
	}
	rig_finish(&r, true);
	CHECK_EQ(atomic_load(&r.echo.messages), 4);
	CHECK_EQ(atomic_load(&r.echo.resets), 3);
}

TEST(server_hello_bytes_on_the_wire)
{
	struct server_rig r;
	if (!rig_start(&r, 0, 5000, false))
		return;
	int fd = raw_connect(teeio_sock_server_port(r.srv));
	CHECK(fd >= 0);
	if (fd >= 0) {
		/* spdm-emu requester: TEST, transport DOE, "Client Hello!" + NUL */
		uint8_t req[12 + 14] = {0, 0, 0xde, 0xad, 0, 0, 0, 2, 0, 0, 0, 14};
		memcpy(req + 12, "Client Hello!", 14);
		CHECK_EQ(send(fd, req, sizeof(req), 0), (ssize_t)sizeof(req));
		uint8_t rsp[12 + 14];
		CHECK(raw_read(fd, rsp, sizeof(rsp)));
		const uint8_t want_hdr[12] = {0, 0, 0xde, 0xad, 0, 0, 0, 2, 0, 0, 0, 14};
		CHECK_MEM(rsp, want_hdr, 12);
		CHECK_MEM(rsp + 12, "Server Hello!", 14);
		close(fd);
	}
	rig_finish(&r, true);
}

TEST(server_answers_unknown_and_handler_errors)
{
	struct server_rig r;
	if (!rig_start(&r, 0, 5000, false))
		return;
	struct teeio_sock_client *c = client_new(&r, TEEIO_TRANS_PCI_DOE);
	if (c) {
		uint8_t buf[16];
		size_t n = sizeof(buf);
		uint32_t cmd = 0;
		CHECK_OK(teeio_sock_client_send(c, 0x1234, (const uint8_t *)"x", 1));
		CHECK_OK(teeio_sock_client_recv(c, &cmd, buf, &n));
		CHECK_EQ(cmd, TEEIO_SOCK_CMD_UNKNOWN);
		CHECK_EQ(n, 0);
		/* handler failure: UNKNOWN, connection kept */
		const uint8_t bad[2] = {0xff, 0};
		n = sizeof(buf);
		CHECK_ERR(teeio_sock_client_exchange(c, bad, 2, buf, &n),
			  TEEIO_ERR_PROTO_UNSUPPORTED);
		check_echo(c, 5);
		CHECK_OK(teeio_sock_client_end(c, TEEIO_SOCK_CMD_SHUTDOWN));
		free(c);
	}
	/* a client speaking another transport gets UNKNOWN in the server's
	 * transport, which the client reports as a protocol error */
	c = client_new(&r, TEEIO_TRANS_MCTP);
	if (c) {
		const uint8_t req[2] = {5, 0x10};
		uint8_t buf[16];
		size_t n = sizeof(buf);
		CHECK_ERR(teeio_sock_client_exchange(c, req, 2, buf, &n), TEEIO_ERR_PROTO);
		teeio_sock_client_close(c);
		free(c);
	}
	rig_finish(&r, true);
	CHECK_EQ(atomic_load(&r.echo.messages), 2);
}

TEST(server_drains_oversize_frame)
{
	struct server_rig r;
	if (!rig_start(&r, 64, 5000, false))
		return;
	struct teeio_sock_client *c = client_new(&r, TEEIO_TRANS_PCI_DOE);
	if (c) {
		uint8_t big[100], buf[128];
		memset(big, 1, sizeof(big));
		size_t n = sizeof(buf);
		CHECK_ERR(teeio_sock_client_exchange(c, big, sizeof(big), buf, &n),
			  TEEIO_ERR_PROTO_UNSUPPORTED);
		check_echo(c, 6); /* the stream is still in sync */
		/* a response larger than the client's buffer is drained too */
		n = 3;
		CHECK_ERR(teeio_sock_client_exchange(c, big, 10, buf, &n), TEEIO_ERR_SIZE_LIMIT);
		check_echo(c, 7);
		teeio_sock_client_close(c);
		free(c);
	}
	rig_finish(&r, true);
	CHECK_EQ(atomic_load(&r.echo.messages), 3);
}

TEST(server_survives_client_lost_mid_frame)
{
	struct server_rig r;
	if (!rig_start(&r, 0, 200, false))
		return;
	uint16_t port = teeio_sock_server_port(r.srv);
	/* header promising 10 bytes, 3 sent, then gone */
	int fd = raw_connect(port);
	CHECK(fd >= 0);
	if (fd >= 0) {
		const uint8_t part[15] = {0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 10, 1, 2, 3};
		CHECK_EQ(send(fd, part, sizeof(part), 0), (ssize_t)sizeof(part));
		close(fd);
	}
	/* half a header, then gone */
	fd = raw_connect(port);
	if (fd >= 0) {
		CHECK_EQ(send(fd, "\0\0", 2, 0), 2);
		close(fd);
	}
	/* half a header, then silence: the server's receive timeout drops it */
	int stalled = raw_connect(port);
	if (stalled >= 0)
		CHECK_EQ(send(stalled, "\0\0\0", 3, 0), 3);
	struct teeio_sock_client *c = client_new(&r, TEEIO_TRANS_PCI_DOE);
	if (c) {
		CHECK_OK(teeio_sock_client_hello(c));
		check_echo(c, 8);
		CHECK_OK(teeio_sock_client_end(c, TEEIO_SOCK_CMD_SHUTDOWN));
		free(c);
	}
	if (stalled >= 0)
		close(stalled);
	rig_finish(&r, true);
	CHECK_EQ(atomic_load(&r.echo.messages), 1);
	CHECK_EQ(atomic_load(&r.echo.resets), 4);
}

TEST(server_stop_on_shutdown)
{
	struct server_rig r;
	if (!rig_start(&r, 0, 5000, true))
		return;
	struct teeio_sock_client *c = client_new(&r, TEEIO_TRANS_PCI_DOE);
	if (c) {
		check_echo(c, 9);
		CHECK_OK(teeio_sock_client_end(c, TEEIO_SOCK_CMD_SHUTDOWN));
		free(c);
	}
	rig_finish(&r, false); /* returns by itself */
}

TEST(server_stop_while_client_idle)
{
	struct server_rig r;
	if (!rig_start(&r, 0, 0, false))
		return;
	struct teeio_sock_client *c = client_new(&r, TEEIO_TRANS_PCI_DOE);
	if (c) {
		check_echo(c, 10);
		rig_finish(&r, true); /* stop reaches a server waiting on a client */
		teeio_sock_client_close(c);
		free(c);
	}
}

TEST(client_refuses_non_loopback)
{
	struct teeio_sock_client *c = calloc(1, sizeof(*c));
	if (!c)
		return;
	CHECK_ERR(teeio_sock_client_connect(c, "10.0.0.1", 2323, 2, 100), TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_sock_client_connect(c, "0.0.0.0", 2323, 2, 100), TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_sock_client_connect(c, "example.com", 2323, 2, 100), TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_sock_client_connect(c, "::ffff:10.0.0.1", 2323, 2, 100), TEEIO_ERR_USAGE);
	CHECK_EQ(c->fd, -1);
	uint32_t cmd;
	size_t n = 0;
	CHECK_ERR(teeio_sock_client_recv(c, &cmd, NULL, &n), TEEIO_ERR_STATE);
	free(c);
}

TEST(client_receive_times_out)
{
	/* a listener that accepts (via the backlog) and never answers */
	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof(a);
	CHECK(lfd >= 0);
	CHECK_EQ(bind(lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	CHECK_EQ(listen(lfd, 1), 0);
	CHECK_EQ(getsockname(lfd, (struct sockaddr *)&a, &alen), 0);
	struct teeio_sock_client *c = calloc(1, sizeof(*c));
	if (c) {
		CHECK_OK(teeio_sock_client_connect(c, "localhost", ntohs(a.sin_port),
						   TEEIO_TRANS_MCTP, 50));
		CHECK_ERR(teeio_sock_client_hello(c), TEEIO_ERR_TRANSPORT_TIMEOUT);
		teeio_sock_client_close(c);
		free(c);
	}
	close(lfd);
}

int main(void)
{
	RUN(frame_codec);
	RUN(server_hello_echo_continue_shutdown);
	RUN(server_hello_bytes_on_the_wire);
	RUN(server_answers_unknown_and_handler_errors);
	RUN(server_drains_oversize_frame);
	RUN(server_survives_client_lost_mid_frame);
	RUN(server_stop_on_shutdown);
	RUN(server_stop_while_client_idle);
	RUN(client_refuses_non_loopback);
	RUN(client_receive_times_out);
	return test_summary();
}
