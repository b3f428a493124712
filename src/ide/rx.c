/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The receive side of an IDE stream: check the prefix against the stream,
 * pick the key slot by sub-stream and K bit, verify and decrypt in place
 * (or hold a TLP without MAC until its group's MAC arrives), check PCRC and
 * PR_Sent_Counter, then deliver in order.
 *
 * Every check failure is an integrity failure: the stream goes Insecure,
 * its keys are wiped, the owner hears about it, and nothing of the TLP or
 * its group is delivered.  Unverified bytes never reach the deliver hook.
 */
#include <string.h>

#include "ide_crypt.h"
#include "tlp_codec.h"

/* Fail the stream and return the error the caller sees. */
static teeio_err fail(struct teeio_ide_stream *s, enum teeio_ide_fail why, unsigned ss, unsigned k)
{
	ide_stream_fail(s, why, (uint8_t)ss, (uint8_t)k);
	return why == TEEIO_IDE_FAIL_MAC || why == TEEIO_IDE_FAIL_PCRC ? TEEIO_ERR_CRYPTO_VERIFY
								       : TEEIO_ERR_PROTO;
}

/* The receiver's side of PR_Sent_Counter (see tx.c): on the counts seen,
 * which the caller commits only once the TLP or whole group checks out. */
static bool pr_check(uint8_t seen[2], unsigned ss, uint8_t carried)
{
	bool ok = ide_pr_value(seen, ss) == carried;
	ide_pr_advance(seen, ss);
	return ok;
}

/* assumption: after the first verified TLP under a key set, the set of that
 * sub-stream armed before it is retired: no later TLP may use it (it would
 * have been sent before the switch, i.e. reordered).  A set armed after it
 * (ready for the next switch) stays.  Out of line: it runs once per key
 * switch, not per TLP (note_key_set below keeps the per-TLP test inline). */
static void switch_key_set(struct teeio_ide_stream *s, unsigned ss, unsigned k)
{
	const struct teeio_ide_key_slot *cur = &s->slot[TEEIO_IDE_DIR_RX][ss][k];
	struct teeio_ide_key_slot *old = &s->slot[TEEIO_IDE_DIR_RX][ss][k ^ 1];
	if (old->go && old->armed_seq < cur->armed_seq) {
		s->ops->aead_free(&old->aead);
		teeio_wipe(old, sizeof(*old));
	}
	s->rx_last_k[ss] = (int8_t)k;
}

static inline void note_key_set(struct teeio_ide_stream *s, unsigned ss, unsigned k)
{
	if (s->rx_last_k[ss] != (int8_t)k)
		switch_key_set(s, ss, k);
}

/* Copy a TLP without MAC into the receive group. */
static teeio_err hold(struct teeio_ide_stream *s, const uint8_t *wire,
		      const struct teeio_tlp_layout *lay, unsigned ss, unsigned k, bool last)
{
	struct teeio_ide_agg *agg = &s->rx_agg;
	/* At most TEEIO_IDE_AGG_MAX TLPs share a MAC: the last one carries it. */
	if (agg->n + 1u > TEEIO_IDE_AGG_MAX - (last ? 0u : 1u) ||
	    agg->data_used + lay->enc_len > TEEIO_IDE_AGG_BYTES)
		return fail(s, TEEIO_IDE_FAIL_AGGREGATION, ss, k);
	memcpy(agg->aad + agg->aad_used, wire, lay->aad_len);
	memcpy(agg->data + agg->data_used, wire + lay->payload_off, lay->enc_len);
	agg->aad_len[agg->n] = (uint8_t)lay->aad_len;
	agg->data_len[agg->n] = (uint16_t)lay->enc_len;
	agg->aad_used += lay->aad_len;
	agg->data_used += lay->enc_len;
	agg->ss = (uint8_t)ss;
	agg->key_set = (uint8_t)k;
	agg->n++;
	return TEEIO_OK;
}

/* The last member arrived with the MAC: verify the group, deliver it. */
static teeio_err finish_group(struct teeio_ide_stream *s, uint8_t *wire,
			      const struct teeio_tlp_layout *lay, unsigned ss, unsigned k,
			      const struct teeio_ide_deliver *d)
{
	TRY(hold(s, wire, lay, ss, k, true));
	struct teeio_ide_agg *agg = &s->rx_agg;
	enum teeio_ide_fail why;
	if (ide_open_group(&s->slot[TEEIO_IDE_DIR_RX][ss][k], s->ops, agg, wire + lay->mac_off,
			   s->cfg.pcrc, &why) != TEEIO_OK)
		return fail(s, why, ss, k);
	/* The headers are authentic now; check the counters of all members
	 * before any is delivered. */
	struct teeio_tlp t[TEEIO_IDE_AGG_MAX];
	uint8_t seen[2] = {s->rx_pr_seen[0], s->rx_pr_seen[1]};
	const uint8_t *aad = agg->aad, *data = agg->data;
	for (size_t i = 0; i < agg->n; i++) {
		struct teeio_tlp_layout l;
		if (ide_tlp_decode_head(aad, agg->aad_len[i], &t[i], &l) != TEEIO_OK)
			return fail(s, TEEIO_IDE_FAIL_MALFORMED, ss, k);
		if (!pr_check(seen, ss, t[i].ide.pr_sent_counter))
			return fail(s, TEEIO_IDE_FAIL_PR_COUNT, ss, k);
		t[i].payload = l.payload_len ? data : NULL;
		t[i].payload_len = l.payload_len;
		aad += agg->aad_len[i];
		data += agg->data_len[i];
	}
	memcpy(s->rx_pr_seen, seen, sizeof(seen));
	note_key_set(s, ss, k);
	s->stats.rx_tlps += agg->n;
	s->stats.rx_macs++;
	for (size_t i = 0; i < agg->n; i++)
		d->fn(d->ctx, &t[i]);
	ide_agg_reset(agg);
	return TEEIO_OK;
}

/*
 * A TLP that is part of an aggregated group: hold it (no MAC yet), or
 * verify and deliver the group it completes.  Out of line, with the layout
 * passed by value: the single-TLP path of teeio_ide_rx then never takes the
 * address of its layout, which the compiler can keep in registers instead
 * of writing it to the stack and reading it back (about 10 instructions per
 * TLP under callgrind).
 */
static IDE_NOINLINE teeio_err rx_grouped(struct teeio_ide_stream *s, uint8_t *wire,
					 struct teeio_tlp_layout lay, bool m, unsigned ss,
					 unsigned k, const struct teeio_ide_deliver *d)
{
	if (!m)
		return hold(s, wire, &lay, ss, k, false);
	return finish_group(s, wire, &lay, ss, k, d);
}

teeio_err teeio_ide_rx(struct teeio_ide_stream *s, uint8_t *wire, size_t len,
		       const struct teeio_ide_deliver *d)
{
	ENSURE(s && wire && d && d->fn, TEEIO_ERR_USAGE);
	ENSURE(s->state == TEEIO_IDE_SECURE, TEEIO_ERR_STATE);
	struct teeio_tlp t;
	struct teeio_tlp_layout lay;
	if (tlp_decode_head(wire, len, &t, &lay) != TEEIO_OK || !t.has_ide || lay.total != len)
		return fail(s, TEEIO_IDE_FAIL_MALFORMED, 0, 0);
	unsigned ss = t.ide.sub_stream, k = t.ide.k;
	/* The prefix must name this stream, the sub-stream of its type and
	 * the stream's PCRC setting. */
	if (t.ide.stream_id != s->cfg.stream_id || ss != ide_substream_of(t.type) ||
	    t.ide.p != s->cfg.pcrc)
		return fail(s, TEEIO_IDE_FAIL_STREAM, ss, k);
	if (!s->slot[TEEIO_IDE_DIR_RX][ss][k].go)
		return fail(s,
			    s->rx_last_k[ss] == (int8_t)(k ^ 1) ? TEEIO_IDE_FAIL_KEY_ORDER
								: TEEIO_IDE_FAIL_KEY_SET,
			    ss, k);
	struct teeio_ide_agg *agg = &s->rx_agg;
	if (agg->n && (agg->ss != ss || agg->key_set != k))
		return fail(s, TEEIO_IDE_FAIL_AGGREGATION, ss, k);
	if (!t.ide.m || agg->n)
		return rx_grouped(s, wire, lay, t.ide.m, ss, k, d);

	enum teeio_ide_fail why;
	if (ide_open_tlp(&s->slot[TEEIO_IDE_DIR_RX][ss][k], s->ops, wire, &lay, s->cfg.pcrc,
			 &why) != TEEIO_OK)
		return fail(s, why, ss, k);
	if (ide_pr_value(s->rx_pr_seen, ss) != t.ide.pr_sent_counter) {
		teeio_wipe(wire + lay.payload_off, lay.enc_len);
		return fail(s, TEEIO_IDE_FAIL_PR_COUNT, ss, k);
	}
	ide_pr_advance(s->rx_pr_seen, ss);
	note_key_set(s, ss, k);
	s->stats.rx_tlps++;
	s->stats.rx_macs++;
	t.payload = lay.payload_len ? wire + lay.payload_off : NULL;
	t.payload_len = lay.payload_len;
	d->fn(d->ctx, &t);
	return TEEIO_OK;
}
