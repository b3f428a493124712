/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The emulated link: two ports (root port, endpoint), one queue of wire
 * TLPs per direction, and the attacker's seat between them.  Everything
 * that crosses is bytes, so the attacker can do to a TLP whatever a real
 * interposer could: read it, change any byte, drop it, hold it back and
 * release it later (reorder), copy it and inject the copy (replay), or
 * inject bytes of its own.
 */
#include <string.h>

#include "ide_internal.h"

/* The sink a port transmits into: the tail of one direction's queue. */
struct link_tx {
	struct teeio_link *l;
	enum teeio_link_dir dir;
};

static size_t q_room(void *ctx)
{
	const struct link_tx *x = ctx;
	return TEEIO_LINK_DEPTH - x->l->q[x->dir].count;
}

static uint8_t *q_reserve(void *ctx)
{
	struct link_tx *x = ctx;
	struct teeio_link_queue *q = &x->l->q[x->dir];
	return q->slot[(q->head + q->count) % TEEIO_LINK_DEPTH].wire;
}

static void q_commit(void *ctx, size_t len)
{
	struct link_tx *x = ctx;
	struct teeio_link_queue *q = &x->l->q[x->dir];
	q->slot[(q->head + q->count) % TEEIO_LINK_DEPTH].len = len;
	q->count++;
	x->l->stats.sent[x->dir]++;
}

static enum teeio_link_dir dir_from(enum teeio_link_side from)
{
	return from == TEEIO_LINK_RP ? TEEIO_LINK_DOWN : TEEIO_LINK_UP;
}

void teeio_link_init(struct teeio_link *l, struct teeio_ide_port *rp, struct teeio_ide_port *ep)
{
	memset(l, 0, sizeof(*l));
	l->port[TEEIO_LINK_RP] = rp;
	l->port[TEEIO_LINK_EP] = ep;
}

void teeio_link_set_receiver(struct teeio_link *l, enum teeio_link_side side,
			     const struct teeio_ide_deliver *d)
{
	l->receiver[side] = *d;
}

void teeio_link_set_attacker(struct teeio_link *l, const struct teeio_link_attacker *a)
{
	if (a)
		l->attacker = *a;
	else
		memset(&l->attacker, 0, sizeof(l->attacker));
}

teeio_err teeio_link_send(struct teeio_link *l, enum teeio_link_side from,
			  const struct teeio_tlp *t)
{
	ENSURE(l && t && (from == TEEIO_LINK_RP || from == TEEIO_LINK_EP), TEEIO_ERR_USAGE);
	struct link_tx x = {l, dir_from(from)};
	struct teeio_ide_sink sink = {q_room, q_reserve, q_commit, &x};
	return teeio_ide_port_tx(l->port[from], t, &sink);
}

teeio_err teeio_link_flush(struct teeio_link *l, enum teeio_link_side from)
{
	ENSURE(l && (from == TEEIO_LINK_RP || from == TEEIO_LINK_EP), TEEIO_ERR_USAGE);
	struct link_tx x = {l, dir_from(from)};
	struct teeio_ide_sink sink = {q_room, q_reserve, q_commit, &x};
	return teeio_ide_port_flush(l->port[from], &sink);
}

static teeio_err push(struct teeio_link *l, enum teeio_link_dir dir, const uint8_t *wire,
		      size_t len)
{
	struct teeio_link_queue *q = &l->q[dir];
	ENSURE(len <= TEEIO_TLP_WIRE_MAX, TEEIO_ERR_SIZE_LIMIT);
	ENSURE(q->count < TEEIO_LINK_DEPTH, TEEIO_ERR_SIZE_LIMIT);
	struct teeio_link_slot *s = &q->slot[(q->head + q->count) % TEEIO_LINK_DEPTH];
	if (len)
		memcpy(s->wire, wire, len);
	s->len = len;
	q->count++;
	return TEEIO_OK;
}

teeio_err teeio_link_inject(struct teeio_link *l, enum teeio_link_dir dir, const uint8_t *wire,
			    size_t len)
{
	ENSURE(l && (wire || !len) && (dir == TEEIO_LINK_DOWN || dir == TEEIO_LINK_UP),
	       TEEIO_ERR_USAGE);
	TRY(push(l, dir, wire, len));
	l->stats.injected[dir]++;
	return TEEIO_OK;
}

teeio_err teeio_link_release(struct teeio_link *l, enum teeio_link_dir dir, unsigned index)
{
	ENSURE(l && (dir == TEEIO_LINK_DOWN || dir == TEEIO_LINK_UP), TEEIO_ERR_USAGE);
	ENSURE(index < l->n_held[dir], TEEIO_ERR_USAGE_NOT_FOUND);
	struct teeio_link_slot *h = l->held[dir];
	TRY(push(l, dir, h[index].wire, h[index].len));
	memmove(&h[index], &h[index + 1], (l->n_held[dir] - index - 1) * sizeof(h[0]));
	l->n_held[dir]--;
	return TEEIO_OK;
}

/*
 * assumption: when a port's stream fails on a received TLP, the port tells
 * its partner with an IDE Fail Message, and the partner's stream of the
 * same ID fails too.  The message is modelled out of band: it is not a TLP
 * in the queue, so the attacker can neither see nor suppress it.
 */
static void send_fail_messages(struct teeio_link *l, enum teeio_link_side to,
			       const bool was_failed[TEEIO_IDE_PORT_STREAMS])
{
	const struct teeio_ide_port *p = l->port[to], *partner = l->port[to ^ 1];
	for (size_t i = 0; p && partner && i < p->n_streams; i++) {
		const struct teeio_ide_stream *s = p->streams[i];
		if (was_failed[i] || s->failed == TEEIO_IDE_FAIL_NONE)
			continue;
		struct teeio_ide_stream *peer = teeio_ide_port_find(partner, s->cfg.stream_id);
		if (peer)
			teeio_ide_stream_fail_message(peer);
		l->stats.fail_msgs[to == TEEIO_LINK_EP ? TEEIO_LINK_DOWN : TEEIO_LINK_UP]++;
	}
}

/* Hand the head of one direction's queue to the attacker, then to the
 * receiving port.  The slot stays occupied until it has been handled, so
 * TLPs queued meanwhile (injections, responses) never overwrite it. */
static void deliver_head(struct teeio_link *l, enum teeio_link_dir dir)
{
	struct teeio_link_queue *q = &l->q[dir];
	struct teeio_link_slot *s = &q->slot[q->head];
	enum teeio_link_verdict v = TEEIO_LINK_PASS;
	if (l->attacker.on_tlp)
		v = l->attacker.on_tlp(l->attacker.ctx, dir, s->wire, &s->len, sizeof(s->wire));
	enum teeio_link_side to = dir == TEEIO_LINK_DOWN ? TEEIO_LINK_EP : TEEIO_LINK_RP;
	switch (v) {
	case TEEIO_LINK_DROP: l->stats.dropped[dir]++; break;
	case TEEIO_LINK_HOLD:
		if (l->n_held[dir] < TEEIO_LINK_HELD) {
			l->held[dir][l->n_held[dir]++] = *s;
			l->stats.held[dir]++;
		} else {
			l->stats.dropped[dir]++; /* nowhere to keep it */
		}
		break;
	case TEEIO_LINK_MODIFIED:
		l->stats.modified[dir]++;
		/* fall through */
	case TEEIO_LINK_PASS:
	default: {
		teeio_err rc = TEEIO_ERR_USAGE;
		bool was_failed[TEEIO_IDE_PORT_STREAMS] = {false};
		const struct teeio_ide_port *p = l->port[to];
		for (size_t i = 0; p && i < p->n_streams; i++)
			was_failed[i] = p->streams[i]->failed != TEEIO_IDE_FAIL_NONE;
		if (l->port[to] && l->receiver[to].fn)
			rc = teeio_ide_port_rx(l->port[to], s->wire, s->len, &l->receiver[to]);
		if (rc == TEEIO_OK) {
			l->stats.delivered[dir]++;
		} else {
			l->stats.rx_errors[dir]++;
			l->last_rx_err[dir] = rc;
			send_fail_messages(l, to, was_failed);
		}
		break;
	}
	}
	q->head = (q->head + 1) % TEEIO_LINK_DEPTH;
	q->count--;
}

void teeio_link_pump(struct teeio_link *l, size_t *delivered)
{
	uint64_t before = l->stats.delivered[0] + l->stats.delivered[1];
	while (l->q[TEEIO_LINK_DOWN].count || l->q[TEEIO_LINK_UP].count) {
		for (int dir = TEEIO_LINK_DOWN; dir <= TEEIO_LINK_UP; dir++)
			if (l->q[dir].count)
				deliver_head(l, (enum teeio_link_dir)dir);
	}
	if (delivered)
		*delivered = (size_t)(l->stats.delivered[0] + l->stats.delivered[1] - before);
}
