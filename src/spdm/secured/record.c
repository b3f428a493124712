/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DSP0277 secured messages (ENC+MAC sessions):
 *
 *   SessionID (u32) | SeqNum (binding: 0..8 bytes) | Length (u16)   = AAD
 *   AEAD{ ApplicationDataLength (u16) | ApplicationData | RandomData }
 *   MAC (the AEAD tag, 16 bytes)
 *
 * All integers little-endian.  Length counts the encrypted data and the
 * MAC.  The per-message nonce is the direction's IV with the 64-bit
 * sequence number XORed in (teeio_spdm_seq_endian).  The AEAD contexts are
 * keyed once per key phase (teeio_spdm_sec_rekey), so a message costs one
 * seal or open and no allocation.
 */
#include <string.h>

#include "teeio/spdm_secured.h"

/* DSP0277 "Secured message format": field sizes. */
#define SESSION_ID_LEN 4
#define LENGTH_LEN 2
#define APP_DATA_LENGTH_LEN 2
#define SEQ_WIRE_MAX 8

/* DSP0277 binding for PCIe DOE (secured CMA/SPDM): no sequence number on
 * the wire, no random data.
 * assumption: a DOE data object is a whole number of dwords (PCIe DOE), so
 * a secured message inside one may be followed by up to 3 zero bytes (what
 * libspdm's DOE transport sends); open() accepts exactly that. */
const struct teeio_spdm_sec_binding teeio_spdm_sec_doe = {
    .seq_wire_len = 0,
    .max_random_pad = 0,
    .max_trailing = 3,
};

/* DSP0276 (secured messages over MCTP): 2-byte sequence number; random
 * data as libspdm sends it (1..32 bytes). */
const struct teeio_spdm_sec_binding teeio_spdm_sec_mctp = {
    .seq_wire_len = 2,
    .max_random_pad = 32,
    .max_trailing = 0,
};

static bool dir_ok(enum teeio_spdm_dir dir)
{
	return dir == TEEIO_SPDM_DIR_REQ || dir == TEEIO_SPDM_DIR_RSP;
}

static uint64_t seq_limit(const struct teeio_spdm_sec *sec)
{
	return sec->max_seq ? sec->max_seq : UINT64_MAX;
}

size_t teeio_spdm_sec_overhead(const struct teeio_spdm_sec_binding *binding)
{
	return (size_t)SESSION_ID_LEN + binding->seq_wire_len + LENGTH_LEN + APP_DATA_LENGTH_LEN +
	       binding->max_random_pad + TEEIO_AEAD_TAG_MAX;
}

/* The per-message nonce: base IV XOR sequence number (DSP0277 1.2
 * "AEAD nonce": little-endian from byte 0; the BE variant puts the
 * big-endian number in the rightmost 8 bytes). */
static void make_nonce(uint8_t nonce[TEEIO_AEAD_IV_SIZE], const uint8_t iv[TEEIO_AEAD_IV_SIZE],
		       uint64_t seq, enum teeio_spdm_seq_endian endian)
{
	memcpy(nonce, iv, TEEIO_AEAD_IV_SIZE);
	for (unsigned i = 0; i < 8; i++) {
		uint8_t b = (uint8_t)(seq >> (8 * i));

		if (endian == TEEIO_SPDM_SEQ_BE)
			nonce[TEEIO_AEAD_IV_SIZE - 1 - i] ^= b;
		else
			nonce[i] ^= b;
	}
}

/* Checks common to seal and open: a usable context and sequence number. */
static teeio_err check_ready(const struct teeio_spdm_sec *sec, const struct teeio_spdm_ks *ks,
			     enum teeio_spdm_dir dir)
{
	ENSURE(sec && ks && sec->binding && dir_ok(dir), TEEIO_ERR_USAGE);
	ENSURE(sec->binding->seq_wire_len <= SEQ_WIRE_MAX, TEEIO_ERR_USAGE);
	ENSURE(ks->phase == TEEIO_SPDM_KS_HANDSHAKE || ks->phase == TEEIO_SPDM_KS_DATA,
	       TEEIO_ERR_STATE);
	ENSURE(sec->keyed[dir], TEEIO_ERR_STATE);
	/* DSP0277: the sequence number never wraps; the session ends first. */
	ENSURE(ks->dir[dir].seq < seq_limit(sec), TEEIO_ERR_STATE);
	return TEEIO_OK;
}

teeio_err teeio_spdm_sec_rekey(struct teeio_spdm_sec *sec, struct teeio_spdm_ks *ks)
{
	size_t key_len;
	teeio_err rc = TEEIO_OK;

	ENSURE(sec && ks && sec->binding, TEEIO_ERR_USAGE);
	ENSURE(ks->phase == TEEIO_SPDM_KS_HANDSHAKE || ks->phase == TEEIO_SPDM_KS_DATA,
	       TEEIO_ERR_STATE);
	teeio_spdm_sec_free(sec);
	sec->ops = ks->ops;
	key_len = teeio_aead_key_size(ks->aead);
	for (int d = 0; d < 2; d++) {
		TRY_OUT(sec->ops->aead_init(&sec->aead[d], ks->aead, ks->dir[d].key, key_len));
		sec->keyed[d] = true;
	}
out:
	if (rc != TEEIO_OK)
		teeio_spdm_sec_free(sec);
	return rc;
}

/* How many random bytes to append (0 when the binding has none). */
static teeio_err pad_count(const struct teeio_spdm_sec *sec, size_t *count)
{
	uint8_t r;

	*count = 0;
	if (sec->binding->max_random_pad == 0)
		return TEEIO_OK;
	TRY(sec->ops->random(&r, 1));
	*count = 1 + (size_t)(r % sec->binding->max_random_pad);
	return TEEIO_OK;
}

teeio_err teeio_spdm_sec_seal(struct teeio_spdm_sec *sec, struct teeio_spdm_ks *ks,
			      enum teeio_spdm_dir dir, const uint8_t *app, size_t app_len,
			      struct teeio_buf *out)
{
	struct teeio_spdm_dir_keys *k;
	uint8_t nonce[TEEIO_AEAD_IV_SIZE];
	size_t tag_len, pad, plain_len, hdr_len, start;
	uint8_t *hdr, *body;
	teeio_err rc = TEEIO_OK;

	TRY(check_ready(sec, ks, dir));
	ENSURE(out && (app || app_len == 0), TEEIO_ERR_USAGE);
	k = &ks->dir[dir];
	tag_len = teeio_aead_tag_size(ks->aead);
	TRY(pad_count(sec, &pad));
	plain_len = APP_DATA_LENGTH_LEN + app_len + pad;
	/* Length is a u16 counting the encrypted data and the MAC. */
	ENSURE(app_len <= UINT16_MAX && plain_len + tag_len <= UINT16_MAX, TEEIO_ERR_SIZE_LIMIT);
	hdr_len = SESSION_ID_LEN + sec->binding->seq_wire_len + LENGTH_LEN;
	ENSURE(teeio_buf_left(out) >= hdr_len + plain_len + tag_len, TEEIO_ERR_SIZE);

	/* Header (the AAD), then the plaintext in place where the ciphertext
	 * goes; the AEAD encrypts it in place. */
	start = out->pos;
	TRY_OUT(teeio_buf_reserve(out, hdr_len + plain_len + tag_len, &hdr));
	body = hdr + hdr_len;
	teeio_store_u32le(hdr, sec->session_id);
	for (unsigned i = 0; i < sec->binding->seq_wire_len; i++)
		hdr[SESSION_ID_LEN + i] = (uint8_t)(k->seq >> (8 * i));
	teeio_store_u16le(hdr + hdr_len - LENGTH_LEN, (uint16_t)(plain_len + tag_len));
	teeio_store_u16le(body, (uint16_t)app_len);
	if (app_len)
		memcpy(body + APP_DATA_LENGTH_LEN, app, app_len);
	if (pad)
		TRY_OUT(sec->ops->random(body + APP_DATA_LENGTH_LEN + app_len, pad));

	make_nonce(nonce, k->iv, k->seq, sec->seq_endian);
	TRY_OUT(sec->ops->aead_seal(&sec->aead[dir], nonce, hdr, hdr_len, body, plain_len, body,
				    body + plain_len, tag_len));
	k->seq++;
out:
	if (rc != TEEIO_OK && out->pos != start) {
		/* The window may hold plaintext: wipe it and give it back. */
		teeio_wipe(out->data + start, out->pos - start);
		out->pos = start;
	}
	return rc;
}

/* Parsed outer framing of a received record. */
struct record {
	size_t hdr_len; /* AAD: SessionID | seq | Length    */
	const uint8_t *ct; /* encrypted data                   */
	size_t ct_len; /* Length - MAC                     */
	const uint8_t *tag;
};

/* Decode SessionID | seq | Length and locate ciphertext and MAC; check
 * the session, the sequence number and every length against the bytes
 * actually present. */
static teeio_err parse_record(const struct teeio_spdm_sec *sec, uint64_t seq, size_t tag_len,
			      const uint8_t *msg, size_t len, struct record *rec)
{
	struct teeio_buf r = teeio_buf_reader(msg, len);
	uint8_t want_seq[SEQ_WIRE_MAX];
	const uint8_t *wire_seq;
	size_t seq_len = sec->binding->seq_wire_len;
	uint32_t session_id;
	uint16_t length;

	TRY(teeio_buf_get_u32le(&r, &session_id));
	TRY(teeio_buf_get_ref(&r, &wire_seq, seq_len));
	TRY(teeio_buf_get_u16le(&r, &length));
	rec->hdr_len = r.pos;

	/* A record of another session, or one not next in order (replayed,
	 * dropped, reordered), is treated like a forged one. */
	ENSURE(session_id == sec->session_id, TEEIO_ERR_CRYPTO_VERIFY);
	for (size_t i = 0; i < seq_len; i++)
		want_seq[i] = (uint8_t)(seq >> (8 * i));
	ENSURE(teeio_ct_memeq(wire_seq, want_seq, seq_len), TEEIO_ERR_CRYPTO_VERIFY);

	/* Length must leave room for ApplicationDataLength and the MAC. */
	ENSURE(length >= APP_DATA_LENGTH_LEN + tag_len, TEEIO_ERR_PROTO);
	TRY(teeio_buf_get_ref(&r, &rec->ct, length - tag_len));
	rec->ct_len = length - tag_len;
	TRY(teeio_buf_get_ref(&r, &rec->tag, tag_len));
	/* Anything after the record is transport padding: bounded, zero. */
	ENSURE(teeio_buf_left(&r) <= sec->binding->max_trailing, TEEIO_ERR_SIZE_TRAILING);
	TRY(teeio_buf_expect_zero(&r, teeio_buf_left(&r)));
	return TEEIO_OK;
}

teeio_err teeio_spdm_sec_open(struct teeio_spdm_sec *sec, struct teeio_spdm_ks *ks,
			      enum teeio_spdm_dir dir, const uint8_t *msg, size_t len, uint8_t *app,
			      size_t *app_len)
{
	struct teeio_spdm_dir_keys *k;
	uint8_t nonce[TEEIO_AEAD_IV_SIZE];
	struct record rec;
	struct teeio_buf plain;
	uint16_t app_data_len;
	size_t tag_len, cap, data_len = 0;
	teeio_err rc = TEEIO_OK;

	ENSURE(app_len, TEEIO_ERR_USAGE);
	cap = *app_len;
	*app_len = 0; /* until the record has been verified */
	TRY(check_ready(sec, ks, dir));
	ENSURE(msg && app, TEEIO_ERR_USAGE);
	k = &ks->dir[dir];
	tag_len = teeio_aead_tag_size(ks->aead);
	TRY(parse_record(sec, k->seq, tag_len, msg, len, &rec));
	ENSURE(rec.ct_len <= cap, TEEIO_ERR_SIZE);

	make_nonce(nonce, k->iv, k->seq, sec->seq_endian);
	/* Decrypt in place into app: ApplicationDataLength | data | pad.  The
	 * tag is checked in constant time inside the AEAD. */
	TRY_OUT(sec->ops->aead_open(&sec->aead[dir], nonce, msg, rec.hdr_len, rec.ct, rec.ct_len,
				    rec.tag, tag_len, app));
	plain = teeio_buf_reader(app, rec.ct_len);
	TRY_OUT(teeio_buf_get_u16le(&plain, &app_data_len));
	/* The rest of the decrypted area is random padding (not checked). */
	ENSURE_OUT(app_data_len <= teeio_buf_left(&plain), TEEIO_ERR_PROTO);
	data_len = app_data_len;
	memmove(app, teeio_buf_cur(&plain), data_len);
	k->seq++;
out:
	/* Leave only the application data (nothing at all on failure). */
	if (rc != TEEIO_OK)
		data_len = 0;
	teeio_wipe(app + data_len, rec.ct_len - data_len);
	if (rc == TEEIO_OK)
		*app_len = data_len;
	return rc;
}

teeio_err teeio_spdm_sec_peek_session(const uint8_t *msg, size_t len, uint32_t *session_id)
{
	struct teeio_buf r = teeio_buf_reader(msg, len);

	ENSURE(session_id && (msg || len == 0), TEEIO_ERR_USAGE);
	return teeio_buf_get_u32le(&r, session_id);
}

void teeio_spdm_sec_free(struct teeio_spdm_sec *sec)
{
	if (!sec)
		return;
	for (int d = 0; d < 2; d++) {
		if (sec->ops && sec->aead[d].impl)
			sec->ops->aead_free(&sec->aead[d]);
		sec->keyed[d] = false;
	}
}
