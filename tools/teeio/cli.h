/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The teeio command-line tool: shared state and helpers for commands.
 *
 * Every command is `int cmd_<name>(struct cli *cli, int argc, char **argv)`
 * where argv[0] is the command name; it returns an exit code (below).
 * Commands print data to stdout (JSON with --json) and diagnostics to
 * stderr.
 */
#ifndef TEEIO_CLI_H
#define TEEIO_CLI_H

#include <stdbool.h>

#include "teeio/common.h"
#include "teeio/crypto.h"

/* Exit codes (documented in README and `teeio --help`). */
enum cli_exit {
	CLI_EXIT_OK = 0,
	CLI_EXIT_FAIL = 1, /* the operation ran and failed (e.g. a check did not pass) */
	CLI_EXIT_USAGE = 2, /* bad command line, bad profile or policy       */
	CLI_EXIT_PROTOCOL = 3, /* the peer violated the protocol or refused     */
	CLI_EXIT_STATE = 4, /* operation not allowed in the current state    */
	CLI_EXIT_SIZE = 5, /* a size bound was exceeded                     */
	CLI_EXIT_CRYPTO = 6, /* verification failed (signature, MAC, chain)   */
	CLI_EXIT_TRANSPORT = 7, /* connection or I/O failure                     */
	CLI_EXIT_INTERNAL = 8, /* a bug or resource exhaustion                  */
};

struct cli {
	struct teeio_log log; /* -v / -vv / -vvv raise the level */
	bool json; /* --json: machine-readable output */
	const struct teeio_crypto_ops *crypto;
};

struct cli_command {
	const char *name;
	const char *summary;
	int (*run)(struct cli *cli, int argc, char **argv);
};

/** Map a teeio error to the exit code above. */
int cli_exit_for(teeio_err e);
/** Print "teeio <cmd>: <what>: <error>" to stderr and return its exit code. */
int cli_fail(const char *cmd, const char *what, teeio_err e);
/**
 * Handle an option every command accepts (-v, -vv, -vvv, --verbose,
 * --json, -q/--quiet).  Returns true when `arg` was one of them.
 */
bool cli_common_option(struct cli *cli, const char *arg);
/** True for -h / --help. */
bool cli_is_help(const char *arg);
/**
 * Parse an SPDM version list such as "1.0,1.1,1.2,1.3" into SPDMVersion
 * bytes (0x10..0x13).  out[cap] is zero-filled first; *n (may be NULL)
 * receives the count.  False on anything else (unknown version, empty
 * item, more than cap versions).
 */
bool cli_parse_spdm_versions(const char *s, uint8_t *out, size_t cap, size_t *n);
/** Print a JSON string literal (quoted, escaped) to f. */
void cli_json_str(FILE *f, const char *s);

/* Commands (tools/teeio/cmd_<name>.c). */
int cmd_demo(struct cli *cli, int argc, char **argv);
int cmd_pki(struct cli *cli, int argc, char **argv);
int cmd_version(struct cli *cli, int argc, char **argv);
/* Declared ahead of their implementations; main.c lists each once it exists. */
int cmd_bench(struct cli *cli, int argc, char **argv);
int cmd_dsm(struct cli *cli, int argc, char **argv);
int cmd_tsm(struct cli *cli, int argc, char **argv);
int cmd_tsm_status(struct cli *cli, int argc, char **argv);

#endif
