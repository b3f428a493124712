/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The attack catalog's shared rig: see attack.h.
 */
#include "attack.h"

#include <stdlib.h>
#include <string.h>

#include "test.h"

#define PG TEEIO_PLAT_PAGE_SIZE
#define CANARY_LEN (ATTACK_CANARY_PAGES * PG)

static const uint8_t magic[ATTACK_MAGIC_LEN] = {0xC4, 0x9A, 0x7E, 0x11, 'T', 'V', 'M', '!'};

void attack_canary_bytes(uint64_t off, uint8_t *out, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		uint64_t o = off + i;
		uint32_t blk = (uint32_t)(o / 16);
		unsigned at = (unsigned)(o % 16);
		uint32_t w = at < 12 ? blk : ~blk;

		out[i] = at < 8 ? magic[at] : (uint8_t)(w >> (8 * (at % 4)));
	}
}

uint64_t attack_priv(const struct attack_rig *r, uint64_t gpa)
{
	return teeio_plat_gpa(&r->sys.plat, gpa, false);
}

static teeio_err tvm_up(struct attack_rig *r)
{
	uint8_t secret[TEEIO_TSM_TVM_SECRET_LEN];
	uint8_t canary[PG];
	teeio_err rc;

	rc = teeio_tsm_sys_tvm(&r->sys, &r->tvm, secret);
	if (rc == TEEIO_OK)
		rc = teeio_tsm_gchan_init(&r->chan, teeio_crypto_openssl(), false, secret);
	teeio_wipe(secret, sizeof(secret));
	TRY(rc);
	/* Private RAM: the VMM donates pages, the TSM converts them. */
	TRY(teeio_plat_vmm_page_alloc(&r->sys.vmm, ATTACK_RAM_PAGES, &r->ram_hpa));
	TRY(teeio_plat_tsm_map_private(&r->sys.tsm_view, r->tvm, ATTACK_RAM_GPA, r->ram_hpa,
				       ATTACK_RAM_PAGES, true));
	r->g = teeio_plat_guest(&r->sys.plat, r->tvm);
	for (unsigned p = 0; p < ATTACK_CANARY_PAGES; p++) {
		attack_canary_bytes((uint64_t)p * PG, canary, PG);
		ENSURE(teeio_plat_guest_write(&r->g, attack_priv(r, ATTACK_RAM_GPA + p * PG),
					      canary, PG) == TEEIO_PLAT_OK,
		       TEEIO_ERR_INTERNAL);
	}
	/* The TVM's policy: the built-in one, trusting the vendor root. */
	TRY(teeio_guest_policy_default(teeio_crypto_openssl(), &r->pol));
	return teeio_guest_policy_add_root(&r->pol, r->sys.host.chain.certs[0].der,
					   r->sys.host.chain.certs[0].len);
}

teeio_err attack_rig_connect(struct attack_rig *r)
{
	return teeio_tsm_connect(&r->sys.tsm, r->sys.dev);
}

teeio_err attack_rig_bind(struct attack_rig *r)
{
	struct teeio_tsm_bind_params bp;
	struct teeio_guest_flow_config fc;

	memset(&bp, 0, sizeof(bp));
	bp.lock_flags = r->lock_flags ? r->lock_flags : TEEIO_TDISP_LOCK_NO_FW_UPDATE;
	bp.mmio_reporting_offset = ATTACK_REPORT_OFFSET;
	bp.dma_base = ATTACK_DMA_GPA;
	bp.dma_limit = ATTACK_DMA_GPA + ATTACK_DMA_PAGES * PG - 1;
	bp.mmio_gpa = ATTACK_MMIO_GPA;
	TRY(teeio_tsm_bind(&r->sys.tsm, r->sys.dev, teeio_dsm_fn_rid(&r->sys.host.dev, 0), r->tvm,
			   &bp, &r->tdi));
	memset(&fc, 0, sizeof(fc));
	fc.ops = teeio_crypto_openssl();
	fc.pol = &r->pol;
	fc.g = r->g;
	fc.chan = &r->chan;
	fc.function_id = teeio_dsm_fn_id(&r->sys.host.dev, 0);
	return teeio_guest_tdi_init(&r->flow, &fc);
}

teeio_err attack_rig_accept(struct attack_rig *r)
{
	return teeio_guest_tdi_attach(&r->flow);
}

struct attack_rig *attack_rig_new_prof(enum attack_stage stage,
				       const struct teeio_dsm_profile *prof)
{
	struct attack_rig *r = calloc(1, sizeof(*r));
	teeio_err rc;

	if (!r)
		return NULL;
	rc =
	    teeio_tsm_sys_init(&r->sys, teeio_crypto_openssl(), prof, TEEIO_PLAT_FLAVOUR_TDX, NULL);
	if (rc == TEEIO_OK)
		rc = tvm_up(r);
	if (rc == TEEIO_OK && stage >= ATTACK_CONNECTED)
		rc = attack_rig_connect(r);
	if (rc == TEEIO_OK && stage >= ATTACK_BOUND)
		rc = attack_rig_bind(r);
	if (rc == TEEIO_OK && stage >= ATTACK_RUN)
		rc = attack_rig_accept(r);
	if (rc != TEEIO_OK) {
		fprintf(stderr, "attack rig (stage %d): %s\n", (int)stage, teeio_err_str(rc));
		attack_rig_free(r);
		return NULL;
	}
	return r;
}

struct attack_rig *attack_rig_new(enum attack_stage stage)
{
	return attack_rig_new_prof(stage, NULL);
}

void attack_rig_free(struct attack_rig *r)
{
	if (!r)
		return;
	teeio_tsm_gchan_free(&r->chan);
	teeio_tsm_sys_fini(&r->sys);
	teeio_wipe(r, sizeof(*r));
	free(r);
}

enum teeio_tsm_tdi_state attack_tsm_tdi_state(const struct attack_rig *r)
{
	struct teeio_tsm_tdi_info in;

	if (teeio_tsm_tdi_info(&r->sys.tsm, r->tdi, &in) != TEEIO_OK)
		return TEEIO_TSM_TDI_FREE;
	return in.state;
}

enum teeio_tdisp_state attack_dev_tdi_state(const struct attack_rig *r)
{
	return teeio_dsm_tdi_state(&r->sys.host.dev, 0);
}

uint64_t attack_faults(const struct attack_rig *r, enum teeio_plat_fault f)
{
	return teeio_plat_faults(&r->sys.plat)->count[f];
}

bool attack_check_safe(struct attack_rig *r, const char *file, int line)
{
	uint8_t *want = malloc(CANARY_LEN), *got = calloc(1, CANARY_LEN);
	bool ok = true;
	enum teeio_plat_fault f = TEEIO_PLAT_FAULT_BAD_ADDRESS;

	if (want && got) {
		attack_canary_bytes(0, want, CANARY_LEN);
		f = teeio_plat_guest_read(&r->g, attack_priv(r, ATTACK_RAM_GPA), got, CANARY_LEN);
	}
	if (f != TEEIO_PLAT_OK || memcmp(got, want, CANARY_LEN) != 0) {
		test_fail(file, line, "canary not intact (read: %s)", teeio_plat_fault_str(f));
		ok = false;
	}
	for (unsigned p = 0; p < ATTACK_RAM_PAGES; p++) {
		uint64_t hpa = r->ram_hpa + (uint64_t)p * PG;
		struct teeio_plat_page pi;
		uint8_t b;

		if (teeio_plat_page_info(&r->sys.plat, hpa, &pi) != TEEIO_OK ||
		    pi.state != TEEIO_PLAT_PAGE_PRIVATE || pi.tvm != r->tvm ||
		    pi.gpa != ATTACK_RAM_GPA + (uint64_t)p * PG) {
			test_fail(file, line, "private page %u changed owner", p);
			ok = false;
		}
		f = teeio_plat_vmm_read(&r->sys.vmm, hpa, &b, 1);
		if (f != TEEIO_PLAT_FAULT_PRIVATE_FROM_SHARED) {
			test_fail(file, line, "VMM read of private page %u: %s", p,
				  teeio_plat_fault_str(f));
			ok = false;
		}
	}
	free(want);
	free(got);
	return ok;
}

bool attack_check_no_leak(const void *buf, size_t len, const char *file, int line)
{
	const uint8_t *b = buf;

	for (size_t i = 0; i + ATTACK_MAGIC_LEN <= len; i++) {
		if (memcmp(b + i, magic, ATTACK_MAGIC_LEN) == 0) {
			test_fail(file, line, "canary bytes in clear at offset %zu", i);
			return false;
		}
	}
	return true;
}
