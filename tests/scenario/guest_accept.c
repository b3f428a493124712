/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The guest flow end to end on the emulated platform: the TSM connects
 * the built-in device (SPDM session, IDE keys) and binds its PF to a TVM;
 * the TVM gets the evidence over the sealed guest channel, verifies it
 * against the built-in policy, validates every private MMIO page, accepts
 * (TDISP START), then uses private MMIO and takes T=1 DMA into private
 * memory.  Then the attacks the VMM can mount on that path: tampering
 * with or replaying channel messages, remapping validated MMIO, and
 * evidence the policy does not allow.
 */
#include <stdlib.h>
#include <string.h>

#include "teeio/guest.h"
#include "test.h"

#define RAM_GPA UINT64_C(0x100000) /* private RAM of the TVM (canonical) */
#define RAM_PAGES 16
#define MMIO_GPA UINT64_C(0x10000000) /* private MMIO of the TDI */

static const struct teeio_crypto_ops *ops;

/* One system with a TVM, a bound PF and the TVM's side of the flow. */
struct rig {
	struct teeio_tsm_sys sys;
	unsigned tvm, tdi;
	uint8_t secret[TEEIO_TSM_TVM_SECRET_LEN];
	struct teeio_tsm_gchan chan;
	struct teeio_guest_policy pol;
	struct teeio_guest_tdi g;
	/* VMM misbehaviour for the guest channel hook */
	int flip_response; /* flip a byte of the next N responses */
	int replay; /* 1: record the next response, 2: play it back */
	uint8_t saved[TEEIO_PLAT_RELAY_MAX];
	size_t saved_len;
	bool swap_mmio; /* map the first private MMIO range onto the last one */
	uint64_t last_hpa;
};

/* The VMM installs private MMIO for the TSM: it may name another HPA. */
static enum teeio_plat_verdict mmio_map_hook(void *ctx, struct teeio_plat_vmm_view *vmm,
					     unsigned tvm, uint64_t *gpa, uint64_t *hpa,
					     uint32_t *npages)
{
	struct rig *r = ctx;

	(void)vmm;
	(void)tvm;
	(void)npages;
	if (!r->swap_mmio)
		return TEEIO_PLAT_PASS;
	if (*gpa == MMIO_GPA) {
		*hpa = r->last_hpa;
		return TEEIO_PLAT_MODIFIED;
	}
	return TEEIO_PLAT_PASS;
}

static enum teeio_plat_verdict guest_msg_hook(void *ctx, struct teeio_plat_vmm_view *vmm,
					      unsigned tvm, enum teeio_plat_dir dir, uint8_t *msg,
					      size_t *len, size_t cap)
{
	struct rig *r = ctx;

	(void)vmm;
	(void)tvm;
	(void)cap;
	if (dir != TEEIO_PLAT_RESPONSE)
		return TEEIO_PLAT_PASS;
	if (r->flip_response > 0 && *len > TEEIO_TSM_GMSG_HDR_LEN + 2) {
		r->flip_response--;
		msg[TEEIO_TSM_GMSG_HDR_LEN + 1] ^= 0x10;
		return TEEIO_PLAT_MODIFIED;
	}
	if (r->replay == 1) {
		memcpy(r->saved, msg, *len);
		r->saved_len = *len;
		r->replay = 2;
	} else if (r->replay == 2 && r->saved_len <= cap) {
		memcpy(msg, r->saved, r->saved_len);
		*len = r->saved_len;
		r->replay = 0;
		return TEEIO_PLAT_MODIFIED;
	}
	return TEEIO_PLAT_PASS;
}

/* Bring the system up to "PF bound to the TVM", and the guest side ready. */
static struct rig *rig_new(bool swap_mmio)
{
	struct rig *r = calloc(1, sizeof(*r));
	struct teeio_tsm_bind_params bp = {0};
	struct teeio_guest_flow_config fc = {0};
	struct teeio_plat_vmm_hooks hooks = {0};
	uint64_t hpa;
	teeio_err rc;

	if (!r)
		return NULL;
	rc = teeio_tsm_sys_init(&r->sys, ops, NULL, TEEIO_PLAT_FLAVOUR_TDX, NULL);
	r->swap_mmio = swap_mmio;
	/* BAR2 (range 2, 16 pages like range 0) as the device decodes it. */
	if (rc == TEEIO_OK && !teeio_dsm_bar_base(&r->sys.host.dev, 0, 2, &r->last_hpa))
		rc = TEEIO_ERR_STATE;
	hooks.guest_msg = guest_msg_hook;
	hooks.mmio_map = mmio_map_hook;
	hooks.ctx = r;
	if (rc == TEEIO_OK)
		teeio_plat_vmm_set_hooks(&r->sys.vmm, &hooks);
	if (rc == TEEIO_OK)
		rc = teeio_tsm_connect(&r->sys.tsm, r->sys.dev);
	if (rc == TEEIO_OK)
		rc = teeio_tsm_sys_tvm(&r->sys, &r->tvm, r->secret);
	/* Private RAM for the TVM: the VMM donates pages, the TSM converts. */
	if (rc == TEEIO_OK)
		rc = teeio_plat_vmm_page_alloc(&r->sys.vmm, RAM_PAGES, &hpa);
	if (rc == TEEIO_OK)
		rc = teeio_plat_tsm_map_private(&r->sys.tsm_view, r->tvm, RAM_GPA, hpa, RAM_PAGES,
						true);
	bp.lock_flags = TEEIO_TDISP_LOCK_NO_FW_UPDATE;
	bp.mmio_reporting_offset = UINT64_C(0x1000000000);
	bp.dma_base = RAM_GPA;
	bp.dma_limit = RAM_GPA + RAM_PAGES * TEEIO_PLAT_PAGE_SIZE - 1;
	bp.mmio_gpa = MMIO_GPA;
	if (rc == TEEIO_OK)
		rc = teeio_tsm_bind(&r->sys.tsm, r->sys.dev, teeio_dsm_fn_rid(&r->sys.host.dev, 0),
				    r->tvm, &bp, &r->tdi);
	/* The TVM: its end of the channel, its policy trusting the vendor root. */
	if (rc == TEEIO_OK)
		rc = teeio_tsm_gchan_init(&r->chan, ops, false, r->secret);
	if (rc == TEEIO_OK)
		rc = teeio_guest_policy_default(ops, &r->pol);
	if (rc == TEEIO_OK)
		rc = teeio_guest_policy_add_root(&r->pol, r->sys.host.chain.certs[0].der,
						 r->sys.host.chain.certs[0].len);
	fc.ops = ops;
	fc.pol = &r->pol;
	fc.g = teeio_plat_guest(&r->sys.plat, r->tvm);
	fc.chan = &r->chan;
	fc.function_id = teeio_dsm_fn_id(&r->sys.host.dev, 0);
	if (rc == TEEIO_OK)
		rc = teeio_guest_tdi_init(&r->g, &fc);
	if (rc != TEEIO_OK) {
		fprintf(stderr, "rig: %s\n", teeio_err_str(rc));
		teeio_tsm_gchan_free(&r->chan);
		teeio_tsm_sys_fini(&r->sys);
		free(r);
		return NULL;
	}
	return r;
}

static void rig_free(struct rig *r)
{
	if (!r)
		return;
	teeio_tsm_gchan_free(&r->chan);
	teeio_tsm_sys_fini(&r->sys);
	free(r);
}

static enum teeio_tsm_tdi_state tsm_state(const struct rig *r)
{
	struct teeio_tsm_tdi_info in;

	if (teeio_tsm_tdi_info(&r->sys.tsm, r->tdi, &in) != TEEIO_OK)
		return TEEIO_TSM_TDI_FREE;
	return in.state;
}

TEST(guest_accepts_and_uses_the_tdi)
{
	struct rig *r = rig_new(false);
	struct teeio_plat_guest_view g;
	uint8_t dma[64], back[64], reg[8];
	size_t i;

	CHECK(r != NULL);
	if (!r)
		return;
	/* Steps only in order. */
	CHECK_ERR(teeio_guest_tdi_accept(&r->g), TEEIO_ERR_STATE);
	CHECK_ERR(teeio_guest_tdi_validate_mmio(&r->g), TEEIO_ERR_STATE);
	CHECK_ERR(teeio_guest_tdi_verify(&r->g), TEEIO_ERR_STATE);
	CHECK_EQ(r->g.state, TEEIO_GUEST_TDI_NEW);
	CHECK_OK(teeio_guest_tdi_get_report(&r->g));
	CHECK_EQ(r->g.n_maps, 2); /* BAR0 range 0 and BAR2: the TEE ranges */
	CHECK_OK(teeio_guest_tdi_verify(&r->g));
	if (!r->g.verdict.accept)
		teeio_guest_verdict_print(stderr, &r->g.verdict);
	/* The TSM reports the SPDM version and algorithms: floors checked. */
	CHECK(!teeio_guest_verdict_has(&r->g.verdict, TEEIO_GUEST_SPDM_UNREPORTED));
	CHECK(r->g.ev.spdm.version >= 0x12 && r->g.ev.spdm.asym != TEEIO_SIG_NONE &&
	      r->g.ev.spdm.dhe != TEEIO_DHE_NONE && r->g.ev.spdm.aead != TEEIO_AEAD_NONE);
	/* Before validation the private MMIO is pending: no access. */
	CHECK_ERR(teeio_guest_tdi_mmio_read(&r->g, 0, 0, reg, 4), TEEIO_ERR_STATE);
	CHECK_OK(teeio_guest_tdi_validate_mmio(&r->g));
	CHECK_EQ(tsm_state(r), TEEIO_TSM_TDI_BOUND);
	/* Locked and not accepted: the device may not DMA. */
	for (i = 0; i < sizeof(dma); i++)
		dma[i] = (uint8_t)(0x5A ^ i);
	CHECK(teeio_dsm_dma(&r->sys.host.dev, 0, true, teeio_plat_gpa(&r->sys.plat, RAM_GPA, false),
			    dma, sizeof(dma)) != TEEIO_OK);
	CHECK_OK(teeio_guest_tdi_accept(&r->g));
	CHECK_EQ(r->g.state, TEEIO_GUEST_TDI_RUN);
	CHECK_EQ(tsm_state(r), TEEIO_TSM_TDI_RUN);
	CHECK_EQ(teeio_dsm_tdi_state(&r->sys.host.dev, 0), TEEIO_TDISP_RUN);

	/* Private MMIO: a T=1 read of BAR0 through the validated mapping. */
	CHECK_OK(teeio_guest_tdi_mmio_read(&r->g, 0, 0, reg, 4));
	CHECK_OK(teeio_guest_tdi_mmio_write(&r->g, 1, 0x10, reg, 4));
	/* T=1 DMA into private memory, read back by the guest. */
	CHECK_OK(teeio_dsm_dma(&r->sys.host.dev, 0, true,
			       teeio_plat_gpa(&r->sys.plat, RAM_GPA + 0x200, false), dma,
			       sizeof(dma)));
	g = teeio_plat_guest(&r->sys.plat, r->tvm);
	CHECK_EQ(teeio_plat_guest_read(&g, teeio_plat_gpa(&r->sys.plat, RAM_GPA + 0x200, false),
				       back, sizeof(back)),
		 TEEIO_PLAT_OK);
	CHECK_MEM(back, dma, sizeof(dma));

	/* The VMM points the validated BAR0 range at BAR2 (same size, same
	 * TDI): the guest's next access faults, and the page no longer
	 * validates against the report's address. */
	CHECK_OK(teeio_plat_vmm_mmio_remap(&r->sys.vmm, r->tvm, MMIO_GPA, r->g.maps[1].hpa));
	CHECK_ERR(teeio_guest_tdi_mmio_read(&r->g, 0, 0, reg, 4), TEEIO_ERR_STATE);
	CHECK_EQ(teeio_plat_guest_validate_mmio(&g, teeio_plat_gpa(&r->sys.plat, MMIO_GPA, false),
						r->g.maps[0].hpa),
		 TEEIO_PLAT_FAULT_MISMATCH);

	CHECK_OK(teeio_guest_tdi_stop(&r->g));
	CHECK_EQ(tsm_state(r), TEEIO_TSM_TDI_STOPPED);
	rig_free(r);
}

TEST(tampered_channel_rejected)
{
	struct rig *r = rig_new(false);

	CHECK(r != NULL);
	if (!r)
		return;
	r->flip_response = 1;
	CHECK(teeio_guest_tdi_get_report(&r->g) != TEEIO_OK);
	CHECK_EQ(r->g.state, TEEIO_GUEST_TDI_REJECTED);
	/* Sticky: nothing further until the guest starts over. */
	CHECK_ERR(teeio_guest_tdi_attach(&r->g), TEEIO_ERR_STATE);
	CHECK_EQ(tsm_state(r), TEEIO_TSM_TDI_BOUND);
	rig_free(r);
}

TEST(replayed_response_rejected)
{
	struct rig *r = rig_new(false);

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_OK(teeio_guest_tdi_get_report(&r->g));
	CHECK_OK(teeio_guest_tdi_verify(&r->g));
	/* Record the first VALIDATE_MMIO answer, play it back as the second. */
	r->replay = 1;
	CHECK(teeio_guest_tdi_validate_mmio(&r->g) != TEEIO_OK);
	CHECK_EQ(r->g.state, TEEIO_GUEST_TDI_REJECTED);
	CHECK_EQ(tsm_state(r), TEEIO_TSM_TDI_BOUND);
	rig_free(r);
}

TEST(evidence_outside_policy_never_accepted)
{
	struct rig *r = rig_new(false);

	CHECK(r != NULL);
	if (!r)
		return;
	/* The guest expects other firmware. */
	r->pol.meas[1].value[0] ^= 1;
	CHECK_ERR(teeio_guest_tdi_attach(&r->g), TEEIO_ERR_CRYPTO_VERIFY);
	CHECK_EQ(teeio_guest_verdict_meas(&r->g.verdict, 2)->status, TEEIO_GUEST_MEAS_MISMATCH);
	CHECK_EQ(r->g.state, TEEIO_GUEST_TDI_REJECTED);
	/* No START was sent: the device stays locked, the TSM bound. */
	CHECK_EQ(tsm_state(r), TEEIO_TSM_TDI_BOUND);
	CHECK_EQ(teeio_dsm_tdi_state(&r->sys.host.dev, 0), TEEIO_TDISP_CONFIG_LOCKED);
	rig_free(r);
}

TEST(untrusted_root_never_accepted)
{
	struct rig *r = rig_new(false);
	struct teeio_pki_chain other;

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_OK(teeio_pki_generate_device(ops, TEEIO_SIG_ECDSA_P256, 0, &other));
	r->pol.n_roots = 0;
	CHECK_OK(teeio_guest_policy_add_root(&r->pol, other.certs[0].der, other.certs[0].len));
	teeio_pki_chain_free(ops, &other);
	CHECK_ERR(teeio_guest_tdi_attach(&r->g), TEEIO_ERR_CRYPTO_CERT);
	CHECK_EQ(tsm_state(r), TEEIO_TSM_TDI_BOUND);
	rig_free(r);
}

TEST(vmm_mapping_other_mmio_never_validates)
{
	struct rig *r = rig_new(true);

	CHECK(r != NULL);
	if (!r)
		return;
	/* The report and the TSM's record agree; the secure table does not:
	 * range 0's GPAs lead to BAR2.  The CPU refuses the validation. */
	CHECK_OK(teeio_guest_tdi_get_report(&r->g));
	CHECK_OK(teeio_guest_tdi_verify(&r->g));
	CHECK_ERR(teeio_guest_tdi_validate_mmio(&r->g), TEEIO_ERR_STATE);
	CHECK_EQ(r->g.state, TEEIO_GUEST_TDI_REJECTED);
	CHECK(teeio_plat_faults(&r->sys.plat)->count[TEEIO_PLAT_FAULT_MISMATCH] > 0);
	CHECK_EQ(tsm_state(r), TEEIO_TSM_TDI_BOUND);
	CHECK_EQ(teeio_dsm_tdi_state(&r->sys.host.dev, 0), TEEIO_TDISP_CONFIG_LOCKED);
	rig_free(r);
}

int main(void)
{
	ops = teeio_crypto_openssl();
	RUN(guest_accepts_and_uses_the_tdi);
	RUN(tampered_channel_rejected);
	RUN(replayed_response_rejected);
	RUN(evidence_outside_policy_never_accepted);
	RUN(untrusted_root_never_accepted);
	RUN(vmm_mapping_other_mmio_never_validates);
	return test_summary();
}
