/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The VMM relays every DOE object between the TSM and the device: during
 * connect (SPDM in the clear, then secured IDE_KM key programming) and
 * during a key refresh while the TDI runs.  Dropping one, or playing an
 * earlier one back in place of a later one, must fail the step it belongs
 * to (timeout, SPDM transcript/signature, DSP0277 sequence number) and
 * never leave a Secure stream keyed by anything but the TSM, nor a running
 * TDI on keys the TSM did not program.  (Flipping bits of connect
 * responses is tsm_lifecycle's
 * vmm_tampering_with_connect_leaves_error_then_recovers.)
 */
#include <string.h>

#include "support/attack.h"
#include "test.h"

enum act { DROP, FLIP, REPLAY };

/* Acts on the `nth` object of `type` going `dir`; REPLAY records the
 * `rec`-th one first and puts it in place of the nth. */
struct doe_attack {
	enum act act;
	enum teeio_plat_dir dir;
	uint8_t type; /* TEEIO_DOE_TYPE_SPDM or _SECURED_SPDM */
	unsigned rec, nth, seen;
	bool hit;
	uint8_t saved[TEEIO_PLAT_RELAY_MAX];
	size_t saved_len;
};

static enum teeio_plat_verdict doe_hook(void *ctx, struct teeio_plat_vmm_view *vmm, unsigned dev,
					enum teeio_plat_dir dir, uint8_t *msg, size_t *len,
					size_t cap)
{
	struct doe_attack *a = ctx;

	(void)vmm;
	(void)dev;
	/* DOE header (PCIe 6.30.1): Data Object Type in byte 2. */
	if (dir != a->dir || *len < TEEIO_DOE_HDR_LEN || msg[2] != a->type)
		return TEEIO_PLAT_PASS;
	a->seen++;
	if (a->act == REPLAY && a->seen == a->rec) {
		memcpy(a->saved, msg, *len);
		a->saved_len = *len;
	}
	if (a->seen != a->nth)
		return TEEIO_PLAT_PASS;
	a->hit = true;
	switch (a->act) {
	case DROP: return TEEIO_PLAT_DROP;
	case FLIP: msg[*len - 1] ^= 0x01; return TEEIO_PLAT_MODIFIED;
	case REPLAY:
		if (a->saved_len == 0 || a->saved_len > cap)
			return TEEIO_PLAT_PASS;
		memcpy(msg, a->saved, a->saved_len);
		*len = a->saved_len;
		return TEEIO_PLAT_MODIFIED;
	}
	return TEEIO_PLAT_PASS;
}

struct doe_case {
	const char *name;
	enum act act;
	enum teeio_plat_dir dir;
	uint8_t type;
	unsigned rec, nth;
	teeio_err want; /* connect's error; TEEIO_OK: any error */
};

/* Secured object 1 each way is FINISH; IDE_KM QUERY is 2, KEY_PROGs follow. */
static const struct doe_case connect_cases[] = {
    {"drop GET_VERSION", DROP, TEEIO_PLAT_REQUEST, TEEIO_DOE_TYPE_SPDM, 0, 1,
     TEEIO_ERR_TRANSPORT_TIMEOUT},
    {"drop CERTIFICATE", DROP, TEEIO_PLAT_RESPONSE, TEEIO_DOE_TYPE_SPDM, 0, 5,
     TEEIO_ERR_TRANSPORT_TIMEOUT},
    {"drop an IDE_KM KEY_PROG", DROP, TEEIO_PLAT_REQUEST, TEEIO_DOE_TYPE_SECURED_SPDM, 0, 3,
     TEEIO_ERR_TRANSPORT_TIMEOUT},
    {"VERSION again as CAPABILITIES", REPLAY, TEEIO_PLAT_RESPONSE, TEEIO_DOE_TYPE_SPDM, 1, 2,
     TEEIO_OK},
    {"an earlier CERTIFICATE portion again", REPLAY, TEEIO_PLAT_RESPONSE, TEEIO_DOE_TYPE_SPDM, 5, 6,
     TEEIO_OK},
    {"QUERY_RESP again as KP_ACK", REPLAY, TEEIO_PLAT_RESPONSE, TEEIO_DOE_TYPE_SECURED_SPDM, 2, 3,
     TEEIO_OK},
    {"KEY_PROG request replayed", REPLAY, TEEIO_PLAT_REQUEST, TEEIO_DOE_TYPE_SECURED_SPDM, 3, 4,
     TEEIO_OK},
};

/* Load a case into the relay hook's state. */
static void arm(struct doe_attack *a, const struct doe_case *c)
{
	memset(a, 0, sizeof(*a));
	a->act = c->act;
	a->dir = c->dir;
	a->type = c->type;
	a->rec = c->rec;
	a->nth = c->nth;
}

TEST(drop_or_replay_during_connect_never_connects)
{
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(connect_cases); i++) {
		const struct doe_case *c = &connect_cases[i];
		struct attack_rig *r = attack_rig_new(ATTACK_IDLE);
		struct doe_attack a;
		struct teeio_plat_vmm_hooks h = {.doe = doe_hook, .ctx = &a};
		struct teeio_tsm_dev_info di;

		CHECK(r != NULL);
		if (!r)
			return;
		arm(&a, c);
		teeio_plat_vmm_set_hooks(&r->sys.vmm, &h);
		teeio_err rc = attack_rig_connect(r);
		teeio_plat_vmm_set_hooks(&r->sys.vmm, NULL);
		if (rc == TEEIO_OK || (c->want != TEEIO_OK && rc != c->want))
			fprintf(stderr, "  %s: %s\n", c->name, teeio_err_str(rc));
		CHECK(a.hit);
		CHECK(rc != TEEIO_OK);
		if (c->want != TEEIO_OK)
			CHECK_ERR(rc, c->want);
		CHECK_OK(teeio_tsm_info(&r->sys.tsm, r->sys.dev, &di));
		CHECK_EQ(di.state, TEEIO_TSM_DEV_ERROR);
		CHECK(teeio_ide_stream_state(&r->sys.rp_stream) != TEEIO_IDE_SECURE);
		CHECK_ERR(attack_rig_bind(r), TEEIO_ERR_STATE);
		/* Nothing the device holds moved: every TDI unlocked. */
		CHECK_EQ(attack_dev_tdi_state(r), TEEIO_TDISP_CONFIG_UNLOCKED);
		/* An honest relay recovers (disconnect, connect). */
		CHECK(teeio_tsm_disconnect(&r->sys.tsm, r->sys.dev) != TEEIO_ERR_STATE);
		CHECK_OK(attack_rig_connect(r));
		CHECK_SAFE(r);
		attack_rig_free(r);
	}
}

/* During a key refresh in RUN: the IDE_KM exchanges of the new key set. */
static const struct doe_case refresh_cases[] = {
    {"flip a KP_ACK", FLIP, TEEIO_PLAT_RESPONSE, TEEIO_DOE_TYPE_SECURED_SPDM, 0, 3, TEEIO_OK},
    {"drop a KEY_PROG", DROP, TEEIO_PLAT_REQUEST, TEEIO_DOE_TYPE_SECURED_SPDM, 0, 3,
     TEEIO_ERR_TRANSPORT_TIMEOUT},
    {"an earlier KP_ACK again", REPLAY, TEEIO_PLAT_RESPONSE, TEEIO_DOE_TYPE_SECURED_SPDM, 3, 4,
     TEEIO_OK},
    {"a KEY_PROG request replayed", REPLAY, TEEIO_PLAT_REQUEST, TEEIO_DOE_TYPE_SECURED_SPDM, 3, 4,
     TEEIO_OK},
};

TEST(attacks_on_ide_km_during_key_refresh_never_switch_keys)
{
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(refresh_cases); i++) {
		const struct doe_case *c = &refresh_cases[i];
		struct attack_rig *r = attack_rig_new(ATTACK_RUN);
		struct doe_attack a;
		struct teeio_plat_vmm_hooks h = {.doe = doe_hook, .ctx = &a};
		struct teeio_tsm_dev_info di;
		uint8_t w[32];

		CHECK(r != NULL);
		if (!r)
			return;
		arm(&a, c);
		teeio_plat_vmm_set_hooks(&r->sys.vmm, &h);
		teeio_err rc = teeio_tsm_key_refresh(&r->sys.tsm, r->sys.dev);
		teeio_plat_vmm_set_hooks(&r->sys.vmm, NULL);
		if (rc == TEEIO_OK || (c->want != TEEIO_OK && rc != c->want))
			fprintf(stderr, "  %s: %s\n", c->name, teeio_err_str(rc));
		CHECK(a.hit);
		CHECK(rc != TEEIO_OK);
		if (c->want != TEEIO_OK)
			CHECK_ERR(rc, c->want);
		CHECK_OK(teeio_tsm_info(&r->sys.tsm, r->sys.dev, &di));
		CHECK_EQ(di.state, TEEIO_TSM_DEV_ERROR);
		CHECK_EQ(di.key_refreshes, 0);
		CHECK_EQ(attack_tsm_tdi_state(r), TEEIO_TSM_TDI_ERROR);
		/* The TSM quiesced the TDI as it entered ERROR: whatever the
		 * device still believes (it may run on the old key set when
		 * the session died before STOP_INTERFACE), its next T=1 DMA
		 * into its own window is refused and lands nowhere. */
		CHECK_ERR(teeio_plat_tsm_unbind(&r->sys.tsm_view, r->sys.tsm.tdi[r->tdi].rid),
			  TEEIO_ERR_USAGE_NOT_FOUND);
		uint8_t before[sizeof(w)], after[sizeof(w)];
		CHECK_EQ(teeio_plat_guest_read(&r->g, attack_priv(r, ATTACK_DMA_GPA), before,
					       sizeof(before)),
			 TEEIO_PLAT_OK);
		uint64_t nb = attack_faults(r, TEEIO_PLAT_FAULT_NOT_BOUND);
		bool running = attack_dev_tdi_state(r) == TEEIO_TDISP_RUN;
		memset(w, 0x44, sizeof(w));
		teeio_err d = teeio_dsm_dma(&r->sys.host.dev, 0, true,
					    attack_priv(r, ATTACK_DMA_GPA), w, sizeof(w));
		if (running) /* T=1 issued, posted: the root port refuses it */
			CHECK_EQ(attack_faults(r, TEEIO_PLAT_FAULT_NOT_BOUND), nb + 1);
		else /* the device itself refuses T=1 DMA outside RUN */
			CHECK_ERR(d, TEEIO_ERR_STATE);
		CHECK_EQ(teeio_plat_guest_read(&r->g, attack_priv(r, ATTACK_DMA_GPA), after,
					       sizeof(after)),
			 TEEIO_PLAT_OK);
		CHECK_MEM(after, before, sizeof(before)); /* nothing landed */
		CHECK(memcmp(after, w, sizeof(w)) != 0);
		CHECK_SAFE(r);
		attack_rig_free(r);
	}
}

int main(void)
{
	RUN(drop_or_replay_during_connect_never_connects);
	RUN(attacks_on_ide_km_during_key_refresh_never_switch_keys);
	return test_summary();
}
