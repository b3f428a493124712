/* SPDX-License-Identifier: BSD-3-Clause */
/* A real teeio DSM device behind the platform's root port, over an IDE
 * link: config space through the VMM (ECAM offsets), MMIO into its BARs,
 * its DMA engine through the IOMMU. */
#include <stdlib.h>

#include "support/dsm.h"
#include "support/ide.h"
#include "support/platform.h"
#include "test.h"

#define PG TEEIO_PLAT_PAGE_SIZE
#define MMIO_BASE 0x80000000ull
#define MMIO_SIZE 0x40000000ull

struct dsm_fix {
	struct plat_test t;
	struct teeio_dsm_profile prof;
	struct teeio_dsm_dev dev;
	struct teeio_plat_dsm_ep ep;
	struct teeio_ide_stream rp_stream, ep_stream;
	struct teeio_ide_port rp_port, ep_port;
	struct teeio_link link;
	unsigned d, tvm;
	uint64_t host_hpa, priv_hpa;
};

static bool stream_secure(void *ctx, uint8_t id)
{
	struct dsm_fix *f = ctx;
	return id == PLAT_TEST_STREAM && teeio_ide_stream_state(&f->ep_stream) == TEEIO_IDE_SECURE;
}

static struct dsm_fix *setup(void)
{
	struct dsm_fix *f = calloc(1, sizeof(*f));
	struct teeio_ide_config c = {.type = TEEIO_IDE_SELECTIVE,
				     .stream_id = PLAT_TEST_STREAM,
				     .default_stream = true,
				     .rid_limit = 0xffff};
	struct teeio_dsm_cap_hooks caps = {.ide_secure = stream_secure, .ctx = f};
	if (!f || plat_test_init(&f->t, TEEIO_PLAT_FLAVOUR_TDX) != TEEIO_OK ||
	    ide_test_pair_up(&f->rp_stream, &f->ep_stream, &c) != TEEIO_OK)
		abort();
	teeio_ide_port_init(&f->rp_port);
	teeio_ide_port_init(&f->ep_port);
	if (teeio_ide_port_add(&f->rp_port, &f->rp_stream) != TEEIO_OK ||
	    teeio_ide_port_add(&f->ep_port, &f->ep_stream) != TEEIO_OK)
		abort();
	teeio_link_init(&f->link, &f->rp_port, &f->ep_port);
	struct teeio_dsm_dma_ops dma = teeio_plat_dsm_ep_dma(&f->ep);
	if (teeio_dsm_profile_default(&f->prof) != TEEIO_OK ||
	    teeio_dsm_dev_init(&f->dev, &f->prof, teeio_crypto_openssl(), &caps, &dma, NULL) !=
		TEEIO_OK)
		abort();
	teeio_plat_dsm_ep_init(&f->ep, &f->dev, &f->link);
	teeio_dsm_enumerate(&f->dev, MMIO_BASE);
	struct teeio_plat_dev_cfg dc = {0};
	dc.rid = teeio_dsm_fn_rid(&f->dev, 0);
	dc.n_rids = f->dev.n_funcs;
	dc.cfg = teeio_plat_dsm_ep_cfg(&f->ep);
	dc.link = &f->link;
	dc.win[0].base = MMIO_BASE;
	dc.win[0].size = MMIO_SIZE;
	dc.n_win = 1;
	if (teeio_plat_vmm_attach(&f->t.vmm, &dc, &f->d) != TEEIO_OK ||
	    teeio_plat_tsm_tvm_create(&f->t.tsm, &f->tvm) != TEEIO_OK ||
	    teeio_plat_vmm_page_alloc(&f->t.vmm, 2, &f->host_hpa) != TEEIO_OK ||
	    teeio_plat_vmm_page_alloc(&f->t.vmm, 1, &f->priv_hpa) != TEEIO_OK ||
	    teeio_plat_vmm_iommu_map(&f->t.vmm, f->d, 0x100000, f->host_hpa, 2, true) != TEEIO_OK ||
	    teeio_plat_tsm_map_private(&f->t.tsm, f->tvm, 0x10000, f->priv_hpa, 1, true) !=
		TEEIO_OK)
		abort();
	return f;
}

static void teardown(struct dsm_fix *f)
{
	teeio_ide_stream_fini(&f->rp_stream);
	teeio_ide_stream_fini(&f->ep_stream);
	free(f);
}

static uint64_t msix_table(const struct dsm_fix *f)
{
	const struct teeio_dsm_msix_prof *m = &f->dev.fn[0].prof->msix;
	uint64_t base = 0;
	if (!teeio_dsm_bar_base(&f->dev, 0, m->table_bar, &base))
		abort();
	return base + m->table_offset;
}

TEST(config_space_through_the_vmm)
{
	struct dsm_fix *f = setup();
	uint32_t v = 0;
	CHECK_OK(teeio_plat_vmm_cfg_read(&f->t.vmm, f->d, 0x00, &v));
	CHECK_EQ(v, teeio_dsm_cfg_read(&f->dev, 0, 0x00, 4));
	CHECK_EQ(v & 0xffff, f->prof.vendor_id);
	if (f->dev.n_funcs > 1) {
		/* VF 1 sits one routing ID up: ECAM offset 1 << 12. */
		CHECK_OK(teeio_plat_vmm_cfg_read(&f->t.vmm, f->d, 1u << 12, &v));
		CHECK_EQ(v, teeio_dsm_cfg_read(&f->dev, 1, 0x00, 4));
	}
	/* Beyond the device's functions, or not a DWORD: all ones. */
	CHECK_OK(teeio_plat_vmm_cfg_read(&f->t.vmm, f->d, 0xfffu << 12, &v));
	CHECK_EQ(v, 0xffffffffu);
	CHECK_OK(teeio_plat_vmm_cfg_read(&f->t.vmm, f->d, 0x02, &v));
	CHECK_EQ(v, 0xffffffffu);
	/* A config write reaches the device (Command register: clear BME). */
	CHECK_OK(teeio_plat_tsm_cfg_write(&f->t.tsm, f->d, 0x04, 0x0002));
	CHECK_EQ(teeio_dsm_cfg_read(&f->dev, 0, 0x04, 2) & 0x4, 0);
	teardown(f);
}

TEST(shared_mmio_reaches_the_bars)
{
	struct dsm_fix *f = setup();
	uint64_t tab = msix_table(f);
	CHECK_OK(teeio_plat_vmm_map_shared(&f->t.vmm, f->tvm, 0x300000, tab & ~(uint64_t)(PG - 1),
					   1, true));
	struct teeio_plat_guest_view g = teeio_plat_guest(&f->t.p, f->tvm);
	uint64_t gpa = teeio_plat_gpa(&f->t.p, 0x300000 + (tab & (PG - 1)), true);
	const uint8_t data[8] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
	uint8_t back[8] = {0}, direct[8] = {0};
	/* Entry 0: message address (8 bytes), written in one 8-byte store. */
	CHECK_EQ(teeio_plat_guest_write(&g, gpa, data, 8), TEEIO_PLAT_OK);
	CHECK_EQ(teeio_plat_guest_read(&g, gpa, back, 8), TEEIO_PLAT_OK);
	CHECK_MEM(back, data, 8);
	CHECK_OK(teeio_dsm_mmio_read(&f->dev, tab, false, 0, direct, 8, NULL));
	CHECK_MEM(direct, data, 8);
	/* A 2-byte read in the middle of a DWORD. */
	CHECK_EQ(teeio_plat_guest_read(&g, gpa + 5, back, 2), TEEIO_PLAT_OK);
	CHECK_MEM(back, data + 5, 2);
	teardown(f);
}

TEST(private_mmio_carries_t1_to_the_device)
{
	struct dsm_fix *f = setup();
	uint64_t tab = msix_table(f) & ~(uint64_t)(PG - 1);
	struct teeio_plat_binding b = {.rid = teeio_dsm_fn_rid(&f->dev, 0),
				       .stream_id = PLAT_TEST_STREAM,
				       .tvm = (uint8_t)f->tvm,
				       .dma_base = 0x10000,
				       .dma_limit = 0x10fff,
				       .n_mmio = 1};
	b.mmio[0].base = tab;
	b.mmio[0].size = PG;
	CHECK_OK(teeio_plat_tsm_bind(&f->t.tsm, &b));
	CHECK_OK(teeio_plat_tsm_mmio_map(&f->t.tsm, f->tvm, 0x400000, tab, 1));
	struct teeio_plat_guest_view g = teeio_plat_guest(&f->t.p, f->tvm);
	CHECK_EQ(teeio_plat_guest_validate_mmio(&g, 0x400000, tab), TEEIO_PLAT_OK);
	uint8_t x[4];
	/* The TDI is not in RUN: the device refuses a T=1 request (UR). */
	CHECK_EQ(teeio_plat_guest_read(&g, 0x400000, x, 4), TEEIO_PLAT_FAULT_DEVICE_ERROR);
	CHECK_EQ(f->ep.mmio_ur, 1);
	teardown(f);
}

TEST(device_dma_through_the_iommu)
{
	struct dsm_fix *f = setup();
	uint8_t data[96], back[96];
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i + 1);
	/* Unaligned start, T=0 (TDI unlocked): into the VMM's pages. */
	CHECK_OK(teeio_dsm_dma(&f->dev, 0, true, 0x100ffe, data, sizeof(data)));
	CHECK_MEM(f->t.arena + (f->host_hpa - f->t.p.cfg.hpa_base) + 0xffe, data, sizeof(data));
	CHECK_OK(teeio_dsm_dma(&f->dev, 0, false, 0x100ffe, back, sizeof(back)));
	CHECK_MEM(back, data, sizeof(data));
	/* Unmapped IOVA: the root port answers UR. */
	CHECK_ERR(teeio_dsm_dma(&f->dev, 0, false, 0x200000, back, 8), TEEIO_ERR_PROTO_PEER_ERROR);
	/* The VMM aims an IOVA at private memory: the posted write is dropped. */
	CHECK_OK(teeio_plat_vmm_iommu_map(&f->t.vmm, f->d, 0x300000, f->priv_hpa, 1, true));
	CHECK_OK(teeio_dsm_dma(&f->dev, 0, true, 0x300000, data, 16));
	CHECK(teeio_ct_is_zero(f->t.arena + (f->priv_hpa - f->t.p.cfg.hpa_base), 16));
	CHECK_EQ(teeio_plat_faults(&f->t.p)->last, TEEIO_PLAT_FAULT_T0_TO_PRIVATE);
	CHECK_EQ(teeio_plat_faults(&f->t.p)->last_rid, teeio_dsm_fn_rid(&f->dev, 0));
	teardown(f);
}

/* The link attacker: swaps the (encrypted, T=1) completion going down
 * for a forged one in the clear with the same header. */
static enum teeio_link_verdict forge_cpl(void *ctx, enum teeio_link_dir dir, uint8_t *wire,
					 size_t *len, size_t cap)
{
	struct teeio_link *link = ctx;
	struct teeio_tlp t;
	(void)cap;
	if (dir != TEEIO_LINK_DOWN || teeio_tlp_decode(wire, *len, &t, NULL) != TEEIO_OK ||
	    t.type != TEEIO_TLP_CPLD || !t.has_ide)
		return TEEIO_LINK_PASS;
	uint8_t junk[TEEIO_TLP_PAYLOAD_MAX], out[TEEIO_TLP_WIRE_MAX];
	size_t n = 0;
	memset(junk, 0xee, sizeof(junk));
	t.has_ide = false;
	memset(&t.ide, 0, sizeof(t.ide));
	t.payload = junk;
	if (teeio_tlp_encode(&t, out, sizeof(out), &n) != TEEIO_OK ||
	    teeio_link_inject(link, TEEIO_LINK_DOWN, out, n) != TEEIO_OK)
		abort();
	return TEEIO_LINK_DROP;
}

TEST(t1_dma_from_the_device_glue)
{
	struct dsm_fix *f = setup();
	uint16_t rid = teeio_dsm_fn_rid(&f->dev, 0);
	struct teeio_plat_binding b = {.rid = rid,
				       .stream_id = PLAT_TEST_STREAM,
				       .tvm = (uint8_t)f->tvm,
				       .dma_base = 0x10000,
				       .dma_limit = 0x10fff};
	CHECK_OK(teeio_plat_tsm_bind(&f->t.tsm, &b));
	CHECK_OK(teeio_plat_tsm_dma_enable(&f->t.tsm, rid));
	/* What the DSM's engine issues once its TDI runs (T=1). */
	struct teeio_dsm_dma_ops ops = teeio_plat_dsm_ep_dma(&f->ep);
	uint8_t data[64], back[64];
	memset(data, 0x6b, sizeof(data));
	struct teeio_dsm_dma_req r = {.rid = rid,
				      .write = true,
				      .t = true,
				      .addr = 0x10010,
				      .data = data,
				      .len = sizeof(data)};
	CHECK_OK(ops.request(ops.ctx, &r));
	CHECK_MEM(f->t.arena + (f->priv_hpa - f->t.p.cfg.hpa_base) + 0x10, data, sizeof(data));
	r.write = false;
	r.data = back;
	CHECK_OK(ops.request(ops.ctx, &r));
	CHECK_MEM(back, data, sizeof(data));
	/* A completion forged in the clear cannot answer the TDI's T=1 read. */
	struct teeio_link_attacker a = {forge_cpl, &f->link};
	teeio_link_set_attacker(&f->link, &a);
	memset(back, 0, sizeof(back));
	CHECK_ERR(ops.request(ops.ctx, &r), TEEIO_ERR_TRANSPORT_TIMEOUT);
	CHECK(teeio_ct_is_zero(back, sizeof(back)));
	teardown(f);
}

/* A hosted DSM (SPDM, IDE_KM, TDISP responders, DOE mailbox) attached to
 * the platform; its requester re-plugged onto the VMM's DOE relay. */
struct relay_fix {
	struct plat_test t;
	struct dsm_rig *rig;
	struct teeio_plat_dsm_ep ep;
	struct teeio_plat_spdm_io io;
	unsigned d;
};

static struct relay_fix *relay_setup(void)
{
	struct relay_fix *f = calloc(1, sizeof(*f));
	if (!f || plat_test_init(&f->t, TEEIO_PLAT_FLAVOUR_SEV) != TEEIO_OK)
		abort();
	f->rig = dsm_rig_new(NULL, NULL);
	if (!f->rig)
		abort();
	teeio_plat_dsm_ep_init(&f->ep, &f->rig->host.dev, NULL);
	struct teeio_plat_dev_cfg dc = {0};
	dc.rid = teeio_dsm_fn_rid(&f->rig->host.dev, 0);
	dc.n_rids = f->rig->host.dev.n_funcs;
	dc.cfg = teeio_plat_dsm_ep_cfg(&f->ep);
	dc.doe_cap_off = TEEIO_DSM_ECAP_DOE;
	if (teeio_plat_vmm_attach(&f->t.vmm, &dc, &f->d) != TEEIO_OK)
		abort();
	teeio_spdm_req_free(&f->rig->req);
	struct teeio_spdm_io io = teeio_plat_spdm_io(&f->io, &f->t.tsm, f->d);
	if (teeio_spdm_req_init(&f->rig->req, &f->rig->qcfg, &io) != TEEIO_OK)
		abort();
	return f;
}

static void relay_teardown(struct relay_fix *f)
{
	dsm_rig_free(f->rig);
	free(f);
}

struct tamper {
	unsigned seen[2];
	unsigned flip_rsp; /* flip a byte of this response (1-based), 0: none */
};

static enum teeio_plat_verdict tamper_doe(void *ctx, struct teeio_plat_vmm_view *vmm, unsigned dev,
					  enum teeio_plat_dir dir, uint8_t *msg, size_t *len,
					  size_t cap)
{
	struct tamper *t = ctx;
	(void)vmm;
	(void)dev;
	(void)cap;
	t->seen[dir]++;
	if (dir == TEEIO_PLAT_RESPONSE && t->seen[dir] == t->flip_rsp && *len > 16) {
		msg[*len - 5] ^= 0x01;
		return TEEIO_PLAT_MODIFIED;
	}
	return TEEIO_PLAT_PASS;
}

TEST(spdm_and_ide_km_over_the_vmm_relay)
{
	struct relay_fix *f = relay_setup();
	struct tamper t = {0};
	struct teeio_plat_vmm_hooks h = {.doe = tamper_doe, .ctx = &t};
	teeio_plat_vmm_set_hooks(&f->t.vmm, &h);
	CHECK_OK(dsm_rig_connect(f->rig));
	CHECK_OK(dsm_rig_key_stream0(f->rig));
	CHECK(f->io.exchanges >= 8);
	/* The VMM saw every object both ways (and could read the plain ones). */
	CHECK_EQ(t.seen[TEEIO_PLAT_REQUEST], f->io.exchanges);
	CHECK_EQ(t.seen[TEEIO_PLAT_RESPONSE], f->io.exchanges);
	relay_teardown(f);
}

static enum teeio_plat_verdict retype_doe(void *ctx, struct teeio_plat_vmm_view *vmm, unsigned dev,
					  enum teeio_plat_dir dir, uint8_t *msg, size_t *len,
					  size_t cap)
{
	(void)ctx;
	(void)vmm;
	(void)dev;
	(void)cap;
	if (dir != TEEIO_PLAT_RESPONSE || *len < TEEIO_DOE_HDR_LEN)
		return TEEIO_PLAT_PASS;
	msg[2] = TEEIO_DOE_TYPE_SECURED_SPDM; /* DW0 byte 2: data object type */
	return TEEIO_PLAT_MODIFIED;
}

TEST(spdm_carrier_checks_the_answer_kind)
{
	struct relay_fix *f = relay_setup();
	struct teeio_spdm_io io = teeio_plat_spdm_io(&f->io, &f->t.tsm, f->d);
	const uint8_t get_version[4] = {0x10, 0x84, 0x00, 0x00};
	uint8_t rsp[256];
	size_t n = 0;
	CHECK_OK(
	    io.exchange(io.ctx, false, get_version, sizeof(get_version), rsp, sizeof(rsp), &n));
	CHECK(n >= 4 && rsp[1] == 0x04); /* VERSION */
	/* A record for a session that does not exist: the device answers a
	 * plain ERROR, which the carrier reports as the peer refusing. */
	uint8_t record[32] = {0xaa, 0xbb, 0xcc, 0xdd, 28, 0};
	CHECK_ERR(io.exchange(io.ctx, true, record, sizeof(record), rsp, sizeof(rsp), &n),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	/* The VMM relabels a plain answer as secured. */
	struct teeio_plat_vmm_hooks h = {.doe = retype_doe};
	teeio_plat_vmm_set_hooks(&f->t.vmm, &h);
	CHECK_ERR(
	    io.exchange(io.ctx, false, get_version, sizeof(get_version), rsp, sizeof(rsp), &n),
	    TEEIO_ERR_PROTO);
	relay_teardown(f);
}

TEST(vmm_tampering_breaks_the_connection)
{
	/* One flipped bit in any of the first responses (version, caps,
	 * algorithms, digests, certificate, challenge, measurements, key
	 * exchange, finish): the requester must not end up connected. */
	for (unsigned n = 1; n <= 8; n++) {
		struct relay_fix *f = relay_setup();
		struct tamper t = {.flip_rsp = n};
		struct teeio_plat_vmm_hooks h = {.doe = tamper_doe, .ctx = &t};
		teeio_plat_vmm_set_hooks(&f->t.vmm, &h);
		teeio_err e = dsm_rig_connect(f->rig);
		if (e == TEEIO_OK)
			test_fail(__FILE__, __LINE__,
				  "connected despite tampering with response %u", n);
		relay_teardown(f);
	}
}

int main(void)
{
	RUN(config_space_through_the_vmm);
	RUN(shared_mmio_reaches_the_bars);
	RUN(private_mmio_carries_t1_to_the_device);
	RUN(device_dma_through_the_iommu);
	RUN(t1_dma_from_the_device_glue);
	RUN(spdm_and_ide_km_over_the_vmm_relay);
	RUN(spdm_carrier_checks_the_answer_kind);
	RUN(vmm_tampering_breaks_the_connection);
	return test_summary();
}
