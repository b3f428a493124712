/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Running an external peer as a child process for interop tests (see
 * interop.h).  Linux-only (prctl) like the rest of teeio's test tooling.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "interop.h"

#define CONNECT_TRIES 200 /* x 50 ms: the peer has 10 s to listen */
#define POLL_MS 50

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

bool interop_peer_path(const char *var, char *out, size_t cap, const char **why)
{
	const char *p = getenv(var);
	char *abs;

	if (!p || !*p) {
		*why = "environment variable not set";
		return false;
	}
	if (access(p, X_OK) != 0 || !(abs = realpath(p, NULL))) {
		*why = "not an executable file";
		return false;
	}
	if (strlen(abs) >= cap) {
		*why = "path too long";
		free(abs);
		return false;
	}
	snprintf(out, cap, "%s", abs);
	free(abs);
	return true;
}

teeio_err interop_free_port(uint16_t *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	teeio_err e = TEEIO_ERR_TRANSPORT;

	if (fd < 0)
		return e;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0) {
		*port = ntohs(a.sin_port);
		e = TEEIO_OK;
	}
	close(fd);
	return e;
}

/* In the child: never returns. */
static void exec_peer(const char *path, const char *const *args, const char *log, pid_t parent)
{
	const char *argv[INTEROP_ARGS_MAX + 2];
	char dir[512];
	size_t n = 0;
	int fd;

	/* Die with the test, whatever kills it; the parent may already be
	 * gone by the time the flag is set. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
		_exit(126);
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		if (chdir(*dir ? dir : "/") != 0)
			_exit(126);
	}
	fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0)
		_exit(126);
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		dup2(fd, STDIN_FILENO);
	argv[n++] = path;
	for (size_t i = 0; args[i] && i < INTEROP_ARGS_MAX; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	execv(path, (char *const *)argv);
	_exit(127);
}

teeio_err interop_peer_start(struct interop_peer *p, const char *path, const char *const *args,
			     const char *log)
{
	pid_t parent = getpid();
	size_t n = 0;

	while (args[n])
		n++;
	ENSURE(n <= INTEROP_ARGS_MAX && path[0] == '/', TEEIO_ERR_USAGE);
	snprintf(p->log, sizeof(p->log), "%s", log);
	fflush(NULL); /* nothing buffered is written twice */
	p->pid = fork();
	if (p->pid < 0) {
		p->pid = 0;
		return TEEIO_ERR_INTERNAL;
	}
	if (p->pid == 0)
		exec_peer(path, args, log, parent);
	return TEEIO_OK;
}

/* Has the peer exited?  Reaps it if so. */
static bool peer_gone(struct interop_peer *p)
{
	int st;

	if (p->pid == 0)
		return true;
	if (waitpid(p->pid, &st, WNOHANG) == p->pid) {
		p->pid = 0;
		return true;
	}
	return false;
}

teeio_err interop_peer_connect(struct interop_peer *p, struct teeio_spdm_sock_io *s,
			       enum teeio_trans t)
{
	teeio_err e = TEEIO_ERR_TRANSPORT;

	for (int i = 0; i < CONNECT_TRIES; i++) {
		if (peer_gone(p))
			return TEEIO_ERR_TRANSPORT_CLOSED;
		/* 10 s receive timeout: a peer that hangs fails, not blocks. */
		e = teeio_spdm_sock_io_connect(s, "127.0.0.1", p->port, t, 10000);
		if (e == TEEIO_OK)
			return TEEIO_OK;
		sleep_ms(POLL_MS);
	}
	return e;
}

int interop_peer_stop(struct interop_peer *p, int grace_ms)
{
	int st = 0;

	if (p->pid == 0)
		return -1;
	for (int waited = 0; waited < grace_ms; waited += 10) {
		if (waitpid(p->pid, &st, WNOHANG) == p->pid)
			goto reaped;
		sleep_ms(10);
	}
	kill(p->pid, SIGKILL);
	if (waitpid(p->pid, &st, 0) != p->pid) {
		p->pid = 0;
		return -1;
	}
reaped:
	p->pid = 0;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 256 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

void interop_peer_log_tail(const struct interop_peer *p, size_t max)
{
	FILE *f = fopen(p->log, "rb");
	char buf[4096];
	size_t n;

	if (!f)
		return;
	if (max > sizeof(buf))
		max = sizeof(buf);
	if (fseek(f, -(long)max, SEEK_END) != 0)
		rewind(f);
	n = fread(buf, 1, max, f);
	fclose(f);
	if (n == 0)
		return; /* the peer's stdio buffer died with it */
	fprintf(stderr, "--- last %zu bytes of %s ---\n%.*s\n--- end ---\n", n, p->log, (int)n,
		buf);
}

void interop_peer_remove_log(const struct interop_peer *p)
{
	char dir[sizeof(p->log)];
	char *slash;

	if (!p->log[0] || unlink(p->log) != 0)
		return;
	snprintf(dir, sizeof(dir), "%s", p->log);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		rmdir(dir); /* only if empty: never more than we made */
	}
}
