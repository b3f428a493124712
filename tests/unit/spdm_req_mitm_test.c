/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A real responder behind a man-in-the-middle that spoils one answer:
 * every response the requester receives after VCA, mutated (truncated,
 * extended, reserved bits, wrong slot, inconsistent lengths, bad
 * signature, bad verify_data, replayed / foreign secured record).  Each
 * must fail with the expected error and never crash.
 */
#include "test.h"
#include "support/spdm_req.h"

#include "spdm/wire.h"

#include <string.h>

/* P-256 / SHA-256 / AES-128-GCM, SPDM 1.2: H = 32, S = 64. */
static const struct spdm_combo combo = {"p256",
					TEEIO_SPDM_V12,
					TEEIO_SIG_ECDSA_P256,
					TEEIO_HASH_SHA256,
					TEEIO_DHE_SECP256R1,
					TEEIO_AEAD_AES128_GCM};
#define H 32
#define S 64

enum op { XOR, OR, ZERO16, GROW, SHRINK, REPLAY };

/* One mutation: the `nth` answer with response code `code` (0: the nth
 * secured answer), byte `off` (negative: from the end) XOR `val`, or
 * grown/shrunk by one byte, or replaced by the previous secured answer. */
struct mutation {
	const char *name;
	uint8_t code;
	unsigned nth;
	enum op op;
	int off;
	uint8_t val;
	bool in_session; /* spoil a HEARTBEAT_ACK, not the connect flow */
	teeio_err want;
	/* A second acceptable error, for mutations whose first failing check
	 * depends on random bytes of the response (nonce, signature): any of
	 * the two is a correct rejection.  TEEIO_OK: only `want`. */
	teeio_err want_alt;
};

static const struct mutation cases[] = {
    {"digests digest", SPDM_DIGESTS, 0, XOR, 4, 1, false, TEEIO_ERR_CRYPTO_VERIFY, TEEIO_OK},
    {"digests truncated", SPDM_DIGESTS, 0, SHRINK, 0, 0, false, TEEIO_ERR_SIZE_TRUNCATED, TEEIO_OK},
    {"digests trailing", SPDM_DIGESTS, 0, GROW, 0, 0, false, TEEIO_ERR_SIZE_TRAILING, TEEIO_OK},
    {"digests param1", SPDM_DIGESTS, 0, XOR, 2, 1, false, TEEIO_ERR_PROTO_RESERVED, TEEIO_OK},
    {"digests no slot", SPDM_DIGESTS, 0, XOR, 3, 1, false, TEEIO_ERR_PROTO, TEEIO_OK},
    {"cert wrong slot", SPDM_CERTIFICATE, 0, XOR, 2, 1, false, TEEIO_ERR_PROTO, TEEIO_OK},
    {"cert param2", SPDM_CERTIFICATE, 0, XOR, 3, 1, false, TEEIO_ERR_PROTO_RESERVED, TEEIO_OK},
    {"cert remainder", SPDM_CERTIFICATE, 1, XOR, 6, 1, false, TEEIO_ERR_PROTO, TEEIO_OK},
    {"cert portion len", SPDM_CERTIFICATE, 0, XOR, 4, 1, false, TEEIO_ERR_PROTO, TEEIO_OK},
    {"cert portion 0", SPDM_CERTIFICATE, 0, ZERO16, 4, 0, false, TEEIO_ERR_PROTO, TEEIO_OK},
    {"cert body", SPDM_CERTIFICATE, 0, XOR, 200, 1, false, TEEIO_ERR_CRYPTO_VERIFY, TEEIO_OK},
    {"cert trailing", SPDM_CERTIFICATE, 1, GROW, 0, 0, false, TEEIO_ERR_SIZE_TRAILING, TEEIO_OK},
    {"chal signature", SPDM_CHALLENGE_AUTH, 0, XOR, -1, 1, false, TEEIO_ERR_CRYPTO_VERIFY,
     TEEIO_OK},
    {"chal chain hash", SPDM_CHALLENGE_AUTH, 0, XOR, 4, 1, false, TEEIO_ERR_CRYPTO_VERIFY,
     TEEIO_OK},
    {"chal nonce", SPDM_CHALLENGE_AUTH, 0, XOR, 4 + H, 1, false, TEEIO_ERR_CRYPTO_VERIFY, TEEIO_OK},
    {"chal summary", SPDM_CHALLENGE_AUTH, 0, XOR, 4 + H + 32, 1, false, TEEIO_ERR_CRYPTO_VERIFY,
     TEEIO_OK},
    {"chal truncated", SPDM_CHALLENGE_AUTH, 0, SHRINK, 0, 0, false, TEEIO_ERR_SIZE_TRUNCATED,
     TEEIO_OK},
    {"chal trailing", SPDM_CHALLENGE_AUTH, 0, GROW, 0, 0, false, TEEIO_ERR_SIZE_TRAILING, TEEIO_OK},
    {"chal reserved", SPDM_CHALLENGE_AUTH, 0, XOR, 2, 0x80, false, TEEIO_ERR_PROTO_RESERVED,
     TEEIO_OK},
    {"chal slot mask", SPDM_CHALLENGE_AUTH, 0, XOR, 3, 1, false, TEEIO_ERR_PROTO, TEEIO_OK},
    {"chal version", SPDM_CHALLENGE_AUTH, 0, XOR, 0, 0x01, false, TEEIO_ERR_PROTO_VERSION,
     TEEIO_OK},
    {"meas signature", SPDM_MEASUREMENTS, 0, XOR, -1, 1, false, TEEIO_ERR_CRYPTO_VERIFY, TEEIO_OK},
    {"meas value", SPDM_MEASUREMENTS, 0, XOR, 20, 1, false, TEEIO_ERR_CRYPTO_VERIFY, TEEIO_OK},
    {"meas content 11b", SPDM_MEASUREMENTS, 0, OR, 3, 0x30, false, TEEIO_ERR_PROTO_RESERVED,
     TEEIO_OK},
    {"meas reserved p2", SPDM_MEASUREMENTS, 0, XOR, 3, 0x80, false, TEEIO_ERR_PROTO_RESERVED,
     TEEIO_OK},
    {"meas p1", SPDM_MEASUREMENTS, 0, XOR, 2, 1, false, TEEIO_ERR_PROTO_RESERVED, TEEIO_OK},
    {"meas block count", SPDM_MEASUREMENTS, 0, XOR, 4, 1, false, TEEIO_ERR_CRYPTO_VERIFY, TEEIO_OK},
    {"meas no blocks", SPDM_MEASUREMENTS, 0, XOR, 4, 4, false, TEEIO_ERR_PROTO, TEEIO_OK},
    /* A record length one off moves the parse into the random nonce and
     * signature: the length checks that fail first depend on those bytes. */
    {"meas record len", SPDM_MEASUREMENTS, 0, XOR, 5, 1, false, TEEIO_ERR_PROTO,
     TEEIO_ERR_SIZE_TRUNCATED},
    {"meas truncated", SPDM_MEASUREMENTS, 0, SHRINK, 0, 0, false, TEEIO_ERR_SIZE_TRUNCATED,
     TEEIO_OK},
    {"meas trailing", SPDM_MEASUREMENTS, 0, GROW, 0, 0, false, TEEIO_ERR_SIZE_TRAILING, TEEIO_OK},
    {"kex verify data", SPDM_KEY_EXCHANGE_RSP, 0, XOR, -1, 1, false, TEEIO_ERR_CRYPTO_VERIFY,
     TEEIO_OK},
    {"kex signature", SPDM_KEY_EXCHANGE_RSP, 0, XOR, -(H + 1), 1, false, TEEIO_ERR_CRYPTO_VERIFY,
     TEEIO_OK},
    {"kex dhe", SPDM_KEY_EXCHANGE_RSP, 0, XOR, 45, 1, false, TEEIO_ERR_CRYPTO_VERIFY, TEEIO_OK},
    {"kex mut auth", SPDM_KEY_EXCHANGE_RSP, 0, XOR, 6, 1, false, TEEIO_ERR_PROTO, TEEIO_OK},
    {"kex req slot", SPDM_KEY_EXCHANGE_RSP, 0, XOR, 7, 1, false, TEEIO_ERR_PROTO_RESERVED,
     TEEIO_OK},
    {"kex param2", SPDM_KEY_EXCHANGE_RSP, 0, XOR, 3, 1, false, TEEIO_ERR_PROTO_RESERVED, TEEIO_OK},
    {"kex session 0", SPDM_KEY_EXCHANGE_RSP, 0, ZERO16, 4, 0, false, TEEIO_ERR_PROTO, TEEIO_OK},
    {"kex truncated", SPDM_KEY_EXCHANGE_RSP, 0, SHRINK, 0, 0, false, TEEIO_ERR_SIZE_TRUNCATED,
     TEEIO_OK},
    {"kex trailing", SPDM_KEY_EXCHANGE_RSP, 0, GROW, 0, 0, false, TEEIO_ERR_SIZE_TRAILING,
     TEEIO_OK},
    {"finish record mac", 0, 0, XOR, -1, 1, false, TEEIO_ERR_CRYPTO_VERIFY, TEEIO_OK},
    {"finish record sid", 0, 0, XOR, 0, 1, false, TEEIO_ERR_CRYPTO_VERIFY, TEEIO_OK},
    {"heartbeat replayed", 0, 2, REPLAY, 0, 0, true, TEEIO_ERR_CRYPTO_VERIFY, TEEIO_OK},
    {"heartbeat mac", 0, 1, XOR, -1, 1, true, TEEIO_ERR_CRYPTO_VERIFY, TEEIO_OK},
    {"heartbeat session id", 0, 1, XOR, 3, 0x40, true, TEEIO_ERR_CRYPTO_VERIFY, TEEIO_OK},
    {"heartbeat ciphertext", 0, 1, XOR, 8, 1, true, TEEIO_ERR_CRYPTO_VERIFY, TEEIO_OK},
    {"heartbeat truncated", 0, 1, SHRINK, 0, 0, true, TEEIO_ERR_SIZE_TRUNCATED, TEEIO_OK},
};

static void spoil(struct spdm_mitm *m, bool secured, uint8_t *rsp, size_t *len, size_t cap)
{
	const struct mutation *c = m->fn_ctx;

	if (secured != (c->code == 0) || (!secured && (*len < 2 || rsp[1] != c->code)))
		return;
	if (m->hits++ != c->nth)
		return;
	switch (c->op) {
	case XOR: {
		size_t at = c->off >= 0 ? (size_t)c->off : *len - (size_t)(-c->off);
		if (at < *len)
			rsp[at] ^= c->val;
		break;
	}
	case OR: rsp[c->off] |= c->val; break;
	case ZERO16:
		rsp[c->off] = 0;
		rsp[c->off + 1] = 0;
		break;
	case GROW:
		if (*len < cap)
			rsp[(*len)++] = 0xA5;
		break;
	case SHRINK: (*len)--; break;
	case REPLAY:
		if (m->prev_rec_len <= cap) {
			memcpy(rsp, m->prev_rec, m->prev_rec_len);
			*len = m->prev_rec_len;
		}
		break;
	}
}

static struct spdm_world world;
static struct spdm_mitm mitm;
static uint8_t chain[8192], record[2048];
static struct teeio_spdm_meas_block blocks[8];

static void run_case(const struct mutation *c)
{
	struct spdm_world *w = &world;
	int before = test_state.checks_failed;

	if (spdm_world_init(w, &combo, SPDM_WORLD_RSP_CAPS) != TEEIO_OK) {
		test_fail(__FILE__, __LINE__, "%s: world", c->name);
		return;
	}
	memset(&mitm, 0, sizeof(mitm));
	mitm.inner = w->io;
	mitm.fn = spoil;
	mitm.fn_ctx = (void *)c;
	struct teeio_spdm_io io = spdm_mitm_io(&mitm);
	CHECK_OK(spdm_world_start(w, &io));

	struct teeio_spdm_req_connect_opts opts = {.challenge = true,
						   .measurements = true,
						   .session = true,
						   .summary_type = TEEIO_SPDM_MEAS_SUMMARY_ALL};
	struct teeio_spdm_req_connect_result res = {.chain = chain,
						    .chain_cap = sizeof(chain),
						    .record = record,
						    .record_cap = sizeof(record),
						    .blocks = blocks,
						    .max_blocks = 8};
	teeio_err e = teeio_spdm_req_connect(&w->req, &opts, &res);
	if (c->in_session) {
		CHECK_OK(e);
		for (int i = 0; i < 3 && e == TEEIO_OK; i++)
			e = teeio_spdm_req_heartbeat(&w->req, res.session_id);
		/* The session is gone after a rejected record. */
		CHECK_ERR(teeio_spdm_req_heartbeat(&w->req, res.session_id),
			  TEEIO_ERR_STATE_NO_SESSION);
	} else if (c->code == 0) {
		/* A rejected record ends the session, not the connection. */
		CHECK_OK(teeio_spdm_req_digests(&w->req, NULL));
	} else if (teeio_err_kind(e) != TEEIO_KIND_OK) {
		/* Fatal: the connection stays dead until reset. */
		CHECK_ERR(teeio_spdm_req_digests(&w->req, NULL), TEEIO_ERR_STATE_DEAD);
	}
	if (e != c->want && (c->want_alt == TEEIO_OK || e != c->want_alt))
		test_fail(__FILE__, __LINE__, "%s: got %s, want %s", c->name, teeio_err_str(e),
			  teeio_err_str(c->want));
	CHECK(mitm.hits > c->nth); /* the mutation really happened */
	spdm_world_free(w);
	if (test_state.checks_failed != before)
		test_fail(__FILE__, __LINE__, "case \"%s\" failed", c->name);
}

TEST(mitm_every_mutation_rejected)
{
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(cases); i++)
		run_case(&cases[i]);
}

TEST(mitm_untouched_flow_passes)
{
	/* The same harness without a mutation connects: the cases above
	 * fail because of their mutation and nothing else. */
	static const struct mutation none = {"none", 0xEE, 0, XOR, 0, 0, false, TEEIO_OK, TEEIO_OK};
	struct spdm_world *w = &world;
	CHECK_OK(spdm_world_init(w, &combo, SPDM_WORLD_RSP_CAPS));
	memset(&mitm, 0, sizeof(mitm));
	mitm.inner = w->io;
	mitm.fn = spoil;
	mitm.fn_ctx = (void *)&none;
	struct teeio_spdm_io io = spdm_mitm_io(&mitm);
	CHECK_OK(spdm_world_start(w, &io));
	struct teeio_spdm_req_connect_opts opts = {
	    .challenge = true, .measurements = true, .session = true};
	struct teeio_spdm_req_connect_result res = {.chain = chain,
						    .chain_cap = sizeof(chain),
						    .record = record,
						    .record_cap = sizeof(record),
						    .blocks = blocks,
						    .max_blocks = 8};
	CHECK_OK(teeio_spdm_req_connect(&w->req, &opts, &res));
	CHECK_OK(teeio_spdm_req_heartbeat(&w->req, res.session_id));
	spdm_world_free(w);
}

int main(void)
{
	RUN(mitm_untouched_flow_passes);
	RUN(mitm_every_mutation_rejected);
	return test_summary();
}
