/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internals shared by the TDISP files: the state table, report rendering
 * and TDI helpers.  Not installed.
 */
#ifndef TEEIO_TDISP_INTERNAL_H
#define TEEIO_TDISP_INTERNAL_H

#include "wire.h"

/*
 * What the state machine does with an event in a state.  Message actions
 * name the handler that answers; device-event actions name the effect.
 */
enum tdisp_action {
	ACT_REJECT = 0, /* TDISP_ERROR INVALID_INTERFACE_STATE, no change  */
	ACT_VERSION, /* TDISP_VERSION                                   */
	ACT_CAPS, /* TDISP_CAPABILITIES                              */
	ACT_STATE, /* DEVICE_INTERFACE_STATE                          */
	ACT_REPORT, /* DEVICE_INTERFACE_REPORT portion                 */
	ACT_LOCK, /* checks, fresh START nonce                       */
	ACT_START, /* nonce check                                     */
	ACT_STOP, /* scrub, forget the lock                          */
	ACT_STOP_IDLE, /* STOP while unlocked: answer, nothing to undo    */
	ACT_BIND_P2P,
	ACT_UNBIND_P2P,
	ACT_MMIO_ATTR,
	ACT_VDM,
	ACT_IGNORE, /* device event with no effect in this state       */
	ACT_FAIL, /* device event: enter ERROR                       */
	ACT_FAIL_MSIX, /* MSI-X write: enter ERROR if LOCK_MSIX was set   */
	ACT_COUNT
};

/* One cell of the table: the action, and the state after it succeeds. */
struct tdisp_cell {
	uint8_t action; /* enum tdisp_action      */
	uint8_t next; /* enum teeio_tdisp_state */
};

/** The cell for (state, ev); state < 4, ev < TEEIO_TDISP_EV_COUNT. */
const struct tdisp_cell *tdisp_fsm_cell(uint8_t state, enum teeio_tdisp_event ev);
/** The message event of a request code, or TEEIO_TDISP_EV_COUNT. */
enum teeio_tdisp_event tdisp_fsm_event_of(uint8_t code);

/** Bytes of the whole report of a TDI's profile. */
size_t tdisp_report_size(const struct teeio_tdisp_report *rep);
/** Render report bytes [offset, offset+len) of `tdi` into out. */
void tdisp_report_window(const struct teeio_tdisp_tdi *tdi, size_t offset, size_t len,
			 uint8_t *out);
/** Range i of `tdi` as reported (offset added, current attributes). */
void tdisp_range_wire(const struct teeio_tdisp_tdi *tdi, uint16_t i,
		      struct teeio_tdisp_mmio_range *out);
/** Current attributes of range i (profile with SET_MMIO_ATTRIBUTE applied). */
uint16_t tdisp_range_attrs(const struct teeio_tdisp_tdi *tdi, uint16_t i);

/** Forget everything LOCK set up (nonce wiped); state unchanged. */
void tdisp_tdi_unlock(struct teeio_tdisp_tdi *tdi);
/** Move `tdi` to `to`, telling the device model. */
void tdisp_tdi_set_state(const struct teeio_tdisp_rsp *r, struct teeio_tdisp_tdi *tdi, uint8_t to);

/* P2P stream bitmap. */
static inline bool tdisp_p2p_bound(const struct teeio_tdisp_tdi *tdi, uint8_t sid)
{
	return (tdi->p2p_bound[sid / 32] >> (sid % 32)) & 1u;
}

#endif /* TEEIO_TDISP_INTERNAL_H */
