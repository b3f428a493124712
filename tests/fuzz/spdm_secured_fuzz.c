/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target for the DSP0277 record layer (teeio_spdm_sec_open and
 * teeio_spdm_sec_seal).  One session with fixed keys is set up once; each
 * input starts from sequence number 0.
 *
 * Input: byte 0 selects the mode, the rest is the payload.
 *   mode & 3 == 0: payload is a received record, DOE binding, request dir
 *   mode & 3 == 1: payload is a received record, MCTP binding, response dir
 *   mode & 3 == 2: payload is application data: seal, then open, and the
 *                  round trip must give it back (bit 2: MCTP binding)
 *   mode & 3 == 3: payload is the plaintext of a record (ApplicationDataLength
 *                  | data | pad), encrypted with the right key so that the
 *                  checks behind the MAC are reached (bit 2: MCTP binding)
 * Invariants: no crash, and on failure app_len is 0 and app holds nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "teeio/spdm_secured.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SID 0xfeed0001u
#define MAX_MSG 4200

struct session {
	struct teeio_spdm_ks ks;
	struct teeio_spdm_sec sec[2]; /* [0] DOE, [1] MCTP */
};

static struct session *session(void)
{
	static struct session s;
	static bool ready;
	static const uint8_t dhe[48] = {0xf0, 0x0d};
	static const uint8_t th[48] = {0x42};

	if (ready)
		return &s;
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	if (teeio_spdm_ks_init(&s.ks, ops, TEEIO_SPDM_V12, TEEIO_HASH_SHA384, TEEIO_AEAD_AES256_GCM,
			       dhe, sizeof(dhe)) ||
	    teeio_spdm_ks_handshake(&s.ks, th) || teeio_spdm_ks_data(&s.ks, th))
		abort();
	s.sec[0].binding = &teeio_spdm_sec_doe;
	s.sec[1].binding = &teeio_spdm_sec_mctp;
	for (int i = 0; i < 2; i++) {
		s.sec[i].session_id = SID;
		if (teeio_spdm_sec_rekey(&s.sec[i], &s.ks))
			abort();
	}
	ready = true;
	return &s;
}

static void check_failed_open(teeio_err rc, const uint8_t *app, size_t cap, size_t app_len)
{
	if (rc == TEEIO_OK)
		return;
	if (app_len != 0 || !teeio_ct_is_zero(app, cap))
		abort();
}

static void open_record(struct session *s, int b, enum teeio_spdm_dir dir, const uint8_t *msg,
			size_t len)
{
	struct teeio_spdm_ks ks = s->ks;
	static uint8_t app[MAX_MSG];
	size_t app_len = sizeof(app);

	memset(app, 0, sizeof(app));
	teeio_err rc = teeio_spdm_sec_open(&s->sec[b], &ks, dir, msg, len, app, &app_len);
	check_failed_open(rc, app, sizeof(app), app_len);
	if (rc == TEEIO_OK && app_len > len)
		abort();
}

static void round_trip(struct session *s, int b, const uint8_t *app, size_t len)
{
	struct teeio_spdm_ks tx = s->ks, rx = s->ks;
	static uint8_t rec[MAX_MSG + 64], got[MAX_MSG + 64];
	struct teeio_buf w = teeio_buf_writer(rec, sizeof(rec));
	size_t got_len = sizeof(got);

	if (teeio_spdm_sec_seal(&s->sec[b], &tx, TEEIO_SPDM_DIR_RSP, app, len, &w) != TEEIO_OK)
		abort();
	if (teeio_spdm_sec_open(&s->sec[b], &rx, TEEIO_SPDM_DIR_RSP, rec, w.pos, got, &got_len) !=
	    TEEIO_OK)
		abort();
	if (got_len != len || memcmp(got, app, len) != 0)
		abort();
}

/* Encrypt `pt` as the body of a record for sequence number 0 with the
 * request key, then open it. */
static void crafted(struct session *s, int b, const uint8_t *pt, size_t len)
{
	const struct teeio_crypto_ops *ops = s->sec[b].ops;
	const struct teeio_spdm_sec_binding *bind = s->sec[b].binding;
	static uint8_t rec[MAX_MSG + 64];
	size_t hdr = 4 + bind->seq_wire_len + 2;

	if (len < 2 || len > MAX_MSG)
		return;
	teeio_store_u32le(rec, SID);
	memset(rec + 4, 0, bind->seq_wire_len);
	teeio_store_u16le(rec + hdr - 2, (uint16_t)(len + 16));
	if (ops->aead_seal(&s->sec[b].aead[TEEIO_SPDM_DIR_REQ], s->ks.dir[TEEIO_SPDM_DIR_REQ].iv,
			   rec, hdr, pt, len, rec + hdr, rec + hdr + len, 16) != TEEIO_OK)
		abort();
	open_record(s, b, TEEIO_SPDM_DIR_REQ, rec, hdr + len + 16);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct session *s = session();

	if (size < 1 || size > MAX_MSG)
		return 0;
	uint8_t mode = data[0];
	const uint8_t *p = data + 1;
	size_t n = size - 1;
	int b = (mode & 4) ? 1 : 0;

	switch (mode & 3) {
	case 0: open_record(s, 0, TEEIO_SPDM_DIR_REQ, p, n); break;
	case 1: open_record(s, 1, TEEIO_SPDM_DIR_RSP, p, n); break;
	case 2: round_trip(s, b, p, n); break;
	default: crafted(s, b, p, n); break;
	}
	return 0;
}
