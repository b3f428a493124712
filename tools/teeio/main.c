/* SPDX-License-Identifier: BSD-3-Clause */
/* teeio: command dispatch and the options every command shares. */
#include <string.h>

#include "cli.h"

static const struct cli_command commands[] = {
    {"bench", "benchmarks: ide, spdm (bench --help lists them)", cmd_bench},
    {"demo", "run the main job on the built-in default device", cmd_demo},
    {"dsm", "the emulated device: dsm serve, dsm profile check/show", cmd_dsm},
    {"pki", "generate test certificate chains (pki generate DIR)", cmd_pki},
    {"tsm", "host side: probe a device over SPDM (tsm probe HOST:PORT)", cmd_tsm},
    {"version", "print the version", cmd_version},
};

int cli_exit_for(teeio_err e)
{
	switch (teeio_err_kind(e)) {
	case TEEIO_KIND_OK: return CLI_EXIT_OK;
	case TEEIO_KIND_PROTOCOL: return CLI_EXIT_PROTOCOL;
	case TEEIO_KIND_STATE: return CLI_EXIT_STATE;
	case TEEIO_KIND_SIZE: return CLI_EXIT_SIZE;
	case TEEIO_KIND_CRYPTO: return CLI_EXIT_CRYPTO;
	case TEEIO_KIND_TRANSPORT: return CLI_EXIT_TRANSPORT;
	case TEEIO_KIND_USAGE: return CLI_EXIT_USAGE;
	case TEEIO_KIND_INTERNAL: return CLI_EXIT_INTERNAL;
	}
	return CLI_EXIT_FAIL;
}

int cli_fail(const char *cmd, const char *what, teeio_err e)
{
	fprintf(stderr, "teeio %s: %s: %s\n", cmd, what, teeio_err_str(e));
	return cli_exit_for(e);
}

bool cli_is_help(const char *arg)
{
	return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

bool cli_common_option(struct cli *cli, const char *arg)
{
	if (!strcmp(arg, "--json")) {
		cli->json = true;
	} else if (!strcmp(arg, "-q") || !strcmp(arg, "--quiet")) {
		cli->log.level = TEEIO_LOG_ERROR;
	} else if (!strcmp(arg, "--verbose")) {
		cli->log.level = TEEIO_LOG_INFO;
	} else if (arg[0] == '-' && arg[1] == 'v' && strspn(arg + 1, "v") == strlen(arg + 1)) {
		size_t n = strlen(arg + 1); /* -v, -vv, -vvv */
		cli->log.level =
		    n >= 3 ? TEEIO_LOG_TRACE : (enum teeio_log_level)(TEEIO_LOG_WARN + n);
	} else {
		return false;
	}
	return true;
}

bool cli_parse_spdm_versions(const char *s, uint8_t *out, size_t cap, size_t *n)
{
	size_t count = 0;
	memset(out, 0, cap);
	for (;;) {
		/* Each item is exactly "1.<minor>" with minor 0..3. */
		if (s[0] != '1' || s[1] != '.' || s[2] < '0' || s[2] > '3' || count >= cap)
			return false;
		out[count++] = (uint8_t)(0x10 | (s[2] - '0'));
		if (s[3] == '\0')
			break;
		if (s[3] != ',')
			return false;
		s += 4;
	}
	if (n)
		*n = count;
	return true;
}

void cli_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

int cmd_version(struct cli *cli, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			printf("usage: teeio version [--json]\n");
			return CLI_EXIT_OK;
		}
		if (!cli_common_option(cli, argv[i])) {
			fprintf(stderr, "teeio version: unknown option %s\n", argv[i]);
			return CLI_EXIT_USAGE;
		}
	}
	if (cli->json)
		printf("{\"version\":\"%s\",\"crypto\":\"%s\"}\n", teeio_version(),
		       cli->crypto->name);
	else
		printf("teeio %s (crypto: %s)\n", teeio_version(), cli->crypto->name);
	return CLI_EXIT_OK;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: teeio [-v|-vv|-vvv] [--json] <command> [options]\n\ncommands:\n");
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'teeio <command> --help' describes a command.\n"
		   "\nexit codes: 0 ok, 1 check failed, 2 usage, 3 protocol, 4 state,\n"
		   "            5 size, 6 crypto/verification, 7 transport, 8 internal\n");
}

int main(int argc, char **argv)
{
	struct cli cli = {
	    .log = {.level = TEEIO_LOG_WARN, .sink = stderr, .prefix = "teeio"},
	    .json = false,
	    .crypto = teeio_crypto_openssl(),
	};
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (cli_is_help(argv[i])) {
			usage(stdout);
			return CLI_EXIT_OK;
		}
		if (!strcmp(argv[i], "--version")) {
			char *v[] = {"version", NULL};
			return cmd_version(&cli, 1, v);
		}
		if (!cli_common_option(&cli, argv[i])) {
			fprintf(stderr, "teeio: unknown option %s\n", argv[i]);
			usage(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	for (size_t c = 0; c < TEEIO_ARRAY_LEN(commands); c++)
		if (!strcmp(argv[i], commands[c].name))
			return commands[c].run(&cli, argc - i, argv + i);
	fprintf(stderr, "teeio: unknown command '%s'\n", argv[i]);
	usage(stderr);
	return CLI_EXIT_USAGE;
}
