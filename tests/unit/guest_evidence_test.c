/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Guest evidence verification (src/guest/evidence*.c): good evidence for
 * the built-in device profile passes the built-in policy; each kind of bad
 * evidence is rejected with its own verdict, and only that one.
 */
#include <stdio.h>
#include <string.h>

#include "teeio/dsm.h"
#include "teeio/guest.h"
#include "test.h"

static const struct teeio_crypto_ops *ops;
static struct teeio_pki_chain dev, other; /* device chain; an unrelated one */
static struct teeio_dsm_profile prof;
static struct teeio_guest_policy base_pol;

#define BAR0 UINT64_C(0xC0000000)
#define BAR2 UINT64_C(0xC0100000)
#define PG 4096u

/* One evidence set under construction. */
struct fx {
	struct teeio_guest_policy pol;
	uint8_t chain[TEEIO_PKI_CHAIN_CERTS_MAX * TEEIO_CERT_MAX + 80];
	uint8_t meas[4096];
	uint8_t report[1024];
	struct teeio_tdisp_mmio_range ranges[8];
	size_t n_ranges;
	uint16_t info;
	struct teeio_guest_evidence ev;
	struct teeio_guest_mmio_map maps[8];
	size_t n_maps;
	struct teeio_guest_verdict v;
};
static struct fx fx;

/* The default PF's report: three ranges of the profile, MSI-X table, PBA. */
static void default_ranges(uint64_t offset)
{
	const struct teeio_tdisp_mmio_range r[] = {
	    {(BAR0 + offset) / PG, 16, 0, 0},
	    {(BAR0 + 0x10000 + offset) / PG, 1, TEEIO_TDISP_RANGE_NON_TEE, 1},
	    {(BAR2 + offset) / PG, 16, 0, 2},
	    {(BAR0 + 0x80000 + offset) / PG, 1,
	     TEEIO_TDISP_RANGE_MSIX_TABLE | TEEIO_TDISP_RANGE_NON_TEE, 0},
	    {(BAR0 + 0x81000 + offset) / PG, 1,
	     TEEIO_TDISP_RANGE_MSIX_PBA | TEEIO_TDISP_RANGE_NON_TEE, 0},
	};
	memcpy(fx.ranges, r, sizeof(r));
	fx.n_ranges = TEEIO_ARRAY_LEN(r);
	fx.ev.mmio_offset = offset;
}

/* Encode the report (TDISP DEVICE_INTERFACE_REPORT layout) from fx. */
static void encode_report(void)
{
	struct teeio_buf b = teeio_buf_writer(fx.report, sizeof(fx.report));
	size_t i;

	CHECK_OK(teeio_buf_put_u16le(&b, fx.info));
	CHECK_OK(teeio_buf_put_u16le(&b, 0));
	CHECK_OK(teeio_buf_put_u16le(&b, 15)); /* MSI-X message control */
	CHECK_OK(teeio_buf_put_u16le(&b, 0));
	CHECK_OK(teeio_buf_put_u32le(&b, 0));
	CHECK_OK(teeio_buf_put_u32le(&b, (uint32_t)fx.n_ranges));
	for (i = 0; i < fx.n_ranges; i++) {
		CHECK_OK(teeio_buf_put_u64le(&b, fx.ranges[i].first_page));
		CHECK_OK(teeio_buf_put_u32le(&b, fx.ranges[i].num_pages));
		CHECK_OK(teeio_buf_put_u16le(&b, fx.ranges[i].attrs));
		CHECK_OK(teeio_buf_put_u16le(&b, fx.ranges[i].range_id));
	}
	CHECK_OK(teeio_buf_put_u32le(&b, 0)); /* no device-specific info */
	fx.ev.report = fx.report;
	fx.ev.report_len = b.pos;
}

/* Measurements of the profile: digests (SHA-384) unless always raw.
 * skip: an index left out; flip: an index whose value is changed. */
static void encode_meas(uint8_t skip, uint8_t flip, enum teeio_hash_alg h)
{
	struct teeio_buf b = teeio_buf_writer(fx.meas, sizeof(fx.meas));
	uint8_t dig[8][TEEIO_HASH_MAX];
	uint8_t val[TEEIO_DSM_MEAS_VALUE_MAX];
	size_t i;

	for (i = 0; i < prof.n_meas; i++) {
		const struct teeio_dsm_meas_prof *m = &prof.meas[i];
		struct teeio_spdm_meas_block blk = {m->index, m->type, m->raw, NULL, m->len};

		if (m->index == skip)
			continue;
		memcpy(val, m->value, m->len);
		if (m->index == flip)
			val[0] ^= 1;
		if (m->raw) {
			blk.value = val;
		} else {
			CHECK_OK(ops->hash(h, val, m->len, dig[i]));
			blk.value = dig[i];
			blk.len = (uint16_t)teeio_hash_size(h);
		}
		CHECK_OK(teeio_spdm_meas_block_encode(&b, &blk));
	}
	fx.ev.meas = fx.meas;
	fx.ev.meas_len = b.pos;
}

/* Good evidence for the default policy, the device root trusted. */
static void setup(void)
{
	size_t len = sizeof(fx.chain);

	memset(&fx, 0, sizeof(fx));
	fx.pol = base_pol;
	CHECK_OK(teeio_guest_policy_add_root(&fx.pol, dev.certs[0].der, dev.certs[0].len));
	fx.ev.spdm = (struct teeio_guest_spdm_info){0x12,
						    TEEIO_SIG_ECDSA_P384,
						    TEEIO_HASH_SHA384,
						    TEEIO_HASH_SHA384,
						    TEEIO_DHE_SECP384R1,
						    TEEIO_AEAD_AES256_GCM};
	CHECK_OK(teeio_pki_spdm_chain_build(ops, TEEIO_HASH_SHA384, &dev, fx.chain, &len));
	fx.ev.cert_chain = fx.chain;
	fx.ev.cert_chain_len = len;
	encode_meas(0, 0, TEEIO_HASH_SHA384);
	fx.info = TEEIO_TDISP_INFO_NO_FW_UPDATE | TEEIO_TDISP_INFO_DMA_WITHOUT_PASID;
	default_ranges(0);
	encode_report();
	/* The TEE ranges mapped private into the guest. */
	fx.maps[0] = (struct teeio_guest_mmio_map){0x80000000, BAR0, 16, true, 0};
	fx.maps[1] = (struct teeio_guest_mmio_map){0x80010000, BAR2, 16, true, 0};
	fx.n_maps = 2;
}

static teeio_err verify(void)
{
	return teeio_guest_verify(ops, &fx.pol, &fx.ev, fx.maps, fx.n_maps, &fx.v);
}

/* Exactly one rejection, of `reason`. */
static void only(enum teeio_guest_reason reason)
{
	CHECK(!fx.v.accept);
	CHECK(teeio_guest_verdict_has(&fx.v, reason));
	CHECK_EQ(fx.v.n_rejections, 1);
	if (fx.v.n_rejections != 1)
		teeio_guest_verdict_print(stderr, &fx.v);
}

TEST(good_evidence_passes)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f;
	size_t i;

	setup();
	CHECK_OK(verify());
	CHECK(fx.v.accept);
	CHECK_EQ(fx.v.n_rejections, 0);
	CHECK(fx.v.leaf_valid);
	CHECK(strstr(fx.v.leaf.subject, "teeio emulated device") != NULL);
	CHECK_EQ(fx.v.n_meas, 8);
	for (i = 0; i < fx.v.n_meas; i++)
		CHECK_EQ(fx.v.meas[i].status, TEEIO_GUEST_OK);
	CHECK_EQ(fx.v.n_ranges, 5);
	for (i = 0; i < fx.v.n_ranges; i++)
		CHECK_EQ(fx.v.ranges[i].status, TEEIO_GUEST_OK);
	CHECK_EQ(fx.v.ranges[0].map, 0);
	CHECK_EQ(fx.v.ranges[2].map, 1);
	CHECK_EQ(fx.v.ranges[1].map, -1);
	f = open_memstream(&out, &len);
	teeio_guest_verdict_print(f, &fx.v);
	fclose(f);
	CHECK(strstr(out, "verdict: ACCEPT") != NULL);
	CHECK(strstr(out, "measurement   2: ok") != NULL);
	free(out);
}

TEST(reporting_offset_is_removed)
{
	setup();
	default_ranges(UINT64_C(0x100000000));
	encode_report();
	CHECK_OK(verify());
	CHECK_EQ(fx.v.ranges[2].hpa, BAR2);
	/* An offset larger than the reported address does not wrap. */
	fx.ev.mmio_offset = UINT64_C(0x200000000);
	CHECK_ERR(verify(), TEEIO_ERR_USAGE_CONFIG);
	CHECK(teeio_guest_verdict_has(&fx.v, TEEIO_GUEST_REPORT_OVERLAP));
}

TEST(wrong_root_rejected)
{
	setup();
	fx.pol.n_roots = 0;
	CHECK_OK(teeio_guest_policy_add_root(&fx.pol, other.certs[0].der, other.certs[0].len));
	CHECK_ERR(verify(), TEEIO_ERR_CRYPTO_CERT);
	only(TEEIO_GUEST_CHAIN_UNTRUSTED);
	CHECK(!fx.v.leaf_valid);
	/* The other checks still ran. */
	CHECK_EQ(fx.v.n_meas, 8);
}

TEST(no_root_rejected)
{
	setup();
	fx.pol.n_roots = 0;
	CHECK_ERR(verify(), TEEIO_ERR_CRYPTO_CERT);
	only(TEEIO_GUEST_NO_ROOTS);
}

TEST(chain_without_its_root_verifies)
{
	struct teeio_pki_chain tail = dev;
	size_t len = sizeof(fx.chain);

	setup();
	/* Leave the root out: RootHash must then name a trusted root. */
	tail.n_certs = dev.n_certs - 1;
	memmove(&tail.certs[0], &dev.certs[1], sizeof(tail.certs[0]) * tail.n_certs);
	CHECK_OK(teeio_pki_spdm_chain_build(ops, TEEIO_HASH_SHA384, &tail, fx.chain, &len));
	/* The form's RootHash is of its first cert: rewrite it as the root's. */
	CHECK_OK(ops->hash(TEEIO_HASH_SHA384, dev.certs[0].der, dev.certs[0].len, fx.chain + 4));
	fx.ev.cert_chain_len = len;
	CHECK_OK(verify());
	/* A truncated form is malformed. */
	fx.ev.cert_chain_len = len - 1;
	CHECK_ERR(verify(), TEEIO_ERR_PROTO);
	only(TEEIO_GUEST_CHAIN_MALFORMED);
}

TEST(changed_measurement_rejected)
{
	size_t i;

	setup();
	encode_meas(0, 2, TEEIO_HASH_SHA384);
	CHECK_ERR(verify(), TEEIO_ERR_CRYPTO_VERIFY);
	only(TEEIO_GUEST_MEAS_MISMATCH);
	for (i = 0; i < fx.v.n_meas; i++)
		CHECK_EQ(fx.v.meas[i].status,
			 fx.v.meas[i].index == 2 ? TEEIO_GUEST_MEAS_MISMATCH : TEEIO_GUEST_OK);
	/* A raw block (index 8, SVN) changed too. */
	setup();
	encode_meas(0, 8, TEEIO_HASH_SHA384);
	CHECK_ERR(verify(), TEEIO_ERR_CRYPTO_VERIFY);
	CHECK_EQ(teeio_guest_verdict_meas(&fx.v, 8)->status, TEEIO_GUEST_MEAS_MISMATCH);
}

TEST(missing_mandatory_index_rejected)
{
	setup();
	encode_meas(3, 0, TEEIO_HASH_SHA384);
	CHECK_ERR(verify(), TEEIO_ERR_CRYPTO_VERIFY);
	only(TEEIO_GUEST_MEAS_MISSING);
	CHECK_EQ(teeio_guest_verdict_meas(&fx.v, 3)->status, TEEIO_GUEST_MEAS_MISSING);
	/* An optional one may be absent: a note, not a rejection. */
	setup();
	encode_meas(7, 0, TEEIO_HASH_SHA384);
	CHECK_OK(verify());
	CHECK_EQ(teeio_guest_verdict_meas(&fx.v, 7)->status, TEEIO_GUEST_MEAS_ABSENT);
	/* No measurements at all. */
	setup();
	fx.ev.meas_len = 0;
	CHECK_ERR(verify(), TEEIO_ERR_CRYPTO_VERIFY);
	CHECK_EQ(fx.v.n_rejections, 4); /* 1, 2, 3, 8 are mandatory */
}

TEST(unlisted_and_malformed_measurements)
{
	struct teeio_buf b;
	const uint8_t one = 1;
	struct teeio_spdm_meas_block blk = {9, 0, true, &one, 1};

	setup();
	b = teeio_buf_writer(fx.meas, sizeof(fx.meas));
	b.pos = fx.ev.meas_len;
	CHECK_OK(teeio_spdm_meas_block_encode(&b, &blk));
	fx.ev.meas_len = b.pos;
	CHECK_ERR(verify(), TEEIO_ERR_CRYPTO_VERIFY);
	only(TEEIO_GUEST_MEAS_UNLISTED);
	fx.pol.allow_unlisted = true;
	CHECK_OK(verify());
	/* The same index twice. */
	setup();
	blk.index = 1;
	b = teeio_buf_writer(fx.meas, sizeof(fx.meas));
	b.pos = fx.ev.meas_len;
	CHECK_OK(teeio_spdm_meas_block_encode(&b, &blk));
	fx.ev.meas_len = b.pos;
	CHECK_ERR(verify(), TEEIO_ERR_PROTO);
	only(TEEIO_GUEST_MEAS_DUPLICATE);
	/* Truncated blocks. */
	setup();
	fx.ev.meas_len -= 3;
	CHECK_ERR(verify(), TEEIO_ERR_PROTO);
	only(TEEIO_GUEST_MEAS_MALFORMED);
}

TEST(digest_forms)
{
	char err[TEEIO_GUEST_ERR_MAX];
	static const char raw_policy[] =
	    "{\"measurements\": [{\"index\": 1, \"text\": \"teeio emulated device boot ROM 1.0\"}],"
	    " \"allow_unlisted_measurements\": true}";

	/* A raw reference against a SHA-384 digest block: the reference is hashed. */
	setup();
	CHECK_OK(teeio_guest_policy_parse(ops, raw_policy, strlen(raw_policy), NULL, &fx.pol, err,
					  sizeof(err)));
	CHECK_OK(teeio_guest_policy_add_root(&fx.pol, dev.certs[0].der, dev.certs[0].len));
	CHECK_OK(verify());
	CHECK_EQ(teeio_guest_verdict_meas(&fx.v, 1)->status, TEEIO_GUEST_OK);
	/* ... and against a SHA-256 block. */
	encode_meas(0, 0, TEEIO_HASH_SHA256);
	fx.ev.spdm.meas_hash = TEEIO_HASH_SHA256;
	CHECK_OK(verify());
	encode_meas(0, 1, TEEIO_HASH_SHA256);
	CHECK_ERR(verify(), TEEIO_ERR_CRYPTO_VERIFY);
	/* SHA-384 references against SHA-256 blocks: not comparable. */
	setup();
	encode_meas(0, 0, TEEIO_HASH_SHA256);
	fx.ev.spdm.meas_hash = TEEIO_HASH_SHA256;
	fx.pol.allow_meas_hash = 0;
	CHECK_ERR(verify(), TEEIO_ERR_CRYPTO_VERIFY);
	CHECK_EQ(teeio_guest_verdict_meas(&fx.v, 1)->status, TEEIO_GUEST_MEAS_FORM);
	CHECK_EQ(teeio_guest_verdict_meas(&fx.v, 8)->status, TEEIO_GUEST_OK); /* raw */
	/* Measurement hash not reported: the digest's size names it. */
	setup();
	fx.ev.spdm.meas_hash = TEEIO_HASH_NONE;
	CHECK_OK(verify());
	/* A digest reference against a raw block: the block is hashed. */
	setup();
	fx.pol.meas[7].kind = TEEIO_GUEST_REF_DIGEST;
	fx.pol.meas[7].hash = TEEIO_HASH_SHA384;
	CHECK_OK(ops->hash(TEEIO_HASH_SHA384, prof.meas[7].value, prof.meas[7].len,
			   fx.pol.meas[7].value));
	fx.pol.meas[7].len = 48;
	CHECK_OK(verify());
	/* The DMTF value type must agree. */
	setup();
	fx.pol.meas[0].type = TEEIO_SPDM_MEAS_MUTABLE_FW;
	CHECK_ERR(verify(), TEEIO_ERR_CRYPTO_VERIFY);
	only(TEEIO_GUEST_MEAS_TYPE);
}

TEST(spdm_floors)
{
	setup();
	fx.ev.spdm.version = 0x11;
	CHECK_ERR(verify(), TEEIO_ERR_USAGE_CONFIG);
	only(TEEIO_GUEST_SPDM_VERSION);
	setup();
	fx.ev.spdm.asym = TEEIO_SIG_ECDSA_P256;
	CHECK_ERR(verify(), TEEIO_ERR_USAGE_CONFIG);
	only(TEEIO_GUEST_SPDM_ALG);
	setup();
	fx.ev.spdm.aead = TEEIO_AEAD_AES128_GCM;
	fx.ev.spdm.dhe = TEEIO_DHE_SECP256R1;
	CHECK_ERR(verify(), TEEIO_ERR_USAGE_CONFIG);
	CHECK_EQ(fx.v.n_rejections, 2);
	/* Not reported: a note, only the base hash is judged. */
	setup();
	fx.ev.spdm.version = 0;
	fx.ev.spdm.asym = TEEIO_SIG_NONE;
	CHECK_OK(verify());
	CHECK(teeio_guest_verdict_has(&fx.v, TEEIO_GUEST_SPDM_UNREPORTED));
}

TEST(mmio_range_not_matching_mapping_rejected)
{
	setup();
	fx.maps[0].pages = 15;
	CHECK_ERR(verify(), TEEIO_ERR_USAGE_CONFIG);
	only(TEEIO_GUEST_MMIO_MISMATCH);
	CHECK_EQ(fx.v.ranges[0].status, TEEIO_GUEST_MMIO_MISMATCH);
	setup();
	fx.maps[1].hpa += PG;
	CHECK_ERR(verify(), TEEIO_ERR_USAGE_CONFIG);
	only(TEEIO_GUEST_MMIO_MISMATCH);
	/* A TEE range with no mapping at all. */
	setup();
	fx.n_maps = 1;
	CHECK_ERR(verify(), TEEIO_ERR_USAGE_CONFIG);
	only(TEEIO_GUEST_MMIO_UNMAPPED);
	/* A private mapping the report does not have. */
	setup();
	fx.maps[2] = (struct teeio_guest_mmio_map){0x80020000, BAR0 + 0x40000, 1, true, 0};
	fx.n_maps = 3;
	CHECK_ERR(verify(), TEEIO_ERR_USAGE_CONFIG);
	only(TEEIO_GUEST_MMIO_EXTRA);
	/* A TEE range mapped shared. */
	setup();
	fx.maps[0].priv = false;
	CHECK_ERR(verify(), TEEIO_ERR_USAGE_CONFIG);
	only(TEEIO_GUEST_MMIO_TEE_SHARED);
}

TEST(non_tee_range_mapped_private_rejected)
{
	setup();
	fx.maps[2] = (struct teeio_guest_mmio_map){0x80020000, BAR0 + 0x10000, 1, true, 0};
	fx.n_maps = 3;
	CHECK_ERR(verify(), TEEIO_ERR_USAGE_CONFIG);
	only(TEEIO_GUEST_MMIO_NON_TEE_PRIVATE);
	CHECK_EQ(fx.v.ranges[1].status, TEEIO_GUEST_MMIO_NON_TEE_PRIVATE);
	/* Mapped shared it is fine. */
	fx.maps[2].priv = false;
	CHECK_OK(verify());
}

TEST(msix_placement)
{
	setup();
	fx.pol.msix_locked = true;
	CHECK_ERR(verify(), TEEIO_ERR_USAGE_CONFIG);
	CHECK(teeio_guest_verdict_has(&fx.v, TEEIO_GUEST_REPORT_MSIX));
	/* Locked: table and PBA are TEE ranges, mapped where the guest's
	 * MSI-X capability says. */
	fx.ranges[3].attrs = TEEIO_TDISP_RANGE_MSIX_TABLE;
	fx.ranges[4].attrs = TEEIO_TDISP_RANGE_MSIX_PBA;
	encode_report();
	fx.maps[2] = (struct teeio_guest_mmio_map){0x80020000, BAR0 + 0x80000, 1, true,
						   TEEIO_GUEST_RANGE_MSIX_TABLE};
	fx.maps[3] = (struct teeio_guest_mmio_map){0x80021000, BAR0 + 0x81000, 1, true,
						   TEEIO_GUEST_RANGE_MSIX_PBA};
	fx.n_maps = 4;
	CHECK_OK(verify());
	/* The report's table is where the guest expects the PBA. */
	fx.maps[2].role = TEEIO_GUEST_RANGE_MSIX_PBA;
	fx.maps[3].role = TEEIO_GUEST_RANGE_MSIX_TABLE;
	CHECK_ERR(verify(), TEEIO_ERR_USAGE_CONFIG);
	CHECK(teeio_guest_verdict_has(&fx.v, TEEIO_GUEST_MMIO_ROLE));
	CHECK_EQ(fx.v.n_rejections, 2);
	/* Two tables. */
	setup();
	fx.ranges[4].attrs = TEEIO_TDISP_RANGE_MSIX_TABLE | TEEIO_TDISP_RANGE_NON_TEE;
	encode_report();
	CHECK_ERR(verify(), TEEIO_ERR_USAGE_CONFIG);
	only(TEEIO_GUEST_REPORT_MSIX);
}

TEST(report_shape)
{
	/* Too many ranges for the policy. */
	setup();
	fx.ranges[5] =
	    (struct teeio_tdisp_mmio_range){(BAR0 + 0x90000) / PG, 1, TEEIO_TDISP_RANGE_NON_TEE, 1};
	fx.ranges[5].range_id = 7;
	fx.n_ranges = 6;
	encode_report();
	CHECK_ERR(verify(), TEEIO_ERR_USAGE_CONFIG);
	CHECK(teeio_guest_verdict_has(&fx.v, TEEIO_GUEST_REPORT_COUNT));
	CHECK(teeio_guest_verdict_has(&fx.v, TEEIO_GUEST_REPORT_RANGE)); /* not listed */
	/* A range larger than the policy's cap and than expected. */
	setup();
	fx.ranges[2].num_pages = 32;
	encode_report();
	fx.maps[1].pages = 32;
	CHECK_ERR(verify(), TEEIO_ERR_USAGE_CONFIG);
	CHECK(teeio_guest_verdict_has(&fx.v, TEEIO_GUEST_REPORT_SIZE));
	CHECK_EQ(fx.v.ranges[2].status, TEEIO_GUEST_REPORT_SIZE);
	/* Overlapping ranges. */
	setup();
	fx.ranges[1].first_page = BAR0 / PG + 15;
	encode_report();
	CHECK_ERR(verify(), TEEIO_ERR_USAGE_CONFIG);
	CHECK(teeio_guest_verdict_has(&fx.v, TEEIO_GUEST_REPORT_OVERLAP));
	/* An expected range missing, one whose TEE-ness changed. */
	setup();
	fx.ranges[1].attrs = 0;
	encode_report();
	CHECK_ERR(verify(), TEEIO_ERR_USAGE_CONFIG);
	CHECK(teeio_guest_verdict_has(&fx.v, TEEIO_GUEST_REPORT_RANGE));
	/* Malformed: truncated, reserved bits. */
	setup();
	fx.ev.report_len -= 1;
	CHECK_ERR(verify(), TEEIO_ERR_PROTO);
	only(TEEIO_GUEST_REPORT_MALFORMED);
	setup();
	fx.info |= 0x8000;
	encode_report();
	CHECK_ERR(verify(), TEEIO_ERR_PROTO);
	only(TEEIO_GUEST_REPORT_MALFORMED);
}

TEST(interface_info_and_dma)
{
	setup();
	fx.info = TEEIO_TDISP_INFO_DMA_WITHOUT_PASID;
	encode_report();
	CHECK_ERR(verify(), TEEIO_ERR_USAGE_CONFIG);
	only(TEEIO_GUEST_REPORT_INFO);
	setup();
	fx.info |= TEEIO_TDISP_INFO_ATS;
	encode_report();
	CHECK_ERR(verify(), TEEIO_ERR_USAGE_CONFIG);
	only(TEEIO_GUEST_DMA);
	setup();
	fx.info = TEEIO_TDISP_INFO_NO_FW_UPDATE;
	encode_report();
	CHECK_ERR(verify(), TEEIO_ERR_USAGE_CONFIG);
	only(TEEIO_GUEST_DMA);
}

TEST(every_reason_has_a_name)
{
	int r;

	for (r = 0; r < TEEIO_GUEST_REASON_COUNT; r++)
		CHECK(strcmp(teeio_guest_reason_str((enum teeio_guest_reason)r), "?") != 0);
	CHECK(!strcmp(teeio_guest_reason_str(TEEIO_GUEST_REASON_COUNT), "?"));
	setup();
	CHECK_ERR(teeio_guest_verify(ops, &fx.pol, &fx.ev, NULL, 1, &fx.v), TEEIO_ERR_USAGE);
}

int main(void)
{
	ops = teeio_crypto_openssl();
	if (teeio_pki_generate_device(ops, TEEIO_SIG_ECDSA_P384, 0, &dev) != TEEIO_OK ||
	    teeio_pki_generate_device(ops, TEEIO_SIG_ECDSA_P384, 0, &other) != TEEIO_OK ||
	    teeio_dsm_profile_default(&prof) != TEEIO_OK ||
	    teeio_guest_policy_default(ops, &base_pol) != TEEIO_OK) {
		fprintf(stderr, "fixture setup failed\n");
		return 1;
	}
	RUN(good_evidence_passes);
	RUN(reporting_offset_is_removed);
	RUN(wrong_root_rejected);
	RUN(no_root_rejected);
	RUN(chain_without_its_root_verifies);
	RUN(changed_measurement_rejected);
	RUN(missing_mandatory_index_rejected);
	RUN(unlisted_and_malformed_measurements);
	RUN(digest_forms);
	RUN(spdm_floors);
	RUN(mmio_range_not_matching_mapping_rejected);
	RUN(non_tee_range_mapped_private_rejected);
	RUN(msix_placement);
	RUN(report_shape);
	RUN(interface_info_and_dma);
	RUN(every_reason_has_a_name);
	teeio_pki_chain_free(ops, &dev);
	teeio_pki_chain_free(ops, &other);
	return test_summary();
}
