/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"

struct test_state test_state;
static int skipped_current;

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "FAIL %s (%s:%d): ", test_state.current ? test_state.current : "?", file,
		line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	test_state.checks_failed++;
}

void test_skip(const char *why)
{
	printf("SKIP %s: %s\n", test_state.current, why);
	skipped_current = 1;
}

void test_run(const char *name, void (*fn)(void))
{
	test_state.current = name;
	test_state.checks_failed = 0;
	skipped_current = 0;
	fn();
	if (test_state.checks_failed) {
		test_state.failed++;
		printf("not ok %s\n", name);
	} else if (skipped_current) {
		test_state.skipped++;
	} else {
		test_state.passed++;
		printf("ok %s\n", name);
	}
	fflush(stdout);
}

int test_summary(void)
{
	printf("%d passed, %d failed, %d skipped\n", test_state.passed, test_state.failed,
	       test_state.skipped);
	if (test_state.failed)
		return 1;
	/* Everything skipped: tell CTest (SKIP_RETURN_CODE 77). */
	if (test_state.passed == 0 && test_state.skipped > 0)
		return 77;
	return 0;
}

const char *test_tmpdir(const char *tag)
{
	static char path[512];
	const char *base = getenv("TEEIO_TEST_TMP");
	if (!base || !*base)
		base = "/tmp";
	mkdir(base, 0700);
	snprintf(path, sizeof(path), "%s/%s-%ld-XXXXXX", base, tag, (long)getpid());
	if (!mkdtemp(path)) {
		fprintf(stderr, "mkdtemp %s: %s\n", path, strerror(errno));
		exit(2);
	}
	return path;
}

unsigned char *test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *p = malloc(n > 0 ? (size_t)n : 1);
	if (p && n > 0 && fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	fclose(f);
	if (p)
		*len = (size_t)n;
	return p;
}
