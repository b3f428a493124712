/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Connection state shared by both roles: the negotiated parameters and the
 * VCA transcript (DSP0274 1.3, "Transcript and transcript hash
 * calculation": VCA = GET_VERSION .. ALGORITHMS).  The VCA bytes are kept
 * raw until ALGORITHMS names the hash; after that one running hash state
 * is the prefix every later transcript (M1/M2, L1/L2, TH) copies.
 */
#include <string.h>

#include "wire.h"

void teeio_spdm_conn_init(struct teeio_spdm_conn *c, const struct teeio_crypto_ops *ops)
{
	memset(c, 0, sizeof(*c));
	c->ops = ops;
}

void teeio_spdm_conn_reset(struct teeio_spdm_conn *c)
{
	const struct teeio_crypto_ops *ops = c->ops;

	if (c->vca_sealed)
		ops->hash_free(&c->vca_hash);
	teeio_spdm_conn_init(c, ops);
}

void teeio_spdm_conn_free(struct teeio_spdm_conn *c)
{
	teeio_spdm_conn_reset(c);
}

bool teeio_spdm_version_known(uint8_t v)
{
	return v == TEEIO_SPDM_V10 || v == TEEIO_SPDM_V11 || v == TEEIO_SPDM_V12 ||
	       v == TEEIO_SPDM_V13;
}

teeio_err teeio_spdm_conn_vca_append(struct teeio_spdm_conn *c, const uint8_t *msg, size_t len)
{
	ENSURE(!c->vca_sealed, TEEIO_ERR_STATE);
	ENSURE(len <= sizeof(c->vca) - c->vca_len, TEEIO_ERR_SIZE_LIMIT);
	memcpy(c->vca + c->vca_len, msg, len);
	c->vca_len += len;
	return TEEIO_OK;
}

teeio_err teeio_spdm_conn_vca_seal(struct teeio_spdm_conn *c)
{
	teeio_err rc;

	ENSURE(!c->vca_sealed, TEEIO_ERR_STATE);
	ENSURE(c->neg.hash != TEEIO_HASH_NONE, TEEIO_ERR_USAGE);
	TRY(c->ops->hash_init(&c->vca_hash, c->neg.hash));
	rc = c->ops->hash_update(&c->vca_hash, c->vca, c->vca_len);
	if (rc != TEEIO_OK) {
		c->ops->hash_free(&c->vca_hash);
		return rc;
	}
	c->vca_sealed = true;
	return TEEIO_OK;
}

teeio_err teeio_spdm_expect_end_pad(const struct teeio_buf *b, size_t max_pad)
{
	size_t left = teeio_buf_left(b);

	ENSURE(left <= max_pad, TEEIO_ERR_SIZE_TRAILING);
	ENSURE(teeio_ct_is_zero(teeio_buf_cur(b), left), TEEIO_ERR_SIZE_TRAILING);
	return TEEIO_OK;
}
