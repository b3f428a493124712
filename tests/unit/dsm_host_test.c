/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hosted device end to end, in process: a teeio SPDM requester (over
 * DOE framing) authenticates the device, reads its measurements, opens a
 * session, programs IDE keys with IDE_KM, and drives a TDI through
 * LOCK / REPORT / START / STOP with TDISP -- all inside the session.  Also
 * the config-space DOE mailbox, identities from files, and the socket
 * handler's reset between clients.
 */
#include <stdlib.h>
#include <string.h>

#include "teeio/dsm.h"
#include "support/dsm.h"
#include "test.h"

/* Each test's device and requester. */
#define rig dsm_rig

static struct rig *rig_new(const struct teeio_dsm_identity *id)
{
	return dsm_rig_new(NULL, id);
}

static void key_stream0(struct rig *r)
{
	CHECK_OK(dsm_rig_key_stream0(r));
}

static uint32_t ide_status0(struct rig *r)
{
	return teeio_dsm_cfg_read(&r->host.dev, 0, TEEIO_DSM_ECAP_IDE + 0x0C + 8, 4);
}

TEST(spdm_measurements_and_session)
{
	struct rig *r = rig_new(NULL);

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_OK(dsm_rig_connect(r));
	CHECK(r->res.session_id != 0);
	CHECK_EQ(r->res.meas.n_blocks, 8);
	for (unsigned i = 0; i < r->res.meas.n_blocks && i < 8; i++)
		CHECK_EQ(r->blocks[i].type, i);
	/* device mode, version, SVN are raw; ROM is a digest */
	CHECK(!r->blocks[0].raw);
	CHECK(r->blocks[6].raw);
	CHECK_EQ(r->blocks[6].len, 5);
	CHECK_MEM(r->blocks[6].value, "1.0.0", 5);
	CHECK(r->res.meas.signature_verified);
	dsm_rig_free(r);
}

TEST(idekm_and_tdisp_over_the_session)
{
	struct rig *r = rig_new(NULL);
	struct teeio_idekm_port_info info;
	struct teeio_idekm_regs_layout lay;
	struct teeio_tdisp_caps caps;
	struct teeio_tdisp_lock_params lp = {0};
	uint8_t nonce[32], rep[2048];
	size_t rep_len;
	enum teeio_tdisp_state st;
	uint32_t fid;

	if (!r || dsm_rig_connect(r) != TEEIO_OK) {
		CHECK(!"connect");
		dsm_rig_free(r);
		return;
	}
	fid = teeio_dsm_fn_id(&r->host.dev, 0);
	/* IDE_KM: QUERY shows the IDE capability as config space has it */
	CHECK_OK(teeio_idekm_req_query(&r->km, 0, &info));
	CHECK_EQ(info.bus_num, 1);
	CHECK_OK(teeio_idekm_regs_layout(info.regs, info.n_regs, &lay));
	CHECK_EQ(lay.n_sel, 2);
	CHECK_EQ(info.regs[0], teeio_dsm_cfg_read(&r->host.dev, 0, TEEIO_DSM_ECAP_IDE + 4, 4));
	CHECK_EQ(ide_status0(r), 0); /* enabled, not keyed: Insecure */
	/* LOCK before the stream is Secure is refused */
	CHECK_OK(teeio_tdisp_req_get_version(&r->td, fid));
	CHECK_OK(teeio_tdisp_req_get_caps(&r->td, fid, 0, &caps));
	CHECK_EQ(caps.lock_flags, TEEIO_DSM_LOCK_FLAGS);
	CHECK_ERR(teeio_tdisp_req_lock(&r->td, fid, &lp, nonce), TEEIO_ERR_PROTO_PEER_ERROR);
	key_stream0(r);
	CHECK_EQ(ide_status0(r), 2); /* Secure */
	/* the TDI lifecycle */
	lp.flags = TEEIO_TDISP_LOCK_MSIX;
	lp.mmio_reporting_offset = 0;
	CHECK_OK(teeio_tdisp_req_lock(&r->td, fid, &lp, nonce));
	CHECK_OK(teeio_tdisp_req_get_report(&r->td, fid, rep, sizeof(rep), &rep_len));
	CHECK_EQ(rep_len, 16 + 5 * 16 + 4 + 8);
	/* the same report read in 24-byte portions (5 requests) */
	uint8_t rep2[2048];
	size_t rep2_len;
	r->td.portion_len = 24;
	CHECK_OK(teeio_tdisp_req_get_report(&r->td, fid, rep2, sizeof(rep2), &rep2_len));
	CHECK_EQ(rep2_len, rep_len);
	CHECK_MEM(rep2, rep, rep_len);
	r->td.portion_len = 0;
	CHECK_OK(teeio_tdisp_req_start(&r->td, fid, nonce));
	CHECK_OK(teeio_tdisp_req_get_state(&r->td, fid, &st));
	CHECK_EQ(st, TEEIO_TDISP_RUN);
	/* K_SET_STOP of one of stream 0's keys breaks the running TDI */
	uint32_t vf1 = teeio_dsm_fn_id(&r->host.dev, 1);
	uint8_t nonce1[32];
	struct teeio_idekm_sel stop_sel = {0, 0, 0, 1, 2};
	lp.flags = 0;
	CHECK_OK(teeio_tdisp_req_lock(&r->td, vf1, &lp, nonce1));
	CHECK_OK(teeio_tdisp_req_start(&r->td, vf1, nonce1));
	CHECK_OK(teeio_idekm_req_key_set_stop(&r->km, &stop_sel));
	CHECK_EQ(ide_status0(r), 0);
	CHECK_EQ(teeio_dsm_tdi_state(&r->host.dev, 1), TEEIO_TDISP_STATE_ERROR);
	CHECK_EQ(teeio_dsm_tdi_state(&r->host.dev, 0), TEEIO_TDISP_STATE_ERROR);
	CHECK_OK(teeio_tdisp_req_stop(&r->td, vf1));
	CHECK_OK(teeio_tdisp_req_stop(&r->td, fid));
	for (uint8_t i = 0; i < 5; i++) { /* the other five, then key afresh */
		struct teeio_idekm_sel sel = {0, 0, 0, (uint8_t)(i / 3), (uint8_t)(i % 3)};
		CHECK_OK(teeio_idekm_req_key_set_stop(&r->km, &sel));
	}
	key_stream0(r);
	CHECK_EQ(ide_status0(r), 2);
	/* a VF too */
	uint32_t vf = teeio_dsm_fn_id(&r->host.dev, 2);
	lp.flags = 0;
	CHECK_OK(teeio_tdisp_req_lock(&r->td, vf, &lp, nonce));
	CHECK_OK(teeio_tdisp_req_stop(&r->td, vf));
	CHECK_OK(teeio_tdisp_req_get_state(&r->td, fid, &st));
	CHECK_EQ(st, TEEIO_TDISP_CONFIG_UNLOCKED);
	/* the session ends with a TDI locked: it goes to ERROR and the IDE
	 * keys of the session are stopped */
	CHECK_OK(teeio_tdisp_req_lock(&r->td, fid, &lp, nonce));
	CHECK_OK(teeio_spdm_req_end_session(&r->req, r->res.session_id, false));
	CHECK_EQ(teeio_dsm_tdi_state(&r->host.dev, 0), TEEIO_TDISP_STATE_ERROR);
	CHECK_EQ(ide_status0(r), 0);
	/* a new platform: the handler's reset power-cycles the device */
	struct teeio_sock_handler sh = teeio_dsm_host_sock_handler(&r->host);
	sh.reset(sh.ctx);
	CHECK_EQ(teeio_dsm_tdi_state(&r->host.dev, 0), TEEIO_TDISP_CONFIG_UNLOCKED);
	uint64_t base;
	CHECK(teeio_dsm_bar_base(&r->host.dev, 0, 0, &base)); /* enumerated again */
	dsm_rig_free(r);
}

static void drop_tlp(void *ctx, const struct teeio_tlp *t)
{
	(void)ctx;
	(void)t;
}

TEST(ide_integrity_failure_breaks_the_tdi)
{
	struct rig *r = rig_new(NULL);
	struct teeio_tdisp_lock_params lp = {0};
	uint8_t nonce[32];
	uint32_t fid;

	if (!r || dsm_rig_connect(r) != TEEIO_OK) {
		CHECK(!"connect");
		dsm_rig_free(r);
		return;
	}
	key_stream0(r);
	fid = teeio_dsm_fn_id(&r->host.dev, 1);
	CHECK_OK(teeio_tdisp_req_lock(&r->td, fid, &lp, nonce));
	CHECK_OK(teeio_tdisp_req_start(&r->td, fid, nonce));
	/* a garbage IDE TLP on stream 0: MAC check fails, stream Insecure */
	uint8_t tlp[64] = {0};
	struct teeio_tlp t = {0};
	size_t n;
	uint8_t payload[4] = {1, 2, 3, 4};
	t.type = TEEIO_TLP_MWR;
	t.length_dw = 1;
	t.first_be = 0xF;
	t.addr = 0x1000;
	t.has_ide = true;
	t.ide.m = true;
	t.ide.stream_id = 0;
	t.payload = payload;
	t.payload_len = 4;
	CHECK_OK(teeio_tlp_encode(&t, tlp, sizeof(tlp), &n));
	struct teeio_ide_deliver d = {drop_tlp, NULL};
	CHECK_ERR(teeio_ide_port_rx(&r->host.port, tlp, n, &d), TEEIO_ERR_CRYPTO_VERIFY);
	CHECK_EQ(teeio_dsm_tdi_state(&r->host.dev, 1), TEEIO_TDISP_STATE_ERROR);
	dsm_rig_free(r);
}

/* Config accessors for the DOE host driver: absolute offsets of the PF. */
static uint32_t pf_read(void *ctx, uint32_t off)
{
	return teeio_dsm_cfg_read(ctx, 0, (uint16_t)off, 4);
}

static void pf_write(void *ctx, uint32_t off, uint32_t val)
{
	teeio_dsm_cfg_write(ctx, 0, (uint16_t)off, 4, val);
}

TEST(doe_mailbox_in_config_space)
{
	struct rig *r = rig_new(NULL);
	struct teeio_cfg_ops ops = {pf_read, pf_write, NULL};
	struct teeio_doe_host dh;
	bool found = false;
	uint8_t req[64], rsp[256];
	size_t rsp_len = sizeof(rsp);
	struct teeio_buf b;
	const uint8_t get_version[4] = {0x10, 0x84, 0, 0};
	const uint8_t *payload;
	size_t plen;

	if (!r)
		return;
	ops.ctx = &r->host.dev;
	CHECK_OK(teeio_doe_host_init(&dh, ops, TEEIO_DSM_ECAP_DOE, 0));
	CHECK_OK(teeio_doe_host_supports(
	    &dh, (struct teeio_doe_prot){TEEIO_DOE_VENDOR_PCISIG, TEEIO_DOE_TYPE_SPDM}, &found));
	CHECK(found);
	CHECK_OK(teeio_doe_host_supports(
	    &dh, (struct teeio_doe_prot){TEEIO_DOE_VENDOR_PCISIG, TEEIO_DOE_TYPE_SECURED_SPDM},
	    &found));
	CHECK(found);
	b = teeio_buf_writer(req, sizeof(req));
	CHECK_OK(teeio_doe_encode(&b, TEEIO_DOE_VENDOR_PCISIG, TEEIO_DOE_TYPE_SPDM, get_version,
				  sizeof(get_version)));
	CHECK_OK(teeio_doe_host_exchange(&dh, req, b.pos, rsp, &rsp_len));
	CHECK_OK(teeio_doe_decode_expect(rsp, rsp_len, TEEIO_DOE_VENDOR_PCISIG, TEEIO_DOE_TYPE_SPDM,
					 &payload, &plen));
	CHECK(plen >= 4);
	CHECK_EQ(payload[1], 0x04); /* VERSION */
	dsm_rig_free(r);
}

TEST(identity_from_pki_dir_and_files)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	struct teeio_pki_chain chain;
	const char *dir = test_tmpdir("dsm_pki");
	char chain_file[512], key_file[512];
	struct teeio_dsm_identity id = {0};
	struct rig *r;

	memset(&chain, 0, sizeof(chain));
	CHECK_OK(teeio_pki_generate_device(ops, TEEIO_SIG_ECDSA_P256, 0, &chain));
	CHECK_OK(teeio_pki_chain_write(ops, &chain, dir, "device"));
	teeio_pki_chain_free(ops, &chain);
	id.pki_dir = dir;
	r = rig_new(&id);
	CHECK(r != NULL);
	if (r) {
		CHECK_EQ(r->host.rcfg.algs.asym[0], TEEIO_SIG_ECDSA_P256);
		CHECK_OK(dsm_rig_connect(r));
		dsm_rig_free(r);
	}
	/* the same pair as chain + key files */
	snprintf(chain_file, sizeof(chain_file), "%s/device_chain.der", dir);
	snprintf(key_file, sizeof(key_file), "%s/device_leaf.key.pem", dir);
	memset(&id, 0, sizeof(id));
	id.chain_file = chain_file;
	id.key_file = key_file;
	r = rig_new(&id);
	CHECK(r != NULL);
	if (r) {
		CHECK_EQ(r->host.have_file_key, 1);
		dsm_rig_free(r);
	}
	/* a missing file */
	id.chain_file = "/nonexistent/chain.der";
	CHECK(rig_new(&id) == NULL);
	id.pki_dir = "/nonexistent";
	id.chain_file = id.key_file = NULL;
	CHECK(rig_new(&id) == NULL);
}

/* The socket handler: DOE discovery, and an MCTP device. */
TEST(socket_handler_doe_and_mctp)
{
	struct teeio_dsm_profile *p = calloc(1, sizeof(*p));
	struct teeio_dsm_host *h = calloc(1, sizeof(*h));
	struct teeio_dsm_host_config hc = {0};
	struct teeio_sock_handler sh;
	uint8_t req[64], out[512];
	struct teeio_buf b, o;
	struct teeio_doe_prot prot;
	uint8_t next;
	const uint8_t get_version[4] = {0x10, 0x84, 0, 0};
	const uint8_t *msg;
	size_t len;
	bool secured;

	CHECK_OK(teeio_dsm_profile_default(p));
	hc.ops = teeio_crypto_openssl();
	hc.prof = p;
	hc.trans = TEEIO_TRANS_PCI_DOE;
	hc.id.alg = TEEIO_SIG_ECDSA_P256;
	CHECK_OK(teeio_dsm_host_init(h, &hc));
	sh = teeio_dsm_host_sock_handler(h);
	b = teeio_buf_writer(req, sizeof(req));
	CHECK_OK(teeio_doe_disc_req_encode(&b, 2, 0));
	o = teeio_buf_writer(out, sizeof(out));
	CHECK_OK(sh.message(sh.ctx, TEEIO_TRANS_PCI_DOE, req, b.pos, &o));
	CHECK_OK(teeio_doe_disc_rsp_decode(out, o.pos, &prot, &next));
	CHECK_EQ(prot.type, TEEIO_DOE_TYPE_SECURED_SPDM);
	CHECK_EQ(next, 0);
	/* a frame of another transport is refused */
	o = teeio_buf_writer(out, sizeof(out));
	CHECK(sh.message(sh.ctx, TEEIO_TRANS_MCTP, req, b.pos, &o) != TEEIO_OK);
	teeio_dsm_host_free(h);

	hc.trans = TEEIO_TRANS_MCTP;
	CHECK_OK(teeio_dsm_host_init(h, &hc));
	CHECK(h->rcfg.binding == &teeio_spdm_sec_mctp);
	sh = teeio_dsm_host_sock_handler(h);
	b = teeio_buf_writer(req, sizeof(req));
	CHECK_OK(teeio_trans_encode(TEEIO_TRANS_MCTP, false, get_version, sizeof(get_version), &b));
	o = teeio_buf_writer(out, sizeof(out));
	CHECK_OK(sh.message(sh.ctx, TEEIO_TRANS_MCTP, req, b.pos, &o));
	CHECK_OK(teeio_trans_decode(TEEIO_TRANS_MCTP, out, o.pos, &secured, &msg, &len));
	CHECK(!secured);
	CHECK(len >= 4 && msg[1] == 0x04); /* VERSION */
	teeio_dsm_host_free(h);
	free(h);
	free(p);
}

int main(void)
{
	RUN(spdm_measurements_and_session);
	RUN(idekm_and_tdisp_over_the_session);
	RUN(ide_integrity_failure_breaks_the_tdi);
	RUN(doe_mailbox_in_config_space);
	RUN(identity_from_pki_dir_and_files);
	RUN(socket_handler_doe_and_mctp);
	return test_summary();
}
