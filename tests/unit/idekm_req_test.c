/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IDE_KM requester against the teeio responder over a loopback exchange,
 * with a tamper hook that corrupts answers: wrong object, broken echoes,
 * reserved bytes, wrong lengths, error statuses.
 */
#include "test.h"
#include "support/idekm.h"

#define SID 7u

static struct teeio_idekm_rsp rsp;
static struct idekm_fake_dev dev;
static struct idekm_loop loop;
static struct teeio_idekm_req req;

/* Tamper: set byte `off` to `val` (off >= 0), change the length by `grow`. */
struct tamper {
	int off;
	uint8_t val;
	int grow;
};

static void do_tamper(uint8_t *r, size_t *len, void *arg)
{
	const struct tamper *t = arg;
	if (t->off >= 0 && (size_t)t->off < *len)
		r[t->off] = t->val;
	if (t->grow > 0)
		r[*len] = 0;
	*len = (size_t)((long)*len + t->grow);
}

static void setup(bool partial)
{
	memset(&dev, 0, sizeof(dev));
	idekm_fake_rsp(&rsp, &dev, partial);
	loop.rsp = &rsp;
	loop.session_id = SID;
	loop.tamper = NULL;
	loop.arg = NULL;
	req.exchange = idekm_loop_exchange;
	req.ctx = &loop;
}

static void tamper_with(struct tamper *t)
{
	loop.tamper = t ? do_tamper : NULL;
	loop.arg = t;
}

static const uint8_t key[32] = {0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a,
				0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25,
				0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f};
static const uint32_t ifv[2] = {0, 1};

TEST(query_reads_port_info)
{
	struct teeio_idekm_port_info info;
	struct teeio_idekm_regs_layout l;
	setup(false);
	dev.n_regs = 10;
	CHECK_OK(teeio_idekm_req_query(&req, 1, &info));
	CHECK_EQ(info.port_index, 1);
	CHECK_EQ(info.dev_func_num, 0x09);
	CHECK_EQ(info.bus_num, 0x3a);
	CHECK_EQ(info.segment, 1);
	CHECK_EQ(info.max_port_index, 1);
	CHECK_EQ(info.n_regs, 10);
	CHECK_EQ(info.regs[0], 0x2);
	CHECK_EQ(info.regs[9], 0x1009);
	CHECK_OK(teeio_idekm_regs_layout(info.regs, info.n_regs, &l));
	CHECK_EQ(l.n_sel, 1);
	CHECK_EQ(l.n_link, 0);
	/* The responder refuses an unknown port: the error comes back. */
	CHECK_ERR(teeio_idekm_req_query(&req, 3, &info), TEEIO_ERR_PROTO);
}

TEST(query_rejects_bad_answers)
{
	struct teeio_idekm_port_info info;
	struct {
		struct tamper t;
		teeio_err want;
	} cases[] = {
	    {{1, 0x03, 0}, TEEIO_ERR_SIZE_TRAILING}, /* a long "KP_ACK" */
	    {{1, 0x00, 0}, TEEIO_ERR_SIZE_TRAILING}, /* a long "QUERY"  */
	    {{3, 0x00, 0}, TEEIO_ERR_PROTO}, /* other port      */
	    {{7, 0x00, 0}, TEEIO_ERR_PROTO}, /* max port < port */
	    {{2, 0x01, 0}, TEEIO_ERR_PROTO_RESERVED}, /* reserved byte   */
	    {{0, 0x01, 0}, TEEIO_ERR_PROTO_UNSUPPORTED}, /* protocol ID     */
	    {{-1, 0, -1}, TEEIO_ERR_SIZE_TRAILING}, /* not whole DWORDs */
	    {{-1, 0, 1}, TEEIO_ERR_SIZE_TRAILING},
	    {{-1, 0, -4 * 8}, TEEIO_ERR_SIZE_TRUNCATED}, /* one register    */
	};
	for (unsigned i = 0; i < TEEIO_ARRAY_LEN(cases); i++) {
		setup(false);
		tamper_with(&cases[i].t);
		CHECK_ERR(teeio_idekm_req_query(&req, 1, &info), cases[i].want);
	}
}

TEST(key_prog_hands_the_key_over)
{
	struct teeio_idekm_sel s = {0, 5, 1, 1, 2};
	uint8_t status = 0xee;
	setup(false);
	CHECK_OK(teeio_idekm_req_key_prog(&req, &s, key, ifv, &status));
	CHECK_EQ(status, TEEIO_IDEKM_KP_SUCCESS);
	CHECK_MEM(dev.last_key, key, 32);
	CHECK_EQ(dev.last.stream_id, 5);
	CHECK_EQ(dev.last.key_set, 1);
	CHECK_EQ(dev.last.dir, 1);
	CHECK_EQ(dev.last.sub_stream, 2);
	CHECK_OK(teeio_idekm_req_key_prog(&req, &s, key, ifv, NULL));
}

TEST(key_prog_reports_status)
{
	struct teeio_idekm_sel s = {0, 9, 0, 0, 0};
	uint32_t bad_ifv[2] = {0, 5};
	uint8_t status = 0;
	setup(false);
	CHECK_ERR(teeio_idekm_req_key_prog(&req, &s, key, ifv, &status),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(status, TEEIO_IDEKM_KP_UNSUPPORTED_VALUE);
	s.stream_id = 1;
	CHECK_ERR(teeio_idekm_req_key_prog(&req, &s, key, bad_ifv, &status),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(status, TEEIO_IDEKM_KP_UNSUPPORTED_VALUE);
	s.port_index = 4;
	CHECK_ERR(teeio_idekm_req_key_prog(&req, &s, key, ifv, &status),
		  TEEIO_ERR_PROTO_PEER_ERROR);
	CHECK_EQ(status, TEEIO_IDEKM_KP_UNSUPPORTED_PORT);
	CHECK_EQ(dev.n_prog, 0);
}

TEST(key_prog_rejects_bad_acks)
{
	struct teeio_idekm_sel s = {0, 1, 0, 0, 0};
	struct {
		struct tamper t;
		teeio_err want;
	} cases[] = {
	    {{1, 0x06, 0}, TEEIO_ERR_PROTO}, /* K_GOSTOP_ACK       */
	    {{4, 0x05, 0}, TEEIO_ERR_PROTO}, /* other stream       */
	    {{6, 0x10, 0}, TEEIO_ERR_PROTO}, /* other sub-stream   */
	    {{6, 0x01, 0}, TEEIO_ERR_PROTO}, /* other key set      */
	    {{7, 0x01, 0}, TEEIO_ERR_PROTO}, /* other port         */
	    {{3, 0x01, 0}, TEEIO_ERR_PROTO_RESERVED}, {{-1, 0, 1}, TEEIO_ERR_SIZE_TRAILING},
	    {{-1, 0, -1}, TEEIO_ERR_SIZE_TRUNCATED},
	};
	for (unsigned i = 0; i < TEEIO_ARRAY_LEN(cases); i++) {
		setup(false);
		tamper_with(&cases[i].t);
		CHECK_ERR(teeio_idekm_req_key_prog(&req, &s, key, ifv, NULL), cases[i].want);
	}
	/* Bad selectors never leave the requester. */
	setup(false);
	struct teeio_idekm_sel bad[] = {{0, 1, 2, 0, 0}, {0, 1, 0, 2, 0}, {0, 1, 0, 0, 3}};
	for (unsigned i = 0; i < TEEIO_ARRAY_LEN(bad); i++)
		CHECK_ERR(teeio_idekm_req_key_prog(&req, &bad[i], key, ifv, NULL), TEEIO_ERR_USAGE);
	CHECK_EQ(dev.n_prog, 0);
}

TEST(go_stop_check_echo)
{
	struct teeio_idekm_sel s = {0, 1, 0, 1, 0};
	setup(true);
	CHECK_OK(teeio_idekm_req_key_prog(&req, &s, key, ifv, NULL));
	struct tamper t = {4, 0x02, 0};
	tamper_with(&t);
	CHECK_ERR(teeio_idekm_req_key_set_go(&req, &s), TEEIO_ERR_PROTO);
	/* The device did go: acknowledged again without a second call. */
	tamper_with(NULL);
	CHECK_OK(teeio_idekm_req_key_set_go(&req, &s));
	CHECK_EQ(dev.n_go, 1);
	struct tamper wrong_obj = {1, 0x03, 0};
	tamper_with(&wrong_obj);
	CHECK_ERR(teeio_idekm_req_key_set_stop(&req, &s), TEEIO_ERR_PROTO);
	tamper_with(NULL);
	CHECK_ERR(teeio_idekm_req_key_set_stop(&req, &s), TEEIO_ERR_STATE); /* already stopped */
	/* A refusal comes back as the responder's error. */
	CHECK_ERR(teeio_idekm_req_key_set_go(&req, &s), TEEIO_ERR_STATE);
}

TEST(full_flow_six_keys)
{
	struct teeio_idekm_port_info info;
	setup(false);
	CHECK_OK(teeio_idekm_req_query(&req, 0, &info));
	for (uint8_t dir = 0; dir < 2; dir++)
		for (uint8_t ss = 0; ss < 3; ss++) {
			struct teeio_idekm_sel s = {0, 5, 0, dir, ss};
			CHECK_OK(teeio_idekm_req_key_prog(&req, &s, key, ifv, NULL));
		}
	for (uint8_t dir = 0; dir < 2; dir++)
		for (uint8_t ss = 0; ss < 3; ss++) {
			struct teeio_idekm_sel s = {0, 5, 0, dir, ss};
			CHECK_OK(teeio_idekm_req_key_set_go(&req, &s));
		}
	for (uint8_t dir = 0; dir < 2; dir++)
		for (uint8_t ss = 0; ss < 3; ss++) {
			struct teeio_idekm_sel s = {0, 5, 0, dir, ss};
			CHECK_OK(teeio_idekm_req_key_set_stop(&req, &s));
		}
	CHECK_EQ(dev.n_prog, 6);
	CHECK_EQ(dev.n_go, 6);
	CHECK_EQ(dev.n_stop, 6);
}

static teeio_err lying_exchange(void *ctx, const uint8_t *r, size_t len, uint8_t *out, size_t cap,
				size_t *out_len)
{
	(void)ctx;
	(void)r;
	(void)len;
	(void)out;
	*out_len = cap + 1;
	return TEEIO_OK;
}

static teeio_err dead_exchange(void *ctx, const uint8_t *r, size_t len, uint8_t *out, size_t cap,
			       size_t *out_len)
{
	(void)ctx;
	(void)r;
	(void)len;
	(void)out;
	(void)cap;
	(void)out_len;
	return TEEIO_ERR_TRANSPORT_CLOSED;
}

TEST(exchange_failures_propagate)
{
	struct teeio_idekm_port_info info;
	struct teeio_idekm_sel s = {0, 1, 0, 0, 0};
	struct teeio_idekm_req q = {dead_exchange, NULL};
	CHECK_ERR(teeio_idekm_req_query(&q, 0, &info), TEEIO_ERR_TRANSPORT_CLOSED);
	CHECK_ERR(teeio_idekm_req_key_prog(&q, &s, key, ifv, NULL), TEEIO_ERR_TRANSPORT_CLOSED);
	CHECK_ERR(teeio_idekm_req_key_set_go(&q, &s), TEEIO_ERR_TRANSPORT_CLOSED);
	q.exchange = lying_exchange;
	CHECK_ERR(teeio_idekm_req_key_set_stop(&q, &s), TEEIO_ERR_INTERNAL);
	q.exchange = NULL;
	CHECK_ERR(teeio_idekm_req_query(&q, 0, &info), TEEIO_ERR_USAGE);
}

int main(void)
{
	RUN(query_reads_port_info);
	RUN(query_rejects_bad_answers);
	RUN(key_prog_hands_the_key_over);
	RUN(key_prog_reports_status);
	RUN(key_prog_rejects_bad_acks);
	RUN(go_stop_check_echo);
	RUN(full_flow_six_keys);
	RUN(exchange_failures_propagate);
	return test_summary();
}
