/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IDE_KM over a real in-process SPDM session: the TSM's requester uses
 * teeio_idekm_spdm_exchange, the device's SPDM responder routes the
 * PCI-SIG vendor-defined messages to the IDE_KM responder through
 * teeio_idekm_rsp_registration, and END_SESSION releases the port.
 */
#include "test.h"
#include "support/idekm.h"
#include "support/spdm_req.h"

static const struct spdm_combo combo = {"p384-sha384-aes256-v13", TEEIO_SPDM_V13,
					TEEIO_SIG_ECDSA_P384,     TEEIO_HASH_SHA384,
					TEEIO_DHE_SECP384R1,      TEEIO_AEAD_AES256_GCM};

static struct spdm_world world;
static struct teeio_idekm_rsp idekm;
static struct idekm_fake_dev dev;
static uint8_t chain[8192];

static uint32_t connect(struct spdm_world *w)
{
	struct teeio_spdm_req_connect_opts opts = {.slot = 0, .session = true};
	struct teeio_spdm_req_connect_result res = {.chain = chain, .chain_cap = sizeof(chain)};
	if (teeio_spdm_req_connect(&w->req, &opts, &res) != TEEIO_OK)
		return 0;
	return res.session_id;
}

TEST(idekm_inside_an_spdm_session)
{
	static const uint8_t key[32] = {0xc0, 0xc1, 0xc2, 0xc3};
	static const uint32_t ifv[2] = {0, 1};
	struct teeio_idekm_port_info info;
	struct spdm_world *w = &world;

	memset(&dev, 0, sizeof(dev));
	idekm_fake_rsp(&idekm, &dev, false);
	if (spdm_world_init(w, &combo, SPDM_WORLD_RSP_CAPS) != TEEIO_OK) {
		test_fail(__FILE__, __LINE__, "world init");
		return;
	}
	w->vendor[0] = teeio_idekm_rsp_registration(&idekm);
	w->rcfg.session_ended = teeio_idekm_rsp_session_ended;
	w->rcfg.session_ended_ctx = &idekm;
	CHECK_OK(spdm_world_start(w, NULL));
	uint32_t id = connect(w);
	CHECK(id != 0);

	struct teeio_idekm_spdm link = {&w->req, id};
	struct teeio_idekm_req q = {teeio_idekm_spdm_exchange, &link};
	CHECK_OK(teeio_idekm_req_query(&q, 0, &info));
	CHECK_EQ(info.max_port_index, 1);
	CHECK_EQ(info.n_regs, 9);
	for (uint8_t dir = 0; dir < 2; dir++)
		for (uint8_t ss = 0; ss < 3; ss++) {
			struct teeio_idekm_sel s = {0, 1, 0, dir, ss};
			CHECK_OK(teeio_idekm_req_key_prog(&q, &s, key, ifv, NULL));
		}
	CHECK_MEM(dev.last_key, key, 32);
	for (uint8_t dir = 0; dir < 2; dir++)
		for (uint8_t ss = 0; ss < 3; ss++) {
			struct teeio_idekm_sel s = {0, 1, 0, dir, ss};
			CHECK_OK(teeio_idekm_req_key_set_go(&q, &s));
		}
	CHECK_EQ(dev.n_go, 6);
	/* A refusal arrives as an SPDM ERROR. */
	struct teeio_idekm_sel bad = {0, 1, 1, 0, 0};
	CHECK_ERR(teeio_idekm_req_key_set_go(&q, &bad), TEEIO_ERR_PROTO_PEER_ERROR);

	/* Outside a session IDE_KM is refused on both sides. */
	link.session_id = 0;
	CHECK_ERR(teeio_idekm_req_query(&q, 0, &info), TEEIO_ERR_STATE_NO_SESSION);
	uint8_t query[4] = {0, 0, 0, 0}, out[64];
	size_t out_len = 0;
	static const uint8_t vid[2] = {0x01, 0x00};
	CHECK(teeio_spdm_req_vendor(&w->req, 0, TEEIO_SPDM_VENDOR_STD_PCISIG, vid, 2, query, 4, out,
				    sizeof(out), &out_len) != TEEIO_OK);

	/* A second session may not touch port 0 while the first lives... */
	uint32_t id2 = 0;
	CHECK_OK(teeio_spdm_req_key_exchange(&w->req, 0, TEEIO_SPDM_MEAS_SUMMARY_NONE, &id2, NULL));
	CHECK_OK(teeio_spdm_req_finish(&w->req, id2));
	link.session_id = id2;
	CHECK_ERR(teeio_idekm_req_query(&q, 0, &info), TEEIO_ERR_PROTO_PEER_ERROR);
	/* ...and takes it over once the first has ended (its keys stopped). */
	CHECK_OK(teeio_spdm_req_end_session(&w->req, id, false));
	CHECK_EQ(dev.n_stop, 6);
	CHECK_OK(teeio_idekm_req_query(&q, 0, &info));
	spdm_world_free(w);
}

int main(void)
{
	RUN(idekm_inside_an_spdm_session);
	return test_summary();
}
