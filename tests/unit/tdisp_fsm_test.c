/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The TDI state machine, walked cell by cell through the public API: for
 * every (state, event) a fresh responder drives TDI 0 into the state with
 * real requests, delivers the event (a valid request, or a device event),
 * and checks the answer and the state after it against the expectation
 * written out below (independently of src/tdisp/fsm.c's table).  Then
 * every ERROR trigger, MSI-X without LOCK_MSIX, ERROR's exits, the
 * broadcast and per-stream events.
 */
#include "test.h"
#include "support/tdisp.h"

#define U TEEIO_TDISP_CONFIG_UNLOCKED
#define L TEEIO_TDISP_CONFIG_LOCKED
#define R TEEIO_TDISP_RUN
#define E TEEIO_TDISP_STATE_ERROR
#define IS TEEIO_TDISP_ERR_INVALID_INTERFACE_STATE
#define ALL_FLAGS TEEIO_TDISP_LOCK_FLAGS_ALL

struct expect {
	long err; /* TDISP error code answered, 0: the response */
	uint8_t next; /* state afterwards */
};

/* [event][state]: what the TDISP state descriptions require. */
static const struct expect expected[TEEIO_TDISP_EV_COUNT][TEEIO_TDISP_STATE_COUNT] = {
    [TEEIO_TDISP_EV_GET_VERSION] = {{0, U}, {0, L}, {0, R}, {0, E}},
    [TEEIO_TDISP_EV_GET_CAPABILITIES] = {{0, U}, {0, L}, {0, R}, {0, E}},
    [TEEIO_TDISP_EV_LOCK] = {{0, L}, {IS, L}, {IS, R}, {IS, E}},
    [TEEIO_TDISP_EV_GET_REPORT] = {{IS, U}, {0, L}, {0, R}, {IS, E}},
    [TEEIO_TDISP_EV_GET_STATE] = {{0, U}, {0, L}, {0, R}, {0, E}},
    [TEEIO_TDISP_EV_START] = {{IS, U}, {0, R}, {IS, R}, {IS, E}},
    [TEEIO_TDISP_EV_STOP] = {{0, U}, {0, U}, {0, U}, {0, U}},
    [TEEIO_TDISP_EV_BIND_P2P] = {{IS, U}, {IS, L}, {0, R}, {IS, E}},
    [TEEIO_TDISP_EV_UNBIND_P2P] = {{IS, U}, {IS, L}, {0, R}, {IS, E}},
    [TEEIO_TDISP_EV_SET_MMIO_ATTR] = {{IS, U}, {IS, L}, {0, R}, {IS, E}},
    [TEEIO_TDISP_EV_VDM] = {{0, U}, {0, L}, {0, R}, {IS, E}},
    [TEEIO_TDISP_EV_CFG_BAR] = {{0, U}, {0, E}, {0, E}, {0, E}},
    [TEEIO_TDISP_EV_CFG_MSE] = {{0, U}, {0, E}, {0, E}, {0, E}},
    [TEEIO_TDISP_EV_CFG_BME] = {{0, U}, {0, E}, {0, E}, {0, E}},
    [TEEIO_TDISP_EV_CFG_MSIX] = {{0, U}, {0, E}, {0, E}, {0, E}},
    [TEEIO_TDISP_EV_CFG_VF] = {{0, U}, {0, E}, {0, E}, {0, E}},
    [TEEIO_TDISP_EV_FLR] = {{0, U}, {0, E}, {0, E}, {0, E}},
    [TEEIO_TDISP_EV_RESET] = {{0, U}, {0, E}, {0, E}, {0, E}},
    [TEEIO_TDISP_EV_IDE_INSECURE] = {{0, U}, {0, E}, {0, E}, {0, E}},
    [TEEIO_TDISP_EV_SESSION_END] = {{0, U}, {0, E}, {0, E}, {0, E}},
    [TEEIO_TDISP_EV_INTEGRITY] = {{0, U}, {0, E}, {0, E}, {0, E}},
};

/* The request code of each message event (their order follows the codes). */
static const uint8_t request_of[] = {
    TEEIO_TDISP_GET_VERSION,
    TEEIO_TDISP_GET_CAPABILITIES,
    TEEIO_TDISP_LOCK_INTERFACE_REQ,
    TEEIO_TDISP_GET_DEVICE_INTERFACE_REPORT,
    TEEIO_TDISP_GET_DEVICE_INTERFACE_STATE,
    TEEIO_TDISP_START_INTERFACE_REQ,
    TEEIO_TDISP_STOP_INTERFACE_REQ,
    TEEIO_TDISP_BIND_P2P_STREAM_REQ,
    TEEIO_TDISP_UNBIND_P2P_STREAM_REQ,
    TEEIO_TDISP_SET_MMIO_ATTRIBUTE_REQ,
    TEEIO_TDISP_VDM_REQ,
};

/* A request for `ev` that is valid in the state the cell expects to accept it. */
static struct teeio_tdisp_msg valid_request(struct tdisp_fx *fx, enum teeio_tdisp_event ev)
{
	static const uint8_t vid[2] = {0x86, 0x80}, data[3] = {1, 2, 3};
	struct teeio_tdisp_msg q = tdisp_fx_msg(request_of[ev], TDISP_FX_FID0);

	switch (ev) {
	case TEEIO_TDISP_EV_LOCK: q.u.lock = tdisp_fx_lock_params(fx); break;
	case TEEIO_TDISP_EV_GET_REPORT:
		q.u.get_report.offset = 0;
		q.u.get_report.length = 64;
		break;
	case TEEIO_TDISP_EV_START: memcpy(q.u.nonce, fx->nonce, sizeof(fx->nonce)); break;
	case TEEIO_TDISP_EV_BIND_P2P:
	case TEEIO_TDISP_EV_UNBIND_P2P: q.u.p2p_stream_id = TDISP_FX_P2P_STREAM; break;
	case TEEIO_TDISP_EV_SET_MMIO_ATTR:
		/* range 2 (updatable) as reported, made non-TEE */
		q.u.mmio.first_page = (fx->ranges[2].addr + TDISP_FX_OFFSET) >> 12;
		q.u.mmio.num_pages = fx->ranges[2].pages;
		q.u.mmio.attrs = TEEIO_TDISP_RANGE_ATTR_UPDATABLE | TEEIO_TDISP_RANGE_NON_TEE;
		q.u.mmio.range_id = fx->ranges[2].range_id;
		break;
	case TEEIO_TDISP_EV_VDM:
		q.u.vdm.registry_id = 0;
		q.u.vdm.vendor_id_len = 2;
		q.u.vdm.vendor_id = vid;
		q.u.vdm.data = data;
		q.u.vdm.data_len = sizeof(data);
		break;
	default: break;
	}
	return q;
}

TEST(fsm_every_cell)
{
	static struct tdisp_fx fx;
	int cells = 0;

	for (int s = 0; s < TEEIO_TDISP_STATE_COUNT; s++) {
		for (int ev = 0; ev < TEEIO_TDISP_EV_COUNT; ev++) {
			const struct expect *x = &expected[ev][s];
			struct teeio_tdisp_tdi *tdi;
			long got = 0;

			tdisp_fx_init(&fx, 8, ALL_FLAGS);
			tdi = &fx.tdis[0];
			CHECK_EQ(tdisp_fx_goto(&fx, TDISP_FX_FID0, (enum teeio_tdisp_state)s), 0);
			CHECK_EQ(tdi->state, s);
			/* UNBIND needs something bound first. */
			if (ev == TEEIO_TDISP_EV_UNBIND_P2P && s == R)
				CHECK_OK(teeio_tdisp_req_p2p(&fx.req, TDISP_FX_FID0, true,
							     TDISP_FX_P2P_STREAM));
			if (ev < TEEIO_TDISP_EV_DEVICE_FIRST) {
				struct teeio_tdisp_msg q = valid_request(&fx, ev), m;

				got = tdisp_fx_call(&fx, &q, &m);
				if (got == 0)
					CHECK_EQ(m.code, request_of[ev] & 0x7F);
			} else {
				CHECK_OK(teeio_tdisp_event(&fx.rsp, tdi, ev));
			}
			if (got != x->err || tdi->state != x->next)
				test_fail(__FILE__, __LINE__,
					  "cell (%s, event %d): err %ld state %s",
					  teeio_tdisp_state_name((uint8_t)s), ev, got,
					  teeio_tdisp_state_name(tdi->state));
			/* The other TDIs never move. */
			CHECK_EQ(fx.tdis[1].state, U);
			CHECK_EQ(fx.tdis[2].state, U);
			cells++;
		}
	}
	CHECK_EQ(cells, TEEIO_TDISP_STATE_COUNT * TEEIO_TDISP_EV_COUNT);
}

/* Every trigger the spec names moves a locked and a running TDI to ERROR,
 * kills its nonce, closes its private MMIO and records the cause. */
TEST(fsm_error_triggers)
{
	static struct tdisp_fx fx;

	for (int ev = TEEIO_TDISP_EV_DEVICE_FIRST; ev < TEEIO_TDISP_EV_COUNT; ev++) {
		for (int s = L; s <= R; s++) {
			struct teeio_tdisp_tdi *tdi = &fx.tdis[0];
			enum teeio_tdisp_state st;

			tdisp_fx_init(&fx, 8, ALL_FLAGS);
			CHECK_EQ(tdisp_fx_goto(&fx, TDISP_FX_FID0, (enum teeio_tdisp_state)s), 0);
			CHECK_OK(teeio_tdisp_event(&fx.rsp, tdi, ev));
			CHECK_EQ(tdi->state, E);
			CHECK_EQ(tdi->error_cause, ev);
			CHECK(!tdi->nonce_valid);
			CHECK(teeio_ct_is_zero(tdi->nonce, sizeof(tdi->nonce)));
			CHECK_EQ(
			    teeio_tdisp_tdi_access(tdi, fx.ranges[3].addr, true, TDISP_FX_STREAM),
			    TEEIO_TDISP_UR);
			/* the requester sees ERROR; START with the old nonce is refused */
			CHECK_OK(teeio_tdisp_req_get_state(&fx.req, TDISP_FX_FID0, &st));
			CHECK_EQ(st, E);
			CHECK_ERR(teeio_tdisp_req_start(&fx.req, TDISP_FX_FID0, fx.nonce),
				  TEEIO_ERR_PROTO_PEER_ERROR);
			CHECK_EQ(fx.req.last_error, IS);
			/* only STOP leaves, after a scrub */
			CHECK_OK(teeio_tdisp_event(&fx.rsp, tdi, TEEIO_TDISP_EV_RESET));
			CHECK_EQ(tdi->state, E);
			fx.scrubs = 0;
			CHECK_OK(teeio_tdisp_req_stop(&fx.req, TDISP_FX_FID0));
			CHECK_EQ(fx.scrubs, 1);
			CHECK_EQ(tdi->state, U);
		}
	}
}

TEST(fsm_msix_write_needs_lock_msix)
{
	static struct tdisp_fx fx;
	struct teeio_tdisp_lock_params p;

	tdisp_fx_init(&fx, 8, ALL_FLAGS);
	p = tdisp_fx_lock_params(&fx);
	p.flags &= (uint16_t)~TEEIO_TDISP_LOCK_MSIX;
	CHECK_OK(teeio_tdisp_req_lock(&fx.req, TDISP_FX_FID0, &p, fx.nonce));
	CHECK_OK(teeio_tdisp_event(&fx.rsp, &fx.tdis[0], TEEIO_TDISP_EV_CFG_MSIX));
	CHECK_EQ(fx.tdis[0].state, L);
	CHECK_OK(teeio_tdisp_req_start(&fx.req, TDISP_FX_FID0, fx.nonce));
	CHECK_OK(teeio_tdisp_event(&fx.rsp, &fx.tdis[0], TEEIO_TDISP_EV_CFG_MSIX));
	CHECK_EQ(fx.tdis[0].state, R);
	CHECK_OK(teeio_tdisp_event(&fx.rsp, &fx.tdis[0], TEEIO_TDISP_EV_CFG_BAR));
	CHECK_EQ(fx.tdis[0].state, E);
}

TEST(fsm_session_end_breaks_every_tdi)
{
	static struct tdisp_fx fx;

	tdisp_fx_init(&fx, 8, ALL_FLAGS);
	CHECK_EQ(tdisp_fx_goto(&fx, fx.fids[0], R), 0);
	CHECK_EQ(tdisp_fx_goto(&fx, fx.fids[1], L), 0);
	CHECK_OK(teeio_tdisp_event(&fx.rsp, NULL, TEEIO_TDISP_EV_SESSION_END));
	CHECK_EQ(fx.tdis[0].state, E);
	CHECK_EQ(fx.tdis[1].state, E);
	CHECK_EQ(fx.tdis[2].state, U); /* unlocked: a legacy device, untouched */
}

TEST(fsm_stream_insecure_hits_its_users_only)
{
	static struct tdisp_fx fx;

	tdisp_fx_init(&fx, 8, ALL_FLAGS);
	CHECK_EQ(tdisp_fx_goto(&fx, fx.fids[0], R), 0);
	CHECK_EQ(tdisp_fx_goto(&fx, fx.fids[1], R), 0);
	CHECK_OK(teeio_tdisp_req_p2p(&fx.req, fx.fids[1], true, TDISP_FX_P2P_STREAM));
	teeio_tdisp_stream_insecure(&fx.rsp, 7); /* nobody's */
	CHECK_EQ(fx.tdis[0].state, R);
	CHECK_EQ(fx.tdis[1].state, R);
	teeio_tdisp_stream_insecure(&fx.rsp, TDISP_FX_P2P_STREAM); /* TDI 1's P2P stream */
	CHECK_EQ(fx.tdis[0].state, R);
	CHECK_EQ(fx.tdis[1].state, E);
	CHECK_EQ(fx.tdis[1].error_cause, TEEIO_TDISP_EV_IDE_INSECURE);
	teeio_tdisp_stream_insecure(&fx.rsp, TDISP_FX_STREAM); /* the default stream */
	CHECK_EQ(fx.tdis[0].state, E);
}

TEST(fsm_event_rejects_message_events)
{
	static struct tdisp_fx fx;

	tdisp_fx_init(&fx, 8, ALL_FLAGS);
	CHECK_ERR(teeio_tdisp_event(&fx.rsp, NULL, TEEIO_TDISP_EV_LOCK), TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_tdisp_event(&fx.rsp, NULL, TEEIO_TDISP_EV_COUNT), TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_tdisp_event(&fx.rsp, NULL, (enum teeio_tdisp_event) - 1), TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_tdisp_event(NULL, NULL, TEEIO_TDISP_EV_FLR), TEEIO_ERR_USAGE);
	CHECK_EQ(fx.tdis[0].state, U);
}

/* The device model is told about every change, and only about changes. */
TEST(fsm_state_changed_callback)
{
	static struct tdisp_fx fx;

	tdisp_fx_init(&fx, 8, ALL_FLAGS);
	CHECK_EQ(tdisp_fx_goto(&fx, TDISP_FX_FID0, E), 0);
	CHECK_EQ(fx.changes, 3); /* U->L, L->R, R->E */
	CHECK_OK(teeio_tdisp_event(&fx.rsp, NULL, TEEIO_TDISP_EV_FLR));
	CHECK_EQ(fx.changes, 3);
	CHECK_OK(teeio_tdisp_req_stop(&fx.req, TDISP_FX_FID0));
	CHECK_EQ(fx.changes, 4);
}

TEST(fsm_tdi_is_small)
{
	/* 1 PF + 255 VFs must fit easily: at most 4 KiB each, in fact far less. */
	CHECK(sizeof(struct teeio_tdisp_tdi) <= 4096);
	CHECK(sizeof(struct teeio_tdisp_tdi) <= 128);
}

int main(void)
{
	RUN(fsm_every_cell);
	RUN(fsm_error_triggers);
	RUN(fsm_msix_write_needs_lock_msix);
	RUN(fsm_session_end_breaks_every_tdi);
	RUN(fsm_stream_insecure_hits_its_users_only);
	RUN(fsm_event_rejects_message_events);
	RUN(fsm_state_changed_callback);
	RUN(fsm_tdi_is_small);
	return test_summary();
}
