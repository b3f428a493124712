/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IDE stream state and key slots: what the IDE Extended Capability (Enable
 * bit, Status State field) and IDE_KM (KEY_PROG, K_SET_GO, K_SET_STOP) act
 * on.  One slot per direction, sub-stream and key set (pci_idekm.h:
 * key_sub_stream carries K0/K1, RX/TX and PR/NPR/CPL), each holding a keyed
 * AES-256-GCM context made once at KEY_PROG and its invocation counter.
 *
 * State (pci_regs.h PCI_IDE_SEL_STS_STATE_*): Secure when the Enable bit is
 * set and every sub-stream has an armed key set in both directions;
 * Insecure otherwise.
 *
 * assumption: an integrity failure takes the stream Insecure and wipes
 * every key (both directions, both sets): it stays there until software
 * clears Enable and programs fresh keys; KEY_PROG is refused until then.
 */
#include <string.h>

#include "ide_internal.h"

const char *teeio_ide_fail_str(enum teeio_ide_fail f)
{
	switch (f) {
	case TEEIO_IDE_FAIL_NONE: return "none";
	case TEEIO_IDE_FAIL_MAC: return "mac";
	case TEEIO_IDE_FAIL_PCRC: return "pcrc";
	case TEEIO_IDE_FAIL_KEY_SET: return "key-set";
	case TEEIO_IDE_FAIL_KEY_ORDER: return "key-order";
	case TEEIO_IDE_FAIL_PR_COUNT: return "pr-sent-counter";
	case TEEIO_IDE_FAIL_AGGREGATION: return "aggregation";
	case TEEIO_IDE_FAIL_MALFORMED: return "malformed";
	case TEEIO_IDE_FAIL_STREAM: return "stream";
	case TEEIO_IDE_FAIL_PEER: return "peer";
	}
	return "?";
}

static bool aggr_valid(uint8_t n)
{
	return n <= 2 || n == 4 || n == 8;
}

teeio_err teeio_ide_stream_init(struct teeio_ide_stream *s, const struct teeio_crypto_ops *ops,
				const struct teeio_ide_config *cfg)
{
	ENSURE(s && ops && cfg, TEEIO_ERR_USAGE);
	ENSURE(ops->aead_init && ops->aead_seal && ops->aead_open && ops->aead_free,
	       TEEIO_ERR_USAGE);
	ENSURE(cfg->type == TEEIO_IDE_LINK || cfg->type == TEEIO_IDE_SELECTIVE,
	       TEEIO_ERR_USAGE_CONFIG);
	ENSURE(cfg->tc <= 7 && cfg->n_mem <= TEEIO_IDE_ADDR_RANGES, TEEIO_ERR_USAGE_CONFIG);
	ENSURE(cfg->rid_base <= cfg->rid_limit, TEEIO_ERR_USAGE_CONFIG);
	for (size_t i = 0; i < TEEIO_IDE_SUBSTREAMS; i++)
		ENSURE(aggr_valid(cfg->tx_aggr[i]), TEEIO_ERR_USAGE_CONFIG);
	for (size_t i = 0; i < cfg->n_mem; i++)
		ENSURE(cfg->mem[i].base <= cfg->mem[i].limit, TEEIO_ERR_USAGE_CONFIG);
	memset(s, 0, sizeof(*s));
	s->ops = ops;
	s->cfg = *cfg;
	for (size_t i = 0; i < TEEIO_IDE_SUBSTREAMS; i++) {
		if (s->cfg.tx_aggr[i] == 0)
			s->cfg.tx_aggr[i] = 1;
		s->rx_last_k[i] = -1;
	}
	s->state = TEEIO_IDE_INSECURE;
	return TEEIO_OK;
}

static void slot_clear(const struct teeio_crypto_ops *ops, struct teeio_ide_key_slot *ks)
{
	if (ks->programmed)
		ops->aead_free(&ks->aead);
	teeio_wipe(ks, sizeof(*ks));
}

static void clear_all_slots(struct teeio_ide_stream *s)
{
	for (size_t d = 0; d < 2; d++)
		for (size_t ss = 0; ss < TEEIO_IDE_SUBSTREAMS; ss++)
			for (size_t k = 0; k < TEEIO_IDE_KEY_SETS; k++)
				slot_clear(s->ops, &s->slot[d][ss][k]);
}

void ide_agg_reset(struct teeio_ide_agg *agg)
{
	teeio_wipe(agg->data, agg->data_used);
	teeio_wipe(agg->aad, agg->aad_used);
	agg->n = 0;
	agg->aad_used = 0;
	agg->data_used = 0;
}

/* Forget everything a failure or a disable leaves behind. */
static void reset_traffic_state(struct teeio_ide_stream *s)
{
	clear_all_slots(s);
	ide_agg_reset(&s->tx_agg);
	ide_agg_reset(&s->rx_agg);
	for (size_t i = 0; i < TEEIO_IDE_SUBSTREAMS; i++)
		s->rx_last_k[i] = -1;
	memset(s->tx_pr_sent, 0, sizeof(s->tx_pr_sent));
	memset(s->rx_pr_seen, 0, sizeof(s->rx_pr_seen));
}

void teeio_ide_stream_fini(struct teeio_ide_stream *s)
{
	if (!s || !s->ops)
		return;
	reset_traffic_state(s);
	teeio_wipe(s, sizeof(*s));
}

void teeio_ide_stream_set_owner(struct teeio_ide_stream *s, teeio_ide_event_fn fn, void *owner)
{
	s->on_event = fn;
	s->owner = owner;
}

static bool substream_armed(const struct teeio_ide_stream *s, size_t dir, size_t ss)
{
	return s->slot[dir][ss][0].go || s->slot[dir][ss][1].go;
}

static void update_state(struct teeio_ide_stream *s)
{
	bool secure = s->enabled && s->failed == TEEIO_IDE_FAIL_NONE;
	for (size_t ss = 0; secure && ss < TEEIO_IDE_SUBSTREAMS; ss++)
		secure = substream_armed(s, TEEIO_IDE_DIR_TX, ss) &&
			 substream_armed(s, TEEIO_IDE_DIR_RX, ss);
	s->state = secure ? TEEIO_IDE_SECURE : TEEIO_IDE_INSECURE;
}

void ide_stream_fail(struct teeio_ide_stream *s, enum teeio_ide_fail why, uint8_t ss,
		     uint8_t key_set)
{
	if (s->failed != TEEIO_IDE_FAIL_NONE)
		return; /* already Insecure; the owner heard about it */
	s->failed = why;
	s->stats.failures++;
	reset_traffic_state(s);
	update_state(s);
	if (s->on_event) {
		struct teeio_ide_event ev = {why, s->cfg.stream_id, ss, key_set};
		s->on_event(s->owner, &ev);
	}
}

static teeio_err slot_args(const struct teeio_ide_stream *s, enum teeio_ide_dir dir,
			   enum teeio_ide_substream ss, unsigned key_set)
{
	ENSURE(s && s->ops, TEEIO_ERR_USAGE);
	ENSURE(dir == TEEIO_IDE_DIR_RX || dir == TEEIO_IDE_DIR_TX, TEEIO_ERR_USAGE);
	ENSURE((unsigned)ss < TEEIO_IDE_SUBSTREAMS && key_set < TEEIO_IDE_KEY_SETS,
	       TEEIO_ERR_USAGE);
	return TEEIO_OK;
}

teeio_err teeio_ide_key_prog(struct teeio_ide_stream *s, enum teeio_ide_dir dir,
			     enum teeio_ide_substream ss, unsigned key_set,
			     const uint8_t key[TEEIO_IDE_KEY_LEN], const uint32_t ifv[2])
{
	TRY(slot_args(s, dir, ss, key_set));
	ENSURE(key && ifv, TEEIO_ERR_USAGE);
	/* A failed stream is re-established from scratch: disable first. */
	ENSURE(s->failed == TEEIO_IDE_FAIL_NONE, TEEIO_ERR_STATE_DEAD);
	struct teeio_ide_key_slot *ks = &s->slot[dir][ss][key_set];
	/* Never re-key a slot under traffic: switch sets, then re-program. */
	ENSURE(!ks->go, TEEIO_ERR_STATE);
	uint64_t start = ide_ifv(ifv);
	ENSURE(start != UINT64_MAX, TEEIO_ERR_USAGE); /* no invocation left */
	struct teeio_aead fresh = {0};
	TRY(s->ops->aead_init(&fresh, TEEIO_AEAD_AES256_GCM, key, TEEIO_IDE_KEY_LEN));
	slot_clear(s->ops, ks);
	ks->aead = fresh;
	ks->counter = start;
	ks->programmed = true;
	return TEEIO_OK;
}

teeio_err teeio_ide_key_set_go(struct teeio_ide_stream *s, enum teeio_ide_dir dir,
			       enum teeio_ide_substream ss, unsigned key_set)
{
	TRY(slot_args(s, dir, ss, key_set));
	ENSURE(s->failed == TEEIO_IDE_FAIL_NONE, TEEIO_ERR_STATE_DEAD);
	struct teeio_ide_key_slot *ks = &s->slot[dir][ss][key_set];
	ENSURE(ks->programmed, TEEIO_ERR_STATE);
	ks->go = true;
	ks->armed_seq = ++s->go_seq;
	/* A transmitter uses one key set at a time; the old one stays
	 * programmed (an open aggregation group may still need it). */
	if (dir == TEEIO_IDE_DIR_TX)
		s->slot[dir][ss][key_set ^ 1].go = false;
	update_state(s);
	return TEEIO_OK;
}

teeio_err teeio_ide_key_set_stop(struct teeio_ide_stream *s, enum teeio_ide_dir dir,
				 enum teeio_ide_substream ss, unsigned key_set)
{
	TRY(slot_args(s, dir, ss, key_set));
	const struct teeio_ide_agg *agg = dir == TEEIO_IDE_DIR_TX ? &s->tx_agg : &s->rx_agg;
	ENSURE(!(agg->n && agg->ss == ss && agg->key_set == key_set), TEEIO_ERR_STATE);
	slot_clear(s->ops, &s->slot[dir][ss][key_set]);
	update_state(s);
	return TEEIO_OK;
}

void teeio_ide_stream_enable(struct teeio_ide_stream *s)
{
	s->enabled = true;
	update_state(s);
}

void teeio_ide_stream_disable(struct teeio_ide_stream *s)
{
	s->enabled = false;
	reset_traffic_state(s);
	s->failed = TEEIO_IDE_FAIL_NONE;
	s->fail_msg_received = false;
	update_state(s);
}

enum teeio_ide_state teeio_ide_stream_state(const struct teeio_ide_stream *s)
{
	return s->state;
}

void teeio_ide_stream_fail_message(struct teeio_ide_stream *s)
{
	s->fail_msg_received = true;
	ide_stream_fail(s, TEEIO_IDE_FAIL_PEER, 0, 0);
}
