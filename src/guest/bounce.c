/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The legacy path, for comparison with TEE-IO: a device outside the TVM's
 * trust boundary can only reach shared memory, so every byte crosses a
 * bounce buffer there, encrypted and authenticated in software
 * (AES-256-GCM) by both ends.  Sending is encrypt-copy-out, receiving is
 * copy-in-decrypt; the plaintext never touches shared memory.
 *
 * Each direction has its own sequence number, carried in the block header
 * and folded into the IV (direction || sequence), so no IV is ever used
 * twice under the key and a receiver that insists on the next number
 * refuses replayed, reordered and reflected blocks.
 */
#include <string.h>

#include "guest_internal.h"

/* IV = direction (u32 BE) || sequence (u64 BE). */
#define DIR_GUEST_TO_DEVICE 0x47324400u /* "G2D\0" */
#define DIR_DEVICE_TO_GUEST 0x44324700u /* "D2G\0" */

static uint32_t tx_dir(const struct teeio_guest_bounce *b)
{
	return b->end == TEEIO_GUEST_BOUNCE_GUEST ? DIR_GUEST_TO_DEVICE : DIR_DEVICE_TO_GUEST;
}

static uint32_t rx_dir(const struct teeio_guest_bounce *b)
{
	return b->end == TEEIO_GUEST_BOUNCE_GUEST ? DIR_DEVICE_TO_GUEST : DIR_GUEST_TO_DEVICE;
}

static void make_iv(uint8_t iv[TEEIO_AEAD_IV_SIZE], uint32_t dir, uint64_t seq)
{
	teeio_store_u32be(iv, dir);
	teeio_store_u32be(iv + 4, (uint32_t)(seq >> 32));
	teeio_store_u32be(iv + 8, (uint32_t)seq);
}

static teeio_err mem_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct teeio_guest_shared_mem *m = ctx;

	ENSURE(off <= m->size && len <= m->size - off, TEEIO_ERR_SIZE);
	memcpy(buf, m->mem + off, len);
	return TEEIO_OK;
}

static teeio_err mem_write(void *ctx, uint64_t off, const void *buf, size_t len)
{
	struct teeio_guest_shared_mem *m = ctx;

	ENSURE(off <= m->size && len <= m->size - off, TEEIO_ERR_SIZE);
	memcpy(m->mem + off, buf, len);
	return TEEIO_OK;
}

struct teeio_guest_shared teeio_guest_shared_mem(struct teeio_guest_shared_mem *m)
{
	struct teeio_guest_shared s = {mem_read, mem_write, m, m->size};
	return s;
}

static teeio_err plat_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct teeio_guest_shared_plat *sp = ctx;
	uint64_t gpa;

	ENSURE(off <= sp->size && len <= sp->size - off, TEEIO_ERR_SIZE);
	gpa = teeio_plat_gpa(sp->g.p, sp->gpa + off, true);
	ENSURE(teeio_plat_guest_read(&sp->g, gpa, buf, len) == TEEIO_PLAT_OK, TEEIO_ERR_STATE);
	return TEEIO_OK;
}

static teeio_err plat_write(void *ctx, uint64_t off, const void *buf, size_t len)
{
	struct teeio_guest_shared_plat *sp = ctx;
	uint64_t gpa;

	ENSURE(off <= sp->size && len <= sp->size - off, TEEIO_ERR_SIZE);
	gpa = teeio_plat_gpa(sp->g.p, sp->gpa + off, true);
	ENSURE(teeio_plat_guest_write(&sp->g, gpa, buf, len) == TEEIO_PLAT_OK, TEEIO_ERR_STATE);
	return TEEIO_OK;
}

struct teeio_guest_shared teeio_guest_shared_plat(struct teeio_guest_shared_plat *sp)
{
	struct teeio_guest_shared s = {plat_read, plat_write, sp, sp->size};
	return s;
}

teeio_err teeio_guest_bounce_init(struct teeio_guest_bounce *b, const struct teeio_crypto_ops *ops,
				  const uint8_t *key, size_t key_len,
				  const struct teeio_guest_shared *shm,
				  enum teeio_guest_bounce_end end)
{
	ENSURE(b && ops && key && shm && shm->read && shm->write, TEEIO_ERR_USAGE);
	ENSURE(key_len == teeio_aead_key_size(TEEIO_AEAD_AES256_GCM), TEEIO_ERR_USAGE);
	ENSURE(end == TEEIO_GUEST_BOUNCE_GUEST || end == TEEIO_GUEST_BOUNCE_DEVICE,
	       TEEIO_ERR_USAGE);
	memset(b, 0, sizeof(*b));
	b->ops = ops;
	b->shm = *shm;
	b->end = end;
	return ops->aead_init(&b->aead, TEEIO_AEAD_AES256_GCM, key, key_len);
}

teeio_err teeio_guest_bounce_out(struct teeio_guest_bounce *b, uint64_t off, const void *pt,
				 size_t len, size_t *used)
{
	uint8_t iv[TEEIO_AEAD_IV_SIZE];
	uint8_t *hdr = b->scratch;
	size_t total = len + TEEIO_GUEST_BOUNCE_OVERHEAD;
	teeio_err rc;

	ENSURE(!b->dead, TEEIO_ERR_STATE_DEAD);
	ENSURE(pt || !len, TEEIO_ERR_USAGE);
	ENSURE(len <= TEEIO_GUEST_BOUNCE_BLOCK_MAX, TEEIO_ERR_SIZE_LIMIT);
	ENSURE(off <= b->shm.size && total <= b->shm.size - off, TEEIO_ERR_SIZE);
	/* The sequence must never wrap: a repeated IV would break GCM. */
	if (b->tx_seq == UINT64_MAX) {
		b->dead = true;
		return TEEIO_ERR_STATE_DEAD;
	}
	teeio_store_u32le(hdr, (uint32_t)len);
	teeio_store_u64le(hdr + 4, b->tx_seq);
	make_iv(iv, tx_dir(b), b->tx_seq);
	/* Encrypt into private scratch, then copy the block out whole. */
	rc = b->ops->aead_seal(&b->aead, iv, hdr, TEEIO_GUEST_BOUNCE_HDR, pt, len,
			       hdr + TEEIO_GUEST_BOUNCE_HDR, hdr + TEEIO_GUEST_BOUNCE_HDR + len,
			       TEEIO_GUEST_BOUNCE_TAG);
	if (rc == TEEIO_OK)
		rc = b->shm.write(b->shm.ctx, off, hdr, total);
	if (rc == TEEIO_OK) {
		b->tx_seq++;
		if (used)
			*used = total;
	}
	return rc;
}

teeio_err teeio_guest_bounce_in(struct teeio_guest_bounce *b, uint64_t off, void *pt, size_t cap,
				size_t *len)
{
	uint8_t iv[TEEIO_AEAD_IV_SIZE];
	uint8_t *blk = b->scratch;
	uint32_t n;
	teeio_err rc;

	ENSURE(!b->dead, TEEIO_ERR_STATE_DEAD);
	ENSURE(pt && len, TEEIO_ERR_USAGE);
	ENSURE(off <= b->shm.size && TEEIO_GUEST_BOUNCE_OVERHEAD <= b->shm.size - off,
	       TEEIO_ERR_PROTO);
	/* Copy in first: the other side of shared memory may change it at
	 * any time, so only this private copy is ever looked at. */
	TRY(b->shm.read(b->shm.ctx, off, blk, TEEIO_GUEST_BOUNCE_HDR));
	n = teeio_load_u32le(blk);
	ENSURE(n <= TEEIO_GUEST_BOUNCE_BLOCK_MAX, TEEIO_ERR_SIZE_LIMIT);
	ENSURE(n + (uint64_t)TEEIO_GUEST_BOUNCE_OVERHEAD <= b->shm.size - off, TEEIO_ERR_PROTO);
	ENSURE(n <= cap, TEEIO_ERR_SIZE);
	TRY(b->shm.read(b->shm.ctx, off + TEEIO_GUEST_BOUNCE_HDR, blk + TEEIO_GUEST_BOUNCE_HDR,
			n + TEEIO_GUEST_BOUNCE_TAG));
	/* The IV comes from the sequence we expect, not the one written: a
	 * replayed or reordered block cannot open. */
	if (teeio_load_u64le(blk + 4) != b->rx_seq) {
		b->dead = true;
		return TEEIO_ERR_CRYPTO_VERIFY;
	}
	make_iv(iv, rx_dir(b), b->rx_seq);
	rc = b->ops->aead_open(&b->aead, iv, blk, TEEIO_GUEST_BOUNCE_HDR,
			       blk + TEEIO_GUEST_BOUNCE_HDR, n, blk + TEEIO_GUEST_BOUNCE_HDR + n,
			       TEEIO_GUEST_BOUNCE_TAG, pt);
	if (rc != TEEIO_OK) {
		b->dead = true;
		return rc;
	}
	b->rx_seq++;
	*len = n;
	return TEEIO_OK;
}

void teeio_guest_bounce_free(struct teeio_guest_bounce *b)
{
	if (!b)
		return;
	if (b->ops)
		b->ops->aead_free(&b->aead);
	teeio_wipe(b, sizeof(*b));
}
