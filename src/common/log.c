/* SPDX-License-Identifier: BSD-3-Clause */
/* Logging and hex helpers.  No global state: the logger is passed in. */
#include <ctype.h>
#include <string.h>

#include "teeio/common.h"

static const char *const level_names[] = {"error", "warn", "info", "debug", "trace"};

void teeio_log(const struct teeio_log *log, enum teeio_log_level lvl, const char *fmt, ...)
{
	if (!teeio_log_on(log, lvl))
		return;
	FILE *f = log->sink ? log->sink : stderr;
	if (log->prefix)
		fprintf(f, "[%s] ", log->prefix);
	fprintf(f, "%s: ", level_names[lvl]);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

void teeio_hexdump(FILE *f, const void *data, size_t len)
{
	const uint8_t *p = data;
	for (size_t off = 0; off < len; off += 16) {
		fprintf(f, "  %04zx:", off);
		for (size_t i = 0; i < 16; i++) {
			if (off + i < len)
				fprintf(f, " %02x", p[off + i]);
			else
				fputs("   ", f);
		}
		fputs("  ", f);
		for (size_t i = 0; i < 16 && off + i < len; i++)
			fputc(isprint(p[off + i]) ? p[off + i] : '.', f);
		fputc('\n', f);
	}
}

void teeio_log_hex(const struct teeio_log *log, enum teeio_log_level lvl, const char *title,
		   const void *data, size_t len)
{
	if (!teeio_log_on(log, lvl))
		return;
	teeio_log(log, lvl, "%s (%zu bytes)", title, len);
	teeio_hexdump(log->sink ? log->sink : stderr, data, len);
}

void teeio_hex(char *out, const void *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	const uint8_t *p = data;
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * len] = '\0';
}

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

teeio_err teeio_unhex(const char *hex, uint8_t *out, size_t cap, size_t *outlen)
{
	size_t n = 0;
	int hi = -1;
	for (const char *s = hex; *s; s++) {
		if (isspace((unsigned char)*s))
			continue;
		int v = nibble(*s);
		ENSURE(v >= 0, TEEIO_ERR_USAGE);
		if (hi < 0) {
			hi = v;
			continue;
		}
		ENSURE(n < cap, TEEIO_ERR_SIZE);
		out[n++] = (uint8_t)((hi << 4) | v);
		hi = -1;
	}
	ENSURE(hi < 0, TEEIO_ERR_USAGE);
	*outlen = n;
	return TEEIO_OK;
}
