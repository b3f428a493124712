/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Attacks on the TVM's private memory by DMA, on the full emulated system
 * with the PF running for the TVM:
 *  - T=0 DMA (the untrusted IOMMU path) aimed at private pages;
 *  - T=1 DMA from a function that is not bound (a malicious VF on the same
 *    Secure stream) and from a Requester ID the device does not own;
 *  - the bound TDI itself outside its DMA window;
 *  - a T=1 write held on the link while the host unbinds the TDI, then
 *    let go.
 * Each must fault with its specific code and leave the canary intact.
 */
#include <string.h>

#include "support/attack.h"
#include "test.h"

#define PG TEEIO_PLAT_PAGE_SIZE
#define IOVA UINT64_C(0x40000000) /* the VMM's DMA address for the canary */
#define CMD_MSE_BME 0x0006u /* PCI Command: Memory Space + Bus Master Enable */
#define FOREIGN_RID 0x0900 /* a Requester ID no function of the device owns */

static uint16_t rid_of(const struct attack_rig *r, uint16_t fn)
{
	return teeio_dsm_fn_rid(&r->sys.host.dev, fn);
}

/* What a malicious function can put on the link itself: one memory write
 * of 16 bytes from `rid` with TEE bit `t`, through the device's IDE port
 * (so on the Secure stream, correctly encrypted), then delivered. */
static teeio_err raw_write(struct attack_rig *r, uint16_t rid, bool t, uint64_t addr)
{
	static const uint8_t junk[16] = {0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE,
					 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE};
	struct teeio_tlp tlp;

	memset(&tlp, 0, sizeof(tlp));
	tlp.type = TEEIO_TLP_MWR;
	tlp.addr64 = addr >= (UINT64_C(1) << 32);
	tlp.length_dw = 4;
	tlp.first_be = 0xF;
	tlp.last_be = 0xF;
	tlp.requester_id = rid;
	tlp.addr = addr;
	tlp.ide.t = t;
	tlp.payload = junk;
	tlp.payload_len = sizeof(junk);
	TRY(teeio_link_send(&r->sys.link, TEEIO_LINK_EP, &tlp));
	TRY(teeio_link_flush(&r->sys.link, TEEIO_LINK_EP));
	teeio_link_pump(&r->sys.link, NULL);
	return TEEIO_OK;
}

TEST(t0_dma_never_reaches_private_pages)
{
	struct attack_rig *r = attack_rig_new(ATTACK_RUN);
	uint8_t buf[64];

	CHECK(r != NULL);
	if (!r)
		return;
	/* The VMM points an IOVA of the device at a private (canary) page. */
	CHECK_OK(teeio_plat_vmm_iommu_map(&r->sys.vmm, r->sys.plat_dev, IOVA, r->ram_hpa, 1, true));
	CHECK_OK(
	    teeio_plat_vmm_cfg_write(&r->sys.vmm, r->sys.plat_dev, (1u << 12) | 0x04, CMD_MSE_BME));
	/* VF 1 (not bound, T=0) writes and reads there. */
	uint64_t before = attack_faults(r, TEEIO_PLAT_FAULT_T0_TO_PRIVATE);
	memset(buf, 0xEE, sizeof(buf));
	CHECK_OK(teeio_dsm_dma(&r->sys.host.dev, 1, true, IOVA, buf, sizeof(buf))); /* posted */
	CHECK_EQ(attack_faults(r, TEEIO_PLAT_FAULT_T0_TO_PRIVATE), before + 1);
	CHECK_EQ(teeio_plat_faults(&r->sys.plat)->last_rid, rid_of(r, 1));
	memset(buf, 0, sizeof(buf));
	CHECK_ERR(teeio_dsm_dma(&r->sys.host.dev, 1, false, IOVA, buf, sizeof(buf)),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(attack_faults(r, TEEIO_PLAT_FAULT_T0_TO_PRIVATE), before + 2);
	CHECK_NO_LEAK(buf, sizeof(buf));
	/* A T=0 request naming the private GPA itself finds no translation. */
	CHECK_ERR(teeio_dsm_dma(&r->sys.host.dev, 1, false, attack_priv(r, ATTACK_RAM_GPA), buf,
				sizeof(buf)),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_NO_LEAK(buf, sizeof(buf));
	/* The running TDI's own DMA still lands in its window. */
	memset(buf, 0x5A, sizeof(buf));
	CHECK_OK(teeio_dsm_dma(&r->sys.host.dev, 0, true, attack_priv(r, ATTACK_DMA_GPA), buf,
			       sizeof(buf)));
	CHECK_SAFE(r);
	attack_rig_free(r);
}

TEST(t1_dma_from_unbound_or_foreign_requester_faults)
{
	struct attack_rig *r = attack_rig_new(ATTACK_RUN);

	CHECK(r != NULL);
	if (!r)
		return;
	uint64_t canary = attack_priv(r, ATTACK_RAM_GPA);
	uint64_t window = attack_priv(r, ATTACK_DMA_GPA);
	/* VF 1 is nobody's TDI: its T=1 writes on the Secure stream fault. */
	uint64_t nb = attack_faults(r, TEEIO_PLAT_FAULT_NOT_BOUND);
	CHECK_OK(raw_write(r, rid_of(r, 1), true, canary));
	CHECK_OK(raw_write(r, rid_of(r, 1), true, window));
	CHECK_EQ(attack_faults(r, TEEIO_PLAT_FAULT_NOT_BOUND), nb + 2);
	CHECK_EQ(teeio_plat_faults(&r->sys.plat)->last_rid, rid_of(r, 1));
	/* A Requester ID the device does not own: ACS source validation. */
	uint64_t sp = attack_faults(r, TEEIO_PLAT_FAULT_SPOOFED_RID);
	CHECK_OK(raw_write(r, FOREIGN_RID, true, window));
	CHECK_OK(raw_write(r, FOREIGN_RID, false, window));
	CHECK_EQ(attack_faults(r, TEEIO_PLAT_FAULT_SPOOFED_RID), sp + 2);
	/* The bound PF outside its DMA window (at the canary): no translation. */
	uint64_t nm = attack_faults(r, TEEIO_PLAT_FAULT_NOT_MAPPED);
	CHECK_OK(raw_write(r, rid_of(r, 0), true, canary));
	CHECK_EQ(attack_faults(r, TEEIO_PLAT_FAULT_NOT_MAPPED), nm + 1);
	CHECK_EQ(teeio_plat_faults(&r->sys.plat)->last, TEEIO_PLAT_FAULT_NOT_MAPPED);
	CHECK_EQ(teeio_plat_faults(&r->sys.plat)->last_addr, canary);
	/* None of it disturbed the stream: the TDI keeps running. */
	CHECK_EQ(teeio_ide_stream_state(&r->sys.rp_stream), TEEIO_IDE_SECURE);
	CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_RUN);
	CHECK_SAFE(r);
	attack_rig_free(r);
}

/* The link attacker holds back every upstream TLP while `hold` is set. */
struct holder {
	bool hold;
	unsigned held;
};

static enum teeio_link_verdict hold_up(void *ctx, enum teeio_link_dir dir, uint8_t *wire,
				       size_t *len, size_t cap)
{
	struct holder *h = ctx;

	(void)wire;
	(void)len;
	(void)cap;
	if (!h->hold || dir != TEEIO_LINK_UP)
		return TEEIO_LINK_PASS;
	h->held++;
	return TEEIO_LINK_HOLD;
}

TEST(dma_in_flight_across_unbind_never_lands)
{
	struct attack_rig *r = attack_rig_new(ATTACK_RUN);
	struct holder h = {false, 0};
	struct teeio_link_attacker a = {hold_up, &h};
	uint8_t w[64], back[64], before[64];

	CHECK(r != NULL);
	if (!r)
		return;
	uint64_t dst = attack_priv(r, ATTACK_DMA_GPA + 0x100);
	CHECK_EQ(teeio_plat_guest_read(&r->g, dst, before, sizeof(before)), TEEIO_PLAT_OK);
	teeio_link_set_attacker(&r->sys.link, &a);
	/* The device writes while running; the TLP is still on the wire... */
	h.hold = true;
	memset(w, 0xD7, sizeof(w));
	CHECK_OK(teeio_dsm_dma(&r->sys.host.dev, 0, true, dst, w, sizeof(w)));
	h.hold = false;
	CHECK_EQ(h.held, 1);
	/* ...when the host takes the TDI away (STOP, secure table entry gone). */
	CHECK_OK(teeio_tsm_unbind(&r->sys.tsm, r->tdi));
	CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_CONFIG_UNLOCKED);
	/* Now it arrives: the IOMMU has no live binding for it. */
	uint64_t nb = attack_faults(r, TEEIO_PLAT_FAULT_NOT_BOUND);
	CHECK_OK(teeio_link_release(&r->sys.link, TEEIO_LINK_UP, 0));
	teeio_link_pump(&r->sys.link, NULL);
	CHECK_EQ(attack_faults(r, TEEIO_PLAT_FAULT_NOT_BOUND), nb + 1);
	CHECK_EQ(teeio_plat_guest_read(&r->g, dst, back, sizeof(back)), TEEIO_PLAT_OK);
	CHECK_MEM(back, before, sizeof(back));
	teeio_link_set_attacker(&r->sys.link, NULL);
	CHECK_SAFE(r);
	attack_rig_free(r);
}

int main(void)
{
	RUN(t0_dma_never_reaches_private_pages);
	RUN(t1_dma_from_unbound_or_foreign_requester_faults);
	RUN(dma_in_flight_across_unbind_never_lands);
	return test_summary();
}
