/* SPDX-License-Identifier: BSD-3-Clause */
/* The untrusted VMM and the root port: private MMIO over the IDE link,
 * pending until validated, remaps; the DOE, guest-host, config, MMIO-map
 * and shared-map relays with a malicious VMM in each seat. */
#include <stdlib.h>

#include "support/platform.h"
#include "test.h"

#define PG TEEIO_PLAT_PAGE_SIZE
#define RID 0x0100
#define BAR 0x80000000ull
#define MMIO_GPA 0x200000ull

struct vm_fix {
	struct plat_test t;
	struct plat_fake_dev dev;
	unsigned d, tvm;
	struct teeio_plat_guest_view g;
};

static struct vm_fix *setup(void)
{
	struct vm_fix *f = calloc(1, sizeof(*f));
	if (!f || plat_test_init(&f->t, TEEIO_PLAT_FLAVOUR_TDX) != TEEIO_OK ||
	    plat_fake_init(&f->dev, RID, BAR, true) != TEEIO_OK)
		abort();
	struct teeio_plat_dev_cfg dc = plat_fake_dev_cfg(&f->dev);
	if (teeio_plat_vmm_attach(&f->t.vmm, &dc, &f->d) != TEEIO_OK ||
	    teeio_plat_tsm_tvm_create(&f->t.tsm, &f->tvm) != TEEIO_OK)
		abort();
	struct teeio_plat_binding b = {.rid = RID,
				       .stream_id = PLAT_TEST_STREAM,
				       .tvm = (uint8_t)f->tvm,
				       .dma_base = 0,
				       .dma_limit = 0xfffff,
				       .n_mmio = 1};
	b.mmio[0].base = BAR;
	b.mmio[0].size = PLAT_TEST_BAR_PAGES * PG;
	if (teeio_plat_tsm_bind(&f->t.tsm, &b) != TEEIO_OK ||
	    teeio_plat_tsm_dma_enable(&f->t.tsm, RID) != TEEIO_OK)
		abort();
	f->g = teeio_plat_guest(&f->t.p, f->tvm);
	for (size_t i = 0; i < sizeof(f->dev.bar); i++)
		f->dev.bar[i] = (uint8_t)(i ^ 0x5a);
	return f;
}

static void teardown(struct vm_fix *f)
{
	plat_fake_fini(&f->dev);
	free(f);
}

/* Map two BAR pages privately at MMIO_GPA and validate them. */
static void map_validated(struct vm_fix *f)
{
	CHECK_OK(teeio_plat_tsm_mmio_map(&f->t.tsm, f->tvm, MMIO_GPA, BAR, 2));
	CHECK_EQ(teeio_plat_guest_validate_mmio(&f->g, MMIO_GPA, BAR), TEEIO_PLAT_OK);
	CHECK_EQ(teeio_plat_guest_validate_mmio(&f->g, MMIO_GPA + PG, BAR + PG), TEEIO_PLAT_OK);
}

/* ---- a configurable malicious VMM ---- */

enum evil_mode { EVIL_NONE, EVIL_MODIFY, EVIL_DROP_REQ, EVIL_DROP_RSP, EVIL_REPLAY };

struct evil {
	enum evil_mode mode;
	int seen[2];
	uint8_t recorded[256];
	size_t recorded_len;
	uint64_t new_hpa, new_gpa; /* map hooks: 0 = leave */
	bool drop_map;
	uint32_t cfg_xor;
	bool cfg_drop;
};

static enum teeio_plat_verdict msg_hook(struct evil *e, enum teeio_plat_dir dir, uint8_t *msg,
					size_t *len, size_t cap)
{
	e->seen[dir]++;
	switch (e->mode) {
	case EVIL_MODIFY:
		if (dir == TEEIO_PLAT_REQUEST && *len > 8) {
			msg[*len - 1] ^= 0xff;
			return TEEIO_PLAT_MODIFIED;
		}
		return TEEIO_PLAT_PASS;
	case EVIL_DROP_REQ: return dir == TEEIO_PLAT_REQUEST ? TEEIO_PLAT_DROP : TEEIO_PLAT_PASS;
	case EVIL_DROP_RSP: return dir == TEEIO_PLAT_RESPONSE ? TEEIO_PLAT_DROP : TEEIO_PLAT_PASS;
	case EVIL_REPLAY:
		if (dir != TEEIO_PLAT_RESPONSE)
			return TEEIO_PLAT_PASS;
		if (!e->recorded_len && *len <= sizeof(e->recorded)) {
			memcpy(e->recorded, msg, *len);
			e->recorded_len = *len;
			return TEEIO_PLAT_PASS;
		}
		if (e->recorded_len > cap)
			return TEEIO_PLAT_PASS;
		memcpy(msg, e->recorded, e->recorded_len);
		*len = e->recorded_len;
		return TEEIO_PLAT_MODIFIED;
	case EVIL_NONE:
	default: return TEEIO_PLAT_PASS;
	}
}

static enum teeio_plat_verdict evil_doe(void *ctx, struct teeio_plat_vmm_view *vmm, unsigned dev,
					enum teeio_plat_dir dir, uint8_t *msg, size_t *len,
					size_t cap)
{
	(void)vmm;
	(void)dev;
	return msg_hook(ctx, dir, msg, len, cap);
}

static enum teeio_plat_verdict evil_guest(void *ctx, struct teeio_plat_vmm_view *vmm, unsigned tvm,
					  enum teeio_plat_dir dir, uint8_t *msg, size_t *len,
					  size_t cap)
{
	(void)vmm;
	(void)tvm;
	return msg_hook(ctx, dir, msg, len, cap);
}

static enum teeio_plat_verdict evil_cfg(void *ctx, struct teeio_plat_vmm_view *vmm, unsigned dev,
					uint32_t off, uint32_t *val)
{
	struct evil *e = ctx;
	(void)vmm;
	(void)dev;
	if (off >= PLAT_TEST_DOE_OFF)
		return TEEIO_PLAT_PASS; /* leave the mailbox alone */
	if (e->cfg_drop)
		return TEEIO_PLAT_DROP;
	*val ^= e->cfg_xor;
	return e->cfg_xor ? TEEIO_PLAT_MODIFIED : TEEIO_PLAT_PASS;
}

static enum teeio_plat_verdict evil_map(void *ctx, struct teeio_plat_vmm_view *vmm, unsigned tvm,
					uint64_t *gpa, uint64_t *hpa, uint32_t *npages)
{
	struct evil *e = ctx;
	(void)vmm;
	(void)tvm;
	(void)npages;
	if (e->drop_map)
		return TEEIO_PLAT_DROP;
	if (e->new_gpa)
		*gpa = e->new_gpa;
	if (e->new_hpa)
		*hpa = e->new_hpa;
	return e->new_gpa || e->new_hpa ? TEEIO_PLAT_MODIFIED : TEEIO_PLAT_PASS;
}

static void install(struct vm_fix *f, struct evil *e)
{
	struct teeio_plat_vmm_hooks h = {evil_doe, evil_guest, evil_cfg, evil_map, evil_map, e};
	teeio_plat_vmm_set_hooks(&f->t.vmm, &h);
}

/* ---- MMIO ---- */

TEST(private_mmio_pending_until_validated)
{
	struct vm_fix *f = setup();
	uint8_t x[8];
	CHECK_OK(teeio_plat_tsm_mmio_map(&f->t.tsm, f->tvm, MMIO_GPA, BAR, 2));
	CHECK_EQ(teeio_plat_guest_read(&f->g, MMIO_GPA, x, 4), TEEIO_PLAT_FAULT_UNVALIDATED);
	CHECK_EQ(f->dev.mmio_reads, 0);
	CHECK_EQ(teeio_plat_guest_validate_mmio(&f->g, MMIO_GPA, BAR + PG),
		 TEEIO_PLAT_FAULT_MISMATCH);
	CHECK_EQ(teeio_plat_guest_accept(&f->g, MMIO_GPA), TEEIO_PLAT_FAULT_MISMATCH);
	CHECK_EQ(teeio_plat_guest_read(&f->g, MMIO_GPA, x, 4), TEEIO_PLAT_FAULT_UNVALIDATED);
	CHECK_EQ(teeio_plat_guest_validate_mmio(&f->g, MMIO_GPA, BAR), TEEIO_PLAT_OK);
	CHECK_EQ(teeio_plat_guest_read(&f->g, MMIO_GPA + 0x10, x, 8), TEEIO_PLAT_OK);
	CHECK_MEM(x, f->dev.bar + 0x10, 8);
	CHECK(f->dev.last_mmio_t); /* sent T=1, over IDE */
	/* The second page is still pending. */
	CHECK_EQ(teeio_plat_guest_read(&f->g, MMIO_GPA + PG, x, 4), TEEIO_PLAT_FAULT_UNVALIDATED);
	teardown(f);
}

TEST(mmio_byte_enables)
{
	struct vm_fix *f = setup();
	map_validated(f);
	uint8_t before[16], w[3] = {0xa1, 0xa2, 0xa3}, r[5];
	memcpy(before, f->dev.bar + 0x20, 16);
	CHECK_EQ(teeio_plat_guest_write(&f->g, MMIO_GPA + 0x26, w, 3), TEEIO_PLAT_OK);
	CHECK_MEM(f->dev.bar + 0x20, before, 6);
	CHECK_MEM(f->dev.bar + 0x26, w, 3);
	CHECK_MEM(f->dev.bar + 0x29, before + 9, 7);
	CHECK_EQ(teeio_plat_guest_read(&f->g, MMIO_GPA + 0x25, r, 5), TEEIO_PLAT_OK);
	CHECK_MEM(r, f->dev.bar + 0x25, 5);
	/* An access may not cross into the next page. */
	CHECK_EQ(teeio_plat_guest_read(&f->g, MMIO_GPA + PG - 2, r, 4),
		 TEEIO_PLAT_FAULT_BAD_ADDRESS);
	teardown(f);
}

TEST(vmm_remap_makes_next_access_fault)
{
	struct vm_fix *f = setup();
	uint8_t x[4];
	map_validated(f);
	CHECK_EQ(teeio_plat_guest_read(&f->g, MMIO_GPA, x, 4), TEEIO_PLAT_OK);
	CHECK_OK(teeio_plat_vmm_mmio_remap(&f->t.vmm, f->tvm, MMIO_GPA, BAR + 2 * PG));
	CHECK_EQ(teeio_plat_guest_read(&f->g, MMIO_GPA, x, 4), TEEIO_PLAT_FAULT_UNVALIDATED);
	CHECK_EQ(teeio_plat_guest_write(&f->g, MMIO_GPA + PG, x, 4), TEEIO_PLAT_FAULT_UNVALIDATED);
	/* The guest checks against its report: the old address no longer matches. */
	CHECK_EQ(teeio_plat_guest_validate_mmio(&f->g, MMIO_GPA, BAR), TEEIO_PLAT_FAULT_MISMATCH);
	/* Outside the TDI's MMIO, the platform refuses the remap outright. */
	CHECK_ERR(teeio_plat_vmm_mmio_remap(&f->t.vmm, f->tvm, MMIO_GPA, BAR + 3 * PG),
		  TEEIO_ERR_STATE);
	CHECK_ERR(teeio_plat_vmm_mmio_remap(&f->t.vmm, f->tvm, MMIO_GPA + PG, BAR),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	teardown(f);
}

TEST(mmio_map_hook_is_caught)
{
	struct vm_fix *f = setup();
	struct evil e = {0};
	install(f, &e);
	/* The VMM installs another page of the TDI than the one asked for. */
	e.new_hpa = BAR + PG;
	CHECK_OK(teeio_plat_tsm_mmio_map(&f->t.tsm, f->tvm, MMIO_GPA, BAR, 1));
	CHECK_EQ(teeio_plat_guest_validate_mmio(&f->g, MMIO_GPA, BAR), TEEIO_PLAT_FAULT_MISMATCH);
	uint8_t x[4];
	CHECK_EQ(teeio_plat_guest_read(&f->g, MMIO_GPA, x, 4), TEEIO_PLAT_FAULT_UNVALIDATED);
	/* Some other device's MMIO, or none: refused. */
	e.new_hpa = 0x90000000ull;
	CHECK_ERR(teeio_plat_tsm_mmio_map(&f->t.tsm, f->tvm, MMIO_GPA + PG, BAR, 1),
		  TEEIO_ERR_STATE);
	e.new_hpa = 0;
	e.drop_map = true;
	CHECK_ERR(teeio_plat_tsm_mmio_map(&f->t.tsm, f->tvm, MMIO_GPA + PG, BAR, 1),
		  TEEIO_ERR_TRANSPORT_TIMEOUT);
	teardown(f);
}

TEST(unbind_revokes_private_mmio)
{
	struct vm_fix *f = setup();
	uint8_t x[4];
	map_validated(f);
	/* The CPU checks TDI ownership at every access, not only at unbind:
	 * with the binding's MMIO gone (as a TSM bug might leave it), the
	 * stale secure entry no longer reaches the device. */
	uint8_t n_mmio = f->t.p.dte[0].b.n_mmio;
	f->t.p.dte[0].b.n_mmio = 0;
	CHECK_EQ(teeio_plat_guest_read(&f->g, MMIO_GPA, x, 4), TEEIO_PLAT_FAULT_WRONG_TVM);
	f->t.p.dte[0].b.n_mmio = n_mmio;
	CHECK_EQ(teeio_plat_guest_read(&f->g, MMIO_GPA, x, 4), TEEIO_PLAT_OK);
	CHECK_OK(teeio_plat_tsm_unbind(&f->t.tsm, RID));
	CHECK_EQ(teeio_plat_guest_read(&f->g, MMIO_GPA, x, 4), TEEIO_PLAT_FAULT_NOT_MAPPED);
	CHECK_ERR(teeio_plat_tsm_mmio_map(&f->t.tsm, f->tvm, MMIO_GPA, BAR, 1), TEEIO_ERR_STATE);
	teardown(f);
}

TEST(shared_mmio_goes_t0)
{
	struct vm_fix *f = setup();
	uint8_t x[4];
	CHECK_OK(teeio_plat_vmm_map_shared(&f->t.vmm, f->tvm, 0x300000, BAR + 3 * PG, 1, true));
	uint64_t gpa = teeio_plat_gpa(&f->t.p, 0x300000, true);
	CHECK_EQ(teeio_plat_guest_read(&f->g, gpa + 4, x, 4), TEEIO_PLAT_OK);
	CHECK_MEM(x, f->dev.bar + 3 * PG + 4, 4);
	CHECK(!f->dev.last_mmio_t);
	teardown(f);
}

static enum teeio_link_verdict drop_up(void *ctx, enum teeio_link_dir dir, uint8_t *wire,
				       size_t *len, size_t cap)
{
	(void)ctx;
	(void)wire;
	(void)len;
	(void)cap;
	return dir == TEEIO_LINK_UP ? TEEIO_LINK_DROP : TEEIO_LINK_PASS;
}

TEST(lost_or_forged_completions_fault)
{
	struct vm_fix *f = setup();
	map_validated(f);
	uint8_t x[4] = {0xde, 0xad, 0xbe, 0xef}, keep[4];
	memcpy(keep, x, 4);
	/* A completion in the clear cannot answer a TEE read. */
	f->dev.answer_in_clear = true;
	CHECK_EQ(teeio_plat_guest_read(&f->g, MMIO_GPA, x, 4), TEEIO_PLAT_FAULT_DEVICE_ERROR);
	CHECK_MEM(x, keep, 4);
	f->dev.answer_in_clear = false;
	CHECK_EQ(teeio_plat_guest_read(&f->g, MMIO_GPA, x, 4), TEEIO_PLAT_OK);
	CHECK_MEM(x, f->dev.bar, 4);
	/* The link drops the completion: the read times out... */
	memcpy(x, keep, 4);
	struct teeio_link_attacker a = {drop_up, NULL};
	teeio_link_set_attacker(&f->dev.link, &a);
	CHECK_EQ(teeio_plat_guest_read(&f->g, MMIO_GPA, x, 4), TEEIO_PLAT_FAULT_DEVICE_ERROR);
	CHECK_MEM(x, keep, 4);
	/* ...and the gap in the stream's counters takes it Insecure at the
	 * next completion: private MMIO stays down. */
	teeio_link_set_attacker(&f->dev.link, NULL);
	CHECK_EQ(teeio_plat_guest_read(&f->g, MMIO_GPA, x, 4), TEEIO_PLAT_FAULT_DEVICE_ERROR);
	CHECK_EQ(teeio_ide_stream_state(&f->dev.rp_stream), TEEIO_IDE_INSECURE);
	CHECK_EQ(teeio_plat_guest_read(&f->g, MMIO_GPA, x, 4), TEEIO_PLAT_FAULT_DEVICE_ERROR);
	CHECK_MEM(x, keep, 4);
	teardown(f);
}

/* ---- relays ---- */

static size_t doe_obj(uint8_t *out, size_t cap, uint8_t tag)
{
	const uint8_t payload[8] = {0x10, tag, 0x84, 0x00, 1, 2, 3, 4};
	struct teeio_buf w = teeio_buf_writer(out, cap);
	if (teeio_doe_encode(&w, TEEIO_DOE_VENDOR_PCISIG, TEEIO_DOE_TYPE_SPDM, payload,
			     sizeof(payload)) != TEEIO_OK)
		abort();
	return w.pos;
}

TEST(doe_relay_and_its_attacks)
{
	struct vm_fix *f = setup();
	struct evil e = {0};
	uint8_t req[64], rsp[64];
	size_t n = doe_obj(req, sizeof(req), 1), rlen = sizeof(rsp);
	/* Honest VMM: the fake device echoes. */
	CHECK_OK(teeio_plat_tsm_doe_exchange(&f->t.tsm, f->d, req, n, rsp, &rlen));
	CHECK_EQ(rlen, n);
	CHECK_MEM(rsp, req, n);
	install(f, &e);
	e.mode = EVIL_MODIFY;
	rlen = sizeof(rsp);
	CHECK_OK(teeio_plat_tsm_doe_exchange(&f->t.tsm, f->d, req, n, rsp, &rlen));
	CHECK_EQ(rsp[n - 1], req[n - 1] ^ 0xff); /* the device got the altered object */
	CHECK_EQ(e.seen[TEEIO_PLAT_REQUEST], 1);
	CHECK_EQ(e.seen[TEEIO_PLAT_RESPONSE], 1);
	e.mode = EVIL_DROP_REQ;
	rlen = sizeof(rsp);
	CHECK_ERR(teeio_plat_tsm_doe_exchange(&f->t.tsm, f->d, req, n, rsp, &rlen),
		  TEEIO_ERR_TRANSPORT_TIMEOUT);
	e.mode = EVIL_DROP_RSP;
	rlen = sizeof(rsp);
	CHECK_ERR(teeio_plat_tsm_doe_exchange(&f->t.tsm, f->d, req, n, rsp, &rlen),
		  TEEIO_ERR_TRANSPORT_TIMEOUT);
	/* Replay: the second exchange gets the first one's answer. */
	e.mode = EVIL_REPLAY;
	rlen = sizeof(rsp);
	CHECK_OK(teeio_plat_tsm_doe_exchange(&f->t.tsm, f->d, req, n, rsp, &rlen));
	uint8_t req2[64];
	size_t n2 = doe_obj(req2, sizeof(req2), 2);
	rlen = sizeof(rsp);
	CHECK_OK(teeio_plat_tsm_doe_exchange(&f->t.tsm, f->d, req2, n2, rsp, &rlen));
	CHECK_MEM(rsp, req, n);
	/* No mailbox, too large. */
	f->t.p.dev[f->d].cfg.doe_cap_off = 0;
	CHECK_ERR(teeio_plat_tsm_doe_exchange(&f->t.tsm, f->d, req, n, rsp, &rlen),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	f->t.p.dev[f->d].cfg.doe_cap_off = PLAT_TEST_DOE_OFF;
	CHECK_ERR(
	    teeio_plat_tsm_doe_exchange(&f->t.tsm, f->d, req, TEEIO_PLAT_RELAY_MAX + 4, rsp, &rlen),
	    TEEIO_ERR_SIZE_LIMIT);
	teardown(f);
}

static teeio_err tsm_echo(void *ctx, unsigned tvm, const uint8_t *req, size_t len,
			  struct teeio_buf *rsp)
{
	int *calls = ctx;
	(*calls)++;
	TRY(teeio_buf_put_u8(rsp, (uint8_t)tvm));
	return teeio_buf_put_bytes(rsp, req, len);
}

TEST(guest_channel_relay_and_its_attacks)
{
	struct vm_fix *f = setup();
	struct evil e = {0};
	int calls = 0;
	const uint8_t req[12] = "get-report!";
	uint8_t rsp[32];
	size_t rlen = sizeof(rsp);
	CHECK_ERR(teeio_plat_guest_request(&f->g, req, sizeof(req), rsp, &rlen), TEEIO_ERR_STATE);
	teeio_plat_tsm_set_guest_handler(&f->t.tsm, tsm_echo, &calls);
	CHECK_OK(teeio_plat_guest_request(&f->g, req, sizeof(req), rsp, &rlen));
	CHECK_EQ(rlen, 1 + sizeof(req));
	CHECK_EQ(rsp[0], f->tvm);
	CHECK_MEM(rsp + 1, req, sizeof(req));
	install(f, &e);
	e.mode = EVIL_MODIFY;
	rlen = sizeof(rsp);
	CHECK_OK(teeio_plat_guest_request(&f->g, req, sizeof(req), rsp, &rlen));
	CHECK_EQ(rsp[sizeof(req)], req[sizeof(req) - 1] ^ 0xff);
	e.mode = EVIL_DROP_REQ;
	rlen = sizeof(rsp);
	CHECK_ERR(teeio_plat_guest_request(&f->g, req, sizeof(req), rsp, &rlen),
		  TEEIO_ERR_TRANSPORT_TIMEOUT);
	CHECK_EQ(calls, 2); /* the dropped one never reached the TSM */
	e.mode = EVIL_DROP_RSP;
	CHECK_ERR(teeio_plat_guest_request(&f->g, req, sizeof(req), rsp, &rlen),
		  TEEIO_ERR_TRANSPORT_TIMEOUT);
	e.mode = EVIL_NONE;
	rlen = 4; /* response does not fit */
	CHECK_ERR(teeio_plat_guest_request(&f->g, req, sizeof(req), rsp, &rlen), TEEIO_ERR_SIZE);
	struct teeio_plat_guest_view nobody = teeio_plat_guest(&f->t.p, 4);
	CHECK_ERR(teeio_plat_guest_request(&nobody, req, sizeof(req), rsp, &rlen),
		  TEEIO_ERR_USAGE_NOT_FOUND);
	teardown(f);
}

TEST(config_writes_through_the_vmm)
{
	struct vm_fix *f = setup();
	struct evil e = {0};
	uint32_t v = 0;
	CHECK_OK(teeio_plat_tsm_cfg_write(&f->t.tsm, f->d, 0x10, 0x1234));
	CHECK_OK(teeio_plat_tsm_cfg_read(&f->t.tsm, f->d, 0x10, &v));
	CHECK_EQ(v, 0x1234);
	install(f, &e);
	e.cfg_xor = 0xff00;
	CHECK_OK(teeio_plat_tsm_cfg_write(&f->t.tsm, f->d, 0x10, 0x1234));
	CHECK_EQ(f->dev.cfg[0x10 / 4], 0x1234 ^ 0xff00);
	e.cfg_drop = true;
	CHECK_OK(teeio_plat_tsm_cfg_write(&f->t.tsm, f->d, 0x14, 0x55));
	CHECK_EQ(f->dev.cfg[0x14 / 4], 0);
	/* The VMM's own writes bypass its hooks (it is the one writing). */
	CHECK_OK(teeio_plat_vmm_cfg_write(&f->t.vmm, f->d, 0x14, 0x66));
	CHECK_OK(teeio_plat_vmm_cfg_read(&f->t.vmm, f->d, 0x14, &v));
	CHECK_EQ(v, 0x66);
	CHECK_ERR(teeio_plat_vmm_cfg_read(&f->t.vmm, 3, 0x14, &v), TEEIO_ERR_USAGE_NOT_FOUND);
	CHECK_ERR(teeio_plat_tsm_cfg_write(&f->t.tsm, 3, 0x14, 1), TEEIO_ERR_USAGE_NOT_FOUND);
	teardown(f);
}

TEST(guest_map_shared_and_a_lying_vmm)
{
	struct vm_fix *f = setup();
	struct evil e = {0};
	uint8_t msg[8] = "shared!", x[8];
	struct teeio_plat_xlate xl;
	uint64_t sgpa = teeio_plat_gpa(&f->t.p, 0x400000, true);
	CHECK_OK(teeio_plat_guest_map_shared(&f->g, 0x400000, 2));
	CHECK_EQ(teeio_plat_guest_write(&f->g, sgpa + PG, msg, 8), TEEIO_PLAT_OK);
	CHECK_EQ(teeio_plat_cpu_translate(&f->t.p, f->tvm, sgpa + PG, false, &xl), TEEIO_PLAT_OK);
	CHECK_EQ(teeio_plat_vmm_read(&f->t.vmm, xl.hpa, x, 8), TEEIO_PLAT_OK);
	CHECK_MEM(x, msg, 8); /* the host sees shared memory */
	/* The VMM backs the next shared range with the guest's private page. */
	uint64_t priv_hpa;
	CHECK_OK(teeio_plat_vmm_page_alloc(&f->t.vmm, 1, &priv_hpa));
	CHECK_OK(teeio_plat_tsm_map_private(&f->t.tsm, f->tvm, 0x10000, priv_hpa, 1, true));
	install(f, &e);
	e.new_hpa = priv_hpa;
	CHECK_OK(teeio_plat_guest_map_shared(&f->g, 0x500000, 1));
	uint64_t evil_gpa = teeio_plat_gpa(&f->t.p, 0x500000, true);
	CHECK_EQ(teeio_plat_guest_write(&f->g, evil_gpa, msg, 8),
		 TEEIO_PLAT_FAULT_PRIVATE_FROM_SHARED);
	/* A refused MapGPA gives its host page back. */
	uint64_t next, again;
	CHECK_OK(teeio_plat_vmm_page_alloc(&f->t.vmm, 1, &next));
	CHECK_OK(teeio_plat_vmm_page_free(&f->t.vmm, next, 1));
	e.new_hpa = 0;
	e.drop_map = true;
	CHECK_ERR(teeio_plat_guest_map_shared(&f->g, 0x600000, 1), TEEIO_ERR_TRANSPORT_TIMEOUT);
	CHECK_OK(teeio_plat_vmm_page_alloc(&f->t.vmm, 1, &again));
	CHECK_EQ(again, next);
	teardown(f);
}

TEST(attach_validates_devices)
{
	struct vm_fix *f = setup();
	struct plat_fake_dev *g = calloc(1, sizeof(*g));
	CHECK_OK(plat_fake_init(g, 0x0200, 0xa0000000ull, false));
	struct teeio_plat_dev_cfg c = plat_fake_dev_cfg(g);
	unsigned d;
	c.rid = RID; /* taken */
	CHECK_ERR(teeio_plat_vmm_attach(&f->t.vmm, &c, &d), TEEIO_ERR_USAGE);
	c = plat_fake_dev_cfg(g);
	c.win[0].base = BAR + PG; /* overlaps the first device */
	CHECK_ERR(teeio_plat_vmm_attach(&f->t.vmm, &c, &d), TEEIO_ERR_USAGE);
	c.win[0].base = f->t.p.cfg.hpa_base; /* overlaps RAM */
	CHECK_ERR(teeio_plat_vmm_attach(&f->t.vmm, &c, &d), TEEIO_ERR_USAGE);
	c = plat_fake_dev_cfg(g);
	c.win[1] = c.win[0];
	c.n_win = 2; /* overlapping its own windows */
	CHECK_ERR(teeio_plat_vmm_attach(&f->t.vmm, &c, &d), TEEIO_ERR_USAGE);
	c = plat_fake_dev_cfg(g);
	c.cfg.read = NULL;
	CHECK_ERR(teeio_plat_vmm_attach(&f->t.vmm, &c, &d), TEEIO_ERR_USAGE);
	c = plat_fake_dev_cfg(g);
	CHECK_OK(teeio_plat_vmm_attach(&f->t.vmm, &c, &d));
	CHECK(d != f->d);
	plat_fake_fini(g);
	free(g);
	teardown(f);
}

int main(void)
{
	RUN(private_mmio_pending_until_validated);
	RUN(mmio_byte_enables);
	RUN(vmm_remap_makes_next_access_fault);
	RUN(mmio_map_hook_is_caught);
	RUN(unbind_revokes_private_mmio);
	RUN(shared_mmio_goes_t0);
	RUN(lost_or_forged_completions_fault);
	RUN(doe_relay_and_its_attacks);
	RUN(guest_channel_relay_and_its_attacks);
	RUN(config_writes_through_the_vmm);
	RUN(guest_map_shared_and_a_lying_vmm);
	RUN(attach_validates_devices);
	return test_summary();
}
