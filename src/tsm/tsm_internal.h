/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internals of the TSM core shared between its files: the verb tables of
 * the device and TDI state machines, and small lookups.
 */
#ifndef TEEIO_TSM_INTERNAL_H
#define TEEIO_TSM_INTERNAL_H

#include "teeio/tsm.h"

/* What can be asked of a device. */
enum tsm_dev_verb {
	TSM_DEV_CONNECT = 0,
	TSM_DEV_DISCONNECT,
	TSM_DEV_KEY_REFRESH,
	TSM_DEV_HEARTBEAT,
	TSM_DEV_BIND, /* bind one of its TDIs */
	TSM_DEV_REMOVE,
	TSM_DEV_VERB_COUNT
};

/* What can be asked of a TDI (host unbind, and the guest's requests). */
enum tsm_tdi_verb {
	TSM_TDI_GET_REPORT = 0,
	TSM_TDI_VALIDATE_MMIO,
	TSM_TDI_ACCEPT,
	TSM_TDI_STOP,
	TSM_TDI_UNBIND,
	TSM_TDI_VENDOR,
	TSM_TDI_VERB_COUNT
};

/* One cell of a transition table: allowed, and where success leads. */
struct tsm_cell {
	bool ok;
	uint8_t next;
};

extern const struct tsm_cell tsm_dev_table[TEEIO_TSM_DEV_STATE_COUNT][TSM_DEV_VERB_COUNT];
extern const struct tsm_cell tsm_tdi_table[TEEIO_TSM_TDI_STATE_COUNT][TSM_TDI_VERB_COUNT];

/* The device in slot `dev` if used, else NULL. */
struct teeio_tsm_dev *tsm_dev_get(struct teeio_tsm *t, unsigned dev);
/* The TDI in slot `tdi` if used, else NULL. */
struct teeio_tsm_tdi *tsm_tdi_get(struct teeio_tsm *t, unsigned tdi);
/* The ops of the backend driving `d`. */
const struct teeio_tsm_backend *tsm_backend_of(const struct teeio_tsm *t,
					       const struct teeio_tsm_dev *d);
/* Put a device and every TDI bound on it in ERROR after `e`. */
void tsm_dev_fail(struct teeio_tsm *t, struct teeio_tsm_dev *d, teeio_err e);
/* Put TDI `x` in ERROR after `e` and have its backend quiesce it (no T=1
 * DMA, no private MMIO, STOP_INTERFACE best effort). */
void tsm_tdi_fail(struct teeio_tsm *t, struct teeio_tsm_tdi *x, teeio_err e);
/* Run a guest verb on TDI `x` (table checked here); the core of
 * teeio_tsm_guest_* and of the guest channel handler. */
TEEIO_MUST_CHECK teeio_err tsm_tdi_verb(struct teeio_tsm *t, struct teeio_tsm_tdi *x,
					enum tsm_tdi_verb v);

#endif
