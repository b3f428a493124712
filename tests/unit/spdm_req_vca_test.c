/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Requester VCA against a scripted responder: the good path, then every
 * way VERSION / CAPABILITIES / ALGORITHMS can be wrong, ERROR mapping, and
 * the Busy / ResponseNotReady retry policy.
 */
#include "test.h"
#include "support/spdm_req.h"

#include "spdm/wire.h"

#include <string.h>

#define V TEEIO_SPDM_V13

static const uint32_t rsp_caps = TEEIO_SPDM_CAP_CERT | TEEIO_SPDM_CAP_CHAL |
				 TEEIO_SPDM_CAP_MEAS_SIG | TEEIO_SPDM_CAP_ENCRYPT |
				 TEEIO_SPDM_CAP_MAC | TEEIO_SPDM_CAP_KEY_EX | TEEIO_SPDM_CAP_HBEAT |
				 TEEIO_SPDM_CAP_KEY_UPD | TEEIO_SPDM_CAP_CHUNK;

/* ---- canned responses ---------------------------------------------------- */

/* ---- fixture ----------------------------------------------------------- */

struct fx {
	struct teeio_spdm_req_config cfg;
	struct teeio_spdm_req req;
	struct spdm_peer_script script;
	struct spdm_peer_step steps[8];
	uint8_t msgs[8][128];
	struct spdm_delay_count delays;
};

static void fx_init(struct fx *f)
{
	memset(f, 0, sizeof(*f));
	teeio_spdm_req_config_default(&f->cfg, teeio_crypto_openssl());
	f->cfg.delay = spdm_delay_count_fn;
	f->cfg.delay_ctx = &f->delays;
	f->script.steps = f->steps;
}

static void fx_add(struct fx *f, const uint8_t *m, size_t n)
{
	size_t i = f->script.n_steps++;
	memcpy(f->msgs[i], m, n);
	f->steps[i].rsp = f->msgs[i];
	f->steps[i].len = n;
}

/* The three good answers, with hooks to spoil one. */
static void fx_good(struct fx *f, const struct spdm_algs *a)
{
	uint8_t m[128];
	static const uint8_t vers[] = {TEEIO_SPDM_V12, TEEIO_SPDM_V13};
	fx_add(f, m, spdm_mk_version(m, vers, 2));
	fx_add(f, m, spdm_mk_caps(m, a->v, rsp_caps, 4096, 4096));
	fx_add(f, m, spdm_mk_algs(m, a));
}

static teeio_err fx_run(struct fx *f)
{
	struct teeio_spdm_io io = spdm_peer_script_io(&f->script);
	teeio_err e = teeio_spdm_req_init(&f->req, &f->cfg, &io);
	if (e != TEEIO_OK)
		return e;
	return teeio_spdm_req_vca(&f->req);
}

/* ---- tests --------------------------------------------------------------- */

TEST(vca_good)
{
	static struct fx f;
	struct spdm_algs a;
	fx_init(&f);
	spdm_algs_default(&a, V);
	fx_good(&f, &a);
	CHECK_OK(fx_run(&f));
	const struct teeio_spdm_negotiated *n = teeio_spdm_req_negotiated(&f.req);
	CHECK_EQ(n->version, TEEIO_SPDM_V13);
	CHECK_EQ(n->asym, TEEIO_SIG_ECDSA_P384);
	CHECK_EQ(n->hash, TEEIO_HASH_SHA384);
	CHECK_EQ(n->dhe, TEEIO_DHE_SECP384R1);
	CHECK_EQ(n->aead, TEEIO_AEAD_AES256_GCM);
	CHECK_EQ(n->meas_hash, TEEIO_HASH_SHA384);
	CHECK_EQ(n->rsp_caps, rsp_caps);
	CHECK_EQ(n->rsp_data_transfer_size, 4096);
	/* The last request was NEGOTIATE_ALGORITHMS with a matching Length. */
	const uint8_t *q = f.script.last_req;
	CHECK_EQ(q[0], TEEIO_SPDM_V13);
	CHECK_EQ(q[1], SPDM_NEGOTIATE_ALGORITHMS);
	CHECK_EQ(q[2], 3); /* DHE, AEAD, KeySchedule */
	CHECK_EQ(teeio_load_u16le(q + 4), f.script.last_req_len);
	CHECK_EQ(q[7], SPDM_OPAQUE_FMT_1);
	CHECK(teeio_load_u32le(q + 8) & SPDM_ASYM_ECDSA_P384);
	teeio_spdm_req_free(&f.req);
}

TEST(vca_picks_highest_common_version)
{
	static struct fx f;
	struct spdm_algs a;
	uint8_t m[128];
	static const uint8_t vers[] = {TEEIO_SPDM_V10, TEEIO_SPDM_V11, TEEIO_SPDM_V12};
	fx_init(&f);
	spdm_algs_default(&a, V);
	a.v = TEEIO_SPDM_V12;
	fx_add(&f, m, spdm_mk_version(m, vers, 3));
	fx_add(&f, m, spdm_mk_caps(m, a.v, rsp_caps, 4096, 4096));
	fx_add(&f, m, spdm_mk_algs(m, &a));
	CHECK_OK(fx_run(&f));
	CHECK_EQ(teeio_spdm_req_negotiated(&f.req)->version, TEEIO_SPDM_V12);
	teeio_spdm_req_free(&f.req);
}

TEST(vca_no_common_version)
{
	static struct fx f;
	uint8_t m[128];
	static const uint8_t vers[] = {TEEIO_SPDM_V10, TEEIO_SPDM_V11};
	fx_init(&f);
	fx_add(&f, m, spdm_mk_version(m, vers, 2));
	CHECK_ERR(fx_run(&f), TEEIO_ERR_PROTO_VERSION);
	/* Sticky: nothing works until reset. */
	CHECK_ERR(teeio_spdm_req_digests(&f.req, NULL), TEEIO_ERR_STATE_DEAD);
	CHECK_ERR(teeio_spdm_req_vca(&f.req), TEEIO_ERR_STATE_DEAD);
	teeio_spdm_req_free(&f.req);
}

/* Spoil step `at` of the good script with `fn`, expect `want`. */
typedef void (*spoil_fn)(uint8_t *m, size_t *n);

static void run_spoiled(size_t at, spoil_fn fn, teeio_err want, const char *what)
{
	static struct fx f;
	struct spdm_algs a;
	fx_init(&f);
	spdm_algs_default(&a, V);
	fx_good(&f, &a);
	size_t n = f.steps[at].len;
	fn(f.msgs[at], &n);
	f.steps[at].len = n;
	teeio_err e = fx_run(&f);
	if (e != want)
		test_fail(__FILE__, __LINE__, "%s: got %s want %s", what, teeio_err_str(e),
			  teeio_err_str(want));
	teeio_spdm_req_free(&f.req);
}

static void truncate1(uint8_t *m, size_t *n)
{
	(void)m;
	*n -= 1;
}
static void truncate_hdr(uint8_t *m, size_t *n)
{
	(void)m;
	*n = 3;
}
static void add_garbage(uint8_t *m, size_t *n)
{
	m[(*n)++] = 0xAA;
}
static void wrong_code(uint8_t *m, size_t *n)
{
	(void)n;
	m[1] = SPDM_DIGESTS;
}
static void wrong_version(uint8_t *m, size_t *n)
{
	(void)n;
	m[0] = TEEIO_SPDM_V12;
}
static void param1_set(uint8_t *m, size_t *n)
{
	(void)n;
	m[2] |= 0x80;
}
static void param2_set(uint8_t *m, size_t *n)
{
	(void)n;
	m[3] = 1;
}
static void version_zero_entries(uint8_t *m, size_t *n)
{
	m[5] = 0;
	*n = 6;
}
static void version_reserved(uint8_t *m, size_t *n)
{
	(void)n;
	m[4] = 1;
}
static void caps_reserved_flag(uint8_t *m, size_t *n)
{
	(void)n;
	m[11] |= 0x80; /* bit 31 */
}
static void caps_meas_11(uint8_t *m, size_t *n)
{
	(void)n;
	m[8] |= 0x18;
}
static void caps_small_dts(uint8_t *m, size_t *n)
{
	(void)n;
	teeio_store_u32le(m + 12, 16);
}
static void caps_mms_below_dts(uint8_t *m, size_t *n)
{
	(void)n;
	teeio_store_u32le(m + 16, 100);
}
static void caps_reserved_byte(uint8_t *m, size_t *n)
{
	(void)n;
	m[6] = 1;
}

TEST(vca_malformed_version_and_caps)
{
	run_spoiled(0, truncate_hdr, TEEIO_ERR_SIZE_TRUNCATED, "version hdr");
	run_spoiled(0, truncate1, TEEIO_ERR_SIZE_TRUNCATED, "version truncated");
	run_spoiled(0, add_garbage, TEEIO_ERR_SIZE_TRAILING, "version trailing");
	run_spoiled(0, wrong_code, TEEIO_ERR_PROTO, "version code");
	run_spoiled(0, wrong_version, TEEIO_ERR_PROTO_VERSION, "version byte");
	run_spoiled(0, param1_set, TEEIO_ERR_PROTO_RESERVED, "version p1");
	run_spoiled(0, version_reserved, TEEIO_ERR_PROTO_RESERVED, "version reserved");
	run_spoiled(0, version_zero_entries, TEEIO_ERR_PROTO, "version no entries");
	run_spoiled(1, truncate1, TEEIO_ERR_SIZE_TRUNCATED, "caps truncated");
	run_spoiled(1, add_garbage, TEEIO_ERR_SIZE_TRAILING, "caps trailing");
	run_spoiled(1, wrong_version, TEEIO_ERR_PROTO_VERSION, "caps version");
	run_spoiled(1, wrong_code, TEEIO_ERR_PROTO, "caps code");
	run_spoiled(1, param2_set, TEEIO_ERR_PROTO_RESERVED, "caps p2");
	run_spoiled(1, caps_reserved_byte, TEEIO_ERR_PROTO_RESERVED, "caps reserved");
	run_spoiled(1, caps_reserved_flag, TEEIO_ERR_PROTO_RESERVED, "caps flag 31");
	run_spoiled(1, caps_meas_11, TEEIO_ERR_PROTO, "caps MEAS_CAP 11b");
	run_spoiled(1, caps_small_dts, TEEIO_ERR_PROTO, "caps DataTransferSize");
	run_spoiled(1, caps_mms_below_dts, TEEIO_ERR_PROTO, "caps MaxSPDMmsgSize");
	run_spoiled(2, truncate1, TEEIO_ERR_SIZE_TRUNCATED, "algs truncated");
	run_spoiled(2, add_garbage, TEEIO_ERR_SIZE_TRAILING, "algs trailing");
	run_spoiled(2, wrong_version, TEEIO_ERR_PROTO_VERSION, "algs version");
	run_spoiled(2, param2_set, TEEIO_ERR_PROTO_RESERVED, "algs p2");
}

/* ALGORITHMS field mutations. */
static void run_algs(void (*mut)(struct spdm_algs *), teeio_err want, const char *what)
{
	static struct fx f;
	struct spdm_algs a;
	uint8_t m[128];
	static const uint8_t vers[] = {TEEIO_SPDM_V13};
	fx_init(&f);
	spdm_algs_default(&a, V);
	mut(&a);
	fx_add(&f, m, spdm_mk_version(m, vers, 1));
	fx_add(&f, m, spdm_mk_caps(m, V, rsp_caps, 4096, 4096));
	fx_add(&f, m, spdm_mk_algs(m, &a));
	teeio_err e = fx_run(&f);
	if (e != want)
		test_fail(__FILE__, __LINE__, "%s: got %s want %s", what, teeio_err_str(e),
			  teeio_err_str(want));
	teeio_spdm_req_free(&f.req);
}

static void two_asym(struct spdm_algs *a)
{
	a->asym |= SPDM_ASYM_ECDSA_P256;
}
static void no_asym(struct spdm_algs *a)
{
	a->asym = 0;
}
static void asym_not_offered(struct spdm_algs *a)
{
	a->asym = SPDM_ASYM_SM2_P256;
}
static void two_hash(struct spdm_algs *a)
{
	a->hash = SPDM_HASH_SHA256 | SPDM_HASH_SHA384;
}
static void two_dhe(struct spdm_algs *a)
{
	a->sel[0] = SPDM_DHE_SECP256R1 | SPDM_DHE_SECP384R1;
}
static void dhe_ffdhe(struct spdm_algs *a)
{
	a->sel[0] = SPDM_DHE_FFDHE2048;
}
static void no_aead(struct spdm_algs *a)
{
	a->sel[1] = 0;
}
static void req_asym_unasked(struct spdm_algs *a)
{
	a->n_structs = 4;
	a->types[2] = SPDM_ALG_STRUCT_REQ_ASYM;
	a->sel[2] = SPDM_ASYM_ECDSA_P384;
	a->types[3] = SPDM_ALG_STRUCT_KEY_SCHEDULE;
	a->sel[3] = SPDM_KEY_SCHEDULE_SPDM;
}
static void bad_len(struct spdm_algs *a)
{
	a->len_delta = 4;
}
static void reserved(struct spdm_algs *a)
{
	a->reserved = true;
}
static void mel(struct spdm_algs *a)
{
	a->mel = 1;
}
static void ext_asym(struct spdm_algs *a)
{
	a->ext_asym = 1;
}
static void struct_order(struct spdm_algs *a)
{
	a->types[0] = SPDM_ALG_STRUCT_AEAD;
	a->types[1] = SPDM_ALG_STRUCT_DHE;
	a->sel[0] = SPDM_AEAD_AES256_GCM;
	a->sel[1] = SPDM_DHE_SECP384R1;
}
static void struct_dup(struct spdm_algs *a)
{
	a->types[1] = SPDM_ALG_STRUCT_DHE;
}
static void struct_unknown(struct spdm_algs *a)
{
	a->types[2] = 9;
}
static void struct_count(struct spdm_algs *a)
{
	a->count_byte = 0x21;
}
static void too_many_structs(struct spdm_algs *a)
{
	a->n_structs = 5;
}
static void meas_spec_missing(struct spdm_algs *a)
{
	a->meas_spec = 0;
}
static void meas_hash_two(struct spdm_algs *a)
{
	a->meas_hash = SPDM_MEAS_HASH_SHA256 | SPDM_MEAS_HASH_SHA384;
}
static void opaque_fmt0(struct spdm_algs *a)
{
	a->other = SPDM_OPAQUE_FMT_0;
}
static void multi_key(struct spdm_algs *a)
{
	a->other |= SPDM_OTHER_PARAMS_MULTI_KEY_CONN;
}

TEST(vca_bad_selections)
{
	run_algs(two_asym, TEEIO_ERR_PROTO_NEGOTIATION, "two asym");
	run_algs(no_asym, TEEIO_ERR_PROTO_NEGOTIATION, "no asym");
	run_algs(asym_not_offered, TEEIO_ERR_PROTO_NEGOTIATION, "asym not offered");
	run_algs(two_hash, TEEIO_ERR_PROTO_NEGOTIATION, "two hash");
	run_algs(two_dhe, TEEIO_ERR_PROTO_NEGOTIATION, "two dhe");
	run_algs(dhe_ffdhe, TEEIO_ERR_PROTO_NEGOTIATION, "ffdhe");
	run_algs(no_aead, TEEIO_ERR_PROTO_NEGOTIATION, "no aead");
	run_algs(req_asym_unasked, TEEIO_ERR_PROTO, "req asym table not sent");
	run_algs(bad_len, TEEIO_ERR_PROTO, "length");
	run_algs(reserved, TEEIO_ERR_PROTO_RESERVED, "reserved");
	run_algs(mel, TEEIO_ERR_PROTO_RESERVED, "MEL");
	run_algs(ext_asym, TEEIO_ERR_PROTO_RESERVED, "ext asym");
	run_algs(struct_order, TEEIO_ERR_PROTO, "struct order");
	run_algs(struct_dup, TEEIO_ERR_PROTO, "struct dup");
	run_algs(struct_unknown, TEEIO_ERR_PROTO, "struct type");
	run_algs(struct_count, TEEIO_ERR_PROTO, "AlgCount");
	run_algs(too_many_structs, TEEIO_ERR_PROTO, "5 structs");
	run_algs(meas_spec_missing, TEEIO_ERR_PROTO_NEGOTIATION, "meas spec");
	run_algs(meas_hash_two, TEEIO_ERR_PROTO_NEGOTIATION, "meas hash");
	run_algs(opaque_fmt0, TEEIO_ERR_PROTO_NEGOTIATION, "opaque fmt0");
	run_algs(multi_key, TEEIO_ERR_PROTO_NEGOTIATION, "multi key");
}

static size_t mk_error(uint8_t *o, uint8_t v, uint8_t code, uint8_t data, const uint8_t *ext,
		       size_t ext_len)
{
	o[0] = v;
	o[1] = SPDM_ERROR;
	o[2] = code;
	o[3] = data;
	if (ext_len)
		memcpy(o + 4, ext, ext_len);
	return 4 + ext_len;
}

TEST(vca_error_is_kept)
{
	static struct fx f;
	uint8_t m[128], code = 0, data = 0;
	fx_init(&f);
	fx_add(&f, m, mk_error(m, 0x10, SPDM_ERR_UNSPECIFIED, 0x5A, NULL, 0));
	CHECK_ERR(fx_run(&f), TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK(teeio_spdm_req_peer_error(&f.req, &code, &data));
	CHECK_EQ(code, SPDM_ERR_UNSPECIFIED);
	CHECK_EQ(data, 0x5A);
	teeio_spdm_req_free(&f.req);
}

TEST(request_resynch_restarts)
{
	static struct fx f;
	struct spdm_algs a;
	uint8_t m[128], code = 0;
	fx_init(&f);
	spdm_algs_default(&a, V);
	fx_good(&f, &a);
	fx_add(&f, m, mk_error(m, V, SPDM_ERR_REQUEST_RESYNCH, 0, NULL, 0));
	fx_good(&f, &a);
	CHECK_OK(fx_run(&f));
	CHECK_ERR(teeio_spdm_req_digests(&f.req, NULL), TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK(teeio_spdm_req_peer_error(&f.req, &code, NULL));
	CHECK_EQ(code, SPDM_ERR_REQUEST_RESYNCH);
	/* Back to square one: nothing but VCA until it is redone. */
	CHECK_ERR(teeio_spdm_req_digests(&f.req, NULL), TEEIO_ERR_STATE);
	CHECK_OK(teeio_spdm_req_vca(&f.req));
	CHECK_EQ(teeio_spdm_req_negotiated(&f.req)->version, V);
	teeio_spdm_req_free(&f.req);
}

TEST(vca_busy_retried_then_gives_up)
{
	static struct fx f;
	struct spdm_algs a;
	uint8_t m[128];
	fx_init(&f);
	spdm_algs_default(&a, V);
	/* Two Busy answers, then the real VERSION etc. */
	fx_add(&f, m, mk_error(m, 0x10, SPDM_ERR_BUSY, 0, NULL, 0));
	fx_add(&f, m, mk_error(m, 0x10, SPDM_ERR_BUSY, 0, NULL, 0));
	fx_good(&f, &a);
	CHECK_OK(fx_run(&f));
	CHECK_EQ(f.delays.calls, 2);
	teeio_spdm_req_free(&f.req);

	fx_init(&f);
	f.cfg.retries = 1;
	fx_add(&f, m, mk_error(m, 0x10, SPDM_ERR_BUSY, 0, NULL, 0));
	fx_add(&f, m, mk_error(m, 0x10, SPDM_ERR_BUSY, 0, NULL, 0));
	CHECK_ERR(fx_run(&f), TEEIO_ERR_PROTO_BUSY);
	CHECK_EQ(f.delays.calls, 1);
	teeio_spdm_req_free(&f.req);
}

TEST(vca_not_ready_respond_if_ready)
{
	static struct fx f;
	struct spdm_algs a;
	uint8_t m[128];
	static const uint8_t vers[] = {TEEIO_SPDM_V12, TEEIO_SPDM_V13};
	/* RDTExponent 10, RequestCode GET_CAPABILITIES, Token 0x77, RDTM 1. */
	const uint8_t ext[4] = {10, SPDM_GET_CAPABILITIES, 0x77, 1};
	fx_init(&f);
	spdm_algs_default(&a, V);
	fx_add(&f, m, spdm_mk_version(m, vers, 2));
	fx_add(&f, m, mk_error(m, V, SPDM_ERR_RESPONSE_NOT_READY, 0, ext, 4));
	fx_add(&f, m, spdm_mk_caps(m, V, rsp_caps, 4096, 4096));
	fx_add(&f, m, spdm_mk_algs(m, &a));
	CHECK_OK(fx_run(&f));
	CHECK_EQ(f.delays.calls, 1);
	CHECK_EQ(f.delays.total_usec, 1024);
	teeio_spdm_req_free(&f.req);

	/* The RESPOND_IF_READY carried the token: replay to see it. */
	fx_init(&f);
	fx_add(&f, m, spdm_mk_version(m, vers, 2));
	fx_add(&f, m, mk_error(m, V, SPDM_ERR_RESPONSE_NOT_READY, 0, ext, 4));
	CHECK_ERR(fx_run(&f), TEEIO_ERR_TRANSPORT_CLOSED);
	CHECK_EQ(f.script.last_req_len, 4);
	CHECK_EQ(f.script.last_req[1], SPDM_RESPOND_IF_READY);
	CHECK_EQ(f.script.last_req[2], SPDM_GET_CAPABILITIES);
	CHECK_EQ(f.script.last_req[3], 0x77);
	teeio_spdm_req_free(&f.req);

	/* A token for another request is refused. */
	const uint8_t other[4] = {10, SPDM_GET_DIGESTS, 0x77, 1};
	fx_init(&f);
	fx_add(&f, m, spdm_mk_version(m, vers, 2));
	fx_add(&f, m, mk_error(m, V, SPDM_ERR_RESPONSE_NOT_READY, 0, other, 4));
	CHECK_ERR(fx_run(&f), TEEIO_ERR_PROTO);
	teeio_spdm_req_free(&f.req);

	/* Truncated extended data. */
	fx_init(&f);
	fx_add(&f, m, spdm_mk_version(m, vers, 2));
	fx_add(&f, m, mk_error(m, V, SPDM_ERR_RESPONSE_NOT_READY, 0, ext, 2));
	CHECK(fx_run(&f) != TEEIO_OK);
	teeio_spdm_req_free(&f.req);
}

TEST(vca_v10_and_v11_layouts)
{
	static struct fx f;
	struct spdm_algs a;
	uint8_t m[128];
	static const uint8_t vers[] = {TEEIO_SPDM_V11};
	fx_init(&f);
	f.cfg.versions[0] = TEEIO_SPDM_V11;
	f.cfg.n_versions = 1;
	spdm_algs_default(&a, V);
	a.v = TEEIO_SPDM_V11;
	a.other = 0;
	fx_add(&f, m, spdm_mk_version(m, vers, 1));
	fx_add(&f, m, spdm_mk_caps(m, TEEIO_SPDM_V11, rsp_caps & ~TEEIO_SPDM_CAP_CHUNK, 0, 0));
	fx_add(&f, m, spdm_mk_algs(m, &a));
	CHECK_OK(fx_run(&f));
	CHECK_EQ(teeio_spdm_req_negotiated(&f.req)->version, TEEIO_SPDM_V11);
	/* 1.1 NEGOTIATE_ALGORITHMS carries the AlgStructures too. */
	CHECK_EQ(f.script.last_req[2], 3);
	teeio_spdm_req_free(&f.req);

	/* 1.1 with a CHUNK_CAP flag (not defined in 1.1): reserved. */
	fx_init(&f);
	f.cfg.versions[0] = TEEIO_SPDM_V11;
	f.cfg.n_versions = 1;
	fx_add(&f, m, spdm_mk_version(m, vers, 1));
	fx_add(&f, m, spdm_mk_caps(m, TEEIO_SPDM_V11, rsp_caps | TEEIO_SPDM_CAP_ALIAS_CERT, 0, 0));
	CHECK_ERR(fx_run(&f), TEEIO_ERR_PROTO_RESERVED);
	teeio_spdm_req_free(&f.req);
}

TEST(req_usage_errors)
{
	static struct fx f;
	fx_init(&f);
	struct teeio_spdm_io io = spdm_peer_script_io(&f.script);
	CHECK_ERR(teeio_spdm_req_init(&f.req, NULL, &io), TEEIO_ERR_USAGE);
	f.cfg.versions[0] = 0x20;
	f.cfg.n_versions = 1;
	CHECK_ERR(teeio_spdm_req_init(&f.req, &f.cfg, &io), TEEIO_ERR_USAGE_CONFIG);
	fx_init(&f);
	CHECK_OK(teeio_spdm_req_init(&f.req, &f.cfg, &io));
	/* Nothing before VCA. */
	CHECK_ERR(teeio_spdm_req_digests(&f.req, NULL), TEEIO_ERR_STATE);
	CHECK_ERR(teeio_spdm_req_heartbeat(&f.req, 1), TEEIO_ERR_STATE);
	teeio_spdm_req_free(&f.req);
}

int main(void)
{
	RUN(vca_good);
	RUN(vca_picks_highest_common_version);
	RUN(vca_no_common_version);
	RUN(vca_malformed_version_and_caps);
	RUN(vca_bad_selections);
	RUN(vca_error_is_kept);
	RUN(request_resynch_restarts);
	RUN(vca_busy_retried_then_gives_up);
	RUN(vca_not_ready_respond_if_ready);
	RUN(vca_v10_and_v11_layouts);
	RUN(req_usage_errors);
	return test_summary();
}
