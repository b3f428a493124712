/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Base64 (RFC 4648 section 4) and the PEM certificate wrapper (RFC 7468
 * section 5) for trust anchors written into a policy.  Strict: only the
 * standard alphabet, whitespace between characters, '=' padding only at
 * the end and the total a multiple of four.
 */
#include <string.h>

#include "guest_internal.h"

/* 0..63 for a base64 digit, 64 for '=', -1 otherwise. */
static int b64_value(char ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a' + 26;
	if (ch >= '0' && ch <= '9')
		return ch - '0' + 52;
	if (ch == '+')
		return 62;
	if (ch == '/')
		return 63;
	if (ch == '=')
		return 64;
	return -1;
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

teeio_err guest_base64_decode(const char *in, size_t len, uint8_t *out, size_t cap, size_t *out_len)
{
	int quad[4];
	size_t q = 0, n = 0, i, k;
	bool ended = false;

	for (i = 0; i < len; i++) {
		int val;

		if (is_space(in[i]))
			continue;
		val = b64_value(in[i]);
		ENSURE(val >= 0 && !ended, TEEIO_ERR_USAGE);
		quad[q++] = val;
		if (q < 4)
			continue;
		q = 0;
		/* "xx==" or "xxx=" end the input; '=' never leads. */
		ENSURE(quad[0] < 64 && quad[1] < 64, TEEIO_ERR_USAGE);
		ENSURE(!(quad[2] == 64 && quad[3] < 64), TEEIO_ERR_USAGE);
		k = quad[2] == 64 ? 1 : quad[3] == 64 ? 2 : 3;
		ENSURE(n + k <= cap, TEEIO_ERR_SIZE);
		out[n++] = (uint8_t)(quad[0] << 2 | quad[1] >> 4);
		if (k > 1)
			out[n++] = (uint8_t)(quad[1] << 4 | quad[2] >> 2);
		if (k > 2)
			out[n++] = (uint8_t)(quad[2] << 6 | quad[3]);
		ended = k < 3;
	}
	ENSURE(q == 0 && n > 0, TEEIO_ERR_USAGE);
	*out_len = n;
	return TEEIO_OK;
}

/* First occurrence of needle in hay[len]; NULL if none. */
static const char *find(const char *hay, size_t len, const char *needle)
{
	size_t nl = strlen(needle), i;

	for (i = 0; i + nl <= len; i++)
		if (!memcmp(hay + i, needle, nl))
			return hay + i;
	return NULL;
}

teeio_err guest_pem_cert(const char *text, size_t len, uint8_t *out, size_t cap, size_t *out_len)
{
	static const char begin[] = "-----BEGIN CERTIFICATE-----";
	static const char end[] = "-----END CERTIFICATE-----";
	const char *b, *e;

	b = find(text, len, begin);
	ENSURE(b, TEEIO_ERR_USAGE_NOT_FOUND);
	b += sizeof(begin) - 1;
	e = find(b, len - (size_t)(b - text), end);
	ENSURE(e, TEEIO_ERR_USAGE);
	return guest_base64_decode(b, (size_t)(e - b), out, cap, out_len);
}
