/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the SPDM requester's response decoders: the input is the
 * responder's side of a conversation.  Layout:
 *   byte 0   mode: which request follows VCA (see `enum mode`)
 *   byte 1   bits 1:0 offered version set, bit 2 DOE padding allowed
 *   then     answers, each [u16 LE length][bytes], consumed one per
 *            exchange (GET_VERSION, GET_CAPABILITIES, NEGOTIATE_ALGORITHMS,
 *            then the mode's requests, Busy/NotReady retries, chunks).
 * Modes that need a verified certificate chain (CHALLENGE, signed
 * MEASUREMENTS, KEY_EXCHANGE) get a fixed leaf key planted in slot 0, so
 * their decoders run up to the signature check.
 */
#include <string.h>

#include "teeio/spdm_req.h"
#include "support/spdm_req.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum mode {
	MODE_CONNECT = 0, /* digests + certificate (+ the rest if it verified) */
	MODE_CHALLENGE,
	MODE_MEAS_UNSIGNED,
	MODE_MEAS_SIGNED,
	MODE_KEY_EXCHANGE,
	MODE_VENDOR,
	MODE_COUNT,
};

#define MAX_ANSWERS SPDM_PEER_STEPS_MAX
/* Errors are the expected outcome; only crashes and UB matter here. */
#define IGNORE(x)                   \
	do {                        \
		teeio_err e_ = (x); \
		(void)e_;           \
	} while (0)

static struct teeio_spdm_req req;
static struct teeio_spdm_req_config cfg;
static struct teeio_pkey leaf;
static bool leaf_ready;
static uint8_t chain[8192], record[4096];
static struct teeio_spdm_meas_block blocks[16];

static void no_delay(void *ctx, uint64_t usec)
{
	(void)ctx;
	(void)usec;
}

/* Plant a "verified" slot 0 with a fixed key (the fuzzer cannot forge
 * signatures; this lets the decoders before the check run). */
static void plant_slot(void)
{
	if (!leaf_ready) {
		if (cfg.ops->pkey_generate(&leaf, req.conn.neg.asym
						      ? req.conn.neg.asym
						      : TEEIO_SIG_ECDSA_P256) != TEEIO_OK)
			return;
		leaf_ready = true;
	}
	req.slots[0].chain_valid = true;
	req.peer_key = leaf;
	req.peer_key_slot = 0;
}

static void unplant(void)
{
	/* The key belongs to the harness, not to the context. */
	if (req.peer_key_slot >= 0 && req.peer_key.impl == leaf.impl) {
		memset(&req.peer_key, 0, sizeof(req.peer_key));
		req.peer_key_slot = -1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct spdm_peer_step steps[MAX_ANSWERS];
	static struct spdm_peer_script script;
	static const uint8_t vsets[4][2] = {{TEEIO_SPDM_V12, TEEIO_SPDM_V13},
					    {TEEIO_SPDM_V10, TEEIO_SPDM_V11},
					    {TEEIO_SPDM_V11, TEEIO_SPDM_V12},
					    {TEEIO_SPDM_V13, TEEIO_SPDM_V13}};

	if (size < 2)
		return 0;
	uint8_t mode = data[0] % MODE_COUNT;
	uint8_t flags = data[1];
	size_t pos = 2, n = 0;
	while (n < MAX_ANSWERS && pos + 2 <= size) {
		size_t len = teeio_load_u16le(data + pos);
		pos += 2;
		if (len > size - pos)
			len = size - pos;
		steps[n].rsp = data + pos;
		steps[n].len = len;
		n++;
		pos += len;
	}
	memset(&script, 0, sizeof(script));
	script.steps = steps;
	script.n_steps = n;

	teeio_spdm_req_config_default(&cfg, teeio_crypto_openssl());
	cfg.versions[0] = vsets[flags & 3][0];
	cfg.versions[1] = vsets[flags & 3][1];
	cfg.max_pad = (flags & 4) ? 3 : 0;
	cfg.delay = no_delay;
	cfg.caps |= TEEIO_SPDM_CAP_HANDSHAKE_IN_THE_CLEAR * ((flags >> 3) & 1);
	struct teeio_spdm_io io = spdm_peer_script_io(&script);
	if (teeio_spdm_req_init(&req, &cfg, &io) != TEEIO_OK)
		return 0;

	if (mode == MODE_CONNECT) {
		struct teeio_spdm_req_connect_opts o = {
		    .challenge = true, .measurements = true, .session = true};
		struct teeio_spdm_req_connect_result res = {.chain = chain,
							    .chain_cap = sizeof(chain),
							    .record = record,
							    .record_cap = sizeof(record),
							    .blocks = blocks,
							    .max_blocks = 16};
		IGNORE(teeio_spdm_req_connect(&req, &o, &res));
	} else if (teeio_spdm_req_vca(&req) == TEEIO_OK) {
		struct teeio_spdm_meas_result mr;
		uint8_t out[256], sum[TEEIO_HASH_MAX];
		size_t out_len;
		uint32_t id;
		static const uint8_t vid[2] = {0x01, 0x00};

		switch (mode) {
		case MODE_CHALLENGE:
			plant_slot();
			IGNORE(teeio_spdm_req_challenge(&req, 0, flags >> 7 ? 0xFF : 0, sum));
			break;
		case MODE_MEAS_UNSIGNED:
			IGNORE(teeio_spdm_req_measurements(&req, 0, flags >> 4, false, 0, record,
							   sizeof(record), blocks, 16, &mr));
			IGNORE(teeio_spdm_req_measurements(&req, 0, 0xFF, false, 0, record,
							   sizeof(record), blocks, 16, &mr));
			break;
		case MODE_MEAS_SIGNED:
			plant_slot();
			IGNORE(teeio_spdm_req_measurements(&req, 0, 0xFF, true, 0, record,
							   sizeof(record), blocks, 16, &mr));
			break;
		case MODE_KEY_EXCHANGE:
			plant_slot();
			if (teeio_spdm_req_key_exchange(&req, 0, flags >> 7 ? 1 : 0, &id, sum) ==
			    TEEIO_OK)
				IGNORE(teeio_spdm_req_finish(&req, id));
			break;
		case MODE_VENDOR:
			IGNORE(teeio_spdm_req_vendor(&req, 0, 3, vid, 2, vid, 2, out, sizeof(out),
						     &out_len));
			break;
		default: break;
		}
	}
	unplant();
	teeio_spdm_req_free(&req);
	return 0;
}
