/* SPDX-License-Identifier: BSD-3-Clause */
/* Randomness from OpenSSL's DRBG (seeded by the OS). */
#include <limits.h>

#include <openssl/rand.h>

#include "openssl_ops.h"

teeio_err teeio_ossl_random(void *out, size_t len)
{
	ENSURE(out || len == 0, TEEIO_ERR_USAGE);
	uint8_t *p = out;
	while (len > 0) {
		/* RAND_bytes takes an int count. */
		int n = len > (size_t)INT_MAX ? INT_MAX : (int)len;
		ENSURE(RAND_bytes(p, n) == 1, TEEIO_ERR_CRYPTO_RNG);
		p += n;
		len -= (size_t)n;
	}
	return TEEIO_OK;
}
