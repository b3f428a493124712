/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Measurements against the policy's reference values, one verdict per
 * index.  The evidence is the concatenation of DMTF measurement blocks
 * (DSP0274 10.11.1) as the device sent them in MEASUREMENTS.
 *
 * A reference is a digest or the raw value; a block is a digest (of the
 * negotiated measurement hash) or a raw bit stream.  When the forms
 * differ the raw side is hashed, so one policy fits both.  Every digest
 * and value comparison is constant time.
 */
#include <string.h>

#include "guest_internal.h"

struct blocks {
	struct teeio_spdm_meas_block b[TEEIO_SPDM_MAX_MEAS_BLOCKS];
	bool judged[TEEIO_SPDM_MAX_MEAS_BLOCKS];
	size_t n;
};

/* Decode every block; false (with a finding) if the evidence is malformed. */
static bool decode_all(const struct teeio_guest_evidence *ev, struct blocks *bl,
		       struct teeio_guest_verdict *v)
{
	struct teeio_buf in = teeio_buf_reader(ev->meas, ev->meas ? ev->meas_len : 0);
	size_t i;

	bl->n = 0;
	while (teeio_buf_left(&in) > 0) {
		struct teeio_spdm_meas_block b;
		teeio_err rc = teeio_spdm_meas_block_decode(&in, &b);

		if (rc != TEEIO_OK) {
			gv_add(v, TEEIO_GUEST_AREA_MEAS, TEEIO_GUEST_MEAS_MALFORMED,
			       (uint32_t)bl->n, "block %zu: %s", bl->n, teeio_err_str(rc));
			return false;
		}
		if (bl->n == TEEIO_SPDM_MAX_MEAS_BLOCKS) {
			gv_add(v, TEEIO_GUEST_AREA_MEAS, TEEIO_GUEST_MEAS_MALFORMED,
			       (uint32_t)bl->n, "more than %d blocks", TEEIO_SPDM_MAX_MEAS_BLOCKS);
			return false;
		}
		for (i = 0; i < bl->n; i++) {
			if (bl->b[i].index == b.index) {
				gv_add(v, TEEIO_GUEST_AREA_MEAS, TEEIO_GUEST_MEAS_DUPLICATE,
				       b.index, "index %u reported twice", b.index);
				return false;
			}
		}
		bl->judged[bl->n] = false;
		bl->b[bl->n++] = b;
	}
	return true;
}

/*
 * The algorithm of a digest block: the negotiated measurement hash when
 * the TSM reported it (and the size agrees), else the one its size names.
 */
static enum teeio_hash_alg block_hash(const struct teeio_guest_evidence *ev,
				      const struct teeio_spdm_meas_block *b)
{
	enum teeio_hash_alg a;

	if (ev->spdm.meas_hash != TEEIO_HASH_NONE)
		return teeio_hash_size(ev->spdm.meas_hash) == b->len ? ev->spdm.meas_hash
								     : TEEIO_HASH_NONE;
	for (a = TEEIO_HASH_SHA256; a <= TEEIO_HASH_SHA512; a++)
		if (teeio_hash_size(a) == b->len)
			return a;
	return TEEIO_HASH_NONE;
}

/* Compare one block with its reference; TEEIO_GUEST_OK or why not. */
static enum teeio_guest_reason compare(const struct teeio_crypto_ops *ops,
				       const struct teeio_guest_evidence *ev,
				       const struct teeio_guest_meas_ref *ref,
				       const struct teeio_spdm_meas_block *b)
{
	uint8_t dig[TEEIO_HASH_MAX];
	const uint8_t *want = ref->value;
	const uint8_t *have = b->value;
	size_t want_len = ref->len;
	size_t have_len = b->len;
	bool ok;

	if (ref->type >= 0 && b->type != ref->type)
		return TEEIO_GUEST_MEAS_TYPE;
	if (ref->kind == TEEIO_GUEST_REF_DIGEST && b->raw) {
		/* Hash the device's raw value with the reference's algorithm. */
		if (ops->hash(ref->hash, b->value, b->len, dig) != TEEIO_OK)
			return TEEIO_GUEST_MEAS_FORM;
		have = dig;
		have_len = teeio_hash_size(ref->hash);
	} else if (ref->kind == TEEIO_GUEST_REF_DIGEST) {
		/* Both digests: of the same algorithm, or not comparable. */
		if (block_hash(ev, b) != ref->hash || b->len != ref->len)
			return TEEIO_GUEST_MEAS_FORM;
	} else if (!b->raw) {
		/* A raw reference against a digest: hash the reference. */
		if (block_hash(ev, b) == TEEIO_HASH_NONE ||
		    ops->hash(block_hash(ev, b), ref->value, ref->len, dig) != TEEIO_OK)
			return TEEIO_GUEST_MEAS_FORM;
		want = dig;
		want_len = b->len;
	}
	/* Lengths are public (they follow from the algorithm or the policy);
	 * the contents are compared in constant time. */
	ok = want_len == have_len && teeio_ct_memeq(want, have, want_len);
	teeio_wipe(dig, sizeof(dig));
	return ok ? TEEIO_GUEST_OK : TEEIO_GUEST_MEAS_MISMATCH;
}

static void judge(struct teeio_guest_verdict *v, uint8_t index, enum teeio_guest_reason r)
{
	if (v->n_meas < TEEIO_ARRAY_LEN(v->meas))
		v->meas[v->n_meas++] = (struct teeio_guest_meas_verdict){index, r};
}

void gv_meas(const struct teeio_crypto_ops *ops, const struct teeio_guest_policy *pol,
	     const struct teeio_guest_evidence *ev, struct teeio_guest_verdict *v)
{
	struct blocks bl;
	size_t i, j;

	if (!decode_all(ev, &bl, v))
		return;
	for (i = 0; i < pol->n_meas; i++) {
		const struct teeio_guest_meas_ref *ref = &pol->meas[i];
		enum teeio_guest_reason r;

		for (j = 0; j < bl.n && bl.b[j].index != ref->index; j++)
			;
		if (j == bl.n) {
			r = ref->mandatory ? TEEIO_GUEST_MEAS_MISSING : TEEIO_GUEST_MEAS_ABSENT;
			judge(v, ref->index, r);
			gv_add(v, TEEIO_GUEST_AREA_MEAS, r, ref->index, "index %u %s", ref->index,
			       ref->mandatory ? "is mandatory but absent" : "absent (optional)");
			continue;
		}
		bl.judged[j] = true;
		r = compare(ops, ev, ref, &bl.b[j]);
		judge(v, ref->index, r);
		if (r != TEEIO_GUEST_OK)
			gv_add(v, TEEIO_GUEST_AREA_MEAS, r, ref->index, "index %u: %s", ref->index,
			       r == TEEIO_GUEST_MEAS_MISMATCH ? "value differs from the reference"
			       : r == TEEIO_GUEST_MEAS_TYPE   ? "DMTF value type differs"
							      : "digest algorithm or size differs");
	}
	for (j = 0; j < bl.n; j++) {
		if (bl.judged[j])
			continue;
		judge(v, bl.b[j].index,
		      pol->allow_unlisted ? TEEIO_GUEST_OK : TEEIO_GUEST_MEAS_UNLISTED);
		if (!pol->allow_unlisted)
			gv_add(v, TEEIO_GUEST_AREA_MEAS, TEEIO_GUEST_MEAS_UNLISTED, bl.b[j].index,
			       "index %u is not in the policy", bl.b[j].index);
	}
}
