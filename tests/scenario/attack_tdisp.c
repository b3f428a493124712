/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TDISP binding attacks on the full system:
 *  - START_INTERFACE with a stale nonce (the one of an earlier LOCK): sent
 *    by a party that can speak TDISP to the device it is refused
 *    (INVALID_NONCE) and the TDI never runs; replayed by the VMM as the
 *    recorded secured DOE object of an earlier accept it does not even
 *    open (DSP0277 sequence numbers) and the session dies with the TDI;
 *  - one TDI bound to two TVMs: the TSM, the secure device table, the
 *    guest channel and the secure MMIO tables each refuse the second TVM,
 *    and the second TVM reaches neither the TDI's MMIO nor its DMA.
 */
#include <string.h>

#include "support/attack.h"
#include "test.h"

#define PG TEEIO_PLAT_PAGE_SIZE
#define TVM2_MMIO_GPA UINT64_C(0x20000000)

static uint32_t pf_id(const struct attack_rig *r)
{
	return teeio_dsm_fn_id(&r->sys.host.dev, 0);
}

TEST(start_with_a_stale_nonce_is_refused)
{
	struct attack_rig *r = attack_rig_new(ATTACK_BOUND);
	struct teeio_tdisp_req td;
	uint8_t stale[TEEIO_TDISP_NONCE_LEN];

	CHECK(r != NULL);
	if (!r)
		return;
	/* The nonce of the first LOCK (observed, not used); then the host
	 * unbinds and binds again: a fresh LOCK with a fresh nonce. */
	memcpy(stale, r->sys.tsm.tdi[r->tdi].nonce, sizeof(stale));
	CHECK_OK(teeio_tsm_unbind(&r->sys.tsm, r->tdi));
	CHECK_OK(attack_rig_bind(r));
	CHECK(!teeio_ct_memeq(stale, r->sys.tsm.tdi[r->tdi].nonce, sizeof(stale)));
	CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_CONFIG_LOCKED);
	/* START with the stale nonce, straight into the device's responder. */
	teeio_tdisp_req_init(&td, teeio_dsm_tdisp_exchange, &r->sys.host.dev);
	CHECK_ERR(teeio_tdisp_req_start(&td, pf_id(r), stale), TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(td.last_error, TEEIO_TDISP_ERR_INVALID_NONCE);
	uint8_t w[16] = {0};
	CHECK_ERR(
	    teeio_dsm_dma(&r->sys.host.dev, 0, true, attack_priv(r, ATTACK_DMA_GPA), w, sizeof(w)),
	    TEEIO_ERR_STATE);
	/* The refusal leaves the TDI locked; the guest's own accept then
	 * runs it on the fresh nonce. */
	CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_CONFIG_LOCKED);
	CHECK_OK(attack_rig_accept(r));
	CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_RUN);
	teeio_wipe(stale, sizeof(stale));
	CHECK_SAFE(r);
	attack_rig_free(r);
}

/* The VMM records the last secured DOE request of one accept (START) and
 * puts it in place of the TSM's request in a later one. */
struct start_replay {
	bool record, replay, replayed;
	uint8_t saved[TEEIO_PLAT_RELAY_MAX];
	size_t saved_len;
};

static enum teeio_plat_verdict start_doe(void *ctx, struct teeio_plat_vmm_view *vmm, unsigned dev,
					 enum teeio_plat_dir dir, uint8_t *msg, size_t *len,
					 size_t cap)
{
	struct start_replay *x = ctx;

	(void)vmm;
	(void)dev;
	if (dir != TEEIO_PLAT_REQUEST || *len < TEEIO_DOE_HDR_LEN ||
	    msg[2] != TEEIO_DOE_TYPE_SECURED_SPDM)
		return TEEIO_PLAT_PASS;
	if (x->record) {
		memcpy(x->saved, msg, *len);
		x->saved_len = *len;
	}
	if (x->replay && !x->replayed && x->saved_len && x->saved_len <= cap) {
		memcpy(msg, x->saved, x->saved_len);
		*len = x->saved_len;
		x->replayed = true;
		return TEEIO_PLAT_MODIFIED;
	}
	return TEEIO_PLAT_PASS;
}

TEST(replayed_start_record_is_refused)
{
	struct attack_rig *r = attack_rig_new(ATTACK_BOUND);
	struct start_replay x;
	struct teeio_plat_vmm_hooks h = {.doe = start_doe, .ctx = &x};

	CHECK(r != NULL);
	if (!r)
		return;
	memset(&x, 0, sizeof(x));
	teeio_plat_vmm_set_hooks(&r->sys.vmm, &h);
	x.record = true;
	CHECK_OK(attack_rig_accept(r));
	x.record = false;
	CHECK(x.saved_len > 0);
	/* The guest stops, the host unbinds and binds again (fresh nonce). */
	CHECK_OK(teeio_guest_tdi_stop(&r->flow));
	CHECK_OK(teeio_tsm_unbind(&r->sys.tsm, r->tdi));
	CHECK_OK(attack_rig_bind(r));
	/* The next secured request becomes the old START. */
	x.replay = true;
	CHECK(attack_rig_accept(r) != TEEIO_OK);
	teeio_plat_vmm_set_hooks(&r->sys.vmm, NULL);
	CHECK(x.replayed);
	CHECK(attack_dev_tdi_state(r) != TEEIO_TDISP_RUN);
	CHECK(attack_tsm_tdi_state(r) != TEEIO_TSM_TDI_RUN);
	uint8_t w[16] = {0};
	CHECK(teeio_dsm_dma(&r->sys.host.dev, 0, true, attack_priv(r, ATTACK_DMA_GPA), w,
			    sizeof(w)) != TEEIO_OK);
	CHECK_SAFE(r);
	attack_rig_free(r);
}

TEST(one_tdi_is_never_bound_to_two_tvms)
{
	struct attack_rig *r = attack_rig_new(ATTACK_RUN);
	uint8_t secret[TEEIO_TSM_TVM_SECRET_LEN];
	struct teeio_tsm_gchan chan2;
	struct teeio_tsm_grsp rsp;
	uint8_t body[256];
	unsigned tvm2 = 0, tdi2 = 0;

	CHECK(r != NULL);
	if (!r)
		return;
	memset(&chan2, 0, sizeof(chan2));
	CHECK_OK(teeio_tsm_sys_tvm(&r->sys, &tvm2, secret));
	CHECK_OK(teeio_tsm_gchan_init(&chan2, teeio_crypto_openssl(), false, secret));
	teeio_wipe(secret, sizeof(secret));
	struct teeio_plat_guest_view g2 = teeio_plat_guest(&r->sys.plat, tvm2);

	/* The TSM refuses the second bind of the running PF. */
	struct teeio_tsm_bind_params bp = {.lock_flags = TEEIO_TDISP_LOCK_NO_FW_UPDATE,
					   .dma_base = ATTACK_DMA_GPA,
					   .dma_limit = ATTACK_DMA_GPA + PG - 1,
					   .mmio_gpa = TVM2_MMIO_GPA};
	CHECK_ERR(teeio_tsm_bind(&r->sys.tsm, r->sys.dev, teeio_dsm_fn_rid(&r->sys.host.dev, 0),
				 tvm2, &bp, &tdi2),
		  TEEIO_ERR_STATE);
	/* So does the secure device table, below the TSM core. */
	struct teeio_plat_binding b = {.rid = teeio_dsm_fn_rid(&r->sys.host.dev, 0),
				       .stream_id = TEEIO_TSM_SYS_STREAM,
				       .tvm = (uint8_t)tvm2,
				       .dma_base = ATTACK_DMA_GPA,
				       .dma_limit = ATTACK_DMA_GPA + PG - 1};
	CHECK_ERR(teeio_plat_tsm_bind(&r->sys.tsm_view, &b), TEEIO_ERR_STATE);
	/* The second TVM cannot ask about, accept or stop the TDI. */
	struct teeio_tsm_greq q = {.type = TEEIO_TSM_GREQ_GET_REPORT, .function_id = pf_id(r)};
	CHECK_OK(teeio_tsm_gchan_call(&chan2, &g2, &q, &rsp, body, sizeof(body)));
	CHECK_EQ(rsp.status, TEEIO_TSM_GSTATUS_NO_TDI);
	q.type = TEEIO_TSM_GREQ_STOP;
	CHECK_OK(teeio_tsm_gchan_call(&chan2, &g2, &q, &rsp, body, sizeof(body)));
	CHECK_EQ(rsp.status, TEEIO_TSM_GSTATUS_NO_TDI);
	/* The VMM cannot put the TDI's MMIO into the second TVM privately. */
	uint64_t hpa = r->flow.maps[0].hpa;
	CHECK_ERR(teeio_plat_tsm_mmio_map(&r->sys.tsm_view, tvm2, TVM2_MMIO_GPA, hpa, 1),
		  TEEIO_ERR_STATE);
	/* ...and can move only mappings the TSM installed for that TVM. */
	CHECK_ERR(teeio_plat_vmm_mmio_remap(&r->sys.vmm, tvm2, ATTACK_MMIO_GPA, hpa),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	/* Shared (T=0), the running TDI's private range answers nothing. */
	uint8_t reg[4];
	CHECK_OK(teeio_plat_vmm_map_shared(&r->sys.vmm, tvm2, TVM2_MMIO_GPA, hpa, 1, true));
	CHECK(teeio_plat_guest_read(&g2, teeio_plat_gpa(&r->sys.plat, TVM2_MMIO_GPA, true), reg,
				    4) != TEEIO_PLAT_OK);
	/* The TDI's DMA goes to the first TVM only: TVM2 owns no page in its
	 * window, and its pages stay unreachable by T=1 from this TDI. */
	CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_RUN);
	CHECK_EQ(attack_tsm_tdi_state(r), TEEIO_TSM_TDI_RUN);
	teeio_tsm_gchan_free(&chan2);
	CHECK_SAFE(r);
	attack_rig_free(r);
}

int main(void)
{
	RUN(start_with_a_stale_nonce_is_refused);
	RUN(replayed_start_record_is_refused);
	RUN(one_tdi_is_never_bound_to_two_tvms);
	return test_summary();
}
