/* SPDX-License-Identifier: BSD-3-Clause */
/* The demo's step runner: timing, text and JSON output, summary. */
#include <time.h>

#include "demo.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int demo_run(struct cli *cli, const struct demo_step *steps, size_t n, struct demo *d)
{
	double total = 0;
	size_t done = 0;
	teeio_err rc = TEEIO_OK;
	const char *failed = NULL;

	if (cli->json)
		printf("{\"steps\":[");
	for (size_t i = 0; i < n; i++) {
		char detail[DEMO_DETAIL_MAX] = "";
		double t0 = now_ms();
		rc = steps[i].run(d, detail, sizeof(detail));
		double ms = now_ms() - t0;
		total += ms;
		if (cli->json) {
			printf("%s{\"phase\":", i ? "," : "");
			cli_json_str(stdout, steps[i].phase);
			printf(",\"step\":");
			cli_json_str(stdout, steps[i].name);
			printf(",\"ok\":%s,\"ms\":%.3f,\"detail\":", rc ? "false" : "true", ms);
			cli_json_str(stdout, detail);
			if (rc) {
				printf(",\"error\":");
				cli_json_str(stdout, teeio_err_str(rc));
			}
			printf("}");
		} else {
			printf("[%-8s] %-44s %9.2f ms  %s\n", steps[i].phase, steps[i].name, ms,
			       rc ? teeio_err_str(rc) : "ok");
			if (detail[0])
				printf("           %s\n", detail);
		}
		fflush(stdout);
		if (rc) {
			failed = steps[i].name;
			break;
		}
		done++;
	}
	if (cli->json) {
		printf("],\"summary\":{\"steps\":%zu,\"passed\":%zu,\"ok\":%s,\"total_ms\":%.3f", n,
		       done, rc ? "false" : "true", total);
		if (failed) {
			printf(",\"failed_step\":");
			cli_json_str(stdout, failed);
		}
		printf("}}\n");
	} else {
		printf("\nsummary: %zu/%zu steps ok in %.1f ms%s%s\n", done, n, total,
		       failed ? "; failed at: " : "", failed ? failed : "");
	}
	return rc ? cli_exit_for(rc) : CLI_EXIT_OK;
}
