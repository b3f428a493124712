/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared set-up of the attack catalog (tests/scenario/attack_*.c): the
 * emulated system with the default device, one TVM whose private RAM holds
 * a canary, and the default device's PF bound to that TVM and brought as
 * far as the attack needs (idle, connected, bound, RUN through the guest
 * flow).  Then one check every attack ends with: the canary is intact,
 * every private page still belongs to its owner and the VMM cannot read
 * it, and nothing the attacker saw carries canary bytes.
 *
 * Private RAM of the TVM (canonical GPA ATTACK_RAM_GPA):
 *
 *   pages 0 .. ATTACK_CANARY_PAGES-1   the canary: never legitimately
 *                                      touched by anyone but the TVM
 *   the rest                           the TDI's DMA window (bind params)
 *
 * Canary bytes come in 16-byte blocks: an 8-byte magic, then the block
 * number and its complement.  Any copy of canary data in clear carries the
 * magic, which is what attack_check_no_leak looks for.
 */
#ifndef TEEIO_TEST_SUPPORT_ATTACK_H
#define TEEIO_TEST_SUPPORT_ATTACK_H

#include "teeio/guest.h"
#include "teeio/tsm.h"

#define ATTACK_RAM_GPA UINT64_C(0x100000) /* canonical */
#define ATTACK_RAM_PAGES 16
#define ATTACK_CANARY_PAGES 8
#define ATTACK_DMA_GPA (ATTACK_RAM_GPA + ATTACK_CANARY_PAGES * TEEIO_PLAT_PAGE_SIZE)
#define ATTACK_DMA_PAGES (ATTACK_RAM_PAGES - ATTACK_CANARY_PAGES)
#define ATTACK_MMIO_GPA UINT64_C(0x10000000) /* the TDI's private MMIO */
#define ATTACK_REPORT_OFFSET UINT64_C(0x1000000000) /* MMIO reporting offset */
#define ATTACK_MAGIC_LEN 8

/* How far attack_rig_new brings the system. */
enum attack_stage {
	ATTACK_IDLE = 0, /* device added, TVM with canary; not connected */
	ATTACK_CONNECTED, /* SPDM session, IDE stream Secure */
	ATTACK_BOUND, /* PF CONFIG_LOCKED, bound to the TVM */
	ATTACK_RUN, /* the guest verified, validated and accepted: RUN */
};

struct attack_rig {
	struct teeio_tsm_sys sys;
	unsigned tvm, tdi;
	uint64_t ram_hpa; /* HPA of the first private RAM page */
	struct teeio_plat_guest_view g;
	struct teeio_tsm_gchan chan; /* the TVM's end */
	struct teeio_guest_policy pol;
	struct teeio_guest_tdi flow; /* the guest flow for the PF */
	uint16_t lock_flags; /* attack_rig_bind's LOCK_INTERFACE flags
			      * (0: TEEIO_TDISP_LOCK_NO_FW_UPDATE) */
};

/* Canary bytes for [off, off + len) of the canary region. */
void attack_canary_bytes(uint64_t off, uint8_t *out, size_t len);

/*
 * A system brought to `stage` with profile `prof` (NULL: default).  NULL
 * on failure (the reason printed).  Steps beyond ATTACK_IDLE run with an
 * honest VMM; the caller installs its hooks afterwards.
 */
struct attack_rig *attack_rig_new_prof(enum attack_stage stage,
				       const struct teeio_dsm_profile *prof);
/* attack_rig_new_prof with the default profile. */
struct attack_rig *attack_rig_new(enum attack_stage stage);
void attack_rig_free(struct attack_rig *r);

/* Connect, bind the PF and run the guest flow: the stages after IDLE. */
teeio_err attack_rig_connect(struct attack_rig *r);
teeio_err attack_rig_bind(struct attack_rig *r);
teeio_err attack_rig_accept(struct attack_rig *r);

/* The private GPA (shared bit as the flavour wants) of canonical `gpa`. */
uint64_t attack_priv(const struct attack_rig *r, uint64_t gpa);
/* The TSM's and the device's view of the PF's TDI. */
enum teeio_tsm_tdi_state attack_tsm_tdi_state(const struct attack_rig *r);
enum teeio_tdisp_state attack_dev_tdi_state(const struct attack_rig *r);
/* Faults of kind f counted so far. */
uint64_t attack_faults(const struct attack_rig *r, enum teeio_plat_fault f);

/*
 * The end-of-attack check: the canary reads back intact through the TVM,
 * every private RAM page is still PRIVATE, the TVM's, at its GPA, and a
 * VMM read of each faults PRIVATE_FROM_SHARED.  Reports each violation
 * against file:line through the test harness; true when all held.
 */
bool attack_check_safe(struct attack_rig *r, const char *file, int line);
#define CHECK_SAFE(r) attack_check_safe((r), __FILE__, __LINE__)

/* True when buf[len] carries no canary bytes in clear (a leak is a test failure). */
bool attack_check_no_leak(const void *buf, size_t len, const char *file, int line);
#define CHECK_NO_LEAK(buf, len) attack_check_no_leak((buf), (len), __FILE__, __LINE__)

#endif
