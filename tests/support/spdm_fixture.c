/* SPDX-License-Identifier: BSD-3-Clause */
/* SPDM test helpers: see spdm_fixture.h. */
#include <string.h>

#include "spdm_fixture.h"
#include "test.h"

teeio_err spdm_fixture_init(struct spdm_fixture *f, enum teeio_sig_alg alg)
{
	memset(f, 0, sizeof(*f));
	f->ops = teeio_crypto_openssl();
	TRY(teeio_pki_generate_device(f->ops, alg, 0, &f->chain));
	f->der_len = sizeof(f->der);
	TRY(teeio_pki_chain_der(&f->chain, f->der, &f->der_len));

	static const uint8_t types[SPDM_FIX_MEAS] = {
	    TEEIO_SPDM_MEAS_IMMUTABLE_ROM, TEEIO_SPDM_MEAS_MUTABLE_FW, TEEIO_SPDM_MEAS_HW_CONFIG,
	    TEEIO_SPDM_MEAS_VERSION};
	for (size_t i = 0; i < SPDM_FIX_MEAS; i++) {
		memset(f->meas_values[i], 0x10 + (int)i, sizeof(f->meas_values[i]));
		f->meas_entries[i] = (struct teeio_spdm_rsp_meas_entry){
		    .index = (uint8_t)(i + 1),
		    .type = types[i],
		    .raw_only = i == 3,
		    .tcb = i == 0,
		    .value = f->meas_values[i],
		    .len = (uint16_t)(i == 3 ? 8 : sizeof(f->meas_values[i])),
		};
	}
	f->meas.entries = f->meas_entries;
	f->meas.n = SPDM_FIX_MEAS;
	f->meas.generation = 1;

	struct teeio_spdm_rsp_config *c = &f->cfg;
	c->ops = f->ops;
	c->caps = TEEIO_SPDM_CAP_CERT | TEEIO_SPDM_CAP_CHAL | TEEIO_SPDM_CAP_MEAS_SIG |
		  TEEIO_SPDM_CAP_KEY_EX | TEEIO_SPDM_CAP_ENCRYPT | TEEIO_SPDM_CAP_MAC |
		  TEEIO_SPDM_CAP_HBEAT | TEEIO_SPDM_CAP_KEY_UPD | TEEIO_SPDM_CAP_CHUNK;
	c->ct_exponent = 12;
	teeio_spdm_alg_prefs_default(&c->algs);
	c->algs.asym[0] = alg;
	c->algs.asym[1] = TEEIO_SIG_NONE;
	c->slots[0].der = f->der;
	c->slots[0].der_len = f->der_len;
	c->slots[0].key = &f->chain.leaf_key;
	c->meas = &f->meas;
	c->heartbeat_period = 10;
	return TEEIO_OK;
}

void spdm_fixture_free(struct spdm_fixture *f)
{
	teeio_pki_chain_free(f->ops, &f->chain);
}

static size_t hdr(uint8_t *out, uint8_t ver, uint8_t code, uint8_t p1, uint8_t p2)
{
	out[0] = ver;
	out[1] = code;
	out[2] = p1;
	out[3] = p2;
	return 4;
}

size_t spdm_msg_simple(uint8_t *out, uint8_t ver, uint8_t code, uint8_t p1, uint8_t p2)
{
	return hdr(out, ver, code, p1, p2);
}

size_t spdm_msg_get_version(uint8_t *out)
{
	return hdr(out, 0x10, 0x84, 0, 0);
}

size_t spdm_msg_get_caps(uint8_t *out, uint8_t ver, uint32_t flags, uint32_t dts, uint32_t max)
{
	size_t n = hdr(out, ver, 0xE1, 0, 0);

	if (ver < 0x11)
		return n;
	out[n++] = 0;
	out[n++] = 10; /* CTExponent */
	out[n++] = 0;
	out[n++] = 0;
	teeio_store_u32le(out + n, flags);
	n += 4;
	if (ver < 0x12)
		return n;
	teeio_store_u32le(out + n, dts);
	teeio_store_u32le(out + n + 4, max);
	return n + 8;
}

size_t spdm_msg_neg_algs(uint8_t *out, uint8_t ver, uint32_t asym, uint32_t hash, uint16_t dhe,
			 uint16_t aead)
{
	size_t n = hdr(out, ver, 0xE3, ver >= 0x11 ? 4 : 0, 0);

	memset(out + n, 0, 28);
	out[n + 2] = 0x01; /* MeasurementSpecification DMTF */
	out[n + 3] = ver >= 0x12 ? 0x02 : 0; /* OpaqueDataFmt1 */
	teeio_store_u32le(out + n + 4, asym);
	teeio_store_u32le(out + n + 8, hash);
	n += 28;
	if (ver >= 0x11) {
		const uint16_t sup[4] = {dhe, aead, (uint16_t)asym, 0x0001};
		for (int i = 0; i < 4; i++) {
			out[n++] = (uint8_t)(2 + i);
			out[n++] = 0x20;
			teeio_store_u16le(out + n, sup[i]);
			n += 2;
		}
	}
	teeio_store_u16le(out + 4, (uint16_t)n);
	return n;
}

size_t spdm_msg_get_digests(uint8_t *out, uint8_t ver)
{
	return hdr(out, ver, 0x81, 0, 0);
}

size_t spdm_msg_get_cert(uint8_t *out, uint8_t ver, uint8_t slot, uint16_t off, uint16_t len)
{
	size_t n = hdr(out, ver, 0x82, slot, 0);

	teeio_store_u16le(out + n, off);
	teeio_store_u16le(out + n + 2, len);
	return n + 4;
}

size_t spdm_msg_challenge(uint8_t *out, uint8_t ver, uint8_t slot, uint8_t summary)
{
	size_t n = hdr(out, ver, 0x83, slot, summary);

	memset(out + n, 0xA5, 32);
	n += 32;
	if (ver >= 0x13) {
		memset(out + n, 0xC3, 8);
		n += 8;
	}
	return n;
}

size_t spdm_msg_get_meas(uint8_t *out, uint8_t ver, uint8_t attrs, uint8_t op, uint8_t slot)
{
	size_t n = hdr(out, ver, 0xE0, attrs, op);

	if (attrs & 1) {
		memset(out + n, 0x5A, 32);
		n += 32;
		if (ver >= 0x11)
			out[n++] = slot;
	}
	if (ver >= 0x13) {
		memset(out + n, 0x3C, 8);
		n += 8;
	}
	return n;
}

bool spdm_step_run(struct teeio_spdm_rsp *rsp, const struct spdm_step *s, uint8_t *rsp_out,
		   size_t *rsp_len)
{
	teeio_err rc = teeio_spdm_rsp_handle(rsp, s->req, s->len, 0, rsp_out, rsp_len);

	if (rc != TEEIO_OK) {
		test_fail(__FILE__, __LINE__, "%s: handle -> %s", s->what, teeio_err_str(rc));
		return false;
	}
	if (*rsp_len < 4 || rsp_out[1] != s->want_code ||
	    (s->want_code == 0x7F && rsp_out[2] != s->want_err)) {
		test_fail(__FILE__, __LINE__, "%s: got code %02x err %02x, want %02x/%02x", s->what,
			  *rsp_len >= 2 ? rsp_out[1] : 0, *rsp_len >= 3 ? rsp_out[2] : 0,
			  s->want_code, s->want_err);
		return false;
	}
	return true;
}

bool spdm_script_run(struct teeio_spdm_rsp *rsp, const struct spdm_step *steps, size_t n)
{
	static uint8_t out[TEEIO_SPDM_MAX_MSG];

	for (size_t i = 0; i < n; i++) {
		size_t len = sizeof(out);
		if (!spdm_step_run(rsp, &steps[i], out, &len))
			return false;
	}
	return true;
}

bool spdm_do_vca(struct teeio_spdm_rsp *rsp, uint8_t ver, uint32_t asym, uint32_t hash)
{
	return spdm_do_vca_conn(rsp, ver, asym, hash, NULL);
}

bool spdm_do_vca_conn(struct teeio_spdm_rsp *rsp, uint8_t ver, uint32_t asym, uint32_t hash,
		      struct teeio_spdm_conn *conn)
{
	static uint8_t out[TEEIO_SPDM_MAX_MSG];
	struct spdm_step s[3] = {
	    {.what = "GET_VERSION", .want_code = 0x04},
	    {.what = "GET_CAPABILITIES", .want_code = 0x61},
	    {.what = "NEGOTIATE_ALGORITHMS", .want_code = 0x63},
	};
	s[0].len = spdm_msg_get_version(s[0].req);
	s[1].len = spdm_msg_get_caps(s[1].req, ver, SPDM_FIX_REQ_CAPS, 4096, 4096 * 4);
	s[2].len = spdm_msg_neg_algs(s[2].req, ver, asym, hash, 0x18 /* P256|P384 */,
				     0x0003 /* AES-128/256-GCM */);
	for (int i = 0; i < 3; i++) {
		size_t len = sizeof(out);
		if (!spdm_step_run(rsp, &s[i], out, &len))
			return false;
		if (conn && (teeio_spdm_conn_vca_append(conn, s[i].req, s[i].len) != TEEIO_OK ||
			     teeio_spdm_conn_vca_append(conn, out, len) != TEEIO_OK))
			return false;
		if (conn && i == 2) {
			conn->neg.version = ver;
			conn->neg.hash = teeio_spdm_hash_from_bit(teeio_load_u32le(out + 16));
			conn->neg.asym = teeio_spdm_asym_from_bit(teeio_load_u32le(out + 12));
			conn->neg.dhe = teeio_spdm_dhe_from_bit(teeio_load_u16le(out + 38));
			conn->neg.aead = teeio_spdm_aead_from_bit(teeio_load_u16le(out + 42));
			conn->neg.meas_hash =
			    teeio_spdm_meas_hash_from_bit(teeio_load_u32le(out + 8));
			if (teeio_spdm_conn_vca_seal(conn) != TEEIO_OK)
				return false;
			conn->state = TEEIO_SPDM_CONN_NEGOTIATED;
		}
	}
	return true;
}
