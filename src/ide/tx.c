/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The transmit side of an IDE stream: fill the IDE TLP Prefix, encrypt and
 * MAC into the sink's buffer, or collect an aggregation group and seal it
 * when it is complete.
 *
 * The hot path (no aggregation) writes prefix and header straight into the
 * sink's buffer, encrypts the caller's payload from where it lies into that
 * buffer and puts the MAC behind it: one pass, no copy, no allocation.
 */
#include <string.h>

#include "ide_crypt.h"
#include "tlp_codec.h"

/* The armed transmit key set of a sub-stream, or -1. */
static int tx_key_set(const struct teeio_ide_stream *s, unsigned ss)
{
	if (s->slot[TEEIO_IDE_DIR_TX][ss][0].go)
		return 0;
	if (s->slot[TEEIO_IDE_DIR_TX][ss][1].go)
		return 1;
	return -1;
}

/*
 * assumption: PR_Sent_Counter counts the PR TLPs this port sent on the
 * stream since its last NPR TLP (carried in NPR TLPs) or since its last CPL
 * TLP (carried in CPL TLPs), modulo 256; PR TLPs carry 0.  The receiver
 * keeps the same counts over verified TLPs, so a posted TLP that vanished
 * (or was overtaken by a read or completion) is caught at the next NPR or
 * CPL even before another PR arrives.  (ide_pr_value / ide_pr_advance,
 * ide_internal.h, shared with rx.c.)
 */
static teeio_err emit_group(struct teeio_ide_stream *s, const struct teeio_ide_sink *sink)
{
	struct teeio_ide_agg *agg = &s->tx_agg;
	if (!agg->n)
		return TEEIO_OK;
	ENSURE(sink->room(sink->ctx) >= agg->n, TEEIO_ERR_SIZE_LIMIT);
	/* The last member carries the MAC: set its M bit (byte 3 of its
	 * prefix) before the AAD is authenticated. */
	size_t last = agg->aad_used - agg->aad_len[agg->n - 1];
	agg->aad[last + 3] |= IDE_B3_M;
	uint8_t mac[TEEIO_IDE_MAC_LEN];
	teeio_err rc =
	    ide_seal_group(&s->slot[TEEIO_IDE_DIR_TX][agg->ss][agg->key_set], s->ops, agg, mac);
	if (rc != TEEIO_OK) {
		agg->aad[last + 3] &= (uint8_t)~IDE_B3_M;
		return rc;
	}
	const uint8_t *aad = agg->aad, *data = agg->data;
	for (size_t i = 0; i < agg->n; i++) {
		uint8_t *out = sink->reserve(sink->ctx);
		size_t n = 0;
		memcpy(out, aad, agg->aad_len[i]);
		n += agg->aad_len[i];
		memcpy(out + n, data, agg->data_len[i]);
		n += agg->data_len[i];
		if (i + 1 == agg->n) {
			memcpy(out + n, mac, TEEIO_IDE_MAC_LEN);
			n += TEEIO_IDE_MAC_LEN;
		}
		sink->commit(sink->ctx, n);
		aad += agg->aad_len[i];
		data += agg->data_len[i];
	}
	s->stats.tx_tlps += agg->n;
	s->stats.tx_macs++;
	ide_agg_reset(agg);
	return TEEIO_OK;
}

teeio_err teeio_ide_tx_flush(struct teeio_ide_stream *s, const struct teeio_ide_sink *sink)
{
	ENSURE(s && sink, TEEIO_ERR_USAGE);
	return emit_group(s, sink);
}

/* Add one TLP (its prefix filled, M clear) to the open group. */
static teeio_err add_to_group(struct teeio_ide_stream *s, const struct teeio_tlp *h,
			      const struct teeio_ide_prefix *p, unsigned ss, unsigned k)
{
	struct teeio_ide_agg *agg = &s->tx_agg;
	size_t aad_len = 0;
	TRY(ide_tlp_encode_head(h, p, agg->aad + agg->aad_used, TEEIO_IDE_AAD_MAX, &aad_len));
	uint8_t *d = agg->data + agg->data_used;
	if (h->payload_len)
		memcpy(d, h->payload, h->payload_len);
	size_t enc = h->payload_len;
	if (s->cfg.pcrc) {
		ide_pcrc(d, h->payload_len, d + h->payload_len);
		enc += TEEIO_IDE_PCRC_LEN;
	}
	agg->aad_len[agg->n] = (uint8_t)aad_len;
	agg->data_len[agg->n] = (uint16_t)enc;
	agg->aad_used += aad_len;
	agg->data_used += enc;
	agg->ss = (uint8_t)ss;
	agg->key_set = (uint8_t)k;
	agg->n++;
	return TEEIO_OK;
}

/*
 * One TLP with its own MAC: the prefix and the header go straight into the
 * sink's buffer and those very bytes are the AAD (encoded once), the
 * payload is sealed from where it lies, the MAC goes behind it.
 *
 * The prefix bytes are stored straight from the stream's settings rather
 * than through struct teeio_ide_prefix: a struct whose address is taken
 * lives on the stack and is written and read back field by field (30
 * instructions per TLP under callgrind).
 */
static teeio_err tx_one(struct teeio_ide_stream *s, const struct teeio_tlp *h, unsigned ss,
			unsigned k, uint8_t pr_sent, const struct teeio_ide_sink *sink)
{
	ENSURE(sink->room(sink->ctx) >= 1, TEEIO_ERR_SIZE_LIMIT);
	uint8_t *out = sink->reserve(sink->ctx);
	struct teeio_tlp_layout lay;
	size_t hdr_len;
	TRY(tlp_encode_head(h, NULL, out + TEEIO_IDE_PREFIX_LEN,
			    TEEIO_TLP_WIRE_MAX - TEEIO_IDE_PREFIX_LEN, &hdr_len));
	bool pcrc = s->cfg.pcrc;
	out[0] = IDE_PREFIX_B0;
	out[1] = pr_sent;
	out[2] = s->cfg.stream_id;
	out[3] = (uint8_t)(ss << IDE_B3_SS_SHIFT | (pcrc ? IDE_B3_P : 0u) | IDE_B3_M |
			   (k ? IDE_B3_K : 0u) | (h->ide.t ? IDE_B3_T : 0u));
	lay.aad_len = TEEIO_IDE_PREFIX_LEN + hdr_len;
	lay.payload_off = lay.aad_len;
	lay.payload_len = h->payload_len;
	lay.enc_len = h->payload_len + (pcrc ? TEEIO_IDE_PCRC_LEN : 0);
	lay.mac_off = lay.payload_off + lay.enc_len;
	lay.total = lay.mac_off + TEEIO_IDE_MAC_LEN;
	TRY(ide_seal_tlp(&s->slot[TEEIO_IDE_DIR_TX][ss][k], s->ops, out, &lay, h->payload, pcrc));
	sink->commit(sink->ctx, lay.total);
	s->stats.tx_tlps++;
	s->stats.tx_macs++;
	return TEEIO_OK;
}

/*
 * The aggregation half of teeio_ide_tx: close an open group the TLP cannot
 * join, then add the TLP to its sub-stream's group (*sent true) or leave it
 * to tx_one (*sent false).  Out of line (see IDE_NOINLINE).
 */
static IDE_NOINLINE teeio_err tx_grouped(struct teeio_ide_stream *s, const struct teeio_tlp *t,
					 unsigned ss, unsigned k, uint8_t pr_sent,
					 const struct teeio_ide_sink *sink, bool *sent)
{
	struct teeio_ide_agg *agg = &s->tx_agg;
	uint8_t aggr = s->cfg.tx_aggr[ss];
	size_t enc = t->payload_len + (s->cfg.pcrc ? TEEIO_IDE_PCRC_LEN : 0);
	*sent = false;
	/* assumption: a group holds consecutive TLPs of one sub-stream under
	 * one key set; a TLP of another sub-stream or key set closes it first,
	 * so groups never reorder TLPs across sub-streams. */
	if (agg->n &&
	    (agg->ss != ss || agg->key_set != k || agg->data_used + enc > TEEIO_IDE_AGG_BYTES))
		TRY(emit_group(s, sink));
	if (aggr <= 1 || enc > TEEIO_IDE_AGG_BYTES)
		return TEEIO_OK;
	/* Make sure the group can leave before it grows to full size. */
	if (agg->n + 1u == aggr)
		ENSURE(sink->room(sink->ctx) >= aggr, TEEIO_ERR_SIZE_LIMIT);
	const struct teeio_ide_prefix p = {
	    .k = k == 1,
	    .t = t->ide.t,
	    .p = s->cfg.pcrc,
	    .sub_stream = (uint8_t)ss,
	    .stream_id = s->cfg.stream_id,
	    .pr_sent_counter = pr_sent,
	}; /* M clear: emit_group sets it on the group's last member */
	TRY(add_to_group(s, t, &p, ss, k));
	ide_pr_advance(s->tx_pr_sent, ss); /* the TLP is committed */
	*sent = true;
	return agg->n == aggr ? emit_group(s, sink) : TEEIO_OK;
}

teeio_err teeio_ide_tx(struct teeio_ide_stream *s, const struct teeio_tlp *t,
		       const struct teeio_ide_sink *sink)
{
	ENSURE(s && t && sink && sink->room && sink->reserve && sink->commit, TEEIO_ERR_USAGE);
	ENSURE(s->state == TEEIO_IDE_SECURE, TEEIO_ERR_STATE);
	unsigned ss = ide_substream_of(t->type);
	int k = tx_key_set(s, ss);
	ENSURE(k >= 0, TEEIO_ERR_STATE);
	uint8_t pr_sent = ide_pr_value(s->tx_pr_sent, ss);
	/* The common case (no aggregation on this sub-stream, no group open)
	 * skips the group bookkeeping and goes straight to tx_one. */
	if (s->cfg.tx_aggr[ss] > 1 || s->tx_agg.n) {
		bool sent;
		TRY(tx_grouped(s, t, ss, (unsigned)k, pr_sent, sink, &sent));
		if (sent)
			return TEEIO_OK;
	}
	TRY(tx_one(s, t, ss, (unsigned)k, pr_sent, sink));
	ide_pr_advance(s->tx_pr_sent, ss);
	return TEEIO_OK;
}
