/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The TDI state machine as data (TDISP 11.2, "TDI states"): one const
 * cell per (state, event) naming the action and the state it leads to
 * when the action succeeds.  A failed action never moves the TDI.  The
 * responder and teeio_tdisp_event only ever act through this table; the
 * unit test walks every cell through the public API.
 *
 *   CONFIG_UNLOCKED --LOCK--> CONFIG_LOCKED --START(nonce)--> RUN
 *   CONFIG_LOCKED, RUN --config write / reset / IDE insecure / session
 *                        end / integrity error--> ERROR
 *   CONFIG_LOCKED, RUN, ERROR --STOP (scrub)--> CONFIG_UNLOCKED
 *
 * assumption: which request is valid in which state follows the TDISP
 * state descriptions as public implementations read them: the report only
 * while locked or running; P2P binding and MMIO attribute updates only in
 * RUN; STOP in CONFIG_UNLOCKED is answered and changes nothing; VDMs in
 * every state but ERROR.  Device events do nothing to an unlocked TDI (a
 * legacy device) and ERROR is left only by STOP.
 */
#include "tdisp_internal.h"

#define U TEEIO_TDISP_CONFIG_UNLOCKED
#define L TEEIO_TDISP_CONFIG_LOCKED
#define R TEEIO_TDISP_RUN
#define E TEEIO_TDISP_STATE_ERROR

/* Cells are {action, next state}; a failed action leaves the state alone. */
/* clang-format off */
static const struct tdisp_cell table[TEEIO_TDISP_EV_COUNT][TEEIO_TDISP_STATE_COUNT] = {
	/*                                 CONFIG_UNLOCKED      CONFIG_LOCKED        RUN                  ERROR */
	[TEEIO_TDISP_EV_GET_VERSION]      = {{ACT_VERSION, U},   {ACT_VERSION, L},   {ACT_VERSION, R},   {ACT_VERSION, E}},
	[TEEIO_TDISP_EV_GET_CAPABILITIES] = {{ACT_CAPS, U},      {ACT_CAPS, L},      {ACT_CAPS, R},      {ACT_CAPS, E}},
	[TEEIO_TDISP_EV_LOCK]             = {{ACT_LOCK, L},      {ACT_REJECT, L},    {ACT_REJECT, R},    {ACT_REJECT, E}},
	[TEEIO_TDISP_EV_GET_REPORT]       = {{ACT_REJECT, U},    {ACT_REPORT, L},    {ACT_REPORT, R},    {ACT_REJECT, E}},
	[TEEIO_TDISP_EV_GET_STATE]        = {{ACT_STATE, U},     {ACT_STATE, L},     {ACT_STATE, R},     {ACT_STATE, E}},
	[TEEIO_TDISP_EV_START]            = {{ACT_REJECT, U},    {ACT_START, R},     {ACT_REJECT, R},    {ACT_REJECT, E}},
	[TEEIO_TDISP_EV_STOP]             = {{ACT_STOP_IDLE, U}, {ACT_STOP, U},      {ACT_STOP, U},      {ACT_STOP, U}},
	[TEEIO_TDISP_EV_BIND_P2P]         = {{ACT_REJECT, U},    {ACT_REJECT, L},    {ACT_BIND_P2P, R},  {ACT_REJECT, E}},
	[TEEIO_TDISP_EV_UNBIND_P2P]       = {{ACT_REJECT, U},    {ACT_REJECT, L},    {ACT_UNBIND_P2P, R},{ACT_REJECT, E}},
	[TEEIO_TDISP_EV_SET_MMIO_ATTR]    = {{ACT_REJECT, U},    {ACT_REJECT, L},    {ACT_MMIO_ATTR, R}, {ACT_REJECT, E}},
	[TEEIO_TDISP_EV_VDM]              = {{ACT_VDM, U},       {ACT_VDM, L},       {ACT_VDM, R},       {ACT_REJECT, E}},
	/* device events */
	[TEEIO_TDISP_EV_CFG_BAR]          = {{ACT_IGNORE, U},    {ACT_FAIL, E},      {ACT_FAIL, E},      {ACT_IGNORE, E}},
	[TEEIO_TDISP_EV_CFG_MSE]          = {{ACT_IGNORE, U},    {ACT_FAIL, E},      {ACT_FAIL, E},      {ACT_IGNORE, E}},
	[TEEIO_TDISP_EV_CFG_BME]          = {{ACT_IGNORE, U},    {ACT_FAIL, E},      {ACT_FAIL, E},      {ACT_IGNORE, E}},
	[TEEIO_TDISP_EV_CFG_MSIX]         = {{ACT_IGNORE, U},    {ACT_FAIL_MSIX, E}, {ACT_FAIL_MSIX, E}, {ACT_IGNORE, E}},
	[TEEIO_TDISP_EV_CFG_VF]           = {{ACT_IGNORE, U},    {ACT_FAIL, E},      {ACT_FAIL, E},      {ACT_IGNORE, E}},
	[TEEIO_TDISP_EV_FLR]              = {{ACT_IGNORE, U},    {ACT_FAIL, E},      {ACT_FAIL, E},      {ACT_IGNORE, E}},
	[TEEIO_TDISP_EV_RESET]            = {{ACT_IGNORE, U},    {ACT_FAIL, E},      {ACT_FAIL, E},      {ACT_IGNORE, E}},
	[TEEIO_TDISP_EV_IDE_INSECURE]     = {{ACT_IGNORE, U},    {ACT_FAIL, E},      {ACT_FAIL, E},      {ACT_IGNORE, E}},
	[TEEIO_TDISP_EV_SESSION_END]      = {{ACT_IGNORE, U},    {ACT_FAIL, E},      {ACT_FAIL, E},      {ACT_IGNORE, E}},
	[TEEIO_TDISP_EV_INTEGRITY]        = {{ACT_IGNORE, U},    {ACT_FAIL, E},      {ACT_FAIL, E},      {ACT_IGNORE, E}},
};
/* clang-format on */

const struct tdisp_cell *tdisp_fsm_cell(uint8_t state, enum teeio_tdisp_event ev)
{
	return &table[ev][state];
}

_Static_assert(TEEIO_TDISP_EV_VDM - TEEIO_TDISP_EV_GET_VERSION ==
		   TEEIO_TDISP_VDM_REQ - TEEIO_TDISP_GET_VERSION,
	       "message events follow the request codes");

enum teeio_tdisp_event tdisp_fsm_event_of(uint8_t code)
{
	/* Request codes 0x81..0x8B map in order onto the message events. */
	if (code < TEEIO_TDISP_GET_VERSION || code > TEEIO_TDISP_VDM_REQ)
		return TEEIO_TDISP_EV_COUNT;
	return (enum teeio_tdisp_event)(code - TEEIO_TDISP_GET_VERSION);
}
