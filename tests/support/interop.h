/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers for interop tests that run an external peer (DMTF spdm-emu's
 * programs) as a child process: find it from an environment variable,
 * start it from its own directory on a private port, connect teeio's SPDM
 * carrier to it, and make sure it is gone at the end on every path.
 *
 * The child is started with PR_SET_PDEATHSIG(SIGKILL): if the test itself
 * dies (crash, CTest timeout), the kernel kills the peer too.
 */
#ifndef TEEIO_TEST_INTEROP_H
#define TEEIO_TEST_INTEROP_H

#include <sys/types.h>

#include "teeio/spdm_io.h"

#define INTEROP_ARGS_MAX 24

struct interop_peer {
	pid_t pid; /* 0: not running                            */
	uint16_t port; /* private loopback port the peer listens on */
	char log[512]; /* its stdout+stderr                         */
};

/**
 * The peer binary named by environment variable `var`, made absolute into
 * out[cap]; false when the variable is unset or empty or the file is not
 * executable (the caller then skips, saying why: *why).
 */
bool interop_peer_path(const char *var, char *out, size_t cap, const char **why);

/** A loopback TCP port nobody listens on right now (bind to 0). */
TEEIO_MUST_CHECK teeio_err interop_free_port(uint16_t *port);

/**
 * Start `path` with args[0..] (NULL-terminated, without argv[0]) in the
 * directory that holds it (spdm-emu opens its keys relative to the working
 * directory), stdout and stderr appended to `log`.  p->port is only
 * recorded; put "--port N" into args yourself.
 */
TEEIO_MUST_CHECK teeio_err interop_peer_start(struct interop_peer *p, const char *path,
					      const char *const *args, const char *log);

/**
 * Connect `s` to the peer on p->port with transport `t`, retrying while it
 * starts up (bounded: about 10 s); TEEIO_ERR_TRANSPORT_CLOSED at once if
 * the peer exits meanwhile.
 */
TEEIO_MUST_CHECK teeio_err interop_peer_connect(struct interop_peer *p,
						struct teeio_spdm_sock_io *s, enum teeio_trans t);

/**
 * Reap the peer: wait up to `grace_ms` for it to exit by itself (after a
 * SHUTDOWN), then SIGKILL it.  Returns its exit status (0..255), 256 + the
 * signal that ended it, or -1 when it was not running.  Safe to call twice.
 */
int interop_peer_stop(struct interop_peer *p, int grace_ms);

/** Remove the peer's log and the directory holding it (after a clean run). */
void interop_peer_remove_log(const struct interop_peer *p);

/** Print the last `max` bytes of the peer's log to stderr (for failures). */
void interop_peer_log_tail(const struct interop_peer *p, size_t max);

#endif
