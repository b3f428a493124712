/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The TSM core against a scripted backend: ops-table validation at
 * registration, every (state, verb) cell of the device and TDI state
 * machines, verbs in and out of order, failures leaving ERROR, teardown
 * that always completes.
 */
#include <stdlib.h>
#include <string.h>

#include "support/tsm.h"
#include "test.h"
#include "tsm/tsm_internal.h"

/* ---- backend table validation ------------------------------------------ */

static struct teeio_tsm_backend_ops good(void)
{
	return *tsm_fake_ops();
}

TEST(backend_table_good_one_registers)
{
	struct teeio_tsm_backend_ops o = good();
	CHECK_OK(teeio_tsm_backend_validate(&o));
	/* Optional ops absent with their caps clear: fine. */
	o.caps = 0;
	o.key_refresh = NULL;
	o.heartbeat = NULL;
	o.guest_request = NULL;
	o.remove = NULL;
	CHECK_OK(teeio_tsm_backend_validate(&o));
}

TEST(backend_table_is_checked)
{
	struct teeio_tsm_backend_ops o;
	CHECK_ERR(teeio_tsm_backend_validate(NULL), TEEIO_ERR_USAGE_CONFIG);
	o = good();
	o.abi = TEEIO_TSM_BACKEND_ABI + 1;
	CHECK_ERR(teeio_tsm_backend_validate(&o), TEEIO_ERR_USAGE_CONFIG);
	const char *bad_names[] = {NULL, "", "Fake", "has space", "x/y", "name-that-is-too-long"};
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(bad_names); i++) {
		o = good();
		o.name = bad_names[i];
		CHECK_ERR(teeio_tsm_backend_validate(&o), TEEIO_ERR_USAGE_CONFIG);
	}
	o = good();
	o.name = "tdx-connect_2";
	CHECK_OK(teeio_tsm_backend_validate(&o));
	o = good();
	o.caps |= 0x8000u;
	CHECK_ERR(teeio_tsm_backend_validate(&o), TEEIO_ERR_USAGE_CONFIG);
	/* Each required op missing. */
	for (unsigned i = 0; i < 8; i++) {
		o = good();
		switch (i) {
		case 0: o.probe = NULL; break;
		case 1: o.connect = NULL; break;
		case 2: o.disconnect = NULL; break;
		case 3: o.bind = NULL; break;
		case 4: o.unbind = NULL; break;
		case 5: o.accept = NULL; break;
		case 6: o.stop = NULL; break;
		case 7: o.quiesce = NULL; break;
		}
		CHECK_ERR(teeio_tsm_backend_validate(&o), TEEIO_ERR_USAGE_CONFIG);
	}
	/* A cap without its op, and an op without its cap. */
	const uint32_t caps[] = {TEEIO_TSM_CAP_KEY_REFRESH, TEEIO_TSM_CAP_HEARTBEAT,
				 TEEIO_TSM_CAP_GUEST_VENDOR, TEEIO_TSM_CAP_REMOVE};
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(caps); i++) {
		o = good();
		o.caps &= ~caps[i];
		CHECK_ERR(teeio_tsm_backend_validate(&o), TEEIO_ERR_USAGE_CONFIG);
		o = good();
		switch (i) {
		case 0: o.key_refresh = NULL; break;
		case 1: o.heartbeat = NULL; break;
		case 2: o.guest_request = NULL; break;
		case 3: o.remove = NULL; break;
		}
		CHECK_ERR(teeio_tsm_backend_validate(&o), TEEIO_ERR_USAGE_CONFIG);
	}
	/* The emulated backend's own table passes. */
	CHECK_OK(teeio_tsm_backend_validate(teeio_tsm_emu_ops()));
}

TEST(registration_refuses_duplicates_and_overflow)
{
	struct teeio_tsm *t = calloc(1, sizeof(*t));
	struct teeio_tsm_config c = {teeio_crypto_openssl(), NULL};
	static const char *names[] = {"b0", "b1", "b2", "b3", "b4"};
	struct teeio_tsm_backend_ops o[5];
	CHECK_OK(teeio_tsm_init(t, &c));
	struct teeio_tsm_backend_ops bad = good();
	bad.connect = NULL;
	CHECK_ERR(teeio_tsm_register_backend(t, &bad, NULL), TEEIO_ERR_USAGE_CONFIG);
	CHECK_EQ(t->n_backends, 0);
	for (unsigned i = 0; i < 5; i++) {
		o[i] = good();
		o[i].name = names[i];
	}
	for (unsigned i = 0; i < TEEIO_TSM_MAX_BACKENDS; i++)
		CHECK_OK(teeio_tsm_register_backend(t, &o[i], NULL));
	CHECK_ERR(teeio_tsm_register_backend(t, &o[0], NULL), TEEIO_ERR_USAGE_CONFIG);
	CHECK_ERR(teeio_tsm_register_backend(t, &o[4], NULL), TEEIO_ERR_SIZE_LIMIT);
	teeio_tsm_fini(t);
	free(t);
}

/* ---- devices ------------------------------------------------------------ */

TEST(dev_add_checks)
{
	struct tsm_fix *f = tsm_fix_new();
	struct teeio_tsm_dev_cfg dc;
	unsigned d = 0;
	CHECK(f != NULL);
	memset(&dc, 0, sizeof(dc));
	memcpy(dc.backend, "nope", 5);
	dc.rid = 0x0200;
	CHECK_ERR(teeio_tsm_dev_add(&f->tsm, &dc, &d), TEEIO_ERR_USAGE_NOT_FOUND);
	memcpy(dc.backend, "fake", 5);
	dc.rid = TSM_FAKE_RID + 3; /* overlaps the fixture's functions */
	CHECK_ERR(teeio_tsm_dev_add(&f->tsm, &dc, &d), TEEIO_ERR_USAGE);
	dc.rid = 0xFFFF;
	dc.n_rids = 2; /* runs off the RID space */
	CHECK_ERR(teeio_tsm_dev_add(&f->tsm, &dc, &d), TEEIO_ERR_USAGE);
	/* A failing probe leaves the slot free. */
	f->be.fail[TSM_FAKE_PROBE] = TEEIO_ERR_PROTO_UNSUPPORTED;
	dc.rid = 0x0200;
	dc.n_rids = 1;
	CHECK_ERR(teeio_tsm_dev_add(&f->tsm, &dc, &d), TEEIO_ERR_PROTO_UNSUPPORTED);
	f->be.fail[TSM_FAKE_PROBE] = TEEIO_OK;
	for (unsigned i = 1; i < TEEIO_TSM_MAX_DEVS; i++) {
		dc.rid = (uint16_t)(0x0200 + i * 8);
		CHECK_OK(teeio_tsm_dev_add(&f->tsm, &dc, &d));
		CHECK_EQ(d, i);
	}
	dc.rid = 0x0900;
	CHECK_ERR(teeio_tsm_dev_add(&f->tsm, &dc, &d), TEEIO_ERR_SIZE_LIMIT);
	/* Removal frees the slot (and tells the backend). */
	CHECK_OK(teeio_tsm_dev_remove(&f->tsm, 1));
	CHECK_EQ(f->be.calls[TSM_FAKE_REMOVE], 1);
	CHECK_OK(teeio_tsm_dev_add(&f->tsm, &dc, &d));
	CHECK_EQ(d, 1);
	CHECK_ERR(teeio_tsm_dev_remove(&f->tsm, TEEIO_TSM_MAX_DEVS), TEEIO_ERR_USAGE_NOT_FOUND);
	tsm_fix_free(f);
}

enum dverb { DV_CONNECT, DV_DISCONNECT, DV_KEY_REFRESH, DV_HEARTBEAT, DV_BIND, DV_REMOVE, DV_N };

static teeio_err run_dverb(struct tsm_fix *f, enum dverb v)
{
	unsigned tdi;
	switch (v) {
	case DV_CONNECT: return teeio_tsm_connect(&f->tsm, f->dev);
	case DV_DISCONNECT: return teeio_tsm_disconnect(&f->tsm, f->dev);
	case DV_KEY_REFRESH: return teeio_tsm_key_refresh(&f->tsm, f->dev);
	case DV_HEARTBEAT: return teeio_tsm_heartbeat(&f->tsm, f->dev);
	case DV_BIND: return tsm_fix_bind(f, 0, &tdi);
	case DV_REMOVE: return teeio_tsm_dev_remove(&f->tsm, f->dev);
	default: return TEEIO_ERR_INTERNAL;
	}
}

static void put_dev_in(struct tsm_fix *f, enum teeio_tsm_dev_state s)
{
	if (s == TEEIO_TSM_DEV_CONNECTED)
		CHECK_OK(teeio_tsm_connect(&f->tsm, f->dev));
	if (s == TEEIO_TSM_DEV_ERROR) {
		f->be.fail[TSM_FAKE_CONNECT] = TEEIO_ERR_PROTO;
		CHECK_ERR(teeio_tsm_connect(&f->tsm, f->dev), TEEIO_ERR_PROTO);
		f->be.fail[TSM_FAKE_CONNECT] = TEEIO_OK;
	}
	CHECK_EQ(f->tsm.dev[f->dev].state, s);
}

TEST(every_device_cell)
{
	/* Written out independently of the core's table: allowed -> next. */
	static const int want[TEEIO_TSM_DEV_STATE_COUNT][DV_N] = {
	    [TEEIO_TSM_DEV_IDLE] = {TEEIO_TSM_DEV_CONNECTED, -1, -1, -1, -1, TEEIO_TSM_DEV_FREE},
	    [TEEIO_TSM_DEV_CONNECTED] = {-1, TEEIO_TSM_DEV_IDLE, TEEIO_TSM_DEV_CONNECTED,
					 TEEIO_TSM_DEV_CONNECTED, TEEIO_TSM_DEV_CONNECTED, -1},
	    [TEEIO_TSM_DEV_ERROR] = {-1, TEEIO_TSM_DEV_IDLE, -1, -1, -1, -1},
	};
	for (int s = TEEIO_TSM_DEV_IDLE; s < TEEIO_TSM_DEV_STATE_COUNT; s++)
		for (int v = 0; v < DV_N; v++) {
			struct tsm_fix *f = tsm_fix_new();
			put_dev_in(f, (enum teeio_tsm_dev_state)s);
			unsigned before[TSM_FAKE_OP_COUNT];
			memcpy(before, f->be.calls, sizeof(before));
			teeio_err e = run_dverb(f, (enum dverb)v);
			if (want[s][v] < 0) {
				CHECK_ERR(e, TEEIO_ERR_STATE);
				CHECK_EQ(f->tsm.dev[f->dev].state, s);
				/* a refused verb never reaches the backend */
				CHECK_MEM(before, f->be.calls, sizeof(before));
				CHECK(!tsm_dev_table[s][v].ok);
			} else {
				CHECK_OK(e);
				CHECK_EQ(f->tsm.dev[f->dev].state, want[s][v]);
				CHECK(tsm_dev_table[s][v].ok);
			}
			tsm_fix_free(f);
		}
	/* The free slot refuses everything. */
	for (int v = 0; v < TSM_DEV_VERB_COUNT; v++)
		CHECK(!tsm_dev_table[TEEIO_TSM_DEV_FREE][v].ok);
}

TEST(device_failures_enter_error_and_disconnect_recovers)
{
	struct tsm_fix *f = tsm_fix_new();
	unsigned tdi = 0;
	struct teeio_tsm_dev_info di;
	CHECK_OK(teeio_tsm_connect(&f->tsm, f->dev));
	CHECK_OK(tsm_fix_bind(f, 1, &tdi));
	/* A failing heartbeat: device and its TDI in ERROR. */
	f->be.fail[TSM_FAKE_HEARTBEAT] = TEEIO_ERR_TRANSPORT_TIMEOUT;
	CHECK_ERR(teeio_tsm_heartbeat(&f->tsm, f->dev), TEEIO_ERR_TRANSPORT_TIMEOUT);
	CHECK_OK(teeio_tsm_info(&f->tsm, f->dev, &di));
	CHECK_EQ(di.state, TEEIO_TSM_DEV_ERROR);
	CHECK_EQ(di.last_err, TEEIO_ERR_TRANSPORT_TIMEOUT);
	CHECK(di.ev == NULL);
	CHECK_EQ(f->tsm.tdi[tdi].state, TEEIO_TSM_TDI_ERROR);
	/* ... and the TDI was quiesced (DMA and private MMIO off) at once. */
	CHECK_EQ(f->be.calls[TSM_FAKE_QUIESCE], 1);
	CHECK_ERR(teeio_tsm_key_refresh(&f->tsm, f->dev), TEEIO_ERR_STATE);
	/* Disconnect unbinds first, and completes even when the backend fails. */
	f->be.fail[TSM_FAKE_DISCONNECT] = TEEIO_ERR_TRANSPORT;
	CHECK_ERR(teeio_tsm_disconnect(&f->tsm, f->dev), TEEIO_ERR_TRANSPORT);
	CHECK_EQ(f->be.calls[TSM_FAKE_UNBIND], 1);
	CHECK_EQ(f->tsm.tdi[tdi].state, TEEIO_TSM_TDI_FREE);
	CHECK_EQ(f->tsm.dev[f->dev].state, TEEIO_TSM_DEV_IDLE);
	CHECK_EQ(f->tsm.dev[f->dev].session_id, 0);
	CHECK(teeio_ct_is_zero(f->tsm.dev[f->dev].ev.chain, 100));
	/* And it connects again. */
	f->be.fail[TSM_FAKE_DISCONNECT] = TEEIO_OK;
	CHECK_OK(teeio_tsm_connect(&f->tsm, f->dev));
	/* Key refresh counts and switches. */
	CHECK_OK(teeio_tsm_key_refresh(&f->tsm, f->dev));
	CHECK_OK(teeio_tsm_info(&f->tsm, f->dev, &di));
	CHECK_EQ(di.key_set, 1);
	CHECK_EQ(di.key_refreshes, 1);
	tsm_fix_free(f);
}

TEST(backend_without_optional_ops)
{
	struct teeio_tsm *t = calloc(1, sizeof(*t));
	struct teeio_tsm_config c = {teeio_crypto_openssl(), NULL};
	struct teeio_tsm_backend_ops o = good();
	struct tsm_fake_be be;
	struct teeio_tsm_dev_cfg dc;
	unsigned d = 0;
	memset(&be, 0, sizeof(be));
	o.caps = TEEIO_TSM_CAP_IDE;
	o.key_refresh = NULL;
	o.heartbeat = NULL;
	o.guest_request = NULL;
	o.remove = NULL;
	memset(&dc, 0, sizeof(dc));
	memcpy(dc.backend, "fake", 5);
	CHECK_OK(teeio_tsm_init(t, &c));
	CHECK_OK(teeio_tsm_register_backend(t, &o, &be));
	CHECK_OK(teeio_tsm_dev_add(t, &dc, &d));
	CHECK_OK(teeio_tsm_connect(t, d));
	CHECK_ERR(teeio_tsm_key_refresh(t, d), TEEIO_ERR_PROTO_UNSUPPORTED);
	CHECK_ERR(teeio_tsm_heartbeat(t, d), TEEIO_ERR_PROTO_UNSUPPORTED);
	CHECK_EQ(t->dev[d].state, TEEIO_TSM_DEV_CONNECTED);
	CHECK_OK(teeio_tsm_disconnect(t, d));
	CHECK_OK(teeio_tsm_dev_remove(t, d));
	teeio_tsm_fini(t);
	free(t);
}

/* ---- TDIs --------------------------------------------------------------- */

TEST(bind_checks)
{
	struct tsm_fix *f = tsm_fix_new();
	struct teeio_tsm_bind_params p = {.dma_base = 0x2000, .dma_limit = 0x1fff};
	unsigned tdi = 0;
	CHECK_ERR(tsm_fix_bind(f, 0, &tdi), TEEIO_ERR_STATE); /* not connected */
	CHECK_OK(teeio_tsm_connect(&f->tsm, f->dev));
	CHECK_ERR(teeio_tsm_bind(&f->tsm, f->dev, TSM_FAKE_RID, 1, &p, &tdi), TEEIO_ERR_USAGE);
	p.dma_limit = 0x2fff;
	CHECK_ERR(teeio_tsm_bind(&f->tsm, f->dev, TSM_FAKE_RID + TSM_FAKE_FUNCS, 1, &p, &tdi),
		  TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_tsm_bind(&f->tsm, f->dev, TSM_FAKE_RID - 1, 1, &p, &tdi), TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_tsm_bind(&f->tsm, f->dev, TSM_FAKE_RID, 2, &p, &tdi),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	CHECK_ERR(teeio_tsm_bind(&f->tsm, f->dev, TSM_FAKE_RID, 0, &p, &tdi),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	p.lock_flags = 0x8000;
	CHECK_ERR(teeio_tsm_bind(&f->tsm, f->dev, TSM_FAKE_RID, 1, &p, &tdi), TEEIO_ERR_USAGE);
	p.lock_flags = 0;
	p.mmio_gpa = 0x123;
	CHECK_ERR(teeio_tsm_bind(&f->tsm, f->dev, TSM_FAKE_RID, 1, &p, &tdi), TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_tsm_bind(&f->tsm, 3, TSM_FAKE_RID, 1, &p, &tdi), TEEIO_ERR_USAGE_NOT_FOUND);
	CHECK_EQ(f->be.calls[TSM_FAKE_BIND], 0);
	/* A failing bind is undone by the core and leaves no slot. */
	f->be.fail[TSM_FAKE_BIND] = TEEIO_ERR_PROTO_PEER_ERROR;
	CHECK_ERR(tsm_fix_bind(f, 0, &tdi), TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(f->be.calls[TSM_FAKE_UNBIND], 1);
	for (unsigned i = 0; i < TEEIO_TSM_MAX_TDIS; i++)
		CHECK_EQ(f->tsm.tdi[i].state, TEEIO_TSM_TDI_FREE);
	f->be.fail[TSM_FAKE_BIND] = TEEIO_OK;
	/* One TVM per TDI. */
	CHECK_OK(tsm_fix_bind(f, 0, &tdi));
	CHECK_ERR(tsm_fix_bind(f, 0, &tdi), TEEIO_ERR_STATE);
	CHECK_EQ(teeio_tsm_tdi_find(&f->tsm, 1, teeio_tdisp_function_id(TSM_FAKE_RID, 0, false)),
		 (int)tdi);
	CHECK_EQ(teeio_tsm_tdi_find(&f->tsm, 2, teeio_tdisp_function_id(TSM_FAKE_RID, 0, false)),
		 -1);
	tsm_fix_free(f);
}

TEST(tdi_slots_run_out)
{
	struct tsm_fix *f = tsm_fix_new();
	struct teeio_tsm_dev_cfg dc;
	unsigned d = 0, tdi = 0, n = 0;
	memset(&dc, 0, sizeof(dc));
	memcpy(dc.backend, "fake", 5);
	dc.rid = 0x1000;
	dc.n_rids = TEEIO_TSM_MAX_TDIS + 16;
	CHECK_OK(teeio_tsm_dev_add(&f->tsm, &dc, &d));
	CHECK_OK(teeio_tsm_connect(&f->tsm, d));
	struct teeio_tsm_bind_params p = {.dma_limit = 0xfff};
	while (teeio_tsm_bind(&f->tsm, d, (uint16_t)(0x1000 + n), 1, &p, &tdi) == TEEIO_OK)
		n++;
	CHECK_EQ(n, TEEIO_TSM_MAX_TDIS);
	CHECK_ERR(teeio_tsm_bind(&f->tsm, d, 0x1000 + TEEIO_TSM_MAX_TDIS, 1, &p, &tdi),
		  TEEIO_ERR_SIZE_LIMIT);
	struct teeio_tsm_dev_info di;
	CHECK_OK(teeio_tsm_info(&f->tsm, d, &di));
	CHECK_EQ(di.n_tdis, TEEIO_TSM_MAX_TDIS);
	/* Removing the TVM unbinds them all. */
	CHECK_OK(teeio_tsm_tvm_remove(&f->tsm, 1));
	CHECK_OK(teeio_tsm_info(&f->tsm, d, &di));
	CHECK_EQ(di.n_tdis, 0);
	CHECK_EQ(f->be.calls[TSM_FAKE_UNBIND], TEEIO_TSM_MAX_TDIS);
	CHECK_ERR(teeio_tsm_tvm_remove(&f->tsm, 1), TEEIO_ERR_USAGE_NOT_FOUND);
	tsm_fix_free(f);
}

enum tverb { TV_GET_REPORT, TV_VALIDATE, TV_ACCEPT, TV_STOP, TV_UNBIND, TV_VENDOR, TV_N };

/* Run a TDI verb; the guest ones through the guest channel where the core
 * answers with a status (OK -> TEEIO_OK, STATE -> TEEIO_ERR_STATE). */
static teeio_err run_tverb(struct tsm_fix *f, unsigned tdi, enum tverb v)
{
	struct teeio_tsm_greq q;
	struct teeio_tsm_grsp r;
	static uint8_t body[TEEIO_TSM_GMSG_MAX];
	const uint8_t vend[3] = {1, 2, 3};
	const struct teeio_tsm_tdi *x = &f->tsm.tdi[tdi];

	memset(&q, 0, sizeof(q));
	q.function_id = x->function_id;
	switch (v) {
	case TV_GET_REPORT: q.type = TEEIO_TSM_GREQ_GET_REPORT; break;
	case TV_VENDOR:
		q.type = TEEIO_TSM_GREQ_VENDOR_FIRST;
		q.u.vendor.data = vend;
		q.u.vendor.len = sizeof(vend);
		break;
	case TV_VALIDATE:
		return teeio_tsm_guest_validate_mmio(&f->tsm, f->tvm, tdi, x->mmio[0].gpa, 1);
	case TV_ACCEPT: return teeio_tsm_guest_accept(&f->tsm, f->tvm, tdi);
	case TV_STOP: return teeio_tsm_guest_stop(&f->tsm, f->tvm, tdi);
	case TV_UNBIND: return teeio_tsm_unbind(&f->tsm, tdi);
	default: return TEEIO_ERR_INTERNAL;
	}
	TRY(tsm_fix_guest_call(f, &q, &r, body, sizeof(body)));
	if (r.status == TEEIO_TSM_GSTATUS_STATE)
		return TEEIO_ERR_STATE;
	return r.status == TEEIO_TSM_GSTATUS_OK ? TEEIO_OK : TEEIO_ERR_PROTO_PEER_ERROR;
}

static unsigned put_tdi_in(struct tsm_fix *f, enum teeio_tsm_tdi_state s)
{
	unsigned tdi = 0;
	CHECK_OK(teeio_tsm_connect(&f->tsm, f->dev));
	CHECK_OK(tsm_fix_bind(f, 2, &tdi));
	if (s != TEEIO_TSM_TDI_BOUND)
		CHECK_OK(run_tverb(f, tdi, TV_VALIDATE));
	if (s == TEEIO_TSM_TDI_RUN || s == TEEIO_TSM_TDI_STOPPED)
		CHECK_OK(run_tverb(f, tdi, TV_ACCEPT));
	if (s == TEEIO_TSM_TDI_STOPPED)
		CHECK_OK(run_tverb(f, tdi, TV_STOP));
	if (s == TEEIO_TSM_TDI_ERROR) {
		f->be.fail[TSM_FAKE_ACCEPT] = TEEIO_ERR_PROTO_PEER_ERROR;
		CHECK_ERR(run_tverb(f, tdi, TV_ACCEPT), TEEIO_ERR_PROTO_PEER_ERROR);
		f->be.fail[TSM_FAKE_ACCEPT] = TEEIO_OK;
		CHECK_EQ(f->be.calls[TSM_FAKE_QUIESCE], 1); /* a failed op quiesces */
	}
	CHECK_EQ(f->tsm.tdi[tdi].state, s);
	return tdi;
}

TEST(every_tdi_cell)
{
	static const int want[TEEIO_TSM_TDI_STATE_COUNT][TV_N] = {
	    [TEEIO_TSM_TDI_BOUND] = {TEEIO_TSM_TDI_BOUND, TEEIO_TSM_TDI_BOUND, TEEIO_TSM_TDI_RUN,
				     -1, TEEIO_TSM_TDI_FREE, TEEIO_TSM_TDI_BOUND},
	    [TEEIO_TSM_TDI_RUN] = {TEEIO_TSM_TDI_RUN, -1, -1, TEEIO_TSM_TDI_STOPPED,
				   TEEIO_TSM_TDI_FREE, TEEIO_TSM_TDI_RUN},
	    [TEEIO_TSM_TDI_STOPPED] = {TEEIO_TSM_TDI_STOPPED, -1, -1, -1, TEEIO_TSM_TDI_FREE, -1},
	    [TEEIO_TSM_TDI_ERROR] = {-1, -1, -1, -1, TEEIO_TSM_TDI_FREE, -1},
	};
	for (int s = TEEIO_TSM_TDI_BOUND; s < TEEIO_TSM_TDI_STATE_COUNT; s++)
		for (int v = 0; v < TV_N; v++) {
			struct tsm_fix *f = tsm_fix_new();
			unsigned tdi = put_tdi_in(f, (enum teeio_tsm_tdi_state)s);
			if (s == TEEIO_TSM_TDI_BOUND && v == TV_ACCEPT)
				CHECK_OK(run_tverb(f, tdi, TV_VALIDATE));
			teeio_err e = run_tverb(f, tdi, (enum tverb)v);
			if (want[s][v] < 0) {
				CHECK_ERR(e, TEEIO_ERR_STATE);
				CHECK_EQ(f->tsm.tdi[tdi].state, s);
				CHECK(!tsm_tdi_table[s][v].ok);
			} else {
				CHECK_OK(e);
				CHECK_EQ(f->tsm.tdi[tdi].state, want[s][v]);
				CHECK(tsm_tdi_table[s][v].ok);
			}
			tsm_fix_free(f);
		}
	for (int v = 0; v < TSM_TDI_VERB_COUNT; v++)
		CHECK(!tsm_tdi_table[TEEIO_TSM_TDI_FREE][v].ok);
}

TEST(guest_verbs_in_and_out_of_order)
{
	struct tsm_fix *f = tsm_fix_new();
	unsigned tdi = 0;
	CHECK_OK(teeio_tsm_connect(&f->tsm, f->dev));
	CHECK_OK(tsm_fix_bind(f, 1, &tdi));
	uint64_t gpa = f->tsm.tdi[tdi].mmio[0].gpa;
	/* accept before the MMIO is validated: refused, backend not called */
	CHECK_ERR(teeio_tsm_guest_accept(&f->tsm, 1, tdi), TEEIO_ERR_STATE);
	CHECK_EQ(f->be.calls[TSM_FAKE_ACCEPT], 0);
	/* stop before accept */
	CHECK_ERR(teeio_tsm_guest_stop(&f->tsm, 1, tdi), TEEIO_ERR_STATE);
	/* validating something that is not the mapping */
	CHECK_ERR(teeio_tsm_guest_validate_mmio(&f->tsm, 1, tdi, gpa, 2),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	CHECK_ERR(teeio_tsm_guest_validate_mmio(&f->tsm, 1, tdi, gpa + 0x1000, 1),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	/* another TVM's view of the TDI: not found */
	CHECK_ERR(teeio_tsm_guest_validate_mmio(&f->tsm, 2, tdi, gpa, 1),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	CHECK_ERR(teeio_tsm_guest_accept(&f->tsm, 2, tdi), TEEIO_ERR_USAGE_NOT_FOUND);
	CHECK_OK(teeio_tsm_guest_validate_mmio(&f->tsm, 1, tdi, gpa, 1));
	CHECK(f->tsm.tdi[tdi].mmio[0].validated);
	CHECK_OK(teeio_tsm_guest_accept(&f->tsm, 1, tdi));
	CHECK_ERR(teeio_tsm_guest_accept(&f->tsm, 1, tdi), TEEIO_ERR_STATE);
	CHECK_OK(teeio_tsm_guest_stop(&f->tsm, 1, tdi));
	CHECK_ERR(teeio_tsm_guest_stop(&f->tsm, 1, tdi), TEEIO_ERR_STATE);
	CHECK_OK(teeio_tsm_unbind(&f->tsm, tdi));
	CHECK_ERR(teeio_tsm_unbind(&f->tsm, tdi), TEEIO_ERR_USAGE_NOT_FOUND);
	/* the nonce and report are wiped with the slot */
	CHECK(teeio_ct_is_zero(f->tsm.tdi[tdi].nonce, TEEIO_TDISP_NONCE_LEN));
	CHECK(teeio_ct_is_zero(f->tsm.tdi[tdi].report, 64));
	/* a failed unbind still frees the slot */
	CHECK_OK(tsm_fix_bind(f, 1, &tdi));
	f->be.fail[TSM_FAKE_UNBIND] = TEEIO_ERR_TRANSPORT;
	CHECK_ERR(teeio_tsm_unbind(&f->tsm, tdi), TEEIO_ERR_TRANSPORT);
	CHECK_EQ(f->tsm.tdi[tdi].state, TEEIO_TSM_TDI_FREE);
	tsm_fix_free(f);
}

TEST(info_and_status)
{
	struct tsm_fix *f = tsm_fix_new();
	struct teeio_tsm_dev_info di;
	struct teeio_tsm_tdi_info ti;
	unsigned tdi = 0;
	CHECK_OK(teeio_tsm_info(&f->tsm, f->dev, &di));
	CHECK_EQ(di.state, TEEIO_TSM_DEV_IDLE);
	CHECK(di.ev == NULL);
	CHECK(strcmp(di.backend, "fake") == 0);
	CHECK_ERR(teeio_tsm_info(&f->tsm, 2, &di), TEEIO_ERR_USAGE_NOT_FOUND);
	CHECK_ERR(teeio_tsm_tdi_info(&f->tsm, 0, &ti), TEEIO_ERR_USAGE_NOT_FOUND);
	CHECK_OK(teeio_tsm_connect(&f->tsm, f->dev));
	CHECK_OK(tsm_fix_bind(f, 3, &tdi));
	CHECK_OK(teeio_tsm_info(&f->tsm, f->dev, &di));
	CHECK(di.ev && di.ev->chain_len == 100 && di.n_tdis == 1);
	CHECK_OK(teeio_tsm_tdi_info(&f->tsm, tdi, &ti));
	CHECK_EQ(ti.rid, TSM_FAKE_RID + 3);
	CHECK_EQ(ti.report_len, 64);
	CHECK_EQ(ti.n_mmio, 1);
	char *js = teeio_tsm_status_json(&f->tsm);
	CHECK(js != NULL);
	if (js) {
		CHECK(strstr(js, "\"connected\"") != NULL);
		CHECK(strstr(js, "\"bound\"") != NULL);
		CHECK(strstr(js, "\"01:00.3\"") != NULL);
		CHECK(strstr(js, "\"guest_vendor\"") != NULL);
		/* the digest, never the nonce */
		CHECK(strstr(js, "d1d1d1d1") != NULL);
		CHECK(strstr(js, "4e4e4e4e") == NULL);
		free(js);
	}
	CHECK(strcmp(teeio_tsm_dev_state_name(TEEIO_TSM_DEV_ERROR), "error") == 0);
	CHECK(strcmp(teeio_tsm_tdi_state_name(TEEIO_TSM_TDI_STOPPED), "stopped") == 0);
	CHECK(strcmp(teeio_tsm_tdi_state_name((enum teeio_tsm_tdi_state)42), "unknown") == 0);
	tsm_fix_free(f);
}

TEST(tvm_registration)
{
	struct tsm_fix *f = tsm_fix_new();
	CHECK_ERR(teeio_tsm_tvm_add(&f->tsm, 1, tsm_fix_secret), TEEIO_ERR_STATE);
	CHECK_ERR(teeio_tsm_tvm_add(&f->tsm, 0, tsm_fix_secret), TEEIO_ERR_USAGE);
	CHECK_ERR(teeio_tsm_tvm_add(&f->tsm, TEEIO_TSM_MAX_TVMS + 1, tsm_fix_secret),
		  TEEIO_ERR_USAGE);
	CHECK_OK(teeio_tsm_tvm_add(&f->tsm, TEEIO_TSM_MAX_TVMS, tsm_fix_secret));
	CHECK_OK(teeio_tsm_tvm_remove(&f->tsm, TEEIO_TSM_MAX_TVMS));
	CHECK(!f->tsm.tvm[TEEIO_TSM_MAX_TVMS].chan.rx.keyed);
	tsm_fix_free(f);
}

int main(void)
{
	RUN(backend_table_good_one_registers);
	RUN(backend_table_is_checked);
	RUN(registration_refuses_duplicates_and_overflow);
	RUN(dev_add_checks);
	RUN(every_device_cell);
	RUN(device_failures_enter_error_and_disconnect_recovers);
	RUN(backend_without_optional_ops);
	RUN(bind_checks);
	RUN(tdi_slots_run_out);
	RUN(every_tdi_cell);
	RUN(guest_verbs_in_and_out_of_order);
	RUN(info_and_status);
	RUN(tvm_registration);
	return test_summary();
}
