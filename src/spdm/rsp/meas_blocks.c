/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Measurement blocks as this responder reports them, shared by
 * MEASUREMENTS and the measurement summary hash of CHALLENGE_AUTH and
 * KEY_EXCHANGE_RSP.  A device entry holds the raw value; unless raw is
 * asked for (1.2 RawBitStreamRequested), the entry is raw-only, or the
 * negotiated MeasurementHashAlgo is "raw bit stream only", the block
 * carries the digest of the value under the measurement hash.
 */
#include "rsp.h"
#include "rsp_meas.h"

teeio_err rsp_meas_put(const struct teeio_spdm_rsp *rsp, const struct teeio_spdm_rsp_meas_entry *e,
		       bool raw_requested, struct teeio_buf *out)
{
	const struct teeio_spdm_negotiated *n = &rsp->conn.neg;
	uint8_t digest[TEEIO_HASH_MAX];
	struct teeio_spdm_meas_block b = {
	    .index = e->index,
	    .type = e->type,
	    .raw = true,
	    .value = e->value,
	    .len = e->len,
	};

	if (!e->raw_only && !raw_requested && !n->meas_raw_only) {
		TRY(rsp->cfg->ops->hash(n->meas_hash, e->value, e->len, digest));
		b.raw = false;
		b.value = digest;
		b.len = (uint16_t)teeio_hash_size(n->meas_hash);
	}
	return teeio_spdm_meas_block_encode(out, &b);
}

const struct teeio_spdm_rsp_meas_entry *rsp_meas_find(const struct teeio_spdm_rsp *rsp,
						      uint8_t index)
{
	const struct teeio_spdm_rsp_meas *m = rsp->cfg->meas;

	for (size_t i = 0; m && i < m->n; i++)
		if (m->entries[i].index == index)
			return &m->entries[i];
	return NULL;
}

/*
 * Summary hash (DSP0274 1.3, "Measurement summary hash"): the base hash of
 * the concatenated measurement blocks, all of them for type 0xFF, the TCB
 * ones for type 1.  The blocks are encoded as in a MEASUREMENTS response
 * without RawBitStreamRequested (libspdm's device sample does the same).
 */
teeio_err rsp_meas_summary(struct teeio_spdm_rsp *rsp, uint8_t type, uint8_t *out)
{
	const struct teeio_crypto_ops *ops = rsp->cfg->ops;
	const struct teeio_spdm_rsp_meas *m = rsp->cfg->meas;
	uint8_t blk[SPDM_MEAS_BLOCK_HDR + SPDM_MEAS_DMTF_HDR + TEEIO_SPDM_MAX_MEAS_VALUE];
	struct teeio_hash h = {0};
	teeio_err rc;

	TRY(ops->hash_init(&h, rsp->conn.neg.hash));
	for (size_t i = 0; m && i < m->n; i++) {
		struct teeio_buf b = teeio_buf_writer(blk, sizeof(blk));

		if (type == SPDM_SUMMARY_TCB && !m->entries[i].tcb)
			continue;
		TRY_OUT(rsp_meas_put(rsp, &m->entries[i], false, &b));
		TRY_OUT(ops->hash_update(&h, blk, b.pos));
	}
	rc = ops->hash_final(&h, out);
out:
	ops->hash_free(&h);
	return rc;
}

teeio_err rsp_summary_check(const struct teeio_spdm_rsp *rsp, uint8_t type)
{
	if (type == SPDM_SUMMARY_NONE)
		return TEEIO_OK;
	ENSURE(type == SPDM_SUMMARY_TCB || type == SPDM_SUMMARY_ALL, TEEIO_ERR_PROTO);
	/* A summary needs measurements (MEAS_CAP) and a negotiated spec. */
	ENSURE((rsp->local_caps & TEEIO_SPDM_CAP_MEAS_MASK) && rsp->conn.neg.meas_spec != 0,
	       TEEIO_ERR_PROTO);
	return TEEIO_OK;
}
