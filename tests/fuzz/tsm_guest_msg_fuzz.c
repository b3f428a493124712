/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the guest<->TSM channel decoders.  The input is
 *   [type u8][body ...]
 * and goes (1) raw through the header decoder, (2) through the request
 * and response body decoders as a body of `type`, and (3) sealed as a
 * genuine guest request of `type` into the TSM's handler (a scripted
 * backend with one device connected and one TDI bound to the TVM), whose
 * sealed answer the guest then opens and decodes.  The third path is the
 * one a malicious guest reaches: everything after the AEAD.  Nothing may
 * read out of bounds, and every answer must open and decode.
 */
#include <stdlib.h>
#include <string.h>

#include "support/tsm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Outcomes of the decoders do not matter, only that nothing breaks. */
#define IGNORE(expr)                         \
	do {                                 \
		teeio_err ignored_ = (expr); \
		(void)ignored_;              \
	} while (0)

static void through_handler(uint8_t type, const uint8_t *body, size_t len)
{
	struct tsm_fix *f = tsm_fix_new();
	uint8_t *msg = malloc(TEEIO_TSM_GMSG_MAX), *plain = malloc(TEEIO_TSM_GMSG_MAX);
	struct teeio_buf out;
	struct teeio_tsm_ghdr h = {0, type, 0, 0, 0};
	struct teeio_tsm_grsp r;
	size_t mlen = 0, plen = 0;
	unsigned tdi = 0;

	if (!f || !msg || !plain || teeio_tsm_connect(&f->tsm, f->dev) != TEEIO_OK ||
	    tsm_fix_bind(f, 0, &tdi) != TEEIO_OK)
		abort();
	h.function_id = f->tsm.tdi[tdi].function_id;
	/* A request the guest may send at all: no response bit. */
	if (type & TEEIO_TSM_GRSP_FLAG)
		goto out;
	if (teeio_tsm_gchan_seal(&f->guest, &h, body, len, msg, TEEIO_TSM_GMSG_MAX, &mlen) !=
	    TEEIO_OK)
		goto out;
	out = teeio_buf_writer(f->answer, sizeof(f->answer));
	/* An opened request is always answered, and the answer opens. */
	if (teeio_tsm_guest_handler(&f->tsm, f->tvm, msg, mlen, &out) != TEEIO_OK)
		abort();
	if (teeio_tsm_gchan_open(&f->guest, f->answer, out.pos, &h, plain, TEEIO_TSM_GMSG_MAX,
				 &plen) != TEEIO_OK)
		abort();
	/* Unknown types are answered under their own code, which the guest
	 * decoder does not know; everything else must decode. */
	if (teeio_tsm_grsp_decode(h.type, plain, plen, &r) != TEEIO_OK &&
	    teeio_tsm_greq_decode(type, body, len, &(struct teeio_tsm_greq){0}) == TEEIO_OK)
		abort();
out:
	free(msg);
	free(plain);
	tsm_fix_free(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct teeio_tsm_ghdr h;
	struct teeio_tsm_greq q;
	struct teeio_tsm_grsp r;
	uint8_t *copy;

	IGNORE(teeio_tsm_ghdr_decode(data, size, &h));
	if (size < 1 || size - 1 > TEEIO_TSM_GBODY_MAX)
		return 0;
	/* Exact-size copy of the body so ASan sees any overread. */
	copy = malloc(size - 1 ? size - 1 : 1);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, size - 1);
	IGNORE(teeio_tsm_greq_decode(data[0], copy, size - 1, &q));
	IGNORE(teeio_tsm_grsp_decode((uint8_t)(data[0] | TEEIO_TSM_GRSP_FLAG), copy, size - 1, &r));
	through_handler(data[0], copy, size - 1);
	free(copy);
	return 0;
}
