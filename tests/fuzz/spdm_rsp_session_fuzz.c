/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: requests inside an established SPDM session.
 *
 * A session (VCA 1.3, P-256, KEY_EXCHANGE, FINISH) is set up once with the
 * test requester (tests/support/spdm_fixture_session.c) and re-established
 * whenever an input ends it.  Input: messages as [len u16 LE][len bytes];
 * each is sealed with the session's request keys and handed to
 * teeio_spdm_rsp_handle_secured, so the fuzzer reaches every in-session
 * handler (HEARTBEAT, KEY_UPDATE, END_SESSION, GET_MEASUREMENTS,
 * VENDOR_DEFINED, CHUNK_*, ...) past the record layer.
 */
#include <stdlib.h>
#include <string.h>

#include "support/spdm_fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static teeio_err echo(void *ctx, const struct teeio_spdm_vendor_session *s, const uint8_t *req,
		      size_t req_len, uint8_t *rsp, size_t *rsp_len)
{
	(void)ctx;
	(void)s;
	ENSURE(req_len <= *rsp_len, TEEIO_ERR_SIZE);
	memcpy(rsp, req, req_len);
	*rsp_len = req_len;
	return TEEIO_OK;
}

static struct spdm_fixture fx;
static struct teeio_spdm_rsp rsp;
static struct spdm_treq q;
static const struct teeio_spdm_vendor_handler vendor[] = {
    {TEEIO_SPDM_VENDOR_STD_PCISIG, {0x01, 0x00}, 2, TEEIO_SPDM_PCI_PROTO_TDISP, true, echo, NULL},
};

static void establish(void)
{
	static bool fixture_ready;

	if (!fixture_ready) {
		if (spdm_fixture_init(&fx, TEEIO_SIG_ECDSA_P256) != TEEIO_OK)
			abort();
		fx.cfg.vendor = vendor;
		fx.cfg.n_vendor = 1;
		fixture_ready = true;
	} else {
		spdm_treq_free(&q);
		teeio_spdm_rsp_free(&rsp);
	}
	spdm_treq_init(&q, &fx, &rsp, TEEIO_SPDM_V13);
	if (teeio_spdm_rsp_init(&rsp, &fx.cfg) != TEEIO_OK ||
	    !spdm_do_vca_conn(&rsp, TEEIO_SPDM_V13, 1u << 4, 0x1, &q.conn) ||
	    !spdm_treq_key_exchange(&q, 0x5151) || !spdm_treq_finish(&q, false))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct teeio_buf in = teeio_buf_reader(data, size);
	struct teeio_spdm_rsp_session *s = q.rsp ? teeio_spdm_rsp_session_find(&rsp, q.sid) : NULL;

	if (s == NULL || s->state != TEEIO_SPDM_RSP_SESSION_ESTABLISHED)
		establish();
	for (int i = 0; i < 16; i++) {
		uint16_t len;
		const uint8_t *msg;

		if (teeio_buf_get_u16le(&in, &len) != TEEIO_OK)
			break;
		if (len > teeio_buf_left(&in))
			len = (uint16_t)teeio_buf_left(&in);
		if (teeio_buf_get_ref(&in, &msg, len) != TEEIO_OK)
			break;
		if (spdm_treq_seal(&q, msg, len) != TEEIO_OK)
			break;
		/* The answer may not open (the session ended, keys moved on):
		 * that is fine, crashes and sanitizer reports are not. */
		(void)spdm_treq_deliver(&q);
		if (q.raw_len > sizeof(q.raw))
			abort();
	}
	return 0;
}
