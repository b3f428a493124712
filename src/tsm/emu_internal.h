/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internals of the emulated-platform backend, shared between its files:
 * the device lookup and the IDE stream steps (both ends).
 */
#ifndef TEEIO_TSM_EMU_INTERNAL_H
#define TEEIO_TSM_EMU_INTERNAL_H

#include "teeio/tsm.h"

/* The backend's per-device state for core device `d`. */
static inline struct teeio_tsm_emu_dev *emu_dev(struct teeio_tsm_emu *e,
						const struct teeio_tsm_dev *d)
{
	return &e->dev[d->index];
}

/* Find the device's IDE capability and the register block of
 * cfg.ide_block; ed->ide_sel receives its config offset. */
TEEIO_MUST_CHECK teeio_err emu_ide_probe(struct teeio_tsm_emu *e, struct teeio_tsm_emu_dev *ed);
/* Key set `ks` on both ends (fresh keys, every direction and sub-stream). */
TEEIO_MUST_CHECK teeio_err emu_ide_program(struct teeio_tsm_emu *e, struct teeio_tsm_emu_dev *ed,
					   const struct teeio_tsm_dev *d, uint8_t ks);
/* K_SET_GO of key set `ks`, direction `dir`, on both ends (receivers
 * first so that no TLP is sent under a key its receiver does not take). */
TEEIO_MUST_CHECK teeio_err emu_ide_go(struct teeio_tsm_emu_dev *ed, const struct teeio_tsm_dev *d,
				      uint8_t ks, enum teeio_ide_dir dir);
/* K_SET_STOP of key set `ks` on both ends. */
TEEIO_MUST_CHECK teeio_err emu_ide_stop(struct teeio_tsm_emu_dev *ed, const struct teeio_tsm_dev *d,
					uint8_t ks);
/* Set or clear the Enable bit on both ends; on enable, check both Secure. */
TEEIO_MUST_CHECK teeio_err emu_ide_enable(struct teeio_tsm_emu *e, struct teeio_tsm_emu_dev *ed,
					  const struct teeio_tsm_dev *d, bool on);

/* TDI ops (emu_tdi.c), see struct teeio_tsm_backend_ops. */
TEEIO_MUST_CHECK teeio_err emu_bind(void *be, struct teeio_tsm_tdi *tdi);
TEEIO_MUST_CHECK teeio_err emu_unbind(void *be, struct teeio_tsm_tdi *tdi);
TEEIO_MUST_CHECK teeio_err emu_accept(void *be, struct teeio_tsm_tdi *tdi);
TEEIO_MUST_CHECK teeio_err emu_stop(void *be, struct teeio_tsm_tdi *tdi);
void emu_quiesce(void *be, struct teeio_tsm_tdi *tdi);
/* In a fresh session: STOP_INTERFACE every function the device still holds
 * locked, running or in ERROR from a session that ended before its TDIs
 * could be stopped (ed->stale).  Best effort; clears ed->stale when all
 * answered. */
void emu_stop_stale(struct teeio_tsm_emu *e, struct teeio_tsm_emu_dev *ed,
		    const struct teeio_tsm_dev *d);

#endif
