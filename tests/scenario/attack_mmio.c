/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The VMM and the TDI's private MMIO after the guest validated it, with
 * the TDI running:
 *  - moving a validated page to another range of the same TDI turns it
 *    pending again: the guest's accesses fault (no access reaches the
 *    wrong register), and the page no longer validates against the
 *    address the interface report gives;
 *  - moving it anywhere outside the TDI's reported ranges is refused;
 *  - aliasing the TDI's private range through the shared (T=0) path
 *    reaches nothing: the device refuses T=0 to a TEE range in RUN.
 * (A wrong mapping installed at bind time, before validation, is
 * guest_accept's vmm_mapping_other_mmio_never_validates; the basic remap
 * is in guest_accepts_and_uses_the_tdi.)
 */
#include <string.h>

#include "support/attack.h"
#include "test.h"

#define PG TEEIO_PLAT_PAGE_SIZE
#define ALIAS_GPA UINT64_C(0x30000000) /* a shared GPA the VMM picks */

TEST(remap_after_validation_faults_until_revalidated)
{
	struct attack_rig *r = attack_rig_new(ATTACK_RUN);
	uint8_t reg[4] = {0x11, 0x22, 0x33, 0x44};

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK(r->flow.n_maps >= 2);
	const struct teeio_guest_mmio_map m0 = r->flow.maps[0], m1 = r->flow.maps[1];
	uint64_t gpa = attack_priv(r, m0.gpa);
	CHECK_OK(teeio_guest_tdi_mmio_read(&r->flow, 0, 0, reg, 4));

	/* Inside the TDI, to another range: allowed, but pending again. */
	uint64_t unv = attack_faults(r, TEEIO_PLAT_FAULT_UNVALIDATED);
	CHECK_OK(teeio_plat_vmm_mmio_remap(&r->sys.vmm, r->tvm, m0.gpa, m1.hpa));
	CHECK_ERR(teeio_guest_tdi_mmio_read(&r->flow, 0, 0, reg, 4), TEEIO_ERR_STATE);
	CHECK_ERR(teeio_guest_tdi_mmio_write(&r->flow, 0, 0, reg, 4), TEEIO_ERR_STATE);
	CHECK_EQ(attack_faults(r, TEEIO_PLAT_FAULT_UNVALIDATED), unv + 2);
	/* The guest re-validates against the report's address: refused. */
	CHECK_EQ(teeio_plat_guest_validate_mmio(&r->g, gpa, m0.hpa), TEEIO_PLAT_FAULT_MISMATCH);
	CHECK_ERR(teeio_guest_tdi_mmio_read(&r->flow, 0, 0, reg, 4), TEEIO_ERR_STATE);

	/* Outside every range the TDI reported (its BAR window's end, RAM). */
	CHECK_ERR(teeio_plat_vmm_mmio_remap(&r->sys.vmm, r->tvm, m0.gpa,
					    m0.hpa + (uint64_t)m0.pages * PG * 64),
		  TEEIO_ERR_STATE);
	CHECK_ERR(teeio_plat_vmm_mmio_remap(&r->sys.vmm, r->tvm, m0.gpa, r->ram_hpa),
		  TEEIO_ERR_STATE);

	/* Put back where the report says: validates, works again (the VMM
	 * can deny service, never redirect). */
	CHECK_OK(teeio_plat_vmm_mmio_remap(&r->sys.vmm, r->tvm, m0.gpa, m0.hpa));
	CHECK_EQ(teeio_plat_guest_validate_mmio(&r->g, gpa, m0.hpa), TEEIO_PLAT_OK);
	CHECK_OK(teeio_guest_tdi_mmio_read(&r->flow, 0, 0, reg, 4));
	CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_RUN);
	CHECK_SAFE(r);
	attack_rig_free(r);
}

TEST(shared_alias_of_private_mmio_reaches_nothing)
{
	struct attack_rig *r = attack_rig_new(ATTACK_RUN);
	uint8_t reg[4] = {0};

	CHECK(r != NULL);
	if (!r)
		return;
	const struct teeio_guest_mmio_map m0 = r->flow.maps[0];
	CHECK_OK(teeio_plat_vmm_map_shared(&r->sys.vmm, r->tvm, ALIAS_GPA, m0.hpa, 1, true));
	uint64_t alias = teeio_plat_gpa(&r->sys.plat, ALIAS_GPA, true);
	uint64_t ur = r->sys.ep.mmio_ur;
	CHECK_EQ(teeio_plat_guest_read(&r->g, alias, reg, 4), TEEIO_PLAT_FAULT_DEVICE_ERROR);
	CHECK_EQ(teeio_plat_guest_write(&r->g, alias, reg, 4), TEEIO_PLAT_OK); /* posted */
	CHECK(r->sys.ep.mmio_ur >= ur + 2);
	/* The TDI took no harm: the private path still works. */
	CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_RUN);
	CHECK_OK(teeio_guest_tdi_mmio_read(&r->flow, 0, 0, reg, 4));
	CHECK_SAFE(r);
	attack_rig_free(r);
}

int main(void)
{
	RUN(remap_after_validation_faults_until_revalidated);
	RUN(shared_alias_of_private_mmio_reaches_nothing);
	return test_summary();
}
