/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A tiny test harness.  A test file defines test functions with TEST(name)
 * and lists them in main via RUN(name); the harness prints one line per
 * failed check and a closing "N passed, N failed" line, and main returns
 * test_summary() (0 only when nothing failed).
 *
 *   TEST(buf_reads_u16) { ... CHECK(x == 1); CHECK_OK(f()); CHECK_ERR(f(), E); }
 *   int main(void) { RUN(buf_reads_u16); return test_summary(); }
 */
#ifndef TEEIO_TEST_H
#define TEEIO_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "teeio/common.h"

struct test_state {
	int checks_failed; /* in the current test */
	int passed, failed, skipped;
	const char *current;
};
extern struct test_state test_state;

void test_fail(const char *file, int line, const char *fmt, ...) TEEIO_PRINTF(3, 4);
int test_summary(void);
void test_run(const char *name, void (*fn)(void));
/* Mark the current test skipped (e.g. a peer binary is not configured). */
void test_skip(const char *why);
/* A fresh empty directory under TEEIO_TEST_TMP (or /tmp); static buffer. */
const char *test_tmpdir(const char *tag);
/* Read a whole file into a malloc'd buffer; NULL on failure. */
unsigned char *test_read_file(const char *path, size_t *len);

#define TEST(name) static void name(void)
#define RUN(name) test_run(#name, name)

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond))                                               \
			test_fail(__FILE__, __LINE__, "CHECK(%s)", #cond); \
	} while (0)
#define CHECK_OK(expr)                                                                       \
	do {                                                                                 \
		teeio_err e_ = (expr);                                                       \
		if (e_ != TEEIO_OK)                                                          \
			test_fail(__FILE__, __LINE__, "%s -> %s", #expr, teeio_err_str(e_)); \
	} while (0)
#define CHECK_ERR(expr, want)                                                     \
	do {                                                                      \
		teeio_err e_ = (expr), w_ = (want);                               \
		if (e_ != w_)                                                     \
			test_fail(__FILE__, __LINE__, "%s -> %s, want %s", #expr, \
				  teeio_err_str(e_), teeio_err_str(w_));          \
	} while (0)
#define CHECK_EQ(a, b)                                                                           \
	do {                                                                                     \
		long long a_ = (long long)(a), b_ = (long long)(b);                              \
		if (a_ != b_)                                                                    \
			test_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b, a_, b_); \
	} while (0)
#define CHECK_MEM(a, b, n)                                                                   \
	do {                                                                                 \
		if (memcmp((a), (b), (n)) != 0)                                              \
			test_fail(__FILE__, __LINE__, "memory %s != %s (%zu bytes)", #a, #b, \
				  (size_t)(n));                                              \
	} while (0)

#endif
