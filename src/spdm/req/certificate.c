/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * GET_CERTIFICATE / CERTIFICATE (DSP0274 10.7): the slot's chain in
 * portions, then verification of the SPDM chain form and the X.509 chain
 * to the configured trust anchors.  The leaf public key is kept for the
 * signatures that follow.
 */
#include "req.h"

#include "teeio/pki.h"

#include <string.h>

/* Bytes asked for per GET_CERTIFICATE: libspdm's block size, smaller when
 * the responder's DataTransferSize says so. */
static uint16_t portion_size(const struct teeio_spdm_req *r)
{
	size_t want = SPDM_CERT_PORTION_MAX;
	uint32_t dts = r->conn.neg.rsp_data_transfer_size;

	if (dts && dts - SPDM_CERT_RSP_FIXED < want)
		want = dts - SPDM_CERT_RSP_FIXED;
	if (sizeof(r->rx) - SPDM_CERT_RSP_FIXED < want)
		want = sizeof(r->rx) - SPDM_CERT_RSP_FIXED;
	return (uint16_t)want;
}

/* One GET_CERTIFICATE(offset, length) round; appends the portion. */
static teeio_err get_portion(struct teeio_spdm_req *r, uint8_t slot, uint16_t offset,
			     uint8_t *chain, size_t cap, size_t *total, uint16_t *remainder)
{
	uint16_t want = portion_size(r), portion;
	struct teeio_buf b = req_begin(r, SPDM_GET_CERTIFICATE, slot, 0);
	size_t n;
	uint8_t p1, p2;
	const uint8_t *data;

	if (*total && (size_t)(*total - offset) < want)
		want = (uint16_t)(*total - offset);
	TRY(teeio_buf_put_u16le(&b, offset));
	TRY(teeio_buf_put_u16le(&b, want));
	req_tr_before(r, SPDM_GET_CERTIFICATE);
	TRY(req_exchange(r, NULL, b.pos, SPDM_CERTIFICATE, &n));

	struct teeio_buf in = teeio_buf_reader(r->rx, n);
	TRY(teeio_buf_skip(&in, 2));
	TRY(teeio_buf_get_u8(&in, &p1));
	TRY(teeio_buf_get_u8(&in, &p2));
	/* Param1 bits 3:0 SlotID, 7:4 reserved; Param2 CertInfo is only
	 * meaningful with MultiKeyConn, which we never select. */
	ENSURE((p1 & SPDM_SLOT_ID_MASK) == slot, TEEIO_ERR_PROTO);
	ENSURE((p1 & ~SPDM_SLOT_ID_MASK) == 0 && p2 == 0, TEEIO_ERR_PROTO_RESERVED);
	TRY(teeio_buf_get_u16le(&in, &portion));
	TRY(teeio_buf_get_u16le(&in, remainder));
	ENSURE(portion >= 1 && portion <= want, TEEIO_ERR_PROTO);
	TRY(teeio_buf_get_ref(&in, &data, portion));
	TRY(req_end(r, &in));

	size_t claimed = (size_t)offset + portion + *remainder;
	if (offset == 0)
		*total = claimed;
	/* Every response must describe the same chain size. */
	ENSURE(claimed == *total, TEEIO_ERR_PROTO);
	ENSURE(*total <= SPDM_CERT_CHAIN_MAX, TEEIO_ERR_PROTO);
	TRY(req_tr_m1(r, r->tx, b.pos));
	TRY(req_tr_m1(r, r->rx, in.pos));
	ENSURE(*total <= cap, TEEIO_ERR_SIZE);
	memcpy(chain + offset, data, portion);
	return TEEIO_OK;
}

/* The SPDM chain form, trying the chain's own first certificate as the
 * root, then each configured root (a chain may start below its root). */
static teeio_err parse_form(struct teeio_spdm_req *r, const uint8_t *chain, size_t len,
			    struct teeio_spdm_cert_chain_view *view)
{
	const struct teeio_spdm_req_config *cfg = r->cfg;
	teeio_err rc =
	    teeio_pki_spdm_chain_parse(cfg->ops, r->conn.neg.hash, chain, len, NULL, 0, view);

	for (size_t i = 0; rc == TEEIO_ERR_CRYPTO_VERIFY && i < cfg->n_roots; i++)
		rc = teeio_pki_spdm_chain_parse(cfg->ops, r->conn.neg.hash, chain, len,
						cfg->roots[i], cfg->root_lens[i], view);
	return rc;
}

static teeio_err verify_chain(struct teeio_spdm_req *r, uint8_t slot, const uint8_t *chain,
			      size_t len)
{
	const struct teeio_spdm_req_config *cfg = r->cfg;
	const struct teeio_crypto_ops *ops = cfg->ops;
	struct teeio_spdm_req_slot *s = &r->slots[slot];
	struct teeio_spdm_cert_chain_view view;
	struct teeio_cert_info leaf;
	struct teeio_pkey key = {0};
	uint8_t digest[TEEIO_HASH_MAX];
	size_t h = req_hsize(r);

	TRY(ops->hash(r->conn.neg.hash, chain, len, digest));
	/* DIGESTS announced this slot's chain: it must be this one. */
	if (s->digest_valid)
		ENSURE(teeio_ct_memeq(digest, s->digest, h), TEEIO_ERR_CRYPTO_VERIFY);
	TRY(parse_form(r, chain, len, &view));
	ENSURE(cfg->n_roots > 0, TEEIO_ERR_CRYPTO_CERT);
	TRY(ops->cert_chain_verify(view.certs, view.certs_len, cfg->roots, cfg->root_lens,
				   cfg->n_roots, TEEIO_LEAF_RESPONDER, cfg->verify_time, &leaf));
	TRY(ops->pkey_from_cert(&key, r->conn.neg.asym, view.cert[view.n_certs - 1],
				view.cert_len[view.n_certs - 1]));
	if (key.alg != r->conn.neg.asym) {
		ops->pkey_free(&key);
		return TEEIO_ERR_CRYPTO_CERT;
	}
	if (r->peer_key_slot >= 0)
		ops->pkey_free(&r->peer_key);
	r->peer_key = key;
	r->peer_key_slot = slot;
	memcpy(s->chain_hash, digest, h);
	s->chain_valid = true;
	REQ_LOG(r, TEEIO_LOG_INFO, "spdm-req: slot %u chain verified, leaf \"%s\"", slot,
		leaf.subject);
	return TEEIO_OK;
}

teeio_err teeio_spdm_req_certificate(struct teeio_spdm_req *r, uint8_t slot, uint8_t *chain,
				     size_t cap, size_t *len)
{
	size_t total = 0;
	uint16_t offset = 0, remainder = 0;
	teeio_err rc;

	ENSURE(r && r->cfg && chain && len, TEEIO_ERR_USAGE);
	ENSURE(slot < TEEIO_SPDM_MAX_SLOTS, TEEIO_ERR_USAGE);
	TRY(req_ready(r, true));
	ENSURE(r->conn.neg.rsp_caps & TEEIO_SPDM_CAP_CERT, TEEIO_ERR_PROTO_UNSUPPORTED);
	r->slots[slot].chain_valid = false;
	do {
		rc = get_portion(r, slot, offset, chain, cap, &total, &remainder);
		if (rc != TEEIO_OK)
			return req_fail(r, rc);
		offset = (uint16_t)(total - remainder);
	} while (remainder != 0);
	rc = verify_chain(r, slot, chain, total);
	if (rc != TEEIO_OK)
		return req_fail(r, rc);
	*len = total;
	if (r->conn.state < TEEIO_SPDM_CONN_AFTER_CERTIFICATE)
		r->conn.state = TEEIO_SPDM_CONN_AFTER_CERTIFICATE;
	return TEEIO_OK;
}
