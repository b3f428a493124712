/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio as the host against DMTF's reference device: teeio's SPDM, IDE_KM
 * and TDISP requesters drive spdm-emu's spdm_responder_emu over PCIe DOE
 * on its TCP socket.
 *
 * Per SPDM version (1.3, 1.2 and 1.1, one connection each to the same
 * responder): VCA, certificate verified to the sample CA, CHALLENGE,
 * signed measurements, KEY_EXCHANGE/FINISH; in the session IDE_KM QUERY,
 * KEY_PROG of the six K0 keys (RX/TX x PR/NPR/CPL), K_SET_GO; TDISP
 * GET_VERSION, GET_CAPABILITIES, GET_STATE, LOCK_INTERFACE,
 * GET_DEVICE_INTERFACE_REPORT (read in 32-byte portions and parsed),
 * START_INTERFACE, GET_STATE, STOP_INTERFACE; IDE_KM K_SET_STOP;
 * KEY_UPDATE; END_SESSION.  Every KP_ACK / K_GOSTOP_ACK / TDISP response
 * is checked by teeio's requesters, and the peer's refusals are checked
 * too: a wrong START nonce (INVALID_NONCE), LOCK of a locked interface and
 * STOP of an unlocked one (INVALID_INTERFACE_STATE), an unknown interface
 * (INVALID_INTERFACE), KEY_PROG to a port never queried (SPDM ERROR).
 *
 *   TEEIO_PEER_SPDM_RESPONDER=/path/to/spdm_responder_emu   (unset: skip)
 *   TEEIO_PEER_ROOT (optional) trusted root DER; default <bindir>/ecp384/ca.cert.der
 *
 * The responder is started here, from its own directory, on a private
 * port, with --mut_auth NO --basic_mut_auth NO (teeio's requester has no
 * certificate of its own), and reaped at the end: it exits on the final
 * SHUTDOWN, is SIGKILLed otherwise, and dies with this process
 * (PR_SET_PDEATHSIG) if the test is killed.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/interop.h"
#include "teeio/idekm.h"
#include "teeio/pki.h"
#include "teeio/tdisp.h"
#include "test.h"

#define PEER_VAR "TEEIO_PEER_SPDM_RESPONDER"
/* The TDI spdm-emu's own requester uses (RID BE:1D.7); the sample device
 * serves whichever function ID its last GET_VERSION named. */
#define FN_ID 0xBEEFu
#define OTHER_FN_ID 0xBEF0u
#define IDEKM_PORT 0
#define IDEKM_STREAM 0
#define REPORT_PORTION 32 /* the 100-byte report takes four portions */
#define MMIO_REPORTING_OFFSET 0xD0000000ull
#define BLOCKS_MAX 64
#define ROOT_MAX 4096

struct rig {
	char peer_path[PATH_MAX];
	struct interop_peer peer;
	bool peer_started;
	uint8_t root[ROOT_MAX];
	size_t root_len;
	const uint8_t *roots[1];
	size_t root_lens[1];

	/* One connection. */
	uint8_t version; /* SPDM version asked for */
	struct teeio_spdm_sock_io sock;
	bool connected;
	struct teeio_spdm_req_config cfg;
	struct teeio_spdm_req req;
	uint8_t chain[TEEIO_SPDM_CERT_CHAIN_MAX];
	uint8_t record[TEEIO_SPDM_MAX_LARGE_MSG];
	struct teeio_spdm_meas_block blocks[BLOCKS_MAX];
	struct teeio_spdm_req_connect_result res;
	struct teeio_idekm_spdm km_link;
	struct teeio_idekm_req km;
	struct teeio_tdisp_req td;
	uint8_t nonce[TEEIO_TDISP_NONCE_LEN];
	uint8_t report[1024];
};

/* The one rig every test of this file shares (allocated in main). */
static struct rig *rig;

/* TDISP rides in the same PCI-SIG vendor-defined messages as IDE_KM. */
static teeio_err tdisp_exchange(void *ctx, const uint8_t *req, size_t req_len, uint8_t *rsp,
				size_t *rsp_len)
{
	return teeio_idekm_spdm_exchange(ctx, req, req_len, rsp, *rsp_len, rsp_len);
}

/* ---- the flow, one step per function ------------------------------------ */

static void step_connect(struct rig *r)
{
	struct teeio_spdm_req_connect_opts o = {
	    .slot = 0,
	    .challenge = true,
	    .measurements = true,
	    .session = true,
	    .summary_type = TEEIO_SPDM_MEAS_SUMMARY_ALL,
	};

	teeio_spdm_req_config_default(&r->cfg, teeio_crypto_openssl());
	r->cfg.versions[0] = r->version;
	r->cfg.n_versions = 1;
	r->cfg.roots = r->roots;
	r->cfg.root_lens = r->root_lens;
	r->cfg.n_roots = 1;
	r->cfg.binding = teeio_spdm_io_binding(TEEIO_TRANS_PCI_DOE);
	r->cfg.max_pad = teeio_spdm_io_max_pad(TEEIO_TRANS_PCI_DOE);
	CHECK_OK(interop_peer_connect(&r->peer, &r->sock, TEEIO_TRANS_PCI_DOE));
	if (test_state.checks_failed)
		return;
	r->connected = true;
	struct teeio_spdm_io io = teeio_spdm_sock_io(&r->sock);
	CHECK_OK(teeio_spdm_req_init(&r->req, &r->cfg, &io));
	if (test_state.checks_failed)
		return;
	memset(&r->res, 0, sizeof(r->res));
	r->res.chain = r->chain;
	r->res.chain_cap = sizeof(r->chain);
	r->res.record = r->record;
	r->res.record_cap = sizeof(r->record);
	r->res.blocks = r->blocks;
	r->res.max_blocks = BLOCKS_MAX;
	CHECK_OK(teeio_spdm_req_connect(&r->req, &o, &r->res));
	if (test_state.checks_failed)
		return;
	CHECK_EQ(r->res.params.version, r->version);
	CHECK(r->res.meas.signature_verified);
	CHECK(r->res.meas.n_blocks > 0);
	CHECK(r->res.session_id != 0);
	r->km_link.req = &r->req;
	r->km_link.session_id = r->res.session_id;
	r->km.exchange = teeio_idekm_spdm_exchange;
	r->km.ctx = &r->km_link;
	teeio_tdisp_req_init(&r->td, tdisp_exchange, &r->km_link);
	r->td.portion_len = REPORT_PORTION;
	printf("  SPDM %x.%x session 0x%08x: %u measurement blocks, signature verified\n",
	       r->version >> 4, r->version & 0xF, (unsigned)r->res.session_id,
	       r->res.meas.n_blocks);
}

static void step_idekm_query(struct rig *r)
{
	struct teeio_idekm_port_info info;

	CHECK_OK(teeio_idekm_req_query(&r->km, IDEKM_PORT, &info));
	CHECK_EQ(info.port_index, IDEKM_PORT);
	CHECK(info.max_port_index >= IDEKM_PORT);
	/* The sample device's register block is all zeros (spdm-emu leaves
	 * it "TBD"): whole DWORDs, nothing to lay out. */
	CHECK(info.n_regs >= 2);
	printf("  IDE_KM QUERY_RESP port %u: max port %u, %zu register DWORDs\n", info.port_index,
	       info.max_port_index, info.n_regs);
}

/* Fill sel for key `i` of the six K0 keys: RX PR, NPR, CPL, TX PR, ... */
static struct teeio_idekm_sel key_sel(unsigned i)
{
	struct teeio_idekm_sel s = {IDEKM_PORT, IDEKM_STREAM, 0, (uint8_t)(i / 3),
				    (uint8_t)(i % 3)};
	return s;
}

static void step_idekm_key_prog(struct rig *r)
{
	static const uint32_t ifv[2] = {0, 1};
	uint8_t key[TEEIO_IDEKM_KEY_LEN];

	for (unsigned i = 0; i < 6; i++) {
		struct teeio_idekm_sel sel = key_sel(i);
		uint8_t status = 0xFF;

		CHECK_OK(teeio_crypto_openssl()->random(key, sizeof(key)));
		CHECK_OK(teeio_idekm_req_key_prog(&r->km, &sel, key, ifv, &status));
		CHECK_EQ(status, TEEIO_IDEKM_KP_SUCCESS);
	}
	teeio_wipe(key, sizeof(key));
	printf("  IDE_KM KEY_PROG K0 RX/TX x PR/NPR/CPL: 6 KP_ACK success\n");
}

/* The sample device knows only the port it was last QUERYed about: a
 * KEY_PROG elsewhere fails in the device and libspdm answers SPDM ERROR
 * (no KP_ACK), in the session, which stays up. */
static void step_idekm_unqueried_port(struct rig *r)
{
	static const uint32_t ifv[2] = {0, 1};
	struct teeio_idekm_sel sel = key_sel(0);
	uint8_t key[TEEIO_IDEKM_KEY_LEN] = {0x5A};
	uint8_t code = 0, data = 0;

	sel.port_index = IDEKM_PORT + 3;
	CHECK_ERR(teeio_idekm_req_key_prog(&r->km, &sel, key, ifv, NULL),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK(teeio_spdm_req_peer_error(&r->req, &code, &data));
	printf("  IDE_KM KEY_PROG to unqueried port %u: SPDM ERROR 0x%02x data 0x%02x (expected)\n",
	       sel.port_index, code, data);
}

static void step_idekm_go(struct rig *r)
{
	for (unsigned i = 0; i < 6; i++) {
		struct teeio_idekm_sel sel = key_sel(i);
		CHECK_OK(teeio_idekm_req_key_set_go(&r->km, &sel));
	}
	printf("  IDE_KM K_SET_GO x6: K_GOSTOP_ACK echoes checked\n");
}

/* A TDISP request the peer must refuse with `want`. */
static void expect_tdisp_error(struct rig *r, teeio_err got, uint32_t want, const char *what)
{
	CHECK_ERR(got, TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(r->td.last_error, want);
	printf("  TDISP %s: TDISP_ERROR %s (expected)\n", what,
	       teeio_tdisp_errcode_name(r->td.last_error));
}

static void expect_state(struct rig *r, enum teeio_tdisp_state want)
{
	enum teeio_tdisp_state st = TEEIO_TDISP_STATE_ERROR;

	CHECK_OK(teeio_tdisp_req_get_state(&r->td, FN_ID, &st));
	CHECK_EQ(st, want);
	printf("  TDISP GET_STATE: %s\n", teeio_tdisp_state_name((uint8_t)st));
}

static void step_tdisp_version_caps(struct rig *r)
{
	struct teeio_tdisp_caps caps;
	enum teeio_tdisp_state st;

	CHECK_OK(teeio_tdisp_req_get_version(&r->td, FN_ID));
	CHECK_OK(teeio_tdisp_req_get_caps(&r->td, FN_ID, 0, &caps));
	/* LOCK_INTERFACE needs these; the sample offers NO_FW_UPDATE,
	 * SYSTEM_CACHE_LINE_SIZE and LOCK_MSIX. */
	CHECK(caps.lock_flags & TEEIO_TDISP_LOCK_NO_FW_UPDATE);
	CHECK(caps.req_msgs[0] & (1u << (TEEIO_TDISP_LOCK_INTERFACE_REQ & 0x7F)));
	CHECK(caps.req_msgs[0] & (1u << (TEEIO_TDISP_START_INTERFACE_REQ & 0x7F)));
	printf("  TDISP 1.0 on function 0x%x: lock flags 0x%04x, address width %u\n", FN_ID,
	       caps.lock_flags, caps.dev_addr_width);
	expect_state(r, TEEIO_TDISP_CONFIG_UNLOCKED);
	expect_tdisp_error(r, teeio_tdisp_req_get_state(&r->td, OTHER_FN_ID, &st),
			   TEEIO_TDISP_ERR_INVALID_INTERFACE, "GET_STATE of another function");
	expect_tdisp_error(r, teeio_tdisp_req_stop(&r->td, FN_ID),
			   TEEIO_TDISP_ERR_INVALID_INTERFACE_STATE, "STOP while CONFIG_UNLOCKED");
}

static void step_tdisp_lock(struct rig *r)
{
	struct teeio_tdisp_lock_params p = {
	    .flags = TEEIO_TDISP_LOCK_NO_FW_UPDATE,
	    .default_stream_id = IDEKM_STREAM,
	    .mmio_reporting_offset = MMIO_REPORTING_OFFSET,
	};
	uint8_t again[TEEIO_TDISP_NONCE_LEN];

	CHECK_OK(teeio_tdisp_req_lock(&r->td, FN_ID, &p, r->nonce));
	expect_state(r, TEEIO_TDISP_CONFIG_LOCKED);
	expect_tdisp_error(r, teeio_tdisp_req_lock(&r->td, FN_ID, &p, again),
			   TEEIO_TDISP_ERR_INVALID_INTERFACE_STATE, "LOCK while CONFIG_LOCKED");
	teeio_wipe(again, sizeof(again));
}

/* The report spdm-emu's sample device builds at LOCK: DMA without PASID,
 * no update after lock, four fixed ranges (it ignores the MMIO reporting
 * offset), 16 bytes of device info starting "tdisp_dev_emu". */
static void step_tdisp_report(struct rig *r)
{
	static const struct teeio_tdisp_mmio_range want[] = {
	    {0x0000, 1, TEEIO_TDISP_RANGE_NON_TEE, 1},
	    {0x8000, 4, TEEIO_TDISP_RANGE_ATTR_UPDATABLE, 2},
	    {0x10000, 8, TEEIO_TDISP_RANGE_ATTR_UPDATABLE, 3},
	    {0x20000, 8, TEEIO_TDISP_RANGE_ATTR_UPDATABLE, 4},
	};
	struct teeio_tdisp_report_view v;
	size_t len = 0;

	CHECK_OK(teeio_tdisp_req_get_report(&r->td, FN_ID, r->report, sizeof(r->report), &len));
	CHECK_OK(teeio_tdisp_report_parse(r->report, len, &v));
	if (test_state.checks_failed)
		return;
	CHECK_EQ(v.interface_info,
		 TEEIO_TDISP_INFO_NO_FW_UPDATE | TEEIO_TDISP_INFO_DMA_WITHOUT_PASID);
	CHECK_EQ(v.n_ranges, TEEIO_ARRAY_LEN(want));
	for (uint32_t i = 0; i < v.n_ranges && i < TEEIO_ARRAY_LEN(want); i++) {
		struct teeio_tdisp_mmio_range m;
		teeio_tdisp_report_range(&v, i, &m);
		CHECK_EQ(m.first_page, want[i].first_page);
		CHECK_EQ(m.num_pages, want[i].num_pages);
		CHECK_EQ(m.attrs, want[i].attrs);
		CHECK_EQ(m.range_id, want[i].range_id);
	}
	CHECK_EQ(v.dev_info_len, 16);
	CHECK(v.dev_info_len >= 13 && !memcmp(v.dev_info, "tdisp_dev_emu", 13));
	printf("  TDISP DEVICE_INTERFACE_REPORT: %zu bytes in %u-byte portions, %u ranges, "
	       "info 0x%04x, parsed\n",
	       len, REPORT_PORTION, v.n_ranges, v.interface_info);
}

/*
 * START: a nonce other than LOCK's must be refused, the right one
 * accepted.  (spdm-emu had this check inverted from 2023-03 to 2023-06 --
 * commits b3984cb..b68eea1 -- so an old peer fails here, loudly.)
 */
static void step_tdisp_start(struct rig *r)
{
	uint8_t wrong[TEEIO_TDISP_NONCE_LEN];

	memcpy(wrong, r->nonce, sizeof(wrong));
	wrong[TEEIO_TDISP_NONCE_LEN - 1] ^= 0x01;
	expect_tdisp_error(r, teeio_tdisp_req_start(&r->td, FN_ID, wrong),
			   TEEIO_TDISP_ERR_INVALID_NONCE, "START with a wrong nonce");
	expect_state(r, TEEIO_TDISP_CONFIG_LOCKED);
	CHECK_OK(teeio_tdisp_req_start(&r->td, FN_ID, r->nonce));
	printf("  TDISP START_INTERFACE with LOCK's nonce: accepted\n");
	expect_state(r, TEEIO_TDISP_RUN);
	teeio_wipe(wrong, sizeof(wrong));
	teeio_wipe(r->nonce, sizeof(r->nonce));
}

static void step_tdisp_stop(struct rig *r)
{
	CHECK_OK(teeio_tdisp_req_stop(&r->td, FN_ID));
	expect_state(r, TEEIO_TDISP_CONFIG_UNLOCKED);
}

static void step_idekm_stop(struct rig *r)
{
	for (unsigned i = 0; i < 6; i++) {
		struct teeio_idekm_sel sel = key_sel(i);
		CHECK_OK(teeio_idekm_req_key_set_stop(&r->km, &sel));
	}
	printf("  IDE_KM K_SET_STOP x6: K_GOSTOP_ACK echoes checked\n");
}

/* New session keys, then prove them with one more message. */
static void step_key_update(struct rig *r)
{
	CHECK_OK(
	    teeio_spdm_req_key_update(&r->req, r->res.session_id, TEEIO_SPDM_KEY_UPDATE_ALL_KEYS));
	expect_state(r, TEEIO_TDISP_CONFIG_UNLOCKED);
}

static void step_end_session(struct rig *r)
{
	CHECK_OK(teeio_spdm_req_end_session(&r->req, r->res.session_id, false));
	printf("  END_SESSION acknowledged\n");
}

static const struct {
	const char *name;
	void (*fn)(struct rig *r);
} flow[] = {
    {"SPDM connect + session", step_connect},
    {"IDE_KM QUERY", step_idekm_query},
    {"IDE_KM KEY_PROG", step_idekm_key_prog},
    {"IDE_KM KEY_PROG, unqueried port", step_idekm_unqueried_port},
    {"IDE_KM K_SET_GO", step_idekm_go},
    {"TDISP version, capabilities, state", step_tdisp_version_caps},
    {"TDISP LOCK_INTERFACE", step_tdisp_lock},
    {"TDISP GET_DEVICE_INTERFACE_REPORT", step_tdisp_report},
    {"TDISP START_INTERFACE", step_tdisp_start},
    {"TDISP STOP_INTERFACE", step_tdisp_stop},
    {"IDE_KM K_SET_STOP", step_idekm_stop},
    {"SPDM KEY_UPDATE", step_key_update},
    {"SPDM END_SESSION", step_end_session},
};

/* One connection: the whole flow, stopping at the first failed step;
 * then say goodbye with `bye` (CONTINUE keeps the responder for the next
 * connection, SHUTDOWN makes it exit). */
static void run_flow(uint8_t version, uint32_t bye)
{
	struct rig *r = rig;

	if (!r->peer_started) {
		test_skip(r->peer_path[0] ? "the responder did not start" : PEER_VAR " is not set");
		return;
	}
	r->version = version;
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(flow) && !test_state.checks_failed; i++) {
		flow[i].fn(r);
		if (test_state.checks_failed)
			fprintf(stderr, "  step failed: %s (SPDM %x.%x)\n", flow[i].name,
				version >> 4, version & 0xF);
	}
	if (test_state.checks_failed)
		interop_peer_log_tail(&r->peer, 1500);
	teeio_spdm_req_free(&r->req);
	if (r->connected)
		teeio_spdm_sock_io_close(&r->sock, bye);
	r->connected = false;
}

TEST(responder_starts)
{
	struct rig *r = rig;
	char port[8], root_path[600], log[600];
	const char *why = NULL;
	const char *root_env = getenv("TEEIO_PEER_ROOT");

	if (!interop_peer_path(PEER_VAR, r->peer_path, sizeof(r->peer_path), &why)) {
		char msg[200];
		snprintf(msg, sizeof(msg),
			 "%s: %s (spdm-emu's spdm_responder_emu, docs/interop.md)", PEER_VAR, why);
		test_skip(msg);
		r->peer_path[0] = '\0';
		return;
	}
	if (root_env && *root_env) {
		snprintf(root_path, sizeof(root_path), "%s", root_env);
	} else {
		const char *slash = strrchr(r->peer_path, '/');
		snprintf(root_path, sizeof(root_path), "%.*s/ecp384/ca.cert.der",
			 (int)(slash - r->peer_path), r->peer_path);
	}
	size_t n = 0;
	uint8_t *der = test_read_file(root_path, &n);
	CHECK(der && n > 0 && n <= sizeof(r->root));
	if (der && n <= sizeof(r->root)) {
		memcpy(r->root, der, n);
		r->root_len = n;
	}
	free(der);
	r->roots[0] = r->root;
	r->root_lens[0] = r->root_len;

	CHECK_OK(interop_free_port(&r->peer.port));
	snprintf(port, sizeof(port), "%u", r->peer.port);
	snprintf(log, sizeof(log), "%s/responder.log", test_tmpdir("interop-pcisig"));
	const char *args[] = {"--trans", "PCI_DOE",          "--port", port, "--mut_auth",
			      "NO",      "--basic_mut_auth", "NO",     NULL};
	if (test_state.checks_failed)
		return;
	CHECK_OK(interop_peer_start(&r->peer, r->peer_path, args, log));
	r->peer_started = !test_state.checks_failed;
	printf("  %s on 127.0.0.1:%u (PCI_DOE), log %s\n", r->peer_path, r->peer.port, log);
}

TEST(spdm13_idekm_tdisp)
{
	run_flow(TEEIO_SPDM_V13, TEEIO_SOCK_CMD_CONTINUE);
}

TEST(spdm12_idekm_tdisp)
{
	run_flow(TEEIO_SPDM_V12, TEEIO_SOCK_CMD_CONTINUE);
}

TEST(spdm11_idekm_tdisp)
{
	run_flow(TEEIO_SPDM_V11, TEEIO_SOCK_CMD_SHUTDOWN);
}

/* After SHUTDOWN the responder exits by itself, with status 0. */
TEST(responder_exits_on_shutdown)
{
	struct rig *r = rig;

	if (!r->peer_started) {
		test_skip("no responder");
		return;
	}
	int st = interop_peer_stop(&r->peer, 5000);
	r->peer_started = false;
	CHECK_EQ(st, 0);
}

int main(void)
{
	rig = calloc(1, sizeof(*rig));
	if (!rig)
		return 2;
	RUN(responder_starts);
	RUN(spdm13_idekm_tdisp);
	RUN(spdm12_idekm_tdisp);
	RUN(spdm11_idekm_tdisp);
	RUN(responder_exits_on_shutdown);
	interop_peer_stop(&rig->peer, 0); /* every path: no process left */
	if (test_state.failed == 0)
		interop_peer_remove_log(&rig->peer);
	teeio_wipe(rig, sizeof(*rig));
	free(rig);
	return test_summary();
}
