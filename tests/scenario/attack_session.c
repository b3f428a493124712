/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SPDM session that carries IDE_KM and TDISP is killed while the TDI
 * runs.  The VMM relays every DOE object, so it can end the session
 * without knowing its keys: put a clear GET_VERSION in place of the TSM's
 * next request (SPDM: GET_VERSION resets the connection and every
 * session), or spoil a secured record so that the device's decryption
 * fails (DSP0277: the session is terminated).  Either way the device's
 * TDIs bound through that session must go to ERROR (TDISP: a locked or
 * running TDI does not outlive its session), the TSM must notice at its
 * next exchange, and private memory stays untouched.  Recovery is one
 * disconnect, one connect (which STOPs the stale TDI) and one bind.
 */
#include <string.h>

#include "support/attack.h"
#include "test.h"

/* A DOE object (PCIe 6.30.1) carrying SPDM GET_VERSION (DSP0274 10.3). */
static const uint8_t doe_get_version[] = {
    0x01, 0x00, TEEIO_DOE_TYPE_SPDM,
    0x00, /* Vendor ID PCI-SIG, type CMA/SPDM */
    0x03, 0x00, 0x00,
    0x00, /* Length: 3 DW */
    0x10, 0x84, 0x00,
    0x00, /* SPDM 1.0 GET_VERSION, Param1/2 0 */
};

enum kill { KILL_GET_VERSION, KILL_CORRUPT };

struct killer {
	enum kill how;
	bool armed, done;
};

static enum teeio_plat_verdict kill_doe(void *ctx, struct teeio_plat_vmm_view *vmm, unsigned dev,
					enum teeio_plat_dir dir, uint8_t *msg, size_t *len,
					size_t cap)
{
	struct killer *k = ctx;

	(void)vmm;
	(void)dev;
	if (!k->armed || k->done || dir != TEEIO_PLAT_REQUEST)
		return TEEIO_PLAT_PASS;
	k->done = true;
	if (k->how == KILL_GET_VERSION) {
		if (cap < sizeof(doe_get_version))
			return TEEIO_PLAT_PASS;
		memcpy(msg, doe_get_version, sizeof(doe_get_version));
		*len = sizeof(doe_get_version);
	} else {
		msg[*len - 1] ^= 0x80; /* the record's MAC */
	}
	return TEEIO_PLAT_MODIFIED;
}

static void session_killed_during_run(enum kill how)
{
	struct attack_rig *r = attack_rig_new(ATTACK_RUN);
	struct killer k = {how, true, false};
	struct teeio_plat_vmm_hooks h = {.doe = kill_doe, .ctx = &k};
	struct teeio_tsm_dev_info di;
	uint8_t buf[16];

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_RUN);
	teeio_plat_vmm_set_hooks(&r->sys.vmm, &h);
	/* The TSM's next exchange in the session is a heartbeat. */
	CHECK(teeio_tsm_heartbeat(&r->sys.tsm, r->sys.dev) != TEEIO_OK);
	teeio_plat_vmm_set_hooks(&r->sys.vmm, NULL);
	CHECK(k.done);
	/* The device: session gone, its TDI in ERROR, no T=1 traffic. */
	CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_STATE_ERROR);
	memset(buf, 0x99, sizeof(buf));
	CHECK_ERR(teeio_dsm_dma(&r->sys.host.dev, 0, true, attack_priv(r, ATTACK_DMA_GPA), buf,
				sizeof(buf)),
		  TEEIO_ERR_STATE);
	CHECK(teeio_guest_tdi_mmio_read(&r->flow, 0, 0, buf, 4) != TEEIO_OK);
	CHECK_NO_LEAK(buf, sizeof(buf));
	/* The TSM: the device and its TDI in ERROR; nothing more goes
	 * through it. */
	CHECK_OK(teeio_tsm_info(&r->sys.tsm, r->sys.dev, &di));
	CHECK_EQ(di.state, TEEIO_TSM_DEV_ERROR);
	CHECK_ERR(teeio_tsm_key_refresh(&r->sys.tsm, r->sys.dev), TEEIO_ERR_STATE);
	CHECK_EQ(attack_tsm_tdi_state(r), TEEIO_TSM_TDI_ERROR);
	/* The TVM hears it at its next request: the TDI is in ERROR. */
	CHECK_ERR(teeio_guest_tdi_stop(&r->flow), TEEIO_ERR_STATE);
	CHECK_EQ(r->flow.tsm_state, TEEIO_TSM_TDI_ERROR);
	/* Teardown: the unbind cannot reach the device (no session to carry
	 * STOP_INTERFACE) and says so, but the TSM slot is gone. */
	CHECK(teeio_tsm_unbind(&r->sys.tsm, r->tdi) != TEEIO_OK);
	CHECK_ERR(teeio_tsm_tdi_info(&r->sys.tsm, r->tdi, NULL), TEEIO_ERR_USAGE);
	CHECK(teeio_tsm_disconnect(&r->sys.tsm, r->sys.dev) != TEEIO_ERR_STATE);
	CHECK_OK(teeio_tsm_connect(&r->sys.tsm, r->sys.dev));
	/* The function never comes back RUN by itself: the connect's new
	 * session STOPs what the dead one left in ERROR (the TSM remembers
	 * its unbind could not), so the device holds it CONFIG_UNLOCKED and
	 * the first bind works: CONFIG_LOCKED with a fresh nonce, and the
	 * TVM must attest again. */
	CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_CONFIG_UNLOCKED);
	CHECK_OK(attack_rig_bind(r));
	CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_CONFIG_LOCKED);
	CHECK_EQ(attack_tsm_tdi_state(r), TEEIO_TSM_TDI_BOUND);
	CHECK_SAFE(r);
	attack_rig_free(r);
}

TEST(get_version_in_place_of_a_secured_request_kills_the_tdi)
{
	session_killed_during_run(KILL_GET_VERSION);
}

TEST(spoiled_secured_record_kills_the_tdi)
{
	session_killed_during_run(KILL_CORRUPT);
}

int main(void)
{
	RUN(get_version_in_place_of_a_secured_request_kills_the_tdi);
	RUN(spoiled_secured_record_kills_the_tdi);
	return test_summary();
}
