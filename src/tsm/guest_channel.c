/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sealing and opening guest<->TSM messages.
 *
 * Threat: the VMM relays every message (teeio_plat_guest_request) and may
 * read, drop, modify, reorder or replay it.  Defence: AES-256-GCM under a
 * per-TVM secret the VMM never sees, one key and IV per direction, the
 * clear header as additional data, and sequence numbers bound into the IV
 * (a replayed or reordered request is refused; a response is accepted
 * only for the request outstanding).  The model follows SEV-SNP guest
 * messages (VMPCK, message sequence numbers in the AEAD IV).
 */
#include <string.h>

#include "tsm_internal.h"

/* HKDF-SHA-384 over the TVM secret; teeio's own labels. */
#define GCHAN_HASH TEEIO_HASH_SHA384
#define GCHAN_PRK_LEN 48
#define GCHAN_KEY_LEN 32
static const char gchan_salt[] = "teeio tsm guest channel v1";

/* One direction's key and IV, under that direction's labels. */
struct gchan_labels {
	const char *key, *iv;
};
static const struct gchan_labels g2t_labels = {"teeio tsm g2t key", "teeio tsm g2t iv"};
static const struct gchan_labels t2g_labels = {"teeio tsm t2g key", "teeio tsm t2g iv"};

static teeio_err derive(const struct teeio_crypto_ops *ops, const uint8_t *prk,
			const struct gchan_labels *l, struct teeio_tsm_gkey *k)
{
	uint8_t key[GCHAN_KEY_LEN];
	teeio_err rc;

	TRY_OUT(ops->hkdf_expand(GCHAN_HASH, prk, GCHAN_PRK_LEN, (const uint8_t *)l->key,
				 strlen(l->key), key, sizeof(key)));
	TRY_OUT(ops->hkdf_expand(GCHAN_HASH, prk, GCHAN_PRK_LEN, (const uint8_t *)l->iv,
				 strlen(l->iv), k->iv, sizeof(k->iv)));
	TRY_OUT(ops->aead_init(&k->aead, TEEIO_AEAD_AES256_GCM, key, sizeof(key)));
	k->keyed = true;
out:
	teeio_wipe(key, sizeof(key));
	return rc;
}

static void key_free(const struct teeio_crypto_ops *ops, struct teeio_tsm_gkey *k)
{
	if (k->keyed && ops)
		ops->aead_free(&k->aead);
	teeio_wipe(k, sizeof(*k));
}

void teeio_tsm_gchan_free(struct teeio_tsm_gchan *c)
{
	if (!c)
		return;
	key_free(c->ops, &c->tx);
	key_free(c->ops, &c->rx);
	memset(c, 0, sizeof(*c));
}

teeio_err teeio_tsm_gchan_init(struct teeio_tsm_gchan *c, const struct teeio_crypto_ops *ops,
			       bool is_tsm, const uint8_t secret[TEEIO_TSM_TVM_SECRET_LEN])
{
	uint8_t prk[GCHAN_PRK_LEN];
	struct teeio_tsm_gkey *g2t, *t2g;
	teeio_err rc;

	ENSURE(c && ops && secret, TEEIO_ERR_USAGE);
	memset(c, 0, sizeof(*c));
	c->ops = ops;
	c->is_tsm = is_tsm;
	g2t = is_tsm ? &c->rx : &c->tx;
	t2g = is_tsm ? &c->tx : &c->rx;
	TRY_OUT(ops->hkdf_extract(GCHAN_HASH, (const uint8_t *)gchan_salt, sizeof(gchan_salt) - 1,
				  secret, TEEIO_TSM_TVM_SECRET_LEN, prk));
	TRY_OUT(derive(ops, prk, &g2t_labels, g2t));
	TRY_OUT(derive(ops, prk, &t2g_labels, t2g));
out:
	teeio_wipe(prk, sizeof(prk));
	if (rc != TEEIO_OK)
		teeio_tsm_gchan_free(c);
	return rc;
}

/* The per-message IV: the direction's IV, sequence XORed into bytes 4..11. */
static void msg_iv(const struct teeio_tsm_gkey *k, uint64_t seq, uint8_t iv[12])
{
	memcpy(iv, k->iv, 12);
	for (unsigned i = 0; i < 8; i++)
		iv[11 - i] ^= (uint8_t)(seq >> (8 * i));
}

teeio_err teeio_tsm_gchan_seal(struct teeio_tsm_gchan *c, const struct teeio_tsm_ghdr *h,
			       const uint8_t *body, size_t body_len, uint8_t *out, size_t cap,
			       size_t *out_len)
{
	struct teeio_buf w = teeio_buf_writer(out, cap);
	struct teeio_tsm_ghdr hdr;
	uint8_t iv[12], *ct, *tag;

	ENSURE(c && h && out && out_len && (body || body_len == 0), TEEIO_ERR_USAGE);
	ENSURE(c->tx.keyed, TEEIO_ERR_STATE);
	ENSURE(body_len <= TEEIO_TSM_GBODY_MAX, TEEIO_ERR_SIZE_LIMIT);
	/* The TSM only answers, the guest only asks. */
	ENSURE(((h->type & TEEIO_TSM_GRSP_FLAG) != 0) == c->is_tsm, TEEIO_ERR_USAGE);
	hdr = *h;
	hdr.version = TEEIO_TSM_GMSG_VERSION;
	hdr.payload_len = (uint32_t)body_len;
	if (!c->is_tsm) {
		ENSURE(c->seq < UINT64_MAX, TEEIO_ERR_STATE); /* never wrap an IV */
		hdr.seq = c->seq + 1;
	}
	TRY(teeio_tsm_ghdr_encode(&hdr, &w));
	TRY(teeio_buf_reserve(&w, body_len, &ct));
	TRY(teeio_buf_reserve(&w, TEEIO_TSM_GMSG_TAG_LEN, &tag));
	msg_iv(&c->tx, hdr.seq, iv);
	TRY(c->ops->aead_seal(&c->tx.aead, iv, out, TEEIO_TSM_GMSG_HDR_LEN, body, body_len, ct, tag,
			      TEEIO_TSM_GMSG_TAG_LEN));
	if (!c->is_tsm) {
		c->seq = hdr.seq;
		c->pending = true;
	}
	*out_len = w.pos;
	return TEEIO_OK;
}

/* Is `h` acceptable to this end before decryption? */
static teeio_err check_order(const struct teeio_tsm_gchan *c, const struct teeio_tsm_ghdr *h)
{
	bool is_rsp = (h->type & TEEIO_TSM_GRSP_FLAG) != 0;

	ENSURE(is_rsp != c->is_tsm, TEEIO_ERR_PROTO);
	if (c->is_tsm)
		ENSURE(h->seq > c->seq, TEEIO_ERR_STATE); /* replayed or stale */
	else
		ENSURE(c->pending && h->seq == c->seq, TEEIO_ERR_STATE);
	return TEEIO_OK;
}

/* Check order, open ct (payload_len bytes, then the tag) into pt (may be
 * ct) under the header bytes hb, commit the sequence.  Counts refusals. */
static teeio_err open_parts(struct teeio_tsm_gchan *c, const uint8_t *hb,
			    const struct teeio_tsm_ghdr *hdr, const uint8_t *ct, uint8_t *pt)
{
	uint8_t iv[12];
	teeio_err rc;

	TRY_OUT(check_order(c, hdr));
	msg_iv(&c->rx, hdr->seq, iv);
	TRY_OUT(c->ops->aead_open(&c->rx.aead, iv, hb, TEEIO_TSM_GMSG_HDR_LEN, ct, hdr->payload_len,
				  ct + hdr->payload_len, TEEIO_TSM_GMSG_TAG_LEN, pt));
	if (c->is_tsm)
		c->seq = hdr->seq;
	else
		c->pending = false; /* one answer per request */
out:
	if (rc != TEEIO_OK)
		c->rejected++;
	return rc;
}

teeio_err teeio_tsm_gchan_open(struct teeio_tsm_gchan *c, const uint8_t *msg, size_t len,
			       struct teeio_tsm_ghdr *h, uint8_t *body, size_t cap,
			       size_t *body_len)
{
	struct teeio_tsm_ghdr hdr;
	teeio_err rc;

	ENSURE(c && msg && h && body && body_len, TEEIO_ERR_USAGE);
	ENSURE(c->rx.keyed, TEEIO_ERR_STATE);
	rc = teeio_tsm_ghdr_decode(msg, len, &hdr);
	if (rc == TEEIO_OK && hdr.payload_len > cap)
		rc = TEEIO_ERR_SIZE;
	if (rc != TEEIO_OK) {
		c->rejected++;
		return rc;
	}
	TRY(open_parts(c, msg, &hdr, msg + TEEIO_TSM_GMSG_HDR_LEN, body));
	*h = hdr;
	*body_len = hdr.payload_len;
	return TEEIO_OK;
}

teeio_err teeio_tsm_gchan_call(struct teeio_tsm_gchan *c, const struct teeio_plat_guest_view *g,
			       const struct teeio_tsm_greq *req, struct teeio_tsm_grsp *rsp,
			       uint8_t *body, size_t cap)
{
	/* Requests are small (vendor ones at most a body); answers may carry
	 * the whole evidence, so they are received into the caller's body
	 * buffer first and opened in place. */
	uint8_t qbody[1024];
	uint8_t qmsg[sizeof(qbody) + TEEIO_TSM_GMSG_HDR_LEN + TEEIO_TSM_GMSG_TAG_LEN];
	struct teeio_buf w = teeio_buf_writer(qbody, sizeof(qbody));
	struct teeio_tsm_ghdr h = {0};
	uint8_t hb[TEEIO_TSM_GMSG_HDR_LEN];
	size_t qlen = 0, got = cap;
	teeio_err rc;

	ENSURE(c && g && req && rsp && body, TEEIO_ERR_USAGE);
	TRY_OUT(teeio_tsm_greq_encode(req, &w));
	h.type = req->type;
	h.function_id = req->function_id;
	TRY_OUT(teeio_tsm_gchan_seal(c, &h, qbody, w.pos, qmsg, sizeof(qmsg), &qlen));
	TRY_OUT(teeio_plat_guest_request(g, qmsg, qlen, body, &got));
	/* Open in place (the AEAD allows pt == ct): keep the header aside and
	 * move ciphertext and tag to the front so the body starts at body[0]. */
	rc = teeio_tsm_ghdr_decode(body, got, &h);
	if (rc != TEEIO_OK) {
		c->rejected++;
		goto out;
	}
	memcpy(hb, body, sizeof(hb));
	memmove(body, body + TEEIO_TSM_GMSG_HDR_LEN, got - TEEIO_TSM_GMSG_HDR_LEN);
	TRY_OUT(open_parts(c, hb, &h, body, body));
	ENSURE_OUT(h.type == (req->type | TEEIO_TSM_GRSP_FLAG) && h.function_id == req->function_id,
		   TEEIO_ERR_PROTO);
	TRY_OUT(teeio_tsm_grsp_decode(h.type, body, h.payload_len, rsp));
out:
	teeio_wipe(qbody, sizeof(qbody));
	return rc;
}
