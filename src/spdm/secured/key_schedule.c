/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SPDM session key schedule (DSP0274 1.1-1.3, "Key schedule").
 *
 *   HandshakeSecret  = HKDF-Extract(Salt_0, DHE secret)
 *   {req,rsp} hs sec = HKDF-Expand(HandshakeSecret, bin_str1/2(TH1), H)
 *   Salt_1           = HKDF-Expand(HandshakeSecret, bin_str0, H)
 *   MasterSecret     = HKDF-Extract(Salt_1, 0-filled(H))
 *   {req,rsp} data   = HKDF-Expand(MasterSecret, bin_str3/4(TH2), H)
 *   export master    = HKDF-Expand(MasterSecret, bin_str8(TH2), H)
 *   key, IV          = HKDF-Expand(secret, bin_str5 / bin_str6, len)
 *   finished key     = HKDF-Expand({req,rsp} hs sec, bin_str7, H)
 *   KEY_UPDATE       = HKDF-Expand(data secret, bin_str9, H)
 *
 * bin_str(Length, Label, Context) = Length (u16, little-endian like every
 * SPDM field) || "spdmX.Y " || Label || Context.  Every step writes into
 * the schedule only after all of it succeeded, or wipes the whole schedule
 * on a backend failure: a half-derived schedule is never usable.
 */
#include <string.h>

#include "teeio/spdm_secured.h"

/* DSP0274 1.1+ "Key schedule": the version prefix of every bin_str label
 * ("spdm1.1 ", "spdm1.2 ", "spdm1.3 "); 8 bytes, trailing space included. */
#define VERSION_LABEL_LEN 8

/* DSP0274 "Key schedule" labels, bin_str0 .. bin_str9. */
#define BIN_STR0_LABEL "derived"
#define BIN_STR1_LABEL "req hs data"
#define BIN_STR2_LABEL "rsp hs data"
#define BIN_STR3_LABEL "req app data"
#define BIN_STR4_LABEL "rsp app data"
#define BIN_STR5_LABEL "key"
#define BIN_STR6_LABEL "iv"
#define BIN_STR7_LABEL "finished"
#define BIN_STR8_LABEL "exp master"
#define BIN_STR9_LABEL "traffic upd"

/* Longest label is "req app data" (12 bytes); context is at most a hash. */
#define BIN_STR_MAX (2 + VERSION_LABEL_LEN + 12 + TEEIO_HASH_MAX)

static bool version_has_sessions(uint8_t version)
{
	return version == TEEIO_SPDM_V11 || version == TEEIO_SPDM_V12 || version == TEEIO_SPDM_V13;
}

static size_t hash_len(const struct teeio_spdm_ks *ks)
{
	return teeio_hash_size(ks->hash);
}

/* Build bin_str(length, label, context) into out (BIN_STR_MAX bytes). */
static teeio_err bin_str(uint8_t version, uint16_t length, const char *label,
			 const uint8_t *context, size_t context_len, uint8_t *out, size_t *out_len)
{
	struct teeio_buf w = teeio_buf_writer(out, BIN_STR_MAX);
	char prefix[VERSION_LABEL_LEN] = {'s', 'p', 'd', 'm', '1', '.', '1', ' '};

	prefix[4] = (char)('0' + (version >> 4));
	prefix[6] = (char)('0' + (version & 0x0f));
	TRY(teeio_buf_put_u16le(&w, length));
	TRY(teeio_buf_put_bytes(&w, prefix, sizeof(prefix)));
	TRY(teeio_buf_put_bytes(&w, label, strlen(label)));
	if (context)
		TRY(teeio_buf_put_bytes(&w, context, context_len));
	*out_len = w.pos;
	return TEEIO_OK;
}

/* out = HKDF-Expand(secret, bin_str(out_len, label, context), out_len);
 * the context, when given, is one hash long (TH1 or TH2). */
static teeio_err expand_label(const struct teeio_spdm_ks *ks, const uint8_t *secret,
			      const char *label, const uint8_t *context, uint8_t *out,
			      size_t out_len)
{
	uint8_t info[BIN_STR_MAX];
	size_t info_len;

	TRY(bin_str(ks->version, (uint16_t)out_len, label, context, context ? hash_len(ks) : 0,
		    info, &info_len));
	return ks->ops->hkdf_expand(ks->hash, secret, hash_len(ks), info, info_len, out, out_len);
}

/* Key and IV of one direction from its (handshake or data) secret. */
static teeio_err derive_traffic_keys(const struct teeio_spdm_ks *ks, struct teeio_spdm_dir_keys *k)
{
	TRY(expand_label(ks, k->secret, BIN_STR5_LABEL, NULL, k->key,
			 teeio_aead_key_size(ks->aead)));
	TRY(expand_label(ks, k->secret, BIN_STR6_LABEL, NULL, k->iv, TEEIO_AEAD_IV_SIZE));
	k->seq = 0;
	return TEEIO_OK;
}

static teeio_err start(struct teeio_spdm_ks *ks, const struct teeio_crypto_ops *ops,
		       uint8_t version, enum teeio_hash_alg hash, enum teeio_aead_alg aead,
		       const uint8_t *secret, size_t secret_len, uint8_t salt_fill)
{
	uint8_t salt0[TEEIO_HASH_MAX];
	teeio_err rc;

	ENSURE(ks && ops && secret, TEEIO_ERR_USAGE);
	/* SPDM 1.0 has no KEY_EXCHANGE: asking for a 1.0 session is misuse. */
	ENSURE(version_has_sessions(version), TEEIO_ERR_USAGE);
	ENSURE(teeio_hash_size(hash) != 0 && teeio_aead_key_size(aead) != 0, TEEIO_ERR_USAGE);
	ENSURE(secret_len > 0 && secret_len <= TEEIO_SPDM_KS_SECRET_MAX, TEEIO_ERR_USAGE);

	teeio_wipe(ks, sizeof(*ks));
	ks->ops = ops;
	ks->version = version;
	ks->hash = hash;
	ks->aead = aead;
	memset(salt0, salt_fill, sizeof(salt0));
	rc = ops->hkdf_extract(hash, salt0, hash_len(ks), secret, secret_len, ks->handshake_secret);
	if (rc != TEEIO_OK) {
		teeio_wipe(ks, sizeof(*ks));
		return rc;
	}
	ks->phase = TEEIO_SPDM_KS_STARTED;
	return TEEIO_OK;
}

teeio_err teeio_spdm_ks_init(struct teeio_spdm_ks *ks, const struct teeio_crypto_ops *ops,
			     uint8_t version, enum teeio_hash_alg hash, enum teeio_aead_alg aead,
			     const uint8_t *shared_secret, size_t secret_len)
{
	/* DSP0274 "Key schedule": Salt_0 is a hash-sized all-zero string. */
	return start(ks, ops, version, hash, aead, shared_secret, secret_len, 0x00);
}

teeio_err teeio_spdm_ks_init_psk(struct teeio_spdm_ks *ks, const struct teeio_crypto_ops *ops,
				 uint8_t version, enum teeio_hash_alg hash,
				 enum teeio_aead_alg aead, const uint8_t *psk, size_t psk_len)
{
	/* DSP0274 1.3 "Key schedule": with a PSK, Salt_0 is all 0xFF (so a
	 * PSK session can never share keys with a DHE one); 1.1/1.2 use 0. */
	return start(ks, ops, version, hash, aead, psk, psk_len,
		     version >= TEEIO_SPDM_V13 ? 0xff : 0x00);
}

teeio_err teeio_spdm_ks_handshake(struct teeio_spdm_ks *ks, const uint8_t *th1)
{
	static const char *const hs_label[2] = {BIN_STR1_LABEL, BIN_STR2_LABEL};
	uint8_t *finished[2];
	size_t h;
	teeio_err rc = TEEIO_OK;

	ENSURE(ks && th1, TEEIO_ERR_USAGE);
	ENSURE(ks->phase == TEEIO_SPDM_KS_STARTED, TEEIO_ERR_STATE);
	h = hash_len(ks);
	finished[TEEIO_SPDM_DIR_REQ] = ks->req_finished_key;
	finished[TEEIO_SPDM_DIR_RSP] = ks->rsp_finished_key;
	for (int d = 0; d < 2; d++) {
		struct teeio_spdm_dir_keys *k = &ks->dir[d];

		TRY_OUT(expand_label(ks, ks->handshake_secret, hs_label[d], th1, k->secret, h));
		TRY_OUT(expand_label(ks, k->secret, BIN_STR7_LABEL, NULL, finished[d], h));
		TRY_OUT(derive_traffic_keys(ks, k));
	}
	ks->phase = TEEIO_SPDM_KS_HANDSHAKE;
out:
	if (rc != TEEIO_OK)
		teeio_spdm_ks_wipe(ks);
	return rc;
}

teeio_err teeio_spdm_ks_data(struct teeio_spdm_ks *ks, const uint8_t *th2)
{
	static const char *const data_label[2] = {BIN_STR3_LABEL, BIN_STR4_LABEL};
	uint8_t salt1[TEEIO_HASH_MAX];
	uint8_t zeros[TEEIO_HASH_MAX] = {0};
	size_t h;
	teeio_err rc = TEEIO_OK;

	ENSURE(ks && th2, TEEIO_ERR_USAGE);
	ENSURE(ks->phase == TEEIO_SPDM_KS_HANDSHAKE, TEEIO_ERR_STATE);
	h = hash_len(ks);
	TRY_OUT(expand_label(ks, ks->handshake_secret, BIN_STR0_LABEL, NULL, salt1, h));
	TRY_OUT(ks->ops->hkdf_extract(ks->hash, salt1, h, zeros, h, ks->master_secret));
	/* From here on the handshake secrets are no longer needed. */
	teeio_wipe(ks->handshake_secret, sizeof(ks->handshake_secret));
	teeio_wipe(ks->req_finished_key, sizeof(ks->req_finished_key));
	teeio_wipe(ks->rsp_finished_key, sizeof(ks->rsp_finished_key));
	for (int d = 0; d < 2; d++) {
		struct teeio_spdm_dir_keys *k = &ks->dir[d];

		TRY_OUT(expand_label(ks, ks->master_secret, data_label[d], th2, k->secret, h));
		TRY_OUT(derive_traffic_keys(ks, k));
	}
	TRY_OUT(
	    expand_label(ks, ks->master_secret, BIN_STR8_LABEL, th2, ks->export_master_secret, h));
	ks->phase = TEEIO_SPDM_KS_DATA;
out:
	teeio_wipe(salt1, sizeof(salt1));
	if (rc != TEEIO_OK)
		teeio_spdm_ks_wipe(ks);
	return rc;
}

teeio_err teeio_spdm_ks_update(struct teeio_spdm_ks *ks, enum teeio_spdm_dir dir)
{
	struct teeio_spdm_dir_keys next;
	teeio_err rc = TEEIO_OK;

	ENSURE(ks, TEEIO_ERR_USAGE);
	ENSURE(dir == TEEIO_SPDM_DIR_REQ || dir == TEEIO_SPDM_DIR_RSP, TEEIO_ERR_USAGE);
	ENSURE(ks->phase == TEEIO_SPDM_KS_DATA, TEEIO_ERR_STATE);
	/* One update per direction in flight (DSP0274 KEY_UPDATE: the next
	 * update waits for the ACK of the previous one). */
	ENSURE(!ks->prev_valid[dir], TEEIO_ERR_STATE);

	memset(&next, 0, sizeof(next));
	TRY_OUT(
	    expand_label(ks, ks->dir[dir].secret, BIN_STR9_LABEL, NULL, next.secret, hash_len(ks)));
	TRY_OUT(derive_traffic_keys(ks, &next));
	ks->prev[dir] = ks->dir[dir];
	ks->prev_valid[dir] = true;
	ks->dir[dir] = next;
out:
	teeio_wipe(&next, sizeof(next));
	return rc;
}

void teeio_spdm_ks_update_commit(struct teeio_spdm_ks *ks, enum teeio_spdm_dir dir)
{
	if (!ks || (dir != TEEIO_SPDM_DIR_REQ && dir != TEEIO_SPDM_DIR_RSP))
		return;
	teeio_wipe(&ks->prev[dir], sizeof(ks->prev[dir]));
	ks->prev_valid[dir] = false;
}

void teeio_spdm_ks_update_rollback(struct teeio_spdm_ks *ks, enum teeio_spdm_dir dir)
{
	if (!ks || (dir != TEEIO_SPDM_DIR_REQ && dir != TEEIO_SPDM_DIR_RSP))
		return;
	if (!ks->prev_valid[dir])
		return;
	ks->dir[dir] = ks->prev[dir];
	teeio_wipe(&ks->prev[dir], sizeof(ks->prev[dir]));
	ks->prev_valid[dir] = false;
}

teeio_err teeio_spdm_ks_finished_mac(const struct teeio_spdm_ks *ks, enum teeio_spdm_dir dir,
				     const uint8_t *th_hash, uint8_t *out)
{
	const uint8_t *key;

	ENSURE(ks && th_hash && out, TEEIO_ERR_USAGE);
	ENSURE(dir == TEEIO_SPDM_DIR_REQ || dir == TEEIO_SPDM_DIR_RSP, TEEIO_ERR_USAGE);
	ENSURE(ks->phase == TEEIO_SPDM_KS_HANDSHAKE, TEEIO_ERR_STATE);
	key = dir == TEEIO_SPDM_DIR_REQ ? ks->req_finished_key : ks->rsp_finished_key;
	return ks->ops->hmac(ks->hash, key, hash_len(ks), th_hash, hash_len(ks), out);
}

void teeio_spdm_ks_wipe(struct teeio_spdm_ks *ks)
{
	if (ks)
		teeio_wipe(ks, sizeof(*ks));
}
