/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated backend: the IDE stream between the root port and the device.
 * The TSM keys both ends: the device's through IDE_KM inside the SPDM
 * session, the root port's directly (it is platform hardware the TSM
 * owns).  The device's stream is enabled through its IDE Extended
 * Capability, by config writes the VMM carries out on the TSM's behalf.
 */
#include <string.h>

#include "emu_internal.h"

/* PCIe 6.x sec. 7.6.3 Extended Capability header: ID 15:0, Next 31:20. */
#define ECAP_START 0x100u
#define ECAP_END 0x1000u
#define ECAP_ID(h) ((h)&0xFFFFu)
#define ECAP_NEXT(h) ((h) >> 20)
/* PCIe 6.x sec. 7.9.26 IDE Extended Capability (pci_regs.h PCI_EXT_CAP_ID_IDE
 * and PCI_IDE_*). */
#define ECAP_ID_IDE 0x30u
#define IDE_CAP 0x04u
#define IDE_CAP_LINK 0x00000001u /* Link IDE Stream Supported */
#define IDE_CAP_SELECTIVE 0x00000002u /* Selective IDE Streams Supported */
#define IDE_CAP_IDE_KM 0x00000040u /* IDE_KM Protocol Supported */
#define IDE_CAP_LINK_TC_NUM(v) (((v) >> 13) & 0x7u) /* Link IDE TCs - 1 */
#define IDE_CAP_SEL_NUM(v) (((v) >> 16) & 0xFFu) /* Selective Streams - 1 */
#define IDE_LINK_STREAM_0 0x0Cu /* first Link IDE Stream block */
#define IDE_LINK_BLOCK_SIZE 8u
#define IDE_SEL_CAP 0x00u /* Selective IDE Stream Capability */
#define IDE_SEL_CAP_ASSOC_NUM(v) ((v)&0xFu) /* address association blocks */
#define IDE_SEL_CTL 0x04u
#define IDE_SEL_CTL_EN 0x00000001u
#define IDE_SEL_CTL_ID_SHIFT 24 /* Stream ID 31:24 */
#define IDE_SEL_STS 0x08u
#define IDE_SEL_STS_STATE(v) ((v)&0xFu) /* 0 Insecure, 2 Secure */
#define IDE_SEL_STS_SECURE 0x2u
#define IDE_SEL_ADDR_1 0x14u /* first address association block */
#define IDE_SEL_ADDR_BLOCK_SIZE 12u

/* The IV IDE_KM KEY_PROG carries with each key.  Keys are fresh per key
 * set, so a fixed initial invocation field never repeats an IV.
 * assumption: the emulated engines accept any IFV; {0, 1} as the test
 * rigs use. */
static const uint32_t emu_ifv[2] = {0, 1};

teeio_err emu_ide_probe(struct teeio_tsm_emu *e, struct teeio_tsm_emu_dev *ed)
{
	uint32_t off = ECAP_START, h = 0, cap = 0, sel, v = 0;
	unsigned hops = 0;

	for (;;) {
		TRY(teeio_plat_tsm_cfg_read(&e->view, ed->cfg.plat_dev, off, &h));
		if (ECAP_ID(h) == ECAP_ID_IDE)
			break;
		off = ECAP_NEXT(h);
		/* A chain that loops or leaves extended config space is broken. */
		ENSURE(off >= ECAP_START && off < ECAP_END && ++hops < 256,
		       TEEIO_ERR_PROTO_UNSUPPORTED);
	}
	TRY(teeio_plat_tsm_cfg_read(&e->view, ed->cfg.plat_dev, off + IDE_CAP, &cap));
	ENSURE((cap & IDE_CAP_SELECTIVE) && (cap & IDE_CAP_IDE_KM), TEEIO_ERR_PROTO_UNSUPPORTED);
	ENSURE(ed->cfg.ide_block <= IDE_CAP_SEL_NUM(cap), TEEIO_ERR_USAGE_CONFIG);
	sel = off + IDE_LINK_STREAM_0;
	if (cap & IDE_CAP_LINK)
		sel += (IDE_CAP_LINK_TC_NUM(cap) + 1) * IDE_LINK_BLOCK_SIZE;
	/* Selective blocks vary in size with their address association
	 * blocks: walk them. */
	for (unsigned i = 0; i < ed->cfg.ide_block; i++) {
		TRY(teeio_plat_tsm_cfg_read(&e->view, ed->cfg.plat_dev, sel + IDE_SEL_CAP, &v));
		sel += IDE_SEL_ADDR_1 + IDE_SEL_ADDR_BLOCK_SIZE * IDE_SEL_CAP_ASSOC_NUM(v);
	}
	ENSURE(sel + IDE_SEL_ADDR_1 <= ECAP_END, TEEIO_ERR_PROTO);
	ed->ide_sel = sel;
	return TEEIO_OK;
}

static struct teeio_idekm_sel sel_of(const struct teeio_tsm_emu_dev *ed,
				     const struct teeio_tsm_dev *d, uint8_t ks,
				     enum teeio_ide_dir dir, unsigned ss)
{
	struct teeio_idekm_sel s = {ed->cfg.idekm_port, d->cfg.stream_id, ks, (uint8_t)dir,
				    (uint8_t)ss};
	return s;
}

teeio_err emu_ide_program(struct teeio_tsm_emu *e, struct teeio_tsm_emu_dev *ed,
			  const struct teeio_tsm_dev *d, uint8_t ks)
{
	/* down: root port -> device (device RX); up: device -> root port. */
	uint8_t down[TEEIO_IDE_KEY_LEN], up[TEEIO_IDE_KEY_LEN];
	teeio_err rc = TEEIO_OK;

	for (unsigned ss = 0; ss < TEEIO_IDE_SUBSTREAMS; ss++) {
		struct teeio_idekm_sel rx = sel_of(ed, d, ks, TEEIO_IDE_DIR_RX, ss);
		struct teeio_idekm_sel tx = sel_of(ed, d, ks, TEEIO_IDE_DIR_TX, ss);
		TRY_OUT(e->cfg.ops->random(down, sizeof(down)));
		TRY_OUT(e->cfg.ops->random(up, sizeof(up)));
		TRY_OUT(teeio_idekm_req_key_prog(&ed->km, &rx, down, emu_ifv, NULL));
		TRY_OUT(teeio_idekm_req_key_prog(&ed->km, &tx, up, emu_ifv, NULL));
		TRY_OUT(teeio_ide_key_prog(ed->cfg.rp_stream, TEEIO_IDE_DIR_TX,
					   (enum teeio_ide_substream)ss, ks, down, emu_ifv));
		TRY_OUT(teeio_ide_key_prog(ed->cfg.rp_stream, TEEIO_IDE_DIR_RX,
					   (enum teeio_ide_substream)ss, ks, up, emu_ifv));
	}
out:
	teeio_wipe(down, sizeof(down));
	teeio_wipe(up, sizeof(up));
	return rc;
}

teeio_err emu_ide_go(struct teeio_tsm_emu_dev *ed, const struct teeio_tsm_dev *d, uint8_t ks,
		     enum teeio_ide_dir dir)
{
	/* The root port's direction mirrors the device's: its TX is the
	 * device's RX. */
	enum teeio_ide_dir rp_dir = dir == TEEIO_IDE_DIR_RX ? TEEIO_IDE_DIR_TX : TEEIO_IDE_DIR_RX;

	for (unsigned ss = 0; ss < TEEIO_IDE_SUBSTREAMS; ss++) {
		struct teeio_idekm_sel s = sel_of(ed, d, ks, dir, ss);
		if (dir == TEEIO_IDE_DIR_RX) {
			/* device receives first, then the root port sends */
			TRY(teeio_idekm_req_key_set_go(&ed->km, &s));
			TRY(teeio_ide_key_set_go(ed->cfg.rp_stream, rp_dir,
						 (enum teeio_ide_substream)ss, ks));
		} else {
			TRY(teeio_ide_key_set_go(ed->cfg.rp_stream, rp_dir,
						 (enum teeio_ide_substream)ss, ks));
			TRY(teeio_idekm_req_key_set_go(&ed->km, &s));
		}
	}
	return TEEIO_OK;
}

teeio_err emu_ide_stop(struct teeio_tsm_emu_dev *ed, const struct teeio_tsm_dev *d, uint8_t ks)
{
	teeio_err rc = TEEIO_OK, e;

	/* Best effort: every slot is tried; the first error is returned. */
	for (unsigned dir = 0; dir < 2; dir++)
		for (unsigned ss = 0; ss < TEEIO_IDE_SUBSTREAMS; ss++) {
			struct teeio_idekm_sel s = sel_of(ed, d, ks, (enum teeio_ide_dir)dir, ss);
			e = teeio_idekm_req_key_set_stop(&ed->km, &s);
			if (rc == TEEIO_OK)
				rc = e;
			e = teeio_ide_key_set_stop(ed->cfg.rp_stream, (enum teeio_ide_dir)(1 - dir),
						   (enum teeio_ide_substream)ss, ks);
			if (rc == TEEIO_OK)
				rc = e;
		}
	return rc;
}

teeio_err emu_ide_enable(struct teeio_tsm_emu *e, struct teeio_tsm_emu_dev *ed,
			 const struct teeio_tsm_dev *d, bool on)
{
	uint32_t ctl = (uint32_t)d->cfg.stream_id << IDE_SEL_CTL_ID_SHIFT, sts = 0;

	if (!on) {
		teeio_ide_stream_disable(ed->cfg.rp_stream);
		return teeio_plat_tsm_cfg_write(&e->view, ed->cfg.plat_dev,
						ed->ide_sel + IDE_SEL_CTL, ctl);
	}
	TRY(teeio_plat_tsm_cfg_write(&e->view, ed->cfg.plat_dev, ed->ide_sel + IDE_SEL_CTL,
				     ctl | IDE_SEL_CTL_EN));
	teeio_ide_stream_enable(ed->cfg.rp_stream);
	TRY(teeio_plat_tsm_cfg_read(&e->view, ed->cfg.plat_dev, ed->ide_sel + IDE_SEL_STS, &sts));
	ENSURE(IDE_SEL_STS_STATE(sts) == IDE_SEL_STS_SECURE, TEEIO_ERR_STATE);
	ENSURE(teeio_ide_stream_state(ed->cfg.rp_stream) == TEEIO_IDE_SECURE, TEEIO_ERR_STATE);
	return TEEIO_OK;
}
