/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Bounded cursor.  Every accessor checks the remaining length before it
 * touches memory and leaves the cursor where it was on failure.
 */
#include <string.h>

#include "teeio/common.h"

static teeio_err need_read(const struct teeio_buf *b, size_t n)
{
	return teeio_buf_left(b) < n ? TEEIO_ERR_SIZE_TRUNCATED : TEEIO_OK;
}

static teeio_err need_write(const struct teeio_buf *b, size_t n)
{
	return teeio_buf_left(b) < n ? TEEIO_ERR_SIZE : TEEIO_OK;
}

teeio_err teeio_buf_get_u8(struct teeio_buf *b, uint8_t *v)
{
	TRY(need_read(b, 1));
	*v = b->data[b->pos++];
	return TEEIO_OK;
}

teeio_err teeio_buf_get_u16le(struct teeio_buf *b, uint16_t *v)
{
	TRY(need_read(b, 2));
	*v = teeio_load_u16le(b->data + b->pos);
	b->pos += 2;
	return TEEIO_OK;
}

teeio_err teeio_buf_get_u24le(struct teeio_buf *b, uint32_t *v)
{
	TRY(need_read(b, 3));
	const uint8_t *p = b->data + b->pos;
	*v = (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16);
	b->pos += 3;
	return TEEIO_OK;
}

teeio_err teeio_buf_get_u32le(struct teeio_buf *b, uint32_t *v)
{
	TRY(need_read(b, 4));
	*v = teeio_load_u32le(b->data + b->pos);
	b->pos += 4;
	return TEEIO_OK;
}

teeio_err teeio_buf_get_u64le(struct teeio_buf *b, uint64_t *v)
{
	TRY(need_read(b, 8));
	*v = teeio_load_u64le(b->data + b->pos);
	b->pos += 8;
	return TEEIO_OK;
}

teeio_err teeio_buf_get_u16be(struct teeio_buf *b, uint16_t *v)
{
	TRY(need_read(b, 2));
	const uint8_t *p = b->data + b->pos;
	*v = (uint16_t)((p[0] << 8) | p[1]);
	b->pos += 2;
	return TEEIO_OK;
}

teeio_err teeio_buf_get_u32be(struct teeio_buf *b, uint32_t *v)
{
	TRY(need_read(b, 4));
	*v = teeio_load_u32be(b->data + b->pos);
	b->pos += 4;
	return TEEIO_OK;
}

teeio_err teeio_buf_get_bytes(struct teeio_buf *b, void *out, size_t len)
{
	TRY(need_read(b, len));
	if (out && len)
		memcpy(out, b->data + b->pos, len);
	b->pos += len;
	return TEEIO_OK;
}

teeio_err teeio_buf_get_ref(struct teeio_buf *b, const uint8_t **p, size_t len)
{
	TRY(need_read(b, len));
	*p = b->data + b->pos;
	b->pos += len;
	return TEEIO_OK;
}

teeio_err teeio_buf_expect_zero(struct teeio_buf *b, size_t len)
{
	TRY(need_read(b, len));
	uint8_t acc = 0;
	for (size_t i = 0; i < len; i++)
		acc |= b->data[b->pos + i];
	ENSURE(acc == 0, TEEIO_ERR_PROTO_RESERVED);
	b->pos += len;
	return TEEIO_OK;
}

teeio_err teeio_buf_expect_end(const struct teeio_buf *b)
{
	return b->pos == b->cap ? TEEIO_OK : TEEIO_ERR_SIZE_TRAILING;
}

teeio_err teeio_buf_skip(struct teeio_buf *b, size_t len)
{
	TRY(need_read(b, len));
	b->pos += len;
	return TEEIO_OK;
}

teeio_err teeio_buf_put_u8(struct teeio_buf *b, uint8_t v)
{
	TRY(need_write(b, 1));
	b->data[b->pos++] = v;
	return TEEIO_OK;
}

teeio_err teeio_buf_put_u16le(struct teeio_buf *b, uint16_t v)
{
	TRY(need_write(b, 2));
	teeio_store_u16le(b->data + b->pos, v);
	b->pos += 2;
	return TEEIO_OK;
}

teeio_err teeio_buf_put_u24le(struct teeio_buf *b, uint32_t v)
{
	ENSURE(v <= 0xffffffu, TEEIO_ERR_USAGE);
	TRY(need_write(b, 3));
	teeio_store_u24le(b->data + b->pos, v);
	b->pos += 3;
	return TEEIO_OK;
}

teeio_err teeio_buf_put_u32le(struct teeio_buf *b, uint32_t v)
{
	TRY(need_write(b, 4));
	teeio_store_u32le(b->data + b->pos, v);
	b->pos += 4;
	return TEEIO_OK;
}

teeio_err teeio_buf_put_u64le(struct teeio_buf *b, uint64_t v)
{
	TRY(need_write(b, 8));
	teeio_store_u64le(b->data + b->pos, v);
	b->pos += 8;
	return TEEIO_OK;
}

teeio_err teeio_buf_put_u16be(struct teeio_buf *b, uint16_t v)
{
	TRY(need_write(b, 2));
	b->data[b->pos] = (uint8_t)(v >> 8);
	b->data[b->pos + 1] = (uint8_t)v;
	b->pos += 2;
	return TEEIO_OK;
}

teeio_err teeio_buf_put_u32be(struct teeio_buf *b, uint32_t v)
{
	TRY(need_write(b, 4));
	teeio_store_u32be(b->data + b->pos, v);
	b->pos += 4;
	return TEEIO_OK;
}

teeio_err teeio_buf_put_bytes(struct teeio_buf *b, const void *p, size_t len)
{
	TRY(need_write(b, len));
	if (len)
		memmove(b->data + b->pos, p, len);
	b->pos += len;
	return TEEIO_OK;
}

teeio_err teeio_buf_put_zero(struct teeio_buf *b, size_t len)
{
	TRY(need_write(b, len));
	if (len)
		memset(b->data + b->pos, 0, len);
	b->pos += len;
	return TEEIO_OK;
}

teeio_err teeio_buf_reserve(struct teeio_buf *b, size_t len, uint8_t **slot)
{
	TRY(need_write(b, len));
	*slot = b->data + b->pos;
	if (len)
		memset(*slot, 0, len);
	b->pos += len;
	return TEEIO_OK;
}
