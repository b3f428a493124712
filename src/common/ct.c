/* SPDX-License-Identifier: BSD-3-Clause */
/* Constant-time comparison and wiping. */
#include <string.h>

#include "teeio/common.h"

bool teeio_ct_memeq(const void *a, const void *b, size_t len)
{
	const volatile uint8_t *x = a, *y = b;
	uint8_t acc = 0;
	for (size_t i = 0; i < len; i++)
		acc |= (uint8_t)(x[i] ^ y[i]);
	/* Map 0 -> 1 and 1..255 -> 0 without a data-dependent branch. */
	return (bool)(1 & (((unsigned)acc - 1) >> 8));
}

bool teeio_ct_is_zero(const void *a, size_t len)
{
	const volatile uint8_t *x = a;
	uint8_t acc = 0;
	for (size_t i = 0; i < len; i++)
		acc |= x[i];
	return (bool)(1 & (((unsigned)acc - 1) >> 8));
}

void teeio_wipe(void *p, size_t len)
{
	if (!p || !len)
		return;
	/* A volatile function pointer keeps the compiler from proving the
	 * store dead (the explicit_bzero idiom, portable to any libc). */
	static void *(*const volatile do_memset)(void *, int, size_t) = memset;
	do_memset(p, 0, len);
}
