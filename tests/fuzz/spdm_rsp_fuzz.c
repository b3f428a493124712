/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: the SPDM responder fed a sequence of requests.
 *
 * Input: messages as [len u16 LE][len bytes], up to 32 of them, handed to
 * teeio_spdm_rsp_handle in order (max_pad 3, as for PCIe DOE), against a
 * fixed configuration (P-384 device chain generated once, every
 * capability this responder implements, chunking on).  After each call
 * the response must fit the buffer and hold at least a header.  A message
 * whose first byte is 0x00 (no SPDM version is 0.0) goes to the secured
 * path instead (teeio_spdm_rsp_handle_secured).  Every other
 * GET_MEASUREMENTS / CHALLENGE is deferred with ResponseNotReady.
 */
#include <stdlib.h>
#include <string.h>

#include "support/spdm_fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ResponseNotReady for every other GET_MEASUREMENTS / CHALLENGE, so
 * RESPOND_IF_READY has something to replay. */
static unsigned busy_calls;
static bool busy(void *ctx, uint8_t code)
{
	(void)ctx;
	return (code == 0xE0 || code == 0x83) && (busy_calls++ & 1) == 0;
}

static struct spdm_fixture *fixture(void)
{
	static struct spdm_fixture fx;
	static bool ready;

	if (!ready) {
		if (spdm_fixture_init(&fx, TEEIO_SIG_ECDSA_P384) != TEEIO_OK)
			abort();
		fx.cfg.not_ready = busy;
		ready = true;
	}
	return &fx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct teeio_spdm_rsp rsp;
	static uint8_t out[TEEIO_SPDM_MAX_MSG];
	struct spdm_fixture *fx = fixture();
	struct teeio_buf in = teeio_buf_reader(data, size);

	busy_calls = 0;
	if (teeio_spdm_rsp_init(&rsp, &fx->cfg) != TEEIO_OK)
		abort();
	for (int i = 0; i < 32; i++) {
		uint16_t len;
		const uint8_t *msg;
		size_t out_len = sizeof(out);

		if (teeio_buf_get_u16le(&in, &len) != TEEIO_OK)
			break;
		if (len > teeio_buf_left(&in))
			len = (uint16_t)teeio_buf_left(&in);
		if (teeio_buf_get_ref(&in, &msg, len) != TEEIO_OK)
			break;
		/* Copy so ASan sees reads past the message. */
		uint8_t *exact = malloc(len ? len : 1);
		if (!exact)
			abort();
		memcpy(exact, msg, len);
		teeio_err rc =
		    (len > 0 && msg[0] == 0x00)
			? teeio_spdm_rsp_handle_secured(&rsp, exact, len, 0, out, &out_len, NULL)
			: teeio_spdm_rsp_handle(&rsp, exact, len, 3, out, &out_len);
		free(exact);
		if (rc != TEEIO_OK || out_len > sizeof(out))
			abort();
		if (out_len != 0 && out_len < 4)
			abort();
	}
	teeio_spdm_rsp_free(&rsp);
	return 0;
}
