/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A whole emulated system: platform, one hosted DSM device on an IDE link
 * behind its root port, and a TSM driving it through the emu backend.
 * The wiring every user of the emulated platform would otherwise repeat
 * (scenario tests, `teeio tsm status`, demos).
 */
#include <string.h>

#include "teeio/tsm.h"

#define SYS_WINDOW_SIZE UINT64_C(0x40000000) /* BAR window from TEEIO_DSM_MMIO_BASE */

/* The root port's end of stream 0: every host request and completion to
 * the device's functions travels on it (a default selective stream). */
static teeio_err rp_stream_init(struct teeio_tsm_sys *s, const struct teeio_crypto_ops *ops)
{
	struct teeio_ide_config c;
	uint16_t rid = teeio_dsm_fn_rid(&s->host.dev, 0);

	memset(&c, 0, sizeof(c));
	c.type = TEEIO_IDE_SELECTIVE;
	c.stream_id = TEEIO_TSM_SYS_STREAM;
	c.default_stream = true;
	c.rid_base = rid;
	c.rid_limit = (uint16_t)(rid + s->host.dev.n_funcs - 1);
	TRY(teeio_ide_stream_init(&s->rp_stream, ops, &c));
	teeio_ide_port_init(&s->rp_port);
	return teeio_ide_port_add(&s->rp_port, &s->rp_stream);
}

static teeio_err attach(struct teeio_tsm_sys *s)
{
	struct teeio_plat_dev_cfg dc;

	memset(&dc, 0, sizeof(dc));
	dc.rid = teeio_dsm_fn_rid(&s->host.dev, 0);
	dc.n_rids = s->host.dev.n_funcs;
	dc.cfg = teeio_plat_dsm_ep_cfg(&s->ep);
	dc.doe_cap_off = TEEIO_DSM_ECAP_DOE;
	dc.link = &s->link;
	dc.win[0].base = TEEIO_DSM_MMIO_BASE;
	dc.win[0].size = SYS_WINDOW_SIZE;
	dc.n_win = 1;
	return teeio_plat_vmm_attach(&s->vmm, &dc, &s->plat_dev);
}

static teeio_err tsm_up(struct teeio_tsm_sys *s, const struct teeio_crypto_ops *ops,
			const struct teeio_log *log)
{
	struct teeio_tsm_config tc = {ops, log};
	struct teeio_tsm_emu_config ec;
	struct teeio_tsm_dev_cfg dc;

	/* The device's chain starts with its root: trust that one. */
	s->roots[0] = s->host.der;
	s->root_lens[0] = s->host.chain.n_certs ? s->host.chain.certs[0].len : 0;
	memset(&ec, 0, sizeof(ec));
	ec.ops = ops;
	ec.log = log;
	ec.plat = &s->plat;
	ec.roots = s->roots;
	ec.root_lens = s->root_lens;
	ec.n_roots = 1;
	TRY(teeio_tsm_emu_init(&s->emu, &ec));
	TRY(teeio_tsm_init(&s->tsm, &tc));
	TRY(teeio_tsm_register_backend(&s->tsm, teeio_tsm_emu_ops(), &s->emu));

	s->emu_dev.plat_dev = s->plat_dev;
	s->emu_dev.rp_stream = &s->rp_stream;
	s->emu_dev.idekm_port = 0;
	s->emu_dev.ide_block = TEEIO_TSM_SYS_STREAM;
	memset(&dc, 0, sizeof(dc));
	memcpy(dc.backend, "emu", 4);
	dc.rid = teeio_dsm_fn_rid(&s->host.dev, 0);
	dc.n_rids = s->host.dev.n_funcs;
	dc.segment = s->prof.segment;
	dc.stream_id = TEEIO_TSM_SYS_STREAM;
	dc.backend_cfg = &s->emu_dev;
	TRY(teeio_tsm_dev_add(&s->tsm, &dc, &s->dev));
	s->tsm_view = teeio_plat_tsm(&s->plat);
	teeio_plat_tsm_set_guest_handler(&s->tsm_view, teeio_tsm_guest_handler, &s->tsm);
	return TEEIO_OK;
}

static teeio_err sys_up(struct teeio_tsm_sys *s, const struct teeio_crypto_ops *ops,
			const struct teeio_dsm_profile *prof, enum teeio_plat_flavour f,
			const struct teeio_log *log)
{
	struct teeio_plat_config pc = teeio_plat_config_default(f, s->arena, sizeof(s->arena));
	struct teeio_dsm_host_config hc;

	TRY(teeio_plat_init(&s->plat, &pc));
	s->vmm = teeio_plat_vmm(&s->plat);
	if (prof)
		s->prof = *prof;
	else
		TRY(teeio_dsm_profile_default(&s->prof));
	/* The DMA ops exist before the endpoint is wired, as the device
	 * takes them at init. */
	s->dma = teeio_plat_dsm_ep_dma(&s->ep);
	memset(&hc, 0, sizeof(hc));
	hc.ops = ops;
	hc.log = log;
	hc.prof = &s->prof;
	hc.trans = TEEIO_TRANS_PCI_DOE;
	hc.dma = &s->dma;
	TRY(teeio_dsm_host_init(&s->host, &hc));
	TRY(rp_stream_init(s, ops));
	teeio_link_init(&s->link, &s->rp_port, &s->host.port);
	teeio_plat_dsm_ep_init(&s->ep, &s->host.dev, &s->link);
	TRY(attach(s));
	return tsm_up(s, ops, log);
}

teeio_err teeio_tsm_sys_init(struct teeio_tsm_sys *s, const struct teeio_crypto_ops *ops,
			     const struct teeio_dsm_profile *prof, enum teeio_plat_flavour f,
			     const struct teeio_log *log)
{
	teeio_err rc;

	ENSURE(s && ops, TEEIO_ERR_USAGE);
	memset(s, 0, sizeof(*s));
	rc = sys_up(s, ops, prof, f, log);
	if (rc != TEEIO_OK)
		teeio_tsm_sys_fini(s);
	return rc;
}

void teeio_tsm_sys_fini(struct teeio_tsm_sys *s)
{
	if (!s)
		return;
	if (s->tsm.cfg.ops)
		teeio_tsm_fini(&s->tsm);
	teeio_tsm_emu_fini(&s->emu);
	if (s->rp_stream.ops)
		teeio_ide_stream_fini(&s->rp_stream);
	if (s->host.cfg.ops)
		teeio_dsm_host_free(&s->host);
	teeio_wipe(s->arena, sizeof(s->arena));
}

teeio_err teeio_tsm_sys_tvm(struct teeio_tsm_sys *s, unsigned *tvm,
			    uint8_t secret[TEEIO_TSM_TVM_SECRET_LEN])
{
	unsigned id = 0;
	teeio_err rc;

	ENSURE(s && tvm && secret, TEEIO_ERR_USAGE);
	TRY(teeio_plat_tsm_tvm_create(&s->tsm_view, &id));
	rc = s->tsm.cfg.ops->random(secret, TEEIO_TSM_TVM_SECRET_LEN);
	if (rc == TEEIO_OK)
		rc = teeio_tsm_tvm_add(&s->tsm, id, secret);
	if (rc != TEEIO_OK) {
		teeio_wipe(secret, TEEIO_TSM_TVM_SECRET_LEN);
		teeio_err undo = teeio_plat_tsm_tvm_destroy(&s->tsm_view, id);
		(void)undo; /* the first error is the one to report */
		return rc;
	}
	*tvm = id;
	return TEEIO_OK;
}
