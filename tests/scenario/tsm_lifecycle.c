/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The TSM on the emulated platform with the default device, end to end:
 * connect, bind, the guest's get-report / validate / accept over the
 * VMM-relayed channel, T=1 DMA into private memory, key refresh while the
 * device keeps writing, stop, unbind, disconnect; then several VFs of one
 * device bound to several TVMs; then a VMM that tampers with, drops and
 * replays the guest channel.
 */
#include <stdlib.h>
#include <string.h>

#include "teeio/tsm.h"
#include "test.h"

#define PG TEEIO_PLAT_PAGE_SIZE
#define DMA_GPA 0x200000ull /* each TVM's private DMA window (canonical) */
#define DMA_PAGES 4
#define MMIO_GPA 0x80000000ull /* where each TDI's MMIO appears in its TVM */
#define REPORT_OFFSET 0x1000000ull /* MMIO reporting offset asked at LOCK */
#define CMD_MSE_BME 0x0006u /* PCI Command: Memory Space + Bus Master Enable */

struct guest {
	unsigned tvm;
	struct teeio_tsm_gchan chan;
	struct teeio_plat_guest_view view;
	uint8_t body[TEEIO_TSM_GMSG_MAX];
	struct teeio_tsm_grsp rsp;
};

static struct teeio_tsm_sys *sys_new_in(enum teeio_plat_flavour f)
{
	struct teeio_tsm_sys *s = calloc(1, sizeof(*s));
	if (!s || teeio_tsm_sys_init(s, teeio_crypto_openssl(), NULL, f, NULL) != TEEIO_OK)
		abort();
	return s;
}

static struct teeio_tsm_sys *sys_new(void)
{
	return sys_new_in(TEEIO_PLAT_FLAVOUR_TDX);
}

static void sys_free(struct teeio_tsm_sys *s)
{
	teeio_tsm_sys_fini(s);
	free(s);
}

/* A TVM with its channel end and DMA_PAGES private pages at DMA_GPA. */
static struct guest *guest_new(struct teeio_tsm_sys *s)
{
	struct guest *g = calloc(1, sizeof(*g));
	uint8_t secret[TEEIO_TSM_TVM_SECRET_LEN];
	uint64_t hpa = 0;

	if (!g || teeio_tsm_sys_tvm(s, &g->tvm, secret) != TEEIO_OK ||
	    teeio_tsm_gchan_init(&g->chan, teeio_crypto_openssl(), false, secret) != TEEIO_OK ||
	    teeio_plat_vmm_page_alloc(&s->vmm, DMA_PAGES, &hpa) != TEEIO_OK ||
	    teeio_plat_tsm_map_private(&s->tsm_view, g->tvm, DMA_GPA, hpa, DMA_PAGES, true) !=
		TEEIO_OK)
		abort();
	teeio_wipe(secret, sizeof(secret));
	g->view = teeio_plat_guest(&s->plat, g->tvm);
	return g;
}

static void guest_free(struct guest *g)
{
	teeio_tsm_gchan_free(&g->chan);
	free(g);
}

static teeio_err call(struct guest *g, uint8_t type, uint32_t fid, uint8_t flags, uint64_t gpa,
		      uint32_t pages)
{
	struct teeio_tsm_greq q;

	memset(&q, 0, sizeof(q));
	q.type = type;
	q.function_id = fid;
	if (type == TEEIO_TSM_GREQ_GET_REPORT) {
		q.u.get_report_flags = flags;
	} else if (type == TEEIO_TSM_GREQ_VALIDATE_MMIO) {
		q.u.validate.gpa = gpa;
		q.u.validate.pages = pages;
	}
	return teeio_tsm_gchan_call(&g->chan, &g->view, &q, &g->rsp, g->body, sizeof(g->body));
}

static uint32_t fid_of(const struct teeio_tsm_sys *s, uint16_t fn)
{
	return teeio_tdisp_function_id(teeio_dsm_fn_rid(&s->host.dev, fn), 0, false);
}

static void enable_bus_master(struct teeio_tsm_sys *s, uint16_t fn)
{
	if (teeio_plat_vmm_cfg_write(&s->vmm, s->plat_dev, ((uint32_t)fn << 12) | 0x04,
				     CMD_MSE_BME) != TEEIO_OK)
		abort();
}

static teeio_err bind_fn(struct teeio_tsm_sys *s, uint16_t fn, unsigned tvm, unsigned *tdi)
{
	struct teeio_tsm_bind_params p = {
	    .lock_flags = TEEIO_TDISP_LOCK_NO_FW_UPDATE,
	    .mmio_reporting_offset = REPORT_OFFSET,
	    .dma_base = DMA_GPA,
	    .dma_limit = DMA_GPA + DMA_PAGES * PG - 1,
	    .mmio_gpa = MMIO_GPA,
	};
	return teeio_tsm_bind(&s->tsm, s->dev, teeio_dsm_fn_rid(&s->host.dev, fn), tvm, &p, tdi);
}

/* The address a TVM uses for private canonical `gpa`. */
static uint64_t priv(const struct teeio_tsm_sys *s, uint64_t gpa)
{
	return teeio_plat_gpa(&s->plat, gpa, false);
}

/* The guest's part: check the evidence, validate every MMIO page against
 * the report, tell the TSM, accept.  Returns the first failure. */
static teeio_err guest_accept(struct teeio_tsm_sys *s, struct guest *g, uint16_t fn)
{
	uint32_t fid = fid_of(s, fn);
	uint8_t digest[TEEIO_HASH_MAX];
	struct teeio_tdisp_report_view v;

	TRY(call(g, TEEIO_TSM_GREQ_GET_REPORT, fid, TEEIO_TSM_GR_CHAIN, 0, 0));
	ENSURE(g->rsp.status == TEEIO_TSM_GSTATUS_OK, TEEIO_ERR_PROTO_PEER_ERROR);
	ENSURE(g->rsp.tdi_state == TEEIO_TSM_TDI_BOUND, TEEIO_ERR_STATE);
	/* The chain the TSM verified is the one its digest names. */
	TRY(teeio_crypto_openssl()->hash((enum teeio_hash_alg)g->rsp.hash_alg, g->rsp.chain,
					 g->rsp.chain_len, digest));
	ENSURE(teeio_ct_memeq(digest, g->rsp.chain_digest, g->rsp.digest_len), TEEIO_ERR_CRYPTO);
	TRY(teeio_tdisp_report_parse(g->rsp.report, g->rsp.report_len, &v));
	ENSURE(g->rsp.meas_len > 0 && g->rsp.n_mmio > 0, TEEIO_ERR_PROTO);
	ENSURE(g->rsp.meas_hash_alg != TEEIO_HASH_NONE, TEEIO_ERR_PROTO);
	struct teeio_tsm_mmio_map maps[TEEIO_TSM_TDI_MMIO_MAX];
	uint8_t n = g->rsp.n_mmio;
	memcpy(maps, g->rsp.mmio, sizeof(maps));
	for (uint8_t i = 0; i < n; i++) {
		/* The HPA comes from the device's signed-session report. */
		struct teeio_tdisp_mmio_range r;
		teeio_tdisp_report_range(&v, maps[i].range_id, &r);
		ENSURE((r.first_page << 12) - REPORT_OFFSET == maps[i].hpa, TEEIO_ERR_PROTO);
		for (uint32_t pg = 0; pg < maps[i].pages; pg++)
			ENSURE(
			    teeio_plat_guest_validate_mmio(&g->view, priv(s, maps[i].gpa + pg * PG),
							   maps[i].hpa + pg * PG) == TEEIO_PLAT_OK,
			    TEEIO_ERR_CRYPTO_VERIFY);
		TRY(call(g, TEEIO_TSM_GREQ_VALIDATE_MMIO, fid, 0, maps[i].gpa, maps[i].pages));
		ENSURE(g->rsp.status == TEEIO_TSM_GSTATUS_OK, TEEIO_ERR_PROTO_PEER_ERROR);
	}
	TRY(call(g, TEEIO_TSM_GREQ_ACCEPT, fid, 0, 0, 0));
	ENSURE(g->rsp.status == TEEIO_TSM_GSTATUS_OK, TEEIO_ERR_PROTO_PEER_ERROR);
	ENSURE(g->rsp.tdi_state == TEEIO_TSM_TDI_RUN, TEEIO_ERR_STATE);
	return TEEIO_OK;
}

/* Device function fn writes `tag` at DMA_GPA + off; did it land? */
static bool dma_lands(struct teeio_tsm_sys *s, struct guest *g, uint16_t fn, uint32_t off,
		      uint32_t tag)
{
	uint8_t w[8], r[8] = {0};
	memcpy(w, &tag, 4);
	memcpy(w + 4, &tag, 4);
	if (teeio_dsm_dma(&s->host.dev, fn, true, priv(s, DMA_GPA + off), w, sizeof(w)) != TEEIO_OK)
		return false;
	if (teeio_plat_guest_read(&g->view, priv(s, DMA_GPA + off), r, sizeof(r)) != TEEIO_PLAT_OK)
		return false;
	return memcmp(w, r, sizeof(w)) == 0;
}

static enum teeio_ide_state dev_stream_state(struct teeio_tsm_sys *s)
{
	return teeio_ide_stream_state(teeio_ide_port_find(&s->host.port, TEEIO_TSM_SYS_STREAM));
}

/* The VMM's DOE hook during key refresh: at every relayed request the
 * device DMAs into the TVM, so TLPs cross the link between every IDE_KM
 * step of the key-set switch. */
struct traffic {
	struct teeio_tsm_sys *s;
	struct guest *g;
	unsigned writes, landed;
};

static enum teeio_plat_verdict traffic_doe(void *ctx, struct teeio_plat_vmm_view *vmm, unsigned dev,
					   enum teeio_plat_dir dir, uint8_t *msg, size_t *len,
					   size_t cap)
{
	struct traffic *t = ctx;
	(void)vmm;
	(void)dev;
	(void)msg;
	(void)len;
	(void)cap;
	if (dir == TEEIO_PLAT_REQUEST) {
		t->writes++;
		if (dma_lands(t->s, t->g, 0, (t->writes % 64) * 8, 0xA5000000u | t->writes))
			t->landed++;
	}
	return TEEIO_PLAT_PASS;
}

TEST(full_lifecycle_on_one_function)
{
	struct teeio_tsm_sys *s = sys_new();
	struct guest *g = guest_new(s);
	struct teeio_tsm_dev_info di;
	struct teeio_tsm_tdi_info ti;
	unsigned tdi = 99;
	uint32_t fid = fid_of(s, 0);
	uint8_t buf[8];

	/* connect: session, evidence, stream Secure on both ends */
	CHECK_OK(teeio_tsm_connect(&s->tsm, s->dev));
	CHECK_OK(teeio_tsm_info(&s->tsm, s->dev, &di));
	CHECK_EQ(di.state, TEEIO_TSM_DEV_CONNECTED);
	CHECK(di.session_id != 0);
	CHECK(di.ev && di.ev->chain_len > 0 && di.ev->meas_blocks == 8);
	CHECK_EQ(dev_stream_state(s), TEEIO_IDE_SECURE);
	CHECK_EQ(teeio_ide_stream_state(&s->rp_stream), TEEIO_IDE_SECURE);

	/* bind: LOCKED, report held, MMIO pending */
	enable_bus_master(s, 0);
	CHECK_OK(bind_fn(s, 0, g->tvm, &tdi));
	CHECK_OK(teeio_tsm_tdi_info(&s->tsm, tdi, &ti));
	CHECK_EQ(ti.state, TEEIO_TSM_TDI_BOUND);
	CHECK(ti.report_len > 0 && ti.n_mmio >= 2);
	CHECK_EQ(teeio_dsm_tdi_state(&s->host.dev, 0), TEEIO_TDISP_CONFIG_LOCKED);
	/* pending private MMIO faults until validated */
	CHECK_EQ(teeio_plat_guest_read(&g->view, priv(s, MMIO_GPA), buf, 4),
		 TEEIO_PLAT_FAULT_UNVALIDATED);
	/* accept before validating: refused, still BOUND */
	CHECK_OK(call(g, TEEIO_TSM_GREQ_ACCEPT, fid, 0, 0, 0));
	CHECK_EQ(g->rsp.status, TEEIO_TSM_GSTATUS_STATE);
	CHECK_EQ(g->rsp.tdi_state, TEEIO_TSM_TDI_BOUND);
	/* validating a range that is not a mapping: MISMATCH */
	CHECK_OK(call(g, TEEIO_TSM_GREQ_VALIDATE_MMIO, fid, 0, MMIO_GPA + PG, 1));
	CHECK_EQ(g->rsp.status, TEEIO_TSM_GSTATUS_MISMATCH);
	/* a TDI this TVM does not have */
	CHECK_OK(call(g, TEEIO_TSM_GREQ_GET_REPORT, fid_of(s, 1), 0, 0, 0));
	CHECK_EQ(g->rsp.status, TEEIO_TSM_GSTATUS_NO_TDI);

	/* the guest verifies, validates, accepts: RUN, DMA live */
	CHECK_OK(guest_accept(s, g, 0));
	CHECK_EQ(teeio_dsm_tdi_state(&s->host.dev, 0), TEEIO_TDISP_RUN);
	CHECK(dma_lands(s, g, 0, 0, 0x11223344u));
	/* the VMM cannot read what landed */
	uint64_t hpa = 0;
	struct teeio_plat_xlate xl;
	CHECK_EQ(teeio_plat_cpu_translate(&s->plat, g->tvm, priv(s, DMA_GPA), false, &xl),
		 TEEIO_PLAT_OK);
	hpa = xl.hpa;
	CHECK_EQ(teeio_plat_vmm_read(&s->vmm, hpa, buf, 4), TEEIO_PLAT_FAULT_PRIVATE_FROM_SHARED);
	/* private MMIO reaches the TDI with T=1 */
	CHECK_EQ(teeio_plat_guest_read(&g->view, priv(s, MMIO_GPA), buf, 4), TEEIO_PLAT_OK);

	/* key refresh while the device keeps writing */
	struct traffic tr = {s, g, 0, 0};
	struct teeio_plat_vmm_hooks h = {.doe = traffic_doe, .ctx = &tr};
	teeio_plat_vmm_set_hooks(&s->vmm, &h);
	CHECK_OK(teeio_tsm_key_refresh(&s->tsm, s->dev));
	teeio_plat_vmm_set_hooks(&s->vmm, NULL);
	CHECK(tr.writes >= 8);
	CHECK_EQ(tr.landed, tr.writes);
	CHECK_OK(teeio_tsm_info(&s->tsm, s->dev, &di));
	CHECK_EQ(di.key_set, 1);
	CHECK_EQ(di.key_refreshes, 1);
	CHECK_EQ(dev_stream_state(s), TEEIO_IDE_SECURE);
	CHECK_EQ(teeio_ide_stream_state(&s->rp_stream), TEEIO_IDE_SECURE);
	CHECK(dma_lands(s, g, 0, 8, 0x55667788u));
	/* and back to key set 0 */
	CHECK_OK(teeio_tsm_key_refresh(&s->tsm, s->dev));
	CHECK_OK(teeio_tsm_info(&s->tsm, s->dev, &di));
	CHECK_EQ(di.key_set, 0);
	CHECK(dma_lands(s, g, 0, 16, 0x99aabbccu));
	CHECK_OK(teeio_tsm_heartbeat(&s->tsm, s->dev));

	/* the status JSON names the states */
	char *js = teeio_tsm_status_json(&s->tsm);
	CHECK(js && strstr(js, "\"connected\"") && strstr(js, "\"run\""));
	free(js);

	/* stop: the TDI leaves RUN, T=1 DMA no longer lands */
	CHECK_OK(call(g, TEEIO_TSM_GREQ_STOP, fid, 0, 0, 0));
	CHECK_EQ(g->rsp.status, TEEIO_TSM_GSTATUS_OK);
	CHECK_EQ(g->rsp.tdi_state, TEEIO_TSM_TDI_STOPPED);
	CHECK_EQ(teeio_dsm_tdi_state(&s->host.dev, 0), TEEIO_TDISP_CONFIG_UNLOCKED);
	CHECK(!dma_lands(s, g, 0, 24, 0xdeadbeefu));
	CHECK_OK(call(g, TEEIO_TSM_GREQ_ACCEPT, fid, 0, 0, 0));
	CHECK_EQ(g->rsp.status, TEEIO_TSM_GSTATUS_STATE);

	/* unbind: slot free, the MMIO gone from the TVM */
	CHECK_OK(teeio_tsm_unbind(&s->tsm, tdi));
	CHECK_ERR(teeio_tsm_tdi_info(&s->tsm, tdi, &ti), TEEIO_ERR_USAGE_NOT_FOUND);
	CHECK(teeio_plat_guest_read(&g->view, priv(s, MMIO_GPA), buf, 4) != TEEIO_PLAT_OK);
	CHECK_OK(call(g, TEEIO_TSM_GREQ_GET_REPORT, fid, 0, 0, 0));
	CHECK_EQ(g->rsp.status, TEEIO_TSM_GSTATUS_NO_TDI);

	/* disconnect: streams off at both ends, session gone */
	CHECK_OK(teeio_tsm_disconnect(&s->tsm, s->dev));
	CHECK_OK(teeio_tsm_info(&s->tsm, s->dev, &di));
	CHECK_EQ(di.state, TEEIO_TSM_DEV_IDLE);
	CHECK(di.ev == NULL && di.session_id == 0);
	CHECK_EQ(teeio_ide_stream_state(&s->rp_stream), TEEIO_IDE_INSECURE);
	CHECK_EQ(dev_stream_state(s), TEEIO_IDE_INSECURE);
	/* and it can connect again */
	CHECK_OK(teeio_tsm_connect(&s->tsm, s->dev));
	guest_free(g);
	sys_free(s);
}

TEST(unbind_from_run_scrubs_and_disables)
{
	struct teeio_tsm_sys *s = sys_new();
	struct guest *g = guest_new(s);
	unsigned tdi = 0;
	uint8_t buf[4];

	CHECK_OK(teeio_tsm_connect(&s->tsm, s->dev));
	enable_bus_master(s, 0);
	CHECK_OK(bind_fn(s, 0, g->tvm, &tdi));
	CHECK_OK(guest_accept(s, g, 0));
	CHECK(dma_lands(s, g, 0, 0, 1));
	/* What the TVM left in the function (an MSI-X message address). */
	s->host.dev.fn[0].msix_table[0][0] = 0xFEE00000u;
	/* The host takes the TDI away while it runs: STOP, the device scrubs. */
	CHECK_OK(teeio_tsm_unbind(&s->tsm, tdi));
	CHECK_EQ(teeio_dsm_tdi_state(&s->host.dev, 0), TEEIO_TDISP_CONFIG_UNLOCKED);
	CHECK_EQ(s->host.dev.fn[0].msix_table[0][0], 0);
	CHECK(!dma_lands(s, g, 0, 8, 2));
	CHECK(teeio_plat_guest_read(&g->view, priv(s, MMIO_GPA), buf, 4) != TEEIO_PLAT_OK);
	/* disconnect with a TDI still bound unbinds it first */
	CHECK_OK(bind_fn(s, 0, g->tvm, &tdi));
	CHECK_OK(teeio_tsm_disconnect(&s->tsm, s->dev));
	CHECK_EQ(teeio_dsm_tdi_state(&s->host.dev, 0), TEEIO_TDISP_CONFIG_UNLOCKED);
	CHECK_ERR(teeio_tsm_tdi_info(&s->tsm, tdi, NULL), TEEIO_ERR_USAGE);
	guest_free(g);
	sys_free(s);
}

TEST(vfs_bound_to_several_tvms)
{
	struct teeio_tsm_sys *s = sys_new();
	struct guest *g[3];
	unsigned tdi[3];

	CHECK_OK(teeio_tsm_connect(&s->tsm, s->dev));
	CHECK(s->host.dev.n_funcs >= 4);
	for (unsigned i = 0; i < 3; i++) {
		g[i] = guest_new(s);
		enable_bus_master(s, (uint16_t)(i + 1));
		CHECK_OK(bind_fn(s, (uint16_t)(i + 1), g[i]->tvm, &tdi[i]));
	}
	/* A VF already bound cannot be bound to another TVM. */
	unsigned other = 0;
	CHECK_ERR(bind_fn(s, 1, g[1]->tvm, &other), TEEIO_ERR_STATE);
	/* Each TVM sees only its own TDI. */
	CHECK_OK(call(g[0], TEEIO_TSM_GREQ_GET_REPORT, fid_of(s, 2), 0, 0, 0));
	CHECK_EQ(g[0]->rsp.status, TEEIO_TSM_GSTATUS_NO_TDI);
	CHECK_OK(call(g[1], TEEIO_TSM_GREQ_ACCEPT, fid_of(s, 1), 0, 0, 0));
	CHECK_EQ(g[1]->rsp.status, TEEIO_TSM_GSTATUS_NO_TDI);
	for (unsigned i = 0; i < 3; i++)
		CHECK_OK(guest_accept(s, g[i], (uint16_t)(i + 1)));
	/* Each VF's DMA lands in its own TVM's private memory only. */
	for (unsigned i = 0; i < 3; i++)
		CHECK(dma_lands(s, g[i], (uint16_t)(i + 1), 0, 0x1000u + i));
	uint32_t a = 0, b = 0;
	CHECK_EQ(teeio_plat_guest_read(&g[0]->view, priv(s, DMA_GPA), &a, 4), TEEIO_PLAT_OK);
	CHECK_EQ(teeio_plat_guest_read(&g[1]->view, priv(s, DMA_GPA), &b, 4), TEEIO_PLAT_OK);
	CHECK_EQ(a, 0x1000u);
	CHECK_EQ(b, 0x1001u);
	/* Key refresh with three TDIs running; all keep working. */
	CHECK_OK(teeio_tsm_key_refresh(&s->tsm, s->dev));
	for (unsigned i = 0; i < 3; i++)
		CHECK(dma_lands(s, g[i], (uint16_t)(i + 1), 8, 0x2000u + i));
	/* One TVM goes away: its TDI is unbound, the others keep running. */
	CHECK_OK(teeio_tsm_tvm_remove(&s->tsm, g[1]->tvm));
	CHECK_EQ(teeio_dsm_tdi_state(&s->host.dev, 2), TEEIO_TDISP_CONFIG_UNLOCKED);
	CHECK_EQ(teeio_dsm_tdi_state(&s->host.dev, 1), TEEIO_TDISP_RUN);
	CHECK(dma_lands(s, g[2], 3, 16, 0x3000u));
	struct teeio_tsm_dev_info di;
	CHECK_OK(teeio_tsm_info(&s->tsm, s->dev, &di));
	CHECK_EQ(di.n_tdis, 2);
	CHECK_OK(teeio_tsm_disconnect(&s->tsm, s->dev));
	for (unsigned i = 0; i < 3; i++)
		guest_free(g[i]);
	sys_free(s);
}

TEST(sev_flavour_lifecycle)
{
	/* The same verbs where the GPA bit means private (C-bit). */
	struct teeio_tsm_sys *s = sys_new_in(TEEIO_PLAT_FLAVOUR_SEV);
	struct guest *g = guest_new(s);
	unsigned tdi = 0;

	CHECK_OK(teeio_tsm_connect(&s->tsm, s->dev));
	enable_bus_master(s, 1);
	CHECK_OK(bind_fn(s, 1, g->tvm, &tdi));
	CHECK_OK(guest_accept(s, g, 1));
	CHECK(dma_lands(s, g, 1, 0, 0x5e5e5e5eu));
	CHECK_OK(teeio_tsm_key_refresh(&s->tsm, s->dev));
	CHECK(dma_lands(s, g, 1, 8, 0x6e6e6e6eu));
	CHECK_OK(teeio_tsm_unbind(&s->tsm, tdi));
	CHECK_OK(teeio_tsm_disconnect(&s->tsm, s->dev));
	guest_free(g);
	sys_free(s);
}

TEST(vmm_reconfiguring_a_locked_tdi_fails_accept)
{
	struct teeio_tsm_sys *s = sys_new();
	struct guest *g = guest_new(s);
	unsigned tdi = 0;
	struct teeio_tsm_tdi_info ti;
	uint32_t fid = fid_of(s, 0);

	CHECK_OK(teeio_tsm_connect(&s->tsm, s->dev));
	enable_bus_master(s, 0);
	CHECK_OK(bind_fn(s, 0, g->tvm, &tdi));
	/* The VMM moves BAR0 under the locked TDI: the device enters ERROR. */
	CHECK_OK(teeio_plat_vmm_cfg_write(&s->vmm, s->plat_dev, 0x10, 0xD0000000u));
	CHECK_EQ(teeio_dsm_tdi_state(&s->host.dev, 0), TEEIO_TDISP_STATE_ERROR);
	/* The guest still validates its view, but START is refused. */
	CHECK_ERR(guest_accept(s, g, 0), TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(g->rsp.status, TEEIO_TSM_GSTATUS_DEVICE);
	CHECK_OK(teeio_tsm_tdi_info(&s->tsm, tdi, &ti));
	CHECK_EQ(ti.state, TEEIO_TSM_TDI_ERROR);
	CHECK(!dma_lands(s, g, 0, 0, 7));
	CHECK_OK(call(g, TEEIO_TSM_GREQ_GET_REPORT, fid, 0, 0, 0));
	CHECK_EQ(g->rsp.status, TEEIO_TSM_GSTATUS_STATE);
	/* Unbind brings the function back to CONFIG_UNLOCKED. */
	CHECK_OK(teeio_tsm_unbind(&s->tsm, tdi));
	CHECK_EQ(teeio_dsm_tdi_state(&s->host.dev, 0), TEEIO_TDISP_CONFIG_UNLOCKED);
	guest_free(g);
	sys_free(s);
}

/* The VMM flips one bit of the n-th DOE response it relays. */
struct doe_flip {
	unsigned n, seen;
};

static enum teeio_plat_verdict flip_doe(void *ctx, struct teeio_plat_vmm_view *vmm, unsigned dev,
					enum teeio_plat_dir dir, uint8_t *msg, size_t *len,
					size_t cap)
{
	struct doe_flip *f = ctx;
	(void)vmm;
	(void)dev;
	(void)cap;
	if (dir != TEEIO_PLAT_RESPONSE || ++f->seen != f->n || *len < 16)
		return TEEIO_PLAT_PASS;
	msg[*len - 5] ^= 0x01;
	return TEEIO_PLAT_MODIFIED;
}

TEST(vmm_tampering_with_connect_leaves_error_then_recovers)
{
	/* Responses 2 (capabilities), 5 (certificate), 7 (measurements) and
	 * 12 (an IDE_KM answer inside the session): never CONNECTED. */
	const unsigned which[] = {2, 5, 7, 12};
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(which); i++) {
		struct teeio_tsm_sys *s = sys_new();
		struct doe_flip fl = {which[i], 0};
		struct teeio_plat_vmm_hooks h = {.doe = flip_doe, .ctx = &fl};
		struct teeio_tsm_dev_info di;
		teeio_plat_vmm_set_hooks(&s->vmm, &h);
		CHECK(teeio_tsm_connect(&s->tsm, s->dev) != TEEIO_OK);
		CHECK_OK(teeio_tsm_info(&s->tsm, s->dev, &di));
		CHECK_EQ(di.state, TEEIO_TSM_DEV_ERROR);
		CHECK(di.last_err != TEEIO_OK);
		CHECK(teeio_ide_stream_state(&s->rp_stream) != TEEIO_IDE_SECURE);
		/* nothing can be bound on it */
		unsigned tdi = 0;
		CHECK_ERR(bind_fn(s, 0, 1, &tdi), TEEIO_ERR_STATE);
		/* disconnect clears it; an honest relay connects */
		teeio_plat_vmm_set_hooks(&s->vmm, NULL);
		CHECK(teeio_tsm_disconnect(&s->tsm, s->dev) != TEEIO_ERR_STATE);
		CHECK_OK(teeio_tsm_connect(&s->tsm, s->dev));
		CHECK_EQ(teeio_ide_stream_state(&s->rp_stream), TEEIO_IDE_SECURE);
		sys_free(s);
	}
}

/* The VMM on the guest channel: flip a byte, drop, or replay. */
struct chan_attack {
	enum { FLIP, DROP, RECORD, REPLAY } mode;
	enum teeio_plat_dir dir;
	uint8_t saved[TEEIO_PLAT_RELAY_MAX];
	size_t saved_len;
	unsigned seen;
};

static enum teeio_plat_verdict chan_hook(void *ctx, struct teeio_plat_vmm_view *vmm, unsigned tvm,
					 enum teeio_plat_dir dir, uint8_t *msg, size_t *len,
					 size_t cap)
{
	struct chan_attack *a = ctx;
	(void)vmm;
	(void)tvm;
	if (dir != a->dir)
		return TEEIO_PLAT_PASS;
	a->seen++;
	switch (a->mode) {
	case FLIP: msg[*len - 1] ^= 0x40; return TEEIO_PLAT_MODIFIED; /* the tag */
	case DROP: return TEEIO_PLAT_DROP;
	case RECORD:
		memcpy(a->saved, msg, *len);
		a->saved_len = *len;
		return TEEIO_PLAT_PASS;
	case REPLAY:
		if (a->saved_len > cap)
			return TEEIO_PLAT_PASS;
		memcpy(msg, a->saved, a->saved_len);
		*len = a->saved_len;
		return TEEIO_PLAT_MODIFIED;
	}
	return TEEIO_PLAT_PASS;
}

TEST(vmm_cannot_forge_drop_or_replay_guest_requests)
{
	struct teeio_tsm_sys *s = sys_new();
	struct guest *g = guest_new(s);
	struct chan_attack a;
	struct teeio_plat_vmm_hooks h = {.guest_msg = chan_hook, .ctx = &a};
	unsigned tdi = 0;
	uint32_t fid = fid_of(s, 0);

	CHECK_OK(teeio_tsm_connect(&s->tsm, s->dev));
	enable_bus_master(s, 0);
	CHECK_OK(bind_fn(s, 0, g->tvm, &tdi));
	teeio_plat_vmm_set_hooks(&s->vmm, &h);

	/* A flipped request does not open at the TSM: no answer. */
	memset(&a, 0, sizeof(a));
	a.mode = FLIP;
	a.dir = TEEIO_PLAT_REQUEST;
	CHECK_ERR(call(g, TEEIO_TSM_GREQ_GET_REPORT, fid, 0, 0, 0), TEEIO_ERR_CRYPTO_VERIFY);
	/* A flipped response does not open at the guest. */
	a.dir = TEEIO_PLAT_RESPONSE;
	CHECK_ERR(call(g, TEEIO_TSM_GREQ_GET_REPORT, fid, 0, 0, 0), TEEIO_ERR_CRYPTO_VERIFY);
	/* A dropped request: the guest times out, the next one still works. */
	a.mode = DROP;
	a.dir = TEEIO_PLAT_REQUEST;
	CHECK_ERR(call(g, TEEIO_TSM_GREQ_GET_REPORT, fid, 0, 0, 0), TEEIO_ERR_TRANSPORT_TIMEOUT);
	/* Record a VALIDATE request, then replay it in place of a later one. */
	a.mode = RECORD;
	CHECK_OK(call(g, TEEIO_TSM_GREQ_GET_REPORT, fid, 0, 0, 0));
	CHECK_EQ(g->rsp.status, TEEIO_TSM_GSTATUS_OK);
	a.mode = REPLAY;
	CHECK_ERR(call(g, TEEIO_TSM_GREQ_ACCEPT, fid, 0, 0, 0), TEEIO_ERR_STATE);
	/* An old response replayed for a new request is refused by the guest. */
	a.mode = RECORD;
	a.dir = TEEIO_PLAT_RESPONSE;
	CHECK_OK(call(g, TEEIO_TSM_GREQ_GET_REPORT, fid, 0, 0, 0));
	a.mode = REPLAY;
	CHECK_ERR(call(g, TEEIO_TSM_GREQ_GET_REPORT, fid, 0, 0, 0), TEEIO_ERR_STATE);
	/* Nothing the VMM did moved the TDI. */
	struct teeio_tsm_tdi_info ti;
	CHECK_OK(teeio_tsm_tdi_info(&s->tsm, tdi, &ti));
	CHECK_EQ(ti.state, TEEIO_TSM_TDI_BOUND);
	CHECK(s->tsm.tvm[g->tvm].chan.rejected >= 2);
	/* The honest relay again: the channel still works. */
	teeio_plat_vmm_set_hooks(&s->vmm, NULL);
	CHECK_OK(guest_accept(s, g, 0));
	guest_free(g);
	sys_free(s);
}

int main(void)
{
	RUN(full_lifecycle_on_one_function);
	RUN(unbind_from_run_scrubs_and_disables);
	RUN(vfs_bound_to_several_tvms);
	RUN(sev_flavour_lifecycle);
	RUN(vmm_reconfiguring_a_locked_tdi_fails_accept);
	RUN(vmm_tampering_with_connect_leaves_error_then_recovers);
	RUN(vmm_cannot_forge_drop_or_replay_guest_requests);
	return test_summary();
}
