/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The emulated-platform backend: device ops.  SPDM runs over the VMM's
 * DOE relay (teeio_plat_spdm_io: every object crosses the untrusted VMM),
 * IDE_KM and TDISP inside the secured session, the root-port end of the
 * IDE stream is keyed directly.  TDI ops are in emu_tdi.c.
 */
#include <string.h>

#include "emu_internal.h"

/* PCI-SIG vendor-defined messages (IDE_KM, TDISP): StandardID PCI-SIG,
 * VendorID 0x0001 little-endian (libspdm pci_idekm.h / pci_tdisp.h). */
static const uint8_t pcisig_vid[2] = {0x01, 0x00};

static teeio_err tdisp_over_spdm(void *ctx, const uint8_t *req, size_t req_len, uint8_t *rsp,
				 size_t *rsp_len)
{
	struct teeio_tsm_emu_dev *ed = ctx;

	return teeio_spdm_req_vendor(&ed->req, ed->km_link.session_id, TEEIO_SPDM_VENDOR_STD_PCISIG,
				     pcisig_vid, sizeof(pcisig_vid), req, req_len, rsp, *rsp_len,
				     rsp_len);
}

teeio_err teeio_tsm_emu_init(struct teeio_tsm_emu *e, const struct teeio_tsm_emu_config *cfg)
{
	ENSURE(e && cfg && cfg->ops && cfg->plat, TEEIO_ERR_USAGE);
	memset(e, 0, sizeof(*e));
	e->cfg = *cfg;
	e->view = teeio_plat_tsm(cfg->plat);
	return TEEIO_OK;
}

static void dev_release(struct teeio_tsm_emu_dev *ed)
{
	teeio_spdm_req_free(&ed->req);
	teeio_wipe(ed, sizeof(*ed));
}

void teeio_tsm_emu_fini(struct teeio_tsm_emu *e)
{
	if (!e)
		return;
	for (unsigned i = 0; i < TEEIO_TSM_MAX_DEVS; i++)
		if (e->dev[i].used)
			dev_release(&e->dev[i]);
	memset(e, 0, sizeof(*e));
}

static teeio_err emu_probe(void *be, struct teeio_tsm_dev *d)
{
	struct teeio_tsm_emu *e = be;
	struct teeio_tsm_emu_dev *ed = emu_dev(e, d);
	const struct teeio_tsm_emu_dev_cfg *c = d->cfg.backend_cfg;
	struct teeio_spdm_io io;
	uint32_t id = 0;
	teeio_err rc;

	ENSURE(c && c->rp_stream, TEEIO_ERR_USAGE_CONFIG);
	ENSURE(c->plat_dev < TEEIO_PLAT_MAX_DEVS, TEEIO_ERR_USAGE_CONFIG);
	if (ed->used)
		dev_release(ed);
	ed->cfg = *c;
	/* Vendor ID all ones: nothing answers there. */
	TRY(teeio_plat_tsm_cfg_read(&e->view, c->plat_dev, 0, &id));
	ENSURE((id & 0xFFFFu) != 0xFFFFu, TEEIO_ERR_USAGE_NOT_FOUND);
	TRY(emu_ide_probe(e, ed));

	teeio_spdm_req_config_default(&ed->qcfg, e->cfg.ops);
	ed->qcfg.log = e->cfg.log;
	ed->qcfg.roots = e->cfg.roots;
	ed->qcfg.root_lens = e->cfg.root_lens;
	ed->qcfg.n_roots = e->cfg.n_roots;
	ed->qcfg.binding = teeio_spdm_io_binding(TEEIO_TRANS_PCI_DOE);
	ed->qcfg.max_pad = teeio_spdm_io_max_pad(TEEIO_TRANS_PCI_DOE);
	io = teeio_plat_spdm_io(&ed->pio, &e->view, c->plat_dev);
	rc = teeio_spdm_req_init(&ed->req, &ed->qcfg, &io);
	if (rc != TEEIO_OK) {
		dev_release(ed);
		return rc;
	}
	ed->used = true;
	return TEEIO_OK;
}

static void emu_remove(void *be, struct teeio_tsm_dev *d)
{
	struct teeio_tsm_emu_dev *ed = emu_dev(be, d);

	if (ed->used)
		dev_release(ed);
}

/* Keep the measurement record exactly as DMTF blocks (the requester
 * hands back decoded blocks; re-encoding them gives the record bytes). */
static teeio_err keep_measurements(struct teeio_tsm_emu_dev *ed, struct teeio_tsm_dev *d,
				   const struct teeio_spdm_meas_result *m)
{
	struct teeio_buf w = teeio_buf_writer(d->ev.meas, sizeof(d->ev.meas));

	for (unsigned i = 0; i < m->n_blocks; i++)
		TRY(teeio_spdm_meas_block_encode(&w, &ed->blocks[i]));
	d->ev.meas_len = w.pos;
	d->ev.meas_blocks = m->n_blocks;
	return TEEIO_OK;
}

/* SPDM: authenticate, collect evidence, open the session. */
static teeio_err spdm_up(struct teeio_tsm_emu *e, struct teeio_tsm_emu_dev *ed,
			 struct teeio_tsm_dev *d)
{
	struct teeio_spdm_req_connect_opts o = {
	    .slot = 0,
	    .challenge = false, /* KEY_EXCHANGE signs the transcript */
	    .measurements = true,
	    .session = true,
	    .summary_type = TEEIO_SPDM_MEAS_SUMMARY_ALL,
	};
	struct teeio_spdm_req_connect_result res;

	memset(&res, 0, sizeof(res));
	res.chain = d->ev.chain;
	res.chain_cap = sizeof(d->ev.chain);
	res.record = ed->scratch;
	res.record_cap = sizeof(ed->scratch);
	res.blocks = ed->blocks;
	res.max_blocks = TEEIO_ARRAY_LEN(ed->blocks);
	teeio_spdm_req_reset(&ed->req);
	TRY(teeio_spdm_req_connect(&ed->req, &o, &res));
	ENSURE(res.session_id != 0 && res.meas.signature_verified, TEEIO_ERR_PROTO_UNSUPPORTED);
	d->session_id = res.session_id;
	d->ev.spdm_version = res.params.version;
	d->ev.asym = res.params.asym;
	d->ev.hash = res.params.hash;
	d->ev.meas_hash = res.params.meas_hash;
	d->ev.dhe = res.params.dhe;
	d->ev.aead = res.params.aead;
	d->ev.chain_len = res.chain_len;
	TRY(e->cfg.ops->hash(res.params.hash, d->ev.chain, d->ev.chain_len, d->ev.chain_digest));
	TRY(keep_measurements(ed, d, &res.meas));
	ed->km_link.req = &ed->req;
	ed->km_link.session_id = res.session_id;
	ed->km.exchange = teeio_idekm_spdm_exchange;
	ed->km.ctx = &ed->km_link;
	teeio_tdisp_req_init(&ed->td, tdisp_over_spdm, ed);
	return TEEIO_OK;
}

static teeio_err emu_connect(void *be, struct teeio_tsm_dev *d)
{
	struct teeio_tsm_emu *e = be;
	struct teeio_tsm_emu_dev *ed = emu_dev(e, d);
	struct teeio_idekm_port_info port;

	TRY(spdm_up(e, ed, d));
	TRY(teeio_idekm_req_query(&ed->km, ed->cfg.idekm_port, &port));
	d->key_set = 0;
	TRY(emu_ide_program(e, ed, d, 0));
	TRY(emu_ide_go(ed, d, 0, TEEIO_IDE_DIR_RX));
	TRY(emu_ide_go(ed, d, 0, TEEIO_IDE_DIR_TX));
	TRY(emu_ide_enable(e, ed, d, true));
	emu_stop_stale(e, ed, d);
	return TEEIO_OK;
}

static teeio_err emu_disconnect(void *be, struct teeio_tsm_dev *d)
{
	struct teeio_tsm_emu *e = be;
	struct teeio_tsm_emu_dev *ed = emu_dev(e, d);
	teeio_err rc = TEEIO_OK, x;

	/* Streams off on both ends (keys wiped), then the session. */
	if (d->session_id != 0) {
		x = emu_ide_stop(ed, d, d->key_set);
		rc = x;
	}
	x = emu_ide_enable(e, ed, d, false);
	if (rc == TEEIO_OK)
		rc = x;
	if (d->session_id != 0) {
		x = teeio_spdm_req_end_session(&ed->req, d->session_id, false);
		if (rc == TEEIO_OK)
			rc = x;
	}
	teeio_spdm_req_reset(&ed->req);
	memset(&ed->km_link, 0, sizeof(ed->km_link));
	teeio_wipe(ed->scratch, sizeof(ed->scratch));
	return rc;
}

/* SPDM KEY_UPDATE, then switch the IDE stream to the other key set while
 * TLPs may be in flight: program it on both ends, arm receivers, arm
 * transmitters, then retire the old set. */
static teeio_err emu_key_refresh(void *be, struct teeio_tsm_dev *d)
{
	struct teeio_tsm_emu *e = be;
	struct teeio_tsm_emu_dev *ed = emu_dev(e, d);
	uint8_t old = d->key_set, next = (uint8_t)(d->key_set ^ 1u);

	TRY(teeio_spdm_req_key_update(&ed->req, d->session_id, TEEIO_SPDM_KEY_UPDATE_ALL_KEYS));
	TRY(emu_ide_program(e, ed, d, next));
	TRY(emu_ide_go(ed, d, next, TEEIO_IDE_DIR_RX));
	TRY(emu_ide_go(ed, d, next, TEEIO_IDE_DIR_TX));
	d->key_set = next;
	return emu_ide_stop(ed, d, old);
}

static teeio_err emu_heartbeat(void *be, struct teeio_tsm_dev *d)
{
	struct teeio_tsm_emu_dev *ed = emu_dev(be, d);

	return teeio_spdm_req_heartbeat(&ed->req, d->session_id);
}

static const struct teeio_tsm_backend_ops emu_ops = {
    .abi = TEEIO_TSM_BACKEND_ABI,
    .name = "emu",
    .caps = TEEIO_TSM_CAP_IDE | TEEIO_TSM_CAP_KEY_REFRESH | TEEIO_TSM_CAP_HEARTBEAT |
	    TEEIO_TSM_CAP_REMOVE,
    .probe = emu_probe,
    .remove = emu_remove,
    .connect = emu_connect,
    .disconnect = emu_disconnect,
    .bind = emu_bind,
    .unbind = emu_unbind,
    .accept = emu_accept,
    .stop = emu_stop,
    .quiesce = emu_quiesce,
    .key_refresh = emu_key_refresh,
    .heartbeat = emu_heartbeat,
};

const struct teeio_tsm_backend_ops *teeio_tsm_emu_ops(void)
{
	return &emu_ops;
}
