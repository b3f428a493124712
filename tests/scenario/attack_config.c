/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The VMM owns config space.  Every config write that changes what a
 * CONFIG_LOCKED or RUN TDI is (its BARs, Memory Space / Bus Master Enable,
 * MSI-X control) and a Function Level Reset during RUN must move the TDI
 * to ERROR (TDISP), after which the function neither DMAs into the TVM
 * nor answers its private MMIO, and the canary is untouched.  MSI-X
 * control is the TDI's only when it was locked with LOCK_MSIX.  (A BAR move
 * under a CONFIG_LOCKED TDI followed by a refused START is
 * tsm_lifecycle's vmm_reconfiguring_a_locked_tdi_fails_accept.)
 */
#include <string.h>

#include "support/attack.h"
#include "test.h"

/* Config offsets of function 0 (PCI type 0 header, PCIe r6.x 7.5.1; the
 * device's capabilities at TEEIO_DSM_CAP_*). */
#define CFG_COMMAND 0x04u
#define CFG_BAR0 0x10u
#define CFG_MSIX_CTRL TEEIO_DSM_CAP_MSIX /* DW0: Message Control in 31:16 */
#define CFG_DEVCTL (TEEIO_DSM_CAP_PCIE + 0x08u) /* Device Control, PCIe 7.5.3.4 */
#define DEVCTL_FLR 0x8000u /* Initiate Function Level Reset */
#define MSIX_ENABLE_MASK (0xC000u << 16) /* MSI-X Enable + Function Mask */

struct cfg_attack {
	const char *name;
	uint32_t off, val;
};

static const struct cfg_attack attacks[] = {
    {"bar0 moved", CFG_BAR0, 0xD0000000u},
    {"memory space and bus master off", CFG_COMMAND, 0},
    {"function level reset", CFG_DEVCTL, DEVCTL_FLR},
};

/* After the attack the TDI is dead to the TVM: no DMA, no private MMIO. */
static void check_dead(struct attack_rig *r, const char *name)
{
	uint8_t buf[16];

	if (attack_dev_tdi_state(r) != TEEIO_TDISP_STATE_ERROR)
		fprintf(stderr, "  after: %s\n", name);
	CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_STATE_ERROR);
	memset(buf, 0xA1, sizeof(buf));
	CHECK_ERR(teeio_dsm_dma(&r->sys.host.dev, 0, true, attack_priv(r, ATTACK_RAM_GPA), buf,
				sizeof(buf)),
		  TEEIO_ERR_STATE);
	CHECK_ERR(teeio_dsm_dma(&r->sys.host.dev, 0, true, attack_priv(r, ATTACK_DMA_GPA), buf,
				sizeof(buf)),
		  TEEIO_ERR_STATE);
	CHECK(teeio_guest_tdi_mmio_read(&r->flow, 0, 0, buf, 4) != TEEIO_OK);
	CHECK_NO_LEAK(buf, sizeof(buf));
}

TEST(config_writes_to_a_running_tdi_move_it_to_error)
{
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(attacks); i++) {
		struct attack_rig *r = attack_rig_new(ATTACK_RUN);
		uint8_t reg[4];

		CHECK(r != NULL);
		if (!r)
			return;
		CHECK_OK(teeio_guest_tdi_mmio_read(&r->flow, 0, 0, reg, 4)); /* alive */
		CHECK_OK(teeio_plat_vmm_cfg_write(&r->sys.vmm, r->sys.plat_dev, attacks[i].off,
						  attacks[i].val));
		check_dead(r, attacks[i].name);
		CHECK_SAFE(r);
		attack_rig_free(r);
	}
}

/* Faults of every kind counted so far. */
static uint64_t all_faults(const struct attack_rig *r)
{
	uint64_t n = 0;

	for (int f = 0; f < TEEIO_PLAT_FAULT_COUNT; f++)
		n += attack_faults(r, (enum teeio_plat_fault)f);
	return n;
}

TEST(config_writes_to_a_locked_tdi_stop_start)
{
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(attacks); i++) {
		struct attack_rig *r = attack_rig_new(ATTACK_BOUND);

		CHECK(r != NULL);
		if (!r)
			return;
		CHECK_OK(teeio_plat_vmm_cfg_write(&r->sys.vmm, r->sys.plat_dev, attacks[i].off,
						  attacks[i].val));
		CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_STATE_ERROR);
		/* The guest's accept fails at the device; the TSM records ERROR
		 * and quiesces the TDI at once: binding gone, and STOP_INTERFACE
		 * (the session is intact) scrubs and unlocks it on the device. */
		CHECK(attack_rig_accept(r) != TEEIO_OK);
		CHECK_EQ(attack_tsm_tdi_state(r), TEEIO_TSM_TDI_ERROR);
		CHECK(r->flow.state != TEEIO_GUEST_TDI_RUN);
		CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_CONFIG_UNLOCKED);
		CHECK_ERR(teeio_plat_tsm_unbind(&r->sys.tsm_view, r->sys.tsm.tdi[r->tdi].rid),
			  TEEIO_ERR_USAGE_NOT_FOUND);
		/* The unlocked function refuses T=1 DMA (STATE) or, with its BAR
		 * and BME intact, its DMA is T=0 and faults at the IOMMU. */
		uint64_t t0 = all_faults(r);
		uint8_t buf[16];
		memset(buf, 0xA1, sizeof(buf));
		teeio_err d = teeio_dsm_dma(&r->sys.host.dev, 0, true,
					    attack_priv(r, ATTACK_RAM_GPA), buf, sizeof(buf));
		CHECK(d == TEEIO_ERR_STATE || all_faults(r) == t0 + 1);
		CHECK(teeio_guest_tdi_mmio_read(&r->flow, 0, 0, buf, 4) != TEEIO_OK);
		CHECK_NO_LEAK(buf, sizeof(buf));
		CHECK_SAFE(r);
		attack_rig_free(r);
	}
}

TEST(msix_control_is_locked_only_with_lock_msix)
{
	for (int locked = 0; locked < 2; locked++) {
		struct attack_rig *r = attack_rig_new(ATTACK_CONNECTED);

		CHECK(r != NULL);
		if (!r)
			return;
		r->lock_flags = (uint16_t)(TEEIO_TDISP_LOCK_NO_FW_UPDATE |
					   (locked ? TEEIO_TDISP_LOCK_MSIX : 0));
		CHECK_OK(attack_rig_bind(r));
		CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_CONFIG_LOCKED);
		CHECK_OK(teeio_plat_vmm_cfg_write(&r->sys.vmm, r->sys.plat_dev, CFG_MSIX_CTRL,
						  MSIX_ENABLE_MASK));
		/* Without LOCK_MSIX the host keeps MSI-X (the TVM's policy
		 * decides whether it accepts that: msix_locked). */
		CHECK_EQ(attack_dev_tdi_state(r),
			 locked ? TEEIO_TDISP_STATE_ERROR : TEEIO_TDISP_CONFIG_LOCKED);
		CHECK_SAFE(r);
		attack_rig_free(r);
	}
}

TEST(flr_during_run_scrubs_the_function)
{
	struct attack_rig *r = attack_rig_new(ATTACK_RUN);

	CHECK(r != NULL);
	if (!r)
		return;
	/* What the TVM left in the function: an MSI-X message. */
	r->sys.host.dev.fn[0].msix_table[0][0] = 0xFEE00000u;
	r->sys.host.dev.fn[0].msix_table[0][2] = 0x4242u;
	CHECK_OK(teeio_plat_vmm_cfg_write(&r->sys.vmm, r->sys.plat_dev, CFG_DEVCTL, DEVCTL_FLR));
	CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_STATE_ERROR);
	CHECK_EQ(r->sys.host.dev.fn[0].msix_table[0][0], 0);
	CHECK_EQ(r->sys.host.dev.fn[0].msix_table[0][2], 0);
	check_dead(r, "flr");
	/* Recovery is the host's unbind: back to CONFIG_UNLOCKED, not RUN. */
	CHECK_OK(teeio_tsm_unbind(&r->sys.tsm, r->tdi));
	CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_CONFIG_UNLOCKED);
	CHECK_SAFE(r);
	attack_rig_free(r);
}

TEST(config_write_to_another_function_leaves_the_tdi_running)
{
	struct attack_rig *r = attack_rig_new(ATTACK_RUN);
	uint8_t buf[16];

	CHECK(r != NULL);
	if (!r)
		return;
	/* VF 2 is not a TDI of anyone: the VMM may reconfigure it freely. */
	CHECK_OK(
	    teeio_plat_vmm_cfg_write(&r->sys.vmm, r->sys.plat_dev, (2u << 12) | CFG_COMMAND, 0));
	CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_RUN);
	memset(buf, 0x3C, sizeof(buf));
	CHECK_OK(teeio_dsm_dma(&r->sys.host.dev, 0, true, attack_priv(r, ATTACK_DMA_GPA), buf,
			       sizeof(buf)));
	CHECK_SAFE(r);
	attack_rig_free(r);
}

int main(void)
{
	RUN(config_writes_to_a_running_tdi_move_it_to_error);
	RUN(config_writes_to_a_locked_tdi_stop_start);
	RUN(msix_control_is_locked_only_with_lock_msix);
	RUN(flr_during_run_scrubs_the_function);
	RUN(config_write_to_another_function_leaves_the_tdi_running);
	return test_summary();
}
