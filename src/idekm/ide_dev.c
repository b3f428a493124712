/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The IDE_KM responder's port ops over the IDE engine: each IDE_KM port
 * is a struct teeio_ide_port, each key slot a slot of one of its streams.
 * The selector fields are the IDE engine's enum values (pci_idekm.h and
 * include/teeio/ide.h agree: RX 0 / TX 1, PR 0 / NPR 1 / CPL 2, K0 0 /
 * K1 1), so every operation is one call.
 */
#include <string.h>

#include "teeio/idekm.h"

_Static_assert(TEEIO_IDEKM_KEY_LEN == TEEIO_IDE_KEY_LEN, "IDE_KM and IDE key sizes differ");

/* The stream `sel` names; NULL for an unknown port or stream. */
static struct teeio_ide_stream *stream_of(const struct teeio_idekm_ide_dev *d,
					  const struct teeio_idekm_sel *sel)
{
	if (sel->port_index >= TEEIO_IDEKM_PORTS_MAX || !d->port[sel->port_index])
		return NULL;
	return teeio_ide_port_find(d->port[sel->port_index], sel->stream_id);
}

static teeio_err ide_query(void *ctx, uint8_t port, struct teeio_idekm_port_info *out)
{
	const struct teeio_idekm_ide_dev *d = ctx;

	ENSURE(port < TEEIO_IDEKM_PORTS_MAX && d->port[port], TEEIO_ERR_USAGE_NOT_FOUND);
	*out = d->info[port];
	return TEEIO_OK;
}

static teeio_err ide_program_key(void *ctx, const struct teeio_idekm_sel *sel,
				 const uint8_t key[TEEIO_IDEKM_KEY_LEN], const uint32_t ifv[2])
{
	struct teeio_ide_stream *s = stream_of(ctx, sel);

	ENSURE(s, TEEIO_ERR_USAGE_NOT_FOUND);
	return teeio_ide_key_prog(s, (enum teeio_ide_dir)sel->dir,
				  (enum teeio_ide_substream)sel->sub_stream, sel->key_set, key,
				  ifv);
}

static teeio_err ide_key_set_go(void *ctx, const struct teeio_idekm_sel *sel)
{
	struct teeio_ide_stream *s = stream_of(ctx, sel);

	ENSURE(s, TEEIO_ERR_USAGE_NOT_FOUND);
	return teeio_ide_key_set_go(s, (enum teeio_ide_dir)sel->dir,
				    (enum teeio_ide_substream)sel->sub_stream, sel->key_set);
}

static teeio_err ide_key_set_stop(void *ctx, const struct teeio_idekm_sel *sel)
{
	struct teeio_ide_stream *s = stream_of(ctx, sel);

	ENSURE(s, TEEIO_ERR_USAGE_NOT_FOUND);
	return teeio_ide_key_set_stop(s, (enum teeio_ide_dir)sel->dir,
				      (enum teeio_ide_substream)sel->sub_stream, sel->key_set);
}

static const struct teeio_idekm_port_ops ide_ops = {
    .query = ide_query,
    .program_key = ide_program_key,
    .key_set_go = ide_key_set_go,
    .key_set_stop = ide_key_set_stop,
};

const struct teeio_idekm_port_ops *teeio_idekm_ide_ops(void)
{
	return &ide_ops;
}

teeio_err teeio_idekm_ide_config(struct teeio_idekm_ide_dev *d, uint8_t max_port_index,
				 struct teeio_idekm_rsp_config *cfg)
{
	unsigned p, i;

	ENSURE(d && cfg, TEEIO_ERR_USAGE);
	ENSURE(max_port_index < TEEIO_IDEKM_PORTS_MAX, TEEIO_ERR_USAGE_CONFIG);
	memset(cfg, 0, sizeof(*cfg));
	for (p = 0; p <= max_port_index; p++) {
		const struct teeio_ide_port *port = d->port[p];
		ENSURE(port && port->n_streams <= TEEIO_IDEKM_STREAMS_MAX, TEEIO_ERR_USAGE_CONFIG);
		cfg->port[p].n_streams = (uint8_t)port->n_streams;
		for (i = 0; i < port->n_streams; i++)
			cfg->port[p].stream_ids[i] = port->streams[i]->cfg.stream_id;
	}
	cfg->max_port_index = max_port_index;
	cfg->ops = &ide_ops;
	cfg->ops_ctx = d;
	return TEEIO_OK;
}
