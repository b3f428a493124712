/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Running transcript hashes.  Nothing is re-hashed: a transcript starts as
 * a copy of the connection's VCA hash state and every message is fed once;
 * reading a digest copies the state and finishes the copy.
 */
#include <string.h>

#include "wire.h"

teeio_err teeio_spdm_tr_start(struct teeio_spdm_tr *tr, const struct teeio_spdm_conn *c,
			      bool with_vca)
{
	teeio_spdm_tr_free(tr);
	tr->ops = c->ops;
	if (with_vca) {
		ENSURE(c->vca_sealed, TEEIO_ERR_STATE);
		TRY(c->ops->hash_copy(&tr->h, &c->vca_hash));
	} else {
		ENSURE(c->neg.hash != TEEIO_HASH_NONE, TEEIO_ERR_STATE);
		TRY(c->ops->hash_init(&tr->h, c->neg.hash));
	}
	tr->live = true;
	return TEEIO_OK;
}

teeio_err teeio_spdm_tr_copy(struct teeio_spdm_tr *dst, const struct teeio_spdm_tr *src)
{
	teeio_spdm_tr_free(dst);
	ENSURE(src->live, TEEIO_ERR_STATE);
	dst->ops = src->ops;
	TRY(src->ops->hash_copy(&dst->h, &src->h));
	dst->live = true;
	return TEEIO_OK;
}

teeio_err teeio_spdm_tr_update(struct teeio_spdm_tr *tr, const void *data, size_t len)
{
	ENSURE(tr->live, TEEIO_ERR_STATE);
	return tr->ops->hash_update(&tr->h, data, len);
}

teeio_err teeio_spdm_tr_peek(const struct teeio_spdm_tr *tr, uint8_t *out)
{
	struct teeio_hash tmp;
	teeio_err rc;

	ENSURE(tr->live, TEEIO_ERR_STATE);
	memset(&tmp, 0, sizeof(tmp));
	TRY(tr->ops->hash_copy(&tmp, &tr->h));
	rc = tr->ops->hash_final(&tmp, out);
	tr->ops->hash_free(&tmp);
	return rc;
}

void teeio_spdm_tr_free(struct teeio_spdm_tr *tr)
{
	if (tr->live)
		tr->ops->hash_free(&tr->h);
	memset(&tr->h, 0, sizeof(tr->h));
	tr->live = false;
}
