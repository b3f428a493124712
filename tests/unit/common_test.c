/* SPDX-License-Identifier: BSD-3-Clause */
/* common/: cursor, constant-time helpers, wipe, hex, error names. */
#include "test.h"

TEST(reads_little_and_big_endian)
{
	const uint8_t in[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
			      0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,
			      0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18};
	struct teeio_buf b = teeio_buf_reader(in, sizeof(in));
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;
	CHECK_OK(teeio_buf_get_u8(&b, &u8));
	CHECK_EQ(u8, 0x01);
	CHECK_OK(teeio_buf_get_u16le(&b, &u16));
	CHECK_EQ(u16, 0x0302);
	CHECK_OK(teeio_buf_get_u24le(&b, &u32));
	CHECK_EQ(u32, 0x060504);
	CHECK_OK(teeio_buf_get_u32le(&b, &u32));
	CHECK_EQ(u32, 0x0a090807);
	CHECK_OK(teeio_buf_get_u64le(&b, &u64));
	CHECK(u64 == 0x1211100f0e0d0c0bull);
	CHECK_OK(teeio_buf_get_u16be(&b, &u16));
	CHECK_EQ(u16, 0x1314);
	CHECK_OK(teeio_buf_get_u32be(&b, &u32));
	CHECK_EQ(u32, 0x15161718);
	CHECK_OK(teeio_buf_expect_end(&b));
}

TEST(truncated_read_fails_and_does_not_move)
{
	const uint8_t in[] = {1, 2, 3};
	struct teeio_buf b = teeio_buf_reader(in, sizeof(in));
	uint32_t v = 0xdeadbeef;
	CHECK_ERR(teeio_buf_get_u32le(&b, &v), TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_EQ(b.pos, 0);
	CHECK_EQ(v, 0xdeadbeef);
	CHECK_ERR(teeio_buf_skip(&b, 4), TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_ERR(teeio_buf_get_bytes(&b, NULL, 4), TEEIO_ERR_SIZE_TRUNCATED);
	const uint8_t *p;
	CHECK_ERR(teeio_buf_get_ref(&b, &p, 4), TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_OK(teeio_buf_get_ref(&b, &p, 3));
	CHECK(p == in);
	uint8_t u8;
	CHECK_ERR(teeio_buf_get_u8(&b, &u8), TEEIO_ERR_SIZE_TRUNCATED);
}

TEST(huge_length_does_not_wrap)
{
	const uint8_t in[4] = {0};
	struct teeio_buf b = teeio_buf_reader(in, sizeof(in));
	CHECK_OK(teeio_buf_skip(&b, 2));
	CHECK_ERR(teeio_buf_skip(&b, SIZE_MAX), TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_ERR(teeio_buf_expect_zero(&b, SIZE_MAX - 1), TEEIO_ERR_SIZE_TRUNCATED);
	CHECK_EQ(b.pos, 2);
}

TEST(reserved_and_trailing)
{
	const uint8_t in[] = {0, 0, 1, 7};
	struct teeio_buf b = teeio_buf_reader(in, sizeof(in));
	CHECK_OK(teeio_buf_expect_zero(&b, 2));
	CHECK_ERR(teeio_buf_expect_zero(&b, 1), TEEIO_ERR_PROTO_RESERVED);
	CHECK_EQ(b.pos, 2);
	CHECK_ERR(teeio_buf_expect_end(&b), TEEIO_ERR_SIZE_TRAILING);
}

TEST(writes_and_overflow)
{
	uint8_t out[16];
	struct teeio_buf b = teeio_buf_writer(out, sizeof(out));
	CHECK_OK(teeio_buf_put_u8(&b, 0xaa));
	CHECK_OK(teeio_buf_put_u16le(&b, 0x1234));
	CHECK_OK(teeio_buf_put_u24le(&b, 0x563412));
	CHECK_ERR(teeio_buf_put_u24le(&b, 0x1000000), TEEIO_ERR_USAGE);
	CHECK_OK(teeio_buf_put_u32be(&b, 0x01020304));
	CHECK_OK(teeio_buf_put_u16be(&b, 0x0506));
	CHECK_EQ(b.pos, 12);
	const uint8_t want[] = {0xaa, 0x34, 0x12, 0x12, 0x34, 0x56, 1, 2, 3, 4, 5, 6};
	CHECK_MEM(out, want, sizeof(want));
	CHECK_ERR(teeio_buf_put_u64le(&b, 1), TEEIO_ERR_SIZE);
	CHECK_EQ(b.pos, 12);
	CHECK_OK(teeio_buf_put_u32le(&b, 0x0d0c0b0a));
	CHECK_ERR(teeio_buf_put_u8(&b, 0), TEEIO_ERR_SIZE);
	CHECK_ERR(teeio_buf_put_zero(&b, 1), TEEIO_ERR_SIZE);
	CHECK_ERR(teeio_buf_put_bytes(&b, want, 1), TEEIO_ERR_SIZE);
}

TEST(reserve_then_fill_length_prefix)
{
	uint8_t out[32];
	struct teeio_buf b = teeio_buf_writer(out, sizeof(out));
	uint8_t *len_slot;
	memset(out, 0xee, sizeof(out));
	CHECK_OK(teeio_buf_reserve(&b, 2, &len_slot));
	CHECK_EQ(len_slot[0], 0);
	size_t start = b.pos;
	CHECK_OK(teeio_buf_put_bytes(&b, "hello", 5));
	CHECK_OK(teeio_buf_put_zero(&b, 3));
	CHECK_OK(teeio_buf_put_u64le(&b, 0x0102030405060708ull));
	teeio_store_u16le(len_slot, (uint16_t)(b.pos - start));
	CHECK_EQ(teeio_load_u16le(out), 16);
	CHECK(teeio_load_u64le(out + 10) == 0x0102030405060708ull);
	uint8_t *slot;
	CHECK_ERR(teeio_buf_reserve(&b, 100, &slot), TEEIO_ERR_SIZE);
}

TEST(constant_time_compare)
{
	uint8_t a[48], b[48];
	for (size_t i = 0; i < sizeof(a); i++)
		a[i] = b[i] = (uint8_t)(i * 7);
	CHECK(teeio_ct_memeq(a, b, sizeof(a)));
	CHECK(teeio_ct_memeq(a, b, 0));
	for (size_t i = 0; i < sizeof(a); i++) {
		for (int bit = 0; bit < 8; bit++) {
			b[i] ^= (uint8_t)(1u << bit);
			if (teeio_ct_memeq(a, b, sizeof(a)))
				test_fail(__FILE__, __LINE__,
					  "equal after flipping byte %zu bit %d", i, bit);
			b[i] ^= (uint8_t)(1u << bit);
		}
	}
	uint8_t z[8] = {0};
	CHECK(teeio_ct_is_zero(z, sizeof(z)));
	z[7] = 0x80;
	CHECK(!teeio_ct_is_zero(z, sizeof(z)));
}

TEST(wipe_zeroes)
{
	uint8_t k[32];
	memset(k, 0x5a, sizeof(k));
	teeio_wipe(k, sizeof(k));
	CHECK(teeio_ct_is_zero(k, sizeof(k)));
	teeio_wipe(NULL, 4); /* tolerated */
}

TEST(hex_round_trip_and_errors)
{
	uint8_t raw[] = {0x00, 0x01, 0xab, 0xff};
	char hex[9];
	teeio_hex(hex, raw, sizeof(raw));
	CHECK(!strcmp(hex, "0001abff"));
	uint8_t back[4];
	size_t n = 0;
	CHECK_OK(teeio_unhex("00 01\nAB ff", back, sizeof(back), &n));
	CHECK_EQ(n, 4);
	CHECK_MEM(back, raw, 4);
	CHECK_ERR(teeio_unhex("0g", back, sizeof(back), &n), TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_unhex("abc", back, sizeof(back), &n), TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_unhex("0102030405", back, sizeof(back), &n), TEEIO_ERR_SIZE);
}

TEST(error_kinds_and_names)
{
	CHECK_EQ(teeio_err_kind(TEEIO_OK), TEEIO_KIND_OK);
	CHECK_EQ(teeio_err_kind(TEEIO_ERR_PROTO_RESERVED), TEEIO_KIND_PROTOCOL);
	CHECK_EQ(teeio_err_kind(TEEIO_ERR_CRYPTO_VERIFY), TEEIO_KIND_CRYPTO);
	CHECK_EQ(teeio_err_kind(TEEIO_ERR_TRANSPORT_CLOSED), TEEIO_KIND_TRANSPORT);
	CHECK(!strcmp(teeio_err_str(TEEIO_ERR_SIZE_TRUNCATED), "size.truncated"));
	CHECK(!strcmp(teeio_err_str((teeio_err)0x7fff), "unknown"));
}

static teeio_err try_chain(int fail_at, int *reached)
{
	*reached = 0;
	TRY(fail_at == 1 ? TEEIO_ERR_PROTO : TEEIO_OK);
	*reached = 1;
	ENSURE(fail_at != 2, TEEIO_ERR_STATE);
	*reached = 2;
	return TEEIO_OK;
}

TEST(try_and_ensure_stop_early)
{
	int r;
	CHECK_ERR(try_chain(1, &r), TEEIO_ERR_PROTO);
	CHECK_EQ(r, 0);
	CHECK_ERR(try_chain(2, &r), TEEIO_ERR_STATE);
	CHECK_EQ(r, 1);
	CHECK_OK(try_chain(0, &r));
	CHECK_EQ(r, 2);
}

TEST(logger_respects_level)
{
	char buf[256] = {0};
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	struct teeio_log log = {.level = TEEIO_LOG_WARN, .sink = f, .prefix = "t"};
	teeio_log(&log, TEEIO_LOG_INFO, "hidden %d", 1);
	teeio_log(&log, TEEIO_LOG_WARN, "shown %d", 2);
	teeio_log(NULL, TEEIO_LOG_ERROR, "null logger is silent");
	fclose(f);
	CHECK(strstr(buf, "shown 2") != NULL);
	CHECK(strstr(buf, "hidden") == NULL);
	CHECK(strstr(buf, "[t] warn:") != NULL);
}

int main(void)
{
	RUN(reads_little_and_big_endian);
	RUN(truncated_read_fails_and_does_not_move);
	RUN(huge_length_does_not_wrap);
	RUN(reserved_and_trailing);
	RUN(writes_and_overflow);
	RUN(reserve_then_fill_length_prefix);
	RUN(constant_time_compare);
	RUN(wipe_zeroes);
	RUN(hex_round_trip_and_errors);
	RUN(error_kinds_and_names);
	RUN(try_and_ensure_stop_early);
	RUN(logger_respects_level);
	return test_summary();
}
