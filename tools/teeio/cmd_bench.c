/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio bench: run one benchmark, or all of them.  Each benchmark is one
 * row of the table below and one file tools/teeio/bench_<name>.c.
 */
#include <string.h>

#include "bench.h"

static const struct bench_entry benches[] = {
    {"ide", "IDE TLP encrypt+verify vs raw AES-256-GCM (64 B .. 4 KiB)", bench_ide},
    {"spdm", "SPDM connection vs crypto floor, heartbeats/s, CPU vs libspdm", bench_spdm},
    {"tdisp", "TDI lock/report/start/stop latency, 256 TDIs, memory per TDI", bench_tdisp},
    {"lifecycle", "connect/bind/accept/teardown; 255 VFs to 255 TVMs, cost/TDI", bench_lifecycle},
    {"io", "TEE-IO vs bounce-buffer MB/s at 4 KiB and 64 KiB, with the ratio", bench_io},
};

int bench_time(bench_op_fn op, void *ctx, uint64_t budget_ns, struct bench_run *out)
{
	uint64_t batch = 1, ops = 0, start = bench_now_ns(), now = start;
	while (now - start < budget_ns) {
		for (uint64_t i = 0; i < batch; i++) {
			int rc = op(ctx);
			if (rc)
				return rc;
		}
		ops += batch;
		now = bench_now_ns();
		/* grow batches so the clock is read rarely */
		if (batch < 4096)
			batch *= 2;
	}
	out->ops = ops;
	out->ns = now - start;
	return 0;
}

double bench_mbps(const struct bench_run *r, size_t bytes)
{
	if (!r->ns)
		return 0;
	return (double)r->ops * (double)bytes * 1e3 / (double)r->ns;
}

void bench_print(FILE *f, bool json, const struct bench_table *t)
{
	if (json) {
		fprintf(f, "{\"bench\":");
		cli_json_str(f, t->bench);
		fprintf(f, ",\"what\":");
		cli_json_str(f, t->what);
		fprintf(f, ",\"unit\":\"MB/s\",\"rows\":[");
		for (size_t i = 0; i < t->n_rows; i++) {
			const struct bench_row *r = &t->rows[i];
			fprintf(f,
				"%s{\"size\":%zu,\"%s_mbps\":%.1f,\"%s_mbps\":%.1f,\"ratio\":%.3f,"
				"\"ops\":%llu",
				i ? "," : "", r->size, t->ref_name, r->ref_mbps, t->name, r->mbps,
				r->ref_mbps > 0 ? r->mbps / r->ref_mbps : 0.0,
				(unsigned long long)r->ops);
			if (r->target > 0)
				fprintf(f, ",\"target\":%.2f", r->target);
			fputc('}', f);
		}
		fprintf(f, "]}\n");
		return;
	}
	fprintf(f, "%s: %s\n", t->bench, t->what);
	fprintf(f, "  %8s  %12s  %12s  %6s\n", "size", t->ref_name, t->name, "ratio");
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct bench_row *r = &t->rows[i];
		double ratio = r->ref_mbps > 0 ? r->mbps / r->ref_mbps : 0.0;
		fprintf(f, "  %8zu  %7.1f MB/s  %7.1f MB/s  %6.3f", r->size, r->ref_mbps, r->mbps,
			ratio);
		if (r->target > 0)
			fprintf(f, "  (target %.2f%s)", r->target,
				ratio >= r->target ? "" : ", below");
		fputc('\n', f);
	}
}

static void usage(FILE *f)
{
	fprintf(f, "usage: teeio bench <name>|all [--json] [options]\n\nbenchmarks:\n");
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(benches); i++)
		fprintf(f, "  %-10s %s\n", benches[i].name, benches[i].summary);
	fprintf(f,
		"  %-10s run every benchmark\n"
		"\n'teeio bench <name> --help' lists a benchmark's options.\n",
		"all");
}

int cmd_bench(struct cli *cli, int argc, char **argv)
{
	if (argc < 2 || cli_is_help(argv[1])) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
	}
	if (!strcmp(argv[1], "all")) {
		for (int i = 2; i < argc; i++) {
			if (!cli_common_option(cli, argv[i])) {
				fprintf(stderr, "teeio bench all: unknown option %s\n", argv[i]);
				return CLI_EXIT_USAGE;
			}
		}
		int worst = CLI_EXIT_OK;
		for (size_t i = 0; i < TEEIO_ARRAY_LEN(benches); i++) {
			char *sub[] = {(char *)benches[i].name, NULL};
			int rc = benches[i].fn(cli, 1, sub);
			if (rc != CLI_EXIT_OK)
				worst = rc;
		}
		return worst;
	}
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(benches); i++)
		if (!strcmp(argv[1], benches[i].name))
			return benches[i].fn(cli, argc - 1, argv + 1);
	fprintf(stderr, "teeio bench: unknown benchmark '%s'\n", argv[1]);
	usage(stderr);
	return CLI_EXIT_USAGE;
}
