/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * MCTP packets (DSP0236 8.1): a 4-byte transport header --
 *   byte 0: reserved (7:4), header version (3:0) = 1
 *   byte 1: destination endpoint ID
 *   byte 2: source endpoint ID
 *   byte 3: SOM (7), EOM (6), packet sequence (5:4), tag owner (3), tag (2:0)
 * -- then payload.  A message is split into packets; all but the last
 * carry the same payload size (DSP0236 8.8), sequence numbers count modulo
 * 4, and source, tag and TO stay the same for the whole message.
 */
#include <string.h>

#include "teeio/transport.h"

teeio_err teeio_mctp_pkt_encode(struct teeio_buf *out, const struct teeio_mctp_pkt_hdr *h,
				const uint8_t *payload, size_t len)
{
	ENSURE(h->seq <= 3 && h->tag <= 7 && len > 0, TEEIO_ERR_USAGE);
	ENSURE(teeio_buf_left(out) >= TEEIO_MCTP_HDR_LEN + len, TEEIO_ERR_SIZE);
	uint8_t flags = (uint8_t)((h->som ? TEEIO_MCTP_SOM : 0) | (h->eom ? TEEIO_MCTP_EOM : 0) |
				  ((unsigned)h->seq << TEEIO_MCTP_SEQ_SHIFT) |
				  (h->to ? TEEIO_MCTP_TO : 0) | h->tag);
	TRY(teeio_buf_put_u8(out, TEEIO_MCTP_HDR_VERSION));
	TRY(teeio_buf_put_u8(out, h->dest));
	TRY(teeio_buf_put_u8(out, h->src));
	TRY(teeio_buf_put_u8(out, flags));
	return teeio_buf_put_bytes(out, payload, len);
}

teeio_err teeio_mctp_pkt_decode(const uint8_t *in, size_t len, struct teeio_mctp_pkt_hdr *h,
				const uint8_t **payload, size_t *payload_len)
{
	struct teeio_buf b = teeio_buf_reader(in, len);
	uint8_t ver, dest, src, flags;
	TRY(teeio_buf_get_u8(&b, &ver));
	TRY(teeio_buf_get_u8(&b, &dest));
	TRY(teeio_buf_get_u8(&b, &src));
	TRY(teeio_buf_get_u8(&b, &flags));
	ENSURE((ver & 0xf0u) == 0, TEEIO_ERR_PROTO_RESERVED);
	ENSURE((ver & 0x0fu) == TEEIO_MCTP_HDR_VERSION, TEEIO_ERR_PROTO_VERSION);
	ENSURE(teeio_buf_left(&b) > 0, TEEIO_ERR_SIZE_TRUNCATED);
	h->dest = dest;
	h->src = src;
	h->som = (flags & TEEIO_MCTP_SOM) != 0;
	h->eom = (flags & TEEIO_MCTP_EOM) != 0;
	h->seq = (uint8_t)((flags & TEEIO_MCTP_SEQ_MASK) >> TEEIO_MCTP_SEQ_SHIFT);
	h->to = (flags & TEEIO_MCTP_TO) != 0;
	h->tag = flags & TEEIO_MCTP_TAG_MASK;
	*payload = teeio_buf_cur(&b);
	*payload_len = teeio_buf_left(&b);
	return TEEIO_OK;
}

teeio_err teeio_mctp_fragment(struct teeio_buf *out, uint8_t dest, uint8_t src, uint8_t tag,
			      bool to, const uint8_t *msg, size_t len, size_t mtu, size_t i,
			      bool *more)
{
	ENSURE(mtu > 0 && len > 0 && tag <= 7, TEEIO_ERR_USAGE);
	size_t count = (len + mtu - 1) / mtu;
	ENSURE(i < count, TEEIO_ERR_USAGE);
	size_t off = i * mtu;
	size_t n = len - off < mtu ? len - off : mtu;
	struct teeio_mctp_pkt_hdr h = {
	    .dest = dest,
	    .src = src,
	    .som = i == 0,
	    .eom = i + 1 == count,
	    .to = to,
	    .seq = (uint8_t)(i & 3u),
	    .tag = tag,
	};
	TRY(teeio_mctp_pkt_encode(out, &h, msg + off, n));
	*more = !h.eom;
	return TEEIO_OK;
}

void teeio_mctp_reasm_init(struct teeio_mctp_reasm *r, uint8_t *buf, size_t cap)
{
	memset(r, 0, sizeof(*r));
	r->buf = buf;
	r->cap = cap;
}

static teeio_err drop(struct teeio_mctp_reasm *r, teeio_err rc)
{
	r->active = false;
	r->len = 0;
	return rc;
}

teeio_err teeio_mctp_reasm_feed(struct teeio_mctp_reasm *r, const uint8_t *pkt, size_t len,
				bool *done, size_t *msg_len)
{
	struct teeio_mctp_pkt_hdr h;
	const uint8_t *p;
	size_t n;
	*done = false;
	TRY(teeio_mctp_pkt_decode(pkt, len, &h, &p, &n));

	if (h.som) {
		/* A new message replaces any partial one. */
		r->active = true;
		r->len = 0;
		r->unit = n;
		r->src = h.src;
		r->tag = h.tag;
		r->to = h.to;
	} else {
		if (!r->active)
			return TEEIO_ERR_PROTO; /* middle packet without a start */
		if (h.seq != r->next_seq || h.src != r->src || h.tag != r->tag || h.to != r->to)
			return drop(r, TEEIO_ERR_PROTO);
		/* Every packet but the last has the size of the first. */
		if (n > r->unit || (!h.eom && n != r->unit))
			return drop(r, TEEIO_ERR_PROTO);
	}
	if (n > r->cap - r->len)
		return drop(r, TEEIO_ERR_SIZE_LIMIT);
	memcpy(r->buf + r->len, p, n);
	r->len += n;
	r->next_seq = (uint8_t)((h.seq + 1u) & 3u);
	if (h.eom) {
		*done = true;
		*msg_len = r->len;
		r->active = false;
	}
	return TEEIO_OK;
}
