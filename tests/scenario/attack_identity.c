/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Who the device is and what it runs:
 *  - an impostor whose certificate chain does not lead to a root the TSM
 *    trusts never gets a session (and so never keys, locks or runs);
 *  - a device running firmware other than what the TVM's policy names is
 *    never accepted: the verdict names the measurement, no START is sent;
 *  - the VMM rewriting VERSION or ALGORITHMS to talk the TSM down to an
 *    older SPDM version or weaker algorithms is caught: the transcript the
 *    device signs is not the one the TSM saw;
 *  - a connection the TSM's floors accept but the TVM's policy does not
 *    (a device that negotiates SPDM 1.2 / SHA-256 against a policy asking
 *    1.3 / SHA-384) is refused by the guest: the GET_REPORT carries the
 *    negotiated version and algorithms and the verdict names them.
 * (A TVM policy that trusts another root, and a policy naming other
 * measurements, are guest_accept's untrusted_root_never_accepted and
 * evidence_outside_policy_never_accepted.)
 */
#include <string.h>

#include "support/attack.h"
#include "test.h"

/* Connect failed cleanly: ERROR, no session, no keys, nothing bindable. */
static void check_not_connected(struct attack_rig *r)
{
	struct teeio_tsm_dev_info di;

	CHECK_OK(teeio_tsm_info(&r->sys.tsm, r->sys.dev, &di));
	CHECK_EQ(di.state, TEEIO_TSM_DEV_ERROR);
	CHECK(di.ev == NULL);
	CHECK(teeio_ide_stream_state(&r->sys.rp_stream) != TEEIO_IDE_SECURE);
	CHECK_ERR(attack_rig_bind(r), TEEIO_ERR_STATE);
	CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_CONFIG_UNLOCKED);
}

TEST(impostor_chain_never_gets_a_session)
{
	struct attack_rig *r = attack_rig_new(ATTACK_IDLE);
	struct teeio_pki_chain other;

	CHECK(r != NULL);
	if (!r)
		return;
	/* The TSM trusts one vendor root; this device's chain is from another. */
	CHECK_OK(
	    teeio_pki_generate_device(teeio_crypto_openssl(), TEEIO_SIG_ECDSA_P256, 0, &other));
	r->sys.roots[0] = other.certs[0].der;
	r->sys.root_lens[0] = other.certs[0].len;
	CHECK_ERR(attack_rig_connect(r), TEEIO_ERR_CRYPTO_CERT);
	check_not_connected(r);
	CHECK_SAFE(r);
	attack_rig_free(r);
	teeio_pki_chain_free(teeio_crypto_openssl(), &other);
}

TEST(other_firmware_is_never_accepted)
{
	struct teeio_dsm_profile *prof = calloc(1, sizeof(*prof));

	CHECK(prof != NULL);
	if (!prof)
		return;
	CHECK_OK(teeio_dsm_profile_default(prof));
	/* The device measures firmware the vendor never published. */
	CHECK(prof->n_meas >= 2);
	prof->meas[1].value[0] ^= 0x01;
	struct attack_rig *r = attack_rig_new_prof(ATTACK_BOUND, prof);
	CHECK(r != NULL);
	if (!r) {
		free(prof);
		return;
	}
	CHECK_ERR(attack_rig_accept(r), TEEIO_ERR_CRYPTO_VERIFY);
	CHECK(!r->flow.verdict.accept);
	CHECK(teeio_guest_verdict_has(&r->flow.verdict, TEEIO_GUEST_MEAS_MISMATCH));
	const struct teeio_guest_meas_verdict *mv =
	    teeio_guest_verdict_meas(&r->flow.verdict, prof->meas[1].index);
	CHECK(mv && mv->status == TEEIO_GUEST_MEAS_MISMATCH);
	CHECK_EQ(r->flow.state, TEEIO_GUEST_TDI_REJECTED);
	/* No START: the TDI stays locked and quiet. */
	CHECK_EQ(attack_tsm_tdi_state(r), TEEIO_TSM_TDI_BOUND);
	CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_CONFIG_LOCKED);
	uint8_t w[16] = {0};
	CHECK_ERR(
	    teeio_dsm_dma(&r->sys.host.dev, 0, true, attack_priv(r, ATTACK_DMA_GPA), w, sizeof(w)),
	    TEEIO_ERR_STATE);
	CHECK_SAFE(r);
	attack_rig_free(r);
	free(prof);
}

/* SPDM offsets after the 8-byte DOE header (DSP0274 1.2, 10.3 / 10.4). */
#define SPDM_CODE 1 /* RequestResponseCode */
#define SPDM_VERSION_RSP 0x04
#define SPDM_ALGORITHMS_RSP 0x63
#define VERSION_COUNT 5 /* VersionNumberEntryCount */
#define VERSION_ENTRIES 6 /* u16 entries: byte 1 = major.minor */
#define ALG_BASE_ASYM 12 /* BaseAsymSel u32 */
#define ALG_BASE_HASH 16 /* BaseHashSel u32 */

enum downgrade { DOWN_VERSION, DOWN_HASH, DOWN_ASYM };

struct down {
	enum downgrade what;
	bool hit;
};

static enum teeio_plat_verdict down_doe(void *ctx, struct teeio_plat_vmm_view *vmm, unsigned dev,
					enum teeio_plat_dir dir, uint8_t *msg, size_t *len,
					size_t cap)
{
	struct down *d = ctx;
	uint8_t *m = msg + TEEIO_DOE_HDR_LEN;
	size_t n = *len - TEEIO_DOE_HDR_LEN;

	(void)vmm;
	(void)dev;
	(void)cap;
	if (dir != TEEIO_PLAT_RESPONSE || *len < TEEIO_DOE_HDR_LEN + VERSION_ENTRIES ||
	    msg[2] != TEEIO_DOE_TYPE_SPDM)
		return TEEIO_PLAT_PASS;
	if (d->what == DOWN_VERSION && m[SPDM_CODE] == SPDM_VERSION_RSP) {
		/* Every version the device lists becomes 1.1. */
		for (size_t i = 0; i < m[VERSION_COUNT] && VERSION_ENTRIES + 2 * i + 1 < n; i++)
			m[VERSION_ENTRIES + 2 * i + 1] = TEEIO_SPDM_V11;
		d->hit = true;
		return TEEIO_PLAT_MODIFIED;
	}
	if (d->what != DOWN_VERSION && m[SPDM_CODE] == SPDM_ALGORITHMS_RSP &&
	    n >= ALG_BASE_HASH + 4) {
		/* Another single algorithm than the one the device selected. */
		size_t at = d->what == DOWN_HASH ? ALG_BASE_HASH : ALG_BASE_ASYM;
		uint8_t sel = m[at];
		m[at] = (uint8_t)(sel == 0x01 ? 0x02 : 0x01);
		d->hit = true;
		return TEEIO_PLAT_MODIFIED;
	}
	return TEEIO_PLAT_PASS;
}

TEST(version_or_algorithm_downgrade_never_connects)
{
	/* The requester's floor refuses 1.1; the asym key of the leaf is not
	 * the algorithm claimed; the hash changes every later size (the
	 * exact check that trips first is incidental). */
	static const teeio_err want[] = {TEEIO_ERR_PROTO_VERSION, TEEIO_OK, TEEIO_ERR_CRYPTO_CERT};

	for (int w = DOWN_VERSION; w <= DOWN_ASYM; w++) {
		struct attack_rig *r = attack_rig_new(ATTACK_IDLE);
		struct down d = {(enum downgrade)w, false};
		struct teeio_plat_vmm_hooks h = {.doe = down_doe, .ctx = &d};

		CHECK(r != NULL);
		if (!r)
			return;
		teeio_plat_vmm_set_hooks(&r->sys.vmm, &h);
		teeio_err rc = attack_rig_connect(r);
		teeio_plat_vmm_set_hooks(&r->sys.vmm, NULL);
		CHECK(d.hit);
		CHECK(rc != TEEIO_OK);
		if (want[w] != TEEIO_OK)
			CHECK_ERR(rc, want[w]);
		check_not_connected(r);
		CHECK_SAFE(r);
		attack_rig_free(r);
	}
}

TEST(connection_below_the_tvm_floor_is_never_accepted)
{
	struct attack_rig *r = attack_rig_new(ATTACK_IDLE);

	CHECK(r != NULL);
	if (!r)
		return;
	/* The device offers only SPDM 1.2 and SHA-256: within the TSM's own
	 * floors (the responder keeps its configuration by pointer). */
	memset(r->sys.host.rcfg.versions, 0, sizeof(r->sys.host.rcfg.versions));
	r->sys.host.rcfg.versions[0] = TEEIO_SPDM_V12;
	memset(r->sys.host.rcfg.algs.hash, 0, sizeof(r->sys.host.rcfg.algs.hash));
	r->sys.host.rcfg.algs.hash[0] = TEEIO_HASH_SHA256;
	CHECK_OK(attack_rig_connect(r));
	CHECK_OK(attack_rig_bind(r));
	/* The TVM demands SPDM 1.3 and SHA-384. */
	r->pol.spdm_min_version = TEEIO_SPDM_V13;
	r->pol.allow_hash = 1u << TEEIO_HASH_SHA384;
	CHECK_ERR(attack_rig_accept(r), TEEIO_ERR_USAGE_CONFIG);
	CHECK(!r->flow.verdict.accept);
	CHECK_EQ(r->flow.ev.spdm.version, TEEIO_SPDM_V12);
	CHECK_EQ(r->flow.ev.spdm.hash, TEEIO_HASH_SHA256);
	CHECK(teeio_guest_verdict_has(&r->flow.verdict, TEEIO_GUEST_SPDM_VERSION));
	CHECK(teeio_guest_verdict_has(&r->flow.verdict, TEEIO_GUEST_SPDM_ALG));
	CHECK(!teeio_guest_verdict_has(&r->flow.verdict, TEEIO_GUEST_SPDM_UNREPORTED));
	CHECK_EQ(r->flow.state, TEEIO_GUEST_TDI_REJECTED);
	/* No START: the TDI stays locked and its DMA is refused. */
	CHECK_EQ(attack_tsm_tdi_state(r), TEEIO_TSM_TDI_BOUND);
	CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_CONFIG_LOCKED);
	uint8_t w[16] = {0};
	CHECK_ERR(
	    teeio_dsm_dma(&r->sys.host.dev, 0, true, attack_priv(r, ATTACK_DMA_GPA), w, sizeof(w)),
	    TEEIO_ERR_STATE);
	CHECK_SAFE(r);
	attack_rig_free(r);
}

int main(void)
{
	RUN(impostor_chain_never_gets_a_session);
	RUN(other_firmware_is_never_accepted);
	RUN(version_or_algorithm_downgrade_never_connects);
	RUN(connection_below_the_tvm_floor_is_never_accepted);
	return test_summary();
}
