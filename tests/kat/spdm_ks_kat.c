/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Known answers for the SPDM key schedule (DSP0274 1.1-1.3 "Key schedule").
 *
 * No public vector for the whole schedule exists, so two independent
 * checks guard src/spdm/secured/key_schedule.c:
 *  1. Pinned vectors computed outside teeio (Python hmac/hashlib, RFC 5869
 *     written out from the spec formulas) for three version/hash/AEAD/PSK
 *     combinations.
 *  2. A second derivation inside this test - RFC 5869 HKDF written out
 *     over ops->hmac only, bin_str assembled byte by byte - run over every
 *     version x hash x AEAD, comparing every secret, key, IV, finished key
 *     and KEY_UPDATE result.  It is itself checked against vector 1.
 * A swapped label, a wrong Length, a big-endian length or a mixed-up
 * input order in the library fails one of these.
 */
#include <string.h>

#include "teeio/spdm_secured.h"
#include "test.h"

static const struct teeio_crypto_ops *ops;

/* ---- RFC 5869 over HMAC, and bin_str, written out independently ---- */

static void ref_extract(enum teeio_hash_alg alg, const uint8_t *salt, size_t salt_len,
			const uint8_t *ikm, size_t ikm_len, uint8_t *prk)
{
	/* RFC 5869 2.2: PRK = HMAC-Hash(salt, IKM). */
	CHECK_OK(ops->hmac(alg, salt, salt_len, ikm, ikm_len, prk));
}

static void ref_expand(enum teeio_hash_alg alg, const uint8_t *prk, const uint8_t *info,
		       size_t info_len, uint8_t *out, size_t out_len)
{
	/* RFC 5869 2.3: T(i) = HMAC(PRK, T(i-1) | info | i). */
	size_t h = teeio_hash_size(alg), done = 0;
	uint8_t t[TEEIO_HASH_MAX], in[TEEIO_HASH_MAX + 128 + 1];
	size_t t_len = 0;

	for (uint8_t i = 1; done < out_len; i++) {
		size_t n = 0;
		memcpy(in, t, t_len);
		n += t_len;
		memcpy(in + n, info, info_len);
		n += info_len;
		in[n++] = i;
		CHECK_OK(ops->hmac(alg, prk, h, in, n, t));
		t_len = h;
		size_t take = out_len - done < h ? out_len - done : h;
		memcpy(out + done, t, take);
		done += take;
	}
}

/* bin_str = u16le length | "spdmM.m " | label | context */
static size_t ref_bin_str(uint8_t ver, size_t length, const char *label, const uint8_t *ctx,
			  size_t ctx_len, uint8_t *out)
{
	size_t n = 0, ll = strlen(label);
	out[n++] = (uint8_t)(length & 0xff);
	out[n++] = (uint8_t)(length >> 8);
	memcpy(out + n, "spdm", 4);
	n += 4;
	out[n++] = (uint8_t)('0' + (ver >> 4));
	out[n++] = '.';
	out[n++] = (uint8_t)('0' + (ver & 0xf));
	out[n++] = ' ';
	memcpy(out + n, label, ll);
	n += ll;
	if (ctx) {
		memcpy(out + n, ctx, ctx_len);
		n += ctx_len;
	}
	return n;
}

static void ref_label(uint8_t ver, enum teeio_hash_alg alg, const uint8_t *secret,
		      const char *label, const uint8_t *ctx, uint8_t *out, size_t out_len)
{
	uint8_t info[128];
	size_t h = teeio_hash_size(alg);
	size_t n = ref_bin_str(ver, out_len, label, ctx, ctx ? h : 0, info);
	ref_expand(alg, secret, info, n, out, out_len);
}

struct ref_dir {
	uint8_t secret[TEEIO_HASH_MAX], key[32], iv[12];
};

struct ref {
	uint8_t hs[TEEIO_HASH_MAX], master[TEEIO_HASH_MAX], export_master[TEEIO_HASH_MAX];
	uint8_t finished[2][TEEIO_HASH_MAX];
	struct ref_dir hs_dir[2], data_dir[2], upd_dir[2];
};

static void ref_keys(uint8_t ver, enum teeio_hash_alg alg, size_t kl, struct ref_dir *d)
{
	ref_label(ver, alg, d->secret, "key", NULL, d->key, kl);
	ref_label(ver, alg, d->secret, "iv", NULL, d->iv, 12);
}

static void ref_schedule(uint8_t ver, enum teeio_hash_alg alg, size_t kl, const uint8_t *secret,
			 size_t secret_len, uint8_t salt_fill, const uint8_t *th1,
			 const uint8_t *th2, struct ref *r)
{
	size_t h = teeio_hash_size(alg);
	uint8_t salt[TEEIO_HASH_MAX], zeros[TEEIO_HASH_MAX] = {0};
	static const char *hs_l[2] = {"req hs data", "rsp hs data"};
	static const char *data_l[2] = {"req app data", "rsp app data"};

	memset(salt, salt_fill, sizeof(salt));
	ref_extract(alg, salt, h, secret, secret_len, r->hs);
	for (int d = 0; d < 2; d++) {
		ref_label(ver, alg, r->hs, hs_l[d], th1, r->hs_dir[d].secret, h);
		ref_label(ver, alg, r->hs_dir[d].secret, "finished", NULL, r->finished[d], h);
		ref_keys(ver, alg, kl, &r->hs_dir[d]);
	}
	ref_label(ver, alg, r->hs, "derived", NULL, salt, h);
	ref_extract(alg, salt, h, zeros, h, r->master);
	for (int d = 0; d < 2; d++) {
		ref_label(ver, alg, r->master, data_l[d], th2, r->data_dir[d].secret, h);
		ref_keys(ver, alg, kl, &r->data_dir[d]);
		ref_label(ver, alg, r->data_dir[d].secret, "traffic upd", NULL,
			  r->upd_dir[d].secret, h);
		ref_keys(ver, alg, kl, &r->upd_dir[d]);
	}
	ref_label(ver, alg, r->master, "exp master", th2, r->export_master, h);
}

/* ---- pinned vectors (computed outside teeio) ---- */

struct vec {
	const char *name;
	uint8_t version;
	enum teeio_hash_alg hash;
	enum teeio_aead_alg aead;
	bool psk;
	const char *secret; /* hex */
	uint8_t th1_byte, th2_byte;
	const char *handshake_secret, *req_hs_secret, *rsp_finished_key, *req_hs_key, *rsp_hs_iv,
	    *master_secret, *rsp_data_secret, *req_data_key, *rsp_data_iv, *export_master,
	    *req_upd_key, *req_upd_iv;
};

static const struct vec vecs[] = {
    {
	.name = "v1.2 sha384 aes256gcm dhe",
	.version = TEEIO_SPDM_V12,
	.hash = TEEIO_HASH_SHA384,
	.aead = TEEIO_AEAD_AES256_GCM,
	.secret = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"
		  "2122232425262728292a2b2c2d2e2f30",
	.th1_byte = 0x11,
	.th2_byte = 0x22,
	.handshake_secret = "e64174c689bb335160bd24e716e8b2280fd85bf5277d32840aa09af4872a6bfb"
			    "91d02569cafaa7f3dddfec54b791287a",
	.req_hs_secret = "4c4b6ced8a1365c11fe999dcaa66878951ebea38015cf0fe0b08d815ad82496f"
			 "358decd05d81a23446e8c2259e084a41",
	.rsp_finished_key = "70c1d968f6b8d95e094da98ce1ad49f02e143c7c990d976d1112b4a42b1c05d2"
			    "8f55ad70067333cb64a057a508ea8152",
	.req_hs_key = "f4fdf1d7ccbe5ad4d05ca68fdeb2008383cff955dc0aefa375c3c0da87a92e06",
	.rsp_hs_iv = "8f6db9342cdf621ec0ba3182",
	.master_secret = "b747bbb506b52bf55647719786d02c026a93fd6e3d0d248e25f439d4610d5edb"
			 "d315a600d4613a75d08aa3c1abd32726",
	.rsp_data_secret = "d20d78e610fcaf78ddf0866bcb403a771a55e79b9d7a037f4128f5de757b91a8"
			   "fb5a88c7e71bbe3a6f80a9fc9a363cfc",
	.req_data_key = "e4145d8f5004c1049f215bab04ce0402e16f8ffd9a3165ed1c55e7a8e38f223b",
	.rsp_data_iv = "0ecc09e66c76f2dd1fa0e80b",
	.export_master = "6384963653ed4b7372c518d0b1fe8409fc7bbed89fff296a760d5d7e673c675c"
			 "32a2960a9efc2c2c73b5f0661e836cd0",
	.req_upd_key = "32f6623a22670fa9f755f257e0f59951eb2ea6c2a8e6fcf87510cd797a88bb74",
	.req_upd_iv = "b96e8b4cc62b12dbc68a27bb",
    },
    {
	.name = "v1.1 sha256 aes128gcm dhe",
	.version = TEEIO_SPDM_V11,
	.hash = TEEIO_HASH_SHA256,
	.aead = TEEIO_AEAD_AES128_GCM,
	.secret = "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf",
	.th1_byte = 0x33,
	.th2_byte = 0x44,
	.handshake_secret = "fff6bab75d4df43e3a58d45a6b3d6ebaa0f75da67d71520fc66467d24f537e5e",
	.req_hs_secret = "4c48d334e2951e79802a1279dedda0724cc5c7914e4c9efdc012be3a75196ad5",
	.rsp_finished_key = "66a5fdb8c2726b9b06cb3aa21951fc4e3ff545cdce15dd7ad14c6286d109aac7",
	.req_hs_key = "0ea831e8960ece684c8832a058f08289",
	.rsp_hs_iv = "e5c6539d92507845d260836f",
	.master_secret = "18e1864d7f2bf84094fb39e9a9a33e1546702d64d279bc567a3e479cac5cc02f",
	.rsp_data_secret = "68a3674e18b7726639e8e79899c711a149d18d576a76207c9bb730c4f52eced5",
	.req_data_key = "17f2fac6f6dc8981ad3cb94524f668f1",
	.rsp_data_iv = "d54298e0407d0604df58146c",
	.export_master = "588aa6516153b612366c672ef026fb2bb838e80a6a221414d624158dccfab616",
	.req_upd_key = "e512ad2ca585f9abadc4ac0c8d0309f5",
	.req_upd_iv = "ef104aa0858a953fead9df53",
    },
    {
	.name = "v1.3 sha512 chacha20poly1305 psk",
	.version = TEEIO_SPDM_V13,
	.hash = TEEIO_HASH_SHA512,
	.aead = TEEIO_AEAD_CHACHA20_POLY1305,
	.psk = true,
	.secret = "746565696f20746573742070736b2030313233343536373839616263646566",
	.th1_byte = 0x55,
	.th2_byte = 0x66,
	.handshake_secret = "da1c76277a628f73e60e207aa657632e45720449a7fe0008a96dd5fb23fdebac"
			    "ffb14e3781527163e846c8e2dfccf71d9b4785d2de4279b14a4566c89a1cd42e",
	.req_hs_secret = "d7b1662c3d627e9613382674adb800681f13e5f7f026598121d3888581f95937"
			 "2ce10db765859b529fc6fe1d7779e4de6de6c69f71b38489c4fa274c6c0a92db",
	.rsp_finished_key = "75d9389a0197a4edaf7a2e38015bf87d5edc2b88e10dcd320917b2afe34c3b7d"
			    "ca2211e65b5abf9ac6ff395f23f3733bfe16955c0c01cc4f796f499bab447fcc",
	.req_hs_key = "0afda9f2d49baf4817cbf59d859ac8c9f0c1b311c0cf9114123f56c04642e5cd",
	.rsp_hs_iv = "45c8d34e3bbfe517a695a08c",
	.master_secret = "ca78f98e986d8ec2feae8eae66f002d899786eb0d33c6f7b73938890ae2fd25e"
			 "78dba12a5ba4e12f39ad5727e9a94e6235463656705a3a6c027ebba0f5667efd",
	.rsp_data_secret = "6c380ebd6e64e4e0b7a2f7cc50865724ead148717160daa8b08d8950d1fa8c8f"
			   "230e6454ae847b0961ac9190afad020b47b3226b9bfec40e73a555e1304fec1d",
	.req_data_key = "2e71aef4ff46c1ae775cbbfe483b4f08cb222b2cd0c492338e42463251c98cda",
	.rsp_data_iv = "f6da69fc9a8f8e625cc68fa1",
	.export_master = "1b28c0a06b2b9bbde58ff1dbd3bde2896f0a4122a2f9fb5ee5d39c52e4d3059f"
			 "c2407974b9b11ea586fdfc98a1cbff95ea4326ba3b6feb16dcb3c2512e81eaa0",
	.req_upd_key = "2b32033319b86e69a2bc27d12b4bb189f1452906f1114dff23bc5b6d0a2c2644",
	.req_upd_iv = "148fd0b6ffe5d10366f48c6c",
    },
};

static void check_hex(const char *what, const uint8_t *got, const char *hex)
{
	uint8_t want[TEEIO_HASH_MAX];
	size_t n = 0;

	CHECK_OK(teeio_unhex(hex, want, sizeof(want), &n));
	if (memcmp(got, want, n) != 0)
		test_fail(__FILE__, __LINE__, "%s differs from the pinned vector", what);
}

static teeio_err start(struct teeio_spdm_ks *ks, uint8_t ver, enum teeio_hash_alg hash,
		       enum teeio_aead_alg aead, const uint8_t *secret, size_t len, bool psk)
{
	if (psk)
		return teeio_spdm_ks_init_psk(ks, ops, ver, hash, aead, secret, len);
	return teeio_spdm_ks_init(ks, ops, ver, hash, aead, secret, len);
}

/* Run the library schedule: init, handshake (capturing the handshake-phase
 * values into *hs_copy), data, then one KEY_UPDATE of each direction. */
static void lib_schedule(struct teeio_spdm_ks *ks, struct teeio_spdm_ks *hs_copy, uint8_t ver,
			 enum teeio_hash_alg hash, enum teeio_aead_alg aead, const uint8_t *secret,
			 size_t len, bool psk, const uint8_t *th1, const uint8_t *th2,
			 struct teeio_spdm_ks *upd)
{
	CHECK_OK(start(ks, ver, hash, aead, secret, len, psk));
	CHECK_OK(teeio_spdm_ks_handshake(ks, th1));
	*hs_copy = *ks;
	CHECK_OK(teeio_spdm_ks_data(ks, th2));
	*upd = *ks;
	CHECK_OK(teeio_spdm_ks_update(upd, TEEIO_SPDM_DIR_REQ));
	CHECK_OK(teeio_spdm_ks_update(upd, TEEIO_SPDM_DIR_RSP));
}

TEST(pinned_vectors)
{
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(vecs); i++) {
		const struct vec *v = &vecs[i];
		struct teeio_spdm_ks ks, hs, upd;
		uint8_t secret[TEEIO_SPDM_KS_SECRET_MAX], th1[TEEIO_HASH_MAX], th2[TEEIO_HASH_MAX];
		size_t slen = 0;
		struct ref r;

		CHECK_OK(teeio_unhex(v->secret, secret, sizeof(secret), &slen));
		memset(th1, v->th1_byte, sizeof(th1));
		memset(th2, v->th2_byte, sizeof(th2));
		lib_schedule(&ks, &hs, v->version, v->hash, v->aead, secret, slen, v->psk, th1, th2,
			     &upd);
		check_hex("handshake_secret", hs.handshake_secret, v->handshake_secret);
		check_hex("req hs secret", hs.dir[TEEIO_SPDM_DIR_REQ].secret, v->req_hs_secret);
		check_hex("rsp finished key", hs.rsp_finished_key, v->rsp_finished_key);
		check_hex("req hs key", hs.dir[TEEIO_SPDM_DIR_REQ].key, v->req_hs_key);
		check_hex("rsp hs iv", hs.dir[TEEIO_SPDM_DIR_RSP].iv, v->rsp_hs_iv);
		check_hex("master secret", ks.master_secret, v->master_secret);
		check_hex("rsp data secret", ks.dir[TEEIO_SPDM_DIR_RSP].secret, v->rsp_data_secret);
		check_hex("req data key", ks.dir[TEEIO_SPDM_DIR_REQ].key, v->req_data_key);
		check_hex("rsp data iv", ks.dir[TEEIO_SPDM_DIR_RSP].iv, v->rsp_data_iv);
		check_hex("export master", ks.export_master_secret, v->export_master);
		check_hex("req updated key", upd.dir[TEEIO_SPDM_DIR_REQ].key, v->req_upd_key);
		check_hex("req updated iv", upd.dir[TEEIO_SPDM_DIR_REQ].iv, v->req_upd_iv);

		/* The in-test reference agrees with the pinned vector too. */
		ref_schedule(v->version, v->hash, teeio_aead_key_size(v->aead), secret, slen,
			     v->psk && v->version >= TEEIO_SPDM_V13 ? 0xff : 0x00, th1, th2, &r);
		check_hex("ref handshake_secret", r.hs, v->handshake_secret);
		check_hex("ref rsp finished key", r.finished[1], v->rsp_finished_key);
		check_hex("ref export master", r.export_master, v->export_master);
		check_hex("ref req updated iv", r.upd_dir[0].iv, v->req_upd_iv);
		teeio_spdm_ks_wipe(&ks);
		teeio_spdm_ks_wipe(&hs);
		teeio_spdm_ks_wipe(&upd);
	}
}

static void cmp_dir(const struct teeio_spdm_dir_keys *k, const struct ref_dir *r, size_t h,
		    size_t kl, const char *what, const char *combo)
{
	if (memcmp(k->secret, r->secret, h) || memcmp(k->key, r->key, kl) ||
	    memcmp(k->iv, r->iv, 12) || k->seq != 0)
		test_fail(__FILE__, __LINE__, "%s: %s mismatch", combo, what);
}

TEST(reference_all_combinations)
{
	static const uint8_t versions[] = {TEEIO_SPDM_V11, TEEIO_SPDM_V12, TEEIO_SPDM_V13};
	static const enum teeio_hash_alg hashes[] = {TEEIO_HASH_SHA256, TEEIO_HASH_SHA384,
						     TEEIO_HASH_SHA512};
	static const enum teeio_aead_alg aeads[] = {TEEIO_AEAD_AES128_GCM, TEEIO_AEAD_AES256_GCM,
						    TEEIO_AEAD_CHACHA20_POLY1305};
	uint8_t secret[66], th1[TEEIO_HASH_MAX], th2[TEEIO_HASH_MAX];

	for (size_t i = 0; i < sizeof(secret); i++)
		secret[i] = (uint8_t)(0x5a ^ (i * 7));
	for (size_t i = 0; i < sizeof(th1); i++) {
		th1[i] = (uint8_t)i;
		th2[i] = (uint8_t)(0xff - i);
	}
	for (size_t vi = 0; vi < sizeof(versions); vi++)
		for (size_t hi = 0; hi < TEEIO_ARRAY_LEN(hashes); hi++)
			for (size_t ai = 0; ai < TEEIO_ARRAY_LEN(aeads); ai++)
				for (int psk = 0; psk < 2; psk++) {
					uint8_t v = versions[vi];
					enum teeio_hash_alg hash = hashes[hi];
					size_t h = teeio_hash_size(hash);
					size_t kl = teeio_aead_key_size(aeads[ai]);
					struct teeio_spdm_ks ks, hs, upd;
					uint8_t mac[TEEIO_HASH_MAX], want[TEEIO_HASH_MAX];
					char combo[64];
					struct ref r;

					snprintf(combo, sizeof(combo), "v%x %s %s%s", v,
						 teeio_hash_name(hash), teeio_aead_name(aeads[ai]),
						 psk ? " psk" : "");
					lib_schedule(&ks, &hs, v, hash, aeads[ai], secret, 66, psk,
						     th1, th2, &upd);
					ref_schedule(v, hash, kl, secret, 66,
						     psk && v >= TEEIO_SPDM_V13 ? 0xff : 0, th1,
						     th2, &r);
					if (memcmp(hs.handshake_secret, r.hs, h) ||
					    memcmp(hs.req_finished_key, r.finished[0], h) ||
					    memcmp(hs.rsp_finished_key, r.finished[1], h) ||
					    memcmp(ks.master_secret, r.master, h) ||
					    memcmp(ks.export_master_secret, r.export_master, h))
						test_fail(__FILE__, __LINE__, "%s: secret mismatch",
							  combo);
					for (int d = 0; d < 2; d++) {
						cmp_dir(&hs.dir[d], &r.hs_dir[d], h, kl, "hs",
							combo);
						cmp_dir(&ks.dir[d], &r.data_dir[d], h, kl, "data",
							combo);
						cmp_dir(&upd.dir[d], &r.upd_dir[d], h, kl, "update",
							combo);
						/* FINISH verify_data = HMAC(finished_key, TH). */
						CHECK_OK(teeio_spdm_ks_finished_mac(
						    &hs, (enum teeio_spdm_dir)d, th1, mac));
						CHECK_OK(ops->hmac(hash, r.finished[d], h, th1, h,
								   want));
						CHECK_MEM(mac, want, h);
					}
					teeio_spdm_ks_wipe(&ks);
					teeio_spdm_ks_wipe(&hs);
					teeio_spdm_ks_wipe(&upd);
				}
}

/* Two updates in a row chain: secret_2 = Expand(secret_1, "traffic upd"). */
TEST(update_chain)
{
	uint8_t secret[48] = {1}, th[48] = {2};
	struct teeio_spdm_ks ks;
	uint8_t s1[48], s2[48], info[64];
	size_t n;

	CHECK_OK(teeio_spdm_ks_init(&ks, ops, TEEIO_SPDM_V12, TEEIO_HASH_SHA384,
				    TEEIO_AEAD_AES256_GCM, secret, sizeof(secret)));
	CHECK_OK(teeio_spdm_ks_handshake(&ks, th));
	CHECK_OK(teeio_spdm_ks_data(&ks, th));
	n = ref_bin_str(TEEIO_SPDM_V12, 48, "traffic upd", NULL, 0, info);
	ref_expand(TEEIO_HASH_SHA384, ks.dir[TEEIO_SPDM_DIR_RSP].secret, info, n, s1, 48);
	ref_expand(TEEIO_HASH_SHA384, s1, info, n, s2, 48);
	CHECK_OK(teeio_spdm_ks_update(&ks, TEEIO_SPDM_DIR_RSP));
	CHECK_MEM(ks.dir[TEEIO_SPDM_DIR_RSP].secret, s1, 48);
	teeio_spdm_ks_update_commit(&ks, TEEIO_SPDM_DIR_RSP);
	CHECK_OK(teeio_spdm_ks_update(&ks, TEEIO_SPDM_DIR_RSP));
	CHECK_MEM(ks.dir[TEEIO_SPDM_DIR_RSP].secret, s2, 48);
	teeio_spdm_ks_wipe(&ks);
}

int main(void)
{
	ops = teeio_crypto_openssl();
	RUN(pinned_vectors);
	RUN(reference_all_combinations);
	RUN(update_chain);
	return test_summary();
}
