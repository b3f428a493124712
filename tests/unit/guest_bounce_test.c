/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The legacy bounce-buffer path (src/guest/bounce.c): round trips both
 * ways through shared memory, the plaintext never in shared memory,
 * tampering, replay, reordering and reflection detected, bounds.
 */
#include <string.h>

#include "support/platform.h"
#include "teeio/guest.h"
#include "test.h"

static const struct teeio_crypto_ops *ops;
static uint8_t shared_mem[4 * 4096];
static struct teeio_guest_shared_mem win = {shared_mem, sizeof(shared_mem)};
static struct teeio_guest_bounce guest, device;
static const uint8_t key[32] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16,
				17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

static void setup(void)
{
	struct teeio_guest_shared s = teeio_guest_shared_mem(&win);

	teeio_guest_bounce_free(&guest);
	teeio_guest_bounce_free(&device);
	memset(shared_mem, 0, sizeof(shared_mem));
	CHECK_OK(
	    teeio_guest_bounce_init(&guest, ops, key, sizeof(key), &s, TEEIO_GUEST_BOUNCE_GUEST));
	CHECK_OK(
	    teeio_guest_bounce_init(&device, ops, key, sizeof(key), &s, TEEIO_GUEST_BOUNCE_DEVICE));
}

/* True when `needle` appears anywhere in shared memory. */
static bool in_shared(const void *needle, size_t len)
{
	size_t i;

	for (i = 0; i + len <= sizeof(shared_mem); i++)
		if (!memcmp(shared_mem + i, needle, len))
			return true;
	return false;
}

TEST(round_trip_both_ways)
{
	static const char msg[] = "private payload for the device";
	uint8_t back[256];
	size_t used = 0, len = 0;
	int i;

	setup();
	for (i = 0; i < 3; i++) {
		CHECK_OK(teeio_guest_bounce_out(&guest, 0, msg, sizeof(msg), &used));
		CHECK_EQ(used, sizeof(msg) + TEEIO_GUEST_BOUNCE_OVERHEAD);
		CHECK(!in_shared(msg, 16)); /* only ciphertext went out */
		CHECK_OK(teeio_guest_bounce_in(&device, 0, back, sizeof(back), &len));
		CHECK_EQ(len, sizeof(msg));
		CHECK_MEM(back, msg, sizeof(msg));
		/* and back the other way, at another offset */
		CHECK_OK(teeio_guest_bounce_out(&device, 4096, back, len, NULL));
		memset(back, 0, sizeof(back));
		CHECK_OK(teeio_guest_bounce_in(&guest, 4096, back, sizeof(back), &len));
		CHECK_MEM(back, msg, sizeof(msg));
	}
	CHECK_EQ(guest.tx_seq, 3);
	CHECK_EQ(device.rx_seq, 3);
	/* An empty block works too. */
	CHECK_OK(teeio_guest_bounce_out(&guest, 0, NULL, 0, NULL));
	CHECK_OK(teeio_guest_bounce_in(&device, 0, back, sizeof(back), &len));
	CHECK_EQ(len, 0);
}

TEST(tamper_detected)
{
	uint8_t msg[64];
	uint8_t back[128]; /* room for a grown length: the tag must catch it */
	size_t len, used;
	size_t where[] = {0, 5, TEEIO_GUEST_BOUNCE_HDR + 3, TEEIO_GUEST_BOUNCE_HDR + 64 + 15};
	size_t i;

	memset(msg, 7, sizeof(msg));
	for (i = 0; i < TEEIO_ARRAY_LEN(where); i++) {
		setup();
		CHECK_OK(teeio_guest_bounce_out(&guest, 0, msg, sizeof(msg), &used));
		shared_mem[where[i]] ^= 0x01;
		memset(back, 0xAA, sizeof(back));
		CHECK(teeio_guest_bounce_in(&device, 0, back, sizeof(back), &len) != TEEIO_OK);
		CHECK(device.dead);
		/* No plaintext is released from a block that did not open. */
		CHECK(back[1] != 7);
		/* Dead stays dead. */
		CHECK_ERR(teeio_guest_bounce_in(&device, 0, back, sizeof(back), &len),
			  TEEIO_ERR_STATE_DEAD);
	}
	/* A flipped ciphertext byte is an authentication failure. */
	setup();
	CHECK_OK(teeio_guest_bounce_out(&guest, 0, msg, sizeof(msg), &used));
	shared_mem[TEEIO_GUEST_BOUNCE_HDR] ^= 0x80;
	CHECK_ERR(teeio_guest_bounce_in(&device, 0, back, sizeof(back), &len),
		  TEEIO_ERR_CRYPTO_VERIFY);
}

TEST(replayed_block_detected)
{
	static const uint8_t msg[32] = {1, 2, 3};
	uint8_t saved[32 + TEEIO_GUEST_BOUNCE_OVERHEAD];
	uint8_t back[32];
	size_t len;

	setup();
	CHECK_OK(teeio_guest_bounce_out(&guest, 0, msg, sizeof(msg), NULL));
	memcpy(saved, shared_mem, sizeof(saved));
	CHECK_OK(teeio_guest_bounce_in(&device, 0, back, sizeof(back), &len));
	/* The host writes the old block back: refused. */
	memcpy(shared_mem, saved, sizeof(saved));
	CHECK_ERR(teeio_guest_bounce_in(&device, 0, back, sizeof(back), &len),
		  TEEIO_ERR_CRYPTO_VERIFY);
	/* Even with the sequence field rewritten to the expected one. */
	setup();
	CHECK_OK(teeio_guest_bounce_out(&guest, 0, msg, sizeof(msg), NULL));
	memcpy(saved, shared_mem, sizeof(saved));
	CHECK_OK(teeio_guest_bounce_in(&device, 0, back, sizeof(back), &len));
	memcpy(shared_mem, saved, sizeof(saved));
	teeio_store_u64le(shared_mem + 4, 1);
	CHECK_ERR(teeio_guest_bounce_in(&device, 0, back, sizeof(back), &len),
		  TEEIO_ERR_CRYPTO_VERIFY);
}

TEST(reordered_and_reflected_blocks_detected)
{
	static const uint8_t a[16] = {0xA}, b[16] = {0xB};
	uint8_t back[16];
	size_t len;

	/* Second block read first. */
	setup();
	CHECK_OK(teeio_guest_bounce_out(&guest, 0, a, sizeof(a), NULL));
	CHECK_OK(teeio_guest_bounce_out(&guest, 1024, b, sizeof(b), NULL));
	CHECK_ERR(teeio_guest_bounce_in(&device, 1024, back, sizeof(back), &len),
		  TEEIO_ERR_CRYPTO_VERIFY);
	/* The guest's own block reflected back to it. */
	setup();
	CHECK_OK(teeio_guest_bounce_out(&guest, 0, a, sizeof(a), NULL));
	CHECK_ERR(teeio_guest_bounce_in(&guest, 0, back, sizeof(back), &len),
		  TEEIO_ERR_CRYPTO_VERIFY);
	/* Another key does not open it. */
	setup();
	{
		uint8_t k2[32] = {9};
		struct teeio_guest_shared s = teeio_guest_shared_mem(&win);
		teeio_guest_bounce_free(&device);
		CHECK_OK(teeio_guest_bounce_init(&device, ops, k2, sizeof(k2), &s,
						 TEEIO_GUEST_BOUNCE_DEVICE));
	}
	CHECK_OK(teeio_guest_bounce_out(&guest, 0, a, sizeof(a), NULL));
	CHECK_ERR(teeio_guest_bounce_in(&device, 0, back, sizeof(back), &len),
		  TEEIO_ERR_CRYPTO_VERIFY);
}

TEST(bounds)
{
	static uint8_t big[TEEIO_GUEST_BOUNCE_BLOCK_MAX + 1];
	uint8_t back[8];
	size_t len;
	struct teeio_guest_shared s = teeio_guest_shared_mem(&win);

	setup();
	CHECK_ERR(teeio_guest_bounce_out(&guest, 0, big, sizeof(big), NULL), TEEIO_ERR_SIZE_LIMIT);
	/* Does not fit the window at this offset. */
	CHECK_ERR(teeio_guest_bounce_out(&guest, sizeof(shared_mem) - 20, big, 8, NULL),
		  TEEIO_ERR_SIZE);
	/* A block larger than the reader's buffer. */
	CHECK_OK(teeio_guest_bounce_out(&guest, 0, big, 64, NULL));
	CHECK_ERR(teeio_guest_bounce_in(&device, 0, back, sizeof(back), &len), TEEIO_ERR_SIZE);
	/* A length field pointing past the window. */
	teeio_store_u32le(shared_mem, sizeof(shared_mem));
	CHECK_ERR(teeio_guest_bounce_in(&device, 0, back, sizeof(back), &len), TEEIO_ERR_PROTO);
	teeio_store_u32le(shared_mem, UINT32_MAX);
	CHECK_ERR(teeio_guest_bounce_in(&device, 0, back, sizeof(back), &len),
		  TEEIO_ERR_SIZE_LIMIT);
	CHECK_ERR(teeio_guest_bounce_in(&device, sizeof(shared_mem) - 4, back, sizeof(back), &len),
		  TEEIO_ERR_PROTO);
	/* Bad keys and ends. */
	CHECK_ERR(teeio_guest_bounce_init(&guest, ops, key, 16, &s, TEEIO_GUEST_BOUNCE_GUEST),
		  TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_guest_bounce_init(&guest, ops, key, 32, &s, (enum teeio_guest_bounce_end)2),
		  TEEIO_ERR_USAGE);
	/* The sequence never wraps. */
	setup();
	guest.tx_seq = UINT64_MAX;
	CHECK_ERR(teeio_guest_bounce_out(&guest, 0, back, 1, NULL), TEEIO_ERR_STATE_DEAD);
}

/*
 * Over the emulated platform: the guest's end writes through its shared
 * table, the host sees the same pages as the VMM; a private page behind
 * the window is refused.
 */
TEST(over_platform_shared_memory)
{
	static const char msg[] = "through a shared page";
	struct plat_test *t = calloc(1, sizeof(*t));
	struct teeio_guest_shared_plat sp;
	struct teeio_guest_shared_mem host_win;
	struct teeio_guest_shared gs, hs;
	struct teeio_guest_bounce gb, hb;
	uint8_t back[64], host_copy[2 * 4096];
	unsigned tvm = 0;
	uint64_t hpa = 0;
	size_t len = 0;

	CHECK(t != NULL);
	if (!t)
		return;
	memset(&gb, 0, sizeof(gb));
	memset(&hb, 0, sizeof(hb));
	CHECK_OK(plat_test_init(t, TEEIO_PLAT_FLAVOUR_SEV));
	CHECK_OK(teeio_plat_tsm_tvm_create(&t->tsm, &tvm));
	CHECK_OK(teeio_plat_vmm_page_alloc(&t->vmm, 2, &hpa));
	CHECK_OK(teeio_plat_vmm_map_shared(&t->vmm, tvm, 0x200000, hpa, 2, true));
	sp.g = teeio_plat_guest(&t->p, tvm);
	sp.gpa = 0x200000;
	sp.size = 2 * 4096;
	gs = teeio_guest_shared_plat(&sp);
	CHECK_OK(
	    teeio_guest_bounce_init(&gb, ops, key, sizeof(key), &gs, TEEIO_GUEST_BOUNCE_GUEST));
	CHECK_OK(teeio_guest_bounce_out(&gb, 100, msg, sizeof(msg), NULL));
	/* The host (the device's side in the legacy model) reads the pages. */
	CHECK_EQ(teeio_plat_vmm_read(&t->vmm, hpa, host_copy, sizeof(host_copy)), TEEIO_PLAT_OK);
	host_win.mem = host_copy;
	host_win.size = sizeof(host_copy);
	hs = teeio_guest_shared_mem(&host_win);
	CHECK_OK(
	    teeio_guest_bounce_init(&hb, ops, key, sizeof(key), &hs, TEEIO_GUEST_BOUNCE_DEVICE));
	CHECK_OK(teeio_guest_bounce_in(&hb, 100, back, sizeof(back), &len));
	CHECK_EQ(len, sizeof(msg));
	CHECK_MEM(back, msg, sizeof(msg));
	/* Beyond the window. */
	CHECK_ERR(teeio_guest_bounce_out(&gb, 2 * 4096 - 10, msg, sizeof(msg), NULL),
		  TEEIO_ERR_SIZE);
	/* A window over GPAs with no shared mapping faults. */
	sp.gpa = 0x400000;
	CHECK_ERR(teeio_guest_bounce_out(&gb, 0, msg, sizeof(msg), NULL), TEEIO_ERR_STATE);
	teeio_guest_bounce_free(&gb);
	teeio_guest_bounce_free(&hb);
	free(t);
}

int main(void)
{
	ops = teeio_crypto_openssl();
	RUN(round_trip_both_ways);
	RUN(tamper_detected);
	RUN(replayed_block_detected);
	RUN(reordered_and_reflected_blocks_detected);
	RUN(bounds);
	RUN(over_platform_shared_memory);
	teeio_guest_bounce_free(&guest);
	teeio_guest_bounce_free(&device);
	return test_summary();
}
